/*
 * PURPOSE: Tests for the verifier core (src/verifier/vfcore.c): the settings from the
 * environment and from the registry values Windows uses, which drivers are verified, the
 * Mm DDIs that tell, the address lookup checks on DDI callers use, and the end-of-life
 * hook at image unload.
 */
#include <internal/io.h>
#include <internal/ob.h>
#include <internal/verifier.h>
#include <stdlib.h>
#include <string.h>
#include "ktest.h"

extern LOGICAL VfTestSawVerifying;
extern LOGICAL VfTestSawVerifyingByAddress;
extern NTSTATUS VfTestSawEnabledStatus;
extern ULONG VfTestSawFlags;
NTSTATUS NTAPI VfTestDriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath);

static VOID NTAPI VfTestUnload(PDRIVER_OBJECT Driver)
{
    UNREFERENCED_PARAMETER(Driver);
}

static NTSTATUS NTAPI VfTestEntryWithUnload(PDRIVER_OBJECT Driver, PUNICODE_STRING Path)
{
    NTSTATUS Status = VfTestDriverEntry(Driver, Path);
    Driver->DriverUnload = VfTestUnload;
    return Status;
}

static void ClearSettings(void)
{
    unsetenv(VF_ENV_FLAGS);
    unsetenv(VF_ENV_DRIVERS);
    RtlDeleteRegistryValue(RTL_REGISTRY_ABSOLUTE, VF_REGISTRY_KEY, VF_REGISTRY_DRIVERS_VALUE);
    RtlDeleteRegistryValue(RTL_REGISTRY_ABSOLUTE, VF_REGISTRY_KEY, VF_REGISTRY_LEVEL_VALUE);
}

/* Creates \Driver\<Name> running VfTestDriverEntry (with an unload routine). */
static PDRIVER_OBJECT CreateDriver(KTEST *t, PCWSTR Name)
{
    UNICODE_STRING DriverName;
    PDRIVER_OBJECT Driver = NULL;
    NTSTATUS Status;

    RtlInitUnicodeString(&DriverName, Name);
    Status = IopCreateDriver(&DriverName, VfTestEntryWithUnload, NULL, NULL, 0, NULL, &Driver);
    KT_EXPECT_EQ(t, Status, STATUS_SUCCESS);
    return Driver;
}

static void UnloadDriver(KTEST *t, PDRIVER_OBJECT Driver)
{
    if (Driver == NULL)
        return;
    KT_EXPECT_EQ(t, IopUnloadDriver(Driver), STATUS_SUCCESS);
    ObpFlushDeferredDeletes();
}

static void vf_core_test_off_by_default(KTEST *t)
{
    PDRIVER_OBJECT Driver;
    ULONG Flags = 0x1234;

    ClearSettings();
    KT_EXPECT_EQ(t, MmIsVerifierEnabled(&Flags), STATUS_NOT_SUPPORTED);
    KT_EXPECT_EQ(t, Flags, 0x1234);
    Driver = CreateDriver(t, L"\\Driver\\VfOff");
    KT_EXPECT_FALSE(t, VfTestSawVerifying);
    KT_EXPECT_FALSE(t, VfTestSawVerifyingByAddress);
    KT_EXPECT_EQ(t, VfTestSawEnabledStatus, STATUS_NOT_SUPPORTED);
    KT_EXPECT_EQ(t, VfDriverFlags(Driver), 0);
    KT_EXPECT_EQ(t, VfGlobalFlags, 0);
    UnloadDriver(t, Driver);
}

static void vf_core_test_environment_standard_verifies_every_driver(KTEST *t)
{
    PDRIVER_OBJECT Driver;
    ULONG Flags = 0;

    ClearSettings();
    setenv(VF_ENV_FLAGS, "standard", 1);
    KT_EXPECT_EQ(t, MmIsVerifierEnabled(&Flags), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Flags, VF_FLAGS_STANDARD);
    Driver = CreateDriver(t, L"\\Driver\\VfEnvAll");
    KT_EXPECT_TRUE(t, VfTestSawVerifying);
    KT_EXPECT_EQ(t, VfTestSawEnabledStatus, STATUS_SUCCESS);
    KT_EXPECT_EQ(t, VfTestSawFlags, VF_FLAGS_STANDARD);
    KT_EXPECT_EQ(t, VfDriverFlags(Driver), VF_FLAGS_STANDARD);
    KT_EXPECT_TRUE(t, VfAnyDriver(VF_FLAG_IO_CHECKING));
    /* This driver is linked into the program that holds the runtime: it has no code range
       of its own (vf_loaded tests a real image's), so checks by caller address skip it. */
    KT_EXPECT_FALSE(t, VfTestSawVerifyingByAddress);
    KT_EXPECT_EQ(t, VfAddressFlags((const void *)VfTestDriverEntry), 0);
    KT_EXPECT_EQ(t, VfAddressFlags((const void *)IoCreateDevice), 0);
    KT_EXPECT_EQ(t, VfAddressFlags(NULL), 0);
    UnloadDriver(t, Driver);
    /* Gone with its driver object. */
    KT_EXPECT_EQ(t, VfDriverFlags(Driver), 0);
    KT_EXPECT_EQ(t, VfGlobalFlags, 0);
    ClearSettings();
}

