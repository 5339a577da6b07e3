/*
 * PURPOSE: wdm.h part: IRPs and their stack locations, IoCallDriver, completion and cancellation (src/io).
 *
 * An IRP is one allocation: the IRP header followed by StackCount IO_STACK_LOCATIONs.
 * CurrentLocation counts down as the IRP travels down a device stack: it is StackCount + 1
 * in a fresh IRP (no current location yet; IoGetNextIrpStackLocation is the last array
 * entry), IoCallDriver decrements it, IoCompleteRequest walks it back up.
 * Tail.Overlay.CurrentStackLocation always points at location CurrentLocation - 1 of the
 * array (one past the end in a fresh IRP). The inline helpers below manipulate exactly these
 * fields, as the WDK's do.
 *
 * The WDK spreads these over wdm.h, ntddk.h (IoMakeAssociatedIrp) and ntifs.h
 * (IoIsOperationSynchronous, IoGetTopLevelIrp/IoSetTopLevelIrp, IoGetRequestorProcessId);
 * kmode declares them once here, like wdm/ps.h.
 */
#ifndef _KMODE_WDM_IO_IRP_H_
#define _KMODE_WDM_IO_IRP_H_

KMODE_EXTERN_C_START

/* ==== Sizes and codes ================================================================= */

/* Bytes of an IRP with StackSize stack locations (the header is 0xD0 bytes on x64). */
#define IoSizeOfIrp(StackSize) \
    ((USHORT)(sizeof(IRP) + ((StackSize) * (sizeof(IO_STACK_LOCATION)))))

/* The function field (bits 2..13) of an I/O control code. */
#define IoGetFunctionCodeFromCtlCode(ControlCode) (((ULONG)((ControlCode) & 0x3FFC)) >> 2)

/* TRUE for the statuses a user can cause and fix (no media, write protection, ...). */
#define IoIsErrorUserInduced(Status)                   \
    ((BOOLEAN)(((Status) == STATUS_DEVICE_NOT_READY) ||  \
               ((Status) == STATUS_IO_TIMEOUT) ||        \
               ((Status) == STATUS_MEDIA_WRITE_PROTECTED) || \
               ((Status) == STATUS_NO_MEDIA_IN_DEVICE) ||    \
               ((Status) == STATUS_UNRECOGNIZED_MEDIA) ||    \
               ((Status) == STATUS_VERIFY_REQUIRED) ||       \
               ((Status) == STATUS_WRONG_VOLUME)))

/* What a completion routine returns: let the walk go on, or take the IRP back. */
#define STATUS_CONTINUE_COMPLETION STATUS_SUCCESS

typedef enum _IO_COMPLETION_ROUTINE_RESULT {
    ContinueCompletion = STATUS_CONTINUE_COMPLETION,
    StopCompletion = STATUS_MORE_PROCESSING_REQUIRED
} IO_COMPLETION_ROUTINE_RESULT, *PIO_COMPLETION_ROUTINE_RESULT;

/* ==== Stack locations (inline, as in the WDK) ========================================= */

/* The caller's own stack location. */
FORCEINLINE PIO_STACK_LOCATION IoGetCurrentIrpStackLocation(_In_ PIRP Irp)
{
    return Irp->Tail.Overlay.CurrentStackLocation;
}

/* The stack location of the next-lower driver (the caller fills it before IoCallDriver). */
FORCEINLINE PIO_STACK_LOCATION IoGetNextIrpStackLocation(_In_ PIRP Irp)
{
    return Irp->Tail.Overlay.CurrentStackLocation - 1;
}

/* Makes the next location current: for a driver that processes an IRP it allocated itself
   (or calls its own dispatch routine) without IoCallDriver. */
FORCEINLINE VOID IoSetNextIrpStackLocation(_Inout_ PIRP Irp)
{
    Irp->CurrentLocation--;
    Irp->Tail.Overlay.CurrentStackLocation--;
}

/* Passes the caller's location unchanged to the next driver: IoCallDriver then reuses it. */
FORCEINLINE VOID IoSkipCurrentIrpStackLocation(_Inout_ PIRP Irp)
{
    Irp->CurrentLocation++;
    Irp->Tail.Overlay.CurrentStackLocation++;
}

/* Copies the caller's location to the next one, except the completion routine, its context
   and the Control flags (the next driver's completion routine must not be the caller's). */
FORCEINLINE VOID IoCopyCurrentIrpStackLocationToNext(_Inout_ PIRP Irp)
{
    PIO_STACK_LOCATION Current = IoGetCurrentIrpStackLocation(Irp);
    PIO_STACK_LOCATION Next = IoGetNextIrpStackLocation(Irp);

    RtlCopyMemory(Next, Current, FIELD_OFFSET(IO_STACK_LOCATION, CompletionRoutine));
    Next->Control = 0;
}

