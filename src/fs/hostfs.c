/*
 * PURPOSE: The host file system driver: \FileSystem\HostFs, a kmode driver whose volume
 * device \Device\HarddiskVolume1 is drive C: (\GLOBAL??\C:). Every open of a C:\ name,
 * from an app's CreateFile or a driver's ZwCreateFile, reaches it as IRP_MJ_CREATE with the
 * rest of the name in FileObject->FileName ("\dir\x.txt"); it maps the name to a Linux path
 * (internal/path.h: case-insensitive, the system root) and serves the requests on a Linux
 * file descriptor. Requests are IRPs like any driver's and complete in the dispatch routine
 * (host I/O blocks the calling thread). See docs/hostfs.md.
 *
 * State: one FCB per Linux file (device and inode) with the share access of its opens and
 * the delete-pending flag, under one fast mutex (opens, cleanups, closes, dispositions);
 * one CCB per open (FsContext2) with its descriptor and its name. Reads and writes take no
 * global lock; writes at the end of a file serialize on the FCB's own mutex.
 */

/* INCLUDES ******************************************************************************/

#include <ntifs.h>
#include <internal/fs.h>
#include <internal/host.h>
#include <internal/io.h>
#include <internal/path.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* GLOBALS *******************************************************************************/

#define HOSTFS_TAG_FCB 'FsfH'
#define HOSTFS_TAG_CCB 'CsfH'
#define HOSTFS_TAG_NAME 'NsfH'

/* 100 ns intervals between 1601-01-01 and 1970-01-01. */
#define HOSTFS_EPOCH_DELTA 116444736000000000LL

typedef struct _HOSTFS_FCB {
    LIST_ENTRY Links;                 /* HostFsFcbs (HostFsLock); empty once removed */
    ULONG64 Device;
    ULONG64 Inode;
    LONG References;                  /* CCBs (HostFsLock) */
    LONG Handles;                     /* opens not cleaned up yet (HostFsLock) */
    SHARE_ACCESS ShareAccess;         /* HostFsLock */
    BOOLEAN DeletePending;            /* HostFsLock */
    BOOLEAN Directory;
    char *HostPath;                   /* malloc'd; replaced by a rename (HostFsLock) */
    FAST_MUTEX SizeLock;              /* end-of-file writes and size changes */
} HOSTFS_FCB, *PHOSTFS_FCB;

typedef struct _HOSTFS_CCB {
    HOST_FD Fd;
    PHOSTFS_FCB Fcb;                  /* NULL: the volume itself (an empty name) */
    UNICODE_STRING Name;              /* "\dir\x.txt" (pool), the root is "\" */
    BOOLEAN DeleteOnClose;
    BOOLEAN AppendOnly;               /* FILE_APPEND_DATA without FILE_WRITE_DATA */
    BOOLEAN DataAccess;               /* the descriptor can read or write data */
} HOSTFS_CCB, *PHOSTFS_CCB;

static FAST_MUTEX HostFsLock;
static LIST_ENTRY HostFsFcbs;
static PDEVICE_OBJECT HostFsVolume;
static pthread_once_t HostFsOnce = PTHREAD_ONCE_INIT;

/* PRIVATE FUNCTIONS *********************************************************************/

static NTSTATUS HostFspComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_DISK_INCREMENT);
    return Status;
}

/* Generic rights as the File type maps them. */
static ACCESS_MASK HostFspMapAccess(ACCESS_MASK Access)
{
    if (Access & (MAXIMUM_ALLOWED | GENERIC_ALL))
        Access |= FILE_ALL_ACCESS;
    if (Access & GENERIC_READ)
        Access |= FILE_GENERIC_READ;
    if (Access & GENERIC_WRITE)
        Access |= FILE_GENERIC_WRITE;
    if (Access & GENERIC_EXECUTE)
        Access |= FILE_GENERIC_EXECUTE;
    return Access & ~(MAXIMUM_ALLOWED | GENERIC_ALL | GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE);
}

static LONGLONG HostFspFileTime(LONG64 Nanoseconds)
{
    return Nanoseconds / 100 + HOSTFS_EPOCH_DELTA;
}

/* The last component of a Linux path. */
static const char *HostFspLeaf(const char *Path)
{
    const char *slash = strrchr(Path, '/');
    return slash != NULL && slash[1] != '\0' ? slash + 1 : Path;
}

/* Windows attributes of a Linux file (as GetFileAttributes reports them, docs/paths.md). */
static ULONG HostFspAttributes(const HOST_FILE_INFO *Info, const char *Path)
{
    ULONG Attributes;

    if (Info->Type == HostFileDirectory)
        Attributes = FILE_ATTRIBUTE_DIRECTORY;
    else if (Info->Type == HostFileRegular)
        Attributes = FILE_ATTRIBUTE_ARCHIVE;
    else
        Attributes = FILE_ATTRIBUTE_NORMAL;
    if (Info->ReadOnly && Info->Type == HostFileRegular)
        Attributes |= FILE_ATTRIBUTE_READONLY;
    if (HostFspLeaf(Path)[0] == '.' && strcmp(Path, "/") != 0)
        Attributes |= FILE_ATTRIBUTE_HIDDEN;
    return Attributes;
}

