/*
 * PURPOSE: Cancel-safe queues under concurrency (src/io/csq.c): one thread inserts IRPs,
 * one cancels many of them while they may be queued, two remove them (by context and by
 * IoCsqRemoveNextIrp, some at DISPATCH_LEVEL). Every IRP is delivered exactly once: either
 * removed (and completed by its remover) or cancelled (completed by CsqCompleteCanceledIrp).
 * Threads wait for each other's progress by polling counters, never for time.
 */
#include <ntddk.h>
#include "ktest.h"

#define IRPS     600
#define REMOVERS 2

typedef struct _TEST_QUEUE {
    IO_CSQ Csq;
    KSPIN_LOCK Lock;
    LIST_ENTRY Head;
    LONG Queued;               /* under Lock */
} TEST_QUEUE;

static TEST_QUEUE Q;
static PIRP Irps[IRPS];
static IO_CSQ_IRP_CONTEXT Contexts[IRPS];
static volatile LONG Completions[IRPS];
static volatile LONG CancelledBy[IRPS], RemovedBy[IRPS];
static volatile LONG Inserted, Delivered, Cancels;

static VOID NTAPI QInsert(PIO_CSQ Csq, PIRP Irp)
{
    TEST_QUEUE *q = CONTAINING_RECORD(Csq, TEST_QUEUE, Csq);
    InsertTailList(&q->Head, &Irp->Tail.Overlay.ListEntry);
    q->Queued++;
}

static VOID NTAPI QRemove(PIO_CSQ Csq, PIRP Irp)
{
    TEST_QUEUE *q = CONTAINING_RECORD(Csq, TEST_QUEUE, Csq);
    RemoveEntryList(&Irp->Tail.Overlay.ListEntry);
    q->Queued--;
}

static PIRP NTAPI QPeek(PIO_CSQ Csq, PIRP Irp, PVOID PeekContext)
{
    TEST_QUEUE *q = CONTAINING_RECORD(Csq, TEST_QUEUE, Csq);
    PLIST_ENTRY e = Irp ? Irp->Tail.Overlay.ListEntry.Flink : q->Head.Flink;
    UNREFERENCED_PARAMETER(PeekContext);
    return e == &q->Head ? NULL : CONTAINING_RECORD(e, IRP, Tail.Overlay.ListEntry);
}

static VOID NTAPI QAcquire(PIO_CSQ Csq, PKIRQL Irql)
{
    KeAcquireSpinLock(&CONTAINING_RECORD(Csq, TEST_QUEUE, Csq)->Lock, Irql);
}

static VOID NTAPI QRelease(PIO_CSQ Csq, KIRQL Irql)
{
    KeReleaseSpinLock(&CONTAINING_RECORD(Csq, TEST_QUEUE, Csq)->Lock, Irql);
}

