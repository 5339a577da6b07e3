/*
 * PURPOSE: Parked processors (src/ke/irql.c, src/ke/README.md "Parked processors"): a thread
 * that lowers IRQL keeps its virtual processor's token and raises again without an atomic
 * read-modify-write; another thread that needs the processor takes it; a thread that ends
 * frees it; and through all that at most one thread runs on a processor. Bounded
 * iterations, no timing. Where the host has no process-wide barrier, processors are never
 * parked: the cases then check only what holds either way.
 */
#include <pthread.h>
#include <string.h>
#include <ntddk.h>
#include <internal/ke.h>
#include "ktest.h"

#define PARK_THREADS 3
#define PARK_ROUNDS 1500

static volatile int Occupied[MAXIMUM_PROCESSORS];
static volatile int Violations;
static volatile ULONG SeenProcessor;
static volatile BOOLEAN SeenParked;

static BOOLEAN ParkedOn(ULONG Number)
{
    KI_PROCESSOR *Processor = &KiProcessors[Number];
    return KiThreadState.HoldsProcessor && KiThreadState.Processor == Number &&
           !KiThreadState.OwnsProcessor &&
           __atomic_load_n(&Processor->Holder, __ATOMIC_ACQUIRE) == &KiThreadState &&
           __atomic_load_n(&Processor->Owner, __ATOMIC_ACQUIRE) == NULL;
}

static void *RaiseLowerOnce(void *arg)
{
    KIRQL old = KeRaiseIrqlToDpcLevel();
    SeenProcessor = KeGetCurrentProcessorNumber();
    KeLowerIrql(old);
    SeenParked = ParkedOn(SeenProcessor);
    (void)arg;
    return NULL;
}

static void ke_irql_park_mp_test_lowering_parks_the_processor(KTEST *t)
{
    ULONG saved = KiProcessorCount, p;
    BOOLEAN parking = KiSetProcessorParkingForTest(-1);
    KIRQL old;

    KiSetProcessorCountForTest(2);
    old = KeRaiseIrqlToDpcLevel();
    p = KeGetCurrentProcessorNumber();
    KT_EXPECT_TRUE(t, __atomic_load_n(&KiProcessors[p].Owner, __ATOMIC_ACQUIRE) ==
                          &KiThreadState);
    KT_EXPECT_TRUE(t, __atomic_load_n(&KiProcessors[p].Holder, __ATOMIC_ACQUIRE) ==
                          &KiThreadState);
    KeLowerIrql(old);
    /* Below DISPATCH_LEVEL nobody runs on it, but its token stays with this thread. */
    KT_EXPECT_TRUE(t, __atomic_load_n(&KiProcessors[p].Owner, __ATOMIC_ACQUIRE) == NULL);
    KT_EXPECT_EQ(t, ParkedOn(p), parking);
    KT_EXPECT_EQ(t, __atomic_load_n(&KiProcessors[p].Holder, __ATOMIC_ACQUIRE) == NULL,
                 !parking);
    /* The next raise is on the same processor. */
    old = KeRaiseIrqlToDpcLevel();
    KT_EXPECT_EQ(t, KeGetCurrentProcessorNumber(), p);
    KeLowerIrql(old);
    KiSetProcessorCountForTest(saved);
    /* The test hook frees parked processors. */
    KT_EXPECT_TRUE(t, __atomic_load_n(&KiProcessors[p].Holder, __ATOMIC_ACQUIRE) == NULL);
}

static void ke_irql_park_mp_test_a_parked_processor_is_taken(KTEST *t)
{
    ULONG saved = KiProcessorCount;
    BOOLEAN parking = KiSetProcessorParkingForTest(-1);
    pthread_t th;
    KIRQL old;

    KiSetProcessorCountForTest(1);
    old = KeRaiseIrqlToDpcLevel();
    KeLowerIrql(old);
    KT_EXPECT_EQ(t, ParkedOn(0), parking);
    /* The only processor is parked by this thread, which stays at PASSIVE_LEVEL: another
       thread's raise takes it (it would wait forever otherwise). */
    SeenProcessor = 99;
    pthread_create(&th, NULL, RaiseLowerOnce, NULL);
    pthread_join(th, NULL);
    KT_EXPECT_EQ(t, SeenProcessor, 0);
    if (parking) {
        /* Taken: the next releases free it, as threads compete for it. */
        KT_EXPECT_TRUE(t, __atomic_load_n(&KiProcessors[0].Holder, __ATOMIC_ACQUIRE) == NULL);
        KT_EXPECT_TRUE(t, __atomic_load_n(&KiProcessors[0].EagerReleases, __ATOMIC_ACQUIRE) > 0);
        KT_EXPECT_FALSE(t, SeenParked);
    }
    KT_EXPECT_FALSE(t, ParkedOn(0));
    /* This thread gets it back. */
    old = KeRaiseIrqlToDpcLevel();
    KT_EXPECT_EQ(t, KeGetCurrentProcessorNumber(), 0);
    KT_EXPECT_TRUE(t, __atomic_load_n(&KiProcessors[0].Owner, __ATOMIC_ACQUIRE) ==
                          &KiThreadState);
    KeLowerIrql(old);
    KiSetProcessorCountForTest(saved);
}

