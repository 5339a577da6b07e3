/*
 * PURPOSE: The dispatcher: waiting on dispatcher objects and waking waiters.
 *
 * One dispatcher lock (a bare test-and-set word, usable at any IRQL) guards every object's
 * SignalState and WaitListHead and every thread's wait fields. A thread that must wait links
 * one KWAIT_BLOCK per object into the objects' wait lists, drops the lock and sleeps on its
 * own host condition (KI_THREAD_STATE.WaitWake). Whoever changes an object's state calls
 * KiSignalObject under the lock: it walks the object's waiters, and for each whose wait can
 * now be satisfied (WaitAny: this object; WaitAll: all of its objects), applies the
 * satisfaction's side effects (a synchronization event resets, a semaphore counts down, a
 * mutex gets an owner), unlinks all of that thread's wait blocks and wakes it. A timed-out
 * waiter takes the lock and unlinks itself, unless a waker got there first.
 *
 * One exception to "under the lock": KiSetReferencedEvent sets a notification event nobody
 * waits on with a compare-exchange alone (the I/O manager's completion events). Such an event
 * says whether wait blocks are linked on it (DISPATCHER_HEADER.Signalling, written under the
 * lock). The setter sets the state, then reads that flag; a waiter sets the flag as it links,
 * then checks the state again: with sequentially consistent accesses on both sides one of
 * them sees the other, and a setter that sees a waiter takes the lock and wakes it. Lock
 * holders that reset such an event first satisfy the waiters a lock-free set left linked.
 */

/* INCLUDES ******************************************************************************/

#include <internal/ke.h>
#include <internal/vfhooks.h>
#include <internal/vfpool.h>
#include <internal/host.h>

/* GLOBALS *******************************************************************************/

static volatile LONG KiDispatcherLockWord;

/* Waits this thread satisfied while it held the dispatcher lock: their threads are woken
   when it releases the lock, so a woken waiter never has to wait for the lock again. */
static KI_TLS KI_THREAD_STATE *KipWakeList;

/* Tests only: runs under the lock between a wait's first check and the linking of its wait
   blocks (where a lock-free set can land). */
VOID (*KiWaitBeforeLinkTestHook)(PVOID const *Objects, ULONG Count);

/* Deadlines are in 100-ns units of the host's monotonic clock. */
static inline ULONG64 KipNow(VOID)
{
    return HostQueryMonotonicClock() / 100;
}

/* PRIVATE FUNCTIONS *********************************************************************/

VOID KiAcquireDispatcherLock(VOID)
{
    ULONG Spins = 0;

    while (__atomic_exchange_n(&KiDispatcherLockWord, 1, __ATOMIC_ACQUIRE)) {
        while (__atomic_load_n(&KiDispatcherLockWord, __ATOMIC_RELAXED)) {
            /* The holder may have lost its host CPU: give ours up rather than spin out the
               time slice (the hold times are short, so this is rare when the host is idle). */
            if (++Spins < 128)
                KiCpuRelax();
            else
                HostYieldProcessor();
        }
    }
}

VOID KiReleaseDispatcherLock(VOID)
{
    KI_THREAD_STATE *Wake = KipWakeList;

    KipWakeList = NULL;
    __atomic_store_n(&KiDispatcherLockWord, 0, __ATOMIC_RELEASE);
    while (Wake) {
        /* Read before the wake: once woken, the waiter may return and its thread end. */
        KI_THREAD_STATE *Next = Wake->WakeNext;
        HostConditionLock(&Wake->WaitWake);
        __atomic_store_n(&Wake->WaitDone, 1, __ATOMIC_RELEASE);
        HostConditionBroadcast(&Wake->WaitWake);
        HostConditionUnlock(&Wake->WaitWake);
        Wake = Next;
    }
}

