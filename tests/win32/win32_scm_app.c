/*
 * PURPOSE: Tests for the service control manager functions (winsvc.h), written as a console
 * app: ANSI and wide forms, the last error, status structures, QueryServiceStatusEx
 * buffers, SC handles against kernel handles. Driver loading is the scripted fake
 * (win32_scm_fake.h); win32_scm_driver_app.c runs real drivers.
 */
#include <windows.h>
#include <ntstatus.h>
#include <string.h>
#include "ktest.h"
#include "win32_scm_fake.h"

C_ASSERT(sizeof(SERVICE_STATUS) == 28);
C_ASSERT(sizeof(SERVICE_STATUS_PROCESS) == 36);
C_ASSERT(FIELD_OFFSET(SERVICE_STATUS_PROCESS, dwProcessId) == 28);
C_ASSERT(SC_MANAGER_ALL_ACCESS == 0xF003F);
C_ASSERT(SERVICE_ALL_ACCESS == 0xF01FF);

static void win32_scm_test_constants(KTEST *t)
{
    KT_EXPECT_EQ(t, SERVICE_KERNEL_DRIVER, 1);
    KT_EXPECT_EQ(t, SERVICE_DEMAND_START, 3);
    KT_EXPECT_EQ(t, SERVICE_ERROR_NORMAL, 1);
    KT_EXPECT_EQ(t, SERVICE_RUNNING, 4);
    KT_EXPECT_EQ(t, SERVICE_CONTROL_STOP, 1);
    KT_EXPECT_EQ(t, SERVICE_ACCEPT_STOP, 1);
    KT_EXPECT_STREQ(t, SERVICES_ACTIVE_DATABASEA, "ServicesActive");
    KT_EXPECT_WCSEQ(t, SERVICES_ACTIVE_DATABASEW, L"ServicesActive");
    KT_EXPECT_EQ(t, SC_GROUP_IDENTIFIERA, '+');
    KT_EXPECT_EQ(t, ERROR_SERVICE_EXISTS, 1073);
    KT_EXPECT_EQ(t, ERROR_SERVICE_MARKED_FOR_DELETE, 1072);
}

static void win32_scm_test_ansi_lifecycle(KTEST *t)
{
    SC_HANDLE Manager, Service;
    SERVICE_STATUS Status;
    SERVICE_STATUS_PROCESS Process;
    DWORD Needed;

    win32_scm_fake_reset();
    Manager = OpenSCManagerA(NULL, NULL, SC_MANAGER_ALL_ACCESS);
    KT_ASSERT_TRUE(t, Manager != NULL);
    Service = CreateServiceA(Manager, "KmScmAppA", "Kmode SCM app test", SERVICE_ALL_ACCESS,
                             SERVICE_KERNEL_DRIVER, SERVICE_DEMAND_START, SERVICE_ERROR_NORMAL,
                             "C:\\kmode\\test\\scmapp.sys", NULL, NULL, NULL, NULL, NULL);
    KT_ASSERT_TRUE(t, Service != NULL);
    KT_ASSERT_TRUE(t, QueryServiceStatus(Service, &Status));
    KT_EXPECT_EQ(t, Status.dwServiceType, SERVICE_KERNEL_DRIVER);
    KT_EXPECT_EQ(t, Status.dwCurrentState, SERVICE_STOPPED);
    KT_EXPECT_EQ(t, Status.dwWin32ExitCode, ERROR_SERVICE_NEVER_STARTED);

    KT_ASSERT_TRUE(t, StartServiceA(Service, 0, NULL));
    KT_EXPECT_EQ(t, win32_scm_fake_loads(), 1);
    KT_EXPECT_WCSEQ(t, win32_scm_fake_load_order(0), L"KmScmAppA");
    SetLastError(0);
    KT_EXPECT_FALSE(t, StartServiceA(Service, 0, NULL));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_SERVICE_ALREADY_RUNNING);

    memset(&Process, 0xCC, sizeof(Process));
    KT_ASSERT_TRUE(t, QueryServiceStatusEx(Service, SC_STATUS_PROCESS_INFO, (LPBYTE)&Process,
                                           sizeof(Process), &Needed));
    KT_EXPECT_EQ(t, Needed, sizeof(SERVICE_STATUS_PROCESS));
    KT_EXPECT_EQ(t, Process.dwCurrentState, SERVICE_RUNNING);
    KT_EXPECT_EQ(t, Process.dwControlsAccepted, SERVICE_ACCEPT_STOP);
    KT_EXPECT_EQ(t, Process.dwProcessId, 0);
    KT_EXPECT_EQ(t, Process.dwServiceFlags, 0);
    KT_EXPECT_EQ(t, Process.dwCheckPoint, 0);

    memset(&Status, 0, sizeof(Status));
    KT_ASSERT_TRUE(t, ControlService(Service, SERVICE_CONTROL_STOP, &Status));
    KT_EXPECT_EQ(t, Status.dwCurrentState, SERVICE_STOPPED);
    KT_EXPECT_EQ(t, Status.dwWin32ExitCode, 0);
    /* Stopped already: fails, and the status is still filled. */
    memset(&Status, 0, sizeof(Status));
    KT_EXPECT_FALSE(t, ControlService(Service, SERVICE_CONTROL_STOP, &Status));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_SERVICE_NOT_ACTIVE);
    KT_EXPECT_EQ(t, Status.dwCurrentState, SERVICE_STOPPED);

    KT_EXPECT_TRUE(t, DeleteService(Service));
    KT_EXPECT_FALSE(t, DeleteService(Service));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_SERVICE_MARKED_FOR_DELETE);
    KT_EXPECT_TRUE(t, CloseServiceHandle(Service));
    KT_EXPECT_EQ(t, OpenServiceA(Manager, "KmScmAppA", SERVICE_ALL_ACCESS), NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_SERVICE_DOES_NOT_EXIST);
    KT_EXPECT_TRUE(t, CloseServiceHandle(Manager));
}

