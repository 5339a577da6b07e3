/*
 * PURPOSE: App-mode negative tests the audit of issue 4's Win32 list found missing: kernel
 * handle values, handles of the wrong kind or without the access a call needs, kernel-range
 * and absurd buffers for files, and the Ex forms of the waits. Each gets the Windows error;
 * none crashes kmode. (The positive cases of these calls are in the other win32 tests.)
 */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "ktest.h"

void *win32_test_kernel_pointer(void);

#define EXPECT_ERROR(t, call, err) \
    do { SetLastError(0xDEAD); KT_EXPECT_FALSE(t, (call)); KT_EXPECT_EQ(t, GetLastError(), (err)); } while (0)

/* A handle value with the kernel-handle bits: never valid in user mode. */
#define KERNEL_HANDLE ((HANDLE)(ULONG_PTR)0xFFFFFFFF80000004ULL)
#define BAD_HANDLE    ((HANDLE)(ULONG_PTR)0x7777770)

static char TempName[MAX_PATH];

static HANDLE OpenTemp(KTEST *t, DWORD Access, DWORD Flags)
{
    HANDLE h;
    snprintf(TempName, sizeof TempName, "C:\\tmp\\kmode-audit-%d.tmp", (int)getpid());
    h = CreateFileA(TempName, Access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                    OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL | Flags, NULL);
    KT_ASSERT_TRUE(t, h != INVALID_HANDLE_VALUE);
    return h;
}

