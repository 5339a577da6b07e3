/*
 * PURPOSE: A deliberately buggy driver image for the end-to-end bugcheck test
 * (tests/bugs/CMakeLists.txt): its IOCTL handler waits for an event while holding a spin
 * lock, which is bugcheck 0xA IRQL_NOT_LESS_OR_EQUAL. Run by `kmode run --crash-dump`,
 * it checks the exit status 188, the report's faulting driver image, and the JSON dump.
 */
#include <ntddk.h>

#define IOCTL_BUGSYS_WAIT CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)

static KSPIN_LOCK BugSysLock;
static KEVENT BugSysEvent;

static NTSTATUS BugSysCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS BugSysDispatchIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    KIRQL OldIrql;

    UNREFERENCED_PARAMETER(DeviceObject);
    KeAcquireSpinLock(&BugSysLock, &OldIrql);
    /* BUG: a wait at DISPATCH_LEVEL (the spin lock raised the IRQL). */
    KeWaitForSingleObject(&BugSysEvent, Executive, KernelMode, FALSE, NULL);
    KeReleaseSpinLock(&BugSysLock, OldIrql);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static VOID BugSysUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING Link = RTL_CONSTANT_STRING(L"\\DosDevices\\KmBugSys");

    IoDeleteSymbolicLink(&Link);
    IoDeleteDevice(DriverObject->DeviceObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\Device\\KmBugSys");
    UNICODE_STRING Link = RTL_CONSTANT_STRING(L"\\DosDevices\\KmBugSys");
    PDEVICE_OBJECT Device;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(RegistryPath);
    KeInitializeSpinLock(&BugSysLock);
    KeInitializeEvent(&BugSysEvent, NotificationEvent, FALSE);
    Status = IoCreateDevice(DriverObject, 0, &Name, FILE_DEVICE_UNKNOWN, 0, FALSE, &Device);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = IoCreateSymbolicLink(&Link, &Name);
    if (!NT_SUCCESS(Status)) {
        IoDeleteDevice(Device);
        return Status;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = BugSysCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = BugSysCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = BugSysDispatchIoctl;
    DriverObject->DriverUnload = BugSysUnload;
    Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
