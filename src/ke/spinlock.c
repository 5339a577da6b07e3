/*
 * PURPOSE: Spin locks: plain, at-DPC-level, for-DPC and in-stack queued forms.
 *
 * The lock word (KSPIN_LOCK, a ULONG_PTR) is 0 when free and (owning thread | 1) when held,
 * so kmode can tell a recursive acquisition (bugcheck 0xF SPIN_LOCK_ALREADY_OWNED: on
 * Windows the thread would spin forever) and a release by a thread that does not hold it
 * (0x10 SPIN_LOCK_NOT_OWNED). The queued forms use the same word; their queue handle only
 * remembers the lock and the old IRQL.
 */

/* INCLUDES ******************************************************************************/

#include <internal/ke.h>
#include <internal/kilocks.h>
#include <internal/vfhooks.h>
#include <internal/vfpool.h>

/* PRIVATE FUNCTIONS *********************************************************************/

static inline ULONG_PTR KipSpinLockOwnerValue(VOID)
{
    return (ULONG_PTR)&KiThreadState | 1;
}

/* VerifierCode: the verifier's 0xC4 subcode for a verified caller (0x32, 0x40, 0x41). */
static DECLSPEC_NORETURN VOID KipSpinLockWrongIrql(PKSPIN_LOCK SpinLock, PVOID Caller,
                                                   ULONG VerifierCode)
{
    VfIrqlViolation(VerifierCode, KiThreadState.Irql, (ULONG_PTR)SpinLock, 0, Caller);
    KiBugCheck(IRQL_NOT_GREATER_OR_EQUAL, KiThreadState.Irql, DISPATCH_LEVEL,
               (ULONG_PTR)SpinLock, (ULONG_PTR)Caller, Caller,
               "A spin lock routine that requires DISPATCH_LEVEL (...AtDpcLevel, ...FromDpcLevel) "
               "was called below DISPATCH_LEVEL.");
}

/* KipAcquire's compare-and-swap failed: the thread holds it already (0xF), or spin. */
static __attribute__((noinline)) VOID KipAcquireContended(PKSPIN_LOCK SpinLock, PVOID Caller)
{
    ULONG_PTR self = KipSpinLockOwnerValue();

    if (__atomic_load_n(SpinLock, __ATOMIC_RELAXED) == self) {
        KiBugCheck(SPIN_LOCK_ALREADY_OWNED, (ULONG_PTR)SpinLock, 0, 0, 0, Caller,
                   "The thread acquired a spin lock it already holds. On Windows it would "
                   "spin forever at DISPATCH_LEVEL.");
    }
    for (;;) {
        ULONG_PTR expected = 0;
        while (__atomic_load_n(SpinLock, __ATOMIC_RELAXED) != 0)
            KiCpuRelax();
        if (__atomic_compare_exchange_n(SpinLock, &expected, self, FALSE, __ATOMIC_ACQUIRE,
                                        __ATOMIC_RELAXED)) {
            KiTrackLockAcquired(KI_LOCK_SPIN_LOCK, SpinLock, Caller);
            return;
        }
    }
}

static __attribute__((noinline)) KIRQL KipAcquireContendedReturn(PKSPIN_LOCK SpinLock,
                                                                  PVOID Caller, KIRQL OldIrql)
{
    KipAcquireContended(SpinLock, Caller);
    return OldIrql;
}

static inline __attribute__((always_inline)) VOID KipAcquire(PKSPIN_LOCK SpinLock, PVOID Caller)
{
    ULONG_PTR expected = 0;

    if (__builtin_expect(__atomic_compare_exchange_n(SpinLock, &expected,
                                                     KipSpinLockOwnerValue(), FALSE,
                                                     __ATOMIC_ACQUIRE, __ATOMIC_RELAXED), 1)) {
        KiTrackLockAcquired(KI_LOCK_SPIN_LOCK, SpinLock, Caller);
        return;
    }
    KipAcquireContended(SpinLock, Caller);
}

static inline __attribute__((always_inline)) VOID KipRelease(PKSPIN_LOCK SpinLock, PVOID Caller)
{
    if (__atomic_load_n(SpinLock, __ATOMIC_RELAXED) != KipSpinLockOwnerValue()) {
        KiBugCheck(SPIN_LOCK_NOT_OWNED, (ULONG_PTR)SpinLock, *SpinLock, 0, 0, Caller,
                   "The thread released a spin lock it does not hold (never acquired, "
                   "released twice, or held by another thread).");
    }
    KiTrackLockReleased(SpinLock);
    __atomic_store_n(SpinLock, 0, __ATOMIC_RELEASE);
}

/* PUBLIC FUNCTIONS **********************************************************************/

