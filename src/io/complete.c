/*
 * PURPOSE: IRP completion: IofCompleteRequest's completion-routine walk (stage 1), the end
 * of the request for associated, close and threaded IRPs (stage 2), and
 * IoSetCompletionRoutineEx. The stages are described in src/include/internal/io.h.
 */

/* INCLUDES ******************************************************************************/

#include "irpp.h"
#include <internal/ob.h>
#include <internal/invoke.h>
#include <internal/host.h>

/* GLOBALS *******************************************************************************/

PIOP_COMPLETE_FILE_OBJECT_HOOK IopCompleteFileObjectHook;

/* IoSetCompletionRoutineEx's block: the driver's routine behind the I/O manager's own. */
typedef struct _IOP_COMPLETION_EX {
    PDEVICE_OBJECT DeviceObject;          /* referenced until the routine has run */
    PIO_COMPLETION_ROUTINE Routine;
    PVOID Context;
    UCHAR Control;                        /* the SL_INVOKE_* flags the driver asked for */
} IOP_COMPLETION_EX, *PIOP_COMPLETION_EX;

/* PRIVATE FUNCTIONS *********************************************************************/

/*
 * What the walk clears in a location it leaves (Windows clears these too): the next user
 * of the location (a reused IRP, a driver reading Argument4 for SL_ERROR_RETURNED) sees no
 * stale minor code, flags, parameters or file object. MajorFunction, DeviceObject and the
 * completion routine fields stay.
 */
FORCEINLINE VOID IopClearStackLocation(PIO_STACK_LOCATION Stack)
{
    Stack->MinorFunction = 0;
    Stack->Flags = 0;
    Stack->Control &= SL_ERROR_RETURNED;
    Stack->Parameters.Others.Argument1 = NULL;
    Stack->Parameters.Others.Argument2 = NULL;
    Stack->Parameters.Others.Argument3 = NULL;
    Stack->FileObject = NULL;
}

/* The walk invokes a location's routine for these outcomes (Irp->Cancel counts as well). */
FORCEINLINE BOOLEAN IopShouldInvoke(UCHAR Control, NTSTATUS Status, BOOLEAN Cancel)
{
    if (NT_SUCCESS(Status) ? (Control & SL_INVOKE_ON_SUCCESS) : (Control & SL_INVOKE_ON_ERROR))
        return TRUE;
    return Cancel && (Control & SL_INVOKE_ON_CANCEL);
}

/* Unlocks every locked MDL of the chain (stage 1: before the issuer can see completion). */
static VOID IopUnlockMdls(PIRP Irp)
{
    PMDL Mdl;

    for (Mdl = Irp->MdlAddress; Mdl != NULL; Mdl = Mdl->Next) {
        if (Mdl->MdlFlags & MDL_PAGES_LOCKED)
            MmUnlockPages(Mdl);
    }
}

/* Frees the MDL chain (stage 2, and for associated IRPs). */
static VOID IopFreeMdls(PIRP Irp)
{
    PMDL Mdl = Irp->MdlAddress, Next;

    for (; Mdl != NULL; Mdl = Next) {
        Next = Mdl->Next;
        IoFreeMdl(Mdl);
    }
    Irp->MdlAddress = NULL;
}

/*
 * Stage 2 of a queued IRP holds it on its thread's list until the very end, so the thread
 * (kept alive by the I/O manager's reference until its list is empty) outlives everything
 * stage 2 does for it: the IOSB, the event, the file-object hook's user APC. Meanwhile the
 * IRP is pinned (by stage 2 itself, or already by a canceller) so that no timed-out
 * canceller disassociates it halfway. Returns FALSE when it was disassociated before (it
 * is to be dropped); *SelfPinned tells whether stage 2 set the pin.
 */
