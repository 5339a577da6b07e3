/*
 * PURPOSE: winsvc.h: the service control manager, as far as a console app installs, starts,
 * stops and removes kernel drivers with it (src/win32/scm.c over src/win32/svc_core.c;
 * docs/win32-scm.md).
 *
 * The database is the registry's \Registry\Machine\System\CurrentControlSet\Services key.
 * Services of type SERVICE_KERNEL_DRIVER and SERVICE_FILE_SYSTEM_DRIVER are fully supported;
 * kmode runs no Win32 service processes, so CreateService refuses SERVICE_WIN32_* types with
 * ERROR_NOT_SUPPORTED. Only the local SCM exists. Errors are reported with SetLastError.
 */
#ifndef _WINSVC_
#define _WINSVC_

#include <win/base.h>

KMODE_EXTERN_C_START

/* ==== Names ============================================================================== */

#define SERVICES_ACTIVE_DATABASEW L"ServicesActive"
#define SERVICES_FAILED_DATABASEW L"ServicesFailed"
#define SERVICES_ACTIVE_DATABASEA "ServicesActive"
#define SERVICES_FAILED_DATABASEA "ServicesFailed"
#define SC_GROUP_IDENTIFIERW      L'+'
#define SC_GROUP_IDENTIFIERA      '+'
#ifdef UNICODE
#define SERVICES_ACTIVE_DATABASE SERVICES_ACTIVE_DATABASEW
#define SERVICES_FAILED_DATABASE SERVICES_FAILED_DATABASEW
#define SC_GROUP_IDENTIFIER      SC_GROUP_IDENTIFIERW
#else
#define SERVICES_ACTIVE_DATABASE SERVICES_ACTIVE_DATABASEA
#define SERVICES_FAILED_DATABASE SERVICES_FAILED_DATABASEA
#define SC_GROUP_IDENTIFIER      SC_GROUP_IDENTIFIERA
#endif

#define SERVICE_NO_CHANGE 0xFFFFFFFF

/* ==== Service types, start types, error control (winnt.h's) ============================== */

#include <svctypes.h>

/* ==== States, accepted controls, controls ================================================ */

#define SERVICE_STOPPED          0x00000001
#define SERVICE_START_PENDING    0x00000002
#define SERVICE_STOP_PENDING     0x00000003
#define SERVICE_RUNNING          0x00000004
#define SERVICE_CONTINUE_PENDING 0x00000005
#define SERVICE_PAUSE_PENDING    0x00000006
#define SERVICE_PAUSED           0x00000007

#define SERVICE_ACCEPT_STOP                  0x00000001
#define SERVICE_ACCEPT_PAUSE_CONTINUE        0x00000002
#define SERVICE_ACCEPT_SHUTDOWN              0x00000004
#define SERVICE_ACCEPT_PARAMCHANGE           0x00000008
#define SERVICE_ACCEPT_NETBINDCHANGE         0x00000010
#define SERVICE_ACCEPT_HARDWAREPROFILECHANGE 0x00000020
#define SERVICE_ACCEPT_POWEREVENT            0x00000040
#define SERVICE_ACCEPT_SESSIONCHANGE         0x00000080
#define SERVICE_ACCEPT_PRESHUTDOWN           0x00000100
#define SERVICE_ACCEPT_TIMECHANGE            0x00000200
#define SERVICE_ACCEPT_TRIGGEREVENT          0x00000400

#define SERVICE_CONTROL_STOP           0x00000001
#define SERVICE_CONTROL_PAUSE          0x00000002
#define SERVICE_CONTROL_CONTINUE       0x00000003
#define SERVICE_CONTROL_INTERROGATE    0x00000004
#define SERVICE_CONTROL_SHUTDOWN       0x00000005
#define SERVICE_CONTROL_PARAMCHANGE    0x00000006
#define SERVICE_CONTROL_NETBINDADD     0x00000007
#define SERVICE_CONTROL_NETBINDREMOVE  0x00000008
#define SERVICE_CONTROL_NETBINDENABLE  0x00000009
#define SERVICE_CONTROL_NETBINDDISABLE 0x0000000A

/* SERVICE_STATUS_PROCESS.dwServiceFlags */
#define SERVICE_RUNS_IN_SYSTEM_PROCESS 0x00000001

/* ==== Access rights ======================================================================= */

