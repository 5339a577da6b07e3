/*
 * PURPOSE: Tests for the RTL_BITMAP routines: hand-checked cases for each routine, the
 * Windows behaviours the documentation leaves open, and a randomized comparison of every
 * routine against a naive one-bool-per-bit model (fixed seed, so it is reproducible).
 */
#include <stdlib.h>
#include <string.h>
#include <wdm.h>
#include "ktest.h"

#define NOT_FOUND 0xFFFFFFFFu

/* Builds a bitmap of Size bits from a string of '0'/'1' (bit 0 first); padding bits are 1. */
static void map_from_string(RTL_BITMAP *Map, ULONG *Buffer, ULONG Words, const char *Bits)
{
    ULONG n = (ULONG)strlen(Bits);
    memset(Buffer, 0xFF, Words * sizeof(ULONG));
    RtlInitializeBitMap(Map, Buffer, n);
    for (ULONG i = 0; i < n; i++)
        if (Bits[i] == '0')
            RtlClearBit(Map, i);
}

static void rtl_bitmap_test_layout(KTEST *t)
{
    KT_EXPECT_EQ(t, sizeof(RTL_BITMAP), 16);
    KT_EXPECT_EQ(t, FIELD_OFFSET(RTL_BITMAP, Buffer), 8);
    KT_EXPECT_EQ(t, sizeof(RTL_BITMAP_RUN), 8);
}

static void rtl_bitmap_test_initialize_only_records_fields(KTEST *t)
{
    RTL_BITMAP map;
    ULONG buf[2] = { 0x12345678, 0x9ABCDEF0 };

    RtlInitializeBitMap(&map, buf, 40);
    KT_EXPECT_EQ(t, map.SizeOfBitMap, 40);
    KT_EXPECT_PTR_EQ(t, map.Buffer, buf);
    KT_EXPECT_EQ(t, buf[0], 0x12345678);
    KT_EXPECT_EQ(t, buf[1], 0x9ABCDEF0);
}

static void rtl_bitmap_test_single_bits_and_check_macro(KTEST *t)
{
    RTL_BITMAP map;
    ULONG buf[2] = { 0, 0 };

    RtlInitializeBitMap(&map, buf, 64);
    RtlSetBit(&map, 0);
    RtlSetBit(&map, 31);
    RtlSetBit(&map, 32);
    RtlSetBit(&map, 63);
    KT_EXPECT_EQ(t, buf[0], 0x80000001);
    KT_EXPECT_EQ(t, buf[1], 0x80000001);
    KT_EXPECT_TRUE(t, RtlTestBit(&map, 31));
    KT_EXPECT_FALSE(t, RtlTestBit(&map, 30));
    KT_EXPECT_TRUE(t, RtlCheckBit(&map, 63));
    KT_EXPECT_FALSE(t, RtlCheckBit(&map, 62));
    RtlClearBit(&map, 31);
    KT_EXPECT_EQ(t, buf[0], 0x00000001);
    KT_EXPECT_EQ(t, RtlTestBit(&map, 31), 0);
}

static void rtl_bitmap_test_clear_and_set_all_write_whole_ulongs(KTEST *t)
{
    RTL_BITMAP map;
    ULONG buf[3];

    /* 40 bits cover two ULONGs: both are written completely, the third is not touched. */
    memset(buf, 0x5A, sizeof buf);
    RtlInitializeBitMap(&map, buf, 40);
    RtlClearAllBits(&map);
    KT_EXPECT_EQ(t, buf[0], 0);
    KT_EXPECT_EQ(t, buf[1], 0);
    KT_EXPECT_EQ(t, buf[2], 0x5A5A5A5A);
    RtlSetAllBits(&map);
    KT_EXPECT_EQ(t, buf[0], 0xFFFFFFFF);
    KT_EXPECT_EQ(t, buf[1], 0xFFFFFFFF);
    KT_EXPECT_EQ(t, buf[2], 0x5A5A5A5A);
    /* An empty bitmap covers no ULONG at all. */
    RtlInitializeBitMap(&map, buf, 0);
    RtlClearAllBits(&map);
    KT_EXPECT_EQ(t, buf[0], 0xFFFFFFFF);
}

