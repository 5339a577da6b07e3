/*
 * PURPOSE: Threaded DPCs (KeInitializeThreadedDpc, src/ke/dpc.c): they run at PASSIVE_LEVEL
 * in their processor's threaded-DPC thread (priority 31), after the processor's ordinary
 * DPCs; KeRemoveQueueDpc and KeFlushQueuedDpcs cover them; with threaded DPCs disabled
 * they are ordinary DPCs at DISPATCH_LEVEL. Runtime mode: switches threaded DPCs off and
 * sets the processor count.
 */
#include <string.h>
#include <ntddk.h>
#include <internal/ke.h>
#include "ktest.h"

typedef struct _TD_LOG {
    volatile LONG Runs;
    KIRQL Irql;
    ULONG Processor;
    KPRIORITY Priority;
    PVOID Arg1;
    volatile LONG Len;
    char Order[16];
    KSPIN_LOCK Lock;
    volatile LONG Finished;
} TD_LOG;

static VOID TdRecord(TD_LOG *log, char what)
{
    LONG i = InterlockedIncrement(&log->Len) - 1;
    if (i < 15)
        log->Order[i] = what;
}

/* Written to work at PASSIVE_LEVEL and at DISPATCH_LEVEL, as a threaded DPC must be. */
static VOID TdRoutine(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    TD_LOG *log = (TD_LOG *)Context;
    KIRQL old;

    (void)Dpc; (void)Arg2;
    log->Irql = KeGetCurrentIrql();
    log->Processor = KeGetCurrentProcessorNumber();
    log->Priority = KeQueryPriorityThread(KeGetCurrentThread());
    log->Arg1 = Arg1;
    old = KeAcquireSpinLockForDpc(&log->Lock);
    KeReleaseSpinLockForDpc(&log->Lock, old);
    TdRecord(log, 'T');
    InterlockedIncrement(&log->Runs);
}

static VOID TdNormalRoutine(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    (void)Dpc; (void)Arg1; (void)Arg2;
    TdRecord((TD_LOG *)Context, 'N');
}

static void ke_dpc_threaded_test_runs_at_passive_in_a_priority_31_thread(KTEST *t)
{
    ULONG saved = KiProcessorCount;
    KDPC dpc;
    TD_LOG log;

    KiSetProcessorCountForTest(2);
    memset(&log, 0, sizeof log);
    KeInitializeSpinLock(&log.Lock);
    KeInitializeThreadedDpc(&dpc, TdRoutine, &log);
    KT_EXPECT_EQ(t, dpc.Type, 24);                  /* ThreadedDpcObject */
    KeSetTargetProcessorDpc(&dpc, 1);
    KT_EXPECT_TRUE(t, KeInsertQueueDpc(&dpc, (PVOID)7, NULL));
    KeFlushQueuedDpcs();
    KT_EXPECT_EQ(t, log.Runs, 1);
    KT_EXPECT_EQ(t, log.Irql, PASSIVE_LEVEL);
    KT_EXPECT_EQ(t, log.Processor, 1);
    KT_EXPECT_EQ(t, log.Priority, 31);
    KT_EXPECT_PTR_EQ(t, log.Arg1, (PVOID)7);
    KT_EXPECT_TRUE(t, (dpc.ProcessorHistory & 2) != 0);
    KiSetProcessorCountForTest(saved);
}

static void ke_dpc_threaded_test_disabled_runs_as_ordinary_dpc(KTEST *t)
{
    KDPC dpc;
    TD_LOG log;

    memset(&log, 0, sizeof log);
    KeInitializeSpinLock(&log.Lock);
    KiSetThreadedDpcsEnabled(FALSE);
    KeInitializeThreadedDpc(&dpc, TdRoutine, &log);
    KT_EXPECT_TRUE(t, KeInsertQueueDpc(&dpc, NULL, NULL));
    /* An ordinary untargeted DPC queued at PASSIVE_LEVEL has run on return. */
    KT_EXPECT_EQ(t, log.Runs, 1);
    KT_EXPECT_EQ(t, log.Irql, DISPATCH_LEVEL);
    KT_EXPECT_EQ(t, log.Priority, KeQueryPriorityThread(KeGetCurrentThread()));
    KiSetThreadedDpcsEnabled(TRUE);
}

/* Queued together while the processor is at DISPATCH_LEVEL, the ordinary DPC runs first
   even though it was queued second. */
static void ke_dpc_threaded_test_ordinary_dpcs_run_first(KTEST *t)
{
    KDPC threaded, normal;
    TD_LOG log;
    KIRQL old;

    memset(&log, 0, sizeof log);
    KeInitializeSpinLock(&log.Lock);
    KeInitializeThreadedDpc(&threaded, TdRoutine, &log);
    KeInitializeDpc(&normal, TdNormalRoutine, &log);
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    KeSetTargetProcessorDpc(&threaded, (CCHAR)KeGetCurrentProcessorNumber());
    KeSetTargetProcessorDpc(&normal, (CCHAR)KeGetCurrentProcessorNumber());
    KT_EXPECT_TRUE(t, KeInsertQueueDpc(&threaded, NULL, NULL));
    KT_EXPECT_TRUE(t, KeInsertQueueDpc(&normal, NULL, NULL));
    KeLowerIrql(old);
    KeFlushQueuedDpcs();
    KT_EXPECT_EQ(t, log.Len, 2);
    KT_EXPECT_TRUE(t, log.Order[0] == 'N' && log.Order[1] == 'T');
    KT_EXPECT_EQ(t, log.Irql, PASSIVE_LEVEL);
}

