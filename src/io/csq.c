/*
 * PURPOSE: Cancel-safe IRP queues (IO_CSQ): the driver supplies the queue (insert, remove,
 * peek, its own lock, completion of cancelled IRPs); these routines do the locking and the
 * cancellation logic around it.
 *
 * The queued IRP carries in Tail.Overlay.DriverContext[3] either the IO_CSQ (inserted
 * without a context) or the driver's IO_CSQ_IRP_CONTEXT (whose Csq names the queue); both
 * structures start with their Type (IO_TYPE_CSQ/IO_TYPE_CSQ_EX vs IO_TYPE_CSQ_IRP_CONTEXT),
 * which is how the cancel routine tells them apart. While queued, the IRP's cancel routine
 * is IopCsqCancelRoutine. Whoever clears that cancel routine owns the IRP:
 *   - IoCsqRemoveIrp / IoCsqRemoveNextIrp clear it (IoSetCancelRoutine(Irp, NULL) returns
 *     it): they take the IRP out and hand it to the driver;
 *   - IoCancelIrp clears it before calling it: the cancel routine takes the IRP out and
 *     hands it to CsqCompleteCanceledIrp. A remover that finds the routine already gone
 *     leaves the IRP alone (IoCsqRemoveIrp returns NULL, IoCsqRemoveNextIrp skips it), so
 *     each IRP is delivered exactly once.
 * The driver's callbacks never run with the cancel spin lock held: the cancel routine
 * releases it first. Everything that touches the queue and the context runs between
 * CsqAcquireLock and CsqReleaseLock, and CsqCompleteCanceledIrp runs after the release.
 */

/* INCLUDES ******************************************************************************/

#include <internal/io.h>
#include <internal/invoke.h>

/* PRIVATE FUNCTIONS *********************************************************************/

/* The queue an IRP's DriverContext[3] names, and its context if it has one. */
static PIO_CSQ IopCsqFromIrp(PIRP Irp, PIO_CSQ_IRP_CONTEXT *Context)
{
    PVOID Tag = Irp->Tail.Overlay.DriverContext[3];

    if (*(PULONG)Tag == IO_TYPE_CSQ_IRP_CONTEXT) {
        *Context = Tag;
        return (*Context)->Csq;
    }
    *Context = NULL;
    return Tag;
}

/* Lock held, the IRP ours: takes it out of the driver's queue and forgets the context. */
static VOID IopCsqTakeOut(PIO_CSQ Csq, PIRP Irp)
{
    PIO_CSQ_IRP_CONTEXT Context;

    IopInvokeCsqRemoveIrp(Csq->CsqRemoveIrp, Csq, Irp);
    IopCsqFromIrp(Irp, &Context);
    if (Context)
        Context->Irp = NULL;
    Irp->Tail.Overlay.DriverContext[3] = NULL;
}

/*
 * The cancel routine of every queued IRP. IoCancelIrp calls it at DISPATCH_LEVEL with the
 * cancel spin lock held and the IRP's cancel routine already cleared: the IRP is ours.
 */
