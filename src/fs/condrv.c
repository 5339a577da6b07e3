/*
 * PURPOSE: The console driver: \Driver\ConDrv with the device \Device\ConDrv, whose files
 * \Input, \Output and \Error are the process's standard input, output and error (Linux
 * descriptors 0, 1, 2). GetStdHandle's handles and CreateFile("CONOUT$") open it, so an
 * app's WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), ...) is an IRP_MJ_WRITE like any other
 * (a filter could see it) and lands on fd 1 in order with printf.
 */

/* INCLUDES ******************************************************************************/

#include <ntifs.h>
#include <internal/fs.h>
#include <internal/host.h>
#include <internal/io.h>
#include <pthread.h>

/* GLOBALS *******************************************************************************/

static PDEVICE_OBJECT ConDrvDevice;
static pthread_once_t ConDrvOnce = PTHREAD_ONCE_INIT;

/* FsContext2 of a console file: the descriptor + 1 (0 is "none"). */
#define CONDRV_CONTEXT(Fd) ((PVOID)(ULONG_PTR)((Fd) + 1))

/* PRIVATE FUNCTIONS *********************************************************************/

static NTSTATUS ConDrvpComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static NTSTATUS NTAPI ConDrvpDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    PFILE_OBJECT FileObject = Stack->FileObject;
    int Fd = (int)(ULONG_PTR)FileObject->FsContext2 - 1;
    ULONG Length, Done = 0;
    PVOID Buffer;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(DeviceObject);
    switch (Stack->MajorFunction) {
    case IRP_MJ_CREATE: {
        static const PCWSTR Names[] = { L"\\Input", L"\\Output", L"\\Error" };
        for (int i = 0; i < 3; i++) {
            UNICODE_STRING Name;
            RtlInitUnicodeString(&Name, Names[i]);
            if (RtlEqualUnicodeString(&FileObject->FileName, &Name, TRUE)) {
                FileObject->FsContext2 = CONDRV_CONTEXT(i);
                return ConDrvpComplete(Irp, STATUS_SUCCESS, FILE_OPENED);
            }
        }
        return ConDrvpComplete(Irp, STATUS_OBJECT_NAME_NOT_FOUND, 0);
    }
    case IRP_MJ_CLEANUP:
    case IRP_MJ_CLOSE:
        return ConDrvpComplete(Irp, STATUS_SUCCESS, 0);
    case IRP_MJ_READ:
    case IRP_MJ_WRITE:
        /* Input is read, output and error are written; the offset means nothing. */
        if ((Stack->MajorFunction == IRP_MJ_READ) != (Fd == 0))
            return ConDrvpComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
        Length = Stack->Parameters.Read.Length;
        if (Length == 0)
            return ConDrvpComplete(Irp, STATUS_SUCCESS, 0);
        Buffer = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority);
        if (Buffer == NULL)
            return ConDrvpComplete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
        Status = Fd == 0 ? HostStdRead(Buffer, Length, &Done) : HostStdWrite(Fd, Buffer, Length, &Done);
        if (NT_SUCCESS(Status) && Fd == 0 && Done == 0)
            Status = STATUS_END_OF_FILE;   /* ReadFile: success with 0 bytes */
        return ConDrvpComplete(Irp, Status, Done);
    case IRP_MJ_FLUSH_BUFFERS:
        HostStdFlush(Fd);
        return ConDrvpComplete(Irp, STATUS_SUCCESS, 0);
    default:
        return ConDrvpComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

static NTSTATUS NTAPI ConDrvpDriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(CONDRV_DEVICE_NAME);
    PDEVICE_OBJECT Device;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(RegistryPath);
    Status = IoCreateDevice(DriverObject, 0, &Name, FILE_DEVICE_CONSOLE, 0, FALSE, &Device);
    if (!NT_SUCCESS(Status))
        return Status;
    Device->Flags |= DO_DIRECT_IO;
    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = ConDrvpDispatch;
    ConDrvDevice = Device;
    return STATUS_SUCCESS;
}

static void ConDrvpInitialize(void)
{
    UNICODE_STRING Driver = RTL_CONSTANT_STRING(L"\\Driver\\ConDrv");
    PDRIVER_OBJECT DriverObject;
    NTSTATUS Status = IopCreateDriver(&Driver, ConDrvpDriverEntry, NULL, NULL, 0, NULL, &DriverObject);

    if (!NT_SUCCESS(Status))
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, (ULONG_PTR)Status, 0x434E, 0, 0);
}

__attribute__((constructor)) static void ConDrvpInitializeAtLoad(void)
{
    FsInitializeConsole();
}

/* PUBLIC FUNCTIONS (internal) ***********************************************************/

VOID FsInitializeConsole(VOID)
{
    pthread_once(&ConDrvOnce, ConDrvpInitialize);
}

int FsConsoleDescriptor(PFILE_OBJECT FileObject)
{
    FsInitializeConsole();
    if (FileObject->DeviceObject != ConDrvDevice || FileObject->FsContext2 == NULL)
        return -1;
    return (int)(ULONG_PTR)FileObject->FsContext2 - 1;
}
