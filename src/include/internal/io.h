/*
 * PURPOSE: The I/O manager's internal interface (src/io): what the loader, the native
 * (Nt*) layer, the Win32 side and the debugger extensions use and drivers never see.
 *
 * Ownership, so parallel work merges cleanly: each section below belongs to one area.
 */
#ifndef _KMODE_INTERNAL_IO_H_
#define _KMODE_INTERNAL_IO_H_

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
 * DriverUnload; otherwise runs DriverUnload at PASSIVE_LEVEL, removes the \Driver name and
 * drops the creation reference. Consumes the reference IopCreateDriver returned.
 */
NTSTATUS IopUnloadDriver(_In_ PDRIVER_OBJECT DriverObject);

/*
 * Called (if set) when a driver object whose DriverSection is non-NULL is finally deleted,
 * so the loader can unmap the image only when nothing can call into it any more.
 */
extern VOID (*IopReleaseDriverSection)(_In_ PVOID DriverSection);

/* ===== Device objects, symbolic links, device stacks (src/io/device.c, symlink.c) ====== */

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
 *   3. the IRP leaves its thread's IRP list (before anything can wake the issuer);
 *   4. *UserIosb = IoStatus (inside __try);
 *   5. without a file object (Tail.Overlay.OriginalFileObject NULL): KeSetEvent(UserEvent)
 *      if there is one. With a file object: IopCompleteFileObjectHook(Irp, FileObject) if
 *      set, else just KeSetEvent(UserEvent);
 *   6. the IRP is freed.
 * A cancelled IRP whose thread was disassociated (IopCancelThreadIrps timed out) is dropped
 * instead, as Windows' IopDropIrp does: buffers and MDLs freed, no copy-back, no IOSB, no
 * event; the hook is called with Dropped = TRUE (references only).
 */
VOID IopCompleteRequestStage2(_Inout_ PIRP Irp);

/*
 * Hook for the file-object part of stage 2 (the file-object helper sets it; NULL until
 * then). Called at step 5 for a threaded IRP whose Tail.Overlay.OriginalFileObject is set,
 * after IoStatus is final and *UserIosb written, before the IRP is freed, at the completing
 * thread's IRQL (<= DISPATCH_LEVEL). It owns everything that involves the file object:
 *   - UserEvent: KeSetEvent, and ObDereferenceObject of it unless IRP_SYNCHRONOUS_API;
 *   - FO_SYNCHRONOUS_IO (and not IRP_OB_QUERY_NAME): FileObject->FinalStatus = status and
 *     KeSetEvent(&FileObject->Event);
 *   - no UserEvent: FileObject->Event / FinalStatus as above;
 *   - IRP_CREATE_OPERATION: the create path keeps its file object reference;
 *     otherwise ObDereferenceObject(FileObject) (the reference the request took);
 *   - completion ports (FileObject->CompletionContext) and user APCs
 *     (Overlay.AsynchronousParameters.UserApcRoutine / UserApcContext).
 * With Dropped (the issuing thread is gone, see above) it only drops the references: the
 * UserEvent's (unless IRP_SYNCHRONOUS_API) and the file object's; nothing is signalled.
 * It must not free the IRP or touch it after returning; it may copy what it needs.
 */
typedef VOID (*PIOP_COMPLETE_FILE_OBJECT_HOOK)(_In_ PIRP Irp, _In_ PFILE_OBJECT FileObject,
                                               _In_ BOOLEAN Dropped);
extern PIOP_COMPLETE_FILE_OBJECT_HOOK IopCompleteFileObjectHook;

/*
 * Thread exit (IoCancelThreadIo): cancels every IRP on Thread's list with IoCancelIrp, then
 * waits (PASSIVE_LEVEL, 100 ms steps, Windows' 5 minutes in all) until they have completed.
 * IRPs still there at the end are disassociated (taken off the list, Tail.Overlay.Thread
 * cleared: their completion drops them). Also drops the I/O manager's hold on the thread
 * (its reference and its place on the list of threads with IRPs). The thread-exit path must
 * call it for every thread that may have issued IRPs (system and adopted threads); any
 * thread may call it, not only Thread itself.
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

/* Pool tags: IRPs ('Irp '), IoSetCompletionRoutineEx contexts ('IrpC'), system buffers of
   IoBuild* requests ('IrpB'). Tests check them for leaks. */
#define IOP_IRP_TAG             ' prI'
#define IOP_COMPLETION_EX_TAG   'CprI'
#define IOP_SYSTEM_BUFFER_TAG   'BprI'

/* Bugcheck 0x44 MULTIPLE_IRP_COMPLETE_REQUESTS, Parameter 2 (Windows puts a line number of
   its I/O manager there; kmode says which check fired). Parameter 1 is the IRP. */
#define IOP_BC44_ALREADY_COMPLETED 1   /* CurrentLocation > StackCount + 1 */
#define IOP_BC44_NOT_AN_IRP        2   /* Type is not IO_TYPE_IRP (freed, or not an IRP) */
#define IOP_BC44_STATUS_PENDING    3   /* completed with STATUS_PENDING (or -1) */
#define IOP_BC44_NO_THREAD         4   /* completed to the top but belongs to no thread */

/* ===== Queues: CSQ, StartIo, device queues, remove locks (src/io/csq.c, startio.c) ===== */

/* ===== File objects, the Nt*File native layer (src/io/file.c, nt*.c) ================== */

#endif /* _KMODE_INTERNAL_IO_H_ */
