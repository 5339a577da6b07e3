/*
 * PURPOSE: App-mode tests (C) for the user CRT (include/um/crt): a console app's wide and
 * Microsoft-specific CRT calls bind to kmode's 16-bit implementations, MS printf formats
 * work in the narrow printf family too, stream output stays in order with glibc's puts,
 * and wide output is UTF-8.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>
#include "ktest.h"
#include "win32_crt_capture.h"

static void win32_crt_test_types_are_windows_sized(KTEST *t)
{
    errno_t e = 0;
    char b[7];
    KT_EXPECT_EQ(t, sizeof(wchar_t), 2);
    KT_EXPECT_EQ(t, sizeof(wint_t), 2);
    KT_EXPECT_EQ(t, sizeof(wctype_t), 2);
    KT_EXPECT_EQ(t, WEOF, 0xFFFF);
    KT_EXPECT_EQ(t, _countof(b), 7);
    KT_EXPECT_EQ(t, _TRUNCATE, (size_t)-1);
    KT_EXPECT_EQ(t, e, 0);
    KT_EXPECT_EQ(t, STRUNCATE, 80);
    KT_EXPECT_EQ(t, MB_CUR_MAX, 1);
}

static void win32_crt_test_wide_strings(KTEST *t)
{
    wchar_t b[16];
    const wchar_t *s = L"hello world";

    KT_EXPECT_EQ(t, wcslen(L"abc"), 3);
    KT_EXPECT_EQ(t, wcslen(L"\x4E2D\x6587"), 2);
    KT_EXPECT_PTR_EQ(t, wcscpy(b, L"ab"), b);
    KT_EXPECT_PTR_EQ(t, wcscat(b, L"cd"), b);
    KT_EXPECT_WCSEQ(t, b, L"abcd");
    wcsncpy(b, L"xy", 4);
    KT_EXPECT_WCSEQ(t, b, L"xy");
    KT_EXPECT_EQ(t, wcscmp(L"abc", L"abd") < 0, 1);
    KT_EXPECT_EQ(t, wcsncmp(L"abcX", L"abcY", 3), 0);
    KT_EXPECT_EQ(t, _wcsicmp(L"HeLLo", L"hello"), 0);
    KT_EXPECT_EQ(t, _wcsnicmp(L"ABCx", L"abcy", 3), 0);
    KT_EXPECT_TRUE(t, _wcsnicmp(L"ABCx", L"abcy", 4) < 0);
    KT_EXPECT_PTR_EQ(t, wcschr(s, L'o'), s + 4);
    KT_EXPECT_PTR_EQ(t, wcsrchr(s, L'o'), s + 7);
    KT_EXPECT_PTR_EQ(t, wcsstr(s, L"wor"), s + 6);
    KT_EXPECT_TRUE(t, wcsstr(s, L"xyz") == NULL);
    KT_EXPECT_TRUE(t, wcschr(s, L'z') == NULL);
}

static void win32_crt_test_wide_secure_strings(KTEST *t)
{
    wchar_t b[6];
    KT_EXPECT_EQ(t, wcscpy_s(b, _countof(b), L"abc"), 0);
    KT_EXPECT_EQ(t, wcscat_s(b, _countof(b), L"de"), 0);
    KT_EXPECT_WCSEQ(t, b, L"abcde");
    KT_EXPECT_EQ(t, wcscat_s(b, _countof(b), L"f"), ERANGE);
    KT_EXPECT_EQ(t, b[0], 0);                            /* the destination is reset */
    KT_EXPECT_EQ(t, wcscpy_s(b, _countof(b), L"abcdef"), ERANGE);
    KT_EXPECT_EQ(t, wcscpy_s(NULL, 4, L"a"), EINVAL);
    KT_EXPECT_EQ(t, wcsncpy_s(b, _countof(b), L"abcdefgh", _TRUNCATE), STRUNCATE);
    KT_EXPECT_WCSEQ(t, b, L"abcde");
    KT_EXPECT_EQ(t, wcsncpy_s(b, _countof(b), L"abcdefgh", 2), 0);
    KT_EXPECT_WCSEQ(t, b, L"ab");
}

