/*
 * PURPOSE: Push locks (EX_PUSH_LOCK): a shared/exclusive lock in one pointer-sized word.
 *
 * The word: bit 0 held exclusive; bit 1 some thread sleeps on the lock; bits 2..21 the
 * number of threads waiting for exclusive access; bits 22..63 the number of shared holders.
 * Uncontended acquire and release are one compare-and-swap each. A thread that must wait
 * sleeps on one of 64 host conditions chosen by the lock's address (the word has no room
 * for a wait list), after setting bit 1 under that condition's mutex; a release that can let
 * a waiter in (the exclusive holder leaving, the last shared holder leaving) clears bit 1
 * and wakes that condition's sleepers, who look at the word again.
 */

/* INCLUDES ******************************************************************************/

#include "exsyncp.h"

/* GLOBALS *******************************************************************************/

#define EXP_PL_EXCLUSIVE   ((ULONG_PTR)1)
#define EXP_PL_SLEEPING    ((ULONG_PTR)2)
#define EXP_PL_XWAIT_INC   ((ULONG_PTR)1 << 2)
#define EXP_PL_XWAIT_MASK  ((((ULONG_PTR)1 << 20) - 1) << 2)
#define EXP_PL_SHARE_INC   ((ULONG_PTR)1 << 22)
#define EXP_PL_SHARE_MASK  (~(((ULONG_PTR)1 << 22) - 1))
#define EXP_PL_SPINS       200
#define EXP_PL_BUCKETS     64
#define EXP_INVALID_PUSH_LOCK_FLAGS 0x152

static HOST_CONDITION ExpPushLockBuckets[EXP_PL_BUCKETS];

/* PRIVATE FUNCTIONS *********************************************************************/

static HOST_CONDITION *ExpPushLockBucket(PEX_PUSH_LOCK PushLock)
{
    ULONG_PTR a = (ULONG_PTR)PushLock >> 3;
    return &ExpPushLockBuckets[(a ^ (a >> 6) ^ (a >> 12)) % EXP_PL_BUCKETS];
}

static VOID ExpPushLockAfterFork(VOID)
{
    /* The child has no sleepers; a bucket mutex may have been held by a thread it lacks. */
    for (ULONG i = 0; i < EXP_PL_BUCKETS; i++)
        HostConditionInitialize(&ExpPushLockBuckets[i]);
}

__attribute__((constructor)) static void ExpPushLockInitialize(void)
{
    for (ULONG i = 0; i < EXP_PL_BUCKETS; i++)
        HostConditionInitialize(&ExpPushLockBuckets[i]);
    HostAtForkChild(ExpPushLockAfterFork);
}

/* Flags must be 0; an acquisition may wait, so not at DISPATCH_LEVEL or above. */
static VOID ExpPushLockCheck(PEX_PUSH_LOCK PushLock, ULONG Flags, BOOLEAN Acquire, PVOID Caller)
{
    if (Flags != EX_DEFAULT_PUSH_LOCK_FLAGS) {
        KiBugCheck(EXP_INVALID_PUSH_LOCK_FLAGS, Flags, (ULONG_PTR)PushLock, 0, 0, Caller,
                   "A push lock routine was given flags other than "
                   "EX_DEFAULT_PUSH_LOCK_FLAGS.");
    }
    if (Acquire)
        ExpCheckBlockingIrql(PushLock, Caller);
}