/* Is Object signaled for Thread? (A mutex its owner holds counts as signaled for it.) */
static BOOLEAN KipIsSignaled(PDISPATCHER_HEADER Header, KI_THREAD_STATE *Thread)
{
    /* (Atomic: a notification event's state may change without the lock. Sequentially
       consistent, for the check after linking; a plain load on x86.) */
    LONG State = __atomic_load_n(&Header->SignalState, __ATOMIC_SEQ_CST);

    if (Header->Type == KI_MUTANT_OBJECT)
        return State > 0 || ((PKMUTANT)Header)->OwnerThread == Thread->Thread;
    return State > 0;
}

/* Keeps a notification event's "wait blocks linked" flag (see the top of this file) in step
   with its wait list. Lock held. */
static inline VOID KipNoteWaitList(PDISPATCHER_HEADER Header)
{
    if (Header->Type == KI_EVENT_NOTIFICATION_OBJECT)
        __atomic_store_n(&Header->Signalling, !IsListEmpty(&Header->WaitListHead),
                         __ATOMIC_SEQ_CST);
}

/* Applies what satisfying a wait on Object does to it. TRUE if it was an abandoned mutex. */
static BOOLEAN KipSatisfy(PDISPATCHER_HEADER Header, KI_THREAD_STATE *Thread)
{
    switch (Header->Type) {
    case KI_EVENT_SYNCHRONIZATION_OBJECT:
    case KI_TIMER_SYNCHRONIZATION_OBJECT:
        Header->SignalState = 0;
        return FALSE;
    case KI_SEMAPHORE_OBJECT:
        Header->SignalState--;
        return FALSE;
    case KI_MUTANT_OBJECT: {
        PKMUTANT Mutant = (PKMUTANT)Header;
        BOOLEAN Abandoned = FALSE;
        if (Mutant->OwnerThread != Thread->Thread) {
            Mutant->OwnerThread = Thread->Thread;
            /* The owner's list of held mutexes (checked when the thread exits). */
            InsertTailList(&Thread->Thread->MutantListHead, &Mutant->MutantListEntry);
            Abandoned = Mutant->Abandoned;
            Mutant->Abandoned = FALSE;
            if (Mutant->ApcDisable)
                Thread->KernelApcDisable--;   /* a kernel mutex holder runs in a critical region */
        }
        Header->SignalState--;
        return Abandoned;
    }
    default:
        return FALSE;   /* notification events and timers stay signaled */
    }
}

/*
 * Can Thread's wait on Objects be satisfied now? If so, satisfies it and returns the wait
 * status; otherwise returns STATUS_PENDING. Dispatcher lock held.
 */
static NTSTATUS KipTrySatisfy(KI_THREAD_STATE *Thread, ULONG Count, PVOID const *Objects,
                              WAIT_TYPE WaitType)
{
    if (WaitType == WaitAny) {
        for (ULONG i = 0; i < Count; i++) {
            PDISPATCHER_HEADER Header = (PDISPATCHER_HEADER)Objects[i];
            if (KipIsSignaled(Header, Thread))
                return KipSatisfy(Header, Thread) ? STATUS_ABANDONED_WAIT_0 + (NTSTATUS)i
                                                  : STATUS_WAIT_0 + (NTSTATUS)i;
        }
        return STATUS_PENDING;
    }
    for (ULONG i = 0; i < Count; i++)
        if (!KipIsSignaled((PDISPATCHER_HEADER)Objects[i], Thread))
            return STATUS_PENDING;
    BOOLEAN Abandoned = FALSE;
    for (ULONG i = 0; i < Count; i++)
        Abandoned |= KipSatisfy((PDISPATCHER_HEADER)Objects[i], Thread);
    return Abandoned ? STATUS_ABANDONED_WAIT_0 : STATUS_SUCCESS;
}

static VOID KipUnlinkWait(KI_THREAD_STATE *Thread)
{
    for (ULONG i = 0; i < Thread->WaitCount; i++) {
        RemoveEntryList(&Thread->WaitBlocks[i].WaitListEntry);
        KipNoteWaitList((PDISPATCHER_HEADER)Thread->WaitBlocks[i].Object);
    }
}

