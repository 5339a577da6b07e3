/*
 * PURPOSE: Tests for the AVL generic table (RtlXxxGenericTableAvl): the allocation contract,
 * duplicates, ordered enumeration and its restart semantics, indexed access, the Full
 * lookup/insert pair, first-matching lookups, directory-style enumeration, and a 10,000
 * operation randomized run against a reference set with the AVL invariants (order, parent
 * links, balance factors, height) checked by walking the tree after every operation.
 */
#include <stdlib.h>
#include <string.h>
#include <ntddk.h>
#include "ktest.h"

/* ---- A table of LONG keys with an allocator that keeps books ------------------------------ */

typedef struct _BOOKS {
    ULONG Allocations;
    ULONG Frees;
    CLONG LastSize;
    PVOID LastBlock;
    PVOID LastFreed;
    BOOLEAN FailNext;
    BOOLEAN ByTens;      /* compare keys / 10 (for first-matching lookups) */
    ULONG Compares;
} BOOKS;

static RTL_GENERIC_COMPARE_RESULTS NTAPI compare_long(PRTL_AVL_TABLE Table, PVOID First, PVOID Second)
{
    BOOKS *b = (BOOKS *)Table->TableContext;
    LONG x = *(LONG *)First, y = *(LONG *)Second;

    b->Compares++;
    if (b->ByTens) {
        x /= 10;
        y /= 10;
    }
    return x < y ? GenericLessThan : x > y ? GenericGreaterThan : GenericEqual;
}

static PVOID NTAPI allocate_block(PRTL_AVL_TABLE Table, CLONG Size)
{
    BOOKS *b = (BOOKS *)Table->TableContext;

    if (b->FailNext) {
        b->FailNext = FALSE;
        return NULL;
    }
    b->Allocations++;
    b->LastSize = Size;
    b->LastBlock = malloc(Size);
    return b->LastBlock;
}

static VOID NTAPI free_block(PRTL_AVL_TABLE Table, PVOID Block)
{
    BOOKS *b = (BOOKS *)Table->TableContext;

    b->Frees++;
    b->LastFreed = Block;
    free(Block);
}

static void init_table(PRTL_AVL_TABLE Table, BOOKS *Books)
{
    memset(Books, 0, sizeof *Books);
    memset(Table, 0xCC, sizeof *Table);
    RtlInitializeGenericTableAvl(Table, compare_long, allocate_block, free_block, Books);
}

static PVOID insert(PRTL_AVL_TABLE Table, LONG Key, BOOLEAN *New)
{
    return RtlInsertElementGenericTableAvl(Table, &Key, sizeof Key, New);
}

static BOOLEAN delete_key(PRTL_AVL_TABLE Table, LONG Key)
{
    return RtlDeleteElementGenericTableAvl(Table, &Key);
}

static void empty_table(PRTL_AVL_TABLE Table)
{
    PVOID p;
    while ((p = RtlGetElementGenericTableAvl(Table, 0)) != NULL)
        RtlDeleteElementGenericTableAvl(Table, p);
}

/* ---- Invariant checker --------------------------------------------------------------------- */

typedef struct _CHECK {
    KTEST *T;
    PRTL_AVL_TABLE Table;
    ULONG Count;
    LONG Previous;
    BOOLEAN HavePrevious;
    BOOLEAN Failed;
} CHECK;

#define NODE_KEY(n) (*(LONG *)((PUCHAR)(n) + sizeof(RTL_BALANCED_LINKS)))

static int check_subtree(CHECK *c, PRTL_BALANCED_LINKS Node, PRTL_BALANCED_LINKS Parent)
{
    int lh, rh;

    if (Node == NULL || c->Failed)
        return 0;
    if (Node->Parent != Parent) {
        KT_FAIL(c->T, "node %d: wrong parent link", NODE_KEY(Node));
        c->Failed = TRUE;
        return 0;
    }
    lh = check_subtree(c, Node->LeftChild, Node);
    /* In-order position: strictly increasing keys. */
    if (c->HavePrevious && NODE_KEY(Node) <= c->Previous) {
        KT_FAIL(c->T, "order broken at %d after %d", NODE_KEY(Node), c->Previous);
        c->Failed = TRUE;
    }
    c->Previous = NODE_KEY(Node);
    c->HavePrevious = TRUE;
    c->Count++;
    rh = check_subtree(c, Node->RightChild, Node);
    if (rh - lh != Node->Balance || Node->Balance < -1 || Node->Balance > 1) {
        KT_FAIL(c->T, "node %d: balance %d, subtree heights %d/%d", NODE_KEY(Node), Node->Balance, lh, rh);
        c->Failed = TRUE;
    }
    return 1 + (lh > rh ? lh : rh);
}

