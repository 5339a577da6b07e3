/*
 * PURPOSE: fork() and kmode's kernel state (the fork hook in src/ke/dpc.c): a child must not
 * inherit a kernel queue lock held by another thread of the parent (the prepare hook waits
 * for it), nor a virtual processor held by a thread it does not have (the child hook frees
 * it). ktest_run_isolated forks exactly like this while other threads may be busy. Each
 * child arms alarm(): a regression hangs the child, which then dies and fails the test.
 */
#include <pthread.h>
#include <unistd.h>
#include <ntddk.h>
#include <internal/ke.h>
#include "ktest.h"

static volatile LONG ForkHolding, ForkStop;

static void *ForkHoldProcessor(void *arg)
{
    KIRQL old;
    (void)arg;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    InterlockedExchange(&ForkHolding, 1);
    while (!InterlockedCompareExchange(&ForkStop, 0, 0))
        KiCpuRelax();
    KeLowerIrql(old);
    return NULL;
}

static volatile LONG ForkDpcRan;
static VOID ForkDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    (void)Dpc; (void)Context; (void)Arg1; (void)Arg2;
    ForkDpcRan = 1;
}

static void ForkChildRaises(void *ctx)
{
    KIRQL old;
    KDPC dpc;
    (void)ctx;
    alarm(20);
    KeRaiseIrql(DISPATCH_LEVEL, &old);      /* the parent's holder does not exist here */
    KeLowerIrql(old);
    KeInitializeDpc(&dpc, ForkDpc, NULL);
    KeInsertQueueDpc(&dpc, NULL, NULL);
    _exit(ForkDpcRan == 1 ? 0 : 3);
}

static void ke_fork_test_child_gets_processors_held_by_other_threads(KTEST *t)
{
    ULONG saved = KiProcessorCount;
    pthread_t th;

    KiSetProcessorCountForTest(1);
    ForkHolding = ForkStop = 0;
    pthread_create(&th, NULL, ForkHoldProcessor, NULL);
    while (!InterlockedCompareExchange(&ForkHolding, 0, 0))
        sched_yield();
    KT_EXPECT_EQ(t, ktest_run_isolated(ForkChildRaises, NULL, NULL, 0), 0);
    InterlockedExchange(&ForkStop, 1);
    pthread_join(th, NULL);
    KiSetProcessorCountForTest(saved);
}

static volatile LONG LockHeld, LockThreadStop;

static void *ForkHoldDispatcherLock(void *arg)
{
    (void)arg;
    KiAcquireDispatcherLock();
    InterlockedExchange(&LockHeld, 1);
    usleep(50000);       /* the parent forks meanwhile: its prepare hook waits for us */
    KiReleaseDispatcherLock();
    /* Alive until the child is done: a thread that ended unjoined before the fork is a
       "thread leak" to ThreadSanitizer in the child. */
    while (!InterlockedCompareExchange(&LockThreadStop, 0, 0))
        sched_yield();
    return NULL;
}

static void ForkChildSignals(void *ctx)
{
    KEVENT event;
    LARGE_INTEGER zero;
    (void)ctx;
    alarm(20);
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    KeSetEvent(&event, 0, FALSE);           /* takes the dispatcher lock */
    zero.QuadPart = 0;
    _exit(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &zero) == STATUS_SUCCESS
              ? 0 : 3);
}

static void ke_fork_test_child_never_inherits_a_held_dispatcher_lock(KTEST *t)
{
    pthread_t th;

    LockHeld = 0;
    LockThreadStop = 0;
    pthread_create(&th, NULL, ForkHoldDispatcherLock, NULL);
    while (!InterlockedCompareExchange(&LockHeld, 0, 0))
        sched_yield();
    KT_EXPECT_EQ(t, ktest_run_isolated(ForkChildSignals, NULL, NULL, 0), 0);
    InterlockedExchange(&LockThreadStop, 1);
    pthread_join(th, NULL);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ke_fork_test_child_gets_processors_held_by_other_threads),
    KTEST_CASE_ENTRY(ke_fork_test_child_never_inherits_a_held_dispatcher_lock),
    { 0 },
};
KTEST_SUITE(ke_fork, cases);
