/*
 * PURPOSE: Win32 base tests (app mode): the last-error value, CloseHandle, DuplicateHandle,
 * handle information, and the status/wait constants windows.h defines.
 */
#include <windows.h>
#include <ntstatus.h>   /* after windows.h without WIN32_NO_STATUS: must not redefine */
#include "ktest.h"

void *win32_test_kernel_pointer(void);

C_ASSERT(sizeof(OVERLAPPED) == 32);
C_ASSERT(FIELD_OFFSET(OVERLAPPED, Offset) == 16);
C_ASSERT(FIELD_OFFSET(OVERLAPPED, OffsetHigh) == 20);
C_ASSERT(FIELD_OFFSET(OVERLAPPED, Pointer) == 16);
C_ASSERT(FIELD_OFFSET(OVERLAPPED, hEvent) == 24);
C_ASSERT(sizeof(SECURITY_ATTRIBUTES) == 24);
C_ASSERT(sizeof(FILETIME) == 8);
C_ASSERT(sizeof(SYSTEMTIME) == 16);
C_ASSERT(sizeof(HANDLE) == 8 && sizeof(DWORD) == 4 && sizeof(LONG) == 4 && sizeof(BOOL) == 4);
C_ASSERT(sizeof(WCHAR) == 2 && sizeof(TCHAR) == 1);

static void win32_base_test_constants(KTEST *t)
{
    KT_EXPECT_EQ(t, WAIT_OBJECT_0, 0);
    KT_EXPECT_EQ(t, WAIT_ABANDONED, 0x80);
    KT_EXPECT_EQ(t, WAIT_TIMEOUT, 258);
    KT_EXPECT_EQ(t, WAIT_IO_COMPLETION, 0xC0);
    KT_EXPECT_EQ(t, WAIT_FAILED, 0xFFFFFFFFu);
    KT_EXPECT_EQ(t, STILL_ACTIVE, 259);
    KT_EXPECT_EQ(t, INFINITE, 0xFFFFFFFFu);
    KT_EXPECT_EQ(t, MAX_PATH, 260);
    KT_EXPECT_EQ(t, MAXIMUM_WAIT_OBJECTS, 64);
    KT_EXPECT_EQ(t, (LONG_PTR)INVALID_HANDLE_VALUE, -1);
    KT_EXPECT_EQ(t, EVENT_ALL_ACCESS, 0x1F0003);
    KT_EXPECT_EQ(t, MUTEX_ALL_ACCESS, 0x1F0001);
    KT_EXPECT_EQ(t, SEMAPHORE_ALL_ACCESS, 0x1F0003);
    KT_EXPECT_EQ(t, SYNCHRONIZE, 0x100000);
    KT_EXPECT_EQ(t, GENERIC_READ, 0x80000000u);
    KT_EXPECT_EQ(t, EXCEPTION_ACCESS_VIOLATION, (NTSTATUS)0xC0000005);
    KT_EXPECT_EQ(t, STATUS_OBJECT_NAME_NOT_FOUND, (NTSTATUS)0xC0000034);   /* ntstatus.h */
    KT_EXPECT_EQ(t, MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), 0x400);
    KT_EXPECT_EQ(t, sizeof(TEXT("ab")), 3);
}

static void win32_base_test_last_error_is_per_thread_value(KTEST *t)
{
    SetLastError(1234);
    KT_EXPECT_EQ(t, GetLastError(), 1234);
    SetLastError(0xE0000001);   /* any value, application-defined ones included */
    KT_EXPECT_EQ(t, GetLastError(), 0xE0000001u);
    SetLastError(ERROR_SUCCESS);
    KT_EXPECT_EQ(t, GetLastError(), 0);
}

static void win32_base_test_close_handle(KTEST *t)
{
    HANDLE h = CreateEventW(NULL, TRUE, FALSE, NULL);
    KT_ASSERT_TRUE(t, h != NULL);
    KT_EXPECT_TRUE(t, CloseHandle(h));
    SetLastError(0);
    KT_EXPECT_FALSE(t, CloseHandle(h));   /* twice */
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    KT_EXPECT_FALSE(t, CloseHandle(NULL));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    KT_EXPECT_FALSE(t, CloseHandle((HANDLE)(ULONG_PTR)0x123454));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    /* A kernel handle value means nothing from user mode. */
    SetLastError(0);
    KT_EXPECT_FALSE(t, CloseHandle((HANDLE)(ULONG_PTR)0xFFFFFFFF80000004ULL));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    /* Pseudo handles (INVALID_HANDLE_VALUE is GetCurrentProcess()'s value). */
    KT_EXPECT_TRUE(t, CloseHandle((HANDLE)(LONG_PTR)-1));
    KT_EXPECT_TRUE(t, CloseHandle((HANDLE)(LONG_PTR)-2));
    KT_EXPECT_TRUE(t, CloseHandle(INVALID_HANDLE_VALUE));
}

