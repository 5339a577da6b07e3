/*
 * PURPOSE: Tests for the analysis parts of the bugcheck report (src/ke/bugcheck*.c): the
 * held-lock record (src/include/internal/kilocks.h) and LOCKS_HELD, the IRP section
 * (KiSetBugCheckIrp, the !irp decode), per-code explanations of the codes Driver Verifier
 * raises, and the JSON crash dump (KMODE_CRASH_DUMP), checked with a small JSON parser.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wdm.h>
#include <kmode/bugcheck.h>
#include <internal/ke.h>
#include <internal/kilocks.h>
#include "ktest.h"

/* ---- Helpers --------------------------------------------------------------------------- */

typedef struct {
    ULONG Code;
    ULONG_PTR P[4];
} ANALYSIS_ARGS;

static DECLSPEC_NOINLINE void analysis_bugcheck(void *ctx)
{
    ANALYSIS_ARGS *a = (ANALYSIS_ARGS *)ctx;
    KeBugCheckEx(a->Code, a->P[0], a->P[1], a->P[2], a->P[3]);
}

static const char *analysis_report(KTEST *t, ULONG code, ULONG_PTR p1, ULONG_PTR p2, ULONG_PTR p3,
                                   ULONG_PTR p4)
{
    ANALYSIS_ARGS a = { code, { p1, p2, p3, p4 } };
    KMODE_BUGCHECK bc;

    if (!KmodeCatchBugCheck(analysis_bugcheck, &a, KMODE_CATCH_QUIET, &bc)) {
        KT_FAIL(t, "no bugcheck");
        return "";
    }
    return bc.Report;
}

/* ---- The held-lock record -------------------------------------------------------------- */

static void ke_bugcheck_analysis_test_lock_record_push_pop(KTEST *t)
{
    KSPIN_LOCK a, b;
    KIRQL Old;
    ULONG Base = KiHeldLocks.Count;

    KeInitializeSpinLock(&a);
    KeInitializeSpinLock(&b);
    KeAcquireSpinLock(&a, &Old);
    KT_EXPECT_EQ(t, KiHeldLocks.Count, Base + 1);
    KT_EXPECT_TRUE(t, KiHeldLocks.Locks[Base].Lock == &a);
    KT_EXPECT_EQ(t, KiHeldLocks.Locks[Base].Kind, KI_LOCK_SPIN_LOCK);
    KeAcquireSpinLockAtDpcLevel(&b);
    KT_EXPECT_EQ(t, KiHeldLocks.Count, Base + 2);
    /* Out of order: a first. */
    KeReleaseSpinLockFromDpcLevel(&a);
    KT_EXPECT_EQ(t, KiHeldLocks.Count, Base + 1);
    KT_EXPECT_TRUE(t, KiHeldLocks.Locks[Base].Lock == &b);
    KeReleaseSpinLock(&b, Old);
    KT_EXPECT_EQ(t, KiHeldLocks.Count, Base);
}

static void ke_bugcheck_analysis_test_lock_record_kinds(KTEST *t)
{
    KSPIN_LOCK s;
    KLOCK_QUEUE_HANDLE h;
    FAST_MUTEX m;
    ERESOURCE r;
    ULONG Base = KiHeldLocks.Count;

    KeInitializeSpinLock(&s);
    KeAcquireInStackQueuedSpinLock(&s, &h);
    KT_EXPECT_EQ(t, KiHeldLocks.Locks[Base].Kind, KI_LOCK_QUEUED_SPIN_LOCK);
    KeReleaseInStackQueuedSpinLock(&h);
    KT_EXPECT_EQ(t, KiHeldLocks.Count, Base);

    ExInitializeFastMutex(&m);
    KT_EXPECT_TRUE(t, ExTryToAcquireFastMutex(&m));
    KT_EXPECT_EQ(t, KiHeldLocks.Locks[Base].Kind, KI_LOCK_FAST_MUTEX);
    ExReleaseFastMutex(&m);
    KT_EXPECT_EQ(t, KiHeldLocks.Count, Base);

    ExInitializeResourceLite(&r);
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&r, TRUE);
    ExAcquireResourceExclusiveLite(&r, TRUE);             /* recursive: two records */
    KT_EXPECT_EQ(t, KiHeldLocks.Count, Base + 2);
    KT_EXPECT_EQ(t, KiHeldLocks.Locks[Base].Kind, KI_LOCK_RESOURCE_EXCLUSIVE);
    ExReleaseResourceLite(&r);
    ExReleaseResourceLite(&r);
    KT_EXPECT_EQ(t, KiHeldLocks.Count, Base);
    /* A failed try-acquire records nothing. */
    KT_EXPECT_TRUE(t, ExAcquireResourceSharedLite(&r, FALSE));
    KT_EXPECT_EQ(t, KiHeldLocks.Locks[Base].Kind, KI_LOCK_RESOURCE_SHARED);
    ExReleaseResourceLite(&r);
    KeLeaveCriticalRegion();
    ExDeleteResourceLite(&r);

    {
        KIRQL Old;
        KSPIN_LOCK busy;
        KeInitializeSpinLock(&busy);
        KeRaiseIrql(DISPATCH_LEVEL, &Old);
        KT_EXPECT_TRUE(t, KeTryToAcquireSpinLockAtDpcLevel(&busy));
        KT_EXPECT_FALSE(t, KeTryToAcquireSpinLockAtDpcLevel(&busy));
        KT_EXPECT_EQ(t, KiHeldLocks.Count, Base + 1);
        KeReleaseSpinLockFromDpcLevel(&busy);
        KeLowerIrql(Old);
        KT_EXPECT_EQ(t, KiHeldLocks.Count, Base);
    }
}

