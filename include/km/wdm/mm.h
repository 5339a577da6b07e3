/*
 * PURPOSE: wdm.h part: memory descriptor lists (MDLs) and the Mm routines that lock and map them (src/mm).
 *
 * The MDL structure, its flags, PAGE_SIZE, PAGE_ALIGN, BYTE_OFFSET, ROUND_TO_PAGES,
 * ADDRESS_AND_SIZE_TO_SPAN_PAGES and the MmGetMdlVirtualAddress / MmGetMdlByteCount /
 * MmGetMdlByteOffset / MmGetMdlPfnArray accessors are in wdm/types.h. kmode's memory model
 * (one address space, fake page frame numbers, what "mapping" means) is described in
 * docs/mm.md.
 */
#ifndef _KMODE_WDM_MM_H_
#define _KMODE_WDM_MM_H_

KMODE_EXTERN_C_START

/* ---- Types ---------------------------------------------------------------------------- */

typedef enum _MM_PAGE_PRIORITY {
    LowPagePriority,
    NormalPagePriority = 16,
    HighPagePriority = 32
} MM_PAGE_PRIORITY;

/* Flags OR'ed into the Priority of MmMapLockedPagesSpecifyCache / MmGetSystemAddressForMdlSafe. */
#define MdlMappingNoWrite       0x80000000
#define MdlMappingNoExecute     0x40000000
#define MdlMappingWithGuardPtes 0x20000000

typedef enum _MM_SYSTEM_SIZE {
    MmSmallSystem,
    MmMediumSystem,
    MmLargeSystem
} MM_SYSTEMSIZE;

/* ---- Building MDLs ---------------------------------------------------------------------- */

/*
 * @implemented
 * <= DISPATCH_LEVEL. An MDL for Length bytes at VirtualAddress (not yet locked). With Irp:
 * SecondaryBuffer FALSE sets Irp->MdlAddress, TRUE appends to the end of the Irp's MDL
 * chain. NULL when Length exceeds 4 GB - PAGE_SIZE or memory runs out.
 */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI PMDL NTAPI IoAllocateMdl(_In_opt_ PVOID VirtualAddress, _In_ ULONG Length,
                                     _In_ BOOLEAN SecondaryBuffer, _In_ BOOLEAN ChargeQuota,
                                     _Inout_opt_ PIRP Irp);

/* @implemented: <= DISPATCH_LEVEL. Frees an MDL from IoAllocateMdl (releasing the system
   mapping of a partial MDL first). It does not unlock pages or unlink the MDL from an IRP. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI IoFreeMdl(_In_ PMDL Mdl);

/* @implemented: <= DISPATCH_LEVEL. TargetMdl describes [VirtualAddress, +Length) of the
   locked or nonpaged buffer SourceMdl describes (Length 0: up to the end of it). Bugchecks
   0x12E when the range lies outside SourceMdl, 0x40 when TargetMdl is too small. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI IoBuildPartialMdl(_In_ PMDL SourceMdl, _Inout_ PMDL TargetMdl,
                                         _In_ PVOID VirtualAddress, _In_ ULONG Length);

/* @implemented: any IRQL. Bytes an MDL for Length bytes at Base needs (structure + PFNs). */
NTKERNELAPI SIZE_T NTAPI MmSizeOfMdl(_In_reads_bytes_opt_(Length) PVOID Base, _In_ SIZE_T Length);

/* @implemented: <= DISPATCH_LEVEL. Obsolete: allocates (nonpaged pool) and initializes an
   MDL like IoAllocateMdl without an IRP; free it with ExFreePool. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI PMDL NTAPI MmCreateMdl(_Out_writes_bytes_opt_(sizeof(MDL) + (sizeof(PFN_NUMBER) * ADDRESS_AND_SIZE_TO_SPAN_PAGES(Base, Length))) PMDL MemoryDescriptorList,
                                   _In_reads_bytes_opt_(Length) PVOID Base, _In_ SIZE_T Length);

/* Initializes a caller-allocated MDL (at least MmSizeOfMdl bytes) for Length bytes at BaseVa. */
FORCEINLINE VOID MmInitializeMdl(_Out_ PMDL MemoryDescriptorList, _In_opt_ PVOID BaseVa,
                                 _In_ SIZE_T Length)
{
    MemoryDescriptorList->Next = NULL;
    MemoryDescriptorList->Size = (CSHORT)(sizeof(MDL) + sizeof(PFN_NUMBER) *
                                          ADDRESS_AND_SIZE_TO_SPAN_PAGES(BaseVa, Length));
    MemoryDescriptorList->MdlFlags = 0;
    MemoryDescriptorList->StartVa = PAGE_ALIGN(BaseVa);
    MemoryDescriptorList->ByteOffset = BYTE_OFFSET(BaseVa);
    MemoryDescriptorList->ByteCount = (ULONG)Length;
}

