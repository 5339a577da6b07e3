/*
 * PURPOSE: Tests for the OS version DDIs: RtlGetVersion, VerSetConditionMask,
 * RtlVerifyVersionInfo, RtlIsNtDdiVersionAvailable, RtlIsServicePackVersionInstalled,
 * PsGetVersion, and the sdkddkver.h constants and defaulting.
 *
 * kmode reports Windows 11 23H2: 10.0.22631, workstation, no service pack.
 */
#include <string.h>
#include <wdm.h>
#include <kmode/version.h>
#include "ktest.h"

/* ---- Layouts and constants ----------------------------------------------------------------- */

static void rtl_version_test_structure_layouts(KTEST *t)
{
    KT_EXPECT_EQ(t, sizeof(OSVERSIONINFOW), 276);
    KT_EXPECT_EQ(t, sizeof(RTL_OSVERSIONINFOW), 276);
    KT_EXPECT_EQ(t, sizeof(RTL_OSVERSIONINFOEXW), 284);
    KT_EXPECT_EQ(t, sizeof(OSVERSIONINFOA), 148);
    KT_EXPECT_EQ(t, sizeof(OSVERSIONINFOEXA), 156);
    KT_EXPECT_EQ(t, FIELD_OFFSET(RTL_OSVERSIONINFOW, szCSDVersion), 20);
    KT_EXPECT_EQ(t, FIELD_OFFSET(RTL_OSVERSIONINFOEXW, wServicePackMajor), 276);
    KT_EXPECT_EQ(t, FIELD_OFFSET(RTL_OSVERSIONINFOEXW, wSuiteMask), 280);
    KT_EXPECT_EQ(t, FIELD_OFFSET(RTL_OSVERSIONINFOEXW, wProductType), 282);
    KT_EXPECT_EQ(t, FIELD_OFFSET(RTL_OSVERSIONINFOEXW, wReserved), 283);
}

static void rtl_version_test_ntddi_constants(KTEST *t)
{
    KT_EXPECT_EQ(t, NTDDI_WIN2K, 0x05000000);
    KT_EXPECT_EQ(t, NTDDI_WINXPSP2, 0x05010200);
    KT_EXPECT_EQ(t, NTDDI_WS03SP1, 0x05020100);
    KT_EXPECT_EQ(t, NTDDI_VISTA, 0x06000000);
    KT_EXPECT_EQ(t, NTDDI_WS08, 0x06000100);
    KT_EXPECT_EQ(t, NTDDI_WIN7, 0x06010000);
    KT_EXPECT_EQ(t, NTDDI_WIN8, 0x06020000);
    KT_EXPECT_EQ(t, NTDDI_WINBLUE, 0x06030000);
    KT_EXPECT_EQ(t, NTDDI_WIN10, 0x0A000000);
    KT_EXPECT_EQ(t, NTDDI_WIN10_RS5, 0x0A000006);
    KT_EXPECT_EQ(t, NTDDI_WIN10_VB, 0x0A000008);
    KT_EXPECT_EQ(t, NTDDI_WIN10_CO, 0x0A00000B);
    KT_EXPECT_EQ(t, NTDDI_WIN10_NI, 0x0A00000C);
    KT_EXPECT_EQ(t, NTDDI_WIN10_GE, 0x0A000010);
    KT_EXPECT_EQ(t, _WIN32_WINNT_WIN7, 0x0601);
    KT_EXPECT_EQ(t, _WIN32_WINNT_WIN10, 0x0A00);
    KT_EXPECT_EQ(t, OSVER(NTDDI_WIN10_NI), 0x0A000000);
    KT_EXPECT_EQ(t, SPVER(NTDDI_WINXPSP3), 3);
    KT_EXPECT_EQ(t, SUBVER(NTDDI_WIN10_NI), 12);
    KT_EXPECT_EQ(t, NTDDI_VERSION_FROM_WIN32_WINNT(0x0601), NTDDI_WIN7);
    KT_EXPECT_EQ(t, VER_SUITE_SINGLEUSERTS, 0x100);
    KT_EXPECT_EQ(t, VER_PRODUCT_TYPE, 0x80);
}

static void rtl_version_test_target_version_defaults_to_wdk_release(KTEST *t)
{
    KT_EXPECT_EQ(t, NTDDI_VERSION, NTDDI_WIN10_NI);
    KT_EXPECT_EQ(t, _WIN32_WINNT, 0x0A00);
#if NTDDI_VERSION < NTDDI_WIN10_NI
    KT_FAIL(t, "NTDDI_VERSION must be usable in #if");
#endif
}

