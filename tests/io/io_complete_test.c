/*
 * PURPOSE: Tests for the I/O manager's side of completion (src/io/complete.c, cancel.c,
 * internal interface in internal/io.h): threaded IRPs on the thread's IRP list, stage 2
 * (buffered copy-back, system buffer release, IOSB, event, the file-object hook, the free),
 * deferred completion, close operations, allocation failures, IopCancelThreadIrps (with
 * disassociation of an IRP its driver never completes) and IopCancelIrpsOfFile filters.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <kmode/bugcheck.h>
#include <internal/io.h>
#include <internal/ps.h>
#include <internal/ex.h>
#include "ktest.h"
#include "io_irp_stack.h"

/* ---- A bottom driver for threaded IRPs -------------------------------------------------- */

/* What the bottom does with a request: complete with (Status, Info) writing Info bytes of
   'A'..into the system buffer, or queue it cancelably (Cancelable) or not. */
static struct {
    NTSTATUS Status;
    ULONG_PTR Information;
    BOOLEAN Queue;
    BOOLEAN Cancelable;
    LIST_ENTRY Queued;                    /* Tail.Overlay.ListEntry, under the cancel lock */
    LONG Cancelled;
} B;

static VOID NTAPI BottomCancel(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    RemoveEntryList(&Irp->Tail.Overlay.ListEntry);
    IoReleaseCancelSpinLock(Irp->CancelIrql);
    B.Cancelled++;
    Irp->IoStatus.Status = STATUS_CANCELLED;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

static NTSTATUS NTAPI BottomDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    KIRQL Irql;
    ULONG_PTR i;

    UNREFERENCED_PARAMETER(DeviceObject);
    if (B.Queue) {
        IoMarkIrpPending(Irp);
        IoAcquireCancelSpinLock(&Irql);
        InsertTailList(&B.Queued, &Irp->Tail.Overlay.ListEntry);
        if (B.Cancelable)
            IoSetCancelRoutine(Irp, BottomCancel);
        IoReleaseCancelSpinLock(Irql);
        return STATUS_PENDING;
    }
    if (Irp->AssociatedIrp.SystemBuffer != NULL) {
        for (i = 0; i < B.Information; i++)
            ((PUCHAR)Irp->AssociatedIrp.SystemBuffer)[i] = (UCHAR)('A' + i);
    }
    Irp->IoStatus.Status = B.Status;
    Irp->IoStatus.Information = B.Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return B.Status;
}

/* Completes the oldest queued IRP normally (as the driver's own completion path would). */
static PIRP BottomCompleteOne(NTSTATUS Status)
{
    PIRP Irp = NULL;
    KIRQL Irql;

    IoAcquireCancelSpinLock(&Irql);
    if (!IsListEmpty(&B.Queued)) {
        Irp = CONTAINING_RECORD(RemoveHeadList(&B.Queued), IRP, Tail.Overlay.ListEntry);
        IoSetCancelRoutine(Irp, NULL);   /* under the cancel lock: cannot have been taken */
    }
    IoReleaseCancelSpinLock(Irql);
    if (Irp != NULL) {
        Irp->IoStatus.Status = Status;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
    }
    return Irp;
}

static void BottomInit(TEST_STACK *s, ULONG Depth)
{
    TestStackInit(s, Depth);
    s->Driver[0].MajorFunction[IRP_MJ_READ] = BottomDispatch;
    s->Driver[0].MajorFunction[IRP_MJ_DEVICE_CONTROL] = BottomDispatch;
    RtlZeroMemory(&B, sizeof B);
    InitializeListHead(&B.Queued);
}

/* A threaded read the way the Nt layer builds one: buffered, to UserBuffer, with IOSB and
   event, queued on the current thread. */
typedef struct _REQUEST {
    PIRP Irp;
    IO_STATUS_BLOCK Iosb;
    KEVENT Event;
    UCHAR User[64];
} REQUEST;

