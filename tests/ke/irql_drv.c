/*
 * PURPOSE: Tests for IRQL, processors, spin locks and regions (src/ke/irql.c,
 * src/ke/spinlock.c), written as driver code. Single-threaded; the multiprocessor
 * guarantees are in irql_mp_test.c.
 */
#include <ntddk.h>
#include <kmode/bugcheck.h>
#include "ktest.h"

static void ke_irql_test_raise_and_lower(KTEST *t)
{
    KIRQL old = 0xFF, old2 = 0xFF;
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
    KeRaiseIrql(APC_LEVEL, &old);
    KT_EXPECT_EQ(t, old, PASSIVE_LEVEL);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), APC_LEVEL);
    KeRaiseIrql(DISPATCH_LEVEL, &old2);
    KT_EXPECT_EQ(t, old2, APC_LEVEL);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), DISPATCH_LEVEL);
    KeLowerIrql(old2);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), APC_LEVEL);
    KeLowerIrql(old);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
    old = KeRaiseIrqlToDpcLevel();
    KT_EXPECT_EQ(t, old, PASSIVE_LEVEL);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), DISPATCH_LEVEL);
    KeLowerIrql(old);
}

static void RaiseBelow(void *ctx)
{
    KIRQL old;
    (void)ctx;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    KeRaiseIrql(APC_LEVEL, &old);          /* lower than current: 0x9 */
}

static void LowerAbove(void *ctx)
{
    (void)ctx;
    KeLowerIrql(DISPATCH_LEVEL);            /* at PASSIVE: 0xA */
}

static void ke_irql_test_raise_below_current_bugchecks_9(KTEST *t)
{
    KMODE_BUGCHECK bc;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(RaiseBelow, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, IRQL_NOT_GREATER_OR_EQUAL);
    KT_EXPECT_EQ(t, bc.Parameter1, DISPATCH_LEVEL);
    KT_EXPECT_EQ(t, bc.Parameter2, APC_LEVEL);
    KT_EXPECT_CONTAINS(t, bc.Report, "CURRENT_IRQL:  2 (DISPATCH_LEVEL)");
    /* The catch put the thread back where it was. */
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

static void ke_irql_test_lower_above_current_bugchecks_a(KTEST *t)
{
    KMODE_BUGCHECK bc;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(LowerAbove, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, IRQL_NOT_LESS_OR_EQUAL);
    KT_EXPECT_EQ(t, bc.Parameter1, DISPATCH_LEVEL);
    KT_EXPECT_EQ(t, bc.Parameter2, PASSIVE_LEVEL);
}

__attribute__((noinline)) static void PageableRoutine(void)
{
    PAGED_CODE();
}

static void PagedCodeAtDispatch(void *ctx)
{
    KIRQL old;
    (void)ctx;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    PageableRoutine();
}

static void ke_irql_test_paged_code_above_apc_bugchecks_d1(KTEST *t)
{
    KMODE_BUGCHECK bc;
    KIRQL old;

    /* Fine at PASSIVE_LEVEL and APC_LEVEL. */
    PageableRoutine();
    KeRaiseIrql(APC_LEVEL, &old);
    PageableRoutine();
    KeLowerIrql(old);

    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(PagedCodeAtDispatch, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, DRIVER_IRQL_NOT_LESS_OR_EQUAL);
    KT_EXPECT_EQ(t, bc.Parameter2, DISPATCH_LEVEL);
    KT_EXPECT_EQ(t, bc.Parameter3, 8);     /* execute */
    KT_EXPECT_CONTAINS(t, bc.Report, "PageableRoutine");
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

static void ke_irql_test_processor_queries(KTEST *t)
{
    KAFFINITY active = 0;
    PROCESSOR_NUMBER pn;
    ULONG n = KeQueryActiveProcessorCount(&active);
    KIRQL old;

    KT_EXPECT_EQ(t, n, (ULONG)KeNumberProcessors);
    KT_EXPECT_TRUE(t, n >= 1 && n <= 64);
    KT_EXPECT_EQ(t, __builtin_popcountll(active), n);
    KT_EXPECT_EQ(t, KeQueryActiveProcessors(), active);
    KT_EXPECT_EQ(t, KeQueryActiveProcessorCountEx(0), n);
    KT_EXPECT_EQ(t, KeQueryActiveProcessorCountEx(ALL_PROCESSOR_GROUPS), n);
    KT_EXPECT_EQ(t, KeQueryActiveProcessorCountEx(1), 0);
    KT_EXPECT_EQ(t, KeQueryActiveGroupCount(), 1);

    KeRaiseIrql(DISPATCH_LEVEL, &old);
    ULONG p = KeGetCurrentProcessorNumberEx(&pn);
    KT_EXPECT_TRUE(t, p < n);
    KT_EXPECT_EQ(t, pn.Group, 0);
    KT_EXPECT_EQ(t, pn.Number, p);
    KT_EXPECT_EQ(t, KeGetCurrentProcessorNumber(), p);   /* stays put at DISPATCH_LEVEL */
    KeLowerIrql(old);
}

static void ke_spinlock_test_acquire_release(KTEST *t)
{
    KSPIN_LOCK lock;
    KIRQL old = 0xFF;

    KeInitializeSpinLock(&lock);
    KT_EXPECT_EQ(t, lock, 0);
    KT_EXPECT_TRUE(t, KeTestSpinLock(&lock));
    KeAcquireSpinLock(&lock, &old);
    KT_EXPECT_EQ(t, old, PASSIVE_LEVEL);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), DISPATCH_LEVEL);
    KT_EXPECT_FALSE(t, KeTestSpinLock(&lock));
    KT_EXPECT_FALSE(t, KeTryToAcquireSpinLockAtDpcLevel(&lock));   /* held (by us) */
    KeReleaseSpinLock(&lock, old);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
    KT_EXPECT_TRUE(t, KeTestSpinLock(&lock));

    /* At DPC level: no IRQL change. */
    old = KeRaiseIrqlToDpcLevel();
    KeAcquireSpinLockAtDpcLevel(&lock);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), DISPATCH_LEVEL);
    KeReleaseSpinLockFromDpcLevel(&lock);
    KT_EXPECT_TRUE(t, KeTryToAcquireSpinLockAtDpcLevel(&lock));
    KeReleaseSpinLockFromDpcLevel(&lock);
    KeLowerIrql(old);
}

