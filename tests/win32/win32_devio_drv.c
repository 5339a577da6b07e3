/*
 * PURPOSE: A small WDM driver (driver mode: WDK headers only) that the Win32 device I/O
 * tests talk to through CreateFile("\\\\.\\W32DevioTest"), DeviceIoControl, ReadFile and
 * WriteFile: the four transfer methods with byte-exact results, warning and error
 * statuses, requests it pends (cancelable) until the app asks it to complete one, and
 * counters of what it saw. Behaviour per code: win32_devio_drv.h.
 */
#include <ntddk.h>
#include "win32_devio_drv.h"

static KSPIN_LOCK W32dtLock;
static LIST_ENTRY W32dtPending;          /* pended IRPs (Tail.Overlay.ListEntry) */
static LONG W32dtPendingCount;
static volatile LONG W32dtCreates, W32dtCleanups, W32dtCloses, W32dtCancels;
static volatile ULONG W32dtLastDisposition, W32dtLastOptions;
static ULONG W32dtLastWriteLength;
static ULONGLONG W32dtLastWriteOffset;
static UCHAR W32dtLastWrite[256];

unsigned w32dt_creates(void) { return (unsigned)W32dtCreates; }
unsigned w32dt_last_disposition(void) { return W32dtLastDisposition; }
unsigned w32dt_last_create_options(void) { return W32dtLastOptions; }
unsigned w32dt_cleanups(void) { return (unsigned)W32dtCleanups; }
unsigned w32dt_closes(void) { return (unsigned)W32dtCloses; }
unsigned w32dt_last_write_length(void) { return W32dtLastWriteLength; }
unsigned long long w32dt_last_write_offset(void) { return W32dtLastWriteOffset; }
const unsigned char *w32dt_last_write_data(void) { return W32dtLastWrite; }
unsigned w32dt_cancels(void) { return (unsigned)W32dtCancels; }

void w32dt_reset_counters(void)
{
    W32dtCreates = W32dtCleanups = W32dtCloses = W32dtCancels = 0;
    W32dtLastWriteLength = 0;
    W32dtLastWriteOffset = 0;
    RtlZeroMemory(W32dtLastWrite, sizeof(W32dtLastWrite));
}

static NTSTATUS W32dtComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static VOID W32dtCancel(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    KIRQL Irql;

    UNREFERENCED_PARAMETER(DeviceObject);
    IoReleaseCancelSpinLock(Irp->CancelIrql);
    KeAcquireSpinLock(&W32dtLock, &Irql);
    RemoveEntryList(&Irp->Tail.Overlay.ListEntry);
    W32dtPendingCount--;
    KeReleaseSpinLock(&W32dtLock, Irql);
    InterlockedIncrement(&W32dtCancels);
    W32dtComplete(Irp, STATUS_CANCELLED, 0);
}

static NTSTATUS W32dtPend(PIRP Irp)
{
    KIRQL Irql;

    KeAcquireSpinLock(&W32dtLock, &Irql);
    IoSetCancelRoutine(Irp, W32dtCancel);
    if (Irp->Cancel && IoSetCancelRoutine(Irp, NULL) != NULL) {
        KeReleaseSpinLock(&W32dtLock, Irql);
        return W32dtComplete(Irp, STATUS_CANCELLED, 0);
    }
    IoMarkIrpPending(Irp);
    InsertTailList(&W32dtPending, &Irp->Tail.Overlay.ListEntry);
    W32dtPendingCount++;
    KeReleaseSpinLock(&W32dtLock, Irql);
    return STATUS_PENDING;
}

/* Takes the oldest pended IRP whose cancel routine is still set (NULL: none). With a file
   object, only that file's. */