/*
 * Sets the routine IoCompleteRequest calls, in the caller's context, when the next-lower
 * driver completes the IRP with success / error / after cancellation. Context is passed to
 * it. A routine is required when any Invoke flag is set (asserted, as in the WDK).
 */
FORCEINLINE VOID IoSetCompletionRoutine(_In_ PIRP Irp,
                                        _In_opt_ PIO_COMPLETION_ROUTINE CompletionRoutine,
                                        _In_opt_ __drv_aliasesMem PVOID Context,
                                        _In_ BOOLEAN InvokeOnSuccess, _In_ BOOLEAN InvokeOnError,
                                        _In_ BOOLEAN InvokeOnCancel)
{
    PIO_STACK_LOCATION Next;

    ASSERT((InvokeOnSuccess || InvokeOnError || InvokeOnCancel) ? (CompletionRoutine != NULL)
                                                                 : TRUE);
    Next = IoGetNextIrpStackLocation(Irp);
    Next->CompletionRoutine = CompletionRoutine;
    Next->Context = Context;
    Next->Control = 0;
    if (InvokeOnSuccess)
        Next->Control = SL_INVOKE_ON_SUCCESS;
    if (InvokeOnError)
        Next->Control |= SL_INVOKE_ON_ERROR;
    if (InvokeOnCancel)
        Next->Control |= SL_INVOKE_ON_CANCEL;
}

/* Marks the caller's location pending: its dispatch routine returns STATUS_PENDING. */
FORCEINLINE VOID IoMarkIrpPending(_Inout_ PIRP Irp)
{
    IoGetCurrentIrpStackLocation(Irp)->Control |= SL_PENDING_RETURNED;
}

/*
 * Atomically installs NewCancelRoutine (NULL: not cancelable) and returns the previous one.
 * NULL returned when clearing means IoCancelIrp has taken the routine: it is running or
 * about to run, and will complete the IRP.
 */
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE PDRIVER_CANCEL IoSetCancelRoutine(_Inout_ PIRP Irp,
                                              _In_opt_ PDRIVER_CANCEL NewCancelRoutine)
{
    return (PDRIVER_CANCEL)(ULONG_PTR)InterlockedExchangePointer(
        (PVOID volatile *)&Irp->CancelRoutine, (PVOID)(ULONG_PTR)NewCancelRoutine);
}

/* ==== The device object's DPC (DeviceObject->Dpc) ===================================== */

/* Initializes DeviceObject->Dpc to call DpcRoutine(Dpc, DeviceObject, Irp, Context). */
FORCEINLINE VOID IoInitializeDpcRequest(_In_ PDEVICE_OBJECT DeviceObject,
                                        _In_ PIO_DPC_ROUTINE DpcRoutine)
{
    KeInitializeDpc(&DeviceObject->Dpc, (PKDEFERRED_ROUTINE)(PVOID)DpcRoutine, DeviceObject);
}

/* Queues DeviceObject->Dpc with Irp and Context (FALSE from KeInsertQueueDpc is ignored:
   one queued instance serves several requests, as with an ISR's DPC). */
FORCEINLINE VOID IoRequestDpc(_Inout_ PDEVICE_OBJECT DeviceObject, _In_opt_ PIRP Irp,
                              _In_opt_ __drv_aliasesMem PVOID Context)
{
    KeInsertQueueDpc(&DeviceObject->Dpc, Irp, Context);
}

/* ==== Allocation ====================================================================== */

/*
 * @implemented: <= DISPATCH_LEVEL. An IRP with StackSize stack locations, initialized as
 * IoInitializeIrp does (CurrentLocation = StackSize + 1), from nonpaged pool. NULL when out
 * of memory. ChargeQuota is recorded (IRP_QUOTA_CHARGED); kmode has no quotas.
 */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI PIRP NTAPI IoAllocateIrp(_In_ CCHAR StackSize, _In_ BOOLEAN ChargeQuota);

/* @implemented: <= DISPATCH_LEVEL. Frees an IRP from IoAllocateIrp, IoMakeAssociatedIrp or an IoBuild routine. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI IoFreeIrp(_In_ __drv_freesMem(Mem) PIRP Irp);

/*
 * @implemented: any IRQL. Zeroes PacketSize bytes at Irp and makes an IRP with StackSize
 * locations of them (for IRPs in the caller's own memory; PacketSize >= IoSizeOfIrp).
 */
NTKERNELAPI VOID NTAPI IoInitializeIrp(_Inout_updates_bytes_(PacketSize) PIRP Irp,
                                       _In_ USHORT PacketSize, _In_ CCHAR StackSize);

