/*
 * PURPOSE: Tests for IRPs written as WDK driver code: allocation and initialization, the
 * stack-location helpers, IoCallDriver (and stack exhaustion), and the completion walk
 * through a three-deep device stack of hand-made device objects: order, device objects
 * passed, each SL_INVOKE_* flag, PendingReturned propagation, SL_ERROR_RETURNED,
 * STATUS_MORE_PROCESSING_REQUIRED with a second IoCompleteRequest, associated IRPs, and the
 * 0x44 / 0x35 / 0xA bugchecks.
 *
 * Every IRP here is an IoAllocateIrp IRP (no thread): the test, as originator, catches it at
 * the top with a completion routine returning STATUS_MORE_PROCESSING_REQUIRED and frees it.
 */
#include <ntddk.h>
#include <kmode/bugcheck.h>
#include "ktest.h"
#include "io_irp_stack.h"

/* ---- The originator's catch-all completion routine ------------------------------------- */

typedef struct _CATCH {
    LONG Calls;
    PDEVICE_OBJECT DeviceObject;
    NTSTATUS Status;
    BOOLEAN PendingReturned;
    CHAR CurrentLocation;
    KIRQL Irql;
} CATCH;

static NTSTATUS NTAPI CatchAtTop(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    CATCH *c = Context;

    c->Calls++;
    c->DeviceObject = DeviceObject;
    c->Status = Irp->IoStatus.Status;
    c->PendingReturned = Irp->PendingReturned;
    c->CurrentLocation = Irp->CurrentLocation;
    c->Irql = KeGetCurrentIrql();
    return STATUS_MORE_PROCESSING_REQUIRED;
}

/* An IRP for Top's stack with the catch routine in the first driver's location. */
static PIRP NewCaughtIrp(PDEVICE_OBJECT Top, UCHAR Major, CATCH *c)
{
    PIRP Irp = IoAllocateIrp(Top->StackSize, FALSE);

    if (Irp == NULL)
        return NULL;
    RtlZeroMemory(c, sizeof *c);
    IoGetNextIrpStackLocation(Irp)->MajorFunction = Major;
    IoSetCompletionRoutine(Irp, CatchAtTop, c, TRUE, TRUE, TRUE);
    return Irp;
}

/* ---- Allocation and the inline helpers ----------------------------------------------- */

static void io_irp_test_allocate_initializes(KTEST *t)
{
    PIRP Irp = IoAllocateIrp(3, FALSE);
    PIO_STACK_LOCATION First;

    KT_ASSERT_TRUE(t, Irp != NULL);
    First = (PIO_STACK_LOCATION)(Irp + 1);
    KT_EXPECT_EQ(t, sizeof(IRP), 0xD0);
    KT_EXPECT_EQ(t, sizeof(IO_STACK_LOCATION), 0x48);
    KT_EXPECT_EQ(t, IoSizeOfIrp(3), 0xD0 + 3 * 0x48);
    KT_EXPECT_EQ(t, Irp->Type, IO_TYPE_IRP);
    /* Up to 8 locations come from the large fixed-size lookaside list, as on Windows: the
       packet is that of 8 locations, StackCount what was asked for. */
    KT_EXPECT_EQ(t, Irp->Size, IoSizeOfIrp(8));
    KT_EXPECT_EQ(t, Irp->AllocationFlags & (IRP_ALLOCATED_FIXED_SIZE | IRP_LOOKASIDE_ALLOCATION),
                 IRP_ALLOCATED_FIXED_SIZE | IRP_LOOKASIDE_ALLOCATION);
    KT_EXPECT_EQ(t, Irp->StackCount, 3);
    KT_EXPECT_EQ(t, Irp->CurrentLocation, 4);
    KT_EXPECT_PTR_EQ(t, Irp->Tail.Overlay.CurrentStackLocation, First + 3);
    KT_EXPECT_PTR_EQ(t, IoGetNextIrpStackLocation(Irp), First + 2);
    KT_EXPECT_TRUE(t, IsListEmpty(&Irp->ThreadListEntry));
    KT_EXPECT_EQ(t, Irp->AllocationFlags & IRP_QUOTA_CHARGED, 0);
    KT_EXPECT_TRUE(t, Irp->MdlAddress == NULL && Irp->Flags == 0 && !Irp->Cancel);
    KT_EXPECT_TRUE(t, Irp->CancelRoutine == NULL && Irp->UserIosb == NULL);
    KT_EXPECT_TRUE(t, Irp->Tail.Overlay.Thread == NULL);
    KT_EXPECT_EQ(t, First[0].MajorFunction | First[1].Control | First[2].MinorFunction, 0);
    IoFreeIrp(Irp);

    Irp = IoAllocateIrp(1, TRUE);
    KT_ASSERT_TRUE(t, Irp != NULL);
    KT_EXPECT_EQ(t, Irp->AllocationFlags & IRP_QUOTA_CHARGED, IRP_QUOTA_CHARGED);
    IoFreeIrp(Irp);
}

static void io_irp_test_lookaside_lists(KTEST *t)
{
    PIRP Small = IoAllocateIrp(1, FALSE), Large = IoAllocateIrp(8, FALSE);
    PIRP Big = IoAllocateIrp(9, FALSE), Again;

    KT_ASSERT_TRUE(t, Small != NULL && Large != NULL && Big != NULL);
    KT_EXPECT_EQ(t, Small->Size, IoSizeOfIrp(1));
    KT_EXPECT_EQ(t, Small->AllocationFlags, IRP_ALLOCATED_FIXED_SIZE | IRP_LOOKASIDE_ALLOCATION);
    KT_EXPECT_EQ(t, Large->Size, IoSizeOfIrp(8));
    KT_EXPECT_EQ(t, Large->StackCount, 8);
    /* More than 8 locations: an exact-size IRP from the pool, no lookaside flags. */
    KT_EXPECT_EQ(t, Big->Size, IoSizeOfIrp(9));
    KT_EXPECT_EQ(t, Big->AllocationFlags, 0);
    IoFreeIrp(Big);

    /* A freed IRP is handed out again by its list, initialized afresh. */
    Small->Flags = IRP_BUFFERED_IO;
    Small->Cancel = TRUE;
    IoFreeIrp(Small);
    Again = IoAllocateIrp(1, TRUE);
    KT_EXPECT_PTR_EQ(t, Again, Small);
    KT_EXPECT_EQ(t, Again->Type, IO_TYPE_IRP);
    KT_EXPECT_EQ(t, Again->Flags, 0);
    KT_EXPECT_FALSE(t, Again->Cancel);
    KT_EXPECT_EQ(t, Again->AllocationFlags,
                 IRP_ALLOCATED_FIXED_SIZE | IRP_LOOKASIDE_ALLOCATION | IRP_QUOTA_CHARGED);
    IoFreeIrp(Again);
    IoFreeIrp(Large);
    Again = IoAllocateIrp(2, FALSE);          /* a large IRP serves 2 locations */
    KT_EXPECT_PTR_EQ(t, Again, Large);
    KT_EXPECT_EQ(t, Again->StackCount, 2);
    KT_EXPECT_EQ(t, Again->CurrentLocation, 3);
    KT_EXPECT_PTR_EQ(t, IoGetNextIrpStackLocation(Again), (PIO_STACK_LOCATION)(Again + 1) + 1);
    IoFreeIrp(Again);
}

