/*
 * PURPOSE: Executive resources (ERESOURCE): shared/exclusive locks with recursion.
 *
 * The resource's SpinLock guards every field. Owners: OwnerEntry holds the exclusive owner
 * or one shared owner; further shared owners live in OwnerTable, a pool array whose entry
 * 0 holds its TableSize (as on Windows). ActiveCount counts owning threads, including
 * waiters granted access that have not run yet.
 *
 * Waiters are granted access by the releasing thread, never by racing for it: the last
 * release hands the resource either to one exclusive waiter (through the ExclusiveWaiters
 * synchronization event; the owner entry holds a placeholder until the waiter runs and
 * writes itself in) or to all shared waiters at once (SharedWaiters semaphore released by
 * their number; each writes its owner entry when it runs). Releasing an exclusive
 * acquisition prefers the shared waiters, releasing the last shared one an exclusive
 * waiter, as Windows does.
 */

/* INCLUDES ******************************************************************************/

#include "exsyncp.h"
#include <internal/kilocks.h>
#include <internal/vfhooks.h>

/* GLOBALS *******************************************************************************/

#define EXP_RESOURCE_TAG EXP_TAG('R', 's', 'r', 'c')

/* Owner of an exclusive grant whose waiter has not run yet (never a thread address). */
#define EXP_PENDING_OWNER ((ERESOURCE_THREAD)1)

/* Every initialized resource (Windows' ExpSystemResourcesList), for debugging. */
static LIST_ENTRY ExpSystemResourcesList = { &ExpSystemResourcesList, &ExpSystemResourcesList };
static KSPIN_LOCK ExpSystemResourcesLock;

typedef enum _EXP_SHARED_MODE {
    ExpSharedLite,            /* ExAcquireResourceSharedLite */
    ExpSharedStarveExclusive, /* ExAcquireSharedStarveExclusive */
    ExpSharedWaitForExclusive /* ExAcquireSharedWaitForExclusive */
} EXP_SHARED_MODE;

/* PRIVATE FUNCTIONS *********************************************************************/

FORCEINLINE BOOLEAN ExpIsExclusive(PERESOURCE Resource)
{
    return (Resource->Flag & ResourceOwnedExclusive) != 0;
}

FORCEINLINE ULONG ExpTableSize(PERESOURCE Resource)
{
    return Resource->OwnerTable ? Resource->OwnerTable[0].TableSize : 0;
}

/* The owner entry of Thread, or NULL. Lock held. */
static POWNER_ENTRY ExpFindOwner(PERESOURCE Resource, ERESOURCE_THREAD Thread)
{
    if (Resource->OwnerEntry.OwnerThread == Thread)
        return &Resource->OwnerEntry;
    for (ULONG i = 1; i < ExpTableSize(Resource); i++)
        if (Resource->OwnerTable[i].OwnerThread == Thread)
            return &Resource->OwnerTable[i];
    return NULL;
}

/* A free owner entry, growing the table if needed; NULL if pool ran out. Lock held (at
   DISPATCH_LEVEL: nonpaged pool only). */
static POWNER_ENTRY ExpFreeOwnerEntry(PERESOURCE Resource)
{
    ULONG Size = ExpTableSize(Resource), NewSize;
    POWNER_ENTRY Table;

    if (Resource->OwnerEntry.OwnerThread == 0)
        return &Resource->OwnerEntry;
    for (ULONG i = 1; i < Size; i++)
        if (Resource->OwnerTable[i].OwnerThread == 0)
            return &Resource->OwnerTable[i];
    NewSize = Size ? Size * 2 : 4;
    Table = ExAllocatePoolWithTag(NonPagedPoolNx, NewSize * sizeof(OWNER_ENTRY), EXP_RESOURCE_TAG);
    if (!Table)
        return NULL;
    RtlZeroMemory(Table, NewSize * sizeof(OWNER_ENTRY));
    if (Size)
        RtlCopyMemory(Table, Resource->OwnerTable, Size * sizeof(OWNER_ENTRY));
    Table[0].TableSize = NewSize;
    if (Resource->OwnerTable)
        ExFreePoolWithTag(Resource->OwnerTable, EXP_RESOURCE_TAG);
    Resource->OwnerTable = Table;
    return &Table[Size ? Size : 1];
}

