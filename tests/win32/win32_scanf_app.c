/*
 * PURPOSE: App-mode tests of the user CRT's scanf family (src/win32/crt_scan.c): the MS
 * formats (%ld 32-bit, %I64d, %hs/%ls/%S/%C, the wide functions' swapped %s/%S), the _s
 * forms' buffer sizes (a field too long leaves "" and stops the scan), %c and %[ rules,
 * integer and floating-point parsing, streams, and the invalid parameter handling.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tchar.h>
#include <windows.h>
#include "ktest.h"

static int HandlerCalls;

static void __cdecl CountingHandler(const wchar_t *Expression, const wchar_t *Function,
                                    const wchar_t *File, unsigned int Line, uintptr_t Reserved)
{
    /* A release UCRT passes nothing. */
    if (!Expression && !Function && !File && Line == 0 && Reserved == 0)
        HandlerCalls++;
}

static void win32_scanf_test_s_forms_take_sizes(KTEST *t)
{
    char word[8], c = 0;
    int n = 0;
    float f = 0;

    /* eventtest.c's call */
    KT_EXPECT_EQ(t, sscanf_s("0.5", "%f", &f), 1);
    KT_EXPECT_TRUE(t, f == 0.5f);
    KT_EXPECT_EQ(t, sscanf_s("  42 hello x", "%d %s %c", &n, word, (unsigned)sizeof word, &c, 1), 3);
    KT_EXPECT_EQ(t, n, 42);
    KT_EXPECT_STREQ(t, word, "hello");
    KT_EXPECT_EQ(t, c, 'x');
    /* the size arguments are unsigned int, as documented; a word that just fits */
    KT_EXPECT_EQ(t, sscanf_s("1234567", "%s", word, (unsigned)_countof(word)), 1);
    KT_EXPECT_STREQ(t, word, "1234567");
    /* plain sscanf takes no sizes */
    KT_EXPECT_EQ(t, sscanf("7 seven", "%d %s", &n, word), 2);
    KT_EXPECT_EQ(t, n, 7);
    KT_EXPECT_STREQ(t, word, "seven");
}

static void win32_scanf_test_too_small_buffer_gets_empty_and_stops(KTEST *t)
{
    char small[4], after[8] = "keep";
    int n = -1, m = -1;

    memset(small, 'z', sizeof small);
    errno = 0;
    /* "toolong" does not fit 4: "" there, the scan stops with the fields assigned so far */
    KT_EXPECT_EQ(t, sscanf_s("5 toolong 9 x", "%d %s %d %s", &n, small, (unsigned)sizeof small,
                             &m, after, (unsigned)sizeof after), 1);
    KT_EXPECT_EQ(t, n, 5);
    KT_EXPECT_EQ(t, small[0], 0);
    KT_EXPECT_EQ(t, m, -1);
    KT_EXPECT_STREQ(t, after, "keep");
    KT_EXPECT_EQ(t, errno, ENOMEM);
    /* the terminator needs its place: 3 characters fit 4, 4 do not */
    KT_EXPECT_EQ(t, sscanf_s("abc", "%s", small, 4u), 1);
    KT_EXPECT_STREQ(t, small, "abc");
    /* the character that did not fit is consumed: at the end of the input that makes
       the result EOF (the UCRT does the same) */
    KT_EXPECT_EQ(t, sscanf_s("abcd", "%s", small, 4u), EOF);
    KT_EXPECT_EQ(t, small[0], 0);
    KT_EXPECT_EQ(t, sscanf_s("abcd e", "%s", small, 4u), 0);
    /* a width keeps a long token within the buffer */
    KT_EXPECT_EQ(t, sscanf_s("abcdefgh", "%3s%s", small, 4u, after, 8u), 2);
    KT_EXPECT_STREQ(t, small, "abc");
    KT_EXPECT_STREQ(t, after, "defgh");
    /* size 0: nothing fits */
    errno = 0;
    small[0] = 'q';
    KT_EXPECT_EQ(t, sscanf_s("a", "%s", small, 0u), 0);
    KT_EXPECT_EQ(t, errno, ENOMEM);
    /* first field too small: 0, not EOF */
    KT_EXPECT_EQ(t, sscanf_s("abcdef", "%s", small, 2u), 0);
    KT_EXPECT_EQ(t, small[0], 0);
}

