/*
 * PURPOSE: The native system-service layer (the Nt* functions kernel32 calls, as ntdll's
 * system calls on Windows) and the user/kernel boundary kmode models.
 *
 * The boundary. On Windows a user-mode thread enters the kernel through a system call,
 * which records PreviousMode = UserMode for the duration of the call: handles then come
 * from the process's handle table only (a kernel handle is invalid), every pointer the
 * caller passed is probed, and access to each handle is checked against what it was
 * opened with. kmode's Win32 functions (src/win32) are the "user-mode" side; they call a
 * native service through NT_SYSCALL, which does exactly that bookkeeping:
 *
 *     Status = NT_SYSCALL(NtSetEvent(hEvent, NULL));
 *
 * The Nt* functions themselves take the previous mode from the thread
 * (ExGetPreviousMode), as Windows' do: called by kernel code (outside NT_SYSCALL) they
 * trust their caller. Within a system call the thread keeps UserMode as its previous mode,
 * so a driver's dispatch routine reached from an app's request sees UserMode too.
 *
 * User pointers are probed with NtpProbeForRead / NtpProbeForWrite: ProbeForRead/Write's
 * range and alignment checks plus kmode's kernel range (the pool): a pool address passed
 * from user mode is STATUS_ACCESS_VIOLATION (ERROR_NOACCESS), as a kernel address is on
 * Windows. Probes raise; the services catch and return the exception code. Copies from
 * user memory happen inside __try, so an unmapped page faults into the handler.
 *
 * Files: src/win32/ntobject.c (NtClose is src/ob/obhandle.c), ntsync.c (events, semaphores,
 * mutants, waits, delay), ntthread.c (threads, user APCs).
 * The file-I/O services (NtCreateFile & co) join this header with their own section.
 */
#ifndef _KMODE_INTERNAL_NTNATIVE_H_
#define _KMODE_INTERNAL_NTNATIVE_H_

#include <internal/ke.h>
#include <internal/mm.h>
#include <internal/host.h>

/* ==== The user/kernel boundary ========================================================== */

FORCEINLINE KPROCESSOR_MODE NtpEnterKernel(VOID)
{
    KPROCESSOR_MODE Previous = KiThreadState.PreviousMode;
    KiThreadState.PreviousMode = UserMode;
    return Previous;
}

/* src/win32/ntthread.c: runs the thread's queued user APCs (back in "user mode"). */
VOID NtpDeliverUserApcs(VOID);

/* Leaving a system call: as on Windows, the user APCs an alertable wait was interrupted
   for run on the way back to user mode. */
FORCEINLINE VOID NtpLeaveKernel(KPROCESSOR_MODE Previous)
{
    KiThreadState.PreviousMode = Previous;
    if (__builtin_expect(KiThreadState.UserApcPending, 0))
        NtpDeliverUserApcs();
}

/* Calls a native service as a user-mode caller (a system call); evaluates to its NTSTATUS. */
#define NT_SYSCALL(Call)                                                                   \
    __extension__({                                                                        \
        KPROCESSOR_MODE NtpPreviousMode_ = NtpEnterKernel();                               \
        NTSTATUS NtpStatus_ = (Call);                                                      \
        NtpLeaveKernel(NtpPreviousMode_);                                                  \
        NtpStatus_;                                                                        \
    })

/*
 * Probes of user buffers (raise STATUS_ACCESS_VIOLATION / STATUS_DATATYPE_MISALIGNMENT):
 * ProbeForRead/ProbeForWrite plus a refusal of kmode's kernel address range (pool) and of
 * the first 64 KB (where the access itself would fault, as on Windows). Only for
 * PreviousMode UserMode callers; call inside __try.
 */
VOID NtpProbeForRead(_In_reads_bytes_(Length) const volatile VOID *Address, _In_ SIZE_T Length,
                     _In_ ULONG Alignment);
VOID NtpProbeForWrite(_Out_writes_bytes_(Length) volatile VOID *Address, _In_ SIZE_T Length,
                      _In_ ULONG Alignment);

/*
 * The same probe as a status, for the hot I/O paths that avoid a __try: the checks of
 * NtpProbeForRead/Write, then, by Access, one access per page that stops at a fault
 * (HostTouchUserMemory): NTP_PROBE_READ reads, NTP_PROBE_WRITE writes (as ProbeForWrite).
 * NTP_PROBE_RANGE makes no access, as ProbeForRead: for a buffer the caller only copies
 * with HostCopyUserMemory, which turns a fault into the same status. Returns STATUS_SUCCESS
 * or the status the probe would have raised. The pages can still go away before the copy,
 * as on Windows.
 */
