/*
 * PURPOSE: Tests for the pool DDIs (src/ex/pool.c), written as driver code: allocation
 * flags and types, zeroing, alignment, failure and raise paths, BAD_POOL_CALLER checks.
 */
#include <ntddk.h>
#include <kmode/bugcheck.h>
#include "ktest.h"


#define TAG_A 'AlpT'
#define TAG_B 'BlpT'

static BOOLEAN AllZero(const void *P, SIZE_T N)
{
    const UCHAR *p = (const UCHAR *)P;
    SIZE_T i;
    for (i = 0; i < N; i++)
        if (p[i] != 0)
            return FALSE;
    return TRUE;
}

/* Dirties the blocks a following allocation of Size is likely to reuse. */
static void Dirty(SIZE_T Size)
{
    PVOID p[4];
    int i;
    for (i = 0; i < 4; i++) {
        p[i] = ExAllocatePoolWithTag(NonPagedPoolNx, Size, TAG_B);
        if (p[i] != NULL)
            memset(p[i], 0xAB, Size);
    }
    for (i = 3; i >= 0; i--)
        if (p[i] != NULL)
            ExFreePoolWithTag(p[i], TAG_B);
}

static void ex_pool_test_pool2_zeroes_unless_uninitialized(KTEST *t)
{
    static const SIZE_T sizes[] = { 1, 24, 200, 4000, 4096, 20000 };
    ULONG i;
    for (i = 0; i < RTL_NUMBER_OF(sizes); i++) {
        PVOID p;
        Dirty(sizes[i]);
        p = ExAllocatePool2(POOL_FLAG_NON_PAGED, sizes[i], TAG_A);
        KT_ASSERT_TRUE(t, p != NULL);
        KT_EXPECT_TRUE(t, AllZero(p, sizes[i]));
        ExFreePoolWithTag(p, TAG_A);
        Dirty(sizes[i]);
        p = ExAllocatePool2(POOL_FLAG_PAGED | POOL_FLAG_UNINITIALIZED, sizes[i], TAG_A);
        KT_ASSERT_TRUE(t, p != NULL);
        memset(p, 0x5A, sizes[i]);      /* writable over its whole size */
        ExFreePool(p);
    }
}

static void ex_pool_test_alignment(KTEST *t)
{
    SIZE_T size;
    for (size = 1; size <= 9000; size = size * 3 + 1) {
        PUCHAR p = (PUCHAR)ExAllocatePoolWithTag(PagedPool, size, TAG_A);
        PUCHAR c = (PUCHAR)ExAllocatePoolWithTag(NonPagedPoolCacheAligned, size, TAG_A);
        PUCHAR q = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_CACHE_ALIGNED, size, TAG_A);
        KT_ASSERT_TRUE(t, p != NULL && c != NULL && q != NULL);
        KT_EXPECT_EQ(t, (ULONG_PTR)p % MEMORY_ALLOCATION_ALIGNMENT, 0);
        KT_EXPECT_EQ(t, (ULONG_PTR)c % SYSTEM_CACHE_ALIGNMENT_SIZE, 0);
        KT_EXPECT_EQ(t, (ULONG_PTR)q % SYSTEM_CACHE_ALIGNMENT_SIZE, 0);
        if (size >= PAGE_SIZE) {
            /* Documented: PAGE_SIZE or more is page-aligned. */
            KT_EXPECT_EQ(t, (ULONG_PTR)p % PAGE_SIZE, 0);
        } else {
            /* Documented: PAGE_SIZE or less never crosses a page boundary. */
            KT_EXPECT_EQ(t, (ULONG_PTR)p / PAGE_SIZE, ((ULONG_PTR)p + size - 1) / PAGE_SIZE);
            KT_EXPECT_EQ(t, (ULONG_PTR)c / PAGE_SIZE, ((ULONG_PTR)c + size - 1) / PAGE_SIZE);
        }
        memset(p, 1, size);
        memset(c, 2, size);
        memset(q, 3, size);
        ExFreePoolWithTag(q, TAG_A);
        ExFreePoolWithTag(c, TAG_A);
        ExFreePoolWithTag(p, TAG_A);
    }
}

