/*
 * PURPOSE: The registry-driven Debug Print Filter: the REG_DWORD values of
 * HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\Debug Print Filter set the component
 * masks at boot (kmode's: the filter's loading), KMODE_DEBUG_PRINT_FILTER wins over them,
 * later changes need a reboot or DbgSetDebugFilterState, and a .reg import applies its
 * values at once. Output tests run in a child process and read its stderr.
 */
#include <stdlib.h>
#include <string.h>
#include <wdm.h>
#include <internal/kd.h>
#include <kmode/registry.h>
#include "ktest.h"

/* ---- helpers --------------------------------------------------------------------------- */

static HANDLE OpenFilterKey(void)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(KD_DEBUG_PRINT_FILTER_KEY);
    OBJECT_ATTRIBUTES oa;
    HANDLE key = NULL;

    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    ZwCreateKey(&key, KEY_ALL_ACCESS, &oa, 0, NULL, 0, NULL);
    return key;
}

static void SetFilterValue(PCWSTR Name, ULONG Type, const void *Data, ULONG Length)
{
    HANDLE key = OpenFilterKey();
    UNICODE_STRING name;

    RtlInitUnicodeString(&name, Name);
    ZwSetValueKey(key, &name, 0, Type, (PVOID)Data, Length);
    ZwClose(key);
}

static void SetFilterMask(PCWSTR Name, ULONG Mask)
{
    SetFilterValue(Name, REG_DWORD, &Mask, sizeof Mask);
}

/* Removes the key so the other suites see Windows' defaults again. */
static void RemoveFilterKey(void)
{
    HANDLE key = OpenFilterKey();
    ZwDeleteKey(key);
    ZwClose(key);
    KdpLoadDebugPrintFilter("");
}

/* ---- tests ----------------------------------------------------------------------------- */

static void kd_registry_test_values_set_masks_at_boot(KTEST *t)
{
    /* As `reg add ... /v IHVDRIVER /t REG_DWORD /d 0xF` and a reboot. */
    SetFilterMask(L"IHVDRIVER", 0xF);
    SetFilterMask(L"default", 0x8);         /* value names compare case-insensitively */
    SetFilterMask(L"WIN2000", 0x3);         /* the system-wide mask */
    KT_EXPECT_EQ(t, KdpLoadDebugPrintFilter(""), 3);
    KT_EXPECT_EQ(t, KdpQueryComponentMask(DPFLTR_IHVDRIVER_ID), 0xF);
    KT_EXPECT_EQ(t, KdpQueryComponentMask(DPFLTR_DEFAULT_ID), 0x8);
    KT_EXPECT_EQ(t, KdpQueryComponentMask(KD_WIN2000_MASK_ID), 0x3);
    KT_EXPECT_EQ(t, DbgQueryDebugFilterState(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL), (NTSTATUS)TRUE);
    KT_EXPECT_EQ(t, DbgQueryDebugFilterState(DPFLTR_IHVDRIVER_ID, 4), (NTSTATUS)FALSE);
    KT_EXPECT_EQ(t, DbgQueryDebugFilterState(DPFLTR_DEFAULT_ID, DPFLTR_INFO_LEVEL), (NTSTATUS)TRUE);
    /* WIN2000 0x3 lets warnings of every component through. */
    KT_EXPECT_EQ(t, DbgQueryDebugFilterState(DPFLTR_IHVBUS_ID, DPFLTR_WARNING_LEVEL), (NTSTATUS)TRUE);
    KT_EXPECT_EQ(t, DbgQueryDebugFilterState(DPFLTR_IHVBUS_ID, DPFLTR_TRACE_LEVEL), (NTSTATUS)FALSE);
    RemoveFilterKey();
    KT_EXPECT_EQ(t, KdpQueryComponentMask(DPFLTR_IHVDRIVER_ID), 0);
    KT_EXPECT_EQ(t, KdpQueryComponentMask(KD_WIN2000_MASK_ID), 1);
}

static void kd_registry_test_other_values_are_ignored(KTEST *t)
{
    static const WCHAR text[] = L"0xF";
    UCHAR three[3] = { 0xF, 0, 0 };

    SetFilterValue(L"IHVDRIVER", REG_SZ, text, sizeof text);    /* not a DWORD */
    SetFilterValue(L"IHVVIDEO", REG_BINARY, three, 3);
    SetFilterValue(L"IHVAUDIO", REG_DWORD, three, 3);           /* a DWORD of 3 bytes */
    SetFilterMask(L"NOSUCHCOMPONENT", 0xF);
    SetFilterMask(L"IHVDRIVER\x00e9", 0xF);
    SetFilterMask(L"", 0xF);                                    /* the default value */
    SetFilterMask(L"IHVNETWORK", 0x2);
    KT_EXPECT_EQ(t, KdpLoadDebugPrintFilter(""), 1);
    KT_EXPECT_EQ(t, KdpQueryComponentMask(DPFLTR_IHVDRIVER_ID), 0);
    KT_EXPECT_EQ(t, KdpQueryComponentMask(DPFLTR_IHVVIDEO_ID), 0);
    KT_EXPECT_EQ(t, KdpQueryComponentMask(DPFLTR_IHVAUDIO_ID), 0);
    KT_EXPECT_EQ(t, KdpQueryComponentMask(DPFLTR_IHVNETWORK_ID), 0x2);
    RemoveFilterKey();
}

