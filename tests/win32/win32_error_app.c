/*
 * PURPOSE: Win32 error reporting tests (app mode): the NTSTATUS -> last error mapping the
 * functions apply, FormatMessageA/W (system messages, strings with inserts, widths,
 * allocation, errors), OutputDebugString, DebugBreak, ExitProcess.
 */
#include <windows.h>
#include <excpt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ktest.h"

static DWORD FormatA(DWORD flags, LPCVOID source, DWORD id, char *buf, DWORD size, ...)
{
    va_list ap;
    DWORD n;
    va_start(ap, size);
    n = FormatMessageA(flags, source, id, 0, buf, size, &ap);
    va_end(ap);
    return n;
}

static DWORD FormatW(DWORD flags, LPCVOID source, DWORD id, WCHAR *buf, DWORD size, ...)
{
    va_list ap;
    DWORD n;
    va_start(ap, size);
    n = FormatMessageW(flags, source, id, 0, buf, size, &ap);
    va_end(ap);
    return n;
}

static void win32_error_test_system_messages(KTEST *t)
{
    char buf[512];
    WCHAR wbuf[512];
    DWORD n;

    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                       ERROR_ACCESS_DENIED, 0, buf, sizeof(buf), NULL);
    KT_EXPECT_EQ(t, n, strlen("Access is denied.\r\n"));
    KT_EXPECT_STREQ(t, buf, "Access is denied.\r\n");
    n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                       ERROR_FILE_NOT_FOUND, MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), wbuf,
                       RTL_NUMBER_OF(wbuf), NULL);
    KT_EXPECT_EQ(t, n, 44);
    KT_EXPECT_WCSEQ(t, wbuf, L"The system cannot find the file specified.\r\n");
    FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, ERROR_SUCCESS, 0, buf, sizeof(buf), NULL);
    KT_EXPECT_STREQ(t, buf, "The operation completed successfully.\r\n");
    FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, ERROR_SERVICE_EXISTS,
                   MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), buf, sizeof(buf), NULL);
    KT_EXPECT_STREQ(t, buf, "The specified service already exists.\r\n");
    /* the SCM's errors, RPC's 1722 included */
    FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, RPC_S_SERVER_UNAVAILABLE, 0, buf, sizeof(buf), NULL);
    KT_EXPECT_STREQ(t, buf, "The RPC server is unavailable.\r\n");
    FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, ERROR_CIRCULAR_DEPENDENCY, 0, buf, sizeof(buf), NULL);
    KT_EXPECT_STREQ(t, buf, "Circular service dependency was specified.\r\n");
    KT_EXPECT_TRUE(t, FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, ERROR_DATABASE_DOES_NOT_EXIST, 0, buf, sizeof(buf), NULL) != 0);
    KT_EXPECT_TRUE(t, FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, ERROR_SERVICE_DEPENDENCY_DELETED, 0, buf, sizeof(buf), NULL) != 0);
    KT_EXPECT_TRUE(t, FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, ERROR_INVALID_SERVICE_ACCOUNT, 0, buf, sizeof(buf), NULL) != 0);
    /* An HRESULT wrapping a Win32 code finds that code's text. */
    FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, 0x80070005, 0, buf, sizeof(buf), NULL);
    KT_EXPECT_STREQ(t, buf, "Access is denied.\r\n");
    /* The ones apps print most all have a text. */
    static const DWORD common[] = { 1, 2, 3, 5, 6, 8, 13, 14, 21, 31, 32, 50, 87, 122, 123, 126,
                                    183, 258, 288, 298, 995, 997, 998, 1060, 1062, 1072, 1073,
                                    1168, 1275, 1460 };
    for (ULONG i = 0; i < RTL_NUMBER_OF(common); i++) {
        n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                           common[i], 0, buf, sizeof(buf), NULL);
        if (n < 3)
            KT_FAIL(t, "no message for %lu", (unsigned long)common[i]);
    }
}

