/*
 * PURPOSE: I/O verification of PnP, power and WMI IRPs, of completion routines and of the
 * thread state a dispatch routine leaves (src/verifier/vfio.c), written as WDK driver code.
 * kmode has no PnP manager: these IRPs travel only when a driver creates them and sends
 * them down a stack, so that is what the tests do. Two verified drivers make a stack (a
 * filter attached to a bottom device, which stands for the PDO); the filter commits the
 * bug the test selects. Each bug is caught with Windows' code and parameters;
 * the same driver doing it right is left alone.
 */
#include <ntddk.h>
#include <kmode/bugcheck.h>
#include "ktest.h"
#include "vf_harness.h"

#define VF_C4 0xC4   /* DRIVER_VERIFIER_DETECTED_VIOLATION */
#define VF_C9 0xC9   /* DRIVER_VERIFIER_IOMANAGER_VIOLATION */
#define VF_IOCTL_SEND 0x222004      /* METHOD_BUFFERED */

/* ---- The verified driver: Filter over Bottom ------------------------------------------- */

typedef enum {
    FilterPassDown,              /* correct: IoSkipCurrentIrpStackLocation + IoCallDriver */
    FilterHandleAndPassDown,     /* correct: STATUS_SUCCESS, then down */
    FilterCompleteUntouched,     /* 0x22F / 0x232 */
    FilterCompleteSuccess,       /* power: 0x231; PnP: allowed here (not checked) */
    FilterFailAndComplete,       /* correct for most IRPs; 0x306 / 0x247 for the others */
    FilterFailAndPassDown,       /* 0x215 / 0x219 */
    FilterNotSupportedPassDown,  /* 0x216 / 0x21A (when the status came set) */
    FilterNotSupportedComplete,  /* 0x216 / 0x21A at completion */
    FilterWaitThenComplete,      /* correct: down, wait for the lower driver, complete */
    FilterCompletionRoutine,     /* down with a completion routine (CompletionMode) */
} FILTER_MODE;

typedef enum {
    CompletionCorrect,           /* if (PendingReturned) IoMarkIrpPending */
    CompletionNoMark,            /* 0x228 */
    CompletionRaiseIrql,         /* 0xC4/0xFA */
    CompletionCriticalRegion,    /* 0xC4/0xFB */
} COMPLETION_MODE;

static FILTER_MODE FilterMode;
static COMPLETION_MODE CompletionMode;
static BOOLEAN BottomPends;
static PIRP BottomKept;
static PDEVICE_OBJECT FilterDevice, BottomDevice, LowerOfFilter;