/* @implemented: <= DISPATCH_LEVEL. Reinitializes a completed IRP for reuse, keeping its
   allocation; IoStatus.Status = Status. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI IoReuseIrp(_Inout_ PIRP Irp, _In_ NTSTATUS Status);

/*
 * @implemented: <= DISPATCH_LEVEL. (ntddk.h) An IRP associated with the master Irp: same
 * thread and requestor mode, not on the thread's IRP list. The caller sets the master's
 * AssociatedIrp.IrpCount to the number of associated IRPs it sends (IoMakeAssociatedIrp
 * does not count them, as on Windows); when the count reaches 0 the I/O manager completes
 * the master. NULL when out of memory.
 */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI PIRP NTAPI IoMakeAssociatedIrp(_In_ PIRP Irp, _In_ CCHAR StackSize);

/* ==== Sending and completing ========================================================== */

/*
 * @implemented: <= DISPATCH_LEVEL. Moves the IRP to its next stack location, records
 * DeviceObject there and calls the device's driver's dispatch routine for that location's
 * MajorFunction; returns what it returns. No location left: bugcheck 0x35
 * NO_MORE_IRP_STACK_LOCATIONS (Irp, 0, 0, 0).
 */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI NTSTATUS FASTCALL IofCallDriver(_In_ PDEVICE_OBJECT DeviceObject,
                                            _Inout_ __drv_aliasesMem PIRP Irp);
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI NTSTATUS NTAPI IoCallDriver(_In_ PDEVICE_OBJECT DeviceObject,
                                        _Inout_ __drv_aliasesMem PIRP Irp);
#define IoCallDriver(a, b) IofCallDriver(a, b)

/*
 * @implemented: <= DISPATCH_LEVEL. Completes the IRP with Irp->IoStatus: walks the stack
 * locations upward calling completion routines (SL_INVOKE_ON_SUCCESS / _ERROR / _CANCEL),
 * propagating SL_PENDING_RETURNED into PendingReturned; a routine returning
 * STATUS_MORE_PROCESSING_REQUIRED stops the walk (its driver owns the IRP again). At the
 * top the I/O manager finishes the request (associated IRPs complete their master; IRPs of
 * a thread get their output copied back, IOSB written, event set, and are freed).
 * PriorityBoost is accepted (no scheduling effect in kmode). Completing an IRP twice or
 * with STATUS_PENDING: bugcheck 0x44 MULTIPLE_IRP_COMPLETE_REQUESTS.
 */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID FASTCALL IofCompleteRequest(_In_ PIRP Irp, _In_ CCHAR PriorityBoost);
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI IoCompleteRequest(_In_ PIRP Irp, _In_ CCHAR PriorityBoost);
#define IoCompleteRequest(a, b) IofCompleteRequest(a, b)

/*
 * @implemented: <= DISPATCH_LEVEL. As IoSetCompletionRoutine, but the I/O manager
 * allocates a context block (so the routine runs even if DeviceObject's driver unloads:
 * kmode keeps the block until the routine has run) and frees it at completion.
 * STATUS_INSUFFICIENT_RESOURCES when the block cannot be allocated.
 */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI NTSTATUS NTAPI IoSetCompletionRoutineEx(
    _In_ PDEVICE_OBJECT DeviceObject, _In_ PIRP Irp,
    _In_ PIO_COMPLETION_ROUTINE CompletionRoutine, _In_opt_ PVOID Context,
    _In_ BOOLEAN InvokeOnSuccess, _In_ BOOLEAN InvokeOnError, _In_ BOOLEAN InvokeOnCancel);

/* ==== Building requests =============================================================== */

/*
 * @implemented: PASSIVE_LEVEL. A threaded IRP for IRP_MJ_DEVICE_CONTROL (or
 * IRP_MJ_INTERNAL_DEVICE_CONTROL) with IoControlCode's transfer method set up:
 * METHOD_BUFFERED - one system buffer of max(InputLength, OutputLength), input copied in,
 *                   Information bytes copied back to OutputBuffer at completion;
 * METHOD_IN/OUT_DIRECT - input in a system buffer, an MDL locked over OutputBuffer;
 * METHOD_NEITHER  - Type3InputBuffer = InputBuffer, UserBuffer = OutputBuffer.
 * At completion *IoStatusBlock is written, Event (optional) set, the IRP freed. NULL when
 * out of memory.
 */
_IRQL_requires_max_(PASSIVE_LEVEL)
_Must_inspect_result_
NTKERNELAPI PIRP NTAPI IoBuildDeviceIoControlRequest(
    _In_ ULONG IoControlCode, _In_ PDEVICE_OBJECT DeviceObject,
    _In_opt_ PVOID InputBuffer, _In_ ULONG InputBufferLength,
    _Out_opt_ PVOID OutputBuffer, _In_ ULONG OutputBufferLength,
    _In_ BOOLEAN InternalDeviceIoControl, _In_opt_ PKEVENT Event,
    _Out_ PIO_STATUS_BLOCK IoStatusBlock);

