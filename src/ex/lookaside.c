/*
 * PURPOSE: Lookaside lists: classic nonpaged and paged lists and LOOKASIDE_LIST_EX.
 *
 * A list keeps freed entries in its SLIST (ListHead) while it holds fewer than Depth of
 * them and hands the others to its Free routine; an allocation pops an entry or, when the
 * list is empty, calls the Allocate routine (a "miss"). The counters (TotalAllocates,
 * AllocateMisses, TotalFrees, FreeMisses) are kept as Windows keeps them. Depth starts at
 * Windows' minimum (4) under a MaximumDepth of 256; kmode has no balance-set manager to
 * retune it. Every list is linked (ListEntry) into a global list of its kind.
 */

/* INCLUDES ******************************************************************************/

#include "exsyncp.h"
#include <internal/invoke.h>

/* GLOBALS *******************************************************************************/

#define EXP_LOOKASIDE_MINIMUM_DEPTH 4
#define EXP_LOOKASIDE_MAXIMUM_DEPTH 256

static LIST_ENTRY ExpNPagedLookasideListHead = { &ExpNPagedLookasideListHead,
                                                 &ExpNPagedLookasideListHead };
static LIST_ENTRY ExpPagedLookasideListHead = { &ExpPagedLookasideListHead,
                                                &ExpPagedLookasideListHead };
static LIST_ENTRY ExpLookasideListExHead = { &ExpLookasideListExHead, &ExpLookasideListExHead };
static KSPIN_LOCK ExpLookasideLock;

/* PRIVATE FUNCTIONS *********************************************************************/

static PVOID NTAPI ExpDefaultAllocate(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
    return ExAllocatePoolWithTag(PoolType, NumberOfBytes, Tag);
}

static VOID NTAPI ExpDefaultFree(PVOID Buffer)
{
    ExFreePool(Buffer);
}

static PVOID NTAPI ExpDefaultAllocateEx(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag,
                                        PLOOKASIDE_LIST_EX Lookaside)
{
    UNREFERENCED_PARAMETER(Lookaside);
    return ExAllocatePoolWithTag(PoolType, NumberOfBytes, Tag);
}

static VOID NTAPI ExpDefaultFreeEx(PVOID Buffer, PLOOKASIDE_LIST_EX Lookaside)
{
    UNREFERENCED_PARAMETER(Lookaside);
    ExFreePool(Buffer);
}

static VOID ExpLinkLookaside(PLIST_ENTRY Head, PLIST_ENTRY Entry)
{
    KIRQL OldIrql;

    KeAcquireSpinLock(&ExpLookasideLock, &OldIrql);
    InsertTailList(Head, Entry);
    KeReleaseSpinLock(&ExpLookasideLock, OldIrql);
}

static VOID ExpUnlinkLookaside(PLIST_ENTRY Entry)
{
    KIRQL OldIrql;

    KeAcquireSpinLock(&ExpLookasideLock, &OldIrql);
    RemoveEntryList(Entry);
    KeReleaseSpinLock(&ExpLookasideLock, OldIrql);
}

/* The body every initializer shares. GENERAL_LOOKASIDE and GENERAL_LOOKASIDE_POOL have one
   layout; the helpers take the _POOL form, which has no cache-line alignment to assume. */
static VOID ExpInitializeGeneral(PGENERAL_LOOKASIDE_POOL L, POOL_TYPE Type, SIZE_T Size,
                                 ULONG Tag)
{
    InitializeSListHead(&L->ListHead);
    L->Depth = EXP_LOOKASIDE_MINIMUM_DEPTH;
    L->MaximumDepth = EXP_LOOKASIDE_MAXIMUM_DEPTH;
    L->TotalAllocates = 0;
    L->AllocateMisses = 0;
    L->TotalFrees = 0;
    L->FreeMisses = 0;
    L->Type = Type;
    L->Tag = Tag;
    L->Size = (ULONG)(Size < LOOKASIDE_MINIMUM_BLOCK_SIZE ? LOOKASIDE_MINIMUM_BLOCK_SIZE : Size);
    L->LastTotalAllocates = 0;
    L->LastAllocateMisses = 0;
    L->Future[0] = L->Future[1] = 0;
}

FORCEINLINE VOID ExpCount(volatile ULONG *Counter)
{
    __atomic_add_fetch(Counter, 1, __ATOMIC_RELAXED);
}

