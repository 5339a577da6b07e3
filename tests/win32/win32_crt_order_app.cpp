/*
 * PURPOSE: App-mode test (C++) for the user CRT when the C headers come before the C++
 * library's (<stdlib.h> first: libstdc++'s own <stdlib.h> then puts glibc's declarations
 * into std:: at once): the std:: and global names still bind to kmode.
 */
#include <stdlib.h>
#include <stdio.h>
#include <wchar.h>
#include <cstdlib>
#include <cstdio>
#include <cwchar>
#include <string>
#include <windows.h>
#include <tchar.h>
#include <strsafe.h>
#include <conio.h>
#include "ktest.h"

static void win32_crt_order_test_c_headers_first(KTEST *t)
{
    wchar_t w[4];
    char b[16];
    KT_EXPECT_EQ(t, std::mbstowcs(w, "\x80", 4), 1);
    KT_EXPECT_EQ(t, w[0], 0x20AC);
    KT_EXPECT_EQ(t, mbstowcs(w, "\x9C", 4), 1);
    KT_EXPECT_EQ(t, w[0], 0x0153);
    KT_EXPECT_EQ(t, std::wctomb(b, 0x20AC), 1);
    KT_EXPECT_EQ(t, (unsigned char)b[0], 0x80);
    KT_EXPECT_EQ(t, std::wcstombs(b, L"\x4E2D", sizeof b), 1);
    KT_EXPECT_STREQ(t, b, "?");
    KT_EXPECT_EQ(t, std::mblen("x", 1), 1);
    KT_EXPECT_EQ(t, std::wcslen(L"ab"), 2);
    KT_EXPECT_EQ(t, std::snprintf(b, sizeof b, "%ws", L"ok"), 2);
    KT_EXPECT_STREQ(t, b, "ok");
    KT_EXPECT_EQ(t, sprintf_s(b, "%I64x", 0x123456789ULL), 9);
    KT_EXPECT_EQ(t, GetWindowsDirectoryW(w, 4), 11);             /* windows.h in C++ */
    KT_EXPECT_EQ(t, StringCchCopyA(b, sizeof b, "y"), S_OK);
    KT_EXPECT_EQ(t, _tcslen(_T("abc")), 3);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(win32_crt_order_test_c_headers_first),
    { nullptr, nullptr }
};
KTEST_SUITE(win32_crt_order, cases);
