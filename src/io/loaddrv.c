/*
 * PURPOSE: Loading and unloading drivers as services: ZwLoadDriver reads the service key
 * (ImagePath, Type), maps the image (src/mm/sysload.c) and creates the driver object that
 * runs DriverEntry (src/io/driver.c); ZwUnloadDriver runs DriverUnload. As on Windows both
 * do their work in the System process: a caller from another process has it done by a
 * system worker thread and waits. See docs/toolchain.md.
 */

/* ===== INCLUDES ========================================================================= */

#include <stdlib.h>
#include <string.h>
#include <internal/cm.h>
#include <internal/io.h>
#include <internal/ldr.h>
#include <internal/path.h>

/* ===== GLOBALS ========================================================================== */

#define IOP_LOAD_TAG 'dLoI'   /* "IoLd" */

/* A service whose driver is loaded (or being loaded: DriverObject NULL). */
typedef struct _IOP_SERVICE {
    LIST_ENTRY Links;
    UNICODE_STRING Name;            /* the service key's name */
    PDRIVER_OBJECT DriverObject;    /* referenced (IopCreateDriver's reference) */
} IOP_SERVICE, *PIOP_SERVICE;

static LIST_ENTRY IopServiceList = {&IopServiceList, &IopServiceList};
static FAST_MUTEX IopServiceLock;
static BOOLEAN IopAlwaysUseWorker;

typedef struct _IOP_LOAD_REQUEST {
    WORK_QUEUE_ITEM Item;
    KEVENT Done;
    PUNICODE_STRING ServiceName;
    BOOLEAN Unload;
    NTSTATUS Status;
} IOP_LOAD_REQUEST;

/* ===== PRIVATE FUNCTIONS ================================================================ */

static VOID IoppReleaseDriverSection(PVOID DriverSection)
{
    MmpUnloadSystemImage((PMMP_IMAGE)DriverSection);
}

__attribute__((constructor)) static VOID IoppInitializeLoader(VOID)
{
    ExInitializeFastMutex(&IopServiceLock);
    /* The driver object's last reference unmaps its image. */
    IopReleaseDriverSection = IoppReleaseDriverSection;
}

/* The last component of a registry path. */
static VOID IoppLastComponent(PCUNICODE_STRING Path, PUNICODE_STRING Last)
{
    USHORT chars = Path->Length / sizeof(WCHAR), start = 0;

    for (USHORT i = 0; i < chars; i++)
        if (Path->Buffer[i] == L'\\')
            start = i + 1;
    Last->Buffer = Path->Buffer + start;
    Last->Length = (USHORT)((chars - start) * sizeof(WCHAR));
    Last->MaximumLength = Last->Length;
}

