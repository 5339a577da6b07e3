/*
 * PURPOSE: Tests for the DbgPrint family (src/kd/dbgprint.c): Windows' filtering matrix,
 * defaults, the KMODE_DEBUG_PRINT_FILTER syntax, the "[driver] " prefix, per-thread line
 * continuation, the 512-byte limit. Output tests run in a child process and read its stderr.
 */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <wdm.h>
#include <internal/kd.h>
#include "ktest.h"

/* ---- helpers --------------------------------------------------------------------------- */

static char out[16384];

/* Runs fn in a child with the filter reset to Spec; its stderr lands in `out`. */
typedef struct { const char *Spec; void (*Fn)(void); } CHILD;

static void child_main(void *ctx)
{
    CHILD *c = ctx;
    KdpLoadDebugPrintFilter(c->Spec);
    c->Fn();
}

static int run_child(const char *spec, void (*fn)(void))
{
    CHILD c = { spec, fn };
    return ktest_run_isolated(child_main, &c, out, sizeof out);
}

/* ---- filtering ------------------------------------------------------------------------- */

static void kd_filter_test_windows_defaults(KTEST *t)
{
    KdpLoadDebugPrintFilter("");
    KT_EXPECT_EQ(t, KdpQueryComponentMask(KD_WIN2000_MASK_ID), 1);
    for (ULONG id = 0; id < DPFLTR_ENDOFTABLE_ID; id++)
        KT_EXPECT_EQ(t, KdpQueryComponentMask(id), 0);
    /* Only error-level messages pass; DbgPrint's DEFAULT/INFO does not. */
    KT_EXPECT_EQ(t, DbgQueryDebugFilterState(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL), TRUE);
    KT_EXPECT_EQ(t, DbgQueryDebugFilterState(DPFLTR_IHVDRIVER_ID, DPFLTR_WARNING_LEVEL), FALSE);
    KT_EXPECT_EQ(t, DbgQueryDebugFilterState(DPFLTR_DEFAULT_ID, DPFLTR_INFO_LEVEL), FALSE);
    KT_EXPECT_EQ(t, DbgQueryDebugFilterState(DPFLTR_SYSTEM_ID, DPFLTR_ERROR_LEVEL), TRUE);
}

static void kd_filter_test_level_matrix(KTEST *t)
{
    KdpLoadDebugPrintFilter("");
    KT_EXPECT_EQ(t, KdpSetComponentMask(DPFLTR_IHVDRIVER_ID, 0x5), STATUS_SUCCESS);
    for (ULONG level = 0; level < 32; level++) {
        BOOLEAN expected = level == 0 || level == 2;   /* mask 0x5 | WIN2000 0x1 */
        KT_EXPECT_EQ(t, DbgQueryDebugFilterState(DPFLTR_IHVDRIVER_ID, level), expected);
        KT_EXPECT_EQ(t, DbgQueryDebugFilterState(DPFLTR_IHVBUS_ID, level), level == 0);
    }
    /* Levels above 31 are masks; DPFLTR_MASK only marks them. */
    KT_EXPECT_EQ(t, DbgQueryDebugFilterState(DPFLTR_IHVDRIVER_ID, DPFLTR_MASK | 0x4), TRUE);
    KT_EXPECT_EQ(t, DbgQueryDebugFilterState(DPFLTR_IHVDRIVER_ID, DPFLTR_MASK | 0x8), FALSE);
    KT_EXPECT_EQ(t, DbgQueryDebugFilterState(DPFLTR_IHVDRIVER_ID, 0x20), FALSE);
    KT_EXPECT_EQ(t, DbgQueryDebugFilterState(DPFLTR_IHVDRIVER_ID, 0x24), TRUE);
    KT_EXPECT_EQ(t, DbgQueryDebugFilterState(DPFLTR_IHVBUS_ID, DPFLTR_MASK | 0x1), TRUE);
    KT_EXPECT_EQ(t, DbgQueryDebugFilterState(DPFLTR_IHVBUS_ID, DPFLTR_MASK), FALSE);

    /* The system-wide mask applies to every component. */
    KdpSetComponentMask(KD_WIN2000_MASK_ID, 0x8);
    KT_EXPECT_EQ(t, DbgQueryDebugFilterState(DPFLTR_IHVBUS_ID, DPFLTR_INFO_LEVEL), TRUE);
    KT_EXPECT_EQ(t, DbgQueryDebugFilterState(DPFLTR_IHVBUS_ID, DPFLTR_ERROR_LEVEL), FALSE);
    KT_EXPECT_EQ(t, DbgQueryDebugFilterState(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL), TRUE);
    KdpSetComponentMask(KD_WIN2000_MASK_ID, 0);
    KT_EXPECT_EQ(t, DbgQueryDebugFilterState(DPFLTR_IHVBUS_ID, DPFLTR_ERROR_LEVEL), FALSE);

    KdpSetComponentMask(DPFLTR_IHVVIDEO_ID, 0x80000000);
    KT_EXPECT_EQ(t, DbgQueryDebugFilterState(DPFLTR_IHVVIDEO_ID, 31), TRUE);
    KdpLoadDebugPrintFilter("");
}

