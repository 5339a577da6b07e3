/*
 * PURPOSE: Tests for the splay-tree primitives (RtlSplay, RtlDelete, successors...) and the
 * splay generic table (RtlXxxGenericTable): allocation contract, insertion-order indexing,
 * collation-order enumeration and its dependence on the root, and a randomized run against a
 * reference set with the binary-search-tree invariants checked after every operation.
 */
#include <stdlib.h>
#include <string.h>
#include <ntddk.h>
#include "ktest.h"

/* ---- Splay links on their own -------------------------------------------------------------- */

typedef struct _SNODE {
    RTL_SPLAY_LINKS Links;
    LONG Key;
} SNODE;

#define SKEY(l) (CONTAINING_RECORD((l), SNODE, Links)->Key)

/* Builds a BST of keys 1..N by inserting in the given order, without splaying. */
static PRTL_SPLAY_LINKS build(SNODE *Nodes, const LONG *Keys, ULONG N)
{
    PRTL_SPLAY_LINKS root = NULL;

    for (ULONG i = 0; i < N; i++) {
        SNODE *n = &Nodes[i];
        n->Key = Keys[i];
        RtlInitializeSplayLinks(&n->Links);
        if (root == NULL) {
            root = &n->Links;
            continue;
        }
        PRTL_SPLAY_LINKS p = root;
        for (;;) {
            if (n->Key < SKEY(p)) {
                if (!RtlLeftChild(p)) {
                    RtlInsertAsLeftChild(p, &n->Links);
                    break;
                }
                p = RtlLeftChild(p);
            } else {
                if (!RtlRightChild(p)) {
                    RtlInsertAsRightChild(p, &n->Links);
                    break;
                }
                p = RtlRightChild(p);
            }
        }
    }
    return root;
}

/* Checks parent links and order; returns the node count (or -1 on a broken tree). */
static int check_splay(PRTL_SPLAY_LINKS Node, PRTL_SPLAY_LINKS Parent, LONG *Previous, LONG Offset)
{
    int l, r;

    if (Node == NULL)
        return 0;
    if (Node->Parent != Parent)
        return -1;
    l = check_splay(Node->LeftChild, Node, Previous, Offset);
    if (l < 0)
        return -1;
    LONG key = *(LONG *)((PUCHAR)Node + Offset);
    if (key <= *Previous)
        return -1;
    *Previous = key;
    r = check_splay(Node->RightChild, Node, Previous, Offset);
    if (r < 0)
        return -1;
    return l + r + 1;
}

/* A whole tree: the root is its own parent. Returns the node count, or -1 if broken. */
static int check_tree(PRTL_SPLAY_LINKS Root, LONG Offset)
{
    LONG previous = -2147483647 - 1;

    if (Root == NULL)
        return 0;
    return RtlIsRoot(Root) ? check_splay(Root, Root, &previous, Offset) : -1;
}

#define check_nodes(root) check_tree((root), FIELD_OFFSET(SNODE, Key))

static void rtl_gentable_test_splay_macros(KTEST *t)
{
    SNODE a, b, c;

    RtlInitializeSplayLinks(&a.Links);
    KT_EXPECT_TRUE(t, RtlIsRoot(&a.Links));
    KT_EXPECT_PTR_EQ(t, RtlParent(&a.Links), &a.Links);
    KT_EXPECT_PTR_EQ(t, RtlLeftChild(&a.Links), NULL);
    RtlInitializeSplayLinks(&b.Links);
    RtlInitializeSplayLinks(&c.Links);
    RtlInsertAsLeftChild(&a.Links, &b.Links);
    RtlInsertAsRightChild(&a.Links, &c.Links);
    KT_EXPECT_TRUE(t, RtlIsLeftChild(&b.Links));
    KT_EXPECT_FALSE(t, RtlIsRightChild(&b.Links));
    KT_EXPECT_TRUE(t, RtlIsRightChild(&c.Links));
    KT_EXPECT_FALSE(t, RtlIsRoot(&c.Links));
    KT_EXPECT_PTR_EQ(t, RtlParent(&c.Links), &a.Links);
    KT_EXPECT_EQ(t, sizeof(RTL_SPLAY_LINKS), 24);
    KT_EXPECT_EQ(t, sizeof(RTL_GENERIC_TABLE), 72);
    KT_EXPECT_EQ(t, FIELD_OFFSET(RTL_GENERIC_TABLE, InsertOrderList), 8);
    KT_EXPECT_EQ(t, FIELD_OFFSET(RTL_GENERIC_TABLE, WhichOrderedElement), 32);
    KT_EXPECT_EQ(t, FIELD_OFFSET(RTL_GENERIC_TABLE, CompareRoutine), 40);
    KT_EXPECT_EQ(t, FIELD_OFFSET(RTL_GENERIC_TABLE, TableContext), 64);
}