static void ke_bugcheck_analysis_test_lock_record_overflow(KTEST *t)
{
    KSPIN_LOCK Locks[KI_HELD_LOCKS_MAX + 4];
    KIRQL Old;
    ULONG Base = KiHeldLocks.Count;
    ULONG n = RTL_NUMBER_OF(Locks);

    KeRaiseIrql(DISPATCH_LEVEL, &Old);
    for (ULONG i = 0; i < n; i++) {
        KeInitializeSpinLock(&Locks[i]);
        KeAcquireSpinLockAtDpcLevel(&Locks[i]);
    }
    KT_EXPECT_EQ(t, KiHeldLocks.Count, Base + n);
    /* Release the first recorded one, then the rest from the top: all bookkeeping holds. */
    KeReleaseSpinLockFromDpcLevel(&Locks[0]);
    for (ULONG i = n; i-- > 1;)
        KeReleaseSpinLockFromDpcLevel(&Locks[i]);
    KT_EXPECT_EQ(t, KiHeldLocks.Count, Base);
    KeLowerIrql(Old);
    /* A release nobody recorded changes nothing. */
    KiTrackLockReleased(&Locks[0]);
    KT_EXPECT_EQ(t, KiHeldLocks.Count, Base);
}

static KSPIN_LOCK AnalysisLock;
static FAST_MUTEX AnalysisMutex;
static KMUTEX AnalysisKernelMutex;

static DECLSPEC_NOINLINE void bugcheck_holding_locks(void *ctx)
{
    KIRQL Old;
    (void)ctx;
    ExAcquireFastMutex(&AnalysisMutex);
    KeWaitForSingleObject(&AnalysisKernelMutex, Executive, KernelMode, FALSE, NULL);
    KeAcquireSpinLock(&AnalysisLock, &Old);
    KeBugCheckEx(MANUALLY_INITIATED_CRASH, 0, 0, 0, 0);
}

