/*
 * PURPOSE: Tests for kmode's printf engine (src/crt/format.c): every conversion, flag and
 * size prefix with Microsoft semantics, truncation, invalid formats, both engines.
 */
#include <string.h>
#include <internal/fmt.h>
#include "ktest.h"

/* ---- helpers --------------------------------------------------------------------------- */

static char fa_buf[2048];
static WCHAR fw_buf[1024];
static LONG_PTR fa_ret, fw_ret;

/* Formats into fa_buf (NUL-terminated by the helper) and returns it; fa_ret holds the count. */
static const char *fa(const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    memset(fa_buf, 0, sizeof fa_buf);
    fa_ret = KmFormatA(fa_buf, sizeof fa_buf - 1, format, ap);
    va_end(ap);
    return fa_buf;
}

static const WCHAR *fw(const WCHAR *format, ...)
{
    va_list ap;
    va_start(ap, format);
    memset(fw_buf, 0, sizeof fw_buf);
    fw_ret = KmFormatW(fw_buf, RTL_NUMBER_OF(fw_buf) - 1, format, ap);
    va_end(ap);
    return fw_buf;
}

static LONG_PTR fa_cap(char *buf, SIZE_T cap, const char *format, ...)
{
    va_list ap;
    LONG_PTR r;
    va_start(ap, format);
    r = KmFormatA(buf, cap, format, ap);
    va_end(ap);
    return r;
}

static LONG_PTR fw_cap(WCHAR *buf, SIZE_T cap, const WCHAR *format, ...)
{
    va_list ap;
    LONG_PTR r;
    va_start(ap, format);
    r = KmFormatW(buf, cap, format, ap);
    va_end(ap);
    return r;
}

