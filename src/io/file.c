/*
 * PURPOSE: File objects: the File type's close and delete procedures (IRP_MJ_CLEANUP when
 * the last handle closes, IRP_MJ_CLOSE when the last reference goes), the file-object part
 * of IRP completion (events, FinalStatus, user APCs, completion-port packets), the
 * per-request plumbing the Nt*File services share, and the serialization of requests on
 * synchronous file objects.
 *
 * Life of a file object (created by the Device type's parse procedure, src/io/create.c):
 *   CREATE succeeded  -> the device's ReferenceCount counts it (IopReferenceDeviceOpen) and
 *                        it holds a pointer reference on the device object;
 *   last handle closes -> IRP_MJ_CLEANUP to the top of the device's stack, then the
 *                        requests still pending on the file are cancelled;
 *   last reference     -> IRP_MJ_CLOSE (after a CLEANUP if no handle ever existed), the
 *                        device counts are dropped, the name and completion context freed.
 * CLEANUP and CLOSE are sent synchronously (the caller waits if the driver pends them) and
 * always at PASSIVE_LEVEL: a last dereference at DISPATCH_LEVEL in the completion path is
 * deferred to the object manager's reaper thread.
 */

/* INCLUDES ******************************************************************************/

#include "iofilep.h"

/* GLOBALS *******************************************************************************/

static volatile LONG IopFileTypesReady;

KI_TLS PIRP IopInlineStage2Irp;

/* PRIVATE FUNCTIONS *********************************************************************/

/* Allocates an IRP that must not fail (CLEANUP, CLOSE): Windows retries too. */
static PIRP IopAllocateIrpMustSucceed(CCHAR StackSize)
{
    PIRP Irp;
    LARGE_INTEGER Delay;

    Delay.QuadPart = -10 * 1000;   /* 1 ms */
    while ((Irp = IoAllocateIrp(StackSize, FALSE)) == NULL)
        KeDelayExecutionThread(KernelMode, FALSE, &Delay);
    return Irp;
}

/*
 * Sends IRP_MJ_CLEANUP or IRP_MJ_CLOSE for FileObject to the top of its device's stack and
 * waits for it. PASSIVE_LEVEL.
 */
static VOID IopSendCloseIrp(PFILE_OBJECT FileObject, UCHAR MajorFunction)
{
    PDEVICE_OBJECT Device = IoGetRelatedDeviceObject(FileObject);
    IO_STATUS_BLOCK IoStatus;
    PIO_STACK_LOCATION Stack;
    KEVENT Event;
    PIRP Irp;

    KeInitializeEvent(&Event, SynchronizationEvent, FALSE);
    Irp = IopAllocateIrpMustSucceed(Device->StackSize);
    Irp->Tail.Overlay.OriginalFileObject = FileObject;
    Irp->Tail.Overlay.Thread = PsGetCurrentThread();
    Irp->RequestorMode = KernelMode;
    Irp->UserIosb = &IoStatus;
    Irp->UserEvent = &Event;
    Irp->Flags = IRP_CLOSE_OPERATION | IRP_SYNCHRONOUS_API;
    Stack = IoGetNextIrpStackLocation(Irp);
    Stack->MajorFunction = MajorFunction;
    Stack->FileObject = FileObject;
    if (IoCallDriver(Device, Irp) == STATUS_PENDING)
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
    IoFreeIrp(Irp);
}

static VOID IopCleanupFile(PIOP_FILE_OBJECT File)
{
    PFILE_OBJECT FileObject = &File->Public;

    if (__atomic_fetch_or(&File->IopFlags, IOP_FO_CLEANED_UP, __ATOMIC_ACQ_REL) &
        IOP_FO_CLEANED_UP)
        return;
    IopSendCloseIrp(FileObject, IRP_MJ_CLEANUP);
    /* What the driver left pending on this file is cancelled now (kmode's rule, see
       docs/io.md; a driver that honours IRP_MJ_CLEANUP has already completed them). */
    (VOID)IopCancelIrpsOfFile(FileObject, NULL, NULL, FALSE);
}

/* The File type's close procedure: after each handle closes. */
static VOID IopCloseFile(PVOID Object, ACCESS_MASK GrantedAccess, LONG_PTR RemainingHandles)
{
    PIOP_FILE_OBJECT File = Object;

    UNREFERENCED_PARAMETER(GrantedAccess);
    if (RemainingHandles == 0 && (File->IopFlags & IOP_FO_OPENED))
        IopCleanupFile(File);
}