static BOOLEAN check_avl(KTEST *t, PRTL_AVL_TABLE Table)
{
    CHECK c = { t, Table, 0, 0, FALSE, FALSE };
    int height;

    if (Table->BalancedRoot.Parent != &Table->BalancedRoot || Table->BalancedRoot.LeftChild != NULL) {
        KT_FAIL(t, "sentinel links changed");
        return FALSE;
    }
    height = check_subtree(&c, Table->BalancedRoot.RightChild, &Table->BalancedRoot);
    if (!c.Failed && c.Count != Table->NumberGenericTableElements) {
        KT_FAIL(t, "walked %u nodes, table says %u", c.Count, Table->NumberGenericTableElements);
        c.Failed = TRUE;
    }
    if (!c.Failed && (ULONG)height != Table->DepthOfTree) {
        KT_FAIL(t, "height %d, DepthOfTree %u", height, Table->DepthOfTree);
        c.Failed = TRUE;
    }
    return (BOOLEAN)!c.Failed;
}

/* ---- Tests --------------------------------------------------------------------------------- */

static void rtl_avl_test_layout(KTEST *t)
{
    KT_EXPECT_EQ(t, sizeof(RTL_BALANCED_LINKS), 32);
    KT_EXPECT_EQ(t, FIELD_OFFSET(RTL_BALANCED_LINKS, Balance), 24);
    KT_EXPECT_EQ(t, sizeof(RTL_AVL_TABLE), 104);
    KT_EXPECT_EQ(t, FIELD_OFFSET(RTL_AVL_TABLE, OrderedPointer), 32);
    KT_EXPECT_EQ(t, FIELD_OFFSET(RTL_AVL_TABLE, WhichOrderedElement), 40);
    KT_EXPECT_EQ(t, FIELD_OFFSET(RTL_AVL_TABLE, NumberGenericTableElements), 44);
    KT_EXPECT_EQ(t, FIELD_OFFSET(RTL_AVL_TABLE, DepthOfTree), 48);
    KT_EXPECT_EQ(t, FIELD_OFFSET(RTL_AVL_TABLE, RestartKey), 56);
    KT_EXPECT_EQ(t, FIELD_OFFSET(RTL_AVL_TABLE, DeleteCount), 64);
    KT_EXPECT_EQ(t, FIELD_OFFSET(RTL_AVL_TABLE, CompareRoutine), 72);
    KT_EXPECT_EQ(t, FIELD_OFFSET(RTL_AVL_TABLE, TableContext), 96);
    KT_EXPECT_EQ(t, TableEmptyTree, 0);
    KT_EXPECT_EQ(t, TableInsertAsRight, 3);
    KT_EXPECT_EQ(t, GenericEqual, 2);
}

static void rtl_avl_test_initialize_gives_empty_table(KTEST *t)
{
    RTL_AVL_TABLE table;
    BOOKS books;
    LONG key = 1;
    PVOID restart = NULL;

    init_table(&table, &books);
    KT_EXPECT_TRUE(t, RtlIsGenericTableEmptyAvl(&table));
    KT_EXPECT_EQ(t, RtlNumberGenericTableElementsAvl(&table), 0);
    KT_EXPECT_PTR_EQ(t, table.BalancedRoot.Parent, &table.BalancedRoot);
    KT_EXPECT_PTR_EQ(t, table.BalancedRoot.RightChild, NULL);
    KT_EXPECT_PTR_EQ(t, table.TableContext, &books);
    KT_EXPECT_EQ(t, table.DepthOfTree, 0);
    KT_EXPECT_PTR_EQ(t, RtlLookupElementGenericTableAvl(&table, &key), NULL);
    KT_EXPECT_PTR_EQ(t, RtlEnumerateGenericTableAvl(&table, TRUE), NULL);
    KT_EXPECT_PTR_EQ(t, RtlEnumerateGenericTableWithoutSplayingAvl(&table, &restart), NULL);
    KT_EXPECT_PTR_EQ(t, RtlGetElementGenericTableAvl(&table, 0), NULL);
    KT_EXPECT_FALSE(t, RtlDeleteElementGenericTableAvl(&table, &key));
    KT_EXPECT_EQ(t, books.Allocations + books.Compares, 0);
}

