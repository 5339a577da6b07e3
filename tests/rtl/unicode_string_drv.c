/*
 * PURPOSE: Tests for the UNICODE_STRING routines (src/rtl/unicode.c, src/rtl/nls.c), written
 * as WDK driver code: initialization, constant-string macros, copy/append truncation rules,
 * comparison, case mapping, duplication, freeing and hashing.
 */
#include <ntddk.h>
#include "ktest.h"

#define ST(t, expr, status) KT_EXPECT_EQ(t, (expr), (status))

/* A 40000-character string: longer than any UNICODE_STRING can describe. */
static WCHAR LongText[40001];

static PCWSTR MakeLong(ULONG Chars)
{
    ULONG i;
    for (i = 0; i < Chars; i++)
        LongText[i] = L'x';
    LongText[Chars] = 0;
    return LongText;
}

DECLARE_GLOBAL_CONST_UNICODE_STRING(GlobalName, L"\\Device\\Kmode");

/* ---- Initialization --------------------------------------------------------------------- */

static void rtl_unicode_string_test_init_sets_lengths_in_bytes(KTEST *t)
{
    UNICODE_STRING s;
    PCWSTR text = L"abc";
    RtlInitUnicodeString(&s, text);
    KT_EXPECT_EQ(t, s.Length, 6);
    KT_EXPECT_EQ(t, s.MaximumLength, 8);
    KT_EXPECT_PTR_EQ(t, s.Buffer, text);
}

static void rtl_unicode_string_test_init_null_source_is_empty(KTEST *t)
{
    UNICODE_STRING s = { 5, 5, (PWCH)L"zz" };
    RtlInitUnicodeString(&s, NULL);
    KT_EXPECT_EQ(t, s.Length, 0);
    KT_EXPECT_EQ(t, s.MaximumLength, 0);
    KT_EXPECT_PTR_EQ(t, s.Buffer, NULL);
}

static void rtl_unicode_string_test_init_empty_source_counts_terminator(KTEST *t)
{
    UNICODE_STRING s;
    RtlInitUnicodeString(&s, L"");
    KT_EXPECT_EQ(t, s.Length, 0);
    KT_EXPECT_EQ(t, s.MaximumLength, 2);
}

static void rtl_unicode_string_test_init_clamps_overlong_source(KTEST *t)
{
    UNICODE_STRING s;
    RtlInitUnicodeString(&s, MakeLong(40000));
    KT_EXPECT_EQ(t, s.Length, 0xFFFC);
    KT_EXPECT_EQ(t, s.MaximumLength, 0xFFFE);
}

static void rtl_unicode_string_test_init_ex_accepts_longest_string(KTEST *t)
{
    UNICODE_STRING s;
    ST(t, RtlInitUnicodeStringEx(&s, MakeLong(32766)), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, s.Length, 0xFFFC);
    KT_EXPECT_EQ(t, s.MaximumLength, 0xFFFE);
}

static void rtl_unicode_string_test_init_ex_name_too_long(KTEST *t)
{
    UNICODE_STRING s = { 2, 4, (PWCH)L"q" };
    ST(t, RtlInitUnicodeStringEx(&s, MakeLong(32767)), STATUS_NAME_TOO_LONG);
    KT_EXPECT_EQ(t, s.Length, 2);           /* untouched */
    ST(t, RtlInitUnicodeStringEx(&s, NULL), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, s.MaximumLength, 0);
}

static void rtl_unicode_string_test_constant_string_macros(KTEST *t)
{
    static UNICODE_STRING u = RTL_CONSTANT_STRING(L"hello");
    static ANSI_STRING a = RTL_CONSTANT_STRING("hi");
    DECLARE_CONST_UNICODE_STRING(c, L"const");
    KT_EXPECT_EQ(t, u.Length, 10);
    KT_EXPECT_EQ(t, u.MaximumLength, 12);
    KT_EXPECT_WCSEQ(t, u.Buffer, L"hello");
    KT_EXPECT_EQ(t, a.Length, 2);
    KT_EXPECT_EQ(t, a.MaximumLength, 3);
    KT_EXPECT_STREQ(t, a.Buffer, "hi");
    KT_EXPECT_EQ(t, c.Length, 10);
    KT_EXPECT_EQ(t, c.MaximumLength, 12);
    KT_EXPECT_WCSEQ(t, c.Buffer, L"const");
    KT_EXPECT_EQ(t, GlobalName.Length, 26);
    KT_EXPECT_EQ(t, GlobalName.MaximumLength, 28);
}

