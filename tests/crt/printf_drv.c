/*
 * PURPOSE: Driver-mode tests for the kernel CRT's formatting functions (<stdio.h>): each
 * variant's truncation, termination and return value as the MS CRT documents them, with
 * MS formats the compiler's built-in printf would reject.
 */
#include <ntddk.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include "ktest.h"

static void crt_printf_test_sprintf(KTEST *t)
{
    char b[64];
    WCHAR text[] = L"drv";
    UNICODE_STRING us = { 6, 8, text };
    KT_EXPECT_EQ(t, sprintf(b, "%d-%s", 42, "x"), 4);
    KT_EXPECT_STREQ(t, b, "42-x");
    KT_EXPECT_EQ(t, sprintf(b, "%wZ|%ws|%I64d|%p", &us, L"w", -5LL, (void *)0x10), 25);
    KT_EXPECT_STREQ(t, b, "drv|w|-5|0000000000000010");
    KT_EXPECT_EQ(t, sprintf(b, "%ld", 0x100000002LL), 1);    /* %ld is 32-bit */
    KT_EXPECT_STREQ(t, b, "2");
    KT_EXPECT_EQ(t, sprintf(b, "%n", (int *)b), -1);
    KT_EXPECT_EQ(t, b[0], 0);
}

static int call_vsprintf(char *b, const char *f, ...)
{
    va_list ap;
    int r;
    va_start(ap, f);
    r = vsprintf(b, f, ap);
    va_end(ap);
    return r;
}

static int call_vsnprintf(char *b, size_t n, const char *f, ...)
{
    va_list ap;
    int r;
    va_start(ap, f);
    r = vsnprintf(b, n, f, ap);
    va_end(ap);
    return r;
}

static int call__vsnprintf(char *b, size_t n, const char *f, ...)
{
    va_list ap;
    int r;
    va_start(ap, f);
    r = _vsnprintf(b, n, f, ap);
    va_end(ap);
    return r;
}

static void crt_printf_test_snprintf_is_c99(KTEST *t)
{
    char b[8];
    memset(b, '#', sizeof b);
    KT_EXPECT_EQ(t, snprintf(b, 4, "abcdef"), 6);     /* full length */
    KT_EXPECT_STREQ(t, b, "abc");                    /* truncated, terminated */
    KT_EXPECT_EQ(t, snprintf(b, 7, "abcdef"), 6);
    KT_EXPECT_STREQ(t, b, "abcdef");
    KT_EXPECT_EQ(t, snprintf(NULL, 0, "%d", 12345), 5);
    KT_EXPECT_EQ(t, snprintf(b, 8, "%y"), -1);
    KT_EXPECT_EQ(t, call_vsnprintf(b, 3, "%s", "xyz"), 3);
    KT_EXPECT_STREQ(t, b, "xy");
    KT_EXPECT_EQ(t, call_vsprintf(b, "%c%c", 'o', 'k'), 2);
    KT_EXPECT_STREQ(t, b, "ok");
}

static void crt_printf_test__snprintf_legacy_termination(KTEST *t)
{
    char b[8];
    memset(b, '#', sizeof b);
    KT_EXPECT_EQ(t, _snprintf(b, 8, "abc"), 3);
    KT_EXPECT_STREQ(t, b, "abc");
    memset(b, '#', sizeof b);
    KT_EXPECT_EQ(t, _snprintf(b, 3, "abc"), 3);      /* exactly full: no terminator */
    KT_EXPECT_MEMEQ(t, b, "abc#", 4);
    memset(b, '#', sizeof b);
    KT_EXPECT_EQ(t, _snprintf(b, 3, "abcd"), -1);    /* overflow: -1, no terminator */
    KT_EXPECT_MEMEQ(t, b, "abc#", 4);
    KT_EXPECT_EQ(t, _snprintf(NULL, 0, "abcd"), 4);  /* NULL buffer with 0: measures */
    KT_EXPECT_EQ(t, _snprintf(NULL, 4, "abcd"), -1);
    KT_EXPECT_EQ(t, call__vsnprintf(b, 8, "%S", L"wide"), 4);
    KT_EXPECT_STREQ(t, b, "wide");
}

static void crt_printf_test_wide_variants(KTEST *t)
{
    wchar_t b[8];
    for (int i = 0; i < 8; i++)
        b[i] = L'#';
    KT_EXPECT_EQ(t, _snwprintf(b, 3, L"%s", L"abc"), 3);
    KT_EXPECT_EQ(t, b[3], L'#');
    KT_EXPECT_EQ(t, _snwprintf(b, 3, L"%S", "abcd"), -1);
    KT_EXPECT_EQ(t, _snwprintf(b, 8, L"%d", -7), 2);
    KT_EXPECT_WCSEQ(t, b, L"-7");

    /* ISO swprintf: count includes the terminator; too long is -1 and truncated. */
    KT_EXPECT_EQ(t, swprintf(b, 8, L"%s=%d", L"n", 5), 3);
    KT_EXPECT_WCSEQ(t, b, L"n=5");
    KT_EXPECT_EQ(t, swprintf(b, 4, L"abcd"), -1);
    KT_EXPECT_WCSEQ(t, b, L"abc");
    KT_EXPECT_EQ(t, swprintf(b, 0, L"a"), -1);
    KT_EXPECT_EQ(t, _swprintf(b, L"%c%C", L'x', 'y'), 2);   /* legacy unbounded form */
    KT_EXPECT_WCSEQ(t, b, L"xy");
}

