/*
 * PURPOSE: Deadlock detection tests (src/verifier/vfdeadlock.c) with vf_locks.sys, a real
 * image: a correct lock discipline passes; each violation bugchecks 0xC4 with its subcode
 * (lock order cycle 0x1001 with both acquisitions' stacks in the report, self-deadlock
 * 0x1000, out-of-order release 0x1003, wrong thread 0x1004, double release 0x1007). A
 * violation leaves locks held, so each runs in a child process (ktest_run_isolated) that
 * bugchecks for real: exit status 188 and the report on stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <internal/io.h>
#include <internal/vfhooks.h>
#include "ktest.h"
#include "vf_harness.h"
#include "vf_locks.h"

static const VF_LOCKS_DRIVER *LocksDriver;

void VfTestRegisterLocksDriver(const VF_LOCKS_DRIVER *Driver)
{
    LocksDriver = Driver;
}

static NTSTATUS LoadLocksDriver(void)
{
    LocksDriver = NULL;
    return VfTestLoadSys(L"vf_locks", "vf_locks.sys");
}

static NTSTATUS UnloadLocksDriver(void)
{
    return VfTestUnloadSys(L"vf_locks");
}

static void SetVerifier(const char *Flags)
{
    setenv(VF_ENV_FLAGS, Flags, 1);
    setenv(VF_ENV_DRIVERS, "vf_locks.sys", 1);
}

static void ClearVerifier(void)
{
    unsetenv(VF_ENV_FLAGS);
    unsetenv(VF_ENV_DRIVERS);
}

/* ---- Child side of the isolated runs ------------------------------------------------------ */

static void RunScenarioChild(void *Context)
{
    VF_LOCK_SCENARIO Scenario = (VF_LOCK_SCENARIO)(ULONG_PTR)Context;
    NTSTATUS Status;

    SetVerifier("0x20");
    Status = LoadLocksDriver();
    if (!NT_SUCCESS(Status) || LocksDriver == NULL) {
        fprintf(stderr, "load failed: 0x%08x\n", (unsigned)Status);
        return;
    }
    fprintf(stderr, "addresses: A=%p B=%p F=%p M=%p R=%p M2=%p\n", LocksDriver->LockA,
            LocksDriver->LockB, LocksDriver->FastMutex, LocksDriver->Mutex,
            LocksDriver->Resource, LocksDriver->Mutex2);
    LocksDriver->Run(Scenario);
    fprintf(stderr, "scenario returned\n");
}

/* Runs Scenario in a child; returns its stderr (static buffer) and exit status. */
static const char *RunIsolated(VF_LOCK_SCENARIO Scenario, int *ExitStatus)
{
    static char Output[65536];

    memset(Output, 0, sizeof(Output));
    *ExitStatus = ktest_run_isolated(RunScenarioChild, (void *)(ULONG_PTR)Scenario, Output,
                                     sizeof(Output));
    return Output;
}

/* The address the child printed for Name ("A=0x..."), as the report's "Arg2: %016llx". */
static void ExpectArg(KTEST *t, const char *Output, const char *Name, const char *ArgLabel)
{
    char Key[8], Line[64];
    const char *p;
    unsigned long long Value;

    snprintf(Key, sizeof(Key), " %s=", Name);
    p = strstr(Output, Key);
    KT_ASSERT_TRUE(t, p != NULL);
    Value = strtoull(p + strlen(Key), NULL, 16);
    snprintf(Line, sizeof(Line), "%s: %016llx", ArgLabel, Value);
    KT_EXPECT_CONTAINS(t, Output, Line);
}

static void ExpectViolation(KTEST *t, const char *Output, int ExitStatus, const char *Subcode)
{
    char Line[64];

    KT_EXPECT_EQ(t, ExitStatus, 188);
    KT_EXPECT_CONTAINS(t, Output, "DRIVER_VERIFIER_DETECTED_VIOLATION (c4)");
    snprintf(Line, sizeof(Line), "Arg1: %016llx", strtoull(Subcode, NULL, 16));
    KT_EXPECT_CONTAINS(t, Output, Line);
    KT_EXPECT_FALSE(t, ktest_contains(Output, "scenario returned"));
}

/* ---- Tests -------------------------------------------------------------------------------- */

static void vf_deadlock_test_clean_driver_is_left_alone(KTEST *t)
{
    ClearVerifier();
    SetVerifier("0x20");
    KT_ASSERT_EQ(t, LoadLocksDriver(), STATUS_SUCCESS);
    ClearVerifier();
    KT_ASSERT_TRUE(t, LocksDriver != NULL);
    /* A real image: its calls are judged by address. */
    KT_EXPECT_TRUE(t, VfAddressFlags((const void *)LocksDriver->Run) & VF_FLAG_DEADLOCK_DETECTION);
    LocksDriver->Run(VfLocksClean);
    LocksDriver->Run(VfLocksClean);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
    KT_EXPECT_EQ(t, UnloadLocksDriver(), STATUS_SUCCESS);
}

static void vf_deadlock_test_spin_lock_cycle(KTEST *t)
{
    int ExitStatus;
    const char *Output = RunIsolated(VfLocksSpinCycle, &ExitStatus);

    ExpectViolation(t, Output, ExitStatus, "0x1001");
    ExpectArg(t, Output, "A", "Arg2");
    /* Both acquisitions of both orders, symbolized. */
    KT_EXPECT_CONTAINS(t, Output, "Deadlock: lock order violation");
    KT_EXPECT_CONTAINS(t, Output, "vf_locks!SpinBA");
    KT_EXPECT_CONTAINS(t, Output, "vf_locks!SpinAB");
    KT_EXPECT_CONTAINS(t, Output, "Earlier, thread");
}