static void io_irp_test_initialize_and_reuse(KTEST *t)
{
    union {
        IRP Irp;
        UCHAR Bytes[0xD0 + 2 * 0x48];
    } Storage;
    PIRP Irp = &Storage.Irp;

    RtlFillMemory(&Storage, sizeof Storage, 0xCC);
    IoInitializeIrp(Irp, IoSizeOfIrp(2), 2);
    KT_EXPECT_EQ(t, Irp->Type, IO_TYPE_IRP);
    KT_EXPECT_EQ(t, Irp->Size, IoSizeOfIrp(2));
    KT_EXPECT_EQ(t, Irp->StackCount, 2);
    KT_EXPECT_EQ(t, Irp->CurrentLocation, 3);
    KT_EXPECT_EQ(t, Storage.Bytes[sizeof Storage - 1], 0);   /* all PacketSize bytes zeroed */
    KT_EXPECT_PTR_EQ(t, IoGetNextIrpStackLocation(Irp), (PIO_STACK_LOCATION)(Irp + 1) + 1);

    /* Reuse: back to a fresh IRP, keeping allocation flags, with the given status. */
    Irp->AllocationFlags = IRP_QUOTA_CHARGED;
    IoSetNextIrpStackLocation(Irp);
    Irp->Cancel = TRUE;
    Irp->IoStatus.Information = 99;
    Irp->Flags = IRP_BUFFERED_IO;
    IoReuseIrp(Irp, STATUS_NOT_SUPPORTED);
    KT_EXPECT_EQ(t, Irp->CurrentLocation, 3);
    KT_EXPECT_EQ(t, Irp->AllocationFlags, IRP_QUOTA_CHARGED);
    KT_EXPECT_EQ(t, Irp->IoStatus.Status, STATUS_NOT_SUPPORTED);
    KT_EXPECT_EQ(t, Irp->IoStatus.Information, 0);
    KT_EXPECT_FALSE(t, Irp->Cancel);
    KT_EXPECT_EQ(t, Irp->Flags, 0);
    KT_EXPECT_EQ(t, Irp->Size, IoSizeOfIrp(2));
    KT_EXPECT_TRUE(t, IsListEmpty(&Irp->ThreadListEntry));
}

static void io_irp_test_stack_location_helpers(KTEST *t)
{
    PIRP Irp = IoAllocateIrp(3, FALSE);
    PIO_STACK_LOCATION First, Current, Next;

    KT_ASSERT_TRUE(t, Irp != NULL);
    First = (PIO_STACK_LOCATION)(Irp + 1);

    IoSetNextIrpStackLocation(Irp);                /* own location 2 (index 2) */
    KT_EXPECT_EQ(t, Irp->CurrentLocation, 3);
    Current = IoGetCurrentIrpStackLocation(Irp);
    KT_EXPECT_PTR_EQ(t, Current, First + 2);
    Next = IoGetNextIrpStackLocation(Irp);
    KT_EXPECT_PTR_EQ(t, Next, First + 1);

    Current->MajorFunction = IRP_MJ_DEVICE_CONTROL;
    Current->MinorFunction = 7;
    Current->Flags = SL_WRITE_THROUGH;
    Current->Control = SL_PENDING_RETURNED | SL_INVOKE_ON_SUCCESS;
    Current->Parameters.DeviceIoControl.IoControlCode = 0x222003;
    Current->Parameters.DeviceIoControl.Type3InputBuffer = Irp;
    Current->FileObject = (PFILE_OBJECT)(ULONG_PTR)0x1000;
    Current->DeviceObject = (PDEVICE_OBJECT)(ULONG_PTR)0x2000;
    Current->CompletionRoutine = CatchAtTop;
    Current->Context = (PVOID)(ULONG_PTR)0x3000;

    /* Copy: everything up to CompletionRoutine; the routine, context and Control are not
       the next driver's. */
    RtlFillMemory(Next, sizeof *Next, 0xAB);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    KT_EXPECT_EQ(t, Next->MajorFunction, IRP_MJ_DEVICE_CONTROL);
    KT_EXPECT_EQ(t, Next->MinorFunction, 7);
    KT_EXPECT_EQ(t, Next->Flags, SL_WRITE_THROUGH);
    KT_EXPECT_EQ(t, Next->Control, 0);
    KT_EXPECT_EQ(t, Next->Parameters.DeviceIoControl.IoControlCode, 0x222003);
    KT_EXPECT_PTR_EQ(t, Next->Parameters.DeviceIoControl.Type3InputBuffer, Irp);
    KT_EXPECT_PTR_EQ(t, Next->FileObject, (PVOID)(ULONG_PTR)0x1000);
    KT_EXPECT_PTR_EQ(t, Next->DeviceObject, (PVOID)(ULONG_PTR)0x2000);
    KT_EXPECT_EQ(t, (ULONG_PTR)Next->CompletionRoutine, 0xABABABABABABABABull);
    KT_EXPECT_EQ(t, (ULONG_PTR)Next->Context, 0xABABABABABABABABull);

    /* Completion routine flags. */
    IoSetCompletionRoutine(Irp, CatchAtTop, Irp, TRUE, FALSE, FALSE);
    KT_EXPECT_EQ(t, Next->Control, SL_INVOKE_ON_SUCCESS);
    KT_EXPECT_TRUE(t, Next->CompletionRoutine == CatchAtTop && Next->Context == Irp);
    IoSetCompletionRoutine(Irp, CatchAtTop, NULL, FALSE, TRUE, FALSE);
    KT_EXPECT_EQ(t, Next->Control, SL_INVOKE_ON_ERROR);
    IoSetCompletionRoutine(Irp, CatchAtTop, NULL, FALSE, FALSE, TRUE);
    KT_EXPECT_EQ(t, Next->Control, SL_INVOKE_ON_CANCEL);
    IoSetCompletionRoutine(Irp, CatchAtTop, NULL, TRUE, TRUE, TRUE);
    KT_EXPECT_EQ(t, Next->Control, SL_INVOKE_ON_SUCCESS | SL_INVOKE_ON_ERROR | SL_INVOKE_ON_CANCEL);
    IoSetCompletionRoutine(Irp, NULL, NULL, FALSE, FALSE, FALSE);
    KT_EXPECT_EQ(t, Next->Control, 0);
    KT_EXPECT_TRUE(t, Next->CompletionRoutine == NULL);

    /* Pending mark: the current location only. */
    Current->Control = 0;
    IoMarkIrpPending(Irp);
    KT_EXPECT_EQ(t, Current->Control, SL_PENDING_RETURNED);
    KT_EXPECT_EQ(t, Next->Control, 0);

    /* Skip: the next driver gets the caller's own location. */
    IoSkipCurrentIrpStackLocation(Irp);
    KT_EXPECT_EQ(t, Irp->CurrentLocation, 4);
    KT_EXPECT_PTR_EQ(t, IoGetNextIrpStackLocation(Irp), Current);

    IoFreeIrp(Irp);
}

