/*
 * PURPOSE: Dispatcher objects across threads (src/ke/wait.c): event ping-pong, a mutex
 * guarding a counter, semaphore producer/consumer, WaitAll completed by another thread, an
 * event set from a DPC, and timeouts racing with signals. Bounded iterations; every wait
 * either has a partner that will signal it or a timeout whose expiry is itself the
 * expected outcome, so no test depends on timing to pass.
 */
#include <pthread.h>
#include <ntddk.h>
#include <internal/ke.h>
#include "ktest.h"

#define ROUNDS 2000

static KEVENT Ping, Pong;
static KMUTEX Mutex;
static KSEMAPHORE Items, Slots;
static volatile LONG Counter;

static void *Ponger(void *arg)
{
    (void)arg;
    for (int i = 0; i < ROUNDS; i++) {
        KeWaitForSingleObject(&Ping, Executive, KernelMode, FALSE, NULL);
        KeSetEvent(&Pong, 0, FALSE);
    }
    return NULL;
}

static void ke_dispatcher_mp_test_event_ping_pong(KTEST *t)
{
    pthread_t th;
    int done = 0;

    KeInitializeEvent(&Ping, SynchronizationEvent, FALSE);
    KeInitializeEvent(&Pong, SynchronizationEvent, FALSE);
    pthread_create(&th, NULL, Ponger, NULL);
    for (int i = 0; i < ROUNDS; i++) {
        KeSetEvent(&Ping, 0, FALSE);
        if (KeWaitForSingleObject(&Pong, Executive, KernelMode, FALSE, NULL) == STATUS_SUCCESS)
            done++;
    }
    pthread_join(th, NULL);
    KT_EXPECT_EQ(t, done, ROUNDS);
}

static void *MutexWorker(void *arg)
{
    (void)arg;
    for (int i = 0; i < ROUNDS; i++) {
        KeWaitForSingleObject(&Mutex, Executive, KernelMode, FALSE, NULL);
        LONG v = Counter;       /* deliberately not atomic: the mutex must exclude */
        Counter = v + 1;
        KeReleaseMutex(&Mutex, FALSE);
    }
    return NULL;
}