static void rtl_unicode_string_test_declare_size_gives_empty_buffer(KTEST *t)
{
    DECLARE_UNICODE_STRING_SIZE(s, 16);
    KT_EXPECT_EQ(t, s.Length, 0);
    KT_EXPECT_EQ(t, s.MaximumLength, 32);
    KT_EXPECT_PTR_EQ(t, s.Buffer, s_buffer);
    ST(t, RtlAppendUnicodeToString(&s, L"fits"), STATUS_SUCCESS);
    KT_EXPECT_WCSEQ(t, s.Buffer, L"fits");
}

static void rtl_unicode_string_test_init_empty_helpers(KTEST *t)
{
    WCHAR wbuf[4];
    CHAR abuf[3];
    UNICODE_STRING u;
    ANSI_STRING a;
    RtlInitEmptyUnicodeString(&u, wbuf, sizeof(wbuf));
    RtlInitEmptyAnsiString(&a, abuf, sizeof(abuf));
    KT_EXPECT_EQ(t, u.Length, 0);
    KT_EXPECT_EQ(t, u.MaximumLength, 8);
    KT_EXPECT_PTR_EQ(t, u.Buffer, wbuf);
    KT_EXPECT_EQ(t, a.Length, 0);
    KT_EXPECT_EQ(t, a.MaximumLength, 3);
    KT_EXPECT_PTR_EQ(t, a.Buffer, abuf);
}

/* ---- Copy ------------------------------------------------------------------------------- */

static void rtl_unicode_string_test_copy_fits_and_terminates(KTEST *t)
{
    WCHAR buf[8];
    UNICODE_STRING d = { 0, sizeof(buf), buf }, s;
    RtlInitUnicodeString(&s, L"abc");
    RtlCopyUnicodeString(&d, &s);
    KT_EXPECT_EQ(t, d.Length, 6);
    KT_EXPECT_EQ(t, d.MaximumLength, 16);
    KT_EXPECT_WCSEQ(t, buf, L"abc");
}

static void rtl_unicode_string_test_copy_truncates_to_maximum_length(KTEST *t)
{
    WCHAR buf[8] = { L'#', L'#', L'#', L'#', L'#', L'#', L'#', 0 };
    UNICODE_STRING d = { 0, 6, buf }, s;
    RtlInitUnicodeString(&s, L"abcdef");
    RtlCopyUnicodeString(&d, &s);
    KT_EXPECT_EQ(t, d.Length, 6);
    KT_EXPECT_MEMEQ(t, buf, L"abc", 6);
    KT_EXPECT_EQ(t, buf[3], L'#');           /* no room for a terminator: none written */
}

static void rtl_unicode_string_test_copy_exact_fit_writes_no_terminator(KTEST *t)
{
    WCHAR buf[4] = { L'#', L'#', L'#', L'#' };
    UNICODE_STRING d = { 0, 4, buf }, s;
    RtlInitUnicodeString(&s, L"ab");
    RtlCopyUnicodeString(&d, &s);
    KT_EXPECT_EQ(t, d.Length, 4);
    KT_EXPECT_EQ(t, buf[2], L'#');
}

static void rtl_unicode_string_test_copy_odd_maximum_length(KTEST *t)
{
    WCHAR buf[6] = { 0x2323, 0x2323, 0x2323, 0x2323, 0x2323, 0x2323 };
    UNICODE_STRING d = { 0, 7, buf }, s;
    RtlInitUnicodeString(&s, L"abcdef");
    RtlCopyUnicodeString(&d, &s);
    KT_EXPECT_EQ(t, d.Length, 7);            /* bytes, as documented */
    KT_EXPECT_MEMEQ(t, buf, L"abc", 6);
    KT_EXPECT_EQ(t, ((PUCHAR)buf)[6], 'd');
    KT_EXPECT_EQ(t, ((PUCHAR)buf)[7], 0x23);   /* no terminator squeezed in */
}

