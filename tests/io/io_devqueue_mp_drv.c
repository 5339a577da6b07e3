/*
 * PURPOSE: Device queues under concurrency (src/ke/devqueue.c): system threads insert
 * entries at DISPATCH_LEVEL; whoever finds the queue idle becomes its owner and drains it,
 * so processing is serialized; others take queued entries back out with
 * KeRemoveEntryDeviceQueue ("cancel"). Every entry is processed or cancelled exactly once.
 * Bounded loops, no timing.
 */
#include <ntddk.h>
#include "ktest.h"

#define THREADS 4
#define ITEMS   1500

typedef struct _ITEM {
    KDEVICE_QUEUE_ENTRY Entry;
    LONG Processed;          /* plain: only the queue owner touches it */
    LONG Cancelled;          /* plain: only the thread whose removal succeeded */
} ITEM;

static KDEVICE_QUEUE Queue;
static ITEM Items[THREADS][ITEMS];
static volatile LONG InProcess, Violations, Queued;
static LONG Total;           /* plain: serialized by the busy protocol */

static VOID Process(PKDEVICE_QUEUE_ENTRY Entry)
{
    ITEM *Item = CONTAINING_RECORD(Entry, ITEM, Entry);
    if (InterlockedExchange(&InProcess, 1) != 0)
        InterlockedIncrement(&Violations);
    Item->Processed++;
    Total++;
    InterlockedExchange(&InProcess, 0);
}

static VOID NTAPI Worker(PVOID Context)
{
    ULONG id = (ULONG)(ULONG_PTR)Context;
    KIRQL old;
    int i;

    for (i = 0; i < ITEMS; i++) {
        ITEM *Item = &Items[id][i];
        BOOLEAN queued;

        KeRaiseIrql(DISPATCH_LEVEL, &old);
        if ((i + id) % 2)
            queued = KeInsertByKeyDeviceQueue(&Queue, &Item->Entry, (ULONG)(i % 7));
        else
            queued = KeInsertDeviceQueue(&Queue, &Item->Entry);
        if (!queued) {
            PKDEVICE_QUEUE_ENTRY Next;
            /* The queue was idle: this thread owns it until it is idle again. */
            Process(&Item->Entry);
            for (;;) {
                Next = (i % 3) ? KeRemoveDeviceQueue(&Queue)
                               : KeRemoveByKeyDeviceQueue(&Queue, (ULONG)(i % 5));
                if (Next == NULL)
                    break;
                Process(Next);
            }
        }
        if (queued)
            InterlockedIncrement(&Queued);
        /* At DISPATCH_LEVEL (allowed) or below, racing the owner for the entry. */
        if (i % 3 == 1)
            KeLowerIrql(old);
        if (queued && i % 3 != 2 && KeRemoveEntryDeviceQueue(&Queue, &Item->Entry))
            Item->Cancelled++;
        if (i % 3 != 1)
            KeLowerIrql(old);
    }
}

static void io_devqueue_mp_test_busy_protocol_serializes(KTEST *t)
{
    HANDLE handles[THREADS];
    PVOID threads[THREADS];
    LONG processed = 0, cancelled = 0;
    int i, j;

    KeInitializeDeviceQueue(&Queue);
    for (i = 0; i < THREADS; i++) {
        KT_ASSERT_EQ(t, PsCreateSystemThread(&handles[i], THREAD_ALL_ACCESS, NULL, NULL, NULL,
                                             Worker, (PVOID)(ULONG_PTR)i), STATUS_SUCCESS);
        KT_ASSERT_EQ(t, ObReferenceObjectByHandle(handles[i], SYNCHRONIZE, *PsThreadType,
                                                  KernelMode, &threads[i], NULL), STATUS_SUCCESS);
        ZwClose(handles[i]);
    }
    for (i = 0; i < THREADS; i++) {
        KeWaitForSingleObject(threads[i], Executive, KernelMode, FALSE, NULL);
        ObDereferenceObject(threads[i]);
    }
    KT_EXPECT_EQ(t, Violations, 0);
    for (i = 0; i < THREADS; i++) {
        for (j = 0; j < ITEMS; j++) {
            ITEM *Item = &Items[i][j];
            if (Item->Processed + Item->Cancelled != 1)
                KT_FAIL(t, "item %d/%d processed %d times, cancelled %d times", i, j,
                        (int)Item->Processed, (int)Item->Cancelled);
            processed += Item->Processed;
            cancelled += Item->Cancelled;
        }
    }
    KT_EXPECT_EQ(t, processed, Total);
    KT_EXPECT_EQ(t, processed + cancelled, THREADS * ITEMS);
    KT_EXPECT_FALSE(t, Queue.Busy);
    KT_EXPECT_TRUE(t, IsListEmpty(&Queue.DeviceListHead));
    ktest_log(t, "%d processed, %d queued, %d cancelled", (int)processed, (int)Queued,
              (int)cancelled);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_devqueue_mp_test_busy_protocol_serializes),
    {0}
};
KTEST_SUITE(io_devqueue_mp, cases);
