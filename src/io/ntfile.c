/*
 * PURPOSE: The rest of the native file services: NtCancelIoFile(Ex), NtQueryInformationFile,
 * NtSetInformationFile and their Zw forms.
 *
 * Information classes: the I/O manager answers FileAccessInformation, FileModeInformation,
 * FileAlignmentInformation and (on synchronous file objects) FilePositionInformation itself,
 * and sets FileCompletionInformation, FileModeInformation and (synchronous) FilePosition-
 * Information itself; every other class it knows goes to the driver as
 * IRP_MJ_QUERY_INFORMATION / IRP_MJ_SET_INFORMATION with a system buffer. A class that
 * cannot be queried (or set) is STATUS_INVALID_INFO_CLASS; a buffer shorter than the class's
 * structure is STATUS_INFO_LENGTH_MISMATCH; the access a class needs (FILE_READ_ATTRIBUTES,
 * FILE_WRITE_ATTRIBUTES, DELETE, FILE_WRITE_DATA) is checked for user-mode callers.
 */

/* INCLUDES ******************************************************************************/

#include "iofilep.h"
#include <string.h>

/* GLOBALS *******************************************************************************/

/* Per class: minimum length for a query and a set (0: not allowed), access needed. */
typedef struct _IOP_INFO_CLASS {
    UCHAR Class;
    USHORT QueryLength;
    USHORT SetLength;
    ACCESS_MASK QueryAccess;
    ACCESS_MASK SetAccess;
} IOP_INFO_CLASS;

static const IOP_INFO_CLASS IopInfoClasses[] = {
    { FileBasicInformation, sizeof(FILE_BASIC_INFORMATION), sizeof(FILE_BASIC_INFORMATION),
      FILE_READ_ATTRIBUTES, FILE_WRITE_ATTRIBUTES },
    { FileStandardInformation, sizeof(FILE_STANDARD_INFORMATION), 0, 0, 0 },
    { FileInternalInformation, sizeof(FILE_INTERNAL_INFORMATION), 0, 0, 0 },
    { FileEaInformation, sizeof(FILE_EA_INFORMATION), 0, 0, 0 },
    { FileAccessInformation, sizeof(FILE_ACCESS_INFORMATION), 0, 0, 0 },
    { FileNameInformation, sizeof(FILE_NAME_INFORMATION), 0, 0, 0 },
    { FileRenameInformation, 0, sizeof(FILE_RENAME_INFORMATION), 0, DELETE },
    { FileLinkInformation, 0, sizeof(FILE_LINK_INFORMATION), 0, 0 },
    { FileDispositionInformation, 0, sizeof(FILE_DISPOSITION_INFORMATION), 0, DELETE },
    { FilePositionInformation, sizeof(FILE_POSITION_INFORMATION),
      sizeof(FILE_POSITION_INFORMATION), 0, 0 },
    { FileModeInformation, sizeof(FILE_MODE_INFORMATION), sizeof(FILE_MODE_INFORMATION), 0, 0 },
    { FileAlignmentInformation, sizeof(FILE_ALIGNMENT_INFORMATION), 0, 0, 0 },
    { FileAllInformation, sizeof(FILE_ALL_INFORMATION), 0, FILE_READ_ATTRIBUTES, 0 },
    { FileAllocationInformation, 0, sizeof(FILE_ALLOCATION_INFORMATION), 0, FILE_WRITE_DATA },
    { FileEndOfFileInformation, 0, sizeof(FILE_END_OF_FILE_INFORMATION), 0, FILE_WRITE_DATA },
    { FileStreamInformation, sizeof(FILE_STREAM_INFORMATION), 0, 0, 0 },
    { FileCompletionInformation, 0, sizeof(FILE_COMPLETION_INFORMATION), 0, 0 },
    { FileNetworkOpenInformation, sizeof(FILE_NETWORK_OPEN_INFORMATION), 0,
      FILE_READ_ATTRIBUTES, 0 },
    { FileAttributeTagInformation, sizeof(FILE_ATTRIBUTE_TAG_INFORMATION), 0,
      FILE_READ_ATTRIBUTES, 0 },
    { FileValidDataLengthInformation, 0, sizeof(FILE_VALID_DATA_LENGTH_INFORMATION), 0,
      FILE_WRITE_DATA },
    { FileIoPriorityHintInformation, sizeof(FILE_IO_PRIORITY_HINT_INFORMATION),
      sizeof(FILE_IO_PRIORITY_HINT_INFORMATION), 0, 0 },
    { FileIsRemoteDeviceInformation, sizeof(FILE_IS_REMOTE_DEVICE_INFORMATION), 0, 0, 0 },
};

