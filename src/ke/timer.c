/*
 * PURPOSE: Kernel timers.
 *
 * Set timers sit in one list ordered by due time (in 100-ns units of the host's monotonic
 * clock, kept in KTIMER.DueTime), guarded by the timer lock (a bare test-and-set usable at
 * any IRQL). The timer thread, a host thread started with the first timer, sleeps until the
 * earliest due time; then, for each expired timer, it signals the timer (dispatcher lock,
 * taken after the timer lock, never the other way round), re-arms it if periodic, and
 * afterwards, with no lock held, queues its DPC with the expiry's system time in
 * SystemArgument1/2 (low/high part) as Windows does. The DPC is queued outside the lock
 * because a timer DPC commonly sets a timer again.
 */

/* INCLUDES ******************************************************************************/

#include <internal/ke.h>
#include <internal/host.h>

/* GLOBALS *******************************************************************************/

static volatile LONG KiTimerLockWord;
static LIST_ENTRY KiTimerList = { &KiTimerList, &KiTimerList };
static HOST_CONDITION KiTimerWake;
static volatile LONG KiTimerThreadState;    /* 0 none, 1 started */
static volatile LONG KiTimerGeneration;      /* bumped when the earliest due time changes */

#define KI_TIMER_BATCH 64

/* PRIVATE FUNCTIONS *********************************************************************/

static inline ULONG64 KipTimerNow(VOID)
{
    return HostQueryMonotonicClock() / 100;
}

static inline VOID KipTimerLock(VOID)
{
    while (__atomic_exchange_n(&KiTimerLockWord, 1, __ATOMIC_ACQUIRE))
        while (__atomic_load_n(&KiTimerLockWord, __ATOMIC_RELAXED))
            KiCpuRelax();
}

static inline VOID KipTimerUnlock(VOID)
{
    __atomic_store_n(&KiTimerLockWord, 0, __ATOMIC_RELEASE);
}

/* Inserts Timer in due-time order. Timer lock held. TRUE if it became the earliest. */
static BOOLEAN KipInsertTimer(PKTIMER Timer)
{
    PLIST_ENTRY Entry = KiTimerList.Flink;

    while (Entry != &KiTimerList &&
           CONTAINING_RECORD(Entry, KTIMER, TimerListEntry)->DueTime.QuadPart <=
               Timer->DueTime.QuadPart)
        Entry = Entry->Flink;
    InsertTailList(Entry, &Timer->TimerListEntry);   /* before Entry */
    Timer->Header.Inserted = 1;
    return KiTimerList.Flink == &Timer->TimerListEntry;
}

static VOID KipRemoveTimer(PKTIMER Timer)
{
    RemoveEntryList(&Timer->TimerListEntry);
    Timer->Header.Inserted = 0;
}

static VOID KipTimerThread(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    for (;;) {
        PKDPC Dpcs[KI_TIMER_BATCH];
        LARGE_INTEGER When[KI_TIMER_BATCH];
        ULONG Count = 0;
        ULONG64 Now = KipTimerNow(), Next = 0;
        LONG Generation;
        PKDPC Dpc;

        KipTimerLock();
        while (!IsListEmpty(&KiTimerList) && Count < KI_TIMER_BATCH) {
            PKTIMER Timer = CONTAINING_RECORD(KiTimerList.Flink, KTIMER, TimerListEntry);
            if (Timer->DueTime.QuadPart > Now)
                break;
            KipRemoveTimer(Timer);
            /* Everything read from the timer is read before it is signaled: a waiter woken
               by the signal may free a one-shot timer at once. */
            Dpc = Timer->Dpc;
            if (Dpc) {
                Dpcs[Count] = Dpc;
                KeQuerySystemTimePrecise(&When[Count]);
                Count++;
            }
            if (Timer->Period) {
                Timer->DueTime.QuadPart += (ULONGLONG)Timer->Period * 10000;
                if (Timer->DueTime.QuadPart <= Now)
                    Timer->DueTime.QuadPart = Now + 1;
                KipInsertTimer(Timer);
            }
            KiAcquireDispatcherLock();
            Timer->Header.SignalState = 1;
            KiSignalObject(&Timer->Header);
            KiReleaseDispatcherLock();
        }
        if (!IsListEmpty(&KiTimerList))
            Next = CONTAINING_RECORD(KiTimerList.Flink, KTIMER, TimerListEntry)->DueTime.QuadPart;
        Generation = __atomic_load_n(&KiTimerGeneration, __ATOMIC_ACQUIRE);
        KipTimerUnlock();

        for (ULONG i = 0; i < Count; i++)
            KeInsertQueueDpc(Dpcs[i], (PVOID)(ULONG_PTR)When[i].LowPart,
                             (PVOID)(ULONG_PTR)(ULONG)When[i].HighPart);
        if (Count == KI_TIMER_BATCH)
            continue;

        HostConditionLock(&KiTimerWake);
        if (__atomic_load_n(&KiTimerGeneration, __ATOMIC_ACQUIRE) == Generation) {
            if (Next)
                HostConditionWaitUntil(&KiTimerWake, Next);
            else
                HostConditionWait(&KiTimerWake);
        }
        HostConditionUnlock(&KiTimerWake);
    }
}

