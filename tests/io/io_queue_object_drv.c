/*
 * PURPOSE: Tests for kernel queue objects (src/ke/queue.c), written as driver code with
 * ntifs.h: insertion order, the previous-state return values, rundown, timeouts, waiting
 * on the queue itself. Cross-thread cases are in io_queue_object_mp_test.c.
 */
#include <ntifs.h>
#include "ktest.h"

static LARGE_INTEGER Zero;

typedef struct _ITEM {
    LIST_ENTRY Link;
    int Value;
} ITEM;

static int ValueOf(PLIST_ENTRY e) { return CONTAINING_RECORD(e, ITEM, Link)->Value; }

static void io_queue_object_test_layout(KTEST *t)
{
    KT_EXPECT_EQ(t, sizeof(KQUEUE), 0x40);
    KT_EXPECT_EQ(t, FIELD_OFFSET(KQUEUE, EntryListHead), 0x18);
    KT_EXPECT_EQ(t, FIELD_OFFSET(KQUEUE, CurrentCount), 0x28);
    KT_EXPECT_EQ(t, FIELD_OFFSET(KQUEUE, MaximumCount), 0x2C);
    KT_EXPECT_EQ(t, FIELD_OFFSET(KQUEUE, ThreadListHead), 0x30);
}

static void io_queue_object_test_insert_order_and_state(KTEST *t)
{
    KQUEUE q;
    ITEM a = { .Value = 1 }, b = { .Value = 2 }, c = { .Value = 3 };
    PLIST_ENTRY e;

    KeInitializeQueue(&q, 4);
    KT_EXPECT_EQ(t, q.Header.Type, 4);              /* QueueObject */
    KT_EXPECT_EQ(t, q.MaximumCount, 4);
    KT_EXPECT_EQ(t, q.CurrentCount, 0);
    KT_EXPECT_EQ(t, KeReadStateQueue(&q), 0);
    KT_EXPECT_EQ(t, KeInsertQueue(&q, &a.Link), 0);   /* previous state: empty */
    KT_EXPECT_EQ(t, KeInsertQueue(&q, &b.Link), 1);
    KT_EXPECT_EQ(t, KeInsertHeadQueue(&q, &c.Link), 2);
    KT_EXPECT_EQ(t, KeReadStateQueue(&q), 3);
    e = KeRemoveQueue(&q, KernelMode, &Zero);
    KT_EXPECT_EQ(t, ValueOf(e), 3);                   /* the head insertion */
    KT_EXPECT_PTR_EQ(t, e->Flink, NULL);              /* removed entries are marked */
    KT_EXPECT_EQ(t, q.CurrentCount, 1);               /* this thread runs for the queue */
    KT_EXPECT_EQ(t, ValueOf(KeRemoveQueue(&q, KernelMode, &Zero)), 1);
    KT_EXPECT_EQ(t, q.CurrentCount, 1);               /* coming back frees its own slot */
    KT_EXPECT_EQ(t, ValueOf(KeRemoveQueue(&q, KernelMode, NULL)), 2);
    KT_EXPECT_EQ(t, KeReadStateQueue(&q), 0);
    KT_EXPECT_EQ(t, (ULONG_PTR)KeRemoveQueue(&q, KernelMode, &Zero), STATUS_TIMEOUT);
    KT_EXPECT_EQ(t, q.CurrentCount, 1);
    KT_EXPECT_EQ(t, KeRundownQueue(&q), NULL);
    KT_EXPECT_EQ(t, q.CurrentCount, 0);               /* rundown disassociates */
}

static void io_queue_object_test_default_count_is_processors(KTEST *t)
{
    KQUEUE q;
    KeInitializeQueue(&q, 0);
    KT_EXPECT_EQ(t, q.MaximumCount, (ULONG)KeNumberProcessors);
}

static void io_queue_object_test_relative_timeout(KTEST *t)
{
    KQUEUE q;
    LARGE_INTEGER timeout;
    PLIST_ENTRY array[2];

    KeInitializeQueue(&q, 1);
    timeout.QuadPart = -10 * 1000;   /* 1 ms */
    KT_EXPECT_EQ(t, (ULONG_PTR)KeRemoveQueue(&q, KernelMode, &timeout), STATUS_TIMEOUT);
    KT_EXPECT_EQ(t, KeRemoveQueueEx(&q, KernelMode, FALSE, &timeout, array, 2), 1);
    KT_EXPECT_EQ(t, (ULONG_PTR)array[0], STATUS_TIMEOUT);
    KT_EXPECT_EQ(t, q.CurrentCount, 1);
    KeRundownQueue(&q);
}

