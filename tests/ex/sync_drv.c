/*
 * PURPOSE: Fast and guarded mutexes as a driver sees them (src/ex/fastmutex.c), on one
 * thread: IRQL and region effects, try-acquire, the Unsafe forms, and the misuse bugchecks
 * (recursion 0xBF, release by a non-owner 0x11, acquire at DISPATCH_LEVEL 0x192).
 */
#include <ntddk.h>
#include <kmode/bugcheck.h>
#include "ktest.h"

static FAST_MUTEX Fm;
static KGUARDED_MUTEX Gm;

static void ex_sync_test_fast_mutex_raises_to_apc_and_restores(KTEST *t)
{
    ExInitializeFastMutex(&Fm);
    KT_EXPECT_EQ(t, Fm.Count, 1);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
    ExAcquireFastMutex(&Fm);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), APC_LEVEL);
    KT_EXPECT_TRUE(t, KeAreApcsDisabled());
    KT_EXPECT_EQ(t, Fm.OldIrql, PASSIVE_LEVEL);
    KT_EXPECT_PTR_EQ(t, Fm.Owner, (PVOID)ExGetCurrentResourceThread());
    ExReleaseFastMutex(&Fm);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
    KT_EXPECT_EQ(t, Fm.Count, 1);
    KT_EXPECT_PTR_EQ(t, Fm.Owner, NULL);
}

static void ex_sync_test_fast_mutex_acquired_at_apc_stays_at_apc(KTEST *t)
{
    KIRQL old;
    ExInitializeFastMutex(&Fm);
    KeRaiseIrql(APC_LEVEL, &old);
    ExAcquireFastMutex(&Fm);
    KT_EXPECT_EQ(t, Fm.OldIrql, APC_LEVEL);
    ExReleaseFastMutex(&Fm);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), APC_LEVEL);
    KeLowerIrql(old);
}

static void ex_sync_test_try_fast_mutex(KTEST *t)
{
    ExInitializeFastMutex(&Fm);
    KT_ASSERT_TRUE(t, ExTryToAcquireFastMutex(&Fm));
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), APC_LEVEL);
    /* Owned (here by the caller itself): try fails at once and leaves IRQL alone. */
    KT_EXPECT_FALSE(t, ExTryToAcquireFastMutex(&Fm));
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), APC_LEVEL);
    ExReleaseFastMutex(&Fm);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
    KT_EXPECT_TRUE(t, ExTryToAcquireFastMutex(&Fm));
    ExReleaseFastMutex(&Fm);
}

static void ex_sync_test_fast_mutex_unsafe_keeps_irql(KTEST *t)
{
    ExInitializeFastMutex(&Fm);
    KeEnterCriticalRegion();
    ExAcquireFastMutexUnsafe(&Fm);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
    KT_EXPECT_EQ(t, Fm.Count, 0);
    KT_EXPECT_FALSE(t, ExTryToAcquireFastMutex(&Fm));
    ExReleaseFastMutexUnsafe(&Fm);
    KeLeaveCriticalRegion();
    KT_EXPECT_EQ(t, Fm.Count, 1);
}

static void ex_sync_test_guarded_mutex_uses_guarded_region(KTEST *t)
{
    KeInitializeGuardedMutex(&Gm);
    KT_EXPECT_FALSE(t, KeAreAllApcsDisabled());
    KeAcquireGuardedMutex(&Gm);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
    KT_EXPECT_TRUE(t, KeAreAllApcsDisabled());
    KT_EXPECT_FALSE(t, KeTryToAcquireGuardedMutex(&Gm));
    KT_EXPECT_TRUE(t, KeAreAllApcsDisabled());   /* the failed try left its region */
    KeReleaseGuardedMutex(&Gm);
    KT_EXPECT_FALSE(t, KeAreAllApcsDisabled());

    KT_ASSERT_TRUE(t, KeTryToAcquireGuardedMutex(&Gm));
    KT_EXPECT_TRUE(t, KeAreAllApcsDisabled());
    KeReleaseGuardedMutex(&Gm);
    KT_EXPECT_FALSE(t, KeAreAllApcsDisabled());

    KeEnterGuardedRegion();
    KeAcquireGuardedMutexUnsafe(&Gm);
    KT_EXPECT_EQ(t, Gm.Count, 0);
    KeReleaseGuardedMutexUnsafe(&Gm);
    KeLeaveGuardedRegion();
    KT_EXPECT_EQ(t, Gm.Count, 1);
    KT_EXPECT_FALSE(t, KeAreAllApcsDisabled());
}