static void win32_crt_test_wide_numbers_and_classes(KTEST *t)
{
    wchar_t *end;
    wchar_t b[40];
    KT_EXPECT_EQ(t, wcstol(L" 0x1Fz", &end, 0), 31);
    KT_EXPECT_EQ(t, *end, L'z');
    KT_EXPECT_EQ(t, wcstol(L"99999999999", NULL, 10), 2147483647);   /* LONG clamps */
    KT_EXPECT_EQ(t, wcstoul(L"-1", NULL, 10), 0xFFFFFFFFu);
    KT_EXPECT_EQ(t, _wtoi(L"-42abc"), -42);
    KT_EXPECT_EQ(t, _wtoi64(L"123456789012"), 123456789012LL);
    KT_EXPECT_EQ(t, wcstoll(L"-9", NULL, 10), -9);
    KT_EXPECT_EQ(t, wcstoimax(L"77", NULL, 8), 63);
    KT_EXPECT_TRUE(t, wcstod(L"1.5e3xyz", &end) == 1500.0);
    KT_EXPECT_EQ(t, *end, L'x');
    KT_EXPECT_TRUE(t, wcstof(L"0.25", NULL) == 0.25f);
    KT_EXPECT_TRUE(t, _wtof(L"  -2.5") == -2.5);
    KT_EXPECT_TRUE(t, wcstod(L"\x00E9", &end) == 0.0);
    KT_EXPECT_EQ(t, *end, 0x00E9);                              /* nothing parsed */
    KT_EXPECT_EQ(t, towupper(L'a'), L'A');
    KT_EXPECT_EQ(t, towlower(L'Q'), L'q');
    KT_EXPECT_EQ(t, towupper(L'1'), L'1');
    KT_EXPECT_TRUE(t, iswdigit(L'7'));
    KT_EXPECT_FALSE(t, iswdigit(L'x'));
    KT_EXPECT_TRUE(t, iswalpha(L'\x00E9'));
    KT_EXPECT_TRUE(t, iswspace(L'\t'));
    KT_EXPECT_TRUE(t, iswxdigit(L'F'));
    KT_EXPECT_TRUE(t, iswupper(L'A') && iswlower(L'a'));
    KT_EXPECT_TRUE(t, iswctype(L'a', wctype("alpha")));
    KT_EXPECT_TRUE(t, iswctype(L'5', _DIGIT));
    KT_EXPECT_FALSE(t, iswctype(L'a', wctype("digit")));
    KT_EXPECT_FALSE(t, iswctype(L'\t', wctype("print")));
    KT_EXPECT_EQ(t, wctype("nonsense"), 0);
    KT_EXPECT_EQ(t, towctrans(L'x', wctrans("toupper")), L'X');
    KT_EXPECT_EQ(t, towctrans(L'X', wctrans("tolower")), L'x');
    KT_EXPECT_EQ(t, wctrans("bogus"), 0);
    KT_EXPECT_EQ(t, _itow_s(-12, b, _countof(b), 10), 0);
    KT_EXPECT_WCSEQ(t, b, L"-12");
    KT_EXPECT_WCSEQ(t, _itow(255, b, 16), L"ff");
}

static void win32_crt_test_narrow_ms_functions(KTEST *t)
{
    char b[8], big[72];
    KT_EXPECT_EQ(t, _stricmp("Hello", "hELLO"), 0);
    KT_EXPECT_TRUE(t, _stricmp("a", "B") < 0);
    KT_EXPECT_EQ(t, _strnicmp("abcX", "ABCy", 3), 0);
    KT_EXPECT_EQ(t, strcpy_s(b, sizeof b, "abc"), 0);
    KT_EXPECT_EQ(t, strcat_s(b, sizeof b, "defg"), 0);
    KT_EXPECT_STREQ(t, b, "abcdefg");
    KT_EXPECT_EQ(t, strcat_s(b, sizeof b, "h"), ERANGE);
    KT_EXPECT_STREQ(t, b, "");
    KT_EXPECT_EQ(t, strcpy_s(b, 0, "a"), EINVAL);
    KT_EXPECT_EQ(t, strncpy_s(b, sizeof b, "0123456789", _TRUNCATE), STRUNCATE);
    KT_EXPECT_STREQ(t, b, "0123456");
    KT_EXPECT_STREQ(t, _itoa(-15, b, 10), "-15");
    KT_EXPECT_STREQ(t, _itoa(-1, big, 16), "ffffffff");          /* 32-bit, unsigned */
    KT_EXPECT_EQ(t, _itoa_s(12345, b, sizeof b, 10), 0);
    KT_EXPECT_STREQ(t, b, "12345");
    KT_EXPECT_EQ(t, _itoa_s(-1234567, b, sizeof b, 10), ERANGE);  /* needs 9 */
    KT_EXPECT_STREQ(t, b, "");
    KT_EXPECT_EQ(t, _itoa_s(1, b, sizeof b, 1), EINVAL);
    KT_EXPECT_EQ(t, _itoa_s(1, NULL, 4, 10), EINVAL);
    KT_EXPECT_EQ(t, _i64toa_s(-1LL, big, sizeof big, 2), 0);
    KT_EXPECT_EQ(t, strlen(big), 64);
    KT_EXPECT_STREQ(t, _strupr(strcpy(b, "aBc")), "ABC");
    KT_EXPECT_EQ(t, strnlen_s(NULL, 5), 0);
    KT_EXPECT_EQ(t, strnlen_s("abcdef", 3), 3);
    KT_EXPECT_EQ(t, _atoi64("-5000000000"), -5000000000LL);
}

