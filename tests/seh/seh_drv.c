/*
 * PURPOSE: Tests for source-mode SEH (include/shared/excpt.h, src/rtl/seh.c,
 * src/ke/except.c, src/host/linux/fault.c), written as WDK driver code.
 *
 * Expected values are Windows behaviour; where kmode differs by design (docs/seh.md) the
 * test names say so. Not covered: concurrency (one thread only), stack overflow.
 */
#include <ntddk.h>
#include <kmode/bugcheck.h>
#include "ktest.h"

/* Runtime-mode helpers (seh_host.c). */
void *seh_test_readonly_page(void);
void *seh_test_unmapped_address(void);

/* Event log so tests can check ordering of filters, __finally blocks and handlers. */
static char Log[64];
static int LogLen;
static void LogReset(void) { LogLen = 0; Log[0] = 0; }
static void LogAdd(char c) { if (LogLen < 63) { Log[LogLen++] = c; Log[LogLen] = 0; } }

static int Recorded;
static int RecordAndReturn(int code, int disposition)
{
    Recorded = code;
    return disposition;
}

__attribute__((noinline)) static void RaiseDeep(int depth, NTSTATUS status)
{
    volatile int pad[8] = { depth };
    (void)pad;
    if (depth < 0)
        return;
    if (depth == 0)
        ExRaiseStatus(status);
    else
        RaiseDeep(depth - 1, status);
}

__attribute__((noinline, no_sanitize("undefined"))) static int ReadAddress(volatile int *p)
{
    return *p;
}

__attribute__((noinline, no_sanitize("undefined"))) static void WriteAddress(volatile int *p)
{
    *p = 7;
}

__attribute__((noinline)) static int DivideByZero(int n)
{
    int d = 0, q;
    /* idiv by a register holding 0: #DE, without the compiler or UBSan seeing a division. */
    __asm__ volatile("cltd\n\tidivl %2" : "=a"(q) : "a"(n), "r"(d) : "rdx");
    return q;
}

/* ---- __except --------------------------------------------------------------------------- */

static void seh_test_no_exception_skips_handler(KTEST *t)
{
    int body = 0, handler = 0;
    __try {
        body = 1;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        handler = 1;
    }
    KT_EXPECT_EQ(t, body, 1);
    KT_EXPECT_EQ(t, handler, 0);
}

static void seh_test_raise_status_reaches_handler(KTEST *t)
{
    NTSTATUS code = 0;
    int after = 0;
    __try {
        ExRaiseStatus(STATUS_INSUFFICIENT_RESOURCES);
        after = 1;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        code = GetExceptionCode();
    }
    KT_EXPECT_EQ(t, code, STATUS_INSUFFICIENT_RESOURCES);
    KT_EXPECT_EQ(t, after, 0);
}

static void seh_test_filter_sees_code_and_information(KTEST *t)
{
    PEXCEPTION_RECORD rec = NULL;
    ULONG flags = 0;
    NTSTATUS in_filter = 0;
    __try {
        RaiseDeep(3, STATUS_INVALID_PARAMETER);
    } __except (rec = GetExceptionInformation()->ExceptionRecord, flags = rec->ExceptionFlags,
                in_filter = GetExceptionCode(), EXCEPTION_EXECUTE_HANDLER) {
    }
    KT_EXPECT_EQ(t, in_filter, STATUS_INVALID_PARAMETER);
    KT_EXPECT_TRUE(t, flags & EXCEPTION_NONCONTINUABLE);   /* ExRaiseStatus is noncontinuable */
}

static void seh_test_filter_can_call_a_function(KTEST *t)
{
    int handled = 0;
    Recorded = 0;
    __try {
        ExRaiseStatus(STATUS_ACCESS_DENIED);
    } __except (RecordAndReturn(GetExceptionCode(), EXCEPTION_EXECUTE_HANDLER)) {
        handled = 1;
    }
    KT_EXPECT_EQ(t, Recorded, STATUS_ACCESS_DENIED);
    KT_EXPECT_EQ(t, handled, 1);
}