/* @implemented: any IRQL. */
VOID NTAPI KeInitializeSpinLock(PKSPIN_LOCK SpinLock)
{
    VF_DEADLOCK_INITIALIZE(SpinLock);
    *SpinLock = 0;
}

/* KeAcquireSpinLockRaiseToDpc with the verifier's hooks and the IRQL checks. */
static __attribute__((noinline)) KIRQL KipAcquireSpinLockRaiseToDpcChecked(PKSPIN_LOCK SpinLock,
                                                                           PVOID Caller)
{
    KI_THREAD_STATE *Thread = &KiThreadState;
    KIRQL OldIrql = Thread->Irql;

    VF_DDI_RULE_AT(VF_DDI_IRQL_KE_DISPATCH_LTE, OldIrql > DISPATCH_LEVEL, Caller);
    VF_DDI_RULE_AT(VF_DDI_SPIN_LOCK, VfDdiSpinLockHeld(SpinLock), Caller);
    VF_DEADLOCK_ACQUIRE_AT(SpinLock, VF_LOCK_SPIN, Caller);
    if (OldIrql > DISPATCH_LEVEL) {
        VfIrqlViolation(0x42, OldIrql, (ULONG_PTR)SpinLock, 0, Caller);
        KfRaiseIrql(DISPATCH_LEVEL);        /* reports the misuse (bugcheck 0x9) */
    }
    if (OldIrql < DISPATCH_LEVEL) {
        KiAcquireProcessor(Thread);
        VF_FORCE_IRQL_TRIM(Caller);                         /* pages paged pool out */
    }
    Thread->Irql = DISPATCH_LEVEL;
    KipAcquire(SpinLock, Caller);
    return OldIrql;
}

/*
 * @implemented
 * <= DISPATCH_LEVEL. Raises to DISPATCH_LEVEL (claiming a virtual processor), then spins.
 * The common case (below DISPATCH_LEVEL, no driver verified) is inline: the processor's
 * token, the lock word, the held-lock record.
 */
__attribute__((noinline)) KIRQL NTAPI KeAcquireSpinLockRaiseToDpc(PKSPIN_LOCK SpinLock)
{
    KI_THREAD_STATE *Thread = &KiThreadState;
    KIRQL OldIrql = Thread->Irql;

    ULONG_PTR expected = 0;

    /* Anything else (first raise, processor taken, lock held, a verified driver) starts
       over in the complete path: nothing has been changed that it does not redo. */
    if (__builtin_expect(OldIrql < DISPATCH_LEVEL &&
                         __atomic_load_n(&VfGlobalFlags, __ATOMIC_RELAXED) == 0 &&
                         KiResumeParkedProcessor(Thread), 1)) {
        Thread->Irql = DISPATCH_LEVEL;
        if (__builtin_expect(__atomic_compare_exchange_n(SpinLock, &expected,
                                                         KipSpinLockOwnerValue(), FALSE,
                                                         __ATOMIC_ACQUIRE, __ATOMIC_RELAXED), 1)) {
            KiTrackLockAcquired(KI_LOCK_SPIN_LOCK, SpinLock, __builtin_return_address(0));
            return OldIrql;
        }
        return KipAcquireContendedReturn(SpinLock, __builtin_return_address(0), OldIrql);
    }
    return KipAcquireSpinLockRaiseToDpcChecked(SpinLock, __builtin_return_address(0));
}

/* KeReleaseSpinLock with the verifier's hooks and the IRQL checks. */
static __attribute__((noinline)) VOID KipReleaseSpinLockChecked(PKSPIN_LOCK SpinLock,
                                                                 KIRQL NewIrql, PVOID Caller)
{
    KI_THREAD_STATE *Thread = &KiThreadState;

    VF_DDI_RULE_AT(VF_DDI_IRQL_KE_RELEASE_SPIN_LOCK, Thread->Irql != DISPATCH_LEVEL, Caller);
    if (Thread->Irql < DISPATCH_LEVEL)
        KipSpinLockWrongIrql(SpinLock, Caller, 0x32);
    VF_DDI_RULE_AT(VF_DDI_SPIN_LOCK, __atomic_load_n(SpinLock, __ATOMIC_RELAXED) == 0, Caller);
    if (__builtin_expect(VfAnyDriver(VF_FLAG_DEADLOCK_DETECTION), 0))
        VfDeadlockRelease(SpinLock, VF_LOCK_SPIN, NewIrql, Caller);
    KipRelease(SpinLock, Caller);
    if (NewIrql > Thread->Irql)
        KfLowerIrql(NewIrql);               /* reports the misuse (bugcheck 0xA) */
    Thread->Irql = NewIrql;
    if (NewIrql < DISPATCH_LEVEL)
        KiReleaseProcessor(Thread);
}

