/*
 * PURPOSE: The runtime-mode part of the bug zoo's harness (tests/bugs/bugs.h): creating and
 * unloading driver objects the way the loader does, which needs the I/O manager's internals.
 */
#include <stdlib.h>
#include <string.h>
#include <internal/io.h>
#include "bugs.h"

NTSTATUS BugsLoadDriver(PCWSTR Name, PDRIVER_INITIALIZE Init, PDRIVER_OBJECT *Driver)
{
    static const WCHAR Prefix[] = L"\\Driver\\";
    static const WCHAR Services[] = L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\";
    WCHAR DriverBuffer[128], KeyBuffer[192];
    UNICODE_STRING DriverName, KeyName;
    SIZE_T n = 0;

    while (Name[n] != 0)
        n++;
    memcpy(DriverBuffer, Prefix, sizeof Prefix - sizeof(WCHAR));
    memcpy(DriverBuffer + RTL_NUMBER_OF(Prefix) - 1, Name, (n + 1) * sizeof(WCHAR));
    memcpy(KeyBuffer, Services, sizeof Services - sizeof(WCHAR));
    memcpy(KeyBuffer + RTL_NUMBER_OF(Services) - 1, Name, (n + 1) * sizeof(WCHAR));
    RtlInitUnicodeString(&DriverName, DriverBuffer);
    RtlInitUnicodeString(&KeyName, KeyBuffer);
    return IopCreateDriver(&DriverName, Init, &KeyName, NULL, 0, NULL, Driver);
}

NTSTATUS BugsUnloadDriver(PDRIVER_OBJECT Driver)
{
    return IopUnloadDriver(Driver);
}

VOID BugsSetVerifier(const char *Flags)
{
    if (Flags != NULL)
        setenv("KMODE_VERIFIER", Flags, 1);
    else
        unsetenv("KMODE_VERIFIER");
    unsetenv("KMODE_VERIFIER_DRIVERS");
}