/* A pool copy of Length bytes of Text (NUL-terminated as well). */
static NTSTATUS HostFspCopyName(PUNICODE_STRING Name, PCWCH Text, SIZE_T Length)
{
    if (Length > 0xFFFC)
        return STATUS_OBJECT_NAME_INVALID;
    Name->Buffer = ExAllocatePoolWithTag(PagedPool, Length + sizeof(WCHAR), HOSTFS_TAG_NAME);
    if (Name->Buffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    if (Length != 0)
        memcpy(Name->Buffer, Text, Length);
    Name->Buffer[Length / sizeof(WCHAR)] = L'\0';
    Name->Length = (USHORT)Length;
    Name->MaximumLength = (USHORT)(Length + sizeof(WCHAR));
    return STATUS_SUCCESS;
}

/*
 * The volume-relative name of an open: FileObject->FileName, or the related file's name,
 * a separator and FileName. NTFS's rules: a name relative to a file must not start with
 * '\', and the related file must be a directory.
 */
static NTSTATUS HostFspFullName(PFILE_OBJECT FileObject, PUNICODE_STRING Name)
{
    PFILE_OBJECT Related = FileObject->RelatedFileObject;
    PCUNICODE_STRING Rest = &FileObject->FileName;
    PHOSTFS_CCB RelatedCcb;
    SIZE_T Length;
    NTSTATUS Status;

    if (Related == NULL || Related->DeviceObject != HostFsVolume)
        return HostFspCopyName(Name, Rest->Buffer, Rest->Length);
    RelatedCcb = Related->FsContext2;
    if (RelatedCcb == NULL || RelatedCcb->Fcb == NULL)
        return STATUS_INVALID_PARAMETER;
    if (Rest->Length != 0 && Rest->Buffer[0] == L'\\')
        return STATUS_INVALID_PARAMETER;
    if (Rest->Length != 0 && !RelatedCcb->Fcb->Directory)
        return STATUS_OBJECT_PATH_NOT_FOUND;
    /* (The related open's name changes under the lock when it is renamed.) */
    ExAcquireFastMutex(&HostFsLock);
    Status = HostFspCopyName(Name, RelatedCcb->Name.Buffer, RelatedCcb->Name.Length);
    ExReleaseFastMutex(&HostFsLock);
    if (!NT_SUCCESS(Status) || Rest->Length == 0)
        return Status;
    Length = (SIZE_T)Name->Length + sizeof(WCHAR) + Rest->Length;
    if (Length > 0xFFFC) {
        ExFreePoolWithTag(Name->Buffer, HOSTFS_TAG_NAME);
        return STATUS_OBJECT_NAME_INVALID;
    }
    {
        PWCH Buffer = ExAllocatePoolWithTag(PagedPool, Length + sizeof(WCHAR), HOSTFS_TAG_NAME);
        USHORT Chars = Name->Length / sizeof(WCHAR);
        if (Buffer == NULL) {
            ExFreePoolWithTag(Name->Buffer, HOSTFS_TAG_NAME);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        memcpy(Buffer, Name->Buffer, Name->Length);
        /* The root's name is "\": no second separator. */
        if (Chars == 0 || Buffer[Chars - 1] != L'\\')
            Buffer[Chars++] = L'\\';
        memcpy(Buffer + Chars, Rest->Buffer, Rest->Length);
        Chars += Rest->Length / sizeof(WCHAR);
        Buffer[Chars] = L'\0';
        ExFreePoolWithTag(Name->Buffer, HOSTFS_TAG_NAME);
        Name->Buffer = Buffer;
        Name->Length = (USHORT)(Chars * sizeof(WCHAR));
        Name->MaximumLength = (USHORT)(Length + sizeof(WCHAR));
    }
    return STATUS_SUCCESS;
}

/* The Linux path of a volume-relative name (malloc'd), through the one path mapping. */
static NTSTATUS HostFspHostPath(PCUNICODE_STRING Name, char **HostPath)
{
    static const WCHAR Prefix[] = L"\\??\\C:";
    SIZE_T PrefixBytes = sizeof(Prefix) - sizeof(WCHAR);
    UNICODE_STRING NtPath;
    NTSTATUS Status;

    NtPath.Length = (USHORT)(PrefixBytes + Name->Length);
    NtPath.MaximumLength = NtPath.Length;
    NtPath.Buffer = malloc(NtPath.Length + sizeof(WCHAR));
    if (NtPath.Buffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    memcpy(NtPath.Buffer, Prefix, PrefixBytes);
    memcpy((PUCHAR)NtPath.Buffer + PrefixBytes, Name->Buffer, Name->Length);
    NtPath.Buffer[NtPath.Length / sizeof(WCHAR)] = L'\0';
    Status = KmPathNtToHost(&NtPath, HostPath);
    free(NtPath.Buffer);
    return Status;
}

/* Finds or makes the FCB of an open Linux file (HostFsLock held). NULL: no memory. */
static PHOSTFS_FCB HostFspFindFcb(const HOST_FILE_IDENTITY *Id, BOOLEAN Directory,
                                  const char *HostPath, BOOLEAN *Created)
{
    PHOSTFS_FCB Fcb;

    *Created = FALSE;
    for (PLIST_ENTRY Entry = HostFsFcbs.Flink; Entry != &HostFsFcbs; Entry = Entry->Flink) {
        Fcb = CONTAINING_RECORD(Entry, HOSTFS_FCB, Links);
        if (Fcb->Device == Id->Device && Fcb->Inode == Id->Inode)
            return Fcb;
    }
    Fcb = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*Fcb), HOSTFS_TAG_FCB);
    if (Fcb == NULL)
        return NULL;
    Fcb->HostPath = strdup(HostPath);
    if (Fcb->HostPath == NULL) {
        ExFreePoolWithTag(Fcb, HOSTFS_TAG_FCB);
        return NULL;
    }
    Fcb->Device = Id->Device;
    Fcb->Inode = Id->Inode;
    Fcb->Directory = Directory;
    ExInitializeFastMutex(&Fcb->SizeLock);
    InsertTailList(&HostFsFcbs, &Fcb->Links);
    *Created = TRUE;
    return Fcb;
}

/* Drops a CCB's reference (HostFsLock held); TRUE when the caller must free the FCB. */
static BOOLEAN HostFspReleaseFcb(PHOSTFS_FCB Fcb)
{
    if (--Fcb->References != 0)
        return FALSE;
    if (!IsListEmpty(&Fcb->Links)) {
        RemoveEntryList(&Fcb->Links);
        InitializeListHead(&Fcb->Links);
    }
    return TRUE;
}

static VOID HostFspFreeFcb(PHOSTFS_FCB Fcb)
{
    free(Fcb->HostPath);
    ExFreePoolWithTag(Fcb, HOSTFS_TAG_FCB);
}

static VOID HostFspFreeCcb(PHOSTFS_CCB Ccb)
{
    if (Ccb->Name.Buffer != NULL)
        ExFreePoolWithTag(Ccb->Name.Buffer, HOSTFS_TAG_NAME);
    ExFreePoolWithTag(Ccb, HOSTFS_TAG_CCB);
}

static BOOLEAN HostFspAnyEntry(PVOID Context, const char *Name)
{
    UNREFERENCED_PARAMETER(Name);
    *(PBOOLEAN)Context = TRUE;
    return FALSE;
}

/* ---- IRP_MJ_CREATE ------------------------------------------------------------------- */

static NTSTATUS HostFspCreate(PIRP Irp, PIO_STACK_LOCATION Stack)
{
    PFILE_OBJECT FileObject = Stack->FileObject;
    ULONG Disposition = Stack->Parameters.Create.Options >> 24;
    ULONG Options = Stack->Parameters.Create.Options & FILE_VALID_OPTION_FLAGS;
    ACCESS_MASK Access = HostFspMapAccess(Stack->Parameters.Create.SecurityContext->DesiredAccess);
    ULONG ShareAccess = Stack->Parameters.Create.ShareAccess;
    ULONG NewAttributes = Stack->Parameters.Create.FileAttributes;
    BOOLEAN WantData = (Access & (FILE_READ_DATA | FILE_EXECUTE | FILE_WRITE_DATA | FILE_APPEND_DATA)) != 0;
    BOOLEAN Overwrite = Disposition == FILE_SUPERSEDE || Disposition == FILE_OVERWRITE ||
                        Disposition == FILE_OVERWRITE_IF;
    BOOLEAN MustBeDirectory = (Options & FILE_DIRECTORY_FILE) != 0, TrailingSlash = FALSE;
    BOOLEAN Exists, FcbCreated = FALSE, FreeFcb = FALSE;
    ULONG_PTR Information;
    HOST_FILE_INFO Info;
    HOST_FILE_IDENTITY Id;
    UNICODE_STRING Name = { 0, 0, NULL };
    PHOSTFS_CCB Ccb = NULL;
    PHOSTFS_FCB Fcb;
    char *HostPath = NULL;
    HOST_FD Fd = -1;
    ULONG OpenFlags;
    NTSTATUS Status;

    Status = HostFspFullName(FileObject, &Name);
    if (!NT_SUCCESS(Status))
        return HostFspComplete(Irp, Status, 0);
    Ccb = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*Ccb), HOSTFS_TAG_CCB);
    if (Ccb == NULL) {
        ExFreePoolWithTag(Name.Buffer, HOSTFS_TAG_NAME);
        return HostFspComplete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
    }
    Ccb->Fd = -1;

    if (Name.Length == 0) {
        /* The volume itself (\\.\C:): an open for device requests, with no file. */
        Ccb->Name = Name;
        FileObject->FsContext2 = Ccb;
        return HostFspComplete(Irp, STATUS_SUCCESS, FILE_OPENED);
    }
    /* "\dir\" names a directory: a trailing separator is dropped and remembered. */
    if (Name.Length > sizeof(WCHAR) && Name.Buffer[Name.Length / sizeof(WCHAR) - 1] == L'\\') {
        Name.Length -= sizeof(WCHAR);
        Name.Buffer[Name.Length / sizeof(WCHAR)] = L'\0';
        TrailingSlash = TRUE;
        if (Options & FILE_NON_DIRECTORY_FILE) {
            Status = STATUS_OBJECT_NAME_INVALID;
            goto fail;
        }
    }
    if (Name.Length == sizeof(WCHAR) && Name.Buffer[0] == L'\\')
        MustBeDirectory = TRUE;   /* the root */

    Status = HostFspHostPath(&Name, &HostPath);
    if (!NT_SUCCESS(Status))
        goto fail;
    Status = HostQueryFileInformation(HostPath, &Info);
    Exists = NT_SUCCESS(Status);
    if (!Exists && Status != STATUS_OBJECT_NAME_NOT_FOUND)
        goto fail;

