/*
 * PURPOSE: The rest of the Mm routines drivers use: address queries (MmIsAddressValid,
 * MmGetPhysicalAddress), contiguous and noncached memory, pageable driver sections, system
 * size queries.
 */

/* INCLUDES ******************************************************************************/

#include <stdio.h>
#include <string.h>
#include <kmode/version.h>
#include <internal/ldr.h>
#include "mip.h"

/* GLOBALS *******************************************************************************/

/* Lowest address kmode tries for contiguous memory (Linux's usual mmap_min_addr). */
#define MI_LOWEST_MAPPABLE 0x10000ULL
/* Highest user address + 1 the host can map (47-bit user space). */
#define MI_HIGHEST_MAPPABLE 0x7FFFFFFFF000ULL
/* Attempts at fixed addresses before a contiguous request is given up. */
#define MI_CONTIGUOUS_ATTEMPTS 4096

/*
 * Pageable driver code (docs/verifier.md, force IRQL checking). Two kinds of entries:
 * - a pageable section of a loaded .sys (PAGE, PAGExxxx: #pragma alloc_text's sections,
 *   recorded at load by MmpRegisterImageSections): Start..End is the section;
 * - an image: the handle of MmLockPagable*Section for an address in no pageable section,
 *   and the state of MmPageEntireDriver. For a loaded .sys, Start..End is its code (all of
 *   it pageable after MmPageEntireDriver); elsewhere (the program, a library) it is empty.
 * An entry that is pageable now (a section, or an image paged entire), and not locked, is
 * "trimmed" (made inaccessible) when a driver verified with force IRQL checking raises IRQL
 * to DISPATCH_LEVEL; a fault in it pages it back in below DISPATCH_LEVEL and is bugcheck
 * 0xD1 at or above.
 */
typedef struct _MI_SECTION {
    PVOID ImageBase;       /* NULL: free slot */
    ULONG_PTR Start, End;  /* the range it pages (empty: none) */
    volatile LONG LockCount;
    BOOLEAN IsImage;
    BOOLEAN PagedEntire;   /* images: MmPageEntireDriver */
    BOOLEAN Registered;    /* from a loaded .sys: forgotten when it unloads */
    volatile BOOLEAN Trimmed;
    char Name[16];         /* sections: "PAGE" */
} MI_SECTION;

#define MI_MAX_SECTIONS 256

static MI_LOCK MiSectionLock;
static MI_SECTION MiSections[MI_MAX_SECTIONS];
/* Something pageable may be resident: the next trim has work (one load when not). */
static volatile LONG MiTrimPending;
/* Some entry was ever trimmed: faults and locks have something to look at. */
static volatile LONG MiEverTrimmed;

/* INIT sections of loaded driver images: made inaccessible once DriverEntry succeeded, as
   Windows frees them; code that runs there afterwards is bugcheck 0x50. */
typedef struct _MI_INIT_RANGE {
    PVOID ImageBase;       /* NULL: free slot */
    ULONG_PTR Start, End;
    BOOLEAN Discarded;
} MI_INIT_RANGE;

#define MI_MAX_INIT_RANGES 64

static MI_INIT_RANGE MiInitRanges[MI_MAX_INIT_RANGES];
static volatile LONG MiEverDiscarded;

/* Reports build their text here (a bugcheck does not return). */
static char MiPagingText[1024];

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

/* The entry holding Address: an image's code (Image) or a pageable section. Lock held. */
static MI_SECTION *MiFindSection(ULONG_PTR Address, BOOLEAN Image)
{
    for (ULONG i = 0; i < MI_MAX_SECTIONS; i++) {
        MI_SECTION *Section = &MiSections[i];
        if (Section->ImageBase != NULL && Section->IsImage == Image &&
            Address >= Section->Start && Address < Section->End)
            return Section;
    }
    return NULL;
}

/* A free slot, or NULL. Lock held. */
static MI_SECTION *MiFreeSlot(VOID)
{
    for (ULONG i = 0; i < MI_MAX_SECTIONS; i++)
        if (MiSections[i].ImageBase == NULL)
            return &MiSections[i];
    return NULL;
}

static BOOLEAN MiIsPageableNow(const MI_SECTION *Section)
{
    return Section->ImageBase != NULL && Section->End > Section->Start &&
           Section->LockCount == 0 && (!Section->IsImage || Section->PagedEntire);
}

/* Makes an entry's range resident (readable and executable) and records it so; for an
   image, its sections too (its range holds them). Lock held. */
