/*
 * PURPOSE: winsvc.h from C++ (app mode): the declarations link with C++ callers, the
 * TCHAR forms pick the ANSI functions, handle types stay distinct.
 */
#include <windows.h>
#include "ktest.h"
#include "win32_scm_fake.h"

static void win32_scm_test_cpp_usage(KTEST *t)
{
    win32_scm_fake_reset();
    SC_HANDLE manager = OpenSCManager(nullptr, SERVICES_ACTIVE_DATABASE, SC_MANAGER_ALL_ACCESS);
    KT_ASSERT_TRUE(t, manager != nullptr);
    SC_HANDLE service = CreateService(manager, TEXT("KmScmCpp"), TEXT("Kmode SCM C++"),
                                      SERVICE_START | SERVICE_STOP | SERVICE_QUERY_STATUS | DELETE,
                                      SERVICE_KERNEL_DRIVER, SERVICE_DEMAND_START,
                                      SERVICE_ERROR_NORMAL, TEXT("C:\\cpp.sys"), nullptr, nullptr,
                                      nullptr, nullptr, nullptr);
    KT_ASSERT_TRUE(t, service != nullptr);
    KT_EXPECT_TRUE(t, StartService(service, 0, nullptr) != FALSE);
    SERVICE_STATUS status = {};
    KT_EXPECT_TRUE(t, ControlService(service, SERVICE_CONTROL_STOP, &status) != FALSE);
    KT_EXPECT_EQ(t, status.dwCurrentState, SERVICE_STOPPED);
    KT_EXPECT_TRUE(t, DeleteService(service) != FALSE);
    KT_EXPECT_TRUE(t, CloseServiceHandle(service) != FALSE);
    KT_EXPECT_TRUE(t, CloseServiceHandle(manager) != FALSE);
}

static KTEST_CASE win32_scm_cpp_cases[] = {
    KTEST_CASE_ENTRY(win32_scm_test_cpp_usage),
    { nullptr, nullptr }
};
KTEST_SUITE(win32_scm_cpp, win32_scm_cpp_cases);
