/*
 * PURPOSE: windows.h part: device I/O and asynchronous I/O (ioapiset.h and the matching
 * parts of winbase.h/minwinbase.h): DeviceIoControl, overlapped results, cancellation, I/O
 * completion ports.
 *
 * Every function is the user-mode half of a native service of kmode's I/O manager
 * (NtDeviceIoControlFile, NtCancelIoFile(Ex), the I/O completion objects), called as a
 * system call: handles come from the process table, buffers are probed (a bad pointer is
 * ERROR_NOACCESS, never a crash) and the NTSTATUS of a failure becomes the last error as
 * Windows maps it. An OVERLAPPED is the request's IO_STATUS_BLOCK: Internal is the status
 * (STATUS_PENDING while the request runs), InternalHigh the byte count.
 * Implemented in src/win32/devio.c and src/win32/iocp.c (docs/win32.md, "Device and file I/O").
 */
#ifndef _KMODE_UM_WIN_IO_H_
#define _KMODE_UM_WIN_IO_H_

#include <win/base.h>

KMODE_EXTERN_C_START

/* TRUE once the request of an OVERLAPPED is no longer pending (0x103 is STATUS_PENDING,
   spelled out so the macro works under WIN32_NO_STATUS too). */
#define HasOverlappedIoCompleted(lpOverlapped) \
    (((DWORD)(lpOverlapped)->Internal) != (DWORD)0x00000103L)

/* A ReadFileEx / WriteFileEx completion routine (runs as a user APC of the issuing thread
   in one of its alertable waits). */
typedef VOID (WINAPI *LPOVERLAPPED_COMPLETION_ROUTINE)(_In_ DWORD dwErrorCode,
                                                        _In_ DWORD dwNumberOfBytesTransfered,
                                                        _Inout_ LPOVERLAPPED lpOverlapped);

/* One dequeued completion packet (GetQueuedCompletionStatusEx). */
typedef struct _OVERLAPPED_ENTRY {
    ULONG_PTR lpCompletionKey;
    LPOVERLAPPED lpOverlapped;
    ULONG_PTR Internal;
    DWORD dwNumberOfBytesTransferred;
} OVERLAPPED_ENTRY, *LPOVERLAPPED_ENTRY;

/* ==== Device I/O (src/win32/devio.c) ===================================================== */

/*
 * Sends the control code to the device (IRP_MJ_DEVICE_CONTROL, buffered per the code's
 * transfer method by the I/O manager).
 * Without lpOverlapped the call waits for the request (also on a handle opened with
 * FILE_FLAG_OVERLAPPED) and *lpBytesReturned receives the byte count. TRUE on success;
 * FALSE with the last error otherwise: a warning status (STATUS_BUFFER_OVERFLOW:
 * ERROR_MORE_DATA) still fills *lpBytesReturned, an error (STATUS_BUFFER_TOO_SMALL:
 * ERROR_INSUFFICIENT_BUFFER) does not.
 * With lpOverlapped: lpOverlapped->Internal is set to STATUS_PENDING and the request runs
 * asynchronously on an overlapped handle: FALSE with ERROR_IO_PENDING while it runs
 * (hEvent, or the handle itself without one, is signaled at the end; GetOverlappedResult
 * reports it); TRUE when it completed at once (*lpBytesReturned, when given, then holds the
 * count). An hEvent with its low bit set queues no completion packet to a port.
 * Errors: ERROR_INVALID_HANDLE, ERROR_ACCESS_DENIED (the handle lacks the code's
 * FILE_READ_ACCESS / FILE_WRITE_ACCESS), ERROR_NOACCESS (a buffer that cannot be
 * accessed), ERROR_INVALID_FUNCTION (the driver does not handle the code), or the driver's
 * status mapped. @implemented
 */
WINBASEAPI BOOL WINAPI DeviceIoControl(_In_ HANDLE hDevice, _In_ DWORD dwIoControlCode,
                                       _In_reads_bytes_opt_(nInBufferSize) LPVOID lpInBuffer,
                                       _In_ DWORD nInBufferSize,
                                       _Out_writes_bytes_to_opt_(nOutBufferSize, *lpBytesReturned) LPVOID lpOutBuffer,
                                       _In_ DWORD nOutBufferSize, _Out_opt_ LPDWORD lpBytesReturned,
                                       _Inout_opt_ LPOVERLAPPED lpOverlapped);

/*
 * The result of an overlapped request on hFile: *lpNumberOfBytesTransferred gets the count
 * (InternalHigh). While it is pending: bWait FALSE gives FALSE with ERROR_IO_INCOMPLETE;
 * bWait TRUE waits for lpOverlapped->hEvent (or the file handle without one). TRUE for a
 * success status; FALSE with the status mapped to the last error otherwise
 * (ERROR_OPERATION_ABORTED for a cancelled request, ERROR_MORE_DATA, ERROR_HANDLE_EOF...).
 * @implemented
 */