/* Creates the wait objects on first contention. FALSE if pool ran out. Lock held. */
static BOOLEAN ExpEnsureExclusiveWaiters(PERESOURCE Resource)
{
    if (!Resource->ExclusiveWaiters) {
        PKEVENT Event = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(KEVENT), EXP_RESOURCE_TAG);
        if (!Event)
            return FALSE;
        KeInitializeEvent(Event, SynchronizationEvent, FALSE);
        Resource->ExclusiveWaiters = Event;
    }
    return TRUE;
}

static BOOLEAN ExpEnsureSharedWaiters(PERESOURCE Resource)
{
    if (!Resource->SharedWaiters) {
        PKSEMAPHORE Semaphore =
            ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(KSEMAPHORE), EXP_RESOURCE_TAG);
        if (!Semaphore)
            return FALSE;
        KeInitializeSemaphore(Semaphore, 0, MAXLONG);
        Resource->SharedWaiters = Semaphore;
    }
    return TRUE;
}

/* Pool ran out while the caller (<= APC_LEVEL) needed an entry: give it a moment, as
   Windows does, instead of failing an acquisition that cannot fail. */
static VOID ExpWaitForPool(VOID)
{
    LARGE_INTEGER Interval;
    Interval.QuadPart = -10000;   /* 1 ms */
    KeDelayExecutionThread(KernelMode, FALSE, &Interval);
}

static DECLSPEC_NORETURN VOID ExpNotOwned(PERESOURCE Resource, ERESOURCE_THREAD Thread,
                                          KIRQL OldIrql, PVOID Caller)
{
    POWNER_ENTRY Table = Resource->OwnerTable;
    KeReleaseSpinLock(&Resource->SpinLock, OldIrql);
    KiBugCheck(EXP_RESOURCE_NOT_OWNED, (ULONG_PTR)Resource, Thread, (ULONG_PTR)Table, 0, Caller,
               "A thread released (or converted) an ERESOURCE it does not own.");
}

/* Hands a free resource to its waiters, releasing the lock. Lock held, ActiveCount 0. */
static VOID ExpGrantWaiters(PERESOURCE Resource, BOOLEAN PreferShared, KIRQL OldIrql)
{
    ULONG Shared = Resource->NumberOfSharedWaiters;

    if (Shared && (PreferShared || Resource->NumberOfExclusiveWaiters == 0)) {
        Resource->ActiveCount = (SHORT)Shared;
        __atomic_store_n(&Resource->NumberOfSharedWaiters, 0, __ATOMIC_RELAXED);
        KeReleaseSpinLock(&Resource->SpinLock, OldIrql);
        KeReleaseSemaphore(Resource->SharedWaiters, 0, (LONG)Shared, FALSE);
    } else if (Resource->NumberOfExclusiveWaiters) {
        Resource->Flag |= ResourceOwnedExclusive;
        Resource->OwnerEntry.OwnerThread = EXP_PENDING_OWNER;
        Resource->OwnerEntry.OwnerCount = 1;
        Resource->ActiveCount = 1;
        Resource->ActiveEntries = 1;
        __atomic_sub_fetch(&Resource->NumberOfExclusiveWaiters, 1, __ATOMIC_RELAXED);
        KeReleaseSpinLock(&Resource->SpinLock, OldIrql);
        KeSetEvent(Resource->ExclusiveWaiters, 0, FALSE);
    } else {
        KeReleaseSpinLock(&Resource->SpinLock, OldIrql);
    }
}