static void rtl_avl_test_insert_allocates_header_plus_data(KTEST *t)
{
    RTL_AVL_TABLE table;
    BOOKS books;
    UCHAR record[13] = "hello, world";
    BOOLEAN isnew = FALSE;
    LONG key;

    init_table(&table, &books);
    /* The element data starts with the key; the table copies all BufferSize bytes. */
    key = 42;
    memcpy(record, &key, sizeof key);
    PUCHAR data = (PUCHAR)RtlInsertElementGenericTableAvl(&table, record, sizeof record, &isnew);
    KT_ASSERT_TRUE(t, data != NULL);
    KT_EXPECT_TRUE(t, isnew);
    KT_EXPECT_EQ(t, books.Allocations, 1);
    KT_EXPECT_EQ(t, books.LastSize, sizeof(RTL_BALANCED_LINKS) + sizeof record);
    KT_EXPECT_PTR_EQ(t, data, (PUCHAR)books.LastBlock + sizeof(RTL_BALANCED_LINKS));
    KT_EXPECT_TRUE(t, data != record);
    KT_EXPECT_MEMEQ(t, data, record, sizeof record);
    KT_EXPECT_PTR_EQ(t, table.BalancedRoot.RightChild, books.LastBlock);
    KT_EXPECT_EQ(t, RtlNumberGenericTableElementsAvl(&table), 1);
    KT_EXPECT_EQ(t, table.DepthOfTree, 1);
    empty_table(&table);
}

static void rtl_avl_test_duplicate_returns_existing(KTEST *t)
{
    RTL_AVL_TABLE table;
    BOOKS books;
    BOOLEAN isnew = TRUE;

    init_table(&table, &books);
    PVOID first = insert(&table, 7, &isnew);
    KT_EXPECT_TRUE(t, isnew);
    PVOID again = insert(&table, 7, &isnew);
    KT_EXPECT_FALSE(t, isnew);
    KT_EXPECT_PTR_EQ(t, again, first);
    KT_EXPECT_EQ(t, books.Allocations, 1);
    KT_EXPECT_EQ(t, RtlNumberGenericTableElementsAvl(&table), 1);
    /* NewElement is optional. */
    KT_EXPECT_PTR_EQ(t, insert(&table, 7, NULL), first);
    empty_table(&table);
}

static void rtl_avl_test_allocation_failure_returns_null(KTEST *t)
{
    RTL_AVL_TABLE table;
    BOOKS books;
    BOOLEAN isnew = TRUE;

    init_table(&table, &books);
    insert(&table, 1, NULL);
    books.FailNext = TRUE;
    KT_EXPECT_PTR_EQ(t, insert(&table, 2, &isnew), NULL);
    KT_EXPECT_FALSE(t, isnew);
    KT_EXPECT_EQ(t, RtlNumberGenericTableElementsAvl(&table), 1);
    KT_EXPECT_TRUE(t, check_avl(t, &table));
    /* A size that cannot be represented with the header is refused without calling it. */
    LONG key = 3;
    KT_EXPECT_PTR_EQ(t, RtlInsertElementGenericTableAvl(&table, &key, 0xFFFFFFF0u, &isnew), NULL);
    KT_EXPECT_EQ(t, books.Allocations, 1);
    empty_table(&table);
}

