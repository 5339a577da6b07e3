/*
 * PURPOSE: Tests for the ntstrsafe.h Printf forms (src/rtl/strsafe_printf.c), written as WDK
 * driver code: Microsoft format semantics through the Rtl wrappers, truncation, exact fits,
 * the Ex flags, va_list forms and the UNICODE_STRING forms.
 */
#include <ntddk.h>
#include <ntstrsafe.h>
#include "ktest.h"

#define ST(t, expr, status) KT_EXPECT_EQ(t, (expr), (status))

static NTSTATUS CallVPrintfW(PWSTR Dest, size_t Cch, PCWSTR Format, ...)
{
    va_list args;
    NTSTATUS status;
    va_start(args, Format);
    status = RtlStringCchVPrintfW(Dest, Cch, Format, args);
    va_end(args);
    return status;
}

static NTSTATUS CallVPrintfA(PSTR Dest, size_t Cch, PCSTR Format, ...)
{
    va_list args;
    NTSTATUS status;
    va_start(args, Format);
    status = RtlStringCchVPrintfA(Dest, Cch, Format, args);
    va_end(args);
    return status;
}

static NTSTATUS CallCbVPrintfExW(PWSTR Dest, size_t Cb, PWSTR *End, size_t *Rem, DWORD Flags, PCWSTR Format, ...)
{
    va_list args;
    NTSTATUS status;
    va_start(args, Format);
    status = RtlStringCbVPrintfExW(Dest, Cb, End, Rem, Flags, Format, args);
    va_end(args);
    return status;
}

static NTSTATUS CallCbVPrintfA(PSTR Dest, size_t Cb, PCSTR Format, ...)
{
    va_list args;
    NTSTATUS status;
    va_start(args, Format);
    status = RtlStringCbVPrintfA(Dest, Cb, Format, args);
    va_end(args);
    return status;
}

static NTSTATUS CallCbVPrintfW(PWSTR Dest, size_t Cb, PCWSTR Format, ...)
{
    va_list args;
    NTSTATUS status;
    va_start(args, Format);
    status = RtlStringCbVPrintfW(Dest, Cb, Format, args);
    va_end(args);
    return status;
}

static NTSTATUS CallVPrintfExA(PSTR Dest, size_t Cch, PSTR *End, size_t *Rem, DWORD Flags, PCSTR Format, ...)
{
    va_list args;
    NTSTATUS status;
    va_start(args, Format);
    status = RtlStringCchVPrintfExA(Dest, Cch, End, Rem, Flags, Format, args);
    va_end(args);
    return status;
}

static NTSTATUS CallVPrintfExW(PWSTR Dest, size_t Cch, PWSTR *End, size_t *Rem, DWORD Flags, PCWSTR Format, ...)
{
    va_list args;
    NTSTATUS status;
    va_start(args, Format);
    status = RtlStringCchVPrintfExW(Dest, Cch, End, Rem, Flags, Format, args);
    va_end(args);
    return status;
}

static NTSTATUS CallCbVPrintfExA(PSTR Dest, size_t Cb, PSTR *End, size_t *Rem, DWORD Flags, PCSTR Format, ...)
{
    va_list args;
    NTSTATUS status;
    va_start(args, Format);
    status = RtlStringCbVPrintfExA(Dest, Cb, End, Rem, Flags, Format, args);
    va_end(args);
    return status;
}

static NTSTATUS CallUnicodeVPrintf(PUNICODE_STRING Dest, PCWSTR Format, ...)
{
    va_list args;
    NTSTATUS status;
    va_start(args, Format);
    status = RtlUnicodeStringVPrintf(Dest, Format, args);
    va_end(args);
    return status;
}

static NTSTATUS CallUnicodeVPrintfEx(PUNICODE_STRING Dest, PUNICODE_STRING Rem, DWORD Flags, PCWSTR Format, ...)
{
    va_list args;
    NTSTATUS status;
    va_start(args, Format);
    status = RtlUnicodeStringVPrintfEx(Dest, Rem, Flags, Format, args);
    va_end(args);
    return status;
}

