/*
 * PURPOSE: Tests for the other Mm routines drivers use (src/mm/mmmisc.c), written as driver
 * code: address validity, fake physical addresses, contiguous and noncached memory,
 * pageable-section contracts, system queries.
 */
#include <ntddk.h>
#include <kmode/bugcheck.h>
#include "ktest.h"

void *mm_test_hole_pages(void);
void *mm_test_readonly_page(void);
void *mm_test_noaccess_page(void);

#define TAG_T 'tsTM'

static UCHAR StaticData[64];

static PHYSICAL_ADDRESS Pa(LONGLONG Value)
{
    PHYSICAL_ADDRESS a;
    a.QuadPart = Value;
    return a;
}

/* ---- Addresses ---------------------------------------------------------------------------- */

static void mm_misc_test_is_address_valid(KTEST *t)
{
    PUCHAR Pool = (PUCHAR)ExAllocatePoolWithTag(PagedPool, 32, TAG_T);
    PUCHAR Hole = (PUCHAR)mm_test_hole_pages();
    UCHAR Local = 1;

    KT_ASSERT_TRUE(t, Pool != NULL && Hole != NULL);
    KT_EXPECT_TRUE(t, MmIsAddressValid(StaticData));
    KT_EXPECT_TRUE(t, MmIsAddressValid(&Local));
    KT_EXPECT_TRUE(t, MmIsAddressValid(Pool));
    KT_EXPECT_TRUE(t, MmIsAddressValid(mm_test_readonly_page()));
    KT_EXPECT_TRUE(t, MmIsAddressValid(Hole + 8));
    KT_EXPECT_FALSE(t, MmIsAddressValid(Hole + PAGE_SIZE + 8));
    KT_EXPECT_TRUE(t, MmIsAddressValid(Hole + 2 * PAGE_SIZE));
    KT_EXPECT_FALSE(t, MmIsAddressValid(mm_test_noaccess_page()));
    KT_EXPECT_FALSE(t, MmIsAddressValid(NULL));
    KT_EXPECT_FALSE(t, MmIsAddressValid((PVOID)0xFFFFF80000000000ULL));
    ExFreePoolWithTag(Pool, TAG_T);
}

static void mm_misc_test_physical_address_scheme(KTEST *t)
{
    PUCHAR Pool = (PUCHAR)ExAllocatePoolWithTag(NonPagedPoolNx, 3 * PAGE_SIZE, TAG_T);
    PHYSICAL_ADDRESS a, b;

    KT_ASSERT_TRUE(t, Pool != NULL);
    a = MmGetPhysicalAddress(Pool + 0x10);
    b = MmGetPhysicalAddress(Pool + PAGE_SIZE + 0x10);
    /* Byte offsets carry over; consecutive virtual pages are consecutive frames. */
    KT_EXPECT_EQ(t, a.QuadPart & (PAGE_SIZE - 1), BYTE_OFFSET(Pool + 0x10));
    KT_EXPECT_EQ(t, (b.QuadPart >> PAGE_SHIFT) - (a.QuadPart >> PAGE_SHIFT), 1);
    KT_EXPECT_EQ(t, MmGetPhysicalAddress(StaticData).QuadPart, (LONGLONG)(ULONG_PTR)StaticData);
    ExFreePoolWithTag(Pool, TAG_T);
}

/* ---- Contiguous memory -------------------------------------------------------------------- */

static void mm_misc_test_contiguous_below_4gb(KTEST *t)
{
    SIZE_T Size = 3 * PAGE_SIZE + 100;
    PUCHAR p = (PUCHAR)MmAllocateContiguousMemory(Size, Pa(0xFFFFFFFF));
    PHYSICAL_ADDRESS Last;
    SIZE_T i;

    KT_ASSERT_TRUE(t, p != NULL);
    KT_EXPECT_EQ(t, BYTE_OFFSET(p), 0);
    Last = MmGetPhysicalAddress(p + Size - 1);
    KT_EXPECT_TRUE(t, (ULONG64)Last.QuadPart <= 0xFFFFFFFFULL);
    for (i = 0; i < Size; i++)
        p[i] = (UCHAR)i;
    KT_EXPECT_EQ(t, p[Size - 1], (UCHAR)(Size - 1));
    KT_EXPECT_TRUE(t, MmIsAddressValid(p + Size - 1));
    MmFreeContiguousMemory(p);
}

