/*
 * PURPOSE: Multi-threaded tests for device objects, stacks and I/O timers (run under TSan
 * too): system threads build and tear down device stacks while others walk them through
 * IoGetAttachedDeviceReference / IoGetLowerDeviceObject; devices with started I/O timers
 * are deleted while ticks run; work items are queued on devices that are being deleted.
 */
#include <ntddk.h>
#include "ktest.h"
#include "io_driver_harness.h"

#define THREADS 4
#define ROUNDS  200

typedef struct _MP {
    PDRIVER_OBJECT Driver;
    PDEVICE_OBJECT Bases[THREADS];
    volatile LONG Stop;
    volatile LONG Failures;
    volatile LONG Ticks;
    volatile LONG WorkRuns;
    KEVENT WorkDone;
    volatile LONG WorkPending;
} MP;

static MP Mp;

static VOID RunThreads(PKSTART_ROUTINE Routine, ULONG Count, PKSTART_ROUTINE Reader)
{
    PVOID threads[THREADS + 1];
    ULONG n = 0;

    for (ULONG i = 0; i < Count + (Reader != NULL ? 1 : 0); i++) {
        HANDLE h;
        OBJECT_ATTRIBUTES oa;
        PKSTART_ROUTINE r = i < Count ? Routine : Reader;
        InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
        if (!NT_SUCCESS(PsCreateSystemThread(&h, THREAD_ALL_ACCESS, &oa, NULL, NULL, r,
                                             (PVOID)(ULONG_PTR)i)))
            continue;
        if (NT_SUCCESS(ObReferenceObjectByHandle(h, SYNCHRONIZE, *PsThreadType, KernelMode,
                                                 &threads[n], NULL)))
            n++;
        ZwClose(h);
    }
    /* Wait for the workers (all but the reader), then stop the reader. */
    for (ULONG i = 0; i < n; i++) {
        if (i == Count)
            InterlockedExchange(&Mp.Stop, 1);
        KeWaitForSingleObject(threads[i], Executive, KernelMode, FALSE, NULL);
        ObDereferenceObject(threads[i]);
    }
}

/* Each worker stacks two filters on its own base and takes them down again. */
static VOID NTAPI StackWorker(PVOID Context)
{
    ULONG index = (ULONG)(ULONG_PTR)Context;
    PDEVICE_OBJECT base = Mp.Bases[index];

    for (int round = 0; round < ROUNDS; round++) {
        PDEVICE_OBJECT f1 = NULL, f2 = NULL, to = NULL;
        if (!NT_SUCCESS(IoCreateDevice(Mp.Driver, 16, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &f1)) ||
            !NT_SUCCESS(IoCreateDevice(Mp.Driver, 16, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &f2))) {
            InterlockedIncrement(&Mp.Failures);
            return;
        }
        if (IoAttachDeviceToDeviceStack(f1, base) != base ||
            !NT_SUCCESS(IoAttachDeviceToDeviceStackSafe(f2, base, &to)) || to != f1 ||
            f2->StackSize != 3)
            InterlockedIncrement(&Mp.Failures);
        IoDetachDevice(f1);
        IoDetachDevice(base);
        IoDeleteDevice(f2);
        IoDeleteDevice(f1);
    }
}

/* Walks every base's stack while the workers change them. */
static VOID NTAPI StackReader(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    while (!InterlockedCompareExchange(&Mp.Stop, 0, 0)) {
        for (ULONG i = 0; i < THREADS; i++) {
            PDEVICE_OBJECT top = IoGetAttachedDeviceReference(Mp.Bases[i]);
            PDEVICE_OBJECT lower = IoGetLowerDeviceObject(top);
            PDEVICE_OBJECT base = IoGetDeviceAttachmentBaseRef(top);
            /* The stack may change between the calls (a filter detached meanwhile is then
               the bottom of its own stack); the base's own view must be consistent. */
            if (base == NULL || (top == Mp.Bases[i] && (base != top || lower != NULL)))
                InterlockedIncrement(&Mp.Failures);
            if (lower != NULL)
                ObDereferenceObject(lower);
            ObDereferenceObject(base);
            ObDereferenceObject(top);
        }
    }
}

static void io_device_mp_test_stacks_change_under_readers(KTEST *t)
{
    LONG devices = IoTestDeviceObjectCount();

    RtlZeroMemory(&Mp, sizeof Mp);
    KT_ASSERT_EQ(t, IoTestLoadDriver(L"IoMpStacks", NULL, &Mp.Driver), STATUS_SUCCESS);
    for (ULONG i = 0; i < THREADS; i++)
        KT_ASSERT_EQ(t, IoCreateDevice(Mp.Driver, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE,
                                       &Mp.Bases[i]), STATUS_SUCCESS);
    RunThreads(StackWorker, THREADS, StackReader);
    KT_EXPECT_EQ(t, Mp.Failures, 0);
    for (ULONG i = 0; i < THREADS; i++) {
        KT_EXPECT_TRUE(t, Mp.Bases[i]->AttachedDevice == NULL);
        IoDeleteDevice(Mp.Bases[i]);
    }
    KT_EXPECT_EQ(t, IoTestDeviceObjectCount(), devices);
    KT_EXPECT_EQ(t, IoTestUnloadDriver(Mp.Driver), STATUS_SUCCESS);
}

