/*
 * PURPOSE: StartIo (src/io/startio.c) as a classic WDK driver uses it: IoStartPacket on an
 * idle and a busy device, IoStartNextPacket(ByKey) and key order, StartIo at
 * DISPATCH_LEVEL, cancellation of a packet waiting in the device queue and of the current
 * one through the driver's cancel routine, IRPs cancelled before they are queued,
 * IoSetStartIoAttributes (NonCancelable, DeferredStartIo against recursion), and a driver
 * without StartIo. The device and driver objects are built by hand.
 */
#include <ntddk.h>
#include <kmode/bugcheck.h>
#include "ktest.h"

#define MAX_IRPS 8

/* ---- A hand-built device ---------------------------------------------------------------- */

typedef struct _DEV {
    DRIVER_OBJECT Driver;
    DEVICE_OBJECT Device;
    ULONGLONG Extension[64];          /* the device object extension (kmode's layout) */
} DEV;

static DEV D;

/* What the driver saw. */
enum { MODE_HOLD, MODE_CHAIN };       /* StartIo leaves the IRP current / completes it and
                                         starts the next one itself */
static int Mode;
static PIRP Started[MAX_IRPS * 2];
static int StartedCount, Depth, MaxDepth;
static KIRQL StartIoIrql;
static BOOLEAN CurrentMatched = TRUE;
static PDRIVER_CANCEL RoutineInStartIo[MAX_IRPS * 2];
static int NextCallsReturnedInside;   /* MODE_CHAIN: IoStartNextPacket came back in StartIo
                                         before the next StartIo began (deferred) */

typedef struct _TIRP {
    LONG Completions;
    NTSTATUS Status;
} TIRP;
static TIRP T[MAX_IRPS];
static PIRP I[MAX_IRPS];