retry:
    if (Exists) {
        BOOLEAN Directory = Info.Type == HostFileDirectory;
        if (Disposition == FILE_CREATE) {
            Status = STATUS_OBJECT_NAME_COLLISION;
            goto fail;
        }
        if (Directory && (Options & FILE_NON_DIRECTORY_FILE)) {
            Status = STATUS_FILE_IS_A_DIRECTORY;
            goto fail;
        }
        if (!Directory && TrailingSlash) {
            Status = STATUS_OBJECT_NAME_INVALID;
            goto fail;
        }
        if (!Directory && MustBeDirectory) {
            Status = STATUS_NOT_A_DIRECTORY;
            goto fail;
        }
        if (Directory && Overwrite) {
            Status = STATUS_FILE_IS_A_DIRECTORY;   /* a directory has no data to replace */
            goto fail;
        }
        /* Windows keeps read-only files from being written or deleted. */
        if (Info.ReadOnly && !Directory &&
            ((Access & (FILE_WRITE_DATA | FILE_APPEND_DATA)) || Overwrite)) {
            Status = STATUS_ACCESS_DENIED;
            goto fail;
        }
        if (Info.ReadOnly && !Directory && (Options & FILE_DELETE_ON_CLOSE)) {
            Status = STATUS_CANNOT_DELETE;
            goto fail;
        }
        if (Directory || (!WantData && !Overwrite)) {
            OpenFlags = HOST_OPEN_META;
        } else {
            OpenFlags = 0;
            if (Access & (FILE_READ_DATA | FILE_EXECUTE))
                OpenFlags |= HOST_OPEN_READ;
            if ((Access & (FILE_WRITE_DATA | FILE_APPEND_DATA)) || Overwrite)
                OpenFlags |= HOST_OPEN_WRITE;
        }
        Status = HostOpenFile(HostPath, OpenFlags, &Fd);
        if (Status == STATUS_OBJECT_NAME_NOT_FOUND && Disposition != FILE_OPEN &&
            Disposition != FILE_OVERWRITE) {
            Exists = FALSE;       /* deleted meanwhile: create it */
            goto retry;
        }
        if (!NT_SUCCESS(Status))
            goto fail;
        Ccb->DataAccess = !(OpenFlags & HOST_OPEN_META);
        Information = Disposition == FILE_SUPERSEDE ? FILE_SUPERSEDED
                      : Overwrite                   ? FILE_OVERWRITTEN
                                                    : FILE_OPENED;
    } else {
        if (Disposition == FILE_OPEN || Disposition == FILE_OVERWRITE) {
            Status = STATUS_OBJECT_NAME_NOT_FOUND;
            goto fail;
        }
        if (TrailingSlash && !MustBeDirectory) {
            Status = STATUS_OBJECT_NAME_INVALID;
            goto fail;
        }
        if (MustBeDirectory) {
            Status = HostCreateDirectory(HostPath);
            if (NT_SUCCESS(Status))
                Status = HostOpenFile(HostPath, HOST_OPEN_META | HOST_OPEN_DIRECTORY, &Fd);
        } else {
            OpenFlags = HOST_OPEN_CREATE | HOST_OPEN_EXCLUSIVE | HOST_OPEN_WRITE;
            if (Access & (FILE_READ_DATA | FILE_EXECUTE))
                OpenFlags |= HOST_OPEN_READ;
            if (NewAttributes & FILE_ATTRIBUTE_READONLY)
                OpenFlags |= HOST_OPEN_READONLY;
            Status = HostOpenFile(HostPath, OpenFlags, &Fd);
            Ccb->DataAccess = TRUE;
        }
        if (Status == STATUS_OBJECT_NAME_COLLISION && Disposition != FILE_CREATE) {
            /* Created by someone else meanwhile: open it as an existing file. */
            if (NT_SUCCESS(HostQueryFileInformation(HostPath, &Info))) {
                Exists = TRUE;
                goto retry;
            }
        }
        if (!NT_SUCCESS(Status))
            goto fail;
        Information = FILE_CREATED;
    }

    Status = HostQueryOpenFile(Fd, &Info, &Id);
    if (!NT_SUCCESS(Status))
        goto fail;

    /* Sharing and delete-pending are decided against the file's other opens. */
    ExAcquireFastMutex(&HostFsLock);
    Fcb = HostFspFindFcb(&Id, Info.Type == HostFileDirectory, HostPath, &FcbCreated);
    if (Fcb == NULL) {
        Status = STATUS_INSUFFICIENT_RESOURCES;
    } else if (Fcb->DeletePending) {
        Status = STATUS_DELETE_PENDING;
    } else if (Fcb->Handles == 0) {
        IoSetShareAccess(Access, ShareAccess, FileObject, &Fcb->ShareAccess);
        Status = STATUS_SUCCESS;
    } else {
        Status = IoCheckShareAccess(Access, ShareAccess, FileObject, &Fcb->ShareAccess, TRUE);
    }
    if (NT_SUCCESS(Status)) {
        Fcb->References++;
        Fcb->Handles++;
    } else if (Fcb != NULL && FcbCreated) {
        RemoveEntryList(&Fcb->Links);
        InitializeListHead(&Fcb->Links);
        FreeFcb = TRUE;
    }
    ExReleaseFastMutex(&HostFsLock);
    if (FreeFcb)
        HostFspFreeFcb(Fcb);
    if (!NT_SUCCESS(Status))
        goto fail;

    if (Information == FILE_OVERWRITTEN || Information == FILE_SUPERSEDED) {
        /* The data goes only once the open is known to be allowed. */
        Status = HostSetFileSize(Fd, 0);
        if (NT_SUCCESS(Status) && (NewAttributes & FILE_ATTRIBUTE_READONLY))
            Status = HostSetFileReadOnly(HostPath, TRUE);
        if (!NT_SUCCESS(Status)) {
            ExAcquireFastMutex(&HostFsLock);
            IoRemoveShareAccess(FileObject, &Fcb->ShareAccess);
            Fcb->Handles--;
            FreeFcb = HostFspReleaseFcb(Fcb);
            ExReleaseFastMutex(&HostFsLock);
            if (FreeFcb)
                HostFspFreeFcb(Fcb);
            goto fail;
        }
    }

    Ccb->Fd = Fd;
    Ccb->Fcb = Fcb;
    Ccb->Name = Name;
    Ccb->DeleteOnClose = (Options & FILE_DELETE_ON_CLOSE) != 0;
    Ccb->AppendOnly = (Access & FILE_APPEND_DATA) && !(Access & FILE_WRITE_DATA);
    FileObject->FsContext = Fcb;
    FileObject->FsContext2 = Ccb;
    free(HostPath);
    return HostFspComplete(Irp, STATUS_SUCCESS, Information);