static void mm_misc_test_contiguous_constraints(KTEST *t)
{
    PUCHAR p;
    ULONG64 a;

    /* Any address. */
    p = (PUCHAR)MmAllocateContiguousMemory(PAGE_SIZE, Pa(-1));
    KT_ASSERT_TRUE(t, p != NULL);
    MmFreeContiguousMemory(p);
    /* Between 256 MB and 1 GB (free of sanitizer shadow), not crossing a 64 KB boundary. */
    p = (PUCHAR)MmAllocateContiguousMemorySpecifyCache(5 * PAGE_SIZE, Pa(0x10000000LL),
                                                       Pa(0x3FFFFFFFLL), Pa(0x10000), MmCached);
    KT_ASSERT_TRUE(t, p != NULL);
    a = (ULONG64)MmGetPhysicalAddress(p).QuadPart;
    KT_EXPECT_TRUE(t, a >= 0x10000000ULL && a + 5 * PAGE_SIZE - 1 <= 0x3FFFFFFFULL);
    KT_EXPECT_EQ(t, a >> 16, (a + 5 * PAGE_SIZE - 1) >> 16);
    MmFreeContiguousMemorySpecifyCache(p, 5 * PAGE_SIZE, MmCached);
    /* Requests that cannot be met. */
    KT_EXPECT_TRUE(t, MmAllocateContiguousMemory(0, Pa(-1)) == NULL);
    KT_EXPECT_TRUE(t, MmAllocateContiguousMemorySpecifyCache(PAGE_SIZE, Pa(0x2000000), Pa(0x1000000),
                                                             Pa(0), MmCached) == NULL);
    KT_EXPECT_TRUE(t, MmAllocateContiguousMemorySpecifyCache(PAGE_SIZE, Pa(0), Pa(-1),
                                                             Pa(0x3000), MmCached) == NULL);
    KT_EXPECT_TRUE(t, MmAllocateContiguousMemorySpecifyCache(2 * PAGE_SIZE, Pa(0), Pa(-1),
                                                             Pa(PAGE_SIZE), MmCached) == NULL);
    /* Nothing fits below 64 KB. */
    KT_EXPECT_TRUE(t, MmAllocateContiguousMemory(PAGE_SIZE, Pa(0xFFFF)) == NULL);
}

typedef struct _FREE_CALL {
    PVOID Address;
    SIZE_T Size;
    MEMORY_CACHING_TYPE Cache;
    int Which;
} FREE_CALL;

static void FreeRoutine(void *Ctx)
{
    FREE_CALL *c = (FREE_CALL *)Ctx;
    KIRQL Old;
    switch (c->Which) {
    case 0: MmFreeContiguousMemory(c->Address); break;
    case 1: MmFreeContiguousMemorySpecifyCache(c->Address, c->Size, c->Cache); break;
    case 2: MmFreeNonCachedMemory(c->Address, c->Size); break;
    case 3:
        KeRaiseIrql(DISPATCH_LEVEL, &Old);
        c->Address = MmAllocateNonCachedMemory(c->Size);
        KeLowerIrql(Old);
        break;
    }
}

static void mm_misc_test_contiguous_bad_free_bugchecks_c2_60(KTEST *t)
{
    KMODE_BUGCHECK bc;
    FREE_CALL c = { StaticData, 0, MmCached, 0 };
    PVOID p;

    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(FreeRoutine, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, BAD_POOL_CALLER);
    KT_EXPECT_EQ(t, bc.Parameter1, 0x60);
    KT_EXPECT_EQ(t, bc.Parameter2, (ULONG_PTR)StaticData);
    /* Freed twice. */
    p = MmAllocateContiguousMemory(100, Pa(-1));
    KT_ASSERT_TRUE(t, p != NULL);
    MmFreeContiguousMemory(p);
    c.Address = p;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(FreeRoutine, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Parameter1, 0x60);
    /* SpecifyCache with another size. */
    p = MmAllocateContiguousMemorySpecifyCache(100, Pa(0), Pa(-1), Pa(0), MmNonCached);
    KT_ASSERT_TRUE(t, p != NULL);
    c.Address = p;
    c.Size = 200;
    c.Cache = MmNonCached;
    c.Which = 1;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(FreeRoutine, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Parameter1, 0x60);
    /* ... and with another cache type; the allocation survives both attempts. */
    c.Size = 100;
    c.Cache = MmCached;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(FreeRoutine, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Parameter1, 0x60);
    MmFreeContiguousMemorySpecifyCache(p, 100, MmNonCached);
}

/* ---- Noncached memory ---------------------------------------------------------------------- */

