/*
 * PURPOSE: test-loader's basic driver: records DriverEntry's arguments and its unload, and
 * how its own symbols bind. Includes with a backslash and a case mismatch, as Windows
 * sources do (the include shim of kmode-cc, used by kmode_add_driver).
 */
#include <NTDDK.h>
#include "..\INC\Ldr_Test.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LdrBasicUnload;

int LdrBasicData = 42;

/* RegistryPath is valid only during DriverEntry (the WDK says so): drivers copy it. */
static WCHAR LdrBasicRegistryPath[256];

/* Same name as a function of test-loader: this one must be called. */
int LdrTestShadowed(void)
{
    return 2;
}

VOID LdrBasicUnload(PDRIVER_OBJECT DriverObject)
{
    LdrTestRecord("unload", DriverObject, PsGetCurrentThread(), KeGetCurrentIrql());
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    LdrTestRecord("entry", DriverObject, RegistryPath, KeGetCurrentIrql());
    if (RegistryPath->Length < sizeof(LdrBasicRegistryPath)) {
        RtlCopyMemory(LdrBasicRegistryPath, RegistryPath->Buffer, RegistryPath->Length);
        LdrBasicRegistryPath[RegistryPath->Length / sizeof(WCHAR)] = L'\0';
        LdrTestRecord("registry-path", LdrBasicRegistryPath,
                      (PVOID)(ULONG_PTR)RegistryPath->Buffer[RegistryPath->Length / sizeof(WCHAR)],
                      RegistryPath->Length);
    }
    LdrTestRecord("data", &LdrBasicData, (PVOID)(ULONG_PTR)LdrTestShadowed(), LdrBasicData);
    LdrTestRecord("process", PsGetCurrentProcess(), PsInitialSystemProcess, 0);
    LdrTestRecord("thread", PsGetCurrentThread(), NULL, 0);
    DriverObject->DriverUnload = LdrBasicUnload;
    return STATUS_SUCCESS;
}
