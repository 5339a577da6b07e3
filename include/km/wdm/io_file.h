/*
 * PURPOSE: wdm.h part: file objects and kernel-mode file I/O on devices (Zw*File) (src/io),
 * and, with ntifs.h, kernel queue objects (KQUEUE, src/ke/queue.c).
 */
#ifndef _KMODE_WDM_IO_FILE_H_
#define _KMODE_WDM_IO_FILE_H_

KMODE_EXTERN_C_START

/* ==== Opening files on devices ======================================================== */

/* IoCreateFile's CreateFileType. */
typedef enum _CREATE_FILE_TYPE {
    CreateFileTypeNone,
    CreateFileTypeNamedPipe,
    CreateFileTypeMailslot
} CREATE_FILE_TYPE;

/* IoCreateFile's Options. */
#define IO_FORCE_ACCESS_CHECK        0x0001
#define IO_NO_PARAMETER_CHECKING     0x0100
#define IO_REPARSE                   0x0
#define IO_REMOUNT                   0x1
#define IO_CHECK_CREATE_PARAMETERS   0x0200
#define IO_ATTACH_DEVICE             0x0400
#define IO_IGNORE_SHARE_ACCESS_CHECK 0x0800

/*
 * @implemented: PASSIVE_LEVEL. Opens ObjectAttributes' name (a device, or a name below one:
 * the rest becomes FileObject->FileName) and returns a handle. The device's driver gets
 * IRP_MJ_CREATE; its failure status fails the open (no handle). FILE_SYNCHRONOUS_IO_ALERT /
 * _NONALERT (with SYNCHRONIZE access) make a synchronous file object. A caller in user mode
 * (previous mode) has its arguments probed, unless IO_NO_PARAMETER_CHECKING.
 */
NTKERNELAPI NTSTATUS NTAPI IoCreateFile(
    _Out_ PHANDLE FileHandle, _In_ ACCESS_MASK DesiredAccess,
    _In_ POBJECT_ATTRIBUTES ObjectAttributes, _Out_ PIO_STATUS_BLOCK IoStatusBlock,
    _In_opt_ PLARGE_INTEGER AllocationSize, _In_ ULONG FileAttributes, _In_ ULONG ShareAccess,
    _In_ ULONG Disposition, _In_ ULONG CreateOptions, _In_opt_ PVOID EaBuffer,
    _In_ ULONG EaLength, _In_ CREATE_FILE_TYPE CreateFileType,
    _In_opt_ PVOID InternalParameters, _In_ ULONG Options);

/* @implemented: PASSIVE_LEVEL. IoCreateFile from kernel mode (no probing; OBJ_KERNEL_HANDLE
   gives a kernel handle). */
NTSYSAPI NTSTATUS NTAPI ZwCreateFile(
    _Out_ PHANDLE FileHandle, _In_ ACCESS_MASK DesiredAccess,
    _In_ POBJECT_ATTRIBUTES ObjectAttributes, _Out_ PIO_STATUS_BLOCK IoStatusBlock,
    _In_opt_ PLARGE_INTEGER AllocationSize, _In_ ULONG FileAttributes, _In_ ULONG ShareAccess,
    _In_ ULONG CreateDisposition, _In_ ULONG CreateOptions,
    _In_reads_bytes_opt_(EaLength) PVOID EaBuffer, _In_ ULONG EaLength);

/* @implemented: PASSIVE_LEVEL. ZwCreateFile with FILE_OPEN. */
NTSYSAPI NTSTATUS NTAPI ZwOpenFile(_Out_ PHANDLE FileHandle, _In_ ACCESS_MASK DesiredAccess,
                                   _In_ POBJECT_ATTRIBUTES ObjectAttributes,
                                   _Out_ PIO_STATUS_BLOCK IoStatusBlock, _In_ ULONG ShareAccess,
                                   _In_ ULONG OpenOptions);

/*
 * @implemented: PASSIVE_LEVEL. Opens the device ObjectName names; returns the file object
 * (referenced: ObDereferenceObject it when done) and the top of the device's stack.
 */
NTKERNELAPI NTSTATUS NTAPI IoGetDeviceObjectPointer(_In_ PUNICODE_STRING ObjectName,
                                                    _In_ ACCESS_MASK DesiredAccess,
                                                    _Out_ PFILE_OBJECT *FileObject,
                                                    _Out_ PDEVICE_OBJECT *DeviceObject);

/* ==== Requests on file handles (kernel mode) ========================================== */