fail:
    if (Fd >= 0)
        HostCloseFile(Fd);
    free(HostPath);
    if (Name.Buffer != NULL)
        ExFreePoolWithTag(Name.Buffer, HOSTFS_TAG_NAME);
    ExFreePoolWithTag(Ccb, HOSTFS_TAG_CCB);
    return HostFspComplete(Irp, Status, 0);
}

/* ---- IRP_MJ_CLEANUP, IRP_MJ_CLOSE ---------------------------------------------------- */

static NTSTATUS HostFspCleanup(PIRP Irp, PIO_STACK_LOCATION Stack)
{
    PFILE_OBJECT FileObject = Stack->FileObject;
    PHOSTFS_CCB Ccb = FileObject->FsContext2;
    PHOSTFS_FCB Fcb = Ccb != NULL ? Ccb->Fcb : NULL;
    char *Delete = NULL;
    BOOLEAN Directory = FALSE;

    if (Fcb != NULL) {
        ExAcquireFastMutex(&HostFsLock);
        IoRemoveShareAccess(FileObject, &Fcb->ShareAccess);
        if (Ccb->DeleteOnClose)
            Fcb->DeletePending = TRUE;
        if (--Fcb->Handles == 0 && Fcb->DeletePending) {
            /* The last handle of a file marked for deletion: the name goes now; the FCB
               leaves the table so a new file with a recycled inode gets its own. */
            Delete = strdup(Fcb->HostPath);
            Directory = Fcb->Directory;
            if (!IsListEmpty(&Fcb->Links)) {
                RemoveEntryList(&Fcb->Links);
                InitializeListHead(&Fcb->Links);
            }
        }
        ExReleaseFastMutex(&HostFsLock);
        if (Delete != NULL) {
            /* (A failure - the directory got entries meanwhile - leaves the name, as a
               failed delete on Windows does.) */
            (VOID)(Directory ? HostRemoveDirectory(Delete) : HostDeleteFile(Delete));
            free(Delete);
        }
    }
    FileObject->Flags |= FO_CLEANUP_COMPLETE;
    return HostFspComplete(Irp, STATUS_SUCCESS, 0);
}

