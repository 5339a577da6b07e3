/*
 * PURPOSE: Driver-mode tests for IoCreateDeviceSecure / WdmlibIoCreateDeviceSecure
 * (src/io/device.c, devsddl.c): every SDDL_DEVOBJ_* string of wdmsec.h is accepted, hex
 * access masks and S-1-... SIDs are, anything outside the device SDDL subset is
 * STATUS_INVALID_PARAMETER with no device created; the access a user-mode open gets.
 */
#include <ntddk.h>
#include <wdmsec.h>
#include "ktest.h"
#include "io_driver_harness.h"

/* {5b9e1f0a-0c1d-4e2f-9a8b-7c6d5e4f3a2b}: a made-up class, as drivers are told to use. */
static const GUID TestClass = { 0x5b9e1f0a, 0x0c1d, 0x4e2f,
                                { 0x9a, 0x8b, 0x7c, 0x6d, 0x5e, 0x4f, 0x3a, 0x2b } };

static NTSTATUS CreateWith(PDRIVER_OBJECT Driver, PCWSTR Sddl, PDEVICE_OBJECT *Device)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\IoSecure");
    UNICODE_STRING sddl;

    RtlInitUnicodeString(&sddl, Sddl);
    return IoCreateDeviceSecure(Driver, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                                FALSE, &sddl, &TestClass, Device);
}

static void io_device_secure_test_wdmsec_strings_accepted(KTEST *t)
{
    const UNICODE_STRING *strings[] = {
        &SDDL_DEVOBJ_KERNEL_ONLY, &SDDL_DEVOBJ_INF_SUPPLIED, &SDDL_DEVOBJ_SYS_ALL,
        &SDDL_DEVOBJ_SYS_ALL_ADM_ALL, &SDDL_DEVOBJ_SYS_ALL_ADM_RX,
        &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R_RES_R,
        &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R,
        &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RWX_RES_RWX,
    };
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\IoSecureAll");
    PDRIVER_OBJECT drv = NULL;

    KT_ASSERT_EQ(t, IoTestLoadDriver(L"IoSecureAll", NULL, &drv), STATUS_SUCCESS);
    for (ULONG i = 0; i < RTL_NUMBER_OF(strings); i++) {
        PDEVICE_OBJECT d = NULL;
        KT_EXPECT_EQ(t, IoCreateDeviceSecure(drv, 8, &name, FILE_DEVICE_UNKNOWN, 0, FALSE,
                                             strings[i], &TestClass, &d),
                     STATUS_SUCCESS);
        if (d == NULL)
            continue;
        KT_EXPECT_EQ(t, d->Flags, DO_DEVICE_INITIALIZING | DO_DEVICE_HAS_NAME);
        KT_EXPECT_EQ(t, d->StackSize, 1);
        IoDeleteDevice(d);
    }
    KT_EXPECT_EQ(t, IoTestUnloadDriver(drv), STATUS_SUCCESS);
}

static void io_device_secure_test_other_valid_forms(KTEST *t)
{
    static const PCWSTR valid[] = {
        L"D:P(A;;0x1f01ff;;;SY)",
        L"D:P(A;;0X120089;;;BA)(A;;GR;;;WD)",
        L"D:P(A;;GA;;;S-1-5-18)(A;;GR;;;S-1-5-32-544)",
        L"D:P(A;;GRGWGXRCSDWDWO;;;AU)(A;;GR;;;AN)(A;;GR;;;IU)(A;;GR;;;NU)",
        L"D:P(A;;GA;;;LS)(A;;GA;;;NS)(A;;GR;;;BU)(A;;GR;;;BG)(A;;GR;;;UD)",
        L"D:P(A;;GA;;;S-1-5-84-0-0-0-0-0)(A;;GA;;;S-1-5-21-1-2-3-1001)",
        L"d:p(a;;ga;;;sy)",
    };
    PDRIVER_OBJECT drv = NULL;

    KT_ASSERT_EQ(t, IoTestLoadDriver(L"IoSecureForms", NULL, &drv), STATUS_SUCCESS);
    for (ULONG i = 0; i < RTL_NUMBER_OF(valid); i++) {
        PDEVICE_OBJECT d = NULL;
        NTSTATUS st = CreateWith(drv, valid[i], &d);
        if (st != STATUS_SUCCESS)
            KT_FAIL(t, "SDDL #%lu refused with 0x%08x", (unsigned long)i, (unsigned)st);
        if (d != NULL)
            IoDeleteDevice(d);
    }
    KT_EXPECT_EQ(t, IoTestUnloadDriver(drv), STATUS_SUCCESS);
}

