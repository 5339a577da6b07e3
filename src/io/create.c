/*
 * PURPOSE: Opening devices by name: the Device type's parse procedure (file object creation
 * and IRP_MJ_CREATE), IoCreateFile, NtCreateFile, NtOpenFile, ZwCreateFile,
 * ZwOpenFile, IoGetDeviceObjectPointer.
 *
 * An open looks the name up through the object manager with an open packet as the parse
 * context: \??\Name follows its symbolic link to \Device\X, whose parse procedure receives
 * what is left of the name ("\sub" for \\.\Name\sub). It checks the device (deleted or
 * still initializing: STATUS_NO_SUCH_DEVICE; exclusive and open: STATUS_ACCESS_DENIED; the
 * SDDL of IoCreateDeviceSecure for user-mode callers), creates the FILE_OBJECT with the
 * remaining name as FileName, sends IRP_MJ_CREATE to the top of the device's stack and waits
 * for it. A failing driver status fails the open: no handle, and the driver sees neither
 * CLEANUP nor CLOSE for that file object. A name relative to an open file (RootDirectory a
 * file handle) is opened on that file's device with RelatedFileObject set (the File type's
 * parse procedure).
 */

/* INCLUDES ******************************************************************************/

#include "iofilep.h"
#include <string.h>
#include <internal/vfhooks.h>

/* GLOBALS *******************************************************************************/

/* The parse context of an open (Windows' OPEN_PACKET): the create parameters in, the
   driver's status and Information out. */
typedef struct _IOP_OPEN_PACKET {
    CSHORT Type;                      /* IO_TYPE_OPEN_PACKET */
    CSHORT Size;
    BOOLEAN ParseCalled;              /* a device was reached */
    BOOLEAN CreateSent;               /* the driver saw the CREATE: FinalStatus is its */
    NTSTATUS FinalStatus;
    ULONG_PTR Information;
    PFILE_OBJECT FileObject;          /* the file object created (unreferenced) */
    LARGE_INTEGER AllocationSize;
    ULONG FileAttributes;
    ULONG ShareAccess;
    ULONG Disposition;
    ULONG CreateOptions;
    PVOID EaBuffer;                   /* pool copy */
    ULONG EaLength;
    ULONG Options;                    /* IO_* */
    ULONG Attributes;                 /* OBJ_* of the name */
    PSECURITY_QUALITY_OF_SERVICE SecurityQos;
} IOP_OPEN_PACKET, *PIOP_OPEN_PACKET;

/* PRIVATE FUNCTIONS *********************************************************************/

/* What Windows' IoCreateFile refuses before it looks at the name. */
static NTSTATUS IopCheckCreateParameters(ACCESS_MASK DesiredAccess, ULONG FileAttributes,
                                         ULONG ShareAccess, ULONG Disposition,
                                         ULONG CreateOptions, PVOID EaBuffer, ULONG EaLength,
                                         CREATE_FILE_TYPE CreateFileType)
{
    if ((FileAttributes & ~FILE_ATTRIBUTE_VALID_FLAGS) ||
        (ShareAccess & ~FILE_SHARE_VALID_FLAGS) || Disposition > FILE_MAXIMUM_DISPOSITION ||
        (CreateOptions & ~FILE_VALID_OPTION_FLAGS) ||
        ((CreateOptions & FILE_SYNCHRONOUS_IO_ALERT) &&
         (CreateOptions & FILE_SYNCHRONOUS_IO_NONALERT)) ||
        ((CreateOptions & (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT)) &&
         !(DesiredAccess & SYNCHRONIZE)) ||
        ((CreateOptions & FILE_DELETE_ON_CLOSE) && !(DesiredAccess & DELETE)) ||
        ((CreateOptions & FILE_DIRECTORY_FILE) && (CreateOptions & FILE_NON_DIRECTORY_FILE)) ||
        ((CreateOptions & FILE_DIRECTORY_FILE) &&
         (CreateOptions & ~(FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_ALERT |
                            FILE_SYNCHRONOUS_IO_NONALERT | FILE_WRITE_THROUGH |
                            FILE_COMPLETE_IF_OPLOCKED | FILE_OPEN_FOR_BACKUP_INTENT |
                            FILE_DELETE_ON_CLOSE | FILE_OPEN_FOR_FREE_SPACE_QUERY |
                            FILE_OPEN_BY_FILE_ID | FILE_NO_COMPRESSION |
                            FILE_OPEN_REPARSE_POINT))) ||
        ((CreateOptions & FILE_DIRECTORY_FILE) && Disposition != FILE_CREATE &&
         Disposition != FILE_OPEN && Disposition != FILE_OPEN_IF) ||
        ((CreateOptions & FILE_COMPLETE_IF_OPLOCKED) && (CreateOptions & FILE_RESERVE_OPFILTER)) ||
        ((CreateOptions & FILE_NO_INTERMEDIATE_BUFFERING) && (DesiredAccess & FILE_APPEND_DATA)) ||
        (EaBuffer == NULL && EaLength != 0) || CreateFileType != CreateFileTypeNone)
        return STATUS_INVALID_PARAMETER;
    return STATUS_SUCCESS;
}

