/*
 * PURPOSE: Tests for the service control manager's core (src/win32/svc_core.c): handles,
 * the database in the registry, creation checks, start/stop state and error mapping,
 * deletion, dependencies. Driver loading is replaced by a scripted fake so that every
 * outcome of ZwLoadDriver / ZwUnloadDriver can be produced; tests with real drivers live
 * next to the Win32 functions.
 */
#include <string.h>
#include "../../src/win32/svcp.h"
#include "ktest.h"

#include "win32_scm_fake.h"

static SIZE_T WLen(PCWSTR s) { SIZE_T n = 0; while (s[n]) n++; return n; }

/* ---- Helpers -------------------------------------------------------------------------------- */

static PVOID OpenManager(ULONG Access)
{
    PVOID h = NULL;
    (void)ScpOpenManager(NULL, NULL, Access, &h);
    return h;
}

static ULONG Create(PVOID Manager, PCWSTR Name, ULONG Start, PCWSTR Dependencies, PVOID *Service)
{
    return ScpCreateService(Manager, Name, NULL, SCP_SERVICE_ALL_ACCESS, SCP_SERVICE_KERNEL_DRIVER,
                            Start, 1, L"C:\\drivers\\test.sys", NULL, NULL, Dependencies, NULL,
                            Service);
}

