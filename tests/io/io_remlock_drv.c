/*
 * PURPOSE: Remove locks on one thread (src/io/remlock.c), free layout (this file is built
 * without DBG, as a release driver is): counting, STATUS_DELETE_PENDING after
 * IoReleaseRemoveLockAndWait, and the misuse checks. The checked layout is in
 * io_remlock_dbg_drv.c, waits released by other threads in io_remlock_mp_drv.c.
 */
#include <ntddk.h>
#include <kmode/bugcheck.h>
#include "ktest.h"

#define TAG 'tseT'

static IO_REMOVE_LOCK Lock;
static int Tags[4];

static void io_remlock_test_free_layout_size(KTEST *t)
{
    KT_EXPECT_EQ(t, sizeof(IO_REMOVE_LOCK), 32);
    KT_EXPECT_EQ(t, sizeof(IO_REMOVE_LOCK), sizeof(IO_REMOVE_LOCK_COMMON_BLOCK));
}

static void io_remlock_test_initialize(KTEST *t)
{
    RtlFillMemory(&Lock, sizeof Lock, 0xCC);
    IoInitializeRemoveLock(&Lock, TAG, 0, 0);
    KT_EXPECT_FALSE(t, Lock.Common.Removed);
    KT_EXPECT_EQ(t, Lock.Common.IoCount, 1);
    KT_EXPECT_EQ(t, KeReadStateEvent(&Lock.Common.RemoveEvent), 0);
    KT_EXPECT_EQ(t, Lock.Common.RemoveEvent.Header.Type, SynchronizationEvent);
}

static void io_remlock_test_acquire_release_counts(KTEST *t)
{
    KIRQL old;

    IoInitializeRemoveLock(&Lock, TAG, 0, 0);
    KT_EXPECT_EQ(t, IoAcquireRemoveLock(&Lock, &Tags[0]), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, IoAcquireRemoveLock(&Lock, &Tags[1]), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, IoAcquireRemoveLock(&Lock, NULL), STATUS_SUCCESS);   /* tag optional */
    KT_EXPECT_EQ(t, Lock.Common.IoCount, 4);
    IoReleaseRemoveLock(&Lock, &Tags[1]);
    IoReleaseRemoveLock(&Lock, NULL);
    KT_EXPECT_EQ(t, Lock.Common.IoCount, 2);

    KeRaiseIrql(DISPATCH_LEVEL, &old);             /* <= DISPATCH_LEVEL */
    KT_EXPECT_EQ(t, IoAcquireRemoveLockEx(&Lock, &Tags[2], "file.c", 7,
                                          sizeof(IO_REMOVE_LOCK)), STATUS_SUCCESS);
    IoReleaseRemoveLockEx(&Lock, &Tags[2], sizeof(IO_REMOVE_LOCK));
    KeLowerIrql(old);

    IoReleaseRemoveLock(&Lock, &Tags[0]);
    KT_EXPECT_EQ(t, Lock.Common.IoCount, 1);
    KT_EXPECT_FALSE(t, Lock.Common.Removed);
    KT_EXPECT_EQ(t, KeReadStateEvent(&Lock.Common.RemoveEvent), 0);
}

static void io_remlock_test_release_and_wait_alone(KTEST *t)
{
    IoInitializeRemoveLock(&Lock, TAG, 0, 0);
    KT_ASSERT_EQ(t, IoAcquireRemoveLock(&Lock, &Tags[0]), STATUS_SUCCESS);
    /* Nobody else holds it: returns at once. */
    IoReleaseRemoveLockAndWait(&Lock, &Tags[0]);
    KT_EXPECT_TRUE(t, Lock.Common.Removed);
    KT_EXPECT_EQ(t, Lock.Common.IoCount, 0);
    KT_EXPECT_EQ(t, KeReadStateEvent(&Lock.Common.RemoveEvent), 0);
    /* Every later acquisition fails and leaves nothing behind. */
    KT_EXPECT_EQ(t, IoAcquireRemoveLock(&Lock, &Tags[1]), STATUS_DELETE_PENDING);
    KT_EXPECT_EQ(t, IoAcquireRemoveLock(&Lock, NULL), STATUS_DELETE_PENDING);
    KT_EXPECT_EQ(t, Lock.Common.IoCount, 0);
}

