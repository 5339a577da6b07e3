/*
 * PURPOSE: The hand-made device stack of the IRP tests (io_irp_stack.h): its dispatch and
 * completion routines, written as a WDK driver writes them.
 */
#include "io_irp_stack.h"

static void CompleteAgain(void *Context)
{
    IoCompleteRequest((PIRP)Context, IO_NO_INCREMENT);
}

NTSTATUS NTAPI TestRoutine(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    TEST_EXT *e = Context;
    TEST_STACK *s = e->Stack;

    e->RoutineCalls++;
    e->RoutineDevice = DeviceObject;
    e->RoutineLocation = Irp->CurrentLocation;
    e->RoutineInformation = Irp->IoStatus.Information;
    e->RoutinePendingReturned = Irp->PendingReturned;
    e->RoutineIrql = KeGetCurrentIrql();
    if (s->CompletionOrderCount < RTL_NUMBER_OF(s->CompletionOrder))
        s->CompletionOrder[s->CompletionOrderCount++] = e->Level;
    if (e->RoutineReturnsMoreProcessing)
        return STATUS_MORE_PROCESSING_REQUIRED;
    if (Irp->PendingReturned && e->MarkPendingInRoutine)
        IoMarkIrpPending(Irp);
    return STATUS_CONTINUE_COMPLETION;
}

static NTSTATUS Split(TEST_EXT *e, PIRP Irp)
{
    UCHAR Major = IoGetCurrentIrpStackLocation(Irp)->MajorFunction;
    ULONG i;

    /* Set before any piece is sent: a piece may complete at once. */
    Irp->AssociatedIrp.IrpCount = (LONG)e->SplitInto;
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = e->SplitInto * 512;
    IoMarkIrpPending(Irp);
    for (i = 0; i < e->SplitInto; i++) {
        PIRP Piece = IoMakeAssociatedIrp(Irp, e->Lower->StackSize);
        if (Piece == NULL)
            return STATUS_PENDING;   /* the test sees the missing pieces */
        IoGetNextIrpStackLocation(Piece)->MajorFunction = Major;
        IoCallDriver(e->Lower, Piece);
    }
    return STATUS_PENDING;
}

NTSTATUS NTAPI TestDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    TEST_EXT *e = DeviceObject->DeviceExtension;
    TEST_STACK *s = e->Stack;
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);

    e->Dispatched++;
    e->SeenLocation = Irp->CurrentLocation;
    e->SeenMajor = Stack->MajorFunction;
    e->SeenDeviceInLocation = Stack->DeviceObject == DeviceObject;

    if (e->Lower != NULL) {
        if (e->SplitInto != 0)
            return Split(e, Irp);
        IoCopyCurrentIrpStackLocationToNext(Irp);
        if (e->SetRoutine) {
            if (e->UseFlags)
                IoSetCompletionRoutine(Irp, TestRoutine, e, e->InvokeOnSuccess,
                                       e->InvokeOnError, e->InvokeOnCancel);
            else
                IoSetCompletionRoutine(Irp, TestRoutine, e, TRUE, TRUE, TRUE);
        }
        return IoCallDriver(e->Lower, Irp);
    }

    if (e->Pend) {
        IoMarkIrpPending(Irp);
        e->Pended = Irp;
        if (s->PendedCount < RTL_NUMBER_OF(s->PendedList))
            s->PendedList[s->PendedCount++] = Irp;
        return STATUS_PENDING;
    }
    Irp->IoStatus.Status = e->CompleteStatus;
    Irp->IoStatus.Information = e->CompleteInformation;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    if (e->CompleteTwice)
        e->SecondCompletionCaught = KmodeCatchBugCheck(CompleteAgain, Irp, KMODE_CATCH_QUIET,
                                                       e->CatchSecondCompletion);
    return e->CompleteStatus;
}

NTSTATUS NTAPI TestDispatchNotSupported(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_NOT_SUPPORTED;
}

VOID TestStackInit(TEST_STACK *Stack, ULONG Depth)
{
    ULONG Level, Major;

    RtlZeroMemory(Stack, sizeof *Stack);
    Stack->Depth = Depth;
    for (Level = 0; Level < Depth; Level++) {
        PDRIVER_OBJECT Driver = &Stack->Driver[Level];
        PDEVICE_OBJECT Device = &Stack->DeviceStorage[Level];
        TEST_EXT *e = &Stack->Ext[Level];

        Driver->Type = IO_TYPE_DRIVER;
        Driver->Size = sizeof(DRIVER_OBJECT);
        Driver->DeviceObject = Device;
        for (Major = 0; Major <= IRP_MJ_MAXIMUM_FUNCTION; Major++)
            Driver->MajorFunction[Major] = TestDispatch;
        Device->Type = IO_TYPE_DEVICE;
        Device->Size = sizeof(DEVICE_OBJECT);
        Device->DriverObject = Driver;
        Device->StackSize = (CCHAR)(Level + 1);
        Device->DeviceType = FILE_DEVICE_UNKNOWN;
        Device->DeviceExtension = e;
        e->Stack = Stack;
        e->Level = Level;
        e->Lower = Level > 0 ? &Stack->DeviceStorage[Level - 1] : NULL;
        Stack->Device[Level] = Device;
    }
    Stack->Top = Stack->Device[Depth - 1];
}
