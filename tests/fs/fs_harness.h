/*
 * PURPOSE: Harness of the host file system tests (tests/fs): what the driver-mode tests
 * (*_drv.c, WDK headers only) need from the host and the runtime, implemented in runtime
 * mode by fs_harness_test.c.
 */
#ifndef FS_HARNESS_H
#define FS_HARNESS_H

#include <ntddk.h>

/* A fresh directory /tmp/kmfsXXXXXX: *Linux its Linux path, Nt its NT name
   (\??\C:\tmp\kmfsXXXXXX) in a buffer of Chars WCHARs. FALSE on failure. */
BOOLEAN FsTestMakeScratch(PWCHAR Nt, ULONG Chars, char *Linux, ULONG LinuxSize);
/* Removes it with everything in it. */
VOID FsTestRemoveScratch(const char *Linux);
/* Whether Linux path Directory/Name exists (lstat). */
BOOLEAN FsTestExists(const char *Directory, const char *Name);
/* Whether it is a directory. */
BOOLEAN FsTestIsDirectory(const char *Directory, const char *Name);
/* The size of Directory/Name, -1 when missing. */
LONGLONG FsTestSize(const char *Directory, const char *Name);
/* Creates Directory/Name with Text as its content. */
BOOLEAN FsTestWriteFile(const char *Directory, const char *Name, const char *Text);
/* Whether the owner may write Directory/Name. */
BOOLEAN FsTestWritable(const char *Directory, const char *Name);

/* The host file system's volume device (\Device\HarddiskVolume1). */
PDEVICE_OBJECT FsTestHostFsVolume(VOID);
/* Creates \Driver\<Name> running Init as its DriverEntry (as the loader does). */
NTSTATUS FsTestLoadDriver(PCWSTR Name, PDRIVER_INITIALIZE Init, PDRIVER_OBJECT *Driver);

#endif
