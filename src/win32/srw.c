/*
 * PURPOSE: Slim reader/writer locks and condition variables (pointer-sized, statically
 * initializable, never allocate).
 *
 * Waiting threads park in one of a fixed set of buckets (a host mutex and condition each),
 * chosen by the address of the lock or condition variable. An SRW lock word holds bit 0
 * (owned exclusively), bit 1 (someone may be waiting) and the shared owners' count from
 * bit 2. A waiter sets bit 1 under its bucket's mutex, only while the lock is still held,
 * and sleeps; the release that frees the lock clears bit 1 with the same atomic step and
 * then wakes the bucket, so no wake-up is lost. A condition variable's word is a
 * sequence number: waking bumps it and wakes the bucket; a sleeper waits for it to change.
 * WakeConditionVariable may wake more than one thread: the documented spurious wake-up.
 */

/* INCLUDES ******************************************************************************/

#include <pthread.h>   /* pthread_once: C11 call_once is invisible to ThreadSanitizer */
#include <internal/win32.h>

/* GLOBALS *******************************************************************************/

#define BASEP_SRW_EXCLUSIVE ((ULONG_PTR)1)
#define BASEP_SRW_WAITERS   ((ULONG_PTR)2)
#define BASEP_SRW_SHARED    ((ULONG_PTR)4)

#define BASEP_PARK_BUCKETS 64

typedef struct _BASEP_PARK_BUCKET {
    HOST_CONDITION Condition;
    ULONG Waiters;                 /* condition-variable sleepers (bucket mutex) */
} BASEP_PARK_BUCKET;

static BASEP_PARK_BUCKET BasepParkBuckets[BASEP_PARK_BUCKETS];
static pthread_once_t BasepParkOnce = PTHREAD_ONCE_INIT;

/* PRIVATE FUNCTIONS *********************************************************************/

static void BasepInitializeBuckets(void)
{
    for (ULONG i = 0; i < BASEP_PARK_BUCKETS; i++)
        HostConditionInitialize(&BasepParkBuckets[i].Condition);
}

static BASEP_PARK_BUCKET *BasepBucket(const volatile void *Address)
{
    ULONG_PTR v = ((ULONG_PTR)Address >> 3) * 0x9E3779B97F4A7C15ULL;
    pthread_once(&BasepParkOnce, BasepInitializeBuckets);
    return &BasepParkBuckets[v >> 58];
}

static ULONG_PTR *BasepWord(PSRWLOCK Lock)
{
    return (ULONG_PTR *)&Lock->Ptr;
}

static VOID BasepWakeBucket(const volatile void *Address)
{
    BASEP_PARK_BUCKET *Bucket = BasepBucket(Address);

    HostConditionLock(&Bucket->Condition);
    HostConditionBroadcast(&Bucket->Condition);
    HostConditionUnlock(&Bucket->Condition);
}

