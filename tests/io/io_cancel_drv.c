/*
 * PURPOSE: Tests for IRP cancellation written as WDK driver code: IoCancelIrp with and
 * without a cancel routine, the cancel routine's calling conditions (DISPATCH_LEVEL, the
 * cancel spin lock held, CancelIrql, its device object), the race between a cancel routine
 * and a driver completing the IRP (IoSetCancelRoutine returning NULL), the cancel spin
 * lock itself, and bugcheck 0x48 for a cancel routine left on a completed IRP.
 */
#include <ntddk.h>
#include <kmode/bugcheck.h>
#include "ktest.h"
#include "io_irp_stack.h"

/* The queueing driver at the bottom of the stack: one pending read at a time. */
static struct {
    PIRP Queued;
    BOOLEAN CompleteInCancel;             /* the cancel routine completes the IRP itself */
    LONG CancelCalls;
    KIRQL CancelIrqlSeen;                 /* KeGetCurrentIrql() inside the routine */
    KIRQL CancelIrqlField;                /* Irp->CancelIrql */
    PDEVICE_OBJECT CancelDevice;
    BOOLEAN CancelFlagSeen;
    BOOLEAN LockHeld;                     /* IoReleaseCancelSpinLock worked from the routine */
} Q;

static LONG CaughtCalls;
static NTSTATUS CaughtStatus;
static BOOLEAN CaughtCancel;

static NTSTATUS NTAPI Catch(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);
    CaughtCalls++;
    CaughtStatus = Irp->IoStatus.Status;
    CaughtCancel = Irp->Cancel;
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static VOID NTAPI QueueCancel(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    Q.CancelCalls++;
    Q.CancelIrqlSeen = KeGetCurrentIrql();
    Q.CancelIrqlField = Irp->CancelIrql;
    Q.CancelDevice = DeviceObject;
    Q.CancelFlagSeen = Irp->Cancel;
    Q.LockHeld = TRUE;
    IoReleaseCancelSpinLock(Irp->CancelIrql);
    if (Q.CompleteInCancel) {
        Q.Queued = NULL;
        Irp->IoStatus.Status = STATUS_CANCELLED;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
    }
}

/* The classic pattern: under the cancel spin lock, check Cancel, then set the routine. */
static NTSTATUS NTAPI QueueDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    KIRQL Irql;

    UNREFERENCED_PARAMETER(DeviceObject);
    IoAcquireCancelSpinLock(&Irql);
    if (Irp->Cancel) {
        IoReleaseCancelSpinLock(Irql);
        Irp->IoStatus.Status = STATUS_CANCELLED;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_CANCELLED;
    }
    IoMarkIrpPending(Irp);
    IoSetCancelRoutine(Irp, QueueCancel);
    Q.Queued = Irp;
    IoReleaseCancelSpinLock(Irql);
    return STATUS_PENDING;
}

/* The driver's normal completion of its queued IRP. Returns FALSE when the cancel routine
   owns the IRP (IoSetCancelRoutine returned NULL): the driver must then leave it alone. */
static BOOLEAN QueueCompleteNormally(NTSTATUS Status)
{
    PIRP Irp = Q.Queued;

    if (IoSetCancelRoutine(Irp, NULL) == NULL)
        return FALSE;
    Q.Queued = NULL;
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 5;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return TRUE;
}

static PIRP SendQueued(TEST_STACK *s)
{
    PIRP Irp;

    TestStackInit(s, 2);
    s->Driver[0].MajorFunction[IRP_MJ_READ] = QueueDispatch;
    RtlZeroMemory(&Q, sizeof Q);
    CaughtCalls = 0;
    Irp = IoAllocateIrp(s->Top->StackSize, FALSE);
    if (Irp == NULL)
        return NULL;
    IoGetNextIrpStackLocation(Irp)->MajorFunction = IRP_MJ_READ;
    IoSetCompletionRoutine(Irp, Catch, NULL, TRUE, TRUE, TRUE);
    IoCallDriver(s->Top, Irp);
    return Irp;
}