static void ke_bugcheck_analysis_test_locks_held_section(KTEST *t)
{
    KMODE_BUGCHECK bc;
    ULONG Base = KiHeldLocks.Count;
    char expect[128];

    KeInitializeSpinLock(&AnalysisLock);
    ExInitializeFastMutex(&AnalysisMutex);
    KeInitializeMutex(&AnalysisKernelMutex, 0);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(bugcheck_holding_locks, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_CONTAINS(t, bc.Report, "LOCKS_HELD:  3\n");
    snprintf(expect, sizeof expect, "    %016llx FAST_MUTEX, acquired at test-ke!bugcheck_holding_locks+0x",
             (unsigned long long)(ULONG_PTR)&AnalysisMutex);
    KT_EXPECT_CONTAINS(t, bc.Report, expect);
    snprintf(expect, sizeof expect, "    %016llx KSPIN_LOCK, acquired at test-ke!bugcheck_holding_locks+0x",
             (unsigned long long)(ULONG_PTR)&AnalysisLock);
    KT_EXPECT_CONTAINS(t, bc.Report, expect);
    snprintf(expect, sizeof expect, "    %016llx KMUTEX\n", (unsigned long long)(ULONG_PTR)&AnalysisKernelMutex);
    KT_EXPECT_CONTAINS(t, bc.Report, expect);
    /* The catch forgets the abandoned frames' acquisitions (the locks stay taken). */
    KT_EXPECT_EQ(t, KiHeldLocks.Count, Base);
    KeInitializeSpinLock(&AnalysisLock);
    ExReleaseFastMutex(&AnalysisMutex);
    KeReleaseMutex(&AnalysisKernelMutex, FALSE);
    /* Nothing held: no section. */
    KT_EXPECT_FALSE(t, ktest_contains(analysis_report(t, MANUALLY_INITIATED_CRASH, 0, 0, 0, 0),
                                      "LOCKS_HELD"));
}

static void ke_bugcheck_analysis_test_stale_lock_record_dropped(KTEST *t)
{
    KSPIN_LOCK NotHeld;
    ULONG Base = KiHeldLocks.Count;
    const char *r;

    /* A record whose lock this thread does not hold (released by someone else, say). */
    KeInitializeSpinLock(&NotHeld);
    KiTrackLockAcquired(KI_LOCK_SPIN_LOCK, &NotHeld, (PVOID)ke_bugcheck_analysis_test_stale_lock_record_dropped);
    r = analysis_report(t, MANUALLY_INITIATED_CRASH, 0, 0, 0, 0);
    KT_EXPECT_FALSE(t, ktest_contains(r, "LOCKS_HELD"));
    KiTrackLockReleased(&NotHeld);
    KT_EXPECT_EQ(t, KiHeldLocks.Count, Base);
}

/* ---- The IRP section ------------------------------------------------------------------- */

static NTSTATUS NTAPI analysis_completion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    (void)DeviceObject;
    (void)Irp;
    (void)Context;
    return STATUS_SUCCESS;
}

static DECLSPEC_NOINLINE void bugcheck_about_irp(void *ctx)
{
    KiSetBugCheckIrp((PIRP)ctx);
    KeBugCheckEx(MULTIPLE_IRP_COMPLETE_REQUESTS, (ULONG_PTR)ctx, 0, 0, 0);
}

static void ke_bugcheck_analysis_test_irp_decoded_like_windbg(KTEST *t)
{
    PIRP Irp = IoAllocateIrp(3, FALSE);
    PIO_STACK_LOCATION Next;
    KMODE_BUGCHECK bc;
    char expect[160];

    KT_ASSERT_TRUE(t, Irp != NULL);
    /* The originator's request for the top location: a read with a completion routine. */
    Next = IoGetNextIrpStackLocation(Irp);
    Next->MajorFunction = IRP_MJ_PNP;
    Next->MinorFunction = IRP_MN_QUERY_DEVICE_RELATIONS;
    Next->Parameters.Others.Argument1 = (PVOID)0x11;
    IoSetCompletionRoutine(Irp, analysis_completion, (PVOID)0x1234, TRUE, TRUE, FALSE);
    IoSetNextIrpStackLocation(Irp);                         /* the top driver has it */
    IoMarkIrpPending(Irp);
    Irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
    Irp->PendingReturned = TRUE;

    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(bugcheck_about_irp, Irp, KMODE_CATCH_QUIET, &bc));
    snprintf(expect, sizeof expect, "IRP_ADDRESS:  %016llx\n", (unsigned long long)(ULONG_PTR)Irp);
    KT_EXPECT_CONTAINS(t, bc.Report, expect);
    snprintf(expect, sizeof expect, "\n!irp %016llx\nIrp is active with 3 stacks 3 is current (= 0x%016llx)\n",
             (unsigned long long)(ULONG_PTR)Irp,
             (unsigned long long)(ULONG_PTR)IoGetCurrentIrpStackLocation(Irp));
    KT_EXPECT_CONTAINS(t, bc.Report, expect);
    KT_EXPECT_CONTAINS(t, bc.Report, " No Mdl: No System Buffer: Thread 0000000000000000:  Irp stack "
                                     "trace.  Pending has been returned\n"
                                     "     cmd  flg cl Device   File     Completion-Context\n"
                                     " [N/A(0), N/A(0)]\n");
    KT_EXPECT_CONTAINS(t, bc.Report, ">[IRP_MJ_PNP(1b), IRP_MN_QUERY_DEVICE_RELATIONS(7)]\n");
    KT_EXPECT_CONTAINS(t, bc.Report, " Success Error pending\n");
    KT_EXPECT_CONTAINS(t, bc.Report, "\t       \ttest-ke!analysis_completion\n");
    KT_EXPECT_CONTAINS(t, bc.Report, "-0000000000001234 ");
    KT_EXPECT_CONTAINS(t, bc.Report, "\t\t\tArgs: 0000000000000011 0000000000000000");
    KT_EXPECT_CONTAINS(t, bc.Report, "IRP_FLAGS:  00000000  IRP_STATUS:  c00000bb");

    /* The hint is used once. */
    KT_EXPECT_FALSE(t, ktest_contains(analysis_report(t, MANUALLY_INITIATED_CRASH, 0, 0, 0, 0),
                                      "IRP_ADDRESS"));
    IoFreeIrp(Irp);
}

