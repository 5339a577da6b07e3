/* PURPOSE: toolchain test driver for kmode run --verifier: allocates pool in DriverEntry and
   never frees it (pool tracking reports it at unload, 0xC4/0x62). */
#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LeakUnload;

VOID LeakUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PVOID block;

    UNREFERENCED_PARAMETER(RegistryPath);
    block = ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, 'kaeL');
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "leak: DriverEntry %s\n",
               block != NULL ? "allocated" : "out of memory");
    DriverObject->DriverUnload = LeakUnload;
    return STATUS_SUCCESS;
}
