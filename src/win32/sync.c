/*
 * PURPOSE: Win32 synchronization objects and waits: events, semaphores, mutexes,
 * WaitForSingleObject(Ex), WaitForMultipleObjects(Ex), SignalObjectAndWait, Sleep(Ex);
 * and what the Win32 functions share for named objects and timeouts.
 *
 * Named objects live in \BaseNamedObjects. kmode has one session, so, as in session 0 on
 * Windows, "Global" and "Local" there are symbolic links back to \BaseNamedObjects:
 * "Global\Name" and "Local\Name" name the same object as "Name".
 */

/* INCLUDES ******************************************************************************/

#include <string.h>
#include <pthread.h>   /* pthread_once: C11 call_once is invisible to ThreadSanitizer */
#include <internal/win32.h>

/* GLOBALS *******************************************************************************/

static const WCHAR BasepNamedObjectsPrefix[] = L"\\BaseNamedObjects\\";
static pthread_once_t BasepLinksOnce = PTHREAD_ONCE_INIT;

/* PRIVATE FUNCTIONS *********************************************************************/

static void BasepCreateSessionLinks(void)
{
    static const PCWSTR Links[] = { L"\\BaseNamedObjects\\Global", L"\\BaseNamedObjects\\Local" };
    UNICODE_STRING Target = RTL_CONSTANT_STRING(L"\\BaseNamedObjects");

    for (ULONG i = 0; i < RTL_NUMBER_OF(Links); i++) {
        OBJECT_ATTRIBUTES Attributes;
        UNICODE_STRING Name;
        HANDLE Link;
        RtlInitUnicodeString(&Name, Links[i]);
        InitializeObjectAttributes(&Attributes, &Name,
                                   OBJ_PERMANENT | OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                                   NULL, NULL);
        if (NT_SUCCESS(ZwCreateSymbolicLinkObject(&Link, SYMBOLIC_LINK_ALL_ACCESS, &Attributes,
                                                  &Target)))
            ZwClose(Link);
    }
}

/* A Win32 wait's result from the native status: the status itself (WAIT_OBJECT_0 + n,
   WAIT_ABANDONED + n, WAIT_TIMEOUT, WAIT_IO_COMPLETION) or WAIT_FAILED. */
static DWORD BasepWaitResult(NTSTATUS Status)
{
    if (NT_ERROR(Status) || NT_WARNING(Status)) {
        BaseSetLastNTError(Status);
        return WAIT_FAILED;
    }
    return (DWORD)Status;
}

/* The handle a Create... function returns, with the last error Windows leaves. */
static HANDLE BasepCreateResult(NTSTATUS Status, HANDLE Handle)
{
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return NULL;
    }
    SetLastError(Status == STATUS_OBJECT_NAME_EXISTS ? ERROR_ALREADY_EXISTS : ERROR_SUCCESS);
    return Handle;
}

static HANDLE BasepOpenResult(NTSTATUS Status, HANDLE Handle)
{
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return NULL;
    }
    return Handle;
}

static BOOL BasepBoolResult(NTSTATUS Status)
{
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}

/* PUBLIC FUNCTIONS (internal) ***********************************************************/

VOID Win32pInitializeProcess(VOID)
{
    (VOID)NtpGetMutantObjectType();
    pthread_once(&BasepLinksOnce, BasepCreateSessionLinks);
}

PLARGE_INTEGER BaseFormatTimeOut(PLARGE_INTEGER Buffer, DWORD Milliseconds)
{
    if (Milliseconds == INFINITE)
        return NULL;
    Buffer->QuadPart = -(LONGLONG)Milliseconds * 10000;
    return Buffer;
}

