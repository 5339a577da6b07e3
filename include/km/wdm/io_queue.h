/*
 * PURPOSE: wdm.h part: cancel-safe queues, StartIo and device queues, remove locks (src/io, src/ke).
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

KMODE_EXTERN_C_END

#endif