static void rtl_avl_test_enumerates_in_order(KTEST *t)
{
    static const LONG keys[] = { 50, 30, 70, 20, 40, 60, 80, 10, 25, 35, 45, 5, 1, 90, 95, 99, 42, 43, 44 };
    RTL_AVL_TABLE table;
    BOOKS books;
    LONG previous = -1;
    ULONG n = 0;

    init_table(&table, &books);
    for (ULONG i = 0; i < RTL_NUMBER_OF(keys); i++) {
        insert(&table, keys[i], NULL);
        KT_ASSERT_TRUE(t, check_avl(t, &table));
    }
    for (PVOID p = RtlEnumerateGenericTableAvl(&table, TRUE); p != NULL;
         p = RtlEnumerateGenericTableAvl(&table, FALSE)) {
        KT_EXPECT_TRUE(t, *(LONG *)p > previous);
        previous = *(LONG *)p;
        n++;
    }
    KT_EXPECT_EQ(t, n, RTL_NUMBER_OF(keys));
    KT_EXPECT_EQ(t, previous, 99);
    /* At the end it stays at the end; Restart begins again. */
    KT_EXPECT_PTR_EQ(t, RtlEnumerateGenericTableAvl(&table, FALSE), NULL);
    KT_EXPECT_EQ(t, *(LONG *)RtlEnumerateGenericTableAvl(&table, TRUE), 1);
    KT_EXPECT_EQ(t, *(LONG *)RtlEnumerateGenericTableAvl(&table, FALSE), 5);
    /* 19 elements in an AVL tree: at most 1.44 log2(20) levels. */
    KT_EXPECT_TRUE(t, table.DepthOfTree <= 6);
    empty_table(&table);
    KT_EXPECT_EQ(t, books.Frees, books.Allocations);
}

static void rtl_avl_test_enumeration_survives_deleting_current(KTEST *t)
{
    RTL_AVL_TABLE table;
    BOOKS books;
    ULONG seen = 0;

    init_table(&table, &books);
    for (LONG k = 1; k <= 20; k++)
        insert(&table, k, NULL);
    /* Delete every element as it is returned: the enumeration still visits all of them. */
    for (PVOID p = RtlEnumerateGenericTableAvl(&table, TRUE); p != NULL;
         p = RtlEnumerateGenericTableAvl(&table, FALSE)) {
        LONG k = *(LONG *)p;
        KT_EXPECT_EQ(t, k, (LONG)seen + 1);
        seen++;
        KT_ASSERT_TRUE(t, delete_key(&table, k));
    }
    KT_EXPECT_EQ(t, seen, 20);
    KT_EXPECT_TRUE(t, RtlIsGenericTableEmptyAvl(&table));
    KT_EXPECT_EQ(t, table.DeleteCount, 20);
}

static void rtl_avl_test_enumerate_without_splaying_uses_callers_key(KTEST *t)
{
    RTL_AVL_TABLE table;
    BOOKS books;
    PVOID restart = NULL, a, b;

    init_table(&table, &books);
    for (LONG k = 10; k <= 50; k += 10)
        insert(&table, k, NULL);
    KT_EXPECT_EQ(t, *(LONG *)RtlEnumerateGenericTableWithoutSplayingAvl(&table, &restart), 10);
    a = restart;
    KT_EXPECT_EQ(t, *(LONG *)RtlEnumerateGenericTableWithoutSplayingAvl(&table, &restart), 20);
    b = restart;
    KT_EXPECT_TRUE(t, a != b);
    /* Two independent cursors. */
    PVOID other = a;
    KT_EXPECT_EQ(t, *(LONG *)RtlEnumerateGenericTableWithoutSplayingAvl(&table, &other), 20);
    KT_EXPECT_EQ(t, *(LONG *)RtlEnumerateGenericTableWithoutSplayingAvl(&table, &restart), 30);
    /* The key is the element's node: its data follows the links. */
    KT_EXPECT_EQ(t, NODE_KEY(restart), 30);
    /* Neither touched the table's own position. */
    KT_EXPECT_PTR_EQ(t, table.RestartKey, NULL);
    empty_table(&table);
}

static void rtl_avl_test_get_element_by_index(KTEST *t)
{
    RTL_AVL_TABLE table;
    BOOKS books;
    static const ULONG order[] = { 5, 3, 17, 16, 0, 19, 10, 11, 9, 9 };

    init_table(&table, &books);
    for (LONG k = 20; k >= 1; k--)
        insert(&table, k * 3, NULL);
    /* Collation order: element I has key 3 * (I + 1). */
    for (ULONG i = 0; i < 20; i++)
        KT_EXPECT_EQ(t, *(LONG *)RtlGetElementGenericTableAvl(&table, i), (LONG)(3 * (i + 1)));
    for (ULONG i = 0; i < RTL_NUMBER_OF(order); i++) {
        KT_EXPECT_EQ(t, *(LONG *)RtlGetElementGenericTableAvl(&table, order[i]), (LONG)(3 * (order[i] + 1)));
        KT_EXPECT_EQ(t, table.WhichOrderedElement, order[i] + 1);
    }
    KT_EXPECT_PTR_EQ(t, RtlGetElementGenericTableAvl(&table, 20), NULL);
    KT_EXPECT_PTR_EQ(t, RtlGetElementGenericTableAvl(&table, 0xFFFFFFFF), NULL);
    /* Inserting invalidates the cursor; the answer follows the new order. */
    RtlGetElementGenericTableAvl(&table, 5);
    insert(&table, 1, NULL);
    KT_EXPECT_EQ(t, table.WhichOrderedElement, 0);
    KT_EXPECT_EQ(t, *(LONG *)RtlGetElementGenericTableAvl(&table, 5), 15);
    empty_table(&table);
}

