/*
 * PURPOSE: The test driver of the file-object tests, written as a WDK driver: named devices
 * with each buffering method, an exclusive one, one left initializing, a symbolic link;
 * dispatch routines that record what the I/O manager handed them (io_file_drv.h) and do
 * transfers with exact byte counts; IRPs pended with a cancel routine.
 */
#include <ntddk.h>
#include "io_file_drv.h"

IOFT_STATE IoftState;

static VOID IoftLog(char Event)
{
    LONG Index;
    if (IoftState.Quiet)
        return;
    Index = InterlockedIncrement(&IoftState.LogLength) - 1;
    if (Index < IOFT_LOG_MAX - 1)
        IoftState.Log[Index] = Event;
}

VOID IoftResetState(VOID)
{
    KIRQL Irql;
    IoAcquireCancelSpinLock(&Irql);
    RtlZeroMemory(IoftState.Log, sizeof(IoftState.Log));
    IoftState.LogLength = 0;
    IoftState.ReadLimit = 0;
    IoftState.Cancelled = 0;
    IoftState.WrittenLength = 0;
    IoftState.CleanupFileObject = NULL;
    IoftState.CloseFileObject = NULL;
    IoReleaseCancelSpinLock(Irql);
}

static NTSTATUS IoftComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static VOID NTAPI IoftCompleteLater(PVOID Context)
{
    PIRP Irp = Context;
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);

    if (Stack->MajorFunction == IRP_MJ_CREATE) {
        IoftComplete(Irp, STATUS_SUCCESS, FILE_OPENED);
    } else {
        RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, "abc", 3);
        IoftComplete(Irp, STATUS_SUCCESS, 3);
    }
}

/* Pends Irp and completes it from a new system thread. */
static NTSTATUS IoftPendToThread(PIRP Irp)
{
    HANDLE Thread;
    IoMarkIrpPending(Irp);
    if (!NT_SUCCESS(PsCreateSystemThread(&Thread, THREAD_ALL_ACCESS, NULL, NULL, NULL,
                                         IoftCompleteLater, Irp)))
        IoftCompleteLater(Irp);
    else
        ZwClose(Thread);
    return STATUS_PENDING;
}

static NTSTATUS NTAPI IoftCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    PFILE_OBJECT File = Stack->FileObject;
    UNICODE_STRING Fail = RTL_CONSTANT_STRING(IOFT_FAIL_NAME);
    UNICODE_STRING Pend = RTL_CONSTANT_STRING(IOFT_PEND_NAME);
    USHORT Length = File->FileName.Length;

    UNREFERENCED_PARAMETER(DeviceObject);
    if (Length > sizeof(IoftState.FileName))
        Length = sizeof(IoftState.FileName);
    if (Length != 0)
        RtlCopyMemory(IoftState.FileName, File->FileName.Buffer, Length);
    IoftState.FileNameLength = Length;
    IoftState.CreateOptions = Stack->Parameters.Create.Options;
    IoftState.ShareAccess = Stack->Parameters.Create.ShareAccess;
    IoftState.DesiredAccess = Stack->Parameters.Create.SecurityContext->DesiredAccess;
    IoftState.FullCreateOptions = Stack->Parameters.Create.SecurityContext->FullCreateOptions;
    IoftState.StackFlags = Stack->Flags;
    IoftState.CreateRequestorMode = Irp->RequestorMode;
    IoftState.CreateFileObject = File;
    IoftState.RelatedFileObject = File->RelatedFileObject;
    IoftState.FileObjectFlags = File->Flags;
    if (RtlEqualUnicodeString(&File->FileName, &Fail, TRUE)) {
        IoftLog('F');
        return IoftComplete(Irp, STATUS_OBJECT_NAME_NOT_FOUND, 0);
    }
    IoftLog('C');
    File->FsContext = (PVOID)(ULONG_PTR)0x1234;   /* the driver's per-open context */
    if (RtlEqualUnicodeString(&File->FileName, &Pend, TRUE))
        return IoftPendToThread(Irp);
    return IoftComplete(Irp, STATUS_SUCCESS, FILE_OPENED);
}

static NTSTATUS NTAPI IoftCleanup(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoftLog('U');
    IoftState.CleanupFileObject = IoGetCurrentIrpStackLocation(Irp)->FileObject;
    return IoftComplete(Irp, STATUS_SUCCESS, 0);
}

static NTSTATUS NTAPI IoftClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoftLog('X');
    IoftState.CloseFileObject = IoGetCurrentIrpStackLocation(Irp)->FileObject;
    return IoftComplete(Irp, STATUS_SUCCESS, 0);
}

