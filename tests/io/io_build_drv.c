/*
 * PURPOSE: Tests for the IRPs the I/O manager builds for kernel callers, written as WDK
 * driver code against devices from IoCreateDevice: IoBuildDeviceIoControlRequest with each
 * transfer method (and the internal variant), IoBuildSynchronousFsdRequest per device
 * buffering (DO_BUFFERED_IO, DO_DIRECT_IO, neither), IoBuildAsynchronousFsdRequest with a
 * completion routine that takes the IRP back, and IoSetCompletionRoutineEx.
 */
#include <ntddk.h>
#include "ktest.h"
#include "io_driver_harness.h"

#define IOCTL_BUF      CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_IN_DIR   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_IN_DIRECT, FILE_ANY_ACCESS)
#define IOCTL_OUT_DIR  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_OUT_DIRECT, FILE_ANY_ACCESS)
#define IOCTL_NEITHER  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x903, METHOD_NEITHER, FILE_ANY_ACCESS)

/* What the test driver saw in its dispatch routine. */
static struct {
    LONG Calls;
    UCHAR Major;
    ULONG Flags;
    PVOID SystemBuffer;
    UCHAR SystemBytes[8];                 /* the first bytes of the system buffer */
    PVOID UserBuffer;
    PMDL Mdl;
    CSHORT MdlFlags;
    PVOID MdlVa;
    ULONG MdlBytes;
    UCHAR MdlFirst;                       /* first byte through the MDL's system address */
    PVOID Type3;
    ULONG InLength, OutLength, Code;
    ULONG Length;
    LONGLONG Offset;
    PETHREAD Thread;
    PIO_STATUS_BLOCK UserIosb;
    PKEVENT UserEvent;
    KPROCESSOR_MODE RequestorMode;
} Seen;

/* What it does: complete with Information bytes of output ('a', 'b', ...) or pend. */
static struct {
    ULONG_PTR Information;
    NTSTATUS Status;
    BOOLEAN Pend;
    PIRP Pended;
} Do;

static PDEVICE_OBJECT Buffered, Direct, Neither;
static PDRIVER_OBJECT Driver;

static VOID FillOutput(PUCHAR Out, ULONG_PTR Count)
{
    ULONG_PTR i;
    for (i = 0; i < Count; i++)
        Out[i] = (UCHAR)('a' + i);
}

static NTSTATUS NTAPI Dispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    PUCHAR Mapped = NULL;

    UNREFERENCED_PARAMETER(DeviceObject);
    RtlZeroMemory(&Seen, sizeof Seen);
    Seen.Calls = 1;
    Seen.Major = Stack->MajorFunction;
    Seen.Flags = Irp->Flags;
    Seen.SystemBuffer = Irp->AssociatedIrp.SystemBuffer;
    if ((Irp->Flags & IRP_BUFFERED_IO) && Seen.SystemBuffer != NULL)
        RtlCopyMemory(Seen.SystemBytes, Seen.SystemBuffer, sizeof Seen.SystemBytes);
    Seen.UserBuffer = Irp->UserBuffer;
    Seen.Mdl = Irp->MdlAddress;
    if (Irp->MdlAddress != NULL) {
        Seen.MdlFlags = Irp->MdlAddress->MdlFlags;
        Seen.MdlVa = MmGetMdlVirtualAddress(Irp->MdlAddress);
        Seen.MdlBytes = MmGetMdlByteCount(Irp->MdlAddress);
        Mapped = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority);
        if (Mapped != NULL)
            Seen.MdlFirst = Mapped[0];
    }
    Seen.Type3 = Stack->Parameters.DeviceIoControl.Type3InputBuffer;
    Seen.InLength = Stack->Parameters.DeviceIoControl.InputBufferLength;
    Seen.OutLength = Stack->Parameters.DeviceIoControl.OutputBufferLength;
    Seen.Code = Stack->Parameters.DeviceIoControl.IoControlCode;
    Seen.Length = Stack->Parameters.Read.Length;
    Seen.Offset = Stack->Parameters.Read.ByteOffset.QuadPart;
    Seen.Thread = Irp->Tail.Overlay.Thread;
    Seen.UserIosb = Irp->UserIosb;
    Seen.UserEvent = Irp->UserEvent;
    Seen.RequestorMode = Irp->RequestorMode;

    if (Do.Pend) {
        IoMarkIrpPending(Irp);
        Do.Pended = Irp;
        return STATUS_PENDING;
    }
    /* Output goes where the transfer method puts it. */
    if (Do.Information != 0) {
        if (Stack->MajorFunction == IRP_MJ_DEVICE_CONTROL ||
            Stack->MajorFunction == IRP_MJ_INTERNAL_DEVICE_CONTROL) {
            switch (METHOD_FROM_CTL_CODE(Seen.Code)) {
            case METHOD_BUFFERED: FillOutput(Irp->AssociatedIrp.SystemBuffer, Do.Information); break;
            case METHOD_OUT_DIRECT: FillOutput(Mapped, Do.Information); break;
            case METHOD_NEITHER: FillOutput(Irp->UserBuffer, Do.Information); break;
            default: break;
            }
        } else if (Stack->MajorFunction == IRP_MJ_READ) {
            if (DeviceObject->Flags & DO_BUFFERED_IO)
                FillOutput(Irp->AssociatedIrp.SystemBuffer, Do.Information);
            else if (DeviceObject->Flags & DO_DIRECT_IO)
                FillOutput(Mapped, Do.Information);
            else
                FillOutput(Irp->UserBuffer, Do.Information);
        }
    }
    Irp->IoStatus.Status = Do.Status;
    Irp->IoStatus.Information = Do.Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Do.Status;
}

