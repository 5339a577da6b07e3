/*
 * PURPOSE: System worker threads: ExQueueWorkItem.
 *
 * Each queue type has its own FIFO of WORK_QUEUE_ITEMs and its own pool of system threads,
 * started on demand: when an item is queued and every worker of the queue is busy, another
 * one starts, up to EXP_MAX_WORKERS (so a work item that waits for another work item of the
 * same queue does not deadlock, as Windows' pools grow too). Idle workers wait on the queue's
 * semaphore (one count per queued item) and never exit. Items are taken in queue order;
 * with several workers they may run concurrently. Worker priorities are recorded only.
 */

/* INCLUDES ******************************************************************************/

#include <internal/ps.h>
#include <internal/host.h>
#include <internal/invoke.h>
#include <internal/vfpool.h>

/* GLOBALS *******************************************************************************/

#define EXP_MAX_WORKERS 16

typedef struct _EXP_WORK_QUEUE {
    KSPIN_LOCK Lock;          /* guards List and the counts */
    LIST_ENTRY List;
    KSEMAPHORE Pending;       /* one count per queued item */
    ULONG Queued;             /* items in List */
    ULONG Waiting;            /* workers waiting for an item */
    ULONG Threads;            /* workers started */
    ULONG Limit;
    KPRIORITY Priority;
} EXP_WORK_QUEUE;

static EXP_WORK_QUEUE ExpWorkQueues[MaximumWorkQueue];

/* Windows' worker priorities per queue type (Critical, Delayed, HyperCritical, Normal,
   Background, RealTime, SuperCritical). */
static const KPRIORITY ExpQueuePriority[MaximumWorkQueue] = { 13, 12, 15, 8, 7, 18, 14 };

/* PRIVATE FUNCTIONS *********************************************************************/

/*
 * In a fork()ed child only the forking thread exists: no worker is left, and the queues'
 * semaphores may list waits of threads that are gone. Items still queued stay queued; the
 * next ExQueueWorkItem of their queue starts a worker, which runs them first.
 */
static VOID ExpWorkQueuesAfterFork(VOID)
{
    for (ULONG i = 0; i < MaximumWorkQueue; i++) {
        EXP_WORK_QUEUE *Queue = &ExpWorkQueues[i];
        KeInitializeSpinLock(&Queue->Lock);
        KeInitializeSemaphore(&Queue->Pending, (LONG)Queue->Queued, MAXLONG);
        Queue->Waiting = 0;
        Queue->Threads = 0;
    }
}

__attribute__((constructor)) static VOID ExpInitializeWorkQueues(VOID)
{
    for (ULONG i = 0; i < MaximumWorkQueue; i++) {
        KeInitializeSpinLock(&ExpWorkQueues[i].Lock);
        InitializeListHead(&ExpWorkQueues[i].List);
        KeInitializeSemaphore(&ExpWorkQueues[i].Pending, 0, MAXLONG);
        ExpWorkQueues[i].Limit = EXP_MAX_WORKERS;
        ExpWorkQueues[i].Priority = ExpQueuePriority[i];
    }
    HostAtForkChild(ExpWorkQueuesAfterFork);
}

/*
 * After each work item: the worker routine must return at PASSIVE_LEVEL (else 0xE1
 * WORKER_THREAD_RETURNED_AT_BAD_IRQL), with APCs enabled again (else 0x1 APC_INDEX_MISMATCH,
 * call type 1: worker routine) and no kernel mutex still owned (else 0x39
 * SYSTEM_EXIT_OWNED_MUTEX). A mutex held also leaves the APC count off, so 0x1 comes first.
 */
static VOID ExpCheckWorkerReturn(PWORKER_THREAD_ROUTINE Routine, PVOID Parameter,
                                 PWORK_QUEUE_ITEM Item)
{
    KI_THREAD_STATE *State = &KiThreadState;

    if (State->Irql != PASSIVE_LEVEL) {
        KiBugCheckAtFault(WORKER_THREAD_RETURNED_AT_BAD_IRQL, (ULONG_PTR)Routine, State->Irql,
                          (ULONG_PTR)Parameter, (ULONG_PTR)Item, (PVOID)Routine,
                          "A work item's routine returned with its IRQL raised.");
    }
    if (State->KernelApcDisable != 0 || State->SpecialApcDisable != 0) {
        ULONG Combined = ((ULONG)(USHORT)State->SpecialApcDisable << 16) |
                         (USHORT)State->KernelApcDisable;
        KiBugCheckAtFault(APC_INDEX_MISMATCH, (ULONG_PTR)Routine, 0, Combined, 1,
                          (PVOID)Routine,
                          "A work item's routine returned inside a critical or guarded region "
                          "(or holding a kernel mutex).");
    }
    if (!IsListEmpty(&State->Thread->MutantListHead)) {
        KiBugCheckAtFault(SYSTEM_EXIT_OWNED_MUTEX, (ULONG_PTR)Routine, (ULONG_PTR)Parameter,
                          (ULONG_PTR)Item, 0, (PVOID)Routine,
                          "A work item's routine returned while it owned a kernel mutex.");
    }
}