static VOID NTAPI CancelA(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoReleaseCancelSpinLock(Irp->CancelIrql);
}

static VOID NTAPI CancelB(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    CancelA(DeviceObject, Irp);
}

static void io_irp_test_set_cancel_routine_exchanges(KTEST *t)
{
    PIRP Irp = IoAllocateIrp(1, FALSE);

    KT_ASSERT_TRUE(t, Irp != NULL);
    KT_EXPECT_TRUE(t, IoSetCancelRoutine(Irp, CancelA) == NULL);
    KT_EXPECT_TRUE(t, Irp->CancelRoutine == CancelA);
    KT_EXPECT_TRUE(t, IoSetCancelRoutine(Irp, CancelB) == CancelA);
    KT_EXPECT_TRUE(t, IoSetCancelRoutine(Irp, NULL) == CancelB);
    KT_EXPECT_TRUE(t, IoSetCancelRoutine(Irp, NULL) == NULL);
    IoFreeIrp(Irp);
}

static void io_irp_test_code_macros(KTEST *t)
{
    ULONG Code = CTL_CODE(FILE_DEVICE_UNKNOWN, 0x904, METHOD_OUT_DIRECT, FILE_ANY_ACCESS);

    KT_EXPECT_EQ(t, IoGetFunctionCodeFromCtlCode(Code), 0x904);
    KT_EXPECT_EQ(t, IoGetFunctionCodeFromCtlCode(0xFFFFFFFFu), 0xFFF);
    KT_EXPECT_TRUE(t, IoIsErrorUserInduced(STATUS_DEVICE_NOT_READY));
    KT_EXPECT_TRUE(t, IoIsErrorUserInduced(STATUS_IO_TIMEOUT));
    KT_EXPECT_TRUE(t, IoIsErrorUserInduced(STATUS_MEDIA_WRITE_PROTECTED));
    KT_EXPECT_TRUE(t, IoIsErrorUserInduced(STATUS_NO_MEDIA_IN_DEVICE));
    KT_EXPECT_TRUE(t, IoIsErrorUserInduced(STATUS_UNRECOGNIZED_MEDIA));
    KT_EXPECT_TRUE(t, IoIsErrorUserInduced(STATUS_VERIFY_REQUIRED));
    KT_EXPECT_TRUE(t, IoIsErrorUserInduced(STATUS_WRONG_VOLUME));
    KT_EXPECT_FALSE(t, IoIsErrorUserInduced(STATUS_UNSUCCESSFUL));
    KT_EXPECT_FALSE(t, IoIsErrorUserInduced(STATUS_SUCCESS));
    KT_EXPECT_EQ(t, STATUS_CONTINUE_COMPLETION, STATUS_SUCCESS);
    KT_EXPECT_EQ(t, StopCompletion, STATUS_MORE_PROCESSING_REQUIRED);
}

/* ---- IoCallDriver ---------------------------------------------------------------------- */

static void io_irp_test_call_driver_moves_to_next_location(KTEST *t)
{
    TEST_STACK s;
    CATCH c;
    PIRP Irp;
    NTSTATUS Status;

    TestStackInit(&s, 3);
    Irp = NewCaughtIrp(s.Top, IRP_MJ_READ, &c);
    KT_ASSERT_TRUE(t, Irp != NULL);
    s.Ext[0].CompleteStatus = STATUS_END_OF_FILE;
    Status = IoCallDriver(s.Top, Irp);
    KT_EXPECT_EQ(t, Status, STATUS_END_OF_FILE);

    /* Each driver saw its own location and its device; each filter passed the IRP on. */
    KT_EXPECT_EQ(t, s.Ext[2].Dispatched, 1);
    KT_EXPECT_EQ(t, s.Ext[1].Dispatched, 1);
    KT_EXPECT_EQ(t, s.Ext[0].Dispatched, 1);
    KT_EXPECT_EQ(t, s.Ext[2].SeenLocation, 3);
    KT_EXPECT_EQ(t, s.Ext[1].SeenLocation, 2);
    KT_EXPECT_EQ(t, s.Ext[0].SeenLocation, 1);
    KT_EXPECT_EQ(t, s.Ext[0].SeenMajor, IRP_MJ_READ);
    KT_EXPECT_TRUE(t, s.Ext[0].SeenDeviceInLocation);
    KT_EXPECT_TRUE(t, s.Ext[1].SeenDeviceInLocation);
    KT_EXPECT_TRUE(t, s.Ext[2].SeenDeviceInLocation);

    /* Completed at the bottom: the catch routine got the status, at the top. */
    KT_EXPECT_EQ(t, c.Calls, 1);
    KT_EXPECT_EQ(t, c.Status, STATUS_END_OF_FILE);
    KT_EXPECT_TRUE(t, c.DeviceObject == NULL);
    KT_EXPECT_EQ(t, c.CurrentLocation, 4);
    IoFreeIrp(Irp);
}

