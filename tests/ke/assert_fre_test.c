/*
 * PURPOSE: The assertion macros in a release (non-DBG) build: ASSERT, ASSERTMSG, NT_ASSERT*,
 * RTL_SOFT_ASSERT and KdBreakPoint vanish without evaluating their expression; the VERIFY
 * forms still evaluate it (and do not check it); NT_FRE_ASSERT still checks.
 */
#undef DBG
#include <stdlib.h>
#include <wdm.h>
#include <kmode/bugcheck.h>
#include "ktest.h"

static int evaluations;
static volatile int after_macro;   /* code after the macro: no tail call into the runtime */

static int count(int value)
{
    evaluations++;
    return value;
}

static DECLSPEC_NOINLINE void inactive_macros(void *ctx)
{
    (void)ctx;
    ASSERT(count(0));
    ASSERTMSG("m", count(0));
    NT_ASSERT(count(0));
    NT_ASSERTMSG("m", count(0));
    NT_ASSERTMSGW(L"m", count(0));
    NT_ASSERT_ASSUME(count(0));
    RTL_SOFT_ASSERT(count(0));
    RTL_SOFT_ASSERTMSG("m", count(0));
    KdBreakPoint();
    KdBreakPointWithStatus(count(0));
}

static DECLSPEC_NOINLINE void fre_assert_false(void *ctx)
{
    (void)ctx;
    NT_FRE_ASSERT(count(0));
    after_macro++;
}

static void ke_assert_fre_test_inactive_macros_do_not_evaluate(KTEST *t)
{
    KMODE_BUGCHECK bc;

    unsetenv("KMODE_BREAK");
    evaluations = 0;
    /* A false assertion that were active would bugcheck here (exception mode). */
    KT_EXPECT_FALSE(t, KmodeCatchBugCheck(inactive_macros, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, evaluations, 0);
}

static void ke_assert_fre_test_verify_evaluates_without_checking(KTEST *t)
{
    evaluations = 0;
    KT_EXPECT_EQ(t, NT_VERIFY(count(3)), TRUE);
    KT_EXPECT_EQ(t, NT_VERIFY(count(0)), FALSE);      /* no break in a release build */
    KT_EXPECT_EQ(t, NT_VERIFYMSG("m", count(0)), FALSE);
    KT_EXPECT_EQ(t, NT_VERIFYMSGW(L"m", count(1)), TRUE);
    KT_EXPECT_EQ(t, RTL_VERIFY(count(0)), FALSE);
    KT_EXPECT_EQ(t, RTL_VERIFYMSG("m", count(2)), TRUE);
    KT_EXPECT_EQ(t, RTL_SOFT_VERIFY(count(0)), FALSE);
    KT_EXPECT_EQ(t, evaluations, 7);
}

static void ke_assert_fre_test_fre_assert_always_checks(KTEST *t)
{
    KMODE_BUGCHECK bc;

    unsetenv("KMODE_BREAK");
    evaluations = 0;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(fre_assert_false, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, evaluations, 1);
    KT_EXPECT_EQ(t, (ULONG)bc.Parameter1, (ULONG)STATUS_ASSERTION_FAILURE);
    KT_EXPECT_EQ(t, NT_FRE_ASSERT(count(1)), TRUE);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ke_assert_fre_test_inactive_macros_do_not_evaluate),
    KTEST_CASE_ENTRY(ke_assert_fre_test_verify_evaluates_without_checking),
    KTEST_CASE_ENTRY(ke_assert_fre_test_fre_assert_always_checks),
    { 0 },
};
KTEST_SUITE(ke_assert_fre, cases);
