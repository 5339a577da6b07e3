/*
 * PURPOSE: I/O completion port tests (app mode): CreateIoCompletionPort (create, bind files
 * with keys, the refusals), packets of device requests completed at once and later, of
 * failed requests, the hEvent low-bit opt-out, PostQueuedCompletionStatus,
 * GetQueuedCompletionStatus(Ex) with timeouts and alertable waits, and worker threads that
 * share one port (each packet delivered exactly once).
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

static void win32_iocp_test_two_handles_two_keys(KTEST *t)
{
    HANDLE a = Open(t, FILE_FLAG_OVERLAPPED), b = Open(t, FILE_FLAG_OVERLAPPED), ctl = Open(t, 0);
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    OVERLAPPED oa, ob, *got = (LPOVERLAPPED)1;
    ULONG_PTR key = 0;
    DWORD n = 0;
    UCHAR out[4], buf[4];

    KT_ASSERT_TRUE(t, port != NULL);
    KT_EXPECT_PTR_EQ(t, CreateIoCompletionPort(a, port, 0x1111, 0), port);
    KT_EXPECT_PTR_EQ(t, CreateIoCompletionPort(b, port, 0x2222, 0), port);
    memset(&oa, 0, sizeof(oa));
    memset(&ob, 0, sizeof(ob));
    ob.Offset = W32DT_PEND_OFFSET;
    EXPECT_ERROR(t, DeviceIoControl(a, IOCTL_W32DT_PEND, NULL, 0, out, sizeof(out), NULL, &oa), ERROR_IO_PENDING);
    EXPECT_ERROR(t, ReadFile(b, buf, sizeof(buf), NULL, &ob), ERROR_IO_PENDING);

    EXPECT_ERROR(t, GetQueuedCompletionStatus(port, &n, &key, &got, 0), WAIT_TIMEOUT);
    KT_EXPECT_PTR_EQ(t, got, NULL);

    KT_EXPECT_TRUE(t, CompleteOne(ctl, 3));   /* a's (the oldest) */
    KT_EXPECT_TRUE(t, GetQueuedCompletionStatus(port, &n, &key, &got, INFINITE));
    KT_EXPECT_EQ(t, key, 0x1111);
    KT_EXPECT_PTR_EQ(t, got, &oa);
    KT_EXPECT_EQ(t, n, 3);
    KT_EXPECT_TRUE(t, CompleteOne(ctl, 4));
    KT_EXPECT_TRUE(t, GetQueuedCompletionStatus(port, &n, &key, &got, INFINITE));
    KT_EXPECT_EQ(t, key, 0x2222);
    KT_EXPECT_PTR_EQ(t, got, &ob);
    KT_EXPECT_EQ(t, n, 4);
    KT_EXPECT_EQ(t, buf[1], (UCHAR)(W32DT_PEND_OFFSET + 1));

    /* A request that completes at once queues a packet too. */
    memset(&oa, 0, sizeof(oa));
    KT_EXPECT_TRUE(t, ReadFile(a, buf, 2, &n, &oa));
    KT_EXPECT_TRUE(t, GetQueuedCompletionStatus(port, &n, &key, &got, 0));
    KT_EXPECT_EQ(t, key, 0x1111);
    KT_EXPECT_PTR_EQ(t, got, &oa);
    KT_EXPECT_EQ(t, n, 2);

    /* A failed request's packet: FALSE, but the outputs are filled. */
    memset(&ob, 0, sizeof(ob));
    EXPECT_ERROR(t, DeviceIoControl(b, IOCTL_W32DT_PEND, NULL, 0, NULL, 0, NULL, &ob), ERROR_IO_PENDING);
    KT_EXPECT_TRUE(t, CancelIoEx(b, &ob));
    got = NULL;
    EXPECT_ERROR(t, GetQueuedCompletionStatus(port, &n, &key, &got, INFINITE), ERROR_OPERATION_ABORTED);
    KT_EXPECT_PTR_EQ(t, got, &ob);
    KT_EXPECT_EQ(t, key, 0x2222);

    CloseHandle(a);
    CloseHandle(b);
    CloseHandle(ctl);
    KT_EXPECT_TRUE(t, CloseHandle(port));
}

