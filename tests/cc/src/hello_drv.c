/* PURPOSE: toolchain test driver: creates \Device\CcHello and \DosDevices\CcHello, says
   when DriverEntry and DriverUnload run. Includes with a wrong case and a backslash, as
   Windows sources do. */
#include <NTDDK.H>
#include "Inc\CC_Shared.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD HelloUnload;

static UNICODE_STRING HelloDevice = RTL_CONSTANT_STRING(L"\\Device\\CcHello");
static UNICODE_STRING HelloLink = RTL_CONSTANT_STRING(L"\\DosDevices\\CcHello");

VOID HelloUnload(PDRIVER_OBJECT DriverObject)
{
    IoDeleteSymbolicLink(&HelloLink);
    IoDeleteDevice(DriverObject->DeviceObject);
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "hello: DriverUnload %wZ\n",
               &DriverObject->DriverName);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PDEVICE_OBJECT device;
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, 0, &HelloDevice, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status))
        return status;
    status = IoCreateSymbolicLink(&HelloLink, &HelloDevice);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
               "hello: DriverEntry %wZ %wZ cpus=%u from " CC_GREETING "\n",
               &DriverObject->DriverName, RegistryPath, (unsigned)KeNumberProcessors);
    DriverObject->DriverUnload = HelloUnload;
    return STATUS_SUCCESS;
}
