/*
 * PURPOSE: I/O verification (0x10), force pending I/O (0x200) and IRP logging (0x400)
 * tests, written as WDK driver code: one verified test driver whose dispatch routine
 * commits the bug the test selects, each caught with Windows' code and parameters, and the
 * same driver doing it right, left alone. src/verifier/vfio.c, vfirplog.c.
 */
#include <ntddk.h>
#include <kmode/bugcheck.h>
#include "ktest.h"
#include "vf_harness.h"

#define VF_C9 0xC9   /* DRIVER_VERIFIER_IOMANAGER_VIOLATION */
#define VF_IOCTL 0x222004

/* ---- The verified driver: one device, its dispatch routine does what Mode says ---------- */

typedef enum {
    ModeComplete,            /* correct: complete with STATUS_SUCCESS, return it */
    ModePend,                /* correct: IoMarkIrpPending, keep it, return STATUS_PENDING */
    ModePendNoMark,          /* 0x23D */
    ModeMarkNoPend,          /* 0x23E */
    ModeRaiseIrql,           /* 0x05 */
    ModeCompletePending,     /* 0x06 */
    ModeCompleteCancelSet,   /* 0x07 */
    ModeCompleteHighIrql,    /* 0x0E */
    ModeReturnMinusOne,      /* 0x225 */
    ModeReturnSuspicious,    /* 0x21B */
    ModeReturnMismatch,      /* 0x224 */
    ModeNotHandled,          /* 0x226 */
    ModeDoubleComplete,      /* 0x44 */
    ModeFreeInDispatch,      /* 0x20B */
    ModeFormatLog,           /* correct; formats the IRP log of "this" device meanwhile */
    ModeCriticalRegion,      /* 0xC4/0xC5 */
    ModeInformationFits,     /* correct: Information = OutputBufferLength */
    ModeInformationTooLarge, /* 0x312 */
} VF_MODE;

static VF_MODE Mode;
static PIRP Kept;
static char LogInDispatch[4096];
static SIZE_T LogInDispatchLength;
static PDEVICE_OBJECT TestDevice;

static VOID NTAPI TestCancel(PDEVICE_OBJECT Device, PIRP Irp)
{
    UNREFERENCED_PARAMETER(Device);
    UNREFERENCED_PARAMETER(Irp);
}

static NTSTATUS CompleteWith(PIRP Irp, NTSTATUS Status)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static NTSTATUS NTAPI TestDispatch(PDEVICE_OBJECT Device, PIRP Irp)
{
    KIRQL Irql;

    UNREFERENCED_PARAMETER(Device);
    switch (Mode) {
    case ModeComplete:
        return CompleteWith(Irp, STATUS_SUCCESS);
    case ModePend:
        IoMarkIrpPending(Irp);
        Kept = Irp;
        return STATUS_PENDING;
    case ModePendNoMark:
        Kept = Irp;
        return STATUS_PENDING;
    case ModeMarkNoPend:
        IoMarkIrpPending(Irp);
        return CompleteWith(Irp, STATUS_SUCCESS);
    case ModeRaiseIrql:
        CompleteWith(Irp, STATUS_SUCCESS);
        KeRaiseIrql(DISPATCH_LEVEL, &Irql);
        return STATUS_SUCCESS;
    case ModeCompletePending:
        return CompleteWith(Irp, STATUS_PENDING);
    case ModeCompleteCancelSet:
        IoSetCancelRoutine(Irp, TestCancel);
        return CompleteWith(Irp, STATUS_SUCCESS);
    case ModeCompleteHighIrql:
        KeRaiseIrql(HIGH_LEVEL, &Irql);
        return CompleteWith(Irp, STATUS_SUCCESS);
    case ModeReturnMinusOne:
        CompleteWith(Irp, STATUS_SUCCESS);
        return (NTSTATUS)0xFFFFFFFF;
    case ModeReturnSuspicious:
        CompleteWith(Irp, STATUS_SUCCESS);
        return (NTSTATUS)0x12340005;
    case ModeReturnMismatch:
        CompleteWith(Irp, STATUS_SUCCESS);
        return STATUS_UNSUCCESSFUL;
    case ModeNotHandled:
        return STATUS_SUCCESS;
    case ModeDoubleComplete:
        CompleteWith(Irp, STATUS_SUCCESS);
        return CompleteWith(Irp, STATUS_SUCCESS);
    case ModeFreeInDispatch:
        IoFreeIrp(Irp);
        return STATUS_SUCCESS;
    case ModeFormatLog:
        /* What a bugcheck report hook sees here: Device NULL is the dispatching device. */
        LogInDispatchLength = VfTestIrpLogFormat(NULL, LogInDispatch, sizeof(LogInDispatch));
        return CompleteWith(Irp, STATUS_SUCCESS);
    case ModeCriticalRegion:
        KeEnterCriticalRegion();
        return CompleteWith(Irp, STATUS_SUCCESS);
    case ModeInformationFits:
    case ModeInformationTooLarge:
        Irp->IoStatus.Status = STATUS_SUCCESS;
        Irp->IoStatus.Information =
            IoGetCurrentIrpStackLocation(Irp)->Parameters.DeviceIoControl.OutputBufferLength +
            (Mode == ModeInformationTooLarge ? 1 : 0);
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_SUCCESS;
    }
    return STATUS_SUCCESS;
}

