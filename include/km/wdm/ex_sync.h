/*
 * PURPOSE: wdm.h part: executive synchronization (fast and guarded mutexes, ERESOURCE,
 * rundown protection), interlocked lists (SLISTs, spin-lock-guarded LIST_ENTRY and
 * SINGLE_LIST_ENTRY lists) and lookaside lists (src/ex/fastmutex.c, resource.c, rundown.c,
 * slist.c, lookaside.c). Push locks are in wdm/ex_pushlock.h; cache-aware rundown references
 * are not provided yet.
 *
 * The structures are in wdm/types.h with their Windows x64 layout. Every lock here blocks
 * (it waits on a dispatcher object) rather than spins. Broken rules bugcheck:
 *
 *   acquiring a mutex or resource at DISPATCH_LEVEL or above
 *       0x192 KERNEL_AUTO_BOOST_LOCK_ACQUISITION_WITH_RAISED_IRQL (thread, lock, IRQL, 0)
 *   acquiring a fast/guarded mutex the thread already owns (Windows hangs)
 *       0xBF MUTEX_ALREADY_OWNED (mutex, thread, 0, 0)
 *   releasing a fast/guarded mutex the thread does not own
 *       0x11 THREAD_NOT_MUTEX_OWNER (thread, mutex, owner, 0)
 *   releasing (or converting) a resource the thread does not own
 *       0xE3 RESOURCE_NOT_OWNED (resource, thread, owner table, 0)
 *   acquiring a resource exclusively while owning it shared (Windows hangs)
 *       0x1F SHARED_RESOURCE_CONV_ERROR (resource, thread, 0, 0)
 *
 * "The caller must be in a critical region" (ERESOURCE, the Unsafe mutex forms) is not
 * checked: Windows checks it only in checked builds, and kmode delivers no
 * APCs that it would protect against.
 */
#ifndef _KMODE_WDM_EX_SYNC_H_
#define _KMODE_WDM_EX_SYNC_H_

KMODE_EXTERN_C_START

/* ---- Fast mutexes ------------------------------------------------------------------- */

/* @implemented: <= DISPATCH_LEVEL. The mutex starts free. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI ExInitializeFastMutex(_Out_ PFAST_MUTEX FastMutex);

/* @implemented: <= APC_LEVEL. Waits until the mutex is free, then returns at APC_LEVEL
   owning it; the caller's IRQL is kept in the mutex for ExReleaseFastMutex. */
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI VOID FASTCALL ExAcquireFastMutex(_Inout_ PFAST_MUTEX FastMutex);

/* @implemented: APC_LEVEL. Releases the mutex and returns to the IRQL saved at acquire. */
_IRQL_requires_(APC_LEVEL)
NTKERNELAPI VOID FASTCALL ExReleaseFastMutex(_Inout_ PFAST_MUTEX FastMutex);

/* @implemented: <= APC_LEVEL. TRUE (at APC_LEVEL, owning it) if the mutex was free; FALSE
   at once otherwise, also when the caller owns it already. */
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI BOOLEAN FASTCALL ExTryToAcquireFastMutex(_Inout_ PFAST_MUTEX FastMutex);

/* @implemented: <= APC_LEVEL (at APC_LEVEL or in a critical region). No IRQL change. */
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI VOID FASTCALL ExAcquireFastMutexUnsafe(_Inout_ PFAST_MUTEX FastMutex);
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI VOID FASTCALL ExReleaseFastMutexUnsafe(_Inout_ PFAST_MUTEX FastMutex);

/* ---- Guarded mutexes (the same object since Windows 8) -------------------------------- */

/* @implemented: <= DISPATCH_LEVEL. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID FASTCALL KeInitializeGuardedMutex(_Out_ PKGUARDED_MUTEX Mutex);

/* @implemented: <= APC_LEVEL. Enters a guarded region, then waits for the mutex. */
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI VOID FASTCALL KeAcquireGuardedMutex(_Inout_ PKGUARDED_MUTEX Mutex);

