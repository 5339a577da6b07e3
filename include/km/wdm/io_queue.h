/*
 * PURPOSE: wdm.h part: cancel-safe queues, StartIo and device queues, remove locks
 * (src/io, src/ke).
 */
#ifndef _KMODE_WDM_IO_QUEUE_H_
#define _KMODE_WDM_IO_QUEUE_H_

KMODE_EXTERN_C_START

/* ---- Device queues (src/ke/devqueue.c) ------------------------------------------------
 * Insert/remove require DISPATCH_LEVEL (below it: bugcheck 0x9). KeRemoveDeviceQueue and
 * KeRemoveByKeyDeviceQueue on a queue that is not busy: assertion failure.
 */

/* @implemented: <= DISPATCH_LEVEL. Empty and not busy. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI KeInitializeDeviceQueue(_Out_ PKDEVICE_QUEUE DeviceQueue);

/* @implemented: DISPATCH_LEVEL. FALSE (and now busy) when the queue was not busy: the entry
   is not queued, process it now. TRUE: queued at the tail. */
_IRQL_requires_(DISPATCH_LEVEL)
NTKERNELAPI BOOLEAN NTAPI KeInsertDeviceQueue(_Inout_ PKDEVICE_QUEUE DeviceQueue,
                                              _Inout_ PKDEVICE_QUEUE_ENTRY DeviceQueueEntry);

/* @implemented: DISPATCH_LEVEL. As KeInsertDeviceQueue; queued after the entries whose
   SortKey is <= SortKey. */
_IRQL_requires_(DISPATCH_LEVEL)
NTKERNELAPI BOOLEAN NTAPI KeInsertByKeyDeviceQueue(_Inout_ PKDEVICE_QUEUE DeviceQueue,
                                                   _Inout_ PKDEVICE_QUEUE_ENTRY DeviceQueueEntry,
                                                   _In_ ULONG SortKey);

/* @implemented: DISPATCH_LEVEL. The head entry; NULL (and now not busy) when empty. */
_IRQL_requires_(DISPATCH_LEVEL)
NTKERNELAPI PKDEVICE_QUEUE_ENTRY NTAPI KeRemoveDeviceQueue(_Inout_ PKDEVICE_QUEUE DeviceQueue);

/* @implemented: DISPATCH_LEVEL. The first entry with SortKey >= SortKey, else the head;
   NULL (and now not busy) when empty. */
_IRQL_requires_(DISPATCH_LEVEL)
NTKERNELAPI PKDEVICE_QUEUE_ENTRY NTAPI KeRemoveByKeyDeviceQueue(_Inout_ PKDEVICE_QUEUE DeviceQueue,
                                                                _In_ ULONG SortKey);

/* @implemented: DISPATCH_LEVEL. KeRemoveByKeyDeviceQueue, or NULL if the queue is not busy. */
_IRQL_requires_(DISPATCH_LEVEL)
NTKERNELAPI PKDEVICE_QUEUE_ENTRY NTAPI KeRemoveByKeyDeviceQueueIfBusy(
    _Inout_ PKDEVICE_QUEUE DeviceQueue, _In_ ULONG SortKey);

/* @implemented: <= DISPATCH_LEVEL. TRUE if the entry was queued (now removed). */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI BOOLEAN NTAPI KeRemoveEntryDeviceQueue(_Inout_ PKDEVICE_QUEUE DeviceQueue,
                                                   _Inout_ PKDEVICE_QUEUE_ENTRY DeviceQueueEntry);

/* ---- Remove locks (src/io/remlock.c) --------------------------------------------------
 * RemlockSize tells the routines which IO_REMOVE_LOCK the driver was compiled with: the
 * free one (sizeof(IO_REMOVE_LOCK_COMMON_BLOCK)) or, with DBG nonzero, the checked one that
 * also records every acquisition (tag, file, line, time) and checks the high watermark, the
 * maximum hold time and that released tags were acquired. Misuse (more releases than
 * acquisitions, ReleaseAndWait without holding the lock or twice, an unknown RemlockSize,
 * and in the checked form a tag never acquired, too many holders, a lock held too long) is
 * an assertion failure: a break that ends in bugcheck 0x1E (STATUS_ASSERTION_FAILURE)
 * unless a debugger or KMODE_BREAK=continue resumes.
 */