static void rtl_bitmap_test_set_and_clear_ranges(KTEST *t)
{
    RTL_BITMAP map;
    ULONG buf[3] = { 0, 0, 0 };

    RtlInitializeBitMap(&map, buf, 96);
    RtlSetBits(&map, 4, 0);
    KT_EXPECT_EQ(t, buf[0], 0);
    RtlSetBits(&map, 28, 40);   /* crosses two ULONG boundaries */
    KT_EXPECT_EQ(t, buf[0], 0xF0000000);
    KT_EXPECT_EQ(t, buf[1], 0xFFFFFFFF);
    KT_EXPECT_EQ(t, buf[2], 0x0000000F);
    RtlClearBits(&map, 30, 4);
    KT_EXPECT_EQ(t, buf[0], 0x30000000);
    KT_EXPECT_EQ(t, buf[1], 0xFFFFFFFC);
    RtlClearBits(&map, 0, 96);
    KT_EXPECT_EQ(t, buf[0] | buf[1] | buf[2], 0);
    RtlSetBits(&map, 32, 32);
    KT_EXPECT_EQ(t, buf[0], 0);
    KT_EXPECT_EQ(t, buf[1], 0xFFFFFFFF);
    KT_EXPECT_EQ(t, buf[2], 0);
}

static void rtl_bitmap_test_are_bits_clear_and_set(KTEST *t)
{
    RTL_BITMAP map;
    ULONG buf[2];

    map_from_string(&map, buf, 2, "1100001111000");
    KT_EXPECT_TRUE(t, RtlAreBitsClear(&map, 2, 4));
    KT_EXPECT_FALSE(t, RtlAreBitsClear(&map, 1, 4));
    KT_EXPECT_FALSE(t, RtlAreBitsClear(&map, 2, 5));
    KT_EXPECT_TRUE(t, RtlAreBitsSet(&map, 6, 4));
    KT_EXPECT_TRUE(t, RtlAreBitsSet(&map, 0, 2));
    KT_EXPECT_FALSE(t, RtlAreBitsSet(&map, 0, 3));
    KT_EXPECT_TRUE(t, RtlAreBitsClear(&map, 10, 3));
    /* Past the end (the padding bits are set, but they are not part of the bitmap). */
    KT_EXPECT_FALSE(t, RtlAreBitsClear(&map, 10, 4));
    KT_EXPECT_FALSE(t, RtlAreBitsSet(&map, 13, 1));
    KT_EXPECT_FALSE(t, RtlAreBitsSet(&map, 9, 0xFFFFFFFF));
    /* An empty range is neither clear nor set. */
    KT_EXPECT_FALSE(t, RtlAreBitsClear(&map, 2, 0));
    KT_EXPECT_FALSE(t, RtlAreBitsSet(&map, 0, 0));
}

static void rtl_bitmap_test_counts_ignore_padding(KTEST *t)
{
    RTL_BITMAP map;
    ULONG buf[2] = { 0xFFFFFFFF, 0xFFFFFFFF };

    RtlInitializeBitMap(&map, buf, 37);
    KT_EXPECT_EQ(t, RtlNumberOfSetBits(&map), 37);
    KT_EXPECT_EQ(t, RtlNumberOfClearBits(&map), 0);
    RtlClearBits(&map, 3, 10);
    KT_EXPECT_EQ(t, RtlNumberOfSetBits(&map), 27);
    KT_EXPECT_EQ(t, RtlNumberOfClearBits(&map), 10);
    KT_EXPECT_EQ(t, RtlNumberOfClearBitsInRange(&map, 0, 8), 5);
    KT_EXPECT_EQ(t, RtlNumberOfSetBitsInRange(&map, 10, 27), 24);
    KT_EXPECT_EQ(t, RtlNumberOfSetBitsInRange(&map, 10, 0), 0);
    /* The counts never changed the buffer. */
    KT_EXPECT_EQ(t, buf[1], 0xFFFFFFFF);
    RtlInitializeBitMap(&map, buf, 0);
    KT_EXPECT_EQ(t, RtlNumberOfSetBits(&map), 0);
    KT_EXPECT_EQ(t, RtlNumberOfSetBitsUlongPtr(0xF0F0000000000001ULL), 9);
    KT_EXPECT_EQ(t, RtlNumberOfSetBitsUlongPtr(0), 0);
}

