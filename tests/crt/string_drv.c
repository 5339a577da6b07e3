/*
 * PURPOSE: Driver-mode tests for the kernel CRT's <string.h>/<wchar.h> string and memory
 * functions: compiled like a WDK driver (-nostdinc), proving the headers bind the wide
 * functions to kmode's 16-bit implementations and the MS-only ones to kmode.
 */
#include <ntddk.h>
#include <string.h>
#include <wchar.h>
#include <memory.h>
#include <errno.h>
#include "ktest.h"

static void crt_string_test_wide_lengths_are_16_bit(KTEST *t)
{
    KT_EXPECT_EQ(t, sizeof(wchar_t), 2);
    KT_EXPECT_EQ(t, wcslen(L"abc"), 3);
    KT_EXPECT_EQ(t, wcslen(L""), 0);
    KT_EXPECT_EQ(t, wcslen(L"\x4E2D\x6587"), 2);
    KT_EXPECT_EQ(t, wcsnlen(L"abcdef", 4), 4);
    KT_EXPECT_EQ(t, wcsnlen(L"ab", 4), 2);
}

static void crt_string_test_wide_copy_and_concatenate(KTEST *t)
{
    wchar_t b[16];
    KT_EXPECT_PTR_EQ(t, wcscpy(b, L"abc"), b);
    KT_EXPECT_WCSEQ(t, b, L"abc");
    KT_EXPECT_PTR_EQ(t, wcscat(b, L"de"), b);
    KT_EXPECT_WCSEQ(t, b, L"abcde");
    wcsncat(b, L"xyz", 2);
    KT_EXPECT_WCSEQ(t, b, L"abcdexy");
    wmemset(b, L'#', 16);
    wcsncpy(b, L"ab", 5);                      /* pads with NULs up to the count */
    KT_EXPECT_EQ(t, b[2], 0);
    KT_EXPECT_EQ(t, b[4], 0);
    KT_EXPECT_EQ(t, b[5], L'#');
    wcsncpy(b, L"abcdef", 3);                  /* no terminator when the source is longer */
    KT_EXPECT_EQ(t, b[3], 0);                  /* (left over from before) */
    KT_EXPECT_EQ(t, b[2], L'c');
}

static void crt_string_test_wide_compare(KTEST *t)
{
    KT_EXPECT_EQ(t, wcscmp(L"abc", L"abc"), 0);
    KT_EXPECT_TRUE(t, wcscmp(L"abc", L"abd") < 0);
    KT_EXPECT_TRUE(t, wcscmp(L"b", L"abc") > 0);
    KT_EXPECT_TRUE(t, wcscmp(L"\xFFFF", L"a") > 0);   /* unsigned 16-bit comparison */
    KT_EXPECT_EQ(t, wcsncmp(L"abcX", L"abcY", 3), 0);
    KT_EXPECT_TRUE(t, wcsncmp(L"abcX", L"abcY", 4) < 0);
    KT_EXPECT_EQ(t, _wcsicmp(L"HeLLo", L"hello"), 0);
    KT_EXPECT_TRUE(t, _wcsicmp(L"a", L"B") < 0);
    KT_EXPECT_TRUE(t, _wcsicmp(L"\x00C9", L"\x00E9") != 0);   /* "C" locale: A-Z only */
    KT_EXPECT_EQ(t, _wcsnicmp(L"ABCx", L"abcy", 3), 0);
    KT_EXPECT_TRUE(t, _wcsnicmp(L"ABCx", L"abcy", 4) < 0);
    KT_EXPECT_EQ(t, wcsicmp(L"X", L"x"), 0);
}

static void crt_string_test_wide_search(KTEST *t)
{
    const wchar_t *s = L"hello world";
    KT_EXPECT_PTR_EQ(t, wcschr(s, L'o'), s + 4);
    KT_EXPECT_PTR_EQ(t, wcsrchr(s, L'o'), s + 7);
    KT_EXPECT_PTR_EQ(t, wcschr(s, 0), s + 11);
    KT_EXPECT_PTR_EQ(t, wcschr(s, L'z'), NULL);
    KT_EXPECT_PTR_EQ(t, wcsstr(s, L"wor"), s + 6);
    KT_EXPECT_PTR_EQ(t, wcsstr(s, L""), s);
    KT_EXPECT_PTR_EQ(t, wcsstr(s, L"word"), NULL);
    KT_EXPECT_EQ(t, wcsspn(s, L"leh"), 4);
    KT_EXPECT_EQ(t, wcscspn(s, L" w"), 5);
    KT_EXPECT_PTR_EQ(t, wcspbrk(s, L"wr"), s + 6);
    KT_EXPECT_PTR_EQ(t, wcspbrk(s, L"XYZ"), NULL);
}

