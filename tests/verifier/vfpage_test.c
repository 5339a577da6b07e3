/*
 * PURPOSE: Force IRQL checking on pageable code (src/mm/mmmisc.c, the trim hook in
 * src/verifier/vfpool.c) with vf_page.sys, a real image whose functions #pragma alloc_text
 * puts in PAGE: called at PASSIVE_LEVEL they run (paged back in after each trim), called at
 * DISPATCH_LEVEL they are bugcheck 0xD1 (address, IRQL, 8, address) every time when the
 * driver is verified with force IRQL checking, never otherwise; MmLockPagableCodeSection
 * keeps the section resident; MmPageEntireDriver makes all of the image's code pageable.
 * Each case runs in a child process (a bugcheck ends it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kmode/bugcheck.h>
#include <internal/mm.h>
#include "ktest.h"
#include "vf_harness.h"
#include "vf_page.h"

static const VF_PAGE_DRIVER *PageDriver;

void VfTestRegisterPageDriver(const VF_PAGE_DRIVER *Driver)
{
    PageDriver = Driver;
}

typedef struct {
    VF_PAGE_SCENARIO Scenario;
    const char *Flags;              /* KMODE_VERIFIER; NULL: off */
} VFPAGE_RUN;

typedef struct {
    BOOLEAN BugChecked;
    ULONG Code;
    ULONG_PTR P[4];
    ULONG_PTR PagedAdd, PagedWithCheck, InitOnly;
    unsigned long long Result;
    BOOLEAN Returned;
    char Out[32768];
} VFPAGE_RESULT;

static void VfPageChild(void *Context)
{
    const VFPAGE_RUN *Run = Context;
    NTSTATUS Status;

    VfTestSetVerifier(Run->Flags, "vf_page.sys");
    Status = VfTestLoadSys(L"vf_page", "vf_page.sys");
    if (!NT_SUCCESS(Status) || PageDriver == NULL) {
        fprintf(stderr, "VFPAGE-LOAD failed %08x\n", (unsigned)Status);
        return;
    }
    fprintf(stderr, "VFPAGE-ADDR %p %p %p\n", PageDriver->PagedAdd, PageDriver->PagedWithCheck,
            PageDriver->InitOnly);
    fprintf(stderr, "VFPAGE-HANDLES %d %d\n",
            PageDriver->SectionOf(0) == PageDriver->SectionOf(1),
            PageDriver->SectionOf(0) == PageDriver->SectionOf(2));
    /* A driver image is system space: no user range, whether INIT is still there or not. */
    {
        NTSTATUS Probe = STATUS_SUCCESS;
        __try {
            ProbeForRead(PageDriver->InitOnly, 16, 1);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Probe = GetExceptionCode();
        }
        fprintf(stderr, "VFPAGE-USERRANGE %d %d %08x\n",
                MiIsUserAddressRange(PageDriver->InitOnly, 16),
                MiIsUserAddressRange(PageDriver->PagedAdd, 1), (unsigned)Probe);
    }
    fflush(stderr);
    fprintf(stderr, "VFPAGE-RESULT %llu\n", PageDriver->Run(Run->Scenario));
    fprintf(stderr, "VFPAGE-UNLOAD %08x\n", (unsigned)VfTestUnloadSys(L"vf_page"));
    fflush(stderr);
}

static void VfPageRun(KTEST *t, VF_PAGE_SCENARIO Scenario, const char *Flags, VFPAGE_RESULT *R)
{
    VFPAGE_RUN Run = { Scenario, Flags };
    const char *p;

    memset(R, 0, sizeof(*R));
    ktest_run_isolated(VfPageChild, &Run, R->Out, sizeof(R->Out));
    if (strstr(R->Out, "VFPAGE-LOAD failed") != NULL)
        KT_FAIL(t, "vf_page.sys did not load:\n%.2000s", R->Out);
    p = strstr(R->Out, "VFPAGE-ADDR ");
    {
        unsigned long long A = 0, B = 0, C = 0;
        if (p != NULL && sscanf(p, "VFPAGE-ADDR %llx %llx %llx", &A, &B, &C) == 3) {
            R->PagedAdd = (ULONG_PTR)A;
            R->PagedWithCheck = (ULONG_PTR)B;
            R->InitOnly = (ULONG_PTR)C;
        }
    }
    p = strstr(R->Out, "VFPAGE-RESULT ");
    if (p != NULL) {
        R->Returned = TRUE;
        R->Result = strtoull(p + strlen("VFPAGE-RESULT "), NULL, 10);
    }
    p = strstr(R->Out, "BUGCHECK_CODE:");
    if (p != NULL) {
        R->BugChecked = TRUE;
        R->Code = (ULONG)strtoul(p + strlen("BUGCHECK_CODE:"), NULL, 16);
        for (int i = 0; i < 4; i++) {
            char Label[16];
            snprintf(Label, sizeof(Label), "BUGCHECK_P%d:", i + 1);
            p = strstr(R->Out, Label);
            if (p != NULL)
                R->P[i] = (ULONG_PTR)strtoull(p + strlen(Label), NULL, 16);
        }
    }
}