static BOOLEAN IopBeginStage2(PIRP Irp, BOOLEAN *SelfPinned)
{
    PETHREAD Thread = Irp->Tail.Overlay.Thread;
    UCHAR Flags;

    *SelfPinned = FALSE;
    if (!(IopIrpFlags(Irp) & IOP_IRP_QUEUED))
        return TRUE;
    IopLockThreadIrps(Thread);
    Flags = IopIrpFlags(Irp);
    if (!(Flags & (IOP_IRP_DISASSOCIATED | IOP_IRP_PINNED)) &&
        Thread == (PETHREAD)KiCurrentKThread()) {
        /* Stage 2 on the issuing thread (a request completed at once): the thread outlives
           it anyway, so the IRP leaves the list now, in this one locked step, as Windows
           dequeues it first thing in its completion APC. No canceller holds it (not pinned),
           and none can find it any more: no pin, no second trip to the list at the end. */
        RemoveEntryList(&Irp->ThreadListEntry);
        InitializeListHead(&Irp->ThreadListEntry);
        __atomic_store_n(&Irp->AllocationFlags, (UCHAR)(Flags & ~IOP_IRP_QUEUED),
                         __ATOMIC_RELAXED);
        IopUnlockThreadIrps(Thread);
        return TRUE;
    }
    if (!(Flags & (IOP_IRP_DISASSOCIATED | IOP_IRP_PINNED))) {
        __atomic_fetch_or(&Irp->AllocationFlags, IOP_IRP_PINNED, __ATOMIC_RELAXED);
        *SelfPinned = TRUE;
    }
    IopUnlockThreadIrps(Thread);
    return !(Flags & IOP_IRP_DISASSOCIATED);
}

/* Takes the IRP off the list. TRUE when a canceller still holds a pin (the two then
   decide with the handshake who frees the IRP). */
static BOOLEAN IopEndStage2(PIRP Irp, BOOLEAN SelfPinned)
{
    PETHREAD Thread = Irp->Tail.Overlay.Thread;
    BOOLEAN CancellerPin = FALSE;

    if (!(IopIrpFlags(Irp) & IOP_IRP_QUEUED))
        return FALSE;
    IopLockThreadIrps(Thread);
    RemoveEntryList(&Irp->ThreadListEntry);
    InitializeListHead(&Irp->ThreadListEntry);
    if (SelfPinned)
        __atomic_fetch_and(&Irp->AllocationFlags, (UCHAR)~IOP_IRP_PINNED, __ATOMIC_RELAXED);
    else
        CancellerPin = (IopIrpFlags(Irp) & IOP_IRP_PINNED) != 0;
    IopUnlockThreadIrps(Thread);
    return CancellerPin;
}

/* The requester may poll the block (HasOverlappedIoCompleted reads Internal) while this
   runs: the count first, then the status. A bad (user) IOSB pointer is the requester's
   problem, not ours, as on Windows: the fault only ends the store. */
static VOID IopWriteUserIosb(PIRP Irp)
{
    if (Irp->UserIosb == NULL)
        return;
    (VOID)HostStoreUserPair((ULONG_PTR *)Irp->UserIosb, (ULONG_PTR)Irp->IoStatus.Pointer,
                            Irp->IoStatus.Information);
}

/*
 * The end of a completed IRP that went all the way up (stage 1's tail): associated IRPs,
 * close operations, then MDL unlock and stage 2 (unless deferred).
 */
static VOID IopFinishCompletion(PIRP Irp, CCHAR PriorityBoost, PVOID Caller)
{
    if (Irp->Flags & IRP_ASSOCIATED_IRP) {
        PIRP Master = Irp->AssociatedIrp.MasterIrp;
        LONG Remaining = InterlockedDecrement(&Master->AssociatedIrp.IrpCount);

        IopUnlockMdls(Irp);
        IopFreeMdls(Irp);
        IoFreeIrp(Irp);
        if (Remaining == 0)
            IofCompleteRequest(Master, PriorityBoost);
        return;
    }

    if (Irp->Flags & IRP_CLOSE_OPERATION) {
        /* The issuer (the close path) waits on UserEvent and frees the IRP itself. */
        IopWriteUserIosb(Irp);
        if (Irp->UserEvent != NULL)
            KeSetEvent(Irp->UserEvent, PriorityBoost, FALSE);
        return;
    }

    IopUnlockMdls(Irp);

    if ((Irp->Flags & IRP_DEFER_IO_COMPLETION) && !Irp->PendingReturned)
        return;   /* the caller of IoCallDriver runs stage 2 when it returns */

    if (Irp->Tail.Overlay.Thread == NULL && !IopIrpCancelled(Irp)) {
        KiSetBugCheckIrp(Irp);
        KiBugCheck(MULTIPLE_IRP_COMPLETE_REQUESTS, (ULONG_PTR)Irp, IOP_BC44_NO_THREAD, 0, 0,
                   Caller,
                   "An IRP that belongs to no thread (from IoAllocateIrp) was completed all "
                   "the way up. Its creator must set a completion routine that takes it back "
                   "(returns STATUS_MORE_PROCESSING_REQUIRED) and frees or reuses it. "
                   "Windows would queue the final completion to a NULL thread and crash.");
    }
    IopCompleteRequestStage2(Irp);
}

