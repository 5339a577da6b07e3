/*
 * PURPOSE: Events, semaphores and kernel mutexes (the dispatcher objects drivers own).
 * Waiting is in src/ke/wait.c.
 */

/* INCLUDES ******************************************************************************/

#include <internal/ke.h>
#include <internal/vfhooks.h>

/* PRIVATE FUNCTIONS *********************************************************************/

static VOID KipInitializeHeader(PDISPATCHER_HEADER Header, UCHAR Type, UCHAR Size, LONG State)
{
    Header->Lock = 0;
    Header->Type = Type;
    Header->Size = Size;
    Header->SignalState = State;
    InitializeListHead(&Header->WaitListHead);
}

/* PUBLIC FUNCTIONS **********************************************************************/

/* @implemented: any IRQL. */
VOID NTAPI KeInitializeEvent(PRKEVENT Event, EVENT_TYPE Type, BOOLEAN State)
{
    KipInitializeHeader(&Event->Header,
                        Type == SynchronizationEvent ? KI_EVENT_SYNCHRONIZATION_OBJECT
                                                     : KI_EVENT_NOTIFICATION_OBJECT,
                        sizeof(KEVENT) / sizeof(LONG), State ? 1 : 0);
}

/*
 * @implemented
 * <= DISPATCH_LEVEL. Signals the event and satisfies waiters (all of them for a
 * notification event, one for a synchronization event). Returns the previous state.
 * Wait = TRUE promises an immediate wait; kmode keeps no lock across that gap.
 */
LONG NTAPI KeSetEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait)
{
    LONG Previous;
    UNREFERENCED_PARAMETER(Increment);
    UNREFERENCED_PARAMETER(Wait);

    VF_DDI_RULE(VF_DDI_IRQL_KE_SET_EVENT,
                KeGetCurrentIrql() > (Wait ? APC_LEVEL : DISPATCH_LEVEL));
    KiAcquireDispatcherLock();
    Previous = __atomic_load_n(&Event->Header.SignalState, __ATOMIC_RELAXED);
    if (Previous == 0)
        __atomic_store_n(&Event->Header.SignalState, 1, __ATOMIC_RELAXED);
    /* (Also when it was set: a lock-free set may not have woken its waiters yet.) */
    KiSignalObject(&Event->Header);
    KiReleaseDispatcherLock();
    return Previous;
}

VOID KiSetReferencedEvent(PKEVENT Event)
{
    PDISPATCHER_HEADER Header = &Event->Header;
    LONG Expected = 0;

    if (Header->Type == KI_EVENT_NOTIFICATION_OBJECT &&
        !__atomic_load_n(&Header->Signalling, __ATOMIC_RELAXED) &&
        __atomic_compare_exchange_n(&Header->SignalState, &Expected, 1, FALSE, __ATOMIC_SEQ_CST,
                                    __ATOMIC_RELAXED)) {
        /* Set. A waiter that linked itself meanwhile either sees the state when it checks
           again after linking, or is seen here (both sides are sequentially consistent). */
        if (!__atomic_load_n(&Header->Signalling, __ATOMIC_SEQ_CST))
            return;
        KiAcquireDispatcherLock();
        /* A KeClearEvent (a plain store, as on Windows) may have come in between: the set
           then counts as coming after it, rather than leave the waiter asleep. */
        __atomic_store_n(&Header->SignalState, 1, __ATOMIC_RELAXED);
        KiSignalObject(Header);
        KiReleaseDispatcherLock();
        return;
    }
    (VOID)KeSetEvent(Event, IO_NO_INCREMENT, FALSE);
}

/* @implemented: <= DISPATCH_LEVEL. Returns the previous state. */
LONG NTAPI KeResetEvent(PRKEVENT Event)
{
    LONG Previous;

    KiAcquireDispatcherLock();
    KiSignalObject(&Event->Header);   /* waiters a lock-free set has not woken yet */
    Previous = __atomic_exchange_n(&Event->Header.SignalState, 0, __ATOMIC_RELAXED);
    KiReleaseDispatcherLock();
    return Previous;
}

/* @implemented: <= DISPATCH_LEVEL. */
VOID NTAPI KeClearEvent(PRKEVENT Event)
{
    __atomic_store_n(&Event->Header.SignalState, 0, __ATOMIC_RELEASE);
}

/* @implemented: any IRQL. */
LONG NTAPI KeReadStateEvent(PRKEVENT Event)
{
    return __atomic_load_n(&Event->Header.SignalState, __ATOMIC_ACQUIRE);
}

/*
 * @implemented
 * <= DISPATCH_LEVEL. Sets the event (satisfying the waiters it can) and resets it, as one
 * step. Returns the previous state.
 */
