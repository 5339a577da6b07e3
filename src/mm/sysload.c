/*
 * PURPOSE: System images: mapping a driver's .sys (an ELF shared object built by kmode-cc
 * --driver), the loaded-module list (KLDR_DATA_TABLE_ENTRY records, the DriverSection of
 * driver objects) and MmGetSystemRoutineAddress over kmode's export table.
 */

/* ===== INCLUDES ========================================================================= */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <internal/ldr.h>
#include "mip.h"

/* ===== GLOBALS ========================================================================== */

#define MMP_IMAGE_TAG 'dLmM'   /* "MmLd" */

static LIST_ENTRY MmpLoadedModuleList = {&MmpLoadedModuleList, &MmpLoadedModuleList};
static HOST_CONDITION MmpLoadLock;     /* guards the list; held while mapping an image */
static ULONG MmpLoadedCount;

/* ===== PRIVATE FUNCTIONS ================================================================ */

__attribute__((constructor)) static VOID MmpInitializeLoader(VOID)
{
    HostConditionInitialize(&MmpLoadLock);
}

static VOID MmpPrint(const char *Format, ...) __attribute__((format(printf, 1, 2)));

/* A loader diagnostic: always shown (stderr), as a failed service start is always logged. */
static VOID MmpPrint(const char *Format, ...)
{
    char line[1024];
    va_list ap;
    int n;

    va_start(ap, Format);
    n = vsnprintf(line, sizeof(line), Format, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((SIZE_T)n >= sizeof(line))
        n = sizeof(line) - 1;
    HostWriteStderr(line, (SIZE_T)n);
}

static const char *MmpBaseName(const char *Path)
{
    const char *slash = strrchr(Path, '/');
    return slash ? slash + 1 : Path;
}

typedef struct {
    const char *ImageName;
} MMP_MISSING_CONTEXT;

static VOID MmpReportMissing(const char *Name, const char *Readable, PVOID Context)
{
    MMP_MISSING_CONTEXT *ctx = Context;
    if (Readable != NULL)
        MmpPrint("kmode: %s imports %s (%s), which kmode does not provide\n", ctx->ImageName,
                 Readable, Name);
    else
        MmpPrint("kmode: %s imports %s, which kmode does not provide\n", ctx->ImageName, Name);
}

/* The last component of an NT name (after the last '\'). */
static VOID MmpLastComponent(PCUNICODE_STRING Name, PUNICODE_STRING Last)
{
    USHORT chars = Name->Length / sizeof(WCHAR), start = 0;

    for (USHORT i = 0; i < chars; i++)
        if (Name->Buffer[i] == L'\\' || Name->Buffer[i] == L'/')
            start = i + 1;
    Last->Buffer = Name->Buffer + start;
    Last->Length = (USHORT)((chars - start) * sizeof(WCHAR));
    Last->MaximumLength = Last->Length;
}

static NTSTATUS MmpCopyName(PUNICODE_STRING Dest, PCUNICODE_STRING Source)
{
    Dest->Buffer = ExAllocatePool2(POOL_FLAG_NON_PAGED, Source->Length + sizeof(WCHAR),
                                   MMP_IMAGE_TAG);
    if (Dest->Buffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlCopyMemory(Dest->Buffer, Source->Buffer, Source->Length);
    Dest->Buffer[Source->Length / sizeof(WCHAR)] = L'\0';
    Dest->Length = Source->Length;
    Dest->MaximumLength = Source->Length + sizeof(WCHAR);
    return STATUS_SUCCESS;
}

static VOID MmpFreeRecord(PMMP_IMAGE Image)
{
    if (Image->Entry.FullDllName.Buffer != NULL)
        ExFreePoolWithTag(Image->Entry.FullDllName.Buffer, MMP_IMAGE_TAG);
    if (Image->Entry.BaseDllName.Buffer != NULL)
        ExFreePoolWithTag(Image->Entry.BaseDllName.Buffer, MMP_IMAGE_TAG);
    if (Image->HostPath != NULL)
        ExFreePoolWithTag(Image->HostPath, MMP_IMAGE_TAG);
    ExFreePoolWithTag(Image, MMP_IMAGE_TAG);
}

/* The record keeps everything in pool, like the rest of it (a driver that can never be
   unloaded keeps its record to the end of the process). */
static char *MmpCopyPath(const char *Path)
{
    SIZE_T n = strlen(Path) + 1;
    char *copy = ExAllocatePool2(POOL_FLAG_NON_PAGED, n, MMP_IMAGE_TAG);
    if (copy != NULL)
        memcpy(copy, Path, n);
    return copy;
}

/* Maps the image's host status to what Windows' loader returns, printing why it failed. */
static NTSTATUS MmpMapImage(PMMP_IMAGE Image)
{
    const char *name = MmpBaseName(Image->HostPath);
    char detail[512];
    HOST_IMAGE_STATUS hs = HostLoadImage(Image->HostPath, &Image->Host, detail, sizeof(detail));

    switch (hs) {
    case HostImageLoaded:
        return STATUS_SUCCESS;
    case HostImageNotFound:
        return STATUS_OBJECT_NAME_NOT_FOUND;
    case HostImageIsDirectory:
        return STATUS_FILE_IS_A_DIRECTORY;
    case HostImageAccessDenied:
        return STATUS_ACCESS_DENIED;
    case HostImageNotElf:
        if (strcmp(detail, "PE") == 0) {
            MmpPrint("kmode: %s is a Windows PE image; kmode loads drivers built from source "
                     "with kmode-cc --driver\n", name);
            return STATUS_INVALID_IMAGE_FORMAT;
        }
        MmpPrint("kmode: %s is not a driver image (build drivers with kmode-cc --driver)\n",
                 name);
        return STATUS_INVALID_IMAGE_NOT_MZ;
    case HostImageBadFormat:
        MmpPrint("kmode: %s cannot be loaded: %s\n", name, detail);
        return STATUS_INVALID_IMAGE_FORMAT;
    case HostImageMissingSymbol: {
        MMP_MISSING_CONTEXT ctx = {name};
        /* Name every missing import, not just the first the dynamic loader met. */
        if (HostImageMissingSymbols(Image->HostPath, MmpReportMissing, &ctx) == 0)
            MmpReportMissing(detail, NULL, &ctx);
        /* Windows' loader reports an unresolved import this way (Win32: ERROR_PROC_NOT_FOUND). */
        return STATUS_DRIVER_ENTRYPOINT_NOT_FOUND;
    }
    case HostImageMissingLibrary:
        MmpPrint("kmode: %s cannot be loaded: %s\n", name, detail);
        return STATUS_DLL_NOT_FOUND;
    case HostImageFailed:
    default:
        MmpPrint("kmode: %s cannot be loaded: %s\n", name, detail);
        return STATUS_DRIVER_UNABLE_TO_LOAD;
    }
}

/* ===== PUBLIC FUNCTIONS (internal) ====================================================== */

NTSTATUS MmpLoadSystemImage(PCUNICODE_STRING ImageName, const char *HostPath, PMMP_IMAGE *Image)
{
    UNICODE_STRING baseName;
    PMMP_IMAGE image;
    PVOID entry;
    NTSTATUS status;
    char *canonical = NULL;

    PAGED_CODE();
    *Image = NULL;
    image = ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(*image), MMP_IMAGE_TAG);
    if (image == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    MmpLastComponent(ImageName, &baseName);
    status = MmpCopyName(&image->Entry.FullDllName, ImageName);
    if (NT_SUCCESS(status))
        status = MmpCopyName(&image->Entry.BaseDllName, &baseName);
    if (NT_SUCCESS(status)) {
        /* A missing file keeps the path given: HostLoadImage says what is wrong. */
        if (NT_SUCCESS(HostCanonicalizePath(HostPath, &canonical))) {
            image->HostPath = MmpCopyPath(canonical);
            free(canonical);
        } else {
            image->HostPath = MmpCopyPath(HostPath);
        }
        if (image->HostPath == NULL)
            status = STATUS_INSUFFICIENT_RESOURCES;
    }
    if (!NT_SUCCESS(status)) {
        MmpFreeRecord(image);
        return status;
    }

    HostConditionLock(&MmpLoadLock);
    /* One image per file and per name: the loader keys loaded modules by name. */
    for (PLIST_ENTRY e = MmpLoadedModuleList.Flink; e != &MmpLoadedModuleList; e = e->Flink) {
        PMMP_IMAGE other = CONTAINING_RECORD(e, MMP_IMAGE, Entry.InLoadOrderLinks);
        if (strcmp(other->HostPath, image->HostPath) == 0 ||
            RtlEqualUnicodeString(&other->Entry.BaseDllName, &image->Entry.BaseDllName, TRUE)) {
            HostConditionUnlock(&MmpLoadLock);
            MmpFreeRecord(image);
            return STATUS_IMAGE_ALREADY_LOADED;
        }
    }
    status = MmpMapImage(image);
    if (NT_SUCCESS(status)) {
        entry = HostImageSymbol(&image->Host, "DriverEntry");
        if (entry == NULL) {
            MmpPrint("kmode: %s defines no DriverEntry (in C++ declare it extern \"C\")\n",
                     MmpBaseName(image->HostPath));
            HostUnloadImage(&image->Host);
            status = STATUS_DRIVER_ENTRYPOINT_NOT_FOUND;
        } else {
            image->Entry.EntryPoint = entry;
            image->Entry.DllBase = image->Host.Base;
            image->Entry.SizeOfImage = (ULONG)image->Host.Size;
            image->Entry.SizeOfImageNotRounded = (ULONG)image->Host.Size;
            image->Entry.LoadCount = 1;
            InsertTailList(&MmpLoadedModuleList, &image->Entry.InLoadOrderLinks);
            MmpLoadedCount++;
            MmpRegisterImageSections(image);
            /* A driver image is system space: a user-mode caller's pointer into it is
               refused by the probes (STATUS_ACCESS_VIOLATION), as on Windows. */
            if (!MiInsertRegion(image->Host.Base, image->Host.Size, image->Host.Size,
                                MI_REGION_IMAGE, MmCached))
                MmpPrint("kmode: %s: out of memory recording the image as system space\n",
                         MmpBaseName(image->HostPath));
        }
    }
    HostConditionUnlock(&MmpLoadLock);
    if (!NT_SUCCESS(status)) {
        MmpFreeRecord(image);
        return status;
    }
    *Image = image;
    return STATUS_SUCCESS;
}

VOID MmpUnloadSystemImage(PMMP_IMAGE Image)
{
    PAGED_CODE();
    HostConditionLock(&MmpLoadLock);
    RemoveEntryList(&Image->Entry.InLoadOrderLinks);
    MmpLoadedCount--;
    MmpForgetImageSections(Image);
    (VOID)MiRemoveRegion(Image->Host.Base, MI_REGION_IMAGE, NULL, NULL);
    HostUnloadImage(&Image->Host);
    HostConditionUnlock(&MmpLoadLock);
    MmpFreeRecord(Image);
}

ULONG MmpLoadedImageCount(VOID)
{
    ULONG n;
    HostConditionLock(&MmpLoadLock);
    n = MmpLoadedCount;
    HostConditionUnlock(&MmpLoadLock);
    return n;
}

/* ===== PUBLIC FUNCTIONS ================================================================= */

/*
 * MmGetSystemRoutineAddress
 * @implemented
 * PASSIVE_LEVEL. The address of the routine or variable kmode exports under
 * SystemRoutineName - what ntoskrnl.exe and hal.dll export on Windows: kmode's DDIs, never
 * other symbols of the process - or NULL. Export names are case-sensitive.
 */
PVOID NTAPI MmGetSystemRoutineAddress(PUNICODE_STRING SystemRoutineName)
{
    char name[256];
    USHORT chars = SystemRoutineName->Length / sizeof(WCHAR);
    ULONG lo = 0, hi = MmpExportCount;

    PAGED_CODE();
    /* Export names are ASCII; anything else names nothing. */
    if (chars == 0 || chars >= sizeof(name))
        return NULL;
    for (USHORT i = 0; i < chars; i++) {
        WCHAR c = SystemRoutineName->Buffer[i];
        if (c == 0 || c > 0x7F)
            return NULL;
        name[i] = (char)c;
    }
    name[chars] = '\0';
    while (lo < hi) {
        ULONG mid = lo + (hi - lo) / 2;
        int c = strcmp(name, MmpExportTable[mid].Name);
        if (c == 0)
            return MmpExportTable[mid].Address;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}