static void io_irp_test_call_driver_by_major_function(KTEST *t)
{
    TEST_STACK s;
    CATCH c;
    PIRP Irp;

    TestStackInit(&s, 1);
    s.Driver[0].MajorFunction[IRP_MJ_WRITE] = TestDispatchNotSupported;
    Irp = NewCaughtIrp(s.Top, IRP_MJ_WRITE, &c);
    KT_ASSERT_TRUE(t, Irp != NULL);
    KT_EXPECT_EQ(t, IoCallDriver(s.Top, Irp), STATUS_NOT_SUPPORTED);
    KT_EXPECT_EQ(t, s.Ext[0].Dispatched, 0);
    KT_EXPECT_EQ(t, c.Status, STATUS_NOT_SUPPORTED);
    IoFreeIrp(Irp);
}

typedef struct _SEND_CONTEXT {
    PDEVICE_OBJECT Device;
    PIRP Irp;
} SEND_CONTEXT;

static void SendIrp(void *Context)
{
    SEND_CONTEXT *s = Context;
    IoCallDriver(s->Device, s->Irp);
}

static void io_irp_test_stack_exhaustion_bugchecks(KTEST *t)
{
    TEST_STACK s;
    CATCH c;
    SEND_CONTEXT Send;
    KMODE_BUGCHECK bc;

    TestStackInit(&s, 3);
    RtlZeroMemory(&c, sizeof c);
    Send.Device = s.Top;
    Send.Irp = IoAllocateIrp(2, FALSE);        /* one location short */
    KT_ASSERT_TRUE(t, Send.Irp != NULL);
    IoGetNextIrpStackLocation(Send.Irp)->MajorFunction = IRP_MJ_READ;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(SendIrp, &Send, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, NO_MORE_IRP_STACK_LOCATIONS);
    KT_EXPECT_EQ(t, bc.Parameter1, (ULONG_PTR)Send.Irp);
    KT_EXPECT_EQ(t, bc.Parameter2, 0);
    KT_EXPECT_EQ(t, s.Ext[2].Dispatched, 1);
    KT_EXPECT_EQ(t, s.Ext[1].Dispatched, 1);
    KT_EXPECT_EQ(t, s.Ext[0].Dispatched, 0);   /* never reached */
    KT_EXPECT_CONTAINS(t, bc.Report, "NO_MORE_IRP_STACK_LOCATIONS");
    IoFreeIrp(Send.Irp);

    /* A zero-location IRP cannot be sent at all. */
    Send.Irp = IoAllocateIrp(0, FALSE);
    KT_ASSERT_TRUE(t, Send.Irp != NULL);
    KT_EXPECT_EQ(t, Send.Irp->CurrentLocation, 1);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(SendIrp, &Send, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, NO_MORE_IRP_STACK_LOCATIONS);
    IoFreeIrp(Send.Irp);
}

static void SendAtHighLevel(void *Context)
{
    KIRQL Old;
    KeRaiseIrql(HIGH_LEVEL, &Old);
    SendIrp(Context);
}

static void io_irp_test_call_driver_above_dispatch_bugchecks(KTEST *t)
{
    TEST_STACK s;
    SEND_CONTEXT Send;
    KMODE_BUGCHECK bc;

    TestStackInit(&s, 1);
    Send.Device = s.Top;
    Send.Irp = IoAllocateIrp(1, FALSE);
    KT_ASSERT_TRUE(t, Send.Irp != NULL);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(SendAtHighLevel, &Send, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, IRQL_NOT_LESS_OR_EQUAL);
    KT_EXPECT_EQ(t, bc.Parameter1, (ULONG_PTR)Send.Irp);
    KT_EXPECT_EQ(t, bc.Parameter2, HIGH_LEVEL);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
    KT_EXPECT_EQ(t, s.Ext[0].Dispatched, 0);
    IoFreeIrp(Send.Irp);
}

/* ---- The completion walk ----------------------------------------------------------------- */

static void io_irp_test_completion_walk_order_three_deep(KTEST *t)
{
    TEST_STACK s;
    CATCH c;
    PIRP Irp;

    TestStackInit(&s, 3);
    s.Ext[2].SetRoutine = TRUE;                    /* top filter: routine in location 2 */
    s.Ext[1].SetRoutine = TRUE;                    /* middle filter: routine in location 1 */
    s.Ext[0].CompleteStatus = STATUS_SUCCESS;
    s.Ext[0].CompleteInformation = 42;
    Irp = NewCaughtIrp(s.Top, IRP_MJ_DEVICE_CONTROL, &c);
    KT_ASSERT_TRUE(t, Irp != NULL);
    KT_EXPECT_EQ(t, IoCallDriver(s.Top, Irp), STATUS_SUCCESS);

    /* Bottom-up: the middle filter's routine, then the top filter's, then the originator's.
       Each routine runs with the IRP back at its own driver's location, and gets its own
       device object. */
    KT_EXPECT_EQ(t, s.CompletionOrderCount, 2);
    KT_EXPECT_EQ(t, s.CompletionOrder[0], 1);
    KT_EXPECT_EQ(t, s.CompletionOrder[1], 2);
    KT_EXPECT_TRUE(t, s.Ext[1].RoutineDevice == s.Device[1]);
    KT_EXPECT_TRUE(t, s.Ext[2].RoutineDevice == s.Device[2]);
    KT_EXPECT_EQ(t, s.Ext[1].RoutineLocation, 2);
    KT_EXPECT_EQ(t, s.Ext[2].RoutineLocation, 3);
    KT_EXPECT_EQ(t, s.Ext[1].RoutineInformation, 42);
    KT_EXPECT_EQ(t, c.Calls, 1);
    KT_EXPECT_TRUE(t, c.DeviceObject == NULL);
    KT_EXPECT_EQ(t, c.Status, STATUS_SUCCESS);
    KT_EXPECT_FALSE(t, c.PendingReturned);
    KT_EXPECT_EQ(t, c.Irql, PASSIVE_LEVEL);

    /* The walk cleared what it left behind (not MajorFunction or DeviceObject). */
    {
        PIO_STACK_LOCATION First = (PIO_STACK_LOCATION)(Irp + 1);
        KT_EXPECT_EQ(t, First[0].MajorFunction, IRP_MJ_DEVICE_CONTROL);
        KT_EXPECT_EQ(t, First[0].Parameters.DeviceIoControl.IoControlCode, 0);
        KT_EXPECT_TRUE(t, First[0].DeviceObject == s.Device[0]);
        KT_EXPECT_EQ(t, First[0].Control, 0);
    }
    IoFreeIrp(Irp);
}

