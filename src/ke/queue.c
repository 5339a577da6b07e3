/*
 * PURPOSE: Kernel queue objects (KQUEUE): KeInitializeQueue, KeInsertQueue,
 * KeInsertHeadQueue, KeRemoveQueue(Ex), KeRundownQueue, KeReadStateQueue. I/O completion
 * ports (src/io/iocompletion.c) are queues.
 *
 * Everything is guarded by the dispatcher lock. A queue's signal state is its number of
 * entries. Threads that called KeRemoveQueue on a queue are associated with it (one queue
 * per thread at a time) and linked, through a per-thread record, on its ThreadListHead:
 * waiting ones at the head, most recent first, running ones behind them. CurrentCount
 * counts the associated threads that are running; an entry is handed to a waiter only
 * while CurrentCount < MaximumCount, and then to the one that started waiting last (LIFO,
 * as Windows does, so the thread whose cache is warm runs).
 *
 * A waiter sleeps on a synchronization event of its own record. Whoever hands it an entry
 * (an inserter, or a thread leaving the queue) stores the entry in the record, makes the
 * waiter running and signals the event, all under the lock; so an entry is never both
 * queued and handed out, and a waiter that times out in the same instant still gets it.
 *
 * Not modelled: on Windows a running associated thread that blocks in another wait stops
 * counting against the limit until it wakes (the scheduler tells the queue). kmode counts it
 * as running until it comes back to KeRemoveQueue or leaves the queue.
 */

/* INCLUDES ******************************************************************************/

#include <ntifs.h>
#include <internal/ke.h>
#include <internal/kqueue.h>

/* GLOBALS *******************************************************************************/

/* A thread's link to the queue it is associated with. */
typedef struct _KI_QUEUE_THREAD {
    LIST_ENTRY ListEntry;        /* on Queue->ThreadListHead while associated */
    PRKQUEUE Queue;              /* the associated queue, or NULL */
    BOOLEAN Waiting;             /* in KeRemoveQueue, waiting for an entry */
    BOOLEAN Initialized;
    NTSTATUS WakeStatus;         /* STATUS_SUCCESS with Handed, or STATUS_ABANDONED */
    PLIST_ENTRY Handed;          /* the entry a hand-off gave it */
    KEVENT Wake;                 /* synchronization event the waiter sleeps on */
} KI_QUEUE_THREAD, *PKI_QUEUE_THREAD;

static KI_TLS KI_QUEUE_THREAD KiQueueThread;

/* PRIVATE FUNCTIONS *********************************************************************/

/* The first waiting thread of Queue (the most recent waiter), or NULL. Lock held. */
static PKI_QUEUE_THREAD KipFirstWaiter(PRKQUEUE Queue)
{
    PLIST_ENTRY Head = &Queue->ThreadListHead;

    if (Head->Flink != Head) {
        PKI_QUEUE_THREAD Record = CONTAINING_RECORD(Head->Flink, KI_QUEUE_THREAD, ListEntry);
        if (Record->Waiting)
            return Record;
    }
    return NULL;
}

/* Wakes Waiter with Entry: it becomes a running thread of Queue. Lock held. */
static VOID KipHandOff(PRKQUEUE Queue, PKI_QUEUE_THREAD Waiter, PLIST_ENTRY Entry)
{
    Waiter->Waiting = FALSE;
    Waiter->Handed = Entry;
    Waiter->WakeStatus = STATUS_SUCCESS;
    /* Running threads live behind the waiters. */
    RemoveEntryList(&Waiter->ListEntry);
    InsertTailList(&Queue->ThreadListHead, &Waiter->ListEntry);
    Queue->CurrentCount++;
    Waiter->Wake.Header.SignalState = 1;
    KiSignalObject(&Waiter->Wake.Header);
}

/* Takes the first queued entry. Lock held; the queue is not empty. */
static PLIST_ENTRY KipTakeEntry(PRKQUEUE Queue)
{
    PLIST_ENTRY Entry = RemoveHeadList(&Queue->EntryListHead);

    Queue->Header.SignalState--;
    Entry->Flink = NULL;   /* as Windows: a removed entry is marked not queued */
    return Entry;
}

/* CurrentCount went down: queued entries go to waiters while the limit allows. Lock held. */
static VOID KipActivateWaiters(PRKQUEUE Queue)
{
    PKI_QUEUE_THREAD Waiter;

    while (Queue->CurrentCount < Queue->MaximumCount && Queue->Header.SignalState > 0 &&
           (Waiter = KipFirstWaiter(Queue)) != NULL)
        KipHandOff(Queue, Waiter, KipTakeEntry(Queue));
}

/* The thread leaves the queue it is associated with (it is running). Lock held. */
static VOID KipDetach(PKI_QUEUE_THREAD Record)
{
    PRKQUEUE Queue = Record->Queue;

    RemoveEntryList(&Record->ListEntry);
    Record->Queue = NULL;
    Queue->CurrentCount--;
    KipActivateWaiters(Queue);
}