/* The earliest due time changed: make the timer thread look again (start it if needed). */
static VOID KipKickTimerThread(VOID)
{
    LONG expected = 0;

    if (__atomic_load_n(&KiTimerThreadState, __ATOMIC_ACQUIRE) == 0 &&
        __atomic_compare_exchange_n(&KiTimerThreadState, &expected, 1, FALSE, __ATOMIC_ACQ_REL,
                                    __ATOMIC_RELAXED)) {
        if (!HostCreateThread(KipTimerThread, NULL))
            KiBugCheck(MANUALLY_INITIATED_CRASH, 0, 0, 0, 0, __builtin_return_address(0),
                       "kmode could not start its timer thread.");
    }
    HostConditionLock(&KiTimerWake);
    __atomic_add_fetch(&KiTimerGeneration, 1, __ATOMIC_ACQ_REL);
    HostConditionBroadcast(&KiTimerWake);
    HostConditionUnlock(&KiTimerWake);
}

static VOID KipTimerAfterFork(VOID)
{
    /* The child has no timer thread; timers set in the parent are forgotten. */
    KiTimerThreadState = 0;
    KiTimerLockWord = 0;
    InitializeListHead(&KiTimerList);
    HostConditionInitialize(&KiTimerWake);
}

__attribute__((constructor)) static void KipTimerInitialize(void)
{
    HostConditionInitialize(&KiTimerWake);
    HostAtForkChild(KipTimerAfterFork);
}

/* PUBLIC FUNCTIONS **********************************************************************/

VOID KiLockTimersForFork(VOID)
{
    KipTimerLock();
}

VOID KiUnlockTimersForFork(VOID)
{
    KipTimerUnlock();
}

/* @implemented: any IRQL. */
VOID NTAPI KeInitializeTimerEx(PKTIMER Timer, TIMER_TYPE Type)
{
    Timer->Header.Lock = 0;
    Timer->Header.Type = Type == SynchronizationTimer ? KI_TIMER_SYNCHRONIZATION_OBJECT
                                                      : KI_TIMER_NOTIFICATION_OBJECT;
    Timer->Header.Size = sizeof(KTIMER) / sizeof(LONG);
    Timer->Header.SignalState = 0;
    InitializeListHead(&Timer->Header.WaitListHead);
    Timer->DueTime.QuadPart = 0;
    InitializeListHead(&Timer->TimerListEntry);
    Timer->Dpc = NULL;
    Timer->Processor = 0;
    Timer->Period = 0;
}

/* @implemented: any IRQL. */
VOID NTAPI KeInitializeTimer(PKTIMER Timer)
{
    KeInitializeTimerEx(Timer, NotificationTimer);
}