/* @implemented: <= APC_LEVEL. Releases the mutex, then leaves the guarded region. */
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI VOID FASTCALL KeReleaseGuardedMutex(_Inout_ PKGUARDED_MUTEX Mutex);

/* @implemented: <= APC_LEVEL. TRUE (in a guarded region, owning it) if the mutex was free. */
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI BOOLEAN FASTCALL KeTryToAcquireGuardedMutex(_Inout_ PKGUARDED_MUTEX Mutex);

/* @implemented: <= APC_LEVEL (in a guarded region or at APC_LEVEL). No region change. */
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI VOID FASTCALL KeAcquireGuardedMutexUnsafe(_Inout_ PKGUARDED_MUTEX FastMutex);
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI VOID FASTCALL KeReleaseGuardedMutexUnsafe(_Inout_ PKGUARDED_MUTEX FastMutex);

/* ---- Executive resources (ERESOURCE) ---------------------------------------------------- */

/* @implemented: any IRQL. The current thread's resource-owner identity. */
NTKERNELAPI ERESOURCE_THREAD NTAPI ExGetCurrentResourceThread(VOID);

/* @implemented: <= DISPATCH_LEVEL. STATUS_SUCCESS. The resource must stay in nonpaged
   memory until ExDeleteResourceLite. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI NTSTATUS NTAPI ExInitializeResourceLite(_Out_ PERESOURCE Resource);

/* @implemented: <= DISPATCH_LEVEL. Back to unowned (no thread may own or wait for it).
   STATUS_SUCCESS. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI NTSTATUS NTAPI ExReinitializeResourceLite(_Inout_ PERESOURCE Resource);

/* @implemented: <= DISPATCH_LEVEL. Frees what the resource allocated. STATUS_SUCCESS. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI NTSTATUS NTAPI ExDeleteResourceLite(_Inout_ PERESOURCE Resource);

/* @implemented: <= APC_LEVEL. TRUE once owned exclusively (recursively if the caller owns
   it exclusively already); FALSE if Wait is FALSE and it is not free. */
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI BOOLEAN NTAPI ExAcquireResourceExclusiveLite(_Inout_ PERESOURCE Resource,
                                                         _In_ BOOLEAN Wait);

/* @implemented: <= APC_LEVEL. Shared access: at once if unowned, if the caller owns it
   already (either way), or if it is shared and no thread waits for exclusive access. */
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI BOOLEAN NTAPI ExAcquireResourceSharedLite(_Inout_ PERESOURCE Resource,
                                                      _In_ BOOLEAN Wait);

/* @implemented: <= APC_LEVEL. As ExAcquireResourceSharedLite, but a shared resource is
   granted even when threads wait for exclusive access. */
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI BOOLEAN NTAPI ExAcquireSharedStarveExclusive(_Inout_ PERESOURCE Resource,
                                                         _In_ BOOLEAN Wait);

/* @implemented: <= APC_LEVEL. As ExAcquireResourceSharedLite, except that a caller already
   owning it shared waits behind exclusive waiters (a deadlock unless another thread
   releases for it with ExReleaseResourceForThreadLite). */
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI BOOLEAN NTAPI ExAcquireSharedWaitForExclusive(_Inout_ PERESOURCE Resource,
                                                          _In_ BOOLEAN Wait);

/* @implemented: <= DISPATCH_LEVEL. Releases one acquisition by the current thread. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID FASTCALL ExReleaseResourceLite(_Inout_ PERESOURCE Resource);
#define ExReleaseResource(R) (ExReleaseResourceLite(R))

/* @implemented: <= DISPATCH_LEVEL. Releases one acquisition made by ResourceThreadId. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI ExReleaseResourceForThreadLite(_Inout_ PERESOURCE Resource,
                                                      _In_ ERESOURCE_THREAD ResourceThreadId);

/* @implemented: <= DISPATCH_LEVEL. Does the current thread own it exclusively? */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI BOOLEAN NTAPI ExIsResourceAcquiredExclusiveLite(_In_ PERESOURCE Resource);