static VOID IoftRecord(PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    if (IoftState.Quiet)
        return;
    IoftState.RequestorMode = Irp->RequestorMode;
    IoftState.PreviousMode = ExGetPreviousMode();
    IoftState.IrpFlags = Irp->Flags;
    IoftState.SystemBuffer = Irp->AssociatedIrp.SystemBuffer;
    IoftState.UserBuffer = Irp->UserBuffer;
    IoftState.MdlAddress = Irp->MdlAddress;
    IoftState.MdlByteCount = Irp->MdlAddress ? MmGetMdlByteCount(Irp->MdlAddress) : 0;
    IoftState.StackFlagsRequest = Stack->Flags;
}

/* The bytes of a READ: (offset + i) & 0xFF, shifted by one so 0 is never a valid byte. */
static VOID IoftFillRead(PUCHAR Buffer, ULONG Length, LONGLONG Offset)
{
    for (ULONG i = 0; i < Length; i++)
        Buffer[i] = (UCHAR)(Offset + i + 1);
}

static NTSTATUS NTAPI IoftRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG Length = Stack->Parameters.Read.Length;
    PUCHAR Target;

    IoftLog('R');
    IoftRecord(Irp);
    IoftState.ByteOffset = Stack->Parameters.Read.ByteOffset;
    IoftState.Length = Length;
    IoftState.Key = Stack->Parameters.Read.Key;
    if (IoftState.ReadLimit != 0 && Length > IoftState.ReadLimit)
        Length = IoftState.ReadLimit;
    if (Length == 0)
        return IoftComplete(Irp, STATUS_SUCCESS, 0);
    if (DeviceObject->Flags & DO_BUFFERED_IO) {
        Target = Irp->AssociatedIrp.SystemBuffer;
    } else if (DeviceObject->Flags & DO_DIRECT_IO) {
        Target = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority);
        if (Target == NULL)
            return IoftComplete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
    } else {
        Target = Irp->UserBuffer;
        __try {
            if (Irp->RequestorMode != KernelMode)
                ProbeForWrite(Target, Length, 1);
            IoftFillRead(Target, Length, Stack->Parameters.Read.ByteOffset.QuadPart);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            return IoftComplete(Irp, GetExceptionCode(), 0);
        }
        return IoftComplete(Irp, STATUS_SUCCESS, Length);
    }
    IoftFillRead(Target, Length, Stack->Parameters.Read.ByteOffset.QuadPart);
    return IoftComplete(Irp, STATUS_SUCCESS, Length);
}

static NTSTATUS NTAPI IoftWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG Length = Stack->Parameters.Write.Length;
    PUCHAR Source;

    IoftLog('W');
    IoftRecord(Irp);
    IoftState.ByteOffset = Stack->Parameters.Write.ByteOffset;
    IoftState.Length = Length;
    if (Length > sizeof(IoftState.Written))
        Length = sizeof(IoftState.Written);
    IoftState.WrittenLength = Length;
    if (Length == 0)
        return IoftComplete(Irp, STATUS_SUCCESS, 0);
    if (DeviceObject->Flags & DO_BUFFERED_IO) {
        Source = Irp->AssociatedIrp.SystemBuffer;
    } else if (DeviceObject->Flags & DO_DIRECT_IO) {
        Source = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority);
    } else {
        Source = Irp->UserBuffer;
        __try {
            if (Irp->RequestorMode != KernelMode)
                ProbeForRead(Source, Length, 1);
            RtlCopyMemory(IoftState.Written, Source, Length);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            return IoftComplete(Irp, GetExceptionCode(), 0);
        }
        return IoftComplete(Irp, STATUS_SUCCESS, Stack->Parameters.Write.Length);
    }
    RtlCopyMemory(IoftState.Written, Source, Length);
    return IoftComplete(Irp, STATUS_SUCCESS, Stack->Parameters.Write.Length);
}

static VOID NTAPI IoftCancel(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    RemoveEntryList(&Irp->Tail.Overlay.ListEntry);
    InterlockedDecrement(&IoftState.PendingCount);
    IoReleaseCancelSpinLock(Irp->CancelIrql);
    IoftLog('c');
    if (!IoftState.Quiet)
        InterlockedIncrement(&IoftState.Cancelled);
    IoftComplete(Irp, STATUS_CANCELLED, 0);
}

