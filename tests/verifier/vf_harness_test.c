/*
 * PURPOSE: Runtime-mode side of the verifier tests' harness (vf_harness.h).
 */
#include <internal/io.h>
#include <internal/ob.h>
#include <internal/vfhooks.h>
#include <stdio.h>
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

#define SERVICES L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\"

static void ServiceKeyName(PCWSTR Service, WCHAR *Buffer, UNICODE_STRING *Name)
{
    size_t n = 0;

    for (PCWSTR p = SERVICES; *p; p++)
        Buffer[n++] = *p;
    for (PCWSTR p = Service; *p; p++)
        Buffer[n++] = *p;
    Buffer[n] = 0;
    RtlInitUnicodeString(Name, Buffer);
}

NTSTATUS VfTestLoadSys(PCWSTR Service, const char *FileName)
{
    static const char Prefix[] = "\\??\\C:";
    char Path[768];
    WCHAR KeyBuffer[256], Image[1024];
    UNICODE_STRING KeyName, ValueName;
    OBJECT_ATTRIBUTES Attributes;
    ULONG Type = SERVICE_KERNEL_DRIVER, Start = SERVICE_DEMAND_START;
    ULONG n = 0;
    HANDLE Key;
    NTSTATUS Status;

    snprintf(Path, sizeof(Path), "%s/%s", VF_TEST_DRIVER_DIR, FileName);
    for (const char *p = Prefix; *p; p++)
        Image[n++] = (WCHAR)*p;
    for (const char *p = Path; *p && n < RTL_NUMBER_OF(Image) - 1; p++)
        Image[n++] = *p == '/' ? L'\\' : (WCHAR)(unsigned char)*p;
    Image[n] = 0;
    ServiceKeyName(Service, KeyBuffer, &KeyName);
    InitializeObjectAttributes(&Attributes, &KeyName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    Status = ZwCreateKey(&Key, KEY_ALL_ACCESS, &Attributes, 0, NULL, 0, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    RtlInitUnicodeString(&ValueName, L"ImagePath");
    Status = ZwSetValueKey(Key, &ValueName, 0, REG_EXPAND_SZ, Image, (n + 1) * sizeof(WCHAR));
    RtlInitUnicodeString(&ValueName, L"Type");
    if (NT_SUCCESS(Status))
        Status = ZwSetValueKey(Key, &ValueName, 0, REG_DWORD, &Type, sizeof(Type));
    RtlInitUnicodeString(&ValueName, L"Start");
    if (NT_SUCCESS(Status))
        Status = ZwSetValueKey(Key, &ValueName, 0, REG_DWORD, &Start, sizeof(Start));
    ZwClose(Key);
    if (!NT_SUCCESS(Status))
        return Status;
    return ZwLoadDriver(&KeyName);
}

NTSTATUS VfTestUnloadSys(PCWSTR Service)
{
    WCHAR KeyBuffer[256];
    UNICODE_STRING KeyName;

    ServiceKeyName(Service, KeyBuffer, &KeyName);
    return ZwUnloadDriver(&KeyName);
}
