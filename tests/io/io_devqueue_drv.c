/*
 * PURPOSE: Device queues (src/ke/devqueue.c) as a WDK driver uses them: the busy protocol
 * (insert into an idle queue starts it, remove from an empty one stops it), FIFO and
 * by-key order, KeRemoveEntryDeviceQueue, and the IRQL and busy-state checks.
 */
#include <ntddk.h>
#include <kmode/bugcheck.h>
#include "ktest.h"

#define ENTRIES 6

static KDEVICE_QUEUE Queue;
static KDEVICE_QUEUE_ENTRY Entry[ENTRIES];

static void io_devqueue_test_initialize(KTEST *t)
{
    RtlFillMemory(&Queue, sizeof Queue, 0xCC);
    KeInitializeDeviceQueue(&Queue);
    KT_EXPECT_EQ(t, Queue.Type, 20);              /* DeviceQueueObject */
    KT_EXPECT_EQ(t, Queue.Size, sizeof(KDEVICE_QUEUE));
    KT_EXPECT_FALSE(t, Queue.Busy);
    KT_EXPECT_EQ(t, Queue.Hint, 0);
    KT_EXPECT_TRUE(t, IsListEmpty(&Queue.DeviceListHead));
    KT_EXPECT_TRUE(t, KeTestSpinLock(&Queue.Lock));
}

static void io_devqueue_test_insert_idle_then_busy(KTEST *t)
{
    KIRQL old;

    KeInitializeDeviceQueue(&Queue);
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    /* Idle: not queued, the caller processes it; the queue is now busy. */
    KT_EXPECT_FALSE(t, KeInsertDeviceQueue(&Queue, &Entry[0]));
    KT_EXPECT_TRUE(t, Queue.Busy);
    KT_EXPECT_FALSE(t, Entry[0].Inserted);
    KT_EXPECT_TRUE(t, IsListEmpty(&Queue.DeviceListHead));
    /* Busy: queued at the tail. */
    KT_EXPECT_TRUE(t, KeInsertDeviceQueue(&Queue, &Entry[1]));
    KT_EXPECT_TRUE(t, KeInsertDeviceQueue(&Queue, &Entry[2]));
    KT_EXPECT_TRUE(t, Entry[1].Inserted);
    KT_EXPECT_TRUE(t, Entry[2].Inserted);
    KT_EXPECT_PTR_EQ(t, KeRemoveDeviceQueue(&Queue), &Entry[1]);
    KT_EXPECT_FALSE(t, Entry[1].Inserted);
    KT_EXPECT_TRUE(t, Queue.Busy);
    KT_EXPECT_PTR_EQ(t, KeRemoveDeviceQueue(&Queue), &Entry[2]);
    KT_EXPECT_TRUE(t, Queue.Busy);                /* the owner is processing Entry[2] */
    /* Empty and busy: NULL, and the queue is idle again. */
    KT_EXPECT_PTR_EQ(t, KeRemoveDeviceQueue(&Queue), NULL);
    KT_EXPECT_FALSE(t, Queue.Busy);
    /* So the next insert starts it again. */
    KT_EXPECT_FALSE(t, KeInsertDeviceQueue(&Queue, &Entry[3]));
    KT_EXPECT_TRUE(t, Queue.Busy);
    KT_EXPECT_PTR_EQ(t, KeRemoveDeviceQueue(&Queue), NULL);
    KeLowerIrql(old);
    KT_EXPECT_TRUE(t, KeTestSpinLock(&Queue.Lock));
}

static void io_devqueue_test_by_key_ordering(KTEST *t)
{
    static const ULONG keys[ENTRIES - 1] = { 5, 3, 7, 3, 5 };
    /* Expected order: keys ascending, FIFO among equal keys. */
    static const int order[ENTRIES - 1] = { 2, 4, 1, 5, 3 };
    KIRQL old;
    int i;

    KeInitializeDeviceQueue(&Queue);
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    KT_EXPECT_FALSE(t, KeInsertByKeyDeviceQueue(&Queue, &Entry[0], 42));
    KT_EXPECT_EQ(t, Entry[0].SortKey, 42);           /* set even when not queued */
    for (i = 0; i < ENTRIES - 1; i++)
        KT_EXPECT_TRUE(t, KeInsertByKeyDeviceQueue(&Queue, &Entry[i + 1], keys[i]));
    for (i = 0; i < ENTRIES - 1; i++) {
        PKDEVICE_QUEUE_ENTRY e = KeRemoveDeviceQueue(&Queue);
        KT_EXPECT_PTR_EQ(t, e, &Entry[order[i]]);
    }
    KT_EXPECT_PTR_EQ(t, KeRemoveDeviceQueue(&Queue), NULL);
    KT_EXPECT_FALSE(t, Queue.Busy);
    KeLowerIrql(old);
}

