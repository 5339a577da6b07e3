/*
 * PURPOSE: Bug class "unhandled exception": a dispatch routine that dereferences a device
 * extension its device never got (access violation), and one whose callee raises a status
 * no __try handles. Windows: 0x1E KMODE_EXCEPTION_NOT_HANDLED (exception code, address,
 * parameter 0, parameter 1: for an access violation 0 read / 1 write and the address).
 * On a system thread the same is 0x7E SYSTEM_THREAD_EXCEPTION_NOT_HANDLED.
 */
#include "bugs.h"

typedef struct {
    ULONG Signature;
    ULONG Opens;                                      /* offset 4 */
} UNHANDLED_EXTENSION;

static NTSTATUS UnhandledCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNHANDLED_EXTENSION *Ext = DeviceObject->DeviceExtension;

    Ext->Opens = 1;                                   /* BUG: IoCreateDevice got size 0 */
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

typedef struct {
    PDEVICE_OBJECT Device;
    PIRP Irp;
} UNHANDLED_RUN;

static void UnhandledTrigger(void *Context)
{
    UNHANDLED_RUN *Run = Context;
    BugsSendIrp(Run->Device, IRP_MJ_CREATE, &Run->Irp);
}

static DECLSPEC_NOINLINE VOID UnhandledParseRequest(ULONG Length)
{
    if (Length < 16)
        ExRaiseStatus(STATUS_INVALID_BUFFER_SIZE);    /* BUG: no caller handles it */
}

static DECLSPEC_NOINLINE VOID UnhandledRaise(void *Context)
{
    UNREFERENCED_PARAMETER(Context);
    UnhandledParseRequest(8);
}

static VOID UnhandledThread(PVOID Context)
{
    UnhandledRaise(Context);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

static void UnhandledInSystemThread(void *Context)
{
    static KEVENT Never;
    HANDLE Thread;

    UNREFERENCED_PARAMETER(Context);
    KeInitializeEvent(&Never, NotificationEvent, FALSE);
    if (NT_SUCCESS(PsCreateSystemThread(&Thread, THREAD_ALL_ACCESS, NULL, NULL, NULL,
                                        UnhandledThread, NULL))) {
        ZwClose(Thread);
        KeWaitForSingleObject(&Never, Executive, KernelMode, FALSE, NULL);   /* the bugcheck
                                                                               ends the process */
    }
}

static void bugs_unhandled_test_access_violation_bugchecks_0x1e(KTEST *t)
{
    UNHANDLED_RUN Run = { NULL, NULL };
    PDRIVER_OBJECT Driver;
    KMODE_BUGCHECK bc;

    KT_ASSERT_EQ(t, BugsLoadDeviceDriver(L"BugUnhandled", UnhandledCreate, &Driver, &Run.Device),
                 STATUS_SUCCESS);
    if (BugsCatch(t, UnhandledTrigger, &Run, &bc)) {
        KT_EXPECT_EQ(t, bc.Code, KMODE_EXCEPTION_NOT_HANDLED);
        KT_EXPECT_EQ(t, bc.Parameter1, (ULONG_PTR)(LONG_PTR)STATUS_ACCESS_VIOLATION);
        BUGS_EXPECT_IN_FUNCTION(t, bc.Parameter2, UnhandledCreate);
        KT_EXPECT_EQ(t, bc.Parameter3, 1);            /* a write */
        KT_EXPECT_EQ(t, bc.Parameter4, FIELD_OFFSET(UNHANDLED_EXTENSION, Opens));
        KT_EXPECT_CONTAINS(t, bc.Report, "FAULTING_IP:\ntest-bugs!UnhandledCreate+0x");
        KT_EXPECT_CONTAINS(t, bc.Report, "exception code (STATUS_ACCESS_VIOLATION)");
        /* The IRP its dispatch routine was working on. */
        KT_EXPECT_CONTAINS(t, bc.Report, "IRP_CONTEXT:  dispatch routine for IRP_MJ_CREATE");
        KT_EXPECT_CONTAINS(t, bc.Report, ">[IRP_MJ_CREATE(0), N/A(0)]\n");
    }
    if (Run.Irp != NULL)
        IoFreeIrp(Run.Irp);
    BugsUnloadDriver(Driver);
}

static void bugs_unhandled_test_raised_status_bugchecks_0x1e(KTEST *t)
{
    KMODE_BUGCHECK bc;

    if (BugsCatch(t, UnhandledRaise, NULL, &bc)) {
        KT_EXPECT_EQ(t, bc.Code, KMODE_EXCEPTION_NOT_HANDLED);
        KT_EXPECT_EQ(t, bc.Parameter1, (ULONG_PTR)(LONG_PTR)STATUS_INVALID_BUFFER_SIZE);
        BUGS_EXPECT_IN_FUNCTION(t, bc.Parameter2, UnhandledParseRequest);
        KT_EXPECT_EQ(t, bc.Parameter3, 0);
        KT_EXPECT_EQ(t, bc.Parameter4, 0);
        KT_EXPECT_CONTAINS(t, bc.Report, "STACK_TEXT (when the exception was raised):");
        KT_EXPECT_CONTAINS(t, bc.Report, " test-bugs!UnhandledParseRequest+0x");
    }
}

static void bugs_unhandled_test_system_thread_bugchecks_0x7e(KTEST *t)
{
    static char Out[65536];
    int Status = ktest_run_isolated(UnhandledInSystemThread, NULL, Out, sizeof Out);

    KT_EXPECT_EQ(t, Status, KMODE_BUGCHECK_EXIT_STATUS);
    KT_EXPECT_CONTAINS(t, Out, "SYSTEM_THREAD_EXCEPTION_NOT_HANDLED (7e)");
    KT_EXPECT_CONTAINS(t, Out, "Arg1: ffffffffc0000206");
    KT_EXPECT_CONTAINS(t, Out, " test-bugs!UnhandledParseRequest+0x");
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(bugs_unhandled_test_access_violation_bugchecks_0x1e),
    KTEST_CASE_ENTRY(bugs_unhandled_test_raised_status_bugchecks_0x1e),
    KTEST_CASE_ENTRY(bugs_unhandled_test_system_thread_bugchecks_0x7e),
    { 0 },
};
KTEST_SUITE(bugs_unhandled, cases);
