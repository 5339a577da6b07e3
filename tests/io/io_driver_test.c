/*
 * PURPOSE: Runtime-mode tests for driver objects (src/io/driver.c): IopCreateDriver and
 * IopUnloadDriver as the loader calls them - the driver object DriverEntry sees, the
 * service key name, the default dispatch, DO_DEVICE_INITIALIZING cleared after DriverEntry,
 * name collisions, a failing DriverEntry (no DriverUnload, object gone), unload, the
 * release of the driver image only when the last device is gone, IRQL checks around
 * DriverEntry/DriverUnload, and driver-object extensions freed with the driver.
 */
#include <internal/io.h>
#include <internal/ob.h>
#include <internal/ex.h>
#include <kmode/bugcheck.h>
#include <string.h>
#include "ktest.h"

#define SECTION ((PVOID)(ULONG_PTR)0x5EC7)

static volatile LONG Released;
static PVOID ReleasedSection;
static VOID (*PreviousHook)(PVOID DriverSection);

/* Records this file's fake sections; real images (the loader's) go to the loader's hook. */
static VOID RecordRelease(PVOID DriverSection)
{
    if (DriverSection != SECTION) {
        if (PreviousHook != NULL)
            PreviousHook(DriverSection);
        return;
    }
    ReleasedSection = DriverSection;
    __atomic_fetch_add(&Released, 1, __ATOMIC_SEQ_CST);
}

/* Every test installs the hook (once, chaining to whatever was there) and starts from zero. */
static void ResetRelease(void)
{
    if (IopReleaseDriverSection != RecordRelease) {
        PreviousHook = IopReleaseDriverSection;
        IopReleaseDriverSection = RecordRelease;
    }
    Released = 0;
    ReleasedSection = NULL;
}

static LONG ReleasedCount(void)
{
    ObpFlushDeferredDeletes();
    return __atomic_load_n(&Released, __ATOMIC_SEQ_CST);
}

/* What the DriverEntry under test saw and does. */
static struct {
    ULONG Calls;
    ULONG UnloadCalls;
    KIRQL Irql;
    KIRQL UnloadIrql;
    PDRIVER_OBJECT Driver;
    PUNICODE_STRING RegistryPath;
    WCHAR RegistryCopy[128];
    UNICODE_STRING RegistryString;
    BOOLEAN AllDefault;
    NTSTATUS Result;
    BOOLEAN SetUnload;
    BOOLEAN CreateDevice;
    BOOLEAN RaiseIrql;
    BOOLEAN DeleteDevicesOnUnload;
    BOOLEAN RaiseOnUnload;
    PDEVICE_OBJECT Device;
} E;

static VOID NTAPI TestUnload(PDRIVER_OBJECT Driver)
{
    E.UnloadCalls++;
    E.UnloadIrql = KeGetCurrentIrql();
    if (E.DeleteDevicesOnUnload)
        while (Driver->DeviceObject != NULL)
            IoDeleteDevice(Driver->DeviceObject);
    if (E.RaiseOnUnload) {
        KIRQL old;
        KeRaiseIrql(DISPATCH_LEVEL, &old);
    }
}

static NTSTATUS NTAPI TestEntry(PDRIVER_OBJECT Driver, PUNICODE_STRING RegistryPath)
{
    E.Calls++;
    E.Irql = KeGetCurrentIrql();
    E.Driver = Driver;
    E.RegistryPath = RegistryPath;
    if (RegistryPath != NULL && RegistryPath->Length < sizeof E.RegistryCopy) {
        memcpy(E.RegistryCopy, RegistryPath->Buffer, RegistryPath->Length);
        E.RegistryString.Buffer = E.RegistryCopy;
        E.RegistryString.Length = E.RegistryString.MaximumLength = RegistryPath->Length;
    }
    E.AllDefault = TRUE;
    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        if (Driver->MajorFunction[i] != IopInvalidDeviceRequest)
            E.AllDefault = FALSE;
    if (E.SetUnload)
        Driver->DriverUnload = TestUnload;
    if (E.CreateDevice) {
        NTSTATUS st = IoCreateDevice(Driver, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &E.Device);
        if (!NT_SUCCESS(st))
            return st;
    }
    if (E.RaiseIrql) {
        KIRQL old;
        KeRaiseIrql(DISPATCH_LEVEL, &old);
    }
    return E.Result;
}

