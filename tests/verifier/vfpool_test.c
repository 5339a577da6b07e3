/*
 * PURPOSE: Tests of the verifier's memory checks (src/verifier/vfpool.c, vflowres.c,
 * vfunload.c) with a real driver image (drivers/vfp_pool.c): special pool (overruns,
 * underruns, use after free, corruption found at free, bad frees), the verifier's forms of
 * pool misuse, pool tracking's leak check, unload with pending timers/threads/work items,
 * and low resources simulation. Each case loads the driver in a child process (a bugcheck
 * ends it) with the verifier configured by the environment, and reads back the bugcheck's
 * code and parameters from its report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kmode/bugcheck.h>
#include <internal/ex.h>
#include <internal/ke.h>
#include <internal/mm.h>
#include <internal/ob.h>
#include <internal/verifier.h>
#include <internal/vfpool.h>
#include "ktest.h"

#define SERVICES L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\"
#define SERVICE  L"vfp_pool"

/* ---- What the driver records (it imports VfpTestRecord from this program) ------------- */

#define VFP_MAX_EVENTS 32
static struct {
    char Name[32];
    ULONG_PTR Value;
} VfpEvents[VFP_MAX_EVENTS];
static volatile int VfpEventCount;

void VfpTestRecord(const char *Event, ULONG_PTR Value)
{
    int i = __atomic_fetch_add(&VfpEventCount, 1, __ATOMIC_SEQ_CST);
    if (i < VFP_MAX_EVENTS) {
        snprintf(VfpEvents[i].Name, sizeof(VfpEvents[i].Name), "%s", Event);
        VfpEvents[i].Value = Value;
    }
}

/* ---- Running the driver in a child ---------------------------------------------------- */

typedef struct {
    ULONG Mode;
    const char *Flags;              /* KMODE_VERIFIER */
    const char *Env[4];             /* more "NAME=VALUE" */
    BOOLEAN Unload;                 /* unload it after a successful load */
} VFP_RUN;

typedef struct {
    BOOLEAN BugChecked;
    ULONG Code;
    ULONG_PTR P[4];
    BOOLEAN Loaded;
    char Out[32768];
} VFP_RESULT;

static NTSTATUS VfpSetValue(HANDLE Key, PCWSTR Name, ULONG Type, const void *Data, ULONG Size)
{
    UNICODE_STRING n;
    RtlInitUnicodeString(&n, Name);
    return ZwSetValueKey(Key, &n, 0, Type, (PVOID)Data, Size);
}

