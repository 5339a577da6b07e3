/*
 * PURPOSE: Tests for integer <-> string conversion (src/rtl/intstr.c), written as WDK driver
 * code: bases, prefixes, white space and signs, buffer limits, invalid parameters.
 */
#include <ntddk.h>
#include "ktest.h"

#define ST(t, expr, status) KT_EXPECT_EQ(t, (expr), (status))

/* ---- Integer -> string ------------------------------------------------------------------ */

static void rtl_int_string_test_integer_to_unicode_bases(KTEST *t)
{
    WCHAR buf[40];
    UNICODE_STRING s = { 0, sizeof(buf), buf };
    ST(t, RtlIntegerToUnicodeString(1234, 0, &s), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, s.Length, 8);
    KT_EXPECT_WCSEQ(t, buf, L"1234");
    ST(t, RtlIntegerToUnicodeString(1234, 10, &s), STATUS_SUCCESS);
    KT_EXPECT_WCSEQ(t, buf, L"1234");
    ST(t, RtlIntegerToUnicodeString(0xBEEF, 16, &s), STATUS_SUCCESS);
    KT_EXPECT_WCSEQ(t, buf, L"BEEF");
    ST(t, RtlIntegerToUnicodeString(8, 8, &s), STATUS_SUCCESS);
    KT_EXPECT_WCSEQ(t, buf, L"10");
    ST(t, RtlIntegerToUnicodeString(5, 2, &s), STATUS_SUCCESS);
    KT_EXPECT_WCSEQ(t, buf, L"101");
    ST(t, RtlIntegerToUnicodeString(0, 16, &s), STATUS_SUCCESS);
    KT_EXPECT_WCSEQ(t, buf, L"0");
    KT_EXPECT_EQ(t, s.Length, 2);
    ST(t, RtlIntegerToUnicodeString(0xFFFFFFFF, 10, &s), STATUS_SUCCESS);
    KT_EXPECT_WCSEQ(t, buf, L"4294967295");
    ST(t, RtlIntegerToUnicodeString(0xFFFFFFFF, 2, &s), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, s.Length, 64);
}

static void rtl_int_string_test_integer_to_unicode_invalid_base(KTEST *t)
{
    WCHAR buf[8] = L"keep";
    UNICODE_STRING s = { 8, sizeof(buf), buf };
    ST(t, RtlIntegerToUnicodeString(1, 3, &s), STATUS_INVALID_PARAMETER);
    ST(t, RtlIntegerToUnicodeString(1, 36, &s), STATUS_INVALID_PARAMETER);
    ST(t, RtlInt64ToUnicodeString(1, 7, &s), STATUS_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, s.Length, 8);
    KT_EXPECT_WCSEQ(t, buf, L"keep");
}