static VOID NTAPI TestUnload(PDRIVER_OBJECT Driver)
{
    if (Driver->DeviceObject != NULL)
        IoDeleteDevice(Driver->DeviceObject);
}

static NTSTATUS NTAPI TestEntry(PDRIVER_OBJECT Driver, PUNICODE_STRING Path)
{
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(Path);
    Driver->DriverUnload = TestUnload;
    Driver->MajorFunction[IRP_MJ_DEVICE_CONTROL] = TestDispatch;
    Status = IoCreateDevice(Driver, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &TestDevice);
    if (NT_SUCCESS(Status))
        TestDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return Status;
}

/* ---- Sending IRPs: the test is the originator and takes the IRP back ------------------ */

static volatile LONG TakenBack;
static BOOLEAN SawPendingReturned;

static NTSTATUS NTAPI TakeBack(PDEVICE_OBJECT Device, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(Device);
    UNREFERENCED_PARAMETER(Context);
    SawPendingReturned = Irp->PendingReturned;
    InterlockedIncrement(&TakenBack);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static PIRP MakeIrp(VOID)
{
    PIRP Irp = IoAllocateIrp(2, FALSE);
    PIO_STACK_LOCATION Next;

    if (Irp == NULL)
        return NULL;
    Next = IoGetNextIrpStackLocation(Irp);
    Next->MajorFunction = IRP_MJ_DEVICE_CONTROL;
    Next->Parameters.DeviceIoControl.IoControlCode = VF_IOCTL;
    Irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
    IoSetCompletionRoutine(Irp, TakeBack, NULL, TRUE, TRUE, TRUE);
    TakenBack = 0;
    return Irp;
}

typedef struct {
    PDEVICE_OBJECT Device;
    PIRP Irp;
    NTSTATUS Status;
} SEND;

static void SendIt(void *Context)
{
    SEND *Send = Context;
    Send->Status = IoCallDriver(Send->Device, Send->Irp);
}

static PDRIVER_OBJECT LoadTestDriver(KTEST *t, const char *Flags)
{
    PDRIVER_OBJECT Driver = NULL;

    VfTestSetVerifier(Flags, "vfiotest.sys");
    KT_EXPECT_EQ(t, VfTestLoadDriver(L"VfIoTest", TestEntry, &Driver), STATUS_SUCCESS);
    VfTestSetVerifier(NULL, NULL);
    return Driver;
}

/* Runs the dispatch in Mode under a bugcheck catch; TRUE when it bugchecked. */
static BOOLEAN RunMode(KTEST *t, VF_MODE NewMode, PIRP *IrpOut, KMODE_BUGCHECK *Bc,
                       NTSTATUS *Returned)
{
    SEND Send;
    BOOLEAN Caught;

    Mode = NewMode;
    Send.Device = TestDevice;
    Send.Irp = MakeIrp();
    Send.Status = 0x7FFFFFFF;
    KT_ASSERT_TRUE(t, Send.Irp != NULL);
    *IrpOut = Send.Irp;
    Caught = KmodeCatchBugCheck(SendIt, &Send, KMODE_CATCH_QUIET, Bc);
    if (Returned != NULL)
        *Returned = Send.Status;
    return Caught;
}

/* One bug: the code and parameters, then the IRP goes (it was taken back or never
   completed, unless the bug freed it). */
static void ExpectC9(KTEST *t, VF_MODE BugMode, ULONG_PTR P1, BOOLEAN FreeIrp,
                     KMODE_BUGCHECK *Bc, PIRP *Irp)
{
    PDRIVER_OBJECT Driver = LoadTestDriver(t, "0x10");

    KT_ASSERT_TRUE(t, Driver != NULL);
    KT_EXPECT_EQ(t, VfTestDriverFlags(Driver), 0x10);
    KT_EXPECT_TRUE(t, RunMode(t, BugMode, Irp, Bc, NULL));
    KT_EXPECT_EQ(t, Bc->Code, VF_C9);
    KT_EXPECT_EQ(t, Bc->Parameter1, P1);
    if (FreeIrp) {
        (*Irp)->CancelRoutine = NULL;
        IoFreeIrp(*Irp);
    }
    VfTestUnloadDriver(Driver);
}

/* ---- Tests ------------------------------------------------------------------------------ */

static void vf_io_test_clean_driver_is_left_alone(KTEST *t)
{
    PDRIVER_OBJECT Driver = LoadTestDriver(t, "0x650");   /* I/O, enhanced, pending, log */
    KMODE_BUGCHECK Bc;
    NTSTATUS Status;
    PIRP Irp;

    KT_ASSERT_TRUE(t, Driver != NULL);
    /* Completes at once. */
    KT_EXPECT_FALSE(t, RunMode(t, ModeComplete, &Irp, &Bc, &Status));
    KT_EXPECT_EQ(t, Status, STATUS_SUCCESS);
    KT_EXPECT_EQ(t, TakenBack, 1);
    KT_EXPECT_FALSE(t, SawPendingReturned);   /* the test's call is not forced: not verified */
    IoFreeIrp(Irp);
    /* Pends, then completes later. */
    KT_EXPECT_FALSE(t, RunMode(t, ModePend, &Irp, &Bc, &Status));
    KT_EXPECT_EQ(t, Status, STATUS_PENDING);
    KT_EXPECT_EQ(t, TakenBack, 0);
    Kept->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Kept, IO_NO_INCREMENT);
    KT_EXPECT_EQ(t, TakenBack, 1);
    KT_EXPECT_TRUE(t, SawPendingReturned);
    IoFreeIrp(Irp);
    VfTestUnloadDriver(Driver);
}