static void rtl_unicode_string_test_copy_null_source_clears_length(KTEST *t)
{
    WCHAR buf[4] = L"xyz";
    UNICODE_STRING d = { 6, 8, buf };
    RtlCopyUnicodeString(&d, NULL);
    KT_EXPECT_EQ(t, d.Length, 0);
    KT_EXPECT_EQ(t, d.MaximumLength, 8);
    KT_EXPECT_PTR_EQ(t, d.Buffer, buf);
}

static void rtl_unicode_string_test_copy_keeps_embedded_nul(KTEST *t)
{
    static const WCHAR src[] = { L'a', 0, L'b' };
    WCHAR buf[8];
    UNICODE_STRING d = { 0, sizeof(buf), buf }, s = { 6, 6, (PWCH)src };
    RtlCopyUnicodeString(&d, &s);
    KT_EXPECT_EQ(t, d.Length, 6);
    KT_EXPECT_MEMEQ(t, buf, src, 6);
}

/* ---- Append ----------------------------------------------------------------------------- */

static void rtl_unicode_string_test_append_string_success_terminates(KTEST *t)
{
    WCHAR buf[8] = L"ab";
    UNICODE_STRING d = { 4, sizeof(buf), buf }, s;
    RtlInitUnicodeString(&s, L"cd");
    ST(t, RtlAppendUnicodeStringToString(&d, &s), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, d.Length, 8);
    KT_EXPECT_WCSEQ(t, buf, L"abcd");
}

static void rtl_unicode_string_test_append_string_too_small_changes_nothing(KTEST *t)
{
    WCHAR buf[4] = { L'a', L'b', L'#', L'#' };
    UNICODE_STRING d = { 4, 6, buf }, s;
    RtlInitUnicodeString(&s, L"cd");
    ST(t, RtlAppendUnicodeStringToString(&d, &s), STATUS_BUFFER_TOO_SMALL);
    KT_EXPECT_EQ(t, d.Length, 4);
    KT_EXPECT_EQ(t, buf[2], L'#');
}

static void rtl_unicode_string_test_append_string_exact_fit_without_terminator(KTEST *t)
{
    WCHAR buf[5] = { L'a', L'b', L'#', L'#', L'#' };
    UNICODE_STRING d = { 4, 8, buf }, s;
    RtlInitUnicodeString(&s, L"cd");
    ST(t, RtlAppendUnicodeStringToString(&d, &s), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, d.Length, 8);
    KT_EXPECT_MEMEQ(t, buf, L"abcd", 8);
    KT_EXPECT_EQ(t, buf[4], L'#');
}

static void rtl_unicode_string_test_append_wide_string(KTEST *t)
{
    WCHAR buf[8] = L"x";
    UNICODE_STRING d = { 2, sizeof(buf), buf };
    ST(t, RtlAppendUnicodeToString(&d, L"yz"), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, d.Length, 6);
    KT_EXPECT_WCSEQ(t, buf, L"xyz");
    ST(t, RtlAppendUnicodeToString(&d, NULL), STATUS_SUCCESS);
    ST(t, RtlAppendUnicodeToString(&d, L""), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, d.Length, 6);
}

static void rtl_unicode_string_test_append_wide_string_too_small(KTEST *t)
{
    WCHAR buf[4] = L"x";
    UNICODE_STRING d = { 2, sizeof(buf), buf };
    ST(t, RtlAppendUnicodeToString(&d, L"1234"), STATUS_BUFFER_TOO_SMALL);
    KT_EXPECT_EQ(t, d.Length, 2);
    KT_EXPECT_WCSEQ(t, buf, L"x");
}

/* ---- Comparison ------------------------------------------------------------------------- */

static void rtl_unicode_string_test_compare_case_sensitive_order(KTEST *t)
{
    UNICODE_STRING a, b, c, ab;
    RtlInitUnicodeString(&a, L"abc");
    RtlInitUnicodeString(&b, L"abd");
    RtlInitUnicodeString(&c, L"ABC");
    RtlInitUnicodeString(&ab, L"ab");
    KT_EXPECT_TRUE(t, RtlCompareUnicodeString(&a, &b, FALSE) < 0);
    KT_EXPECT_TRUE(t, RtlCompareUnicodeString(&b, &a, FALSE) > 0);
    KT_EXPECT_TRUE(t, RtlCompareUnicodeString(&c, &a, FALSE) < 0);
    KT_EXPECT_TRUE(t, RtlCompareUnicodeString(&ab, &a, FALSE) < 0);
    KT_EXPECT_TRUE(t, RtlCompareUnicodeString(&a, &ab, FALSE) > 0);
    KT_EXPECT_EQ(t, RtlCompareUnicodeString(&a, &a, FALSE), 0);
}

