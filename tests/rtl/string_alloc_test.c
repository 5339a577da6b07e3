/*
 * PURPOSE: Allocation behaviour of the Rtl string routines that allocate for the caller
 * (runtime mode: uses the fault-injection hooks of src/rtl/heap.c): STATUS_NO_MEMORY leaves
 * the destination untouched, and every allocation is released by the matching RtlFree*.
 */
#include <ntddk.h>
#include <internal/rtl.h>
#include "ktest.h"

#define ST(t, expr, status) KT_EXPECT_EQ(t, (expr), (status))

static const GUID Sample = { 1, 2, 3, { 4, 5, 6, 7, 8, 9, 10, 11 } };

static void FailNextAllocation(void)
{
    RtlpStringMemoryFailAfter = 1;
}

static void rtl_string_alloc_test_no_memory_leaves_destination_untouched(KTEST *t)
{
    UNICODE_STRING src, out = { 2, 4, (PWCH)L"x" };
    ANSI_STRING a, aout = { 1, 2, (PCHAR)"y" };
    UTF8_STRING s8;
    GUID g = Sample;

    RtlInitUnicodeString(&src, L"text");
    RtlInitAnsiString(&a, "text");
    RtlInitUTF8String(&s8, "text");

    FailNextAllocation();
    ST(t, RtlAnsiStringToUnicodeString(&out, &a, TRUE), STATUS_NO_MEMORY);
    FailNextAllocation();
    ST(t, RtlUpcaseUnicodeString(&out, &src, TRUE), STATUS_NO_MEMORY);
    FailNextAllocation();
    ST(t, RtlDowncaseUnicodeString(&out, &src, TRUE), STATUS_NO_MEMORY);
    FailNextAllocation();
    ST(t, RtlDuplicateUnicodeString(0, &src, &out), STATUS_NO_MEMORY);
    FailNextAllocation();
    ST(t, RtlStringFromGUID(&g, &out), STATUS_NO_MEMORY);
    FailNextAllocation();
    ST(t, RtlUTF8StringToUnicodeString(&out, &s8, TRUE), STATUS_NO_MEMORY);
    KT_EXPECT_EQ(t, out.Length, 2);
    KT_EXPECT_EQ(t, out.MaximumLength, 4);

    FailNextAllocation();
    ST(t, RtlUnicodeStringToAnsiString(&aout, &src, TRUE), STATUS_NO_MEMORY);
    FailNextAllocation();
    ST(t, RtlUnicodeStringToUTF8String(&aout, &src, TRUE), STATUS_NO_MEMORY);
    KT_EXPECT_EQ(t, aout.Length, 1);
    KT_EXPECT_EQ(t, aout.MaximumLength, 2);
    KT_EXPECT_EQ(t, RtlpStringMemoryFailAfter, 0);
}

static void rtl_string_alloc_test_free_releases_every_allocation(KTEST *t)
{
    LONG before = RtlpStringMemoryOutstanding;
    UNICODE_STRING src, u1 = { 0 }, u2 = { 0 }, u3 = { 0 }, u4 = { 0 }, u5 = { 0 }, u6 = { 0 };
    ANSI_STRING a, a1 = { 0 };
    UTF8_STRING s8, s1 = { 0 };

    RtlInitUnicodeString(&src, L"text");
    RtlInitAnsiString(&a, "text");
    RtlInitUTF8String(&s8, "text");
    ST(t, RtlAnsiStringToUnicodeString(&u1, &a, TRUE), STATUS_SUCCESS);
    ST(t, RtlUpcaseUnicodeString(&u2, &src, TRUE), STATUS_SUCCESS);
    ST(t, RtlDuplicateUnicodeString(RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE, &src, &u3), STATUS_SUCCESS);
    ST(t, RtlStringFromGUID(&Sample, &u4), STATUS_SUCCESS);
    ST(t, RtlUTF8StringToUnicodeString(&u5, &s8, TRUE), STATUS_SUCCESS);
    ST(t, RtlDowncaseUnicodeString(&u6, &src, TRUE), STATUS_SUCCESS);
    ST(t, RtlUnicodeStringToAnsiString(&a1, &src, TRUE), STATUS_SUCCESS);
    ST(t, RtlUnicodeStringToUTF8String(&s1, &src, TRUE), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, RtlpStringMemoryOutstanding - before, 8);

    RtlFreeUnicodeString(&u1);
    RtlFreeUnicodeString(&u2);
    RtlFreeUnicodeString(&u3);
    RtlFreeUnicodeString(&u4);
    RtlFreeUnicodeString(&u5);
    RtlFreeUnicodeString(&u6);
    RtlFreeAnsiString(&a1);
    RtlFreeUTF8String(&s1);
    KT_EXPECT_EQ(t, RtlpStringMemoryOutstanding, before);
}

static void rtl_string_alloc_test_caller_buffers_allocate_nothing(KTEST *t)
{
    LONG before = RtlpStringMemoryOutstanding;
    WCHAR wbuf[8];
    CHAR abuf[8];
    UNICODE_STRING src, u = { 0, sizeof(wbuf), wbuf };
    ANSI_STRING a = { 0, sizeof(abuf), abuf }, asrc;

    RtlInitUnicodeString(&src, L"text");
    RtlInitAnsiString(&asrc, "text");
    RtlpStringMemoryFailAfter = 1;           /* any allocation would fail the call */
    ST(t, RtlAnsiStringToUnicodeString(&u, &asrc, FALSE), STATUS_SUCCESS);
    ST(t, RtlUpcaseUnicodeString(&u, &src, FALSE), STATUS_SUCCESS);
    ST(t, RtlUnicodeStringToAnsiString(&a, &src, FALSE), STATUS_SUCCESS);
    ST(t, RtlUnicodeStringToUTF8String(&a, &src, FALSE), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, RtlpStringMemoryFailAfter, 1);
    RtlpStringMemoryFailAfter = 0;
    KT_EXPECT_EQ(t, RtlpStringMemoryOutstanding, before);
}

/* Rtl-allocated string buffers are pool: ExFreePool releases them as well. */
static void rtl_string_alloc_test_buffer_is_pool(KTEST *t)
{
    ANSI_STRING a;
    UNICODE_STRING u;
    LONG before = RtlpStringMemoryOutstanding;
    BOOLEAN quota;

    RtlInitAnsiString(&a, "pool");
    KT_ASSERT_EQ(t, RtlAnsiStringToUnicodeString(&u, &a, TRUE), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, ExQueryPoolBlockSize(u.Buffer, &quota) >= u.MaximumLength, 1);
    ExFreePool(u.Buffer);             /* legal on Windows: the buffer is paged pool */
    RtlpStringMemoryOutstanding--;    /* the Rtl-side count only sees RtlFree* */
    KT_EXPECT_EQ(t, RtlpStringMemoryOutstanding, before);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(rtl_string_alloc_test_buffer_is_pool),
    KTEST_CASE_ENTRY(rtl_string_alloc_test_no_memory_leaves_destination_untouched),
    KTEST_CASE_ENTRY(rtl_string_alloc_test_free_releases_every_allocation),
    KTEST_CASE_ENTRY(rtl_string_alloc_test_caller_buffers_allocate_nothing),
    { 0 }
};
KTEST_SUITE(rtl_string_alloc, cases);
