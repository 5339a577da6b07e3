/*
 * PURPOSE: Foundation II's mixed concurrency stress: several threads at once queue DPCs on
 * every virtual processor, arm timers whose DPCs signal events, wait on events, semaphores
 * and mutexes, and take spin locks at DISPATCH_LEVEL. Bounded iterations. A lost wake-up
 * would leave a waiter waiting: every wait here has a 10-second bound that only a lost
 * wake-up (or a deadlock) can reach, and reaching it fails the test instead of hanging CI.
 * Runs under ThreadSanitizer in CI (tools/test.sh).
 */
#include <pthread.h>
#include <ntddk.h>
#include <internal/ke.h>
#include "ktest.h"

#define STRESS_THREADS 4
#define STRESS_ROUNDS 300

typedef struct _STRESS_THREAD {
    KEVENT Done;              /* signaled by DPCs */
    KDPC Dpc;
    KTIMER Timer;
    KDPC TimerDpc;
    volatile LONG DpcRuns;
    volatile LONG Failures;
} STRESS_THREAD;

static STRESS_THREAD Threads[STRESS_THREADS];
static KSPIN_LOCK CounterLock;
static LONG Counter;                   /* guarded by CounterLock */
static KSEMAPHORE Tokens;
static KMUTEX Mutex;
static LONG MutexGuarded;              /* guarded by Mutex */

static VOID StressDpc(PKDPC Dpc, PVOID Context, PVOID A1, PVOID A2)
{
    STRESS_THREAD *t = (STRESS_THREAD *)Context;
    (void)Dpc; (void)A1; (void)A2;
    KeAcquireSpinLockAtDpcLevel(&CounterLock);
    Counter++;
    KeReleaseSpinLockFromDpcLevel(&CounterLock);
    InterlockedIncrement(&t->DpcRuns);
    KeSetEvent(&t->Done, 0, FALSE);
}

static BOOLEAN BoundedWait(PVOID Object)
{
    LARGE_INTEGER bound;
    bound.QuadPart = -10LL * 1000 * 1000 * 10;     /* 10 s: only a lost wake-up gets here */
    return KeWaitForSingleObject(Object, Executive, KernelMode, FALSE, &bound) != STATUS_TIMEOUT;
}

static void *StressWorker(void *arg)
{
    STRESS_THREAD *t = &Threads[(ULONG_PTR)arg];

    for (int i = 0; i < STRESS_ROUNDS; i++) {
        KIRQL old;
        LARGE_INTEGER due;

        /* A DPC on processor i mod N signals our event. */
        KeSetTargetProcessorDpc(&t->Dpc, (CCHAR)(i % KeNumberProcessors));
        KeInsertQueueDpc(&t->Dpc, NULL, NULL);
        if (!BoundedWait(&t->Done))
            InterlockedIncrement(&t->Failures);

        /* A timer's DPC signals it again. */
        due.QuadPart = -(LONGLONG)(i % 3) * 100;    /* 0..20 us */
        KeSetTimer(&t->Timer, due, &t->TimerDpc);
        if (!BoundedWait(&t->Done))
            InterlockedIncrement(&t->Failures);

        /* Semaphore and mutex contention. */
        if (!BoundedWait(&Tokens))
            InterlockedIncrement(&t->Failures);
        if (BoundedWait(&Mutex)) {
            LONG v = MutexGuarded;
            MutexGuarded = v + 1;
            KeReleaseMutex(&Mutex, FALSE);
        } else {
            InterlockedIncrement(&t->Failures);
        }
        KeReleaseSemaphore(&Tokens, 0, 1, FALSE);

        /* DISPATCH_LEVEL work under a spin lock. */
        KeAcquireSpinLock(&CounterLock, &old);
        Counter++;
        KeReleaseSpinLock(&CounterLock, old);
    }
    return NULL;
}

static void ke_stress_mp_test_mixed_dpcs_timers_waits(KTEST *kt)
{
    pthread_t th[STRESS_THREADS];
    LONG failures = 0, dpcRuns = 0;

    KeInitializeSpinLock(&CounterLock);
    KeInitializeSemaphore(&Tokens, 2, 2);
    KeInitializeMutex(&Mutex, 0);
    Counter = MutexGuarded = 0;
    for (int i = 0; i < STRESS_THREADS; i++) {
        STRESS_THREAD *t = &Threads[i];
        KeInitializeEvent(&t->Done, SynchronizationEvent, FALSE);
        KeInitializeDpc(&t->Dpc, StressDpc, t);
        KeInitializeDpc(&t->TimerDpc, StressDpc, t);
        KeInitializeTimer(&t->Timer);
        t->DpcRuns = t->Failures = 0;
    }
    for (int i = 0; i < STRESS_THREADS; i++)
        pthread_create(&th[i], NULL, StressWorker, (void *)(ULONG_PTR)i);
    for (int i = 0; i < STRESS_THREADS; i++)
        pthread_join(th[i], NULL);
    KeFlushQueuedDpcs();
    for (int i = 0; i < STRESS_THREADS; i++) {
        failures += Threads[i].Failures;
        dpcRuns += Threads[i].DpcRuns;
    }
    KT_EXPECT_EQ(kt, failures, 0);
    KT_EXPECT_EQ(kt, dpcRuns, 2 * STRESS_THREADS * STRESS_ROUNDS);
    KT_EXPECT_EQ(kt, Counter, 3 * STRESS_THREADS * STRESS_ROUNDS);
    KT_EXPECT_EQ(kt, MutexGuarded, STRESS_THREADS * STRESS_ROUNDS);
    KT_EXPECT_EQ(kt, KeReadStateSemaphore(&Tokens), 2);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ke_stress_mp_test_mixed_dpcs_timers_waits),
    { 0 },
};
KTEST_SUITE(ke_stress_mp, cases);
