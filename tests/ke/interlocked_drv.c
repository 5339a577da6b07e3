/*
 * PURPOSE: The Interlocked intrinsics' return-value conventions (wdm/interlocked.h).
 * Does not cover atomicity under contention (dpc_mp_test.c and irql_mp_test.c lean on it).
 */
#include <ntddk.h>
#include "ktest.h"

static void ke_interlocked_test_return_values(KTEST *t)
{
    volatile LONG v = 5;
    volatile LONG64 w = -1;
    volatile SHORT s = 1;
    PVOID volatile p = NULL;
    int x, y;

    KT_EXPECT_EQ(t, InterlockedIncrement(&v), 6);              /* new value */
    KT_EXPECT_EQ(t, InterlockedDecrement(&v), 5);
    KT_EXPECT_EQ(t, InterlockedExchange(&v, 9), 5);            /* old value */
    KT_EXPECT_EQ(t, InterlockedExchangeAdd(&v, 3), 9);
    KT_EXPECT_EQ(t, v, 12);
    KT_EXPECT_EQ(t, InterlockedCompareExchange(&v, 1, 99), 12); /* no swap, old value */
    KT_EXPECT_EQ(t, v, 12);
    KT_EXPECT_EQ(t, InterlockedCompareExchange(&v, 1, 12), 12); /* swap */
    KT_EXPECT_EQ(t, v, 1);
    KT_EXPECT_EQ(t, InterlockedOr(&v, 6), 1);
    KT_EXPECT_EQ(t, InterlockedAnd(&v, 3), 7);
    KT_EXPECT_EQ(t, InterlockedXor(&v, 1), 3);
    KT_EXPECT_EQ(t, v, 2);
    KT_EXPECT_EQ(t, InterlockedIncrement64(&w), 0);
    KT_EXPECT_EQ(t, InterlockedExchangeAdd64(&w, 0x100000000LL), 0);
    KT_EXPECT_EQ(t, w, 0x100000000LL);
    KT_EXPECT_EQ(t, InterlockedIncrement16(&s), 2);
    KT_EXPECT_PTR_EQ(t, InterlockedExchangePointer(&p, &x), NULL);
    KT_EXPECT_PTR_EQ(t, InterlockedCompareExchangePointer(&p, &y, &y), &x);
    KT_EXPECT_PTR_EQ(t, InterlockedCompareExchangePointer(&p, &y, &x), &x);
    KT_EXPECT_PTR_EQ(t, p, &y);
    KeMemoryBarrier();
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ke_interlocked_test_return_values),
    { 0 },
};
KTEST_SUITE(ke_interlocked, cases);
