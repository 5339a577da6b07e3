/*
 * PURPOSE: Cancel-safe IRP queues (src/io/csq.c) as a WDK driver uses them: a list-based
 * queue with a spin lock, IRPs inserted with and without contexts, removal by context and
 * by peek context, cancellation through IoCancelIrp, IRPs cancelled before they are
 * queued, IoCsqInsertIrpEx's status, and removal racing an in-progress cancellation (made
 * deterministic by holding the cancel routine at the queue lock).
 */
#include <ntddk.h>
#include <kmode/bugcheck.h>
#include "ktest.h"

/* ---- A driver's queue ---------------------------------------------------------------- */

typedef struct _TEST_QUEUE {
    IO_CSQ Csq;
    KSPIN_LOCK Lock;
    LIST_ENTRY Head;
    LONG Inserts, Removes, Acquires, Releases;
    PIRP Cancelled[8];
    LONG CancelledCount;
    NTSTATUS InsertStatus;         /* what CsqInsertIrpEx returns */
    PVOID LastInsertContext;
    KIRQL CompleteIrql;
    /* The gate: when armed, the first AcquireLock call made by a thread other than
       GateOwner stops there until GateOpen. */
    volatile LONG GateArmed;
    PETHREAD GateOwner;
    KEVENT AtGate, GateOpen;
} TEST_QUEUE;

static TEST_QUEUE Q;

#define QUEUE(Csq) CONTAINING_RECORD((Csq), TEST_QUEUE, Csq)

/* Cancel spin lock not held by this thread: acquiring it would otherwise bugcheck 0xF. */
static VOID CheckNoCancelLock(VOID)
{
    KIRQL irql;
    IoAcquireCancelSpinLock(&irql);
    IoReleaseCancelSpinLock(irql);
}

static VOID NTAPI QInsert(PIO_CSQ Csq, PIRP Irp)
{
    InsertTailList(&QUEUE(Csq)->Head, &Irp->Tail.Overlay.ListEntry);
    QUEUE(Csq)->Inserts++;
}

static NTSTATUS NTAPI QInsertEx(PIO_CSQ Csq, PIRP Irp, PVOID InsertContext)
{
    TEST_QUEUE *q = QUEUE(Csq);
    q->LastInsertContext = InsertContext;
    if (!NT_SUCCESS(q->InsertStatus))
        return q->InsertStatus;        /* refused: not queued */
    QInsert(Csq, Irp);
    return q->InsertStatus;
}

static VOID NTAPI QRemove(PIO_CSQ Csq, PIRP Irp)
{
    RemoveEntryList(&Irp->Tail.Overlay.ListEntry);
    InitializeListHead(&Irp->Tail.Overlay.ListEntry);
    QUEUE(Csq)->Removes++;
}

/* PeekContext, when given, is the file object the IRP must be for. */
static PIRP NTAPI QPeek(PIO_CSQ Csq, PIRP Irp, PVOID PeekContext)
{
    TEST_QUEUE *q = QUEUE(Csq);
    PLIST_ENTRY e = Irp ? Irp->Tail.Overlay.ListEntry.Flink : q->Head.Flink;

    for (; e != &q->Head; e = e->Flink) {
        PIRP next = CONTAINING_RECORD(e, IRP, Tail.Overlay.ListEntry);
        if (PeekContext == NULL || IoGetCurrentIrpStackLocation(next)->FileObject == PeekContext)
            return next;
    }
    return NULL;
}

static VOID NTAPI QAcquire(PIO_CSQ Csq, PKIRQL Irql)
{
    TEST_QUEUE *q = QUEUE(Csq);
    if (PsGetCurrentThread() != q->GateOwner && InterlockedExchange(&q->GateArmed, 0)) {
        KeSetEvent(&q->AtGate, IO_NO_INCREMENT, FALSE);
        KeWaitForSingleObject(&q->GateOpen, Executive, KernelMode, FALSE, NULL);
    }
    KeAcquireSpinLock(&q->Lock, Irql);
    q->Acquires++;
}

static VOID NTAPI QRelease(PIO_CSQ Csq, KIRQL Irql)
{
    TEST_QUEUE *q = QUEUE(Csq);
    q->Releases++;
    KeReleaseSpinLock(&q->Lock, Irql);
}

