/*
 * PURPOSE: The I/O manager's internal interface (src/io): what the loader, the native
 * (Nt*) layer, the Win32 side and the debugger extensions use and drivers never see.
 *
 * Ownership, so parallel work merges cleanly: each section below belongs to one area.
 */
#ifndef _KMODE_INTERNAL_IO_H_
#define _KMODE_INTERNAL_IO_H_

#include <internal/hidden.h>
#include <ntddk.h>

/* ===== Driver objects (src/io/driver.c) ================================================ */

/*
 * Creates the driver object \Driver\<Name> (DriverName is the full name, e.g.
 * L"\\Driver\\sioctl"), fills DriverName, DriverExtension->ServiceKeyName (the last
 * component of RegistryPath), HardwareDatabase, DriverStart/DriverSize (ImageStart,
 * ImageSize), DriverSection (the loader's opaque image record, may be NULL) and sets every
 * MajorFunction to the I/O manager's "invalid device request" routine; then runs
 * Init(DriverObject, RegistryPath) at PASSIVE_LEVEL through the invoke layer.
 * On success returns DriverEntry's status and a referenced driver object. If DriverEntry
 * fails the driver object is deleted (DriverUnload is NOT called, as on Windows) and its
 * status returned. STATUS_OBJECT_NAME_COLLISION if a driver of that name exists.
 */
NTSTATUS IopCreateDriver(_In_ PCUNICODE_STRING DriverName, _In_ PDRIVER_INITIALIZE Init,
                         _In_opt_ PCUNICODE_STRING RegistryPath, _In_opt_ PVOID ImageStart,
                         _In_ ULONG ImageSize, _In_opt_ PVOID DriverSection,
                         _Out_ PDRIVER_OBJECT *DriverObject);

/*
 * Unloads a driver created by IopCreateDriver: STATUS_INVALID_DEVICE_REQUEST when it has no
 * DriverUnload (or its unload was already requested); otherwise runs DriverUnload at
 * PASSIVE_LEVEL, removes the \Driver name and drops the creation reference. Consumes the
 * reference IopCreateDriver returned (on success only: after STATUS_INVALID_DEVICE_REQUEST
 * nothing changed and the caller still holds it).
 * As on Windows, when a device of the driver is still open (ReferenceCount != 0) or has a
 * device attached above it, the unload is deferred: STATUS_SUCCESS is returned at once, the
 * driver's devices take no new opens or attachments (DOE_UNLOAD_PENDING), and DriverUnload
 * runs when the last such open closes (IopDereferenceDeviceOpen) or the last attachment
 * goes (IoDetachDevice) - on that thread at PASSIVE_LEVEL, else on a system worker thread.
 */
NTSTATUS IopUnloadDriver(_In_ PDRIVER_OBJECT DriverObject);

/*
 * Called (if set) when a driver object whose DriverSection is non-NULL is finally deleted,
 * so the loader can unmap the image only when nothing can call into it any more.
 * kmode's rule: every non-NULL DriverSection given to IopCreateDriver is released through
 * this exactly once. When IopCreateDriver fails that happens before it returns (name
 * collision, invalid parameter, DriverEntry failure) - except when a failing DriverEntry
 * left device objects behind: they hold the driver object, and the image is released when
 * the last of them goes. After a successful IopUnloadDriver it happens when the last device
 * of the driver is gone (at once when DriverUnload deleted them all and nothing else holds
 * one). It may run on the object reaper thread, never at raised IRQL.
 */
extern VOID (*IopReleaseDriverSection)(_In_ PVOID DriverSection);

/*
 * The driver extension as kmode lays it out: the public DRIVER_EXTENSION, then kmode's own
 * fields (Windows keeps private fields after ServiceKeyName too). DriverObject->DriverExtension
 * points at one of these, allocated with the driver object.
 */