static void win32_audit_test_kernel_handles_refused(KTEST *t)
{
    UCHAR buf[8];
    DWORD n;
    LONG previous;
    LARGE_INTEGER size;
    OVERLAPPED ov;
    HANDLE list[2] = { KERNEL_HANDLE, KERNEL_HANDLE };

    EXPECT_ERROR(t, SetEvent(KERNEL_HANDLE), ERROR_INVALID_HANDLE);
    EXPECT_ERROR(t, ResetEvent(KERNEL_HANDLE), ERROR_INVALID_HANDLE);
    EXPECT_ERROR(t, ReleaseSemaphore(KERNEL_HANDLE, 1, &previous), ERROR_INVALID_HANDLE);
    SetLastError(0);
    KT_EXPECT_EQ(t, WaitForSingleObject(KERNEL_HANDLE, 0), WAIT_FAILED);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    KT_EXPECT_EQ(t, WaitForMultipleObjects(1, list, FALSE, 0), WAIT_FAILED);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    EXPECT_ERROR(t, ReadFile(KERNEL_HANDLE, buf, 1, &n, NULL), ERROR_INVALID_HANDLE);
    EXPECT_ERROR(t, WriteFile(KERNEL_HANDLE, buf, 1, &n, NULL), ERROR_INVALID_HANDLE);
    EXPECT_ERROR(t, DeviceIoControl(KERNEL_HANDLE, 0x222000, buf, 1, buf, 1, &n, NULL), ERROR_INVALID_HANDLE);
    EXPECT_ERROR(t, CancelIo(KERNEL_HANDLE), ERROR_INVALID_HANDLE);
    EXPECT_ERROR(t, CancelIoEx(KERNEL_HANDLE, NULL), ERROR_INVALID_HANDLE);
    EXPECT_ERROR(t, GetFileSizeEx(KERNEL_HANDLE, &size), ERROR_INVALID_HANDLE);
    EXPECT_ERROR(t, PostQueuedCompletionStatus(KERNEL_HANDLE, 0, 0, NULL), ERROR_INVALID_HANDLE);
    SetLastError(0);
    KT_EXPECT_PTR_EQ(t, CreateIoCompletionPort(KERNEL_HANDLE, NULL, 0, 0), NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    /* GetOverlappedResult waiting on the file handle itself (no hEvent) */
    memset(&ov, 0, sizeof ov);
    ov.Internal = (ULONG_PTR)STATUS_PENDING;
    EXPECT_ERROR(t, GetOverlappedResult(KERNEL_HANDLE, &ov, &n, TRUE), ERROR_INVALID_HANDLE);
    EXPECT_ERROR(t, GetOverlappedResult(BAD_HANDLE, &ov, &n, TRUE), ERROR_INVALID_HANDLE);
    EXPECT_ERROR(t, GetOverlappedResultEx(BAD_HANDLE, &ov, &n, 5, FALSE), ERROR_INVALID_HANDLE);
}

static void win32_audit_test_wrong_kind_of_handle(KTEST *t)
{
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE sem = CreateSemaphoreA(NULL, 0, 1, NULL);
    HANDLE file = OpenTemp(t, GENERIC_READ | GENERIC_WRITE, 0);
    LARGE_INTEGER size;
    DWORD high = 7;
    LONG previous;

    KT_ASSERT_TRUE(t, ev && sem);
    /* an event is not a file */
    EXPECT_ERROR(t, CancelIo(ev), ERROR_INVALID_HANDLE);
    EXPECT_ERROR(t, CancelIoEx(ev, NULL), ERROR_INVALID_HANDLE);
    EXPECT_ERROR(t, GetFileSizeEx(ev, &size), ERROR_INVALID_HANDLE);
    SetLastError(0);
    KT_EXPECT_EQ(t, GetFileSize(ev, &high), INVALID_FILE_SIZE);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    EXPECT_ERROR(t, FlushFileBuffers(ev), ERROR_INVALID_HANDLE);
    /* a file is neither an event nor a semaphore nor a port */
    EXPECT_ERROR(t, SetEvent(file), ERROR_INVALID_HANDLE);
    EXPECT_ERROR(t, ReleaseSemaphore(file, 1, &previous), ERROR_INVALID_HANDLE);
    EXPECT_ERROR(t, ReleaseSemaphore(ev, 1, &previous), ERROR_INVALID_HANDLE);
    EXPECT_ERROR(t, ResetEvent(sem), ERROR_INVALID_HANDLE);
    EXPECT_ERROR(t, PostQueuedCompletionStatus(file, 0, 0, NULL), ERROR_INVALID_HANDLE);
    KT_EXPECT_TRUE(t, CloseHandle(file));
    KT_EXPECT_TRUE(t, CloseHandle(ev));
    KT_EXPECT_TRUE(t, CloseHandle(sem));
    DeleteFileA(TempName);
}

static void win32_audit_test_access_checked(KTEST *t)
{
    HANDLE process = GetCurrentProcess();
    HANDLE sem = CreateSemaphoreA(NULL, 0, 2, "kmode-audit-sem");
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    HANDLE syncOnly = NULL, portSync = NULL, opened, ev, evNoSync = NULL;
    OVERLAPPED *got;
    ULONG_PTR key;
    DWORD n;
    LONG previous;

    KT_ASSERT_TRUE(t, sem && port);
    /* ReleaseSemaphore needs SEMAPHORE_MODIFY_STATE */
    opened = OpenSemaphoreA(SYNCHRONIZE, FALSE, "kmode-audit-sem");
    KT_ASSERT_TRUE(t, opened != NULL);
    EXPECT_ERROR(t, ReleaseSemaphore(opened, 1, &previous), ERROR_ACCESS_DENIED);
    KT_EXPECT_TRUE(t, CloseHandle(opened));
    KT_EXPECT_TRUE(t, DuplicateHandle(process, sem, process, &syncOnly, SYNCHRONIZE, FALSE, 0));
    EXPECT_ERROR(t, ReleaseSemaphore(syncOnly, 1, &previous), ERROR_ACCESS_DENIED);
    KT_EXPECT_TRUE(t, ReleaseSemaphore(sem, 1, &previous));
    KT_EXPECT_EQ(t, WaitForSingleObject(syncOnly, 0), WAIT_OBJECT_0);   /* waiting needs only SYNCHRONIZE */
    /* a port handle without IO_COMPLETION_MODIFY_STATE can neither post nor dequeue */
    KT_EXPECT_TRUE(t, DuplicateHandle(process, port, process, &portSync, SYNCHRONIZE, FALSE, 0));
    EXPECT_ERROR(t, PostQueuedCompletionStatus(portSync, 1, 2, NULL), ERROR_ACCESS_DENIED);
    EXPECT_ERROR(t, GetQueuedCompletionStatus(portSync, &n, &key, &got, 0), ERROR_ACCESS_DENIED);
    KT_EXPECT_TRUE(t, PostQueuedCompletionStatus(port, 1, 2, NULL));
    KT_EXPECT_TRUE(t, GetQueuedCompletionStatus(port, &n, &key, &got, 0));
    KT_EXPECT_EQ(t, key, 2);
    /* waits need SYNCHRONIZE, also the Ex forms */
    ev = CreateEventA(NULL, TRUE, TRUE, NULL);
    KT_ASSERT_TRUE(t, ev != NULL);
    KT_EXPECT_TRUE(t, DuplicateHandle(process, ev, process, &evNoSync, EVENT_MODIFY_STATE, FALSE, 0));
    SetLastError(0);
    KT_EXPECT_EQ(t, WaitForSingleObjectEx(evNoSync, 0, TRUE), WAIT_FAILED);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_ACCESS_DENIED);
    SetLastError(0);
    KT_EXPECT_EQ(t, WaitForMultipleObjectsEx(1, &evNoSync, TRUE, 0, TRUE), WAIT_FAILED);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_ACCESS_DENIED);
    KT_EXPECT_TRUE(t, SetEvent(evNoSync));
    KT_EXPECT_TRUE(t, CloseHandle(evNoSync));
    KT_EXPECT_TRUE(t, CloseHandle(ev));
    KT_EXPECT_TRUE(t, CloseHandle(portSync));
    KT_EXPECT_TRUE(t, CloseHandle(port));
    KT_EXPECT_TRUE(t, CloseHandle(syncOnly));
    KT_EXPECT_TRUE(t, CloseHandle(sem));
}