/* PRIVATE FUNCTIONS *********************************************************************/

static const IOP_INFO_CLASS *IopFindInfoClass(FILE_INFORMATION_CLASS Class)
{
    for (ULONG i = 0; i < RTL_NUMBER_OF(IopInfoClasses); i++)
        if (IopInfoClasses[i].Class == (UCHAR)Class && (ULONG)Class < 256)
            return &IopInfoClasses[i];
    return NULL;
}

/* The FILE_MODE_INFORMATION bits a file object's flags stand for. */
static ULONG IopFileMode(PFILE_OBJECT FileObject)
{
    ULONG Mode = 0;

    if (FileObject->Flags & FO_WRITE_THROUGH)
        Mode |= FILE_WRITE_THROUGH;
    if (FileObject->Flags & FO_SEQUENTIAL_ONLY)
        Mode |= FILE_SEQUENTIAL_ONLY;
    if (FileObject->Flags & FO_NO_INTERMEDIATE_BUFFERING)
        Mode |= FILE_NO_INTERMEDIATE_BUFFERING;
    if (FileObject->Flags & FO_SYNCHRONOUS_IO)
        Mode |= (FileObject->Flags & FO_ALERTABLE_IO) ? FILE_SYNCHRONOUS_IO_ALERT
                                                      : FILE_SYNCHRONOUS_IO_NONALERT;
    if (FileObject->Flags & FO_DELETE_ON_CLOSE)
        Mode |= FILE_DELETE_ON_CLOSE;
    return Mode;
}

/* Ends a request the I/O manager answered itself: writes the IOSB (and signals as a
   completed request would). */
static NTSTATUS IopFinishLocally(PIOP_REQUEST Request, NTSTATUS Status, ULONG_PTR Information)
{
    __try {
        Request->IoStatusBlock->Status = Status;
        Request->IoStatusBlock->Information = Information;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        /* ignored, as on Windows */
    }
    if (Request->Event != NULL)
        KeSetEvent(Request->Event, IO_NO_INCREMENT, FALSE);
    IopAbortRequest(Request, NULL);
    return Status;
}