/* @implemented: <= DISPATCH_LEVEL. Describes a buffer in nonpaged memory: fills the PFN
   array, sets MDL_SOURCE_IS_NONPAGED_POOL and MappedSystemVa (the buffer's own address). */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI MmBuildMdlForNonPagedPool(_Inout_ PMDL MemoryDescriptorList);

/* ---- Locking ------------------------------------------------------------------------------ */

/*
 * @implemented
 * <= APC_LEVEL (UserMode, or pageable memory), <= DISPATCH_LEVEL otherwise. Checks that
 * every page allows Operation (IoWriteAccess and IoModifyAccess: read and write), fills
 * the PFN array and sets MDL_PAGES_LOCKED. Raises STATUS_ACCESS_VIOLATION (call it inside
 * __try) for a page that is not there or does not allow the access, and, with UserMode,
 * for a range outside user space (kernel pool included).
 */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI MmProbeAndLockPages(_Inout_ PMDL MemoryDescriptorList,
                                           _In_ KPROCESSOR_MODE AccessMode,
                                           _In_ LOCK_OPERATION Operation);

/* @implemented: <= DISPATCH_LEVEL. Undoes MmProbeAndLockPages (releasing a system mapping
   first). An MDL that is not locked bugchecks 0x76 PROCESS_HAS_LOCKED_PAGES (1, MDL, ...). */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI MmUnlockPages(_Inout_ PMDL MemoryDescriptorList);

/* ---- Mapping ------------------------------------------------------------------------------ */

/*
 * @implemented
 * KernelMode: <= DISPATCH_LEVEL, returns the system address of the buffer's first byte
 * (NULL, or a bugcheck when BugCheckOnFailure, if it cannot be mapped). UserMode:
 * <= APC_LEVEL, returns a user address or raises. Priority: an MM_PAGE_PRIORITY, optionally
 * OR'ed with MdlMapping* flags. See docs/mm.md for what a mapping is in kmode.
 */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI PVOID NTAPI MmMapLockedPagesSpecifyCache(
    _Inout_ PMDL MemoryDescriptorList, _In_ KPROCESSOR_MODE AccessMode,
    _In_ MEMORY_CACHING_TYPE CacheType, _In_opt_ PVOID RequestedAddress,
    _In_ ULONG BugCheckOnFailure, _In_ ULONG Priority);

/* @implemented: obsolete form of MmMapLockedPagesSpecifyCache (MmCached, bugcheck on a
   KernelMode failure). */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI PVOID NTAPI MmMapLockedPages(_Inout_ PMDL MemoryDescriptorList,
                                         _In_ KPROCESSOR_MODE AccessMode);

/* @implemented: <= DISPATCH_LEVEL (system address), <= APC_LEVEL (user address). Releases a
   mapping made by MmMapLockedPages(SpecifyCache); an address that is not a current mapping
   of the MDL bugchecks 0xDA SYSTEM_PTE_MISUSE. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI MmUnmapLockedPages(_In_ PVOID BaseAddress, _Inout_ PMDL MemoryDescriptorList);

/* The system address of the buffer an MDL describes, mapping it if needed; NULL when it
   cannot be mapped. */
#define MmGetSystemAddressForMdlSafe(Mdl, Priority)                                        \
    ((((Mdl)->MdlFlags & (MDL_MAPPED_TO_SYSTEM_VA | MDL_SOURCE_IS_NONPAGED_POOL)) != 0)   \
         ? (Mdl)->MappedSystemVa                                                           \
         : MmMapLockedPagesSpecifyCache((Mdl), KernelMode, MmCached, NULL, FALSE,          \
                                        (ULONG)(Priority)))

/* Obsolete: as MmGetSystemAddressForMdlSafe, but a mapping failure bugchecks. */
#define MmGetSystemAddressForMdl(Mdl)                                                      \
    ((((Mdl)->MdlFlags & (MDL_MAPPED_TO_SYSTEM_VA | MDL_SOURCE_IS_NONPAGED_POOL)) != 0)   \
         ? (Mdl)->MappedSystemVa                                                           \
         : MmMapLockedPages((Mdl), KernelMode))

/* Releases the system mapping a partial MDL made for itself, so IoBuildPartialMdl can
   reuse it. Other MDLs are left alone. */
#define MmPrepareMdlForReuse(Mdl)                                                          \
    do {                                                                                   \
        if (((Mdl)->MdlFlags & MDL_PARTIAL_HAS_BEEN_MAPPED) != 0)                          \
            MmUnmapLockedPages((Mdl)->MappedSystemVa, (Mdl));                              \
    } while (0)

/* ---- Addresses ------------------------------------------------------------------------------ */

