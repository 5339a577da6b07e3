/*
 * PURPOSE: Thread objects: system threads (PsCreateSystemThread, PsTerminateSystemThread),
 * the objects of host threads kmode adopts, and the thread queries (KeGetCurrentThread,
 * PsGetCurrentThreadId, priorities, ...).
 *
 * Every host thread that runs kernel code has a thread object (ETHREAD, *PsThreadType):
 *   - a system thread gets it from PsCreateSystemThread, which starts a host thread running
 *     PspSystemThreadStartup; the thread ends when its start routine returns or calls
 *     PsTerminateSystemThread (a longjmp back to the startup frame, so nothing of the
 *     abandoned frames runs, as on Windows);
 *   - any other host thread (main, test threads, DPC workers) is adopted: it gets an object
 *     the first time it needs an identity, released by a thread-exit hook.
 * A thread object is signaled when its thread ends, so waiting on it works; the running
 * thread holds one reference on its own object until then.
 */

/* INCLUDES ******************************************************************************/

#include <threads.h>
#include <internal/ps.h>
#include <internal/ob.h>
#include <internal/invoke.h>
#include <internal/kqueue.h>
#include <internal/io.h>
#include <internal/vfpool.h>
#include <internal/vfhooks.h>

/* GLOBALS *******************************************************************************/

/* Thread ids share Windows' CID numbering: multiples of 4, after the System process (4). */
static volatile LONG64 PspNextThreadId = 8;

/* Adopted threads: the key whose destructor runs when such a host thread exits. */
static once_flag PspAdoptOnce = ONCE_FLAG_INIT;
static tss_t PspAdoptKey;

/* PRIVATE FUNCTIONS *********************************************************************/

static NTSTATUS PspAllocateThread(POBJECT_ATTRIBUTES ObjectAttributes, BOOLEAN SystemThread,
                                  KPRIORITY Priority, PETHREAD *Result)
{
    PETHREAD Thread;
    PVOID Object;
    NTSTATUS Status;

    Status = ObpCreateObject(*PsThreadType, ObjectAttributes, KernelMode, sizeof(ETHREAD),
                             &Object);
    if (!NT_SUCCESS(Status))
        return Status;
    Thread = Object;
    Thread->Tcb.Header.Type = KI_THREAD_OBJECT;
    Thread->Tcb.Header.SignalState = 0;
    InitializeListHead(&Thread->Tcb.Header.WaitListHead);
    InitializeListHead(&Thread->Tcb.MutantListHead);
    Thread->Tcb.Process = &PspGetSystemProcess()->Pcb;
    Thread->Tcb.Priority = Priority;
    Thread->Tcb.SystemThread = SystemThread;
    Thread->Cid.UniqueProcess = PspGetSystemProcess()->UniqueProcessId;
    Thread->Cid.UniqueThread =
        (HANDLE)(ULONG_PTR)__atomic_fetch_add(&PspNextThreadId, 4, __ATOMIC_RELAXED);
    Thread->ExitStatus = STATUS_PENDING;
    *Result = Thread;
    return STATUS_SUCCESS;
}

/* The thread has ended: its object becomes signaled (waiters wake) and the host thread
   lets go of it. */
static VOID PspSignalTermination(PETHREAD Thread, NTSTATUS ExitStatus)
{
    KiRundownThreadQueue();   /* a queue (KeRemoveQueue) loses this thread */
    IopCancelThreadIrps(Thread);   /* its pending I/O is cancelled (IoCancelThreadIo) */
    __atomic_store_n(&Thread->ExitStatus, ExitStatus, __ATOMIC_RELEASE);
    KiAcquireDispatcherLock();
    Thread->Tcb.Terminated = TRUE;
    Thread->Tcb.Header.SignalState = 1;
    KiSignalObject(&Thread->Tcb.Header);
    KiReleaseDispatcherLock();
    Thread->Tcb.State = NULL;
    KiThreadState.Thread = NULL;
    KiFlushUserApcs(&Thread->Tcb);   /* queued user APCs that never ran */
    ObDereferenceObject(Thread);
}

/* The thread ends owning mutants (Win32 mutexes, or kernel mutexes an adopted thread
   holds): each is abandoned, its next owner's wait returns STATUS_ABANDONED_WAIT_n. */