static void crt_string_test_wide_case_and_reverse(KTEST *t)
{
    wchar_t b[] = L"MiXeD \x00C9";
    KT_EXPECT_WCSEQ(t, _wcslwr(b), L"mixed \x00C9");
    KT_EXPECT_WCSEQ(t, _wcsupr(b), L"MIXED \x00C9");
    KT_EXPECT_WCSEQ(t, _wcsrev(b), L"\x00C9 DEXIM");
}

static void crt_string_test_wide_memory(KTEST *t)
{
    wchar_t a[8], b[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    KT_EXPECT_PTR_EQ(t, wmemcpy(a, b, 8), a);
    KT_EXPECT_EQ(t, wmemcmp(a, b, 8), 0);
    a[3] = 0xFFFF;
    KT_EXPECT_TRUE(t, wmemcmp(a, b, 8) > 0);
    KT_EXPECT_PTR_EQ(t, wmemchr(a, 0xFFFF, 8), a + 3);
    KT_EXPECT_PTR_EQ(t, wmemchr(a, 0xFFFF, 3), NULL);
    wmemmove(b + 1, b, 4);
    KT_EXPECT_EQ(t, b[1], 1);
    KT_EXPECT_EQ(t, b[4], 4);
    KT_EXPECT_EQ(t, b[5], 6);
    wmemset(a, L'z', 2);
    KT_EXPECT_EQ(t, a[1], L'z');
}

static void crt_string_test_narrow_standard(KTEST *t)
{
    char b[32];
    const char *s = "hello world";
    memset(b, 0, sizeof b);
    strcpy(b, "abc");
    strcat(b, "def");
    KT_EXPECT_STREQ(t, b, "abcdef");
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-truncation"   /* the truncation is the point */
#endif
    strncat(b, "xyz", 1);
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
    KT_EXPECT_STREQ(t, b, "abcdefx");
    KT_EXPECT_EQ(t, strlen(b), 7);
    KT_EXPECT_EQ(t, strnlen(b, 3), 3);
    KT_EXPECT_TRUE(t, strcmp("a", "b") < 0);
    KT_EXPECT_EQ(t, strncmp("abcX", "abcY", 3), 0);
    strncpy(b, "zz", 4);
    KT_EXPECT_EQ(t, b[3], 0);
    KT_EXPECT_PTR_EQ(t, strchr(s, 'o'), s + 4);
    KT_EXPECT_PTR_EQ(t, strrchr(s, 'o'), s + 7);
    KT_EXPECT_PTR_EQ(t, strstr(s, "wor"), s + 6);
    KT_EXPECT_EQ(t, strspn(s, "leh"), 4);
    KT_EXPECT_EQ(t, strcspn(s, " "), 5);
    KT_EXPECT_PTR_EQ(t, strpbrk(s, "wr"), s + 6);
    memmove(b + 1, b, 3);
    KT_EXPECT_PTR_EQ(t, memchr(s, 'w', 11), s + 6);
    KT_EXPECT_TRUE(t, memcmp("ab", "ac", 2) < 0);
}

static void crt_string_test_narrow_ms_extensions(KTEST *t)
{
    char b[] = "MiXeD\xC9";
    KT_EXPECT_EQ(t, _stricmp("HeLLo", "hello"), 0);
    KT_EXPECT_TRUE(t, _stricmp("a", "B") < 0);
    KT_EXPECT_TRUE(t, _stricmp("abc", "ab") > 0);
    KT_EXPECT_EQ(t, _strnicmp("ABCx", "abcy", 3), 0);
    KT_EXPECT_TRUE(t, _strnicmp("ABCx", "abcy", 4) < 0);
    KT_EXPECT_EQ(t, _strnicmp("A", "b", 0), 0);
    KT_EXPECT_EQ(t, _memicmp("AbC", "aBc", 3), 0);
    KT_EXPECT_TRUE(t, _memicmp("AbC", "aBd", 3) < 0);
    KT_EXPECT_STREQ(t, _strlwr(b), "mixed\xC9");
    KT_EXPECT_STREQ(t, _strupr(b), "MIXED\xC9");
    KT_EXPECT_STREQ(t, _strrev(b), "\xC9" "DEXIM");
    KT_EXPECT_EQ(t, stricmp("Q", "q"), 0);
}

static void crt_string_test_strcpy_s(KTEST *t)
{
    char b[4];
    KT_EXPECT_EQ(t, strcpy_s(b, sizeof b, "abc"), 0);
    KT_EXPECT_STREQ(t, b, "abc");
    KT_EXPECT_EQ(t, strcpy_s(b, sizeof b, "abcd"), ERANGE);
    KT_EXPECT_EQ(t, b[0], 0);
    KT_EXPECT_EQ(t, strcpy_s(NULL, 4, "a"), EINVAL);
    b[0] = 'x';
    KT_EXPECT_EQ(t, strcpy_s(b, 0, "a"), EINVAL);
    KT_EXPECT_EQ(t, b[0], 'x');                     /* size 0: untouched */
    KT_EXPECT_EQ(t, strcpy_s(b, sizeof b, NULL), EINVAL);
    KT_EXPECT_EQ(t, b[0], 0);
}

static void crt_string_test_strcat_s(KTEST *t)
{
    char b[6] = "ab";
    char unterminated[3] = { 'x', 'y', 'z' };
    KT_EXPECT_EQ(t, strcat_s(b, sizeof b, "cde"), 0);
    KT_EXPECT_STREQ(t, b, "abcde");
    KT_EXPECT_EQ(t, strcat_s(b, sizeof b, "f"), ERANGE);
    KT_EXPECT_EQ(t, b[0], 0);
    KT_EXPECT_EQ(t, strcat_s(unterminated, sizeof unterminated, "a"), EINVAL);
    KT_EXPECT_EQ(t, unterminated[0], 0);
    KT_EXPECT_EQ(t, strcat_s(NULL, 3, "a"), EINVAL);
    KT_EXPECT_EQ(t, strcat_s(b, sizeof b, NULL), EINVAL);
}

static void crt_string_test_strncpy_s_and_strncat_s(KTEST *t)
{
    char b[5];
    KT_EXPECT_EQ(t, strncpy_s(b, sizeof b, "abcdef", 3), 0);
    KT_EXPECT_STREQ(t, b, "abc");
    KT_EXPECT_EQ(t, strncpy_s(b, sizeof b, "abcdef", 5), ERANGE);
    KT_EXPECT_EQ(t, b[0], 0);
    KT_EXPECT_EQ(t, strncpy_s(b, sizeof b, "abcdef", _TRUNCATE), STRUNCATE);
    KT_EXPECT_STREQ(t, b, "abcd");
    KT_EXPECT_EQ(t, strncpy_s(b, sizeof b, "ab", _TRUNCATE), 0);
    KT_EXPECT_STREQ(t, b, "ab");
    KT_EXPECT_EQ(t, strncpy_s(b, sizeof b, NULL, 0), 0);    /* count 0: "" */
    KT_EXPECT_EQ(t, b[0], 0);
    KT_EXPECT_EQ(t, strncpy_s(NULL, 0, NULL, 0), 0);
    KT_EXPECT_EQ(t, strncpy_s(b, sizeof b, NULL, 1), EINVAL);

    strcpy(b, "ab");
    KT_EXPECT_EQ(t, strncat_s(b, sizeof b, "cdef", 1), 0);
    KT_EXPECT_STREQ(t, b, "abc");
    KT_EXPECT_EQ(t, strncat_s(b, sizeof b, "xyz", _TRUNCATE), STRUNCATE);
    KT_EXPECT_STREQ(t, b, "abcx");
    strcpy(b, "ab");
    KT_EXPECT_EQ(t, strncat_s(b, sizeof b, "xyz", 3), ERANGE);
    KT_EXPECT_EQ(t, b[0], 0);
    KT_EXPECT_EQ(t, strncat_s(NULL, 0, NULL, 0), 0);
}

static void crt_string_test_wide_secure(KTEST *t)
{
    wchar_t b[4];
    KT_EXPECT_EQ(t, wcscpy_s(b, 4, L"abc"), 0);
    KT_EXPECT_WCSEQ(t, b, L"abc");
    KT_EXPECT_EQ(t, wcscpy_s(b, 4, L"abcd"), ERANGE);
    KT_EXPECT_EQ(t, b[0], 0);
    KT_EXPECT_EQ(t, wcscpy_s(NULL, 4, L"a"), EINVAL);
    KT_EXPECT_EQ(t, wcscpy_s(b, 4, L"a"), 0);
    KT_EXPECT_EQ(t, wcscat_s(b, 4, L"bc"), 0);
    KT_EXPECT_WCSEQ(t, b, L"abc");
    KT_EXPECT_EQ(t, wcscat_s(b, 4, L"d"), ERANGE);
    KT_EXPECT_EQ(t, wcsncpy_s(b, 4, L"wxyz", _TRUNCATE), STRUNCATE);
    KT_EXPECT_WCSEQ(t, b, L"wxy");
    KT_EXPECT_EQ(t, wcsncpy_s(b, 4, L"wxyz", 2), 0);
    KT_EXPECT_WCSEQ(t, b, L"wx");
    KT_EXPECT_EQ(t, wcsncat_s(b, 4, L"yz", 1), 0);
    KT_EXPECT_WCSEQ(t, b, L"wxy");
    KT_EXPECT_EQ(t, wcsncat_s(b, 4, L"z", 1), ERANGE);
    KT_EXPECT_EQ(t, b[0], 0);
    KT_EXPECT_EQ(t, wcsncat_s(b, 4, NULL, 1), EINVAL);
}

static void crt_string_test_memcpy_s_and_memmove_s(KTEST *t)
{
    char d[4] = { 'w', 'x', 'y', 'z' };
    KT_EXPECT_EQ(t, memcpy_s(d, 4, "ab", 2), 0);
    KT_EXPECT_MEMEQ(t, d, "abyz", 4);
    KT_EXPECT_EQ(t, memcpy_s(d, 4, "abcde", 5), ERANGE);
    KT_EXPECT_MEMEQ(t, d, "\0\0\0\0", 4);           /* cleared on failure */
    memcpy(d, "wxyz", 4);
    KT_EXPECT_EQ(t, memcpy_s(d, 4, NULL, 1), EINVAL);
    KT_EXPECT_EQ(t, d[0], 0);
    KT_EXPECT_EQ(t, memcpy_s(NULL, 4, "a", 1), EINVAL);
    KT_EXPECT_EQ(t, memcpy_s(NULL, 0, NULL, 0), 0);   /* count 0: nothing to check */
    memcpy(d, "wxyz", 4);
    KT_EXPECT_EQ(t, memmove_s(d + 1, 3, d, 3), 0);
    KT_EXPECT_MEMEQ(t, d, "wwxy", 4);
    KT_EXPECT_EQ(t, memmove_s(d, 2, "abc", 3), ERANGE);
    KT_EXPECT_MEMEQ(t, d, "wwxy", 4);              /* memmove_s does not clear */
    KT_EXPECT_EQ(t, memmove_s(d, 4, NULL, 1), EINVAL);
    KT_EXPECT_EQ(t, memmove_s(NULL, 4, d, 1), EINVAL);
    KT_EXPECT_EQ(t, memmove_s(NULL, 0, NULL, 0), 0);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(crt_string_test_wide_lengths_are_16_bit),
    KTEST_CASE_ENTRY(crt_string_test_wide_copy_and_concatenate),
    KTEST_CASE_ENTRY(crt_string_test_wide_compare),
    KTEST_CASE_ENTRY(crt_string_test_wide_search),
    KTEST_CASE_ENTRY(crt_string_test_wide_case_and_reverse),
    KTEST_CASE_ENTRY(crt_string_test_wide_memory),
    KTEST_CASE_ENTRY(crt_string_test_narrow_standard),
    KTEST_CASE_ENTRY(crt_string_test_narrow_ms_extensions),
    KTEST_CASE_ENTRY(crt_string_test_strcpy_s),
    KTEST_CASE_ENTRY(crt_string_test_strcat_s),
    KTEST_CASE_ENTRY(crt_string_test_strncpy_s_and_strncat_s),
    KTEST_CASE_ENTRY(crt_string_test_wide_secure),
    KTEST_CASE_ENTRY(crt_string_test_memcpy_s_and_memmove_s),
    { 0 },
};
KTEST_SUITE(crt_string, cases);
