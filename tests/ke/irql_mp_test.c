/*
 * PURPOSE: The multiprocessor guarantees of the IRQL model (src/ke/irql.c): code at
 * DISPATCH_LEVEL on a virtual processor is alone on it, at most KeNumberProcessors threads are
 * at DISPATCH_LEVEL at once, and spin locks exclude. Bounded iterations, no timing.
 * Does not cover: DPCs (not yet implemented), fairness.
 */
#include <pthread.h>
#include <string.h>
#include <ntddk.h>
#include <internal/ke.h>
#include "ktest.h"

#define MP_THREADS 6
#define MP_ROUNDS 3000

static volatile int Occupied[MAXIMUM_PROCESSORS];
static volatile int AtDispatch, MaxAtDispatch, Violations;
static KSPIN_LOCK CounterLock;
static unsigned long Counter;   /* protected by CounterLock only */

static void *MpWorker(void *arg)
{
    (void)arg;
    for (int i = 0; i < MP_ROUNDS; i++) {
        KIRQL old = KeRaiseIrqlToDpcLevel();
        ULONG p = KeGetCurrentProcessorNumber();
        if (__atomic_exchange_n(&Occupied[p], 1, __ATOMIC_ACQ_REL) != 0)
            __atomic_add_fetch(&Violations, 1, __ATOMIC_RELAXED);
        int now = __atomic_add_fetch(&AtDispatch, 1, __ATOMIC_ACQ_REL);
        int seen = __atomic_load_n(&MaxAtDispatch, __ATOMIC_RELAXED);
        while (now > seen &&
               !__atomic_compare_exchange_n(&MaxAtDispatch, &seen, now, 0, __ATOMIC_RELAXED,
                                            __ATOMIC_RELAXED))
            ;
        __atomic_sub_fetch(&AtDispatch, 1, __ATOMIC_ACQ_REL);
        __atomic_store_n(&Occupied[p], 0, __ATOMIC_RELEASE);
        KeLowerIrql(old);

        KIRQL lockIrql;
        KeAcquireSpinLock(&CounterLock, &lockIrql);
        Counter++;
        KeReleaseSpinLock(&CounterLock, lockIrql);
    }
    return NULL;
}

static void RunWorkers(void)
{
    pthread_t th[MP_THREADS];
    memset((void *)Occupied, 0, sizeof Occupied);
    AtDispatch = MaxAtDispatch = Violations = 0;
    Counter = 0;
    KeInitializeSpinLock(&CounterLock);
    for (int i = 0; i < MP_THREADS; i++)
        pthread_create(&th[i], NULL, MpWorker, NULL);
    for (int i = 0; i < MP_THREADS; i++)
        pthread_join(th[i], NULL);
}

static void ke_irql_mp_test_processors_are_exclusive(KTEST *t)
{
    RunWorkers();
    KT_EXPECT_EQ(t, Violations, 0);
    KT_EXPECT_TRUE(t, MaxAtDispatch <= KeNumberProcessors);
    KT_EXPECT_EQ(t, Counter, (unsigned long)MP_THREADS * MP_ROUNDS);
}

static void ke_irql_mp_test_two_processors_admit_two_threads(KTEST *t)
{
    ULONG saved = KiProcessorCount;
    KiSetProcessorCountForTest(2);
    RunWorkers();
    KiSetProcessorCountForTest(saved);
    KT_EXPECT_EQ(t, Violations, 0);
    KT_EXPECT_TRUE(t, MaxAtDispatch <= 2);
    KT_EXPECT_EQ(t, Counter, (unsigned long)MP_THREADS * MP_ROUNDS);
}

static void ke_irql_mp_test_one_processor_serializes_dispatch(KTEST *t)
{
    ULONG saved = KiProcessorCount;
    KiSetProcessorCountForTest(1);
    RunWorkers();
    KiSetProcessorCountForTest(saved);
    KT_EXPECT_EQ(t, Violations, 0);
    KT_EXPECT_EQ(t, MaxAtDispatch, 1);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ke_irql_mp_test_processors_are_exclusive),
    KTEST_CASE_ENTRY(ke_irql_mp_test_two_processors_admit_two_threads),
    KTEST_CASE_ENTRY(ke_irql_mp_test_one_processor_serializes_dispatch),
    { 0 },
};
KTEST_SUITE(ke_irql_mp, cases);