static void ex_pool_test_pool2_rejects_invalid_flags(KTEST *t)
{
    PVOID p;
    KT_EXPECT_TRUE(t, ExAllocatePool2(0, 16, TAG_A) == NULL);                  /* no pool kind */
    KT_EXPECT_TRUE(t, ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_PAGED, 16, TAG_A) == NULL);
    KT_EXPECT_TRUE(t, ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_NON_PAGED_EXECUTE, 16,
                                      TAG_A) == NULL);
    KT_EXPECT_TRUE(t, ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_RESERVED1, 16, TAG_A) == NULL);
    KT_EXPECT_TRUE(t, ExAllocatePool2(POOL_FLAG_PAGED | 0x1000, 16, TAG_A) == NULL);   /* unknown required */
    KT_EXPECT_TRUE(t, ExAllocatePool2(POOL_FLAG_PAGED, 16, 0) == NULL);                /* tag 0 */
    /* Unknown optional flags (high half) are ignored. */
    p = ExAllocatePool2(POOL_FLAG_PAGED | POOL_FLAG_SPECIAL_POOL | 0x4000000000ULL, 16, TAG_A);
    KT_EXPECT_TRUE(t, p != NULL);
    if (p != NULL)
        ExFreePool(p);
    p = ExAllocatePool2(POOL_FLAG_NON_PAGED_EXECUTE | POOL_FLAG_SESSION | POOL_FLAG_USE_QUOTA, 16, TAG_A);
    KT_EXPECT_TRUE(t, p != NULL);
    if (p != NULL)
        ExFreePool(p);
}