/* Ends Thread's wait with Status; it is woken when the dispatcher lock is released.
   Dispatcher lock held. */
static VOID KipCompleteWait(KI_THREAD_STATE *Thread, NTSTATUS Status)
{
    KipUnlinkWait(Thread);
    Thread->WaitStatus = Status;
    Thread->WaitSatisfied = TRUE;
    Thread->WaitAlertable = FALSE;
    Thread->WakeNext = KipWakeList;
    KipWakeList = Thread;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * Object's state changed toward signaled: satisfy as many of its waiters as it now can,
 * in the order they started waiting. Dispatcher lock held.
 */
VOID KiSignalObject(PDISPATCHER_HEADER Header)
{
    PLIST_ENTRY Entry = Header->WaitListHead.Flink;

    while (Entry != &Header->WaitListHead &&
           __atomic_load_n(&Header->SignalState, __ATOMIC_RELAXED) > 0) {
        PKWAIT_BLOCK Block = CONTAINING_RECORD(Entry, KWAIT_BLOCK, WaitListEntry);
        KI_THREAD_STATE *Waiter = Block->Thread->State;
        NTSTATUS Status;

        Entry = Entry->Flink;
        if (Block->WaitType == WaitAny) {
            Status = KipSatisfy(Header, Waiter) ? STATUS_ABANDONED_WAIT_0 + Block->WaitKey
                                                : STATUS_WAIT_0 + Block->WaitKey;
        } else {
            PVOID Objects[MAXIMUM_WAIT_OBJECTS];
            for (ULONG i = 0; i < Waiter->WaitCount; i++)
                Objects[i] = Waiter->WaitBlocks[i].Object;
            Status = KipTrySatisfy(Waiter, Waiter->WaitCount, Objects, WaitAll);
            if (Status == STATUS_PENDING)
                continue;
        }
        /* Unlinking may remove the next entry if it belongs to the same waiter (the same
           object twice in a WaitAny): restart from the head then. */
        KipCompleteWait(Waiter, Status);
        Entry = Header->WaitListHead.Flink;
    }
}

NTSTATUS KiWaitForObjects(ULONG Count, PVOID const *Objects, WAIT_TYPE WaitType,
                          PLARGE_INTEGER Timeout, PKWAIT_BLOCK WaitBlocks, PVOID Caller)
{
    return KiWaitForObjectsEx(Count, Objects, WaitType, KernelMode, FALSE, Timeout, WaitBlocks,
                              Caller);
}

NTSTATUS KiWaitForObjectsEx(ULONG Count, PVOID const *Objects, WAIT_TYPE WaitType,
                            KPROCESSOR_MODE WaitMode, BOOLEAN Alertable, PLARGE_INTEGER Timeout,
                            PKWAIT_BLOCK WaitBlocks, PVOID Caller)
{
    KI_THREAD_STATE *Thread = &KiThreadState;
    /* Only user-mode APCs exist (no kernel alerts): only an alertable UserMode wait can
       be interrupted. */
    BOOLEAN UserAlertable = Alertable && WaitMode == UserMode;
    ULONG64 Deadline = 0;
    BOOLEAN HasDeadline = FALSE;
    NTSTATUS Status;

    /* A verified caller gets the verifier's form (0xC4/0x120-0x122, src/verifier/vfirql.c). */
    if (__builtin_expect(Thread->Irql >= DISPATCH_LEVEL, 0) &&
        (Thread->Irql > DISPATCH_LEVEL || !Timeout || Timeout->QuadPart != 0))
        VfIrqlViolation(Thread->Irql > DISPATCH_LEVEL ? 0x120 : Timeout == NULL ? 0x121 : 0x122,
                        (ULONG_PTR)&Thread->Irql, (ULONG_PTR)Objects[0], (ULONG_PTR)Timeout,
                        Caller);
    if (Timeout && Timeout->QuadPart == 0) {
        /* A poll: allowed at any IRQL up to DISPATCH_LEVEL. */
    } else if (Thread->Irql >= DISPATCH_LEVEL) {
        KiBugCheck(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)Objects[0], Thread->Irql, 0,
                   (ULONG_PTR)Caller, Caller,
                   "A thread waited with a nonzero timeout at DISPATCH_LEVEL or above, where it "
                   "cannot be descheduled (on Windows: a wait in a DPC or under a spin lock).");
    }
    if (Timeout && Timeout->QuadPart != 0) {
        ULONG64 Now = KipNow();
        if (Timeout->QuadPart < 0) {
            Deadline = Now + (ULONG64)(-Timeout->QuadPart);
        } else {
            /* Absolute system time: measured against the wall clock now (a later change of
               the wall clock does not move the deadline). */
            LARGE_INTEGER SystemTime;
            ULONG64 SystemNow;
            KeQuerySystemTimePrecise(&SystemTime);
            SystemNow = (ULONG64)SystemTime.QuadPart;
            Deadline = (ULONG64)Timeout->QuadPart > SystemNow
                           ? Now + ((ULONG64)Timeout->QuadPart - SystemNow) : Now;
        }
        HasDeadline = TRUE;
    }
    /* The thread's identity (mutex ownership, wait blocks) exists before the lock is taken:
       adopting a host thread allocates. */
    (VOID)KiCurrentKThread();
    if (!Thread->WaitWakeReady) {
        HostConditionInitialize(&Thread->WaitWake);
        Thread->WaitWakeReady = TRUE;
    }

    KiAcquireDispatcherLock();
    Status = KipTrySatisfy(Thread, Count, Objects, WaitType);
    /* As NT: a satisfiable wait wins over a queued APC; the APC check comes before the
       timeout. */
    if (Status == STATUS_PENDING && UserAlertable && Thread->Thread->UserApcHead != NULL) {
        KiReleaseDispatcherLock();
        Thread->UserApcPending = TRUE;
        return STATUS_USER_APC;
    }
    if (Status != STATUS_PENDING || (Timeout && Timeout->QuadPart == 0) ||
        (HasDeadline && Deadline <= KipNow())) {
        KiReleaseDispatcherLock();
        return Status == STATUS_PENDING ? STATUS_TIMEOUT : Status;
    }
    if (__builtin_expect(KiWaitBeforeLinkTestHook != NULL, 0))
        KiWaitBeforeLinkTestHook(Objects, Count);
    for (ULONG i = 0; i < Count; i++) {
        PKWAIT_BLOCK Block = &WaitBlocks[i];
        Block->Thread = Thread->Thread;
        Block->Object = Objects[i];
        Block->WaitKey = (USHORT)i;
        Block->WaitType = (UCHAR)WaitType;
        Block->BlockState = 0;
        InsertTailList(&((PDISPATCHER_HEADER)Objects[i])->WaitListHead, &Block->WaitListEntry);
        KipNoteWaitList((PDISPATCHER_HEADER)Objects[i]);
    }
    Thread->WaitBlocks = WaitBlocks;
    Thread->WaitCount = Count;
    /* A lock-free set may have come between the check above and the linking: check again
       (the flag stores above and the state loads are sequentially consistent). */
    Status = KipTrySatisfy(Thread, Count, Objects, WaitType);
    if (Status != STATUS_PENDING) {
        KipUnlinkWait(Thread);
        KiReleaseDispatcherLock();
        return Status;
    }
    Thread->WaitType = (UCHAR)WaitType;
    Thread->WaitAlertable = UserAlertable;
    Thread->WaitSatisfied = FALSE;
    __atomic_store_n(&Thread->WaitDone, 0, __ATOMIC_RELAXED);
    KiReleaseDispatcherLock();

    /*
     * A waker sets WaitDone only after it has left the dispatcher lock (KiReleaseDispatcher-
     * Lock), so once WaitDone is seen nobody walks the object's wait list any more: the
     * waiter may return and free the object at once (an event on its stack, set by a
     * completion routine or a DPC), as on Windows, where the waiter cannot run before the
     * signaller leaves the dispatcher lock.
     */
    HostConditionLock(&Thread->WaitWake);
    while (!__atomic_load_n(&Thread->WaitDone, __ATOMIC_ACQUIRE)) {
        if (!HasDeadline) {
            HostConditionWait(&Thread->WaitWake);
        } else if (!HostConditionWaitUntil(&Thread->WaitWake, Deadline) &&
                   KipNow() >= Deadline) {
            break;
        }
    }
    HostConditionUnlock(&Thread->WaitWake);

    if (!__atomic_load_n(&Thread->WaitDone, __ATOMIC_ACQUIRE)) {
        /* Timed out: unlink ourselves, unless a waker got there first; then it is about to
           wake us (it touches our WaitWake), and we wait for that. */
        BOOLEAN TimedOut = FALSE;
        KiAcquireDispatcherLock();
        if (!Thread->WaitSatisfied) {
            KipUnlinkWait(Thread);
            Thread->WaitStatus = STATUS_TIMEOUT;
            Thread->WaitSatisfied = TRUE;
            Thread->WaitAlertable = FALSE;
            TimedOut = TRUE;
        }
        KiReleaseDispatcherLock();
        if (!TimedOut) {
            HostConditionLock(&Thread->WaitWake);
            while (!__atomic_load_n(&Thread->WaitDone, __ATOMIC_ACQUIRE))
                HostConditionWait(&Thread->WaitWake);
            HostConditionUnlock(&Thread->WaitWake);
        }
    }
    if (Thread->WaitStatus == STATUS_USER_APC)
        Thread->UserApcPending = TRUE;
    return Thread->WaitStatus;
}