/* The middle filter asks for its routine with one flag combination; the bottom completes
   with Status; Cancel sets Irp->Cancel first. Returns how often the routine ran. */
static LONG RunWithFlags(KTEST *t, BOOLEAN OnSuccess, BOOLEAN OnError, BOOLEAN OnCancel,
                         NTSTATUS Status, BOOLEAN Cancel)
{
    TEST_STACK s;
    CATCH c;
    PIRP Irp;

    TestStackInit(&s, 2);
    s.Ext[1].SetRoutine = TRUE;
    s.Ext[1].UseFlags = TRUE;
    s.Ext[1].InvokeOnSuccess = OnSuccess;
    s.Ext[1].InvokeOnError = OnError;
    s.Ext[1].InvokeOnCancel = OnCancel;
    s.Ext[0].CompleteStatus = Status;
    Irp = NewCaughtIrp(s.Top, IRP_MJ_READ, &c);
    KT_ASSERT_TRUE(t, Irp != NULL);
    if (Cancel)
        KT_EXPECT_FALSE(t, IoCancelIrp(Irp));     /* no cancel routine: just the flag */
    KT_EXPECT_EQ(t, IoCallDriver(s.Top, Irp), Status);
    KT_EXPECT_EQ(t, c.Calls, 1);                  /* the walk always reaches the top */
    KT_EXPECT_EQ(t, c.Status, Status);
    IoFreeIrp(Irp);
    return s.Ext[1].RoutineCalls;
}

static void io_irp_test_invoke_flags(KTEST *t)
{
    /* success only */
    KT_EXPECT_EQ(t, RunWithFlags(t, TRUE, FALSE, FALSE, STATUS_SUCCESS, FALSE), 1);
    KT_EXPECT_EQ(t, RunWithFlags(t, TRUE, FALSE, FALSE, STATUS_OBJECT_NAME_EXISTS, FALSE), 1);
    /* A warning is not NT_SUCCESS: it counts as an error. */
    KT_EXPECT_EQ(t, RunWithFlags(t, TRUE, FALSE, FALSE, STATUS_BUFFER_OVERFLOW, FALSE), 0);
    KT_EXPECT_EQ(t, RunWithFlags(t, FALSE, TRUE, FALSE, STATUS_BUFFER_OVERFLOW, FALSE), 1);
    KT_EXPECT_EQ(t, RunWithFlags(t, TRUE, FALSE, FALSE, STATUS_ACCESS_DENIED, FALSE), 0);
    /* error only */
    KT_EXPECT_EQ(t, RunWithFlags(t, FALSE, TRUE, FALSE, STATUS_SUCCESS, FALSE), 0);
    KT_EXPECT_EQ(t, RunWithFlags(t, FALSE, TRUE, FALSE, STATUS_ACCESS_DENIED, FALSE), 1);
    KT_EXPECT_EQ(t, RunWithFlags(t, FALSE, TRUE, FALSE, STATUS_CANCELLED, FALSE), 1);
    /* cancel only: whenever Irp->Cancel is set, whatever the status */
    KT_EXPECT_EQ(t, RunWithFlags(t, FALSE, FALSE, TRUE, STATUS_CANCELLED, FALSE), 0);
    KT_EXPECT_EQ(t, RunWithFlags(t, FALSE, FALSE, TRUE, STATUS_CANCELLED, TRUE), 1);
    KT_EXPECT_EQ(t, RunWithFlags(t, FALSE, FALSE, TRUE, STATUS_SUCCESS, TRUE), 1);
    KT_EXPECT_EQ(t, RunWithFlags(t, FALSE, FALSE, TRUE, STATUS_SUCCESS, FALSE), 0);
    /* none (a routine without flags is never called) */
    KT_EXPECT_EQ(t, RunWithFlags(t, FALSE, FALSE, FALSE, STATUS_SUCCESS, TRUE), 0);
    KT_EXPECT_EQ(t, RunWithFlags(t, FALSE, FALSE, FALSE, STATUS_UNSUCCESSFUL, TRUE), 0);
    /* all */
    KT_EXPECT_EQ(t, RunWithFlags(t, TRUE, TRUE, TRUE, STATUS_UNSUCCESSFUL, FALSE), 1);
}

/* The bottom pends the IRP; the test completes it later. PropagateInRoutine: the middle
   filter has a routine (which marks pending or not); else it just passes the IRP on. */
static void RunPending(KTEST *t, BOOLEAN MiddleRoutine, BOOLEAN MarkInRoutine,
                       BOOLEAN ExpectTop)
{
    TEST_STACK s;
    CATCH c;
    PIRP Irp;

    TestStackInit(&s, 3);
    s.Ext[0].Pend = TRUE;
    s.Ext[1].SetRoutine = MiddleRoutine;
    s.Ext[1].MarkPendingInRoutine = MarkInRoutine;
    Irp = NewCaughtIrp(s.Top, IRP_MJ_READ, &c);
    KT_ASSERT_TRUE(t, Irp != NULL);
    KT_EXPECT_EQ(t, IoCallDriver(s.Top, Irp), STATUS_PENDING);
    KT_EXPECT_EQ(t, c.Calls, 0);
    KT_ASSERT_TRUE(t, s.Ext[0].Pended == Irp);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    KT_EXPECT_EQ(t, c.Calls, 1);
    if (MiddleRoutine)
        KT_EXPECT_TRUE(t, s.Ext[1].RoutinePendingReturned);
    KT_EXPECT_EQ(t, c.PendingReturned, ExpectTop);
    IoFreeIrp(Irp);
}

static void io_irp_test_pending_returned_propagates(KTEST *t)
{
    /* No routine in between: the walk marks each location pending on the way up. */
    RunPending(t, FALSE, FALSE, TRUE);
    /* A routine that marks pending (the documented duty) keeps the chain. */
    RunPending(t, TRUE, TRUE, TRUE);
    /* A routine that does not: the walk does not do it for it. */
    RunPending(t, TRUE, FALSE, FALSE);
}