static NTSTATUS Pool2Status(POOL_FLAGS Flags, SIZE_T Size, ULONG Tag, PVOID *Out)
{
    NTSTATUS status = STATUS_SUCCESS;
    *Out = (PVOID)1;
    __try {
        *Out = ExAllocatePool2(Flags, Size, Tag);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    return status;
}

static void ex_pool_test_pool2_raise_on_failure(KTEST *t)
{
    PVOID p;
    KT_EXPECT_EQ(t, Pool2Status(POOL_FLAG_PAGED | POOL_FLAG_RAISE_ON_FAILURE, 16, 0, &p),
                 STATUS_INSUFFICIENT_RESOURCES);
    KT_EXPECT_EQ(t, Pool2Status(POOL_FLAG_RAISE_ON_FAILURE, 16, TAG_A, &p),
                 STATUS_INSUFFICIENT_RESOURCES);
    KT_EXPECT_EQ(t, Pool2Status(POOL_FLAG_NON_PAGED | POOL_FLAG_RAISE_ON_FAILURE,
                                (SIZE_T)1 << 50, TAG_A, &p), STATUS_INSUFFICIENT_RESOURCES);
    KT_EXPECT_EQ(t, Pool2Status(POOL_FLAG_NON_PAGED, (SIZE_T)1 << 50, TAG_A, &p), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, p == NULL);
    KT_EXPECT_EQ(t, Pool2Status(POOL_FLAG_NON_PAGED, ~(SIZE_T)0, TAG_A, &p), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, p == NULL);
}

static PVOID Pool3(SIZE_T Count, ULONG Type, BOOLEAN Optional, ULONG64 Value, POOL_FLAGS Flags)
{
    POOL_EXTENDED_PARAMETER prm[2];
    memset(prm, 0, sizeof prm);
    prm[0].Type = PoolExtendedParameterPriority;
    prm[0].Priority = NormalPoolPriority;
    prm[1].Type = Type;
    prm[1].Optional = Optional;
    prm[1].Reserved2 = Value;
    return ExAllocatePool3(Flags, 64, TAG_A, prm, (ULONG)Count);
}

static void ex_pool_test_pool3_extended_parameters(KTEST *t)
{
    PVOID p;
#define OK(expr) do { p = (expr); KT_EXPECT_TRUE(t, p != NULL); if (p) ExFreePool(p); } while (0)
#define FAILS(expr) KT_EXPECT_TRUE(t, (expr) == NULL)
    OK(ExAllocatePool3(POOL_FLAG_NON_PAGED, 64, TAG_A, NULL, 0));
    OK(Pool3(1, 0, FALSE, 0, POOL_FLAG_NON_PAGED));
    OK(Pool3(2, PoolExtendedParameterNumaNode, FALSE, 0, POOL_FLAG_NON_PAGED));
    FAILS(Pool3(2, PoolExtendedParameterNumaNode, FALSE, 3, POOL_FLAG_NON_PAGED));
    OK(Pool3(2, PoolExtendedParameterNumaNode, FALSE, 3 | MM_ANY_NODE_OK, POOL_FLAG_NON_PAGED));
    FAILS(Pool3(2, PoolExtendedParameterNumaNode, FALSE, 0, POOL_FLAG_PAGED));   /* nonpaged only */
    OK(Pool3(2, PoolExtendedParameterNumaNode, TRUE, 0, POOL_FLAG_PAGED));       /* ...unless optional */
    FAILS(Pool3(2, PoolExtendedParameterSecurePool, FALSE, 0, POOL_FLAG_NON_PAGED));
    OK(Pool3(2, PoolExtendedParameterSecurePool, TRUE, 0, POOL_FLAG_NON_PAGED));
    FAILS(Pool3(2, 0x77, FALSE, 0, POOL_FLAG_NON_PAGED));                        /* unknown type */
    OK(Pool3(2, 0x77, TRUE, 0, POOL_FLAG_NON_PAGED));
    FAILS(Pool3(2, PoolExtendedParameterInvalidType, FALSE, 0, POOL_FLAG_NON_PAGED));
    FAILS(ExAllocatePool3(POOL_FLAG_NON_PAGED, 64, TAG_A, NULL, 1));
    FAILS(Pool3(1, 0, FALSE, 0, POOL_FLAG_PAGED | POOL_FLAG_NON_PAGED));
#undef OK
#undef FAILS
}

static void ex_pool_test_classic_family(KTEST *t)
{
    PVOID p;
    BOOLEAN quota = 0xCC;

    Dirty(100);
    p = ExAllocatePoolZero(NonPagedPoolNx, 100, TAG_A);
    KT_ASSERT_TRUE(t, p != NULL);
    KT_EXPECT_TRUE(t, AllZero(p, 100));
    KT_EXPECT_TRUE(t, ExQueryPoolBlockSize(p, &quota) >= 100);
    KT_EXPECT_EQ(t, quota, FALSE);
    ExFreePoolWithTag(p, TAG_A);

    Dirty(100);
    p = ExAllocatePoolQuotaZero(PagedPool, 100, TAG_A);
    KT_ASSERT_TRUE(t, p != NULL);
    KT_EXPECT_TRUE(t, AllZero(p, 100));
    KT_EXPECT_TRUE(t, ExQueryPoolBlockSize(p, &quota) >= 100);
    KT_EXPECT_EQ(t, quota, TRUE);
    ExFreePoolWithTag(p, TAG_A);

    Dirty(100);
    p = ExAllocatePoolWithTag((POOL_TYPE)(PagedPool | POOL_ZERO_ALLOCATION), 100, TAG_A);
    KT_ASSERT_TRUE(t, p != NULL);
    KT_EXPECT_TRUE(t, AllZero(p, 100));
    ExFreePool(p);

    p = ExAllocatePoolUninitialized(NonPagedPoolNx, 5000, TAG_A);
    KT_ASSERT_TRUE(t, p != NULL);
    KT_EXPECT_TRUE(t, ExQueryPoolBlockSize(p, &quota) >= 5000);
    ExFreePool(p);
    p = ExAllocatePoolQuotaUninitialized(PagedPool, 10, TAG_A);
    KT_ASSERT_TRUE(t, p != NULL);
    ExFreePool(p);
    p = ExAllocatePoolWithQuotaTag(NonPagedPool, 10, TAG_A);
    KT_ASSERT_TRUE(t, p != NULL);
    ExFreePoolWithTag(p, TAG_A);
    p = ExAllocatePoolWithTagPriority(PagedPool, 10, TAG_A, LowPoolPriority);
    KT_ASSERT_TRUE(t, p != NULL);
    ExFreePoolWithTag(p, TAG_A);
    /* The legacy routines tag with 'None' ('enoN' as a literal). */
    p = ExAllocatePool(NonPagedPool, 10);
    KT_ASSERT_TRUE(t, p != NULL);
    ExFreePoolWithTag(p, 'enoN');
    p = ExAllocatePoolWithQuota(PagedPool, 10);
    KT_ASSERT_TRUE(t, p != NULL);
    ExFreePoolWithTag(p, 'enoN');
    /* Zero bytes is a valid request (Windows without the verifier returns a block). */
    p = ExAllocatePoolWithTag(NonPagedPoolNx, 0, TAG_A);
    KT_ASSERT_TRUE(t, p != NULL);
    ExFreePool(p);
}

static NTSTATUS ClassicStatus(int Which, ULONG PoolType, SIZE_T Size, PVOID *Out)
{
    NTSTATUS status = STATUS_SUCCESS;
    *Out = (PVOID)1;
    __try {
        if (Which == 0)
            *Out = ExAllocatePoolWithTag((POOL_TYPE)PoolType, Size, TAG_A);
        else if (Which == 1)
            *Out = ExAllocatePoolWithQuotaTag((POOL_TYPE)PoolType, Size, TAG_A);
        else
            *Out = ExAllocatePoolQuotaZero((POOL_TYPE)PoolType, Size, TAG_A);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    return status;
}

static void ex_pool_test_classic_failure_raise_rules(KTEST *t)
{
    const SIZE_T huge = (SIZE_T)1 << 52;
    PVOID p;
    /* ExAllocatePoolWithTag: NULL, unless POOL_RAISE_IF_ALLOCATION_FAILURE. */
    KT_EXPECT_EQ(t, ClassicStatus(0, NonPagedPoolNx, huge, &p), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, p == NULL);
    KT_EXPECT_EQ(t, ClassicStatus(0, NonPagedPoolNx | POOL_RAISE_IF_ALLOCATION_FAILURE, huge, &p),
                 STATUS_INSUFFICIENT_RESOURCES);
    /* Quota allocations raise by default, return NULL with POOL_QUOTA_FAIL_INSTEAD_OF_RAISE. */
    KT_EXPECT_EQ(t, ClassicStatus(1, PagedPool, huge, &p), STATUS_INSUFFICIENT_RESOURCES);
    KT_EXPECT_EQ(t, ClassicStatus(2, PagedPool, huge, &p), STATUS_INSUFFICIENT_RESOURCES);
    KT_EXPECT_EQ(t, ClassicStatus(1, PagedPool | POOL_QUOTA_FAIL_INSTEAD_OF_RAISE, huge, &p),
                 STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, p == NULL);
}

static void ex_pool_test_large_blocks_reused(KTEST *t)
{
    PUCHAR a = (PUCHAR)ExAllocatePoolWithTag(NonPagedPoolNx, 3 * PAGE_SIZE, TAG_A), b;
    KT_ASSERT_TRUE(t, a != NULL);
    memset(a, 0x11, 3 * PAGE_SIZE);
    ExFreePoolWithTag(a, TAG_A);
    b = (PUCHAR)ExAllocatePoolWithTag(NonPagedPoolNx, 3 * PAGE_SIZE - 100, TAG_A);
    KT_EXPECT_PTR_EQ(t, b, a);          /* the freed run of the same page count */
    ExFreePoolWithTag(b, TAG_A);
    /* Big runs are split: a 200-page hole serves a 100-page request at its start. */
    a = (PUCHAR)ExAllocatePool2(POOL_FLAG_PAGED, 200 * PAGE_SIZE, TAG_A);
    KT_ASSERT_TRUE(t, a != NULL);
    KT_EXPECT_TRUE(t, AllZero(a, 200 * PAGE_SIZE));
    memset(a, 0x22, 200 * PAGE_SIZE);
    ExFreePool(a);
    b = (PUCHAR)ExAllocatePool2(POOL_FLAG_PAGED, 100 * PAGE_SIZE, TAG_A);
    KT_EXPECT_PTR_EQ(t, b, a);
    KT_EXPECT_TRUE(t, AllZero(b, 100 * PAGE_SIZE));
    ExFreePool(b);
}

/* ---- BAD_POOL_CALLER ------------------------------------------------------------------- */

typedef struct {
    PVOID P;
    ULONG Tag;
    KIRQL Irql;
    ULONG PoolType;
} BAD_CALL;

static void FreeWithTag(void *Ctx)
{
    BAD_CALL *c = (BAD_CALL *)Ctx;
    ExFreePoolWithTag(c->P, c->Tag);
}

static void ex_pool_test_free_with_wrong_tag_bugchecks_c2_0a(KTEST *t)
{
    KMODE_BUGCHECK bc;
    BAD_CALL c = { ExAllocatePoolWithTag(PagedPool, 40, TAG_A), TAG_B, 0, 0 };
    KT_ASSERT_TRUE(t, c.P != NULL);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(FreeWithTag, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, BAD_POOL_CALLER);
    KT_EXPECT_EQ(t, bc.Parameter1, 0x0A);
    KT_EXPECT_EQ(t, bc.Parameter2, (ULONG_PTR)c.P);
    KT_EXPECT_EQ(t, bc.Parameter3, TAG_A);
    KT_EXPECT_EQ(t, bc.Parameter4, TAG_B);
    ExFreePoolWithTag(c.P, TAG_A);      /* the block survived the failed free */
}

static void ex_pool_test_double_free_bugchecks_c2_07(KTEST *t)
{
    static const SIZE_T sizes[] = { 16, 3000, 3 * PAGE_SIZE };
    ULONG i;
    for (i = 0; i < RTL_NUMBER_OF(sizes); i++) {
        KMODE_BUGCHECK bc;
        BAD_CALL c = { ExAllocatePoolWithTag(NonPagedPoolNx, sizes[i], TAG_A), 0, 0, 0 };
        KT_ASSERT_TRUE(t, c.P != NULL);
        ExFreePool(c.P);
        KT_ASSERT_TRUE(t, KmodeCatchBugCheck(FreeWithTag, &c, KMODE_CATCH_QUIET, &bc));
        KT_EXPECT_EQ(t, bc.Code, BAD_POOL_CALLER);
        KT_EXPECT_EQ(t, bc.Parameter1, 0x07);
        KT_EXPECT_EQ(t, bc.Parameter2, 0);
        KT_EXPECT_EQ(t, bc.Parameter4, (ULONG_PTR)c.P);
    }
    {   /* cache-aligned blocks keep their header in front of the aligned address too */
        KMODE_BUGCHECK bc;
        BAD_CALL c = { ExAllocatePoolWithTag(NonPagedPoolCacheAligned, 100, TAG_A), 0, 0, 0 };
        KT_ASSERT_TRUE(t, c.P != NULL);
        ExFreePool(c.P);
        KT_ASSERT_TRUE(t, KmodeCatchBugCheck(FreeWithTag, &c, KMODE_CATCH_QUIET, &bc));
        KT_EXPECT_EQ(t, bc.Parameter1, 0x07);
    }
}

static void ex_pool_test_free_foreign_address_bugchecks(KTEST *t)
{
    KMODE_BUGCHECK bc;
    UCHAR local[64];
    static UCHAR global[64];
    PUCHAR block = (PUCHAR)ExAllocatePoolWithTag(NonPagedPoolNx, 256, TAG_A);
    BAD_CALL c = { local + 16, 0, 0, 0 };

    KT_ASSERT_TRUE(t, block != NULL);
    /* Outside the pool (stack, image data): 0x42 "never in any pool". */
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(FreeWithTag, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, BAD_POOL_CALLER);
    KT_EXPECT_EQ(t, bc.Parameter1, 0x42);
    KT_EXPECT_EQ(t, bc.Parameter2, (ULONG_PTR)c.P);
    KT_EXPECT_EQ(t, bc.Parameter3, 0);
    c.P = global;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(FreeWithTag, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Parameter1, 0x42);
    /* Inside the pool but not a block start: 0x99. */
    c.P = block + 64;
    memset(block, 0, 256);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(FreeWithTag, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Parameter1, 0x99);
    KT_EXPECT_EQ(t, bc.Parameter2, (ULONG_PTR)c.P);
    c.P = block + 8;                    /* misaligned */
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(FreeWithTag, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Parameter1, 0x99);
    ExFreePoolWithTag(block, TAG_A);
}

static void AllocClassic(void *Ctx)
{
    BAD_CALL *c = (BAD_CALL *)Ctx;
    KIRQL old = PASSIVE_LEVEL;
    if (c->Irql != PASSIVE_LEVEL)
        KeRaiseIrql(c->Irql, &old);
    c->P = ExAllocatePoolWithTag((POOL_TYPE)c->PoolType, 48, c->Tag);
    if (c->P != NULL)
        ExFreePool(c->P);
    if (c->Irql != PASSIVE_LEVEL)
        KeLowerIrql(old);
}

static void ex_pool_test_allocation_checks_bugcheck(KTEST *t)
{
    KMODE_BUGCHECK bc;
    BAD_CALL c = { NULL, TAG_A, PASSIVE_LEVEL, NonPagedPoolMustSucceed };

    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(AllocClassic, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, BAD_POOL_CALLER);
    KT_EXPECT_EQ(t, bc.Parameter1, 0x9A);
    KT_EXPECT_EQ(t, bc.Parameter2, NonPagedPoolMustSucceed);
    KT_EXPECT_EQ(t, bc.Parameter3, 48);
    KT_EXPECT_EQ(t, bc.Parameter4, TAG_A);
    c.PoolType = NonPagedPoolNx;
    c.Tag = 0;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(AllocClassic, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Parameter1, 0x9B);
    KT_EXPECT_EQ(t, bc.Parameter2, NonPagedPoolNx);
    KT_EXPECT_EQ(t, bc.Parameter3, 48);
    KT_EXPECT_TRUE(t, bc.Parameter4 != 0);     /* the caller's address */
}

static void ex_pool_test_irql_rules(KTEST *t)
{
    KMODE_BUGCHECK bc;
    BAD_CALL c = { NULL, TAG_A, DISPATCH_LEVEL, NonPagedPoolNx };

    /* Nonpaged pool at DISPATCH_LEVEL is fine. */
    KT_EXPECT_FALSE(t, KmodeCatchBugCheck(AllocClassic, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_TRUE(t, c.P != NULL);
    /* Paged pool at DISPATCH_LEVEL: 0xC2/0x08 (IRQL, pool type, size). */
    c.PoolType = PagedPool;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(AllocClassic, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, BAD_POOL_CALLER);
    KT_EXPECT_EQ(t, bc.Parameter1, 0x08);
    KT_EXPECT_EQ(t, bc.Parameter2, DISPATCH_LEVEL);
    KT_EXPECT_EQ(t, bc.Parameter3, PagedPool);
    KT_EXPECT_EQ(t, bc.Parameter4, 48);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
    /* Paged at APC_LEVEL is fine; anything above DISPATCH_LEVEL is not. */
    c.Irql = APC_LEVEL;
    KT_EXPECT_FALSE(t, KmodeCatchBugCheck(AllocClassic, &c, KMODE_CATCH_QUIET, &bc));
    c.Irql = HIGH_LEVEL;
    c.PoolType = NonPagedPoolNx;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(AllocClassic, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Parameter1, 0x08);
    KT_EXPECT_EQ(t, bc.Parameter2, HIGH_LEVEL);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

static void FreeAtDispatch(void *Ctx)
{
    BAD_CALL *c = (BAD_CALL *)Ctx;
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    ExFreePool(c->P);
    KeLowerIrql(old);
}

static void ex_pool_test_free_paged_at_dispatch_bugchecks_c2_09(KTEST *t)
{
    KMODE_BUGCHECK bc;
    BAD_CALL c = { ExAllocatePool2(POOL_FLAG_NON_PAGED, 32, TAG_A), 0, 0, 0 };

    KT_EXPECT_FALSE(t, KmodeCatchBugCheck(FreeAtDispatch, &c, KMODE_CATCH_QUIET, &bc));
    c.P = ExAllocatePool2(POOL_FLAG_PAGED, 32, TAG_A);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(FreeAtDispatch, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, BAD_POOL_CALLER);
    KT_EXPECT_EQ(t, bc.Parameter1, 0x09);
    KT_EXPECT_EQ(t, bc.Parameter2, DISPATCH_LEVEL);
    KT_EXPECT_EQ(t, bc.Parameter3, PagedPool);
    KT_EXPECT_EQ(t, bc.Parameter4, (ULONG_PTR)c.P);
    ExFreePool(c.P);
}

static void Pool2AtDispatch(void *Ctx)
{
    BAD_CALL *c = (BAD_CALL *)Ctx;
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    c->P = ExAllocatePool2(POOL_FLAG_PAGED | POOL_FLAG_CACHE_ALIGNED, 8, TAG_A);
    KeLowerIrql(old);
}

static void ex_pool_test_pool2_paged_at_dispatch_bugchecks(KTEST *t)
{
    KMODE_BUGCHECK bc;
    BAD_CALL c = { NULL, 0, 0, 0 };
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(Pool2AtDispatch, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Parameter1, 0x08);
    KT_EXPECT_EQ(t, bc.Parameter3, PagedPoolCacheAligned);
    KT_EXPECT_EQ(t, bc.Parameter4, 8);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ex_pool_test_pool2_zeroes_unless_uninitialized),
    KTEST_CASE_ENTRY(ex_pool_test_alignment),
    KTEST_CASE_ENTRY(ex_pool_test_pool2_rejects_invalid_flags),
    KTEST_CASE_ENTRY(ex_pool_test_pool2_raise_on_failure),
    KTEST_CASE_ENTRY(ex_pool_test_pool3_extended_parameters),
    KTEST_CASE_ENTRY(ex_pool_test_classic_family),
    KTEST_CASE_ENTRY(ex_pool_test_classic_failure_raise_rules),
    KTEST_CASE_ENTRY(ex_pool_test_large_blocks_reused),
    KTEST_CASE_ENTRY(ex_pool_test_free_with_wrong_tag_bugchecks_c2_0a),
    KTEST_CASE_ENTRY(ex_pool_test_double_free_bugchecks_c2_07),
    KTEST_CASE_ENTRY(ex_pool_test_free_foreign_address_bugchecks),
    KTEST_CASE_ENTRY(ex_pool_test_allocation_checks_bugcheck),
    KTEST_CASE_ENTRY(ex_pool_test_irql_rules),
    KTEST_CASE_ENTRY(ex_pool_test_free_paged_at_dispatch_bugchecks_c2_09),
    KTEST_CASE_ENTRY(ex_pool_test_pool2_paged_at_dispatch_bugchecks),
    { 0 }
};

KTEST_SUITE(ex_pool, cases);
