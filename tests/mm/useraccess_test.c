/*
 * PURPOSE: Tests for the fault-recoverable user-access routines (internal/host.h:
 * HostCopyUserMemory, HostTouchUserMemory, HostStoreUserPair) and the kernel span behind
 * MiIsUserAddressRange's fast path.
 */
#include <string.h>
#include <internal/host.h>
#include <internal/mm.h>
#include "ktest.h"

void *mm_test_hole_pages(void);
void *mm_test_readonly_page(void);
void *mm_test_noaccess_page(void);

static void useraccess_test_copy_all_sizes(KTEST *t)
{
    static UCHAR Source[2048], Target[2048 + 16];

    for (ULONG i = 0; i < sizeof(Source); i++)
        Source[i] = (UCHAR)(i * 7 + 1);
    /* Short (byte tail), qword loop, and the string-move path at 512 and above. */
    for (SIZE_T n = 0; n <= sizeof(Source); n += (n < 40 ? 1 : 61)) {
        memset(Target, 0xEE, sizeof(Target));
        KT_ASSERT_EQ(t, HostCopyUserMemory(Target + 3, Source, n), STATUS_SUCCESS);
        KT_EXPECT_EQ(t, memcmp(Target + 3, Source, n), 0);
        KT_EXPECT_EQ(t, Target[2], 0xEE);
        KT_EXPECT_EQ(t, Target[3 + n], 0xEE);
    }
}

static void useraccess_test_copy_faults_return_status(KTEST *t)
{
    PUCHAR Hole = mm_test_hole_pages(), ReadOnly = mm_test_readonly_page();
    UCHAR Buffer[600];

    KT_ASSERT_TRUE(t, Hole != NULL && ReadOnly != NULL);
    /* Reading runs into the inaccessible page: the first page's bytes arrive, then the
       fault ends the copy (both loop kinds). */
    memset(Hole, 0x5A, 4096);
    KT_EXPECT_EQ(t, HostCopyUserMemory(Buffer, Hole + 4096 - 40, 64), STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, Buffer[0], 0x5A);
    KT_EXPECT_EQ(t, HostCopyUserMemory(Buffer, Hole + 4096 - 40, sizeof(Buffer)),
                 STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, HostCopyUserMemory(Buffer, (PVOID)8, 8), STATUS_ACCESS_VIOLATION);
    /* Writing a read-only page. */
    KT_EXPECT_EQ(t, HostCopyUserMemory(ReadOnly, Buffer, 16), STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, HostCopyUserMemory(ReadOnly, Buffer, 1000), STATUS_ACCESS_VIOLATION);
    /* The thread goes on normally afterwards. */
    KT_EXPECT_EQ(t, HostCopyUserMemory(Buffer, Hole, 16), STATUS_SUCCESS);
}

static void useraccess_test_touch(KTEST *t)
{
    PUCHAR Hole = mm_test_hole_pages(), ReadOnly = mm_test_readonly_page();
    PUCHAR NoAccess = mm_test_noaccess_page();

    KT_ASSERT_TRUE(t, Hole != NULL && ReadOnly != NULL && NoAccess != NULL);
    Hole[100] = 0x33;
    KT_EXPECT_EQ(t, HostTouchUserMemory(Hole, 4096, TRUE), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Hole[100], 0x33);                   /* a write touch changes nothing */
    KT_EXPECT_EQ(t, HostTouchUserMemory(Hole, 0, TRUE), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, HostTouchUserMemory(NoAccess, 0, FALSE), STATUS_SUCCESS);
    /* Every page is touched: a range whose middle page is inaccessible fails. */
    KT_EXPECT_EQ(t, HostTouchUserMemory(Hole + 10, 3 * 4096 - 20, FALSE),
                 STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, HostTouchUserMemory(Hole + 4096 - 1, 2, FALSE), STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, HostTouchUserMemory(ReadOnly, 4096, FALSE), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, HostTouchUserMemory(ReadOnly + 4095, 1, TRUE), STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, HostTouchUserMemory(NoAccess, 1, FALSE), STATUS_ACCESS_VIOLATION);
}

static void useraccess_test_store_pair(KTEST *t)
{
    ULONG_PTR Pair[2] = { 0, 0 };

    KT_EXPECT_EQ(t, HostStoreUserPair(Pair, 11, 22), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Pair[0], 11);
    KT_EXPECT_EQ(t, Pair[1], 22);
    KT_EXPECT_EQ(t, HostStoreUserPair(mm_test_readonly_page(), 1, 2), STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, HostStoreUserPair(NULL, 1, 2), STATUS_ACCESS_VIOLATION);
}

static void useraccess_test_kernel_span_holds_kernel_memory(KTEST *t)
{
    PUCHAR Pool = ExAllocatePoolWithTag(NonPagedPoolNx, 64, 'tsTU');
    PHYSICAL_ADDRESS Any = { .QuadPart = -1 };
    PUCHAR Contiguous = MmAllocateContiguousMemory(PAGE_SIZE, Any);

    KT_ASSERT_TRUE(t, Pool != NULL && Contiguous != NULL);
    KT_EXPECT_TRUE(t, (ULONG_PTR)Pool >= MiKernelSpanLow && (ULONG_PTR)Pool + 64 <= MiKernelSpanHigh);
    KT_EXPECT_TRUE(t, (ULONG_PTR)Contiguous >= MiKernelSpanLow &&
                      (ULONG_PTR)Contiguous + PAGE_SIZE <= MiKernelSpanHigh);
    /* The fast path and the exact test agree on both sides. */
    KT_EXPECT_FALSE(t, MiIsUserAddressRange(Pool, 64));
    KT_EXPECT_FALSE(t, MiIsUserAddressRangeSlow(Pool, 64));
    KT_EXPECT_FALSE(t, MiIsUserAddressRange(Contiguous + 8, 8));
    KT_EXPECT_TRUE(t, MiIsUserAddressRange(mm_test_hole_pages(), 16));
    KT_EXPECT_TRUE(t, MiIsUserAddressRangeSlow(mm_test_hole_pages(), 16));
    /* Noting a range only widens the span. */
    {
        ULONG_PTR Low = MiKernelSpanLow, High = MiKernelSpanHigh;
        MiNoteKernelRange(Low + 1, High - 1);
        KT_EXPECT_EQ(t, MiKernelSpanLow, Low);
        KT_EXPECT_EQ(t, MiKernelSpanHigh, High);
    }
    MmFreeContiguousMemory(Contiguous);
    ExFreePoolWithTag(Pool, 'tsTU');
}

static KTEST_CASE useraccess_cases[] = {
    KTEST_CASE_ENTRY(useraccess_test_copy_all_sizes),
    KTEST_CASE_ENTRY(useraccess_test_copy_faults_return_status),
    KTEST_CASE_ENTRY(useraccess_test_touch),
    KTEST_CASE_ENTRY(useraccess_test_store_pair),
    KTEST_CASE_ENTRY(useraccess_test_kernel_span_holds_kernel_memory),
    { 0 }
};
KTEST_SUITE(mm_useraccess, useraccess_cases);