static void rtl_gentable_test_splay_moves_node_to_root(KTEST *t)
{
    static const LONG keys[] = { 8, 4, 12, 2, 6, 10, 14, 1, 3, 5, 7, 9, 11, 13, 15 };
    SNODE nodes[15];

    for (ULONG target = 0; target < 15; target++) {
        build(nodes, keys, 15);
        PRTL_SPLAY_LINKS root = RtlSplay(&nodes[target].Links);
        KT_EXPECT_PTR_EQ(t, root, &nodes[target].Links);
        KT_EXPECT_TRUE(t, RtlIsRoot(root));
        KT_EXPECT_EQ(t, check_nodes(root), 15);
    }
}

static void rtl_gentable_test_successors_and_predecessors(KTEST *t)
{
    static const LONG keys[] = { 8, 4, 12, 2, 6, 10, 14 };
    SNODE nodes[7];
    PRTL_SPLAY_LINKS root = build(nodes, keys, 7);
    PRTL_SPLAY_LINKS n = &nodes[3].Links;   /* key 2, the minimum */
    LONG expect = 2;

    while (n) {
        KT_EXPECT_EQ(t, SKEY(n), expect);
        expect += 2;
        n = RtlRealSuccessor(n);
    }
    KT_EXPECT_EQ(t, expect, 16);
    KT_EXPECT_EQ(t, SKEY(RtlRealPredecessor(&nodes[2].Links)), 10);   /* 12 -> 10 */
    KT_EXPECT_EQ(t, SKEY(RtlRealPredecessor(&nodes[5].Links)), 8);    /* 10 -> 8 (climbs) */
    KT_EXPECT_PTR_EQ(t, RtlRealPredecessor(&nodes[3].Links), NULL);
    KT_EXPECT_EQ(t, SKEY(RtlSubtreeSuccessor(root)), 10);
    KT_EXPECT_EQ(t, SKEY(RtlSubtreePredecessor(root)), 6);
    KT_EXPECT_PTR_EQ(t, RtlSubtreeSuccessor(&nodes[5].Links), NULL);  /* 10 has no right subtree */
    KT_EXPECT_PTR_EQ(t, RtlSubtreePredecessor(&nodes[3].Links), NULL);
}

static void rtl_gentable_test_delete_keeps_order(KTEST *t)
{
    static const LONG keys[] = { 8, 4, 12, 2, 6, 10, 14, 1, 3, 5, 7, 9, 11, 13, 15 };
    SNODE nodes[15];

    /* Every node, via RtlDelete (splays) and RtlDeleteNoSplay (does not). */
    for (ULONG victim = 0; victim < 15; victim++) {
        PRTL_SPLAY_LINKS root = build(nodes, keys, 15);
        root = RtlDelete(&nodes[victim].Links);
        KT_EXPECT_EQ(t, check_nodes(root), 14);

        root = build(nodes, keys, 15);
        PRTL_SPLAY_LINKS before = root;
        RtlDeleteNoSplay(&nodes[victim].Links, &root);
        KT_EXPECT_EQ(t, check_nodes(root), 14);
        if (victim != 0)
            KT_EXPECT_PTR_EQ(t, root, before);   /* only deleting the root changes it */
    }
    /* Down to nothing. */
    SNODE one;
    LONG k = 1;
    PRTL_SPLAY_LINKS root = build(&one, &k, 1);
    KT_EXPECT_PTR_EQ(t, RtlDelete(root), NULL);
    root = build(&one, &k, 1);
    RtlDeleteNoSplay(&one.Links, &root);
    KT_EXPECT_PTR_EQ(t, root, NULL);
}

