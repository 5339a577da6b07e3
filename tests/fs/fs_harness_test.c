/*
 * PURPOSE: Runtime-mode side of the tests/fs harness (fs_harness.h): scratch directories on
 * the Linux file system, looking at them from the host side, and loading test drivers.
 */
#include <internal/fs.h>
#include <internal/io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fs_harness.h"

static void FsTestJoin(char *Out, size_t Size, const char *Directory, const char *Name)
{
    snprintf(Out, Size, "%s/%s", Directory, Name);
}

BOOLEAN FsTestMakeScratch(PWCHAR Nt, ULONG Chars, char *Linux, ULONG LinuxSize)
{
    char tmpl[] = "/tmp/kmfsXXXXXX";
    char nt[64];
    size_t n;

    if (!mkdtemp(tmpl) || strlen(tmpl) + 1 > LinuxSize)
        return FALSE;
    strcpy(Linux, tmpl);
    snprintf(nt, sizeof(nt), "\\??\\C:%s", tmpl);
    n = strlen(nt);
    if (n + 1 > Chars)
        return FALSE;
    for (size_t i = 0; i <= n; i++)
        Nt[i] = nt[i] == '/' ? L'\\' : (WCHAR)(unsigned char)nt[i];
    return TRUE;
}

VOID FsTestRemoveScratch(const char *Linux)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "chmod -R u+w '%s'; rm -rf '%s'", Linux, Linux);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", Linux);
}

BOOLEAN FsTestExists(const char *Directory, const char *Name)
{
    char path[256];
    struct stat st;
    FsTestJoin(path, sizeof(path), Directory, Name);
    return lstat(path, &st) == 0;
}

BOOLEAN FsTestIsDirectory(const char *Directory, const char *Name)
{
    char path[256];
    struct stat st;
    FsTestJoin(path, sizeof(path), Directory, Name);
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

LONGLONG FsTestSize(const char *Directory, const char *Name)
{
    char path[256];
    struct stat st;
    FsTestJoin(path, sizeof(path), Directory, Name);
    return stat(path, &st) == 0 ? (LONGLONG)st.st_size : -1;
}

BOOLEAN FsTestWriteFile(const char *Directory, const char *Name, const char *Text)
{
    char path[256];
    FILE *f;
    FsTestJoin(path, sizeof(path), Directory, Name);
    f = fopen(path, "wb");
    if (!f)
        return FALSE;
    fputs(Text, f);
    return fclose(f) == 0;
}

BOOLEAN FsTestWritable(const char *Directory, const char *Name)
{
    char path[256];
    struct stat st;
    FsTestJoin(path, sizeof(path), Directory, Name);
    return stat(path, &st) == 0 && (st.st_mode & S_IWUSR) != 0;
}

PDEVICE_OBJECT FsTestHostFsVolume(VOID)
{
    return FsHostFsVolume();
}

NTSTATUS FsTestLoadDriver(PCWSTR Name, PDRIVER_INITIALIZE Init, PDRIVER_OBJECT *Driver)
{
    WCHAR Buffer[128];
    UNICODE_STRING DriverName;
    SIZE_T n = 0;

    while (Name[n] != 0)
        n++;
    memcpy(Buffer, L"\\Driver\\", 8 * sizeof(WCHAR));
    memcpy(Buffer + 8, Name, (n + 1) * sizeof(WCHAR));
    RtlInitUnicodeString(&DriverName, Buffer);
    return IopCreateDriver(&DriverName, Init, NULL, NULL, 0, NULL, Driver);
}
