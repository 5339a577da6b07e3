/*
 * PURPOSE: Driver-mode tests for the kernel CRT's conversions (<stdlib.h>): strtol family
 * with Windows' 32-bit long range, atoi family clamping, _itoa family, mbstowcs/wcstombs
 * through Windows-1252, and the functions bound to the C library.
 */
#include <ntddk.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <limits.h>
#include <stdint.h>
#include "ktest.h"

static void crt_convert_test_strtol_range_is_32_bit(KTEST *t)
{
    char *end;
    const char *s = "  -123xyz";
    KT_EXPECT_EQ(t, strtol(s, &end, 10), -123);
    KT_EXPECT_PTR_EQ(t, end, s + 6);
    KT_EXPECT_EQ(t, strtol("2147483647", NULL, 10), 2147483647L);
    KT_EXPECT_EQ(t, strtol("2147483648", NULL, 10), LONG_MAX);      /* clamps at 2^31-1 */
    KT_EXPECT_EQ(t, strtol("-2147483649", NULL, 10), LONG_MIN);
    KT_EXPECT_EQ(t, LONG_MAX, 2147483647L);
    KT_EXPECT_EQ(t, strtol("99999999999999999999999", NULL, 10), LONG_MAX);
    KT_EXPECT_EQ(t, strtol("0x1F", NULL, 16), 31);
    KT_EXPECT_EQ(t, strtol("0x1F", NULL, 0), 31);
    KT_EXPECT_EQ(t, strtol("017", NULL, 0), 15);
    KT_EXPECT_EQ(t, strtol("z", NULL, 36), 35);
    KT_EXPECT_EQ(t, strtol("+7", NULL, 10), 7);
    s = "0xg";
    KT_EXPECT_EQ(t, strtol(s, &end, 16), 0);                          /* "0x" needs a digit */
    KT_EXPECT_PTR_EQ(t, end, s + 1);
    s = "  abc";
    KT_EXPECT_EQ(t, strtol(s, &end, 10), 0);
    KT_EXPECT_PTR_EQ(t, end, s);                                      /* no number: input */
    KT_EXPECT_EQ(t, strtol("12", &end, 1), 0);                        /* invalid radix */
    KT_EXPECT_EQ(t, strtol("12", &end, 37), 0);
}

static void crt_convert_test_strtoul_and_64_bit_forms(KTEST *t)
{
    KT_EXPECT_EQ(t, strtoul("4294967295", NULL, 10), 4294967295UL);
    KT_EXPECT_EQ(t, strtoul("4294967296", NULL, 10), ULONG_MAX);     /* clamps at 2^32-1 */
    KT_EXPECT_EQ(t, strtoul("-1", NULL, 10), 0xFFFFFFFFUL);           /* wraps in 32 bits */
    KT_EXPECT_EQ(t, strtoul("ff", NULL, 16), 255);
    KT_EXPECT_EQ(t, _strtoi64("-9223372036854775808", NULL, 10), INT64_MIN);
    KT_EXPECT_EQ(t, _strtoi64("9223372036854775808", NULL, 10), INT64_MAX);
    KT_EXPECT_EQ(t, strtoll("-42", NULL, 10), -42);
    KT_EXPECT_EQ(t, (long long)_strtoui64("18446744073709551615", NULL, 10), -1);
    KT_EXPECT_EQ(t, (long long)_strtoui64("18446744073709551616", NULL, 10), -1);
    KT_EXPECT_EQ(t, strtoull("0x10", NULL, 0), 16);
}

