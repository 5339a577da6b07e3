/*
 * PURPOSE: KmIoctl, a legacy (non-PnP) WDM driver: one named device with a DOS link, I/O
 *          control codes with each of the four transfer methods (buffered, in-direct,
 *          out-direct, neither) and buffered reads and writes through a small FIFO.
 *          Written for kmode's samples; builds with the WDK as well.
 */

/* INCLUDES *******************************************************************************/

#include <ntddk.h>
#include "public.h"

/* GLOBALS ********************************************************************************/

#define KMIOCTL_TAG 'tcIK'      /* shows as "KIct" in pool dumps */

/* DbgPrintEx output of this driver: IHVDRIVER component, info level (hidden unless the
   Debug Print Filter lets it through: KMODE_DEBUG_PRINT_FILTER=IHVDRIVER=0xF on kmode). */
#define KmIoctlTrace(...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, __VA_ARGS__)

typedef struct _KMIOCTL_EXTENSION {
    KSPIN_LOCK Lock;                    /* guards everything below */
    ULONG Sequence;
    ULONG StoreLength;                  /* bytes of Store written so far (high-water mark) */
    ULONG FifoHead;
    ULONG FifoCount;
    KMIOCTL_STATISTICS Stats;
    UCHAR Store[KMIOCTL_STORE_SIZE];
    UCHAR Fifo[KMIOCTL_FIFO_SIZE];
} KMIOCTL_EXTENSION, *PKMIOCTL_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD KmIoctlUnload;
static DRIVER_DISPATCH KmIoctlCreateClose;
static DRIVER_DISPATCH KmIoctlReadWrite;
static DRIVER_DISPATCH KmIoctlDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KmIoctlUnload)
#pragma alloc_text(PAGE, KmIoctlCreateClose)
/* Not KmIoctlDeviceControl: it takes a spin lock (directly or in a helper the compiler may
   inline), and code running at DISPATCH_LEVEL must not be pageable. */
#endif

/* PRIVATE FUNCTIONS **********************************************************************/

static const char *
KmIoctlMethodName(ULONG IoControlCode)
{
    static const char *const Names[] = {
        "METHOD_BUFFERED", "METHOD_IN_DIRECT", "METHOD_OUT_DIRECT", "METHOD_NEITHER"
    };
    return Names[METHOD_FROM_CTL_CODE(IoControlCode)];
}

static NTSTATUS
KmIoctlComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

/* METHOD_BUFFERED: input and output share Irp->AssociatedIrp.SystemBuffer. Everything is
   read from it before anything is written to it. */
static NTSTATUS
KmIoctlBuffered(PKMIOCTL_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION Stack, PULONG_PTR Info)
{
    ULONG inLength = Stack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLength = Stack->Parameters.DeviceIoControl.OutputBufferLength;
    PCHAR buffer = Irp->AssociatedIrp.SystemBuffer;
    KMIOCTL_REPLY reply;
    KIRQL irql;
    ULONG i;

    if (inLength > KMIOCTL_MAX_TEXT)
        return STATUS_INVALID_PARAMETER;
    if (outLength < sizeof(KMIOCTL_REPLY))
        return STATUS_BUFFER_TOO_SMALL;

    RtlZeroMemory(&reply, sizeof(reply));
    for (i = 0; i < inLength; i++) {
        CHAR c = buffer[i];
        reply.Text[i] = (c >= 'a' && c <= 'z') ? (CHAR)(c - 'a' + 'A') : c;
    }
    reply.InputLength = inLength;
    KeAcquireSpinLock(&Ext->Lock, &irql);
    reply.Sequence = ++Ext->Sequence;
    KeReleaseSpinLock(&Ext->Lock, irql);

    RtlCopyMemory(buffer, &reply, sizeof(reply));
    KmIoctlTrace("KmIoctl: METHOD_BUFFERED: %lu bytes in, reply %lu (\"%s\")\n",
                 inLength, reply.Sequence, reply.Text);
    *Info = sizeof(reply);
    return STATUS_SUCCESS;
}

/* METHOD_IN_DIRECT: the request (offset) is in the system buffer, the data to store in
   the caller's second buffer, locked for reading and described by Irp->MdlAddress. */
