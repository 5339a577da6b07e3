/*
 * PURPOSE: Deferred procedure calls: ordinary and threaded DPCs, generic-call DPCs, and the
 * DPC watchdog.
 *
 * Each virtual processor has a FIFO of queued DPCs (src/ke/README.md describes the model).
 * DPCs of processor P run at DISPATCH_LEVEL by whoever holds P:
 *   - the thread holding P, when it lowers IRQL below DISPATCH_LEVEL (KiReleaseProcessor);
 *   - otherwise P's DPC worker, a host thread started the first time P gets a DPC, which
 *     sleeps until woken, claims P and drains its queue.
 * An untargeted DPC queued below DISPATCH_LEVEL is queued to a processor the caller claims
 * for the moment, and so runs before KeInsertQueueDpc returns, as a DPC interrupt would
 * preempt the caller on Windows.
 *
 * Threaded DPCs have a second queue per processor, run at PASSIVE_LEVEL by that processor's
 * threaded-DPC thread (priority 31) after the processor's ordinary DPCs, as on Windows.
 * With threaded DPCs disabled (KMODE_THREADED_DPCS=0, Windows' ThreadDpcEnable=0) they are
 * ordinary DPCs.
 *
 * The watchdog thread samples every processor once per clock tick (15.625 ms): a DPC routine
 * still running after DpcTimeout ticks, or a processor held at DISPATCH_LEVEL or above by
 * the same thread for DpcWatchdogPeriod ticks, is bugcheck 0x133 DPC_WATCHDOG_VIOLATION,
 * raised on the offending thread (it is interrupted, as the clock interrupt does on
 * Windows).
 */

/* INCLUDES ******************************************************************************/

#include <stdlib.h>
#include <internal/ke.h>
#include <internal/host.h>
#include <internal/invoke.h>

/* GLOBALS *******************************************************************************/

#define KI_DPC_OBJECT_TYPE 19            /* DpcObject in the KOBJECTS enumeration */
#define KI_THREADED_DPC_OBJECT_TYPE 24   /* ThreadedDpcObject */
#define KI_DPC_TARGETED(Dpc) ((Dpc)->Number >= MAXIMUM_PROCESSORS)
#define KI_THREADED_DPC_PRIORITY 31      /* Windows runs threaded DPCs at real-time priority 31 */
#define KI_CLOCK_TICK 156250ull          /* 100 ns units (KeQueryTimeIncrement) */

static HOST_CONDITION KiDpcWorkerWake[MAXIMUM_PROCESSORS];

/* A processor's threaded-DPC queue. Pending counts queued and running threaded DPCs (what
   KeFlushQueuedDpcs waits for); Queued only the queued ones (what the thread waits for). */
typedef struct DECLSPEC_ALIGN(64) _KIP_THREADED_QUEUE {
    volatile LONG Lock;
    volatile LONG Queued;
    volatile LONG Pending;
    volatile LONG WorkerState;           /* 0 none, 1 started */
    SINGLE_LIST_ENTRY Head;
    PSINGLE_LIST_ENTRY Tail;
    HOST_CONDITION Wake;                 /* work for the thread; Pending reached 0 */
} KIP_THREADED_QUEUE;

static KIP_THREADED_QUEUE KipThreadedQueues[MAXIMUM_PROCESSORS];
static volatile BOOLEAN KipThreadedDpcsEnabled = TRUE;

/* Watchdog state of one processor. DpcSequence and DpcRunner are written by the processor's
   holder (odd sequence: a DPC routine runs); the rest by the watchdog thread. */
typedef struct DECLSPEC_ALIGN(64) _KIP_WATCHDOG {
    volatile ULONG DpcSequence;
    KI_THREAD_STATE *volatile DpcRunner;
    ULONG SeenSequence;
    KI_THREAD_STATE *SeenOwner;
    volatile ULONG DpcTicks;             /* ticks the running DPC has run */
    volatile ULONG HeldTicks;            /* ticks the processor has been held by SeenOwner */
    volatile LONG Violation;             /* 0, or 1 + the bugcheck's Arg1 */
    KI_THREAD_STATE *volatile Offender;
    volatile ULONG Count;                /* the bugcheck's Arg2 */
    ULONG Sequence;                      /* DpcSequence when a single-DPC violation was seen */
} KIP_WATCHDOG;

static KIP_WATCHDOG KipWatchdog[MAXIMUM_PROCESSORS];
static volatile ULONG KipDpcTimeLimit;       /* ticks; 0 = off */
static volatile ULONG KipDpcWatchdogLimit;   /* ticks; 0 = off */
static volatile LONG KipWatchdogState;       /* 0 no thread, 1 started */
static HOST_CONDITION KipWatchdogWake;

/* KeGenericCallDpc: one call at a time (Windows serializes them too). */
static KEVENT KipGenericCallLock;
static KDPC KipGenericCallDpcs[MAXIMUM_PROCESSORS];

typedef struct _KIP_CALL_BARRIER {
    volatile LONG Remaining;
    volatile LONG Generation;
    LONG Total;
} KIP_CALL_BARRIER;

static volatile LONG KipGenericCallDone;
static KIP_CALL_BARRIER KipGenericCallBarrier;

/* PRIVATE FUNCTIONS *********************************************************************/

static inline VOID KipQueueLock(volatile LONG *Lock)
{
    while (__atomic_exchange_n(Lock, 1, __ATOMIC_ACQUIRE))
        while (__atomic_load_n(Lock, __ATOMIC_RELAXED))
            KiCpuRelax();
}

static inline VOID KipQueueUnlock(volatile LONG *Lock)
{
    __atomic_store_n(Lock, 0, __ATOMIC_RELEASE);
}

/* What running one DPC needs, copied under the queue lock: once the DPC is off the queue
   it may be queued again (with other arguments) before its routine runs. */
typedef struct _KIP_DPC_CALL {
    PKDPC Dpc;
    PKDEFERRED_ROUTINE Routine;
    PVOID Context, Argument1, Argument2;
} KIP_DPC_CALL;

