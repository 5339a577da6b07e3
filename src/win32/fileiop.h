/*
 * PURPOSE: Private definitions of the Win32 file and device I/O files (src/win32/file.c,
 * devio.c, iocp.c, stdhandle.c): the request helpers they share.
 */
#ifndef _KMODE_WIN32_FILEIOP_H_
#define _KMODE_WIN32_FILEIOP_H_

#include <ntifs.h>
#include <internal/mm.h>
#include <internal/win32.h>

/*
 * kernel32 reads and writes the caller's OVERLAPPED and output counts itself, in user
 * mode, where a kernel-range address faults: the app gets STATUS_ACCESS_VIOLATION (an
 * exception its __try can catch; unhandled, it ends the app). kmode's kernel range (the
 * pool) is ordinary process memory, so such an access is checked first and raises that
 * exception instead of silently reading or corrupting kernel memory. NULL and the other
 * unmapped addresses fault by themselves.
 */
FORCEINLINE VOID BasepUserAccess(const volatile VOID *Address, SIZE_T Length)
{
    if (Address != NULL && (ULONG_PTR)Address >= 0x10000 && !MiIsUserAddressRange(Address, Length))
        ExRaiseAccessViolation();
}

/*
 * The OVERLAPPED of a request as the native services see it: its first two fields are the
 * IO_STATUS_BLOCK, Offset/OffsetHigh the byte offset, and an hEvent whose low bit is set
 * asks for no completion packet (the ApcContext is then NULL; the kernel ignores the tag
 * bit of the handle itself).
 */
FORCEINLINE PIO_STATUS_BLOCK BasepOverlappedIosb(LPOVERLAPPED Overlapped)
{
    return (PIO_STATUS_BLOCK)(PVOID)Overlapped;
}

FORCEINLINE PVOID BasepOverlappedApcContext(LPOVERLAPPED Overlapped)
{
    return ((ULONG_PTR)Overlapped->hEvent & 1) ? NULL : (PVOID)Overlapped;
}

/*
 * Waits (non-alertably) for a request on a handle that returned STATUS_PENDING although the
 * caller had no OVERLAPPED (an overlapped handle used synchronously), as kernel32 does:
 * the file object's event signals the end. Returns the request's final status.
 */
NTSTATUS BasepWaitForRequest(_In_ HANDLE Handle, _In_ NTSTATUS Status,
                             _In_ PIO_STATUS_BLOCK IoStatus);

/* Opens a file of the console device (NtName: \Device\ConDrv\Input, ...) as a synchronous
   handle of the process table with Access (file.c). */
NTSTATUS BasepOpenConsole(_In_z_ PCWSTR NtName, _In_ ACCESS_MASK Access, _Out_ PHANDLE Handle);

#endif /* _KMODE_WIN32_FILEIOP_H_ */
