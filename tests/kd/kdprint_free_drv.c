/*
 * PURPOSE: Driver-mode test: in a free build (DBG 0) KdPrint/KdPrintEx expand to nothing;
 * their arguments are not even evaluated, as with the WDK.
 */
#define DBG 0
#include <ntddk.h>
#include "ktest.h"

static void kd_macro_test_kdprint_empty_in_free_build(KTEST *t)
{
    int evaluated = 0;
    KdPrint(("%d\n", evaluated++));
    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "%d\n", evaluated++));
    KT_EXPECT_EQ(t, evaluated, 0);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(kd_macro_test_kdprint_empty_in_free_build),
    { 0 },
};
KTEST_SUITE(kd_macro_free, cases);
