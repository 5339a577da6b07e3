/*
 * PURPOSE: Native services for threads and user-mode APCs: user threads (kernel32's
 * CreateThread), resuming a thread created suspended, ending the current thread, thread
 * and process queries, NtQueueApcThread / NtTestAlert and the delivery of user APCs.
 *
 * User APCs: each thread object has a FIFO of queued user-mode APCs (src/ke/wait.c keeps
 * it under the dispatcher lock). Queuing one to a thread blocked in an alertable UserMode
 * wait ends that wait with STATUS_USER_APC; the thread then runs every queued APC when it
 * leaves the system call (NtpLeaveKernel -> NtpDeliverUserApcs), before the Win32 function
 * returns WAIT_IO_COMPLETION, as Windows delivers them on the way back to user mode.
 */

/* INCLUDES ******************************************************************************/

#include <internal/ntnative.h>
#include <internal/ps.h>
#include <internal/ob.h>
#include <internal/invoke.h>

/* GLOBALS *******************************************************************************/

#define NTP_THREAD_TAG 'hTtN'

/* A user thread's start: the app's routine, and the gate a suspended thread waits at. */
typedef struct _NTP_USER_THREAD_START {
    LIST_ENTRY SuspendedLink;         /* in NtpSuspendedThreads while not yet resumed */
    PETHREAD Thread;
    PNTP_USER_THREAD_START Routine;
    PVOID Parameter;
    BOOLEAN Suspended;
    KEVENT Gate;
} NTP_USER_THREAD_START, *PNTP_USER_THREAD_START_CONTEXT;

static KSPIN_LOCK NtpSuspendedLock;
static LIST_ENTRY NtpSuspendedThreads = { &NtpSuspendedThreads, &NtpSuspendedThreads };

/* PRIVATE FUNCTIONS *********************************************************************/

static NTSTATUS NtppUserThreadStart(PVOID Context)
{
    PNTP_USER_THREAD_START_CONTEXT Start = Context;
    PNTP_USER_THREAD_START Routine = Start->Routine;
    PVOID Parameter = Start->Parameter;

    if (Start->Suspended)
        KeWaitForSingleObject(&Start->Gate, Executive, KernelMode, FALSE, NULL);
    ExFreePoolWithTag(Start, NTP_THREAD_TAG);
    /* The app's thread routine returns a DWORD, the thread's exit code. */
    return (NTSTATUS)Routine(Parameter);
}

/* The thread Handle names, if the caller may query it (either query right will do, as
   THREAD_QUERY_INFORMATION implies the limited one on Windows). */
static NTSTATUS NtppReferenceForQuery(HANDLE Handle, POBJECT_TYPE Type, ACCESS_MASK Full,
                                      ACCESS_MASK Limited, PVOID *Object)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    OBJECT_HANDLE_INFORMATION Info;
    NTSTATUS Status;

    Status = ObReferenceObjectByHandle(Handle, 0, Type, Mode, Object, &Info);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Mode != KernelMode && (Info.GrantedAccess & (Full | Limited)) == 0) {
        ObDereferenceObject(*Object);
        *Object = NULL;
        return STATUS_ACCESS_DENIED;
    }
    return STATUS_SUCCESS;
}

/* PUBLIC FUNCTIONS (internal) ***********************************************************/

VOID NtpDeliverUserApcs(VOID)
{
    PKTHREAD Self = KiCurrentKThread();
    PKI_USER_APC Apc;

    KiThreadState.UserApcPending = FALSE;
    while ((Apc = KiRemoveUserApc(Self)) != NULL) {
        KI_USER_APC Copy = *Apc;
        /* Freed first: the routine may end the thread (ExitThread). */
        ExFreePoolWithTag(Apc, KI_USER_APC_TAG);
        KiInvokeUserApc((VOID (NTAPI *)(PVOID, PVOID, PVOID))Copy.Routine, Copy.Argument[0],
                        Copy.Argument[1], Copy.Argument[2]);
    }
}

