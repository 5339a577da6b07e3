/* PURPOSE: toolchain test driver importing a routine kmode does not provide. */
#include <ntddk.h>

NTKERNELAPI NTSTATUS NTAPI IoKmodeNotThere(PDRIVER_OBJECT DriverObject);
DRIVER_INITIALIZE DriverEntry;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    return IoKmodeNotThere(DriverObject);
}