static void ke_irql_park_mp_test_a_thread_that_ends_frees_its_processor(KTEST *t)
{
    ULONG saved = KiProcessorCount;
    BOOLEAN parking = KiSetProcessorParkingForTest(-1);
    pthread_t th;

    KiSetProcessorCountForTest(1);
    SeenParked = FALSE;
    pthread_create(&th, NULL, RaiseLowerOnce, NULL);
    pthread_join(th, NULL);
    KT_EXPECT_EQ(t, SeenParked, parking);     /* it had parked it */
    KT_EXPECT_TRUE(t, __atomic_load_n(&KiProcessors[0].Holder, __ATOMIC_ACQUIRE) == NULL);
    KT_EXPECT_TRUE(t, __atomic_load_n(&KiProcessors[0].Owner, __ATOMIC_ACQUIRE) == NULL);
    KiSetProcessorCountForTest(saved);
}

/* A DPC targeted at a processor another thread parked (and keeps parked, blocked at
   PASSIVE_LEVEL) runs: the processor's DPC worker takes it. */
static pthread_mutex_t HoldLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t HoldCond = PTHREAD_COND_INITIALIZER;
static int HoldState;                 /* 1: parked; 2: may go on */
static KEVENT DpcRan;
static volatile ULONG DpcProcessor;

static VOID ParkedTargetDpc(PKDPC Dpc, PVOID Context, PVOID A1, PVOID A2)
{
    (void)Dpc; (void)Context; (void)A1; (void)A2;
    DpcProcessor = KeGetCurrentProcessorNumber();
    KeSetEvent(&DpcRan, 0, FALSE);
}

static void *ParkAndBlock(void *arg)
{
    KIRQL old = KeRaiseIrqlToDpcLevel();
    KeLowerIrql(old);
    SeenParked = ParkedOn(0);
    pthread_mutex_lock(&HoldLock);
    HoldState = 1;
    pthread_cond_broadcast(&HoldCond);
    while (HoldState != 2)
        pthread_cond_wait(&HoldCond, &HoldLock);
    pthread_mutex_unlock(&HoldLock);
    /* Its processor was taken meanwhile: it raises on it again all the same. */
    old = KeRaiseIrqlToDpcLevel();
    SeenProcessor = KeGetCurrentProcessorNumber();
    KeLowerIrql(old);
    (void)arg;
    return NULL;
}

static void ke_irql_park_mp_test_a_dpc_worker_takes_a_parked_processor(KTEST *t)
{
    ULONG saved = KiProcessorCount;
    BOOLEAN parking = KiSetProcessorParkingForTest(-1);
    KDPC dpc;
    pthread_t th;

    KiSetProcessorCountForTest(1);
    HoldState = 0;
    SeenParked = FALSE;
    pthread_create(&th, NULL, ParkAndBlock, NULL);
    pthread_mutex_lock(&HoldLock);
    while (HoldState != 1)
        pthread_cond_wait(&HoldCond, &HoldLock);
    pthread_mutex_unlock(&HoldLock);
    KT_EXPECT_EQ(t, SeenParked, parking);

    KeInitializeEvent(&DpcRan, SynchronizationEvent, FALSE);
    KeInitializeDpc(&dpc, ParkedTargetDpc, NULL);
    KeSetTargetProcessorDpc(&dpc, 0);
    DpcProcessor = 99;
    KT_EXPECT_TRUE(t, KeInsertQueueDpc(&dpc, NULL, NULL));
    KT_EXPECT_EQ(t, KeWaitForSingleObject(&DpcRan, Executive, KernelMode, FALSE, NULL),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, DpcProcessor, 0);
    if (parking)                      /* taken, then freed */
        KT_EXPECT_TRUE(t, __atomic_load_n(&KiProcessors[0].EagerReleases, __ATOMIC_ACQUIRE) > 0);

    pthread_mutex_lock(&HoldLock);
    HoldState = 2;
    pthread_cond_broadcast(&HoldCond);
    pthread_mutex_unlock(&HoldLock);
    pthread_join(th, NULL);
    KT_EXPECT_EQ(t, SeenProcessor, 0);
    KeFlushQueuedDpcs();
    KiSetProcessorCountForTest(saved);
}