static void win32_scm_test_wide_forms_and_errors(KTEST *t)
{
    SC_HANDLE Manager, Service, Again, ReadOnly;
    SERVICE_STATUS Status;

    win32_scm_fake_reset();
    KT_EXPECT_EQ(t, OpenSCManagerW(L"\\\\elsewhere", NULL, SC_MANAGER_CONNECT), NULL);
    KT_EXPECT_EQ(t, GetLastError(), RPC_S_SERVER_UNAVAILABLE);
    KT_EXPECT_EQ(t, RPC_S_SERVER_UNAVAILABLE, 1722);
    KT_EXPECT_EQ(t, OpenSCManagerW(NULL, SERVICES_FAILED_DATABASEW, SC_MANAGER_CONNECT), NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_DATABASE_DOES_NOT_EXIST);
    Manager = OpenSCManagerW(NULL, SERVICES_ACTIVE_DATABASEW, SC_MANAGER_ALL_ACCESS);
    KT_ASSERT_TRUE(t, Manager != NULL);
    Service = CreateServiceW(Manager, L"KmScmAppW", NULL, SERVICE_ALL_ACCESS, SERVICE_KERNEL_DRIVER,
                             SERVICE_DEMAND_START, SERVICE_ERROR_IGNORE, L"C:\\x\\w.sys", NULL,
                             NULL, NULL, NULL, NULL);
    KT_ASSERT_TRUE(t, Service != NULL);
    KT_EXPECT_EQ(t, CreateServiceW(Manager, L"kmscmappw", NULL, SERVICE_ALL_ACCESS,
                                   SERVICE_KERNEL_DRIVER, SERVICE_DEMAND_START,
                                   SERVICE_ERROR_IGNORE, L"C:\\x\\w.sys", NULL, NULL, NULL, NULL,
                                   NULL), NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_SERVICE_EXISTS);
    KT_EXPECT_EQ(t, CreateServiceW(Manager, L"KmScmAppSvc", NULL, SERVICE_ALL_ACCESS,
                                   SERVICE_WIN32_OWN_PROCESS, SERVICE_DEMAND_START,
                                   SERVICE_ERROR_IGNORE, L"C:\\x\\svc.exe", NULL, NULL, NULL,
                                   NULL, NULL), NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_NOT_SUPPORTED);
    KT_EXPECT_EQ(t, OpenServiceW(Manager, L"no/such", SERVICE_ALL_ACCESS), NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_NAME);

    /* Rights: a query-only handle cannot start, stop or delete. */
    ReadOnly = OpenServiceW(Manager, L"KMSCMAPPW", SERVICE_QUERY_STATUS);
    KT_ASSERT_TRUE(t, ReadOnly != NULL);
    KT_EXPECT_FALSE(t, StartServiceW(ReadOnly, 0, NULL));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_ACCESS_DENIED);
    KT_EXPECT_FALSE(t, DeleteService(ReadOnly));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_ACCESS_DENIED);
    KT_EXPECT_FALSE(t, ControlService(ReadOnly, SERVICE_CONTROL_STOP, &Status));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_ACCESS_DENIED);
    KT_EXPECT_TRUE(t, QueryServiceStatus(ReadOnly, &Status));

    /* Load failures: the NTSTATUS mapped as Windows maps it. */
    win32_scm_fake_set_load_status((int)STATUS_OBJECT_NAME_NOT_FOUND);
    KT_EXPECT_FALSE(t, StartServiceW(Service, 0, NULL));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_FILE_NOT_FOUND);
    win32_scm_fake_set_load_status((int)STATUS_PROCEDURE_NOT_FOUND);
    KT_EXPECT_FALSE(t, StartServiceW(Service, 0, NULL));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_PROC_NOT_FOUND);
    win32_scm_fake_set_load_status((int)STATUS_DEVICE_CONFIGURATION_ERROR);
    KT_EXPECT_FALSE(t, StartServiceW(Service, 0, NULL));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    KT_ASSERT_TRUE(t, QueryServiceStatus(ReadOnly, &Status));
    KT_EXPECT_EQ(t, Status.dwWin32ExitCode, ERROR_INVALID_PARAMETER);
    win32_scm_fake_set_load_status(0);

    /* Marked for delete while handles are open. */
    KT_EXPECT_TRUE(t, DeleteService(Service));
    KT_EXPECT_FALSE(t, StartServiceW(Service, 0, NULL));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_SERVICE_MARKED_FOR_DELETE);
    KT_EXPECT_EQ(t, CreateServiceW(Manager, L"KmScmAppW", NULL, SERVICE_ALL_ACCESS,
                                   SERVICE_KERNEL_DRIVER, SERVICE_DEMAND_START,
                                   SERVICE_ERROR_IGNORE, L"C:\\x\\w.sys", NULL, NULL, NULL, NULL,
                                   NULL), NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_SERVICE_MARKED_FOR_DELETE);
    Again = OpenServiceW(Manager, L"KmScmAppW", SERVICE_QUERY_STATUS);
    KT_EXPECT_TRUE(t, Again != NULL);
    CloseServiceHandle(Again);
    CloseServiceHandle(ReadOnly);
    CloseServiceHandle(Service);
    KT_EXPECT_EQ(t, OpenServiceW(Manager, L"KmScmAppW", SERVICE_QUERY_STATUS), NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_SERVICE_DOES_NOT_EXIST);
    CloseServiceHandle(Manager);
}

