/*
 * PURPOSE: Tests for the LIST_ENTRY / SINGLE_LIST_ENTRY helpers of wdm.h, their integrity
 * checks (bugcheck 0x139, Arg1 = FAST_FAIL_CORRUPT_LIST_ENTRY) and RtlFailFast.
 *
 * Not covered: concurrent use (the helpers are not interlocked, as on Windows).
 */
#include <string.h>
#include <wdm.h>
#include <kmode/bugcheck.h>
#include "ktest.h"

typedef struct _ITEM {
    ULONG Value;
    LIST_ENTRY Link;
    SINGLE_LIST_ENTRY SLink;
} ITEM;

/* Collects the Values of a list, head to tail, into Out (at most Max); returns the count. */
static ULONG list_values(PLIST_ENTRY Head, ULONG *Out, ULONG Max)
{
    ULONG n = 0;
    for (PLIST_ENTRY e = Head->Flink; e != Head && n < Max; e = e->Flink)
        Out[n++] = CONTAINING_RECORD(e, ITEM, Link)->Value;
    return n;
}

/* The same, tail to head, following Blink: proves both directions are consistent. */
static ULONG list_values_backward(PLIST_ENTRY Head, ULONG *Out, ULONG Max)
{
    ULONG n = 0;
    for (PLIST_ENTRY e = Head->Blink; e != Head && n < Max; e = e->Blink)
        Out[n++] = CONTAINING_RECORD(e, ITEM, Link)->Value;
    return n;
}

static void init_items(ITEM *Items, ULONG Count)
{
    memset(Items, 0, sizeof(ITEM) * Count);
    for (ULONG i = 0; i < Count; i++)
        Items[i].Value = i + 1;
}

/* ---- Normal operation ------------------------------------------------------------------ */

static void rtl_list_test_initialize_makes_empty_list(KTEST *t)
{
    LIST_ENTRY head = { NULL, NULL };

    InitializeListHead(&head);
    KT_EXPECT_PTR_EQ(t, head.Flink, &head);
    KT_EXPECT_PTR_EQ(t, head.Blink, &head);
    KT_EXPECT_TRUE(t, IsListEmpty(&head));
}

static void rtl_list_test_static_list_head_is_empty(KTEST *t)
{
    static RTL_STATIC_LIST_HEAD(head);

    KT_EXPECT_TRUE(t, IsListEmpty(&head));
    KT_EXPECT_PTR_EQ(t, head.Blink, &head);
}

static void rtl_list_test_insert_tail_keeps_order(KTEST *t)
{
    LIST_ENTRY head;
    ITEM items[4];
    ULONG v[8], b[8];

    init_items(items, 4);
    InitializeListHead(&head);
    for (int i = 0; i < 4; i++)
        InsertTailList(&head, &items[i].Link);

    KT_EXPECT_FALSE(t, IsListEmpty(&head));
    KT_ASSERT_EQ(t, list_values(&head, v, 8), 4);
    KT_EXPECT_EQ(t, v[0], 1);
    KT_EXPECT_EQ(t, v[3], 4);
    KT_ASSERT_EQ(t, list_values_backward(&head, b, 8), 4);
    KT_EXPECT_EQ(t, b[0], 4);
    KT_EXPECT_EQ(t, b[3], 1);
    /* The new entry's links point at the head and at the previous last entry. */
    KT_EXPECT_PTR_EQ(t, items[3].Link.Flink, &head);
    KT_EXPECT_PTR_EQ(t, items[3].Link.Blink, &items[2].Link);
}

static void rtl_list_test_insert_head_reverses_order(KTEST *t)
{
    LIST_ENTRY head;
    ITEM items[3];
    ULONG v[8];

    init_items(items, 3);
    InitializeListHead(&head);
    for (int i = 0; i < 3; i++)
        InsertHeadList(&head, &items[i].Link);

    KT_ASSERT_EQ(t, list_values(&head, v, 8), 3);
    KT_EXPECT_EQ(t, v[0], 3);
    KT_EXPECT_EQ(t, v[1], 2);
    KT_EXPECT_EQ(t, v[2], 1);
    KT_EXPECT_PTR_EQ(t, items[2].Link.Blink, &head);
}

