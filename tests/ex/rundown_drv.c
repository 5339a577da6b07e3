/*
 * PURPOSE: Rundown protection on one thread (src/ex/rundown.c): acquire/release counting,
 * the Ex forms, rundown with nothing held, completion and reinitialization. The wait for
 * outstanding acquisitions released by other threads is in sync_mp_test.c.
 */
#include <ntddk.h>
#include "ktest.h"

static void ex_rundown_test_acquire_release_counts(KTEST *t)
{
    EX_RUNDOWN_REF r;
    ExInitializeRundownProtection(&r);
    KT_EXPECT_EQ(t, r.Count, 0);
    KT_EXPECT_TRUE(t, ExAcquireRundownProtection(&r));
    KT_EXPECT_TRUE(t, ExAcquireRundownProtectionEx(&r, 3));
    KT_EXPECT_EQ(t, r.Count, 4 * 2);   /* EX_RUNDOWN_COUNT_INC per acquisition */
    ExReleaseRundownProtectionEx(&r, 3);
    ExReleaseRundownProtection(&r);
    KT_EXPECT_EQ(t, r.Count, 0);
}

static void ex_rundown_test_wait_with_nothing_held(KTEST *t)
{
    EX_RUNDOWN_REF r;
    ExInitializeRundownProtection(&r);
    ExWaitForRundownProtectionRelease(&r);
    KT_EXPECT_EQ(t, r.Count, 1);   /* EX_RUNDOWN_ACTIVE */
    KT_EXPECT_FALSE(t, ExAcquireRundownProtection(&r));
    KT_EXPECT_FALSE(t, ExAcquireRundownProtectionEx(&r, 2));
    ExWaitForRundownProtectionRelease(&r);   /* again: already run down, returns */
    ExRundownCompleted(&r);
    KT_EXPECT_FALSE(t, ExAcquireRundownProtection(&r));
    ExReInitializeRundownProtection(&r);
    KT_EXPECT_TRUE(t, ExAcquireRundownProtection(&r));
    ExReleaseRundownProtection(&r);
    KT_EXPECT_EQ(t, r.Count, 0);
}

static void ex_rundown_test_acquire_at_dispatch(KTEST *t)
{
    EX_RUNDOWN_REF r;
    KIRQL old;
    ExInitializeRundownProtection(&r);
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    KT_EXPECT_TRUE(t, ExAcquireRundownProtection(&r));
    ExReleaseRundownProtection(&r);
    KeLowerIrql(old);
    KT_EXPECT_EQ(t, r.Count, 0);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ex_rundown_test_acquire_release_counts),
    KTEST_CASE_ENTRY(ex_rundown_test_wait_with_nothing_held),
    KTEST_CASE_ENTRY(ex_rundown_test_acquire_at_dispatch),
    {0}
};
KTEST_SUITE(ex_rundown, cases);