static void vf_deadlock_test_in_stack_queued_cycle(KTEST *t)
{
    int ExitStatus;
    const char *Output = RunIsolated(VfLocksInStackCycle, &ExitStatus);

    ExpectViolation(t, Output, ExitStatus, "0x1001");
    ExpectArg(t, Output, "A", "Arg2");
    KT_EXPECT_CONTAINS(t, Output, "vf_locks!InStackBA");
    KT_EXPECT_CONTAINS(t, Output, "vf_locks!InStackAB");
}

static void vf_deadlock_test_three_lock_cycle(KTEST *t)
{
    int ExitStatus;
    const char *Output = RunIsolated(VfLocksThreeLockCycle, &ExitStatus);

    ExpectViolation(t, Output, ExitStatus, "0x1001");
    ExpectArg(t, Output, "M", "Arg2");
    KT_EXPECT_CONTAINS(t, Output, "through other locks");
    KT_EXPECT_CONTAINS(t, Output, "vf_locks!MutexThenResource");
    KT_EXPECT_CONTAINS(t, Output, "vf_locks!ResourceThenFastMutex");
    KT_EXPECT_CONTAINS(t, Output, "vf_locks!FastMutexThenMutex");
}

/* Mutexes acquired through KeWaitForMultipleObjects (WaitAll, then WaitAny at index 1)
   are acquisitions: the opposite orders close a cycle. */
static void vf_deadlock_test_wait_for_multiple_objects_cycle(KTEST *t)
{
    int ExitStatus;
    const char *Output = RunIsolated(VfLocksMultiWaitCycle, &ExitStatus);

    ExpectViolation(t, Output, ExitStatus, "0x1001");
    ExpectArg(t, Output, "M", "Arg2");
    KT_EXPECT_CONTAINS(t, Output, "vf_locks!MutexThenMutex2ByWaitAll");
    KT_EXPECT_CONTAINS(t, Output, "vf_locks!Mutex2ThenMutexByWaitAny");
    KT_EXPECT_CONTAINS(t, Output, "kernel mutex");
}

static void vf_deadlock_test_self_deadlock(KTEST *t)
{
    int ExitStatus;
    const char *Output = RunIsolated(VfLocksFastMutexTwice, &ExitStatus);

    ExpectViolation(t, Output, ExitStatus, "0x1000");
    ExpectArg(t, Output, "F", "Arg2");
}

static void vf_deadlock_test_release_order(KTEST *t)
{
    int ExitStatus;
    const char *Output = RunIsolated(VfLocksSpinReleaseOrder, &ExitStatus);

    ExpectViolation(t, Output, ExitStatus, "0x1003");
    ExpectArg(t, Output, "A", "Arg2");
    ExpectArg(t, Output, "B", "Arg3");
}

static void vf_deadlock_test_wrong_thread(KTEST *t)
{
    int ExitStatus;
    const char *Output = RunIsolated(VfLocksWrongThread, &ExitStatus);

    ExpectViolation(t, Output, ExitStatus, "0x1004");
    ExpectArg(t, Output, "F", "Arg2");
}

static void vf_deadlock_test_release_twice(KTEST *t)
{
    int ExitStatus;
    const char *Output = RunIsolated(VfLocksReleaseTwice, &ExitStatus);

    ExpectViolation(t, Output, ExitStatus, "0x1007");
    ExpectArg(t, Output, "A", "Arg2");
}

/* Without deadlock detection the same cycle goes unnoticed (no two threads raced). */
static void NoDetectionChild(void *Context)
{
    UNREFERENCED_PARAMETER(Context);
    SetVerifier("0x10");
    if (!NT_SUCCESS(LoadLocksDriver()) || LocksDriver == NULL)
        return;
    LocksDriver->Run(VfLocksSpinCycle);
    LocksDriver->Run(VfLocksThreeLockCycle);
    fprintf(stderr, "scenario returned\n");
}

static void vf_deadlock_test_off_without_the_flag(KTEST *t)
{
    static char Output[16384];
    int ExitStatus = ktest_run_isolated(NoDetectionChild, NULL, Output, sizeof(Output));

    KT_EXPECT_EQ(t, ExitStatus, 0);
    KT_EXPECT_CONTAINS(t, Output, "scenario returned");
}

static KTEST_CASE vf_deadlock_cases[] = {
    KTEST_CASE_ENTRY(vf_deadlock_test_clean_driver_is_left_alone),
    KTEST_CASE_ENTRY(vf_deadlock_test_spin_lock_cycle),
    KTEST_CASE_ENTRY(vf_deadlock_test_in_stack_queued_cycle),
    KTEST_CASE_ENTRY(vf_deadlock_test_three_lock_cycle),
    KTEST_CASE_ENTRY(vf_deadlock_test_wait_for_multiple_objects_cycle),
    KTEST_CASE_ENTRY(vf_deadlock_test_self_deadlock),
    KTEST_CASE_ENTRY(vf_deadlock_test_release_order),
    KTEST_CASE_ENTRY(vf_deadlock_test_wrong_thread),
    KTEST_CASE_ENTRY(vf_deadlock_test_release_twice),
    KTEST_CASE_ENTRY(vf_deadlock_test_off_without_the_flag),
    {0},
};

KTEST_SUITE(vf_deadlock, vf_deadlock_cases);
