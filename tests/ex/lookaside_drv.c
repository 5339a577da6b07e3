/*
 * PURPOSE: Lookaside lists (src/ex/lookaside.c): the depth rule (entries kept up to Depth,
 * the rest handed to Free), allocation misses, custom routines and what they receive, the
 * default pool routines, flush/delete, and LOOKASIDE_LIST_EX flags.
 */
#include <ntddk.h>
#include "ktest.h"

#define TAG_LA 'tsaL'

static ULONG Allocs, Frees;
static POOL_TYPE LastType;
static SIZE_T LastSize;
static ULONG LastTag;
static PVOID LastLookaside;

static PVOID NTAPI CountingAllocate(POOL_TYPE PoolType, SIZE_T Bytes, ULONG Tag)
{
    Allocs++;
    LastType = PoolType;
    LastSize = Bytes;
    LastTag = Tag;
    return ExAllocatePoolWithTag(NonPagedPoolNx, Bytes, Tag);
}

static VOID NTAPI CountingFree(PVOID Buffer)
{
    Frees++;
    ExFreePool(Buffer);
}

static PVOID NTAPI CountingAllocateEx(POOL_TYPE PoolType, SIZE_T Bytes, ULONG Tag,
                                      PLOOKASIDE_LIST_EX Lookaside)
{
    LastLookaside = Lookaside;
    return CountingAllocate(PoolType, Bytes, Tag);
}

static VOID NTAPI CountingFreeEx(PVOID Buffer, PLOOKASIDE_LIST_EX Lookaside)
{
    LastLookaside = Lookaside;
    CountingFree(Buffer);
}

static NPAGED_LOOKASIDE_LIST Np;
static PAGED_LOOKASIDE_LIST Pg;
static LOOKASIDE_LIST_EX Lx;

static void ex_lookaside_test_depth_rule_and_counters(KTEST *t)
{
    PVOID e[6];

    Allocs = Frees = 0;
    ExInitializeNPagedLookasideList(&Np, CountingAllocate, CountingFree, 0, 100, TAG_LA, 0);
    KT_EXPECT_EQ(t, Np.L.Depth, 4);
    KT_EXPECT_EQ(t, Np.L.MaximumDepth, 256);
    KT_EXPECT_EQ(t, Np.L.Size, 100);
    KT_EXPECT_EQ(t, Np.L.Tag, TAG_LA);
    KT_EXPECT_EQ(t, Np.L.Type, NonPagedPool);
    for (int i = 0; i < 6; i++) {
        e[i] = ExAllocateFromNPagedLookasideList(&Np);
        KT_ASSERT_TRUE(t, e[i] != NULL);
        KT_EXPECT_EQ(t, (ULONG_PTR)e[i] & 15, 0);
    }
    KT_EXPECT_EQ(t, Allocs, 6);            /* empty list: every allocation a miss */
    KT_EXPECT_EQ(t, LastType, NonPagedPool);
    KT_EXPECT_EQ(t, LastSize, 100);
    KT_EXPECT_EQ(t, LastTag, TAG_LA);
    KT_EXPECT_EQ(t, Np.L.TotalAllocates, 6);
    KT_EXPECT_EQ(t, Np.L.AllocateMisses, 6);
    for (int i = 0; i < 6; i++)
        ExFreeToNPagedLookasideList(&Np, e[i]);
    KT_EXPECT_EQ(t, Frees, 2);             /* 4 kept (Depth), 2 freed */
    KT_EXPECT_EQ(t, ExQueryDepthSList(&Np.L.ListHead), 4);
    KT_EXPECT_EQ(t, Np.L.TotalFrees, 6);
    KT_EXPECT_EQ(t, Np.L.FreeMisses, 2);
    for (int i = 0; i < 5; i++)
        e[i] = ExAllocateFromNPagedLookasideList(&Np);
    KT_EXPECT_EQ(t, Allocs, 7);            /* 4 hits, then one more miss */
    KT_EXPECT_EQ(t, Np.L.AllocateMisses, 7);
    for (int i = 0; i < 5; i++)
        ExFreeToNPagedLookasideList(&Np, e[i]);
    ExDeleteNPagedLookasideList(&Np);
    KT_EXPECT_EQ(t, Frees, 7);             /* delete freed the 4 cached entries */
    KT_EXPECT_EQ(t, Allocs, Frees);
}

static void ex_lookaside_test_defaults_use_pool(KTEST *t)
{
    PVOID p, q;

    ExInitializeNPagedLookasideList(&Np, NULL, NULL, 0, 1, TAG_LA, 0);
    KT_EXPECT_EQ(t, Np.L.Size, LOOKASIDE_MINIMUM_BLOCK_SIZE);
    p = ExAllocateFromNPagedLookasideList(&Np);
    KT_ASSERT_TRUE(t, p != NULL);
    ExFreeToNPagedLookasideList(&Np, p);
    q = ExAllocateFromNPagedLookasideList(&Np);
    KT_EXPECT_PTR_EQ(t, q, p);             /* the cached entry comes back */
    ExFreePoolWithTag(q, TAG_LA);          /* it is ordinary pool with the list's tag */
    ExDeleteNPagedLookasideList(&Np);

    ExInitializePagedLookasideList(&Pg, NULL, NULL, 0, 64, TAG_LA, 0);
    KT_EXPECT_EQ(t, Pg.L.Type, PagedPool);
    p = ExAllocateFromPagedLookasideList(&Pg);
    KT_ASSERT_TRUE(t, p != NULL);
    RtlFillMemory(p, 64, 0xAB);
    ExFreeToPagedLookasideList(&Pg, p);
    KT_EXPECT_EQ(t, ExQueryDepthSList(&Pg.L.ListHead), 1);
    ExDeletePagedLookasideList(&Pg);
}