/* @implemented: <= DISPATCH_LEVEL. How many times the current thread holds it, shared or
   exclusive (0: not at all). */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI ULONG NTAPI ExIsResourceAcquiredSharedLite(_In_ PERESOURCE Resource);
#define ExIsResourceAcquiredLite ExIsResourceAcquiredSharedLite

/* @implemented: <= DISPATCH_LEVEL. Threads waiting for exclusive / shared access. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI ULONG NTAPI ExGetExclusiveWaiterCount(_In_ PERESOURCE Resource);
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI ULONG NTAPI ExGetSharedWaiterCount(_In_ PERESOURCE Resource);

/* @implemented: <= DISPATCH_LEVEL. The exclusive owner becomes a shared owner (keeping its
   acquisition count) and the shared waiters are let in. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI ExConvertExclusiveToSharedLite(_Inout_ PERESOURCE Resource);

/* @implemented: <= APC_LEVEL. KeEnterCriticalRegion, then a waiting acquire. Returns an
   opaque value drivers ignore. */
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI PVOID NTAPI ExEnterCriticalRegionAndAcquireResourceExclusive(
    _Inout_ PERESOURCE Resource);
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI PVOID NTAPI ExEnterCriticalRegionAndAcquireResourceShared(
    _Inout_ PERESOURCE Resource);
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI PVOID NTAPI ExEnterCriticalRegionAndAcquireSharedWaitForExclusive(
    _Inout_ PERESOURCE Resource);
/* @implemented: <= APC_LEVEL. ExReleaseResourceLite, then KeLeaveCriticalRegion. */
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI VOID FASTCALL ExReleaseResourceAndLeaveCriticalRegion(_Inout_ PERESOURCE Resource);

/* ---- Rundown protection ------------------------------------------------------------- */

/* @implemented: any IRQL. */
NTKERNELAPI VOID FASTCALL ExInitializeRundownProtection(_Out_ PEX_RUNDOWN_REF RunRef);
/* @implemented: any IRQL. Only after the rundown completed. */
NTKERNELAPI VOID FASTCALL ExReInitializeRundownProtection(_Inout_ PEX_RUNDOWN_REF RunRef);

/* @implemented: <= DISPATCH_LEVEL. FALSE once a rundown has started. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI BOOLEAN FASTCALL ExAcquireRundownProtection(_Inout_ PEX_RUNDOWN_REF RunRef);
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI BOOLEAN FASTCALL ExAcquireRundownProtectionEx(_Inout_ PEX_RUNDOWN_REF RunRef,
                                                          _In_ ULONG Count);
/* @implemented: <= DISPATCH_LEVEL. The last release during a rundown wakes its waiter. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID FASTCALL ExReleaseRundownProtection(_Inout_ PEX_RUNDOWN_REF RunRef);
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID FASTCALL ExReleaseRundownProtectionEx(_Inout_ PEX_RUNDOWN_REF RunRef,
                                                       _In_ ULONG Count);

/* @implemented: <= APC_LEVEL. Refuses new acquisitions and waits for the held ones to be
   released. */
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI VOID FASTCALL ExWaitForRundownProtectionRelease(_Inout_ PEX_RUNDOWN_REF RunRef);

/* @implemented: any IRQL. Marks the rundown completed (acquisitions keep failing). */
NTKERNELAPI VOID FASTCALL ExRundownCompleted(_Out_ PEX_RUNDOWN_REF RunRef);

/* ---- Interlocked singly linked lists (SLIST) ------------------------------------------ */

/* Entries must be 16-byte aligned (SLIST_ENTRY is DECLSPEC_ALIGN(16)). Push, pop and flush
   are one 128-bit compare-exchange each, with a sequence number against ABA. */

/* @implemented: any IRQL. */
NTSYSAPI VOID NTAPI InitializeSListHead(_Out_ PSLIST_HEADER SListHead);
#define RtlInitializeSListHead InitializeSListHead