/* ---- NUL-terminated ---------------------------------------------------------------------- */

static void rtl_strsafe_printf_test_formats_with_ms_semantics(KTEST *t)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"Dev");
    WCHAR w[64];
    CHAR a[64];
    ST(t, RtlStringCchPrintfW(w, 64, L"%s=%d %wZ 0x%08X %I64u", L"x", -5, &name, 0xBEEFu,
                              18446744073709551615ull), STATUS_SUCCESS);
    KT_EXPECT_WCSEQ(t, w, L"x=-5 Dev 0x0000BEEF 18446744073709551615");
    ST(t, RtlStringCchPrintfA(a, 64, "%s|%ws|%c|%wZ", "narrow", L"wide", 'c', &name), STATUS_SUCCESS);
    KT_EXPECT_STREQ(t, a, "narrow|wide|c|Dev");
}

static void rtl_strsafe_printf_test_truncation_is_overflow(KTEST *t)
{
    WCHAR w[6];
    CHAR a[6] = "#####";
    ST(t, RtlStringCchPrintfW(w, 6, L"%d", 1234567), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_WCSEQ(t, w, L"12345");
    ST(t, RtlStringCchPrintfA(a, 4, "%s", "abcdef"), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_STREQ(t, a, "abc");
    KT_EXPECT_EQ(t, a[4], '#');
}

static void rtl_strsafe_printf_test_exact_fit(KTEST *t)
{
    CHAR a[6];
    ST(t, RtlStringCchPrintfA(a, 6, "%05d", 42), STATUS_SUCCESS);
    KT_EXPECT_STREQ(t, a, "00042");
}

static void rtl_strsafe_printf_test_invalid_parameters(KTEST *t)
{
    CHAR a[8] = "keep";
    WCHAR w[8];
    ST(t, RtlStringCchPrintfA(a, 0, "x"), STATUS_INVALID_PARAMETER);
    ST(t, RtlStringCchPrintfA(a, (size_t)NTSTRSAFE_MAX_CCH + 1, "x"), STATUS_INVALID_PARAMETER);
    KT_EXPECT_STREQ(t, a, "keep");
    ST(t, RtlStringCchPrintfA(a, 8, NULL), STATUS_INVALID_PARAMETER);
    KT_EXPECT_STREQ(t, a, "");
    ST(t, RtlStringCchPrintfW(w, 8, L"a%nb", (int *)0), STATUS_INVALID_PARAMETER);   /* %n refused */
    KT_EXPECT_WCSEQ(t, w, L"");
}

static void rtl_strsafe_printf_test_cb_forms(KTEST *t)
{
    WCHAR w[4] = { L'#', L'#', L'#', L'#' };
    CHAR a[4];
    ST(t, RtlStringCbPrintfW(w, 7, L"%d", 12), STATUS_SUCCESS);        /* 3 characters */
    KT_EXPECT_WCSEQ(t, w, L"12");
    ST(t, RtlStringCbPrintfW(w, 7, L"%d", 123), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_WCSEQ(t, w, L"12");
    KT_EXPECT_EQ(t, w[3], L'#');
    ST(t, RtlStringCbPrintfA(a, sizeof(a), "%x", 0xabc), STATUS_SUCCESS);
    KT_EXPECT_STREQ(t, a, "abc");
    ST(t, CallCbVPrintfA(a, sizeof(a), "%s", "toolong"), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_STREQ(t, a, "too");
    ST(t, CallCbVPrintfW(w, sizeof(w), L"%hs", "ok"), STATUS_SUCCESS);
    KT_EXPECT_WCSEQ(t, w, L"ok");
}

static void rtl_strsafe_printf_test_va_list_forms(KTEST *t)
{
    WCHAR w[16];
    CHAR a[16];
    ST(t, CallVPrintfW(w, 16, L"%ls-%u", L"v", 7u), STATUS_SUCCESS);
    KT_EXPECT_WCSEQ(t, w, L"v-7");
    ST(t, CallVPrintfA(a, 3, "%d", 1000), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_STREQ(t, a, "10");
}

static void rtl_strsafe_printf_test_ex_end_remaining_and_flags(KTEST *t)
{
    CHAR a[8];
    WCHAR w[8];
    PSTR aend = NULL;
    PWSTR wend = NULL;
    size_t rem = 0;
    ST(t, RtlStringCchPrintfExA(a, 8, &aend, &rem, STRSAFE_FILL_BYTE('.'), "%d", 42), STATUS_SUCCESS);
    KT_EXPECT_STREQ(t, a, "42");
    KT_EXPECT_PTR_EQ(t, aend, a + 2);
    KT_EXPECT_EQ(t, rem, 6);
    KT_EXPECT_MEMEQ(t, a + 3, ".....", 5);
    ST(t, RtlStringCchPrintfExW(w, 4, &wend, &rem, STRSAFE_NULL_ON_FAILURE, L"%s", L"toolong"),
       STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_WCSEQ(t, w, L"");
    KT_EXPECT_PTR_EQ(t, wend, w);
    KT_EXPECT_EQ(t, rem, 4);
    ST(t, RtlStringCchPrintfExW(w, 4, &wend, &rem, 0, L"%s", L"toolong"), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_PTR_EQ(t, wend, w + 3);
    KT_EXPECT_EQ(t, rem, 1);
    ST(t, RtlStringCbPrintfExW(w, 9, &wend, &rem, 0, L"%c", L'z'), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, rem, 7);                 /* 3 characters + the odd byte */
    ST(t, RtlStringCbPrintfExA(a, 8, NULL, &rem, STRSAFE_IGNORE_NULLS, NULL), STATUS_SUCCESS);
    KT_EXPECT_STREQ(t, a, "");
    KT_EXPECT_EQ(t, rem, 8);
    ST(t, CallVPrintfExA(a, 8, &aend, &rem, STRSAFE_FAILURE_BYTE('!'), "%s", "far too long"),
       STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_STREQ(t, a, "!!!!!!!");
    ST(t, CallVPrintfExW(w, 8, &wend, &rem, 0, L"%d%d", 1, 2), STATUS_SUCCESS);
    KT_EXPECT_WCSEQ(t, w, L"12");
    ST(t, CallCbVPrintfExA(a, 8, &aend, &rem, 0, "%s", "cb"), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, rem, 6);
    ST(t, CallCbVPrintfExW(w, 16, &wend, &rem, 0, L"%s", L"cb"), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, rem, 12);
    ST(t, RtlStringCchPrintfExA(NULL, 0, NULL, NULL, STRSAFE_IGNORE_NULLS, "x"), STATUS_INVALID_PARAMETER);
    ST(t, RtlStringCchPrintfExA(NULL, 0, NULL, NULL, STRSAFE_IGNORE_NULLS, ""), STATUS_SUCCESS);
}

/* ---- UNICODE_STRING ---------------------------------------------------------------------- */

static void rtl_strsafe_printf_test_unicode_string_printf(KTEST *t)
{
    WCHAR buf[16];
    UNICODE_STRING s = { 0, 16, buf };
    ULONG i;
    for (i = 0; i < 16; i++)
        buf[i] = 0x2323;
    ST(t, RtlUnicodeStringPrintf(&s, L"%s-%02d", L"id", 7), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, s.Length, 10);
    KT_EXPECT_MEMEQ(t, buf, L"id-07", 10);
    KT_EXPECT_EQ(t, buf[5], 0x2323);         /* never terminated */
}

static void rtl_strsafe_printf_test_unicode_string_printf_truncates(KTEST *t)
{
    WCHAR buf[8];
    UNICODE_STRING s = { 0, 8, buf };
    ST(t, RtlUnicodeStringPrintf(&s, L"%d", 123456), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_EQ(t, s.Length, 8);
    KT_EXPECT_MEMEQ(t, buf, L"1234", 8);
    ST(t, RtlUnicodeStringPrintf(&s, L"%d", 1234), STATUS_SUCCESS);   /* exact fit */
    KT_EXPECT_EQ(t, s.Length, 8);
}

static void rtl_strsafe_printf_test_unicode_string_printf_invalid(KTEST *t)
{
    WCHAR buf[4];
    UNICODE_STRING bad = { 3, 8, buf }, s = { 2, 8, buf };
    ST(t, RtlUnicodeStringPrintf(&bad, L"x"), STATUS_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, bad.Length, 3);
    ST(t, RtlUnicodeStringPrintf(NULL, L"x"), STATUS_INVALID_PARAMETER);
    ST(t, RtlUnicodeStringPrintf(&s, L"%n", (int *)0), STATUS_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, s.Length, 0);
}

static void rtl_strsafe_printf_test_unicode_string_printf_ex(KTEST *t)
{
    WCHAR buf[8];
    UNICODE_STRING s = { 0, 16, buf }, r;
    ST(t, RtlUnicodeStringPrintfEx(&s, &r, STRSAFE_FILL_BEHIND, L"%u", 99u), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, s.Length, 4);
    KT_EXPECT_PTR_EQ(t, r.Buffer, buf + 2);
    KT_EXPECT_EQ(t, r.MaximumLength, 12);
    KT_EXPECT_EQ(t, buf[7], 0);
    ST(t, RtlUnicodeStringPrintfEx(&s, &r, STRSAFE_ZERO_LENGTH_ON_FAILURE, L"%s", L"123456789"),
       STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_EQ(t, s.Length, 0);
    KT_EXPECT_EQ(t, r.MaximumLength, 16);
    ST(t, CallUnicodeVPrintf(&s, L"%x", 0xfu), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, s.Length, 2);
    ST(t, CallUnicodeVPrintfEx(&s, &r, 0, L"%s", L"abcdefghi"), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_EQ(t, s.Length, 16);
    KT_EXPECT_EQ(t, r.MaximumLength, 0);
    ST(t, RtlUnicodeStringPrintfEx(NULL, &r, STRSAFE_IGNORE_NULLS, L""), STATUS_SUCCESS);
    ST(t, RtlUnicodeStringPrintfEx(NULL, NULL, STRSAFE_IGNORE_NULLS, L"x"), STATUS_INVALID_PARAMETER);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(rtl_strsafe_printf_test_formats_with_ms_semantics),
    KTEST_CASE_ENTRY(rtl_strsafe_printf_test_truncation_is_overflow),
    KTEST_CASE_ENTRY(rtl_strsafe_printf_test_exact_fit),
    KTEST_CASE_ENTRY(rtl_strsafe_printf_test_invalid_parameters),
    KTEST_CASE_ENTRY(rtl_strsafe_printf_test_cb_forms),
    KTEST_CASE_ENTRY(rtl_strsafe_printf_test_va_list_forms),
    KTEST_CASE_ENTRY(rtl_strsafe_printf_test_ex_end_remaining_and_flags),
    KTEST_CASE_ENTRY(rtl_strsafe_printf_test_unicode_string_printf),
    KTEST_CASE_ENTRY(rtl_strsafe_printf_test_unicode_string_printf_truncates),
    KTEST_CASE_ENTRY(rtl_strsafe_printf_test_unicode_string_printf_invalid),
    KTEST_CASE_ENTRY(rtl_strsafe_printf_test_unicode_string_printf_ex),
    { 0 }
};
KTEST_SUITE(rtl_strsafe_printf, cases);
