/* PURPOSE: toolchain test driver: says when DriverEntry and DriverUnload run. Includes with
   a wrong case and a backslash, as Windows sources do. */
#include <NTDDK.H>
#include "Inc\CC_Shared.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD HelloUnload;

VOID HelloUnload(PDRIVER_OBJECT DriverObject)
{
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "hello: DriverUnload %wZ\n",
               &DriverObject->DriverName);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
               "hello: DriverEntry %wZ %wZ cpus=%u from " CC_GREETING "\n",
               &DriverObject->DriverName, RegistryPath, (unsigned)KeNumberProcessors);
    DriverObject->DriverUnload = HelloUnload;
    return STATUS_SUCCESS;
}
