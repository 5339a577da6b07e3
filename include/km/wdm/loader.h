/*
 * PURPOSE: wdm.h part: loading and unloading drivers (ZwLoadDriver, ZwUnloadDriver) and
 * finding kernel routines by name (MmGetSystemRoutineAddress) (src/io/loaddrv.c,
 * src/mm/sysload.c; docs/toolchain.md).
 */
#ifndef _KMODE_WDM_LOADER_H_
#define _KMODE_WDM_LOADER_H_

KMODE_EXTERN_C_START

/* The routine or variable kmode exports under that name (what ntoskrnl.exe and hal.dll
   export on Windows), or NULL. */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI PVOID NTAPI MmGetSystemRoutineAddress(_In_ PUNICODE_STRING SystemRoutineName);

/* Loads the driver whose service key is DriverServiceName
   (\Registry\Machine\System\CurrentControlSet\Services\<name>) and runs its DriverEntry. */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI ZwLoadDriver(_In_ PUNICODE_STRING DriverServiceName);

/* Runs the DriverUnload of the driver loaded for that service key and unloads it. */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI ZwUnloadDriver(_In_ PUNICODE_STRING DriverServiceName);

KMODE_EXTERN_C_END

#endif