NTSTATUS NtpQueueUserApc(PKTHREAD Thread, PNTP_APC_ROUTINE ApcRoutine, PVOID ApcArgument1,
                         PVOID ApcArgument2, PVOID ApcArgument3)
{
    PKI_USER_APC Apc;

    Apc = ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(*Apc), KI_USER_APC_TAG);
    if (Apc == NULL)
        return STATUS_NO_MEMORY;
    Apc->Routine = (PVOID)ApcRoutine;
    Apc->Argument[0] = ApcArgument1;
    Apc->Argument[1] = ApcArgument2;
    Apc->Argument[2] = ApcArgument3;
    if (!KiInsertUserApc(Thread, Apc)) {
        ExFreePoolWithTag(Apc, KI_USER_APC_TAG);
        return STATUS_UNSUCCESSFUL;   /* the thread has ended */
    }
    return STATUS_SUCCESS;
}

NTSTATUS NtpCreateUserThread(PHANDLE ThreadHandle, ACCESS_MASK DesiredAccess,
                             POBJECT_ATTRIBUTES ObjectAttributes,
                             PNTP_USER_THREAD_START StartRoutine, PVOID Parameter,
                             BOOLEAN CreateSuspended, PCLIENT_ID ClientId)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    PNTP_USER_THREAD_START_CONTEXT Start;
    OBJECT_ATTRIBUTES Captured;
    UNICODE_STRING Name;
    PETHREAD Thread;
    HANDLE Handle = NULL;
    KIRQL Irql;
    NTSTATUS Status;

    Status = NtpCaptureObjectAttributes(ObjectAttributes, Mode, &Captured, &Name);
    if (!NT_SUCCESS(Status))
        return Status;
    Start = ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(*Start), NTP_THREAD_TAG);
    if (Start == NULL) {
        NtpReleaseObjectAttributes(&Name);
        return STATUS_NO_MEMORY;
    }
    Start->Routine = StartRoutine;
    Start->Parameter = Parameter;
    Start->Suspended = CreateSuspended;
    KeInitializeEvent(&Start->Gate, NotificationEvent, FALSE);
    if (CreateSuspended) {
        /* Registered before the thread exists, so a resume can never miss it. */
        KeAcquireSpinLock(&NtpSuspendedLock, &Irql);
        InsertTailList(&NtpSuspendedThreads, &Start->SuspendedLink);
        KeReleaseSpinLock(&NtpSuspendedLock, Irql);
    }
    Status = PspCreateUserThread(ObjectAttributes ? &Captured : NULL, DesiredAccess, Mode,
                                 &Handle, NtppUserThreadStart, Start, &Thread);
    NtpReleaseObjectAttributes(&Name);
    if (!NT_SUCCESS(Status)) {
        if (CreateSuspended) {
            KeAcquireSpinLock(&NtpSuspendedLock, &Irql);
            RemoveEntryList(&Start->SuspendedLink);
            KeReleaseSpinLock(&NtpSuspendedLock, Irql);
        }
        ExFreePoolWithTag(Start, NTP_THREAD_TAG);
        return Status;
    }
    if (CreateSuspended) {
        KeAcquireSpinLock(&NtpSuspendedLock, &Irql);
        Start->Thread = Thread;
        KeReleaseSpinLock(&NtpSuspendedLock, Irql);
    }
    if (ClientId != NULL)
        *ClientId = Thread->Cid;
    ObDereferenceObject(Thread);
    *ThreadHandle = Handle;
    return STATUS_SUCCESS;
}

NTSTATUS NtpQueryThreadBasics(HANDLE ThreadHandle, PNTSTATUS ExitStatus, PCLIENT_ID ClientId)
{
    PVOID Object;
    NTSTATUS Status;

    Status = NtppReferenceForQuery(ThreadHandle, *PsThreadType, THREAD_QUERY_INFORMATION,
                                   THREAD_QUERY_LIMITED_INFORMATION, &Object);
    if (!NT_SUCCESS(Status))
        return Status;
    if (ExitStatus != NULL)
        *ExitStatus = PsGetThreadExitStatus(Object);
    if (ClientId != NULL)
        *ClientId = ((PETHREAD)Object)->Cid;
    ObDereferenceObject(Object);
    return STATUS_SUCCESS;
}