static NTSTATUS NTAPI Done(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    TIRP *t = Context;
    UNREFERENCED_PARAMETER(DeviceObject);
    t->Status = Irp->IoStatus.Status;
    InterlockedIncrement(&t->Completions);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static VOID Complete(PIRP Irp, NTSTATUS Status)
{
    Irp->IoStatus.Status = Status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

static VOID NTAPI StartIo(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    int me = StartedCount;

    if (StartedCount < MAX_IRPS * 2) {
        Started[StartedCount] = Irp;
        RoutineInStartIo[StartedCount] = Irp->CancelRoutine;
    }
    StartedCount++;
    StartIoIrql = KeGetCurrentIrql();
    if (DeviceObject->CurrentIrp != Irp)
        CurrentMatched = FALSE;
    if (++Depth > MaxDepth)
        MaxDepth = Depth;
    if (Mode == MODE_CHAIN) {
        IoSetCancelRoutine(Irp, NULL);
        Complete(Irp, STATUS_SUCCESS);
        IoStartNextPacket(DeviceObject, TRUE);
        if (StartedCount == me + 1)
            NextCallsReturnedInside++;        /* the next one has not started yet */
    }
    Depth--;
}

/* The classic cancel routine of a StartIo driver (cancel spin lock held on entry). */
static int CancelCalls;
static KIRQL CancelIrqlSeen;
static VOID NTAPI CancelRoutine(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    CancelCalls++;
    CancelIrqlSeen = Irp->CancelIrql;
    if (Irp == DeviceObject->CurrentIrp) {
        IoReleaseCancelSpinLock(Irp->CancelIrql);
        IoStartNextPacket(DeviceObject, TRUE);
    } else {
        KeRemoveEntryDeviceQueue(&DeviceObject->DeviceQueue, &Irp->Tail.Overlay.DeviceQueueEntry);
        IoReleaseCancelSpinLock(Irp->CancelIrql);
    }
    Complete(Irp, STATUS_CANCELLED);
}

static VOID Setup(VOID)
{
    int i;

    RtlZeroMemory(&D, sizeof D);
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

    Mode = MODE_HOLD;
    StartedCount = Depth = MaxDepth = CancelCalls = NextCallsReturnedInside = 0;
    CurrentMatched = TRUE;
    for (i = 0; i < MAX_IRPS; i++) {
        RtlZeroMemory(&T[i], sizeof T[i]);
        I[i] = IoAllocateIrp(1, FALSE);
        IoSetCompletionRoutine(I[i], Done, &T[i], TRUE, TRUE, TRUE);
        IoSetNextIrpStackLocation(I[i]);
        IoGetCurrentIrpStackLocation(I[i])->DeviceObject = &D.Device;
    }
}

static VOID Teardown(VOID)
{
    int i;
    for (i = 0; i < MAX_IRPS; i++)
        IoFreeIrp(I[i]);
}

/* The driver finished the current IRP (e.g. in its DpcForIsr) and starts the next. */
static VOID FinishCurrent(BOOLEAN Cancelable)
{
    KIRQL old;
    PIRP irp = D.Device.CurrentIrp;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    IoSetCancelRoutine(irp, NULL);
    Complete(irp, STATUS_SUCCESS);
    IoStartNextPacket(&D.Device, Cancelable);
    KeLowerIrql(old);
}

/* ---- Tests ------------------------------------------------------------------------------ */

static void io_startio_test_idle_then_busy(KTEST *t)
{
    Setup();
    IoStartPacket(&D.Device, I[0], NULL, NULL);
    KT_EXPECT_EQ(t, StartedCount, 1);                 /* idle: started at once */
    KT_EXPECT_PTR_EQ(t, Started[0], I[0]);
    KT_EXPECT_PTR_EQ(t, D.Device.CurrentIrp, I[0]);
    KT_EXPECT_TRUE(t, D.Device.DeviceQueue.Busy);
    KT_EXPECT_EQ(t, StartIoIrql, DISPATCH_LEVEL);     /* called at PASSIVE, runs at DISPATCH */
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);

    IoStartPacket(&D.Device, I[1], NULL, NULL);
    IoStartPacket(&D.Device, I[2], NULL, NULL);
    KT_EXPECT_EQ(t, StartedCount, 1);                 /* busy: queued */
    KT_EXPECT_TRUE(t, I[1]->Tail.Overlay.DeviceQueueEntry.Inserted);

    FinishCurrent(FALSE);
    KT_EXPECT_EQ(t, StartedCount, 2);
    KT_EXPECT_PTR_EQ(t, Started[1], I[1]);
    KT_EXPECT_PTR_EQ(t, D.Device.CurrentIrp, I[1]);
    FinishCurrent(FALSE);
    KT_EXPECT_PTR_EQ(t, Started[2], I[2]);
    FinishCurrent(FALSE);
    /* Nothing left: idle, no current IRP. */
    KT_EXPECT_EQ(t, StartedCount, 3);
    KT_EXPECT_PTR_EQ(t, D.Device.CurrentIrp, NULL);
    KT_EXPECT_FALSE(t, D.Device.DeviceQueue.Busy);
    KT_EXPECT_TRUE(t, CurrentMatched);
    KT_EXPECT_EQ(t, T[0].Completions + T[1].Completions + T[2].Completions, 3);

    /* Idle again: the next packet starts at once. */
    IoStartPacket(&D.Device, I[3], NULL, NULL);
    KT_EXPECT_EQ(t, StartedCount, 4);
    FinishCurrent(FALSE);
    Teardown();
}

static void io_startio_test_next_packet_from_passive_level(KTEST *t)
{
    Setup();
    IoStartPacket(&D.Device, I[0], NULL, NULL);
    IoStartPacket(&D.Device, I[1], NULL, NULL);
    IoSetCancelRoutine(I[0], NULL);
    Complete(I[0], STATUS_SUCCESS);
    /* Documented for DISPATCH_LEVEL; kmode raises, so StartIo still runs there. */
    IoStartNextPacket(&D.Device, FALSE);
    KT_EXPECT_EQ(t, StartedCount, 2);
    KT_EXPECT_EQ(t, StartIoIrql, DISPATCH_LEVEL);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
    FinishCurrent(FALSE);
    Teardown();
}

static void io_startio_test_key_order(KTEST *t)
{
    ULONG k5 = 5, k3 = 3, k7 = 7, k3b = 3;

    Setup();
    IoStartPacket(&D.Device, I[0], &k5, NULL);        /* idle: started, key irrelevant */
    IoStartPacket(&D.Device, I[1], &k5, NULL);
    IoStartPacket(&D.Device, I[2], &k3, NULL);
    IoStartPacket(&D.Device, I[3], &k7, NULL);
    IoStartPacket(&D.Device, I[4], &k3b, NULL);
    IoStartPacket(&D.Device, I[5], NULL, NULL);       /* no key: the tail */
    FinishCurrent(FALSE);
    KT_EXPECT_PTR_EQ(t, D.Device.CurrentIrp, I[2]);   /* 3, 3, 5, 7, tail */
    FinishCurrent(FALSE);
    KT_EXPECT_PTR_EQ(t, D.Device.CurrentIrp, I[4]);
    /* By key: the first queued IRP whose key is >= 6 (7), then >= 100 (none: the head). */
    IoSetCancelRoutine(I[4], NULL);
    Complete(I[4], STATUS_SUCCESS);
    IoStartNextPacketByKey(&D.Device, FALSE, 6);
    KT_EXPECT_PTR_EQ(t, D.Device.CurrentIrp, I[3]);
    Complete(I[3], STATUS_SUCCESS);
    IoStartNextPacketByKey(&D.Device, FALSE, 100);
    KT_EXPECT_PTR_EQ(t, D.Device.CurrentIrp, I[1]);
    FinishCurrent(FALSE);
    KT_EXPECT_PTR_EQ(t, D.Device.CurrentIrp, I[5]);
    Complete(I[5], STATUS_SUCCESS);
    IoStartNextPacketByKey(&D.Device, FALSE, 0);
    KT_EXPECT_PTR_EQ(t, D.Device.CurrentIrp, NULL);
    KT_EXPECT_FALSE(t, D.Device.DeviceQueue.Busy);
    KT_EXPECT_EQ(t, StartedCount, 6);
    Teardown();
}

static void io_startio_test_cancel_packet_waiting_in_queue(KTEST *t)
{
    Setup();
    IoStartPacket(&D.Device, I[0], NULL, CancelRoutine);
    IoStartPacket(&D.Device, I[1], NULL, CancelRoutine);
    IoStartPacket(&D.Device, I[2], NULL, CancelRoutine);
    KT_EXPECT_PTR_EQ(t, I[1]->CancelRoutine, CancelRoutine);
    KT_EXPECT_PTR_EQ(t, RoutineInStartIo[0], CancelRoutine);     /* current: cancelable */

    KT_EXPECT_TRUE(t, IoCancelIrp(I[1]));
    KT_EXPECT_EQ(t, CancelCalls, 1);
    KT_EXPECT_EQ(t, T[1].Completions, 1);
    KT_EXPECT_EQ(t, T[1].Status, STATUS_CANCELLED);
    KT_EXPECT_FALSE(t, I[1]->Tail.Overlay.DeviceQueueEntry.Inserted);
    KT_EXPECT_EQ(t, StartedCount, 1);                 /* the current one is undisturbed */

    /* The queue goes on without it. */
    FinishCurrent(TRUE);
    KT_EXPECT_PTR_EQ(t, D.Device.CurrentIrp, I[2]);
    KT_EXPECT_EQ(t, StartedCount, 2);
    FinishCurrent(TRUE);
    KT_EXPECT_FALSE(t, D.Device.DeviceQueue.Busy);
    KT_EXPECT_EQ(t, T[1].Completions, 1);
    Teardown();
}

static void io_startio_test_cancel_current_packet(KTEST *t)
{
    Setup();
    IoStartPacket(&D.Device, I[0], NULL, CancelRoutine);
    IoStartPacket(&D.Device, I[1], NULL, CancelRoutine);
    KT_EXPECT_TRUE(t, IoCancelIrp(I[0]));
    /* The driver's routine started the next one and completed the cancelled one. */
    KT_EXPECT_EQ(t, T[0].Status, STATUS_CANCELLED);
    KT_EXPECT_PTR_EQ(t, D.Device.CurrentIrp, I[1]);
    KT_EXPECT_EQ(t, StartedCount, 2);
    FinishCurrent(TRUE);
    KT_EXPECT_FALSE(t, D.Device.DeviceQueue.Busy);
    Teardown();
}

static void io_startio_test_already_cancelled_irp(KTEST *t)
{
    Setup();
    /* Queued while busy: its cancel routine runs inside IoStartPacket, with the cancel spin
       lock held and CancelIrql set (DISPATCH_LEVEL: IoStartPacket raised first). */
    IoStartPacket(&D.Device, I[0], NULL, CancelRoutine);
    KT_EXPECT_FALSE(t, IoCancelIrp(I[1]));            /* no routine yet: only marked */
    IoStartPacket(&D.Device, I[1], NULL, CancelRoutine);
    KT_EXPECT_EQ(t, CancelCalls, 1);
    KT_EXPECT_EQ(t, CancelIrqlSeen, DISPATCH_LEVEL);
    KT_EXPECT_EQ(t, T[1].Status, STATUS_CANCELLED);
    KT_EXPECT_FALSE(t, I[1]->Tail.Overlay.DeviceQueueEntry.Inserted);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
    FinishCurrent(TRUE);
    KT_EXPECT_FALSE(t, D.Device.DeviceQueue.Busy);

    /* Started at once on an idle device: StartIo gets it, Cancel set, still cancelable. */
    KT_EXPECT_FALSE(t, IoCancelIrp(I[2]));
    IoStartPacket(&D.Device, I[2], NULL, CancelRoutine);
    KT_EXPECT_EQ(t, CancelCalls, 1);
    KT_EXPECT_PTR_EQ(t, D.Device.CurrentIrp, I[2]);
    KT_EXPECT_TRUE(t, I[2]->Cancel);
    KT_EXPECT_PTR_EQ(t, RoutineInStartIo[1], CancelRoutine);
    FinishCurrent(TRUE);
    Teardown();
}

static void io_startio_test_non_cancelable_attribute(KTEST *t)
{
    Setup();
    IoSetStartIoAttributes(&D.Device, FALSE, TRUE);
    IoStartPacket(&D.Device, I[0], NULL, CancelRoutine);   /* started at once */
    IoStartPacket(&D.Device, I[1], NULL, CancelRoutine);   /* queued: still cancelable */
    KT_EXPECT_PTR_EQ(t, RoutineInStartIo[0], NULL);
    KT_EXPECT_PTR_EQ(t, I[1]->CancelRoutine, CancelRoutine);
    KT_EXPECT_FALSE(t, IoCancelIrp(I[0]));            /* current: not cancelable */
    KT_EXPECT_EQ(t, CancelCalls, 0);
    FinishCurrent(TRUE);
    KT_EXPECT_PTR_EQ(t, RoutineInStartIo[1], NULL);   /* dequeued: cleared */
    KT_EXPECT_FALSE(t, IoCancelIrp(I[1]));
    FinishCurrent(TRUE);

    /* Back to the default: the current IRP keeps its cancel routine. */
    IoSetStartIoAttributes(&D.Device, FALSE, FALSE);
    IoStartPacket(&D.Device, I[2], NULL, CancelRoutine);
    KT_EXPECT_PTR_EQ(t, RoutineInStartIo[2], CancelRoutine);
    KT_EXPECT_TRUE(t, IoCancelIrp(I[2]));
    KT_EXPECT_EQ(t, CancelCalls, 1);
    KT_EXPECT_FALSE(t, D.Device.DeviceQueue.Busy);
    Teardown();
}

/* StartIo completes its IRP and calls IoStartNextPacket itself, with five waiting. */
static VOID RunChain(VOID)
{
    int i;
    IoStartPacket(&D.Device, I[0], NULL, NULL);       /* MODE_HOLD: stays current */
    for (i = 1; i < 6; i++)
        IoStartPacket(&D.Device, I[i], NULL, NULL);
    Mode = MODE_CHAIN;
    FinishCurrent(TRUE);
}

static void io_startio_test_recursion_without_deferral(KTEST *t)
{
    int i;

    Setup();
    RunChain();
    KT_EXPECT_EQ(t, StartedCount, 6);
    KT_EXPECT_EQ(t, MaxDepth, 5);                     /* each StartIo nested in the previous */
    KT_EXPECT_EQ(t, NextCallsReturnedInside, 1);      /* only the last found the queue empty */
    for (i = 0; i < 6; i++) {
        KT_EXPECT_PTR_EQ(t, Started[i], I[i]);
        KT_EXPECT_EQ(t, T[i].Completions, 1);
    }
    KT_EXPECT_FALSE(t, D.Device.DeviceQueue.Busy);
    Teardown();
}

static void io_startio_test_deferred_start_io(KTEST *t)
{
    int i;

    Setup();
    IoSetStartIoAttributes(&D.Device, TRUE, FALSE);
    RunChain();
    KT_EXPECT_EQ(t, StartedCount, 6);
    KT_EXPECT_EQ(t, MaxDepth, 1);                     /* never re-entered */
    KT_EXPECT_EQ(t, NextCallsReturnedInside, 5);      /* every IoStartNextPacket deferred */
    for (i = 0; i < 6; i++) {
        KT_EXPECT_PTR_EQ(t, Started[i], I[i]);
        KT_EXPECT_EQ(t, T[i].Completions, 1);
    }
    KT_EXPECT_TRUE(t, CurrentMatched);
    KT_EXPECT_FALSE(t, D.Device.DeviceQueue.Busy);
    KT_EXPECT_PTR_EQ(t, D.Device.CurrentIrp, NULL);

    /* Still deferred, the plain path works: idle start, queue, next. */
    Mode = MODE_HOLD;
    IoStartPacket(&D.Device, I[6], NULL, NULL);
    IoStartPacket(&D.Device, I[7], NULL, NULL);
    KT_EXPECT_EQ(t, StartedCount, 7);
    FinishCurrent(FALSE);
    KT_EXPECT_EQ(t, StartedCount, 8);
    KT_EXPECT_PTR_EQ(t, D.Device.CurrentIrp, I[7]);
    FinishCurrent(FALSE);
    KT_EXPECT_FALSE(t, D.Device.DeviceQueue.Busy);
    Teardown();
}

static void start_without_start_io(void *ctx)
{
    (void)ctx;
    IoStartPacket(&D.Device, I[0], NULL, NULL);
}

static void io_startio_test_driver_without_start_io(KTEST *t)
{
    KMODE_BUGCHECK bc;

    Setup();
    D.Driver.DriverStartIo = NULL;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(start_without_start_io, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, DRIVER_IRQL_NOT_LESS_OR_EQUAL);
    KT_EXPECT_EQ(t, bc.Parameter1, 0);
    KT_EXPECT_EQ(t, bc.Parameter2, DISPATCH_LEVEL);
    KT_EXPECT_EQ(t, bc.Parameter3, 8);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
    Teardown();
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_startio_test_idle_then_busy),
    KTEST_CASE_ENTRY(io_startio_test_next_packet_from_passive_level),
    KTEST_CASE_ENTRY(io_startio_test_key_order),
    KTEST_CASE_ENTRY(io_startio_test_cancel_packet_waiting_in_queue),
    KTEST_CASE_ENTRY(io_startio_test_cancel_current_packet),
    KTEST_CASE_ENTRY(io_startio_test_already_cancelled_irp),
    KTEST_CASE_ENTRY(io_startio_test_non_cancelable_attribute),
    KTEST_CASE_ENTRY(io_startio_test_recursion_without_deferral),
    KTEST_CASE_ENTRY(io_startio_test_deferred_start_io),
    KTEST_CASE_ENTRY(io_startio_test_driver_without_start_io),
    {0}
};
KTEST_SUITE(io_startio, cases);
