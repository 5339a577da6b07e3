/*
 * PURPOSE: Fast mutexes and guarded mutexes (one object since Windows 8).
 *
 * Count is 1 when the mutex is free; each acquirer decrements it and owns the mutex when
 * the result is 0, otherwise it waits on the mutex's synchronization event. Each releaser
 * increments it, and when the result shows waiters (not 1) sets the event, handing the
 * mutex to exactly one of them. At most one hand-off is ever pending (the next release can
 * only come from the thread that took it), so the event never loses a signal.
 */

/* INCLUDES ******************************************************************************/

#include "exsyncp.h"
#include <internal/kilocks.h>
#include <internal/vfhooks.h>
#include <internal/vfpool.h>

/* PRIVATE FUNCTIONS *********************************************************************/

FORCEINLINE VOID ExpInitializeMutex(PFAST_MUTEX Mutex)
{
    VF_DEADLOCK_INITIALIZE(Mutex);
    Mutex->Count = 1;
    Mutex->Owner = NULL;
    Mutex->Contention = 0;
    Mutex->OldIrql = 0;
    KeInitializeEvent(&Mutex->Event, SynchronizationEvent, FALSE);
}

FORCEINLINE ERESOURCE_THREAD ExpMutexOwner(PFAST_MUTEX Mutex)
{
    return (ERESOURCE_THREAD)__atomic_load_n(&Mutex->Owner, __ATOMIC_RELAXED);
}

static VOID ExpAcquireMutex(PFAST_MUTEX Mutex, KWAIT_REASON Reason, PVOID Caller)
{
    ERESOURCE_THREAD Me = ExpCurrentThread();

    VF_DEADLOCK_ACQUIRE_AT(Mutex, VF_LOCK_FAST_MUTEX, Caller);
    /* Windows hangs here for good; kmode says why. */
    if (ExpMutexOwner(Mutex) == Me)
        KiBugCheck(EXP_MUTEX_ALREADY_OWNED, (ULONG_PTR)Mutex, Me, 0, 0, Caller,
                   "A thread acquired a fast or guarded mutex it already owns (they are not "
                   "recursive; on Windows the thread deadlocks).");
    if (__atomic_sub_fetch(&Mutex->Count, 1, __ATOMIC_ACQUIRE) != 0) {
        __atomic_add_fetch(&Mutex->Contention, 1, __ATOMIC_RELAXED);
        ExpWaitForObject(&Mutex->Event, Reason);
    }
    __atomic_store_n(&Mutex->Owner, (PKTHREAD)Me, __ATOMIC_RELAXED);
    KiTrackLockAcquired(KI_LOCK_FAST_MUTEX, Mutex, Caller);
}

FORCEINLINE BOOLEAN ExpTryAcquireMutex(PFAST_MUTEX Mutex)   /* inlined: its caller is the DDI's */
{
    LONG Expected = 1;

    if (!__atomic_compare_exchange_n(&Mutex->Count, &Expected, 0, FALSE, __ATOMIC_ACQUIRE,
                                     __ATOMIC_RELAXED))
        return FALSE;
    __atomic_store_n(&Mutex->Owner, (PKTHREAD)ExpCurrentThread(), __ATOMIC_RELAXED);
    KiTrackLockAcquired(KI_LOCK_FAST_MUTEX, Mutex, __builtin_return_address(0));
    return TRUE;
}

static VOID ExpReleaseMutex(PFAST_MUTEX Mutex, PVOID Caller)
{
    ERESOURCE_THREAD Me = ExpCurrentThread();
    ERESOURCE_THREAD Owner = ExpMutexOwner(Mutex);

    VF_DEADLOCK_RELEASE_AT(Mutex, VF_LOCK_FAST_MUTEX, Caller);
    if (Owner != Me)
        KiBugCheck(EXP_THREAD_NOT_MUTEX_OWNER, Me, (ULONG_PTR)Mutex, Owner, 0, Caller,
                   "A fast or guarded mutex was released by a thread that does not own it.");
    KiTrackLockReleased(Mutex);
    __atomic_store_n(&Mutex->Owner, NULL, __ATOMIC_RELAXED);
    if (__atomic_add_fetch(&Mutex->Count, 1, __ATOMIC_RELEASE) != 1)
        KeSetEvent(&Mutex->Event, 0, FALSE);
}

/* PUBLIC FUNCTIONS **********************************************************************/

/* @implemented: <= DISPATCH_LEVEL. */
VOID NTAPI ExInitializeFastMutex(PFAST_MUTEX FastMutex)
{
    ExpInitializeMutex(FastMutex);
}

/*
 * @implemented
 * <= APC_LEVEL (else 0x192). Raises to APC_LEVEL, waits for the mutex, keeps the caller's
 * IRQL in it. Acquiring it again on the owning thread is 0xBF.
 */
__attribute__((noinline)) VOID FASTCALL ExAcquireFastMutex(PFAST_MUTEX FastMutex)
{
    PVOID Caller = __builtin_return_address(0);
    KIRQL OldIrql = KeGetCurrentIrql();

    VF_DDI_RULE_AT(VF_DDI_IRQL_EX_APC_LTE1, KeGetCurrentIrql() > APC_LEVEL, Caller);
    if (OldIrql > APC_LEVEL)
        VfIrqlViolation(0x33, OldIrql, (ULONG_PTR)FastMutex, 0, Caller);
    ExpCheckBlockingIrql(FastMutex, Caller);
    OldIrql = KfRaiseIrql(APC_LEVEL);
    ExpAcquireMutex(FastMutex, Executive, Caller);
    FastMutex->OldIrql = OldIrql;
}

