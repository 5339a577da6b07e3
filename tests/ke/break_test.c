/*
 * PURPOSE: Tests for DbgBreakPoint(WithStatus), DbgRaiseAssertionFailure, RtlAssert and the
 * debugger-presence variables (src/ke/break.c, src/rtl/assert.c), in the three modes: a
 * debugger attached (a real ptrace tracer), KMODE_BREAK=continue, and the default
 * exception mode.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wdm.h>
#include <kmode/bugcheck.h>
#include <internal/host.h>
#include "ktest.h"

static int after_break;

static DECLSPEC_NOINLINE void break_once(void *ctx)
{
    (void)ctx;
    DbgBreakPoint();
    after_break++;
    fputs("[after]\n", stderr);
}

static DECLSPEC_NOINLINE void break_with_status(void *ctx)
{
    (void)ctx;
    DbgBreakPointWithStatus(0x1234);
    fputs("[after]\n", stderr);
}

static DECLSPEC_NOINLINE void raise_assertion(void *ctx)
{
    (void)ctx;
    DbgRaiseAssertionFailure();
    fputs("[after]\n", stderr);
}

static DECLSPEC_NOINLINE void rtl_assert_directly(void *ctx)
{
    (void)ctx;
    RtlAssert((PVOID)"x == 1", (PVOID)"driver.c", 77, (PSTR)"x must be one");
    fputs("[after]\n", stderr);
}

static void set_mode(const char *mode)
{
    if (mode)
        setenv("KMODE_BREAK", mode, 1);
    else
        unsetenv("KMODE_BREAK");
}

/* Helpers for the driver-mode tests (break_drv.c), which see no libc or internal header. */
void ke_break_test_default_mode(void);
int ke_break_test_return_address_in(PVOID ReturnAddress, const char *Function);

void ke_break_test_default_mode(void)
{
    set_mode(NULL);
}

int ke_break_test_return_address_in(PVOID ReturnAddress, const char *Function)
{
    HOST_SYMBOL sym;
    return HostSymbolizeEx(ReturnAddress, HOST_SYMBOLIZE_RETURN_ADDRESS, &sym) && sym.Function &&
           strcmp(sym.Function, Function) == 0;
}

/* ---- KMODE_BREAK=continue ------------------------------------------------------------- */

static void continue_mode(void *routine)
{
    set_mode("continue");
    ((void (*)(void *))routine)(NULL);
}

static void ke_break_test_continue_mode_logs_and_returns(KTEST *t)
{
    static char out[8192];
    int status = ktest_run_isolated(continue_mode, (void *)break_once, out, sizeof out);
    KT_EXPECT_EQ(t, status, 0);
    KT_EXPECT_CONTAINS(t, out, "kmode: DbgBreakPoint in test-ke!break_once+0x");
    KT_EXPECT_CONTAINS(t, out, "break_test.c @ ");
    KT_EXPECT_CONTAINS(t, out, ": no debugger, KMODE_BREAK=continue: continuing\n");
    KT_EXPECT_CONTAINS(t, out, "[after]");
}

static void ke_break_test_continue_mode_with_status(KTEST *t)
{
    static char out[8192];
    int status = ktest_run_isolated(continue_mode, (void *)break_with_status, out, sizeof out);
    KT_EXPECT_EQ(t, status, 0);
    KT_EXPECT_CONTAINS(t, out, "kmode: DbgBreakPointWithStatus in test-ke!break_with_status+0x");
    KT_EXPECT_CONTAINS(t, out, "(Status 0x1234): no debugger, KMODE_BREAK=continue");
    KT_EXPECT_CONTAINS(t, out, "[after]");
}

static void ke_break_test_continue_mode_rtl_assert_message(KTEST *t)
{
    static char out[8192];
    int status = ktest_run_isolated(continue_mode, (void *)rtl_assert_directly, out, sizeof out);
    KT_EXPECT_EQ(t, status, 0);
    KT_EXPECT_CONTAINS(t, out, "*** Assertion failed: x must be one x == 1\n***   Source File: driver.c, line 77\n");
    KT_EXPECT_CONTAINS(t, out, "kmode: RtlAssert in test-ke!rtl_assert_directly+0x");
    KT_EXPECT_CONTAINS(t, out, "[after]");
}

static void ke_break_test_continue_mode_assertion_failure(KTEST *t)
{
    static char out[8192];
    int status = ktest_run_isolated(continue_mode, (void *)raise_assertion, out, sizeof out);
    KT_EXPECT_EQ(t, status, 0);
    KT_EXPECT_CONTAINS(t, out, "*** Assertion failed: (DbgRaiseAssertionFailure)\n***   Source File: ");
    KT_EXPECT_CONTAINS(t, out, "break_test.c, line ");
    KT_EXPECT_CONTAINS(t, out, "kmode: assertion failure in test-ke!raise_assertion+0x");
    KT_EXPECT_CONTAINS(t, out, "[after]");
}