static PIRP BuildThreaded(REQUEST *r, PDEVICE_OBJECT Top, ULONG Flags, PFILE_OBJECT FileObject)
{
    PIRP Irp = IoAllocateIrp(Top->StackSize, FALSE);

    if (Irp == NULL)
        return NULL;
    memset(r->User, 0xEE, sizeof r->User);
    r->Iosb.Status = 0x12345678;
    r->Iosb.Information = 0xDEAD;
    KeInitializeEvent(&r->Event, NotificationEvent, FALSE);
    Irp->Flags = Flags;
    if (Flags & IRP_BUFFERED_IO) {
        Irp->AssociatedIrp.SystemBuffer = ExAllocatePoolWithTag(NonPagedPoolNx, 32, 'tseT');
        memset(Irp->AssociatedIrp.SystemBuffer, 0, 32);
    }
    Irp->UserBuffer = r->User;
    Irp->UserIosb = &r->Iosb;
    Irp->UserEvent = &r->Event;
    Irp->Tail.Overlay.OriginalFileObject = FileObject;
    IoGetNextIrpStackLocation(Irp)->MajorFunction = IRP_MJ_READ;
    IoGetNextIrpStackLocation(Irp)->Parameters.Read.Length = 32;
    IoGetNextIrpStackLocation(Irp)->FileObject = FileObject;
    IopQueueThreadIrp(Irp);
    r->Irp = Irp;
    return Irp;
}

static LONG64 Outstanding(ULONG Tag)
{
    EXP_POOL_TAG_USAGE u;
    IopFlushIrpLookaside();     /* cached IRPs are not live ones */
    ExpQueryPoolTagUsage(Tag, &u);
    return (LONG64)(u.Allocs[EXP_POOL_KIND_NONPAGED] - u.Frees[EXP_POOL_KIND_NONPAGED]);
}

static ULONG ThreadIrpCount(VOID)
{
    PETHREAD Thread = PsGetCurrentThread();
    PLIST_ENTRY e;
    ULONG n = 0;

    if (Thread->IrpList.Flink == NULL)
        return 0;
    for (e = Thread->IrpList.Flink; e != &Thread->IrpList; e = e->Flink)
        n++;
    return n;
}

static BOOLEAN Signaled(PKEVENT Event)
{
    return KeReadStateEvent(Event) != 0;
}

/* ---- Allocation failure ----------------------------------------------------------------- */

static void io_complete_test_allocation_failure(KTEST *t)
{
    PIRP Master = IoAllocateIrp(2, FALSE);

    KT_ASSERT_TRUE(t, Master != NULL);
    ExpPoolFailNextAllocations(1);
    KT_EXPECT_TRUE(t, IoAllocateIrp(1, FALSE) == NULL);
    ExpPoolFailNextAllocations(1);
    KT_EXPECT_TRUE(t, IoMakeAssociatedIrp(Master, 1) == NULL);
    KT_EXPECT_TRUE(t, IoAllocateIrp(-1, FALSE) == NULL);
    IoFreeIrp(Master);
}

/* ---- Stage 2 -------------------------------------------------------------------------------- */

static void io_complete_test_threaded_irp_on_thread_list(KTEST *t)
{
    TEST_STACK s;
    REQUEST r;
    PIRP Irp;

    BottomInit(&s, 2);
    B.Queue = TRUE;
    Irp = BuildThreaded(&r, s.Top, 0, NULL);
    KT_ASSERT_TRUE(t, Irp != NULL);
    KT_EXPECT_TRUE(t, Irp->Tail.Overlay.Thread == PsGetCurrentThread());
    KT_EXPECT_TRUE(t, IoGetRequestorProcess(Irp) == PsGetCurrentProcess());
    KT_EXPECT_EQ(t, ThreadIrpCount(), 1);
    KT_EXPECT_EQ(t, IoCallDriver(s.Top, Irp), STATUS_PENDING);
    KT_EXPECT_EQ(t, ThreadIrpCount(), 1);
    KT_EXPECT_FALSE(t, Signaled(&r.Event));
    KT_EXPECT_TRUE(t, BottomCompleteOne(STATUS_SUCCESS) == Irp);
    KT_EXPECT_EQ(t, ThreadIrpCount(), 0);
    KT_EXPECT_TRUE(t, Signaled(&r.Event));
    KT_EXPECT_EQ(t, r.Iosb.Status, STATUS_SUCCESS);
    KT_EXPECT_EQ(t, r.Iosb.Information, 0);
}

