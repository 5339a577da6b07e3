/*
 * PURPOSE: Private definitions of the I/O manager's file-object and native-service files
 * (src/io/file.c, create.c, rw.c, ioctl.c, iocompletion.c, ntfile.c): pool tags, the
 * previous-mode switch of the Zw* entry points, file objects, the per-request plumbing.
 * User-mode arguments are probed and captured with the native layer's helpers
 * (internal/ntnative.h: NtpProbeForRead/Write, NtpCaptureObjectAttributes, NtpReturnHandle).
 */
#ifndef _KMODE_IOFILEP_H_
#define _KMODE_IOFILEP_H_

#include <ntifs.h>
#include <internal/ke.h>
#include <internal/ob.h>
#include <internal/io.h>
#include <internal/ntnative.h>
#include <internal/host.h>

/* Pool tags, as Windows' (read backwards in a pool dump). */
#define IOP_TAG_COMPLETION_PACKET 'pcoI'   /* "Iocp": NtSetIoCompletion packets */
#define IOP_TAG_COMPLETION_CONTEXT 'ccoI'  /* "Iocc": FILE_OBJECT->CompletionContext */
#define IOP_TAG_CAPTURE 'naCI'             /* "ICan": captured user arguments */
#define IOP_TAG_FILE_NAME 'mNoI'           /* "IoNm": FILE_OBJECT->FileName */

/* The mode of the caller a Nt* service works for (the "previous mode" of a system call). */
FORCEINLINE KPROCESSOR_MODE IopPreviousMode(VOID)
{
    return KiThreadState.PreviousMode;
}

/*
 * Zw* entry points: kernel-mode callers of the Nt* services. As on Windows, the previous
 * mode is KernelMode for the duration of the call (so nothing is probed and kernel handles
 * are valid), then goes back to what it was (a driver serving a user request calls Zw*).
 */
#define IOP_CALL_AS_KERNEL(Call)                                      \
    ({                                                               \
        KPROCESSOR_MODE _IopOld = KiThreadState.PreviousMode;        \
        NTSTATUS _IopStatus;                                         \
        KiThreadState.PreviousMode = KernelMode;                     \
        _IopStatus = (Call);                                         \
        KiThreadState.PreviousMode = _IopOld;                        \
        _IopStatus;                                                  \
    })

/* Probes where a handle will be returned, before anything is created (as Windows does):
   STATUS_ACCESS_VIOLATION, STATUS_DATATYPE_MISALIGNMENT. */
NTSTATUS IopProbeHandle(_In_ PHANDLE Out, _In_ KPROCESSOR_MODE Mode);

/* ==== File objects (src/io/file.c, create.c) ========================================= */

/*
 * kmode's file object: the public FILE_OBJECT (Windows x64 layout) followed by the I/O
 * manager's own state, in the same object body.
 */
typedef struct _IOP_FILE_OBJECT {
    FILE_OBJECT Public;
    volatile LONG IopFlags;           /* IOP_FO_* */
    PDEVICE_OBJECT OpenedDevice;      /* counted open (IopReferenceDeviceOpen) + referenced */
    /* The byte offset of the read or write in progress on a synchronous file object (its
       requests are serialized): completion advances CurrentByteOffset from it. */
    LARGE_INTEGER RequestOffset;
} IOP_FILE_OBJECT, *PIOP_FILE_OBJECT;

#define IOP_FO_OPENED     0x0001      /* IRP_MJ_CREATE succeeded: CLEANUP/CLOSE follow */
#define IOP_FO_CLEANED_UP 0x0002      /* IRP_MJ_CLEANUP was sent */

FORCEINLINE PIOP_FILE_OBJECT IopFile(PFILE_OBJECT FileObject)
{
    return CONTAINING_RECORD(FileObject, IOP_FILE_OBJECT, Public);
}

/* The Device type's parse procedure (create.c): opens a file object on the device. */
NTSTATUS IopParseDevice(_In_ PVOID Object, _In_opt_ POBJECT_TYPE RequestedType,
                        _In_ ACCESS_MASK DesiredAccess, _In_ KPROCESSOR_MODE AccessMode,
                        _In_ ULONG Attributes, _In_ PCUNICODE_STRING RemainingName,
                        _In_opt_ PVOID ParseContext, _Out_ PVOID *Result);

/* The File type's parse procedure (create.c): a name relative to an open file. */
NTSTATUS IopParseFile(_In_ PVOID Object, _In_opt_ POBJECT_TYPE RequestedType,
                      _In_ ACCESS_MASK DesiredAccess, _In_ KPROCESSOR_MODE AccessMode,
                      _In_ ULONG Attributes, _In_ PCUNICODE_STRING RemainingName,
                      _In_opt_ PVOID ParseContext, _Out_ PVOID *Result);