static void io_cancel_test_cancel_routine_called(KTEST *t)
{
    TEST_STACK s;
    PIRP Irp = SendQueued(&s);

    KT_ASSERT_TRUE(t, Irp != NULL);
    KT_ASSERT_TRUE(t, Q.Queued == Irp);
    KT_EXPECT_TRUE(t, Irp->CancelRoutine == QueueCancel);
    Q.CompleteInCancel = TRUE;
    KT_EXPECT_TRUE(t, IoCancelIrp(Irp));
    KT_EXPECT_EQ(t, Q.CancelCalls, 1);
    KT_EXPECT_EQ(t, Q.CancelIrqlSeen, DISPATCH_LEVEL);
    KT_EXPECT_EQ(t, Q.CancelIrqlField, PASSIVE_LEVEL);
    KT_EXPECT_TRUE(t, Q.CancelDevice == s.Device[0]);   /* the current location's device */
    KT_EXPECT_TRUE(t, Q.CancelFlagSeen);
    KT_EXPECT_TRUE(t, Irp->CancelRoutine == NULL);       /* taken by IoCancelIrp */
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
    KT_EXPECT_EQ(t, CaughtCalls, 1);
    KT_EXPECT_EQ(t, CaughtStatus, STATUS_CANCELLED);
    KT_EXPECT_TRUE(t, CaughtCancel);
    IoFreeIrp(Irp);
}

static void io_cancel_test_cancel_from_dispatch_level(KTEST *t)
{
    TEST_STACK s;
    PIRP Irp = SendQueued(&s);
    KIRQL Old;

    KT_ASSERT_TRUE(t, Irp != NULL);
    Q.CompleteInCancel = TRUE;
    KeRaiseIrql(DISPATCH_LEVEL, &Old);
    KT_EXPECT_TRUE(t, IoCancelIrp(Irp));
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), DISPATCH_LEVEL);
    KeLowerIrql(Old);
    KT_EXPECT_EQ(t, Q.CancelIrqlField, DISPATCH_LEVEL);
    KT_EXPECT_EQ(t, CaughtStatus, STATUS_CANCELLED);
    IoFreeIrp(Irp);
}

static void io_cancel_test_without_cancel_routine(KTEST *t)
{
    TEST_STACK s;
    PIRP Irp = SendQueued(&s);

    KT_ASSERT_TRUE(t, Irp != NULL);
    /* The driver made it non-cancelable (it is about to complete it). */
    KT_EXPECT_TRUE(t, IoSetCancelRoutine(Irp, NULL) == QueueCancel);
    KT_EXPECT_FALSE(t, IoCancelIrp(Irp));
    KT_EXPECT_TRUE(t, Irp->Cancel);
    KT_EXPECT_EQ(t, Q.CancelCalls, 0);
    KT_EXPECT_EQ(t, CaughtCalls, 0);                    /* nothing completed it */
    /* Completion still works, and completion routines see Cancel. */
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    KT_EXPECT_EQ(t, CaughtCalls, 1);
    KT_EXPECT_EQ(t, CaughtStatus, STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, CaughtCancel);
    IoFreeIrp(Irp);
}

static void io_cancel_test_before_queueing_is_seen_by_driver(KTEST *t)
{
    TEST_STACK s;
    PIRP Irp;

    TestStackInit(&s, 2);
    s.Driver[0].MajorFunction[IRP_MJ_READ] = QueueDispatch;
    RtlZeroMemory(&Q, sizeof Q);
    CaughtCalls = 0;
    Irp = IoAllocateIrp(s.Top->StackSize, FALSE);
    KT_ASSERT_TRUE(t, Irp != NULL);
    IoGetNextIrpStackLocation(Irp)->MajorFunction = IRP_MJ_READ;
    IoSetCompletionRoutine(Irp, Catch, NULL, TRUE, TRUE, TRUE);
    KT_EXPECT_FALSE(t, IoCancelIrp(Irp));               /* not cancelable yet */
    KT_EXPECT_EQ(t, IoCallDriver(s.Top, Irp), STATUS_CANCELLED);
    KT_EXPECT_TRUE(t, Q.Queued == NULL);
    KT_EXPECT_EQ(t, CaughtStatus, STATUS_CANCELLED);
    IoFreeIrp(Irp);
}