static BOOLEAN ExpAcquireExclusive(PERESOURCE Resource, BOOLEAN Wait, PVOID Caller)
{
    ERESOURCE_THREAD Me = ExpCurrentThread();
    KIRQL OldIrql;

    ExpCheckBlockingIrql(Resource, Caller);
    for (;;) {
        KeAcquireSpinLock(&Resource->SpinLock, &OldIrql);
        if (Resource->ActiveCount == 0) {
            Resource->Flag |= ResourceOwnedExclusive;
            Resource->OwnerEntry.OwnerThread = Me;
            Resource->OwnerEntry.OwnerCount = 1;
            Resource->ActiveCount = 1;
            Resource->ActiveEntries = 1;
            KeReleaseSpinLock(&Resource->SpinLock, OldIrql);
            return TRUE;
        }
        if (ExpIsExclusive(Resource) && Resource->OwnerEntry.OwnerThread == Me) {
            Resource->OwnerEntry.OwnerCount++;
            KeReleaseSpinLock(&Resource->SpinLock, OldIrql);
            return TRUE;
        }
        if (!Wait) {
            KeReleaseSpinLock(&Resource->SpinLock, OldIrql);
            return FALSE;
        }
        if (!ExpIsExclusive(Resource) && ExpFindOwner(Resource, Me)) {
            KeReleaseSpinLock(&Resource->SpinLock, OldIrql);
            KiBugCheck(EXP_SHARED_RESOURCE_CONV_ERROR, (ULONG_PTR)Resource, Me, 0, 0, Caller,
                       "A thread that owns an ERESOURCE shared waited for exclusive access "
                       "to it (on Windows the thread deadlocks).");
        }
        if (!ExpEnsureExclusiveWaiters(Resource)) {
            KeReleaseSpinLock(&Resource->SpinLock, OldIrql);
            ExpWaitForPool();
            continue;
        }
        __atomic_add_fetch(&Resource->NumberOfExclusiveWaiters, 1, __ATOMIC_RELAXED);
        Resource->ContentionCount++;
        KeReleaseSpinLock(&Resource->SpinLock, OldIrql);

        ExpWaitForObject(Resource->ExclusiveWaiters, WrResource);

        /* The releaser made this thread the owner; put its name on the grant. */
        KeAcquireSpinLock(&Resource->SpinLock, &OldIrql);
        Resource->OwnerEntry.OwnerThread = Me;
        KeReleaseSpinLock(&Resource->SpinLock, OldIrql);
        return TRUE;
    }
}

static BOOLEAN ExpAcquireShared(PERESOURCE Resource, BOOLEAN Wait, EXP_SHARED_MODE Mode,
                                PVOID Caller)
{
    ERESOURCE_THREAD Me = ExpCurrentThread();
    POWNER_ENTRY Entry;
    KIRQL OldIrql;

    ExpCheckBlockingIrql(Resource, Caller);
    for (;;) {
        KeAcquireSpinLock(&Resource->SpinLock, &OldIrql);
        if (Resource->ActiveCount == 0) {
            Resource->Flag &= ~ResourceOwnedExclusive;
            Resource->OwnerEntry.OwnerThread = Me;
            Resource->OwnerEntry.OwnerCount = 1;
            Resource->ActiveCount = 1;
            Resource->ActiveEntries = 1;
            KeReleaseSpinLock(&Resource->SpinLock, OldIrql);
            return TRUE;
        }
        if (ExpIsExclusive(Resource)) {
            /* The exclusive owner gets "shared" access as one more exclusive acquisition. */
            if (Resource->OwnerEntry.OwnerThread == Me) {
                Resource->OwnerEntry.OwnerCount++;
                KeReleaseSpinLock(&Resource->SpinLock, OldIrql);
                return TRUE;
            }
        } else {
            BOOLEAN ExclusiveWaiting = Resource->NumberOfExclusiveWaiters != 0;
            Entry = ExpFindOwner(Resource, Me);
            if (Entry && !(Mode == ExpSharedWaitForExclusive && ExclusiveWaiting)) {
                Entry->OwnerCount++;
                KeReleaseSpinLock(&Resource->SpinLock, OldIrql);
                return TRUE;
            }
            if (!Entry && (!ExclusiveWaiting || Mode == ExpSharedStarveExclusive)) {
                Entry = ExpFreeOwnerEntry(Resource);
                if (!Entry) {
                    KeReleaseSpinLock(&Resource->SpinLock, OldIrql);
                    ExpWaitForPool();
                    continue;
                }
                Entry->OwnerThread = Me;
                Entry->OwnerCount = 1;
                Resource->ActiveCount++;
                Resource->ActiveEntries++;
                KeReleaseSpinLock(&Resource->SpinLock, OldIrql);
                return TRUE;
            }
        }
        if (!Wait) {
            KeReleaseSpinLock(&Resource->SpinLock, OldIrql);
            return FALSE;
        }
        if (!ExpEnsureSharedWaiters(Resource)) {
            KeReleaseSpinLock(&Resource->SpinLock, OldIrql);
            ExpWaitForPool();
            continue;
        }
        __atomic_add_fetch(&Resource->NumberOfSharedWaiters, 1, __ATOMIC_RELAXED);
        Resource->ContentionCount++;
        KeReleaseSpinLock(&Resource->SpinLock, OldIrql);

        ExpWaitForObject(Resource->SharedWaiters, WrResource);

        /* Granted (counted in ActiveCount already): record this thread as an owner. */
        for (;;) {
            KeAcquireSpinLock(&Resource->SpinLock, &OldIrql);
            Entry = ExpFindOwner(Resource, Me);
            if (Entry) {
                /* It still held shares (ExAcquireSharedWaitForExclusive): one owner. */
                Entry->OwnerCount++;
                Resource->ActiveCount--;
                break;
            }
            Entry = ExpFreeOwnerEntry(Resource);
            if (Entry) {
                Entry->OwnerThread = Me;
                Entry->OwnerCount = 1;
                Resource->ActiveEntries++;
                break;
            }
            KeReleaseSpinLock(&Resource->SpinLock, OldIrql);
            ExpWaitForPool();
        }
        KeReleaseSpinLock(&Resource->SpinLock, OldIrql);
        return TRUE;
    }
}