/*
 * @implemented: DISPATCH_LEVEL. Releases, then lowers to NewIrql. The common case (at
 * DISPATCH_LEVEL, the lock held by this thread and its latest acquisition, back below
 * DISPATCH_LEVEL, no driver verified) is inline: the held-lock record, one store to the
 * lock word, the processor's pending-DPC check and two stores to park it.
 */
__attribute__((noinline)) VOID NTAPI KeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql)
{
    KI_THREAD_STATE *Thread = &KiThreadState;

    KI_PROCESSOR *Processor = &KiProcessors[Thread->Processor];
    KI_HELD_LOCKS *Held = &KiHeldLocks;
    ULONG n = Held->Count;

    /* Anything else (DPCs to run, a processor to free, a verified driver, a misuse) goes to
       the complete path, which starts over: nothing is changed before this test. */
    if (__builtin_expect(Thread->Irql == DISPATCH_LEVEL && NewIrql < DISPATCH_LEVEL &&
                         __atomic_load_n(&VfGlobalFlags, __ATOMIC_RELAXED) == 0 &&
                         __atomic_load_n(SpinLock, __ATOMIC_RELAXED) == KipSpinLockOwnerValue() &&
                         n - 1 < KI_HELD_LOCKS_MAX && Held->Locks[n - 1].Lock == SpinLock &&
                         KiProcessorParksOnRelease(Processor), 1)) {
        Held->Count = n - 1;
        __atomic_store_n(SpinLock, 0, __ATOMIC_RELEASE);
        Thread->Irql = NewIrql;
        KiParkProcessor(Thread, Processor);
        return;
    }
    KipReleaseSpinLockChecked(SpinLock, NewIrql, __builtin_return_address(0));
}

/* @implemented: >= DISPATCH_LEVEL. */
__attribute__((noinline)) VOID NTAPI KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock)
{
    VF_DDI_RULE(VF_DDI_IRQL_DISPATCH, KiThreadState.Irql != DISPATCH_LEVEL);
    VF_DEADLOCK_ACQUIRE(SpinLock, VF_LOCK_SPIN);
    if (KiThreadState.Irql < DISPATCH_LEVEL)
        KipSpinLockWrongIrql(SpinLock, __builtin_return_address(0), 0x40);
    KipAcquire(SpinLock, __builtin_return_address(0));
}

/* @implemented: >= DISPATCH_LEVEL. */
__attribute__((noinline)) VOID NTAPI KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock)
{
    VF_DDI_RULE(VF_DDI_IRQL_DISPATCH, KiThreadState.Irql != DISPATCH_LEVEL);
    VF_DEADLOCK_RELEASE(SpinLock, VF_LOCK_SPIN, DISPATCH_LEVEL);
    if (KiThreadState.Irql < DISPATCH_LEVEL)
        KipSpinLockWrongIrql(SpinLock, __builtin_return_address(0), 0x41);
    KipRelease(SpinLock, __builtin_return_address(0));
}

/* @implemented: >= DISPATCH_LEVEL. FALSE when the lock is held (by anyone, this thread too). */
__attribute__((noinline)) BOOLEAN FASTCALL KeTryToAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock)
{
    ULONG_PTR expected = 0;

    if (KiThreadState.Irql < DISPATCH_LEVEL)
        KipSpinLockWrongIrql(SpinLock, __builtin_return_address(0), 0x40);
    BOOLEAN Acquired = KiTrackLockAcquiredIf(
        __atomic_compare_exchange_n(SpinLock, &expected, KipSpinLockOwnerValue(), FALSE,
                                    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED),
        KI_LOCK_SPIN_LOCK, SpinLock, __builtin_return_address(0));
    if (Acquired)
        VF_DEADLOCK_ACQUIRE(SpinLock, VF_LOCK_SPIN);
    return Acquired;
}

/* @implemented: any IRQL. */
BOOLEAN FASTCALL KeTestSpinLock(PKSPIN_LOCK SpinLock)
{
    return __atomic_load_n(SpinLock, __ATOMIC_RELAXED) == 0;
}

/* @implemented: <= DISPATCH_LEVEL; raises only when below DISPATCH_LEVEL. */
__attribute__((noinline)) KIRQL NTAPI KeAcquireSpinLockForDpc(PKSPIN_LOCK SpinLock)
{
    KIRQL OldIrql = KiThreadState.Irql;

    VF_DEADLOCK_ACQUIRE(SpinLock, VF_LOCK_SPIN);
    if (OldIrql < DISPATCH_LEVEL)
        KfRaiseIrql(DISPATCH_LEVEL);
    KipAcquire(SpinLock, __builtin_return_address(0));
    return OldIrql;
}