static void io_device_secure_test_invalid_sddl_refused(KTEST *t)
{
    static const PCWSTR invalid[] = {
        L"",
        L"D:",
        L"D:(A;;GA;;;SY)",           /* not protected */
        L"O:SYD:P(A;;GA;;;SY)",      /* owner: outside the device subset */
        L"D:PX",
        L"D:P(",
        L"D:P(A;;GA;;;SY",           /* unterminated */
        L"D:P(A;;GA;;;SY))",
        L"D:P(A;;GA;;;SY)(",
        L"D:P(D;;GA;;;SY)",          /* deny ACE */
        L"D:P(A;OI;GA;;;SY)",        /* inheritance flags */
        L"D:P(A;;;;;SY)",            /* no access */
        L"D:P(A;;GZ;;;SY)",          /* unknown right */
        L"D:P(A;;FA;;;SY)",          /* file rights are not in the subset */
        L"D:P(A;;0x;;;SY)",
        L"D:P(A;;0x1ffffffff;;;SY)", /* more than 32 bits */
        L"D:P(A;;GA;;;XX)",          /* unknown SID */
        L"D:P(A;;GA;;;)",
        L"D:P(A;;GA;;;S-2-5-18)",    /* revision 2 */
        L"D:P(A;;GA;;;S-1-)",
        L"D:P(A;;GA;{01234567-0123-0123-0123-0123456789ab};;SY)",
        L"D:P(A;;GA;;;SY) ",
        L" D:P",
    };
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\IoSecure");
    PDRIVER_OBJECT drv = NULL;
    LONG before;

    KT_ASSERT_EQ(t, IoTestLoadDriver(L"IoSecureBad", NULL, &drv), STATUS_SUCCESS);
    before = IoTestDeviceObjectCount();
    for (ULONG i = 0; i < RTL_NUMBER_OF(invalid); i++) {
        PDEVICE_OBJECT d = (PDEVICE_OBJECT)1;
        NTSTATUS st = CreateWith(drv, invalid[i], &d);
        if (st != STATUS_INVALID_PARAMETER)
            KT_FAIL(t, "SDDL #%lu: expected STATUS_INVALID_PARAMETER, got 0x%08x",
                    (unsigned long)i, (unsigned)st);
        KT_EXPECT_TRUE(t, d == NULL);
        if (NT_SUCCESS(st) && d != NULL)
            IoDeleteDevice(d);
    }
    KT_EXPECT_EQ(t, IoTestDeviceObjectCount(), before);
    KT_EXPECT_TRUE(t, drv->DeviceObject == NULL);
    {
        /* An odd byte length is no string at all. */
        UNICODE_STRING odd = { 3, 4, (PWCH)L"D:P" };
        PDEVICE_OBJECT d = NULL;
        KT_EXPECT_EQ(t, IoCreateDeviceSecure(drv, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &odd,
                                             NULL, &d),
                     STATUS_INVALID_PARAMETER);
    }
    KT_EXPECT_EQ(t, IoTestUnloadDriver(drv), STATUS_SUCCESS);
}

static void io_device_secure_test_names(KTEST *t)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\IoSecureNamed");
    PDRIVER_OBJECT drv = NULL;
    PDEVICE_OBJECT a = NULL, b = (PDEVICE_OBJECT)1;

    KT_ASSERT_EQ(t, IoTestLoadDriver(L"IoSecureNamed", NULL, &drv), STATUS_SUCCESS);
    /* This routine creates named devices: no name needs FILE_AUTOGENERATED_DEVICE_NAME. */
    KT_EXPECT_EQ(t, WdmlibIoCreateDeviceSecure(drv, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE,
                                               &SDDL_DEVOBJ_SYS_ALL, NULL, &b),
                 STATUS_INVALID_PARAMETER);
    KT_EXPECT_TRUE(t, b == NULL);
    KT_ASSERT_EQ(t, WdmlibIoCreateDeviceSecure(drv, 0, NULL, FILE_DEVICE_UNKNOWN,
                                               FILE_AUTOGENERATED_DEVICE_NAME, FALSE,
                                               &SDDL_DEVOBJ_SYS_ALL, NULL, &a),
                 STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, a->Flags & DO_DEVICE_HAS_NAME);
    IoDeleteDevice(a);
    KT_ASSERT_EQ(t, WdmlibIoCreateDeviceSecure(drv, 0, &name, FILE_DEVICE_UNKNOWN, 0, TRUE,
                                               &SDDL_DEVOBJ_SYS_ALL_ADM_ALL, &TestClass, &a),
                 STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, a->Flags & DO_EXCLUSIVE);
    KT_EXPECT_EQ(t, WdmlibIoCreateDeviceSecure(drv, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE,
                                               &SDDL_DEVOBJ_SYS_ALL_ADM_ALL, &TestClass, &b),
                 STATUS_OBJECT_NAME_COLLISION);
    IoDeleteDevice(a);
    KT_EXPECT_EQ(t, IoTestUnloadDriver(drv), STATUS_SUCCESS);
}