static LONG KipInsertQueue(PRKQUEUE Queue, PLIST_ENTRY Entry, BOOLEAN Head)
{
    PKI_QUEUE_THREAD Waiter;
    LONG Previous;

    KiAcquireDispatcherLock();
    Previous = Queue->Header.SignalState;
    if (Previous == 0 && Queue->CurrentCount < Queue->MaximumCount &&
        (Waiter = KipFirstWaiter(Queue)) != NULL) {
        Entry->Flink = NULL;
        KipHandOff(Queue, Waiter, Entry);
    } else {
        if (Head)
            InsertHeadList(&Queue->EntryListHead, Entry);
        else
            InsertTailList(&Queue->EntryListHead, Entry);
        Queue->Header.SignalState = Previous + 1;
        /* Threads in KeWaitForSingleObject on the queue itself (it is waitable). */
        KiSignalObject(&Queue->Header);
    }
    KiReleaseDispatcherLock();
    return Previous;
}

static ULONG KipRemoveQueue(PRKQUEUE Queue, KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
                            PLARGE_INTEGER Timeout, PLIST_ENTRY *EntryArray, ULONG Count,
                            PVOID Caller)
{
    PKI_QUEUE_THREAD Record = &KiQueueThread;
    PVOID Objects[1] = { &Record->Wake };
    ULONG Taken = 0;
    NTSTATUS WaitStatus;

    if (!Record->Initialized) {
        KeInitializeEvent(&Record->Wake, SynchronizationEvent, FALSE);
        Record->Initialized = TRUE;
    }
    (VOID)KiCurrentKThread();   /* adopting a host thread allocates: not under the lock */

    KiAcquireDispatcherLock();
    if (Queue->Header.Abandoned) {
        KiReleaseDispatcherLock();
        EntryArray[0] = (PLIST_ENTRY)(ULONG_PTR)(ULONG)STATUS_ABANDONED;
        return 1;
    }
    if (Record->Queue == Queue) {
        Queue->CurrentCount--;           /* back for more: no longer running */
    } else {
        if (Record->Queue != NULL)
            KipDetach(Record);           /* a thread serves one queue at a time */
        Record->Queue = Queue;
        InsertTailList(&Queue->ThreadListHead, &Record->ListEntry);
    }
    if (Queue->Header.SignalState > 0 && Queue->CurrentCount < Queue->MaximumCount) {
        while (Taken < Count && Queue->Header.SignalState > 0)
            EntryArray[Taken++] = KipTakeEntry(Queue);
        Queue->CurrentCount++;
        KiReleaseDispatcherLock();
        return Taken;
    }
    if (Timeout != NULL && Timeout->QuadPart == 0) {
        Queue->CurrentCount++;
        KiReleaseDispatcherLock();
        EntryArray[0] = (PLIST_ENTRY)(ULONG_PTR)(ULONG)STATUS_TIMEOUT;
        return 1;
    }
    Record->Waiting = TRUE;
    Record->Handed = NULL;
    Record->WakeStatus = STATUS_TIMEOUT;
    Record->Wake.Header.SignalState = 0;
    RemoveEntryList(&Record->ListEntry);
    InsertHeadList(&Queue->ThreadListHead, &Record->ListEntry);   /* LIFO */
    KiReleaseDispatcherLock();

    WaitStatus = KiWaitForObjectsEx(1, Objects, WaitAny, WaitMode, Alertable, Timeout,
                                    KiThreadState.WaitBlock, Caller);

    KiAcquireDispatcherLock();
    if (Record->Waiting) {
        /* Timed out (or a user APC came), and nobody handed it anything meanwhile. */
        Record->Waiting = FALSE;
        RemoveEntryList(&Record->ListEntry);
        InsertTailList(&Queue->ThreadListHead, &Record->ListEntry);
        Queue->CurrentCount++;
        KiReleaseDispatcherLock();
        EntryArray[0] = (PLIST_ENTRY)(ULONG_PTR)(ULONG)(WaitStatus == STATUS_USER_APC
                                                            ? STATUS_USER_APC : STATUS_TIMEOUT);
        return 1;
    }
    if (Record->WakeStatus != STATUS_SUCCESS) {
        KiReleaseDispatcherLock();   /* run down: KeRundownQueue disassociated it */
        EntryArray[0] = (PLIST_ENTRY)(ULONG_PTR)(ULONG)Record->WakeStatus;
        return 1;
    }
    EntryArray[Taken++] = Record->Handed;
    Record->Handed = NULL;
    while (Taken < Count && Queue->Header.SignalState > 0)
        EntryArray[Taken++] = KipTakeEntry(Queue);
    KiReleaseDispatcherLock();
    return Taken;
}

