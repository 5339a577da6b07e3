/*
 * PURPOSE: Driver-mode tests for I/O work items (src/io/iowork.c): the routine runs at
 * PASSIVE_LEVEL on a system thread with the device and context, the item may be freed or
 * requeued from its routine, IoQueueWorkItemEx passes the item, caller-allocated items
 * (IoSizeofWorkItem / IoInitializeWorkItem / IoUninitializeWorkItem) with a driver object,
 * queuing from DISPATCH_LEVEL, the device (and so the driver) held while the item is
 * queued or running, and the WORKER_INVALID checks that need no queued item.
 */
#include <ntddk.h>
#include <kmode/bugcheck.h>
#include "ktest.h"
#include "io_driver_harness.h"

#define WAIT_LIMIT_SECONDS 30

typedef struct _WORK {
    KEVENT Done;
    KEVENT Release;            /* the routine waits for it when Block is set */
    BOOLEAN Block;
    PIO_WORKITEM Item;
    KIRQL Irql;
    BOOLEAN SystemThread;
    PDEVICE_OBJECT Device;
    PVOID IoObject;
    PIO_WORKITEM ExItem;
    LONG Runs;
    LONG Requeue;
    BOOLEAN FreeInRoutine;
    ULONG ExtensionValue;
} WORK;

static NTSTATUS WaitBounded(PKEVENT Event)
{
    LARGE_INTEGER timeout;
    timeout.QuadPart = -10000000LL * WAIT_LIMIT_SECONDS;
    return KeWaitForSingleObject(Event, Executive, KernelMode, FALSE, &timeout);
}

static VOID NTAPI Routine(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    WORK *w = Context;

    w->Irql = KeGetCurrentIrql();
    w->SystemThread = PsIsSystemThread(PsGetCurrentThread());
    w->Device = DeviceObject;
    w->Runs++;
    if (w->Block) {
        WaitBounded(&w->Release);
        /* The device may have been deleted meanwhile: it must still be there. */
        w->ExtensionValue = *(PULONG)DeviceObject->DeviceExtension;
    }
    if (w->Requeue > 0) {
        w->Requeue--;
        IoQueueWorkItem(w->Item, Routine, DelayedWorkQueue, w);
        return;
    }
    if (w->FreeInRoutine)
        IoFreeWorkItem(w->Item);
    KeSetEvent(&w->Done, IO_NO_INCREMENT, FALSE);
}

static VOID NTAPI RoutineEx(PVOID IoObject, PVOID Context, PIO_WORKITEM IoWorkItem)
{
    WORK *w = Context;

    w->Irql = KeGetCurrentIrql();
    w->IoObject = IoObject;
    w->ExItem = IoWorkItem;
    w->Runs++;
    KeSetEvent(&w->Done, IO_NO_INCREMENT, FALSE);
}

static void Init(WORK *w)
{
    RtlZeroMemory(w, sizeof *w);
    KeInitializeEvent(&w->Done, NotificationEvent, FALSE);
    KeInitializeEvent(&w->Release, NotificationEvent, FALSE);
}

static PDEVICE_OBJECT NewDevice(KTEST *t, PDRIVER_OBJECT Driver)
{
    PDEVICE_OBJECT d = NULL;
    KT_EXPECT_EQ(t, IoCreateDevice(Driver, sizeof(ULONG), NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &d),
                 STATUS_SUCCESS);
    return d;
}

static void io_work_test_routine_runs_at_passive_with_device(KTEST *t)
{
    PDRIVER_OBJECT drv = NULL;
    PDEVICE_OBJECT dev;
    WORK w;

    KT_ASSERT_EQ(t, IoTestLoadDriver(L"IoWorkBasic", NULL, &drv), STATUS_SUCCESS);
    dev = NewDevice(t, drv);
    KT_ASSERT_TRUE(t, dev != NULL);
    Init(&w);
    w.Item = IoAllocateWorkItem(dev);
    KT_ASSERT_TRUE(t, w.Item != NULL);
    w.FreeInRoutine = TRUE;
    IoQueueWorkItem(w.Item, Routine, DelayedWorkQueue, &w);
    KT_ASSERT_EQ(t, WaitBounded(&w.Done), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, w.Irql, PASSIVE_LEVEL);
    KT_EXPECT_TRUE(t, w.SystemThread);
    KT_EXPECT_PTR_EQ(t, w.Device, dev);
    KT_EXPECT_EQ(t, w.Runs, 1);
    IoDeleteDevice(dev);
    KT_EXPECT_EQ(t, IoTestUnloadDriver(drv), STATUS_SUCCESS);
}