/* Sleeps until the lock may have changed hands, if Busy(word) still holds. */
static VOID BasepParkSrw(PSRWLOCK Lock, BOOL (*Busy)(ULONG_PTR))
{
    ULONG_PTR *Word = BasepWord(Lock);
    BASEP_PARK_BUCKET *Bucket = BasepBucket(Word);
    ULONG_PTR v;

    HostConditionLock(&Bucket->Condition);
    v = __atomic_load_n(Word, __ATOMIC_RELAXED);
    while (Busy(v)) {
        if ((v & BASEP_SRW_WAITERS) ||
            __atomic_compare_exchange_n(Word, &v, v | BASEP_SRW_WAITERS, FALSE,
                                        __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
            HostConditionWait(&Bucket->Condition);
            break;
        }
        /* v was reloaded by the failed exchange: look again. */
    }
    HostConditionUnlock(&Bucket->Condition);
}

static BOOL BasepBusyForExclusive(ULONG_PTR v)
{
    return (v & ~BASEP_SRW_WAITERS) != 0;
}

static BOOL BasepBusyForShared(ULONG_PTR v)
{
    return (v & BASEP_SRW_EXCLUSIVE) != 0;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/* @implemented: see win/sync.h. */
VOID WINAPI InitializeSRWLock(PSRWLOCK SRWLock)
{
    SRWLock->Ptr = NULL;
}

/* @implemented */
BOOLEAN WINAPI TryAcquireSRWLockExclusive(PSRWLOCK SRWLock)
{
    ULONG_PTR *Word = BasepWord(SRWLock);
    ULONG_PTR v = __atomic_load_n(Word, __ATOMIC_RELAXED);

    while (!BasepBusyForExclusive(v))
        if (__atomic_compare_exchange_n(Word, &v, v | BASEP_SRW_EXCLUSIVE, FALSE,
                                        __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
            return TRUE;
    return FALSE;
}

/* @implemented */
BOOLEAN WINAPI TryAcquireSRWLockShared(PSRWLOCK SRWLock)
{
    ULONG_PTR *Word = BasepWord(SRWLock);
    ULONG_PTR v = __atomic_load_n(Word, __ATOMIC_RELAXED);

    while (!BasepBusyForShared(v))
        if (__atomic_compare_exchange_n(Word, &v, v + BASEP_SRW_SHARED, FALSE,
                                        __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
            return TRUE;
    return FALSE;
}

/* @implemented */
VOID WINAPI AcquireSRWLockExclusive(PSRWLOCK SRWLock)
{
    while (!TryAcquireSRWLockExclusive(SRWLock))
        BasepParkSrw(SRWLock, BasepBusyForExclusive);
}

/* @implemented */
VOID WINAPI AcquireSRWLockShared(PSRWLOCK SRWLock)
{
    while (!TryAcquireSRWLockShared(SRWLock))
        BasepParkSrw(SRWLock, BasepBusyForShared);
}

/* @implemented */
VOID WINAPI ReleaseSRWLockExclusive(PSRWLOCK SRWLock)
{
    ULONG_PTR *Word = BasepWord(SRWLock);

    if (__atomic_exchange_n(Word, 0, __ATOMIC_RELEASE) & BASEP_SRW_WAITERS)
        BasepWakeBucket(Word);
}

/* @implemented */
VOID WINAPI ReleaseSRWLockShared(PSRWLOCK SRWLock)
{
    ULONG_PTR *Word = BasepWord(SRWLock);
    ULONG_PTR v = __atomic_load_n(Word, __ATOMIC_RELAXED), New;

    do {
        New = v - BASEP_SRW_SHARED;
        if ((New & ~BASEP_SRW_WAITERS) == 0)
            New = 0;   /* the last reader: free, and wake whoever waits */
    } while (!__atomic_compare_exchange_n(Word, &v, New, FALSE, __ATOMIC_RELEASE,
                                          __ATOMIC_RELAXED));
    if (New == 0 && (v & BASEP_SRW_WAITERS))
        BasepWakeBucket(Word);
}

/* ---- Condition variables --------------------------------------------------------------- */

/* @implemented */
VOID WINAPI InitializeConditionVariable(PCONDITION_VARIABLE ConditionVariable)
{
    ConditionVariable->Ptr = NULL;
}

/* Waits for the sequence number to move past Sequence; FALSE on timeout. */
static BOOL BasepSleepCondition(PCONDITION_VARIABLE ConditionVariable, ULONG_PTR Sequence,
                                DWORD Milliseconds)
{
    ULONG_PTR *Word = (ULONG_PTR *)&ConditionVariable->Ptr;
    BASEP_PARK_BUCKET *Bucket = BasepBucket(Word);
    ULONG64 Deadline = 0;
    BOOL Woken = TRUE;

    if (Milliseconds != INFINITE)
        Deadline = HostQueryMonotonicClock() / 100 + (ULONG64)Milliseconds * 10000;
    HostConditionLock(&Bucket->Condition);
    Bucket->Waiters++;
    while (__atomic_load_n(Word, __ATOMIC_ACQUIRE) == Sequence) {
        if (Milliseconds == INFINITE) {
            HostConditionWait(&Bucket->Condition);
        } else if (!HostConditionWaitUntil(&Bucket->Condition, Deadline) &&
                   HostQueryMonotonicClock() / 100 >= Deadline) {
            Woken = __atomic_load_n(Word, __ATOMIC_ACQUIRE) != Sequence;
            break;
        }
    }
    Bucket->Waiters--;
    HostConditionUnlock(&Bucket->Condition);
    return Woken;
}

static VOID BasepWakeCondition(PCONDITION_VARIABLE ConditionVariable)
{
    ULONG_PTR *Word = (ULONG_PTR *)&ConditionVariable->Ptr;
    BASEP_PARK_BUCKET *Bucket = BasepBucket(Word);

    __atomic_add_fetch(Word, 1, __ATOMIC_RELEASE);
    HostConditionLock(&Bucket->Condition);
    if (Bucket->Waiters != 0)
        HostConditionBroadcast(&Bucket->Condition);
    HostConditionUnlock(&Bucket->Condition);
}

/* @implemented */
BOOL WINAPI SleepConditionVariableCS(PCONDITION_VARIABLE ConditionVariable,
                                     PCRITICAL_SECTION CriticalSection, DWORD dwMilliseconds)
{
    ULONG_PTR Sequence = __atomic_load_n((ULONG_PTR *)&ConditionVariable->Ptr, __ATOMIC_ACQUIRE);
    LONG Recursion = CriticalSection->RecursionCount;
    BOOL Woken;

    /* The caller's levels of ownership all go, and come back with the section. */
    CriticalSection->RecursionCount = 1;
    LeaveCriticalSection(CriticalSection);
    Woken = BasepSleepCondition(ConditionVariable, Sequence, dwMilliseconds);
    EnterCriticalSection(CriticalSection);
    CriticalSection->RecursionCount = Recursion;
    if (!Woken) {
        SetLastError(ERROR_TIMEOUT);
        return FALSE;
    }
    return TRUE;
}

/* @implemented: Flags 0 (exclusive) or CONDITION_VARIABLE_LOCKMODE_SHARED. */
BOOL WINAPI SleepConditionVariableSRW(PCONDITION_VARIABLE ConditionVariable, PSRWLOCK SRWLock,
                                      DWORD dwMilliseconds, ULONG Flags)
{
    ULONG_PTR Sequence;
    BOOL Shared = (Flags & CONDITION_VARIABLE_LOCKMODE_SHARED) != 0, Woken;

    if (Flags & ~CONDITION_VARIABLE_LOCKMODE_SHARED) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    Sequence = __atomic_load_n((ULONG_PTR *)&ConditionVariable->Ptr, __ATOMIC_ACQUIRE);
    if (Shared)
        ReleaseSRWLockShared(SRWLock);
    else
        ReleaseSRWLockExclusive(SRWLock);
    Woken = BasepSleepCondition(ConditionVariable, Sequence, dwMilliseconds);
    if (Shared)
        AcquireSRWLockShared(SRWLock);
    else
        AcquireSRWLockExclusive(SRWLock);
    if (!Woken) {
        SetLastError(ERROR_TIMEOUT);
        return FALSE;
    }
    return TRUE;
}

/* @implemented */
VOID WINAPI WakeConditionVariable(PCONDITION_VARIABLE ConditionVariable)
{
    BasepWakeCondition(ConditionVariable);
}

/* @implemented */
VOID WINAPI WakeAllConditionVariable(PCONDITION_VARIABLE ConditionVariable)
{
    BasepWakeCondition(ConditionVariable);
}
