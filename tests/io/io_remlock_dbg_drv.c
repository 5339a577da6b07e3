/*
 * PURPOSE: Remove locks in the checked layout (src/io/remlock.c): a driver built with DBG=1
 * passes sizeof(IO_REMOVE_LOCK) with the debug block, and every acquisition is tracked, so
 * a release with a tag nobody acquired, too many holders or a lock held too long are
 * reported (assertion failures).
 */
#undef DBG
#define DBG 1
#include <ntddk.h>
#include <kmode/bugcheck.h>
#include "ktest.h"

#define TAG 'gbdT'

static IO_REMOVE_LOCK Lock;
static int Tags[4];

static ULONG CountBlocks(void)
{
    ULONG n = 0;
    PIO_REMOVE_LOCK_TRACKING_BLOCK *b = &Lock.Dbg.Blocks;
    /* The tracking block is opaque; its first field links the list (kmode's layout). */
    while (*b) {
        n++;
        b = (PIO_REMOVE_LOCK_TRACKING_BLOCK *)*b;
    }
    return n;
}

static void io_remlock_dbg_test_checked_layout_size(KTEST *t)
{
    KT_EXPECT_EQ(t, sizeof(IO_REMOVE_LOCK), 120);
    KT_EXPECT_EQ(t, FIELD_OFFSET(IO_REMOVE_LOCK, Dbg), 32);
    KT_EXPECT_EQ(t, FIELD_OFFSET(IO_REMOVE_LOCK, Dbg.Blocks), 32 + 80);
}

static void io_remlock_dbg_test_initialize(KTEST *t)
{
    RtlFillMemory(&Lock, sizeof Lock, 0xCC);
    IoInitializeRemoveLock(&Lock, TAG, 3, 10);
    KT_EXPECT_FALSE(t, Lock.Common.Removed);
    KT_EXPECT_EQ(t, Lock.Common.IoCount, 1);
    KT_EXPECT_NE(t, Lock.Dbg.Signature, 0);
    KT_EXPECT_EQ(t, Lock.Dbg.HighWatermark, 10);
    KT_EXPECT_EQ(t, Lock.Dbg.MaxLockedTicks, 3LL * 60 * 10000000);   /* 100 ns units */
    KT_EXPECT_EQ(t, (ULONG)Lock.Dbg.AllocateTag, TAG);
    KT_EXPECT_EQ(t, Lock.Dbg.LowMemoryCount, 0);
    KT_EXPECT_PTR_EQ(t, Lock.Dbg.Blocks, NULL);
    KT_EXPECT_TRUE(t, KeTestSpinLock(&Lock.Dbg.Spin));
}

static void io_remlock_dbg_test_acquisitions_are_tracked(KTEST *t)
{
    IoInitializeRemoveLock(&Lock, TAG, 0, 0);
    KT_ASSERT_EQ(t, IoAcquireRemoveLock(&Lock, &Tags[0]), STATUS_SUCCESS);
    KT_ASSERT_EQ(t, IoAcquireRemoveLock(&Lock, &Tags[1]), STATUS_SUCCESS);
    KT_ASSERT_EQ(t, IoAcquireRemoveLock(&Lock, &Tags[1]), STATUS_SUCCESS);   /* not unique */
    KT_EXPECT_EQ(t, CountBlocks(), 3);
    IoReleaseRemoveLock(&Lock, &Tags[1]);
    IoReleaseRemoveLock(&Lock, &Tags[0]);
    KT_EXPECT_EQ(t, CountBlocks(), 1);
    KT_EXPECT_EQ(t, Lock.Common.IoCount, 2);
    /* ReleaseAndWait releases the caller's tracked acquisition. */
    IoReleaseRemoveLockAndWait(&Lock, &Tags[1]);
    KT_EXPECT_EQ(t, CountBlocks(), 0);
    KT_EXPECT_EQ(t, Lock.Common.IoCount, 0);
    KT_EXPECT_EQ(t, IoAcquireRemoveLock(&Lock, &Tags[2]), STATUS_DELETE_PENDING);
    KT_EXPECT_EQ(t, CountBlocks(), 0);              /* a failed acquisition is not tracked */
}

static void release_tag(void *ctx)
{
    IoReleaseRemoveLock(&Lock, ctx);
}

static void io_remlock_dbg_test_release_with_unknown_tag_asserts(KTEST *t)
{
    KMODE_BUGCHECK bc;

    IoInitializeRemoveLock(&Lock, TAG, 0, 0);
    KT_ASSERT_EQ(t, IoAcquireRemoveLock(&Lock, &Tags[0]), STATUS_SUCCESS);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(release_tag, &Tags[3], KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, KMODE_EXCEPTION_NOT_HANDLED);
    KT_EXPECT_EQ(t, (ULONG)bc.Parameter1, (ULONG)STATUS_ASSERTION_FAILURE);
    /* The count was released all the same; Tags[0]'s record stays until removal. */
    KT_EXPECT_EQ(t, Lock.Common.IoCount, 1);
    KT_EXPECT_EQ(t, CountBlocks(), 1);
    /* The lock is not held any more: ReleaseAndWait would be misuse, so hold it again. */
    KT_ASSERT_EQ(t, IoAcquireRemoveLock(&Lock, &Tags[1]), STATUS_SUCCESS);
    IoReleaseRemoveLockAndWait(&Lock, &Tags[1]);
    KT_EXPECT_EQ(t, CountBlocks(), 0);              /* leftovers are freed */
}

