/*
 * PURPOSE: Remove locks across threads (src/io/remlock.c): IoReleaseRemoveLockAndWait
 * returns only after every other holder released, and once it returned nobody holds the
 * lock however acquisitions race the removal. Threads signal their progress with events;
 * the only loops poll a condition another thread is bound to make true, never a clock.
 */
#include <ntddk.h>
#include "ktest.h"

#define HOLDERS 3
#define RACERS  4

static IO_REMOVE_LOCK Lock;
static KEVENT Acquired[HOLDERS], Go[HOLDERS];
static NTSTATUS HolderStatus[HOLDERS];
static volatile LONG WaiterReturned, InsideAfterReturn, Inside;
static int MainTag;

static PVOID StartThread(KTEST *t, PKSTART_ROUTINE Routine, PVOID Context)
{
    HANDLE h;
    PVOID thread = NULL;

    if (PsCreateSystemThread(&h, THREAD_ALL_ACCESS, NULL, NULL, NULL, Routine, Context) !=
        STATUS_SUCCESS) {
        KT_FAIL(t, "PsCreateSystemThread failed");
        return NULL;
    }
    ObReferenceObjectByHandle(h, SYNCHRONIZE, *PsThreadType, KernelMode, &thread, NULL);
    ZwClose(h);
    return thread;
}

static VOID Join(PVOID thread)
{
    KeWaitForSingleObject(thread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(thread);
}

static VOID Yield(VOID)
{
    LARGE_INTEGER shortest = { .QuadPart = -1 };
    KeDelayExecutionThread(KernelMode, FALSE, &shortest);
}

static VOID NTAPI Holder(PVOID Context)
{
    ULONG i = (ULONG)(ULONG_PTR)Context;
    HolderStatus[i] = IoAcquireRemoveLock(&Lock, &Go[i]);
    KeSetEvent(&Acquired[i], IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(&Go[i], Executive, KernelMode, FALSE, NULL);
    IoReleaseRemoveLock(&Lock, &Go[i]);
}

static VOID NTAPI Waiter(PVOID Context)
{
    (void)Context;
    IoReleaseRemoveLockAndWait(&Lock, &MainTag);
    InterlockedExchange(&InsideAfterReturn, Inside);
    InterlockedExchange(&WaiterReturned, 1);
}

static void io_remlock_mp_test_release_and_wait_waits_for_holders(KTEST *t)
{
    PVOID holders[HOLDERS], waiter;
    ULONG i;

    IoInitializeRemoveLock(&Lock, 'pmRT', 0, 0);
    WaiterReturned = 0;
    KT_ASSERT_EQ(t, IoAcquireRemoveLock(&Lock, &MainTag), STATUS_SUCCESS);
    for (i = 0; i < HOLDERS; i++) {
        KeInitializeEvent(&Acquired[i], NotificationEvent, FALSE);
        KeInitializeEvent(&Go[i], NotificationEvent, FALSE);
        holders[i] = StartThread(t, Holder, (PVOID)(ULONG_PTR)i);
        KT_ASSERT_TRUE(t, holders[i] != NULL);
        KeWaitForSingleObject(&Acquired[i], Executive, KernelMode, FALSE, NULL);
        KT_EXPECT_EQ(t, HolderStatus[i], STATUS_SUCCESS);
    }
    KT_EXPECT_EQ(t, Lock.Common.IoCount, 1 + 1 + HOLDERS);

    /* The waiter releases the main acquisition (a remove lock has no owner thread). */
    waiter = StartThread(t, Waiter, NULL);
    KT_ASSERT_TRUE(t, waiter != NULL);
    /* It marks the lock removed, then drops its own count and the bias. */
    while (IoAcquireRemoveLock(&Lock, NULL) != STATUS_DELETE_PENDING) {
        IoReleaseRemoveLock(&Lock, NULL);
        Yield();
    }
    while (InterlockedCompareExchange((volatile LONG *)&Lock.Common.IoCount, 0, 0) != HOLDERS)
        Yield();
    /* Holders remain: it cannot have returned. */
    for (i = 0; i < HOLDERS; i++) {
        KT_EXPECT_EQ(t, WaiterReturned, 0);
        KeSetEvent(&Go[i], IO_NO_INCREMENT, FALSE);
        Join(holders[i]);
        KT_EXPECT_EQ(t, Lock.Common.IoCount, HOLDERS - 1 - i);
    }
    Join(waiter);
    KT_EXPECT_EQ(t, WaiterReturned, 1);
    KT_EXPECT_EQ(t, Lock.Common.IoCount, 0);
    KT_EXPECT_EQ(t, IoAcquireRemoveLock(&Lock, NULL), STATUS_DELETE_PENDING);
}

static LONG Successes[RACERS];
static NTSTATUS Failures[RACERS];

/* Acquires and releases until an acquisition fails: the removal is bound to come. */
static VOID NTAPI Racer(PVOID Context)
{
    ULONG id = (ULONG)(ULONG_PTR)Context;
    int i;

    for (i = 0;; i++) {
        KIRQL old = PASSIVE_LEVEL;
        NTSTATUS status;
        if (i % 2)
            KeRaiseIrql(DISPATCH_LEVEL, &old);
        status = IoAcquireRemoveLock(&Lock, &Successes[id]);
        if (status == STATUS_SUCCESS) {
            InterlockedIncrement(&Successes[id]);
            InterlockedIncrement(&Inside);
            InterlockedDecrement(&Inside);
            IoReleaseRemoveLock(&Lock, &Successes[id]);
        } else {
            Failures[id] = status;
        }
        if (i % 2)
            KeLowerIrql(old);
        if (status != STATUS_SUCCESS)
            break;
    }
}

static void io_remlock_mp_test_acquisitions_racing_removal(KTEST *t)
{
    PVOID racers[RACERS], waiter;
    LONG successes = 0;
    ULONG i;

    IoInitializeRemoveLock(&Lock, 'pmRT', 0, 0);
    WaiterReturned = 0;
    InsideAfterReturn = -1;
    KT_ASSERT_EQ(t, IoAcquireRemoveLock(&Lock, &MainTag), STATUS_SUCCESS);
    for (i = 0; i < RACERS; i++)
        racers[i] = StartThread(t, Racer, (PVOID)(ULONG_PTR)i);
    /* Let some acquisitions succeed first, then remove while they keep coming. */
    while (InterlockedCompareExchange(&Successes[0], 0, 0) == 0)
        Yield();
    waiter = StartThread(t, Waiter, NULL);
    Join(waiter);
    for (i = 0; i < RACERS; i++) {
        Join(racers[i]);
        KT_EXPECT_EQ(t, Failures[i], STATUS_DELETE_PENDING);
        successes += Successes[i];
    }
    /* When it returned nobody was inside, and nobody got in afterwards. */
    KT_EXPECT_EQ(t, InsideAfterReturn, 0);
    KT_EXPECT_EQ(t, Lock.Common.IoCount, 0);
    KT_EXPECT_TRUE(t, successes > 0);
    ktest_log(t, "%d acquisitions succeeded before the removal", (int)successes);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_remlock_mp_test_release_and_wait_waits_for_holders),
    KTEST_CASE_ENTRY(io_remlock_mp_test_acquisitions_racing_removal),
    {0}
};
KTEST_SUITE(io_remlock_mp, cases);