static void ke_dispatcher_mp_test_mutex_excludes(KTEST *t)
{
    pthread_t th[4];
    KeInitializeMutex(&Mutex, 0);
    Counter = 0;
    for (int i = 0; i < 4; i++)
        pthread_create(&th[i], NULL, MutexWorker, NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    KT_EXPECT_EQ(t, Counter, 4 * ROUNDS);
    KT_EXPECT_EQ(t, KeReadStateMutex(&Mutex), 1);
}

static void *Producer(void *arg)
{
    (void)arg;
    for (int i = 0; i < ROUNDS; i++) {
        KeWaitForSingleObject(&Slots, Executive, KernelMode, FALSE, NULL);
        KeReleaseSemaphore(&Items, 0, 1, FALSE);
    }
    return NULL;
}

static void ke_dispatcher_mp_test_semaphore_producer_consumer(KTEST *t)
{
    pthread_t th[2];
    int consumed = 0;

    KeInitializeSemaphore(&Items, 0, 1000000);
    KeInitializeSemaphore(&Slots, 4, 4);
    for (int i = 0; i < 2; i++)
        pthread_create(&th[i], NULL, Producer, NULL);
    for (int i = 0; i < 2 * ROUNDS; i++) {
        KeWaitForSingleObject(&Items, Executive, KernelMode, FALSE, NULL);
        consumed++;
        KeReleaseSemaphore(&Slots, 0, 1, FALSE);
    }
    for (int i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    KT_EXPECT_EQ(t, consumed, 2 * ROUNDS);
    KT_EXPECT_EQ(t, KeReadStateSemaphore(&Items), 0);
}

static KEVENT AllA, AllB;
static void *SetBoth(void *arg)
{
    (void)arg;
    KeSetEvent(&AllA, 0, FALSE);
    KeSetEvent(&AllB, 0, FALSE);
    return NULL;
}

static void ke_dispatcher_mp_test_wait_all_completed_by_other_thread(KTEST *t)
{
    PVOID objs[2] = { &AllA, &AllB };
    pthread_t th;
    NTSTATUS st;

    KeInitializeEvent(&AllA, SynchronizationEvent, FALSE);
    KeInitializeEvent(&AllB, NotificationEvent, FALSE);
    pthread_create(&th, NULL, SetBoth, NULL);
    st = KeWaitForMultipleObjects(2, objs, WaitAll, Executive, KernelMode, FALSE, NULL, NULL);
    pthread_join(th, NULL);
    KT_EXPECT_EQ(t, st, STATUS_SUCCESS);
    KT_EXPECT_EQ(t, KeReadStateEvent(&AllA), 0);   /* consumed by the WaitAll */
    KT_EXPECT_EQ(t, KeReadStateEvent(&AllB), 1);
}

static KEVENT FromDpc;
static VOID SetFromDpc(PKDPC Dpc, PVOID Context, PVOID A1, PVOID A2)
{
    (void)Dpc; (void)Context; (void)A1; (void)A2;
    KeSetEvent(&FromDpc, 0, FALSE);
}

static void ke_dispatcher_mp_test_dpc_sets_event(KTEST *t)
{
    KDPC dpc;
    KeInitializeEvent(&FromDpc, NotificationEvent, FALSE);
    KeInitializeDpc(&dpc, SetFromDpc, NULL);
    KeSetTargetProcessorDpc(&dpc, (CCHAR)(KeNumberProcessors - 1));
    KeInsertQueueDpc(&dpc, NULL, NULL);
    KT_EXPECT_EQ(t, KeWaitForSingleObject(&FromDpc, Executive, KernelMode, FALSE, NULL),
                 STATUS_SUCCESS);
    KeFlushQueuedDpcs();
}

static KEVENT Racy;
static void *RacySetter(void *arg)
{
    (void)arg;
    for (int i = 0; i < 200; i++)
        KeSetEvent(&Racy, 0, FALSE);
    return NULL;
}

static void ke_dispatcher_mp_test_timeouts_race_with_signals(KTEST *t)
{
    pthread_t th;
    LARGE_INTEGER timeout;
    int bad = 0;

    KeInitializeEvent(&Racy, SynchronizationEvent, FALSE);
    timeout.QuadPart = -100;    /* 10 us */
    pthread_create(&th, NULL, RacySetter, NULL);
    for (int i = 0; i < 400; i++) {
        NTSTATUS st = KeWaitForSingleObject(&Racy, Executive, KernelMode, FALSE, &timeout);
        if (st != STATUS_SUCCESS && st != STATUS_TIMEOUT)
            bad++;
    }
    pthread_join(th, NULL);
    KT_EXPECT_EQ(t, bad, 0);
    /* The event's waiter list is empty again: a final set leaves it signaled. */
    KeSetEvent(&Racy, 0, FALSE);
    KT_EXPECT_EQ(t, KeReadStateEvent(&Racy), 1);
}

/* The waiter frees (here: leaves the scope of) the event as soon as its wait returns, while
   the setter may still be inside KeSetEvent: the classic event-on-the-stack pattern. */
typedef struct _STACK_EVENT_CTX {
    PKEVENT volatile Event;
    volatile LONG Ready;
} STACK_EVENT_CTX;

static void *StackEventSetter(void *arg)
{
    STACK_EVENT_CTX *c = (STACK_EVENT_CTX *)arg;
    for (int i = 0; i < ROUNDS; i++) {
        while (!__atomic_load_n(&c->Ready, __ATOMIC_ACQUIRE))
            ;
        PKEVENT e = c->Event;
        __atomic_store_n(&c->Ready, 0, __ATOMIC_RELEASE);
        KeSetEvent(e, 0, FALSE);
    }
    return NULL;
}

__attribute__((noinline)) static NTSTATUS WaitOnStackEvent(STACK_EVENT_CTX *c, int i)
{
    KEVENT e;                              /* a fresh event in this frame every time */
    volatile char scribble[256];

    KeInitializeEvent(&e, NotificationEvent, FALSE);
    c->Event = &e;
    __atomic_store_n(&c->Ready, 1, __ATOMIC_RELEASE);
    NTSTATUS st = KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, NULL);
    for (int k = 0; k < 256; k++)
        scribble[k] = (char)(i + k);       /* the frame is reused right away */
    (void)scribble;
    return st;
}

static void ke_dispatcher_mp_test_event_on_stack_freed_after_wait(KTEST *t)
{
    STACK_EVENT_CTX c = { NULL, 0 };
    pthread_t th;
    int ok = 0;

    pthread_create(&th, NULL, StackEventSetter, &c);
    for (int i = 0; i < ROUNDS; i++)
        ok += WaitOnStackEvent(&c, i) == STATUS_SUCCESS;
    pthread_join(th, NULL);
    KT_EXPECT_EQ(t, ok, ROUNDS);
}

/* ---- Lock-free sets of notification events (KiSetReferencedEvent) ---------------------- */

#define LOCKFREE_ROUNDS 1000
#define LOCKFREE_WAITERS 3
static KEVENT Gates[LOCKFREE_ROUNDS];
static KEVENT NPing, NPong;

/* Bounded: a lost wake-up shows as a timeout (10 s), not a hang. */
static NTSTATUS WaitBounded(PKEVENT Event)
{
    LARGE_INTEGER Timeout = { .QuadPart = -10LL * 1000 * 1000 * 10 };
    return KeWaitForSingleObject(Event, Executive, KernelMode, FALSE, &Timeout);
}

static void *GateWaiter(void *arg)
{
    LONG *Woken = arg;
    for (int r = 0; r < LOCKFREE_ROUNDS; r++)
        if (WaitBounded(&Gates[r]) == STATUS_SUCCESS)
            __atomic_fetch_add(Woken, 1, __ATOMIC_RELAXED);
    return NULL;
}

/* Waiters link themselves while the sets happen: each set reaches every waiter, whether it
   linked before the set (woken under the lock) or after (it sees the state). */
static void ke_dispatcher_mp_test_lockfree_set_wakes_every_waiter(KTEST *t)
{
    pthread_t th[LOCKFREE_WAITERS];
    LONG Woken = 0;

    for (int r = 0; r < LOCKFREE_ROUNDS; r++)
        KeInitializeEvent(&Gates[r], NotificationEvent, FALSE);
    for (int i = 0; i < LOCKFREE_WAITERS; i++)
        pthread_create(&th[i], NULL, GateWaiter, &Woken);
    for (int r = 0; r < LOCKFREE_ROUNDS; r++)
        KiSetReferencedEvent(&Gates[r]);
    for (int i = 0; i < LOCKFREE_WAITERS; i++)
        pthread_join(th[i], NULL);
    KT_EXPECT_EQ(t, Woken, LOCKFREE_ROUNDS * LOCKFREE_WAITERS);
    for (int r = 0; r < LOCKFREE_ROUNDS; r++) {
        KT_EXPECT_EQ(t, KeReadStateEvent(&Gates[r]), 1);
        KT_EXPECT_EQ(t, Gates[r].Header.Signalling, 0);   /* no wait block left linked */
    }
}

static void *NotificationPonger(void *arg)
{
    LONG *Ok = arg;
    for (int i = 0; i < ROUNDS; i++) {
        if (WaitBounded(&NPing) != STATUS_SUCCESS)
            return NULL;
        KeResetEvent(&NPing);
        KiSetReferencedEvent(&NPong);
        (*Ok)++;
    }
    return NULL;
}

/* Ping-pong over notification events set lock-free and reset under the lock. */
static void ke_dispatcher_mp_test_lockfree_set_ping_pong(KTEST *t)
{
    pthread_t th;
    LONG PongerOk = 0;
    int done = 0;

    KeInitializeEvent(&NPing, NotificationEvent, FALSE);
    KeInitializeEvent(&NPong, NotificationEvent, FALSE);
    pthread_create(&th, NULL, NotificationPonger, &PongerOk);
    for (int i = 0; i < ROUNDS; i++) {
        KeResetEvent(&NPong);
        KiSetReferencedEvent(&NPing);
        if (WaitBounded(&NPong) != STATUS_SUCCESS)
            break;
        done++;
    }
    pthread_join(th, NULL);
    KT_EXPECT_EQ(t, done, ROUNDS);
    KT_EXPECT_EQ(t, PongerOk, ROUNDS);
}

static void SetWhileLinking(PVOID const *Objects, ULONG Count)
{
    (void)Count;
    KiSetReferencedEvent(Objects[0]);   /* lock-free: no wait block is linked yet */
}

/* The set lands after the waiter's first check and before its blocks are linked (the hook
   puts it there every time): the waiter's check after linking must see it. */
static void ke_dispatcher_mp_test_lockfree_set_between_check_and_link(KTEST *t)
{
    KEVENT Event;
    LARGE_INTEGER Timeout = { .QuadPart = -100LL * 1000 * 10 };   /* 100 ms */

    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    KiWaitBeforeLinkTestHook = SetWhileLinking;
    KT_EXPECT_EQ(t, KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, &Timeout),
                 STATUS_SUCCESS);
    KiWaitBeforeLinkTestHook = NULL;
    KT_EXPECT_EQ(t, Event.Header.Signalling, 0);
    KT_EXPECT_TRUE(t, IsListEmpty(&Event.Header.WaitListHead));
}