static void win32_audit_test_wait_ex_errors(KTEST *t)
{
    HANDLE ev = CreateEventW(NULL, TRUE, TRUE, NULL);
    HANDLE h[MAXIMUM_WAIT_OBJECTS + 1];

    KT_ASSERT_TRUE(t, ev != NULL);
    for (int i = 0; i <= MAXIMUM_WAIT_OBJECTS; i++)
        h[i] = ev;
    KT_EXPECT_EQ(t, WaitForSingleObjectEx(ev, 0, TRUE), WAIT_OBJECT_0);
    KT_EXPECT_EQ(t, WaitForMultipleObjectsEx(3, h, FALSE, 0, TRUE), WAIT_OBJECT_0);
    SetLastError(0);
    KT_EXPECT_EQ(t, WaitForSingleObjectEx(BAD_HANDLE, 0, TRUE), WAIT_FAILED);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    KT_EXPECT_EQ(t, WaitForSingleObjectEx(NULL, INFINITE, FALSE), WAIT_FAILED);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    KT_EXPECT_EQ(t, WaitForMultipleObjectsEx(0, h, FALSE, 0, TRUE), WAIT_FAILED);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    KT_EXPECT_EQ(t, WaitForMultipleObjectsEx(MAXIMUM_WAIT_OBJECTS + 1, h, FALSE, 0, FALSE), WAIT_FAILED);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    KT_EXPECT_EQ(t, WaitForMultipleObjectsEx(2, h, TRUE, 0, TRUE), WAIT_FAILED);   /* twice, all */
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    KT_EXPECT_EQ(t, WaitForMultipleObjectsEx(2, (HANDLE *)win32_test_kernel_pointer(), FALSE, 0, TRUE),
                 WAIT_FAILED);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_NOACCESS);
    h[1] = BAD_HANDLE;
    SetLastError(0);
    KT_EXPECT_EQ(t, WaitForMultipleObjectsEx(2, h, FALSE, 0, TRUE), WAIT_FAILED);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    KT_EXPECT_TRUE(t, CloseHandle(ev));
}

static void win32_audit_test_create_event_ex_a(KTEST *t)
{
    char longName[MAX_PATH + 2];
    HANDLE ev;

    SetLastError(0);
    KT_EXPECT_TRUE(t, CreateEventExA(NULL, NULL, 4, EVENT_ALL_ACCESS) == NULL);   /* unknown flag */
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    memset(longName, 'x', MAX_PATH + 1);
    longName[MAX_PATH + 1] = 0;
    SetLastError(0);
    KT_EXPECT_TRUE(t, CreateEventExA(NULL, longName, 0, EVENT_ALL_ACCESS) == NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_FILENAME_EXCED_RANGE);
    ev = CreateEventExA(NULL, "kmode-audit-exa", CREATE_EVENT_INITIAL_SET | CREATE_EVENT_MANUAL_RESET,
                        SYNCHRONIZE);
    KT_ASSERT_TRUE(t, ev != NULL);
    KT_EXPECT_EQ(t, WaitForSingleObject(ev, 0), WAIT_OBJECT_0);
    KT_EXPECT_EQ(t, WaitForSingleObject(ev, 0), WAIT_OBJECT_0);             /* manual reset */
    EXPECT_ERROR(t, ResetEvent(ev), ERROR_ACCESS_DENIED);                    /* SYNCHRONIZE only */
    KT_EXPECT_TRUE(t, CloseHandle(ev));
}