static void rtl_bitmap_test_find_clear_bits_uses_hint_then_wraps(KTEST *t)
{
    RTL_BITMAP map;
    ULONG buf[2];

    /*            0         1         2
                  0123456789012345678901234 */
    map_from_string(&map, buf, 2, "1001000011111100000111111");
    KT_EXPECT_EQ(t, RtlFindClearBits(&map, 1, 0), 1);
    KT_EXPECT_EQ(t, RtlFindClearBits(&map, 2, 0), 1);
    KT_EXPECT_EQ(t, RtlFindClearBits(&map, 3, 0), 4);
    KT_EXPECT_EQ(t, RtlFindClearBits(&map, 5, 0), 14);
    /* The hint: the first fit at or after it. */
    KT_EXPECT_EQ(t, RtlFindClearBits(&map, 2, 5), 5);
    KT_EXPECT_EQ(t, RtlFindClearBits(&map, 3, 6), 14);
    /* Nothing from the hint to the end: search again from bit 0. */
    KT_EXPECT_EQ(t, RtlFindClearBits(&map, 2, 19), 1);
    /* The part of a run after the hint is too short: the next run after the hint wins. */
    KT_EXPECT_EQ(t, RtlFindClearBits(&map, 4, 6), 14);
    /* Nothing fits after the hint: the wrap-around pass takes the first fit from bit 0... */
    KT_EXPECT_EQ(t, RtlFindClearBits(&map, 4, 16), 4);
    /* ...which may be a run that starts before the hint and runs past it. */
    KT_EXPECT_EQ(t, RtlFindClearBits(&map, 5, 16), 14);
    /* Too long, or longer than the bitmap. */
    KT_EXPECT_EQ(t, RtlFindClearBits(&map, 6, 0), NOT_FOUND);
    KT_EXPECT_EQ(t, RtlFindClearBits(&map, 26, 0), NOT_FOUND);
    /* A hint past the end counts as 0. */
    KT_EXPECT_EQ(t, RtlFindClearBits(&map, 1, 25), 1);
    KT_EXPECT_EQ(t, RtlFindClearBits(&map, 1, 0xFFFFFFFF), 1);
}

static void rtl_bitmap_test_find_bits_zero_count_returns_byte_aligned_hint(KTEST *t)
{
    RTL_BITMAP map;
    ULONG buf[2] = { 0xFFFFFFFF, 0xFFFFFFFF };

    /* Windows: NumberToFind 0 gives the hint rounded down to a multiple of 8, 0 past the end. */
    RtlInitializeBitMap(&map, buf, 40);
    KT_EXPECT_EQ(t, RtlFindClearBits(&map, 0, 0), 0);
    KT_EXPECT_EQ(t, RtlFindClearBits(&map, 0, 7), 0);
    KT_EXPECT_EQ(t, RtlFindClearBits(&map, 0, 13), 8);
    KT_EXPECT_EQ(t, RtlFindClearBits(&map, 0, 39), 32);
    KT_EXPECT_EQ(t, RtlFindClearBits(&map, 0, 40), 0);
    KT_EXPECT_EQ(t, RtlFindSetBits(&map, 0, 25), 24);
    KT_EXPECT_EQ(t, RtlFindClearBitsAndSet(&map, 0, 17), 16);
    RtlInitializeBitMap(&map, buf, 0);
    KT_EXPECT_EQ(t, RtlFindClearBits(&map, 0, 5), 0);
    KT_EXPECT_EQ(t, RtlFindClearBits(&map, 1, 0), NOT_FOUND);
    KT_EXPECT_EQ(t, RtlFindSetBits(&map, 1, 0), NOT_FOUND);
}

