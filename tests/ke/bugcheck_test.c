/*
 * PURPOSE: Tests for KeBugCheck(Ex), the bugcheck report and the bugcheck catch API
 * (src/ke/bugcheck.c, src/ke/bugcheck_info.c), and for the code table of bugcodes.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wdm.h>
#include <kmode/bugcheck.h>
#include <internal/ke.h>
#include "ktest.h"

/* ---- Routines that bugcheck ----------------------------------------------------------- */

static void raise_e2(void *ctx)
{
    (void)ctx;
    KeBugCheckEx(MANUALLY_INITIATED_CRASH, 1, 2, 3, 4);
}

static void nothing(void *ctx)
{
    *(int *)ctx = 42;
}

static int known_line;

static DECLSPEC_NOINLINE void bugcheck_at_known_line(void *ctx)
{
    (void)ctx;
    known_line = __LINE__ + 1;
    KeBugCheckEx(DRIVER_IRQL_NOT_LESS_OR_EQUAL, 0x10, 2, 1, 0x1234);
}

typedef struct {
    ULONG Code;
    ULONG_PTR P[4];
} BUGCHECK_ARGS;

static DECLSPEC_NOINLINE void bugcheck_with(void *ctx)
{
    BUGCHECK_ARGS *a = (BUGCHECK_ARGS *)ctx;
    KeBugCheckEx(a->Code, a->P[0], a->P[1], a->P[2], a->P[3]);
}

static DECLSPEC_NOINLINE void bugcheck_no_params(void *ctx)
{
    (void)ctx;
    KeBugCheck(MANUALLY_INITIATED_CRASH);
}

/* Runs KeBugCheckEx(Code, P1..P4) under a quiet catch and returns the report. */
static const char *report_for(KTEST *t, ULONG code, ULONG_PTR p1, ULONG_PTR p2, ULONG_PTR p3,
                              ULONG_PTR p4)
{
    BUGCHECK_ARGS a = { code, { p1, p2, p3, p4 } };
    KMODE_BUGCHECK bc;

    if (!KmodeCatchBugCheck(bugcheck_with, &a, KMODE_CATCH_QUIET, &bc)) {
        KT_FAIL(t, "no bugcheck");
        return "";
    }
    KT_EXPECT_EQ(t, bc.Code, code);
    KT_EXPECT_EQ(t, bc.Parameter1, p1);
    KT_EXPECT_EQ(t, bc.Parameter4, p4);
    return bc.Report;
}

/* ---- Catch API ------------------------------------------------------------------------ */

static void ke_bugcheck_test_catch_records_code_and_parameters(KTEST *t)
{
    KMODE_BUGCHECK bc;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(raise_e2, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, 0xE2);
    KT_EXPECT_EQ(t, bc.Parameter1, 1);
    KT_EXPECT_EQ(t, bc.Parameter2, 2);
    KT_EXPECT_EQ(t, bc.Parameter3, 3);
    KT_EXPECT_EQ(t, bc.Parameter4, 4);
    KT_EXPECT_CONTAINS(t, bc.Report, "MANUALLY_INITIATED_CRASH (e2)");
    KT_EXPECT_CONTAINS(t, bc.Report, "caught by KmodeCatchBugCheck");
}

static void ke_bugcheck_test_catch_returns_false_without_bugcheck(KTEST *t)
{
    KMODE_BUGCHECK bc;
    int v = 0;
    memset(&bc, 0xAA, sizeof bc);
    KT_EXPECT_FALSE(t, KmodeCatchBugCheck(nothing, &v, 0, &bc));
    KT_EXPECT_EQ(t, v, 42);
    KT_EXPECT_EQ(t, bc.Code, 0);
    KT_EXPECT_TRUE(t, bc.Report == NULL);
}

static void ke_bugcheck_test_kebugcheck_has_zero_parameters(KTEST *t)
{
    KMODE_BUGCHECK bc;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(bugcheck_no_params, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, MANUALLY_INITIATED_CRASH);
    KT_EXPECT_EQ(t, bc.Parameter1, 0);
    KT_EXPECT_EQ(t, bc.Parameter2, 0);
    KT_EXPECT_EQ(t, bc.Parameter3, 0);
    KT_EXPECT_EQ(t, bc.Parameter4, 0);
    KT_EXPECT_CONTAINS(t, bc.Report, "bugcheck_no_params");
}

static BOOLEAN inner_caught;
static ULONG inner_code;

static void inner_then_outer(void *ctx)
{
    KMODE_BUGCHECK inner;
    (void)ctx;
    inner_caught = KmodeCatchBugCheck(raise_e2, NULL, KMODE_CATCH_QUIET, &inner);
    inner_code = inner.Code;
    KeBugCheckEx(KERNEL_SECURITY_CHECK_FAILURE, 3, 0, 0, 0);
}

