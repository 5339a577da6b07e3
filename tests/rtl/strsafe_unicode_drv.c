/*
 * PURPOSE: Tests for the UNICODE_STRING functions of ntstrsafe.h (src/rtl/strsafe.c), written
 * as WDK driver code: Init/Validate, Copy/Cat in all their forms, structure validation, the
 * absence of terminators, truncation and the Ex flags.
 */
#include <ntddk.h>
#include <ntstrsafe.h>
#include "ktest.h"

#define ST(t, expr, status) KT_EXPECT_EQ(t, (expr), (status))
#define SENTINEL 0x2323

static WCHAR LongText[32768];

static PCWSTR MakeLong(ULONG Chars)
{
    ULONG i;
    for (i = 0; i < Chars; i++)
        LongText[i] = L'z';
    LongText[Chars] = 0;
    return LongText;
}

/* A destination over buf[0..cch) with a sentinel-filled backing store. */
static void Setup(PUNICODE_STRING s, PWCHAR buf, size_t total, USHORT maxChars)
{
    size_t i;
    for (i = 0; i < total; i++)
        buf[i] = SENTINEL;
    s->Length = 0;
    s->MaximumLength = (USHORT)(maxChars * sizeof(WCHAR));
    s->Buffer = buf;
}

/* ---- Init / Validate -------------------------------------------------------------------- */

static void rtl_strsafe_ustr_test_init(KTEST *t)
{
    UNICODE_STRING s;
    PCWSTR text = L"init";
    ST(t, RtlUnicodeStringInit(&s, text), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, s.Length, 8);
    KT_EXPECT_EQ(t, s.MaximumLength, 10);
    KT_EXPECT_PTR_EQ(t, s.Buffer, text);
    ST(t, RtlUnicodeStringInit(&s, NULL), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, s.Length, 0);
    KT_EXPECT_EQ(t, s.MaximumLength, 0);
    KT_EXPECT_PTR_EQ(t, s.Buffer, NULL);
}

static void rtl_strsafe_ustr_test_init_length_limit(KTEST *t)
{
    UNICODE_STRING s;
    ST(t, RtlUnicodeStringInit(&s, MakeLong(32766)), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, s.Length, 0xFFFC);
    KT_EXPECT_EQ(t, s.MaximumLength, 0xFFFE);
    ST(t, RtlUnicodeStringInit(&s, MakeLong(32767)), STATUS_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, s.Length, 0);
    KT_EXPECT_PTR_EQ(t, s.Buffer, NULL);
}

static void rtl_strsafe_ustr_test_init_ex(KTEST *t)
{
    UNICODE_STRING s;
    ST(t, RtlUnicodeStringInitEx(NULL, NULL, STRSAFE_IGNORE_NULLS), STATUS_SUCCESS);
    ST(t, RtlUnicodeStringInitEx(NULL, L"x", 0), STATUS_INVALID_PARAMETER);
    ST(t, RtlUnicodeStringInitEx(&s, L"x", 0x00100000), STATUS_INVALID_PARAMETER);
    ST(t, RtlUnicodeStringInitEx(&s, L"xy", STRSAFE_IGNORE_NULLS), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, s.Length, 4);
}