#define NTP_PROBE_READ  0   /* (FALSE) */
#define NTP_PROBE_WRITE 1   /* (TRUE) */
#define NTP_PROBE_RANGE 2

NTSTATUS NtpCheckUserBufferSlow(_In_reads_bytes_(Length) const volatile VOID *Address,
                                _In_ SIZE_T Length, _In_ ULONG Alignment, _In_ UCHAR Access);

/* The first 64 KB: never mapped on Windows, so no user buffer lies there. */
#define NTP_LOWEST_USER_ADDRESS 0x10000

FORCEINLINE NTSTATUS NtpCheckUserBuffer(_In_reads_bytes_(Length) const volatile VOID *Address,
                                        _In_ SIZE_T Length, _In_ ULONG Alignment,
                                        _In_ UCHAR Access)
{
    ULONG_PTR Start = (ULONG_PTR)Address;

    /* The common case inline: a valid alignment (a constant at every call), met, and a
       user range. The slow path sorts out which error any other case is. */
    if (Length != 0 && Alignment != 0 && (Alignment & (Alignment - 1)) == 0 && Alignment <= 16 &&
        (Start & (Alignment - 1)) == 0 && Start >= NTP_LOWEST_USER_ADDRESS &&
        MiIsUserAddressRange(Address, Length))
        return Access == NTP_PROBE_RANGE ? STATUS_SUCCESS
                                         : HostTouchUserMemory(Address, Length, Access);
    return NtpCheckUserBufferSlow(Address, Length, Alignment, Access);
}

/*
 * Captures a user OBJECT_ATTRIBUTES (and its name) into Captured/NameBuffer for a service
 * called from Mode: the structure and the string are probed and copied, so the object
 * manager works on kernel copies. Mode KernelMode: Captured is a plain copy. The name
 * buffer is allocated (free with NtpReleaseObjectAttributes). Errors: the probe's
 * exception code, STATUS_INVALID_PARAMETER (bad Length), STATUS_OBJECT_NAME_INVALID,
 * STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS NtpCaptureObjectAttributes(_In_opt_ POBJECT_ATTRIBUTES ObjectAttributes,
                                    _In_ KPROCESSOR_MODE Mode,
                                    _Out_ POBJECT_ATTRIBUTES Captured,
                                    _Out_ PUNICODE_STRING CapturedName);
VOID NtpReleaseObjectAttributes(_Inout_ PUNICODE_STRING CapturedName);

/* Store a result in a caller's variable, probed for a UserMode caller (the probe's
   exception code on failure). NtpReturnLong ignores a NULL Destination. */
NTSTATUS NtpReturnHandle(_Out_ PHANDLE Destination, _In_ HANDLE Value, _In_ KPROCESSOR_MODE Mode);
NTSTATUS NtpReturnLong(_Out_opt_ PLONG Destination, _In_ LONG Value, _In_ KPROCESSOR_MODE Mode);

/* ==== Objects and handles (src/win32/ntobject.c; NtClose in src/ob) ===================== */

/* Win32 DUPLICATE_CLOSE_SOURCE / DUPLICATE_SAME_ACCESS, and DUPLICATE_SAME_ATTRIBUTES. */
#define NTP_DUPLICATE_CLOSE_SOURCE    0x00000001
#define NTP_DUPLICATE_SAME_ACCESS     0x00000002
#define NTP_DUPLICATE_SAME_ATTRIBUTES 0x00000004

/*
 * Duplicates SourceHandle (of the current process: SourceProcessHandle and
 * TargetProcessHandle must name it) into a new handle of the process table. Pseudo handles
 * duplicate into real handles to the current process or thread. Errors: the handles'
 * (STATUS_INVALID_HANDLE, STATUS_OBJECT_TYPE_MISMATCH for a process handle that is not
 * one), STATUS_ACCESS_VIOLATION for a bad TargetHandle pointer.
 */
NTSTATUS NTAPI NtDuplicateObject(_In_ HANDLE SourceProcessHandle, _In_ HANDLE SourceHandle,
                                 _In_opt_ HANDLE TargetProcessHandle,
                                 _Out_opt_ PHANDLE TargetHandle, _In_ ACCESS_MASK DesiredAccess,
                                 _In_ ULONG HandleAttributes, _In_ ULONG Options);

