/*
 * PURPOSE: wdm.h part: kernel timers (src/ke/timer.c).
 *
 * A timer is a dispatcher object: it becomes signaled at its due time (a notification timer
 * stays signaled, a synchronization timer satisfies one wait and resets), and its DPC, if
 * any, is queued then. Due times are in 100-ns units: negative relative, positive absolute
 * system time; Period is in milliseconds.
 */
#ifndef _KMODE_WDM_KE_TIMER_H_
#define _KMODE_WDM_KE_TIMER_H_

KMODE_EXTERN_C_START

/* @implemented: any IRQL. A notification timer. */
NTKERNELAPI VOID NTAPI KeInitializeTimer(_Out_ PKTIMER Timer);
/* @implemented: any IRQL. */
NTKERNELAPI VOID NTAPI KeInitializeTimerEx(_Out_ PKTIMER Timer, _In_ TIMER_TYPE Type);

/* @implemented: <= DISPATCH_LEVEL. TRUE if the timer was already set (it is reset first). */
NTKERNELAPI BOOLEAN NTAPI KeSetTimer(_Inout_ PKTIMER Timer, _In_ LARGE_INTEGER DueTime,
                                     _In_opt_ PKDPC Dpc);
NTKERNELAPI BOOLEAN NTAPI KeSetTimerEx(_Inout_ PKTIMER Timer, _In_ LARGE_INTEGER DueTime,
                                       _In_ LONG Period, _In_opt_ PKDPC Dpc);

/* @implemented: <= DISPATCH_LEVEL. TRUE if the timer was set (it is now not). */
NTKERNELAPI BOOLEAN NTAPI KeCancelTimer(_Inout_ PKTIMER Timer);

/* @implemented: any IRQL. */
NTKERNELAPI BOOLEAN NTAPI KeReadStateTimer(_In_ PKTIMER Timer);

KMODE_EXTERN_C_END

#endif