static NTSTATUS VfpCreateService(ULONG Mode)
{
    static WCHAR Path[1024];
    UNICODE_STRING Name = RTL_CONSTANT_STRING(SERVICES SERVICE);
    OBJECT_ATTRIBUTES Attributes;
    const char *Host = VFP_DRIVER_DIR "/vfp_pool.sys";
    ULONG Type = SERVICE_KERNEL_DRIVER, Start = SERVICE_DEMAND_START, Error = SERVICE_ERROR_NORMAL;
    ULONG n = 0;
    HANDLE Key;
    NTSTATUS Status;

    for (const char *p = "\\??\\C:"; *p; p++)
        Path[n++] = (WCHAR)*p;
    for (const char *p = Host; *p && n < RTL_NUMBER_OF(Path) - 1; p++)
        Path[n++] = *p == '/' ? L'\\' : (WCHAR)(UCHAR)*p;
    Path[n] = 0;
    InitializeObjectAttributes(&Attributes, &Name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL,
                               NULL);
    Status = ZwCreateKey(&Key, KEY_ALL_ACCESS, &Attributes, 0, NULL, 0, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    VfpSetValue(Key, L"ImagePath", REG_EXPAND_SZ, Path, (n + 1) * sizeof(WCHAR));
    VfpSetValue(Key, L"Type", REG_DWORD, &Type, sizeof(Type));
    VfpSetValue(Key, L"Start", REG_DWORD, &Start, sizeof(Start));
    VfpSetValue(Key, L"ErrorControl", REG_DWORD, &Error, sizeof(Error));
    Status = VfpSetValue(Key, L"Mode", REG_DWORD, &Mode, sizeof(Mode));
    ZwClose(Key);
    return Status;
}

static void VfpLoadAndUnload(void *Context)
{
    UNICODE_STRING Key = RTL_CONSTANT_STRING(SERVICES SERVICE);
    VFP_RUN *Run = Context;
    NTSTATUS Status = ZwLoadDriver(&Key);

    fprintf(stderr, "VFP-LOAD %08x\n", (unsigned)Status);
    if (NT_SUCCESS(Status) && Run->Unload) {
        Status = ZwUnloadDriver(&Key);
        ObpFlushDeferredDeletes();
        fprintf(stderr, "VFP-UNLOAD %08x\n", (unsigned)Status);
    }
}

/* Outstanding blocks of the tag 'Leak' in the pool's leak listing, and how many of them
   are special pool's. */
typedef struct {
    ULONG Count, Special;
    SIZE_T Bytes;
} VFP_OUTSTANDING;

static BOOLEAN VfpCountOutstanding(const EXP_POOL_BLOCK_INFO *Block, PVOID Context)
{
    VFP_OUTSTANDING *Out = Context;

    if (Block->Tag == 'kaeL') {
        Out->Count++;
        Out->Special += VfIsSpecialPoolAddress(Block->Address);
        Out->Bytes += Block->Size;
    }
    return TRUE;
}

/* The pool's books after the run: usage of the driver's tags (!poolused), the leak listing. */
static void VfpPrintPoolBooks(void)
{
    static const struct { ULONG Tag; const char *Name; } Tags[] = {
        { 'kaeL', "Leak" }, { 'tpfV', "Vfpt" },
    };
    VFP_OUTSTANDING Out = { 0, 0, 0 };

    for (int i = 0; i < 2; i++) {
        EXP_POOL_TAG_USAGE u;
        ExpQueryPoolTagUsage(Tags[i].Tag, &u);
        fprintf(stderr, "VFP-USAGE %s np=%llu/%llu/%llu p=%llu/%llu/%llu\n", Tags[i].Name,
                (unsigned long long)u.Allocs[0], (unsigned long long)u.Frees[0],
                (unsigned long long)u.Bytes[0], (unsigned long long)u.Allocs[1],
                (unsigned long long)u.Frees[1], (unsigned long long)u.Bytes[1]);
    }
    ExpEnumerateOutstanding(0, ~(ULONG_PTR)0, VfpCountOutstanding, &Out);
    fprintf(stderr, "VFP-OUTSTANDING Leak count=%lu special=%lu bytes=%lu\n",
            (unsigned long)Out.Count, (unsigned long)Out.Special, (unsigned long)Out.Bytes);
}

static void VfpChild(void *Context)
{
    VFP_RUN *Run = Context;
    KMODE_BUGCHECK Caught;

    unsetenv(VF_ENV_DRIVERS);
    setenv(VF_ENV_FLAGS, Run->Flags, 1);
    for (int i = 0; i < 4 && Run->Env[i] != NULL; i++)
        putenv((char *)Run->Env[i]);
    if (!NT_SUCCESS(VfpCreateService(Run->Mode))) {
        fprintf(stderr, "VFP-SETUP failed\n");
        return;
    }
    if (KmodeCatchBugCheck(VfpLoadAndUnload, Run, KMODE_CATCH_QUIET, &Caught))
        fputs(Caught.Report, stderr);
    if (VfSpecialPoolBase != NULL) {
        PUCHAR Inside = VfSpecialPoolBase + 5 * PAGE_SIZE;
        fprintf(stderr, "VFP-RANGES user=%d kernel=%d user-across=%d\n",
                MiIsUserAddressRange(Inside, 16), MiIsKernelAddress(Inside),
                MiIsUserAddressRange(VfSpecialPoolBase - PAGE_SIZE, 3ULL << 30));
    }
    {
        ULONG64 Calls, Injected;
        VfLowResourcesQuery(&Calls, &Injected);
        fprintf(stderr, "VFP-LOWRES calls=%llu injected=%llu\n", (unsigned long long)Calls,
                (unsigned long long)Injected);
    }
    VfpPrintPoolBooks();
    for (int i = 0; i < VfpEventCount && i < VFP_MAX_EVENTS; i++)
        fprintf(stderr, "VFP-EVENT %s %llx\n", VfpEvents[i].Name,
                (unsigned long long)VfpEvents[i].Value);
    fflush(stderr);
}

/* Runs the driver in Mode with the verifier on (Flags); fills Result from the child's
   output: the bugcheck's code and parameters when its report is there. */
static void VfpRun(KTEST *t, const VFP_RUN *Run, VFP_RESULT *Result)
{
    const char *p;

    memset(Result, 0, sizeof(*Result));
    ktest_run_isolated(VfpChild, (void *)Run, Result->Out, sizeof(Result->Out));
    p = strstr(Result->Out, "BUGCHECK_CODE:");
    if (p != NULL) {
        Result->BugChecked = TRUE;
        Result->Code = (ULONG)strtoul(p + strlen("BUGCHECK_CODE:"), NULL, 16);
        for (int i = 0; i < 4; i++) {
            char Label[16];
            snprintf(Label, sizeof(Label), "BUGCHECK_P%d:", i + 1);
            p = strstr(Result->Out, Label);
            if (p != NULL)
                Result->P[i] = (ULONG_PTR)strtoull(p + strlen(Label), NULL, 16);
        }
    }
    Result->Loaded = strstr(Result->Out, "VFP-LOAD 00000000") != NULL;
    if (strstr(Result->Out, "VFP-SETUP failed") != NULL)
        KT_FAIL(t, "could not create the service key");
}

/* The value of the driver's event Name in the child's output (0 when absent). */
static ULONG_PTR VfpEvent(const VFP_RESULT *Result, const char *Name)
{
    char Label[64];
    const char *p;

    snprintf(Label, sizeof(Label), "VFP-EVENT %s ", Name);
    p = strstr(Result->Out, Label);
    return p != NULL ? (ULONG_PTR)strtoull(p + strlen(Label), NULL, 16) : 0;
}

static void VfpExpectBugCheck(KTEST *t, const VFP_RESULT *Result, ULONG Code)
{
    if (!Result->BugChecked || Result->Code != Code)
        KT_FAIL(t, "expected bugcheck 0x%x, got %s0x%x; output:\n%.3000s", (unsigned)Code,
                Result->BugChecked ? "" : "none, ", (unsigned)Result->Code, Result->Out);
}

/* ---- Special pool ------------------------------------------------------------------------ */

static void vfpool_test_clean_driver_runs_in_special_pool(KTEST *t)
{
    VFP_RUN Run = { .Mode = 0, .Flags = "standard", .Unload = TRUE };
    VFP_RESULT R;
    ULONG_PTR Block;

    VfpRun(t, &Run, &R);
    KT_EXPECT_FALSE(t, R.BugChecked);
    KT_EXPECT_TRUE(t, R.Loaded);
    KT_EXPECT_CONTAINS(t, R.Out, "VFP-UNLOAD 00000000");
    /* Its 1-byte block ends 15 bytes before a page boundary (16-byte alignment). */
    Block = VfpEvent(&R, "clean-first-block");
    KT_EXPECT_EQ(t, Block % PAGE_SIZE, PAGE_SIZE - 16);
    /* Special pool is kernel memory for Mm's user-range tests. */
    KT_EXPECT_CONTAINS(t, R.Out, "VFP-RANGES user=0 kernel=1 user-across=0");
    /* The same driver unverified gets the normal pool. */
    Run.Flags = "0";
    VfpRun(t, &Run, &R);
    KT_EXPECT_FALSE(t, R.BugChecked);
    KT_EXPECT_CONTAINS(t, R.Out, "VFP-UNLOAD 00000000");
    KT_EXPECT_NE(t, VfpEvent(&R, "clean-first-block") % PAGE_SIZE, PAGE_SIZE - 16);
}

static void vfpool_test_overrun_write_faults_at_once(KTEST *t)
{
    VFP_RUN Run = { .Mode = 1, .Flags = "0x1" };
    VFP_RESULT R;
    ULONG_PTR Block;

    VfpRun(t, &Run, &R);
    VfpExpectBugCheck(t, &R, 0xD6);     /* DRIVER_PAGE_FAULT_BEYOND_END_OF_ALLOCATION */
    Block = VfpEvent(&R, "block");
    KT_EXPECT_EQ(t, R.P[0], Block + 16);
    KT_EXPECT_EQ(t, R.P[1], 1);         /* write */
    KT_EXPECT_NE(t, R.P[2], 0);         /* the faulting instruction, in the driver */
    KT_EXPECT_CONTAINS(t, R.Out, "is 0 bytes past the end of the 16-byte special pool block");
    KT_EXPECT_CONTAINS(t, R.Out, "vfp_pool");
}

static void vfpool_test_overrun_read_faults_at_once(KTEST *t)
{
    VFP_RUN Run = { .Mode = 2, .Flags = "standard" };
    VFP_RESULT R;

    VfpRun(t, &Run, &R);
    VfpExpectBugCheck(t, &R, 0xD6);
    KT_EXPECT_EQ(t, R.P[0], VfpEvent(&R, "block") + 40);
    KT_EXPECT_EQ(t, R.P[1], 0);         /* read */
}

static void vfpool_test_use_after_free(KTEST *t)
{
    VFP_RUN Run = { .Mode = 3, .Flags = "0x1" };
    VFP_RESULT R;

    VfpRun(t, &Run, &R);
    VfpExpectBugCheck(t, &R, 0xD5);     /* DRIVER_PAGE_FAULT_IN_FREED_SPECIAL_POOL */
    KT_EXPECT_EQ(t, R.P[0], VfpEvent(&R, "block"));
    KT_EXPECT_EQ(t, R.P[1], 1);
    KT_EXPECT_CONTAINS(t, R.Out, "use after free");
}

static void vfpool_test_small_overrun_found_at_free(KTEST *t)
{
    VFP_RUN Run = { .Mode = 4, .Flags = "0x1" };
    VFP_RESULT R;
    ULONG_PTR Block;

    VfpRun(t, &Run, &R);
    VfpExpectBugCheck(t, &R, 0xC1);     /* SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION */
    Block = VfpEvent(&R, "block");
    KT_EXPECT_EQ(t, R.P[0], Block);
    KT_EXPECT_EQ(t, R.P[1], Block + 13);
    KT_EXPECT_EQ(t, R.P[3], 0x24);
}

static void vfpool_test_underrun_found_at_free_or_on_guard(KTEST *t)
{
    VFP_RUN Run = { .Mode = 5, .Flags = "0x1" };
    VFP_RESULT R;
    ULONG_PTR Block;

    /* Verify end (the default): the byte before the block is fill pattern. */
    VfpRun(t, &Run, &R);
    VfpExpectBugCheck(t, &R, 0xC1);
    Block = VfpEvent(&R, "block");
    KT_EXPECT_EQ(t, R.P[0], Block);
    KT_EXPECT_EQ(t, R.P[1], Block - 1);
    KT_EXPECT_EQ(t, R.P[3], 0x23);
    /* Verify start: the block starts its page, the byte before is a guard page. */
    Run.Env[0] = "KMODE_VERIFIER_SPECIAL_POOL=start";
    VfpRun(t, &Run, &R);
    VfpExpectBugCheck(t, &R, 0xD6);
    Block = VfpEvent(&R, "block");
    KT_EXPECT_EQ(t, Block % PAGE_SIZE, 0);
    KT_EXPECT_EQ(t, R.P[0], Block - 1);
}

static void vfpool_test_double_free_and_wrong_tag(KTEST *t)
{
    VFP_RUN Run = { .Mode = 6, .Flags = "0x1" };
    VFP_RESULT R;

    VfpRun(t, &Run, &R);
    VfpExpectBugCheck(t, &R, 0xC1);
    KT_EXPECT_EQ(t, R.P[0], VfpEvent(&R, "block"));
    KT_EXPECT_EQ(t, R.P[3], 0x20);
    Run.Mode = 7;
    VfpRun(t, &Run, &R);
    VfpExpectBugCheck(t, &R, 0xC2);     /* BAD_POOL_CALLER 0x0A, as without special pool */
    KT_EXPECT_EQ(t, R.P[0], 0x0A);
    KT_EXPECT_EQ(t, R.P[1], VfpEvent(&R, "block"));
    KT_EXPECT_EQ(t, R.P[2], 'tpfV');
    KT_EXPECT_EQ(t, R.P[3], 'gnrW');
}

static void vfpool_test_free_inside_a_block(KTEST *t)
{
    VFP_RUN Run = { .Mode = 16, .Flags = "0x1" };
    VFP_RESULT R;

    VfpRun(t, &Run, &R);
    VfpExpectBugCheck(t, &R, 0xC1);
    KT_EXPECT_EQ(t, R.P[0], VfpEvent(&R, "block") + 16);
    KT_EXPECT_EQ(t, R.P[1], 5000);
    KT_EXPECT_EQ(t, R.P[2], 5008);      /* rounded to 16 */
    KT_EXPECT_EQ(t, R.P[3], 0x21);
    /* Normal pool (pool tracking only): the verifier's 0xC4/0x10, not 0xC2/0x99. */
    Run.Flags = "0x8";
    VfpRun(t, &Run, &R);
    VfpExpectBugCheck(t, &R, 0xC4);
    KT_EXPECT_EQ(t, R.P[0], 0x10);
    KT_EXPECT_EQ(t, R.P[1], VfpEvent(&R, "block") + 16);
    /* Not verified: the plain bugcheck. */
    Run.Flags = "0";
    VfpRun(t, &Run, &R);
    VfpExpectBugCheck(t, &R, 0xC2);
    KT_EXPECT_EQ(t, R.P[0], 0x99);
}

/* ---- The verifier's forms of pool misuse ------------------------------------------------ */

static void vfpool_test_zero_byte_allocation(KTEST *t)
{
    VFP_RUN Run = { .Mode = 8, .Flags = "standard" };
    VFP_RESULT R;

    VfpRun(t, &Run, &R);
    VfpExpectBugCheck(t, &R, 0xC4);
    KT_EXPECT_EQ(t, R.P[0], 0x00);
    KT_EXPECT_EQ(t, R.P[1], PASSIVE_LEVEL);
    KT_EXPECT_EQ(t, R.P[2], NonPagedPoolNx);
    KT_EXPECT_EQ(t, R.P[3], 0);
    /* Unverified, a zero-byte allocation is fine (and the driver then fails its load). */
    Run.Flags = "0";
    VfpRun(t, &Run, &R);
    KT_EXPECT_FALSE(t, R.BugChecked);
}

static void vfpool_test_pool_irql_rules_in_verifier_form(KTEST *t)
{
    VFP_RUN Run = { .Mode = 9, .Flags = "standard" };
    VFP_RESULT R;

    VfpRun(t, &Run, &R);
    VfpExpectBugCheck(t, &R, 0xC4);
    KT_EXPECT_EQ(t, R.P[0], 0x01);      /* paged pool above APC_LEVEL */
    KT_EXPECT_EQ(t, R.P[1], DISPATCH_LEVEL);
    KT_EXPECT_EQ(t, R.P[2], PagedPool);
    KT_EXPECT_EQ(t, R.P[3], 48);
    Run.Mode = 10;
    VfpRun(t, &Run, &R);
    VfpExpectBugCheck(t, &R, 0xC4);
    KT_EXPECT_EQ(t, R.P[0], 0x11);      /* freeing paged pool above APC_LEVEL */
    KT_EXPECT_EQ(t, R.P[1], DISPATCH_LEVEL);
    KT_EXPECT_EQ(t, R.P[2], PagedPool);
    KT_EXPECT_EQ(t, R.P[3], VfpEvent(&R, "block"));
    /* The same from normal pool (no special pool). */
    Run.Flags = "0x2";
    VfpRun(t, &Run, &R);
    VfpExpectBugCheck(t, &R, 0xC4);
    KT_EXPECT_EQ(t, R.P[0], 0x11);
    KT_EXPECT_EQ(t, R.P[3], VfpEvent(&R, "block"));
    /* Unverified: BAD_POOL_CALLER. */
    Run.Flags = "0";
    VfpRun(t, &Run, &R);
    VfpExpectBugCheck(t, &R, 0xC2);
    KT_EXPECT_EQ(t, R.P[0], 0x09);
}

/* Each IRQL rule of the kernel: the verifier's subcode for a verified driver. */
static void vfpool_test_irql_rules_in_verifier_form(KTEST *t)
{
    static const struct {
        ULONG Mode;
        ULONG Subcode;
        ULONG_PTR Irql;             /* Arg2 */
        ULONG_PTR Arg3;             /* ~0: the driver's "lock" event */
        ULONG PlainCode;            /* unverified */
    } Cases[] = {
        { 17, 0x30, DISPATCH_LEVEL, PASSIVE_LEVEL, 0x9 },
        { 18, 0x31, PASSIVE_LEVEL, DISPATCH_LEVEL, 0xA },
        { 19, 0x32, PASSIVE_LEVEL, ~(ULONG_PTR)0, 0x9 },
        { 20, 0x40, PASSIVE_LEVEL, ~(ULONG_PTR)0, 0x9 },
        { 21, 0x33, DISPATCH_LEVEL, ~(ULONG_PTR)0, 0x192 },
        { 22, 0x42, HIGH_LEVEL, ~(ULONG_PTR)0, 0x9 },
    };
    VFP_RUN Run = { .Flags = "standard" };
    VFP_RESULT R;

    for (ULONG i = 0; i < RTL_NUMBER_OF(Cases); i++) {
        Run.Mode = Cases[i].Mode;
        Run.Flags = "standard";
        VfpRun(t, &Run, &R);
        VfpExpectBugCheck(t, &R, 0xC4);
        KT_EXPECT_EQ(t, R.P[0], Cases[i].Subcode);
        KT_EXPECT_EQ(t, R.P[1], Cases[i].Irql);
        KT_EXPECT_EQ(t, R.P[2], Cases[i].Arg3 == ~(ULONG_PTR)0 ? VfpEvent(&R, "lock") : Cases[i].Arg3);
        Run.Flags = "0";
        VfpRun(t, &Run, &R);
        VfpExpectBugCheck(t, &R, Cases[i].PlainCode);
    }
    /* Pageable code at DISPATCH_LEVEL: 0xD1 every time, verified or not (as a page fault
       there gives on Windows when the verifier has paged the code out). */
    Run.Mode = 23;
    Run.Flags = "standard";
    VfpRun(t, &Run, &R);
    VfpExpectBugCheck(t, &R, 0xD1);
    KT_EXPECT_EQ(t, R.P[1], DISPATCH_LEVEL);
    KT_EXPECT_EQ(t, R.P[2], 8);
}

/* Force IRQL checking: paged pool is paged out whenever the driver raises IRQL. */
static void vfpool_test_paged_pool_touched_under_spin_lock(KTEST *t)
{
    VFP_RUN Run = { .Mode = 24, .Flags = "standard", .Unload = TRUE };
    VFP_RESULT R;

    VfpRun(t, &Run, &R);
    VfpExpectBugCheck(t, &R, 0xD1);     /* DRIVER_IRQL_NOT_LESS_OR_EQUAL */
    KT_EXPECT_EQ(t, R.P[0], VfpEvent(&R, "block") + 1);
    KT_EXPECT_EQ(t, R.P[1], DISPATCH_LEVEL);
    KT_EXPECT_EQ(t, R.P[2], 1);         /* write */
    KT_EXPECT_NE(t, R.P[3], 0);
    KT_EXPECT_CONTAINS(t, R.Out, "touched the paged pool block");
    /* Force IRQL checking alone (no special pool) does it too. */
    Run.Flags = "0x2";
    VfpRun(t, &Run, &R);
    VfpExpectBugCheck(t, &R, 0xD1);
    /* The correct driver touches it only at PASSIVE_LEVEL: each touch pages it back in. */
    Run.Mode = 25;
    Run.Flags = "standard";
    VfpRun(t, &Run, &R);
    KT_EXPECT_FALSE(t, R.BugChecked);
    KT_EXPECT_EQ(t, VfpEvent(&R, "read-back"), 4);
    KT_EXPECT_CONTAINS(t, R.Out, "VFP-UNLOAD 00000000");
    /* Without force IRQL checking the bug goes unnoticed (nothing is ever paged out). */
    Run.Mode = 24;
    Run.Flags = "0x1";
    VfpRun(t, &Run, &R);
    KT_EXPECT_FALSE(t, R.BugChecked);
}

/* ---- Pool tracking ----------------------------------------------------------------------- */

static void vfpool_test_leak_at_unload(KTEST *t)
{
    VFP_RUN Run = { .Mode = 11, .Flags = "standard", .Unload = TRUE };
    VFP_RESULT R;

    VfpRun(t, &Run, &R);
    VfpExpectBugCheck(t, &R, 0xC4);
    KT_EXPECT_EQ(t, R.P[0], 0x62);
    KT_EXPECT_NE(t, R.P[1], 0);         /* the driver's name */
    KT_EXPECT_EQ(t, R.P[3], 2);         /* two allocations */
    KT_EXPECT_CONTAINS(t, R.Out, "vfp_pool.sys is unloading");
    KT_EXPECT_CONTAINS(t, R.Out, "tag 'Leak'      40 bytes  NonPaged (special pool)  allocated at vfp_pool!DriverEntry");
    KT_EXPECT_CONTAINS(t, R.Out, "tag 'Leak'    9000 bytes  Paged (special pool)");
    KT_EXPECT_CONTAINS(t, R.Out, "vfp_pool.c:");
    KT_EXPECT_CONTAINS(t, R.Out, "VFP-EVENT unload b");
    /* From normal pool (pool tracking without special pool): the same count. */
    Run.Flags = "0x8";
    VfpRun(t, &Run, &R);
    VfpExpectBugCheck(t, &R, 0xC4);
    KT_EXPECT_EQ(t, R.P[0], 0x62);
    KT_EXPECT_EQ(t, R.P[3], 2);
    KT_EXPECT_CONTAINS(t, R.Out, "tag 'Leak'      40 bytes  NonPaged  allocated at");
    /* Without pool tracking nobody counts. */
    Run.Flags = "0x1";
    VfpRun(t, &Run, &R);
    KT_EXPECT_FALSE(t, R.BugChecked);
    KT_EXPECT_CONTAINS(t, R.Out, "VFP-UNLOAD 00000000");
}

/* Special pool blocks are in the pool's books: the usage by tag (!poolused) counts their
   allocations, frees and bytes, and the leak listing has them, as with the normal pool. */
static void vfpool_test_special_pool_in_usage_by_tag(KTEST *t)
{
    VFP_RUN Run = { .Mode = 11, .Flags = "standard", .Unload = FALSE };
    VFP_RESULT R;

    VfpRun(t, &Run, &R);
    KT_EXPECT_FALSE(t, R.BugChecked);
    KT_EXPECT_TRUE(t, R.Loaded);
    /* 'Leak': 40 bytes nonpaged and 9000 paged, outstanding; 'Vfpt': 10 bytes, freed. */
    KT_EXPECT_CONTAINS(t, R.Out, "VFP-USAGE Leak np=1/0/40 p=1/0/9000");
    KT_EXPECT_CONTAINS(t, R.Out, "VFP-USAGE Vfpt np=1/1/0 p=0/0/0");
    KT_EXPECT_CONTAINS(t, R.Out, "VFP-OUTSTANDING Leak count=2 special=2 bytes=9040");
    /* The same figures from the normal pool, unverified. */
    Run.Flags = "0";
    VfpRun(t, &Run, &R);
    KT_EXPECT_CONTAINS(t, R.Out, "VFP-USAGE Leak np=1/0/40 p=1/0/9000");
    KT_EXPECT_CONTAINS(t, R.Out, "VFP-USAGE Vfpt np=1/1/0 p=0/0/0");
    KT_EXPECT_CONTAINS(t, R.Out, "VFP-OUTSTANDING Leak count=2 special=0 bytes=9040");
}

/* ---- Low resources simulation ---------------------------------------------------------- */

static void vfpool_test_low_resources_seeded_and_replayable(KTEST *t)
{
    VFP_RUN Run = { .Mode = 12, .Flags = "0x4", .Unload = TRUE,
                    .Env = { "KMODE_FAULT_SEED=12345", "KMODE_FAULT_PROBABILITY=50" } };
    VFP_RESULT R;
    ULONG_PTR First, Other;
    BOOLEAN Differs = FALSE;

    VfpRun(t, &Run, &R);
    KT_EXPECT_FALSE(t, R.BugChecked);
    KT_EXPECT_CONTAINS(t, R.Out, "seed 12345");
    KT_EXPECT_CONTAINS(t, R.Out, "KMODE_FAULT_SEED=12345 replays");
    First = VfpEvent(&R, "lowres-failed");
    /* Half of 24 calls fail: some of each kind, not all. */
    KT_EXPECT_NE(t, First, 0);
    KT_EXPECT_NE(t, First, 0xFFFFFF);
    KT_EXPECT_NE(t, First & 0xFF, 0);
    KT_EXPECT_NE(t, First & 0xFF00, 0);
    KT_EXPECT_NE(t, First & 0xFF0000, 0);
    /* The same seed: the same failures. */
    VfpRun(t, &Run, &R);
    KT_EXPECT_EQ(t, VfpEvent(&R, "lowres-failed"), First);
    /* Other seeds: other failures (for at least one of a few). */
    for (int i = 0; i < 4 && !Differs; i++) {
        static const char *Seeds[] = { "KMODE_FAULT_SEED=1", "KMODE_FAULT_SEED=2",
                                       "KMODE_FAULT_SEED=3", "KMODE_FAULT_SEED=4" };
        Run.Env[0] = Seeds[i];
        VfpRun(t, &Run, &R);
        Other = VfpEvent(&R, "lowres-failed");
        Differs = Other != First;
    }
    KT_EXPECT_TRUE(t, Differs);
    /* Not verified for it: nothing fails. */
    Run.Flags = "0x1";
    VfpRun(t, &Run, &R);
    KT_EXPECT_EQ(t, VfpEvent(&R, "lowres-failed"), 0);
}

static void vfpool_test_low_resources_systematic(KTEST *t)
{
    VFP_RUN Run = { .Mode = 12, .Flags = "0x40008", .Unload = TRUE };
    VFP_RESULT R;
    static const char *Index[] = { "KMODE_FAULT_INDEX=1", "KMODE_FAULT_INDEX=9",
                                   "KMODE_FAULT_INDEX=24", "KMODE_FAULT_INDEX=25" };

    /* Without an index: every call counted, none fails. The driver's own allocations
       come first (the 24 of the test), no leak at unload. */
    VfpRun(t, &Run, &R);
    KT_EXPECT_FALSE(t, R.BugChecked);
    KT_EXPECT_EQ(t, VfpEvent(&R, "lowres-failed"), 0);
    KT_EXPECT_CONTAINS(t, R.Out, "VFP-LOWRES calls=24 injected=0");
    /* Call k fails, no other. */
    Run.Env[0] = Index[0];
    VfpRun(t, &Run, &R);
    KT_EXPECT_EQ(t, VfpEvent(&R, "lowres-failed"), 0x1);
    Run.Env[0] = Index[1];
    VfpRun(t, &Run, &R);
    KT_EXPECT_EQ(t, VfpEvent(&R, "lowres-failed"), 0x100);    /* the first IoAllocateMdl */
    Run.Env[0] = Index[2];
    VfpRun(t, &Run, &R);
    KT_EXPECT_EQ(t, VfpEvent(&R, "lowres-failed"), 0x800000); /* the last IoAllocateIrp */
    Run.Env[0] = Index[3];
    VfpRun(t, &Run, &R);
    KT_EXPECT_EQ(t, VfpEvent(&R, "lowres-failed"), 0);
    KT_EXPECT_CONTAINS(t, R.Out, "VFP-LOWRES calls=24 injected=0");
}

/* ---- Unload with pending operations ---------------------------------------------------- */

static void vfpool_test_timer_set_at_unload(KTEST *t)
{
    VFP_RUN Run = { .Mode = 13, .Flags = "standard", .Unload = TRUE };
    VFP_RESULT R;

    VfpRun(t, &Run, &R);
    VfpExpectBugCheck(t, &R, 0xC7);     /* TIMER_OR_DPC_INVALID */
    KT_EXPECT_EQ(t, R.P[0], 0);         /* a timer object */
    KT_EXPECT_EQ(t, R.P[1], VfpEvent(&R, "timer"));
    KT_EXPECT_TRUE(t, R.P[2] <= R.P[1] && R.P[1] <= R.P[3]);   /* the image's range */
    KT_EXPECT_CONTAINS(t, R.Out, "KeCancelTimer");
    /* The clean driver cancels its timer: nothing to report. */
    Run.Mode = 0;
    VfpRun(t, &Run, &R);
    KT_EXPECT_FALSE(t, R.BugChecked);
}

static void vfpool_test_thread_or_work_item_running_at_unload(KTEST *t)
{
    VFP_RUN Run = { .Mode = 14, .Flags = "standard", .Unload = TRUE };
    VFP_RESULT R;

    VfpRun(t, &Run, &R);
    VfpExpectBugCheck(t, &R, 0xCE);     /* DRIVER_UNLOADED_WITHOUT_CANCELLING_PENDING_OPERATIONS */
    KT_EXPECT_EQ(t, R.P[0], VfpEvent(&R, "thread"));
    KT_EXPECT_CONTAINS(t, R.Out, "the system thread");
    Run.Mode = 15;
    VfpRun(t, &Run, &R);
    VfpExpectBugCheck(t, &R, 0xCE);
    KT_EXPECT_EQ(t, R.P[0], VfpEvent(&R, "workitem"));
    KT_EXPECT_CONTAINS(t, R.Out, "the work item");
    /* Unverified: nobody checks (the image goes; the thread is left blocked). */
    Run.Flags = "0";
    VfpRun(t, &Run, &R);
    KT_EXPECT_FALSE(t, R.BugChecked);
}

static VOID NTAPI VfpCountDpc(PKDPC Dpc, PVOID Context, PVOID A1, PVOID A2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(A1);
    UNREFERENCED_PARAMETER(A2);
    (*(LONG *)Context)++;
}

/* The kernel's enumerations behind the check: each subcode of 0xC7. */
static void vfpool_test_kernel_finds_timers_and_dpcs_in_a_range(KTEST *t)
{
    static struct { KTIMER Timer; KDPC Dpc; } InRange;
    KTIMER Timer;
    KDPC Dpc;
    LARGE_INTEGER Due = { .QuadPart = -10LL * 1000 * 1000 * 600 };
    ULONG_PTR Low = (ULONG_PTR)&InRange, High = Low + sizeof(InRange);
    ULONG_PTR RoutineLow = (ULONG_PTR)VfpCountDpc, RoutineHigh = RoutineLow + 1;
    LONG Ran = 0;
    ULONG What = 99;
    KIRQL OldIrql;

    KeInitializeTimer(&InRange.Timer);
    KeInitializeTimer(&Timer);
    KeInitializeDpc(&InRange.Dpc, VfpCountDpc, &Ran);
    KeInitializeDpc(&Dpc, VfpCountDpc, &Ran);
    KT_EXPECT_PTR_EQ(t, KiFindTimerInRange(Low, High, &What), NULL);
    KeSetTimer(&InRange.Timer, Due, NULL);
    KT_EXPECT_PTR_EQ(t, KiFindTimerInRange(Low, High, &What), &InRange.Timer);
    KT_EXPECT_EQ(t, What, 0);
    KeCancelTimer(&InRange.Timer);
    KeSetTimer(&Timer, Due, &InRange.Dpc);
    KT_EXPECT_PTR_EQ(t, KiFindTimerInRange(Low, High, &What), &InRange.Dpc);
    KT_EXPECT_EQ(t, What, 1);
    KeCancelTimer(&Timer);
    KeSetTimer(&Timer, Due, &Dpc);
    KT_EXPECT_PTR_EQ(t, KiFindTimerInRange(RoutineLow, RoutineHigh, &What), (PVOID)VfpCountDpc);
    KT_EXPECT_EQ(t, What, 2);
    KeCancelTimer(&Timer);
    KT_EXPECT_PTR_EQ(t, KiFindTimerInRange(RoutineLow, RoutineHigh, &What), NULL);
    /* A DPC queued to the processor this thread holds stays queued until it lowers IRQL. */
    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    KeSetTargetProcessorDpc(&InRange.Dpc, (CCHAR)KeGetCurrentProcessorNumber());
    KeInsertQueueDpc(&InRange.Dpc, NULL, NULL);
    KT_EXPECT_PTR_EQ(t, KiFindQueuedDpcInRange(Low, High, &What), &InRange.Dpc);
    KT_EXPECT_EQ(t, What, 1);
    KT_EXPECT_PTR_EQ(t, KiFindQueuedDpcInRange(RoutineLow, RoutineHigh, &What), (PVOID)VfpCountDpc);
    KT_EXPECT_EQ(t, What, 2);
    KeLowerIrql(OldIrql);
    KT_EXPECT_EQ(t, Ran, 1);
    KT_EXPECT_PTR_EQ(t, KiFindQueuedDpcInRange(Low, High, &What), NULL);
}

static KTEST_CASE vfpool_cases[] = {
    KTEST_CASE_ENTRY(vfpool_test_clean_driver_runs_in_special_pool),
    KTEST_CASE_ENTRY(vfpool_test_overrun_write_faults_at_once),
    KTEST_CASE_ENTRY(vfpool_test_overrun_read_faults_at_once),
    KTEST_CASE_ENTRY(vfpool_test_use_after_free),
    KTEST_CASE_ENTRY(vfpool_test_small_overrun_found_at_free),
    KTEST_CASE_ENTRY(vfpool_test_underrun_found_at_free_or_on_guard),
    KTEST_CASE_ENTRY(vfpool_test_double_free_and_wrong_tag),
    KTEST_CASE_ENTRY(vfpool_test_free_inside_a_block),
    KTEST_CASE_ENTRY(vfpool_test_zero_byte_allocation),
    KTEST_CASE_ENTRY(vfpool_test_pool_irql_rules_in_verifier_form),
    KTEST_CASE_ENTRY(vfpool_test_irql_rules_in_verifier_form),
    KTEST_CASE_ENTRY(vfpool_test_paged_pool_touched_under_spin_lock),
    KTEST_CASE_ENTRY(vfpool_test_leak_at_unload),
    KTEST_CASE_ENTRY(vfpool_test_special_pool_in_usage_by_tag),
    KTEST_CASE_ENTRY(vfpool_test_low_resources_seeded_and_replayable),
    KTEST_CASE_ENTRY(vfpool_test_low_resources_systematic),
    KTEST_CASE_ENTRY(vfpool_test_timer_set_at_unload),
    KTEST_CASE_ENTRY(vfpool_test_thread_or_work_item_running_at_unload),
    KTEST_CASE_ENTRY(vfpool_test_kernel_finds_timers_and_dpcs_in_a_range),
    {0},
};

KTEST_SUITE(vfpool, vfpool_cases);
