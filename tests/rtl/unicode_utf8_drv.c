/*
 * PURPOSE: Tests for the UTF-8 conversions (src/rtl/utf8.c), written as WDK driver code:
 * encoding, size queries, U+FFFD replacement with STATUS_SOME_NOT_MAPPED, whole-character
 * truncation and parameter checks.
 */
#include <ntddk.h>
#include "ktest.h"

#define ST(t, expr, status) KT_EXPECT_EQ(t, (expr), (status))

/* a, e-acute, euro sign, U+1F600 (a surrogate pair) */
static const WCHAR Mixed[] = { L'a', 0x00E9, 0x20AC, 0xD83D, 0xDE00 };
static const CHAR MixedUtf8[] = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";

/* ---- UTF-16 -> UTF-8 --------------------------------------------------------------------- */

static void rtl_utf8_test_unicode_to_utf8_encodes_all_lengths(KTEST *t)
{
    CHAR buf[16];
    ULONG n = 0;
    ST(t, RtlUnicodeToUTF8N(buf, sizeof(buf), &n, Mixed, sizeof(Mixed)), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, n, 10);
    KT_EXPECT_MEMEQ(t, buf, MixedUtf8, 10);
}

static void rtl_utf8_test_unicode_to_utf8_size_query(KTEST *t)
{
    ULONG n = 0;
    ST(t, RtlUnicodeToUTF8N(NULL, 0, &n, Mixed, sizeof(Mixed)), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, n, 10);
}

static void rtl_utf8_test_unicode_to_utf8_lone_surrogates_replaced(KTEST *t)
{
    static const WCHAR bad[] = { 0xDC00, L'x', 0xD800 };
    CHAR buf[16];
    ULONG n = 0;
    ST(t, RtlUnicodeToUTF8N(buf, sizeof(buf), &n, bad, sizeof(bad)), STATUS_SOME_NOT_MAPPED);
    KT_EXPECT_EQ(t, n, 7);
    KT_EXPECT_MEMEQ(t, buf, "\xef\xbf\xbdx\xef\xbf\xbd", 7);
    ST(t, RtlUnicodeToUTF8N(NULL, 0, &n, bad, sizeof(bad)), STATUS_SOME_NOT_MAPPED);
    KT_EXPECT_EQ(t, n, 7);
}

static void rtl_utf8_test_unicode_to_utf8_truncates_whole_characters(KTEST *t)
{
    CHAR buf[16];
    ULONG n = 0;
    memset(buf, '#', sizeof(buf));
    /* 8 bytes hold a, e-acute, euro (6) but not the 4-byte emoji. */
    ST(t, RtlUnicodeToUTF8N(buf, 8, &n, Mixed, sizeof(Mixed)), STATUS_BUFFER_TOO_SMALL);
    KT_EXPECT_EQ(t, n, 6);
    KT_EXPECT_MEMEQ(t, buf, MixedUtf8, 6);
    KT_EXPECT_EQ(t, buf[6], '#');
    ST(t, RtlUnicodeToUTF8N(buf, 2, NULL, Mixed, sizeof(Mixed)), STATUS_BUFFER_TOO_SMALL);
}

static void rtl_utf8_test_unicode_to_utf8_parameters(KTEST *t)
{
    CHAR buf[4];
    ULONG n;
    ST(t, RtlUnicodeToUTF8N(buf, 4, &n, NULL, 2), STATUS_INVALID_PARAMETER_4);
    ST(t, RtlUnicodeToUTF8N(NULL, 0, NULL, L"a", 2), STATUS_INVALID_PARAMETER);
    ST(t, RtlUnicodeToUTF8N(buf, 4, &n, L"ab", 3), STATUS_INVALID_PARAMETER_5);
    ST(t, RtlUnicodeToUTF8N(buf, 4, &n, L"", 0), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, n, 0);
}

/* ---- UTF-8 -> UTF-16 --------------------------------------------------------------------- */

static void rtl_utf8_test_utf8_to_unicode_decodes_all_lengths(KTEST *t)
{
    WCHAR buf[8];
    ULONG n = 0;
    ST(t, RtlUTF8ToUnicodeN(buf, sizeof(buf), &n, MixedUtf8, 10), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, n, sizeof(Mixed));
    KT_EXPECT_MEMEQ(t, buf, Mixed, sizeof(Mixed));
    ST(t, RtlUTF8ToUnicodeN(NULL, 0, &n, MixedUtf8, 10), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, n, 10);
}