static void io_complete_test_buffered_copy_back_and_free(KTEST *t)
{
    TEST_STACK s;
    REQUEST r;
    LONG64 Irps = Outstanding(IOP_IRP_TAG), Buffers = Outstanding('tseT');

    BottomInit(&s, 1);
    B.Status = STATUS_SUCCESS;
    B.Information = 5;
    KT_ASSERT_TRUE(t, BuildThreaded(&r, s.Top, IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER |
                                                   IRP_INPUT_OPERATION, NULL) != NULL);
    KT_EXPECT_EQ(t, IoCallDriver(s.Top, r.Irp), STATUS_SUCCESS);
    KT_EXPECT_MEMEQ(t, r.User, "ABCDE", 5);
    KT_EXPECT_EQ(t, r.User[5], 0xEE);                /* exactly Information bytes */
    KT_EXPECT_EQ(t, r.Iosb.Status, STATUS_SUCCESS);
    KT_EXPECT_EQ(t, r.Iosb.Information, 5);
    KT_EXPECT_TRUE(t, Signaled(&r.Event));
    KT_EXPECT_EQ(t, Outstanding(IOP_IRP_TAG), Irps);  /* the IRP is freed */
    KT_EXPECT_EQ(t, Outstanding('tseT'), Buffers);    /* and its system buffer */
    KT_EXPECT_EQ(t, ThreadIrpCount(), 0);
}

static void RunBuffered(KTEST *t, NTSTATUS Status, ULONG Flags, BOOLEAN ExpectCopy)
{
    TEST_STACK s;
    REQUEST r;
    LONG64 Buffers = Outstanding('tseT');

    BottomInit(&s, 1);
    B.Status = Status;
    B.Information = 3;
    KT_ASSERT_TRUE(t, BuildThreaded(&r, s.Top, Flags, NULL) != NULL);
    PVOID SystemBuffer = r.Irp->AssociatedIrp.SystemBuffer;
    IoCallDriver(s.Top, r.Irp);
    KT_EXPECT_EQ(t, r.Iosb.Status, Status);
    KT_EXPECT_EQ(t, r.User[0] == 'A', ExpectCopy);
    if (!(Flags & IRP_DEALLOCATE_BUFFER)) {
        KT_EXPECT_EQ(t, Outstanding('tseT'), Buffers + 1);
        ExFreePool(SystemBuffer);
    }
    KT_EXPECT_EQ(t, Outstanding('tseT'), Buffers);
}

static void io_complete_test_buffered_copy_rules(KTEST *t)
{
    const ULONG In = IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER | IRP_INPUT_OPERATION;

    RunBuffered(t, STATUS_SUCCESS, In, TRUE);
    RunBuffered(t, STATUS_BUFFER_OVERFLOW, In, TRUE);        /* warnings copy */
    RunBuffered(t, STATUS_INVALID_PARAMETER, In, FALSE);     /* errors do not */
    RunBuffered(t, STATUS_VERIFY_REQUIRED, In, FALSE);
    RunBuffered(t, STATUS_SUCCESS, IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER, FALSE);  /* output */
    RunBuffered(t, STATUS_SUCCESS, IRP_BUFFERED_IO | IRP_INPUT_OPERATION, TRUE);     /* kept */
}

static void io_complete_test_deferred_completion(KTEST *t)
{
    TEST_STACK s;
    REQUEST r;
    PIRP Irp;

    /* Synchronous return: stage 2 waits for the caller of IoCallDriver. */
    BottomInit(&s, 1);
    B.Status = STATUS_SUCCESS;
    B.Information = 2;
    Irp = BuildThreaded(&r, s.Top, IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER |
                                       IRP_INPUT_OPERATION | IRP_DEFER_IO_COMPLETION, NULL);
    KT_ASSERT_TRUE(t, Irp != NULL);
    KT_EXPECT_EQ(t, IoCallDriver(s.Top, Irp), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, r.Iosb.Status, 0x12345678);
    KT_EXPECT_FALSE(t, Signaled(&r.Event));
    KT_EXPECT_EQ(t, ThreadIrpCount(), 1);
    KT_EXPECT_EQ(t, Irp->CurrentLocation, 3);          /* walked all the way up */
    IopCompleteRequestStage2(Irp);
    KT_EXPECT_EQ(t, r.Iosb.Status, STATUS_SUCCESS);
    KT_EXPECT_EQ(t, r.Iosb.Information, 2);
    KT_EXPECT_MEMEQ(t, r.User, "AB", 2);
    KT_EXPECT_TRUE(t, Signaled(&r.Event));
    KT_EXPECT_EQ(t, ThreadIrpCount(), 0);

    /* Pended: the completion runs stage 2 itself. */
    BottomInit(&s, 1);
    B.Queue = TRUE;
    Irp = BuildThreaded(&r, s.Top, IRP_DEFER_IO_COMPLETION, NULL);
    KT_ASSERT_TRUE(t, Irp != NULL);
    KT_EXPECT_EQ(t, IoCallDriver(s.Top, Irp), STATUS_PENDING);
    BottomCompleteOne(STATUS_TIMEOUT);
    KT_EXPECT_EQ(t, r.Iosb.Status, STATUS_TIMEOUT);
    KT_EXPECT_TRUE(t, Signaled(&r.Event));
    KT_EXPECT_EQ(t, ThreadIrpCount(), 0);
}