static void win32_crt_test_buffer_printf_ms_semantics(KTEST *t)
{
    char b[64];
    wchar_t w[16];
    KT_EXPECT_EQ(t, sprintf(b, "%ws|%S|%I64d|%Iu|%ld|%hs", L"wide", L"also", -5000000000LL,
                            (size_t)7, (long)-1, "narrow"), 33);
    KT_EXPECT_STREQ(t, b, "wide|also|-5000000000|7|-1|narrow");
    sprintf(b, "%p", (void *)0x1234);
    KT_EXPECT_STREQ(t, b, "0000000000001234");
    KT_EXPECT_EQ(t, sprintf(b, "%lu", 4294967295u), 10);      /* %l is 32-bit */
    /* C99 snprintf: terminated, returns the full length. */
    KT_EXPECT_EQ(t, snprintf(b, 4, "abcdef"), 6);
    KT_EXPECT_STREQ(t, b, "abc");
    /* _snprintf: no terminator when exactly full, -1 when too long. */
    memset(b, '#', sizeof b);
    KT_EXPECT_EQ(t, _snprintf(b, 3, "abc"), 3);
    KT_EXPECT_EQ(t, b[3], '#');
    KT_EXPECT_EQ(t, _snprintf(b, 3, "abcd"), -1);
    KT_EXPECT_EQ(t, sprintf_s(b, 4, "%s", "abcd"), -1);
    KT_EXPECT_STREQ(t, b, "");
    KT_EXPECT_EQ(t, _snprintf_s(b, 4, _TRUNCATE, "%s", "abcd"), -1);
    KT_EXPECT_STREQ(t, b, "abc");
    KT_EXPECT_EQ(t, _scprintf("%d", 12345), 5);
    KT_EXPECT_EQ(t, sprintf(b, "%n", (int *)0), -1);           /* %n is refused */
    /* PRId64 is spelled for %l being 32-bit. */
    sprintf(b, "%" PRId64 " %" PRIx64, (int64_t)-5000000000LL, (uint64_t)0x123456789ULL);
    KT_EXPECT_STREQ(t, b, "-5000000000 123456789");
    /* Wide buffers. */
    KT_EXPECT_EQ(t, swprintf(w, 16, L"%s-%S-%d", L"ab", "cd", 5), 7);
    KT_EXPECT_WCSEQ(t, w, L"ab-cd-5");
    KT_EXPECT_EQ(t, swprintf(w, 4, L"%s", L"abcdef"), -1);
    KT_EXPECT_WCSEQ(t, w, L"abc");
    KT_EXPECT_EQ(t, swprintf_s(w, 16, L"%ws%d", L"x", 1), 2);
    KT_EXPECT_EQ(t, swprintf_s(w, 3, L"%s", L"abc"), -1);
    KT_EXPECT_WCSEQ(t, w, L"");
    KT_EXPECT_EQ(t, _snwprintf(w, 2, L"abc"), -1);
    KT_EXPECT_EQ(t, _scwprintf(L"%d", 10), 2);
}

static int CallVswprintf(wchar_t *b, size_t n, const wchar_t *f, ...)
{
    va_list a;
    int r;
    va_start(a, f);
    r = vswprintf(b, n, f, a);
    va_end(a);
    return r;
}

