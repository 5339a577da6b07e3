/*
 * PURPOSE: Executive internals shared across the runtime: pool tracking (the data WinDbg's
 * !poolused and the verifier's leak listing show), pool address range, test hooks.
 */
#ifndef _KMODE_INTERNAL_EX_H_
#define _KMODE_INTERNAL_EX_H_

#include <internal/hidden.h>
#include <wdm.h>

/* ---- Pool address range ---------------------------------------------------------------- */

/* TRUE when P lies in the address range pool memory comes from (a "kernel" address, as
   opposed to the rest of the process). Any IRQL, no locks. */
BOOLEAN ExpIsPoolAddress(const void *P);
/* TRUE when [Start, End) overlaps that range. */
BOOLEAN ExpOverlapsPool(ULONG_PTR Start, ULONG_PTR End);

/* ---- Probes ------------------------------------------------------------------------------ */

/* ProbeForRead's checks as a status instead of an exception: STATUS_SUCCESS (Length 0
   always), STATUS_INVALID_PARAMETER (alignment not 1, 2, 4, 8 or 16),
   STATUS_DATATYPE_MISALIGNMENT, or STATUS_ACCESS_VIOLATION (wraps, or not a user range). */
NTSTATUS ExpCheckProbeRange(_In_ const volatile VOID *Address, _In_ SIZE_T Length,
                            _In_ ULONG Alignment);

/* ---- Usage by tag (!poolused) ---------------------------------------------------------- */

/* Pool kinds counted separately for each tag, as !poolused shows them. */
#define EXP_POOL_KIND_NONPAGED 0
#define EXP_POOL_KIND_PAGED    1
#define EXP_POOL_KINDS         2

typedef struct _EXP_POOL_TAG_USAGE {
    ULONG Tag;
    ULONG64 Allocs[EXP_POOL_KINDS];   /* allocations ever made with this tag */
    ULONG64 Frees[EXP_POOL_KINDS];    /* of which freed */
    ULONG64 Bytes[EXP_POOL_KINDS];    /* bytes requested by the outstanding ones */
} EXP_POOL_TAG_USAGE, *PEXP_POOL_TAG_USAGE;

/* Return FALSE to stop the enumeration. */
typedef BOOLEAN (*PEXP_POOL_TAG_CALLBACK)(const EXP_POOL_TAG_USAGE *Usage, PVOID Context);

/* Calls Callback once per tag ever used (order unspecified). The figures are a snapshot
   taken before the first call; the callback may allocate and free pool. */
VOID ExpPoolUsageByTag(PEXP_POOL_TAG_CALLBACK Callback, PVOID Context);

/* Usage of one tag (all zero when never used). */
VOID ExpQueryPoolTagUsage(ULONG Tag, PEXP_POOL_TAG_USAGE Usage);

/* ---- Outstanding allocations (leak listing) -------------------------------------------- */

typedef struct _EXP_POOL_BLOCK_INFO {
    PVOID Address;       /* what the allocator returned */
    SIZE_T Size;         /* bytes requested */
    ULONG Tag;
    POOL_TYPE PoolType;  /* as requested (ExAllocatePool2 flags are mapped to a POOL_TYPE) */
    PVOID Caller;        /* return address of the allocating call; symbolize it with
                            HostSymbolizeEx(Caller, HOST_SYMBOLIZE_RETURN_ADDRESS, ...) */
} EXP_POOL_BLOCK_INFO, *PEXP_POOL_BLOCK_INFO;

typedef BOOLEAN (*PEXP_POOL_BLOCK_CALLBACK)(const EXP_POOL_BLOCK_INFO *Block, PVOID Context);

/* Calls Callback for every live allocation whose Caller lies in [CallerLow, CallerHigh)
   (a driver image's range; 0 and ~0 for all). The list is a snapshot: blocks allocated or
   freed concurrently may or may not appear. The callback may free the block. */
VOID ExpEnumerateOutstanding(ULONG_PTR CallerLow, ULONG_PTR CallerHigh,
                             PEXP_POOL_BLOCK_CALLBACK Callback, PVOID Context);

/* ---- Test hooks ------------------------------------------------------------------------ */

/* Makes the next Count pool allocations (any thread) fail as if memory had run out. The
   runtime's own lookaside caches (the I/O manager's IRP lists) honour it too. */
VOID ExpPoolFailNextAllocations(ULONG Count);

/* TRUE (and one fewer failure to come) when ExpPoolFailNextAllocations asked for a failure:
   for allocators that take memory from a cache instead of the pool. Inline: one load when
   no failure is pending. */
extern KMODE_HIDDEN LONG ExpFailCount;
BOOLEAN ExpPoolShouldFailAllocationSlow(VOID);
FORCEINLINE BOOLEAN ExpPoolShouldFailAllocation(VOID)
{
    return __atomic_load_n(&ExpFailCount, __ATOMIC_RELAXED) > 0 &&
           ExpPoolShouldFailAllocationSlow();
}

/* Returns the calling thread's cached free blocks to the shared lists (as thread exit does). */
VOID ExpPoolFlushThreadCache(VOID);

/* The free page run that contains Address (*Start: its first page, *Bytes: its size, the
   header page included); FALSE when Address is in no free run. */
BOOLEAN ExpPoolFindFreeRun(_In_ const void *Address, _Out_ PVOID *Start, _Out_ SIZE_T *Bytes);

#endif
