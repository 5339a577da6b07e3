/*
 * PURPOSE: Bug class "IRQL misuse" (src/ke/README.md): waiting at DISPATCH_LEVEL (0xA
 * IRQL_NOT_LESS_OR_EQUAL: object, IRQL, 0, caller), "lowering" to a higher IRQL (0xA:
 * requested, current, 0, caller), pageable code at DISPATCH_LEVEL (0xD1
 * DRIVER_IRQL_NOT_LESS_OR_EQUAL: code, IRQL, 8, code) and a DPC routine that returns at
 * another IRQL (0xA: routine, IRQL, 0, routine).
 */
#include "bugs.h"

static KSPIN_LOCK IrqlLock;
static KEVENT IrqlEvent;

/* BUG: waits for an event while holding a spin lock. */
static DECLSPEC_NOINLINE VOID IrqlWaitUnderSpinLock(void *Context)
{
    KIRQL OldIrql;

    UNREFERENCED_PARAMETER(Context);
    KeAcquireSpinLock(&IrqlLock, &OldIrql);
    KeWaitForSingleObject(&IrqlEvent, Executive, KernelMode, FALSE, NULL);
    KeReleaseSpinLock(&IrqlLock, OldIrql);
}

/* BUG: restores the IRQL of the wrong KeRaiseIrql (the pair is swapped). */
static DECLSPEC_NOINLINE VOID IrqlSwappedRestore(void *Context)
{
    KIRQL First, Second;

    UNREFERENCED_PARAMETER(Context);
    KeRaiseIrql(APC_LEVEL, &First);
    KeRaiseIrql(DISPATCH_LEVEL, &Second);
    KeLowerIrql(First);
    KeLowerIrql(Second);
}

/* A pageable routine (it would sit in a PAGE section)... */
static DECLSPEC_NOINLINE VOID IrqlPageableHelper(VOID)
{
    PAGED_CODE();
}

/* ...called with a spin lock held. BUG. */
static DECLSPEC_NOINLINE VOID IrqlPageableUnderSpinLock(void *Context)
{
    KIRQL OldIrql;

    UNREFERENCED_PARAMETER(Context);
    KeAcquireSpinLock(&IrqlLock, &OldIrql);
    IrqlPageableHelper();
    KeReleaseSpinLock(&IrqlLock, OldIrql);
}

/* BUG: a DPC routine that drops to PASSIVE_LEVEL. */
static VOID IrqlDpcRoutine(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    KeLowerIrql(PASSIVE_LEVEL);
}

static KDPC IrqlDpc;

static void IrqlQueueDpc(void *Context)
{
    UNREFERENCED_PARAMETER(Context);
    KeInitializeDpc(&IrqlDpc, IrqlDpcRoutine, NULL);
    KeInsertQueueDpc(&IrqlDpc, NULL, NULL);          /* runs before this returns */
}

static void bugs_irql_test_wait_at_dispatch_bugchecks_0xa(KTEST *t)
{
    KMODE_BUGCHECK bc;

    KeInitializeSpinLock(&IrqlLock);
    KeInitializeEvent(&IrqlEvent, NotificationEvent, FALSE);
    if (BugsCatch(t, IrqlWaitUnderSpinLock, NULL, &bc)) {
        KT_EXPECT_EQ(t, bc.Code, IRQL_NOT_LESS_OR_EQUAL);
        KT_EXPECT_EQ(t, bc.Parameter1, (ULONG_PTR)&IrqlEvent);
        KT_EXPECT_EQ(t, bc.Parameter2, DISPATCH_LEVEL);
        KT_EXPECT_EQ(t, bc.Parameter3, 0);
        BUGS_EXPECT_IN_FUNCTION(t, bc.Parameter4, IrqlWaitUnderSpinLock);
        BUGS_EXPECT_BLAMES(t, bc, "IrqlWaitUnderSpinLock");
        KT_EXPECT_CONTAINS(t, bc.Report, "CURRENT_IRQL:  2 (DISPATCH_LEVEL)");
        KT_EXPECT_CONTAINS(t, bc.Report, " KSPIN_LOCK, acquired at test-bugs!IrqlWaitUnderSpinLock+0x");
    }
    KeInitializeSpinLock(&IrqlLock);
}

static void bugs_irql_test_lower_to_higher_bugchecks_0xa(KTEST *t)
{
    KMODE_BUGCHECK bc;

    if (BugsCatch(t, IrqlSwappedRestore, NULL, &bc)) {
        KT_EXPECT_EQ(t, bc.Code, IRQL_NOT_LESS_OR_EQUAL);
        KT_EXPECT_EQ(t, bc.Parameter1, APC_LEVEL);
        KT_EXPECT_EQ(t, bc.Parameter2, PASSIVE_LEVEL);
        KT_EXPECT_EQ(t, bc.Parameter3, 0);
        /* The caller recorded is KeLowerIrql's caller or, in builds where KeLowerIrql does
           not tail-call KfLowerIrql, KeLowerIrql itself: the driver is on the stack. */
        KT_EXPECT_CONTAINS(t, bc.Report, " test-bugs!IrqlSwappedRestore+0x");
    }
}

static void bugs_irql_test_pageable_code_at_dispatch_bugchecks_0xd1(KTEST *t)
{
    KMODE_BUGCHECK bc;

    KeInitializeSpinLock(&IrqlLock);
    if (BugsCatch(t, IrqlPageableUnderSpinLock, NULL, &bc)) {
        KT_EXPECT_EQ(t, bc.Code, DRIVER_IRQL_NOT_LESS_OR_EQUAL);
        BUGS_EXPECT_IN_FUNCTION(t, bc.Parameter1, IrqlPageableHelper);
        KT_EXPECT_EQ(t, bc.Parameter2, DISPATCH_LEVEL);
        KT_EXPECT_EQ(t, bc.Parameter3, 8);
        KT_EXPECT_EQ(t, bc.Parameter4, bc.Parameter1);
        BUGS_EXPECT_BLAMES(t, bc, "IrqlPageableHelper");
        KT_EXPECT_CONTAINS(t, bc.Report, " KSPIN_LOCK, acquired at test-bugs!IrqlPageableUnderSpinLock+0x");
    }
    KeInitializeSpinLock(&IrqlLock);
}

static void bugs_irql_test_dpc_returns_at_passive_bugchecks_0xa(KTEST *t)
{
    KMODE_BUGCHECK bc;

    if (BugsCatch(t, IrqlQueueDpc, NULL, &bc)) {
        BUGS_EXPECT_BUGCHECK(t, bc, IRQL_NOT_LESS_OR_EQUAL, IrqlDpcRoutine, PASSIVE_LEVEL, 0,
                             IrqlDpcRoutine);
        BUGS_EXPECT_BLAMES(t, bc, "IrqlDpcRoutine");
        KT_EXPECT_CONTAINS(t, bc.Report, "A DPC routine returned at an IRQL other than DISPATCH_LEVEL");
    }
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(bugs_irql_test_wait_at_dispatch_bugchecks_0xa),
    KTEST_CASE_ENTRY(bugs_irql_test_lower_to_higher_bugchecks_0xa),
    KTEST_CASE_ENTRY(bugs_irql_test_pageable_code_at_dispatch_bugchecks_0xd1),
    KTEST_CASE_ENTRY(bugs_irql_test_dpc_returns_at_passive_bugchecks_0xa),
    { 0 },
};
KTEST_SUITE(bugs_irql, cases);