static void rtl_list_test_remove_entry_reports_empty(KTEST *t)
{
    LIST_ENTRY head;
    ITEM items[3];
    ULONG v[8];

    init_items(items, 3);
    InitializeListHead(&head);
    for (int i = 0; i < 3; i++)
        InsertTailList(&head, &items[i].Link);

    /* Middle, then first: the list is not empty yet. */
    KT_EXPECT_FALSE(t, RemoveEntryList(&items[1].Link));
    KT_ASSERT_EQ(t, list_values(&head, v, 8), 2);
    KT_EXPECT_EQ(t, v[0], 1);
    KT_EXPECT_EQ(t, v[1], 3);
    KT_EXPECT_FALSE(t, RemoveEntryList(&items[0].Link));
    /* Last one: RemoveEntryList returns TRUE ("list is now empty"). */
    KT_EXPECT_TRUE(t, RemoveEntryList(&items[2].Link));
    KT_EXPECT_TRUE(t, IsListEmpty(&head));
    KT_EXPECT_PTR_EQ(t, head.Blink, &head);
}

static void rtl_list_test_remove_head_and_tail_return_ends(KTEST *t)
{
    LIST_ENTRY head;
    ITEM items[4];
    ULONG v[8];

    init_items(items, 4);
    InitializeListHead(&head);
    for (int i = 0; i < 4; i++)
        InsertTailList(&head, &items[i].Link);

    KT_EXPECT_PTR_EQ(t, RemoveHeadList(&head), &items[0].Link);
    KT_EXPECT_PTR_EQ(t, RemoveTailList(&head), &items[3].Link);
    KT_ASSERT_EQ(t, list_values(&head, v, 8), 2);
    KT_EXPECT_EQ(t, v[0], 2);
    KT_EXPECT_EQ(t, v[1], 3);
    KT_EXPECT_PTR_EQ(t, RemoveTailList(&head), &items[2].Link);
    KT_EXPECT_PTR_EQ(t, RemoveHeadList(&head), &items[1].Link);
    KT_EXPECT_TRUE(t, IsListEmpty(&head));
}

static void rtl_list_test_remove_head_of_empty_list_returns_head(KTEST *t)
{
    LIST_ENTRY head;

    /* As on Windows: no check fails, the head itself comes back and the list stays empty. */
    InitializeListHead(&head);
    KT_EXPECT_PTR_EQ(t, RemoveHeadList(&head), &head);
    KT_EXPECT_PTR_EQ(t, RemoveTailList(&head), &head);
    KT_EXPECT_TRUE(t, IsListEmpty(&head));
}

static void rtl_list_test_remove_entry_unsafe_unlinks(KTEST *t)
{
    LIST_ENTRY head;
    ITEM items[2];

    init_items(items, 2);
    InitializeListHead(&head);
    InsertTailList(&head, &items[0].Link);
    InsertTailList(&head, &items[1].Link);
    KT_EXPECT_FALSE(t, RemoveEntryListUnsafe(&items[0].Link));
    KT_EXPECT_TRUE(t, RemoveEntryListUnsafe(&items[1].Link));
    KT_EXPECT_TRUE(t, IsListEmpty(&head));
}

static void rtl_list_test_append_tail_list_splices_ring(KTEST *t)
{
    LIST_ENTRY head;
    LIST_ENTRY other;
    ITEM items[5];
    ULONG v[8], b[8];

    init_items(items, 5);
    InitializeListHead(&head);
    InitializeListHead(&other);
    InsertTailList(&head, &items[0].Link);
    InsertTailList(&head, &items[1].Link);
    InsertTailList(&other, &items[2].Link);
    InsertTailList(&other, &items[3].Link);
    InsertTailList(&other, &items[4].Link);

    /* The usual idiom: detach the other list's head, then append its first entry as a ring. */
    PLIST_ENTRY ring = other.Flink;
    RemoveEntryList(&other);
    AppendTailList(&head, ring);

    KT_ASSERT_EQ(t, list_values(&head, v, 8), 5);
    for (ULONG i = 0; i < 5; i++)
        KT_EXPECT_EQ(t, v[i], i + 1);
    KT_ASSERT_EQ(t, list_values_backward(&head, b, 8), 5);
    KT_EXPECT_EQ(t, b[0], 5);
    KT_EXPECT_EQ(t, b[4], 1);
}

