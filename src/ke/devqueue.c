/*
 * PURPOSE: Device queues (KDEVICE_QUEUE): the busy/not-busy queue of KDEVICE_QUEUE_ENTRYs
 * behind IoStartPacket and drivers that queue requests themselves.
 *
 * A queue is "busy" while its owner is processing an entry. Inserting into a queue that is
 * not busy does not queue anything: it makes the queue busy and returns FALSE, telling the
 * caller to process the entry at once. Removing from a busy queue that has nothing queued
 * makes it not busy again and returns NULL. Busy, the list and each entry's Inserted flag
 * change only under the queue's spin lock.
 *
 * IRQL rules: insert/remove require DISPATCH_LEVEL (on Windows they take the queue's lock
 * "at DPC level"); called below it is bugcheck 0x9 IRQL_NOT_GREATER_OR_EQUAL (current IRQL,
 * DISPATCH_LEVEL, queue, caller), as for the ...AtDpcLevel spin lock routines.
 * KeRemoveDeviceQueue and KeRemoveByKeyDeviceQueue on a queue that is not busy are caller
 * errors Windows asserts in checked builds: kmode reports an assertion failure (after the
 * queue lock is released) and otherwise behaves as a free build does.
 */

/* INCLUDES ******************************************************************************/

#include <stdio.h>
#include <internal/ke.h>

/* GLOBALS *******************************************************************************/

#define KI_DEVICE_QUEUE_OBJECT_TYPE 20   /* DeviceQueueObject in the KOBJECTS enumeration */

/* PRIVATE FUNCTIONS *********************************************************************/

static DECLSPEC_NORETURN VOID KipDeviceQueueWrongIrql(PKDEVICE_QUEUE DeviceQueue, PVOID Caller)
{
    KiBugCheck(IRQL_NOT_GREATER_OR_EQUAL, KiThreadState.Irql, DISPATCH_LEVEL,
               (ULONG_PTR)DeviceQueue, (ULONG_PTR)Caller, Caller,
               "A device queue routine that requires DISPATCH_LEVEL (KeInsertDeviceQueue, "
               "KeInsertByKeyDeviceQueue, KeRemove(ByKey)DeviceQueue(IfBusy)) was called "
               "below DISPATCH_LEVEL.");
}

static inline __attribute__((always_inline)) VOID KipCheckDispatchLevel(PKDEVICE_QUEUE DeviceQueue,
                                                                        PVOID Caller)
{
    if (__builtin_expect(KiThreadState.Irql < DISPATCH_LEVEL, 0))
        KipDeviceQueueWrongIrql(DeviceQueue, Caller);
}

/* The routine was called on a queue that is not busy (checked-build assertion). */
static VOID KipDeviceQueueNotBusy(const char *Routine, PVOID Caller)
{
    char message[256];

    snprintf(message, sizeof message,
             "*** Assertion failed: %s called on a device queue that is not busy\n", Routine);
    KiBreakpoint(STATUS_ASSERTION_FAILURE, "assertion failure", Caller, message, 0, FALSE);
}

/*
 * The entry to remove by key (lock held, queue not empty): the first whose SortKey is >=
 * SortKey, else the first entry.
 */
static PKDEVICE_QUEUE_ENTRY KipFindByKey(PKDEVICE_QUEUE DeviceQueue, ULONG SortKey)
{
    PLIST_ENTRY Link;

    for (Link = DeviceQueue->DeviceListHead.Flink; Link != &DeviceQueue->DeviceListHead;
         Link = Link->Flink) {
        PKDEVICE_QUEUE_ENTRY Entry = CONTAINING_RECORD(Link, KDEVICE_QUEUE_ENTRY, DeviceListEntry);
        if (Entry->SortKey >= SortKey)
            return Entry;
    }
    return CONTAINING_RECORD(DeviceQueue->DeviceListHead.Flink, KDEVICE_QUEUE_ENTRY,
                             DeviceListEntry);
}

