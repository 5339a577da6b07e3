/*
 * PURPOSE: Tests for the pool internals (src/ex/pool.c): the pool address range, usage by
 * tag, outstanding-block enumeration, the failure hook, a multi-threaded stress, executable
 * and NX pool, and the merging of freed page runs.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <internal/ex.h>
#include "ktest.h"

#define TAG(a, b, c, d) ((ULONG)(a) | ((ULONG)(b) << 8) | ((ULONG)(c) << 16) | ((ULONG)(d) << 24))

static int GlobalByte;

static void ex_pool_internal_test_is_pool_address(KTEST *t)
{
    int local = 0;
    void *heap = malloc(32);
    PUCHAR p = ExAllocatePoolWithTag(NonPagedPoolNx, 100, TAG('T', 'i', 's', 'P'));
    PUCHAR big = ExAllocatePoolWithTag(PagedPool, 100000, TAG('T', 'i', 's', 'P'));

    KT_ASSERT_TRUE(t, p != NULL && big != NULL && heap != NULL);
    KT_EXPECT_TRUE(t, ExpIsPoolAddress(p));
    KT_EXPECT_TRUE(t, ExpIsPoolAddress(p + 99));
    KT_EXPECT_TRUE(t, ExpIsPoolAddress(big + 99999));
    KT_EXPECT_FALSE(t, ExpIsPoolAddress(&local));
    KT_EXPECT_FALSE(t, ExpIsPoolAddress(heap));
    KT_EXPECT_FALSE(t, ExpIsPoolAddress(&GlobalByte));
    KT_EXPECT_FALSE(t, ExpIsPoolAddress(NULL));
    ExFreePool(big);
    ExFreePool(p);
    free(heap);
}

static void ex_pool_internal_test_usage_by_tag(KTEST *t)
{
    const ULONG tag = TAG('T', 'u', 's', 'g');
    EXP_POOL_TAG_USAGE u;
    PVOID a = ExAllocatePoolWithTag(NonPagedPoolNx, 10, tag);
    PVOID b = ExAllocatePool2(POOL_FLAG_NON_PAGED, 20, tag);
    PVOID c = ExAllocatePoolWithTag(NonPagedPool, 30000, tag);
    PVOID d = ExAllocatePool2(POOL_FLAG_PAGED, 40, tag);

    KT_ASSERT_TRUE(t, a && b && c && d);
    ExFreePoolWithTag(b, tag);
    ExpQueryPoolTagUsage(tag, &u);
    KT_EXPECT_EQ(t, u.Tag, tag);
    KT_EXPECT_EQ(t, u.Allocs[EXP_POOL_KIND_NONPAGED], 3);
    KT_EXPECT_EQ(t, u.Frees[EXP_POOL_KIND_NONPAGED], 1);
    KT_EXPECT_EQ(t, u.Bytes[EXP_POOL_KIND_NONPAGED], 30010);
    KT_EXPECT_EQ(t, u.Allocs[EXP_POOL_KIND_PAGED], 1);
    KT_EXPECT_EQ(t, u.Frees[EXP_POOL_KIND_PAGED], 0);
    KT_EXPECT_EQ(t, u.Bytes[EXP_POOL_KIND_PAGED], 40);
    ExFreePool(a);
    ExFreePool(c);
    ExFreePool(d);
    ExpQueryPoolTagUsage(tag, &u);
    KT_EXPECT_EQ(t, u.Frees[EXP_POOL_KIND_NONPAGED], 3);
    KT_EXPECT_EQ(t, u.Bytes[EXP_POOL_KIND_NONPAGED], 0);
    KT_EXPECT_EQ(t, u.Bytes[EXP_POOL_KIND_PAGED], 0);
    /* A failed allocation counts nothing; an unused tag reads as zeros. */
    KT_EXPECT_TRUE(t, ExAllocatePool2(POOL_FLAG_PAGED, 16, 0) == NULL);
    ExpQueryPoolTagUsage(TAG('n', 'e', 'v', 'r'), &u);
    KT_EXPECT_EQ(t, u.Allocs[0] + u.Allocs[1], 0);
}

typedef struct {
    ULONG Tag;
    ULONG Seen;
    ULONG64 Allocs;
} TAG_FIND;