static void io_complete_test_close_operation_left_to_issuer(KTEST *t)
{
    TEST_STACK s;
    IO_STATUS_BLOCK Iosb = { 0 };
    KEVENT Event;
    PIRP Irp;

    BottomInit(&s, 1);
    B.Status = STATUS_SUCCESS;
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Irp = IoAllocateIrp(1, FALSE);
    KT_ASSERT_TRUE(t, Irp != NULL);
    Irp->Flags = IRP_CLOSE_OPERATION | IRP_SYNCHRONOUS_API;
    Irp->UserIosb = &Iosb;
    Irp->UserEvent = &Event;
    Irp->Tail.Overlay.Thread = PsGetCurrentThread();   /* not queued, as Windows' close */
    IoGetNextIrpStackLocation(Irp)->MajorFunction = IRP_MJ_READ;
    IoCallDriver(s.Top, Irp);
    KT_EXPECT_TRUE(t, Signaled(&Event));
    KT_EXPECT_EQ(t, Iosb.Status, STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Irp->Type, IO_TYPE_IRP);           /* still the issuer's */
    IoFreeIrp(Irp);
}

static struct {
    LONG Calls;
    PIRP Irp;
    PFILE_OBJECT FileObject;
    BOOLEAN Dropped;
    NTSTATUS IosbAtCall;
    BOOLEAN StillOnList;
} Hook;

static VOID HookRoutine(PIRP Irp, PFILE_OBJECT FileObject, BOOLEAN Dropped)
{
    Hook.Calls++;
    Hook.Irp = Irp;
    Hook.FileObject = FileObject;
    Hook.Dropped = Dropped;
    Hook.IosbAtCall = Irp->UserIosb != NULL ? Irp->UserIosb->Status : 0;
    Hook.StillOnList = !IsListEmpty(&Irp->ThreadListEntry);
    if (!Dropped && Irp->UserEvent != NULL)
        KeSetEvent(Irp->UserEvent, 0, FALSE);
}

static void *CompleteOneOnAnotherThread(void *Arg)
{
    (void)Arg;
    (void)BottomCompleteOne(STATUS_SUCCESS);
    return NULL;
}

static void io_complete_test_file_object_hook(KTEST *t)
{
    TEST_STACK s;
    REQUEST r, r2;
    FILE_OBJECT File;

    RtlZeroMemory(&File, sizeof File);
    RtlZeroMemory(&Hook, sizeof Hook);
    BottomInit(&s, 1);
    B.Status = STATUS_SUCCESS;

    /* Without a hook, an IRP with a file object still gets its event. */
    PIOP_COMPLETE_FILE_OBJECT_HOOK Previous = IopCompleteFileObjectHook;
    IopCompleteFileObjectHook = NULL;
    KT_ASSERT_TRUE(t, BuildThreaded(&r, s.Top, 0, &File) != NULL);
    IoCallDriver(s.Top, r.Irp);
    KT_EXPECT_TRUE(t, Signaled(&r.Event));

    IopCompleteFileObjectHook = HookRoutine;
    KT_ASSERT_TRUE(t, BuildThreaded(&r, s.Top, 0, &File) != NULL);
    PIRP Irp = r.Irp;
    IoCallDriver(s.Top, r.Irp);
    KT_EXPECT_EQ(t, Hook.Calls, 1);
    KT_EXPECT_TRUE(t, Hook.Irp == Irp && Hook.FileObject == &File);
    KT_EXPECT_FALSE(t, Hook.Dropped);
    KT_EXPECT_EQ(t, Hook.IosbAtCall, STATUS_SUCCESS);  /* IOSB written before */
    /* Completed on its own thread: off the thread's list before the hook, as Windows
       dequeues first in its completion APC (the thread is alive: it runs the hook). */
    KT_EXPECT_FALSE(t, Hook.StillOnList);
    KT_EXPECT_TRUE(t, Signaled(&r.Event));             /* by the hook */

    /* Completed on another thread: the IRP stays on its issuer's list (and pinned) until
       stage 2 is over, so the issuing thread outlives everything stage 2 does for it. */
    B.Queue = TRUE;
    KT_ASSERT_TRUE(t, BuildThreaded(&r, s.Top, 0, &File) != NULL);
    KT_EXPECT_EQ(t, IoCallDriver(s.Top, r.Irp), STATUS_PENDING);
    {
        pthread_t Completer;
        KT_ASSERT_EQ(t, pthread_create(&Completer, NULL, CompleteOneOnAnotherThread, NULL), 0);
        pthread_join(Completer, NULL);
    }
    KT_EXPECT_EQ(t, Hook.Calls, 2);
    KT_EXPECT_TRUE(t, Hook.StillOnList);
    KT_EXPECT_TRUE(t, Signaled(&r.Event));
    B.Queue = FALSE;

    /* No file object: no hook. */
    KT_ASSERT_TRUE(t, BuildThreaded(&r2, s.Top, 0, NULL) != NULL);
    IoCallDriver(s.Top, r2.Irp);
    KT_EXPECT_EQ(t, Hook.Calls, 2);
    KT_EXPECT_TRUE(t, Signaled(&r2.Event));
    IopCompleteFileObjectHook = Previous;   /* the file-object layer's own hook */
}

