/*
 * PURPOSE: Private definitions of the Win32 file and device I/O files (src/win32/file.c,
 * devio.c, iocp.c, stdhandle.c): the request helpers they share.
 */
#ifndef _KMODE_WIN32_FILEIOP_H_
#define _KMODE_WIN32_FILEIOP_H_

#include <ntifs.h>
#include <internal/win32.h>
#include "basep.h"


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
NTSTATUS BasepWaitForPendingRequest(_In_ HANDLE Handle, _In_ PIO_STATUS_BLOCK IoStatus);

FORCEINLINE NTSTATUS BasepWaitForRequest(_In_ HANDLE Handle, _In_ NTSTATUS Status,
                                         _In_ PIO_STATUS_BLOCK IoStatus)
{
    if (__builtin_expect(Status != STATUS_PENDING, 1))
        return Status;
    return BasepWaitForPendingRequest(Handle, IoStatus);
}

/* Opens a file of the console device (NtName: \Device\ConDrv\Input, ...) as a synchronous
   handle of the process table with Access (file.c). */
NTSTATUS BasepOpenConsole(_In_z_ PCWSTR NtName, _In_ ACCESS_MASK Access, _Out_ PHANDLE Handle);

#endif /* _KMODE_WIN32_FILEIOP_H_ */