static void rtl_avl_test_delete_rebalances_and_frees(KTEST *t)
{
    RTL_AVL_TABLE table;
    BOOKS books;
    static const LONG keys[] = { 50, 30, 70, 20, 40, 60, 80, 10, 25, 35, 45, 5, 1, 90, 95, 99, 42, 43, 44 };
    /* A leaf, single-child nodes, two-children nodes, the root, and absent keys. */
    static const LONG deletions[] = { 99, 95, 30, 50, 12, 1, 44, 45, 5, 10, 40, 3 };

    init_table(&table, &books);
    for (ULONG i = 0; i < RTL_NUMBER_OF(keys); i++)
        insert(&table, keys[i], NULL);
    ULONG count = RTL_NUMBER_OF(keys);
    for (ULONG i = 0; i < RTL_NUMBER_OF(deletions); i++) {
        LONG key = deletions[i];
        PVOID node = NULL;
        TABLE_SEARCH_RESULT r;
        BOOLEAN present = RtlLookupElementGenericTableFullAvl(&table, &key, &node, &r) != NULL;
        ULONG frees = books.Frees;

        KT_EXPECT_EQ(t, RtlDeleteElementGenericTableAvl(&table, &key), present);
        if (present) {
            count--;
            KT_EXPECT_EQ(t, books.Frees, frees + 1);
            KT_EXPECT_PTR_EQ(t, books.LastFreed, node);   /* the block the allocator returned */
        } else {
            KT_EXPECT_EQ(t, books.Frees, frees);
        }
        KT_EXPECT_EQ(t, RtlNumberGenericTableElementsAvl(&table), count);
        KT_ASSERT_TRUE(t, check_avl(t, &table));
        KT_EXPECT_PTR_EQ(t, RtlLookupElementGenericTableAvl(&table, &key), NULL);
    }
    KT_EXPECT_EQ(t, table.DeleteCount, RTL_NUMBER_OF(keys) - count);
    empty_table(&table);
    KT_EXPECT_EQ(t, table.DepthOfTree, 0);
    KT_EXPECT_PTR_EQ(t, table.BalancedRoot.RightChild, NULL);
}

