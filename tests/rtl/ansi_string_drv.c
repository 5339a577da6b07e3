/*
 * PURPOSE: Tests for the STRING / ANSI_STRING routines and the ANSI (Windows-1252) <-> UTF-16
 * conversions (src/rtl/ansi.c, src/rtl/nls.c), written as WDK driver code.
 */
#include <ntddk.h>
#include "ktest.h"

#define ST(t, expr, status) KT_EXPECT_EQ(t, (expr), (status))

static CHAR LongText[70001];

static PCSZ MakeLong(ULONG Chars)
{
    memset(LongText, 'y', Chars);
    LongText[Chars] = 0;
    return LongText;
}

/* ---- Initialization --------------------------------------------------------------------- */

static void rtl_ansi_string_test_init_sets_lengths(KTEST *t)
{
    ANSI_STRING a;
    STRING s;
    UTF8_STRING u;
    RtlInitAnsiString(&a, "abc");
    RtlInitString(&s, "abcd");
    RtlInitUTF8String(&u, "\xc3\xa9");
    KT_EXPECT_EQ(t, a.Length, 3);
    KT_EXPECT_EQ(t, a.MaximumLength, 4);
    KT_EXPECT_EQ(t, s.Length, 4);
    KT_EXPECT_EQ(t, s.MaximumLength, 5);
    KT_EXPECT_EQ(t, u.Length, 2);
    KT_EXPECT_EQ(t, u.MaximumLength, 3);
}

static void rtl_ansi_string_test_init_null_is_empty(KTEST *t)
{
    ANSI_STRING a = { 1, 2, (PCHAR)"x" };
    RtlInitAnsiString(&a, NULL);
    KT_EXPECT_EQ(t, a.Length, 0);
    KT_EXPECT_EQ(t, a.MaximumLength, 0);
    KT_EXPECT_PTR_EQ(t, a.Buffer, NULL);
}

static void rtl_ansi_string_test_init_clamps_overlong(KTEST *t)
{
    STRING s;
    RtlInitString(&s, MakeLong(70000));
    KT_EXPECT_EQ(t, s.Length, 0xFFFE);
    KT_EXPECT_EQ(t, s.MaximumLength, 0xFFFF);
}

static void rtl_ansi_string_test_init_ex_limits(KTEST *t)
{
    ANSI_STRING a = { 1, 2, (PCHAR)"x" };
    STRING s;
    UTF8_STRING u;
    ST(t, RtlInitAnsiStringEx(&a, MakeLong(0xFFFF)), STATUS_NAME_TOO_LONG);
    KT_EXPECT_EQ(t, a.Length, 1);
    ST(t, RtlInitStringEx(&s, MakeLong(0xFFFF)), STATUS_NAME_TOO_LONG);
    ST(t, RtlInitUTF8StringEx(&u, MakeLong(0xFFFF)), STATUS_NAME_TOO_LONG);
    ST(t, RtlInitAnsiStringEx(&a, MakeLong(0xFFFE)), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, a.Length, 0xFFFE);
    KT_EXPECT_EQ(t, a.MaximumLength, 0xFFFF);
    ST(t, RtlInitStringEx(&s, "ok"), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, s.Length, 2);
    ST(t, RtlInitUTF8StringEx(&u, NULL), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, u.MaximumLength, 0);
}

/* ---- Copy / append ---------------------------------------------------------------------- */

static void rtl_ansi_string_test_copy_truncates_and_terminates_when_room(KTEST *t)
{
    CHAR buf[8] = "#######";
    STRING d = { 0, 4, buf }, s;
    RtlInitString(&s, "abcdef");
    RtlCopyString(&d, &s);
    KT_EXPECT_EQ(t, d.Length, 4);
    KT_EXPECT_MEMEQ(t, buf, "abcd#", 5);
    d.MaximumLength = 8;
    RtlInitString(&s, "xy");
    RtlCopyString(&d, &s);
    KT_EXPECT_EQ(t, d.Length, 2);
    KT_EXPECT_STREQ(t, buf, "xy");
    RtlCopyString(&d, NULL);
    KT_EXPECT_EQ(t, d.Length, 0);
}