/* Raises and lowers in a loop on one processor, checking that nobody else is on it, with
   spin locks in between: every contended raise takes a parked processor. */
static KSPIN_LOCK CounterLock;
static unsigned long Counter;   /* protected by CounterLock only */
static pthread_barrier_t Start;

static void *ParkWorker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&Start);
    for (int i = 0; i < PARK_ROUNDS; i++) {
        KIRQL old = KeRaiseIrqlToDpcLevel();
        ULONG p = KeGetCurrentProcessorNumber();
        if (__atomic_exchange_n(&Occupied[p], 1, __ATOMIC_ACQ_REL) != 0)
            __atomic_add_fetch(&Violations, 1, __ATOMIC_RELAXED);
        __atomic_store_n(&Occupied[p], 0, __ATOMIC_RELEASE);
        KeLowerIrql(old);

        KIRQL lockIrql;
        KeAcquireSpinLock(&CounterLock, &lockIrql);
        if (__atomic_exchange_n(&Occupied[KeGetCurrentProcessorNumber()], 1, __ATOMIC_ACQ_REL))
            __atomic_add_fetch(&Violations, 1, __ATOMIC_RELAXED);
        Counter++;
        __atomic_store_n(&Occupied[KeGetCurrentProcessorNumber()], 0, __ATOMIC_RELEASE);
        KeReleaseSpinLock(&CounterLock, lockIrql);
        /* A while at PASSIVE_LEVEL with the processor parked: the others take it. */
        for (volatile int k = 0; k < 3000; k++)
            ;
    }
    return NULL;
}

static void RunParkWorkers(ULONG Processors)
{
    pthread_t th[PARK_THREADS];
    ULONG saved = KiProcessorCount;

    memset((void *)Occupied, 0, sizeof Occupied);
    Violations = 0;
    Counter = 0;
    KeInitializeSpinLock(&CounterLock);
    KiSetProcessorParkingForTest(0);          /* never free after a take: always park */
    KiSetProcessorCountForTest(Processors);
    pthread_barrier_init(&Start, NULL, PARK_THREADS);
    for (int i = 0; i < PARK_THREADS; i++)
        pthread_create(&th[i], NULL, ParkWorker, NULL);
    for (int i = 0; i < PARK_THREADS; i++)
        pthread_join(th[i], NULL);
    pthread_barrier_destroy(&Start);
    KiSetProcessorParkingForTest(1024);
    KiSetProcessorCountForTest(saved);
}

static void ke_irql_park_mp_test_taking_parked_processors_keeps_them_exclusive(KTEST *t)
{
    RunParkWorkers(1);
    KT_EXPECT_EQ(t, Violations, 0);
    KT_EXPECT_EQ(t, Counter, (unsigned long)PARK_THREADS * PARK_ROUNDS);
    RunParkWorkers(2);
    KT_EXPECT_EQ(t, Violations, 0);
    KT_EXPECT_EQ(t, Counter, (unsigned long)PARK_THREADS * PARK_ROUNDS);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ke_irql_park_mp_test_lowering_parks_the_processor),
    KTEST_CASE_ENTRY(ke_irql_park_mp_test_a_parked_processor_is_taken),
    KTEST_CASE_ENTRY(ke_irql_park_mp_test_a_thread_that_ends_frees_its_processor),
    KTEST_CASE_ENTRY(ke_irql_park_mp_test_a_dpc_worker_takes_a_parked_processor),
    KTEST_CASE_ENTRY(ke_irql_park_mp_test_taking_parked_processors_keeps_them_exclusive),
    { 0 },
};
KTEST_SUITE(ke_irql_park_mp, cases);