/* @implemented: APC_LEVEL. Non-owner: 0x11. Lowers to the IRQL saved at acquire. */
__attribute__((noinline)) VOID FASTCALL ExReleaseFastMutex(PFAST_MUTEX FastMutex)
{
    KIRQL OldIrql = (KIRQL)FastMutex->OldIrql;

    /* (A release by another thread is the deadlock verifier's and the owner check's.) */
    if (KeGetCurrentIrql() != APC_LEVEL && ExpMutexOwner(FastMutex) == ExpCurrentThread())
        VfIrqlViolation(0x34, KeGetCurrentIrql(), (ULONG_PTR)FastMutex, 0,
                        __builtin_return_address(0));
    ExpReleaseMutex(FastMutex, __builtin_return_address(0));
    KeLowerIrql(OldIrql);
}

/* @implemented: <= APC_LEVEL. TRUE at APC_LEVEL owning it, or FALSE without waiting. */
__attribute__((noinline)) BOOLEAN FASTCALL ExTryToAcquireFastMutex(PFAST_MUTEX FastMutex)
{
    KIRQL OldIrql;

    VF_DDI_RULE(VF_DDI_IRQL_EX_APC_LTE1, KeGetCurrentIrql() > APC_LEVEL);
    ExpCheckBlockingIrql(FastMutex, __builtin_return_address(0));
    OldIrql = KfRaiseIrql(APC_LEVEL);
    if (!ExpTryAcquireMutex(FastMutex)) {
        KeLowerIrql(OldIrql);
        return FALSE;
    }
    VF_DEADLOCK_ACQUIRE(FastMutex, VF_LOCK_FAST_MUTEX);
    FastMutex->OldIrql = OldIrql;
    return TRUE;
}

/* @implemented: <= APC_LEVEL. No IRQL change. */
__attribute__((noinline)) VOID FASTCALL ExAcquireFastMutexUnsafe(PFAST_MUTEX FastMutex)
{
    PVOID Caller = __builtin_return_address(0);

    ExpCheckBlockingIrql(FastMutex, Caller);
    ExpAcquireMutex(FastMutex, Executive, Caller);
}

/* @implemented: <= APC_LEVEL. */
__attribute__((noinline)) VOID FASTCALL ExReleaseFastMutexUnsafe(PFAST_MUTEX FastMutex)
{
    ExpReleaseMutex(FastMutex, __builtin_return_address(0));
}

/* @implemented: <= DISPATCH_LEVEL. */
VOID FASTCALL KeInitializeGuardedMutex(PKGUARDED_MUTEX Mutex)
{
    ExpInitializeMutex(Mutex);
}

/* @implemented: <= APC_LEVEL (else 0x192). Guarded region, then the mutex. */
__attribute__((noinline)) VOID FASTCALL KeAcquireGuardedMutex(PKGUARDED_MUTEX Mutex)
{
    PVOID Caller = __builtin_return_address(0);

    VF_DDI_RULE(VF_DDI_IRQL_KE_APC_LTE1, KeGetCurrentIrql() > APC_LEVEL);
    ExpCheckBlockingIrql(Mutex, Caller);
    KeEnterGuardedRegion();
    ExpAcquireMutex(Mutex, WrGuardedMutex, Caller);
}

/* @implemented: <= APC_LEVEL. The mutex, then the guarded region. */
__attribute__((noinline)) VOID FASTCALL KeReleaseGuardedMutex(PKGUARDED_MUTEX Mutex)
{
    VF_DDI_RULE(VF_DDI_IRQL_KE_APC_LTE1, KeGetCurrentIrql() > APC_LEVEL);
    ExpReleaseMutex(Mutex, __builtin_return_address(0));
    KeLeaveGuardedRegion();
}

/* @implemented: <= APC_LEVEL. */
__attribute__((noinline)) BOOLEAN FASTCALL KeTryToAcquireGuardedMutex(PKGUARDED_MUTEX Mutex)
{
    VF_DDI_RULE(VF_DDI_IRQL_KE_APC_LTE1, KeGetCurrentIrql() > APC_LEVEL);
    ExpCheckBlockingIrql(Mutex, __builtin_return_address(0));
    KeEnterGuardedRegion();
    if (!ExpTryAcquireMutex(Mutex)) {
        KeLeaveGuardedRegion();
        return FALSE;
    }
    VF_DEADLOCK_ACQUIRE(Mutex, VF_LOCK_FAST_MUTEX);
    return TRUE;
}

/* @implemented: <= APC_LEVEL. */
__attribute__((noinline)) VOID FASTCALL KeAcquireGuardedMutexUnsafe(PKGUARDED_MUTEX FastMutex)
{
    PVOID Caller = __builtin_return_address(0);

    VF_DDI_RULE(VF_DDI_IRQL_KE_APC_LTE1, KeGetCurrentIrql() > APC_LEVEL);
    ExpCheckBlockingIrql(FastMutex, Caller);
    ExpAcquireMutex(FastMutex, WrGuardedMutex, Caller);
}

/* @implemented: <= APC_LEVEL. */
__attribute__((noinline)) VOID FASTCALL KeReleaseGuardedMutexUnsafe(PKGUARDED_MUTEX FastMutex)
{
    VF_DDI_RULE(VF_DDI_IRQL_KE_APC_LTE1, KeGetCurrentIrql() > APC_LEVEL);
    ExpReleaseMutex(FastMutex, __builtin_return_address(0));
}