static void ResetEntry(void)
{
    memset(&E, 0, sizeof E);
    E.SetUnload = TRUE;
    ResetRelease();
}

static NTSTATUS Create(PCWSTR Name, PCWSTR Key, PDRIVER_OBJECT *Driver)
{
    UNICODE_STRING n, k;
    RtlInitUnicodeString(&n, Name);
    if (Key != NULL)
        RtlInitUnicodeString(&k, Key);
    return IopCreateDriver(&n, TestEntry, Key != NULL ? &k : NULL, (PVOID)0x1000, 0x2000, SECTION,
                           Driver);
}

/* The driver object \Driver\Name if it exists (referenced), else NULL. */
static PVOID LookUp(PCWSTR Name)
{
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING n;
    PVOID obj = NULL;

    RtlInitUnicodeString(&n, Name);
    InitializeObjectAttributes(&oa, &n, OBJ_CASE_INSENSITIVE, NULL, NULL);
    if (!NT_SUCCESS(ObpReferenceObjectByName(&oa, *IoDriverObjectType, KernelMode, 0, NULL, &obj)))
        return NULL;
    return obj;
}

static void io_driver_test_create_runs_driver_entry_with_driver_object(KTEST *t)
{
    PDRIVER_OBJECT d = NULL;
    static const WCHAR key[] = L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\IoDrvA";
    UNICODE_STRING expect;

    ResetEntry();
    KT_ASSERT_EQ(t, Create(L"\\Driver\\IoDrvA", key, &d), STATUS_SUCCESS);
    KT_ASSERT_TRUE(t, d != NULL);
    KT_EXPECT_EQ(t, E.Calls, 1);
    KT_EXPECT_EQ(t, E.Irql, PASSIVE_LEVEL);
    KT_EXPECT_PTR_EQ(t, E.Driver, d);
    KT_ASSERT_TRUE(t, E.RegistryPath != NULL);
    RtlInitUnicodeString(&expect, key);
    KT_EXPECT_TRUE(t, RtlEqualUnicodeString(&E.RegistryString, &expect, FALSE));
    KT_EXPECT_TRUE(t, E.AllDefault);

    KT_EXPECT_EQ(t, d->Type, IO_TYPE_DRIVER);
    KT_EXPECT_EQ(t, d->Size, sizeof(DRIVER_OBJECT));
    KT_EXPECT_PTR_EQ(t, d->DriverStart, (PVOID)0x1000);
    KT_EXPECT_EQ(t, d->DriverSize, 0x2000);
    KT_EXPECT_PTR_EQ(t, d->DriverSection, SECTION);
    KT_EXPECT_PTR_EQ(t, d->DriverInit, (PVOID)TestEntry);
    KT_EXPECT_TRUE(t, d->Flags & DRVO_LEGACY_DRIVER);
    KT_ASSERT_TRUE(t, d->DriverExtension != NULL);
    KT_EXPECT_PTR_EQ(t, d->DriverExtension->DriverObject, d);
    RtlInitUnicodeString(&expect, L"IoDrvA");
    KT_EXPECT_TRUE(t, RtlEqualUnicodeString(&d->DriverExtension->ServiceKeyName, &expect, FALSE));
    RtlInitUnicodeString(&expect, L"\\Driver\\IoDrvA");
    KT_EXPECT_TRUE(t, RtlEqualUnicodeString(&d->DriverName, &expect, FALSE));
    KT_ASSERT_TRUE(t, d->HardwareDatabase != NULL);
    RtlInitUnicodeString(&expect, L"\\REGISTRY\\MACHINE\\HARDWARE\\DESCRIPTION\\SYSTEM");
    KT_EXPECT_TRUE(t, RtlEqualUnicodeString(d->HardwareDatabase, &expect, FALSE));
    KT_EXPECT_PTR_EQ(t, ObpGetObjectType(d), *IoDriverObjectType);

    /* Named in \Driver, found case-insensitively. */
    {
        PVOID found = LookUp(L"\\driver\\IODRVA");
        KT_EXPECT_PTR_EQ(t, found, d);
        if (found != NULL)
            ObDereferenceObject(found);
    }

    KT_EXPECT_EQ(t, IopUnloadDriver(d), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, E.UnloadCalls, 1);
    KT_EXPECT_EQ(t, E.UnloadIrql, PASSIVE_LEVEL);
    KT_EXPECT_EQ(t, ReleasedCount(), 1);
    KT_EXPECT_PTR_EQ(t, ReleasedSection, SECTION);
    KT_EXPECT_TRUE(t, LookUp(L"\\Driver\\IoDrvA") == NULL);
}