static void ke_bugcheck_test_nested_catch(KTEST *t)
{
    KMODE_BUGCHECK outer;
    inner_caught = FALSE;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(inner_then_outer, NULL, KMODE_CATCH_QUIET, &outer));
    KT_EXPECT_TRUE(t, inner_caught);
    KT_EXPECT_EQ(t, inner_code, MANUALLY_INITIATED_CRASH);
    KT_EXPECT_EQ(t, outer.Code, KERNEL_SECURITY_CHECK_FAILURE);
    KT_EXPECT_EQ(t, outer.Parameter1, 3);
    /* Both catches are gone: the thread is back to no catch at all. */
    KT_EXPECT_TRUE(t, KiThreadState.BugCheckCatch == NULL);
    KT_EXPECT_EQ(t, KiThreadState.BugCheckDepth, 0);
}

static void ke_bugcheck_test_catch_restores_seh_chain(KTEST *t)
{
    KMODE_BUGCHECK bc;
    struct _KMODE_SEH_FRAME *saved = KiThreadState.SehChain;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(raise_e2, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_PTR_EQ(t, KiThreadState.SehChain, saved);
}

/* ---- Uncaught ------------------------------------------------------------------------- */

static void ke_bugcheck_test_uncaught_exits_with_188(KTEST *t)
{
    static char out[65536];
    int status = ktest_run_isolated(raise_e2, NULL, out, sizeof out);
    KT_EXPECT_EQ(t, status, KMODE_BUGCHECK_EXIT_STATUS);
    KT_EXPECT_CONTAINS(t, out, "Bugcheck Analysis");
    KT_EXPECT_CONTAINS(t, out, "MANUALLY_INITIATED_CRASH (e2)");
    KT_EXPECT_CONTAINS(t, out, "Arg1: 0000000000000001");
    KT_EXPECT_CONTAINS(t, out, "FAULTING_IP:\ntest-ke!raise_e2+0x");
    KT_EXPECT_CONTAINS(t, out, "STACK_TEXT:\n00 test-ke!raise_e2+0x");
    KT_EXPECT_CONTAINS(t, out, "exits with status 188");
}

static void catch_noisy(void *ctx)
{
    KMODE_BUGCHECK bc;
    (void)ctx;
    if (KmodeCatchBugCheck(raise_e2, NULL, 0, &bc))
        fputs("[caught]", stderr);
}

static void catch_quiet(void *ctx)
{
    KMODE_BUGCHECK bc;
    (void)ctx;
    if (KmodeCatchBugCheck(raise_e2, NULL, KMODE_CATCH_QUIET, &bc))
        fputs("[caught]", stderr);
}

static void ke_bugcheck_test_quiet_flag_controls_printing(KTEST *t)
{
    static char out[65536];
    KT_EXPECT_EQ(t, ktest_run_isolated(catch_noisy, NULL, out, sizeof out), 0);
    KT_EXPECT_CONTAINS(t, out, "MANUALLY_INITIATED_CRASH (e2)");
    KT_EXPECT_CONTAINS(t, out, "[caught]");
    KT_EXPECT_EQ(t, ktest_run_isolated(catch_quiet, NULL, out, sizeof out), 0);
    KT_EXPECT_FALSE(t, ktest_contains(out, "MANUALLY_INITIATED_CRASH"));
    KT_EXPECT_CONTAINS(t, out, "[caught]");
}

/* ---- Report content ------------------------------------------------------------------- */

static void ke_bugcheck_test_report_names_caller_function_and_line(KTEST *t)
{
    KMODE_BUGCHECK bc;
    char expect[128];

    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(bugcheck_at_known_line, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_CONTAINS(t, bc.Report, "DRIVER_IRQL_NOT_LESS_OR_EQUAL (d1)");
    KT_EXPECT_CONTAINS(t, bc.Report, "FAULTING_IP:\ntest-ke!bugcheck_at_known_line+0x");
    KT_EXPECT_CONTAINS(t, bc.Report, "MODULE_NAME: test-ke\n");
    KT_EXPECT_CONTAINS(t, bc.Report, "SYMBOL_NAME:  test-ke!bugcheck_at_known_line+");
    KT_EXPECT_CONTAINS(t, bc.Report, "FAULTING_SOURCE_FILE:  ");
    KT_EXPECT_CONTAINS(t, bc.Report, "tests/ke/bugcheck_test.c\n");
    snprintf(expect, sizeof expect, "FAULTING_SOURCE_LINE_NUMBER:  %d\n", known_line);
    KT_EXPECT_CONTAINS(t, bc.Report, expect);
    snprintf(expect, sizeof expect, "bugcheck_test.c @ %d]", known_line);
    KT_EXPECT_CONTAINS(t, bc.Report, expect);
    KT_EXPECT_CONTAINS(t, bc.Report, "FAULTING_MODULE: /");
}

static void ke_bugcheck_test_report_stack_skips_bugcheck_frames(KTEST *t)
{
    KMODE_BUGCHECK bc;
    const char *stack;

    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(bugcheck_at_known_line, NULL, KMODE_CATCH_QUIET, &bc));
    stack = strstr(bc.Report, "STACK_TEXT:\n");
    KT_ASSERT_TRUE(t, stack != NULL);
    KT_EXPECT_TRUE(t, strncmp(stack, "STACK_TEXT:\n00 test-ke!bugcheck_at_known_line+0x", 48) == 0);
    KT_EXPECT_CONTAINS(t, stack, "test-ke!KmodeCatchBugCheck+0x");
    KT_EXPECT_CONTAINS(t, stack, "ke_bugcheck_test_report_stack_skips_bugcheck_frames");
    KT_EXPECT_FALSE(t, ktest_contains(stack, "KeBugCheckEx"));
    KT_EXPECT_FALSE(t, ktest_contains(stack, "KipBugCheck"));
    KT_EXPECT_FALSE(t, ktest_contains(stack, "HostCaptureStack"));
}

static void ke_bugcheck_test_report_irql_parameters(KTEST *t)
{
    const char *r = report_for(t, DRIVER_IRQL_NOT_LESS_OR_EQUAL, 0x10, 2, 1, 0x1234);
    KT_EXPECT_CONTAINS(t, r, "DRIVER_IRQL_NOT_LESS_OR_EQUAL (d1)\nA driver accessed pageable");
    KT_EXPECT_CONTAINS(t, r, "Arg1: 0000000000000010, memory referenced\n");
    KT_EXPECT_CONTAINS(t, r, "Arg2: 0000000000000002, IRQL at the time of the reference\n");
    KT_EXPECT_CONTAINS(t, r, "Arg3: 0000000000000001, 0: read, 1: write, 2 or 8: execute\n");
    KT_EXPECT_CONTAINS(t, r, "Arg4: 0000000000001234, address of the instruction that referenced memory\n");
    KT_EXPECT_CONTAINS(t, r, "BUGCHECK_CODE:  d1\nBUGCHECK_P1: 10\nBUGCHECK_P2: 2\n");
    KT_EXPECT_CONTAINS(t, r, "ANALYSIS:\n");

    r = report_for(t, IRQL_NOT_LESS_OR_EQUAL, 0x8, 2, 0, 0);
    KT_EXPECT_CONTAINS(t, r, "IRQL_NOT_LESS_OR_EQUAL (a)\n");
    KT_EXPECT_CONTAINS(t, r, "Arg1: 0000000000000008, memory referenced\n");
}

static void ke_bugcheck_test_report_list_entry_corruption(KTEST *t)
{
    const char *r = report_for(t, KERNEL_SECURITY_CHECK_FAILURE, 3, 0xAB, 0xCD, 0);
    KT_EXPECT_CONTAINS(t, r, "KERNEL_SECURITY_CHECK_FAILURE (139)\n");
    KT_EXPECT_CONTAINS(t, r, "Arg1: 0000000000000003, type of corruption: FAST_FAIL_CORRUPT_LIST_ENTRY, a LIST_ENTRY was corrupted\n");
    KT_EXPECT_CONTAINS(t, r, "Arg2: 00000000000000ab, address of the trap frame");
    KT_EXPECT_CONTAINS(t, r, "Arg4: 0000000000000000, reserved\n");
    KT_EXPECT_CONTAINS(t, r, "ANALYSIS:\nA LIST_ENTRY was corrupted: the Flink/Blink of a neighbour do not point back");
    KT_EXPECT_CONTAINS(t, r, "removing an entry twice");
    KT_EXPECT_CONTAINS(t, r, "without a lock");

    r = report_for(t, KERNEL_SECURITY_CHECK_FAILURE, 2, 0, 0, 0);
    KT_EXPECT_CONTAINS(t, r, "FAST_FAIL_STACK_COOKIE_CHECK_FAILURE");
    r = report_for(t, KERNEL_SECURITY_CHECK_FAILURE, 38, 0, 0, 0);
    KT_EXPECT_CONTAINS(t, r, "FAST_FAIL_INVALID_LONGJUMP_TARGET");
    r = report_for(t, KERNEL_SECURITY_CHECK_FAILURE, 999, 0, 0, 0);
    KT_EXPECT_CONTAINS(t, r, "Arg1: 00000000000003e7, type of corruption (a FAST_FAIL code kmode does not name)\n");
}

static void ke_bugcheck_test_report_exception_not_handled(KTEST *t)
{
    const char *r = report_for(t, KMODE_EXCEPTION_NOT_HANDLED, 0xC0000005, 0x401000, 0, 0x8);
    KT_EXPECT_CONTAINS(t, r, "KMODE_EXCEPTION_NOT_HANDLED (1e)\n");
    KT_EXPECT_CONTAINS(t, r, "Arg1: 00000000c0000005, exception code (STATUS_ACCESS_VIOLATION)\n");
    KT_EXPECT_CONTAINS(t, r, "Arg2: 0000000000401000, address where the exception occurred\n");
    KT_EXPECT_CONTAINS(t, r, "A value below 0x1000 is a NULL pointer");

    r = report_for(t, KMODE_EXCEPTION_NOT_HANDLED, 0x80000003, 0x401000, 0, 0);
    KT_EXPECT_CONTAINS(t, r, "exception code (STATUS_BREAKPOINT)");
    KT_EXPECT_CONTAINS(t, r, "KMODE_BREAK=continue");

    r = report_for(t, SYSTEM_THREAD_EXCEPTION_NOT_HANDLED, 0xC0000420, 0x401000, 0x1, 0x2);
    KT_EXPECT_CONTAINS(t, r, "SYSTEM_THREAD_EXCEPTION_NOT_HANDLED (7e)\n");
    KT_EXPECT_CONTAINS(t, r, "exception code (STATUS_ASSERTION_FAILURE)");
    KT_EXPECT_CONTAINS(t, r, "Arg3: 0000000000000001, address of the exception record\n");
    KT_EXPECT_CONTAINS(t, r, "Arg4: 0000000000000002, address of the context record\n");
}

static void ke_bugcheck_test_report_verifier_subcodes(KTEST *t)
{
    const char *r = report_for(t, DRIVER_VERIFIER_DETECTED_VIOLATION, 0x13, 0, 0x5000, 0x6000);
    KT_EXPECT_CONTAINS(t, r, "DRIVER_VERIFIER_DETECTED_VIOLATION (c4)\n");
    KT_EXPECT_CONTAINS(t, r, "Arg1: 0000000000000013, type of violation: the driver freed pool that was already freed\n");
    KT_EXPECT_CONTAINS(t, r, "Arg3: 0000000000005000, pointer to the pool header\n");
    KT_EXPECT_CONTAINS(t, r, "Double free");

    r = report_for(t, DRIVER_VERIFIER_DETECTED_VIOLATION, 0x62, 0x1, 0, 7);
    KT_EXPECT_CONTAINS(t, r, "unloading without freeing its pool allocations");
    KT_EXPECT_CONTAINS(t, r, "Arg4: 0000000000000007, number of allocations not freed\n");

    r = report_for(t, DRIVER_VERIFIER_DETECTED_VIOLATION, 0x777, 0, 0, 0);
    KT_EXPECT_CONTAINS(t, r, "a subcode kmode does not describe");

    /* Deadlock detection, DDI compliance rule ids, MDL checks. */
    r = report_for(t, DRIVER_VERIFIER_DETECTED_VIOLATION, 0x1003, 0xA0, 0xB0, 0);
    KT_EXPECT_CONTAINS(t, r, "Arg1: 0000000000001003, type of violation: a lock was released out of order");
    KT_EXPECT_CONTAINS(t, r, "Arg3: 00000000000000b0, address of the lock that should have been released first\n");
    r = report_for(t, DRIVER_VERIFIER_DETECTED_VIOLATION, 0x1004, 0xA0, 0x10, 0x20);
    KT_EXPECT_CONTAINS(t, r, "Arg3: 0000000000000010, the thread that acquired it\n");
    KT_EXPECT_CONTAINS(t, r, "Arg4: 0000000000000020, the thread releasing it\n");
    r = report_for(t, DRIVER_VERIFIER_DETECTED_VIOLATION, 0x1007, 0xA0, 0, 0);
    KT_EXPECT_CONTAINS(t, r, "released without having been acquired");
    r = report_for(t, DRIVER_VERIFIER_DETECTED_VIOLATION, 0x20011, 0x5000, 0, 0);
    KT_EXPECT_CONTAINS(t, r, "type of violation: DDI compliance rule IrqlKeDispatchLte");
    KT_EXPECT_CONTAINS(t, r, "Arg2: 0000000000005000, address of the text of the violated rule condition\n");
    r = report_for(t, DRIVER_VERIFIER_DETECTED_VIOLATION, 0x40009, 0x5000, 0, 0);
    KT_EXPECT_CONTAINS(t, r, "DDI compliance rule SpinLock");
    r = report_for(t, DRIVER_VERIFIER_DETECTED_VIOLATION, 0xB2, 0x7000, 0x3, 0x1);
    KT_EXPECT_CONTAINS(t, r, "MmMapLockedPages was given an MDL with flags it cannot take");
    KT_EXPECT_CONTAINS(t, r, "Arg3: 0000000000000003, the MDL's flags\n");
}

static void ke_bugcheck_test_report_io_verifier_wdm_codes(KTEST *t)
{
    const char *r = report_for(t, DRIVER_VERIFIER_IOMANAGER_VIOLATION, 0x23D, 0x401000, 0x9000, 0x8000);
    KT_EXPECT_CONTAINS(t, r, "DRIVER_VERIFIER_IOMANAGER_VIOLATION (c9)\n");
    KT_EXPECT_CONTAINS(t, r, "type of violation: WDM driver error 0x23D: STATUS_PENDING returned without IoMarkIrpPending");
    KT_EXPECT_CONTAINS(t, r, "Arg3: 0000000000009000, address of the IRP (0: none)\n");
    KT_EXPECT_CONTAINS(t, r, "Arg4: 0000000000008000, address of the device object (0: none)\n");
    KT_EXPECT_CONTAINS(t, r, "must call IoMarkIrpPending");
    r = report_for(t, DRIVER_VERIFIER_IOMANAGER_VIOLATION, 0x226, 0x401000, 0x9000, 0x8000);
    KT_EXPECT_CONTAINS(t, r, "without completing, passing down or pending the IRP");
    /* The classic codes still come from the first table. */
    r = report_for(t, DRIVER_VERIFIER_IOMANAGER_VIOLATION, 0x05, 0x8000, 0, 2);
    KT_EXPECT_CONTAINS(t, r, "Arg3: 0000000000000000, IRQL before IoCallDriver\n");
    r = report_for(t, DRIVER_VERIFIER_IOMANAGER_VIOLATION, 0x2FF, 0, 0, 0);
    KT_EXPECT_CONTAINS(t, r, "a subcode kmode does not describe");
}

static void ke_bugcheck_test_report_unload_codes(KTEST *t)
{
    const char *r = report_for(t, TIMER_OR_DPC_INVALID, 2, 0x401234, 0x400000, 0x40ffff);
    KT_EXPECT_CONTAINS(t, r, "TIMER_OR_DPC_INVALID (c7)\nA timer or DPC was found in memory where it may not be.\n");
    KT_EXPECT_CONTAINS(t, r, "Arg1: 0000000000000002, type of violation: a DPC routine lies in memory that is going away\n");
    KT_EXPECT_CONTAINS(t, r, "Arg2: 0000000000401234, address of the DPC routine\n");
    KT_EXPECT_CONTAINS(t, r, "Arg3: 0000000000400000, start of the memory range checked\n");
    KT_EXPECT_CONTAINS(t, r, "Arg4: 000000000040ffff, end of the memory range checked\n");
    r = report_for(t, TIMER_OR_DPC_INVALID, 0, 0x401234, 0x400000, 0x40ffff);
    KT_EXPECT_CONTAINS(t, r, "Arg2: 0000000000401234, address of the timer object\n");
    r = report_for(t, DRIVER_UNLOADED_WITHOUT_CANCELLING_PENDING_OPERATIONS, 0x401234, 8, 0x401234, 0x9000);
    KT_EXPECT_CONTAINS(t, r, "Arg4: 0000000000009000, reserved (kmode: the IRP the driver pended and never completed, or 0)\n");
    r = report_for(t, WORKER_INVALID, 1, 0x9000, 0x401234, 0);
    KT_EXPECT_CONTAINS(t, r, "type of violation: a work item was queued while it is already queued");
}

static void ke_bugcheck_test_report_pool_codes(KTEST *t)
{
    const char *r = report_for(t, BAD_POOL_CALLER, 0x0A, 0x1000, 0x41414141, 0x42424242);
    KT_EXPECT_CONTAINS(t, r, "BAD_POOL_CALLER (c2)\n");
    KT_EXPECT_CONTAINS(t, r, "freed pool with the wrong tag");
    KT_EXPECT_CONTAINS(t, r, "Arg3: 0000000041414141, allocator's tag\n");

    /* SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION selects by Arg4. */
    r = report_for(t, SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION, 0x2000, 0x2010, 0, 0x24);
    KT_EXPECT_CONTAINS(t, r, "Arg1: 0000000000002000, address the driver tried to free\n");
    KT_EXPECT_CONTAINS(t, r, "Arg4: 0000000000000024, type of violation: a driver freed an address, but bytes after the end");
    KT_EXPECT_CONTAINS(t, r, "Buffer overrun");

    r = report_for(t, DRIVER_CAUGHT_MODIFYING_FREED_POOL, 0x3000, 1, 0, 0);
    KT_EXPECT_CONTAINS(t, r, "Arg2: 0000000000000001, 0: read operation, 1: write operation\n");
    KT_EXPECT_CONTAINS(t, r, "Use after free");

    r = report_for(t, DRIVER_PAGE_FAULT_BEYOND_END_OF_ALLOCATION, 0x3000, 0, 0x4000, 0);
    KT_EXPECT_CONTAINS(t, r, "DRIVER_PAGE_FAULT_BEYOND_END_OF_ALLOCATION (d6)\n");
    KT_EXPECT_CONTAINS(t, r, "Arg3: 0000000000004000, address that referenced memory (if known)\n");
}

static void ke_bugcheck_test_report_irp_codes(KTEST *t)
{
    const char *r = report_for(t, MULTIPLE_IRP_COMPLETE_REQUESTS, 0x9000, 0, 0, 0);
    KT_EXPECT_CONTAINS(t, r, "MULTIPLE_IRP_COMPLETE_REQUESTS (44)\n");
    KT_EXPECT_CONTAINS(t, r, "Arg1: 0000000000009000, address of the IRP\n");
    KT_EXPECT_CONTAINS(t, r, "IoCompleteRequest was called twice");

    r = report_for(t, NO_MORE_IRP_STACK_LOCATIONS, 0x9000, 0, 0, 0);
    KT_EXPECT_CONTAINS(t, r, "NO_MORE_IRP_STACK_LOCATIONS (35)\n");

    r = report_for(t, DRIVER_VERIFIER_IOMANAGER_VIOLATION, 0x07, 0x1111, 0x9000, 0);
    KT_EXPECT_CONTAINS(t, r, "cancel routine was still set");
    KT_EXPECT_CONTAINS(t, r, "Arg3: 0000000000009000, address of the IRP being completed\n");
}

static void ke_bugcheck_test_report_unknown_code(KTEST *t)
{
    const char *r = report_for(t, 0x12345, 1, 2, 3, 4);
    KT_EXPECT_CONTAINS(t, r, "UNKNOWN_BUGCHECK_CODE (12345)\nArguments:\nArg1: 0000000000000001\n");
    KT_EXPECT_FALSE(t, ktest_contains(r, "ANALYSIS:"));

    /* Known code without parameter descriptions: name only, plain arguments. */
    r = report_for(t, INACCESSIBLE_BOOT_DEVICE, 1, 2, 3, 4);
    KT_EXPECT_CONTAINS(t, r, "INACCESSIBLE_BOOT_DEVICE (7b)\nArguments:\nArg1: 0000000000000001\n");
}

static SIZE_T irql_hook(char *buffer, SIZE_T capacity)
{
    int n = snprintf(buffer, capacity, "CURRENT_IRQL:  2\n");
    return n < 0 ? 0 : (SIZE_T)n;
}

static SIZE_T locks_hook(char *buffer, SIZE_T capacity)
{
    int n = snprintf(buffer, capacity, "LOCKS_HELD:  fffff80000001000");   /* no newline */
    return n < 0 ? 0 : (SIZE_T)n;
}

static void ke_bugcheck_test_report_hooks(KTEST *t)
{
    /* The IRQL model installs its own IRQL hook; take it out for this test, then restore. */
    PKI_BUGCHECK_REPORT_HOOK savedIrql = KiBugCheckIrqlHook, savedLocks = KiBugCheckLocksHook;
    const char *r;

    KiBugCheckIrqlHook = NULL;
    KiBugCheckLocksHook = NULL;
    r = report_for(t, MANUALLY_INITIATED_CRASH, 0, 0, 0, 0);
    KT_EXPECT_FALSE(t, ktest_contains(r, "CURRENT_IRQL"));

    KiBugCheckIrqlHook = irql_hook;
    KiBugCheckLocksHook = locks_hook;
    r = report_for(t, MANUALLY_INITIATED_CRASH, 0, 0, 0, 0);
    KiBugCheckIrqlHook = savedIrql;
    KiBugCheckLocksHook = savedLocks;
    KT_EXPECT_CONTAINS(t, r, "CURRENT_IRQL:  2\nLOCKS_HELD:  fffff80000001000\nFAULTING_IP:");
}

static SIZE_T bugchecking_hook(char *buffer, SIZE_T capacity)
{
    (void)buffer;
    (void)capacity;
    KeBugCheckEx(BAD_POOL_HEADER, 0x20, 0, 0, 0);
}

static void ke_bugcheck_test_bugcheck_while_reporting_does_not_loop(KTEST *t)
{
    KMODE_BUGCHECK bc;
    BUGCHECK_ARGS a = { MANUALLY_INITIATED_CRASH, { 0, 0, 0, 0 } };

    KiBugCheckIrpHook = bugchecking_hook;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(bugcheck_with, &a, KMODE_CATCH_QUIET, &bc));
    KiBugCheckIrpHook = NULL;
    /* The second bugcheck (from the report path) wins, with a minimal report. */
    KT_EXPECT_EQ(t, bc.Code, BAD_POOL_HEADER);
    KT_EXPECT_CONTAINS(t, bc.Report, "bugcheck while reporting a bugcheck");
    KT_EXPECT_CONTAINS(t, bc.Report, "BAD_POOL_HEADER (19)");
    KT_EXPECT_EQ(t, KiThreadState.BugCheckDepth, 0);

    /* And the next bugcheck gets a full report again. */
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(raise_e2, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_CONTAINS(t, bc.Report, "Bugcheck Analysis");
}

/* An internal detector: names its caller, as RemoveEntryList's check will. */
static DECLSPEC_NOINLINE void fake_detector(void)
{
    KiBugCheck(KERNEL_SECURITY_CHECK_FAILURE, 3, 0, 0, 0, __builtin_return_address(0),
               "Entry 0x1000 was removed from its list twice.");
}

static DECLSPEC_NOINLINE void calls_detector(void *ctx)
{
    (void)ctx;
    fake_detector();
}

static void ke_bugcheck_test_explanation_from_internal_caller(KTEST *t)
{
    KMODE_BUGCHECK bc;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(calls_detector, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_CONTAINS(t, bc.Report, "FAULTING_IP:\ntest-ke!calls_detector+0x");
    KT_EXPECT_CONTAINS(t, bc.Report,
                       "ANALYSIS:\nEntry 0x1000 was removed from its list twice.\nA LIST_ENTRY was corrupted");
    KT_EXPECT_CONTAINS(t, bc.Report, "STACK_TEXT:\n00 test-ke!calls_detector+0x");
}

static DECLSPEC_NOINLINE int fault_site(int x)
{
    return x + 1;
}

static DECLSPEC_NOINLINE void bugcheck_at_fault(void *ctx)
{
    (void)ctx;
    KiBugCheckAtFault(PAGE_FAULT_IN_NONPAGED_AREA, 0x10, 0, (ULONG_PTR)fault_site, 0,
                      (PVOID)fault_site, NULL);
}

static void ke_bugcheck_test_fault_pc_is_symbolized_exactly(KTEST *t)
{
    KMODE_BUGCHECK bc;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(bugcheck_at_fault, NULL, KMODE_CATCH_QUIET, &bc));
    /* An exact PC at a function's first byte is that function +0, not its predecessor. */
    KT_EXPECT_CONTAINS(t, bc.Report, "FAULTING_IP:\ntest-ke!fault_site+0x0 [");
    KT_EXPECT_CONTAINS(t, bc.Report, "PAGE_FAULT_IN_NONPAGED_AREA (50)");
    KT_EXPECT_CONTAINS(t, bc.Report, "Arg1: 0000000000000010, memory address referenced\n");
    KT_EXPECT_EQ(t, fault_site(1), 2);
}

/* ---- Codes ---------------------------------------------------------------------------- */

static void ke_bugcheck_test_code_values(KTEST *t)
{
    KT_EXPECT_EQ(t, IRQL_NOT_LESS_OR_EQUAL, 0xA);
    KT_EXPECT_EQ(t, KMODE_EXCEPTION_NOT_HANDLED, 0x1E);
    KT_EXPECT_EQ(t, SYSTEM_THREAD_EXCEPTION_NOT_HANDLED, 0x7E);
    KT_EXPECT_EQ(t, DRIVER_IRQL_NOT_LESS_OR_EQUAL, 0xD1);
    KT_EXPECT_EQ(t, DRIVER_VERIFIER_DETECTED_VIOLATION, 0xC4);
    KT_EXPECT_EQ(t, BAD_POOL_CALLER, 0xC2);
    KT_EXPECT_EQ(t, MULTIPLE_IRP_COMPLETE_REQUESTS, 0x44);
    KT_EXPECT_EQ(t, NO_MORE_IRP_STACK_LOCATIONS, 0x35);
    KT_EXPECT_EQ(t, DRIVER_UNLOADED_WITHOUT_CANCELLING_PENDING_OPERATIONS, 0xCE);
    KT_EXPECT_EQ(t, KERNEL_SECURITY_CHECK_FAILURE, 0x139);
    KT_EXPECT_EQ(t, SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION, 0xC1);
    KT_EXPECT_EQ(t, DRIVER_PAGE_FAULT_BEYOND_END_OF_ALLOCATION, 0xD6);
    KT_EXPECT_EQ(t, DRIVER_CAUGHT_MODIFYING_FREED_POOL, 0xC6);
    KT_EXPECT_EQ(t, PAGE_FAULT_IN_NONPAGED_AREA, 0x50);
    KT_EXPECT_EQ(t, MANUALLY_INITIATED_CRASH, 0xE2);
    KT_EXPECT_EQ(t, HYPERVISOR_ERROR, 0x20001);
    KT_EXPECT_EQ(t, MANUALLY_INITIATED_CRASH1, 0xDEADDEAD);
    KT_EXPECT_EQ(t, sizeof(IRQL_NOT_LESS_OR_EQUAL), 4);   /* ULONG, as in the WDK */
}

/* Every code defined in bugcodes.h, read from the header itself, has its name in the
   generated table: the table cannot drift from the constants. */
static void ke_bugcheck_test_name_table_matches_header(KTEST *t)
{
    FILE *f = fopen(KMODE_SOURCE_DIR "/include/km/bugcodes.h", "r");
    char line[512];
    int count = 0;

    KT_ASSERT_TRUE(t, f != NULL);
    while (fgets(line, sizeof line, f)) {
        char name[128];
        unsigned int value;
        if (sscanf(line, " #define %127s ((ULONG)0x%xL)", name, &value) == 2 ||
            sscanf(line, "#define %127s ((ULONG)0x%xL)", name, &value) == 2) {
            const char *got = KmodeBugCheckName(value);
            count++;
            if (!got || strcmp(got, name) != 0)
                KT_FAIL(t, "code 0x%x: header says %s, table says %s", value, name,
                        got ? got : "(null)");
        }
    }
    fclose(f);
    KT_EXPECT_EQ(t, count, 405);
}

static void ke_bugcheck_test_name_lookup(KTEST *t)
{
    KT_EXPECT_STREQ(t, KmodeBugCheckName(0x1), "APC_INDEX_MISMATCH");
    KT_EXPECT_STREQ(t, KmodeBugCheckName(0x139), "KERNEL_SECURITY_CHECK_FAILURE");
    KT_EXPECT_STREQ(t, KmodeBugCheckName(0xDEADDEAD), "MANUALLY_INITIATED_CRASH1");
    KT_EXPECT_STREQ(t, KmodeBugCheckName(0xC000021A), "STATUS_SYSTEM_PROCESS_TERMINATED");
    KT_EXPECT_TRUE(t, KmodeBugCheckName(0) == NULL);
    KT_EXPECT_TRUE(t, KmodeBugCheckName(0x83) == NULL);        /* a gap in the list */
    KT_EXPECT_TRUE(t, KmodeBugCheckName(0xFFFFFFFF) == NULL);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ke_bugcheck_test_catch_records_code_and_parameters),
    KTEST_CASE_ENTRY(ke_bugcheck_test_catch_returns_false_without_bugcheck),
    KTEST_CASE_ENTRY(ke_bugcheck_test_kebugcheck_has_zero_parameters),
    KTEST_CASE_ENTRY(ke_bugcheck_test_nested_catch),
    KTEST_CASE_ENTRY(ke_bugcheck_test_catch_restores_seh_chain),
    KTEST_CASE_ENTRY(ke_bugcheck_test_uncaught_exits_with_188),
    KTEST_CASE_ENTRY(ke_bugcheck_test_quiet_flag_controls_printing),
    KTEST_CASE_ENTRY(ke_bugcheck_test_report_names_caller_function_and_line),
    KTEST_CASE_ENTRY(ke_bugcheck_test_report_stack_skips_bugcheck_frames),
    KTEST_CASE_ENTRY(ke_bugcheck_test_report_irql_parameters),
    KTEST_CASE_ENTRY(ke_bugcheck_test_report_list_entry_corruption),
    KTEST_CASE_ENTRY(ke_bugcheck_test_report_exception_not_handled),
    KTEST_CASE_ENTRY(ke_bugcheck_test_report_verifier_subcodes),
    KTEST_CASE_ENTRY(ke_bugcheck_test_report_pool_codes),
    KTEST_CASE_ENTRY(ke_bugcheck_test_report_irp_codes),
    KTEST_CASE_ENTRY(ke_bugcheck_test_report_unknown_code),
    KTEST_CASE_ENTRY(ke_bugcheck_test_report_io_verifier_wdm_codes),
    KTEST_CASE_ENTRY(ke_bugcheck_test_report_unload_codes),
    KTEST_CASE_ENTRY(ke_bugcheck_test_report_hooks),
    KTEST_CASE_ENTRY(ke_bugcheck_test_bugcheck_while_reporting_does_not_loop),
    KTEST_CASE_ENTRY(ke_bugcheck_test_explanation_from_internal_caller),
    KTEST_CASE_ENTRY(ke_bugcheck_test_fault_pc_is_symbolized_exactly),
    KTEST_CASE_ENTRY(ke_bugcheck_test_code_values),
    KTEST_CASE_ENTRY(ke_bugcheck_test_name_table_matches_header),
    KTEST_CASE_ENTRY(ke_bugcheck_test_name_lookup),
    { 0 },
};
KTEST_SUITE(ke_bugcheck, cases);