static VOID PspAbandonMutants(PETHREAD Thread)
{
    KiAcquireDispatcherLock();
    while (!IsListEmpty(&Thread->Tcb.MutantListHead)) {
        PKMUTANT Mutant = CONTAINING_RECORD(RemoveHeadList(&Thread->Tcb.MutantListHead),
                                            KMUTANT, MutantListEntry);
        InitializeListHead(&Mutant->MutantListEntry);
        Mutant->OwnerThread = NULL;
        Mutant->Abandoned = TRUE;
        Mutant->Header.SignalState = 1;
        KiSignalObject(&Mutant->Header);
    }
    KiReleaseDispatcherLock();
}

/* An adopted host thread exits (kmode does not control when): the mutexes it still owns
   are abandoned (the next owner's wait returns STATUS_ABANDONED_WAIT_n), its virtual
   processor is released, and its object is signaled. */
static void PspAdoptedThreadExit(void *Context)
{
    PETHREAD Thread = Context;

    if (KiThreadState.Thread != &Thread->Tcb)
        return;
    PspAbandonMutants(Thread);
    if (KiThreadState.OwnsProcessor)
        KiRestoreIrqlAfterCatch(PASSIVE_LEVEL);
    PspSignalTermination(Thread, STATUS_SUCCESS);
}

static void PspCreateAdoptKey(void)
{
    if (tss_create(&PspAdoptKey, PspAdoptedThreadExit) != thrd_success)
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, 0, 0x51, 0, 0);
}

/*
 * The current system thread ends with ExitStatus. Windows' checks at thread exit come first:
 * IRQL above PASSIVE_LEVEL or APCs still disabled (a critical or guarded region left open,
 * a kernel mutex still held) is 0x20 KERNEL_APC_PENDING_DURING_EXIT; a kernel mutex still
 * owned with balanced APC counts is 0x4000008A THREAD_TERMINATE_HELD_MUTEX; a system worker
 * thread ending is 0xE9 ACTIVE_EX_WORKER_THREAD_TERMINATION.
 */
static DECLSPEC_NORETURN VOID PspExitThread(PETHREAD Thread, NTSTATUS ExitStatus,
                                            PVOID CallerPc, BOOLEAN CallerPcIsExact)
{
    KI_THREAD_STATE *State = &KiThreadState;
    VOID (*Report)(ULONG, ULONG_PTR, ULONG_PTR, ULONG_PTR, ULONG_PTR, PVOID, const char *) =
        CallerPcIsExact ? KiBugCheckAtFault : KiBugCheck;

    if (Thread->WorkerThread) {
        Report(ACTIVE_EX_WORKER_THREAD_TERMINATION, (ULONG_PTR)Thread, 0, 0, 0, CallerPc,
               "A work item ended the system worker thread it was running on "
               "(PsTerminateSystemThread in a worker routine).");
    }
    if (State->Irql != PASSIVE_LEVEL || State->KernelApcDisable != 0 ||
        State->SpecialApcDisable != 0) {
        ULONG Combined = ((ULONG)(USHORT)State->SpecialApcDisable << 16) |
                         (USHORT)State->KernelApcDisable;
        Report(KERNEL_APC_PENDING_DURING_EXIT, 0, Combined, State->Irql, 0, CallerPc,
               State->Irql != PASSIVE_LEVEL
                   ? "A system thread ended with its IRQL raised above PASSIVE_LEVEL."
                   : "A system thread ended inside a critical or guarded region, or holding "
                     "a kernel mutex (its APC disable count, Arg2, is not zero).");
    }
    if (!IsListEmpty(&Thread->Tcb.MutantListHead)) {
        PKMUTANT Mutant = CONTAINING_RECORD(Thread->Tcb.MutantListHead.Flink, KMUTANT,
                                            MutantListEntry);
        Report(THREAD_TERMINATE_HELD_MUTEX, (ULONG_PTR)Thread, (ULONG_PTR)Mutant, 0, 0,
               CallerPc, "A system thread ended while it owned a kernel mutex (Arg2).");
    }
    __atomic_store_n(&Thread->ExitStatus, ExitStatus, __ATOMIC_RELEASE);
    longjmp(*Thread->ExitJump, 1);
}

/* Host-thread entry of a system thread. Context is its object, with the reference that
   the running thread holds. */