static BOOLEAN FindTag(const EXP_POOL_TAG_USAGE *Usage, PVOID Context)
{
    TAG_FIND *f = Context;
    if (Usage->Tag == f->Tag) {
        f->Seen++;
        f->Allocs = Usage->Allocs[0] + Usage->Allocs[1];
    }
    return TRUE;
}

static BOOLEAN StopAtOnce(const EXP_POOL_TAG_USAGE *Usage, PVOID Context)
{
    (void)Usage;
    (*(ULONG *)Context)++;
    return FALSE;
}

static void ex_pool_internal_test_usage_enumeration(KTEST *t)
{
    TAG_FIND f = { TAG('T', 'e', 'n', 'u'), 0, 0 };
    ULONG calls = 0;
    PVOID p = ExAllocatePoolWithTag(PagedPool, 8, f.Tag);

    KT_ASSERT_TRUE(t, p != NULL);
    ExpPoolUsageByTag(FindTag, &f);
    KT_EXPECT_EQ(t, f.Seen, 1);
    KT_EXPECT_EQ(t, f.Allocs, 1);
    ExpPoolUsageByTag(StopAtOnce, &calls);
    KT_EXPECT_EQ(t, calls, 1);
    ExFreePool(p);
}

/* Many distinct tags overflow the thread's counter table into the shared one. */
static void ex_pool_internal_test_usage_many_tags(KTEST *t)
{
    PVOID blocks[300];
    ULONG i;
    for (i = 0; i < 300; i++) {
        blocks[i] = ExAllocatePoolWithTag(NonPagedPoolNx, i + 1, TAG('M', 'n', i & 0xFF, 0x40 + (i >> 8)));
        KT_ASSERT_TRUE(t, blocks[i] != NULL);
    }
    for (i = 0; i < 300; i++) {
        EXP_POOL_TAG_USAGE u;
        ExpQueryPoolTagUsage(TAG('M', 'n', i & 0xFF, 0x40 + (i >> 8)), &u);
        if (u.Allocs[0] != 1 || u.Bytes[0] != i + 1)
            KT_FAIL(t, "tag %lu: allocs %llu bytes %llu", (unsigned long)i,
                    (unsigned long long)u.Allocs[0], (unsigned long long)u.Bytes[0]);
        ExFreePool(blocks[i]);
    }
}

typedef struct {
    ULONG Tag;
    ULONG Count;
    SIZE_T Bytes;
    POOL_TYPE Types[8];
    PVOID Callers[8];
} LEAKS;

static BOOLEAN CollectLeak(const EXP_POOL_BLOCK_INFO *Block, PVOID Context)
{
    LEAKS *l = Context;
    if (Block->Tag != l->Tag)
        return TRUE;
    if (l->Count < 8) {
        l->Types[l->Count] = Block->PoolType;
        l->Callers[l->Count] = Block->Caller;
    }
    l->Count++;
    l->Bytes += Block->Size;
    return TRUE;
}

static BOOLEAN FreeLeak(const EXP_POOL_BLOCK_INFO *Block, PVOID Context)
{
    if (Block->Tag == *(ULONG *)Context)
        ExFreePoolWithTag(Block->Address, Block->Tag);
    return TRUE;
}

static PVOID volatile LastAllocated;

/* Not a tail call (work follows the call), so the recorded caller lies inside this function. */
static __attribute__((noinline)) PVOID AllocateHere(POOL_TYPE Type, SIZE_T Size, ULONG Tag)
{
    LastAllocated = ExAllocatePoolWithTag(Type, Size, Tag);
    return LastAllocated;
}