static void win32_iocp_test_event_low_bit_skips_the_port(KTEST *t)
{
    HANDLE h = Open(t, FILE_FLAG_OVERLAPPED);
    HANDLE port = CreateIoCompletionPort(h, NULL, 7, 1);   /* creates and binds */
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    OVERLAPPED ov, *got;
    ULONG_PTR key;
    DWORD n;
    UCHAR buf[2];

    KT_ASSERT_TRUE(t, port != NULL);
    memset(&ov, 0, sizeof(ov));
    ov.hEvent = (HANDLE)((ULONG_PTR)ev | 1);
    KT_EXPECT_TRUE(t, ReadFile(h, buf, sizeof(buf), &n, &ov));
    KT_EXPECT_EQ(t, WaitForSingleObject(ev, 0), WAIT_OBJECT_0);
    EXPECT_ERROR(t, GetQueuedCompletionStatus(port, &n, &key, &got, 0), WAIT_TIMEOUT);
    KT_EXPECT_TRUE(t, GetOverlappedResult(h, &ov, &n, TRUE));
    KT_EXPECT_EQ(t, n, 2);
    /* An APC routine and a port do not mix. */
    memset(&ov, 0, sizeof(ov));
    EXPECT_ERROR(t, ReadFileEx(h, buf, 1, &ov, NULL), ERROR_INVALID_PARAMETER);
    CloseHandle(ev);
    CloseHandle(h);
    KT_EXPECT_TRUE(t, CloseHandle(port));
}

static void win32_iocp_test_post_and_dequeue_many(KTEST *t)
{
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    OVERLAPPED_ENTRY e[8];
    OVERLAPPED o[3], *got;
    ULONG removed = 99;
    ULONG_PTR key;
    DWORD n;

    KT_ASSERT_TRUE(t, port != NULL);
    for (int i = 0; i < 3; i++)
        KT_EXPECT_TRUE(t, PostQueuedCompletionStatus(port, 10 + i, 100 + i, &o[i]));
    memset(e, 0xCC, sizeof(e));
    KT_EXPECT_TRUE(t, GetQueuedCompletionStatusEx(port, e, 8, &removed, INFINITE, FALSE));
    KT_EXPECT_EQ(t, removed, 3);
    for (int i = 0; i < 3; i++) {
        KT_EXPECT_EQ(t, e[i].lpCompletionKey, 100 + i);
        KT_EXPECT_PTR_EQ(t, e[i].lpOverlapped, &o[i]);
        KT_EXPECT_EQ(t, (DWORD)e[i].Internal, 0);
        KT_EXPECT_EQ(t, e[i].dwNumberOfBytesTransferred, 10 + i);
    }
    /* A posted packet without OVERLAPPED is a success with lpOverlapped NULL. */
    KT_EXPECT_TRUE(t, PostQueuedCompletionStatus(port, 5, 6, NULL));
    got = (LPOVERLAPPED)1;
    KT_EXPECT_TRUE(t, GetQueuedCompletionStatus(port, &n, &key, &got, 0));
    KT_EXPECT_PTR_EQ(t, got, NULL);
    KT_EXPECT_EQ(t, n, 5);
    KT_EXPECT_EQ(t, key, 6);

    EXPECT_ERROR(t, GetQueuedCompletionStatusEx(port, e, 8, &removed, 0, FALSE), WAIT_TIMEOUT);
    KT_EXPECT_EQ(t, removed, 0);
    EXPECT_ERROR(t, GetQueuedCompletionStatusEx(port, e, 0, &removed, 0, FALSE), ERROR_INVALID_PARAMETER);
    KT_EXPECT_TRUE(t, CloseHandle(port));
}

static volatile LONG ApcRuns;
static VOID NTAPI CountApc(ULONG_PTR p)
{
    UNREFERENCED_PARAMETER(p);
    InterlockedIncrement(&ApcRuns);
}

static void win32_iocp_test_alertable_dequeue(KTEST *t)
{
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    OVERLAPPED_ENTRY e[2];
    ULONG removed = 99;

    KT_ASSERT_TRUE(t, port != NULL);
    ApcRuns = 0;
    KT_EXPECT_TRUE(t, QueueUserAPC(CountApc, GetCurrentThread(), 0) != 0);
    EXPECT_ERROR(t, GetQueuedCompletionStatusEx(port, e, 2, &removed, INFINITE, TRUE), WAIT_IO_COMPLETION);
    KT_EXPECT_EQ(t, ApcRuns, 1);
    KT_EXPECT_TRUE(t, CloseHandle(port));
}

