/*
 * PURPOSE: The rest of the Mm routines drivers use: address queries (MmIsAddressValid,
 * MmGetPhysicalAddress), contiguous and noncached memory, pageable driver sections, system
 * size queries.
 */

/* INCLUDES ******************************************************************************/

#include <kmode/version.h>
#include "mip.h"

/* GLOBALS *******************************************************************************/

/* Lowest address kmode tries for contiguous memory (Linux's usual mmap_min_addr). */
#define MI_LOWEST_MAPPABLE 0x10000ULL
/* Highest user address + 1 the host can map (47-bit user space). */
#define MI_HIGHEST_MAPPABLE 0x7FFFFFFFF000ULL
/* Attempts at fixed addresses before a contiguous request is given up. */
#define MI_CONTIGUOUS_ATTEMPTS 4096

/* A driver image's pageable-section state, keyed by the image base. */
typedef struct _MI_SECTION {
    PVOID ImageBase;       /* NULL: free slot */
    volatile LONG LockCount;
    BOOLEAN PagedEntire;
} MI_SECTION;

#define MI_MAX_SECTIONS 256

static MI_LOCK MiSectionLock;
static MI_SECTION MiSections[MI_MAX_SECTIONS];

/* PRIVATE FUNCTIONS *********************************************************************/

/* TRUE when the pages [Base, Base + Size) satisfy a contiguous request's constraints. */
static BOOLEAN MiFitsContiguous(ULONG64 Base, SIZE_T Size, ULONG64 Lowest, ULONG64 Highest,
                                ULONG64 Boundary)
{
    ULONG64 Last = Base + Size - 1;

    if (Base < Lowest || Last > Highest || Last < Base)
        return FALSE;
    return Boundary == 0 || (Base & ~(Boundary - 1)) == (Last & ~(Boundary - 1));
}

/* Maps Size bytes satisfying the constraints; NULL when it cannot. */
static PVOID MiMapContiguous(SIZE_T Size, ULONG64 Lowest, ULONG64 Highest, ULONG64 Boundary)
{
    PVOID p = HostMapMemory(Size);
    ULONG64 Candidate, Step;
    ULONG Attempt;

    if (p != NULL) {
        if (MiFitsContiguous((ULONG_PTR)p, Size, Lowest, Highest, Boundary))
            return p;
        HostUnmapMemory(p, Size);
    }
    /* Wherever the host put it does not fit: try fixed addresses inside the range. */
    Candidate = Lowest < MI_LOWEST_MAPPABLE ? MI_LOWEST_MAPPABLE : ROUND_TO_PAGES(Lowest);
    Step = Size < 0x100000 ? 0x100000 : ROUND_TO_PAGES(Size);
    for (Attempt = 0; Attempt < MI_CONTIGUOUS_ATTEMPTS; Attempt++, Candidate += Step) {
        if (Boundary != 0 && !MiFitsContiguous(Candidate, Size, 0, ~0ULL, Boundary))
            Candidate = (Candidate + Boundary) & ~(Boundary - 1);
        if (Candidate + Size - 1 > Highest || Candidate + Size > MI_HIGHEST_MAPPABLE ||
            Candidate + Size < Candidate)
            break;
        p = HostMapMemoryAt((PVOID)(ULONG_PTR)Candidate, Size);
        if (p != NULL)
            return p;
    }
    return NULL;
}

static MI_SECTION *MiSectionOf(PVOID AddressWithinSection)
{
    PVOID Base = HostModuleBase(AddressWithinSection);
    MI_SECTION *Free = NULL, *Found = NULL;
    ULONG i;

    if (Base == NULL)
        Base = PAGE_ALIGN(AddressWithinSection);   /* not in a loaded image: its page */
    MiAcquireLock(&MiSectionLock);
    for (i = 0; i < MI_MAX_SECTIONS; i++) {
        if (MiSections[i].ImageBase == Base) {
            Found = &MiSections[i];
            break;
        }
        if (MiSections[i].ImageBase == NULL && Free == NULL)
            Free = &MiSections[i];
    }
    if (Found == NULL && Free != NULL) {
        Free->ImageBase = Base;
        Free->LockCount = 0;
        Free->PagedEntire = FALSE;
        Found = Free;
    }
    MiReleaseLock(&MiSectionLock);
    if (Found == NULL) {
        KiBugCheck(MEMORY_MANAGEMENT, 0, (ULONG_PTR)AddressWithinSection, MI_MAX_SECTIONS, 0,
                   __builtin_return_address(0),
                   "kmode's table of pageable driver images is full.");
    }
    return Found;
}

