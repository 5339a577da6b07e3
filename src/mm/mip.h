/*
 * PURPOSE: Private declarations of the memory manager (src/mm): IRQL checks, a small
 * lock for Mm's tables, the kernel-region table, user mappings.
 */
#ifndef _KMODE_MM_MIP_H_
#define _KMODE_MM_MIP_H_

#include <internal/ke.h>
#include <internal/ex.h>
#include <internal/mm.h>
#include <internal/vfpool.h>

/* Pool tag of MDLs ("Mdl " in !poolused). */
#define MI_MDL_TAG ' ldM'

/* Largest buffer one MDL describes: 4 GB - PAGE_SIZE (Windows 7 and later). */
#define MI_MAX_MDL_LENGTH 0xFFFFF000UL

/* A lock for Mm's own tables: held for a few instructions, never across a call out. */
typedef struct _MI_LOCK {
    volatile LONG Held;
} MI_LOCK;

FORCEINLINE VOID MiAcquireLock(MI_LOCK *Lock)
{
    while (__atomic_exchange_n(&Lock->Held, 1, __ATOMIC_ACQUIRE) != 0) {
        while (__atomic_load_n(&Lock->Held, __ATOMIC_RELAXED) != 0)
            HostYieldProcessor();
    }
}

FORCEINLINE VOID MiReleaseLock(MI_LOCK *Lock)
{
    __atomic_store_n(&Lock->Held, 0, __ATOMIC_RELEASE);
}

/*
 * The IRQL contract of an Mm routine: above Max, bugcheck 0xA IRQL_NOT_LESS_OR_EQUAL
 * (Address, IRQL, 1 for a write access else 0, Caller), as a page fault at that IRQL does
 * on Windows. kmode checks every time, not only when the page happens to be paged out.
 */
VOID MiCheckIrql(KIRQL Max, const volatile VOID *Address, BOOLEAN Write, PVOID Caller,
                 const char *Routine);

/* Fills an MDL's PFN array for the range it describes (the fake scheme of MiPfnOf). */
VOID MiFillMdlPfns(PMDL Mdl);

/* ---- Kernel regions (src/mm/region.c): contiguous and noncached memory, driver images --- */

#define MI_REGION_CONTIGUOUS 1
#define MI_REGION_NONCACHED  2
#define MI_REGION_IMAGE      3     /* a loaded driver image (sysload.c): system space */

/* Records [Base, Base + Size) as kernel memory of Kind. FALSE when out of memory. */
BOOLEAN MiInsertRegion(PVOID Base, SIZE_T Size, SIZE_T Requested, ULONG Kind,
                       MEMORY_CACHING_TYPE CacheType);

/* Removes the region starting exactly at Base of Kind; returns its size (0: no such region)
   and, if wanted, the requested size and cache type it was recorded with. */
SIZE_T MiRemoveRegion(PVOID Base, ULONG Kind, SIZE_T *Requested, MEMORY_CACHING_TYPE *CacheType);

/* Looks up the region starting exactly at Base of Kind without removing it. */
BOOLEAN MiFindRegion(PVOID Base, ULONG Kind, SIZE_T *Size, SIZE_T *Requested,
                     MEMORY_CACHING_TYPE *CacheType);

/* TRUE when [Start, End) overlaps a recorded region. */
BOOLEAN MiOverlapsRegion(ULONG_PTR Start, ULONG_PTR End);

/* ---- User-mode mappings (src/mm/map.c) ------------------------------------------------ */

/* Forgets the user mappings of an MDL that is being freed. */
VOID MiForgetUserMappings(PMDL Mdl);

#endif /* _KMODE_MM_MIP_H_ */
