/*
 * PURPOSE: Bug class "IRP completed twice": a dispatch routine completes the IRP and then
 * completes it again. Windows: bugcheck 0x44 MULTIPLE_IRP_COMPLETE_REQUESTS (Arg1 the IRP);
 * kmode's Arg2 says which check fired (1: already completed).
 */
#include "bugs.h"

static NTSTATUS DoubleCompleteDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    IoCompleteRequest(Irp, IO_NO_INCREMENT);          /* BUG: completed a second time */
    return STATUS_SUCCESS;
}

typedef struct {
    PDEVICE_OBJECT Device;
    PIRP Irp;
} DOUBLE_COMPLETE_RUN;

static void DoubleCompleteTrigger(void *Context)
{
    DOUBLE_COMPLETE_RUN *Run = Context;
    BugsSendIrp(Run->Device, IRP_MJ_DEVICE_CONTROL, &Run->Irp);
}

static void bugs_double_complete_test_bugchecks_0x44(KTEST *t)
{
    DOUBLE_COMPLETE_RUN Run = { NULL, NULL };
    PDRIVER_OBJECT Driver;
    KMODE_BUGCHECK bc;

    KT_ASSERT_EQ(t, BugsLoadDeviceDriver(L"BugDoubleComplete", DoubleCompleteDispatch, &Driver,
                                         &Run.Device), STATUS_SUCCESS);
    if (BugsCatch(t, DoubleCompleteTrigger, &Run, &bc)) {
        BUGS_EXPECT_BUGCHECK(t, bc, MULTIPLE_IRP_COMPLETE_REQUESTS, Run.Irp, 1, 0, 0);
        BUGS_EXPECT_BLAMES(t, bc, "DoubleCompleteDispatch");
        KT_EXPECT_CONTAINS(t, bc.Report, "MULTIPLE_IRP_COMPLETE_REQUESTS (44)");
        /* The IRP section: the IRP decoded as !irp shows it, after its first completion
           (the current location is past the last one). */
        KT_EXPECT_CONTAINS(t, bc.Report, "IRP_ADDRESS:  ");
        KT_EXPECT_CONTAINS(t, bc.Report, "IRP_CONTEXT:  IoCompleteRequest of");
        KT_EXPECT_CONTAINS(t, bc.Report, "Irp is active with 1 stacks 3 is current");
        KT_EXPECT_CONTAINS(t, bc.Report, " [IRP_MJ_DEVICE_CONTROL(e), N/A(0)]\n");
        KT_EXPECT_CONTAINS(t, bc.Report,
                           "\\Driver\\BugDoubleComplete\ttest-bugs!BugsSenderCompletion\n");
        KT_EXPECT_CONTAINS(t, bc.Report, "IoCompleteRequest was called twice");
    }
    if (Run.Irp != NULL)
        IoFreeIrp(Run.Irp);
    BugsUnloadDriver(Driver);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(bugs_double_complete_test_bugchecks_0x44),
    { 0 },
};
KTEST_SUITE(bugs_double_complete, cases);