NTSTATUS NtpQueryProcessBasics(HANDLE ProcessHandle, PNTSTATUS ExitStatus, PHANDLE ProcessId)
{
    PVOID Object;
    NTSTATUS Status;

    Status = NtppReferenceForQuery(ProcessHandle, *PsProcessType, PROCESS_QUERY_INFORMATION,
                                   PROCESS_QUERY_LIMITED_INFORMATION, &Object);
    if (!NT_SUCCESS(Status))
        return Status;
    if (ExitStatus != NULL)
        *ExitStatus = STATUS_PENDING;   /* the one process runs as long as anyone can ask */
    if (ProcessId != NULL)
        *ProcessId = PsGetProcessId(Object);
    ObDereferenceObject(Object);
    return STATUS_SUCCESS;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/* @implemented: PASSIVE_LEVEL. See src/include/internal/ntnative.h. */
NTSTATUS NTAPI NtQueueApcThread(HANDLE ThreadHandle, PNTP_APC_ROUTINE ApcRoutine,
                                PVOID ApcArgument1, PVOID ApcArgument2, PVOID ApcArgument3)
{
    PVOID Thread;
    NTSTATUS Status;

    Status = ObReferenceObjectByHandle(ThreadHandle, THREAD_SET_CONTEXT, *PsThreadType,
                                       ExGetPreviousMode(), &Thread, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    if (((PKTHREAD)Thread)->SystemThread)
        Status = STATUS_INVALID_HANDLE;   /* as Windows: no user APCs for system threads */
    else
        Status = NtpQueueUserApc(Thread, ApcRoutine, ApcArgument1, ApcArgument2, ApcArgument3);
    ObDereferenceObject(Thread);
    return Status;
}

/* @implemented */
NTSTATUS NTAPI NtTestAlert(VOID)
{
    PKTHREAD Self = KiCurrentKThread();

    if (__atomic_load_n(&Self->UserApcHead, __ATOMIC_ACQUIRE) == NULL)
        return STATUS_SUCCESS;
    /* Delivered when the system call returns (NtpLeaveKernel), or here for a kernel
       caller, which has no such return. */
    KiThreadState.UserApcPending = TRUE;
    if (ExGetPreviousMode() == KernelMode)
        NtpDeliverUserApcs();
    return STATUS_USER_APC;
}

/* @implemented */
NTSTATUS NTAPI NtResumeThread(HANDLE ThreadHandle, PULONG PreviousSuspendCount)
{
    PNTP_USER_THREAD_START_CONTEXT Found = NULL;
    PLIST_ENTRY Entry;
    PVOID Thread;
    KIRQL Irql;
    NTSTATUS Status;

    Status = ObReferenceObjectByHandle(ThreadHandle, THREAD_SUSPEND_RESUME, *PsThreadType,
                                       ExGetPreviousMode(), &Thread, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    KeAcquireSpinLock(&NtpSuspendedLock, &Irql);
    for (Entry = NtpSuspendedThreads.Flink; Entry != &NtpSuspendedThreads; Entry = Entry->Flink) {
        PNTP_USER_THREAD_START_CONTEXT Start =
            CONTAINING_RECORD(Entry, NTP_USER_THREAD_START, SuspendedLink);
        if (Start->Thread == Thread) {
            RemoveEntryList(Entry);
            Found = Start;
            break;
        }
    }
    KeReleaseSpinLock(&NtpSuspendedLock, Irql);
    /* The thread frees Found once it passes the gate, which it cannot do before
       KeSetEvent has left the dispatcher lock. */
    if (Found != NULL)
        KeSetEvent(&Found->Gate, 0, FALSE);
    ObDereferenceObject(Thread);
    if (PreviousSuspendCount != NULL)
        *PreviousSuspendCount = Found != NULL ? 1 : 0;
    return STATUS_SUCCESS;
}

/* @implemented */
NTSTATUS NTAPI NtTerminateThread(HANDLE ThreadHandle, NTSTATUS ExitStatus)
{
    PVOID Thread = NULL;
    NTSTATUS Status;

    if (ThreadHandle != NULL && ThreadHandle != NtCurrentThread()) {
        Status = ObReferenceObjectByHandle(ThreadHandle, THREAD_TERMINATE, *PsThreadType,
                                           ExGetPreviousMode(), &Thread, NULL);
        if (!NT_SUCCESS(Status))
            return Status;
        ObDereferenceObject(Thread);
        if (Thread != (PVOID)KiCurrentKThread())
            return STATUS_NOT_SUPPORTED;
    }
    return PspTerminateUserThread(ExitStatus);
}
