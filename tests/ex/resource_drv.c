/*
 * PURPOSE: ERESOURCE on one thread as a driver sees it (src/ex/resource.c): exclusive and
 * shared recursion, Wait=FALSE, ownership queries, conversion, reinitialization, and the
 * misuse bugchecks (release unowned 0xE3, shared-to-exclusive 0x1F, DISPATCH_LEVEL 0x192).
 * Contention across threads is in sync_mp_test.c.
 */
#include <ntddk.h>
#include <kmode/bugcheck.h>
#include "ktest.h"

static ERESOURCE R;

static void ex_resource_test_exclusive_recursion(KTEST *t)
{
    KT_EXPECT_EQ(t, ExInitializeResourceLite(&R), STATUS_SUCCESS);
    KT_EXPECT_FALSE(t, ExIsResourceAcquiredExclusiveLite(&R));
    KT_EXPECT_EQ(t, ExIsResourceAcquiredSharedLite(&R), 0);
    KeEnterCriticalRegion();
    KT_EXPECT_TRUE(t, ExAcquireResourceExclusiveLite(&R, TRUE));
    KT_EXPECT_TRUE(t, ExAcquireResourceExclusiveLite(&R, FALSE));
    /* The exclusive owner asking for shared access gets another exclusive acquisition. */
    KT_EXPECT_TRUE(t, ExAcquireResourceSharedLite(&R, FALSE));
    KT_EXPECT_TRUE(t, ExIsResourceAcquiredExclusiveLite(&R));
    KT_EXPECT_EQ(t, ExIsResourceAcquiredSharedLite(&R), 3);
    KT_EXPECT_EQ(t, R.ActiveCount, 1);
    ExReleaseResourceLite(&R);
    ExReleaseResourceLite(&R);
    KT_EXPECT_TRUE(t, ExIsResourceAcquiredExclusiveLite(&R));
    ExReleaseResourceLite(&R);
    KT_EXPECT_FALSE(t, ExIsResourceAcquiredExclusiveLite(&R));
    KT_EXPECT_EQ(t, ExIsResourceAcquiredSharedLite(&R), 0);
    KT_EXPECT_EQ(t, R.ActiveCount, 0);
    KeLeaveCriticalRegion();
    KT_EXPECT_EQ(t, ExDeleteResourceLite(&R), STATUS_SUCCESS);
}

static void ex_resource_test_shared_recursion_and_variants(KTEST *t)
{
    ExInitializeResourceLite(&R);
    KeEnterCriticalRegion();
    KT_EXPECT_TRUE(t, ExAcquireResourceSharedLite(&R, FALSE));
    KT_EXPECT_TRUE(t, ExAcquireSharedStarveExclusive(&R, FALSE));
    KT_EXPECT_TRUE(t, ExAcquireSharedWaitForExclusive(&R, FALSE));   /* no exclusive waiters */
    KT_EXPECT_FALSE(t, ExIsResourceAcquiredExclusiveLite(&R));
    KT_EXPECT_EQ(t, ExIsResourceAcquiredSharedLite(&R), 3);
    /* A shared owner cannot get exclusive access without waiting. */
    KT_EXPECT_FALSE(t, ExAcquireResourceExclusiveLite(&R, FALSE));
    KT_EXPECT_EQ(t, ExGetExclusiveWaiterCount(&R), 0);
    KT_EXPECT_EQ(t, ExGetSharedWaiterCount(&R), 0);
    ExReleaseResourceLite(&R);
    ExReleaseResourceForThreadLite(&R, ExGetCurrentResourceThread());
    ExReleaseResourceLite(&R);
    KT_EXPECT_EQ(t, ExIsResourceAcquiredSharedLite(&R), 0);
    KT_EXPECT_TRUE(t, ExAcquireResourceExclusiveLite(&R, FALSE));   /* free again */
    ExReleaseResourceLite(&R);
    KeLeaveCriticalRegion();
    ExDeleteResourceLite(&R);
}