static void ex_lookaside_test_paged_custom_routines(KTEST *t)
{
    PVOID p;
    Allocs = Frees = 0;
    ExInitializePagedLookasideList(&Pg, CountingAllocate, CountingFree, 0, 48, TAG_LA, 0);
    p = ExAllocateFromPagedLookasideList(&Pg);
    KT_EXPECT_EQ(t, LastType, PagedPool);
    ExFreeToPagedLookasideList(&Pg, p);
    KT_EXPECT_EQ(t, Frees, 0);
    ExDeletePagedLookasideList(&Pg);
    KT_EXPECT_EQ(t, Frees, 1);
}

static void ex_lookaside_test_list_ex(KTEST *t)
{
    PVOID e[5];

    Allocs = Frees = 0;
    KT_ASSERT_EQ(t, ExInitializeLookasideListEx(&Lx, CountingAllocateEx, CountingFreeEx,
                                                NonPagedPoolNx, 0, 32, TAG_LA, 0),
                 STATUS_SUCCESS);
    for (int i = 0; i < 5; i++)
        e[i] = ExAllocateFromLookasideListEx(&Lx);
    KT_EXPECT_EQ(t, Allocs, 5);
    KT_EXPECT_EQ(t, LastType, NonPagedPoolNx);
    KT_EXPECT_PTR_EQ(t, LastLookaside, &Lx);
    for (int i = 0; i < 5; i++)
        ExFreeToLookasideListEx(&Lx, e[i]);
    KT_EXPECT_EQ(t, Frees, 1);
    ExFlushLookasideListEx(&Lx);
    KT_EXPECT_EQ(t, Frees, 5);
    KT_EXPECT_EQ(t, ExQueryDepthSList(&Lx.L.ListHead), 0);
    e[0] = ExAllocateFromLookasideListEx(&Lx);   /* still usable after a flush */
    KT_EXPECT_EQ(t, Allocs, 6);
    ExFreeToLookasideListEx(&Lx, e[0]);
    ExDeleteLookasideListEx(&Lx);
    KT_EXPECT_EQ(t, Frees, 6);
}

static void ex_lookaside_test_list_ex_flags(KTEST *t)
{
    PVOID p;

    KT_ASSERT_EQ(t, ExInitializeLookasideListEx(&Lx, CountingAllocateEx, CountingFreeEx,
                                                NonPagedPoolNx,
                                                EX_LOOKASIDE_LIST_EX_FLAGS_RAISE_ON_FAIL, 32,
                                                TAG_LA, 0),
                 STATUS_SUCCESS);
    p = ExAllocateFromLookasideListEx(&Lx);
    KT_EXPECT_EQ(t, LastType, NonPagedPoolNx | POOL_RAISE_IF_ALLOCATION_FAILURE);
    ExFreeToLookasideListEx(&Lx, p);
    ExDeleteLookasideListEx(&Lx);

    KT_ASSERT_EQ(t, ExInitializeLookasideListEx(&Lx, CountingAllocateEx, CountingFreeEx,
                                                PagedPool,
                                                EX_LOOKASIDE_LIST_EX_FLAGS_FAIL_NO_RAISE, 32,
                                                TAG_LA, 0),
                 STATUS_SUCCESS);
    p = ExAllocateFromLookasideListEx(&Lx);
    KT_EXPECT_EQ(t, LastType, PagedPool | POOL_QUOTA_FAIL_INSTEAD_OF_RAISE);
    ExFreeToLookasideListEx(&Lx, p);
    ExDeleteLookasideListEx(&Lx);

    KT_EXPECT_EQ(t, ExInitializeLookasideListEx(&Lx, NULL, NULL, NonPagedPoolNx,
                                                EX_LOOKASIDE_LIST_EX_FLAGS_RAISE_ON_FAIL |
                                                    EX_LOOKASIDE_LIST_EX_FLAGS_FAIL_NO_RAISE,
                                                32, TAG_LA, 0),
                 STATUS_INVALID_PARAMETER_5);
    KT_EXPECT_EQ(t, ExInitializeLookasideListEx(&Lx, NULL, NULL, NonPagedPoolNx, 0x4, 32,
                                                TAG_LA, 0),
                 STATUS_INVALID_PARAMETER_5);

    /* Default routines. */
    KT_ASSERT_EQ(t, ExInitializeLookasideListEx(&Lx, NULL, NULL, NonPagedPoolNx, 0, 200,
                                                TAG_LA, 0),
                 STATUS_SUCCESS);
    p = ExAllocateFromLookasideListEx(&Lx);
    KT_ASSERT_TRUE(t, p != NULL);
    RtlZeroMemory(p, 200);
    ExFreeToLookasideListEx(&Lx, p);
    ExDeleteLookasideListEx(&Lx);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ex_lookaside_test_depth_rule_and_counters),
    KTEST_CASE_ENTRY(ex_lookaside_test_defaults_use_pool),
    KTEST_CASE_ENTRY(ex_lookaside_test_paged_custom_routines),
    KTEST_CASE_ENTRY(ex_lookaside_test_list_ex),
    KTEST_CASE_ENTRY(ex_lookaside_test_list_ex_flags),
    {0}
};
KTEST_SUITE(ex_lookaside, cases);
