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

/* HostCopyUserMemory's size classes (useraccess.S): 0, 1..3, 4..7, 8..15, 16..32, 33..64,
   65..128, 129..511 (64-byte blocks), 512 and more (string move). */
static const SIZE_T CopyClassSizes[] = { 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 48,
                                         63, 64, 65, 100, 127, 128, 129, 192, 193, 255, 256,
                                         257, 500, 511, 512, 513, 1000 };

/* The bytes the first move of a copy of N bytes covers (useraccess.S). */
static SIZE_T CopyHeadBytes(SIZE_T N)
{
    return N < 4 ? 1 : N < 8 ? 4 : N < 16 ? 8 : N <= 32 ? 16 : N <= 64 ? 32 : N < 512 ? 64 : 1;
}

static void useraccess_test_copy_all_sizes(KTEST *t)
{
    static UCHAR Source[2048 + 16], Target[2048 + 32];

    for (ULONG i = 0; i < sizeof(Source); i++)
        Source[i] = (UCHAR)(i * 7 + 1);
    /* Every size through the string-move threshold and beyond, at several alignments of
       both buffers: exact content, the bytes on either side untouched. */
    for (SIZE_T n = 0; n <= 2048; n += (n < 640 ? 1 : 61)) {
        for (ULONG so = 0; so < 16; so += 5) {
            for (ULONG d = 1; d < 16; d += 7) {
                memset(Target, 0xEE, sizeof(Target));
                KT_ASSERT_EQ(t, HostCopyUserMemory(Target + d, Source + so, n), STATUS_SUCCESS);
                KT_EXPECT_EQ(t, memcmp(Target + d, Source + so, n), 0);
                KT_EXPECT_EQ(t, Target[d - 1], 0xEE);
                KT_EXPECT_EQ(t, Target[d + n], 0xEE);
            }
        }
    }
}

/* A fault in the first move (nothing copied) and in the last (the first bytes copied) of
   each size class, reading and writing: the copy returns STATUS_ACCESS_VIOLATION. */
static void useraccess_test_copy_faults_in_each_size_class(KTEST *t)
{
    PUCHAR Hole = mm_test_hole_pages();   /* pages: read/write, none, read/write */
    static UCHAR Source[1024], Target[1024 + 16];

    KT_ASSERT_TRUE(t, Hole != NULL);
    for (ULONG i = 0; i < sizeof(Source); i++)
        Source[i] = (UCHAR)(i * 3 + 5);
    memcpy(Hole, Source, 1024);
    memcpy(Hole + 4096 - 1024, Source, 1024);
    memcpy(Hole + 8192, Source, 1024);
    for (SIZE_T c = 0; c < RTL_NUMBER_OF(CopyClassSizes); c++) {
        SIZE_T n = CopyClassSizes[c];
        /* Buffers right after and right before the hole: no access strays out of them. */
        memset(Target, 0xEE, sizeof(Target));
        KT_EXPECT_EQ(t, HostCopyUserMemory(Target, Hole + 8192, n), STATUS_SUCCESS);
        KT_EXPECT_EQ(t, memcmp(Target, Source, n), 0);
        KT_EXPECT_EQ(t, HostCopyUserMemory(Target, Hole + 4096 - n, n), STATUS_SUCCESS);
        KT_EXPECT_EQ(t, memcmp(Target, Hole + 4096 - n, n), 0);
        KT_EXPECT_EQ(t, HostCopyUserMemory(Hole + 8192, Source, n), STATUS_SUCCESS);
        KT_EXPECT_EQ(t, HostCopyUserMemory(Hole + 4096 - n, Hole + 8192, n), STATUS_SUCCESS);
        KT_EXPECT_EQ(t, memcmp(Hole + 4096 - n, Source, n), 0);
        /* Reading: the first byte in the hole, the rest readable: nothing arrives. */
        memset(Target, 0xEE, sizeof(Target));
        KT_EXPECT_EQ(t, HostCopyUserMemory(Target, Hole + 8192 - 1, n), STATUS_ACCESS_VIOLATION);
        KT_EXPECT_EQ(t, Target[0], 0xEE);
        KT_EXPECT_EQ(t, Target[n - 1], 0xEE);
        /* Reading: only the last byte in the hole: the first move's bytes arrive (when it
           does not reach the last byte), none past n. */
        if (n > CopyHeadBytes(n)) {
            PUCHAR From = Hole + 4096 - (n - 1);
            memset(Target, 0xEE, sizeof(Target));
            KT_EXPECT_EQ(t, HostCopyUserMemory(Target, From, n), STATUS_ACCESS_VIOLATION);
            KT_EXPECT_EQ(t, memcmp(Target, From, CopyHeadBytes(n)), 0);
            KT_EXPECT_EQ(t, Target[n], 0xEE);
        }
        /* Writing: the first byte in the hole; then only the last one. */
        KT_EXPECT_EQ(t, HostCopyUserMemory(Hole + 8192 - 1, Source, n), STATUS_ACCESS_VIOLATION);
        if (n > CopyHeadBytes(n)) {
            PUCHAR To = Hole + 4096 - (n - 1);
            memset(To, 0xEE, n - 1);
            KT_EXPECT_EQ(t, HostCopyUserMemory(To, Source + 1, n), STATUS_ACCESS_VIOLATION);
            KT_EXPECT_EQ(t, memcmp(To, Source + 1, CopyHeadBytes(n)), 0);
        }
    }
    /* The readable parts are intact after all that. */
    KT_EXPECT_EQ(t, memcmp(Hole + 8192, Source, 1024), 0);
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
    KTEST_CASE_ENTRY(useraccess_test_copy_faults_in_each_size_class),
    KTEST_CASE_ENTRY(useraccess_test_touch),
    KTEST_CASE_ENTRY(useraccess_test_store_pair),
    KTEST_CASE_ENTRY(useraccess_test_kernel_span_holds_kernel_memory),
    { 0 }
};
KTEST_SUITE(mm_useraccess, useraccess_cases);
