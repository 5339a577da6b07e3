/*
 * PURPOSE: Tests for KeBugCheckEx and the bugcheck catch API (src/ke/bugcheck.c).
 */
#include <string.h>
#include <wdm.h>
#include <kmode/bugcheck.h>
#include "ktest.h"

static void raise_e2(void *ctx)
{
    (void)ctx;
    KeBugCheckEx(MANUALLY_INITIATED_CRASH, 1, 2, 3, 4);
}

static void nothing(void *ctx)
{
    *(int *)ctx = 42;
}

static void ke_bugcheck_test_catch_records_code_and_parameters(KTEST *t)
{
    KMODE_BUGCHECK bc;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(raise_e2, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, 0xE2);
    KT_EXPECT_EQ(t, bc.Parameter1, 1);
    KT_EXPECT_EQ(t, bc.Parameter4, 4);
    KT_EXPECT_CONTAINS(t, bc.Report, "MANUALLY_INITIATED_CRASH (e2)");
}

static void ke_bugcheck_test_catch_returns_false_without_bugcheck(KTEST *t)
{
    KMODE_BUGCHECK bc;
    int v = 0;
    KT_EXPECT_FALSE(t, KmodeCatchBugCheck(nothing, &v, 0, &bc));
    KT_EXPECT_EQ(t, v, 42);
    KT_EXPECT_EQ(t, bc.Code, 0);
}

static void ke_bugcheck_test_uncaught_exits_with_188(KTEST *t)
{
    char out[8192];
    int status = ktest_run_isolated(raise_e2, NULL, out, sizeof out);
    KT_EXPECT_EQ(t, status, KMODE_BUGCHECK_EXIT_STATUS);
    KT_EXPECT_CONTAINS(t, out, "MANUALLY_INITIATED_CRASH");
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ke_bugcheck_test_catch_records_code_and_parameters),
    KTEST_CASE_ENTRY(ke_bugcheck_test_catch_returns_false_without_bugcheck),
    KTEST_CASE_ENTRY(ke_bugcheck_test_uncaught_exits_with_188),
    { 0 },
};
KTEST_SUITE(ke_bugcheck, cases);
