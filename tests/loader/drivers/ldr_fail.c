/*
 * PURPOSE: test-loader's driver whose DriverEntry fails with the status named in its
 * service key's "FailWith" value (STATUS_UNSUCCESSFUL without one); it has a DriverUnload,
 * which must not run.
 */
#include <ntddk.h>
#include "..\inc\ldr_test.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LdrFailUnload;

VOID LdrFailUnload(PDRIVER_OBJECT DriverObject)
{
    LdrTestRecord("fail-unload", DriverObject, NULL, 0);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    ULONG failWith = (ULONG)STATUS_UNSUCCESSFUL;
    RTL_QUERY_REGISTRY_TABLE table[2];

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[0].Name = L"FailWith";
    table[0].EntryContext = &failWith;
    RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer, table, NULL, NULL);
    DriverObject->DriverUnload = LdrFailUnload;
    LdrTestRecord("fail-entry", DriverObject, RegistryPath, (long)failWith);
    return (NTSTATUS)failWith;
}
