/*
 * PURPOSE: The SCM against real driver objects: services whose "loader" creates the driver
 * object with the I/O manager (IopCreateDriver, DriverEntry through the invoke layer) and
 * unloads it (IopUnloadDriver), so the SCM's own view of a driver - its object in \Driver,
 * its DriverUnload - is the kernel's.
 */
#include <string.h>
#include <internal/io.h>
#include "../../src/win32/svcp.h"
#include "win32_scm_fake.h"
#include "ktest.h"

#define MAX_DRIVERS 8

static PDRIVER_OBJECT Loaded[MAX_DRIVERS];
static NTSTATUS EntryStatus;
static BOOLEAN EntrySetsUnload;
static ULONG Unloads;
static WCHAR LastRegistryPath[300];

static VOID NTAPI TestUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    Unloads++;
}

static NTSTATUS NTAPI TestEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    SIZE_T n = RegistryPath->Length / sizeof(WCHAR);
    if (n >= RTL_NUMBER_OF(LastRegistryPath))
        n = RTL_NUMBER_OF(LastRegistryPath) - 1;
    memcpy(LastRegistryPath, RegistryPath->Buffer, n * sizeof(WCHAR));
    LastRegistryPath[n] = 0;
    if (EntrySetsUnload)
        DriverObject->DriverUnload = TestUnload;
    return EntryStatus;
}

/* \Registry\...\Services\Name -> \Driver\Name */
static VOID DriverNameOf(PUNICODE_STRING Key, PWSTR Name, PUNICODE_STRING String)
{
    SIZE_T n = Key->Length / sizeof(WCHAR), s = n;
    while (s > 0 && Key->Buffer[s - 1] != L'\\')
        s--;
    memcpy(Name, L"\\Driver\\", 8 * sizeof(WCHAR));
    memcpy(Name + 8, Key->Buffer + s, (n - s) * sizeof(WCHAR));
    Name[8 + n - s] = 0;
    RtlInitUnicodeString(String, Name);
}

static NTSTATUS IoLoad(PUNICODE_STRING ServiceKey)
{
    WCHAR Name[300];
    UNICODE_STRING DriverName;
    PDRIVER_OBJECT Driver;
    NTSTATUS Status;
    ULONG i;

    DriverNameOf(ServiceKey, Name, &DriverName);
    Status = IopCreateDriver(&DriverName, TestEntry, ServiceKey, NULL, 0, NULL, &Driver);
    if (!NT_SUCCESS(Status))
        return Status;
    for (i = 0; i < MAX_DRIVERS; i++) {
        if (Loaded[i] == NULL) {
            Loaded[i] = Driver;
            return Status;
        }
    }
    return STATUS_INSUFFICIENT_RESOURCES;
}

static NTSTATUS IoUnload(PUNICODE_STRING ServiceKey)
{
    WCHAR Name[300];
    UNICODE_STRING DriverName;
    NTSTATUS Status;
    ULONG i;

    DriverNameOf(ServiceKey, Name, &DriverName);
    for (i = 0; i < MAX_DRIVERS; i++) {
        if (Loaded[i] != NULL && RtlEqualUnicodeString(&Loaded[i]->DriverName, &DriverName, TRUE)) {
            Status = IopUnloadDriver(Loaded[i]);
            if (NT_SUCCESS(Status))
                Loaded[i] = NULL;
            return Status;
        }
    }
    return STATUS_OBJECT_NAME_NOT_FOUND;
}

static SCP_DRIVER_OPS IoOps;

/* The kernel's Query, with loads and unloads through the I/O manager. */
static VOID UseIoManager(VOID)
{
    win32_scm_fake_use_kernel();
    IoOps.Load = IoLoad;
    IoOps.Unload = IoUnload;
    IoOps.Query = ScpDriverOps->Query;
    ScpDriverOps = &IoOps;
    EntryStatus = STATUS_SUCCESS;
    EntrySetsUnload = TRUE;
    Unloads = 0;
}

