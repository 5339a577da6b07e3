/*
 * PURPOSE: wdm.h part: threads, processes and system work items (src/ps/thread.c,
 * src/ps/process.c, src/ex/worker.c).
 *
 * kmode has one process, System (id 4); every kernel thread belongs to it. Thread objects
 * are waitable (signaled when the thread ends). The WDK spreads these over wdm.h, ntddk.h
 * and ntifs.h; kmode declares them once here so every driver sees them.
 */
#ifndef _KMODE_WDM_PS_H_
#define _KMODE_WDM_PS_H_

KMODE_EXTERN_C_START

/* The System process (valid before any driver code runs). */
extern NTKERNELAPI PEPROCESS PsInitialSystemProcess;

/* ---- System threads ------------------------------------------------------------------ */

_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI NTSTATUS NTAPI PsCreateSystemThread(
    _Out_ PHANDLE ThreadHandle, _In_ ULONG DesiredAccess,
    _In_opt_ POBJECT_ATTRIBUTES ObjectAttributes, _In_opt_ HANDLE ProcessHandle,
    _Out_opt_ PCLIENT_ID ClientId, _In_ PKSTART_ROUTINE StartRoutine,
    _In_opt_ PVOID StartContext);

/* Does not return when it ends the thread; an error status for a thread it cannot end. */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI NTSTATUS NTAPI PsTerminateSystemThread(_In_ NTSTATUS ExitStatus);

/* ---- Current thread and process ------------------------------------------------------ */

NTKERNELAPI PKTHREAD NTAPI KeGetCurrentThread(VOID);
NTKERNELAPI PETHREAD NTAPI PsGetCurrentThread(VOID);
NTKERNELAPI HANDLE NTAPI PsGetCurrentThreadId(VOID);
NTKERNELAPI PEPROCESS NTAPI PsGetCurrentProcess(VOID);
NTKERNELAPI PEPROCESS NTAPI IoGetCurrentProcess(VOID);
NTKERNELAPI HANDLE NTAPI PsGetCurrentProcessId(VOID);

/* ---- Thread and process queries ------------------------------------------------------ */

NTKERNELAPI HANDLE NTAPI PsGetThreadId(_In_ PETHREAD Thread);
NTKERNELAPI HANDLE NTAPI PsGetThreadProcessId(_In_ PETHREAD Thread);
NTKERNELAPI PEPROCESS NTAPI PsGetThreadProcess(_In_ PETHREAD Thread);
NTKERNELAPI HANDLE NTAPI PsGetProcessId(_In_ PEPROCESS Process);
NTKERNELAPI BOOLEAN NTAPI PsIsSystemThread(_In_ PETHREAD Thread);
/* STATUS_PENDING while the thread runs. */
NTKERNELAPI NTSTATUS NTAPI PsGetThreadExitStatus(_In_ PETHREAD Thread);

/* Priorities are recorded, not applied to host scheduling. Returns the old priority. */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI KPRIORITY NTAPI KeSetPriorityThread(_Inout_ PKTHREAD Thread, _In_ KPRIORITY Priority);
NTKERNELAPI KPRIORITY NTAPI KeQueryPriorityThread(_In_ PKTHREAD Thread);

/* ---- System work items (ExInitializeWorkItem is in wdm/types.h) ---------------------- */

/* The routine runs at PASSIVE_LEVEL on a system worker thread. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI ExQueueWorkItem(_Inout_ PWORK_QUEUE_ITEM WorkItem,
                                       _In_ WORK_QUEUE_TYPE QueueType);

KMODE_EXTERN_C_END

#endif /* _KMODE_WDM_PS_H_ */