static void rtl_bitmap_test_find_set_bits(KTEST *t)
{
    RTL_BITMAP map;
    ULONG buf[2];

    map_from_string(&map, buf, 2, "0110111100011");
    KT_EXPECT_EQ(t, RtlFindSetBits(&map, 1, 0), 1);
    KT_EXPECT_EQ(t, RtlFindSetBits(&map, 3, 0), 4);
    KT_EXPECT_EQ(t, RtlFindSetBits(&map, 2, 8), 11);
    KT_EXPECT_EQ(t, RtlFindSetBits(&map, 3, 8), 4);
    KT_EXPECT_EQ(t, RtlFindSetBits(&map, 5, 0), NOT_FOUND);
}

static void rtl_bitmap_test_find_and_flip(KTEST *t)
{
    RTL_BITMAP map;
    ULONG buf[1];

    map_from_string(&map, buf, 1, "10010000");
    KT_EXPECT_EQ(t, RtlFindClearBitsAndSet(&map, 2, 0), 1);
    KT_EXPECT_TRUE(t, RtlAreBitsSet(&map, 0, 4));
    KT_EXPECT_EQ(t, RtlFindClearBitsAndSet(&map, 4, 0), 4);
    KT_EXPECT_EQ(t, RtlNumberOfClearBits(&map), 0);
    KT_EXPECT_EQ(t, RtlFindClearBitsAndSet(&map, 1, 0), NOT_FOUND);
    KT_EXPECT_EQ(t, RtlFindSetBitsAndClear(&map, 3, 6), 0);  /* 6,7 too short: wraps to 0 */
    KT_EXPECT_TRUE(t, RtlAreBitsClear(&map, 0, 3));
    KT_EXPECT_TRUE(t, RtlAreBitsSet(&map, 3, 5));
    /* A failed search changes nothing. */
    KT_EXPECT_EQ(t, RtlFindSetBitsAndClear(&map, 6, 0), NOT_FOUND);
    KT_EXPECT_EQ(t, RtlNumberOfSetBits(&map), 5);
}

static void rtl_bitmap_test_forward_runs(KTEST *t)
{
    RTL_BITMAP map;
    ULONG buf[2];
    ULONG start = 12345;

    map_from_string(&map, buf, 2, "1100011101");
    KT_EXPECT_EQ(t, RtlFindFirstRunClear(&map, &start), 3);
    KT_EXPECT_EQ(t, start, 2);
    KT_EXPECT_EQ(t, RtlFindNextForwardRunClear(&map, 3, &start), 2);
    KT_EXPECT_EQ(t, start, 3);
    KT_EXPECT_EQ(t, RtlFindNextForwardRunClear(&map, 5, &start), 1);
    KT_EXPECT_EQ(t, start, 8);
    /* No clear bit after FromIndex: length 0, index = SizeOfBitMap. */
    KT_EXPECT_EQ(t, RtlFindNextForwardRunClear(&map, 9, &start), 0);
    KT_EXPECT_EQ(t, start, 10);
    /* FromIndex past the end: length 0, index = FromIndex. */
    KT_EXPECT_EQ(t, RtlFindNextForwardRunClear(&map, 77, &start), 0);
    KT_EXPECT_EQ(t, start, 77);
    map_from_string(&map, buf, 2, "1111");
    KT_EXPECT_EQ(t, RtlFindFirstRunClear(&map, &start), 0);
    KT_EXPECT_EQ(t, start, 4);
}