/* A holder that releases last, from a DPC-free path: the release that brings the count to
   zero sets the event; ReleaseAndWait then finds it set. Single-threaded: the holder
   releases before the wait would block, so the event must already have been consumed. */
static void io_remlock_test_last_release_after_removal_sets_event(KTEST *t)
{
    IoInitializeRemoveLock(&Lock, TAG, 0, 0);
    KT_ASSERT_EQ(t, IoAcquireRemoveLock(&Lock, &Tags[0]), STATUS_SUCCESS);
    KT_ASSERT_EQ(t, IoAcquireRemoveLock(&Lock, &Tags[1]), STATUS_SUCCESS);
    /* Simulate what ReleaseAndWait does before it waits, to observe the release alone. */
    Lock.Common.Removed = TRUE;
    Lock.Common.IoCount -= 2;                       /* the bias and Tags[1]'s holder */
    KT_EXPECT_EQ(t, IoAcquireRemoveLock(&Lock, &Tags[2]), STATUS_DELETE_PENDING);
    KT_EXPECT_EQ(t, KeReadStateEvent(&Lock.Common.RemoveEvent), 0);
    IoReleaseRemoveLock(&Lock, &Tags[0]);
    KT_EXPECT_EQ(t, Lock.Common.IoCount, 0);
    KT_EXPECT_EQ(t, KeReadStateEvent(&Lock.Common.RemoveEvent), 1);
}

/* ---- Misuse ---- */

static void release_unheld(void *ctx)
{
    (void)ctx;
    IoReleaseRemoveLock(&Lock, &Tags[0]);
}

static void io_remlock_test_release_without_acquire_asserts(KTEST *t)
{
    KMODE_BUGCHECK bc;

    IoInitializeRemoveLock(&Lock, TAG, 0, 0);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(release_unheld, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, KMODE_EXCEPTION_NOT_HANDLED);
    KT_EXPECT_EQ(t, (ULONG)bc.Parameter1, (ULONG)STATUS_ASSERTION_FAILURE);
    KT_EXPECT_EQ(t, Lock.Common.IoCount, 1);       /* the release was ignored */
    KT_EXPECT_EQ(t, KeReadStateEvent(&Lock.Common.RemoveEvent), 0);

    /* Released twice: the second one is the misuse. */
    KT_ASSERT_EQ(t, IoAcquireRemoveLock(&Lock, &Tags[0]), STATUS_SUCCESS);
    IoReleaseRemoveLock(&Lock, &Tags[0]);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(release_unheld, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, (ULONG)bc.Parameter1, (ULONG)STATUS_ASSERTION_FAILURE);
    KT_EXPECT_EQ(t, Lock.Common.IoCount, 1);

    /* After removal, a release nobody acquired is caught too (count would go below 0). */
    KT_ASSERT_EQ(t, IoAcquireRemoveLock(&Lock, &Tags[0]), STATUS_SUCCESS);
    IoReleaseRemoveLockAndWait(&Lock, &Tags[0]);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(release_unheld, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, Lock.Common.IoCount, 0);
}

static void release_and_wait(void *ctx)
{
    (void)ctx;
    IoReleaseRemoveLockAndWait(&Lock, &Tags[0]);
}

static void io_remlock_test_release_and_wait_without_holding_asserts(KTEST *t)
{
    KMODE_BUGCHECK bc;

    IoInitializeRemoveLock(&Lock, TAG, 0, 0);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(release_and_wait, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, KMODE_EXCEPTION_NOT_HANDLED);
    KT_EXPECT_EQ(t, (ULONG)bc.Parameter1, (ULONG)STATUS_ASSERTION_FAILURE);
    /* It had marked the lock removed; the count was left alone at the report. */
    KT_EXPECT_TRUE(t, Lock.Common.Removed);
    KT_EXPECT_EQ(t, Lock.Common.IoCount, 1);
    KT_EXPECT_EQ(t, IoAcquireRemoveLock(&Lock, NULL), STATUS_DELETE_PENDING);
}