/* Links Dpc into a queue (high importance at the front). Queue lock held. */
static VOID KipEnqueue(PSINGLE_LIST_ENTRY Head, PSINGLE_LIST_ENTRY *Tail, PKDPC Dpc)
{
    if (Dpc->Importance == HighImportance) {
        Dpc->DpcListEntry.Next = Head->Next;
        Head->Next = &Dpc->DpcListEntry;
        if (*Tail == Head)
            *Tail = &Dpc->DpcListEntry;
    } else {
        Dpc->DpcListEntry.Next = NULL;
        (*Tail)->Next = &Dpc->DpcListEntry;
        *Tail = &Dpc->DpcListEntry;
    }
}

/* Takes the first DPC off a queue into Call; FALSE if empty. Queue lock held. */
static BOOLEAN KipDequeue(PSINGLE_LIST_ENTRY Head, PSINGLE_LIST_ENTRY *Tail, KIP_DPC_CALL *Call)
{
    PSINGLE_LIST_ENTRY Entry = Head->Next;
    PKDPC Dpc;

    if (!Entry)
        return FALSE;
    Head->Next = Entry->Next;
    if (!Entry->Next)
        *Tail = Head;
    Dpc = CONTAINING_RECORD(Entry, KDPC, DpcListEntry);
    Call->Dpc = Dpc;
    Call->Routine = Dpc->DeferredRoutine;
    Call->Context = Dpc->DeferredContext;
    Call->Argument1 = Dpc->SystemArgument1;
    Call->Argument2 = Dpc->SystemArgument2;
    /* Dequeued: from here on the DPC can be queued again, even by its own routine. */
    __atomic_store_n(&Dpc->DpcData, NULL, __ATOMIC_RELEASE);
    return TRUE;
}

/* Unlinks Dpc from a queue; FALSE if it is not there. Queue lock held. */
static BOOLEAN KipUnlink(PSINGLE_LIST_ENTRY Head, PSINGLE_LIST_ENTRY *Tail, PKDPC Dpc)
{
    for (PSINGLE_LIST_ENTRY Prev = Head; Prev->Next; Prev = Prev->Next) {
        if (Prev->Next == &Dpc->DpcListEntry) {
            Prev->Next = Dpc->DpcListEntry.Next;
            if (*Tail == &Dpc->DpcListEntry)
                *Tail = Prev;
            __atomic_store_n(&Dpc->DpcData, NULL, __ATOMIC_RELEASE);
            return TRUE;
        }
    }
    return FALSE;
}

/* Takes the first queued DPC of Processor off its queue into Call; FALSE if none. */
static BOOLEAN KipDpcPop(KI_PROCESSOR *Processor, KIP_DPC_CALL *Call)
{
    BOOLEAN Popped;

    KipQueueLock(&Processor->DpcLock);
    Popped = KipDequeue(&Processor->DpcHead, &Processor->DpcTail, Call);
    if (Popped)
        __atomic_sub_fetch(&Processor->DpcCount, 1, __ATOMIC_SEQ_CST);
    KipQueueUnlock(&Processor->DpcLock);
    return Popped;
}

/* Runs one DPC routine on the processor Thread holds, at DISPATCH_LEVEL, under the eye of
   the watchdog. A routine that returns at another IRQL is bugcheck 0xA. */
static VOID KipRunDpc(KI_THREAD_STATE *Thread, const KIP_DPC_CALL *Call)
{
    KIP_WATCHDOG *Watch = &KipWatchdog[Thread->Processor];
    ULONG Sequence = __atomic_load_n(&Watch->DpcSequence, __ATOMIC_RELAXED) | 1;

    __atomic_store_n(&Watch->DpcRunner, Thread, __ATOMIC_RELAXED);
    __atomic_store_n(&Watch->DpcSequence, Sequence, __ATOMIC_RELEASE);     /* odd: running */
    KiInvokeDeferredRoutine(Call->Routine, Call->Dpc, Call->Context, Call->Argument1,
                            Call->Argument2);
    __atomic_store_n(&Watch->DpcSequence, Sequence + 1, __ATOMIC_RELEASE);
    if (Thread->Irql != DISPATCH_LEVEL) {
        KiBugCheck(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)Call->Routine, Thread->Irql, 0,
                   (ULONG_PTR)Call->Routine, (PVOID)((ULONG_PTR)Call->Routine + 1),
                   "A DPC routine returned at an IRQL other than DISPATCH_LEVEL (it raised "
                   "or lowered IRQL without restoring it).");
    }
}

static VOID KipDpcWorker(PVOID Context)
{
    ULONG Number = (ULONG)(ULONG_PTR)Context;
    KI_PROCESSOR *Processor = &KiProcessors[Number];
    KI_THREAD_STATE *Thread = &KiThreadState;
    HOST_CONDITION *Wake = &KiDpcWorkerWake[Number];

    Thread->IdealProcessor = (USHORT)Number;
    Thread->Processor = (USHORT)Number;
    Thread->IdealAssigned = TRUE;
    for (;;) {
        HostConditionLock(Wake);
        for (;;) {
            LONG Count = __atomic_load_n(&Processor->DpcCount, __ATOMIC_ACQUIRE);
            if (Count != 0 && __atomic_load_n(&Processor->Owner, __ATOMIC_ACQUIRE) == NULL)
                break;
            if (Count == 0)
                HostConditionWait(Wake);
            else    /* DPCs wait on a processor someone holds: look again in 100 us */
                HostConditionWaitUntil(Wake, HostQueryMonotonicClock() / 100 + 1000);
        }
        HostConditionUnlock(Wake);

        /* Claim this processor (a thread that only parked it loses it); if someone else
           runs on it, they drain its queue. */
        if (!KiClaimProcessorNumber(Thread, Number, FALSE))
            continue;
        Thread->Irql = DISPATCH_LEVEL;
        KiDrainDpcs(Thread);
        Thread->Irql = PASSIVE_LEVEL;
        KiReleaseProcessorAll(Thread);
    }
}

