/*
 * PURPOSE: Runtime-mode tests of ZwLoadDriver / ZwUnloadDriver (src/io/loaddrv.c): service
 * keys with every ImagePath form, the driver object and arguments DriverEntry gets,
 * DriverUnload, and the failures as Windows reports them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <internal/ldr.h>
#include <internal/ob.h>
#include "ktest.h"
#include "ldr_host.h"

#define SERVICES L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\"

/* ---- Helpers ----------------------------------------------------------------------------- */

typedef struct {
    WCHAR Buffer[512];
    UNICODE_STRING String;
} KEY_NAME;

static PUNICODE_STRING ServiceKey(KEY_NAME *K, PCWSTR Service)
{
    size_t n = 0;
    for (PCWSTR p = SERVICES; *p; p++)
        K->Buffer[n++] = *p;
    for (PCWSTR p = Service; *p; p++)
        K->Buffer[n++] = *p;
    K->Buffer[n] = 0;
    RtlInitUnicodeString(&K->String, K->Buffer);
    return &K->String;
}

static NTSTATUS SetValue(HANDLE Key, PCWSTR Name, ULONG Type, const void *Data, ULONG Size)
{
    UNICODE_STRING n;
    RtlInitUnicodeString(&n, Name);
    return ZwSetValueKey(Key, &n, 0, Type, (PVOID)Data, Size);
}