/* *Info: a pool block with the value's KEY_VALUE_PARTIAL_INFORMATION (free with ExFreePool). */
static NTSTATUS IoppQueryValue(HANDLE Key, PCWSTR Name, PKEY_VALUE_PARTIAL_INFORMATION *Info)
{
    UNICODE_STRING name;
    ULONG size = 0;
    NTSTATUS st;
    PKEY_VALUE_PARTIAL_INFORMATION info;

    RtlInitUnicodeString(&name, Name);
    *Info = NULL;
    st = ZwQueryValueKey(Key, &name, KeyValuePartialInformation, NULL, 0, &size);
    if (st != STATUS_BUFFER_TOO_SMALL && st != STATUS_BUFFER_OVERFLOW)
        return NT_SUCCESS(st) ? STATUS_UNSUCCESSFUL : st;
    info = ExAllocatePool2(POOL_FLAG_PAGED, size, IOP_LOAD_TAG);
    if (info == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    st = ZwQueryValueKey(Key, &name, KeyValuePartialInformation, info, size, &size);
    if (!NT_SUCCESS(st)) {
        ExFreePoolWithTag(info, IOP_LOAD_TAG);
        return st;
    }
    *Info = info;
    return STATUS_SUCCESS;
}

/* The key's full name (\REGISTRY\MACHINE\SYSTEM\ControlSet001\Services\x: what Windows
   hands DriverEntry as RegistryPath), NUL-terminated, in pool. */
static NTSTATUS IoppQueryKeyName(HANDLE Key, PUNICODE_STRING Name)
{
    ULONG size = 0;
    NTSTATUS st;
    PKEY_NAME_INFORMATION info;

    st = ZwQueryKey(Key, KeyNameInformation, NULL, 0, &size);
    if (st != STATUS_BUFFER_TOO_SMALL && st != STATUS_BUFFER_OVERFLOW)
        return NT_SUCCESS(st) ? STATUS_UNSUCCESSFUL : st;
    info = ExAllocatePool2(POOL_FLAG_PAGED, size + sizeof(WCHAR), IOP_LOAD_TAG);
    if (info == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    st = ZwQueryKey(Key, KeyNameInformation, info, size, &size);
    if (!NT_SUCCESS(st) || info->NameLength > MAXUSHORT - sizeof(WCHAR)) {
        ExFreePoolWithTag(info, IOP_LOAD_TAG);
        return NT_SUCCESS(st) ? STATUS_NAME_TOO_LONG : st;
    }
    /* The name moves to the start of the block (FIELD_OFFSET(Name) == 4). */
    {
        ULONG bytes = info->NameLength;
        PWCHAR buffer = (PWCHAR)info;
        RtlMoveMemory(buffer, info->Name, bytes);
        buffer[bytes / sizeof(WCHAR)] = L'\0';
        Name->Buffer = buffer;
        Name->Length = (USHORT)bytes;
        Name->MaximumLength = (USHORT)(bytes + sizeof(WCHAR));
    }
    return STATUS_SUCCESS;
}

static SIZE_T IoppLength(PCWSTR S)
{
    SIZE_T n = 0;
    while (S[n] != L'\0')
        n++;
    return n;
}

/* Concatenates the parts into a NUL-terminated pool string. */
static NTSTATUS IoppConcat(PUNICODE_STRING Out, PCWSTR Prefix, PCWCH Text, ULONG TextChars,
                           PCWSTR Suffix)
{
    SIZE_T pl = IoppLength(Prefix), sl = Suffix ? IoppLength(Suffix) : 0;
    SIZE_T chars = pl + TextChars + sl;
    PWCHAR b;

    if ((chars + 1) * sizeof(WCHAR) > MAXUSHORT)
        return STATUS_NAME_TOO_LONG;
    b = ExAllocatePool2(POOL_FLAG_PAGED, (chars + 1) * sizeof(WCHAR), IOP_LOAD_TAG);
    if (b == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlCopyMemory(b, Prefix, pl * sizeof(WCHAR));
    RtlCopyMemory(b + pl, Text, TextChars * sizeof(WCHAR));
    if (sl)
        RtlCopyMemory(b + pl + TextChars, Suffix, sl * sizeof(WCHAR));
    b[chars] = L'\0';
    Out->Buffer = b;
    Out->Length = (USHORT)(chars * sizeof(WCHAR));
    Out->MaximumLength = (USHORT)((chars + 1) * sizeof(WCHAR));
    return STATUS_SUCCESS;
}

static VOID IoppFreeString(PUNICODE_STRING S)
{
    if (S->Buffer != NULL)
        ExFreePoolWithTag(S->Buffer, IOP_LOAD_TAG);
    S->Buffer = NULL;
}

/*
 * The image's NT name from the service key: ImagePath (REG_EXPAND_SZ expanded, or REG_SZ),
 * else \SystemRoot\System32\drivers\<service>.sys. An NT path (\??\C:\x, \SystemRoot\x) is
 * taken as it is; a drive path (C:\x) gets \??\; a relative one (System32\drivers\x.sys, as
 * the SCM writes) is relative to \SystemRoot.
 */
static NTSTATUS IoppImagePath(HANDLE Key, PCUNICODE_STRING Service, PUNICODE_STRING Image)
{
    PKEY_VALUE_PARTIAL_INFORMATION info;
    PWCHAR expanded = NULL;
    PCWCH text;
    ULONG chars;
    NTSTATUS st;

    st = IoppQueryValue(Key, L"ImagePath", &info);
    if (st == STATUS_INSUFFICIENT_RESOURCES)
        return st;
    if (!NT_SUCCESS(st) || (info->Type != REG_SZ && info->Type != REG_EXPAND_SZ)) {
        if (info != NULL)
            ExFreePoolWithTag(info, IOP_LOAD_TAG);
        return IoppConcat(Image, L"\\SystemRoot\\System32\\drivers\\", Service->Buffer,
                          Service->Length / sizeof(WCHAR), L".sys");
    }
    text = (PCWCH)info->Data;
    chars = info->DataLength / sizeof(WCHAR);
    while (chars > 0 && text[chars - 1] == L'\0')
        chars--;
    if (info->Type == REG_EXPAND_SZ) {
        ULONG bytes;
        st = CmpExpandEnvironment(text, chars, NULL, &expanded, &bytes);
        if (!NT_SUCCESS(st)) {
            ExFreePoolWithTag(info, IOP_LOAD_TAG);
            return st;
        }
        text = expanded;
        chars = bytes / sizeof(WCHAR) - 1;
    }
    if (chars == 0)
        st = STATUS_OBJECT_NAME_INVALID;
    else if (text[0] == L'\\')
        st = IoppConcat(Image, L"", text, chars, NULL);
    else if (chars >= 2 && text[1] == L':')
        st = IoppConcat(Image, L"\\??\\", text, chars, NULL);
    else
        st = IoppConcat(Image, L"\\SystemRoot\\", text, chars, NULL);
    free(expanded);
    ExFreePoolWithTag(info, IOP_LOAD_TAG);
    return st;
}

static PIOP_SERVICE IoppFindService(PCUNICODE_STRING Name)
{
    for (PLIST_ENTRY e = IopServiceList.Flink; e != &IopServiceList; e = e->Flink) {
        PIOP_SERVICE s = CONTAINING_RECORD(e, IOP_SERVICE, Links);
        if (RtlEqualUnicodeString(&s->Name, Name, TRUE))
            return s;
    }
    return NULL;
}

static VOID IoppFreeService(PIOP_SERVICE Service)
{
    IoppFreeString(&Service->Name);
    ExFreePoolWithTag(Service, IOP_LOAD_TAG);
}

/* Makes sure \FileSystem exists (file-system drivers' objects live there). */
static NTSTATUS IoppEnsureFileSystemDirectory(VOID)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\FileSystem");
    OBJECT_ATTRIBUTES oa;
    HANDLE dir;
    NTSTATUS st;

    InitializeObjectAttributes(&oa, &name,
                               OBJ_PERMANENT | OBJ_OPENIF | OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    st = ZwCreateDirectoryObject(&dir, DIRECTORY_ALL_ACCESS, &oa);
    if (NT_SUCCESS(st))
        ZwClose(dir);
    return st;
}

/* Opens the service key; its last component names the service. */
static NTSTATUS IoppOpenService(PUNICODE_STRING ServiceKey, PHANDLE Key, PUNICODE_STRING Name)
{
    OBJECT_ATTRIBUTES oa;
    NTSTATUS st;

    InitializeObjectAttributes(&oa, ServiceKey, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL,
                               NULL);
    st = ZwOpenKey(Key, KEY_READ, &oa);
    if (!NT_SUCCESS(st))
        return st;
    IoppLastComponent(ServiceKey, Name);
    if (Name->Length == 0) {
        ZwClose(*Key);
        return STATUS_OBJECT_NAME_INVALID;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS IoppLoadDriver(PUNICODE_STRING ServiceKey)
{
    UNICODE_STRING service, keyName = {0}, imageName = {0}, driverName = {0}, keyService;
    PKEY_VALUE_PARTIAL_INFORMATION typeInfo = NULL;
    PIOP_SERVICE entry;
    PMMP_IMAGE image = NULL;
    PDRIVER_OBJECT driver = NULL;
    char *hostPath = NULL;
    ULONG type = SERVICE_KERNEL_DRIVER;
    HANDLE key;
    NTSTATUS st;

    st = IoppOpenService(ServiceKey, &key, &service);
    if (!NT_SUCCESS(st))
        return st;
    /* Names as the key spells them: RegistryPath, \Driver\<name>, ServiceKeyName. */
    st = IoppQueryKeyName(key, &keyName);
    if (NT_SUCCESS(st)) {
        IoppLastComponent(&keyName, &keyService);
        if (NT_SUCCESS(IoppQueryValue(key, L"Type", &typeInfo)) && typeInfo->Type == REG_DWORD &&
            typeInfo->DataLength == sizeof(ULONG))
            RtlCopyMemory(&type, typeInfo->Data, sizeof(ULONG));
        if (typeInfo != NULL)
            ExFreePoolWithTag(typeInfo, IOP_LOAD_TAG);
        st = IoppImagePath(key, &keyService, &imageName);
    }
    ZwClose(key);
    if (NT_SUCCESS(st)) {
        BOOLEAN fileSystem = type == SERVICE_FILE_SYSTEM_DRIVER || type == SERVICE_RECOGNIZER_DRIVER;
        st = IoppConcat(&driverName, fileSystem ? L"\\FileSystem\\" : L"\\Driver\\",
                        keyService.Buffer, keyService.Length / sizeof(WCHAR), NULL);
        if (NT_SUCCESS(st) && fileSystem)
            st = IoppEnsureFileSystemDirectory();
    }
    if (NT_SUCCESS(st))
        st = KmPathNtToHost(&imageName, &hostPath);
    if (!NT_SUCCESS(st))
        goto out;

    /* One load per service at a time; a loaded service loads no second time. */
    entry = ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(*entry), IOP_LOAD_TAG);
    if (entry == NULL) {
        st = STATUS_INSUFFICIENT_RESOURCES;
        goto out;
    }
    st = IoppConcat(&entry->Name, L"", keyService.Buffer, keyService.Length / sizeof(WCHAR), NULL);
    if (!NT_SUCCESS(st)) {
        ExFreePoolWithTag(entry, IOP_LOAD_TAG);
        goto out;
    }
    ExAcquireFastMutex(&IopServiceLock);
    if (IoppFindService(&entry->Name) != NULL) {
        ExReleaseFastMutex(&IopServiceLock);
        IoppFreeService(entry);
        st = STATUS_IMAGE_ALREADY_LOADED;
        goto out;
    }
    InsertTailList(&IopServiceList, &entry->Links);
    ExReleaseFastMutex(&IopServiceLock);

    st = MmpLoadSystemImage(&imageName, hostPath, &image);
    if (NT_SUCCESS(st)) {
        /* The driver object owns the image from here: its deletion unmaps it, on failure
           too (the I/O manager releases DriverSection exactly once). */
        st = IopCreateDriver(&driverName, (PDRIVER_INITIALIZE)image->Entry.EntryPoint, &keyName,
                             image->Entry.DllBase, image->Entry.SizeOfImage, image, &driver);
        if (st == STATUS_OBJECT_NAME_COLLISION)
            st = STATUS_IMAGE_ALREADY_LOADED;   /* a driver object of that name exists */
    }
    ExAcquireFastMutex(&IopServiceLock);
    if (NT_SUCCESS(st))
        entry->DriverObject = driver;
    else
        RemoveEntryList(&entry->Links);
    ExReleaseFastMutex(&IopServiceLock);
    if (!NT_SUCCESS(st))
        IoppFreeService(entry);

out:
    free(hostPath);
    IoppFreeString(&driverName);
    IoppFreeString(&imageName);
    IoppFreeString(&keyName);
    return st;
}

static NTSTATUS IoppUnloadDriver(PUNICODE_STRING ServiceKey)
{
    UNICODE_STRING service;
    PIOP_SERVICE entry;
    HANDLE key;
    NTSTATUS st;

    st = IoppOpenService(ServiceKey, &key, &service);
    if (!NT_SUCCESS(st))
        return st;
    ZwClose(key);

    ExAcquireFastMutex(&IopServiceLock);
    entry = IoppFindService(&service);
    if (entry == NULL || entry->DriverObject == NULL) {
        /* Not loaded (or still loading): there is no \Driver\<name> to unload. */
        ExReleaseFastMutex(&IopServiceLock);
        return STATUS_OBJECT_NAME_NOT_FOUND;
    }
    RemoveEntryList(&entry->Links);
    ExReleaseFastMutex(&IopServiceLock);

    st = IopUnloadDriver(entry->DriverObject);
    if (!NT_SUCCESS(st)) {
        /* No DriverUnload: the driver stays loaded, as Windows keeps it. */
        ExAcquireFastMutex(&IopServiceLock);
        InsertTailList(&IopServiceList, &entry->Links);
        ExReleaseFastMutex(&IopServiceLock);
        return st;
    }
    IoppFreeService(entry);
    return STATUS_SUCCESS;
}

static VOID NTAPI IoppLoadWorker(PVOID Context)
{
    IOP_LOAD_REQUEST *req = Context;

    req->Status = req->Unload ? IoppUnloadDriver(req->ServiceName)
                              : IoppLoadDriver(req->ServiceName);
    KeSetEvent(&req->Done, IO_NO_INCREMENT, FALSE);
}

/* Runs the load or unload in the System process: here, or on a system worker thread. */
static NTSTATUS IoppLoadUnload(PUNICODE_STRING ServiceName, BOOLEAN Unload)
{
    IOP_LOAD_REQUEST req;

    if (!IopAlwaysUseWorker && PsGetCurrentProcess() == PsInitialSystemProcess)
        return Unload ? IoppUnloadDriver(ServiceName) : IoppLoadDriver(ServiceName);
    req.ServiceName = ServiceName;
    req.Unload = Unload;
    req.Status = STATUS_UNSUCCESSFUL;
    KeInitializeEvent(&req.Done, NotificationEvent, FALSE);
    ExInitializeWorkItem(&req.Item, IoppLoadWorker, &req);
    ExQueueWorkItem(&req.Item, DelayedWorkQueue);
    KeWaitForSingleObject(&req.Done, Executive, KernelMode, FALSE, NULL);
    return req.Status;
}

/* ===== PUBLIC FUNCTIONS (internal) ====================================================== */

VOID IopSetLoadThroughWorkerForTest(BOOLEAN Always)
{
    IopAlwaysUseWorker = Always;
}

/* ===== PUBLIC FUNCTIONS ================================================================= */

/*
 * ZwLoadDriver
 * @implemented
 * PASSIVE_LEVEL. Loads the driver of the service key DriverServiceName
 * (\Registry\Machine\System\CurrentControlSet\Services\<name>): its image from ImagePath
 * (default \SystemRoot\System32\drivers\<name>.sys), its driver object \Driver\<name>
 * (\FileSystem\<name> for Type SERVICE_FILE_SYSTEM_DRIVER or SERVICE_RECOGNIZER_DRIVER),
 * then DriverEntry with the key's full name as RegistryPath, in the System process.
 * Returns DriverEntry's status (a failing driver is unloaded again, without DriverUnload),
 * or: the key's open error (STATUS_OBJECT_NAME_NOT_FOUND for a missing service),
 * STATUS_IMAGE_ALREADY_LOADED, STATUS_OBJECT_NAME_NOT_FOUND / STATUS_OBJECT_PATH_NOT_FOUND
 * (no image file / directory), STATUS_DRIVER_ENTRYPOINT_NOT_FOUND (the image imports a
 * routine kmode does not export: each one is named on stderr), STATUS_INVALID_IMAGE_FORMAT,
 * STATUS_INVALID_IMAGE_NOT_MZ, STATUS_DLL_NOT_FOUND, STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS NTAPI ZwLoadDriver(PUNICODE_STRING DriverServiceName)
{
    PAGED_CODE();
    return IoppLoadUnload(DriverServiceName, FALSE);
}

/*
 * ZwUnloadDriver
 * @implemented
 * PASSIVE_LEVEL. Runs DriverUnload of the driver ZwLoadDriver loaded for the service key
 * and removes \Driver\<name>; the image goes when the last reference to the driver object
 * does (devices still referenced keep it). STATUS_OBJECT_NAME_NOT_FOUND when the key does
 * not exist or its driver is not loaded; STATUS_INVALID_DEVICE_REQUEST when the driver has
 * no DriverUnload (it stays loaded).
 */
NTSTATUS NTAPI ZwUnloadDriver(PUNICODE_STRING DriverServiceName)
{
    PAGED_CODE();
    return IoppLoadUnload(DriverServiceName, TRUE);
}
