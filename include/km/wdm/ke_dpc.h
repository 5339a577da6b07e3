/*
 * PURPOSE: wdm.h part: deferred procedure calls (src/ke/dpc.c).
 *
 * A DPC runs at DISPATCH_LEVEL on its target processor: by the thread that holds that
 * virtual processor when it lowers IRQL, or by the processor's DPC worker. Queued below
 * DISPATCH_LEVEL without a target, it runs before KeInsertQueueDpc returns.
 */
#ifndef _KMODE_WDM_KE_DPC_H_
#define _KMODE_WDM_KE_DPC_H_

KMODE_EXTERN_C_START

/* @implemented: any IRQL. */
NTKERNELAPI VOID NTAPI KeInitializeDpc(_Out_ PRKDPC Dpc, _In_ PKDEFERRED_ROUTINE DeferredRoutine,
                                       _In_opt_ PVOID DeferredContext);

/* @implemented: any IRQL. FALSE when already queued. */
NTKERNELAPI BOOLEAN NTAPI KeInsertQueueDpc(_Inout_ PRKDPC Dpc, _In_opt_ PVOID SystemArgument1,
                                           _In_opt_ PVOID SystemArgument2);

/* @implemented: any IRQL. FALSE when not queued. */
NTKERNELAPI BOOLEAN NTAPI KeRemoveQueueDpc(_Inout_ PRKDPC Dpc);

/* @implemented: PASSIVE_LEVEL. Every DPC queued at the time of the call has run on return. */
NTKERNELAPI VOID NTAPI KeFlushQueuedDpcs(VOID);

/* @implemented: any IRQL. */
NTKERNELAPI VOID NTAPI KeSetImportanceDpc(_Inout_ PRKDPC Dpc, _In_ KDPC_IMPORTANCE Importance);
NTKERNELAPI VOID NTAPI KeSetTargetProcessorDpc(_Inout_ PRKDPC Dpc, _In_ CCHAR Number);
NTKERNELAPI NTSTATUS NTAPI KeSetTargetProcessorDpcEx(_Inout_ PKDPC Dpc,
                                                     _In_ PPROCESSOR_NUMBER ProcNumber);

/* @implemented: any IRQL. A threaded DPC runs at PASSIVE_LEVEL in its processor's
   threaded-DPC thread (at DISPATCH_LEVEL when threaded DPCs are disabled). */
NTKERNELAPI VOID NTAPI KeInitializeThreadedDpc(_Out_ PRKDPC Dpc,
                                               _In_ PKDEFERRED_ROUTINE DeferredRoutine,
                                               _In_opt_ PVOID DeferredContext);

/* Generic-call DPCs. Not declared by the WDK's headers (drivers declare them themselves,
   with these signatures); ntoskrnl exports them. */

/* @implemented: <= APC_LEVEL. Runs Routine as a DPC on every processor concurrently and
   returns when each has called KeSignalCallDpcDone(SystemArgument1). */
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI VOID NTAPI KeGenericCallDpc(_In_ PKDEFERRED_ROUTINE Routine, _In_opt_ PVOID Context);

/* @implemented: DISPATCH_LEVEL, in the generic-call routine. */
_IRQL_requires_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI KeSignalCallDpcDone(_In_ PVOID SystemArgument1);

/* @implemented: DISPATCH_LEVEL, in the generic-call routine. A barrier across all
   processors: TRUE on exactly one of them. */
_IRQL_requires_(DISPATCH_LEVEL)
NTKERNELAPI LOGICAL NTAPI KeSignalCallDpcSynchronize(_In_ PVOID SystemArgument2);

/* The DPC watchdog (values in clock ticks; "Count" members: what is left). */
typedef struct _KDPC_WATCHDOG_INFORMATION {
    ULONG DpcTimeLimit;
    ULONG DpcTimeCount;
    ULONG DpcWatchdogLimit;
    ULONG DpcWatchdogCount;
    ULONG Reserved;
} KDPC_WATCHDOG_INFORMATION, *PKDPC_WATCHDOG_INFORMATION;

/* @implemented: DISPATCH_LEVEL in a DPC; STATUS_UNSUCCESSFUL when no DPC is running on the
   current processor. */
_IRQL_requires_(DISPATCH_LEVEL)
NTKERNELAPI NTSTATUS NTAPI KeQueryDpcWatchdogInformation(
    _Out_ PKDPC_WATCHDOG_INFORMATION WatchdogInformation);

KMODE_EXTERN_C_END

#endif
