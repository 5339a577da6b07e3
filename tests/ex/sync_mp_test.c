/*
 * PURPOSE: Executive synchronization across threads (src/ex/): mutual exclusion of fast
 * and guarded mutexes and ERESOURCE, hand-off to shared and exclusive waiters, release for
 * another thread, rundown waits completed by other threads, and SLIST / lookaside lists
 * under concurrent push and pop. Bounded iterations; a thread that must observe another's
 * progress polls a condition (yielding), never a clock, so nothing depends on timing.
 */
#include <pthread.h>
#include <sched.h>
#include <ntddk.h>
#include "ktest.h"

#define THREADS 4
#define ROUNDS  3000

static FAST_MUTEX Fm;
static KGUARDED_MUTEX Gm;
static ERESOURCE Res;
static volatile LONG Counter;

static void RunThreads(void *(*fn)(void *), int n)
{
    pthread_t th[THREADS];
    for (int i = 0; i < n; i++)
        pthread_create(&th[i], NULL, fn, (void *)(ULONG_PTR)i);
    for (int i = 0; i < n; i++)
        pthread_join(th[i], NULL);
}

/* Waits (yielding) until *p == v: progress of another thread, not time. */
static void AwaitValue(volatile ULONG *p, ULONG v)
{
    while (__atomic_load_n(p, __ATOMIC_ACQUIRE) != v)
        sched_yield();
}

static void *FastMutexWorker(void *arg)
{
    for (int i = 0; i < ROUNDS; i++) {
        if (((ULONG_PTR)arg + i) % 4 == 0) {
            while (!ExTryToAcquireFastMutex(&Fm))
                sched_yield();
        } else {
            ExAcquireFastMutex(&Fm);
        }
        LONG v = Counter;       /* deliberately not atomic: the mutex must exclude */
        Counter = v + 1;
        ExReleaseFastMutex(&Fm);
    }
    return NULL;
}

static void ex_sync_mp_test_fast_mutex_excludes(KTEST *t)
{
    ExInitializeFastMutex(&Fm);
    Counter = 0;
    RunThreads(FastMutexWorker, THREADS);
    KT_EXPECT_EQ(t, Counter, THREADS * ROUNDS);
    KT_EXPECT_EQ(t, Fm.Count, 1);
}

static void *GuardedMutexWorker(void *arg)
{
    (void)arg;
    for (int i = 0; i < ROUNDS; i++) {
        KeAcquireGuardedMutex(&Gm);
        LONG v = Counter;
        Counter = v + 1;
        KeReleaseGuardedMutex(&Gm);
    }
    return NULL;
}

static void ex_sync_mp_test_guarded_mutex_excludes(KTEST *t)
{
    KeInitializeGuardedMutex(&Gm);
    Counter = 0;
    RunThreads(GuardedMutexWorker, THREADS);
    KT_EXPECT_EQ(t, Counter, THREADS * ROUNDS);
    KT_EXPECT_EQ(t, Gm.Count, 1);
}

static volatile LONG Readers, Writers, Violations;

static void *ResourceWorker(void *arg)
{
    ULONG id = (ULONG)(ULONG_PTR)arg;
    KeEnterCriticalRegion();
    for (int i = 0; i < ROUNDS; i++) {
        switch ((id + i) % 4) {
        case 0:
            ExAcquireResourceExclusiveLite(&Res, TRUE);
            if (Readers || InterlockedIncrement(&Writers) != 1)
                InterlockedIncrement(&Violations);
            Counter = Counter + 1;
            if (i % 8 == 0) {   /* recursion on the way */
                ExAcquireResourceSharedLite(&Res, TRUE);
                ExReleaseResourceLite(&Res);
            }
            InterlockedDecrement(&Writers);
            ExReleaseResourceLite(&Res);
            break;
        case 1:
            ExAcquireResourceSharedLite(&Res, TRUE);
            goto reader;
        case 2:
            ExAcquireSharedStarveExclusive(&Res, TRUE);
            goto reader;
        default:
            ExAcquireSharedWaitForExclusive(&Res, TRUE);
        reader:
            InterlockedIncrement(&Readers);
            if (Writers)
                InterlockedIncrement(&Violations);
            InterlockedDecrement(&Readers);
            ExReleaseResourceLite(&Res);
            break;
        }
    }
    KeLeaveCriticalRegion();
    return NULL;
}

