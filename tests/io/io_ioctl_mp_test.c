/*
 * PURPOSE: Concurrent requests on shared file objects (src/io/file.c, ioctl.c): several
 * threads send IOCTLs on one asynchronous and one synchronous handle (whose requests the I/O
 * manager serializes) and pend/complete requests across threads; no completion is lost or
 * doubled. Runs under ThreadSanitizer in tools/test.sh.
 */
#include "io_file_common.h"

static void Fill(UCHAR *Buffer, ULONG Length, UCHAR Seed)
{
    for (ULONG i = 0; i < Length; i++)
        Buffer[i] = (UCHAR)(Seed + i * 7);
}

static BOOLEAN IsXorOf(const UCHAR *Out, const UCHAR *In, ULONG Length)
{
    for (ULONG i = 0; i < Length; i++)
        if (Out[i] != (UCHAR)(In[i] ^ 0x5A))
            return FALSE;
    return TRUE;
}

/* Many threads, one asynchronous and one synchronous handle: no lost or doubled
   completions (and no data races, under TSan). */
typedef struct _HAMMER {
    HANDLE Async, Sync;
    volatile LONG Failures;
} HAMMER;

static VOID NTAPI Hammer(PVOID Context)
{
    HAMMER *hm = Context;
    for (int i = 0; i < 200; i++) {
        IO_STATUS_BLOCK iosb;
        UCHAR in[16], out[16];
        HANDLE h = (i & 1) ? hm->Async : hm->Sync;
        Fill(in, sizeof(in), (UCHAR)i);
        if (ZwDeviceIoControlFile(h, NULL, NULL, NULL, &iosb, IOCTL_IOFT_BUFFERED, in, 16, out,
                                  16) != STATUS_SUCCESS ||
            iosb.Information != 16 || !IsXorOf(out, in, 16))
            InterlockedIncrement(&hm->Failures);
    }
}

