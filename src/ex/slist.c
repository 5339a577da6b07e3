/*
 * PURPOSE: Interlocked singly linked lists (SLIST_HEADER, lock-free) and the spin-lock-
 * guarded ExInterlocked*List routines.
 *
 * The x64 SLIST_HEADER is two quadwords: Alignment = Depth (bits 0-15) and Sequence (bits
 * 16-63); Region = the first entry's address (16-byte aligned, so its low 4 bits are the
 * header's Reserved bits). Push, pop and flush replace both at once with cmpxchg16b; every
 * update bumps Sequence, so a header that changed and changed back (ABA) fails the compare.
 */

/* INCLUDES ******************************************************************************/

#include "exsyncp.h"

#if defined(__SANITIZE_THREAD__)
#define EXP_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define EXP_TSAN 1
#endif
#endif
#ifdef EXP_TSAN
#include <sanitizer/tsan_interface.h>
/* ThreadSanitizer does not see inside the cmpxchg16b: tell it the header orders memory. */
#define ExpTsanRelease(p) __tsan_release(p)
#define ExpTsanAcquire(p) __tsan_acquire(p)
#else
#define ExpTsanRelease(p) ((void)(p))
#define ExpTsanAcquire(p) ((void)(p))
#endif

/* PRIVATE FUNCTIONS *********************************************************************/

#define EXP_SLIST_DEPTH_MASK  0xFFFFULL
#define EXP_SLIST_SEQ_ONE     0x10000ULL
#define EXP_SLIST_ENTRY_MASK  (~0xFULL)

FORCEINLINE BOOLEAN ExpCompareExchange128(PSLIST_HEADER Header, ULONG64 *OldLow,
                                                 ULONG64 *OldHigh, ULONG64 NewLow,
                                                 ULONG64 NewHigh)
{
    BOOLEAN Equal;

    ExpTsanRelease(Header);
    __asm__ __volatile__("lock cmpxchg16b %1\n\tsete %0"
                         : "=q"(Equal), "+m"(*Header), "+a"(*OldLow), "+d"(*OldHigh)
                         : "b"(NewLow), "c"(NewHigh)
                         : "memory", "cc");
    ExpTsanAcquire(Header);
    return Equal;
}

FORCEINLINE VOID ExpReadHeader(PSLIST_HEADER Header, ULONG64 *Low, ULONG64 *High)
{
    /* Two loads may tear; the compare-exchange then fails and the caller retries. */
    *Low = __atomic_load_n(&Header->Alignment, __ATOMIC_ACQUIRE);
    *High = __atomic_load_n(&Header->Region, __ATOMIC_ACQUIRE);
}

/*
 * The Next link of an entry that was first when the header was read. Another thread may
 * have popped and freed or reused it since (then the compare-exchange fails and the value
 * is discarded), so this read must not be reported by the sanitizers; pool memory stays
 * mapped, so it cannot fault.
 */
__attribute__((no_sanitize("address", "thread"), noinline))
static PSLIST_ENTRY ExpReadNextLink(PSLIST_ENTRY Entry)
{
    return *(PSLIST_ENTRY volatile *)&Entry->Next;
}

FORCEINLINE KIRQL ExpLockList(PKSPIN_LOCK Lock)
{
    KIRQL Irql = KeGetCurrentIrql();

    if (Irql < DISPATCH_LEVEL)
        return KeAcquireSpinLockRaiseToDpc(Lock);
    KeAcquireSpinLockAtDpcLevel(Lock);
    return Irql;
}

FORCEINLINE VOID ExpUnlockList(PKSPIN_LOCK Lock, KIRQL OldIrql)
{
    if (OldIrql < DISPATCH_LEVEL)
        KeReleaseSpinLock(Lock, OldIrql);
    else
        KeReleaseSpinLockFromDpcLevel(Lock);
}

/* PUBLIC FUNCTIONS **********************************************************************/

/* @implemented: any IRQL. */
VOID NTAPI InitializeSListHead(PSLIST_HEADER SListHead)
{
    __atomic_store_n(&SListHead->Alignment, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&SListHead->Region, 0, __ATOMIC_RELEASE);
}

/* @implemented: any IRQL. Returns the former first entry or NULL. */
PSLIST_ENTRY FASTCALL InterlockedPushEntrySList(PSLIST_HEADER ListHead, PSLIST_ENTRY ListEntry)
{
    ULONG64 Low, High;

    ExpReadHeader(ListHead, &Low, &High);
    for (;;) {
        ULONG64 NewLow = ((Low & ~EXP_SLIST_DEPTH_MASK) + EXP_SLIST_SEQ_ONE) |
                         ((Low + 1) & EXP_SLIST_DEPTH_MASK);
        __atomic_store_n(&ListEntry->Next, (PSLIST_ENTRY)(High & EXP_SLIST_ENTRY_MASK),
                         __ATOMIC_RELAXED);
        if (ExpCompareExchange128(ListHead, &Low, &High, NewLow, (ULONG64)ListEntry))
            return (PSLIST_ENTRY)(High & EXP_SLIST_ENTRY_MASK);
    }
}