static NTSTATUS IoftPend(PIRP Irp)
{
    KIRQL Irql;

    IoAcquireCancelSpinLock(&Irql);
    if (Irp->Cancel) {
        IoReleaseCancelSpinLock(Irql);
        return IoftComplete(Irp, STATUS_CANCELLED, 0);
    }
    IoMarkIrpPending(Irp);
    IoSetCancelRoutine(Irp, IoftCancel);
    InsertTailList(&IoftState.Pending, &Irp->Tail.Overlay.ListEntry);
    InterlockedIncrement(&IoftState.PendingCount);
    IoReleaseCancelSpinLock(Irql);
    return STATUS_PENDING;
}

static NTSTATUS IoftCompletePending(ULONG Information)
{
    PIRP Irp = NULL;
    KIRQL Irql;

    IoAcquireCancelSpinLock(&Irql);
    if (!IsListEmpty(&IoftState.Pending)) {
        Irp = CONTAINING_RECORD(RemoveHeadList(&IoftState.Pending), IRP, Tail.Overlay.ListEntry);
        IoSetCancelRoutine(Irp, NULL);
        InterlockedDecrement(&IoftState.PendingCount);
    }
    IoReleaseCancelSpinLock(Irql);
    if (Irp == NULL)
        return STATUS_NOT_FOUND;
    if (Information > IoGetCurrentIrpStackLocation(Irp)->Parameters.DeviceIoControl.OutputBufferLength)
        Information = IoGetCurrentIrpStackLocation(Irp)->Parameters.DeviceIoControl.OutputBufferLength;
    RtlFillMemory(Irp->AssociatedIrp.SystemBuffer, Information, 0xC3);
    IoftComplete(Irp, STATUS_SUCCESS, Information);
    return STATUS_SUCCESS;
}

static VOID IoftXor(PUCHAR Out, const UCHAR *In, ULONG Count)
{
    for (ULONG i = 0; i < Count; i++)
        Out[i] = In[i] ^ 0x5A;
}

static NTSTATUS NTAPI IoftDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG In = Stack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG Out = Stack->Parameters.DeviceIoControl.OutputBufferLength;
    ULONG Count = In < Out ? In : Out;

    UNREFERENCED_PARAMETER(DeviceObject);
    IoftLog('I');
    IoftRecord(Irp);
    if (!IoftState.Quiet)
        IoftState.Type3InputBuffer = Stack->Parameters.DeviceIoControl.Type3InputBuffer;
    switch (Stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_IOFT_BUFFERED:
    case IOCTL_IOFT_READ_ACCESS:
    case IOCTL_IOFT_WRITE_ACCESS:
        IoftXor(Irp->AssociatedIrp.SystemBuffer, Irp->AssociatedIrp.SystemBuffer, Count);
        return IoftComplete(Irp, STATUS_SUCCESS, Count);
    case IOCTL_IOFT_SWAP_BUFFER: {
        PUCHAR System = Irp->AssociatedIrp.SystemBuffer, Own;
        ULONG Size = In > Out ? In : Out;
        BOOLEAN TailZero = TRUE;
        for (ULONG i = In; i < Size; i++)
            TailZero = TailZero && System[i] == 0;
        IoftState.TailZero = TailZero;
        Own = ExAllocatePoolWithTag(NonPagedPoolNx, Out, IOFT_SWAP_TAG);
        if (Own == NULL)
            return IoftComplete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
        RtlFillMemory(Own, Out, 0x66);
        Irp->AssociatedIrp.SystemBuffer = Own;   /* the I/O manager frees it */
        return IoftComplete(Irp, STATUS_SUCCESS, Out);
    }
    case IOCTL_IOFT_OUT_DIRECT: {
        PUCHAR Target = Out ? MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority)
                            : NULL;
        if (Out != 0 && Target == NULL)
            return IoftComplete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
        IoftXor(Target, Irp->AssociatedIrp.SystemBuffer, Count);
        return IoftComplete(Irp, STATUS_SUCCESS, Count);
    }
    case IOCTL_IOFT_IN_DIRECT: {
        PUCHAR Source = Out ? MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority)
                            : NULL;
        ULONG Sum = 0;
        for (ULONG i = 0; i < Out; i++)
            Sum += Source[i];
        IoftState.InDirectSum = Sum;
        return IoftComplete(Irp, STATUS_SUCCESS, Out);
    }
    case IOCTL_IOFT_NEITHER: {
        PUCHAR Input = Stack->Parameters.DeviceIoControl.Type3InputBuffer;
        PUCHAR Output = Irp->UserBuffer;
        __try {
            if (Irp->RequestorMode != KernelMode) {
                ProbeForRead(Input, In, 1);
                ProbeForWrite(Output, Out, 1);
            }
            IoftXor(Output, Input, Count);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            return IoftComplete(Irp, GetExceptionCode(), 0);
        }
        return IoftComplete(Irp, STATUS_SUCCESS, Count);
    }
    case IOCTL_IOFT_PEND:
        return IoftPend(Irp);
    case IOCTL_IOFT_PEND_THREAD:
        return IoftPendToThread(Irp);
    case IOCTL_IOFT_COMPLETE: {
        ULONG Information = In >= sizeof(ULONG) ? *(PULONG)Irp->AssociatedIrp.SystemBuffer : 0;
        return IoftComplete(Irp, IoftCompletePending(Information), 0);
    }
    case IOCTL_IOFT_FAIL:
        return IoftComplete(Irp, STATUS_INVALID_PARAMETER, 0);
    case IOCTL_IOFT_OVERFLOW:
        RtlFillMemory(Irp->AssociatedIrp.SystemBuffer, Out, 0x77);
        return IoftComplete(Irp, STATUS_BUFFER_OVERFLOW, Out / 2);
    default:
        return IoftComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