static void win32_audit_test_file_buffers(KTEST *t)
{
    HANDLE h = OpenTemp(t, GENERIC_READ | GENERIC_WRITE, 0);
    HANDLE closed = OpenTemp(t, GENERIC_READ, 0);
    UCHAR buf[16];
    DWORD n;

    KT_EXPECT_TRUE(t, CloseHandle(closed));
    KT_EXPECT_TRUE(t, WriteFile(h, "abcdef", 6, &n, NULL));
    KT_EXPECT_EQ(t, n, 6);
    EXPECT_ERROR(t, WriteFile(h, NULL, 4, &n, NULL), ERROR_NOACCESS);
    EXPECT_ERROR(t, WriteFile(h, win32_test_kernel_pointer(), 4, &n, NULL), ERROR_NOACCESS);
    EXPECT_ERROR(t, WriteFile(h, buf, 0xFFFFFFF0, &n, NULL), ERROR_NOACCESS);
    KT_EXPECT_EQ(t, SetFilePointer(h, 0, NULL, FILE_BEGIN), 0);
    EXPECT_ERROR(t, ReadFile(h, buf, 0xFFFFFFF0, &n, NULL), ERROR_NOACCESS);
    EXPECT_ERROR(t, ReadFile(h, win32_test_kernel_pointer(), 4, &n, NULL), ERROR_NOACCESS);
    EXPECT_ERROR(t, ReadFile(closed, buf, 4, &n, NULL), ERROR_INVALID_HANDLE);
    EXPECT_ERROR(t, WriteFile(closed, buf, 4, &n, NULL), ERROR_INVALID_HANDLE);
    /* nothing moved: the failed calls transferred nothing */
    KT_EXPECT_TRUE(t, ReadFile(h, buf, sizeof buf, &n, NULL));
    KT_EXPECT_EQ(t, n, 6);
    KT_EXPECT_MEMEQ(t, buf, "abcdef", 6);
    KT_EXPECT_TRUE(t, CloseHandle(h));
    /* wrong access on a file */
    h = OpenTemp(t, GENERIC_READ, 0);
    EXPECT_ERROR(t, WriteFile(h, "x", 1, &n, NULL), ERROR_ACCESS_DENIED);
    EXPECT_ERROR(t, FlushFileBuffers(h), ERROR_ACCESS_DENIED);
    KT_EXPECT_TRUE(t, CloseHandle(h));
    h = OpenTemp(t, GENERIC_WRITE, 0);
    EXPECT_ERROR(t, ReadFile(h, buf, 1, &n, NULL), ERROR_ACCESS_DENIED);
    KT_EXPECT_TRUE(t, CloseHandle(h));
    KT_EXPECT_TRUE(t, DeleteFileA(TempName));
}

static void win32_audit_test_overlapped_file_errors(KTEST *t)
{
    HANDLE h = OpenTemp(t, GENERIC_READ | GENERIC_WRITE, FILE_FLAG_OVERLAPPED);
    UCHAR buf[8];
    OVERLAPPED ov;
    DWORD n;

    memset(&ov, 0, sizeof ov);
    /* an overlapped handle has no file position: a call without OVERLAPPED is refused */
    EXPECT_ERROR(t, ReadFile(h, buf, 1, &n, NULL), ERROR_INVALID_PARAMETER);
    EXPECT_ERROR(t, WriteFile(h, buf, 1, &n, NULL), ERROR_INVALID_PARAMETER);
    /* bad buffers fail at once, with nothing pending */
    EXPECT_ERROR(t, ReadFile(h, win32_test_kernel_pointer(), 4, NULL, &ov), ERROR_NOACCESS);
    EXPECT_ERROR(t, WriteFile(h, NULL, 4, NULL, &ov), ERROR_NOACCESS);
    EXPECT_ERROR(t, CancelIoEx(h, &ov), ERROR_NOT_FOUND);
    KT_EXPECT_TRUE(t, CloseHandle(h));
    DeleteFileA(TempName);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(win32_audit_test_kernel_handles_refused),
    KTEST_CASE_ENTRY(win32_audit_test_wrong_kind_of_handle),
    KTEST_CASE_ENTRY(win32_audit_test_access_checked),
    KTEST_CASE_ENTRY(win32_audit_test_wait_ex_errors),
    KTEST_CASE_ENTRY(win32_audit_test_create_event_ex_a),
    KTEST_CASE_ENTRY(win32_audit_test_file_buffers),
    KTEST_CASE_ENTRY(win32_audit_test_overlapped_file_errors),
    { 0 }
};

KTEST_SUITE(win32_audit, cases);