static NTSTATUS NTAPI Entry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    ULONG i;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(RegistryPath);
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = Dispatch;
    Status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &Buffered);
    if (!NT_SUCCESS(Status))
        return Status;
    Buffered->Flags |= DO_BUFFERED_IO;
    Status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &Direct);
    if (!NT_SUCCESS(Status))
        return Status;
    Direct->Flags |= DO_DIRECT_IO;
    return IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &Neither);
}

static VOID NTAPI Unload(PDRIVER_OBJECT DriverObject)
{
    while (DriverObject->DeviceObject != NULL)
        IoDeleteDevice(DriverObject->DeviceObject);
}

static NTSTATUS NTAPI EntryWithUnload(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DriverObject->DriverUnload = Unload;
    return Entry(DriverObject, RegistryPath);
}

static BOOLEAN Load(KTEST *t)
{
    RtlZeroMemory(&Do, sizeof Do);
    Do.Status = STATUS_SUCCESS;
    if (Driver != NULL)
        return TRUE;
    KT_EXPECT_EQ(t, IoTestLoadDriver(L"IoBuildTest", EntryWithUnload, &Driver), STATUS_SUCCESS);
    return Driver != NULL;
}

/* Sends Irp and waits for its event when it pends; returns the final status. */
static NTSTATUS SendAndWait(PDEVICE_OBJECT Device, PIRP Irp, PKEVENT Event,
                            PIO_STATUS_BLOCK Iosb)
{
    NTSTATUS Status = IoCallDriver(Device, Irp);
    if (Status == STATUS_PENDING) {
        KeWaitForSingleObject(Event, Executive, KernelMode, FALSE, NULL);
        Status = Iosb->Status;
    }
    return Status;
}

/* ---- IoBuildDeviceIoControlRequest ---------------------------------------------------- */