/* A synchronization event (or an already signaled one) goes through KeSetEvent: one waiter
   per set. */
static void ke_dispatcher_mp_test_lockfree_set_falls_back(KTEST *t)
{
    KEVENT Sync, Notification;

    KeInitializeEvent(&Sync, SynchronizationEvent, FALSE);
    KiSetReferencedEvent(&Sync);
    KT_EXPECT_EQ(t, KeReadStateEvent(&Sync), 1);
    KT_EXPECT_EQ(t, WaitBounded(&Sync), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, KeReadStateEvent(&Sync), 0);      /* the wait consumed it */
    KeInitializeEvent(&Notification, NotificationEvent, TRUE);
    KiSetReferencedEvent(&Notification);
    KT_EXPECT_EQ(t, KeResetEvent(&Notification), 1);
    KT_EXPECT_EQ(t, KePulseEvent(&Notification, 0, FALSE), 0);
    KT_EXPECT_EQ(t, KeReadStateEvent(&Notification), 0);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ke_dispatcher_mp_test_event_ping_pong),
    KTEST_CASE_ENTRY(ke_dispatcher_mp_test_mutex_excludes),
    KTEST_CASE_ENTRY(ke_dispatcher_mp_test_semaphore_producer_consumer),
    KTEST_CASE_ENTRY(ke_dispatcher_mp_test_wait_all_completed_by_other_thread),
    KTEST_CASE_ENTRY(ke_dispatcher_mp_test_dpc_sets_event),
    KTEST_CASE_ENTRY(ke_dispatcher_mp_test_timeouts_race_with_signals),
    KTEST_CASE_ENTRY(ke_dispatcher_mp_test_event_on_stack_freed_after_wait),
    KTEST_CASE_ENTRY(ke_dispatcher_mp_test_lockfree_set_wakes_every_waiter),
    KTEST_CASE_ENTRY(ke_dispatcher_mp_test_lockfree_set_ping_pong),
    KTEST_CASE_ENTRY(ke_dispatcher_mp_test_lockfree_set_falls_back),
    KTEST_CASE_ENTRY(ke_dispatcher_mp_test_lockfree_set_between_check_and_link),
    { 0 },
};
KTEST_SUITE(ke_dispatcher_mp, cases);