static void kd_registry_test_environment_wins_over_registry(KTEST *t)
{
    SetFilterMask(L"IHVDRIVER", 0xF);
    SetFilterMask(L"IHVBUS", 0x4);
    KT_EXPECT_EQ(t, KdpLoadDebugPrintFilter("IHVDRIVER=0x1"), 3);
    KT_EXPECT_EQ(t, KdpQueryComponentMask(DPFLTR_IHVDRIVER_ID), 0x1);
    KT_EXPECT_EQ(t, KdpQueryComponentMask(DPFLTR_IHVBUS_ID), 0x4);
    RemoveFilterKey();
}

static void kd_registry_test_later_changes_wait_for_a_reboot(KTEST *t)
{
    KdpLoadDebugPrintFilter("");
    /* Windows reads the key at boot: a value written afterwards changes nothing... */
    SetFilterMask(L"IHVDRIVER", 0xF);
    KT_EXPECT_EQ(t, DbgQueryDebugFilterState(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL), (NTSTATUS)FALSE);
    /* ...DbgSetDebugFilterState does, and the next boot reads the value. */
    KT_EXPECT_EQ(t, DbgSetDebugFilterState(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, TRUE), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, KdpQueryComponentMask(DPFLTR_IHVDRIVER_ID), 0x4);
    KdpLoadDebugPrintFilter("");
    KT_EXPECT_EQ(t, KdpQueryComponentMask(DPFLTR_IHVDRIVER_ID), 0xF);
    RemoveFilterKey();
}

static void kd_registry_test_reg_import_applies_at_once(KTEST *t)
{
    static const char text[] =
        "Windows Registry Editor Version 5.00\r\n"
        "\r\n"
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Debug Print Filter]\r\n"
        "\"IHVDRIVER\"=dword:0000000f\r\n"
        "\"DEFAULT\"=dword:00000008\r\n";
    char msg[KMODE_REGISTRY_MESSAGE_SIZE];

    KdpLoadDebugPrintFilter("");
    KT_EXPECT_EQ(t, DbgSetDebugFilterState(DPFLTR_IHVBUS_ID, DPFLTR_ERROR_LEVEL, TRUE), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, KmodeRegistryImportBuffer(text, sizeof text - 1, "filter.reg", msg, sizeof msg),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, KdpQueryComponentMask(DPFLTR_IHVDRIVER_ID), 0xF);
    KT_EXPECT_EQ(t, KdpQueryComponentMask(DPFLTR_DEFAULT_ID), 0x8);
    /* A mask the file does not name keeps what DbgSetDebugFilterState made it. */
    KT_EXPECT_EQ(t, KdpQueryComponentMask(DPFLTR_IHVBUS_ID), 0x1);
    RemoveFilterKey();
}

static void print_through_registry_filter(void)
{
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "info shown\n");
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, 5, "level 5 hidden\n");
    DbgPrint("dbgprint shown\n");
    DbgPrintEx(DPFLTR_IHVVIDEO_ID, DPFLTR_WARNING_LEVEL, "video warning hidden\n");
    DbgPrintEx(DPFLTR_IHVVIDEO_ID, DPFLTR_ERROR_LEVEL, "video error shown\n");
}

static void child_with_registry_filter(void *ctx)
{
    (void)ctx;
    SetFilterMask(L"IHVDRIVER", 0xF);
    SetFilterMask(L"DEFAULT", 0x8);
    KdpLoadDebugPrintFilter("");
    print_through_registry_filter();
}

static void kd_registry_test_dbgprint_follows_registry_masks(KTEST *t)
{
    char out[4096];

    KT_EXPECT_EQ(t, ktest_run_isolated(child_with_registry_filter, NULL, out, sizeof out), 0);
    KT_EXPECT_STREQ(t, out,
                    "[test-kd] info shown\n"
                    "[test-kd] dbgprint shown\n"
                    "[test-kd] video error shown\n");
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(kd_registry_test_values_set_masks_at_boot),
    KTEST_CASE_ENTRY(kd_registry_test_other_values_are_ignored),
    KTEST_CASE_ENTRY(kd_registry_test_environment_wins_over_registry),
    KTEST_CASE_ENTRY(kd_registry_test_later_changes_wait_for_a_reboot),
    KTEST_CASE_ENTRY(kd_registry_test_reg_import_applies_at_once),
    KTEST_CASE_ENTRY(kd_registry_test_dbgprint_follows_registry_masks),
    { 0 },
};
KTEST_SUITE(kd_registry_filter, cases);