static void win32_scm_test_status_ex_buffer_and_arguments(KTEST *t)
{
    SC_HANDLE Manager, Service;
    BYTE Buffer[64];
    DWORD Needed = 0;
    SERVICE_STATUS Status;

    win32_scm_fake_reset();
    Manager = OpenSCManagerA(NULL, SERVICES_ACTIVE_DATABASEA, SC_MANAGER_ALL_ACCESS);
    KT_ASSERT_TRUE(t, Manager != NULL);
    Service = CreateServiceA(Manager, "KmScmAppEx", NULL, SERVICE_ALL_ACCESS, SERVICE_KERNEL_DRIVER,
                             SERVICE_DEMAND_START, SERVICE_ERROR_NORMAL, "C:\\e.sys", NULL, NULL,
                             NULL, NULL, NULL);
    KT_ASSERT_TRUE(t, Service != NULL);
    KT_EXPECT_FALSE(t, QueryServiceStatusEx(Service, SC_STATUS_PROCESS_INFO, Buffer,
                                            sizeof(SERVICE_STATUS_PROCESS) - 1, &Needed));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    KT_EXPECT_EQ(t, Needed, sizeof(SERVICE_STATUS_PROCESS));
    KT_EXPECT_FALSE(t, QueryServiceStatusEx(Service, SC_STATUS_PROCESS_INFO, NULL, 0, &Needed));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    KT_EXPECT_FALSE(t, QueryServiceStatusEx(Service, (SC_STATUS_TYPE)1, Buffer, sizeof(Buffer), &Needed));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_LEVEL);
    KT_EXPECT_FALSE(t, QueryServiceStatusEx(Service, SC_STATUS_PROCESS_INFO, Buffer, sizeof(Buffer), NULL));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    KT_EXPECT_FALSE(t, QueryServiceStatus(Service, NULL));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    KT_EXPECT_FALSE(t, ControlService(Service, SERVICE_CONTROL_STOP, NULL));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    KT_EXPECT_FALSE(t, ControlService(Service, 0x77, &Status));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    DeleteService(Service);
    CloseServiceHandle(Service);
    CloseServiceHandle(Manager);
}

