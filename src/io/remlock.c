/*
 * PURPOSE: Remove locks (IO_REMOVE_LOCK): counted acquisitions that keep a device object
 * from going away, and the release-and-wait that ends them.
 *
 * Common.IoCount is the number of holders plus one "bias" that IoReleaseRemoveLockAndWait
 * drops; whoever brings it to zero sets Common.RemoveEvent (a synchronization event) for
 * the waiter. Once Common.Removed is set every acquisition fails with STATUS_DELETE_PENDING.
 *
 * Two layouts share the routines, told apart by RemlockSize (the driver's
 * sizeof(IO_REMOVE_LOCK)): the free one is the common block alone; the checked one (a
 * driver built with DBG nonzero) adds IO_REMOVE_LOCK_DBG_BLOCK, in which kmode keeps a
 * tracking block per acquisition (tag, file, line, time; nonpaged pool with the lock's
 * AllocateTag) to check releases against acquisitions, the high watermark and the maximum
 * hold time. MaxLockedTicks is kept in 100 ns units of the interrupt time.
 *
 * Misuse is reported as an assertion failure (Windows' checked-build ASSERTs; its free build
 * would silently corrupt the count), after the lock's own state is consistent again:
 *   - a release that would take the count below its holders (never acquired, or twice):
 *     the release is ignored;
 *   - IoReleaseRemoveLockAndWait without holding the lock (it still marks the lock removed
 *     and waits for the others), or a second time (it returns at once);
 *   - a RemlockSize that is neither layout (the common block is used);
 *   - HighWatermark above 0x7FFFFFFF at initialization;
 *   checked layout only:
 *   - an acquisition on a lock that was never initialized (no signature);
 *   - more than HighWatermark holders (the acquisition succeeds);
 *   - a release whose tag no acquisition recorded (the count is still released);
 *   - a release after the acquisition was held longer than MaxLockedMinutes.
 */

/* INCLUDES ******************************************************************************/

#include <stdarg.h>
#include <stdio.h>
#include <internal/ke.h>
#include <internal/io.h>

/* GLOBALS *******************************************************************************/

/* One acquisition of a checked remove lock (kmode's layout; the WDK leaves it opaque). */
typedef struct _IO_REMOVE_LOCK_TRACKING_BLOCK {
    struct _IO_REMOVE_LOCK_TRACKING_BLOCK *Link;
    PVOID Tag;
    PCSTR File;
    ULONG Line;
    LONGLONG TimeLocked;            /* interrupt time, 100 ns */
} IO_REMOVE_LOCK_TRACKING_BLOCK;

/* The checked layout whatever DBG this file is compiled with. */
typedef struct _IOP_REMOVE_LOCK_CHECKED {
    IO_REMOVE_LOCK_COMMON_BLOCK Common;
    IO_REMOVE_LOCK_DBG_BLOCK Dbg;
} IOP_REMOVE_LOCK_CHECKED;

_Static_assert(sizeof(IO_REMOVE_LOCK_COMMON_BLOCK) == 32, "free IO_REMOVE_LOCK is 32 bytes");
_Static_assert(sizeof(IOP_REMOVE_LOCK_CHECKED) == 120, "checked IO_REMOVE_LOCK is 120 bytes");

#define IOP_REMLOCK_FREE_SIZE     ((ULONG)sizeof(IO_REMOVE_LOCK_COMMON_BLOCK))
#define IOP_REMLOCK_CHECKED_SIZE  ((ULONG)sizeof(IOP_REMOVE_LOCK_CHECKED))
#define IOP_REMLOCK_SIGNATURE     0x6B6C6D52        /* 'RmLk' (kmode's) */
#define IOP_REMLOCK_DEFAULT_TAG   'kLmR'            /* when AllocateTag is 0 */
#define IOP_TICKS_PER_MINUTE      600000000LL       /* 100 ns units */

/* PRIVATE FUNCTIONS *********************************************************************/

static __attribute__((format(printf, 2, 3))) VOID IopRemoveLockAssert(PVOID Caller,
                                                                      const char *Format, ...)
{
    char message[512];
    int n;
    va_list ap;

    n = snprintf(message, sizeof message, "*** Assertion failed: remove lock: ");
    va_start(ap, Format);
    vsnprintf(message + n, sizeof message - n, Format, ap);
    va_end(ap);
    KiBreakpoint(STATUS_ASSERTION_FAILURE, "assertion failure", Caller, message, 0, FALSE);
}