static void win32_scanf_test_characters(KTEST *t)
{
    char c3[3], c[2] = { 'a', 'b' };

    /* %c: one character, no terminator, whitespace not skipped */
    KT_EXPECT_EQ(t, sscanf_s(" x", "%c", &c[0], 1u), 1);
    KT_EXPECT_EQ(t, c[0], ' ');
    KT_EXPECT_EQ(t, c[1], 'b');
    /* %3c: exactly three */
    memset(c3, 0, sizeof c3);
    KT_EXPECT_EQ(t, sscanf_s("xyzw", "%3c", c3, 3u), 1);
    KT_EXPECT_MEMEQ(t, c3, "xyz", 3);
    KT_EXPECT_EQ(t, sscanf_s("xy", "%3c", c3, 3u), EOF);     /* all consumed: EOF */
    /* %3c into 2: too small, "" */
    c3[0] = 'q';
    KT_EXPECT_EQ(t, sscanf_s("xyzw", "%3c", c3, 2u), 0);
    KT_EXPECT_EQ(t, c3[0], 0);
    /* at the end of input: EOF */
    KT_EXPECT_EQ(t, sscanf_s("", "%c", &c[0], 1u), EOF);
}

static void win32_scanf_test_scanset(KTEST *t)
{
    char a[16], b[16];

    KT_EXPECT_EQ(t, sscanf_s("abc123def", "%[a-z]%[0-9]", a, 16u, b, 16u), 2);
    KT_EXPECT_STREQ(t, a, "abc");
    KT_EXPECT_STREQ(t, b, "123");
    KT_EXPECT_EQ(t, sscanf_s("key=value;x", "%[^=]=%[^;]", a, 16u, b, 16u), 2);
    KT_EXPECT_STREQ(t, a, "key");
    KT_EXPECT_STREQ(t, b, "value");
    /* ']' first is a member; '-' first or last is literal; z-a is a-z */
    KT_EXPECT_EQ(t, sscanf("]-x-]y", "%[]x-]", a), 1);
    KT_EXPECT_STREQ(t, a, "]-x-]");
    KT_EXPECT_EQ(t, sscanf("cab!", "%[c-a]", a), 1);
    KT_EXPECT_STREQ(t, a, "cab");
    /* no match: 0 */
    KT_EXPECT_EQ(t, sscanf("123", "%[a-z]", a), 0);
    /* a scanset is not whitespace-skipping */
    KT_EXPECT_EQ(t, sscanf(" ab", "%[ab]", a), 0);
    /* unterminated: an invalid format */
    KT_EXPECT_EQ(t, sscanf("abc", "%[abc", a), 0);
}

