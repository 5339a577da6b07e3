/*
 * PURPOSE: The kernel CRT headers compile as C++ in driver mode and bind to the same
 * kmode symbols (a C++ driver calling wcslen gets the 16-bit implementation).
 */
#include <ntddk.h>
#include <crtdefs.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <memory.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>
#include "ktest.h"

static void crt_cpp_test_headers_bind_from_cpp(KTEST *t)
{
    wchar_t w[16];
    char b[16];
    KT_EXPECT_EQ(t, wcslen(L"abcd"), 4);
    KT_EXPECT_EQ(t, swprintf(w, 16, L"%S-%d", "x", 5), 3);
    KT_EXPECT_WCSEQ(t, w, L"x-5");
    KT_EXPECT_EQ(t, _snprintf(b, sizeof b, "%ws", L"ok"), 2);
    KT_EXPECT_STREQ(t, b, "ok");
    KT_EXPECT_EQ(t, strtol("2147483648", nullptr, 10), LONG_MAX);
    KT_EXPECT_EQ(t, towupper(L'a'), L'A');
    KT_EXPECT_EQ(t, isdigit('3') != 0, 1);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(crt_cpp_test_headers_bind_from_cpp),
    { nullptr, nullptr },
};
KTEST_SUITE(crt_cpp, cases);
