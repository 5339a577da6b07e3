/*
 * PURPOSE: Bug class "IRP completed with STATUS_PENDING": a dispatch routine completes an
 * IRP without setting its final status. Windows checks it at completion; kmode bugchecks
 * 0x44 MULTIPLE_IRP_COMPLETE_REQUESTS (Irp, 3, 0, 0) (Arg2 3: the status was pending).
 */
#include "bugs.h"

static NTSTATUS PendingCompleteDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoMarkIrpPending(Irp);
    Irp->IoStatus.Status = STATUS_PENDING;            /* BUG: a final status is needed */
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_PENDING;
}

typedef struct {
    PDEVICE_OBJECT Device;
    PIRP Irp;
} PENDING_RUN;

static void PendingTrigger(void *Context)
{
    PENDING_RUN *Run = Context;
    BugsSendIrp(Run->Device, IRP_MJ_READ, &Run->Irp);
}

static void bugs_pending_completion_test_bugchecks_0x44(KTEST *t)
{
    PENDING_RUN Run = { NULL, NULL };
    PDRIVER_OBJECT Driver;
    KMODE_BUGCHECK bc;

    KT_ASSERT_EQ(t, BugsLoadDeviceDriver(L"BugPendingComplete", PendingCompleteDispatch, &Driver,
                                         &Run.Device), STATUS_SUCCESS);
    if (BugsCatch(t, PendingTrigger, &Run, &bc)) {
        BUGS_EXPECT_BUGCHECK(t, bc, MULTIPLE_IRP_COMPLETE_REQUESTS, Run.Irp, 3, 0, 0);
        BUGS_EXPECT_BLAMES(t, bc, "PendingCompleteDispatch");
        /* The current location is the driver's; it marked it pending. */
        KT_EXPECT_CONTAINS(t, bc.Report, "Irp is active with 1 stacks 1 is current");
        KT_EXPECT_CONTAINS(t, bc.Report, ">[IRP_MJ_READ(3), N/A(0)]\n");
        KT_EXPECT_CONTAINS(t, bc.Report, " Success Error Cancel pending\n");
        KT_EXPECT_CONTAINS(t, bc.Report, "DRIVER_OBJECT: ");
        KT_EXPECT_CONTAINS(t, bc.Report, "\\Driver\\BugPendingComplete\n");
        KT_EXPECT_CONTAINS(t, bc.Report, "IRP_STATUS:  00000103");
    }
    if (Run.Irp != NULL)
        IoFreeIrp(Run.Irp);
    BugsUnloadDriver(Driver);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(bugs_pending_completion_test_bugchecks_0x44),
    { 0 },
};
KTEST_SUITE(bugs_pending_completion, cases);