static void win32_scanf_test_integer_sizes_are_windows(KTEST *t)
{
    unsigned char bytes[16];
    LONG l;
    DWORD dw;
    ULONGLONG u64;
    short h;
    signed char hh;
    void *p = NULL;
    size_t z;

    /* %ld is a 32-bit LONG: the 4 bytes after it are not touched */
    memset(bytes, 0xEE, sizeof bytes);
    KT_EXPECT_EQ(t, sscanf_s("-2", "%ld", (LONG *)(void *)bytes), 1);
    KT_EXPECT_EQ(t, *(LONG *)(void *)bytes, -2);
    KT_EXPECT_EQ(t, bytes[4], 0xEE);
    KT_EXPECT_EQ(t, sscanf("4294967295 ffffffff", "%lu %lx", &dw, &l), 2);
    KT_EXPECT_EQ(t, dw, 0xFFFFFFFFu);
    KT_EXPECT_EQ(t, (DWORD)l, 0xFFFFFFFFu);
    KT_EXPECT_EQ(t, sscanf("-9000000000", "%I64d", &u64), 1);
    KT_EXPECT_EQ(t, (LONGLONG)u64, -9000000000LL);
    KT_EXPECT_EQ(t, sscanf("123456789abc", "%I64x", &u64), 1);
    KT_EXPECT_EQ(t, u64, 0x123456789abcULL);
    memset(bytes, 0xEE, sizeof bytes);
    KT_EXPECT_EQ(t, sscanf("77", "%I32d", (int *)(void *)bytes), 1);
    KT_EXPECT_EQ(t, bytes[0], 77);
    KT_EXPECT_EQ(t, bytes[4], 0xEE);
    KT_EXPECT_EQ(t, sscanf("12345678901", "%Id", &u64), 1);     /* pointer-sized */
    KT_EXPECT_EQ(t, u64, 12345678901ULL);
    KT_EXPECT_EQ(t, sscanf("12345678901", "%lld", &u64), 1);
    KT_EXPECT_EQ(t, u64, 12345678901ULL);
    KT_EXPECT_EQ(t, sscanf("70000 300", "%hd %hhd", &h, &hh), 2);
    KT_EXPECT_EQ(t, h, (short)70000);
    KT_EXPECT_EQ(t, hh, (signed char)300);
    KT_EXPECT_EQ(t, sscanf("18446744073709551615", "%zu", &z), 1);
    KT_EXPECT_EQ(t, z, (size_t)-1);
    KT_EXPECT_EQ(t, sscanf("00007FF612340000", "%p", &p), 1);
    KT_EXPECT_PTR_EQ(t, p, (void *)0x00007FF612340000ULL);
    /* %I not before d i o u x X is the conversion %I (%i) */
    KT_EXPECT_EQ(t, sscanf("0x10", "%I", &l), 1);
    KT_EXPECT_EQ(t, l, 16);
}

static void win32_scanf_test_integer_parsing(KTEST *t)
{
    int a = 0, b = 0, c = 0, n = 0;
    unsigned u = 0;

    KT_EXPECT_EQ(t, sscanf("0x1A 012 -9", "%i %i %i", &a, &b, &c), 3);
    KT_EXPECT_EQ(t, a, 26);
    KT_EXPECT_EQ(t, b, 10);
    KT_EXPECT_EQ(t, c, -9);
    KT_EXPECT_EQ(t, sscanf("0XfF +7", "%x %d", &a, &b), 2);
    KT_EXPECT_EQ(t, a, 255);
    KT_EXPECT_EQ(t, b, 7);
    /* "0x" is a prefix, not a number: "0xg" fails (the UCRT's rule); "0" alone is 0 */
    a = 5;
    KT_EXPECT_EQ(t, sscanf("0xg", "%x", &a), 0);
    KT_EXPECT_EQ(t, a, 5);
    KT_EXPECT_EQ(t, sscanf("0 0", "%i %x", &a, &b), 2);
    KT_EXPECT_EQ(t, a + b, 0);
    KT_EXPECT_EQ(t, sscanf("ff", "%x", &a), 1);
    KT_EXPECT_EQ(t, a, 255);
    /* width counts sign and digits */
    KT_EXPECT_EQ(t, sscanf("-12345", "%3d%d", &a, &b), 2);
    KT_EXPECT_EQ(t, a, -12);
    KT_EXPECT_EQ(t, b, 345);
    /* %u takes a minus sign (negated, as strtoul) */
    KT_EXPECT_EQ(t, sscanf("-1", "%u", &u), 1);
    KT_EXPECT_EQ(t, u, 0xFFFFFFFFu);
    /* out of range: clamped to the 64-bit limit, then truncated to the size */
    errno = 0;
    KT_EXPECT_EQ(t, sscanf("99999999999999999999", "%d", &a), 1);
    KT_EXPECT_EQ(t, a, -1);                      /* INT64_MAX truncated */
    KT_EXPECT_EQ(t, errno, ERANGE);
    /* no digits: 0 (a match failure), EOF only at end of input */
    KT_EXPECT_EQ(t, sscanf("abc", "%d", &a), 0);
    KT_EXPECT_EQ(t, sscanf("-", "%d", &a), EOF);          /* the sign consumed */
    KT_EXPECT_EQ(t, sscanf("-x", "%d", &a), 0);
    KT_EXPECT_EQ(t, sscanf("   ", "%d", &a), EOF);
    KT_EXPECT_EQ(t, sscanf("", "%d", &a), EOF);
    /* %n counts characters consumed and is not a field; %* suppresses */
    KT_EXPECT_EQ(t, sscanf("ab 12 34", "%*s %d%n %d", &a, &n, &b), 2);
    KT_EXPECT_EQ(t, a, 12);
    KT_EXPECT_EQ(t, n, 5);
    KT_EXPECT_EQ(t, b, 34);
    /* literals and %% match exactly */
    KT_EXPECT_EQ(t, sscanf("x=5% y", "x=%d%% y", &a), 1);
    KT_EXPECT_EQ(t, a, 5);
    KT_EXPECT_EQ(t, sscanf("x=5", "y=%d", &a), 0);
}

