/*
 * PURPOSE: Bug class "LIST_ENTRY corruption": removing an entry twice. The second
 * RemoveEntryList finds neighbours that no longer point back: __fastfail, bugcheck 0x139
 * KERNEL_SECURITY_CHECK_FAILURE (3 FAST_FAIL_CORRUPT_LIST_ENTRY, 0, exception record, 0).
 */
#include "bugs.h"

typedef struct {
    LIST_ENTRY Link;
    ULONG Id;
} LIST_REQUEST;

static LIST_ENTRY ListPending;
static LIST_REQUEST ListRequests[3];

static DECLSPEC_NOINLINE VOID ListCancelRequest(LIST_REQUEST *Request)
{
    RemoveEntryList(&Request->Link);
}

static DECLSPEC_NOINLINE VOID ListRemoveTwice(void *Context)
{
    UNREFERENCED_PARAMETER(Context);
    InitializeListHead(&ListPending);
    for (ULONG i = 0; i < 3; i++) {
        ListRequests[i].Id = i;
        InsertTailList(&ListPending, &ListRequests[i].Link);
    }
    ListCancelRequest(&ListRequests[1]);
    ListCancelRequest(&ListRequests[0]);
    ListCancelRequest(&ListRequests[1]);              /* BUG: removed already */
}

static void bugs_list_test_double_remove_bugchecks_0x139(KTEST *t)
{
    KMODE_BUGCHECK bc;

    if (BugsCatch(t, ListRemoveTwice, NULL, &bc)) {
        KT_EXPECT_EQ(t, bc.Code, KERNEL_SECURITY_CHECK_FAILURE);
        KT_EXPECT_EQ(t, bc.Parameter1, FAST_FAIL_CORRUPT_LIST_ENTRY);
        KT_EXPECT_EQ(t, bc.Parameter2, 0);
        KT_EXPECT_NE(t, bc.Parameter3, 0);            /* kmode's exception record */
        KT_EXPECT_EQ(t, bc.Parameter4, 0);
        BUGS_EXPECT_BLAMES(t, bc, "ListCancelRequest");
        KT_EXPECT_CONTAINS(t, bc.Report, "FAST_FAIL_CORRUPT_LIST_ENTRY");
        KT_EXPECT_CONTAINS(t, bc.Report, "removing an entry twice");
    }
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(bugs_list_test_double_remove_bugchecks_0x139),
    { 0 },
};
KTEST_SUITE(bugs_list, cases);
