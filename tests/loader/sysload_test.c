/*
 * PURPOSE: Runtime-mode tests of system images (src/mm/sysload.c, src/host/linux/image.c):
 * mapping .sys files built by kmode_add_driver, the loaded-module list, every way a load
 * fails (with the message that names the cause), and MmGetSystemRoutineAddress's table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <internal/ldr.h>
#include "ktest.h"
#include "ldr_host.h"

/* ---- Helpers ----------------------------------------------------------------------------- */

static NTSTATUS LoadAt(const char *HostPath, PMMP_IMAGE *Image)
{
    UNICODE_STRING name;
    NTSTATUS st;

    LdrNtNameOf(HostPath, &name);
    st = MmpLoadSystemImage(&name, HostPath, Image);
    LdrFreeName(&name);
    return st;
}

static NTSTATUS LoadDriver(const char *FileName, PMMP_IMAGE *Image)
{
    char *path = LdrDriverPath(FileName);
    NTSTATUS st = LoadAt(path, Image);
    free(path);
    return st;
}

/* Child of an isolated test: loads Context (a host path) and prints the status. */
static void LoadAndReport(void *Context)
{
    PMMP_IMAGE image;
    NTSTATUS st = LoadAt((const char *)Context, &image);
    fprintf(stderr, "status=0x%08X\n", (unsigned)st);
    if (NT_SUCCESS(st))
        MmpUnloadSystemImage(image);
}

static int RunLoad(const char *Path, char *Out, unsigned long Cap)
{
    return ktest_run_isolated(LoadAndReport, (void *)Path, Out, Cap);
}

/* ---- Loading ----------------------------------------------------------------------------- */

static void sysload_test_maps_image_and_finds_driver_entry(KTEST *t)
{
    PMMP_IMAGE image = NULL;
    ULONG before = MmpLoadedImageCount();
    ULONG_PTR base, end;
    PVOID data;
    UNICODE_STRING expectBase = RTL_CONSTANT_STRING(L"ldr_basic.sys");

    KT_ASSERT_EQ(t, LoadDriver("ldr_basic.sys", &image), STATUS_SUCCESS);
    KT_ASSERT_TRUE(t, image != NULL);
    KT_EXPECT_EQ(t, MmpLoadedImageCount(), before + 1);
    base = (ULONG_PTR)image->Entry.DllBase;
    end = base + image->Entry.SizeOfImage;
    KT_EXPECT_EQ(t, base % 4096, 0);
    KT_EXPECT_EQ(t, image->Entry.SizeOfImage % 4096, 0);
    KT_EXPECT_TRUE(t, image->Entry.SizeOfImage > 0);
    KT_EXPECT_TRUE(t, (ULONG_PTR)image->Entry.EntryPoint >= base);
    KT_EXPECT_TRUE(t, (ULONG_PTR)image->Entry.EntryPoint < end);
    /* The image's data is inside it too, and only its own symbols are found. */
    data = HostImageSymbol(&image->Host, "LdrBasicData");
    KT_EXPECT_TRUE(t, data != NULL && (ULONG_PTR)data >= base && (ULONG_PTR)data < end);
    KT_EXPECT_EQ(t, data ? *(int *)data : 0, 42);
    KT_EXPECT_PTR_EQ(t, HostImageSymbol(&image->Host, "malloc"), NULL);
    KT_EXPECT_PTR_EQ(t, HostImageSymbol(&image->Host, "NoSuchSymbolAnywhere"), NULL);
    KT_EXPECT_TRUE(t, RtlEqualUnicodeString(&image->Entry.BaseDllName, &expectBase, FALSE));
    KT_EXPECT_EQ(t, image->Entry.LoadCount, 1);
    KT_EXPECT_EQ(t, image->Entry.FullDllName.Buffer[image->Entry.FullDllName.Length / 2], 0);
    MmpUnloadSystemImage(image);
    KT_EXPECT_EQ(t, MmpLoadedImageCount(), before);
}