/* ---- RtlGetVersion ------------------------------------------------------------------------- */

static void rtl_version_test_get_version_basic(KTEST *t)
{
    RTL_OSVERSIONINFOEXW info;

    memset(&info, 0xCC, sizeof info);
    info.dwOSVersionInfoSize = sizeof(RTL_OSVERSIONINFOW);
    KT_EXPECT_EQ(t, RtlGetVersion((PRTL_OSVERSIONINFOW)&info), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, info.dwMajorVersion, 10);
    KT_EXPECT_EQ(t, info.dwMinorVersion, 0);
    KT_EXPECT_EQ(t, info.dwBuildNumber, 22631);
    KT_EXPECT_EQ(t, info.dwPlatformId, VER_PLATFORM_WIN32_NT);
    KT_EXPECT_EQ(t, info.szCSDVersion[0], 0);
    KT_EXPECT_EQ(t, info.szCSDVersion[127], 0);
    /* The basic structure ends at szCSDVersion: nothing after it is written. */
    KT_EXPECT_EQ(t, info.wServicePackMajor, 0xCCCC);
    KT_EXPECT_EQ(t, info.wProductType, 0xCC);
    KT_EXPECT_EQ(t, info.dwOSVersionInfoSize, sizeof(RTL_OSVERSIONINFOW));
}

static void rtl_version_test_get_version_extended(KTEST *t)
{
    RTL_OSVERSIONINFOEXW info;

    memset(&info, 0xCC, sizeof info);
    info.dwOSVersionInfoSize = sizeof info;
    KT_EXPECT_EQ(t, RtlGetVersion((PRTL_OSVERSIONINFOW)&info), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, info.dwBuildNumber, 22631);
    KT_EXPECT_EQ(t, info.wServicePackMajor, 0);
    KT_EXPECT_EQ(t, info.wServicePackMinor, 0);
    KT_EXPECT_EQ(t, info.wSuiteMask, VER_SUITE_TERMINAL | VER_SUITE_SINGLEUSERTS);
    KT_EXPECT_EQ(t, info.wProductType, VER_NT_WORKSTATION);
    KT_EXPECT_EQ(t, info.wReserved, 0);
    /* The single definition agrees. */
    KT_EXPECT_EQ(t, info.dwMajorVersion, KMODE_NT_MAJOR_VERSION);
    KT_EXPECT_EQ(t, info.dwBuildNumber, KMODE_NT_BUILD_NUMBER);
    KT_EXPECT_EQ(t, info.wSuiteMask, KMODE_NT_SUITE_MASK);
}

static void rtl_version_test_get_version_other_size_fills_basic_part(KTEST *t)
{
    RTL_OSVERSIONINFOEXW info;

    memset(&info, 0xCC, sizeof info);
    info.dwOSVersionInfoSize = sizeof info + 4;   /* neither structure: the basic part only */
    KT_EXPECT_EQ(t, RtlGetVersion((PRTL_OSVERSIONINFOW)&info), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, info.dwMajorVersion, 10);
    KT_EXPECT_EQ(t, info.wSuiteMask, 0xCCCC);
}

/* ---- VerSetConditionMask ------------------------------------------------------------------- */

static void rtl_version_test_set_condition_mask_fields(KTEST *t)
{
    KT_EXPECT_EQ(t, VerSetConditionMask(0, VER_MINORVERSION, VER_EQUAL), 0x1ULL);
    KT_EXPECT_EQ(t, VerSetConditionMask(0, VER_MAJORVERSION, VER_GREATER_EQUAL), 0x3ULL << 3);
    KT_EXPECT_EQ(t, VerSetConditionMask(0, VER_BUILDNUMBER, VER_LESS), 0x4ULL << 6);
    KT_EXPECT_EQ(t, VerSetConditionMask(0, VER_PLATFORMID, VER_EQUAL), 0x1ULL << 9);
    KT_EXPECT_EQ(t, VerSetConditionMask(0, VER_SERVICEPACKMINOR, VER_GREATER), 0x2ULL << 12);
    KT_EXPECT_EQ(t, VerSetConditionMask(0, VER_SERVICEPACKMAJOR, VER_GREATER), 0x2ULL << 15);
    KT_EXPECT_EQ(t, VerSetConditionMask(0, VER_SUITENAME, VER_OR), 0x7ULL << 18);
    KT_EXPECT_EQ(t, VerSetConditionMask(0, VER_PRODUCT_TYPE, VER_LESS_EQUAL), 0x5ULL << 21);
    /* Accumulates (OR) into the mask it is given. */
    ULONGLONG m = 0;
    VER_SET_CONDITION(m, VER_MAJORVERSION, VER_GREATER_EQUAL);
    VER_SET_CONDITION(m, VER_MINORVERSION, VER_GREATER_EQUAL);
    KT_EXPECT_EQ(t, m, 0x1BULL);
}