static void rtl_bitmap_test_backward_runs(KTEST *t)
{
    RTL_BITMAP map;
    ULONG buf[2];
    ULONG start;

    map_from_string(&map, buf, 2, "0011000011");
    /* FromIndex inside a clear run: the run up to FromIndex. */
    KT_EXPECT_EQ(t, RtlFindLastBackwardRunClear(&map, 6, &start), 3);
    KT_EXPECT_EQ(t, start, 4);
    /* FromIndex on a set bit: the preceding clear run, whole. */
    KT_EXPECT_EQ(t, RtlFindLastBackwardRunClear(&map, 9, &start), 4);
    KT_EXPECT_EQ(t, start, 4);
    KT_EXPECT_EQ(t, RtlFindLastBackwardRunClear(&map, 3, &start), 2);
    KT_EXPECT_EQ(t, start, 0);
    KT_EXPECT_EQ(t, RtlFindLastBackwardRunClear(&map, 500, &start), 4);
    KT_EXPECT_EQ(t, start, 4);
    map_from_string(&map, buf, 2, "0111");
    KT_EXPECT_EQ(t, RtlFindLastBackwardRunClear(&map, 3, &start), 1);
    KT_EXPECT_EQ(t, start, 0);
    map_from_string(&map, buf, 2, "1111");
    KT_EXPECT_EQ(t, RtlFindLastBackwardRunClear(&map, 3, &start), 0);
}

static void rtl_bitmap_test_clear_runs_and_longest(KTEST *t)
{
    RTL_BITMAP map;
    ULONG buf[2];
    RTL_BITMAP_RUN runs[8];
    ULONG start;

    /* runs: [1,2) [3,6) [7,9) [10,13) [14,15) */
    map_from_string(&map, buf, 2, "101000100100010");
    KT_ASSERT_EQ(t, RtlFindClearRuns(&map, runs, 8, FALSE), 5);
    KT_EXPECT_EQ(t, runs[0].StartingIndex, 1);
    KT_EXPECT_EQ(t, runs[0].NumberOfBits, 1);
    KT_EXPECT_EQ(t, runs[1].StartingIndex, 3);
    KT_EXPECT_EQ(t, runs[1].NumberOfBits, 3);
    KT_EXPECT_EQ(t, runs[4].StartingIndex, 14);
    /* First-come order stops when the array is full. */
    KT_ASSERT_EQ(t, RtlFindClearRuns(&map, runs, 2, FALSE), 2);
    KT_EXPECT_EQ(t, runs[1].StartingIndex, 3);
    /* Longest first; equal lengths in bit order. */
    KT_ASSERT_EQ(t, RtlFindClearRuns(&map, runs, 3, TRUE), 3);
    KT_EXPECT_EQ(t, runs[0].StartingIndex, 3);
    KT_EXPECT_EQ(t, runs[0].NumberOfBits, 3);
    KT_EXPECT_EQ(t, runs[1].StartingIndex, 10);
    KT_EXPECT_EQ(t, runs[1].NumberOfBits, 3);
    KT_EXPECT_EQ(t, runs[2].StartingIndex, 7);
    KT_EXPECT_EQ(t, runs[2].NumberOfBits, 2);
    KT_EXPECT_EQ(t, RtlFindClearRuns(&map, runs, 0, TRUE), 0);
    KT_EXPECT_EQ(t, RtlFindLongestRunClear(&map, &start), 3);
    KT_EXPECT_EQ(t, start, 3);
    map_from_string(&map, buf, 2, "111");
    start = 99;
    KT_EXPECT_EQ(t, RtlFindLongestRunClear(&map, &start), 0);
    KT_EXPECT_EQ(t, start, 0);
    KT_EXPECT_EQ(t, RtlFindClearRuns(&map, runs, 8, TRUE), 0);
}

static void rtl_bitmap_test_significant_bits(KTEST *t)
{
    KT_EXPECT_EQ(t, RtlFindLeastSignificantBit(0), -1);
    KT_EXPECT_EQ(t, RtlFindMostSignificantBit(0), -1);
    KT_EXPECT_EQ(t, RtlFindLeastSignificantBit(1), 0);
    KT_EXPECT_EQ(t, RtlFindMostSignificantBit(1), 0);
    KT_EXPECT_EQ(t, RtlFindLeastSignificantBit(0x8000000000000000ULL), 63);
    KT_EXPECT_EQ(t, RtlFindMostSignificantBit(0x8000000000000001ULL), 63);
    KT_EXPECT_EQ(t, RtlFindLeastSignificantBit(0x0000000070000000ULL), 28);
    KT_EXPECT_EQ(t, RtlFindMostSignificantBit(0x0000000070000000ULL), 30);
}