static void ex_pool_internal_test_enumerate_outstanding(KTEST *t)
{
    LEAKS l;
    ULONG tag = TAG('T', 'l', 'e', 'k');
    PVOID a = AllocateHere(NonPagedPoolNx, 24, tag);
    PVOID b = AllocateHere(PagedPoolCacheAligned, 300, tag);
    PVOID c = AllocateHere(NonPagedPoolNx, 50000, tag);
    PVOID d = AllocateHere(NonPagedPoolNx, 8, tag);
    ULONG_PTR here = (ULONG_PTR)AllocateHere;

    KT_ASSERT_TRUE(t, a && b && c && d);
    ExFreePool(d);
    memset(&l, 0, sizeof l);
    l.Tag = tag;
    ExpEnumerateOutstanding(0, ~(ULONG_PTR)0, CollectLeak, &l);
    KT_EXPECT_EQ(t, l.Count, 3);
    KT_EXPECT_EQ(t, l.Bytes, 24 + 300 + 50000);
    /* Every caller is the call inside AllocateHere (a return address just after it). */
    KT_EXPECT_TRUE(t, (ULONG_PTR)l.Callers[0] > here && (ULONG_PTR)l.Callers[0] < here + 256);
    KT_EXPECT_PTR_EQ(t, l.Callers[0], l.Callers[1]);
    KT_EXPECT_TRUE(t, l.Types[0] == NonPagedPoolNx || l.Types[0] == PagedPoolCacheAligned);
    /* Filtering by the caller range: inside it all three, outside none. */
    memset(&l, 0, sizeof l);
    l.Tag = tag;
    ExpEnumerateOutstanding(here, here + 256, CollectLeak, &l);
    KT_EXPECT_EQ(t, l.Count, 3);
    memset(&l, 0, sizeof l);
    l.Tag = tag;
    ExpEnumerateOutstanding(0, 1, CollectLeak, &l);
    KT_EXPECT_EQ(t, l.Count, 0);
    /* The callback may free what it is given. */
    ExpEnumerateOutstanding(0, ~(ULONG_PTR)0, FreeLeak, &tag);
    memset(&l, 0, sizeof l);
    l.Tag = tag;
    ExpEnumerateOutstanding(0, ~(ULONG_PTR)0, CollectLeak, &l);
    KT_EXPECT_EQ(t, l.Count, 0);
}