static void AcquireFastTwice(void *ctx)
{
    (void)ctx;
    ExAcquireFastMutex(&Fm);
    ExAcquireFastMutex(&Fm);
}

static void ex_sync_test_recursive_fast_mutex_bugchecks_bf(KTEST *t)
{
    KMODE_BUGCHECK bc;
    ExInitializeFastMutex(&Fm);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(AcquireFastTwice, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, 0xBF);
    KT_EXPECT_EQ(t, bc.Parameter1, (ULONG_PTR)&Fm);
    KT_EXPECT_EQ(t, bc.Parameter2, ExGetCurrentResourceThread());
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

static void ReleaseFast(void *ctx)
{
    (void)ctx;
    ExReleaseFastMutexUnsafe(&Fm);
}

static void ex_sync_test_release_unowned_fast_mutex_bugchecks_11(KTEST *t)
{
    KMODE_BUGCHECK bc;
    ExInitializeFastMutex(&Fm);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(ReleaseFast, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, 0x11);
    KT_EXPECT_EQ(t, bc.Parameter1, ExGetCurrentResourceThread());
    KT_EXPECT_EQ(t, bc.Parameter2, (ULONG_PTR)&Fm);
    KT_EXPECT_EQ(t, bc.Parameter3, 0);
    KT_EXPECT_EQ(t, Fm.Count, 1);   /* nothing changed */
}

static void AcquireAtDispatch(void *ctx)
{
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    switch ((int)(ULONG_PTR)ctx) {
    case 0: ExAcquireFastMutex(&Fm); break;
    case 1: ExTryToAcquireFastMutex(&Fm); break;
    case 2: KeAcquireGuardedMutex(&Gm); break;
    default: ExAcquireFastMutexUnsafe(&Fm); break;
    }
}

static void ex_sync_test_acquire_at_dispatch_bugchecks_192(KTEST *t)
{
    ExInitializeFastMutex(&Fm);
    KeInitializeGuardedMutex(&Gm);
    for (int i = 0; i < 4; i++) {
        KMODE_BUGCHECK bc;
        KT_ASSERT_TRUE(t, KmodeCatchBugCheck(AcquireAtDispatch, (void *)(ULONG_PTR)i,
                                             KMODE_CATCH_QUIET, &bc));
        KT_EXPECT_EQ(t, bc.Code, 0x192);
        KT_EXPECT_EQ(t, bc.Parameter1, ExGetCurrentResourceThread());
        KT_EXPECT_EQ(t, bc.Parameter2, i == 2 ? (ULONG_PTR)&Gm : (ULONG_PTR)&Fm);
        KT_EXPECT_EQ(t, bc.Parameter3, DISPATCH_LEVEL);
        KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
    }
    KT_EXPECT_EQ(t, Fm.Count, 1);
    KT_EXPECT_EQ(t, Gm.Count, 1);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ex_sync_test_fast_mutex_raises_to_apc_and_restores),
    KTEST_CASE_ENTRY(ex_sync_test_fast_mutex_acquired_at_apc_stays_at_apc),
    KTEST_CASE_ENTRY(ex_sync_test_try_fast_mutex),
    KTEST_CASE_ENTRY(ex_sync_test_fast_mutex_unsafe_keeps_irql),
    KTEST_CASE_ENTRY(ex_sync_test_guarded_mutex_uses_guarded_region),
    KTEST_CASE_ENTRY(ex_sync_test_recursive_fast_mutex_bugchecks_bf),
    KTEST_CASE_ENTRY(ex_sync_test_release_unowned_fast_mutex_bugchecks_11),
    KTEST_CASE_ENTRY(ex_sync_test_acquire_at_dispatch_bugchecks_192),
    {0}
};
KTEST_SUITE(ex_sync, cases);