static VOID NTAPI ExpWorkerThread(PVOID Context)
{
    EXP_WORK_QUEUE *Queue = Context;
    PETHREAD Self = PsGetCurrentThread();
    KIRQL OldIrql;

    Self->WorkerThread = TRUE;
    for (;;) {
        PWORK_QUEUE_ITEM Item;
        PWORKER_THREAD_ROUTINE Routine;
        PVOID Parameter;
        LONG Activity;

        KeAcquireSpinLock(&Queue->Lock, &OldIrql);
        Queue->Waiting++;
        KeReleaseSpinLock(&Queue->Lock, OldIrql);
        KeWaitForSingleObject(&Queue->Pending, Executive, KernelMode, FALSE, NULL);
        KeAcquireSpinLock(&Queue->Lock, &OldIrql);
        Queue->Waiting--;
        Queue->Queued--;
        Item = CONTAINING_RECORD(RemoveHeadList(&Queue->List), WORK_QUEUE_ITEM, List);
        KeReleaseSpinLock(&Queue->Lock, OldIrql);

        Routine = Item->WorkerRoutine;
        Parameter = Item->Parameter;
        /* From here on the item is the routine's: it may queue it again or free it. */
        Item->List.Flink = NULL;
        Activity = VfActivityEnter(VF_ACTIVITY_WORK_ITEM, (PVOID)Routine, Item);
        KiInvokeWorkerRoutine(Routine, Parameter);
        VfActivityLeave(Activity);
        ExpCheckWorkerReturn(Routine, Parameter, Item);
    }
}

/* PUBLIC FUNCTIONS (internal) ***********************************************************/

PWORK_QUEUE_ITEM ExpFindQueuedWorkItem(ULONG_PTR Low, ULONG_PTR High)
{
    PWORK_QUEUE_ITEM Found = NULL;
    KIRQL OldIrql;

    for (ULONG i = 0; i < MaximumWorkQueue && Found == NULL; i++) {
        EXP_WORK_QUEUE *Queue = &ExpWorkQueues[i];
        KeAcquireSpinLock(&Queue->Lock, &OldIrql);
        for (PLIST_ENTRY Entry = Queue->List.Flink; Entry != &Queue->List; Entry = Entry->Flink) {
            PWORK_QUEUE_ITEM Item = CONTAINING_RECORD(Entry, WORK_QUEUE_ITEM, List);
            if (((ULONG_PTR)Item >= Low && (ULONG_PTR)Item < High) ||
                ((ULONG_PTR)Item->WorkerRoutine >= Low && (ULONG_PTR)Item->WorkerRoutine < High)) {
                Found = Item;
                break;
            }
        }
        KeReleaseSpinLock(&Queue->Lock, OldIrql);
    }
    return Found;
}

VOID ExpSetWorkerLimitForTest(WORK_QUEUE_TYPE QueueType, ULONG Limit)
{
    ExpWorkQueues[QueueType].Limit = Limit < 1 ? 1 : Limit;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * <= DISPATCH_LEVEL. Queues WorkItem (set up with ExInitializeWorkItem) to QueueType's system
 * worker threads; its routine runs at PASSIVE_LEVEL, in the System process. The item must
 * stay valid until its routine starts. Queuing an item that is already queued (List.Flink
 * not NULL) is bugcheck 0xE4 WORKER_INVALID (1, item, routine, 0); a QueueType that is not
 * one of the WORK_QUEUE_TYPE queues (Critical .. SuperCritical) is 0xE4 (2, item, type, 0),
 * kmode's parameters.
 */
__attribute__((noinline)) VOID NTAPI ExQueueWorkItem(PWORK_QUEUE_ITEM WorkItem,
                                                     WORK_QUEUE_TYPE QueueType)
{
    EXP_WORK_QUEUE *Queue;
    BOOLEAN Start = FALSE;
    KIRQL OldIrql;

    if ((ULONG)QueueType >= MaximumWorkQueue) {
        KiBugCheck(WORKER_INVALID, 2, (ULONG_PTR)WorkItem, (ULONG_PTR)QueueType, 0,
                   __builtin_return_address(0),
                   "ExQueueWorkItem was given a QueueType that names no work queue.");
    }
    if (WorkItem->List.Flink != NULL) {
        KiBugCheck(WORKER_INVALID, 1, (ULONG_PTR)WorkItem, (ULONG_PTR)WorkItem->WorkerRoutine,
                   0, __builtin_return_address(0),
                   "ExQueueWorkItem was given a work item that is already queued (or was "
                   "not initialized with ExInitializeWorkItem).");
    }
    Queue = &ExpWorkQueues[QueueType];
    KeAcquireSpinLock(&Queue->Lock, &OldIrql);
    InsertTailList(&Queue->List, &WorkItem->List);
    Queue->Queued++;
    if (Queue->Queued > Queue->Waiting && Queue->Threads < Queue->Limit) {
        Queue->Threads++;
        Start = TRUE;
    }
    KeReleaseSpinLock(&Queue->Lock, OldIrql);
    KeReleaseSemaphore(&Queue->Pending, IO_NO_INCREMENT, 1, FALSE);

    if (Start) {
        PETHREAD Thread;
        NTSTATUS Status = PspCreateSystemThread(NULL, THREAD_ALL_ACCESS, NULL, ExpWorkerThread,
                                                Queue, Queue->Priority, &Thread);
        if (!NT_SUCCESS(Status)) {
            KiBugCheck(MUST_SUCCEED_POOL_EMPTY, sizeof(ETHREAD), (ULONG_PTR)Status, 0, 0,
                       __builtin_return_address(0),
                       "kmode could not start a system worker thread.");
        }
        ObDereferenceObject(Thread);
    }
}