/* While the target processor is held, its threaded-DPC thread cannot take the DPC: it stays
   queued, can be removed, and then never runs. */
static void ke_dpc_threaded_test_remove_queued(KTEST *t)
{
    KDPC dpc;
    TD_LOG log;
    KIRQL old;

    memset(&log, 0, sizeof log);
    KeInitializeSpinLock(&log.Lock);
    KeInitializeThreadedDpc(&dpc, TdRoutine, &log);
    KT_EXPECT_FALSE(t, KeRemoveQueueDpc(&dpc));
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    KeSetTargetProcessorDpc(&dpc, (CCHAR)KeGetCurrentProcessorNumber());
    KT_EXPECT_TRUE(t, KeInsertQueueDpc(&dpc, (PVOID)1, NULL));
    KT_EXPECT_FALSE(t, KeInsertQueueDpc(&dpc, (PVOID)2, NULL));   /* already queued */
    KT_EXPECT_TRUE(t, KeRemoveQueueDpc(&dpc));
    KT_EXPECT_FALSE(t, KeRemoveQueueDpc(&dpc));
    KeLowerIrql(old);
    KeFlushQueuedDpcs();
    KT_EXPECT_EQ(t, log.Runs, 0);
    /* Queued again after removal, it runs with the new argument. */
    KT_EXPECT_TRUE(t, KeInsertQueueDpc(&dpc, (PVOID)3, NULL));
    KeFlushQueuedDpcs();
    KT_EXPECT_EQ(t, log.Runs, 1);
    KT_EXPECT_PTR_EQ(t, log.Arg1, (PVOID)3);
}

/* At PASSIVE_LEVEL a threaded DPC may wait; KeFlushQueuedDpcs waits for it to finish. */
static VOID TdSlowRoutine(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    TD_LOG *log = (TD_LOG *)Context;
    LARGE_INTEGER delay;

    (void)Dpc; (void)Arg1; (void)Arg2;
    delay.QuadPart = -20 * 10000;      /* 20 ms */
    KeDelayExecutionThread(KernelMode, FALSE, &delay);
    InterlockedIncrement(&log->Finished);
}

static void ke_dpc_threaded_test_flush_waits_for_running_threaded_dpcs(KTEST *t)
{
    KDPC dpcs[4];
    TD_LOG log;

    memset(&log, 0, sizeof log);
    for (int i = 0; i < 4; i++) {
        KeInitializeThreadedDpc(&dpcs[i], TdSlowRoutine, &log);
        KeSetTargetProcessorDpc(&dpcs[i], (CCHAR)(i % KeNumberProcessors));
        KT_EXPECT_TRUE(t, KeInsertQueueDpc(&dpcs[i], NULL, NULL));
    }
    KeFlushQueuedDpcs();
    KT_EXPECT_EQ(t, log.Finished, 4);
}

/* A threaded DPC that requeues itself and one that queues an ordinary DPC: all ran once
   KeFlushQueuedDpcs returns. */
static VOID TdChainRoutine(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    TD_LOG *log = (TD_LOG *)Context;
    (void)Arg2;
    InterlockedIncrement(&log->Runs);
    if ((ULONG_PTR)Arg1 > 0)
        KeInsertQueueDpc(Dpc, (PVOID)((ULONG_PTR)Arg1 - 1), NULL);
}

static void ke_dpc_threaded_test_requeue_from_routine(KTEST *t)
{
    KDPC dpc;
    TD_LOG log;

    memset(&log, 0, sizeof log);
    KeInitializeThreadedDpc(&dpc, TdChainRoutine, &log);
    KT_EXPECT_TRUE(t, KeInsertQueueDpc(&dpc, (PVOID)5, NULL));
    KeFlushQueuedDpcs();
    KT_EXPECT_EQ(t, log.Runs, 6);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ke_dpc_threaded_test_runs_at_passive_in_a_priority_31_thread),
    KTEST_CASE_ENTRY(ke_dpc_threaded_test_disabled_runs_as_ordinary_dpc),
    KTEST_CASE_ENTRY(ke_dpc_threaded_test_ordinary_dpcs_run_first),
    KTEST_CASE_ENTRY(ke_dpc_threaded_test_remove_queued),
    KTEST_CASE_ENTRY(ke_dpc_threaded_test_flush_waits_for_running_threaded_dpcs),
    KTEST_CASE_ENTRY(ke_dpc_threaded_test_requeue_from_routine),
    { 0 },
};
KTEST_SUITE(ke_dpc_threaded, cases);