/* Claims exactly processor Number for the current thread (spinning, then yielding). */
static VOID KipClaimProcessor(KI_THREAD_STATE *Thread, ULONG Number)
{
    KiClaimProcessorNumber(Thread, Number, TRUE);
}

static VOID KipStartWatchdog(VOID);

/* ---- Threaded DPCs ------------------------------------------------------------------- */

static BOOLEAN KipIsThreadedQueue(PVOID DpcData)
{
    return (ULONG_PTR)DpcData >= (ULONG_PTR)&KipThreadedQueues[0] &&
           (ULONG_PTR)DpcData < (ULONG_PTR)&KipThreadedQueues[MAXIMUM_PROCESSORS];
}

/* A threaded DPC is done (run or removed): wake KeFlushQueuedDpcs when none is left. */
static VOID KipThreadedDone(KIP_THREADED_QUEUE *Queue)
{
    if (__atomic_sub_fetch(&Queue->Pending, 1, __ATOMIC_ACQ_REL) == 0) {
        HostConditionLock(&Queue->Wake);
        HostConditionBroadcast(&Queue->Wake);
        HostConditionUnlock(&Queue->Wake);
    }
}

/* Processor Number's threaded-DPC thread: runs its threaded DPCs at PASSIVE_LEVEL. */
static VOID KipThreadedDpcThread(PVOID Context)
{
    ULONG Number = (ULONG)(ULONG_PTR)Context;
    KIP_THREADED_QUEUE *Queue = &KipThreadedQueues[Number];
    KI_THREAD_STATE *Thread = &KiThreadState;

    Thread->IdealProcessor = (USHORT)Number;
    Thread->Processor = (USHORT)Number;
    Thread->IdealAssigned = TRUE;
    KiCurrentKThread()->Priority = KI_THREADED_DPC_PRIORITY;
    for (;;) {
        KIP_DPC_CALL Call;
        BOOLEAN Popped;

        HostConditionLock(&Queue->Wake);
        while (__atomic_load_n(&Queue->Queued, __ATOMIC_ACQUIRE) == 0)
            HostConditionWait(&Queue->Wake);
        HostConditionUnlock(&Queue->Wake);

        /* The processor's ordinary DPCs come first (on Windows they preempt this thread):
           claiming the processor waits for its holder, which drains them, and releasing it
           drains what is left. */
        KipClaimProcessor(Thread, Number);
        KiReleaseProcessorAll(Thread);

        KipQueueLock(&Queue->Lock);
        Popped = KipDequeue(&Queue->Head, &Queue->Tail, &Call);
        if (Popped)
            __atomic_sub_fetch(&Queue->Queued, 1, __ATOMIC_ACQ_REL);
        KipQueueUnlock(&Queue->Lock);
        if (!Popped)
            continue;                     /* KeRemoveQueueDpc took it */

        KiInvokeDeferredRoutine(Call.Routine, Call.Dpc, Call.Context, Call.Argument1,
                                Call.Argument2);
        if (Thread->Irql != PASSIVE_LEVEL) {
            KiBugCheck(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)Call.Routine, Thread->Irql, 0,
                       (ULONG_PTR)Call.Routine, (PVOID)((ULONG_PTR)Call.Routine + 1),
                       "A threaded DPC routine returned at another IRQL than the one it was "
                       "called at (it raised or lowered IRQL without restoring it).");
        }
        Thread->Processor = (USHORT)Number;
        KipThreadedDone(Queue);
    }
}

static BOOLEAN KipInsertThreadedDpc(PRKDPC Dpc, ULONG Number, PVOID Argument1, PVOID Argument2)
{
    KIP_THREADED_QUEUE *Queue = &KipThreadedQueues[Number];
    LONG expected = 0;

    KipQueueLock(&Queue->Lock);
    if (Dpc->DpcData != NULL) {
        KipQueueUnlock(&Queue->Lock);
        return FALSE;
    }
    Dpc->SystemArgument1 = Argument1;
    Dpc->SystemArgument2 = Argument2;
    Dpc->DpcData = Queue;
    Dpc->ProcessorHistory |= (KAFFINITY)1 << Number;
    KipEnqueue(&Queue->Head, &Queue->Tail, Dpc);
    __atomic_add_fetch(&Queue->Pending, 1, __ATOMIC_ACQ_REL);
    __atomic_add_fetch(&Queue->Queued, 1, __ATOMIC_ACQ_REL);
    KipQueueUnlock(&Queue->Lock);

    if (__atomic_load_n(&Queue->WorkerState, __ATOMIC_ACQUIRE) == 0 &&
        __atomic_compare_exchange_n(&Queue->WorkerState, &expected, 1, FALSE, __ATOMIC_ACQ_REL,
                                    __ATOMIC_RELAXED) &&
        !HostCreateThread(KipThreadedDpcThread, (PVOID)(ULONG_PTR)Number)) {
        KiBugCheck(MANUALLY_INITIATED_CRASH, 0, 0, 0, 0, __builtin_return_address(0),
                   "kmode could not start a threaded-DPC thread.");
    }
    KipStartWatchdog();
    HostConditionLock(&Queue->Wake);
    HostConditionBroadcast(&Queue->Wake);
    HostConditionUnlock(&Queue->Wake);
    return TRUE;
}

/* ---- The DPC watchdog ------------------------------------------------------------------ */