static void crt_convert_test_atoi_family_clamps(KTEST *t)
{
    KT_EXPECT_EQ(t, atoi(" 42abc"), 42);
    KT_EXPECT_EQ(t, atoi("-17"), -17);
    KT_EXPECT_EQ(t, atoi("3000000000"), INT_MAX);
    KT_EXPECT_EQ(t, atoi("-3000000000"), INT_MIN);
    KT_EXPECT_EQ(t, atoi("x"), 0);
    KT_EXPECT_EQ(t, atol("3000000000"), LONG_MAX);
    KT_EXPECT_EQ(t, _atoi64("3000000000"), 3000000000LL);
    KT_EXPECT_EQ(t, atoll("-5"), -5);
    KT_EXPECT_EQ(t, _wtoi(L" -12"), -12);
    KT_EXPECT_EQ(t, _wtoi(L"3000000000"), INT_MAX);
    KT_EXPECT_EQ(t, _wtol(L"77"), 77);
    KT_EXPECT_EQ(t, _wtoi64(L"-3000000000"), -3000000000LL);
}

static void crt_convert_test_wide_strtol_family(KTEST *t)
{
    wchar_t *end;
    const wchar_t *s = L"\t0x7fFFffFF!";
    KT_EXPECT_EQ(t, wcstol(s, &end, 0), 0x7FFFFFFF);
    KT_EXPECT_PTR_EQ(t, end, s + 11);
    KT_EXPECT_EQ(t, wcstol(L"-2147483649", NULL, 10), LONG_MIN);
    KT_EXPECT_EQ(t, wcstoul(L"4294967296", NULL, 10), ULONG_MAX);
    KT_EXPECT_EQ(t, _wcstoi64(L"-12", NULL, 10), -12);
    KT_EXPECT_EQ(t, wcstoll(L"12", NULL, 10), 12);
    KT_EXPECT_EQ(t, (long long)_wcstoui64(L"-1", NULL, 10), -1);
    KT_EXPECT_EQ(t, wcstoull(L"777", NULL, 8), 511);
    KT_EXPECT_EQ(t, wcstol(L"\x0661", NULL, 10), 0);   /* only ASCII digits count */
}

static void crt_convert_test_itoa_family(KTEST *t)
{
    char b[72];
    wchar_t w[72];
    KT_EXPECT_STREQ(t, _itoa(-42, b, 10), "-42");
    KT_EXPECT_STREQ(t, _itoa(-1, b, 16), "ffffffff");       /* no sign outside radix 10 */
    KT_EXPECT_STREQ(t, _itoa(5, b, 2), "101");
    KT_EXPECT_STREQ(t, _itoa(35, b, 36), "z");
    KT_EXPECT_STREQ(t, _itoa(INT_MIN, b, 10), "-2147483648");
    KT_EXPECT_STREQ(t, _itoa(1, b, 1), "");                 /* invalid radix */
    KT_EXPECT_STREQ(t, _ltoa(-7, b, 10), "-7");
    KT_EXPECT_STREQ(t, _ultoa(4294967295UL, b, 10), "4294967295");
    KT_EXPECT_STREQ(t, _i64toa(INT64_MIN, b, 10), "-9223372036854775808");
    KT_EXPECT_STREQ(t, _i64toa(-1, b, 16), "ffffffffffffffff");
    KT_EXPECT_STREQ(t, _ui64toa(UINT64_MAX, b, 2),
                    "1111111111111111111111111111111111111111111111111111111111111111");
    KT_EXPECT_WCSEQ(t, _itow(-42, w, 10), L"-42");
    KT_EXPECT_WCSEQ(t, _ltow(255, w, 16), L"ff");
    KT_EXPECT_WCSEQ(t, _ultow(8, w, 8), L"10");
    KT_EXPECT_WCSEQ(t, _i64tow(-9, w, 10), L"-9");
    KT_EXPECT_WCSEQ(t, _ui64tow(36, w, 36), L"10");
    KT_EXPECT_STREQ(t, itoa(3, b, 10), "3");
}