/* IoSetCompletionRoutineEx's routine: the driver's one when its flags say so, then the
   block and the device reference go. Registered for every outcome so it always runs. */
static NTSTATUS NTAPI IopCompletionExRoutine(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                             PVOID Context)
{
    PIOP_COMPLETION_EX Block = Context;
    PDEVICE_OBJECT Referenced = Block->DeviceObject;
    NTSTATUS Status = STATUS_CONTINUE_COMPLETION;

    if (IopShouldInvoke(Block->Control, Irp->IoStatus.Status, IopIrpCancelled(Irp))) {
        Status = IopInvokeCompletionRoutine(Block->Routine, DeviceObject, Irp, Block->Context);
    } else if (Irp->PendingReturned && Irp->CurrentLocation <= Irp->StackCount) {
        IoMarkIrpPending(Irp);   /* what the walk does for a location it does not invoke */
    }
    ExFreePoolWithTag(Block, IOP_COMPLETION_EX_TAG);
    ObDereferenceObject(Referenced);
    return Status;
}

/* IoCompleteRequest's own checks failed: 0x44 (Irp, Why), the report's IRP section naming
   the IRP as being completed (set here only: the trace costs a save and restore of the
   thread's record, twice per request, when it is kept around checks that pass). */
static DECLSPEC_NORETURN __attribute__((noinline, cold)) VOID
IopCompletionViolation(PIRP Irp, ULONG_PTR Why, PVOID Caller, const char *Text)
{
    IOP_IRP_TRACE Trace;

    IopTraceEnter(&Trace, Irp, NULL, NULL, IOP_PHASE_COMPLETING, 0, 0);
    KiSetBugCheckIrp(Irp);
    KiBugCheck(MULTIPLE_IRP_COMPLETE_REQUESTS, (ULONG_PTR)Irp, Why, 0, 0, Caller, Text);
}

/* PUBLIC FUNCTIONS **********************************************************************/