static void rtl_unicode_string_test_compare_insensitive_uses_upcase(KTEST *t)
{
    UNICODE_STRING a, b, under, lowa;
    RtlInitUnicodeString(&a, L"MiXeD");
    RtlInitUnicodeString(&b, L"mixed");
    RtlInitUnicodeString(&under, L"_");
    RtlInitUnicodeString(&lowa, L"a");
    KT_EXPECT_EQ(t, RtlCompareUnicodeString(&a, &b, TRUE), 0);
    /* '_' (0x5F) sorts after 'A' (0x41) but before 'a' (0x61): upcasing decides. */
    KT_EXPECT_TRUE(t, RtlCompareUnicodeString(&under, &lowa, TRUE) > 0);
    KT_EXPECT_TRUE(t, RtlCompareUnicodeString(&under, &lowa, FALSE) < 0);
}

static void rtl_unicode_string_test_compare_insensitive_beyond_ascii(KTEST *t)
{
    UNICODE_STRING a, b;
    RtlInitUnicodeString(&a, L"\x00e9t\x00e9 \x03c3\x0434");    /* été σд */
    RtlInitUnicodeString(&b, L"\x00c9T\x00c9 \x03a3\x0414");    /* ÉTÉ ΣД */
    KT_EXPECT_EQ(t, RtlCompareUnicodeString(&a, &b, TRUE), 0);
    KT_EXPECT_TRUE(t, RtlCompareUnicodeString(&a, &b, FALSE) != 0);
    KT_EXPECT_TRUE(t, RtlEqualUnicodeString(&a, &b, TRUE));
}

static void rtl_unicode_string_test_compare_embedded_nul_is_a_character(KTEST *t)
{
    static const WCHAR x[] = { L'a', 0, L'b' }, y[] = { L'a', 0, L'c' };
    UNICODE_STRING a = { 6, 6, (PWCH)x }, b = { 6, 6, (PWCH)y }, shorter = { 2, 2, (PWCH)x };
    KT_EXPECT_TRUE(t, RtlCompareUnicodeString(&a, &b, FALSE) < 0);
    KT_EXPECT_FALSE(t, RtlEqualUnicodeString(&a, &b, FALSE));
    KT_EXPECT_TRUE(t, RtlCompareUnicodeString(&shorter, &a, FALSE) < 0);
}

/* The comparison skips equal runs four characters at a time: check every alignment. */
static LONG ReferenceCompare(PCWCH A, PCWCH B, ULONG Count, BOOLEAN CaseInSensitive)
{
    ULONG i;
    for (i = 0; i < Count; i++)
    {
        WCHAR a = CaseInSensitive ? RtlUpcaseUnicodeChar(A[i]) : A[i];
        WCHAR b = CaseInSensitive ? RtlUpcaseUnicodeChar(B[i]) : B[i];
        if (a != b)
            return a < b ? -1 : 1;
    }
    return 0;
}