/* ---- The splay generic table --------------------------------------------------------------- */

typedef struct _GBOOKS {
    ULONG Allocations, Frees;
    CLONG LastSize;
    PVOID LastBlock, LastFreed;
    BOOLEAN FailNext;
} GBOOKS;

static RTL_GENERIC_COMPARE_RESULTS NTAPI gcompare(PRTL_GENERIC_TABLE Table, PVOID First, PVOID Second)
{
    LONG x = *(LONG *)First, y = *(LONG *)Second;
    UNREFERENCED_PARAMETER(Table);
    return x < y ? GenericLessThan : x > y ? GenericGreaterThan : GenericEqual;
}

static PVOID NTAPI gallocate(PRTL_GENERIC_TABLE Table, CLONG Size)
{
    GBOOKS *b = (GBOOKS *)Table->TableContext;
    if (b->FailNext) {
        b->FailNext = FALSE;
        return NULL;
    }
    b->Allocations++;
    b->LastSize = Size;
    return b->LastBlock = malloc(Size);
}

static VOID NTAPI gfree(PRTL_GENERIC_TABLE Table, PVOID Block)
{
    GBOOKS *b = (GBOOKS *)Table->TableContext;
    b->Frees++;
    b->LastFreed = Block;
    free(Block);
}

static void ginit(PRTL_GENERIC_TABLE Table, GBOOKS *Books)
{
    memset(Books, 0, sizeof *Books);
    memset(Table, 0xCC, sizeof *Table);
    RtlInitializeGenericTable(Table, gcompare, gallocate, gfree, Books);
}

static PVOID ginsert(PRTL_GENERIC_TABLE Table, LONG Key, BOOLEAN *New)
{
    return RtlInsertElementGenericTable(Table, &Key, sizeof Key, New);
}

static void gempty(PRTL_GENERIC_TABLE Table)
{
    PVOID p;
    while ((p = RtlGetElementGenericTable(Table, 0)) != NULL)
        RtlDeleteElementGenericTable(Table, p);
}

#define GDATA_OFFSET ((LONG)(sizeof(RTL_SPLAY_LINKS) + sizeof(LIST_ENTRY)))
#define GKEY(links) (*(LONG *)((PUCHAR)(links) + GDATA_OFFSET))

static void rtl_gentable_test_insert_contract(KTEST *t)
{
    RTL_GENERIC_TABLE table;
    GBOOKS books;
    BOOLEAN isnew = FALSE;

    ginit(&table, &books);
    KT_EXPECT_TRUE(t, RtlIsGenericTableEmpty(&table));
    KT_EXPECT_PTR_EQ(t, table.TableRoot, NULL);
    PVOID data = ginsert(&table, 5, &isnew);
    KT_EXPECT_TRUE(t, isnew);
    KT_EXPECT_EQ(t, books.LastSize, GDATA_OFFSET + sizeof(LONG));
    KT_EXPECT_PTR_EQ(t, data, (PUCHAR)books.LastBlock + GDATA_OFFSET);
    KT_EXPECT_EQ(t, *(LONG *)data, 5);
    KT_EXPECT_PTR_EQ(t, ginsert(&table, 5, &isnew), data);
    KT_EXPECT_FALSE(t, isnew);
    KT_EXPECT_EQ(t, books.Allocations, 1);
    books.FailNext = TRUE;
    KT_EXPECT_PTR_EQ(t, ginsert(&table, 6, &isnew), NULL);
    KT_EXPECT_FALSE(t, isnew);
    KT_EXPECT_EQ(t, RtlNumberGenericTableElements(&table), 1);
    gempty(&table);
    KT_EXPECT_EQ(t, books.Frees, 1);
    KT_EXPECT_PTR_EQ(t, books.LastFreed, books.LastBlock);
    KT_EXPECT_TRUE(t, RtlIsGenericTableEmpty(&table));
}