static void rtl_list_test_append_to_empty_list(KTEST *t)
{
    LIST_ENTRY head;
    LIST_ENTRY other;
    ITEM items[2];
    ULONG v[4];

    init_items(items, 2);
    InitializeListHead(&head);
    InitializeListHead(&other);
    InsertTailList(&other, &items[0].Link);
    InsertTailList(&other, &items[1].Link);
    PLIST_ENTRY ring = other.Flink;
    RemoveEntryList(&other);
    AppendTailList(&head, ring);
    KT_ASSERT_EQ(t, list_values(&head, v, 4), 2);
    KT_EXPECT_EQ(t, v[0], 1);
    KT_EXPECT_EQ(t, v[1], 2);
    KT_EXPECT_PTR_EQ(t, head.Blink, &items[1].Link);
}

static void rtl_list_test_push_pop_is_lifo(KTEST *t)
{
    SINGLE_LIST_ENTRY head = { NULL };
    ITEM items[3];

    init_items(items, 3);
    KT_EXPECT_PTR_EQ(t, PopEntryList(&head), NULL);
    for (int i = 0; i < 3; i++)
        PushEntryList(&head, &items[i].SLink);
    KT_EXPECT_EQ(t, CONTAINING_RECORD(PopEntryList(&head), ITEM, SLink)->Value, 3);
    KT_EXPECT_EQ(t, CONTAINING_RECORD(PopEntryList(&head), ITEM, SLink)->Value, 2);
    KT_EXPECT_EQ(t, CONTAINING_RECORD(PopEntryList(&head), ITEM, SLink)->Value, 1);
    KT_EXPECT_PTR_EQ(t, PopEntryList(&head), NULL);
    KT_EXPECT_PTR_EQ(t, head.Next, NULL);
}

/* ---- Corruption: each check bugchecks 0x139 with Arg1 = 3 ------------------------------- */

typedef struct _CORRUPT_CTX {
    LIST_ENTRY Head;
    ITEM Items[3];
    LIST_ENTRY Stray;
} CORRUPT_CTX;

static void corrupt_ctx_init(CORRUPT_CTX *c)
{
    init_items(c->Items, 3);
    InitializeListHead(&c->Head);
    for (int i = 0; i < 3; i++)
        InsertTailList(&c->Head, &c->Items[i].Link);
    InitializeListHead(&c->Stray);
}

static void do_remove_middle(void *ctx)
{
    CORRUPT_CTX *c = (CORRUPT_CTX *)ctx;
    RemoveEntryList(&c->Items[1].Link);
}

static void do_double_remove(void *ctx)
{
    CORRUPT_CTX *c = (CORRUPT_CTX *)ctx;
    RemoveEntryList(&c->Items[1].Link);
    RemoveEntryList(&c->Items[1].Link); /* the classic bug: its neighbours no longer point back */
}

static void do_insert_tail(void *ctx)
{
    CORRUPT_CTX *c = (CORRUPT_CTX *)ctx;
    InsertTailList(&c->Head, &c->Stray);
}

static void do_insert_head(void *ctx)
{
    CORRUPT_CTX *c = (CORRUPT_CTX *)ctx;
    InsertHeadList(&c->Head, &c->Stray);
}

static void do_remove_head(void *ctx)
{
    CORRUPT_CTX *c = (CORRUPT_CTX *)ctx;
    RemoveHeadList(&c->Head);
}

static void do_remove_tail(void *ctx)
{
    CORRUPT_CTX *c = (CORRUPT_CTX *)ctx;
    RemoveTailList(&c->Head);
}

static void do_append_tail(void *ctx)
{
    CORRUPT_CTX *c = (CORRUPT_CTX *)ctx;
    AppendTailList(&c->Head, &c->Stray);
}