static NTSTATUS
KmIoctlSetData(PKMIOCTL_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION Stack, PULONG_PTR Info)
{
    PKMIOCTL_DATA_REQUEST request = Irp->AssociatedIrp.SystemBuffer;
    ULONG length = Stack->Parameters.DeviceIoControl.OutputBufferLength;
    ULONG offset, copied;
    PUCHAR data;
    KIRQL irql;

    if (Stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(KMIOCTL_DATA_REQUEST))
        return STATUS_INVALID_PARAMETER;
    offset = request->Offset;
    if (offset >= KMIOCTL_STORE_SIZE || Irp->MdlAddress == NULL)
        return STATUS_INVALID_PARAMETER;

    data = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
    if (data == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;

    copied = min(length, KMIOCTL_STORE_SIZE - offset);
    KeAcquireSpinLock(&Ext->Lock, &irql);
    RtlCopyMemory(Ext->Store + offset, data, copied);
    Ext->StoreLength = max(Ext->StoreLength, offset + copied);
    KeReleaseSpinLock(&Ext->Lock, irql);

    KmIoctlTrace("KmIoctl: METHOD_IN_DIRECT: stored %lu of %lu bytes at offset %lu\n",
                 copied, length, offset);
    *Info = copied;
    return STATUS_SUCCESS;
}

/* METHOD_OUT_DIRECT: the offset in the system buffer; the output goes straight into the
   caller's buffer through the MDL (locked for writing). */
static NTSTATUS
KmIoctlGetData(PKMIOCTL_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION Stack, PULONG_PTR Info)
{
    PKMIOCTL_DATA_REQUEST request = Irp->AssociatedIrp.SystemBuffer;
    ULONG length = Stack->Parameters.DeviceIoControl.OutputBufferLength;
    ULONG offset, available, copied;
    NTSTATUS status = STATUS_SUCCESS;
    PUCHAR data;
    KIRQL irql;

    if (Stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(KMIOCTL_DATA_REQUEST))
        return STATUS_INVALID_PARAMETER;
    offset = request->Offset;
    if (offset >= KMIOCTL_STORE_SIZE)
        return STATUS_INVALID_PARAMETER;
    if (length == 0 || Irp->MdlAddress == NULL)
        return STATUS_BUFFER_TOO_SMALL;

    data = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
    if (data == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;

    KeAcquireSpinLock(&Ext->Lock, &irql);
    available = Ext->StoreLength > offset ? Ext->StoreLength - offset : 0;
    copied = min(length, available);
    RtlCopyMemory(data, Ext->Store + offset, copied);
    KeReleaseSpinLock(&Ext->Lock, irql);

    /* A warning, not an error: the bytes copied still reach the caller. */
    if (copied < available)
        status = STATUS_BUFFER_OVERFLOW;
    KmIoctlTrace("KmIoctl: METHOD_OUT_DIRECT: %lu of %lu bytes from offset %lu\n",
                 copied, available, offset);
    *Info = copied;
    return status;
}

/* METHOD_NEITHER: Type3InputBuffer and UserBuffer are the app's own pointers, valid only in
   its context (this dispatch routine runs in it: nothing below us pends the request) and
   not checked by the I/O manager. Probe them and touch them only inside __try. */
static NTSTATUS
KmIoctlNeither(PIRP Irp, PIO_STACK_LOCATION Stack, PULONG_PTR Info)
{
    PVOID input = Stack->Parameters.DeviceIoControl.Type3InputBuffer;
    PVOID output = Irp->UserBuffer;
    ULONG inLength = Stack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLength = Stack->Parameters.DeviceIoControl.OutputBufferLength;
    CHAR text[KMIOCTL_MAX_TEXT];
    NTSTATUS status = STATUS_SUCCESS;
    ULONG i;

    if (inLength > KMIOCTL_MAX_TEXT)
        return STATUS_INVALID_PARAMETER;
    if (outLength < inLength)
        return STATUS_BUFFER_TOO_SMALL;

    __try {
        if (Irp->RequestorMode != KernelMode) {
            ProbeForRead(input, inLength, sizeof(UCHAR));
            ProbeForWrite(output, inLength, sizeof(UCHAR));
        }
        /* Capture first: the app could change its buffer while we work on it. */
        RtlCopyMemory(text, input, inLength);
        for (i = 0; i < inLength; i++)
            ((PCHAR)output)[i] = text[inLength - 1 - i];
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    if (!NT_SUCCESS(status)) {
        KmIoctlTrace("KmIoctl: METHOD_NEITHER: bad user buffer (input %p, output %p): 0x%08lX\n",
                     input, output, status);
        return status;
    }
    KmIoctlTrace("KmIoctl: METHOD_NEITHER: reversed %lu bytes\n", inLength);
    *Info = inLength;
    return STATUS_SUCCESS;
}

/* DISPATCH ROUTINES **********************************************************************/

static NTSTATUS
KmIoctlCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKMIOCTL_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);

    PAGED_CODE();
    switch (stack->MajorFunction) {
    case IRP_MJ_CREATE:
        InterlockedIncrement((PLONG)&ext->Stats.Creates);
        KmIoctlTrace("KmIoctl: IRP_MJ_CREATE\n");
        break;
    case IRP_MJ_CLEANUP:
        InterlockedIncrement((PLONG)&ext->Stats.Cleanups);
        KmIoctlTrace("KmIoctl: IRP_MJ_CLEANUP\n");
        break;
    default:
        InterlockedIncrement((PLONG)&ext->Stats.Closes);
        KmIoctlTrace("KmIoctl: IRP_MJ_CLOSE\n");
        break;
    }
    return KmIoctlComplete(Irp, STATUS_SUCCESS, 0);
}

/* Reads and writes go through the FIFO. The device is DO_BUFFERED_IO, so the data is in
   the system buffer: a write takes what fits (a short write when the FIFO fills up), a read
   drains what is there (0 bytes when it is empty). */
static NTSTATUS
KmIoctlReadWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKMIOCTL_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PUCHAR buffer = Irp->AssociatedIrp.SystemBuffer;
    ULONG length, done, i;
    KIRQL irql;

    KeAcquireSpinLock(&ext->Lock, &irql);
    if (stack->MajorFunction == IRP_MJ_WRITE) {
        length = stack->Parameters.Write.Length;
        done = min(length, KMIOCTL_FIFO_SIZE - ext->FifoCount);
        for (i = 0; i < done; i++)
            ext->Fifo[(ext->FifoHead + ext->FifoCount + i) % KMIOCTL_FIFO_SIZE] = buffer[i];
        ext->FifoCount += done;
        ext->Stats.Writes++;
        ext->Stats.BytesWritten += done;
    } else {
        length = stack->Parameters.Read.Length;
        done = min(length, ext->FifoCount);
        for (i = 0; i < done; i++)
            buffer[i] = ext->Fifo[(ext->FifoHead + i) % KMIOCTL_FIFO_SIZE];
        ext->FifoHead = (ext->FifoHead + done) % KMIOCTL_FIFO_SIZE;
        ext->FifoCount -= done;
        ext->Stats.Reads++;
        ext->Stats.BytesRead += done;
    }
    KeReleaseSpinLock(&ext->Lock, irql);

    KmIoctlTrace("KmIoctl: %s: %lu of %lu bytes\n",
                 stack->MajorFunction == IRP_MJ_WRITE ? "IRP_MJ_WRITE" : "IRP_MJ_READ", done, length);
    return KmIoctlComplete(Irp, STATUS_SUCCESS, done);
}