/* OBJ_INHERIT / OBJ_PROTECT_CLOSE of a handle (the ObjectHandleFlagInformation class). */
NTSTATUS NtpQueryHandleAttributes(_In_ HANDLE Handle, _Out_ PULONG Attributes);
NTSTATUS NtpSetHandleAttributes(_In_ HANDLE Handle, _In_ ULONG Attributes);

/* ==== Events, semaphores, mutants (src/win32/ntsync.c) ================================== */

NTSTATUS NTAPI NtCreateEvent(_Out_ PHANDLE EventHandle, _In_ ACCESS_MASK DesiredAccess,
                             _In_opt_ POBJECT_ATTRIBUTES ObjectAttributes,
                             _In_ EVENT_TYPE EventType, _In_ BOOLEAN InitialState);
NTSTATUS NTAPI NtOpenEvent(_Out_ PHANDLE EventHandle, _In_ ACCESS_MASK DesiredAccess,
                           _In_ POBJECT_ATTRIBUTES ObjectAttributes);
/* Need EVENT_MODIFY_STATE; PreviousState (optional) receives the state before. */
NTSTATUS NTAPI NtSetEvent(_In_ HANDLE EventHandle, _Out_opt_ PLONG PreviousState);
NTSTATUS NTAPI NtResetEvent(_In_ HANDLE EventHandle, _Out_opt_ PLONG PreviousState);
NTSTATUS NTAPI NtPulseEvent(_In_ HANDLE EventHandle, _Out_opt_ PLONG PreviousState);
NTSTATUS NTAPI NtClearEvent(_In_ HANDLE EventHandle);

/* STATUS_INVALID_PARAMETER for MaximumCount <= 0 or InitialCount outside 0..MaximumCount. */
NTSTATUS NTAPI NtCreateSemaphore(_Out_ PHANDLE SemaphoreHandle, _In_ ACCESS_MASK DesiredAccess,
                                 _In_opt_ POBJECT_ATTRIBUTES ObjectAttributes,
                                 _In_ LONG InitialCount, _In_ LONG MaximumCount);
NTSTATUS NTAPI NtOpenSemaphore(_Out_ PHANDLE SemaphoreHandle, _In_ ACCESS_MASK DesiredAccess,
                               _In_ POBJECT_ATTRIBUTES ObjectAttributes);
/* Need SEMAPHORE_MODIFY_STATE; STATUS_SEMAPHORE_LIMIT_EXCEEDED past the maximum. */
NTSTATUS NTAPI NtReleaseSemaphore(_In_ HANDLE SemaphoreHandle, _In_ LONG ReleaseCount,
                                  _Out_opt_ PLONG PreviousCount);

/* Mutants: the objects behind Win32 mutexes (type "Mutant"). Owner-recursive; abandoned
   when the owning thread ends (the next wait returns STATUS_ABANDONED_WAIT_n). */
NTSTATUS NTAPI NtCreateMutant(_Out_ PHANDLE MutantHandle, _In_ ACCESS_MASK DesiredAccess,
                              _In_opt_ POBJECT_ATTRIBUTES ObjectAttributes,
                              _In_ BOOLEAN InitialOwner);
NTSTATUS NTAPI NtOpenMutant(_Out_ PHANDLE MutantHandle, _In_ ACCESS_MASK DesiredAccess,
                            _In_ POBJECT_ATTRIBUTES ObjectAttributes);
/* STATUS_MUTANT_NOT_OWNED when the caller does not own it. No access right is needed. */
NTSTATUS NTAPI NtReleaseMutant(_In_ HANDLE MutantHandle, _Out_opt_ PLONG PreviousCount);

/* The Mutant object type (created on first use). */
POBJECT_TYPE NtpGetMutantObjectType(VOID);

/* ==== Waits (src/win32/ntsync.c) ======================================================== */

/*
 * Waits in the caller's previous mode. The handles need SYNCHRONIZE. Waitable objects are
 * the dispatcher objects (events, semaphores, mutants, threads, processes) and file
 * objects (their completion event); a handle to another kind of object is always
 * signaled, as Windows' default object is. Alertable waits in UserMode return
 * STATUS_USER_APC when user APCs are queued (a satisfied object wins over a queued APC,
 * as in NT); the APCs run as the system call returns (NtpLeaveKernel), before the Win32
 * function does. Results: STATUS_WAIT_0 + n, STATUS_ABANDONED_WAIT_0 + n,
 * STATUS_TIMEOUT, STATUS_USER_APC, or an error (STATUS_INVALID_HANDLE,
 * STATUS_ACCESS_DENIED, STATUS_ACCESS_VIOLATION for a bad Timeout pointer).
 */
