/*
 * PURPOSE: Tests for DPCs (src/ke/dpc.c), written as driver code. Multi-threaded stress is
 * in dpc_mp_test.c.
 */
#include <ntddk.h>
#include <kmode/bugcheck.h>
#include "ktest.h"

typedef struct _DPC_LOG {
    LONG Runs;
    KIRQL Irql;
    ULONG Processor;
    PVOID Arg1, Arg2;
    char Order[16];
    LONG OrderLen;
    LONG Requeue;
} DPC_LOG;

static KDEFERRED_ROUTINE LogDpc;

static VOID LogDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    DPC_LOG *log = (DPC_LOG *)Context;
    InterlockedIncrement(&log->Runs);
    log->Irql = KeGetCurrentIrql();
    log->Processor = KeGetCurrentProcessorNumber();
    log->Arg1 = Arg1;
    log->Arg2 = Arg2;
    if (log->OrderLen < 15)
        log->Order[log->OrderLen++] = (char)(ULONG_PTR)Arg1;
    if (log->Requeue > 0) {
        log->Requeue--;
        KeInsertQueueDpc(Dpc, Arg1, Arg2);     /* a DPC may queue itself again */
    }
}

static void ke_dpc_test_passive_insert_runs_at_dispatch_before_return(KTEST *t)
{
    KDPC dpc;
    DPC_LOG log = { 0 };

    KeInitializeDpc(&dpc, LogDpc, &log);
    KT_EXPECT_EQ(t, dpc.Importance, MediumImportance);
    KT_EXPECT_TRUE(t, KeInsertQueueDpc(&dpc, (PVOID)1, (PVOID)2));
    KT_EXPECT_EQ(t, log.Runs, 1);
    KT_EXPECT_EQ(t, log.Irql, DISPATCH_LEVEL);
    KT_EXPECT_PTR_EQ(t, log.Arg1, (PVOID)1);
    KT_EXPECT_PTR_EQ(t, log.Arg2, (PVOID)2);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

static void ke_dpc_test_runs_when_irql_drops(KTEST *t)
{
    KDPC dpc;
    DPC_LOG log = { 0 };
    KIRQL old;

    KeInitializeDpc(&dpc, LogDpc, &log);
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    KT_EXPECT_TRUE(t, KeInsertQueueDpc(&dpc, (PVOID)'a', NULL));
    KT_EXPECT_FALSE(t, KeInsertQueueDpc(&dpc, (PVOID)'b', NULL));   /* already queued */
    KT_EXPECT_EQ(t, log.Runs, 0);                                    /* not while at DISPATCH */
    KeLowerIrql(old);
    KT_EXPECT_EQ(t, log.Runs, 1);
    KT_EXPECT_PTR_EQ(t, log.Arg1, (PVOID)'a');                      /* the first insert's args */
}

static void ke_dpc_test_remove_queued(KTEST *t)
{
    KDPC dpc;
    DPC_LOG log = { 0 };
    KIRQL old;

    KeInitializeDpc(&dpc, LogDpc, &log);
    KT_EXPECT_FALSE(t, KeRemoveQueueDpc(&dpc));
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    KeInsertQueueDpc(&dpc, NULL, NULL);
    KT_EXPECT_TRUE(t, KeRemoveQueueDpc(&dpc));
    KT_EXPECT_FALSE(t, KeRemoveQueueDpc(&dpc));
    KeLowerIrql(old);
    KT_EXPECT_EQ(t, log.Runs, 0);
    KT_EXPECT_TRUE(t, KeInsertQueueDpc(&dpc, NULL, NULL));   /* can be queued again */
    KT_EXPECT_EQ(t, log.Runs, 1);
}

static void ke_dpc_test_importance_orders_the_queue(KTEST *t)
{
    KDPC a, b, c;
    DPC_LOG log = { 0 };
    KIRQL old;

    KeInitializeDpc(&a, LogDpc, &log);
    KeInitializeDpc(&b, LogDpc, &log);
    KeInitializeDpc(&c, LogDpc, &log);
    KeSetImportanceDpc(&b, HighImportance);
    KeSetImportanceDpc(&c, LowImportance);
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    KeInsertQueueDpc(&a, (PVOID)'a', NULL);
    KeInsertQueueDpc(&c, (PVOID)'c', NULL);
    KeInsertQueueDpc(&b, (PVOID)'b', NULL);
    KeLowerIrql(old);
    KT_EXPECT_STREQ(t, log.Order, "bac");
}

static void ke_dpc_test_requeue_from_routine(KTEST *t)
{
    KDPC dpc;
    DPC_LOG log = { 0 };

    log.Requeue = 3;
    KeInitializeDpc(&dpc, LogDpc, &log);
    KeInsertQueueDpc(&dpc, (PVOID)'r', NULL);
    KeFlushQueuedDpcs();
    KT_EXPECT_EQ(t, log.Runs, 4);
}

static void ke_dpc_test_targeted_runs_on_its_processor(KTEST *t)
{
    KDPC dpc;
    DPC_LOG log = { 0 };
    PROCESSOR_NUMBER pn = { 0, 0, 0 };
    CCHAR target = (CCHAR)(KeNumberProcessors - 1);

    KeInitializeDpc(&dpc, LogDpc, &log);
    KeSetTargetProcessorDpc(&dpc, target);
    KT_EXPECT_TRUE(t, KeInsertQueueDpc(&dpc, (PVOID)'t', NULL));
    KeFlushQueuedDpcs();
    KT_EXPECT_EQ(t, log.Runs, 1);
    KT_EXPECT_EQ(t, log.Processor, (ULONG)target);
    KT_EXPECT_EQ(t, log.Irql, DISPATCH_LEVEL);

    pn.Number = (UCHAR)KeNumberProcessors;
    KT_EXPECT_EQ(t, KeSetTargetProcessorDpcEx(&dpc, &pn), STATUS_INVALID_PARAMETER);
    pn.Number = 0;
    pn.Group = 1;
    KT_EXPECT_EQ(t, KeSetTargetProcessorDpcEx(&dpc, &pn), STATUS_INVALID_PARAMETER);
    pn.Group = 0;
    KT_EXPECT_EQ(t, KeSetTargetProcessorDpcEx(&dpc, &pn), STATUS_SUCCESS);
}

static KDEFERRED_ROUTINE RaisingDpc;
static VOID RaisingDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    KIRQL old;
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    KeRaiseIrql(HIGH_LEVEL, &old);           /* and never lowers: a bug */
}

