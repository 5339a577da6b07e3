/*
 * PURPOSE: Process and thread structures (the executive parts: ETHREAD, EPROCESS) and the
 * internal interface of src/ps and the system worker threads (src/ex/worker.c).
 *
 * Layouts are kmode's own; drivers only hold pointers. A KTHREAD (src/include/internal/ke.h)
 * starts the ETHREAD and a KPROCESS the EPROCESS, so PETHREAD/PKTHREAD and PEPROCESS/PKPROCESS
 * of one object are the same address (with ntifs.h the WDK makes them the same type).
 */
#ifndef _KMODE_INTERNAL_PS_H_
#define _KMODE_INTERNAL_PS_H_

#include <internal/ke.h>
#include <setjmp.h>

/* The System process's id, as on Windows. Thread ids are multiples of 4 from 8 up. */
#define PSP_SYSTEM_PROCESS_ID 4

/* Default priorities: the System process's base priority (8), which its threads start at. */
#define PSP_SYSTEM_BASE_PRIORITY 8

typedef struct _ETHREAD {
    KTHREAD Tcb;                          /* first: PETHREAD == PKTHREAD */
    CLIENT_ID Cid;
    NTSTATUS ExitStatus;                  /* STATUS_PENDING while the thread runs */
    BOOLEAN Adopted;                      /* a host thread kmode did not start */
    BOOLEAN WorkerThread;                 /* a system worker thread (src/ex/worker.c) */
    BOOLEAN UserThread;                   /* a Win32 thread (PspCreateUserThread) */
    PKSTART_ROUTINE StartRoutine;
    PVOID StartContext;
    NTSTATUS (*UserStartRoutine)(PVOID);  /* a user thread's start; returns its exit status */
    jmp_buf *ExitJump;                    /* PsTerminateSystemThread / PspTerminateUserThread
                                             return here */
    /* I/O manager (src/io/irp.c): the threaded IRPs this thread issued, linked through
       IRP.ThreadListEntry under IrpListLock (a word of lock and state bits, src/io/irpp.h,
       not a KSPIN_LOCK for KeAcquireSpinLock). From its first IRP the thread is on the
       I/O manager's list (IrpThreadLink) until IopCancelThreadIrps runs for it. */
    KSPIN_LOCK IrpListLock;
    LIST_ENTRY IrpList;
    LIST_ENTRY IrpThreadLink;
    struct _IRP *TopLevelIrp;             /* IoGetTopLevelIrp / IoSetTopLevelIrp */
} ETHREAD;

typedef struct _EPROCESS {
    KPROCESS Pcb;                         /* first: PEPROCESS == PKPROCESS */
    HANDLE UniqueProcessId;
} EPROCESS;

/* src/ps/process.c: the System process (created at load time, lives forever). */
struct _EPROCESS *PspGetSystemProcess(VOID);

/*
 * src/ps/thread.c: starts a system thread running StartRoutine(StartContext) at
 * PASSIVE_LEVEL and returns its thread object, referenced (or an error status). No handle:
 * kmode's own threads (system worker threads) use it; PsCreateSystemThread adds the handle.
 * Any IRQL (the work-item queue starts workers from ExQueueWorkItem at DISPATCH_LEVEL).
 */
NTSTATUS PspCreateSystemThread(_In_opt_ POBJECT_ATTRIBUTES ObjectAttributes,
                               _In_ ACCESS_MASK DesiredAccess, _Out_opt_ PHANDLE ThreadHandle,
                               _In_ PKSTART_ROUTINE StartRoutine, _In_opt_ PVOID StartContext,
                               _In_ KPRIORITY Priority, _Out_ struct _ETHREAD **Thread);

/*
 * src/ps/thread.c: starts a user thread (a Win32 thread of the app: kernel32's CreateThread
 * through src/win32) running StartRoutine(StartContext) with PreviousMode UserMode; its
 * return value is the thread's exit status. It is not a system thread (PsIsSystemThread
 * FALSE). When it ends, the mutants it still owns are abandoned. ThreadHandle (optional)
 * is created as AccessMode asks (UserMode: the process table). Returns the thread object,
 * referenced.
 */
NTSTATUS PspCreateUserThread(_In_opt_ POBJECT_ATTRIBUTES ObjectAttributes,
                             _In_ ACCESS_MASK DesiredAccess, _In_ KPROCESSOR_MODE AccessMode,
                             _Out_opt_ PHANDLE ThreadHandle,
                             _In_ NTSTATUS (*StartRoutine)(PVOID), _In_opt_ PVOID StartContext,
                             _Out_ struct _ETHREAD **Thread);

/* Ends the current user thread with ExitStatus (the frames in between are abandoned, as
   ExitThread abandons them); STATUS_INVALID_PARAMETER, returning, on any other thread. */
NTSTATUS PspTerminateUserThread(_In_ NTSTATUS ExitStatus);

/* src/ex/worker.c: the verifier's end-of-life check (src/verifier/vfunload.c): a queued
   work item, not started yet, whose item or routine lies in [Low, High); NULL when none. */
PWORK_QUEUE_ITEM ExpFindQueuedWorkItem(ULONG_PTR Low, ULONG_PTR High);

/* src/ex/worker.c: test hook. Limits the number of worker threads of QueueType (before its
   first work item): with 1, the queue's items run one at a time in queue order. */
VOID ExpSetWorkerLimitForTest(_In_ WORK_QUEUE_TYPE QueueType, _In_ ULONG Limit);

#endif /* _KMODE_INTERNAL_PS_H_ */