/* ---- Randomized comparison with a naive model ------------------------------------------- */

typedef struct _MODEL {
    ULONG Size;
    UCHAR Bit[600];
} MODEL;

static ULONG g_seed;
static ULONG rnd(void)
{
    g_seed = g_seed * 1103515245u + 12345u;
    return (g_seed >> 8) & 0xFFFFFF;
}

static BOOLEAN model_all(const MODEL *m, ULONG s, ULONG n, UCHAR v)
{
    for (ULONG i = s; i < s + n; i++)
        if (m->Bit[i] != v)
            return FALSE;
    return TRUE;
}

static ULONG model_find(const MODEL *m, ULONG n, ULONG hint, UCHAR v)
{
    if (n == 0)
        return hint >= m->Size ? 0 : (hint & ~7u);
    if (n > m->Size)
        return NOT_FOUND;
    if (hint >= m->Size)
        hint = 0;
    for (ULONG p = hint; p + n <= m->Size; p++)
        if (model_all(m, p, n, v))
            return p;
    for (ULONG p = 0; p < hint && p + n <= m->Size; p++)
        if (model_all(m, p, n, v))
            return p;
    return NOT_FOUND;
}

static ULONG model_run_at(const MODEL *m, ULONG s)
{
    ULONG e = s;
    while (e < m->Size && m->Bit[e] == 0)
        e++;
    return e - s;
}

static void model_check_matches(KTEST *t, const MODEL *m, PRTL_BITMAP map, int iter)
{
    for (ULONG i = 0; i < m->Size; i++)
        if (RtlTestBit(map, i) != m->Bit[i]) {
            KT_FAIL(t, "iteration %d: bit %u differs", iter, i);
            return;
        }
}