static void vf_io_test_pending_without_mark(KTEST *t)
{
    KMODE_BUGCHECK Bc;
    PIRP Irp;

    ExpectC9(t, ModePendNoMark, 0x23D, TRUE, &Bc, &Irp);
    KT_EXPECT_EQ(t, Bc.Parameter2, (ULONG_PTR)TestDispatch);
    KT_EXPECT_EQ(t, Bc.Parameter3, (ULONG_PTR)Irp);
    KT_EXPECT_TRUE(t, VfTestContains(Bc.Report, "IoMarkIrpPending"));
}

static void vf_io_test_marked_but_not_pending(KTEST *t)
{
    KMODE_BUGCHECK Bc;
    PIRP Irp;

    ExpectC9(t, ModeMarkNoPend, 0x23E, TRUE, &Bc, &Irp);
    KT_EXPECT_EQ(t, Bc.Parameter3, (ULONG_PTR)Irp);
    KT_EXPECT_EQ(t, Bc.Parameter4, (ULONG_PTR)TestDevice);
}

static void vf_io_test_irql_changed_in_dispatch(KTEST *t)
{
    KMODE_BUGCHECK Bc;
    PIRP Irp;

    ExpectC9(t, ModeRaiseIrql, 0x05, TRUE, &Bc, &Irp);
    KT_EXPECT_EQ(t, Bc.Parameter2, (ULONG_PTR)TestDevice);
    KT_EXPECT_EQ(t, Bc.Parameter3, PASSIVE_LEVEL);
    KT_EXPECT_EQ(t, Bc.Parameter4, DISPATCH_LEVEL);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);   /* the catch restored it */
}

static void vf_io_test_complete_with_pending_status(KTEST *t)
{
    KMODE_BUGCHECK Bc;
    PIRP Irp;

    ExpectC9(t, ModeCompletePending, 0x06, TRUE, &Bc, &Irp);
    KT_EXPECT_EQ(t, Bc.Parameter2, (ULONG)STATUS_PENDING);
    KT_EXPECT_EQ(t, Bc.Parameter3, (ULONG_PTR)Irp);
}

static void vf_io_test_complete_with_cancel_routine_set(KTEST *t)
{
    KMODE_BUGCHECK Bc;
    PIRP Irp;

    ExpectC9(t, ModeCompleteCancelSet, 0x07, TRUE, &Bc, &Irp);
    KT_EXPECT_EQ(t, Bc.Parameter2, (ULONG_PTR)TestCancel);
    KT_EXPECT_EQ(t, Bc.Parameter3, (ULONG_PTR)Irp);
}

static void vf_io_test_complete_above_dispatch_level(KTEST *t)
{
    KMODE_BUGCHECK Bc;
    PIRP Irp;

    ExpectC9(t, ModeCompleteHighIrql, 0x0E, TRUE, &Bc, &Irp);
    KT_EXPECT_EQ(t, Bc.Parameter2, HIGH_LEVEL);
    KT_EXPECT_EQ(t, Bc.Parameter3, (ULONG_PTR)Irp);
}

