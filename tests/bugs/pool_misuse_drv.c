/*
 * PURPOSE: Bug class "pool misuse": freeing with another tag than the allocation's (0xC2
 * BAD_POOL_CALLER, subcode 0xA: address, allocator's tag, tag used) and freeing a block
 * twice (0xC2, subcode 7: 0, header contents, address).
 */
#include "bugs.h"

#define POOL_TAG_REQUEST 'qRgB'
#define POOL_TAG_BUFFER  'fBgB'

static DECLSPEC_NOINLINE VOID PoolFreeWithWrongTag(void *Context)
{
    PVOID *Block = Context;

    *Block = ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, POOL_TAG_REQUEST);
    if (*Block != NULL)
        ExFreePoolWithTag(*Block, POOL_TAG_BUFFER);   /* BUG: allocated as a request */
}

static DECLSPEC_NOINLINE VOID PoolFreeTwice(void *Context)
{
    PVOID *Block = Context;

    *Block = ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, POOL_TAG_REQUEST);
    if (*Block == NULL)
        return;
    ExFreePoolWithTag(*Block, POOL_TAG_REQUEST);
    ExFreePoolWithTag(*Block, POOL_TAG_REQUEST);      /* BUG: freed already */
}

static void bugs_pool_test_tag_mismatch_bugchecks_0xc2_0xa(KTEST *t)
{
    PVOID Block = NULL;
    KMODE_BUGCHECK bc;

    if (BugsCatch(t, PoolFreeWithWrongTag, &Block, &bc)) {
        BUGS_EXPECT_BUGCHECK(t, bc, BAD_POOL_CALLER, 0xA, Block, POOL_TAG_REQUEST, POOL_TAG_BUFFER);
        BUGS_EXPECT_BLAMES(t, bc, "PoolFreeWithWrongTag");
        KT_EXPECT_CONTAINS(t, bc.Report, "the current thread freed pool with the wrong tag");
        ExFreePoolWithTag(Block, POOL_TAG_REQUEST);
    }
}

static void bugs_pool_test_double_free_bugchecks_0xc2_0x7(KTEST *t)
{
    PVOID Block = NULL;
    KMODE_BUGCHECK bc;

    if (BugsCatch(t, PoolFreeTwice, &Block, &bc)) {
        KT_EXPECT_EQ(t, bc.Code, BAD_POOL_CALLER);
        KT_EXPECT_EQ(t, bc.Parameter1, 7);
        KT_EXPECT_EQ(t, bc.Parameter2, 0);
        KT_EXPECT_NE(t, bc.Parameter3, 0);            /* the pool header's contents */
        KT_EXPECT_EQ(t, bc.Parameter4, (ULONG_PTR)Block);
        BUGS_EXPECT_BLAMES(t, bc, "PoolFreeTwice");
        KT_EXPECT_CONTAINS(t, bc.Report, "Double free");
    }
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(bugs_pool_test_tag_mismatch_bugchecks_0xc2_0xa),
    KTEST_CASE_ENTRY(bugs_pool_test_double_free_bugchecks_0xc2_0x7),
    { 0 },
};
KTEST_SUITE(bugs_pool, cases);