static void VfPageExpectClean(KTEST *t, const VFPAGE_RESULT *R, unsigned long long Result)
{
    if (R->BugChecked || !R->Returned)
        KT_FAIL(t, "expected no bugcheck; output:\n%.3000s", R->Out);
    KT_EXPECT_EQ(t, R->Result, Result);
    KT_EXPECT_CONTAINS(t, R->Out, "VFPAGE-UNLOAD 00000000");
}

static void VfPageExpectD1(KTEST *t, const VFPAGE_RESULT *R)
{
    if (!R->BugChecked || R->Code != 0xD1) {
        KT_FAIL(t, "expected bugcheck 0xD1, got %s0x%x; output:\n%.3000s",
                R->BugChecked ? "" : "none, ", (unsigned)R->Code, R->Out);
        return;
    }
    KT_EXPECT_EQ(t, R->P[1], DISPATCH_LEVEL);
    KT_EXPECT_EQ(t, R->P[2], 8);            /* execute */
    KT_EXPECT_EQ(t, R->P[3], R->P[0]);      /* the instruction is the address */
    KT_EXPECT_FALSE(t, R->Returned);
}

/* At PASSIVE_LEVEL pageable code runs, verified or not, also right after a trim. */
static void vfpage_test_passive_level_runs(KTEST *t)
{
    static const char *const Flags[] = { "standard", "0x2", NULL };
    VFPAGE_RESULT R;

    for (ULONG i = 0; i < RTL_NUMBER_OF(Flags); i++) {
        VfPageRun(t, VfPagePassive, Flags[i], &R);
        VfPageExpectClean(t, &R, 5 + 2 + 20 + 3);
        /* PAGE functions share one section handle; nonpaged code is another section. */
        KT_EXPECT_CONTAINS(t, R.Out, "VFPAGE-HANDLES 1 0");
    }
}

/* With a spin lock held, a PAGE function is 0xD1 at its first instruction, every time. */
static void vfpage_test_dispatch_level_is_d1(KTEST *t)
{
    static const char *const Flags[] = { "standard", "0x2" };
    VFPAGE_RESULT R;

    for (ULONG i = 0; i < RTL_NUMBER_OF(Flags); i++) {
        VfPageRun(t, VfPageAtDispatch, Flags[i], &R);
        VfPageExpectD1(t, &R);
        KT_EXPECT_EQ(t, R.P[0], R.PagedAdd);
        KT_EXPECT_CONTAINS(t, R.Out, "vf_page!PagedAdd");
        KT_EXPECT_CONTAINS(t, R.Out, "pageable section PAGE");
    }
    /* KeRaiseIrql pages it out too; the callee of a PAGE function is where it faults. */
    VfPageRun(t, VfPageAfterRaise, "standard", &R);
    VfPageExpectD1(t, &R);
    KT_EXPECT_CONTAINS(t, R.Out, "vf_page!PagedTwice");
}

/* Not verified (or verified without force IRQL checking), nothing is paged out: the bug
   goes unnoticed, as on a Windows machine with memory to spare. */
static void vfpage_test_unverified_is_left_alone(KTEST *t)
{
    static const char *const Flags[] = { NULL, "0x1", "0x20" };
    VFPAGE_RESULT R;

    for (ULONG i = 0; i < RTL_NUMBER_OF(Flags); i++) {
        VfPageRun(t, VfPageAtDispatch, Flags[i], &R);
        VfPageExpectClean(t, &R, 5);
    }
}

/* MmLockPagableCodeSection keeps the section resident until it is unlocked. */
static void vfpage_test_locked_section_stays_resident(KTEST *t)
{
    VFPAGE_RESULT R;

    VfPageRun(t, VfPageLockedSection, "standard", &R);
    VfPageExpectClean(t, &R, 5);
    VfPageRun(t, VfPageAfterUnlock, "standard", &R);
    VfPageExpectD1(t, &R);
    KT_EXPECT_EQ(t, R.P[0], R.PagedAdd);
}

/* PAGED_CODE() keeps working: without the verifier it is what catches the function at
   DISPATCH_LEVEL (0xD1 from inside it); with it, the paging does at the first instruction. */