static void win32_error_test_system_message_errors(KTEST *t)
{
    char buf[16];

    SetLastError(0);
    KT_EXPECT_EQ(t, FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, 0x0BADC0DE, 0, buf, 16, NULL), 0);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_MR_MID_NOT_FOUND);
    SetLastError(0);
    KT_EXPECT_EQ(t, FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, ERROR_ACCESS_DENIED,
                                   MAKELANGID(0x07 /* German */, SUBLANG_DEFAULT), buf, 16, NULL), 0);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_RESOURCE_LANG_NOT_FOUND);
    SetLastError(0);   /* "Access is denied.\r\n" needs 20 */
    KT_EXPECT_EQ(t, FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, ERROR_ACCESS_DENIED, 0, buf,
                                   16, NULL), 0);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    SetLastError(0);
    KT_EXPECT_EQ(t, FormatMessageA(0, NULL, ERROR_ACCESS_DENIED, 0, buf, 16, NULL), 0);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    KT_EXPECT_EQ(t, FormatMessageA(FORMAT_MESSAGE_FROM_HMODULE, NULL, 1, 0, buf, 16, NULL), 0);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_RESOURCE_TYPE_NOT_FOUND);
    SetLastError(0);
    KT_EXPECT_EQ(t, FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_FROM_SYSTEM, "x",
                                   1, 0, buf, 16, NULL), 0);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    /* A message with an insert and no arguments. */
    SetLastError(0);
    KT_EXPECT_EQ(t, FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, ERROR_BAD_EXE_FORMAT, 0, buf,
                                   16, NULL), 0);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
}

static void win32_error_test_inserts(KTEST *t)
{
    char buf[256], big[700];
    WCHAR wbuf[256];
    DWORD_PTR array[] = { (DWORD_PTR)"app.exe", 17 };

    FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                   ERROR_BAD_EXE_FORMAT, 0, buf, sizeof(buf), NULL);
    KT_EXPECT_STREQ(t, buf, "%1 is not a valid Win32 application.\r\n");
    FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_ARGUMENT_ARRAY, NULL,
                   ERROR_BAD_EXE_FORMAT, 0, buf, sizeof(buf), (va_list *)array);
    KT_EXPECT_STREQ(t, buf, "app.exe is not a valid Win32 application.\r\n");

    FormatA(FORMAT_MESSAGE_FROM_STRING, "%2!d! and %1 and %2!04x!%%", 0, buf, sizeof(buf), "one", 42);
    KT_EXPECT_STREQ(t, buf, "42 and one and 002a%");
    FormatA(FORMAT_MESSAGE_FROM_STRING, "[%1!-6s!][%2!5.2s!][%3!c!][%4!I64u!]", 0, buf,
            sizeof(buf), "ab", "xyz", 'Q', 12345678901234ULL);
    KT_EXPECT_STREQ(t, buf, "[ab    ][   xy][Q][12345678901234]");
    /* Asterisks take width and precision from the next arguments (Microsoft's example). */
    FormatA(FORMAT_MESSAGE_FROM_STRING, "%1!*.*s! %4 %5!*s!", 0, buf, sizeof(buf),
            4, 2, "Bill", "Bob", 6, "Bill");
    KT_EXPECT_STREQ(t, buf, "  Bi Bob   Bill");
    FormatA(FORMAT_MESSAGE_FROM_STRING, "%1!S! %2!ls!", 0, buf, sizeof(buf), L"wide", L"too");
    KT_EXPECT_STREQ(t, buf, "wide too");
    FormatA(FORMAT_MESSAGE_FROM_STRING, "%1", 0, buf, sizeof(buf), (char *)NULL);
    KT_EXPECT_STREQ(t, buf, "(null)");
    FormatW(FORMAT_MESSAGE_FROM_STRING, L"%1: %2!S! %3!u! %4!p!", 0, wbuf, 256, L"w", "narrow",
            7u, (void *)0x1234);
    KT_EXPECT_WCSEQ(t, wbuf, L"w: narrow 7 0000000000001234");
    /* Escapes: %n hard break, %t, %r, %., %!, %space, %0 ends without a line break. */
    FormatA(FORMAT_MESSAGE_FROM_STRING, "a%nb%tc%rd%.%!% %q%0tail", 0, buf, sizeof(buf));
    KT_EXPECT_STREQ(t, buf, "a\r\nb\tc\rd.! q");
    /* IGNORE_INSERTS keeps inserts (and their formats) as written. */
    FormatA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_IGNORE_INSERTS, "%1!d! %12 %%", 0, buf,
            sizeof(buf));
    KT_EXPECT_STREQ(t, buf, "%1!d! %12 %");
    SetLastError(0);
    KT_EXPECT_EQ(t, FormatA(FORMAT_MESSAGE_FROM_STRING, "%1!f!", 0, buf, sizeof(buf), 1.5), 0);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);   /* no floating point */
    SetLastError(0);
    KT_EXPECT_EQ(t, FormatA(FORMAT_MESSAGE_FROM_STRING, "%1!d", 0, buf, sizeof(buf), 1), 0);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);   /* unterminated format */
    /* Long results. */
    for (int i = 0; i < 600; i++)
        big[i] = 'x';
    big[600] = 0;
    KT_EXPECT_EQ(t, FormatA(FORMAT_MESSAGE_FROM_STRING, "%1%1", 0, big, 0, (char *)NULL), 0);
}

