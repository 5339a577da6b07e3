/*
 * PURPOSE: The I/O manager's internal interface (src/io): what the loader, the native
 * (Nt*) layer, the Win32 side and the debugger extensions use and drivers never see.
 *
 * Ownership, so parallel work merges cleanly: each section below belongs to one area.
 */
#ifndef _KMODE_INTERNAL_IO_H_
#define _KMODE_INTERNAL_IO_H_

#include <ntddk.h>

/* ===== Driver objects (src/io/driver.c) ================================================ */

/*
 * Creates the driver object \Driver\<Name> (DriverName is the full name, e.g.
 * L"\\Driver\\sioctl"), fills DriverName, DriverExtension->ServiceKeyName (the last
 * component of RegistryPath), HardwareDatabase, DriverStart/DriverSize (ImageStart,
 * ImageSize), DriverSection (the loader's opaque image record, may be NULL) and sets every
 * MajorFunction to the I/O manager's "invalid device request" routine; then runs
 * Init(DriverObject, RegistryPath) at PASSIVE_LEVEL through the invoke layer.
 * On success returns DriverEntry's status and a referenced driver object. If DriverEntry
 * fails the driver object is deleted (DriverUnload is NOT called, as on Windows) and its
 * status returned. STATUS_OBJECT_NAME_COLLISION if a driver of that name exists.
 */
NTSTATUS IopCreateDriver(_In_ PCUNICODE_STRING DriverName, _In_ PDRIVER_INITIALIZE Init,
                         _In_opt_ PCUNICODE_STRING RegistryPath, _In_opt_ PVOID ImageStart,
                         _In_ ULONG ImageSize, _In_opt_ PVOID DriverSection,
                         _Out_ PDRIVER_OBJECT *DriverObject);

/*
 * Unloads a driver created by IopCreateDriver: STATUS_INVALID_DEVICE_REQUEST when it has no
 * DriverUnload; otherwise runs DriverUnload at PASSIVE_LEVEL, removes the \Driver name and
 * drops the creation reference. Consumes the reference IopCreateDriver returned.
 */
NTSTATUS IopUnloadDriver(_In_ PDRIVER_OBJECT DriverObject);

/*
 * Called (if set) when a driver object whose DriverSection is non-NULL is finally deleted,
 * so the loader can unmap the image only when nothing can call into it any more.
 */
extern VOID (*IopReleaseDriverSection)(_In_ PVOID DriverSection);

/* ===== Device objects, symbolic links, device stacks (src/io/device.c, symlink.c) ====== */

/* ===== IRPs, completion, cancellation (src/io/irp.c, complete.c, cancel.c) ============== */

/* ===== Queues: CSQ, StartIo, device queues, remove locks (src/io/csq.c, startio.c) ===== */

/* ===== File objects, the Nt*File native layer (src/io/file.c, nt*.c) ================== */

#endif /* _KMODE_INTERNAL_IO_H_ */
