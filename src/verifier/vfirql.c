/*
 * PURPOSE: Driver Verifier's IRQL rules for verified callers (docs/verifier.md): the
 * kernel's IRQL and spin lock routines report a misuse by a verified driver with the
 * verifier's 0xC4 subcode (0x30-0x34, 0x40-0x42, 0x120-0x122 for waits) instead of the plain bugcheck a driver
 * that is not verified gets (0x9, 0xA, 0x192...). Windows' verifier checks these for every
 * verified driver, whatever its flags.
 */

/* INCLUDES ******************************************************************************/

#include <internal/ke.h>
#include <internal/vfpool.h>

/* GLOBALS *******************************************************************************/

typedef struct _VFP_IRQL_RULE {
    ULONG Subcode;
    const char *Explanation;
} VFP_IRQL_RULE;

static const VFP_IRQL_RULE VfpIrqlRules[] = {
    { 0x30, "KeRaiseIrql was asked for an IRQL below the current one (often an OldIrql "
            "variable that was never set)." },
    { 0x31, "KeLowerIrql was asked for an IRQL above the current one (often the OldIrql of "
            "another raise, or a raise and lower swapped)." },
    { 0x32, "KeReleaseSpinLock was called below DISPATCH_LEVEL: the lock was probably released "
            "twice, or its OldIrql was used already." },
    { 0x33, "ExAcquireFastMutex was called above APC_LEVEL." },
    { 0x34, "ExReleaseFastMutex was called at an IRQL other than APC_LEVEL (the IRQL changed "
            "while the mutex was held)." },
    { 0x40, "KeAcquireSpinLockAtDpcLevel was called below DISPATCH_LEVEL: use "
            "KeAcquireSpinLock there." },
    { 0x41, "KeReleaseSpinLockFromDpcLevel was called below DISPATCH_LEVEL." },
    { 0x42, "KeAcquireSpinLock was called above DISPATCH_LEVEL." },
    { 0x120, "KeWaitForSingleObject or KeWaitForMultipleObjects was called above "
             "DISPATCH_LEVEL." },
    { 0x121, "KeWaitForSingleObject or KeWaitForMultipleObjects was called at DISPATCH_LEVEL "
             "with no timeout (Timeout NULL): the thread cannot be descheduled there, it would "
             "wait forever. At DISPATCH_LEVEL only a zero timeout (a poll) is allowed." },
    { 0x122, "KeWaitForSingleObject or KeWaitForMultipleObjects was called at DISPATCH_LEVEL "
             "with a nonzero timeout: waits that can block need IRQL <= APC_LEVEL." },
};

/* PUBLIC FUNCTIONS (internal) ***********************************************************/

VOID VfIrqlViolation(ULONG Subcode, ULONG_PTR P2, ULONG_PTR P3, ULONG_PTR P4, PVOID Caller)
{
    const char *Explanation = NULL;

    if (VfAddressFlags(Caller) == 0)
        return;
    for (ULONG i = 0; i < RTL_NUMBER_OF(VfpIrqlRules); i++)
        if (VfpIrqlRules[i].Subcode == Subcode)
            Explanation = VfpIrqlRules[i].Explanation;
    KiBugCheck(DRIVER_VERIFIER_DETECTED_VIOLATION, Subcode, P2, P3, P4, Caller, Explanation);
}