static void io_build_test_ioctl_buffered(KTEST *t)
{
    UCHAR In[6] = { 1, 2, 3, 4, 5, 6 }, Out[16];
    IO_STATUS_BLOCK Iosb;
    KEVENT Event;
    PIRP Irp;

    KT_ASSERT_TRUE(t, Load(t));
    RtlFillMemory(Out, sizeof Out, 0xEE);
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Irp = IoBuildDeviceIoControlRequest(IOCTL_BUF, Buffered, In, sizeof In, Out, sizeof Out,
                                        FALSE, &Event, &Iosb);
    KT_ASSERT_TRUE(t, Irp != NULL);
    KT_EXPECT_EQ(t, Irp->StackCount, Buffered->StackSize);
    KT_EXPECT_TRUE(t, Irp->Tail.Overlay.Thread == PsGetCurrentThread());
    KT_EXPECT_FALSE(t, IsListEmpty(&Irp->ThreadListEntry));   /* on the thread's list */
    Do.Information = 10;
    KT_EXPECT_EQ(t, SendAndWait(Buffered, Irp, &Event, &Iosb), STATUS_SUCCESS);

    KT_EXPECT_EQ(t, Seen.Major, IRP_MJ_DEVICE_CONTROL);
    KT_EXPECT_EQ(t, Seen.Code, IOCTL_BUF);
    KT_EXPECT_EQ(t, Seen.InLength, sizeof In);
    KT_EXPECT_EQ(t, Seen.OutLength, sizeof Out);
    KT_EXPECT_EQ(t, Seen.Flags, IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER | IRP_INPUT_OPERATION);
    KT_EXPECT_TRUE(t, Seen.SystemBuffer != NULL && Seen.SystemBuffer != In &&
                      Seen.SystemBuffer != Out);
    KT_EXPECT_MEMEQ(t, Seen.SystemBytes, In, sizeof In);      /* input copied in */
    KT_EXPECT_TRUE(t, Seen.UserBuffer == Out);
    KT_EXPECT_TRUE(t, Seen.Mdl == NULL);
    KT_EXPECT_TRUE(t, Seen.UserIosb == &Iosb && Seen.UserEvent == &Event);
    KT_EXPECT_EQ(t, Seen.RequestorMode, KernelMode);
    /* Information bytes copied back, no more. */
    KT_EXPECT_MEMEQ(t, Out, "abcdefghij", 10);
    KT_EXPECT_EQ(t, Out[10], 0xEE);
    KT_EXPECT_EQ(t, Iosb.Status, STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Iosb.Information, 10);
    KT_EXPECT_TRUE(t, KeReadStateEvent(&Event) != 0);
}

static void io_build_test_ioctl_buffered_variants(KTEST *t)
{
    UCHAR In[4] = { 9, 8, 7, 6 };
    IO_STATUS_BLOCK Iosb;
    KEVENT Event;
    PIRP Irp;

    KT_ASSERT_TRUE(t, Load(t));
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    /* Input only: no copy-back (no IRP_INPUT_OPERATION), internal major function. */
    Irp = IoBuildDeviceIoControlRequest(IOCTL_BUF, Buffered, In, sizeof In, NULL, 0, TRUE,
                                        &Event, &Iosb);
    KT_ASSERT_TRUE(t, Irp != NULL);
    KT_EXPECT_EQ(t, SendAndWait(Buffered, Irp, &Event, &Iosb), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Seen.Major, IRP_MJ_INTERNAL_DEVICE_CONTROL);
    KT_EXPECT_EQ(t, Seen.Flags, IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER);
    KT_EXPECT_MEMEQ(t, Seen.SystemBytes, In, sizeof In);
    KT_EXPECT_TRUE(t, Seen.UserBuffer == NULL);

    /* No buffers at all: no system buffer. Event optional. */
    Irp = IoBuildDeviceIoControlRequest(IOCTL_BUF, Buffered, NULL, 0, NULL, 0, FALSE, NULL,
                                        &Iosb);
    KT_ASSERT_TRUE(t, Irp != NULL);
    Do.Status = STATUS_INVALID_DEVICE_REQUEST;
    KT_EXPECT_EQ(t, IoCallDriver(Buffered, Irp), STATUS_INVALID_DEVICE_REQUEST);
    KT_EXPECT_EQ(t, Seen.Flags, 0);
    KT_EXPECT_TRUE(t, Seen.SystemBuffer == NULL);
    KT_EXPECT_EQ(t, Iosb.Status, STATUS_INVALID_DEVICE_REQUEST);
}