/* The rights a handle to a file object grants, as the File type maps them. */
static ACCESS_MASK IopMapFileAccess(ACCESS_MASK Access)
{
    const GENERIC_MAPPING *Map = &(*IoFileObjectType)->TypeInfo.GenericMapping;

    if (Access & MAXIMUM_ALLOWED)
        Access = (Access & ~MAXIMUM_ALLOWED) | Map->GenericAll;
    if (Access & GENERIC_READ)
        Access |= Map->GenericRead;
    if (Access & GENERIC_WRITE)
        Access |= Map->GenericWrite;
    if (Access & GENERIC_EXECUTE)
        Access |= Map->GenericExecute;
    if (Access & GENERIC_ALL)
        Access |= Map->GenericAll;
    Access &= ~(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL);
    return Access & (*IoFileObjectType)->TypeInfo.ValidAccessMask;
}

/* Sends IRP_MJ_CREATE for FileObject and waits; returns the driver's I/O status. */
static VOID IopSendCreate(PDEVICE_OBJECT Device, PFILE_OBJECT FileObject,
                          PIOP_OPEN_PACKET Packet, ACCESS_MASK DesiredAccess,
                          ACCESS_MASK Granted, KPROCESSOR_MODE AccessMode,
                          PIO_STATUS_BLOCK IoStatus)
{
    IO_SECURITY_CONTEXT SecurityContext;
    ACCESS_STATE AccessState;
    PIO_STACK_LOCATION Stack;
    PDEVICE_OBJECT Top;
    KEVENT Event;
    PIRP Irp;
    NTSTATUS Status;

    RtlZeroMemory(&AccessState, sizeof(AccessState));
    AccessState.OriginalDesiredAccess = DesiredAccess;
    AccessState.PreviouslyGrantedAccess = Granted;
    AccessState.RemainingDesiredAccess = 0;
    AccessState.SecurityEvaluated = TRUE;
    SecurityContext.SecurityQos = Packet->SecurityQos;
    SecurityContext.AccessState = &AccessState;
    SecurityContext.DesiredAccess = DesiredAccess;
    SecurityContext.FullCreateOptions = Packet->CreateOptions;

    Top = IoGetAttachedDeviceReference(Device);
    Irp = IoAllocateIrp(Top->StackSize, FALSE);
    if (Irp == NULL) {
        ObDereferenceObject(Top);
        IoStatus->Status = STATUS_INSUFFICIENT_RESOURCES;
        IoStatus->Information = 0;
        return;
    }
    KeInitializeEvent(&Event, SynchronizationEvent, FALSE);
    Irp->Tail.Overlay.OriginalFileObject = FileObject;
    Irp->RequestorMode = AccessMode;
    Irp->Flags = IRP_CREATE_OPERATION | IRP_SYNCHRONOUS_API | IRP_DEFER_IO_COMPLETION;
    Irp->UserIosb = IoStatus;
    Irp->UserEvent = &Event;
    Irp->AssociatedIrp.SystemBuffer = Packet->EaBuffer;
    Irp->Overlay.AllocationSize = Packet->AllocationSize;
    Stack = IoGetNextIrpStackLocation(Irp);
    Stack->MajorFunction = IRP_MJ_CREATE;
    Stack->FileObject = FileObject;
    if (!(Packet->Attributes & OBJ_CASE_INSENSITIVE))
        Stack->Flags |= SL_CASE_SENSITIVE;
    if (AccessMode != KernelMode || (Packet->Options & IO_FORCE_ACCESS_CHECK))
        Stack->Flags |= SL_FORCE_ACCESS_CHECK;
    Stack->Parameters.Create.SecurityContext = &SecurityContext;
    Stack->Parameters.Create.Options = (Packet->Disposition << 24) |
                                       (Packet->CreateOptions & FILE_VALID_OPTION_FLAGS);
    Stack->Parameters.Create.FileAttributes = (USHORT)Packet->FileAttributes;
    Stack->Parameters.Create.ShareAccess = (USHORT)Packet->ShareAccess;
    Stack->Parameters.Create.EaLength = Packet->EaLength;

    IoStatus->Status = STATUS_PENDING;
    IopQueueThreadIrp(Irp);
    Status = IoCallDriver(Top, Irp);
    if (Status != STATUS_PENDING)
        IopCompleteRequestStage2(Irp);
    else
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(Top);
}

