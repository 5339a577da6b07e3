/*
 * PURPOSE: StartIo under concurrency (src/io/startio.c): threads submit IRPs with
 * IoStartPacket (at PASSIVE_LEVEL and DISPATCH_LEVEL, some by key) to a DeferredStartIo
 * device whose StartIo hands each IRP to a "DPC" thread that completes it and starts the
 * next one, while another thread cancels many of them (queued or current) through the
 * driver's classic cancel routine. StartIo never runs
 * twice at once, and every IRP is completed exactly once, by StartIo or by the cancel
 * routine. Progress is awaited by polling counters, never time.
 */
#include <ntddk.h>
#include "ktest.h"

#define SUBMITTERS 3
#define PER_THREAD 300
#define IRPS       (SUBMITTERS * PER_THREAD)

typedef struct _DEV {
    DRIVER_OBJECT Driver;
    DEVICE_OBJECT Device;
    ULONGLONG Extension[64];
} DEV;

static DEV D;
static PIRP Irps[IRPS];
static volatile LONG Completions[IRPS], ByStartIo[IRPS], ByCancel[IRPS];
static volatile LONG InStartIo, Overlaps, Submitted[IRPS];

#define INDEX(Irp) ((ULONG)(ULONG_PTR)(Irp)->Tail.Overlay.DriverContext[3])

static KEVENT Go;                /* all threads start together */

static VOID WaitGo(VOID)
{
    KeWaitForSingleObject(&Go, Executive, KernelMode, FALSE, NULL);
}

static VOID Yield(VOID)
{
    LARGE_INTEGER shortest = { .QuadPart = -1 };
    KeDelayExecutionThread(KernelMode, FALSE, &shortest);
}