static void io_remlock_test_release_and_wait_twice_asserts(KTEST *t)
{
    KMODE_BUGCHECK bc;

    IoInitializeRemoveLock(&Lock, TAG, 0, 0);
    KT_ASSERT_EQ(t, IoAcquireRemoveLock(&Lock, &Tags[0]), STATUS_SUCCESS);
    IoReleaseRemoveLockAndWait(&Lock, &Tags[0]);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(release_and_wait, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, (ULONG)bc.Parameter1, (ULONG)STATUS_ASSERTION_FAILURE);
    KT_EXPECT_EQ(t, Lock.Common.IoCount, 0);
}

static void release_and_wait_at_dispatch(void *ctx)
{
    KIRQL old;
    (void)ctx;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    IoReleaseRemoveLockAndWait(&Lock, &Tags[0]);
    KeLowerIrql(old);
}

static void io_remlock_test_release_and_wait_above_passive_bugchecks(KTEST *t)
{
    KMODE_BUGCHECK bc;

    IoInitializeRemoveLock(&Lock, TAG, 0, 0);
    KT_ASSERT_EQ(t, IoAcquireRemoveLock(&Lock, &Tags[0]), STATUS_SUCCESS);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(release_and_wait_at_dispatch, NULL, KMODE_CATCH_QUIET,
                                         &bc));
    KT_EXPECT_EQ(t, bc.Code, IRQL_NOT_LESS_OR_EQUAL);
    KT_EXPECT_EQ(t, bc.Parameter1, (ULONG_PTR)&Lock);
    KT_EXPECT_EQ(t, bc.Parameter2, DISPATCH_LEVEL);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
    /* Nothing changed: the check comes first. */
    KT_EXPECT_FALSE(t, Lock.Common.Removed);
    KT_EXPECT_EQ(t, Lock.Common.IoCount, 2);
}

static void acquire_bad_size(void *ctx)
{
    (void)ctx;
    IoAcquireRemoveLockEx(&Lock, NULL, __FILE__, __LINE__, 33);
}

static void io_remlock_test_unknown_size_asserts(KTEST *t)
{
    KMODE_BUGCHECK bc;

    IoInitializeRemoveLock(&Lock, TAG, 0, 0);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(acquire_bad_size, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, (ULONG)bc.Parameter1, (ULONG)STATUS_ASSERTION_FAILURE);
    KT_EXPECT_EQ(t, Lock.Common.IoCount, 1);       /* reported before acquiring */
}

static void init_big_watermark(void *ctx)
{
    (void)ctx;
    IoInitializeRemoveLock(&Lock, TAG, 0, 0x80000000u);
}

static void io_remlock_test_high_watermark_range_asserts(KTEST *t)
{
    KMODE_BUGCHECK bc;

    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(init_big_watermark, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, (ULONG)bc.Parameter1, (ULONG)STATUS_ASSERTION_FAILURE);
    KT_EXPECT_EQ(t, Lock.Common.IoCount, 1);       /* initialized before the report */
    IoInitializeRemoveLock(&Lock, TAG, 0, 0x7FFFFFFF);   /* the largest allowed */
    KT_EXPECT_EQ(t, Lock.Common.IoCount, 1);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_remlock_test_free_layout_size),
    KTEST_CASE_ENTRY(io_remlock_test_initialize),
    KTEST_CASE_ENTRY(io_remlock_test_acquire_release_counts),
    KTEST_CASE_ENTRY(io_remlock_test_release_and_wait_alone),
    KTEST_CASE_ENTRY(io_remlock_test_last_release_after_removal_sets_event),
    KTEST_CASE_ENTRY(io_remlock_test_release_without_acquire_asserts),
    KTEST_CASE_ENTRY(io_remlock_test_release_and_wait_without_holding_asserts),
    KTEST_CASE_ENTRY(io_remlock_test_release_and_wait_twice_asserts),
    KTEST_CASE_ENTRY(io_remlock_test_release_and_wait_above_passive_bugchecks),
    KTEST_CASE_ENTRY(io_remlock_test_unknown_size_asserts),
    KTEST_CASE_ENTRY(io_remlock_test_high_watermark_range_asserts),
    {0}
};
KTEST_SUITE(io_remlock, cases);