/*
 * @implemented: PASSIVE_LEVEL. A threaded IRP for IRP_MJ_READ / IRP_MJ_WRITE /
 * IRP_MJ_FLUSH_BUFFERS / IRP_MJ_SHUTDOWN / IRP_MJ_PNP / IRP_MJ_POWER; reads and writes
 * get a system buffer (DO_BUFFERED_IO), a locked MDL (DO_DIRECT_IO) or the caller's buffer
 * as UserBuffer (any other MajorFunction is set up as a read, as on Windows). Completion
 * writes *IoStatusBlock, sets Event and frees the IRP. NULL when out of memory or the
 * buffer cannot be locked.
 */
_IRQL_requires_max_(PASSIVE_LEVEL)
_Must_inspect_result_
NTKERNELAPI PIRP NTAPI IoBuildSynchronousFsdRequest(
    _In_ ULONG MajorFunction, _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_opt_ PVOID Buffer, _In_opt_ ULONG Length,
    _In_opt_ PLARGE_INTEGER StartingOffset, _In_ PKEVENT Event,
    _Out_ PIO_STATUS_BLOCK IoStatusBlock);

/*
 * @implemented: <= DISPATCH_LEVEL. As IoBuildSynchronousFsdRequest but not queued to the
 * thread and without an event: the caller's completion routine must release the IRP's
 * buffers/MDL as needed, call IoFreeIrp and return STATUS_MORE_PROCESSING_REQUIRED.
 * IoStatusBlock is optional.
 */
_IRQL_requires_max_(DISPATCH_LEVEL)
_Must_inspect_result_
NTKERNELAPI PIRP NTAPI IoBuildAsynchronousFsdRequest(
    _In_ ULONG MajorFunction, _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_opt_ PVOID Buffer, _In_opt_ ULONG Length,
    _In_opt_ PLARGE_INTEGER StartingOffset, _In_opt_ PIO_STATUS_BLOCK IoStatusBlock);

/* ==== Cancellation ==================================================================== */

/*
 * @implemented: <= DISPATCH_LEVEL. Sets Irp->Cancel; if the IRP has a cancel routine,
 * takes it (clearing Irp->CancelRoutine), acquires the cancel spin lock, records the old
 * IRQL in Irp->CancelIrql and calls the routine at DISPATCH_LEVEL with the lock held (the
 * routine releases it with IoReleaseCancelSpinLock(Irp->CancelIrql)); returns TRUE.
 * FALSE when there was no cancel routine.
 */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI BOOLEAN NTAPI IoCancelIrp(_In_ PIRP Irp);

/* @implemented: <= DISPATCH_LEVEL. The system-wide cancel spin lock; raises to DISPATCH_LEVEL. */
_Requires_lock_not_held_(_Global_cancel_spin_lock_)
_Acquires_lock_(_Global_cancel_spin_lock_)
_IRQL_requires_max_(DISPATCH_LEVEL)
_IRQL_raises_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI IoAcquireCancelSpinLock(_Out_ _At_(*Irql, _IRQL_saves_) PKIRQL Irql);

/* @implemented: DISPATCH_LEVEL. Releases the cancel spin lock and returns to Irql. */
_Requires_lock_held_(_Global_cancel_spin_lock_)
_Releases_lock_(_Global_cancel_spin_lock_)
_IRQL_requires_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI IoReleaseCancelSpinLock(_In_ _IRQL_restores_ KIRQL Irql);

/* ==== Queries ========================================================================= */

/* @implemented: <= DISPATCH_LEVEL. The process of the thread that issued the IRP, or NULL
   for an IRP without a thread (IoAllocateIrp). */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI PEPROCESS NTAPI IoGetRequestorProcess(_In_ PIRP Irp);

/* @implemented: <= DISPATCH_LEVEL. (ntifs.h) That process's id, or 0 without a thread. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI ULONG NTAPI IoGetRequestorProcessId(_In_ PIRP Irp);

/*
 * @implemented: any IRQL. (ntifs.h) TRUE when the request is synchronous: synchronous
 * paging I/O, a file object opened for synchronous I/O, IRP_SYNCHRONOUS_API, or a
 * METHOD_BUFFERED device/file-system control; asynchronous paging I/O is never synchronous.
 */
NTKERNELAPI BOOLEAN NTAPI IoIsOperationSynchronous(_In_ PIRP Irp);

/* @implemented: any IRQL. (ntifs.h) The calling thread's top-level IRP field (a file
   system's recursion marker: an IRP or one of the FSRTL_*_TOP_LEVEL_IRP values). */
NTKERNELAPI PIRP NTAPI IoGetTopLevelIrp(VOID);
NTKERNELAPI VOID NTAPI IoSetTopLevelIrp(_In_opt_ PIRP Irp);

KMODE_EXTERN_C_END

#endif