static void rtl_avl_test_full_lookup_and_insert(KTEST *t)
{
    RTL_AVL_TABLE table;
    BOOKS books;
    PVOID node = (PVOID)0x1234;
    TABLE_SEARCH_RESULT r = TableFoundNode;
    BOOLEAN isnew = FALSE;
    LONG key = 5;

    init_table(&table, &books);
    /* Empty tree: TableEmptyTree, NodeOrParent untouched; the insert makes the root. */
    KT_EXPECT_PTR_EQ(t, RtlLookupElementGenericTableFullAvl(&table, &key, &node, &r), NULL);
    KT_EXPECT_EQ(t, r, TableEmptyTree);
    KT_EXPECT_PTR_EQ(t, node, (PVOID)0x1234);
    PVOID data = RtlInsertElementGenericTableFullAvl(&table, &key, sizeof key, &isnew, node, r);
    KT_EXPECT_TRUE(t, isnew);
    KT_EXPECT_EQ(t, *(LONG *)data, 5);

    static const LONG keys[] = { 40, 20, 60, 10, 30, 50, 70 };
    for (ULONG i = 0; i < RTL_NUMBER_OF(keys); i++)
        insert(&table, keys[i], NULL);

    /* Found: the node itself. */
    key = 30;
    data = RtlLookupElementGenericTableFullAvl(&table, &key, &node, &r);
    KT_EXPECT_EQ(t, r, TableFoundNode);
    KT_EXPECT_EQ(t, *(LONG *)data, 30);
    KT_EXPECT_EQ(t, NODE_KEY(node), 30);
    KT_EXPECT_PTR_EQ(t, RtlInsertElementGenericTableFullAvl(&table, &key, sizeof key, &isnew, node, r), data);
    KT_EXPECT_FALSE(t, isnew);

    /* Not found: the would-be parent and side; inserting there keeps the tree valid. */
    key = 45;
    books.Compares = 0;
    KT_EXPECT_PTR_EQ(t, RtlLookupElementGenericTableFullAvl(&table, &key, &node, &r), NULL);
    KT_EXPECT_TRUE(t, r == TableInsertAsLeft || r == TableInsertAsRight);
    KT_EXPECT_TRUE(t, NODE_KEY(node) == 40 || NODE_KEY(node) == 50);
    books.Compares = 0;
    data = RtlInsertElementGenericTableFullAvl(&table, &key, sizeof key, &isnew, node, r);
    KT_EXPECT_EQ(t, books.Compares, 0);   /* no second search */
    KT_EXPECT_TRUE(t, isnew);
    KT_EXPECT_EQ(t, *(LONG *)data, 45);
    KT_EXPECT_TRUE(t, check_avl(t, &table));

    /* RtlDeleteElementGenericTableAvlEx: delete the node a Full lookup found, no compare. */
    key = 40;
    RtlLookupElementGenericTableFullAvl(&table, &key, &node, &r);
    KT_ASSERT_EQ(t, r, TableFoundNode);
    books.Compares = 0;
    RtlDeleteElementGenericTableAvlEx(&table, node);
    KT_EXPECT_EQ(t, books.Compares, 0);
    KT_EXPECT_PTR_EQ(t, books.LastFreed, node);
    KT_EXPECT_PTR_EQ(t, RtlLookupElementGenericTableAvl(&table, &key), NULL);
    KT_EXPECT_TRUE(t, check_avl(t, &table));
    empty_table(&table);
}

static void rtl_avl_test_first_matching_finds_leftmost(KTEST *t)
{
    RTL_AVL_TABLE table;
    BOOKS books;
    static const LONG keys[] = { 11, 25, 21, 29, 23, 31, 5, 27, 22, 40 };
    PVOID restart = (PVOID)0x1;
    LONG key;

    init_table(&table, &books);
    for (ULONG i = 0; i < RTL_NUMBER_OF(keys); i++)
        insert(&table, keys[i], NULL);
    /* Compare by tens from now on: 21..29 are all "equal" to 20. */
    books.ByTens = TRUE;
    key = 20;
    PVOID data = RtlLookupFirstMatchingElementGenericTableAvl(&table, &key, &restart);
    KT_ASSERT_TRUE(t, data != NULL);
    KT_EXPECT_EQ(t, *(LONG *)data, 21);
    KT_EXPECT_EQ(t, NODE_KEY(restart), 21);
    /* Enumeration continues right after the first match. */
    static const LONG rest[] = { 22, 23, 25, 27, 29, 31, 40 };
    for (ULONG i = 0; i < RTL_NUMBER_OF(rest); i++)
        KT_EXPECT_EQ(t, *(LONG *)RtlEnumerateGenericTableWithoutSplayingAvl(&table, &restart), rest[i]);
    KT_EXPECT_PTR_EQ(t, RtlEnumerateGenericTableWithoutSplayingAvl(&table, &restart), NULL);

    key = 0;
    KT_EXPECT_EQ(t, *(LONG *)RtlLookupFirstMatchingElementGenericTableAvl(&table, &key, &restart), 5);
    key = 30;
    KT_EXPECT_EQ(t, *(LONG *)RtlLookupFirstMatchingElementGenericTableAvl(&table, &key, &restart), 31);
    key = 50;
    KT_EXPECT_PTR_EQ(t, RtlLookupFirstMatchingElementGenericTableAvl(&table, &key, &restart), NULL);
    KT_EXPECT_PTR_EQ(t, restart, NULL);
    books.ByTens = FALSE;
    empty_table(&table);
}

/* Match function: MatchData 1 accepts multiples of 20; 2 stops at 50, skipping the rest. */
static NTSTATUS NTAPI match(PRTL_AVL_TABLE Table, PVOID UserData, PVOID MatchData)
{
    LONG v = *(LONG *)UserData;

    UNREFERENCED_PARAMETER(Table);
    if (MatchData == (PVOID)1)
        return v % 20 ? STATUS_NO_MATCH : STATUS_SUCCESS;
    return v == 50 ? STATUS_NO_MORE_MATCHES : STATUS_NO_MATCH;
}