/* Removes by key from a queue whose lock is held; NULL (and not busy) when it is empty. */
static PKDEVICE_QUEUE_ENTRY KipRemoveByKeyLocked(PKDEVICE_QUEUE DeviceQueue, ULONG SortKey)
{
    PKDEVICE_QUEUE_ENTRY Entry;

    if (IsListEmpty(&DeviceQueue->DeviceListHead)) {
        DeviceQueue->Busy = FALSE;
        return NULL;
    }
    Entry = KipFindByKey(DeviceQueue, SortKey);
    RemoveEntryList(&Entry->DeviceListEntry);
    Entry->Inserted = FALSE;
    return Entry;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * <= DISPATCH_LEVEL. Initializes an empty queue in the not-busy state.
 */
VOID NTAPI KeInitializeDeviceQueue(PKDEVICE_QUEUE DeviceQueue)
{
    DeviceQueue->Type = KI_DEVICE_QUEUE_OBJECT_TYPE;
    DeviceQueue->Size = sizeof(KDEVICE_QUEUE);
    InitializeListHead(&DeviceQueue->DeviceListHead);
    KeInitializeSpinLock(&DeviceQueue->Lock);
    DeviceQueue->Hint = 0;
    DeviceQueue->Busy = FALSE;
}

/*
 * @implemented
 * DISPATCH_LEVEL. Queue busy: the entry goes to the tail, TRUE. Not busy: the queue becomes
 * busy, the entry is not queued (the caller processes it now), FALSE.
 */
__attribute__((noinline)) BOOLEAN NTAPI KeInsertDeviceQueue(PKDEVICE_QUEUE DeviceQueue,
                                                            PKDEVICE_QUEUE_ENTRY DeviceQueueEntry)
{
    BOOLEAN Inserted;

    KipCheckDispatchLevel(DeviceQueue, __builtin_return_address(0));
    KeAcquireSpinLockAtDpcLevel(&DeviceQueue->Lock);
    if (DeviceQueue->Busy) {
        InsertTailList(&DeviceQueue->DeviceListHead, &DeviceQueueEntry->DeviceListEntry);
        Inserted = TRUE;
    } else {
        DeviceQueue->Busy = TRUE;
        Inserted = FALSE;
    }
    DeviceQueueEntry->Inserted = Inserted;
    KeReleaseSpinLockFromDpcLevel(&DeviceQueue->Lock);
    return Inserted;
}

/*
 * @implemented
 * DISPATCH_LEVEL. As KeInsertDeviceQueue, but a queued entry goes after every entry whose
 * SortKey is <= its own and before the first greater one (FIFO among equal keys). The
 * entry's SortKey is set in either case.
 */
__attribute__((noinline)) BOOLEAN NTAPI KeInsertByKeyDeviceQueue(
    PKDEVICE_QUEUE DeviceQueue, PKDEVICE_QUEUE_ENTRY DeviceQueueEntry, ULONG SortKey)
{
    BOOLEAN Inserted;

    KipCheckDispatchLevel(DeviceQueue, __builtin_return_address(0));
    DeviceQueueEntry->SortKey = SortKey;
    KeAcquireSpinLockAtDpcLevel(&DeviceQueue->Lock);
    if (DeviceQueue->Busy) {
        PLIST_ENTRY Link = DeviceQueue->DeviceListHead.Flink;
        while (Link != &DeviceQueue->DeviceListHead &&
               CONTAINING_RECORD(Link, KDEVICE_QUEUE_ENTRY, DeviceListEntry)->SortKey <= SortKey)
            Link = Link->Flink;
        /* Insert before Link (the first greater key, or the head: the tail). */
        InsertTailList(Link, &DeviceQueueEntry->DeviceListEntry);
        Inserted = TRUE;
    } else {
        DeviceQueue->Busy = TRUE;
        Inserted = FALSE;
    }
    DeviceQueueEntry->Inserted = Inserted;
    KeReleaseSpinLockFromDpcLevel(&DeviceQueue->Lock);
    return Inserted;
}

/*
 * @implemented
 * DISPATCH_LEVEL. Takes the head entry; with nothing queued the queue becomes not busy and
 * the result is NULL. Calling it on a queue that is not busy is an assertion failure.
 */
__attribute__((noinline)) PKDEVICE_QUEUE_ENTRY NTAPI KeRemoveDeviceQueue(PKDEVICE_QUEUE DeviceQueue)
{
    PKDEVICE_QUEUE_ENTRY Entry = NULL;
    BOOLEAN WasBusy;

    KipCheckDispatchLevel(DeviceQueue, __builtin_return_address(0));
    KeAcquireSpinLockAtDpcLevel(&DeviceQueue->Lock);
    WasBusy = DeviceQueue->Busy;
    if (IsListEmpty(&DeviceQueue->DeviceListHead)) {
        DeviceQueue->Busy = FALSE;
    } else {
        PLIST_ENTRY Link = RemoveHeadList(&DeviceQueue->DeviceListHead);
        Entry = CONTAINING_RECORD(Link, KDEVICE_QUEUE_ENTRY, DeviceListEntry);
        Entry->Inserted = FALSE;
    }
    KeReleaseSpinLockFromDpcLevel(&DeviceQueue->Lock);
    if (!WasBusy)
        KipDeviceQueueNotBusy("KeRemoveDeviceQueue", __builtin_return_address(0));
    return Entry;
}

/*
 * @implemented
 * DISPATCH_LEVEL. Takes the first entry whose SortKey is >= SortKey, or the head entry when
 * none is; with nothing queued the queue becomes not busy and the result is NULL. Calling it
 * on a queue that is not busy is an assertion failure.
 */
__attribute__((noinline)) PKDEVICE_QUEUE_ENTRY NTAPI KeRemoveByKeyDeviceQueue(
    PKDEVICE_QUEUE DeviceQueue, ULONG SortKey)
{
    PKDEVICE_QUEUE_ENTRY Entry;
    BOOLEAN WasBusy;

    KipCheckDispatchLevel(DeviceQueue, __builtin_return_address(0));
    KeAcquireSpinLockAtDpcLevel(&DeviceQueue->Lock);
    WasBusy = DeviceQueue->Busy;
    Entry = KipRemoveByKeyLocked(DeviceQueue, SortKey);
    KeReleaseSpinLockFromDpcLevel(&DeviceQueue->Lock);
    if (!WasBusy)
        KipDeviceQueueNotBusy("KeRemoveByKeyDeviceQueue", __builtin_return_address(0));
    return Entry;
}

/*
 * @implemented
 * DISPATCH_LEVEL. KeRemoveByKeyDeviceQueue for a queue that may not be busy: not busy, it
 * returns NULL and changes nothing.
 */
__attribute__((noinline)) PKDEVICE_QUEUE_ENTRY NTAPI KeRemoveByKeyDeviceQueueIfBusy(
    PKDEVICE_QUEUE DeviceQueue, ULONG SortKey)
{
    PKDEVICE_QUEUE_ENTRY Entry = NULL;

    KipCheckDispatchLevel(DeviceQueue, __builtin_return_address(0));
    KeAcquireSpinLockAtDpcLevel(&DeviceQueue->Lock);
    if (DeviceQueue->Busy)
        Entry = KipRemoveByKeyLocked(DeviceQueue, SortKey);
    KeReleaseSpinLockFromDpcLevel(&DeviceQueue->Lock);
    return Entry;
}

/*
 * @implemented
 * <= DISPATCH_LEVEL (raises to DISPATCH_LEVEL for the queue lock). TRUE if the entry was
 * queued (it is removed); FALSE if it was not (already removed, or being processed). The
 * busy state does not change.
 */
__attribute__((noinline)) BOOLEAN NTAPI KeRemoveEntryDeviceQueue(
    PKDEVICE_QUEUE DeviceQueue, PKDEVICE_QUEUE_ENTRY DeviceQueueEntry)
{
    BOOLEAN WasInserted;
    KIRQL OldIrql;

    KeAcquireSpinLock(&DeviceQueue->Lock, &OldIrql);
    WasInserted = DeviceQueueEntry->Inserted;
    if (WasInserted) {
        DeviceQueueEntry->Inserted = FALSE;
        RemoveEntryList(&DeviceQueueEntry->DeviceListEntry);
    }
    KeReleaseSpinLock(&DeviceQueue->Lock, OldIrql);
    return WasInserted;
}