static void rtl_strsafe_ustr_test_validate(KTEST *t)
{
    WCHAR buf[4];
    UNICODE_STRING good = { 4, 8, buf }, empty = { 0, 0, NULL }, oddLen = { 3, 8, buf },
                   oddMax = { 2, 7, buf }, inverted = { 8, 4, buf }, noBuffer = { 0, 8, NULL },
                   full = { 0xFFFE, 0xFFFE, (PWCH)LongText };
    ST(t, RtlUnicodeStringValidate(&good), STATUS_SUCCESS);
    ST(t, RtlUnicodeStringValidate(&empty), STATUS_SUCCESS);
    ST(t, RtlUnicodeStringValidate(&full), STATUS_SUCCESS);
    ST(t, RtlUnicodeStringValidate(&oddLen), STATUS_INVALID_PARAMETER);
    ST(t, RtlUnicodeStringValidate(&oddMax), STATUS_INVALID_PARAMETER);
    ST(t, RtlUnicodeStringValidate(&inverted), STATUS_INVALID_PARAMETER);
    ST(t, RtlUnicodeStringValidate(&noBuffer), STATUS_INVALID_PARAMETER);
    ST(t, RtlUnicodeStringValidate(NULL), STATUS_INVALID_PARAMETER);
    ST(t, RtlUnicodeStringValidateEx(NULL, STRSAFE_IGNORE_NULLS), STATUS_SUCCESS);
    ST(t, RtlUnicodeStringValidateEx(&good, 0x00100000), STATUS_INVALID_PARAMETER);
}

/* ---- Copy ------------------------------------------------------------------------------- */

static void rtl_strsafe_ustr_test_copy_writes_no_terminator(KTEST *t)
{
    WCHAR buf[8];
    UNICODE_STRING d, s;
    Setup(&d, buf, 8, 6);
    RtlInitUnicodeString(&s, L"abc");
    ST(t, RtlUnicodeStringCopy(&d, &s), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, d.Length, 6);
    KT_EXPECT_MEMEQ(t, buf, L"abc", 6);
    KT_EXPECT_EQ(t, buf[3], SENTINEL);
}