static double from_bits(ULONGLONG bits)
{
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

#define EXPECT_FA(t, expected, ...) \
    do { KT_EXPECT_STREQ(t, fa(__VA_ARGS__), expected); \
         KT_EXPECT_EQ(t, fa_ret, (LONG_PTR)strlen(expected)); } while (0)
#define EXPECT_FA_INVALID(t, ...) \
    do { fa(__VA_ARGS__); KT_EXPECT_EQ(t, fa_ret, -1); } while (0)
#define EXPECT_FW(t, expected, ...) \
    do { KT_EXPECT_WCSEQ(t, fw(__VA_ARGS__), expected); \
         KT_EXPECT_EQ(t, fw_ret, (LONG_PTR)(sizeof(expected) / sizeof(WCHAR) - 1)); } while (0)

/* ---- integers -------------------------------------------------------------------------- */

static void crt_format_test_decimal(KTEST *t)
{
    EXPECT_FA(t, "42", "%d", 42);
    EXPECT_FA(t, "-42", "%i", -42);
    EXPECT_FA(t, "-2147483648", "%d", (int)0x80000000);
    EXPECT_FA(t, "4294967295", "%u", -1);
    EXPECT_FA(t, "x=7 y=-8.", "x=%d y=%d.", 7, -8);
    EXPECT_FA(t, "0", "%d", 0);
}

static void crt_format_test_size_prefixes(KTEST *t)
{
    /* LLP64: %l is 32-bit, only the low half of a 64-bit slot is read. */
    EXPECT_FA(t, "1", "%lx", 0x1234567800000001LL);
    EXPECT_FA(t, "4000000000", "%lu", 4000000000u);
    EXPECT_FA(t, "-1", "%ld", -1);
    EXPECT_FA(t, "-9223372036854775808", "%lld", (long long)0x8000000000000000ULL);
    EXPECT_FA(t, "18446744073709551615", "%llu", ~0ULL);
    EXPECT_FA(t, "-5", "%I64d", -5LL);
    EXPECT_FA(t, "18446744073709551615", "%I64u", ~0ULL);
    EXPECT_FA(t, "FFFFFFFFFFFFFFFF", "%I64X", ~0ULL);
    EXPECT_FA(t, "-5", "%I32d", -5);
    EXPECT_FA(t, "ffffffff", "%I32x", 0xFFFFFFFFu);
    EXPECT_FA(t, "1099511627776", "%Iu", (SIZE_T)1 << 40);
    EXPECT_FA(t, "-1099511627776", "%Id", -((LONG_PTR)1 << 40));
    EXPECT_FA(t, "10000000000", "%Ix", (SIZE_T)1 << 40);
    EXPECT_FA(t, "1099511627776", "%zu", (SIZE_T)1 << 40);
    EXPECT_FA(t, "-1099511627776", "%td", -((LONG_PTR)1 << 40));
    EXPECT_FA(t, "-1099511627776", "%jd", -((LONG_PTR)1 << 40));
    EXPECT_FA(t, "4464", "%hd", 70000);
    EXPECT_FA(t, "65535", "%hu", -1);
    EXPECT_FA(t, "-56", "%hhd", 200);
    EXPECT_FA(t, "44", "%hhu", 300);
    EXPECT_FA(t, "ff", "%hhx", -1);
    /* %I not followed by 32/64 or an integer conversion means nothing. */
    EXPECT_FA(t, "abc", "%Is", "abc");
}

static void crt_format_test_integer_flags(KTEST *t)
{
    EXPECT_FA(t, "   42", "%5d", 42);
    EXPECT_FA(t, "42   |", "%-5d|", 42);
    EXPECT_FA(t, "00042", "%05d", 42);
    EXPECT_FA(t, "-0042", "%05d", -42);
    EXPECT_FA(t, "+42", "%+d", 42);
    EXPECT_FA(t, " 42", "% d", 42);
    EXPECT_FA(t, "+42", "%+ d", 42);
    EXPECT_FA(t, "-42", "% d", -42);
    EXPECT_FA(t, "+3   |", "%-+5d|", 3);
    EXPECT_FA(t, "42   |", "%-05d|", 42);   /* '-' beats '0' */
    EXPECT_FA(t, "42", "%+u", 42);          /* no sign on unsigned conversions */
    EXPECT_FA(t, "ffffffff", "%x", -1);
    EXPECT_FA(t, "ABC", "%X", 0xabc);
    EXPECT_FA(t, "10", "%o", 8);
}

static void crt_format_test_integer_precision(KTEST *t)
{
    EXPECT_FA(t, "00042", "%.5d", 42);
    EXPECT_FA(t, "  -00042", "%8.5d", -42);
    EXPECT_FA(t, "   00042", "%08.5d", 42);    /* explicit precision disables '0' */
    EXPECT_FA(t, "", "%.0d", 0);
    EXPECT_FA(t, "", "%.d", 0);
    EXPECT_FA(t, "     ", "%5.0d", 0);
    EXPECT_FA(t, "+", "%+.0d", 0);
    EXPECT_FA(t, "007", "%.*d", 3, 7);
    EXPECT_FA(t, "7", "%.*d", -1, 7);
    EXPECT_FA(t, "   42", "%*d", 5, 42);
    EXPECT_FA(t, "42   ", "%*d", -5, 42);
    EXPECT_FA(t, "  007", "%*.*d", 5, 3, 7);
}

static void crt_format_test_alternate_forms(KTEST *t)
{
    EXPECT_FA(t, "010", "%#o", 8);
    EXPECT_FA(t, "0", "%#o", 0);
    EXPECT_FA(t, "0", "%#.0o", 0);
    EXPECT_FA(t, "00010", "%#.5o", 8);
    EXPECT_FA(t, "0xff", "%#x", 255);
    EXPECT_FA(t, "0XFF", "%#X", 255);
    EXPECT_FA(t, "0", "%#x", 0);
    EXPECT_FA(t, "0x0000ff", "%#08x", 255);
    EXPECT_FA(t, "0x0001", "%#.4x", 1);
    EXPECT_FA(t, "    0xff", "%#8x", 255);
}

static void crt_format_test_pointer(KTEST *t)
{
    EXPECT_FA(t, "0000000000001234", "%p", (void *)0x1234);
    EXPECT_FA(t, "0000000000000000", "%p", NULL);
    EXPECT_FA(t, "0000DEADBEEFCAFE", "%p", (void *)0xdeadbeefcafeULL);
    EXPECT_FA(t, "    0000000000001234", "%20p", (void *)0x1234);
    EXPECT_FA(t, "0000000000001234    |", "%-20p|", (void *)0x1234);
    EXPECT_FA(t, "0000000000001234", "%#p", (void *)0x1234);
    EXPECT_FA(t, "    0000000000001234", "%020p", (void *)0x1234);
}

/* ---- characters and strings ------------------------------------------------------------ */

static void crt_format_test_characters(KTEST *t)
{
    EXPECT_FA(t, "A", "%c", 'A');
    EXPECT_FA(t, "  A", "%3c", 'A');
    EXPECT_FA(t, "A  |", "%-3c|", 'A');
    EXPECT_FA(t, "00A", "%03c", 'A');     /* MS pads every conversion with '0' */
    EXPECT_FA(t, "x", "%hc", 'x');
    EXPECT_FA(t, "x", "%hC", 'x');
    EXPECT_FA(t, "W", "%C", L'W');
    EXPECT_FA(t, "W", "%lc", L'W');
    EXPECT_FA(t, "W", "%wc", L'W');
    EXPECT_FA(t, "\x80", "%C", 0x20AC);   /* EURO SIGN is 0x80 in 1252 */
    EXPECT_FA(t, "\xE9", "%wc", 0x00E9);
    EXPECT_FA(t, "?", "%C", 0x4E2D);      /* not representable */
    fa("%c", 0);
    KT_EXPECT_EQ(t, fa_ret, 1);
    KT_EXPECT_EQ(t, fa_buf[0], 0);
}

static void crt_format_test_strings(KTEST *t)
{
    static const char unterminated[3] = { 'x', 'y', 'z' };

    EXPECT_FA(t, "abc", "%s", "abc");
    EXPECT_FA(t, "  abc", "%5s", "abc");
    EXPECT_FA(t, "abc  |", "%-5s|", "abc");
    EXPECT_FA(t, "ab", "%.2s", "abc");
    EXPECT_FA(t, "00abc", "%05s", "abc");   /* MS: '0' pads strings with zeros */
    EXPECT_FA(t, "xyz", "%.3s", unterminated);
    EXPECT_FA(t, "(null)", "%s", (char *)NULL);
    EXPECT_FA(t, "(nu", "%.3s", (char *)NULL);
    EXPECT_FA(t, "narrow", "%hs", "narrow");
    EXPECT_FA(t, "wide", "%S", L"wide");
    EXPECT_FA(t, "wide", "%ls", L"wide");
    EXPECT_FA(t, "wide", "%ws", L"wide");
    EXPECT_FA(t, "wi", "%.2ws", L"wide");
    EXPECT_FA(t, "  wide", "%6S", L"wide");
    EXPECT_FA(t, "(null)", "%S", (WCHAR *)NULL);
    EXPECT_FA(t, "(null)", "%ws", (WCHAR *)NULL);
    EXPECT_FA(t, "\x80\xE9?\x9F", "%ws", L"\x20AC\x00E9\x4E2D\x0178");
    EXPECT_FA(t, "a b", "%s %s", "a", "b");
    EXPECT_FA(t, "", "%s", "");
}

static void crt_format_test_counted_strings(KTEST *t)
{
    char ansi_text[] = "abcdef";
    WCHAR wide_text[] = L"abcdef";
    WCHAR embedded[] = { L'a', 0, L'b' };
    ANSI_STRING as = { 3, 7, ansi_text };
    UNICODE_STRING us = { 6, 14, wide_text };
    UNICODE_STRING odd = { 7, 14, wide_text };
    UNICODE_STRING nul = { 6, 6, embedded };
    UNICODE_STRING nobuf = { 6, 6, NULL };
    ANSI_STRING empty = { 0, 7, ansi_text };

    EXPECT_FA(t, "abc", "%Z", &as);
    EXPECT_FA(t, "abc", "%hZ", &as);
    EXPECT_FA(t, "abc", "%wZ", &us);
    EXPECT_FA(t, "abc", "%lZ", &us);
    EXPECT_FA(t, "abc", "%wZ", &odd);          /* odd byte length: whole characters only */
    EXPECT_FA(t, "abc", "%.1Z", &as);          /* precision does not apply to %Z */
    EXPECT_FA(t, "  abc", "%5wZ", &us);
    EXPECT_FA(t, "abc  |", "%-5Z|", &as);
    EXPECT_FA(t, "", "%Z", &empty);
    EXPECT_FA(t, "(null)", "%Z", (ANSI_STRING *)NULL);
    EXPECT_FA(t, "(null)", "%wZ", (UNICODE_STRING *)NULL);
    EXPECT_FA(t, "(null)", "%wZ", &nobuf);
    fa("[%wZ]", &nul);                         /* exactly Length bytes, NULs included */
    KT_EXPECT_EQ(t, fa_ret, 5);
    KT_EXPECT_MEMEQ(t, fa_buf, "[a\0b]", 5);
}

static void crt_format_test_percent(KTEST *t)
{
    EXPECT_FA(t, "%", "%%");
    EXPECT_FA(t, "100%", "100%%");
    EXPECT_FA(t, "%d", "%%d");
    EXPECT_FA(t, "plain text", "plain text");
}

/* ---- floating point -------------------------------------------------------------------- */

static void crt_format_test_float_decimal(KTEST *t)
{
    EXPECT_FA(t, "1.500000", "%f", 1.5);
    EXPECT_FA(t, "1.500000", "%lf", 1.5);
    EXPECT_FA(t, "1.500000", "%F", 1.5);
    EXPECT_FA(t, "2.500000", "%Lf", (long double)2.5);
    EXPECT_FA(t, "1.000000e+00", "%e", 1.0);          /* UCRT: two-digit exponent */
    EXPECT_FA(t, "1.234568E+04", "%E", 12345.678);
    EXPECT_FA(t, "1.000000e+100", "%e", 1e100);
    EXPECT_FA(t, "1.000e-300", "%.3e", 1e-300);
    EXPECT_FA(t, "0.000000e+00", "%e", 0.0);
    EXPECT_FA(t, "-0.000000", "%f", -0.0);
    EXPECT_FA(t, "0.0001", "%g", 0.0001);
    EXPECT_FA(t, "1e-05", "%g", 0.00001);
    EXPECT_FA(t, "1E+20", "%G", 1e20);
    EXPECT_FA(t, "100000", "%g", 100000.0);
    EXPECT_FA(t, "1e+06", "%g", 1000000.0);
    EXPECT_FA(t, "1.00000", "%#g", 1.0);
    EXPECT_FA(t, "3", "%.0f", 2.6);
    EXPECT_FA(t, "3.", "%#.0f", 3.0);
    EXPECT_FA(t, "3.e+00", "%#.0e", 3.0);
    EXPECT_FA(t, "+3.14", "%+.2f", 3.14159);
    EXPECT_FA(t, " 3.14", "% .2f", 3.14159);
    EXPECT_FA(t, "-00003.142", "%010.3f", -3.14159);
    EXPECT_FA(t, "3.14      |", "%-10.2f|", 3.14159);
    EXPECT_FA(t, "    3.1", "%*.*f", 7, 1, 3.14159);
    EXPECT_FA(t, "0.1000000000000000055511151231257827", "%.34f", 0.1);
}

static void crt_format_test_float_large_output(KTEST *t)
{
    /* 1e308 in %f has 309 integer digits; with precision 400 the text exceeds any small
       internal buffer and must still be complete. */
    fa("%.400f", 1e308);
    KT_EXPECT_EQ(t, fa_ret, 309 + 1 + 400);
    KT_EXPECT_EQ(t, fa_buf[0], '1');
    KT_EXPECT_EQ(t, fa_buf[309], '.');
    KT_EXPECT_EQ(t, fa_buf[709], '0');
}

static void crt_format_test_float_special_values(KTEST *t)
{
    double inf = from_bits(0x7FF0000000000000ULL);
    double ninf = from_bits(0xFFF0000000000000ULL);
    double qnan = from_bits(0x7FF8000000000000ULL);
    double ind = from_bits(0xFFF8000000000000ULL);     /* what 0.0/0.0 produces on x64 */
    double snan = from_bits(0x7FF0000000000001ULL);
    double nqnan = from_bits(0xFFF8000000000001ULL);

    EXPECT_FA(t, "inf", "%f", inf);
    EXPECT_FA(t, "INF", "%F", inf);
    EXPECT_FA(t, "-inf", "%e", ninf);
    EXPECT_FA(t, "-INF", "%G", ninf);
    EXPECT_FA(t, "+inf", "%+f", inf);
    EXPECT_FA(t, "     inf", "%08f", inf);             /* zeros never pad inf/nan */
    EXPECT_FA(t, "inf   |", "%-6f|", inf);
    EXPECT_FA(t, "inf", "%.2f", inf);
    EXPECT_FA(t, "inf", "%a", inf);                     /* no 0x prefix */
    EXPECT_FA(t, "nan", "%f", qnan);
    EXPECT_FA(t, "NAN", "%E", qnan);
    EXPECT_FA(t, "-nan(ind)", "%f", ind);
    EXPECT_FA(t, "-NAN(IND)", "%G", ind);
    EXPECT_FA(t, "nan(snan)", "%g", snan);
    EXPECT_FA(t, "-nan", "%f", nqnan);
}

static void crt_format_test_float_hex(KTEST *t)
{
    EXPECT_FA(t, "0x1.0000000000000p+0", "%a", 1.0);
    EXPECT_FA(t, "0X1.0000000000000P+0", "%A", 1.0);
    EXPECT_FA(t, "-0x1.0000000000000p+1", "%a", -2.0);
    EXPECT_FA(t, "0x1.0000000000000p-1", "%a", 0.5);
    EXPECT_FA(t, "0x1.999999999999ap-4", "%a", 0.1);
    EXPECT_FA(t, "0x0.0000000000000p+0", "%a", 0.0);
    EXPECT_FA(t, "0x0.0000000000001p-1022", "%a", from_bits(1));
    EXPECT_FA(t, "0x1p+0", "%.0a", 1.0);
    EXPECT_FA(t, "0x1.p+0", "%#.0a", 1.0);
    EXPECT_FA(t, "0x1.8p+0", "%.1a", 1.5);
    EXPECT_FA(t, "0x1.000000000000000p+0", "%.15a", 1.0);
    EXPECT_FA(t, "0x1.0p+10", "%.1a", 1024.0);
    EXPECT_FA(t, "0x2.00p+0", "%.2a", 1.999);           /* rounding carries into the lead digit */
    EXPECT_FA(t, "0x000001.0000000000000p+0", "%025a", 1.0);
    EXPECT_FA(t, "+0x1.0000000000000p+0", "%+a", 1.0);
}

/* ---- invalid formats ------------------------------------------------------------------- */

static void crt_format_test_invalid_formats(KTEST *t)
{
    int written = 1234;

    fa("abc%n", &written);
    KT_EXPECT_EQ(t, fa_ret, -1);
    KT_EXPECT_EQ(t, written, 1234);      /* %n refused, nothing written through it */
    EXPECT_FA_INVALID(t, "%y", 1);
    EXPECT_FA_INVALID(t, "%");
    EXPECT_FA_INVALID(t, "abc%");
    EXPECT_FA_INVALID(t, "%-");
    EXPECT_FA_INVALID(t, "%5");
    EXPECT_FA_INVALID(t, "%5-d", 1);
    EXPECT_FA_INVALID(t, "%lhd", 1);
    EXPECT_FA_INVALID(t, "%llld", 1LL);
    EXPECT_FA_INVALID(t, "%Ld", 1);
    EXPECT_FA_INVALID(t, "%wd", 1);
    EXPECT_FA_INVALID(t, "%Nd", 1);
    EXPECT_FA_INVALID(t, "%-%");
    EXPECT_FA_INVALID(t, "%.5.3d", 1);
    EXPECT_FA_INVALID(t, "%5*d", 1, 2);
    EXPECT_FA_INVALID(t, "%99999999999d", 1);
    EXPECT_FA_INVALID(t, "%.99999999999d", 1);
    EXPECT_FA_INVALID(t, "%k", 1);
    KT_EXPECT_EQ(t, fa_cap(fa_buf, 10, NULL), -1);
}

/* ---- truncation and capacity ----------------------------------------------------------- */

static void crt_format_test_capacity(KTEST *t)
{
    char buf[16];

    KT_EXPECT_EQ(t, fa_cap(NULL, 0, "hello %d", 42), 8);     /* counts without a buffer */
    memset(buf, '#', sizeof buf);
    KT_EXPECT_EQ(t, fa_cap(buf, 0, "hello"), 5);
    KT_EXPECT_EQ(t, buf[0], '#');                            /* capacity 0 writes nothing */
    memset(buf, '#', sizeof buf);
    KT_EXPECT_EQ(t, fa_cap(buf, 1, "hello"), 5);
    KT_EXPECT_MEMEQ(t, buf, "h#", 2);
    memset(buf, '#', sizeof buf);
    KT_EXPECT_EQ(t, fa_cap(buf, 5, "hello"), 5);             /* exact: no NUL appended */
    KT_EXPECT_MEMEQ(t, buf, "hello#", 6);
    memset(buf, '#', sizeof buf);
    KT_EXPECT_EQ(t, fa_cap(buf, 4, "%5d|%s", 42, "xyz"), 9);
    KT_EXPECT_MEMEQ(t, buf, "   4#", 5);
    memset(buf, '#', sizeof buf);
    KT_EXPECT_EQ(t, fa_cap(buf, 3, "%ws", L"\x20AC\x20AC\x20AC\x20AC"), 4);
    KT_EXPECT_MEMEQ(t, buf, "\x80\x80\x80#", 4);
    memset(buf, '#', sizeof buf);
    KT_EXPECT_EQ(t, fa_cap(buf, 2, "%f", 1.5), 8);
    KT_EXPECT_MEMEQ(t, buf, "1.#", 3);
}

static void crt_format_test_wide_capacity(KTEST *t)
{
    WCHAR buf[8];

    for (int i = 0; i < 8; i++)
        buf[i] = L'#';
    KT_EXPECT_EQ(t, fw_cap(buf, 3, L"%S", "abcdef"), 6);
    KT_EXPECT_EQ(t, buf[2], L'c');
    KT_EXPECT_EQ(t, buf[3], L'#');
    KT_EXPECT_EQ(t, fw_cap(NULL, 0, L"%d", 12345), 5);
}

/* ---- the wide engine ------------------------------------------------------------------- */

static void crt_format_test_wide_engine(KTEST *t)
{
    char narrow[] = "narrow";
    ANSI_STRING as = { 3, 7, narrow };
    WCHAR wide_text[] = L"wide";
    UNICODE_STRING us = { 8, 10, wide_text };

    EXPECT_FW(t, L"wide", L"%s", L"wide");
    EXPECT_FW(t, L"wide", L"%ls", L"wide");
    EXPECT_FW(t, L"wide", L"%ws", L"wide");
    EXPECT_FW(t, L"narrow", L"%S", "narrow");
    EXPECT_FW(t, L"narrow", L"%hs", "narrow");
    EXPECT_FW(t, L"(null)", L"%s", (WCHAR *)NULL);
    EXPECT_FW(t, L"(null)", L"%S", (char *)NULL);
    EXPECT_FW(t, L"\x4E2D", L"%c", 0x4E2D);
    EXPECT_FW(t, L"A", L"%C", 'A');
    EXPECT_FW(t, L"\x20AC", L"%C", 0x80);
    EXPECT_FW(t, L"\x20AC\x0081\x00E9", L"%S", "\x80\x81\xE9");
    EXPECT_FW(t, L"nar", L"%Z", &as);
    EXPECT_FW(t, L"wide", L"%wZ", &us);
    EXPECT_FW(t, L"-42|  7", L"%d|%3u", -42, 7);
    EXPECT_FW(t, L"  3.1", L"%5.1f", 3.14159);
    EXPECT_FW(t, L"0x1.8p+0", L"%.1a", 1.5);
    EXPECT_FW(t, L"0000000000001234", L"%p", (void *)0x1234);
    EXPECT_FW(t, L"100%", L"100%%");
    EXPECT_FW(t, L"\x4E2D\x6587", L"\x4E2D%s", L"\x6587");
    fw(L"%n", NULL);
    KT_EXPECT_EQ(t, fw_ret, -1);
    fw(L"%Q");
    KT_EXPECT_EQ(t, fw_ret, -1);
}

static void crt_format_test_code_page_1252(KTEST *t)
{
    UCHAR a;

    KT_EXPECT_EQ(t, KmAnsiCharToUnicode('A'), L'A');
    KT_EXPECT_EQ(t, KmAnsiCharToUnicode(0x80), 0x20AC);
    KT_EXPECT_EQ(t, KmAnsiCharToUnicode(0x8D), 0x008D);   /* undefined: same value */
    KT_EXPECT_EQ(t, KmAnsiCharToUnicode(0x9F), 0x0178);
    KT_EXPECT_EQ(t, KmAnsiCharToUnicode(0xFF), 0x00FF);
    KT_EXPECT_TRUE(t, KmUnicodeCharToAnsi(0x2122, &a));
    KT_EXPECT_EQ(t, a, 0x99);
    KT_EXPECT_TRUE(t, KmUnicodeCharToAnsi(0x0090, &a));
    KT_EXPECT_EQ(t, a, 0x90);
    KT_EXPECT_FALSE(t, KmUnicodeCharToAnsi(0x0080, &a));  /* U+0080 has no 1252 byte */
    KT_EXPECT_EQ(t, a, '?');
    KT_EXPECT_FALSE(t, KmUnicodeCharToAnsi(0xD800, &a));
    for (int b = 0; b < 256; b++) {
        KT_EXPECT_TRUE(t, KmUnicodeCharToAnsi(KmAnsiCharToUnicode((UCHAR)b), &a));
        KT_EXPECT_EQ(t, a, b);
    }
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(crt_format_test_decimal),
    KTEST_CASE_ENTRY(crt_format_test_size_prefixes),
    KTEST_CASE_ENTRY(crt_format_test_integer_flags),
    KTEST_CASE_ENTRY(crt_format_test_integer_precision),
    KTEST_CASE_ENTRY(crt_format_test_alternate_forms),
    KTEST_CASE_ENTRY(crt_format_test_pointer),
    KTEST_CASE_ENTRY(crt_format_test_characters),
    KTEST_CASE_ENTRY(crt_format_test_strings),
    KTEST_CASE_ENTRY(crt_format_test_counted_strings),
    KTEST_CASE_ENTRY(crt_format_test_percent),
    KTEST_CASE_ENTRY(crt_format_test_float_decimal),
    KTEST_CASE_ENTRY(crt_format_test_float_large_output),
    KTEST_CASE_ENTRY(crt_format_test_float_special_values),
    KTEST_CASE_ENTRY(crt_format_test_float_hex),
    KTEST_CASE_ENTRY(crt_format_test_invalid_formats),
    KTEST_CASE_ENTRY(crt_format_test_capacity),
    KTEST_CASE_ENTRY(crt_format_test_wide_capacity),
    KTEST_CASE_ENTRY(crt_format_test_wide_engine),
    KTEST_CASE_ENTRY(crt_format_test_code_page_1252),
    { 0 },
};
KTEST_SUITE(crt_format, cases);
