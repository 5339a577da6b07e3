/*
 * PURPOSE: Runtime-mode tests for the out-of-memory paths of driver and device objects,
 * work items and timers (pool failure injection, ExpPoolFailNextAllocations): each DDI
 * returns its documented failure and leaves nothing behind.
 */
#include <internal/io.h>
#include <internal/ex.h>
#include <wdmsec.h>
#include "ktest.h"
#include "io_driver_harness.h"

static void io_device_lowmem_test_create_device(KTEST *t)
{
    PDRIVER_OBJECT drv = NULL;
    PDEVICE_OBJECT d = (PDEVICE_OBJECT)1;
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\IoLowMem");
    LONG devices;

    KT_ASSERT_EQ(t, IoTestLoadDriver(L"IoLowMemDevice", NULL, &drv), STATUS_SUCCESS);
    devices = IoTestDeviceObjectCount();
    /* A disk device needs a VPB from pool. */
    ExpPoolFailNextAllocations(1);
    KT_EXPECT_EQ(t, IoCreateDevice(drv, 0, &name, FILE_DEVICE_DISK, 0, FALSE, &d),
                 STATUS_INSUFFICIENT_RESOURCES);
    ExpPoolFailNextAllocations(0);
    KT_EXPECT_TRUE(t, d == NULL);
    KT_EXPECT_EQ(t, IoTestDeviceObjectCount(), devices);
    KT_EXPECT_TRUE(t, drv->DeviceObject == NULL);
    /* The name was not taken. */
    KT_ASSERT_EQ(t, IoCreateDevice(drv, 0, &name, FILE_DEVICE_DISK, 0, FALSE, &d), STATUS_SUCCESS);
    IoDeleteDevice(d);

    /* An extension too large for the object's size arithmetic. */
    d = (PDEVICE_OBJECT)1;
    KT_EXPECT_EQ(t, IoCreateDevice(drv, 0xFFFFFFF0u, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &d),
                 STATUS_INSUFFICIENT_RESOURCES);
    KT_EXPECT_TRUE(t, d == NULL);

    /* The parsed SDDL is pool too. */
    d = (PDEVICE_OBJECT)1;
    ExpPoolFailNextAllocations(1);
    KT_EXPECT_EQ(t, IoCreateDeviceSecure(drv, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE,
                                         &SDDL_DEVOBJ_SYS_ALL, NULL, &d),
                 STATUS_INSUFFICIENT_RESOURCES);
    ExpPoolFailNextAllocations(0);
    KT_EXPECT_TRUE(t, d == NULL);
    KT_EXPECT_EQ(t, IoTestDeviceObjectCount(), devices);
    KT_EXPECT_EQ(t, IoTestUnloadDriver(drv), STATUS_SUCCESS);
}

static void io_device_lowmem_test_driver_pieces(KTEST *t)
{
    PDRIVER_OBJECT drv = NULL;
    PDEVICE_OBJECT d = NULL;
    PVOID ext = (PVOID)1;
    static int key;

    KT_ASSERT_EQ(t, IoTestLoadDriver(L"IoLowMemPieces", NULL, &drv), STATUS_SUCCESS);
    KT_ASSERT_EQ(t, IoCreateDevice(drv, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &d),
                 STATUS_SUCCESS);

    ExpPoolFailNextAllocations(1);
    KT_EXPECT_EQ(t, IoAllocateDriverObjectExtension(drv, &key, 32, &ext),
                 STATUS_INSUFFICIENT_RESOURCES);
    ExpPoolFailNextAllocations(0);
    KT_EXPECT_TRUE(t, ext == NULL);
    KT_EXPECT_TRUE(t, IoGetDriverObjectExtension(drv, &key) == NULL);
    /* The key is still free. */
    KT_EXPECT_EQ(t, IoAllocateDriverObjectExtension(drv, &key, 32, &ext), STATUS_SUCCESS);

    ExpPoolFailNextAllocations(1);
    KT_EXPECT_TRUE(t, IoAllocateWorkItem(d) == NULL);
    ExpPoolFailNextAllocations(0);

    ExpPoolFailNextAllocations(1);
    KT_EXPECT_EQ(t, IoInitializeTimer(d, (PIO_TIMER_ROUTINE)NULL, NULL),
                 STATUS_INSUFFICIENT_RESOURCES);
    ExpPoolFailNextAllocations(0);
    KT_EXPECT_TRUE(t, d->Timer == NULL);

    IoDeleteDevice(d);
    KT_EXPECT_EQ(t, IoTestUnloadDriver(drv), STATUS_SUCCESS);
}

static volatile LONG Released;

static VOID CountRelease(PVOID DriverSection)
{
    UNREFERENCED_PARAMETER(DriverSection);
    __atomic_fetch_add(&Released, 1, __ATOMIC_SEQ_CST);
}

static NTSTATUS NTAPI NeverCalled(PDRIVER_OBJECT Driver, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(Driver);
    UNREFERENCED_PARAMETER(RegistryPath);
    return STATUS_UNSUCCESSFUL;
}

static void io_device_lowmem_test_create_driver(KTEST *t)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Driver\\IoLowMemDriver");
    PDRIVER_OBJECT d = (PDRIVER_OBJECT)1;
    LONG drivers = IoTestDriverObjectCount();
    VOID (*previous)(PVOID) = IopReleaseDriverSection;

    IopReleaseDriverSection = CountRelease;
    Released = 0;
    /* The copy of the driver name. */
    ExpPoolFailNextAllocations(1);
    KT_EXPECT_EQ(t, IopCreateDriver(&name, NeverCalled, NULL, NULL, 0, (PVOID)0x5EC, &d),
                 STATUS_INSUFFICIENT_RESOURCES);
    ExpPoolFailNextAllocations(0);
    KT_EXPECT_TRUE(t, d == NULL);
    KT_EXPECT_EQ(t, Released, 1);
    KT_EXPECT_EQ(t, IoTestDriverObjectCount(), drivers);
    IopReleaseDriverSection = previous;
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_device_lowmem_test_create_device),
    KTEST_CASE_ENTRY(io_device_lowmem_test_driver_pieces),
    KTEST_CASE_ENTRY(io_device_lowmem_test_create_driver),
    { 0 }
};

KTEST_SUITE(io_device_lowmem, cases);