static void QueueRaisingDpc(void *ctx)
{
    static KDPC dpc;
    (void)ctx;
    KeInitializeDpc(&dpc, RaisingDpc, NULL);
    KeInsertQueueDpc(&dpc, NULL, NULL);
}

static void ke_dpc_test_returning_at_wrong_irql_bugchecks(KTEST *t)
{
    KMODE_BUGCHECK bc;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(QueueRaisingDpc, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, IRQL_NOT_LESS_OR_EQUAL);
    KT_EXPECT_EQ(t, bc.Parameter1, (ULONG_PTR)RaisingDpc);
    KT_EXPECT_EQ(t, bc.Parameter2, HIGH_LEVEL);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ke_dpc_test_passive_insert_runs_at_dispatch_before_return),
    KTEST_CASE_ENTRY(ke_dpc_test_runs_when_irql_drops),
    KTEST_CASE_ENTRY(ke_dpc_test_remove_queued),
    KTEST_CASE_ENTRY(ke_dpc_test_importance_orders_the_queue),
    KTEST_CASE_ENTRY(ke_dpc_test_requeue_from_routine),
    KTEST_CASE_ENTRY(ke_dpc_test_targeted_runs_on_its_processor),
    KTEST_CASE_ENTRY(ke_dpc_test_returning_at_wrong_irql_bugchecks),
    { 0 },
};
KTEST_SUITE(ke_dpc, cases);