static void vf_io_test_illegal_and_suspicious_returns(KTEST *t)
{
    KMODE_BUGCHECK Bc;
    PIRP Irp;

    ExpectC9(t, ModeReturnMinusOne, 0x225, TRUE, &Bc, &Irp);
    KT_EXPECT_EQ(t, Bc.Parameter3, (ULONG_PTR)Irp);
    ExpectC9(t, ModeReturnSuspicious, 0x21B, TRUE, &Bc, &Irp);
    ExpectC9(t, ModeReturnMismatch, 0x224, TRUE, &Bc, &Irp);
    KT_EXPECT_EQ(t, Bc.Parameter4, (ULONG_PTR)TestDevice);
}

static void vf_io_test_returned_without_handling(KTEST *t)
{
    KMODE_BUGCHECK Bc;
    PIRP Irp;

    ExpectC9(t, ModeNotHandled, 0x226, TRUE, &Bc, &Irp);
    KT_EXPECT_EQ(t, Bc.Parameter3, (ULONG_PTR)Irp);
}

static void vf_io_test_free_irp_in_dispatch(KTEST *t)
{
    KMODE_BUGCHECK Bc;
    PIRP Irp;

    ExpectC9(t, ModeFreeInDispatch, 0x20B, TRUE, &Bc, &Irp);
    KT_EXPECT_EQ(t, Bc.Parameter3, (ULONG_PTR)Irp);
    KT_EXPECT_EQ(t, Bc.Parameter4, (ULONG_PTR)TestDevice);
}

/* Returned inside a critical region: the thread's APC disable count changed, 0xC4/0xC5
   (dispatch routine, count now, count before). */
static void vf_io_test_apc_disable_changed_in_dispatch(KTEST *t)
{
    PDRIVER_OBJECT Driver = LoadTestDriver(t, "0x10");
    KMODE_BUGCHECK Bc;
    PIRP Irp;

    KT_ASSERT_TRUE(t, Driver != NULL);
    KT_EXPECT_TRUE(t, RunMode(t, ModeCriticalRegion, &Irp, &Bc, NULL));
    KeLeaveCriticalRegion();
    KT_EXPECT_EQ(t, Bc.Code, 0xC4);
    KT_EXPECT_EQ(t, Bc.Parameter1, 0xC5);
    KT_EXPECT_EQ(t, Bc.Parameter2, (ULONG_PTR)TestDispatch);
    KT_EXPECT_EQ(t, Bc.Parameter3, 0xFFFF);
    KT_EXPECT_EQ(t, Bc.Parameter4, 0);
    KT_EXPECT_TRUE(t, VfTestContains(Bc.Report, "KeEnterCriticalRegion"));
    KT_EXPECT_FALSE(t, KeAreApcsDisabled());
    IoFreeIrp(Irp);
    VfTestUnloadDriver(Driver);
}

/* A buffered IOCTL completed with more bytes in Information than the output buffer has:
   0xC9/0x312 (the completing code, IRP, device); exactly the buffer's size is fine. */
static void vf_io_test_information_beyond_output_buffer(KTEST *t)
{
    PDRIVER_OBJECT Driver = LoadTestDriver(t, "0x10");
    UCHAR Buffer[16];
    KMODE_BUGCHECK Bc;
    SEND Send;

    KT_ASSERT_TRUE(t, Driver != NULL);
    for (int TooLarge = 0; TooLarge <= 1; TooLarge++) {
        Mode = TooLarge ? ModeInformationTooLarge : ModeInformationFits;
        Send.Device = TestDevice;
        Send.Irp = MakeIrp();
        KT_ASSERT_TRUE(t, Send.Irp != NULL);
        Send.Irp->Flags |= IRP_BUFFERED_IO;
        Send.Irp->AssociatedIrp.SystemBuffer = Buffer;
        IoGetNextIrpStackLocation(Send.Irp)->Parameters.DeviceIoControl.OutputBufferLength =
            sizeof(Buffer);
        KT_EXPECT_EQ(t, KmodeCatchBugCheck(SendIt, &Send, KMODE_CATCH_QUIET, &Bc), TooLarge);
        if (TooLarge) {
            KT_EXPECT_EQ(t, Bc.Code, VF_C9);
            KT_EXPECT_EQ(t, Bc.Parameter1, 0x312);
            KT_EXPECT_TRUE(t, Bc.Parameter2 > (ULONG_PTR)TestDispatch &&
                              Bc.Parameter2 < (ULONG_PTR)TestDispatch + 0x1000);
            KT_EXPECT_EQ(t, Bc.Parameter3, (ULONG_PTR)Send.Irp);
            KT_EXPECT_EQ(t, Bc.Parameter4, (ULONG_PTR)TestDevice);
        } else {
            KT_EXPECT_EQ(t, Send.Status, STATUS_SUCCESS);
            KT_EXPECT_EQ(t, Send.Irp->IoStatus.Information, sizeof(Buffer));
        }
        Send.Irp->Flags &= ~IRP_BUFFERED_IO;
        IoFreeIrp(Send.Irp);
    }
    VfTestUnloadDriver(Driver);
}