static void win32_base_test_handle_information(KTEST *t)
{
    HANDLE h = CreateEventW(NULL, TRUE, FALSE, NULL);
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    HANDLE inheritable = CreateEventW(&sa, TRUE, FALSE, NULL);
    DWORD flags = 99;

    KT_ASSERT_TRUE(t, h != NULL && inheritable != NULL);
    KT_EXPECT_TRUE(t, GetHandleInformation(h, &flags));
    KT_EXPECT_EQ(t, flags, 0);
    KT_EXPECT_TRUE(t, GetHandleInformation(inheritable, &flags));
    KT_EXPECT_EQ(t, flags, HANDLE_FLAG_INHERIT);

    KT_EXPECT_TRUE(t, SetHandleInformation(h, HANDLE_FLAG_PROTECT_FROM_CLOSE,
                                           HANDLE_FLAG_PROTECT_FROM_CLOSE));
    KT_EXPECT_TRUE(t, GetHandleInformation(h, &flags));
    KT_EXPECT_EQ(t, flags, HANDLE_FLAG_PROTECT_FROM_CLOSE);
    SetLastError(0);
    KT_EXPECT_FALSE(t, CloseHandle(h));   /* protected */
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    KT_EXPECT_TRUE(t, SetHandleInformation(h, HANDLE_FLAG_PROTECT_FROM_CLOSE, 0));
    KT_EXPECT_TRUE(t, CloseHandle(h));

    SetLastError(0);
    KT_EXPECT_FALSE(t, SetHandleInformation(inheritable, 0x10, 0x10));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    KT_EXPECT_FALSE(t, GetHandleInformation(h, &flags));   /* closed */
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    KT_EXPECT_TRUE(t, CloseHandle(inheritable));
}

static void win32_base_test_duplicate_handle(KTEST *t)
{
    HANDLE process = (HANDLE)(LONG_PTR)-1;
    HANDLE ev = CreateEventW(NULL, TRUE, FALSE, NULL), dup = NULL, limited = NULL;

    KT_ASSERT_TRUE(t, ev != NULL);
    KT_EXPECT_TRUE(t, DuplicateHandle(process, ev, process, &dup, 0, FALSE, DUPLICATE_SAME_ACCESS));
    KT_ASSERT_TRUE(t, dup != NULL && dup != ev);
    KT_EXPECT_TRUE(t, SetEvent(dup));   /* the same event */
    KT_EXPECT_EQ(t, WaitForSingleObject(ev, 0), WAIT_OBJECT_0);
    KT_EXPECT_TRUE(t, CloseHandle(dup));

    /* A duplicate with only SYNCHRONIZE cannot set the event. */
    KT_EXPECT_TRUE(t, DuplicateHandle(process, ev, process, &limited, SYNCHRONIZE, FALSE, 0));
    SetLastError(0);
    KT_EXPECT_FALSE(t, SetEvent(limited));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_ACCESS_DENIED);
    KT_EXPECT_EQ(t, WaitForSingleObject(limited, 0), WAIT_OBJECT_0);

    /* DUPLICATE_CLOSE_SOURCE. */
    KT_EXPECT_TRUE(t, DuplicateHandle(process, limited, process, &dup, 0, FALSE,
                                      DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE));
    SetLastError(0);
    KT_EXPECT_FALSE(t, CloseHandle(limited));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    KT_EXPECT_TRUE(t, CloseHandle(dup));

    /* The pseudo handle of the thread becomes a real, waitable handle. */
    KT_EXPECT_TRUE(t, DuplicateHandle(process, (HANDLE)(LONG_PTR)-2, process, &dup, 0, FALSE,
                                      DUPLICATE_SAME_ACCESS));
    KT_EXPECT_EQ(t, WaitForSingleObject(dup, 0), WAIT_TIMEOUT);   /* this thread runs */
    KT_EXPECT_TRUE(t, CloseHandle(dup));

    /* Errors. */
    SetLastError(0);
    KT_EXPECT_FALSE(t, DuplicateHandle(process, NULL, process, &dup, 0, FALSE, DUPLICATE_SAME_ACCESS));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    KT_EXPECT_FALSE(t, DuplicateHandle(ev, ev, process, &dup, 0, FALSE, DUPLICATE_SAME_ACCESS));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);   /* not a process handle */
    SetLastError(0);
    KT_EXPECT_FALSE(t, DuplicateHandle(process, ev, process, (LPHANDLE)win32_test_kernel_pointer(),
                                       0, FALSE, DUPLICATE_SAME_ACCESS));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_NOACCESS);
    KT_EXPECT_TRUE(t, CloseHandle(ev));
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(win32_base_test_constants),
    KTEST_CASE_ENTRY(win32_base_test_last_error_is_per_thread_value),
    KTEST_CASE_ENTRY(win32_base_test_close_handle),
    KTEST_CASE_ENTRY(win32_base_test_handle_information),
    KTEST_CASE_ENTRY(win32_base_test_duplicate_handle),
    {0}
};
KTEST_SUITE(win32_base, cases);
