/*
 * PURPOSE: Kernel-internal declarations shared across the runtime (per-thread state,
 * bugcheck plumbing).
 */
#ifndef _KMODE_INTERNAL_KE_H_
#define _KMODE_INTERNAL_KE_H_

#include <wdm.h>
#include <kmode/bugcheck.h>
#include <internal/host.h>

struct _HOST_CONDITION;

struct _KMODE_SEH_FRAME;
struct _KI_BUGCHECK_CATCH;
struct _KI_THREAD_STATE;

/*
 * The thread object (kmode's own layout; drivers only hold PKTHREAD/PETHREAD). The
 * executive part (ETHREAD: ids, start routine, exit status) follows it in
 * src/include/internal/ps.h. Created by the object manager with *PsThreadType.
 */
typedef struct _KTHREAD {
    DISPATCHER_HEADER Header;             /* Type KI_THREAD_OBJECT; signaled at termination */
    LIST_ENTRY MutantListHead;            /* kernel mutexes it owns (dispatcher lock) */
    struct _KI_THREAD_STATE *State;       /* its host thread's state while it runs, else NULL */
    struct _KPROCESS *Process;
    volatile KPRIORITY Priority;          /* recorded only: no effect on host scheduling */
    BOOLEAN SystemThread;                 /* created by PsCreateSystemThread or kmode itself */
    BOOLEAN Terminated;
    struct _KI_USER_APC *UserApcHead;     /* queued user-mode APCs, FIFO (dispatcher lock) */
    struct _KI_USER_APC *UserApcTail;
} KTHREAD;

/*
 * A queued user-mode APC (src/win32 queues them: QueueUserAPC, I/O completion routines).
 * Allocated from nonpaged pool with KI_USER_APC_TAG; whoever removes one frees it.
 */
typedef struct _KI_USER_APC {
    struct _KI_USER_APC *Next;
    PVOID Routine;                        /* VOID NTAPI Routine(PVOID, PVOID, PVOID) */
    PVOID Argument[3];
} KI_USER_APC, *PKI_USER_APC;

#define KI_USER_APC_TAG 'CpaU'

/* The process object (one: the System process, src/ps/process.c). */
typedef struct _KPROCESS {
    DISPATCHER_HEADER Header;             /* Type KI_PROCESS_OBJECT; signaled at termination */
    KPRIORITY BasePriority;
} KPROCESS;

/* Per-thread kernel state. One instance per host thread (thread-local storage). */
typedef struct _KI_THREAD_STATE {
    struct _KMODE_SEH_FRAME *SehChain;         /* innermost registered __try frame */
    struct _KI_BUGCHECK_CATCH *BugCheckCatch;  /* innermost KmodeCatchBugCheck on this thread */
    ULONG BugCheckDepth;                       /* nested bugchecks (a bugcheck while reporting) */
    KIRQL Irql;                                /* current IRQL (src/ke/irql.c) */
    BOOLEAN OwnsProcessor;                     /* runs on KiProcessors[Processor] (IRQL >=
                                                  DISPATCH): it is that processor's Owner */
    USHORT Processor;                          /* owned processor, else the last one owned */
    USHORT IdealProcessor;                     /* where to try first; set at first raise */
    BOOLEAN IdealAssigned;
    BOOLEAN HoldsProcessor;                    /* took KiProcessors[Processor]'s token (Holder)
                                                  and has not given it back: running on it, or
                                                  parked below DISPATCH_LEVEL (it may have been
                                                  taken since: Holder says) */
    volatile BOOLEAN Running;                  /* using (or about to use) the processor it
                                                  holds: set before it checks Holder, read by
                                                  a thread taking a parked processor */
    UCHAR ExitHookSet;                         /* its exit hook frees a parked processor
                                                  (src/ke/irql.c) */
    SHORT KernelApcDisable;                    /* critical regions (negative count, as NT) */
    SHORT SpecialApcDisable;                   /* guarded regions (negative count, as NT) */
    KPROCESSOR_MODE PreviousMode;              /* ExGetPreviousMode; KernelMode (0) unless a
                                                  user-mode request is being served */
    BOOLEAN UserApcPending;                    /* an alertable UserMode wait returned
                                                  STATUS_USER_APC: deliver on the way out */
    struct _KTHREAD *Thread;                   /* this thread's object (KiCurrentKThread) */
    /* Waiting (src/ke/wait.c). The wait fields are guarded by the dispatcher lock;
       WaitDone is also written under WaitWake's lock, where the thread sleeps. */
    BOOLEAN WaitWakeReady;                     /* WaitWake initialized */
    UCHAR WaitType;                            /* WaitAny / WaitAll of the current wait */
    BOOLEAN WaitAlertable;                     /* blocked in an alertable UserMode wait */
    volatile LONG WaitDone;                    /* the current wait is over (set under
                                                  WaitWake's lock, after the dispatcher
                                                  lock is released) */
    BOOLEAN WaitSatisfied;                     /* a waker (or the timeout) has ended the
                                                  wait (dispatcher lock) */
    struct _KI_THREAD_STATE *WakeNext;         /* on its waker's list of threads to wake
                                                  once the dispatcher lock is released */
    NTSTATUS WaitStatus;                       /* its result */
    ULONG WaitCount;
    PKWAIT_BLOCK WaitBlocks;
    HOST_CONDITION WaitWake;
    KWAIT_BLOCK WaitBlock[THREAD_WAIT_OBJECTS];   /* built-in blocks for small waits */
} KI_THREAD_STATE;

