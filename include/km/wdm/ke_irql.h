/*
 * PURPOSE: wdm.h part: virtual processors, IRQL, spin locks, critical and guarded regions.
 *
 * kmode's IRQL model (src/ke/README.md): kmode has KeNumberProcessors virtual processors. A
 * thread below DISPATCH_LEVEL runs anywhere; raising to DISPATCH_LEVEL or above claims a
 * virtual processor for the thread alone until it lowers again, so code at DISPATCH_LEVEL on
 * a processor never runs concurrently with other DISPATCH_LEVEL code (DPCs included) on that
 * processor, and at most KeNumberProcessors threads are at DISPATCH_LEVEL or above at once.
 *
 * Broken rules bugcheck as Windows would: raising to a lower IRQL is 0x9
 * IRQL_NOT_GREATER_OR_EQUAL, lowering to a higher one 0xA IRQL_NOT_LESS_OR_EQUAL, acquiring a
 * spin lock the thread already holds 0xF SPIN_LOCK_ALREADY_OWNED, releasing one it does not
 * hold 0x10 SPIN_LOCK_NOT_OWNED, pageable code (PAGED_CODE) above APC_LEVEL 0xD1.
 */
#ifndef _KMODE_WDM_KE_IRQL_H_
#define _KMODE_WDM_KE_IRQL_H_

KMODE_EXTERN_C_START

#define MAXIMUM_PROCESSORS 64

/* The number of virtual processors (KMODE_CPUS, default: the host's CPU count). */
extern NTSYSAPI CCHAR KeNumberProcessors;

/* ---- IRQL --------------------------------------------------------------------------- */

/* @implemented: any IRQL. */
NTHALAPI KIRQL NTAPI KeGetCurrentIrql(VOID);

/* @implemented: NewIrql >= the current IRQL (else bugcheck 0x9). Returns the old IRQL. */
NTHALAPI KIRQL FASTCALL KfRaiseIrql(_In_ KIRQL NewIrql);
#define KeRaiseIrql(NewIrql, OldIrql) (*(OldIrql) = KfRaiseIrql(NewIrql))

/* @implemented: NewIrql <= the current IRQL (else bugcheck 0xA). */
NTHALAPI VOID FASTCALL KeLowerIrql(_In_ KIRQL NewIrql);
NTHALAPI VOID FASTCALL KfLowerIrql(_In_ KIRQL NewIrql);

/* @implemented: <= DISPATCH_LEVEL. */
NTHALAPI KIRQL NTAPI KeRaiseIrqlToDpcLevel(VOID);
NTHALAPI KIRQL NTAPI KeRaiseIrqlToSynchLevel(VOID);

/* ---- Processors --------------------------------------------------------------------- */

/* @implemented: any IRQL. The processor the thread runs on (owns, at DISPATCH_LEVEL). */
NTKERNELAPI ULONG NTAPI KeGetCurrentProcessorNumber(VOID);
NTKERNELAPI ULONG NTAPI KeGetCurrentProcessorNumberEx(_Out_opt_ PPROCESSOR_NUMBER ProcNumber);
NTKERNELAPI ULONG NTAPI KeQueryActiveProcessorCount(_Out_opt_ PKAFFINITY ActiveProcessors);
NTKERNELAPI ULONG NTAPI KeQueryActiveProcessorCountEx(_In_ USHORT GroupNumber);
NTKERNELAPI ULONG NTAPI KeQueryMaximumProcessorCount(VOID);
NTKERNELAPI ULONG NTAPI KeQueryMaximumProcessorCountEx(_In_ USHORT GroupNumber);
NTKERNELAPI KAFFINITY NTAPI KeQueryActiveProcessors(VOID);
NTKERNELAPI USHORT NTAPI KeQueryActiveGroupCount(VOID);
NTKERNELAPI USHORT NTAPI KeQueryMaximumGroupCount(VOID);
#define ALL_PROCESSOR_GROUPS 0xffff

/* ---- Spin locks --------------------------------------------------------------------- */

/* @implemented: any IRQL. */
NTKERNELAPI VOID NTAPI KeInitializeSpinLock(_Out_ PKSPIN_LOCK SpinLock);