/* @implemented: PASSIVE_LEVEL (not enforced). */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI VOID NTAPI IoInitializeRemoveLockEx(_Out_ PIO_REMOVE_LOCK Lock, _In_ ULONG AllocateTag,
                                                _In_ ULONG MaxLockedMinutes,
                                                _In_ ULONG HighWatermark, _In_ ULONG RemlockSize);

/* @implemented: <= DISPATCH_LEVEL. STATUS_SUCCESS, or STATUS_DELETE_PENDING (not acquired)
   once IoReleaseRemoveLockAndWait was called. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI NTSTATUS NTAPI IoAcquireRemoveLockEx(_Inout_ PIO_REMOVE_LOCK RemoveLock,
                                                 _In_opt_ PVOID Tag, _In_ PCSTR File,
                                                 _In_ ULONG Line, _In_ ULONG RemlockSize);

/* @implemented: <= DISPATCH_LEVEL. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI IoReleaseRemoveLockEx(_Inout_ PIO_REMOVE_LOCK RemoveLock,
                                             _In_opt_ PVOID Tag, _In_ ULONG RemlockSize);

/* @implemented: PASSIVE_LEVEL (other IRQLs: bugcheck 0xA). Releases the caller's
   acquisition, fails every later acquisition, and returns when all others are released. */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI VOID NTAPI IoReleaseRemoveLockAndWaitEx(_Inout_ PIO_REMOVE_LOCK RemoveLock,
                                                    _In_opt_ PVOID Tag, _In_ ULONG RemlockSize);

#define IoInitializeRemoveLock(Lock, Tag, Maxmin, HighWater) \
    IoInitializeRemoveLockEx((Lock), (Tag), (Maxmin), (HighWater), sizeof(IO_REMOVE_LOCK))
#define IoAcquireRemoveLock(RemoveLock, Tag) \
    IoAcquireRemoveLockEx((RemoveLock), (Tag), __FILE__, __LINE__, sizeof(IO_REMOVE_LOCK))
#define IoReleaseRemoveLock(RemoveLock, Tag) \
    IoReleaseRemoveLockEx((RemoveLock), (Tag), sizeof(IO_REMOVE_LOCK))
#define IoReleaseRemoveLockAndWait(RemoveLock, Tag) \
    IoReleaseRemoveLockAndWaitEx((RemoveLock), (Tag), sizeof(IO_REMOVE_LOCK))

/* ---- Cancel-safe IRP queues (src/io/csq.c) -------------------------------------------
 * The IoCsq* routines keep their bookkeeping in Irp->Tail.Overlay.DriverContext[3]: a
 * driver using them must leave it alone. The driver's callbacks run at the caller's IRQL
 * (<= DISPATCH_LEVEL) and never with the cancel spin lock held.
 */

/* @implemented: any IRQL. STATUS_SUCCESS. */
NTKERNELAPI NTSTATUS NTAPI IoCsqInitialize(
    _Out_ PIO_CSQ Csq, _In_ PIO_CSQ_INSERT_IRP CsqInsertIrp, _In_ PIO_CSQ_REMOVE_IRP CsqRemoveIrp,
    _In_ PIO_CSQ_PEEK_NEXT_IRP CsqPeekNextIrp, _In_ PIO_CSQ_ACQUIRE_LOCK CsqAcquireLock,
    _In_ PIO_CSQ_RELEASE_LOCK CsqReleaseLock,
    _In_ PIO_CSQ_COMPLETE_CANCELED_IRP CsqCompleteCanceledIrp);

