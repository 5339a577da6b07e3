/*
 * PURPOSE: wdm/types.h as ntifs.h sees it: with _NTIFS_INCLUDED_ defined first (ntifs.h
 * does that before pulling in ntddk.h), PEPROCESS/PETHREAD are the KPROCESS/KTHREAD pointer
 * types, so Ke routines accept them without casts. types_drv.c checks the wdm.h default.
 */
#define _NTIFS_INCLUDED_
#include <wdm/types.h>
#include "hdrtest.h"

static void headers_types_test_ntifs_mode_process_types(KTEST *t)
{
    KT_EXPECT_TRUE(t, __builtin_types_compatible_p(PEPROCESS, PKPROCESS));
    KT_EXPECT_TRUE(t, __builtin_types_compatible_p(PETHREAD, PKTHREAD));
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(headers_types_test_ntifs_mode_process_types),
    { 0, 0 },
};
HDR_SUITE(headers_types_ntifs_mode, cases);