/* @implemented: <= DISPATCH_LEVEL. TRUE when reading Address would not fault. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI BOOLEAN NTAPI MmIsAddressValid(_In_ PVOID VirtualAddress);

/* @implemented: any IRQL. The (fake) physical address behind a virtual address: see
   docs/mm.md; consistent with the PFNs MDLs carry. */
NTKERNELAPI PHYSICAL_ADDRESS NTAPI MmGetPhysicalAddress(_In_ PVOID BaseAddress);

/* ---- Special allocations ---------------------------------------------------------------------- */

/* @implemented: <= DISPATCH_LEVEL. Page-aligned, nonpaged memory whose (fake) physical
   range lies within [Lowest, Highest] and does not cross a BoundaryAddressMultiple
   (a power of two, or 0). NULL when that cannot be satisfied. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI PVOID NTAPI MmAllocateContiguousMemorySpecifyCache(
    _In_ SIZE_T NumberOfBytes, _In_ PHYSICAL_ADDRESS LowestAcceptableAddress,
    _In_ PHYSICAL_ADDRESS HighestAcceptableAddress,
    _In_opt_ PHYSICAL_ADDRESS BoundaryAddressMultiple, _In_ MEMORY_CACHING_TYPE CacheType);

/* @implemented: <= DISPATCH_LEVEL. MmAllocateContiguousMemorySpecifyCache(NumberOfBytes, 0,
   HighestAcceptableAddress, 0, MmCached). */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI PVOID NTAPI MmAllocateContiguousMemory(_In_ SIZE_T NumberOfBytes,
                                                   _In_ PHYSICAL_ADDRESS HighestAcceptableAddress);

/* @implemented: <= DISPATCH_LEVEL. An address that no MmAllocateContiguousMemory* call
   returned bugchecks 0xC2 BAD_POOL_CALLER (0x60, address). */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI MmFreeContiguousMemory(_In_ PVOID BaseAddress);

/* @implemented: <= DISPATCH_LEVEL. As MmFreeContiguousMemory; NumberOfBytes and CacheType
   must match the allocation. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI MmFreeContiguousMemorySpecifyCache(_In_ PVOID BaseAddress,
                                                          _In_ SIZE_T NumberOfBytes,
                                                          _In_ MEMORY_CACHING_TYPE CacheType);

/* @implemented: <= APC_LEVEL. Page-aligned nonpaged memory (kmode memory has no cache
   attribute); NULL on failure. */
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI PVOID NTAPI MmAllocateNonCachedMemory(_In_ SIZE_T NumberOfBytes);

/* @implemented: <= APC_LEVEL. Base and size must be those of an MmAllocateNonCachedMemory
   allocation (else bugcheck 0xC2 BAD_POOL_CALLER (0x46, address)). */
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI VOID NTAPI MmFreeNonCachedMemory(_In_ PVOID BaseAddress, _In_ SIZE_T NumberOfBytes);

/* ---- Pageable driver sections (kmode never pages: these keep their contracts) ----------------- */

/* @implemented: <= APC_LEVEL. Locks the section holding AddressWithinSection; returns the
   handle MmUnlockPagableImageSection and MmLockPagableSectionByHandle take. */
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI PVOID NTAPI MmLockPagableDataSection(_In_ PVOID AddressWithinSection);

/* Code and data sections are locked the same way. */
#define MmLockPagableCodeSection(Address) MmLockPagableDataSection(Address)

/* @implemented: <= APC_LEVEL. Relocks a section by the handle MmLockPagable*Section returned. */
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI VOID NTAPI MmLockPagableSectionByHandle(_In_ PVOID ImageSectionHandle);

/* @implemented: <= APC_LEVEL. Releases one lock taken by MmLockPagable*Section(ByHandle). */
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI VOID NTAPI MmUnlockPagableImageSection(_In_ PVOID ImageSectionHandle);

/* @implemented: <= APC_LEVEL. Marks the whole driver pageable; returns its image base. */
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI PVOID NTAPI MmPageEntireDriver(_In_ PVOID AddressWithinSection);

/* @implemented: <= APC_LEVEL. Undoes MmPageEntireDriver. */
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI VOID NTAPI MmResetDriverPaging(_In_ PVOID AddressWithinSection);

/* ---- System ------------------------------------------------------------------------------------ */

/* @implemented: any IRQL. The host's memory size as a rough class (any current machine is
   MmLargeSystem). */
NTKERNELAPI MM_SYSTEMSIZE NTAPI MmQuerySystemSize(VOID);

/* @implemented: any IRQL. TRUE on a server product; kmode reports a workstation
   (VER_NT_WORKSTATION, as RtlGetVersion does), so FALSE. */
NTKERNELAPI BOOLEAN NTAPI MmIsThisAnNtAsSystem(VOID);

KMODE_EXTERN_C_END

#endif
