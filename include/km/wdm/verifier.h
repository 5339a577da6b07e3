/*
 * PURPOSE: wdm.h part: asking whether Driver Verifier is on and verifies a driver
 * (src/verifier/vfcore.c; docs/verifier.md).
 */
#ifndef _KMODE_WDM_VERIFIER_H_
#define _KMODE_WDM_VERIFIER_H_

KMODE_EXTERN_C_START

/* Driver Verifier's option bits as MmIsVerifierEnabled reports them (the low bits of
   `verifier /flags`). */
#define DRIVER_VERIFIER_SPECIAL_POOLING            0x0001
#define DRIVER_VERIFIER_FORCE_IRQL_CHECKING        0x0002
#define DRIVER_VERIFIER_INJECT_ALLOCATION_FAILURES 0x0004
#define DRIVER_VERIFIER_TRACK_POOL_ALLOCATIONS     0x0008
#define DRIVER_VERIFIER_IO_CHECKING                0x0010

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI NTSTATUS NTAPI MmIsVerifierEnabled(_Out_ PULONG VerifierFlags);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI LOGICAL NTAPI MmIsDriverVerifying(_In_ struct _DRIVER_OBJECT *DriverObject);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI LOGICAL NTAPI MmIsDriverVerifyingByAddress(_In_ PVOID AddressWithinSection);

KMODE_EXTERN_C_END

#endif