static void io_devqueue_test_remove_by_key(KTEST *t)
{
    KIRQL old;

    KeInitializeDeviceQueue(&Queue);
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    KT_EXPECT_FALSE(t, KeInsertDeviceQueue(&Queue, &Entry[0]));
    KT_EXPECT_TRUE(t, KeInsertByKeyDeviceQueue(&Queue, &Entry[1], 10));
    KT_EXPECT_TRUE(t, KeInsertByKeyDeviceQueue(&Queue, &Entry[2], 20));
    KT_EXPECT_TRUE(t, KeInsertByKeyDeviceQueue(&Queue, &Entry[3], 20));
    KT_EXPECT_TRUE(t, KeInsertByKeyDeviceQueue(&Queue, &Entry[4], 30));
    /* The first entry with a key >= 15: the first 20. */
    KT_EXPECT_PTR_EQ(t, KeRemoveByKeyDeviceQueue(&Queue, 15), &Entry[2]);
    /* An exact match. */
    KT_EXPECT_PTR_EQ(t, KeRemoveByKeyDeviceQueue(&Queue, 30), &Entry[4]);
    /* Nothing >= 31: the head entry. */
    KT_EXPECT_PTR_EQ(t, KeRemoveByKeyDeviceQueue(&Queue, 31), &Entry[1]);
    KT_EXPECT_FALSE(t, Entry[1].Inserted);
    KT_EXPECT_PTR_EQ(t, KeRemoveByKeyDeviceQueueIfBusy(&Queue, 0), &Entry[3]);
    KT_EXPECT_TRUE(t, Queue.Busy);
    KT_EXPECT_PTR_EQ(t, KeRemoveByKeyDeviceQueue(&Queue, 0), NULL);
    KT_EXPECT_FALSE(t, Queue.Busy);
    /* IfBusy on an idle queue: NULL, no complaint, still idle. */
    KT_EXPECT_PTR_EQ(t, KeRemoveByKeyDeviceQueueIfBusy(&Queue, 0), NULL);
    KT_EXPECT_FALSE(t, Queue.Busy);
    /* IfBusy on a busy empty queue: NULL and idle. */
    KT_EXPECT_FALSE(t, KeInsertDeviceQueue(&Queue, &Entry[0]));
    KT_EXPECT_PTR_EQ(t, KeRemoveByKeyDeviceQueueIfBusy(&Queue, 0), NULL);
    KT_EXPECT_FALSE(t, Queue.Busy);
    KeLowerIrql(old);
}

static void io_devqueue_test_remove_entry(KTEST *t)
{
    KIRQL old;

    KeInitializeDeviceQueue(&Queue);
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    KT_EXPECT_FALSE(t, KeInsertDeviceQueue(&Queue, &Entry[0]));
    KT_EXPECT_TRUE(t, KeInsertDeviceQueue(&Queue, &Entry[1]));
    KT_EXPECT_TRUE(t, KeInsertDeviceQueue(&Queue, &Entry[2]));
    KT_EXPECT_TRUE(t, KeInsertDeviceQueue(&Queue, &Entry[3]));
    KeLowerIrql(old);

    /* Below DISPATCH_LEVEL is fine for this one (it raises for the lock). */
    KT_EXPECT_TRUE(t, KeRemoveEntryDeviceQueue(&Queue, &Entry[2]));
    KT_EXPECT_FALSE(t, Entry[2].Inserted);
    KT_EXPECT_FALSE(t, KeRemoveEntryDeviceQueue(&Queue, &Entry[2]));   /* already out */
    KT_EXPECT_FALSE(t, KeRemoveEntryDeviceQueue(&Queue, &Entry[0]));   /* being processed */
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
    KT_EXPECT_TRUE(t, Queue.Busy);                 /* the busy state is not touched */

    KeRaiseIrql(DISPATCH_LEVEL, &old);
    KT_EXPECT_TRUE(t, KeRemoveEntryDeviceQueue(&Queue, &Entry[3]));   /* at DISPATCH too */
    KT_EXPECT_PTR_EQ(t, KeRemoveDeviceQueue(&Queue), &Entry[1]);
    KT_EXPECT_PTR_EQ(t, KeRemoveDeviceQueue(&Queue), NULL);
    KeLowerIrql(old);
}