static void seh_test_continue_search_reaches_outer(KTEST *t)
{
    LogReset();
    __try {
        __try {
            __try {
                RaiseDeep(2, STATUS_UNSUCCESSFUL);
            } __except (LogAdd('a'), EXCEPTION_CONTINUE_SEARCH) {
                LogAdd('X');
            }
        } __except (LogAdd('b'),
                    GetExceptionCode() == STATUS_ACCESS_DENIED ? EXCEPTION_EXECUTE_HANDLER
                                                               : EXCEPTION_CONTINUE_SEARCH) {
            LogAdd('Y');
        }
    } __except (LogAdd('c'), EXCEPTION_EXECUTE_HANDLER) {
        LogAdd('H');
    }
    KT_EXPECT_STREQ(t, Log, "abcH");
}

static void seh_test_modified_local_visible_in_handler(KTEST *t)
{
    /* MSVC guarantees the handler sees the latest value of a local changed in the body. */
    int status = 0;
    for (int i = 0; i < 10; i++) {
        __try {
            status += i * 3;
            if (i > 3)
                ExRaiseStatus(STATUS_UNSUCCESSFUL);
            status += 1;
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            status = status * 1000 + i;
            break;
        }
    }
    KT_EXPECT_EQ(t, status, 34004);
}

static void seh_test_handler_runs_after_frame_left_chain(KTEST *t)
{
    /* An exception raised in a handler goes to the frames outside that __try. */
    LogReset();
    __try {
        __try {
            ExRaiseStatus(STATUS_UNSUCCESSFUL);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            LogAdd('1');
            ExRaiseStatus(STATUS_TIMEOUT);
        }
    } __except (LogAdd(GetExceptionCode() == STATUS_TIMEOUT ? '2' : 'x'),
                EXCEPTION_EXECUTE_HANDLER) {
        LogAdd('3');
    }
    KT_EXPECT_STREQ(t, Log, "123");
}

static int FilterThatRaises(void)
{
    ExRaiseStatus(STATUS_NO_MEMORY);
}

