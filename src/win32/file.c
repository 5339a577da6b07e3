/*
 * PURPOSE: Win32 files and devices: CreateFileA/W, ReadFile, WriteFile. A file or device is
 * opened with NtCreateFile (C:\... names reach the host file system driver, \\.\Name a
 * driver's device) and read and written with NtReadFile / NtWriteFile, as kernel32 does on
 * Windows; the I/O manager probes the caller's buffers and checks the handle's access.
 */

/* INCLUDES ******************************************************************************/

#include "fileiop.h"
#include <internal/fs.h>
#include <internal/host.h>
#include <internal/path.h>
#include <stdlib.h>
#include <string.h>

/* PRIVATE FUNCTIONS *********************************************************************/

/* The NT disposition of a Win32 one (0: not a valid disposition). */
static ULONG BasepNtDisposition(DWORD CreationDisposition)
{
    switch (CreationDisposition) {
    case CREATE_NEW:        return FILE_CREATE;
    case CREATE_ALWAYS:     return FILE_OVERWRITE_IF;
    case OPEN_EXISTING:     return FILE_OPEN;
    case OPEN_ALWAYS:       return FILE_OPEN_IF;
    case TRUNCATE_EXISTING: return FILE_OVERWRITE;
    default:                return (ULONG)-1;
    }
}

/*
 * The NT name of a Win32 name, in "user" memory (the I/O manager probes the name as a
 * user-mode caller's, and the path conversion allocates from the pool): malloc'd,
 * NUL-terminated. NULL with the last error set.
 */
static PWSTR BasepFileNameToNt(LPCWSTR FileName, PUNICODE_STRING NtName)
{
    UNICODE_STRING Converted;
    PWSTR Copy;
    NTSTATUS Status;

    if (FileName == NULL || FileName[0] == L'\0') {
        SetLastError(ERROR_PATH_NOT_FOUND);   /* as RtlDosPathNameToNtPathName's failure */
        return NULL;
    }
    Status = KmPathDosToNtPath(FileName, &Converted);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return NULL;
    }
    Copy = malloc(Converted.Length + sizeof(WCHAR));
    if (Copy == NULL) {
        RtlFreeUnicodeString(&Converted);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    memcpy(Copy, Converted.Buffer, Converted.Length);
    Copy[Converted.Length / sizeof(WCHAR)] = L'\0';
    NtName->Buffer = Copy;
    NtName->Length = Converted.Length;
    NtName->MaximumLength = (USHORT)(Converted.Length + sizeof(WCHAR));
    RtlFreeUnicodeString(&Converted);
    return Copy;
}

/* An ANSI (Windows-1252) name as a malloc'd UTF-16 string (no MAX_PATH limit); NULL stays
   NULL. FALSE with the last error set when it cannot be converted. */
static BOOL BasepAnsiFileName(LPCSTR Name, PWSTR *Wide)
{
    SIZE_T Length;

    *Wide = NULL;
    if (Name == NULL)
        return TRUE;
    Length = strlen(Name);
    if (Length > 0x7FFFFFF0 / sizeof(WCHAR)) {
        SetLastError(ERROR_FILENAME_EXCED_RANGE);
        return FALSE;
    }
    *Wide = malloc((Length + 1) * sizeof(WCHAR));
    if (*Wide == NULL) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    RtlMultiByteToUnicodeN(*Wide, (ULONG)(Length * sizeof(WCHAR)), NULL, Name, (ULONG)Length);
    (*Wide)[Length] = L'\0';
    return TRUE;
}

/* The console device's name for "CONIN$" / "CONOUT$" (any case), else NULL. */
static PCWSTR BasepConsoleName(LPCWSTR FileName)
{
    static const PCWSTR Win32[] = { L"CONIN$", L"CONOUT$" };
    static const PCWSTR Nt[] = { CONDRV_DEVICE_NAME L"\\Input", CONDRV_DEVICE_NAME L"\\Output" };
    UNICODE_STRING Name, Want;

    if (FileName == NULL)
        return NULL;
    RtlInitUnicodeString(&Name, FileName);
    for (int i = 0; i < 2; i++) {
        RtlInitUnicodeString(&Want, Win32[i]);
        if (RtlEqualUnicodeString(&Name, &Want, TRUE))
            return Nt[i];
    }
    return NULL;
}

