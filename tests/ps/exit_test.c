/*
 * PURPOSE: Runtime-mode tests for thread exit and system-thread failures: the bugchecks a
 * system thread or a work item causes (in a child process: a bugcheck on another thread
 * ends the process), work-item order on a single-worker queue (test hook), and mutex
 * abandonment when a host thread kmode adopted exits.
 */
#include <pthread.h>
#include <string.h>
#include <internal/ps.h>
#include <kmode/bugcheck.h>
#include "ktest.h"

/* ---- Bugchecks in a system thread (isolated) ------------------------------------------ */

typedef VOID (NTAPI *START)(PVOID);

/* Child: runs Start on a system thread and waits for it; the bugcheck ends the process. */
static void RunSystemThread(void *Context)
{
    HANDLE h;
    PVOID thread;
    OBJECT_ATTRIBUTES oa;

    InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    if (!NT_SUCCESS(PsCreateSystemThread(&h, THREAD_ALL_ACCESS, &oa, NULL, NULL,
                                         (START)Context, NULL)))
        return;
    if (NT_SUCCESS(ObReferenceObjectByHandle(h, SYNCHRONIZE, *PsThreadType, KernelMode,
                                             &thread, NULL)))
        KeWaitForSingleObject(thread, Executive, KernelMode, FALSE, NULL);
}

static int RunIsolated(START Start, char *Out, unsigned long Capacity)
{
    return ktest_run_isolated(RunSystemThread, (void *)Start, Out, Capacity);
}

static VOID NTAPI RaiseUnhandled(PVOID Context)
{
    (void)Context;
    ExRaiseStatus(STATUS_INTEGER_OVERFLOW);
}

static VOID NTAPI ReturnAtDispatch(PVOID Context)
{
    KIRQL old;
    (void)Context;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
}

static VOID NTAPI TerminateInCriticalRegion(PVOID Context)
{
    (void)Context;
    KeEnterCriticalRegion();
    PsTerminateSystemThread(STATUS_SUCCESS);
}

static KMUTEX HeldMutex;

static VOID NTAPI ReturnHoldingMutex(PVOID Context)
{
    (void)Context;
    KeInitializeMutex(&HeldMutex, 0);
    KeWaitForSingleObject(&HeldMutex, Executive, KernelMode, FALSE, NULL);
}

static VOID NTAPI ReturnHoldingMutexBalanced(PVOID Context)
{
    (void)Context;
    KeInitializeMutex(&HeldMutex, 0);
    KeWaitForSingleObject(&HeldMutex, Executive, KernelMode, FALSE, NULL);
    KeLeaveCriticalRegion();   /* balances the mutex's APC disable: only the mutex is left */
}

static void ps_exit_test_unhandled_exception_is_0x7e(KTEST *t)
{
    char out[8192];
    int status = RunIsolated(RaiseUnhandled, out, sizeof out);
    KT_EXPECT_EQ(t, status, KMODE_BUGCHECK_EXIT_STATUS);
    KT_EXPECT_CONTAINS(t, out, "SYSTEM_THREAD_EXCEPTION_NOT_HANDLED");
    KT_EXPECT_CONTAINS(t, out, "ffffffffc0000095");   /* Arg1: STATUS_INTEGER_OVERFLOW */
}

static void ps_exit_test_return_at_dispatch_is_0x20(KTEST *t)
{
    char out[8192];
    int status = RunIsolated(ReturnAtDispatch, out, sizeof out);
    KT_EXPECT_EQ(t, status, KMODE_BUGCHECK_EXIT_STATUS);
    KT_EXPECT_CONTAINS(t, out, "KERNEL_APC_PENDING_DURING_EXIT");
    KT_EXPECT_CONTAINS(t, out, "Arg3: 0000000000000002");   /* the IRQL */
}

static void ps_exit_test_terminate_in_critical_region_is_0x20(KTEST *t)
{
    char out[8192];
    int status = RunIsolated(TerminateInCriticalRegion, out, sizeof out);
    KT_EXPECT_EQ(t, status, KMODE_BUGCHECK_EXIT_STATUS);
    KT_EXPECT_CONTAINS(t, out, "KERNEL_APC_PENDING_DURING_EXIT");
    KT_EXPECT_CONTAINS(t, out, "Arg2: 000000000000ffff");   /* KernelApcDisable -1 */
    KT_EXPECT_CONTAINS(t, out, "Arg3: 0000000000000000");
}