static void win32_scanf_test_suppressed_text_takes_no_size(KTEST *t)
{
    char w[8];
    int n = 0;

    /* %*s consumes no pointer and no size in the _s forms */
    KT_EXPECT_EQ(t, sscanf_s("skip 3 word", "%*s %d %s", &n, w, 8u), 2);
    KT_EXPECT_EQ(t, n, 3);
    KT_EXPECT_STREQ(t, w, "word");
}

static void win32_scanf_test_floats(KTEST *t)
{
    float f = 0;
    double d = 0;
    long double ld = 0;
    char rest[8];

    KT_EXPECT_EQ(t, sscanf("1.5 -2.25e2 3.125", "%f %lf %Lf", &f, &d, &ld), 3);
    KT_EXPECT_TRUE(t, f == 1.5f);
    KT_EXPECT_TRUE(t, d == -225.0);
    KT_EXPECT_TRUE(t, ld == 3.125L);
    KT_EXPECT_EQ(t, sscanf("0x1.8p1 inf -INFINITY nan", "%lf %f %lf %f", &d, &f, &d, &f), 4);
    KT_EXPECT_TRUE(t, d < -1e308);
    KT_EXPECT_TRUE(t, f != f);
    KT_EXPECT_EQ(t, sscanf("0x1.8p1", "%lf", &d), 1);
    KT_EXPECT_TRUE(t, d == 3.0);
    /* an exponent letter without digits is left in the input */
    KT_EXPECT_EQ(t, sscanf_s("2e+x", "%lf%s", &d, rest, 8u), 2);
    KT_EXPECT_TRUE(t, d == 2.0);
    KT_EXPECT_STREQ(t, rest, "e+x");
    /* width */
    KT_EXPECT_EQ(t, sscanf("12345", "%3lf", &d), 1);
    KT_EXPECT_TRUE(t, d == 123.0);
    KT_EXPECT_EQ(t, sscanf(".", "%lf", &d), EOF);
    KT_EXPECT_EQ(t, sscanf(".x", "%lf", &d), 0);
    KT_EXPECT_EQ(t, sscanf("x", "%lf", &d), 0);
}