static void io_work_test_requeue_from_routine_and_queue_at_dispatch(KTEST *t)
{
    PDRIVER_OBJECT drv = NULL;
    PDEVICE_OBJECT dev;
    WORK w;
    KIRQL old;

    KT_ASSERT_EQ(t, IoTestLoadDriver(L"IoWorkRequeue", NULL, &drv), STATUS_SUCCESS);
    dev = NewDevice(t, drv);
    KT_ASSERT_TRUE(t, dev != NULL);
    Init(&w);
    w.Item = IoAllocateWorkItem(dev);
    KT_ASSERT_TRUE(t, w.Item != NULL);
    w.Requeue = 4;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    IoQueueWorkItem(w.Item, Routine, CriticalWorkQueue, &w);
    KeLowerIrql(old);
    KT_ASSERT_EQ(t, WaitBounded(&w.Done), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, w.Runs, 5);
    KT_EXPECT_EQ(t, w.Irql, PASSIVE_LEVEL);
    IoFreeWorkItem(w.Item);
    IoDeleteDevice(dev);
    KT_EXPECT_EQ(t, IoTestUnloadDriver(drv), STATUS_SUCCESS);
}

static void io_work_test_queue_ex_passes_item(KTEST *t)
{
    PDRIVER_OBJECT drv = NULL;
    PDEVICE_OBJECT dev;
    WORK w;

    KT_ASSERT_EQ(t, IoTestLoadDriver(L"IoWorkEx", NULL, &drv), STATUS_SUCCESS);
    dev = NewDevice(t, drv);
    KT_ASSERT_TRUE(t, dev != NULL);
    Init(&w);
    w.Item = IoAllocateWorkItem(dev);
    KT_ASSERT_TRUE(t, w.Item != NULL);
    IoQueueWorkItemEx(w.Item, RoutineEx, HyperCriticalWorkQueue, &w);
    KT_ASSERT_EQ(t, WaitBounded(&w.Done), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, w.IoObject, dev);
    KT_EXPECT_PTR_EQ(t, w.ExItem, w.Item);
    KT_EXPECT_EQ(t, w.Irql, PASSIVE_LEVEL);
    IoFreeWorkItem(w.Item);
    IoDeleteDevice(dev);
    KT_EXPECT_EQ(t, IoTestUnloadDriver(drv), STATUS_SUCCESS);
}

static void io_work_test_caller_allocated_item_with_driver_object(KTEST *t)
{
    PDRIVER_OBJECT drv = NULL;
    PIO_WORKITEM item;
    WORK w;
    ULONG size = IoSizeofWorkItem();

    KT_EXPECT_TRUE(t, size >= sizeof(WORK_QUEUE_ITEM));
    KT_ASSERT_EQ(t, IoTestLoadDriver(L"IoWorkInit", NULL, &drv), STATUS_SUCCESS);
    item = ExAllocatePool2(POOL_FLAG_NON_PAGED, size, 'kroW');
    KT_ASSERT_TRUE(t, item != NULL);
    IoInitializeWorkItem(drv, item);
    Init(&w);
    IoQueueWorkItemEx(item, RoutineEx, DelayedWorkQueue, &w);
    KT_ASSERT_EQ(t, WaitBounded(&w.Done), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, w.IoObject, drv);
    KT_EXPECT_PTR_EQ(t, w.ExItem, item);
    /* Done with it: initialize again for the next use, then uninitialize. */
    IoUninitializeWorkItem(item);
    IoInitializeWorkItem(drv, item);
    IoUninitializeWorkItem(item);
    ExFreePoolWithTag(item, 'kroW');
    KT_EXPECT_EQ(t, IoTestUnloadDriver(drv), STATUS_SUCCESS);
}