typedef struct _IOP_DRIVER_EXTENSION {
    DRIVER_EXTENSION Public;
    LIST_ENTRY ClientExtensions;      /* IoAllocateDriverObjectExtension blocks (database lock) */
    BOOLEAN UnloadPending;            /* IopUnloadDriver called (database lock) */
    WORK_QUEUE_ITEM UnloadWorkItem;   /* runs a deferred DriverUnload at PASSIVE_LEVEL */
} IOP_DRIVER_EXTENSION, *PIOP_DRIVER_EXTENSION;

/* The MajorFunction[] default: completes the IRP with STATUS_INVALID_DEVICE_REQUEST. */
NTSTATUS NTAPI IopInvalidDeviceRequest(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp);

/* Windows' DRVO_INITIALIZED: DriverEntry succeeded (not in the WDK's public list). */
#define IOP_DRVO_INITIALIZED 0x00000010

FORCEINLINE PIOP_DRIVER_EXTENSION IopGetDriverExtension(PDRIVER_OBJECT DriverObject)
{
    return CONTAINING_RECORD(DriverObject->DriverExtension, IOP_DRIVER_EXTENSION, Public);
}

/*
 * The I/O database lock (Windows' IopDatabaseLock): guards device attachment
 * (AttachedDevice / AttachedTo), a driver's device list (DeviceObject / NextDevice), the
 * device extension flags and driver-object extensions. A spin lock: held at DISPATCH_LEVEL,
 * never while calling a driver.
 */
KIRQL IopAcquireDatabaseLock(VOID);
VOID IopReleaseDatabaseLock(_In_ KIRQL OldIrql);

/* Makes sure the Driver and Device object types carry the I/O manager's delete procedures
   (they are created by the object manager; src/io attaches behaviour). Idempotent. */
VOID IopInitializeObjectTypes(VOID);

/* ===== Device objects, symbolic links, device stacks (src/io/device.c, symlink.c) ====== */

/* IOP_DEVOBJ_EXTENSION.ExtensionFlags (Windows' DOE_* values). */
#define DOE_UNLOAD_PENDING    0x00000001
#define DOE_DELETE_PENDING    0x00000002
#define DOE_REMOVE_PENDING    0x00000004
#define DOE_REMOVE_PROCESSED  0x00000008
#define DOE_START_PENDING     0x00000010
/* Any of these: the device takes no new opens and no new attachments. */
#define IOP_DOE_GOING_AWAY \
    (DOE_UNLOAD_PENDING | DOE_DELETE_PENDING | DOE_REMOVE_PENDING | DOE_REMOVE_PROCESSED)

/* One access rule of a device's SDDL (IoCreateDeviceSecure): Sid is an IOP_SID_* value. */
typedef struct _IOP_DEVICE_ACE {
    ULONG Sid;
    ACCESS_MASK Access;               /* generic bits already mapped to the device's rights */
} IOP_DEVICE_ACE;

/* The security a device was created with (parsed from SDDL; kmode has no security
   descriptors yet). AceCount 0 with Protected: "D:P", kernel-mode access only. */
typedef struct _IOP_DEVICE_SECURITY {
    ULONG AceCount;
    IOP_DEVICE_ACE Aces[];
} IOP_DEVICE_SECURITY, *PIOP_DEVICE_SECURITY;

/* Well-known SIDs the device SDDL subset names (SDDL abbreviations in comments). */
#define IOP_SID_SYSTEM            1   /* SY  S-1-5-18 */
#define IOP_SID_LOCAL_SERVICE     2   /* LS  S-1-5-19 */
#define IOP_SID_NETWORK_SERVICE   3   /* NS  S-1-5-20 */
#define IOP_SID_ADMINISTRATORS    4   /* BA  S-1-5-32-544 */
#define IOP_SID_USERS             5   /* BU  S-1-5-32-545 */
#define IOP_SID_GUESTS            6   /* BG  S-1-5-32-546 */
#define IOP_SID_AUTHENTICATED     7   /* AU  S-1-5-11 */
#define IOP_SID_ANONYMOUS         8   /* AN  S-1-5-7 */
#define IOP_SID_INTERACTIVE       9   /* IU  S-1-5-4 */
#define IOP_SID_NETWORK           10  /* NU  S-1-5-2 */
#define IOP_SID_WORLD             11  /* WD  S-1-1-0 */
#define IOP_SID_RESTRICTED        12  /* RC  S-1-5-12 */
#define IOP_SID_USER_MODE_DRIVERS 13  /* UD  S-1-5-84-0-0-0-0-0 */
#define IOP_SID_OTHER             14  /* any other SID written as S-1-... */

