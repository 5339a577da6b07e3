/*
 * PURPOSE: App-mode tests for conio.h: _kbhit/_getch/_getche/_ungetch driven through a pipe
 * that replaces standard input inside the test process (no timing involved), and _putch/
 * _cputs staying in order with printf on standard output.
 */
#include <conio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "ktest.h"
#include "win32_crt_capture.h"

static void win32_conio_test_kbhit_and_getch_on_a_pipe(KTEST *t)
{
    CAPTURE in;
    KT_ASSERT_TRUE(t, CaptureStdin(&in));
    KT_EXPECT_EQ(t, _kbhit(), 0);                 /* nothing written yet */
    KT_EXPECT_EQ(t, write(in.Other, "ab", 2), 2);
    KT_EXPECT_NE(t, _kbhit(), 0);
    KT_EXPECT_NE(t, _kbhit(), 0);                 /* looking does not consume */
    KT_EXPECT_EQ(t, _getch(), 'a');
    KT_EXPECT_NE(t, _kbhit(), 0);
    KT_EXPECT_EQ(t, _getch(), 'b');
    KT_EXPECT_EQ(t, _kbhit(), 0);
    KT_EXPECT_EQ(t, write(in.Other, "\r", 1), 1);
    KT_EXPECT_EQ(t, _getch(), '\r');               /* bytes arrive as they are */
    RestoreStdin(&in);
}

static void win32_conio_test_end_of_input(KTEST *t)
{
    CAPTURE in;
    KT_ASSERT_TRUE(t, CaptureStdin(&in));
    KT_EXPECT_EQ(t, write(in.Other, "q", 1), 1);
    close(in.Other);
    in.Other = -1;
    KT_EXPECT_NE(t, _kbhit(), 0);                 /* the last byte is still there */
    KT_EXPECT_EQ(t, _getch(), 'q');
    KT_EXPECT_EQ(t, _kbhit(), 0);                 /* end of input: no key */
    KT_EXPECT_EQ(t, _getch(), EOF);
    KT_EXPECT_EQ(t, _getche(), EOF);
    RestoreStdin(&in);
}

static void win32_conio_test_mixes_with_stdio_in_order(KTEST *t)
{
    CAPTURE in;
    char line[16];
    KT_ASSERT_TRUE(t, CaptureStdin(&in));
    KT_EXPECT_EQ(t, write(in.Other, "xy\nz", 4), 4);
    KT_EXPECT_EQ(t, _getch(), 'x');               /* stdio has now buffered "y\nz" */
    KT_ASSERT_TRUE(t, fgets(line, sizeof line, stdin) != NULL);
    KT_EXPECT_STREQ(t, line, "y\n");
    KT_EXPECT_NE(t, _kbhit(), 0);                 /* "z" sits in stdio's buffer */
    KT_EXPECT_EQ(t, _getch(), 'z');
    KT_EXPECT_EQ(t, _kbhit(), 0);
    RestoreStdin(&in);
}

static void win32_conio_test_ungetch(KTEST *t)
{
    CAPTURE in;
    KT_ASSERT_TRUE(t, CaptureStdin(&in));
    KT_EXPECT_EQ(t, _kbhit(), 0);
    KT_EXPECT_EQ(t, _ungetch('z'), 'z');
    KT_EXPECT_EQ(t, _ungetch('y'), EOF);          /* only one */
    KT_EXPECT_EQ(t, _ungetch(EOF), EOF);
    KT_EXPECT_NE(t, _kbhit(), 0);
    KT_EXPECT_EQ(t, write(in.Other, "w", 1), 1);
    KT_EXPECT_EQ(t, _getch(), 'z');               /* the pushed-back one first */
    KT_EXPECT_EQ(t, _getch(), 'w');
    KT_EXPECT_EQ(t, ungetch('v'), 'v');           /* old name */
    KT_EXPECT_EQ(t, getch(), 'v');
    RestoreStdin(&in);
}

static void win32_conio_test_output_stays_in_order(KTEST *t)
{
    CAPTURE out;
    char text[64];
    KT_ASSERT_TRUE(t, CaptureStdout(&out));
    printf("A");
    KT_EXPECT_EQ(t, _putch('B'), 'B');
    printf("C");
    KT_EXPECT_EQ(t, _cputs("DE"), 0);
    fputs("F", stdout);
    KT_EXPECT_EQ(t, _putch(0x1FF), 0xFF);           /* the low byte */
    KT_EXPECT_NE(t, _cputs(NULL), 0);
    RestoreStdout(&out, text, sizeof text);
    KT_EXPECT_STREQ(t, text, "ABCDEF\xFF");
}

static void win32_conio_test_getche_echoes(KTEST *t)
{
    CAPTURE in, out;
    char text[16];
    KT_ASSERT_TRUE(t, CaptureStdin(&in));
    KT_ASSERT_TRUE(t, CaptureStdout(&out));
    KT_EXPECT_EQ(t, write(in.Other, "kl", 2), 2);
    KT_EXPECT_EQ(t, _getche(), 'k');
    KT_EXPECT_EQ(t, _getch(), 'l');
    RestoreStdout(&out, text, sizeof text);
    RestoreStdin(&in);
    KT_EXPECT_STREQ(t, text, "k");
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(win32_conio_test_kbhit_and_getch_on_a_pipe),
    KTEST_CASE_ENTRY(win32_conio_test_end_of_input),
    KTEST_CASE_ENTRY(win32_conio_test_mixes_with_stdio_in_order),
    KTEST_CASE_ENTRY(win32_conio_test_ungetch),
    KTEST_CASE_ENTRY(win32_conio_test_output_stays_in_order),
    KTEST_CASE_ENTRY(win32_conio_test_getche_echoes),
    { 0 }
};
KTEST_SUITE(win32_conio, cases);