BOOLEAN KiInsertUserApc(PKTHREAD Thread, PKI_USER_APC Apc)
{
    KI_THREAD_STATE *State;

    Apc->Next = NULL;
    KiAcquireDispatcherLock();
    if (Thread->Terminated) {
        KiReleaseDispatcherLock();
        return FALSE;
    }
    if (Thread->UserApcTail != NULL)
        Thread->UserApcTail->Next = Apc;
    else
        Thread->UserApcHead = Apc;
    Thread->UserApcTail = Apc;
    /* WaitSatisfied is only written under this lock, so a wait some other waker already
       completed is not completed twice. */
    State = Thread->State;
    if (State != NULL && State->WaitAlertable && !State->WaitSatisfied)
        KipCompleteWait(State, STATUS_USER_APC);
    KiReleaseDispatcherLock();
    return TRUE;
}

PKI_USER_APC KiRemoveUserApc(PKTHREAD Thread)
{
    PKI_USER_APC Apc;

    KiAcquireDispatcherLock();
    Apc = Thread->UserApcHead;
    if (Apc != NULL) {
        Thread->UserApcHead = Apc->Next;
        if (Thread->UserApcHead == NULL)
            Thread->UserApcTail = NULL;
        Apc->Next = NULL;
    }
    KiReleaseDispatcherLock();
    return Apc;
}

