/*
 * PURPOSE: The string headers as a C++ driver sees them: <ntddk.h> and <ntstrsafe.h> compile
 * as C++, RTL_CONSTANT_STRING accepts C++'s const literals, REFGUID is a reference, and the
 * Rtl / ntstrsafe functions link with C linkage.
 */
#include <ntddk.h>
#include <ntstrsafe.h>
#include "ktest.h"

DECLARE_GLOBAL_CONST_UNICODE_STRING(CppGlobalName, L"\\Driver\\Cpp");

static const GUID CppGuid = { 0x01234567, 0x89AB, 0xCDEF, { 0, 1, 2, 3, 4, 5, 6, 7 } };

static void rtl_string_cpp_test_constant_strings(KTEST *t)
{
    UNICODE_STRING u = RTL_CONSTANT_STRING(L"cpp");
    ANSI_STRING a = RTL_CONSTANT_STRING("cpp!");
    DECLARE_CONST_UNICODE_STRING(c, L"const");
    DECLARE_UNICODE_STRING_SIZE(sized, 8);
    KT_EXPECT_EQ(t, u.Length, 6);
    KT_EXPECT_EQ(t, u.MaximumLength, 8);
    KT_EXPECT_EQ(t, a.Length, 4);
    KT_EXPECT_EQ(t, c.Length, 10);
    KT_EXPECT_EQ(t, sized.MaximumLength, 16);
    KT_EXPECT_EQ(t, CppGlobalName.Length, 22);
    KT_EXPECT_TRUE(t, RtlEqualUnicodeString(&u, &u, FALSE));
}

static void rtl_string_cpp_test_refguid_is_a_reference(KTEST *t)
{
    UNICODE_STRING s;
    GUID back;
    KT_EXPECT_EQ(t, RtlStringFromGUID(CppGuid, &s), STATUS_SUCCESS);
    KT_EXPECT_WCSEQ(t, s.Buffer, L"{01234567-89AB-CDEF-0001-020304050607}");
    KT_EXPECT_EQ(t, RtlGUIDFromString(&s, &back), STATUS_SUCCESS);
    KT_EXPECT_MEMEQ(t, &back, &CppGuid, sizeof(GUID));
    RtlFreeUnicodeString(&s);
}

static void rtl_string_cpp_test_strsafe_links(KTEST *t)
{
    WCHAR w[16];
    UNICODE_STRING u = { 0, sizeof(w), w };
    KT_EXPECT_EQ(t, RtlStringCchPrintfW(w, RTL_NUMBER_OF(w), L"%d", 42), STATUS_SUCCESS);
    KT_EXPECT_WCSEQ(t, w, L"42");
    KT_EXPECT_EQ(t, RtlUnicodeStringCopyString(&u, L"cpp"), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, u.Length, 6);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(rtl_string_cpp_test_constant_strings),
    KTEST_CASE_ENTRY(rtl_string_cpp_test_refguid_is_a_reference),
    KTEST_CASE_ENTRY(rtl_string_cpp_test_strsafe_links),
    { 0, 0 }
};
KTEST_SUITE(rtl_string_cpp, cases);
