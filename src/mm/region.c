/*
 * PURPOSE: Kernel memory the memory manager maps itself (contiguous and noncached
 * allocations): the table that records it, so frees can be checked and user-range tests
 * can tell it from user memory.
 */

/* INCLUDES ******************************************************************************/

#include "mip.h"

/* GLOBALS *******************************************************************************/

typedef struct _MI_REGION {
    struct _MI_REGION *Next;
    ULONG_PTR Base;
    SIZE_T Size;                    /* mapped bytes (page multiple) */
    SIZE_T Requested;               /* bytes the caller asked for */
    ULONG Kind;                     /* MI_REGION_* */
    MEMORY_CACHING_TYPE CacheType;
} MI_REGION;

#define MI_REGION_TAG 'gRmM'

static MI_LOCK MiRegionLock;
static MI_REGION *MiRegions;

/* PRIVATE FUNCTIONS *********************************************************************/

BOOLEAN MiInsertRegion(PVOID Base, SIZE_T Size, SIZE_T Requested, ULONG Kind,
                       MEMORY_CACHING_TYPE CacheType)
{
    MI_REGION *Region = (MI_REGION *)ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*Region),
                                                          MI_REGION_TAG);
    if (Region == NULL)
        return FALSE;
    Region->Base = (ULONG_PTR)Base;
    Region->Size = Size;
    Region->Requested = Requested;
    Region->Kind = Kind;
    Region->CacheType = CacheType;
    MiNoteKernelRange(Region->Base, Region->Base + Size);
    MiAcquireLock(&MiRegionLock);
    Region->Next = MiRegions;
    __atomic_store_n(&MiRegions, Region, __ATOMIC_RELEASE);
    MiReleaseLock(&MiRegionLock);
    return TRUE;
}

SIZE_T MiRemoveRegion(PVOID Base, ULONG Kind, SIZE_T *Requested, MEMORY_CACHING_TYPE *CacheType)
{
    MI_REGION **Link, *Found = NULL;
    SIZE_T Size = 0;

    MiAcquireLock(&MiRegionLock);
    for (Link = &MiRegions; *Link != NULL; Link = &(*Link)->Next) {
        if ((*Link)->Base == (ULONG_PTR)Base && (*Link)->Kind == Kind) {
            Found = *Link;
            __atomic_store_n(Link, Found->Next, __ATOMIC_RELEASE);
            break;
        }
    }
    MiReleaseLock(&MiRegionLock);
    if (Found != NULL) {
        Size = Found->Size;
        if (Requested != NULL)
            *Requested = Found->Requested;
        if (CacheType != NULL)
            *CacheType = Found->CacheType;
        ExFreePoolWithTag(Found, MI_REGION_TAG);
    }
    return Size;
}

BOOLEAN MiFindRegion(PVOID Base, ULONG Kind, SIZE_T *Size, SIZE_T *Requested,
                     MEMORY_CACHING_TYPE *CacheType)
{
    MI_REGION *Region;
    BOOLEAN Found = FALSE;

    MiAcquireLock(&MiRegionLock);
    for (Region = MiRegions; Region != NULL; Region = Region->Next) {
        if (Region->Base == (ULONG_PTR)Base && Region->Kind == Kind) {
            *Size = Region->Size;
            *Requested = Region->Requested;
            *CacheType = Region->CacheType;
            Found = TRUE;
            break;
        }
    }
    MiReleaseLock(&MiRegionLock);
    return Found;
}

BOOLEAN MiOverlapsRegion(ULONG_PTR Start, ULONG_PTR End)
{
    MI_REGION *Region;
    BOOLEAN Overlaps = FALSE;

    /* The common case (no such allocation at all) takes no lock. */
    if (__atomic_load_n(&MiRegions, __ATOMIC_ACQUIRE) == NULL)
        return FALSE;
    MiAcquireLock(&MiRegionLock);
    for (Region = MiRegions; Region != NULL; Region = Region->Next) {
        if (Start < Region->Base + Region->Size && Region->Base < End) {
            Overlaps = TRUE;
            break;
        }
    }
    MiReleaseLock(&MiRegionLock);
    return Overlaps;
}