static VOID ExpRelease(PERESOURCE Resource, ERESOURCE_THREAD Thread, PVOID Caller)
{
    POWNER_ENTRY Entry;
    KIRQL OldIrql;

    if (Thread == ExpCurrentThread())
        KiTrackLockReleased(Resource);
    KeAcquireSpinLock(&Resource->SpinLock, &OldIrql);
    if (Resource->ActiveCount == 0)
        ExpNotOwned(Resource, Thread, OldIrql, Caller);
    if (ExpIsExclusive(Resource)) {
        if (Resource->OwnerEntry.OwnerThread != Thread)
            ExpNotOwned(Resource, Thread, OldIrql, Caller);
        if (--Resource->OwnerEntry.OwnerCount != 0) {
            KeReleaseSpinLock(&Resource->SpinLock, OldIrql);
            return;
        }
        Resource->OwnerEntry.OwnerThread = 0;
        Resource->Flag &= ~ResourceOwnedExclusive;
        Resource->ActiveCount = 0;
        Resource->ActiveEntries = 0;
        ExpGrantWaiters(Resource, TRUE, OldIrql);
        return;
    }
    Entry = ExpFindOwner(Resource, Thread);
    if (!Entry)
        ExpNotOwned(Resource, Thread, OldIrql, Caller);
    if (--Entry->OwnerCount != 0) {
        KeReleaseSpinLock(&Resource->SpinLock, OldIrql);
        return;
    }
    Entry->OwnerThread = 0;
    Resource->ActiveEntries--;
    if (--Resource->ActiveCount != 0) {
        KeReleaseSpinLock(&Resource->SpinLock, OldIrql);
        return;
    }
    ExpGrantWaiters(Resource, FALSE, OldIrql);
}

/* PUBLIC FUNCTIONS **********************************************************************/

/* @implemented: any IRQL. */
ERESOURCE_THREAD NTAPI ExGetCurrentResourceThread(VOID)
{
    return ExpCurrentThread();
}

/* @implemented: <= DISPATCH_LEVEL. STATUS_SUCCESS. */
NTSTATUS NTAPI ExInitializeResourceLite(PERESOURCE Resource)
{
    KIRQL OldIrql;

    VF_DEADLOCK_INITIALIZE(Resource);
    RtlZeroMemory(Resource, sizeof(*Resource));
    KeInitializeSpinLock(&Resource->SpinLock);
    KeAcquireSpinLock(&ExpSystemResourcesLock, &OldIrql);
    InsertTailList(&ExpSystemResourcesList, &Resource->SystemResourcesList);
    KeReleaseSpinLock(&ExpSystemResourcesLock, OldIrql);
    return STATUS_SUCCESS;
}

