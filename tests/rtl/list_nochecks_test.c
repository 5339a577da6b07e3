/*
 * PURPOSE: NO_KERNEL_LIST_ENTRY_CHECKS: with it defined before wdm.h, the list helpers do
 * not check links (and so do not bugcheck on corruption), exactly like the WDK's.
 */
#define NO_KERNEL_LIST_ENTRY_CHECKS
#include <wdm.h>
#include <kmode/bugcheck.h>
#include "ktest.h"

#ifdef RtlpCheckListEntry
#error "RtlpCheckListEntry must not exist as a macro"
#endif

typedef struct _NC_CTX {
    LIST_ENTRY Head;
    LIST_ENTRY A, B, C;
    BOOLEAN SecondResult;
} NC_CTX;

static void do_unchecked_double_remove(void *ctx)
{
    NC_CTX *c = (NC_CTX *)ctx;
    RemoveEntryList(&c->B);
    c->SecondResult = RemoveEntryList(&c->B);
}

static void rtl_list_nochecks_test_double_remove_does_not_bugcheck(KTEST *t)
{
    NC_CTX c;
    KMODE_BUGCHECK bc;

    InitializeListHead(&c.Head);
    InsertTailList(&c.Head, &c.A);
    InsertTailList(&c.Head, &c.B);
    InsertTailList(&c.Head, &c.C);
    KT_EXPECT_FALSE(t, KmodeCatchBugCheck(do_unchecked_double_remove, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, 0);
    /* The second removal relinked A and C to each other again: harmless here. */
    KT_EXPECT_PTR_EQ(t, c.A.Flink, &c.C);
    KT_EXPECT_PTR_EQ(t, c.C.Blink, &c.A);
    KT_EXPECT_FALSE(t, c.SecondResult);
}

static void rtl_list_nochecks_test_helpers_still_work(KTEST *t)
{
    LIST_ENTRY head, a, b;

    InitializeListHead(&head);
    InsertHeadList(&head, &a);
    InsertTailList(&head, &b);
    KT_EXPECT_PTR_EQ(t, RemoveHeadList(&head), &a);
    KT_EXPECT_PTR_EQ(t, RemoveTailList(&head), &b);
    KT_EXPECT_TRUE(t, IsListEmpty(&head));
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(rtl_list_nochecks_test_double_remove_does_not_bugcheck),
    KTEST_CASE_ENTRY(rtl_list_nochecks_test_helpers_still_work),
    { 0 },
};
KTEST_SUITE(rtl_list_nochecks, cases);