static void mm_misc_test_noncached_memory(KTEST *t)
{
    KMODE_BUGCHECK bc;
    PUCHAR p = (PUCHAR)MmAllocateNonCachedMemory(PAGE_SIZE + 1);
    FREE_CALL c = { NULL, 0, MmNonCached, 2 };

    KT_ASSERT_TRUE(t, p != NULL);
    KT_EXPECT_EQ(t, BYTE_OFFSET(p), 0);
    p[0] = 1;
    p[PAGE_SIZE] = 2;
    KT_EXPECT_EQ(t, p[0] + p[PAGE_SIZE], 3);
    KT_EXPECT_TRUE(t, MmAllocateNonCachedMemory(0) == NULL);
    /* The size must span the same pages. */
    c.Address = p;
    c.Size = 100;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(FreeRoutine, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, BAD_POOL_CALLER);
    KT_EXPECT_EQ(t, bc.Parameter1, 0x46);
    KT_EXPECT_EQ(t, bc.Parameter2, (ULONG_PTR)p);
    MmFreeNonCachedMemory(p, PAGE_SIZE + 2);       /* the same two pages: accepted */
    /* Not an allocation at all. */
    c.Address = StaticData;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(FreeRoutine, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Parameter1, 0x46);
    /* Allocating above APC_LEVEL. */
    c.Which = 3;
    c.Size = 10;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(FreeRoutine, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, IRQL_NOT_LESS_OR_EQUAL);
    KT_EXPECT_EQ(t, bc.Parameter2, DISPATCH_LEVEL);
    p = (PUCHAR)MmAllocateNonCachedMemory(3 * PAGE_SIZE);
    KT_ASSERT_TRUE(t, p != NULL);
    MmFreeNonCachedMemory(p, 3 * PAGE_SIZE);
}

/* ---- Pageable sections --------------------------------------------------------------------- */

static void SectionHelper(void) { }

typedef struct _SECTION_CALL {
    PVOID Handle;
    int Which;
} SECTION_CALL;

static void SectionRoutine(void *Ctx)
{
    SECTION_CALL *c = (SECTION_CALL *)Ctx;
    KIRQL Old;
    switch (c->Which) {
    case 0: MmUnlockPagableImageSection(c->Handle); break;
    case 1: MmLockPagableSectionByHandle(c->Handle); break;
    case 2:
        KeRaiseIrql(DISPATCH_LEVEL, &Old);
        c->Handle = MmLockPagableCodeSection((PVOID)SectionHelper);
        KeLowerIrql(Old);
        break;
    }
}

static void mm_misc_test_pagable_sections(KTEST *t)
{
    KMODE_BUGCHECK bc;
    PVOID Code = MmLockPagableCodeSection((PVOID)SectionHelper);
    PVOID Data = MmLockPagableDataSection(StaticData);
    SECTION_CALL c = { NULL, 0 };

    KT_ASSERT_TRUE(t, Code != NULL && Data != NULL);
    /* Same image: the same handle. */
    KT_EXPECT_PTR_EQ(t, Code, Data);
    MmLockPagableSectionByHandle(Code);
    MmUnlockPagableImageSection(Code);
    MmUnlockPagableImageSection(Data);
    MmUnlockPagableImageSection(Code);
    /* One unlock too many. */
    c.Handle = Code;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(SectionRoutine, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, MEMORY_MANAGEMENT);
    KT_EXPECT_EQ(t, bc.Parameter2, (ULONG_PTR)Code);
    /* Not a handle. */
    c.Handle = StaticData;
    c.Which = 1;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(SectionRoutine, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, MEMORY_MANAGEMENT);
    /* Pageable code may only be locked at <= APC_LEVEL. */
    c.Which = 2;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(SectionRoutine, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, IRQL_NOT_LESS_OR_EQUAL);
}

static void mm_misc_test_page_entire_driver(KTEST *t)
{
    PVOID Base = MmPageEntireDriver((PVOID)SectionHelper);
    KT_ASSERT_TRUE(t, Base != NULL);
    KT_EXPECT_TRUE(t, (ULONG_PTR)Base <= (ULONG_PTR)SectionHelper);
    KT_EXPECT_EQ(t, BYTE_OFFSET(Base), 0);
    /* Any address in the same image gives the same base. */
    KT_EXPECT_PTR_EQ(t, MmPageEntireDriver(StaticData), Base);
    MmResetDriverPaging((PVOID)SectionHelper);
}

/* ---- System --------------------------------------------------------------------------------- */

static void mm_misc_test_system_queries(KTEST *t)
{
    KT_EXPECT_EQ(t, MmQuerySystemSize(), MmLargeSystem);
    KT_EXPECT_FALSE(t, MmIsThisAnNtAsSystem());
}

static KTEST_CASE mm_misc_cases[] = {
    KTEST_CASE_ENTRY(mm_misc_test_is_address_valid),
    KTEST_CASE_ENTRY(mm_misc_test_physical_address_scheme),
    KTEST_CASE_ENTRY(mm_misc_test_contiguous_below_4gb),
    KTEST_CASE_ENTRY(mm_misc_test_contiguous_constraints),
    KTEST_CASE_ENTRY(mm_misc_test_contiguous_bad_free_bugchecks_c2_60),
    KTEST_CASE_ENTRY(mm_misc_test_noncached_memory),
    KTEST_CASE_ENTRY(mm_misc_test_pagable_sections),
    KTEST_CASE_ENTRY(mm_misc_test_page_entire_driver),
    KTEST_CASE_ENTRY(mm_misc_test_system_queries),
    { 0 }
};
KTEST_SUITE(mm_misc, mm_misc_cases);