/* Pops a cached entry, or NULL (a miss, counted). */
FORCEINLINE PVOID ExpPopLookaside(PGENERAL_LOOKASIDE_POOL L)
{
    PVOID Entry;

    ExpCount(&L->TotalAllocates);
    Entry = InterlockedPopEntrySList(&L->ListHead);
    if (!Entry)
        ExpCount(&L->AllocateMisses);
    return Entry;
}

/* Keeps Entry if the list is below its depth (TRUE); FALSE (a miss, counted) otherwise. */
FORCEINLINE BOOLEAN ExpPushLookaside(PGENERAL_LOOKASIDE_POOL L, PVOID Entry)
{
    ExpCount(&L->TotalFrees);
    if (ExQueryDepthSList(&L->ListHead) >= L->Depth) {
        ExpCount(&L->FreeMisses);
        return FALSE;
    }
    InterlockedPushEntrySList(&L->ListHead, (PSLIST_ENTRY)Entry);
    return TRUE;
}

static VOID ExpFlushClassic(PGENERAL_LOOKASIDE L)
{
    PSLIST_ENTRY Entry;

    while ((Entry = InterlockedPopEntrySList(&L->ListHead)) != NULL)
        KiInvokeLookasideFree(L->Free, Entry);
}

/* PUBLIC FUNCTIONS **********************************************************************/

/* @implemented: <= DISPATCH_LEVEL. Flags and Depth are reserved. */
VOID NTAPI ExInitializeNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside,
                                           PALLOCATE_FUNCTION Allocate, PFREE_FUNCTION Free,
                                           ULONG Flags, SIZE_T Size, ULONG Tag, USHORT Depth)
{
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(Depth);
    ExpInitializeGeneral((PGENERAL_LOOKASIDE_POOL)&Lookaside->L, NonPagedPool, Size, Tag);
    Lookaside->L.Allocate = Allocate ? Allocate : ExpDefaultAllocate;
    Lookaside->L.Free = Free ? Free : ExpDefaultFree;
    ExpLinkLookaside(&ExpNPagedLookasideListHead, &Lookaside->L.ListEntry);
}

/* @implemented: <= DISPATCH_LEVEL. */
VOID NTAPI ExDeleteNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside)
{
    ExpUnlinkLookaside(&Lookaside->L.ListEntry);
    ExpFlushClassic(&Lookaside->L);
}

/* @implemented: <= DISPATCH_LEVEL. */
PVOID NTAPI ExAllocateFromNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside)
{
    PVOID Entry = ExpPopLookaside((PGENERAL_LOOKASIDE_POOL)&Lookaside->L);
    return Entry ? Entry : KiInvokeLookasideAllocate(Lookaside->L.Allocate, Lookaside->L.Type, Lookaside->L.Size,
                                                 Lookaside->L.Tag);
}

/* @implemented: <= DISPATCH_LEVEL. */
VOID NTAPI ExFreeToNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside, PVOID Entry)
{
    if (!ExpPushLookaside((PGENERAL_LOOKASIDE_POOL)&Lookaside->L, Entry))
        KiInvokeLookasideFree(Lookaside->L.Free, Entry);
}

/* @implemented: <= APC_LEVEL. */
VOID NTAPI ExInitializePagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside,
                                          PALLOCATE_FUNCTION Allocate, PFREE_FUNCTION Free,
                                          ULONG Flags, SIZE_T Size, ULONG Tag, USHORT Depth)
{
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(Depth);
    PAGED_CODE();
    ExpInitializeGeneral((PGENERAL_LOOKASIDE_POOL)&Lookaside->L, PagedPool, Size, Tag);
    Lookaside->L.Allocate = Allocate ? Allocate : ExpDefaultAllocate;
    Lookaside->L.Free = Free ? Free : ExpDefaultFree;
    ExpLinkLookaside(&ExpPagedLookasideListHead, &Lookaside->L.ListEntry);
}

/* @implemented: <= APC_LEVEL. */
VOID NTAPI ExDeletePagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside)
{
    PAGED_CODE();
    ExpUnlinkLookaside(&Lookaside->L.ListEntry);
    ExpFlushClassic(&Lookaside->L);
}