/* @implemented: any IRQL. Returns the previous first entry (NULL: the list was empty). */
NTKERNELAPI PSLIST_ENTRY FASTCALL InterlockedPushEntrySList(
    _Inout_ PSLIST_HEADER ListHead, _Inout_ __drv_aliasesMem PSLIST_ENTRY ListEntry);
/* @implemented: any IRQL. Returns the removed first entry, or NULL. */
NTKERNELAPI PSLIST_ENTRY FASTCALL InterlockedPopEntrySList(_Inout_ PSLIST_HEADER ListHead);
/* @implemented: any IRQL. Empties the list; returns its former first entry (chain). */
NTKERNELAPI PSLIST_ENTRY FASTCALL InterlockedFlushSList(_Inout_ PSLIST_HEADER ListHead);
/* @implemented: any IRQL. The number of entries. */
NTKERNELAPI USHORT NTAPI ExQueryDepthSList(_In_ PSLIST_HEADER SListHead);
#define QueryDepthSList(Head) ExQueryDepthSList(Head)

/* On x64 the Ex forms ignore the spin lock, as in the WDK. */
#define ExInterlockedPushEntrySList(Head, Entry, Lock) \
    ((void)(Lock), InterlockedPushEntrySList(Head, Entry))
#define ExInterlockedPopEntrySList(Head, Lock) ((void)(Lock), InterlockedPopEntrySList(Head))
#define ExInterlockedFlushSList(Head) InterlockedFlushSList(Head)

/* ---- Spin-lock-guarded lists ----------------------------------------------------------- */

/* @implemented: any IRQL (the lock is taken at DISPATCH_LEVEL or above; use it for
   nothing else). Insert returns the former first (head) / last (tail) entry, NULL if the
   list was empty; Remove/Pop return the removed entry or NULL. */
NTKERNELAPI PLIST_ENTRY FASTCALL ExInterlockedInsertHeadList(
    _Inout_ PLIST_ENTRY ListHead, _Inout_ __drv_aliasesMem PLIST_ENTRY ListEntry,
    _Inout_ _Requires_lock_not_held_(*_Curr_) PKSPIN_LOCK Lock);
NTKERNELAPI PLIST_ENTRY FASTCALL ExInterlockedInsertTailList(
    _Inout_ PLIST_ENTRY ListHead, _Inout_ __drv_aliasesMem PLIST_ENTRY ListEntry,
    _Inout_ _Requires_lock_not_held_(*_Curr_) PKSPIN_LOCK Lock);
NTKERNELAPI PLIST_ENTRY FASTCALL ExInterlockedRemoveHeadList(
    _Inout_ PLIST_ENTRY ListHead, _Inout_ _Requires_lock_not_held_(*_Curr_) PKSPIN_LOCK Lock);
NTKERNELAPI PSINGLE_LIST_ENTRY FASTCALL ExInterlockedPushEntryList(
    _Inout_ PSINGLE_LIST_ENTRY ListHead, _Inout_ __drv_aliasesMem PSINGLE_LIST_ENTRY ListEntry,
    _Inout_ _Requires_lock_not_held_(*_Curr_) PKSPIN_LOCK Lock);
NTKERNELAPI PSINGLE_LIST_ENTRY FASTCALL ExInterlockedPopEntryList(
    _Inout_ PSINGLE_LIST_ENTRY ListHead, _Inout_ _Requires_lock_not_held_(*_Curr_) PKSPIN_LOCK Lock);

/* ---- Lookaside lists ---------------------------------------------------------------- */

/* Flags and Depth of the classic initializers are reserved (pass 0). A freed entry is kept
   while the list holds fewer than L.Depth entries (4 at first, at most L.MaximumDepth =
   256; kmode does not tune Depth at run time) and handed to the Free routine otherwise.
   Entries smaller than LOOKASIDE_MINIMUM_BLOCK_SIZE are made that large. */

