/*
 * PURPOSE: sdkddkver.h defaulting when a driver targets an older release through
 * _WIN32_WINNT only: NTDDI_VERSION follows it.
 */
#define _WIN32_WINNT 0x0601
#include <wdm.h>
#include "ktest.h"

#if NTDDI_VERSION != NTDDI_WIN7
#error "NTDDI_VERSION should follow _WIN32_WINNT"
#endif

static void rtl_version_target_win7_test_ntddi_follows_win32_winnt(KTEST *t)
{
    KT_EXPECT_EQ(t, NTDDI_VERSION, 0x06010000);
    KT_EXPECT_EQ(t, _WIN32_WINNT, 0x0601);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(rtl_version_target_win7_test_ntddi_follows_win32_winnt),
    { 0 },
};
KTEST_SUITE(rtl_version_target_win7, cases);