/* Runs on the offending thread (interrupted by the watchdog thread). */
static VOID KipWatchdogInterrupt(VOID)
{
    KI_THREAD_STATE *Thread = &KiThreadState;
    KIP_WATCHDOG *Watch;
    LONG Violation;

    /* A thread already bugchecking (building its report, perhaps holding the symbolizer's
       lock) must not be interrupted into a second, nested bugcheck. */
    if (!Thread->OwnsProcessor || Thread->BugCheckDepth != 0)
        return;
    Watch = &KipWatchdog[Thread->Processor];
    if (__atomic_load_n(&Watch->Offender, __ATOMIC_ACQUIRE) != Thread)
        return;
    /* Delivered (-1): the watchdog raises nothing more against this holder, and a second
       signal (one may arrive while the report is built) finds nothing to do. */
    Violation = __atomic_load_n(&Watch->Violation, __ATOMIC_ACQUIRE);
    if (Violation <= 0 || !__atomic_compare_exchange_n(&Watch->Violation, &Violation, -1, FALSE,
                                                       __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
        return;
    if (Violation == 1) {
        ULONG Sequence = __atomic_load_n(&Watch->DpcSequence, __ATOMIC_ACQUIRE);
        if (Sequence != Watch->Sequence)
            return;                       /* that DPC has returned meanwhile */
        /* The routine is abandoned: the processor no longer runs a DPC. */
        __atomic_store_n(&Watch->DpcSequence, Sequence + 1, __ATOMIC_RELEASE);
        KiBugCheck(DPC_WATCHDOG_VIOLATION, 0, Watch->Count, KipDpcTimeLimit, 0,
                   __builtin_return_address(0),
                   "A single DPC routine ran longer than the DPC time limit (it spins or "
                   "waits at DISPATCH_LEVEL).");
    } else if (Violation == 2) {
        KiBugCheck(DPC_WATCHDOG_VIOLATION, 1, Watch->Count, 0, 0, __builtin_return_address(0),
                   "A thread held DISPATCH_LEVEL or above on one processor longer than the DPC "
                   "watchdog period (a long DPC sequence, spin-lock hold or raised-IRQL loop).");
    }
}

/* One clock tick of the watchdog: sample every processor. */
static VOID KipWatchdogTick(VOID)
{
    ULONG Single = __atomic_load_n(&KipDpcTimeLimit, __ATOMIC_RELAXED);
    ULONG Cumulative = __atomic_load_n(&KipDpcWatchdogLimit, __ATOMIC_RELAXED);

    /* Every slot, not KiProcessorCount: the count may change under a test hook. */
    for (ULONG i = 0; i < MAXIMUM_PROCESSORS; i++) {
        KIP_WATCHDOG *Watch = &KipWatchdog[i];
        KI_THREAD_STATE *Owner = __atomic_load_n(&KiProcessors[i].Owner, __ATOMIC_ACQUIRE);
        ULONG Sequence = __atomic_load_n(&Watch->DpcSequence, __ATOMIC_ACQUIRE);
        BOOLEAN Running = (Sequence & 1) && Owner != NULL &&
                          __atomic_load_n(&Watch->DpcRunner, __ATOMIC_RELAXED) == Owner;
        ULONG Held, Ticks;
        LONG Violation = 0;

        /* A processor released and claimed again between two ticks looks held throughout,
           as a tick that finds a Windows processor at DISPATCH_LEVEL twice does. */
        Held = (Owner != NULL && Owner == Watch->SeenOwner) ? Watch->HeldTicks + 1
                                                            : (Owner != NULL);
        Ticks = (Running && Sequence == Watch->SeenSequence) ? Watch->DpcTicks + 1 : Running;
        Watch->SeenOwner = Owner;
        Watch->SeenSequence = Sequence;
        __atomic_store_n(&Watch->HeldTicks, Held, __ATOMIC_RELAXED);
        __atomic_store_n(&Watch->DpcTicks, Ticks, __ATOMIC_RELAXED);

        if (__atomic_load_n(&Watch->Violation, __ATOMIC_ACQUIRE) != 0) {
            /* Raised (being delivered) or delivered: nothing more while the same thread holds
               the processor; a new holder starts afresh. */
            if (Owner != NULL && __atomic_load_n(&Watch->Offender, __ATOMIC_ACQUIRE) == Owner)
                continue;
            __atomic_store_n(&Watch->Offender, NULL, __ATOMIC_RELEASE);
            __atomic_store_n(&Watch->Violation, 0, __ATOMIC_RELEASE);
        }
        if (Single != 0 && Ticks > Single) {
            Violation = 1;
            Watch->Count = Ticks;
            Watch->Sequence = Sequence;
        } else if (Cumulative != 0 && Held > Cumulative) {
            Violation = 2;
            Watch->Count = Cumulative;
        }
        if (Violation) {
            __atomic_store_n(&Watch->Offender, Owner, __ATOMIC_RELEASE);
            __atomic_store_n(&Watch->Violation, Violation, __ATOMIC_RELEASE);
            HostInterruptThread(HostThreadFromStaticTls(Owner, &KiThreadState),
                                KipWatchdogInterrupt);
        }
    }
}

static VOID KipWatchdogThread(PVOID Context)
{
    ULONG64 Next = HostQueryMonotonicClock() / 100 + KI_CLOCK_TICK;

    UNREFERENCED_PARAMETER(Context);
    for (;;) {
        ULONG64 Now;

        HostConditionLock(&KipWatchdogWake);
        while ((Now = HostQueryMonotonicClock() / 100) < Next)
            HostConditionWaitUntil(&KipWatchdogWake, Next);
        HostConditionUnlock(&KipWatchdogWake);
        /* Ticks the host did not give us (an overloaded machine) are not counted. */
        Next = (Now - Next >= KI_CLOCK_TICK) ? Now + KI_CLOCK_TICK : Next + KI_CLOCK_TICK;
        if (__atomic_load_n(&KipDpcTimeLimit, __ATOMIC_RELAXED) != 0 ||
            __atomic_load_n(&KipDpcWatchdogLimit, __ATOMIC_RELAXED) != 0)
            KipWatchdogTick();
    }
}

static VOID KipStartWatchdog(VOID)
{
    LONG expected = 0;

    if (__atomic_load_n(&KipWatchdogState, __ATOMIC_ACQUIRE) != 0)
        return;
    if (__atomic_load_n(&KipDpcTimeLimit, __ATOMIC_RELAXED) == 0 &&
        __atomic_load_n(&KipDpcWatchdogLimit, __ATOMIC_RELAXED) == 0)
        return;
    if (__atomic_compare_exchange_n(&KipWatchdogState, &expected, 1, FALSE, __ATOMIC_ACQ_REL,
                                    __ATOMIC_RELAXED) &&
        !HostCreateThread(KipWatchdogThread, NULL)) {
        KiBugCheck(MANUALLY_INITIATED_CRASH, 0, 0, 0, 0, __builtin_return_address(0),
                   "kmode could not start the DPC watchdog thread.");
    }
}

/* Milliseconds from the environment (Windows keeps them in the registry: Session Manager\
   Kernel\DpcTimeout, DpcWatchdogPeriod) to clock ticks, rounded up; 0 turns the check off. */
static ULONG KipLimitFromEnvironment(const char *Name, ULONG DefaultMs)
{
    const char *Value = HostGetEnvironment(Name);
    ULONG64 Ms = DefaultMs;

    if (Value && *Value) {
        char *End;
        unsigned long long v = strtoull(Value, &End, 10);
        if (*End == 0)
            Ms = v > 0xFFFFFFFFull ? 0xFFFFFFFFull : v;
    }
    return (ULONG)((Ms * 10000 + KI_CLOCK_TICK - 1) / KI_CLOCK_TICK);
}

/* ---- fork --------------------------------------------------------------------------------- */

/* Before fork(): no other thread may be inside a kernel queue when the process is copied (the
   child would find the lock held by a thread it does not have). Timer lock, dispatcher lock,
   then the DPC queue locks: the order the kernel nests them in. */
static VOID KipForkPrepare(VOID)
{
    KiLockTimersForFork();
    KiAcquireDispatcherLock();
    for (ULONG i = 0; i < MAXIMUM_PROCESSORS; i++) {
        KipQueueLock(&KiProcessors[i].DpcLock);
        KipQueueLock(&KipThreadedQueues[i].Lock);
    }
}

static VOID KipForkUnlock(VOID)
{
    for (ULONG i = MAXIMUM_PROCESSORS; i-- > 0;) {
        KipQueueUnlock(&KipThreadedQueues[i].Lock);
        KipQueueUnlock(&KiProcessors[i].DpcLock);
    }
    KiReleaseDispatcherLock();
    KiUnlockTimersForFork();
}

/* fork() keeps only the calling thread: the child has no DPC workers, threaded-DPC threads
   or watchdog, and no other thread holds a virtual processor there. */
static VOID KipForkChild(VOID)
{
    KipForkUnlock();
    for (ULONG i = 0; i < MAXIMUM_PROCESSORS; i++) {
        KIP_THREADED_QUEUE *Queue = &KipThreadedQueues[i];
        KiProcessors[i].WorkerState = 0;
        HostConditionInitialize(&KiDpcWorkerWake[i]);
        Queue->WorkerState = 0;
        Queue->Pending = Queue->Queued;   /* the ones running in the parent are gone */
        HostConditionInitialize(&Queue->Wake);
        KipWatchdog[i].Violation = 0;
        KipWatchdog[i].Offender = NULL;
        KipWatchdog[i].DpcSequence &= ~1u;
        KipWatchdog[i].SeenOwner = NULL;
    }
    KiResetProcessorsAfterFork();
    KipWatchdogState = 0;
    HostConditionInitialize(&KipWatchdogWake);
}

__attribute__((constructor)) static void KipDpcInitialize(void)
{
    const char *Threaded = HostGetEnvironment("KMODE_THREADED_DPCS");

    for (ULONG i = 0; i < MAXIMUM_PROCESSORS; i++) {
        KiProcessors[i].DpcTail = &KiProcessors[i].DpcHead;
        KiProcessors[i].WorkerWake = &KiDpcWorkerWake[i];
        HostConditionInitialize(&KiDpcWorkerWake[i]);
        KipThreadedQueues[i].Tail = &KipThreadedQueues[i].Head;
        HostConditionInitialize(&KipThreadedQueues[i].Wake);
    }
    KipThreadedDpcsEnabled = !(Threaded && Threaded[0] == '0' && Threaded[1] == 0);
    KeInitializeEvent(&KipGenericCallLock, SynchronizationEvent, TRUE);
    /* Windows' defaults: 20 s for one DPC (1280 ticks), 120 s at DISPATCH_LEVEL (7680). */
    KipDpcTimeLimit = KipLimitFromEnvironment("KMODE_DPC_TIMEOUT", 20000);
    KipDpcWatchdogLimit = KipLimitFromEnvironment("KMODE_DPC_WATCHDOG_PERIOD", 120000);
    HostConditionInitialize(&KipWatchdogWake);
    HostAtFork(KipForkPrepare, KipForkUnlock, KipForkChild);
}

/* PUBLIC FUNCTIONS **********************************************************************/

VOID KiDrainDpcs(KI_THREAD_STATE *Thread)
{
    KI_PROCESSOR *Processor = &KiProcessors[Thread->Processor];
    KIP_WATCHDOG *Watch = &KipWatchdog[Thread->Processor];
    KIRQL Saved = Thread->Irql;
    KIP_DPC_CALL Call;

    /* A DPC left by a caught bugcheck never finished: the processor runs none now. */
    if (__atomic_load_n(&Watch->DpcSequence, __ATOMIC_RELAXED) & 1)
        __atomic_add_fetch(&Watch->DpcSequence, 1, __ATOMIC_RELEASE);
    Thread->Irql = DISPATCH_LEVEL;    /* DPCs run at DISPATCH_LEVEL */
    while (KipDpcPop(Processor, &Call))
        KipRunDpc(Thread, &Call);
    Thread->Irql = Saved;
}

VOID KiWakeDpcWorker(ULONG Number)
{
    KI_PROCESSOR *Processor = &KiProcessors[Number];
    HOST_CONDITION *Wake = &KiDpcWorkerWake[Number];

    if (__atomic_load_n(&Processor->WorkerState, __ATOMIC_ACQUIRE) == 0) {
        LONG expected = 0;
        if (__atomic_compare_exchange_n(&Processor->WorkerState, &expected, 1, FALSE,
                                        __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
            if (!HostCreateThread(KipDpcWorker, (PVOID)(ULONG_PTR)Number)) {
                KiBugCheck(MANUALLY_INITIATED_CRASH, 0, 0, 0, 0, __builtin_return_address(0),
                           "kmode could not start a DPC worker thread.");
            }
            KipStartWatchdog();
        }
    }
    HostConditionLock(Wake);
    HostConditionBroadcast(Wake);
    HostConditionUnlock(Wake);
}

VOID KiSetThreadedDpcsEnabled(BOOLEAN Enabled)
{
    __atomic_store_n(&KipThreadedDpcsEnabled, Enabled, __ATOMIC_RELEASE);
}

VOID KiSetDpcWatchdogLimits(ULONG DpcTimeLimitTicks, ULONG DpcWatchdogLimitTicks)
{
    /* New limits, new watch: a holder already reported (a caught bugcheck) is watched
       again. Races with a tick only delay a report by one tick. */
    for (ULONG i = 0; i < MAXIMUM_PROCESSORS; i++) {
        __atomic_store_n(&KipWatchdog[i].Violation, 0, __ATOMIC_RELEASE);
        __atomic_store_n(&KipWatchdog[i].Offender, NULL, __ATOMIC_RELEASE);
    }
    __atomic_store_n(&KipDpcTimeLimit, DpcTimeLimitTicks, __ATOMIC_RELEASE);
    __atomic_store_n(&KipDpcWatchdogLimit, DpcWatchdogLimitTicks, __ATOMIC_RELEASE);
    KipStartWatchdog();
}

/*
 * @implemented
 * Any IRQL.
 */
VOID NTAPI KeInitializeDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine, PVOID DeferredContext)
{
    Dpc->TargetInfoAsUlong = 0;
    Dpc->Type = KI_DPC_OBJECT_TYPE;
    Dpc->Importance = MediumImportance;
    Dpc->Number = 0;
    Dpc->DpcListEntry.Next = NULL;
    Dpc->ProcessorHistory = 0;
    Dpc->DeferredRoutine = DeferredRoutine;
    Dpc->DeferredContext = DeferredContext;
    Dpc->SystemArgument1 = NULL;
    Dpc->SystemArgument2 = NULL;
    Dpc->DpcData = NULL;
}

/*
 * @implemented
 * Any IRQL. A threaded DPC runs at PASSIVE_LEVEL in its processor's threaded-DPC thread, or,
 * when threaded DPCs are disabled, as an ordinary DPC at DISPATCH_LEVEL: its routine must
 * work at both.
 */
VOID NTAPI KeInitializeThreadedDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine,
                                   PVOID DeferredContext)
{
    KeInitializeDpc(Dpc, DeferredRoutine, DeferredContext);
    Dpc->Type = KI_THREADED_DPC_OBJECT_TYPE;
}

/*
 * @implemented
 * Any IRQL. Queues Dpc with the two arguments; FALSE if it is already queued (nothing
 * changes then, not even the arguments). High-importance DPCs go to the front of the queue.
 */
BOOLEAN NTAPI KeInsertQueueDpc(PRKDPC Dpc, PVOID SystemArgument1, PVOID SystemArgument2)
{
    KI_THREAD_STATE *Thread = &KiThreadState;
    KIRQL OldIrql = Thread->Irql;
    KI_PROCESSOR *Processor;
    ULONG Number;
    BOOLEAN Raised = FALSE;

    if (Dpc->Type == KI_THREADED_DPC_OBJECT_TYPE &&
        __atomic_load_n(&KipThreadedDpcsEnabled, __ATOMIC_ACQUIRE)) {
        Number = KI_DPC_TARGETED(Dpc) ? (ULONG)Dpc->Number - MAXIMUM_PROCESSORS
                                      : KeGetCurrentProcessorNumber();
        return KipInsertThreadedDpc(Dpc, Number, SystemArgument1, SystemArgument2);
    }
    if (KI_DPC_TARGETED(Dpc)) {
        Number = Dpc->Number - MAXIMUM_PROCESSORS;
    } else {
        if (OldIrql < DISPATCH_LEVEL) {
            /* A DPC interrupt would preempt the caller here: run it on the caller. */
            KfRaiseIrql(DISPATCH_LEVEL);
            Raised = TRUE;
        }
        Number = Thread->Processor;
    }
    Processor = &KiProcessors[Number];

    KipQueueLock(&Processor->DpcLock);
    if (Dpc->DpcData != NULL) {
        KipQueueUnlock(&Processor->DpcLock);
        if (Raised)
            KfLowerIrql(OldIrql);
        return FALSE;
    }
    Dpc->SystemArgument1 = SystemArgument1;
    Dpc->SystemArgument2 = SystemArgument2;
    Dpc->DpcData = Processor;
    Dpc->ProcessorHistory |= (KAFFINITY)1 << Number;
    KipEnqueue(&Processor->DpcHead, &Processor->DpcTail, Dpc);
    __atomic_add_fetch(&Processor->DpcCount, 1, __ATOMIC_SEQ_CST);
    KipQueueUnlock(&Processor->DpcLock);

    if (Raised) {
        KfLowerIrql(OldIrql);             /* runs it */
    } else if (!(Thread->OwnsProcessor && Thread->Processor == Number)) {
        /* Another processor: its worker runs the DPC if nobody holds it; if somebody does,
           that thread runs it when it lowers IRQL, and the worker polls meanwhile in case
           the DPC arrived just after that thread looked. A processor this thread only
           parked is freed for the worker first (it need not take it). */
        if (Thread->HoldsProcessor && Thread->Processor == Number)
            KiDropParkedProcessor(Thread);
        KiWakeDpcWorker(Number);
    }
    return TRUE;
}

/*
 * @implemented
 * Any IRQL. Takes Dpc off its queue (ordinary or threaded); FALSE if it was not queued
 * (including when it is already running).
 */
BOOLEAN NTAPI KeRemoveQueueDpc(PRKDPC Dpc)
{
    PVOID Data = __atomic_load_n(&Dpc->DpcData, __ATOMIC_ACQUIRE);
    BOOLEAN Removed = FALSE;

    if (!Data)
        return FALSE;
    if (KipIsThreadedQueue(Data)) {
        KIP_THREADED_QUEUE *Queue = (KIP_THREADED_QUEUE *)Data;
        KipQueueLock(&Queue->Lock);
        if (Dpc->DpcData == Queue && KipUnlink(&Queue->Head, &Queue->Tail, Dpc)) {
            __atomic_sub_fetch(&Queue->Queued, 1, __ATOMIC_ACQ_REL);
            Removed = TRUE;
        }
        KipQueueUnlock(&Queue->Lock);
        if (Removed)
            KipThreadedDone(Queue);
        return Removed;
    }
    KI_PROCESSOR *Processor = (KI_PROCESSOR *)Data;
    KipQueueLock(&Processor->DpcLock);
    if (Dpc->DpcData == Processor && KipUnlink(&Processor->DpcHead, &Processor->DpcTail, Dpc)) {
        __atomic_sub_fetch(&Processor->DpcCount, 1, __ATOMIC_SEQ_CST);
        Removed = TRUE;
    }
    KipQueueUnlock(&Processor->DpcLock);
    return Removed;
}

/*
 * @implemented
 * PASSIVE_LEVEL. Returns once every DPC queued on any processor when it was called has run,
 * threaded DPCs included: it claims each processor in turn (waiting for its holder, whose
 * running DPC finishes first) and runs what is still queued there, then waits until no
 * threaded DPC is queued or running, then drains the processors once more (for DPCs those
 * queued).
 */
VOID NTAPI KeFlushQueuedDpcs(VOID)
{
    KI_THREAD_STATE *Thread = &KiThreadState;
    KIRQL OldIrql = Thread->Irql;
    USHORT SavedProcessor = Thread->Processor;

    if (OldIrql != PASSIVE_LEVEL) {
        KiBugCheck(IRQL_NOT_LESS_OR_EQUAL, 0, OldIrql, 0, (ULONG_PTR)__builtin_return_address(0),
                   __builtin_return_address(0), "KeFlushQueuedDpcs must be called at PASSIVE_LEVEL.");
    }
    for (ULONG i = 0; i < KiProcessorCount; i++) {
        KipClaimProcessor(Thread, i);
        KiReleaseProcessorAll(Thread);    /* runs what is queued there first */
    }
    for (ULONG i = 0; i < MAXIMUM_PROCESSORS; i++) {
        KIP_THREADED_QUEUE *Queue = &KipThreadedQueues[i];
        if (__atomic_load_n(&Queue->Pending, __ATOMIC_ACQUIRE) == 0)
            continue;
        HostConditionLock(&Queue->Wake);
        while (__atomic_load_n(&Queue->Pending, __ATOMIC_ACQUIRE) != 0)
            HostConditionWait(&Queue->Wake);
        HostConditionUnlock(&Queue->Wake);
    }
    for (ULONG i = 0; i < KiProcessorCount; i++) {
        KipClaimProcessor(Thread, i);
        KiReleaseProcessorAll(Thread);
    }
    Thread->Processor = SavedProcessor;
}

/* @implemented: any IRQL. */
VOID NTAPI KeSetImportanceDpc(PRKDPC Dpc, KDPC_IMPORTANCE Importance)
{
    Dpc->Importance = (UCHAR)Importance;
}

/* @implemented: any IRQL. The DPC will run on processor Number. */
VOID NTAPI KeSetTargetProcessorDpc(PRKDPC Dpc, CCHAR Number)
{
    Dpc->Number = (USHORT)(MAXIMUM_PROCESSORS + (UCHAR)Number);
}

/* @implemented: any IRQL. STATUS_INVALID_PARAMETER for a processor kmode does not have. */
NTSTATUS NTAPI KeSetTargetProcessorDpcEx(PKDPC Dpc, PPROCESSOR_NUMBER ProcNumber)
{
    if (ProcNumber->Group != 0 || ProcNumber->Number >= KiProcessorCount || ProcNumber->Reserved)
        return STATUS_INVALID_PARAMETER;
    KeSetTargetProcessorDpc(Dpc, (CCHAR)ProcNumber->Number);
    return STATUS_SUCCESS;
}

/* The verifier's end-of-life check (src/include/internal/ke.h): a queued DPC (normal or
   threaded) whose object or routine lies in [Low, High). */
static PVOID KipFindDpcInQueue(volatile LONG *Lock, PSINGLE_LIST_ENTRY Head, ULONG_PTR Low,
                               ULONG_PTR High, PULONG What)
{
    PVOID Found = NULL;

    KipQueueLock(Lock);
    for (PSINGLE_LIST_ENTRY Entry = Head->Next; Entry != NULL && Found == NULL;
         Entry = Entry->Next) {
        PKDPC Dpc = CONTAINING_RECORD(Entry, KDPC, DpcListEntry);
        if ((ULONG_PTR)Dpc >= Low && (ULONG_PTR)Dpc < High) {
            *What = 1;
            Found = Dpc;
        } else if ((ULONG_PTR)Dpc->DeferredRoutine >= Low &&
                   (ULONG_PTR)Dpc->DeferredRoutine < High) {
            *What = 2;
            Found = (PVOID)Dpc->DeferredRoutine;
        }
    }
    KipQueueUnlock(Lock);
    return Found;
}

PVOID KiFindQueuedDpcInRange(ULONG_PTR Low, ULONG_PTR High, PULONG What)
{
    PVOID Found = NULL;

    for (ULONG i = 0; i < KiProcessorCount && Found == NULL; i++) {
        Found = KipFindDpcInQueue(&KiProcessors[i].DpcLock, &KiProcessors[i].DpcHead, Low, High,
                                  What);
        if (Found == NULL)
            Found = KipFindDpcInQueue(&KipThreadedQueues[i].Lock, &KipThreadedQueues[i].Head,
                                      Low, High, What);
    }
    return Found;
}

/*
 * @implemented
 * <= APC_LEVEL. Runs Routine(Dpc, Context, SystemArgument1, SystemArgument2) as a DPC on
 * every processor at once, at DISPATCH_LEVEL (on the caller's processor by the caller, on
 * the others by their holders or DPC workers), and returns when every one of them has
 * called KeSignalCallDpcDone(SystemArgument1). Calls are serialized.
 */
__attribute__((noinline)) VOID NTAPI KeGenericCallDpc(PKDEFERRED_ROUTINE Routine, PVOID Context)
{
    KI_THREAD_STATE *Thread = &KiThreadState;
    PVOID Caller = __builtin_return_address(0);
    KIP_DPC_CALL Call;
    ULONG Count, Self;
    KIRQL OldIrql;

    if (Thread->Irql > APC_LEVEL) {
        KiBugCheck(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)Routine, Thread->Irql, 0,
                   (ULONG_PTR)Caller, Caller, "KeGenericCallDpc was called above APC_LEVEL.");
    }
    KeWaitForSingleObject(&KipGenericCallLock, Executive, KernelMode, FALSE, NULL);
    Count = KiProcessorCount;
    __atomic_store_n(&KipGenericCallDone, (LONG)Count, __ATOMIC_RELEASE);
    KipGenericCallBarrier.Total = (LONG)Count;
    __atomic_store_n(&KipGenericCallBarrier.Remaining, (LONG)Count, __ATOMIC_RELEASE);

    OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
    Self = Thread->Processor;
    for (ULONG i = 0; i < Count; i++) {
        PKDPC Dpc = &KipGenericCallDpcs[i];
        KeInitializeDpc(Dpc, Routine, Context);
        KeSetTargetProcessorDpc(Dpc, (CCHAR)i);
        KeSetImportanceDpc(Dpc, HighImportance);
        if (i != Self)
            KeInsertQueueDpc(Dpc, (PVOID)&KipGenericCallDone, (PVOID)&KipGenericCallBarrier);
    }
    Call.Dpc = &KipGenericCallDpcs[Self];
    Call.Routine = Routine;
    Call.Context = Context;
    Call.Argument1 = (PVOID)&KipGenericCallDone;
    Call.Argument2 = (PVOID)&KipGenericCallBarrier;
    KipRunDpc(Thread, &Call);
    for (ULONG spins = 0; __atomic_load_n(&KipGenericCallDone, __ATOMIC_ACQUIRE) != 0; spins++) {
        if (spins < 256)
            KiCpuRelax();
        else
            HostYieldProcessor();
    }
    KfLowerIrql(OldIrql);
    KeSetEvent(&KipGenericCallLock, 0, FALSE);
}

