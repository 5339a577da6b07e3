/*
 * PURPOSE: Tests for the Rtl memory helpers (wdm.h macros and functions, ntddk.h
 * RtlIsZeroMemory, ntifs.h pattern fill/compare).
 */
#include <string.h>
#include <ntifs.h>
#include "ktest.h"

static void rtl_memory_test_copy_move_fill_zero_macros(KTEST *t)
{
    UCHAR buf[16];
    UCHAR src[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

    RtlFillMemory(buf, sizeof buf, 0xAB);
    KT_EXPECT_EQ(t, buf[0], 0xAB);
    KT_EXPECT_EQ(t, buf[15], 0xAB);
    RtlZeroMemory(buf + 4, 4);
    KT_EXPECT_EQ(t, buf[3], 0xAB);
    KT_EXPECT_EQ(t, buf[4], 0);
    KT_EXPECT_EQ(t, buf[7], 0);
    KT_EXPECT_EQ(t, buf[8], 0xAB);
    RtlCopyMemory(buf, src, sizeof src);
    KT_EXPECT_MEMEQ(t, buf, src, sizeof src);
    /* Overlapping move to the right: RtlMoveMemory must behave like memmove. */
    RtlMoveMemory(buf + 2, buf, 8);
    KT_EXPECT_EQ(t, buf[2], 1);
    KT_EXPECT_EQ(t, buf[9], 8);
    RtlCopyBytes(buf, src + 4, 2);
    KT_EXPECT_EQ(t, buf[0], 5);
    RtlFillBytes(buf, 2, 9);
    KT_EXPECT_EQ(t, buf[1], 9);
    RtlZeroBytes(buf, 1);
    KT_EXPECT_EQ(t, buf[0], 0);
}

static void rtl_memory_test_equal_memory_is_boolean(KTEST *t)
{
    char a[] = "kernel", b[] = "kernel", c[] = "kernal";

    KT_EXPECT_TRUE(t, RtlEqualMemory(a, b, sizeof a));
    KT_EXPECT_FALSE(t, RtlEqualMemory(a, c, sizeof a));
    KT_EXPECT_TRUE(t, RtlEqualMemory(a, c, 4));
    KT_EXPECT_EQ(t, RtlEqualMemory(a, b, 0), 1);
}

static void rtl_memory_test_compare_memory_counts_matching_prefix(KTEST *t)
{
    UCHAR a[40], b[40];

    for (int i = 0; i < 40; i++)
        a[i] = b[i] = (UCHAR)i;
    KT_EXPECT_EQ(t, RtlCompareMemory(a, b, 40), 40);
    KT_EXPECT_EQ(t, RtlCompareMemory(a, b, 0), 0);
    /* A difference at every position, including inside and after the word-sized strides. */
    for (int pos = 0; pos < 40; pos++) {
        b[pos] ^= 0x80;
        if (RtlCompareMemory(a, b, 40) != (SIZE_T)pos)
            KT_FAIL(t, "difference at %d reported as %zu", pos, (size_t)RtlCompareMemory(a, b, 40));
        /* Unaligned starting addresses too. */
        if (pos > 0 && RtlCompareMemory(a + 1, b + 1, 39) != (SIZE_T)(pos - 1))
            KT_FAIL(t, "unaligned: difference at %d", pos);
        b[pos] ^= 0x80;
    }
    /* Not memcmp: equal blocks give the length, not 0. */
    KT_EXPECT_EQ(t, RtlCompareMemory("ab", "ab", 2), 2);
    KT_EXPECT_EQ(t, RtlCompareMemory("ab", "xb", 2), 0);
}

static void rtl_memory_test_secure_zero_memory_zeroes_and_returns_pointer(KTEST *t)
{
    UCHAR buf[33];

    memset(buf, 0x5A, sizeof buf);
    KT_EXPECT_PTR_EQ(t, RtlSecureZeroMemory(buf, 32), buf);
    for (int i = 0; i < 32; i++)
        KT_ASSERT_EQ(t, buf[i], 0);
    KT_EXPECT_EQ(t, buf[32], 0x5A);
    KT_EXPECT_PTR_EQ(t, RtlSecureZeroMemory(buf, 0), buf);
}

static void rtl_memory_test_copy_memory_non_temporal_copies(KTEST *t)
{
    UCHAR src[100], dst[100];

    for (int i = 0; i < 100; i++)
        src[i] = (UCHAR)(i * 7);
    memset(dst, 0, sizeof dst);
    RtlCopyMemoryNonTemporal(dst, src, 99);
    KT_EXPECT_MEMEQ(t, dst, src, 99);
    KT_EXPECT_EQ(t, dst[99], 0);
}

static void rtl_memory_test_is_zero_memory(KTEST *t)
{
    UCHAR buf[64];

    memset(buf, 0, sizeof buf);
    KT_EXPECT_TRUE(t, RtlIsZeroMemory(buf, sizeof buf));
    KT_EXPECT_TRUE(t, RtlIsZeroMemory(buf, 0));
    buf[63] = 1;
    KT_EXPECT_FALSE(t, RtlIsZeroMemory(buf, sizeof buf));
    KT_EXPECT_TRUE(t, RtlIsZeroMemory(buf, 63));
    buf[0] = 0x80;
    KT_EXPECT_FALSE(t, RtlIsZeroMemory(buf, 1));
}

static void rtl_memory_test_fill_memory_ulong(KTEST *t)
{
    ULONG buf[6];

    memset(buf, 0, sizeof buf);
    RtlFillMemoryUlong(buf, 5 * sizeof(ULONG), 0xDEADBEEF);
    for (int i = 0; i < 5; i++)
        KT_EXPECT_EQ(t, buf[i], 0xDEADBEEF);
    KT_EXPECT_EQ(t, buf[5], 0);
    /* A length that is not a whole number of ULONGs fills only the whole ones. */
    memset(buf, 0, sizeof buf);
    RtlFillMemoryUlong(buf, 7, 0x01020304);
    KT_EXPECT_EQ(t, buf[0], 0x01020304);
    KT_EXPECT_EQ(t, buf[1], 0);
}

static void rtl_memory_test_fill_memory_ulonglong(KTEST *t)
{
    ULONGLONG buf[4];

    memset(buf, 0, sizeof buf);
    RtlFillMemoryUlonglong(buf, 3 * sizeof(ULONGLONG), 0x0123456789ABCDEFULL);
    KT_EXPECT_EQ(t, buf[0], 0x0123456789ABCDEFULL);
    KT_EXPECT_EQ(t, buf[2], 0x0123456789ABCDEFULL);
    KT_EXPECT_EQ(t, buf[3], 0);
}

static void rtl_memory_test_compare_memory_ulong(KTEST *t)
{
    ULONG buf[8];

    for (int i = 0; i < 8; i++)
        buf[i] = 0xCAFEF00D;
    KT_EXPECT_EQ(t, RtlCompareMemoryUlong(buf, sizeof buf, 0xCAFEF00D), sizeof buf);
    buf[5] = 0xCAFEF00E;  /* only the low byte differs: the whole ULONG does not count */
    KT_EXPECT_EQ(t, RtlCompareMemoryUlong(buf, sizeof buf, 0xCAFEF00D), 5 * sizeof(ULONG));
    KT_EXPECT_EQ(t, RtlCompareMemoryUlong(buf, sizeof buf, 0), 0);
    KT_EXPECT_EQ(t, RtlCompareMemoryUlong(buf, 0, 0xCAFEF00D), 0);
    /* Misaligned source or a partial ULONG length: 0, as documented. */
    KT_EXPECT_EQ(t, RtlCompareMemoryUlong((PUCHAR)buf + 1, 8, 0xCAFEF00D), 0);
    KT_EXPECT_EQ(t, RtlCompareMemoryUlong(buf, 6, 0xCAFEF00D), 0);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(rtl_memory_test_copy_move_fill_zero_macros),
    KTEST_CASE_ENTRY(rtl_memory_test_equal_memory_is_boolean),
    KTEST_CASE_ENTRY(rtl_memory_test_compare_memory_counts_matching_prefix),
    KTEST_CASE_ENTRY(rtl_memory_test_secure_zero_memory_zeroes_and_returns_pointer),
    KTEST_CASE_ENTRY(rtl_memory_test_copy_memory_non_temporal_copies),
    KTEST_CASE_ENTRY(rtl_memory_test_is_zero_memory),
    KTEST_CASE_ENTRY(rtl_memory_test_fill_memory_ulong),
    KTEST_CASE_ENTRY(rtl_memory_test_fill_memory_ulonglong),
    KTEST_CASE_ENTRY(rtl_memory_test_compare_memory_ulong),
    { 0 },
};
KTEST_SUITE(rtl_memory, cases);