/* Access a user-mode open (an elevated administrator) gets, or 0 when denied. */
static ACCESS_MASK UserAccess(PDEVICE_OBJECT Device, ACCESS_MASK Desired)
{
    ACCESS_MASK granted = 0xFFFFFFFF;
    if (!NT_SUCCESS(IoTestCheckDeviceAccess(Device, Desired, UserMode, &granted)))
        return 0;
    return granted;
}

static void io_device_secure_test_user_mode_access(KTEST *t)
{
    PDRIVER_OBJECT drv = NULL;
    PDEVICE_OBJECT d = NULL;
    ACCESS_MASK granted = 0;

    KT_ASSERT_EQ(t, IoTestLoadDriver(L"IoSecureAccess", NULL, &drv), STATUS_SUCCESS);

    /* Kernel only: user mode gets nothing, kernel mode everything it asks. */
    KT_ASSERT_EQ(t, CreateWith(drv, L"D:P", &d), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, UserAccess(d, FILE_READ_DATA), 0);
    KT_EXPECT_EQ(t, UserAccess(d, MAXIMUM_ALLOWED), 0);
    KT_EXPECT_EQ(t, IoTestCheckDeviceAccess(d, GENERIC_READ, KernelMode, &granted), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, granted, FILE_GENERIC_READ);
    IoDeleteDevice(d);

    /* System only: an administrator is not System. */
    KT_ASSERT_EQ(t, CreateWith(drv, L"D:P(A;;GA;;;SY)", &d), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, UserAccess(d, GENERIC_READ), 0);
    IoDeleteDevice(d);

    /* Administrators all. */
    KT_ASSERT_EQ(t, CreateWith(drv, L"D:P(A;;GA;;;SY)(A;;GA;;;BA)", &d), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, UserAccess(d, GENERIC_READ | GENERIC_WRITE),
                 FILE_GENERIC_READ | FILE_GENERIC_WRITE);
    KT_EXPECT_EQ(t, UserAccess(d, MAXIMUM_ALLOWED), FILE_ALL_ACCESS);
    IoDeleteDevice(d);

    /* Everyone read (through WD); write needs an ACE the caller is not in. */
    KT_ASSERT_EQ(t, CreateWith(drv, L"D:P(A;;GA;;;SY)(A;;GR;;;WD)", &d), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, UserAccess(d, GENERIC_READ), FILE_GENERIC_READ);
    KT_EXPECT_EQ(t, UserAccess(d, FILE_READ_DATA), FILE_READ_DATA);
    KT_EXPECT_EQ(t, UserAccess(d, GENERIC_WRITE), 0);
    KT_EXPECT_EQ(t, UserAccess(d, FILE_READ_DATA | FILE_WRITE_DATA), 0);
    KT_EXPECT_EQ(t, UserAccess(d, MAXIMUM_ALLOWED), FILE_GENERIC_READ);
    IoDeleteDevice(d);

    /* A hex mask and a full SID for Administrators. */
    KT_ASSERT_EQ(t, CreateWith(drv, L"D:P(A;;0x3;;;S-1-5-32-544)", &d), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, UserAccess(d, FILE_READ_DATA | FILE_WRITE_DATA),
                 FILE_READ_DATA | FILE_WRITE_DATA);
    KT_EXPECT_EQ(t, UserAccess(d, SYNCHRONIZE), 0);
    IoDeleteDevice(d);

    /* IoCreateDevice: no SDDL, no check. */
    KT_ASSERT_EQ(t, IoCreateDevice(drv, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &d), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, UserAccess(d, GENERIC_ALL), FILE_ALL_ACCESS);
    IoDeleteDevice(d);
    KT_EXPECT_EQ(t, IoTestUnloadDriver(drv), STATUS_SUCCESS);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_device_secure_test_wdmsec_strings_accepted),
    KTEST_CASE_ENTRY(io_device_secure_test_other_valid_forms),
    KTEST_CASE_ENTRY(io_device_secure_test_invalid_sddl_refused),
    KTEST_CASE_ENTRY(io_device_secure_test_names),
    KTEST_CASE_ENTRY(io_device_secure_test_user_mode_access),
    { 0 }
};

KTEST_SUITE(io_device_secure, cases);