/* @implemented: DISPATCH_LEVEL, in a KeGenericCallDpc routine: this processor is done. */
VOID NTAPI KeSignalCallDpcDone(PVOID SystemArgument1)
{
    __atomic_sub_fetch((volatile LONG *)SystemArgument1, 1, __ATOMIC_ACQ_REL);
}

/*
 * @implemented
 * DISPATCH_LEVEL, in a KeGenericCallDpc routine. A barrier: waits until the routine on every
 * processor has reached it; TRUE on exactly one processor (the last to arrive), FALSE on
 * the others. It can be used any number of times in one call.
 */
LOGICAL NTAPI KeSignalCallDpcSynchronize(PVOID SystemArgument2)
{
    KIP_CALL_BARRIER *Barrier = (KIP_CALL_BARRIER *)SystemArgument2;
    LONG Generation = __atomic_load_n(&Barrier->Generation, __ATOMIC_ACQUIRE);

    if (__atomic_sub_fetch(&Barrier->Remaining, 1, __ATOMIC_ACQ_REL) == 0) {
        __atomic_store_n(&Barrier->Remaining, Barrier->Total, __ATOMIC_RELAXED);
        __atomic_store_n(&Barrier->Generation, Generation + 1, __ATOMIC_RELEASE);
        return TRUE;
    }
    for (ULONG spins = 0; __atomic_load_n(&Barrier->Generation, __ATOMIC_ACQUIRE) == Generation;
         spins++) {
        if (spins < 256)
            KiCpuRelax();
        else
            HostYieldProcessor();
    }
    return FALSE;
}