/*
 * The device object extension as kmode lays it out: the public DEVOBJ_EXTENSION, then the
 * fields Windows keeps there, at Windows' x64 offsets (PowerFlags 0x10, ExtensionFlags 0x20,
 * AttachedTo 0x30, StartIo* 0x38..0x40, Vpb 0x48), then kmode's own. Allocated with the
 * device object, after the device extension.
 */
typedef struct _IOP_DEVOBJ_EXTENSION {
    DEVOBJ_EXTENSION Public;
    ULONG PowerFlags;
    PVOID Dope;
    ULONG ExtensionFlags;             /* DOE_* (database lock) */
    PVOID DeviceNode;
    PDEVICE_OBJECT AttachedTo;        /* the device this one is attached to (database lock) */
    LONG StartIoCount;                /* IoSetStartIoAttributes / IoStartNextPacket (io-queue) */
    LONG StartIoKey;
    ULONG StartIoFlags;
    PVPB Vpb;
    /* kmode */
    PIOP_DEVICE_SECURITY Security;    /* from IoCreateDeviceSecure's SDDL, else NULL */
    PVPB AllocatedVpb;                /* the VPB IoCreateDevice gave a disk-type device */
} IOP_DEVOBJ_EXTENSION, *PIOP_DEVOBJ_EXTENSION;

FORCEINLINE PIOP_DEVOBJ_EXTENSION IopGetDevObjExtension(PDEVICE_OBJECT DeviceObject)
{
    return (PIOP_DEVOBJ_EXTENSION)DeviceObject->DeviceObjectExtension;
}

/*
 * For the open path (IRP_MJ_CREATE on a device): checks, under the database lock, what
 * Windows checks before it builds a file object, and counts the open in
 * DeviceObject->ReferenceCount:
 *   STATUS_NO_SUCH_DEVICE    the device is being deleted/unloaded, or still initializing
 *                            (DO_DEVICE_INITIALIZING)
 *   STATUS_ACCESS_DENIED     an exclusive device (DO_EXCLUSIVE) that is already open
 * Each success is paired with IopDereferenceDeviceOpen when the file object goes.
 */
NTSTATUS IopReferenceDeviceOpen(_In_ PDEVICE_OBJECT DeviceObject);
VOID IopDereferenceDeviceOpen(_In_ PDEVICE_OBJECT DeviceObject);
/* (IopDereferenceDeviceOpen may run a deferred DriverUnload: call it while the file object
   still holds its pointer reference on the device, i.e. before dropping that.) */

/* A device lost its last open or its attached device: runs its driver's deferred unload
   if nothing else holds it (src/io/driver.c). Any IRQL <= DISPATCH_LEVEL. */
VOID IopCheckPendingUnload(_In_ PDEVICE_OBJECT DeviceObject);

/*
 * Access check of a user-mode open against the device's SDDL (IoCreateDeviceSecure). kmode's
 * user-mode caller is an elevated administrator (the token Windows gives an app that runs
 * the SCM): Administrators, Users, Everyone, Authenticated Users, Interactive; not System.
 * DesiredAccess may hold generic bits and MAXIMUM_ALLOWED. Kernel-mode callers and devices
 * without SDDL (IoCreateDevice) are granted DesiredAccess (mapped). STATUS_ACCESS_DENIED
 * when a requested right is not granted.
 */
NTSTATUS IopCheckDeviceAccess(_In_ PDEVICE_OBJECT DeviceObject, _In_ ACCESS_MASK DesiredAccess,
                              _In_ KPROCESSOR_MODE AccessMode, _Out_ PACCESS_MASK GrantedAccess);