/* Opens RemainingName on Device (relative to Related when not NULL): see the top. */
static NTSTATUS IopOpenOnDevice(PDEVICE_OBJECT Device, PFILE_OBJECT Related,
                                ACCESS_MASK DesiredAccess, KPROCESSOR_MODE AccessMode,
                                PCUNICODE_STRING RemainingName, PIOP_OPEN_PACKET Packet,
                                PVOID *Result)
{
    PIOP_FILE_OBJECT File;
    PFILE_OBJECT FileObject;
    IO_STATUS_BLOCK IoStatus;
    ACCESS_MASK Granted;
    NTSTATUS Status;

    if (Packet->ParseCalled)
        return STATUS_OBJECT_TYPE_MISMATCH;
    Packet->ParseCalled = TRUE;

    Status = IopCheckDeviceAccess(Device, DesiredAccess, AccessMode, &Granted);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = IopReferenceDeviceOpen(Device);
    if (!NT_SUCCESS(Status))
        return Status;
    ObReferenceObject(Device);

    Status = ObpCreateObject(*IoFileObjectType, NULL, AccessMode, sizeof(IOP_FILE_OBJECT),
                             (PVOID *)&File);
    if (!NT_SUCCESS(Status)) {
        IopDereferenceDeviceOpen(Device);
        ObDereferenceObject(Device);
        return Status;
    }
    /* From here the file object's deletion drops the device counts. */
    File->OpenedDevice = Device;
    FileObject = &File->Public;
    FileObject->Type = IO_TYPE_FILE;
    FileObject->Size = sizeof(FILE_OBJECT);
    FileObject->DeviceObject = Device;
    /* Valid while the CREATE is processed (the WDK's rule), not referenced. */
    FileObject->RelatedFileObject = Related;
    if (Packet->CreateOptions & (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT))
        FileObject->Flags |= FO_SYNCHRONOUS_IO;
    if (Packet->CreateOptions & FILE_SYNCHRONOUS_IO_ALERT)
        FileObject->Flags |= FO_ALERTABLE_IO;
    if (Packet->CreateOptions & FILE_NO_INTERMEDIATE_BUFFERING)
        FileObject->Flags |= FO_NO_INTERMEDIATE_BUFFERING;
    if (Packet->CreateOptions & FILE_WRITE_THROUGH)
        FileObject->Flags |= FO_WRITE_THROUGH;
    if (Packet->CreateOptions & FILE_SEQUENTIAL_ONLY)
        FileObject->Flags |= FO_SEQUENTIAL_ONLY;
    if (Packet->CreateOptions & FILE_RANDOM_ACCESS)
        FileObject->Flags |= FO_RANDOM_ACCESS;
    if (RemainingName->Length == 0 && Related == NULL && Device->Vpb != NULL)
        FileObject->Flags |= FO_DIRECT_DEVICE_OPEN;   /* the volume itself, no mount */
    Granted = IopMapFileAccess(Granted);
    FileObject->ReadAccess = (Granted & (FILE_READ_DATA | FILE_EXECUTE)) != 0;
    FileObject->WriteAccess = (Granted & (FILE_WRITE_DATA | FILE_APPEND_DATA)) != 0;
    FileObject->DeleteAccess = (Granted & DELETE) != 0;
    KeInitializeEvent(&FileObject->Lock, SynchronizationEvent, FALSE);
    KeInitializeEvent(&FileObject->Event, NotificationEvent, FALSE);
    KeInitializeSpinLock(&FileObject->IrpListLock);
    InitializeListHead(&FileObject->IrpList);
    if (RemainingName->Length != 0) {
        FileObject->FileName.Buffer = ExAllocatePoolWithTag(
            PagedPool, RemainingName->Length + sizeof(WCHAR), IOP_TAG_FILE_NAME);
        if (FileObject->FileName.Buffer == NULL) {
            ObDereferenceObject(File);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        memcpy(FileObject->FileName.Buffer, RemainingName->Buffer, RemainingName->Length);
        FileObject->FileName.Buffer[RemainingName->Length / sizeof(WCHAR)] = L'\0';
        FileObject->FileName.Length = RemainingName->Length;
        FileObject->FileName.MaximumLength = (USHORT)(RemainingName->Length + sizeof(WCHAR));
    }
    Packet->FileObject = FileObject;

    IopSendCreate(Device, FileObject, Packet, DesiredAccess, Granted, AccessMode, &IoStatus);
    Packet->CreateSent = TRUE;
    Packet->FinalStatus = IoStatus.Status;
    Packet->Information = IoStatus.Information;
    if (!NT_SUCCESS(IoStatus.Status)) {
        /* Not opened: no CLEANUP or CLOSE will be sent for it. */
        Packet->FileObject = NULL;
        ObDereferenceObject(File);
        return IoStatus.Status;
    }
    __atomic_fetch_or(&File->IopFlags, IOP_FO_OPENED, __ATOMIC_RELEASE);
    *Result = File;
    return STATUS_SUCCESS;
}

/* PUBLIC FUNCTIONS (internal) ***********************************************************/

NTSTATUS IopParseDevice(PVOID Object, POBJECT_TYPE RequestedType, ACCESS_MASK DesiredAccess,
                        KPROCESSOR_MODE AccessMode, ULONG Attributes,
                        PCUNICODE_STRING RemainingName, PVOID ParseContext, PVOID *Result)
{
    PIOP_OPEN_PACKET Packet = ParseContext;

    UNREFERENCED_PARAMETER(RequestedType);
    UNREFERENCED_PARAMETER(Attributes);
    *Result = NULL;
    if (Packet == NULL || Packet->Type != IO_TYPE_OPEN_PACKET) {
        /* A plain lookup of the device itself (not an open). */
        if (RemainingName->Length != 0)
            return STATUS_OBJECT_TYPE_MISMATCH;
        ObReferenceObject(Object);
        *Result = Object;
        return STATUS_SUCCESS;
    }
    return IopOpenOnDevice(Object, NULL, DesiredAccess, AccessMode, RemainingName, Packet,
                           Result);
}

NTSTATUS IopParseFile(PVOID Object, POBJECT_TYPE RequestedType, ACCESS_MASK DesiredAccess,
                      KPROCESSOR_MODE AccessMode, ULONG Attributes,
                      PCUNICODE_STRING RemainingName, PVOID ParseContext, PVOID *Result)
{
    PFILE_OBJECT Related = Object;
    PIOP_OPEN_PACKET Packet = ParseContext;

    UNREFERENCED_PARAMETER(RequestedType);
    UNREFERENCED_PARAMETER(Attributes);
    *Result = NULL;
    if (Packet == NULL || Packet->Type != IO_TYPE_OPEN_PACKET || Related->Type != IO_TYPE_FILE)
        return STATUS_OBJECT_TYPE_MISMATCH;
    /* A name relative to an open file: a new file object on the same device, with
       RelatedFileObject set for the driver to combine the names. */
    return IopOpenOnDevice(Related->DeviceObject, Related, DesiredAccess, AccessMode,
                           RemainingName, Packet, Result);
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * IoCreateFile
 * @implemented
 * PASSIVE_LEVEL. Opens the device (or the name below it) ObjectAttributes names and returns
 * a handle: see the top of this file. The caller's previous mode decides probing and the
 * handle table, unless Options has IO_NO_PARAMETER_CHECKING (kernel-mode caller).
 * Parameter errors (STATUS_INVALID_PARAMETER) come first, then the lookup's
 * (STATUS_OBJECT_NAME_NOT_FOUND, STATUS_OBJECT_PATH_NOT_FOUND, STATUS_OBJECT_TYPE_MISMATCH),
 * the device's (STATUS_NO_SUCH_DEVICE, STATUS_ACCESS_DENIED) and the driver's. IoStatusBlock
 * receives the driver's status and Information (FILE_OPENED, ...) once the CREATE was sent.
 */
NTSTATUS NTAPI IoCreateFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                            POBJECT_ATTRIBUTES ObjectAttributes, PIO_STATUS_BLOCK IoStatusBlock,
                            PLARGE_INTEGER AllocationSize, ULONG FileAttributes,
                            ULONG ShareAccess, ULONG Disposition, ULONG CreateOptions,
                            PVOID EaBuffer, ULONG EaLength, CREATE_FILE_TYPE CreateFileType,
                            PVOID InternalParameters, ULONG Options)
{
    KPROCESSOR_MODE Mode = (Options & IO_NO_PARAMETER_CHECKING) ? KernelMode : IopPreviousMode();
    OBJECT_ATTRIBUTES Captured;
    UNICODE_STRING CapturedName;
    IOP_OPEN_PACKET Packet;
    HANDLE Handle = NULL;
    volatile NTSTATUS Status;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(InternalParameters);
    RtlZeroMemory(&Packet, sizeof(Packet));
    Packet.Type = IO_TYPE_OPEN_PACKET;
    Packet.Size = sizeof(Packet);
    Packet.FileAttributes = FileAttributes;
    Packet.ShareAccess = ShareAccess;
    Packet.Disposition = Disposition;
    Packet.CreateOptions = CreateOptions;
    Packet.EaLength = EaLength;
    Packet.Options = Options;

    if (Mode != KernelMode) {
        __try {
            NtpProbeForWrite(FileHandle, sizeof(HANDLE), __alignof__(HANDLE));
            NtpProbeForWrite(IoStatusBlock, sizeof(IO_STATUS_BLOCK), __alignof__(ULONG));
            if (AllocationSize != NULL) {
                NtpProbeForRead(AllocationSize, sizeof(LARGE_INTEGER), __alignof__(ULONG));
                Packet.AllocationSize = *AllocationSize;
            }
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            return GetExceptionCode();
        }
    } else if (AllocationSize != NULL) {
        Packet.AllocationSize = *AllocationSize;
    }
    if (!(Options & IO_NO_PARAMETER_CHECKING) || Mode != KernelMode) {
        Status = IopCheckCreateParameters(DesiredAccess, FileAttributes, ShareAccess,
                                          Disposition, CreateOptions, EaBuffer, EaLength,
                                          CreateFileType);
        if (!NT_SUCCESS(Status))
            return Status;
    }
    if (EaLength != 0) {
        Packet.EaBuffer = ExAllocatePoolWithTag(NonPagedPoolNx, EaLength, IOP_TAG_CAPTURE);
        if (Packet.EaBuffer == NULL)
            return STATUS_INSUFFICIENT_RESOURCES;
        Status = STATUS_SUCCESS;
        __try {
            if (Mode != KernelMode)
                NtpProbeForRead(EaBuffer, EaLength, __alignof__(ULONG));
            memcpy(Packet.EaBuffer, EaBuffer, EaLength);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Status = GetExceptionCode();
        }
        if (!NT_SUCCESS(Status)) {
            ExFreePoolWithTag(Packet.EaBuffer, IOP_TAG_CAPTURE);
            return Status;
        }
    }
    Status = NtpCaptureObjectAttributes(ObjectAttributes, Mode, &Captured, &CapturedName);
    if (NT_SUCCESS(Status)) {
        if (ObjectAttributes == NULL) {
            Status = STATUS_INVALID_PARAMETER;
        } else {
            Packet.Attributes = Captured.Attributes;
            Packet.SecurityQos = Mode == KernelMode ? Captured.SecurityQualityOfService : NULL;
            Status = ObpOpenObjectByName(&Captured, *IoFileObjectType, Mode, DesiredAccess,
                                         &Packet, &Handle);
        }
        NtpReleaseObjectAttributes(&CapturedName);
    }
    if (Packet.EaBuffer != NULL)
        ExFreePoolWithTag(Packet.EaBuffer, IOP_TAG_CAPTURE);

    if (Packet.CreateSent) {
        /* The driver saw the CREATE: its status and Information reach the caller. */
        __try {
            IoStatusBlock->Status = Packet.FinalStatus;
            IoStatusBlock->Information = Packet.Information;
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            /* ignored, as on Windows */
        }
    }
    if (NT_SUCCESS(Status) && !Packet.ParseCalled) {
        /* The lookup ended on an open file itself (an empty name relative to it): kmode
           does not reopen a file object. */
        ObpCloseHandle(Handle, Mode);
        Status = STATUS_OBJECT_NAME_INVALID;
    }
    if (NT_SUCCESS(Status)) {
        __try {
            *FileHandle = Handle;
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            /* ignored: the handle stays open, as on Windows */
        }
        return Packet.FinalStatus;
    }
    return Status;
}

/*
 * NtCreateFile / ZwCreateFile
 * @implemented
 * PASSIVE_LEVEL. IoCreateFile for the caller's previous mode (ZwCreateFile: KernelMode).
 */
NTSTATUS NTAPI NtCreateFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                            POBJECT_ATTRIBUTES ObjectAttributes, PIO_STATUS_BLOCK IoStatusBlock,
                            PLARGE_INTEGER AllocationSize, ULONG FileAttributes,
                            ULONG ShareAccess, ULONG CreateDisposition, ULONG CreateOptions,
                            PVOID EaBuffer, ULONG EaLength)
{
    return IoCreateFile(FileHandle, DesiredAccess, ObjectAttributes, IoStatusBlock,
                        AllocationSize, FileAttributes, ShareAccess, CreateDisposition,
                        CreateOptions, EaBuffer, EaLength, CreateFileTypeNone, NULL, 0);
}

