/*
 * PURPOSE: Win32 paths and directories (include/um/win/file.h, "Paths and directories"):
 * the current directory, the system and Windows directories, full path names, module file
 * names, the temporary directory, file attributes, deleting files and creating and
 * removing directories. Names go through the one path mapping (internal/path.h,
 * docs/paths.md); the Linux file system is reached through the host layer. Failures set
 * the last error from the NTSTATUS as Windows maps it (BaseSetLastNTError).
 */

/* INCLUDES ******************************************************************************/

#include <stdlib.h>
#include <string.h>
#include <internal/win32.h>
#include <internal/host.h>
#include <internal/path.h>

/* GLOBALS *******************************************************************************/

/* 100-ns intervals from 1601-01-01 to 1970-01-01. */
#define KMP_FILETIME_UNIX_EPOCH 116444736000000000ULL

static const WCHAR KmpWindowsDirectory[] = L"C:\\Windows";
static const WCHAR KmpSystemDirectory[] = L"C:\\Windows\\System32";

/* PRIVATE FUNCTIONS *********************************************************************/

static SIZE_T KmpLength(PCWSTR Text)
{
    SIZE_T n = 0;
    while (Text[n])
        n++;
    return n;
}

/*
 * The "length, or size needed" convention of the Win32 string getters: when Buffer holds
 * Size > Length characters, copies Text and a terminator and returns Length; otherwise
 * writes nothing and returns Length + 1. The A form (Wide FALSE) converts to the ANSI code
 * page, which maps each UTF-16 unit to one byte.
 */
static DWORD KmpReturnString(PCWSTR Text, SIZE_T Length, PVOID Buffer, DWORD Size, BOOLEAN Wide)
{
    if (!Buffer || Size <= Length)
        return (DWORD)(Length + 1);
    if (Wide) {
        memcpy(Buffer, Text, Length * sizeof(WCHAR));
        ((PWCHAR)Buffer)[Length] = 0;
    } else {
        RtlUnicodeToMultiByteN(Buffer, (ULONG)Length, NULL, Text, (ULONG)(Length * sizeof(WCHAR)));
        ((PCHAR)Buffer)[Length] = 0;
    }
    return (DWORD)Length;
}

/* A path computed into a malloc'd string (the current directory, the temporary path),
   returned with KmpReturnString's convention; 0 with the last error on failure. */
typedef NTSTATUS (*KMP_PATH_GETTER)(PWSTR *Path, SIZE_T *Length);

static DWORD KmpReturnComputedPath(KMP_PATH_GETTER Get, PVOID Buffer, DWORD Size, BOOLEAN Wide)
{
    PWSTR path;
    SIZE_T length;
    DWORD result;
    NTSTATUS status = Get(&path, &length);

    if (!NT_SUCCESS(status)) {
        BaseSetLastNTError(status);
        return 0;
    }
    result = KmpReturnString(path, length, Buffer, Size, Wide);
    free(path);
    return result;
}

/* An ANSI name as a malloc'd UTF-16 string; NULL with the last error set (NULL name:
   ERROR_INVALID_PARAMETER). Names have no MAX_PATH limit (long-path-aware process). */
static PWSTR KmpAnsiToWide(LPCSTR Name)
{
    SIZE_T length;
    PWSTR wide;

    if (!Name) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    length = strlen(Name);
    if (length > 0x7FFFFFF0 / sizeof(WCHAR)) {
        SetLastError(ERROR_FILENAME_EXCED_RANGE);
        return NULL;
    }
    wide = malloc((length + 1) * sizeof(WCHAR));
    if (!wide) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    RtlMultiByteToUnicodeN(wide, (ULONG)(length * sizeof(WCHAR)), NULL, Name, (ULONG)length);
    wide[length] = 0;
    return wide;
}

/* A Linux path in Win32 form, malloc'd, with its length. */
static NTSTATUS KmpHostToWin32(const char *Host, PWSTR *Win32, SIZE_T *Length)
{
    ULONG need = KmPathHostToWin32(Host, NULL, 0);
    PWSTR text = need ? malloc(need * sizeof(WCHAR)) : NULL;

    if (!text || KmPathHostToWin32(Host, text, need) != need - 1) {
        free(text);
        return need ? STATUS_NO_MEMORY : STATUS_OBJECT_PATH_SYNTAX_BAD;
    }
    *Win32 = text;
    *Length = need - 1;
    return STATUS_SUCCESS;
}