/* The File type's delete procedure: the last reference went. */
static VOID IopDeleteFile(PVOID Object)
{
    PIOP_FILE_OBJECT File = Object;
    PFILE_OBJECT FileObject = &File->Public;
    PIO_COMPLETION_CONTEXT Context = FileObject->CompletionContext;

    if (File->IopFlags & IOP_FO_OPENED) {
        /* A file object that never had a handle (IoCreateFile failed to create one) gets
           its CLEANUP first, as on Windows. */
        IopCleanupFile(File);
        IopSendCloseIrp(FileObject, IRP_MJ_CLOSE);
    }
    if (File->OpenedDevice != NULL) {
        IopDereferenceDeviceOpen(File->OpenedDevice);
        ObDereferenceObject(File->OpenedDevice);
    }
    if (Context != NULL) {
        ObDereferenceObject(Context->Port);
        ExFreePoolWithTag(Context, IOP_TAG_COMPLETION_CONTEXT);
    }
    if (FileObject->FileName.Buffer != NULL)
        ExFreePoolWithTag(FileObject->FileName.Buffer, IOP_TAG_FILE_NAME);
}

/* Drops a reference the completion path holds, at PASSIVE_LEVEL even from a DPC. */
static VOID IopDereferenceFromCompletion(PVOID Object)
{
    if (KiThreadState.Irql > APC_LEVEL)
        ObDereferenceObjectDeferDelete(Object);
    else
        ObDereferenceObject(Object);
}

/* Sets a synchronous file object's event for the issuer waiting on it. When the issuer
   itself runs this stage 2 (IopInlineStage2Irp), the lock-free set. Otherwise the issuer may
   return and drop the last reference the moment it sees the event: KeSetEvent then, which
   touches nothing of the event once the waiter is woken (src/ke/README.md). Nothing of the
   file object may be touched after this call. */
static VOID IopSignalSynchronousIssuer(PIRP Irp, PFILE_OBJECT FileObject)
{
    if (Irp == IopInlineStage2Irp)
        KiSetReferencedEvent(&FileObject->Event);
    else
        (VOID)KeSetEvent(&FileObject->Event, IO_NO_INCREMENT, FALSE);
}

/*
 * The file-object part of completion stage 2 (IopCompleteFileObjectHook): *UserIosb is
 * written; here come the events, the user APC, the completion packet and the references.
 */