static NTSTATUS NTAPI IoftQueryInformation(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);

    UNREFERENCED_PARAMETER(DeviceObject);
    IoftLog('Q');
    IoftRecord(Irp);
    IoftState.InfoClass = Stack->Parameters.QueryFile.FileInformationClass;
    if (Stack->Parameters.QueryFile.FileInformationClass == FileStandardInformation) {
        PFILE_STANDARD_INFORMATION Info = Irp->AssociatedIrp.SystemBuffer;
        Info->EndOfFile.QuadPart = 4321;
        Info->AllocationSize.QuadPart = 8192;
        Info->NumberOfLinks = 1;
        return IoftComplete(Irp, STATUS_SUCCESS, sizeof(*Info));
    }
    return IoftComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
}

static NTSTATUS NTAPI IoftSetInformation(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);

    UNREFERENCED_PARAMETER(DeviceObject);
    IoftLog('S');
    IoftRecord(Irp);
    IoftState.InfoClass = Stack->Parameters.SetFile.FileInformationClass;
    if (Stack->Parameters.SetFile.FileInformationClass == FileEndOfFileInformation)
        IoftState.ByteOffset =
            ((PFILE_END_OF_FILE_INFORMATION)Irp->AssociatedIrp.SystemBuffer)->EndOfFile;
    return IoftComplete(Irp, STATUS_SUCCESS, 0);
}

static NTSTATUS IoftCreateDevice(PDRIVER_OBJECT Driver, PCWSTR Name, ULONG Flags,
                                 BOOLEAN Exclusive, PDEVICE_OBJECT *Device)
{
    UNICODE_STRING DeviceName;
    NTSTATUS Status;

    RtlInitUnicodeString(&DeviceName, Name);
    Status = IoCreateDevice(Driver, 0, &DeviceName, FILE_DEVICE_UNKNOWN, 0, Exclusive, Device);
    if (NT_SUCCESS(Status)) {
        (*Device)->Flags |= Flags;
        (*Device)->Flags &= ~DO_DEVICE_INITIALIZING;
    }
    return Status;
}

NTSTATUS NTAPI IoftDriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING Link = RTL_CONSTANT_STRING(IOFT_BUFFERED_LINK);
    UNICODE_STRING Target = RTL_CONSTANT_STRING(IOFT_BUFFERED_NAME);
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(RegistryPath);
    IoftState.Driver = DriverObject;
    InitializeListHead(&IoftState.Pending);
    DriverObject->MajorFunction[IRP_MJ_CREATE] = IoftCreate;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = IoftCleanup;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = IoftClose;
    DriverObject->MajorFunction[IRP_MJ_READ] = IoftRead;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = IoftWrite;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = IoftDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_QUERY_INFORMATION] = IoftQueryInformation;
    DriverObject->MajorFunction[IRP_MJ_SET_INFORMATION] = IoftSetInformation;

    Status = IoftCreateDevice(DriverObject, IOFT_BUFFERED_NAME, DO_BUFFERED_IO, FALSE,
                              &IoftState.Buffered);
    if (NT_SUCCESS(Status))
        Status = IoftCreateDevice(DriverObject, IOFT_DIRECT_NAME, DO_DIRECT_IO, FALSE,
                                  &IoftState.Direct);
    if (NT_SUCCESS(Status))
        Status = IoftCreateDevice(DriverObject, IOFT_NEITHER_NAME, 0, FALSE, &IoftState.Neither);
    if (NT_SUCCESS(Status))
        Status = IoftCreateDevice(DriverObject, IOFT_EXCLUSIVE_NAME, DO_BUFFERED_IO, TRUE,
                                  &IoftState.Exclusive);
    if (NT_SUCCESS(Status))
        Status = IoCreateSymbolicLink(&Link, &Target);
    return Status;
}
