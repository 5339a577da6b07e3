/* PURPOSE: dontuse.h compiles standalone (driver mode, C++) and leaves the code that follows
   it (here: the WDK type headers) compiling. */
#include <dontuse.h>
#include <ntdef.h>
#include <wdm/types.h>
#include "hdrtest.h"

static void headers_dontuse_test_included_cleanly(KTEST *t)
{
#ifdef _DONTUSE_H_
    KT_EXPECT_TRUE(t, 1);
#else
    KT_FAIL(t, "dontuse.h did not define its guard");
#endif
    KT_EXPECT_EQ(t, sizeof(IRP), 208);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(headers_dontuse_test_included_cleanly),
    { 0, 0 },
};
HDR_SUITE(headers_dontuse, cases);