static void io_driver_test_no_registry_path_uses_driver_name_as_key(KTEST *t)
{
    PDRIVER_OBJECT d = NULL;
    UNICODE_STRING expect;

    ResetEntry();
    KT_ASSERT_EQ(t, Create(L"\\Driver\\IoDrvNoKey", NULL, &d), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, E.RegistryPath == NULL);
    RtlInitUnicodeString(&expect, L"IoDrvNoKey");
    KT_EXPECT_TRUE(t, RtlEqualUnicodeString(&d->DriverExtension->ServiceKeyName, &expect, FALSE));
    KT_EXPECT_EQ(t, IopUnloadDriver(d), STATUS_SUCCESS);
}

static void io_driver_test_devices_from_driver_entry_are_ready(KTEST *t)
{
    PDRIVER_OBJECT d = NULL;
    PDEVICE_OBJECT later = NULL;

    ResetEntry();
    E.CreateDevice = TRUE;
    E.DeleteDevicesOnUnload = TRUE;
    KT_ASSERT_EQ(t, Create(L"\\Driver\\IoDrvReady", NULL, &d), STATUS_SUCCESS);
    KT_ASSERT_TRUE(t, E.Device != NULL);
    /* Windows clears DO_DEVICE_INITIALIZING for a legacy driver's DriverEntry devices. */
    KT_EXPECT_FALSE(t, E.Device->Flags & DO_DEVICE_INITIALIZING);
    KT_EXPECT_TRUE(t, d->Flags & IOP_DRVO_INITIALIZED);
    /* A device created afterwards is the driver's to mark ready. */
    KT_ASSERT_EQ(t, IoCreateDevice(d, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &later),
                 STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, later->Flags & DO_DEVICE_INITIALIZING);
    KT_EXPECT_EQ(t, IopUnloadDriver(d), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, ReleasedCount(), 1);
}

static void io_driver_test_name_collision(KTEST *t)
{
    PDRIVER_OBJECT d = NULL, d2 = (PDRIVER_OBJECT)1;

    ResetEntry();
    KT_ASSERT_EQ(t, Create(L"\\Driver\\IoDrvTwice", NULL, &d), STATUS_SUCCESS);
    E.Calls = 0;
    KT_EXPECT_EQ(t, Create(L"\\Driver\\IODRVTWICE", NULL, &d2), STATUS_OBJECT_NAME_COLLISION);
    KT_EXPECT_TRUE(t, d2 == NULL);
    KT_EXPECT_EQ(t, E.Calls, 0);
    /* The second image is released at once; the first is still loaded. */
    KT_EXPECT_EQ(t, ReleasedCount(), 1);
    KT_EXPECT_EQ(t, IopUnloadDriver(d), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, ReleasedCount(), 2);
}

static void io_driver_test_invalid_parameters_release_section(KTEST *t)
{
    PDRIVER_OBJECT d = (PDRIVER_OBJECT)1;
    UNICODE_STRING empty = { 0, 0, NULL };

    ResetEntry();
    KT_EXPECT_EQ(t, IopCreateDriver(&empty, TestEntry, NULL, NULL, 0, SECTION, &d),
                 STATUS_INVALID_PARAMETER);
    KT_EXPECT_TRUE(t, d == NULL);
    KT_EXPECT_EQ(t, ReleasedCount(), 1);
    KT_EXPECT_EQ(t, E.Calls, 0);
}

