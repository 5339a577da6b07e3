/*
 * PURPOSE: Runtime-mode side of the tests/io harness (io_driver_harness.h): loads test
 * drivers through IopCreateDriver as the loader does and exposes internal state to the
 * driver-mode tests.
 */
#include <internal/io.h>
#include <internal/ob.h>
#include <string.h>
#include "io_driver_harness.h"

static VOID NTAPI HarnessUnload(PDRIVER_OBJECT Driver)
{
    UNREFERENCED_PARAMETER(Driver);
}

static NTSTATUS NTAPI HarnessEntry(PDRIVER_OBJECT Driver, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    Driver->DriverUnload = HarnessUnload;
    return STATUS_SUCCESS;
}

NTSTATUS IoTestLoadDriver(PCWSTR Name, PDRIVER_INITIALIZE Init, PDRIVER_OBJECT *Driver)
{
    static const WCHAR ServicesPrefix[] =
        L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\";
    WCHAR DriverBuffer[128], KeyBuffer[160];
    UNICODE_STRING DriverName, KeyName;
    SIZE_T n = 0;

    while (Name[n] != 0)
        n++;
    memcpy(DriverBuffer, L"\\Driver\\", 8 * sizeof(WCHAR));
    memcpy(DriverBuffer + 8, Name, (n + 1) * sizeof(WCHAR));
    memcpy(KeyBuffer, ServicesPrefix, sizeof(ServicesPrefix) - sizeof(WCHAR));
    memcpy(KeyBuffer + RTL_NUMBER_OF(ServicesPrefix) - 1, Name, (n + 1) * sizeof(WCHAR));
    RtlInitUnicodeString(&DriverName, DriverBuffer);
    RtlInitUnicodeString(&KeyName, KeyBuffer);
    return IopCreateDriver(&DriverName, Init != NULL ? Init : HarnessEntry, &KeyName, NULL, 0,
                           NULL, Driver);
}

NTSTATUS IoTestUnloadDriver(PDRIVER_OBJECT Driver)
{
    return IopUnloadDriver(Driver);
}

LONG_PTR IoTestPointerCount(PVOID Object)
{
    return ObpGetPointerCount(Object);
}

LONG IoTestDeviceObjectCount(VOID)
{
    return __atomic_load_n(&(*IoDeviceObjectType)->TotalNumberOfObjects, __ATOMIC_SEQ_CST);
}

LONG IoTestDriverObjectCount(VOID)
{
    return __atomic_load_n(&(*IoDriverObjectType)->TotalNumberOfObjects, __ATOMIC_SEQ_CST);
}

VOID IoTestFlushDeferredDeletes(VOID)
{
    ObpFlushDeferredDeletes();
}

ULONG IoTestExtensionFlags(PDEVICE_OBJECT Device)
{
    return IopGetDevObjExtension(Device)->ExtensionFlags;
}

PDEVICE_OBJECT IoTestAttachedTo(PDEVICE_OBJECT Device)
{
    return IopGetDevObjExtension(Device)->AttachedTo;
}

NTSTATUS IoTestReferenceDeviceOpen(PDEVICE_OBJECT Device)
{
    return IopReferenceDeviceOpen(Device);
}

VOID IoTestDereferenceDeviceOpen(PDEVICE_OBJECT Device)
{
    IopDereferenceDeviceOpen(Device);
}

NTSTATUS IoTestCheckDeviceAccess(PDEVICE_OBJECT Device, ACCESS_MASK Desired, KPROCESSOR_MODE Mode,
                                 PACCESS_MASK Granted)
{
    return IopCheckDeviceAccess(Device, Desired, Mode, Granted);
}

VOID IoTestRunTimerTick(VOID)
{
    IopRunTimerTickForTest();
}

BOOLEAN IoTestIsDefaultDispatch(PDRIVER_DISPATCH Routine)
{
    return Routine == IopInvalidDeviceRequest;
}
