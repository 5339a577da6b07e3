/*
 * PURPOSE: The verifier's memory checks (src/verifier/vfpool.c, vflowres.c, vfunload.c):
 * special pool, the verifier's forms of pool misuse, low resources simulation, and the
 * hooks the pool, the fault handler and the allocating DDIs call. See docs/verifier.md.
 *
 * Every hook is guarded by one load when the verifier is off:
 *
 *     if (VfAnyDriver(~0U)) { PVOID p; if (VfPoolAllocate(..., &p)) return p; }
 *     if (VfIsSpecialPoolAddress(P)) { VfSpecialPoolFree(P, Tag, Caller); return; }
 *     if (VF_LOW_RESOURCES_FAIL(__builtin_return_address(0))) return NULL;
 */
#ifndef _KMODE_INTERNAL_VFPOOL_H_
#define _KMODE_INTERNAL_VFPOOL_H_

#include <internal/ex.h>
#include <internal/verifier.h>

/* ---- Special pool ----------------------------------------------------------------------- */

/* The special pool's reservation (published once, never moved). */
#define VF_SPECIAL_POOL_PAGES 65536U                /* 256 MB of address space */
extern PUCHAR volatile VfSpecialPoolBase;

/* TRUE when P lies in the special pool's reservation. Any IRQL, one load when unused. */
FORCEINLINE BOOLEAN VfIsSpecialPoolAddress(const void *P)
{
    PUCHAR Base = __atomic_load_n(&VfSpecialPoolBase, __ATOMIC_RELAXED);
    return Base != NULL && (ULONG_PTR)((const UCHAR *)P - Base) < (ULONG_PTR)VF_SPECIAL_POOL_PAGES * PAGE_SIZE;
}

/* TRUE when [Start, End) overlaps the special pool's reservation (kernel memory). */
FORCEINLINE BOOLEAN VfOverlapsSpecialPool(ULONG_PTR Start, ULONG_PTR End)
{
    ULONG_PTR Base = (ULONG_PTR)__atomic_load_n(&VfSpecialPoolBase, __ATOMIC_RELAXED);
    return Base != 0 && Start < Base + (ULONG_PTR)VF_SPECIAL_POOL_PAGES * PAGE_SIZE && End > Base;
}

/*
 * The pool's allocation hook (src/ex/pool.c, after the request was decoded and its IRQL
 * checked). For a caller in a verified driver: the verifier's own checks (zero bytes:
 * 0xC4/0x00), low resources simulation, special pool. TRUE when the verifier answered the
 * request (*Block is the block, or NULL for an injected failure); FALSE: allocate normally.
 */
BOOLEAN VfPoolAllocate(_In_ SIZE_T Size, _In_ ULONG Tag, _In_ ULONG PoolType, _In_ BOOLEAN Zero,
                       _In_ PVOID Caller, _Out_ PVOID *Block);

/* Frees a special pool block (VfIsSpecialPoolAddress(P)), with its checks: 0xC1 for a bad
   address, a block not allocated, corrupted bytes around the block; 0xC2/0x0A for a wrong
   tag (Tag 0: no check); the IRQL (0xC4/0x11, 0x12 for a verified caller, else 0xC1/0x31). */
VOID VfSpecialPoolFree(_In_ PVOID P, _In_ ULONG Tag, _In_ PVOID Caller);

/* ---- Special pool in the pool's books (!poolused, the leak listing) ---------------------- */

/* Special pool's per-tag counters (what the debugger's !poolused adds to the pool's tag
   tables): allocations, frees and outstanding bytes of special pool blocks by tag. */
#define VF_SPECIAL_POOL_TAGS 1024U
extern EXP_POOL_TAG_USAGE VfSpecialPoolTags[VF_SPECIAL_POOL_TAGS];

/* ExpPoolUsageByTag's snapshot hook: adds special pool's counters to Usage (*Count entries,
   malloc'd), growing it for tags the pool has not seen; returns the array (Usage itself
   when special pool was never used or memory is short). */
EXP_POOL_TAG_USAGE *VfSpecialPoolTagUsage(_Inout_ EXP_POOL_TAG_USAGE *Usage, _Inout_ ULONG *Count);

/* ExpEnumerateOutstanding's hook: calls Callback for each live special pool block whose
   allocating call site lies in [CallerLow, CallerHigh) (FALSE stops); a snapshot, so the
   callback may free blocks. */
VOID VfSpecialPoolEnumerate(_In_ ULONG_PTR CallerLow, _In_ ULONG_PTR CallerHigh,
                            _In_ PEXP_POOL_BLOCK_CALLBACK Callback, _In_opt_ PVOID Context);

/* The size of a special pool block as ExQueryPoolBlockSize reports it. */
SIZE_T VfSpecialPoolBlockSize(_In_ PVOID P);