static VOID PspSystemThreadStartup(PVOID Context)
{
    PETHREAD volatile Thread = Context;
    jmp_buf Exit;
    const LONG Activity = VfActivityEnter(VF_ACTIVITY_THREAD, (PVOID)Thread->StartRoutine, Thread);

    Thread->Tcb.State = &KiThreadState;
    KiThreadState.Thread = &Thread->Tcb;
    Thread->ExitJump = &Exit;
    if (setjmp(Exit) == 0) {
        KiInvokeThreadStart(Thread->StartRoutine, Thread->StartContext);
        /* Returning from the start routine ends the thread normally, as on Windows
           (STATUS_SUCCESS), with the same checks as PsTerminateSystemThread. */
        PspExitThread(Thread, STATUS_SUCCESS, (PVOID)Thread->StartRoutine, TRUE);
    }
    Thread->ExitJump = NULL;
    VfActivityLeave(Activity);
    PspSignalTermination(Thread, Thread->ExitStatus);
}

/* Host-thread entry of a user thread (PspCreateUserThread). */
static VOID PspUserThreadStartup(PVOID Context)
{
    PETHREAD volatile Thread = Context;
    jmp_buf Exit;

    Thread->Tcb.State = &KiThreadState;
    KiThreadState.Thread = &Thread->Tcb;
    KiThreadState.PreviousMode = UserMode;   /* it runs the app's code */
    Thread->ExitJump = &Exit;
    if (setjmp(Exit) == 0) {
        NTSTATUS Status = KiInvokeUserThreadStart(Thread->UserStartRoutine, Thread->StartContext);
        __atomic_store_n(&Thread->ExitStatus, Status, __ATOMIC_RELEASE);
    }
    Thread->ExitJump = NULL;
    PspAbandonMutants(Thread);
    if (KiThreadState.OwnsProcessor)
        KiRestoreIrqlAfterCatch(PASSIVE_LEVEL);
    PspSignalTermination(Thread, Thread->ExitStatus);
}

/* PUBLIC FUNCTIONS (internal) ***********************************************************/