static void acquire_third(void *ctx)
{
    (void)ctx;
    IoAcquireRemoveLock(&Lock, &Tags[2]);
}

static void io_remlock_dbg_test_high_watermark_asserts(KTEST *t)
{
    KMODE_BUGCHECK bc;

    IoInitializeRemoveLock(&Lock, TAG, 0, 2);
    KT_ASSERT_EQ(t, IoAcquireRemoveLock(&Lock, &Tags[0]), STATUS_SUCCESS);
    KT_ASSERT_EQ(t, IoAcquireRemoveLock(&Lock, &Tags[1]), STATUS_SUCCESS);   /* 2: allowed */
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(acquire_third, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, (ULONG)bc.Parameter1, (ULONG)STATUS_ASSERTION_FAILURE);
    /* The acquisition itself happened (reported afterwards). */
    KT_EXPECT_EQ(t, Lock.Common.IoCount, 4);
    KT_EXPECT_EQ(t, CountBlocks(), 3);
    IoReleaseRemoveLock(&Lock, &Tags[2]);
    IoReleaseRemoveLock(&Lock, &Tags[1]);
    /* Back under the watermark: no report. */
    KT_ASSERT_EQ(t, IoAcquireRemoveLock(&Lock, &Tags[1]), STATUS_SUCCESS);
    IoReleaseRemoveLock(&Lock, &Tags[1]);
    IoReleaseRemoveLockAndWait(&Lock, &Tags[0]);
    KT_EXPECT_EQ(t, CountBlocks(), 0);
}

static void io_remlock_dbg_test_held_too_long_asserts(KTEST *t)
{
    KMODE_BUGCHECK bc;

    IoInitializeRemoveLock(&Lock, TAG, 1, 0);
    /* A minute is too long for a test: MaxLockedTicks is in 100 ns units (kmode's unit),
       so 10 ticks is 1 us, and the stall below guarantees at least that much. */
    Lock.Dbg.MaxLockedTicks = 10;
    KT_ASSERT_EQ(t, IoAcquireRemoveLock(&Lock, &Tags[0]), STATUS_SUCCESS);
    KT_ASSERT_EQ(t, IoAcquireRemoveLock(&Lock, &Tags[1]), STATUS_SUCCESS);
    KeStallExecutionProcessor(2);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(release_tag, &Tags[1], KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, (ULONG)bc.Parameter1, (ULONG)STATUS_ASSERTION_FAILURE);
    KT_EXPECT_EQ(t, Lock.Common.IoCount, 2);       /* released before the report */
    KT_EXPECT_EQ(t, CountBlocks(), 1);
    Lock.Dbg.MaxLockedTicks = 0;                    /* no limit */
    IoReleaseRemoveLockAndWait(&Lock, &Tags[0]);
    KT_EXPECT_EQ(t, CountBlocks(), 0);
}

static void acquire_uninitialized(void *ctx)
{
    (void)ctx;
    IoAcquireRemoveLock(&Lock, &Tags[0]);
}

static void io_remlock_dbg_test_uninitialized_lock_asserts(KTEST *t)
{
    KMODE_BUGCHECK bc;

    RtlZeroMemory(&Lock, sizeof Lock);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(acquire_uninitialized, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, (ULONG)bc.Parameter1, (ULONG)STATUS_ASSERTION_FAILURE);
    KT_EXPECT_EQ(t, Lock.Common.IoCount, 0);       /* reported before anything changed */
}

static void io_remlock_dbg_test_free_driver_size_is_untracked(KTEST *t)
{
    /* The same routines given the free size only touch the common block. */
    IoInitializeRemoveLock(&Lock, TAG, 0, 1);
    KT_ASSERT_EQ(t, IoAcquireRemoveLockEx(&Lock, &Tags[0], __FILE__, __LINE__,
                                          sizeof(IO_REMOVE_LOCK_COMMON_BLOCK)), STATUS_SUCCESS);
    KT_ASSERT_EQ(t, IoAcquireRemoveLockEx(&Lock, &Tags[1], __FILE__, __LINE__,
                                          sizeof(IO_REMOVE_LOCK_COMMON_BLOCK)), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, CountBlocks(), 0);              /* no tracking, no watermark report */
    IoReleaseRemoveLockEx(&Lock, &Tags[3], sizeof(IO_REMOVE_LOCK_COMMON_BLOCK));
    IoReleaseRemoveLockAndWaitEx(&Lock, &Tags[0], sizeof(IO_REMOVE_LOCK_COMMON_BLOCK));
    KT_EXPECT_EQ(t, Lock.Common.IoCount, 0);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_remlock_dbg_test_checked_layout_size),
    KTEST_CASE_ENTRY(io_remlock_dbg_test_initialize),
    KTEST_CASE_ENTRY(io_remlock_dbg_test_acquisitions_are_tracked),
    KTEST_CASE_ENTRY(io_remlock_dbg_test_release_with_unknown_tag_asserts),
    KTEST_CASE_ENTRY(io_remlock_dbg_test_high_watermark_asserts),
    KTEST_CASE_ENTRY(io_remlock_dbg_test_held_too_long_asserts),
    KTEST_CASE_ENTRY(io_remlock_dbg_test_uninitialized_lock_asserts),
    KTEST_CASE_ENTRY(io_remlock_dbg_test_free_driver_size_is_untracked),
    {0}
};
KTEST_SUITE(io_remlock_dbg, cases);