static void io_ioctl_mp_test_concurrent_requests(KTEST *t)
{
    HAMMER hm = { 0 };
    PVOID threads[4];

    IoTestLoadDriver(t);
    IoftState.Quiet = TRUE;
    KT_ASSERT_EQ(t, IoTestOpen(IOFT_BUFFERED_NAME, FILE_READ_DATA | SYNCHRONIZE, 0, &hm.Async,
                               NULL),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(t, IoTestOpen(IOFT_BUFFERED_NAME, FILE_READ_DATA | SYNCHRONIZE,
                               FILE_SYNCHRONOUS_IO_NONALERT, &hm.Sync, NULL),
                 STATUS_SUCCESS);
    for (int i = 0; i < 4; i++)
        threads[i] = IoTestStartThread(t, Hammer, &hm);
    for (int i = 0; i < 4; i++)
        IoTestJoinThread(threads[i]);
    KT_EXPECT_EQ(t, hm.Failures, 0);
    ZwClose(hm.Async);
    ZwClose(hm.Sync);
    IoftState.Quiet = FALSE;
}

/* The synchronous file lock's hand-over: one thread's request holds the lock (its IRP
   pended in the driver), a second thread's request waits for the lock (counted in
   Waiters), then the first completes; its unlock must wake the second (a lost wake-up
   would leave it asleep: the bounded wait below fails instead of hanging). */
typedef struct _LOCKED_PAIR {
    HANDLE Sync;
    NTSTATUS First, Second;
    volatile LONG SecondDone;
} LOCKED_PAIR;

static VOID NTAPI PendHolder(PVOID Context)
{
    LOCKED_PAIR *p = Context;
    IO_STATUS_BLOCK iosb;
    UCHAR out[8];
    p->First = ZwDeviceIoControlFile(p->Sync, NULL, NULL, NULL, &iosb, IOCTL_IOFT_PEND, NULL, 0,
                                     out, 8);
}

static VOID NTAPI LockWaiter(PVOID Context)
{
    LOCKED_PAIR *p = Context;
    IO_STATUS_BLOCK iosb;
    UCHAR in[8] = { 1 }, out[8];
    p->Second = ZwDeviceIoControlFile(p->Sync, NULL, NULL, NULL, &iosb, IOCTL_IOFT_BUFFERED, in,
                                      8, out, 8);
    InterlockedExchange(&p->SecondDone, 1);
}

/* Polls Condition(Context) every millisecond for up to 10 s. */
static BOOLEAN WaitUntil(BOOLEAN (*Condition)(PVOID), PVOID Context)
{
    LARGE_INTEGER Delay = { .QuadPart = -10 * 1000 };
    for (int i = 0; i < 10000; i++) {
        if (Condition(Context))
            return TRUE;
        KeDelayExecutionThread(KernelMode, FALSE, &Delay);
    }
    return Condition(Context);
}

static BOOLEAN OnePending(PVOID Unused)
{
    (VOID)Unused;
    return InterlockedCompareExchange(&IoftState.PendingCount, 0, 0) == 1;
}

static BOOLEAN OneLockWaiter(PVOID FileObject)
{
    return __atomic_load_n(&((PFILE_OBJECT)FileObject)->Waiters, __ATOMIC_SEQ_CST) == 1;
}

static BOOLEAN SecondDone(PVOID Context)
{
    return InterlockedCompareExchange(&((LOCKED_PAIR *)Context)->SecondDone, 0, 0) != 0;
}

static void io_ioctl_mp_test_synchronous_lock_hand_over(KTEST *t)
{
    LOCKED_PAIR p = { 0 };
    IO_STATUS_BLOCK iosb;
    PFILE_OBJECT fo;
    PVOID first, second;
    HANDLE control;
    ULONG information = 0;

    IoTestLoadDriver(t);
    KT_ASSERT_EQ(t, IoTestOpen(IOFT_BUFFERED_NAME, FILE_READ_DATA | SYNCHRONIZE,
                               FILE_SYNCHRONOUS_IO_NONALERT, &p.Sync, NULL),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(t, IoTestOpen(IOFT_BUFFERED_NAME, FILE_READ_DATA | SYNCHRONIZE, 0, &control,
                               NULL),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(t, ObReferenceObjectByHandle(p.Sync, 0, *IoFileObjectType, KernelMode,
                                              (PVOID *)&fo, NULL),
                 STATUS_SUCCESS);
    for (int round = 0; round < 20; round++) {
        p.SecondDone = 0;
        first = IoTestStartThread(t, PendHolder, &p);
        KT_ASSERT_TRUE(t, WaitUntil(OnePending, NULL));
        second = IoTestStartThread(t, LockWaiter, &p);
        KT_ASSERT_TRUE(t, WaitUntil(OneLockWaiter, fo));
        KT_EXPECT_EQ(t, ZwDeviceIoControlFile(control, NULL, NULL, NULL, &iosb,
                                              IOCTL_IOFT_COMPLETE, &information,
                                              sizeof information, NULL, 0),
                     STATUS_SUCCESS);
        KT_ASSERT_TRUE(t, WaitUntil(SecondDone, &p));
        IoTestJoinThread(first);
        IoTestJoinThread(second);
        KT_EXPECT_EQ(t, p.First, STATUS_SUCCESS);
        KT_EXPECT_EQ(t, p.Second, STATUS_SUCCESS);
        KT_EXPECT_EQ(t, fo->Waiters, 0);
    }
    ObDereferenceObject(fo);
    ZwClose(control);
    ZwClose(p.Sync);
}

/* Requests pended on one thread, completed from another, while a third cancels. */
typedef struct _PENDERS {
    HANDLE File;
    volatile LONG Done;
    volatile LONG Bad;
} PENDERS;

static VOID NTAPI Pender(PVOID Context)
{
    PENDERS *p = Context;
    for (int i = 0; i < 100; i++) {
        IO_STATUS_BLOCK iosb = { .Status = 99 };
        UCHAR out[8];
        HANDLE ev;
        PKEVENT event;
        NTSTATUS st;
        if (!NT_SUCCESS(ZwCreateEvent(&ev, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE))) {
            InterlockedIncrement(&p->Bad);
            break;
        }
        ObReferenceObjectByHandle(ev, 0, *ExEventObjectType, KernelMode, (PVOID *)&event, NULL);
        st = ZwDeviceIoControlFile(p->File, ev, NULL, NULL, &iosb, IOCTL_IOFT_PEND, NULL, 0, out,
                                   8);
        if (st == STATUS_PENDING)
            KeWaitForSingleObject(event, Executive, KernelMode, FALSE, NULL);
        if (iosb.Status != STATUS_SUCCESS && iosb.Status != STATUS_CANCELLED)
            InterlockedIncrement(&p->Bad);
        ObDereferenceObject(event);
        ZwClose(ev);
    }
    InterlockedIncrement(&p->Done);
}

static VOID NTAPI Completer(PVOID Context)
{
    PENDERS *p = Context;
    ULONG one = 1;
    LARGE_INTEGER tick = { .QuadPart = -100 };
    while (__atomic_load_n(&p->Done, __ATOMIC_ACQUIRE) < 2) {
        IO_STATUS_BLOCK iosb;
        if (ZwDeviceIoControlFile(p->File, NULL, NULL, NULL, &iosb, IOCTL_IOFT_COMPLETE, &one,
                                  sizeof(one), NULL, 0) != STATUS_SUCCESS)
            KeDelayExecutionThread(KernelMode, FALSE, &tick);
    }
}

static VOID NTAPI Canceller(PVOID Context)
{
    PENDERS *p = Context;
    LARGE_INTEGER tick = { .QuadPart = -100 };
    while (__atomic_load_n(&p->Done, __ATOMIC_ACQUIRE) < 2) {
        IO_STATUS_BLOCK iosb;
        (VOID)NtCancelIoFileEx(p->File, NULL, &iosb);
        KeDelayExecutionThread(KernelMode, FALSE, &tick);
    }
}

static void io_ioctl_mp_test_pend_complete_cancel(KTEST *t)
{
    PENDERS p = { 0 };
    PVOID threads[4];

    IoTestLoadDriver(t);
    IoftState.Quiet = TRUE;
    KT_ASSERT_EQ(t, IoTestOpen(IOFT_BUFFERED_NAME, FILE_READ_DATA | SYNCHRONIZE, 0, &p.File,
                               NULL),
                 STATUS_SUCCESS);
    threads[0] = IoTestStartThread(t, Pender, &p);
    threads[1] = IoTestStartThread(t, Pender, &p);
    threads[2] = IoTestStartThread(t, Completer, &p);
    threads[3] = IoTestStartThread(t, Canceller, &p);
    for (int i = 0; i < 4; i++)
        IoTestJoinThread(threads[i]);
    KT_EXPECT_EQ(t, p.Bad, 0);
    KT_EXPECT_EQ(t, IoftState.PendingCount, 0);
    ZwClose(p.File);
    IoftState.Quiet = FALSE;
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_ioctl_mp_test_concurrent_requests),
    KTEST_CASE_ENTRY(io_ioctl_mp_test_synchronous_lock_hand_over),
    KTEST_CASE_ENTRY(io_ioctl_mp_test_pend_complete_cancel),
    { 0 }
};
KTEST_SUITE(io_ioctl_mp, cases);
