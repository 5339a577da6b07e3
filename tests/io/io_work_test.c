/*
 * PURPOSE: Runtime-mode tests for I/O work items that need a work item to stay queued (a
 * single-worker queue, blocked: test hook ExpSetWorkerLimitForTest): queuing it again and
 * freeing it are WORKER_INVALID; and a routine returning at DISPATCH_LEVEL (in a child
 * process: the bugcheck happens on a worker thread).
 */
#include <internal/io.h>
#include <internal/ps.h>
#include <kmode/bugcheck.h>
#include <bugcodes.h>
#include "ktest.h"
#include "io_driver_harness.h"

/* Only these tests use this queue, so its worker limit can be set before its first item. */
#define BLOCKED_QUEUE RealTimeWorkQueue

static KEVENT BlockerRunning, BlockerRelease, QueuedDone;
static PIO_WORKITEM Queued;

static VOID NTAPI Blocker(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);
    KeSetEvent(&BlockerRunning, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(&BlockerRelease, Executive, KernelMode, FALSE, NULL);
}

static VOID NTAPI QueuedRoutine(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);
    KeSetEvent(&QueuedDone, IO_NO_INCREMENT, FALSE);
}

static void QueueAgain(void *Context)
{
    (void)Context;
    IoQueueWorkItem(Queued, QueuedRoutine, BLOCKED_QUEUE, NULL);
}

static void FreeQueued(void *Context)
{
    (void)Context;
    IoFreeWorkItem(Queued);
}

static void UninitializeQueued(void *Context)
{
    (void)Context;
    IoUninitializeWorkItem(Queued);
}

static void io_work_test_queued_item_cannot_be_requeued_or_freed(KTEST *t)
{
    PDRIVER_OBJECT drv = NULL;
    PDEVICE_OBJECT dev = NULL;
    PIO_WORKITEM blocker;
    KMODE_BUGCHECK bc;
    LONG_PTR refs;

    ExpSetWorkerLimitForTest(BLOCKED_QUEUE, 1);
    KeInitializeEvent(&BlockerRunning, NotificationEvent, FALSE);
    KeInitializeEvent(&BlockerRelease, NotificationEvent, FALSE);
    KeInitializeEvent(&QueuedDone, NotificationEvent, FALSE);
    KT_ASSERT_EQ(t, IoTestLoadDriver(L"IoWorkQueued", NULL, &drv), STATUS_SUCCESS);
    KT_ASSERT_EQ(t, IoCreateDevice(drv, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &dev),
                 STATUS_SUCCESS);
    blocker = IoAllocateWorkItem(dev);
    Queued = IoAllocateWorkItem(dev);
    KT_ASSERT_TRUE(t, blocker != NULL && Queued != NULL);

    /* The queue's only worker is busy: the second item stays queued. */
    IoQueueWorkItem(blocker, Blocker, BLOCKED_QUEUE, NULL);
    KeWaitForSingleObject(&BlockerRunning, Executive, KernelMode, FALSE, NULL);
    IoQueueWorkItem(Queued, QueuedRoutine, BLOCKED_QUEUE, NULL);
    refs = IoTestPointerCount(dev);

    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(QueueAgain, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, WORKER_INVALID);
    KT_EXPECT_EQ(t, bc.Parameter1, 1);
    KT_EXPECT_EQ(t, bc.Parameter2, (ULONG_PTR)Queued);
    KT_EXPECT_EQ(t, bc.Parameter3, BLOCKED_QUEUE);
    KT_EXPECT_EQ(t, IoTestPointerCount(dev), refs);    /* nothing taken */

    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(FreeQueued, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, WORKER_INVALID);
    KT_EXPECT_EQ(t, bc.Parameter1, 2);
    KT_EXPECT_EQ(t, bc.Parameter2, (ULONG_PTR)Queued);
    KT_EXPECT_EQ(t, bc.Parameter3, (ULONG_PTR)QueuedRoutine);

    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(UninitializeQueued, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, WORKER_INVALID);
    KT_EXPECT_EQ(t, bc.Parameter1, 2);

    /* Let both run; then the items are free to go. */
    KeSetEvent(&BlockerRelease, IO_NO_INCREMENT, FALSE);
    KT_EXPECT_EQ(t, KeWaitForSingleObject(&QueuedDone, Executive, KernelMode, FALSE, NULL),
                 STATUS_SUCCESS);
    IoFreeWorkItem(blocker);
    IoFreeWorkItem(Queued);
    IoDeleteDevice(dev);
    KT_EXPECT_EQ(t, IoTestUnloadDriver(drv), STATUS_SUCCESS);
}

/* ---- A routine returning at DISPATCH_LEVEL (isolated) ------------------------------------ */

static VOID NTAPI ReturnAtDispatch(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    KIRQL old;
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);
    KeRaiseIrql(DISPATCH_LEVEL, &old);
}

static void RunBadRoutine(void *Context)
{
    PDRIVER_OBJECT drv = NULL;
    PDEVICE_OBJECT dev = NULL;
    PIO_WORKITEM item;
    KEVENT never;
    (void)Context;

    if (!NT_SUCCESS(IoTestLoadDriver(L"IoWorkBadIrql", NULL, &drv)) ||
        !NT_SUCCESS(IoCreateDevice(drv, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &dev)))
        return;
    item = IoAllocateWorkItem(dev);
    if (item == NULL)
        return;
    IoQueueWorkItem(item, ReturnAtDispatch, DelayedWorkQueue, (PVOID)0x77);
    /* The bugcheck on the worker ends the process. */
    KeInitializeEvent(&never, NotificationEvent, FALSE);
    KeWaitForSingleObject(&never, Executive, KernelMode, FALSE, NULL);
}

static void io_work_test_routine_returning_at_dispatch_bugchecks(KTEST *t)
{
    char out[16384];
    int status = ktest_run_isolated(RunBadRoutine, NULL, out, sizeof out);

    KT_EXPECT_EQ(t, status, KMODE_BUGCHECK_EXIT_STATUS);
    KT_EXPECT_CONTAINS(t, out, "WORKER_THREAD_RETURNED_AT_BAD_IRQL");
    /* Parameter 1 names the driver's routine, not the I/O manager's wrapper. */
    KT_EXPECT_CONTAINS(t, out, "ReturnAtDispatch");
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_work_test_queued_item_cannot_be_requeued_or_freed),
    KTEST_CASE_ENTRY(io_work_test_routine_returning_at_dispatch_bugchecks),
    { 0 }
};

KTEST_SUITE(io_work_queued, cases);