/* ---- Timers ticking while their devices go ------------------------------------------- */

static VOID NTAPI TimerRoutine(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    /* The device is alive while its routine runs: touch its extension. */
    InterlockedIncrement((volatile LONG *)DeviceObject->DeviceExtension);
    InterlockedIncrement(&Mp.Ticks);
}

static VOID NTAPI TimerWorker(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    for (int round = 0; round < ROUNDS; round++) {
        PDEVICE_OBJECT d = NULL;
        if (!NT_SUCCESS(IoCreateDevice(Mp.Driver, sizeof(LONG), NULL, FILE_DEVICE_UNKNOWN, 0,
                                       FALSE, &d)) ||
            !NT_SUCCESS(IoInitializeTimer(d, TimerRoutine, NULL))) {
            InterlockedIncrement(&Mp.Failures);
            return;
        }
        IoStartTimer(d);
        if (round & 1)
            IoStopTimer(d);
        IoDeleteDevice(d);
    }
}

static VOID NTAPI Ticker(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    while (!InterlockedCompareExchange(&Mp.Stop, 0, 0))
        IoTestRunTimerTick();
}

static void io_device_mp_test_timers_of_deleted_devices(KTEST *t)
{
    LONG devices = IoTestDeviceObjectCount();

    RtlZeroMemory(&Mp, sizeof Mp);
    KT_ASSERT_EQ(t, IoTestLoadDriver(L"IoMpTimers", NULL, &Mp.Driver), STATUS_SUCCESS);
    RunThreads(TimerWorker, THREADS, Ticker);
    KT_EXPECT_EQ(t, Mp.Failures, 0);
    /* Ticks drop their device references through the reaper. */
    IoTestFlushDeferredDeletes();
    KT_EXPECT_EQ(t, IoTestDeviceObjectCount(), devices);
    KT_EXPECT_EQ(t, IoTestUnloadDriver(Mp.Driver), STATUS_SUCCESS);
}

/* ---- Work items on devices being deleted ------------------------------------------- */

static VOID NTAPI WorkRoutine(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    PIO_WORKITEM item = Context;
    InterlockedIncrement((volatile LONG *)DeviceObject->DeviceExtension);
    InterlockedIncrement(&Mp.WorkRuns);
    IoFreeWorkItem(item);
    if (InterlockedDecrement(&Mp.WorkPending) == 0)
        KeSetEvent(&Mp.WorkDone, IO_NO_INCREMENT, FALSE);
}

static VOID NTAPI WorkWorker(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    for (int round = 0; round < ROUNDS; round++) {
        PDEVICE_OBJECT d = NULL;
        PIO_WORKITEM item;
        if (!NT_SUCCESS(IoCreateDevice(Mp.Driver, sizeof(LONG), NULL, FILE_DEVICE_UNKNOWN, 0,
                                       FALSE, &d)) ||
            (item = IoAllocateWorkItem(d)) == NULL) {
            InterlockedIncrement(&Mp.Failures);
            return;
        }
        InterlockedIncrement(&Mp.WorkPending);
        IoQueueWorkItem(item, WorkRoutine, DelayedWorkQueue, item);
        IoDeleteDevice(d);   /* the queued item keeps the device */
    }
}

static void io_device_mp_test_work_items_of_deleted_devices(KTEST *t)
{
    LONG devices = IoTestDeviceObjectCount();

    RtlZeroMemory(&Mp, sizeof Mp);
    KeInitializeEvent(&Mp.WorkDone, NotificationEvent, FALSE);
    Mp.WorkPending = 1;   /* released below, once every item is queued */
    KT_ASSERT_EQ(t, IoTestLoadDriver(L"IoMpWork", NULL, &Mp.Driver), STATUS_SUCCESS);
    RunThreads(WorkWorker, THREADS, NULL);
    if (InterlockedDecrement(&Mp.WorkPending) == 0)
        KeSetEvent(&Mp.WorkDone, IO_NO_INCREMENT, FALSE);
    KT_ASSERT_EQ(t, KeWaitForSingleObject(&Mp.WorkDone, Executive, KernelMode, FALSE, NULL),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Mp.Failures, 0);
    KT_EXPECT_EQ(t, Mp.WorkRuns, THREADS * ROUNDS);
    /* The last routines may still be returning: wait until their references are gone. */
    for (int i = 0; i < 3000 && IoTestDeviceObjectCount() != devices; i++) {
        LARGE_INTEGER delay;
        delay.QuadPart = -100000;   /* 10 ms, up to 30 s */
        KeDelayExecutionThread(KernelMode, FALSE, &delay);
    }
    KT_EXPECT_EQ(t, IoTestDeviceObjectCount(), devices);
    KT_EXPECT_EQ(t, IoTestUnloadDriver(Mp.Driver), STATUS_SUCCESS);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_device_mp_test_stacks_change_under_readers),
    KTEST_CASE_ENTRY(io_device_mp_test_timers_of_deleted_devices),
    KTEST_CASE_ENTRY(io_device_mp_test_work_items_of_deleted_devices),
    { 0 }
};

KTEST_SUITE(io_device_mp, cases);
