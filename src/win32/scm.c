/*
 * PURPOSE: The service control manager functions of advapi32 (winsvc.h): string
 * conversion, argument checks done on the client side, and SetLastError around the SCM
 * core (svc_core.c).
 */

/* INCLUDES ******************************************************************************/

#include <internal/win32.h>
#include "svcp.h"

/* GLOBALS *******************************************************************************/

#define SCM_TAG 'mcSK'

C_ASSERT(sizeof(SCP_STATUS) == sizeof(SERVICE_STATUS_PROCESS));

/* PRIVATE FUNCTIONS *********************************************************************/

/* Sets the last error when Error is not ERROR_SUCCESS; returns TRUE for success. */
static BOOL ScmpResult(ULONG Error)
{
    if (Error != ERROR_SUCCESS) {
        SetLastError(Error);
        return FALSE;
    }
    return TRUE;
}

static SC_HANDLE ScmpHandleResult(ULONG Error, PVOID Handle)
{
    return ScmpResult(Error) ? (SC_HANDLE)Handle : NULL;
}

/* An ANSI (code page of the Rtl ANSI functions) string as UTF-16, in pool; NULL stays NULL.
   Free with ScmpFree. */
static ULONG ScmpWiden(LPCSTR Text, PWSTR *Wide)
{
    ANSI_STRING Ansi;
    UNICODE_STRING Unicode;
    SIZE_T n = 0;

    *Wide = NULL;
    if (Text == NULL)
        return ERROR_SUCCESS;
    while (Text[n] != 0)
        n++;
    if (n > 0x7FFE)
        return ERROR_INVALID_PARAMETER;
    Ansi.Buffer = (PCHAR)Text;
    Ansi.Length = (USHORT)n;
    Ansi.MaximumLength = (USHORT)n;
    if (!NT_SUCCESS(RtlAnsiStringToUnicodeString(&Unicode, &Ansi, TRUE)))
        return ERROR_NOT_ENOUGH_MEMORY;
    *Wide = Unicode.Buffer;     /* NUL-terminated by the allocation */
    return ERROR_SUCCESS;
}

static VOID ScmpFreeWide(PWSTR Wide)
{
    if (Wide != NULL) {
        UNICODE_STRING Unicode;
        RtlInitUnicodeString(&Unicode, Wide);
        RtlFreeUnicodeString(&Unicode);
    }
}