static LONG directory(PRTL_AVL_TABLE Table, PRTL_AVL_MATCH_FUNCTION Fn, PVOID MatchData, ULONG Next,
                      PVOID *Restart, PULONG Deletes, LONG From)
{
    PVOID p = RtlEnumerateGenericTableLikeADirectory(Table, Fn, MatchData, Next, Restart, Deletes, &From);
    return p ? *(LONG *)p : -1;
}

static void rtl_avl_test_enumerate_like_a_directory(KTEST *t)
{
    RTL_AVL_TABLE table;
    BOOKS books;
    PVOID restart = NULL;
    ULONG deletes = 0;

    init_table(&table, &books);
    KT_EXPECT_EQ(t, directory(&table, NULL, NULL, FALSE, &restart, &deletes, 0), -1);
    for (LONG k = 10; k <= 90; k += 10)
        insert(&table, k, NULL);

    /* From a key: the element equal to it, or the next one; NextFlag skips the equal one. */
    restart = NULL;
    KT_EXPECT_EQ(t, directory(&table, NULL, NULL, FALSE, &restart, &deletes, 30), 30);
    restart = NULL;
    KT_EXPECT_EQ(t, directory(&table, NULL, NULL, TRUE, &restart, &deletes, 30), 40);
    restart = NULL;
    KT_EXPECT_EQ(t, directory(&table, NULL, NULL, FALSE, &restart, &deletes, 25), 30);
    restart = NULL;
    KT_EXPECT_EQ(t, directory(&table, NULL, NULL, TRUE, &restart, &deletes, 25), 30);
    restart = NULL;
    KT_EXPECT_EQ(t, directory(&table, NULL, NULL, FALSE, &restart, &deletes, 100), -1);
    KT_EXPECT_PTR_EQ(t, restart, NULL);

    /* Resuming from the restart key: NextFlag TRUE moves on, FALSE repeats it. */
    restart = NULL;
    deletes = table.DeleteCount;
    KT_EXPECT_EQ(t, directory(&table, NULL, NULL, FALSE, &restart, &deletes, 30), 30);
    KT_EXPECT_EQ(t, directory(&table, NULL, NULL, TRUE, &restart, &deletes, 0), 40);
    KT_EXPECT_EQ(t, directory(&table, NULL, NULL, TRUE, &restart, &deletes, 0), 50);
    KT_EXPECT_EQ(t, directory(&table, NULL, NULL, FALSE, &restart, &deletes, 0), 50);

    /* A deletion in between makes the restart key untrustworthy: resume from Buffer. */
    KT_EXPECT_TRUE(t, delete_key(&table, 70));
    KT_EXPECT_EQ(t, directory(&table, NULL, NULL, TRUE, &restart, &deletes, 50), 60);
    KT_EXPECT_EQ(t, deletes, table.DeleteCount);
    KT_EXPECT_EQ(t, directory(&table, NULL, NULL, TRUE, &restart, &deletes, 0), 80);

    /* Match functions: skip rejected elements; STATUS_NO_MORE_MATCHES ends the enumeration. */
    restart = NULL;
    KT_EXPECT_EQ(t, directory(&table, match, (PVOID)1, FALSE, &restart, &deletes, 10), 20);
    KT_EXPECT_EQ(t, directory(&table, match, (PVOID)1, TRUE, &restart, &deletes, 0), 40);
    KT_EXPECT_EQ(t, directory(&table, match, (PVOID)1, TRUE, &restart, &deletes, 0), 60);
    KT_EXPECT_EQ(t, directory(&table, match, (PVOID)1, TRUE, &restart, &deletes, 0), 80);
    KT_EXPECT_EQ(t, directory(&table, match, (PVOID)1, TRUE, &restart, &deletes, 0), -1);
    restart = NULL;
    KT_EXPECT_EQ(t, directory(&table, match, (PVOID)2, FALSE, &restart, &deletes, 10), -1);
    KT_EXPECT_PTR_EQ(t, restart, NULL);
    empty_table(&table);
}

/* ---- 10,000 random operations against a reference set ------------------------------------ */

static ULONG g_seed;
static ULONG rnd(void)
{
    g_seed = g_seed * 1103515245u + 12345u;
    return (g_seed >> 8) & 0xFFFFFF;
}

