/*
 * PURPOSE: wdm.h part: loading and unloading drivers (ZwLoadDriver, ZwUnloadDriver) and
 * finding kernel routines by name (MmGetSystemRoutineAddress) (src/io/loaddrv.c,
 * src/mm/sysload.c; docs/toolchain.md).
 */
#ifndef _KMODE_WDM_LOADER_H_
#define _KMODE_WDM_LOADER_H_

KMODE_EXTERN_C_START

/* A service key's Type, Start and ErrorControl values (also winnt.h's). */
#include <svctypes.h>

typedef enum _CM_SERVICE_NODE_TYPE {
    DriverType = SERVICE_KERNEL_DRIVER,
    FileSystemType = SERVICE_FILE_SYSTEM_DRIVER,
    Win32ServiceOwnProcess = SERVICE_WIN32_OWN_PROCESS,
    Win32ServiceShareProcess = SERVICE_WIN32_SHARE_PROCESS,
    AdapterType = SERVICE_ADAPTER,
    RecognizerType = SERVICE_RECOGNIZER_DRIVER
} SERVICE_NODE_TYPE;

typedef enum _CM_SERVICE_LOAD_TYPE {
    BootLoad = SERVICE_BOOT_START,
    SystemLoad = SERVICE_SYSTEM_START,
    AutoLoad = SERVICE_AUTO_START,
    DemandLoad = SERVICE_DEMAND_START,
    DisableLoad = SERVICE_DISABLED
} SERVICE_LOAD_TYPE;

typedef enum _CM_ERROR_CONTROL_TYPE {
    IgnoreError = SERVICE_ERROR_IGNORE,
    NormalError = SERVICE_ERROR_NORMAL,
    SevereError = SERVICE_ERROR_SEVERE,
    CriticalError = SERVICE_ERROR_CRITICAL
} SERVICE_ERROR_TYPE;

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
