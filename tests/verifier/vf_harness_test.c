/*
 * PURPOSE: Runtime-mode side of the verifier tests' harness (vf_harness.h).
 */
#include <internal/io.h>
#include <internal/ob.h>
#include <internal/vfhooks.h>
#include <stdlib.h>
#include <string.h>
#include "vf_harness.h"

VOID VfTestSetVerifier(const char *Flags, const char *Drivers)
{
    if (Flags == NULL) {
        unsetenv(VF_ENV_FLAGS);
        unsetenv(VF_ENV_DRIVERS);
        return;
    }
    setenv(VF_ENV_FLAGS, Flags, 1);
    if (Drivers != NULL)
        setenv(VF_ENV_DRIVERS, Drivers, 1);
    else
        unsetenv(VF_ENV_DRIVERS);
}

NTSTATUS VfTestLoadDriver(PCWSTR Name, PDRIVER_INITIALIZE Init, PDRIVER_OBJECT *Driver)
{
    WCHAR Buffer[128];
    UNICODE_STRING DriverName;
    SIZE_T n = 0;

    while (Name[n] != 0)
        n++;

    memcpy(Buffer, L"\\Driver\\", 8 * sizeof(WCHAR));
    memcpy(Buffer + 8, Name, (n + 1) * sizeof(WCHAR));
    RtlInitUnicodeString(&DriverName, Buffer);
    return IopCreateDriver(&DriverName, Init, NULL, NULL, 0, NULL, Driver);
}

VOID VfTestUnloadDriver(PDRIVER_OBJECT Driver)
{
    IopUnloadDriver(Driver);
    ObpFlushDeferredDeletes();
}

ULONG VfTestDriverFlags(PDRIVER_OBJECT Driver)
{
    return VfDriverFlags(Driver);
}

SIZE_T VfTestIrpLogFormat(PDEVICE_OBJECT Device, char *Buffer, SIZE_T Capacity)
{
    return VfIrpLogFormat(Device, Buffer, Capacity);
}

BOOLEAN VfTestContains(const char *Haystack, const char *Needle)
{
    return Haystack != NULL && strstr(Haystack, Needle) != NULL;
}
