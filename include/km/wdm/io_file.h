/*
 * PURPOSE: wdm.h part: file objects and kernel-mode file I/O on devices (Zw*File) (src/io),
 * and, with ntifs.h, kernel queue objects (KQUEUE, src/ke/queue.c).
 */
#ifndef _KMODE_WDM_IO_FILE_H_
#define _KMODE_WDM_IO_FILE_H_

KMODE_EXTERN_C_START

/* ==== Kernel queues (ntifs.h) ========================================================= */

#if defined(_NTIFS_INCLUDED_)

/*
 * A queue object: a dispatcher object whose signal state is the number of queued entries.
 * CurrentCount is the number of threads associated with the queue that are running (they
 * took an entry and have not come back to KeRemoveQueue); MaximumCount caps it.
 */
struct _KQUEUE {
    DISPATCHER_HEADER Header;
    LIST_ENTRY EntryListHead;
    volatile ULONG CurrentCount;
    ULONG MaximumCount;
    LIST_ENTRY ThreadListHead;
};
typedef struct _KQUEUE KQUEUE;

/*
 * @implemented: <= DISPATCH_LEVEL. Empty, not signaled. Count is the concurrency limit;
 * 0 means the number of processors.
 */
NTKERNELAPI VOID NTAPI KeInitializeQueue(_Out_ PRKQUEUE Queue, _In_ ULONG Count);

/*
 * @implemented: <= DISPATCH_LEVEL. Queues Entry at the tail (KeInsertHeadQueue: at the
 * head). When a thread waits in KeRemoveQueue and the concurrency limit allows, the entry
 * goes straight to the thread that started waiting last. Returns the previous signal state
 * (0: the queue was empty).
 */
NTKERNELAPI LONG NTAPI KeInsertQueue(_Inout_ PRKQUEUE Queue, _Inout_ PLIST_ENTRY Entry);
NTKERNELAPI LONG NTAPI KeInsertHeadQueue(_Inout_ PRKQUEUE Queue, _Inout_ PLIST_ENTRY Entry);

/*
 * @implemented: <= DISPATCH_LEVEL (a nonzero timeout needs < DISPATCH_LEVEL). Associates
 * the thread with Queue and returns the first entry once one is queued and fewer than
 * MaximumCount associated threads are running; else (PLIST_ENTRY)STATUS_TIMEOUT after
 * Timeout, or (PLIST_ENTRY)STATUS_ABANDONED once the queue has been run down.
 */
NTKERNELAPI PLIST_ENTRY NTAPI KeRemoveQueue(_Inout_ PRKQUEUE Queue,
                                            _In_ KPROCESSOR_MODE WaitMode,
                                            _In_opt_ PLARGE_INTEGER Timeout);

/*
 * @implemented: <= DISPATCH_LEVEL. As KeRemoveQueue, taking up to Count entries at once.
 * Returns how many EntryArray holds; on a timeout or rundown it returns 1 and
 * EntryArray[0] holds STATUS_TIMEOUT or STATUS_ABANDONED as a pointer value.
 */
NTKERNELAPI ULONG NTAPI KeRemoveQueueEx(_Inout_ PRKQUEUE Queue, _In_ KPROCESSOR_MODE WaitMode,
                                        _In_ BOOLEAN Alertable, _In_opt_ PLARGE_INTEGER Timeout,
                                        _Out_writes_to_(Count, return) PLIST_ENTRY *EntryArray,
                                        _In_ ULONG Count);

/*
 * @implemented: <= DISPATCH_LEVEL. Empties the queue: returns its first entry (the rest
 * follow through Flink, circularly, without the list head) or NULL; wakes waiting threads
 * with STATUS_ABANDONED, disassociates its threads, and later KeRemoveQueue calls return
 * STATUS_ABANDONED until KeInitializeQueue.
 */
NTKERNELAPI PLIST_ENTRY NTAPI KeRundownQueue(_Inout_ PRKQUEUE Queue);

/* @implemented: any IRQL. The number of queued entries. */
NTKERNELAPI LONG NTAPI KeReadStateQueue(_In_ PRKQUEUE Queue);

#endif /* _NTIFS_INCLUDED_ */

KMODE_EXTERN_C_END

#endif