static void RunDirect(KTEST *t, ULONG Code)
{
    UCHAR In[3] = { 'x', 'y', 'z' }, Out[8192];
    IO_STATUS_BLOCK Iosb;
    KEVENT Event;
    PIRP Irp;

    KT_ASSERT_TRUE(t, Load(t));
    RtlFillMemory(Out, sizeof Out, 'Q');
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Irp = IoBuildDeviceIoControlRequest(Code, Direct, In, sizeof In, Out + 100, 5000, FALSE,
                                        &Event, &Iosb);
    KT_ASSERT_TRUE(t, Irp != NULL);
    Do.Information = 4;
    KT_EXPECT_EQ(t, SendAndWait(Direct, Irp, &Event, &Iosb), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Seen.Flags, IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER);
    KT_EXPECT_MEMEQ(t, Seen.SystemBytes, In, sizeof In);   /* input: system buffer */
    KT_ASSERT_TRUE(t, Seen.Mdl != NULL);                      /* output: locked MDL */
    KT_EXPECT_TRUE(t, (Seen.MdlFlags & MDL_PAGES_LOCKED) != 0);
    KT_EXPECT_TRUE(t, Seen.MdlVa == Out + 100);
    KT_EXPECT_EQ(t, Seen.MdlBytes, 5000);
    KT_EXPECT_EQ(t, Seen.MdlFirst, 'Q');                    /* the device reads the buffer */
    KT_EXPECT_EQ(t, Iosb.Information, 4);
}

static void io_build_test_ioctl_in_direct(KTEST *t)
{
    RunDirect(t, IOCTL_IN_DIR);
}

static void io_build_test_ioctl_out_direct(KTEST *t)
{
    UCHAR Out[64];
    IO_STATUS_BLOCK Iosb;
    KEVENT Event;
    PIRP Irp;

    RunDirect(t, IOCTL_OUT_DIR);
    /* The device writes through the MDL: the data is in the caller's buffer. */
    RtlFillMemory(Out, sizeof Out, 0);
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Irp = IoBuildDeviceIoControlRequest(IOCTL_OUT_DIR, Direct, NULL, 0, Out, sizeof Out,
                                        FALSE, &Event, &Iosb);
    KT_ASSERT_TRUE(t, Irp != NULL);
    Do.Information = 3;
    KT_EXPECT_EQ(t, SendAndWait(Direct, Irp, &Event, &Iosb), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Seen.Flags, 0);                           /* no input: no system buffer */
    KT_EXPECT_MEMEQ(t, Out, "abc", 3);
}

static void io_build_test_ioctl_direct_unlockable_buffer(KTEST *t)
{
    IO_STATUS_BLOCK Iosb;
    KEVENT Event;

    KT_ASSERT_TRUE(t, Load(t));
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    /* An output buffer at an address nothing is mapped at cannot be locked. */
    KT_EXPECT_TRUE(t, IoBuildDeviceIoControlRequest(IOCTL_OUT_DIR, Direct, NULL, 0,
                                                    (PVOID)(ULONG_PTR)0x1000, 16, FALSE,
                                                    &Event, &Iosb) == NULL);
}

static void io_build_test_ioctl_neither(KTEST *t)
{
    UCHAR In[2] = { 1, 2 }, Out[8];
    IO_STATUS_BLOCK Iosb;
    KEVENT Event;
    PIRP Irp;

    KT_ASSERT_TRUE(t, Load(t));
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Irp = IoBuildDeviceIoControlRequest(IOCTL_NEITHER, Neither, In, sizeof In, Out, sizeof Out,
                                        FALSE, &Event, &Iosb);
    KT_ASSERT_TRUE(t, Irp != NULL);
    Do.Information = 2;
    KT_EXPECT_EQ(t, SendAndWait(Neither, Irp, &Event, &Iosb), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, Seen.Type3 == In);
    KT_EXPECT_TRUE(t, Seen.UserBuffer == Out);
    KT_EXPECT_TRUE(t, Seen.SystemBuffer == NULL && Seen.Mdl == NULL);
    KT_EXPECT_EQ(t, Seen.Flags, 0);
    KT_EXPECT_MEMEQ(t, Out, "ab", 2);                        /* the driver wrote it there */
}