NTSTATUS NTAPI NtWaitForSingleObject(_In_ HANDLE Handle, _In_ BOOLEAN Alertable,
                                     _In_opt_ PLARGE_INTEGER Timeout);
/* Count 1..MAXIMUM_WAIT_OBJECTS (else STATUS_INVALID_PARAMETER_1); a WaitAll naming one
   object twice is STATUS_INVALID_PARAMETER_MIX. */
NTSTATUS NTAPI NtWaitForMultipleObjects(_In_ ULONG Count, _In_reads_(Count) HANDLE Handles[],
                                        _In_ WAIT_TYPE WaitType, _In_ BOOLEAN Alertable,
                                        _In_opt_ PLARGE_INTEGER Timeout);
/* Signals SignalHandle (event: set, semaphore: release 1, mutant: release) then waits for
   WaitHandle. STATUS_OBJECT_TYPE_MISMATCH for another kind of object to signal. */
NTSTATUS NTAPI NtSignalAndWaitForSingleObject(_In_ HANDLE SignalHandle, _In_ HANDLE WaitHandle,
                                              _In_ BOOLEAN Alertable,
                                              _In_opt_ PLARGE_INTEGER Timeout);
/* Sleeps; STATUS_SUCCESS, or STATUS_USER_APC for an alertable UserMode delay that user
   APCs interrupted (they run as the system call returns). */
NTSTATUS NTAPI NtDelayExecution(_In_ BOOLEAN Alertable, _In_ PLARGE_INTEGER DelayInterval);

/* ==== Threads and user APCs (src/win32/ntthread.c) ====================================== */

/* The user-mode APC routine shape (ntdll's PPS_APC_ROUTINE). */
typedef VOID (NTAPI *PNTP_APC_ROUTINE)(_In_opt_ PVOID ApcArgument1, _In_opt_ PVOID ApcArgument2,
                                       _In_opt_ PVOID ApcArgument3);

/*
 * Queues a user-mode APC to ThreadHandle's thread (needs THREAD_SET_CONTEXT). It runs the
 * next time that thread waits alertably in user mode (or calls NtTestAlert), in queue
 * order. STATUS_UNSUCCESSFUL when the thread has ended.
 */
NTSTATUS NTAPI NtQueueApcThread(_In_ HANDLE ThreadHandle, _In_ PNTP_APC_ROUTINE ApcRoutine,
                                _In_opt_ PVOID ApcArgument1, _In_opt_ PVOID ApcArgument2,
                                _In_opt_ PVOID ApcArgument3);
/* Delivers the current thread's queued user APCs: STATUS_USER_APC if there were any
   (they run when the system call returns), else STATUS_SUCCESS. */
NTSTATUS NTAPI NtTestAlert(VOID);

/*
 * The user-APC mechanism for other kernel components (the I/O manager queues ReadFileEx /
 * WriteFileEx completion routines to the requesting thread, Irp->Tail.Overlay.Thread):
 * queues ApcRoutine(Argument1, Argument2, Argument3) to Thread. STATUS_UNSUCCESSFUL when
 * the thread has ended, STATUS_NO_MEMORY. Any IRQL <= DISPATCH_LEVEL.
 */
NTSTATUS NtpQueueUserApc(_In_ PKTHREAD Thread, _In_ PNTP_APC_ROUTINE ApcRoutine,
                         _In_opt_ PVOID ApcArgument1, _In_opt_ PVOID ApcArgument2,
                         _In_opt_ PVOID ApcArgument3);

/* User thread start routine (kernel32's LPTHREAD_START_ROUTINE). */
typedef ULONG (NTAPI *PNTP_USER_THREAD_START)(_In_opt_ PVOID Parameter);

/*
 * The Ntp* functions below are internal: their output pointers are the Win32 layer's own
 * variables (not probed).
 *
 * Creates a user thread of the current process (NtCreateThreadEx's role): it runs
 * StartRoutine(Parameter) with PreviousMode UserMode; its return value (or
 * NtTerminateThread's status) is its exit status. CreateSuspended: it waits for
 * NtResumeThread before starting. ThreadHandle gets DesiredAccess; ClientId (optional) the
 * ids.
 */