/* Thread-local storage for kmode's hot per-thread state: initial-exec, so an access is one
   %fs-relative load even in the shared library (libkmode is never dlopen'ed). */
#define KI_TLS __thread __attribute__((__tls_model__("initial-exec")))

extern KI_TLS KI_THREAD_STATE KiThreadState;

/* src/ps/thread.c: gives a host thread kmode did not create (main, test threads, DPC
   workers) its thread object, the first time it needs an identity. Any IRQL. */
struct _KTHREAD *KiAdoptCurrentThread(VOID);

/*
 * The current thread's object: the one identity of a thread everywhere (mutex owner,
 * wait blocks, KeGetCurrentThread). Never NULL.
 */
FORCEINLINE struct _KTHREAD *KiCurrentKThread(VOID)
{
    struct _KTHREAD *Thread = KiThreadState.Thread;
    if (__builtin_expect(Thread != NULL, 1))
        return Thread;
    return KiAdoptCurrentThread();
}

/*
 * The one bugcheck path: KeBugCheckEx and every internal detector end here. CallerPc is the
 * address that triggered it (used to name the faulting driver/function in the report);
 * Explanation is an optional plain-language sentence appended to the report.
 */
DECLSPEC_NORETURN VOID KiBugCheck(ULONG Code, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3,
                                  ULONG_PTR P4, PVOID CallerPc, const char *Explanation);

/*
 * KiBugCheck's CallerPc is a return address (what __builtin_return_address(0) gives): the
 * report symbolizes CallerPc - 1 so file:line name the call, not the line after it.
 * KiBugCheckAtFault takes instead the exact address of a faulting instruction (the PC of a
 * signal context, an exception record's ExceptionAddress) and symbolizes it as is.
 * Explanation, when given, is printed in the report's ANALYSIS section before kmode's
 * generic explanation of the code.
 */
DECLSPEC_NORETURN VOID KiBugCheckAtFault(ULONG Code, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3,
                                         ULONG_PTR P4, PVOID FaultPc, const char *Explanation);

/*
 * Report hooks for state other subsystems own. Each, when set, appends its section to the
 * bugcheck report: it writes at most Capacity - 1 characters plus a NUL into Buffer and
 * returns the number written (0: nothing to say). They run on the bugchecking thread, in
 * the middle of a crash: no locks, no allocation. NULL (the default) omits the section.
 *   KiBugCheckIrqlHook  - "CURRENT_IRQL: ..."  (IRQL tracking, a later issue)
 *   KiBugCheckLocksHook - "LOCKS_HELD: ..."    (spin locks / mutexes held by the thread)
 *   KiBugCheckIrpHook   - "IRP_ADDRESS: ..."   (the IRP being processed, its stack)
 */