/* PUBLIC FUNCTIONS (internal) ***********************************************************/

VOID KiRundownThreadQueue(VOID)
{
    PKI_QUEUE_THREAD Record = &KiQueueThread;

    if (Record->Queue == NULL)
        return;
    KiAcquireDispatcherLock();
    if (Record->Queue != NULL)
        KipDetach(Record);
    KiReleaseDispatcherLock();
}

/* PUBLIC FUNCTIONS **********************************************************************/

/* @implemented: <= DISPATCH_LEVEL. */
VOID NTAPI KeInitializeQueue(PRKQUEUE Queue, ULONG Count)
{
    Queue->Header.Lock = 0;
    Queue->Header.Type = KI_QUEUE_OBJECT;
    Queue->Header.Size = sizeof(KQUEUE) / sizeof(LONG);
    Queue->Header.SignalState = 0;
    InitializeListHead(&Queue->Header.WaitListHead);
    InitializeListHead(&Queue->EntryListHead);
    InitializeListHead(&Queue->ThreadListHead);
    Queue->CurrentCount = 0;
    Queue->MaximumCount = Count != 0 ? Count : (ULONG)KeNumberProcessors;
}

/* @implemented: <= DISPATCH_LEVEL. Returns the previous signal state. */
LONG NTAPI KeInsertQueue(PRKQUEUE Queue, PLIST_ENTRY Entry)
{
    return KipInsertQueue(Queue, Entry, FALSE);
}

/* @implemented: <= DISPATCH_LEVEL. Returns the previous signal state. */
LONG NTAPI KeInsertHeadQueue(PRKQUEUE Queue, PLIST_ENTRY Entry)
{
    return KipInsertQueue(Queue, Entry, TRUE);
}

/*
 * @implemented
 * <= DISPATCH_LEVEL; waiting (a nonzero or NULL timeout) below DISPATCH_LEVEL only
 * (bugcheck 0xA otherwise, as any wait). An entry, or STATUS_TIMEOUT / STATUS_ABANDONED
 * cast to a pointer. The wait is not alertable (KeRemoveQueueEx's can be).
 */
__attribute__((noinline)) PLIST_ENTRY NTAPI KeRemoveQueue(PRKQUEUE Queue,
                                                          KPROCESSOR_MODE WaitMode,
                                                          PLARGE_INTEGER Timeout)
{
    PLIST_ENTRY Entry;

    (VOID)KipRemoveQueue(Queue, WaitMode, FALSE, Timeout, &Entry, 1,
                         __builtin_return_address(0));
    return Entry;
}

/*
 * @implemented
 * As KeRemoveQueue for up to Count entries (Count 0 is taken as 1). An alertable UserMode
 * wait also ends for a user APC: 1 entry, STATUS_USER_APC.
 */
__attribute__((noinline)) ULONG NTAPI KeRemoveQueueEx(PRKQUEUE Queue, KPROCESSOR_MODE WaitMode,
                                                      BOOLEAN Alertable, PLARGE_INTEGER Timeout,
                                                      PLIST_ENTRY *EntryArray, ULONG Count)
{
    return KipRemoveQueue(Queue, WaitMode, Alertable, Timeout, EntryArray, Count != 0 ? Count : 1,
                          __builtin_return_address(0));
}

/* @implemented: <= DISPATCH_LEVEL. The first entry (a headless circular list) or NULL. */
PLIST_ENTRY NTAPI KeRundownQueue(PRKQUEUE Queue)
{
    PLIST_ENTRY First = NULL;

    KiAcquireDispatcherLock();
    if (!IsListEmpty(&Queue->EntryListHead)) {
        First = Queue->EntryListHead.Flink;
        RemoveEntryList(&Queue->EntryListHead);   /* the entries stay linked to each other */
        InitializeListHead(&Queue->EntryListHead);
    }
    Queue->Header.SignalState = 0;
    while (!IsListEmpty(&Queue->ThreadListHead)) {
        PKI_QUEUE_THREAD Record = CONTAINING_RECORD(RemoveHeadList(&Queue->ThreadListHead),
                                                    KI_QUEUE_THREAD, ListEntry);
        Record->Queue = NULL;
        if (Record->Waiting) {
            Record->Waiting = FALSE;
            Record->WakeStatus = STATUS_ABANDONED;
            Record->Wake.Header.SignalState = 1;
            KiSignalObject(&Record->Wake.Header);
        }
    }
    Queue->CurrentCount = 0;
    Queue->Header.Abandoned = 1;
    KiReleaseDispatcherLock();
    return First;
}

/* @implemented: any IRQL. */
LONG NTAPI KeReadStateQueue(PRKQUEUE Queue)
{
    return __atomic_load_n(&Queue->Header.SignalState, __ATOMIC_ACQUIRE);
}