static void ke_bugcheck_analysis_test_irp_not_readable_or_not_live(KTEST *t)
{
    KMODE_BUGCHECK bc;
    IRP Fake;

    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(bugcheck_about_irp, (PVOID)0x10, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_CONTAINS(t, bc.Report, "IRP_DECODE:  the IRP at 0000000000000010 cannot be read");

    RtlZeroMemory(&Fake, sizeof Fake);                      /* Type 0: what a freed IRP shows */
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(bugcheck_about_irp, &Fake, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_CONTAINS(t, bc.Report, "is no longer a live IRP (Type 0x0, not IO_TYPE_IRP)");
    KT_EXPECT_FALSE(t, ktest_contains(bc.Report, "!irp "));
}

/* ---- Explanations for the codes Driver Verifier raises --------------------------------- */

/* The argument (0-based) whose value selects the meaning of the others, for codes kmode
   describes per subcode (bugcheck_raised.h lists their subcodes). */
static int raised_selector_arg(ULONG Code)
{
    switch (Code) {
    case 0xC1: return 3;
    case 0x44: return 1;
    default: return 0;
    }
}

/* Every code and subcode kmode raises (bugcheck_raised.h, kept complete by CTest
   bugcheck-raised-list) has a summary, a meaning for each parameter and an explanation. */
static void ke_bugcheck_analysis_test_raised_codes_are_explained(KTEST *t)
{
    static const struct {
        ULONG Code;
        LONG_PTR Selector;      /* -1: the code has no subcodes */
    } codes[] = {
#define KI_RAISED(Code, Selector) { (Code), (Selector) },
#include "bugcheck_raised.h"
#undef KI_RAISED
    };

    KT_EXPECT_TRUE(t, RTL_NUMBER_OF(codes) > 100);
    for (SIZE_T i = 0; i < RTL_NUMBER_OF(codes); i++) {
        ULONG_PTR p[4] = { 0x1111, 0x2222, 0x3333, 0x4444 };
        const char *r, *name = KmodeBugCheckName(codes[i].Code);
        char head[96], line[64];

        if (codes[i].Selector >= 0)
            p[raised_selector_arg(codes[i].Code)] = (ULONG_PTR)codes[i].Selector;
        r = analysis_report(t, codes[i].Code, p[0], p[1], p[2], p[3]);
        snprintf(head, sizeof head, "%s (%x)\nArguments:", name ? name : "?", codes[i].Code);
        if (name == NULL || ktest_contains(r, head))
            KT_FAIL(t, "code 0x%x/0x%lx has no summary", codes[i].Code, (long)codes[i].Selector);
        if (!ktest_contains(r, "\nANALYSIS:\n"))
            KT_FAIL(t, "code 0x%x/0x%lx has no explanation", codes[i].Code, (long)codes[i].Selector);
        if (ktest_contains(r, "a subcode kmode does not describe"))
            KT_FAIL(t, "code 0x%x/0x%lx: subcode not described", codes[i].Code,
                    (long)codes[i].Selector);
        /* Each parameter has its meaning after the value. */
        for (int a = 0; a < 4; a++) {
            snprintf(line, sizeof line, "Arg%d: %016llx, ", a + 1, (unsigned long long)p[a]);
            if (!ktest_contains(r, line))
                KT_FAIL(t, "code 0x%x/0x%lx: Arg%d has no meaning", codes[i].Code,
                        (long)codes[i].Selector, a + 1);
        }
    }
}

static void ke_bugcheck_analysis_test_double_completion_arg2_named(KTEST *t)
{
    const char *r = analysis_report(t, MULTIPLE_IRP_COMPLETE_REQUESTS, 0x9000, 1, 0, 0);
    KT_EXPECT_CONTAINS(t, r, "Arg2: 0000000000000001, kmode: 1, the IRP was already completed");
    r = analysis_report(t, DPC_WATCHDOG_VIOLATION, 0, 0x501, 0x500, 0);
    KT_EXPECT_CONTAINS(t, r, "Arg2: 0000000000000501, the DPC's run time (ticks)\n");
}

/* ---- The JSON crash dump ----------------------------------------------------------------- */

/* A strict little JSON parser: TRUE when Text is one JSON value and nothing else. */
typedef struct {
    const char *p;
    int depth;
} JSON_PARSER;

static int json_value(JSON_PARSER *j);

static void json_ws(JSON_PARSER *j)
{
    while (*j->p == ' ' || *j->p == '\n' || *j->p == '\t' || *j->p == '\r')
        j->p++;
}

static int json_string(JSON_PARSER *j)
{
    if (*j->p != '"')
        return 0;
    for (j->p++; *j->p != '"'; j->p++) {
        unsigned char c = (unsigned char)*j->p;
        if (c < 0x20)
            return 0;
        if (c == '\\') {
            j->p++;
            if (*j->p == 'u') {
                for (int k = 1; k <= 4; k++)
                    if (!strchr("0123456789abcdefABCDEF", j->p[k]) || !j->p[k])
                        return 0;
                j->p += 4;
            } else if (!*j->p || !strchr("\"\\/bfnrt", *j->p)) {
                return 0;
            }
        }
    }
    j->p++;
    return 1;
}

static int json_value(JSON_PARSER *j)
{
    json_ws(j);
    if (++j->depth > 64)
        return 0;
    switch (*j->p) {
    case '{':
        j->p++;
        json_ws(j);
        if (*j->p == '}') { j->p++; break; }
        for (;;) {
            json_ws(j);
            if (!json_string(j))
                return 0;
            json_ws(j);
            if (*j->p++ != ':' || !json_value(j))
                return 0;
            json_ws(j);
            if (*j->p == ',') { j->p++; continue; }
            if (*j->p++ != '}')
                return 0;
            break;
        }
        break;
    case '[':
        j->p++;
        json_ws(j);
        if (*j->p == ']') { j->p++; break; }
        for (;;) {
            if (!json_value(j))
                return 0;
            json_ws(j);
            if (*j->p == ',') { j->p++; continue; }
            if (*j->p++ != ']')
                return 0;
            break;
        }
        break;
    case '"':
        if (!json_string(j))
            return 0;
        break;
    default:
        if (strncmp(j->p, "true", 4) == 0) j->p += 4;
        else if (strncmp(j->p, "false", 5) == 0) j->p += 5;
        else if (strncmp(j->p, "null", 4) == 0) j->p += 4;
        else if (*j->p == '-' || (*j->p >= '0' && *j->p <= '9')) {
            j->p++;
            while ((*j->p >= '0' && *j->p <= '9') || *j->p == '.' || *j->p == 'e' || *j->p == 'E' ||
                   *j->p == '+' || *j->p == '-')
                j->p++;
        } else
            return 0;
    }
    j->depth--;
    return 1;
}

static int json_valid(const char *Text)
{
    JSON_PARSER j = { Text, 0 };
    if (!json_value(&j))
        return 0;
    json_ws(&j);
    return *j.p == 0;
}

static void ke_bugcheck_analysis_test_json_parser_rejects_bad_json(KTEST *t)
{
    KT_EXPECT_TRUE(t, json_valid("{\"a\": [1, -2.5e3, true, null, \"x\\n\\u00e9\"], \"b\": {}}\n"));
    KT_EXPECT_FALSE(t, json_valid("{\"a\": 1,}"));
    KT_EXPECT_FALSE(t, json_valid("{\"a\": \"tab\there\"}"));
    KT_EXPECT_FALSE(t, json_valid("{\"a\": \"\\x\"}"));
    KT_EXPECT_FALSE(t, json_valid("{\"a\": 1} x"));
}

static char DumpPath[256];

static DECLSPEC_NOINLINE void bugcheck_with_awkward_text(void *ctx)
{
    KSPIN_LOCK *Lock = ctx;
    KIRQL Old;
    KeAcquireSpinLock(Lock, &Old);
    KiBugCheck(MANUALLY_INITIATED_CRASH, 1, 2, 3, 0xFFFFFFFFFFFFFFFFull, __builtin_return_address(0),
               "say \"hi\"\n\tback\\slash \xc3\xa9 \x01");
}

static char *read_file(const char *Path)
{
    FILE *f = fopen(Path, "rb");
    static char Buffer[256 * 1024];
    size_t n;

    if (!f)
        return NULL;
    n = fread(Buffer, 1, sizeof Buffer - 1, f);
    fclose(f);
    Buffer[n] = 0;
    return Buffer;
}

static void ke_bugcheck_analysis_test_crash_dump_written_when_process_bugchecks(KTEST *t)
{
    static char out[65536];
    KSPIN_LOCK Lock;
    const char *dump;
    int status;

    KeInitializeSpinLock(&Lock);
    snprintf(DumpPath, sizeof DumpPath, "/tmp/kmode-crash-dump-%d.json", (int)getpid());
    unlink(DumpPath);
    setenv("KMODE_CRASH_DUMP", DumpPath, 1);
    status = ktest_run_isolated(bugcheck_with_awkward_text, &Lock, out, sizeof out);
    unsetenv("KMODE_CRASH_DUMP");
    KT_EXPECT_EQ(t, status, KMODE_BUGCHECK_EXIT_STATUS);
    dump = read_file(DumpPath);
    KT_ASSERT_TRUE(t, dump != NULL);
    KT_EXPECT_TRUE(t, json_valid(dump));
    KT_EXPECT_CONTAINS(t, dump, "\"code\": 226,\n  \"code_hex\": \"0xe2\",\n  \"name\": \"MANUALLY_INITIATED_CRASH\"");
    KT_EXPECT_CONTAINS(t, dump, "{\"value\": \"0xffffffffffffffff\", \"meaning\": \"reserved\"}");
    KT_EXPECT_CONTAINS(t, dump, "\"detector\": \"say \\\"hi\\\"\\n\\tback\\\\slash \\u00c3\\u00a9 \\u0001\"");
    KT_EXPECT_CONTAINS(t, dump, "\"function\": \"bugcheck_with_awkward_text\"");
    KT_EXPECT_CONTAINS(t, dump, "\"irql\": 2,\n  \"irql_name\": \"DISPATCH_LEVEL\"");
    KT_EXPECT_CONTAINS(t, dump, "\"kind\": \"KSPIN_LOCK\", \"acquired_at\": {\"address\": ");
    KT_EXPECT_CONTAINS(t, dump, "\"irp\": null");
    KT_EXPECT_CONTAINS(t, dump, "\"faulting_driver\": null");
    KT_EXPECT_CONTAINS(t, dump, "\"kmode_version\": \"");
    unlink(DumpPath);
}

static void ke_bugcheck_analysis_test_crash_dump_not_written_when_caught(KTEST *t)
{
    KMODE_BUGCHECK bc;
    ANALYSIS_ARGS a = { MANUALLY_INITIATED_CRASH, { 0, 0, 0, 0 } };

    snprintf(DumpPath, sizeof DumpPath, "/tmp/kmode-crash-dump-caught-%d.json", (int)getpid());
    unlink(DumpPath);
    setenv("KMODE_CRASH_DUMP", DumpPath, 1);
    KT_EXPECT_TRUE(t, KmodeCatchBugCheck(analysis_bugcheck, &a, KMODE_CATCH_QUIET, &bc));
    unsetenv("KMODE_CRASH_DUMP");
    KT_EXPECT_EQ(t, access(DumpPath, F_OK), -1);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ke_bugcheck_analysis_test_lock_record_push_pop),
    KTEST_CASE_ENTRY(ke_bugcheck_analysis_test_lock_record_kinds),
    KTEST_CASE_ENTRY(ke_bugcheck_analysis_test_lock_record_overflow),
    KTEST_CASE_ENTRY(ke_bugcheck_analysis_test_locks_held_section),
    KTEST_CASE_ENTRY(ke_bugcheck_analysis_test_stale_lock_record_dropped),
    KTEST_CASE_ENTRY(ke_bugcheck_analysis_test_irp_decoded_like_windbg),
    KTEST_CASE_ENTRY(ke_bugcheck_analysis_test_irp_not_readable_or_not_live),
    KTEST_CASE_ENTRY(ke_bugcheck_analysis_test_raised_codes_are_explained),
    KTEST_CASE_ENTRY(ke_bugcheck_analysis_test_double_completion_arg2_named),
    KTEST_CASE_ENTRY(ke_bugcheck_analysis_test_json_parser_rejects_bad_json),
    KTEST_CASE_ENTRY(ke_bugcheck_analysis_test_crash_dump_written_when_process_bugchecks),
    KTEST_CASE_ENTRY(ke_bugcheck_analysis_test_crash_dump_not_written_when_caught),
    { 0 },
};
KTEST_SUITE(ke_bugcheck_analysis, cases);