static void io_irp_test_error_returned_recorded(KTEST *t)
{
    TEST_STACK s;
    CATCH c;
    PIRP Irp;
    PIO_STACK_LOCATION First;

    TestStackInit(&s, 2);
    s.Ext[0].CompleteStatus = STATUS_DEVICE_NOT_READY;
    Irp = NewCaughtIrp(s.Top, IRP_MJ_READ, &c);
    KT_ASSERT_TRUE(t, Irp != NULL);
    KT_EXPECT_EQ(t, IoCallDriver(s.Top, Irp), STATUS_DEVICE_NOT_READY);
    First = (PIO_STACK_LOCATION)(Irp + 1);
    KT_EXPECT_EQ(t, First[0].Control & SL_ERROR_RETURNED, SL_ERROR_RETURNED);
    KT_EXPECT_EQ(t, (NTSTATUS)(LONG_PTR)First[0].Parameters.Others.Argument4,
                 STATUS_DEVICE_NOT_READY);
    /* Same error one level up: recorded once. */
    KT_EXPECT_EQ(t, First[1].Control & SL_ERROR_RETURNED, 0);
    IoFreeIrp(Irp);
}

static void io_irp_test_more_processing_then_complete_again(KTEST *t)
{
    TEST_STACK s;
    CATCH c;
    PIRP Irp;

    TestStackInit(&s, 3);
    s.Ext[1].SetRoutine = TRUE;
    s.Ext[1].RoutineReturnsMoreProcessing = TRUE;   /* the middle filter takes it back */
    s.Ext[2].SetRoutine = TRUE;
    s.Ext[0].CompleteStatus = STATUS_UNSUCCESSFUL;
    Irp = NewCaughtIrp(s.Top, IRP_MJ_READ, &c);
    KT_ASSERT_TRUE(t, Irp != NULL);
    IoCallDriver(s.Top, Irp);
    KT_EXPECT_EQ(t, s.Ext[1].RoutineCalls, 1);
    KT_EXPECT_EQ(t, s.Ext[2].RoutineCalls, 0);       /* the walk stopped */
    KT_EXPECT_EQ(t, c.Calls, 0);
    KT_EXPECT_EQ(t, Irp->CurrentLocation, 2);         /* the middle filter's location */
    KT_EXPECT_PTR_EQ(t, IoGetCurrentIrpStackLocation(Irp), (PIO_STACK_LOCATION)(Irp + 1) + 1);

    /* The middle filter retries its part and completes again: the walk goes on from its
       location, with the status it sets now. */
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 7;
    IoCompleteRequest(Irp, IO_DISK_INCREMENT);
    KT_EXPECT_EQ(t, s.Ext[1].RoutineCalls, 1);
    KT_EXPECT_EQ(t, s.Ext[2].RoutineCalls, 1);
    KT_EXPECT_EQ(t, c.Calls, 1);
    KT_EXPECT_EQ(t, c.Status, STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Irp->IoStatus.Information, 7);
    IoFreeIrp(Irp);
}

static void io_irp_test_completion_at_dispatch_level(KTEST *t)
{
    TEST_STACK s;
    CATCH c;
    PIRP Irp;
    KIRQL Old;

    TestStackInit(&s, 2);
    s.Ext[0].Pend = TRUE;
    s.Ext[1].SetRoutine = TRUE;
    Irp = NewCaughtIrp(s.Top, IRP_MJ_READ, &c);
    KT_ASSERT_TRUE(t, Irp != NULL);
    KT_EXPECT_EQ(t, IoCallDriver(s.Top, Irp), STATUS_PENDING);
    KeRaiseIrql(DISPATCH_LEVEL, &Old);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    KeLowerIrql(Old);
    KT_EXPECT_EQ(t, s.Ext[1].RoutineIrql, DISPATCH_LEVEL);   /* routines run at the caller's IRQL */
    KT_EXPECT_EQ(t, c.Irql, DISPATCH_LEVEL);
    IoFreeIrp(Irp);
}

/* ---- Associated IRPs --------------------------------------------------------------------- */

static void io_irp_test_associated_irps_complete_master(KTEST *t)
{
    TEST_STACK s;
    CATCH c;
    PIRP Master;
    ULONG i;

    TestStackInit(&s, 2);
    s.Ext[1].SplitInto = 3;                   /* the top driver splits the request */
    s.Ext[0].Pend = TRUE;                     /* the bottom pends each piece */
    Master = NewCaughtIrp(s.Top, IRP_MJ_READ, &c);
    KT_ASSERT_TRUE(t, Master != NULL);
    KT_EXPECT_EQ(t, IoCallDriver(s.Top, Master), STATUS_PENDING);
    KT_EXPECT_EQ(t, s.PendedCount, 3);
    KT_EXPECT_EQ(t, Master->AssociatedIrp.IrpCount, 3);
    for (i = 0; i < 3; i++) {
        PIRP Piece = s.PendedList[i];
        KT_EXPECT_TRUE(t, (Piece->Flags & IRP_ASSOCIATED_IRP) != 0);
        KT_EXPECT_TRUE(t, Piece->AssociatedIrp.MasterIrp == Master);
        KT_EXPECT_EQ(t, Piece->StackCount, s.Device[0]->StackSize);
        KT_EXPECT_TRUE(t, Piece->Tail.Overlay.Thread == Master->Tail.Overlay.Thread);
    }

    /* Completing the pieces (out of order) frees them; the last completes the master. */
    s.PendedList[1]->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(s.PendedList[1], IO_NO_INCREMENT);
    s.PendedList[0]->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(s.PendedList[0], IO_NO_INCREMENT);
    KT_EXPECT_EQ(t, Master->AssociatedIrp.IrpCount, 1);
    KT_EXPECT_EQ(t, c.Calls, 0);
    s.PendedList[2]->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(s.PendedList[2], IO_NO_INCREMENT);
    KT_EXPECT_EQ(t, c.Calls, 1);
    KT_EXPECT_EQ(t, c.Status, STATUS_SUCCESS);        /* what the splitting driver set */
    KT_EXPECT_EQ(t, Master->IoStatus.Information, 3 * 512);
    KT_EXPECT_TRUE(t, c.PendingReturned);             /* it returned STATUS_PENDING */
    IoFreeIrp(Master);
}

/* ---- Bugchecks of IoCompleteRequest ------------------------------------------------------ */

static void CompleteIt(void *Context)
{
    IoCompleteRequest((PIRP)Context, IO_NO_INCREMENT);
}