/* TRUE for the checked layout. An unknown size is reported and handled as the free one. */
static BOOLEAN IopIsCheckedRemoveLock(PIO_REMOVE_LOCK Lock, ULONG RemlockSize, PVOID Caller)
{
    if (RemlockSize == IOP_REMLOCK_CHECKED_SIZE)
        return TRUE;
    if (RemlockSize != IOP_REMLOCK_FREE_SIZE)
        IopRemoveLockAssert(Caller, "lock %p: RemlockSize %u is neither sizeof(IO_REMOVE_LOCK) "
                            "of a free (%u) nor of a checked (%u) build\n", Lock, RemlockSize,
                            IOP_REMLOCK_FREE_SIZE, IOP_REMLOCK_CHECKED_SIZE);
    return FALSE;
}

static ULONG IopRemoveLockPoolTag(IOP_REMOVE_LOCK_CHECKED *Lock)
{
    return Lock->Dbg.AllocateTag ? (ULONG)Lock->Dbg.AllocateTag : IOP_REMLOCK_DEFAULT_TAG;
}

/* Records one acquisition; when the pool is out of memory, counts it untracked instead. */
static VOID IopTrackAcquisition(IOP_REMOVE_LOCK_CHECKED *Lock, PVOID Tag, PCSTR File, ULONG Line)
{
    PIO_REMOVE_LOCK_TRACKING_BLOCK Block;
    KIRQL OldIrql;

    Block = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof *Block, IopRemoveLockPoolTag(Lock));
    if (Block == NULL) {
        __atomic_add_fetch(&Lock->Dbg.LowMemoryCount, 1, __ATOMIC_RELAXED);
        return;
    }
    Block->Tag = Tag;
    Block->File = File;
    Block->Line = Line;
    Block->TimeLocked = (LONGLONG)KeQueryInterruptTime();
    KeAcquireSpinLock(&Lock->Dbg.Spin, &OldIrql);
    Block->Link = Lock->Dbg.Blocks;
    Lock->Dbg.Blocks = Block;
    KeReleaseSpinLock(&Lock->Dbg.Spin, OldIrql);
}