#define SC_MANAGER_CONNECT            0x0001
#define SC_MANAGER_CREATE_SERVICE     0x0002
#define SC_MANAGER_ENUMERATE_SERVICE  0x0004
#define SC_MANAGER_LOCK               0x0008
#define SC_MANAGER_QUERY_LOCK_STATUS  0x0010
#define SC_MANAGER_MODIFY_BOOT_CONFIG 0x0020
#define SC_MANAGER_ALL_ACCESS         (STANDARD_RIGHTS_REQUIRED | SC_MANAGER_CONNECT | \
                                       SC_MANAGER_CREATE_SERVICE | SC_MANAGER_ENUMERATE_SERVICE | \
                                       SC_MANAGER_LOCK | SC_MANAGER_QUERY_LOCK_STATUS | \
                                       SC_MANAGER_MODIFY_BOOT_CONFIG)

#define SERVICE_QUERY_CONFIG         0x0001
#define SERVICE_CHANGE_CONFIG        0x0002
#define SERVICE_QUERY_STATUS         0x0004
#define SERVICE_ENUMERATE_DEPENDENTS 0x0008
#define SERVICE_START                0x0010
#define SERVICE_STOP                 0x0020
#define SERVICE_PAUSE_CONTINUE       0x0040
#define SERVICE_INTERROGATE          0x0080
#define SERVICE_USER_DEFINED_CONTROL 0x0100
#define SERVICE_ALL_ACCESS           (STANDARD_RIGHTS_REQUIRED | SERVICE_QUERY_CONFIG | \
                                      SERVICE_CHANGE_CONFIG | SERVICE_QUERY_STATUS | \
                                      SERVICE_ENUMERATE_DEPENDENTS | SERVICE_START | SERVICE_STOP | \
                                      SERVICE_PAUSE_CONTINUE | SERVICE_INTERROGATE | \
                                      SERVICE_USER_DEFINED_CONTROL)

/* ==== Types =============================================================================== */

DECLARE_HANDLE(SC_HANDLE);
typedef SC_HANDLE *LPSC_HANDLE;

typedef struct _SERVICE_STATUS {
    DWORD dwServiceType;
    DWORD dwCurrentState;
    DWORD dwControlsAccepted;
    DWORD dwWin32ExitCode;
    DWORD dwServiceSpecificExitCode;
    DWORD dwCheckPoint;
    DWORD dwWaitHint;
} SERVICE_STATUS, *LPSERVICE_STATUS;

typedef struct _SERVICE_STATUS_PROCESS {
    DWORD dwServiceType;
    DWORD dwCurrentState;
    DWORD dwControlsAccepted;
    DWORD dwWin32ExitCode;
    DWORD dwServiceSpecificExitCode;
    DWORD dwCheckPoint;
    DWORD dwWaitHint;
    DWORD dwProcessId;
    DWORD dwServiceFlags;
} SERVICE_STATUS_PROCESS, *LPSERVICE_STATUS_PROCESS;

typedef enum _SC_STATUS_TYPE {
    SC_STATUS_PROCESS_INFO = 0
} SC_STATUS_TYPE;

/* ==== Functions ============================================================================ */

/* Connects to the local SCM. lpMachineName NULL or "" (another machine: RPC_S_SERVER_UNAVAILABLE,
   1722); lpDatabaseName NULL or SERVICES_ACTIVE_DATABASE (SERVICES_FAILED_DATABASE:
   ERROR_DATABASE_DOES_NOT_EXIST, anything else ERROR_INVALID_NAME). SC_MANAGER_CONNECT is
   always granted; the caller is an administrator, so every requested right is granted. */
WINADVAPI SC_HANDLE WINAPI OpenSCManagerA(_In_opt_ LPCSTR lpMachineName,
                                          _In_opt_ LPCSTR lpDatabaseName, _In_ DWORD dwDesiredAccess);
WINADVAPI SC_HANDLE WINAPI OpenSCManagerW(_In_opt_ LPCWSTR lpMachineName,
                                          _In_opt_ LPCWSTR lpDatabaseName, _In_ DWORD dwDesiredAccess);

/* Installs a driver service: writes Type, Start, ErrorControl, ImagePath (a Win32 path such
   as C:\dir\x.sys is stored as the NT path \??\C:\dir\x.sys the kernel loads), DisplayName,
   and Group, Tag, DependOnService, DependOnGroup, ObjectName when given. */