/*
 * Requests on synchronous file objects (FO_SYNCHRONOUS_IO) are serialized, as Windows does
 * with FILE_OBJECT.Busy/Waiters/Lock. IopLockFileObject returns STATUS_SUCCESS, or
 * STATUS_USER_APC / STATUS_ALERTED when an alertable wait (FO_ALERTABLE_IO) was interrupted.
 */
NTSTATUS IopLockFileObjectSlow(_In_ PFILE_OBJECT FileObject, _In_ KPROCESSOR_MODE Mode);
VOID IopWakeFileObjectWaiter(_In_ PFILE_OBJECT FileObject);

/* Uncontended: one exchange. Contended (IopLockFileObjectSlow): count ourselves in Waiters
   first, then try again and sleep on the Lock event. The unlocker stores Busy, then reads
   Waiters; it must see us or we must see the lock free. With the host's process-wide
   barrier the unlocker's store and load are plain and the waiter, after counting itself,
   makes every thread pass a full barrier (HostFlushProcessWriteBuffers: a membarrier
   syscall, on the contended path only); without it both sides are sequentially
   consistent (a locked instruction in every unlock). */
FORCEINLINE NTSTATUS IopLockFileObject(_In_ PFILE_OBJECT FileObject, _In_ KPROCESSOR_MODE Mode)
{
    if (__builtin_expect(!__atomic_exchange_n(&FileObject->Busy, TRUE, __ATOMIC_SEQ_CST), 1))
        return STATUS_SUCCESS;
    return IopLockFileObjectSlow(FileObject, Mode);
}

FORCEINLINE VOID IopUnlockFileObject(_In_ PFILE_OBJECT FileObject)
{
    ULONG Waiters;

    if (__builtin_expect(HostProcessBarrierReady, 1)) {
        __atomic_store_n(&FileObject->Busy, FALSE, __ATOMIC_RELEASE);
        __atomic_signal_fence(__ATOMIC_SEQ_CST);   /* (the waiter's flush orders the two) */
        Waiters = __atomic_load_n(&FileObject->Waiters, __ATOMIC_RELAXED);
    } else {
        __atomic_store_n(&FileObject->Busy, FALSE, __ATOMIC_SEQ_CST);
        Waiters = __atomic_load_n(&FileObject->Waiters, __ATOMIC_SEQ_CST);
    }
    if (__builtin_expect(Waiters != 0, 0))
        IopWakeFileObjectWaiter(FileObject);
}
/* Waits on Event for a request on FileObject (alertable when FO_ALERTABLE_IO), for at most
   Timeout when given (STATUS_TIMEOUT). */
NTSTATUS IopWaitForFileEvent(_In_ PKEVENT Event, _In_ PFILE_OBJECT FileObject,
                             _In_ KPROCESSOR_MODE Mode, _In_opt_ PLARGE_INTEGER Timeout);

/* IopInlineStage2Irp: internal/io.h. */

/*
 * A synchronous request of the Nt*File services (an IopSubmitRequest IRP, flagged
 * IRP_DEFER_IO_COMPLETION, on an FO_SYNCHRONOUS_IO file object): the reference on the file
 * object it was built with belongs to its issuer, which holds the file's lock and waits
 * for it, and drops the reference after unlocking; completion leaves it alone and touches
 * nothing of the file object after setting its event. (One reference where the IRP and the
 * waiting issuer used to hold one each: two locked operations less per request.)
 */
FORCEINLINE BOOLEAN IopIssuerHoldsFileReference(_In_ PIRP Irp, _In_ PFILE_OBJECT FileObject)
{
    return (FileObject->Flags & FO_SYNCHRONOUS_IO) &&
           (Irp->Flags & (IRP_DEFER_IO_COMPLETION | IRP_CREATE_OPERATION)) ==
               IRP_DEFER_IO_COMPLETION;
}

/* One request of a Nt*File service: what IopBeginRequest referenced and allocated. */
typedef struct _IOP_REQUEST {
    KPROCESSOR_MODE Mode;             /* the caller's previous mode */
    BOOLEAN Synchronous;              /* FO_SYNCHRONOUS_IO: the file object is locked */
    PFILE_OBJECT FileObject;          /* referenced */
    PDEVICE_OBJECT Device;            /* IoGetRelatedDeviceObject: where the IRP goes */
    ACCESS_MASK GrantedAccess;        /* of the handle */
    PKEVENT Event;                    /* the caller's event, referenced, cleared */
    PIO_STATUS_BLOCK IoStatusBlock;   /* the caller's (probed) */
    PIO_APC_ROUTINE ApcRoutine;
    PVOID ApcContext;
    PVOID Packet;                     /* completion packet allocated ahead, or NULL */
} IOP_REQUEST, *PIOP_REQUEST;