static void win32_iocp_test_refusals(KTEST *t)
{
    HANDLE sync = Open(t, 0), async = Open(t, FILE_FLAG_OVERLAPPED);
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    OVERLAPPED *got;
    ULONG_PTR key;
    DWORD n;

    KT_ASSERT_TRUE(t, port != NULL);
    /* A synchronous handle cannot be bound. */
    SetLastError(0);
    KT_EXPECT_PTR_EQ(t, CreateIoCompletionPort(sync, port, 1, 0), NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    /* Nor a file twice. */
    KT_EXPECT_PTR_EQ(t, CreateIoCompletionPort(async, port, 1, 0), port);
    SetLastError(0);
    KT_EXPECT_PTR_EQ(t, CreateIoCompletionPort(async, port, 2, 0), NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    KT_EXPECT_PTR_EQ(t, CreateIoCompletionPort(INVALID_HANDLE_VALUE, port, 0, 0), NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    KT_EXPECT_PTR_EQ(t, CreateIoCompletionPort(NULL, port, 0, 0), NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    /* An event is not a port, nor a file. */
    SetLastError(0);
    KT_EXPECT_PTR_EQ(t, CreateIoCompletionPort(async, ev, 0, 0), NULL);
    KT_EXPECT_NE(t, GetLastError(), 0);
    EXPECT_ERROR(t, GetQueuedCompletionStatus(ev, &n, &key, &got, 0), ERROR_INVALID_HANDLE);
    EXPECT_ERROR(t, PostQueuedCompletionStatus(ev, 0, 0, NULL), ERROR_INVALID_HANDLE);
    EXPECT_ERROR(t, PostQueuedCompletionStatus(NULL, 0, 0, NULL), ERROR_INVALID_HANDLE);
    CloseHandle(ev);
    CloseHandle(sync);
    CloseHandle(async);
    KT_EXPECT_TRUE(t, CloseHandle(port));
}

/* Worker threads sharing a port: every packet reaches exactly one of them. */
#define WORKERS 3
#define PACKETS 300

typedef struct {
    HANDLE Port;
    volatile LONG Seen[PACKETS];
    volatile LONG Total;
} POOL;

static DWORD WINAPI Worker(LPVOID p)
{
    POOL *pool = p;
    for (;;) {
        OVERLAPPED *ov;
        ULONG_PTR key;
        DWORD n;
        if (!GetQueuedCompletionStatus(pool->Port, &n, &key, &ov, INFINITE))
            return 1;
        if (key == 0)
            return 0;                                  /* stop packet */
        if (key > PACKETS || n != (DWORD)key * 2)
            return 2;
        InterlockedIncrement(&pool->Seen[key - 1]);
        InterlockedIncrement(&pool->Total);
    }
}

static void win32_iocp_test_worker_threads(KTEST *t)
{
    static POOL pool;
    HANDLE threads[WORKERS];
    DWORD code;

    memset((void *)&pool, 0, sizeof(pool));
    pool.Port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, WORKERS);
    KT_ASSERT_TRUE(t, pool.Port != NULL);
    for (int i = 0; i < WORKERS; i++) {
        threads[i] = CreateThread(NULL, 0, Worker, &pool, 0, NULL);
        KT_ASSERT_TRUE(t, threads[i] != NULL);
    }
    for (int i = 1; i <= PACKETS; i++)
        KT_EXPECT_TRUE(t, PostQueuedCompletionStatus(pool.Port, i * 2, i, NULL));
    for (int i = 0; i < WORKERS; i++)
        KT_EXPECT_TRUE(t, PostQueuedCompletionStatus(pool.Port, 0, 0, NULL));
    KT_EXPECT_EQ(t, WaitForMultipleObjects(WORKERS, threads, TRUE, INFINITE), WAIT_OBJECT_0);
    for (int i = 0; i < WORKERS; i++) {
        KT_EXPECT_TRUE(t, GetExitCodeThread(threads[i], &code));
        KT_EXPECT_EQ(t, code, 0);
        CloseHandle(threads[i]);
    }
    KT_EXPECT_EQ(t, pool.Total, PACKETS);
    for (int i = 0; i < PACKETS; i++)
        KT_EXPECT_EQ(t, pool.Seen[i], 1);
    KT_EXPECT_TRUE(t, CloseHandle(pool.Port));
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(win32_iocp_test_two_handles_two_keys),
    KTEST_CASE_ENTRY(win32_iocp_test_event_low_bit_skips_the_port),
    KTEST_CASE_ENTRY(win32_iocp_test_post_and_dequeue_many),
    KTEST_CASE_ENTRY(win32_iocp_test_alertable_dequeue),
    KTEST_CASE_ENTRY(win32_iocp_test_refusals),
    KTEST_CASE_ENTRY(win32_iocp_test_worker_threads),
    {0}
};
KTEST_SUITE(win32_iocp, cases);