NTSTATUS BasepOpenConsole(PCWSTR NtName, ACCESS_MASK Access, PHANDLE Handle)
{
    OBJECT_ATTRIBUTES ObjectAttributes;
    IO_STATUS_BLOCK IoStatus;
    UNICODE_STRING Name;

    RtlInitUnicodeString(&Name, NtName);
    InitializeObjectAttributes(&ObjectAttributes, &Name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    return NT_SYSCALL(NtCreateFile(Handle, Access | SYNCHRONIZE | FILE_READ_ATTRIBUTES,
                                   &ObjectAttributes, &IoStatus, NULL, 0,
                                   FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OPEN,
                                   FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0));
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * CreateFileW
 * @implemented
 * See include/um/win/file.h. The mapping to NtCreateFile is kernel32's: the access always
 * includes SYNCHRONIZE and FILE_READ_ATTRIBUTES; without FILE_FLAG_OVERLAPPED the file
 * object is synchronous (FILE_SYNCHRONOUS_IO_NONALERT); without FILE_FLAG_BACKUP_SEMANTICS
 * only a non-directory may be opened (FILE_NON_DIRECTORY_FILE); FILE_FLAG_DELETE_ON_CLOSE
 * adds DELETE; FILE_FLAG_POSIX_SEMANTICS makes the name case-sensitive.
 */
HANDLE WINAPI CreateFileW(LPCWSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode,
                          LPSECURITY_ATTRIBUTES lpSecurityAttributes,
                          DWORD dwCreationDisposition, DWORD dwFlagsAndAttributes,
                          HANDLE hTemplateFile)
{
    ULONG Disposition = BasepNtDisposition(dwCreationDisposition);
    ACCESS_MASK Access = dwDesiredAccess | SYNCHRONIZE | FILE_READ_ATTRIBUTES;
    ULONG Attributes = dwFlagsAndAttributes & (FILE_ATTRIBUTE_VALID_FLAGS & ~FILE_ATTRIBUTE_DIRECTORY);
    ULONG Options = 0, ObjectFlags = OBJ_CASE_INSENSITIVE;
    OBJECT_ATTRIBUTES ObjectAttributes;
    IO_STATUS_BLOCK IoStatus;
    UNICODE_STRING NtName;
    HANDLE Handle = NULL;
    PCWSTR Console;
    PWSTR Buffer;
    NTSTATUS Status;

    if (Disposition == (ULONG)-1) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    if (!(dwFlagsAndAttributes & FILE_FLAG_OVERLAPPED))
        Options |= FILE_SYNCHRONOUS_IO_NONALERT;
    if (dwFlagsAndAttributes & FILE_FLAG_WRITE_THROUGH)
        Options |= FILE_WRITE_THROUGH;
    if (dwFlagsAndAttributes & FILE_FLAG_NO_BUFFERING)
        Options |= FILE_NO_INTERMEDIATE_BUFFERING;
    if (dwFlagsAndAttributes & FILE_FLAG_RANDOM_ACCESS)
        Options |= FILE_RANDOM_ACCESS;
    if (dwFlagsAndAttributes & FILE_FLAG_SEQUENTIAL_SCAN)
        Options |= FILE_SEQUENTIAL_ONLY;
    if (dwFlagsAndAttributes & FILE_FLAG_DELETE_ON_CLOSE) {
        Options |= FILE_DELETE_ON_CLOSE;
        Access |= DELETE;
    }
    if (dwFlagsAndAttributes & FILE_FLAG_BACKUP_SEMANTICS)
        Options |= FILE_OPEN_FOR_BACKUP_INTENT;
    else
        Options |= FILE_NON_DIRECTORY_FILE;
    if (dwFlagsAndAttributes & FILE_FLAG_OPEN_REPARSE_POINT)
        Options |= FILE_OPEN_REPARSE_POINT;
    if (dwFlagsAndAttributes & FILE_FLAG_OPEN_NO_RECALL)
        Options |= FILE_OPEN_NO_RECALL;
    if (dwFlagsAndAttributes & FILE_FLAG_POSIX_SEMANTICS)
        ObjectFlags &= ~OBJ_CASE_INSENSITIVE;
    if (lpSecurityAttributes != NULL && lpSecurityAttributes->bInheritHandle)
        ObjectFlags |= OBJ_INHERIT;

    if (hTemplateFile != NULL && (Disposition != FILE_OPEN && Disposition != FILE_OVERWRITE)) {
        /* A file being created takes the template's attributes. */
        FILE_BASIC_INFORMATION Basic;
        Status = NT_SYSCALL(NtQueryInformationFile(hTemplateFile, &IoStatus, &Basic,
                                                   sizeof(Basic), FileBasicInformation));
        if (!NT_SUCCESS(Status)) {
            BaseSetLastNTError(Status);
            return INVALID_HANDLE_VALUE;
        }
        Attributes = Basic.FileAttributes & ~FILE_ATTRIBUTE_DIRECTORY;
    }

    Console = BasepConsoleName(lpFileName);
    if (Console != NULL) {
        RtlInitUnicodeString(&NtName, Console);
        Buffer = NULL;
    } else {
        Buffer = BasepFileNameToNt(lpFileName, &NtName);
        if (Buffer == NULL)
            return INVALID_HANDLE_VALUE;
    }
    InitializeObjectAttributes(&ObjectAttributes, &NtName, ObjectFlags, NULL, NULL);
    IoStatus.Status = STATUS_SUCCESS;
    IoStatus.Information = 0;
    Status = NT_SYSCALL(NtCreateFile(&Handle, Access, &ObjectAttributes, &IoStatus, NULL,
                                     Attributes, dwShareMode, Disposition, Options, NULL, 0));
    free(Buffer);
    if (!NT_SUCCESS(Status)) {
        if (Status == STATUS_OBJECT_NAME_COLLISION && dwCreationDisposition == CREATE_NEW)
            SetLastError(ERROR_FILE_EXISTS);   /* kernel32's special case */
        else
            BaseSetLastNTError(Status);
        return INVALID_HANDLE_VALUE;
    }
    if ((dwCreationDisposition == CREATE_ALWAYS && IoStatus.Information == FILE_OVERWRITTEN) ||
        (dwCreationDisposition == OPEN_ALWAYS && IoStatus.Information == FILE_OPENED))
        SetLastError(ERROR_ALREADY_EXISTS);
    else
        SetLastError(ERROR_SUCCESS);
    return Handle;
}

/*
 * CreateFileA
 * @implemented
 * CreateFileW with the name converted from the ANSI code page.
 */
HANDLE WINAPI CreateFileA(LPCSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode,
                          LPSECURITY_ATTRIBUTES lpSecurityAttributes,
                          DWORD dwCreationDisposition, DWORD dwFlagsAndAttributes,
                          HANDLE hTemplateFile)
{
    PWSTR Wide;
    HANDLE Handle;

    if (!BasepAnsiFileName(lpFileName, &Wide))
        return INVALID_HANDLE_VALUE;
    Handle = CreateFileW(Wide, dwDesiredAccess, dwShareMode, lpSecurityAttributes,
                         dwCreationDisposition, dwFlagsAndAttributes, hTemplateFile);
    free(Wide);
    return Handle;
}

/*
 * ReadFile
 * @implemented
 * See include/um/win/file.h. As kernel32: *lpNumberOfBytesRead is zeroed first; a
 * synchronous read at the end of the file succeeds with 0 bytes, an overlapped one fails
 * with ERROR_HANDLE_EOF; a warning status (ERROR_MORE_DATA) still reports the count.
 */
BOOL WINAPI ReadFile(HANDLE hFile, LPVOID lpBuffer, DWORD nNumberOfBytesToRead,
                     LPDWORD lpNumberOfBytesRead, LPOVERLAPPED lpOverlapped)
{
    IO_STATUS_BLOCK IoStatus;
    NTSTATUS Status;

    BasepUserAccess(lpNumberOfBytesRead, sizeof(DWORD));
    BasepUserAccess(lpOverlapped, sizeof(OVERLAPPED));
    if (lpNumberOfBytesRead != NULL)
        *lpNumberOfBytesRead = 0;
    if (lpOverlapped != NULL) {
        LARGE_INTEGER Offset;

        Offset.LowPart = lpOverlapped->Offset;
        Offset.HighPart = (LONG)lpOverlapped->OffsetHigh;
        lpOverlapped->Internal = (ULONG_PTR)STATUS_PENDING;
        Status = NT_SYSCALL(NtReadFile(hFile, lpOverlapped->hEvent, NULL,
                                       BasepOverlappedApcContext(lpOverlapped),
                                       BasepOverlappedIosb(lpOverlapped), lpBuffer,
                                       nNumberOfBytesToRead, &Offset, NULL));
        if (NT_SUCCESS(Status) && Status != STATUS_PENDING) {
            if (lpNumberOfBytesRead != NULL)
                *lpNumberOfBytesRead = (DWORD)lpOverlapped->InternalHigh;
            return TRUE;
        }
        BaseSetLastNTError(Status);
        return FALSE;
    }

    IoStatus.Status = STATUS_SUCCESS;
    IoStatus.Information = 0;
    Status = NT_SYSCALL(NtReadFile(hFile, NULL, NULL, NULL, &IoStatus, lpBuffer,
                                   nNumberOfBytesToRead, NULL, NULL));
    Status = BasepWaitForRequest(hFile, Status, &IoStatus);
    if (Status == STATUS_END_OF_FILE)
        return TRUE;                       /* end of file: success, 0 bytes */
    if (!NT_ERROR(Status) && lpNumberOfBytesRead != NULL)
        *lpNumberOfBytesRead = (DWORD)IoStatus.Information;
    if (NT_SUCCESS(Status))
        return TRUE;
    BaseSetLastNTError(Status);
    return FALSE;
}

/*
 * WriteFile
 * @implemented
 * See include/um/win/file.h; as ReadFile (no end-of-file case).
 */
BOOL WINAPI WriteFile(HANDLE hFile, LPCVOID lpBuffer, DWORD nNumberOfBytesToWrite,
                      LPDWORD lpNumberOfBytesWritten, LPOVERLAPPED lpOverlapped)
{
    IO_STATUS_BLOCK IoStatus;
    NTSTATUS Status;

    BasepUserAccess(lpNumberOfBytesWritten, sizeof(DWORD));
    BasepUserAccess(lpOverlapped, sizeof(OVERLAPPED));
    if (lpNumberOfBytesWritten != NULL)
        *lpNumberOfBytesWritten = 0;
    if (lpOverlapped != NULL) {
        LARGE_INTEGER Offset;

        Offset.LowPart = lpOverlapped->Offset;
        Offset.HighPart = (LONG)lpOverlapped->OffsetHigh;
        lpOverlapped->Internal = (ULONG_PTR)STATUS_PENDING;
        Status = NT_SYSCALL(NtWriteFile(hFile, lpOverlapped->hEvent, NULL,
                                        BasepOverlappedApcContext(lpOverlapped),
                                        BasepOverlappedIosb(lpOverlapped), (PVOID)lpBuffer,
                                        nNumberOfBytesToWrite, &Offset, NULL));
        if (NT_SUCCESS(Status) && Status != STATUS_PENDING) {
            if (lpNumberOfBytesWritten != NULL)
                *lpNumberOfBytesWritten = (DWORD)lpOverlapped->InternalHigh;
            return TRUE;
        }
        BaseSetLastNTError(Status);
        return FALSE;
    }

    IoStatus.Status = STATUS_SUCCESS;
    IoStatus.Information = 0;
    Status = NT_SYSCALL(NtWriteFile(hFile, NULL, NULL, NULL, &IoStatus, (PVOID)lpBuffer,
                                    nNumberOfBytesToWrite, NULL, NULL));
    Status = BasepWaitForRequest(hFile, Status, &IoStatus);
    if (!NT_ERROR(Status) && lpNumberOfBytesWritten != NULL)
        *lpNumberOfBytesWritten = (DWORD)IoStatus.Information;
    if (NT_SUCCESS(Status))
        return TRUE;
    BaseSetLastNTError(Status);
    return FALSE;
}

/* The APC routine of ReadFileEx / WriteFileEx requests (ApcContext is the app's completion
   routine): runs in the issuing thread's alertable wait, as kernel32's does. */
static VOID NTAPI BasepIoCompletion(PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock,
                                    ULONG Reserved)
{
    LPOVERLAPPED_COMPLETION_ROUTINE Routine = (LPOVERLAPPED_COMPLETION_ROUTINE)ApcContext;
    NTSTATUS Status = IoStatusBlock->Status;

    UNREFERENCED_PARAMETER(Reserved);
    Routine(NT_SUCCESS(Status) ? ERROR_SUCCESS : RtlNtStatusToDosError(Status),
            (DWORD)IoStatusBlock->Information, (LPOVERLAPPED)(PVOID)IoStatusBlock);
}

static BOOL BasepReadWriteEx(BOOLEAN Write, HANDLE hFile, PVOID Buffer, DWORD Length,
                             LPOVERLAPPED lpOverlapped,
                             LPOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine)
{
    LARGE_INTEGER Offset;
    NTSTATUS Status;

    BasepUserAccess(lpOverlapped, sizeof(OVERLAPPED));
    Offset.LowPart = lpOverlapped->Offset;
    Offset.HighPart = (LONG)lpOverlapped->OffsetHigh;
    lpOverlapped->Internal = (ULONG_PTR)STATUS_PENDING;
    if (Write)
        Status = NT_SYSCALL(NtWriteFile(hFile, NULL, BasepIoCompletion, (PVOID)lpCompletionRoutine,
                                        BasepOverlappedIosb(lpOverlapped), Buffer, Length,
                                        &Offset, NULL));
    else
        Status = NT_SYSCALL(NtReadFile(hFile, NULL, BasepIoCompletion, (PVOID)lpCompletionRoutine,
                                       BasepOverlappedIosb(lpOverlapped), Buffer, Length,
                                       &Offset, NULL));
    if (NT_ERROR(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}

/*
 * ReadFileEx
 * @implemented
 * See include/um/win/file.h. An error at once: FALSE (no routine runs); otherwise TRUE, and
 * the routine runs when the request has completed and the thread waits alertably.
 */
BOOL WINAPI ReadFileEx(HANDLE hFile, LPVOID lpBuffer, DWORD nNumberOfBytesToRead,
                       LPOVERLAPPED lpOverlapped,
                       LPOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine)
{
    return BasepReadWriteEx(FALSE, hFile, lpBuffer, nNumberOfBytesToRead, lpOverlapped,
                            lpCompletionRoutine);
}

/*
 * WriteFileEx
 * @implemented
 * As ReadFileEx, writing.
 */
BOOL WINAPI WriteFileEx(HANDLE hFile, LPCVOID lpBuffer, DWORD nNumberOfBytesToWrite,
                        LPOVERLAPPED lpOverlapped,
                        LPOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine)
{
    return BasepReadWriteEx(TRUE, hFile, (PVOID)lpBuffer, nNumberOfBytesToWrite, lpOverlapped,
                            lpCompletionRoutine);
}

/* ---- Sizes, positions, information --------------------------------------------------- */

static BOOL BasepQueryFile(HANDLE hFile, PVOID Buffer, ULONG Length, FILE_INFORMATION_CLASS Class)
{
    IO_STATUS_BLOCK IoStatus;
    NTSTATUS Status = NT_SYSCALL(NtQueryInformationFile(hFile, &IoStatus, Buffer, Length, Class));

    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}

static BOOL BasepSetFile(HANDLE hFile, PVOID Buffer, ULONG Length, FILE_INFORMATION_CLASS Class)
{
    IO_STATUS_BLOCK IoStatus;
    NTSTATUS Status = NT_SYSCALL(NtSetInformationFile(hFile, &IoStatus, Buffer, Length, Class));

    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}

/*
 * GetFileSizeEx
 * @implemented
 * The end of file (FileStandardInformation).
 */
BOOL WINAPI GetFileSizeEx(HANDLE hFile, PLARGE_INTEGER lpFileSize)
{
    FILE_STANDARD_INFORMATION Standard;

    if (!BasepQueryFile(hFile, &Standard, sizeof(Standard), FileStandardInformation))
        return FALSE;
    BasepUserAccess(lpFileSize, sizeof(*lpFileSize));
    *lpFileSize = Standard.EndOfFile;
    return TRUE;
}

/*
 * GetFileSize
 * @implemented
 * The low 32 bits of the size (the high ones in *lpFileSizeHigh); INVALID_FILE_SIZE with the
 * last error on failure.
 */
DWORD WINAPI GetFileSize(HANDLE hFile, LPDWORD lpFileSizeHigh)
{
    LARGE_INTEGER Size;

    if (!GetFileSizeEx(hFile, &Size))
        return INVALID_FILE_SIZE;
    BasepUserAccess(lpFileSizeHigh, sizeof(DWORD));
    if (lpFileSizeHigh != NULL)
        *lpFileSizeHigh = (DWORD)Size.HighPart;
    return Size.LowPart;
}

/* The new position for a move of Distance from dwMoveMethod's origin (kernel32's rules). */
static BOOL BasepNewPosition(HANDLE hFile, LONGLONG Distance, DWORD dwMoveMethod,
                             PLARGE_INTEGER Position)
{
    FILE_POSITION_INFORMATION Current;
    FILE_STANDARD_INFORMATION Standard;

    switch (dwMoveMethod) {
    case FILE_BEGIN:
        Position->QuadPart = Distance;
        break;
    case FILE_CURRENT:
        if (!BasepQueryFile(hFile, &Current, sizeof(Current), FilePositionInformation))
            return FALSE;
        Position->QuadPart = Current.CurrentByteOffset.QuadPart + Distance;
        break;
    case FILE_END:
        if (!BasepQueryFile(hFile, &Standard, sizeof(Standard), FileStandardInformation))
            return FALSE;
        Position->QuadPart = Standard.EndOfFile.QuadPart + Distance;
        break;
    default:
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (Position->QuadPart < 0) {
        SetLastError(ERROR_NEGATIVE_SEEK);
        return FALSE;
    }
    return TRUE;
}

/*
 * SetFilePointerEx
 * @implemented
 * Moves the file position (FilePositionInformation); *lpNewFilePointer (optional) gets it.
 * ERROR_NEGATIVE_SEEK before the start, ERROR_INVALID_PARAMETER for another method.
 */
BOOL WINAPI SetFilePointerEx(HANDLE hFile, LARGE_INTEGER liDistanceToMove,
                             PLARGE_INTEGER lpNewFilePointer, DWORD dwMoveMethod)
{
    FILE_POSITION_INFORMATION Position;

    if (!BasepNewPosition(hFile, liDistanceToMove.QuadPart, dwMoveMethod, &Position.CurrentByteOffset))
        return FALSE;
    if (!BasepSetFile(hFile, &Position, sizeof(Position), FilePositionInformation))
        return FALSE;
    if (lpNewFilePointer != NULL)
        *lpNewFilePointer = Position.CurrentByteOffset;
    return TRUE;
}

/*
 * SetFilePointer
 * @implemented
 * Without lpDistanceToMoveHigh the distance is a signed 32-bit value and the new position
 * must fit in 32 bits (ERROR_INVALID_PARAMETER); with it, a 64-bit distance whose high half
 * is read and written there. Returns the low half of the new position, or
 * INVALID_SET_FILE_POINTER with the last error (which is 0 when that is the real position).
 */
DWORD WINAPI SetFilePointer(HANDLE hFile, LONG lDistanceToMove, PLONG lpDistanceToMoveHigh,
                            DWORD dwMoveMethod)
{
    FILE_POSITION_INFORMATION Position;
    LONGLONG Distance = lpDistanceToMoveHigh != NULL
                            ? (LONGLONG)(((ULONGLONG)(ULONG)*lpDistanceToMoveHigh << 32) |
                                         (ULONG)lDistanceToMove)
                            : (LONGLONG)lDistanceToMove;

    if (!BasepNewPosition(hFile, Distance, dwMoveMethod, &Position.CurrentByteOffset))
        return INVALID_SET_FILE_POINTER;
    if (lpDistanceToMoveHigh == NULL && Position.CurrentByteOffset.HighPart != 0) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return INVALID_SET_FILE_POINTER;
    }
    if (!BasepSetFile(hFile, &Position, sizeof(Position), FilePositionInformation))
        return INVALID_SET_FILE_POINTER;
    if (lpDistanceToMoveHigh != NULL)
        *lpDistanceToMoveHigh = Position.CurrentByteOffset.HighPart;
    if (Position.CurrentByteOffset.LowPart == INVALID_SET_FILE_POINTER)
        SetLastError(ERROR_SUCCESS);
    return Position.CurrentByteOffset.LowPart;
}

/*
 * SetEndOfFile
 * @implemented
 * The file ends at the current position: FileEndOfFileInformation, then
 * FileAllocationInformation, as kernel32 does. ERROR_ACCESS_DENIED without write access.
 */
BOOL WINAPI SetEndOfFile(HANDLE hFile)
{
    FILE_POSITION_INFORMATION Position;
    FILE_END_OF_FILE_INFORMATION End;
    FILE_ALLOCATION_INFORMATION Allocation;

    if (!BasepQueryFile(hFile, &Position, sizeof(Position), FilePositionInformation))
        return FALSE;
    End.EndOfFile = Position.CurrentByteOffset;
    if (!BasepSetFile(hFile, &End, sizeof(End), FileEndOfFileInformation))
        return FALSE;
    Allocation.AllocationSize = Position.CurrentByteOffset;
    return BasepSetFile(hFile, &Allocation, sizeof(Allocation), FileAllocationInformation);
}

/*
 * FlushFileBuffers
 * @implemented
 * NtFlushBuffersFile (IRP_MJ_FLUSH_BUFFERS): the host file system syncs the Linux file;
 * the console flushes the C library's stream. ERROR_ACCESS_DENIED without write access.
 */
BOOL WINAPI FlushFileBuffers(HANDLE hFile)
{
    IO_STATUS_BLOCK IoStatus;
    NTSTATUS Status = NT_SYSCALL(NtFlushBuffersFile(hFile, &IoStatus));

    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}

/*
 * GetFileInformationByHandle
 * @implemented
 * Attributes, times, size, links and the file index (FileBasic/Standard/Internal-
 * Information) of a file of the host file system, whose volume (C:) has the serial number
 * HOSTFS_VOLUME_SERIAL. Files of other devices: ERROR_INVALID_FUNCTION (they have no
 * volume), ERROR_INVALID_HANDLE.
 */
BOOL WINAPI GetFileInformationByHandle(HANDLE hFile, LPBY_HANDLE_FILE_INFORMATION lpFileInformation)
{
    FILE_BASIC_INFORMATION Basic;
    FILE_STANDARD_INFORMATION Standard;
    FILE_INTERNAL_INFORMATION Internal;
    PFILE_OBJECT FileObject;
    BOOLEAN HostFs;
    NTSTATUS Status;

    Status = ObReferenceObjectByHandle(hFile, 0, *IoFileObjectType, UserMode, (PVOID *)&FileObject, NULL);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    HostFs = FileObject->DeviceObject == FsHostFsVolume();
    ObDereferenceObject(FileObject);
    if (!HostFs) {
        SetLastError(ERROR_INVALID_FUNCTION);
        return FALSE;
    }
    if (!BasepQueryFile(hFile, &Basic, sizeof(Basic), FileBasicInformation) ||
        !BasepQueryFile(hFile, &Standard, sizeof(Standard), FileStandardInformation) ||
        !BasepQueryFile(hFile, &Internal, sizeof(Internal), FileInternalInformation))
        return FALSE;
    lpFileInformation->dwFileAttributes = Basic.FileAttributes;
    lpFileInformation->ftCreationTime.dwLowDateTime = Basic.CreationTime.LowPart;
    lpFileInformation->ftCreationTime.dwHighDateTime = (DWORD)Basic.CreationTime.HighPart;
    lpFileInformation->ftLastAccessTime.dwLowDateTime = Basic.LastAccessTime.LowPart;
    lpFileInformation->ftLastAccessTime.dwHighDateTime = (DWORD)Basic.LastAccessTime.HighPart;
    lpFileInformation->ftLastWriteTime.dwLowDateTime = Basic.LastWriteTime.LowPart;
    lpFileInformation->ftLastWriteTime.dwHighDateTime = (DWORD)Basic.LastWriteTime.HighPart;
    lpFileInformation->dwVolumeSerialNumber = HOSTFS_VOLUME_SERIAL;
    lpFileInformation->nFileSizeHigh = (DWORD)Standard.EndOfFile.HighPart;
    lpFileInformation->nFileSizeLow = Standard.EndOfFile.LowPart;
    lpFileInformation->nNumberOfLinks = Standard.NumberOfLinks;
    lpFileInformation->nFileIndexHigh = (DWORD)Internal.IndexNumber.HighPart;
    lpFileInformation->nFileIndexLow = Internal.IndexNumber.LowPart;
    return TRUE;
}

/*
 * GetFileType
 * @implemented
 * From the type of the file's device, as Windows' FileFsDeviceInformation gives it: disks
 * and disk file systems (C:) FILE_TYPE_DISK; character devices (keyboard, serial, console,
 * ...) FILE_TYPE_CHAR; named pipes FILE_TYPE_PIPE; others FILE_TYPE_UNKNOWN with the last
 * error 0. A standard handle says what its Linux descriptor is connected to (a terminal:
 * CHAR, a file: DISK, a pipe: PIPE). An invalid handle: FILE_TYPE_UNKNOWN with
 * ERROR_INVALID_HANDLE.
 */
DWORD WINAPI GetFileType(HANDLE hFile)
{
    PFILE_OBJECT FileObject;
    DEVICE_TYPE Type;
    NTSTATUS Status;
    int Fd;

    Status = ObReferenceObjectByHandle(hFile, 0, *IoFileObjectType, UserMode, (PVOID *)&FileObject, NULL);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FILE_TYPE_UNKNOWN;
    }
    Type = FileObject->DeviceObject->DeviceType;
    Fd = FsConsoleDescriptor(FileObject);
    ObDereferenceObject(FileObject);
    if (Fd >= 0) {
        switch (HostStdKind(Fd)) {
        case HostStdFile: return FILE_TYPE_DISK;
        case HostStdPipe: return FILE_TYPE_PIPE;
        case HostStdTerminal:
        case HostStdOther: return FILE_TYPE_CHAR;
        default: break;
        }
        SetLastError(ERROR_SUCCESS);
        return FILE_TYPE_UNKNOWN;
    }
    switch (Type) {
    case FILE_DEVICE_CD_ROM:
    case FILE_DEVICE_CD_ROM_FILE_SYSTEM:
    case FILE_DEVICE_CONTROLLER:
    case FILE_DEVICE_DATALINK:
    case FILE_DEVICE_DFS:
    case FILE_DEVICE_DISK:
    case FILE_DEVICE_DISK_FILE_SYSTEM:
    case FILE_DEVICE_VIRTUAL_DISK:
        return FILE_TYPE_DISK;
    case FILE_DEVICE_KEYBOARD:
    case FILE_DEVICE_MOUSE:
    case FILE_DEVICE_NULL:
    case FILE_DEVICE_PARALLEL_PORT:
    case FILE_DEVICE_PRINTER:
    case FILE_DEVICE_SERIAL_PORT:
    case FILE_DEVICE_SCREEN:
    case FILE_DEVICE_SOUND:
    case FILE_DEVICE_MODEM:
    case FILE_DEVICE_CONSOLE:
        return FILE_TYPE_CHAR;
    case FILE_DEVICE_NAMED_PIPE:
        return FILE_TYPE_PIPE;
    default:
        SetLastError(ERROR_SUCCESS);
        return FILE_TYPE_UNKNOWN;
    }
}