WINADVAPI SC_HANDLE WINAPI CreateServiceA(
    _In_ SC_HANDLE hSCManager, _In_ LPCSTR lpServiceName, _In_opt_ LPCSTR lpDisplayName,
    _In_ DWORD dwDesiredAccess, _In_ DWORD dwServiceType, _In_ DWORD dwStartType,
    _In_ DWORD dwErrorControl, _In_opt_ LPCSTR lpBinaryPathName, _In_opt_ LPCSTR lpLoadOrderGroup,
    _Out_opt_ LPDWORD lpdwTagId, _In_opt_ LPCSTR lpDependencies, _In_opt_ LPCSTR lpServiceStartName,
    _In_opt_ LPCSTR lpPassword);
WINADVAPI SC_HANDLE WINAPI CreateServiceW(
    _In_ SC_HANDLE hSCManager, _In_ LPCWSTR lpServiceName, _In_opt_ LPCWSTR lpDisplayName,
    _In_ DWORD dwDesiredAccess, _In_ DWORD dwServiceType, _In_ DWORD dwStartType,
    _In_ DWORD dwErrorControl, _In_opt_ LPCWSTR lpBinaryPathName, _In_opt_ LPCWSTR lpLoadOrderGroup,
    _Out_opt_ LPDWORD lpdwTagId, _In_opt_ LPCWSTR lpDependencies,
    _In_opt_ LPCWSTR lpServiceStartName, _In_opt_ LPCWSTR lpPassword);

WINADVAPI SC_HANDLE WINAPI OpenServiceA(_In_ SC_HANDLE hSCManager, _In_ LPCSTR lpServiceName,
                                        _In_ DWORD dwDesiredAccess);
WINADVAPI SC_HANDLE WINAPI OpenServiceW(_In_ SC_HANDLE hSCManager, _In_ LPCWSTR lpServiceName,
                                        _In_ DWORD dwDesiredAccess);

/* Loads the driver (ZwLoadDriver on its service key; dependencies first). A load failure's
   NTSTATUS becomes the error through RtlNtStatusToDosError (a missing .sys:
   ERROR_FILE_NOT_FOUND, a DDI kmode lacks: ERROR_PROC_NOT_FOUND, DriverEntry's status mapped);
   an image already loaded: ERROR_SERVICE_ALREADY_RUNNING. Arguments are ignored for drivers. */
WINADVAPI BOOL WINAPI StartServiceA(_In_ SC_HANDLE hService, _In_ DWORD dwNumServiceArgs,
                                    _In_reads_opt_(dwNumServiceArgs) LPCSTR *lpServiceArgVectors);
WINADVAPI BOOL WINAPI StartServiceW(_In_ SC_HANDLE hService, _In_ DWORD dwNumServiceArgs,
                                    _In_reads_opt_(dwNumServiceArgs) LPCWSTR *lpServiceArgVectors);

/* SERVICE_CONTROL_STOP unloads the driver (ZwUnloadDriver); INTERROGATE reports the status;
   drivers take no other control (ERROR_INVALID_SERVICE_CONTROL). */
WINADVAPI BOOL WINAPI ControlService(_In_ SC_HANDLE hService, _In_ DWORD dwControl,
                                     _Out_ LPSERVICE_STATUS lpServiceStatus);

/* Marks the service for deletion; its key goes when its last handle closes and it is stopped. */
WINADVAPI BOOL WINAPI DeleteService(_In_ SC_HANDLE hService);

WINADVAPI BOOL WINAPI QueryServiceStatus(_In_ SC_HANDLE hService,
                                         _Out_ LPSERVICE_STATUS lpServiceStatus);

/* InfoLevel SC_STATUS_PROCESS_INFO: a SERVICE_STATUS_PROCESS (dwProcessId 0 for drivers).
   cbBufSize too small: ERROR_INSUFFICIENT_BUFFER with *pcbBytesNeeded set. */
WINADVAPI BOOL WINAPI QueryServiceStatusEx(_In_ SC_HANDLE hService, _In_ SC_STATUS_TYPE InfoLevel,
                                           _Out_writes_bytes_opt_(cbBufSize) LPBYTE lpBuffer,
                                           _In_ DWORD cbBufSize, _Out_ LPDWORD pcbBytesNeeded);

WINADVAPI BOOL WINAPI CloseServiceHandle(_In_ SC_HANDLE hSCObject);

#ifdef UNICODE
#define OpenSCManager OpenSCManagerW
#define CreateService CreateServiceW
#define OpenService   OpenServiceW
#define StartService  StartServiceW
#else
#define OpenSCManager OpenSCManagerA
#define CreateService CreateServiceA
#define OpenService   OpenServiceA
#define StartService  StartServiceA
#endif

KMODE_EXTERN_C_END

#endif /* _WINSVC_ */
