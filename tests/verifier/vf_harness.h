/*
 * PURPOSE: What the driver-mode verifier tests (tests/verifier/..._drv.c, WDK headers only)
 * need from the runtime, implemented in runtime mode by vf_harness_test.c.
 */
#ifndef VF_HARNESS_H
#define VF_HARNESS_H

#include <ntddk.h>

/* Turns the verifier on (KMODE_VERIFIER=Flags, KMODE_VERIFIER_DRIVERS=Drivers or every
   driver when NULL) for drivers created from now on; Flags NULL turns it off. */
VOID VfTestSetVerifier(const char *Flags, const char *Drivers);

/* Creates \Driver\<Name> running Init as its DriverEntry (Init must set DriverUnload), and
   unloads it (DriverUnload, then the driver object goes with its last device). */
NTSTATUS VfTestLoadDriver(PCWSTR Name, PDRIVER_INITIALIZE Init, PDRIVER_OBJECT *Driver);
VOID VfTestUnloadDriver(PDRIVER_OBJECT Driver);

/* The verifier flags Driver runs with (0: not verified). */
ULONG VfTestDriverFlags(PDRIVER_OBJECT Driver);

/* VfIrpLogFormat (src/include/internal/vfhooks.h). */
SIZE_T VfTestIrpLogFormat(PDEVICE_OBJECT Device, char *Buffer, SIZE_T Capacity);

/* strstr for the report checks (the driver-mode CRT has none of its own here). */
BOOLEAN VfTestContains(const char *Haystack, const char *Needle);

#endif
