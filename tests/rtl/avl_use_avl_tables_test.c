/*
 * PURPOSE: RTL_USE_AVL_TABLES: defined before ntddk.h, the RtlXxxGenericTable names and the
 * RTL_GENERIC_TABLE types refer to the AVL implementation (as in the WDK).
 */
#define RTL_USE_AVL_TABLES 0
#include <stdlib.h>
#include <ntddk.h>
#include "ktest.h"

static RTL_GENERIC_COMPARE_ROUTINE compare_ulong;
static RTL_GENERIC_ALLOCATE_ROUTINE allocate_entry;
static RTL_GENERIC_FREE_ROUTINE free_entry;

static RTL_GENERIC_COMPARE_RESULTS NTAPI compare_ulong(PRTL_GENERIC_TABLE Table, PVOID A, PVOID B)
{
    ULONG a = *(ULONG *)A, b = *(ULONG *)B;
    UNREFERENCED_PARAMETER(Table);
    return a < b ? GenericLessThan : a > b ? GenericGreaterThan : GenericEqual;
}

static PVOID NTAPI allocate_entry(PRTL_GENERIC_TABLE Table, CLONG Size)
{
    *(CLONG *)Table->TableContext = Size;
    return malloc(Size);
}

static VOID NTAPI free_entry(PRTL_GENERIC_TABLE Table, PVOID Entry)
{
    UNREFERENCED_PARAMETER(Table);
    free(Entry);
}

static void rtl_avl_use_avl_tables_test_generic_names_map_to_avl(KTEST *t)
{
    RTL_GENERIC_TABLE table;   /* really an RTL_AVL_TABLE */
    CLONG last_size = 0;
    ULONG key;
    PVOID p;

    KT_EXPECT_EQ(t, sizeof(RTL_GENERIC_TABLE), sizeof(RTL_AVL_TABLE));
    RtlInitializeGenericTable(&table, compare_ulong, allocate_entry, free_entry, &last_size);
    for (key = 5; key > 0; key--)
        RtlInsertElementGenericTable(&table, &key, sizeof key, NULL);
    /* The AVL header (RTL_BALANCED_LINKS) precedes the data. */
    KT_EXPECT_EQ(t, last_size, sizeof(RTL_BALANCED_LINKS) + sizeof(ULONG));
    KT_EXPECT_EQ(t, RtlNumberGenericTableElements(&table), 5);
    KT_EXPECT_PTR_EQ(t, table.BalancedRoot.Parent, &table.BalancedRoot);
    /* AVL: RtlGetElementGenericTable is in collation order, not insertion order. */
    KT_EXPECT_EQ(t, *(ULONG *)RtlGetElementGenericTable(&table, 0), 1);
    key = 3;
    KT_EXPECT_EQ(t, *(ULONG *)RtlLookupElementGenericTable(&table, &key), 3);
    KT_EXPECT_TRUE(t, RtlDeleteElementGenericTable(&table, &key));
    key = 1;
    for (p = RtlEnumerateGenericTable(&table, TRUE); p; p = RtlEnumerateGenericTable(&table, FALSE)) {
        KT_EXPECT_EQ(t, *(ULONG *)p, key);
        key += key == 2 ? 2 : 1;
    }
    while ((p = RtlGetElementGenericTable(&table, 0)) != NULL)
        RtlDeleteElementGenericTable(&table, p);
    KT_EXPECT_TRUE(t, RtlIsGenericTableEmpty(&table));
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(rtl_avl_use_avl_tables_test_generic_names_map_to_avl),
    { 0 },
};
KTEST_SUITE(rtl_avl_use_avl_tables, cases);