static void io_queue_object_test_remove_ex_takes_several(KTEST *t)
{
    KQUEUE q;
    ITEM items[5];
    PLIST_ENTRY array[3];

    KeInitializeQueue(&q, 1);
    for (int i = 0; i < 5; i++) {
        items[i].Value = i;
        KeInsertQueue(&q, &items[i].Link);
    }
    KT_ASSERT_EQ(t, KeRemoveQueueEx(&q, KernelMode, FALSE, NULL, array, 3), 3);
    KT_EXPECT_EQ(t, ValueOf(array[0]), 0);
    KT_EXPECT_EQ(t, ValueOf(array[2]), 2);
    KT_ASSERT_EQ(t, KeRemoveQueueEx(&q, KernelMode, FALSE, &Zero, array, 3), 2);
    KT_EXPECT_EQ(t, ValueOf(array[1]), 4);
    KT_EXPECT_EQ(t, KeReadStateQueue(&q), 0);
    KeRundownQueue(&q);
}

static void io_queue_object_test_rundown_returns_entries(KTEST *t)
{
    KQUEUE q;
    ITEM a = { .Value = 1 }, b = { .Value = 2 };
    PLIST_ENTRY first;
    ITEM c = { .Value = 3 };

    KeInitializeQueue(&q, 1);
    KeInsertQueue(&q, &a.Link);
    KeInsertQueue(&q, &b.Link);
    first = KeRundownQueue(&q);
    KT_ASSERT_TRUE(t, first != NULL);
    KT_EXPECT_EQ(t, ValueOf(first), 1);
    KT_EXPECT_EQ(t, ValueOf(first->Flink), 2);
    KT_EXPECT_PTR_EQ(t, first->Flink->Flink, first);  /* circular, without the head */
    KT_EXPECT_EQ(t, KeReadStateQueue(&q), 0);
    /* Run down: removals fail at once, even with a (later, buggy) insertion. */
    KT_EXPECT_EQ(t, (ULONG_PTR)KeRemoveQueue(&q, KernelMode, NULL), STATUS_ABANDONED);
    KeInsertQueue(&q, &c.Link);
    KT_EXPECT_EQ(t, (ULONG_PTR)KeRemoveQueue(&q, KernelMode, &Zero), STATUS_ABANDONED);
    /* Reinitialized, it works again. */
    KeInitializeQueue(&q, 1);
    KeInsertQueue(&q, &c.Link);
    KT_EXPECT_EQ(t, ValueOf(KeRemoveQueue(&q, KernelMode, &Zero)), 3);
    KeRundownQueue(&q);
}

static void io_queue_object_test_queue_is_waitable(KTEST *t)
{
    KQUEUE q;
    ITEM a = { .Value = 1 };

    KeInitializeQueue(&q, 1);
    KT_EXPECT_EQ(t, KeWaitForSingleObject(&q, Executive, KernelMode, FALSE, &Zero), STATUS_TIMEOUT);
    KeInsertQueue(&q, &a.Link);
    KT_EXPECT_EQ(t, KeWaitForSingleObject(&q, Executive, KernelMode, FALSE, &Zero), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, KeReadStateQueue(&q), 1);          /* a plain wait takes nothing */
    KeRundownQueue(&q);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_queue_object_test_layout),
    KTEST_CASE_ENTRY(io_queue_object_test_insert_order_and_state),
    KTEST_CASE_ENTRY(io_queue_object_test_default_count_is_processors),
    KTEST_CASE_ENTRY(io_queue_object_test_relative_timeout),
    KTEST_CASE_ENTRY(io_queue_object_test_remove_ex_takes_several),
    KTEST_CASE_ENTRY(io_queue_object_test_rundown_returns_entries),
    KTEST_CASE_ENTRY(io_queue_object_test_queue_is_waitable),
    { 0 }
};
KTEST_SUITE(io_queue_object, cases);