/* IofCompleteRequest's checks and walk, every case. */
static __attribute__((noinline)) VOID IopCompleteRequest(PIRP Irp, CCHAR PriorityBoost,
                                                        PVOID Caller)
{
    KIRQL Irql = KiThreadState.Irql;
    PIO_STACK_LOCATION Stack;
    NTSTATUS LastError = STATUS_SUCCESS;
    IOP_IRP_TRACE Trace;

    if (__builtin_expect(VfAnyDriver(VF_IO_HOOK_FLAGS), 0))
        VfIoCompleteRequest(Irp, Caller);     /* the verifier's checks (0xC9) first */
    if (__builtin_expect(Irql > DISPATCH_LEVEL, 0)) {
        KiSetBugCheckIrp(Irp);
        KiBugCheck(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)Irp, Irql, 0, (ULONG_PTR)Caller, Caller,
                   "IoCompleteRequest was called above DISPATCH_LEVEL.");
    }
    if (__builtin_expect(Irp->Type != IO_TYPE_IRP, 0))
        IopCompletionViolation(Irp, IOP_BC44_NOT_AN_IRP, Caller,
                               "IoCompleteRequest was given something that is not a live IRP: "
                               "most likely an IRP that was already completed and freed.");
    if (__builtin_expect(Irp->CurrentLocation > Irp->StackCount + 1, 0))
        IopCompletionViolation(Irp, IOP_BC44_ALREADY_COMPLETED, Caller,
                               "IoCompleteRequest was called for an IRP that has already "
                               "been completed.");
    if (__builtin_expect(Irp->IoStatus.Status == STATUS_PENDING ||
                         Irp->IoStatus.Status == (NTSTATUS)0xFFFFFFFF, 0))
        IopCompletionViolation(Irp, IOP_BC44_STATUS_PENDING, Caller,
                               "IoCompleteRequest was called with Irp->IoStatus.Status = "
                               "STATUS_PENDING: set the final status before completing.");

    /* Walk up from the completing driver's location. At each location the IRP becomes the
       upper driver's again (CurrentLocation + 1) before its routine runs. */
    Stack = IoGetCurrentIrpStackLocation(Irp);
    Irp->CurrentLocation++;
    Irp->Tail.Overlay.CurrentStackLocation++;
    for (; Irp->CurrentLocation <= Irp->StackCount + 1;
         Stack++, Irp->CurrentLocation++, Irp->Tail.Overlay.CurrentStackLocation++) {
        NTSTATUS Status = Irp->IoStatus.Status;

        Irp->PendingReturned = (Stack->Control & SL_PENDING_RETURNED) ? TRUE : FALSE;
        if (__builtin_expect(VfAnyDriver(VF_IO_HOOK_FLAGS), 0))
            VfIoCompletionWalk(Irp, Stack);

        /* A location where the error status changed records it (SL_ERROR_RETURNED, the
           status in Argument4), as Windows does for drivers that look back. */
        if (!NT_SUCCESS(Status) && Status != LastError) {
            LastError = Status;
            Stack->Control |= SL_ERROR_RETURNED;
            Stack->Parameters.Others.Argument4 = (PVOID)(LONG_PTR)Status;
        }

        if (Stack->CompletionRoutine != NULL &&
            IopShouldInvoke(Stack->Control, Status, IopIrpCancelled(Irp))) {
            PIO_COMPLETION_ROUTINE Routine = Stack->CompletionRoutine;
            PVOID Context = Stack->Context;
            PDEVICE_OBJECT DeviceObject = NULL;
            NTSTATUS Result;

            IopTraceEnter(&Trace, Irp, NULL, (PVOID)Routine, IOP_PHASE_COMPLETION,
                          Stack->MajorFunction, Stack->MinorFunction);
            IopClearStackLocation(Stack);
            if (Irp->CurrentLocation <= Irp->StackCount)
                DeviceObject = IoGetCurrentIrpStackLocation(Irp)->DeviceObject;
            IopIrpTrace.DeviceObject = DeviceObject;
            Result = IopInvokeCompletionRoutine(Routine, DeviceObject, Irp, Context);
            IopTraceLeave(&Trace);
            if (Result == STATUS_MORE_PROCESSING_REQUIRED)
                return;   /* the routine's driver owns the IRP again */
        } else {
            if (Irp->PendingReturned && Irp->CurrentLocation <= Irp->StackCount)
                IoMarkIrpPending(Irp);
            IopClearStackLocation(Stack);
        }
    }

    IopFinishCompletion(Irp, PriorityBoost, Caller);
}

/*
 * @implemented
 * <= DISPATCH_LEVEL (above: bugcheck 0xA). Checks first, as Windows does: an IRP already
 * completed (CurrentLocation > StackCount + 1) or not an IRP: 0x44 (Irp, 1 or 2); status
 * STATUS_PENDING (or 0xFFFFFFFF, never a real status): 0x44 (Irp, 3).
 */
__attribute__((noinline)) VOID FASTCALL IofCompleteRequest(PIRP Irp, CCHAR PriorityBoost)
{
    PIO_STACK_LOCATION Stack = Irp->Tail.Overlay.CurrentStackLocation;
    NTSTATUS Status = Irp->IoStatus.Status;

    /* The common case, with no call: the last location (a one-driver stack) completes an
       IRP of the Nt*File services (stage 2 deferred to the issuer) with no completion
       routine, no MDL, not pended, the checks passed and no verifier hook. It is what the
       walk below does for it. */
    if (__builtin_expect(!VfAnyDriver(VF_IO_HOOK_FLAGS) && KiThreadState.Irql <= DISPATCH_LEVEL &&
                         Irp->Type == IO_TYPE_IRP && Irp->CurrentLocation == Irp->StackCount &&
                         Status != STATUS_PENDING && Status != (NTSTATUS)0xFFFFFFFF &&
                         Stack->CompletionRoutine == NULL &&
                         !(Stack->Control & SL_PENDING_RETURNED) && Irp->MdlAddress == NULL &&
                         (Irp->Flags & (IRP_ASSOCIATED_IRP | IRP_CLOSE_OPERATION |
                                        IRP_DEFER_IO_COMPLETION)) == IRP_DEFER_IO_COMPLETION,
                         1)) {
        Irp->PendingReturned = FALSE;
        if (!NT_SUCCESS(Status)) {
            Stack->Control |= SL_ERROR_RETURNED;
            Stack->Parameters.Others.Argument4 = (PVOID)(LONG_PTR)Status;
        }
        IopClearStackLocation(Stack);
        /* Past the top, as the walk leaves it (StackCount + 2): a second completion is
           then caught as one. */
        Irp->CurrentLocation += 2;
        Irp->Tail.Overlay.CurrentStackLocation += 2;
        return;
    }
    IopCompleteRequest(Irp, PriorityBoost, __builtin_return_address(0));
}