static NTSTATUS HostFspClose(PIRP Irp, PIO_STACK_LOCATION Stack)
{
    PHOSTFS_CCB Ccb = Stack->FileObject->FsContext2;
    BOOLEAN FreeFcb = FALSE;

    if (Ccb != NULL) {
        if (Ccb->Fcb != NULL) {
            ExAcquireFastMutex(&HostFsLock);
            FreeFcb = HostFspReleaseFcb(Ccb->Fcb);
            ExReleaseFastMutex(&HostFsLock);
            if (FreeFcb)
                HostFspFreeFcb(Ccb->Fcb);
        }
        if (Ccb->Fd >= 0)
            HostCloseFile(Ccb->Fd);
        HostFspFreeCcb(Ccb);
    }
    Stack->FileObject->FsContext = NULL;
    Stack->FileObject->FsContext2 = NULL;
    return HostFspComplete(Irp, STATUS_SUCCESS, 0);
}

/* ---- IRP_MJ_READ, IRP_MJ_WRITE ------------------------------------------------------- */

static NTSTATUS HostFspReadWrite(PIRP Irp, PIO_STACK_LOCATION Stack)
{
    PFILE_OBJECT FileObject = Stack->FileObject;
    PHOSTFS_CCB Ccb = FileObject->FsContext2;
    BOOLEAN Write = Stack->MajorFunction == IRP_MJ_WRITE;
    ULONG Length = Stack->Parameters.Read.Length, Done = 0;
    LARGE_INTEGER Offset = Stack->Parameters.Read.ByteOffset;
    PVOID Buffer;
    NTSTATUS Status;

    if (Ccb == NULL || Ccb->Fcb == NULL || Ccb->Fcb->Directory)
        return HostFspComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    if (!Ccb->DataAccess)
        return HostFspComplete(Irp, STATUS_ACCESS_DENIED, 0);   /* (a kernel caller) */
    if (Length == 0)
        return HostFspComplete(Irp, STATUS_SUCCESS, 0);
    Buffer = Irp->MdlAddress != NULL ? MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority)
                                     : Irp->UserBuffer;
    if (Buffer == NULL)
        return HostFspComplete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);

    if (!Write) {
        if (Offset.QuadPart < 0)
            return HostFspComplete(Irp, STATUS_INVALID_PARAMETER, 0);
        Status = HostReadFile(Ccb->Fd, Buffer, Length, (ULONG64)Offset.QuadPart, &Done);
        if (NT_SUCCESS(Status) && Done == 0)
            Status = STATUS_END_OF_FILE;
        return HostFspComplete(Irp, Status, Done);
    }

    if (Ccb->AppendOnly ||
        (Offset.HighPart == -1 && Offset.LowPart == FILE_WRITE_TO_END_OF_FILE)) {
        /* At the end of the file, wherever that is when the write happens. */
        HOST_FILE_INFO Info;
        ExAcquireFastMutex(&Ccb->Fcb->SizeLock);
        Status = HostQueryOpenFile(Ccb->Fd, &Info, NULL);
        if (NT_SUCCESS(Status))
            Status = HostWriteFile(Ccb->Fd, Buffer, Length, Info.Size, &Done);
        ExReleaseFastMutex(&Ccb->Fcb->SizeLock);
        /* The file system moves a synchronous file's position past what it appended (the
           I/O manager cannot: it does not know where the end was). */
        if (NT_SUCCESS(Status) && (FileObject->Flags & FO_SYNCHRONOUS_IO))
            FileObject->CurrentByteOffset.QuadPart = (LONGLONG)(Info.Size + Done);
        return HostFspComplete(Irp, Status, Done);
    }
    if (Offset.QuadPart < 0)
        return HostFspComplete(Irp, STATUS_INVALID_PARAMETER, 0);
    Status = HostWriteFile(Ccb->Fd, Buffer, Length, (ULONG64)Offset.QuadPart, &Done);
    return HostFspComplete(Irp, Status, Done);
}

/* ---- IRP_MJ_QUERY_INFORMATION -------------------------------------------------------- */