static void sysload_test_windows_entry_layout(KTEST *t)
{
    /* Drivers read DriverSection as a KLDR_DATA_TABLE_ENTRY: the x64 offsets. */
    KT_EXPECT_EQ(t, FIELD_OFFSET(KLDR_DATA_TABLE_ENTRY, DllBase), 0x30);
    KT_EXPECT_EQ(t, FIELD_OFFSET(KLDR_DATA_TABLE_ENTRY, EntryPoint), 0x38);
    KT_EXPECT_EQ(t, FIELD_OFFSET(KLDR_DATA_TABLE_ENTRY, SizeOfImage), 0x40);
    KT_EXPECT_EQ(t, FIELD_OFFSET(KLDR_DATA_TABLE_ENTRY, FullDllName), 0x48);
    KT_EXPECT_EQ(t, FIELD_OFFSET(KLDR_DATA_TABLE_ENTRY, BaseDllName), 0x58);
    KT_EXPECT_EQ(t, FIELD_OFFSET(KLDR_DATA_TABLE_ENTRY, Flags), 0x68);
    KT_EXPECT_EQ(t, FIELD_OFFSET(KLDR_DATA_TABLE_ENTRY, LoadCount), 0x6C);
    KT_EXPECT_EQ(t, FIELD_OFFSET(KLDR_DATA_TABLE_ENTRY, SectionPointer), 0x70);
    KT_EXPECT_EQ(t, sizeof(KLDR_DATA_TABLE_ENTRY), 0xA0);
    KT_EXPECT_EQ(t, FIELD_OFFSET(MMP_IMAGE, Entry), 0);
}

static void sysload_test_two_drivers_keep_their_own_symbols(KTEST *t)
{
    PMMP_IMAGE a = NULL, b = NULL;

    KT_ASSERT_EQ(t, LoadDriver("ldr_basic.sys", &a), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, LoadDriver("ldr_fail.sys", &b), STATUS_SUCCESS);
    if (b != NULL) {
        /* Both define DriverEntry: each image's is its own (RTLD_LOCAL). */
        KT_EXPECT_TRUE(t, a->Entry.EntryPoint != b->Entry.EntryPoint);
        KT_EXPECT_TRUE(t, (ULONG_PTR)b->Entry.EntryPoint >= (ULONG_PTR)b->Entry.DllBase);
        KT_EXPECT_TRUE(t, (ULONG_PTR)b->Entry.EntryPoint <
                              (ULONG_PTR)b->Entry.DllBase + b->Entry.SizeOfImage);
        MmpUnloadSystemImage(b);
    }
    MmpUnloadSystemImage(a);
}

static void sysload_test_loaded_twice_is_already_loaded(KTEST *t)
{
    PMMP_IMAGE a = NULL, b = (PMMP_IMAGE)1;
    ULONG before = MmpLoadedImageCount();

    KT_ASSERT_EQ(t, LoadDriver("ldr_basic.sys", &a), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, LoadDriver("ldr_basic.sys", &b), STATUS_IMAGE_ALREADY_LOADED);
    KT_EXPECT_PTR_EQ(t, b, NULL);
    KT_EXPECT_EQ(t, MmpLoadedImageCount(), before + 1);
    MmpUnloadSystemImage(a);
    /* Unloaded: it loads again. */
    KT_EXPECT_EQ(t, LoadDriver("ldr_basic.sys", &a), STATUS_SUCCESS);
    MmpUnloadSystemImage(a);
}

static void sysload_test_same_name_elsewhere_is_already_loaded(KTEST *t)
{
    char *dir = LdrMakeTempDir();
    char *src = LdrDriverPath("ldr_basic.sys");
    char copy[4096], upper[4096];
    PMMP_IMAGE a = NULL, b = NULL;

    KT_ASSERT_TRUE(t, dir != NULL);
    snprintf(copy, sizeof(copy), "%s/ldr_basic.sys", dir);
    snprintf(upper, sizeof(upper), "%s/LDR_BASIC.SYS", dir);
    KT_ASSERT_TRUE(t, LdrCopyFile(src, copy));
    KT_ASSERT_TRUE(t, LdrCopyFile(src, upper));
    KT_ASSERT_EQ(t, LoadAt(src, &a), STATUS_SUCCESS);
    /* Another file, but the name of a loaded module (compared ignoring case). */
    KT_EXPECT_EQ(t, LoadAt(copy, &b), STATUS_IMAGE_ALREADY_LOADED);
    KT_EXPECT_EQ(t, LoadAt(upper, &b), STATUS_IMAGE_ALREADY_LOADED);
    MmpUnloadSystemImage(a);
    /* The copy loads once the original is gone. */
    KT_EXPECT_EQ(t, LoadAt(copy, &b), STATUS_SUCCESS);
    if (b != NULL)
        MmpUnloadSystemImage(b);
    LdrRemoveTree(dir);
    free(dir);
    free(src);
}

static void sysload_test_missing_file_and_directory(KTEST *t)
{
    PMMP_IMAGE image = (PMMP_IMAGE)1;
    char *dir = LdrMakeTempDir();
    char missing[4096];
    ULONG before = MmpLoadedImageCount();

    KT_ASSERT_TRUE(t, dir != NULL);
    snprintf(missing, sizeof(missing), "%s/absent.sys", dir);
    KT_EXPECT_EQ(t, LoadAt(missing, &image), STATUS_OBJECT_NAME_NOT_FOUND);
    KT_EXPECT_PTR_EQ(t, image, NULL);
    KT_EXPECT_EQ(t, LoadAt(dir, &image), STATUS_FILE_IS_A_DIRECTORY);
    KT_EXPECT_EQ(t, MmpLoadedImageCount(), before);
    LdrRemoveTree(dir);
    free(dir);
}