/* Runs Routine, expects the list-corruption bugcheck, and checks every parameter. */
static void expect_list_corruption(KTEST *t, PKMODE_CATCH_ROUTINE Routine, CORRUPT_CTX *c)
{
    KMODE_BUGCHECK bc;

    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(Routine, c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, KERNEL_SECURITY_CHECK_FAILURE);
    KT_EXPECT_EQ(t, bc.Parameter1, FAST_FAIL_CORRUPT_LIST_ENTRY);
    KT_EXPECT_EQ(t, bc.Parameter2, 0);          /* no trap frame in kmode */
    KT_EXPECT_NE(t, bc.Parameter3, 0);          /* the exception record */
    KT_EXPECT_EQ(t, bc.Parameter4, 0);
    KT_EXPECT_CONTAINS(t, bc.Report, "KERNEL_SECURITY_CHECK_FAILURE (139)");
    KT_EXPECT_CONTAINS(t, bc.Report, "FAST_FAIL_CORRUPT_LIST_ENTRY");
}

static void rtl_list_test_remove_with_broken_flink_back_link_bugchecks(KTEST *t)
{
    CORRUPT_CTX c;

    corrupt_ctx_init(&c);
    c.Items[2].Link.Blink = &c.Stray;   /* Entry->Flink->Blink != Entry */
    expect_list_corruption(t, do_remove_middle, &c);
    /* The check runs before any write: the neighbours are untouched. */
    KT_EXPECT_PTR_EQ(t, c.Items[0].Link.Flink, &c.Items[1].Link);
}

static void rtl_list_test_remove_with_broken_blink_forward_link_bugchecks(KTEST *t)
{
    CORRUPT_CTX c;

    corrupt_ctx_init(&c);
    c.Items[0].Link.Flink = &c.Stray;   /* Entry->Blink->Flink != Entry */
    expect_list_corruption(t, do_remove_middle, &c);
    KT_EXPECT_PTR_EQ(t, c.Items[2].Link.Blink, &c.Items[1].Link);
}

static void rtl_list_test_double_remove_bugchecks(KTEST *t)
{
    CORRUPT_CTX c;
    ULONG v[4];

    corrupt_ctx_init(&c);
    expect_list_corruption(t, do_double_remove, &c);
    /* The first removal completed; the second was stopped before it wrote anything. */
    KT_ASSERT_EQ(t, list_values(&c.Head, v, 4), 2);
    KT_EXPECT_EQ(t, v[0], 1);
    KT_EXPECT_EQ(t, v[1], 3);
}

static void rtl_list_test_insert_tail_with_corrupt_last_entry_bugchecks(KTEST *t)
{
    CORRUPT_CTX c;

    corrupt_ctx_init(&c);
    c.Items[2].Link.Flink = &c.Items[0].Link;   /* ListHead->Blink->Flink != ListHead */
    expect_list_corruption(t, do_insert_tail, &c);
    KT_EXPECT_PTR_EQ(t, c.Head.Blink, &c.Items[2].Link);
}

static void rtl_list_test_insert_head_with_corrupt_first_entry_bugchecks(KTEST *t)
{
    CORRUPT_CTX c;

    corrupt_ctx_init(&c);
    c.Items[0].Link.Blink = &c.Items[2].Link;   /* ListHead->Flink->Blink != ListHead */
    expect_list_corruption(t, do_insert_head, &c);
    KT_EXPECT_PTR_EQ(t, c.Head.Flink, &c.Items[0].Link);
}

static void rtl_list_test_remove_head_with_corrupt_links_bugchecks(KTEST *t)
{
    CORRUPT_CTX c;

    corrupt_ctx_init(&c);
    c.Items[1].Link.Blink = &c.Stray;   /* First->Flink->Blink != First */
    expect_list_corruption(t, do_remove_head, &c);

    corrupt_ctx_init(&c);
    c.Items[0].Link.Blink = &c.Stray;   /* First->Blink != ListHead */
    expect_list_corruption(t, do_remove_head, &c);
}

static void rtl_list_test_remove_tail_with_corrupt_links_bugchecks(KTEST *t)
{
    CORRUPT_CTX c;

    corrupt_ctx_init(&c);
    c.Items[1].Link.Flink = &c.Stray;   /* Last->Blink->Flink != Last */
    expect_list_corruption(t, do_remove_tail, &c);

    corrupt_ctx_init(&c);
    c.Items[2].Link.Flink = &c.Stray;   /* Last->Flink != ListHead */
    expect_list_corruption(t, do_remove_tail, &c);
}

