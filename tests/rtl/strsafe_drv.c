/*
 * PURPOSE: Tests for the NUL-terminated ntstrsafe.h functions (src/rtl/strsafe.c), written as
 * WDK driver code: Copy/CopyN/Cat/CatN/Length in Cch and Cb forms, char and wchar_t, the Ex
 * flags, and the UNICODE_STRING-source forms.
 */
#include <ntddk.h>
#include <ntstrsafe.h>
#include "ktest.h"

#define ST(t, expr, status) KT_EXPECT_EQ(t, (expr), (status))

static BOOLEAN AllBytes(const void *p, int value, size_t n)
{
    const UCHAR *b = (const UCHAR *)p;
    size_t i;
    for (i = 0; i < n; i++)
        if (b[i] != (UCHAR)value)
            return FALSE;
    return TRUE;
}

/* ---- Copy ------------------------------------------------------------------------------- */

static void rtl_strsafe_test_cch_copy_fits(KTEST *t)
{
    WCHAR w[8];
    CHAR a[8];
    ST(t, RtlStringCchCopyW(w, RTL_NUMBER_OF(w), L"hello"), STATUS_SUCCESS);
    KT_EXPECT_WCSEQ(t, w, L"hello");
    ST(t, RtlStringCchCopyA(a, sizeof(a), "hello"), STATUS_SUCCESS);
    KT_EXPECT_STREQ(t, a, "hello");
    ST(t, RtlStringCchCopyA(a, 6, "hello"), STATUS_SUCCESS);   /* exactly enough */
    KT_EXPECT_STREQ(t, a, "hello");
}