static void sysload_test_files_that_are_not_driver_images(KTEST *t)
{
    static const char text[] = "this is not a driver\n";
    static const char pe[] = "MZ\x90\0\3\0\0\0\4\0\0\0\xff\xff\0\0";
    char *dir = LdrMakeTempDir();
    char path[4096], out[4096];
    int rc;

    KT_ASSERT_TRUE(t, dir != NULL);
    snprintf(path, sizeof(path), "%s/text.sys", dir);
    KT_ASSERT_TRUE(t, LdrWriteFile(path, text, sizeof(text) - 1));
    rc = RunLoad(path, out, sizeof(out));
    KT_EXPECT_EQ(t, rc, 0);
    KT_EXPECT_CONTAINS(t, out, "status=0xC000012F");           /* STATUS_INVALID_IMAGE_NOT_MZ */
    KT_EXPECT_CONTAINS(t, out, "kmode: text.sys is not a driver image");

    snprintf(path, sizeof(path), "%s/windows.sys", dir);
    KT_ASSERT_TRUE(t, LdrWriteFile(path, pe, sizeof(pe) - 1));
    rc = RunLoad(path, out, sizeof(out));
    KT_EXPECT_EQ(t, rc, 0);
    KT_EXPECT_CONTAINS(t, out, "status=0xC000007B");           /* STATUS_INVALID_IMAGE_FORMAT */
    KT_EXPECT_CONTAINS(t, out, "kmode: windows.sys is a Windows PE image");

    /* An ELF program (a position-independent executable) is no driver either. */
    rc = RunLoad("/proc/self/exe", out, sizeof(out));
    KT_EXPECT_EQ(t, rc, 0);
    KT_EXPECT_CONTAINS(t, out, "status=0xC000007B");
    LdrRemoveTree(dir);
    free(dir);
}

static void sysload_test_missing_ddis_are_each_named(KTEST *t)
{
    char *path = LdrDriverPath("ldr_missing.sys");
    char out[4096];
    int rc = RunLoad(path, out, sizeof(out));

    KT_EXPECT_EQ(t, rc, 0);
    KT_EXPECT_CONTAINS(t, out, "status=0xC0000263");    /* STATUS_DRIVER_ENTRYPOINT_NOT_FOUND */
    KT_EXPECT_CONTAINS(t, out, "kmode: ldr_missing.sys imports IoKmodeTestMissingRoutine, "
                               "which kmode does not provide");
    KT_EXPECT_CONTAINS(t, out, "kmode: ldr_missing.sys imports ExKmodeTestMissingToo, "
                               "which kmode does not provide");
    free(path);
}

static void sysload_test_image_without_driver_entry(KTEST *t)
{
    char *path = LdrDriverPath("ldr_noentry.sys");
    char out[4096];
    int rc = RunLoad(path, out, sizeof(out));
    PMMP_IMAGE image = (PMMP_IMAGE)1;
    ULONG before = MmpLoadedImageCount();

    KT_EXPECT_EQ(t, rc, 0);
    KT_EXPECT_CONTAINS(t, out, "status=0xC0000263");
    KT_EXPECT_CONTAINS(t, out, "kmode: ldr_noentry.sys defines no DriverEntry");
    /* In this process too, and nothing stays loaded. */
    KT_EXPECT_EQ(t, LoadAt(path, &image), STATUS_DRIVER_ENTRYPOINT_NOT_FOUND);
    KT_EXPECT_PTR_EQ(t, image, NULL);
    KT_EXPECT_EQ(t, MmpLoadedImageCount(), before);
    free(path);
}

static void sysload_test_missing_library(KTEST *t)
{
    char *path = LdrDriverPath("ldr_needlib.sys");
    char out[4096];
    int rc = RunLoad(path, out, sizeof(out));

    KT_EXPECT_EQ(t, rc, 0);
    KT_EXPECT_CONTAINS(t, out, "status=0xC0000135");    /* STATUS_DLL_NOT_FOUND */
    KT_EXPECT_CONTAINS(t, out, "libldr_ghost.so");
    free(path);
}

/* ---- MmGetSystemRoutineAddress --------------------------------------------------------- */

static PVOID Lookup(PCWSTR Name)
{
    UNICODE_STRING s;
    RtlInitUnicodeString(&s, Name);
    return MmGetSystemRoutineAddress(&s);
}