static void rtl_version_test_set_condition_mask_edge_cases(KTEST *t)
{
    /* Several type bits: only the highest-priority one is recorded. */
    KT_EXPECT_EQ(t, VerSetConditionMask(0, VER_MAJORVERSION | VER_MINORVERSION, VER_EQUAL), 0x1ULL << 3);
    KT_EXPECT_EQ(t, VerSetConditionMask(0, VER_PRODUCT_TYPE | VER_MINORVERSION, VER_EQUAL), 0x1ULL << 21);
    /* No type, or no condition: unchanged. The condition keeps its low 3 bits. */
    KT_EXPECT_EQ(t, VerSetConditionMask(0x40, 0, VER_EQUAL), 0x40);
    KT_EXPECT_EQ(t, VerSetConditionMask(0x40, VER_MINORVERSION, 0), 0x40);
    KT_EXPECT_EQ(t, VerSetConditionMask(0x40, VER_MINORVERSION, 8), 0x40);
    KT_EXPECT_EQ(t, VerSetConditionMask(0, VER_MINORVERSION, 0x0B), 0x3);
    KT_EXPECT_EQ(t, VerSetConditionMask(0, 0x100, VER_EQUAL), 0);
}

/* ---- RtlVerifyVersionInfo ------------------------------------------------------------------ */

static NTSTATUS verify(ULONG Major, ULONG Minor, USHORT SpMajor, USHORT SpMinor, ULONG TypeMask,
                       ULONGLONG Mask)
{
    RTL_OSVERSIONINFOEXW v;

    memset(&v, 0, sizeof v);
    v.dwOSVersionInfoSize = sizeof v;
    v.dwMajorVersion = Major;
    v.dwMinorVersion = Minor;
    v.wServicePackMajor = SpMajor;
    v.wServicePackMinor = SpMinor;
    return RtlVerifyVersionInfo(&v, TypeMask, Mask);
}

static ULONGLONG cond(ULONG Type1, UCHAR C1, ULONG Type2, UCHAR C2)
{
    ULONGLONG m = 0;
    VER_SET_CONDITION(m, Type1, C1);
    if (Type2)
        VER_SET_CONDITION(m, Type2, C2);
    return m;
}

static void rtl_version_test_verify_invalid_parameters(KTEST *t)
{
    RTL_OSVERSIONINFOEXW v;

    memset(&v, 0, sizeof v);
    v.dwOSVersionInfoSize = sizeof v;
    KT_EXPECT_EQ(t, RtlVerifyVersionInfo(&v, 0, cond(VER_MAJORVERSION, VER_EQUAL, 0, 0)),
                 STATUS_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, RtlVerifyVersionInfo(&v, VER_MAJORVERSION, 0), STATUS_INVALID_PARAMETER);
    v.wSuiteMask = VER_SUITE_SINGLEUSERTS;
    KT_EXPECT_EQ(t, RtlVerifyVersionInfo(&v, VER_SUITENAME, cond(VER_SUITENAME, VER_EQUAL, 0, 0)),
                 STATUS_INVALID_PARAMETER);
}