static void rtl_unicode_string_test_compare_agrees_with_reference_everywhere(KTEST *t)
{
    static const WCHAR base[] = L"abcdefghijklmnopqrstu\x00e9z[_`{@";
    static const WCHAR other[] = { L'a', L'A', L'z', L'Z', L'[', L'_', L'`', L'{', L'@', 0x00E9, 0x00C9, 0x0100 };
    const ULONG n = RTL_NUMBER_OF(base) - 1;
    ULONG pos, k, ci;
    for (ci = 0; ci < 2; ci++)
    {
        for (pos = 0; pos < n; pos++)
        {
            for (k = 0; k < RTL_NUMBER_OF(other); k++)
            {
                WCHAR x[64], y[64];
                ULONG i;
                LONG got, want;
                UNICODE_STRING sx = { (USHORT)(n * 2), (USHORT)(n * 2), x }, sy = sx;
                sy.Buffer = y;
                for (i = 0; i < n; i++)
                {
                    x[i] = base[i];
                    /* y: the same text, case flipped for ASCII letters past pos */
                    y[i] = (i > pos && base[i] >= L'a' && base[i] <= L'z') ? (WCHAR)(base[i] - 32) : base[i];
                }
                y[pos] = other[k];
                got = RtlCompareUnicodeString(&sx, &sy, (BOOLEAN)ci);
                want = ReferenceCompare(x, y, n, (BOOLEAN)ci);
                if ((got < 0) != (want < 0) || (got > 0) != (want > 0))
                    KT_FAIL(t, "ci=%lu pos=%lu k=%lu: got %ld want %ld", (unsigned long)ci,
                            (unsigned long)pos, (unsigned long)k, (long)got, (long)want);
                if (RtlEqualUnicodeString(&sx, &sy, (BOOLEAN)ci) != (want == 0))
                    KT_FAIL(t, "equal disagrees at ci=%lu pos=%lu k=%lu", (unsigned long)ci,
                            (unsigned long)pos, (unsigned long)k);
            }
        }
    }
}

static void rtl_unicode_string_test_compare_strings_takes_char_counts(KTEST *t)
{
    KT_EXPECT_EQ(t, RtlCompareUnicodeStrings(L"abcX", 3, L"ABCY", 3, TRUE), 0);
    KT_EXPECT_TRUE(t, RtlCompareUnicodeStrings(L"abcX", 4, L"ABCY", 4, TRUE) < 0);
    KT_EXPECT_TRUE(t, RtlCompareUnicodeStrings(L"ab", 2, L"abc", 3, FALSE) < 0);
    KT_EXPECT_EQ(t, RtlCompareUnicodeStrings(NULL, 0, NULL, 0, FALSE), 0);
}

static void rtl_unicode_string_test_equal_requires_same_length(KTEST *t)
{
    UNICODE_STRING a, b, c;
    RtlInitUnicodeString(&a, L"Name");
    RtlInitUnicodeString(&b, L"NAME");
    RtlInitUnicodeString(&c, L"Names");
    KT_EXPECT_TRUE(t, RtlEqualUnicodeString(&a, &b, TRUE));
    KT_EXPECT_FALSE(t, RtlEqualUnicodeString(&a, &b, FALSE));
    KT_EXPECT_FALSE(t, RtlEqualUnicodeString(&a, &c, TRUE));
}

static void rtl_unicode_string_test_prefix(KTEST *t)
{
    UNICODE_STRING pre, full, empty, longer;
    RtlInitUnicodeString(&pre, L"\\DEVICE\\");
    RtlInitUnicodeString(&full, L"\\Device\\Foo");
    RtlInitUnicodeString(&empty, L"");
    RtlInitUnicodeString(&longer, L"\\Device\\Foo\\Bar");
    KT_EXPECT_TRUE(t, RtlPrefixUnicodeString(&pre, &full, TRUE));
    KT_EXPECT_FALSE(t, RtlPrefixUnicodeString(&pre, &full, FALSE));
    KT_EXPECT_TRUE(t, RtlPrefixUnicodeString(&empty, &full, FALSE));
    KT_EXPECT_FALSE(t, RtlPrefixUnicodeString(&longer, &full, TRUE));
    KT_EXPECT_TRUE(t, RtlPrefixUnicodeString(&full, &full, FALSE));
}

/* ---- Case mapping ----------------------------------------------------------------------- */

