/*
 * PURPOSE: Memory descriptor lists: IoAllocateMdl, IoFreeMdl, IoBuildPartialMdl, MmSizeOfMdl,
 * MmCreateMdl, MmBuildMdlForNonPagedPool; the IRQL check and kernel-range tests Mm shares.
 */

/* INCLUDES ******************************************************************************/

#include "mip.h"

/* PRIVATE FUNCTIONS *********************************************************************/

VOID MiCheckIrql(KIRQL Max, const volatile VOID *Address, BOOLEAN Write, PVOID Caller,
                 const char *Routine)
{
    KIRQL Irql = KeGetCurrentIrql();

    if (__builtin_expect(Irql > Max, 0)) {
        (void)Routine;
        KiBugCheck(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)Address, Irql, Write ? 1 : 0,
                   (ULONG_PTR)Caller, Caller,
                   Max == APC_LEVEL
                       ? "A memory manager routine that may touch pageable memory was called "
                         "above APC_LEVEL (on Windows this crashes whenever a page is out)."
                       : "A memory manager routine was called above DISPATCH_LEVEL.");
    }
}

ULONG_PTR MiKernelSpanLow = ~(ULONG_PTR)0, MiKernelSpanHigh = 0;

VOID MiNoteKernelRange(ULONG_PTR Start, ULONG_PTR End)
{
    ULONG_PTR Seen = __atomic_load_n(&MiKernelSpanLow, __ATOMIC_RELAXED);

    while (Start < Seen && !__atomic_compare_exchange_n(&MiKernelSpanLow, &Seen, Start, TRUE,
                                                         __ATOMIC_RELEASE, __ATOMIC_RELAXED))
        ;
    Seen = __atomic_load_n(&MiKernelSpanHigh, __ATOMIC_RELAXED);
    while (End > Seen && !__atomic_compare_exchange_n(&MiKernelSpanHigh, &Seen, End, TRUE,
                                                       __ATOMIC_RELEASE, __ATOMIC_RELAXED))
        ;
}

BOOLEAN MiIsKernelAddress(const volatile VOID *Address)
{
    ULONG_PTR a = (ULONG_PTR)Address;
    return ExpIsPoolAddress((const void *)a) || MiOverlapsRegion(a, a + 1) ||
           VfIsSpecialPoolAddress((const void *)a);
}

BOOLEAN MiIsUserAddressRangeSlow(const volatile VOID *Address, SIZE_T Length)
{
    ULONG_PTR Start = (ULONG_PTR)Address, End;

    if (Length == 0)
        return TRUE;
    End = Start + Length;
    if (End < Start || End > MI_HOST_USER_END)
        return FALSE;
    if (End > MmUserProbeAddress &&
        (!HostIsAddressReadable((const void *)(End - 1)) ||
         (Start >= MmUserProbeAddress && !HostIsAddressReadable((const void *)Start))))
        return FALSE;
    if (ExpOverlapsPool(Start, End))
        return FALSE;
    return !MiOverlapsRegion(Start, End) && !VfOverlapsSpecialPool(Start, End);
}