typedef SIZE_T (*PKI_BUGCHECK_REPORT_HOOK)(char *Buffer, SIZE_T Capacity);
extern PKI_BUGCHECK_REPORT_HOOK KiBugCheckIrqlHook;
extern PKI_BUGCHECK_REPORT_HOOK KiBugCheckLocksHook;
extern PKI_BUGCHECK_REPORT_HOOK KiBugCheckIrpHook;

/*
 * The IRP a bugcheck is about, for the report's IRP section (decoded like WinDbg's !irp)
 * and its JSON copy. A detector that knows the IRP (double completion 0x44, IoCallDriver's
 * 0x35, the verifier's I/O checks) calls KiSetBugCheckIrp(Irp) just before KiBugCheck.
 * Without one, the report decodes the IRP the thread is working on, if the I/O manager
 * says so (KiBugCheckActiveIrpQuery: the IRP of the dispatch, completion or cancel routine
 * running on this thread, or NULL). The report reads the IRP only where it is readable;
 * the hint is cleared when the report is built (and by KmodeCatchBugCheck).
 */
extern KI_TLS struct _IRP *KiBugCheckIrp;

FORCEINLINE VOID KiSetBugCheckIrp(struct _IRP *Irp)
{
    KiBugCheckIrp = Irp;
}

/* Names the report prints, for other reports to share (src/ke/bugcheck.c, bugcheck_irp.c):
   "PASSIVE_LEVEL", "DISPATCH_LEVEL", ... ("device IRQL" between); "IRP_MJ_READ", ...
   ("N/A" beyond IRP_MJ_MAXIMUM_FUNCTION, as !irp prints it). */
const char *KiIrqlName(UCHAR Irql);
const char *KiIrpMajorName(UCHAR MajorFunction);

typedef struct _IRP *(*PKI_BUGCHECK_IRP_QUERY)(VOID);
extern PKI_BUGCHECK_IRP_QUERY KiBugCheckActiveIrpQuery;

/*
 * Per-thread state a subsystem keeps for the report (the I/O manager's record of the IRP
 * its routine is working on): KmodeCatchBugCheck saves it (Restore FALSE) when it starts
 * and puts it back (Restore TRUE) when a bugcheck returns control to it, since the frames
 * that would have restored it were abandoned. State holds KI_CATCH_STATE_SIZE bytes.
 */
#define KI_CATCH_STATE_SIZE 64
typedef VOID (*PKI_CATCH_STATE_HOOK)(PVOID State, BOOLEAN Restore);
extern PKI_CATCH_STATE_HOOK KiBugCheckCatchStateHook;

/*
 * Records the current stack as that of an exception about to be dispatched (call it where
 * dispatch starts, with the record's ExceptionAddress). If the exception goes unhandled,
 * the bugcheck report (0x1E/0x7E/0x8E/0x3B with Arg2 == ExceptionAddress) prints this
 * stack: by then source-mode SEH has left the raising frames. Per thread; the last call
 * wins.
 */
VOID KiRecordExceptionStack(PVOID ExceptionAddress);

/*
 * The one breakpoint path (DbgBreakPoint, RtlAssert, the assertion macros). Prints Message
 * (may be NULL) and a line naming What and its caller (CallerPc, a return address), then:
 * with a debugger attached, traps into it and returns when it continues; with
 * KMODE_BREAK=continue, returns; otherwise raises ExceptionCode (STATUS_BREAKPOINT or
 * STATUS_ASSERTION_FAILURE), which bugchecks 0x1E when unhandled. Status (when HasStatus)
 * is DbgBreakPointWithStatus's value for the debugger.
 */
VOID KiBreakpoint(NTSTATUS ExceptionCode, const char *What, PVOID CallerPc, const char *Message,
                  ULONG_PTR Status, BOOLEAN HasStatus);

/* ---- Virtual processors (src/ke/irql.c; the model is in src/ke/README.md) ---------------- */