/* @implemented: the exported function form of the IoCompleteRequest macro. */
VOID NTAPI (IoCompleteRequest)(PIRP Irp, CCHAR PriorityBoost)
{
    IofCompleteRequest(Irp, PriorityBoost);
}

/* Internal (io.h): stage 2 of a threaded IRP, on the completing thread. */
VOID IopCompleteRequestStage2(PIRP Irp)
{
    PFILE_OBJECT FileObject = Irp->Tail.Overlay.OriginalFileObject;
    BOOLEAN SelfPinned;
    BOOLEAN Associated = IopBeginStage2(Irp, &SelfPinned);

    if (Irp->Flags & IRP_BUFFERED_IO) {
        if (Associated && (Irp->Flags & IRP_INPUT_OPERATION) &&
            Irp->IoStatus.Status != STATUS_VERIFY_REQUIRED && !NT_ERROR(Irp->IoStatus.Status) &&
            Irp->IoStatus.Information != 0) {
            /* What Windows copies back under __try: a fault becomes the status. */
            NTSTATUS Status = HostCopyUserMemory(Irp->UserBuffer,
                                                 Irp->AssociatedIrp.SystemBuffer,
                                                 Irp->IoStatus.Information);
            if (!NT_SUCCESS(Status))
                Irp->IoStatus.Status = Status;
        }
        IopReleaseSystemBuffer(Irp);
    } else {
        Irp->Flags &= ~IRP_DEALLOCATE_BUFFER;
    }
    IopFreeMdls(Irp);

    if (Associated) {
        IopWriteUserIosb(Irp);
        if (FileObject != NULL && IopCompleteFileObjectHook != NULL)
            IopCompleteFileObjectHook(Irp, FileObject, FALSE);
        else if (Irp->UserEvent != NULL)
            KeSetEvent(Irp->UserEvent, 0, FALSE);
    } else if (FileObject != NULL && IopCompleteFileObjectHook != NULL) {
        IopCompleteFileObjectHook(Irp, FileObject, TRUE);
    }

    if (!IopEndStage2(Irp, SelfPinned) || IopPinHandshake(Irp))
        IopFreeQueuedIrp(Irp);
}

/*
 * @implemented
 * <= DISPATCH_LEVEL. STATUS_SUCCESS, or STATUS_INSUFFICIENT_RESOURCES (nothing set). The
 * device object stays referenced until the routine has run.
 */
NTSTATUS NTAPI IoSetCompletionRoutineEx(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                        PIO_COMPLETION_ROUTINE CompletionRoutine, PVOID Context,
                                        BOOLEAN InvokeOnSuccess, BOOLEAN InvokeOnError,
                                        BOOLEAN InvokeOnCancel)
{
    PIOP_COMPLETION_EX Block;

    Block = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*Block), IOP_COMPLETION_EX_TAG);
    if (Block == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    ObReferenceObject(DeviceObject);
    Block->DeviceObject = DeviceObject;
    Block->Routine = CompletionRoutine;
    Block->Context = Context;
    Block->Control = (InvokeOnSuccess ? SL_INVOKE_ON_SUCCESS : 0) |
                     (InvokeOnError ? SL_INVOKE_ON_ERROR : 0) |
                     (InvokeOnCancel ? SL_INVOKE_ON_CANCEL : 0);
    IoSetCompletionRoutine(Irp, IopCompletionExRoutine, Block, TRUE, TRUE, TRUE);
    return STATUS_SUCCESS;
}