static void rtl_list_test_append_with_corrupt_list_bugchecks(KTEST *t)
{
    CORRUPT_CTX c;

    corrupt_ctx_init(&c);
    c.Stray.Flink = &c.Items[0].Link;   /* the appended ring is inconsistent */
    expect_list_corruption(t, do_append_tail, &c);

    corrupt_ctx_init(&c);
    c.Items[0].Link.Blink = &c.Stray;   /* the head's neighbours are inconsistent */
    expect_list_corruption(t, do_append_tail, &c);
}

static void rtl_list_test_free_build_insert_tail_ignores_head_flink(KTEST *t)
{
    CORRUPT_CTX c;
    KMODE_BUGCHECK bc;

    /* Free build (DBG unset): InsertTailList checks only ListHead->Blink->Flink, so a broken
       ListHead->Flink->Blink goes unnoticed (the checked-build test shows the difference). */
    corrupt_ctx_init(&c);
    c.Items[0].Link.Blink = &c.Stray;
    KT_EXPECT_FALSE(t, KmodeCatchBugCheck(do_insert_tail, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_PTR_EQ(t, c.Head.Blink, &c.Stray);
}

static void rtl_list_test_exception_record_describes_fast_fail(KTEST *t)
{
    CORRUPT_CTX c;
    KMODE_BUGCHECK bc;

    corrupt_ctx_init(&c);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(do_double_remove, &c, KMODE_CATCH_QUIET, &bc));
    KT_ASSERT_TRUE(t, bc.Parameter3 != 0);

    /* Windows x64 EXCEPTION_RECORD: code, flags, nested record, address, count, info[15]. */
    const unsigned char *rec = (const unsigned char *)bc.Parameter3;
    ULONG code, flags, count;
    PVOID nested, address;
    ULONG_PTR info0;
    memcpy(&code, rec + 0, 4);
    memcpy(&flags, rec + 4, 4);
    memcpy(&nested, rec + 8, 8);
    memcpy(&address, rec + 16, 8);
    memcpy(&count, rec + 24, 4);
    memcpy(&info0, rec + 32, 8);
    KT_EXPECT_EQ(t, code, 0xC0000409);          /* STATUS_STACK_BUFFER_OVERRUN */
    KT_EXPECT_EQ(t, flags, 1);                  /* EXCEPTION_NONCONTINUABLE */
    KT_EXPECT_PTR_EQ(t, nested, NULL);
    KT_EXPECT_TRUE(t, address != NULL);
    KT_EXPECT_EQ(t, count, 1);
    KT_EXPECT_EQ(t, info0, FAST_FAIL_CORRUPT_LIST_ENTRY);
}

static void rtl_list_test_report_blames_the_caller(KTEST *t)
{
    CORRUPT_CTX c;
    KMODE_BUGCHECK bc;

    corrupt_ctx_init(&c);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(do_double_remove, &c, KMODE_CATCH_QUIET, &bc));
    /* The helpers are inline, so the failing call sits in the caller's own code: the report
       blames the test executable (the "driver"), not the kmode runtime. */
    KT_EXPECT_CONTAINS(t, bc.Report, "FAULTING_IP:\ntest-rtl!");
}

/* ---- RtlFailFast with other codes -------------------------------------------------------- */

static void do_fail_fast_invalid_arg(void *ctx)
{
    (void)ctx;
    RtlFailFast(FAST_FAIL_INVALID_ARG);
}

static void do_fastfail_intrinsic(void *ctx)
{
    __fastfail(*(unsigned int *)ctx);
}

static void rtl_list_test_fail_fast_passes_code_as_arg1(KTEST *t)
{
    KMODE_BUGCHECK bc;
    unsigned int code = FAST_FAIL_RANGE_CHECK_FAILURE;

    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(do_fail_fast_invalid_arg, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, 0x139);
    KT_EXPECT_EQ(t, bc.Parameter1, 5);

    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(do_fastfail_intrinsic, &code, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, 0x139);
    KT_EXPECT_EQ(t, bc.Parameter1, 8);
}