static void seh_test_exception_in_filter_goes_outward(KTEST *t)
{
    NTSTATUS outer = 0;
    __try {
        __try {
            ExRaiseStatus(STATUS_UNSUCCESSFUL);
        } __except (FilterThatRaises()) {
            outer = -1;
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        outer = GetExceptionCode();
    }
    KT_EXPECT_EQ(t, outer, STATUS_NO_MEMORY);
}

static void seh_test_continue_execution_is_noncontinuable(KTEST *t)
{
    NTSTATUS outer = 0;
    NTSTATUS chained = 0;
    __try {
        __try {
            ExRaiseStatus(STATUS_UNSUCCESSFUL);
        } __except (EXCEPTION_CONTINUE_EXECUTION) {
            outer = -1;
        }
    } __except (chained = GetExceptionInformation()->ExceptionRecord->ExceptionRecord
                              ? GetExceptionInformation()->ExceptionRecord->ExceptionRecord->ExceptionCode
                              : 0,
                EXCEPTION_EXECUTE_HANDLER) {
        outer = GetExceptionCode();
    }
    KT_EXPECT_EQ(t, outer, STATUS_NONCONTINUABLE_EXCEPTION);
    KT_EXPECT_EQ(t, chained, STATUS_UNSUCCESSFUL);
}

static void seh_test_rtl_raise_exception_parameters(KTEST *t)
{
    EXCEPTION_RECORD rec;
    ULONG_PTR p0 = 0, p1 = 0;
    ULONG n = 0;
    PVOID addr = NULL;
    memset(&rec, 0, sizeof rec);
    rec.ExceptionCode = (NTSTATUS)0xE0000001;
    rec.NumberParameters = 2;
    rec.ExceptionInformation[0] = 11;
    rec.ExceptionInformation[1] = 22;
    __try {
        RtlRaiseException(&rec);
    } __except (n = GetExceptionInformation()->ExceptionRecord->NumberParameters,
                p0 = GetExceptionInformation()->ExceptionRecord->ExceptionInformation[0],
                p1 = GetExceptionInformation()->ExceptionRecord->ExceptionInformation[1],
                addr = GetExceptionInformation()->ExceptionRecord->ExceptionAddress,
                EXCEPTION_EXECUTE_HANDLER) {
    }
    KT_EXPECT_EQ(t, n, 2);
    KT_EXPECT_EQ(t, p0, 11);
    KT_EXPECT_EQ(t, p1, 22);
    KT_EXPECT_TRUE(t, addr != NULL);
    KT_EXPECT_PTR_EQ(t, rec.ExceptionAddress, addr);   /* RtlRaiseException sets it */
}

static void seh_test_break_and_continue_in_handler_reach_the_loop(KTEST *t)
{
    int i, visits = 0;
    for (i = 0; i < 10; i++) {
        __try {
            if (i % 2)
                ExRaiseStatus(STATUS_UNSUCCESSFUL);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            if (i == 7)
                break;          /* leaves the for loop, as on Windows */
            continue;           /* skips the rest of this iteration */
        }
        visits++;
    }
    KT_EXPECT_EQ(t, i, 7);
    KT_EXPECT_EQ(t, visits, 4);   /* i = 0, 2, 4, 6 */
}

static void seh_test_code_in_handler_survives_nested_try(KTEST *t)
{
    NTSTATUS before = 0, after = 0;
    __try {
        ExRaiseStatus(STATUS_TIMEOUT);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        before = GetExceptionCode();
        __try {
            after = 1;          /* a nested __try that raises nothing */
        } __finally {
        }
        after = GetExceptionCode();
    }
    KT_EXPECT_EQ(t, before, STATUS_TIMEOUT);
    KT_EXPECT_EQ(t, after, STATUS_TIMEOUT);
}

__attribute__((noinline)) static void MiddleWithFinally(int *log)
{
    __try {
        RaiseDeep(2, STATUS_UNSUCCESSFUL);
    } __finally {
        *log = AbnormalTermination() ? 2 : 1;
    }
}

static void seh_test_finally_in_intermediate_function(KTEST *t)
{
    int log = 0, handled = 0;
    __try {
        MiddleWithFinally(&log);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        handled = 1;
    }
    KT_EXPECT_EQ(t, log, 2);
    KT_EXPECT_EQ(t, handled, 1);
}

__attribute__((noinline)) static int Recurse(int depth)
{
    int r = 0;
    __try {
        if (depth == 0)
            ExRaiseStatus(STATUS_UNSUCCESSFUL);
        r = Recurse(depth - 1) + 1;
    } __except (depth == 50 ? EXCEPTION_EXECUTE_HANDLER : EXCEPTION_CONTINUE_SEARCH) {
        r = -100;
    }
    return r;
}

static void seh_test_deep_recursion_with_try(KTEST *t)
{
    KT_EXPECT_EQ(t, Recurse(120), -100 + 70);
}

/* ---- __finally ---------------------------------------------------------------------- */

static void seh_test_finally_runs_on_normal_exit(KTEST *t)
{
    int abnormal = -1;
    LogReset();
    __try {
        LogAdd('b');
    } __finally {
        LogAdd('f');
        abnormal = AbnormalTermination();
    }
    LogAdd('a');
    KT_EXPECT_STREQ(t, Log, "bfa");
    KT_EXPECT_EQ(t, abnormal, 0);
}

static void seh_test_finally_runs_during_unwind(KTEST *t)
{
    int abnormal = -1;
    LogReset();
    __try {
        __try {
            LogAdd('b');
            RaiseDeep(2, STATUS_UNSUCCESSFUL);
            LogAdd('X');
        } __finally {
            LogAdd('f');
            abnormal = AbnormalTermination();
        }
        LogAdd('Y');
    } __except (LogAdd('e'), EXCEPTION_EXECUTE_HANDLER) {
        LogAdd('h');
    }
    /* Windows would log "befh" (filters first, then unwind); kmode visits frames innermost
       first in one pass: "bfeh". See docs/seh.md. */
    KT_EXPECT_STREQ(t, Log, "bfeh");
    KT_EXPECT_EQ(t, abnormal, 1);
}

static void seh_test_leave_skips_rest_of_body_and_runs_finally(KTEST *t)
{
    int abnormal = -1;
    LogReset();
    __try {
        LogAdd('1');
        for (int i = 0; i < 5; i++) {
            if (i == 2)
                __leave;      /* leaves the __try, not just the loop */
            LogAdd('l');
        }
        LogAdd('X');
    } __finally {
        LogAdd('f');
        abnormal = AbnormalTermination();
    }
    KT_EXPECT_STREQ(t, Log, "1llf");
    KT_EXPECT_EQ(t, abnormal, 0);
}

static void seh_test_leave_in_except_frame(KTEST *t)
{
    int reached = 0, handler = 0;
    __try {
        __leave;
        reached = 1;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        handler = 1;
    }
    KT_EXPECT_EQ(t, reached, 0);
    KT_EXPECT_EQ(t, handler, 0);
}

static void seh_test_exception_in_finally_replaces_original(KTEST *t)
{
    NTSTATUS seen = 0;
    __try {
        __try {
            ExRaiseStatus(STATUS_UNSUCCESSFUL);
        } __finally {
            ExRaiseStatus(STATUS_CANCELLED);
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        seen = GetExceptionCode();
    }
    KT_EXPECT_EQ(t, seen, STATUS_CANCELLED);
}

static void seh_test_lowercase_keyword_aliases(KTEST *t)
{
    int fin = 0;
    NTSTATUS code = 0;
    try {
        try {
            ExRaiseStatus(STATUS_TIMEOUT);
        } finally {
            fin = 1;
        }
    } except (EXCEPTION_EXECUTE_HANDLER) {
        code = GetExceptionCode();
    }
    KT_EXPECT_EQ(t, fin, 1);
    KT_EXPECT_EQ(t, code, STATUS_TIMEOUT);
}

/* ---- leaving a __try by return / goto ---------------------------------------------------- */

__attribute__((noinline)) static int ReturnFromTry(int v)
{
    __try {
        if (v > 0)
            return v;          /* the frame must leave the chain */
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return -1;
    }
    return 0;
}

static void seh_test_return_out_of_try_unregisters_frame(KTEST *t)
{
    NTSTATUS seen = 0;
    KT_EXPECT_EQ(t, ReturnFromTry(5), 5);
    __try {
        ExRaiseStatus(STATUS_CANCELLED);  /* must reach this frame, not the dead one */
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        seen = GetExceptionCode();
    }
    KT_EXPECT_EQ(t, seen, STATUS_CANCELLED);
}

static void seh_test_goto_out_of_try(KTEST *t)
{
    int i, handled = 0;
    for (i = 0; i < 3; i++) {
        __try {
            if (i == 1)
                goto out;
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            handled = 1;
        }
    }
out:
    KT_EXPECT_EQ(t, i, 1);
    __try {
        ExRaiseStatus(STATUS_UNSUCCESSFUL);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        handled = 2;
    }
    KT_EXPECT_EQ(t, handled, 2);
}

__attribute__((noinline)) static int ReturnFromFinallyTry(void)
{
    __try {
        return 1;
    } __finally {
        LogAdd('f');
    }
    return 0;
}

static void CallReturnFromFinallyTry(void *ctx)
{
    (void)ctx;
    ReturnFromFinallyTry();
}

static void seh_test_return_out_of_finally_try_fails_loudly(KTEST *t)
{
    KMODE_BUGCHECK bc;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(CallReturnFromFinallyTry, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, KMODE_EXCEPTION_NOT_HANDLED);
    KT_EXPECT_EQ(t, bc.Parameter1, (ULONG_PTR)(LONG_PTR)STATUS_NOT_IMPLEMENTED);
    KT_EXPECT_CONTAINS(t, bc.Report, "Use __leave");
}

/* ---- hardware faults ------------------------------------------------------------------ */

static void seh_test_null_read_is_access_violation(KTEST *t)
{
    NTSTATUS code = 0;
    ULONG_PTR kind = 99, addr = 99;
    __try {
        ReadAddress((volatile int *)0);
    } __except (code = GetExceptionCode(),
                kind = GetExceptionInformation()->ExceptionRecord->ExceptionInformation[0],
                addr = GetExceptionInformation()->ExceptionRecord->ExceptionInformation[1],
                EXCEPTION_EXECUTE_HANDLER) {
    }
    KT_EXPECT_EQ(t, code, STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, kind, 0);   /* read */
    KT_EXPECT_EQ(t, addr, 0);
}

static void seh_test_write_to_readonly_page_is_write_violation(KTEST *t)
{
    volatile int *ro = (volatile int *)seh_test_readonly_page();
    ULONG_PTR kind = 99, addr = 0;
    ULONG64 rip = 0;
    __try {
        WriteAddress(ro);
    } __except (kind = GetExceptionInformation()->ExceptionRecord->ExceptionInformation[0],
                addr = GetExceptionInformation()->ExceptionRecord->ExceptionInformation[1],
                rip = GetExceptionInformation()->ContextRecord->Rip,
                EXCEPTION_EXECUTE_HANDLER) {
    }
    KT_EXPECT_EQ(t, kind, 1);   /* write */
    KT_EXPECT_EQ(t, addr, (ULONG_PTR)ro);
    KT_EXPECT_TRUE(t, rip != 0);
}

static void seh_test_divide_by_zero(KTEST *t)
{
    NTSTATUS code = 0;
    __try {
        DivideByZero(10);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        code = GetExceptionCode();
    }
    KT_EXPECT_EQ(t, code, STATUS_INTEGER_DIVIDE_BY_ZERO);
}

static void seh_test_faults_repeatedly(KTEST *t)
{
    /* Many faults in a row: signal masks, alternate stack and dispatch slots must recover. */
    int caught = 0;
    for (int i = 0; i < 2000; i++) {
        __try {
            if (i % 2)
                ReadAddress((volatile int *)seh_test_unmapped_address());
            else
                ExRaiseStatus(STATUS_UNSUCCESSFUL);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            caught++;
        }
    }
    KT_EXPECT_EQ(t, caught, 2000);
}

/* ---- unhandled -------------------------------------------------------------------------- */

static void UnhandledRaise(void *ctx)
{
    (void)ctx;
    RaiseDeep(1, STATUS_UNSUCCESSFUL);
}

static void UnhandledFault(void *ctx)
{
    (void)ctx;
    ReadAddress((volatile int *)seh_test_unmapped_address());
}

static void seh_test_unhandled_raise_bugchecks_1e(KTEST *t)
{
    KMODE_BUGCHECK bc;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(UnhandledRaise, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, 0x1E);
    KT_EXPECT_EQ(t, bc.Parameter1, (ULONG_PTR)(LONG_PTR)STATUS_UNSUCCESSFUL);
    KT_EXPECT_TRUE(t, bc.Parameter2 != 0);      /* exception address */
}

static void seh_test_unhandled_fault_bugchecks_1e(KTEST *t)
{
    KMODE_BUGCHECK bc;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(UnhandledFault, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, 0x1E);
    KT_EXPECT_EQ(t, bc.Parameter1, (ULONG_PTR)(LONG_PTR)STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, bc.Parameter3, 0);   /* read */
    KT_EXPECT_EQ(t, bc.Parameter4, (ULONG_PTR)seh_test_unmapped_address());
    /* The thread's SEH state is sane afterwards. */
    NTSTATUS seen = 0;
    __try {
        ExRaiseStatus(STATUS_CANCELLED);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        seen = GetExceptionCode();
    }
    KT_EXPECT_EQ(t, seen, STATUS_CANCELLED);
}

static void seh_test_unhandled_fault_report_in_child(KTEST *t)
{
    char out[16384];
    int st = ktest_run_isolated(UnhandledFault, NULL, out, sizeof out);
    KT_EXPECT_EQ(t, st, KMODE_BUGCHECK_EXIT_STATUS);
    KT_EXPECT_CONTAINS(t, out, "KMODE_EXCEPTION_NOT_HANDLED");
}

/* ---- probes ----------------------------------------------------------------------------- */

static NTSTATUS ProbeRead(const void *p, SIZE_T len, ULONG align)
{
    NTSTATUS st = STATUS_SUCCESS;
    __try {
        ProbeForRead(p, len, align);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        st = GetExceptionCode();
    }
    return st;
}

static NTSTATUS ProbeWrite(void *p, SIZE_T len, ULONG align)
{
    NTSTATUS st = STATUS_SUCCESS;
    __try {
        ProbeForWrite(p, len, align);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        st = GetExceptionCode();
    }
    return st;
}

static void seh_test_probe_for_read(KTEST *t)
{
    char buf[32] = { 0 };
    KT_EXPECT_EQ(t, ProbeRead(buf, sizeof buf, 1), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, ProbeRead((void *)1, 0, 4), STATUS_SUCCESS);            /* length 0 */
    KT_EXPECT_EQ(t, ProbeRead(buf + 1, 4, 4) , (((ULONG_PTR)(buf + 1)) & 3) ? STATUS_DATATYPE_MISALIGNMENT : STATUS_SUCCESS);
    KT_EXPECT_EQ(t, ProbeRead((void *)0x1001, 8, 8), STATUS_DATATYPE_MISALIGNMENT);
    KT_EXPECT_EQ(t, ProbeRead((void *)(MmUserProbeAddress - 4), 8, 1), STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, ProbeRead((void *)0xFFFFFFFFFFFFF000ULL, 0x2000, 1), STATUS_ACCESS_VIOLATION);
}

/* Pool is kmode's kernel space: probing it as a user buffer raises, as probing an address
   above MmUserProbeAddress does on Windows. */
static void seh_test_probe_refuses_pool(KTEST *t)
{
    char *p = ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, 'bPrT');
    KT_ASSERT_TRUE(t, p != NULL);
    KT_EXPECT_EQ(t, ProbeRead(p, 64, 1), STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, ProbeWrite(p, 64, 1), STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, ProbeRead(p, 0, 1), STATUS_SUCCESS);           /* length 0 probes nothing */
    ExFreePoolWithTag(p, 'bPrT');
}

static void seh_test_probe_for_write(KTEST *t)
{
    static char buf[9000];
    KT_EXPECT_EQ(t, ProbeWrite(buf, sizeof buf, 1), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, ProbeWrite(seh_test_readonly_page(), 16, 4), STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, ProbeWrite((void *)0x1002, 8, 4), STATUS_DATATYPE_MISALIGNMENT);
}

/* ---- context ---------------------------------------------------------------------------- */

C_ASSERT(FIELD_OFFSET(CONTEXT, ContextFlags) == 0x30);
C_ASSERT(FIELD_OFFSET(CONTEXT, EFlags) == 0x44);
C_ASSERT(FIELD_OFFSET(CONTEXT, Rax) == 0x78);
C_ASSERT(FIELD_OFFSET(CONTEXT, Rip) == 0xF8);
C_ASSERT(FIELD_OFFSET(CONTEXT, FltSave) == 0x100);
C_ASSERT(FIELD_OFFSET(CONTEXT, VectorRegister) == 0x300);
C_ASSERT(sizeof(CONTEXT) == 1232);
C_ASSERT(sizeof(EXCEPTION_RECORD) == 152);

static void seh_test_capture_context(KTEST *t)
{
    CONTEXT c;
    memset(&c, 0, sizeof c);
    RtlCaptureContext(&c);
    KT_EXPECT_EQ(t, c.ContextFlags, CONTEXT_CONTROL | CONTEXT_INTEGER | CONTEXT_SEGMENTS |
                                    CONTEXT_FLOATING_POINT);
    KT_EXPECT_TRUE(t, c.Rip > (ULONG64)(ULONG_PTR)seh_test_capture_context);
    KT_EXPECT_TRUE(t, c.Rsp != 0 && (c.Rsp & 7) == 0);
    KT_EXPECT_TRUE(t, c.SegCs != 0);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(seh_test_no_exception_skips_handler),
    KTEST_CASE_ENTRY(seh_test_raise_status_reaches_handler),
    KTEST_CASE_ENTRY(seh_test_filter_sees_code_and_information),
    KTEST_CASE_ENTRY(seh_test_filter_can_call_a_function),
    KTEST_CASE_ENTRY(seh_test_continue_search_reaches_outer),
    KTEST_CASE_ENTRY(seh_test_modified_local_visible_in_handler),
    KTEST_CASE_ENTRY(seh_test_handler_runs_after_frame_left_chain),
    KTEST_CASE_ENTRY(seh_test_exception_in_filter_goes_outward),
    KTEST_CASE_ENTRY(seh_test_continue_execution_is_noncontinuable),
    KTEST_CASE_ENTRY(seh_test_rtl_raise_exception_parameters),
    KTEST_CASE_ENTRY(seh_test_break_and_continue_in_handler_reach_the_loop),
    KTEST_CASE_ENTRY(seh_test_code_in_handler_survives_nested_try),
    KTEST_CASE_ENTRY(seh_test_finally_in_intermediate_function),
    KTEST_CASE_ENTRY(seh_test_deep_recursion_with_try),
    KTEST_CASE_ENTRY(seh_test_finally_runs_on_normal_exit),
    KTEST_CASE_ENTRY(seh_test_finally_runs_during_unwind),
    KTEST_CASE_ENTRY(seh_test_leave_skips_rest_of_body_and_runs_finally),
    KTEST_CASE_ENTRY(seh_test_leave_in_except_frame),
    KTEST_CASE_ENTRY(seh_test_exception_in_finally_replaces_original),
    KTEST_CASE_ENTRY(seh_test_lowercase_keyword_aliases),
    KTEST_CASE_ENTRY(seh_test_return_out_of_try_unregisters_frame),
    KTEST_CASE_ENTRY(seh_test_goto_out_of_try),
    KTEST_CASE_ENTRY(seh_test_return_out_of_finally_try_fails_loudly),
    KTEST_CASE_ENTRY(seh_test_null_read_is_access_violation),
    KTEST_CASE_ENTRY(seh_test_write_to_readonly_page_is_write_violation),
    KTEST_CASE_ENTRY(seh_test_divide_by_zero),
    KTEST_CASE_ENTRY(seh_test_faults_repeatedly),
    KTEST_CASE_ENTRY(seh_test_unhandled_raise_bugchecks_1e),
    KTEST_CASE_ENTRY(seh_test_unhandled_fault_bugchecks_1e),
    KTEST_CASE_ENTRY(seh_test_unhandled_fault_report_in_child),
    KTEST_CASE_ENTRY(seh_test_probe_for_read),
    KTEST_CASE_ENTRY(seh_test_probe_for_write),
    KTEST_CASE_ENTRY(seh_test_probe_refuses_pool),
    KTEST_CASE_ENTRY(seh_test_capture_context),
    { 0 },
};
KTEST_SUITE(seh, cases);
