/*
 * PURPOSE: App-mode tests for tchar.h in its default (ANSI) mode: _T, TCHAR and the _t
 * names are the narrow CRT, with the MS semantics of the functions they map to.
 */
#include <tchar.h>
#include <stdio.h>
#include <string.h>
#include <strsafe.h>
#include <conio.h>
#include <windows.h>      /* after the CRT, tchar.h and strsafe.h: no conflicts */
#include "ktest.h"

static void win32_tchar_test_ansi_mapping(KTEST *t)
{
    TCHAR b[16];
    _TCHAR *p;
    KT_EXPECT_EQ(t, sizeof(TCHAR), 1);
    KT_EXPECT_EQ(t, sizeof(_T("ab")), 3);
    KT_EXPECT_EQ(t, _tcslen(_T("abc")), 3);
    KT_EXPECT_EQ(t, _tcscpy_s(b, _countof(b), _T("Hello")), 0);
    KT_EXPECT_EQ(t, _tcscat_s(b, _countof(b), _T(" you")), 0);
    KT_EXPECT_STREQ(t, b, "Hello you");
    KT_EXPECT_EQ(t, _tcsicmp(b, _T("HELLO YOU")), 0);
    KT_EXPECT_EQ(t, _tcsnicmp(b, _T("HELP"), 3), 0);
    p = _tcschr(b, _T('o'));
    KT_EXPECT_PTR_EQ(t, p, b + 4);
    KT_EXPECT_PTR_EQ(t, _tcsrchr(b, _T('o')), b + 7);
    KT_EXPECT_PTR_EQ(t, _tcsstr(b, _T("you")), b + 6);
    KT_EXPECT_EQ(t, _stprintf_s(b, _countof(b), _T("%ws-%d"), L"w", 7), 3);
    KT_EXPECT_STREQ(t, b, "w-7");
    KT_EXPECT_EQ(t, _stprintf(b, _T("%I64u"), 1ULL << 40), 13);
    KT_EXPECT_EQ(t, _sntprintf(b, 2, _T("abc")), -1);
    KT_EXPECT_EQ(t, _ttoi(_T("-12x")), -12);
    KT_EXPECT_EQ(t, _tcstoul(_T("ff"), NULL, 16), 255);
    KT_EXPECT_STREQ(t, _itot(31, b, 16), "1f");
    KT_EXPECT_TRUE(t, _istdigit(_T('4')));
    KT_EXPECT_EQ(t, _totupper(_T('q')), 'Q');
    KT_EXPECT_EQ(t, _TEOF, EOF);
    KT_EXPECT_EQ(t, GetSystemDirectory(b, _countof(b)), 20);      /* the A function: 16 is too small */
    KT_EXPECT_EQ(t, StringCchCopy(b, _countof(b), TEXT("x")), S_OK);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(win32_tchar_test_ansi_mapping),
    { 0 }
};
KTEST_SUITE(win32_tchar, cases);