static void win32_scanf_test_text_widths(KTEST *t)
{
    wchar_t ws[8];
    char ns[8];
    wchar_t wc = 0;
    int n = 0;

    /* narrow functions: %S %ls %ws wide, %hs narrow */
    KT_EXPECT_EQ(t, sscanf_s("wide narrow", "%S %hs", ws, 8u, ns, 8u), 2);
    KT_EXPECT_WCSEQ(t, ws, L"wide");
    KT_EXPECT_STREQ(t, ns, "narrow");
    KT_EXPECT_EQ(t, sscanf("caf\xE9 q", "%ls %lc", ws, &wc), 2);
    KT_EXPECT_WCSEQ(t, ws, L"caf\x00E9");     /* through Windows-1252 */
    KT_EXPECT_EQ(t, wc, L'q');
    KT_EXPECT_EQ(t, sscanf("abc", "%ws", ws), 1);
    KT_EXPECT_WCSEQ(t, ws, L"abc");
    /* wide functions: %s wide, %S and %hs narrow */
    KT_EXPECT_EQ(t, swscanf_s(L"one two three", L"%s %S %hs", ws, 8u, ns, 8u, ns, 8u), 3);
    KT_EXPECT_WCSEQ(t, ws, L"one");
    KT_EXPECT_STREQ(t, ns, "three");
    /* a wide character 1252 lacks is dropped from narrow text */
    KT_EXPECT_EQ(t, swscanf(L"a\x4E2D" L"b", L"%S", ns), 1);
    KT_EXPECT_STREQ(t, ns, "ab");
    KT_EXPECT_EQ(t, swscanf(L"\x20AC" L"5", L"%hc%d", ns, &n), 2);
    KT_EXPECT_EQ(t, n, 5);
    KT_EXPECT_EQ(t, (unsigned char)ns[0], 0x80);    /* the euro sign in 1252 */
    /* wide too small: "" */
    KT_EXPECT_EQ(t, swscanf_s(L"abcdef", L"%s", ws, 3u), 0);
    KT_EXPECT_EQ(t, ws[0], 0);
    KT_EXPECT_EQ(t, swscanf_s(L"  ", L"%s", ws, 3u), EOF);
}

static void win32_scanf_test_wide_numbers(KTEST *t)
{
    LONG l = 0;
    ULONGLONG u = 0;
    double d = 0;
    wchar_t set[8];

    KT_EXPECT_EQ(t, swscanf(L"-5 0x10 2.5 abc", L"%ld %I64i %lf %[a-b]", &l, &u, &d, set), 4);
    KT_EXPECT_EQ(t, l, -5);
    KT_EXPECT_EQ(t, u, 16);
    KT_EXPECT_TRUE(t, d == 2.5);
    KT_EXPECT_WCSEQ(t, set, L"ab");
    /* wide whitespace is iswspace's (U+00A0 included); %s still ends at ASCII blanks only */
    KT_EXPECT_EQ(t, swscanf(L"\x00A0" L"7 a\x00A0" L"b", L"%ld %s", &l, set), 2);
    KT_EXPECT_EQ(t, l, 7);
    KT_EXPECT_WCSEQ(t, set, L"a\x00A0" L"b");
    KT_EXPECT_EQ(t, sscanf("\xA0" "7", "%ld", &l), 0);          /* narrow: not a space */
    KT_EXPECT_EQ(t, _snwscanf(L"12345", 2, L"%ld", &l), 1);
    KT_EXPECT_EQ(t, l, 12);
    KT_EXPECT_EQ(t, _snwscanf_s(L"9 ab", 3, L"%ld %s", &l, set, 8u), 2);
    KT_EXPECT_WCSEQ(t, set, L"a");
}

static void win32_scanf_test_counted_input(KTEST *t)
{
    int a = 0, b = 0;
    char w[8];

    /* _snscanf reads at most Count characters */
    KT_EXPECT_EQ(t, _snscanf("123456", 3, "%d", &a), 1);
    KT_EXPECT_EQ(t, a, 123);
    KT_EXPECT_EQ(t, _snscanf_s("12 345", 4, "%d %d", &a, &b), 2);
    KT_EXPECT_EQ(t, b, 3);
    KT_EXPECT_EQ(t, _snscanf_s("abcdef", 3, "%s", w, 8u), 1);
    KT_EXPECT_STREQ(t, w, "abc");
    KT_EXPECT_EQ(t, _snscanf("12", 0, "%d", &a), EOF);
}