/* The section a handle from MmLockPagable*Section names; a bugcheck for anything else. */
static MI_SECTION *MiSectionOfHandle(PVOID Handle, PVOID Caller)
{
    MI_SECTION *Section = (MI_SECTION *)Handle;

    if (Section < &MiSections[0] || Section >= &MiSections[MI_MAX_SECTIONS] ||
        ((ULONG_PTR)Section - (ULONG_PTR)&MiSections[0]) % sizeof(MI_SECTION) != 0 ||
        Section->ImageBase == NULL) {
        KiBugCheck(MEMORY_MANAGEMENT, 0, (ULONG_PTR)Handle, 0, 0, Caller,
                   "The handle given is not one MmLockPagableCodeSection or "
                   "MmLockPagableDataSection returned.");
    }
    return Section;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * <= DISPATCH_LEVEL. TRUE when reading the byte at VirtualAddress would not fault. kmode
 * never pages, so this is the same as "mapped and readable".
 */
BOOLEAN NTAPI MmIsAddressValid(PVOID VirtualAddress)
{
    MiCheckIrql(DISPATCH_LEVEL, VirtualAddress, FALSE, __builtin_return_address(0),
                "MmIsAddressValid");
    return HostIsAddressReadable(VirtualAddress);
}

/*
 * @implemented
 * Any IRQL. kmode has no physical memory: the fake physical address of a byte is its
 * virtual address, so the page frame number is the virtual page number, as the PFN arrays
 * of MDLs hold (docs/mm.md). No validity check is made.
 */
PHYSICAL_ADDRESS NTAPI MmGetPhysicalAddress(PVOID BaseAddress)
{
    PHYSICAL_ADDRESS Address;
    Address.QuadPart = (LONGLONG)(ULONG_PTR)BaseAddress;
    return Address;
}

/*
 * @implemented
 * <= DISPATCH_LEVEL. NumberOfBytes is rounded up to pages; the block is page-aligned and
 * zero-filled (Windows leaves it uninitialized). Physical addresses being the virtual ones,
 * the block is placed in [Lowest, Highest] and not across a BoundaryAddressMultiple.
 * Returns NULL for 0 bytes, a Boundary that is not a power of two or is smaller than the
 * block, or a range the host cannot place it in.
 */
PVOID NTAPI MmAllocateContiguousMemorySpecifyCache(SIZE_T NumberOfBytes,
                                                   PHYSICAL_ADDRESS LowestAcceptableAddress,
                                                   PHYSICAL_ADDRESS HighestAcceptableAddress,
                                                   PHYSICAL_ADDRESS BoundaryAddressMultiple,
                                                   MEMORY_CACHING_TYPE CacheType)
{
    ULONG64 Lowest = (ULONG64)LowestAcceptableAddress.QuadPart;
    ULONG64 Highest = (ULONG64)HighestAcceptableAddress.QuadPart;
    ULONG64 Boundary = (ULONG64)BoundaryAddressMultiple.QuadPart;
    SIZE_T Size;
    PVOID p;

    MiCheckIrql(DISPATCH_LEVEL, NULL, FALSE, __builtin_return_address(0),
                "MmAllocateContiguousMemorySpecifyCache");
    if (NumberOfBytes == 0 || NumberOfBytes > MI_HIGHEST_MAPPABLE ||
        VF_LOW_RESOURCES_FAIL(__builtin_return_address(0)))
        return NULL;
    Size = ROUND_TO_PAGES(NumberOfBytes);
    if ((Boundary & (Boundary - 1)) != 0 || (Boundary != 0 && Size > Boundary))
        return NULL;
    if (Highest < Lowest)
        return NULL;
    p = MiMapContiguous(Size, Lowest, Highest, Boundary);
    if (p == NULL)
        return NULL;
    if (!MiInsertRegion(p, Size, NumberOfBytes, MI_REGION_CONTIGUOUS, CacheType)) {
        HostUnmapMemory(p, Size);
        return NULL;
    }
    return p;
}

/*
 * @implemented
 * <= DISPATCH_LEVEL. Any physical address from 0 to HighestAcceptableAddress, cached.
 */
PVOID NTAPI MmAllocateContiguousMemory(SIZE_T NumberOfBytes,
                                       PHYSICAL_ADDRESS HighestAcceptableAddress)
{
    PHYSICAL_ADDRESS Zero;

    if (VF_LOW_RESOURCES_FAIL(__builtin_return_address(0)))
        return NULL;
    Zero.QuadPart = 0;
    return MmAllocateContiguousMemorySpecifyCache(NumberOfBytes, Zero, HighestAcceptableAddress,
                                                  Zero, MmCached);
}

/*
 * @implemented
 * <= DISPATCH_LEVEL. BaseAddress must be what an MmAllocateContiguousMemory* call returned
 * (and was not freed): otherwise bugcheck 0xC2 BAD_POOL_CALLER (0x60, address, 0, 0).
 */
VOID NTAPI MmFreeContiguousMemory(PVOID BaseAddress)
{
    PVOID Caller = __builtin_return_address(0);
    SIZE_T Size;

    MiCheckIrql(DISPATCH_LEVEL, BaseAddress, TRUE, Caller, "MmFreeContiguousMemory");
    Size = MiRemoveRegion(BaseAddress, MI_REGION_CONTIGUOUS, NULL, NULL);
    if (Size == 0) {
        KiBugCheck(BAD_POOL_CALLER, 0x60, (ULONG_PTR)BaseAddress, 0, 0, Caller,
                   "MmFreeContiguousMemory was given an address that no "
                   "MmAllocateContiguousMemory call returned (or that was already freed).");
    }
    HostUnmapMemory(BaseAddress, Size);
}

/*
 * @implemented
 * <= DISPATCH_LEVEL. As MmFreeContiguousMemory; NumberOfBytes and CacheType must be those
 * of the allocation, else the same bugcheck (0xC2, 0x60, address).
 */
VOID NTAPI MmFreeContiguousMemorySpecifyCache(PVOID BaseAddress, SIZE_T NumberOfBytes,
                                              MEMORY_CACHING_TYPE CacheType)
{
    PVOID Caller = __builtin_return_address(0);
    SIZE_T Requested = 0, Size = 0;
    MEMORY_CACHING_TYPE Cache = MmCached;
    BOOLEAN Found;

    MiCheckIrql(DISPATCH_LEVEL, BaseAddress, TRUE, Caller, "MmFreeContiguousMemorySpecifyCache");
    Found = MiFindRegion(BaseAddress, MI_REGION_CONTIGUOUS, &Size, &Requested, &Cache);
    if (!Found || Requested != NumberOfBytes || Cache != CacheType) {
        KiBugCheck(BAD_POOL_CALLER, 0x60, (ULONG_PTR)BaseAddress, 0, 0, Caller,
                   !Found ? "MmFreeContiguousMemorySpecifyCache was given an address that no "
                            "MmAllocateContiguousMemory call returned."
                          : "MmFreeContiguousMemorySpecifyCache was given a size or cache "
                            "type other than the allocation's.");
    }
    (void)MiRemoveRegion(BaseAddress, MI_REGION_CONTIGUOUS, NULL, NULL);
    HostUnmapMemory(BaseAddress, Size);
}

/*
 * @implemented
 * <= APC_LEVEL. Page-aligned, zero-filled, nonpaged memory of NumberOfBytes rounded up to
 * pages; NULL for 0 bytes or when the host refuses. kmode memory has no cache attribute.
 */
PVOID NTAPI MmAllocateNonCachedMemory(SIZE_T NumberOfBytes)
{
    SIZE_T Size;
    PVOID p;

    MiCheckIrql(APC_LEVEL, NULL, FALSE, __builtin_return_address(0), "MmAllocateNonCachedMemory");
    if (NumberOfBytes == 0 || NumberOfBytes > MI_HIGHEST_MAPPABLE)
        return NULL;
    Size = ROUND_TO_PAGES(NumberOfBytes);
    p = HostMapMemory(Size);
    if (p == NULL)
        return NULL;
    if (!MiInsertRegion(p, Size, NumberOfBytes, MI_REGION_NONCACHED, MmNonCached)) {
        HostUnmapMemory(p, Size);
        return NULL;
    }
    return p;
}

/*
 * @implemented
 * <= APC_LEVEL. BaseAddress must come from MmAllocateNonCachedMemory and NumberOfBytes span
 * the same pages; otherwise bugcheck 0xC2 BAD_POOL_CALLER (0x46, address, 0, 0): "an
 * invalid address was freed".
 */
VOID NTAPI MmFreeNonCachedMemory(PVOID BaseAddress, SIZE_T NumberOfBytes)
{
    PVOID Caller = __builtin_return_address(0);
    SIZE_T Size = 0, Requested;
    MEMORY_CACHING_TYPE Cache;
    BOOLEAN Found;

    MiCheckIrql(APC_LEVEL, BaseAddress, TRUE, Caller, "MmFreeNonCachedMemory");
    Found = MiFindRegion(BaseAddress, MI_REGION_NONCACHED, &Size, &Requested, &Cache);
    if (!Found || ROUND_TO_PAGES(NumberOfBytes) != Size) {
        KiBugCheck(BAD_POOL_CALLER, 0x46, (ULONG_PTR)BaseAddress, 0, 0, Caller,
                   !Found ? "MmFreeNonCachedMemory was given an address that "
                            "MmAllocateNonCachedMemory did not return."
                          : "MmFreeNonCachedMemory was given a size other than the "
                            "allocation's.");
    }
    (void)MiRemoveRegion(BaseAddress, MI_REGION_NONCACHED, NULL, NULL);
    HostUnmapMemory(BaseAddress, Size);
}

/*
 * @implemented
 * <= APC_LEVEL. kmode never pages, so the section is always resident; the lock is counted
 * per driver image (gcc and clang keep alloc_text sections in .text: the image is the
 * section). Returns the handle for MmUnlockPagableImageSection / MmLockPagableSectionByHandle.
 */
PVOID NTAPI MmLockPagableDataSection(PVOID AddressWithinSection)
{
    MI_SECTION *Section;

    MiCheckIrql(APC_LEVEL, AddressWithinSection, FALSE, __builtin_return_address(0),
                "MmLockPagableDataSection");
    Section = MiSectionOf(AddressWithinSection);
    __atomic_add_fetch(&Section->LockCount, 1, __ATOMIC_RELAXED);
    return Section;
}

/*
 * @implemented
 * <= APC_LEVEL. Takes one more lock through a handle MmLockPagable*Section returned; any
 * other value bugchecks 0x1A MEMORY_MANAGEMENT (0, handle, 0, 0).
 */
VOID NTAPI MmLockPagableSectionByHandle(PVOID ImageSectionHandle)
{
    PVOID Caller = __builtin_return_address(0);
    MI_SECTION *Section;

    MiCheckIrql(APC_LEVEL, ImageSectionHandle, FALSE, Caller, "MmLockPagableSectionByHandle");
    Section = MiSectionOfHandle(ImageSectionHandle, Caller);
    __atomic_add_fetch(&Section->LockCount, 1, __ATOMIC_RELAXED);
}

/*
 * @implemented
 * <= APC_LEVEL. Releases one lock. A handle that is not one of MmLockPagable*Section's, or
 * an unlock without a matching lock, bugchecks 0x1A MEMORY_MANAGEMENT (0, handle, 0, 0).
 */
VOID NTAPI MmUnlockPagableImageSection(PVOID ImageSectionHandle)
{
    PVOID Caller = __builtin_return_address(0);
    MI_SECTION *Section;
    LONG Count;

    MiCheckIrql(APC_LEVEL, ImageSectionHandle, FALSE, Caller, "MmUnlockPagableImageSection");
    Section = MiSectionOfHandle(ImageSectionHandle, Caller);
    Count = __atomic_sub_fetch(&Section->LockCount, 1, __ATOMIC_RELAXED);
    if (Count < 0) {
        __atomic_add_fetch(&Section->LockCount, 1, __ATOMIC_RELAXED);
        KiBugCheck(MEMORY_MANAGEMENT, 0, (ULONG_PTR)ImageSectionHandle, 0, 0, Caller,
                   "MmUnlockPagableImageSection was called more often than the section was "
                   "locked.");
    }
}

/*
 * @implemented
 * <= APC_LEVEL. Records that the whole image is pageable (it stays resident: kmode never
 * pages) and returns the image base (the executable's or library's for code outside
 * drivers; the address's page when no loaded image holds it).
 */
PVOID NTAPI MmPageEntireDriver(PVOID AddressWithinSection)
{
    MI_SECTION *Section;

    MiCheckIrql(APC_LEVEL, AddressWithinSection, FALSE, __builtin_return_address(0),
                "MmPageEntireDriver");
    Section = MiSectionOf(AddressWithinSection);
    Section->PagedEntire = TRUE;
    return Section->ImageBase;
}

/*
 * @implemented
 * <= APC_LEVEL. Undoes MmPageEntireDriver: the image's sections get their own attributes
 * back (all resident in kmode).
 */
VOID NTAPI MmResetDriverPaging(PVOID AddressWithinSection)
{
    MI_SECTION *Section;

    MiCheckIrql(APC_LEVEL, AddressWithinSection, FALSE, __builtin_return_address(0),
                "MmResetDriverPaging");
    Section = MiSectionOf(AddressWithinSection);
    Section->PagedEntire = FALSE;
}

/*
 * @implemented
 * Any IRQL. From the host's memory: below 16 MB small, below 32 MB medium, else large (the
 * answer on every machine kmode runs on; unknown sizes count as large).
 */
MM_SYSTEMSIZE NTAPI MmQuerySystemSize(VOID)
{
    ULONG64 Bytes = HostPhysicalMemoryBytes();

    if (Bytes != 0 && Bytes < (16ULL << 20))
        return MmSmallSystem;
    if (Bytes != 0 && Bytes < (32ULL << 20))
        return MmMediumSystem;
    return MmLargeSystem;
}

/*
 * @implemented
 * Any IRQL. TRUE on server products; kmode reports a workstation (include/kmode/version.h).
 */
BOOLEAN NTAPI MmIsThisAnNtAsSystem(VOID)
{
    return KMODE_NT_PRODUCT_TYPE != VER_NT_WORKSTATION;
}
