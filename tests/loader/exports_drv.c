/*
 * PURPOSE: Driver-mode tests of MmGetSystemRoutineAddress: a driver's view (wdm.h declares
 * it) of the routines it can look up, including the kernel C runtime's.
 */
#include <ntddk.h>
#include "ktest.h"

static PVOID Find(PCWSTR Name)
{
    UNICODE_STRING s;
    RtlInitUnicodeString(&s, Name);
    return MmGetSystemRoutineAddress(&s);
}

static void exports_test_driver_finds_what_it_links_to(KTEST *t)
{
    /* The addresses a driver's own imports bind to. */
    KT_EXPECT_PTR_EQ(t, Find(L"IoGetCurrentProcess"), (PVOID)IoGetCurrentProcess);
    KT_EXPECT_PTR_EQ(t, Find(L"ZwLoadDriver"), (PVOID)ZwLoadDriver);
    KT_EXPECT_PTR_EQ(t, Find(L"ZwUnloadDriver"), (PVOID)ZwUnloadDriver);
    KT_EXPECT_PTR_EQ(t, Find(L"DbgPrintEx"), (PVOID)DbgPrintEx);
    /* The kernel CRT: a driver's wcslen is kmode's (16-bit wchar_t), and so is the export. */
    KT_EXPECT_PTR_EQ(t, Find(L"wcslen"), (PVOID)wcslen);
    KT_EXPECT_PTR_EQ(t, Find(L"_wcsicmp"), (PVOID)_wcsicmp);
    KT_EXPECT_PTR_EQ(t, Find(L"IoFileObjectType"), (PVOID)&IoFileObjectType);
}

static void exports_test_optional_routine_pattern(KTEST *t)
{
    /* How drivers probe for newer DDIs: the missing one is NULL, and calling is skipped. */
    typedef NTSTATUS (NTAPI *PFN_MISSING)(VOID);
    PFN_MISSING missing = (PFN_MISSING)Find(L"KeKmodeDoesNotExportThis");
    KT_EXPECT_PTR_EQ(t, missing, NULL);
}

static KTEST_CASE exports_cases[] = {
    KTEST_CASE_ENTRY(exports_test_driver_finds_what_it_links_to),
    KTEST_CASE_ENTRY(exports_test_optional_routine_pattern),
    {0},
};
KTEST_SUITE(exports, exports_cases);
