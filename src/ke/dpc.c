/*
 * PURPOSE: Deferred procedure calls.
 *
 * Each virtual processor has a FIFO of queued DPCs (src/ke/README.md describes the model).
 * DPCs of processor P run at DISPATCH_LEVEL by whoever holds P:
 *   - the thread holding P, when it lowers IRQL below DISPATCH_LEVEL (KiReleaseProcessor);
 *   - otherwise P's DPC worker, a host thread started the first time P gets a DPC, which
 *     sleeps until woken, claims P and drains its queue.
 * An untargeted DPC queued below DISPATCH_LEVEL is queued to a processor the caller claims
 * for the moment, and so runs before KeInsertQueueDpc returns, as a DPC interrupt would
 * preempt the caller on Windows.
 */

/* INCLUDES ******************************************************************************/

#include <stdlib.h>
#include <internal/ke.h>
#include <internal/host.h>
#include <internal/invoke.h>

/* GLOBALS *******************************************************************************/

#define KI_DPC_OBJECT_TYPE 19            /* DpcObject in the KOBJECTS enumeration */
#define KI_DPC_TARGETED(Dpc) ((Dpc)->Number >= MAXIMUM_PROCESSORS)

static HOST_CONDITION KiDpcWorkerWake[MAXIMUM_PROCESSORS];

/* PRIVATE FUNCTIONS *********************************************************************/

static inline VOID KipDpcLock(KI_PROCESSOR *Processor)
{
    while (__atomic_exchange_n(&Processor->DpcLock, 1, __ATOMIC_ACQUIRE))
        while (__atomic_load_n(&Processor->DpcLock, __ATOMIC_RELAXED))
            KiCpuRelax();
}

static inline VOID KipDpcUnlock(KI_PROCESSOR *Processor)
{
    __atomic_store_n(&Processor->DpcLock, 0, __ATOMIC_RELEASE);
}

/* What running one DPC needs, copied under the queue lock: once the DPC is off the queue
   it may be queued again (with other arguments) before its routine runs. */
typedef struct _KIP_DPC_CALL {
    PKDPC Dpc;
    PKDEFERRED_ROUTINE Routine;
    PVOID Context, Argument1, Argument2;
} KIP_DPC_CALL;

