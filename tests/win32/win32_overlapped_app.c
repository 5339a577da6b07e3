/*
 * PURPOSE: ReadFileEx / WriteFileEx tests (app mode): completion routines run as user APCs
 * of the issuing thread, only in its alertable waits (SleepEx, WaitForSingleObjectEx with
 * bAlertable), with the request's error code, byte count and OVERLAPPED; requests that fail
 * at once run no routine; a cancelled request's routine gets ERROR_OPERATION_ABORTED.
 * Driver: win32_devio_drv.c (it completes pended requests when asked to).
 */
#include <windows.h>
#include <winioctl.h>
#include <ntstatus.h>
#include <string.h>
#include "ktest.h"
#include "win32_devio_drv.h"

#define EXPECT_ERROR(t, call, err) \
    do { SetLastError(0xDEAD); KT_EXPECT_FALSE(t, (call)); KT_EXPECT_EQ(t, GetLastError(), (err)); } while (0)

typedef struct {
    int Calls;
    DWORD Error;
    DWORD Bytes;
    LPOVERLAPPED Overlapped;
    DWORD Thread;
} ROUTINE_LOG;

static __thread ROUTINE_LOG Log;

static VOID WINAPI Routine(DWORD Error, DWORD Bytes, LPOVERLAPPED Overlapped)
{
    Log.Calls++;
    Log.Error = Error;
    Log.Bytes = Bytes;
    Log.Overlapped = Overlapped;
    Log.Thread = GetCurrentThreadId();
}

static HANDLE Open(KTEST *t, DWORD Flags)
{
    HANDLE h;
    KT_EXPECT_EQ(t, w32dt_load(), 0);
    h = CreateFileA(W32DT_WIN32_NAME, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, Flags, NULL);
    KT_EXPECT_TRUE(t, h != INVALID_HANDLE_VALUE);
    return h;
}

static BOOL CompleteOne(HANDLE h, ULONG Bytes)
{
    DWORD n;
    return DeviceIoControl(h, IOCTL_W32DT_COMPLETE_ONE, &Bytes, sizeof(Bytes), NULL, 0, &n, NULL);
}

static void win32_overlapped_test_read_ex_runs_in_alertable_wait(KTEST *t)
{
    HANDLE h = Open(t, FILE_FLAG_OVERLAPPED), ctl = Open(t, 0);
    HANDLE never = CreateEventA(NULL, TRUE, FALSE, NULL);
    OVERLAPPED ov;
    UCHAR buf[8];

    memset(&Log, 0, sizeof(Log));
    memset(&ov, 0, sizeof(ov));
    ov.Offset = W32DT_PEND_OFFSET;
    SetLastError(0);
    KT_EXPECT_TRUE(t, ReadFileEx(h, buf, sizeof(buf), &ov, Routine));
    KT_EXPECT_EQ(t, (DWORD)ov.Internal, (DWORD)STATUS_PENDING);
    KT_EXPECT_TRUE(t, CompleteOne(ctl, 6));
    KT_EXPECT_TRUE(t, HasOverlappedIoCompleted(&ov));
    /* Completed, but the routine waits for an alertable wait of this thread. */
    KT_EXPECT_EQ(t, Log.Calls, 0);
    Sleep(0);
    KT_EXPECT_EQ(t, SleepEx(0, FALSE), 0);
    KT_EXPECT_EQ(t, WaitForSingleObject(never, 0), WAIT_TIMEOUT);
    KT_EXPECT_EQ(t, Log.Calls, 0);
    KT_EXPECT_EQ(t, WaitForSingleObjectEx(never, INFINITE, TRUE), WAIT_IO_COMPLETION);
    KT_EXPECT_EQ(t, Log.Calls, 1);
    KT_EXPECT_EQ(t, Log.Error, ERROR_SUCCESS);
    KT_EXPECT_EQ(t, Log.Bytes, 6);
    KT_EXPECT_PTR_EQ(t, Log.Overlapped, &ov);
    KT_EXPECT_EQ(t, Log.Thread, GetCurrentThreadId());
    KT_EXPECT_EQ(t, buf[0], (UCHAR)W32DT_PEND_OFFSET);
    /* Once only. */
    KT_EXPECT_EQ(t, SleepEx(0, TRUE), 0);
    KT_EXPECT_EQ(t, Log.Calls, 1);
    CloseHandle(never);
    CloseHandle(ctl);
    KT_EXPECT_TRUE(t, CloseHandle(h));
}

static void win32_overlapped_test_completed_at_once_still_queues(KTEST *t)
{
    HANDLE h = Open(t, FILE_FLAG_OVERLAPPED);
    OVERLAPPED r, w;
    UCHAR buf[4];

    memset(&Log, 0, sizeof(Log));
    memset(&r, 0, sizeof(r));
    memset(&w, 0, sizeof(w));
    r.Offset = 7;
    KT_EXPECT_TRUE(t, ReadFileEx(h, buf, sizeof(buf), &r, Routine));
    KT_EXPECT_EQ(t, buf[0], 7);
    KT_EXPECT_EQ(t, Log.Calls, 0);
    KT_EXPECT_EQ(t, SleepEx(INFINITE, TRUE), WAIT_IO_COMPLETION);
    KT_EXPECT_EQ(t, Log.Calls, 1);
    KT_EXPECT_EQ(t, Log.Bytes, 4);
    KT_EXPECT_PTR_EQ(t, Log.Overlapped, &r);

    w.Offset = 0x99;
    KT_EXPECT_TRUE(t, WriteFileEx(h, "abc", 3, &w, Routine));
    KT_EXPECT_EQ(t, SleepEx(0, TRUE), WAIT_IO_COMPLETION);
    KT_EXPECT_EQ(t, Log.Calls, 2);
    KT_EXPECT_EQ(t, Log.Bytes, 3);
    KT_EXPECT_PTR_EQ(t, Log.Overlapped, &w);
    KT_EXPECT_EQ(t, w32dt_last_write_offset(), 0x99);
    KT_EXPECT_TRUE(t, CloseHandle(h));
}