POBJECT_ATTRIBUTES BasepFormatObjectAttributes(PBASE_OBJECT_NAME Object,
                                               LPSECURITY_ATTRIBUTES SecurityAttributes,
                                               LPCWSTR Name, ULONG Attributes)
{
    SIZE_T Prefix = RTL_NUMBER_OF(BasepNamedObjectsPrefix) - 1, Length = 0;
    PUNICODE_STRING ObjectName = NULL;

    if (SecurityAttributes != NULL && SecurityAttributes->bInheritHandle)
        Attributes |= OBJ_INHERIT;
    if (Name != NULL && Name[0] != 0) {
        while (Name[Length] != 0)
            if (++Length > MAX_PATH) {
                SetLastError(ERROR_FILENAME_EXCED_RANGE);
                return BASE_BAD_ATTRIBUTES;
            }
        pthread_once(&BasepLinksOnce, BasepCreateSessionLinks);
        RtlCopyMemory(Object->Buffer, BasepNamedObjectsPrefix, Prefix * sizeof(WCHAR));
        RtlCopyMemory(Object->Buffer + Prefix, Name, Length * sizeof(WCHAR));
        Object->Buffer[Prefix + Length] = 0;
        Object->Name.Buffer = Object->Buffer;
        Object->Name.Length = (USHORT)((Prefix + Length) * sizeof(WCHAR));
        Object->Name.MaximumLength = (USHORT)(Object->Name.Length + sizeof(WCHAR));
        ObjectName = &Object->Name;
    } else {
        /* Nothing to name: OBJ_OPENIF means nothing without a name. */
        Attributes &= ~OBJ_OPENIF;
        if (Attributes == 0)
            return NULL;
    }
    InitializeObjectAttributes(&Object->Attributes, ObjectName, Attributes, NULL, NULL);
    return &Object->Attributes;
}

BOOL BasepAnsiNameToUnicode(LPCSTR Name, PWCHAR Buffer, LPCWSTR *Result)
{
    ULONG Length, Bytes = 0;

    *Result = NULL;
    if (Name == NULL)
        return TRUE;
    Length = (ULONG)strnlen(Name, MAX_PATH + 1);
    if (Length > MAX_PATH) {
        SetLastError(ERROR_FILENAME_EXCED_RANGE);
        return FALSE;
    }
    RtlMultiByteToUnicodeN(Buffer, MAX_PATH * sizeof(WCHAR), &Bytes, Name, Length);
    Buffer[Bytes / sizeof(WCHAR)] = 0;
    *Result = Buffer;
    return TRUE;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/* ---- Events ---------------------------------------------------------------------------- */

/* @implemented: see win/sync.h. */
HANDLE WINAPI CreateEventExW(LPSECURITY_ATTRIBUTES lpEventAttributes, LPCWSTR lpName,
                             DWORD dwFlags, DWORD dwDesiredAccess)
{
    BASE_OBJECT_NAME Object;
    POBJECT_ATTRIBUTES Attributes;
    HANDLE Handle = NULL;
    NTSTATUS Status;

    if (dwFlags & ~(CREATE_EVENT_MANUAL_RESET | CREATE_EVENT_INITIAL_SET)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    Attributes = BasepFormatObjectAttributes(&Object, lpEventAttributes, lpName, OBJ_OPENIF);
    if (Attributes == BASE_BAD_ATTRIBUTES)
        return NULL;
    Status = NT_SYSCALL(NtCreateEvent(&Handle, dwDesiredAccess, Attributes,
                                      (dwFlags & CREATE_EVENT_MANUAL_RESET) ? NotificationEvent
                                                                            : SynchronizationEvent,
                                      (dwFlags & CREATE_EVENT_INITIAL_SET) != 0));
    return BasepCreateResult(Status, Handle);
}

/* @implemented */
HANDLE WINAPI CreateEventExA(LPSECURITY_ATTRIBUTES lpEventAttributes, LPCSTR lpName,
                             DWORD dwFlags, DWORD dwDesiredAccess)
{
    WCHAR Buffer[MAX_PATH + 1];
    LPCWSTR Name;

    if (!BasepAnsiNameToUnicode(lpName, Buffer, &Name))
        return NULL;
    return CreateEventExW(lpEventAttributes, Name, dwFlags, dwDesiredAccess);
}

/* @implemented */
HANDLE WINAPI CreateEventW(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset,
                           BOOL bInitialState, LPCWSTR lpName)
{
    return CreateEventExW(lpEventAttributes, lpName,
                          (bManualReset ? CREATE_EVENT_MANUAL_RESET : 0) |
                              (bInitialState ? CREATE_EVENT_INITIAL_SET : 0),
                          EVENT_ALL_ACCESS);
}

/* @implemented */
HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset,
                           BOOL bInitialState, LPCSTR lpName)
{
    return CreateEventExA(lpEventAttributes, lpName,
                          (bManualReset ? CREATE_EVENT_MANUAL_RESET : 0) |
                              (bInitialState ? CREATE_EVENT_INITIAL_SET : 0),
                          EVENT_ALL_ACCESS);
}

/* The Open... functions: a name is required. */
typedef NTSTATUS (NTAPI *BASEP_OPEN_SERVICE)(PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES);

static HANDLE BasepOpenNamed(BASEP_OPEN_SERVICE Service, DWORD dwDesiredAccess,
                             BOOL bInheritHandle, LPCWSTR lpName)
{
    BASE_OBJECT_NAME Object;
    SECURITY_ATTRIBUTES Inherit = { sizeof(Inherit), NULL, bInheritHandle };
    POBJECT_ATTRIBUTES Attributes;
    HANDLE Handle = NULL;
    NTSTATUS Status;

    if (lpName == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (lpName[0] == 0) {
        SetLastError(ERROR_FILE_NOT_FOUND);   /* no object has an empty name */
        return NULL;
    }
    Attributes = BasepFormatObjectAttributes(&Object, &Inherit, lpName, 0);
    if (Attributes == BASE_BAD_ATTRIBUTES)
        return NULL;
    Status = NT_SYSCALL(Service(&Handle, dwDesiredAccess, Attributes));
    return BasepOpenResult(Status, Handle);
}

static HANDLE BasepOpenNamedA(BASEP_OPEN_SERVICE Service, DWORD dwDesiredAccess,
                              BOOL bInheritHandle, LPCSTR lpName)
{
    WCHAR Buffer[MAX_PATH + 1];
    LPCWSTR Name;

    if (!BasepAnsiNameToUnicode(lpName, Buffer, &Name))
        return NULL;
    return BasepOpenNamed(Service, dwDesiredAccess, bInheritHandle, Name);
}

/* @implemented */
HANDLE WINAPI OpenEventW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName)
{
    return BasepOpenNamed(NtOpenEvent, dwDesiredAccess, bInheritHandle, lpName);
}

/* @implemented */
HANDLE WINAPI OpenEventA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName)
{
    return BasepOpenNamedA(NtOpenEvent, dwDesiredAccess, bInheritHandle, lpName);
}