/*
 * @implemented: PASSIVE_LEVEL. IRP_MJ_READ / IRP_MJ_WRITE on the file's device, buffered as
 * the device's DO_BUFFERED_IO / DO_DIRECT_IO ask. A synchronous file object uses (and
 * advances) its current position when ByteOffset is NULL; an asynchronous one needs
 * ByteOffset and may return STATUS_PENDING (Event or the file handle is signaled, and
 * IoStatusBlock written, at completion).
 */
NTSYSAPI NTSTATUS NTAPI ZwReadFile(_In_ HANDLE FileHandle, _In_opt_ HANDLE Event,
                                   _In_opt_ PIO_APC_ROUTINE ApcRoutine, _In_opt_ PVOID ApcContext,
                                   _Out_ PIO_STATUS_BLOCK IoStatusBlock,
                                   _Out_writes_bytes_(Length) PVOID Buffer, _In_ ULONG Length,
                                   _In_opt_ PLARGE_INTEGER ByteOffset, _In_opt_ PULONG Key);
NTSYSAPI NTSTATUS NTAPI ZwWriteFile(_In_ HANDLE FileHandle, _In_opt_ HANDLE Event,
                                    _In_opt_ PIO_APC_ROUTINE ApcRoutine,
                                    _In_opt_ PVOID ApcContext,
                                    _Out_ PIO_STATUS_BLOCK IoStatusBlock,
                                    _In_reads_bytes_(Length) PVOID Buffer, _In_ ULONG Length,
                                    _In_opt_ PLARGE_INTEGER ByteOffset, _In_opt_ PULONG Key);

/*
 * @implemented: PASSIVE_LEVEL. IRP_MJ_DEVICE_CONTROL with the transfer method of
 * IoControlCode (METHOD_BUFFERED, METHOD_IN_DIRECT, METHOD_OUT_DIRECT, METHOD_NEITHER).
 */