static void rtl_gentable_test_lookup_splays_to_root(KTEST *t)
{
    RTL_GENERIC_TABLE table;
    GBOOKS books;
    LONG key;

    ginit(&table, &books);
    for (LONG k = 1; k <= 15; k++)
        ginsert(&table, k * 10, NULL);
    /* Each insert left the new element at the root. */
    KT_EXPECT_EQ(t, GKEY(table.TableRoot), 150);
    key = 70;
    KT_EXPECT_EQ(t, *(LONG *)RtlLookupElementGenericTable(&table, &key), 70);
    KT_EXPECT_EQ(t, GKEY(table.TableRoot), 70);
    /* A miss splays the last element compared: one of the neighbours. */
    key = 75;
    KT_EXPECT_PTR_EQ(t, RtlLookupElementGenericTable(&table, &key), NULL);
    KT_EXPECT_TRUE(t, GKEY(table.TableRoot) == 70 || GKEY(table.TableRoot) == 80);
    /* The Full lookup does not splay. */
    PVOID node = NULL, root = table.TableRoot;
    TABLE_SEARCH_RESULT r;
    key = 10;
    KT_EXPECT_EQ(t, *(LONG *)RtlLookupElementGenericTableFull(&table, &key, &node, &r), 10);
    KT_EXPECT_EQ(t, r, TableFoundNode);
    KT_EXPECT_PTR_EQ(t, table.TableRoot, root);
    key = 155;
    KT_EXPECT_PTR_EQ(t, RtlLookupElementGenericTableFull(&table, &key, &node, &r), NULL);
    KT_EXPECT_EQ(t, r, TableInsertAsRight);
    KT_EXPECT_EQ(t, GKEY(node), 150);
    BOOLEAN isnew;
    KT_EXPECT_EQ(t, *(LONG *)RtlInsertElementGenericTableFull(&table, &key, sizeof key, &isnew, node, r), 155);
    KT_EXPECT_TRUE(t, isnew);
    KT_EXPECT_EQ(t, check_tree(table.TableRoot, GDATA_OFFSET), 16);
    gempty(&table);
}

static void rtl_gentable_test_get_element_is_insertion_order(KTEST *t)
{
    RTL_GENERIC_TABLE table;
    GBOOKS books;
    static const LONG keys[] = { 40, 10, 30, 20, 50 };

    ginit(&table, &books);
    for (ULONG i = 0; i < 5; i++)
        ginsert(&table, keys[i], NULL);
    for (ULONG i = 0; i < 5; i++)
        KT_EXPECT_EQ(t, *(LONG *)RtlGetElementGenericTable(&table, i), keys[i]);
    KT_EXPECT_EQ(t, *(LONG *)RtlGetElementGenericTable(&table, 3), 20);
    KT_EXPECT_EQ(t, table.WhichOrderedElement, 4);
    KT_EXPECT_PTR_EQ(t, RtlGetElementGenericTable(&table, 5), NULL);
    /* Deleting shifts the later elements down by one. */
    LONG key = 30;
    KT_EXPECT_TRUE(t, RtlDeleteElementGenericTable(&table, &key));
    KT_EXPECT_FALSE(t, RtlDeleteElementGenericTable(&table, &key));
    KT_EXPECT_EQ(t, *(LONG *)RtlGetElementGenericTable(&table, 2), 20);
    KT_EXPECT_EQ(t, *(LONG *)RtlGetElementGenericTable(&table, 3), 50);
    gempty(&table);
}

