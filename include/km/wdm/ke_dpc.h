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

KMODE_EXTERN_C_END

#endif
