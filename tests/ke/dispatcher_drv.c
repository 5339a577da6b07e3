/*
 * PURPOSE: Tests for events, semaphores, mutexes and waits (src/ke/dispatcher.c,
 * src/ke/wait.c), single-threaded parts, written as driver code. Cross-thread wake-ups are
 * in dispatcher_mp_test.c.
 */
#include <ntddk.h>
#include <kmode/bugcheck.h>
#include "ktest.h"

static LARGE_INTEGER Zero;           /* a poll */

static void ke_event_test_notification_and_synchronization(KTEST *t)
{
    KEVENT n, s;

    KeInitializeEvent(&n, NotificationEvent, FALSE);
    KeInitializeEvent(&s, SynchronizationEvent, TRUE);
    KT_EXPECT_EQ(t, KeReadStateEvent(&n), 0);
    KT_EXPECT_EQ(t, KeReadStateEvent(&s), 1);
    KT_EXPECT_EQ(t, KeWaitForSingleObject(&n, Executive, KernelMode, FALSE, &Zero), STATUS_TIMEOUT);
    KT_EXPECT_EQ(t, KeSetEvent(&n, IO_NO_INCREMENT, FALSE), 0);     /* previous state */
    KT_EXPECT_EQ(t, KeSetEvent(&n, IO_NO_INCREMENT, FALSE), 1);
    /* A notification event stays signaled through waits; a synchronization event resets. */
    KT_EXPECT_EQ(t, KeWaitForSingleObject(&n, Executive, KernelMode, FALSE, NULL), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, KeReadStateEvent(&n), 1);
    KT_EXPECT_EQ(t, KeWaitForSingleObject(&s, Executive, KernelMode, FALSE, &Zero), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, KeReadStateEvent(&s), 0);
    KT_EXPECT_EQ(t, KeWaitForSingleObject(&s, Executive, KernelMode, FALSE, &Zero), STATUS_TIMEOUT);
    KT_EXPECT_EQ(t, KeResetEvent(&n), 1);
    KT_EXPECT_EQ(t, KeReadStateEvent(&n), 0);
    KeSetEvent(&n, 0, FALSE);
    KeClearEvent(&n);
    KT_EXPECT_EQ(t, KeReadStateEvent(&n), 0);
    KT_EXPECT_EQ(t, KePulseEvent(&n, 0, FALSE), 0);
    KT_EXPECT_EQ(t, KeReadStateEvent(&n), 0);
}

static void ke_wait_test_relative_timeout_expires(KTEST *t)
{
    KEVENT e;
    LARGE_INTEGER timeout;

    KeInitializeEvent(&e, NotificationEvent, FALSE);
    timeout.QuadPart = -10 * 1000 * 5;    /* 5 ms */
    KT_EXPECT_EQ(t, KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &timeout), STATUS_TIMEOUT);
    timeout.QuadPart = -10 * 1000;
    KT_EXPECT_EQ(t, KeDelayExecutionThread(KernelMode, FALSE, &timeout), STATUS_SUCCESS);
}

static void ke_semaphore_test_counts_and_limit(KTEST *t)
{
    KSEMAPHORE sem;
    NTSTATUS raised = STATUS_SUCCESS;

    KeInitializeSemaphore(&sem, 1, 2);
    KT_EXPECT_EQ(t, KeReadStateSemaphore(&sem), 1);
    KT_EXPECT_EQ(t, KeWaitForSingleObject(&sem, Executive, KernelMode, FALSE, &Zero), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, KeReadStateSemaphore(&sem), 0);
    KT_EXPECT_EQ(t, KeWaitForSingleObject(&sem, Executive, KernelMode, FALSE, &Zero), STATUS_TIMEOUT);
    KT_EXPECT_EQ(t, KeReleaseSemaphore(&sem, SEMAPHORE_INCREMENT, 2, FALSE), 0);   /* previous */
    KT_EXPECT_EQ(t, KeReadStateSemaphore(&sem), 2);
    __try {
        KeReleaseSemaphore(&sem, SEMAPHORE_INCREMENT, 1, FALSE);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        raised = GetExceptionCode();
    }
    KT_EXPECT_EQ(t, raised, STATUS_SEMAPHORE_LIMIT_EXCEEDED);
    KT_EXPECT_EQ(t, KeReadStateSemaphore(&sem), 2);                               /* unchanged */
}

static void ke_mutex_test_recursion_and_critical_region(KTEST *t)
{
    KMUTEX m;

    KeInitializeMutex(&m, 0);
    KT_EXPECT_EQ(t, KeReadStateMutex(&m), 1);
    KT_EXPECT_FALSE(t, KeAreApcsDisabled());
    KT_EXPECT_EQ(t, KeWaitForSingleObject(&m, Executive, KernelMode, FALSE, NULL), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, KeAreApcsDisabled());           /* holding a kernel mutex */
    KT_EXPECT_EQ(t, KeWaitForSingleObject(&m, Executive, KernelMode, FALSE, &Zero), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, KeReadStateMutex(&m), -1);        /* acquired twice */
    KT_EXPECT_EQ(t, KeReleaseMutex(&m, FALSE), -1);
    KT_EXPECT_TRUE(t, KeAreApcsDisabled());
    KT_EXPECT_EQ(t, KeReleaseMutex(&m, FALSE), 0);
    KT_EXPECT_EQ(t, KeReadStateMutex(&m), 1);
    KT_EXPECT_FALSE(t, KeAreApcsDisabled());
}