/* @implemented: <= DISPATCH_LEVEL. Allocate/Free NULL: ExAllocatePoolWithTag(NonPagedPool)
   and ExFreePool. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI ExInitializeNPagedLookasideList(
    _Out_ PNPAGED_LOOKASIDE_LIST Lookaside, _In_opt_ PALLOCATE_FUNCTION Allocate,
    _In_opt_ PFREE_FUNCTION Free, _In_ ULONG Flags, _In_ SIZE_T Size, _In_ ULONG Tag,
    _In_ USHORT Depth);
/* @implemented: <= DISPATCH_LEVEL. Frees every entry the list holds. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI ExDeleteNPagedLookasideList(_Inout_ PNPAGED_LOOKASIDE_LIST Lookaside);
/* @implemented: <= DISPATCH_LEVEL. An entry (NULL if the Allocate routine fails). */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI PVOID NTAPI ExAllocateFromNPagedLookasideList(
    _Inout_ PNPAGED_LOOKASIDE_LIST Lookaside);
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI ExFreeToNPagedLookasideList(_Inout_ PNPAGED_LOOKASIDE_LIST Lookaside,
                                                   _In_ __drv_freesMem(Mem) PVOID Entry);

/* @implemented: <= APC_LEVEL. Allocate/Free NULL: ExAllocatePoolWithTag(PagedPool) and
   ExFreePool. */
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI VOID NTAPI ExInitializePagedLookasideList(
    _Out_ PPAGED_LOOKASIDE_LIST Lookaside, _In_opt_ PALLOCATE_FUNCTION Allocate,
    _In_opt_ PFREE_FUNCTION Free, _In_ ULONG Flags, _In_ SIZE_T Size, _In_ ULONG Tag,
    _In_ USHORT Depth);
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI VOID NTAPI ExDeletePagedLookasideList(_Inout_ PPAGED_LOOKASIDE_LIST Lookaside);
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI PVOID NTAPI ExAllocateFromPagedLookasideList(_Inout_ PPAGED_LOOKASIDE_LIST Lookaside);
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI VOID NTAPI ExFreeToPagedLookasideList(_Inout_ PPAGED_LOOKASIDE_LIST Lookaside,
                                                  _In_ __drv_freesMem(Mem) PVOID Entry);

/* @implemented: <= DISPATCH_LEVEL. STATUS_SUCCESS; STATUS_INVALID_PARAMETER_5 for an
   unknown flag or both EX_LOOKASIDE_LIST_EX_FLAGS_*. With RAISE_ON_FAIL the allocation
   routine gets PoolType | POOL_RAISE_IF_ALLOCATION_FAILURE, with FAIL_NO_RAISE
   PoolType | POOL_QUOTA_FAIL_INSTEAD_OF_RAISE. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI NTSTATUS NTAPI ExInitializeLookasideListEx(
    _Out_ PLOOKASIDE_LIST_EX Lookaside, _In_opt_ PALLOCATE_FUNCTION_EX Allocate,
    _In_opt_ PFREE_FUNCTION_EX Free, _In_ POOL_TYPE PoolType, _In_ ULONG Flags,
    _In_ SIZE_T Size, _In_ ULONG Tag, _In_ USHORT Depth);
/* @implemented: <= DISPATCH_LEVEL (APC_LEVEL for paged pool). */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI ExDeleteLookasideListEx(_Inout_ PLOOKASIDE_LIST_EX Lookaside);
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI ExFlushLookasideListEx(_Inout_ PLOOKASIDE_LIST_EX Lookaside);
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI PVOID NTAPI ExAllocateFromLookasideListEx(_Inout_ PLOOKASIDE_LIST_EX Lookaside);
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI ExFreeToLookasideListEx(_Inout_ PLOOKASIDE_LIST_EX Lookaside,
                                               _In_ __drv_freesMem(Entry) PVOID Entry);

KMODE_EXTERN_C_END

#endif