/* Creates (or rewrites) a kernel-driver service key. ImagePath NULL: no value. */
static NTSTATUS CreateService(PCWSTR Service, PCWSTR ImagePath, ULONG ImageType, ULONG Type)
{
    KEY_NAME k;
    OBJECT_ATTRIBUTES oa;
    HANDLE key;
    ULONG start = SERVICE_DEMAND_START, error = SERVICE_ERROR_NORMAL;
    NTSTATUS st;

    InitializeObjectAttributes(&oa, ServiceKey(&k, Service), OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    st = ZwCreateKey(&key, KEY_ALL_ACCESS, &oa, 0, NULL, 0, NULL);
    if (!NT_SUCCESS(st))
        return st;
    if (ImagePath != NULL) {
        ULONG bytes = 0;
        while (ImagePath[bytes / sizeof(WCHAR)])
            bytes += sizeof(WCHAR);
        st = SetValue(key, L"ImagePath", ImageType, ImagePath, bytes + sizeof(WCHAR));
    } else {
        UNICODE_STRING n = RTL_CONSTANT_STRING(L"ImagePath");
        ZwDeleteValueKey(key, &n);
    }
    if (NT_SUCCESS(st))
        st = SetValue(key, L"Type", REG_DWORD, &Type, sizeof(Type));
    if (NT_SUCCESS(st))
        st = SetValue(key, L"Start", REG_DWORD, &start, sizeof(start));
    if (NT_SUCCESS(st))
        st = SetValue(key, L"ErrorControl", REG_DWORD, &error, sizeof(error));
    ZwClose(key);
    return st;
}

static NTSTATUS SetServiceDword(PCWSTR Service, PCWSTR Name, ULONG Value)
{
    KEY_NAME k;
    OBJECT_ATTRIBUTES oa;
    HANDLE key;
    NTSTATUS st;

    InitializeObjectAttributes(&oa, ServiceKey(&k, Service), OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    st = ZwOpenKey(&key, KEY_ALL_ACCESS, &oa);
    if (!NT_SUCCESS(st))
        return st;
    st = SetValue(key, Name, REG_DWORD, &Value, sizeof(Value));
    ZwClose(key);
    return st;
}

static VOID DeleteService(PCWSTR Service)
{
    KEY_NAME k;
    OBJECT_ATTRIBUTES oa;
    HANDLE key;

    InitializeObjectAttributes(&oa, ServiceKey(&k, Service), OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    if (NT_SUCCESS(ZwOpenKey(&key, KEY_ALL_ACCESS, &oa))) {
        ZwDeleteKey(key);
        ZwClose(key);
    }
}

static NTSTATUS Load(PCWSTR Service)
{
    KEY_NAME k;
    return ZwLoadDriver(ServiceKey(&k, Service));
}

static NTSTATUS Unload(PCWSTR Service)
{
    KEY_NAME k;
    return ZwUnloadDriver(ServiceKey(&k, Service));
}

/* "\??\C:" + the driver's Linux path, as a wide string in Buffer. */
static PCWSTR NtImagePath(const char *FileName, PWCHAR Buffer, size_t Chars)
{
    char *host = LdrDriverPath(FileName);
    UNICODE_STRING nt;
    size_t n;

    LdrNtNameOf(host, &nt);
    n = nt.Length / sizeof(WCHAR);
    if (n >= Chars)
        n = Chars - 1;
    memcpy(Buffer, nt.Buffer, n * sizeof(WCHAR));
    Buffer[n] = 0;
    LdrFreeName(&nt);
    free(host);
    return Buffer;
}

/* Does the object namespace hold Name? */
static BOOLEAN ObjectExists(PCWSTR Name)
{
    UNICODE_STRING n;
    OBJECT_ATTRIBUTES oa;
    PVOID object;

    RtlInitUnicodeString(&n, Name);
    InitializeObjectAttributes(&oa, &n, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    if (!NT_SUCCESS(ObpReferenceObjectByName(&oa, NULL, KernelMode, 0, NULL, &object)))
        return FALSE;
    ObDereferenceObject(object);
    return TRUE;
}

static BOOLEAN EqualsW(PCUNICODE_STRING S, PCWSTR Text, BOOLEAN IgnoreCase)
{
    UNICODE_STRING t;
    RtlInitUnicodeString(&t, Text);
    return RtlEqualUnicodeString(S, &t, IgnoreCase);
}

/* ---- Loading and unloading ----------------------------------------------------------------- */

static void loaddrv_test_driver_entry_gets_driver_object_and_service_key(KTEST *t)
{
    WCHAR image[1024];
    ULONG images = MmpLoadedImageCount();
    const LDR_EVENT *e;
    PDRIVER_OBJECT driver;
    PVOID registryPath;
    PKLDR_DATA_TABLE_ENTRY section;

    LdrResetEvents();
    KT_ASSERT_EQ(t, CreateService(L"ldr_basic", NtImagePath("ldr_basic.sys", image, 1024),
                                  REG_EXPAND_SZ, SERVICE_KERNEL_DRIVER), STATUS_SUCCESS);
    KT_ASSERT_EQ(t, Load(L"ldr_basic"), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, MmpLoadedImageCount(), images + 1);
    e = LdrFindEvent("entry");
    KT_ASSERT_TRUE(t, e != NULL);
    driver = e->A;
    registryPath = e->B;
    KT_EXPECT_EQ(t, e->Status, PASSIVE_LEVEL);
    KT_EXPECT_TRUE(t, EqualsW(&driver->DriverName, L"\\Driver\\ldr_basic", FALSE));
    /* RegistryPath is the key's full name, as Windows gives it (the control set resolved). */
    KT_EXPECT_TRUE(t, registryPath != NULL);
    e = LdrFindEvent("registry-path");
    KT_ASSERT_TRUE(t, e != NULL);
    {
        UNICODE_STRING copy;
        RtlInitUnicodeString(&copy, (PCWSTR)e->A);
        KT_EXPECT_TRUE(t, EqualsW(&copy,
                                  L"\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Services\\ldr_basic",
                                  TRUE));
        KT_EXPECT_EQ(t, e->Status, copy.Length);
        KT_EXPECT_EQ(t, (ULONG_PTR)e->B, 0);     /* NUL-terminated, as Windows passes it */
    }
    KT_EXPECT_TRUE(t, EqualsW(&driver->DriverExtension->ServiceKeyName, L"ldr_basic", FALSE));
    /* The image's extent, and the loader's record behind DriverSection. */
    KT_EXPECT_TRUE(t, (ULONG_PTR)driver->DriverInit >= (ULONG_PTR)driver->DriverStart);
    KT_EXPECT_TRUE(t, (ULONG_PTR)driver->DriverInit <
                          (ULONG_PTR)driver->DriverStart + driver->DriverSize);
    section = driver->DriverSection;
    KT_ASSERT_TRUE(t, section != NULL);
    KT_EXPECT_PTR_EQ(t, section->DllBase, driver->DriverStart);
    KT_EXPECT_EQ(t, section->SizeOfImage, driver->DriverSize);
    KT_EXPECT_PTR_EQ(t, section->EntryPoint, (PVOID)driver->DriverInit);
    KT_EXPECT_TRUE(t, EqualsW(&section->BaseDllName, L"ldr_basic.sys", TRUE));
    KT_EXPECT_TRUE(t, EqualsW(&section->FullDllName, image, FALSE));
    /* The driver's own LdrTestShadowed, not test-loader's. */
    e = LdrFindEvent("data");
    KT_ASSERT_TRUE(t, e != NULL);
    KT_EXPECT_EQ(t, (ULONG_PTR)e->B, 2);
    KT_EXPECT_EQ(t, e->Status, 42);
    /* DriverEntry runs in the System process. */
    e = LdrFindEvent("process");
    KT_EXPECT_TRUE(t, e != NULL && e->A == e->B);
    KT_EXPECT_TRUE(t, ObjectExists(L"\\Driver\\ldr_basic"));

    KT_EXPECT_EQ(t, Unload(L"ldr_basic"), STATUS_SUCCESS);
    e = LdrFindEvent("unload");
    KT_ASSERT_TRUE(t, e != NULL);
    KT_EXPECT_PTR_EQ(t, e->A, driver);
    KT_EXPECT_EQ(t, e->Status, PASSIVE_LEVEL);
    KT_EXPECT_FALSE(t, ObjectExists(L"\\Driver\\ldr_basic"));
    KT_EXPECT_EQ(t, MmpLoadedImageCount(), images);
    /* And it loads again. */
    KT_EXPECT_EQ(t, Load(L"ldr_basic"), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, LdrCountEvents("entry"), 2);
    KT_EXPECT_EQ(t, Unload(L"ldr_basic"), STATUS_SUCCESS);
    DeleteService(L"ldr_basic");
}

static void loaddrv_test_loaded_service_is_already_loaded(KTEST *t)
{
    WCHAR image[1024];

    LdrResetEvents();
    NtImagePath("ldr_basic.sys", image, 1024);
    KT_ASSERT_EQ(t, CreateService(L"ldr_basic", image, REG_SZ, SERVICE_KERNEL_DRIVER),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(t, CreateService(L"ldr_other", image, REG_SZ, SERVICE_KERNEL_DRIVER),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(t, Load(L"ldr_basic"), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Load(L"ldr_basic"), STATUS_IMAGE_ALREADY_LOADED);
    /* The service name compares ignoring case, as registry names do. */
    KT_EXPECT_EQ(t, Load(L"LDR_BASIC"), STATUS_IMAGE_ALREADY_LOADED);
    /* Another service with the same image: the image is loaded already. */
    KT_EXPECT_EQ(t, Load(L"ldr_other"), STATUS_IMAGE_ALREADY_LOADED);
    KT_EXPECT_FALSE(t, ObjectExists(L"\\Driver\\ldr_other"));
    KT_EXPECT_EQ(t, LdrCountEvents("entry"), 1);
    KT_EXPECT_EQ(t, Unload(L"Ldr_Basic"), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, LdrCountEvents("unload"), 1);
    DeleteService(L"ldr_basic");
    DeleteService(L"ldr_other");
}

static void loaddrv_test_image_path_forms(KTEST *t)
{
    static const struct {
        PCWSTR Prefix;   /* put before the Linux path of the driver */
        ULONG Type;
    } forms[] = {
        {L"\\??\\C:", REG_EXPAND_SZ},
        {L"\\??\\C:", REG_SZ},
        {L"C:", REG_SZ},                     /* a Win32 path: \??\ is implied */
        {L"\\DosDevices\\C:", REG_SZ},
        {L"\\GLOBAL??\\c:", REG_EXPAND_SZ},
    };
    char *host = LdrDriverPath("ldr_basic.sys");

    for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
        WCHAR image[1024];
        size_t n = 0;
        for (PCWSTR p = forms[i].Prefix; *p; p++)
            image[n++] = *p;
        for (const char *p = host; *p; p++)
            image[n++] = *p == '/' ? L'\\' : (WCHAR)(unsigned char)*p;
        image[n] = 0;
        /* Windows names are case-insensitive: the file is found with another case. */
        if (i == 3)
            image[n - 3] = L'S', image[n - 2] = L'Y', image[n - 1] = L'S';
        KT_ASSERT_EQ(t, CreateService(L"ldr_basic", image, forms[i].Type, SERVICE_KERNEL_DRIVER),
                     STATUS_SUCCESS);
        NTSTATUS st = Load(L"ldr_basic");
        if (st != STATUS_SUCCESS)
            KT_FAIL(t, "form %zu did not load: 0x%08X", i, (unsigned)st);
        else
            KT_EXPECT_EQ(t, Unload(L"ldr_basic"), STATUS_SUCCESS);
    }
    DeleteService(L"ldr_basic");
    free(host);
}

static void loaddrv_test_system_root_paths_and_default(KTEST *t)
{
    char *root = LdrMakeTempDir();
    char *src = LdrDriverPath("ldr_basic.sys");
    char dir[4096], dst[4200];
    const char *saved = getenv("KMODE_SYSTEMROOT");
    char *savedCopy = saved ? strdup(saved) : NULL;
    static const struct {
        PCWSTR ImagePath;
        ULONG Type;
    } forms[] = {
        {L"\\SystemRoot\\System32\\drivers\\ldr_basic.sys", REG_SZ},
        {L"System32\\DRIVERS\\ldr_basic.sys", REG_EXPAND_SZ},        /* as the SCM writes it */
        {L"%SystemRoot%\\system32\\drivers\\ldr_basic.sys", REG_EXPAND_SZ},
        {NULL, 0},                                                  /* the default */
    };

    KT_ASSERT_TRUE(t, root != NULL);
    snprintf(dir, sizeof(dir), "%s/System32/drivers", root);
    snprintf(dst, sizeof(dst), "%s/ldr_basic.sys", dir);
    snprintf(dir, sizeof(dir), "%s/System32", root);
    mkdir(dir, 0777);
    snprintf(dir, sizeof(dir), "%s/System32/drivers", root);
    mkdir(dir, 0777);
    KT_ASSERT_TRUE(t, LdrCopyFile(src, dst));
    setenv("KMODE_SYSTEMROOT", root, 1);
    for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
        KT_ASSERT_EQ(t, CreateService(L"ldr_basic", forms[i].ImagePath, forms[i].Type,
                                      SERVICE_KERNEL_DRIVER), STATUS_SUCCESS);
        if (Load(L"ldr_basic") != STATUS_SUCCESS)
            KT_FAIL(t, "system-root form %zu did not load", i);
        else
            KT_EXPECT_EQ(t, Unload(L"ldr_basic"), STATUS_SUCCESS);
    }
    /* Without the file there, the default names a missing file. */
    unlink(dst);
    KT_EXPECT_EQ(t, Load(L"ldr_basic"), STATUS_OBJECT_NAME_NOT_FOUND);
    if (savedCopy != NULL)
        setenv("KMODE_SYSTEMROOT", savedCopy, 1);
    else
        unsetenv("KMODE_SYSTEMROOT");
    free(savedCopy);
    DeleteService(L"ldr_basic");
    LdrRemoveTree(root);
    free(root);
    free(src);
}

static void loaddrv_test_missing_key_file_and_directory(KTEST *t)
{
    char *dir = LdrMakeTempDir();
    char host[4096];
    UNICODE_STRING nt;
    ULONG images = MmpLoadedImageCount();

    KT_ASSERT_TRUE(t, dir != NULL);
    KT_EXPECT_EQ(t, Load(L"ldr_no_such_service"), STATUS_OBJECT_NAME_NOT_FOUND);

    snprintf(host, sizeof(host), "%s/absent.sys", dir);
    LdrNtNameOf(host, &nt);
    KT_ASSERT_EQ(t, CreateService(L"ldr_absent", nt.Buffer, REG_EXPAND_SZ, SERVICE_KERNEL_DRIVER),
                 STATUS_SUCCESS);
    LdrFreeName(&nt);
    KT_EXPECT_EQ(t, Load(L"ldr_absent"), STATUS_OBJECT_NAME_NOT_FOUND);

    snprintf(host, sizeof(host), "%s/no/such/dir/absent.sys", dir);
    LdrNtNameOf(host, &nt);
    KT_ASSERT_EQ(t, CreateService(L"ldr_absent", nt.Buffer, REG_EXPAND_SZ, SERVICE_KERNEL_DRIVER),
                 STATUS_SUCCESS);
    LdrFreeName(&nt);
    KT_EXPECT_EQ(t, Load(L"ldr_absent"), STATUS_OBJECT_PATH_NOT_FOUND);
    KT_EXPECT_FALSE(t, ObjectExists(L"\\Driver\\ldr_absent"));
    KT_EXPECT_EQ(t, MmpLoadedImageCount(), images);
    /* A failed load leaves nothing behind: the service is not "loaded". */
    KT_EXPECT_EQ(t, Unload(L"ldr_absent"), STATUS_OBJECT_NAME_NOT_FOUND);
    DeleteService(L"ldr_absent");
    LdrRemoveTree(dir);
    free(dir);
}

static void loaddrv_test_failing_driver_entry_unloads_the_image(KTEST *t)
{
    WCHAR image[1024];
    ULONG images = MmpLoadedImageCount();
    const LDR_EVENT *e;

    LdrResetEvents();
    KT_ASSERT_EQ(t, CreateService(L"ldr_fail", NtImagePath("ldr_fail.sys", image, 1024),
                                  REG_EXPAND_SZ, SERVICE_KERNEL_DRIVER), STATUS_SUCCESS);
    KT_ASSERT_EQ(t, SetServiceDword(L"ldr_fail", L"FailWith", (ULONG)STATUS_DEVICE_CONFIGURATION_ERROR),
                 STATUS_SUCCESS);
    /* ZwLoadDriver returns DriverEntry's own status. */
    KT_EXPECT_EQ(t, Load(L"ldr_fail"), STATUS_DEVICE_CONFIGURATION_ERROR);
    e = LdrFindEvent("fail-entry");
    KT_EXPECT_TRUE(t, e != NULL && (ULONG)e->Status == (ULONG)STATUS_DEVICE_CONFIGURATION_ERROR);
    /* No DriverUnload after a failed DriverEntry; the object and the image are gone. */
    KT_EXPECT_EQ(t, LdrCountEvents("fail-unload"), 0);
    KT_EXPECT_FALSE(t, ObjectExists(L"\\Driver\\ldr_fail"));
    KT_EXPECT_EQ(t, MmpLoadedImageCount(), images);
    KT_EXPECT_EQ(t, Unload(L"ldr_fail"), STATUS_OBJECT_NAME_NOT_FOUND);
    /* An informational status is success: the driver stays. */
    KT_ASSERT_EQ(t, SetServiceDword(L"ldr_fail", L"FailWith", (ULONG)STATUS_SUCCESS), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Load(L"ldr_fail"), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, ObjectExists(L"\\Driver\\ldr_fail"));
    KT_EXPECT_EQ(t, Unload(L"ldr_fail"), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, LdrCountEvents("fail-unload"), 1);
    KT_EXPECT_EQ(t, MmpLoadedImageCount(), images);
    DeleteService(L"ldr_fail");
}

/* Child: registers and loads ldr_missing.sys, prints the status. */
static void LoadMissing(void *Context)
{
    WCHAR image[1024];
    (void)Context;
    CreateService(L"ldr_missing", NtImagePath("ldr_missing.sys", image, 1024), REG_EXPAND_SZ,
                  SERVICE_KERNEL_DRIVER);
    fprintf(stderr, "status=0x%08X\n", (unsigned)Load(L"ldr_missing"));
    fprintf(stderr, "driver=%d\n", ObjectExists(L"\\Driver\\ldr_missing"));
}

static void loaddrv_test_missing_ddi_fails_naming_it(KTEST *t)
{
    char out[4096];
    int rc = ktest_run_isolated(LoadMissing, NULL, out, sizeof(out));

    KT_EXPECT_EQ(t, rc, 0);
    KT_EXPECT_CONTAINS(t, out, "status=0xC0000263");
    KT_EXPECT_CONTAINS(t, out, "driver=0");
    KT_EXPECT_CONTAINS(t, out, "kmode: ldr_missing.sys imports IoKmodeTestMissingRoutine, "
                               "which kmode does not provide");
}

static void loaddrv_test_unload_refusals(KTEST *t)
{
    WCHAR image[1024];

    LdrResetEvents();
    KT_EXPECT_EQ(t, Unload(L"ldr_no_such_service"), STATUS_OBJECT_NAME_NOT_FOUND);
    KT_ASSERT_EQ(t, CreateService(L"ldr_cpp", NtImagePath("ldr_cpp.sys", image, 1024),
                                  REG_EXPAND_SZ, SERVICE_KERNEL_DRIVER), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Unload(L"ldr_cpp"), STATUS_OBJECT_NAME_NOT_FOUND);      /* not loaded */
    KT_ASSERT_EQ(t, Load(L"ldr_cpp"), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, LdrFindEvent("cpp-entry") ? LdrFindEvent("cpp-entry")->Status : 0, 42);
    /* No DriverUnload: it cannot be unloaded and stays (for the rest of this process). */
    KT_EXPECT_EQ(t, Unload(L"ldr_cpp"), STATUS_INVALID_DEVICE_REQUEST);
    KT_EXPECT_TRUE(t, ObjectExists(L"\\Driver\\ldr_cpp"));
    KT_EXPECT_EQ(t, Load(L"ldr_cpp"), STATUS_IMAGE_ALREADY_LOADED);
    KT_EXPECT_EQ(t, Unload(L"ldr_cpp"), STATUS_INVALID_DEVICE_REQUEST);
}

static void loaddrv_test_file_system_driver_object(KTEST *t)
{
    WCHAR image[1024];
    const LDR_EVENT *e;

    LdrResetEvents();
    KT_ASSERT_EQ(t, CreateService(L"ldr_basic", NtImagePath("ldr_basic.sys", image, 1024),
                                  REG_EXPAND_SZ, SERVICE_FILE_SYSTEM_DRIVER), STATUS_SUCCESS);
    KT_ASSERT_EQ(t, Load(L"ldr_basic"), STATUS_SUCCESS);
    e = LdrFindEvent("entry");
    KT_ASSERT_TRUE(t, e != NULL);
    KT_EXPECT_TRUE(t, EqualsW(&((PDRIVER_OBJECT)e->A)->DriverName, L"\\FileSystem\\ldr_basic",
                              FALSE));
    KT_EXPECT_TRUE(t, ObjectExists(L"\\FileSystem\\ldr_basic"));
    KT_EXPECT_FALSE(t, ObjectExists(L"\\Driver\\ldr_basic"));
    KT_EXPECT_EQ(t, Unload(L"ldr_basic"), STATUS_SUCCESS);
    KT_EXPECT_FALSE(t, ObjectExists(L"\\FileSystem\\ldr_basic"));
    DeleteService(L"ldr_basic");
}

static void loaddrv_test_outside_the_system_process_a_worker_loads(KTEST *t)
{
    WCHAR image[1024];
    const LDR_EVENT *e;

    LdrResetEvents();
    KT_ASSERT_EQ(t, CreateService(L"ldr_basic", NtImagePath("ldr_basic.sys", image, 1024),
                                  REG_EXPAND_SZ, SERVICE_KERNEL_DRIVER), STATUS_SUCCESS);
    IopSetLoadThroughWorkerForTest(TRUE);
    KT_EXPECT_EQ(t, Load(L"ldr_basic"), STATUS_SUCCESS);
    e = LdrFindEvent("thread");
    KT_EXPECT_TRUE(t, e != NULL && e->A != (PVOID)PsGetCurrentThread());
    KT_EXPECT_EQ(t, Load(L"ldr_basic"), STATUS_IMAGE_ALREADY_LOADED);
    KT_EXPECT_EQ(t, Unload(L"ldr_basic"), STATUS_SUCCESS);
    e = LdrFindEvent("unload");
    KT_EXPECT_TRUE(t, e != NULL && e->B != (PVOID)PsGetCurrentThread());
    KT_EXPECT_EQ(t, Unload(L"ldr_basic"), STATUS_OBJECT_NAME_NOT_FOUND);
    IopSetLoadThroughWorkerForTest(FALSE);
    /* In the System process (kmode's threads are), the caller's thread does the work. */
    LdrResetEvents();
    KT_EXPECT_EQ(t, Load(L"ldr_basic"), STATUS_SUCCESS);
    e = LdrFindEvent("thread");
    KT_EXPECT_TRUE(t, e != NULL && e->A == (PVOID)PsGetCurrentThread());
    KT_EXPECT_EQ(t, Unload(L"ldr_basic"), STATUS_SUCCESS);
    DeleteService(L"ldr_basic");
}

/* Deletes \Device\LdrDevice, as its driver should have. */
static BOOLEAN DeleteLeftDevice(VOID)
{
    UNICODE_STRING n = RTL_CONSTANT_STRING(L"\\Device\\LdrDevice");
    OBJECT_ATTRIBUTES oa;
    PVOID device;

    InitializeObjectAttributes(&oa, &n, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    if (!NT_SUCCESS(ObpReferenceObjectByName(&oa, *IoDeviceObjectType, KernelMode, 0, NULL,
                                             &device)))
        return FALSE;
    IoDeleteDevice(device);
    ObDereferenceObject(device);
    return TRUE;
}

static void loaddrv_test_devices_keep_the_image_mapped(KTEST *t)
{
    WCHAR image[1024];
    ULONG images = MmpLoadedImageCount();

    LdrResetEvents();
    KT_ASSERT_EQ(t, CreateService(L"ldr_device", NtImagePath("ldr_device.sys", image, 1024),
                                  REG_EXPAND_SZ, SERVICE_KERNEL_DRIVER), STATUS_SUCCESS);
    /* A driver that deletes its device in DriverUnload: all gone at unload. */
    KT_ASSERT_EQ(t, SetServiceDword(L"ldr_device", L"Mode", 0), STATUS_SUCCESS);
    KT_ASSERT_EQ(t, Load(L"ldr_device"), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, ObjectExists(L"\\Device\\LdrDevice"));
    KT_EXPECT_EQ(t, Unload(L"ldr_device"), STATUS_SUCCESS);
    KT_EXPECT_FALSE(t, ObjectExists(L"\\Device\\LdrDevice"));
    KT_EXPECT_FALSE(t, ObjectExists(L"\\Driver\\ldr_device"));
    KT_EXPECT_EQ(t, MmpLoadedImageCount(), images);

    /* One that forgets it: the device holds the driver object, and with it the image. */
    KT_ASSERT_EQ(t, SetServiceDword(L"ldr_device", L"Mode", 1), STATUS_SUCCESS);
    KT_ASSERT_EQ(t, Load(L"ldr_device"), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Unload(L"ldr_device"), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, LdrCountEvents("device-unload"), 2);
    KT_EXPECT_FALSE(t, ObjectExists(L"\\Driver\\ldr_device"));
    KT_EXPECT_EQ(t, MmpLoadedImageCount(), images + 1);
    /* Not loaded as a service any more, but its image is: loading again is refused. */
    KT_EXPECT_EQ(t, Unload(L"ldr_device"), STATUS_OBJECT_NAME_NOT_FOUND);
    KT_EXPECT_EQ(t, Load(L"ldr_device"), STATUS_IMAGE_ALREADY_LOADED);
    KT_EXPECT_TRUE(t, DeleteLeftDevice());
    KT_EXPECT_EQ(t, MmpLoadedImageCount(), images);

    /* A failing DriverEntry that leaves its device: the image stays until the device goes. */
    KT_ASSERT_EQ(t, SetServiceDword(L"ldr_device", L"Mode", 2), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Load(L"ldr_device"), STATUS_DEVICE_NOT_READY);
    KT_EXPECT_EQ(t, LdrCountEvents("device-unload"), 2);      /* no DriverUnload */
    KT_EXPECT_FALSE(t, ObjectExists(L"\\Driver\\ldr_device"));
    KT_EXPECT_EQ(t, MmpLoadedImageCount(), images + 1);
    KT_EXPECT_TRUE(t, DeleteLeftDevice());
    KT_EXPECT_EQ(t, MmpLoadedImageCount(), images);
    /* And the image loads again afterwards. */
    KT_ASSERT_EQ(t, SetServiceDword(L"ldr_device", L"Mode", 0), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Load(L"ldr_device"), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Unload(L"ldr_device"), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, MmpLoadedImageCount(), images);
    DeleteService(L"ldr_device");
}

static KTEST_CASE loaddrv_cases[] = {
    KTEST_CASE_ENTRY(loaddrv_test_driver_entry_gets_driver_object_and_service_key),
    KTEST_CASE_ENTRY(loaddrv_test_loaded_service_is_already_loaded),
    KTEST_CASE_ENTRY(loaddrv_test_image_path_forms),
    KTEST_CASE_ENTRY(loaddrv_test_system_root_paths_and_default),
    KTEST_CASE_ENTRY(loaddrv_test_missing_key_file_and_directory),
    KTEST_CASE_ENTRY(loaddrv_test_failing_driver_entry_unloads_the_image),
    KTEST_CASE_ENTRY(loaddrv_test_missing_ddi_fails_naming_it),
    KTEST_CASE_ENTRY(loaddrv_test_unload_refusals),
    KTEST_CASE_ENTRY(loaddrv_test_file_system_driver_object),
    KTEST_CASE_ENTRY(loaddrv_test_outside_the_system_process_a_worker_loads),
    KTEST_CASE_ENTRY(loaddrv_test_devices_keep_the_image_mapped),
    {0},
};
KTEST_SUITE(loaddrv, loaddrv_cases);
