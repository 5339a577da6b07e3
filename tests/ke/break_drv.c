/*
 * PURPOSE: Breakpoints and assertions as a WDK driver sees them (driver mode, DBG=1): the
 * exceptions they raise reach the driver's own __try/__except, with Windows' codes and
 * exception records; unhandled, they bugcheck 0x1E; the debugger variables and the
 * bugcheck codes come from wdm.h.
 */
#define DBG 1
#include <ntddk.h>
#include <kmode/bugcheck.h>
#include "ktest.h"

/* From break_test.c (runtime mode). */
void ke_break_test_default_mode(void);
int ke_break_test_return_address_in(PVOID ReturnAddress, const char *Function);

static volatile int after_break;
static volatile int evaluations;

static int count(int value)
{
    evaluations++;
    return value;
}

static void ke_break_drv_test_try_except_catches_breakpoint(KTEST *t)
{
    volatile NTSTATUS code = 0;
    volatile int after = 0, handled = 0;
    volatile ULONG parameters = 99;
    volatile ULONG_PTR information0 = 99;
    PVOID volatile address = NULL;

    ke_break_test_default_mode();
    __try {
        DbgBreakPoint();
        after = 1;
    } __except (code = GetExceptionCode(),
                parameters = GetExceptionInformation()->ExceptionRecord->NumberParameters,
                information0 = GetExceptionInformation()->ExceptionRecord->ExceptionInformation[0],
                address = GetExceptionInformation()->ExceptionRecord->ExceptionAddress,
                EXCEPTION_EXECUTE_HANDLER) {
        handled = 1;
    }
    KT_EXPECT_EQ(t, handled, 1);
    KT_EXPECT_EQ(t, after, 0);
    KT_EXPECT_EQ(t, code, STATUS_BREAKPOINT);
    KT_EXPECT_EQ(t, parameters, 1);
    KT_EXPECT_EQ(t, information0, 0);     /* BREAKPOINT_BREAK */
    /* The exception is at the breakpoint's call, in this function, not inside kmode. */
    KT_EXPECT_TRUE(t, ke_break_test_return_address_in(address,
                                                      "ke_break_drv_test_try_except_catches_breakpoint"));
}

static void ke_break_drv_test_try_except_sees_assertion_codes(KTEST *t)
{
    volatile NTSTATUS raiseCode = 0, assertCode = 0, ntAssertCode = 0, withStatusCode = 0;
    volatile ULONG parameters = 99;

    ke_break_test_default_mode();
    evaluations = 0;
    __try {
        DbgRaiseAssertionFailure();
    } __except (raiseCode = GetExceptionCode(),
                parameters = GetExceptionInformation()->ExceptionRecord->NumberParameters,
                EXCEPTION_EXECUTE_HANDLER) {
        evaluations += 100;
    }
    __try {
        ASSERT(count(0));
    } __except (assertCode = GetExceptionCode(),
                EXCEPTION_EXECUTE_HANDLER) {
        evaluations += 100;
    }
    __try {
        NT_ASSERT(count(0));
    } __except (ntAssertCode = GetExceptionCode(),
                EXCEPTION_EXECUTE_HANDLER) {
        evaluations += 100;
    }
    __try {
        KdBreakPointWithStatus(7);
    } __except (withStatusCode = GetExceptionCode(),
                EXCEPTION_EXECUTE_HANDLER) {
        evaluations += 100;
    }
    KT_EXPECT_EQ(t, raiseCode, STATUS_ASSERTION_FAILURE);      /* int 2c */
    KT_EXPECT_EQ(t, parameters, 0);
    KT_EXPECT_EQ(t, assertCode, STATUS_BREAKPOINT);            /* RtlAssert breaks */
    KT_EXPECT_EQ(t, ntAssertCode, STATUS_ASSERTION_FAILURE);
    KT_EXPECT_EQ(t, withStatusCode, STATUS_BREAKPOINT);
    KT_EXPECT_EQ(t, evaluations, 402);   /* two assertion expressions + four handlers */
}

static DECLSPEC_NOINLINE void break_under_declining_filter(void *ctx)
{
    (void)ctx;
    __try {
        DbgBreakPoint();
        after_break++;
    } __except (GetExceptionCode() == STATUS_ACCESS_VIOLATION ? EXCEPTION_EXECUTE_HANDLER
                                                               : EXCEPTION_CONTINUE_SEARCH) {
        after_break += 100;
    }
}

static void ke_break_drv_test_unhandled_breakpoint_bugchecks_1e(KTEST *t)
{
    KMODE_BUGCHECK bc;

    ke_break_test_default_mode();
    after_break = 0;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(break_under_declining_filter, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, after_break, 0);
    KT_EXPECT_EQ(t, bc.Code, KMODE_EXCEPTION_NOT_HANDLED);
    KT_EXPECT_EQ(t, (ULONG)bc.Parameter1, (ULONG)STATUS_BREAKPOINT);
    KT_EXPECT_CONTAINS(t, bc.Report, "KMODE_EXCEPTION_NOT_HANDLED (1e)");
    KT_EXPECT_CONTAINS(t, bc.Report, "exception code (STATUS_BREAKPOINT)");
    KT_EXPECT_CONTAINS(t, bc.Report, "FAULTING_IP:\ntest-ke!break_under_declining_filter+0x");
    KT_EXPECT_CONTAINS(t, bc.Report, "KMODE_BREAK=continue");
    /* The stack is the one at the breakpoint, not the one left after the SEH walk. */
    KT_EXPECT_CONTAINS(t, bc.Report,
                       "STACK_TEXT (when the exception was raised):\n00 test-ke!break_under_declining_filter+0x");

    /* The thread's SEH state is clean again after the caught bugcheck. */
    ke_break_drv_test_try_except_catches_breakpoint(t);
}

static void ke_break_drv_test_debugger_variables(KTEST *t)
{
    KT_EXPECT_EQ(t, KdRefreshDebuggerNotPresent(), TRUE);
    KT_EXPECT_EQ(t, KD_DEBUGGER_NOT_PRESENT, TRUE);
    KT_EXPECT_EQ(t, KD_DEBUGGER_ENABLED, FALSE);
    KT_EXPECT_EQ(t, sizeof(KD_DEBUGGER_NOT_PRESENT), 1);       /* BOOLEAN */
    KT_EXPECT_EQ(t, DRIVER_IRQL_NOT_LESS_OR_EQUAL, 0xD1);
    KT_EXPECT_EQ(t, KERNEL_SECURITY_CHECK_FAILURE, 0x139);
    KT_EXPECT_EQ(t, NT_VERIFY(count(1)), TRUE);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ke_break_drv_test_try_except_catches_breakpoint),
    KTEST_CASE_ENTRY(ke_break_drv_test_try_except_sees_assertion_codes),
    KTEST_CASE_ENTRY(ke_break_drv_test_unhandled_breakpoint_bugchecks_1e),
    KTEST_CASE_ENTRY(ke_break_drv_test_debugger_variables),
    { 0 },
};
KTEST_SUITE(ke_break_drv, cases);
