/*
 * PURPOSE: Tests for system work items written as WDK driver code: ExInitializeWorkItem /
 * ExQueueWorkItem run the routine at PASSIVE_LEVEL on a system worker thread, from
 * PASSIVE_LEVEL or DISPATCH_LEVEL callers, many at once, requeued from their own routine;
 * queuing a queued item or an unknown queue type bugchecks.
 */
#include <ntddk.h>
#include <kmode/bugcheck.h>
#include "ktest.h"

typedef struct _ITEM_CONTEXT {
    WORK_QUEUE_ITEM Item;
    KEVENT Done;
    KIRQL Irql;
    BOOLEAN System;
    PETHREAD Thread;
    LONG Runs;
    LONG Requeue;              /* run this many more times by requeuing itself */
    WORK_QUEUE_TYPE Queue;
} ITEM_CONTEXT;

static VOID NTAPI Record(PVOID Parameter)
{
    ITEM_CONTEXT *c = Parameter;
    c->Irql = KeGetCurrentIrql();
    c->Thread = PsGetCurrentThread();
    c->System = PsIsSystemThread(c->Thread);
    c->Runs++;
    if (c->Requeue > 0) {
        c->Requeue--;
        ExQueueWorkItem(&c->Item, c->Queue);   /* the item is free again once it runs */
        return;
    }
    KeSetEvent(&c->Done, IO_NO_INCREMENT, FALSE);
}

static void RunOne(KTEST *t, WORK_QUEUE_TYPE Queue, BOOLEAN AtDispatch, LONG Requeue)
{
    ITEM_CONTEXT c;
    KIRQL old = PASSIVE_LEVEL;

    RtlZeroMemory(&c, sizeof c);
    KeInitializeEvent(&c.Done, NotificationEvent, FALSE);
    c.Requeue = Requeue;
    c.Queue = Queue;
    ExInitializeWorkItem(&c.Item, Record, &c);
    KT_EXPECT_TRUE(t, c.Item.List.Flink == NULL);
    if (AtDispatch)
        KeRaiseIrql(DISPATCH_LEVEL, &old);
    ExQueueWorkItem(&c.Item, Queue);
    if (AtDispatch)
        KeLowerIrql(old);
    KT_ASSERT_EQ(t, KeWaitForSingleObject(&c.Done, Executive, KernelMode, FALSE, NULL),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, c.Irql, PASSIVE_LEVEL);
    KT_EXPECT_TRUE(t, c.System);
    KT_EXPECT_TRUE(t, c.Thread != PsGetCurrentThread());
    KT_EXPECT_EQ(t, c.Runs, Requeue + 1);
}

static void ps_workitems_test_run_at_passive_on_system_thread(KTEST *t)
{
    RunOne(t, CriticalWorkQueue, FALSE, 0);
    RunOne(t, DelayedWorkQueue, FALSE, 0);
    RunOne(t, HyperCriticalWorkQueue, FALSE, 0);
}

static void ps_workitems_test_queue_from_dispatch_level(KTEST *t)
{
    RunOne(t, DelayedWorkQueue, TRUE, 0);
    RunOne(t, CriticalWorkQueue, TRUE, 0);
}

static void ps_workitems_test_requeue_from_routine(KTEST *t)
{
    RunOne(t, DelayedWorkQueue, FALSE, 5);
}

#define MANY 600

typedef struct _MANY_CONTEXT {
    WORK_QUEUE_ITEM Items[MANY];
    volatile LONG Count;
    LONG Ran[MANY];
    KEVENT AllDone;
} MANY_CONTEXT;

static MANY_CONTEXT Many;

static VOID NTAPI CountOne(PVOID Parameter)
{
    LONG index = (LONG)(LONG_PTR)Parameter;
    InterlockedIncrement(&Many.Ran[index]);
    if (InterlockedIncrement(&Many.Count) == MANY)
        KeSetEvent(&Many.AllDone, IO_NO_INCREMENT, FALSE);
}