static void ex_resource_test_convert_exclusive_to_shared(KTEST *t)
{
    ExInitializeResourceLite(&R);
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&R, TRUE);
    ExAcquireResourceExclusiveLite(&R, TRUE);
    ExConvertExclusiveToSharedLite(&R);
    KT_EXPECT_FALSE(t, ExIsResourceAcquiredExclusiveLite(&R));
    KT_EXPECT_EQ(t, ExIsResourceAcquiredSharedLite(&R), 2);   /* the count is kept */
    KT_EXPECT_FALSE(t, ExAcquireResourceExclusiveLite(&R, FALSE));
    ExReleaseResourceLite(&R);
    ExReleaseResourceLite(&R);
    KT_EXPECT_EQ(t, R.ActiveCount, 0);
    KeLeaveCriticalRegion();
    ExDeleteResourceLite(&R);
}

static void ex_resource_test_critical_region_helpers(KTEST *t)
{
    ExInitializeResourceLite(&R);
    KT_EXPECT_FALSE(t, KeAreApcsDisabled());
    ExEnterCriticalRegionAndAcquireResourceExclusive(&R);
    KT_EXPECT_TRUE(t, KeAreApcsDisabled());
    KT_EXPECT_TRUE(t, ExIsResourceAcquiredExclusiveLite(&R));
    ExReleaseResourceAndLeaveCriticalRegion(&R);
    KT_EXPECT_FALSE(t, KeAreApcsDisabled());
    KT_EXPECT_FALSE(t, ExIsResourceAcquiredExclusiveLite(&R));

    ExEnterCriticalRegionAndAcquireResourceShared(&R);
    KT_EXPECT_TRUE(t, KeAreApcsDisabled());
    KT_EXPECT_EQ(t, ExIsResourceAcquiredSharedLite(&R), 1);
    ExReleaseResourceAndLeaveCriticalRegion(&R);
    ExEnterCriticalRegionAndAcquireSharedWaitForExclusive(&R);
    KT_EXPECT_EQ(t, ExIsResourceAcquiredSharedLite(&R), 1);
    ExReleaseResourceAndLeaveCriticalRegion(&R);
    KT_EXPECT_FALSE(t, KeAreApcsDisabled());
    KT_EXPECT_EQ(t, R.ActiveCount, 0);
    ExDeleteResourceLite(&R);
}

static void ex_resource_test_reinitialize_forgets_owners(KTEST *t)
{
    ExInitializeResourceLite(&R);
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&R, TRUE);
    KT_EXPECT_EQ(t, ExReinitializeResourceLite(&R), STATUS_SUCCESS);
    KT_EXPECT_FALSE(t, ExIsResourceAcquiredExclusiveLite(&R));
    KT_EXPECT_TRUE(t, ExAcquireResourceSharedLite(&R, FALSE));
    ExReleaseResourceLite(&R);
    KeLeaveCriticalRegion();
    ExDeleteResourceLite(&R);
}

static void ex_resource_test_release_at_dispatch(KTEST *t)
{
    KIRQL old;
    ExInitializeResourceLite(&R);
    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&R, TRUE);
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    KT_EXPECT_EQ(t, ExIsResourceAcquiredSharedLite(&R), 1);   /* queries and release: <= DISPATCH */
    ExReleaseResourceLite(&R);
    KeLowerIrql(old);
    KeLeaveCriticalRegion();
    KT_EXPECT_EQ(t, R.ActiveCount, 0);
    ExDeleteResourceLite(&R);
}

static void ReleaseUnowned(void *ctx)
{
    (void)ctx;
    ExReleaseResourceLite(&R);
}

static void ReleaseForOtherThread(void *ctx)
{
    ExReleaseResourceForThreadLite(&R, (ERESOURCE_THREAD)ctx);
}

static void ConvertShared(void *ctx)
{
    (void)ctx;
    ExConvertExclusiveToSharedLite(&R);
}