static void rtl_utf8_test_utf8_to_unicode_ill_formed_sequences(KTEST *t)
{
    static const struct { const char *in; ULONG len; WCHAR out[6]; ULONG outChars; } v[] = {
        { "\xc0\x80", 2, { 0xFFFD, 0xFFFD }, 2 },                   /* overlong NUL */
        { "\xe2\x82", 2, { 0xFFFD }, 1 },                           /* truncated at the end */
        { "\xe2\x28\xa1", 3, { 0xFFFD, L'(', 0xFFFD }, 3 },         /* bad continuation */
        { "\xed\xa0\x80", 3, { 0xFFFD, 0xFFFD, 0xFFFD }, 3 },       /* encoded surrogate */
        { "\xf4\x90\x80\x80", 4, { 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD }, 4 }, /* above U+10FFFF */
        { "\xff" "a", 2, { 0xFFFD, L'a' }, 2 },
        { "\xf0\x9f\x98" "b", 4, { 0xFFFD, L'b' }, 2 },             /* 3 of 4 bytes */
    };
    ULONG i;
    for (i = 0; i < RTL_NUMBER_OF(v); i++)
    {
        WCHAR buf[8];
        ULONG n = 0;
        if (RtlUTF8ToUnicodeN(buf, sizeof(buf), &n, v[i].in, v[i].len) != STATUS_SOME_NOT_MAPPED)
            KT_FAIL(t, "case %lu: expected STATUS_SOME_NOT_MAPPED", (unsigned long)i);
        KT_EXPECT_EQ(t, n, v[i].outChars * sizeof(WCHAR));
        if (!ktest_memeq(buf, v[i].out, v[i].outChars * sizeof(WCHAR)))
            KT_FAIL(t, "case %lu: wrong replacement output", (unsigned long)i);
    }
}

static void rtl_utf8_test_utf8_to_unicode_surrogate_pair_is_whole(KTEST *t)
{
    WCHAR buf[4] = { L'#', L'#', L'#', L'#' };
    ULONG n = 0;
    /* Room for a and one code unit: the emoji's pair does not fit, so neither half is written. */
    ST(t, RtlUTF8ToUnicodeN(buf, 4, &n, "a\xf0\x9f\x98\x80", 5), STATUS_BUFFER_TOO_SMALL);
    KT_EXPECT_EQ(t, n, 2);
    KT_EXPECT_EQ(t, buf[0], L'a');
    KT_EXPECT_EQ(t, buf[1], L'#');
    ST(t, RtlUTF8ToUnicodeN(buf, 5, &n, "ab", 2), STATUS_SUCCESS);    /* odd capacity */
    KT_EXPECT_EQ(t, n, 4);
}

static void rtl_utf8_test_utf8_to_unicode_parameters(KTEST *t)
{
    WCHAR buf[2];
    ULONG n;
    ST(t, RtlUTF8ToUnicodeN(buf, 4, &n, NULL, 1), STATUS_INVALID_PARAMETER_4);
    ST(t, RtlUTF8ToUnicodeN(NULL, 0, NULL, "a", 1), STATUS_INVALID_PARAMETER);
    ST(t, RtlUTF8ToUnicodeN(buf, 4, NULL, "a", 1), STATUS_SUCCESS);
}

/* ---- Counted strings --------------------------------------------------------------------- */

static void rtl_utf8_test_unicode_string_to_utf8_string_allocates(KTEST *t)
{
    UNICODE_STRING u = { sizeof(Mixed), sizeof(Mixed), (PWCH)Mixed };
    UTF8_STRING s = { 0, 0, NULL };
    ST(t, RtlUnicodeStringToUTF8String(&s, &u, TRUE), STATUS_SUCCESS);
    KT_ASSERT_TRUE(t, s.Buffer != NULL);
    KT_EXPECT_EQ(t, s.Length, 10);
    KT_EXPECT_EQ(t, s.MaximumLength, 11);
    KT_EXPECT_STREQ(t, s.Buffer, MixedUtf8);
    RtlFreeUTF8String(&s);
    KT_EXPECT_PTR_EQ(t, s.Buffer, NULL);
    RtlFreeUTF8String(NULL);
}