static VOID IopCompleteFileRequest(PIRP Irp, PFILE_OBJECT FileObject, BOOLEAN Dropped)
{
    NTSTATUS Status = Irp->IoStatus.Status;
    PIOP_MINI_COMPLETION_PACKET Packet = (PVOID)Irp->Tail.Overlay.AuxiliaryBuffer;
    PKEVENT UserEvent = Irp->UserEvent;
    /* A request that failed at once (an error without STATUS_PENDING) signals nothing and
       queues nothing: the caller got the error status back, as on Windows. */
    BOOLEAN Notify;

    BOOLEAN IssuerHolds, SyncFile;
    PIO_COMPLETION_CONTEXT Context;

    /* The common case first (what the rest does for it): a request other than a read or
       write on a synchronous file object, with no event, APC or completion packet. Its
       issuer holds the file reference (IopIssuerHoldsFileReference). */
    if (!Dropped && UserEvent == NULL && Packet == NULL &&
        Irp->Overlay.AsynchronousParameters.UserApcRoutine == NULL &&
        FileObject->Type == IO_TYPE_FILE && (FileObject->Flags & FO_SYNCHRONOUS_IO) &&
        (Irp->Flags & (IRP_CREATE_OPERATION | IRP_OB_QUERY_NAME | IRP_READ_OPERATION |
                       IRP_WRITE_OPERATION | IRP_DEFER_IO_COMPLETION)) ==
            IRP_DEFER_IO_COMPLETION) {
        FileObject->FinalStatus = Status;
        IopSignalSynchronousIssuer(Irp, FileObject);
        return;
    }

    Notify = !Dropped && (!NT_ERROR(Status) || Irp->PendingReturned);
    if (FileObject->Type != IO_TYPE_FILE) {
        /* Not a file object of the I/O manager's (an IRP a test or driver built around a
           FILE_OBJECT of its own): only the event, as without this hook. */
        if (UserEvent != NULL && !Dropped)
            KeSetEvent(UserEvent, IO_NO_INCREMENT, FALSE);
        return;
    }
    Irp->Tail.Overlay.AuxiliaryBuffer = NULL;
    if (Irp->Flags & IRP_CREATE_OPERATION) {
        /* The open path waits for its own event and keeps its file object reference. */
        if (UserEvent != NULL && !Dropped)
            KeSetEvent(UserEvent, IO_NO_INCREMENT, FALSE);
        return;
    }

    /* Everything read from the file object before its event is set: an issuer that holds
       the reference may drop it as soon as it is. */
    IssuerHolds = IopIssuerHoldsFileReference(Irp, FileObject);
    SyncFile = (FileObject->Flags & FO_SYNCHRONOUS_IO) != 0;
    Context = FileObject->CompletionContext;
    if (!Dropped && SyncFile && !(Irp->Flags & IRP_OB_QUERY_NAME)) {
        if ((Irp->Flags & (IRP_READ_OPERATION | IRP_WRITE_OPERATION)) && !NT_ERROR(Status)) {
            /* The current position advances by what was transferred. */
            LARGE_INTEGER Offset = IopFile(FileObject)->RequestOffset;
            if (Offset.QuadPart >= 0)
                FileObject->CurrentByteOffset.QuadPart =
                    Offset.QuadPart + (LONGLONG)Irp->IoStatus.Information;
        }
        FileObject->FinalStatus = Status;
        if (IssuerHolds)
            IopSignalSynchronousIssuer(Irp, FileObject);
        else   /* (the IRP holds a reference on the file object: the event outlives the set) */
            KiSetReferencedEvent(&FileObject->Event);
    }
    if (UserEvent != NULL) {
        if (Notify) {
            /* A caller's own event (IRP_SYNCHRONOUS_API) may be on a stack the waiter
               leaves as soon as it is set; the event of a user request is referenced. */
            if (Irp->Flags & IRP_SYNCHRONOUS_API)
                KeSetEvent(UserEvent, IO_NO_INCREMENT, FALSE);
            else
                KiSetReferencedEvent(UserEvent);
        }
        if (!(Irp->Flags & IRP_SYNCHRONOUS_API))
            IopDereferenceFromCompletion(UserEvent);
    } else if (Notify && !SyncFile) {
        /* No event: waiting on the file handle is how the caller learns of completion. */
        KiSetReferencedEvent(&FileObject->Event);
    }

    if (Notify && Irp->Overlay.AsynchronousParameters.UserApcRoutine != NULL) {
        /* ApcRoutine(ApcContext, IoStatusBlock, 0) in the issuing thread's next alertable
           wait (the thread object starts with its KTHREAD). */
        (VOID)NtpQueueUserApc((PKTHREAD)Irp->Tail.Overlay.Thread,
                              (PNTP_APC_ROUTINE)(PVOID)Irp->Overlay.AsynchronousParameters.UserApcRoutine,
                              Irp->Overlay.AsynchronousParameters.UserApcContext, Irp->UserIosb,
                              NULL);
    }

    if (Packet != NULL) {
        if (Notify && Context != NULL) {
            Packet->KeyContext = Context->Key;
            Packet->ApcContext = Irp->Overlay.AsynchronousParameters.UserApcContext;
            Packet->IoStatus = Status;
            Packet->IoStatusInformation = Irp->IoStatus.Information;
            IopQueueCompletionPacket(Context->Port, Packet);
        } else {
            ExFreePoolWithTag(Packet, IOP_TAG_COMPLETION_PACKET);
        }
    }

    if (!IssuerHolds)
        IopDereferenceFromCompletion(FileObject);
}