/* ---- Default: exception --------------------------------------------------------------- */

static void ke_break_test_exception_mode_is_default(KTEST *t)
{
    KMODE_BUGCHECK bc;

    set_mode(NULL);
    after_break = 0;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(break_once, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, after_break, 0);   /* never silently continued */
    KT_EXPECT_EQ(t, bc.Code, KMODE_EXCEPTION_NOT_HANDLED);
    KT_EXPECT_EQ(t, (ULONG)bc.Parameter1, (ULONG)STATUS_BREAKPOINT);
    KT_EXPECT_NE(t, bc.Parameter2, 0);          /* where the breakpoint was */
    KT_EXPECT_EQ(t, bc.Parameter3, 0);          /* BREAKPOINT_BREAK */
    KT_EXPECT_CONTAINS(t, bc.Report, "exception code (STATUS_BREAKPOINT)");
    KT_EXPECT_CONTAINS(t, bc.Report, "FAULTING_IP:\ntest-ke!break_once+0x");
}

static void ke_break_test_unknown_mode_means_exception(KTEST *t)
{
    KMODE_BUGCHECK bc;

    set_mode("contnue");   /* a typo must not skip breakpoints */
    KT_EXPECT_TRUE(t, KmodeCatchBugCheck(break_once, NULL, KMODE_CATCH_QUIET, &bc));
    set_mode("exception");
    KT_EXPECT_TRUE(t, KmodeCatchBugCheck(break_once, NULL, KMODE_CATCH_QUIET, &bc));
    set_mode(NULL);
    KT_EXPECT_EQ(t, (ULONG)bc.Parameter1, (ULONG)STATUS_BREAKPOINT);
}

static void ke_break_test_exception_mode_assertion(KTEST *t)
{
    KMODE_BUGCHECK bc;

    set_mode(NULL);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(raise_assertion, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, KMODE_EXCEPTION_NOT_HANDLED);
    KT_EXPECT_EQ(t, (ULONG)bc.Parameter1, (ULONG)STATUS_ASSERTION_FAILURE);
    KT_EXPECT_CONTAINS(t, bc.Report, "exception code (STATUS_ASSERTION_FAILURE)");
    KT_EXPECT_CONTAINS(t, bc.Report, "FAULTING_IP:\ntest-ke!raise_assertion+0x");

    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(rtl_assert_directly, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, (ULONG)bc.Parameter1, (ULONG)STATUS_BREAKPOINT);   /* RtlAssert breaks */
}

static void ke_break_test_uncaught_breakpoint_exits_188(KTEST *t)
{
    static char out[65536];
    int status;

    set_mode(NULL);
    status = ktest_run_isolated(break_once, NULL, out, sizeof out);
    KT_EXPECT_EQ(t, status, KMODE_BUGCHECK_EXIT_STATUS);
    KT_EXPECT_CONTAINS(t, out, ": no debugger: raising STATUS_BREAKPOINT\n");
    KT_EXPECT_CONTAINS(t, out, "KMODE_EXCEPTION_NOT_HANDLED (1e)");
    KT_EXPECT_FALSE(t, ktest_contains(out, "[after]"));
}

/* ---- Debugger attached ---------------------------------------------------------------- */

/*
 * Runs Routine in a child traced by this process (PTRACE_TRACEME), playing the debugger:
 * every SIGTRAP stop is counted and resumed, delivering the signal when DeliverTrap (a
 * tracer that is not a debugger, like strace) or suppressing it (gdb's "continue").
 * Returns the child's exit status, -1 if tracing is not possible here.
 */
static int run_traced(void (*routine)(void *), BOOLEAN deliverTrap, int *traps, char *out,
                      size_t cap)
{
    int pipefd[2];
    int status;
    size_t used = 0;
    pid_t pid;

    *traps = 0;
    fflush(stderr);
    if (pipe(pipefd) != 0)
        return -1;
    pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        close(pipefd[0]);
        dup2(pipefd[1], 2);
        close(pipefd[1]);
        if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) != 0)
            _exit(99);
        raise(SIGSTOP);            /* let the tracer take over */
        routine(NULL);
        fflush(stderr);
        _exit(42);
    }
    close(pipefd[1]);
    for (;;) {
        if (waitpid(pid, &status, 0) < 0)
            break;
        if (WIFEXITED(status) || WIFSIGNALED(status))
            break;
        if (WIFSTOPPED(status)) {
            int sig = WSTOPSIG(status);
            int deliver = 0;
            if (sig == SIGTRAP) {
                (*traps)++;
                deliver = deliverTrap ? SIGTRAP : 0;
            } else if (sig != SIGSTOP) {
                deliver = sig;
            }
            ptrace(PTRACE_CONT, pid, NULL, (void *)(long)deliver);
        }
    }
    for (;;) {
        ssize_t n = read(pipefd[0], out + used, cap - 1 - used);
        if (n <= 0)
            break;
        used += (size_t)n;
    }
    out[used] = 0;
    close(pipefd[0]);
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