static int CallVfprintf(FILE *s, const char *f, ...)
{
    va_list a;
    int r;
    va_start(a, f);
    r = vfprintf(s, f, a);
    va_end(a);
    return r;
}

static void win32_crt_test_variadic_forms(KTEST *t)
{
    wchar_t w[16];
    CAPTURE out;
    char text[64];
    KT_EXPECT_EQ(t, CallVswprintf(w, 16, L"%d+%ws", 1, L"y"), 3);
    KT_EXPECT_WCSEQ(t, w, L"1+y");
    KT_ASSERT_TRUE(t, CaptureStdout(&out));
    KT_EXPECT_EQ(t, CallVfprintf(stdout, "%ws!", L"v"), 2);
    RestoreStdout(&out, text, sizeof text);
    KT_EXPECT_STREQ(t, text, "v!");
}

static void win32_crt_test_stream_output_keeps_order(KTEST *t)
{
    CAPTURE out;
    char text[256];
    KT_ASSERT_TRUE(t, CaptureStdout(&out));
    KT_EXPECT_EQ(t, printf("1 %ws ", L"wide"), 7);
    puts("2");
    KT_EXPECT_EQ(t, fprintf(stdout, "%I64u ", 18446744073709551615ULL), 21);
    fputs("3 ", stdout);
    KT_EXPECT_EQ(t, wprintf(L"%s %S ", L"w\x00E9", "n"), 5);   /* é as UTF-8 */
    putchar('4');
    KT_EXPECT_EQ(t, fwprintf(stdout, L"%c", L'\x20AC'), 1);    /* € */
    KT_EXPECT_EQ(t, fputws(L"\xD83D\xDE00", stdout), 0);       /* a surrogate pair */
    KT_EXPECT_EQ(t, putwchar(L'!'), L'!');
    KT_EXPECT_EQ(t, _putws(L"end"), 0);
    KT_EXPECT_EQ(t, printf_s("%d", 5), 1);
    KT_EXPECT_EQ(t, wprintf_s(L"%d", 6), 1);
    RestoreStdout(&out, text, sizeof text);
    KT_EXPECT_STREQ(t, text, "1 wide 2\n18446744073709551615 3 w\xC3\xA9 n 4\xE2\x82\xAC\xF0\x9F\x98\x80!end\n56");
}

static void win32_crt_test_stream_output_errors(KTEST *t)
{
    CAPTURE out;
    char text[64];
    KT_ASSERT_TRUE(t, CaptureStdout(&out));
    KT_EXPECT_EQ(t, printf("a%nb", (int *)0), -1);             /* nothing is written */
    KT_EXPECT_EQ(t, printf(NULL), -1);
    KT_EXPECT_EQ(t, fprintf(NULL, "x"), -1);
    KT_EXPECT_EQ(t, wprintf(L"%Q"), -1);
    KT_EXPECT_EQ(t, fputws(NULL, stdout), WEOF);
    RestoreStdout(&out, text, sizeof text);
    KT_EXPECT_STREQ(t, text, "");
}

static void win32_crt_test_long_output(KTEST *t)
{
    CAPTURE out;
    static char text[4000];
    wchar_t wide[1200];
    for (int i = 0; i < 1199; i++)
        wide[i] = (wchar_t)(L'a' + i % 26);
    wide[1199] = 0;
    KT_ASSERT_TRUE(t, CaptureStdout(&out));
    KT_EXPECT_EQ(t, printf("%ws", wide), 1199);                /* beyond the stack buffer */
    KT_EXPECT_EQ(t, wprintf(L"%s", wide), 1199);
    KT_EXPECT_EQ(t, RestoreStdout(&out, text, sizeof text), 2398);
    KT_EXPECT_EQ(t, text[1198], 'a' + 1198 % 26);
    KT_EXPECT_EQ(t, text[2397], 'a' + 1198 % 26);
}