/* @implemented: <= DISPATCH_LEVEL. Unowned again; keeps what it allocated. */
NTSTATUS NTAPI ExReinitializeResourceLite(PERESOURCE Resource)
{
    KIRQL OldIrql;

    KeAcquireSpinLock(&Resource->SpinLock, &OldIrql);
    for (ULONG i = 1; i < ExpTableSize(Resource); i++) {
        Resource->OwnerTable[i].OwnerThread = 0;
        Resource->OwnerTable[i].TableSize = 0;
    }
    Resource->OwnerEntry.OwnerThread = 0;
    Resource->OwnerEntry.TableSize = 0;
    Resource->ActiveCount = 0;
    Resource->ActiveEntries = 0;
    Resource->Flag = 0;
    Resource->ContentionCount = 0;
    Resource->NumberOfSharedWaiters = 0;
    Resource->NumberOfExclusiveWaiters = 0;
    if (Resource->ExclusiveWaiters)
        KeInitializeEvent(Resource->ExclusiveWaiters, SynchronizationEvent, FALSE);
    if (Resource->SharedWaiters)
        KeInitializeSemaphore(Resource->SharedWaiters, 0, MAXLONG);
    KeReleaseSpinLock(&Resource->SpinLock, OldIrql);
    return STATUS_SUCCESS;
}

/* @implemented: <= DISPATCH_LEVEL. STATUS_SUCCESS. */
NTSTATUS NTAPI ExDeleteResourceLite(PERESOURCE Resource)
{
    KIRQL OldIrql;

    VF_DDI_RULE(VF_DDI_IRQL_EX_APC_LTE3, KeGetCurrentIrql() > APC_LEVEL);
    VF_DEADLOCK_INITIALIZE(Resource);
    KeAcquireSpinLock(&ExpSystemResourcesLock, &OldIrql);
    RemoveEntryList(&Resource->SystemResourcesList);
    KeReleaseSpinLock(&ExpSystemResourcesLock, OldIrql);
    if (Resource->OwnerTable)
        ExFreePoolWithTag(Resource->OwnerTable, EXP_RESOURCE_TAG);
    if (Resource->ExclusiveWaiters)
        ExFreePoolWithTag(Resource->ExclusiveWaiters, EXP_RESOURCE_TAG);
    if (Resource->SharedWaiters)
        ExFreePoolWithTag(Resource->SharedWaiters, EXP_RESOURCE_TAG);
    Resource->OwnerTable = NULL;
    Resource->ExclusiveWaiters = NULL;
    Resource->SharedWaiters = NULL;
    return STATUS_SUCCESS;
}

/* @implemented: <= APC_LEVEL (else 0x192). Owning it shared and waiting: 0x1F. */
__attribute__((noinline)) BOOLEAN NTAPI ExAcquireResourceExclusiveLite(PERESOURCE Resource,
                                                                       BOOLEAN Wait)
{
    BOOLEAN Acquired;

    VF_DDI_RULE(VF_DDI_IRQL_EX_APC_LTE3, KeGetCurrentIrql() > APC_LEVEL);
    Acquired = KiTrackLockAcquiredIf(ExpAcquireExclusive(Resource, Wait, __builtin_return_address(0)),
                                 KI_LOCK_RESOURCE_EXCLUSIVE, Resource, __builtin_return_address(0));
    if (Acquired)
        VF_DEADLOCK_ACQUIRE(Resource, VF_LOCK_RESOURCE);
    return Acquired;
}

/* @implemented: <= APC_LEVEL (else 0x192). */
__attribute__((noinline)) BOOLEAN NTAPI ExAcquireResourceSharedLite(PERESOURCE Resource,
                                                                    BOOLEAN Wait)
{
    BOOLEAN Acquired;

    VF_DDI_RULE(VF_DDI_IRQL_EX_APC_LTE3, KeGetCurrentIrql() > APC_LEVEL);
    Acquired = KiTrackLockAcquiredIf(
        ExpAcquireShared(Resource, Wait, ExpSharedLite, __builtin_return_address(0)),
        KI_LOCK_RESOURCE_SHARED, Resource, __builtin_return_address(0));
    if (Acquired)
        VF_DEADLOCK_ACQUIRE(Resource, VF_LOCK_RESOURCE | VF_LOCK_SHARED);
    return Acquired;
}