static NTSTATUS TryAllocate(ULONG PoolType, PVOID *Out)
{
    NTSTATUS status = STATUS_SUCCESS;
    __try {
        *Out = ExAllocatePoolWithTag((POOL_TYPE)PoolType, 64, TAG('T', 'f', 'a', 'i'));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    return status;
}

static void ex_pool_internal_test_fail_hook(KTEST *t)
{
    PVOID p = (PVOID)1;
    ExpPoolFailNextAllocations(1);
    KT_EXPECT_EQ(t, TryAllocate(NonPagedPoolNx, &p), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, p == NULL);
    KT_EXPECT_EQ(t, TryAllocate(NonPagedPoolNx, &p), STATUS_SUCCESS);   /* only the next one */
    KT_ASSERT_TRUE(t, p != NULL);
    ExFreePool(p);
    ExpPoolFailNextAllocations(2);
    KT_EXPECT_EQ(t, TryAllocate(NonPagedPoolNx | POOL_RAISE_IF_ALLOCATION_FAILURE, &p),
                 STATUS_INSUFFICIENT_RESOURCES);
    p = ExAllocatePool2(POOL_FLAG_PAGED, 16, TAG('T', 'f', 'a', 'i'));
    KT_EXPECT_TRUE(t, p == NULL);
    p = ExAllocatePool2(POOL_FLAG_PAGED, 16, TAG('T', 'f', 'a', 'i'));
    KT_ASSERT_TRUE(t, p != NULL);
    ExFreePool(p);
}

/* ---- Multi-threaded stress ------------------------------------------------------------- */

#define STRESS_THREADS 4
#define STRESS_ITERS   20000
#define STRESS_SLOTS   256
#define STRESS_TAG     TAG('T', 's', 't', 'r')

/* Blocks are exchanged through shared slots, so most are freed by another thread. */
static PVOID StressSlots[STRESS_SLOTS];
static ULONG StressErrors;

static void *StressThread(void *Arg)
{
    ULONG seed = (ULONG)(ULONG_PTR)Arg * 2654435761U + 1, i;
    for (i = 0; i < STRESS_ITERS; i++) {
        ULONG r, slot;
        SIZE_T size;
        PUCHAR p, old;
        seed = seed * 1103515245U + 12345U;
        r = seed >> 8;
        slot = r % STRESS_SLOTS;
        size = (r & 0x300) == 0x300 ? 4000 + (r % 20000) : 1 + (r % 600);
        p = ExAllocatePoolWithTag((r & 0x1000) ? NonPagedPoolNxCacheAligned : PagedPool, size,
                                  STRESS_TAG);
        if (p == NULL) {
            __atomic_add_fetch(&StressErrors, 1, __ATOMIC_RELAXED);
            continue;
        }
        /* Stamp the block with its size so the freeing thread can check nobody else wrote it. */
        memcpy(p, &size, sizeof size);
        memset(p + sizeof size, (int)(size & 0xFF), size > sizeof size ? size - sizeof size : 0);
        old = __atomic_exchange_n(&StressSlots[slot], p, __ATOMIC_ACQ_REL);
        if (old != NULL) {
            SIZE_T osize;
            memcpy(&osize, old, sizeof osize);
            if (osize > sizeof osize && old[osize - 1] != (UCHAR)(osize & 0xFF))
                __atomic_add_fetch(&StressErrors, 1, __ATOMIC_RELAXED);
            ExFreePoolWithTag(old, STRESS_TAG);
        }
    }
    return NULL;
}

static void ex_pool_internal_test_multithreaded_stress(KTEST *t)
{
    pthread_t th[STRESS_THREADS];
    EXP_POOL_TAG_USAGE u;
    ULONG i;

    for (i = 0; i < STRESS_THREADS; i++)
        KT_ASSERT_EQ(t, pthread_create(&th[i], NULL, StressThread, (void *)(ULONG_PTR)(i + 1)), 0);
    for (i = 0; i < STRESS_THREADS; i++)
        pthread_join(th[i], NULL);
    KT_EXPECT_EQ(t, StressErrors, 0);
    for (i = 0; i < STRESS_SLOTS; i++)
        if (StressSlots[i] != NULL)
            ExFreePoolWithTag(StressSlots[i], STRESS_TAG);
    /* The exited threads' counters were folded into the shared table. */
    ExpQueryPoolTagUsage(STRESS_TAG, &u);
    KT_EXPECT_EQ(t, u.Allocs[0] + u.Allocs[1], (ULONG64)STRESS_THREADS * STRESS_ITERS);
    KT_EXPECT_EQ(t, u.Frees[0] + u.Frees[1], (ULONG64)STRESS_THREADS * STRESS_ITERS);
    KT_EXPECT_EQ(t, u.Bytes[0] + u.Bytes[1], 0);
}

static void *LeakOnThread(void *Arg)
{
    *(PVOID *)Arg = ExAllocatePoolWithTag(NonPagedPoolNx, 77, TAG('T', 'x', 'i', 't'));
    return NULL;
}

static void ex_pool_internal_test_block_outlives_its_thread(KTEST *t)
{
    PVOID p = NULL;
    pthread_t th;
    EXP_POOL_TAG_USAGE u;

    KT_ASSERT_EQ(t, pthread_create(&th, NULL, LeakOnThread, &p), 0);
    pthread_join(th, NULL);
    KT_ASSERT_TRUE(t, p != NULL);
    ExpQueryPoolTagUsage(TAG('T', 'x', 'i', 't'), &u);
    KT_EXPECT_EQ(t, u.Allocs[0], 1);
    KT_EXPECT_EQ(t, u.Bytes[0], 77);
    ExFreePool(p);
    ExpPoolFlushThreadCache();
    ExpQueryPoolTagUsage(TAG('T', 'x', 'i', 't'), &u);
    KT_EXPECT_EQ(t, u.Frees[0], 1);
    KT_EXPECT_EQ(t, u.Bytes[0], 0);
}

/* ---- Executable pool --------------------------------------------------------------------- */

/* The protection of the host mapping that holds Address, from /proc/self/maps ("rwxp"). */
static BOOLEAN MappingIsExecutable(const void *Address, BOOLEAN *Found)
{
    char line[512], perms[8];
    unsigned long long lo, hi, a = (unsigned long long)(ULONG_PTR)Address;
    FILE *f = fopen("/proc/self/maps", "r");
    BOOLEAN exec = FALSE;

    *Found = FALSE;
    if (f == NULL)
        return FALSE;
    while (fgets(line, sizeof line, f) != NULL) {
        if (sscanf(line, "%llx-%llx %7s", &lo, &hi, perms) == 3 && a >= lo && a < hi) {
            *Found = TRUE;
            exec = perms[2] == 'x';
            break;
        }
    }
    fclose(f);
    return exec;
}

typedef int (*RETURN_INT)(void);

/* Writes "mov eax, Value; ret" at Code and runs it. */
static int RunCode(PUCHAR Code, int Value)
{
    RETURN_INT fn;
    Code[0] = 0xB8;
    memcpy(Code + 1, &Value, sizeof Value);
    Code[5] = 0xC3;
    __builtin___clear_cache((char *)Code, (char *)Code + 6);
    fn = (RETURN_INT)(ULONG_PTR)Code;
    return fn();
}

static void ex_pool_internal_test_executable_pool_runs_code(KTEST *t)
{
    const ULONG tag = TAG('T', 'x', 'e', 'P');
    PUCHAR blocks[5];
    BOOLEAN found;
    ULONG i;

    blocks[0] = ExAllocatePool2(POOL_FLAG_NON_PAGED_EXECUTE, 64, tag);
    blocks[1] = ExAllocatePoolWithTag(NonPagedPoolExecute, 200, tag);
    blocks[2] = ExAllocatePoolWithTag(NonPagedPoolCacheAligned, 100, tag);   /* not NX */
    blocks[3] = ExAllocatePool2(POOL_FLAG_NON_PAGED_EXECUTE, 3 * PAGE_SIZE, tag);
    blocks[4] = ExAllocatePoolWithTag(NonPagedPoolExecute, 20 * PAGE_SIZE, tag);
    for (i = 0; i < RTL_NUMBER_OF(blocks); i++) {
        KT_ASSERT_TRUE(t, blocks[i] != NULL);
        KT_EXPECT_TRUE(t, ExpIsPoolAddress(blocks[i]));
        KT_EXPECT_TRUE(t, MappingIsExecutable(blocks[i], &found));
        KT_EXPECT_TRUE(t, found);
        KT_EXPECT_EQ(t, RunCode(blocks[i], 1000 + (int)i), 1000 + (int)i);
    }
    /* The last byte of a large block is in the same executable range. */
    KT_EXPECT_TRUE(t, MappingIsExecutable(blocks[4] + 20 * PAGE_SIZE - 1, &found));
    for (i = 0; i < RTL_NUMBER_OF(blocks); i++)
        ExFreePoolWithTag(blocks[i], tag);
    /* Freed and allocated again (from the thread cache): still executable. */
    blocks[0] = ExAllocatePool2(POOL_FLAG_NON_PAGED_EXECUTE, 64, tag);
    KT_ASSERT_TRUE(t, blocks[0] != NULL);
    KT_EXPECT_EQ(t, RunCode(blocks[0], 77), 77);
    ExFreePool(blocks[0]);
}

static void ex_pool_internal_test_nx_pool_is_not_executable(KTEST *t)
{
    const ULONG tag = TAG('T', 'x', 'n', 'P');
    PUCHAR blocks[8];
    BOOLEAN found;
    ULONG i;

    blocks[0] = ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, tag);
    blocks[1] = ExAllocatePool2(POOL_FLAG_PAGED, 64, tag);
    blocks[2] = ExAllocatePoolWithTag(NonPagedPoolNx, 300, tag);
    blocks[3] = ExAllocatePoolWithTag(PagedPool, 300, tag);
    blocks[4] = ExAllocatePoolWithTag(NonPagedPoolNxCacheAligned, 100, tag);
    blocks[5] = ExAllocatePoolWithTag(PagedPoolCacheAligned, 100, tag);
    blocks[6] = ExAllocatePoolWithTag(NonPagedPoolNx, 5 * PAGE_SIZE, tag);
    blocks[7] = ExAllocatePool2(POOL_FLAG_PAGED, 20 * PAGE_SIZE, tag);
    for (i = 0; i < RTL_NUMBER_OF(blocks); i++) {
        KT_ASSERT_TRUE(t, blocks[i] != NULL);
        KT_EXPECT_FALSE(t, MappingIsExecutable(blocks[i], &found));
        KT_EXPECT_TRUE(t, found);
        blocks[i][0] = 0xC3;            /* writable */
    }
    for (i = 0; i < RTL_NUMBER_OF(blocks); i++)
        ExFreePoolWithTag(blocks[i], tag);
}