NTSTATUS NtpCreateUserThread(_Out_ PHANDLE ThreadHandle, _In_ ACCESS_MASK DesiredAccess,
                             _In_opt_ POBJECT_ATTRIBUTES ObjectAttributes,
                             _In_ PNTP_USER_THREAD_START StartRoutine, _In_opt_ PVOID Parameter,
                             _In_ BOOLEAN CreateSuspended, _Out_opt_ PCLIENT_ID ClientId);
/* Resumes a thread created suspended; PreviousSuspendCount gets 1 (or 0: it was running). */
NTSTATUS NTAPI NtResumeThread(_In_ HANDLE ThreadHandle, _Out_opt_ PULONG PreviousSuspendCount);
/* Ends the current thread (ThreadHandle NULL or NtCurrentThread()) with ExitStatus; does
   not return for a user thread. Other threads: STATUS_NOT_SUPPORTED (kmode cannot stop a
   host thread from outside); a thread kmode did not create: STATUS_INVALID_PARAMETER. */
NTSTATUS NTAPI NtTerminateThread(_In_opt_ HANDLE ThreadHandle, _In_ NTSTATUS ExitStatus);

/* Exit status (STATUS_PENDING while running: STILL_ACTIVE) and ids of a thread. Needs
   THREAD_QUERY_LIMITED_INFORMATION. */
NTSTATUS NtpQueryThreadBasics(_In_ HANDLE ThreadHandle, _Out_opt_ PNTSTATUS ExitStatus,
                              _Out_opt_ PCLIENT_ID ClientId);
/* Same for a process handle (PROCESS_QUERY_LIMITED_INFORMATION). */
NTSTATUS NtpQueryProcessBasics(_In_ HANDLE ProcessHandle, _Out_opt_ PNTSTATUS ExitStatus,
                               _Out_opt_ PHANDLE ProcessId);


/* ==== Nt* file I/O (src/io: iocompletion.c, create.c, rw.c, ioctl.c, ntfile.c) ============

   NtCreateFile, NtOpenFile, NtReadFile, NtWriteFile, NtDeviceIoControlFile, NtFsControlFile,
   NtQueryInformationFile and NtSetInformationFile are declared by ntifs.h
   (include/km/wdm/io_file.h); what follows is what the Win32 side needs beyond them. Every
   service works for the caller's previous mode, as the ones above do. The ntifs.h part of
   wdm/io_file.h is pulled in here for runtime files that include only wdm.h/ntddk.h. */

#define KMODE_IO_FILE_NTIFS_PART
#include <wdm/io_file.h>

/* ---- I/O completion objects (src/io/iocompletion.c) ----------------------------------- */

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
 * how many (0 on a timeout). Count 0: STATUS_INVALID_PARAMETER. Alertable: a user APC
 * queued to the thread ends the wait with STATUS_USER_APC (the APCs run as the call returns).
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

/* ---- Cancellation (src/io/ntfile.c) ---------------------------------------------------- */

/*
 * NtCreateFile, NtOpenFile, NtReadFile, NtWriteFile, NtDeviceIoControlFile, NtFsControlFile,
 * NtQueryInformationFile, NtSetInformationFile are declared by ntifs.h (wdm/io_file.h).
 *
 * Waiting on a file handle (GetOverlappedResult with no event) waits on its file object's
 * FILE_OBJECT.Event, which a request clears when it starts and its completion signals.
 */

/*
 * CancelIo: cancels the calling thread's pending requests on the file and waits for them
 * to complete. STATUS_SUCCESS (even when there were none).
 */
NTSTATUS NTAPI NtCancelIoFile(_In_ HANDLE FileHandle, _Out_ PIO_STATUS_BLOCK IoStatusBlock);

/*
 * CancelIoEx: cancels the pending requests on the file of every thread, or only the one
 * whose IO_STATUS_BLOCK (OVERLAPPED) is IoRequestToCancel; does not wait.
 * STATUS_NOT_FOUND when no request matched.
 */
NTSTATUS NTAPI NtCancelIoFileEx(_In_ HANDLE FileHandle,
                                _In_opt_ PIO_STATUS_BLOCK IoRequestToCancel,
                                _Out_ PIO_STATUS_BLOCK IoStatusBlock);

#endif /* _KMODE_INTERNAL_NTNATIVE_H_ */