static void ex_sync_mp_test_resource_excludes_writers(KTEST *t)
{
    ExInitializeResourceLite(&Res);
    Counter = Readers = Writers = Violations = 0;
    RunThreads(ResourceWorker, THREADS);
    KT_EXPECT_EQ(t, Violations, 0);
    KT_EXPECT_EQ(t, Counter, THREADS * ROUNDS / 4);
    KT_EXPECT_EQ(t, Res.ActiveCount, 0);
    KT_EXPECT_EQ(t, ExGetExclusiveWaiterCount(&Res), 0);
    KT_EXPECT_EQ(t, ExGetSharedWaiterCount(&Res), 0);
    ExDeleteResourceLite(&Res);
}

static volatile ULONG Granted;
static volatile LONG SawExclusiveAlone;

static void *SharedWaiter(void *arg)
{
    (void)arg;
    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&Res, TRUE);
    InterlockedIncrement((volatile LONG *)&Granted);
    ExReleaseResourceLite(&Res);
    KeLeaveCriticalRegion();
    return NULL;
}

static void *ExclusiveWaiter(void *arg)
{
    (void)arg;
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&Res, TRUE);
    if (ExIsResourceAcquiredExclusiveLite(&Res) && Granted == 0)
        SawExclusiveAlone = 1;
    InterlockedIncrement((volatile LONG *)&Granted);
    ExReleaseResourceLite(&Res);
    KeLeaveCriticalRegion();
    return NULL;
}

/*
 * Shared owner holds it; an exclusive waiter queues; then shared requests queue behind it
 * (ExAcquireResourceSharedLite does not starve exclusive waiters) while StarveExclusive
 * still gets in. The shared release hands it to the exclusive waiter first.
 */