static void win32_error_test_line_width(KTEST *t)
{
    char buf[256];

    FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_MAX_WIDTH_MASK, NULL,
                   ERROR_ACCESS_DENIED, 0, buf, sizeof(buf), NULL);
    KT_EXPECT_STREQ(t, buf, "Access is denied. ");   /* the line break became a space */
    FormatA(FORMAT_MESSAGE_FROM_STRING, "one\r\ntwo%nthree", 0, buf, sizeof(buf));
    KT_EXPECT_STREQ(t, buf, "one\r\ntwo\r\nthree");
    FormatA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_MAX_WIDTH_MASK, "one\r\ntwo%nthree", 0,
            buf, sizeof(buf));
    KT_EXPECT_STREQ(t, buf, "one two\r\nthree");
    FormatA(FORMAT_MESSAGE_FROM_STRING | 10, "aaa bbb ccc dddddddddddd e", 0, buf, sizeof(buf));
    KT_EXPECT_STREQ(t, buf, "aaa bbb\r\nccc\r\ndddddddddddd\r\ne");
}

static void win32_error_test_allocate_buffer(KTEST *t)
{
    LPSTR a = NULL;
    LPWSTR w = NULL;
    DWORD n;

    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_ALLOCATE_BUFFER |
                           FORMAT_MESSAGE_IGNORE_INSERTS,
                       NULL, ERROR_INVALID_HANDLE, 0, (LPSTR)&a, 0, NULL);
    KT_ASSERT_TRUE(t, a != NULL);
    KT_EXPECT_EQ(t, n, strlen("The handle is invalid.\r\n"));
    KT_EXPECT_STREQ(t, a, "The handle is invalid.\r\n");
    KT_EXPECT_TRUE(t, LocalSize(a) >= n + 1);
    KT_EXPECT_TRUE(t, LocalFree(a) == NULL);
    n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_ALLOCATE_BUFFER, NULL,
                       ERROR_NOT_OWNER, 0, (LPWSTR)&w, 100, NULL);
    KT_ASSERT_TRUE(t, w != NULL);
    KT_EXPECT_WCSEQ(t, w, L"Attempt to release mutex not owned by caller.\r\n");
    KT_EXPECT_EQ(t, LocalSize(w), 100 * sizeof(WCHAR));   /* at least nSize characters */
    KT_EXPECT_TRUE(t, LocalFree(w) == NULL);
    SetLastError(0);
    KT_EXPECT_EQ(t, FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM, NULL, 5, 0, NULL, 10, NULL), 0);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
}