static void io_irp_test_double_completion_bugchecks(KTEST *t)
{
    TEST_STACK s;
    PIRP Irp;
    KMODE_BUGCHECK bc;

    /* IRP_DEFER_IO_COMPLETION keeps the IRP alive after its first completion (as the
       native I/O services do), so the second IoCompleteRequest finds it completed. */
    TestStackInit(&s, 1);
    s.Ext[0].CompleteStatus = STATUS_SUCCESS;
    s.Ext[0].CompleteTwice = TRUE;
    s.Ext[0].CatchSecondCompletion = &bc;
    Irp = IoAllocateIrp(1, FALSE);
    KT_ASSERT_TRUE(t, Irp != NULL);
    Irp->Flags |= IRP_DEFER_IO_COMPLETION;
    IoGetNextIrpStackLocation(Irp)->MajorFunction = IRP_MJ_READ;
    IoCallDriver(s.Top, Irp);
    KT_EXPECT_EQ(t, s.Ext[0].SecondCompletionCaught, TRUE);
    KT_EXPECT_EQ(t, bc.Code, MULTIPLE_IRP_COMPLETE_REQUESTS);
    KT_EXPECT_EQ(t, bc.Parameter1, (ULONG_PTR)Irp);
    KT_EXPECT_EQ(t, bc.Parameter2, 1);
    KT_EXPECT_CONTAINS(t, bc.Report, "MULTIPLE_IRP_COMPLETE_REQUESTS");
    KT_EXPECT_EQ(t, Irp->CurrentLocation, 3);
    IoFreeIrp(Irp);
}

static void io_irp_test_complete_with_pending_status_bugchecks(KTEST *t)
{
    PIRP Irp = IoAllocateIrp(1, FALSE);
    KMODE_BUGCHECK bc;

    KT_ASSERT_TRUE(t, Irp != NULL);
    IoSetNextIrpStackLocation(Irp);
    Irp->IoStatus.Status = STATUS_PENDING;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(CompleteIt, Irp, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, MULTIPLE_IRP_COMPLETE_REQUESTS);
    KT_EXPECT_EQ(t, bc.Parameter1, (ULONG_PTR)Irp);
    KT_EXPECT_EQ(t, bc.Parameter2, 3);
    KT_EXPECT_EQ(t, Irp->CurrentLocation, 1);         /* nothing was walked */
    IoFreeIrp(Irp);
}

static void io_irp_test_complete_non_irp_bugchecks(KTEST *t)
{
    union {
        IRP Irp;
        UCHAR Bytes[0xD0 + 0x48];
    } Fake;
    KMODE_BUGCHECK bc;

    RtlZeroMemory(&Fake, sizeof Fake);               /* Type 0: a freed IRP looks like this */
    Fake.Irp.StackCount = 1;
    Fake.Irp.CurrentLocation = 1;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(CompleteIt, &Fake.Irp, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, MULTIPLE_IRP_COMPLETE_REQUESTS);
    KT_EXPECT_EQ(t, bc.Parameter2, 2);
}

static void io_irp_test_unthreaded_irp_completed_to_top_bugchecks(KTEST *t)
{
    PIRP Irp = IoAllocateIrp(1, FALSE);
    KMODE_BUGCHECK bc;

    KT_ASSERT_TRUE(t, Irp != NULL);
    IoSetNextIrpStackLocation(Irp);                   /* no completion routine anywhere */
    Irp->IoStatus.Status = STATUS_SUCCESS;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(CompleteIt, Irp, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, MULTIPLE_IRP_COMPLETE_REQUESTS);
    KT_EXPECT_EQ(t, bc.Parameter2, 4);
    KT_EXPECT_CONTAINS(t, bc.Report, "STATUS_MORE_PROCESSING_REQUIRED");
    IoFreeIrp(Irp);
}

static void CompleteAtHighLevel(void *Context)
{
    KIRQL Old;
    KeRaiseIrql(HIGH_LEVEL, &Old);
    CompleteIt(Context);
}

static void io_irp_test_complete_above_dispatch_bugchecks(KTEST *t)
{
    PIRP Irp = IoAllocateIrp(1, FALSE);
    KMODE_BUGCHECK bc;

    KT_ASSERT_TRUE(t, Irp != NULL);
    IoSetNextIrpStackLocation(Irp);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(CompleteAtHighLevel, Irp, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, IRQL_NOT_LESS_OR_EQUAL);
    KT_EXPECT_EQ(t, bc.Parameter2, HIGH_LEVEL);
    KT_EXPECT_EQ(t, Irp->CurrentLocation, 1);
    IoFreeIrp(Irp);
}

static void FreeIt(void *Context)
{
    IoFreeIrp((PIRP)Context);
}

static void io_irp_test_free_non_irp_bugchecks(KTEST *t)
{
    IRP Fake;
    KMODE_BUGCHECK bc;

    RtlZeroMemory(&Fake, sizeof Fake);
    Fake.Type = IO_TYPE_FILE;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(FreeIt, &Fake, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, MULTIPLE_IRP_COMPLETE_REQUESTS);
    KT_EXPECT_EQ(t, bc.Parameter1, (ULONG_PTR)&Fake);
    KT_EXPECT_EQ(t, bc.Parameter2, 2);
}

/* ---- Small queries -------------------------------------------------------------------------- */

static void io_irp_test_requestor_and_top_level(KTEST *t)
{
    PIRP Irp = IoAllocateIrp(1, FALSE);
    PIRP Saved = IoGetTopLevelIrp();

    KT_ASSERT_TRUE(t, Irp != NULL);
    KT_EXPECT_TRUE(t, IoGetRequestorProcess(Irp) == NULL);   /* no thread */
    KT_EXPECT_EQ(t, IoGetRequestorProcessId(Irp), 0);
    Irp->Tail.Overlay.Thread = PsGetCurrentThread();
    KT_EXPECT_TRUE(t, IoGetRequestorProcess(Irp) == PsGetCurrentProcess());
    KT_EXPECT_EQ(t, IoGetRequestorProcessId(Irp), (ULONG)(ULONG_PTR)PsGetCurrentProcessId());
    Irp->Tail.Overlay.Thread = NULL;
    IoFreeIrp(Irp);

    KT_EXPECT_TRUE(t, Saved == NULL);
    IoSetTopLevelIrp((PIRP)(ULONG_PTR)0x1);           /* FSRTL_FSP_TOP_LEVEL_IRP */
    KT_EXPECT_EQ(t, (ULONG_PTR)IoGetTopLevelIrp(), 1);
    IoSetTopLevelIrp(NULL);
    KT_EXPECT_TRUE(t, IoGetTopLevelIrp() == NULL);
}

