/*
 * PURPOSE: Concurrency test for completion against cancellation (run under TSan in CI):
 * issuer threads send threaded IRPs that a driver queues cancelably; a completer thread
 * completes them while a canceller thread keeps cancelling the file's IRPs of every
 * thread (IopCancelIrpsOfFile, the CancelIoEx path). Every request must end exactly once,
 * as STATUS_SUCCESS or STATUS_CANCELLED, with its IOSB written and event set, and no IRP
 * may leak or be freed twice.
 */
#include <pthread.h>
#include <sched.h>
#include <internal/io.h>
#include <internal/ps.h>
#include <internal/ex.h>
#include "ktest.h"
#include "io_irp_stack.h"

#define ISSUERS 3
#define REQUESTS_PER_ISSUER 1500

static LIST_ENTRY Queue;                  /* Tail.Overlay.ListEntry, under the cancel lock */
static volatile LONG Completed, Cancelled, IssuersDone, Bad;
static FILE_OBJECT File;
static TEST_STACK Stack;

static VOID NTAPI QueueCancel(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    RemoveEntryList(&Irp->Tail.Overlay.ListEntry);
    IoReleaseCancelSpinLock(Irp->CancelIrql);
    Irp->IoStatus.Status = STATUS_CANCELLED;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

static NTSTATUS NTAPI QueueDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    KIRQL Irql;

    UNREFERENCED_PARAMETER(DeviceObject);
    IoMarkIrpPending(Irp);
    IoAcquireCancelSpinLock(&Irql);
    if (Irp->Cancel) {
        IoReleaseCancelSpinLock(Irql);
        Irp->IoStatus.Status = STATUS_CANCELLED;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_PENDING;
    }
    InsertTailList(&Queue, &Irp->Tail.Overlay.ListEntry);
    IoSetCancelRoutine(Irp, QueueCancel);
    IoReleaseCancelSpinLock(Irql);
    return STATUS_PENDING;
}

/* The filter above: passes everything down, with a completion routine that propagates
   the pending mark as drivers must. */
static NTSTATUS NTAPI FilterCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);
    if (Irp->PendingReturned)
        IoMarkIrpPending(Irp);
    return STATUS_CONTINUE_COMPLETION;
}

static NTSTATUS NTAPI FilterDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    TEST_EXT *e = DeviceObject->DeviceExtension;

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, FilterCompletion, NULL, TRUE, TRUE, TRUE);
    return IoCallDriver(e->Lower, Irp);
}

static void *Issuer(void *Arg)
{
    ULONG i;

    UNREFERENCED_PARAMETER(Arg);
    for (i = 0; i < REQUESTS_PER_ISSUER; i++) {
        IO_STATUS_BLOCK Iosb = { .Status = 0x12345678 };
        KEVENT Event;
        PIRP Irp = IoAllocateIrp(Stack.Top->StackSize, FALSE);

        if (Irp == NULL) {
            __atomic_fetch_add(&Bad, 1, __ATOMIC_RELAXED);
            break;
        }
        KeInitializeEvent(&Event, NotificationEvent, FALSE);
        Irp->UserIosb = &Iosb;
        Irp->UserEvent = &Event;
        Irp->Tail.Overlay.OriginalFileObject = &File;
        IoGetNextIrpStackLocation(Irp)->MajorFunction = IRP_MJ_READ;
        IoGetNextIrpStackLocation(Irp)->FileObject = &File;
        IopQueueThreadIrp(Irp);
        IoCallDriver(Stack.Top, Irp);
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
        if (Iosb.Status == STATUS_SUCCESS)
            __atomic_fetch_add(&Completed, 1, __ATOMIC_RELAXED);
        else if (Iosb.Status == STATUS_CANCELLED)
            __atomic_fetch_add(&Cancelled, 1, __ATOMIC_RELAXED);
        else
            __atomic_fetch_add(&Bad, 1, __ATOMIC_RELAXED);
    }
    IopCancelThreadIrps(PsGetCurrentThread());
    __atomic_fetch_add(&IssuersDone, 1, __ATOMIC_RELEASE);
    return NULL;
}

static void *Completer(void *Arg)
{
    UNREFERENCED_PARAMETER(Arg);
    while (__atomic_load_n(&IssuersDone, __ATOMIC_ACQUIRE) < ISSUERS) {
        PIRP Irp = NULL;
        KIRQL Irql;

        IoAcquireCancelSpinLock(&Irql);
        if (!IsListEmpty(&Queue)) {
            Irp = CONTAINING_RECORD(RemoveHeadList(&Queue), IRP, Tail.Overlay.ListEntry);
            IoSetCancelRoutine(Irp, NULL);
        }
        IoReleaseCancelSpinLock(Irql);
        if (Irp == NULL) {
            sched_yield();
            continue;
        }
        Irp->IoStatus.Status = STATUS_SUCCESS;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
    }
    return NULL;
}

static void *Canceller(void *Arg)
{
    ULONG Round = 0;

    UNREFERENCED_PARAMETER(Arg);
    while (__atomic_load_n(&IssuersDone, __ATOMIC_ACQUIRE) < ISSUERS) {
        IopCancelIrpsOfFile(&File, NULL, NULL, FALSE);
        if (++Round % 4 == 0)
            sched_yield();
    }
    return NULL;
}

static void io_cancel_mp_test_completion_races_cancellation(KTEST *t)
{
    pthread_t Issuers[ISSUERS], Comp, Canc;
    EXP_POOL_TAG_USAGE Before, After;
    ULONG i;

    TestStackInit(&Stack, 2);
    Stack.Driver[0].MajorFunction[IRP_MJ_READ] = QueueDispatch;
    Stack.Driver[1].MajorFunction[IRP_MJ_READ] = FilterDispatch;
    InitializeListHead(&Queue);
    RtlZeroMemory(&File, sizeof File);
    ExpQueryPoolTagUsage(IOP_IRP_TAG, &Before);

    for (i = 0; i < ISSUERS; i++)
        KT_ASSERT_EQ(t, pthread_create(&Issuers[i], NULL, Issuer, NULL), 0);
    KT_ASSERT_EQ(t, pthread_create(&Comp, NULL, Completer, NULL), 0);
    KT_ASSERT_EQ(t, pthread_create(&Canc, NULL, Canceller, NULL), 0);
    for (i = 0; i < ISSUERS; i++)
        pthread_join(Issuers[i], NULL);
    pthread_join(Comp, NULL);
    pthread_join(Canc, NULL);

    KT_EXPECT_EQ(t, Bad, 0);
    KT_EXPECT_EQ(t, Completed + Cancelled, ISSUERS * REQUESTS_PER_ISSUER);
    KT_EXPECT_TRUE(t, IsListEmpty(&Queue));
    ExpQueryPoolTagUsage(IOP_IRP_TAG, &After);
    /* Every IRP was freed: the threads that freed them have exited, which returned their
       IRP lookaside lists to the pool (this thread freed none). */
    KT_EXPECT_EQ(t, After.Allocs[EXP_POOL_KIND_NONPAGED] - After.Frees[EXP_POOL_KIND_NONPAGED],
                 Before.Allocs[EXP_POOL_KIND_NONPAGED] - Before.Frees[EXP_POOL_KIND_NONPAGED]);
    KT_EXPECT_TRUE(t, After.Allocs[EXP_POOL_KIND_NONPAGED] > Before.Allocs[EXP_POOL_KIND_NONPAGED]);
    ktest_log(t, "%d completed, %d cancelled", (int)Completed, (int)Cancelled);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_cancel_mp_test_completion_races_cancellation),
    {0}
};
KTEST_SUITE(io_cancel_mp, cases);