static void kd_filter_test_unknown_components(KTEST *t)
{
    KdpLoadDebugPrintFilter("DEFAULT=0x8");
    KT_EXPECT_EQ(t, DbgQueryDebugFilterState(DPFLTR_ENDOFTABLE_ID, 0), STATUS_INVALID_PARAMETER_1);
    KT_EXPECT_EQ(t, DbgQueryDebugFilterState(1000, 0), STATUS_INVALID_PARAMETER_1);
    KT_EXPECT_EQ(t, DbgSetDebugFilterState(DPFLTR_ENDOFTABLE_ID, 0, TRUE), STATUS_INVALID_PARAMETER_1);
    KT_EXPECT_EQ(t, DbgQueryDebugFilterState((ULONG)-1, DPFLTR_INFO_LEVEL), TRUE);   /* -1: DEFAULT */
    KT_EXPECT_EQ(t, KdpSetComponentMask(KD_WIN2000_MASK_ID + 1, 1), STATUS_INVALID_PARAMETER_1);
    KT_EXPECT_EQ(t, KdpQueryComponentMask(KD_WIN2000_MASK_ID + 1), 0);
    KdpLoadDebugPrintFilter("");
}

static void kd_filter_test_set_debug_filter_state(KTEST *t)
{
    KdpLoadDebugPrintFilter("");
    KT_EXPECT_EQ(t, DbgSetDebugFilterState(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, TRUE), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, KdpQueryComponentMask(DPFLTR_IHVDRIVER_ID), 0x8);
    KT_EXPECT_EQ(t, DbgQueryDebugFilterState(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL), TRUE);
    DbgSetDebugFilterState(DPFLTR_IHVDRIVER_ID, DPFLTR_MASK | 0x3, TRUE);
    KT_EXPECT_EQ(t, KdpQueryComponentMask(DPFLTR_IHVDRIVER_ID), 0xB);
    KT_EXPECT_EQ(t, DbgSetDebugFilterState(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, FALSE), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, KdpQueryComponentMask(DPFLTR_IHVDRIVER_ID), 0x3);
    KT_EXPECT_EQ(t, DbgQueryDebugFilterState(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL), FALSE);
    KdpLoadDebugPrintFilter("");
}

static void kd_filter_test_environment_syntax(KTEST *t)
{
    KT_EXPECT_EQ(t, KdpLoadDebugPrintFilter("IHVDRIVER=0xF, default = 0xFFFFFFFF;win2000=0,IhvBus=10"), 4);
    KT_EXPECT_EQ(t, KdpQueryComponentMask(DPFLTR_IHVDRIVER_ID), 0xF);
    KT_EXPECT_EQ(t, KdpQueryComponentMask(DPFLTR_DEFAULT_ID), 0xFFFFFFFF);
    KT_EXPECT_EQ(t, KdpQueryComponentMask(KD_WIN2000_MASK_ID), 0);
    KT_EXPECT_EQ(t, KdpQueryComponentMask(DPFLTR_IHVBUS_ID), 10);
    KT_EXPECT_EQ(t, KdpComponentIdFromName("fslib", 5), DPFLTR_FSLIB_ID);
    KT_EXPECT_EQ(t, KdpComponentIdFromName("SYSTEMX", 7), (ULONG)-1);
    KT_EXPECT_EQ(t, KdpComponentIdFromName("SYS", 3), (ULONG)-1);
    /* Reloading resets to the defaults first. */
    KT_EXPECT_EQ(t, KdpLoadDebugPrintFilter(""), 0);
    KT_EXPECT_EQ(t, KdpQueryComponentMask(DPFLTR_IHVDRIVER_ID), 0);
    KT_EXPECT_EQ(t, KdpQueryComponentMask(KD_WIN2000_MASK_ID), 1);
}