/*
 * Parses SDDL in the device-object subset ("D:P" then "(A;;access;;;SID)" entries) into a
 * pool block (tag 'DSoI'); STATUS_INVALID_PARAMETER when it is not valid.
 */
NTSTATUS IopParseDeviceSddl(_In_ PCUNICODE_STRING Sddl, _Out_ PIOP_DEVICE_SECURITY *Security);

/* The Device type's delete procedure (src/io/device.c). */
VOID IopDeleteDeviceObject(_In_ PVOID Object);

/* I/O timers (src/io/iotimer.c): unlinks and frees the device's timer (IoDeleteDevice and
   the device's deletion). */
VOID IopRemoveDeviceTimer(_In_ PDEVICE_OBJECT DeviceObject);
VOID IopFreeDeviceTimer(_In_ PDEVICE_OBJECT DeviceObject);

/* Test hook: runs one I/O timer tick now, on this thread, at DISPATCH_LEVEL (as the
   once-a-second timer DPC does). */
VOID IopRunTimerTickForTest(VOID);

/* ===== IRPs, completion, cancellation (src/io/irp.c, complete.c, cancel.c) ============== */

/*
 * Threaded IRPs. An IRP "belongs to a thread" when Irp->Tail.Overlay.Thread is set: the
 * IoBuild* routines and the Nt*File layer set it to the issuing thread and queue the IRP on
 * that thread's IRP list (ETHREAD.IrpList, src/include/internal/ps.h). Only such IRPs go
 * through completion stage 2 (below); an IRP without a thread (IoAllocateIrp) must be taken
 * back by its creator's completion routine with STATUS_MORE_PROCESSING_REQUIRED.
 *
 * IopQueueThreadIrp: sets Irp->Tail.Overlay.Thread to the current thread and queues the IRP
 * on its list (IoCancelThreadIo / CancelIo / handle close find it there). <= DISPATCH_LEVEL.
 * IopDequeueThreadIrp: takes it off again (no-op if it is on no list). Completion stage 2
 * calls it; a caller that builds an IRP and then fails before IoCallDriver calls it before
 * IoFreeIrp.
 */
VOID IopQueueThreadIrp(_Inout_ PIRP Irp);
VOID IopDequeueThreadIrp(_Inout_ PIRP Irp);

/*
 * The IRP lookaside lists (src/io/irp.c) are per thread: IopFlushIrpLookaside returns the
 * calling thread's cached IRPs to the pool (as its exit does), so pool usage by 'Irp '
 * counts live IRPs only. Any IRQL <= DISPATCH_LEVEL.
 */
VOID IopFlushIrpLookaside(VOID);

/*
 * Completion, stage 1 and 2. IofCompleteRequest runs the completion-routine walk (stage 1);
 * then, once the walk reached the top:
 *   - an associated IRP: its MDLs are unlocked and freed, the IRP freed, and the master
 *     completed when its AssociatedIrp.IrpCount drops to 0;
 *   - IRP_CLOSE_OPERATION: *UserIosb = IoStatus, UserEvent set; the issuer frees the IRP;
 *   - otherwise the MDLs are unlocked (MmUnlockPages on each locked MDL of the chain) and,
 *     unless IRP_DEFER_IO_COMPLETION is set and no driver returned STATUS_PENDING
 *     (PendingReturned clear), stage 2 runs at once on the completing thread (kmode has no
 *     APCs: Windows runs it as a special kernel APC in the issuing thread).
 * With IRP_DEFER_IO_COMPLETION and a synchronous return, the caller of IoCallDriver (the
 * Nt*File layer) runs stage 2 itself, when IoCallDriver returns something other than
 * STATUS_PENDING, by calling IopCompleteRequestStage2.
 *
 * Stage 2 (threaded IRPs), in this order:
 *   1. IRP_BUFFERED_IO: if IRP_INPUT_OPERATION and the status is not an error (warnings
 *      copy, as on Windows), IoStatus.Information bytes are copied from the system buffer to
 *      Irp->UserBuffer (inside __try: a fault becomes the IRP's status); IRP_DEALLOCATE_BUFFER
 *      frees the system buffer;
 *   2. the MDL chain is freed (IoFreeMdl);
 *   3. *UserIosb = IoStatus (inside __try);
 *   4. without a file object (Tail.Overlay.OriginalFileObject NULL): KeSetEvent(UserEvent)
 *      if there is one. With a file object: IopCompleteFileObjectHook(Irp, FileObject) if
 *      set, else just KeSetEvent(UserEvent);
 *   5. the IRP leaves its thread's IRP list: only now, so the thread object (which the
 *      I/O manager keeps until the list is empty) is alive for everything above, user
 *      APCs included, even if the woken issuer exits at once;
 *   6. the IRP is freed.
 * A cancelled IRP whose thread was disassociated (IopCancelThreadIrps timed out) is dropped
 * instead, as Windows' IopDropIrp does: buffers and MDLs freed, no copy-back, no IOSB, no
 * event; the hook is called with Dropped = TRUE (references only).
 */