static void io_build_test_ioctl_pending(KTEST *t)
{
    UCHAR Out[4] = { 0 };
    IO_STATUS_BLOCK Iosb = { 0 };
    KEVENT Event;
    PIRP Irp;

    KT_ASSERT_TRUE(t, Load(t));
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Irp = IoBuildDeviceIoControlRequest(IOCTL_BUF, Buffered, NULL, 0, Out, sizeof Out, FALSE,
                                        &Event, &Iosb);
    KT_ASSERT_TRUE(t, Irp != NULL);
    Do.Pend = TRUE;
    KT_EXPECT_EQ(t, IoCallDriver(Buffered, Irp), STATUS_PENDING);
    KT_EXPECT_TRUE(t, KeReadStateEvent(&Event) == 0);
    KT_EXPECT_EQ(t, Iosb.Status, 0);
    /* The driver finishes later. */
    ((PUCHAR)Do.Pended->AssociatedIrp.SystemBuffer)[0] = 'Z';
    Do.Pended->IoStatus.Status = STATUS_SUCCESS;
    Do.Pended->IoStatus.Information = 1;
    IoCompleteRequest(Do.Pended, IO_NO_INCREMENT);
    KT_EXPECT_EQ(t, KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Iosb.Status, STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Iosb.Information, 1);
    KT_EXPECT_EQ(t, Out[0], 'Z');
}

/* ---- IoBuildSynchronousFsdRequest / IoBuildAsynchronousFsdRequest ----------------------- */

static void io_build_test_fsd_read_write_per_buffering(KTEST *t)
{
    UCHAR Data[32];
    IO_STATUS_BLOCK Iosb;
    KEVENT Event;
    LARGE_INTEGER Offset;
    PIRP Irp;

    KT_ASSERT_TRUE(t, Load(t));
    Offset.QuadPart = 0x12345;

    /* Buffered read: a system buffer, copied back to Data. */
    RtlFillMemory(Data, sizeof Data, 0);
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Irp = IoBuildSynchronousFsdRequest(IRP_MJ_READ, Buffered, Data, sizeof Data, &Offset,
                                       &Event, &Iosb);
    KT_ASSERT_TRUE(t, Irp != NULL);
    Do.Information = 6;
    KT_EXPECT_EQ(t, SendAndWait(Buffered, Irp, &Event, &Iosb), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Seen.Major, IRP_MJ_READ);
    KT_EXPECT_EQ(t, Seen.Flags, IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER | IRP_INPUT_OPERATION);
    KT_EXPECT_TRUE(t, Seen.SystemBuffer != NULL && Seen.UserBuffer == Data);
    KT_EXPECT_EQ(t, Seen.Length, sizeof Data);
    KT_EXPECT_EQ(t, Seen.Offset, 0x12345);
    KT_EXPECT_MEMEQ(t, Data, "abcdef", 6);
    KT_EXPECT_EQ(t, Data[6], 0);

    /* Buffered write: the data copied in, nothing copied back. */
    RtlCopyMemory(Data, "payload", 7);
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Irp = IoBuildSynchronousFsdRequest(IRP_MJ_WRITE, Buffered, Data, 7, &Offset, &Event, &Iosb);
    KT_ASSERT_TRUE(t, Irp != NULL);
    Do.Information = 7;
    KT_EXPECT_EQ(t, SendAndWait(Buffered, Irp, &Event, &Iosb), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Seen.Major, IRP_MJ_WRITE);
    KT_EXPECT_EQ(t, Seen.Flags, IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER);
    KT_EXPECT_MEMEQ(t, Seen.SystemBytes, "payload", 7);
    KT_EXPECT_EQ(t, Seen.Length, 7);

    /* Direct read: an MDL over Data, the device writes through it. */
    RtlFillMemory(Data, sizeof Data, 0);
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Irp = IoBuildSynchronousFsdRequest(IRP_MJ_READ, Direct, Data, sizeof Data, &Offset,
                                       &Event, &Iosb);
    KT_ASSERT_TRUE(t, Irp != NULL);
    Do.Information = 2;
    KT_EXPECT_EQ(t, SendAndWait(Direct, Irp, &Event, &Iosb), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, Seen.Mdl != NULL && Seen.MdlVa == Data && Seen.MdlBytes == sizeof Data);
    KT_EXPECT_TRUE(t, (Seen.MdlFlags & MDL_PAGES_LOCKED) != 0);
    KT_EXPECT_EQ(t, Seen.Flags, 0);
    KT_EXPECT_MEMEQ(t, Data, "ab", 2);

    /* Neither: the caller's buffer as UserBuffer. */
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Irp = IoBuildSynchronousFsdRequest(IRP_MJ_READ, Neither, Data, sizeof Data, &Offset,
                                       &Event, &Iosb);
    KT_ASSERT_TRUE(t, Irp != NULL);
    Do.Information = 0;
    KT_EXPECT_EQ(t, SendAndWait(Neither, Irp, &Event, &Iosb), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, Seen.UserBuffer == Data && Seen.Mdl == NULL && Seen.SystemBuffer == NULL);
    KT_EXPECT_EQ(t, Seen.Length, sizeof Data);
}

