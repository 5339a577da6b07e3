/*
 * PURPOSE: App-mode tests for strsafe.h: HRESULT results (S_OK, STRSAFE_E_INSUFFICIENT_BUFFER
 * with the truncated text, STRSAFE_E_INVALID_PARAMETER), the Ex flags, MS printf formats,
 * byte counts, the generic names in ANSI mode, and the Gets forms on a piped stdin.
 */
#include <strsafe.h>
#include <string.h>
#include <unistd.h>
#include "ktest.h"
#include "win32_crt_capture.h"

static void win32_strsafe_test_copy_and_truncation(KTEST *t)
{
    char b[6];
    wchar_t w[4];
    KT_EXPECT_EQ(t, StringCchCopyA(b, 6, "abc"), S_OK);
    KT_EXPECT_STREQ(t, b, "abc");
    KT_EXPECT_EQ(t, StringCchCopyA(b, 6, "abcdefgh"), STRSAFE_E_INSUFFICIENT_BUFFER);
    KT_EXPECT_STREQ(t, b, "abcde");                      /* truncated, terminated */
    KT_EXPECT_TRUE(t, FAILED(StringCchCopyA(b, 6, "abcdefgh")));
    KT_EXPECT_EQ(t, StringCchCopyA(b, 0, "a"), STRSAFE_E_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, StringCchCopyA(b, (size_t)STRSAFE_MAX_CCH + 1, "a"), STRSAFE_E_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, StringCchCopyW(w, 4, L"xyz"), S_OK);
    KT_EXPECT_EQ(t, StringCchCopyW(w, 4, L"wxyz"), STRSAFE_E_INSUFFICIENT_BUFFER);
    KT_EXPECT_WCSEQ(t, w, L"wxy");
    KT_EXPECT_EQ(t, StringCbCopyW(w, sizeof w, L"ab"), S_OK);
    KT_EXPECT_EQ(t, StringCbCopyW(w, 5, L"abc"), STRSAFE_E_INSUFFICIENT_BUFFER);   /* 2 chars fit */
    KT_EXPECT_WCSEQ(t, w, L"a");
    KT_EXPECT_EQ(t, StringCchCopyNA(b, 6, "abcdef", 2), S_OK);
    KT_EXPECT_STREQ(t, b, "ab");
    KT_EXPECT_EQ(t, StringCbCopyNA(b, 6, "abcdef", 6), STRSAFE_E_INSUFFICIENT_BUFFER);
}

static void win32_strsafe_test_concatenation(KTEST *t)
{
    char b[8] = "ab";
    wchar_t w[5] = L"x";
    KT_EXPECT_EQ(t, StringCchCatA(b, 8, "cd"), S_OK);
    KT_EXPECT_STREQ(t, b, "abcd");
    KT_EXPECT_EQ(t, StringCchCatNA(b, 8, "efgh", 1), S_OK);
    KT_EXPECT_STREQ(t, b, "abcde");
    KT_EXPECT_EQ(t, StringCbCatA(b, 8, "xyz"), STRSAFE_E_INSUFFICIENT_BUFFER);
    KT_EXPECT_STREQ(t, b, "abcdexy");
    KT_EXPECT_EQ(t, StringCchCatW(w, 5, L"yz"), S_OK);
    KT_EXPECT_EQ(t, StringCbCatNW(w, sizeof w, L"12345", 2 * sizeof(wchar_t)), STRSAFE_E_INSUFFICIENT_BUFFER);
    KT_EXPECT_WCSEQ(t, w, L"xyz1");
}

static void win32_strsafe_test_ex_flags(KTEST *t)
{
    char b[8];
    char *end = NULL;
    size_t left = 0;
    KT_EXPECT_EQ(t, StringCchCopyExA(b, 8, "abc", &end, &left, STRSAFE_FILL_BEHIND_NULL | 'z'), S_OK);
    KT_EXPECT_PTR_EQ(t, end, b + 3);
    KT_EXPECT_EQ(t, left, 5);
    KT_EXPECT_EQ(t, b[4], 'z');
    KT_EXPECT_EQ(t, b[7], 'z');
    KT_EXPECT_EQ(t, StringCchCopyExA(b, 8, "0123456789", &end, &left, STRSAFE_NULL_ON_FAILURE), STRSAFE_E_INSUFFICIENT_BUFFER);
    KT_EXPECT_STREQ(t, b, "");
    strcpy(b, "ab");
    KT_EXPECT_EQ(t, StringCchCatExA(b, 8, "0123456789", NULL, NULL, STRSAFE_NO_TRUNCATION), STRSAFE_E_INSUFFICIENT_BUFFER);
    KT_EXPECT_STREQ(t, b, "ab");                          /* restored */
    KT_EXPECT_EQ(t, StringCchCopyExA(NULL, 0, NULL, NULL, NULL, STRSAFE_IGNORE_NULLS), S_OK);
    KT_EXPECT_EQ(t, StringCchCopyExA(b, 8, "a", NULL, NULL, 0x10000), STRSAFE_E_INVALID_PARAMETER);
}