static VOID Complete(PIRP Irp, NTSTATUS Status)
{
    Irp->IoStatus.Status = Status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

/* StartIo only makes the IRP the active one; the "interrupt/DPC" thread completes it. */
static PIRP volatile Active;
static volatile LONG Finished;

static VOID NTAPI StartIo(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    if (InterlockedExchange(&InStartIo, 1) != 0)
        InterlockedIncrement(&Overlaps);
    InterlockedExchangePointer((PVOID volatile *)&Active, Irp);
    InterlockedExchange(&InStartIo, 0);
}

/* The driver's DpcForIsr: completes the active IRP unless it is being cancelled (then its
   cancel routine completes it and starts the next one). */
static VOID NTAPI Completer(PVOID Context)
{
    ULONG idle = 0;
    UNREFERENCED_PARAMETER(Context);
    WaitGo();
    while (InterlockedCompareExchange(&Finished, 0, 0) < IRPS) {
        PIRP irp = InterlockedExchangePointer((PVOID volatile *)&Active, NULL);
        KIRQL old, irql;
        if (irp == NULL) {
            if (++idle % 64 == 0)
                Yield();
            continue;
        }
        KeRaiseIrql(DISPATCH_LEVEL, &old);
        IoAcquireCancelSpinLock(&irql);
        if (IoSetCancelRoutine(irp, NULL) == NULL) {
            IoReleaseCancelSpinLock(irql);
            KeLowerIrql(old);
            continue;
        }
        IoReleaseCancelSpinLock(irql);
        InterlockedIncrement(&ByStartIo[INDEX(irp)]);
        Complete(irp, STATUS_SUCCESS);
        IoStartNextPacket(&D.Device, TRUE);
        KeLowerIrql(old);
    }
}

static VOID NTAPI CancelRoutine(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    if (Irp == DeviceObject->CurrentIrp) {
        IoReleaseCancelSpinLock(Irp->CancelIrql);
        IoStartNextPacket(DeviceObject, TRUE);
    } else {
        KeRemoveEntryDeviceQueue(&DeviceObject->DeviceQueue, &Irp->Tail.Overlay.DeviceQueueEntry);
        IoReleaseCancelSpinLock(Irp->CancelIrql);
    }
    InterlockedIncrement(&ByCancel[INDEX(Irp)]);
    Complete(Irp, STATUS_CANCELLED);
}

static NTSTATUS NTAPI Done(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    InterlockedIncrement(&Completions[(ULONG_PTR)Context]);
    InterlockedIncrement(&Finished);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static VOID NTAPI Submitter(PVOID Context)
{
    ULONG id = (ULONG)(ULONG_PTR)Context, n;

    WaitGo();
    for (n = 0; n < PER_THREAD; n++) {
        ULONG i = id * PER_THREAD + n;
        ULONG key = n % 5;
        KIRQL old = PASSIVE_LEVEL;
        if (n % 2)
            KeRaiseIrql(DISPATCH_LEVEL, &old);
        IoStartPacket(&D.Device, Irps[i], (n % 3 == 0) ? &key : NULL, CancelRoutine);
        if (n % 2)
            KeLowerIrql(old);
        InterlockedExchange(&Submitted[i], 1);
    }
}

static VOID NTAPI Canceller(PVOID Context)
{
    ULONG i;
    UNREFERENCED_PARAMETER(Context);
    WaitGo();
    for (i = 0; i < IRPS; i++) {
        if (i % 3 == 0)
            continue;
        while (!InterlockedCompareExchange(&Submitted[i], 0, 0))
            Yield();
        IoCancelIrp(Irps[i]);
    }
}

static PVOID Start(PKSTART_ROUTINE Routine, PVOID Context)
{
    HANDLE h;
    PVOID thread = NULL;
    if (!NT_SUCCESS(PsCreateSystemThread(&h, THREAD_ALL_ACCESS, NULL, NULL, NULL, Routine,
                                         Context)))
        return NULL;
    ObReferenceObjectByHandle(h, SYNCHRONIZE, *PsThreadType, KernelMode, &thread, NULL);
    ZwClose(h);
    return thread;
}

static void io_startio_mp_test_serialized_and_each_irp_once(KTEST *t)
{
    PVOID threads[SUBMITTERS + 2];
    LONG started = 0, cancelled = 0;
    ULONG i;

    D.Driver.Type = IO_TYPE_DRIVER;
    D.Driver.Size = sizeof(DRIVER_OBJECT);
    D.Driver.DriverStartIo = StartIo;
    D.Device.Type = IO_TYPE_DEVICE;
    D.Device.Size = sizeof(DEVICE_OBJECT);
    D.Device.DriverObject = &D.Driver;
    D.Device.StackSize = 1;
    D.Device.DeviceObjectExtension = (PDEVOBJ_EXTENSION)D.Extension;
    D.Device.DeviceObjectExtension->Type = IO_TYPE_DEVICE_OBJECT_EXTENSION;
    D.Device.DeviceObjectExtension->Size = sizeof(DEVOBJ_EXTENSION);
    D.Device.DeviceObjectExtension->DeviceObject = &D.Device;
    KeInitializeDeviceQueue(&D.Device.DeviceQueue);
    KeInitializeEvent(&Go, NotificationEvent, FALSE);
    IoSetStartIoAttributes(&D.Device, TRUE, FALSE);

    for (i = 0; i < IRPS; i++) {
        Irps[i] = IoAllocateIrp(1, FALSE);
        KT_ASSERT_TRUE(t, Irps[i] != NULL);
        IoSetCompletionRoutine(Irps[i], Done, (PVOID)(ULONG_PTR)i, TRUE, TRUE, TRUE);
        IoSetNextIrpStackLocation(Irps[i]);
        IoGetCurrentIrpStackLocation(Irps[i])->DeviceObject = &D.Device;   /* as IoCallDriver */
        Irps[i]->Tail.Overlay.DriverContext[3] = (PVOID)(ULONG_PTR)i;
    }
    for (i = 0; i < SUBMITTERS; i++)
        threads[i] = Start(Submitter, (PVOID)(ULONG_PTR)i);
    threads[SUBMITTERS] = Start(Canceller, NULL);
    threads[SUBMITTERS + 1] = Start(Completer, NULL);
    KeSetEvent(&Go, IO_NO_INCREMENT, FALSE);
    for (i = 0; i < SUBMITTERS + 2; i++) {
        KT_ASSERT_TRUE(t, threads[i] != NULL);
        KeWaitForSingleObject(threads[i], Executive, KernelMode, FALSE, NULL);
        ObDereferenceObject(threads[i]);
    }

    KT_EXPECT_EQ(t, Overlaps, 0);
    for (i = 0; i < IRPS; i++) {
        if (Completions[i] != 1 || ByStartIo[i] + ByCancel[i] != 1)
            KT_FAIL(t, "IRP %u: %d completions, %d by StartIo, %d by the cancel routine", i,
                    (int)Completions[i], (int)ByStartIo[i], (int)ByCancel[i]);
        started += ByStartIo[i];
        cancelled += ByCancel[i];
        IoFreeIrp(Irps[i]);
    }
    KT_EXPECT_EQ(t, started + cancelled, IRPS);
    KT_EXPECT_FALSE(t, D.Device.DeviceQueue.Busy);
    KT_EXPECT_PTR_EQ(t, D.Device.CurrentIrp, NULL);
    KT_EXPECT_TRUE(t, IsListEmpty(&D.Device.DeviceQueue.DeviceListHead));
    ktest_log(t, "%d by StartIo, %d cancelled", (int)started, (int)cancelled);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_startio_mp_test_serialized_and_each_irp_once),
    {0}
};
KTEST_SUITE(io_startio_mp, cases);