/* ---- Merging of freed page runs -------------------------------------------------------- */

#define RUN_DATA_PAGES 37               /* + the header page: 38-page runs */
#define RUN_BYTES ((RUN_DATA_PAGES + 1) * PAGE_SIZE)

static void ex_pool_internal_test_freed_runs_merge(KTEST *t)
{
    const ULONG tag = TAG('T', 'm', 'r', 'P');
    PUCHAR held[24] = { 0 }, a = NULL, b = NULL, c = NULL;
    PVOID start, startB, startC;
    SIZE_T bytes, bytesB, bytesC;
    ULONG i, n = 0;

    /* Three adjacent runs: consecutive allocations usually are (fresh pages are carved in
       order); keep trying, holding what did not fit, until three are. */
    for (i = 0; i < 8 && a == NULL; i++) {
        PUCHAR x = ExAllocatePoolWithTag(NonPagedPoolNx, RUN_DATA_PAGES * PAGE_SIZE, tag);
        PUCHAR y = ExAllocatePoolWithTag(NonPagedPoolNx, RUN_DATA_PAGES * PAGE_SIZE, tag);
        PUCHAR z = ExAllocatePoolWithTag(NonPagedPoolNx, RUN_DATA_PAGES * PAGE_SIZE, tag);
        KT_ASSERT_TRUE(t, x != NULL && y != NULL && z != NULL);
        if (y == x + RUN_BYTES && z == y + RUN_BYTES) {
            a = x;
            b = y;
            c = z;
        } else {
            held[n++] = x;
            held[n++] = y;
            held[n++] = z;
        }
    }
    KT_ASSERT_TRUE(t, a != NULL);
    KT_EXPECT_FALSE(t, ExpPoolFindFreeRun(a, &start, &bytes));

    ExFreePoolWithTag(a, tag);
    KT_ASSERT_TRUE(t, ExpPoolFindFreeRun(a, &start, &bytes));
    KT_EXPECT_TRUE(t, (PUCHAR)start <= a - PAGE_SIZE);
    KT_EXPECT_FALSE(t, ExpPoolFindFreeRun(b, &startB, &bytesB));   /* b is live */

    ExFreePoolWithTag(c, tag);
    KT_ASSERT_TRUE(t, ExpPoolFindFreeRun(c, &startC, &bytesC));
    KT_EXPECT_TRUE(t, (PUCHAR)start + bytes <= b - PAGE_SIZE);   /* a's run ends before b */
    KT_EXPECT_TRUE(t, (PUCHAR)startC == c - PAGE_SIZE);          /* c's starts after b */

    /* Freeing b joins the three into one run (with any free neighbours). */
    ExFreePoolWithTag(b, tag);
    KT_ASSERT_TRUE(t, ExpPoolFindFreeRun(b, &startB, &bytesB));
    KT_EXPECT_TRUE(t, (PUCHAR)startB <= a - PAGE_SIZE);
    KT_EXPECT_TRUE(t, (PUCHAR)startB + bytesB >= c + RUN_DATA_PAGES * PAGE_SIZE);
    KT_ASSERT_TRUE(t, ExpPoolFindFreeRun(a, &start, &bytes));
    KT_EXPECT_PTR_EQ(t, start, startB);
    KT_ASSERT_TRUE(t, ExpPoolFindFreeRun(c + 5, &startC, &bytesC));
    KT_EXPECT_PTR_EQ(t, startC, startB);
    KT_EXPECT_EQ(t, bytesC, bytesB);

    /* A block as big as the three fits in a free run: it is no longer in one. */
    a = ExAllocatePoolWithTag(NonPagedPoolNx, (3 * (RUN_DATA_PAGES + 1) - 1) * PAGE_SIZE, tag);
    KT_ASSERT_TRUE(t, a != NULL);
    KT_EXPECT_FALSE(t, ExpPoolFindFreeRun(a, &start, &bytes));
    ExFreePoolWithTag(a, tag);
    for (i = 0; i < n; i++)
        ExFreePoolWithTag(held[i], tag);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ex_pool_internal_test_is_pool_address),
    KTEST_CASE_ENTRY(ex_pool_internal_test_usage_by_tag),
    KTEST_CASE_ENTRY(ex_pool_internal_test_usage_enumeration),
    KTEST_CASE_ENTRY(ex_pool_internal_test_usage_many_tags),
    KTEST_CASE_ENTRY(ex_pool_internal_test_enumerate_outstanding),
    KTEST_CASE_ENTRY(ex_pool_internal_test_fail_hook),
    KTEST_CASE_ENTRY(ex_pool_internal_test_multithreaded_stress),
    KTEST_CASE_ENTRY(ex_pool_internal_test_block_outlives_its_thread),
    KTEST_CASE_ENTRY(ex_pool_internal_test_executable_pool_runs_code),
    KTEST_CASE_ENTRY(ex_pool_internal_test_nx_pool_is_not_executable),
    KTEST_CASE_ENTRY(ex_pool_internal_test_freed_runs_merge),
    { 0 }
};

KTEST_SUITE(ex_pool_internal, cases);