static void io_driver_test_failed_driver_entry_deletes_object_without_unload(KTEST *t)
{
    PDRIVER_OBJECT d = (PDRIVER_OBJECT)1;
    LONG before = __atomic_load_n(&(*IoDriverObjectType)->TotalNumberOfObjects, __ATOMIC_SEQ_CST);

    ResetEntry();
    E.Result = STATUS_DEVICE_CONFIGURATION_ERROR;
    KT_EXPECT_EQ(t, Create(L"\\Driver\\IoDrvFails", NULL, &d), STATUS_DEVICE_CONFIGURATION_ERROR);
    KT_EXPECT_TRUE(t, d == NULL);
    KT_EXPECT_EQ(t, E.Calls, 1);
    KT_EXPECT_EQ(t, E.UnloadCalls, 0);       /* DriverUnload was set, but is not called */
    KT_EXPECT_EQ(t, ReleasedCount(), 1);
    KT_EXPECT_EQ(t, __atomic_load_n(&(*IoDriverObjectType)->TotalNumberOfObjects,
                                    __ATOMIC_SEQ_CST), before);
    KT_EXPECT_TRUE(t, LookUp(L"\\Driver\\IoDrvFails") == NULL);

    /* The name is free again. */
    E.Result = STATUS_SUCCESS;
    KT_ASSERT_EQ(t, Create(L"\\Driver\\IoDrvFails", NULL, &d), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, IopUnloadDriver(d), STATUS_SUCCESS);
}

static void io_driver_test_failed_driver_entry_with_device_keeps_image(KTEST *t)
{
    PDRIVER_OBJECT d = (PDRIVER_OBJECT)1;

    ResetEntry();
    E.CreateDevice = TRUE;
    E.Result = STATUS_UNSUCCESSFUL;
    KT_EXPECT_EQ(t, Create(L"\\Driver\\IoDrvLeaks", NULL, &d), STATUS_UNSUCCESSFUL);
    KT_EXPECT_TRUE(t, d == NULL);
    KT_EXPECT_EQ(t, E.UnloadCalls, 0);
    /* The device the driver left behind still refers to the driver (and its code). */
    KT_ASSERT_TRUE(t, E.Device != NULL);
    KT_EXPECT_EQ(t, ReleasedCount(), 0);
    KT_EXPECT_TRUE(t, LookUp(L"\\Driver\\IoDrvLeaks") == NULL);
    IoDeleteDevice(E.Device);
    KT_EXPECT_EQ(t, ReleasedCount(), 1);
}

static void io_driver_test_unload_without_routine_is_refused(KTEST *t)
{
    PDRIVER_OBJECT d = NULL;

    ResetEntry();
    E.SetUnload = FALSE;
    KT_ASSERT_EQ(t, Create(L"\\Driver\\IoDrvNoUnload", NULL, &d), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, IopUnloadDriver(d), STATUS_INVALID_DEVICE_REQUEST);
    KT_EXPECT_EQ(t, ReleasedCount(), 0);
    {
        PVOID found = LookUp(L"\\Driver\\IoDrvNoUnload");
        KT_EXPECT_PTR_EQ(t, found, d);
        if (found != NULL)
            ObDereferenceObject(found);
    }
    d->DriverUnload = TestUnload;
    KT_EXPECT_EQ(t, IopUnloadDriver(d), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, ReleasedCount(), 1);
}

