/*
 * PURPOSE: NtReadFile, NtWriteFile, ZwReadFile, ZwWriteFile: IRP_MJ_READ / IRP_MJ_WRITE on
 * the device a file object was opened on, buffered as the device asks.
 *
 * Transfer per the target device's flags (the top of the stack): DO_BUFFERED_IO - a system
 * buffer of Length bytes (a write copies the caller's data in; a read copies Information
 * bytes back at completion); DO_DIRECT_IO - an MDL over the caller's buffer, probed and
 * locked (for writing on a read); neither - Irp->UserBuffer is the caller's buffer as is.
 * On a synchronous file object (FILE_SYNCHRONOUS_IO_*), a NULL ByteOffset or
 * FILE_USE_FILE_POINTER_POSITION means the current position, which advances by the bytes
 * transferred; other file objects need an explicit ByteOffset.
 */

/* INCLUDES ******************************************************************************/

#include "iofilep.h"
#include <string.h>

/* PRIVATE FUNCTIONS *********************************************************************/

static NTSTATUS IopReadWrite(BOOLEAN Write, HANDLE FileHandle, HANDLE Event,
                             PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                             PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer, ULONG Length,
                             PLARGE_INTEGER ByteOffset, PULONG Key)
{
    IOP_REQUEST Request;
    LARGE_INTEGER Offset = { .QuadPart = 0 };
    ULONG CapturedKey = 0;
    BOOLEAN HaveOffset = FALSE, HaveKey = FALSE;
    PIO_STACK_LOCATION Stack;
    PDEVICE_OBJECT Device;
    PFILE_OBJECT FileObject;
    PIRP Irp;
    volatile NTSTATUS Status;

    Status = IopBeginRequest(FileHandle, 0, Event, ApcRoutine, ApcContext, IoStatusBlock,
                             &Request);
    if (!NT_SUCCESS(Status))
        return Status;
    FileObject = Request.FileObject;
    Device = Request.Device;
    /* A read needs FILE_READ_DATA; a write FILE_WRITE_DATA or FILE_APPEND_DATA. */
    if (Request.Mode != KernelMode &&
        !(Request.GrantedAccess & (Write ? (FILE_WRITE_DATA | FILE_APPEND_DATA) : FILE_READ_DATA))) {
        IopAbortRequest(&Request, NULL);
        return STATUS_ACCESS_DENIED;
    }

    /* The buffer, then the offset and key, each probed and captured; a fault is the status
       (what Windows does under __try). */
    if (Request.Mode != KernelMode)
        Status = NtpCheckUserBuffer(Buffer, Length, sizeof(UCHAR),
                                    Write ? NTP_PROBE_READ : NTP_PROBE_WRITE);
    if (NT_SUCCESS(Status) && ByteOffset != NULL) {
        if (Request.Mode != KernelMode)
            Status = NtpCheckUserBuffer(ByteOffset, sizeof(LARGE_INTEGER), __alignof__(ULONG),
                                        NTP_PROBE_RANGE);
        if (NT_SUCCESS(Status))
            Status = HostCopyUserMemory(&Offset, ByteOffset, sizeof(LARGE_INTEGER));
        HaveOffset = TRUE;
    }
    if (NT_SUCCESS(Status) && Key != NULL) {
        if (Request.Mode != KernelMode)
            Status = NtpCheckUserBuffer(Key, sizeof(ULONG), __alignof__(ULONG), NTP_PROBE_RANGE);
        if (NT_SUCCESS(Status))
            Status = HostCopyUserMemory(&CapturedKey, Key, sizeof(ULONG));
        HaveKey = TRUE;
    }
    if (!NT_SUCCESS(Status)) {
        IopAbortRequest(&Request, NULL);
        return Status;
    }

    if (Request.Synchronous) {
        if (!HaveOffset || (Offset.HighPart == -1 && Offset.LowPart == FILE_USE_FILE_POINTER_POSITION))
            Offset = FileObject->CurrentByteOffset;
        IopFile(FileObject)->RequestOffset = Offset;   /* (the file object is locked) */
    } else if (!HaveOffset) {
        IopAbortRequest(&Request, NULL);
        return STATUS_INVALID_PARAMETER;   /* an asynchronous file has no position */
    }
    if (Offset.QuadPart < 0 && !(Write && Offset.HighPart == -1 &&
                                 (Offset.LowPart == FILE_WRITE_TO_END_OF_FILE ||
                                  Offset.LowPart == FILE_USE_FILE_POINTER_POSITION))) {
        IopAbortRequest(&Request, NULL);
        return STATUS_INVALID_PARAMETER;
    }
    if ((FileObject->Flags & FO_NO_INTERMEDIATE_BUFFERING) &&
        (((ULONG_PTR)Buffer & Device->AlignmentRequirement) ||
         (Device->SectorSize != 0 && (Length & (Device->SectorSize - 1))))) {
        IopAbortRequest(&Request, NULL);
        return STATUS_INVALID_PARAMETER;
    }

    Irp = IopAllocateRequestIrp(&Request, Write ? IRP_MJ_WRITE : IRP_MJ_READ);
    if (Irp == NULL) {
        IopAbortRequest(&Request, NULL);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Irp->UserBuffer = Buffer;
    Irp->Flags |= Write ? IRP_WRITE_OPERATION : IRP_READ_OPERATION;
    if (FileObject->Flags & FO_NO_INTERMEDIATE_BUFFERING)
        Irp->Flags |= IRP_NOCACHE;
    Stack = IoGetNextIrpStackLocation(Irp);
    Stack->Parameters.Read.Length = Length;
    Stack->Parameters.Read.Key = CapturedKey;
    Stack->Parameters.Read.ByteOffset = Offset;
    if (HaveKey)
        Stack->Flags |= SL_KEY_SPECIFIED;
    if (Write && (FileObject->Flags & FO_WRITE_THROUGH))
        Stack->Flags |= SL_WRITE_THROUGH;

    if (Length != 0 && (Device->Flags & DO_BUFFERED_IO)) {
        if (!IopAllocateSystemBuffer(Irp, Length)) {
            IopAbortRequest(&Request, Irp);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        if (Write) {
            Status = HostCopyUserMemory(Irp->AssociatedIrp.SystemBuffer, Buffer, Length);
            if (!NT_SUCCESS(Status)) {
                IopAbortRequest(&Request, Irp);
                return Status;
            }
        } else {
            Irp->Flags |= IRP_INPUT_OPERATION;
        }
    } else if (Length != 0 && (Device->Flags & DO_DIRECT_IO)) {
        PMDL Mdl = IoAllocateMdl(Buffer, Length, FALSE, TRUE, Irp);
        if (Mdl == NULL) {
            IopAbortRequest(&Request, Irp);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        __try {
            MmProbeAndLockPages(Mdl, Request.Mode, Write ? IoReadAccess : IoWriteAccess);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Status = GetExceptionCode();
        }
        if (!NT_SUCCESS(Status)) {
            IopAbortRequest(&Request, Irp);
            return Status;
        }
    }
    return IopSubmitRequest(&Request, Irp);
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * NtReadFile / ZwReadFile
 * @implemented
 * PASSIVE_LEVEL. IRP_MJ_READ of Length bytes at ByteOffset into Buffer (see the top of this
 * file). User-mode callers: the handle needs FILE_READ_DATA (STATUS_ACCESS_DENIED), the
 * buffer, IoStatusBlock, ByteOffset and Key are probed (STATUS_ACCESS_VIOLATION,
 * STATUS_DATATYPE_MISALIGNMENT). Returns STATUS_PENDING when the IRP pended on an
 * asynchronous file object (IoStatusBlock, Event, the APC or the completion port report the
 * end); otherwise the final status.
 */
NTSTATUS NTAPI NtReadFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine,
                          PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer,
                          ULONG Length, PLARGE_INTEGER ByteOffset, PULONG Key)
{
    return IopReadWrite(FALSE, FileHandle, Event, ApcRoutine, ApcContext, IoStatusBlock, Buffer,
                        Length, ByteOffset, Key);
}

NTSTATUS NTAPI ZwReadFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine,
                          PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer,
                          ULONG Length, PLARGE_INTEGER ByteOffset, PULONG Key)
{
    return IOP_CALL_AS_KERNEL(NtReadFile(FileHandle, Event, ApcRoutine, ApcContext,
                                         IoStatusBlock, Buffer, Length, ByteOffset, Key));
}

/*
 * NtWriteFile / ZwWriteFile
 * @implemented
 * PASSIVE_LEVEL. IRP_MJ_WRITE, as NtReadFile; the handle needs FILE_WRITE_DATA or
 * FILE_APPEND_DATA. ByteOffset may also be FILE_WRITE_TO_END_OF_FILE (HighPart -1), passed
 * to the driver as is.
 */
NTSTATUS NTAPI NtWriteFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine,
                           PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer,
                           ULONG Length, PLARGE_INTEGER ByteOffset, PULONG Key)
{
    return IopReadWrite(TRUE, FileHandle, Event, ApcRoutine, ApcContext, IoStatusBlock, Buffer,
                        Length, ByteOffset, Key);
}

NTSTATUS NTAPI ZwWriteFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine,
                           PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer,
                           ULONG Length, PLARGE_INTEGER ByteOffset, PULONG Key)
{
    return IOP_CALL_AS_KERNEL(NtWriteFile(FileHandle, Event, ApcRoutine, ApcContext,
                                          IoStatusBlock, Buffer, Length, ByteOffset, Key));
}