VOID MiFillMdlPfns(PMDL Mdl)
{
    PPFN_NUMBER Pfn = MmGetMdlPfnArray(Mdl);
    SIZE_T Pages = ADDRESS_AND_SIZE_TO_SPAN_PAGES(MmGetMdlVirtualAddress(Mdl), Mdl->ByteCount);
    PFN_NUMBER First = MiPfnOf(Mdl->StartVa);
    SIZE_T i;

    for (i = 0; i < Pages; i++)
        Pfn[i] = First + i;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * <= DISPATCH_LEVEL. Allocates the MDL from nonpaged pool (tag "Mdl "). ChargeQuota is
 * reserved for the system and ignored. With SecondaryBuffer TRUE and an IRP that has no
 * MDL yet, the new MDL becomes the first (Windows would dereference the NULL chain).
 * Returns NULL for Length > 4 GB - PAGE_SIZE or when pool runs out.
 */
PMDL NTAPI IoAllocateMdl(PVOID VirtualAddress, ULONG Length, BOOLEAN SecondaryBuffer,
                         BOOLEAN ChargeQuota, PIRP Irp)
{
    PMDL Mdl;
    PMDL Last;

    UNREFERENCED_PARAMETER(ChargeQuota);
    MiCheckIrql(DISPATCH_LEVEL, VirtualAddress, FALSE, __builtin_return_address(0),
                "IoAllocateMdl");
    if (Length > MI_MAX_MDL_LENGTH || VF_LOW_RESOURCES_FAIL(__builtin_return_address(0)))
        return NULL;
    Mdl = (PMDL)ExAllocatePoolWithTag(NonPagedPoolNx, MmSizeOfMdl(VirtualAddress, Length),
                                      MI_MDL_TAG);
    if (Mdl == NULL)
        return NULL;
    MmInitializeMdl(Mdl, VirtualAddress, Length);
    Mdl->Process = NULL;
    Mdl->MappedSystemVa = NULL;
    if (Irp != NULL) {
        if (!SecondaryBuffer || Irp->MdlAddress == NULL) {
            Irp->MdlAddress = Mdl;
        } else {
            for (Last = Irp->MdlAddress; Last->Next != NULL; Last = Last->Next)
                ;
            Last->Next = Mdl;
        }
    }
    return Mdl;
}

/*
 * @implemented
 * <= DISPATCH_LEVEL. A partial MDL that mapped itself (MDL_PARTIAL_HAS_BEEN_MAPPED) is
 * unmapped first, as documented. Locked pages are the caller's to unlock (MmUnlockPages)
 * before; the MDL is not removed from any IRP chain.
 */
VOID NTAPI IoFreeMdl(PMDL Mdl)
{
    MiCheckIrql(DISPATCH_LEVEL, Mdl, TRUE, __builtin_return_address(0), "IoFreeMdl");
    if (Mdl->MdlFlags & MDL_PARTIAL_HAS_BEEN_MAPPED)
        MmUnmapLockedPages(Mdl->MappedSystemVa, Mdl);
    MiForgetUserMappings(Mdl);
    /* Tag 0: MmCreateMdl's MDLs are freed here too. */
    ExFreePool(Mdl);
}

/*
 * @implemented
 * <= DISPATCH_LEVEL. The partial MDL copies the PFNs of its range, inherits the source's
 * process and nonpaged-pool state and, when the source is mapped to system space, shares
 * that mapping (MDL_MAPPED_TO_SYSTEM_VA | MDL_PARENT_MAPPED_SYSTEM_VA). It is never marked
 * locked: MmProbeAndLockPages and MmUnlockPages must not be used on it.
 * Bugchecks 0x12E INVALID_MDL_RANGE (source, target, address, length) when the range is
 * not inside the source's, 0x40 TARGET_MDL_TOO_SMALL when TargetMdl->Size cannot hold its
 * PFNs.
 */
VOID NTAPI IoBuildPartialMdl(PMDL SourceMdl, PMDL TargetMdl, PVOID VirtualAddress, ULONG Length)
{
    PVOID Caller = __builtin_return_address(0);
    ULONG_PTR SourceVa = (ULONG_PTR)MmGetMdlVirtualAddress(SourceMdl);
    ULONG_PTR Va = (ULONG_PTR)VirtualAddress;
    ULONG_PTR Offset;
    SIZE_T Pages, Needed, i;
    PPFN_NUMBER SourcePfn, TargetPfn;
    SIZE_T FirstPage;
    CSHORT Keep;

    MiCheckIrql(DISPATCH_LEVEL, VirtualAddress, FALSE, Caller, "IoBuildPartialMdl");
    Offset = Va - SourceVa;
    if (Va < SourceVa || Offset > SourceMdl->ByteCount ||
        (Length != 0 && Length > SourceMdl->ByteCount - Offset)) {
        KiBugCheck(INVALID_MDL_RANGE, (ULONG_PTR)SourceMdl, (ULONG_PTR)TargetMdl, Va, Length,
                   Caller, "IoBuildPartialMdl was asked for a range outside the source MDL's "
                   "buffer.");
    }
    if (Length == 0)
        Length = SourceMdl->ByteCount - (ULONG)Offset;
    Pages = ADDRESS_AND_SIZE_TO_SPAN_PAGES(VirtualAddress, Length);
    Needed = sizeof(MDL) + Pages * sizeof(PFN_NUMBER);
    /* Size is a CSHORT: an MDL too large for it (over 4089 pages) cannot be checked. */
    if (Needed <= 0x7FFF && (TargetMdl->Size < 0 || (SIZE_T)TargetMdl->Size < Needed)) {
        KiBugCheck(TARGET_MDL_TOO_SMALL, 0, 0, 0, 0, Caller,
                   "The target MDL given to IoBuildPartialMdl is too small for the range "
                   "(size it with MmSizeOfMdl or IoAllocateMdl for that range).");
    }

    SourcePfn = MmGetMdlPfnArray(SourceMdl);
    TargetPfn = MmGetMdlPfnArray(TargetMdl);
    FirstPage = (SourceMdl->ByteOffset + Offset) >> PAGE_SHIFT;
    for (i = 0; i < Pages; i++)
        TargetPfn[i] = SourcePfn[FirstPage + i];

    Keep = (CSHORT)(TargetMdl->MdlFlags & (MDL_ALLOCATED_FIXED_SIZE | MDL_ALLOCATED_MUST_SUCCEED));
    TargetMdl->MdlFlags = (CSHORT)(Keep | MDL_PARTIAL |
                                   (SourceMdl->MdlFlags & (MDL_SOURCE_IS_NONPAGED_POOL |
                                                           MDL_WRITE_OPERATION |
                                                           MDL_IO_PAGE_READ | MDL_IO_SPACE)));
    TargetMdl->Process = SourceMdl->Process;
    TargetMdl->StartVa = PAGE_ALIGN(VirtualAddress);
    TargetMdl->ByteOffset = BYTE_OFFSET(VirtualAddress);
    TargetMdl->ByteCount = Length;
    TargetMdl->MappedSystemVa = NULL;
    if (SourceMdl->MdlFlags & (MDL_MAPPED_TO_SYSTEM_VA | MDL_SOURCE_IS_NONPAGED_POOL)) {
        TargetMdl->MappedSystemVa = (PUCHAR)SourceMdl->MappedSystemVa + Offset;
        if (SourceMdl->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA)
            TargetMdl->MdlFlags |= MDL_MAPPED_TO_SYSTEM_VA | MDL_PARENT_MAPPED_SYSTEM_VA;
    }
}

/*
 * @implemented
 * Any IRQL. sizeof(MDL) plus one PFN_NUMBER per page the range spans.
 */
SIZE_T NTAPI MmSizeOfMdl(PVOID Base, SIZE_T Length)
{
    return sizeof(MDL) + sizeof(PFN_NUMBER) * ADDRESS_AND_SIZE_TO_SPAN_PAGES(Base, Length);
}

/*
 * @implemented
 * <= DISPATCH_LEVEL. Obsolete. Initializes MemoryDescriptorList, or when it is NULL a new
 * one from nonpaged pool (NULL when that fails); free that one with ExFreePool or IoFreeMdl.
 */
PMDL NTAPI MmCreateMdl(PMDL MemoryDescriptorList, PVOID Base, SIZE_T Length)
{
    PMDL Mdl = MemoryDescriptorList;

    MiCheckIrql(DISPATCH_LEVEL, Base, FALSE, __builtin_return_address(0), "MmCreateMdl");
    if (Mdl == NULL) {
        Mdl = (PMDL)ExAllocatePoolWithTag(NonPagedPoolNx, MmSizeOfMdl(Base, Length), MI_MDL_TAG);
        if (Mdl == NULL)
            return NULL;
    }
    MmInitializeMdl(Mdl, Base, Length);
    Mdl->Process = NULL;
    Mdl->MappedSystemVa = NULL;
    return Mdl;
}

/*
 * @implemented
 * <= DISPATCH_LEVEL. The buffer must be nonpaged memory (nonpaged pool, a driver's global
 * data, a kernel stack): kmode never pages, so it is not checked. Fills the PFN array,
 * sets MDL_SOURCE_IS_NONPAGED_POOL, MappedSystemVa = the buffer's address, Process = NULL.
 */
VOID NTAPI MmBuildMdlForNonPagedPool(PMDL MemoryDescriptorList)
{
    PMDL Mdl = MemoryDescriptorList;

    MiCheckIrql(DISPATCH_LEVEL, Mdl, TRUE, __builtin_return_address(0),
                "MmBuildMdlForNonPagedPool");
    MiFillMdlPfns(Mdl);
    Mdl->Process = NULL;
    Mdl->MappedSystemVa = MmGetMdlVirtualAddress(Mdl);
    Mdl->MdlFlags |= MDL_SOURCE_IS_NONPAGED_POOL;
}