static void sysload_test_routine_address_finds_ddis_and_variables(KTEST *t)
{
    KT_EXPECT_PTR_EQ(t, Lookup(L"ExAllocatePool2"), (PVOID)ExAllocatePool2);
    KT_EXPECT_PTR_EQ(t, Lookup(L"KeBugCheckEx"), (PVOID)KeBugCheckEx);
    KT_EXPECT_PTR_EQ(t, Lookup(L"RtlInitUnicodeString"), (PVOID)RtlInitUnicodeString);
    KT_EXPECT_PTR_EQ(t, Lookup(L"MmGetSystemRoutineAddress"), (PVOID)MmGetSystemRoutineAddress);
    /* An exported variable: its address, as GetProcAddress-style lookups return. */
    KT_EXPECT_PTR_EQ(t, Lookup(L"PsInitialSystemProcess"), (PVOID)&PsInitialSystemProcess);
}

static void sysload_test_routine_address_refuses_everything_else(KTEST *t)
{
    UNICODE_STRING s;
    WCHAR withNul[] = L"ExAllocatePool2";

    /* kmode's internals, the Win32 side's and the C library's symbols are not exports. */
    KT_EXPECT_PTR_EQ(t, Lookup(L"MmpLoadSystemImage"), NULL);
    KT_EXPECT_PTR_EQ(t, Lookup(L"HostWriteStderr"), NULL);
    KT_EXPECT_PTR_EQ(t, Lookup(L"KmPathNtToHost"), NULL);
    KT_EXPECT_PTR_EQ(t, Lookup(L"KmodeAppStart"), NULL);
    KT_EXPECT_PTR_EQ(t, Lookup(L"malloc"), NULL);
    KT_EXPECT_PTR_EQ(t, Lookup(L"printf"), NULL);
    KT_EXPECT_PTR_EQ(t, Lookup(L"kmcrt_wcslen"), NULL);
    KT_EXPECT_PTR_EQ(t, Lookup(L"LdrTestRecord"), NULL);
    /* Export names are case-sensitive and ASCII. */
    KT_EXPECT_PTR_EQ(t, Lookup(L"exallocatepool2"), NULL);
    KT_EXPECT_PTR_EQ(t, Lookup(L"ExAllocatePool\x00e9"), NULL);
    KT_EXPECT_PTR_EQ(t, Lookup(L""), NULL);
    KT_EXPECT_PTR_EQ(t, Lookup(L"ExAllocatePool"), (PVOID)ExAllocatePool);
    KT_EXPECT_PTR_EQ(t, Lookup(L"ExAllocatePool2x"), NULL);
    /* The name is the counted string, not up to a NUL. */
    s.Buffer = withNul;
    s.Length = 6 * sizeof(WCHAR);
    s.MaximumLength = sizeof(withNul);
    KT_EXPECT_PTR_EQ(t, MmGetSystemRoutineAddress(&s), NULL);        /* "ExAllo" */
    s.Length = sizeof(withNul);                                      /* includes the NUL */
    KT_EXPECT_PTR_EQ(t, MmGetSystemRoutineAddress(&s), NULL);
}

static void sysload_test_export_table_sorted_and_complete(KTEST *t)
{
    KT_EXPECT_TRUE(t, MmpExportCount > 300);
    for (ULONG i = 0; i < MmpExportCount; i++) {
        KT_EXPECT_TRUE(t, MmpExportTable[i].Address != NULL);
        if (i > 0 && strcmp(MmpExportTable[i - 1].Name, MmpExportTable[i].Name) >= 0)
            KT_FAIL(t, "export table out of order at %s", MmpExportTable[i].Name);
    }
}

static KTEST_CASE sysload_cases[] = {
    KTEST_CASE_ENTRY(sysload_test_maps_image_and_finds_driver_entry),
    KTEST_CASE_ENTRY(sysload_test_windows_entry_layout),
    KTEST_CASE_ENTRY(sysload_test_two_drivers_keep_their_own_symbols),
    KTEST_CASE_ENTRY(sysload_test_loaded_twice_is_already_loaded),
    KTEST_CASE_ENTRY(sysload_test_same_name_elsewhere_is_already_loaded),
    KTEST_CASE_ENTRY(sysload_test_missing_file_and_directory),
    KTEST_CASE_ENTRY(sysload_test_files_that_are_not_driver_images),
    KTEST_CASE_ENTRY(sysload_test_missing_ddis_are_each_named),
    KTEST_CASE_ENTRY(sysload_test_image_without_driver_entry),
    KTEST_CASE_ENTRY(sysload_test_missing_library),
    KTEST_CASE_ENTRY(sysload_test_routine_address_finds_ddis_and_variables),
    KTEST_CASE_ENTRY(sysload_test_routine_address_refuses_everything_else),
    KTEST_CASE_ENTRY(sysload_test_export_table_sorted_and_complete),
    {0},
};
KTEST_SUITE(sysload, sysload_cases);