static VOID NTAPI IopCsqCancelRoutine(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_CSQ_IRP_CONTEXT Context;
    PIO_CSQ Csq;
    KIRQL Irql;

    UNREFERENCED_PARAMETER(DeviceObject);
    IoReleaseCancelSpinLock(Irp->CancelIrql);

    Csq = IopCsqFromIrp(Irp, &Context);
    IopInvokeCsqAcquireLock(Csq->CsqAcquireLock, Csq, &Irql);
    IopCsqTakeOut(Csq, Irp);
    IopInvokeCsqReleaseLock(Csq->CsqReleaseLock, Csq, Irql);
    IopInvokeCsqCompleteCanceledIrp(Csq->CsqCompleteCanceledIrp, Csq, Irp);
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * Any IRQL. Fills the dispatch table of a queue whose CsqInsertIrp returns nothing;
 * STATUS_SUCCESS.
 */
NTSTATUS NTAPI IoCsqInitialize(PIO_CSQ Csq, PIO_CSQ_INSERT_IRP CsqInsertIrp,
                               PIO_CSQ_REMOVE_IRP CsqRemoveIrp,
                               PIO_CSQ_PEEK_NEXT_IRP CsqPeekNextIrp,
                               PIO_CSQ_ACQUIRE_LOCK CsqAcquireLock,
                               PIO_CSQ_RELEASE_LOCK CsqReleaseLock,
                               PIO_CSQ_COMPLETE_CANCELED_IRP CsqCompleteCanceledIrp)
{
    Csq->Type = IO_TYPE_CSQ;
    Csq->CsqInsertIrp = CsqInsertIrp;
    Csq->CsqRemoveIrp = CsqRemoveIrp;
    Csq->CsqPeekNextIrp = CsqPeekNextIrp;
    Csq->CsqAcquireLock = CsqAcquireLock;
    Csq->CsqReleaseLock = CsqReleaseLock;
    Csq->CsqCompleteCanceledIrp = CsqCompleteCanceledIrp;
    Csq->ReservePointer = NULL;
    return STATUS_SUCCESS;
}

/*
 * @implemented
 * Any IRQL. As IoCsqInitialize, for a queue whose CsqInsertIrpEx returns a status (a
 * failure refuses the IRP); STATUS_SUCCESS.
 */
NTSTATUS NTAPI IoCsqInitializeEx(PIO_CSQ Csq, PIO_CSQ_INSERT_IRP_EX CsqInsertIrpEx,
                                 PIO_CSQ_REMOVE_IRP CsqRemoveIrp,
                                 PIO_CSQ_PEEK_NEXT_IRP CsqPeekNextIrp,
                                 PIO_CSQ_ACQUIRE_LOCK CsqAcquireLock,
                                 PIO_CSQ_RELEASE_LOCK CsqReleaseLock,
                                 PIO_CSQ_COMPLETE_CANCELED_IRP CsqCompleteCanceledIrp)
{
    IoCsqInitialize(Csq, (PIO_CSQ_INSERT_IRP)(PVOID)CsqInsertIrpEx, CsqRemoveIrp,
                    CsqPeekNextIrp, CsqAcquireLock, CsqReleaseLock, CsqCompleteCanceledIrp);
    Csq->Type = IO_TYPE_CSQ_EX;
    return STATUS_SUCCESS;
}

/*
 * @implemented
 * <= DISPATCH_LEVEL. Under the queue's lock: the driver's insert routine queues the IRP
 * (for an IoCsqInitializeEx queue it gets InsertContext, and a failure it returns is
 * returned with the IRP not queued and untouched); then the IRP is marked pending, Context
 * (optional, for IoCsqRemoveIrp) records it, and it becomes cancelable. An IRP cancelled
 * before that (Irp->Cancel already set) does not stay queued: it is taken out again and
 * handed to CsqCompleteCanceledIrp after the lock is released (the documentation's "does not
 * insert"; the insert and remove callbacks both run, as on Windows). STATUS_SUCCESS
 * otherwise, also in that case: the IRP is pending and the dispatch routine returns
 * STATUS_PENDING.
 */
NTSTATUS NTAPI IoCsqInsertIrpEx(PIO_CSQ Csq, PIRP Irp, PIO_CSQ_IRP_CONTEXT Context,
                                PVOID InsertContext)
{
    NTSTATUS Status = STATUS_SUCCESS;
    KIRQL Irql;

    IopInvokeCsqAcquireLock(Csq->CsqAcquireLock, Csq, &Irql);
    if (Csq->Type == IO_TYPE_CSQ_EX) {
        Status = IopInvokeCsqInsertIrpEx((PIO_CSQ_INSERT_IRP_EX)(PVOID)Csq->CsqInsertIrp, Csq,
                                         Irp, InsertContext);
        if (!NT_SUCCESS(Status)) {
            IopInvokeCsqReleaseLock(Csq->CsqReleaseLock, Csq, Irql);
            return Status;
        }
    } else {
        IopInvokeCsqInsertIrp(Csq->CsqInsertIrp, Csq, Irp);
    }

    if (Context) {
        Context->Type = IO_TYPE_CSQ_IRP_CONTEXT;
        Context->Irp = Irp;
        Context->Csq = Csq;
        Irp->Tail.Overlay.DriverContext[3] = Context;
    } else {
        Irp->Tail.Overlay.DriverContext[3] = Csq;
    }
    IoMarkIrpPending(Irp);
    IoSetCancelRoutine(Irp, IopCsqCancelRoutine);

    /* IoCancelIrp sets Cancel before it takes the cancel routine: if it came before the
       routine was set, it found none, and the IRP is still ours to cancel. */
    if (__atomic_load_n(&Irp->Cancel, __ATOMIC_SEQ_CST) && IoSetCancelRoutine(Irp, NULL)) {
        IopCsqTakeOut(Csq, Irp);
        IopInvokeCsqReleaseLock(Csq->CsqReleaseLock, Csq, Irql);
        IopInvokeCsqCompleteCanceledIrp(Csq->CsqCompleteCanceledIrp, Csq, Irp);
        return Status;
    }
    IopInvokeCsqReleaseLock(Csq->CsqReleaseLock, Csq, Irql);
    return Status;
}

/* @implemented: <= DISPATCH_LEVEL. IoCsqInsertIrpEx without an insert context or a status. */
VOID NTAPI IoCsqInsertIrp(PIO_CSQ Csq, PIRP Irp, PIO_CSQ_IRP_CONTEXT Context)
{
    (VOID)IoCsqInsertIrpEx(Csq, Irp, Context, NULL);
}

/*
 * @implemented
 * <= DISPATCH_LEVEL. The IRP that Context recorded, taken out of the queue and no longer
 * cancelable; NULL if it already left the queue or is being cancelled (then the cancel path
 * completes it).
 */
PIRP NTAPI IoCsqRemoveIrp(PIO_CSQ Csq, PIO_CSQ_IRP_CONTEXT Context)
{
    PIRP Irp;
    KIRQL Irql;

    IopInvokeCsqAcquireLock(Csq->CsqAcquireLock, Csq, &Irql);
    Irp = Context->Irp;
    if (Irp != NULL) {
        if (IoSetCancelRoutine(Irp, NULL) != NULL)
            IopCsqTakeOut(Csq, Irp);
        else
            Irp = NULL;            /* IoCancelIrp owns it: its cancel routine waits for the lock */
    }
    IopInvokeCsqReleaseLock(Csq->CsqReleaseLock, Csq, Irql);
    return Irp;
}

/*
 * @implemented
 * <= DISPATCH_LEVEL. The first IRP the driver's peek routine offers for PeekContext
 * (starting from the head, Irp NULL, then from the previous one), skipping IRPs that are
 * being cancelled; taken out of the queue and no longer cancelable. NULL when there is none.
 */
PIRP NTAPI IoCsqRemoveNextIrp(PIO_CSQ Csq, PVOID PeekContext)
{
    PIRP Irp = NULL;
    KIRQL Irql;

    IopInvokeCsqAcquireLock(Csq->CsqAcquireLock, Csq, &Irql);
    for (;;) {
        Irp = IopInvokeCsqPeekNextIrp(Csq->CsqPeekNextIrp, Csq, Irp, PeekContext);
        if (Irp == NULL)
            break;
        if (IoSetCancelRoutine(Irp, NULL) != NULL) {
            IopCsqTakeOut(Csq, Irp);
            break;
        }
        /* Being cancelled: its cancel routine will take it out. */
    }
    IopInvokeCsqReleaseLock(Csq->CsqReleaseLock, Csq, Irql);
    return Irp;
}