/* Matches a release with a recorded acquisition of the same tag and checks its hold time. */
static VOID IopTrackRelease(IOP_REMOVE_LOCK_CHECKED *Lock, PVOID Tag, PVOID Caller)
{
    PIO_REMOVE_LOCK_TRACKING_BLOCK *Link, Block = NULL;
    KIRQL OldIrql;
    LONG Untracked;

    KeAcquireSpinLock(&Lock->Dbg.Spin, &OldIrql);
    for (Link = &Lock->Dbg.Blocks; *Link; Link = &(*Link)->Link) {
        if ((*Link)->Tag == Tag) {
            Block = *Link;
            *Link = Block->Link;
            break;
        }
    }
    KeReleaseSpinLock(&Lock->Dbg.Spin, OldIrql);

    if (Block) {
        LONGLONG Held = (LONGLONG)KeQueryInterruptTime() - Block->TimeLocked;
        PCSTR File = Block->File;
        ULONG Line = Block->Line;

        ExFreePoolWithTag(Block, IopRemoveLockPoolTag(Lock));
        if (Lock->Dbg.MaxLockedTicks != 0 && Held > Lock->Dbg.MaxLockedTicks)
            IopRemoveLockAssert(Caller, "lock %p: tag %p was held %lld us, longer than the lock's "
                                "MaxLockedMinutes (acquired at %s(%u))\n", (PVOID)Lock, Tag,
                                (long long)(Held / 10), File ? File : "?", Line);
        return;
    }
    /* Not found: one of the acquisitions the pool could not record, if there are any. */
    Untracked = __atomic_load_n(&Lock->Dbg.LowMemoryCount, __ATOMIC_RELAXED);
    while (Untracked > 0) {
        if (__atomic_compare_exchange_n(&Lock->Dbg.LowMemoryCount, &Untracked, Untracked - 1,
                                        FALSE, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
            return;
    }
    IopRemoveLockAssert(Caller, "lock %p: released with tag %p, which no acquisition of the "
                        "lock used\n", (PVOID)Lock, Tag);
}

/*
 * Drops one holder: FALSE (and no change) when the count has no holder left to drop, i.e.
 * it is at the bias (not yet removed) or at zero. Sets the event when the count reaches
 * zero. The count is read before Removed: ReleaseAndWait sets Removed before it drops the
 * bias, so a count without the bias is always seen with Removed set.
 */
static BOOLEAN IopDropHolder(IO_REMOVE_LOCK_COMMON_BLOCK *Common, LONG Minimum)
{
    LONG Count = __atomic_load_n(&Common->IoCount, __ATOMIC_SEQ_CST);

    for (;;) {
        LONG Floor = Minimum ? Minimum
                             : (__atomic_load_n(&Common->Removed, __ATOMIC_SEQ_CST) ? 1 : 2);
        if (Count < Floor)
            return FALSE;
        if (__atomic_compare_exchange_n(&Common->IoCount, &Count, Count - 1, FALSE,
                                        __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
            break;
    }
    if (Count - 1 == 0)
        KeSetEvent(&Common->RemoveEvent, IO_NO_INCREMENT, FALSE);
    return TRUE;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * PASSIVE_LEVEL (not enforced: it only initializes). No holders, not removed. The checked
 * layout also records AllocateTag, HighWatermark (0: no limit) and MaxLockedMinutes (0: no
 * limit).
 */
__attribute__((noinline)) VOID NTAPI IoInitializeRemoveLockEx(PIO_REMOVE_LOCK Lock,
                                                              ULONG AllocateTag,
                                                              ULONG MaxLockedMinutes,
                                                              ULONG HighWatermark,
                                                              ULONG RemlockSize)
{
    PVOID Caller = __builtin_return_address(0);
    IO_REMOVE_LOCK_COMMON_BLOCK *Common = &Lock->Common;
    BOOLEAN Checked = IopIsCheckedRemoveLock(Lock, RemlockSize, Caller);

    Common->Removed = FALSE;
    Common->Reserved[0] = Common->Reserved[1] = Common->Reserved[2] = 0;
    Common->IoCount = 1;
    KeInitializeEvent(&Common->RemoveEvent, SynchronizationEvent, FALSE);
    if (Checked) {
        IOP_REMOVE_LOCK_CHECKED *Full = (IOP_REMOVE_LOCK_CHECKED *)Lock;
        RtlZeroMemory(&Full->Dbg, sizeof Full->Dbg);
        Full->Dbg.Signature = IOP_REMLOCK_SIGNATURE;
        Full->Dbg.HighWatermark = HighWatermark;
        Full->Dbg.MaxLockedTicks = (LONGLONG)MaxLockedMinutes * IOP_TICKS_PER_MINUTE;
        Full->Dbg.AllocateTag = (LONG)AllocateTag;
        InitializeListHead(&Full->Dbg.LockList);
        KeInitializeSpinLock(&Full->Dbg.Spin);
        Full->Dbg.Blocks = NULL;
    }
    if (HighWatermark > 0x7FFFFFFF)
        IopRemoveLockAssert(Caller, "lock %p: HighWatermark 0x%x is above 0x7FFFFFFF\n", Lock,
                            HighWatermark);
}

/*
 * @implemented
 * <= DISPATCH_LEVEL. STATUS_SUCCESS: one more holder. STATUS_DELETE_PENDING: the lock is
 * removed (IoReleaseRemoveLockAndWait was called) and nothing was acquired. Tag (optional)
 * names the acquisition for the matching release; File and Line are where it happened.
 */
__attribute__((noinline)) NTSTATUS NTAPI IoAcquireRemoveLockEx(PIO_REMOVE_LOCK RemoveLock,
                                                               PVOID Tag, PCSTR File, ULONG Line,
                                                               ULONG RemlockSize)
{
    PVOID Caller = __builtin_return_address(0);
    IO_REMOVE_LOCK_COMMON_BLOCK *Common = &RemoveLock->Common;
    BOOLEAN Checked = IopIsCheckedRemoveLock(RemoveLock, RemlockSize, Caller);
    IOP_REMOVE_LOCK_CHECKED *Full = (IOP_REMOVE_LOCK_CHECKED *)RemoveLock;
    LONG Count;

    if (Checked && Full->Dbg.Signature != IOP_REMLOCK_SIGNATURE)
        IopRemoveLockAssert(Caller, "lock %p was not initialized (IoInitializeRemoveLock)\n",
                            RemoveLock);

    Count = __atomic_add_fetch(&Common->IoCount, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&Common->Removed, __ATOMIC_SEQ_CST)) {
        /* Too late: undo, and be the one who wakes the waiter if this was the last count. */
        if (__atomic_sub_fetch(&Common->IoCount, 1, __ATOMIC_SEQ_CST) == 0)
            KeSetEvent(&Common->RemoveEvent, IO_NO_INCREMENT, FALSE);
        return STATUS_DELETE_PENDING;
    }
    if (Checked) {
        IopTrackAcquisition(Full, Tag, File, Line);
        if (Full->Dbg.HighWatermark != 0 && (ULONG)(Count - 1) > Full->Dbg.HighWatermark)
            IopRemoveLockAssert(Caller, "lock %p: %d holders, more than its HighWatermark %u "
                                "(acquired at %s(%u))\n", RemoveLock, Count - 1,
                                Full->Dbg.HighWatermark, File ? File : "?", Line);
    }
    return STATUS_SUCCESS;
}

/*
 * @implemented
 * <= DISPATCH_LEVEL. Ends one acquisition (Tag as given to the acquire). The last release
 * after IoReleaseRemoveLockAndWait wakes its caller.
 */
__attribute__((noinline)) VOID NTAPI IoReleaseRemoveLockEx(PIO_REMOVE_LOCK RemoveLock, PVOID Tag,
                                                           ULONG RemlockSize)
{
    PVOID Caller = __builtin_return_address(0);
    BOOLEAN Checked = IopIsCheckedRemoveLock(RemoveLock, RemlockSize, Caller);

    if (!IopDropHolder(&RemoveLock->Common, 0)) {
        IopRemoveLockAssert(Caller, "lock %p released (tag %p) more often than it was acquired\n",
                            RemoveLock, Tag);
        return;
    }
    if (Checked)
        IopTrackRelease((IOP_REMOVE_LOCK_CHECKED *)RemoveLock, Tag, Caller);
}

/*
 * @implemented
 * PASSIVE_LEVEL; called elsewhere it is bugcheck 0xA IRQL_NOT_LESS_OR_EQUAL (lock, IRQL, 0,
 * caller). The caller must hold the lock once (Tag is that acquisition's). Marks the lock
 * removed, so every later acquisition fails, releases the caller's acquisition and returns
 * when every other holder has released. The lock must not be reinitialized afterwards.
 */
__attribute__((noinline)) VOID NTAPI IoReleaseRemoveLockAndWaitEx(PIO_REMOVE_LOCK RemoveLock,
                                                                  PVOID Tag, ULONG RemlockSize)
{
    PVOID Caller = __builtin_return_address(0);
    IO_REMOVE_LOCK_COMMON_BLOCK *Common = &RemoveLock->Common;
    KIRQL Irql = KeGetCurrentIrql();
    BOOLEAN Checked;

    if (Irql != PASSIVE_LEVEL) {
        KiBugCheck(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)RemoveLock, Irql, 0, (ULONG_PTR)Caller,
                   Caller, "IoReleaseRemoveLockAndWait must be called at PASSIVE_LEVEL.");
    }
    Checked = IopIsCheckedRemoveLock(RemoveLock, RemlockSize, Caller);
    if (__atomic_exchange_n(&Common->Removed, TRUE, __ATOMIC_SEQ_CST)) {
        IopRemoveLockAssert(Caller, "lock %p: IoReleaseRemoveLockAndWait called again\n",
                            RemoveLock);
        return;
    }
    /* The caller's own acquisition (the bias is still there, so at least 2). */
    if (IopDropHolder(Common, 2)) {
        if (Checked)
            IopTrackRelease((IOP_REMOVE_LOCK_CHECKED *)RemoveLock, Tag, Caller);
    } else {
        IopRemoveLockAssert(Caller, "lock %p: IoReleaseRemoveLockAndWait called without holding "
                            "the lock (IoAcquireRemoveLock first)\n", RemoveLock);
    }
    /* The bias: whoever takes the count to zero sets the event. */
    if (__atomic_sub_fetch(&Common->IoCount, 1, __ATOMIC_SEQ_CST) != 0)
        KeWaitForSingleObject(&Common->RemoveEvent, Executive, KernelMode, FALSE, NULL);

    if (Checked) {
        /* Every acquisition is released; blocks left behind carried mismatched tags (already
           reported at their release). */
        IOP_REMOVE_LOCK_CHECKED *Full = (IOP_REMOVE_LOCK_CHECKED *)RemoveLock;
        PIO_REMOVE_LOCK_TRACKING_BLOCK Block = Full->Dbg.Blocks, Next;
        Full->Dbg.Blocks = NULL;
        for (; Block; Block = Next) {
            Next = Block->Link;
            ExFreePoolWithTag(Block, IopRemoveLockPoolTag(Full));
        }
    }
}
