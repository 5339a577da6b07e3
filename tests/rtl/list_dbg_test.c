/*
 * PURPOSE: Checked-build list checks: with DBG nonzero the insert and remove-head/tail
 * helpers also verify the list head's own neighbours (RtlpCheckListEntry), as in the WDK.
 */
#define DBG 1
#include <wdm.h>
#include <kmode/bugcheck.h>
#include "ktest.h"

typedef struct _DBG_CTX {
    LIST_ENTRY Head, A, B, Stray;
} DBG_CTX;

static void do_insert_tail(void *ctx)
{
    DBG_CTX *c = (DBG_CTX *)ctx;
    InsertTailList(&c->Head, &c->Stray);
}

static void rtl_list_dbg_test_insert_tail_checks_head_in_checked_build(KTEST *t)
{
    DBG_CTX c;
    KMODE_BUGCHECK bc;

    InitializeListHead(&c.Head);
    InsertTailList(&c.Head, &c.A);
    InsertTailList(&c.Head, &c.B);
    /* Break the link the free build does not look at: Head->Flink->Blink. */
    c.A.Blink = &c.Stray;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(do_insert_tail, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, 0x139);
    KT_EXPECT_EQ(t, bc.Parameter1, FAST_FAIL_CORRUPT_LIST_ENTRY);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(rtl_list_dbg_test_insert_tail_checks_head_in_checked_build),
    { 0 },
};
KTEST_SUITE(rtl_list_dbg, cases);