#define KEY_SPACE 1500

static void rtl_avl_test_random_operations_against_reference(KTEST *t)
{
    RTL_AVL_TABLE table;
    BOOKS books;
    static BOOLEAN present[KEY_SPACE];
    ULONG count = 0;

    memset(present, 0, sizeof present);
    g_seed = 20240601;
    init_table(&table, &books);
    for (int op = 0; op < 10000; op++) {
        LONG key = (LONG)(rnd() % KEY_SPACE);
        BOOLEAN isnew;
        ULONG what = rnd() % 10;

        if (what < 5) {
            PVOID data = insert(&table, key, &isnew);
            KT_ASSERT_TRUE(t, data != NULL);
            if (isnew == present[key])
                KT_FAIL(t, "op %d: insert %d new=%d but present=%d", op, key, isnew, present[key]);
            if (!present[key])
                count++;
            present[key] = TRUE;
        } else if (what < 8) {
            BOOLEAN deleted = delete_key(&table, key);
            if (deleted != present[key])
                KT_FAIL(t, "op %d: delete %d returned %d", op, key, deleted);
            if (present[key])
                count--;
            present[key] = FALSE;
        } else if (what < 9) {
            PVOID data = RtlLookupElementGenericTableAvl(&table, &key);
            if ((data != NULL) != present[key] || (data && *(LONG *)data != key))
                KT_FAIL(t, "op %d: lookup %d wrong", op, key);
        } else {
            /* Indexed access agrees with the reference's order. */
            if (count != 0) {
                ULONG index = rnd() % count, seen = 0;
                LONG expect = -1;
                for (LONG k = 0; k < KEY_SPACE; k++)
                    if (present[k] && seen++ == index) {
                        expect = k;
                        break;
                    }
                PVOID data = RtlGetElementGenericTableAvl(&table, index);
                if (!data || *(LONG *)data != expect)
                    KT_FAIL(t, "op %d: element %u should be %d", op, index, expect);
            }
        }
        if (RtlNumberGenericTableElementsAvl(&table) != count)
            KT_FAIL(t, "op %d: count %u vs %u", op, RtlNumberGenericTableElementsAvl(&table), count);
        if (!check_avl(t, &table)) {
            KT_FAIL(t, "invariants broken after op %d", op);
            break;
        }
    }
    /* A full ordered walk matches the reference exactly. */
    LONG k = 0;
    for (PVOID p = RtlEnumerateGenericTableAvl(&table, TRUE); p; p = RtlEnumerateGenericTableAvl(&table, FALSE)) {
        while (k < KEY_SPACE && !present[k])
            k++;
        KT_ASSERT_TRUE(t, k < KEY_SPACE);
        KT_EXPECT_EQ(t, *(LONG *)p, k);
        k++;
    }
    ktest_log(t, "%u elements left, depth %u, %u deletions", count, table.DepthOfTree, table.DeleteCount);
    empty_table(&table);
    KT_EXPECT_EQ(t, books.Frees, books.Allocations);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(rtl_avl_test_layout),
    KTEST_CASE_ENTRY(rtl_avl_test_initialize_gives_empty_table),
    KTEST_CASE_ENTRY(rtl_avl_test_insert_allocates_header_plus_data),
    KTEST_CASE_ENTRY(rtl_avl_test_duplicate_returns_existing),
    KTEST_CASE_ENTRY(rtl_avl_test_allocation_failure_returns_null),
    KTEST_CASE_ENTRY(rtl_avl_test_enumerates_in_order),
    KTEST_CASE_ENTRY(rtl_avl_test_enumeration_survives_deleting_current),
    KTEST_CASE_ENTRY(rtl_avl_test_enumerate_without_splaying_uses_callers_key),
    KTEST_CASE_ENTRY(rtl_avl_test_get_element_by_index),
    KTEST_CASE_ENTRY(rtl_avl_test_delete_rebalances_and_frees),
    KTEST_CASE_ENTRY(rtl_avl_test_full_lookup_and_insert),
    KTEST_CASE_ENTRY(rtl_avl_test_first_matching_finds_leftmost),
    KTEST_CASE_ENTRY(rtl_avl_test_enumerate_like_a_directory),
    KTEST_CASE_ENTRY(rtl_avl_test_random_operations_against_reference),
    { 0 },
};
KTEST_SUITE(rtl_avl, cases);