static void vf_core_test_environment_driver_list_and_flags(KTEST *t)
{
    PDRIVER_OBJECT Listed, Other;

    ClearSettings();
    setenv(VF_ENV_FLAGS, "0x11", 1);
    setenv(VF_ENV_DRIVERS, "nothere.sys, VFLISTED.SYS", 1);
    Listed = CreateDriver(t, L"\\Driver\\VfListed");
    KT_EXPECT_TRUE(t, VfTestSawVerifying);
    KT_EXPECT_EQ(t, VfTestSawFlags, 0x11);
    Other = CreateDriver(t, L"\\Driver\\VfOther");
    KT_EXPECT_FALSE(t, VfTestSawVerifying);
    KT_EXPECT_EQ(t, VfTestSawEnabledStatus, STATUS_SUCCESS);   /* on, just not for it */
    KT_EXPECT_EQ(t, VfDriverFlags(Listed), 0x11);
    KT_EXPECT_EQ(t, VfDriverFlags(Other), 0);
    UnloadDriver(t, Other);
    UnloadDriver(t, Listed);
    ClearSettings();
}

static void vf_core_test_registry_values(KTEST *t)
{
    PDRIVER_OBJECT Driver;
    ULONG Level = 0x209;
    ULONG Flags = 0;

    ClearSettings();
    KT_ASSERT_EQ(t, RtlCreateRegistryKey(RTL_REGISTRY_ABSOLUTE, VF_REGISTRY_KEY), STATUS_SUCCESS);
    /* VerifyDrivers alone: the standard flags. */
    KT_ASSERT_EQ(t, RtlWriteRegistryValue(RTL_REGISTRY_ABSOLUTE, VF_REGISTRY_KEY,
                                          VF_REGISTRY_DRIVERS_VALUE, REG_SZ,
                                          (PVOID)L"a.sys VfReg.sys", sizeof(L"a.sys VfReg.sys")),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, MmIsVerifierEnabled(&Flags), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Flags, VF_FLAGS_STANDARD);
    Driver = CreateDriver(t, L"\\Driver\\VfReg");
    KT_EXPECT_TRUE(t, VfTestSawVerifying);
    UnloadDriver(t, Driver);
    /* With VerifyDriverLevel. */
    KT_ASSERT_EQ(t, RtlWriteRegistryValue(RTL_REGISTRY_ABSOLUTE, VF_REGISTRY_KEY,
                                          VF_REGISTRY_LEVEL_VALUE, REG_DWORD, &Level,
                                          sizeof(Level)), STATUS_SUCCESS);
    Driver = CreateDriver(t, L"\\Driver\\VfReg");
    KT_EXPECT_EQ(t, VfTestSawFlags, 0x209);
    KT_EXPECT_EQ(t, VfDriverFlags(Driver), 0x209);
    UnloadDriver(t, Driver);
    /* The environment wins over the registry. */
    setenv(VF_ENV_FLAGS, "0", 1);
    Driver = CreateDriver(t, L"\\Driver\\VfReg");
    KT_EXPECT_FALSE(t, VfTestSawVerifying);
    UnloadDriver(t, Driver);
    ClearSettings();
    /* "*": every driver. */
    KT_ASSERT_EQ(t, RtlWriteRegistryValue(RTL_REGISTRY_ABSOLUTE, VF_REGISTRY_KEY,
                                          VF_REGISTRY_DRIVERS_VALUE, REG_SZ, (PVOID)L"*",
                                          sizeof(L"*")), STATUS_SUCCESS);
    Driver = CreateDriver(t, L"\\Driver\\VfStar");
    KT_EXPECT_TRUE(t, VfTestSawVerifying);
    UnloadDriver(t, Driver);
    ClearSettings();
}

