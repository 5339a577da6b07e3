/*
 * PURPOSE: Tests for RtlStringFromGUID / RtlGUIDFromString (src/rtl/guid.c), written as WDK
 * driver code.
 */
#include <ntddk.h>
#include "ktest.h"

#define ST(t, expr, status) KT_EXPECT_EQ(t, (expr), (status))

static const GUID Sample = { 0x6B29FC40, 0xCA47, 0x1067, { 0xB3, 0x1D, 0x00, 0xDD, 0x01, 0x06, 0x62, 0xDA } };

static NTSTATUS FromText(PCWSTR Text, GUID *Guid)
{
    UNICODE_STRING s;
    RtlInitUnicodeString(&s, Text);
    return RtlGUIDFromString(&s, Guid);
}

static void rtl_guid_test_string_from_guid_format(KTEST *t)
{
    UNICODE_STRING s = { 0, 0, NULL };
    ST(t, RtlStringFromGUID(&Sample, &s), STATUS_SUCCESS);
    KT_ASSERT_TRUE(t, s.Buffer != NULL);
    KT_EXPECT_EQ(t, s.Length, 76);
    KT_EXPECT_EQ(t, s.MaximumLength, 78);
    KT_EXPECT_WCSEQ(t, s.Buffer, L"{6B29FC40-CA47-1067-B31D-00DD010662DA}");
    RtlFreeUnicodeString(&s);
    KT_EXPECT_PTR_EQ(t, s.Buffer, NULL);
}

static void rtl_guid_test_guid_from_string_parses(KTEST *t)
{
    GUID g;
    ST(t, FromText(L"{6B29FC40-CA47-1067-B31D-00DD010662DA}", &g), STATUS_SUCCESS);
    KT_EXPECT_MEMEQ(t, &g, &Sample, sizeof(GUID));
    ST(t, FromText(L"{6b29fc40-ca47-1067-b31d-00dd010662da}", &g), STATUS_SUCCESS);
    KT_EXPECT_MEMEQ(t, &g, &Sample, sizeof(GUID));
}

static void rtl_guid_test_round_trip(KTEST *t)
{
    static const GUID edge = { 0xFFFFFFFF, 0, 0xFFFF, { 0, 0xFF, 0x10, 0x01, 0, 0, 0, 0x80 } };
    UNICODE_STRING s;
    GUID back;
    ST(t, RtlStringFromGUID(&edge, &s), STATUS_SUCCESS);
    ST(t, RtlGUIDFromString(&s, &back), STATUS_SUCCESS);
    KT_EXPECT_MEMEQ(t, &back, &edge, sizeof(GUID));
    RtlFreeUnicodeString(&s);
}

static void rtl_guid_test_guid_from_string_rejects_malformed(KTEST *t)
{
    static PCWSTR bad[] = {
        L"6B29FC40-CA47-1067-B31D-00DD010662DA",       /* no braces */
        L"{6B29FC40-CA47-1067-B31D-00DD010662DA",      /* no closing brace */
        L"{6B29FC40-CA47-1067-B31D-00DD010662DA}x",    /* trailing character */
        L"{6B29FC40-CA47-1067-B31D-00DD010662DG}",     /* not hex */
        L"{6B29FC40-CA47-1067-B31D00-DD010662DA}",     /* dash misplaced */
        L"{6B29FC40+CA47-1067-B31D-00DD010662DA}",
        L"(6B29FC40-CA47-1067-B31D-00DD010662DA)",
        L"{ 6B29FC4-CA47-1067-B31D-00DD010662DA}",
        L"",
    };
    ULONG i;
    for (i = 0; i < RTL_NUMBER_OF(bad); i++)
    {
        GUID g = Sample;
        if (FromText(bad[i], &g) != STATUS_INVALID_PARAMETER)
            KT_FAIL(t, "malformed GUID string %lu accepted", (unsigned long)i);
        if (!ktest_memeq(&g, &Sample, sizeof(GUID)))
            KT_FAIL(t, "malformed GUID string %lu modified the output", (unsigned long)i);
    }
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(rtl_guid_test_string_from_guid_format),
    KTEST_CASE_ENTRY(rtl_guid_test_guid_from_string_parses),
    KTEST_CASE_ENTRY(rtl_guid_test_round_trip),
    KTEST_CASE_ENTRY(rtl_guid_test_guid_from_string_rejects_malformed),
    { 0 }
};
KTEST_SUITE(rtl_guid, cases);