static void ex_resource_test_release_unowned_bugchecks_e3(KTEST *t)
{
    KMODE_BUGCHECK bc;
    ExInitializeResourceLite(&R);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(ReleaseUnowned, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, 0xE3);
    KT_EXPECT_EQ(t, bc.Parameter1, (ULONG_PTR)&R);
    KT_EXPECT_EQ(t, bc.Parameter2, ExGetCurrentResourceThread());

    /* Owned shared by this thread: releasing for another thread is still not owned. */
    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&R, TRUE);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(ReleaseForOtherThread, (void *)0x1230,
                                         KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, 0xE3);
    KT_EXPECT_EQ(t, bc.Parameter2, 0x1230);
    /* Converting a shared acquisition is not owning it exclusively. */
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(ConvertShared, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, 0xE3);
    KT_EXPECT_EQ(t, ExIsResourceAcquiredSharedLite(&R), 1);   /* untouched */
    ExReleaseResourceLite(&R);
    KeLeaveCriticalRegion();
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
    ExDeleteResourceLite(&R);
}

static void SharedThenExclusive(void *ctx)
{
    (void)ctx;
    ExAcquireResourceSharedLite(&R, TRUE);
    ExAcquireResourceExclusiveLite(&R, TRUE);
}

static void ex_resource_test_shared_owner_waiting_exclusive_bugchecks_1f(KTEST *t)
{
    KMODE_BUGCHECK bc;
    ExInitializeResourceLite(&R);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(SharedThenExclusive, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, 0x1F);
    KT_EXPECT_EQ(t, bc.Parameter1, (ULONG_PTR)&R);
    KT_EXPECT_EQ(t, bc.Parameter2, ExGetCurrentResourceThread());
    ExReleaseResourceLite(&R);   /* the shared acquisition survived */
    KT_EXPECT_EQ(t, R.ActiveCount, 0);
    ExDeleteResourceLite(&R);
}

static void AcquireResourceAtDispatch(void *ctx)
{
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    if (ctx)
        ExAcquireResourceSharedLite(&R, FALSE);
    else
        ExAcquireResourceExclusiveLite(&R, FALSE);
}

static void ex_resource_test_acquire_at_dispatch_bugchecks_192(KTEST *t)
{
    KMODE_BUGCHECK bc;
    ExInitializeResourceLite(&R);
    for (int i = 0; i < 2; i++) {
        KT_ASSERT_TRUE(t, KmodeCatchBugCheck(AcquireResourceAtDispatch, (void *)(ULONG_PTR)i,
                                             KMODE_CATCH_QUIET, &bc));
        KT_EXPECT_EQ(t, bc.Code, 0x192);
        KT_EXPECT_EQ(t, bc.Parameter2, (ULONG_PTR)&R);
        KT_EXPECT_EQ(t, bc.Parameter3, DISPATCH_LEVEL);
    }
    KT_EXPECT_EQ(t, R.ActiveCount, 0);
    ExDeleteResourceLite(&R);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ex_resource_test_exclusive_recursion),
    KTEST_CASE_ENTRY(ex_resource_test_shared_recursion_and_variants),
    KTEST_CASE_ENTRY(ex_resource_test_convert_exclusive_to_shared),
    KTEST_CASE_ENTRY(ex_resource_test_critical_region_helpers),
    KTEST_CASE_ENTRY(ex_resource_test_reinitialize_forgets_owners),
    KTEST_CASE_ENTRY(ex_resource_test_release_at_dispatch),
    KTEST_CASE_ENTRY(ex_resource_test_release_unowned_bugchecks_e3),
    KTEST_CASE_ENTRY(ex_resource_test_shared_owner_waiting_exclusive_bugchecks_1f),
    KTEST_CASE_ENTRY(ex_resource_test_acquire_at_dispatch_bugchecks_192),
    {0}
};
KTEST_SUITE(ex_resource, cases);
