/*
 * PURPOSE: Handles: CloseHandle, DuplicateHandle, GetHandleInformation,
 * SetHandleInformation. Handles are the object manager's process-table handles; every
 * call is a system call (NT_SYSCALL), so kernel handles are invalid here.
 */

/* INCLUDES ******************************************************************************/

#include <internal/win32.h>
#include <internal/ob.h>

/* PRIVATE FUNCTIONS *********************************************************************/

static BOOL BasepIsPseudoHandle(HANDLE Handle)
{
    return Handle == NtCurrentProcess() || Handle == NtCurrentThread();
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * FALSE with ERROR_INVALID_HANDLE for a handle that is not open (NULL, closed already, a
 * kernel handle) or is protected from close. The pseudo handles (GetCurrentProcess, which
 * is also INVALID_HANDLE_VALUE's value, and GetCurrentThread): TRUE, nothing to close.
 */
BOOL WINAPI CloseHandle(HANDLE hObject)
{
    NTSTATUS Status;

    if (BasepIsPseudoHandle(hObject))
        return TRUE;
    Status = NT_SYSCALL(NtClose(hObject));
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}

/*
 * @implemented
 * Within the current process (the process handles must be GetCurrentProcess() or a handle
 * to it). DUPLICATE_SAME_ACCESS copies the access, else dwDesiredAccess is granted;
 * bInheritHandle sets HANDLE_FLAG_INHERIT; DUPLICATE_CLOSE_SOURCE closes the source in any
 * case. Errors: ERROR_INVALID_HANDLE, ERROR_NOACCESS (lpTargetHandle not writable).
 */
BOOL WINAPI DuplicateHandle(HANDLE hSourceProcessHandle, HANDLE hSourceHandle,
                            HANDLE hTargetProcessHandle, LPHANDLE lpTargetHandle,
                            DWORD dwDesiredAccess, BOOL bInheritHandle, DWORD dwOptions)
{
    NTSTATUS Status;

    Status = NT_SYSCALL(NtDuplicateObject(hSourceProcessHandle, hSourceHandle,
                                          hTargetProcessHandle, lpTargetHandle, dwDesiredAccess,
                                          bInheritHandle ? OBJ_INHERIT : 0, dwOptions));
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}

/* @implemented: HANDLE_FLAG_INHERIT / HANDLE_FLAG_PROTECT_FROM_CLOSE; ERROR_INVALID_HANDLE. */
BOOL WINAPI GetHandleInformation(HANDLE hObject, LPDWORD lpdwFlags)
{
    ULONG Attributes = 0;
    NTSTATUS Status;

    Status = NT_SYSCALL(NtpQueryHandleAttributes(hObject, &Attributes));
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    *lpdwFlags = ((Attributes & OBJ_INHERIT) ? HANDLE_FLAG_INHERIT : 0) |
                 ((Attributes & OBJ_PROTECT_CLOSE) ? HANDLE_FLAG_PROTECT_FROM_CLOSE : 0);
    return TRUE;
}

/*
 * @implemented
 * Changes the flags in dwMask to their value in dwFlags. ERROR_INVALID_HANDLE; a mask bit
 * other than the two flags: ERROR_INVALID_PARAMETER.
 */
BOOL WINAPI SetHandleInformation(HANDLE hObject, DWORD dwMask, DWORD dwFlags)
{
    const DWORD Known = HANDLE_FLAG_INHERIT | HANDLE_FLAG_PROTECT_FROM_CLOSE;
    ULONG Attributes = 0;
    NTSTATUS Status;

    if (dwMask & ~Known) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    Status = NT_SYSCALL(NtpQueryHandleAttributes(hObject, &Attributes));
    if (NT_SUCCESS(Status)) {
        DWORD Flags = ((Attributes & OBJ_INHERIT) ? HANDLE_FLAG_INHERIT : 0) |
                      ((Attributes & OBJ_PROTECT_CLOSE) ? HANDLE_FLAG_PROTECT_FROM_CLOSE : 0);
        Flags = (Flags & ~dwMask) | (dwFlags & dwMask);
        Status = NT_SYSCALL(NtpSetHandleAttributes(
            hObject, ((Flags & HANDLE_FLAG_INHERIT) ? OBJ_INHERIT : 0) |
                         ((Flags & HANDLE_FLAG_PROTECT_FROM_CLOSE) ? OBJ_PROTECT_CLOSE : 0)));
    }
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}