/* @implemented: any IRQL. STATUS_SUCCESS; the queue's insert routine returns a status. */
NTKERNELAPI NTSTATUS NTAPI IoCsqInitializeEx(
    _Out_ PIO_CSQ Csq, _In_ PIO_CSQ_INSERT_IRP_EX CsqInsertIrpEx,
    _In_ PIO_CSQ_REMOVE_IRP CsqRemoveIrp, _In_ PIO_CSQ_PEEK_NEXT_IRP CsqPeekNextIrp,
    _In_ PIO_CSQ_ACQUIRE_LOCK CsqAcquireLock, _In_ PIO_CSQ_RELEASE_LOCK CsqReleaseLock,
    _In_ PIO_CSQ_COMPLETE_CANCELED_IRP CsqCompleteCanceledIrp);

/* @implemented: <= DISPATCH_LEVEL. Queues Irp, marks it pending, makes it cancelable;
   Context (optional) is what IoCsqRemoveIrp takes. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI IoCsqInsertIrp(_Inout_ PIO_CSQ Csq, _Inout_ PIRP Irp,
                                      _Out_opt_ PIO_CSQ_IRP_CONTEXT Context);

/* @implemented: <= DISPATCH_LEVEL. As IoCsqInsertIrp; returns the CsqInsertIrpEx routine's
   status (IoCsqInitializeEx queues; a failure: not queued, not pending) or STATUS_SUCCESS. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI NTSTATUS NTAPI IoCsqInsertIrpEx(_Inout_ PIO_CSQ Csq, _Inout_ PIRP Irp,
                                            _Out_opt_ PIO_CSQ_IRP_CONTEXT Context,
                                            _In_opt_ PVOID InsertContext);

/* @implemented: <= DISPATCH_LEVEL. The IRP Context recorded, no longer cancelable; NULL if
   it already left the queue (removed, or being cancelled). */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI PIRP NTAPI IoCsqRemoveIrp(_Inout_ PIO_CSQ Csq, _Inout_ PIO_CSQ_IRP_CONTEXT Context);

/* @implemented: <= DISPATCH_LEVEL. The first IRP CsqPeekNextIrp offers for PeekContext that
   is not being cancelled, no longer cancelable; NULL if none. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI PIRP NTAPI IoCsqRemoveNextIrp(_Inout_ PIO_CSQ Csq, _In_opt_ PVOID PeekContext);

/* ---- StartIo (src/io/startio.c) ---------------------------------------------------------
 * Serializes a device's IRPs through DeviceObject->DeviceQueue and CurrentIrp; the
 * driver's DriverStartIo runs at DISPATCH_LEVEL.
 */

/* @implemented: <= DISPATCH_LEVEL. StartIo now if the device is idle, else queued (by *Key
   if Key is not NULL). CancelFunction (optional) becomes the IRP's cancel routine. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI IoStartPacket(_In_ PDEVICE_OBJECT DeviceObject, _In_ PIRP Irp,
                                     _In_opt_ PULONG Key, _In_opt_ PDRIVER_CANCEL CancelFunction);

/* @implemented: DISPATCH_LEVEL. The next queued IRP becomes current and goes to StartIo;
   none: the device becomes idle. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI IoStartNextPacket(_In_ PDEVICE_OBJECT DeviceObject, _In_ BOOLEAN Cancelable);

/* @implemented: <= DISPATCH_LEVEL. IoStartNextPacket with the first IRP whose key >= Key. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI IoStartNextPacketByKey(_In_ PDEVICE_OBJECT DeviceObject,
                                              _In_ BOOLEAN Cancelable, _In_ ULONG Key);

/* @implemented: any IRQL. */
NTKERNELAPI VOID NTAPI IoSetStartIoAttributes(_In_ PDEVICE_OBJECT DeviceObject,
                                              _In_ BOOLEAN DeferredStartIo,
                                              _In_ BOOLEAN NonCancelable);

KMODE_EXTERN_C_END

#endif
