/*
 * PURPOSE: The service control manager's core (src/win32/svc_core.c): the service database
 * (the registry's Services key), SC handles, and driver services started and stopped
 * through ZwLoadDriver / ZwUnloadDriver. The advapi32-style functions of winsvc.h
 * (src/win32/scm.c) are thin wrappers: string conversion and SetLastError.
 *
 * Every core function returns a Win32 error code (ERROR_SUCCESS on success), exactly the
 * code the Win32 function sets with SetLastError. Strings are NUL-terminated UTF-16.
 */
#ifndef _KMODE_WIN32_SVCP_H_
#define _KMODE_WIN32_SVCP_H_

#include <wdm.h>
#include <winerror.h>

/* ---- winsvc.h values the core needs (same numbers as the public header) ----------------- */

#define SCP_SERVICE_KERNEL_DRIVER       0x00000001
#define SCP_SERVICE_FILE_SYSTEM_DRIVER  0x00000002
#define SCP_SERVICE_ADAPTER             0x00000004
#define SCP_SERVICE_RECOGNIZER_DRIVER   0x00000008
#define SCP_SERVICE_WIN32_OWN_PROCESS   0x00000010
#define SCP_SERVICE_WIN32_SHARE_PROCESS 0x00000020
#define SCP_SERVICE_USER_SERVICE        0x00000040
#define SCP_SERVICE_INTERACTIVE_PROCESS 0x00000100

#define SCP_SERVICE_BOOT_START   0
#define SCP_SERVICE_SYSTEM_START 1
#define SCP_SERVICE_AUTO_START   2
#define SCP_SERVICE_DEMAND_START 3
#define SCP_SERVICE_DISABLED     4

#define SCP_SERVICE_ERROR_CRITICAL 3

#define SCP_SERVICE_STOPPED       1
#define SCP_SERVICE_START_PENDING 2
#define SCP_SERVICE_STOP_PENDING  3
#define SCP_SERVICE_RUNNING       4

#define SCP_SERVICE_ACCEPT_STOP 0x00000001

#define SCP_SERVICE_CONTROL_STOP                  1
#define SCP_SERVICE_CONTROL_PAUSE                 2
#define SCP_SERVICE_CONTROL_CONTINUE              3
#define SCP_SERVICE_CONTROL_INTERROGATE           4
#define SCP_SERVICE_CONTROL_SHUTDOWN              5
#define SCP_SERVICE_CONTROL_PARAMCHANGE           6
#define SCP_SERVICE_CONTROL_NETBINDADD            7
#define SCP_SERVICE_CONTROL_NETBINDREMOVE         8
#define SCP_SERVICE_CONTROL_NETBINDENABLE         9
#define SCP_SERVICE_CONTROL_NETBINDDISABLE        10

/* Access rights. */
#define SCP_SC_MANAGER_CONNECT            0x0001
#define SCP_SC_MANAGER_CREATE_SERVICE     0x0002
#define SCP_SC_MANAGER_ENUMERATE_SERVICE  0x0004
#define SCP_SC_MANAGER_LOCK               0x0008
#define SCP_SC_MANAGER_QUERY_LOCK_STATUS  0x0010
#define SCP_SC_MANAGER_MODIFY_BOOT_CONFIG 0x0020
#define SCP_SC_MANAGER_ALL_ACCESS         (STANDARD_RIGHTS_REQUIRED | 0x003F)

#define SCP_SERVICE_QUERY_CONFIG         0x0001
#define SCP_SERVICE_CHANGE_CONFIG        0x0002
#define SCP_SERVICE_QUERY_STATUS         0x0004
#define SCP_SERVICE_ENUMERATE_DEPENDENTS 0x0008
#define SCP_SERVICE_START                0x0010
#define SCP_SERVICE_STOP                 0x0020
#define SCP_SERVICE_PAUSE_CONTINUE       0x0040
#define SCP_SERVICE_INTERROGATE          0x0080
#define SCP_SERVICE_USER_DEFINED_CONTROL 0x0100
#define SCP_SERVICE_ALL_ACCESS           (STANDARD_RIGHTS_REQUIRED | 0x01FF)

