/*
 * PURPOSE: The assertion macros in a DBG build (DBG=1): ASSERT, ASSERTMSG, NT_ASSERT*,
 * NT_VERIFY*, RTL_VERIFY, RTL_SOFT_ASSERT, KdBreakPoint are active and evaluate their
 * expression exactly once.
 */
#define DBG 1
#include <stdlib.h>
#include <string.h>
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

static DECLSPEC_NOINLINE void assert_false(void *ctx)
{
    (void)ctx;
    ASSERT(count(0) == 1);
    after_macro++;
}

static DECLSPEC_NOINLINE void nt_assert_false(void *ctx)
{
    (void)ctx;
    NT_ASSERT(count(2) < 1);
    after_macro++;
}

static DECLSPEC_NOINLINE void kd_break_point(void *ctx)
{
    (void)ctx;
    KdBreakPoint();
    after_macro++;
}

static DECLSPEC_NOINLINE void messages_in_continue_mode(void *ctx)
{
    (void)ctx;
    setenv("KMODE_BREAK", "continue", 1);
    ASSERTMSG("the widget must be ready", count(0));
    NT_ASSERTMSG("queue not empty", count(0));
    NT_ASSERTMSGW(L"wide \u00fc message", count(0));
    RTL_SOFT_ASSERT(count(0) == 3);
    RTL_SOFT_ASSERTMSG("soft message", count(0));
}

static void ke_assert_dbg_test_true_assertions_evaluate_once(KTEST *t)
{
    evaluations = 0;
    ASSERT(count(1));
    KT_EXPECT_EQ(t, evaluations, 1);
    ASSERTMSG("fine", count(1));
    NT_ASSERT(count(1));
    NT_ASSERTMSG("fine", count(1));
    NT_ASSERTMSGW(L"fine", count(1));
    RTL_SOFT_ASSERT(count(1));
    NT_FRE_ASSERT(count(1));
    KT_EXPECT_EQ(t, evaluations, 7);
    KT_EXPECT_EQ(t, NT_VERIFY(count(5)), TRUE);
    KT_EXPECT_EQ(t, RTL_VERIFY(count(5)), TRUE);
    KT_EXPECT_EQ(t, NT_VERIFYMSG("m", count(5)), TRUE);
    KT_EXPECT_EQ(t, evaluations, 10);
}

static void ke_assert_dbg_test_failed_assert_breaks(KTEST *t)
{
    KMODE_BUGCHECK bc;

    unsetenv("KMODE_BREAK");
    evaluations = 0;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(assert_false, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, evaluations, 1);
    /* ASSERT goes through RtlAssert: a breakpoint, unhandled without a debugger. */
    KT_EXPECT_EQ(t, bc.Code, KMODE_EXCEPTION_NOT_HANDLED);
    KT_EXPECT_EQ(t, (ULONG)bc.Parameter1, (ULONG)STATUS_BREAKPOINT);
    KT_EXPECT_CONTAINS(t, bc.Report, "FAULTING_IP:\ntest-ke!assert_false+0x");
}

static void ke_assert_dbg_test_failed_nt_assert_raises_assertion_failure(KTEST *t)
{
    KMODE_BUGCHECK bc;

    unsetenv("KMODE_BREAK");
    evaluations = 0;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(nt_assert_false, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, evaluations, 1);
    KT_EXPECT_EQ(t, bc.Code, KMODE_EXCEPTION_NOT_HANDLED);
    KT_EXPECT_EQ(t, (ULONG)bc.Parameter1, (ULONG)STATUS_ASSERTION_FAILURE);
    KT_EXPECT_CONTAINS(t, bc.Report, "FAULTING_IP:\ntest-ke!nt_assert_false+0x");
}

static void ke_assert_dbg_test_kd_break_point_is_active(KTEST *t)
{
    KMODE_BUGCHECK bc;

    unsetenv("KMODE_BREAK");
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(kd_break_point, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, (ULONG)bc.Parameter1, (ULONG)STATUS_BREAKPOINT);
}

static void ke_assert_dbg_test_messages(KTEST *t)
{
    static char out[16384];
    int status = ktest_run_isolated(messages_in_continue_mode, NULL, out, sizeof out);

    KT_EXPECT_EQ(t, status, 0);
    KT_EXPECT_CONTAINS(t, out, "*** Assertion failed: the widget must be ready count(0)\n***   Source File: ");
    KT_EXPECT_CONTAINS(t, out, "assert_dbg_test.c, line ");
    KT_EXPECT_CONTAINS(t, out, "kmode: RtlAssert in test-ke!messages_in_continue_mode+0x");
    KT_EXPECT_CONTAINS(t, out, "*** Assertion failed: queue not empty\n");
    KT_EXPECT_CONTAINS(t, out, "*** Assertion failed: wide \xc3\xbc message\n");   /* UTF-8 */
    KT_EXPECT_CONTAINS(t, out, "kmode: assertion failure in test-ke!messages_in_continue_mode+0x");
    KT_EXPECT_CONTAINS(t, out, "assert_dbg_test.c(");
    KT_EXPECT_CONTAINS(t, out, "): Soft assertion failed\n   Expression: count(0) == 3\n");
    KT_EXPECT_CONTAINS(t, out, "   Expression: count(0)\n   Message: soft message\n");
}

static void ke_assert_dbg_test_soft_assert_never_breaks(KTEST *t)
{
    unsetenv("KMODE_BREAK");
    /* In exception mode a real break would bugcheck (and end this uncaught test). */
    KT_EXPECT_EQ(t, RTL_SOFT_ASSERT(0 == 1), FALSE);
    KT_EXPECT_EQ(t, RTL_SOFT_ASSERT(1 == 1), TRUE);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ke_assert_dbg_test_true_assertions_evaluate_once),
    KTEST_CASE_ENTRY(ke_assert_dbg_test_failed_assert_breaks),
    KTEST_CASE_ENTRY(ke_assert_dbg_test_failed_nt_assert_raises_assertion_failure),
    KTEST_CASE_ENTRY(ke_assert_dbg_test_kd_break_point_is_active),
    KTEST_CASE_ENTRY(ke_assert_dbg_test_messages),
    KTEST_CASE_ENTRY(ke_assert_dbg_test_soft_assert_never_breaks),
    { 0 },
};
KTEST_SUITE(ke_assert_dbg, cases);