static void crt_convert_test_multibyte_conversions(KTEST *t)
{
    wchar_t w[8];
    char b[8];
    KT_EXPECT_EQ(t, mbstowcs(w, "a\x80\xE9", 8), 3);
    KT_EXPECT_WCSEQ(t, w, L"a\x20AC\x00E9");
    KT_EXPECT_EQ(t, mbstowcs(NULL, "abcd", 0), 4);
    w[2] = L'#';
    KT_EXPECT_EQ(t, mbstowcs(w, "xyz", 2), 2);          /* full: no terminator */
    KT_EXPECT_EQ(t, w[2], L'#');
    KT_EXPECT_EQ(t, wcstombs(b, L"a\x20AC\x4E2D", 8), 3);
    KT_EXPECT_STREQ(t, b, "a\x80?");                     /* '?' for what 1252 lacks */
    KT_EXPECT_EQ(t, wcstombs(NULL, L"abc", 0), 3);
    KT_EXPECT_EQ(t, wcstombs(b, NULL, 8), (size_t)-1);
}

static int compare_ints(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

static void crt_convert_test_library_bound_functions(KTEST *t)
{
    int v[5] = { 5, 1, 4, 2, 3 };
    int key = 4;
    qsort(v, 5, sizeof v[0], compare_ints);
    for (int i = 0; i < 5; i++)
        KT_EXPECT_EQ(t, v[i], i + 1);
    KT_EXPECT_PTR_EQ(t, bsearch(&key, v, 5, sizeof v[0], compare_ints), &v[3]);
    key = 9;
    KT_EXPECT_PTR_EQ(t, bsearch(&key, v, 5, sizeof v[0], compare_ints), NULL);
    KT_EXPECT_EQ(t, abs(-3), 3);
    KT_EXPECT_EQ(t, labs(-3L), 3);
    KT_EXPECT_EQ(t, llabs(-3LL), 3);
    KT_EXPECT_EQ(t, _abs64(-0x100000000LL), 0x100000000LL);
    KT_EXPECT_EQ(t, _countof(v), 5);
    KT_EXPECT_EQ(t, __min(2, 3), 2);
    KT_EXPECT_EQ(t, __max(2, 3), 3);
}

static void crt_convert_test_limits_and_stdint(KTEST *t)
{
    KT_EXPECT_EQ(t, sizeof(int64_t), 8);
    KT_EXPECT_EQ(t, sizeof(uintptr_t), sizeof(void *));
    KT_EXPECT_EQ(t, INT32_MIN, -2147483647 - 1);
    KT_EXPECT_EQ(t, UINT16_MAX, 65535);
    KT_EXPECT_EQ(t, WCHAR_MAX, 0xFFFF);
    KT_EXPECT_EQ(t, UINT64_C(1) << 63, 0x8000000000000000ULL);
    KT_EXPECT_EQ(t, ULONG_MAX, 0xFFFFFFFFUL);
    KT_EXPECT_EQ(t, _I64_MIN, INT64_MIN);
    KT_EXPECT_EQ(t, _UI32_MAX, 0xFFFFFFFFu);
    KT_EXPECT_EQ(t, CHAR_BIT, 8);
    KT_EXPECT_EQ(t, MB_LEN_MAX, 5);
    KT_EXPECT_EQ(t, _TRUNCATE, (size_t)-1);
    KT_EXPECT_EQ(t, STRUNCATE, 80);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(crt_convert_test_strtol_range_is_32_bit),
    KTEST_CASE_ENTRY(crt_convert_test_strtoul_and_64_bit_forms),
    KTEST_CASE_ENTRY(crt_convert_test_atoi_family_clamps),
    KTEST_CASE_ENTRY(crt_convert_test_wide_strtol_family),
    KTEST_CASE_ENTRY(crt_convert_test_itoa_family),
    KTEST_CASE_ENTRY(crt_convert_test_multibyte_conversions),
    KTEST_CASE_ENTRY(crt_convert_test_library_bound_functions),
    KTEST_CASE_ENTRY(crt_convert_test_limits_and_stdint),
    { 0 },
};
KTEST_SUITE(crt_convert, cases);