LONG NTAPI KePulseEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait)
{
    LONG Previous;
    UNREFERENCED_PARAMETER(Increment);
    UNREFERENCED_PARAMETER(Wait);

    KiAcquireDispatcherLock();
    KiSignalObject(&Event->Header);   /* waiters a lock-free set has not woken yet */
    Previous = __atomic_exchange_n(&Event->Header.SignalState, 1, __ATOMIC_RELAXED);
    KiSignalObject(&Event->Header);
    __atomic_store_n(&Event->Header.SignalState, 0, __ATOMIC_RELAXED);
    KiReleaseDispatcherLock();
    return Previous;
}

/* @implemented: any IRQL. */
VOID NTAPI KeInitializeSemaphore(PRKSEMAPHORE Semaphore, LONG Count, LONG Limit)
{
    KipInitializeHeader(&Semaphore->Header, KI_SEMAPHORE_OBJECT,
                        sizeof(KSEMAPHORE) / sizeof(LONG), Count);
    Semaphore->Limit = Limit;
}

/*
 * @implemented
 * <= DISPATCH_LEVEL. Adds Adjustment to the count; going past the limit (or overflowing)
 * raises STATUS_SEMAPHORE_LIMIT_EXCEEDED and changes nothing. Returns the previous count.
 */
LONG NTAPI KeReleaseSemaphore(PRKSEMAPHORE Semaphore, KPRIORITY Increment, LONG Adjustment,
                              BOOLEAN Wait)
{
    LONG Previous;
    UNREFERENCED_PARAMETER(Increment);
    UNREFERENCED_PARAMETER(Wait);

    KiAcquireDispatcherLock();
    Previous = Semaphore->Header.SignalState;
    if (Adjustment <= 0 || Previous > Semaphore->Limit - Adjustment) {
        KiReleaseDispatcherLock();
        ExRaiseStatus(STATUS_SEMAPHORE_LIMIT_EXCEEDED);
    }
    Semaphore->Header.SignalState = Previous + Adjustment;
    if (Previous == 0)
        KiSignalObject(&Semaphore->Header);
    KiReleaseDispatcherLock();
    return Previous;
}

/* @implemented: any IRQL. */
LONG NTAPI KeReadStateSemaphore(PRKSEMAPHORE Semaphore)
{
    return __atomic_load_n(&Semaphore->Header.SignalState, __ATOMIC_ACQUIRE);
}

/* @implemented: any IRQL. A kernel mutex: free (state 1), owner-recursive, and its owner
   runs in a critical region while it holds it. */
VOID NTAPI KeInitializeMutex(PRKMUTEX Mutex, ULONG Level)
{
    UNREFERENCED_PARAMETER(Level);
    VF_DEADLOCK_INITIALIZE(Mutex);
    KipInitializeHeader(&Mutex->Header, KI_MUTANT_OBJECT, sizeof(KMUTEX) / sizeof(LONG), 1);
    Mutex->OwnerThread = NULL;
    Mutex->Abandoned = FALSE;
    Mutex->ApcDisable = 1;
    InitializeListHead(&Mutex->MutantListEntry);
}

/*
 * @implemented
 * <= DISPATCH_LEVEL. Releases one level of ownership; the last one frees the mutex and
 * hands it to a waiter. A thread that does not own the mutex releasing it is bugcheck
 * 0x11 THREAD_NOT_MUTEX_OWNER. Returns the previous state.
 */
__attribute__((noinline)) LONG NTAPI KeReleaseMutex(PRKMUTEX Mutex, BOOLEAN Wait)
{
    KI_THREAD_STATE *Thread = &KiThreadState;
    PKTHREAD Self = KiCurrentKThread();
    LONG Previous;
    UNREFERENCED_PARAMETER(Wait);

    VF_DEADLOCK_RELEASE(Mutex, VF_LOCK_MUTEX, HIGH_LEVEL);
    KiAcquireDispatcherLock();
    Previous = Mutex->Header.SignalState;
    if (Mutex->OwnerThread != Self) {
        KiReleaseDispatcherLock();
        KiBugCheck(THREAD_NOT_MUTEX_OWNER, (ULONG_PTR)Self, (ULONG_PTR)Mutex,
                   (ULONG_PTR)Mutex->OwnerThread, 0, __builtin_return_address(0),
                   "KeReleaseMutex was called by a thread that does not own the mutex.");
    }
    Mutex->Header.SignalState = Previous + 1;
    if (Mutex->Header.SignalState == 1) {
        Mutex->OwnerThread = NULL;
        RemoveEntryList(&Mutex->MutantListEntry);
        InitializeListHead(&Mutex->MutantListEntry);
        if (Mutex->ApcDisable)
            Thread->KernelApcDisable++;
        KiSignalObject(&Mutex->Header);
    }
    KiReleaseDispatcherLock();
    return Previous;
}

/* @implemented: any IRQL. */
LONG NTAPI KeReadStateMutex(PRKMUTEX Mutex)
{
    return __atomic_load_n(&Mutex->Header.SignalState, __ATOMIC_ACQUIRE);
}