static void vfpage_test_paged_code_macro(KTEST *t)
{
    VFPAGE_RESULT R;

    VfPageRun(t, VfPagePagedCodeAtDispatch, NULL, &R);
    if (!R.BugChecked || R.Code != 0xD1)
        KT_FAIL(t, "PAGED_CODE: expected 0xD1; output:\n%.3000s", R.Out);
    KT_EXPECT_EQ(t, R.P[1], DISPATCH_LEVEL);
    KT_EXPECT_EQ(t, R.P[2], 8);
    VfPageRun(t, VfPagePagedCodeAtDispatch, "standard", &R);
    VfPageExpectD1(t, &R);
    KT_EXPECT_EQ(t, R.P[0], R.PagedWithCheck);
}

/* Nonpaged code of the same image runs at DISPATCH_LEVEL while PAGE is out; a system
   thread at PASSIVE_LEVEL pages PAGE back in. */
static void vfpage_test_nonpaged_code_and_other_threads(KTEST *t)
{
    VFPAGE_RESULT R;

    VfPageRun(t, VfPageNonpagedAtDispatch, "standard", &R);
    VfPageExpectClean(t, &R, 6);
    VfPageRun(t, VfPageOtherThread, "standard", &R);
    VfPageExpectClean(t, &R, 42);
}

/* MmPageEntireDriver: all of the image's code is pageable; returning from
   KeAcquireSpinLock into it is 0xD1. MmResetDriverPaging undoes it. */
static void vfpage_test_page_entire_driver(KTEST *t)
{
    VFPAGE_RESULT R;

    VfPageRun(t, VfPageEntireDriver, "standard", &R);
    VfPageExpectD1(t, &R);
    KT_EXPECT_CONTAINS(t, R.Out, "vf_page!Run");
    KT_EXPECT_CONTAINS(t, R.Out, "MmPageEntireDriver");
    VfPageRun(t, VfPageEntireDriverReset, "standard", &R);
    VfPageExpectClean(t, &R, 5);
    /* Not verified: resident. */
    VfPageRun(t, VfPageEntireDriver, NULL, &R);
    VfPageExpectClean(t, &R, 5);
}

/* INIT code ran during DriverEntry; afterwards it is gone, verifier or not, as Windows frees
   the INIT section: 0x50 (address, 0x10 execute, faulting address, 0). */
static void vfpage_test_init_discarded_after_driver_entry(KTEST *t)
{
    static const char *const Flags[] = { NULL, "standard" };
    VFPAGE_RESULT R;

    for (ULONG i = 0; i < RTL_NUMBER_OF(Flags); i++) {
        VfPageRun(t, VfPageInitAfterEntry, Flags[i], &R);
        if (!R.BugChecked || R.Code != 0x50) {
            KT_FAIL(t, "expected bugcheck 0x50, got %s0x%x; output:\n%.3000s",
                    R.BugChecked ? "" : "none, ", (unsigned)R.Code, R.Out);
            continue;
        }
        KT_EXPECT_EQ(t, R.P[0], R.InitOnly);
        KT_EXPECT_EQ(t, R.P[1], 0x10);
        KT_EXPECT_EQ(t, R.P[2], R.InitOnly);
        KT_EXPECT_EQ(t, R.P[3], 0);
        KT_EXPECT_CONTAINS(t, R.Out, "vf_page!InitOnly");
        KT_EXPECT_CONTAINS(t, R.Out, "INIT section");
    }
    /* A pointer into the image (INIT discarded or not) is not a user range: a user-mode
       caller's probe refuses it instead of touching the discarded page. */
    KT_EXPECT_CONTAINS(t, R.Out, "VFPAGE-USERRANGE 0 0 c0000005");
    /* The rest of the image is untouched, and unloading works after the discard. */
    VfPageRun(t, VfPageNonpagedAtDispatch, NULL, &R);
    VfPageExpectClean(t, &R, 6);
}

static KTEST_CASE vfpage_cases[] = {
    KTEST_CASE_ENTRY(vfpage_test_passive_level_runs),
    KTEST_CASE_ENTRY(vfpage_test_dispatch_level_is_d1),
    KTEST_CASE_ENTRY(vfpage_test_unverified_is_left_alone),
    KTEST_CASE_ENTRY(vfpage_test_locked_section_stays_resident),
    KTEST_CASE_ENTRY(vfpage_test_paged_code_macro),
    KTEST_CASE_ENTRY(vfpage_test_nonpaged_code_and_other_threads),
    KTEST_CASE_ENTRY(vfpage_test_page_entire_driver),
    KTEST_CASE_ENTRY(vfpage_test_init_discarded_after_driver_entry),
    {0},
};

KTEST_SUITE(vfpage, vfpage_cases);