static void rtl_utf8_test_unicode_string_to_utf8_string_truncates(KTEST *t)
{
    UNICODE_STRING u = { sizeof(Mixed), sizeof(Mixed), (PWCH)Mixed };
    CHAR buf[12];
    UTF8_STRING s = { 0, 9, buf };
    ST(t, RtlUnicodeStringToUTF8String(&s, &u, FALSE), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_EQ(t, s.Length, 6);             /* 8 bytes usable; the emoji needs 4 more */
    KT_EXPECT_STREQ(t, buf, "a\xc3\xa9\xe2\x82\xac");
    s.MaximumLength = 0;
    ST(t, RtlUnicodeStringToUTF8String(&s, &u, FALSE), STATUS_BUFFER_OVERFLOW);
    s.MaximumLength = 11;
    ST(t, RtlUnicodeStringToUTF8String(&s, &u, FALSE), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, s.Length, 10);
}

static void rtl_utf8_test_unicode_string_to_utf8_string_not_mapped(KTEST *t)
{
    static const WCHAR bad[] = { L'x', 0xDFFF };
    UNICODE_STRING u = { sizeof(bad), sizeof(bad), (PWCH)bad }, odd = { 3, 4, (PWCH)bad };
    CHAR buf[8];
    UTF8_STRING s = { 0, sizeof(buf), buf };
    ST(t, RtlUnicodeStringToUTF8String(&s, &u, FALSE), STATUS_SOME_NOT_MAPPED);
    KT_EXPECT_STREQ(t, buf, "x\xef\xbf\xbd");
    ST(t, RtlUnicodeStringToUTF8String(&s, &odd, FALSE), STATUS_INVALID_PARAMETER_2);
}

static void rtl_utf8_test_utf8_string_to_unicode_string(KTEST *t)
{
    UTF8_STRING s;
    UNICODE_STRING u = { 0, 0, NULL };
    WCHAR buf[3];
    RtlInitUTF8String(&s, MixedUtf8);
    ST(t, RtlUTF8StringToUnicodeString(&u, &s, TRUE), STATUS_SUCCESS);
    KT_ASSERT_TRUE(t, u.Buffer != NULL);
    KT_EXPECT_EQ(t, u.Length, sizeof(Mixed));
    KT_EXPECT_EQ(t, u.MaximumLength, sizeof(Mixed) + 2);
    KT_EXPECT_MEMEQ(t, u.Buffer, Mixed, sizeof(Mixed));
    KT_EXPECT_EQ(t, u.Buffer[5], 0);
    RtlFreeUnicodeString(&u);

    u.Buffer = buf;
    u.MaximumLength = sizeof(buf);
    ST(t, RtlUTF8StringToUnicodeString(&u, &s, FALSE), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_EQ(t, u.Length, 4);
    KT_EXPECT_MEMEQ(t, buf, Mixed, 4);
    KT_EXPECT_EQ(t, buf[2], 0);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(rtl_utf8_test_unicode_to_utf8_encodes_all_lengths),
    KTEST_CASE_ENTRY(rtl_utf8_test_unicode_to_utf8_size_query),
    KTEST_CASE_ENTRY(rtl_utf8_test_unicode_to_utf8_lone_surrogates_replaced),
    KTEST_CASE_ENTRY(rtl_utf8_test_unicode_to_utf8_truncates_whole_characters),
    KTEST_CASE_ENTRY(rtl_utf8_test_unicode_to_utf8_parameters),
    KTEST_CASE_ENTRY(rtl_utf8_test_utf8_to_unicode_decodes_all_lengths),
    KTEST_CASE_ENTRY(rtl_utf8_test_utf8_to_unicode_ill_formed_sequences),
    KTEST_CASE_ENTRY(rtl_utf8_test_utf8_to_unicode_surrogate_pair_is_whole),
    KTEST_CASE_ENTRY(rtl_utf8_test_utf8_to_unicode_parameters),
    KTEST_CASE_ENTRY(rtl_utf8_test_unicode_string_to_utf8_string_allocates),
    KTEST_CASE_ENTRY(rtl_utf8_test_unicode_string_to_utf8_string_truncates),
    KTEST_CASE_ENTRY(rtl_utf8_test_unicode_string_to_utf8_string_not_mapped),
    KTEST_CASE_ENTRY(rtl_utf8_test_utf8_string_to_unicode_string),
    { 0 }
};
KTEST_SUITE(rtl_utf8, cases);