static void vf_io_test_double_completion_is_0x44(KTEST *t)
{
    PDRIVER_OBJECT Driver = LoadTestDriver(t, "0x10");
    KMODE_BUGCHECK Bc;
    PIRP Irp;

    KT_ASSERT_TRUE(t, Driver != NULL);
    KT_EXPECT_TRUE(t, RunMode(t, ModeDoubleComplete, &Irp, &Bc, NULL));
    KT_EXPECT_EQ(t, Bc.Code, 0x44);
    KT_EXPECT_EQ(t, Bc.Parameter1, (ULONG_PTR)Irp);
    KT_EXPECT_TRUE(t, !VfTestContains(Bc.Report, "VERIFIER_IRP_LOG:"));   /* no 0x400 */
    IoFreeIrp(Irp);
    VfTestUnloadDriver(Driver);
}

/* With IRP logging on, a bugcheck report shows the log of the device being dispatched to. */
static void vf_io_test_irp_log_in_bugcheck_report(KTEST *t)
{
    PDRIVER_OBJECT Driver = LoadTestDriver(t, "0x410");
    KMODE_BUGCHECK Bc;
    NTSTATUS Status;
    PIRP Irp;

    KT_ASSERT_TRUE(t, Driver != NULL);
    KT_EXPECT_FALSE(t, RunMode(t, ModeComplete, &Irp, &Bc, &Status));
    IoFreeIrp(Irp);
    KT_EXPECT_TRUE(t, RunMode(t, ModeDoubleComplete, &Irp, &Bc, NULL));
    KT_EXPECT_EQ(t, Bc.Code, 0x44);
    KT_EXPECT_TRUE(t, VfTestContains(Bc.Report, "VERIFIER_IRP_LOG:"));
    KT_EXPECT_TRUE(t, VfTestContains(Bc.Report, "last 2 of 2 IRPs"));
    KT_EXPECT_TRUE(t, VfTestContains(Bc.Report, "(in dispatch)"));
    IoFreeIrp(Irp);
    VfTestUnloadDriver(Driver);
}

static void FreeIt(void *Context)
{
    IoFreeIrp((PIRP)Context);
}

static void vf_io_test_free_checks(KTEST *t)
{
    PDRIVER_OBJECT Driver = LoadTestDriver(t, "0x10");
    union {
        IRP Irp;
        UCHAR Bytes[sizeof(IRP) + sizeof(IO_STACK_LOCATION)];
    } Fake;
    KEVENT Event;
    IO_STATUS_BLOCK Iosb;
    KMODE_BUGCHECK Bc;
    PIRP Irp;

    KT_ASSERT_TRUE(t, Driver != NULL);
    /* Not an IRP. */
    RtlZeroMemory(&Fake, sizeof(Fake));
    KT_EXPECT_TRUE(t, KmodeCatchBugCheck(FreeIt, &Fake.Irp, KMODE_CATCH_QUIET, &Bc));
    KT_EXPECT_EQ(t, Bc.Code, VF_C9);
    KT_EXPECT_EQ(t, Bc.Parameter1, 0x01);
    KT_EXPECT_EQ(t, Bc.Parameter2, (ULONG_PTR)&Fake.Irp);
    /* An IRP of the I/O manager's, still queued to this thread. */
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Irp = IoBuildDeviceIoControlRequest(VF_IOCTL, TestDevice, NULL, 0, NULL, 0, FALSE, &Event,
                                        &Iosb);
    KT_ASSERT_TRUE(t, Irp != NULL);
    KT_EXPECT_TRUE(t, KmodeCatchBugCheck(FreeIt, Irp, KMODE_CATCH_QUIET, &Bc));
    KT_EXPECT_EQ(t, Bc.Code, VF_C9);
    KT_EXPECT_EQ(t, Bc.Parameter1, 0x02);
    KT_EXPECT_EQ(t, Bc.Parameter2, (ULONG_PTR)Irp);
    /* Sent, it is completed and freed by the I/O manager as usual. */
    Mode = ModeComplete;
    KT_EXPECT_EQ(t, IoCallDriver(TestDevice, Irp), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Iosb.Status, STATUS_SUCCESS);
    VfTestUnloadDriver(Driver);
}