static void rtl_version_test_verify_major_minor_as_one_number(KTEST *t)
{
    const ULONG mm = VER_MAJORVERSION | VER_MINORVERSION;
    ULONGLONG ge = cond(VER_MAJORVERSION, VER_GREATER_EQUAL, VER_MINORVERSION, VER_GREATER_EQUAL);

    /* 10.0 >= 6.1: the major version is higher, so the minor version is not compared. */
    KT_EXPECT_EQ(t, verify(6, 1, 0, 0, mm, ge), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, verify(10, 0, 0, 0, mm, ge), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, verify(10, 1, 0, 0, mm, ge), STATUS_REVISION_MISMATCH);
    KT_EXPECT_EQ(t, verify(11, 0, 0, 0, mm, ge), STATUS_REVISION_MISMATCH);
    /* With service packs: 10.0 SP0 >= 10.0 SP1 fails, >= 6.3 SP5 holds. */
    const ULONG all = mm | VER_SERVICEPACKMAJOR;
    ULONGLONG ge3 = ge;
    VER_SET_CONDITION(ge3, VER_SERVICEPACKMAJOR, VER_GREATER_EQUAL);
    KT_EXPECT_EQ(t, verify(10, 0, 1, 0, all, ge3), STATUS_REVISION_MISMATCH);
    KT_EXPECT_EQ(t, verify(6, 3, 5, 0, all, ge3), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, verify(10, 0, 0, 0, all, ge3), STATUS_SUCCESS);
    /* An upper bound: <= 10.0 holds, < 10.0 does not, < 10.1 does. */
    ULONGLONG le = cond(VER_MAJORVERSION, VER_LESS_EQUAL, VER_MINORVERSION, VER_LESS_EQUAL);
    ULONGLONG lt = cond(VER_MAJORVERSION, VER_LESS, VER_MINORVERSION, VER_LESS);
    KT_EXPECT_EQ(t, verify(10, 0, 0, 0, mm, le), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, verify(10, 0, 0, 0, mm, lt), STATUS_REVISION_MISMATCH);
    KT_EXPECT_EQ(t, verify(10, 1, 0, 0, mm, lt), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, verify(9, 9, 0, 0, mm, lt), STATUS_REVISION_MISMATCH);
    /* Equality on one field. */
    KT_EXPECT_EQ(t, verify(10, 0, 0, 0, VER_MAJORVERSION, cond(VER_MAJORVERSION, VER_EQUAL, 0, 0)),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, verify(6, 0, 0, 0, VER_MAJORVERSION, cond(VER_MAJORVERSION, VER_EQUAL, 0, 0)),
                 STATUS_REVISION_MISMATCH);
}

static void rtl_version_test_verify_leading_operator_carries_over(KTEST *t)
{
    const ULONG mm = VER_MAJORVERSION | VER_MINORVERSION;

    /* The minor version has no condition of its own: the major's ">=" applies to it. */
    ULONGLONG major_only = cond(VER_MAJORVERSION, VER_GREATER_EQUAL, 0, 0);
    KT_EXPECT_EQ(t, verify(10, 0, 0, 0, mm, major_only), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, verify(10, 1, 0, 0, mm, major_only), STATUS_REVISION_MISMATCH);
    /* Under a ">=" leader a "<" on the minor version is overridden by the leader. */
    ULONGLONG mixed = cond(VER_MAJORVERSION, VER_GREATER_EQUAL, VER_MINORVERSION, VER_LESS);
    KT_EXPECT_EQ(t, verify(10, 0, 0, 0, mm, mixed), STATUS_SUCCESS);
    /* An "=" leader gives way to the minor version's own operator. */
    ULONGLONG eq_gt = cond(VER_MAJORVERSION, VER_EQUAL, VER_MINORVERSION, VER_GREATER);
    KT_EXPECT_EQ(t, verify(10, 0, 0, 0, mm, eq_gt), STATUS_REVISION_MISMATCH);
    ULONGLONG eq_ge = cond(VER_MAJORVERSION, VER_EQUAL, VER_MINORVERSION, VER_GREATER_EQUAL);
    KT_EXPECT_EQ(t, verify(10, 0, 0, 0, mm, eq_ge), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, verify(9, 0, 0, 0, mm, eq_ge), STATUS_REVISION_MISMATCH);
}