static PIRP W32dtTakePended(PFILE_OBJECT FileObject)
{
    PLIST_ENTRY Entry;
    PIRP Found = NULL;
    KIRQL Irql;

    KeAcquireSpinLock(&W32dtLock, &Irql);
    for (Entry = W32dtPending.Flink; Entry != &W32dtPending; Entry = Entry->Flink) {
        PIRP Irp = CONTAINING_RECORD(Entry, IRP, Tail.Overlay.ListEntry);
        if (FileObject != NULL && IoGetCurrentIrpStackLocation(Irp)->FileObject != FileObject)
            continue;
        if (IoSetCancelRoutine(Irp, NULL) != NULL) {
            RemoveEntryList(Entry);
            W32dtPendingCount--;
            Found = Irp;
            break;
        }
    }
    KeReleaseSpinLock(&W32dtLock, Irql);
    return Found;
}

static VOID W32dtFinishPended(PIRP Irp, ULONG Count)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    PUCHAR Buffer = Irp->AssociatedIrp.SystemBuffer;
    ULONG Room, i;

    if (Stack->MajorFunction == IRP_MJ_READ) {
        Room = Stack->Parameters.Read.Length;
        if (Count > Room)
            Count = Room;
        for (i = 0; i < Count; i++)
            Buffer[i] = (UCHAR)(Stack->Parameters.Read.ByteOffset.QuadPart + i);
    } else {
        Room = Stack->Parameters.DeviceIoControl.OutputBufferLength;
        if (Count > Room)
            Count = Room;
        for (i = 0; i < Count; i++)
            Buffer[i] = 0x42;
    }
    W32dtComplete(Irp, STATUS_SUCCESS, Count);
}

static NTSTATUS W32dtCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);

    UNREFERENCED_PARAMETER(DeviceObject);
    switch (Stack->MajorFunction) {
    case IRP_MJ_CREATE:
        W32dtLastDisposition = Stack->Parameters.Create.Options >> 24;
        W32dtLastOptions = Stack->Parameters.Create.Options & 0x00FFFFFF;
        InterlockedIncrement(&W32dtCreates);
        break;
    case IRP_MJ_CLEANUP: {
        /* The WDK's rule: complete the file's queued requests at cleanup. */
        PIRP Pended;
        while ((Pended = W32dtTakePended(Stack->FileObject)) != NULL)
            W32dtComplete(Pended, STATUS_CANCELLED, 0);
        InterlockedIncrement(&W32dtCleanups);
        break;
    }
    default:
        InterlockedIncrement(&W32dtCloses);
        break;
    }
    return W32dtComplete(Irp, STATUS_SUCCESS, 0);
}

static NTSTATUS W32dtReadWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    PUCHAR Buffer = Irp->AssociatedIrp.SystemBuffer;
    ULONG Length = Stack->Parameters.Read.Length, i;
    LONGLONG Offset = Stack->Parameters.Read.ByteOffset.QuadPart;

    UNREFERENCED_PARAMETER(DeviceObject);
    if (Stack->MajorFunction == IRP_MJ_READ) {
        if (Offset >= (LONGLONG)W32DT_PEND_OFFSET)
            return W32dtPend(Irp);
        for (i = 0; i < Length; i++)
            Buffer[i] = (UCHAR)(Offset + i);
        return W32dtComplete(Irp, STATUS_SUCCESS, Length);
    }
    W32dtLastWriteLength = Length;
    W32dtLastWriteOffset = (ULONGLONG)Offset;
    RtlCopyMemory(W32dtLastWrite, Buffer, Length < sizeof(W32dtLastWrite) ? Length : sizeof(W32dtLastWrite));
    return W32dtComplete(Irp, STATUS_SUCCESS, Length);
}