static void bad_entries(void)
{
    ULONG n = KdpLoadDebugPrintFilter("FOO=1,IHVBUS=zz,IHVVIDEO,IHVAUDIO=0x100000000,IHVNETWORK=010");
    if (n != 1 || KdpQueryComponentMask(DPFLTR_IHVNETWORK_ID) != 8)
        _exit(3);
}

static void kd_filter_test_bad_entries_are_reported_and_skipped(KTEST *t)
{
    KT_EXPECT_EQ(t, run_child("", bad_entries), 0);
    KT_EXPECT_CONTAINS(t, out, "unknown component \"FOO=1\" ignored");
    KT_EXPECT_CONTAINS(t, out, "bad mask value \"IHVBUS=zz\"");
    KT_EXPECT_CONTAINS(t, out, "entry without '=' \"IHVVIDEO\"");
    KT_EXPECT_CONTAINS(t, out, "bad mask value \"IHVAUDIO=0x100000000\"");
}

static void from_environment(void)
{
    setenv("KMODE_DEBUG_PRINT_FILTER", "DEFAULT=0x8", 1);
    KdpLoadDebugPrintFilter(NULL);
    DbgPrint("from env\n");
}

static void kd_filter_test_environment_variable_is_read(KTEST *t)
{
    KT_EXPECT_EQ(t, run_child("", from_environment), 0);
    KT_EXPECT_CONTAINS(t, out, "] from env\n");
}

/* ---- output ---------------------------------------------------------------------------- */

static void print_simple(void)
{
    if (DbgPrint("hello %d %s\n", 5, "world") != STATUS_SUCCESS)
        _exit(3);
}

static void kd_print_test_prefix_names_the_caller(KTEST *t)
{
    KT_EXPECT_EQ(t, run_child("DEFAULT=0x8", print_simple), 0);
    KT_EXPECT_STREQ(t, out, "[test-kd] hello 5 world\n");
}

static void print_filtered(void)
{
    if (DbgPrint("hidden\n") != STATUS_SUCCESS)
        _exit(3);
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_WARNING_LEVEL, "hidden too\n");
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "error %u\n", 1u);
    DbgPrintEx(DPFLTR_ENDOFTABLE_ID, DPFLTR_ERROR_LEVEL, "unknown component\n");
}

static void kd_print_test_default_filter_drops_dbgprint(KTEST *t)
{
    KT_EXPECT_EQ(t, run_child("", print_filtered), 0);
    KT_EXPECT_STREQ(t, out, "[test-kd] error 1\n");
}

static void print_continued(void)
{
    DbgPrint("abc");
    DbgPrint("def\n");
    DbgPrint("x\ny\n");
    DbgPrint("tail");
}

static void kd_print_test_lines_continue_without_prefix(KTEST *t)
{
    KT_EXPECT_EQ(t, run_child("DEFAULT=0x8", print_continued), 0);
    KT_EXPECT_STREQ(t, out, "[test-kd] abcdef\n[test-kd] x\n[test-kd] y\n[test-kd] tail");
}

static void *partial_line_thread(void *arg)
{
    (void)arg;
    DbgPrint("partial");
    return NULL;
}

static void print_two_threads(void)
{
    pthread_t th;
    pthread_create(&th, NULL, partial_line_thread, NULL);
    pthread_join(th, NULL);
    DbgPrint("main\n");
}

static void kd_print_test_continuation_is_per_thread(KTEST *t)
{
    KT_EXPECT_EQ(t, run_child("DEFAULT=0x8", print_two_threads), 0);
    KT_EXPECT_STREQ(t, out, "[test-kd] partial[test-kd] main\n");
}