static void ke_spinlock_test_for_dpc_and_queued(KTEST *t)
{
    KSPIN_LOCK lock;
    KLOCK_QUEUE_HANDLE h;
    KIRQL old;

    KeInitializeSpinLock(&lock);
    old = KeAcquireSpinLockForDpc(&lock);
    KT_EXPECT_EQ(t, old, PASSIVE_LEVEL);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), DISPATCH_LEVEL);
    KeReleaseSpinLockForDpc(&lock, old);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);

    KeAcquireInStackQueuedSpinLock(&lock, &h);
    KT_EXPECT_EQ(t, h.OldIrql, PASSIVE_LEVEL);
    KT_EXPECT_PTR_EQ(t, h.LockQueue.Lock, &lock);
    KT_EXPECT_FALSE(t, KeTestSpinLock(&lock));
    KeReleaseInStackQueuedSpinLock(&h);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
    KT_EXPECT_TRUE(t, KeTestSpinLock(&lock));

    old = KeRaiseIrqlToDpcLevel();
    KeAcquireInStackQueuedSpinLockAtDpcLevel(&lock, &h);
    KeReleaseInStackQueuedSpinLockFromDpcLevel(&h);
    KeAcquireInStackQueuedSpinLockForDpc(&lock, &h);
    KeReleaseInStackQueuedSpinLockForDpc(&h);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), DISPATCH_LEVEL);
    KeLowerIrql(old);
}

static KSPIN_LOCK BadLock;

static void AcquireTwice(void *ctx)
{
    KIRQL a, b;
    (void)ctx;
    KeInitializeSpinLock(&BadLock);
    KeAcquireSpinLock(&BadLock, &a);
    KeAcquireSpinLock(&BadLock, &b);
}

static void ReleaseUnowned(void *ctx)
{
    KIRQL old;
    (void)ctx;
    KeInitializeSpinLock(&BadLock);
    old = KeRaiseIrqlToDpcLevel();
    KeReleaseSpinLock(&BadLock, old);
}

static void AtDpcLevelFromPassive(void *ctx)
{
    (void)ctx;
    KeInitializeSpinLock(&BadLock);
    KeAcquireSpinLockAtDpcLevel(&BadLock);
}

static void ke_spinlock_test_misuse_bugchecks(KTEST *t)
{
    KMODE_BUGCHECK bc;

    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(AcquireTwice, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, SPIN_LOCK_ALREADY_OWNED);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);

    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(ReleaseUnowned, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, SPIN_LOCK_NOT_OWNED);
    KT_EXPECT_EQ(t, bc.Parameter1, (ULONG_PTR)&BadLock);

    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(AtDpcLevelFromPassive, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, IRQL_NOT_GREATER_OR_EQUAL);
    KT_EXPECT_EQ(t, bc.Parameter1, PASSIVE_LEVEL);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

static void ke_irql_test_critical_and_guarded_regions(KTEST *t)
{
    KIRQL old;

    KT_EXPECT_FALSE(t, KeAreApcsDisabled());
    KT_EXPECT_FALSE(t, KeAreAllApcsDisabled());
    KeEnterCriticalRegion();
    KT_EXPECT_TRUE(t, KeAreApcsDisabled());
    KT_EXPECT_FALSE(t, KeAreAllApcsDisabled());
    KeEnterGuardedRegion();
    KT_EXPECT_TRUE(t, KeAreAllApcsDisabled());
    KeLeaveGuardedRegion();
    KeLeaveCriticalRegion();
    KT_EXPECT_FALSE(t, KeAreApcsDisabled());
    KeRaiseIrql(APC_LEVEL, &old);
    KT_EXPECT_TRUE(t, KeAreApcsDisabled());
    KT_EXPECT_TRUE(t, KeAreAllApcsDisabled());
    KeLowerIrql(old);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ke_irql_test_raise_and_lower),
    KTEST_CASE_ENTRY(ke_irql_test_raise_below_current_bugchecks_9),
    KTEST_CASE_ENTRY(ke_irql_test_lower_above_current_bugchecks_a),
    KTEST_CASE_ENTRY(ke_irql_test_paged_code_above_apc_bugchecks_d1),
    KTEST_CASE_ENTRY(ke_irql_test_processor_queries),
    KTEST_CASE_ENTRY(ke_spinlock_test_acquire_release),
    KTEST_CASE_ENTRY(ke_spinlock_test_for_dpc_and_queued),
    KTEST_CASE_ENTRY(ke_spinlock_test_misuse_bugchecks),
    KTEST_CASE_ENTRY(ke_irql_test_critical_and_guarded_regions),
    { 0 },
};
KTEST_SUITE(ke_irql, cases);