static void rtl_strsafe_test_cch_copy_truncates_with_overflow(KTEST *t)
{
    WCHAR w[8];
    CHAR a[8] = "########";
    ST(t, RtlStringCchCopyW(w, 4, L"truncate"), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_WCSEQ(t, w, L"tru");
    ST(t, RtlStringCchCopyA(a, 4, "truncate"), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_STREQ(t, a, "tru");
    KT_EXPECT_EQ(t, a[4], '#');
    ST(t, RtlStringCchCopyA(a, 1, "x"), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_STREQ(t, a, "");
}

static void rtl_strsafe_test_cch_copy_invalid_sizes(KTEST *t)
{
    CHAR a[4] = "abc";
    WCHAR w[4] = L"abc";
    ST(t, RtlStringCchCopyA(a, 0, "x"), STATUS_INVALID_PARAMETER);
    ST(t, RtlStringCchCopyA(a, (size_t)NTSTRSAFE_MAX_CCH + 1, "x"), STATUS_INVALID_PARAMETER);
    ST(t, RtlStringCchCopyW(w, 0, L"x"), STATUS_INVALID_PARAMETER);
    ST(t, RtlStringCbCopyW(w, 1, L"x"), STATUS_INVALID_PARAMETER);       /* 0 characters */
    ST(t, RtlStringCbCopyW(w, ((size_t)NTSTRSAFE_MAX_CCH + 1) * sizeof(WCHAR), L"x"),
       STATUS_INVALID_PARAMETER);
    KT_EXPECT_STREQ(t, a, "abc");            /* nothing written for a bad size */
    KT_EXPECT_WCSEQ(t, w, L"abc");
}

static void rtl_strsafe_test_cb_copy_counts_bytes(KTEST *t)
{
    WCHAR w[4] = { L'#', L'#', L'#', L'#' };
    CHAR a[4];
    ST(t, RtlStringCbCopyW(w, 7, L"ab"), STATUS_SUCCESS);      /* 7 bytes: 3 characters */
    KT_EXPECT_WCSEQ(t, w, L"ab");
    ST(t, RtlStringCbCopyW(w, 7, L"abc"), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_WCSEQ(t, w, L"ab");
    KT_EXPECT_EQ(t, w[3], L'#');
    ST(t, RtlStringCbCopyA(a, sizeof(a), "abcd"), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_STREQ(t, a, "abc");
}

static void rtl_strsafe_test_copy_ex_end_and_remaining(KTEST *t)
{
    WCHAR w[10];
    PWSTR end = NULL;
    size_t rem = 0;
    ST(t, RtlStringCchCopyExW(w, 10, L"abc", &end, &rem, 0), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, end, w + 3);
    KT_EXPECT_EQ(t, rem, 7);
    ST(t, RtlStringCchCopyExW(w, 4, L"abcdef", &end, &rem, 0), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_PTR_EQ(t, end, w + 3);
    KT_EXPECT_EQ(t, rem, 1);
    KT_EXPECT_WCSEQ(t, w, L"abc");
}

static void rtl_strsafe_test_copy_ex_fill_behind_null(KTEST *t)
{
    WCHAR w[6];
    CHAR a[6];
    ST(t, RtlStringCchCopyExW(w, 6, L"ab", NULL, NULL, STRSAFE_FILL_BYTE(0x5A)), STATUS_SUCCESS);
    KT_EXPECT_WCSEQ(t, w, L"ab");
    KT_EXPECT_TRUE(t, AllBytes(w + 3, 0x5A, 3 * sizeof(WCHAR)));
    ST(t, RtlStringCchCopyExA(a, 6, "ab", NULL, NULL, STRSAFE_FILL_BEHIND_NULL), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, AllBytes(a + 2, 0, 4));
}

static void rtl_strsafe_test_copy_ex_ignore_nulls(KTEST *t)
{
    CHAR a[4] = "abc";
    PSTR end = NULL;
    size_t rem = 9;
    ST(t, RtlStringCchCopyExA(a, 4, NULL, &end, &rem, STRSAFE_IGNORE_NULLS), STATUS_SUCCESS);
    KT_EXPECT_STREQ(t, a, "");
    KT_EXPECT_EQ(t, rem, 4);
    ST(t, RtlStringCchCopyExA(NULL, 0, NULL, &end, &rem, STRSAFE_IGNORE_NULLS), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, end, NULL);
    KT_EXPECT_EQ(t, rem, 0);
    ST(t, RtlStringCchCopyExA(NULL, 0, "x", NULL, NULL, STRSAFE_IGNORE_NULLS), STATUS_INVALID_PARAMETER);
    ST(t, RtlStringCchCopyExA(NULL, 4, "", NULL, NULL, STRSAFE_IGNORE_NULLS), STATUS_INVALID_PARAMETER);
    ST(t, RtlStringCchCopyExA(a, 4, NULL, NULL, NULL, 0), STATUS_INVALID_PARAMETER);
    ST(t, RtlStringCchCopyExA(NULL, 4, "x", NULL, NULL, 0), STATUS_INVALID_PARAMETER);
}

static void rtl_strsafe_test_copy_ex_fill_on_failure(KTEST *t)
{
    CHAR a[6];
    PSTR end = NULL;
    size_t rem = 0;
    ST(t, RtlStringCchCopyExA(a, 6, "much too long", &end, &rem, STRSAFE_FAILURE_BYTE('*')),
       STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_STREQ(t, a, "*****");          /* the truncated text is overwritten */
    KT_EXPECT_PTR_EQ(t, end, a + 5);
    KT_EXPECT_EQ(t, rem, 1);
    ST(t, RtlStringCchCopyExA(a, 6, "much too long", &end, &rem, STRSAFE_FAILURE_BYTE(0)),
       STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_TRUE(t, AllBytes(a, 0, 6));
    KT_EXPECT_PTR_EQ(t, end, a);
    KT_EXPECT_EQ(t, rem, 6);
}

static void rtl_strsafe_test_copy_ex_null_on_failure_and_no_truncation(KTEST *t)
{
    WCHAR w[4];
    PWSTR end = NULL;
    size_t rem = 0;
    ST(t, RtlStringCchCopyExW(w, 4, L"toolong", &end, &rem, STRSAFE_NULL_ON_FAILURE),
       STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_WCSEQ(t, w, L"");
    KT_EXPECT_PTR_EQ(t, end, w);
    KT_EXPECT_EQ(t, rem, 4);
    ST(t, RtlStringCchCopyExW(w, 4, L"toolong", &end, &rem, STRSAFE_NO_TRUNCATION),
       STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_WCSEQ(t, w, L"");              /* a copy keeps no partial result */
    KT_EXPECT_EQ(t, rem, 4);
    ST(t, RtlStringCchCopyExW(w, 4, L"ok", &end, &rem, STRSAFE_NO_TRUNCATION), STATUS_SUCCESS);
    KT_EXPECT_WCSEQ(t, w, L"ok");
}

static void rtl_strsafe_test_copy_ex_invalid_flags(KTEST *t)
{
    CHAR a[4] = "abc";
    PSTR end = (PSTR)1;
    ST(t, RtlStringCchCopyExA(a, 4, "x", &end, NULL, 0x00010000), STATUS_INVALID_PARAMETER);
    KT_EXPECT_STREQ(t, a, "abc");
    KT_EXPECT_PTR_EQ(t, end, (PSTR)1);       /* outputs untouched on a parameter error */
}

static void rtl_strsafe_test_cb_copy_ex_remaining_bytes(KTEST *t)
{
    WCHAR w[5];
    CHAR a[5];
    PWSTR wend = NULL;
    PSTR aend = NULL;
    size_t rem = 0;
    ST(t, RtlStringCbCopyExW(w, 9, L"ab", &wend, &rem, 0), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, wend, w + 2);
    KT_EXPECT_EQ(t, rem, 5);                 /* 2 characters + the odd byte */
    ST(t, RtlStringCbCopyExA(a, 5, "abcdef", &aend, &rem, 0), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_STREQ(t, a, "abcd");
    KT_EXPECT_EQ(t, rem, 1);
}

/* ---- CopyN ------------------------------------------------------------------------------ */

static void rtl_strsafe_test_copy_n_limits_source(KTEST *t)
{
    static const CHAR unterminated[3] = { 'x', 'y', 'z' };
    CHAR a[8];
    WCHAR w[8];
    ST(t, RtlStringCchCopyNA(a, sizeof(a), unterminated, 3), STATUS_SUCCESS);
    KT_EXPECT_STREQ(t, a, "xyz");
    ST(t, RtlStringCchCopyNA(a, sizeof(a), "abcdef", 2), STATUS_SUCCESS);
    KT_EXPECT_STREQ(t, a, "ab");
    ST(t, RtlStringCchCopyNA(a, sizeof(a), "ab", 20), STATUS_SUCCESS);   /* stops at the NUL */
    KT_EXPECT_STREQ(t, a, "ab");
    ST(t, RtlStringCchCopyNA(a, 3, "abcdef", 5), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_STREQ(t, a, "ab");
    ST(t, RtlStringCchCopyNW(w, 8, L"wide", 3), STATUS_SUCCESS);
    KT_EXPECT_WCSEQ(t, w, L"wid");
    ST(t, RtlStringCchCopyNW(w, 8, L"wide", (size_t)NTSTRSAFE_MAX_CCH), STATUS_INVALID_PARAMETER);
    KT_EXPECT_WCSEQ(t, w, L"");
}

static void rtl_strsafe_test_cb_copy_n_and_ex(KTEST *t)
{
    WCHAR w[8];
    CHAR a[8];
    PWSTR end = NULL;
    size_t rem = 0;
    ST(t, RtlStringCbCopyNW(w, sizeof(w), L"abcdef", 5), STATUS_SUCCESS);   /* 5 bytes: 2 chars */
    KT_EXPECT_WCSEQ(t, w, L"ab");
    ST(t, RtlStringCbCopyNA(a, sizeof(a), "abcdef", 3), STATUS_SUCCESS);
    KT_EXPECT_STREQ(t, a, "abc");
    ST(t, RtlStringCchCopyNExW(w, 8, L"abcdef", 4, &end, &rem, 0), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, end, w + 4);
    KT_EXPECT_EQ(t, rem, 4);
    ST(t, RtlStringCbCopyNExW(w, sizeof(w), L"abcdef", 6, &end, &rem, 0), STATUS_SUCCESS);
    KT_EXPECT_WCSEQ(t, w, L"abc");
    KT_EXPECT_EQ(t, rem, 10);
    ST(t, RtlStringCchCopyNExA(a, 3, "abcdef", 6, NULL, NULL, STRSAFE_NULL_ON_FAILURE),
       STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_STREQ(t, a, "");
    ST(t, RtlStringCbCopyNExA(a, 8, NULL, 6, NULL, &rem, STRSAFE_IGNORE_NULLS), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, rem, 8);
}

/* ---- Cat -------------------------------------------------------------------------------- */

static void rtl_strsafe_test_cat_appends(KTEST *t)
{
    WCHAR w[8] = L"ab";
    CHAR a[8] = "ab";
    ST(t, RtlStringCchCatW(w, 8, L"cd"), STATUS_SUCCESS);
    KT_EXPECT_WCSEQ(t, w, L"abcd");
    ST(t, RtlStringCchCatA(a, 8, "cd"), STATUS_SUCCESS);
    KT_EXPECT_STREQ(t, a, "abcd");
    ST(t, RtlStringCbCatW(w, sizeof(w), L"e"), STATUS_SUCCESS);
    KT_EXPECT_WCSEQ(t, w, L"abcde");
    ST(t, RtlStringCbCatA(a, sizeof(a), "efg"), STATUS_SUCCESS);
    KT_EXPECT_STREQ(t, a, "abcdefg");
}

static void rtl_strsafe_test_cat_truncates_with_overflow(KTEST *t)
{
    CHAR a[6] = "abc";
    ST(t, RtlStringCchCatA(a, 6, "defgh"), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_STREQ(t, a, "abcde");
    ST(t, RtlStringCchCatA(a, 6, "x"), STATUS_BUFFER_OVERFLOW);   /* already full */
    KT_EXPECT_STREQ(t, a, "abcde");
}

static void rtl_strsafe_test_cat_unterminated_destination_invalid(KTEST *t)
{
    CHAR a[4] = { 'a', 'b', 'c', 'd' };
    ST(t, RtlStringCchCatA(a, 4, "x"), STATUS_INVALID_PARAMETER);
    KT_EXPECT_MEMEQ(t, a, "abcd", 4);
    ST(t, RtlStringCchCatExA(a, 4, "x", NULL, NULL, STRSAFE_IGNORE_NULLS), STATUS_INVALID_PARAMETER);
    KT_EXPECT_MEMEQ(t, a, "abcd", 4);
}

static void rtl_strsafe_test_cat_ex_flags(KTEST *t)
{
    WCHAR w[6] = L"ab";
    PWSTR end = NULL;
    size_t rem = 0;
    ST(t, RtlStringCchCatExW(w, 6, L"cdefg", &end, &rem, STRSAFE_NO_TRUNCATION), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_WCSEQ(t, w, L"ab");            /* the original string survives */
    KT_EXPECT_PTR_EQ(t, end, w + 2);
    KT_EXPECT_EQ(t, rem, 4);
    ST(t, RtlStringCchCatExW(w, 6, L"cd", &end, &rem, STRSAFE_FILL_BYTE(0x11)), STATUS_SUCCESS);
    KT_EXPECT_WCSEQ(t, w, L"abcd");
    KT_EXPECT_EQ(t, rem, 2);
    KT_EXPECT_TRUE(t, AllBytes(w + 5, 0x11, sizeof(WCHAR)));
    ST(t, RtlStringCchCatExW(w, 6, L"xyz", &end, &rem, STRSAFE_NULL_ON_FAILURE), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_WCSEQ(t, w, L"");
    KT_EXPECT_EQ(t, rem, 6);
}

static void rtl_strsafe_test_cb_cat_ex_and_cat_n(KTEST *t)
{
    CHAR a[8] = "ab";
    WCHAR w[8] = L"ab";
    PSTR aend = NULL;
    PWSTR wend = NULL;
    size_t rem = 0;
    ST(t, RtlStringCbCatExA(a, sizeof(a), "cd", &aend, &rem, 0), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, aend, a + 4);
    KT_EXPECT_EQ(t, rem, 4);
    ST(t, RtlStringCbCatExW(w, sizeof(w), L"cd", &wend, &rem, 0), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, rem, 8);
    ST(t, RtlStringCchCatNA(a, sizeof(a), "efgh", 2), STATUS_SUCCESS);
    KT_EXPECT_STREQ(t, a, "abcdef");
    ST(t, RtlStringCchCatNW(w, 8, L"efgh", 10), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_WCSEQ(t, w, L"abcdefg");
    ST(t, RtlStringCbCatNA(a, sizeof(a), "zz", 1), STATUS_SUCCESS);
    KT_EXPECT_STREQ(t, a, "abcdefz");
    ST(t, RtlStringCbCatNW(w, sizeof(w), L"!", 2), STATUS_BUFFER_OVERFLOW);
    ST(t, RtlStringCchCatNExA(a, sizeof(a), "q", 1, &aend, &rem, 0), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_EQ(t, rem, 1);
    ST(t, RtlStringCbCatNExW(w, sizeof(w), NULL, 4, &wend, &rem, STRSAFE_IGNORE_NULLS), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, rem, 2);
    ST(t, RtlStringCchCatNW(w, 8, L"x", (size_t)NTSTRSAFE_MAX_CCH), STATUS_INVALID_PARAMETER);
}

/* ---- Length ----------------------------------------------------------------------------- */

static void rtl_strsafe_test_length(KTEST *t)
{
    static const CHAR unterminated[4] = { 'a', 'b', 'c', 'd' };
    size_t n = 99;
    ST(t, RtlStringCchLengthA("abc", 10, &n), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, n, 3);
    ST(t, RtlStringCchLengthA("abc", 4, &n), STATUS_SUCCESS);      /* NUL is the 4th */
    KT_EXPECT_EQ(t, n, 3);
    ST(t, RtlStringCchLengthA(unterminated, 4, &n), STATUS_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, n, 0);
    ST(t, RtlStringCchLengthW(L"abc", 10, NULL), STATUS_SUCCESS);
    ST(t, RtlStringCchLengthW(NULL, 10, &n), STATUS_INVALID_PARAMETER);
    ST(t, RtlStringCchLengthW(L"abc", 0, &n), STATUS_INVALID_PARAMETER);
    ST(t, RtlStringCchLengthW(L"abc", (size_t)NTSTRSAFE_MAX_CCH + 1, &n), STATUS_INVALID_PARAMETER);
    ST(t, RtlStringCbLengthW(L"abc", 20, &n), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, n, 6);
    ST(t, RtlStringCbLengthW(L"abc", 7, &n), STATUS_INVALID_PARAMETER);   /* 3 characters */
    KT_EXPECT_EQ(t, n, 0);
    ST(t, RtlStringCbLengthA("ab", 3, &n), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, n, 2);
}

/* ---- UNICODE_STRING sources --------------------------------------------------------------- */

static void rtl_strsafe_test_copy_unicode_string(KTEST *t)
{
    static const WCHAR text[] = { L'a', 0, L'b' };
    UNICODE_STRING s = { 6, 6, (PWCH)text }, bad = { 3, 6, (PWCH)text };
    WCHAR w[8];
    PWSTR end = NULL;
    size_t rem = 0;
    ST(t, RtlStringCchCopyUnicodeString(w, 8, &s), STATUS_SUCCESS);
    KT_EXPECT_MEMEQ(t, w, text, 6);          /* embedded NUL copied */
    KT_EXPECT_EQ(t, w[3], 0);
    ST(t, RtlStringCchCopyUnicodeString(w, 3, &s), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_EQ(t, w[2], 0);
    ST(t, RtlStringCchCopyUnicodeString(w, 8, &bad), STATUS_INVALID_PARAMETER);
    ST(t, RtlStringCbCopyUnicodeString(w, 6, &s), STATUS_BUFFER_OVERFLOW);
    ST(t, RtlStringCchCopyUnicodeStringEx(w, 8, NULL, &end, &rem, STRSAFE_IGNORE_NULLS), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, end, w);
    KT_EXPECT_EQ(t, rem, 8);
    ST(t, RtlStringCbCopyUnicodeStringEx(w, 16, &s, &end, &rem, 0), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, rem, 10);
    ST(t, RtlStringCchCopyUnicodeStringEx(w, 8, NULL, NULL, NULL, 0), STATUS_INVALID_PARAMETER);
}

static void rtl_strsafe_test_cat_unicode_string(KTEST *t)
{
    UNICODE_STRING s;
    WCHAR w[6] = L"ab";
    PWSTR end = NULL;
    size_t rem = 0;
    RtlInitUnicodeString(&s, L"cd");
    ST(t, RtlStringCchCatUnicodeString(w, 6, &s), STATUS_SUCCESS);
    KT_EXPECT_WCSEQ(t, w, L"abcd");
    ST(t, RtlStringCbCatUnicodeString(w, sizeof(w), &s), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_WCSEQ(t, w, L"abcdc");
    w[2] = 0;
    ST(t, RtlStringCchCatUnicodeStringEx(w, 6, &s, &end, &rem, 0), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, end, w + 4);
    KT_EXPECT_EQ(t, rem, 2);
    ST(t, RtlStringCbCatUnicodeStringEx(w, sizeof(w), &s, &end, &rem, STRSAFE_NO_TRUNCATION),
       STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_WCSEQ(t, w, L"abcd");
    KT_EXPECT_EQ(t, rem, 4);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(rtl_strsafe_test_cch_copy_fits),
    KTEST_CASE_ENTRY(rtl_strsafe_test_cch_copy_truncates_with_overflow),
    KTEST_CASE_ENTRY(rtl_strsafe_test_cch_copy_invalid_sizes),
    KTEST_CASE_ENTRY(rtl_strsafe_test_cb_copy_counts_bytes),
    KTEST_CASE_ENTRY(rtl_strsafe_test_copy_ex_end_and_remaining),
    KTEST_CASE_ENTRY(rtl_strsafe_test_copy_ex_fill_behind_null),
    KTEST_CASE_ENTRY(rtl_strsafe_test_copy_ex_ignore_nulls),
    KTEST_CASE_ENTRY(rtl_strsafe_test_copy_ex_fill_on_failure),
    KTEST_CASE_ENTRY(rtl_strsafe_test_copy_ex_null_on_failure_and_no_truncation),
    KTEST_CASE_ENTRY(rtl_strsafe_test_copy_ex_invalid_flags),
    KTEST_CASE_ENTRY(rtl_strsafe_test_cb_copy_ex_remaining_bytes),
    KTEST_CASE_ENTRY(rtl_strsafe_test_copy_n_limits_source),
    KTEST_CASE_ENTRY(rtl_strsafe_test_cb_copy_n_and_ex),
    KTEST_CASE_ENTRY(rtl_strsafe_test_cat_appends),
    KTEST_CASE_ENTRY(rtl_strsafe_test_cat_truncates_with_overflow),
    KTEST_CASE_ENTRY(rtl_strsafe_test_cat_unterminated_destination_invalid),
    KTEST_CASE_ENTRY(rtl_strsafe_test_cat_ex_flags),
    KTEST_CASE_ENTRY(rtl_strsafe_test_cb_cat_ex_and_cat_n),
    KTEST_CASE_ENTRY(rtl_strsafe_test_length),
    KTEST_CASE_ENTRY(rtl_strsafe_test_copy_unicode_string),
    KTEST_CASE_ENTRY(rtl_strsafe_test_cat_unicode_string),
    { 0 }
};
KTEST_SUITE(rtl_strsafe, cases);
