/*
 * PURPOSE: Bug class "completion routine does not propagate the pending state": a filter
 * forwards an IRP with a completion routine that returns without
 * "if (Irp->PendingReturned) IoMarkIrpPending(Irp);". The lower driver pended the IRP, so
 * the filter's dispatch routine returned STATUS_PENDING, yet the caller above is told the
 * IRP completed synchronously; with Windows' I/O verification (0x10) it is bugcheck 0xC9
 * DRIVER_VERIFIER_IOMANAGER_VIOLATION (0x228, completion routine, IRP, filter's device).
 */
#include "bugs.h"

static PDEVICE_OBJECT FilterDevice, LowerDevice;
static PIRP Kept;
static BOOLEAN Careful;

static NTSTATUS LowerDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoMarkIrpPending(Irp);
    Kept = Irp;                       /* completed later, as hardware would */
    return STATUS_PENDING;
}

static NTSTATUS FilterCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);
    if (Careful && Irp->PendingReturned)
        IoMarkIrpPending(Irp);
    /* BUG (not Careful): the pending state stops here. */
    InterlockedIncrement(&BugsAfterBug);
    return STATUS_CONTINUE_COMPLETION;
}

static NTSTATUS FilterDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, FilterCompletion, NULL, TRUE, TRUE, TRUE);
    return IoCallDriver(LowerDevice, Irp);
}

static VOID FilterUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDetachDevice(LowerDevice);
    IoDeleteDevice(FilterDevice);
}

static NTSTATUS FilterEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_READ] = FilterDispatch;
    DriverObject->DriverUnload = FilterUnload;
    Status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &FilterDevice);
    if (!NT_SUCCESS(Status))
        return Status;
    if (IoAttachDeviceToDeviceStack(FilterDevice, LowerDevice) == NULL) {
        IoDeleteDevice(FilterDevice);
        return STATUS_NO_SUCH_DEVICE;
    }
    FilterDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

/* The sender takes its IRP back (it belongs to no thread). */
static NTSTATUS SenderCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    UNREFERENCED_PARAMETER(Context);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static NTSTATUS Send(PIRP *Irp)
{
    PIO_STACK_LOCATION Next;

    *Irp = IoAllocateIrp(FilterDevice->StackSize, FALSE);
    if (*Irp == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    Next = IoGetNextIrpStackLocation(*Irp);
    Next->MajorFunction = IRP_MJ_READ;
    IoSetCompletionRoutine(*Irp, SenderCompletion, NULL, TRUE, TRUE, TRUE);
    return IoCallDriver(FilterDevice, *Irp);
}

static void CompleteKept(void *Context)
{
    UNREFERENCED_PARAMETER(Context);
    Kept->IoStatus.Status = STATUS_SUCCESS;
    Kept->IoStatus.Information = 0;
    IoCompleteRequest(Kept, IO_NO_INCREMENT);
}

static void Run(KTEST *t, BOOLEAN CarefulFilter)
{
    PDRIVER_OBJECT Lower, Filter = NULL;
    KMODE_BUGCHECK bc;
    PIRP Irp = NULL;

    Careful = CarefulFilter;
    KT_ASSERT_EQ(t, BugsLoadDeviceDriver(L"BugPendLower", LowerDispatch, &Lower, &LowerDevice),
                 STATUS_SUCCESS);
    BugsSetVerifier("0x10");
    KT_EXPECT_EQ(t, BugsLoadDriver(L"BugPendFilter", FilterEntry, &Filter), STATUS_SUCCESS);
    BugsSetVerifier(NULL);
    if (Filter == NULL)
        return;
    KT_EXPECT_EQ(t, Send(&Irp), STATUS_PENDING);
    if (CarefulFilter) {
        if (KmodeCatchBugCheck(CompleteKept, NULL, KMODE_CATCH_QUIET, &bc))
            KT_FAIL(t, "%s", bc.Report);
        KT_EXPECT_TRUE(t, Irp->PendingReturned);     /* what the sender's routine saw */
    } else if (BugsCatch(t, CompleteKept, NULL, &bc)) {
        BUGS_EXPECT_BUGCHECK(t, bc, 0xC9, 0x228, FilterCompletion, Irp, FilterDevice);
        BUGS_EXPECT_BLAMES(t, bc, "FilterCompletion");
        KT_EXPECT_CONTAINS(t, bc.Report, "DRIVER_VERIFIER_IOMANAGER_VIOLATION (c9)");
        KT_EXPECT_CONTAINS(t, bc.Report, "PendingReturned");
    }
    if (Irp != NULL)
        IoFreeIrp(Irp);
    BugsUnloadDriver(Filter);
    BugsUnloadDriver(Lower);
}

static void bugs_completion_not_pending_test_bugchecks_0xc9_0x228(KTEST *t)
{
    Run(t, FALSE);
}

static void bugs_completion_not_pending_test_correct_filter_passes(KTEST *t)
{
    Run(t, TRUE);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(bugs_completion_not_pending_test_bugchecks_0xc9_0x228),
    KTEST_CASE_ENTRY(bugs_completion_not_pending_test_correct_filter_passes),
    { 0 },
};
KTEST_SUITE(bugs_completion_not_pending, cases);