/* @implemented */
BOOL WINAPI SetEvent(HANDLE hEvent)
{
    return BasepBoolResult(NT_SYSCALL(NtSetEvent(hEvent, NULL)));
}

/* @implemented */
BOOL WINAPI ResetEvent(HANDLE hEvent)
{
    return BasepBoolResult(NT_SYSCALL(NtResetEvent(hEvent, NULL)));
}

/* @implemented */
BOOL WINAPI PulseEvent(HANDLE hEvent)
{
    return BasepBoolResult(NT_SYSCALL(NtPulseEvent(hEvent, NULL)));
}

/* ---- Semaphores ------------------------------------------------------------------------ */

/* @implemented */
HANDLE WINAPI CreateSemaphoreExW(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount,
                                 LONG lMaximumCount, LPCWSTR lpName, DWORD dwFlags,
                                 DWORD dwDesiredAccess)
{
    BASE_OBJECT_NAME Object;
    POBJECT_ATTRIBUTES Attributes;
    HANDLE Handle = NULL;
    NTSTATUS Status;

    if (dwFlags != 0) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    Attributes = BasepFormatObjectAttributes(&Object, lpSemaphoreAttributes, lpName, OBJ_OPENIF);
    if (Attributes == BASE_BAD_ATTRIBUTES)
        return NULL;
    Status = NT_SYSCALL(NtCreateSemaphore(&Handle, dwDesiredAccess, Attributes, lInitialCount,
                                          lMaximumCount));
    return BasepCreateResult(Status, Handle);
}