typedef struct DECLSPEC_ALIGN(64) _KI_PROCESSOR {
    KI_THREAD_STATE *volatile Owner;   /* thread at DISPATCH_LEVEL or above on it, or NULL
                                          (written by that thread only) */
    KI_THREAD_STATE *volatile Holder;  /* its token: the thread that runs on it (== Owner) or
                                          parked it; NULL: free. KI_HOLDER_TAKING | thread:
                                          that thread is taking it from a parked holder */
    volatile LONG EagerReleases;       /* releases left that free it instead of parking it
                                          (after a parked processor was taken; -1: always) */
    ULONG Number;
    /* DPC queue (src/ke/dpc.c): FIFO of KDPC.DpcListEntry, guarded by DpcLock (a bare
       test-and-set usable at any IRQL). DpcCount is read without the lock as a hint. */
    volatile LONG DpcLock;
    volatile LONG DpcCount;
    SINGLE_LIST_ENTRY DpcHead;
    PSINGLE_LIST_ENTRY DpcTail;
    volatile LONG WorkerState;         /* 0 none, 1 starting/running */
    struct _HOST_CONDITION *WorkerWake;
} KI_PROCESSOR;

extern KI_PROCESSOR KiProcessors[MAXIMUM_PROCESSORS];
extern ULONG KiProcessorCount;

/* ---- Dispatcher (src/ke/wait.c, src/ke/dispatcher.c) ------------------------------------ */

/* DISPATCHER_HEADER.Type values (the KOBJECTS enumeration). */
#define KI_EVENT_NOTIFICATION_OBJECT     0
#define KI_EVENT_SYNCHRONIZATION_OBJECT  1
#define KI_MUTANT_OBJECT                 2
#define KI_PROCESS_OBJECT                3
#define KI_QUEUE_OBJECT                  4
#define KI_SEMAPHORE_OBJECT              5
#define KI_THREAD_OBJECT                 6
#define KI_GATE_OBJECT                   7
#define KI_TIMER_NOTIFICATION_OBJECT     8
#define KI_TIMER_SYNCHRONIZATION_OBJECT  9

VOID KiAcquireDispatcherLock(VOID);
VOID KiReleaseDispatcherLock(VOID);
/* Header's state moved toward signaled: satisfy the waiters it now can. Lock held. */
VOID KiSignalObject(PDISPATCHER_HEADER Header);
/*
 * KeSetEvent for an event whose memory the caller keeps alive across the call (the I/O
 * manager's file-object event and a user event the IRP references): a notification event
 * nobody waits on is set without the dispatcher lock (src/ke/wait.c explains the protocol);
 * anything else goes through KeSetEvent. Never for an event a waiter may free as soon as it
 * sees the event signaled (a caller's stack event).
 */
VOID KiSetReferencedEvent(PKEVENT Event);
/* Tests only (src/ke/wait.c): called under the dispatcher lock between a wait's first check
   of its objects and the linking of its wait blocks. */
extern VOID (*KiWaitBeforeLinkTestHook)(PVOID const *Objects, ULONG Count);
/* The wait engine behind KeWaitFor*Object(s) and KeDelayExecutionThread. */
NTSTATUS KiWaitForObjects(ULONG Count, PVOID const *Objects, WAIT_TYPE WaitType,
                          PLARGE_INTEGER Timeout, PKWAIT_BLOCK WaitBlocks, PVOID Caller);
/* The same with the wait's mode and alertability: an alertable UserMode wait returns
   STATUS_USER_APC (and sets KI_THREAD_STATE.UserApcPending) when a user APC is queued to
   the thread before or while it waits and no object satisfies the wait first. */
NTSTATUS KiWaitForObjectsEx(ULONG Count, PVOID const *Objects, WAIT_TYPE WaitType,
                            KPROCESSOR_MODE WaitMode, BOOLEAN Alertable, PLARGE_INTEGER Timeout,
                            PKWAIT_BLOCK WaitBlocks, PVOID Caller);

/*
 * User-mode APC queue of a thread (src/ke/wait.c). KiInsertUserApc appends Apc and, when
 * the thread is blocked in an alertable UserMode wait, ends that wait with
 * STATUS_USER_APC; FALSE (Apc not queued) once the thread has terminated.
 * KiRemoveUserApc takes the oldest (NULL: none). KiFlushUserApcs frees what is left (the
 * thread has terminated). Any IRQL <= DISPATCH_LEVEL.
 */
BOOLEAN KiInsertUserApc(struct _KTHREAD *Thread, PKI_USER_APC Apc);
PKI_USER_APC KiRemoveUserApc(struct _KTHREAD *Thread);
VOID KiFlushUserApcs(struct _KTHREAD *Thread);

