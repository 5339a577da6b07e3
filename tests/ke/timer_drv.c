/*
 * PURPOSE: Tests for kernel timers (src/ke/timer.c), written as driver code. Every wait on a
 * timer is bounded by the timer itself (it will expire); no test asserts an upper time bound.
 */
#include <ntddk.h>
#include "ktest.h"

typedef struct _TIMER_CTX {
    KEVENT Done;
    volatile LONG Runs;
    LONG StopAfter;
    PKTIMER Timer;
    KIRQL Irql;
    PVOID Arg1, Arg2;
} TIMER_CTX;

static KDEFERRED_ROUTINE TimerDpc;
static VOID TimerDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    TIMER_CTX *c = (TIMER_CTX *)Context;
    UNREFERENCED_PARAMETER(Dpc);
    c->Irql = KeGetCurrentIrql();
    c->Arg1 = Arg1;
    c->Arg2 = Arg2;
    if (InterlockedIncrement(&c->Runs) == c->StopAfter) {
        KeCancelTimer(c->Timer);
        KeSetEvent(&c->Done, 0, FALSE);
    }
}

static void ke_timer_test_one_shot_signals_and_runs_dpc(KTEST *t)
{
    KTIMER timer;
    KDPC dpc;
    TIMER_CTX c = { 0 };
    LARGE_INTEGER due, before, now;

    KeInitializeEvent(&c.Done, NotificationEvent, FALSE);
    c.StopAfter = 1;
    c.Timer = &timer;
    KeInitializeTimer(&timer);
    KeInitializeDpc(&dpc, TimerDpc, &c);
    KT_EXPECT_FALSE(t, KeReadStateTimer(&timer));
    KeQuerySystemTime(&before);
    due.QuadPart = -10 * 1000 * 2;                    /* 2 ms */
    KT_EXPECT_FALSE(t, KeSetTimer(&timer, due, &dpc));
    KT_EXPECT_EQ(t, KeWaitForSingleObject(&timer, Executive, KernelMode, FALSE, NULL),
                 STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, KeReadStateTimer(&timer));      /* notification timer stays signaled */
    KeWaitForSingleObject(&c.Done, Executive, KernelMode, FALSE, NULL);
    KeQuerySystemTime(&now);
    KT_EXPECT_EQ(t, c.Runs, 1);
    KT_EXPECT_EQ(t, c.Irql, DISPATCH_LEVEL);
    /* SystemArgument1/2 carry the expiry's system time. */
    LARGE_INTEGER when;
    when.LowPart = (ULONG)(ULONG_PTR)c.Arg1;
    when.HighPart = (LONG)(ULONG_PTR)c.Arg2;
    KT_EXPECT_TRUE(t, when.QuadPart >= before.QuadPart && when.QuadPart <= now.QuadPart);
    KT_EXPECT_TRUE(t, now.QuadPart - before.QuadPart >= 2 * 10000);   /* not early */
    KT_EXPECT_FALSE(t, KeCancelTimer(&timer));        /* already expired */
    KeFlushQueuedDpcs();
}

static void ke_timer_test_periodic(KTEST *t)
{
    KTIMER timer;
    KDPC dpc;
    TIMER_CTX c = { 0 };
    LARGE_INTEGER due;

    KeInitializeEvent(&c.Done, NotificationEvent, FALSE);
    c.StopAfter = 5;
    c.Timer = &timer;
    KeInitializeTimerEx(&timer, SynchronizationTimer);
    KeInitializeDpc(&dpc, TimerDpc, &c);
    due.QuadPart = -10 * 1000;                        /* 1 ms, then every 1 ms */
    KeSetTimerEx(&timer, due, 1, &dpc);
    KeWaitForSingleObject(&c.Done, Executive, KernelMode, FALSE, NULL);
    KeFlushQueuedDpcs();
    KT_EXPECT_EQ(t, c.Runs, 5);
    KT_EXPECT_FALSE(t, KeCancelTimer(&timer));        /* the DPC cancelled it */
}

static void ke_timer_test_cancel_and_reset(KTEST *t)
{
    KTIMER timer;
    LARGE_INTEGER far, zero;

    KeInitializeTimer(&timer);
    far.QuadPart = -10 * 1000 * 1000 * 60;            /* a minute: cancelled long before */
    zero.QuadPart = 0;
    KT_EXPECT_FALSE(t, KeSetTimer(&timer, far, NULL));
    KT_EXPECT_TRUE(t, KeSetTimer(&timer, far, NULL)); /* was set: reset */
    KT_EXPECT_TRUE(t, KeCancelTimer(&timer));
    KT_EXPECT_FALSE(t, KeCancelTimer(&timer));
    KT_EXPECT_EQ(t, KeWaitForSingleObject(&timer, Executive, KernelMode, FALSE, &zero), STATUS_TIMEOUT);
}

static void ke_timer_test_synchronization_timer_resets_on_wait(KTEST *t)
{
    KTIMER timer;
    LARGE_INTEGER due, zero;

    KeInitializeTimerEx(&timer, SynchronizationTimer);
    due.QuadPart = -100;                              /* 10 us */
    zero.QuadPart = 0;
    KeSetTimer(&timer, due, NULL);
    KT_EXPECT_EQ(t, KeWaitForSingleObject(&timer, Executive, KernelMode, FALSE, NULL), STATUS_SUCCESS);
    KT_EXPECT_FALSE(t, KeReadStateTimer(&timer));
    KT_EXPECT_EQ(t, KeWaitForSingleObject(&timer, Executive, KernelMode, FALSE, &zero), STATUS_TIMEOUT);
}

static void ke_timer_test_absolute_due_time_in_the_past_expires_at_once(KTEST *t)
{
    KTIMER timer;
    LARGE_INTEGER past;

    KeInitializeTimer(&timer);
    KeQuerySystemTime(&past);
    past.QuadPart -= 10 * 1000 * 1000;                /* a second ago, absolute */
    KeSetTimer(&timer, past, NULL);
    KT_EXPECT_EQ(t, KeWaitForSingleObject(&timer, Executive, KernelMode, FALSE, NULL), STATUS_SUCCESS);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ke_timer_test_one_shot_signals_and_runs_dpc),
    KTEST_CASE_ENTRY(ke_timer_test_periodic),
    KTEST_CASE_ENTRY(ke_timer_test_cancel_and_reset),
    KTEST_CASE_ENTRY(ke_timer_test_synchronization_timer_resets_on_wait),
    KTEST_CASE_ENTRY(ke_timer_test_absolute_due_time_in_the_past_expires_at_once),
    { 0 },
};
KTEST_SUITE(ke_timer, cases);