static NTSTATUS W32dtDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG In = Stack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG Out = Stack->Parameters.DeviceIoControl.OutputBufferLength;
    PUCHAR System = Irp->AssociatedIrp.SystemBuffer;
    ULONG i;

    UNREFERENCED_PARAMETER(DeviceObject);
    switch (Stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_W32DT_BUFFERED:
        if (Out < In)
            return W32dtComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        for (i = 0; i < In; i++)
            System[i] = (UCHAR)(System[i] + 1);
        return W32dtComplete(Irp, STATUS_SUCCESS, In);

    case IOCTL_W32DT_IN_DIRECT:
    case IOCTL_W32DT_OUT_DIRECT: {
        PUCHAR Data;
        if (In == 0 || Irp->MdlAddress == NULL)
            return W32dtComplete(Irp, STATUS_INVALID_PARAMETER, 0);
        Data = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority);
        if (Data == NULL)
            return W32dtComplete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
        for (i = 0; i < Out; i++)
            Data[i] = (UCHAR)(System[i % In] ^ 0x5A);
        return W32dtComplete(Irp, STATUS_SUCCESS, Out);
    }

    case IOCTL_W32DT_NEITHER: {
        PUCHAR Input = Stack->Parameters.DeviceIoControl.Type3InputBuffer;
        PUCHAR Output = Irp->UserBuffer;
        NTSTATUS Status = STATUS_SUCCESS;
        if (In == 0)
            return W32dtComplete(Irp, STATUS_INVALID_PARAMETER, 0);
        __try {
            if (Irp->RequestorMode != KernelMode) {
                ProbeForRead(Input, In, 1);
                ProbeForWrite(Output, Out, 1);
            }
            for (i = 0; i < Out; i++)
                Output[i] = (UCHAR)~Input[i % In];
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Status = GetExceptionCode();
        }
        return W32dtComplete(Irp, Status, NT_SUCCESS(Status) ? Out : 0);
    }

    case IOCTL_W32DT_OVERFLOW:
        for (i = 0; i < Out; i++)
            System[i] = 0xA5;
        return W32dtComplete(Irp, STATUS_BUFFER_OVERFLOW, Out);

    case IOCTL_W32DT_TOO_SMALL:
        return W32dtComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);

    case IOCTL_W32DT_PEND:
        return W32dtPend(Irp);

    case IOCTL_W32DT_COMPLETE_ONE: {
        PIRP Pended;
        if (In < sizeof(ULONG))
            return W32dtComplete(Irp, STATUS_INVALID_PARAMETER, 0);
        Pended = W32dtTakePended(NULL);
        if (Pended == NULL)
            return W32dtComplete(Irp, STATUS_NOT_FOUND, 0);
        W32dtFinishPended(Pended, *(PULONG)System);
        return W32dtComplete(Irp, STATUS_SUCCESS, 0);
    }

    case IOCTL_W32DT_NEED_WRITE:
        return W32dtComplete(Irp, STATUS_SUCCESS, 0);

    case IOCTL_W32DT_PENDING_COUNT:
        if (Out < sizeof(ULONG))
            return W32dtComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        {
            KIRQL Irql;
            KeAcquireSpinLock(&W32dtLock, &Irql);
            *(PULONG)System = (ULONG)W32dtPendingCount;
            KeReleaseSpinLock(&W32dtLock, Irql);
        }
        return W32dtComplete(Irp, STATUS_SUCCESS, sizeof(ULONG));

    default:
        return W32dtComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

static VOID W32dtUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING Link = RTL_CONSTANT_STRING(L"\\DosDevices\\W32DevioTest");

    IoDeleteSymbolicLink(&Link);
    IoDeleteDevice(DriverObject->DeviceObject);
}

NTSTATUS W32dtDriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\Device\\W32DevioTest");
    UNICODE_STRING Link = RTL_CONSTANT_STRING(L"\\DosDevices\\W32DevioTest");
    PDEVICE_OBJECT Device;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(RegistryPath);
    KeInitializeSpinLock(&W32dtLock);
    InitializeListHead(&W32dtPending);
    Status = IoCreateDevice(DriverObject, 0, &Name, FILE_DEVICE_UNKNOWN, 0, FALSE, &Device);
    if (!NT_SUCCESS(Status))
        return Status;
    Device->Flags |= DO_BUFFERED_IO;
    Status = IoCreateSymbolicLink(&Link, &Name);
    if (!NT_SUCCESS(Status)) {
        IoDeleteDevice(Device);
        return Status;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = W32dtCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = W32dtCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = W32dtCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ] = W32dtReadWrite;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = W32dtReadWrite;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = W32dtDeviceControl;
    DriverObject->DriverUnload = W32dtUnload;
    return STATUS_SUCCESS;
}