/*
 * Driver Verifier's end-of-life checks (src/verifier/vfunload.c): what the kernel still has
 * queued that lies in [Low, High), a driver image about to go. KiFindTimerInRange: a set
 * timer whose object (*What 0), DPC object (1) or DPC routine (2) lies there, returned in
 * *Found (the object or routine, TIMER_OR_DPC_INVALID's subcodes); NULL when none.
 * KiFindQueuedDpcInRange: a queued DPC whose object (*What 1) or routine (2) lies there.
 */
PVOID KiFindTimerInRange(ULONG_PTR Low, ULONG_PTR High, PULONG What);
PVOID KiFindQueuedDpcInRange(ULONG_PTR Low, ULONG_PTR High, PULONG What);

/* KmodeCatchBugCheck regained control: put the thread back at Irql (releasing the virtual
   processor if the bugcheck came at DISPATCH_LEVEL or above and Irql is below). */
VOID KiRestoreIrqlAfterCatch(KIRQL Irql);

/* Test hook: re-creates the processor table with Count processors. Only while no thread is
   at DISPATCH_LEVEL or above (processors parked by threads are taken and freed). */
VOID KiSetProcessorCountForTest(ULONG Count);

/* Test hook: the number of releases that free a processor after a parked one was taken
   (default 1024; < 0: unchanged). Returns FALSE when processors are never parked (the host
   has no process-wide barrier). KiSetProcessorCountForTest frees every parked processor
   and resets their counts. */
BOOLEAN KiSetProcessorParkingForTest(LONG EagerAfterTake);

/* Spin-wait hint for busy loops. */
FORCEINLINE VOID KiCpuRelax(VOID) { __builtin_ia32_pause(); }

#define KI_HOLDER_TAKING 1             /* low bit of KI_PROCESSOR.Holder */

VOID KiAcquireProcessorSlow(KI_THREAD_STATE *Thread);

/*
 * Claims a virtual processor for the current thread (it is going to DISPATCH_LEVEL).
 *
 * A thread that lowers IRQL keeps its processor's token, parked (src/ke/README.md,
 * "Parked processors"), so its next raise is plain stores and loads: announce Running, then
 * check that the token is still its own. A thread that wants a parked processor marks it
 * (KI_HOLDER_TAKING), flushes every thread's store buffer (HostFlushProcessWriteBuffers) and
 * then reads the holder's Running: either the holder sees the mark and backs off, or the
 * taker sees Running and gives the token back; never both run on it. Otherwise (first
 * raise, token taken, processor busy) the slow path looks for a free processor with a
 * compare-and-swap and, when every processor is taken, waits its turn as a thread would for
 * a CPU.
 */
FORCEINLINE BOOLEAN KiResumeParkedProcessor(KI_THREAD_STATE *Thread)
{
    if (__builtin_expect(Thread->HoldsProcessor, 1)) {
        KI_PROCESSOR *Processor = &KiProcessors[Thread->Processor];
        __atomic_store_n(&Thread->Running, TRUE, __ATOMIC_RELAXED);
        /* Compiler barrier only: the taker's process-wide barrier orders the hardware. */
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
        if (__builtin_expect(__atomic_load_n(&Processor->Holder, __ATOMIC_ACQUIRE) == Thread, 1)) {
            Thread->OwnsProcessor = TRUE;
            __atomic_store_n(&Processor->Owner, Thread, __ATOMIC_RELAXED);
            return TRUE;
        }
    }
    return FALSE;                      /* Running may be set: the slow path sets it anyway */
}

FORCEINLINE VOID KiAcquireProcessor(KI_THREAD_STATE *Thread)
{
    if (!KiResumeParkedProcessor(Thread))
        KiAcquireProcessorSlow(Thread);
}

/* src/ke/dpc.c: runs the owned processor's queued DPCs (the thread is at DISPATCH_LEVEL),
   and wakes a processor's DPC worker when DPCs wait on a processor nobody holds. */
VOID KiDrainDpcs(KI_THREAD_STATE *Thread);
VOID KiWakeDpcWorker(ULONG Processor);