static void rtl_unicode_string_test_upcase_char(KTEST *t)
{
    KT_EXPECT_EQ(t, RtlUpcaseUnicodeChar(L'a'), L'A');
    KT_EXPECT_EQ(t, RtlUpcaseUnicodeChar(L'Z'), L'Z');
    KT_EXPECT_EQ(t, RtlUpcaseUnicodeChar(L'1'), L'1');
    KT_EXPECT_EQ(t, RtlUpcaseUnicodeChar(0x00E9), 0x00C9);   /* é */
    KT_EXPECT_EQ(t, RtlUpcaseUnicodeChar(0x00FF), 0x0178);   /* ÿ -> Ÿ */
    KT_EXPECT_EQ(t, RtlUpcaseUnicodeChar(0x00DF), 0x00DF);   /* ß has no one-character upper */
    KT_EXPECT_EQ(t, RtlUpcaseUnicodeChar(0x0131), L'I');     /* dotless i */
    KT_EXPECT_EQ(t, RtlUpcaseUnicodeChar(0x03C2), 0x03A3);   /* final sigma */
    KT_EXPECT_EQ(t, RtlUpcaseUnicodeChar(0x0451), 0x0401);   /* ё */
    KT_EXPECT_EQ(t, RtlUpcaseUnicodeChar(0xFF41), 0xFF21);   /* fullwidth a */
    KT_EXPECT_EQ(t, RtlUpcaseUnicodeChar(0xD801), 0xD801);   /* surrogate code unit */
    KT_EXPECT_EQ(t, RtlUpcaseUnicodeChar(0x4E2D), 0x4E2D);   /* no case */
}

static void rtl_unicode_string_test_downcase_char(KTEST *t)
{
    KT_EXPECT_EQ(t, RtlDowncaseUnicodeChar(L'A'), L'a');
    KT_EXPECT_EQ(t, RtlDowncaseUnicodeChar(L'a'), L'a');
    KT_EXPECT_EQ(t, RtlDowncaseUnicodeChar(0x00C9), 0x00E9);
    KT_EXPECT_EQ(t, RtlDowncaseUnicodeChar(0x03A3), 0x03C3);
    KT_EXPECT_EQ(t, RtlDowncaseUnicodeChar(0x212A), L'k');   /* Kelvin sign */
    KT_EXPECT_EQ(t, RtlDowncaseUnicodeChar(0x0130), 0x0130); /* İ lower-cases to two characters */
    KT_EXPECT_EQ(t, RtlDowncaseUnicodeChar(0x13A0), 0xAB70); /* Cherokee */
}

static void rtl_unicode_string_test_upcase_string_into_caller_buffer(KTEST *t)
{
    WCHAR buf[8] = { 0 };
    UNICODE_STRING d = { 0, sizeof(buf), buf }, s;
    RtlInitUnicodeString(&s, L"ab\x00e9z");
    ST(t, RtlUpcaseUnicodeString(&d, &s, FALSE), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, d.Length, 8);
    KT_EXPECT_MEMEQ(t, buf, L"AB\x00c9Z", 8);
}

static void rtl_unicode_string_test_upcase_string_in_place(KTEST *t)
{
    WCHAR buf[] = L"in place";
    UNICODE_STRING s = { 16, 18, buf };
    ST(t, RtlUpcaseUnicodeString(&s, &s, FALSE), STATUS_SUCCESS);
    KT_EXPECT_WCSEQ(t, buf, L"IN PLACE");
}