/* The current directory in Win32 form, malloc'd. */
static NTSTATUS KmpCurrentDirectory(PWSTR *Win32, SIZE_T *Length)
{
    char *host;
    NTSTATUS status = HostGetCurrentDirectory(&host);
    if (!NT_SUCCESS(status))
        return status;
    status = KmpHostToWin32(host, Win32, Length);
    free(host);
    return status;
}

/* A Win32 name's Linux path (malloc'd), or NULL with the last error set. */
static char *KmpHostPath(LPCWSTR Name)
{
    char *host;
    NTSTATUS status;

    if (!Name) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    status = KmPathDosToHost(Name, &host);
    if (!NT_SUCCESS(status)) {
        BaseSetLastNTError(status);
        return NULL;
    }
    return host;
}

/* A failed operation on the file Host names: a name ending in a separator that leads to a
   file ("C:\file.txt\") is an invalid name, as NTFS says. */
static NTSTATUS KmpAdjustStatus(const char *Host, NTSTATUS Status)
{
    SIZE_T n = strlen(Host);
    if (Status == STATUS_OBJECT_PATH_NOT_FOUND && n > 1 && Host[n - 1] == '/')
        return STATUS_OBJECT_NAME_INVALID;
    return Status;
}

static DWORD KmpAttributes(const char *Host, const HOST_FILE_INFO *Info)
{
    SIZE_T end = strlen(Host), start;
    DWORD attributes;

    if (Info->Type == HostFileDirectory)
        attributes = FILE_ATTRIBUTE_DIRECTORY;
    else if (Info->Type == HostFileRegular)
        attributes = FILE_ATTRIBUTE_ARCHIVE | (Info->ReadOnly ? FILE_ATTRIBUTE_READONLY : 0);
    else
        attributes = FILE_ATTRIBUTE_NORMAL;
    /* Dot files are what Linux hides. */
    while (end > 1 && Host[end - 1] == '/')
        end--;
    start = end;
    while (start > 0 && Host[start - 1] != '/')
        start--;
    if (Host[start] == '.' && end - start > 1 && !(end - start == 2 && Host[start + 1] == '.'))
        attributes |= FILE_ATTRIBUTE_HIDDEN;
    return attributes;
}

static FILETIME KmpFileTime(LONG64 Nanoseconds)
{
    ULONG64 ticks = (ULONG64)(Nanoseconds / 100) + KMP_FILETIME_UNIX_EPOCH;
    FILETIME time;
    time.dwLowDateTime = (DWORD)ticks;
    time.dwHighDateTime = (DWORD)(ticks >> 32);
    return time;
}

/* Calls an A function's W form with the name converted (the result if the conversion
   fails: Failed). */
#define KMP_CALL_WITH_WIDE_NAME(AnsiName, Failed, Call) \
    do {                                                \
        PWSTR WideName = KmpAnsiToWide(AnsiName);       \
        __typeof__(Call) Result;                        \
        if (!WideName)                                  \
            return (Failed);                            \
        Result = (Call);                                \
        free(WideName);                                 \
        return Result;                                  \
    } while (0)

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * The current directory in Win32 form: its length, or the size needed with the terminator;
 * 0 on failure (the Linux working directory was removed: ERROR_FILE_NOT_FOUND).
 */
DWORD WINAPI GetCurrentDirectoryW(DWORD nBufferLength, LPWSTR lpBuffer)
{
    return KmpReturnComputedPath(KmpCurrentDirectory, lpBuffer, nBufferLength, TRUE);
}

DWORD WINAPI GetCurrentDirectoryA(DWORD nBufferLength, LPSTR lpBuffer)
{
    return KmpReturnComputedPath(KmpCurrentDirectory, lpBuffer, nBufferLength, FALSE);
}

/*
 * @implemented
 * Changes the process's current directory (the Linux working directory).
 */