/* ---- Cancelling a thread's IRPs -------------------------------------------------------------- */

static void io_complete_test_cancel_thread_irps(KTEST *t)
{
    TEST_STACK s;
    REQUEST r1, r2;
    LONG64 Irps = Outstanding(IOP_IRP_TAG);

    BottomInit(&s, 2);
    B.Queue = TRUE;
    B.Cancelable = TRUE;
    KT_ASSERT_TRUE(t, BuildThreaded(&r1, s.Top, 0, NULL) != NULL);
    KT_ASSERT_TRUE(t, BuildThreaded(&r2, s.Top, 0, NULL) != NULL);
    KT_EXPECT_EQ(t, IoCallDriver(s.Top, r1.Irp), STATUS_PENDING);
    KT_EXPECT_EQ(t, IoCallDriver(s.Top, r2.Irp), STATUS_PENDING);
    KT_EXPECT_EQ(t, ThreadIrpCount(), 2);
    IopCancelThreadIrps(PsGetCurrentThread());
    KT_EXPECT_EQ(t, B.Cancelled, 2);
    KT_EXPECT_EQ(t, r1.Iosb.Status, STATUS_CANCELLED);
    KT_EXPECT_EQ(t, r2.Iosb.Status, STATUS_CANCELLED);
    KT_EXPECT_TRUE(t, Signaled(&r1.Event) && Signaled(&r2.Event));
    KT_EXPECT_EQ(t, ThreadIrpCount(), 0);
    KT_EXPECT_EQ(t, Outstanding(IOP_IRP_TAG), Irps);
    /* Retired, and nothing to do a second time. */
    KT_EXPECT_TRUE(t, PsGetCurrentThread()->IrpThreadLink.Flink == NULL);
    IopCancelThreadIrps(PsGetCurrentThread());
}

static void io_complete_test_cancel_thread_irps_disassociates(KTEST *t)
{
    TEST_STACK s;
    REQUEST r;
    PIRP Irp;
    LONG64 Irps = Outstanding(IOP_IRP_TAG), Buffers = Outstanding('tseT');

    /* The driver queues without a cancel routine and ignores cancellation. */
    BottomInit(&s, 1);
    B.Queue = TRUE;
    Irp = BuildThreaded(&r, s.Top, IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER |
                                       IRP_INPUT_OPERATION, NULL);
    KT_ASSERT_TRUE(t, Irp != NULL);
    IoCallDriver(s.Top, Irp);
    IopSetCancelWaitLimitForTest(20);
    IopCancelThreadIrps(PsGetCurrentThread());
    IopSetCancelWaitLimitForTest(0);
    KT_EXPECT_TRUE(t, Irp->Cancel);
    KT_EXPECT_EQ(t, ThreadIrpCount(), 0);              /* disassociated */
    KT_EXPECT_TRUE(t, IsListEmpty(&Irp->ThreadListEntry));

    /* The late completion drops it: no IOSB, no event, everything freed. */
    BottomCompleteOne(STATUS_SUCCESS);
    KT_EXPECT_EQ(t, r.Iosb.Status, 0x12345678);
    KT_EXPECT_FALSE(t, Signaled(&r.Event));
    KT_EXPECT_EQ(t, r.User[0], 0xEE);
    KT_EXPECT_EQ(t, Outstanding(IOP_IRP_TAG), Irps);
    KT_EXPECT_EQ(t, Outstanding('tseT'), Buffers);
}