static void rtl_list_test_fast_fail_code_values(KTEST *t)
{
    KT_EXPECT_EQ(t, FAST_FAIL_LEGACY_GS_VIOLATION, 0);
    KT_EXPECT_EQ(t, FAST_FAIL_VTGUARD_CHECK_FAILURE, 1);
    KT_EXPECT_EQ(t, FAST_FAIL_STACK_COOKIE_CHECK_FAILURE, 2);
    KT_EXPECT_EQ(t, FAST_FAIL_CORRUPT_LIST_ENTRY, 3);
    KT_EXPECT_EQ(t, FAST_FAIL_INVALID_ARG, 5);
    KT_EXPECT_EQ(t, FAST_FAIL_INVALID_REFERENCE_COUNT, 14);
    KT_EXPECT_EQ(t, FAST_FAIL_INVALID_JUMP_BUFFER, 18);
    KT_EXPECT_EQ(t, FAST_FAIL_INVALID_BALANCED_TREE, 29);
    KT_EXPECT_EQ(t, FAST_FAIL_GUARD_JUMPTABLE, 37);
    KT_EXPECT_EQ(t, FAST_FAIL_INVALID_FAST_FAIL_CODE, 0xFFFFFFFFu);
}

static void do_uncaught_double_remove(void *ctx)
{
    CORRUPT_CTX c;
    (void)ctx;
    corrupt_ctx_init(&c);
    do_double_remove(&c);
}

static void rtl_list_test_uncaught_corruption_ends_process_with_bugcheck(KTEST *t)
{
    char out[16384];
    int status = ktest_run_isolated(do_uncaught_double_remove, NULL, out, sizeof out);

    KT_EXPECT_EQ(t, status, KMODE_BUGCHECK_EXIT_STATUS);
    KT_EXPECT_CONTAINS(t, out, "KERNEL_SECURITY_CHECK_FAILURE (139)");
    KT_EXPECT_CONTAINS(t, out, "Arg1: 0000000000000003");
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(rtl_list_test_initialize_makes_empty_list),
    KTEST_CASE_ENTRY(rtl_list_test_static_list_head_is_empty),
    KTEST_CASE_ENTRY(rtl_list_test_insert_tail_keeps_order),
    KTEST_CASE_ENTRY(rtl_list_test_insert_head_reverses_order),
    KTEST_CASE_ENTRY(rtl_list_test_remove_entry_reports_empty),
    KTEST_CASE_ENTRY(rtl_list_test_remove_head_and_tail_return_ends),
    KTEST_CASE_ENTRY(rtl_list_test_remove_head_of_empty_list_returns_head),
    KTEST_CASE_ENTRY(rtl_list_test_remove_entry_unsafe_unlinks),
    KTEST_CASE_ENTRY(rtl_list_test_append_tail_list_splices_ring),
    KTEST_CASE_ENTRY(rtl_list_test_append_to_empty_list),
    KTEST_CASE_ENTRY(rtl_list_test_push_pop_is_lifo),
    KTEST_CASE_ENTRY(rtl_list_test_remove_with_broken_flink_back_link_bugchecks),
    KTEST_CASE_ENTRY(rtl_list_test_remove_with_broken_blink_forward_link_bugchecks),
    KTEST_CASE_ENTRY(rtl_list_test_double_remove_bugchecks),
    KTEST_CASE_ENTRY(rtl_list_test_insert_tail_with_corrupt_last_entry_bugchecks),
    KTEST_CASE_ENTRY(rtl_list_test_insert_head_with_corrupt_first_entry_bugchecks),
    KTEST_CASE_ENTRY(rtl_list_test_remove_head_with_corrupt_links_bugchecks),
    KTEST_CASE_ENTRY(rtl_list_test_remove_tail_with_corrupt_links_bugchecks),
    KTEST_CASE_ENTRY(rtl_list_test_append_with_corrupt_list_bugchecks),
    KTEST_CASE_ENTRY(rtl_list_test_free_build_insert_tail_ignores_head_flink),
    KTEST_CASE_ENTRY(rtl_list_test_exception_record_describes_fast_fail),
    KTEST_CASE_ENTRY(rtl_list_test_report_blames_the_caller),
    KTEST_CASE_ENTRY(rtl_list_test_fail_fast_passes_code_as_arg1),
    KTEST_CASE_ENTRY(rtl_list_test_fast_fail_code_values),
    KTEST_CASE_ENTRY(rtl_list_test_uncaught_corruption_ends_process_with_bugcheck),
    { 0 },
};
KTEST_SUITE(rtl_list, cases);