/* @implemented: <= APC_LEVEL (else 0x192). */
__attribute__((noinline)) BOOLEAN NTAPI ExAcquireSharedStarveExclusive(PERESOURCE Resource,
                                                                       BOOLEAN Wait)
{
    BOOLEAN Acquired;

    VF_DDI_RULE(VF_DDI_IRQL_EX_APC_LTE3, KeGetCurrentIrql() > APC_LEVEL);
    Acquired = KiTrackLockAcquiredIf(
        ExpAcquireShared(Resource, Wait, ExpSharedStarveExclusive, __builtin_return_address(0)),
        KI_LOCK_RESOURCE_SHARED, Resource, __builtin_return_address(0));
    if (Acquired)
        VF_DEADLOCK_ACQUIRE(Resource, VF_LOCK_RESOURCE | VF_LOCK_SHARED);
    return Acquired;
}

/* @implemented: <= APC_LEVEL (else 0x192). */
__attribute__((noinline)) BOOLEAN NTAPI ExAcquireSharedWaitForExclusive(PERESOURCE Resource,
                                                                        BOOLEAN Wait)
{
    BOOLEAN Acquired;

    VF_DDI_RULE(VF_DDI_IRQL_EX_APC_LTE3, KeGetCurrentIrql() > APC_LEVEL);
    Acquired = KiTrackLockAcquiredIf(
        ExpAcquireShared(Resource, Wait, ExpSharedWaitForExclusive, __builtin_return_address(0)),
        KI_LOCK_RESOURCE_SHARED, Resource, __builtin_return_address(0));
    if (Acquired)
        VF_DEADLOCK_ACQUIRE(Resource, VF_LOCK_RESOURCE | VF_LOCK_SHARED);
    return Acquired;
}

/* @implemented: <= DISPATCH_LEVEL. Not owned by the current thread: 0xE3. */
__attribute__((noinline)) VOID FASTCALL ExReleaseResourceLite(PERESOURCE Resource)
{
    VF_DEADLOCK_RELEASE(Resource, VF_LOCK_RESOURCE, HIGH_LEVEL);
    ExpRelease(Resource, ExpCurrentThread(), __builtin_return_address(0));
}

/* @implemented: <= DISPATCH_LEVEL. Not owned by ResourceThreadId: 0xE3. */
__attribute__((noinline)) VOID NTAPI ExReleaseResourceForThreadLite(
    PERESOURCE Resource, ERESOURCE_THREAD ResourceThreadId)
{
    VF_DEADLOCK_RELEASE(Resource, VF_LOCK_RESOURCE | VF_LOCK_FOR_THREAD, HIGH_LEVEL);
    ExpRelease(Resource, ResourceThreadId, __builtin_return_address(0));
}

/* @implemented: <= DISPATCH_LEVEL. */
BOOLEAN NTAPI ExIsResourceAcquiredExclusiveLite(PERESOURCE Resource)
{
    BOOLEAN Owned;
    KIRQL OldIrql;

    KeAcquireSpinLock(&Resource->SpinLock, &OldIrql);
    Owned = ExpIsExclusive(Resource) && Resource->OwnerEntry.OwnerThread == ExpCurrentThread();
    KeReleaseSpinLock(&Resource->SpinLock, OldIrql);
    return Owned;
}

/* @implemented: <= DISPATCH_LEVEL. The current thread's acquisition count (any mode). */
ULONG NTAPI ExIsResourceAcquiredSharedLite(PERESOURCE Resource)
{
    POWNER_ENTRY Entry;
    ULONG Count = 0;
    KIRQL OldIrql;

    KeAcquireSpinLock(&Resource->SpinLock, &OldIrql);
    if (Resource->ActiveCount != 0) {
        Entry = ExpFindOwner(Resource, ExpCurrentThread());
        if (Entry)
            Count = Entry->OwnerCount;
    }
    KeReleaseSpinLock(&Resource->SpinLock, OldIrql);
    return Count;
}

