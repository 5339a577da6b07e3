/*
 * PURPOSE: The headers of this area compile as C++ and work there: ntintsafe.h (signed
 * routines enabled), the list helpers, memory helpers, bitmaps, versions and the AVL and
 * splay tables from ntifs.h.
 */
#define ENABLE_INTSAFE_SIGNED_FUNCTIONS
#include <stdlib.h>
#include <ntifs.h>
#include <ntintsafe.h>
#include "ktest.h"

static RTL_GENERIC_COMPARE_RESULTS NTAPI cpp_compare(PRTL_AVL_TABLE, PVOID a, PVOID b)
{
    int x = *static_cast<int *>(a), y = *static_cast<int *>(b);
    return x < y ? GenericLessThan : x > y ? GenericGreaterThan : GenericEqual;
}
static PVOID NTAPI cpp_allocate(PRTL_AVL_TABLE, CLONG size) { return malloc(size); }
static VOID NTAPI cpp_free(PRTL_AVL_TABLE, PVOID p) { free(p); }

static void rtl_intsafe_cpp_test_headers_work_in_cpp(KTEST *t)
{
    ULONG ul;
    LONG l;
    size_t sz;
    KT_EXPECT_EQ(t, RtlULongAdd(0xFFFFFFFFu, 1, &ul), STATUS_INTEGER_OVERFLOW);
    KT_EXPECT_EQ(t, RtlLongMult(-2, 3, &l), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, l, -6);
    KT_EXPECT_EQ(t, RtlSizeTToULong(static_cast<size_t>(5), &ul), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, RtlULongLongToSizeT(7ULL, &sz), STATUS_SUCCESS);

    LIST_ENTRY head, a;
    InitializeListHead(&head);
    InsertTailList(&head, &a);
    KT_EXPECT_TRUE(t, RemoveEntryList(&a));

    ULONG bits[2] = { 0, 0 };
    RTL_BITMAP map;
    RtlInitializeBitMap(&map, bits, 64);
    RtlSetBits(&map, 3, 4);
    KT_EXPECT_EQ(t, RtlFindSetBits(&map, 4, 0), 3);
    KT_EXPECT_TRUE(t, RtlCheckBit(&map, 6));

    char buf[8];
    RtlZeroMemory(buf, sizeof buf);
    KT_EXPECT_EQ(t, RtlCompareMemory(buf, "\0\0\0\0\0\0\0\0", 8), 8);
    ULONG pattern[2];
    RtlFillMemoryUlong(pattern, sizeof pattern, 0x11223344u);
    KT_EXPECT_EQ(t, RtlCompareMemoryUlong(pattern, sizeof pattern, 0x11223344u), 8);

    RTL_OSVERSIONINFOEXW v = {};
    v.dwOSVersionInfoSize = sizeof v;
    KT_EXPECT_EQ(t, RtlGetVersion(reinterpret_cast<PRTL_OSVERSIONINFOW>(&v)), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, v.dwBuildNumber, 22631);

    RTL_AVL_TABLE table;
    RtlInitializeGenericTableAvl(&table, cpp_compare, cpp_allocate, cpp_free, nullptr);
    for (int k = 0; k < 10; k++)
        RtlInsertElementGenericTableAvl(&table, &k, sizeof k, nullptr);
    KT_EXPECT_EQ(t, *static_cast<int *>(RtlGetElementGenericTableAvl(&table, 7)), 7);
    while (PVOID p = RtlGetElementGenericTableAvl(&table, 0))
        RtlDeleteElementGenericTableAvl(&table, p);
    KT_EXPECT_TRUE(t, RtlIsGenericTableEmptyAvl(&table));
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(rtl_intsafe_cpp_test_headers_work_in_cpp),
    { NULL, NULL },
};
KTEST_SUITE(rtl_intsafe_cpp, cases);