/* A double-NUL-terminated ANSI list as UTF-16 (pool, free with ExFreePool). */
static ULONG ScmpWidenList(LPCSTR List, PWSTR *Wide)
{
    SIZE_T n = 0;
    ULONG Bytes;
    PWSTR Out;

    *Wide = NULL;
    if (List == NULL)
        return ERROR_SUCCESS;
    while (List[n] != 0 || List[n + 1] != 0)
        n++;
    n += 2;                                 /* both terminators */
    if (n > 0x100000)
        return ERROR_INVALID_PARAMETER;
    Out = (PWSTR)ExAllocatePoolWithTag(PagedPool, n * sizeof(WCHAR), SCM_TAG);
    if (Out == NULL)
        return ERROR_NOT_ENOUGH_MEMORY;
    if (!NT_SUCCESS(RtlMultiByteToUnicodeN(Out, (ULONG)(n * sizeof(WCHAR)), &Bytes, List,
                                           (ULONG)n))) {
        ExFreePoolWithTag(Out, SCM_TAG);
        return ERROR_INVALID_PARAMETER;
    }
    *Wide = Out;
    return ERROR_SUCCESS;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/* @implemented: see winsvc.h. */
SC_HANDLE WINAPI OpenSCManagerW(LPCWSTR lpMachineName, LPCWSTR lpDatabaseName, DWORD dwDesiredAccess)
{
    PVOID Handle;
    ULONG Error = ScpOpenManager(lpMachineName, lpDatabaseName, dwDesiredAccess, &Handle);
    return ScmpHandleResult(Error, Handle);
}

/* @implemented: OpenSCManagerW with ANSI strings. */
SC_HANDLE WINAPI OpenSCManagerA(LPCSTR lpMachineName, LPCSTR lpDatabaseName, DWORD dwDesiredAccess)
{
    PWSTR Machine = NULL, Database = NULL;
    PVOID Handle = NULL;
    ULONG Error = ScmpWiden(lpMachineName, &Machine);

    if (Error == ERROR_SUCCESS)
        Error = ScmpWiden(lpDatabaseName, &Database);
    if (Error == ERROR_SUCCESS)
        Error = ScpOpenManager(Machine, Database, dwDesiredAccess, &Handle);
    ScmpFreeWide(Machine);
    ScmpFreeWide(Database);
    return ScmpHandleResult(Error, Handle);
}

/* @implemented: see winsvc.h. lpPassword is ignored: driver services have no account. */
SC_HANDLE WINAPI CreateServiceW(SC_HANDLE hSCManager, LPCWSTR lpServiceName, LPCWSTR lpDisplayName,
                                DWORD dwDesiredAccess, DWORD dwServiceType, DWORD dwStartType,
                                DWORD dwErrorControl, LPCWSTR lpBinaryPathName,
                                LPCWSTR lpLoadOrderGroup, LPDWORD lpdwTagId, LPCWSTR lpDependencies,
                                LPCWSTR lpServiceStartName, LPCWSTR lpPassword)
{
    PVOID Handle;
    ULONG Error;

    UNREFERENCED_PARAMETER(lpPassword);
    Error = ScpCreateService(hSCManager, lpServiceName, lpDisplayName, dwDesiredAccess,
                             dwServiceType, dwStartType, dwErrorControl, lpBinaryPathName,
                             lpLoadOrderGroup, lpdwTagId, lpDependencies, lpServiceStartName,
                             &Handle);
    return ScmpHandleResult(Error, Handle);
}

/* @implemented: CreateServiceW with ANSI strings. */
SC_HANDLE WINAPI CreateServiceA(SC_HANDLE hSCManager, LPCSTR lpServiceName, LPCSTR lpDisplayName,
                                DWORD dwDesiredAccess, DWORD dwServiceType, DWORD dwStartType,
                                DWORD dwErrorControl, LPCSTR lpBinaryPathName,
                                LPCSTR lpLoadOrderGroup, LPDWORD lpdwTagId, LPCSTR lpDependencies,
                                LPCSTR lpServiceStartName, LPCSTR lpPassword)
{
    PWSTR Name = NULL, Display = NULL, Path = NULL, Group = NULL, Deps = NULL, Start = NULL;
    PVOID Handle = NULL;
    ULONG Error;

    UNREFERENCED_PARAMETER(lpPassword);
    Error = ScmpWiden(lpServiceName, &Name);
    if (Error == ERROR_SUCCESS)
        Error = ScmpWiden(lpDisplayName, &Display);
    if (Error == ERROR_SUCCESS)
        Error = ScmpWiden(lpBinaryPathName, &Path);
    if (Error == ERROR_SUCCESS)
        Error = ScmpWiden(lpLoadOrderGroup, &Group);
    if (Error == ERROR_SUCCESS)
        Error = ScmpWidenList(lpDependencies, &Deps);
    if (Error == ERROR_SUCCESS)
        Error = ScmpWiden(lpServiceStartName, &Start);
    if (Error == ERROR_SUCCESS)
        Error = ScpCreateService(hSCManager, Name, Display, dwDesiredAccess, dwServiceType,
                                 dwStartType, dwErrorControl, Path, Group, lpdwTagId, Deps, Start,
                                 &Handle);
    ScmpFreeWide(Name);
    ScmpFreeWide(Display);
    ScmpFreeWide(Path);
    ScmpFreeWide(Group);
    ScmpFreeWide(Start);
    if (Deps != NULL)
        ExFreePoolWithTag(Deps, SCM_TAG);
    return ScmpHandleResult(Error, Handle);
}

/* @implemented: see winsvc.h. */
SC_HANDLE WINAPI OpenServiceW(SC_HANDLE hSCManager, LPCWSTR lpServiceName, DWORD dwDesiredAccess)
{
    PVOID Handle;
    ULONG Error = ScpOpenService(hSCManager, lpServiceName, dwDesiredAccess, &Handle);
    return ScmpHandleResult(Error, Handle);
}

/* @implemented: OpenServiceW with an ANSI name. */
SC_HANDLE WINAPI OpenServiceA(SC_HANDLE hSCManager, LPCSTR lpServiceName, DWORD dwDesiredAccess)
{
    PWSTR Name;
    PVOID Handle = NULL;
    ULONG Error = ScmpWiden(lpServiceName, &Name);

    if (Error == ERROR_SUCCESS)
        Error = ScpOpenService(hSCManager, Name, dwDesiredAccess, &Handle);
    ScmpFreeWide(Name);
    return ScmpHandleResult(Error, Handle);
}

/* @implemented: see winsvc.h. */
BOOL WINAPI StartServiceW(SC_HANDLE hService, DWORD dwNumServiceArgs, LPCWSTR *lpServiceArgVectors)
{
    UNREFERENCED_PARAMETER(dwNumServiceArgs);
    UNREFERENCED_PARAMETER(lpServiceArgVectors);
    return ScmpResult(ScpStartService(hService));
}

/* @implemented: StartServiceW (driver services take no arguments). */
BOOL WINAPI StartServiceA(SC_HANDLE hService, DWORD dwNumServiceArgs, LPCSTR *lpServiceArgVectors)
{
    UNREFERENCED_PARAMETER(dwNumServiceArgs);
    UNREFERENCED_PARAMETER(lpServiceArgVectors);
    return ScmpResult(ScpStartService(hService));
}

/*
 * @implemented
 * lpServiceStatus NULL: ERROR_INVALID_PARAMETER. It is filled for NO_ERROR,
 * ERROR_INVALID_SERVICE_CONTROL, ERROR_SERVICE_CANNOT_ACCEPT_CTRL and ERROR_SERVICE_NOT_ACTIVE
 * only, as documented.
 */
BOOL WINAPI ControlService(SC_HANDLE hService, DWORD dwControl, LPSERVICE_STATUS lpServiceStatus)
{
    SCP_STATUS Status;
    BOOLEAN Valid;
    ULONG Error;

    if (lpServiceStatus == NULL)
        return ScmpResult(ERROR_INVALID_PARAMETER);
    Error = ScpControlService(hService, dwControl, &Status, &Valid);
    if (Valid)
        memcpy(lpServiceStatus, &Status, sizeof(SERVICE_STATUS));
    return ScmpResult(Error);
}

/* @implemented: see winsvc.h. Needs DELETE access. */
BOOL WINAPI DeleteService(SC_HANDLE hService)
{
    return ScmpResult(ScpDeleteService(hService));
}

/* @implemented: needs SERVICE_QUERY_STATUS; lpServiceStatus NULL: ERROR_INVALID_PARAMETER. */
BOOL WINAPI QueryServiceStatus(SC_HANDLE hService, LPSERVICE_STATUS lpServiceStatus)
{
    SCP_STATUS Status;
    ULONG Error;

    if (lpServiceStatus == NULL)
        return ScmpResult(ERROR_INVALID_PARAMETER);
    Error = ScpQueryServiceStatus(hService, &Status);
    if (Error == ERROR_SUCCESS)
        memcpy(lpServiceStatus, &Status, sizeof(SERVICE_STATUS));
    return ScmpResult(Error);
}

/*
 * @implemented
 * InfoLevel other than SC_STATUS_PROCESS_INFO: ERROR_INVALID_LEVEL; pcbBytesNeeded NULL:
 * ERROR_INVALID_PARAMETER; a buffer smaller than SERVICE_STATUS_PROCESS:
 * ERROR_INSUFFICIENT_BUFFER with *pcbBytesNeeded = its size.
 */
BOOL WINAPI QueryServiceStatusEx(SC_HANDLE hService, SC_STATUS_TYPE InfoLevel, LPBYTE lpBuffer,
                                 DWORD cbBufSize, LPDWORD pcbBytesNeeded)
{
    SCP_STATUS Status;
    ULONG Error;

    if (pcbBytesNeeded == NULL)
        return ScmpResult(ERROR_INVALID_PARAMETER);
    if (InfoLevel != SC_STATUS_PROCESS_INFO)
        return ScmpResult(ERROR_INVALID_LEVEL);
    Error = ScpQueryServiceStatus(hService, &Status);
    if (Error != ERROR_SUCCESS)
        return ScmpResult(Error);
    *pcbBytesNeeded = sizeof(SERVICE_STATUS_PROCESS);
    if (lpBuffer == NULL || cbBufSize < sizeof(SERVICE_STATUS_PROCESS))
        return ScmpResult(ERROR_INSUFFICIENT_BUFFER);
    memcpy(lpBuffer, &Status, sizeof(SERVICE_STATUS_PROCESS));
    return TRUE;
}

/* @implemented: any SC handle; anything else (a kernel handle, a closed SC handle, NULL):
   ERROR_INVALID_HANDLE. */
BOOL WINAPI CloseServiceHandle(SC_HANDLE hSCObject)
{
    return ScmpResult(ScpCloseHandle(hSCObject));
}