static void rtl_ansi_string_test_append_no_terminator(KTEST *t)
{
    CHAR buf[8] = "ab######";
    STRING d = { 2, 8, buf }, s;
    RtlInitString(&s, "cd");
    ST(t, RtlAppendStringToString(&d, &s), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, d.Length, 4);
    KT_EXPECT_MEMEQ(t, buf, "abcd##", 6);
}

static void rtl_ansi_string_test_append_too_small_changes_nothing(KTEST *t)
{
    CHAR buf[4] = "ab##";
    STRING d = { 2, 3, buf }, s;
    RtlInitString(&s, "cd");
    ST(t, RtlAppendStringToString(&d, &s), STATUS_BUFFER_TOO_SMALL);
    KT_EXPECT_EQ(t, d.Length, 2);
    KT_EXPECT_MEMEQ(t, buf, "ab##", 4);
}

/* ---- Comparison ------------------------------------------------------------------------- */

static void rtl_ansi_string_test_compare_bytes_unsigned(KTEST *t)
{
    STRING e, z, a, ab;
    RtlInitString(&e, "\xe9");
    RtlInitString(&z, "z");
    RtlInitString(&a, "a");
    RtlInitString(&ab, "ab");
    KT_EXPECT_TRUE(t, RtlCompareString(&e, &z, FALSE) > 0);
    KT_EXPECT_TRUE(t, RtlCompareString(&a, &ab, FALSE) < 0);
    KT_EXPECT_EQ(t, RtlCompareString(&ab, &ab, FALSE), 0);
}

static void rtl_ansi_string_test_compare_insensitive_via_upper_char(KTEST *t)
{
    STRING a, b;
    RtlInitString(&a, "Caf\xe9");
    RtlInitString(&b, "CAF\xc9");
    KT_EXPECT_EQ(t, RtlCompareString(&a, &b, TRUE), 0);
    KT_EXPECT_TRUE(t, RtlCompareString(&a, &b, FALSE) != 0);
    KT_EXPECT_TRUE(t, RtlEqualString(&a, &b, TRUE));
    KT_EXPECT_FALSE(t, RtlEqualString(&a, &b, FALSE));
}

static void rtl_ansi_string_test_equal_and_prefix(KTEST *t)
{
    STRING pre, full, other;
    RtlInitString(&pre, "KEY");
    RtlInitString(&full, "keyboard");
    RtlInitString(&other, "keys");
    KT_EXPECT_TRUE(t, RtlPrefixString(&pre, &full, TRUE));
    KT_EXPECT_FALSE(t, RtlPrefixString(&pre, &full, FALSE));
    KT_EXPECT_FALSE(t, RtlPrefixString(&full, &pre, TRUE));
    KT_EXPECT_FALSE(t, RtlEqualString(&pre, &other, TRUE));
}

/* ---- Upper-casing ------------------------------------------------------------------------ */

static void rtl_ansi_string_test_upper_char_windows_1252(KTEST *t)
{
    KT_EXPECT_EQ(t, (UCHAR)RtlUpperChar('a'), 'A');
    KT_EXPECT_EQ(t, (UCHAR)RtlUpperChar('A'), 'A');
    KT_EXPECT_EQ(t, (UCHAR)RtlUpperChar('1'), '1');
    KT_EXPECT_EQ(t, (UCHAR)RtlUpperChar((CHAR)0xE9), 0xC9);  /* é */
    KT_EXPECT_EQ(t, (UCHAR)RtlUpperChar((CHAR)0x9A), 0x8A);  /* š -> Š */
    KT_EXPECT_EQ(t, (UCHAR)RtlUpperChar((CHAR)0xFF), 0x9F);  /* ÿ -> Ÿ (U+0178) */
    KT_EXPECT_EQ(t, (UCHAR)RtlUpperChar((CHAR)0xDF), 0xDF);  /* ß */
    KT_EXPECT_EQ(t, (UCHAR)RtlUpperChar((CHAR)0xB5), 0xB5);  /* µ: U+039C is not in 1252 */
}

