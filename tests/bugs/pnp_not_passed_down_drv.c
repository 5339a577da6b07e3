/*
 * PURPOSE: Bug class "PnP IRP completed instead of passed down": a filter driver completes
 * the PnP IRPs it does not handle as they came (STATUS_NOT_SUPPORTED) instead of passing
 * them to the driver below, so the bus driver never sees them. With Windows' I/O
 * verification (0x10) it is bugcheck 0xC9 DRIVER_VERIFIER_IOMANAGER_VIOLATION (0x22F,
 * address in the filter, IRP, filter's device). kmode has no PnP manager: here a driver
 * queries its stack's capabilities, which is how such an IRP travels in kmode.
 */
#include "bugs.h"

static PDEVICE_OBJECT FilterDevice, BottomDevice;
static BOOLEAN Careful;

/* The bottom of the stack (it stands for the PDO): completes what it does not handle. */
static NTSTATUS BottomDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    NTSTATUS Status = Irp->IoStatus.Status;

    UNREFERENCED_PARAMETER(DeviceObject);
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static NTSTATUS FilterPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    NTSTATUS Status = Irp->IoStatus.Status;

    UNREFERENCED_PARAMETER(DeviceObject);
    if (Careful) {
        IoSkipCurrentIrpStackLocation(Irp);
        return IoCallDriver(BottomDevice, Irp);
    }
    IoCompleteRequest(Irp, IO_NO_INCREMENT);   /* BUG: not handled, yet not passed down */
    InterlockedIncrement(&BugsAfterBug);
    return Status;
}

static VOID FilterUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDetachDevice(BottomDevice);
    IoDeleteDevice(FilterDevice);
}

static NTSTATUS FilterEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_PNP] = FilterPnp;
    DriverObject->DriverUnload = FilterUnload;
    Status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &FilterDevice);
    if (!NT_SUCCESS(Status))
        return Status;
    if (IoAttachDeviceToDeviceStack(FilterDevice, BottomDevice) == NULL) {
        IoDeleteDevice(FilterDevice);
        return STATUS_NO_SUCH_DEVICE;
    }
    FilterDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

typedef struct {
    PIRP Irp;
    NTSTATUS Status;
    KEVENT Done;
    IO_STATUS_BLOCK Iosb;
    DEVICE_CAPABILITIES Capabilities;
} QUERY;

/* IRP_MN_QUERY_CAPABILITIES to the top of the stack, built the documented way. */
static void QueryCapabilities(void *Context)
{
    QUERY *Query = Context;
    PIO_STACK_LOCATION Next;

    KeInitializeEvent(&Query->Done, NotificationEvent, FALSE);
    RtlZeroMemory(&Query->Capabilities, sizeof(Query->Capabilities));
    Query->Capabilities.Size = sizeof(DEVICE_CAPABILITIES);
    Query->Capabilities.Version = 1;
    Query->Capabilities.Address = MAXULONG;
    Query->Capabilities.UINumber = MAXULONG;
    Query->Irp = IoBuildSynchronousFsdRequest(IRP_MJ_PNP, FilterDevice, NULL, 0, NULL,
                                              &Query->Done, &Query->Iosb);
    if (Query->Irp == NULL) {
        Query->Status = STATUS_INSUFFICIENT_RESOURCES;
        return;
    }
    Query->Irp->IoStatus.Status = STATUS_NOT_SUPPORTED;    /* required for PnP IRPs */
    Next = IoGetNextIrpStackLocation(Query->Irp);
    Next->MinorFunction = IRP_MN_QUERY_CAPABILITIES;
    Next->Parameters.DeviceCapabilities.Capabilities = &Query->Capabilities;
    Query->Status = IoCallDriver(FilterDevice, Query->Irp);
    if (Query->Status == STATUS_PENDING) {
        KeWaitForSingleObject(&Query->Done, Executive, KernelMode, FALSE, NULL);
        Query->Status = Query->Iosb.Status;
    }
}

static void Run(KTEST *t, BOOLEAN CarefulFilter)
{
    PDRIVER_OBJECT Bottom, Filter = NULL;
    KMODE_BUGCHECK bc;
    QUERY Query;

    Careful = CarefulFilter;
    KT_ASSERT_EQ(t, BugsLoadDeviceDriver(L"BugPnpBottom", BottomDispatch, &Bottom, &BottomDevice),
                 STATUS_SUCCESS);
    BugsSetVerifier("0x10");
    KT_EXPECT_EQ(t, BugsLoadDriver(L"BugPnpFilter", FilterEntry, &Filter), STATUS_SUCCESS);
    BugsSetVerifier(NULL);
    if (Filter == NULL)
        return;
    if (CarefulFilter) {
        if (KmodeCatchBugCheck(QueryCapabilities, &Query, KMODE_CATCH_QUIET, &bc))
            KT_FAIL(t, "%s", bc.Report);
        KT_EXPECT_EQ(t, Query.Status, STATUS_NOT_SUPPORTED);    /* nobody handled it */
    } else if (BugsCatch(t, QueryCapabilities, &Query, &bc)) {
        KT_EXPECT_EQ(t, bc.Code, 0xC9);
        KT_EXPECT_EQ(t, bc.Parameter1, 0x22F);
        BUGS_EXPECT_IN_FUNCTION(t, bc.Parameter2, FilterPnp);
        KT_EXPECT_EQ(t, bc.Parameter3, (ULONG_PTR)Query.Irp);
        KT_EXPECT_EQ(t, bc.Parameter4, (ULONG_PTR)FilterDevice);
        KT_EXPECT_CONTAINS(t, bc.Report, "DRIVER_VERIFIER_IOMANAGER_VIOLATION (c9)");
        KT_EXPECT_CONTAINS(t, bc.Report, "passing it down");
        /* The IRP is abandoned half completed: complete it for its thread. */
        Query.Irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
        IoCompleteRequest(Query.Irp, IO_NO_INCREMENT);
    }
    BugsUnloadDriver(Filter);
    BugsUnloadDriver(Bottom);
}

static void bugs_pnp_not_passed_down_test_bugchecks_0xc9_0x22f(KTEST *t)
{
    Run(t, FALSE);
}

static void bugs_pnp_not_passed_down_test_correct_filter_passes(KTEST *t)
{
    Run(t, TRUE);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(bugs_pnp_not_passed_down_test_bugchecks_0xc9_0x22f),
    KTEST_CASE_ENTRY(bugs_pnp_not_passed_down_test_correct_filter_passes),
    { 0 },
};
KTEST_SUITE(bugs_pnp_not_passed_down, cases);