static void ps_exit_test_mutex_held_at_exit(KTEST *t)
{
    char out[8192];
    int status = RunIsolated(ReturnHoldingMutex, out, sizeof out);
    KT_EXPECT_EQ(t, status, KMODE_BUGCHECK_EXIT_STATUS);
    KT_EXPECT_CONTAINS(t, out, "KERNEL_APC_PENDING_DURING_EXIT");
    status = RunIsolated(ReturnHoldingMutexBalanced, out, sizeof out);
    KT_EXPECT_EQ(t, status, KMODE_BUGCHECK_EXIT_STATUS);
    KT_EXPECT_CONTAINS(t, out, "THREAD_TERMINATE_HELD_MUTEX");
}

/* ---- Bugchecks in a work item (isolated) ------------------------------------------------ */

static WORK_QUEUE_ITEM BadItem;

static void RunWorkItem(void *Context)
{
    KEVENT never;
    ExInitializeWorkItem(&BadItem, (PWORKER_THREAD_ROUTINE)Context, NULL);
    /* A queue no test of this process uses: no worker of the parent is mid-wait when it
       forks (a thread inside the dispatcher at fork() would leave its lock held). */
    ExQueueWorkItem(&BadItem, RealTimeWorkQueue);
    KeInitializeEvent(&never, NotificationEvent, FALSE);
    KeWaitForSingleObject(&never, Executive, KernelMode, FALSE, NULL);
}

static VOID NTAPI WorkReturnAtDispatch(PVOID Parameter)
{
    KIRQL old;
    (void)Parameter;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
}

static VOID NTAPI WorkReturnInCriticalRegion(PVOID Parameter)
{
    (void)Parameter;
    KeEnterCriticalRegion();
}

static VOID NTAPI WorkReturnHoldingMutex(PVOID Parameter)
{
    (void)Parameter;
    KeInitializeMutex(&HeldMutex, 0);
    KeWaitForSingleObject(&HeldMutex, Executive, KernelMode, FALSE, NULL);
    KeLeaveCriticalRegion();
}

static VOID NTAPI WorkTerminatesThread(PVOID Parameter)
{
    (void)Parameter;
    PsTerminateSystemThread(STATUS_SUCCESS);
}

static VOID NTAPI WorkRaises(PVOID Parameter)
{
    (void)Parameter;
    ExRaiseStatus(STATUS_ACCESS_DENIED);
}

static void ps_exit_test_work_item_bugchecks(KTEST *t)
{
    char out[8192];
    int status;

    status = ktest_run_isolated(RunWorkItem, (void *)WorkReturnAtDispatch, out, sizeof out);
    KT_EXPECT_EQ(t, status, KMODE_BUGCHECK_EXIT_STATUS);
    KT_EXPECT_CONTAINS(t, out, "WORKER_THREAD_RETURNED_AT_BAD_IRQL");
    KT_EXPECT_CONTAINS(t, out, "Arg2: 0000000000000002");
    status = ktest_run_isolated(RunWorkItem, (void *)WorkReturnInCriticalRegion, out, sizeof out);
    KT_EXPECT_EQ(t, status, KMODE_BUGCHECK_EXIT_STATUS);
    KT_EXPECT_CONTAINS(t, out, "APC_INDEX_MISMATCH");
    KT_EXPECT_CONTAINS(t, out, "Arg4: 0000000000000001");   /* call type: worker routine */
    status = ktest_run_isolated(RunWorkItem, (void *)WorkReturnHoldingMutex, out, sizeof out);
    KT_EXPECT_EQ(t, status, KMODE_BUGCHECK_EXIT_STATUS);
    KT_EXPECT_CONTAINS(t, out, "SYSTEM_EXIT_OWNED_MUTEX");
    status = ktest_run_isolated(RunWorkItem, (void *)WorkTerminatesThread, out, sizeof out);
    KT_EXPECT_EQ(t, status, KMODE_BUGCHECK_EXIT_STATUS);
    KT_EXPECT_CONTAINS(t, out, "ACTIVE_EX_WORKER_THREAD_TERMINATION");
    status = ktest_run_isolated(RunWorkItem, (void *)WorkRaises, out, sizeof out);
    KT_EXPECT_EQ(t, status, KMODE_BUGCHECK_EXIT_STATUS);
    KT_EXPECT_CONTAINS(t, out, "SYSTEM_THREAD_EXCEPTION_NOT_HANDLED");
}