/* @implemented: <= DISPATCH_LEVEL. */
ULONG NTAPI ExGetExclusiveWaiterCount(PERESOURCE Resource)
{
    return __atomic_load_n(&Resource->NumberOfExclusiveWaiters, __ATOMIC_RELAXED);
}

/* @implemented: <= DISPATCH_LEVEL. */
ULONG NTAPI ExGetSharedWaiterCount(PERESOURCE Resource)
{
    return __atomic_load_n(&Resource->NumberOfSharedWaiters, __ATOMIC_RELAXED);
}

/* @implemented: <= DISPATCH_LEVEL. Not owned exclusively by the caller: 0xE3. */
__attribute__((noinline)) VOID NTAPI ExConvertExclusiveToSharedLite(PERESOURCE Resource)
{
    ERESOURCE_THREAD Me = ExpCurrentThread();
    ULONG Shared;
    KIRQL OldIrql;

    VF_DDI_RULE(VF_DDI_IRQL_EX_APC_LTE3, KeGetCurrentIrql() > APC_LEVEL);
    KeAcquireSpinLock(&Resource->SpinLock, &OldIrql);
    if (!ExpIsExclusive(Resource) || Resource->OwnerEntry.OwnerThread != Me)
        ExpNotOwned(Resource, Me, OldIrql, __builtin_return_address(0));
    Resource->Flag &= ~ResourceOwnedExclusive;
    Shared = Resource->NumberOfSharedWaiters;
    if (Shared) {
        Resource->ActiveCount = (SHORT)(Resource->ActiveCount + Shared);
        Resource->NumberOfSharedWaiters = 0;
    }
    KeReleaseSpinLock(&Resource->SpinLock, OldIrql);
    if (Shared)
        KeReleaseSemaphore(Resource->SharedWaiters, 0, (LONG)Shared, FALSE);
}

/* @implemented: <= APC_LEVEL. */
__attribute__((noinline)) PVOID NTAPI ExEnterCriticalRegionAndAcquireResourceExclusive(
    PERESOURCE Resource)
{
    KeEnterCriticalRegion();
    ExpAcquireExclusive(Resource, TRUE, __builtin_return_address(0));
    KiTrackLockAcquired(KI_LOCK_RESOURCE_EXCLUSIVE, Resource, __builtin_return_address(0));
    VF_DEADLOCK_ACQUIRE(Resource, VF_LOCK_RESOURCE);
    return (PVOID)ExpCurrentThread();
}

/* @implemented: <= APC_LEVEL. */
__attribute__((noinline)) PVOID NTAPI ExEnterCriticalRegionAndAcquireResourceShared(
    PERESOURCE Resource)
{
    KeEnterCriticalRegion();
    ExpAcquireShared(Resource, TRUE, ExpSharedLite, __builtin_return_address(0));
    KiTrackLockAcquired(KI_LOCK_RESOURCE_SHARED, Resource, __builtin_return_address(0));
    VF_DEADLOCK_ACQUIRE(Resource, VF_LOCK_RESOURCE | VF_LOCK_SHARED);
    return (PVOID)ExpCurrentThread();
}

/* @implemented: <= APC_LEVEL. */
__attribute__((noinline)) PVOID NTAPI ExEnterCriticalRegionAndAcquireSharedWaitForExclusive(
    PERESOURCE Resource)
{
    KeEnterCriticalRegion();
    ExpAcquireShared(Resource, TRUE, ExpSharedWaitForExclusive, __builtin_return_address(0));
    KiTrackLockAcquired(KI_LOCK_RESOURCE_SHARED, Resource, __builtin_return_address(0));
    VF_DEADLOCK_ACQUIRE(Resource, VF_LOCK_RESOURCE | VF_LOCK_SHARED);
    return (PVOID)ExpCurrentThread();
}

/* @implemented: <= APC_LEVEL. */
__attribute__((noinline)) VOID FASTCALL ExReleaseResourceAndLeaveCriticalRegion(
    PERESOURCE Resource)
{
    VF_DEADLOCK_RELEASE(Resource, VF_LOCK_RESOURCE, HIGH_LEVEL);
    ExpRelease(Resource, ExpCurrentThread(), __builtin_return_address(0));
    KeLeaveCriticalRegion();
}
