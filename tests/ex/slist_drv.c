/*
 * PURPOSE: Interlocked lists on one thread (src/ex/slist.c): SLIST order, depth, flush,
 * header layout and the Ex macros; the spin-lock-guarded LIST_ENTRY / SINGLE_LIST_ENTRY
 * routines' return values, also at DISPATCH_LEVEL. Concurrency is in sync_mp_test.c.
 */
#include <ntddk.h>
#include "ktest.h"

typedef struct _ITEM {
    SLIST_ENTRY Link;
    ULONG Value;
} ITEM;

static void ex_slist_test_lifo_depth_and_layout(KTEST *t)
{
    SLIST_HEADER h;
    ITEM items[3];
    KSPIN_LOCK unused = 0;

    KT_EXPECT_EQ(t, sizeof(SLIST_HEADER), 16);
    KT_EXPECT_EQ(t, __alignof__(SLIST_ENTRY), 16);
    InitializeSListHead(&h);
    KT_EXPECT_EQ(t, ExQueryDepthSList(&h), 0);
    KT_EXPECT_PTR_EQ(t, InterlockedPopEntrySList(&h), NULL);
    KT_EXPECT_PTR_EQ(t, InterlockedPushEntrySList(&h, &items[0].Link), NULL);
    KT_EXPECT_PTR_EQ(t, InterlockedPushEntrySList(&h, &items[1].Link), &items[0].Link);
    KT_EXPECT_PTR_EQ(t, ExInterlockedPushEntrySList(&h, &items[2].Link, &unused), &items[1].Link);
    KT_EXPECT_EQ(t, QueryDepthSList(&h), 3);
    KT_EXPECT_EQ(t, h.HeaderX64.Depth, 3);
    KT_EXPECT_EQ(t, h.HeaderX64.NextEntry << 4, (ULONG64)&items[2].Link);
    KT_EXPECT_PTR_EQ(t, items[2].Link.Next, &items[1].Link);
    KT_EXPECT_PTR_EQ(t, InterlockedPopEntrySList(&h), &items[2].Link);
    KT_EXPECT_PTR_EQ(t, ExInterlockedPopEntrySList(&h, &unused), &items[1].Link);
    KT_EXPECT_EQ(t, ExQueryDepthSList(&h), 1);
    KT_EXPECT_PTR_EQ(t, InterlockedPopEntrySList(&h), &items[0].Link);
    KT_EXPECT_PTR_EQ(t, InterlockedPopEntrySList(&h), NULL);
    KT_EXPECT_EQ(t, ExQueryDepthSList(&h), 0);
}

static void ex_slist_test_sequence_changes(KTEST *t)
{
    SLIST_HEADER h;
    ITEM a;
    ULONG64 seq;

    InitializeSListHead(&h);
    seq = h.HeaderX64.Sequence;
    InterlockedPushEntrySList(&h, &a.Link);
    InterlockedPopEntrySList(&h);
    /* Same contents as before, different header: what defeats ABA. */
    KT_EXPECT_EQ(t, h.HeaderX64.NextEntry, 0);
    KT_EXPECT_NE(t, h.HeaderX64.Sequence, seq);
}

static void ex_slist_test_flush_returns_chain(KTEST *t)
{
    SLIST_HEADER h;
    ITEM items[4];
    PSLIST_ENTRY e;
    ULONG n = 0;

    InitializeSListHead(&h);
    KT_EXPECT_PTR_EQ(t, InterlockedFlushSList(&h), NULL);
    for (ULONG i = 0; i < 4; i++) {
        items[i].Value = i;
        InterlockedPushEntrySList(&h, &items[i].Link);
    }
    e = ExInterlockedFlushSList(&h);
    KT_EXPECT_EQ(t, ExQueryDepthSList(&h), 0);
    KT_EXPECT_PTR_EQ(t, InterlockedPopEntrySList(&h), NULL);
    for (; e; e = e->Next, n++)
        KT_EXPECT_EQ(t, CONTAINING_RECORD(e, ITEM, Link)->Value, 3 - n);
    KT_EXPECT_EQ(t, n, 4);
}

static void ex_slist_test_interlocked_list_returns(KTEST *t)
{
    LIST_ENTRY head, a, b, c;
    KSPIN_LOCK lock;

    KeInitializeSpinLock(&lock);
    InitializeListHead(&head);
    KT_EXPECT_PTR_EQ(t, ExInterlockedRemoveHeadList(&head, &lock), NULL);
    KT_EXPECT_PTR_EQ(t, ExInterlockedInsertHeadList(&head, &a, &lock), NULL);
    KT_EXPECT_PTR_EQ(t, ExInterlockedInsertHeadList(&head, &b, &lock), &a);   /* former first */
    KT_EXPECT_PTR_EQ(t, ExInterlockedInsertTailList(&head, &c, &lock), &a);   /* former last */
    KT_EXPECT_TRUE(t, KeTestSpinLock(&lock));
    KT_EXPECT_PTR_EQ(t, ExInterlockedRemoveHeadList(&head, &lock), &b);
    KT_EXPECT_PTR_EQ(t, ExInterlockedRemoveHeadList(&head, &lock), &a);
    KT_EXPECT_PTR_EQ(t, ExInterlockedRemoveHeadList(&head, &lock), &c);
    KT_EXPECT_TRUE(t, IsListEmpty(&head));
    KT_EXPECT_PTR_EQ(t, ExInterlockedInsertTailList(&head, &c, &lock), NULL);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

static void ex_slist_test_interlocked_single_list_at_dispatch(KTEST *t)
{
    SINGLE_LIST_ENTRY head = { NULL }, a, b;
    KSPIN_LOCK lock;
    KIRQL old;

    KeInitializeSpinLock(&lock);
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    KT_EXPECT_PTR_EQ(t, ExInterlockedPopEntryList(&head, &lock), NULL);
    KT_EXPECT_PTR_EQ(t, ExInterlockedPushEntryList(&head, &a, &lock), NULL);
    KT_EXPECT_PTR_EQ(t, ExInterlockedPushEntryList(&head, &b, &lock), &a);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), DISPATCH_LEVEL);
    KT_EXPECT_PTR_EQ(t, ExInterlockedPopEntryList(&head, &lock), &b);
    KT_EXPECT_PTR_EQ(t, ExInterlockedPopEntryList(&head, &lock), &a);
    KT_EXPECT_PTR_EQ(t, head.Next, NULL);
    KT_EXPECT_TRUE(t, KeTestSpinLock(&lock));
    KeLowerIrql(old);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ex_slist_test_lifo_depth_and_layout),
    KTEST_CASE_ENTRY(ex_slist_test_sequence_changes),
    KTEST_CASE_ENTRY(ex_slist_test_flush_returns_chain),
    KTEST_CASE_ENTRY(ex_slist_test_interlocked_list_returns),
    KTEST_CASE_ENTRY(ex_slist_test_interlocked_single_list_at_dispatch),
    {0}
};
KTEST_SUITE(ex_slist, cases);