static void io_driver_test_image_released_after_last_device(KTEST *t)
{
    PDRIVER_OBJECT d = NULL;
    PDEVICE_OBJECT dev;

    ResetEntry();
    E.CreateDevice = TRUE;
    KT_ASSERT_EQ(t, Create(L"\\Driver\\IoDrvHeld", NULL, &d), STATUS_SUCCESS);
    dev = E.Device;
    /* An open file (say) still references the device when the driver deletes it. */
    ObReferenceObject(dev);
    IoDeleteDevice(dev);
    KT_EXPECT_EQ(t, IopUnloadDriver(d), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, ReleasedCount(), 0);
    KT_EXPECT_PTR_EQ(t, dev->DriverObject, d);   /* still valid memory */
    ObDereferenceObject(dev);
    KT_EXPECT_EQ(t, ReleasedCount(), 1);
}

/* ---- Unload deferred while a device is open or has a device attached -------------------- */

static void io_driver_test_unload_deferred_while_device_open(KTEST *t)
{
    PDRIVER_OBJECT d = NULL;
    PDEVICE_OBJECT dev, filter = NULL;

    ResetEntry();
    E.CreateDevice = TRUE;
    E.DeleteDevicesOnUnload = TRUE;
    KT_ASSERT_EQ(t, Create(L"\\Driver\\IoDrvOpen", NULL, &d), STATUS_SUCCESS);
    dev = E.Device;
    KT_ASSERT_EQ(t, IopReferenceDeviceOpen(dev), STATUS_SUCCESS);   /* a handle is open */
    KT_ASSERT_EQ(t, IoCreateDevice(d, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &filter),
                 STATUS_SUCCESS);

    KT_EXPECT_EQ(t, IopUnloadDriver(d), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, E.UnloadCalls, 0);                  /* deferred */
    KT_EXPECT_TRUE(t, IopGetDevObjExtension(dev)->ExtensionFlags & DOE_UNLOAD_PENDING);
    KT_EXPECT_EQ(t, IopReferenceDeviceOpen(dev), STATUS_NO_SUCH_DEVICE);
    KT_EXPECT_TRUE(t, IoAttachDeviceToDeviceStack(filter, dev) == NULL);
    KT_EXPECT_EQ(t, IopUnloadDriver(d), STATUS_INVALID_DEVICE_REQUEST);   /* already asked */
    {
        PVOID found = LookUp(L"\\Driver\\IoDrvOpen");   /* still loaded */
        KT_EXPECT_PTR_EQ(t, found, d);
        if (found != NULL)
            ObDereferenceObject(found);
    }
    KT_EXPECT_EQ(t, ReleasedCount(), 0);

    /* The handle closes: now the driver unloads (on this thread). */
    IopDereferenceDeviceOpen(dev);
    KT_EXPECT_EQ(t, E.UnloadCalls, 1);
    KT_EXPECT_EQ(t, E.UnloadIrql, PASSIVE_LEVEL);
    KT_EXPECT_TRUE(t, LookUp(L"\\Driver\\IoDrvOpen") == NULL);
    KT_EXPECT_EQ(t, ReleasedCount(), 1);
}

static void io_driver_test_unload_deferred_while_filter_attached(KTEST *t)
{
    PDRIVER_OBJECT d = NULL, other = NULL;
    PDEVICE_OBJECT dev, filter = NULL;

    ResetEntry();
    E.CreateDevice = TRUE;
    E.DeleteDevicesOnUnload = TRUE;
    KT_ASSERT_EQ(t, Create(L"\\Driver\\IoDrvLower", NULL, &d), STATUS_SUCCESS);
    dev = E.Device;
    /* Another driver's filter sits on the device. */
    E.CreateDevice = FALSE;
    E.DeleteDevicesOnUnload = FALSE;
    KT_ASSERT_EQ(t, Create(L"\\Driver\\IoDrvUpper", NULL, &other), STATUS_SUCCESS);
    KT_ASSERT_EQ(t, IoCreateDevice(other, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &filter),
                 STATUS_SUCCESS);
    KT_ASSERT_TRUE(t, IoAttachDeviceToDeviceStack(filter, dev) == dev);
    E.DeleteDevicesOnUnload = TRUE;

    KT_EXPECT_EQ(t, IopUnloadDriver(d), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, E.UnloadCalls, 0);
    /* The filter detaches: the lower driver unloads, as IoDetachDevice documents. */
    IoDetachDevice(dev);
    KT_EXPECT_EQ(t, E.UnloadCalls, 1);
    KT_EXPECT_TRUE(t, LookUp(L"\\Driver\\IoDrvLower") == NULL);
    IoDeleteDevice(filter);
    E.DeleteDevicesOnUnload = FALSE;
    KT_EXPECT_EQ(t, IopUnloadDriver(other), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, E.UnloadCalls, 2);
    KT_EXPECT_EQ(t, ReleasedCount(), 2);
}

