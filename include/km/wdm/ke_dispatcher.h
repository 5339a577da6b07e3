/*
 * PURPOSE: wdm.h part: dispatcher objects (events, semaphores, mutexes) and waits
 * (src/ke/dispatcher.c, src/ke/wait.c).
 *
 * Waiting with a nonzero timeout at DISPATCH_LEVEL or above bugchecks 0xA
 * IRQL_NOT_LESS_OR_EQUAL; a zero timeout polls and is allowed there. Releasing a mutex the
 * thread does not own is 0x11 THREAD_NOT_MUTEX_OWNER; releasing a semaphore past its limit
 * raises STATUS_SEMAPHORE_LIMIT_EXCEEDED. Timeouts are in 100-ns units: negative relative,
 * positive absolute (system time).
 */
#ifndef _KMODE_WDM_KE_DISPATCHER_H_
#define _KMODE_WDM_KE_DISPATCHER_H_

KMODE_EXTERN_C_START

/* ---- Events ------------------------------------------------------------------------- */

/* @implemented: any IRQL. */
NTKERNELAPI VOID NTAPI KeInitializeEvent(_Out_ PRKEVENT Event, _In_ EVENT_TYPE Type,
                                         _In_ BOOLEAN State);
/* @implemented: <= DISPATCH_LEVEL. Returns the previous state. */
NTKERNELAPI LONG NTAPI KeSetEvent(_Inout_ PRKEVENT Event, _In_ KPRIORITY Increment,
                                  _In_ BOOLEAN Wait);
NTKERNELAPI LONG NTAPI KeResetEvent(_Inout_ PRKEVENT Event);
NTKERNELAPI VOID NTAPI KeClearEvent(_Inout_ PRKEVENT Event);
NTKERNELAPI LONG NTAPI KeReadStateEvent(_In_ PRKEVENT Event);
NTKERNELAPI LONG NTAPI KePulseEvent(_Inout_ PRKEVENT Event, _In_ KPRIORITY Increment,
                                    _In_ BOOLEAN Wait);

/* ---- Semaphores --------------------------------------------------------------------- */

/* @implemented: any IRQL. */
NTKERNELAPI VOID NTAPI KeInitializeSemaphore(_Out_ PRKSEMAPHORE Semaphore, _In_ LONG Count,
                                             _In_ LONG Limit);
/* @implemented: <= DISPATCH_LEVEL. Returns the previous count. */
NTKERNELAPI LONG NTAPI KeReleaseSemaphore(_Inout_ PRKSEMAPHORE Semaphore, _In_ KPRIORITY Increment,
                                          _In_ LONG Adjustment, _In_ BOOLEAN Wait);
NTKERNELAPI LONG NTAPI KeReadStateSemaphore(_In_ PRKSEMAPHORE Semaphore);

/* ---- Mutexes ------------------------------------------------------------------------ */

/* @implemented: any IRQL. Level is ignored, as on current Windows. */
NTKERNELAPI VOID NTAPI KeInitializeMutex(_Out_ PRKMUTEX Mutex, _In_ ULONG Level);
/* @implemented: <= DISPATCH_LEVEL. Returns the previous state. */
NTKERNELAPI LONG NTAPI KeReleaseMutex(_Inout_ PRKMUTEX Mutex, _In_ BOOLEAN Wait);
NTKERNELAPI LONG NTAPI KeReadStateMutex(_In_ PRKMUTEX Mutex);

/* ---- Waits -------------------------------------------------------------------------- */

/* @implemented. STATUS_SUCCESS/STATUS_WAIT_0, STATUS_ABANDONED_WAIT_0, STATUS_TIMEOUT. */
NTKERNELAPI NTSTATUS NTAPI KeWaitForSingleObject(
    _In_ PVOID Object, _In_ KWAIT_REASON WaitReason, _In_ KPROCESSOR_MODE WaitMode,
    _In_ BOOLEAN Alertable, _In_opt_ PLARGE_INTEGER Timeout);
/* @implemented. WaitAny: STATUS_WAIT_0 + n / STATUS_ABANDONED_WAIT_0 + n; WaitAll:
   STATUS_SUCCESS; STATUS_TIMEOUT. More than THREAD_WAIT_OBJECTS objects need
   WaitBlockArray, more than MAXIMUM_WAIT_OBJECTS never work (bugcheck 0xC). */
NTKERNELAPI NTSTATUS NTAPI KeWaitForMultipleObjects(
    _In_ ULONG Count, _In_reads_(Count) PVOID Object[], _In_ WAIT_TYPE WaitType,
    _In_ KWAIT_REASON WaitReason, _In_ KPROCESSOR_MODE WaitMode, _In_ BOOLEAN Alertable,
    _In_opt_ PLARGE_INTEGER Timeout, _Out_opt_ PKWAIT_BLOCK WaitBlockArray);
#define KeWaitForMutexObject KeWaitForSingleObject

/* @implemented: <= APC_LEVEL. */
NTKERNELAPI NTSTATUS NTAPI KeDelayExecutionThread(_In_ KPROCESSOR_MODE WaitMode,
                                                  _In_ BOOLEAN Alertable,
                                                  _In_ PLARGE_INTEGER Interval);

KMODE_EXTERN_C_END

#endif