static void win32_scm_test_kernel_handles_are_not_sc_handles(KTEST *t)
{
    HANDLE Event = CreateEventW(NULL, TRUE, FALSE, NULL);
    SC_HANDLE Manager = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
    SERVICE_STATUS Status;

    KT_ASSERT_TRUE(t, Event != NULL && Manager != NULL);
    KT_EXPECT_FALSE(t, CloseServiceHandle((SC_HANDLE)Event));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    KT_EXPECT_FALSE(t, QueryServiceStatus((SC_HANDLE)Event, &Status));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    KT_EXPECT_FALSE(t, CloseServiceHandle(NULL));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    KT_EXPECT_FALSE(t, CloseServiceHandle((SC_HANDLE)INVALID_HANDLE_VALUE));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    /* ...and SC handles are not kernel handles. */
    KT_EXPECT_FALSE(t, CloseHandle((HANDLE)Manager));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    KT_EXPECT_TRUE(t, CloseHandle(Event));
    KT_EXPECT_TRUE(t, CloseServiceHandle(Manager));
    KT_EXPECT_FALSE(t, CloseServiceHandle(Manager));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
}

static void win32_scm_test_ansi_dependencies(KTEST *t)
{
    SC_HANDLE Manager, Base, Top;

    win32_scm_fake_reset();
    Manager = OpenSCManager(NULL, NULL, SC_MANAGER_ALL_ACCESS);   /* TCHAR form: ANSI */
    KT_ASSERT_TRUE(t, Manager != NULL);
    Base = CreateService(Manager, TEXT("KmScmAppBase"), NULL, SERVICE_ALL_ACCESS,
                         SERVICE_KERNEL_DRIVER, SERVICE_DEMAND_START, SERVICE_ERROR_NORMAL,
                         TEXT("C:\\base.sys"), NULL, NULL, NULL, NULL, NULL);
    Top = CreateServiceA(Manager, "KmScmAppTop", NULL, SERVICE_ALL_ACCESS, SERVICE_KERNEL_DRIVER,
                         SERVICE_DEMAND_START, SERVICE_ERROR_NORMAL, "C:\\top.sys", NULL, NULL,
                         "KmScmAppBase\0", NULL, NULL);
    KT_ASSERT_TRUE(t, Base != NULL && Top != NULL);
    KT_ASSERT_TRUE(t, StartService(Top, 0, NULL));
    KT_EXPECT_EQ(t, win32_scm_fake_loads(), 2);
    KT_EXPECT_WCSEQ(t, win32_scm_fake_load_order(0), L"KmScmAppBase");
    DeleteService(Top);
    DeleteService(Base);
    CloseServiceHandle(Top);
    CloseServiceHandle(Base);
    CloseServiceHandle(Manager);
}

static KTEST_CASE win32_scm_app_cases[] = {
    KTEST_CASE_ENTRY(win32_scm_test_constants),
    KTEST_CASE_ENTRY(win32_scm_test_ansi_lifecycle),
    KTEST_CASE_ENTRY(win32_scm_test_wide_forms_and_errors),
    KTEST_CASE_ENTRY(win32_scm_test_status_ex_buffer_and_arguments),
    KTEST_CASE_ENTRY(win32_scm_test_kernel_handles_are_not_sc_handles),
    KTEST_CASE_ENTRY(win32_scm_test_ansi_dependencies),
    { 0 }
};
KTEST_SUITE(win32_scm_app, win32_scm_app_cases);