static void rtl_gentable_test_enumeration_is_collation_order(KTEST *t)
{
    RTL_GENERIC_TABLE table;
    GBOOKS books;
    static const LONG keys[] = { 40, 10, 30, 20, 50, 60, 5 };
    LONG previous = -1;
    ULONG n = 0;

    ginit(&table, &books);
    for (ULONG i = 0; i < RTL_NUMBER_OF(keys); i++)
        ginsert(&table, keys[i], NULL);
    for (PVOID p = RtlEnumerateGenericTable(&table, TRUE); p; p = RtlEnumerateGenericTable(&table, FALSE)) {
        KT_EXPECT_TRUE(t, *(LONG *)p > previous);
        previous = *(LONG *)p;
        /* The element returned is now the root: that is the enumeration's position. */
        KT_EXPECT_PTR_EQ(t, (PUCHAR)table.TableRoot + GDATA_OFFSET, p);
        n++;
    }
    KT_EXPECT_EQ(t, n, RTL_NUMBER_OF(keys));

    /* A lookup between two calls moves the enumeration (Windows behaves the same way). */
    KT_EXPECT_EQ(t, *(LONG *)RtlEnumerateGenericTable(&table, TRUE), 5);
    LONG key = 40;
    (void)RtlLookupElementGenericTable(&table, &key);
    KT_EXPECT_EQ(t, *(LONG *)RtlEnumerateGenericTable(&table, FALSE), 50);

    /* WithoutSplaying keeps its own cursor and leaves the tree alone. */
    PVOID restart = NULL, root = table.TableRoot;
    previous = -1;
    n = 0;
    for (PVOID p = RtlEnumerateGenericTableWithoutSplaying(&table, &restart); p;
         p = RtlEnumerateGenericTableWithoutSplaying(&table, &restart)) {
        KT_EXPECT_TRUE(t, *(LONG *)p > previous);
        previous = *(LONG *)p;
        n++;
    }
    KT_EXPECT_EQ(t, n, RTL_NUMBER_OF(keys));
    KT_EXPECT_PTR_EQ(t, table.TableRoot, root);
    gempty(&table);
}

static ULONG g_seed;
static ULONG rnd(void)
{
    g_seed = g_seed * 1103515245u + 12345u;
    return (g_seed >> 8) & 0xFFFFFF;
}

static void rtl_gentable_test_random_operations_against_reference(KTEST *t)
{
    RTL_GENERIC_TABLE table;
    GBOOKS books;
    static BOOLEAN present[800];
    static LONG order[800];     /* insertion order of the keys present */
    ULONG count = 0;

    memset(present, 0, sizeof present);
    g_seed = 77;
    ginit(&table, &books);
    for (int op = 0; op < 10000; op++) {
        LONG key = (LONG)(rnd() % 800);
        ULONG what = rnd() % 10;
        BOOLEAN isnew;

        if (what < 5) {
            KT_ASSERT_TRUE(t, ginsert(&table, key, &isnew) != NULL);
            if (isnew == present[key])
                KT_FAIL(t, "op %d: insert %d", op, key);
            if (!present[key])
                order[count++] = key;
            present[key] = TRUE;
        } else if (what < 8) {
            if (RtlDeleteElementGenericTable(&table, &key) != present[key])
                KT_FAIL(t, "op %d: delete %d", op, key);
            if (present[key]) {
                ULONG i = 0;
                while (order[i] != key)
                    i++;
                memmove(&order[i], &order[i + 1], (count - i - 1) * sizeof(LONG));
                count--;
            }
            present[key] = FALSE;
        } else if (what < 9) {
            PVOID d = RtlLookupElementGenericTable(&table, &key);
            if ((d != NULL) != present[key])
                KT_FAIL(t, "op %d: lookup %d", op, key);
        } else if (count) {
            ULONG i = rnd() % count;
            PVOID d = RtlGetElementGenericTable(&table, i);
            if (!d || *(LONG *)d != order[i])
                KT_FAIL(t, "op %d: element %u should be %d", op, i, order[i]);
        }
        if (check_tree(table.TableRoot, GDATA_OFFSET) != (int)count ||
            RtlNumberGenericTableElements(&table) != count) {
            KT_FAIL(t, "op %d: tree broken or count wrong", op);
            break;
        }
    }
    gempty(&table);
    KT_EXPECT_EQ(t, books.Frees, books.Allocations);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(rtl_gentable_test_splay_macros),
    KTEST_CASE_ENTRY(rtl_gentable_test_splay_moves_node_to_root),
    KTEST_CASE_ENTRY(rtl_gentable_test_successors_and_predecessors),
    KTEST_CASE_ENTRY(rtl_gentable_test_delete_keeps_order),
    KTEST_CASE_ENTRY(rtl_gentable_test_insert_contract),
    KTEST_CASE_ENTRY(rtl_gentable_test_lookup_splays_to_root),
    KTEST_CASE_ENTRY(rtl_gentable_test_get_element_is_insertion_order),
    KTEST_CASE_ENTRY(rtl_gentable_test_enumeration_is_collation_order),
    KTEST_CASE_ENTRY(rtl_gentable_test_random_operations_against_reference),
    { 0 },
};
KTEST_SUITE(rtl_gentable, cases);