static void io_irp_test_is_operation_synchronous(KTEST *t)
{
    PIRP Irp = IoAllocateIrp(1, FALSE);
    PIO_STACK_LOCATION Stack;
    FILE_OBJECT File;

    KT_ASSERT_TRUE(t, Irp != NULL);
    IoSetNextIrpStackLocation(Irp);
    Stack = IoGetCurrentIrpStackLocation(Irp);
    RtlZeroMemory(&File, sizeof File);
    Stack->MajorFunction = IRP_MJ_READ;
    KT_EXPECT_FALSE(t, IoIsOperationSynchronous(Irp));
    Stack->FileObject = &File;
    KT_EXPECT_FALSE(t, IoIsOperationSynchronous(Irp));
    File.Flags = FO_SYNCHRONOUS_IO;
    KT_EXPECT_TRUE(t, IoIsOperationSynchronous(Irp));
    /* Asynchronous paging I/O wins over everything. */
    Irp->Flags = IRP_PAGING_IO;
    KT_EXPECT_FALSE(t, IoIsOperationSynchronous(Irp));
    Irp->Flags = IRP_PAGING_IO | IRP_SYNCHRONOUS_PAGING_IO;
    KT_EXPECT_TRUE(t, IoIsOperationSynchronous(Irp));
    File.Flags = 0;
    Irp->Flags = IRP_SYNCHRONOUS_API;
    KT_EXPECT_TRUE(t, IoIsOperationSynchronous(Irp));
    Irp->Flags = 0;
    Stack->MajorFunction = IRP_MJ_DEVICE_CONTROL;
    Stack->Parameters.DeviceIoControl.IoControlCode =
        CTL_CODE(FILE_DEVICE_UNKNOWN, 1, METHOD_BUFFERED, FILE_ANY_ACCESS);
    KT_EXPECT_TRUE(t, IoIsOperationSynchronous(Irp));
    Stack->Parameters.DeviceIoControl.IoControlCode =
        CTL_CODE(FILE_DEVICE_UNKNOWN, 1, METHOD_NEITHER, FILE_ANY_ACCESS);
    KT_EXPECT_FALSE(t, IoIsOperationSynchronous(Irp));
    IoFreeIrp(Irp);
}

/* ---- The device object's DPC ---------------------------------------------------------------- */

static struct {
    LONG Calls;
    PKDPC Dpc;
    PDEVICE_OBJECT Device;
    PIRP Irp;
    PVOID Context;
    KIRQL Irql;
} DpcSeen;

static VOID NTAPI DeviceDpc(PKDPC Dpc, PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    DpcSeen.Calls++;
    DpcSeen.Dpc = Dpc;
    DpcSeen.Device = DeviceObject;
    DpcSeen.Irp = Irp;
    DpcSeen.Context = Context;
    DpcSeen.Irql = KeGetCurrentIrql();
}

static void io_irp_test_device_dpc_request(KTEST *t)
{
    TEST_STACK s;
    KIRQL Old;

    TestStackInit(&s, 1);
    RtlZeroMemory(&DpcSeen, sizeof DpcSeen);
    IoInitializeDpcRequest(s.Top, DeviceDpc);
    KT_EXPECT_TRUE(t, s.Top->Dpc.DeferredContext == s.Top);
    /* Queued from DISPATCH_LEVEL (as an ISR's work would be), it runs when IRQL drops. */
    KeRaiseIrql(DISPATCH_LEVEL, &Old);
    IoRequestDpc(s.Top, (PIRP)(ULONG_PTR)0x1234, (PVOID)(ULONG_PTR)0x5678);
    KT_EXPECT_EQ(t, DpcSeen.Calls, 0);
    KeLowerIrql(Old);
    KeFlushQueuedDpcs();
    KT_EXPECT_EQ(t, DpcSeen.Calls, 1);
    KT_EXPECT_TRUE(t, DpcSeen.Dpc == &s.Top->Dpc);
    KT_EXPECT_TRUE(t, DpcSeen.Device == s.Top);
    KT_EXPECT_EQ(t, (ULONG_PTR)DpcSeen.Irp, 0x1234);
    KT_EXPECT_EQ(t, (ULONG_PTR)DpcSeen.Context, 0x5678);
    KT_EXPECT_EQ(t, DpcSeen.Irql, DISPATCH_LEVEL);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_irp_test_device_dpc_request),
    KTEST_CASE_ENTRY(io_irp_test_allocate_initializes),
    KTEST_CASE_ENTRY(io_irp_test_lookaside_lists),
    KTEST_CASE_ENTRY(io_irp_test_initialize_and_reuse),
    KTEST_CASE_ENTRY(io_irp_test_stack_location_helpers),
    KTEST_CASE_ENTRY(io_irp_test_set_cancel_routine_exchanges),
    KTEST_CASE_ENTRY(io_irp_test_code_macros),
    KTEST_CASE_ENTRY(io_irp_test_call_driver_moves_to_next_location),
    KTEST_CASE_ENTRY(io_irp_test_call_driver_by_major_function),
    KTEST_CASE_ENTRY(io_irp_test_stack_exhaustion_bugchecks),
    KTEST_CASE_ENTRY(io_irp_test_call_driver_above_dispatch_bugchecks),
    KTEST_CASE_ENTRY(io_irp_test_completion_walk_order_three_deep),
    KTEST_CASE_ENTRY(io_irp_test_invoke_flags),
    KTEST_CASE_ENTRY(io_irp_test_pending_returned_propagates),
    KTEST_CASE_ENTRY(io_irp_test_error_returned_recorded),
    KTEST_CASE_ENTRY(io_irp_test_more_processing_then_complete_again),
    KTEST_CASE_ENTRY(io_irp_test_completion_at_dispatch_level),
    KTEST_CASE_ENTRY(io_irp_test_associated_irps_complete_master),
    KTEST_CASE_ENTRY(io_irp_test_double_completion_bugchecks),
    KTEST_CASE_ENTRY(io_irp_test_complete_with_pending_status_bugchecks),
    KTEST_CASE_ENTRY(io_irp_test_complete_non_irp_bugchecks),
    KTEST_CASE_ENTRY(io_irp_test_unthreaded_irp_completed_to_top_bugchecks),
    KTEST_CASE_ENTRY(io_irp_test_complete_above_dispatch_bugchecks),
    KTEST_CASE_ENTRY(io_irp_test_free_non_irp_bugchecks),
    KTEST_CASE_ENTRY(io_irp_test_requestor_and_top_level),
    KTEST_CASE_ENTRY(io_irp_test_is_operation_synchronous),
    {0}
};
KTEST_SUITE(io_irp, cases);
