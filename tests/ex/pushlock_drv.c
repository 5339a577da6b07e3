/*
 * PURPOSE: Push locks (src/ex/pushlock.c) from a driver's point of view: the wdm.h macros,
 * shared/exclusive exclusion seen through the Try forms, ExReleasePushLock in both modes,
 * and the rules (IRQL, flags, releasing what is not held). Concurrency is in
 * pushlock_mp_test.c.
 */
#include <ntddk.h>
#include <kmode/bugcheck.h>
#include "ktest.h"

static void ex_pushlock_test_initialized_lock_is_free(KTEST *t)
{
    EX_PUSH_LOCK lock = (EX_PUSH_LOCK)-1;

    KT_EXPECT_EQ(t, sizeof(EX_PUSH_LOCK), sizeof(PVOID));
    ExInitializePushLock(&lock);
    KT_EXPECT_EQ(t, lock, 0);
    KeEnterCriticalRegion();
    ExAcquirePushLockExclusive(&lock);
    ExReleasePushLockExclusive(&lock);
    ExAcquirePushLockShared(&lock);
    ExReleasePushLockShared(&lock);
    KeLeaveCriticalRegion();
    KT_EXPECT_EQ(t, lock, 0);
}

static void ex_pushlock_test_exclusive_excludes_everyone(KTEST *t)
{
    EX_PUSH_LOCK lock;

    ExInitializePushLock(&lock);
    KeEnterCriticalRegion();
    KT_EXPECT_TRUE(t, ExTryAcquirePushLockExclusive(&lock));
    KT_EXPECT_FALSE(t, ExTryAcquirePushLockExclusive(&lock));
    KT_EXPECT_FALSE(t, ExTryAcquirePushLockShared(&lock));
    ExReleasePushLockExclusive(&lock);
    KT_EXPECT_TRUE(t, ExTryAcquirePushLockShared(&lock));
    ExReleasePushLockShared(&lock);
    KeLeaveCriticalRegion();
}

static void ex_pushlock_test_shared_admits_shared_only(KTEST *t)
{
    EX_PUSH_LOCK lock;

    ExInitializePushLock(&lock);
    KeEnterCriticalRegion();
    ExAcquirePushLockShared(&lock);
    KT_EXPECT_TRUE(t, ExTryAcquirePushLockShared(&lock));    /* shared again: granted */
    KT_EXPECT_FALSE(t, ExTryAcquirePushLockExclusive(&lock));
    ExReleasePushLockShared(&lock);
    KT_EXPECT_FALSE(t, ExTryAcquirePushLockExclusive(&lock)); /* one shared holder left */
    ExReleasePushLockShared(&lock);
    KT_EXPECT_TRUE(t, ExTryAcquirePushLockExclusive(&lock));
    ExReleasePushLockExclusive(&lock);
    KeLeaveCriticalRegion();
    KT_EXPECT_EQ(t, lock, 0);
}

static void ex_pushlock_test_release_push_lock_either_mode(KTEST *t)
{
    EX_PUSH_LOCK lock;

    ExInitializePushLock(&lock);
    KeEnterCriticalRegion();
    ExAcquirePushLockExclusive(&lock);
    ExReleasePushLock(&lock);
    KT_EXPECT_EQ(t, lock, 0);
    ExAcquirePushLockShared(&lock);
    ExAcquirePushLockShared(&lock);
    ExReleasePushLock(&lock);
    KT_EXPECT_FALSE(t, ExTryAcquirePushLockExclusive(&lock));
    ExReleasePushLockEx(&lock, EX_DEFAULT_PUSH_LOCK_FLAGS);
    KT_EXPECT_EQ(t, lock, 0);
    KeLeaveCriticalRegion();
}

static void ex_pushlock_test_apc_level_allowed(KTEST *t)
{
    EX_PUSH_LOCK lock;
    KIRQL old;

    ExInitializePushLock(&lock);
    KeRaiseIrql(APC_LEVEL, &old);
    ExAcquirePushLockExclusive(&lock);
    ExReleasePushLockExclusive(&lock);
    KeLowerIrql(old);
    KT_EXPECT_EQ(t, lock, 0);
}

static EX_PUSH_LOCK BadLock;

static void AcquireAtDispatch(void *ctx)
{
    KIRQL old;
    (void)ctx;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    ExAcquirePushLockShared(&BadLock);
}

static void AcquireWithFlags(void *ctx)
{
    (void)ctx;
    ExAcquirePushLockExclusiveEx(&BadLock, 0x4);
}

static void ReleaseUnheldExclusive(void *ctx)
{
    (void)ctx;
    ExReleasePushLockExclusive(&BadLock);
}

static void ReleaseSharedWhileExclusive(void *ctx)
{
    (void)ctx;
    ExAcquirePushLockExclusive(&BadLock);
    ExReleasePushLockShared(&BadLock);
}

static void ex_pushlock_test_rules_bugcheck(KTEST *t)
{
    KMODE_BUGCHECK bc;

    ExInitializePushLock(&BadLock);
    KT_EXPECT_TRUE(t, KmodeCatchBugCheck(AcquireAtDispatch, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, 0x192);
    KT_EXPECT_EQ(t, bc.Parameter2, (ULONG_PTR)&BadLock);
    KT_EXPECT_EQ(t, bc.Parameter3, DISPATCH_LEVEL);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
    KT_EXPECT_EQ(t, BadLock, 0);

    KT_EXPECT_TRUE(t, KmodeCatchBugCheck(AcquireWithFlags, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, 0x152);
    KT_EXPECT_EQ(t, bc.Parameter1, 0x4);
    KT_EXPECT_EQ(t, bc.Parameter2, (ULONG_PTR)&BadLock);

    KT_EXPECT_TRUE(t, KmodeCatchBugCheck(ReleaseUnheldExclusive, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, 0x152);
    KT_EXPECT_EQ(t, bc.Parameter2, (ULONG_PTR)&BadLock);
    KT_EXPECT_EQ(t, bc.Parameter4, 1);

    KT_EXPECT_TRUE(t, KmodeCatchBugCheck(ReleaseSharedWhileExclusive, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, 0x152);
    KT_EXPECT_EQ(t, bc.Parameter3, 1);       /* the word: held exclusive */
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ex_pushlock_test_initialized_lock_is_free),
    KTEST_CASE_ENTRY(ex_pushlock_test_exclusive_excludes_everyone),
    KTEST_CASE_ENTRY(ex_pushlock_test_shared_admits_shared_only),
    KTEST_CASE_ENTRY(ex_pushlock_test_release_push_lock_either_mode),
    KTEST_CASE_ENTRY(ex_pushlock_test_apc_level_allowed),
    KTEST_CASE_ENTRY(ex_pushlock_test_rules_bugcheck),
    { 0 },
};
KTEST_SUITE(ex_pushlock, cases);