/* Sleeps until the lock changes, unless Blocked(value) no longer holds. */
static VOID ExpPushLockSleep(PEX_PUSH_LOCK PushLock, BOOLEAN (*Blocked)(ULONG_PTR))
{
    HOST_CONDITION *Bucket = ExpPushLockBucket(PushLock);

    HostConditionLock(Bucket);
    for (;;) {
        ULONG_PTR Value = __atomic_load_n(PushLock, __ATOMIC_ACQUIRE);
        if (!Blocked(Value))
            break;
        if ((Value & EXP_PL_SLEEPING) ||
            __atomic_compare_exchange_n(PushLock, &Value, Value | EXP_PL_SLEEPING, FALSE,
                                        __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
            HostConditionWait(Bucket);
            break;
        }
    }
    HostConditionUnlock(Bucket);
}

static VOID ExpPushLockWake(PEX_PUSH_LOCK PushLock)
{
    HOST_CONDITION *Bucket = ExpPushLockBucket(PushLock);

    HostConditionLock(Bucket);
    HostConditionBroadcast(Bucket);
    HostConditionUnlock(Bucket);
}

/* An exclusive request waits for every holder to leave. */
static BOOLEAN ExpExclusiveBlocked(ULONG_PTR Value)
{
    return (Value & (EXP_PL_EXCLUSIVE | EXP_PL_SHARE_MASK)) != 0;
}

/* A shared request also waits while an exclusive request does. */
static BOOLEAN ExpSharedBlocked(ULONG_PTR Value)
{
    return (Value & (EXP_PL_EXCLUSIVE | EXP_PL_XWAIT_MASK)) != 0;
}

static BOOLEAN ExpTryExclusive(PEX_PUSH_LOCK PushLock, ULONG_PTR Value, ULONG_PTR Registered)
{
    return !ExpExclusiveBlocked(Value) &&
           __atomic_compare_exchange_n(PushLock, &Value,
                                       (Value | EXP_PL_EXCLUSIVE) - Registered, FALSE,
                                       __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static BOOLEAN ExpTryShared(PEX_PUSH_LOCK PushLock, ULONG_PTR Value)
{
    return !ExpSharedBlocked(Value) &&
           __atomic_compare_exchange_n(PushLock, &Value, Value + EXP_PL_SHARE_INC, FALSE,
                                       __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static DECLSPEC_NORETURN VOID ExpPushLockNotHeld(PEX_PUSH_LOCK PushLock, ULONG Flags,
                                                 ULONG_PTR Value, PVOID Caller)
{
    KiBugCheck(EXP_INVALID_PUSH_LOCK_FLAGS, Flags, (ULONG_PTR)PushLock, Value, 1, Caller,
               "A push lock was released in a mode in which it is not held (kmode reports "
               "this with Arg4 = 1; Windows corrupts the lock).");
}

static VOID ExpReleaseExclusive(PEX_PUSH_LOCK PushLock, ULONG Flags, PVOID Caller)
{
    ULONG_PTR Value = __atomic_load_n(PushLock, __ATOMIC_RELAXED);

    do {
        if (!(Value & EXP_PL_EXCLUSIVE))
            ExpPushLockNotHeld(PushLock, Flags, Value, Caller);
    } while (!__atomic_compare_exchange_n(PushLock, &Value,
                                          Value & ~(EXP_PL_EXCLUSIVE | EXP_PL_SLEEPING), FALSE,
                                          __ATOMIC_RELEASE, __ATOMIC_RELAXED));
    if (Value & EXP_PL_SLEEPING)
        ExpPushLockWake(PushLock);
}

static VOID ExpReleaseShared(PEX_PUSH_LOCK PushLock, ULONG Flags, PVOID Caller)
{
    ULONG_PTR Value = __atomic_load_n(PushLock, __ATOMIC_RELAXED), New;

    do {
        if ((Value & EXP_PL_EXCLUSIVE) || !(Value & EXP_PL_SHARE_MASK))
            ExpPushLockNotHeld(PushLock, Flags, Value, Caller);
        New = Value - EXP_PL_SHARE_INC;
        if (!(New & EXP_PL_SHARE_MASK))
            New &= ~EXP_PL_SLEEPING;      /* the last one out lets the sleepers look again */
    } while (!__atomic_compare_exchange_n(PushLock, &Value, New, FALSE, __ATOMIC_RELEASE,
                                          __ATOMIC_RELAXED));
    if ((Value & EXP_PL_SLEEPING) && !(New & EXP_PL_SLEEPING))
        ExpPushLockWake(PushLock);
}

/* PUBLIC FUNCTIONS **********************************************************************/

/* @implemented: any IRQL. */
VOID NTAPI ExInitializePushLock(PEX_PUSH_LOCK PushLock)
{
    __atomic_store_n(PushLock, 0, __ATOMIC_RELEASE);
}

/*
 * @implemented
 * <= APC_LEVEL. Waits (spinning briefly, then sleeping) until no thread holds the lock; from
 * the moment it starts waiting, new shared requests wait behind it.
 */
__attribute__((noinline)) VOID FASTCALL ExAcquirePushLockExclusiveEx(PEX_PUSH_LOCK PushLock,
                                                                     ULONG Flags)
{
    ULONG_PTR Value;

    ExpPushLockCheck(PushLock, Flags, TRUE, __builtin_return_address(0));
    Value = __atomic_load_n(PushLock, __ATOMIC_RELAXED);
    if (ExpTryExclusive(PushLock, Value, 0))
        return;
    /* Count ourselves as an exclusive waiter (shared requests now queue behind us). */
    Value = __atomic_add_fetch(PushLock, EXP_PL_XWAIT_INC, __ATOMIC_RELAXED);
    for (ULONG Spins = 0;; Spins++) {
        if (ExpTryExclusive(PushLock, Value, EXP_PL_XWAIT_INC))
            return;
        if (Spins < EXP_PL_SPINS)
            KiCpuRelax();
        else
            ExpPushLockSleep(PushLock, ExpExclusiveBlocked);
        Value = __atomic_load_n(PushLock, __ATOMIC_RELAXED);
    }
}

/*
 * @implemented
 * <= APC_LEVEL. Waits while the lock is held exclusive or an exclusive request waits.
 */
__attribute__((noinline)) VOID FASTCALL ExAcquirePushLockSharedEx(PEX_PUSH_LOCK PushLock,
                                                                  ULONG Flags)
{
    ExpPushLockCheck(PushLock, Flags, TRUE, __builtin_return_address(0));
    for (ULONG Spins = 0;; Spins++) {
        if (ExpTryShared(PushLock, __atomic_load_n(PushLock, __ATOMIC_RELAXED)))
            return;
        if (Spins < EXP_PL_SPINS)
            KiCpuRelax();
        else
            ExpPushLockSleep(PushLock, ExpSharedBlocked);
    }
}

/* @implemented: <= APC_LEVEL. TRUE, holding the lock exclusive, if nobody held it. */
__attribute__((noinline)) BOOLEAN FASTCALL ExTryAcquirePushLockExclusiveEx(PEX_PUSH_LOCK PushLock,
                                                                           ULONG Flags)
{
    ULONG_PTR Value;

    ExpPushLockCheck(PushLock, Flags, TRUE, __builtin_return_address(0));
    for (;;) {
        Value = __atomic_load_n(PushLock, __ATOMIC_RELAXED);
        if (ExpExclusiveBlocked(Value))
            return FALSE;
        if (ExpTryExclusive(PushLock, Value, 0))
            return TRUE;
    }
}

/* @implemented: <= APC_LEVEL. TRUE, holding it shared, unless it is held exclusive or an
   exclusive request waits. */
__attribute__((noinline)) BOOLEAN FASTCALL ExTryAcquirePushLockSharedEx(PEX_PUSH_LOCK PushLock,
                                                                        ULONG Flags)
{
    ULONG_PTR Value;

    ExpPushLockCheck(PushLock, Flags, TRUE, __builtin_return_address(0));
    for (;;) {
        Value = __atomic_load_n(PushLock, __ATOMIC_RELAXED);
        if (ExpSharedBlocked(Value))
            return FALSE;
        if (ExpTryShared(PushLock, Value))
            return TRUE;
    }
}

/* @implemented: <= APC_LEVEL. */
__attribute__((noinline)) VOID FASTCALL ExReleasePushLockExclusiveEx(PEX_PUSH_LOCK PushLock,
                                                                     ULONG Flags)
{
    PVOID Caller = __builtin_return_address(0);

    ExpPushLockCheck(PushLock, Flags, FALSE, Caller);
    ExpReleaseExclusive(PushLock, Flags, Caller);
}

/* @implemented: <= APC_LEVEL. */
__attribute__((noinline)) VOID FASTCALL ExReleasePushLockSharedEx(PEX_PUSH_LOCK PushLock,
                                                                  ULONG Flags)
{
    PVOID Caller = __builtin_return_address(0);

    ExpPushLockCheck(PushLock, Flags, FALSE, Caller);
    ExpReleaseShared(PushLock, Flags, Caller);
}

/* @implemented: <= APC_LEVEL. Releases the lock in the mode the caller holds it. */
__attribute__((noinline)) VOID FASTCALL ExReleasePushLockEx(PEX_PUSH_LOCK PushLock, ULONG Flags)
{
    PVOID Caller = __builtin_return_address(0);

    ExpPushLockCheck(PushLock, Flags, FALSE, Caller);
    if (__atomic_load_n(PushLock, __ATOMIC_RELAXED) & EXP_PL_EXCLUSIVE)
        ExpReleaseExclusive(PushLock, Flags, Caller);
    else
        ExpReleaseShared(PushLock, Flags, Caller);
}
