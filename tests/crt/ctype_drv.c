/*
 * PURPOSE: Driver-mode tests for the kernel CRT's <ctype.h>/<wctype.h>: the "C" locale
 * classes for every narrow character, Latin-1 wide classes, A-Z-only case mapping.
 */
#include <ntddk.h>
#include <ctype.h>
#include <wctype.h>
#include "ktest.h"

static void crt_ctype_test_narrow_classes_match_c_locale(KTEST *t)
{
    for (int c = -1; c < 256; c++) {
        int alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        int digit = c >= '0' && c <= '9';
        int space = c == ' ' || (c >= 9 && c <= 13);
        int cntrl = (c >= 0 && c < 32) || c == 127;
        int graph = c > 32 && c < 127;
        KT_EXPECT_EQ(t, isalpha(c) != 0, alpha);
        KT_EXPECT_EQ(t, isdigit(c) != 0, digit);
        KT_EXPECT_EQ(t, isalnum(c) != 0, alpha || digit);
        KT_EXPECT_EQ(t, isspace(c) != 0, space);
        KT_EXPECT_EQ(t, iscntrl(c) != 0, cntrl);
        KT_EXPECT_EQ(t, isgraph(c) != 0, graph);
        KT_EXPECT_EQ(t, isprint(c) != 0, graph || c == ' ');
        KT_EXPECT_EQ(t, ispunct(c) != 0, graph && !alpha && !digit);
        KT_EXPECT_EQ(t, isupper(c) != 0, c >= 'A' && c <= 'Z');
        KT_EXPECT_EQ(t, islower(c) != 0, c >= 'a' && c <= 'z');
        KT_EXPECT_EQ(t, isxdigit(c) != 0, digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
        KT_EXPECT_EQ(t, isblank(c) != 0, c == ' ' || c == '\t');
        KT_EXPECT_EQ(t, __iscsym(c) != 0, alpha || digit || c == '_');
        KT_EXPECT_EQ(t, __iscsymf(c) != 0, alpha || c == '_');
        KT_EXPECT_EQ(t, iswascii((wint_t)c) != 0, c >= 0 && c < 128);
    }
    KT_EXPECT_EQ(t, isalpha(1000), 0);
}

static void crt_ctype_test_case_mapping(KTEST *t)
{
    KT_EXPECT_EQ(t, tolower('A'), 'a');
    KT_EXPECT_EQ(t, tolower('a'), 'a');
    KT_EXPECT_EQ(t, tolower(0xC9), 0xC9);
    KT_EXPECT_EQ(t, tolower(EOF), EOF);
    KT_EXPECT_EQ(t, toupper('z'), 'Z');
    KT_EXPECT_EQ(t, toupper('1'), '1');
    KT_EXPECT_EQ(t, _tolower('Q'), 'q');
    KT_EXPECT_EQ(t, _toupper('q'), 'Q');
    KT_EXPECT_EQ(t, __isascii(0x80), 0);
    KT_EXPECT_EQ(t, __toascii(0xC1), 0x41);
    KT_EXPECT_EQ(t, towlower(L'A'), L'a');
    KT_EXPECT_EQ(t, towlower(0x00C9), 0x00C9);      /* "C" locale: A-Z only */
    KT_EXPECT_EQ(t, towupper(L'b'), L'B');
    KT_EXPECT_EQ(t, towupper(0x4E2D), 0x4E2D);
}

static void crt_ctype_test_wide_classes(KTEST *t)
{
    KT_EXPECT_TRUE(t, iswalpha(L'a'));
    KT_EXPECT_TRUE(t, iswalpha(0x00C9));
    KT_EXPECT_TRUE(t, iswupper(0x00C9));
    KT_EXPECT_TRUE(t, iswlower(0x00E9));
    KT_EXPECT_TRUE(t, iswlower(0x00DF));
    KT_EXPECT_FALSE(t, iswalpha(0x00D7));           /* multiplication sign */
    KT_EXPECT_TRUE(t, iswpunct(0x00D7));
    KT_EXPECT_TRUE(t, iswpunct(0x00A7));
    KT_EXPECT_TRUE(t, iswcntrl(0x0085));
    KT_EXPECT_TRUE(t, iswspace(0x00A0));
    KT_EXPECT_TRUE(t, iswblank(0x00A0));
    KT_EXPECT_TRUE(t, iswprint(0x00A0));
    KT_EXPECT_FALSE(t, iswgraph(0x00A0));
    KT_EXPECT_TRUE(t, iswspace(L'\n'));
    KT_EXPECT_FALSE(t, iswprint(L'\t'));
    KT_EXPECT_TRUE(t, iswdigit(L'7'));
    KT_EXPECT_FALSE(t, iswdigit(0x00B2));           /* superscript two is not a decimal digit */
    KT_EXPECT_TRUE(t, iswxdigit(L'F'));
    KT_EXPECT_FALSE(t, iswxdigit(L'g'));
    KT_EXPECT_TRUE(t, iswalnum(L'5'));
    KT_EXPECT_TRUE(t, iswgraph(L'~'));
    KT_EXPECT_FALSE(t, iswalpha(0x4E2D));           /* beyond Latin-1: no class */
    KT_EXPECT_FALSE(t, iswalpha(WEOF));
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(crt_ctype_test_narrow_classes_match_c_locale),
    KTEST_CASE_ENTRY(crt_ctype_test_case_mapping),
    KTEST_CASE_ENTRY(crt_ctype_test_wide_classes),
    { 0 },
};
KTEST_SUITE(crt_ctype, cases);