NTSTATUS PspCreateUserThread(POBJECT_ATTRIBUTES ObjectAttributes, ACCESS_MASK DesiredAccess,
                             KPROCESSOR_MODE AccessMode, PHANDLE ThreadHandle,
                             NTSTATUS (*StartRoutine)(PVOID), PVOID StartContext,
                             PETHREAD *Result)
{
    PETHREAD Thread;
    PVOID Object;
    NTSTATUS Status;

    *Result = NULL;
    if (ThreadHandle)
        *ThreadHandle = NULL;
    Status = PspAllocateThread(ObjectAttributes, FALSE, PSP_SYSTEM_BASE_PRIORITY, &Thread);
    if (!NT_SUCCESS(Status))
        return Status;
    Thread->UserThread = TRUE;
    Thread->UserStartRoutine = StartRoutine;
    Thread->StartContext = StartContext;
    Status = ObpInsertObject(Thread, DesiredAccess, AccessMode, &Object, ThreadHandle);
    if (!NT_SUCCESS(Status))
        return Status;
    Thread = Object;
    ObReferenceObject(Thread);   /* the running thread's own reference */
    if (!HostCreateThread(PspUserThreadStartup, Thread)) {
        if (ThreadHandle) {
            ObpCloseHandle(*ThreadHandle, AccessMode);
            *ThreadHandle = NULL;
        }
        ObDereferenceObject(Thread);
        ObDereferenceObject(Thread);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    *Result = Thread;
    return STATUS_SUCCESS;
}

NTSTATUS PspTerminateUserThread(NTSTATUS ExitStatus)
{
    PETHREAD Thread = (PETHREAD)KiThreadState.Thread;

    if (Thread == NULL || !Thread->UserThread || Thread->ExitJump == NULL)
        return STATUS_INVALID_PARAMETER;
    __atomic_store_n(&Thread->ExitStatus, ExitStatus, __ATOMIC_RELEASE);
    longjmp(*Thread->ExitJump, 1);
}

struct _KTHREAD *KiAdoptCurrentThread(VOID)
{
    PETHREAD Thread;
    PVOID Object;
    NTSTATUS Status;

    call_once(&PspAdoptOnce, PspCreateAdoptKey);
    Status = PspAllocateThread(NULL, FALSE, PSP_SYSTEM_BASE_PRIORITY, &Thread);
    if (NT_SUCCESS(Status))
        Status = ObpInsertObject(Thread, 0, KernelMode, &Object, NULL);
    if (!NT_SUCCESS(Status)) {
        KiBugCheck(MUST_SUCCEED_POOL_EMPTY, sizeof(ETHREAD), 0, 0, 0,
                   __builtin_return_address(0),
                   "kmode could not allocate the thread object of a host thread.");
    }
    Thread = Object;
    Thread->Adopted = TRUE;
    Thread->Tcb.State = &KiThreadState;
    KiThreadState.Thread = &Thread->Tcb;
    if (tss_set(PspAdoptKey, Thread) != thrd_success) {
        KiBugCheck(MUST_SUCCEED_POOL_EMPTY, sizeof(ETHREAD), 1, 0, 0,
                   __builtin_return_address(0),
                   "kmode could not register the exit hook of a host thread.");
    }
    return &Thread->Tcb;
}

NTSTATUS PspCreateSystemThread(POBJECT_ATTRIBUTES ObjectAttributes, ACCESS_MASK DesiredAccess,
                               PHANDLE ThreadHandle, PKSTART_ROUTINE StartRoutine,
                               PVOID StartContext, KPRIORITY Priority, PETHREAD *Result)
{
    PETHREAD Thread;
    PVOID Object;
    NTSTATUS Status;

    *Result = NULL;
    if (ThreadHandle)
        *ThreadHandle = NULL;
    Status = PspAllocateThread(ObjectAttributes, TRUE, Priority, &Thread);
    if (!NT_SUCCESS(Status))
        return Status;
    Thread->StartRoutine = StartRoutine;
    Thread->StartContext = StartContext;
    Status = ObpInsertObject(Thread, DesiredAccess, KernelMode, &Object, ThreadHandle);
    if (!NT_SUCCESS(Status))
        return Status;
    Thread = Object;
    ObReferenceObject(Thread);   /* the running thread's own reference */
    if (!HostCreateThread(PspSystemThreadStartup, Thread)) {
        if (ThreadHandle) {
            ObpCloseHandle(*ThreadHandle, KernelMode);
            *ThreadHandle = NULL;
        }
        ObDereferenceObject(Thread);
        ObDereferenceObject(Thread);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    *Result = Thread;
    return STATUS_SUCCESS;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * PASSIVE_LEVEL. Starts a system thread (of the System process) that runs
 * StartRoutine(StartContext) at PASSIVE_LEVEL on its own host thread, and returns a handle
 * to its thread object (waitable: signaled when the thread ends). OBJ_KERNEL_HANDLE in
 * ObjectAttributes gives a kernel handle; without it (or with no attributes) the handle is
 * in the process table, as on Windows. ProcessHandle: NULL (the System process) or a handle
 * to it (NtCurrentProcess() included). ClientId (optional) receives the process and thread
 * ids. Errors: the handle's (STATUS_INVALID_HANDLE, STATUS_OBJECT_TYPE_MISMATCH), the
 * attributes' (STATUS_INVALID_PARAMETER), STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS NTAPI PsCreateSystemThread(PHANDLE ThreadHandle, ULONG DesiredAccess,
                                    POBJECT_ATTRIBUTES ObjectAttributes, HANDLE ProcessHandle,
                                    PCLIENT_ID ClientId, PKSTART_ROUTINE StartRoutine,
                                    PVOID StartContext)
{
    PETHREAD Thread;
    NTSTATUS Status;

    VF_DDI_RULE(VF_DDI_IRQL_PS_PASSIVE, KeGetCurrentIrql() != PASSIVE_LEVEL);
    *ThreadHandle = NULL;
    if (ProcessHandle != NULL) {
        PVOID Process;
        Status = ObReferenceObjectByHandle(ProcessHandle, PROCESS_CREATE_THREAD, *PsProcessType,
                                           KernelMode, &Process, NULL);
        if (!NT_SUCCESS(Status))
            return Status;
        ObDereferenceObject(Process);   /* there is one process: System */
    }
    Status = PspCreateSystemThread(ObjectAttributes, DesiredAccess, ThreadHandle, StartRoutine,
                                   StartContext, PSP_SYSTEM_BASE_PRIORITY, &Thread);
    if (!NT_SUCCESS(Status))
        return Status;
    if (ClientId)
        *ClientId = Thread->Cid;
    ObDereferenceObject(Thread);
    return STATUS_SUCCESS;
}

/*
 * @implemented
 * PASSIVE_LEVEL. Ends the current system thread with ExitStatus (its object is signaled;
 * PsGetThreadExitStatus returns ExitStatus) and does not return. The frames between the
 * start routine and the call are abandoned (no __finally runs). A thread that is not a
 * system thread started by PsCreateSystemThread (kmode's main thread, a test's thread):
 * returns STATUS_INVALID_PARAMETER, as Windows does for a thread it cannot terminate.
 * Exit checks (0x20, 0x4000008A, 0xE9): see PspExitThread.
 */
__attribute__((noinline)) NTSTATUS NTAPI PsTerminateSystemThread(NTSTATUS ExitStatus)
{
    PKTHREAD Current = KiThreadState.Thread;
    PETHREAD Thread = (PETHREAD)Current;

    VF_DDI_RULE(VF_DDI_IRQL_PS_PASSIVE, KeGetCurrentIrql() != PASSIVE_LEVEL);
    if (Current == NULL || !Current->SystemThread || Thread->ExitJump == NULL)
        return STATUS_INVALID_PARAMETER;
    PspExitThread(Thread, ExitStatus, __builtin_return_address(0), FALSE);
}

/* @implemented: any IRQL. The current thread's object. */
PKTHREAD NTAPI KeGetCurrentThread(VOID)
{
    return KiCurrentKThread();
}

/* @implemented: any IRQL. The current thread's object (the same object as KeGetCurrentThread). */
PETHREAD NTAPI PsGetCurrentThread(VOID)
{
    return (PETHREAD)KiCurrentKThread();
}

/* @implemented: any IRQL. The current thread's id (a multiple of 4, unique in the process's
   life). */
HANDLE NTAPI PsGetCurrentThreadId(VOID)
{
    return ((PETHREAD)KiCurrentKThread())->Cid.UniqueThread;
}

/* @implemented: any IRQL. Thread's id. */
HANDLE NTAPI PsGetThreadId(PETHREAD Thread)
{
    return Thread->Cid.UniqueThread;
}

/* @implemented: any IRQL. The id of Thread's process (4: System). */
HANDLE NTAPI PsGetThreadProcessId(PETHREAD Thread)
{
    return Thread->Cid.UniqueProcess;
}

/* @implemented: any IRQL. Thread's process (the System process). */
PEPROCESS NTAPI PsGetThreadProcess(PETHREAD Thread)
{
    return (PEPROCESS)(struct _EPROCESS *)Thread->Tcb.Process;
}

/*
 * @implemented
 * Any IRQL. TRUE for a system thread: one PsCreateSystemThread started, or a system worker
 * thread. The host threads kmode adopts (the program's main thread, a test's own threads,
 * DPC workers) are not system threads.
 */
BOOLEAN NTAPI PsIsSystemThread(PETHREAD Thread)
{
    return Thread->Tcb.SystemThread;
}

/* @implemented: any IRQL. STATUS_PENDING while Thread runs, then its exit status. */
NTSTATUS NTAPI PsGetThreadExitStatus(PETHREAD Thread)
{
    return __atomic_load_n(&Thread->ExitStatus, __ATOMIC_ACQUIRE);
}

/*
 * @implemented
 * Any IRQL. Thread's current priority (system threads start at 8, the System process's base
 * priority).
 */
KPRIORITY NTAPI KeQueryPriorityThread(PKTHREAD Thread)
{
    return __atomic_load_n(&Thread->Priority, __ATOMIC_RELAXED);
}

/*
 * @implemented
 * PASSIVE_LEVEL. Sets Thread's priority and returns the previous one. kmode records it
 * (KeQueryPriorityThread returns it) but the host schedules every thread alike: no nice(),
 * no real-time class. A priority outside LOW_PRIORITY..HIGH_PRIORITY is an assertion failure
 * (Windows asserts it; checked behaviour), and the priority stays as it was.
 */
__attribute__((noinline)) KPRIORITY NTAPI KeSetPriorityThread(PKTHREAD Thread,
                                                              KPRIORITY Priority)
{
    if (Priority < LOW_PRIORITY || Priority > HIGH_PRIORITY) {
        KiBreakpoint(STATUS_ASSERTION_FAILURE, "KeSetPriorityThread",
                     __builtin_return_address(0),
                     "KeSetPriorityThread: Priority is outside LOW_PRIORITY..HIGH_PRIORITY.\n",
                     0, FALSE);
        return __atomic_load_n(&Thread->Priority, __ATOMIC_RELAXED);
    }
    return __atomic_exchange_n(&Thread->Priority, Priority, __ATOMIC_RELAXED);
}