static void io_build_test_fsd_no_buffer_majors(KTEST *t)
{
    static const UCHAR Majors[] = { IRP_MJ_FLUSH_BUFFERS, IRP_MJ_SHUTDOWN, IRP_MJ_PNP,
                                    IRP_MJ_POWER };
    IO_STATUS_BLOCK Iosb;
    KEVENT Event;
    ULONG i;

    KT_ASSERT_TRUE(t, Load(t));
    for (i = 0; i < RTL_NUMBER_OF(Majors); i++) {
        PIRP Irp;

        KeInitializeEvent(&Event, NotificationEvent, FALSE);
        Irp = IoBuildSynchronousFsdRequest(Majors[i], Buffered, NULL, 0, NULL, &Event, &Iosb);
        KT_ASSERT_TRUE(t, Irp != NULL);
        KT_EXPECT_EQ(t, SendAndWait(Buffered, Irp, &Event, &Iosb), STATUS_SUCCESS);
        KT_EXPECT_EQ(t, Seen.Major, Majors[i]);
        KT_EXPECT_EQ(t, Seen.Flags, 0);
        KT_EXPECT_TRUE(t, Seen.SystemBuffer == NULL && Seen.UserBuffer == NULL);
        KT_EXPECT_EQ(t, Seen.Length, 0);
    }
}

/* The asynchronous request's owner takes it back in its completion routine and releases
   what the I/O manager would have released at the top. */
static LONG AsyncCalls;
static IO_STATUS_BLOCK AsyncStatus;

static NTSTATUS NTAPI AsyncDone(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);
    AsyncCalls++;
    AsyncStatus = Irp->IoStatus;
    if (Irp->MdlAddress != NULL) {
        MmUnlockPages(Irp->MdlAddress);
        IoFreeMdl(Irp->MdlAddress);
    }
    if (Irp->Flags & IRP_DEALLOCATE_BUFFER)
        ExFreePool(Irp->AssociatedIrp.SystemBuffer);
    IoFreeIrp(Irp);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static void io_build_test_fsd_asynchronous(KTEST *t)
{
    UCHAR Data[16];
    LARGE_INTEGER Offset;
    PIRP Irp;

    KT_ASSERT_TRUE(t, Load(t));
    Offset.QuadPart = 512;
    AsyncCalls = 0;
    Irp = IoBuildAsynchronousFsdRequest(IRP_MJ_WRITE, Direct, Data, sizeof Data, &Offset, NULL);
    KT_ASSERT_TRUE(t, Irp != NULL);
    KT_EXPECT_TRUE(t, Irp->Tail.Overlay.Thread == PsGetCurrentThread());
    KT_EXPECT_TRUE(t, IsListEmpty(&Irp->ThreadListEntry));   /* not on the thread's list */
    KT_EXPECT_TRUE(t, Irp->UserEvent == NULL && Irp->UserIosb == NULL);
    IoSetCompletionRoutine(Irp, AsyncDone, NULL, TRUE, TRUE, TRUE);
    Do.Information = 16;
    KT_EXPECT_EQ(t, IoCallDriver(Direct, Irp), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, AsyncCalls, 1);
    KT_EXPECT_EQ(t, AsyncStatus.Information, 16);
    KT_EXPECT_EQ(t, Seen.Major, IRP_MJ_WRITE);
    KT_EXPECT_EQ(t, Seen.Offset, 512);
    KT_EXPECT_TRUE(t, Seen.Mdl != NULL);

    Irp = IoBuildAsynchronousFsdRequest(IRP_MJ_READ, Buffered, Data, sizeof Data, &Offset, NULL);
    KT_ASSERT_TRUE(t, Irp != NULL);
    IoSetCompletionRoutine(Irp, AsyncDone, NULL, TRUE, TRUE, TRUE);
    KT_EXPECT_EQ(t, IoCallDriver(Buffered, Irp), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, AsyncCalls, 2);
    KT_EXPECT_EQ(t, Seen.Flags, IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER | IRP_INPUT_OPERATION);
}