static NTSTATUS HostFspQueryInformation(PIRP Irp, PIO_STACK_LOCATION Stack)
{
    PFILE_OBJECT FileObject = Stack->FileObject;
    PHOSTFS_CCB Ccb = FileObject->FsContext2;
    PVOID Buffer = Irp->AssociatedIrp.SystemBuffer;
    ULONG Length = Stack->Parameters.QueryFile.Length;
    HOST_FILE_INFO Info;
    HOST_FILE_IDENTITY Id;
    ULONG Attributes;
    BOOLEAN DeletePending;
    char *Path;
    NTSTATUS Status;

    if (Ccb == NULL || Ccb->Fcb == NULL)
        return HostFspComplete(Irp, STATUS_INVALID_PARAMETER, 0);
    Status = HostQueryOpenFile(Ccb->Fd, &Info, &Id);
    if (!NT_SUCCESS(Status))
        return HostFspComplete(Irp, Status, 0);
    ExAcquireFastMutex(&HostFsLock);
    Path = strdup(Ccb->Fcb->HostPath);
    DeletePending = Ccb->Fcb->DeletePending;
    ExReleaseFastMutex(&HostFsLock);
    if (Path == NULL)
        return HostFspComplete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
    Attributes = HostFspAttributes(&Info, Path);
    free(Path);

    switch (Stack->Parameters.QueryFile.FileInformationClass) {
    case FileBasicInformation: {
        PFILE_BASIC_INFORMATION Basic = Buffer;
        Basic->CreationTime.QuadPart = HostFspFileTime(Info.CreationTime);
        Basic->LastAccessTime.QuadPart = HostFspFileTime(Info.AccessTime);
        Basic->LastWriteTime.QuadPart = HostFspFileTime(Info.WriteTime);
        Basic->ChangeTime.QuadPart = HostFspFileTime(Info.ChangeTime);
        Basic->FileAttributes = Attributes;
        return HostFspComplete(Irp, STATUS_SUCCESS, sizeof(*Basic));
    }
    case FileStandardInformation: {
        PFILE_STANDARD_INFORMATION Standard = Buffer;
        BOOLEAN Directory = Info.Type == HostFileDirectory;
        Standard->AllocationSize.QuadPart = Directory ? 0 : (LONGLONG)Id.AllocatedBytes;
        Standard->EndOfFile.QuadPart = Directory ? 0 : (LONGLONG)Info.Size;
        Standard->NumberOfLinks = Id.Links;
        Standard->DeletePending = DeletePending;
        Standard->Directory = Directory;
        return HostFspComplete(Irp, STATUS_SUCCESS, sizeof(*Standard));
    }
    case FileInternalInformation: {
        /* The file's index on volume C: (which spans Linux file systems): the inode, with
           the Linux device folded into the top 16 bits. */
        PFILE_INTERNAL_INFORMATION Internal = Buffer;
        ULONG64 Device = Id.Device ^ (Id.Device >> 16) ^ (Id.Device >> 32) ^ (Id.Device >> 48);
        Internal->IndexNumber.QuadPart =
            (LONGLONG)((Id.Inode & 0x0000FFFFFFFFFFFFULL) | ((Device & 0xFFFF) << 48));
        return HostFspComplete(Irp, STATUS_SUCCESS, sizeof(*Internal));
    }
    case FileEaInformation:
        ((PFILE_EA_INFORMATION)Buffer)->EaSize = 0;
        return HostFspComplete(Irp, STATUS_SUCCESS, sizeof(FILE_EA_INFORMATION));
    case FilePositionInformation:
        /* (An asynchronous file object's: the I/O manager answers for synchronous ones.) */
        ((PFILE_POSITION_INFORMATION)Buffer)->CurrentByteOffset = FileObject->CurrentByteOffset;
        return HostFspComplete(Irp, STATUS_SUCCESS, sizeof(FILE_POSITION_INFORMATION));
    case FileNameInformation: {
        PFILE_NAME_INFORMATION NameInfo = Buffer;
        ULONG Room = Length - FIELD_OFFSET(FILE_NAME_INFORMATION, FileName);
        ULONG Copy, Full;
        /* (A rename on another thread replaces the name under the lock.) */
        ExAcquireFastMutex(&HostFsLock);
        Full = Ccb->Name.Length;
        Copy = Full <= Room ? Full : (Room & ~1u);
        NameInfo->FileNameLength = Full;
        memcpy(NameInfo->FileName, Ccb->Name.Buffer, Copy);
        ExReleaseFastMutex(&HostFsLock);
        return HostFspComplete(Irp, Copy < Full ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS,
                               FIELD_OFFSET(FILE_NAME_INFORMATION, FileName) + Copy);
    }
    case FileNetworkOpenInformation: {
        PFILE_NETWORK_OPEN_INFORMATION Open = Buffer;
        BOOLEAN Directory = Info.Type == HostFileDirectory;
        Open->CreationTime.QuadPart = HostFspFileTime(Info.CreationTime);
        Open->LastAccessTime.QuadPart = HostFspFileTime(Info.AccessTime);
        Open->LastWriteTime.QuadPart = HostFspFileTime(Info.WriteTime);
        Open->ChangeTime.QuadPart = HostFspFileTime(Info.ChangeTime);
        Open->AllocationSize.QuadPart = Directory ? 0 : (LONGLONG)Id.AllocatedBytes;
        Open->EndOfFile.QuadPart = Directory ? 0 : (LONGLONG)Info.Size;
        Open->FileAttributes = Attributes;
        return HostFspComplete(Irp, STATUS_SUCCESS, sizeof(*Open));
    }
    case FileAttributeTagInformation: {
        PFILE_ATTRIBUTE_TAG_INFORMATION Tag = Buffer;
        Tag->FileAttributes = Attributes;
        Tag->ReparseTag = 0;
        return HostFspComplete(Irp, STATUS_SUCCESS, sizeof(*Tag));
    }
    default:
        return HostFspComplete(Irp, STATUS_INVALID_PARAMETER, 0);
    }
}

/* ---- IRP_MJ_SET_INFORMATION ---------------------------------------------------------- */

/* The volume-relative name a rename target stands for: "\??\C:\x" (or \DosDevices\,
   \GLOBAL??\) gives "\x"; other NT names are kept whole. */
static PCWCH HostFspVolumeRelative(PCWCH Name, SIZE_T Chars, SIZE_T *RelativeChars)
{
    static const PCWSTR Prefixes[] = { L"\\??\\C:", L"\\DosDevices\\C:", L"\\GLOBAL??\\C:" };

    for (ULONG i = 0; i < RTL_NUMBER_OF(Prefixes); i++) {
        UNICODE_STRING Want, Head;
        SIZE_T n;
        RtlInitUnicodeString(&Want, Prefixes[i]);
        n = Want.Length / sizeof(WCHAR);
        Head.Buffer = (PWCH)Name;
        Head.Length = Head.MaximumLength = Want.Length;
        if (Chars >= n && RtlEqualUnicodeString(&Head, &Want, TRUE)) {
            *RelativeChars = Chars - n;
            return Name + n;
        }
    }
    *RelativeChars = Chars;
    return Name;
}