static VOID NTAPI QCompleteCanceled(PIO_CSQ Csq, PIRP Irp)
{
    UNREFERENCED_PARAMETER(Csq);
    InterlockedIncrement(&CancelledBy[(ULONG_PTR)Irp->Tail.Overlay.DriverContext[0]]);
    Irp->IoStatus.Status = STATUS_CANCELLED;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

static NTSTATUS NTAPI Done(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    InterlockedIncrement(&Completions[(ULONG_PTR)Context]);
    InterlockedIncrement(&Delivered);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static KEVENT Go;                /* all threads start together */

static VOID WaitGo(VOID)
{
    KeWaitForSingleObject(&Go, Executive, KernelMode, FALSE, NULL);
}

static VOID Yield(VOID)
{
    LARGE_INTEGER shortest = { .QuadPart = -1 };
    KeDelayExecutionThread(KernelMode, FALSE, &shortest);
}

static VOID NTAPI Inserter(PVOID Context)
{
    ULONG i;
    UNREFERENCED_PARAMETER(Context);
    WaitGo();
    for (i = 0; i < IRPS; i++) {
        IoCsqInsertIrp(&Q.Csq, Irps[i], (i % 2) ? &Contexts[i] : NULL);
        InterlockedIncrement(&Inserted);
    }
}

static VOID NTAPI CancelWorker(PVOID Context)
{
    ULONG i;
    UNREFERENCED_PARAMETER(Context);
    WaitGo();
    for (i = 0; i < IRPS; i++) {
        if (i % 3 == 2)
            continue;
        while ((ULONG)InterlockedCompareExchange(&Inserted, 0, 0) <= i)
            Yield();
        if (IoCancelIrp(Irps[i]))
            InterlockedIncrement(&Cancels);
    }
}

static VOID Deliver(PIRP Irp)
{
    InterlockedIncrement(&RemovedBy[(ULONG_PTR)Irp->Tail.Overlay.DriverContext[0]]);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

static VOID NTAPI Remover(PVOID Context)
{
    ULONG id = (ULONG)(ULONG_PTR)Context, round = 0;

    WaitGo();
    while (InterlockedCompareExchange(&Delivered, 0, 0) < IRPS) {
        KIRQL old = PASSIVE_LEVEL;
        PIRP irp;
        round++;
        if (round % 2)
            KeRaiseIrql(DISPATCH_LEVEL, &old);
        if (id == 0 && round % 3 == 0) {
            /* By context: an odd IRP that may or may not still be queued. */
            ULONG i = (round * 7) % IRPS | 1;
            if ((ULONG)InterlockedCompareExchange(&Inserted, 0, 0) > i)
                irp = IoCsqRemoveIrp(&Q.Csq, &Contexts[i]);
            else
                irp = NULL;
        } else {
            irp = IoCsqRemoveNextIrp(&Q.Csq, NULL);
        }
        if (irp)
            Deliver(irp);
        if (round % 2)
            KeLowerIrql(old);
        if (irp == NULL && round % 64 == 0)
            Yield();
    }
}

static PVOID Start(KTEST *t, PKSTART_ROUTINE Routine, PVOID Context)
{
    HANDLE h;
    PVOID thread = NULL;
    if (PsCreateSystemThread(&h, THREAD_ALL_ACCESS, NULL, NULL, NULL, Routine, Context) !=
        STATUS_SUCCESS) {
        KT_FAIL(t, "PsCreateSystemThread failed");
        return NULL;
    }
    ObReferenceObjectByHandle(h, SYNCHRONIZE, *PsThreadType, KernelMode, &thread, NULL);
    ZwClose(h);
    return thread;
}

static void io_csq_mp_test_each_irp_delivered_once(KTEST *t)
{
    PVOID threads[2 + REMOVERS];
    LONG cancelled = 0, removed = 0;
    ULONG i;

    KeInitializeEvent(&Go, NotificationEvent, FALSE);
    KeInitializeSpinLock(&Q.Lock);
    InitializeListHead(&Q.Head);
    IoCsqInitialize(&Q.Csq, QInsert, QRemove, QPeek, QAcquire, QRelease, QCompleteCanceled);
    for (i = 0; i < IRPS; i++) {
        Irps[i] = IoAllocateIrp(1, FALSE);
        KT_ASSERT_TRUE(t, Irps[i] != NULL);
        IoSetCompletionRoutine(Irps[i], Done, (PVOID)(ULONG_PTR)i, TRUE, TRUE, TRUE);
        IoSetNextIrpStackLocation(Irps[i]);
        Irps[i]->Tail.Overlay.DriverContext[0] = (PVOID)(ULONG_PTR)i;
    }
    threads[0] = Start(t, Inserter, NULL);
    threads[1] = Start(t, CancelWorker, NULL);
    for (i = 0; i < REMOVERS; i++)
        threads[2 + i] = Start(t, Remover, (PVOID)(ULONG_PTR)i);
    KeSetEvent(&Go, IO_NO_INCREMENT, FALSE);
    for (i = 0; i < 2 + REMOVERS; i++) {
        KT_ASSERT_TRUE(t, threads[i] != NULL);
        KeWaitForSingleObject(threads[i], Executive, KernelMode, FALSE, NULL);
        ObDereferenceObject(threads[i]);
    }
    for (i = 0; i < IRPS; i++) {
        if (Completions[i] != 1 || CancelledBy[i] + RemovedBy[i] != 1)
            KT_FAIL(t, "IRP %u: %d completions, cancelled %d, removed %d", i,
                    (int)Completions[i], (int)CancelledBy[i], (int)RemovedBy[i]);
        cancelled += CancelledBy[i];
        removed += RemovedBy[i];
        IoFreeIrp(Irps[i]);
    }
    KT_EXPECT_EQ(t, cancelled, Cancels);       /* IoCancelIrp TRUE <=> the CSQ cancelled it */
    KT_EXPECT_EQ(t, cancelled + removed, IRPS);
    KT_EXPECT_EQ(t, Q.Queued, 0);
    KT_EXPECT_TRUE(t, IsListEmpty(&Q.Head));
    ktest_log(t, "%d cancelled, %d removed", (int)cancelled, (int)removed);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_csq_mp_test_each_irp_delivered_once),
    {0}
};
KTEST_SUITE(io_csq_mp, cases);