NTSTATUS NTAPI ZwCreateFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                            POBJECT_ATTRIBUTES ObjectAttributes, PIO_STATUS_BLOCK IoStatusBlock,
                            PLARGE_INTEGER AllocationSize, ULONG FileAttributes,
                            ULONG ShareAccess, ULONG CreateDisposition, ULONG CreateOptions,
                            PVOID EaBuffer, ULONG EaLength)
{
    return IOP_CALL_AS_KERNEL(NtCreateFile(FileHandle, DesiredAccess, ObjectAttributes,
                                           IoStatusBlock, AllocationSize, FileAttributes,
                                           ShareAccess, CreateDisposition, CreateOptions,
                                           EaBuffer, EaLength));
}

/*
 * NtOpenFile / ZwOpenFile
 * @implemented
 * PASSIVE_LEVEL. Opens an existing file (FILE_OPEN, normal attributes, no EAs).
 */
NTSTATUS NTAPI NtOpenFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                          POBJECT_ATTRIBUTES ObjectAttributes, PIO_STATUS_BLOCK IoStatusBlock,
                          ULONG ShareAccess, ULONG OpenOptions)
{
    return IoCreateFile(FileHandle, DesiredAccess, ObjectAttributes, IoStatusBlock, NULL, 0,
                        ShareAccess, FILE_OPEN, OpenOptions, NULL, 0, CreateFileTypeNone, NULL,
                        0);
}