/* @implemented */
HANDLE WINAPI CreateSemaphoreExA(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount,
                                 LONG lMaximumCount, LPCSTR lpName, DWORD dwFlags,
                                 DWORD dwDesiredAccess)
{
    WCHAR Buffer[MAX_PATH + 1];
    LPCWSTR Name;

    if (!BasepAnsiNameToUnicode(lpName, Buffer, &Name))
        return NULL;
    return CreateSemaphoreExW(lpSemaphoreAttributes, lInitialCount, lMaximumCount, Name, dwFlags,
                              dwDesiredAccess);
}

/* @implemented */
HANDLE WINAPI CreateSemaphoreW(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount,
                               LONG lMaximumCount, LPCWSTR lpName)
{
    return CreateSemaphoreExW(lpSemaphoreAttributes, lInitialCount, lMaximumCount, lpName, 0,
                              SEMAPHORE_ALL_ACCESS);
}

/* @implemented */
HANDLE WINAPI CreateSemaphoreA(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount,
                               LONG lMaximumCount, LPCSTR lpName)
{
    return CreateSemaphoreExA(lpSemaphoreAttributes, lInitialCount, lMaximumCount, lpName, 0,
                              SEMAPHORE_ALL_ACCESS);
}

/* @implemented */
HANDLE WINAPI OpenSemaphoreW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName)
{
    return BasepOpenNamed(NtOpenSemaphore, dwDesiredAccess, bInheritHandle, lpName);
}

/* @implemented */
HANDLE WINAPI OpenSemaphoreA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName)
{
    return BasepOpenNamedA(NtOpenSemaphore, dwDesiredAccess, bInheritHandle, lpName);
}

/* @implemented */
BOOL WINAPI ReleaseSemaphore(HANDLE hSemaphore, LONG lReleaseCount, LPLONG lpPreviousCount)
{
    return BasepBoolResult(NT_SYSCALL(NtReleaseSemaphore(hSemaphore, lReleaseCount,
                                                         lpPreviousCount)));
}

/* ---- Mutexes --------------------------------------------------------------------------- */

/* @implemented */
HANDLE WINAPI CreateMutexExW(LPSECURITY_ATTRIBUTES lpMutexAttributes, LPCWSTR lpName,
                             DWORD dwFlags, DWORD dwDesiredAccess)
{
    BASE_OBJECT_NAME Object;
    POBJECT_ATTRIBUTES Attributes;
    HANDLE Handle = NULL;
    NTSTATUS Status;

    if (dwFlags & ~CREATE_MUTEX_INITIAL_OWNER) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    Attributes = BasepFormatObjectAttributes(&Object, lpMutexAttributes, lpName, OBJ_OPENIF);
    if (Attributes == BASE_BAD_ATTRIBUTES)
        return NULL;
    Status = NT_SYSCALL(NtCreateMutant(&Handle, dwDesiredAccess, Attributes,
                                       (dwFlags & CREATE_MUTEX_INITIAL_OWNER) != 0));
    return BasepCreateResult(Status, Handle);
}

/* @implemented */
HANDLE WINAPI CreateMutexExA(LPSECURITY_ATTRIBUTES lpMutexAttributes, LPCSTR lpName,
                             DWORD dwFlags, DWORD dwDesiredAccess)
{
    WCHAR Buffer[MAX_PATH + 1];
    LPCWSTR Name;

    if (!BasepAnsiNameToUnicode(lpName, Buffer, &Name))
        return NULL;
    return CreateMutexExW(lpMutexAttributes, Name, dwFlags, dwDesiredAccess);
}

/* @implemented */
HANDLE WINAPI CreateMutexW(LPSECURITY_ATTRIBUTES lpMutexAttributes, BOOL bInitialOwner,
                           LPCWSTR lpName)
{
    return CreateMutexExW(lpMutexAttributes, lpName,
                          bInitialOwner ? CREATE_MUTEX_INITIAL_OWNER : 0, MUTEX_ALL_ACCESS);
}

