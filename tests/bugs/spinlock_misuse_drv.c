/*
 * PURPOSE: Bug class "spin lock misuse": releasing a spin lock after lowering IRQL by hand
 * (0x9 IRQL_NOT_GREATER_OR_EQUAL: current IRQL, DISPATCH_LEVEL, lock, caller), releasing it
 * twice (0x10 SPIN_LOCK_NOT_OWNED: lock, lock value, 0, 0), and acquiring it again on the
 * thread that holds it (0xF SPIN_LOCK_ALREADY_OWNED: lock; Windows spins forever). The
 * report lists the lock under LOCKS_HELD while it is held.
 */
#include "bugs.h"

static KSPIN_LOCK SpinQueueLock;
static LIST_ENTRY SpinQueue;

/* BUG: lowers IRQL itself, then releases: KeReleaseSpinLock runs at PASSIVE_LEVEL. */
static DECLSPEC_NOINLINE VOID SpinReleaseAfterLowering(void *Context)
{
    KIRQL OldIrql;

    UNREFERENCED_PARAMETER(Context);
    KeAcquireSpinLock(&SpinQueueLock, &OldIrql);
    InitializeListHead(&SpinQueue);
    KeLowerIrql(OldIrql);
    KeReleaseSpinLock(&SpinQueueLock, OldIrql);
}

/* BUG: the error path releases the lock the common path already released. */
static DECLSPEC_NOINLINE VOID SpinReleaseTwice(void *Context)
{
    KIRQL OldIrql;

    UNREFERENCED_PARAMETER(Context);
    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    KeAcquireSpinLockAtDpcLevel(&SpinQueueLock);
    KeReleaseSpinLockFromDpcLevel(&SpinQueueLock);
    KeReleaseSpinLockFromDpcLevel(&SpinQueueLock);
    KeLowerIrql(OldIrql);
}

static DECLSPEC_NOINLINE VOID SpinInner(VOID)
{
    KIRQL OldIrql;
    KeAcquireSpinLock(&SpinQueueLock, &OldIrql);      /* BUG: the caller holds it */
    KeReleaseSpinLock(&SpinQueueLock, OldIrql);
}

static DECLSPEC_NOINLINE VOID SpinAcquireRecursively(void *Context)
{
    KIRQL OldIrql;

    UNREFERENCED_PARAMETER(Context);
    KeAcquireSpinLock(&SpinQueueLock, &OldIrql);
    SpinInner();
    KeReleaseSpinLock(&SpinQueueLock, OldIrql);
}

static void bugs_spinlock_test_release_at_passive_bugchecks_0x9(KTEST *t)
{
    KMODE_BUGCHECK bc;

    KeInitializeSpinLock(&SpinQueueLock);
    if (BugsCatch(t, SpinReleaseAfterLowering, NULL, &bc)) {
        KT_EXPECT_EQ(t, bc.Code, IRQL_NOT_GREATER_OR_EQUAL);
        KT_EXPECT_EQ(t, bc.Parameter1, PASSIVE_LEVEL);
        KT_EXPECT_EQ(t, bc.Parameter2, DISPATCH_LEVEL);
        KT_EXPECT_EQ(t, bc.Parameter3, (ULONG_PTR)&SpinQueueLock);
        BUGS_EXPECT_IN_FUNCTION(t, bc.Parameter4, SpinReleaseAfterLowering);
        BUGS_EXPECT_BLAMES(t, bc, "SpinReleaseAfterLowering");
        KT_EXPECT_CONTAINS(t, bc.Report, "CURRENT_IRQL:  0 (PASSIVE_LEVEL)");
        /* Still held: the report says so, and who took it. */
        KT_EXPECT_CONTAINS(t, bc.Report, "LOCKS_HELD:  1\n");
        KT_EXPECT_CONTAINS(t, bc.Report, " KSPIN_LOCK, acquired at test-bugs!SpinReleaseAfterLowering+0x");
    }
    KeInitializeSpinLock(&SpinQueueLock);             /* the abandoned frame held it */
}

static void bugs_spinlock_test_double_release_bugchecks_0x10(KTEST *t)
{
    KMODE_BUGCHECK bc;

    KeInitializeSpinLock(&SpinQueueLock);
    if (BugsCatch(t, SpinReleaseTwice, NULL, &bc)) {
        BUGS_EXPECT_BUGCHECK(t, bc, SPIN_LOCK_NOT_OWNED, &SpinQueueLock, 0, 0, 0);
        BUGS_EXPECT_BLAMES(t, bc, "SpinReleaseTwice");
        KT_EXPECT_CONTAINS(t, bc.Report, "CURRENT_IRQL:  2 (DISPATCH_LEVEL)");
        KT_EXPECT_FALSE(t, ktest_contains(bc.Report, "LOCKS_HELD"));
    }
    KeInitializeSpinLock(&SpinQueueLock);
}

static void bugs_spinlock_test_recursive_acquire_bugchecks_0xf(KTEST *t)
{
    KMODE_BUGCHECK bc;

    KeInitializeSpinLock(&SpinQueueLock);
    if (BugsCatch(t, SpinAcquireRecursively, NULL, &bc)) {
        BUGS_EXPECT_BUGCHECK(t, bc, SPIN_LOCK_ALREADY_OWNED, &SpinQueueLock, 0, 0, 0);
        BUGS_EXPECT_BLAMES(t, bc, "SpinInner");
        KT_EXPECT_CONTAINS(t, bc.Report, " KSPIN_LOCK, acquired at test-bugs!SpinAcquireRecursively+0x");
    }
    KeInitializeSpinLock(&SpinQueueLock);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(bugs_spinlock_test_release_at_passive_bugchecks_0x9),
    KTEST_CASE_ENTRY(bugs_spinlock_test_double_release_bugchecks_0x10),
    KTEST_CASE_ENTRY(bugs_spinlock_test_recursive_acquire_bugchecks_0xf),
    { 0 },
};
KTEST_SUITE(bugs_spinlock, cases);
