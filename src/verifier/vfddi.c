/*
 * PURPOSE: Driver Verifier's DDI compliance checking (0x20000): the rules of Static Driver
 * Verifier that Driver Verifier also checks at run time, on DDI calls made by verified
 * images. A violation is bugcheck 0xC4 with the rule's id (Parameter 1) and a pointer to the
 * text of the violated condition (Parameter 2), as !analyze shows it (DV_VIOLATED_CONDITION,
 * DV_RULE_INFO). docs/verifier.md, "DDI compliance checking".
 */

/* INCLUDES ******************************************************************************/

#include <stdio.h>
#include <internal/ke.h>
#include <internal/vfhooks.h>

/* GLOBALS *******************************************************************************/

typedef struct _VF_DDI_RULE_INFO {
    ULONG Id;
    const char *Name;
    const char *Condition;     /* what Parameter 2 points to */
} VF_DDI_RULE_INFO;

/* The rules checked, with Windows' ids (Bug Check 0xC4, 0x2000x and 0x4000x). */
static const VF_DDI_RULE_INFO VfpDdiRules[] = {
    { VF_DDI_IRQL_DISPATCH, "IrqlDispatch",
      "KeAcquireSpinLockAtDpcLevel, KeReleaseSpinLockFromDpcLevel and their in-stack queued "
      "forms should only be called at IRQL = DISPATCH_LEVEL." },
    { VF_DDI_IRQL_EX_ALLOCATE_POOL, "IrqlExAllocatePool",
      "ExAllocatePoolWithTag and ExAllocatePoolWithTagPriority should only be called at IRQL "
      "<= DISPATCH_LEVEL, and at DISPATCH_LEVEL only for a nonpaged pool type." },
    { VF_DDI_IRQL_EX_APC_LTE1, "IrqlExApcLte1",
      "ExAcquireFastMutex and ExTryToAcquireFastMutex should only be called at IRQL <= "
      "APC_LEVEL." },
    { VF_DDI_IRQL_EX_APC_LTE3, "IrqlExApcLte3",
      "ExAcquireResourceExclusiveLite, ExAcquireResourceSharedLite, "
      "ExAcquireSharedStarveExclusive, ExAcquireSharedWaitForExclusive, "
      "ExConvertExclusiveToSharedLite and ExDeleteResourceLite should only be called at IRQL "
      "<= APC_LEVEL." },
    { VF_DDI_IRQL_IO_PASSIVE1, "IrqlIoPassive1",
      "IoCreateDevice and IoAttachDevice should only be called at IRQL = PASSIVE_LEVEL, "
      "IoBuildDeviceIoControlRequest only at IRQL <= APC_LEVEL." },
    { VF_DDI_IRQL_IO_PASSIVE4, "IrqlIoPassive4",
      "IoCreateSymbolicLink, IoCreateUnprotectedSymbolicLink, IoDeleteSymbolicLink, "
      "IoCreateNotificationEvent and IoCreateSynchronizationEvent should only be called at "
      "IRQL = PASSIVE_LEVEL." },
    { VF_DDI_IRQL_IO_PASSIVE5, "IrqlIoPassive5",
      "IoGetDeviceObjectPointer and IoInitializeTimer should only be called at IRQL = "
      "PASSIVE_LEVEL." },
    { VF_DDI_IRQL_KE_APC_LTE1, "IrqlKeApcLte1",
      "KeAcquireGuardedMutex, KeAcquireGuardedMutexUnsafe, KeReleaseGuardedMutex, "
      "KeReleaseGuardedMutexUnsafe, KeTryToAcquireGuardedMutex and KeDelayExecutionThread "
      "should only be called at IRQL <= APC_LEVEL." },
    { VF_DDI_IRQL_KE_APC_LTE2, "IrqlKeApcLte2",
      "KeEnterCriticalRegion, KeLeaveCriticalRegion, KeEnterGuardedRegion, "
      "KeLeaveGuardedRegion, KeAreApcsDisabled and KeAreAllApcsDisabled should only be called "
      "at IRQL <= APC_LEVEL." },
    { VF_DDI_IRQL_KE_DISPATCH_LTE, "IrqlKeDispatchLte",
      "KeAcquireSpinLock and KeAcquireInStackQueuedSpinLock should only be called at IRQL <= "
      "DISPATCH_LEVEL." },
    { VF_DDI_IRQL_KE_RELEASE_SPIN_LOCK, "IrqlKeReleaseSpinLock",
      "KeReleaseSpinLock should only be called at IRQL = DISPATCH_LEVEL." },
    { VF_DDI_IRQL_KE_SET_EVENT, "IrqlKeSetEvent",
      "KeSetEvent should only be called at IRQL <= DISPATCH_LEVEL, and at IRQL <= APC_LEVEL "
      "when Wait is TRUE." },
    { VF_DDI_IRQL_OB_PASSIVE, "IrqlObPassive",
      "ObReferenceObjectByHandle should only be called at IRQL = PASSIVE_LEVEL." },
    { VF_DDI_IRQL_PS_PASSIVE, "IrqlPsPassive",
      "PsCreateSystemThread and PsTerminateSystemThread should only be called at IRQL = "
      "PASSIVE_LEVEL." },
    { VF_DDI_IRQL_ZW_PASSIVE, "IrqlZwPassive",
      "ZwClose should only be called at IRQL = PASSIVE_LEVEL." },
    { VF_DDI_SPIN_LOCK, "SpinLock",
      "KeAcquireSpinLock and KeReleaseSpinLock should alternate on a spin lock: not acquired "
      "twice in a row, not released when not acquired." },
};