static NTSTATUS
KmIoctlDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKMIOCTL_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG code = stack->Parameters.DeviceIoControl.IoControlCode;
    ULONG_PTR info = 0;
    NTSTATUS status;
    KIRQL irql;

    InterlockedIncrement((PLONG)&ext->Stats.DeviceControls);
    KmIoctlTrace("KmIoctl: IRP_MJ_DEVICE_CONTROL 0x%08lX (%s), in %lu, out %lu\n", code,
                 KmIoctlMethodName(code), stack->Parameters.DeviceIoControl.InputBufferLength,
                 stack->Parameters.DeviceIoControl.OutputBufferLength);

    switch (code) {
    case IOCTL_KMIOCTL_BUFFERED:
        status = KmIoctlBuffered(ext, Irp, stack, &info);
        break;
    case IOCTL_KMIOCTL_SET_DATA:
        status = KmIoctlSetData(ext, Irp, stack, &info);
        break;
    case IOCTL_KMIOCTL_GET_DATA:
        status = KmIoctlGetData(ext, Irp, stack, &info);
        break;
    case IOCTL_KMIOCTL_NEITHER:
        status = KmIoctlNeither(Irp, stack, &info);
        break;
    case IOCTL_KMIOCTL_GET_STATISTICS:
        if (stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(KMIOCTL_STATISTICS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        KeAcquireSpinLock(&ext->Lock, &irql);
        RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &ext->Stats, sizeof(KMIOCTL_STATISTICS));
        KeReleaseSpinLock(&ext->Lock, irql);
        info = sizeof(KMIOCTL_STATISTICS);
        status = STATUS_SUCCESS;
        break;
    default:
        KmIoctlTrace("KmIoctl: unknown I/O control code 0x%08lX\n", code);
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    return KmIoctlComplete(Irp, status, info);
}

static VOID
KmIoctlUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(KMIOCTL_LINK_NAME);

    PAGED_CODE();
    KmIoctlTrace("KmIoctl: DriverUnload\n");
    IoDeleteSymbolicLink(&link);
    if (DriverObject->DeviceObject != NULL)
        IoDeleteDevice(DriverObject->DeviceObject);
}

/* PUBLIC FUNCTIONS ***********************************************************************/

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(KMIOCTL_DEVICE_NAME);
    UNICODE_STRING link = RTL_CONSTANT_STRING(KMIOCTL_LINK_NAME);
    PDEVICE_OBJECT device;
    PKMIOCTL_EXTENSION ext;
    NTSTATUS status;

    KmIoctlTrace("KmIoctl: DriverEntry (%wZ)\n", RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(KMIOCTL_EXTENSION), &name, FILE_DEVICE_KMIOCTL,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
                   "KmIoctl: IoCreateDevice failed: 0x%08lX\n", status);
        return status;
    }
    ext = device->DeviceExtension;
    KeInitializeSpinLock(&ext->Lock);
    /* ReadFile/WriteFile data arrives in a system buffer. */
    device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
                   "KmIoctl: IoCreateSymbolicLink failed: 0x%08lX\n", status);
        IoDeleteDevice(device);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = KmIoctlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = KmIoctlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = KmIoctlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ] = KmIoctlReadWrite;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = KmIoctlReadWrite;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = KmIoctlDeviceControl;
    DriverObject->DriverUnload = KmIoctlUnload;

    /* A legacy driver's devices are ready when DriverEntry returns (the I/O manager clears
       DO_DEVICE_INITIALIZING for them); clearing it here is what the WDK recommends. */
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
