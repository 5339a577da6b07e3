/*
 * PURPOSE: NtFlushBuffersFile / ZwFlushBuffersFile: IRP_MJ_FLUSH_BUFFERS through the common
 * request path of the native file services (iofilep.h), so events, completion and
 * synchronous file objects behave as for the other requests.
 */

/* INCLUDES ******************************************************************************/

#include "iofilep.h"

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * NtFlushBuffersFile / ZwFlushBuffersFile
 * @implemented
 * PASSIVE_LEVEL. A user-mode caller's handle needs FILE_WRITE_DATA or FILE_APPEND_DATA
 * (STATUS_ACCESS_DENIED); IoStatusBlock is probed. Returns the driver's status (waited
 * for on a synchronous file object; STATUS_PENDING when it pended on another).
 */
NTSTATUS NTAPI NtFlushBuffersFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock)
{
    IOP_REQUEST Request;
    PIRP Irp;
    NTSTATUS Status;

    PAGED_CODE();
    Status = IopBeginRequest(FileHandle, 0, NULL, NULL, NULL, IoStatusBlock, &Request);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Request.Mode != KernelMode &&
        !(Request.GrantedAccess & (FILE_WRITE_DATA | FILE_APPEND_DATA))) {
        IopAbortRequest(&Request, NULL);
        return STATUS_ACCESS_DENIED;
    }
    Irp = IopAllocateRequestIrp(&Request, IRP_MJ_FLUSH_BUFFERS);
    if (Irp == NULL) {
        IopAbortRequest(&Request, NULL);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return IopSubmitRequest(&Request, Irp);
}

NTSTATUS NTAPI ZwFlushBuffersFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock)
{
    return IOP_CALL_AS_KERNEL(NtFlushBuffersFile(FileHandle, IoStatusBlock));
}
