/*
 * PURPOSE: The per-thread record of the kernel locks a thread holds (spin locks, in-stack
 * queued spin locks, fast/guarded mutexes, ERESOURCEs), for the bugcheck report's
 * LOCKS_HELD section and its JSON copy (src/ke/bugcheck_locks.c).
 *
 * Each lock DDI calls KiTrackLockAcquired after it owns the lock and KiTrackLockReleased
 * when it gives it up: a push and a pop on a small thread-local array, no atomics, no
 * locks. Releases usually come in reverse order (the pop is one compare); an out-of-order
 * release searches the array (slow path). The record is a hint, not the truth: the report
 * checks each entry against the lock itself (a spin lock word naming this thread, a mutex
 * owner, an ERESOURCE owner entry) and drops those that no longer hold, so a lock released
 * by another thread (ExReleaseResourceForThreadLite) or an entry beyond the array's
 * capacity cannot produce a false report. Kernel mutexes (KMUTEX) are not recorded here:
 * the thread object already lists them (KTHREAD.MutantListHead).
 */
#ifndef _KMODE_INTERNAL_KILOCKS_H_
#define _KMODE_INTERNAL_KILOCKS_H_

#include <internal/ke.h>

#define KI_LOCK_SPIN_LOCK          1   /* KSPIN_LOCK (KeAcquireSpinLock & co) */
#define KI_LOCK_QUEUED_SPIN_LOCK   2   /* KSPIN_LOCK through KeAcquireInStackQueuedSpinLock* */
#define KI_LOCK_FAST_MUTEX         3   /* FAST_MUTEX / KGUARDED_MUTEX (one object since Win8) */
#define KI_LOCK_RESOURCE_EXCLUSIVE 4   /* ERESOURCE, exclusive acquisition */
#define KI_LOCK_RESOURCE_SHARED    5   /* ERESOURCE, shared acquisition */

#define KI_HELD_LOCKS_MAX 16

typedef struct _KI_HELD_LOCK {
    PVOID Lock;
    PVOID Caller;        /* return address into the code that acquired it */
    ULONG Kind;          /* KI_LOCK_* */
} KI_HELD_LOCK;

typedef struct _KI_HELD_LOCKS {
    ULONG Count;         /* acquisitions not yet released; may exceed KI_HELD_LOCKS_MAX
                            (the ones beyond it are counted, not recorded) */
    KI_HELD_LOCK Locks[KI_HELD_LOCKS_MAX];
} KI_HELD_LOCKS;

extern KI_TLS KI_HELD_LOCKS KiHeldLocks;

/* The out-of-order (or unknown) release: src/ke/bugcheck_locks.c. */
VOID KiTrackLockReleasedSlow(PVOID Lock);

/* The thread now owns Lock (acquired by the code at Caller). Any IRQL. */
FORCEINLINE VOID KiTrackLockAcquired(ULONG Kind, PVOID Lock, PVOID Caller)
{
    KI_HELD_LOCKS *Held = &KiHeldLocks;
    ULONG n = Held->Count;

    if (__builtin_expect(n < KI_HELD_LOCKS_MAX, 1)) {
        Held->Locks[n].Lock = Lock;
        Held->Locks[n].Caller = Caller;
        Held->Locks[n].Kind = Kind;
    }
    Held->Count = n + 1;
}

/* KiTrackLockAcquired when Acquired (a try-acquire's result); returns Acquired. */
FORCEINLINE BOOLEAN KiTrackLockAcquiredIf(BOOLEAN Acquired, ULONG Kind, PVOID Lock, PVOID Caller)
{
    if (Acquired)
        KiTrackLockAcquired(Kind, Lock, Caller);
    return Acquired;
}

/* The last acquisition recorded was Lock through a wrapper: give it its real kind and
   caller (the in-stack queued forms built on the plain ones). */
FORCEINLINE VOID KiTrackLockRetag(ULONG Kind, PVOID Lock, PVOID Caller)
{
    KI_HELD_LOCKS *Held = &KiHeldLocks;
    ULONG n = Held->Count;

    if (n - 1 < KI_HELD_LOCKS_MAX && Held->Locks[n - 1].Lock == Lock) {
        Held->Locks[n - 1].Kind = Kind;
        Held->Locks[n - 1].Caller = Caller;
    }
}

/* The thread gave up one acquisition of Lock. Any IRQL. */
FORCEINLINE VOID KiTrackLockReleased(PVOID Lock)
{
    KI_HELD_LOCKS *Held = &KiHeldLocks;
    ULONG n = Held->Count;

    /* n == 0 wraps to a huge index and takes the slow path, which ignores it. */
    if (__builtin_expect(n - 1 < KI_HELD_LOCKS_MAX && Held->Locks[n - 1].Lock == Lock, 1)) {
        Held->Count = n - 1;
        return;
    }
    KiTrackLockReleasedSlow(Lock);
}

#endif