static void ex_sync_mp_test_resource_waiters_and_handoff(KTEST *t)
{
    pthread_t ex, sh[2];

    ExInitializeResourceLite(&Res);
    Granted = 0;
    SawExclusiveAlone = 0;
    KeEnterCriticalRegion();
    KT_ASSERT_TRUE(t, ExAcquireResourceSharedLite(&Res, TRUE));
    pthread_create(&ex, NULL, ExclusiveWaiter, NULL);
    AwaitValue(&Res.NumberOfExclusiveWaiters, 1);
    KT_EXPECT_EQ(t, ExGetExclusiveWaiterCount(&Res), 1);
    for (int i = 0; i < 2; i++)
        pthread_create(&sh[i], NULL, SharedWaiter, NULL);
    AwaitValue(&Res.NumberOfSharedWaiters, 2);
    KT_EXPECT_EQ(t, ExGetSharedWaiterCount(&Res), 2);
    KT_EXPECT_EQ(t, Granted, 0);
    /* Already a shared owner: SharedLite and StarveExclusive recurse at once, but
       WaitForExclusive with Wait=FALSE yields to the exclusive waiter. */
    KT_EXPECT_TRUE(t, ExAcquireResourceSharedLite(&Res, FALSE));
    KT_EXPECT_TRUE(t, ExAcquireSharedStarveExclusive(&Res, FALSE));
    KT_EXPECT_FALSE(t, ExAcquireSharedWaitForExclusive(&Res, FALSE));
    ExReleaseResourceLite(&Res);
    ExReleaseResourceLite(&Res);
    ExReleaseResourceLite(&Res);   /* last shared release: the exclusive waiter goes */
    pthread_join(ex, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(sh[i], NULL);
    KeLeaveCriticalRegion();
    KT_EXPECT_EQ(t, SawExclusiveAlone, 1);
    KT_EXPECT_EQ(t, Granted, 3);
    KT_EXPECT_EQ(t, Res.ActiveCount, 0);
    ExDeleteResourceLite(&Res);
}

static ERESOURCE_THREAD WorkerIdentity;
static volatile ULONG WorkerStage;

static void *AcquireSharedAndLeave(void *arg)
{
    (void)arg;
    WorkerIdentity = ExGetCurrentResourceThread();
    ExAcquireResourceSharedLite(&Res, TRUE);
    KT_EXPECT_EQ((KTEST *)arg, ExIsResourceAcquiredSharedLite(&Res), 1);
    __atomic_store_n(&WorkerStage, 1, __ATOMIC_RELEASE);
    return NULL;
}

static void ex_sync_mp_test_release_for_another_thread(KTEST *t)
{
    pthread_t th;

    ExInitializeResourceLite(&Res);
    WorkerStage = 0;
    pthread_create(&th, NULL, AcquireSharedAndLeave, t);
    pthread_join(th, NULL);
    KT_EXPECT_NE(t, WorkerIdentity, ExGetCurrentResourceThread());
    KT_EXPECT_EQ(t, ExIsResourceAcquiredSharedLite(&Res), 0);   /* not ours */
    KT_EXPECT_FALSE(t, ExAcquireResourceExclusiveLite(&Res, FALSE));
    ExReleaseResourceForThreadLite(&Res, WorkerIdentity);
    KT_EXPECT_TRUE(t, ExAcquireResourceExclusiveLite(&Res, FALSE));
    ExReleaseResourceLite(&Res);
    ExDeleteResourceLite(&Res);
}

static EX_RUNDOWN_REF Run;
static volatile ULONG RundownDone;

static void *RundownWaiter(void *arg)
{
    (void)arg;
    ExWaitForRundownProtectionRelease(&Run);
    __atomic_store_n(&RundownDone, 1, __ATOMIC_RELEASE);
    return NULL;
}

static void ex_sync_mp_test_rundown_waits_for_releases(KTEST *t)
{
    pthread_t th;

    ExInitializeRundownProtection(&Run);
    RundownDone = 0;
    KT_ASSERT_TRUE(t, ExAcquireRundownProtection(&Run));
    KT_ASSERT_TRUE(t, ExAcquireRundownProtectionEx(&Run, 2));
    pthread_create(&th, NULL, RundownWaiter, NULL);
    while (!(__atomic_load_n(&Run.Count, __ATOMIC_ACQUIRE) & 1))   /* rundown has begun */
        sched_yield();
    KT_EXPECT_FALSE(t, ExAcquireRundownProtection(&Run));
    ExReleaseRundownProtection(&Run);
    ExReleaseRundownProtectionEx(&Run, 1);
    KT_EXPECT_EQ(t, RundownDone, 0);   /* one acquisition still out */
    ExReleaseRundownProtection(&Run);
    pthread_join(th, NULL);
    KT_EXPECT_EQ(t, RundownDone, 1);
    KT_EXPECT_EQ(t, Run.Count, 1);
    KT_EXPECT_FALSE(t, ExAcquireRundownProtection(&Run));
}

static void *RundownUser(void *arg)
{
    ULONG *held = (ULONG *)arg;
    for (int i = 0; i < ROUNDS; i++) {
        if (!ExAcquireRundownProtection(&Run))
            break;
        (*held)++;
        ExReleaseRundownProtection(&Run);
    }
    return NULL;
}

static void ex_sync_mp_test_rundown_races_with_users(KTEST *t)
{
    pthread_t th[THREADS];
    ULONG held[THREADS] = { 0 };

    ExInitializeRundownProtection(&Run);
    for (int i = 0; i < THREADS; i++)
        pthread_create(&th[i], NULL, RundownUser, &held[i]);
    ExWaitForRundownProtectionRelease(&Run);
    KT_EXPECT_FALSE(t, ExAcquireRundownProtection(&Run));
    for (int i = 0; i < THREADS; i++)
        pthread_join(th[i], NULL);
    KT_EXPECT_EQ(t, Run.Count, 1);
}

#define SLIST_ITEMS 64
typedef struct _ITEM {
    SLIST_ENTRY Link;
    volatile LONG InUse;
} ITEM;
static ITEM Items[SLIST_ITEMS];
static SLIST_HEADER Head;

static void *SListWorker(void *arg)
{
    (void)arg;
    for (int i = 0; i < ROUNDS; i++) {
        PSLIST_ENTRY e = InterlockedPopEntrySList(&Head);
        if (!e)
            continue;
        ITEM *it = CONTAINING_RECORD(e, ITEM, Link);
        if (InterlockedIncrement(&it->InUse) != 1)   /* popped twice: ABA broke the list */
            InterlockedIncrement(&Violations);
        InterlockedDecrement(&it->InUse);
        InterlockedPushEntrySList(&Head, e);
    }
    return NULL;
}

static void ex_sync_mp_test_slist_concurrent_push_pop(KTEST *t)
{
    ULONG seen = 0;
    PSLIST_ENTRY e;

    InitializeSListHead(&Head);
    Violations = 0;
    for (int i = 0; i < SLIST_ITEMS; i++)
        InterlockedPushEntrySList(&Head, &Items[i].Link);
    RunThreads(SListWorker, THREADS);
    KT_EXPECT_EQ(t, Violations, 0);
    KT_EXPECT_EQ(t, ExQueryDepthSList(&Head), SLIST_ITEMS);
    for (e = InterlockedFlushSList(&Head); e; e = e->Next) {
        ITEM *it = CONTAINING_RECORD(e, ITEM, Link);
        KT_ASSERT_TRUE(t, it >= Items && it < Items + SLIST_ITEMS);
        seen++;
    }
    KT_EXPECT_EQ(t, seen, SLIST_ITEMS);
}

static NPAGED_LOOKASIDE_LIST La;
static volatile LONG LaAllocs, LaFrees;

static PVOID NTAPI LaAllocate(POOL_TYPE Type, SIZE_T Bytes, ULONG Tag)
{
    InterlockedIncrement(&LaAllocs);
    return ExAllocatePoolWithTag(Type, Bytes, Tag);
}

static VOID NTAPI LaFree(PVOID P)
{
    InterlockedIncrement(&LaFrees);
    ExFreePool(P);
}

static void *LookasideWorker(void *arg)
{
    PVOID held[3];
    (void)arg;
    for (int i = 0; i < ROUNDS / 3; i++) {
        for (int k = 0; k < 3; k++) {
            held[k] = ExAllocateFromNPagedLookasideList(&La);
            *(volatile ULONG64 *)held[k] = (ULONG64)i;   /* the entry is ours now */
        }
        for (int k = 0; k < 3; k++)
            ExFreeToNPagedLookasideList(&La, held[k]);
    }
    return NULL;
}

static void ex_sync_mp_test_lookaside_concurrent(KTEST *t)
{
    LaAllocs = LaFrees = 0;
    ExInitializeNPagedLookasideList(&La, LaAllocate, LaFree, 0, 64, 'pMaL', 0);
    RunThreads(LookasideWorker, THREADS);
    KT_EXPECT_TRUE(t, ExQueryDepthSList(&La.L.ListHead) <= La.L.Depth);
    KT_EXPECT_EQ(t, La.L.TotalAllocates, THREADS * (ROUNDS / 3) * 3);
    KT_EXPECT_EQ(t, La.L.TotalFrees, La.L.TotalAllocates);
    KT_EXPECT_EQ(t, La.L.AllocateMisses, (ULONG)LaAllocs);
    KT_EXPECT_EQ(t, La.L.FreeMisses, (ULONG)LaFrees);
    ExDeleteNPagedLookasideList(&La);
    KT_EXPECT_EQ(t, LaAllocs, LaFrees);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ex_sync_mp_test_fast_mutex_excludes),
    KTEST_CASE_ENTRY(ex_sync_mp_test_guarded_mutex_excludes),
    KTEST_CASE_ENTRY(ex_sync_mp_test_resource_excludes_writers),
    KTEST_CASE_ENTRY(ex_sync_mp_test_resource_waiters_and_handoff),
    KTEST_CASE_ENTRY(ex_sync_mp_test_release_for_another_thread),
    KTEST_CASE_ENTRY(ex_sync_mp_test_rundown_waits_for_releases),
    KTEST_CASE_ENTRY(ex_sync_mp_test_rundown_races_with_users),
    KTEST_CASE_ENTRY(ex_sync_mp_test_slist_concurrent_push_pop),
    KTEST_CASE_ENTRY(ex_sync_mp_test_lookaside_concurrent),
    {0}
};
KTEST_SUITE(ex_sync_mp, cases);