static void win32_scm_kernel_test_driver_object_is_the_state(KTEST *t)
{
    PVOID Manager = NULL, Service = NULL;
    SCP_STATUS Status;
    BOOLEAN Valid;

    UseIoManager();
    KT_ASSERT_EQ(t, ScpOpenManager(NULL, NULL, SCP_SC_MANAGER_ALL_ACCESS, &Manager), ERROR_SUCCESS);
    KT_ASSERT_EQ(t, ScpCreateService(Manager, L"KmScmIoDrv", NULL, SCP_SERVICE_ALL_ACCESS,
                                     SCP_SERVICE_KERNEL_DRIVER, SCP_SERVICE_DEMAND_START, 1,
                                     L"C:\\io.sys", NULL, NULL, NULL, NULL, &Service), ERROR_SUCCESS);
    KT_ASSERT_EQ(t, ScpStartService(Service), ERROR_SUCCESS);
    /* DriverEntry got the service key. */
    KT_EXPECT_WCSEQ(t, LastRegistryPath,
                    L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\KmScmIoDrv");
    KT_ASSERT_EQ(t, ScpQueryServiceStatus(Service, &Status), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, Status.CurrentState, SCP_SERVICE_RUNNING);
    KT_EXPECT_EQ(t, Status.ControlsAccepted, SCP_SERVICE_ACCEPT_STOP);
    KT_EXPECT_EQ(t, ScpStartService(Service), ERROR_SERVICE_ALREADY_RUNNING);
    KT_ASSERT_EQ(t, ScpControlService(Service, SCP_SERVICE_CONTROL_STOP, &Status, &Valid), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, Unloads, 1);
    KT_EXPECT_EQ(t, Status.CurrentState, SCP_SERVICE_STOPPED);
    /* DriverEntry failing: the driver object is gone, its status is the error. */
    EntryStatus = STATUS_DEVICE_DOES_NOT_EXIST;
    KT_EXPECT_EQ(t, ScpStartService(Service), RtlNtStatusToDosError(STATUS_DEVICE_DOES_NOT_EXIST));
    KT_ASSERT_EQ(t, ScpQueryServiceStatus(Service, &Status), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, Status.CurrentState, SCP_SERVICE_STOPPED);
    KT_EXPECT_EQ(t, Status.Win32ExitCode, ERROR_DEV_NOT_EXIST);
    ScpDeleteService(Service);
    ScpCloseHandle(Service);
    ScpCloseHandle(Manager);
}

static void win32_scm_kernel_test_driver_without_unload(KTEST *t)
{
    PVOID Manager = NULL, Service = NULL;
    SCP_STATUS Status;
    BOOLEAN Valid;

    UseIoManager();
    EntrySetsUnload = FALSE;
    KT_ASSERT_EQ(t, ScpOpenManager(NULL, NULL, SCP_SC_MANAGER_ALL_ACCESS, &Manager), ERROR_SUCCESS);
    KT_ASSERT_EQ(t, ScpCreateService(Manager, L"KmScmIoSticky", NULL, SCP_SERVICE_ALL_ACCESS,
                                     SCP_SERVICE_KERNEL_DRIVER, SCP_SERVICE_DEMAND_START, 1,
                                     L"C:\\io.sys", NULL, NULL, NULL, NULL, &Service), ERROR_SUCCESS);
    KT_ASSERT_EQ(t, ScpStartService(Service), ERROR_SUCCESS);
    KT_ASSERT_EQ(t, ScpQueryServiceStatus(Service, &Status), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, Status.CurrentState, SCP_SERVICE_RUNNING);
    KT_EXPECT_EQ(t, Status.ControlsAccepted, 0);     /* NOT_STOPPABLE */
    KT_EXPECT_EQ(t, ScpControlService(Service, SCP_SERVICE_CONTROL_STOP, &Status, &Valid),
                 ERROR_INVALID_SERVICE_CONTROL);
    KT_EXPECT_TRUE(t, Valid);
    KT_EXPECT_EQ(t, Status.CurrentState, SCP_SERVICE_RUNNING);
    ScpCloseHandle(Service);
    ScpCloseHandle(Manager);
}

static KTEST_CASE win32_scm_kernel_cases[] = {
    KTEST_CASE_ENTRY(win32_scm_kernel_test_driver_object_is_the_state),
    KTEST_CASE_ENTRY(win32_scm_kernel_test_driver_without_unload),
    { 0 }
};
KTEST_SUITE(win32_scm_kernel, win32_scm_kernel_cases);
