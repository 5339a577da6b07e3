/* PURPOSE: toolchain test: a driver built from two sources (this one has DriverEntry). */
#include <ntddk.h>

ULONG TwoHelper(VOID);
DRIVER_INITIALIZE DriverEntry;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "two: helper says %lu\n",
               (unsigned long)TwoHelper());
    return STATUS_SUCCESS;
}