/* Not verified (or verified without I/O checking): the same bugs pass (the ones the I/O
   manager catches on its own keep their non-verifier codes). */
static void vf_io_test_unverified_driver_is_not_checked(KTEST *t)
{
    PDRIVER_OBJECT Driver = LoadTestDriver(t, "0x1");
    KMODE_BUGCHECK Bc;
    NTSTATUS Status;
    PIRP Irp;

    KT_ASSERT_TRUE(t, Driver != NULL);
    KT_EXPECT_FALSE(t, RunMode(t, ModeMarkNoPend, &Irp, &Bc, &Status));
    KT_EXPECT_EQ(t, Status, STATUS_SUCCESS);
    IoFreeIrp(Irp);
    KT_EXPECT_FALSE(t, RunMode(t, ModeReturnMismatch, &Irp, &Bc, &Status));
    KT_EXPECT_EQ(t, Status, STATUS_UNSUCCESSFUL);
    IoFreeIrp(Irp);
    KT_EXPECT_TRUE(t, RunMode(t, ModeCompletePending, &Irp, &Bc, NULL));
    KT_EXPECT_EQ(t, Bc.Code, 0x44);                      /* MULTIPLE_IRP_COMPLETE_REQUESTS */
    KT_EXPECT_EQ(t, Bc.Parameter2, 3);
    IoFreeIrp(Irp);
    VfTestUnloadDriver(Driver);
}

/* A pended IRP still pending when its driver unloads: leaked, and its later completion or
   cancellation would run unloaded code (0xCE). In a child: the unload cannot finish. */
static void LeakAtUnloadChild(void *Context)
{
    PDRIVER_OBJECT Driver;
    KMODE_BUGCHECK Bc;
    PIRP Irp;
    KTEST *t = Context;

    Driver = LoadTestDriver(t, "0x10");
    if (Driver == NULL || RunMode(t, ModePend, &Irp, &Bc, NULL))
        return;
    VfTestUnloadDriver(Driver);
    DbgPrint("child finished\n");
}

static void vf_io_test_pending_irp_at_unload(KTEST *t)
{
    static char Output[16384];
    PDRIVER_OBJECT Driver;
    KMODE_BUGCHECK Bc;
    PIRP Irp;
    int Status = ktest_run_isolated(LeakAtUnloadChild, t, Output, sizeof(Output));

    KT_EXPECT_EQ(t, Status, 188);
    KT_EXPECT_CONTAINS(t, Output, "DRIVER_UNLOADED_WITHOUT_CANCELLING_PENDING_OPERATIONS (ce)");
    KT_EXPECT_CONTAINS(t, Output, "Arg2: 0000000000000008");
    KT_EXPECT_CONTAINS(t, Output, "TestDispatch");
    KT_EXPECT_FALSE(t, ktest_contains(Output, "child finished"));

    /* Completed before the unload: nothing leaked. */
    Driver = LoadTestDriver(t, "0x10");
    KT_ASSERT_TRUE(t, Driver != NULL);
    KT_EXPECT_FALSE(t, RunMode(t, ModePend, &Irp, &Bc, NULL));
    Kept->IoStatus.Status = STATUS_CANCELLED;
    IoCompleteRequest(Kept, IO_NO_INCREMENT);
    IoFreeIrp(Irp);
    VfTestUnloadDriver(Driver);
}

/* ---- Force pending I/O: an upper driver forwards to a lower one that completes at once -- */

static PDEVICE_OBJECT UpperDevice, LowerDevice;
static BOOLEAN UpperIsCareful;
static BOOLEAN UpperSawPendingReturned;