static void rtl_ansi_string_test_upper_string_truncates(KTEST *t)
{
    CHAR buf[4] = "####";
    STRING d = { 0, 3, buf }, s;
    RtlInitString(&s, "abcde");
    RtlUpperString(&d, &s);
    KT_EXPECT_EQ(t, d.Length, 3);
    KT_EXPECT_EQ(t, d.MaximumLength, 3);
    KT_EXPECT_MEMEQ(t, buf, "ABC#", 4);
}

/* ---- ANSI -> Unicode --------------------------------------------------------------------- */

static void rtl_ansi_string_test_to_unicode_allocates(KTEST *t)
{
    ANSI_STRING a;
    UNICODE_STRING u = { 0, 0, NULL };
    RtlInitAnsiString(&a, "caf\xe9 \x80");
    ST(t, RtlAnsiStringToUnicodeString(&u, &a, TRUE), STATUS_SUCCESS);
    KT_ASSERT_TRUE(t, u.Buffer != NULL);
    KT_EXPECT_EQ(t, u.Length, 12);
    KT_EXPECT_EQ(t, u.MaximumLength, 14);
    KT_EXPECT_WCSEQ(t, u.Buffer, L"caf\x00e9 \x20ac");
    RtlFreeUnicodeString(&u);
    KT_EXPECT_PTR_EQ(t, u.Buffer, NULL);
}