static void crt_printf_test_secure_variants(KTEST *t)
{
    char b[6];
    wchar_t w[6];
    KT_EXPECT_EQ(t, sprintf_s(b, sizeof b, "%d", 12345), 5);
    KT_EXPECT_STREQ(t, b, "12345");
    KT_EXPECT_EQ(t, sprintf_s(b, sizeof b, "%d", 123456), -1);   /* does not fit: "" */
    KT_EXPECT_EQ(t, b[0], 0);
    KT_EXPECT_EQ(t, sprintf_s(NULL, 6, "x"), -1);
    KT_EXPECT_EQ(t, sprintf_s(b, 0, "x"), -1);
    KT_EXPECT_EQ(t, sprintf_s(b, sizeof b, NULL), -1);

    KT_EXPECT_EQ(t, _snprintf_s(b, sizeof b, _TRUNCATE, "abcdefgh"), -1);
    KT_EXPECT_STREQ(t, b, "abcde");                    /* truncated to what fits */
    KT_EXPECT_EQ(t, _snprintf_s(b, sizeof b, _TRUNCATE, "abc"), 3);
    KT_EXPECT_EQ(t, _snprintf_s(b, sizeof b, 2, "abcdef"), -1);
    KT_EXPECT_STREQ(t, b, "ab");                       /* count < size: truncated to count */
    KT_EXPECT_EQ(t, _snprintf_s(b, sizeof b, 10, "abcdefgh"), -1);
    KT_EXPECT_EQ(t, b[0], 0);                          /* count >= size and no fit: "" */
    KT_EXPECT_EQ(t, _snprintf_s(b, sizeof b, 10, "abc"), 3);
    KT_EXPECT_EQ(t, _snprintf_s(NULL, 0, 0, "abc"), 0);

    KT_EXPECT_EQ(t, swprintf_s(w, 6, L"%S", "abc"), 3);
    KT_EXPECT_WCSEQ(t, w, L"abc");
    KT_EXPECT_EQ(t, swprintf_s(w, 6, L"%s", L"abcdef"), -1);
    KT_EXPECT_EQ(t, w[0], 0);
    KT_EXPECT_EQ(t, _snwprintf_s(w, 6, _TRUNCATE, L"%s", L"abcdefgh"), -1);
    KT_EXPECT_WCSEQ(t, w, L"abcde");
    KT_EXPECT_EQ(t, _snwprintf_s(w, 6, 1, L"xyz"), -1);
    KT_EXPECT_WCSEQ(t, w, L"x");
}

static int call_vsprintf_s(char *b, size_t n, const char *f, ...)
{
    va_list ap;
    int r;
    va_start(ap, f);
    r = vsprintf_s(b, n, f, ap) + 1000 * _vscprintf(f, ap);
    va_end(ap);
    return r;
}

static int call_wide_v(wchar_t *b, size_t n, const wchar_t *f, ...)
{
    va_list ap, ap2, ap3, ap4;
    int r;
    va_start(ap, f);
    va_copy(ap2, ap);
    va_copy(ap3, ap);
    va_copy(ap4, ap);
    r = vswprintf(b, n, f, ap);
    r += 10 * vswprintf_s(b, n, f, ap2);
    r += 100 * _vsnwprintf_s(b, n, _TRUNCATE, f, ap3);
    r += 1000 * _vscwprintf(f, ap4);
    va_end(ap4);
    va_end(ap3);
    va_end(ap2);
    va_end(ap);
    return r;
}

static int call__vsnprintf_s(char *b, size_t n, size_t c, const char *f, ...)
{
    va_list ap;
    int r;
    va_start(ap, f);
    r = _vsnprintf_s(b, n, c, f, ap);
    va_end(ap);
    return r;
}

static int call__vsnwprintf_and__vswprintf(wchar_t *b, size_t n, const wchar_t *f, ...)
{
    va_list ap, ap2;
    int r;
    va_start(ap, f);
    va_copy(ap2, ap);
    r = _vsnwprintf(b, n, f, ap);
    r += 10 * _vswprintf(b, f, ap2);
    va_end(ap2);
    va_end(ap);
    return r;
}

static void crt_printf_test_va_list_variants_and_measuring(KTEST *t)
{
    char b[8];
    wchar_t w[8];
    KT_EXPECT_EQ(t, call_vsprintf_s(b, sizeof b, "%d", 42), 2002);
    KT_EXPECT_STREQ(t, b, "42");
    KT_EXPECT_EQ(t, call_wide_v(w, 8, L"%d", 123), 3 + 30 + 300 + 3000);
    KT_EXPECT_WCSEQ(t, w, L"123");
    KT_EXPECT_EQ(t, call__vsnprintf_s(b, sizeof b, _TRUNCATE, "%s", "0123456789"), -1);
    KT_EXPECT_STREQ(t, b, "0123456");
    KT_EXPECT_EQ(t, call__vsnwprintf_and__vswprintf(w, 8, L"%u", 9u), 1 + 10);
    KT_EXPECT_WCSEQ(t, w, L"9");
    KT_EXPECT_EQ(t, _scprintf("%5d|%s", 1, "ab"), 8);
    KT_EXPECT_EQ(t, _scwprintf(L"%ws", L"abc"), 3);
    KT_EXPECT_EQ(t, _scprintf("%n", (int *)0), -1);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(crt_printf_test_sprintf),
    KTEST_CASE_ENTRY(crt_printf_test_snprintf_is_c99),
    KTEST_CASE_ENTRY(crt_printf_test__snprintf_legacy_termination),
    KTEST_CASE_ENTRY(crt_printf_test_wide_variants),
    KTEST_CASE_ENTRY(crt_printf_test_secure_variants),
    KTEST_CASE_ENTRY(crt_printf_test_va_list_variants_and_measuring),
    { 0 },
};
KTEST_SUITE(crt_printf, cases);