static KEVENT UnloadedEvent;

static VOID NTAPI SignalingUnload(PDRIVER_OBJECT Driver)
{
    TestUnload(Driver);
    KeSetEvent(&UnloadedEvent, IO_NO_INCREMENT, FALSE);
}

static void io_driver_test_deferred_unload_from_dispatch_runs_at_passive(KTEST *t)
{
    PDRIVER_OBJECT d = NULL;
    PDEVICE_OBJECT dev;
    LARGE_INTEGER timeout;
    KIRQL old;

    ResetEntry();
    E.CreateDevice = TRUE;
    E.DeleteDevicesOnUnload = TRUE;
    KeInitializeEvent(&UnloadedEvent, NotificationEvent, FALSE);
    KT_ASSERT_EQ(t, Create(L"\\Driver\\IoDrvLate", NULL, &d), STATUS_SUCCESS);
    d->DriverUnload = SignalingUnload;
    dev = E.Device;
    ObReferenceObject(dev);             /* what the closing file object holds */
    KT_ASSERT_EQ(t, IopReferenceDeviceOpen(dev), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, IopUnloadDriver(d), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, E.UnloadCalls, 0);
    /* The last close comes at DISPATCH_LEVEL: DriverUnload goes to a system worker. */
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    IopDereferenceDeviceOpen(dev);
    KeLowerIrql(old);
    timeout.QuadPart = -10000000LL * 30;
    KT_ASSERT_EQ(t, KeWaitForSingleObject(&UnloadedEvent, Executive, KernelMode, FALSE, &timeout),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, E.UnloadCalls, 1);
    KT_EXPECT_EQ(t, E.UnloadIrql, PASSIVE_LEVEL);
    ObDereferenceObject(dev);
    /* The worker drops the loader's reference after DriverUnload returns. */
    for (int i = 0; i < 3000 && ReleasedCount() == 0; i++) {
        LARGE_INTEGER delay;
        delay.QuadPart = -100000;
        KeDelayExecutionThread(KernelMode, FALSE, &delay);
    }
    KT_EXPECT_EQ(t, ReleasedCount(), 1);
}

/* ---- IRQL checks ------------------------------------------------------------------------ */

static void CreateRaising(void *Context)
{
    PDRIVER_OBJECT d;
    (void)Context;
    Create(L"\\Driver\\IoDrvRaises", NULL, &d);
}