VOID IopCompleteRequestStage2(_Inout_ PIRP Irp);

/* The IRP whose stage 2 IopSubmitRequest (src/io/iofilep.h) is running inline for a
   synchronous request on this thread, or NULL: the file hook then sets the file's event the
   lock-free way. A caught bugcheck clears it (irp.c, IopIrpTraceCatchState). */
extern __thread __attribute__((__tls_model__("initial-exec"))) PIRP IopInlineStage2Irp;

/*
 * Hook for the file-object part of stage 2 (the file-object helper sets it; NULL until
 * then). Called at step 4 for a threaded IRP whose Tail.Overlay.OriginalFileObject is set,
 * after IoStatus is final and *UserIosb written, before the IRP is freed, at the completing
 * thread's IRQL (<= DISPATCH_LEVEL). It owns everything that involves the file object:
 *   - UserEvent: KeSetEvent, and ObDereferenceObject of it unless IRP_SYNCHRONOUS_API;
 *   - FO_SYNCHRONOUS_IO (and not IRP_OB_QUERY_NAME): FileObject->FinalStatus = status and
 *     KeSetEvent(&FileObject->Event);
 *   - no UserEvent: FileObject->Event / FinalStatus as above;
 *   - IRP_CREATE_OPERATION: the create path keeps its file object reference; so does the
 *     issuer of a synchronous request (IopIssuerHoldsFileReference, src/io/iofilep.h), for
 *     which nothing of the file object is touched after its event is set;
 *     otherwise ObDereferenceObject(FileObject) (the reference the request took);
 *   - completion ports (FileObject->CompletionContext) and user APCs
 *     (Overlay.AsynchronousParameters.UserApcRoutine / UserApcContext).
 * With Dropped (the issuing thread is gone, see above) it only drops the references: the
 * UserEvent's (unless IRP_SYNCHRONOUS_API) and the file object's; nothing is signalled.
 * It must not free the IRP or touch it after returning; it may copy what it needs.
 */
typedef VOID (*PIOP_COMPLETE_FILE_OBJECT_HOOK)(_In_ PIRP Irp, _In_ PFILE_OBJECT FileObject,
                                               _In_ BOOLEAN Dropped);
extern KMODE_HIDDEN PIOP_COMPLETE_FILE_OBJECT_HOOK IopCompleteFileObjectHook;

/*
 * Thread exit (IoCancelThreadIo): cancels every IRP on Thread's list with IoCancelIrp, then
 * waits (PASSIVE_LEVEL, 100 ms steps, Windows' 5 minutes in all) until they have completed.
 * IRPs still there at the end are disassociated (taken off the list, Tail.Overlay.Thread
 * cleared: their completion drops them). Also drops the I/O manager's hold on the thread
 * (its reference and its place on the list of threads with IRPs). The thread-exit path must
 * call it for every thread that may have issued IRPs (system and adopted threads); any
 * thread may call it, not only Thread itself, but Thread must not issue IRPs meanwhile
 * (until it was called, the I/O manager's reference keeps the thread object alive).
 */
