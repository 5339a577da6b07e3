/*
 * PURPOSE: The DPC watchdog (src/ke/dpc.c): a DPC routine that runs past the single-DPC
 * limit, or a thread that keeps a processor at DISPATCH_LEVEL past the cumulative limit, is
 * bugcheck 0x133 DPC_WATCHDOG_VIOLATION on that thread; short DPCs are not; and
 * KeQueryDpcWatchdogInformation. The tests set limits of a few clock ticks; a spinning
 * routine spins until the bugcheck (or, if the watchdog failed, for at most 30 s, which
 * fails the test).
 */
#include <stdlib.h>
#include <string.h>
#include <ntddk.h>
#include <kmode/bugcheck.h>
#include <internal/ke.h>
#include "ktest.h"

#define WD_GIVE_UP_100NS (30ull * 10000000ull)

static volatile LONG WdSpun;

static VOID WdSpin(VOID)
{
    ULONG64 start = KeQueryInterruptTime();
    while (KeQueryInterruptTime() - start < WD_GIVE_UP_100NS)
        InterlockedIncrement(&WdSpun);
}

static VOID WdSpinningDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    (void)Dpc; (void)Context; (void)Arg1; (void)Arg2;
    WdSpin();
}

static void WdQueueSpinningDpc(void *ctx)
{
    KDPC dpc;
    (void)ctx;
    KeInitializeDpc(&dpc, WdSpinningDpc, NULL);
    KeInsertQueueDpc(&dpc, NULL, NULL);        /* runs here, now, at DISPATCH_LEVEL */
}

static void WdSpinRaised(void *ctx)
{
    KIRQL old;
    (void)ctx;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    WdSpin();
    KeLowerIrql(old);
}

typedef struct _WD_QUERY {
    NTSTATUS Status;
    KDPC_WATCHDOG_INFORMATION Info;
} WD_QUERY;

static VOID WdQueryDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    WD_QUERY *q = (WD_QUERY *)Context;
    (void)Dpc; (void)Arg1; (void)Arg2;
    memset(&q->Info, 0xCC, sizeof q->Info);
    q->Status = KeQueryDpcWatchdogInformation(&q->Info);
}

static WD_QUERY WdQueryInDpc(void)
{
    WD_QUERY q;
    KDPC dpc;
    KeInitializeDpc(&dpc, WdQueryDpc, &q);
    KeInsertQueueDpc(&dpc, NULL, NULL);
    return q;
}

static void ke_dpc_watchdog_test_defaults_are_windows_limits(KTEST *t)
{
    WD_QUERY q = WdQueryInDpc();

    KT_ASSERT_EQ(t, q.Status, STATUS_SUCCESS);
    /* 20 s and 120 s in 15.625 ms ticks, unless the environment changed them. */
    if (!getenv("KMODE_DPC_TIMEOUT"))
        KT_EXPECT_EQ(t, q.Info.DpcTimeLimit, 1280);
    if (!getenv("KMODE_DPC_WATCHDOG_PERIOD"))
        KT_EXPECT_EQ(t, q.Info.DpcWatchdogLimit, 7680);
    KT_EXPECT_TRUE(t, q.Info.DpcTimeCount <= q.Info.DpcTimeLimit);
    KT_EXPECT_TRUE(t, q.Info.DpcWatchdogCount <= q.Info.DpcWatchdogLimit);
    KT_EXPECT_EQ(t, q.Info.Reserved, 0);
}

static void ke_dpc_watchdog_test_query_outside_a_dpc_fails(KTEST *t)
{
    KDPC_WATCHDOG_INFORMATION info;
    KIRQL old;

    KT_EXPECT_EQ(t, KeQueryDpcWatchdogInformation(&info), STATUS_UNSUCCESSFUL);
    KeRaiseIrql(DISPATCH_LEVEL, &old);          /* DISPATCH_LEVEL, but no DPC */
    KT_EXPECT_EQ(t, KeQueryDpcWatchdogInformation(&info), STATUS_UNSUCCESSFUL);
    KeLowerIrql(old);
}

static void ke_dpc_watchdog_test_query_reports_set_limits(KTEST *t)
{
    WD_QUERY q;

    KiSetDpcWatchdogLimits(100, 400);
    q = WdQueryInDpc();
    KT_EXPECT_EQ(t, q.Status, STATUS_SUCCESS);
    KT_EXPECT_EQ(t, q.Info.DpcTimeLimit, 100);
    KT_EXPECT_EQ(t, q.Info.DpcWatchdogLimit, 400);
    KT_EXPECT_TRUE(t, q.Info.DpcTimeCount <= 100);
    KiSetDpcWatchdogLimits(0, 0);               /* off: limits and counts read 0 */
    q = WdQueryInDpc();
    KT_EXPECT_EQ(t, q.Status, STATUS_SUCCESS);
    KT_EXPECT_EQ(t, q.Info.DpcTimeLimit, 0);
    KT_EXPECT_EQ(t, q.Info.DpcTimeCount, 0);
    KT_EXPECT_EQ(t, q.Info.DpcWatchdogLimit, 0);
    KT_EXPECT_EQ(t, q.Info.DpcWatchdogCount, 0);
    KiSetDpcWatchdogLimits(1280, 7680);
}