VOID KiFlushUserApcs(PKTHREAD Thread)
{
    PKI_USER_APC Apc;

    while ((Apc = KiRemoveUserApc(Thread)) != NULL)
        ExFreePoolWithTag(Apc, KI_USER_APC_TAG);
}

/*
 * @implemented
 * <= APC_LEVEL; DISPATCH_LEVEL with a zero timeout. See KeWaitForMultipleObjects.
 */
__attribute__((noinline)) NTSTATUS NTAPI KeWaitForSingleObject(PVOID Object, KWAIT_REASON WaitReason,
                                                               KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
                                                               PLARGE_INTEGER Timeout)
{
    PVOID Objects[1] = { Object };
    NTSTATUS Status;
    UNREFERENCED_PARAMETER(WaitReason);
    Status = KiWaitForObjectsEx(1, Objects, WaitAny, WaitMode, Alertable, Timeout,
                                KiThreadState.WaitBlock, __builtin_return_address(0));
    if (__builtin_expect(VfAnyDriver(VF_FLAG_DEADLOCK_DETECTION), 0))
        VfDeadlockWaitDone(Object, Status, __builtin_return_address(0));   /* a KMUTEX */
    return Status;
}

/*
 * @implemented
 * Up to THREAD_WAIT_OBJECTS objects can use the thread's built-in wait blocks; more need
 * WaitBlockArray (else bugcheck 0xC MAXIMUM_WAIT_OBJECTS_EXCEEDED), and more than
 * MAXIMUM_WAIT_OBJECTS are always 0xC.
 */