static void rtl_bitmap_test_random_against_model(KTEST *t)
{
    g_seed = 0x4B4D4F44;  /* "KMOD" */
    for (int round = 0; round < 120; round++) {
        MODEL m;
        ULONG size = rnd() % 300;
        ULONG words = (size + 31) / 32;
        /* Exactly the ULONGs the bitmap covers, so ASan flags any access past them. */
        ULONG *buf = (ULONG *)malloc((words ? words : 1) * sizeof(ULONG));
        RTL_BITMAP map;

        KT_ASSERT_TRUE(t, buf != NULL);
        m.Size = size;
        RtlInitializeBitMap(&map, buf, size);
        for (ULONG w = 0; w < words; w++)
            buf[w] = rnd() ^ (rnd() << 16);   /* random, padding bits included */
        for (ULONG i = 0; i < size; i++)
            m.Bit[i] = (UCHAR)((buf[i / 32] >> (i % 32)) & 1);

        for (int op = 0; op < 60; op++) {
            ULONG a = size ? rnd() % (size + 3) : rnd() % 3;
            ULONG n = rnd() % 12;
            ULONG r, e, s1, s2;
            RTL_BITMAP_RUN runs[5];
            switch (rnd() % 12) {
            case 0:   /* set/clear a valid range */
            case 1:
                if (size == 0)
                    break;
                a %= size;
                if (n > size - a)
                    n = size - a;
                if (op & 1)
                    RtlSetBits(&map, a, n);
                else
                    RtlClearBits(&map, a, n);
                for (ULONG i = a; i < a + n; i++)
                    m.Bit[i] = (UCHAR)(op & 1);
                break;
            case 2:
                r = RtlFindClearBits(&map, n, a);
                e = model_find(&m, n, a, 0);
                if (r != e)
                    KT_FAIL(t, "round %d: FindClearBits(%u, %u) = %u, model %u", round, n, a, r, e);
                break;
            case 3:
                r = RtlFindSetBits(&map, n, a);
                e = model_find(&m, n, a, 1);
                if (r != e)
                    KT_FAIL(t, "round %d: FindSetBits(%u, %u) = %u, model %u", round, n, a, r, e);
                break;
            case 4:
                r = RtlFindClearBitsAndSet(&map, n, a);
                e = model_find(&m, n, a, 0);
                if (r != e)
                    KT_FAIL(t, "round %d: FindClearBitsAndSet(%u, %u) = %u, model %u", round, n, a, r, e);
                if (e != NOT_FOUND)
                    for (ULONG i = e; i < e + n; i++)
                        m.Bit[i] = 1;
                break;
            case 5:
                r = RtlFindSetBitsAndClear(&map, n, a);
                e = model_find(&m, n, a, 1);
                if (r != e)
                    KT_FAIL(t, "round %d: FindSetBitsAndClear(%u, %u) = %u, model %u", round, n, a, r, e);
                if (e != NOT_FOUND)
                    for (ULONG i = e; i < e + n; i++)
                        m.Bit[i] = 0;
                break;
            case 6: {
                ULONG set = 0;
                for (ULONG i = 0; i < size; i++)
                    set += m.Bit[i];
                if (RtlNumberOfSetBits(&map) != set || RtlNumberOfClearBits(&map) != size - set)
                    KT_FAIL(t, "round %d: counts differ", round);
                if (size && a < size) {
                    ULONG len = n > size - a ? size - a : n, cnt = 0;
                    for (ULONG i = a; i < a + len; i++)
                        cnt += m.Bit[i];
                    if (RtlNumberOfSetBitsInRange(&map, a, len) != cnt ||
                        RtlNumberOfClearBitsInRange(&map, a, len) != len - cnt)
                        KT_FAIL(t, "round %d: range counts differ", round);
                }
                break;
            }
            case 7: {
                BOOLEAN valid = n != 0 && a < size && n <= size - a;
                BOOLEAN c = RtlAreBitsClear(&map, a, n), s = RtlAreBitsSet(&map, a, n);
                if (c != (valid && model_all(&m, a, n, 0)) || s != (valid && model_all(&m, a, n, 1)))
                    KT_FAIL(t, "round %d: AreBits(%u, %u) differ", round, a, n);
                break;
            }
            case 8: {
                ULONG ms = a, ml = 0;
                if (a < size) {
                    ms = a;
                    while (ms < size && m.Bit[ms])
                        ms++;
                    ml = ms < size ? model_run_at(&m, ms) : 0;
                }
                r = RtlFindNextForwardRunClear(&map, a, &s1);
                if (r != ml || s1 != ms)
                    KT_FAIL(t, "round %d: NextForwardRunClear(%u) = %u@%u, model %u@%u", round, a, r, s1, ml, ms);
                break;
            }
            case 9: {
                ULONG from = size == 0 ? 0 : (a >= size ? size - 1 : a), ml = 0, ms = 0;
                if (size) {
                    LONG i = (LONG)from;
                    while (i >= 0 && m.Bit[i])
                        i--;
                    if (i >= 0) {
                        LONG j = i;
                        while (j > 0 && m.Bit[j - 1] == 0)
                            j--;
                        ms = (ULONG)j;
                        ml = (ULONG)(i - j + 1);
                    }
                }
                r = RtlFindLastBackwardRunClear(&map, a, &s1);
                if (r != ml || (ml && s1 != ms))
                    KT_FAIL(t, "round %d: LastBackwardRunClear(%u) = %u@%u, model %u@%u", round, a, r, s1, ml, ms);
                break;
            }
            case 10: {
                /* Model: all runs in order, then the longest 5 (stable). */
                RTL_BITMAP_RUN all[300], best[5];
                ULONG cnt = 0, nb = 0;
                for (ULONG i = 0; i < size;) {
                    if (m.Bit[i]) {
                        i++;
                        continue;
                    }
                    all[cnt].StartingIndex = i;
                    all[cnt].NumberOfBits = model_run_at(&m, i);
                    i += all[cnt++].NumberOfBits;
                }
                ULONG got = RtlFindClearRuns(&map, runs, 5, FALSE);
                if (got != (cnt < 5 ? cnt : 5))
                    KT_FAIL(t, "round %d: FindClearRuns count %u vs %u", round, got, cnt);
                for (ULONG i = 0; i < got && i < cnt; i++)
                    if (runs[i].StartingIndex != all[i].StartingIndex || runs[i].NumberOfBits != all[i].NumberOfBits)
                        KT_FAIL(t, "round %d: FindClearRuns run %u differs", round, i);
                for (ULONG k = 0; k < 5 && k < cnt; k++) {
                    ULONG bi = NOT_FOUND;
                    for (ULONG i = 0; i < cnt; i++) {
                        BOOLEAN used = FALSE;
                        for (ULONG u = 0; u < nb; u++)
                            used |= best[u].StartingIndex == all[i].StartingIndex;
                        if (!used && (bi == NOT_FOUND || all[i].NumberOfBits > all[bi].NumberOfBits))
                            bi = i;
                    }
                    best[nb++] = all[bi];
                }
                got = RtlFindClearRuns(&map, runs, 5, TRUE);
                if (got != nb)
                    KT_FAIL(t, "round %d: longest runs count %u vs %u", round, got, nb);
                for (ULONG i = 0; i < got && i < nb; i++)
                    if (runs[i].StartingIndex != best[i].StartingIndex || runs[i].NumberOfBits != best[i].NumberOfBits)
                        KT_FAIL(t, "round %d: longest run %u differs", round, i);
                r = RtlFindLongestRunClear(&map, &s2);
                if (r != (nb ? best[0].NumberOfBits : 0) || s2 != (nb ? best[0].StartingIndex : 0))
                    KT_FAIL(t, "round %d: FindLongestRunClear differs", round);
                break;
            }
            default:
                if (size) {
                    ULONG i = a % size;
                    if (op & 2) {
                        RtlSetBit(&map, i);
                        m.Bit[i] = 1;
                    } else {
                        RtlClearBit(&map, i);
                        m.Bit[i] = 0;
                    }
                }
                break;
            }
            model_check_matches(t, &m, &map, round);
        }
        free(buf);
    }
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(rtl_bitmap_test_layout),
    KTEST_CASE_ENTRY(rtl_bitmap_test_initialize_only_records_fields),
    KTEST_CASE_ENTRY(rtl_bitmap_test_single_bits_and_check_macro),
    KTEST_CASE_ENTRY(rtl_bitmap_test_clear_and_set_all_write_whole_ulongs),
    KTEST_CASE_ENTRY(rtl_bitmap_test_set_and_clear_ranges),
    KTEST_CASE_ENTRY(rtl_bitmap_test_are_bits_clear_and_set),
    KTEST_CASE_ENTRY(rtl_bitmap_test_counts_ignore_padding),
    KTEST_CASE_ENTRY(rtl_bitmap_test_find_clear_bits_uses_hint_then_wraps),
    KTEST_CASE_ENTRY(rtl_bitmap_test_find_bits_zero_count_returns_byte_aligned_hint),
    KTEST_CASE_ENTRY(rtl_bitmap_test_find_set_bits),
    KTEST_CASE_ENTRY(rtl_bitmap_test_find_and_flip),
    KTEST_CASE_ENTRY(rtl_bitmap_test_forward_runs),
    KTEST_CASE_ENTRY(rtl_bitmap_test_backward_runs),
    KTEST_CASE_ENTRY(rtl_bitmap_test_clear_runs_and_longest),
    KTEST_CASE_ENTRY(rtl_bitmap_test_significant_bits),
    KTEST_CASE_ENTRY(rtl_bitmap_test_random_against_model),
    { 0 },
};
KTEST_SUITE(rtl_bitmap, cases);