static void rtl_version_test_verify_build_platform_product_suite(KTEST *t)
{
    RTL_OSVERSIONINFOEXW v;

    memset(&v, 0, sizeof v);
    v.dwOSVersionInfoSize = sizeof v;
    v.dwBuildNumber = 22000;
    KT_EXPECT_EQ(t, RtlVerifyVersionInfo(&v, VER_BUILDNUMBER, cond(VER_BUILDNUMBER, VER_GREATER_EQUAL, 0, 0)),
                 STATUS_SUCCESS);
    v.dwBuildNumber = 22632;
    KT_EXPECT_EQ(t, RtlVerifyVersionInfo(&v, VER_BUILDNUMBER, cond(VER_BUILDNUMBER, VER_GREATER_EQUAL, 0, 0)),
                 STATUS_REVISION_MISMATCH);
    v.dwBuildNumber = 22631;
    KT_EXPECT_EQ(t, RtlVerifyVersionInfo(&v, VER_BUILDNUMBER, cond(VER_BUILDNUMBER, VER_EQUAL, 0, 0)),
                 STATUS_SUCCESS);
    /* A selected field with no condition in the mask never matches. */
    KT_EXPECT_EQ(t, RtlVerifyVersionInfo(&v, VER_BUILDNUMBER, cond(VER_MAJORVERSION, VER_EQUAL, 0, 0)),
                 STATUS_REVISION_MISMATCH);

    v.dwPlatformId = VER_PLATFORM_WIN32_NT;
    KT_EXPECT_EQ(t, RtlVerifyVersionInfo(&v, VER_PLATFORMID, cond(VER_PLATFORMID, VER_EQUAL, 0, 0)),
                 STATUS_SUCCESS);
    v.wProductType = VER_NT_WORKSTATION;
    KT_EXPECT_EQ(t, RtlVerifyVersionInfo(&v, VER_PRODUCT_TYPE, cond(VER_PRODUCT_TYPE, VER_EQUAL, 0, 0)),
                 STATUS_SUCCESS);
    v.wProductType = VER_NT_SERVER;
    KT_EXPECT_EQ(t, RtlVerifyVersionInfo(&v, VER_PRODUCT_TYPE, cond(VER_PRODUCT_TYPE, VER_EQUAL, 0, 0)),
                 STATUS_REVISION_MISMATCH);

    ULONGLONG and_ = cond(VER_SUITENAME, VER_AND, 0, 0), or_ = cond(VER_SUITENAME, VER_OR, 0, 0);
    v.wSuiteMask = VER_SUITE_SINGLEUSERTS;
    KT_EXPECT_EQ(t, RtlVerifyVersionInfo(&v, VER_SUITENAME, and_), STATUS_SUCCESS);
    v.wSuiteMask = VER_SUITE_SINGLEUSERTS | VER_SUITE_DATACENTER;
    KT_EXPECT_EQ(t, RtlVerifyVersionInfo(&v, VER_SUITENAME, and_), STATUS_REVISION_MISMATCH);
    KT_EXPECT_EQ(t, RtlVerifyVersionInfo(&v, VER_SUITENAME, or_), STATUS_SUCCESS);
    v.wSuiteMask = VER_SUITE_DATACENTER;
    KT_EXPECT_EQ(t, RtlVerifyVersionInfo(&v, VER_SUITENAME, or_), STATUS_REVISION_MISMATCH);
    v.wSuiteMask = 0;
    KT_EXPECT_EQ(t, RtlVerifyVersionInfo(&v, VER_SUITENAME, or_), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, RtlVerifyVersionInfo(&v, VER_SUITENAME, and_), STATUS_SUCCESS);
}

static void rtl_version_test_verify_typical_driver_check(KTEST *t)
{
    RTL_OSVERSIONINFOEXW v;
    ULONGLONG m = 0;

    /* "Windows 10 build 19041 or later", as drivers write it. */
    memset(&v, 0, sizeof v);
    v.dwOSVersionInfoSize = sizeof v;
    v.dwMajorVersion = 10;
    v.dwMinorVersion = 0;
    v.dwBuildNumber = 19041;
    VER_SET_CONDITION(m, VER_MAJORVERSION, VER_GREATER_EQUAL);
    VER_SET_CONDITION(m, VER_MINORVERSION, VER_GREATER_EQUAL);
    VER_SET_CONDITION(m, VER_BUILDNUMBER, VER_GREATER_EQUAL);
    KT_EXPECT_EQ(t, RtlVerifyVersionInfo(&v, VER_MAJORVERSION | VER_MINORVERSION | VER_BUILDNUMBER, m),
                 STATUS_SUCCESS);
    v.dwBuildNumber = 26100;   /* Windows 11 24H2: newer than kmode's 22631 */
    KT_EXPECT_EQ(t, RtlVerifyVersionInfo(&v, VER_MAJORVERSION | VER_MINORVERSION | VER_BUILDNUMBER, m),
                 STATUS_REVISION_MISMATCH);
}

/* ---- NTDDI queries ------------------------------------------------------------------------- */