static void rtl_ansi_string_test_to_unicode_needs_room_for_terminator(KTEST *t)
{
    WCHAR buf[4] = { L'#', L'#', L'#', L'#' };
    ANSI_STRING a;
    UNICODE_STRING u = { 0, 6, buf };
    RtlInitAnsiString(&a, "abc");
    ST(t, RtlAnsiStringToUnicodeString(&u, &a, FALSE), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_EQ(t, u.Length, 0);
    KT_EXPECT_EQ(t, buf[0], L'#');
    u.MaximumLength = 8;
    ST(t, RtlAnsiStringToUnicodeString(&u, &a, FALSE), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, u.Length, 6);
    KT_EXPECT_WCSEQ(t, buf, L"abc");
}

static void rtl_ansi_string_test_to_unicode_undefined_bytes_and_embedded_nul(KTEST *t)
{
    static const CHAR src[] = { (CHAR)0x81, 0, (CHAR)0x9D, (CHAR)0x8C };
    ANSI_STRING a = { 4, 4, (PCHAR)src };
    WCHAR buf[5];
    UNICODE_STRING u = { 0, sizeof(buf), buf };
    ST(t, RtlAnsiStringToUnicodeString(&u, &a, FALSE), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, u.Length, 8);
    KT_EXPECT_EQ(t, buf[0], 0x0081);
    KT_EXPECT_EQ(t, buf[1], 0);
    KT_EXPECT_EQ(t, buf[2], 0x009D);
    KT_EXPECT_EQ(t, buf[3], 0x0152);     /* Œ */
    KT_EXPECT_EQ(t, buf[4], 0);
}

static void rtl_ansi_string_test_to_unicode_too_long_is_invalid_parameter_2(KTEST *t)
{
    ANSI_STRING a = { 0x7FFF, 0x7FFF, (PCHAR)MakeLong(0x7FFF) };
    UNICODE_STRING u = { 0, 0, NULL };
    ST(t, RtlAnsiStringToUnicodeString(&u, &a, TRUE), STATUS_INVALID_PARAMETER_2);
    KT_EXPECT_PTR_EQ(t, u.Buffer, NULL);
    a.Length = 0x7FFE;
    ST(t, RtlAnsiStringToUnicodeString(&u, &a, TRUE), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, u.Length, 0xFFFC);
    KT_EXPECT_EQ(t, u.MaximumLength, 0xFFFE);
    RtlFreeUnicodeString(&u);
}

/* ---- Unicode -> ANSI --------------------------------------------------------------------- */

static void rtl_ansi_string_test_from_unicode_allocates_and_substitutes(KTEST *t)
{
    UNICODE_STRING u;
    ANSI_STRING a = { 0, 0, NULL };
    RtlInitUnicodeString(&u, L"\x00e9\x20ac\x0100z");
    ST(t, RtlUnicodeStringToAnsiString(&a, &u, TRUE), STATUS_SUCCESS);
    KT_ASSERT_TRUE(t, a.Buffer != NULL);
    KT_EXPECT_EQ(t, a.Length, 4);
    KT_EXPECT_EQ(t, a.MaximumLength, 5);
    KT_EXPECT_STREQ(t, a.Buffer, "\xe9\x80?z");
    RtlFreeAnsiString(&a);
    KT_EXPECT_PTR_EQ(t, a.Buffer, NULL);
    KT_EXPECT_EQ(t, a.MaximumLength, 0);
}

static void rtl_ansi_string_test_from_unicode_c1_controls(KTEST *t)
{
    UNICODE_STRING u;
    CHAR buf[4];
    ANSI_STRING a = { 0, sizeof(buf), buf };
    RtlInitUnicodeString(&u, L"\x0081\x0080\x009f");
    ST(t, RtlUnicodeStringToAnsiString(&a, &u, FALSE), STATUS_SUCCESS);
    /* 0x81 is undefined in 1252 and round-trips; U+0080 / U+009F are not 1252 characters. */
    KT_EXPECT_STREQ(t, buf, "\x81??");
}

static void rtl_ansi_string_test_from_unicode_truncates_with_overflow(KTEST *t)
{
    UNICODE_STRING u;
    CHAR buf[6] = "######";
    ANSI_STRING a = { 0, 4, buf };
    RtlInitUnicodeString(&u, L"abcdef");
    ST(t, RtlUnicodeStringToAnsiString(&a, &u, FALSE), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_EQ(t, a.Length, 3);
    KT_EXPECT_STREQ(t, buf, "abc");
    KT_EXPECT_EQ(t, buf[4], '#');
}

static void rtl_ansi_string_test_from_unicode_zero_maximum_length(KTEST *t)
{
    UNICODE_STRING u;
    CHAR buf[2] = "#";
    ANSI_STRING a = { 0, 0, buf };
    RtlInitUnicodeString(&u, L"a");
    ST(t, RtlUnicodeStringToAnsiString(&a, &u, FALSE), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_EQ(t, a.Length, 0);
    KT_EXPECT_EQ(t, buf[0], '#');
}

static void rtl_ansi_string_test_from_unicode_odd_length(KTEST *t)
{
    UNICODE_STRING u = { 5, 6, (PWCH)L"abc" };
    CHAR buf[4];
    ANSI_STRING a = { 0, sizeof(buf), buf };
    KT_EXPECT_EQ(t, RtlxUnicodeStringToAnsiSize(&u), 3);
    ST(t, RtlUnicodeStringToAnsiString(&a, &u, FALSE), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, a.Length, 2);
    KT_EXPECT_STREQ(t, buf, "ab");
}

/* ---- Sizes and raw buffers -------------------------------------------------------------- */

static void rtl_ansi_string_test_sizes_include_terminator(KTEST *t)
{
    ANSI_STRING a;
    UNICODE_STRING u;
    RtlInitAnsiString(&a, "four");
    RtlInitUnicodeString(&u, L"four");
    KT_EXPECT_EQ(t, RtlxAnsiStringToUnicodeSize(&a), 10);
    KT_EXPECT_EQ(t, RtlAnsiStringToUnicodeSize(&a), 10);
    KT_EXPECT_EQ(t, RtlxUnicodeStringToAnsiSize(&u), 5);
    KT_EXPECT_EQ(t, RtlUnicodeStringToAnsiSize(&u), 5);
}

static void rtl_ansi_string_test_multibyte_to_unicode_n(KTEST *t)
{
    WCHAR buf[4] = { L'#', L'#', L'#', L'#' };
    ULONG bytes = 99;
    ST(t, RtlMultiByteToUnicodeN(buf, 6, &bytes, "\xe9xyz", 4), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, bytes, 6);                /* truncated to what fits: 3 characters */
    KT_EXPECT_MEMEQ(t, buf, L"\x00e9xy#", 8);
    ST(t, RtlMultiByteToUnicodeN(buf, 8, NULL, "q", 1), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, buf[0], L'q');
    ST(t, RtlMultiByteToUnicodeSize(&bytes, "abc", 3), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, bytes, 6);
}

static void rtl_ansi_string_test_unicode_to_multibyte_n(KTEST *t)
{
    CHAR buf[4] = "####";
    ULONG bytes = 99;
    ST(t, RtlUnicodeToMultiByteN(buf, 2, &bytes, L"\x20ac\x4e2d\x0041", 6), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, bytes, 2);
    KT_EXPECT_MEMEQ(t, buf, "\x80?##", 4);
    ST(t, RtlUnicodeToMultiByteN(buf, 4, &bytes, L"ab", 3), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, bytes, 1);                /* an odd byte count ends mid-character */
    ST(t, RtlUnicodeToMultiByteSize(&bytes, L"abc", 6), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, bytes, 3);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(rtl_ansi_string_test_init_sets_lengths),
    KTEST_CASE_ENTRY(rtl_ansi_string_test_init_null_is_empty),
    KTEST_CASE_ENTRY(rtl_ansi_string_test_init_clamps_overlong),
    KTEST_CASE_ENTRY(rtl_ansi_string_test_init_ex_limits),
    KTEST_CASE_ENTRY(rtl_ansi_string_test_copy_truncates_and_terminates_when_room),
    KTEST_CASE_ENTRY(rtl_ansi_string_test_append_no_terminator),
    KTEST_CASE_ENTRY(rtl_ansi_string_test_append_too_small_changes_nothing),
    KTEST_CASE_ENTRY(rtl_ansi_string_test_compare_bytes_unsigned),
    KTEST_CASE_ENTRY(rtl_ansi_string_test_compare_insensitive_via_upper_char),
    KTEST_CASE_ENTRY(rtl_ansi_string_test_equal_and_prefix),
    KTEST_CASE_ENTRY(rtl_ansi_string_test_upper_char_windows_1252),
    KTEST_CASE_ENTRY(rtl_ansi_string_test_upper_string_truncates),
    KTEST_CASE_ENTRY(rtl_ansi_string_test_to_unicode_allocates),
    KTEST_CASE_ENTRY(rtl_ansi_string_test_to_unicode_needs_room_for_terminator),
    KTEST_CASE_ENTRY(rtl_ansi_string_test_to_unicode_undefined_bytes_and_embedded_nul),
    KTEST_CASE_ENTRY(rtl_ansi_string_test_to_unicode_too_long_is_invalid_parameter_2),
    KTEST_CASE_ENTRY(rtl_ansi_string_test_from_unicode_allocates_and_substitutes),
    KTEST_CASE_ENTRY(rtl_ansi_string_test_from_unicode_c1_controls),
    KTEST_CASE_ENTRY(rtl_ansi_string_test_from_unicode_truncates_with_overflow),
    KTEST_CASE_ENTRY(rtl_ansi_string_test_from_unicode_zero_maximum_length),
    KTEST_CASE_ENTRY(rtl_ansi_string_test_from_unicode_odd_length),
    KTEST_CASE_ENTRY(rtl_ansi_string_test_sizes_include_terminator),
    KTEST_CASE_ENTRY(rtl_ansi_string_test_multibyte_to_unicode_n),
    KTEST_CASE_ENTRY(rtl_ansi_string_test_unicode_to_multibyte_n),
    { 0 }
};
KTEST_SUITE(rtl_ansi_string, cases);