/* ---- Checks ---- */

static void insert_passive(void *ctx)
{
    (void)ctx;
    KeInsertDeviceQueue(&Queue, &Entry[0]);
}

static void insert_by_key_passive(void *ctx)
{
    (void)ctx;
    KeInsertByKeyDeviceQueue(&Queue, &Entry[0], 1);
}

static void remove_passive(void *ctx)
{
    (void)ctx;
    KeRemoveDeviceQueue(&Queue);
}

static void remove_by_key_passive(void *ctx)
{
    (void)ctx;
    KeRemoveByKeyDeviceQueue(&Queue, 1);
}

static void remove_if_busy_passive(void *ctx)
{
    (void)ctx;
    KeRemoveByKeyDeviceQueueIfBusy(&Queue, 1);
}

static void io_devqueue_test_below_dispatch_bugchecks(KTEST *t)
{
    static void (*const routines[])(void *) = {
        insert_passive, insert_by_key_passive, remove_passive, remove_by_key_passive,
        remove_if_busy_passive,
    };
    KMODE_BUGCHECK bc;
    unsigned i;

    for (i = 0; i < sizeof routines / sizeof routines[0]; i++) {
        KeInitializeDeviceQueue(&Queue);
        KT_ASSERT_TRUE(t, KmodeCatchBugCheck(routines[i], NULL, KMODE_CATCH_QUIET, &bc));
        KT_EXPECT_EQ(t, bc.Code, IRQL_NOT_GREATER_OR_EQUAL);
        KT_EXPECT_EQ(t, bc.Parameter1, PASSIVE_LEVEL);
        KT_EXPECT_EQ(t, bc.Parameter2, DISPATCH_LEVEL);
        KT_EXPECT_EQ(t, bc.Parameter3, (ULONG_PTR)&Queue);
        KT_EXPECT_TRUE(t, KeTestSpinLock(&Queue.Lock));   /* checked before locking */
        KT_EXPECT_FALSE(t, Queue.Busy);
        KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
    }
}

static void remove_idle(void *ctx)
{
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    if (ctx)
        KeRemoveByKeyDeviceQueue(&Queue, 0);
    else
        KeRemoveDeviceQueue(&Queue);
    KeLowerIrql(old);
}

static void io_devqueue_test_remove_from_idle_queue_asserts(KTEST *t)
{
    KMODE_BUGCHECK bc;
    int byKey;

    for (byKey = 0; byKey < 2; byKey++) {
        KeInitializeDeviceQueue(&Queue);
        KT_ASSERT_TRUE(t, KmodeCatchBugCheck(remove_idle, (void *)(ULONG_PTR)byKey,
                                             KMODE_CATCH_QUIET, &bc));
        KT_EXPECT_EQ(t, bc.Code, KMODE_EXCEPTION_NOT_HANDLED);
        KT_EXPECT_EQ(t, (ULONG)bc.Parameter1, (ULONG)STATUS_ASSERTION_FAILURE);
        /* Reported after the queue lock was released; the queue is still idle. */
        KT_EXPECT_TRUE(t, KeTestSpinLock(&Queue.Lock));
        KT_EXPECT_FALSE(t, Queue.Busy);
        KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
    }
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_devqueue_test_initialize),
    KTEST_CASE_ENTRY(io_devqueue_test_insert_idle_then_busy),
    KTEST_CASE_ENTRY(io_devqueue_test_by_key_ordering),
    KTEST_CASE_ENTRY(io_devqueue_test_remove_by_key),
    KTEST_CASE_ENTRY(io_devqueue_test_remove_entry),
    KTEST_CASE_ENTRY(io_devqueue_test_below_dispatch_bugchecks),
    KTEST_CASE_ENTRY(io_devqueue_test_remove_from_idle_queue_asserts),
    {0}
};
KTEST_SUITE(io_devqueue, cases);
