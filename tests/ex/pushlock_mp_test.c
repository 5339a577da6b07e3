/*
 * PURPOSE: Push locks under concurrency (src/ex/pushlock.c): readers and writers on several
 * threads never overlap wrongly, no update is lost, and an exclusive waiter holds off new
 * shared requests until it has had the lock. Bounded iterations; run under TSan in CI.
 */
#include <pthread.h>
#include <sched.h>
#include <ntddk.h>
#include "ktest.h"

#define PL_THREADS 6
#define PL_ROUNDS 4000

static EX_PUSH_LOCK Lock;
static LONG Counter;                 /* plain: guarded by Lock */
static LONG Mirror;                  /* plain: always equals Counter outside a writer */
static volatile LONG Writers, Readers, Bad;

static void *PlWorker(void *arg)
{
    LONG id = (LONG)(ULONG_PTR)arg;

    for (int i = 0; i < PL_ROUNDS; i++) {
        KeEnterCriticalRegion();
        if ((i + id) % 4 == 0) {
            ExAcquirePushLockExclusive(&Lock);
            if (InterlockedIncrement(&Writers) != 1 || InterlockedCompareExchange(&Readers, 0, 0) != 0)
                InterlockedIncrement(&Bad);
            Counter++;
            Mirror = Counter;
            InterlockedDecrement(&Writers);
            ExReleasePushLockExclusive(&Lock);
        } else if ((i + id) % 4 == 1 && ExTryAcquirePushLockExclusive(&Lock)) {
            Counter++;
            Mirror = Counter;
            ExReleasePushLock(&Lock);
        } else {
            ExAcquirePushLockShared(&Lock);
            InterlockedIncrement(&Readers);
            if (InterlockedCompareExchange(&Writers, 0, 0) != 0 || Mirror != Counter)
                InterlockedIncrement(&Bad);
            InterlockedDecrement(&Readers);
            ExReleasePushLockShared(&Lock);
        }
        KeLeaveCriticalRegion();
    }
    return NULL;
}

static void ex_pushlock_mp_test_readers_and_writers(KTEST *t)
{
    pthread_t th[PL_THREADS];
    LONG expected = 0;

    ExInitializePushLock(&Lock);
    Counter = Mirror = 0;
    Bad = 0;
    for (int id = 0; id < PL_THREADS; id++)
        pthread_create(&th[id], NULL, PlWorker, (void *)(ULONG_PTR)id);
    for (int id = 0; id < PL_THREADS; id++)
        pthread_join(th[id], NULL);
    KT_EXPECT_EQ(t, Bad, 0);
    for (int id = 0; id < PL_THREADS; id++)
        for (int i = 0; i < PL_ROUNDS; i++)
            if ((i + id) % 4 == 0)
                expected++;
    KT_EXPECT_TRUE(t, Counter >= expected);    /* plus the successful Try forms */
    KT_EXPECT_EQ(t, Mirror, Counter);
    KT_EXPECT_EQ(t, Lock, 0);
}

/* Writer waiting: new readers queue behind it, and it gets the lock when the reader leaves. */
static EX_PUSH_LOCK WLock;
static LONG WriterIn, WriterDone;   /* Interlocked writes; read after join or under the lock */

static void *PlWriter(void *arg)
{
    (void)arg;
    ExAcquirePushLockExclusive(&WLock);
    InterlockedExchange(&WriterIn, 1);
    ExReleasePushLockExclusive(&WLock);
    InterlockedExchange(&WriterDone, 1);
    return NULL;
}

static void ex_pushlock_mp_test_exclusive_waiter_blocks_new_shared(KTEST *t)
{
    pthread_t th;

    ExInitializePushLock(&WLock);
    WriterIn = WriterDone = 0;
    ExAcquirePushLockShared(&WLock);
    pthread_create(&th, NULL, PlWriter, NULL);
    /* Until the writer starts waiting, shared requests succeed; once it waits, they fail. */
    for (;;) {
        if (!ExTryAcquirePushLockShared(&WLock))
            break;
        ExReleasePushLockShared(&WLock);
        sched_yield();
    }
    KT_EXPECT_EQ(t, WriterIn, 0);               /* we still hold it shared */
    KT_EXPECT_FALSE(t, ExTryAcquirePushLockExclusive(&WLock));
    ExReleasePushLockShared(&WLock);
    pthread_join(th, NULL);
    KT_EXPECT_EQ(t, WriterIn, 1);
    KT_EXPECT_EQ(t, WriterDone, 1);
    KT_EXPECT_EQ(t, WLock, 0);
}

/* Many locks sharing the sleep buckets: waiters of one never miss the wake-up of theirs. */
#define PL_LOCKS 128
static EX_PUSH_LOCK Many[PL_LOCKS];
static LONG ManyCount[PL_LOCKS];

static void *PlManyWorker(void *arg)
{
    ULONG seed = (ULONG)(ULONG_PTR)arg * 2654435761u + 1;
    for (int i = 0; i < PL_ROUNDS; i++) {
        seed = seed * 1103515245u + 12345u;
        ULONG k = (seed >> 8) % 4;        /* few locks: real contention */
        ExAcquirePushLockExclusive(&Many[k * 37 % PL_LOCKS]);
        ManyCount[k * 37 % PL_LOCKS]++;
        ExReleasePushLockExclusive(&Many[k * 37 % PL_LOCKS]);
    }
    return NULL;
}

static void ex_pushlock_mp_test_contended_exclusive_loses_nothing(KTEST *t)
{
    pthread_t th[PL_THREADS];
    LONG total = 0;

    for (int i = 0; i < PL_LOCKS; i++) {
        ExInitializePushLock(&Many[i]);
        ManyCount[i] = 0;
    }
    for (int id = 0; id < PL_THREADS; id++)
        pthread_create(&th[id], NULL, PlManyWorker, (void *)(ULONG_PTR)(id + 1));
    for (int id = 0; id < PL_THREADS; id++)
        pthread_join(th[id], NULL);
    for (int i = 0; i < PL_LOCKS; i++) {
        total += ManyCount[i];
        KT_EXPECT_EQ(t, Many[i], 0);
    }
    KT_EXPECT_EQ(t, total, PL_THREADS * PL_ROUNDS);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ex_pushlock_mp_test_readers_and_writers),
    KTEST_CASE_ENTRY(ex_pushlock_mp_test_exclusive_waiter_blocks_new_shared),
    KTEST_CASE_ENTRY(ex_pushlock_mp_test_contended_exclusive_loses_nothing),
    { 0 },
};
KTEST_SUITE(ex_pushlock_mp, cases);