static void win32_scanf_test_tchar_maps_to_ansi(KTEST *t)
{
    TCHAR buf[8];
    int n = 0;

    KT_EXPECT_EQ(t, _stscanf_s(_T("8 eight"), _T("%d %s"), &n, buf, (unsigned)_countof(buf)), 2);
    KT_EXPECT_EQ(t, n, 8);
    KT_EXPECT_STREQ(t, buf, "eight");
}

static void win32_scanf_test_streams(KTEST *t)
{
    FILE *f = tmpfile();
    char w[8];
    LONG l = 0;
    wchar_t ws[8];
    int c;

    KT_ASSERT_TRUE(t, f != NULL);
    fputs("  -17 word\n5 caf\xC3\xA9 tail", f);
    rewind(f);
    KT_EXPECT_EQ(t, fscanf_s(f, "%ld %s", &l, w, 8u), 2);
    KT_EXPECT_EQ(t, l, -17);
    KT_EXPECT_STREQ(t, w, "word");
    /* the character that ended the field stays in the stream */
    c = fgetc(f);
    KT_EXPECT_EQ(t, c, '\n');
    /* wide: UTF-8 in the stream */
    KT_EXPECT_EQ(t, fwscanf_s(f, L"%ld %s", &l, ws, 8u), 2);
    KT_EXPECT_EQ(t, l, 5);
    KT_EXPECT_WCSEQ(t, ws, L"caf\x00E9");
    KT_EXPECT_EQ(t, fscanf(f, "%7s", w), 1);
    KT_EXPECT_STREQ(t, w, "tail");
    KT_EXPECT_EQ(t, fscanf(f, "%7s", w), EOF);
    fclose(f);
}

static void win32_scanf_test_invalid_format(KTEST *t)
{
    int a = 0, b = 0;
    _invalid_parameter_handler old = _set_invalid_parameter_handler(CountingHandler);

    HandlerCalls = 0;
    /* non-_s: the scan stops, no report */
    KT_EXPECT_EQ(t, sscanf("1 2", "%d %y", &a, &b), 1);
    KT_EXPECT_EQ(t, HandlerCalls, 0);
    KT_EXPECT_EQ(t, sscanf("1 2", "%d %0d", &a, &b), 1);
    KT_EXPECT_EQ(t, sscanf("1", "%Ld", &a), 0);          /* L does not fit d */
    KT_EXPECT_EQ(t, HandlerCalls, 0);
    /* _s: also an invalid parameter, errno EINVAL, the count so far */
    errno = 0;
    KT_EXPECT_EQ(t, sscanf_s("1 2", "%d %y", &a, &b), 1);
    KT_EXPECT_EQ(t, HandlerCalls, 1);
    KT_EXPECT_EQ(t, errno, EINVAL);
    KT_EXPECT_EQ(t, sscanf_s("1", "%hhs", (char *)&b, 4u), 0);   /* hh does not fit s */
    KT_EXPECT_EQ(t, HandlerCalls, 2);
    KT_EXPECT_EQ(t, swscanf_s(L"1", L"%d%", &a), 1);
    KT_EXPECT_EQ(t, HandlerCalls, 3);
    KT_EXPECT_PTR_EQ(t, _set_invalid_parameter_handler(old), CountingHandler);
}

