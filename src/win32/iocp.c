/*
 * PURPOSE: Win32 I/O completion ports: CreateIoCompletionPort, GetQueuedCompletionStatus(Ex),
 * PostQueuedCompletionStatus, on the I/O manager's completion objects (NtCreateIoCompletion,
 * NtRemoveIoCompletion(Ex), NtSetIoCompletion) and FileCompletionInformation, which binds a
 * file object to a port with a key: each request of that file that has an ApcContext (the
 * OVERLAPPED kernel32 passes) then queues a packet when it completes.
 */

/* INCLUDES ******************************************************************************/

#include "fileiop.h"

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * CreateIoCompletionPort
 * @implemented
 * See include/um/win/io.h. A port created here for a file binding is closed again when the
 * binding fails.
 */
HANDLE WINAPI CreateIoCompletionPort(HANDLE FileHandle, HANDLE ExistingCompletionPort,
                                     ULONG_PTR CompletionKey, DWORD NumberOfConcurrentThreads)
{
    FILE_COMPLETION_INFORMATION Completion;
    IO_STATUS_BLOCK IoStatus;
    HANDLE Port = ExistingCompletionPort;
    NTSTATUS Status;

    if (FileHandle == INVALID_HANDLE_VALUE && ExistingCompletionPort != NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (Port == NULL) {
        Status = NT_SYSCALL(NtCreateIoCompletion(&Port, IO_COMPLETION_ALL_ACCESS, NULL,
                                                 NumberOfConcurrentThreads));
        if (!NT_SUCCESS(Status)) {
            BaseSetLastNTError(Status);
            return NULL;
        }
    }
    if (FileHandle == INVALID_HANDLE_VALUE)
        return Port;

    Completion.Port = Port;
    Completion.Key = (PVOID)CompletionKey;
    Status = NT_SYSCALL(NtSetInformationFile(FileHandle, &IoStatus, &Completion,
                                             sizeof(Completion), FileCompletionInformation));
    if (!NT_SUCCESS(Status)) {
        if (ExistingCompletionPort == NULL)
            NT_SYSCALL(NtClose(Port));
        BaseSetLastNTError(Status);
        return NULL;
    }
    return Port;
}

/*
 * GetQueuedCompletionStatus
 * @implemented
 * See include/um/win/io.h. A packet of a failed request returns FALSE with the outputs
 * filled and its status as the last error; no packet: FALSE with *lpOverlapped NULL.
 */
BOOL WINAPI GetQueuedCompletionStatus(HANDLE CompletionPort, LPDWORD lpNumberOfBytesTransferred,
                                      PULONG_PTR lpCompletionKey, LPOVERLAPPED *lpOverlapped,
                                      DWORD dwMilliseconds)
{
    LARGE_INTEGER Buffer;
    IO_STATUS_BLOCK IoStatus;
    PVOID Key = NULL, ApcContext = NULL;
    NTSTATUS Status;

    Status = NT_SYSCALL(NtRemoveIoCompletion(CompletionPort, &Key, &ApcContext, &IoStatus,
                                             BaseFormatTimeOut(&Buffer, dwMilliseconds)));
    /* kernel32 writes the outputs in user mode, after the packet was dequeued */
    BasepUserAccess(lpOverlapped, sizeof(*lpOverlapped));
    if (Status == STATUS_TIMEOUT || Status == STATUS_ABANDONED || !NT_SUCCESS(Status)) {
        *lpOverlapped = NULL;
        if (Status == STATUS_TIMEOUT)
            SetLastError(WAIT_TIMEOUT);
        else if (Status == STATUS_ABANDONED)
            SetLastError(ERROR_ABANDONED_WAIT_0);   /* the port's last handle closed */
        else
            BaseSetLastNTError(Status);
        return FALSE;
    }
    BasepUserAccess(lpCompletionKey, sizeof(*lpCompletionKey));
    BasepUserAccess(lpNumberOfBytesTransferred, sizeof(DWORD));
    *lpCompletionKey = (ULONG_PTR)Key;
    *lpNumberOfBytesTransferred = (DWORD)IoStatus.Information;
    *lpOverlapped = ApcContext;
    if (!NT_SUCCESS(IoStatus.Status)) {
        BaseSetLastNTError(IoStatus.Status);
        return FALSE;
    }
    return TRUE;
}

/*
 * GetQueuedCompletionStatusEx
 * @implemented
 * See include/um/win/io.h. OVERLAPPED_ENTRY has the layout of the native
 * FILE_IO_COMPLETION_INFORMATION (key, context, status, count), so the entries are filled
 * in place.
 */
BOOL WINAPI GetQueuedCompletionStatusEx(HANDLE CompletionPort,
                                        LPOVERLAPPED_ENTRY lpCompletionPortEntries, ULONG ulCount,
                                        PULONG ulNumEntriesRemoved, DWORD dwMilliseconds,
                                        BOOL fAlertable)
{
    LARGE_INTEGER Buffer;
    NTSTATUS Status;

    C_ASSERT(sizeof(OVERLAPPED_ENTRY) == sizeof(FILE_IO_COMPLETION_INFORMATION));
    C_ASSERT(FIELD_OFFSET(OVERLAPPED_ENTRY, Internal) ==
             FIELD_OFFSET(FILE_IO_COMPLETION_INFORMATION, IoStatusBlock.Status));
    C_ASSERT(FIELD_OFFSET(OVERLAPPED_ENTRY, dwNumberOfBytesTransferred) ==
             FIELD_OFFSET(FILE_IO_COMPLETION_INFORMATION, IoStatusBlock.Information));
    Status = NT_SYSCALL(NtRemoveIoCompletionEx(
        CompletionPort, (PFILE_IO_COMPLETION_INFORMATION)(PVOID)lpCompletionPortEntries, ulCount,
        ulNumEntriesRemoved, BaseFormatTimeOut(&Buffer, dwMilliseconds), fAlertable != FALSE));
    if (Status == STATUS_SUCCESS)
        return TRUE;
    if (Status == STATUS_TIMEOUT)
        SetLastError(WAIT_TIMEOUT);
    else if (Status == STATUS_USER_APC)
        SetLastError(WAIT_IO_COMPLETION);
    else if (Status == STATUS_ABANDONED)
        SetLastError(ERROR_ABANDONED_WAIT_0);
    else
        BaseSetLastNTError(Status);
    return FALSE;
}

/*
 * PostQueuedCompletionStatus
 * @implemented
 * Queues a packet with status success; ERROR_INVALID_HANDLE, ERROR_ACCESS_DENIED.
 */
BOOL WINAPI PostQueuedCompletionStatus(HANDLE CompletionPort, DWORD dwNumberOfBytesTransferred,
                                       ULONG_PTR dwCompletionKey, LPOVERLAPPED lpOverlapped)
{
    NTSTATUS Status = NT_SYSCALL(NtSetIoCompletion(CompletionPort, (PVOID)dwCompletionKey,
                                                   lpOverlapped, STATUS_SUCCESS,
                                                   dwNumberOfBytesTransferred));
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}