static void io_work_test_device_held_while_queued_or_running(KTEST *t)
{
    PDRIVER_OBJECT drv = NULL;
    PDEVICE_OBJECT dev;
    LONG_PTR refs;
    LONG devices = IoTestDeviceObjectCount();
    WORK w;

    KT_ASSERT_EQ(t, IoTestLoadDriver(L"IoWorkHeld", NULL, &drv), STATUS_SUCCESS);
    dev = NewDevice(t, drv);
    KT_ASSERT_TRUE(t, dev != NULL);
    *(PULONG)dev->DeviceExtension = 0x600D;
    Init(&w);
    w.Block = TRUE;
    w.FreeInRoutine = TRUE;
    w.Item = IoAllocateWorkItem(dev);
    KT_ASSERT_TRUE(t, w.Item != NULL);
    refs = IoTestPointerCount(dev);
    IoQueueWorkItem(w.Item, Routine, DelayedWorkQueue, &w);
    /* Queued or running: one more reference on the device. */
    KT_EXPECT_EQ(t, IoTestPointerCount(dev), refs + 1);
    /* The driver deletes the device and unloads while the routine is still pending. */
    IoDeleteDevice(dev);
    KT_EXPECT_EQ(t, IoTestUnloadDriver(drv), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, IoTestDeviceObjectCount(), devices + 1);
    KeSetEvent(&w.Release, IO_NO_INCREMENT, FALSE);
    KT_ASSERT_EQ(t, WaitBounded(&w.Done), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, w.ExtensionValue, 0x600D);
    /* The work item's reference goes right after the routine returns. (A device an earlier
       test left to a worker may go meanwhile too: the count can end below the start.) */
    for (int i = 0; i < WAIT_LIMIT_SECONDS * 100 && IoTestDeviceObjectCount() > devices; i++) {
        LARGE_INTEGER delay;
        delay.QuadPart = -100000;   /* 10 ms */
        KeDelayExecutionThread(KernelMode, FALSE, &delay);
    }
    KT_EXPECT_TRUE(t, IoTestDeviceObjectCount() <= devices);
}

/* ---- WORKER_INVALID checks ------------------------------------------------------------ */

static PDRIVER_OBJECT CheckDriver;
static PIO_WORKITEM CheckItem;
static ULONG BadObject[8] = { 0x1234 };

static void InitWithBadObject(void *Context)
{
    (void)Context;
    IoInitializeWorkItem(BadObject, CheckItem);
}

static void QueueBadType(void *Context)
{
    (void)Context;
    IoQueueWorkItem(CheckItem, Routine, (WORK_QUEUE_TYPE)99, NULL);
}

static void QueueNullRoutine(void *Context)
{
    (void)Context;
    IoQueueWorkItem(CheckItem, NULL, DelayedWorkQueue, NULL);
}

static void io_work_test_invalid_use_bugchecks(KTEST *t)
{
    KMODE_BUGCHECK bc;
    PDEVICE_OBJECT dev;

    KT_ASSERT_EQ(t, IoTestLoadDriver(L"IoWorkChecks", NULL, &CheckDriver), STATUS_SUCCESS);
    dev = NewDevice(t, CheckDriver);
    KT_ASSERT_TRUE(t, dev != NULL);
    CheckItem = IoAllocateWorkItem(dev);
    KT_ASSERT_TRUE(t, CheckItem != NULL);

    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(InitWithBadObject, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, WORKER_INVALID);
    KT_EXPECT_EQ(t, bc.Parameter1, 3);
    KT_EXPECT_EQ(t, bc.Parameter2, (ULONG_PTR)CheckItem);
    KT_EXPECT_EQ(t, bc.Parameter3, (ULONG_PTR)BadObject);

    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(QueueBadType, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, WORKER_INVALID);
    KT_EXPECT_EQ(t, bc.Parameter1, 6);
    KT_EXPECT_EQ(t, bc.Parameter2, (ULONG_PTR)CheckItem);
    KT_EXPECT_EQ(t, bc.Parameter3, 99);

    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(QueueNullRoutine, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, WORKER_INVALID);
    KT_EXPECT_EQ(t, bc.Parameter1, 7);
    KT_EXPECT_EQ(t, bc.Parameter3, DelayedWorkQueue);

    /* None of these queued anything or took a reference: the item frees cleanly. */
    IoFreeWorkItem(CheckItem);
    IoDeleteDevice(dev);
    KT_EXPECT_EQ(t, IoTestUnloadDriver(CheckDriver), STATUS_SUCCESS);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_work_test_routine_runs_at_passive_with_device),
    KTEST_CASE_ENTRY(io_work_test_requeue_from_routine_and_queue_at_dispatch),
    KTEST_CASE_ENTRY(io_work_test_queue_ex_passes_item),
    KTEST_CASE_ENTRY(io_work_test_caller_allocated_item_with_driver_object),
    KTEST_CASE_ENTRY(io_work_test_device_held_while_queued_or_running),
    KTEST_CASE_ENTRY(io_work_test_invalid_use_bugchecks),
    { 0 }
};

KTEST_SUITE(io_work, cases);
