/*
 * PURPOSE: The host file system driver seen from a driver (driver mode: WDK headers only):
 * ZwCreateFile on \??\C:\... names in a scratch directory - every disposition with its
 * status and Information, directories, names relative to a directory handle, sharing,
 * delete-pending - ZwReadFile / ZwWriteFile on synchronous and asynchronous file objects,
 * the information classes it answers and sets (sizes, dispositions, renames, times,
 * attributes, names), ZwFlushBuffersFile, \SystemRoot, and a filter attached above the
 * volume that sees the file system's IRPs.
 */
#include <ntifs.h>
#include "fs_harness.h"
#include "ktest.h"

static WCHAR FsScratch[64];
static char FsLinux[64];

#define SYNC FILE_SYNCHRONOUS_IO_NONALERT

static BOOLEAN FsBegin(KTEST *t)
{
    if (!FsTestMakeScratch(FsScratch, RTL_NUMBER_OF(FsScratch), FsLinux, sizeof(FsLinux))) {
        KT_FAIL(t, "no scratch directory");
        return FALSE;
    }
    return TRUE;
}

/* Opens <scratch>\Name (Name NULL: the scratch directory) with a kernel handle. */
static NTSTATUS FsOpen(PCWSTR Name, ACCESS_MASK Access, ULONG Share, ULONG Disposition,
                       ULONG Options, PHANDLE Handle, PIO_STATUS_BLOCK IoStatus)
{
    WCHAR Buffer[160];
    UNICODE_STRING Path = { 0, sizeof(Buffer), Buffer };
    OBJECT_ATTRIBUTES Attributes;

    RtlAppendUnicodeToString(&Path, FsScratch);
    if (Name != NULL) {
        RtlAppendUnicodeToString(&Path, L"\\");
        RtlAppendUnicodeToString(&Path, Name);
    }
    InitializeObjectAttributes(&Attributes, &Path, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    *Handle = NULL;
    return ZwCreateFile(Handle, Access | SYNCHRONIZE, &Attributes, IoStatus, NULL,
                        FILE_ATTRIBUTE_NORMAL, Share, Disposition, Options, NULL, 0);
}

static NTSTATUS FsOpenSimple(PCWSTR Name, ULONG Disposition, PHANDLE Handle)
{
    IO_STATUS_BLOCK IoStatus;
    return FsOpen(Name, GENERIC_READ | GENERIC_WRITE | DELETE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                  Disposition, SYNC | FILE_NON_DIRECTORY_FILE, Handle, &IoStatus);
}

static NTSTATUS FsWrite(HANDLE Handle, const char *Text, ULONG Length, PLARGE_INTEGER Offset)
{
    IO_STATUS_BLOCK IoStatus;
    return ZwWriteFile(Handle, NULL, NULL, NULL, &IoStatus, (PVOID)Text, Length, Offset, NULL);
}

static LONGLONG FsSize(HANDLE Handle)
{
    FILE_STANDARD_INFORMATION Standard;
    IO_STATUS_BLOCK IoStatus;
    if (!NT_SUCCESS(ZwQueryInformationFile(Handle, &IoStatus, &Standard, sizeof(Standard),
                                           FileStandardInformation)))
        return -1;
    return Standard.EndOfFile.QuadPart;
}

/* ---- Dispositions --------------------------------------------------------------------- */

static void fs_hostfs_test_dispositions(KTEST *t)
{
    static const struct {
        ULONG Disposition;
        NTSTATUS Missing;           /* status on a missing file */
        ULONG_PTR MissingInfo;
        NTSTATUS Existing;          /* status on an existing one */
        ULONG_PTR ExistingInfo;
    } Cases[] = {
        { FILE_SUPERSEDE, STATUS_SUCCESS, FILE_CREATED, STATUS_SUCCESS, FILE_SUPERSEDED },
        { FILE_OPEN, STATUS_OBJECT_NAME_NOT_FOUND, 0, STATUS_SUCCESS, FILE_OPENED },
        { FILE_CREATE, STATUS_SUCCESS, FILE_CREATED, STATUS_OBJECT_NAME_COLLISION, 0 },
        { FILE_OPEN_IF, STATUS_SUCCESS, FILE_CREATED, STATUS_SUCCESS, FILE_OPENED },
        { FILE_OVERWRITE, STATUS_OBJECT_NAME_NOT_FOUND, 0, STATUS_SUCCESS, FILE_OVERWRITTEN },
        { FILE_OVERWRITE_IF, STATUS_SUCCESS, FILE_CREATED, STATUS_SUCCESS, FILE_OVERWRITTEN },
    };
    IO_STATUS_BLOCK IoStatus;
    HANDLE h;

    if (!FsBegin(t))
        return;
    for (ULONG i = 0; i < RTL_NUMBER_OF(Cases); i++) {
        BOOLEAN Overwrites = Cases[i].ExistingInfo == FILE_OVERWRITTEN ||
                             Cases[i].ExistingInfo == FILE_SUPERSEDED;
        FsTestWriteFile(FsLinux, "x.txt", "content");
        /* Existing. */
        IoStatus.Information = 0x5555;
        KT_EXPECT_EQ(t, FsOpen(L"x.txt", GENERIC_WRITE, 0, Cases[i].Disposition, SYNC, &h, &IoStatus),
                     Cases[i].Existing);
        if (NT_SUCCESS(Cases[i].Existing)) {
            KT_EXPECT_EQ(t, IoStatus.Status, STATUS_SUCCESS);
            KT_EXPECT_EQ(t, IoStatus.Information, Cases[i].ExistingInfo);
            KT_EXPECT_EQ(t, FsSize(h), Overwrites ? 0 : 7);
            ZwClose(h);
        }
        /* Missing (a fresh scratch directory). */
        FsTestRemoveScratch(FsLinux);
        if (!FsBegin(t))
            return;
        IoStatus.Information = 0x5555;
        KT_EXPECT_EQ(t, FsOpen(L"x.txt", GENERIC_WRITE, 0, Cases[i].Disposition, SYNC, &h, &IoStatus),
                     Cases[i].Missing);
        if (NT_SUCCESS(Cases[i].Missing)) {
            KT_EXPECT_EQ(t, IoStatus.Information, Cases[i].MissingInfo);
            KT_EXPECT_TRUE(t, FsTestExists(FsLinux, "x.txt"));
            ZwClose(h);
        } else {
            KT_EXPECT_FALSE(t, FsTestExists(FsLinux, "x.txt"));
        }
    }
    /* A missing directory on the way. */
    KT_EXPECT_EQ(t, FsOpen(L"none\\x.txt", GENERIC_READ, 0, FILE_OPEN_IF, SYNC, &h, &IoStatus),
                 STATUS_OBJECT_PATH_NOT_FOUND);
    KT_EXPECT_EQ(t, FsOpen(L"bad<name", GENERIC_READ, 0, FILE_CREATE, SYNC, &h, &IoStatus),
                 STATUS_OBJECT_NAME_INVALID);
    FsTestRemoveScratch(FsLinux);
}

/* ---- Directories and relative names --------------------------------------------------- */

static void fs_hostfs_test_directories_and_relative_names(KTEST *t)
{
    IO_STATUS_BLOCK IoStatus;
    FILE_STANDARD_INFORMATION Standard;
    FILE_BASIC_INFORMATION Basic;
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Child = RTL_CONSTANT_STRING(L"child.txt");
    HANDLE dir, h;

    if (!FsBegin(t))
        return;
    KT_EXPECT_EQ(t, FsOpen(L"sub", FILE_LIST_DIRECTORY, FILE_SHARE_READ, FILE_CREATE, SYNC | FILE_DIRECTORY_FILE,
                           &dir, &IoStatus), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, IoStatus.Information, FILE_CREATED);
    KT_EXPECT_TRUE(t, FsTestIsDirectory(FsLinux, "sub"));
    KT_EXPECT_EQ(t, ZwQueryInformationFile(dir, &IoStatus, &Standard, sizeof(Standard), FileStandardInformation),
                 STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, Standard.Directory);
    KT_EXPECT_EQ(t, ZwQueryInformationFile(dir, &IoStatus, &Basic, sizeof(Basic), FileBasicInformation),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Basic.FileAttributes & FILE_ATTRIBUTE_DIRECTORY, FILE_ATTRIBUTE_DIRECTORY);

    /* A name relative to the directory's handle. */
    InitializeObjectAttributes(&Attributes, &Child, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, dir, NULL);
    KT_EXPECT_EQ(t, ZwCreateFile(&h, GENERIC_WRITE | SYNCHRONIZE, &Attributes, &IoStatus, NULL, 0, 0,
                                 FILE_CREATE, SYNC | FILE_NON_DIRECTORY_FILE, NULL, 0),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, IoStatus.Information, FILE_CREATED);
    ZwClose(h);
    KT_EXPECT_TRUE(t, FsTestExists(FsLinux, "sub/child.txt"));
    ZwClose(dir);

    /* Kind mismatches. */
    KT_EXPECT_EQ(t, FsOpen(L"sub", GENERIC_READ, 0, FILE_OPEN, SYNC | FILE_NON_DIRECTORY_FILE, &h, &IoStatus),
                 STATUS_FILE_IS_A_DIRECTORY);
    KT_EXPECT_EQ(t, FsOpen(L"sub\\child.txt", GENERIC_READ, 0, FILE_OPEN, SYNC | FILE_DIRECTORY_FILE, &h, &IoStatus),
                 STATUS_NOT_A_DIRECTORY);
    KT_EXPECT_EQ(t, FsOpen(L"sub\\child.txt\\", GENERIC_READ, 0, FILE_OPEN, SYNC, &h, &IoStatus),
                 STATUS_OBJECT_NAME_INVALID);
    KT_EXPECT_EQ(t, FsOpen(L"sub", FILE_LIST_DIRECTORY, FILE_SHARE_READ, FILE_CREATE, SYNC | FILE_DIRECTORY_FILE,
                           &h, &IoStatus), STATUS_OBJECT_NAME_COLLISION);
    /* The scratch directory itself, with a trailing separator. */
    KT_EXPECT_EQ(t, FsOpen(L"", FILE_LIST_DIRECTORY, FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OPEN,
                           SYNC | FILE_DIRECTORY_FILE, &h, &IoStatus), STATUS_SUCCESS);
    ZwClose(h);
    FsTestRemoveScratch(FsLinux);
}

/* ---- Reads and writes ----------------------------------------------------------------- */

static void fs_hostfs_test_read_write(KTEST *t)
{
    IO_STATUS_BLOCK IoStatus;
    FILE_POSITION_INFORMATION Position;
    LARGE_INTEGER Offset;
    char Buffer[16];
    HANDLE h, async;
    KEVENT Event;

    if (!FsBegin(t))
        return;
    KT_ASSERT_EQ(t, FsOpenSimple(L"data.bin", FILE_CREATE, &h), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, FsWrite(h, "abcdef", 6, NULL), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, ZwQueryInformationFile(h, &IoStatus, &Position, sizeof(Position), FilePositionInformation),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Position.CurrentByteOffset.QuadPart, 6);
    /* Writing at the end of the file moves a synchronous file's position past it. */
    Offset.HighPart = -1;
    Offset.LowPart = FILE_WRITE_TO_END_OF_FILE;
    KT_EXPECT_EQ(t, FsWrite(h, "gh", 2, &Offset), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, ZwQueryInformationFile(h, &IoStatus, &Position, sizeof(Position), FilePositionInformation),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Position.CurrentByteOffset.QuadPart, 8);
    Offset.QuadPart = 2;
    RtlZeroMemory(Buffer, sizeof(Buffer));
    KT_EXPECT_EQ(t, ZwReadFile(h, NULL, NULL, NULL, &IoStatus, Buffer, sizeof(Buffer), &Offset, NULL),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, IoStatus.Information, 6);
    KT_EXPECT_TRUE(t, RtlCompareMemory(Buffer, "cdefgh", 6) == 6);
    /* At and beyond the end: STATUS_END_OF_FILE. */
    KT_EXPECT_EQ(t, ZwReadFile(h, NULL, NULL, NULL, &IoStatus, Buffer, sizeof(Buffer), NULL, NULL),
                 STATUS_END_OF_FILE);
    KT_EXPECT_EQ(t, IoStatus.Information, 0);
    Offset.QuadPart = 100;
    KT_EXPECT_EQ(t, ZwReadFile(h, NULL, NULL, NULL, &IoStatus, Buffer, sizeof(Buffer), &Offset, NULL),
                 STATUS_END_OF_FILE);
    /* A zero-length read is a success. */
    KT_EXPECT_EQ(t, ZwReadFile(h, NULL, NULL, NULL, &IoStatus, Buffer, 0, &Offset, NULL), STATUS_SUCCESS);
    ZwClose(h);
    KT_EXPECT_EQ(t, FsTestSize(FsLinux, "data.bin"), 8);

    /* An asynchronous file object: explicit offsets, the event is signaled. */
    KT_ASSERT_EQ(t, FsOpen(L"data.bin", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, FILE_OPEN, 0, &async, &IoStatus),
                 STATUS_SUCCESS);
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Offset.QuadPart = 20;
    KT_EXPECT_EQ(t, FsWrite(async, "Z", 1, &Offset), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, FsSize(async), 21);
    KT_EXPECT_EQ(t, ZwWriteFile(async, NULL, NULL, NULL, &IoStatus, "Z", 1, NULL, NULL), STATUS_INVALID_PARAMETER);
    /* Its position is the file system's to keep. */
    Position.CurrentByteOffset.QuadPart = 5;
    KT_EXPECT_EQ(t, ZwSetInformationFile(async, &IoStatus, &Position, sizeof(Position), FilePositionInformation),
                 STATUS_SUCCESS);
    Position.CurrentByteOffset.QuadPart = 0;
    KT_EXPECT_EQ(t, ZwQueryInformationFile(async, &IoStatus, &Position, sizeof(Position), FilePositionInformation),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Position.CurrentByteOffset.QuadPart, 5);
    KT_EXPECT_EQ(t, ZwFlushBuffersFile(async, &IoStatus), STATUS_SUCCESS);
    ZwClose(async);
    FsTestRemoveScratch(FsLinux);
}

/* ---- Sharing and deletion ------------------------------------------------------------- */

static void fs_hostfs_test_sharing_and_delete(KTEST *t)
{
    IO_STATUS_BLOCK IoStatus;
    FILE_DISPOSITION_INFORMATION Disposition;
    FILE_STANDARD_INFORMATION Standard;
    HANDLE a, b, d;

    if (!FsBegin(t))
        return;
    KT_ASSERT_EQ(t, FsOpen(L"s.txt", GENERIC_READ, FILE_SHARE_READ, FILE_CREATE, SYNC, &a, &IoStatus),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, FsOpen(L"s.txt", GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OPEN, SYNC, &b, &IoStatus),
                 STATUS_SHARING_VIOLATION);
    KT_EXPECT_EQ(t, FsOpen(L"s.txt", GENERIC_READ, FILE_SHARE_READ, FILE_OPEN, SYNC, &b, &IoStatus), STATUS_SUCCESS);
    /* Delete access needs FILE_SHARE_DELETE from both. */
    KT_EXPECT_EQ(t, FsOpen(L"s.txt", DELETE, FILE_SHARE_READ | FILE_SHARE_DELETE, FILE_OPEN, SYNC, &d, &IoStatus),
                 STATUS_SHARING_VIOLATION);
    ZwClose(a);
    ZwClose(b);

    /* FileDispositionInformation: the name stays until the last handle goes; new opens see
       STATUS_DELETE_PENDING. */
    KT_ASSERT_EQ(t, FsOpenSimple(L"s.txt", FILE_OPEN, &d), STATUS_SUCCESS);
    KT_ASSERT_EQ(t, FsOpenSimple(L"s.txt", FILE_OPEN, &a), STATUS_SUCCESS);
    Disposition.DeleteFile = TRUE;
    KT_EXPECT_EQ(t, ZwSetInformationFile(d, &IoStatus, &Disposition, sizeof(Disposition), FileDispositionInformation),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, ZwQueryInformationFile(a, &IoStatus, &Standard, sizeof(Standard), FileStandardInformation),
                 STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, Standard.DeletePending);
    KT_EXPECT_EQ(t, FsOpenSimple(L"s.txt", FILE_OPEN, &b), STATUS_DELETE_PENDING);
    ZwClose(d);
    KT_EXPECT_TRUE(t, FsTestExists(FsLinux, "s.txt"));
    ZwClose(a);
    KT_EXPECT_FALSE(t, FsTestExists(FsLinux, "s.txt"));
    /* The name is free again. */
    KT_EXPECT_EQ(t, FsOpenSimple(L"s.txt", FILE_CREATE, &a), STATUS_SUCCESS);

    /* Undelete. */
    Disposition.DeleteFile = TRUE;
    KT_EXPECT_EQ(t, ZwSetInformationFile(a, &IoStatus, &Disposition, sizeof(Disposition), FileDispositionInformation),
                 STATUS_SUCCESS);
    Disposition.DeleteFile = FALSE;
    KT_EXPECT_EQ(t, ZwSetInformationFile(a, &IoStatus, &Disposition, sizeof(Disposition), FileDispositionInformation),
                 STATUS_SUCCESS);
    ZwClose(a);
    KT_EXPECT_TRUE(t, FsTestExists(FsLinux, "s.txt"));

    /* A directory with entries cannot be deleted; FILE_DELETE_ON_CLOSE deletes an empty one. */
    KT_ASSERT_EQ(t, FsOpen(L"d", DELETE, 0, FILE_CREATE, SYNC | FILE_DIRECTORY_FILE, &d, &IoStatus), STATUS_SUCCESS);
    ZwClose(d);
    FsTestWriteFile(FsLinux, "d/f", "x");
    KT_ASSERT_EQ(t, FsOpen(L"d", DELETE, 0, FILE_OPEN, SYNC | FILE_DIRECTORY_FILE, &d, &IoStatus), STATUS_SUCCESS);
    Disposition.DeleteFile = TRUE;
    KT_EXPECT_EQ(t, ZwSetInformationFile(d, &IoStatus, &Disposition, sizeof(Disposition), FileDispositionInformation),
                 STATUS_DIRECTORY_NOT_EMPTY);
    ZwClose(d);
    KT_ASSERT_EQ(t, FsOpen(L"e", DELETE, 0, FILE_CREATE, SYNC | FILE_DIRECTORY_FILE | FILE_DELETE_ON_CLOSE, &d,
                           &IoStatus), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, FsTestIsDirectory(FsLinux, "e"));
    ZwClose(d);
    KT_EXPECT_FALSE(t, FsTestExists(FsLinux, "e"));
    FsTestRemoveScratch(FsLinux);
}

/* ---- Information ---------------------------------------------------------------------- */

static void fs_hostfs_test_information(KTEST *t)
{
    IO_STATUS_BLOCK IoStatus;
    FILE_BASIC_INFORMATION Basic;
    FILE_NETWORK_OPEN_INFORMATION Open;
    FILE_ATTRIBUTE_TAG_INFORMATION Tag;
    FILE_INTERNAL_INFORMATION Id1, Id2;
    FILE_END_OF_FILE_INFORMATION End;
    UCHAR NameBuffer[512];
    PFILE_NAME_INFORMATION Name = (PFILE_NAME_INFORMATION)NameBuffer;
    HANDLE h, h2;
    NTSTATUS Status;

    if (!FsBegin(t))
        return;
    KT_ASSERT_EQ(t, FsOpenSimple(L"Info.txt", FILE_CREATE, &h), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, FsWrite(h, "12345", 5, NULL), STATUS_SUCCESS);
    KT_ASSERT_EQ(t, FsOpenSimple(L"INFO.TXT", FILE_OPEN, &h2), STATUS_SUCCESS);

    KT_EXPECT_EQ(t, ZwQueryInformationFile(h, &IoStatus, &Basic, sizeof(Basic), FileBasicInformation), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, IoStatus.Information, sizeof(Basic));
    KT_EXPECT_EQ(t, Basic.FileAttributes, FILE_ATTRIBUTE_ARCHIVE);
    KT_EXPECT_TRUE(t, Basic.LastWriteTime.QuadPart > 116444736000000000LL);
    KT_EXPECT_EQ(t, ZwQueryInformationFile(h, &IoStatus, &Open, sizeof(Open), FileNetworkOpenInformation),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Open.EndOfFile.QuadPart, 5);
    KT_EXPECT_EQ(t, Open.FileAttributes, FILE_ATTRIBUTE_ARCHIVE);
    KT_EXPECT_EQ(t, Open.LastWriteTime.QuadPart, Basic.LastWriteTime.QuadPart);
    KT_EXPECT_EQ(t, ZwQueryInformationFile(h, &IoStatus, &Tag, sizeof(Tag), FileAttributeTagInformation),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Tag.FileAttributes, FILE_ATTRIBUTE_ARCHIVE);
    KT_EXPECT_EQ(t, Tag.ReparseTag, 0);
    /* Two opens of one file (two spellings): one index. */
    KT_EXPECT_EQ(t, ZwQueryInformationFile(h, &IoStatus, &Id1, sizeof(Id1), FileInternalInformation), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, ZwQueryInformationFile(h2, &IoStatus, &Id2, sizeof(Id2), FileInternalInformation), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Id1.IndexNumber.QuadPart, Id2.IndexNumber.QuadPart);
    /* The name, volume-relative, as it was opened. */
    Status = ZwQueryInformationFile(h, &IoStatus, Name, sizeof(NameBuffer), FileNameInformation);
    KT_EXPECT_EQ(t, Status, STATUS_SUCCESS);
    {
        UNICODE_STRING Got = { (USHORT)Name->FileNameLength, (USHORT)Name->FileNameLength, Name->FileName };
        UNICODE_STRING Want;
        RtlInitUnicodeString(&Want, FsScratch + 6);    /* past "\??\C:" */
        KT_EXPECT_TRUE(t, RtlPrefixUnicodeString(&Want, &Got, FALSE));
        KT_EXPECT_EQ(t, Name->FileNameLength, Want.Length + sizeof(L"\\Info.txt") - sizeof(WCHAR));
    }
    /* Too small: the start of the name and STATUS_BUFFER_OVERFLOW. */
    KT_EXPECT_EQ(t, ZwQueryInformationFile(h, &IoStatus, Name, 12, FileNameInformation), STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_EQ(t, IoStatus.Information, 12);
    KT_EXPECT_EQ(t, Name->FileName[0], L'\\');

    /* Sizes. */
    End.EndOfFile.QuadPart = 3;
    KT_EXPECT_EQ(t, ZwSetInformationFile(h, &IoStatus, &End, sizeof(End), FileEndOfFileInformation), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, FsTestSize(FsLinux, "Info.txt"), 3);
    End.EndOfFile.QuadPart = 4096;
    KT_EXPECT_EQ(t, ZwSetInformationFile(h, &IoStatus, &End, sizeof(End), FileEndOfFileInformation), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, FsSize(h2), 4096);

    /* Times and the read-only attribute. */
    RtlZeroMemory(&Basic, sizeof(Basic));
    Basic.LastWriteTime.QuadPart = 132000000000000000LL;   /* 2019-04-13 */
    KT_EXPECT_EQ(t, ZwSetInformationFile(h, &IoStatus, &Basic, sizeof(Basic), FileBasicInformation), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, ZwQueryInformationFile(h2, &IoStatus, &Basic, sizeof(Basic), FileBasicInformation), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Basic.LastWriteTime.QuadPart, 132000000000000000LL);
    RtlZeroMemory(&Basic, sizeof(Basic));
    Basic.FileAttributes = FILE_ATTRIBUTE_READONLY;
    KT_EXPECT_EQ(t, ZwSetInformationFile(h, &IoStatus, &Basic, sizeof(Basic), FileBasicInformation), STATUS_SUCCESS);
    KT_EXPECT_FALSE(t, FsTestWritable(FsLinux, "Info.txt"));
    ZwClose(h);
    ZwClose(h2);
    KT_EXPECT_EQ(t, FsOpen(L"Info.txt", GENERIC_WRITE, 0, FILE_OPEN, SYNC, &h, &IoStatus), STATUS_ACCESS_DENIED);
    KT_EXPECT_EQ(t, FsOpen(L"Info.txt", GENERIC_READ | DELETE, 0, FILE_OPEN, SYNC | FILE_DELETE_ON_CLOSE, &h,
                           &IoStatus), STATUS_CANNOT_DELETE);
    KT_ASSERT_EQ(t, FsOpen(L"Info.txt", FILE_WRITE_ATTRIBUTES | DELETE, 0, FILE_OPEN, SYNC, &h, &IoStatus),
                 STATUS_SUCCESS);
    {
        FILE_DISPOSITION_INFORMATION Disposition = { TRUE };
        KT_EXPECT_EQ(t, ZwSetInformationFile(h, &IoStatus, &Disposition, sizeof(Disposition),
                                             FileDispositionInformation), STATUS_CANNOT_DELETE);
    }
    Basic.FileAttributes = FILE_ATTRIBUTE_NORMAL;
    KT_EXPECT_EQ(t, ZwSetInformationFile(h, &IoStatus, &Basic, sizeof(Basic), FileBasicInformation), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, FsTestWritable(FsLinux, "Info.txt"));
    ZwClose(h);
    FsTestRemoveScratch(FsLinux);
}

static void fs_hostfs_test_rename(KTEST *t)
{
    IO_STATUS_BLOCK IoStatus;
    UCHAR Buffer[sizeof(FILE_RENAME_INFORMATION) + 256];
    PFILE_RENAME_INFORMATION Rename = (PFILE_RENAME_INFORMATION)Buffer;
    UCHAR NameBuffer[512];
    PFILE_NAME_INFORMATION Name = (PFILE_NAME_INFORMATION)NameBuffer;
    UNICODE_STRING Full = { 0, 200, (PWCH)Rename->FileName };
    HANDLE h;

    if (!FsBegin(t))
        return;
    FsTestWriteFile(FsLinux, "old.txt", "old");
    FsTestWriteFile(FsLinux, "taken.txt", "taken");
    KT_ASSERT_EQ(t, FsOpenSimple(L"old.txt", FILE_OPEN, &h), STATUS_SUCCESS);

    /* A new name in the same directory. */
    RtlZeroMemory(Buffer, sizeof(Buffer));
    RtlCopyMemory(Rename->FileName, L"new.txt", 14);
    Rename->FileNameLength = 14;
    KT_EXPECT_EQ(t, ZwSetInformationFile(h, &IoStatus, Rename, sizeof(Buffer), FileRenameInformation),
                 STATUS_SUCCESS);
    KT_EXPECT_FALSE(t, FsTestExists(FsLinux, "old.txt"));
    KT_EXPECT_TRUE(t, FsTestExists(FsLinux, "new.txt"));
    KT_EXPECT_EQ(t, ZwQueryInformationFile(h, &IoStatus, Name, sizeof(NameBuffer), FileNameInformation),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Name->FileName[Name->FileNameLength / sizeof(WCHAR) - 5], L'w');   /* ...new.txt */

    /* An existing target: refused, unless ReplaceIfExists. */
    RtlCopyMemory(Rename->FileName, L"taken.txt", 18);
    Rename->FileNameLength = 18;
    KT_EXPECT_EQ(t, ZwSetInformationFile(h, &IoStatus, Rename, sizeof(Buffer), FileRenameInformation),
                 STATUS_OBJECT_NAME_COLLISION);
    Rename->ReplaceIfExists = TRUE;
    KT_EXPECT_EQ(t, ZwSetInformationFile(h, &IoStatus, Rename, sizeof(Buffer), FileRenameInformation),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, FsTestSize(FsLinux, "taken.txt"), 3);
    KT_EXPECT_FALSE(t, FsTestExists(FsLinux, "new.txt"));

    /* A full NT name, into a subdirectory. */
    {
        HANDLE dir;
        KT_EXPECT_EQ(t, FsOpen(L"sub", FILE_LIST_DIRECTORY, 0, FILE_CREATE, SYNC | FILE_DIRECTORY_FILE, &dir,
                               &IoStatus), STATUS_SUCCESS);
        ZwClose(dir);
    }
    RtlAppendUnicodeToString(&Full, FsScratch);
    RtlAppendUnicodeToString(&Full, L"\\sub\\moved.txt");
    Rename->FileNameLength = Full.Length;
    Rename->ReplaceIfExists = FALSE;
    KT_EXPECT_EQ(t, ZwSetInformationFile(h, &IoStatus, Rename, sizeof(Buffer), FileRenameInformation),
                 STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, FsTestExists(FsLinux, "sub/moved.txt"));
    /* Names with separators relative to the directory are not new names. */
    RtlCopyMemory(Rename->FileName, L"a\\b", 6);
    Rename->FileNameLength = 6;
    KT_EXPECT_EQ(t, ZwSetInformationFile(h, &IoStatus, Rename, sizeof(Buffer), FileRenameInformation),
                 STATUS_OBJECT_NAME_INVALID);
    ZwClose(h);
    FsTestRemoveScratch(FsLinux);
}

/* ---- \SystemRoot, the volume ---------------------------------------------------------- */

static void fs_hostfs_test_system_root_and_volume(KTEST *t)
{
    UNICODE_STRING SystemRoot = RTL_CONSTANT_STRING(L"\\SystemRoot\\System32");
    UNICODE_STRING Volume = RTL_CONSTANT_STRING(L"\\??\\C:");
    OBJECT_ATTRIBUTES Attributes;
    IO_STATUS_BLOCK IoStatus;
    FILE_STANDARD_INFORMATION Standard;
    PFILE_OBJECT FileObject;
    HANDLE h;

    InitializeObjectAttributes(&Attributes, &SystemRoot, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    KT_EXPECT_EQ(t, ZwCreateFile(&h, FILE_LIST_DIRECTORY | SYNCHRONIZE, &Attributes, &IoStatus, NULL, 0,
                                 FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OPEN, SYNC | FILE_DIRECTORY_FILE, NULL, 0),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, ZwQueryInformationFile(h, &IoStatus, &Standard, sizeof(Standard), FileStandardInformation),
                 STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, Standard.Directory);
    KT_EXPECT_EQ(t, ObReferenceObjectByHandle(h, 0, *IoFileObjectType, KernelMode, (PVOID *)&FileObject, NULL),
                 STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, FileObject->DeviceObject, FsTestHostFsVolume());
    KT_EXPECT_EQ(t, FileObject->DeviceObject->DeviceType, FILE_DEVICE_DISK_FILE_SYSTEM);
    ObDereferenceObject(FileObject);
    ZwClose(h);

    /* \??\C: itself is the volume: it opens, but has no file. */
    InitializeObjectAttributes(&Attributes, &Volume, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    KT_EXPECT_EQ(t, ZwCreateFile(&h, GENERIC_READ | SYNCHRONIZE, &Attributes, &IoStatus, NULL, 0,
                                 FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OPEN, SYNC, NULL, 0),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, ZwQueryInformationFile(h, &IoStatus, &Standard, sizeof(Standard), FileStandardInformation),
                 STATUS_INVALID_PARAMETER);
    ZwClose(h);
}

/* ---- A filter above the volume sees the file system's IRPs ----------------------------- */

static PDEVICE_OBJECT FsFilterLower;
static LONG FsFilterSeen[IRP_MJ_MAXIMUM_FUNCTION + 1];

static NTSTATUS NTAPI FsFilterPass(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    InterlockedIncrement(&FsFilterSeen[IoGetCurrentIrpStackLocation(Irp)->MajorFunction]);
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(FsFilterLower, Irp);
}

static NTSTATUS NTAPI FsFilterEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = FsFilterPass;
    return STATUS_SUCCESS;
}

static void fs_hostfs_test_filter_sees_irps(KTEST *t)
{
    PDRIVER_OBJECT Driver;
    PDEVICE_OBJECT Filter;
    IO_STATUS_BLOCK IoStatus;
    char Buffer[4];
    HANDLE h;

    if (!FsBegin(t))
        return;
    KT_ASSERT_EQ(t, FsTestLoadDriver(L"FsTestFilter", FsFilterEntry, &Driver), STATUS_SUCCESS);
    KT_ASSERT_EQ(t, IoCreateDevice(Driver, 0, NULL, FILE_DEVICE_DISK_FILE_SYSTEM, 0, FALSE, &Filter),
                 STATUS_SUCCESS);
    Filter->Flags |= DO_DIRECT_IO;
    FsFilterLower = IoAttachDeviceToDeviceStack(Filter, FsTestHostFsVolume());
    KT_ASSERT_TRUE(t, FsFilterLower != NULL);
    Filter->Flags &= ~DO_DEVICE_INITIALIZING;
    RtlZeroMemory(FsFilterSeen, sizeof(FsFilterSeen));

    FsTestWriteFile(FsLinux, "f.txt", "abc");
    KT_EXPECT_EQ(t, FsOpen(L"f.txt", GENERIC_READ, 0, FILE_OPEN, SYNC, &h, &IoStatus), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, ZwReadFile(h, NULL, NULL, NULL, &IoStatus, Buffer, sizeof(Buffer), NULL, NULL), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, IoStatus.Information, 3);
    ZwClose(h);
    KT_EXPECT_EQ(t, FsFilterSeen[IRP_MJ_CREATE], 1);
    KT_EXPECT_EQ(t, FsFilterSeen[IRP_MJ_READ], 1);
    KT_EXPECT_EQ(t, FsFilterSeen[IRP_MJ_CLEANUP], 1);
    KT_EXPECT_EQ(t, FsFilterSeen[IRP_MJ_CLOSE], 1);

    IoDetachDevice(FsFilterLower);
    IoDeleteDevice(Filter);
    FsTestRemoveScratch(FsLinux);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(fs_hostfs_test_dispositions),
    KTEST_CASE_ENTRY(fs_hostfs_test_directories_and_relative_names),
    KTEST_CASE_ENTRY(fs_hostfs_test_read_write),
    KTEST_CASE_ENTRY(fs_hostfs_test_sharing_and_delete),
    KTEST_CASE_ENTRY(fs_hostfs_test_information),
    KTEST_CASE_ENTRY(fs_hostfs_test_rename),
    KTEST_CASE_ENTRY(fs_hostfs_test_system_root_and_volume),
    KTEST_CASE_ENTRY(fs_hostfs_test_filter_sees_irps),
    {0}
};
KTEST_SUITE(fs_hostfs, cases);
