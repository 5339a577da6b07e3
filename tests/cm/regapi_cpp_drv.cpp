/*
 * PURPOSE: include/kmode/registry.h as a C++ driver-mode harness sees it: it compiles with
 * only kmode's headers, links with C linkage, and a parameter file imported through it is
 * what the driver reads back with RtlQueryRegistryValues.
 */
#include <ntddk.h>
#include <kmode/registry.h>
#include "ktest.h"

static void cm_regapi_cpp_test_import_then_query(KTEST *t)
{
    static const char text[] =
        "Windows Registry Editor Version 5.00\r\n"
        "\r\n"
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\KmRegCpp\\Parameters]\r\n"
        "\"Mode\"=dword:00000002\r\n";
    char message[KMODE_REGISTRY_MESSAGE_SIZE];
    ULONG mode = 0;
    RTL_QUERY_REGISTRY_TABLE table[2];

    KT_ASSERT_EQ(t, KmodeRegistryImportBuffer(text, sizeof text - 1, "cpp.reg", message, sizeof message),
                 STATUS_SUCCESS);
    RtlZeroMemory(table, sizeof table);
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_REQUIRED;
    table[0].Name = const_cast<PWSTR>(L"Mode");
    table[0].EntryContext = &mode;
    KT_EXPECT_EQ(t, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, L"KmRegCpp\\Parameters", table,
                                           nullptr, nullptr),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, mode, 2u);

    void *data = nullptr;
    SIZE_T size = 0;
    KT_EXPECT_EQ(t, KmodeRegistryExportBuffer(L"HKLM\\SYSTEM\\CurrentControlSet\\Services\\KmRegCpp",
                                              &data, &size),
                 STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, size > 2 && static_cast<const UCHAR *>(data)[0] == 0xFF &&
                          static_cast<const UCHAR *>(data)[1] == 0xFE);
    KmodeRegistryFree(data);
    KT_EXPECT_EQ(t, KmodeRegistryImportBuffer("bad", 3, nullptr, nullptr, 0), STATUS_DATA_ERROR);
}

static const KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(cm_regapi_cpp_test_import_then_query),
    { 0, 0 },
};
KTEST_SUITE(cm_regapi_cpp, cases);
