/*
 * PURPOSE: kmode's built-in file system drivers (src/fs): the host file system driver
 * (\FileSystem\HostFs, docs/hostfs.md) and the console driver (\Driver\Console). What the
 * rest of the runtime (the Win32 side) needs from them.
 */
#ifndef _KMODE_INTERNAL_FS_H_
#define _KMODE_INTERNAL_FS_H_

#include <ntddk.h>

/* ==== The host file system driver (src/fs/hostfs.c) ===================================== */

/* The volume device (\Device\HarddiskVolume1, linked as \GLOBAL??\C:) and the symbolic
   link \SystemRoot -> \Device\HarddiskVolume1\Windows. */
#define HOSTFS_DEVICE_NAME L"\\Device\\HarddiskVolume1"

/* The serial number of volume C: (GetFileInformationByHandle's dwVolumeSerialNumber). */
#define HOSTFS_VOLUME_SERIAL 0x4B4D4F44u   /* "KMOD" */

/*
 * Creates the driver, its volume device and the links, once (later calls return at once).
 * Runs at load time (a constructor); callers that need the volume may call it first. A
 * failure is bugcheck PHASE1_INITIALIZATION_FAILED (Status, 0x4653, 0, 0).
 */
VOID FsInitializeHostFs(VOID);

/* The volume device object (not referenced: it is never deleted). */
PDEVICE_OBJECT FsHostFsVolume(VOID);

/* ==== The console driver (src/fs/condrv.c) ============================================== */

/* \Device\ConDrv: \Input, \Output and \Error are the process's standard input, output and
   error (Linux descriptors 0, 1, 2). GetStdHandle's handles and CONIN$ / CONOUT$ open it. */
#define CONDRV_DEVICE_NAME L"\\Device\\ConDrv"

/* Creates \Driver\ConDrv and its device, once (at load time, as the host file system). */
VOID FsInitializeConsole(VOID);

/* The Linux descriptor a file object of the console device stands for (0, 1, 2); -1 for any
   other file object. */
int FsConsoleDescriptor(_In_ PFILE_OBJECT FileObject);

#endif /* _KMODE_INTERNAL_FS_H_ */