static NTSTATUS NTAPI LowerDispatch(PDEVICE_OBJECT Device, PIRP Irp)
{
    UNREFERENCED_PARAMETER(Device);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 42;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI UpperCompletion(PDEVICE_OBJECT Device, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(Device);
    UpperSawPendingReturned = Irp->PendingReturned;
    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static NTSTATUS NTAPI UpperDispatch(PDEVICE_OBJECT Device, PIRP Irp)
{
    KEVENT Event;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(Device);
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, UpperCompletion, &Event, TRUE, TRUE, TRUE);
    Status = IoCallDriver(LowerDevice, Irp);
    if (UpperIsCareful && Status == STATUS_PENDING) {
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
        Status = Irp->IoStatus.Status;
    }
    /* The careless one assumes the lower driver is done: it completes with what
       IoCallDriver said. */
    Irp->IoStatus.Status = Status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static VOID NTAPI PairUnload(PDRIVER_OBJECT Driver)
{
    while (Driver->DeviceObject != NULL)
        IoDeleteDevice(Driver->DeviceObject);
}

static NTSTATUS NTAPI UpperEntry(PDRIVER_OBJECT Driver, PUNICODE_STRING Path)
{
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(Path);
    Driver->DriverUnload = PairUnload;
    Driver->MajorFunction[IRP_MJ_DEVICE_CONTROL] = UpperDispatch;
    Status = IoCreateDevice(Driver, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &UpperDevice);
    if (NT_SUCCESS(Status)) {
        UpperDevice->StackSize = 2;
        UpperDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    }
    return Status;
}

static NTSTATUS NTAPI LowerEntry(PDRIVER_OBJECT Driver, PUNICODE_STRING Path)
{
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(Path);
    Driver->DriverUnload = PairUnload;
    Driver->MajorFunction[IRP_MJ_DEVICE_CONTROL] = LowerDispatch;
    Status = IoCreateDevice(Driver, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &LowerDevice);
    if (NT_SUCCESS(Status))
        LowerDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return Status;
}

static void LoadPair(KTEST *t, const char *Flags, PDRIVER_OBJECT *Upper, PDRIVER_OBJECT *Lower)
{
    VfTestSetVerifier(Flags, "vfupper.sys vflower.sys");
    KT_EXPECT_EQ(t, VfTestLoadDriver(L"VfUpper", UpperEntry, Upper), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, VfTestLoadDriver(L"VfLower", LowerEntry, Lower), STATUS_SUCCESS);
    VfTestSetVerifier(NULL, NULL);
}

static void SendUpper(void *Context)
{
    SEND *Send = Context;
    Send->Status = IoCallDriver(UpperDevice, Send->Irp);
}

static void vf_io_test_force_pending_careful_caller_works(KTEST *t)
{
    PDRIVER_OBJECT Upper = NULL, Lower = NULL;
    KMODE_BUGCHECK Bc;
    SEND Send;
    char Log[4096];

    LoadPair(t, "0x610", &Upper, &Lower);
    KT_ASSERT_TRUE(t, Upper != NULL && Lower != NULL);
    UpperIsCareful = TRUE;
    UpperSawPendingReturned = FALSE;
    Send.Irp = MakeIrp();
    KT_ASSERT_TRUE(t, Send.Irp != NULL);
    KT_EXPECT_FALSE(t, KmodeCatchBugCheck(SendUpper, &Send, KMODE_CATCH_QUIET, &Bc));
    KT_EXPECT_EQ(t, Send.Status, STATUS_SUCCESS);
    /* The lower driver's synchronous completion reached the upper one as pending. */
    KT_EXPECT_TRUE(t, UpperSawPendingReturned);
    KT_EXPECT_EQ(t, Send.Irp->IoStatus.Status, STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Send.Irp->IoStatus.Information, 42);
    KT_EXPECT_EQ(t, TakenBack, 1);
    IoFreeIrp(Send.Irp);
    /* The lower device's IRP log shows the forced status. */
    KT_EXPECT_TRUE(t, VfTestIrpLogFormat(LowerDevice, Log, sizeof(Log)) > 0);
    KT_EXPECT_TRUE(t, VfTestContains(Log, "DEVICE_CONTROL"));
    KT_EXPECT_TRUE(t, VfTestContains(Log, "00000103 (forced)"));
    VfTestUnloadDriver(Upper);
    VfTestUnloadDriver(Lower);
}

static void vf_io_test_force_pending_catches_careless_caller(KTEST *t)
{
    PDRIVER_OBJECT Upper = NULL, Lower = NULL;
    KMODE_BUGCHECK Bc;
    SEND Send;

    LoadPair(t, "0x210", &Upper, &Lower);
    KT_ASSERT_TRUE(t, Upper != NULL && Lower != NULL);
    UpperIsCareful = FALSE;
    Send.Irp = MakeIrp();
    KT_ASSERT_TRUE(t, Send.Irp != NULL);
    /* IoCallDriver said STATUS_PENDING; the careless driver completes with it. */
    KT_EXPECT_TRUE(t, KmodeCatchBugCheck(SendUpper, &Send, KMODE_CATCH_QUIET, &Bc));
    KT_EXPECT_EQ(t, Bc.Code, VF_C9);
    KT_EXPECT_EQ(t, Bc.Parameter1, 0x06);
    KT_EXPECT_EQ(t, Bc.Parameter2, (ULONG)STATUS_PENDING);
    KT_EXPECT_EQ(t, Bc.Parameter3, (ULONG_PTR)Send.Irp);
    IoFreeIrp(Send.Irp);
    VfTestUnloadDriver(Upper);
    VfTestUnloadDriver(Lower);

    /* Without force pending the same driver works (the bug stays hidden). */
    LoadPair(t, "0x10", &Upper, &Lower);
    Send.Irp = MakeIrp();
    KT_EXPECT_FALSE(t, KmodeCatchBugCheck(SendUpper, &Send, KMODE_CATCH_QUIET, &Bc));
    KT_EXPECT_EQ(t, Send.Status, STATUS_SUCCESS);
    KT_EXPECT_FALSE(t, UpperSawPendingReturned);
    IoFreeIrp(Send.Irp);
    VfTestUnloadDriver(Upper);
    VfTestUnloadDriver(Lower);
}

/* ---- IRP logging -------------------------------------------------------------------------- */

static void vf_io_test_irp_log_keeps_last_irps(KTEST *t)
{
    PDRIVER_OBJECT Driver = LoadTestDriver(t, "0x400");
    KMODE_BUGCHECK Bc;
    static char Log[16384];
    NTSTATUS Status;
    PIRP Irp;

    KT_ASSERT_TRUE(t, Driver != NULL);
    KT_EXPECT_EQ(t, VfTestIrpLogFormat(TestDevice, Log, sizeof(Log)), 0);
    for (int i = 0; i < 40; i++) {
        KT_EXPECT_FALSE(t, RunMode(t, ModeComplete, &Irp, &Bc, &Status));
        IoFreeIrp(Irp);
    }
    KT_EXPECT_TRUE(t, VfTestIrpLogFormat(TestDevice, Log, sizeof(Log)) > 0);
    KT_EXPECT_TRUE(t, VfTestContains(Log, "last 32 of 40 IRPs"));
    KT_EXPECT_TRUE(t, VfTestContains(Log, "DEVICE_CONTROL (0)"));
    KT_EXPECT_TRUE(t, VfTestContains(Log, "ioctl 00222004"));
    /* From inside the dispatch routine, the current device's log; this IRP in dispatch. */
    KT_EXPECT_FALSE(t, RunMode(t, ModeFormatLog, &Irp, &Bc, &Status));
    IoFreeIrp(Irp);
    KT_EXPECT_TRUE(t, LogInDispatchLength > 0);
    KT_EXPECT_TRUE(t, VfTestContains(LogInDispatch, "last 32 of 41 IRPs"));
    KT_EXPECT_TRUE(t, VfTestContains(LogInDispatch, "(in dispatch)"));
    /* Truncation: a small buffer stays terminated. */
    KT_EXPECT_EQ(t, VfTestIrpLogFormat(TestDevice, Log, 16), 15);
    KT_EXPECT_EQ(t, Log[15], 0);
    VfTestUnloadDriver(Driver);
    /* Gone with the driver. */
    KT_EXPECT_EQ(t, VfTestIrpLogFormat(TestDevice, Log, sizeof(Log)), 0);
}

static KTEST_CASE vf_io_cases[] = {
    KTEST_CASE_ENTRY(vf_io_test_clean_driver_is_left_alone),
    KTEST_CASE_ENTRY(vf_io_test_pending_without_mark),
    KTEST_CASE_ENTRY(vf_io_test_marked_but_not_pending),
    KTEST_CASE_ENTRY(vf_io_test_irql_changed_in_dispatch),
    KTEST_CASE_ENTRY(vf_io_test_complete_with_pending_status),
    KTEST_CASE_ENTRY(vf_io_test_complete_with_cancel_routine_set),
    KTEST_CASE_ENTRY(vf_io_test_complete_above_dispatch_level),
    KTEST_CASE_ENTRY(vf_io_test_illegal_and_suspicious_returns),
    KTEST_CASE_ENTRY(vf_io_test_returned_without_handling),
    KTEST_CASE_ENTRY(vf_io_test_free_irp_in_dispatch),
    KTEST_CASE_ENTRY(vf_io_test_apc_disable_changed_in_dispatch),
    KTEST_CASE_ENTRY(vf_io_test_information_beyond_output_buffer),
    KTEST_CASE_ENTRY(vf_io_test_double_completion_is_0x44),
    KTEST_CASE_ENTRY(vf_io_test_free_checks),
    KTEST_CASE_ENTRY(vf_io_test_unverified_driver_is_not_checked),
    KTEST_CASE_ENTRY(vf_io_test_pending_irp_at_unload),
    KTEST_CASE_ENTRY(vf_io_test_force_pending_careful_caller_works),
    KTEST_CASE_ENTRY(vf_io_test_force_pending_catches_careless_caller),
    KTEST_CASE_ENTRY(vf_io_test_irp_log_keeps_last_irps),
    KTEST_CASE_ENTRY(vf_io_test_irp_log_in_bugcheck_report),
    {0},
};

KTEST_SUITE(vf_io, vf_io_cases);