static void win32_scanf_test_null_arguments_with_handler(KTEST *t)
{
    int a = 0;
    char w[4];
    _invalid_parameter_handler old = _set_invalid_parameter_handler(CountingHandler);

    KT_EXPECT_PTR_EQ(t, _get_invalid_parameter_handler(), CountingHandler);
    HandlerCalls = 0;
    errno = 0;
    KT_EXPECT_EQ(t, sscanf_s(NULL, "%d", &a), EOF);
    KT_EXPECT_EQ(t, errno, EINVAL);
    KT_EXPECT_EQ(t, sscanf(NULL, "%d", &a), EOF);
    KT_EXPECT_EQ(t, sscanf("1", NULL), EOF);
    KT_EXPECT_EQ(t, swscanf_s(L"1", NULL), EOF);
    KT_EXPECT_EQ(t, fscanf_s(NULL, "%d", &a), EOF);
    KT_EXPECT_EQ(t, HandlerCalls, 5);
    /* a NULL receiving pointer: the field fails */
    errno = 0;
    KT_EXPECT_EQ(t, sscanf_s("1 x", "%d %s", &a, (char *)NULL, 4u), 1);
    KT_EXPECT_EQ(t, HandlerCalls, 6);
    KT_EXPECT_EQ(t, errno, EINVAL);
    KT_EXPECT_EQ(t, sscanf("7 ", "%d", (int *)NULL), 0);
    KT_EXPECT_EQ(t, HandlerCalls, 7);
    (void)w;
    /* the thread's handler takes precedence */
    KT_EXPECT_PTR_EQ(t, _set_thread_local_invalid_parameter_handler(CountingHandler), NULL);
    _set_invalid_parameter_handler(NULL);
    KT_EXPECT_EQ(t, sscanf_s(NULL, "%d", &a), EOF);
    KT_EXPECT_EQ(t, HandlerCalls, 8);
    KT_EXPECT_PTR_EQ(t, _set_thread_local_invalid_parameter_handler(NULL), CountingHandler);
    KT_EXPECT_PTR_EQ(t, _get_thread_local_invalid_parameter_handler(), NULL);
    _set_invalid_parameter_handler(old);
}

static void NullBufferChild(void *Context)
{
    int a;
    (void)Context;
    _set_invalid_parameter_handler(NULL);
    sscanf_s(NULL, "%d", &a);
    fprintf(stderr, "still running\n");
}

static void win32_scanf_test_null_argument_ends_the_process(KTEST *t)
{
    char out[1024];
    int st = ktest_run_isolated(NullBufferChild, NULL, out, sizeof out);

    /* Windows: __fastfail, exit code 0xC0000409; Linux keeps its low 8 bits */
    KT_EXPECT_EQ(t, st, 0x09);
    KT_EXPECT_CONTAINS(t, out, "sscanf_s");
    KT_EXPECT_FALSE(t, ktest_contains(out, "still running"));
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(win32_scanf_test_s_forms_take_sizes),
    KTEST_CASE_ENTRY(win32_scanf_test_too_small_buffer_gets_empty_and_stops),
    KTEST_CASE_ENTRY(win32_scanf_test_characters),
    KTEST_CASE_ENTRY(win32_scanf_test_scanset),
    KTEST_CASE_ENTRY(win32_scanf_test_integer_sizes_are_windows),
    KTEST_CASE_ENTRY(win32_scanf_test_integer_parsing),
    KTEST_CASE_ENTRY(win32_scanf_test_suppressed_text_takes_no_size),
    KTEST_CASE_ENTRY(win32_scanf_test_floats),
    KTEST_CASE_ENTRY(win32_scanf_test_text_widths),
    KTEST_CASE_ENTRY(win32_scanf_test_wide_numbers),
    KTEST_CASE_ENTRY(win32_scanf_test_counted_input),
    KTEST_CASE_ENTRY(win32_scanf_test_tchar_maps_to_ansi),
    KTEST_CASE_ENTRY(win32_scanf_test_streams),
    KTEST_CASE_ENTRY(win32_scanf_test_invalid_format),
    KTEST_CASE_ENTRY(win32_scanf_test_null_arguments_with_handler),
    KTEST_CASE_ENTRY(win32_scanf_test_null_argument_ends_the_process),
    { 0 }
};

KTEST_SUITE(win32_scanf, cases);
