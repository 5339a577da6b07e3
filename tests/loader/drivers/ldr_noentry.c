/* PURPOSE: test-loader's image without a DriverEntry (a C++ driver that forgot extern "C"
   looks like this). */
#include <ntddk.h>

NTSTATUS NotTheEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath);

NTSTATUS NotTheEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    return STATUS_SUCCESS;
}