static void win32_crt_test_wide_input(KTEST *t)
{
    FILE *f = tmpfile();
    wchar_t line[8];
    KT_ASSERT_TRUE(t, f != NULL);
    fputs("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xFFz\nrest of line", f);
    rewind(f);
    KT_EXPECT_EQ(t, fgetwc(f), L'a');
    KT_EXPECT_EQ(t, getwc(f), 0x00E9);
    KT_EXPECT_EQ(t, fgetwc(f), 0x20AC);
    KT_EXPECT_EQ(t, fgetwc(f), 0xD83D);                         /* outside the BMP: two calls */
    KT_EXPECT_EQ(t, fgetwc(f), 0xDE00);
    KT_EXPECT_EQ(t, fgetwc(f), 0xFFFD);                         /* invalid byte */
    KT_EXPECT_EQ(t, ungetwc(L'\x00E8', f), 0x00E8);
    KT_EXPECT_EQ(t, fgetwc(f), 0x00E8);
    KT_EXPECT_EQ(t, ungetwc(WEOF, f), WEOF);
    KT_ASSERT_TRUE(t, fgetws(line, 8, f) == line);
    KT_EXPECT_WCSEQ(t, line, L"z\n");
    KT_ASSERT_TRUE(t, fgetws(line, 8, f) == line);              /* Count - 1 characters */
    KT_EXPECT_WCSEQ(t, line, L"rest of");
    KT_ASSERT_TRUE(t, fgetws(line, 8, f) == line);
    KT_EXPECT_WCSEQ(t, line, L" line");
    KT_EXPECT_TRUE(t, fgetws(line, 8, f) == NULL);
    KT_EXPECT_EQ(t, fgetwc(f), WEOF);
    KT_EXPECT_TRUE(t, fgetws(line, 0, f) == NULL);
    fclose(f);
}

static void win32_crt_test_getwchar_reads_stdin(KTEST *t)
{
    CAPTURE in;
    KT_ASSERT_TRUE(t, CaptureStdin(&in));
    KT_EXPECT_EQ(t, write(in.Other, "\xC3\xBC", 2), 2);
    close(in.Other);
    in.Other = -1;
    KT_EXPECT_EQ(t, getwchar(), 0x00FC);
    KT_EXPECT_EQ(t, getwchar(), WEOF);
    RestoreStdin(&in);
}

static void win32_crt_test_duplicates_and_tokens(KTEST *t)
{
    wchar_t *d = _wcsdup(L"copy"), *ctx = NULL, *tok;
    wchar_t text[] = L"  a,b;;c ";
    char narrow[] = "x y", *nctx = NULL, *s = _strdup("dup");
    KT_ASSERT_TRUE(t, d != NULL);
    KT_EXPECT_WCSEQ(t, d, L"copy");
    free(d);
    KT_EXPECT_TRUE(t, _wcsdup(NULL) == NULL);
    KT_EXPECT_STREQ(t, s, "dup");
    free(s);
    tok = wcstok_s(text, L" ,;", &ctx);
    KT_EXPECT_WCSEQ(t, tok, L"a");
    KT_EXPECT_WCSEQ(t, wcstok_s(NULL, L" ,;", &ctx), L"b");
    KT_EXPECT_WCSEQ(t, wcstok(NULL, L" ,;", &ctx), L"c");
    KT_EXPECT_TRUE(t, wcstok_s(NULL, L" ,;", &ctx) == NULL);
    KT_EXPECT_TRUE(t, wcstok_s(NULL, L",", NULL) == NULL);
    {
        wchar_t more[] = L"p q";
        KT_EXPECT_WCSEQ(t, wcstok(more, L" ", NULL), L"p");       /* per-thread state */
        KT_EXPECT_WCSEQ(t, _wcstok(NULL, L" "), L"q");
        KT_EXPECT_TRUE(t, wcstok(NULL, L" ", NULL) == NULL);
    }
    KT_EXPECT_STREQ(t, strtok_s(narrow, " ", &nctx), "x");
    KT_EXPECT_STREQ(t, strtok_s(NULL, " ", &nctx), "y");
    KT_EXPECT_TRUE(t, strtok_s(NULL, " ", &nctx) == NULL);
    KT_EXPECT_TRUE(t, strtok_s(NULL, NULL, &nctx) == NULL);
}