static void io_complete_test_cancel_irps_of_file(KTEST *t)
{
    TEST_STACK s;
    REQUEST a1, a2, b1;
    FILE_OBJECT A, Bf;

    RtlZeroMemory(&A, sizeof A);
    RtlZeroMemory(&Bf, sizeof Bf);
    BottomInit(&s, 1);
    B.Queue = TRUE;
    B.Cancelable = TRUE;
    KT_ASSERT_TRUE(t, BuildThreaded(&a1, s.Top, 0, &A) != NULL);
    KT_ASSERT_TRUE(t, BuildThreaded(&a2, s.Top, 0, &A) != NULL);
    KT_ASSERT_TRUE(t, BuildThreaded(&b1, s.Top, 0, &Bf) != NULL);
    IoCallDriver(s.Top, a1.Irp);
    IoCallDriver(s.Top, a2.Irp);
    IoCallDriver(s.Top, b1.Irp);

    /* CancelIoEx(h, lpOverlapped): one IRP, by IOSB. */
    KT_EXPECT_EQ(t, IopCancelIrpsOfFile(&A, NULL, &a2.Iosb, TRUE), 1);
    KT_EXPECT_EQ(t, a2.Iosb.Status, STATUS_CANCELLED);
    KT_EXPECT_FALSE(t, Signaled(&a1.Event));
    /* Nothing matches. */
    KT_EXPECT_EQ(t, IopCancelIrpsOfFile(&A, NULL, &b1.Iosb, TRUE), 0);
    /* CancelIo(h): this thread's IRPs for the file. */
    KT_EXPECT_EQ(t, IopCancelIrpsOfFile(&A, PsGetCurrentThread(), NULL, TRUE), 1);
    KT_EXPECT_EQ(t, a1.Iosb.Status, STATUS_CANCELLED);
    KT_EXPECT_FALSE(t, Signaled(&b1.Event));
    KT_EXPECT_EQ(t, B.Cancelled, 2);
    /* The other file's, without waiting. */
    KT_EXPECT_EQ(t, IopCancelIrpsOfFile(&Bf, NULL, NULL, FALSE), 1);
    KT_EXPECT_EQ(t, b1.Iosb.Status, STATUS_CANCELLED);
    KT_EXPECT_EQ(t, ThreadIrpCount(), 0);
    KT_EXPECT_EQ(t, IopCancelIrpsOfFile(&Bf, NULL, NULL, TRUE), 0);
    IopCancelThreadIrps(PsGetCurrentThread());
}

static void io_complete_test_dequeue_unsent_irp(KTEST *t)
{
    TEST_STACK s;
    REQUEST r;
    LONG64 Irps = Outstanding(IOP_IRP_TAG);

    BottomInit(&s, 1);
    KT_ASSERT_TRUE(t, BuildThreaded(&r, s.Top, 0, NULL) != NULL);
    KT_EXPECT_EQ(t, ThreadIrpCount(), 1);
    IopDequeueThreadIrp(r.Irp);                        /* the builder gave up */
    KT_EXPECT_EQ(t, ThreadIrpCount(), 0);
    IoFreeIrp(r.Irp);
    KT_EXPECT_EQ(t, Outstanding(IOP_IRP_TAG), Irps);
    IopCancelThreadIrps(PsGetCurrentThread());
}

/* ---- The bugcheck report names the IRP ------------------------------------------------------ */

static NTSTATUS NTAPI CrashingDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    KeBugCheckEx(0xDEAD, (ULONG_PTR)Irp, 0, 0, 0);
}

static void SendToCrash(void *Context)
{
    TEST_STACK *s = Context;
    PIRP Irp = IoAllocateIrp(s->Top->StackSize, FALSE);

    IoGetNextIrpStackLocation(Irp)->MajorFunction = IRP_MJ_WRITE;
    IoGetNextIrpStackLocation(Irp)->MinorFunction = 3;
    IoCallDriver(s->Top, Irp);
}