static void ke_dpc_watchdog_test_spinning_dpc_is_0x133_single(KTEST *t)
{
    KMODE_BUGCHECK bc;

    memset(&bc, 0, sizeof bc);
    KiSetDpcWatchdogLimits(2, 0);
    KT_EXPECT_TRUE(t, KmodeCatchBugCheck(WdQueueSpinningDpc, NULL, KMODE_CATCH_QUIET, &bc));
    KiSetDpcWatchdogLimits(1280, 7680);
    KT_EXPECT_EQ(t, bc.Code, DPC_WATCHDOG_VIOLATION);
    KT_EXPECT_EQ(t, bc.Parameter1, 0);          /* a single DPC */
    KT_EXPECT_EQ(t, bc.Parameter2, 3);          /* its time count, past the allotment */
    KT_EXPECT_EQ(t, bc.Parameter3, 2);          /* the allotment */
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
    /* The processor works normally afterwards. */
    WD_QUERY q = WdQueryInDpc();
    KT_EXPECT_EQ(t, q.Status, STATUS_SUCCESS);
}

static void ke_dpc_watchdog_test_raised_irql_held_is_0x133_cumulative(KTEST *t)
{
    KMODE_BUGCHECK bc;

    memset(&bc, 0, sizeof bc);
    KiSetDpcWatchdogLimits(0, 3);
    KT_EXPECT_TRUE(t, KmodeCatchBugCheck(WdSpinRaised, NULL, KMODE_CATCH_QUIET, &bc));
    KiSetDpcWatchdogLimits(1280, 7680);
    KT_EXPECT_EQ(t, bc.Code, DPC_WATCHDOG_VIOLATION);
    KT_EXPECT_EQ(t, bc.Parameter1, 1);          /* cumulative */
    KT_EXPECT_EQ(t, bc.Parameter2, 3);          /* the watchdog period in ticks */
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

/* Short DPCs, queued over many ticks, never trip a limit of one second. */
static volatile LONG WdShortRuns;
static VOID WdShortDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    (void)Dpc; (void)Context; (void)Arg1; (void)Arg2;
    InterlockedIncrement(&WdShortRuns);
}

static void WdManyShortDpcs(void *ctx)
{
    KDPC dpcs[4];
    LARGE_INTEGER pause;
    (void)ctx;
    pause.QuadPart = -2 * 10000;    /* 2 ms: the run spans several clock ticks */
    for (int i = 0; i < 4; i++) {
        KeInitializeDpc(&dpcs[i], WdShortDpc, NULL);
        KeSetTargetProcessorDpc(&dpcs[i], (CCHAR)(i % KeNumberProcessors));
    }
    for (int round = 0; round < 50; round++) {
        for (int i = 0; i < 4; i++)
            KeInsertQueueDpc(&dpcs[i], NULL, NULL);
        KeDelayExecutionThread(KernelMode, FALSE, &pause);
    }
    KeFlushQueuedDpcs();
}

static void ke_dpc_watchdog_test_short_dpcs_are_not_caught(KTEST *t)
{
    KMODE_BUGCHECK bc;

    WdShortRuns = 0;
    KiSetDpcWatchdogLimits(64, 64);
    KT_EXPECT_FALSE(t, KmodeCatchBugCheck(WdManyShortDpcs, NULL, KMODE_CATCH_QUIET, &bc));
    KiSetDpcWatchdogLimits(1280, 7680);
    KT_EXPECT_TRUE(t, WdShortRuns > 0);
}

/* Uncaught, the report names the code, the parameters and the spinning routine's frame
   (the watchdog interrupts the offending thread, so its stack is the one shown). */
static void WdUncaughtChild(void *ctx)
{
    (void)ctx;
    KiSetDpcWatchdogLimits(2, 0);
    WdQueueSpinningDpc(NULL);
}

static void ke_dpc_watchdog_test_report_shows_the_spinning_dpc(KTEST *t)
{
    static char out[65536];
    int rc = ktest_run_isolated(WdUncaughtChild, NULL, out, sizeof out);

    KT_EXPECT_NE(t, rc, 0);
    KT_EXPECT_CONTAINS(t, out, "DPC_WATCHDOG_VIOLATION (133)");
    KT_EXPECT_CONTAINS(t, out, "WdSpinningDpc");
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ke_dpc_watchdog_test_defaults_are_windows_limits),
    KTEST_CASE_ENTRY(ke_dpc_watchdog_test_query_outside_a_dpc_fails),
    KTEST_CASE_ENTRY(ke_dpc_watchdog_test_query_reports_set_limits),
    KTEST_CASE_ENTRY(ke_dpc_watchdog_test_spinning_dpc_is_0x133_single),
    KTEST_CASE_ENTRY(ke_dpc_watchdog_test_raised_irql_held_is_0x133_cumulative),
    KTEST_CASE_ENTRY(ke_dpc_watchdog_test_short_dpcs_are_not_caught),
    KTEST_CASE_ENTRY(ke_dpc_watchdog_test_report_shows_the_spinning_dpc),
    { 0 },
};
KTEST_SUITE(ke_dpc_watchdog, cases);