__attribute__((noinline)) VOID NTAPI KeReleaseSpinLockForDpc(PKSPIN_LOCK SpinLock, KIRQL OldIrql)
{
    VF_DEADLOCK_RELEASE(SpinLock, VF_LOCK_SPIN, OldIrql);
    KipRelease(SpinLock, __builtin_return_address(0));
    if (OldIrql < DISPATCH_LEVEL)
        KfLowerIrql(OldIrql);
}

/* ---- In-stack queued spin locks ---- */

__attribute__((noinline)) VOID FASTCALL KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK SpinLock,
                                                                       PKLOCK_QUEUE_HANDLE LockHandle)
{
    VF_DDI_RULE(VF_DDI_IRQL_KE_DISPATCH_LTE, KiThreadState.Irql > DISPATCH_LEVEL);
    VF_DEADLOCK_ACQUIRE(SpinLock, VF_LOCK_SPIN);
    LockHandle->LockQueue.Next = NULL;
    LockHandle->LockQueue.Lock = SpinLock;
    LockHandle->OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
    if (LockHandle->OldIrql < DISPATCH_LEVEL)
        VF_FORCE_IRQL_TRIM(__builtin_return_address(0));
    KipAcquire(SpinLock, __builtin_return_address(0));
    KiTrackLockRetag(KI_LOCK_QUEUED_SPIN_LOCK, SpinLock, __builtin_return_address(0));
}

__attribute__((noinline)) VOID FASTCALL KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE LockHandle)
{
    VF_DEADLOCK_RELEASE(LockHandle->LockQueue.Lock, VF_LOCK_SPIN, LockHandle->OldIrql);
    if (KiThreadState.Irql < DISPATCH_LEVEL)
        KipSpinLockWrongIrql(LockHandle->LockQueue.Lock, __builtin_return_address(0), 0x32);
    KipRelease(LockHandle->LockQueue.Lock, __builtin_return_address(0));
    KfLowerIrql(LockHandle->OldIrql);
}

__attribute__((noinline)) VOID FASTCALL KeAcquireInStackQueuedSpinLockAtDpcLevel(
    PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle)
{
    VF_DDI_RULE(VF_DDI_IRQL_DISPATCH, KiThreadState.Irql != DISPATCH_LEVEL);
    VF_DEADLOCK_ACQUIRE(SpinLock, VF_LOCK_SPIN);
    if (KiThreadState.Irql < DISPATCH_LEVEL)
        KipSpinLockWrongIrql(SpinLock, __builtin_return_address(0), 0x40);
    LockHandle->LockQueue.Next = NULL;
    LockHandle->LockQueue.Lock = SpinLock;
    LockHandle->OldIrql = DISPATCH_LEVEL;
    KipAcquire(SpinLock, __builtin_return_address(0));
    KiTrackLockRetag(KI_LOCK_QUEUED_SPIN_LOCK, SpinLock, __builtin_return_address(0));
}

__attribute__((noinline)) VOID FASTCALL KeReleaseInStackQueuedSpinLockFromDpcLevel(
    PKLOCK_QUEUE_HANDLE LockHandle)
{
    VF_DDI_RULE(VF_DDI_IRQL_DISPATCH, KiThreadState.Irql != DISPATCH_LEVEL);
    VF_DEADLOCK_RELEASE(LockHandle->LockQueue.Lock, VF_LOCK_SPIN, DISPATCH_LEVEL);
    if (KiThreadState.Irql < DISPATCH_LEVEL)
        KipSpinLockWrongIrql(LockHandle->LockQueue.Lock, __builtin_return_address(0), 0x41);
    KipRelease(LockHandle->LockQueue.Lock, __builtin_return_address(0));
}

__attribute__((noinline)) VOID FASTCALL KeAcquireInStackQueuedSpinLockForDpc(
    PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle)
{
    VF_DEADLOCK_ACQUIRE(SpinLock, VF_LOCK_SPIN);
    LockHandle->LockQueue.Next = NULL;
    LockHandle->LockQueue.Lock = SpinLock;
    LockHandle->OldIrql = KeAcquireSpinLockForDpc(SpinLock);
    KiTrackLockRetag(KI_LOCK_QUEUED_SPIN_LOCK, SpinLock, __builtin_return_address(0));
}

__attribute__((noinline)) VOID FASTCALL KeReleaseInStackQueuedSpinLockForDpc(
    PKLOCK_QUEUE_HANDLE LockHandle)
{
    VF_DEADLOCK_RELEASE(LockHandle->LockQueue.Lock, VF_LOCK_SPIN, LockHandle->OldIrql);
    KeReleaseSpinLockForDpc(LockHandle->LockQueue.Lock, LockHandle->OldIrql);
}
