/*
 * PURPOSE: Standard handles (app mode): GetStdHandle / SetStdHandle, WriteFile and ReadFile
 * on them (kmode's console device: Linux descriptors 0, 1, 2), output in order with printf,
 * GetFileType of a redirected handle, CONIN$ / CONOUT$, wrong directions and bad values.
 * Standard input and output are pipes inside the test process (win32_crt_capture.h).
 */
#include <windows.h>
#include "ktest.h"
#include "win32_crt_capture.h"

#define EXPECT_ERROR(t, call, err) \
    do { SetLastError(0xDEAD); KT_EXPECT_FALSE(t, (call)); KT_EXPECT_EQ(t, GetLastError(), (err)); } while (0)

static void win32_file_std_test_handles(KTEST *t)
{
    HANDLE in = GetStdHandle(STD_INPUT_HANDLE), out = GetStdHandle(STD_OUTPUT_HANDLE);
    HANDLE err = GetStdHandle(STD_ERROR_HANDLE);

    KT_EXPECT_TRUE(t, in != NULL && in != INVALID_HANDLE_VALUE);
    KT_EXPECT_TRUE(t, out != NULL && out != INVALID_HANDLE_VALUE);
    KT_EXPECT_TRUE(t, err != NULL && err != INVALID_HANDLE_VALUE);
    KT_EXPECT_TRUE(t, in != out && out != err);
    KT_EXPECT_PTR_EQ(t, GetStdHandle(STD_OUTPUT_HANDLE), out);
    SetLastError(0);
    KT_EXPECT_PTR_EQ(t, GetStdHandle(5), INVALID_HANDLE_VALUE);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    EXPECT_ERROR(t, SetStdHandle((DWORD)-13, out), ERROR_INVALID_HANDLE);
    /* SetStdHandle replaces the value (and closes nothing). */
    KT_EXPECT_TRUE(t, SetStdHandle(STD_ERROR_HANDLE, out));
    KT_EXPECT_PTR_EQ(t, GetStdHandle(STD_ERROR_HANDLE), out);
    KT_EXPECT_TRUE(t, SetStdHandle(STD_ERROR_HANDLE, err));
    KT_EXPECT_PTR_EQ(t, GetStdHandle(STD_ERROR_HANDLE), err);
}

static void win32_file_std_test_write_in_order_with_printf(KTEST *t)
{
    CAPTURE c;
    char text[64];
    DWORD n = 0;
    HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE), con;

    KT_ASSERT_TRUE(t, CaptureStdout(&c));
    printf("a");
    KT_EXPECT_TRUE(t, WriteFile(out, "b", 1, &n, NULL));
    KT_EXPECT_EQ(t, n, 1);
    printf("c");
    con = CreateFileA("CONOUT$", GENERIC_WRITE, FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    KT_EXPECT_TRUE(t, con != INVALID_HANDLE_VALUE);
    KT_EXPECT_TRUE(t, WriteFile(con, "d\n", 2, &n, NULL));
    KT_EXPECT_EQ(t, GetFileType(out), FILE_TYPE_PIPE);
    KT_EXPECT_TRUE(t, FlushFileBuffers(out));
    CloseHandle(con);
    /* Output handles are not for reading. */
    EXPECT_ERROR(t, ReadFile(out, text, 1, &n, NULL), ERROR_INVALID_FUNCTION);
    RestoreStdout(&c, text, sizeof(text));
    KT_EXPECT_STREQ(t, text, "abcd\n");
}

static void win32_file_std_test_read_input(KTEST *t)
{
    CAPTURE c;
    char text[16];
    DWORD n = 99;
    HANDLE in = GetStdHandle(STD_INPUT_HANDLE), con;

    KT_ASSERT_TRUE(t, CaptureStdin(&c));
    KT_EXPECT_EQ(t, write(c.Other, "xyz", 3), 3);
    memset(text, 0, sizeof(text));
    KT_EXPECT_TRUE(t, ReadFile(in, text, sizeof(text), &n, NULL));
    KT_EXPECT_EQ(t, n, 3);
    KT_EXPECT_STREQ(t, text, "xyz");
    KT_EXPECT_EQ(t, GetFileType(in), FILE_TYPE_PIPE);
    /* CONIN$ is the same input. */
    KT_EXPECT_EQ(t, write(c.Other, "q", 1), 1);
    con = CreateFileW(L"conin$", GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    KT_EXPECT_TRUE(t, con != INVALID_HANDLE_VALUE);
    KT_EXPECT_TRUE(t, ReadFile(con, text, 1, &n, NULL));
    KT_EXPECT_EQ(t, text[0], 'q');
    EXPECT_ERROR(t, WriteFile(con, "x", 1, &n, NULL), ERROR_ACCESS_DENIED);   /* read-only handle */
    EXPECT_ERROR(t, WriteFile(in, "x", 1, &n, NULL), ERROR_INVALID_FUNCTION);   /* input */
    CloseHandle(con);
    /* The end of the input: success with 0 bytes. */
    close(c.Other);
    c.Other = -1;
    n = 99;
    KT_EXPECT_TRUE(t, ReadFile(in, text, sizeof(text), &n, NULL));
    KT_EXPECT_EQ(t, n, 0);
    RestoreStdin(&c);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(win32_file_std_test_handles),
    KTEST_CASE_ENTRY(win32_file_std_test_write_in_order_with_printf),
    KTEST_CASE_ENTRY(win32_file_std_test_read_input),
    {0}
};
KTEST_SUITE(win32_file_std, cases);