/* src/ke/dpc.c: threaded DPCs on (TRUE, the default unless KMODE_THREADED_DPCS=0) or off
   (they run as ordinary DPCs, as with Windows' ThreadDpcEnable=0). Tests switch it. */
VOID KiSetThreadedDpcsEnabled(BOOLEAN Enabled);
/* src/ke/dpc.c: the DPC watchdog's limits in clock ticks (0: that check is off), as
   KMODE_DPC_TIMEOUT / KMODE_DPC_WATCHDOG_PERIOD (milliseconds) set them at start-up. */
VOID KiSetDpcWatchdogLimits(ULONG DpcTimeLimitTicks, ULONG DpcWatchdogLimitTicks);
/* src/ke/timer.c: the timer list lock, held across fork() by the fork hook in dpc.c. */
VOID KiLockTimersForFork(VOID);
VOID KiUnlockTimersForFork(VOID);

/* src/ke/irql.c: the rest of KiReleaseProcessor (DPCs drained, OwnsProcessor FALSE):
   gives the token back instead of parking it. */
VOID KiReleaseProcessorEager(KI_THREAD_STATE *Thread);

/*
 * The thread goes below DISPATCH_LEVEL. Its processor's queued DPCs run first, on this
 * thread, as on Windows when IRQL drops. Then it parks the processor (keeps its token: two
 * plain stores), unless the processor was recently taken from a parked holder (then it
 * frees it, for the threads that compete for it). There is no fence here: a DPC queued by
 * another thread in the instant between this check and the release is picked up by the
 * processor's DPC worker, which the inserter always wakes and which polls while DPCs wait
 * on a processor someone runs on (src/ke/dpc.c).
 */
/* TRUE when releasing Processor only parks it: no DPC queued there, not to be freed. The
   fast paths of the lowering DDIs test it before they change anything, then park with
   KiParkProcessor. */
FORCEINLINE BOOLEAN KiProcessorParksOnRelease(KI_PROCESSOR *Processor)
{
    return (__atomic_load_n(&Processor->DpcCount, __ATOMIC_RELAXED) |
            __atomic_load_n(&Processor->EagerReleases, __ATOMIC_RELAXED)) == 0;
}

FORCEINLINE VOID KiParkProcessor(KI_THREAD_STATE *Thread, KI_PROCESSOR *Processor)
{
    Thread->OwnsProcessor = FALSE;
    __atomic_store_n(&Processor->Owner, NULL, __ATOMIC_RELEASE);
    __atomic_store_n(&Thread->Running, FALSE, __ATOMIC_RELEASE);
}

FORCEINLINE VOID KiReleaseProcessor(KI_THREAD_STATE *Thread)
{
    KI_PROCESSOR *Processor = &KiProcessors[Thread->Processor];

    if (__builtin_expect(__atomic_load_n(&Processor->DpcCount, __ATOMIC_RELAXED) != 0, 0))
        KiDrainDpcs(Thread);
    if (__builtin_expect(__atomic_load_n(&Processor->EagerReleases, __ATOMIC_RELAXED) != 0, 0)) {
        Thread->OwnsProcessor = FALSE;
        KiReleaseProcessorEager(Thread);
        return;
    }
    KiParkProcessor(Thread, Processor);
}

/* src/ke/irql.c. KiReleaseProcessorAll: KiReleaseProcessor that always frees the processor
   (a thread that claimed one for a moment: DPC workers, KeFlushQueuedDpcs).
   KiClaimProcessorNumber: claims exactly processor Number (below DISPATCH_LEVEL), taking it
   from a thread that parked it; while a thread runs on it, waits (Wait) or returns FALSE.
   KiDropParkedProcessor: gives back a processor the thread parked (below DISPATCH_LEVEL). */
VOID KiReleaseProcessorAll(KI_THREAD_STATE *Thread);
BOOLEAN KiClaimProcessorNumber(KI_THREAD_STATE *Thread, ULONG Number, BOOLEAN Wait);
VOID KiDropParkedProcessor(KI_THREAD_STATE *Thread);
/* src/ke/irql.c: after fork(), in the child: processors held or parked by threads the child
   does not have are free. */
VOID KiResetProcessorsAfterFork(VOID);

#endif
