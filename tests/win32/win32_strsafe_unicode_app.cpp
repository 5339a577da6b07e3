/*
 * PURPOSE: App-mode test (C++) for strsafe.h with UNICODE: the generic names are the W
 * functions, and the header works in C++.
 */
#define UNICODE
#include <strsafe.h>
#include "ktest.h"

static void win32_strsafe_unicode_test_generic_names_are_wide(KTEST *t)
{
    wchar_t w[8];
    size_t n = 0;
    KT_EXPECT_EQ(t, StringCchCopy(w, 8, L"abc"), S_OK);
    KT_EXPECT_EQ(t, StringCchCat(w, 8, L"de"), S_OK);
    KT_EXPECT_EQ(t, StringCchLength(w, 8, &n), S_OK);
    KT_EXPECT_EQ(t, n, 5);
    KT_EXPECT_EQ(t, StringCbPrintf(w, sizeof w, L"%d%s", 1, L"xyzxyzxyz"), STRSAFE_E_INSUFFICIENT_BUFFER);
    KT_EXPECT_WCSEQ(t, w, L"1xyzxyz");
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(win32_strsafe_unicode_test_generic_names_are_wide),
    { nullptr, nullptr }
};
KTEST_SUITE(win32_strsafe_unicode, cases);