/* ---- Work-item order ------------------------------------------------------------------ */

#define ORDERED 200

static struct {
    WORK_QUEUE_ITEM Items[ORDERED];
    LONG Order[ORDERED];
    LONG Next;
    KEVENT Done;
} Ordered;

static VOID NTAPI RecordOrder(PVOID Parameter)
{
    Ordered.Order[Ordered.Next++] = (LONG)(LONG_PTR)Parameter;
    if (Ordered.Next == ORDERED)
        KeSetEvent(&Ordered.Done, IO_NO_INCREMENT, FALSE);
}

static void ps_exit_test_work_items_run_in_queue_order(KTEST *t)
{
    /* BackgroundWorkQueue is used by no other test: one worker, so one item at a time. */
    ExpSetWorkerLimitForTest(BackgroundWorkQueue, 1);
    KeInitializeEvent(&Ordered.Done, NotificationEvent, FALSE);
    for (LONG i = 0; i < ORDERED; i++) {
        ExInitializeWorkItem(&Ordered.Items[i], RecordOrder, (PVOID)(LONG_PTR)i);
        ExQueueWorkItem(&Ordered.Items[i], BackgroundWorkQueue);
    }
    KT_ASSERT_EQ(t, KeWaitForSingleObject(&Ordered.Done, Executive, KernelMode, FALSE, NULL),
                 STATUS_SUCCESS);
    for (LONG i = 0; i < ORDERED; i++)
        KT_EXPECT_EQ(t, Ordered.Order[i], i);
}

/* ---- Adopted host threads ---------------------------------------------------------------- */

static KMUTEX Abandoned;
static PKTHREAD AdoptedThread;

static void *TakeMutexAndExit(void *Arg)
{
    (void)Arg;
    KeWaitForSingleObject(&Abandoned, Executive, KernelMode, FALSE, NULL);
    AdoptedThread = KeGetCurrentThread();
    ObReferenceObject(AdoptedThread);
    return NULL;   /* exits owning the mutex */
}

static void ps_exit_test_adopted_thread_exit_abandons_mutex(KTEST *t)
{
    pthread_t th;

    KeInitializeMutex(&Abandoned, 0);
    KT_ASSERT_EQ(t, pthread_create(&th, NULL, TakeMutexAndExit, NULL), 0);
    pthread_join(th, NULL);
    KT_ASSERT_TRUE(t, AdoptedThread != NULL);
    KT_EXPECT_FALSE(t, PsIsSystemThread((PETHREAD)AdoptedThread));
    /* Its thread object is signaled; the mutex it held is abandoned. */
    KT_EXPECT_EQ(t, KeWaitForSingleObject(AdoptedThread, Executive, KernelMode, FALSE, NULL),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, KeWaitForSingleObject(&Abandoned, Executive, KernelMode, FALSE, NULL),
                 STATUS_ABANDONED_WAIT_0);
    KT_EXPECT_PTR_EQ(t, Abandoned.OwnerThread, KeGetCurrentThread());
    KeReleaseMutex(&Abandoned, FALSE);
    /* Owned normally again. */
    KT_EXPECT_EQ(t, KeWaitForSingleObject(&Abandoned, Executive, KernelMode, FALSE, NULL),
                 STATUS_SUCCESS);
    KeReleaseMutex(&Abandoned, FALSE);
    ObDereferenceObject(AdoptedThread);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ps_exit_test_unhandled_exception_is_0x7e),
    KTEST_CASE_ENTRY(ps_exit_test_return_at_dispatch_is_0x20),
    KTEST_CASE_ENTRY(ps_exit_test_terminate_in_critical_region_is_0x20),
    KTEST_CASE_ENTRY(ps_exit_test_mutex_held_at_exit),
    KTEST_CASE_ENTRY(ps_exit_test_work_item_bugchecks),
    KTEST_CASE_ENTRY(ps_exit_test_work_items_run_in_queue_order),
    KTEST_CASE_ENTRY(ps_exit_test_adopted_thread_exit_abandons_mutex),
    {0}
};
KTEST_SUITE(ps_exit, cases);