static NTSTATUS HostFspRename(PHOSTFS_CCB Ccb, PFILE_RENAME_INFORMATION Rename, ULONG Length)
{
    SIZE_T Chars = Rename->FileNameLength / sizeof(WCHAR), RelChars;
    UNICODE_STRING NewName = { 0, 0, NULL }, Target;
    PCWCH Relative;
    char *From = NULL, *To = NULL;
    NTSTATUS Status;

    if (Rename->FileNameLength == 0 || (Rename->FileNameLength & 1) ||
        FIELD_OFFSET(FILE_RENAME_INFORMATION, FileName) + (SIZE_T)Rename->FileNameLength > Length)
        return STATUS_INVALID_PARAMETER;
    if (Rename->RootDirectory != NULL)
        return STATUS_INVALID_PARAMETER;   /* kmode: names relative to a handle are not supported */

    if (Rename->FileName[0] == L'\\') {
        /* A full NT name. */
        Target.Buffer = Rename->FileName;
        Target.Length = Target.MaximumLength = (USHORT)Rename->FileNameLength;
        Status = KmPathNtToHost(&Target, &To);
        if (!NT_SUCCESS(Status))
            return Status;
        Relative = HostFspVolumeRelative(Rename->FileName, Chars, &RelChars);
        Status = HostFspCopyName(&NewName, Relative, RelChars * sizeof(WCHAR));
    } else {
        /* A new name in the same directory. */
        USHORT Parent = Ccb->Name.Length / sizeof(WCHAR);
        for (SIZE_T i = 0; i < Chars; i++)
            if (Rename->FileName[i] == L'\\')
                return STATUS_OBJECT_NAME_INVALID;
        while (Parent > 0 && Ccb->Name.Buffer[Parent - 1] != L'\\')
            Parent--;
        NewName.Length = (USHORT)(Parent * sizeof(WCHAR) + Rename->FileNameLength);
        NewName.MaximumLength = (USHORT)(NewName.Length + sizeof(WCHAR));
        NewName.Buffer = ExAllocatePoolWithTag(PagedPool, NewName.MaximumLength, HOSTFS_TAG_NAME);
        if (NewName.Buffer == NULL)
            return STATUS_INSUFFICIENT_RESOURCES;
        memcpy(NewName.Buffer, Ccb->Name.Buffer, Parent * sizeof(WCHAR));
        memcpy(NewName.Buffer + Parent, Rename->FileName, Rename->FileNameLength);
        NewName.Buffer[NewName.Length / sizeof(WCHAR)] = L'\0';
        Status = HostFspHostPath(&NewName, &To);
    }
    if (!NT_SUCCESS(Status))
        goto done;

    ExAcquireFastMutex(&HostFsLock);
    From = strdup(Ccb->Fcb->HostPath);
    ExReleaseFastMutex(&HostFsLock);
    if (From == NULL) {
        Status = STATUS_INSUFFICIENT_RESOURCES;
        goto done;
    }
    Status = Rename->ReplaceIfExists ? HostReplaceFile(From, To) : HostRenameFile(From, To);
    if (NT_SUCCESS(Status)) {
        UNICODE_STRING OldName;
        ExAcquireFastMutex(&HostFsLock);
        free(Ccb->Fcb->HostPath);
        Ccb->Fcb->HostPath = To;
        OldName = Ccb->Name;
        Ccb->Name = NewName;
        ExReleaseFastMutex(&HostFsLock);
        To = NULL;
        NewName.Buffer = NULL;
        ExFreePoolWithTag(OldName.Buffer, HOSTFS_TAG_NAME);
    }
done:
    free(From);
    free(To);
    if (NewName.Buffer != NULL)
        ExFreePoolWithTag(NewName.Buffer, HOSTFS_TAG_NAME);
    return Status;
}

static NTSTATUS HostFspSetInformation(PIRP Irp, PIO_STACK_LOCATION Stack)
{
    PFILE_OBJECT FileObject = Stack->FileObject;
    PHOSTFS_CCB Ccb = FileObject->FsContext2;
    PVOID Buffer = Irp->AssociatedIrp.SystemBuffer;
    PHOSTFS_FCB Fcb;
    NTSTATUS Status;

    if (Ccb == NULL || Ccb->Fcb == NULL)
        return HostFspComplete(Irp, STATUS_INVALID_PARAMETER, 0);
    Fcb = Ccb->Fcb;

    switch (Stack->Parameters.SetFile.FileInformationClass) {
    case FileBasicInformation: {
        PFILE_BASIC_INFORMATION Basic = Buffer;
        char *Path;
        /* 0 and -1 leave a time as it is; the creation and change times are the host's. */
        LONG64 Access = Basic->LastAccessTime.QuadPart > 0
                            ? (Basic->LastAccessTime.QuadPart - HOSTFS_EPOCH_DELTA) * 100 : -1;
        LONG64 Written = Basic->LastWriteTime.QuadPart > 0
                             ? (Basic->LastWriteTime.QuadPart - HOSTFS_EPOCH_DELTA) * 100 : -1;
        if ((Basic->FileAttributes & FILE_ATTRIBUTE_DIRECTORY) && !Fcb->Directory)
            return HostFspComplete(Irp, STATUS_INVALID_PARAMETER, 0);
        ExAcquireFastMutex(&HostFsLock);
        Path = strdup(Fcb->HostPath);
        ExReleaseFastMutex(&HostFsLock);
        if (Path == NULL)
            return HostFspComplete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
        Status = STATUS_SUCCESS;
        if (Access != -1 || Written != -1)
            Status = HostSetFileTimes(Path, Access, Written);
        if (NT_SUCCESS(Status) && Basic->FileAttributes != 0 && !Fcb->Directory)
            Status = HostSetFileReadOnly(Path, (Basic->FileAttributes & FILE_ATTRIBUTE_READONLY) != 0);
        free(Path);
        return HostFspComplete(Irp, Status, 0);
    }
    case FileEndOfFileInformation:
    case FileAllocationInformation: {
        LONGLONG Size = Stack->Parameters.SetFile.FileInformationClass == FileEndOfFileInformation
                            ? ((PFILE_END_OF_FILE_INFORMATION)Buffer)->EndOfFile.QuadPart
                            : ((PFILE_ALLOCATION_INFORMATION)Buffer)->AllocationSize.QuadPart;
        HOST_FILE_INFO Info;
        if (Fcb->Directory || Size < 0)
            return HostFspComplete(Irp, STATUS_INVALID_PARAMETER, 0);
        if (!Ccb->DataAccess)
            return HostFspComplete(Irp, STATUS_ACCESS_DENIED, 0);
        ExAcquireFastMutex(&Fcb->SizeLock);
        Status = HostQueryOpenFile(Ccb->Fd, &Info, NULL);
        /* An allocation size only shrinks the file (space is not reserved on Linux). */
        if (NT_SUCCESS(Status) &&
            (Stack->Parameters.SetFile.FileInformationClass == FileEndOfFileInformation ||
             (ULONG64)Size < Info.Size))
            Status = HostSetFileSize(Ccb->Fd, (ULONG64)Size);
        ExReleaseFastMutex(&Fcb->SizeLock);
        return HostFspComplete(Irp, Status, 0);
    }
    case FileDispositionInformation: {
        BOOLEAN Delete = ((PFILE_DISPOSITION_INFORMATION)Buffer)->DeleteFile;
        HOST_FILE_INFO Info;
        char *Path;
        Status = STATUS_SUCCESS;
        if (Delete) {
            Status = HostQueryOpenFile(Ccb->Fd, &Info, NULL);
            if (NT_SUCCESS(Status) && Info.ReadOnly && Info.Type == HostFileRegular)
                Status = STATUS_CANNOT_DELETE;
            if (NT_SUCCESS(Status) && Fcb->Directory) {
                BOOLEAN Entries = FALSE;
                ExAcquireFastMutex(&HostFsLock);
                Path = strdup(Fcb->HostPath);
                ExReleaseFastMutex(&HostFsLock);
                if (Path == NULL)
                    return HostFspComplete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
                Status = HostEnumerateDirectory(Path, HostFspAnyEntry, &Entries);
                free(Path);
                if (NT_SUCCESS(Status) && Entries)
                    Status = STATUS_DIRECTORY_NOT_EMPTY;
            }
        }
        if (NT_SUCCESS(Status)) {
            ExAcquireFastMutex(&HostFsLock);
            Fcb->DeletePending = Delete;
            if (!Delete)
                Ccb->DeleteOnClose = FALSE;
            ExReleaseFastMutex(&HostFsLock);
            if (Delete)
                FileObject->DeletePending = TRUE;
            else
                FileObject->DeletePending = FALSE;
        }
        return HostFspComplete(Irp, Status, 0);
    }
    case FilePositionInformation: {
        LARGE_INTEGER Offset = ((PFILE_POSITION_INFORMATION)Buffer)->CurrentByteOffset;
        if (Offset.QuadPart < 0)
            return HostFspComplete(Irp, STATUS_INVALID_PARAMETER, 0);
        FileObject->CurrentByteOffset = Offset;
        return HostFspComplete(Irp, STATUS_SUCCESS, 0);
    }
    case FileRenameInformation:
        Status = HostFspRename(Ccb, Buffer, Stack->Parameters.SetFile.Length);
        return HostFspComplete(Irp, Status, 0);
    default:
        return HostFspComplete(Irp, STATUS_INVALID_PARAMETER, 0);
    }
}