static void rtl_int_string_test_integer_to_unicode_needs_room_for_terminator(KTEST *t)
{
    WCHAR buf[4] = { L'#', L'#', L'#', L'#' };
    UNICODE_STRING s = { 0, 6, buf };
    ST(t, RtlIntegerToUnicodeString(123, 10, &s), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_EQ(t, s.Length, 0);
    KT_EXPECT_EQ(t, buf[0], L'#');
    s.MaximumLength = 7;                     /* odd: still no whole WCHAR for the terminator */
    ST(t, RtlIntegerToUnicodeString(123, 10, &s), STATUS_BUFFER_OVERFLOW);
    s.MaximumLength = 8;
    ST(t, RtlIntegerToUnicodeString(123, 10, &s), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, s.Length, 6);
    KT_EXPECT_WCSEQ(t, buf, L"123");
}

static void rtl_int_string_test_int64_to_unicode(KTEST *t)
{
    WCHAR buf[70];
    UNICODE_STRING s = { 0, sizeof(buf), buf };
    ST(t, RtlInt64ToUnicodeString(0xFFFFFFFFFFFFFFFFull, 10, &s), STATUS_SUCCESS);
    KT_EXPECT_WCSEQ(t, buf, L"18446744073709551615");
    ST(t, RtlInt64ToUnicodeString(0x123456789ABCDEFull, 16, &s), STATUS_SUCCESS);
    KT_EXPECT_WCSEQ(t, buf, L"123456789ABCDEF");
    ST(t, RtlInt64ToUnicodeString(0x8000000000000000ull, 2, &s), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, s.Length, 128);
    s.MaximumLength = 128;                   /* 64 digits fit, the terminator does not */
    ST(t, RtlInt64ToUnicodeString(0x8000000000000000ull, 2, &s), STATUS_BUFFER_OVERFLOW);
}

static void rtl_int_string_test_intptr_macro(KTEST *t)
{
    WCHAR buf[24];
    UNICODE_STRING s = { 0, sizeof(buf), buf };
    ST(t, RtlIntPtrToUnicodeString((ULONG_PTR)0xFFFF00001234ull, 16, &s), STATUS_SUCCESS);
    KT_EXPECT_WCSEQ(t, buf, L"FFFF00001234");
}

/* ---- String -> integer ------------------------------------------------------------------ */

static NTSTATUS Parse(PCWSTR Text, ULONG Base, PULONG Value)
{
    UNICODE_STRING s;
    RtlInitUnicodeString(&s, Text);
    return RtlUnicodeStringToInteger(&s, Base, Value);
}

static void rtl_int_string_test_unicode_to_integer_documented_examples(KTEST *t)
{
    ULONG v = 99;
    ST(t, Parse(L"123", 10, &v), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, v, 123);
    ST(t, Parse(L"-345", 10, &v), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, (LONG)v, -345);
    ST(t, Parse(L"xyz", 10, &v), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, v, 0);
    ST(t, Parse(L"+678abc", 10, &v), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, v, 678);
    ST(t, Parse(L"+678abc", 16, &v), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, v, 0x678ABC);
}

static void rtl_int_string_test_unicode_to_integer_prefixes_with_base_zero(KTEST *t)
{
    ULONG v = 0;
    ST(t, Parse(L"0x1fE", 0, &v), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, v, 0x1FE);
    ST(t, Parse(L"0o17", 0, &v), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, v, 15);
    ST(t, Parse(L"0b101", 0, &v), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, v, 5);
    ST(t, Parse(L"0129", 0, &v), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, v, 129);                 /* no octal for a plain leading zero */
    ST(t, Parse(L"-0x10", 0, &v), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, (LONG)v, -16);
    ST(t, Parse(L"0X1F", 0, &v), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, v, 0);                   /* only lower-case prefixes */
}

static void rtl_int_string_test_unicode_to_integer_prefix_needs_base_zero(KTEST *t)
{
    ULONG v = 7;
    ST(t, Parse(L"0x1F", 16, &v), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, v, 0);                   /* 'x' is not a hex digit */
    ST(t, Parse(L"1012", 2, &v), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, v, 5);
    ST(t, Parse(L"778", 8, &v), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, v, 63);
}

static void rtl_int_string_test_unicode_to_integer_white_space(KTEST *t)
{
    static const WCHAR nulLead[] = { 0, L'7' };
    UNICODE_STRING s = { sizeof(nulLead), sizeof(nulLead), (PWCH)nulLead };
    ULONG v = 0;
    ST(t, Parse(L" \t\r\n 42", 10, &v), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, v, 42);
    ST(t, Parse(L"   ", 10, &v), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, v, 0);
    ST(t, Parse(L"- 5", 10, &v), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, v, 0);                   /* white space after the sign ends the number */
    ST(t, RtlUnicodeStringToInteger(&s, 10, &v), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, v, 7);                   /* a counted NUL is just a control character */
}

static void rtl_int_string_test_unicode_to_integer_wraps_on_overflow(KTEST *t)
{
    ULONG v = 1;
    ST(t, Parse(L"4294967296", 10, &v), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, v, 0);
    ST(t, Parse(L"4294967295", 10, &v), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, v, 0xFFFFFFFFu);
}

static void rtl_int_string_test_unicode_to_integer_invalid_parameters(KTEST *t)
{
    UNICODE_STRING empty = { 0, 0, NULL };
    ULONG v = 5;
    ST(t, RtlUnicodeStringToInteger(&empty, 10, &v), STATUS_INVALID_PARAMETER);
    ST(t, Parse(L"12", 3, &v), STATUS_INVALID_PARAMETER);
    ST(t, Parse(L"12", 36, &v), STATUS_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, v, 5);
    ST(t, Parse(L"12", 10, NULL), STATUS_ACCESS_VIOLATION);
}

static void rtl_int_string_test_char_to_integer(KTEST *t)
{
    ULONG v = 0;
    ST(t, RtlCharToInteger("  -17", 10, &v), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, (LONG)v, -17);
    ST(t, RtlCharToInteger("0xff", 0, &v), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, v, 255);
    ST(t, RtlCharToInteger("0b11z", 0, &v), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, v, 3);
    ST(t, RtlCharToInteger("ff", 16, &v), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, v, 255);
    ST(t, RtlCharToInteger("", 10, &v), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, v, 0);
    ST(t, RtlCharToInteger("1", 5, &v), STATUS_INVALID_PARAMETER);
    ST(t, RtlCharToInteger("1", 10, NULL), STATUS_ACCESS_VIOLATION);
    ST(t, RtlCharToInteger(NULL, 10, &v), STATUS_INVALID_PARAMETER);
}

static void rtl_int_string_test_round_trip(KTEST *t)
{
    static const ULONG values[] = { 0, 1, 9, 10, 255, 65536, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE };
    static const ULONG bases[] = { 2, 8, 10, 16 };
    ULONG i, b;
    for (i = 0; i < RTL_NUMBER_OF(values); i++)
    {
        for (b = 0; b < RTL_NUMBER_OF(bases); b++)
        {
            WCHAR buf[40];
            UNICODE_STRING s = { 0, sizeof(buf), buf };
            ULONG back = 0;
            if (RtlIntegerToUnicodeString(values[i], bases[b], &s) != STATUS_SUCCESS ||
                RtlUnicodeStringToInteger(&s, bases[b], &back) != STATUS_SUCCESS ||
                back != values[i])
                KT_FAIL(t, "value %lu base %lu did not round-trip (got %lu)",
                        (unsigned long)values[i], (unsigned long)bases[b], (unsigned long)back);
        }
    }
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(rtl_int_string_test_integer_to_unicode_bases),
    KTEST_CASE_ENTRY(rtl_int_string_test_integer_to_unicode_invalid_base),
    KTEST_CASE_ENTRY(rtl_int_string_test_integer_to_unicode_needs_room_for_terminator),
    KTEST_CASE_ENTRY(rtl_int_string_test_int64_to_unicode),
    KTEST_CASE_ENTRY(rtl_int_string_test_intptr_macro),
    KTEST_CASE_ENTRY(rtl_int_string_test_unicode_to_integer_documented_examples),
    KTEST_CASE_ENTRY(rtl_int_string_test_unicode_to_integer_prefixes_with_base_zero),
    KTEST_CASE_ENTRY(rtl_int_string_test_unicode_to_integer_prefix_needs_base_zero),
    KTEST_CASE_ENTRY(rtl_int_string_test_unicode_to_integer_white_space),
    KTEST_CASE_ENTRY(rtl_int_string_test_unicode_to_integer_wraps_on_overflow),
    KTEST_CASE_ENTRY(rtl_int_string_test_unicode_to_integer_invalid_parameters),
    KTEST_CASE_ENTRY(rtl_int_string_test_char_to_integer),
    KTEST_CASE_ENTRY(rtl_int_string_test_round_trip),
    { 0 }
};
KTEST_SUITE(rtl_int_string, cases);
