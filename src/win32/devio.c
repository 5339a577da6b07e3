/*
 * PURPOSE: Win32 device I/O and overlapped results: DeviceIoControl, GetOverlappedResult(Ex),
 * CancelIo, CancelIoEx. Each is the user-mode half of a native service of the I/O manager
 * (NtDeviceIoControlFile, NtCancelIoFile(Ex)), called through NT_SYSCALL so the I/O manager
 * probes the caller's buffers and checks the handle's access as Windows does.
 */

/* INCLUDES ******************************************************************************/

#include "fileiop.h"

/* PRIVATE FUNCTIONS *********************************************************************/

NTSTATUS BasepWaitForPendingRequest(HANDLE Handle, PIO_STATUS_BLOCK IoStatus)
{
    NTSTATUS Status = NT_SYSCALL(NtWaitForSingleObject(Handle, FALSE, NULL));

    if (NT_SUCCESS(Status))
        Status = IoStatus->Status;
    return Status;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * DeviceIoControl
 * @implemented
 * See include/um/win/io.h. As kernel32: synchronously, a warning status (ERROR_MORE_DATA)
 * still reports the byte count; with an OVERLAPPED, Internal is STATUS_PENDING before the
 * request starts, and the count is reported only when the request completed at once.
 */
BOOL WINAPI DeviceIoControl(HANDLE hDevice, DWORD dwIoControlCode, LPVOID lpInBuffer,
                            DWORD nInBufferSize, LPVOID lpOutBuffer, DWORD nOutBufferSize,
                            LPDWORD lpBytesReturned, LPOVERLAPPED lpOverlapped)
{
    IO_STATUS_BLOCK IoStatus;
    NTSTATUS Status;

    BasepUserAccess(lpOverlapped, sizeof(OVERLAPPED));
    if (lpOverlapped != NULL) {
        lpOverlapped->Internal = (ULONG_PTR)STATUS_PENDING;
        Status = NT_SYSCALL(NtDeviceIoControlFile(
            hDevice, lpOverlapped->hEvent, NULL, BasepOverlappedApcContext(lpOverlapped),
            BasepOverlappedIosb(lpOverlapped), dwIoControlCode, lpInBuffer, nInBufferSize,
            lpOutBuffer, nOutBufferSize));
        if (!NT_ERROR(Status) && Status != STATUS_PENDING && lpBytesReturned != NULL) {
            BasepUserAccess(lpBytesReturned, sizeof(DWORD));    /* after the request, as kernel32 */
            *lpBytesReturned = (DWORD)lpOverlapped->InternalHigh;
        }
        if (NT_SUCCESS(Status) && Status != STATUS_PENDING)
            return TRUE;
        BaseSetLastNTError(Status);
        return FALSE;
    }

    IoStatus.Status = STATUS_SUCCESS;
    IoStatus.Information = 0;
    Status = NT_SYSCALL(NtDeviceIoControlFile(hDevice, NULL, NULL, NULL, &IoStatus,
                                              dwIoControlCode, lpInBuffer, nInBufferSize,
                                              lpOutBuffer, nOutBufferSize));
    Status = BasepWaitForRequest(hDevice, Status, &IoStatus);
    if (!NT_ERROR(Status) && lpBytesReturned != NULL) {
        BasepUserAccess(lpBytesReturned, sizeof(DWORD));
        *lpBytesReturned = (DWORD)IoStatus.Information;
    }
    if (NT_SUCCESS(Status))
        return TRUE;
    BaseSetLastNTError(Status);
    return FALSE;
}

/*
 * GetOverlappedResultEx
 * @implemented
 * See include/um/win/io.h. The request's status and count are read from the OVERLAPPED
 * (the I/O manager writes them before it signals the event).
 */
BOOL WINAPI GetOverlappedResultEx(HANDLE hFile, LPOVERLAPPED lpOverlapped,
                                  LPDWORD lpNumberOfBytesTransferred, DWORD dwMilliseconds,
                                  BOOL bAlertable)
{
    NTSTATUS Status;

    BasepUserAccess(lpOverlapped, sizeof(OVERLAPPED));
    if (__atomic_load_n(&lpOverlapped->Internal, __ATOMIC_ACQUIRE) == (ULONG_PTR)STATUS_PENDING) {
        HANDLE Wait = lpOverlapped->hEvent != NULL ? lpOverlapped->hEvent : hFile;
        DWORD Result;

        if (dwMilliseconds == 0) {
            SetLastError(ERROR_IO_INCOMPLETE);
            return FALSE;
        }
        Result = WaitForSingleObjectEx(Wait, dwMilliseconds, bAlertable);
        if (Result == WAIT_FAILED)
            return FALSE;
        if (Result == WAIT_TIMEOUT || Result == WAIT_IO_COMPLETION) {
            SetLastError(Result);
            return FALSE;
        }
    }
    Status = (NTSTATUS)__atomic_load_n(&lpOverlapped->Internal, __ATOMIC_ACQUIRE);
    BasepUserAccess(lpNumberOfBytesTransferred, sizeof(DWORD));
    *lpNumberOfBytesTransferred = (DWORD)lpOverlapped->InternalHigh;
    if (NT_SUCCESS(Status))
        return TRUE;
    BaseSetLastNTError(Status);
    return FALSE;
}

/*
 * GetOverlappedResult
 * @implemented
 * GetOverlappedResultEx waiting forever (bWait) or not at all, never alertably.
 */
BOOL WINAPI GetOverlappedResult(HANDLE hFile, LPOVERLAPPED lpOverlapped,
                                LPDWORD lpNumberOfBytesTransferred, BOOL bWait)
{
    return GetOverlappedResultEx(hFile, lpOverlapped, lpNumberOfBytesTransferred,
                                 bWait ? INFINITE : 0, FALSE);
}

/*
 * CancelIo
 * @implemented
 * The calling thread's requests on hFile (NtCancelIoFile waits until they completed).
 */
BOOL WINAPI CancelIo(HANDLE hFile)
{
    IO_STATUS_BLOCK IoStatus;
    NTSTATUS Status = NT_SYSCALL(NtCancelIoFile(hFile, &IoStatus));

    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}

/*
 * CancelIoEx
 * @implemented
 * Every thread's requests on hFile, or the one of lpOverlapped; ERROR_NOT_FOUND when none.
 */
BOOL WINAPI CancelIoEx(HANDLE hFile, LPOVERLAPPED lpOverlapped)
{
    IO_STATUS_BLOCK IoStatus;
    NTSTATUS Status = NT_SYSCALL(NtCancelIoFileEx(hFile, BasepOverlappedIosb(lpOverlapped),
                                                  &IoStatus));

    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}