static NTSTATUS IopSetCompletion(PFILE_OBJECT FileObject, KPROCESSOR_MODE Mode,
                                 const FILE_COMPLETION_INFORMATION *Info)
{
    PIO_COMPLETION_CONTEXT Context;
    PVOID Port;
    NTSTATUS Status;

    /* A port reports asynchronous completions: a synchronous file object cannot have one,
       and a file object has at most one. */
    if ((FileObject->Flags & FO_SYNCHRONOUS_IO) || FileObject->CompletionContext != NULL)
        return STATUS_INVALID_PARAMETER;
    Status = IopReferenceCompletion(Info->Port, IO_COMPLETION_MODIFY_STATE, Mode, &Port);
    if (!NT_SUCCESS(Status))
        return Status;
    Context = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*Context), IOP_TAG_COMPLETION_CONTEXT);
    if (Context == NULL) {
        ObDereferenceObject(Port);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Context->Port = Port;
    Context->Key = Info->Key;
    if (InterlockedCompareExchangePointer((PVOID volatile *)&FileObject->CompletionContext,
                                          Context, NULL) != NULL) {
        ObDereferenceObject(Port);
        ExFreePoolWithTag(Context, IOP_TAG_COMPLETION_CONTEXT);
        return STATUS_INVALID_PARAMETER;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS IopInformationFile(BOOLEAN Set, HANDLE FileHandle,
                                   PIO_STATUS_BLOCK IoStatusBlock, PVOID FileInformation,
                                   ULONG Length, FILE_INFORMATION_CLASS FileInformationClass)
{
    const IOP_INFO_CLASS *Info = IopFindInfoClass(FileInformationClass);
    USHORT MinLength = Info == NULL ? 0 : Set ? Info->SetLength : Info->QueryLength;
    IOP_REQUEST Request;
    PFILE_OBJECT FileObject;
    PIO_STACK_LOCATION Stack;
    PVOID System;
    PIRP Irp;
    volatile NTSTATUS Status;

    if (MinLength == 0)
        return STATUS_INVALID_INFO_CLASS;
    if (Length < MinLength)
        return STATUS_INFO_LENGTH_MISMATCH;
    Status = IopBeginRequest(FileHandle, Set ? Info->SetAccess : Info->QueryAccess, NULL, NULL,
                             NULL, IoStatusBlock, &Request);
    if (!NT_SUCCESS(Status))
        return Status;
    FileObject = Request.FileObject;

    /* The caller's buffer, in a system buffer (a set copies it in now). */
    System = ExAllocatePoolWithTag(NonPagedPoolNx, Length, IOP_TAG_SYSTEM_BUFFER);
    if (System == NULL) {
        IopAbortRequest(&Request, NULL);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    __try {
        if (Set) {
            if (Request.Mode != KernelMode)
                NtpProbeForRead(FileInformation, Length, __alignof__(ULONG));
            memcpy(System, FileInformation, Length);
        } else {
            if (Request.Mode != KernelMode)
                NtpProbeForWrite(FileInformation, Length, __alignof__(ULONG));
            memset(System, 0, Length);
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    if (!NT_SUCCESS(Status)) {
        ExFreePoolWithTag(System, IOP_TAG_SYSTEM_BUFFER);
        IopAbortRequest(&Request, NULL);
        return Status;
    }

    /* What the I/O manager answers itself. */
    if (!Set) {
        ULONG_PTR Returned = 0;
        switch (FileInformationClass) {
        case FileAccessInformation:
            ((PFILE_ACCESS_INFORMATION)System)->AccessFlags = Request.GrantedAccess;
            Returned = sizeof(FILE_ACCESS_INFORMATION);
            break;
        case FileModeInformation:
            ((PFILE_MODE_INFORMATION)System)->Mode = IopFileMode(FileObject);
            Returned = sizeof(FILE_MODE_INFORMATION);
            break;
        case FileAlignmentInformation:
            ((PFILE_ALIGNMENT_INFORMATION)System)->AlignmentRequirement =
                Request.Device->AlignmentRequirement;
            Returned = sizeof(FILE_ALIGNMENT_INFORMATION);
            break;
        case FilePositionInformation:
            if (Request.Synchronous) {
                ((PFILE_POSITION_INFORMATION)System)->CurrentByteOffset =
                    FileObject->CurrentByteOffset;
                Returned = sizeof(FILE_POSITION_INFORMATION);
            }
            break;
        default:
            break;
        }
        if (Returned != 0) {
            __try {
                memcpy(FileInformation, System, Returned);
            } __except (EXCEPTION_EXECUTE_HANDLER) {
                Status = GetExceptionCode();
            }
            ExFreePoolWithTag(System, IOP_TAG_SYSTEM_BUFFER);
            if (!NT_SUCCESS(Status)) {
                IopAbortRequest(&Request, NULL);
                return Status;
            }
            return IopFinishLocally(&Request, STATUS_SUCCESS, Returned);
        }
    } else {
        BOOLEAN Local = TRUE;
        switch (FileInformationClass) {
        case FileCompletionInformation:
            Status = IopSetCompletion(FileObject, Request.Mode, System);
            break;
        case FileModeInformation: {
            ULONG Mode = ((PFILE_MODE_INFORMATION)System)->Mode;
            ULONG Sync = FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT;
            /* Only write-through and sequential-only can change; the synchronous mode
               must be stated as it is. */
            if ((Mode & ~(FILE_WRITE_THROUGH | FILE_SEQUENTIAL_ONLY |
                          FILE_NO_INTERMEDIATE_BUFFERING | Sync)) ||
                ((Mode & Sync) == Sync) || ((Mode & Sync) != (IopFileMode(FileObject) & Sync)) ||
                ((Mode & FILE_NO_INTERMEDIATE_BUFFERING) &&
                 !(FileObject->Flags & FO_NO_INTERMEDIATE_BUFFERING))) {
                Status = STATUS_INVALID_PARAMETER;
                break;
            }
            if (Mode & FILE_WRITE_THROUGH)
                InterlockedOr((PLONG)&FileObject->Flags, FO_WRITE_THROUGH);
            else
                InterlockedAnd((PLONG)&FileObject->Flags, ~FO_WRITE_THROUGH);
            if (Mode & FILE_SEQUENTIAL_ONLY)
                InterlockedOr((PLONG)&FileObject->Flags, FO_SEQUENTIAL_ONLY);
            else
                InterlockedAnd((PLONG)&FileObject->Flags, ~FO_SEQUENTIAL_ONLY);
            Status = STATUS_SUCCESS;
            break;
        }
        case FilePositionInformation: {
            LARGE_INTEGER Offset = ((PFILE_POSITION_INFORMATION)System)->CurrentByteOffset;
            if (!Request.Synchronous) {
                Local = FALSE;
                break;
            }
            if (Offset.QuadPart < 0 ||
                ((FileObject->Flags & FO_NO_INTERMEDIATE_BUFFERING) &&
                 (Offset.LowPart & Request.Device->AlignmentRequirement)))
                Status = STATUS_INVALID_PARAMETER;
            else {
                FileObject->CurrentByteOffset = Offset;
                Status = STATUS_SUCCESS;
            }
            break;
        }
        default:
            Local = FALSE;
            break;
        }
        if (Local) {
            ExFreePoolWithTag(System, IOP_TAG_SYSTEM_BUFFER);
            if (!NT_SUCCESS(Status)) {
                IopAbortRequest(&Request, NULL);
                return Status;
            }
            return IopFinishLocally(&Request, Status, 0);
        }
    }

    /* Everything else is the driver's. */
    Irp = IopAllocateRequestIrp(&Request, Set ? IRP_MJ_SET_INFORMATION : IRP_MJ_QUERY_INFORMATION);
    if (Irp == NULL) {
        ExFreePoolWithTag(System, IOP_TAG_SYSTEM_BUFFER);
        IopAbortRequest(&Request, NULL);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Irp->AssociatedIrp.SystemBuffer = System;
    Irp->Flags |= IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER;
    if (!Set) {
        Irp->Flags |= IRP_INPUT_OPERATION;
        Irp->UserBuffer = FileInformation;
    }
    Stack = IoGetNextIrpStackLocation(Irp);
    if (Set) {
        Stack->Parameters.SetFile.Length = Length;
        Stack->Parameters.SetFile.FileInformationClass = FileInformationClass;
    } else {
        Stack->Parameters.QueryFile.Length = Length;
        Stack->Parameters.QueryFile.FileInformationClass = FileInformationClass;
    }
    return IopSubmitRequest(&Request, Irp);
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * NtQueryInformationFile / ZwQueryInformationFile
 * @implemented
 * PASSIVE_LEVEL. See the top of this file.
 */
NTSTATUS NTAPI NtQueryInformationFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock,
                                      PVOID FileInformation, ULONG Length,
                                      FILE_INFORMATION_CLASS FileInformationClass)
{
    return IopInformationFile(FALSE, FileHandle, IoStatusBlock, FileInformation, Length,
                              FileInformationClass);
}

NTSTATUS NTAPI ZwQueryInformationFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock,
                                      PVOID FileInformation, ULONG Length,
                                      FILE_INFORMATION_CLASS FileInformationClass)
{
    return IOP_CALL_AS_KERNEL(NtQueryInformationFile(FileHandle, IoStatusBlock, FileInformation,
                                                     Length, FileInformationClass));
}

/*
 * NtSetInformationFile / ZwSetInformationFile
 * @implemented
 * PASSIVE_LEVEL. See the top of this file. FileCompletionInformation binds the file object
 * to a completion port (Port needs IO_COMPLETION_MODIFY_STATE): STATUS_INVALID_PARAMETER
 * for a synchronous file object or one already bound.
 */
NTSTATUS NTAPI NtSetInformationFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock,
                                    PVOID FileInformation, ULONG Length,
                                    FILE_INFORMATION_CLASS FileInformationClass)
{
    return IopInformationFile(TRUE, FileHandle, IoStatusBlock, FileInformation, Length,
                              FileInformationClass);
}

NTSTATUS NTAPI ZwSetInformationFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock,
                                    PVOID FileInformation, ULONG Length,
                                    FILE_INFORMATION_CLASS FileInformationClass)
{
    return IOP_CALL_AS_KERNEL(NtSetInformationFile(FileHandle, IoStatusBlock, FileInformation,
                                                   Length, FileInformationClass));
}

/*
 * NtCancelIoFile
 * @implemented
 * PASSIVE_LEVEL. Cancels the calling thread's pending requests on the file (IoCancelIrp) and
 * waits until they have completed. STATUS_SUCCESS (also when there were none); the IOSB
 * receives STATUS_SUCCESS.
 */
NTSTATUS NTAPI NtCancelIoFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock)
{
    KPROCESSOR_MODE Mode = IopPreviousMode();
    PFILE_OBJECT FileObject;
    NTSTATUS Status;

    Status = ObReferenceObjectByHandle(FileHandle, 0, *IoFileObjectType, Mode,
                                       (PVOID *)&FileObject, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    __try {
        if (Mode != KernelMode)
            NtpProbeForWrite(IoStatusBlock, sizeof(IO_STATUS_BLOCK), __alignof__(ULONG));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        ObDereferenceObject(FileObject);
        return GetExceptionCode();
    }
    (VOID)IopCancelIrpsOfFile(FileObject, PsGetCurrentThread(), NULL, TRUE);
    ObDereferenceObject(FileObject);
    __try {
        IoStatusBlock->Status = STATUS_SUCCESS;
        IoStatusBlock->Information = 0;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        /* ignored, as on Windows */
    }
    return STATUS_SUCCESS;
}

/*
 * NtCancelIoFileEx
 * @implemented
 * PASSIVE_LEVEL. Cancels the pending requests on the file issued by any thread, or only the
 * one whose IO_STATUS_BLOCK is IoRequestToCancel (CancelIoEx's OVERLAPPED); does not wait.
 * STATUS_NOT_FOUND when there is none.
 */
NTSTATUS NTAPI NtCancelIoFileEx(HANDLE FileHandle, PIO_STATUS_BLOCK IoRequestToCancel,
                                PIO_STATUS_BLOCK IoStatusBlock)
{
    KPROCESSOR_MODE Mode = IopPreviousMode();
    PFILE_OBJECT FileObject;
    NTSTATUS Status;
    ULONG Found;

    Status = ObReferenceObjectByHandle(FileHandle, 0, *IoFileObjectType, Mode,
                                       (PVOID *)&FileObject, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    __try {
        if (Mode != KernelMode)
            NtpProbeForWrite(IoStatusBlock, sizeof(IO_STATUS_BLOCK), __alignof__(ULONG));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        ObDereferenceObject(FileObject);
        return GetExceptionCode();
    }
    Found = IopCancelIrpsOfFile(FileObject, NULL, IoRequestToCancel, FALSE);
    ObDereferenceObject(FileObject);
    if (Found == 0)
        return STATUS_NOT_FOUND;
    __try {
        IoStatusBlock->Status = STATUS_SUCCESS;
        IoStatusBlock->Information = 0;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        /* ignored, as on Windows */
    }
    return STATUS_SUCCESS;
}