static void win32_strsafe_test_printf(KTEST *t)
{
    char b[16];
    wchar_t w[8];
    char *end;
    size_t left;
    KT_EXPECT_EQ(t, StringCchPrintfA(b, 16, "%ws=%I64d", L"v", -7LL), S_OK);
    KT_EXPECT_STREQ(t, b, "v=-7");
    KT_EXPECT_EQ(t, StringCchPrintfA(b, 4, "%d", 123456), STRSAFE_E_INSUFFICIENT_BUFFER);
    KT_EXPECT_STREQ(t, b, "123");
    KT_EXPECT_EQ(t, StringCbPrintfW(w, sizeof w, L"%s-%S", L"ab", "cd"), S_OK);
    KT_EXPECT_WCSEQ(t, w, L"ab-cd");
    KT_EXPECT_EQ(t, StringCchPrintfExA(b, 16, &end, &left, 0, "%s", "xy"), S_OK);
    KT_EXPECT_PTR_EQ(t, end, b + 2);
    KT_EXPECT_EQ(t, left, 14);
    KT_EXPECT_EQ(t, StringCchPrintfA(b, 16, "%n", (int *)0), STRSAFE_E_INVALID_PARAMETER);
}

static void win32_strsafe_test_length_and_generic_names(KTEST *t)
{
    size_t n = 99;
    KT_EXPECT_EQ(t, StringCchLengthA("abcd", 10, &n), S_OK);
    KT_EXPECT_EQ(t, n, 4);
    KT_EXPECT_EQ(t, StringCchLengthA("abcd", 4, &n), STRSAFE_E_INVALID_PARAMETER);   /* no NUL within 4 */
    KT_EXPECT_EQ(t, StringCbLengthW(L"abc", 8, &n), S_OK);
    KT_EXPECT_EQ(t, n, 6);
    KT_EXPECT_EQ(t, StringCchLengthW(NULL, 4, &n), STRSAFE_E_INVALID_PARAMETER);
    {
        char b[4];
        KT_EXPECT_EQ(t, StringCchCopy(b, 4, "abc"), S_OK);           /* ANSI without UNICODE */
        KT_EXPECT_EQ(t, StringCbPrintf(b, sizeof b, "%d", 12), S_OK);
        KT_EXPECT_STREQ(t, b, "12");
    }
}

static void win32_strsafe_test_gets_from_stdin(KTEST *t)
{
    CAPTURE in;
    char b[16];
    wchar_t w[16];
    char *end = NULL;
    size_t left = 0;
    static const char input[] = "line1\nlonger line\n\xC3\xA9t\xC3\xA9\nlast";

    KT_ASSERT_TRUE(t, CaptureStdin(&in));
    KT_EXPECT_EQ(t, write(in.Other, input, sizeof input - 1), (long)(sizeof input - 1));
    close(in.Other);
    in.Other = -1;
    KT_EXPECT_EQ(t, StringCchGetsA(b, 16), S_OK);
    KT_EXPECT_STREQ(t, b, "line1");                       /* the newline is gone */
    KT_EXPECT_EQ(t, StringCchGetsA(b, 4), S_OK);           /* truncated: the rest stays */
    KT_EXPECT_STREQ(t, b, "lon");
    KT_EXPECT_EQ(t, StringCchGetsExA(b, 16, &end, &left, 0), S_OK);
    KT_EXPECT_STREQ(t, b, "ger line");
    KT_EXPECT_PTR_EQ(t, end, b + 8);
    KT_EXPECT_EQ(t, left, 8);
    KT_EXPECT_EQ(t, StringCbGetsW(w, sizeof w), S_OK);     /* UTF-8 in, UTF-16 out */
    KT_EXPECT_WCSEQ(t, w, L"\x00E9t\x00E9");
    KT_EXPECT_EQ(t, StringCchGetsA(b, 1), STRSAFE_E_INSUFFICIENT_BUFFER);
    KT_EXPECT_STREQ(t, b, "");
    KT_EXPECT_EQ(t, StringCchGetsA(b, 0), STRSAFE_E_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, StringCchGetsW(w, 16), S_OK);          /* the last line has no newline */
    KT_EXPECT_WCSEQ(t, w, L"last");
    KT_EXPECT_EQ(t, StringCchGetsA(b, 16), STRSAFE_E_END_OF_FILE);
    strcpy(b, "keep");
    KT_EXPECT_EQ(t, StringCchGetsExA(b, 16, NULL, NULL, STRSAFE_FILL_ON_FAILURE | 'x'), STRSAFE_E_END_OF_FILE);
    KT_EXPECT_EQ(t, b[0], 'x');
    KT_EXPECT_EQ(t, b[15], 0);
    RestoreStdin(&in);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(win32_strsafe_test_copy_and_truncation),
    KTEST_CASE_ENTRY(win32_strsafe_test_concatenation),
    KTEST_CASE_ENTRY(win32_strsafe_test_ex_flags),
    KTEST_CASE_ENTRY(win32_strsafe_test_printf),
    KTEST_CASE_ENTRY(win32_strsafe_test_length_and_generic_names),
    KTEST_CASE_ENTRY(win32_strsafe_test_gets_from_stdin),
    { 0 }
};
KTEST_SUITE(win32_strsafe, cases);