/* ---- IoSetCompletionRoutineEx ------------------------------------------------------------- */

static LONG ExCalls;
static LONG_PTR ExRefsInRoutine;
static PVOID ExContext;

static NTSTATUS NTAPI ExRoutine(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    ExCalls++;
    ExContext = Context;
    ExRefsInRoutine = IoTestPointerCount(Buffered);
    if (Irp->PendingReturned)
        IoMarkIrpPending(Irp);
    return STATUS_CONTINUE_COMPLETION;
}

static void io_build_test_set_completion_routine_ex(KTEST *t)
{
    IO_STATUS_BLOCK Iosb;
    KEVENT Event;
    PIRP Irp;
    LONG_PTR Refs;

    KT_ASSERT_TRUE(t, Load(t));
    Refs = IoTestPointerCount(Buffered);
    ExCalls = 0;

    /* The routine runs, with the device still referenced; afterwards the reference goes. */
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Irp = IoBuildDeviceIoControlRequest(IOCTL_NEITHER, Buffered, NULL, 0, NULL, 0, FALSE,
                                        &Event, &Iosb);
    KT_ASSERT_TRUE(t, Irp != NULL);
    KT_EXPECT_EQ(t, IoSetCompletionRoutineEx(Buffered, Irp, ExRoutine, (PVOID)0x77, TRUE,
                                             FALSE, FALSE),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, IoTestPointerCount(Buffered), Refs + 1);
    KT_EXPECT_EQ(t, SendAndWait(Buffered, Irp, &Event, &Iosb), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, ExCalls, 1);
    KT_EXPECT_TRUE(t, ExContext == (PVOID)0x77);
    KT_EXPECT_EQ(t, ExRefsInRoutine, Refs + 1);
    KT_EXPECT_EQ(t, IoTestPointerCount(Buffered), Refs);

    /* Flags that do not match: not called, but the block and the reference still go. */
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Irp = IoBuildDeviceIoControlRequest(IOCTL_NEITHER, Buffered, NULL, 0, NULL, 0, FALSE,
                                        &Event, &Iosb);
    KT_ASSERT_TRUE(t, Irp != NULL);
    KT_EXPECT_EQ(t, IoSetCompletionRoutineEx(Buffered, Irp, ExRoutine, NULL, TRUE, FALSE,
                                             FALSE),
                 STATUS_SUCCESS);
    Do.Status = STATUS_UNSUCCESSFUL;
    KT_EXPECT_EQ(t, SendAndWait(Buffered, Irp, &Event, &Iosb), STATUS_UNSUCCESSFUL);
    KT_EXPECT_EQ(t, ExCalls, 1);
    KT_EXPECT_EQ(t, IoTestPointerCount(Buffered), Refs);
}

static void io_build_test_unload(KTEST *t)
{
    KT_ASSERT_TRUE(t, Driver != NULL);
    KT_EXPECT_EQ(t, IoTestUnloadDriver(Driver), STATUS_SUCCESS);
    Driver = NULL;
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_build_test_ioctl_buffered),
    KTEST_CASE_ENTRY(io_build_test_ioctl_buffered_variants),
    KTEST_CASE_ENTRY(io_build_test_ioctl_in_direct),
    KTEST_CASE_ENTRY(io_build_test_ioctl_out_direct),
    KTEST_CASE_ENTRY(io_build_test_ioctl_direct_unlockable_buffer),
    KTEST_CASE_ENTRY(io_build_test_ioctl_neither),
    KTEST_CASE_ENTRY(io_build_test_ioctl_pending),
    KTEST_CASE_ENTRY(io_build_test_fsd_read_write_per_buffering),
    KTEST_CASE_ENTRY(io_build_test_fsd_no_buffer_majors),
    KTEST_CASE_ENTRY(io_build_test_fsd_asynchronous),
    KTEST_CASE_ENTRY(io_build_test_set_completion_routine_ex),
    KTEST_CASE_ENTRY(io_build_test_unload),
    {0}
};
KTEST_SUITE(io_build, cases);