static VOID NTAPI QCompleteCanceled(PIO_CSQ Csq, PIRP Irp)
{
    TEST_QUEUE *q = QUEUE(Csq);
    CheckNoCancelLock();
    q->CompleteIrql = KeGetCurrentIrql();
    if (q->CancelledCount < 8)
        q->Cancelled[q->CancelledCount] = Irp;
    q->CancelledCount++;
    Irp->IoStatus.Status = STATUS_CANCELLED;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

static VOID InitQueue(BOOLEAN Ex)
{
    RtlZeroMemory(&Q, sizeof Q);
    KeInitializeSpinLock(&Q.Lock);
    InitializeListHead(&Q.Head);
    KeInitializeEvent(&Q.AtGate, NotificationEvent, FALSE);
    KeInitializeEvent(&Q.GateOpen, NotificationEvent, FALSE);
    if (Ex)
        IoCsqInitializeEx(&Q.Csq, QInsertEx, QRemove, QPeek, QAcquire, QRelease, QCompleteCanceled);
    else
        IoCsqInitialize(&Q.Csq, QInsert, QRemove, QPeek, QAcquire, QRelease, QCompleteCanceled);
}

/* ---- IRPs: allocated, "in the driver's dispatch routine", completion observed --------- */

typedef struct _TIRP {
    PIRP Irp;
    LONG Completions;
    NTSTATUS Status;
} TIRP;

static NTSTATUS NTAPI Done(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    TIRP *t = Context;
    UNREFERENCED_PARAMETER(DeviceObject);
    t->Status = Irp->IoStatus.Status;
    InterlockedIncrement(&t->Completions);
    return STATUS_MORE_PROCESSING_REQUIRED;     /* the test frees it */
}

static PIRP NewIrp(TIRP *t, PFILE_OBJECT FileObject)
{
    PIRP irp = IoAllocateIrp(1, FALSE);
    if (irp == NULL)
        return NULL;
    IoSetCompletionRoutine(irp, Done, t, TRUE, TRUE, TRUE);
    IoSetNextIrpStackLocation(irp);             /* now "current": the driver's location */
    IoGetCurrentIrpStackLocation(irp)->FileObject = FileObject;
    RtlZeroMemory(t, sizeof *t);
    t->Irp = irp;
    return irp;
}

static BOOLEAN IsPending(PIRP Irp)
{
    return (IoGetCurrentIrpStackLocation(Irp)->Control & SL_PENDING_RETURNED) != 0;
}

/* The driver finishing an IRP it removed from the queue. */
static VOID CompleteOk(PIRP Irp)
{
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

/* ---- Tests ---------------------------------------------------------------------------- */

static void io_csq_test_initialize(KTEST *t)
{
    InitQueue(FALSE);
    KT_EXPECT_EQ(t, Q.Csq.Type, IO_TYPE_CSQ);
    KT_EXPECT_PTR_EQ(t, Q.Csq.CsqInsertIrp, QInsert);
    KT_EXPECT_PTR_EQ(t, Q.Csq.CsqRemoveIrp, QRemove);
    KT_EXPECT_PTR_EQ(t, Q.Csq.CsqPeekNextIrp, QPeek);
    KT_EXPECT_PTR_EQ(t, Q.Csq.CsqAcquireLock, QAcquire);
    KT_EXPECT_PTR_EQ(t, Q.Csq.CsqReleaseLock, QRelease);
    KT_EXPECT_PTR_EQ(t, Q.Csq.CsqCompleteCanceledIrp, QCompleteCanceled);
    KT_EXPECT_PTR_EQ(t, Q.Csq.ReservePointer, NULL);
    InitQueue(TRUE);
    KT_EXPECT_EQ(t, Q.Csq.Type, IO_TYPE_CSQ_EX);
    KT_EXPECT_PTR_EQ(t, (PVOID)Q.Csq.CsqInsertIrp, (PVOID)QInsertEx);
    KT_EXPECT_EQ(t, IoCsqInitialize(&Q.Csq, QInsert, QRemove, QPeek, QAcquire, QRelease,
                                    QCompleteCanceled), STATUS_SUCCESS);
}

static void io_csq_test_insert_and_remove_next_fifo(KTEST *t)
{
    TIRP a, b, c;
    PIRP ia, ib, ic;

    InitQueue(FALSE);
    ia = NewIrp(&a, NULL);
    ib = NewIrp(&b, NULL);
    ic = NewIrp(&c, NULL);
    KT_ASSERT_TRUE(t, ia && ib && ic);
    IoCsqInsertIrp(&Q.Csq, ia, NULL);
    IoCsqInsertIrp(&Q.Csq, ib, NULL);
    IoCsqInsertIrp(&Q.Csq, ic, NULL);
    KT_EXPECT_EQ(t, Q.Inserts, 3);
    /* Queued: pending, cancelable, the queue in DriverContext[3]; the lock balanced. */
    KT_EXPECT_TRUE(t, IsPending(ia));
    KT_EXPECT_TRUE(t, ia->CancelRoutine != NULL);
    KT_EXPECT_PTR_EQ(t, ia->Tail.Overlay.DriverContext[3], &Q.Csq);
    KT_EXPECT_EQ(t, Q.Acquires, 3);
    KT_EXPECT_EQ(t, Q.Releases, 3);

    KT_EXPECT_PTR_EQ(t, IoCsqRemoveNextIrp(&Q.Csq, NULL), ia);
    KT_EXPECT_PTR_EQ(t, ia->CancelRoutine, NULL);          /* no longer cancelable */
    KT_EXPECT_PTR_EQ(t, ia->Tail.Overlay.DriverContext[3], NULL);
    KT_EXPECT_PTR_EQ(t, IoCsqRemoveNextIrp(&Q.Csq, NULL), ib);
    KT_EXPECT_PTR_EQ(t, IoCsqRemoveNextIrp(&Q.Csq, NULL), ic);
    KT_EXPECT_PTR_EQ(t, IoCsqRemoveNextIrp(&Q.Csq, NULL), NULL);
    KT_EXPECT_EQ(t, Q.Removes, 3);
    KT_EXPECT_TRUE(t, IsListEmpty(&Q.Head));
    KT_EXPECT_EQ(t, Q.Acquires, Q.Releases);

    /* A removed IRP is the driver's: cancelling it now finds no cancel routine. */
    KT_EXPECT_FALSE(t, IoCancelIrp(ib));
    KT_EXPECT_EQ(t, Q.CancelledCount, 0);
    CompleteOk(ia);
    CompleteOk(ib);
    CompleteOk(ic);
    KT_EXPECT_EQ(t, a.Completions + b.Completions + c.Completions, 3);
    KT_EXPECT_EQ(t, b.Status, STATUS_SUCCESS);
    IoFreeIrp(ia);
    IoFreeIrp(ib);
    IoFreeIrp(ic);
}

static void io_csq_test_remove_by_context(KTEST *t)
{
    IO_CSQ_IRP_CONTEXT ca, cb;
    TIRP a, b;
    PIRP ia = NewIrp(&a, NULL), ib = NewIrp(&b, NULL);

    KT_ASSERT_TRUE(t, ia && ib);
    InitQueue(FALSE);
    RtlFillMemory(&ca, sizeof ca, 0xCC);
    IoCsqInsertIrp(&Q.Csq, ia, &ca);
    IoCsqInsertIrp(&Q.Csq, ib, &cb);
    KT_EXPECT_EQ(t, ca.Type, IO_TYPE_CSQ_IRP_CONTEXT);
    KT_EXPECT_PTR_EQ(t, ca.Irp, ia);
    KT_EXPECT_PTR_EQ(t, ca.Csq, &Q.Csq);
    KT_EXPECT_PTR_EQ(t, ia->Tail.Overlay.DriverContext[3], &ca);

    /* Out of order: by context. */
    KT_EXPECT_PTR_EQ(t, IoCsqRemoveIrp(&Q.Csq, &cb), ib);
    KT_EXPECT_PTR_EQ(t, cb.Irp, NULL);
    KT_EXPECT_PTR_EQ(t, ib->CancelRoutine, NULL);
    KT_EXPECT_PTR_EQ(t, IoCsqRemoveIrp(&Q.Csq, &cb), NULL);    /* already out */
    /* Removed through the other path, the context forgets it too. */
    KT_EXPECT_PTR_EQ(t, IoCsqRemoveNextIrp(&Q.Csq, NULL), ia);
    KT_EXPECT_PTR_EQ(t, ca.Irp, NULL);
    KT_EXPECT_PTR_EQ(t, IoCsqRemoveIrp(&Q.Csq, &ca), NULL);
    KT_EXPECT_EQ(t, Q.Removes, 2);
    CompleteOk(ia);
    CompleteOk(ib);
    IoFreeIrp(ia);
    IoFreeIrp(ib);
}

static void io_csq_test_remove_next_with_peek_context(KTEST *t)
{
    FILE_OBJECT fa, fb, fc;
    TIRP x[4];
    PIRP irp[4];
    int i;

    InitQueue(FALSE);
    for (i = 0; i < 4; i++) {
        irp[i] = NewIrp(&x[i], (i % 2) ? &fb : &fa);      /* a, b, a, b */
        KT_ASSERT_TRUE(t, irp[i] != NULL);
        IoCsqInsertIrp(&Q.Csq, irp[i], NULL);
    }
    KT_EXPECT_PTR_EQ(t, IoCsqRemoveNextIrp(&Q.Csq, &fb), irp[1]);
    KT_EXPECT_PTR_EQ(t, IoCsqRemoveNextIrp(&Q.Csq, &fb), irp[3]);
    KT_EXPECT_PTR_EQ(t, IoCsqRemoveNextIrp(&Q.Csq, &fb), NULL);
    KT_EXPECT_PTR_EQ(t, IoCsqRemoveNextIrp(&Q.Csq, &fc), NULL);   /* matches nothing */
    KT_EXPECT_PTR_EQ(t, IoCsqRemoveNextIrp(&Q.Csq, &fa), irp[0]);
    KT_EXPECT_PTR_EQ(t, IoCsqRemoveNextIrp(&Q.Csq, NULL), irp[2]);   /* NULL: any */
    KT_EXPECT_PTR_EQ(t, IoCsqRemoveNextIrp(&Q.Csq, NULL), NULL);
    for (i = 0; i < 4; i++) {
        CompleteOk(irp[i]);
        KT_EXPECT_EQ(t, x[i].Completions, 1);
        IoFreeIrp(irp[i]);
    }
}

static void io_csq_test_cancel_queued_irp(KTEST *t)
{
    IO_CSQ_IRP_CONTEXT ca;
    TIRP a, b;
    PIRP ia = NewIrp(&a, NULL), ib = NewIrp(&b, NULL);

    KT_ASSERT_TRUE(t, ia && ib);
    InitQueue(FALSE);
    IoCsqInsertIrp(&Q.Csq, ia, &ca);
    IoCsqInsertIrp(&Q.Csq, ib, NULL);

    KT_EXPECT_TRUE(t, IoCancelIrp(ia));          /* it had a cancel routine: the CSQ's */
    /* The cancel routine took it out and handed it to CsqCompleteCanceledIrp, without the
       cancel spin lock (the callback checked), back at the canceller's IRQL. */
    KT_EXPECT_EQ(t, Q.Removes, 1);
    KT_EXPECT_EQ(t, Q.CancelledCount, 1);
    KT_EXPECT_PTR_EQ(t, Q.Cancelled[0], ia);
    KT_EXPECT_EQ(t, Q.CompleteIrql, PASSIVE_LEVEL);
    KT_EXPECT_EQ(t, a.Completions, 1);
    KT_EXPECT_EQ(t, a.Status, STATUS_CANCELLED);
    KT_EXPECT_PTR_EQ(t, ca.Irp, NULL);
    KT_EXPECT_PTR_EQ(t, IoCsqRemoveIrp(&Q.Csq, &ca), NULL);
    KT_EXPECT_EQ(t, Q.Acquires, Q.Releases);

    /* The other one is untouched and still removable; a second cancel of the first does
       nothing more. */
    KT_EXPECT_FALSE(t, IoCancelIrp(ia));
    KT_EXPECT_EQ(t, a.Completions, 1);
    KT_EXPECT_PTR_EQ(t, IoCsqRemoveNextIrp(&Q.Csq, NULL), ib);
    CompleteOk(ib);
    KT_EXPECT_EQ(t, b.Status, STATUS_SUCCESS);
    IoFreeIrp(ia);
    IoFreeIrp(ib);
}

static void io_csq_test_cancel_at_dispatch_level(KTEST *t)
{
    TIRP a;
    PIRP ia = NewIrp(&a, NULL);
    KIRQL old;

    KT_ASSERT_TRUE(t, ia != NULL);
    InitQueue(FALSE);
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    IoCsqInsertIrp(&Q.Csq, ia, NULL);
    KT_EXPECT_TRUE(t, IoCancelIrp(ia));
    KT_EXPECT_EQ(t, Q.CompleteIrql, DISPATCH_LEVEL);
    KeLowerIrql(old);
    KT_EXPECT_EQ(t, a.Completions, 1);
    KT_EXPECT_EQ(t, a.Status, STATUS_CANCELLED);
    IoFreeIrp(ia);
}

static void io_csq_test_insert_already_cancelled(KTEST *t)
{
    IO_CSQ_IRP_CONTEXT ca;
    TIRP a;
    PIRP ia = NewIrp(&a, NULL);

    KT_ASSERT_TRUE(t, ia != NULL);
    InitQueue(FALSE);
    KT_EXPECT_FALSE(t, IoCancelIrp(ia));         /* no cancel routine yet: just marked */
    KT_EXPECT_TRUE(t, ia->Cancel);
    IoCsqInsertIrp(&Q.Csq, ia, &ca);
    /* It does not stay queued: completed as cancelled before the insert returned. */
    KT_EXPECT_TRUE(t, IsListEmpty(&Q.Head));
    KT_EXPECT_EQ(t, Q.CancelledCount, 1);
    KT_EXPECT_EQ(t, a.Completions, 1);
    KT_EXPECT_EQ(t, a.Status, STATUS_CANCELLED);
    KT_EXPECT_TRUE(t, ia->PendingReturned);      /* marked pending: dispatch returns PENDING */
    KT_EXPECT_EQ(t, Q.Inserts, Q.Removes);
    KT_EXPECT_PTR_EQ(t, ca.Irp, NULL);
    KT_EXPECT_PTR_EQ(t, IoCsqRemoveIrp(&Q.Csq, &ca), NULL);
    KT_EXPECT_PTR_EQ(t, IoCsqRemoveNextIrp(&Q.Csq, NULL), NULL);
    KT_EXPECT_EQ(t, Q.Acquires, Q.Releases);
    IoFreeIrp(ia);
}

static void io_csq_test_insert_ex_status(KTEST *t)
{
    IO_CSQ_IRP_CONTEXT ca;
    TIRP a, b;
    PIRP ia = NewIrp(&a, NULL), ib = NewIrp(&b, NULL);
    int insertContext;

    KT_ASSERT_TRUE(t, ia && ib);
    InitQueue(TRUE);

    /* Refused: the status comes back, the IRP is neither queued nor pending nor cancelable,
       and the context is not touched. */
    Q.InsertStatus = STATUS_INSUFFICIENT_RESOURCES;
    RtlFillMemory(&ca, sizeof ca, 0xCC);
    KT_EXPECT_EQ(t, IoCsqInsertIrpEx(&Q.Csq, ia, &ca, &insertContext),
                 STATUS_INSUFFICIENT_RESOURCES);
    KT_EXPECT_PTR_EQ(t, Q.LastInsertContext, &insertContext);
    KT_EXPECT_EQ(t, Q.Inserts, 0);
    KT_EXPECT_FALSE(t, IsPending(ia));
    KT_EXPECT_PTR_EQ(t, ia->CancelRoutine, NULL);
    KT_EXPECT_PTR_EQ(t, ia->Tail.Overlay.DriverContext[3], NULL);
    KT_EXPECT_EQ(t, ca.Type, 0xCCCCCCCC);
    KT_EXPECT_EQ(t, Q.Acquires, Q.Releases);
    KT_EXPECT_PTR_EQ(t, IoCsqRemoveNextIrp(&Q.Csq, NULL), NULL);

    /* Accepted with a success code other than STATUS_SUCCESS: returned as is. */
    Q.InsertStatus = STATUS_WAIT_1;
    KT_EXPECT_EQ(t, IoCsqInsertIrpEx(&Q.Csq, ia, &ca, &insertContext), STATUS_WAIT_1);
    KT_EXPECT_TRUE(t, IsPending(ia));
    KT_EXPECT_PTR_EQ(t, ca.Irp, ia);

    /* IoCsqInsertIrp on an Ex queue passes no insert context. */
    Q.InsertStatus = STATUS_SUCCESS;
    IoCsqInsertIrp(&Q.Csq, ib, NULL);
    KT_EXPECT_PTR_EQ(t, Q.LastInsertContext, NULL);
    KT_EXPECT_EQ(t, Q.Inserts, 2);
    KT_EXPECT_PTR_EQ(t, IoCsqRemoveIrp(&Q.Csq, &ca), ia);
    KT_EXPECT_PTR_EQ(t, IoCsqRemoveNextIrp(&Q.Csq, NULL), ib);
    CompleteOk(ia);
    CompleteOk(ib);

    /* A refused IRP is still the caller's: it completes it itself. */
    IoFreeIrp(ia);
    IoFreeIrp(ib);

    /* IoCsqInsertIrpEx on a plain queue: STATUS_SUCCESS. */
    InitQueue(FALSE);
    ia = NewIrp(&a, NULL);
    KT_ASSERT_TRUE(t, ia != NULL);
    KT_EXPECT_EQ(t, IoCsqInsertIrpEx(&Q.Csq, ia, NULL, &insertContext), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, IoCsqRemoveNextIrp(&Q.Csq, NULL), ia);
    CompleteOk(ia);
    IoFreeIrp(ia);
}

/* ---- Removal racing a cancellation in progress --------------------------------------- */

static VOID NTAPI Canceller(PVOID Context)
{
    IoCancelIrp((PIRP)Context);
}

static void io_csq_test_removal_racing_cancellation(KTEST *t)
{
    IO_CSQ_IRP_CONTEXT ca;
    TIRP a, b;
    PIRP ia = NewIrp(&a, NULL), ib = NewIrp(&b, NULL);
    HANDLE h;
    PVOID thread;

    KT_ASSERT_TRUE(t, ia && ib);
    InitQueue(FALSE);
    IoCsqInsertIrp(&Q.Csq, ia, &ca);
    IoCsqInsertIrp(&Q.Csq, ib, NULL);

    /* The canceller takes ia's cancel routine and runs it; it stops at the queue lock. */
    Q.GateOwner = PsGetCurrentThread();
    InterlockedExchange(&Q.GateArmed, 1);
    KT_ASSERT_EQ(t, PsCreateSystemThread(&h, THREAD_ALL_ACCESS, NULL, NULL, NULL, Canceller,
                                         ia), STATUS_SUCCESS);
    KT_ASSERT_EQ(t, ObReferenceObjectByHandle(h, SYNCHRONIZE, *PsThreadType, KernelMode,
                                              &thread, NULL), STATUS_SUCCESS);
    ZwClose(h);
    KeWaitForSingleObject(&Q.AtGate, Executive, KernelMode, FALSE, NULL);

    /* ia is being cancelled: removal by context fails, removal of the next skips it. */
    KT_EXPECT_TRUE(t, ia->Cancel);
    KT_EXPECT_PTR_EQ(t, ia->CancelRoutine, NULL);
    KT_EXPECT_PTR_EQ(t, IoCsqRemoveIrp(&Q.Csq, &ca), NULL);
    KT_EXPECT_PTR_EQ(t, IoCsqRemoveNextIrp(&Q.Csq, NULL), ib);
    KT_EXPECT_PTR_EQ(t, IoCsqRemoveNextIrp(&Q.Csq, NULL), NULL);
    KT_EXPECT_EQ(t, a.Completions, 0);

    KeSetEvent(&Q.GateOpen, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(thread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(thread);
    /* Delivered once, by the cancel path. */
    KT_EXPECT_EQ(t, a.Completions, 1);
    KT_EXPECT_EQ(t, a.Status, STATUS_CANCELLED);
    KT_EXPECT_EQ(t, Q.CancelledCount, 1);
    KT_EXPECT_TRUE(t, IsListEmpty(&Q.Head));
    KT_EXPECT_EQ(t, Q.Acquires, Q.Releases);
    CompleteOk(ib);
    KT_EXPECT_EQ(t, b.Completions, 1);
    IoFreeIrp(ia);
    IoFreeIrp(ib);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_csq_test_initialize),
    KTEST_CASE_ENTRY(io_csq_test_insert_and_remove_next_fifo),
    KTEST_CASE_ENTRY(io_csq_test_remove_by_context),
    KTEST_CASE_ENTRY(io_csq_test_remove_next_with_peek_context),
    KTEST_CASE_ENTRY(io_csq_test_cancel_queued_irp),
    KTEST_CASE_ENTRY(io_csq_test_cancel_at_dispatch_level),
    KTEST_CASE_ENTRY(io_csq_test_insert_already_cancelled),
    KTEST_CASE_ENTRY(io_csq_test_insert_ex_status),
    KTEST_CASE_ENTRY(io_csq_test_removal_racing_cancellation),
    {0}
};
KTEST_SUITE(io_csq, cases);