/* Releases everything the request holds (and Irp, its MDL and system buffer, if given). */
VOID IopAbortRequest(_Inout_ PIOP_REQUEST Request, _In_opt_ PIRP Irp);
/* A synchronous request's IRP pended: waits for it (cancelling it if an alertable wait is
   interrupted) and returns its final status. */
NTSTATUS IopWaitForSynchronousRequest(_In_ PFILE_OBJECT FileObject, _In_ KPROCESSOR_MODE Mode);

/* ==== I/O completion objects (src/io/iocompletion.c) ================================== */

/* A completion packet. */
typedef struct _IOP_MINI_COMPLETION_PACKET {
    LIST_ENTRY ListEntry;
    ULONG_PTR PacketType;
    PVOID KeyContext;
    PVOID ApcContext;
    NTSTATUS IoStatus;
    ULONG_PTR IoStatusInformation;
} IOP_MINI_COMPLETION_PACKET, *PIOP_MINI_COMPLETION_PACKET;

/* The "IoCompletion" object type (created by IopCreateCompletionType, at load time). */
extern POBJECT_TYPE IopCompletionObjectType;
VOID IopCreateCompletionType(VOID);

/* References the I/O completion object behind Handle for Access. */
NTSTATUS IopReferenceCompletion(_In_ HANDLE Handle, _In_ ACCESS_MASK Access,
                                _In_ KPROCESSOR_MODE Mode, _Out_ PVOID *Port);

/* Queues a filled packet on Port (any IRQL <= DISPATCH_LEVEL). */
VOID IopQueueCompletionPacket(_In_ PVOID Port, _In_ PIOP_MINI_COMPLETION_PACKET Packet);

/* ==== The request path of the Nt*File services ======================================= */

/*
 * The steps every Nt*File service takes, inline in each: a request's layers were most of
 * what a DeviceIoControl cost beyond the driver (calls, spilled arguments, a request block
 * filled and read back).
 *
 * IopBeginRequest starts a request: references the file (and checks that the handle grants
 * RequiredAccess for user-mode callers: STATUS_ACCESS_DENIED), probes IoStatusBlock (user
 * mode), references the event, allocates the completion packet, locks a synchronous file
 * object and clears its event. On failure everything is released.
 */
