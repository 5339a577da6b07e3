/*
 * PURPOSE: The native (Nt*) file and I/O completion services the Win32 side calls, beyond
 * the ones the WDK headers declare (NtCreateFile, NtReadFile, ... are in ntifs.h, see
 * include/km/wdm/io_file.h). Implemented in src/io (iocompletion.c, ntfile.c).
 *
 * Every Nt* service works for the caller's previous mode (ExGetPreviousMode): with UserMode
 * it probes and captures what the caller passed (bad pointers give STATUS_ACCESS_VIOLATION
 * or STATUS_DATATYPE_MISALIGNMENT, never a crash), uses the process handle table and checks
 * the handle's granted access.
 */
#ifndef _KMODE_INTERNAL_NTFILE_H_
#define _KMODE_INTERNAL_NTFILE_H_

#include <ntifs.h>

/* ==== I/O completion objects (src/io/iocompletion.c) ================================== */

#define IO_COMPLETION_QUERY_STATE  0x0001
#define IO_COMPLETION_MODIFY_STATE 0x0002
#define IO_COMPLETION_ALL_ACCESS   (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x3)

/* One dequeued packet (NtRemoveIoCompletionEx). */
typedef struct _FILE_IO_COMPLETION_INFORMATION {
    PVOID KeyContext;
    PVOID ApcContext;
    IO_STATUS_BLOCK IoStatusBlock;
} FILE_IO_COMPLETION_INFORMATION, *PFILE_IO_COMPLETION_INFORMATION;

typedef enum _IO_COMPLETION_INFORMATION_CLASS {
    IoCompletionBasicInformation
} IO_COMPLETION_INFORMATION_CLASS;

typedef struct _IO_COMPLETION_BASIC_INFORMATION {
    LONG Depth;                  /* packets queued */
} IO_COMPLETION_BASIC_INFORMATION, *PIO_COMPLETION_BASIC_INFORMATION;

/*
 * Creates an I/O completion object (a KQUEUE with a concurrency limit of Count; 0 = the
 * number of processors). Named with ObjectAttributes like any object (OBJ_OPENIF opens an
 * existing one).
 */
NTSTATUS NTAPI NtCreateIoCompletion(_Out_ PHANDLE IoCompletionHandle,
                                    _In_ ACCESS_MASK DesiredAccess,
                                    _In_opt_ POBJECT_ATTRIBUTES ObjectAttributes,
                                    _In_ ULONG Count);

/* Opens a named I/O completion object. */
NTSTATUS NTAPI NtOpenIoCompletion(_Out_ PHANDLE IoCompletionHandle,
                                  _In_ ACCESS_MASK DesiredAccess,
                                  _In_ POBJECT_ATTRIBUTES ObjectAttributes);

/*
 * Queues a packet (PostQueuedCompletionStatus): needs IO_COMPLETION_MODIFY_STATE.
 * STATUS_INSUFFICIENT_RESOURCES when no packet can be allocated.
 */
NTSTATUS NTAPI NtSetIoCompletion(_In_ HANDLE IoCompletionHandle, _In_opt_ PVOID KeyContext,
                                 _In_opt_ PVOID ApcContext, _In_ NTSTATUS IoStatus,
                                 _In_ ULONG_PTR IoStatusInformation);

/*
 * Dequeues one packet (GetQueuedCompletionStatus): needs IO_COMPLETION_MODIFY_STATE.
 * STATUS_SUCCESS with the packet's key, APC context and I/O status; STATUS_TIMEOUT (the
 * outputs are untouched); STATUS_ABANDONED when the object's last handle closed while
 * waiting (or before). Timeout as KeWaitForSingleObject's; NULL waits forever.
 */
NTSTATUS NTAPI NtRemoveIoCompletion(_In_ HANDLE IoCompletionHandle, _Out_ PVOID *KeyContext,
                                    _Out_ PVOID *ApcContext,
                                    _Out_ PIO_STATUS_BLOCK IoStatusBlock,
                                    _In_opt_ PLARGE_INTEGER Timeout);

/*
 * Dequeues up to Count packets (GetQueuedCompletionStatusEx); *NumEntriesRemoved receives
 * how many (0 on a timeout). Count 0: STATUS_INVALID_PARAMETER. Alertable is accepted;
 * kmode delivers no user APCs to this wait yet.
 */
NTSTATUS NTAPI NtRemoveIoCompletionEx(_In_ HANDLE IoCompletionHandle,
                                      _Out_writes_to_(Count, *NumEntriesRemoved)
                                          PFILE_IO_COMPLETION_INFORMATION IoCompletionInformation,
                                      _In_ ULONG Count, _Out_ PULONG NumEntriesRemoved,
                                      _In_opt_ PLARGE_INTEGER Timeout, _In_ BOOLEAN Alertable);

/* IoCompletionBasicInformation: the number of queued packets. Needs
   IO_COMPLETION_QUERY_STATE; Length must be sizeof(IO_COMPLETION_BASIC_INFORMATION). */
NTSTATUS NTAPI NtQueryIoCompletion(_In_ HANDLE IoCompletionHandle,
                                   _In_ IO_COMPLETION_INFORMATION_CLASS InformationClass,
                                   _Out_writes_bytes_(Length) PVOID IoCompletionInformation,
                                   _In_ ULONG Length, _Out_opt_ PULONG ResultLength);

/* ==== Nt* file I/O (src/io/ntfile.c, create.c, rw.c, ioctl.c) ========================= */

#endif /* _KMODE_INTERNAL_NTFILE_H_ */