__attribute__((noinline)) NTSTATUS NTAPI KeWaitForMultipleObjects(
    ULONG Count, PVOID Object[], WAIT_TYPE WaitType, KWAIT_REASON WaitReason,
    KPROCESSOR_MODE WaitMode, BOOLEAN Alertable, PLARGE_INTEGER Timeout,
    PKWAIT_BLOCK WaitBlockArray)
{
    PVOID Caller = __builtin_return_address(0);
    UNREFERENCED_PARAMETER(WaitReason);

    if (Count == 0 || (WaitType != WaitAny && WaitType != WaitAll))
        return STATUS_INVALID_PARAMETER;
    if (Count > MAXIMUM_WAIT_OBJECTS || (Count > THREAD_WAIT_OBJECTS && !WaitBlockArray)) {
        KiBugCheck(MAXIMUM_WAIT_OBJECTS_EXCEEDED, Count, (ULONG_PTR)WaitBlockArray, 0, 0, Caller,
                   "KeWaitForMultipleObjects was given more objects than THREAD_WAIT_OBJECTS "
                   "without a WaitBlockArray, or more than MAXIMUM_WAIT_OBJECTS.");
    }
    NTSTATUS Status = KiWaitForObjectsEx(Count, Object, WaitType, WaitMode, Alertable, Timeout,
                                         WaitBlockArray ? WaitBlockArray : KiThreadState.WaitBlock,
                                         Caller);
    if (__builtin_expect(VfAnyDriver(VF_FLAG_DEADLOCK_DETECTION), 0))
        VfDeadlockMultipleWaitDone(Count, Object, WaitType, Status, Caller);   /* KMUTEXes */
    return Status;
}

/*
 * @implemented
 * <= APC_LEVEL. Sleeps for Interval (negative: relative, positive: absolute system time).
 * STATUS_SUCCESS; STATUS_USER_APC when an alertable UserMode delay is ended by a user APC
 * (kmode has no kernel alerts: KernelMode alertable waits are not interrupted).
 */
__attribute__((noinline)) NTSTATUS NTAPI KeDelayExecutionThread(KPROCESSOR_MODE WaitMode,
                                                                BOOLEAN Alertable,
                                                                PLARGE_INTEGER Interval)
{
    KEVENT Never;
    PVOID Objects[1] = { &Never };
    PVOID Caller = __builtin_return_address(0);
    NTSTATUS Status;

    VF_DDI_RULE_AT(VF_DDI_IRQL_KE_APC_LTE1, KiThreadState.Irql > APC_LEVEL, Caller);
    if (KiThreadState.Irql > APC_LEVEL) {
        KiBugCheck(IRQL_NOT_LESS_OR_EQUAL, 0, KiThreadState.Irql, 0, (ULONG_PTR)Caller, Caller,
                   "KeDelayExecutionThread was called above APC_LEVEL.");
    }
    KeInitializeEvent(&Never, NotificationEvent, FALSE);
    if (Interval->QuadPart == 0 && !(Alertable && WaitMode == UserMode))
        return STATUS_SUCCESS;
    Status = KiWaitForObjectsEx(1, Objects, WaitAny, WaitMode, Alertable, Interval,
                                KiThreadState.WaitBlock, Caller);
    return Status == STATUS_USER_APC ? STATUS_USER_APC : STATUS_SUCCESS;
}
