/*
 * PURPOSE: windows.h with UNICODE defined: TCHAR is WCHAR, TEXT() makes wide literals and
 * the generic names (CreateEvent, FormatMessage, ...) are the W functions.
 */
#define UNICODE
#include <windows.h>
#include "ktest.h"

C_ASSERT(sizeof(TCHAR) == 2);
C_ASSERT(sizeof(TEXT("ab")) == 6);

static void win32_base_unicode_test_generic_names(KTEST *t)
{
    TCHAR buf[64];
    OSVERSIONINFO info;
    HANDLE ev = CreateEvent(NULL, TRUE, TRUE, TEXT("kmode-win32-unicode-event"));
    HANDLE again;

    KT_ASSERT_TRUE(t, ev != NULL);
    again = OpenEvent(SYNCHRONIZE, FALSE, L"kmode-win32-unicode-event");
    KT_ASSERT_TRUE(t, again != NULL);
    KT_EXPECT_EQ(t, WaitForSingleObject(again, 0), WAIT_OBJECT_0);
    KT_EXPECT_TRUE(t, CloseHandle(again));
    KT_EXPECT_TRUE(t, CloseHandle(ev));
    KT_EXPECT_TRUE(t, FormatMessage(FORMAT_MESSAGE_FROM_SYSTEM, NULL, ERROR_INVALID_PARAMETER, 0,
                                    buf, 64, NULL) > 0);
    KT_EXPECT_WCSEQ(t, buf, L"The parameter is incorrect.\r\n");
    info.dwOSVersionInfoSize = sizeof(info);
    KT_EXPECT_TRUE(t, GetVersionEx(&info));
    KT_EXPECT_EQ(t, sizeof(info.szCSDVersion), 256);
    OutputDebugString(TEXT(""));
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(win32_base_unicode_test_generic_names),
    {0}
};
KTEST_SUITE(win32_base_unicode, cases);