static void win32_error_test_status_mapping(KTEST *t)
{
    /* What a failed native service leaves as the last error (RtlNtStatusToDosError). */
    HANDLE ev = CreateEventW(NULL, FALSE, FALSE, NULL);
    DWORD result;

    SetLastError(0);
    KT_EXPECT_FALSE(t, SetEvent((HANDLE)(ULONG_PTR)0x44440));     /* STATUS_INVALID_HANDLE */
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    result = WaitForMultipleObjects(1, (const HANDLE *)(ULONG_PTR)8, FALSE, 0);   /* misaligned */
    KT_EXPECT_EQ(t, result, WAIT_FAILED);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_NOACCESS);
    SetLastError(0);
    KT_EXPECT_TRUE(t, OpenEventW(SYNCHRONIZE, FALSE, L"\\x") == NULL);   /* an empty component */
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_NAME);
    CloseHandle(ev);
}

static void win32_error_test_debug_output(KTEST *t)
{
    OutputDebugStringA(NULL);
    OutputDebugStringW(NULL);
    OutputDebugStringA("");
    KT_EXPECT_FALSE(t, IsDebuggerPresent() && getenv("KMODE_TEST_NO_DEBUGGER") != NULL);
}

static void DebugOutputChild(void *ctx)
{
    (void)ctx;
    OutputDebugStringA("narrow debug line\n");
    OutputDebugStringW(L"wide debug line \x00e9\x20ac\n");
    fflush(stdout);
    exit(0);
}

static void win32_error_test_debug_output_goes_to_stderr(KTEST *t)
{
    char out[1024];
    int st = ktest_run_isolated(DebugOutputChild, NULL, out, sizeof out);
    KT_EXPECT_EQ(t, st, 0);
    KT_EXPECT_CONTAINS(t, out, "narrow debug line\n");
    KT_EXPECT_CONTAINS(t, out, "wide debug line \xc3\xa9\xe2\x82\xac\n");
}

static void win32_error_test_debug_break_raises(KTEST *t)
{
    NTSTATUS code = 0;
    if (IsDebuggerPresent())
        return;   /* it would stop in the debugger */
    __try {
        DebugBreak();
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        code = GetExceptionCode();
    }
    KT_EXPECT_EQ(t, code, STATUS_BREAKPOINT);
}

static void AtExitHandler(void)
{
    fputs("atexit handler ran\n", stderr);
}

static void ExitProcessChild(void *ctx)
{
    (void)ctx;
    atexit(AtExitHandler);
    ExitProcess(37);
}

static void win32_error_test_exit_process(KTEST *t)
{
    char out[1024];
    int st = ktest_run_isolated(ExitProcessChild, NULL, out, sizeof out);
    KT_EXPECT_EQ(t, st, 37);
    KT_EXPECT_CONTAINS(t, out, "atexit handler ran");
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(win32_error_test_system_messages),
    KTEST_CASE_ENTRY(win32_error_test_system_message_errors),
    KTEST_CASE_ENTRY(win32_error_test_inserts),
    KTEST_CASE_ENTRY(win32_error_test_line_width),
    KTEST_CASE_ENTRY(win32_error_test_allocate_buffer),
    KTEST_CASE_ENTRY(win32_error_test_status_mapping),
    KTEST_CASE_ENTRY(win32_error_test_debug_output),
    KTEST_CASE_ENTRY(win32_error_test_debug_output_goes_to_stderr),
    KTEST_CASE_ENTRY(win32_error_test_debug_break_raises),
    KTEST_CASE_ENTRY(win32_error_test_exit_process),
    {0}
};
KTEST_SUITE(win32_error, cases);