static void rtl_strsafe_ustr_test_copy_truncates(KTEST *t)
{
    WCHAR buf[8];
    UNICODE_STRING d, s;
    Setup(&d, buf, 8, 4);
    RtlInitUnicodeString(&s, L"abcdef");
    ST(t, RtlUnicodeStringCopy(&d, &s), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_EQ(t, d.Length, 8);            /* filled to MaximumLength, no terminator */
    KT_EXPECT_MEMEQ(t, buf, L"abcd", 8);
    KT_EXPECT_EQ(t, buf[4], SENTINEL);
}

static void rtl_strsafe_ustr_test_copy_invalid_structures(KTEST *t)
{
    WCHAR buf[8];
    UNICODE_STRING d, s, bad = { 3, 8, buf };
    Setup(&d, buf, 8, 8);
    RtlInitUnicodeString(&s, L"abc");
    ST(t, RtlUnicodeStringCopy(&bad, &s), STATUS_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, bad.Length, 3);
    ST(t, RtlUnicodeStringCopy(&d, &bad), STATUS_INVALID_PARAMETER);
    ST(t, RtlUnicodeStringCopy(NULL, &s), STATUS_INVALID_PARAMETER);
    d.MaximumLength = 0;                     /* no room at all for a nonempty source */
    ST(t, RtlUnicodeStringCopy(&d, &s), STATUS_INVALID_PARAMETER);
    RtlInitUnicodeString(&s, L"");
    ST(t, RtlUnicodeStringCopy(&d, &s), STATUS_SUCCESS);
}

static void rtl_strsafe_ustr_test_copy_ex_remaining_and_fill(KTEST *t)
{
    WCHAR buf[8];
    UNICODE_STRING d, s, r;
    Setup(&d, buf, 8, 6);
    RtlInitUnicodeString(&s, L"ab");
    ST(t, RtlUnicodeStringCopyEx(&d, &s, &r, STRSAFE_FILL_BEHIND | 0x00), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, d.Length, 4);
    KT_EXPECT_PTR_EQ(t, r.Buffer, buf + 2);
    KT_EXPECT_EQ(t, r.Length, 0);
    KT_EXPECT_EQ(t, r.MaximumLength, 8);
    KT_EXPECT_EQ(t, buf[2], 0);              /* fill byte 0 behind the text... */
    KT_EXPECT_EQ(t, buf[5], 0);
    KT_EXPECT_EQ(t, buf[6], SENTINEL);       /* ...up to MaximumLength only */
}

static void rtl_strsafe_ustr_test_copy_ex_failure_flags(KTEST *t)
{
    WCHAR buf[4];
    UNICODE_STRING d, s, r;
    RtlInitUnicodeString(&s, L"toolong");
    Setup(&d, buf, 4, 3);
    ST(t, RtlUnicodeStringCopyEx(&d, &s, &r, STRSAFE_NO_TRUNCATION), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_EQ(t, d.Length, 0);
    KT_EXPECT_EQ(t, r.MaximumLength, 6);
    Setup(&d, buf, 4, 3);
    ST(t, RtlUnicodeStringCopyEx(&d, &s, NULL, STRSAFE_ZERO_LENGTH_ON_FAILURE), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_EQ(t, d.Length, 0);
    Setup(&d, buf, 4, 3);
    ST(t, RtlUnicodeStringCopyEx(&d, &s, &r, STRSAFE_FAILURE_BYTE(0x41)), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_EQ(t, d.Length, 6);
    KT_EXPECT_EQ(t, buf[0], 0x4141);
    KT_EXPECT_EQ(t, buf[2], 0x4141);
    KT_EXPECT_EQ(t, buf[3], SENTINEL);
    KT_EXPECT_EQ(t, r.MaximumLength, 0);
    ST(t, RtlUnicodeStringCopyEx(&d, &s, NULL, 0x00100000), STATUS_INVALID_PARAMETER);
}

static void rtl_strsafe_ustr_test_copy_ex_ignore_nulls(KTEST *t)
{
    WCHAR buf[4];
    UNICODE_STRING d, r, s;
    Setup(&d, buf, 4, 4);
    d.Length = 4;
    ST(t, RtlUnicodeStringCopyEx(&d, NULL, &r, STRSAFE_IGNORE_NULLS), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, d.Length, 0);
    KT_EXPECT_EQ(t, r.MaximumLength, 8);
    ST(t, RtlUnicodeStringCopyEx(NULL, NULL, &r, STRSAFE_IGNORE_NULLS), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, r.MaximumLength, 0);
    KT_EXPECT_PTR_EQ(t, r.Buffer, NULL);
    RtlInitUnicodeString(&s, L"x");
    ST(t, RtlUnicodeStringCopyEx(NULL, &s, NULL, STRSAFE_IGNORE_NULLS), STATUS_INVALID_PARAMETER);
    ST(t, RtlUnicodeStringCopyEx(&d, NULL, NULL, 0), STATUS_INVALID_PARAMETER);
}

static void rtl_strsafe_ustr_test_copy_string_forms(KTEST *t)
{
    WCHAR buf[8];
    UNICODE_STRING d, r;
    Setup(&d, buf, 8, 4);
    ST(t, RtlUnicodeStringCopyString(&d, L"abc"), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, d.Length, 6);
    KT_EXPECT_EQ(t, buf[3], SENTINEL);
    ST(t, RtlUnicodeStringCopyString(&d, L"abcdefgh"), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_EQ(t, d.Length, 8);
    KT_EXPECT_MEMEQ(t, buf, L"abcd", 8);
    ST(t, RtlUnicodeStringCopyStringEx(&d, L"xy", &r, 0), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, d.Length, 4);
    KT_EXPECT_EQ(t, r.MaximumLength, 4);
    ST(t, RtlUnicodeStringCopyString(&d, NULL), STATUS_INVALID_PARAMETER);
    ST(t, RtlUnicodeStringCopyStringEx(&d, NULL, NULL, STRSAFE_IGNORE_NULLS), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, d.Length, 0);
}

static void rtl_strsafe_ustr_test_copy_n_forms(KTEST *t)
{
    WCHAR buf[8];
    UNICODE_STRING d, s, r;
    Setup(&d, buf, 8, 8);
    RtlInitUnicodeString(&s, L"abcdef");
    ST(t, RtlUnicodeStringCchCopyN(&d, &s, 3), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, d.Length, 6);
    ST(t, RtlUnicodeStringCbCopyN(&d, &s, 4), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, d.Length, 4);
    ST(t, RtlUnicodeStringCchCopyNEx(&d, &s, 100, &r, 0), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, d.Length, 12);
    KT_EXPECT_EQ(t, r.MaximumLength, 4);
    ST(t, RtlUnicodeStringCbCopyNEx(&d, &s, 2, &r, 0), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, d.Length, 2);
    ST(t, RtlUnicodeStringCchCopyStringN(&d, L"wxyz", 2), STATUS_SUCCESS);
    KT_EXPECT_MEMEQ(t, buf, L"wx", 4);
    KT_EXPECT_EQ(t, d.Length, 4);
    ST(t, RtlUnicodeStringCbCopyStringN(&d, L"wxyz", 6), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, d.Length, 6);
    ST(t, RtlUnicodeStringCchCopyStringNEx(&d, L"0123456789", 9, &r, 0), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_EQ(t, d.Length, 16);
    ST(t, RtlUnicodeStringCbCopyStringNEx(&d, L"q", 100, &r, STRSAFE_FILL_BEHIND), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, d.Length, 2);
    KT_EXPECT_EQ(t, buf[7], 0);
    ST(t, RtlUnicodeStringCchCopyN(&d, &s, NTSTRSAFE_UNICODE_STRING_MAX_CCH + 1), STATUS_INVALID_PARAMETER);
    ST(t, RtlUnicodeStringCchCopyStringN(&d, L"a", NTSTRSAFE_UNICODE_STRING_MAX_CCH + 1),
       STATUS_INVALID_PARAMETER);
}

/* ---- Cat -------------------------------------------------------------------------------- */

static void rtl_strsafe_ustr_test_cat(KTEST *t)
{
    WCHAR buf[8];
    UNICODE_STRING d, s;
    Setup(&d, buf, 8, 5);
    RtlInitUnicodeString(&s, L"ab");
    ST(t, RtlUnicodeStringCat(&d, &s), STATUS_SUCCESS);
    ST(t, RtlUnicodeStringCat(&d, &s), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, d.Length, 8);
    KT_EXPECT_MEMEQ(t, buf, L"abab", 8);
    KT_EXPECT_EQ(t, buf[4], SENTINEL);
    ST(t, RtlUnicodeStringCat(&d, &s), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_EQ(t, d.Length, 10);
    KT_EXPECT_MEMEQ(t, buf, L"ababa", 10);
    ST(t, RtlUnicodeStringCat(&d, &s), STATUS_BUFFER_OVERFLOW);   /* already full */
    KT_EXPECT_EQ(t, d.Length, 10);
}

static void rtl_strsafe_ustr_test_cat_ex_flags(KTEST *t)
{
    WCHAR buf[8];
    UNICODE_STRING d, s, r;
    Setup(&d, buf, 8, 4);
    RtlInitUnicodeString(&s, L"ab");
    ST(t, RtlUnicodeStringCatEx(&d, &s, &r, 0), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, r.Buffer, buf + 2);
    KT_EXPECT_EQ(t, r.MaximumLength, 4);
    RtlInitUnicodeString(&s, L"cde");
    ST(t, RtlUnicodeStringCatEx(&d, &s, &r, STRSAFE_NO_TRUNCATION), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_EQ(t, d.Length, 4);            /* original length restored */
    KT_EXPECT_PTR_EQ(t, r.Buffer, buf + 2);
    ST(t, RtlUnicodeStringCatEx(&d, &s, &r, STRSAFE_ZERO_LENGTH_ON_FAILURE), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_EQ(t, d.Length, 0);
    KT_EXPECT_EQ(t, r.MaximumLength, 8);
}

static void rtl_strsafe_ustr_test_cat_string_and_n_forms(KTEST *t)
{
    WCHAR buf[8];
    UNICODE_STRING d, s, r;
    Setup(&d, buf, 8, 8);
    RtlInitUnicodeString(&s, L"12345");
    ST(t, RtlUnicodeStringCatString(&d, L"a"), STATUS_SUCCESS);
    ST(t, RtlUnicodeStringCatStringEx(&d, L"b", &r, 0), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, r.MaximumLength, 12);
    ST(t, RtlUnicodeStringCchCatN(&d, &s, 1), STATUS_SUCCESS);
    ST(t, RtlUnicodeStringCbCatN(&d, &s, 3), STATUS_SUCCESS);          /* 1 character */
    ST(t, RtlUnicodeStringCchCatNEx(&d, &s, 2, &r, 0), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, d.Length, 12);
    KT_EXPECT_MEMEQ(t, buf, L"ab1112", 12);
    ST(t, RtlUnicodeStringCbCatNEx(&d, &s, 2, &r, 0), STATUS_SUCCESS);
    ST(t, RtlUnicodeStringCchCatStringN(&d, L"xyz", 1), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, d.Length, 16);
    ST(t, RtlUnicodeStringCbCatStringN(&d, L"xyz", 2), STATUS_BUFFER_OVERFLOW);
    d.Length = 0;
    ST(t, RtlUnicodeStringCchCatStringNEx(&d, L"xyz", 2, &r, 0), STATUS_SUCCESS);
    ST(t, RtlUnicodeStringCbCatStringNEx(&d, NULL, 2, &r, STRSAFE_IGNORE_NULLS), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, d.Length, 4);
    KT_EXPECT_MEMEQ(t, buf, L"xy", 4);
    ST(t, RtlUnicodeStringCchCatN(&d, &s, NTSTRSAFE_UNICODE_STRING_MAX_CCH + 1), STATUS_INVALID_PARAMETER);
}

static void rtl_strsafe_ustr_test_max_length_strings(KTEST *t)
{
    static WCHAR big[32767];
    UNICODE_STRING d = { 0, 0xFFFE, big }, s = { 0xFFFE, 0xFFFE, (PWCH)MakeLong(32767) };
    ST(t, RtlUnicodeStringCopy(&d, &s), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, d.Length, 0xFFFE);
    KT_EXPECT_EQ(t, big[32766], L'z');
    ST(t, RtlUnicodeStringCatString(&d, L"!"), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_EQ(t, d.Length, 0xFFFE);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(rtl_strsafe_ustr_test_init),
    KTEST_CASE_ENTRY(rtl_strsafe_ustr_test_init_length_limit),
    KTEST_CASE_ENTRY(rtl_strsafe_ustr_test_init_ex),
    KTEST_CASE_ENTRY(rtl_strsafe_ustr_test_validate),
    KTEST_CASE_ENTRY(rtl_strsafe_ustr_test_copy_writes_no_terminator),
    KTEST_CASE_ENTRY(rtl_strsafe_ustr_test_copy_truncates),
    KTEST_CASE_ENTRY(rtl_strsafe_ustr_test_copy_invalid_structures),
    KTEST_CASE_ENTRY(rtl_strsafe_ustr_test_copy_ex_remaining_and_fill),
    KTEST_CASE_ENTRY(rtl_strsafe_ustr_test_copy_ex_failure_flags),
    KTEST_CASE_ENTRY(rtl_strsafe_ustr_test_copy_ex_ignore_nulls),
    KTEST_CASE_ENTRY(rtl_strsafe_ustr_test_copy_string_forms),
    KTEST_CASE_ENTRY(rtl_strsafe_ustr_test_copy_n_forms),
    KTEST_CASE_ENTRY(rtl_strsafe_ustr_test_cat),
    KTEST_CASE_ENTRY(rtl_strsafe_ustr_test_cat_ex_flags),
    KTEST_CASE_ENTRY(rtl_strsafe_ustr_test_cat_string_and_n_forms),
    KTEST_CASE_ENTRY(rtl_strsafe_ustr_test_max_length_strings),
    { 0 }
};
KTEST_SUITE(rtl_strsafe_ustr, cases);