static __thread char VfpDdiText[1024];

/* PRIVATE FUNCTIONS *********************************************************************/

static const VF_DDI_RULE_INFO *VfpFindRule(ULONG Id)
{
    for (ULONG i = 0; i < RTL_NUMBER_OF(VfpDdiRules); i++) {
        if (VfpDdiRules[i].Id == Id)
            return &VfpDdiRules[i];
    }
    return NULL;
}

/* PUBLIC FUNCTIONS (internal, vfhooks.h) ************************************************/

VOID VfDdiViolation(ULONG Rule, PVOID Caller)
{
    const VF_DDI_RULE_INFO *Info = VfpFindRule(Rule);
    ULONG Flags = VfAddressFlags(Caller);

    if (Info == NULL || !(Flags & VF_FLAG_DDI_COMPLIANCE))
        return;
    /* With force IRQL checking on too, the IRQL rules that check has a form for leave the
       misuse to it (0xC4 with its 0x30-0x42 subcodes), checked right after: one report,
       the classic one, whichever order the flags were given in. */
    if ((Flags & VF_FLAG_FORCE_IRQL_CHECKING) &&
        (Rule == VF_DDI_IRQL_DISPATCH || Rule == VF_DDI_IRQL_EX_ALLOCATE_POOL ||
         Rule == VF_DDI_IRQL_EX_APC_LTE1 || Rule == VF_DDI_IRQL_KE_DISPATCH_LTE ||
         Rule == VF_DDI_IRQL_KE_RELEASE_SPIN_LOCK))
        return;
    snprintf(VfpDdiText, sizeof(VfpDdiText),
             "DV_VIOLATED_CONDITION: %s\nDV_RULE_INFO: 0x%x (%s), current IRQL %u.",
             Info->Condition, Info->Id, Info->Name, KeGetCurrentIrql());
    KiBugCheck(DRIVER_VERIFIER_DETECTED_VIOLATION, Info->Id, (ULONG_PTR)Info->Condition, 0, 0,
               Caller, VfpDdiText);
}

BOOLEAN VfDdiBadPoolIrql(ULONG PoolType)
{
    KIRQL Irql = KeGetCurrentIrql();

    /* The paged types are the odd base types (PagedPool, PagedPoolCacheAligned, ...). */
    return Irql > DISPATCH_LEVEL || (Irql == DISPATCH_LEVEL && (PoolType & 1) != 0);
}

BOOLEAN VfDdiSpinLockHeld(PKSPIN_LOCK SpinLock)
{
    /* The lock word kmode's spin locks hold: the owner's thread state | 1 (src/ke/spinlock.c). */
    return __atomic_load_n(SpinLock, __ATOMIC_RELAXED) == ((ULONG_PTR)&KiThreadState | 1);
}

PCSTR VfDdiRuleName(ULONG Rule)
{
    const VF_DDI_RULE_INFO *Info = VfpFindRule(Rule);
    return Info != NULL ? Info->Name : NULL;
}
