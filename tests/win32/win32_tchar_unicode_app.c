/*
 * PURPOSE: App-mode tests for tchar.h with UNICODE defined (as windows.h users do): _T is
 * L"", TCHAR is wchar_t and the _t names are kmode's wide CRT; _tmain is wmain, which
 * KmodeAppStart (the entry kmode-cc generates) calls with UTF-16 arguments.
 */
#define UNICODE
#include <tchar.h>
#include <stdio.h>
#include <stdlib.h>
#include "ktest.h"
#include "win32_crt_capture.h"
#include <kmode/app.h>

static void win32_tchar_unicode_test_wide_mapping(KTEST *t)
{
    TCHAR b[16];
    CAPTURE out;
    char text[32];
    KT_EXPECT_EQ(t, sizeof(TCHAR), 2);
    KT_EXPECT_EQ(t, sizeof(_T("ab")), 6);
#ifndef _UNICODE
    KT_FAIL(t, "UNICODE must imply _UNICODE");
#endif
    KT_EXPECT_EQ(t, _tcslen(_T("abc")), 3);
    KT_EXPECT_EQ(t, _tcscpy_s(b, _countof(b), _T("Hello")), 0);
    KT_EXPECT_EQ(t, _tcsicmp(b, _T("hELLO")), 0);
    KT_EXPECT_EQ(t, _stprintf_s(b, _countof(b), _T("%s-%S"), L"w", "n"), 3);
    KT_EXPECT_WCSEQ(t, b, L"w-n");
    KT_EXPECT_EQ(t, _stprintf(b, _T("%d"), 42), 2);         /* _swprintf: no count */
    KT_EXPECT_WCSEQ(t, b, L"42");
    KT_EXPECT_EQ(t, _ttoi(_T(" 99")), 99);
    KT_EXPECT_EQ(t, _itot_s(-3, b, _countof(b), 10), 0);
    KT_EXPECT_WCSEQ(t, b, L"-3");
    KT_EXPECT_TRUE(t, _istalpha(_T('\x00E9')));
    KT_EXPECT_EQ(t, _totlower(_T('Z')), L'z');
    KT_EXPECT_EQ(t, _TEOF, WEOF);
    KT_ASSERT_TRUE(t, CaptureStdout(&out));
    KT_EXPECT_EQ(t, _tprintf(_T("%s:%d "), _T("x"), 1), 4);
    _putts(_T("\x00FC"));
    RestoreStdout(&out, text, sizeof text);
    KT_EXPECT_STREQ(t, text, "x:1 \xC3\xBC\n");
}

static int SeenArgc;
static wchar_t SeenArg1[16], SeenEnv0[16];
static int _tmain(int argc, TCHAR *argv[], TCHAR *envp[])
{
    SeenArgc = argc;
    wcscpy_s(SeenArg1, 16, argv[1]);
    wcscpy_s(SeenEnv0, 16, envp[0]);
    return argv[2] == NULL && envp[1] == NULL ? 7 : 1;
}

static void win32_tchar_unicode_test_wmain_gets_utf16_arguments(KTEST *t)
{
    char *argv[] = { (char *)"app", (char *)"caf\xC3\xA9", NULL };
    char *envp[] = { (char *)"K=\xE2\x82\xAC", NULL };
    KT_EXPECT_EQ(t, KmodeAppStart(2, argv, envp, NULL, wmain), 7);
    KT_EXPECT_EQ(t, SeenArgc, 2);
    KT_EXPECT_WCSEQ(t, SeenArg1, L"caf\x00E9");
    KT_EXPECT_WCSEQ(t, SeenEnv0, L"K=\x20AC");
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(win32_tchar_unicode_test_wide_mapping),
    KTEST_CASE_ENTRY(win32_tchar_unicode_test_wmain_gets_utf16_arguments),
    { 0 }
};
KTEST_SUITE(win32_tchar_unicode, cases);