/* ---- The dispatch routine -------------------------------------------------------------- */

static NTSTATUS NTAPI HostFspDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    PHOSTFS_CCB Ccb;

    UNREFERENCED_PARAMETER(DeviceObject);
    switch (Stack->MajorFunction) {
    case IRP_MJ_CREATE:
        return HostFspCreate(Irp, Stack);
    case IRP_MJ_CLEANUP:
        return HostFspCleanup(Irp, Stack);
    case IRP_MJ_CLOSE:
        return HostFspClose(Irp, Stack);
    case IRP_MJ_READ:
    case IRP_MJ_WRITE:
        return HostFspReadWrite(Irp, Stack);
    case IRP_MJ_QUERY_INFORMATION:
        return HostFspQueryInformation(Irp, Stack);
    case IRP_MJ_SET_INFORMATION:
        return HostFspSetInformation(Irp, Stack);
    case IRP_MJ_FLUSH_BUFFERS:
        Ccb = Stack->FileObject->FsContext2;
        if (Ccb == NULL || Ccb->Fcb == NULL || Ccb->Fcb->Directory || !Ccb->DataAccess)
            return HostFspComplete(Irp, STATUS_SUCCESS, 0);
        return HostFspComplete(Irp, HostFlushFile(Ccb->Fd), 0);
    default:
        return HostFspComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

static NTSTATUS NTAPI HostFspDriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(HOSTFS_DEVICE_NAME);
    UNICODE_STRING Drive = RTL_CONSTANT_STRING(L"\\GLOBAL??\\C:");
    UNICODE_STRING SystemRoot = RTL_CONSTANT_STRING(L"\\SystemRoot");
    UNICODE_STRING Windows = RTL_CONSTANT_STRING(HOSTFS_DEVICE_NAME L"\\Windows");
    PDEVICE_OBJECT Device;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(RegistryPath);
    ExInitializeFastMutex(&HostFsLock);
    InitializeListHead(&HostFsFcbs);
    Status = IoCreateDevice(DriverObject, 0, &Name, FILE_DEVICE_DISK_FILE_SYSTEM, 0, FALSE, &Device);
    if (!NT_SUCCESS(Status))
        return Status;
    Device->Flags |= DO_DIRECT_IO;
    Status = IoCreateSymbolicLink(&Drive, &Name);
    if (NT_SUCCESS(Status))
        Status = IoCreateSymbolicLink(&SystemRoot, &Windows);
    if (!NT_SUCCESS(Status))
        return Status;
    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = HostFspDispatch;
    HostFsVolume = Device;
    return STATUS_SUCCESS;
}

static void HostFspInitialize(void)
{
    UNICODE_STRING Directory = RTL_CONSTANT_STRING(L"\\FileSystem");
    UNICODE_STRING Driver = RTL_CONSTANT_STRING(L"\\FileSystem\\HostFs");
    OBJECT_ATTRIBUTES Attributes;
    PDRIVER_OBJECT DriverObject;
    HANDLE Handle;
    NTSTATUS Status;

    /* \FileSystem holds the file system drivers, as on Windows. */
    InitializeObjectAttributes(&Attributes, &Directory,
                               OBJ_PERMANENT | OBJ_OPENIF | OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               NULL, NULL);
    Status = ZwCreateDirectoryObject(&Handle, DIRECTORY_ALL_ACCESS, &Attributes);
    if (NT_SUCCESS(Status)) {
        ZwClose(Handle);
        Status = IopCreateDriver(&Driver, HostFspDriverEntry, NULL, NULL, 0, NULL, &DriverObject);
    }
    if (!NT_SUCCESS(Status))
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, (ULONG_PTR)Status, 0x4653, 0, 0);
}

/* Drives C: exists before main, for apps and for drivers' ZwCreateFile alike. */
__attribute__((constructor)) static void HostFspInitializeAtLoad(void)
{
    FsInitializeHostFs();
}

/* PUBLIC FUNCTIONS (internal) ***********************************************************/

VOID FsInitializeHostFs(VOID)
{
    pthread_once(&HostFsOnce, HostFspInitialize);
}

PDEVICE_OBJECT FsHostFsVolume(VOID)
{
    FsInitializeHostFs();
    return HostFsVolume;
}