static void vf_core_test_parse_flags(KTEST *t)
{
    ULONG Flags;

    KT_EXPECT_TRUE(t, VfParseFlags("standard", &Flags));
    KT_EXPECT_EQ(t, Flags, 0x209BB);
    KT_EXPECT_TRUE(t, VfParseFlags("", &Flags));
    KT_EXPECT_EQ(t, Flags, 0x209BB);
    KT_EXPECT_TRUE(t, VfParseFlags("0x1B", &Flags));
    KT_EXPECT_EQ(t, Flags, 0x1B);
    KT_EXPECT_TRUE(t, VfParseFlags("27", &Flags));
    KT_EXPECT_EQ(t, Flags, 27);
    KT_EXPECT_FALSE(t, VfParseFlags("0x1G", &Flags));
    KT_EXPECT_FALSE(t, VfParseFlags("-1", &Flags));
    KT_EXPECT_FALSE(t, VfParseFlags("0x100000000", &Flags));
    KT_EXPECT_FALSE(t, VfParseFlags("full", &Flags));
}

static void vf_core_test_malformed_environment_is_off(KTEST *t)
{
    PDRIVER_OBJECT Driver;
    ULONG Flags;

    ClearSettings();
    setenv(VF_ENV_FLAGS, "bogus", 1);
    KT_EXPECT_EQ(t, MmIsVerifierEnabled(&Flags), STATUS_NOT_SUPPORTED);
    Driver = CreateDriver(t, L"\\Driver\\VfBogus");
    KT_EXPECT_FALSE(t, VfTestSawVerifying);
    UnloadDriver(t, Driver);
    ClearSettings();
}

/* End-of-life checks see the driver, its flags and its code range, once, as it goes. */
static struct {
    ULONG Calls;
    PDRIVER_OBJECT Driver;
    ULONG Flags;
    ULONG_PTR Low, High;
} U;

static VOID RecordUnloadCheck(PDRIVER_OBJECT Driver, ULONG Flags, ULONG_PTR Low, ULONG_PTR High)
{
    U.Calls++;
    U.Driver = Driver;
    U.Flags = Flags;
    U.Low = Low;
    U.High = High;
}

static void vf_core_test_unload_checks_run_at_image_unload(KTEST *t)
{
    PDRIVER_OBJECT Driver;

    ClearSettings();
    memset(&U, 0, sizeof(U));
    VfRegisterUnloadCheck(RecordUnloadCheck);
    VfRegisterUnloadCheck(RecordUnloadCheck);    /* once only */
    setenv(VF_ENV_FLAGS, "0x8", 1);
    Driver = CreateDriver(t, L"\\Driver\\VfUnloadHook");
    KT_EXPECT_EQ(t, U.Calls, 0);
    UnloadDriver(t, Driver);
    KT_EXPECT_EQ(t, U.Calls, 1);
    KT_EXPECT_TRUE(t, U.Driver == Driver);
    KT_EXPECT_EQ(t, U.Flags, 0x8);
    KT_EXPECT_EQ(t, U.Low, 0);      /* no code range of its own (see above) */
    KT_EXPECT_EQ(t, U.High, 0);
    /* Drivers that are not verified are not checked. */
    setenv(VF_ENV_DRIVERS, "someone-else.sys", 1);
    Driver = CreateDriver(t, L"\\Driver\\VfUnloadHook2");
    UnloadDriver(t, Driver);
    KT_EXPECT_EQ(t, U.Calls, 1);
    ClearSettings();
}

static BOOLEAN CountDriver(const VF_DRIVER_INFO *Info, PVOID Context)
{
    ULONG *Count = Context;
    if (Info->Flags != 0 && Info->Name[0] == L'V')
        (*Count)++;
    return TRUE;
}

static void vf_core_test_enumerate(KTEST *t)
{
    PDRIVER_OBJECT A, B;
    ULONG Count = 0;

    ClearSettings();
    setenv(VF_ENV_FLAGS, "standard", 1);
    A = CreateDriver(t, L"\\Driver\\VfEnumA");
    B = CreateDriver(t, L"\\Driver\\VfEnumB");
    VfEnumerateDrivers(CountDriver, &Count);
    KT_EXPECT_EQ(t, Count, 2);
    UnloadDriver(t, A);
    UnloadDriver(t, B);
    Count = 0;
    VfEnumerateDrivers(CountDriver, &Count);
    KT_EXPECT_EQ(t, Count, 0);
    ClearSettings();
}

static KTEST_CASE vf_core_cases[] = {
    KTEST_CASE_ENTRY(vf_core_test_off_by_default),
    KTEST_CASE_ENTRY(vf_core_test_environment_standard_verifies_every_driver),
    KTEST_CASE_ENTRY(vf_core_test_environment_driver_list_and_flags),
    KTEST_CASE_ENTRY(vf_core_test_registry_values),
    KTEST_CASE_ENTRY(vf_core_test_parse_flags),
    KTEST_CASE_ENTRY(vf_core_test_malformed_environment_is_off),
    KTEST_CASE_ENTRY(vf_core_test_unload_checks_run_at_image_unload),
    KTEST_CASE_ENTRY(vf_core_test_enumerate),
    {0},
};

KTEST_SUITE(vf_core, vf_core_cases);