/* @implemented: <= DISPATCH_LEVEL; raises to DISPATCH_LEVEL. */
NTKERNELAPI KIRQL NTAPI KeAcquireSpinLockRaiseToDpc(_Inout_ PKSPIN_LOCK SpinLock);
#define KeAcquireSpinLock(SpinLock, OldIrql) (*(OldIrql) = KeAcquireSpinLockRaiseToDpc(SpinLock))

/* @implemented: DISPATCH_LEVEL; lowers to NewIrql. */
NTKERNELAPI VOID NTAPI KeReleaseSpinLock(_Inout_ PKSPIN_LOCK SpinLock, _In_ KIRQL NewIrql);

/* @implemented: >= DISPATCH_LEVEL (else bugcheck 0x9). */
NTKERNELAPI VOID NTAPI KeAcquireSpinLockAtDpcLevel(_Inout_ PKSPIN_LOCK SpinLock);
NTKERNELAPI VOID NTAPI KeReleaseSpinLockFromDpcLevel(_Inout_ PKSPIN_LOCK SpinLock);
NTKERNELAPI BOOLEAN FASTCALL KeTryToAcquireSpinLockAtDpcLevel(_Inout_ PKSPIN_LOCK SpinLock);

/* @implemented: any IRQL. TRUE when the lock is free (a hint: it may be taken right after). */
NTKERNELAPI BOOLEAN FASTCALL KeTestSpinLock(_In_ PKSPIN_LOCK SpinLock);

/* @implemented: <= DISPATCH_LEVEL. Raise to DISPATCH_LEVEL only when not already there. */
NTKERNELAPI KIRQL NTAPI KeAcquireSpinLockForDpc(_Inout_ PKSPIN_LOCK SpinLock);
NTKERNELAPI VOID NTAPI KeReleaseSpinLockForDpc(_Inout_ PKSPIN_LOCK SpinLock, _In_ KIRQL OldIrql);

/* @implemented: queued (in-stack) spin locks; same lock word as the plain forms. */
NTKERNELAPI VOID FASTCALL KeAcquireInStackQueuedSpinLock(_Inout_ PKSPIN_LOCK SpinLock,
                                                         _Out_ PKLOCK_QUEUE_HANDLE LockHandle);
NTKERNELAPI VOID FASTCALL KeReleaseInStackQueuedSpinLock(_In_ PKLOCK_QUEUE_HANDLE LockHandle);
NTKERNELAPI VOID FASTCALL KeAcquireInStackQueuedSpinLockAtDpcLevel(
    _Inout_ PKSPIN_LOCK SpinLock, _Out_ PKLOCK_QUEUE_HANDLE LockHandle);
NTKERNELAPI VOID FASTCALL KeReleaseInStackQueuedSpinLockFromDpcLevel(
    _In_ PKLOCK_QUEUE_HANDLE LockHandle);
NTKERNELAPI VOID FASTCALL KeAcquireInStackQueuedSpinLockForDpc(
    _Inout_ PKSPIN_LOCK SpinLock, _Out_ PKLOCK_QUEUE_HANDLE LockHandle);
NTKERNELAPI VOID FASTCALL KeReleaseInStackQueuedSpinLockForDpc(_In_ PKLOCK_QUEUE_HANDLE LockHandle);

/* ---- Critical and guarded regions ----------------------------------------------------- */

/* @implemented: <= APC_LEVEL. Disable/enable normal kernel APCs for the thread. */
NTKERNELAPI VOID NTAPI KeEnterCriticalRegion(VOID);
NTKERNELAPI VOID NTAPI KeLeaveCriticalRegion(VOID);
/* @implemented: <= APC_LEVEL. Disable/enable all APCs (special ones too). */
NTKERNELAPI VOID NTAPI KeEnterGuardedRegion(VOID);
NTKERNELAPI VOID NTAPI KeLeaveGuardedRegion(VOID);
/* @implemented: any IRQL. */
NTKERNELAPI BOOLEAN NTAPI KeAreApcsDisabled(VOID);
NTKERNELAPI BOOLEAN NTAPI KeAreAllApcsDisabled(VOID);

/* ---- Pageable code -------------------------------------------------------------------- */

/* PAGED_CODE() (wdm/types.h) calls KmodePagedCodeCheck: pageable code running above
   APC_LEVEL bugchecks 0xD1 deterministically (on Windows only when the page is out). */

KMODE_EXTERN_C_END

#endif