/*
 * @implemented
 * DISPATCH_LEVEL, in a DPC routine. The watchdog's limits and what is left of them for the
 * running DPC, in clock ticks (0 limit: that check is off). STATUS_UNSUCCESSFUL when no DPC
 * runs on the caller's processor (a threaded DPC at PASSIVE_LEVEL is not one).
 */
NTSTATUS NTAPI KeQueryDpcWatchdogInformation(PKDPC_WATCHDOG_INFORMATION WatchdogInformation)
{
    KI_THREAD_STATE *Thread = &KiThreadState;
    ULONG Single = __atomic_load_n(&KipDpcTimeLimit, __ATOMIC_RELAXED);
    ULONG Cumulative = __atomic_load_n(&KipDpcWatchdogLimit, __ATOMIC_RELAXED);
    KIP_WATCHDOG *Watch;
    ULONG Ticks, Held;

    if (!Thread->OwnsProcessor)
        return STATUS_UNSUCCESSFUL;
    Watch = &KipWatchdog[Thread->Processor];
    if (!(__atomic_load_n(&Watch->DpcSequence, __ATOMIC_ACQUIRE) & 1) ||
        __atomic_load_n(&Watch->DpcRunner, __ATOMIC_RELAXED) != Thread)
        return STATUS_UNSUCCESSFUL;
    Ticks = __atomic_load_n(&Watch->DpcTicks, __ATOMIC_RELAXED);
    Held = __atomic_load_n(&Watch->HeldTicks, __ATOMIC_RELAXED);
    WatchdogInformation->DpcTimeLimit = Single;
    WatchdogInformation->DpcTimeCount = Single ? (Ticks < Single ? Single - Ticks : 0) : 0;
    WatchdogInformation->DpcWatchdogLimit = Cumulative;
    WatchdogInformation->DpcWatchdogCount =
        Cumulative ? (Held < Cumulative ? Cumulative - Held : 0) : 0;
    WatchdogInformation->Reserved = 0;
    return STATUS_SUCCESS;
}