/* @implemented */
HANDLE WINAPI CreateMutexA(LPSECURITY_ATTRIBUTES lpMutexAttributes, BOOL bInitialOwner,
                           LPCSTR lpName)
{
    return CreateMutexExA(lpMutexAttributes, lpName,
                          bInitialOwner ? CREATE_MUTEX_INITIAL_OWNER : 0, MUTEX_ALL_ACCESS);
}

/* @implemented */
HANDLE WINAPI OpenMutexW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName)
{
    return BasepOpenNamed(NtOpenMutant, dwDesiredAccess, bInheritHandle, lpName);
}

/* @implemented */
HANDLE WINAPI OpenMutexA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName)
{
    return BasepOpenNamedA(NtOpenMutant, dwDesiredAccess, bInheritHandle, lpName);
}

/* @implemented */
BOOL WINAPI ReleaseMutex(HANDLE hMutex)
{
    return BasepBoolResult(NT_SYSCALL(NtReleaseMutant(hMutex, NULL)));
}

/* ---- Waits ----------------------------------------------------------------------------- */

/* @implemented */
DWORD WINAPI WaitForSingleObjectEx(HANDLE hHandle, DWORD dwMilliseconds, BOOL bAlertable)
{
    LARGE_INTEGER Timeout;

    return BasepWaitResult(NT_SYSCALL(NtWaitForSingleObject(
        hHandle, bAlertable != FALSE, BaseFormatTimeOut(&Timeout, dwMilliseconds))));
}

/* @implemented */
DWORD WINAPI WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds)
{
    return WaitForSingleObjectEx(hHandle, dwMilliseconds, FALSE);
}

/* @implemented */
DWORD WINAPI WaitForMultipleObjectsEx(DWORD nCount, CONST HANDLE *lpHandles, BOOL bWaitAll,
                                      DWORD dwMilliseconds, BOOL bAlertable)
{
    LARGE_INTEGER Timeout;

    if (nCount > MAXIMUM_WAIT_OBJECTS) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return WAIT_FAILED;
    }
    return BasepWaitResult(NT_SYSCALL(NtWaitForMultipleObjects(
        nCount, (HANDLE *)lpHandles, bWaitAll ? WaitAll : WaitAny, bAlertable != FALSE,
        BaseFormatTimeOut(&Timeout, dwMilliseconds))));
}

/* @implemented */
DWORD WINAPI WaitForMultipleObjects(DWORD nCount, CONST HANDLE *lpHandles, BOOL bWaitAll,
                                    DWORD dwMilliseconds)
{
    return WaitForMultipleObjectsEx(nCount, lpHandles, bWaitAll, dwMilliseconds, FALSE);
}

/* @implemented */
DWORD WINAPI SignalObjectAndWait(HANDLE hObjectToSignal, HANDLE hObjectToWaitOn,
                                 DWORD dwMilliseconds, BOOL bAlertable)
{
    LARGE_INTEGER Timeout;

    return BasepWaitResult(NT_SYSCALL(NtSignalAndWaitForSingleObject(
        hObjectToSignal, hObjectToWaitOn, bAlertable != FALSE,
        BaseFormatTimeOut(&Timeout, dwMilliseconds))));
}

/* @implemented: returns 0, or WAIT_IO_COMPLETION when bAlertable and user APCs ran. */
DWORD WINAPI SleepEx(DWORD dwMilliseconds, BOOL bAlertable)
{
    LARGE_INTEGER Interval;
    NTSTATUS Status;

    if (dwMilliseconds == INFINITE)
        Interval.QuadPart = -MAXLONGLONG;   /* as long as it takes */
    else
        Interval.QuadPart = -(LONGLONG)dwMilliseconds * 10000;
    Status = NT_SYSCALL(NtDelayExecution(bAlertable != FALSE, &Interval));
    return Status == STATUS_USER_APC ? WAIT_IO_COMPLETION : 0;
}

/* @implemented */
VOID WINAPI Sleep(DWORD dwMilliseconds)
{
    SleepEx(dwMilliseconds, FALSE);
}