static void rtl_unicode_string_test_upcase_string_overflow_changes_nothing(KTEST *t)
{
    WCHAR buf[2] = { L'#', L'#' };
    UNICODE_STRING d = { 0, 4, buf }, s;
    RtlInitUnicodeString(&s, L"abc");
    ST(t, RtlUpcaseUnicodeString(&d, &s, FALSE), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_EQ(t, d.Length, 0);
    KT_EXPECT_EQ(t, buf[0], L'#');
}

static void rtl_unicode_string_test_upcase_string_allocates(KTEST *t)
{
    UNICODE_STRING d = { 0, 0, NULL }, s;
    RtlInitUnicodeString(&s, L"alloc");
    ST(t, RtlUpcaseUnicodeString(&d, &s, TRUE), STATUS_SUCCESS);
    KT_ASSERT_TRUE(t, d.Buffer != NULL);
    KT_EXPECT_EQ(t, d.Length, 10);
    KT_EXPECT_EQ(t, d.MaximumLength, 10);
    KT_EXPECT_MEMEQ(t, d.Buffer, L"ALLOC", 10);
    RtlFreeUnicodeString(&d);
    KT_EXPECT_PTR_EQ(t, d.Buffer, NULL);
    KT_EXPECT_EQ(t, d.Length, 0);
    KT_EXPECT_EQ(t, d.MaximumLength, 0);
}

static void rtl_unicode_string_test_downcase_string(KTEST *t)
{
    WCHAR buf[8];
    UNICODE_STRING d = { 0, sizeof(buf), buf }, s, a = { 0, 0, NULL };
    RtlInitUnicodeString(&s, L"\x0394\x0399\x039A");          /* ΔΙΚ */
    ST(t, RtlDowncaseUnicodeString(&d, &s, FALSE), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, d.Length, 6);
    KT_EXPECT_MEMEQ(t, buf, L"\x03b4\x03b9\x03ba", 6);
    d.MaximumLength = 4;
    ST(t, RtlDowncaseUnicodeString(&d, &s, FALSE), STATUS_BUFFER_OVERFLOW);
    ST(t, RtlDowncaseUnicodeString(&a, &s, TRUE), STATUS_SUCCESS);
    KT_EXPECT_MEMEQ(t, a.Buffer, L"\x03b4\x03b9\x03ba", 6);
    RtlFreeUnicodeString(&a);
}

/* ---- Duplication and freeing ------------------------------------------------------------ */

static void rtl_unicode_string_test_duplicate_plain_copy(KTEST *t)
{
    UNICODE_STRING s, d;
    RtlInitUnicodeString(&s, L"dup");
    ST(t, RtlDuplicateUnicodeString(0, &s, &d), STATUS_SUCCESS);
    KT_ASSERT_TRUE(t, d.Buffer != NULL);
    KT_EXPECT_TRUE(t, d.Buffer != s.Buffer);
    KT_EXPECT_EQ(t, d.Length, 6);
    KT_EXPECT_EQ(t, d.MaximumLength, 6);
    KT_EXPECT_MEMEQ(t, d.Buffer, L"dup", 6);
    RtlFreeUnicodeString(&d);
}

static void rtl_unicode_string_test_duplicate_null_terminate(KTEST *t)
{
    UNICODE_STRING s, d;
    RtlInitUnicodeString(&s, L"dup");
    ST(t, RtlDuplicateUnicodeString(RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE, &s, &d), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, d.Length, 6);
    KT_EXPECT_EQ(t, d.MaximumLength, 8);
    KT_EXPECT_WCSEQ(t, d.Buffer, L"dup");
    RtlFreeUnicodeString(&d);
}

static void rtl_unicode_string_test_duplicate_empty_string(KTEST *t)
{
    UNICODE_STRING s = { 0, 0, NULL }, d = { 1, 1, (PWCH)L"" };
    ST(t, RtlDuplicateUnicodeString(RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE, &s, &d), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, d.Length, 0);
    KT_EXPECT_EQ(t, d.MaximumLength, 0);
    KT_EXPECT_PTR_EQ(t, d.Buffer, NULL);

    ST(t, RtlDuplicateUnicodeString(RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE |
                                    RTL_DUPLICATE_UNICODE_STRING_ALLOCATE_NULL_STRING, &s, &d),
       STATUS_SUCCESS);
    KT_ASSERT_TRUE(t, d.Buffer != NULL);
    KT_EXPECT_EQ(t, d.Length, 0);
    KT_EXPECT_EQ(t, d.MaximumLength, 2);
    KT_EXPECT_EQ(t, d.Buffer[0], 0);
    RtlFreeUnicodeString(&d);
}

static void rtl_unicode_string_test_duplicate_invalid_parameters(KTEST *t)
{
    UNICODE_STRING s, d, odd = { 3, 4, (PWCH)L"ab" }, inverted = { 4, 2, (PWCH)L"ab" };
    RtlInitUnicodeString(&s, L"x");
    ST(t, RtlDuplicateUnicodeString(4, &s, &d), STATUS_INVALID_PARAMETER);
    ST(t, RtlDuplicateUnicodeString(RTL_DUPLICATE_UNICODE_STRING_ALLOCATE_NULL_STRING, &s, &d),
       STATUS_INVALID_PARAMETER);
    ST(t, RtlDuplicateUnicodeString(0, NULL, &d), STATUS_INVALID_PARAMETER);
    ST(t, RtlDuplicateUnicodeString(0, &s, NULL), STATUS_INVALID_PARAMETER);
    ST(t, RtlDuplicateUnicodeString(0, &odd, &d), STATUS_INVALID_PARAMETER);
    ST(t, RtlDuplicateUnicodeString(0, &inverted, &d), STATUS_INVALID_PARAMETER);
}

static void rtl_unicode_string_test_duplicate_max_length(KTEST *t)
{
    UNICODE_STRING s = { 0xFFFE, 0xFFFE, (PWCH)MakeLong(32767) }, d;
    ST(t, RtlDuplicateUnicodeString(0, &s, &d), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, d.Length, 0xFFFE);
    RtlFreeUnicodeString(&d);
    ST(t, RtlDuplicateUnicodeString(RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE, &s, &d),
       STATUS_NAME_TOO_LONG);
}

static void rtl_unicode_string_test_free_without_buffer(KTEST *t)
{
    UNICODE_STRING s = { 0, 0, NULL };
    RtlFreeUnicodeString(&s);
    KT_EXPECT_PTR_EQ(t, s.Buffer, NULL);
}

/* ---- Hashing ---------------------------------------------------------------------------- */

static void rtl_unicode_string_test_hash_x65599_values(KTEST *t)
{
    UNICODE_STRING a, b;
    ULONG h = 0;
    RtlInitUnicodeString(&a, L"abc");
    RtlInitUnicodeString(&b, L"ABC");
    ST(t, RtlHashUnicodeString(&a, FALSE, HASH_STRING_ALGORITHM_X65599, &h), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, h, 0x3025F862u);           /* ((97 * 65599) + 98) * 65599 + 99 mod 2^32 */
    ST(t, RtlHashUnicodeString(&a, TRUE, HASH_STRING_ALGORITHM_DEFAULT, &h), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, h, 0x20440042u);
    ST(t, RtlHashUnicodeString(&b, FALSE, HASH_STRING_ALGORITHM_X65599, &h), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, h, 0x20440042u);
}

static void rtl_unicode_string_test_hash_invalid_parameters(KTEST *t)
{
    UNICODE_STRING a;
    ULONG h = 7;
    RtlInitUnicodeString(&a, L"abc");
    ST(t, RtlHashUnicodeString(&a, FALSE, 2, &h), STATUS_INVALID_PARAMETER);
    ST(t, RtlHashUnicodeString(&a, FALSE, HASH_STRING_ALGORITHM_INVALID, &h), STATUS_INVALID_PARAMETER);
    ST(t, RtlHashUnicodeString(NULL, FALSE, 0, &h), STATUS_INVALID_PARAMETER);
    ST(t, RtlHashUnicodeString(&a, FALSE, 0, NULL), STATUS_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, h, 7);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(rtl_unicode_string_test_init_sets_lengths_in_bytes),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_init_null_source_is_empty),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_init_empty_source_counts_terminator),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_init_clamps_overlong_source),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_init_ex_accepts_longest_string),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_init_ex_name_too_long),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_constant_string_macros),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_declare_size_gives_empty_buffer),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_init_empty_helpers),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_copy_fits_and_terminates),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_copy_truncates_to_maximum_length),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_copy_exact_fit_writes_no_terminator),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_copy_odd_maximum_length),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_copy_null_source_clears_length),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_copy_keeps_embedded_nul),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_append_string_success_terminates),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_append_string_too_small_changes_nothing),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_append_string_exact_fit_without_terminator),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_append_wide_string),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_append_wide_string_too_small),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_compare_case_sensitive_order),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_compare_insensitive_uses_upcase),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_compare_insensitive_beyond_ascii),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_compare_embedded_nul_is_a_character),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_compare_agrees_with_reference_everywhere),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_compare_strings_takes_char_counts),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_equal_requires_same_length),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_prefix),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_upcase_char),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_downcase_char),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_upcase_string_into_caller_buffer),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_upcase_string_in_place),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_upcase_string_overflow_changes_nothing),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_upcase_string_allocates),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_downcase_string),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_duplicate_plain_copy),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_duplicate_null_terminate),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_duplicate_empty_string),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_duplicate_invalid_parameters),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_duplicate_max_length),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_free_without_buffer),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_hash_x65599_values),
    KTEST_CASE_ENTRY(rtl_unicode_string_test_hash_invalid_parameters),
    { 0 }
};
KTEST_SUITE(rtl_unicode_string, cases);