static BOOLEAN ServiceKeyExists(PCWSTR Name, HANDLE *Out)
{
    WCHAR Path[400];
    UNICODE_STRING String;
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Key;
    static const WCHAR Prefix[] = L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\";
    SIZE_T p = WLen(Prefix), n = WLen(Name);

    memcpy(Path, Prefix, p * sizeof(WCHAR));
    memcpy(Path + p, Name, (n + 1) * sizeof(WCHAR));
    RtlInitUnicodeString(&String, Path);
    InitializeObjectAttributes(&Attributes, &String, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    if (!NT_SUCCESS(ZwOpenKey(&Key, KEY_READ, &Attributes)))
        return FALSE;
    if (Out != NULL)
        *Out = Key;
    else
        ZwClose(Key);
    return TRUE;
}

/* Reads a value of the service's key into Data; returns its type (0 if missing). */
static ULONG ReadValue(PCWSTR Service, PCWSTR Value, PVOID Data, ULONG Capacity)
{
    UCHAR Buffer[2048];
    PKEY_VALUE_PARTIAL_INFORMATION Info = (PKEY_VALUE_PARTIAL_INFORMATION)Buffer;
    UNICODE_STRING Name;
    HANDLE Key;
    ULONG Length, Type = 0;

    if (!ServiceKeyExists(Service, &Key))
        return 0;
    RtlInitUnicodeString(&Name, Value);
    if (NT_SUCCESS(ZwQueryValueKey(Key, &Name, KeyValuePartialInformation, Info, sizeof(Buffer),
                                   &Length)) && Info->DataLength <= Capacity) {
        memcpy(Data, Info->Data, Info->DataLength);
        Type = Info->Type;
    }
    ZwClose(Key);
    return Type;
}

/* ---- Handles ---------------------------------------------------------------------------------- */

static void win32_scm_test_open_manager(KTEST *t)
{
    PVOID h;
    KT_EXPECT_EQ(t, ScpOpenManager(NULL, NULL, SCP_SC_MANAGER_ALL_ACCESS, &h), ERROR_SUCCESS);
    KT_ASSERT_TRUE(t, h != NULL);
    KT_EXPECT_EQ(t, ScpCloseHandle(h), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, ScpCloseHandle(h), ERROR_INVALID_HANDLE);      /* closed stays invalid */
    KT_EXPECT_EQ(t, ScpOpenManager(L"", L"ServicesActive", SCP_SC_MANAGER_CONNECT, &h), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, ScpCloseHandle(h), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, ScpOpenManager(NULL, L"servicesactive", 0, &h), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, ScpCloseHandle(h), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, ScpOpenManager(L"otherhost", NULL, 0, &h), RPC_S_SERVER_UNAVAILABLE);
    KT_EXPECT_TRUE(t, h == NULL);
    KT_EXPECT_EQ(t, ScpOpenManager(NULL, L"ServicesFailed", 0, &h), ERROR_DATABASE_DOES_NOT_EXIST);
    KT_EXPECT_EQ(t, ScpOpenManager(NULL, L"Nonsense", 0, &h), ERROR_INVALID_NAME);
}

static void win32_scm_test_bad_handles_never_crash(KTEST *t)
{
    static PVOID const Bad[] = { NULL, (PVOID)4, (PVOID)0x10, (PVOID)~(ULONG_PTR)0,
                                 (PVOID)0x5C0000000004ULL, (PVOID)0x5C0000FFFFF0ULL };
    PVOID Manager = OpenManager(SCP_SC_MANAGER_ALL_ACCESS), Service = NULL, h;
    SCP_STATUS Status;
    BOOLEAN Valid;
    UCHAR Local;
    ULONG i;

    win32_scm_fake_reset();
    KT_ASSERT_TRUE(t, Manager != NULL);
    KT_ASSERT_EQ(t, Create(Manager, L"KmScmBadHandles", SCP_SERVICE_DEMAND_START, NULL, &Service),
                 ERROR_SUCCESS);
    for (i = 0; i < RTL_NUMBER_OF(Bad); i++) {
        KT_EXPECT_EQ(t, ScpStartService(Bad[i]), ERROR_INVALID_HANDLE);
        KT_EXPECT_EQ(t, ScpQueryServiceStatus(Bad[i], &Status), ERROR_INVALID_HANDLE);
        KT_EXPECT_EQ(t, ScpControlService(Bad[i], SCP_SERVICE_CONTROL_STOP, &Status, &Valid),
                     ERROR_INVALID_HANDLE);
        KT_EXPECT_FALSE(t, Valid);
        KT_EXPECT_EQ(t, ScpDeleteService(Bad[i]), ERROR_INVALID_HANDLE);
        KT_EXPECT_EQ(t, ScpOpenService(Bad[i], L"KmScmBadHandles", 0, &h), ERROR_INVALID_HANDLE);
        KT_EXPECT_EQ(t, ScpCloseHandle(Bad[i]), ERROR_INVALID_HANDLE);
    }
    KT_EXPECT_EQ(t, ScpCloseHandle(&Local), ERROR_INVALID_HANDLE);
    /* A manager handle is not a service handle, and the other way round. */
    KT_EXPECT_EQ(t, ScpStartService(Manager), ERROR_INVALID_HANDLE);
    KT_EXPECT_EQ(t, ScpQueryServiceStatus(Manager, &Status), ERROR_INVALID_HANDLE);
    KT_EXPECT_EQ(t, ScpOpenService(Service, L"KmScmBadHandles", 0, &h), ERROR_INVALID_HANDLE);
    KT_EXPECT_EQ(t, Create(Service, L"KmScmBadHandles2", SCP_SERVICE_DEMAND_START, NULL, &h),
                 ERROR_INVALID_HANDLE);
    KT_EXPECT_EQ(t, ScpDeleteService(Service), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, ScpCloseHandle(Service), ERROR_SUCCESS);
    /* The closed service handle's slot is reused by the next handle: the old value stays bad. */
    h = OpenManager(0);
    KT_EXPECT_EQ(t, ScpQueryServiceStatus(Service, &Status), ERROR_INVALID_HANDLE);
    ScpCloseHandle(h);
    ScpCloseHandle(Manager);
}

/* ---- Creation ---------------------------------------------------------------------------------- */

static void win32_scm_test_create_writes_service_key(KTEST *t)
{
    PVOID Manager = OpenManager(SCP_SC_MANAGER_ALL_ACCESS), Service;
    WCHAR Text[300];
    ULONG Value;

    win32_scm_fake_reset();
    KT_ASSERT_EQ(t, ScpCreateService(Manager, L"KmScmValues", L"Scm Values Test",
                                     SCP_SERVICE_ALL_ACCESS, SCP_SERVICE_KERNEL_DRIVER,
                                     SCP_SERVICE_DEMAND_START, 1, L"C:\\dir\\sub\\x.sys", NULL,
                                     NULL, NULL, NULL, &Service), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, ReadValue(L"KmScmValues", L"Type", &Value, 4), REG_DWORD);
    KT_EXPECT_EQ(t, Value, SCP_SERVICE_KERNEL_DRIVER);
    KT_EXPECT_EQ(t, ReadValue(L"KmScmValues", L"Start", &Value, 4), REG_DWORD);
    KT_EXPECT_EQ(t, Value, SCP_SERVICE_DEMAND_START);
    KT_EXPECT_EQ(t, ReadValue(L"KmScmValues", L"ErrorControl", &Value, 4), REG_DWORD);
    KT_EXPECT_EQ(t, Value, 1);
    /* A Win32 path becomes the NT path the kernel loader opens. */
    KT_EXPECT_EQ(t, ReadValue(L"kmscmvalues", L"ImagePath", Text, sizeof(Text)), REG_EXPAND_SZ);
    KT_EXPECT_WCSEQ(t, Text, L"\\??\\C:\\dir\\sub\\x.sys");
    KT_EXPECT_EQ(t, ReadValue(L"KmScmValues", L"DisplayName", Text, sizeof(Text)), REG_SZ);
    KT_EXPECT_WCSEQ(t, Text, L"Scm Values Test");
    KT_EXPECT_EQ(t, ReadValue(L"KmScmValues", L"Group", Text, sizeof(Text)), 0);
    ScpDeleteService(Service);
    ScpCloseHandle(Service);
    KT_EXPECT_FALSE(t, ServiceKeyExists(L"KmScmValues", NULL));

    /* Forward slashes, UNC, NT and relative paths; NULL display name is the service name. */
    KT_ASSERT_EQ(t, ScpCreateService(Manager, L"KmScmPaths", NULL, SCP_SERVICE_ALL_ACCESS,
                                     SCP_SERVICE_FILE_SYSTEM_DRIVER, SCP_SERVICE_SYSTEM_START, 0,
                                     L"c:/a/b.sys", L"", NULL, NULL, NULL, &Service), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, ReadValue(L"KmScmPaths", L"ImagePath", Text, sizeof(Text)), REG_EXPAND_SZ);
    KT_EXPECT_WCSEQ(t, Text, L"\\??\\c:\\a\\b.sys");
    KT_EXPECT_EQ(t, ReadValue(L"KmScmPaths", L"DisplayName", Text, sizeof(Text)), REG_SZ);
    KT_EXPECT_WCSEQ(t, Text, L"KmScmPaths");
    ScpDeleteService(Service);
    ScpCloseHandle(Service);
    KT_ASSERT_EQ(t, ScpCreateService(Manager, L"KmScmPaths2", NULL, SCP_SERVICE_ALL_ACCESS,
                                     SCP_SERVICE_KERNEL_DRIVER, SCP_SERVICE_DEMAND_START, 0,
                                     L"\\\\server\\share\\c.sys", NULL, NULL, NULL, NULL, &Service),
                 ERROR_SUCCESS);
    KT_EXPECT_EQ(t, ReadValue(L"KmScmPaths2", L"ImagePath", Text, sizeof(Text)), REG_EXPAND_SZ);
    KT_EXPECT_WCSEQ(t, Text, L"\\??\\UNC\\server\\share\\c.sys");
    ScpDeleteService(Service);
    ScpCloseHandle(Service);
    KT_ASSERT_EQ(t, ScpCreateService(Manager, L"KmScmPaths3", NULL, SCP_SERVICE_ALL_ACCESS,
                                     SCP_SERVICE_KERNEL_DRIVER, SCP_SERVICE_DEMAND_START, 0,
                                     L"System32\\drivers\\d.sys", NULL, NULL, NULL, NULL, &Service),
                 ERROR_SUCCESS);
    KT_EXPECT_EQ(t, ReadValue(L"KmScmPaths3", L"ImagePath", Text, sizeof(Text)), REG_EXPAND_SZ);
    KT_EXPECT_WCSEQ(t, Text, L"System32\\drivers\\d.sys");
    ScpDeleteService(Service);
    ScpCloseHandle(Service);
    ScpCloseHandle(Manager);
}

static void win32_scm_test_create_rejects_bad_parameters(KTEST *t)
{
    PVOID Manager = OpenManager(SCP_SC_MANAGER_ALL_ACCESS), Service = (PVOID)1, Weak;
    WCHAR Long[300];
    ULONG i, Tag;

    win32_scm_fake_reset();
    for (i = 0; i < 257; i++)
        Long[i] = L'a';
    Long[257] = 0;
#define CREATE(name, disp, type, start, err, path, group, tag, deps, obj) \
    ScpCreateService(Manager, name, disp, SCP_SERVICE_ALL_ACCESS, type, start, err, path, group, \
                     tag, deps, obj, &Service)
    KT_EXPECT_EQ(t, CREATE(NULL, NULL, 1, 3, 1, L"c:\\x.sys", NULL, NULL, NULL, NULL), ERROR_INVALID_NAME);
    KT_EXPECT_TRUE(t, Service == NULL);
    KT_EXPECT_EQ(t, CREATE(L"", NULL, 1, 3, 1, L"c:\\x.sys", NULL, NULL, NULL, NULL), ERROR_INVALID_NAME);
    KT_EXPECT_EQ(t, CREATE(L"a\\b", NULL, 1, 3, 1, L"c:\\x.sys", NULL, NULL, NULL, NULL), ERROR_INVALID_NAME);
    KT_EXPECT_EQ(t, CREATE(L"a/b", NULL, 1, 3, 1, L"c:\\x.sys", NULL, NULL, NULL, NULL), ERROR_INVALID_NAME);
    KT_EXPECT_EQ(t, CREATE(Long, NULL, 1, 3, 1, L"c:\\x.sys", NULL, NULL, NULL, NULL), ERROR_INVALID_NAME);
    KT_EXPECT_EQ(t, CREATE(L"KmScmBad", Long, 1, 3, 1, L"c:\\x.sys", NULL, NULL, NULL, NULL), ERROR_INVALID_NAME);
    /* 256 characters pass the SCM's check but not the registry's (key names are at most 255
       characters): the registry's error comes back, as documented. */
    Long[256] = 0;
    KT_EXPECT_EQ(t, CREATE(Long, NULL, 1, 3, 1, L"c:\\x.sys", NULL, NULL, NULL, NULL), ERROR_INVALID_PARAMETER);
    Long[255] = 0;
    KT_EXPECT_EQ(t, CREATE(Long, NULL, 1, 3, 1, L"c:\\x.sys", NULL, NULL, NULL, NULL), ERROR_SUCCESS);
    ScpDeleteService(Service);
    ScpCloseHandle(Service);
    /* Service types: Win32 services cannot run in kmode; nonsense types are invalid. */
    KT_EXPECT_EQ(t, CREATE(L"KmScmBad", NULL, SCP_SERVICE_WIN32_OWN_PROCESS, 3, 1, L"c:\\x.exe", NULL, NULL, NULL, NULL), ERROR_NOT_SUPPORTED);
    KT_EXPECT_EQ(t, CREATE(L"KmScmBad", NULL, 0, 3, 1, L"c:\\x.sys", NULL, NULL, NULL, NULL), ERROR_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, CREATE(L"KmScmBad", NULL, 3, 3, 1, L"c:\\x.sys", NULL, NULL, NULL, NULL), ERROR_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, CREATE(L"KmScmBad", NULL, 1 | SCP_SERVICE_INTERACTIVE_PROCESS, 3, 1, L"c:\\x.sys", NULL, NULL, NULL, NULL), ERROR_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, CREATE(L"KmScmBad", NULL, 1, 5, 1, L"c:\\x.sys", NULL, NULL, NULL, NULL), ERROR_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, CREATE(L"KmScmBad", NULL, 1, 3, 4, L"c:\\x.sys", NULL, NULL, NULL, NULL), ERROR_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, CREATE(L"KmScmBad", NULL, 1, 3, 1, NULL, NULL, NULL, NULL, NULL), ERROR_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, CREATE(L"KmScmBad", NULL, 1, 3, 1, L"", NULL, NULL, NULL, NULL), ERROR_INVALID_PARAMETER);
    /* A tag needs a group and a boot- or system-start driver. */
    KT_EXPECT_EQ(t, CREATE(L"KmScmBad", NULL, 1, 3, 1, L"c:\\x.sys", L"Grp", &Tag, NULL, NULL), ERROR_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, CREATE(L"KmScmBad", NULL, 1, 0, 1, L"c:\\x.sys", NULL, &Tag, NULL, NULL), ERROR_INVALID_PARAMETER);
    /* Depending on itself; a driver's start name is a driver object name. */
    KT_EXPECT_EQ(t, CREATE(L"KmScmBad", NULL, 1, 3, 1, L"c:\\x.sys", NULL, NULL, L"Other\0kmscmbad\0", NULL), ERROR_CIRCULAR_DEPENDENCY);
    KT_EXPECT_EQ(t, CREATE(L"KmScmBad", NULL, 1, 3, 1, L"c:\\x.sys", NULL, NULL, NULL, L"LocalSystem"), ERROR_INVALID_SERVICE_ACCOUNT);
    KT_EXPECT_FALSE(t, ServiceKeyExists(L"KmScmBad", NULL));
    /* A manager handle without SC_MANAGER_CREATE_SERVICE. */
    Weak = OpenManager(SCP_SC_MANAGER_CONNECT | SCP_SC_MANAGER_ENUMERATE_SERVICE);
    KT_EXPECT_EQ(t, Create(Weak, L"KmScmBad", 3, NULL, &Service), ERROR_ACCESS_DENIED);
    ScpCloseHandle(Weak);
    /* GENERIC_WRITE includes it. */
    Weak = OpenManager(GENERIC_WRITE);
    KT_EXPECT_EQ(t, Create(Weak, L"KmScmGeneric", 3, NULL, &Service), ERROR_SUCCESS);
    ScpDeleteService(Service);
    ScpCloseHandle(Service);
    ScpCloseHandle(Weak);
#undef CREATE
    ScpCloseHandle(Manager);
}

static void win32_scm_test_create_existing_and_duplicate_display(KTEST *t)
{
    PVOID Manager = OpenManager(SCP_SC_MANAGER_ALL_ACCESS), A, B = (PVOID)1;

    win32_scm_fake_reset();
    KT_ASSERT_EQ(t, ScpCreateService(Manager, L"KmScmDupA", L"Display Of A", SCP_SERVICE_ALL_ACCESS,
                                     1, 3, 1, L"c:\\a.sys", NULL, NULL, NULL, NULL, &A), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, Create(Manager, L"KMSCMDUPA", 3, NULL, &B), ERROR_SERVICE_EXISTS);
    KT_EXPECT_TRUE(t, B == NULL);
    KT_EXPECT_EQ(t, ScpCreateService(Manager, L"KmScmDupB", L"display of a", SCP_SERVICE_ALL_ACCESS,
                                     1, 3, 1, L"c:\\b.sys", NULL, NULL, NULL, NULL, &B),
                 ERROR_DUPLICATE_SERVICE_NAME);
    /* A display name equal to another service's name. */
    KT_EXPECT_EQ(t, ScpCreateService(Manager, L"KmScmDupB", L"kmscmdupa", SCP_SERVICE_ALL_ACCESS,
                                     1, 3, 1, L"c:\\b.sys", NULL, NULL, NULL, NULL, &B),
                 ERROR_DUPLICATE_SERVICE_NAME);
    KT_EXPECT_FALSE(t, ServiceKeyExists(L"KmScmDupB", NULL));
    ScpDeleteService(A);
    ScpCloseHandle(A);
    ScpCloseHandle(Manager);
}

static void win32_scm_test_open_service(KTEST *t)
{
    PVOID Manager = OpenManager(SCP_SC_MANAGER_CONNECT), Admin = OpenManager(SCP_SC_MANAGER_ALL_ACCESS);
    PVOID Service, Opened = (PVOID)1;
    UNICODE_STRING Name;
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Key;

    win32_scm_fake_reset();
    KT_EXPECT_EQ(t, ScpOpenService(Manager, L"KmScmNoSuchService", SCP_SERVICE_ALL_ACCESS, &Opened),
                 ERROR_SERVICE_DOES_NOT_EXIST);
    KT_EXPECT_TRUE(t, Opened == NULL);
    KT_EXPECT_EQ(t, ScpOpenService(Manager, L"bad\\name", 0, &Opened), ERROR_INVALID_NAME);
    KT_EXPECT_EQ(t, ScpOpenService(Manager, NULL, 0, &Opened), ERROR_INVALID_NAME);
    KT_ASSERT_EQ(t, Create(Admin, L"KmScmOpen", 3, NULL, &Service), ERROR_SUCCESS);
    /* Names compare case-insensitively; a connect-only manager handle can open. */
    KT_ASSERT_EQ(t, ScpOpenService(Manager, L"KMSCMOPEN", SCP_SERVICE_QUERY_STATUS, &Opened), ERROR_SUCCESS);
    ScpCloseHandle(Opened);
    ScpDeleteService(Service);
    ScpCloseHandle(Service);
    /* A subkey of Services without a Type value is not a service. */
    RtlInitUnicodeString(&Name, L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\KmScmNotAService");
    InitializeObjectAttributes(&Attributes, &Name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    KT_ASSERT_TRUE(t, NT_SUCCESS(ZwCreateKey(&Key, KEY_ALL_ACCESS, &Attributes, 0, NULL, 0, NULL)));
    KT_EXPECT_EQ(t, ScpOpenService(Manager, L"KmScmNotAService", 0, &Opened), ERROR_SERVICE_DOES_NOT_EXIST);
    ZwDeleteKey(Key);
    ZwClose(Key);
    ScpCloseHandle(Manager);
    ScpCloseHandle(Admin);
}

/* ---- Start, stop, status ----------------------------------------------------------------------- */

static void win32_scm_test_start_stop_lifecycle(KTEST *t)
{
    PVOID Manager = OpenManager(SCP_SC_MANAGER_ALL_ACCESS), Service;
    SCP_STATUS Status;
    BOOLEAN Valid;

    win32_scm_fake_reset();
    KT_ASSERT_EQ(t, Create(Manager, L"KmScmLife", SCP_SERVICE_DEMAND_START, NULL, &Service), ERROR_SUCCESS);
    KT_ASSERT_EQ(t, ScpQueryServiceStatus(Service, &Status), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, Status.ServiceType, SCP_SERVICE_KERNEL_DRIVER);
    KT_EXPECT_EQ(t, Status.CurrentState, SCP_SERVICE_STOPPED);
    KT_EXPECT_EQ(t, Status.Win32ExitCode, ERROR_SERVICE_NEVER_STARTED);
    KT_EXPECT_EQ(t, Status.ControlsAccepted, 0);
    /* Stopping what is not running. */
    KT_EXPECT_EQ(t, ScpControlService(Service, SCP_SERVICE_CONTROL_STOP, &Status, &Valid),
                 ERROR_SERVICE_NOT_ACTIVE);
    KT_EXPECT_TRUE(t, Valid);
    KT_EXPECT_EQ(t, Status.CurrentState, SCP_SERVICE_STOPPED);

    KT_ASSERT_EQ(t, ScpStartService(Service), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, win32_scm_fake_loads(), 1);
    KT_ASSERT_EQ(t, ScpQueryServiceStatus(Service, &Status), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, Status.CurrentState, SCP_SERVICE_RUNNING);
    KT_EXPECT_EQ(t, Status.ControlsAccepted, SCP_SERVICE_ACCEPT_STOP);
    KT_EXPECT_EQ(t, Status.Win32ExitCode, 0);
    KT_EXPECT_EQ(t, Status.ProcessId, 0);
    KT_EXPECT_EQ(t, ScpStartService(Service), ERROR_SERVICE_ALREADY_RUNNING);
    KT_EXPECT_EQ(t, win32_scm_fake_loads(), 1);
    KT_EXPECT_EQ(t, ScpControlService(Service, SCP_SERVICE_CONTROL_INTERROGATE, &Status, &Valid),
                 ERROR_SUCCESS);
    KT_EXPECT_TRUE(t, Valid);
    KT_EXPECT_EQ(t, Status.CurrentState, SCP_SERVICE_RUNNING);

    KT_ASSERT_EQ(t, ScpControlService(Service, SCP_SERVICE_CONTROL_STOP, &Status, &Valid),
                 ERROR_SUCCESS);
    KT_EXPECT_TRUE(t, Valid);
    KT_EXPECT_EQ(t, Status.CurrentState, SCP_SERVICE_STOPPED);
    KT_EXPECT_EQ(t, Status.Win32ExitCode, 0);
    KT_EXPECT_EQ(t, win32_scm_fake_unloads(), 1);
    /* And again. */
    KT_ASSERT_EQ(t, ScpStartService(Service), ERROR_SUCCESS);
    KT_ASSERT_EQ(t, ScpControlService(Service, SCP_SERVICE_CONTROL_STOP, &Status, &Valid), ERROR_SUCCESS);
    ScpDeleteService(Service);
    ScpCloseHandle(Service);
    ScpCloseHandle(Manager);
}

static void win32_scm_test_start_failures_map_errors(KTEST *t)
{
    static const struct { NTSTATUS Status; ULONG Error; } Cases[] = {
        { STATUS_OBJECT_NAME_NOT_FOUND, ERROR_FILE_NOT_FOUND },      /* no image file */
        { STATUS_OBJECT_PATH_NOT_FOUND, ERROR_PATH_NOT_FOUND },
        { STATUS_PROCEDURE_NOT_FOUND, ERROR_PROC_NOT_FOUND },        /* a DDI kmode lacks */
        { STATUS_UNSUCCESSFUL, ERROR_GEN_FAILURE },                  /* DriverEntry's status */
        { STATUS_INSUFFICIENT_RESOURCES, ERROR_NO_SYSTEM_RESOURCES },
        { STATUS_INVALID_IMAGE_FORMAT, ERROR_BAD_EXE_FORMAT },
        { STATUS_IMAGE_ALREADY_LOADED, ERROR_SERVICE_ALREADY_RUNNING },
    };
    PVOID Manager = OpenManager(SCP_SC_MANAGER_ALL_ACCESS), Service;
    SCP_STATUS Status;
    ULONG i;

    win32_scm_fake_reset();
    KT_ASSERT_EQ(t, Create(Manager, L"KmScmFail", SCP_SERVICE_DEMAND_START, NULL, &Service), ERROR_SUCCESS);
    for (i = 0; i < RTL_NUMBER_OF(Cases); i++) {
        win32_scm_fake_set_load_status(Cases[i].Status);
        KT_EXPECT_EQ(t, ScpStartService(Service), Cases[i].Error);
        KT_ASSERT_EQ(t, ScpQueryServiceStatus(Service, &Status), ERROR_SUCCESS);
        KT_EXPECT_EQ(t, Status.CurrentState, SCP_SERVICE_STOPPED);
        if (Cases[i].Error != ERROR_SERVICE_ALREADY_RUNNING)
            KT_EXPECT_EQ(t, Status.Win32ExitCode, Cases[i].Error);   /* the last start's error */
    }
    ScpDeleteService(Service);
    ScpCloseHandle(Service);
    ScpCloseHandle(Manager);
}

static void win32_scm_test_unstoppable_driver_and_controls(KTEST *t)
{
    PVOID Manager = OpenManager(SCP_SC_MANAGER_ALL_ACCESS), Service;
    SCP_STATUS Status;
    BOOLEAN Valid;

    win32_scm_fake_reset();
    win32_scm_fake_set_stoppable(0);      /* no DriverUnload */
    KT_ASSERT_EQ(t, Create(Manager, L"KmScmSticky", SCP_SERVICE_DEMAND_START, NULL, &Service), ERROR_SUCCESS);
    KT_ASSERT_EQ(t, ScpStartService(Service), ERROR_SUCCESS);
    KT_ASSERT_EQ(t, ScpQueryServiceStatus(Service, &Status), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, Status.CurrentState, SCP_SERVICE_RUNNING);
    KT_EXPECT_EQ(t, Status.ControlsAccepted, 0);
    KT_EXPECT_EQ(t, ScpControlService(Service, SCP_SERVICE_CONTROL_STOP, &Status, &Valid),
                 ERROR_INVALID_SERVICE_CONTROL);
    KT_EXPECT_TRUE(t, Valid);
    KT_EXPECT_EQ(t, Status.CurrentState, SCP_SERVICE_RUNNING);
    KT_EXPECT_EQ(t, win32_scm_fake_unloads(), 0);
    /* Drivers take no other controls; undefined codes are invalid parameters. */
    KT_EXPECT_EQ(t, ScpControlService(Service, SCP_SERVICE_CONTROL_PAUSE, &Status, &Valid),
                 ERROR_INVALID_SERVICE_CONTROL);
    KT_EXPECT_TRUE(t, Valid);
    KT_EXPECT_EQ(t, ScpControlService(Service, 200, &Status, &Valid), ERROR_INVALID_SERVICE_CONTROL);
    KT_EXPECT_EQ(t, ScpControlService(Service, 0, &Status, &Valid), ERROR_INVALID_PARAMETER);
    KT_EXPECT_FALSE(t, Valid);
    KT_EXPECT_EQ(t, ScpControlService(Service, SCP_SERVICE_CONTROL_SHUTDOWN, &Status, &Valid),
                 ERROR_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, ScpControlService(Service, 256, &Status, &Valid), ERROR_INVALID_PARAMETER);
    ScpDeleteService(Service);
    ScpCloseHandle(Service);
    /* Still running: the key stays until it stops. */
    KT_EXPECT_TRUE(t, ServiceKeyExists(L"KmScmSticky", NULL));
    ScpCloseHandle(Manager);
}

static void win32_scm_test_access_rights(KTEST *t)
{
    PVOID Manager = OpenManager(SCP_SC_MANAGER_ALL_ACCESS), Service, Query, Exec;
    SCP_STATUS Status;
    BOOLEAN Valid;

    win32_scm_fake_reset();
    KT_ASSERT_EQ(t, Create(Manager, L"KmScmAccess", SCP_SERVICE_DEMAND_START, NULL, &Service), ERROR_SUCCESS);
    KT_ASSERT_EQ(t, ScpOpenService(Manager, L"KmScmAccess", SCP_SERVICE_QUERY_STATUS, &Query), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, ScpStartService(Query), ERROR_ACCESS_DENIED);
    KT_EXPECT_EQ(t, ScpDeleteService(Query), ERROR_ACCESS_DENIED);
    KT_EXPECT_EQ(t, ScpQueryServiceStatus(Query, &Status), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, ScpControlService(Query, SCP_SERVICE_CONTROL_STOP, &Status, &Valid), ERROR_ACCESS_DENIED);
    KT_EXPECT_FALSE(t, Valid);
    KT_EXPECT_EQ(t, ScpControlService(Query, SCP_SERVICE_CONTROL_INTERROGATE, &Status, &Valid), ERROR_ACCESS_DENIED);
    /* GENERIC_EXECUTE: start and stop, not query. */
    KT_ASSERT_EQ(t, ScpOpenService(Manager, L"KmScmAccess", GENERIC_EXECUTE, &Exec), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, ScpQueryServiceStatus(Exec, &Status), ERROR_ACCESS_DENIED);
    KT_EXPECT_EQ(t, ScpStartService(Exec), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, ScpControlService(Exec, SCP_SERVICE_CONTROL_STOP, &Status, &Valid), ERROR_SUCCESS);
    ScpCloseHandle(Exec);
    ScpCloseHandle(Query);
    ScpDeleteService(Service);
    ScpCloseHandle(Service);
    ScpCloseHandle(Manager);
}

static void win32_scm_test_disabled_and_preloaded(KTEST *t)
{
    PVOID Manager = OpenManager(SCP_SC_MANAGER_ALL_ACCESS), Service;
    SCP_STATUS Status;

    win32_scm_fake_reset();
    KT_ASSERT_EQ(t, Create(Manager, L"KmScmOff", SCP_SERVICE_DISABLED, NULL, &Service), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, ScpStartService(Service), ERROR_SERVICE_DISABLED);
    KT_EXPECT_EQ(t, win32_scm_fake_loads(), 0);
    ScpDeleteService(Service);
    ScpCloseHandle(Service);
    /* A driver loaded by other means (kmode run) is a running service. */
    KT_ASSERT_EQ(t, Create(Manager, L"KmScmPre", SCP_SERVICE_DEMAND_START, NULL, &Service), ERROR_SUCCESS);
    win32_scm_fake_preload((const unsigned short *)L"\\Driver\\KmScmPre");
    KT_ASSERT_EQ(t, ScpQueryServiceStatus(Service, &Status), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, Status.CurrentState, SCP_SERVICE_RUNNING);
    KT_EXPECT_EQ(t, ScpStartService(Service), ERROR_SERVICE_ALREADY_RUNNING);
    ScpDeleteService(Service);
    ScpCloseHandle(Service);
    ScpCloseHandle(Manager);
}

static void win32_scm_test_object_name(KTEST *t)
{
    PVOID Manager = OpenManager(SCP_SC_MANAGER_ALL_ACCESS), Service;
    SCP_STATUS Status;
    WCHAR Text[300];

    win32_scm_fake_reset();
    KT_ASSERT_EQ(t, ScpCreateService(Manager, L"KmScmObj", NULL, SCP_SERVICE_ALL_ACCESS, 1, 3, 1,
                                     L"c:\\o.sys", NULL, NULL, NULL, L"\\Driver\\KmScmOtherName",
                                     &Service), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, ReadValue(L"KmScmObj", L"ObjectName", Text, sizeof(Text)), REG_SZ);
    KT_EXPECT_WCSEQ(t, Text, L"\\Driver\\KmScmOtherName");
    win32_scm_fake_preload((const unsigned short *)L"\\Driver\\KmScmOtherName");
    KT_ASSERT_EQ(t, ScpQueryServiceStatus(Service, &Status), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, Status.CurrentState, SCP_SERVICE_RUNNING);
    ScpDeleteService(Service);
    ScpCloseHandle(Service);
    ScpCloseHandle(Manager);
}

/* ---- Deletion ---------------------------------------------------------------------------------- */

static void win32_scm_test_delete_when_last_handle_closes(KTEST *t)
{
    PVOID Manager = OpenManager(SCP_SC_MANAGER_ALL_ACCESS), Service, Second, Again;

    win32_scm_fake_reset();
    KT_ASSERT_EQ(t, Create(Manager, L"KmScmDel", SCP_SERVICE_DEMAND_START, NULL, &Service), ERROR_SUCCESS);
    KT_ASSERT_EQ(t, ScpOpenService(Manager, L"KmScmDel", SCP_SERVICE_ALL_ACCESS, &Second), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, ScpDeleteService(Service), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, ScpDeleteService(Second), ERROR_SERVICE_MARKED_FOR_DELETE);
    KT_EXPECT_EQ(t, ScpStartService(Second), ERROR_SERVICE_MARKED_FOR_DELETE);
    KT_EXPECT_EQ(t, Create(Manager, L"KmScmDel", SCP_SERVICE_DEMAND_START, NULL, &Again),
                 ERROR_SERVICE_MARKED_FOR_DELETE);
    /* Still in the database while handles are open, and still openable. */
    KT_ASSERT_EQ(t, ScpOpenService(Manager, L"KmScmDel", SCP_SERVICE_QUERY_STATUS, &Again), ERROR_SUCCESS);
    ScpCloseHandle(Again);
    ScpCloseHandle(Service);
    KT_EXPECT_TRUE(t, ServiceKeyExists(L"KmScmDel", NULL));
    ScpCloseHandle(Second);
    KT_EXPECT_FALSE(t, ServiceKeyExists(L"KmScmDel", NULL));
    KT_EXPECT_EQ(t, ScpOpenService(Manager, L"KmScmDel", 0, &Again), ERROR_SERVICE_DOES_NOT_EXIST);
    /* The name is free again. */
    KT_ASSERT_EQ(t, Create(Manager, L"KmScmDel", SCP_SERVICE_DEMAND_START, NULL, &Again), ERROR_SUCCESS);
    ScpDeleteService(Again);
    ScpCloseHandle(Again);
    ScpCloseHandle(Manager);
}

static void win32_scm_test_delete_running_waits_for_stop(KTEST *t)
{
    PVOID Manager = OpenManager(SCP_SC_MANAGER_ALL_ACCESS), Service;
    SCP_STATUS Status;
    BOOLEAN Valid;

    win32_scm_fake_reset();
    KT_ASSERT_EQ(t, Create(Manager, L"KmScmDelRun", SCP_SERVICE_DEMAND_START, NULL, &Service), ERROR_SUCCESS);
    KT_ASSERT_EQ(t, ScpStartService(Service), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, ScpDeleteService(Service), ERROR_SUCCESS);
    ScpCloseHandle(Service);
    KT_EXPECT_TRUE(t, ServiceKeyExists(L"KmScmDelRun", NULL));      /* running: kept */
    KT_ASSERT_EQ(t, ScpOpenService(Manager, L"KmScmDelRun", SCP_SERVICE_STOP, &Service), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, ScpControlService(Service, SCP_SERVICE_CONTROL_STOP, &Status, &Valid), ERROR_SUCCESS);
    KT_EXPECT_TRUE(t, ServiceKeyExists(L"KmScmDelRun", NULL));
    ScpCloseHandle(Service);
    KT_EXPECT_FALSE(t, ServiceKeyExists(L"KmScmDelRun", NULL));
    ScpCloseHandle(Manager);
}

/* ---- Dependencies and groups ------------------------------------------------------------------- */

static void win32_scm_test_dependencies(KTEST *t)
{
    PVOID Manager = OpenManager(SCP_SC_MANAGER_ALL_ACCESS), A, B, C;
    SCP_STATUS Status;
    BOOLEAN Valid;
    WCHAR Text[300];

    win32_scm_fake_reset();
    KT_ASSERT_EQ(t, Create(Manager, L"KmScmDepB", SCP_SERVICE_DEMAND_START, NULL, &B), ERROR_SUCCESS);
    KT_ASSERT_EQ(t, Create(Manager, L"KmScmDepA", SCP_SERVICE_DEMAND_START, L"KmScmDepB\0", &A), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, ReadValue(L"KmScmDepA", L"DependOnService", Text, sizeof(Text)), REG_MULTI_SZ);
    KT_EXPECT_WCSEQ(t, Text, L"KmScmDepB");
    /* Starting A starts B first. */
    KT_ASSERT_EQ(t, ScpStartService(A), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, win32_scm_fake_loads(), 2);
    KT_EXPECT_WCSEQ(t, win32_scm_fake_load_order(0), L"KmScmDepB");
    KT_EXPECT_WCSEQ(t, win32_scm_fake_load_order(1), L"KmScmDepA");
    /* B cannot stop while A runs. */
    KT_EXPECT_EQ(t, ScpControlService(B, SCP_SERVICE_CONTROL_STOP, &Status, &Valid),
                 ERROR_DEPENDENT_SERVICES_RUNNING);
    KT_EXPECT_EQ(t, ScpControlService(A, SCP_SERVICE_CONTROL_STOP, &Status, &Valid), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, ScpControlService(B, SCP_SERVICE_CONTROL_STOP, &Status, &Valid), ERROR_SUCCESS);
    /* A dependency that fails to start. */
    ScpCloseHandle(B);
    KT_ASSERT_EQ(t, ScpOpenService(Manager, L"KmScmDepB", SCP_SERVICE_ALL_ACCESS, &B), ERROR_SUCCESS);
    win32_scm_fake_set_load_status(STATUS_UNSUCCESSFUL);
    KT_EXPECT_EQ(t, ScpStartService(A), ERROR_SERVICE_DEPENDENCY_FAIL);
    win32_scm_fake_set_load_status(STATUS_SUCCESS);
    /* A dependency that no longer exists. */
    KT_EXPECT_EQ(t, ScpDeleteService(B), ERROR_SUCCESS);
    ScpCloseHandle(B);
    KT_EXPECT_EQ(t, ScpStartService(A), ERROR_SERVICE_DEPENDENCY_DELETED);
    /* A group dependency: at least one member must run. */
    KT_ASSERT_EQ(t, ScpCreateService(Manager, L"KmScmDepC", NULL, SCP_SERVICE_ALL_ACCESS, 1, 3, 1,
                                     L"c:\\c.sys", L"KmScmGroup", NULL, NULL, NULL, &C), ERROR_SUCCESS);
    ScpDeleteService(A);
    ScpCloseHandle(A);
    KT_ASSERT_EQ(t, Create(Manager, L"KmScmDepG", SCP_SERVICE_DEMAND_START, L"+KmScmGroup\0", &A), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, ReadValue(L"KmScmDepG", L"DependOnGroup", Text, sizeof(Text)), REG_MULTI_SZ);
    KT_EXPECT_WCSEQ(t, Text, L"KmScmGroup");
    KT_ASSERT_EQ(t, ScpStartService(A), ERROR_SUCCESS);
    KT_ASSERT_EQ(t, ScpQueryServiceStatus(C, &Status), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, Status.CurrentState, SCP_SERVICE_RUNNING);
    ScpControlService(A, SCP_SERVICE_CONTROL_STOP, &Status, &Valid);
    ScpControlService(C, SCP_SERVICE_CONTROL_STOP, &Status, &Valid);
    ScpDeleteService(A);
    ScpCloseHandle(A);
    ScpDeleteService(C);
    ScpCloseHandle(C);
    ScpCloseHandle(Manager);
}

static void win32_scm_test_tags_in_group(KTEST *t)
{
    PVOID Manager = OpenManager(SCP_SC_MANAGER_ALL_ACCESS), A, B;
    ULONG TagA = 0, TagB = 0, Value = 0;

    win32_scm_fake_reset();
    KT_ASSERT_EQ(t, ScpCreateService(Manager, L"KmScmTagA", NULL, SCP_SERVICE_ALL_ACCESS, 1,
                                     SCP_SERVICE_BOOT_START, 1, L"c:\\a.sys", L"KmScmTagGroup",
                                     &TagA, NULL, NULL, &A), ERROR_SUCCESS);
    KT_ASSERT_EQ(t, ScpCreateService(Manager, L"KmScmTagB", NULL, SCP_SERVICE_ALL_ACCESS, 1,
                                     SCP_SERVICE_SYSTEM_START, 1, L"c:\\b.sys", L"kmscmtaggroup",
                                     &TagB, NULL, NULL, &B), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, TagA, 1);
    KT_EXPECT_EQ(t, TagB, 2);
    KT_EXPECT_EQ(t, ReadValue(L"KmScmTagB", L"Tag", &Value, 4), REG_DWORD);
    KT_EXPECT_EQ(t, Value, 2);
    ScpDeleteService(A);
    ScpCloseHandle(A);
    ScpDeleteService(B);
    ScpCloseHandle(B);
    ScpCloseHandle(Manager);
}

static KTEST_CASE win32_scm_core_cases[] = {
    KTEST_CASE_ENTRY(win32_scm_test_open_manager),
    KTEST_CASE_ENTRY(win32_scm_test_bad_handles_never_crash),
    KTEST_CASE_ENTRY(win32_scm_test_create_writes_service_key),
    KTEST_CASE_ENTRY(win32_scm_test_create_rejects_bad_parameters),
    KTEST_CASE_ENTRY(win32_scm_test_create_existing_and_duplicate_display),
    KTEST_CASE_ENTRY(win32_scm_test_open_service),
    KTEST_CASE_ENTRY(win32_scm_test_start_stop_lifecycle),
    KTEST_CASE_ENTRY(win32_scm_test_start_failures_map_errors),
    KTEST_CASE_ENTRY(win32_scm_test_unstoppable_driver_and_controls),
    KTEST_CASE_ENTRY(win32_scm_test_access_rights),
    KTEST_CASE_ENTRY(win32_scm_test_disabled_and_preloaded),
    KTEST_CASE_ENTRY(win32_scm_test_object_name),
    KTEST_CASE_ENTRY(win32_scm_test_delete_when_last_handle_closes),
    KTEST_CASE_ENTRY(win32_scm_test_delete_running_waits_for_stop),
    KTEST_CASE_ENTRY(win32_scm_test_dependencies),
    KTEST_CASE_ENTRY(win32_scm_test_tags_in_group),
    { 0 }
};
KTEST_SUITE(win32_scm_core, win32_scm_core_cases);