static NTSTATUS CompleteWith(PIRP Irp, NTSTATUS Status)
{
    Irp->IoStatus.Status = Status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static NTSTATUS NTAPI FilterCompletion(PDEVICE_OBJECT Device, PIRP Irp, PVOID Context)
{
    KIRQL Irql;

    UNREFERENCED_PARAMETER(Device);
    UNREFERENCED_PARAMETER(Context);
    switch (CompletionMode) {
    case CompletionCorrect:
        if (Irp->PendingReturned)
            IoMarkIrpPending(Irp);
        break;
    case CompletionNoMark:
        break;
    case CompletionRaiseIrql:
        if (Irp->PendingReturned)
            IoMarkIrpPending(Irp);
        KeRaiseIrql(DISPATCH_LEVEL, &Irql);
        break;
    case CompletionCriticalRegion:
        if (Irp->PendingReturned)
            IoMarkIrpPending(Irp);
        KeEnterCriticalRegion();
        break;
    }
    return STATUS_CONTINUE_COMPLETION;
}

static NTSTATUS NTAPI SignalCompletion(PDEVICE_OBJECT Device, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(Device);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static NTSTATUS NTAPI BottomDispatch(PIRP Irp)
{
    NTSTATUS Status = Irp->IoStatus.Status;

    if (BottomPends) {
        IoMarkIrpPending(Irp);
        BottomKept = Irp;
        return STATUS_PENDING;
    }
    /* The bus driver's answer to an IRP it does not handle: the status it came with. */
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static NTSTATUS NTAPI StackDispatch(PDEVICE_OBJECT Device, PIRP Irp)
{
    KEVENT Event;
    NTSTATUS Status;

    if (Device == BottomDevice)
        return BottomDispatch(Irp);
    switch (FilterMode) {
    case FilterPassDown:
        IoSkipCurrentIrpStackLocation(Irp);
        return IoCallDriver(LowerOfFilter, Irp);
    case FilterHandleAndPassDown:
        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        return IoCallDriver(LowerOfFilter, Irp);
    case FilterCompleteUntouched:
        Status = Irp->IoStatus.Status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return Status;
    case FilterCompleteSuccess:
        return CompleteWith(Irp, STATUS_SUCCESS);
    case FilterFailAndComplete:
        return CompleteWith(Irp, STATUS_UNSUCCESSFUL);
    case FilterFailAndPassDown:
        Irp->IoStatus.Status = STATUS_UNSUCCESSFUL;
        IoSkipCurrentIrpStackLocation(Irp);
        return IoCallDriver(LowerOfFilter, Irp);
    case FilterNotSupportedPassDown:
        Irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
        IoSkipCurrentIrpStackLocation(Irp);
        return IoCallDriver(LowerOfFilter, Irp);
    case FilterNotSupportedComplete:
        return CompleteWith(Irp, STATUS_NOT_SUPPORTED);
    case FilterWaitThenComplete:
        KeInitializeEvent(&Event, NotificationEvent, FALSE);
        IoCopyCurrentIrpStackLocationToNext(Irp);
        IoSetCompletionRoutine(Irp, SignalCompletion, &Event, TRUE, TRUE, TRUE);
        Status = IoCallDriver(LowerOfFilter, Irp);
        if (Status == STATUS_PENDING)
            KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
        Status = Irp->IoStatus.Status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return Status;
    case FilterCompletionRoutine:
        IoCopyCurrentIrpStackLocationToNext(Irp);
        IoSetCompletionRoutine(Irp, FilterCompletion, NULL, TRUE, TRUE, TRUE);
        return IoCallDriver(LowerOfFilter, Irp);
    }
    return STATUS_SUCCESS;
}

static VOID NTAPI FilterUnload(PDRIVER_OBJECT Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    IoDetachDevice(LowerOfFilter);
    IoDeleteDevice(FilterDevice);
}

static VOID NTAPI BottomUnload(PDRIVER_OBJECT Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    IoDeleteDevice(BottomDevice);
}

static VOID SetDispatch(PDRIVER_OBJECT Driver)
{
    Driver->MajorFunction[IRP_MJ_PNP] = StackDispatch;
    Driver->MajorFunction[IRP_MJ_POWER] = StackDispatch;
    Driver->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = StackDispatch;
    Driver->MajorFunction[IRP_MJ_DEVICE_CONTROL] = StackDispatch;
    Driver->MajorFunction[IRP_MJ_CLEANUP] = StackDispatch;
}

/* The bottom device (it stands for the PDO), then a filter attached to it. */
static NTSTATUS NTAPI BottomEntry(PDRIVER_OBJECT Driver, PUNICODE_STRING Path)
{
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(Path);
    Driver->DriverUnload = BottomUnload;
    SetDispatch(Driver);
    Status = IoCreateDevice(Driver, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &BottomDevice);
    if (NT_SUCCESS(Status))
        BottomDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return Status;
}

static NTSTATUS NTAPI FilterEntry(PDRIVER_OBJECT Driver, PUNICODE_STRING Path)
{
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(Path);
    Driver->DriverUnload = FilterUnload;
    SetDispatch(Driver);
    Status = IoCreateDevice(Driver, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &FilterDevice);
    if (!NT_SUCCESS(Status))
        return Status;
    LowerOfFilter = IoAttachDeviceToDeviceStack(FilterDevice, BottomDevice);
    if (LowerOfFilter == NULL) {
        IoDeleteDevice(FilterDevice);
        return STATUS_NO_SUCH_DEVICE;
    }
    FilterDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

/* ---- A verified sender: its dispatch routine creates an IRP and sends it down the stack -- */

static UCHAR SendMajor, SendMinor;
static NTSTATUS SendStatus;
static BOOLEAN SendAtDispatch;
static PDEVICE_OBJECT SenderDevice;
static ULONG SentStatus;
static PIRP SenderNew;           /* its IRP, freed by the test when a bugcheck abandoned it */

static NTSTATUS NTAPI SenderDispatch(PDEVICE_OBJECT Device, PIRP Irp)
{
    PIO_STACK_LOCATION Next;
    KEVENT Event;
    KIRQL Irql = PASSIVE_LEVEL;
    PIRP New;

    UNREFERENCED_PARAMETER(Device);
    New = IoAllocateIrp(FilterDevice->StackSize, FALSE);
    if (New == NULL)
        return CompleteWith(Irp, STATUS_INSUFFICIENT_RESOURCES);
    SenderNew = New;
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    New->IoStatus.Status = SendStatus;
    Next = IoGetNextIrpStackLocation(New);
    Next->MajorFunction = SendMajor;
    Next->MinorFunction = SendMinor;
    IoSetCompletionRoutine(New, SignalCompletion, &Event, TRUE, TRUE, TRUE);
    if (SendAtDispatch)
        KeRaiseIrql(DISPATCH_LEVEL, &Irql);
    if (IoCallDriver(FilterDevice, New) == STATUS_PENDING)
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
    if (SendAtDispatch)
        KeLowerIrql(Irql);
    SentStatus = (ULONG)New->IoStatus.Status;
    SenderNew = NULL;
    IoFreeIrp(New);
    Irp->IoStatus.Information = 0;
    return CompleteWith(Irp, STATUS_SUCCESS);
}

static VOID NTAPI SenderUnload(PDRIVER_OBJECT Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    IoDeleteDevice(SenderDevice);
}

static NTSTATUS NTAPI SenderEntry(PDRIVER_OBJECT Driver, PUNICODE_STRING Path)
{
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(Path);
    Driver->DriverUnload = SenderUnload;
    Driver->MajorFunction[IRP_MJ_DEVICE_CONTROL] = SenderDispatch;
    Status = IoCreateDevice(Driver, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &SenderDevice);
    if (NT_SUCCESS(Status))
        SenderDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return Status;
}

/* ---- Sending: the test is the originator (not verified) and takes the IRP back ---------- */

typedef struct {
    PDEVICE_OBJECT Device;
    PIRP Irp;
    NTSTATUS Status;
} SEND;

static NTSTATUS NTAPI TakeBack(PDEVICE_OBJECT Device, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(Device);
    UNREFERENCED_PARAMETER(Irp);
    UNREFERENCED_PARAMETER(Context);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static PIRP MakeIrp(PDEVICE_OBJECT Device, UCHAR Major, UCHAR Minor, NTSTATUS Status)
{
    PIRP Irp = IoAllocateIrp(Device->StackSize, FALSE);
    PIO_STACK_LOCATION Next;

    if (Irp == NULL)
        return NULL;
    Next = IoGetNextIrpStackLocation(Irp);
    Next->MajorFunction = Major;
    Next->MinorFunction = Minor;
    Irp->IoStatus.Status = Status;
    IoSetCompletionRoutine(Irp, TakeBack, NULL, TRUE, TRUE, TRUE);
    return Irp;
}

static void SendIt(void *Context)
{
    SEND *Send = Context;
    Send->Status = IoCallDriver(Send->Device, Send->Irp);
}

static PDRIVER_OBJECT BottomDriver, FilterDriver, SenderDriver;

static BOOLEAN LoadStack(KTEST *t, const char *Flags)
{
    BottomDriver = FilterDriver = SenderDriver = NULL;
    VfTestSetVerifier(Flags, "vfpnpbottom.sys vfpnpfilter.sys vfpnpsender.sys");
    KT_EXPECT_EQ(t, VfTestLoadDriver(L"VfPnpBottom", BottomEntry, &BottomDriver),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, VfTestLoadDriver(L"VfPnpFilter", FilterEntry, &FilterDriver),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, VfTestLoadDriver(L"VfPnpSender", SenderEntry, &SenderDriver),
                 STATUS_SUCCESS);
    VfTestSetVerifier(NULL, NULL);
    FilterMode = FilterPassDown;
    CompletionMode = CompletionCorrect;
    BottomPends = FALSE;
    SendAtDispatch = FALSE;
    return BottomDriver != NULL && FilterDriver != NULL && SenderDriver != NULL &&
           LowerOfFilter == BottomDevice;
}

static void UnloadStack(void)
{
    VfTestUnloadDriver(SenderDriver);
    VfTestUnloadDriver(FilterDriver);
    VfTestUnloadDriver(BottomDriver);
}

/* Sends (Major, Minor) with Status to the filter in Mode; TRUE when it bugchecked. With
   IrpOut the IRP is the caller's to free, else it goes here. */
static BOOLEAN Send(FILTER_MODE Mode, UCHAR Major, UCHAR Minor, NTSTATUS Status,
                    KMODE_BUGCHECK *Bc, PIRP *IrpOut, NTSTATUS *Returned)
{
    SEND Send;
    BOOLEAN Caught;

    FilterMode = Mode;
    Send.Device = FilterDevice;
    Send.Irp = MakeIrp(FilterDevice, Major, Minor, Status);
    Send.Status = 0x7FFFFFFF;
    if (Send.Irp == NULL)
        return FALSE;
    if (IrpOut != NULL)
        *IrpOut = Send.Irp;
    Caught = KmodeCatchBugCheck(SendIt, &Send, KMODE_CATCH_QUIET, Bc);
    if (Returned != NULL)
        *Returned = Send.Status;
    if (IrpOut == NULL)
        IoFreeIrp(Send.Irp);
    return Caught;
}

/* Has the verified sender create (Major, Minor) with Status and send it to the filter. */
static BOOLEAN SendFromDriver(UCHAR Major, UCHAR Minor, NTSTATUS Status, KMODE_BUGCHECK *Bc)
{
    BOOLEAN Caught;
    SEND Send;

    SendMajor = Major;
    SendMinor = Minor;
    SendStatus = Status;
    Send.Device = SenderDevice;
    Send.Irp = MakeIrp(SenderDevice, IRP_MJ_DEVICE_CONTROL, 0, STATUS_NOT_SUPPORTED);
    if (Send.Irp == NULL)
        return FALSE;
    IoGetNextIrpStackLocation(Send.Irp)->Parameters.DeviceIoControl.IoControlCode =
        VF_IOCTL_SEND;
    FilterMode = FilterPassDown;
    SenderNew = NULL;
    Caught = KmodeCatchBugCheck(SendIt, &Send, KMODE_CATCH_QUIET, Bc);
    if (SenderNew != NULL) {
        IoFreeIrp(SenderNew);
        SenderNew = NULL;
    }
    IoFreeIrp(Send.Irp);
    return Caught;
}

/* ---- Tests ------------------------------------------------------------------------------ */

static void vf_pnp_test_correct_stack_is_left_alone(KTEST *t)
{
    static const UCHAR Majors[] = { IRP_MJ_PNP, IRP_MJ_POWER, IRP_MJ_SYSTEM_CONTROL };
    KMODE_BUGCHECK Bc;
    NTSTATUS Returned;
    PIRP Irp;

    KT_ASSERT_TRUE(t, LoadStack(t, "0x10"));
    for (ULONG i = 0; i < RTL_NUMBER_OF(Majors); i++) {
        /* Not handled by anyone: the bottom completes it with STATUS_NOT_SUPPORTED. */
        KT_EXPECT_FALSE(t, Send(FilterPassDown, Majors[i], IRP_MN_QUERY_CAPABILITIES,
                                STATUS_NOT_SUPPORTED, &Bc, &Irp, &Returned));
        KT_EXPECT_EQ(t, Returned, STATUS_NOT_SUPPORTED);
        IoFreeIrp(Irp);
        /* Handled on the way down. */
        KT_EXPECT_FALSE(t, Send(FilterHandleAndPassDown, Majors[i], IRP_MN_QUERY_CAPABILITIES,
                                STATUS_NOT_SUPPORTED, &Bc, NULL, &Returned));
        KT_EXPECT_EQ(t, Returned, STATUS_SUCCESS);
        /* Down first, then completed on the way back. */
        KT_EXPECT_FALSE(t, Send(FilterWaitThenComplete, Majors[i], IRP_MN_QUERY_CAPABILITIES,
                                STATUS_NOT_SUPPORTED, &Bc, NULL, &Returned));
        KT_EXPECT_EQ(t, Returned, STATUS_NOT_SUPPORTED);
    }
    /* A filter may fail a PnP or power IRP by completing it. */
    KT_EXPECT_FALSE(t, Send(FilterFailAndComplete, IRP_MJ_PNP, IRP_MN_QUERY_REMOVE_DEVICE,
                            STATUS_NOT_SUPPORTED, &Bc, NULL, &Returned));
    KT_EXPECT_EQ(t, Returned, STATUS_UNSUCCESSFUL);
    KT_EXPECT_FALSE(t, Send(FilterFailAndComplete, IRP_MJ_POWER, IRP_MN_QUERY_POWER,
                            STATUS_NOT_SUPPORTED, &Bc, NULL, &Returned));
    /* The WMI provider completes the IRP addressed to it. */
    FilterMode = FilterCompleteSuccess;
    Irp = MakeIrp(FilterDevice, IRP_MJ_SYSTEM_CONTROL, IRP_MN_QUERY_ALL_DATA,
                  STATUS_NOT_SUPPORTED);
    KT_ASSERT_TRUE(t, Irp != NULL);
    IoGetNextIrpStackLocation(Irp)->Parameters.WMI.ProviderId = (ULONG_PTR)FilterDevice;
    KT_EXPECT_EQ(t, IoCallDriver(FilterDevice, Irp), STATUS_SUCCESS);
    IoFreeIrp(Irp);
    /* A verified driver that creates one the right way. */
    KT_EXPECT_FALSE(t, SendFromDriver(IRP_MJ_PNP, IRP_MN_QUERY_CAPABILITIES,
                                      STATUS_NOT_SUPPORTED, &Bc));
    KT_EXPECT_EQ(t, SentStatus, (ULONG)STATUS_NOT_SUPPORTED);
    SendAtDispatch = TRUE;       /* power IRPs may be sent at DISPATCH_LEVEL */
    KT_EXPECT_FALSE(t, SendFromDriver(IRP_MJ_POWER, IRP_MN_SET_POWER, STATUS_NOT_SUPPORTED,
                                      &Bc));
    KT_EXPECT_FALSE(t, SendFromDriver(IRP_MJ_DEVICE_CONTROL, 0, STATUS_SUCCESS, &Bc));
    UnloadStack();
}

static void vf_pnp_test_created_without_not_supported(KTEST *t)
{
    static const struct { UCHAR Major; ULONG Code; } Cases[] = {
        { IRP_MJ_PNP, 0x20E }, { IRP_MJ_POWER, 0x20F }, { IRP_MJ_SYSTEM_CONTROL, 0x210 },
    };
    KMODE_BUGCHECK Bc;

    KT_ASSERT_TRUE(t, LoadStack(t, "0x10"));
    for (ULONG i = 0; i < RTL_NUMBER_OF(Cases); i++) {
        KT_EXPECT_TRUE(t, SendFromDriver(Cases[i].Major, 0, STATUS_SUCCESS, &Bc));
        KT_EXPECT_EQ(t, Bc.Code, VF_C9);
        KT_EXPECT_EQ(t, Bc.Parameter1, Cases[i].Code);
        KT_EXPECT_TRUE(t, Bc.Parameter2 > (ULONG_PTR)SenderDispatch &&
                          Bc.Parameter2 < (ULONG_PTR)SenderDispatch + 0x3000);
        KT_EXPECT_EQ(t, Bc.Parameter4, (ULONG_PTR)FilterDevice);
        KT_EXPECT_TRUE(t, VfTestContains(Bc.Report, "STATUS_NOT_SUPPORTED"));
        KT_EXPECT_TRUE(t, VfTestContains(Bc.Report, "invalid initial status"));
    }
    UnloadStack();
    /* Sent by code that is not verified: not checked. */
    KT_ASSERT_TRUE(t, LoadStack(t, "0x1"));
    KT_EXPECT_FALSE(t, SendFromDriver(IRP_MJ_PNP, 0, STATUS_SUCCESS, &Bc));
    UnloadStack();
}

static void vf_pnp_test_forwarded_at_bad_irql(KTEST *t)
{
    KMODE_BUGCHECK Bc;

    KT_ASSERT_TRUE(t, LoadStack(t, "0x10"));
    SendAtDispatch = TRUE;
    KT_EXPECT_TRUE(t, SendFromDriver(IRP_MJ_CLEANUP, 0, STATUS_SUCCESS, &Bc));
    KT_EXPECT_EQ(t, Bc.Code, VF_C9);
    KT_EXPECT_EQ(t, Bc.Parameter1, 0x23A);
    KT_EXPECT_EQ(t, Bc.Parameter4, (ULONG_PTR)FilterDevice);
    KT_EXPECT_TRUE(t, VfTestContains(Bc.Report, "ForwardedAtBadIrql"));
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
    UnloadStack();
}

static BOOLEAN Inside(ULONG_PTR Address, PVOID Routine)
{
    /* (Generous: sanitizer builds make functions several times longer.) */
    return Address > (ULONG_PTR)Routine && Address < (ULONG_PTR)Routine + 0x3000;
}

/* One bug of the filter's: code, the address in the driver that sent or completed the IRP,
   the IRP, and the device it was sent to (AtBottom) or completed by. */
static void ExpectStackBug(KTEST *t, FILTER_MODE Mode, UCHAR Major, UCHAR Minor,
                           NTSTATUS Status, ULONG Code, BOOLEAN AtBottom)
{
    KMODE_BUGCHECK Bc;
    PDEVICE_OBJECT Device;
    PIRP Irp;

    KT_ASSERT_TRUE(t, LoadStack(t, "0x10"));
    Device = AtBottom ? BottomDevice : FilterDevice;
    KT_EXPECT_TRUE(t, Send(Mode, Major, Minor, Status, &Bc, &Irp, NULL));
    KT_EXPECT_EQ(t, Bc.Code, VF_C9);
    KT_EXPECT_EQ(t, Bc.Parameter1, Code);
    KT_EXPECT_TRUE(t, Inside(Bc.Parameter2, (PVOID)StackDispatch) ||
                      Inside(Bc.Parameter2, (PVOID)CompleteWith));
    KT_EXPECT_EQ(t, Bc.Parameter3, (ULONG_PTR)Irp);
    KT_EXPECT_EQ(t, Bc.Parameter4, (ULONG_PTR)Device);
    if (Bc.Code != VF_C9 || Bc.Parameter1 != Code)
        ktest_log(t, "%s", Bc.Report != NULL ? Bc.Report : "(no report)");
    IoFreeIrp(Irp);
    UnloadStack();
}

static void vf_pnp_test_failed_irp_passed_down(KTEST *t)
{
    ExpectStackBug(t, FilterFailAndPassDown, IRP_MJ_PNP, IRP_MN_START_DEVICE,
                   STATUS_NOT_SUPPORTED, 0x215, TRUE);
    ExpectStackBug(t, FilterFailAndPassDown, IRP_MJ_POWER, IRP_MN_SET_POWER,
                   STATUS_NOT_SUPPORTED, 0x219, TRUE);
}

static void vf_pnp_test_status_turned_into_not_supported(KTEST *t)
{
    /* The test (above) set STATUS_SUCCESS; the filter turns it into STATUS_NOT_SUPPORTED. */
    ExpectStackBug(t, FilterNotSupportedPassDown, IRP_MJ_PNP, IRP_MN_QUERY_CAPABILITIES,
                   STATUS_SUCCESS, 0x216, TRUE);
    ExpectStackBug(t, FilterNotSupportedPassDown, IRP_MJ_POWER, IRP_MN_QUERY_POWER,
                   STATUS_SUCCESS, 0x21A, TRUE);
    ExpectStackBug(t, FilterNotSupportedComplete, IRP_MJ_PNP, IRP_MN_QUERY_CAPABILITIES,
                   STATUS_SUCCESS, 0x216, FALSE);
}

static void vf_pnp_test_completed_instead_of_passed_down(KTEST *t)
{
    KMODE_BUGCHECK Bc;
    NTSTATUS Returned;

    ExpectStackBug(t, FilterCompleteUntouched, IRP_MJ_PNP, IRP_MN_QUERY_CAPABILITIES,
                   STATUS_NOT_SUPPORTED, 0x22F, FALSE);
    ExpectStackBug(t, FilterCompleteUntouched, IRP_MJ_POWER, IRP_MN_QUERY_POWER,
                   STATUS_NOT_SUPPORTED, 0x232, FALSE);
    ExpectStackBug(t, FilterCompleteSuccess, IRP_MJ_POWER, IRP_MN_SET_POWER,
                   STATUS_NOT_SUPPORTED, 0x231, FALSE);
    /* The bottom device may complete what it does not handle as it came. */
    KT_ASSERT_TRUE(t, LoadStack(t, "0x10"));
    FilterMode = FilterCompleteUntouched;
    {
        SEND Send = { BottomDevice, MakeIrp(BottomDevice, IRP_MJ_PNP, IRP_MN_QUERY_ID,
                                            STATUS_NOT_SUPPORTED), 0 };
        KT_ASSERT_TRUE(t, Send.Irp != NULL);
        KT_EXPECT_FALSE(t, KmodeCatchBugCheck(SendIt, &Send, KMODE_CATCH_QUIET, &Bc));
        KT_EXPECT_EQ(t, Send.Status, STATUS_NOT_SUPPORTED);
        IoFreeIrp(Send.Irp);
    }
    UnloadStack();
    /* Not verified: not checked. */
    KT_ASSERT_TRUE(t, LoadStack(t, "0x1"));
    KT_EXPECT_FALSE(t, Send(FilterCompleteUntouched, IRP_MJ_PNP, IRP_MN_QUERY_CAPABILITIES,
                            STATUS_NOT_SUPPORTED, &Bc, NULL, &Returned));
    UnloadStack();
}

static void vf_pnp_test_wmi_for_another_provider_completed(KTEST *t)
{
    ExpectStackBug(t, FilterCompleteSuccess, IRP_MJ_SYSTEM_CONTROL, IRP_MN_QUERY_ALL_DATA,
                   STATUS_NOT_SUPPORTED, 0x220, FALSE);
}

static void vf_pnp_test_irp_that_cannot_fail_failed(KTEST *t)
{
    ExpectStackBug(t, FilterFailAndComplete, IRP_MJ_PNP, IRP_MN_REMOVE_DEVICE,
                   STATUS_NOT_SUPPORTED, 0x306, FALSE);
    ExpectStackBug(t, FilterFailAndComplete, IRP_MJ_PNP, IRP_MN_SURPRISE_REMOVAL,
                   STATUS_NOT_SUPPORTED, 0x247, FALSE);
    ExpectStackBug(t, FilterFailAndComplete, IRP_MJ_PNP, IRP_MN_CANCEL_STOP_DEVICE,
                   STATUS_NOT_SUPPORTED, 0x247, FALSE);
}

/* ---- Completion routines ------------------------------------------------------------------ */

static void CompleteKept(void *Context)
{
    UNREFERENCED_PARAMETER(Context);
    BottomKept->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(BottomKept, IO_NO_INCREMENT);
}

/* The bottom device pends; completing it later runs the filter's completion routine with
   PendingReturned set. */
static BOOLEAN RunCompletion(KTEST *t, COMPLETION_MODE Mode, BOOLEAN Pends, PIRP *Irp,
                             KMODE_BUGCHECK *Bc)
{
    NTSTATUS Returned;

    CompletionMode = Mode;
    BottomPends = Pends;
    KT_EXPECT_FALSE(t, Send(FilterCompletionRoutine, IRP_MJ_DEVICE_CONTROL, 0, STATUS_SUCCESS,
                            Bc, Irp, &Returned));
    if (!Pends) {
        IoFreeIrp(*Irp);
        return FALSE;
    }
    KT_EXPECT_EQ(t, Returned, STATUS_PENDING);
    return KmodeCatchBugCheck(CompleteKept, NULL, KMODE_CATCH_QUIET, Bc);
}

static void vf_pnp_test_completion_routine_checks(KTEST *t)
{
    KMODE_BUGCHECK Bc;
    PIRP Irp;

    KT_ASSERT_TRUE(t, LoadStack(t, "0x10"));
    /* Correct: propagates the pending state. */
    KT_EXPECT_FALSE(t, RunCompletion(t, CompletionCorrect, TRUE, &Irp, &Bc));
    KT_EXPECT_TRUE(t, Irp->PendingReturned);
    IoFreeIrp(Irp);
    /* Not marked: 0xC9/0x228 (routine, IRP, the filter's device). */
    KT_EXPECT_TRUE(t, RunCompletion(t, CompletionNoMark, TRUE, &Irp, &Bc));
    KT_EXPECT_EQ(t, Bc.Code, VF_C9);
    KT_EXPECT_EQ(t, Bc.Parameter1, 0x228);
    KT_EXPECT_EQ(t, Bc.Parameter2, (ULONG_PTR)FilterCompletion);
    KT_EXPECT_EQ(t, Bc.Parameter3, (ULONG_PTR)Irp);
    KT_EXPECT_EQ(t, Bc.Parameter4, (ULONG_PTR)FilterDevice);
    KT_EXPECT_TRUE(t, VfTestContains(Bc.Report, "IoMarkIrpPending"));
    IoFreeIrp(Irp);
    /* Without pending nothing is to propagate. */
    KT_EXPECT_FALSE(t, RunCompletion(t, CompletionNoMark, FALSE, &Irp, &Bc));
    /* IRQL changed: 0xC4/0xFA (routine, before, after). */
    KT_EXPECT_TRUE(t, RunCompletion(t, CompletionRaiseIrql, TRUE, &Irp, &Bc));
    KT_EXPECT_EQ(t, Bc.Code, VF_C4);
    KT_EXPECT_EQ(t, Bc.Parameter1, 0xFA);
    KT_EXPECT_EQ(t, Bc.Parameter2, (ULONG_PTR)FilterCompletion);
    KT_EXPECT_EQ(t, Bc.Parameter3, PASSIVE_LEVEL);
    KT_EXPECT_EQ(t, Bc.Parameter4, DISPATCH_LEVEL);
    KT_EXPECT_TRUE(t, VfTestContains(Bc.Report, "IRQL before the completion routine"));
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
    IoFreeIrp(Irp);
    /* APC disable count changed: 0xC4/0xFB (routine, now, before). */
    KT_EXPECT_TRUE(t, RunCompletion(t, CompletionCriticalRegion, TRUE, &Irp, &Bc));
    KeLeaveCriticalRegion();
    KT_EXPECT_EQ(t, Bc.Code, VF_C4);
    KT_EXPECT_EQ(t, Bc.Parameter1, 0xFB);
    KT_EXPECT_EQ(t, Bc.Parameter2, (ULONG_PTR)FilterCompletion);
    KT_EXPECT_EQ(t, Bc.Parameter3, 0xFFFF);
    KT_EXPECT_EQ(t, Bc.Parameter4, 0);
    KT_EXPECT_FALSE(t, KeAreApcsDisabled());
    IoFreeIrp(Irp);
    UnloadStack();
}

static KTEST_CASE vf_pnp_cases[] = {
    KTEST_CASE_ENTRY(vf_pnp_test_correct_stack_is_left_alone),
    KTEST_CASE_ENTRY(vf_pnp_test_created_without_not_supported),
    KTEST_CASE_ENTRY(vf_pnp_test_forwarded_at_bad_irql),
    KTEST_CASE_ENTRY(vf_pnp_test_failed_irp_passed_down),
    KTEST_CASE_ENTRY(vf_pnp_test_status_turned_into_not_supported),
    KTEST_CASE_ENTRY(vf_pnp_test_completed_instead_of_passed_down),
    KTEST_CASE_ENTRY(vf_pnp_test_wmi_for_another_provider_completed),
    KTEST_CASE_ENTRY(vf_pnp_test_irp_that_cannot_fail_failed),
    KTEST_CASE_ENTRY(vf_pnp_test_completion_routine_checks),
    {0},
};

KTEST_SUITE(vf_pnp, vf_pnp_cases);