static void io_cancel_test_completion_races_cancel_routine(KTEST *t)
{
    TEST_STACK s;
    PIRP Irp = SendQueued(&s);

    KT_ASSERT_TRUE(t, Irp != NULL);
    /* IoCancelIrp takes the routine first; the routine defers the completion. */
    Q.CompleteInCancel = FALSE;
    KT_EXPECT_TRUE(t, IoCancelIrp(Irp));
    KT_EXPECT_EQ(t, Q.CancelCalls, 1);
    /* The driver's own completion path loses: IoSetCancelRoutine returns NULL. */
    KT_EXPECT_FALSE(t, QueueCompleteNormally(STATUS_SUCCESS));
    KT_EXPECT_EQ(t, CaughtCalls, 0);
    /* The cancel side finishes the job. */
    Irp->IoStatus.Status = STATUS_CANCELLED;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    KT_EXPECT_EQ(t, CaughtCalls, 1);
    KT_EXPECT_EQ(t, CaughtStatus, STATUS_CANCELLED);
    IoFreeIrp(Irp);

    /* The other order: the driver clears the routine first, cancellation finds none. */
    Irp = SendQueued(&s);
    KT_ASSERT_TRUE(t, Irp != NULL);
    KT_EXPECT_TRUE(t, QueueCompleteNormally(STATUS_SUCCESS));
    KT_EXPECT_EQ(t, CaughtCalls, 1);
    KT_EXPECT_EQ(t, CaughtStatus, STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Irp->IoStatus.Information, 5);
    IoFreeIrp(Irp);
}

static void io_cancel_test_cancel_spin_lock(KTEST *t)
{
    KIRQL Irql, Inner;

    IoAcquireCancelSpinLock(&Irql);
    KT_EXPECT_EQ(t, Irql, PASSIVE_LEVEL);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), DISPATCH_LEVEL);
    IoReleaseCancelSpinLock(Irql);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);

    KeRaiseIrql(DISPATCH_LEVEL, &Irql);
    IoAcquireCancelSpinLock(&Inner);
    KT_EXPECT_EQ(t, Inner, DISPATCH_LEVEL);
    IoReleaseCancelSpinLock(Inner);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), DISPATCH_LEVEL);
    KeLowerIrql(Irql);
}

static void AcquireTwice(void *Context)
{
    KIRQL a, b;
    UNREFERENCED_PARAMETER(Context);
    IoAcquireCancelSpinLock(&a);
    IoAcquireCancelSpinLock(&b);
}

static void io_cancel_test_recursive_cancel_lock_bugchecks(KTEST *t)
{
    KMODE_BUGCHECK bc;
    KIRQL Irql;

    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(AcquireTwice, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, SPIN_LOCK_ALREADY_OWNED);
    /* The catch left the lock held by this thread: release it. */
    KeRaiseIrql(DISPATCH_LEVEL, &Irql);
    IoReleaseCancelSpinLock(PASSIVE_LEVEL);
}

static void CancelIt(void *Context)
{
    IoCancelIrp((PIRP)Context);
}

static void io_cancel_test_cancel_routine_on_completed_irp_bugchecks(KTEST *t)
{
    PIRP Irp = IoAllocateIrp(1, FALSE);
    KMODE_BUGCHECK bc;
    KIRQL Irql;

    KT_ASSERT_TRUE(t, Irp != NULL);
    /* Completed all the way up, kept alive by IRP_DEFER_IO_COMPLETION, and a stale cancel
       routine still set. */
    Irp->Flags |= IRP_DEFER_IO_COMPLETION;
    IoSetNextIrpStackLocation(Irp);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    KT_EXPECT_EQ(t, Irp->CurrentLocation, 3);
    IoSetCancelRoutine(Irp, QueueCancel);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(CancelIt, Irp, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, CANCEL_STATE_IN_COMPLETED_IRP);
    KT_EXPECT_EQ(t, bc.Parameter1, (ULONG_PTR)Irp);
    KT_EXPECT_EQ(t, bc.Parameter2, (ULONG_PTR)QueueCancel);
    KeRaiseIrql(DISPATCH_LEVEL, &Irql);                 /* the lock is still held: release */
    IoReleaseCancelSpinLock(PASSIVE_LEVEL);
    IoFreeIrp(Irp);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_cancel_test_cancel_routine_called),
    KTEST_CASE_ENTRY(io_cancel_test_cancel_from_dispatch_level),
    KTEST_CASE_ENTRY(io_cancel_test_without_cancel_routine),
    KTEST_CASE_ENTRY(io_cancel_test_before_queueing_is_seen_by_driver),
    KTEST_CASE_ENTRY(io_cancel_test_completion_races_cancel_routine),
    KTEST_CASE_ENTRY(io_cancel_test_cancel_spin_lock),
    KTEST_CASE_ENTRY(io_cancel_test_recursive_cancel_lock_bugchecks),
    KTEST_CASE_ENTRY(io_cancel_test_cancel_routine_on_completed_irp_bugchecks),
    {0}
};
KTEST_SUITE(io_cancel, cases);