WINBASEAPI BOOL WINAPI GetOverlappedResult(_In_ HANDLE hFile, _In_ LPOVERLAPPED lpOverlapped,
                                           _Out_ LPDWORD lpNumberOfBytesTransferred,
                                           _In_ BOOL bWait);
/*
 * As GetOverlappedResult, waiting at most dwMilliseconds (0: not at all, INFINITE), alertably
 * when bAlertable. A timeout: FALSE with WAIT_TIMEOUT as the last error (ERROR_IO_INCOMPLETE
 * for dwMilliseconds 0); user APCs that ended the wait: FALSE with WAIT_IO_COMPLETION.
 * @implemented
 */
WINBASEAPI BOOL WINAPI GetOverlappedResultEx(_In_ HANDLE hFile, _In_ LPOVERLAPPED lpOverlapped,
                                             _Out_ LPDWORD lpNumberOfBytesTransferred,
                                             _In_ DWORD dwMilliseconds, _In_ BOOL bAlertable);

/*
 * Cancels the calling thread's pending requests on hFile and waits until they completed
 * (each completes, usually with ERROR_OPERATION_ABORTED). TRUE even when there were none;
 * ERROR_INVALID_HANDLE. @implemented
 */
WINBASEAPI BOOL WINAPI CancelIo(_In_ HANDLE hFile);
/*
 * Cancels the pending requests on hFile of every thread of the process, or only the one
 * whose OVERLAPPED is lpOverlapped; does not wait for them. FALSE with ERROR_NOT_FOUND when
 * nothing was pending (or lpOverlapped names no pending request). @implemented
 */
WINBASEAPI BOOL WINAPI CancelIoEx(_In_ HANDLE hFile, _In_opt_ LPOVERLAPPED lpOverlapped);

/* ==== I/O completion ports (src/win32/iocp.c) ============================================ */

/*
 * FileHandle INVALID_HANDLE_VALUE: creates a port (ExistingCompletionPort must be NULL)
 * with a concurrency of NumberOfConcurrentThreads (0: the number of processors); returns
 * it. Otherwise binds the file (opened with FILE_FLAG_OVERLAPPED: else
 * ERROR_INVALID_PARAMETER) to ExistingCompletionPort (or to a new port when it is NULL) with
 * CompletionKey, and returns the port. A file is bound to one port at most
 * (ERROR_INVALID_PARAMETER). NULL with the last error on failure. @implemented
 */
WINBASEAPI _Ret_maybenull_ HANDLE WINAPI CreateIoCompletionPort(_In_ HANDLE FileHandle,
                                                                _In_opt_ HANDLE ExistingCompletionPort,
                                                                _In_ ULONG_PTR CompletionKey,
                                                                _In_ DWORD NumberOfConcurrentThreads);
/*
 * Dequeues one packet, waiting at most dwMilliseconds. TRUE for a packet of a successful
 * request (or a posted one); FALSE with *lpOverlapped non-NULL for a failed request (its
 * status is the last error, the outputs are filled); FALSE with *lpOverlapped NULL when
 * nothing was dequeued: WAIT_TIMEOUT, ERROR_ABANDONED_WAIT_0 (the port was closed),
 * ERROR_INVALID_HANDLE. @implemented
 */
WINBASEAPI BOOL WINAPI GetQueuedCompletionStatus(_In_ HANDLE CompletionPort,
                                                 _Out_ LPDWORD lpNumberOfBytesTransferred,
                                                 _Out_ PULONG_PTR lpCompletionKey,
                                                 _Out_ LPOVERLAPPED *lpOverlapped,
                                                 _In_ DWORD dwMilliseconds);
/*
 * Dequeues up to ulCount packets (each entry's Internal is the request's status) into
 * lpCompletionPortEntries; *ulNumEntriesRemoved gets how many. FALSE: WAIT_TIMEOUT,
 * WAIT_IO_COMPLETION (fAlertable: user APCs ran), ERROR_ABANDONED_WAIT_0,
 * ERROR_INVALID_PARAMETER (ulCount 0). @implemented
 */
WINBASEAPI BOOL WINAPI GetQueuedCompletionStatusEx(_In_ HANDLE CompletionPort,
                                                   _Out_writes_to_(ulCount, *ulNumEntriesRemoved) LPOVERLAPPED_ENTRY lpCompletionPortEntries,
                                                   _In_ ULONG ulCount, _Out_ PULONG ulNumEntriesRemoved,
                                                   _In_ DWORD dwMilliseconds, _In_ BOOL fAlertable);
/* Queues a packet of the caller's choosing (status success). @implemented */
WINBASEAPI BOOL WINAPI PostQueuedCompletionStatus(_In_ HANDLE CompletionPort,
                                                  _In_ DWORD dwNumberOfBytesTransferred,
                                                  _In_ ULONG_PTR dwCompletionKey,
                                                  _In_opt_ LPOVERLAPPED lpOverlapped);

KMODE_EXTERN_C_END

#endif /* _KMODE_UM_WIN_IO_H_ */
