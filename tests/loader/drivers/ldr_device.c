/*
 * PURPOSE: test-loader's driver with a device object: how long its image stays mapped.
 * The service key's "Mode" value: 0 = DriverUnload deletes the device; 1 = DriverUnload
 * leaves it behind; 2 = DriverEntry fails after creating it (and leaves it).
 */
#include <ntddk.h>
#include "..\inc\ldr_test.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LdrDeviceUnload;

static ULONG LdrDeviceMode;

VOID LdrDeviceUnload(PDRIVER_OBJECT DriverObject)
{
    LdrTestRecord("device-unload", DriverObject, DriverObject->DeviceObject, 0);
    if (LdrDeviceMode == 0)
        IoDeleteDevice(DriverObject->DeviceObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\LdrDevice");
    RTL_QUERY_REGISTRY_TABLE table[2];
    PDEVICE_OBJECT device;
    NTSTATUS status;

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[0].Name = L"Mode";
    table[0].EntryContext = &LdrDeviceMode;
    RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer, table, NULL, NULL);

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &device);
    if (!NT_SUCCESS(status))
        return status;
    DriverObject->DriverUnload = LdrDeviceUnload;
    LdrTestRecord("device-entry", DriverObject, device, (long)LdrDeviceMode);
    return LdrDeviceMode == 2 ? STATUS_DEVICE_NOT_READY : STATUS_SUCCESS;
}
