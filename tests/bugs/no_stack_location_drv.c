/*
 * PURPOSE: Bug class "IRP without enough stack locations": a driver allocates an IRP with
 * no stack location for the device it sends it to. Windows: bugcheck 0x35
 * NO_MORE_IRP_STACK_LOCATIONS (Arg1 the IRP, the others 0).
 */
#include "bugs.h"

static NTSTATUS NoStackDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

typedef struct {
    PDEVICE_OBJECT Device;
    PIRP Irp;
} NO_STACK_RUN;

/* The driver's own request to its device. */
static DECLSPEC_NOINLINE VOID NoStackSendFlush(NO_STACK_RUN *Run)
{
    Run->Irp = IoAllocateIrp(0, FALSE);               /* BUG: Device->StackSize locations needed */
    if (Run->Irp == NULL)
        return;
    IoCallDriver(Run->Device, Run->Irp);
}

static void NoStackTrigger(void *Context)
{
    NoStackSendFlush(Context);
}

static void bugs_no_stack_location_test_bugchecks_0x35(KTEST *t)
{
    NO_STACK_RUN Run = { NULL, NULL };
    PDRIVER_OBJECT Driver;
    KMODE_BUGCHECK bc;

    KT_ASSERT_EQ(t, BugsLoadDeviceDriver(L"BugNoStack", NoStackDispatch, &Driver, &Run.Device),
                 STATUS_SUCCESS);
    if (BugsCatch(t, NoStackTrigger, &Run, &bc)) {
        BUGS_EXPECT_BUGCHECK(t, bc, NO_MORE_IRP_STACK_LOCATIONS, Run.Irp, 0, 0, 0);
        BUGS_EXPECT_BLAMES(t, bc, "NoStackSendFlush");
        KT_EXPECT_CONTAINS(t, bc.Report, "NO_MORE_IRP_STACK_LOCATIONS (35)");
        KT_EXPECT_CONTAINS(t, bc.Report, "IRP_CONTEXT:  dispatch routine for");
        KT_EXPECT_CONTAINS(t, bc.Report, "Irp is active with 0 stacks 0 is current");
        KT_EXPECT_CONTAINS(t, bc.Report, "fewer locations than the device stack's StackSize");
    }
    if (Run.Irp != NULL)
        IoFreeIrp(Run.Irp);
    BugsUnloadDriver(Driver);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(bugs_no_stack_location_test_bugchecks_0x35),
    { 0 },
};
KTEST_SUITE(bugs_no_stack_location, cases);