static void ps_workitems_test_many_items_each_run_once(KTEST *t)
{
    static const WORK_QUEUE_TYPE queues[3] = { CriticalWorkQueue, DelayedWorkQueue,
                                               HyperCriticalWorkQueue };

    RtlZeroMemory(&Many, sizeof Many);
    KeInitializeEvent(&Many.AllDone, NotificationEvent, FALSE);
    for (LONG i = 0; i < MANY; i++) {
        ExInitializeWorkItem(&Many.Items[i], CountOne, (PVOID)(LONG_PTR)i);
        ExQueueWorkItem(&Many.Items[i], queues[i % 3]);
    }
    KT_ASSERT_EQ(t, KeWaitForSingleObject(&Many.AllDone, Executive, KernelMode, FALSE, NULL),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Many.Count, MANY);
    for (LONG i = 0; i < MANY; i++)
        KT_EXPECT_EQ(t, Many.Ran[i], 1);
}

/* One work item waits for another of the same queue: the pool grows instead of
   deadlocking. */
typedef struct _PAIR {
    WORK_QUEUE_ITEM First, Second;
    KEVENT SecondRan, BothDone;
} PAIR;

static VOID NTAPI WaitForSecond(PVOID Parameter)
{
    PAIR *p = Parameter;
    KeWaitForSingleObject(&p->SecondRan, Executive, KernelMode, FALSE, NULL);
    KeSetEvent(&p->BothDone, IO_NO_INCREMENT, FALSE);
}

static VOID NTAPI SignalSecond(PVOID Parameter)
{
    PAIR *p = Parameter;
    KeSetEvent(&p->SecondRan, IO_NO_INCREMENT, FALSE);
}

static void ps_workitems_test_item_waiting_for_item_does_not_deadlock(KTEST *t)
{
    PAIR p;

    KeInitializeEvent(&p.SecondRan, NotificationEvent, FALSE);
    KeInitializeEvent(&p.BothDone, NotificationEvent, FALSE);
    ExInitializeWorkItem(&p.First, WaitForSecond, &p);
    ExInitializeWorkItem(&p.Second, SignalSecond, &p);
    ExQueueWorkItem(&p.First, CriticalWorkQueue);
    ExQueueWorkItem(&p.Second, CriticalWorkQueue);
    KT_EXPECT_EQ(t, KeWaitForSingleObject(&p.BothDone, Executive, KernelMode, FALSE, NULL),
                 STATUS_SUCCESS);
}

static WORK_QUEUE_ITEM BadItem;

static VOID NTAPI Never(PVOID Parameter)
{
    (void)Parameter;
}

static void QueueBogusItem(void *Context)
{
    (void)Context;
    ExInitializeWorkItem(&BadItem, Never, NULL);
    BadItem.List.Flink = &BadItem.List;   /* looks queued */
    ExQueueWorkItem(&BadItem, DelayedWorkQueue);
}

static void QueueBadType(void *Context)
{
    (void)Context;
    ExInitializeWorkItem(&BadItem, Never, NULL);
    ExQueueWorkItem(&BadItem, MaximumWorkQueue);
}

static void ps_workitems_test_invalid_items_bugcheck(KTEST *t)
{
    KMODE_BUGCHECK bc;

    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(QueueBogusItem, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, WORKER_INVALID);
    KT_EXPECT_EQ(t, bc.Parameter1, 1);
    KT_EXPECT_EQ(t, bc.Parameter2, (ULONG_PTR)&BadItem);
    KT_EXPECT_EQ(t, bc.Parameter3, (ULONG_PTR)Never);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(QueueBadType, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, WORKER_INVALID);
    KT_EXPECT_EQ(t, bc.Parameter1, 2);
    KT_EXPECT_EQ(t, bc.Parameter3, MaximumWorkQueue);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ps_workitems_test_run_at_passive_on_system_thread),
    KTEST_CASE_ENTRY(ps_workitems_test_queue_from_dispatch_level),
    KTEST_CASE_ENTRY(ps_workitems_test_requeue_from_routine),
    KTEST_CASE_ENTRY(ps_workitems_test_many_items_each_run_once),
    KTEST_CASE_ENTRY(ps_workitems_test_item_waiting_for_item_does_not_deadlock),
    KTEST_CASE_ENTRY(ps_workitems_test_invalid_items_bugcheck),
    {0}
};
KTEST_SUITE(ps_workitems, cases);