static VOID IopInitializeFileTypes(VOID)
{
    LONG State = __atomic_load_n(&IopFileTypesReady, __ATOMIC_ACQUIRE);

    if (State == 2)
        return;
    if (State == 0 && __atomic_compare_exchange_n(&IopFileTypesReady, &State, 1, FALSE,
                                                  __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        IopInitializeObjectTypes();
        (*IoFileObjectType)->TypeInfo.CloseProcedure = IopCloseFile;
        (*IoFileObjectType)->TypeInfo.DeleteProcedure = IopDeleteFile;
        (*IoFileObjectType)->TypeInfo.ParseProcedure = IopParseFile;
        (*IoDeviceObjectType)->TypeInfo.ParseProcedure = IopParseDevice;
        IopCompleteFileObjectHook = IopCompleteFileRequest;
        __atomic_store_n(&IopFileTypesReady, 2, __ATOMIC_RELEASE);
        return;
    }
    while (__atomic_load_n(&IopFileTypesReady, __ATOMIC_ACQUIRE) != 2)
        KiCpuRelax();
}

/*
 * The type pointers are valid before any driver code runs (the object manager creates the
 * types in its own constructor; creating the IoCompletion type first makes sure of it).
 */
__attribute__((constructor)) static VOID IopInitializeFileSupport(VOID)
{
    IopCreateCompletionType();
    IopInitializeFileTypes();
}

/* PUBLIC FUNCTIONS (internal) ***********************************************************/

NTSTATUS IopLockFileObjectSlow(PFILE_OBJECT FileObject, KPROCESSOR_MODE Mode)
{
    NTSTATUS Status = STATUS_SUCCESS;

    LARGE_INTEGER RetryInterval = { .QuadPart = -10 * 1000 };   /* 1 ms */
    BOOLEAN Flushed;

    __atomic_fetch_add(&FileObject->Waiters, 1, __ATOMIC_SEQ_CST);
    /* Unlockers that read Waiters before our count became visible to them stored Busy
       before this flush: the exchange below sees it. Should the flush fail, a wait is only
       ever 1 ms long (a missed wake-up costs a retry, not a hang). */
    Flushed = !HostProcessBarrierReady || HostFlushProcessWriteBuffers();
    for (;;) {
        if (!__atomic_exchange_n(&FileObject->Busy, TRUE, __ATOMIC_SEQ_CST))
            break;
        Status = IopWaitForFileEvent(&FileObject->Lock, FileObject, Mode,
                                     Flushed ? NULL : &RetryInterval);
        if (Status == STATUS_USER_APC || Status == STATUS_ALERTED)
            break;
    }
    __atomic_fetch_sub(&FileObject->Waiters, 1, __ATOMIC_SEQ_CST);
    return Status == STATUS_USER_APC || Status == STATUS_ALERTED ? Status : STATUS_SUCCESS;
}

VOID IopWakeFileObjectWaiter(PFILE_OBJECT FileObject)
{
    KeSetEvent(&FileObject->Lock, IO_NO_INCREMENT, FALSE);
}

NTSTATUS IopWaitForFileEvent(PKEVENT Event, PFILE_OBJECT FileObject, KPROCESSOR_MODE Mode,
                             PLARGE_INTEGER Timeout)
{
    PVOID Objects[1] = { Event };
    BOOLEAN Alertable = (FileObject->Flags & FO_ALERTABLE_IO) != 0;

    return KiWaitForObjectsEx(1, Objects, WaitAny, Mode, Alertable, Timeout,
                              KiThreadState.WaitBlock, __builtin_return_address(0));
}

VOID IopAbortRequest(PIOP_REQUEST Request, PIRP Irp)
{
    if (Irp != NULL) {
        if (Irp->MdlAddress != NULL) {
            PMDL Mdl = Irp->MdlAddress;
            if (Mdl->MdlFlags & MDL_PAGES_LOCKED)
                MmUnlockPages(Mdl);
            IoFreeMdl(Mdl);
        }
        IopReleaseSystemBuffer(Irp);
        IoFreeIrp(Irp);
    }
    if (Request->Synchronous)
        IopUnlockFileObject(Request->FileObject);
    if (Request->Packet != NULL)
        ExFreePoolWithTag(Request->Packet, IOP_TAG_COMPLETION_PACKET);
    if (Request->Event != NULL)
        ObDereferenceObject(Request->Event);
    if (Request->FileObject != NULL)
        ObDereferenceObject(Request->FileObject);
    RtlZeroMemory(Request, sizeof(*Request));
}

NTSTATUS IopWaitForSynchronousRequest(PFILE_OBJECT FileObject, KPROCESSOR_MODE Mode)
{
    NTSTATUS WaitStatus = IopWaitForFileEvent(&FileObject->Event, FileObject, Mode, NULL);

    if (WaitStatus == STATUS_USER_APC || WaitStatus == STATUS_ALERTED) {
        /* An alertable wait (FILE_SYNCHRONOUS_IO_ALERT) was interrupted: as Windows, the
           request is cancelled and waited for; its final status is the result (the APCs
           run when the service returns). */
        (VOID)IopCancelIrpsOfFile(FileObject, PsGetCurrentThread(), NULL, TRUE);
        KeWaitForSingleObject(&FileObject->Event, Executive, KernelMode, FALSE, NULL);
    }
    return FileObject->FinalStatus;
}

/* PUBLIC FUNCTIONS **********************************************************************/