static void ke_break_test_debugger_stops_and_continues(KTEST *t)
{
    static char out[8192];
    int traps;
    int status = run_traced(break_once, FALSE, &traps, out, sizeof out);

    if (status == 99 || status == -1) {
        ktest_log(t, "ptrace is not available here; debugger path not exercised");
        return;
    }
    KT_EXPECT_EQ(t, status, 42);
    KT_EXPECT_EQ(t, traps, 1);
    KT_EXPECT_CONTAINS(t, out, "kmode: DbgBreakPoint in test-ke!break_once+0x");
    KT_EXPECT_CONTAINS(t, out, ": stopping in the debugger (continue to resume)\n");
    KT_EXPECT_CONTAINS(t, out, "[after]");
}

static void ke_break_test_debugger_stops_on_assertion(KTEST *t)
{
    static char out[8192];
    int traps;
    int status = run_traced(raise_assertion, FALSE, &traps, out, sizeof out);

    if (status == 99 || status == -1)
        return;
    KT_EXPECT_EQ(t, status, 42);
    KT_EXPECT_EQ(t, traps, 1);
    KT_EXPECT_CONTAINS(t, out, "*** Assertion failed: (DbgRaiseAssertionFailure)");
    KT_EXPECT_CONTAINS(t, out, "[after]");
}

static void ke_break_test_tracer_delivering_sigtrap_does_not_kill(KTEST *t)
{
    static char out[8192];
    int traps;
    int status = run_traced(break_once, TRUE, &traps, out, sizeof out);

    if (status == 99 || status == -1)
        return;
    KT_EXPECT_EQ(t, status, 42);
    KT_EXPECT_EQ(t, traps, 1);
    KT_EXPECT_CONTAINS(t, out, "[after]");
}

static void traced_refresh(void *ctx)
{
    BOOLEAN before = KD_DEBUGGER_NOT_PRESENT;   /* set when the process started untraced */
    BOOLEAN notPresent;
    (void)ctx;
    notPresent = KdRefreshDebuggerNotPresent();
    fprintf(stderr, "[before=%d not-present=%d enabled=%d]\n", (int)before, (int)notPresent,
            (int)KD_DEBUGGER_ENABLED);
}

static void ke_break_test_debugger_variables_under_tracer(KTEST *t)
{
    static char out[8192];
    int traps;
    int status = run_traced(traced_refresh, FALSE, &traps, out, sizeof out);

    if (status == 99 || status == -1)
        return;
    KT_EXPECT_EQ(t, status, 42);
    KT_EXPECT_CONTAINS(t, out, "[before=1 not-present=0 enabled=1]");
}

/* ---- Debugger variables --------------------------------------------------------------- */

static void ke_break_test_debugger_variables(KTEST *t)
{
    /* ctest runs us without a debugger. */
    KT_EXPECT_TRUE(t, KdDebuggerNotPresent != NULL && KdDebuggerEnabled != NULL);
    KT_EXPECT_EQ(t, KD_DEBUGGER_NOT_PRESENT, TRUE);
    KT_EXPECT_EQ(t, KD_DEBUGGER_ENABLED, FALSE);

    /* Any kernel-mode code may write them; the refresh puts the truth back. */
    KD_DEBUGGER_NOT_PRESENT = FALSE;
    KD_DEBUGGER_ENABLED = TRUE;
    KT_EXPECT_EQ(t, KdRefreshDebuggerNotPresent(), TRUE);
    KT_EXPECT_EQ(t, KD_DEBUGGER_NOT_PRESENT, TRUE);
    KT_EXPECT_EQ(t, KD_DEBUGGER_ENABLED, FALSE);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ke_break_test_continue_mode_logs_and_returns),
    KTEST_CASE_ENTRY(ke_break_test_continue_mode_with_status),
    KTEST_CASE_ENTRY(ke_break_test_continue_mode_rtl_assert_message),
    KTEST_CASE_ENTRY(ke_break_test_continue_mode_assertion_failure),
    KTEST_CASE_ENTRY(ke_break_test_exception_mode_is_default),
    KTEST_CASE_ENTRY(ke_break_test_unknown_mode_means_exception),
    KTEST_CASE_ENTRY(ke_break_test_exception_mode_assertion),
    KTEST_CASE_ENTRY(ke_break_test_uncaught_breakpoint_exits_188),
    KTEST_CASE_ENTRY(ke_break_test_debugger_stops_and_continues),
    KTEST_CASE_ENTRY(ke_break_test_debugger_stops_on_assertion),
    KTEST_CASE_ENTRY(ke_break_test_tracer_delivering_sigtrap_does_not_kill),
    KTEST_CASE_ENTRY(ke_break_test_debugger_variables_under_tracer),
    KTEST_CASE_ENTRY(ke_break_test_debugger_variables),
    { 0 },
};
KTEST_SUITE(ke_break, cases);