/* Longest service and display name, in characters. */
#define SCP_MAX_NAME 256

/* SC_GROUP_IDENTIFIER: marks a load-ordering group in a dependency list. */
#define SCP_GROUP_IDENTIFIER L'+'

/* SERVICE_STATUS_PROCESS, field for field (SERVICE_STATUS is its first seven fields). */
typedef struct _SCP_STATUS {
    ULONG ServiceType;
    ULONG CurrentState;
    ULONG ControlsAccepted;
    ULONG Win32ExitCode;
    ULONG ServiceSpecificExitCode;
    ULONG CheckPoint;
    ULONG WaitHint;
    ULONG ProcessId;
    ULONG ServiceFlags;
} SCP_STATUS;

/* ---- The core ---------------------------------------------------------------------------- */

ULONG ScpOpenManager(_In_opt_z_ PCWSTR MachineName, _In_opt_z_ PCWSTR DatabaseName,
                     _In_ ULONG DesiredAccess, _Out_ PVOID *Handle);

ULONG ScpCreateService(_In_opt_ PVOID Manager, _In_opt_z_ PCWSTR ServiceName,
                       _In_opt_z_ PCWSTR DisplayName, _In_ ULONG DesiredAccess,
                       _In_ ULONG ServiceType, _In_ ULONG StartType, _In_ ULONG ErrorControl,
                       _In_opt_z_ PCWSTR BinaryPathName, _In_opt_z_ PCWSTR LoadOrderGroup,
                       _Out_opt_ PULONG TagId, _In_opt_ PCWSTR Dependencies,
                       _In_opt_z_ PCWSTR ServiceStartName, _Out_ PVOID *Handle);

ULONG ScpOpenService(_In_opt_ PVOID Manager, _In_opt_z_ PCWSTR ServiceName,
                     _In_ ULONG DesiredAccess, _Out_ PVOID *Handle);

ULONG ScpStartService(_In_opt_ PVOID Service);

/* *StatusValid tells whether *Status was filled (NO_ERROR, ERROR_INVALID_SERVICE_CONTROL,
   ERROR_SERVICE_CANNOT_ACCEPT_CTRL, ERROR_SERVICE_NOT_ACTIVE, as documented). */
ULONG ScpControlService(_In_opt_ PVOID Service, _In_ ULONG Control, _Out_ SCP_STATUS *Status,
                        _Out_ BOOLEAN *StatusValid);

ULONG ScpDeleteService(_In_opt_ PVOID Service);

ULONG ScpQueryServiceStatus(_In_opt_ PVOID Service, _Out_ SCP_STATUS *Status);

ULONG ScpCloseHandle(_In_opt_ PVOID Handle);

/* ---- How driver services are started and stopped (replaceable for tests) ----------------- */

typedef struct _SCP_DRIVER_OPS {
    NTSTATUS (*Load)(_In_ PUNICODE_STRING ServiceKey);
    NTSTATUS (*Unload)(_In_ PUNICODE_STRING ServiceKey);
    /* Is the driver object (\Driver\Name, \FileSystem\Name or the service's ObjectName)
       present, and does it have a DriverUnload routine? */
    BOOLEAN (*Query)(_In_ PCUNICODE_STRING DriverObjectName, _Out_ PBOOLEAN Stoppable);
} SCP_DRIVER_OPS;

/* The operations in use: ZwLoadDriver, ZwUnloadDriver and a lookup of the driver object
   unless a test installed others. */
extern const SCP_DRIVER_OPS *ScpDriverOps;

/* The kernel's operations (the default). */
extern const SCP_DRIVER_OPS ScpKernelDriverOps;

#endif /* _KMODE_WIN32_SVCP_H_ */
