/*
 * PURPOSE: Mapping locked MDLs: MmMapLockedPagesSpecifyCache, MmMapLockedPages,
 * MmUnmapLockedPages.
 *
 * kmode runs drivers and applications in one address space, and the memory an MDL
 * describes is private anonymous memory that Linux cannot map a second time. A "mapping"
 * of an MDL is therefore the buffer's own address (StartVa + ByteOffset), whether for
 * system space or for the user: the data is shared exactly as a real second mapping would
 * share it. The MDL's flags, MappedSystemVa and the pairing of map and unmap calls follow
 * Windows; docs/mm.md lists what cannot be reproduced (NoWrite/NoExecute are not enforced,
 * an unmapped address stays accessible).
 */

/* INCLUDES ******************************************************************************/

#include "mip.h"

/* GLOBALS *******************************************************************************/

/* A user-mode mapping handed out and not yet unmapped. */
typedef struct _MI_USER_MAPPING {
    struct _MI_USER_MAPPING *Next;
    PMDL Mdl;
    PVOID Address;
} MI_USER_MAPPING;

#define MI_MAPPING_TAG 'pMmM'

static MI_LOCK MiUserMappingLock;
static MI_USER_MAPPING *MiUserMappings;

/* PRIVATE FUNCTIONS *********************************************************************/

/* Finds the user mapping (Mdl, Address) and, with Remove, takes it off the list; FALSE
   when there is none. */
static BOOLEAN MiFindUserMapping(PMDL Mdl, PVOID Address, BOOLEAN Remove)
{
    MI_USER_MAPPING **Link, *Found = NULL;

    MiAcquireLock(&MiUserMappingLock);
    for (Link = &MiUserMappings; *Link != NULL; Link = &(*Link)->Next) {
        if ((*Link)->Mdl == Mdl && (*Link)->Address == Address) {
            Found = *Link;
            if (Remove)
                *Link = Found->Next;
            break;
        }
    }
    MiReleaseLock(&MiUserMappingLock);
    if (Found != NULL && Remove)
        ExFreePoolWithTag(Found, MI_MAPPING_TAG);
    return Found != NULL;
}

VOID MiForgetUserMappings(PMDL Mdl)
{
    MI_USER_MAPPING **Link, *Gone = NULL, *Next;

    if (__atomic_load_n(&MiUserMappings, __ATOMIC_RELAXED) == NULL)
        return;
    MiAcquireLock(&MiUserMappingLock);
    for (Link = &MiUserMappings; *Link != NULL;) {
        if ((*Link)->Mdl == Mdl) {
            Next = (*Link)->Next;
            (*Link)->Next = Gone;
            Gone = *Link;
            *Link = Next;
        } else {
            Link = &(*Link)->Next;
        }
    }
    MiReleaseLock(&MiUserMappingLock);
    for (; Gone != NULL; Gone = Next) {
        Next = Gone->Next;
        ExFreePoolWithTag(Gone, MI_MAPPING_TAG);
    }
}

static PVOID MiMapForUser(PMDL Mdl, PVOID RequestedAddress, PVOID Caller)
{
    PVOID Va = MmGetMdlVirtualAddress(Mdl);
    MI_USER_MAPPING *Mapping;

    MiCheckIrql(APC_LEVEL, Va, FALSE, Caller, "MmMapLockedPagesSpecifyCache");
    if (!(Mdl->MdlFlags & (MDL_PAGES_LOCKED | MDL_SOURCE_IS_NONPAGED_POOL | MDL_PARTIAL))) {
        KiBugCheck(DRIVER_VERIFIER_DETECTED_VIOLATION, 0xB3, (ULONG_PTR)Mdl,
                   (ULONG_PTR)(USHORT)Mdl->MdlFlags,
                   MDL_PAGES_LOCKED | MDL_SOURCE_IS_NONPAGED_POOL | MDL_PARTIAL, Caller,
                   "An MDL whose pages are not locked was mapped: lock it with "
                   "MmProbeAndLockPages or build it with MmBuildMdlForNonPagedPool.");
    }
    /* The pages are visible to the application at their own address only; the system
       "rounds" a requested address to that one only if it is the same page. */
    if (RequestedAddress != NULL && PAGE_ALIGN(RequestedAddress) != Mdl->StartVa)
        ExRaiseStatus(STATUS_CONFLICTING_ADDRESSES);
    Mapping = (MI_USER_MAPPING *)ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*Mapping),
                                                       MI_MAPPING_TAG);
    if (Mapping == NULL)
        ExRaiseStatus(STATUS_INSUFFICIENT_RESOURCES);
    Mapping->Mdl = Mdl;
    Mapping->Address = Va;
    MiAcquireLock(&MiUserMappingLock);
    Mapping->Next = MiUserMappings;
    MiUserMappings = Mapping;
    MiReleaseLock(&MiUserMappingLock);
    return Va;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * KernelMode (<= DISPATCH_LEVEL): the MDL must be locked (MmProbeAndLockPages, or a
 * partial MDL of a locked one) and not mapped yet; MmBuildMdlForNonPagedPool's MDLs are
 * already mapped. Otherwise bugcheck 0xC4 (0xB2, MDL, flags, offending flags: mapped twice)
 * or (0xB3, MDL, flags, expected flags: not locked), the verifier's checks of this
 * documented rule. Sets MDL_MAPPED_TO_SYSTEM_VA (and MDL_PARTIAL_HAS_BEEN_MAPPED for a
 * partial MDL), MappedSystemVa, and returns it: the address of the buffer's first byte.
 * Mapping cannot run out of resources in kmode, so neither NULL nor the
 * BugCheckOnFailure bugcheck happen.
 * UserMode (<= APC_LEVEL): the MDL must be locked or nonpaged; returns the buffer's address,
 * which the application can use; a RequestedAddress in another page raises
 * STATUS_CONFLICTING_ADDRESSES (call it inside __try, as documented).
 * CacheType is the pages' own attribute in kmode (ignored). Priority may carry
 * MdlMappingNoWrite / MdlMappingNoExecute / MdlMappingWithGuardPtes: accepted, not enforced.
 */
