/*
 * PURPOSE: sdkddkver.h defaulting when a driver sets only NTDDI_VERSION: _WIN32_WINNT
 * follows it.
 */
#define NTDDI_VERSION 0x06020000
#include <wdm.h>
#include "ktest.h"

#if _WIN32_WINNT != _WIN32_WINNT_WIN8
#error "_WIN32_WINNT should follow NTDDI_VERSION"
#endif

static void rtl_version_target_ntddi_test_win32_winnt_follows_ntddi(KTEST *t)
{
    KT_EXPECT_EQ(t, _WIN32_WINNT, 0x0602);
    KT_EXPECT_EQ(t, NTDDI_VERSION, NTDDI_WIN8);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(rtl_version_target_ntddi_test_win32_winnt_follows_ntddi),
    { 0 },
};
KTEST_SUITE(rtl_version_target_ntddi, cases);