static VOID MiMakeResident(MI_SECTION *Section)
{
    if (Section->End > Section->Start && __atomic_load_n(&MiEverTrimmed, __ATOMIC_RELAXED))
        HostProtectImageCode((PVOID)Section->Start, Section->End - Section->Start, TRUE);
    Section->Trimmed = FALSE;
    if (Section->IsImage) {
        for (ULONG i = 0; i < MI_MAX_SECTIONS; i++) {
            MI_SECTION *Other = &MiSections[i];
            if (Other->ImageBase != NULL && !Other->IsImage && Other->Start >= Section->Start &&
                Other->End <= Section->End)
                Other->Trimmed = FALSE;
        }
    }
    if (MiIsPageableNow(Section))
        __atomic_store_n(&MiTrimPending, 1, __ATOMIC_RELAXED);
}

static MI_SECTION *MiSectionOf(PVOID AddressWithinSection)
{
    PVOID Base = HostModuleBase(AddressWithinSection);
    MI_SECTION *Free = NULL, *Found;
    ULONG i;

    if (Base == NULL)
        Base = PAGE_ALIGN(AddressWithinSection);   /* not in a loaded image: its page */
    MiAcquireLock(&MiSectionLock);
    /* A pageable section of a driver image is a section of its own. */
    Found = MiFindSection((ULONG_PTR)AddressWithinSection, FALSE);
    for (i = 0; i < MI_MAX_SECTIONS && Found == NULL; i++) {
        if (MiSections[i].ImageBase == Base && MiSections[i].IsImage) {
            Found = &MiSections[i];
            break;
        }
        if (MiSections[i].ImageBase == NULL && Free == NULL)
            Free = &MiSections[i];
    }
    if (Found == NULL && Free != NULL) {
        RtlZeroMemory(Free, sizeof(*Free));
        Free->ImageBase = Base;
        Free->IsImage = TRUE;
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

/* Takes one lock on Section: it is resident (paged in now if trimmed) until unlocked. */
static VOID MiLockSection(MI_SECTION *Section)
{
    MiAcquireLock(&MiSectionLock);
    Section->LockCount++;
    if (Section->ImageBase != NULL)
        MiMakeResident(Section);
    MiReleaseLock(&MiSectionLock);
}

/*
 * @implemented
 * <= APC_LEVEL. Locks the section holding AddressWithinSection in memory: a pageable section
 * of a driver image (PAGE, PAGExxxx from #pragma alloc_text), paged in now if force IRQL
 * checking had paged it out, and not paged out again until unlocked; for an address in no
 * pageable section, the image holding it (the handle for code outside drivers is the image
 * of the program or library, or the address's page). MmLockPagableCodeSection is this
 * routine (wdm.h). Returns the handle for MmUnlockPagableImageSection /
 * MmLockPagableSectionByHandle.
 */
PVOID NTAPI MmLockPagableDataSection(PVOID AddressWithinSection)
{
    MI_SECTION *Section;

    MiCheckIrql(APC_LEVEL, AddressWithinSection, FALSE, __builtin_return_address(0),
                "MmLockPagableDataSection");
    Section = MiSectionOf(AddressWithinSection);
    MiLockSection(Section);
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
    MiLockSection(Section);
}

/*
 * @implemented
 * <= APC_LEVEL. Releases one lock; the last one makes the section pageable again. A handle
 * that is not one of MmLockPagable*Section's, or an unlock without a matching lock,
 * bugchecks 0x1A MEMORY_MANAGEMENT (0, handle, 0, 0).
 */
VOID NTAPI MmUnlockPagableImageSection(PVOID ImageSectionHandle)
{
    PVOID Caller = __builtin_return_address(0);
    MI_SECTION *Section;
    LONG Count;

    MiCheckIrql(APC_LEVEL, ImageSectionHandle, FALSE, Caller, "MmUnlockPagableImageSection");
    Section = MiSectionOfHandle(ImageSectionHandle, Caller);
    MiAcquireLock(&MiSectionLock);
    Count = --Section->LockCount;
    if (Count < 0)
        Section->LockCount++;
    else if (Count == 0 && MiIsPageableNow(Section))
        __atomic_store_n(&MiTrimPending, 1, __ATOMIC_RELAXED);
    MiReleaseLock(&MiSectionLock);
    if (Count < 0) {
        KiBugCheck(MEMORY_MANAGEMENT, 0, (ULONG_PTR)ImageSectionHandle, 0, 0, Caller,
                   "MmUnlockPagableImageSection was called more often than the section was "
                   "locked.");
    }
}

/*
 * @implemented
 * <= APC_LEVEL. Makes all of the driver image's code pageable, overriding its sections'
 * attributes (force IRQL checking then pages all of it out when a verified driver raises
 * IRQL: none of it may run at DISPATCH_LEVEL), and returns the image base (the executable's
 * or library's for code outside drivers; the address's page when no loaded image holds it).
 */
PVOID NTAPI MmPageEntireDriver(PVOID AddressWithinSection)
{
    PVOID Base = HostModuleBase(AddressWithinSection);
    MI_SECTION *Section;

    MiCheckIrql(APC_LEVEL, AddressWithinSection, FALSE, __builtin_return_address(0),
                "MmPageEntireDriver");
    /* The image, even for an address in one of its pageable sections. */
    Section = MiSectionOf(Base != NULL ? Base : AddressWithinSection);
    MiAcquireLock(&MiSectionLock);
    Section->PagedEntire = TRUE;
    if (MiIsPageableNow(Section))
        __atomic_store_n(&MiTrimPending, 1, __ATOMIC_RELAXED);
    MiReleaseLock(&MiSectionLock);
    return Section->ImageBase;
}

/*
 * @implemented
 * <= APC_LEVEL. Undoes MmPageEntireDriver: the image's sections get their own attributes
 * back (its code is paged in; its pageable sections stay pageable).
 */
VOID NTAPI MmResetDriverPaging(PVOID AddressWithinSection)
{
    PVOID Base = HostModuleBase(AddressWithinSection);
    MI_SECTION *Section;

    MiCheckIrql(APC_LEVEL, AddressWithinSection, FALSE, __builtin_return_address(0),
                "MmResetDriverPaging");
    Section = MiSectionOf(Base != NULL ? Base : AddressWithinSection);
    MiAcquireLock(&MiSectionLock);
    Section->PagedEntire = FALSE;
    if (Section->Trimmed)
        MiMakeResident(Section);
    /* Its pageable sections are pageable again on their own. */
    __atomic_store_n(&MiTrimPending, 1, __ATOMIC_RELAXED);
    MiReleaseLock(&MiSectionLock);
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

/* INTERNAL FUNCTIONS (internal/ldr.h) ***************************************************/

VOID MmpRegisterImageSections(PMMP_IMAGE Image)
{
    const HOST_IMAGE *Host = &Image->Host;
    PVOID Base = HostModuleBase(Host->Base);
    MI_SECTION *Entry;

    if (Base == NULL)
        Base = Host->Base;
    MiAcquireLock(&MiSectionLock);
    /* The image, then its pageable sections; a full table leaves them resident. */
    Entry = MiFreeSlot();
    if (Entry != NULL) {
        RtlZeroMemory(Entry, sizeof(*Entry));
        Entry->ImageBase = Base;
        Entry->IsImage = TRUE;
        Entry->Registered = TRUE;
        Entry->Start = (ULONG_PTR)Host->CodeStart;
        Entry->End = (ULONG_PTR)Host->CodeStart + Host->CodeSize;
    }
    for (ULONG i = 0; i < Host->SectionCount && Entry != NULL; i++) {
        const HOST_IMAGE_SECTION *Section = &Host->Sections[i];
        /* INIT is not pageable: it is discarded after DriverEntry (MmpDiscardInitSections). */
        if (strcmp(Section->Name, "INIT") == 0) {
            for (ULONG j = 0; j < MI_MAX_INIT_RANGES; j++) {
                if (MiInitRanges[j].ImageBase == NULL && Section->Size != 0) {
                    MiInitRanges[j].ImageBase = Base;
                    MiInitRanges[j].Start = (ULONG_PTR)Section->Start;
                    MiInitRanges[j].End = (ULONG_PTR)Section->Start + Section->Size;
                    MiInitRanges[j].Discarded = FALSE;
                    break;
                }
            }
            continue;
        }
        if (strncmp(Section->Name, "PAGE", 4) != 0)
            continue;
        Entry = MiFreeSlot();
        if (Entry == NULL)
            break;
        RtlZeroMemory(Entry, sizeof(*Entry));
        Entry->ImageBase = Base;
        Entry->Registered = TRUE;
        Entry->Start = (ULONG_PTR)Section->Start;
        Entry->End = (ULONG_PTR)Section->Start + Section->Size;
        memcpy(Entry->Name, Section->Name, sizeof(Entry->Name));
        __atomic_store_n(&MiTrimPending, 1, __ATOMIC_RELAXED);
    }
    MiReleaseLock(&MiSectionLock);
}

VOID MmpForgetImageSections(PMMP_IMAGE Image)
{
    PVOID Base = HostModuleBase(Image->Host.Base);

    if (Base == NULL)
        Base = Image->Host.Base;
    MiAcquireLock(&MiSectionLock);
    for (ULONG i = 0; i < MI_MAX_SECTIONS; i++) {
        MI_SECTION *Section = &MiSections[i];
        if (Section->ImageBase != Base)
            continue;
        /* Resident again before the image goes: the dynamic loader may keep the mapping. */
        if (Section->Trimmed)
            MiMakeResident(Section);
        Section->ImageBase = NULL;
    }
    for (ULONG i = 0; i < MI_MAX_INIT_RANGES; i++) {
        MI_INIT_RANGE *Range = &MiInitRanges[i];
        if (Range->ImageBase != Base)
            continue;
        if (Range->Discarded)
            HostProtectImageCode((PVOID)Range->Start, Range->End - Range->Start, TRUE);
        Range->ImageBase = NULL;
    }
    MiReleaseLock(&MiSectionLock);
}

VOID MmpDiscardInitSections(PVOID AddressInImage)
{
    PVOID Base = HostModuleBase(AddressInImage);

    if (Base == NULL)
        return;
    MiAcquireLock(&MiSectionLock);
    for (ULONG i = 0; i < MI_MAX_INIT_RANGES; i++) {
        MI_INIT_RANGE *Range = &MiInitRanges[i];
        if (Range->ImageBase != Base || Range->Discarded)
            continue;
        Range->Discarded = TRUE;
        __atomic_store_n(&MiEverDiscarded, 1, __ATOMIC_RELAXED);
        HostProtectImageCode((PVOID)Range->Start, Range->End - Range->Start, FALSE);
    }
    MiReleaseLock(&MiSectionLock);
}

/* A fault in a discarded INIT section: 0x50, as touching freed system memory is on Windows
   (no __try catches it). */
static VOID MiCheckDiscardedInit(ULONG_PTR Address, ULONG_PTR Access, PVOID FaultPc)
{
    const MI_INIT_RANGE *Found = NULL;
    HOST_SYMBOL Symbol;
    char Where[384];

    if (!__atomic_load_n(&MiEverDiscarded, __ATOMIC_RELAXED))
        return;
    MiAcquireLock(&MiSectionLock);
    for (ULONG i = 0; i < MI_MAX_INIT_RANGES && Found == NULL; i++) {
        const MI_INIT_RANGE *Range = &MiInitRanges[i];
        if (Range->ImageBase != NULL && Range->Discarded && Address >= Range->Start &&
            Address < Range->End)
            Found = Range;
    }
    MiReleaseLock(&MiSectionLock);
    if (Found == NULL)
        return;
    if (HostSymbolize((PVOID)Address, &Symbol) && Symbol.Function != NULL)
        snprintf(Where, sizeof(Where), "%s!%s+0x%lx", Symbol.ModuleName ? Symbol.ModuleName : "?",
                 Symbol.Function, (unsigned long)Symbol.Offset);
    else
        snprintf(Where, sizeof(Where), "%p", (void *)Address);
    snprintf(MiPagingText, sizeof(MiPagingText), "%s %s after DriverEntry returned: it lies in "
             "the driver's INIT section (#pragma alloc_text(INIT, ...)), which is discarded "
             "once the driver is initialized. Only code that runs during DriverEntry may be "
             "INIT; move the function to PAGE or leave it in the nonpaged image.",
             Access == 8 ? "The driver ran" : Access == 1 ? "A write touched" : "A read touched",
             Where);
    /* Windows x64: Arg2 0 read, 2 write, 0x10 execute; Arg4 0: the page is free. */
    KiBugCheckAtFault(PAGE_FAULT_IN_NONPAGED_AREA, Address,
                      Access == 1 ? 2 : Access == 8 ? 0x10 : 0, (ULONG_PTR)FaultPc, 0, FaultPc,
                      MiPagingText);
}

VOID MmpTrimPageableSections(VOID)
{
    if (!__atomic_load_n(&MiTrimPending, __ATOMIC_RELAXED))
        return;
    MiAcquireLock(&MiSectionLock);
    __atomic_store_n(&MiTrimPending, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&MiEverTrimmed, 1, __ATOMIC_RELAXED);
    for (ULONG i = 0; i < MI_MAX_SECTIONS; i++) {
        MI_SECTION *Section = &MiSections[i];
        if (!MiIsPageableNow(Section) || Section->Trimmed)
            continue;
        Section->Trimmed = TRUE;
        HostProtectImageCode((PVOID)Section->Start, Section->End - Section->Start, FALSE);
    }
    /* An image paged entire holds its sections: a locked one stays resident. */
    for (ULONG i = 0; i < MI_MAX_SECTIONS; i++) {
        MI_SECTION *Section = &MiSections[i];
        MI_SECTION *Image;
        if (Section->ImageBase == NULL || Section->IsImage || Section->LockCount == 0)
            continue;
        Image = MiFindSection(Section->Start, TRUE);
        if (Image != NULL && Image->Trimmed)
            HostProtectImageCode((PVOID)Section->Start, Section->End - Section->Start, TRUE);
    }
    MiReleaseLock(&MiSectionLock);
}

BOOLEAN MmpPageableCodeFault(ULONG_PTR Address, ULONG_PTR Access, PVOID FaultPc)
{
    MI_SECTION *Section, *Image, *Trimmed;
    BOOLEAN DriverCode;
    HOST_SYMBOL Symbol;
    char Where[384];
    KIRQL Irql;

    MiCheckDiscardedInit(Address, Access, FaultPc);
    if (!__atomic_load_n(&MiEverTrimmed, __ATOMIC_RELAXED))
        return FALSE;
    MiAcquireLock(&MiSectionLock);
    Section = MiFindSection(Address, FALSE);
    Image = MiFindSection(Address, TRUE);
    if (Section == NULL && (Image == NULL || !Image->Registered)) {
        MiReleaseLock(&MiSectionLock);
        return FALSE;
    }
    Trimmed = Image != NULL && Image->Trimmed ? Image
            : Section != NULL && Section->Trimmed ? Section : NULL;
    if (Trimmed == NULL && Access == 1) {
        MiReleaseLock(&MiSectionLock);
        return FALSE;           /* a write to resident code: an ordinary access violation */
    }
    Irql = KeGetCurrentIrql();
    if (Trimmed == NULL || Irql < DISPATCH_LEVEL) {
        /* Paged back in, as Windows does below DISPATCH_LEVEL; run the access again. (Not
           trimmed: another thread paged it in after this one faulted.) */
        MiMakeResident(Trimmed != NULL ? Trimmed : Section != NULL ? Section : Image);
        MiReleaseLock(&MiSectionLock);
        return TRUE;
    }
    /* The faulting code is a driver's when it lies in a loaded driver image. */
    DriverCode = FALSE;
    for (ULONG i = 0; i < MI_MAX_SECTIONS; i++) {
        const MI_SECTION *Other = &MiSections[i];
        if (Other->ImageBase != NULL && Other->IsImage && Other->Registered &&
            (ULONG_PTR)FaultPc >= Other->Start && (ULONG_PTR)FaultPc < Other->End)
            DriverCode = TRUE;
    }
    MiReleaseLock(&MiSectionLock);
    if (HostSymbolize((PVOID)Address, &Symbol) && Symbol.Function != NULL)
        snprintf(Where, sizeof(Where), "%s!%s+0x%lx", Symbol.ModuleName ? Symbol.ModuleName : "?",
                 Symbol.Function, (unsigned long)Symbol.Offset);
    else
        snprintf(Where, sizeof(Where), "%p", (void *)Address);
    if (Trimmed == Section && Section != NULL)
        snprintf(MiPagingText, sizeof(MiPagingText), "%s %s at IRQL %u: it lies in the pageable "
                 "section %s (#pragma alloc_text), which force IRQL checking paged out. Pageable "
                 "code may run only below DISPATCH_LEVEL and never with a spin lock held (lock "
                 "the section with MmLockPagableCodeSection, or move the code out of %s).",
                 Access == 8 ? "The driver ran" : Access == 1 ? "A write touched" : "A read touched",
                 Where, (unsigned)Irql, Section->Name, Section->Name);
    else
        snprintf(MiPagingText, sizeof(MiPagingText), "%s %s at IRQL %u: the driver made all "
                 "of its code pageable (MmPageEntireDriver), and force IRQL checking paged it "
                 "out. A driver that pages itself entirely must not run any code at "
                 "DISPATCH_LEVEL or above.",
                 Access == 8 ? "The driver ran" : Access == 1 ? "A write touched" : "A read touched",
                 Where, (unsigned)Irql);
    KiBugCheckAtFault(DriverCode ? DRIVER_IRQL_NOT_LESS_OR_EQUAL : IRQL_NOT_LESS_OR_EQUAL, Address,
                      Irql, Access == 1 ? 1 : Access == 8 ? 8 : 0, (ULONG_PTR)FaultPc, FaultPc,
                      MiPagingText);
}