/* @implemented: any IRQL. Returns the removed entry or NULL. */
PSLIST_ENTRY FASTCALL InterlockedPopEntrySList(PSLIST_HEADER ListHead)
{
    ULONG64 Low, High;

    ExpReadHeader(ListHead, &Low, &High);
    for (;;) {
        PSLIST_ENTRY First = (PSLIST_ENTRY)(High & EXP_SLIST_ENTRY_MASK);
        ULONG64 NewLow;
        if (!First)
            return NULL;
        NewLow = ((Low & ~EXP_SLIST_DEPTH_MASK) + EXP_SLIST_SEQ_ONE) |
                 ((Low - 1) & EXP_SLIST_DEPTH_MASK);
        if (ExpCompareExchange128(ListHead, &Low, &High, NewLow,
                                  (ULONG64)ExpReadNextLink(First)))
            return First;
    }
}

/* @implemented: any IRQL. Returns the former first entry (the whole chain) or NULL. */
PSLIST_ENTRY FASTCALL InterlockedFlushSList(PSLIST_HEADER ListHead)
{
    ULONG64 Low, High;

    ExpReadHeader(ListHead, &Low, &High);
    for (;;) {
        if ((High & EXP_SLIST_ENTRY_MASK) == 0)
            return NULL;
        if (ExpCompareExchange128(ListHead, &Low, &High,
                                  (Low & ~EXP_SLIST_DEPTH_MASK) + EXP_SLIST_SEQ_ONE, 0))
            return (PSLIST_ENTRY)(High & EXP_SLIST_ENTRY_MASK);
    }
}

/* @implemented: any IRQL. */
USHORT NTAPI ExQueryDepthSList(PSLIST_HEADER SListHead)
{
    return (USHORT)(__atomic_load_n(&SListHead->Alignment, __ATOMIC_ACQUIRE) &
                    EXP_SLIST_DEPTH_MASK);
}

/* @implemented: any IRQL. Returns the former first entry, NULL if the list was empty. */
PLIST_ENTRY FASTCALL ExInterlockedInsertHeadList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry,
                                                 PKSPIN_LOCK Lock)
{
    KIRQL OldIrql = ExpLockList(Lock);
    PLIST_ENTRY First = ListHead->Flink;

    InsertHeadList(ListHead, ListEntry);
    ExpUnlockList(Lock, OldIrql);
    return First == ListHead ? NULL : First;
}

/* @implemented: any IRQL. Returns the former last entry, NULL if the list was empty. */
PLIST_ENTRY FASTCALL ExInterlockedInsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry,
                                                 PKSPIN_LOCK Lock)
{
    KIRQL OldIrql = ExpLockList(Lock);
    PLIST_ENTRY Last = ListHead->Blink;

    InsertTailList(ListHead, ListEntry);
    ExpUnlockList(Lock, OldIrql);
    return Last == ListHead ? NULL : Last;
}

/* @implemented: any IRQL. Returns the removed first entry, NULL if the list was empty. */
PLIST_ENTRY FASTCALL ExInterlockedRemoveHeadList(PLIST_ENTRY ListHead, PKSPIN_LOCK Lock)
{
    KIRQL OldIrql = ExpLockList(Lock);
    PLIST_ENTRY Entry = IsListEmpty(ListHead) ? NULL : RemoveHeadList(ListHead);

    ExpUnlockList(Lock, OldIrql);
    return Entry;
}

/* @implemented: any IRQL. Returns the former first entry or NULL. */
PSINGLE_LIST_ENTRY FASTCALL ExInterlockedPushEntryList(PSINGLE_LIST_ENTRY ListHead,
                                                       PSINGLE_LIST_ENTRY ListEntry,
                                                       PKSPIN_LOCK Lock)
{
    KIRQL OldIrql = ExpLockList(Lock);
    PSINGLE_LIST_ENTRY First = ListHead->Next;

    PushEntryList(ListHead, ListEntry);
    ExpUnlockList(Lock, OldIrql);
    return First;
}

/* @implemented: any IRQL. Returns the removed first entry or NULL. */
PSINGLE_LIST_ENTRY FASTCALL ExInterlockedPopEntryList(PSINGLE_LIST_ENTRY ListHead,
                                                      PKSPIN_LOCK Lock)
{
    KIRQL OldIrql = ExpLockList(Lock);
    PSINGLE_LIST_ENTRY Entry = PopEntryList(ListHead);

    ExpUnlockList(Lock, OldIrql);
    return Entry;
}
