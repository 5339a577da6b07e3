/*
 * PURPOSE: Driver-mode test of the checked-build debug macros: with DBG=1, KdPrint and
 * KdPrintEx print through DbgPrint/DbgPrintEx with MS formats (%wZ, %ws, %I64d).
 */
#define DBG 1
#include <ntddk.h>
#include "ktest.h"

static char out[4096];

static void print_from_driver(void *ctx)
{
    WCHAR text[] = L"\\Device\\Kmode";
    UNICODE_STRING name = { sizeof text - sizeof(WCHAR), sizeof text, text };
    (void)ctx;
    DbgSetDebugFilterState(DPFLTR_DEFAULT_ID, DPFLTR_INFO_LEVEL, TRUE);
    DbgSetDebugFilterState(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, TRUE);
    KdPrint(("device %wZ\n", &name));
    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "%ws=%I64d\n", L"count", -5LL));
    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "filtered\n"));
}

static void kd_macro_test_kdprint_active_when_dbg(KTEST *t)
{
    KT_EXPECT_EQ(t, ktest_run_isolated(print_from_driver, NULL, out, sizeof out), 0);
    KT_EXPECT_STREQ(t, out, "[test-kd] device \\Device\\Kmode\n[test-kd] count=-5\n");
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(kd_macro_test_kdprint_active_when_dbg),
    { 0 },
};
KTEST_SUITE(kd_macro_checked, cases);