/* The fault handler's hook (src/ke/except.c): an access violation at Address (Access: 0
   read, 1 write, 8 execute) by the instruction at FaultPc. Inside the special pool it is a
   bugcheck no __try can catch: 0xD5/0xD6 when a driver's code faulted, 0xCC/0xCD
   otherwise; on a paged pool block that force IRQL checking paged out, 0xD1/0xA at
   DISPATCH_LEVEL or above, else the block is paged back in and TRUE returned (resume).
   FALSE when Address is not special pool's to handle. */
BOOLEAN VfSpecialPoolFault(_In_ ULONG_PTR Address, _In_ ULONG_PTR Access, _In_ PVOID FaultPc);

/*
 * Force IRQL checking (flag 0x2): a verified driver raised to DISPATCH_LEVEL (Caller is its
 * return address): page out every paged special pool block, as Windows trims pageable
 * memory then, so that touching one at DISPATCH_LEVEL faults (0xD1/0xA) every time.
 */
VOID VfForceIrqlTrim(_In_opt_ PVOID Caller);

/* For the IRQL raising routines: one load when no driver has force IRQL checking. */
#define VF_FORCE_IRQL_TRIM(Caller) \
    do { if (VfAnyDriver(VF_FLAG_FORCE_IRQL_CHECKING)) VfForceIrqlTrim(Caller); } while (0)

/* ---- Verifier forms of pool misuse ------------------------------------------------------ */

/* The pool is about to bugcheck BAD_POOL_CALLER (Sub, P2..P4) for a request from Caller.
   When Caller is a verified driver, bugchecks instead with the verifier's form (0xC4/0x01,
   0x02 for allocations at a bad IRQL, 0x11, 0x12 for frees, 0x10 for a bad address, 0x13
   for a double free); otherwise returns. */
VOID VfBadPoolCaller(_In_ ULONG_PTR Sub, _In_ ULONG_PTR P2, _In_ ULONG_PTR P3, _In_ ULONG_PTR P4,
                     _In_opt_ PVOID Caller);

/* ---- IRQL rules (src/verifier/vfirql.c) ----------------------------------------------- */

/* The kernel is about to bugcheck for an IRQL rule broken by Caller (a return address).
   When Caller is a verified driver, bugchecks instead with 0xC4/Subcode (P2..P4 as the
   verifier gives them: 0x30-0x34, 0x40-0x42); otherwise returns. */
VOID VfIrqlViolation(_In_ ULONG Subcode, _In_ ULONG_PTR P2, _In_ ULONG_PTR P3, _In_ ULONG_PTR P4,
                     _In_opt_ PVOID Caller);

/* ---- Low resources simulation (src/verifier/vflowres.c) -------------------------------- */

#define VF_FLAGS_ANY_LOW_RESOURCES (VF_FLAG_LOW_RESOURCES | VF_FLAG_SYSTEMATIC_LOW_RESOURCES)

/* The environment variables that steer it (docs/environment.md). */
#define VF_ENV_FAULT_SEED        "KMODE_FAULT_SEED"
#define VF_ENV_FAULT_INDEX       "KMODE_FAULT_INDEX"
#define VF_ENV_FAULT_PROBABILITY "KMODE_FAULT_PROBABILITY"

/*
 * One allocating call by Caller (a return address): TRUE when the verifier makes it fail.
 * Only calls from a driver verified with low resources simulation count; Tag is the pool
 * tag (0 for DDIs that take none). Any IRQL.
 */
BOOLEAN VfLowResourcesShouldFail(_In_opt_ PVOID Caller, _In_ ULONG Tag);

/* For the allocating DDIs: TRUE when this call from Caller must fail. One load when off. */
#define VF_LOW_RESOURCES_FAIL(Caller) \
    (VfAnyDriver(VF_FLAGS_ANY_LOW_RESOURCES) && VfLowResourcesShouldFail((Caller), 0))

/* Counters of the current process (tests, the exit line): allocating calls counted, and
   failures injected. */
VOID VfLowResourcesQuery(_Out_ PULONG64 Calls, _Out_ PULONG64 Injected);

/* Forgets the counters and the seed (tests): the next call starts a new sequence. */
VOID VfLowResourcesReset(VOID);

/* ---- Unload with pending operations (src/verifier/vfunload.c) ------------------------- */

/*
 * Code that runs a routine of a driver on a thread of its own (a system thread's start
 * routine, a system worker running a work item) brackets the call, so that the driver's
 * unload can tell it is still running. Begin returns a slot (-1: not tracked: the routine
 * is in no verified driver). Any IRQL; one load when the verifier is off.
 */
#define VF_ACTIVITY_THREAD    1
#define VF_ACTIVITY_WORK_ITEM 2

LONG VfActivityBegin(_In_ ULONG Kind, _In_ PVOID Routine, _In_opt_ PVOID Object);
VOID VfActivityEnd(_In_ LONG Slot);

FORCEINLINE LONG VfActivityEnter(ULONG Kind, PVOID Routine, PVOID Object)
{
    return VfAnyDriver(~0U) ? VfActivityBegin(Kind, Routine, Object) : -1;
}

FORCEINLINE VOID VfActivityLeave(LONG Slot)
{
    if (Slot >= 0)
        VfActivityEnd(Slot);
}

#endif