static char long_text[701];

static ULONG call_with_prefix(PCCH prefix, ULONG id, ULONG level, PCCH format, ...)
{
    ULONG r;
    va_list ap;
    va_start(ap, format);
    r = vDbgPrintExWithPrefix(prefix, id, level, format, ap);
    va_end(ap);
    return r;
}

static ULONG call_v(ULONG id, ULONG level, PCCH format, ...)
{
    ULONG r;
    va_list ap;
    va_start(ap, format);
    r = vDbgPrintEx(id, level, format, ap);
    va_end(ap);
    return r;
}

static void print_long(void)
{
    memset(long_text, 'a', 700);
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "%s", long_text);
    call_with_prefix("PFX: ", DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "%s", long_text);
    long_text[511] = '\n';
    long_text[512] = 0;
    call_v(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "%s", long_text);   /* exactly 512 */
}

static void kd_print_test_messages_are_cut_at_512_bytes(KTEST *t)
{
    char expected[2048];
    SIZE_T o = 0;

    KT_EXPECT_EQ(t, run_child("", print_long), 0);
    memcpy(expected + o, "[test-kd] ", 10), o += 10;
    memset(expected + o, 'a', 511), o += 511;
    expected[o++] = '\n';
    memcpy(expected + o, "[test-kd] PFX: ", 15), o += 15;
    memset(expected + o, 'a', 506), o += 506;
    expected[o++] = '\n';
    memcpy(expected + o, "[test-kd] ", 10), o += 10;
    memset(expected + o, 'a', 511), o += 511;
    expected[o++] = '\n';
    expected[o] = 0;
    KT_EXPECT_EQ(t, strlen(out), o);
    KT_EXPECT_STREQ(t, out, expected);
}

static void print_misc(void)
{
    WCHAR text[] = L"wide";
    UNICODE_STRING us = { 8, 10, text };
    if (DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "bad %y\n", 1) != (ULONG)STATUS_INVALID_PARAMETER)
        _exit(3);
    if (DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, NULL) != (ULONG)STATUS_INVALID_PARAMETER)
        _exit(4);
    if (DbgPrintReturnControlC("ctrl-c %d\n", 7) != STATUS_SUCCESS)
        _exit(5);
    call_with_prefix(NULL, DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "%wZ|%ws|%I64x|%p\n", &us, L"w",
                     0x123456789ULL, (void *)0x10);
    call_with_prefix("pre:", DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "");
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_MASK | 0x1, "mask level\n");
}

static void kd_print_test_formats_statuses_and_prefix_argument(KTEST *t)
{
    KT_EXPECT_EQ(t, run_child("DEFAULT=0x8", print_misc), 0);
    KT_EXPECT_STREQ(t, out,
                    "[test-kd] ctrl-c 7\n"
                    "[test-kd] wide|w|123456789|0000000000000010\n"
                    "[test-kd] pre:mask level\n");
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(kd_filter_test_windows_defaults),
    KTEST_CASE_ENTRY(kd_filter_test_level_matrix),
    KTEST_CASE_ENTRY(kd_filter_test_unknown_components),
    KTEST_CASE_ENTRY(kd_filter_test_set_debug_filter_state),
    KTEST_CASE_ENTRY(kd_filter_test_environment_syntax),
    KTEST_CASE_ENTRY(kd_filter_test_bad_entries_are_reported_and_skipped),
    KTEST_CASE_ENTRY(kd_filter_test_environment_variable_is_read),
    KTEST_CASE_ENTRY(kd_print_test_prefix_names_the_caller),
    KTEST_CASE_ENTRY(kd_print_test_default_filter_drops_dbgprint),
    KTEST_CASE_ENTRY(kd_print_test_lines_continue_without_prefix),
    KTEST_CASE_ENTRY(kd_print_test_continuation_is_per_thread),
    KTEST_CASE_ENTRY(kd_print_test_messages_are_cut_at_512_bytes),
    KTEST_CASE_ENTRY(kd_print_test_formats_statuses_and_prefix_argument),
    { 0 },
};
KTEST_SUITE(kd_dbgprint, cases);