BOOL WINAPI SetCurrentDirectoryW(LPCWSTR lpPathName)
{
    char *host = KmpHostPath(lpPathName);
    NTSTATUS status;

    if (!host)
        return FALSE;
    status = HostSetCurrentDirectory(host);
    free(host);
    if (!NT_SUCCESS(status)) {
        BaseSetLastNTError(status);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI SetCurrentDirectoryA(LPCSTR lpPathName)
{
    KMP_CALL_WITH_WIDE_NAME(lpPathName, FALSE, SetCurrentDirectoryW(WideName));
}

/*
 * @implemented
 * C:\Windows\System32 and C:\Windows: the length, or the size needed with the terminator.
 */
UINT WINAPI GetSystemDirectoryW(LPWSTR lpBuffer, UINT uSize)
{
    return KmpReturnString(KmpSystemDirectory, KmpLength(KmpSystemDirectory), lpBuffer, uSize, TRUE);
}

UINT WINAPI GetSystemDirectoryA(LPSTR lpBuffer, UINT uSize)
{
    return KmpReturnString(KmpSystemDirectory, KmpLength(KmpSystemDirectory), lpBuffer, uSize, FALSE);
}

UINT WINAPI GetWindowsDirectoryW(LPWSTR lpBuffer, UINT uSize)
{
    return KmpReturnString(KmpWindowsDirectory, KmpLength(KmpWindowsDirectory), lpBuffer, uSize, TRUE);
}

UINT WINAPI GetWindowsDirectoryA(LPSTR lpBuffer, UINT uSize)
{
    return KmpReturnString(KmpWindowsDirectory, KmpLength(KmpWindowsDirectory), lpBuffer, uSize, FALSE);
}

UINT WINAPI GetSystemWindowsDirectoryW(LPWSTR lpBuffer, UINT uSize)
{
    return GetWindowsDirectoryW(lpBuffer, uSize);
}

UINT WINAPI GetSystemWindowsDirectoryA(LPSTR lpBuffer, UINT uSize)
{
    return GetWindowsDirectoryA(lpBuffer, uSize);
}

/*
 * @implemented
 * The full path of a name (KmPathGetFullPathName): its length, or the size needed with the
 * terminator; 0 on failure. *lpFilePart is set only when the path was written.
 */
static DWORD KmpGetFullPathName(LPCWSTR Name, DWORD Size, PVOID Buffer, PVOID *FilePart, BOOLEAN Wide)
{
    PWSTR full;
    SIZE_T length, part;
    DWORD result;
    NTSTATUS status = KmPathGetFullPathName(Name, &full, &length, &part);

    if (!NT_SUCCESS(status)) {
        BaseSetLastNTError(status);
        return 0;
    }
    result = KmpReturnString(full, length, Buffer, Size, Wide);
    /* One ANSI byte per UTF-16 unit: the file part has the same index in both forms. */
    if (result == length && FilePart)
        *FilePart = part == (SIZE_T)-1 ? NULL : (PCHAR)Buffer + part * (Wide ? sizeof(WCHAR) : 1);
    free(full);
    return result;
}

DWORD WINAPI GetFullPathNameW(LPCWSTR lpFileName, DWORD nBufferLength, LPWSTR lpBuffer, LPWSTR *lpFilePart)
{
    if (!lpFileName) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    return KmpGetFullPathName(lpFileName, nBufferLength, lpBuffer, (PVOID *)lpFilePart, TRUE);
}

DWORD WINAPI GetFullPathNameA(LPCSTR lpFileName, DWORD nBufferLength, LPSTR lpBuffer, LPSTR *lpFilePart)
{
    KMP_CALL_WITH_WIDE_NAME(lpFileName, 0, KmpGetFullPathName(WideName, nBufferLength, lpBuffer, (PVOID *)lpFilePart, FALSE));
}

/*
 * @implemented
 * The module's file in Win32 form; truncated to nSize characters (terminator included)
 * with ERROR_INSUFFICIENT_BUFFER and the result nSize when it does not fit.
 */
static DWORD KmpGetModuleFileName(HMODULE hModule, PVOID Buffer, DWORD nSize, BOOLEAN Wide)
{
    char *host;
    PWSTR name;
    SIZE_T length, copy;
    NTSTATUS status;

    if (!Buffer && nSize) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    status = HostGetModulePath(hModule, &host);
    if (NT_SUCCESS(status)) {
        status = KmpHostToWin32(host, &name, &length);
        free(host);
    }
    if (!NT_SUCCESS(status)) {
        BaseSetLastNTError(status);
        return 0;
    }
    copy = length < nSize ? length : (nSize ? nSize - 1 : 0);
    if (nSize) {
        if (Wide) {
            memcpy(Buffer, name, copy * sizeof(WCHAR));
            ((PWCHAR)Buffer)[copy] = 0;
        } else {
            RtlUnicodeToMultiByteN(Buffer, (ULONG)copy, NULL, name, (ULONG)(copy * sizeof(WCHAR)));
            ((PCHAR)Buffer)[copy] = 0;
        }
    }
    free(name);
    if (length >= nSize) {
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return nSize;
    }
    return (DWORD)length;
}

DWORD WINAPI GetModuleFileNameW(HMODULE hModule, LPWSTR lpFilename, DWORD nSize)
{
    return KmpGetModuleFileName(hModule, lpFilename, nSize, TRUE);
}

DWORD WINAPI GetModuleFileNameA(HMODULE hModule, LPSTR lpFilename, DWORD nSize)
{
    return KmpGetModuleFileName(hModule, lpFilename, nSize, FALSE);
}

/*
 * @implemented
 * The temporary directory with a trailing '\' (%TMP%, %TEMP%, $TMPDIR, else /tmp).
 */
static NTSTATUS KmpTempPath(PWSTR *Path, SIZE_T *Length)
{
    static const char *const variables[] = { "TMP", "TEMP", "TMPDIR" };
    const char *value = NULL;
    PWSTR path = NULL;
    SIZE_T length = 0, filePart;
    NTSTATUS status;

    for (SIZE_T i = 0; i < sizeof variables / sizeof variables[0] && !value; i++) {
        value = HostGetEnvironment(variables[i]);
        if (value && !value[0])
            value = NULL;
    }
    if (!value)
        value = "/tmp";
    if (value[0] == '/') {
        status = KmpHostToWin32(value, &path, &length);
    } else {
        /* A Win32 path (C:\Temp, or relative to the current directory). */
        ULONG bytes, n = (ULONG)strlen(value);
        PWSTR wide = malloc(((SIZE_T)n + 1) * sizeof(WCHAR));
        if (!wide)
            return STATUS_NO_MEMORY;
        RtlUTF8ToUnicodeN(wide, n * sizeof(WCHAR), &bytes, value, n);
        wide[bytes / sizeof(WCHAR)] = 0;
        status = KmPathGetFullPathName(wide, &path, &length, &filePart);
        free(wide);
    }
    if (!NT_SUCCESS(status))
        return status;
    if (path[length - 1] != L'\\') {
        PWSTR longer = realloc(path, (length + 2) * sizeof(WCHAR));
        if (!longer) {
            free(path);
            return STATUS_NO_MEMORY;
        }
        path = longer;
        path[length++] = L'\\';
        path[length] = 0;
    }
    *Path = path;
    *Length = length;
    return STATUS_SUCCESS;
}

DWORD WINAPI GetTempPathW(DWORD nBufferLength, LPWSTR lpBuffer)
{
    return KmpReturnComputedPath(KmpTempPath, lpBuffer, nBufferLength, TRUE);
}

DWORD WINAPI GetTempPathA(DWORD nBufferLength, LPSTR lpBuffer)
{
    return KmpReturnComputedPath(KmpTempPath, lpBuffer, nBufferLength, FALSE);
}

/*
 * @implemented
 * Attributes from the Linux file type and owner permissions (see win/file.h).
 */
DWORD WINAPI GetFileAttributesW(LPCWSTR lpFileName)
{
    char *host = KmpHostPath(lpFileName);
    HOST_FILE_INFO info;
    NTSTATUS status;
    DWORD attributes;

    if (!host)
        return INVALID_FILE_ATTRIBUTES;
    status = HostQueryFileInformation(host, &info);
    if (!NT_SUCCESS(status)) {
        BaseSetLastNTError(KmpAdjustStatus(host, status));
        free(host);
        return INVALID_FILE_ATTRIBUTES;
    }
    attributes = KmpAttributes(host, &info);
    free(host);
    return attributes;
}

DWORD WINAPI GetFileAttributesA(LPCSTR lpFileName)
{
    KMP_CALL_WITH_WIDE_NAME(lpFileName, INVALID_FILE_ATTRIBUTES, GetFileAttributesW(WideName));
}

/*
 * @implemented
 * GetFileExInfoStandard: attributes, times, size.
 */
BOOL WINAPI GetFileAttributesExW(LPCWSTR lpFileName, GET_FILEEX_INFO_LEVELS fInfoLevelId, LPVOID lpFileInformation)
{
    LPWIN32_FILE_ATTRIBUTE_DATA data = lpFileInformation;
    HOST_FILE_INFO info;
    NTSTATUS status;
    char *host;

    if (fInfoLevelId != GetFileExInfoStandard || !data) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    host = KmpHostPath(lpFileName);
    if (!host)
        return FALSE;
    status = HostQueryFileInformation(host, &info);
    if (!NT_SUCCESS(status)) {
        BaseSetLastNTError(KmpAdjustStatus(host, status));
        free(host);
        return FALSE;
    }
    data->dwFileAttributes = KmpAttributes(host, &info);
    data->ftCreationTime = KmpFileTime(info.CreationTime);
    data->ftLastAccessTime = KmpFileTime(info.AccessTime);
    data->ftLastWriteTime = KmpFileTime(info.WriteTime);
    if (info.Type == HostFileDirectory)
        info.Size = 0;
    data->nFileSizeHigh = (DWORD)(info.Size >> 32);
    data->nFileSizeLow = (DWORD)info.Size;
    free(host);
    return TRUE;
}

BOOL WINAPI GetFileAttributesExA(LPCSTR lpFileName, GET_FILEEX_INFO_LEVELS fInfoLevelId, LPVOID lpFileInformation)
{
    KMP_CALL_WITH_WIDE_NAME(lpFileName, FALSE, GetFileAttributesExW(WideName, fInfoLevelId, lpFileInformation));
}

/*
 * @implemented
 * Deletes a file; a directory or a read-only file is ERROR_ACCESS_DENIED, as on Windows.
 */
BOOL WINAPI DeleteFileW(LPCWSTR lpFileName)
{
    char *host = KmpHostPath(lpFileName);
    HOST_FILE_INFO info;
    NTSTATUS status;

    if (!host)
        return FALSE;
    status = HostQueryFileInformation(host, &info);
    if (NT_SUCCESS(status)) {
        if (info.Type == HostFileDirectory)
            status = STATUS_FILE_IS_A_DIRECTORY;
        else if (info.Type == HostFileRegular && info.ReadOnly)
            status = STATUS_CANNOT_DELETE;     /* Windows refuses to delete read-only files */
        else
            status = HostDeleteFile(host);
    }
    if (!NT_SUCCESS(status))
        BaseSetLastNTError(KmpAdjustStatus(host, status));
    free(host);
    return NT_SUCCESS(status);
}

BOOL WINAPI DeleteFileA(LPCSTR lpFileName)
{
    KMP_CALL_WITH_WIDE_NAME(lpFileName, FALSE, DeleteFileW(WideName));
}

/*
 * @implemented
 * mkdir of the mapped path (the security attributes are not applied).
 */
BOOL WINAPI CreateDirectoryW(LPCWSTR lpPathName, LPSECURITY_ATTRIBUTES lpSecurityAttributes)
{
    char *host;
    NTSTATUS status;

    (void)lpSecurityAttributes;
    host = KmpHostPath(lpPathName);
    if (!host)
        return FALSE;
    status = HostCreateDirectory(host);
    if (!NT_SUCCESS(status))
        BaseSetLastNTError(status);
    free(host);
    return NT_SUCCESS(status);
}

BOOL WINAPI CreateDirectoryA(LPCSTR lpPathName, LPSECURITY_ATTRIBUTES lpSecurityAttributes)
{
    KMP_CALL_WITH_WIDE_NAME(lpPathName, FALSE, CreateDirectoryW(WideName, lpSecurityAttributes));
}

/*
 * @implemented
 * rmdir of the mapped path; the current directory is in use (ERROR_SHARING_VIOLATION), as
 * Windows keeps a handle to it.
 */
BOOL WINAPI RemoveDirectoryW(LPCWSTR lpPathName)
{
    char *host = KmpHostPath(lpPathName), *canonical = NULL, *cwd = NULL;
    NTSTATUS status;

    if (!host)
        return FALSE;
    status = STATUS_SUCCESS;
    if (NT_SUCCESS(HostCanonicalizePath(host, &canonical)) && NT_SUCCESS(HostGetCurrentDirectory(&cwd)) &&
        !strcmp(canonical, cwd))
        status = STATUS_SHARING_VIOLATION;
    free(canonical);
    free(cwd);
    if (NT_SUCCESS(status))
        status = HostRemoveDirectory(host);
    if (!NT_SUCCESS(status))
        BaseSetLastNTError(status);
    free(host);
    return NT_SUCCESS(status);
}

BOOL WINAPI RemoveDirectoryA(LPCSTR lpPathName)
{
    KMP_CALL_WITH_WIDE_NAME(lpPathName, FALSE, RemoveDirectoryW(WideName));
}