PVOID NTAPI MmMapLockedPagesSpecifyCache(PMDL MemoryDescriptorList, KPROCESSOR_MODE AccessMode,
                                         MEMORY_CACHING_TYPE CacheType, PVOID RequestedAddress,
                                         ULONG BugCheckOnFailure, ULONG Priority)
{
    PMDL Mdl = MemoryDescriptorList;
    PVOID Caller = __builtin_return_address(0);
    PVOID Va;

    UNREFERENCED_PARAMETER(CacheType);
    UNREFERENCED_PARAMETER(BugCheckOnFailure);
    UNREFERENCED_PARAMETER(Priority);
    if (AccessMode != KernelMode)
        return MiMapForUser(Mdl, RequestedAddress, Caller);
    if (!BugCheckOnFailure && VF_LOW_RESOURCES_FAIL(Caller))
        return NULL;

    Va = MmGetMdlVirtualAddress(Mdl);
    MiCheckIrql(DISPATCH_LEVEL, Va, FALSE, Caller, "MmMapLockedPagesSpecifyCache");
    if (Mdl->MdlFlags & (MDL_MAPPED_TO_SYSTEM_VA | MDL_SOURCE_IS_NONPAGED_POOL)) {
        KiBugCheck(DRIVER_VERIFIER_DETECTED_VIOLATION, 0xB2, (ULONG_PTR)Mdl,
                   (ULONG_PTR)(USHORT)Mdl->MdlFlags,
                   (ULONG_PTR)(USHORT)(Mdl->MdlFlags &
                                       (MDL_MAPPED_TO_SYSTEM_VA | MDL_SOURCE_IS_NONPAGED_POOL)),
                   Caller,
                   "An MDL that already has a system address was mapped again (use "
                   "MmGetSystemAddressForMdlSafe, which returns the existing mapping).");
    }
    if (!(Mdl->MdlFlags & (MDL_PAGES_LOCKED | MDL_PARTIAL))) {
        KiBugCheck(DRIVER_VERIFIER_DETECTED_VIOLATION, 0xB3, (ULONG_PTR)Mdl,
                   (ULONG_PTR)(USHORT)Mdl->MdlFlags, MDL_PAGES_LOCKED | MDL_PARTIAL, Caller,
                   "An MDL whose pages are not locked was mapped: lock it with "
                   "MmProbeAndLockPages first.");
    }
    Mdl->MappedSystemVa = Va;
    Mdl->MdlFlags |= MDL_MAPPED_TO_SYSTEM_VA;
    if (Mdl->MdlFlags & MDL_PARTIAL)
        Mdl->MdlFlags |= MDL_PARTIAL_HAS_BEEN_MAPPED;
    return Va;
}

/*
 * @implemented
 * Obsolete. MmMapLockedPagesSpecifyCache(Mdl, AccessMode, MmCached, NULL, TRUE,
 * HighPagePriority).
 */
PVOID NTAPI MmMapLockedPages(PMDL MemoryDescriptorList, KPROCESSOR_MODE AccessMode)
{
    return MmMapLockedPagesSpecifyCache(MemoryDescriptorList, AccessMode, MmCached, NULL, TRUE,
                                        HighPagePriority);
}

/*
 * @implemented
 * A user mapping of the MDL at BaseAddress (<= APC_LEVEL) is released; otherwise BaseAddress
 * must be the MDL's own system mapping (<= DISPATCH_LEVEL): MDL_MAPPED_TO_SYSTEM_VA and
 * MDL_PARTIAL_HAS_BEEN_MAPPED are cleared. A partial MDL sharing its parent's mapping has
 * none of its own. Anything else bugchecks 0xDA SYSTEM_PTE_MISUSE (6, MDL, address, pages):
 * "the MDL being freed was never (or is not currently) mapped".
 */
VOID NTAPI MmUnmapLockedPages(PVOID BaseAddress, PMDL MemoryDescriptorList)
{
    PMDL Mdl = MemoryDescriptorList;
    PVOID Caller = __builtin_return_address(0);
    SIZE_T Pages = ADDRESS_AND_SIZE_TO_SPAN_PAGES(MmGetMdlVirtualAddress(Mdl), Mdl->ByteCount);

    if (MiFindUserMapping(Mdl, BaseAddress, FALSE)) {
        MiCheckIrql(APC_LEVEL, BaseAddress, FALSE, Caller, "MmUnmapLockedPages");
        (void)MiFindUserMapping(Mdl, BaseAddress, TRUE);
        return;
    }
    MiCheckIrql(DISPATCH_LEVEL, BaseAddress, FALSE, Caller, "MmUnmapLockedPages");
    if ((Mdl->MdlFlags & (MDL_MAPPED_TO_SYSTEM_VA | MDL_PARENT_MAPPED_SYSTEM_VA)) !=
            MDL_MAPPED_TO_SYSTEM_VA ||
        Mdl->MappedSystemVa != BaseAddress) {
        KiBugCheck(SYSTEM_PTE_MISUSE, 6, (ULONG_PTR)Mdl, (ULONG_PTR)BaseAddress, Pages, Caller,
                   "MmUnmapLockedPages was given an address that is not a current mapping of "
                   "this MDL.");
    }
    Mdl->MdlFlags &= ~(MDL_MAPPED_TO_SYSTEM_VA | MDL_PARTIAL_HAS_BEEN_MAPPED);
}