/* Takes the first queued DPC of Processor off its queue into Call; FALSE if none. */
static BOOLEAN KipDpcPop(KI_PROCESSOR *Processor, KIP_DPC_CALL *Call)
{
    PSINGLE_LIST_ENTRY Entry;
    PKDPC Dpc = NULL;

    KipDpcLock(Processor);
    Entry = Processor->DpcHead.Next;
    if (Entry) {
        Processor->DpcHead.Next = Entry->Next;
        if (!Entry->Next)
            Processor->DpcTail = &Processor->DpcHead;
        Dpc = CONTAINING_RECORD(Entry, KDPC, DpcListEntry);
        Call->Dpc = Dpc;
        Call->Routine = Dpc->DeferredRoutine;
        Call->Context = Dpc->DeferredContext;
        Call->Argument1 = Dpc->SystemArgument1;
        Call->Argument2 = Dpc->SystemArgument2;
        /* Dequeued: from here on the DPC can be queued again, even by its own routine. */
        __atomic_store_n(&Dpc->DpcData, NULL, __ATOMIC_RELEASE);
        __atomic_sub_fetch(&Processor->DpcCount, 1, __ATOMIC_SEQ_CST);
    }
    KipDpcUnlock(Processor);
    return Dpc != NULL;
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
        KI_THREAD_STATE *expected = NULL;

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

        /* Claim this processor; if someone else got it first, they drain its queue. */
        if (!__atomic_compare_exchange_n(&Processor->Owner, &expected, Thread, FALSE,
                                         __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
            continue;
        Thread->Processor = (USHORT)Number;
        Thread->OwnsProcessor = TRUE;
        Thread->Irql = DISPATCH_LEVEL;
        KiDrainDpcs(Thread);
        Thread->Irql = PASSIVE_LEVEL;
        KiReleaseProcessor(Thread);
    }
}

/* fork() keeps only the calling thread: the child has no DPC workers. */
static VOID KipDpcAfterFork(VOID)
{
    for (ULONG i = 0; i < MAXIMUM_PROCESSORS; i++) {
        KiProcessors[i].WorkerState = 0;
        HostConditionInitialize(&KiDpcWorkerWake[i]);
    }
}

__attribute__((constructor)) static void KipDpcInitialize(void)
{
    for (ULONG i = 0; i < MAXIMUM_PROCESSORS; i++) {
        KiProcessors[i].DpcTail = &KiProcessors[i].DpcHead;
        KiProcessors[i].WorkerWake = &KiDpcWorkerWake[i];
        HostConditionInitialize(&KiDpcWorkerWake[i]);
    }
    HostAtForkChild(KipDpcAfterFork);
}

/* Claims exactly processor Number for the current thread (spinning, then yielding). */
static VOID KipClaimProcessor(KI_THREAD_STATE *Thread, ULONG Number)
{
    for (ULONG spins = 0;; spins++) {
        KI_THREAD_STATE *expected = NULL;
        if (__atomic_compare_exchange_n(&KiProcessors[Number].Owner, &expected, Thread, FALSE,
                                        __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
            break;
        if (spins < 64)
            KiCpuRelax();
        else
            HostYieldProcessor();
    }
    Thread->Processor = (USHORT)Number;
    Thread->OwnsProcessor = TRUE;
}

/* PUBLIC FUNCTIONS **********************************************************************/

VOID KiDrainDpcs(KI_THREAD_STATE *Thread)
{
    KI_PROCESSOR *Processor = &KiProcessors[Thread->Processor];
    KIRQL Saved = Thread->Irql;
    KIP_DPC_CALL Call;

    Thread->Irql = DISPATCH_LEVEL;    /* DPCs run at DISPATCH_LEVEL */
    while (KipDpcPop(Processor, &Call)) {
        PKDEFERRED_ROUTINE Routine = Call.Routine;

        KiInvokeDeferredRoutine(Routine, Call.Dpc, Call.Context, Call.Argument1, Call.Argument2);
        if (Thread->Irql != DISPATCH_LEVEL) {
            KiBugCheck(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)Routine, Thread->Irql, 0,
                       (ULONG_PTR)Routine, (PVOID)((ULONG_PTR)Routine + 1),
                       "A DPC routine returned at an IRQL other than DISPATCH_LEVEL (it raised "
                       "or lowered IRQL without restoring it).");
        }
    }
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
        }
    }
    HostConditionLock(Wake);
    HostConditionBroadcast(Wake);
    HostConditionUnlock(Wake);
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

    KipDpcLock(Processor);
    if (Dpc->DpcData != NULL) {
        KipDpcUnlock(Processor);
        if (Raised)
            KfLowerIrql(OldIrql);
        return FALSE;
    }
    Dpc->SystemArgument1 = SystemArgument1;
    Dpc->SystemArgument2 = SystemArgument2;
    Dpc->DpcData = Processor;
    Dpc->ProcessorHistory |= (KAFFINITY)1 << Number;
    if (Dpc->Importance == HighImportance) {
        Dpc->DpcListEntry.Next = Processor->DpcHead.Next;
        Processor->DpcHead.Next = &Dpc->DpcListEntry;
        if (Processor->DpcTail == &Processor->DpcHead)
            Processor->DpcTail = &Dpc->DpcListEntry;
    } else {
        Dpc->DpcListEntry.Next = NULL;
        Processor->DpcTail->Next = &Dpc->DpcListEntry;
        Processor->DpcTail = &Dpc->DpcListEntry;
    }
    __atomic_add_fetch(&Processor->DpcCount, 1, __ATOMIC_SEQ_CST);
    KipDpcUnlock(Processor);

    if (Raised) {
        KfLowerIrql(OldIrql);             /* runs it */
    } else if (!(Thread->OwnsProcessor && Thread->Processor == Number)) {
        /* Another processor: its worker runs the DPC if nobody holds it; if somebody does,
           that thread runs it when it lowers IRQL, and the worker polls meanwhile in case
           the DPC arrived just after that thread looked. */
        KiWakeDpcWorker(Number);
    }
    return TRUE;
}

/*
 * @implemented
 * Any IRQL. Takes Dpc off its queue; FALSE if it was not queued (including when it is
 * already running).
 */
BOOLEAN NTAPI KeRemoveQueueDpc(PRKDPC Dpc)
{
    KI_PROCESSOR *Processor = (KI_PROCESSOR *)__atomic_load_n(&Dpc->DpcData, __ATOMIC_ACQUIRE);
    PSINGLE_LIST_ENTRY Prev;
    BOOLEAN Removed = FALSE;

    if (!Processor)
        return FALSE;
    KipDpcLock(Processor);
    if (Dpc->DpcData == Processor) {
        for (Prev = &Processor->DpcHead; Prev->Next; Prev = Prev->Next) {
            if (Prev->Next == &Dpc->DpcListEntry) {
                Prev->Next = Dpc->DpcListEntry.Next;
                if (Processor->DpcTail == &Dpc->DpcListEntry)
                    Processor->DpcTail = Prev;
                Dpc->DpcData = NULL;
                __atomic_sub_fetch(&Processor->DpcCount, 1, __ATOMIC_SEQ_CST);
                Removed = TRUE;
                break;
            }
        }
    }
    KipDpcUnlock(Processor);
    return Removed;
}

/*
 * @implemented
 * PASSIVE_LEVEL. Returns once every DPC queued on any processor when it was called has run:
 * it claims each processor in turn (waiting for its holder, whose running DPC finishes
 * first) and runs what is still queued there.
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
        KiReleaseProcessor(Thread);       /* runs what is queued there first */
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

/* The verifier's end-of-life check (src/include/internal/ke.h). */
PVOID KiFindQueuedDpcInRange(ULONG_PTR Low, ULONG_PTR High, PULONG What)
{
    PVOID Found = NULL;

    for (ULONG i = 0; i < KiProcessorCount && Found == NULL; i++) {
        KI_PROCESSOR *Processor = &KiProcessors[i];
        KipDpcLock(Processor);
        for (PSINGLE_LIST_ENTRY Entry = Processor->DpcHead.Next; Entry != NULL && Found == NULL;
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
        KipDpcUnlock(Processor);
    }
    return Found;
}