static void win32_overlapped_test_cancelled_routine_gets_aborted(KTEST *t)
{
    HANDLE h = Open(t, FILE_FLAG_OVERLAPPED);
    OVERLAPPED ov;
    UCHAR buf[4];

    memset(&Log, 0, sizeof(Log));
    memset(&ov, 0, sizeof(ov));
    ov.Offset = W32DT_PEND_OFFSET;
    KT_EXPECT_TRUE(t, ReadFileEx(h, buf, sizeof(buf), &ov, Routine));
    KT_EXPECT_TRUE(t, CancelIoEx(h, &ov));
    KT_EXPECT_EQ(t, SleepEx(INFINITE, TRUE), WAIT_IO_COMPLETION);
    KT_EXPECT_EQ(t, Log.Calls, 1);
    KT_EXPECT_EQ(t, Log.Error, ERROR_OPERATION_ABORTED);
    KT_EXPECT_EQ(t, Log.Bytes, 0);
    KT_EXPECT_TRUE(t, CloseHandle(h));
}

static void win32_overlapped_test_failure_at_once_runs_nothing(KTEST *t)
{
    HANDLE h = Open(t, FILE_FLAG_OVERLAPPED);
    HANDLE ro = CreateFileA(W32DT_WIN32_NAME, GENERIC_READ, 0, NULL, OPEN_EXISTING, FILE_FLAG_OVERLAPPED, NULL);
    OVERLAPPED ov;

    memset(&Log, 0, sizeof(Log));
    memset(&ov, 0, sizeof(ov));
    EXPECT_ERROR(t, ReadFileEx(h, NULL, 4, &ov, Routine), ERROR_NOACCESS);
    EXPECT_ERROR(t, WriteFileEx(ro, "x", 1, &ov, Routine), ERROR_ACCESS_DENIED);
    EXPECT_ERROR(t, ReadFileEx(NULL, &ov, 1, &ov, Routine), ERROR_INVALID_HANDLE);
    KT_EXPECT_EQ(t, SleepEx(0, TRUE), 0);
    KT_EXPECT_EQ(t, Log.Calls, 0);
    CloseHandle(ro);
    KT_EXPECT_TRUE(t, CloseHandle(h));
}

/* The routine runs in the thread that issued the request, not the one that completed it. */
typedef struct {
    HANDLE Device;
    HANDLE Issued;
    OVERLAPPED Ov;
    UCHAR Buf[4];
    ROUTINE_LOG Seen;
    DWORD Id;
} ISSUER;

static DWORD WINAPI IssueAndWait(LPVOID p)
{
    ISSUER *is = p;
    memset(&Log, 0, sizeof(Log));
    is->Id = GetCurrentThreadId();
    if (!ReadFileEx(is->Device, is->Buf, sizeof(is->Buf), &is->Ov, Routine))
        return 1;
    SetEvent(is->Issued);
    while (Log.Calls == 0)
        if (SleepEx(INFINITE, TRUE) != WAIT_IO_COMPLETION)
            return 2;
    is->Seen = Log;
    return 0;
}

static void win32_overlapped_test_routine_runs_in_issuer(KTEST *t)
{
    ISSUER is;
    HANDLE thread, ctl = Open(t, 0);
    DWORD code = 9;

    memset(&is, 0, sizeof(is));
    is.Device = Open(t, FILE_FLAG_OVERLAPPED);
    is.Issued = CreateEventA(NULL, TRUE, FALSE, NULL);
    is.Ov.Offset = W32DT_PEND_OFFSET;
    memset(&Log, 0, sizeof(Log));
    thread = CreateThread(NULL, 0, IssueAndWait, &is, 0, NULL);
    KT_ASSERT_TRUE(t, thread != NULL);
    KT_EXPECT_EQ(t, WaitForSingleObject(is.Issued, INFINITE), WAIT_OBJECT_0);
    KT_EXPECT_TRUE(t, CompleteOne(ctl, 2));
    KT_EXPECT_EQ(t, WaitForSingleObject(thread, INFINITE), WAIT_OBJECT_0);
    KT_EXPECT_TRUE(t, GetExitCodeThread(thread, &code));
    KT_EXPECT_EQ(t, code, 0);
    KT_EXPECT_EQ(t, is.Seen.Calls, 1);
    KT_EXPECT_EQ(t, is.Seen.Bytes, 2);
    KT_EXPECT_EQ(t, is.Seen.Thread, is.Id);
    KT_EXPECT_EQ(t, Log.Calls, 0);   /* not this thread */
    KT_EXPECT_EQ(t, SleepEx(0, TRUE), 0);
    CloseHandle(thread);
    CloseHandle(is.Issued);
    CloseHandle(is.Device);
    CloseHandle(ctl);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(win32_overlapped_test_read_ex_runs_in_alertable_wait),
    KTEST_CASE_ENTRY(win32_overlapped_test_completed_at_once_still_queues),
    KTEST_CASE_ENTRY(win32_overlapped_test_cancelled_routine_gets_aborted),
    KTEST_CASE_ENTRY(win32_overlapped_test_failure_at_once_runs_nothing),
    KTEST_CASE_ENTRY(win32_overlapped_test_routine_runs_in_issuer),
    {0}
};
KTEST_SUITE(win32_overlapped, cases);
