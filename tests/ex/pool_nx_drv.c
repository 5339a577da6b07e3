/*
 * PURPOSE: Tests for the driver-runtime NX opt-in (POOL_NX_OPTIN + ExInitializeDriverRuntime),
 * written as a driver that opts in.
 */
#define POOL_NX_OPTIN 1
#include <ntddk.h>
#include "ktest.h"

static void ex_pool_nx_test_opt_in_switches_nonpaged_pool(KTEST *t)
{
    PVOID p;
    /* Before the opt-in NonPagedPool is the executable type, as on Windows. */
    KT_EXPECT_EQ(t, (ULONG)NonPagedPool, (ULONG)NonPagedPoolExecute);
    ExInitializeDriverRuntime(DrvRtPoolNxOptIn);
    KT_EXPECT_EQ(t, (ULONG)NonPagedPool, (ULONG)NonPagedPoolNx);
    p = ExAllocatePoolWithTag(NonPagedPool, 32, 0x784E5854);
    KT_ASSERT_TRUE(t, p != NULL);
    ExFreePoolWithTag(p, 0x784E5854);
    /* Other flags leave the default alone. */
    ExDefaultNonPagedPoolType = NonPagedPoolExecute;
    ExInitializeDriverRuntime(0);
    KT_EXPECT_EQ(t, (ULONG)NonPagedPool, (ULONG)NonPagedPoolExecute);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ex_pool_nx_test_opt_in_switches_nonpaged_pool),
    { 0 }
};

KTEST_SUITE(ex_pool_nx, cases);