VOID IopCancelThreadIrps(_In_ PETHREAD Thread);

/*
 * Cancellation by file object (CancelIo, CancelIoEx, the last handle's close): cancels the
 * pending threaded IRPs whose Tail.Overlay.OriginalFileObject is FileObject - those of
 * Thread only, or of every thread when Thread is NULL; with UserIosb, only those whose
 * UserIosb is it (CancelIoEx's lpOverlapped). With Wait (PASSIVE_LEVEL), returns once all
 * of them have completed (or were disassociated after Windows' 5 minutes, as above).
 * Returns the number of IRPs found (0: NtCancelIoFileEx's STATUS_NOT_FOUND).
 */
ULONG IopCancelIrpsOfFile(_In_ PFILE_OBJECT FileObject, _In_opt_ PETHREAD Thread,
                          _In_opt_ PIO_STATUS_BLOCK UserIosb, _In_ BOOLEAN Wait);

/* Test hook: the total time IopCancelThreadIrps / IopCancelIrpsOfFile wait before they
   disassociate (Windows: 5 minutes). 0 restores the default. */
VOID IopSetCancelWaitLimitForTest(_In_ ULONG Milliseconds);

/* The top of DeviceObject's stack (IoGetAttachedDevice). No lock, as on Windows: the result
   is not referenced anyway, and a lock here would serialize every request. */
FORCEINLINE PDEVICE_OBJECT IopTopOfStack(PDEVICE_OBJECT DeviceObject)
{
    PDEVICE_OBJECT Above;

    while ((Above = __atomic_load_n(&DeviceObject->AttachedDevice, __ATOMIC_ACQUIRE)) != NULL)
        DeviceObject = Above;
    return DeviceObject;
}

/* IoGetRelatedDeviceObject (src/io/device.c says which device), inline for the request path. */
FORCEINLINE PDEVICE_OBJECT IopRelatedDeviceObject(PFILE_OBJECT FileObject)
{
    PDEVICE_OBJECT Device = FileObject->DeviceObject;

    if (FileObject->Vpb != NULL && FileObject->Vpb->DeviceObject != NULL)
        Device = FileObject->Vpb->DeviceObject;
    else if (!(FileObject->Flags & FO_DIRECT_DEVICE_OPEN) && Device->Vpb != NULL &&
             Device->Vpb->DeviceObject != NULL)
        Device = Device->Vpb->DeviceObject;
    return IopTopOfStack(Device);
}

/* Pool tags: IRPs ('Irp '), IoSetCompletionRoutineEx contexts ('IrpC'), system buffers of
   IoBuild* requests ('IrpB'). Tests check them for leaks. */
#define IOP_IRP_TAG             ' prI'
#define IOP_COMPLETION_EX_TAG   'CprI'
#define IOP_SYSTEM_BUFFER_TAG   'BprI'

/*
 * System buffers of the native services' buffered requests (METHOD_BUFFERED controls,
 * buffered reads and writes). Every lookaside IRP carries IOP_IRP_INLINE_BUFFER bytes after
 * its stack locations (past Irp->Size, so IoInitializeIrp/IoReuseIrp never touch them): a
 * system buffer that fits lives there, and the request costs no pool allocation and free.
 * A larger one is a pool block tagged 'IoSb'. A driver cannot tell: SystemBuffer is 16-byte
 * aligned, nonpaged and private to the request either way.
 * IopAllocateSystemBuffer: sets SystemBuffer and IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER;
 * FALSE (nothing set) when the pool is exhausted.
 * IopReleaseSystemBuffer: with IRP_DEALLOCATE_BUFFER, frees SystemBuffer unless it is the
 * IRP's own (whatever pool block a driver may have put there instead is freed, as Windows
 * frees whatever SystemBuffer points to); clears both flags and the pointer.
 */
#define IOP_IRP_INLINE_BUFFER   256
#define IOP_TAG_SYSTEM_BUFFER   'bSoI'     /* "IoSb" */

/* Where a lookaside IRP's own system buffer starts: past its Size bytes, 16-byte aligned
   as a pool block is. */