static void io_driver_test_driver_entry_returning_at_dispatch_bugchecks(KTEST *t)
{
    KMODE_BUGCHECK bc;

    ResetEntry();
    E.RaiseIrql = TRUE;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(CreateRaising, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, 0xC8);   /* IRQL_UNEXPECTED_VALUE */
    KT_EXPECT_EQ(t, bc.Parameter1, (DISPATCH_LEVEL << 16) | (PASSIVE_LEVEL << 8) | 2);
    KT_EXPECT_EQ(t, bc.Parameter2, (ULONG_PTR)TestEntry);
    KT_EXPECT_EQ(t, bc.Parameter3, (ULONG_PTR)E.Driver);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

static PDRIVER_OBJECT UnloadTarget;

static void UnloadRaising(void *Context)
{
    (void)Context;
    IopUnloadDriver(UnloadTarget);
}

static void io_driver_test_driver_unload_returning_at_dispatch_bugchecks(KTEST *t)
{
    KMODE_BUGCHECK bc;

    ResetEntry();
    E.RaiseOnUnload = TRUE;
    KT_ASSERT_EQ(t, Create(L"\\Driver\\IoDrvUnloadRaises", NULL, &UnloadTarget), STATUS_SUCCESS);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(UnloadRaising, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, 0xC8);
    KT_EXPECT_EQ(t, bc.Parameter1, (DISPATCH_LEVEL << 16) | (PASSIVE_LEVEL << 8) | 2);
    KT_EXPECT_EQ(t, bc.Parameter2, (ULONG_PTR)TestUnload);
    KT_EXPECT_EQ(t, bc.Parameter3, (ULONG_PTR)UnloadTarget);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

/* ---- Driver-object extensions ------------------------------------------------------------ */

static void io_driver_test_object_extensions_freed_with_driver(KTEST *t)
{
    PDRIVER_OBJECT d = NULL;
    EXP_POOL_TAG_USAGE before, after;
    PVOID a = NULL, b = NULL;

    ResetEntry();
    ExpQueryPoolTagUsage('eDoI', &before);
    KT_ASSERT_EQ(t, Create(L"\\Driver\\IoDrvExt", NULL, &d), STATUS_SUCCESS);
    KT_ASSERT_EQ(t, IoAllocateDriverObjectExtension(d, (PVOID)1, 40, &a), STATUS_SUCCESS);
    KT_ASSERT_EQ(t, IoAllocateDriverObjectExtension(d, (PVOID)2, 8, &b), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, IopUnloadDriver(d), STATUS_SUCCESS);
    ExpQueryPoolTagUsage('eDoI', &after);
    KT_EXPECT_EQ(t, after.Allocs[EXP_POOL_KIND_NONPAGED] - before.Allocs[EXP_POOL_KIND_NONPAGED], 2);
    KT_EXPECT_EQ(t, after.Frees[EXP_POOL_KIND_NONPAGED] - before.Frees[EXP_POOL_KIND_NONPAGED], 2);
}

static void io_driver_test_wdm_version(KTEST *t)
{
    KT_EXPECT_TRUE(t, IoIsWdmVersionAvailable(1, 0));
    KT_EXPECT_TRUE(t, IoIsWdmVersionAvailable(1, 0x30));
    KT_EXPECT_TRUE(t, IoIsWdmVersionAvailable(6, 0));
    KT_EXPECT_FALSE(t, IoIsWdmVersionAvailable(6, 1));
    KT_EXPECT_FALSE(t, IoIsWdmVersionAvailable(7, 0));
    KT_EXPECT_TRUE(t, IoIsWdmVersionAvailable(0, 0xFF));
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_driver_test_create_runs_driver_entry_with_driver_object),
    KTEST_CASE_ENTRY(io_driver_test_no_registry_path_uses_driver_name_as_key),
    KTEST_CASE_ENTRY(io_driver_test_devices_from_driver_entry_are_ready),
    KTEST_CASE_ENTRY(io_driver_test_name_collision),
    KTEST_CASE_ENTRY(io_driver_test_invalid_parameters_release_section),
    KTEST_CASE_ENTRY(io_driver_test_failed_driver_entry_deletes_object_without_unload),
    KTEST_CASE_ENTRY(io_driver_test_failed_driver_entry_with_device_keeps_image),
    KTEST_CASE_ENTRY(io_driver_test_unload_without_routine_is_refused),
    KTEST_CASE_ENTRY(io_driver_test_image_released_after_last_device),
    KTEST_CASE_ENTRY(io_driver_test_unload_deferred_while_device_open),
    KTEST_CASE_ENTRY(io_driver_test_unload_deferred_while_filter_attached),
    KTEST_CASE_ENTRY(io_driver_test_deferred_unload_from_dispatch_runs_at_passive),
    KTEST_CASE_ENTRY(io_driver_test_driver_entry_returning_at_dispatch_bugchecks),
    KTEST_CASE_ENTRY(io_driver_test_driver_unload_returning_at_dispatch_bugchecks),
    KTEST_CASE_ENTRY(io_driver_test_object_extensions_freed_with_driver),
    KTEST_CASE_ENTRY(io_driver_test_wdm_version),
    { 0 }
};

KTEST_SUITE(io_driver, cases);