NTSTATUS NTAPI ZwOpenFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                          POBJECT_ATTRIBUTES ObjectAttributes, PIO_STATUS_BLOCK IoStatusBlock,
                          ULONG ShareAccess, ULONG OpenOptions)
{
    return IOP_CALL_AS_KERNEL(NtOpenFile(FileHandle, DesiredAccess, ObjectAttributes,
                                         IoStatusBlock, ShareAccess, OpenOptions));
}

/*
 * IoGetDeviceObjectPointer
 * @implemented
 * PASSIVE_LEVEL. Opens ObjectName (a device) with DesiredAccess and returns the file object,
 * referenced, and the top of the device's stack (IoGetRelatedDeviceObject), not referenced:
 * the file object keeps it. The handle is closed before returning, so the driver sees
 * CREATE and CLEANUP now and CLOSE when the caller dereferences the file object.
 */
NTSTATUS NTAPI IoGetDeviceObjectPointer(PUNICODE_STRING ObjectName, ACCESS_MASK DesiredAccess,
                                        PFILE_OBJECT *FileObject, PDEVICE_OBJECT *DeviceObject)
{
    OBJECT_ATTRIBUTES Attributes;
    IO_STATUS_BLOCK IoStatus;
    PFILE_OBJECT File;
    HANDLE Handle;
    NTSTATUS Status;

    VF_DDI_RULE(VF_DDI_IRQL_IO_PASSIVE5, KeGetCurrentIrql() != PASSIVE_LEVEL);
    PAGED_CODE();
    InitializeObjectAttributes(&Attributes, ObjectName, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               NULL, NULL);
    Status = ZwOpenFile(&Handle, DesiredAccess, &Attributes, &IoStatus, 0,
                        FILE_NON_DIRECTORY_FILE);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = ObReferenceObjectByHandle(Handle, 0, *IoFileObjectType, KernelMode, (PVOID *)&File,
                                       NULL);
    if (NT_SUCCESS(Status)) {
        *FileObject = File;
        *DeviceObject = IoGetRelatedDeviceObject(File);
    }
    ZwClose(Handle);
    return Status;
}
