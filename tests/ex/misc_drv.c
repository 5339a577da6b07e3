/*
 * PURPOSE: Tests for ExUuidCreate and ExGetPreviousMode (src/ex/misc.c).
 * Does not test randomness quality, only format and that values differ.
 */
#include <ntddk.h>
#include "ktest.h"

static void ex_misc_test_uuid_is_version_4_variant_1(KTEST *t)
{
    UUID a, b;

    KT_ASSERT_EQ(t, ExUuidCreate(&a), STATUS_SUCCESS);
    KT_ASSERT_EQ(t, ExUuidCreate(&b), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, a.Data3 >> 12, 4);
    KT_EXPECT_EQ(t, a.Data4[0] >> 6, 2);
    KT_EXPECT_EQ(t, b.Data3 >> 12, 4);
    KT_EXPECT_FALSE(t, IsEqualGUID(&a, &b));
}

static void ex_misc_test_previous_mode_is_kernel_for_kernel_callers(KTEST *t)
{
    KT_EXPECT_EQ(t, ExGetPreviousMode(), KernelMode);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ex_misc_test_uuid_is_version_4_variant_1),
    KTEST_CASE_ENTRY(ex_misc_test_previous_mode_is_kernel_for_kernel_callers),
    { 0 },
};
KTEST_SUITE(ex_misc, cases);
