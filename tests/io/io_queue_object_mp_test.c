/*
 * PURPOSE: Cross-thread tests for kernel queue objects (src/ke/queue.c): the concurrency
 * limit (a running associated thread holds a slot until it comes back, moves to another
 * queue or ends), LIFO hand-off to waiters, rundown waking waiters. They never depend on
 * timing: they poll the queue's own state under the dispatcher lock.
 */
#include <ntifs.h>
#include <internal/ke.h>
#include "ktest.h"

static LARGE_INTEGER Zero;

typedef struct _ITEM {
    LIST_ENTRY Link;
    int Value;
} ITEM;

static int ValueOf(PLIST_ENTRY e) { return CONTAINING_RECORD(e, ITEM, Link)->Value; }

static ULONG ListLength(PLIST_ENTRY Head)
{
    ULONG n = 0;
    for (PLIST_ENTRY e = Head->Flink; e != Head; e = e->Flink)
        n++;
    return n;
}

/* Starts a system thread; returns its referenced object. */
static PVOID StartThread(KTEST *t, PKSTART_ROUTINE Routine, PVOID Context)
{
    HANDLE h;
    PVOID obj = NULL;
    KT_ASSERT_EQ(t, PsCreateSystemThread(&h, THREAD_ALL_ACCESS, NULL, NULL, NULL, Routine,
                                         Context), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, ObReferenceObjectByHandle(h, SYNCHRONIZE, *PsThreadType, KernelMode, &obj,
                                              NULL), STATUS_SUCCESS);
    ZwClose(h);
    return obj;
}