static void rtl_version_test_is_ntddi_version_available(KTEST *t)
{
    KT_EXPECT_TRUE(t, RtlIsNtDdiVersionAvailable(NTDDI_WIN2K));
    KT_EXPECT_TRUE(t, RtlIsNtDdiVersionAvailable(NTDDI_WIN7));
    KT_EXPECT_TRUE(t, RtlIsNtDdiVersionAvailable(NTDDI_WIN10));
    KT_EXPECT_TRUE(t, RtlIsNtDdiVersionAvailable(NTDDI_WIN10_VB));
    KT_EXPECT_TRUE(t, RtlIsNtDdiVersionAvailable(NTDDI_WIN10_NI));
    KT_EXPECT_FALSE(t, RtlIsNtDdiVersionAvailable(NTDDI_WIN10_CU));
    KT_EXPECT_FALSE(t, RtlIsNtDdiVersionAvailable(NTDDI_WIN10_GE));
    KT_EXPECT_FALSE(t, RtlIsNtDdiVersionAvailable(0x0B000000));
}

static void rtl_version_test_is_service_pack_version_installed(KTEST *t)
{
    KT_EXPECT_TRUE(t, RtlIsServicePackVersionInstalled(NTDDI_WIN10));
    KT_EXPECT_TRUE(t, RtlIsServicePackVersionInstalled(NTDDI_WIN10_NI));
    /* Another OS release, older or not: FALSE, whatever its service pack. */
    KT_EXPECT_FALSE(t, RtlIsServicePackVersionInstalled(NTDDI_WIN7));
    KT_EXPECT_FALSE(t, RtlIsServicePackVersionInstalled(NTDDI_VISTASP2));
    KT_EXPECT_FALSE(t, RtlIsServicePackVersionInstalled(NTDDI_WINXPSP3));
    /* A service pack of Windows 10 that is not installed. */
    KT_EXPECT_FALSE(t, RtlIsServicePackVersionInstalled(0x0A000100));
}

/* ---- PsGetVersion -------------------------------------------------------------------------- */

static void rtl_version_test_ps_get_version(KTEST *t)
{
    ULONG major = 0, minor = 99, build = 0;
    UNICODE_STRING csd = { 7, 7, NULL };

    KT_EXPECT_FALSE(t, PsGetVersion(&major, &minor, &build, &csd));   /* free build */
    KT_EXPECT_EQ(t, major, 10);
    KT_EXPECT_EQ(t, minor, 0);
    KT_EXPECT_EQ(t, build, 22631);
    KT_EXPECT_EQ(t, csd.Length, 0);
    KT_EXPECT_EQ(t, csd.MaximumLength, sizeof(WCHAR));
    KT_ASSERT_TRUE(t, csd.Buffer != NULL);
    KT_EXPECT_EQ(t, csd.Buffer[0], 0);
    /* Every output is optional. */
    KT_EXPECT_FALSE(t, PsGetVersion(NULL, NULL, NULL, NULL));
    build = 0;
    KT_EXPECT_FALSE(t, PsGetVersion(NULL, NULL, &build, NULL));
    KT_EXPECT_EQ(t, build, 22631);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(rtl_version_test_structure_layouts),
    KTEST_CASE_ENTRY(rtl_version_test_ntddi_constants),
    KTEST_CASE_ENTRY(rtl_version_test_target_version_defaults_to_wdk_release),
    KTEST_CASE_ENTRY(rtl_version_test_get_version_basic),
    KTEST_CASE_ENTRY(rtl_version_test_get_version_extended),
    KTEST_CASE_ENTRY(rtl_version_test_get_version_other_size_fills_basic_part),
    KTEST_CASE_ENTRY(rtl_version_test_set_condition_mask_fields),
    KTEST_CASE_ENTRY(rtl_version_test_set_condition_mask_edge_cases),
    KTEST_CASE_ENTRY(rtl_version_test_verify_invalid_parameters),
    KTEST_CASE_ENTRY(rtl_version_test_verify_major_minor_as_one_number),
    KTEST_CASE_ENTRY(rtl_version_test_verify_leading_operator_carries_over),
    KTEST_CASE_ENTRY(rtl_version_test_verify_build_platform_product_suite),
    KTEST_CASE_ENTRY(rtl_version_test_verify_typical_driver_check),
    KTEST_CASE_ENTRY(rtl_version_test_is_ntddi_version_available),
    KTEST_CASE_ENTRY(rtl_version_test_is_service_pack_version_installed),
    KTEST_CASE_ENTRY(rtl_version_test_ps_get_version),
    { 0 },
};
KTEST_SUITE(rtl_version, cases);
