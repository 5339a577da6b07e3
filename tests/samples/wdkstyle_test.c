/*
 * PURPOSE: Runs the checks of the WDK-style driver file (wdkstyle_drv.c), which is compiled
 * exactly as a WDK driver would be, unmodified.
 */
#include <ntddk.h>
#include "ktest.h"

NTSTATUS WdkStyleRunChecks(PULONG ChecksPassed);

static void samples_wdkstyle_test_driver_checks_pass(KTEST *t)
{
    ULONG passed = 0;
    NTSTATUS status = WdkStyleRunChecks(&passed);
    KT_EXPECT_EQ(t, status, STATUS_SUCCESS);
    KT_EXPECT_EQ(t, passed, 17);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(samples_wdkstyle_test_driver_checks_pass),
    { 0 },
};
KTEST_SUITE(samples_wdkstyle, cases);