NTSYSAPI NTSTATUS NTAPI ZwDeviceIoControlFile(
    _In_ HANDLE FileHandle, _In_opt_ HANDLE Event, _In_opt_ PIO_APC_ROUTINE ApcRoutine,
    _In_opt_ PVOID ApcContext, _Out_ PIO_STATUS_BLOCK IoStatusBlock, _In_ ULONG IoControlCode,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer, _In_ ULONG InputBufferLength,
    _Out_writes_bytes_opt_(OutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength);

/*
 * @implemented: PASSIVE_LEVEL. The I/O manager answers FileAccessInformation,
 * FileModeInformation, FileAlignmentInformation and a synchronous file's
 * FilePositionInformation; other classes go to the driver (IRP_MJ_QUERY_INFORMATION /
 * IRP_MJ_SET_INFORMATION). STATUS_INVALID_INFO_CLASS, STATUS_INFO_LENGTH_MISMATCH.
 */
NTSYSAPI NTSTATUS NTAPI ZwQueryInformationFile(
    _In_ HANDLE FileHandle, _Out_ PIO_STATUS_BLOCK IoStatusBlock,
    _Out_writes_bytes_(Length) PVOID FileInformation, _In_ ULONG Length,
    _In_ FILE_INFORMATION_CLASS FileInformationClass);
NTSYSAPI NTSTATUS NTAPI ZwSetInformationFile(
    _In_ HANDLE FileHandle, _Out_ PIO_STATUS_BLOCK IoStatusBlock,
    _In_reads_bytes_(Length) PVOID FileInformation, _In_ ULONG Length,
    _In_ FILE_INFORMATION_CLASS FileInformationClass);

KMODE_EXTERN_C_END

#endif /* _KMODE_WDM_IO_FILE_H_ */

/*
 * The ntifs.h part (kmode's runtime also gets it by defining KMODE_IO_FILE_NTIFS_PART and
 * including this header again: its internal headers include only wdm.h).
 */
#if (defined(_NTIFS_INCLUDED_) || defined(KMODE_IO_FILE_NTIFS_PART)) && \
    !defined(_KMODE_WDM_IO_FILE_NTIFS_H_)
#define _KMODE_WDM_IO_FILE_NTIFS_H_

KMODE_EXTERN_C_START

/* ==== Kernel queues (ntifs.h) ========================================================= */

/*
 * A queue object: a dispatcher object whose signal state is the number of queued entries.
 * CurrentCount is the number of threads associated with the queue that are running (they
 * took an entry and have not come back to KeRemoveQueue); MaximumCount caps it.
 */
struct _KQUEUE {
    DISPATCHER_HEADER Header;
    LIST_ENTRY EntryListHead;
    volatile ULONG CurrentCount;
    ULONG MaximumCount;
    LIST_ENTRY ThreadListHead;
};
typedef struct _KQUEUE KQUEUE;

/*
 * @implemented: <= DISPATCH_LEVEL. Empty, not signaled. Count is the concurrency limit;
 * 0 means the number of processors.
 */
NTKERNELAPI VOID NTAPI KeInitializeQueue(_Out_ PRKQUEUE Queue, _In_ ULONG Count);

/*
 * @implemented: <= DISPATCH_LEVEL. Queues Entry at the tail (KeInsertHeadQueue: at the
 * head). When a thread waits in KeRemoveQueue and the concurrency limit allows, the entry
 * goes straight to the thread that started waiting last. Returns the previous signal state
 * (0: the queue was empty).
 */
NTKERNELAPI LONG NTAPI KeInsertQueue(_Inout_ PRKQUEUE Queue, _Inout_ PLIST_ENTRY Entry);
NTKERNELAPI LONG NTAPI KeInsertHeadQueue(_Inout_ PRKQUEUE Queue, _Inout_ PLIST_ENTRY Entry);

/*
 * @implemented: <= DISPATCH_LEVEL (a nonzero timeout needs < DISPATCH_LEVEL). Associates
 * the thread with Queue and returns the first entry once one is queued and fewer than
 * MaximumCount associated threads are running; else (PLIST_ENTRY)STATUS_TIMEOUT after
 * Timeout, or (PLIST_ENTRY)STATUS_ABANDONED once the queue has been run down.
 */
NTKERNELAPI PLIST_ENTRY NTAPI KeRemoveQueue(_Inout_ PRKQUEUE Queue,
                                            _In_ KPROCESSOR_MODE WaitMode,
                                            _In_opt_ PLARGE_INTEGER Timeout);

/*
 * @implemented: <= DISPATCH_LEVEL. As KeRemoveQueue, taking up to Count entries at once.
 * Returns how many EntryArray holds; on a timeout or rundown it returns 1 and
 * EntryArray[0] holds STATUS_TIMEOUT or STATUS_ABANDONED as a pointer value (an alertable
 * UserMode wait ended by a user APC: STATUS_USER_APC).
 */
NTKERNELAPI ULONG NTAPI KeRemoveQueueEx(_Inout_ PRKQUEUE Queue, _In_ KPROCESSOR_MODE WaitMode,
                                        _In_ BOOLEAN Alertable, _In_opt_ PLARGE_INTEGER Timeout,
                                        _Out_writes_to_(Count, return) PLIST_ENTRY *EntryArray,
                                        _In_ ULONG Count);

/*
 * @implemented: <= DISPATCH_LEVEL. Empties the queue: returns its first entry (the rest
 * follow through Flink, circularly, without the list head) or NULL; wakes waiting threads
 * with STATUS_ABANDONED, disassociates its threads, and later KeRemoveQueue calls return
 * STATUS_ABANDONED until KeInitializeQueue.
 */
NTKERNELAPI PLIST_ENTRY NTAPI KeRundownQueue(_Inout_ PRKQUEUE Queue);

/* @implemented: any IRQL. The number of queued entries. */
NTKERNELAPI LONG NTAPI KeReadStateQueue(_In_ PRKQUEUE Queue);

/* ==== Native file services (ntifs.h) ================================================== */

/* FileCompletionInformation: binds a file object to an I/O completion port. */
typedef struct _FILE_COMPLETION_INFORMATION {
    HANDLE Port;
    PVOID Key;
} FILE_COMPLETION_INFORMATION, *PFILE_COMPLETION_INFORMATION;

/*
 * @implemented: PASSIVE_LEVEL. The Nt* forms of the Zw* services above, for the caller's
 * previous mode: a user-mode caller's pointers are probed (STATUS_ACCESS_VIOLATION), its
 * handles come from the process table and must grant the access the request needs
 * (STATUS_ACCESS_DENIED; for an IOCTL, the FILE_READ_ACCESS / FILE_WRITE_ACCESS bits of
 * the code).
 */
NTSYSCALLAPI NTSTATUS NTAPI NtCreateFile(
    _Out_ PHANDLE FileHandle, _In_ ACCESS_MASK DesiredAccess,
    _In_ POBJECT_ATTRIBUTES ObjectAttributes, _Out_ PIO_STATUS_BLOCK IoStatusBlock,
    _In_opt_ PLARGE_INTEGER AllocationSize, _In_ ULONG FileAttributes, _In_ ULONG ShareAccess,
    _In_ ULONG CreateDisposition, _In_ ULONG CreateOptions,
    _In_reads_bytes_opt_(EaLength) PVOID EaBuffer, _In_ ULONG EaLength);
NTSYSCALLAPI NTSTATUS NTAPI NtOpenFile(
    _Out_ PHANDLE FileHandle, _In_ ACCESS_MASK DesiredAccess,
    _In_ POBJECT_ATTRIBUTES ObjectAttributes, _Out_ PIO_STATUS_BLOCK IoStatusBlock,
    _In_ ULONG ShareAccess, _In_ ULONG OpenOptions);
NTSYSCALLAPI NTSTATUS NTAPI NtReadFile(
    _In_ HANDLE FileHandle, _In_opt_ HANDLE Event, _In_opt_ PIO_APC_ROUTINE ApcRoutine,
    _In_opt_ PVOID ApcContext, _Out_ PIO_STATUS_BLOCK IoStatusBlock,
    _Out_writes_bytes_(Length) PVOID Buffer, _In_ ULONG Length,
    _In_opt_ PLARGE_INTEGER ByteOffset, _In_opt_ PULONG Key);
NTSYSCALLAPI NTSTATUS NTAPI NtWriteFile(
    _In_ HANDLE FileHandle, _In_opt_ HANDLE Event, _In_opt_ PIO_APC_ROUTINE ApcRoutine,
    _In_opt_ PVOID ApcContext, _Out_ PIO_STATUS_BLOCK IoStatusBlock,
    _In_reads_bytes_(Length) PVOID Buffer, _In_ ULONG Length,
    _In_opt_ PLARGE_INTEGER ByteOffset, _In_opt_ PULONG Key);
NTSYSCALLAPI NTSTATUS NTAPI NtDeviceIoControlFile(
    _In_ HANDLE FileHandle, _In_opt_ HANDLE Event, _In_opt_ PIO_APC_ROUTINE ApcRoutine,
    _In_opt_ PVOID ApcContext, _Out_ PIO_STATUS_BLOCK IoStatusBlock, _In_ ULONG IoControlCode,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer, _In_ ULONG InputBufferLength,
    _Out_writes_bytes_opt_(OutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength);
/* IRP_MJ_FILE_SYSTEM_CONTROL (IRP_MN_USER_FS_REQUEST), transferred as an IOCTL is. */
NTSYSCALLAPI NTSTATUS NTAPI NtFsControlFile(
    _In_ HANDLE FileHandle, _In_opt_ HANDLE Event, _In_opt_ PIO_APC_ROUTINE ApcRoutine,
    _In_opt_ PVOID ApcContext, _Out_ PIO_STATUS_BLOCK IoStatusBlock, _In_ ULONG FsControlCode,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer, _In_ ULONG InputBufferLength,
    _Out_writes_bytes_opt_(OutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength);
NTSYSAPI NTSTATUS NTAPI ZwFsControlFile(
    _In_ HANDLE FileHandle, _In_opt_ HANDLE Event, _In_opt_ PIO_APC_ROUTINE ApcRoutine,
    _In_opt_ PVOID ApcContext, _Out_ PIO_STATUS_BLOCK IoStatusBlock, _In_ ULONG FsControlCode,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer, _In_ ULONG InputBufferLength,
    _Out_writes_bytes_opt_(OutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength);
NTSYSCALLAPI NTSTATUS NTAPI NtQueryInformationFile(
    _In_ HANDLE FileHandle, _Out_ PIO_STATUS_BLOCK IoStatusBlock,
    _Out_writes_bytes_(Length) PVOID FileInformation, _In_ ULONG Length,
    _In_ FILE_INFORMATION_CLASS FileInformationClass);
NTSYSCALLAPI NTSTATUS NTAPI NtSetInformationFile(
    _In_ HANDLE FileHandle, _Out_ PIO_STATUS_BLOCK IoStatusBlock,
    _In_reads_bytes_(Length) PVOID FileInformation, _In_ ULONG Length,
    _In_ FILE_INFORMATION_CLASS FileInformationClass);

/*
 * @implemented: PASSIVE_LEVEL. IRP_MJ_FLUSH_BUFFERS: the file system writes what it buffered
 * for the file to its storage. A user-mode caller's handle needs FILE_WRITE_DATA or
 * FILE_APPEND_DATA (STATUS_ACCESS_DENIED). (src/io/ntflush.c)
 */
NTSYSCALLAPI NTSTATUS NTAPI NtFlushBuffersFile(_In_ HANDLE FileHandle,
                                               _Out_ PIO_STATUS_BLOCK IoStatusBlock);
NTSYSAPI NTSTATUS NTAPI ZwFlushBuffersFile(_In_ HANDLE FileHandle,
                                           _Out_ PIO_STATUS_BLOCK IoStatusBlock);

KMODE_EXTERN_C_END

#endif /* the ntifs.h part */
