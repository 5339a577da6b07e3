/*
 * PURPOSE: The last-error value (GetLastError / SetLastError) and the NTSTATUS to Win32
 * mapping the Win32 functions apply to a failed native service.
 *
 * Per thread, as the TEB's LastErrorValue on Windows: a host thread-local variable, so it
 * exists on every thread from the start (zero: ERROR_SUCCESS).
 */

/* INCLUDES ******************************************************************************/

#include <internal/win32.h>

/* GLOBALS *******************************************************************************/

static __thread DWORD BasepLastError;

/* PUBLIC FUNCTIONS (internal) ***********************************************************/

ULONG BaseSetLastNTError(NTSTATUS Status)
{
    ULONG Error = RtlNtStatusToDosError(Status);
    BasepLastError = Error;
    return Error;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/* @implemented: the calling thread's last-error code. */
DWORD WINAPI GetLastError(VOID)
{
    return BasepLastError;
}

/* @implemented: sets the calling thread's last-error code (any value, as on Windows). */
VOID WINAPI SetLastError(DWORD dwErrCode)
{
    BasepLastError = dwErrCode;
}