/*
 * @implemented
 * <= DISPATCH_LEVEL. Sets (or resets) the timer: it becomes non-signaled now and signaled
 * at DueTime, and then every Period milliseconds if Period is nonzero; Dpc is queued at each
 * expiry. A due time already past expires at once. Returns TRUE if the timer was set.
 */
BOOLEAN NTAPI KeSetTimerEx(PKTIMER Timer, LARGE_INTEGER DueTime, LONG Period, PKDPC Dpc)
{
    ULONG64 Now = KipTimerNow(), Due;
    BOOLEAN WasSet, Earliest;

    if (Period < 0)
        Period = 0;     /* Windows asserts Period >= 0 (checked builds); kmode: one-shot */
    if (DueTime.QuadPart < 0) {
        Due = Now + (ULONG64)(-DueTime.QuadPart);
    } else {
        LARGE_INTEGER SystemNow;
        KeQuerySystemTimePrecise(&SystemNow);
        Due = DueTime.QuadPart > SystemNow.QuadPart
                  ? Now + (ULONG64)(DueTime.QuadPart - SystemNow.QuadPart) : Now;
    }

    KipTimerLock();
    WasSet = Timer->Header.Inserted != 0;
    if (WasSet)
        KipRemoveTimer(Timer);
    KiAcquireDispatcherLock();
    Timer->Header.SignalState = 0;
    KiReleaseDispatcherLock();
    Timer->Header.Absolute = DueTime.QuadPart >= 0;
    Timer->DueTime.QuadPart = Due;
    Timer->Period = (ULONG)Period;
    Timer->Dpc = Dpc;
    Earliest = KipInsertTimer(Timer);
    KipTimerUnlock();
    if (Earliest || __atomic_load_n(&KiTimerThreadState, __ATOMIC_ACQUIRE) == 0)
        KipKickTimerThread();
    return WasSet;
}

BOOLEAN NTAPI KeSetTimer(PKTIMER Timer, LARGE_INTEGER DueTime, PKDPC Dpc)
{
    return KeSetTimerEx(Timer, DueTime, 0, Dpc);
}

/*
 * @implemented
 * <= DISPATCH_LEVEL. Takes the timer out of the timer queue. TRUE if it was set; a DPC the
 * timer already queued is not removed (use KeFlushQueuedDpcs before freeing the DPC).
 */
BOOLEAN NTAPI KeCancelTimer(PKTIMER Timer)
{
    BOOLEAN WasSet;

    KipTimerLock();
    WasSet = Timer->Header.Inserted != 0;
    if (WasSet)
        KipRemoveTimer(Timer);
    KipTimerUnlock();
    return WasSet;
}

/* @implemented: any IRQL. */
BOOLEAN NTAPI KeReadStateTimer(PKTIMER Timer)
{
    return __atomic_load_n(&Timer->Header.SignalState, __ATOMIC_ACQUIRE) != 0;
}

/* PRIVATE FUNCTIONS (the verifier's) ****************************************************/

PVOID KiFindTimerInRange(ULONG_PTR Low, ULONG_PTR High, PULONG What)
{
    PVOID Found = NULL;

    KipTimerLock();
    for (PLIST_ENTRY Entry = KiTimerList.Flink; Entry != &KiTimerList && Found == NULL;
         Entry = Entry->Flink) {
        PKTIMER Timer = CONTAINING_RECORD(Entry, KTIMER, TimerListEntry);
        PKDPC Dpc = Timer->Dpc;
        if ((ULONG_PTR)Timer >= Low && (ULONG_PTR)Timer < High) {
            *What = 0;
            Found = Timer;
        } else if (Dpc != NULL && (ULONG_PTR)Dpc >= Low && (ULONG_PTR)Dpc < High) {
            *What = 1;
            Found = Dpc;
        } else if (Dpc != NULL && (ULONG_PTR)Dpc->DeferredRoutine >= Low &&
                   (ULONG_PTR)Dpc->DeferredRoutine < High) {
            *What = 2;
            Found = (PVOID)Dpc->DeferredRoutine;
        }
    }
    KipTimerUnlock();
    return Found;
}