/* @implemented: <= APC_LEVEL. */
PVOID NTAPI ExAllocateFromPagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside)
{
    PVOID Entry;

    PAGED_CODE();
    Entry = ExpPopLookaside((PGENERAL_LOOKASIDE_POOL)&Lookaside->L);
    return Entry ? Entry : KiInvokeLookasideAllocate(Lookaside->L.Allocate, Lookaside->L.Type, Lookaside->L.Size,
                                                 Lookaside->L.Tag);
}

/* @implemented: <= APC_LEVEL. */
VOID NTAPI ExFreeToPagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside, PVOID Entry)
{
    PAGED_CODE();
    if (!ExpPushLookaside((PGENERAL_LOOKASIDE_POOL)&Lookaside->L, Entry))
        KiInvokeLookasideFree(Lookaside->L.Free, Entry);
}

/*
 * @implemented
 * <= DISPATCH_LEVEL. STATUS_SUCCESS, or STATUS_INVALID_PARAMETER_5 when Flags has an
 * unknown bit or both EX_LOOKASIDE_LIST_EX_FLAGS_* (they are mutually exclusive).
 */
NTSTATUS NTAPI ExInitializeLookasideListEx(PLOOKASIDE_LIST_EX Lookaside,
                                           PALLOCATE_FUNCTION_EX Allocate,
                                           PFREE_FUNCTION_EX Free, POOL_TYPE PoolType,
                                           ULONG Flags, SIZE_T Size, ULONG Tag, USHORT Depth)
{
    const ULONG Known = EX_LOOKASIDE_LIST_EX_FLAGS_RAISE_ON_FAIL |
                        EX_LOOKASIDE_LIST_EX_FLAGS_FAIL_NO_RAISE;
    UNREFERENCED_PARAMETER(Depth);

    if ((Flags & ~Known) != 0 || Flags == Known)
        return STATUS_INVALID_PARAMETER_5;
    if (Flags & EX_LOOKASIDE_LIST_EX_FLAGS_RAISE_ON_FAIL)
        PoolType = (POOL_TYPE)(PoolType | POOL_RAISE_IF_ALLOCATION_FAILURE);
    else if (Flags & EX_LOOKASIDE_LIST_EX_FLAGS_FAIL_NO_RAISE)
        PoolType = (POOL_TYPE)(PoolType | POOL_QUOTA_FAIL_INSTEAD_OF_RAISE);
    ExpInitializeGeneral(&Lookaside->L, PoolType, Size, Tag);
    Lookaside->L.AllocateEx = Allocate ? Allocate : ExpDefaultAllocateEx;
    Lookaside->L.FreeEx = Free ? Free : ExpDefaultFreeEx;
    ExpLinkLookaside(&ExpLookasideListExHead, &Lookaside->L.ListEntry);
    return STATUS_SUCCESS;
}

/* @implemented: <= DISPATCH_LEVEL. Frees every cached entry; the list stays usable. */
VOID NTAPI ExFlushLookasideListEx(PLOOKASIDE_LIST_EX Lookaside)
{
    PSLIST_ENTRY Entry;

    while ((Entry = InterlockedPopEntrySList(&Lookaside->L.ListHead)) != NULL)
        KiInvokeLookasideFreeEx(Lookaside->L.FreeEx, Entry, Lookaside);
}

/* @implemented: <= DISPATCH_LEVEL. */
VOID NTAPI ExDeleteLookasideListEx(PLOOKASIDE_LIST_EX Lookaside)
{
    ExpUnlinkLookaside(&Lookaside->L.ListEntry);
    ExFlushLookasideListEx(Lookaside);
}

/* @implemented: <= DISPATCH_LEVEL. */
PVOID NTAPI ExAllocateFromLookasideListEx(PLOOKASIDE_LIST_EX Lookaside)
{
    PVOID Entry = ExpPopLookaside(&Lookaside->L);
    return Entry ? Entry : KiInvokeLookasideAllocateEx(Lookaside->L.AllocateEx, Lookaside->L.Type, Lookaside->L.Size,
                                                   Lookaside->L.Tag, Lookaside);
}

/* @implemented: <= DISPATCH_LEVEL. */
VOID NTAPI ExFreeToLookasideListEx(PLOOKASIDE_LIST_EX Lookaside, PVOID Entry)
{
    if (!ExpPushLookaside(&Lookaside->L, Entry))
        KiInvokeLookasideFreeEx(Lookaside->L.FreeEx, Entry, Lookaside);
}
