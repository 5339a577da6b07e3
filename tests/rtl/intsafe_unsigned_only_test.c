/*
 * PURPOSE: Without ENABLE_INTSAFE_SIGNED_FUNCTIONS, ntintsafe.h declares no signed
 * arithmetic (the WDK's rule); conversions and unsigned arithmetic are still there.
 */
#include <ntdef.h>
#include <ntintsafe.h>
#include "ktest.h"

#if defined(RtlInt32Add) || defined(RtlInt64Mult)
#error "signed arithmetic aliases must not exist without ENABLE_INTSAFE_SIGNED_FUNCTIONS"
#endif

/* These would be redefinition errors if the header had declared the signed routines. */
static int RtlLongAdd = 1;
static int RtlLongLongMult = 2;

static void rtl_intsafe_unsigned_only_test_signed_routines_absent(KTEST *t)
{
    ULONG r;
    LONG l;

    KT_EXPECT_EQ(t, RtlLongAdd + RtlLongLongMult, 3);
    KT_EXPECT_EQ(t, RtlULongAdd(1, 2, &r), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, r, 3);
    KT_EXPECT_EQ(t, RtlULongToLong(0xFFFFFFFF, &l), STATUS_INTEGER_OVERFLOW);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(rtl_intsafe_unsigned_only_test_signed_routines_absent),
    { 0 },
};
KTEST_SUITE(rtl_intsafe_unsigned_only, cases);
