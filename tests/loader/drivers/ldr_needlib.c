/* PURPOSE: test-loader's driver that needs a shared library the process cannot find. */
#include <ntddk.h>

int LdrGhostValue(void);

DRIVER_INITIALIZE DriverEntry;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    return LdrGhostValue() ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}