static void io_complete_test_bugcheck_report_names_irp(KTEST *t)
{
    TEST_STACK s;
    KMODE_BUGCHECK bc;
    char Expected[160];

    TestStackInit(&s, 2);
    s.Driver[0].MajorFunction[IRP_MJ_WRITE] = CrashingDispatch;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(SendToCrash, &s, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, 0xDEAD);
    snprintf(Expected, sizeof Expected, "IRP_ADDRESS:  %016llx",
             (unsigned long long)bc.Parameter1);
    KT_EXPECT_CONTAINS(t, bc.Report, Expected);
    KT_EXPECT_CONTAINS(t, bc.Report, "dispatch routine for IRP_MJ_WRITE (minor 0x3)");
    snprintf(Expected, sizeof Expected, "device %016llx",
             (unsigned long long)(ULONG_PTR)s.Device[0]);
    KT_EXPECT_CONTAINS(t, bc.Report, Expected);
    KT_EXPECT_CONTAINS(t, bc.Report, "stack location 1 of 2");
    IoFreeIrp((PIRP)bc.Parameter1);
}

/* An exception leaves a dispatch routine unhandled after an outer filter ran (on the stack
   the dispatch routine's frames had) and declined it: the report still names the IRP. */
static PIRP RaisedIrp;

static NTSTATUS NTAPI RaisingDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    RaisedIrp = Irp;
    ExRaiseStatus(STATUS_DATATYPE_MISALIGNMENT);
}

static __attribute__((noinline)) LONG DecliningFilter(VOID)
{
    volatile UCHAR Scratch[2048];
    for (ULONG i = 0; i < sizeof Scratch; i++)
        Scratch[i] = 0xA5;            /* over what the dispatch frames held */
    return EXCEPTION_CONTINUE_SEARCH;
}

static void SendToRaise(void *Context)
{
    TEST_STACK *s = Context;
    PIRP Irp = IoAllocateIrp(s->Top->StackSize, FALSE);

    IoGetNextIrpStackLocation(Irp)->MajorFunction = IRP_MJ_WRITE;
    __try {
        IoCallDriver(s->Top, Irp);
    } __except (DecliningFilter()) {
    }
}

static void io_complete_test_unhandled_exception_report_names_irp(KTEST *t)
{
    TEST_STACK s;
    KMODE_BUGCHECK bc;
    char Expected[160];

    TestStackInit(&s, 2);
    s.Driver[0].MajorFunction[IRP_MJ_WRITE] = RaisingDispatch;
    RaisedIrp = NULL;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(SendToRaise, &s, KMODE_CATCH_QUIET, &bc));
    KT_ASSERT_TRUE(t, RaisedIrp != NULL);
    snprintf(Expected, sizeof Expected, "IRP_ADDRESS:  %016llx",
             (unsigned long long)(ULONG_PTR)RaisedIrp);
    KT_EXPECT_CONTAINS(t, bc.Report, Expected);
    KT_EXPECT_CONTAINS(t, bc.Report, "dispatch routine for IRP_MJ_WRITE");
    IoFreeIrp(RaisedIrp);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_complete_test_bugcheck_report_names_irp),
    KTEST_CASE_ENTRY(io_complete_test_unhandled_exception_report_names_irp),
    KTEST_CASE_ENTRY(io_complete_test_allocation_failure),
    KTEST_CASE_ENTRY(io_complete_test_threaded_irp_on_thread_list),
    KTEST_CASE_ENTRY(io_complete_test_buffered_copy_back_and_free),
    KTEST_CASE_ENTRY(io_complete_test_buffered_copy_rules),
    KTEST_CASE_ENTRY(io_complete_test_deferred_completion),
    KTEST_CASE_ENTRY(io_complete_test_close_operation_left_to_issuer),
    KTEST_CASE_ENTRY(io_complete_test_file_object_hook),
    KTEST_CASE_ENTRY(io_complete_test_cancel_thread_irps),
    KTEST_CASE_ENTRY(io_complete_test_cancel_thread_irps_disassociates),
    KTEST_CASE_ENTRY(io_complete_test_cancel_irps_of_file),
    KTEST_CASE_ENTRY(io_complete_test_dequeue_unsent_irp),
    {0}
};
KTEST_SUITE(io_complete, cases);