static void win32_crt_test_multibyte_is_ansi(KTEST *t)
{
    wchar_t w[8], c;
    char n[8];
    const char *src = "a\x80";
    const wchar_t *wsrc = L"b\x20AC";
    mbstate_t st = { 0 };
    KT_EXPECT_EQ(t, mbstowcs(w, "x\x80", 8), 2);
    KT_EXPECT_EQ(t, w[1], 0x20AC);                              /* 1252: 0x80 is € */
    KT_EXPECT_EQ(t, wcstombs(n, L"y\x20AC\x4E2D", 8), 3);
    KT_EXPECT_STREQ(t, n, "y\x80?");
    KT_EXPECT_EQ(t, mbtowc(&c, "\x9C", 1), 1);
    KT_EXPECT_EQ(t, c, 0x0153);
    KT_EXPECT_EQ(t, mbtowc(&c, "", 1), 0);
    KT_EXPECT_EQ(t, mbtowc(&c, "a", 0), -1);
    KT_EXPECT_EQ(t, wctomb(n, 0x20AC), 1);
    KT_EXPECT_EQ(t, (unsigned char)n[0], 0x80);
    KT_EXPECT_EQ(t, wctomb(n, 0x4E2D), -1);
    KT_EXPECT_EQ(t, mblen("ab", 2), 1);
    KT_EXPECT_TRUE(t, mbsinit(&st));
    KT_EXPECT_EQ(t, btowc(0x80), 0x20AC);
    KT_EXPECT_EQ(t, btowc(EOF), WEOF);
    KT_EXPECT_EQ(t, wctob(0x4E2D), EOF);
    KT_EXPECT_EQ(t, mbrtowc(&c, "\xE9", 1, &st), 1);
    KT_EXPECT_EQ(t, c, 0x00E9);
    KT_EXPECT_EQ(t, mbrtowc(&c, "a", 0, &st), (size_t)-2);
    KT_EXPECT_EQ(t, mbrlen("a", 1, &st), 1);
    KT_EXPECT_EQ(t, wcrtomb(n, 0x4E2D, &st), (size_t)-1);
    KT_EXPECT_EQ(t, errno, EILSEQ);
    KT_EXPECT_EQ(t, mbsrtowcs(w, &src, 8, &st), 2);
    KT_EXPECT_TRUE(t, src == NULL);
    KT_EXPECT_EQ(t, w[1], 0x20AC);
    KT_EXPECT_EQ(t, wcsrtombs(n, &wsrc, 8, &st), 2);
    KT_EXPECT_STREQ(t, n, "b\x80");
    src = "xyz";
    KT_EXPECT_EQ(t, mbsrtowcs(NULL, &src, 0, &st), 3);          /* only counts */
    KT_EXPECT_EQ(t, mbsrtowcs(w, &src, 2, &st), 2);             /* stops at the count */
    KT_EXPECT_EQ(t, *src, 'z');
    wsrc = L"a\x4E2D" L"b";
    KT_EXPECT_EQ(t, wcsrtombs(n, &wsrc, 8, &st), (size_t)-1);
    KT_EXPECT_EQ(t, *wsrc, 0x4E2D);                              /* at the offending one */
    src = NULL;
    KT_EXPECT_EQ(t, mbsrtowcs(w, &src, 2, &st), (size_t)-1);
    KT_EXPECT_EQ(t, wcsxfrm(w, L"abc", 8), 3);
    KT_EXPECT_WCSEQ(t, w, L"abc");
    KT_EXPECT_EQ(t, wcscoll(L"a", L"b") < 0, 1);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(win32_crt_test_types_are_windows_sized),
    KTEST_CASE_ENTRY(win32_crt_test_wide_strings),
    KTEST_CASE_ENTRY(win32_crt_test_wide_secure_strings),
    KTEST_CASE_ENTRY(win32_crt_test_wide_numbers_and_classes),
    KTEST_CASE_ENTRY(win32_crt_test_narrow_ms_functions),
    KTEST_CASE_ENTRY(win32_crt_test_buffer_printf_ms_semantics),
    KTEST_CASE_ENTRY(win32_crt_test_variadic_forms),
    KTEST_CASE_ENTRY(win32_crt_test_stream_output_keeps_order),
    KTEST_CASE_ENTRY(win32_crt_test_stream_output_errors),
    KTEST_CASE_ENTRY(win32_crt_test_long_output),
    KTEST_CASE_ENTRY(win32_crt_test_wide_input),
    KTEST_CASE_ENTRY(win32_crt_test_getwchar_reads_stdin),
    KTEST_CASE_ENTRY(win32_crt_test_duplicates_and_tokens),
    KTEST_CASE_ENTRY(win32_crt_test_multibyte_is_ansi),
    { 0 }
};
KTEST_SUITE(win32_crt, cases);