FORCEINLINE SIZE_T IopInlineBufferOffset(USHORT Size)
{
    return ((SIZE_T)Size + 15) & ~(SIZE_T)15;
}

FORCEINLINE PVOID IopInlineBuffer(PIRP Irp)
{
    return (PUCHAR)Irp + IopInlineBufferOffset(Irp->Size);
}

FORCEINLINE BOOLEAN IopAllocateSystemBuffer(_Inout_ PIRP Irp, _In_ ULONG Length)
{
    PVOID Buffer;

    if (Length <= IOP_IRP_INLINE_BUFFER &&
        (__atomic_load_n(&Irp->AllocationFlags, __ATOMIC_RELAXED) & IRP_LOOKASIDE_ALLOCATION)) {
        Buffer = IopInlineBuffer(Irp);
    } else {
        Buffer = ExAllocatePoolWithTag(NonPagedPoolNx, Length, IOP_TAG_SYSTEM_BUFFER);
        if (Buffer == NULL)
            return FALSE;
    }
    Irp->AssociatedIrp.SystemBuffer = Buffer;
    Irp->Flags |= IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER;
    return TRUE;
}

FORCEINLINE VOID IopReleaseSystemBuffer(_Inout_ PIRP Irp)
{
    PVOID Buffer = Irp->AssociatedIrp.SystemBuffer;

    /* (AllocationFlags: a canceller may be pinning the IRP right now; the lookaside bit
       itself never changes.) */
    if ((Irp->Flags & IRP_DEALLOCATE_BUFFER) &&
        !((__atomic_load_n(&Irp->AllocationFlags, __ATOMIC_RELAXED) & IRP_LOOKASIDE_ALLOCATION) &&
          Buffer == IopInlineBuffer(Irp)))
        ExFreePool(Buffer);
    Irp->AssociatedIrp.SystemBuffer = NULL;
    Irp->Flags &= ~(IRP_DEALLOCATE_BUFFER | IRP_BUFFERED_IO);
}

/* Bugcheck 0x44 MULTIPLE_IRP_COMPLETE_REQUESTS, Parameter 2 (Windows puts a line number of
   its I/O manager there; kmode says which check fired). Parameter 1 is the IRP. */
#define IOP_BC44_ALREADY_COMPLETED 1   /* CurrentLocation > StackCount + 1 */
#define IOP_BC44_NOT_AN_IRP        2   /* Type is not IO_TYPE_IRP (freed, or not an IRP) */
#define IOP_BC44_STATUS_PENDING    3   /* completed with STATUS_PENDING (or -1) */
#define IOP_BC44_NO_THREAD         4   /* completed to the top but belongs to no thread */

/* ===== Queues: CSQ, StartIo, device queues, remove locks (src/io/csq.c, startio.c) ===== */

/*
 * StartIo state in the device object extension (IOP_DEVOBJ_EXTENSION.StartIoFlags,
 * StartIoKey, StartIoCount; src/io/startio.c). The attribute bits are Windows' DOE_SIO_*
 * values; so are the pending-request bits NO_KEY / WITH_KEY / CANCELABLE that a deferred
 * StartIo device records, plus kmode's START_CURRENT (IoStartPacket's own StartIo call).
 */
#define DOE_SIO_NO_KEY          0x00000020   /* start-next requested, from the head */
#define DOE_SIO_WITH_KEY        0x00000040   /* start-next requested, by StartIoKey */
#define DOE_SIO_CANCELABLE      0x00000080   /* ... with the cancel spin lock */
#define DOE_SIO_DEFERRED        0x00000100   /* IoSetStartIoAttributes(DeferredStartIo) */
#define DOE_SIO_NO_CANCEL       0x00000200   /* IoSetStartIoAttributes(NonCancelable) */
#define IOP_SIO_START_CURRENT   0x00010000   /* kmode: StartIo(CurrentIrp) requested */

/* ===== File objects, the Nt*File native layer (src/io/file.c, nt*.c) ================== */

#endif /* _KMODE_INTERNAL_IO_H_ */