static KMUTEX NotOwned;
static void ReleaseNotOwned(void *ctx)
{
    (void)ctx;
    KeInitializeMutex(&NotOwned, 0);
    KeReleaseMutex(&NotOwned, FALSE);
}

static void WaitAtDispatch(void *ctx)
{
    static KEVENT e;
    KIRQL old;
    (void)ctx;
    KeInitializeEvent(&e, NotificationEvent, FALSE);
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, NULL);
}

static void TooManyObjects(void *ctx)
{
    static KEVENT e[4];
    PVOID objs[4];
    (void)ctx;
    for (int i = 0; i < 4; i++) {
        KeInitializeEvent(&e[i], NotificationEvent, TRUE);
        objs[i] = &e[i];
    }
    KeWaitForMultipleObjects(4, objs, WaitAny, Executive, KernelMode, FALSE, NULL, NULL);
}

static void ke_dispatcher_test_misuse_bugchecks(KTEST *t)
{
    KMODE_BUGCHECK bc;

    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(ReleaseNotOwned, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, THREAD_NOT_MUTEX_OWNER);
    KT_EXPECT_EQ(t, bc.Parameter2, (ULONG_PTR)&NotOwned);

    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(WaitAtDispatch, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, IRQL_NOT_LESS_OR_EQUAL);
    KT_EXPECT_EQ(t, bc.Parameter2, DISPATCH_LEVEL);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);

    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(TooManyObjects, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, MAXIMUM_WAIT_OBJECTS_EXCEEDED);
    KT_EXPECT_EQ(t, bc.Parameter1, 4);
}

static void ke_wait_test_poll_allowed_at_dispatch(KTEST *t)
{
    KEVENT e;
    KIRQL old;

    KeInitializeEvent(&e, SynchronizationEvent, TRUE);
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    KT_EXPECT_EQ(t, KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &Zero), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &Zero), STATUS_TIMEOUT);
    KeLowerIrql(old);
}

static void ke_wait_test_multiple_any_and_all(KTEST *t)
{
    KEVENT a, b;
    KSEMAPHORE s;
    PVOID objs[3] = { &a, &b, &s };
    KWAIT_BLOCK blocks[3];

    KeInitializeEvent(&a, NotificationEvent, FALSE);
    KeInitializeEvent(&b, SynchronizationEvent, TRUE);
    KeInitializeSemaphore(&s, 1, 10);
    /* WaitAny reports the first signaled object, and only that one is satisfied. */
    KT_EXPECT_EQ(t, KeWaitForMultipleObjects(3, objs, WaitAny, Executive, KernelMode, FALSE, &Zero, blocks),
                 STATUS_WAIT_0 + 1);
    KT_EXPECT_EQ(t, KeReadStateEvent(&b), 0);
    KT_EXPECT_EQ(t, KeReadStateSemaphore(&s), 1);
    /* WaitAll: not all signaled -> timeout, nothing consumed. */
    KT_EXPECT_EQ(t, KeWaitForMultipleObjects(3, objs, WaitAll, Executive, KernelMode, FALSE, &Zero, blocks),
                 STATUS_TIMEOUT);
    KT_EXPECT_EQ(t, KeReadStateSemaphore(&s), 1);
    KeSetEvent(&a, 0, FALSE);
    KeSetEvent(&b, 0, FALSE);
    KT_EXPECT_EQ(t, KeWaitForMultipleObjects(3, objs, WaitAll, Executive, KernelMode, FALSE, &Zero, blocks),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, KeReadStateEvent(&a), 1);       /* notification: still set */
    KT_EXPECT_EQ(t, KeReadStateEvent(&b), 0);       /* synchronization: consumed */
    KT_EXPECT_EQ(t, KeReadStateSemaphore(&s), 0);   /* semaphore: counted down */
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ke_event_test_notification_and_synchronization),
    KTEST_CASE_ENTRY(ke_wait_test_relative_timeout_expires),
    KTEST_CASE_ENTRY(ke_semaphore_test_counts_and_limit),
    KTEST_CASE_ENTRY(ke_mutex_test_recursion_and_critical_region),
    KTEST_CASE_ENTRY(ke_dispatcher_test_misuse_bugchecks),
    KTEST_CASE_ENTRY(ke_wait_test_poll_allowed_at_dispatch),
    KTEST_CASE_ENTRY(ke_wait_test_multiple_any_and_all),
    { 0 },
};
KTEST_SUITE(ke_dispatcher, cases);