FORCEINLINE NTSTATUS IopBeginRequest(_In_ HANDLE FileHandle, _In_ ACCESS_MASK RequiredAccess,
                                     _In_opt_ HANDLE Event, _In_opt_ PIO_APC_ROUTINE ApcRoutine,
                                     _In_opt_ PVOID ApcContext,
                                     _In_ PIO_STATUS_BLOCK IoStatusBlock,
                                     _Out_ PIOP_REQUEST Request)
{
    OBJECT_HANDLE_INFORMATION HandleInfo;
    PFILE_OBJECT FileObject;
    NTSTATUS Status;

    RtlZeroMemory(Request, sizeof(*Request));
    Request->Mode = IopPreviousMode();
    Request->IoStatusBlock = IoStatusBlock;
    Request->ApcRoutine = ApcRoutine;
    Request->ApcContext = ApcContext;

    /* The handle first, then the caller's pointers (Windows' order). */
    Status = ObReferenceObjectByHandle(FileHandle, 0, *IoFileObjectType, Request->Mode,
                                       (PVOID *)&FileObject, &HandleInfo);
    if (!NT_SUCCESS(Status))
        return Status;
    Request->FileObject = FileObject;
    Request->GrantedAccess = HandleInfo.GrantedAccess;
    if (Request->Mode != KernelMode) {
        Status = NtpCheckUserBuffer(IoStatusBlock, sizeof(IO_STATUS_BLOCK), __alignof__(ULONG),
                                    NTP_PROBE_WRITE);
        if (!NT_SUCCESS(Status))
            goto fail;
    }
    /* The access the operation needs, checked for user-mode callers only (as Windows). */
    if (Request->Mode != KernelMode &&
        (HandleInfo.GrantedAccess & RequiredAccess) != RequiredAccess) {
        Status = STATUS_ACCESS_DENIED;
        goto fail;
    }
    if (FileObject->CompletionContext != NULL && ApcRoutine != NULL) {
        /* A file bound to a completion port reports there, not through APCs. */
        Status = STATUS_INVALID_PARAMETER;
        goto fail;
    }
    if (Event != NULL) {
        Status = ObReferenceObjectByHandle(Event, EVENT_MODIFY_STATE, *ExEventObjectType,
                                           Request->Mode, (PVOID *)&Request->Event, NULL);
        if (!NT_SUCCESS(Status))
            goto fail;
        KeResetEvent(Request->Event);   /* (under the dispatcher lock: completions of other
                                           requests may be setting it right now) */
    }
    if (FileObject->CompletionContext != NULL && ApcContext != NULL) {
        /* The packet is allocated now, so completion cannot fail to queue it. */
        Request->Packet = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(IOP_MINI_COMPLETION_PACKET),
                                                IOP_TAG_COMPLETION_PACKET);
        if (Request->Packet == NULL) {
            Status = STATUS_INSUFFICIENT_RESOURCES;
            goto fail;
        }
    }
    Request->Device = IopRelatedDeviceObject(FileObject);
    if (FileObject->Flags & FO_SYNCHRONOUS_IO) {
        Status = IopLockFileObject(FileObject, Request->Mode);
        if (Status != STATUS_SUCCESS)
            goto fail;
        Request->Synchronous = TRUE;
    }
    /* Windows clears the event (KeClearEvent, no dispatcher lock). On a synchronous file
       object the completion that last set it came before the lock we now hold, so the
       lock-free clear is enough there; an asynchronous file's completions may run right
       now, so those take the dispatcher lock. */
    if (Request->Synchronous)
        __atomic_store_n(&FileObject->Event.Header.SignalState, 0, __ATOMIC_RELEASE);
    else
        KeResetEvent(&FileObject->Event);
    return STATUS_SUCCESS;

fail:
    IopAbortRequest(Request, NULL);
    return Status;
}

FORCEINLINE PIRP IopAllocateRequestIrp(_In_ PIOP_REQUEST Request, _In_ UCHAR MajorFunction)
{
    PIO_STACK_LOCATION Stack;
    PIRP Irp = IoAllocateIrp(Request->Device->StackSize, FALSE);

    if (Irp == NULL)
        return NULL;
    Irp->Tail.Overlay.OriginalFileObject = Request->FileObject;
    Irp->RequestorMode = Request->Mode;
    Irp->UserIosb = Request->IoStatusBlock;
    Irp->UserEvent = Request->Event;
    Irp->Overlay.AsynchronousParameters.UserApcRoutine = Request->ApcRoutine;
    Irp->Overlay.AsynchronousParameters.UserApcContext = Request->ApcContext;
    Irp->Tail.Overlay.AuxiliaryBuffer = Request->Packet;
    Irp->Flags = IRP_DEFER_IO_COMPLETION;
    Stack = IoGetNextIrpStackLocation(Irp);
    Stack->MajorFunction = MajorFunction;
    Stack->FileObject = Request->FileObject;
    return Irp;
}

/* Sends Irp; the request's references now belong to it. Returns the service's status:
   STATUS_PENDING for an asynchronous file when the IRP pended; for a synchronous file
   object, the final status (after waiting). */
FORCEINLINE NTSTATUS IopSubmitRequest(_Inout_ PIOP_REQUEST Request, _In_ PIRP Irp)
{
    PFILE_OBJECT FileObject = Request->FileObject;
    BOOLEAN Synchronous = Request->Synchronous;
    NTSTATUS Status;

    /* From here the IRP owns the request's references (the completion hook drops them),
       except a synchronous request's file reference: the caller keeps it for the wait and
       drops it after unlocking (IopIssuerHoldsFileReference). */
    IopQueueThreadIrp(Irp);
    Status = IoCallDriver(Request->Device, Irp);
    if (Status == STATUS_PENDING) {
        if (!Synchronous)
            return Status;
        Status = IopWaitForSynchronousRequest(FileObject, Request->Mode);
    } else if (!Synchronous) {
        /* Completed at once (IRP_DEFER_IO_COMPLETION): the final stage runs here. */
        IopCompleteRequestStage2(Irp);
        return Status;
    } else {
        IopInlineStage2Irp = Irp;
        IopCompleteRequestStage2(Irp);
        IopInlineStage2Irp = NULL;
    }
    IopUnlockFileObject(FileObject);
    ObDereferenceObject(FileObject);
    return Status;
}

#endif /* _KMODE_IOFILEP_H_ */