static void JoinThread(PVOID Thread)
{
    KeWaitForSingleObject(Thread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(Thread);
}

/* Yields until Queue has Count associated threads (all waiting, in these tests). */
static void WaitForAssociated(PRKQUEUE Queue, ULONG Count)
{
    LARGE_INTEGER tick;
    tick.QuadPart = -1000;   /* 100 us: a yield, not a timing assumption */
    while (1) {
        ULONG n;
        KiAcquireDispatcherLock();
        n = ListLength(&Queue->ThreadListHead);
        KiReleaseDispatcherLock();
        if (n >= Count)
            return;
        KeDelayExecutionThread(KernelMode, FALSE, &tick);
    }
}

/* ---- Threads -------------------------------------------------------------------------- */

typedef struct _REMOVER {
    PRKQUEUE Queue;
    PLARGE_INTEGER Timeout;
    PLIST_ENTRY Got;
} REMOVER;

static VOID NTAPI Remover(PVOID Context)
{
    REMOVER *r = Context;
    r->Got = KeRemoveQueue(r->Queue, KernelMode, r->Timeout);
}

static void io_queue_object_mp_test_limit_blocks_second_thread(KTEST *t)
{
    KQUEUE q, other;
    ITEM a = { .Value = 1 }, b = { .Value = 2 };
    REMOVER r = { .Queue = &q, .Timeout = &Zero };
    PVOID th;

    KeInitializeQueue(&q, 1);
    KeInitializeQueue(&other, 1);
    KeInsertQueue(&q, &a.Link);
    KeInsertQueue(&q, &b.Link);
    KT_EXPECT_EQ(t, ValueOf(KeRemoveQueue(&q, KernelMode, &Zero)), 1);   /* this thread runs */
    /* A second thread finds an entry but the one running slot is taken. */
    th = StartThread(t, Remover, &r);
    JoinThread(th);
    KT_EXPECT_EQ(t, (ULONG_PTR)r.Got, STATUS_TIMEOUT);
    KT_EXPECT_EQ(t, KeReadStateQueue(&q), 1);
    KT_EXPECT_EQ(t, q.CurrentCount, 1);   /* the other thread ended: it left the queue */
    /* This thread moves to another queue: its slot is free, a waiter gets the entry. */
    r.Timeout = NULL;
    r.Got = NULL;
    th = StartThread(t, Remover, &r);
    (VOID)KeRemoveQueue(&other, KernelMode, &Zero);
    JoinThread(th);
    KT_ASSERT_TRUE(t, (ULONG_PTR)r.Got != STATUS_TIMEOUT);
    KT_EXPECT_EQ(t, ValueOf(r.Got), 2);
    KT_EXPECT_EQ(t, q.CurrentCount, 0);
    KeRundownQueue(&q);
    KeRundownQueue(&other);
}

static void io_queue_object_mp_test_thread_exit_frees_slot(KTEST *t)
{
    KQUEUE q;
    ITEM a = { .Value = 1 }, b = { .Value = 2 };
    REMOVER r = { .Queue = &q, .Timeout = NULL };

    KeInitializeQueue(&q, 1);
    KeInsertQueue(&q, &a.Link);
    JoinThread(StartThread(t, Remover, &r));   /* takes a, ends while running */
    KT_EXPECT_EQ(t, ValueOf(r.Got), 1);
    KT_EXPECT_EQ(t, q.CurrentCount, 0);
    KeInsertQueue(&q, &b.Link);
    KT_EXPECT_EQ(t, ValueOf(KeRemoveQueue(&q, KernelMode, &Zero)), 2);
    KeRundownQueue(&q);
}

static void io_queue_object_mp_test_waiters_are_served_lifo(KTEST *t)
{
    KQUEUE q;
    ITEM a = { .Value = 1 }, b = { .Value = 2 };
    REMOVER first = { .Queue = &q }, second = { .Queue = &q };
    PVOID t1, t2;

    KeInitializeQueue(&q, 2);
    t1 = StartThread(t, Remover, &first);
    WaitForAssociated(&q, 1);
    t2 = StartThread(t, Remover, &second);
    WaitForAssociated(&q, 2);
    KT_EXPECT_EQ(t, KeInsertQueue(&q, &a.Link), 0);   /* handed over, never queued */
    KT_EXPECT_EQ(t, KeReadStateQueue(&q), 0);
    JoinThread(t2);
    KT_EXPECT_EQ(t, ValueOf(second.Got), 1);          /* the last one to wait */
    KeInsertQueue(&q, &b.Link);
    JoinThread(t1);
    KT_EXPECT_EQ(t, ValueOf(first.Got), 2);
    KeRundownQueue(&q);
}

static void io_queue_object_mp_test_rundown_wakes_waiters(KTEST *t)
{
    KQUEUE q;
    REMOVER r = { .Queue = &q };
    PVOID th;

    KeInitializeQueue(&q, 1);
    th = StartThread(t, Remover, &r);
    WaitForAssociated(&q, 1);
    KT_EXPECT_EQ(t, KeRundownQueue(&q), NULL);
    JoinThread(th);
    KT_EXPECT_EQ(t, (ULONG_PTR)r.Got, STATUS_ABANDONED);
}

static void io_queue_object_mp_test_limit_holds_entries_for_running_threads(KTEST *t)
{
    KQUEUE q;
    ITEM a = { .Value = 1 };
    REMOVER r = { .Queue = &q };
    PVOID th;

    /* A waiter exists, but this thread runs for the queue and the limit is 1: the entry is
       queued, not handed over, until this thread comes back (then it takes it itself). */
    KeInitializeQueue(&q, 1);
    KT_EXPECT_EQ(t, (ULONG_PTR)KeRemoveQueue(&q, KernelMode, &Zero), STATUS_TIMEOUT);
    th = StartThread(t, Remover, &r);
    WaitForAssociated(&q, 2);
    KT_EXPECT_EQ(t, KeInsertQueue(&q, &a.Link), 0);
    KT_EXPECT_EQ(t, KeReadStateQueue(&q), 1);
    KT_EXPECT_EQ(t, ValueOf(KeRemoveQueue(&q, KernelMode, &Zero)), 1);
    KeRundownQueue(&q);   /* the waiter gets STATUS_ABANDONED */
    JoinThread(th);
    KT_EXPECT_EQ(t, (ULONG_PTR)r.Got, STATUS_ABANDONED);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_queue_object_mp_test_limit_blocks_second_thread),
    KTEST_CASE_ENTRY(io_queue_object_mp_test_thread_exit_frees_slot),
    KTEST_CASE_ENTRY(io_queue_object_mp_test_waiters_are_served_lifo),
    KTEST_CASE_ENTRY(io_queue_object_mp_test_rundown_wakes_waiters),
    KTEST_CASE_ENTRY(io_queue_object_mp_test_limit_holds_entries_for_running_threads),
    { 0 }
};
KTEST_SUITE(io_queue_object_mp, cases);
