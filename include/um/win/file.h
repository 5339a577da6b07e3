/*
 * PURPOSE: windows.h part: paths and files on the Linux file system (fileapi.h,
 * processenv.h, libloaderapi.h, sysinfoapi.h).
 *
 * Windows paths map to Linux paths through one documented scheme (docs/paths.md): C: is the
 * Linux root, C:\Windows a kmode-managed directory, names match case-insensitively when the
 * exact spelling does not exist, '/' and '\' both separate. kmode behaves as a
 * long-path-aware process: no MAX_PATH limit on names (32767 characters at most).
 * The A functions use the ANSI code page (Windows-1252); Linux names are UTF-8.
 *
 * Sections: "Paths and directories" (src/win32/curdir.c) and "Files" (CreateFile and the
 * file I/O functions, their own section below).
 */
#ifndef _KMODE_UM_WIN_FILE_H_
#define _KMODE_UM_WIN_FILE_H_

#include <win/base.h>
#include <win/io.h>     /* OVERLAPPED completion routines (ReadFileEx) */

KMODE_EXTERN_C_START

/* ==== Paths and directories (src/win32/curdir.c) ======================================== */

#define INVALID_FILE_ATTRIBUTES ((DWORD)-1)

typedef enum _GET_FILEEX_INFO_LEVELS {
    GetFileExInfoStandard,
    GetFileExMaxInfoLevel
} GET_FILEEX_INFO_LEVELS;

typedef struct _WIN32_FILE_ATTRIBUTE_DATA {
    DWORD dwFileAttributes;
    FILETIME ftCreationTime;
    FILETIME ftLastAccessTime;
    FILETIME ftLastWriteTime;
    DWORD nFileSizeHigh;
    DWORD nFileSizeLow;
} WIN32_FILE_ATTRIBUTE_DATA, *LPWIN32_FILE_ATTRIBUTE_DATA;

/*
 * The current directory, in Win32 form (C:\home\u; the Linux process's working directory).
 * Returns its length without the terminator, or, when nBufferLength is too small, the size
 * needed with the terminator (nothing written); 0 on failure (GetLastError). @implemented
 */
WINBASEAPI DWORD WINAPI GetCurrentDirectoryA(_In_ DWORD nBufferLength, _Out_writes_to_opt_(nBufferLength, return + 1) LPSTR lpBuffer);
WINBASEAPI DWORD WINAPI GetCurrentDirectoryW(_In_ DWORD nBufferLength, _Out_writes_to_opt_(nBufferLength, return + 1) LPWSTR lpBuffer);

/*
 * Changes the current directory (the process's, as on Windows): ERROR_FILE_NOT_FOUND,
 * ERROR_PATH_NOT_FOUND, ERROR_DIRECTORY (not a directory), ERROR_ACCESS_DENIED,
 * ERROR_INVALID_NAME (""), ERROR_INVALID_PARAMETER (NULL). @implemented
 */
WINBASEAPI BOOL WINAPI SetCurrentDirectoryA(_In_ LPCSTR lpPathName);
WINBASEAPI BOOL WINAPI SetCurrentDirectoryW(_In_ LPCWSTR lpPathName);

/*
 * C:\Windows\System32 and C:\Windows (docs/paths.md: the kmode-managed system root).
 * Returns the length without the terminator, or the size needed with it when uSize is too
 * small (nothing written). @implemented
 */
WINBASEAPI UINT WINAPI GetSystemDirectoryA(_Out_writes_to_opt_(uSize, return + 1) LPSTR lpBuffer, _In_ UINT uSize);
WINBASEAPI UINT WINAPI GetSystemDirectoryW(_Out_writes_to_opt_(uSize, return + 1) LPWSTR lpBuffer, _In_ UINT uSize);
WINBASEAPI UINT WINAPI GetWindowsDirectoryA(_Out_writes_to_opt_(uSize, return + 1) LPSTR lpBuffer, _In_ UINT uSize);
WINBASEAPI UINT WINAPI GetWindowsDirectoryW(_Out_writes_to_opt_(uSize, return + 1) LPWSTR lpBuffer, _In_ UINT uSize);
WINBASEAPI UINT WINAPI GetSystemWindowsDirectoryA(_Out_writes_to_opt_(uSize, return + 1) LPSTR lpBuffer, _In_ UINT uSize);
WINBASEAPI UINT WINAPI GetSystemWindowsDirectoryW(_Out_writes_to_opt_(uSize, return + 1) LPWSTR lpBuffer, _In_ UINT uSize);

/*
 * The full path of a name (the current directory applied, '.' and '..' evaluated, '/' made
 * '\'; the file system is not consulted). Returns the length without the terminator, or the
 * size needed with it when nBufferLength is too small (nothing written); 0 on failure:
 * ERROR_INVALID_NAME (""), ERROR_FILENAME_EXCED_RANGE (over 32767 characters).
 * *lpFilePart (when given) points at the last component in lpBuffer, or is NULL when the
 * path ends with '\'. @implemented
 */
WINBASEAPI DWORD WINAPI GetFullPathNameA(_In_ LPCSTR lpFileName, _In_ DWORD nBufferLength,
                                         _Out_writes_to_opt_(nBufferLength, return + 1) LPSTR lpBuffer,
                                         _Outptr_opt_ LPSTR *lpFilePart);
WINBASEAPI DWORD WINAPI GetFullPathNameW(_In_ LPCWSTR lpFileName, _In_ DWORD nBufferLength,
                                         _Out_writes_to_opt_(nBufferLength, return + 1) LPWSTR lpBuffer,
                                         _Outptr_opt_ LPWSTR *lpFilePart);

/*
 * The file of a module, in Win32 form: hModule NULL is the executable; otherwise the base
 * address of a loaded module (ERROR_MOD_NOT_FOUND when none starts there). Returns the
 * length without the terminator; when nSize is too small the name is truncated to nSize
 * characters with the terminator, nSize is returned and the last error is
 * ERROR_INSUFFICIENT_BUFFER. @implemented
 */
WINBASEAPI DWORD WINAPI GetModuleFileNameA(_In_opt_ HMODULE hModule, _Out_writes_to_(nSize, return + 1) LPSTR lpFilename, _In_ DWORD nSize);
WINBASEAPI DWORD WINAPI GetModuleFileNameW(_In_opt_ HMODULE hModule, _Out_writes_to_(nSize, return + 1) LPWSTR lpFilename, _In_ DWORD nSize);

/*
 * The directory for temporary files, with a trailing '\': the first of %TMP%, %TEMP%,
 * $TMPDIR that is set (a value starting with '/' is a Linux path, others Win32 paths),
 * else /tmp. The directory is not checked. Returns the length without the terminator, or
 * the size needed with it when nBufferLength is too small. @implemented
 */
WINBASEAPI DWORD WINAPI GetTempPathA(_In_ DWORD nBufferLength, _Out_writes_to_opt_(nBufferLength, return + 1) LPSTR lpBuffer);
WINBASEAPI DWORD WINAPI GetTempPathW(_In_ DWORD nBufferLength, _Out_writes_to_opt_(nBufferLength, return + 1) LPWSTR lpBuffer);

/*
 * A file's attributes: FILE_ATTRIBUTE_DIRECTORY for a directory, FILE_ATTRIBUTE_ARCHIVE for
 * a file (plus FILE_ATTRIBUTE_READONLY when its owner may not write it), FILE_ATTRIBUTE_NORMAL
 * for other kinds (devices, FIFOs); FILE_ATTRIBUTE_HIDDEN for names starting with '.'.
 * INVALID_FILE_ATTRIBUTES on failure: ERROR_FILE_NOT_FOUND, ERROR_PATH_NOT_FOUND,
 * ERROR_INVALID_NAME, ERROR_ACCESS_DENIED. @implemented
 */
WINBASEAPI DWORD WINAPI GetFileAttributesA(_In_ LPCSTR lpFileName);
WINBASEAPI DWORD WINAPI GetFileAttributesW(_In_ LPCWSTR lpFileName);

/*
 * Attributes, times (creation is the birth time where the file system keeps one) and size
 * (0 for a directory). fInfoLevelId must be GetFileExInfoStandard (else
 * ERROR_INVALID_PARAMETER); errors as GetFileAttributes. @implemented
 */
WINBASEAPI BOOL WINAPI GetFileAttributesExA(_In_ LPCSTR lpFileName, _In_ GET_FILEEX_INFO_LEVELS fInfoLevelId,
                                            _Out_writes_bytes_(sizeof(WIN32_FILE_ATTRIBUTE_DATA)) LPVOID lpFileInformation);
WINBASEAPI BOOL WINAPI GetFileAttributesExW(_In_ LPCWSTR lpFileName, _In_ GET_FILEEX_INFO_LEVELS fInfoLevelId,
                                            _Out_writes_bytes_(sizeof(WIN32_FILE_ATTRIBUTE_DATA)) LPVOID lpFileInformation);

/*
 * Deletes a file: ERROR_FILE_NOT_FOUND, ERROR_PATH_NOT_FOUND, ERROR_ACCESS_DENIED (a
 * directory, a read-only file as Windows refuses it, no permission). @implemented
 */
WINBASEAPI BOOL WINAPI DeleteFileA(_In_ LPCSTR lpFileName);
WINBASEAPI BOOL WINAPI DeleteFileW(_In_ LPCWSTR lpFileName);

/*
 * Creates a directory (lpSecurityAttributes is accepted and not applied: Linux permissions
 * follow the umask): ERROR_ALREADY_EXISTS, ERROR_PATH_NOT_FOUND (a missing parent),
 * ERROR_ACCESS_DENIED. @implemented
 */
WINBASEAPI BOOL WINAPI CreateDirectoryA(_In_ LPCSTR lpPathName, _In_opt_ LPSECURITY_ATTRIBUTES lpSecurityAttributes);
WINBASEAPI BOOL WINAPI CreateDirectoryW(_In_ LPCWSTR lpPathName, _In_opt_ LPSECURITY_ATTRIBUTES lpSecurityAttributes);

/*
 * Removes an empty directory: ERROR_DIR_NOT_EMPTY, ERROR_DIRECTORY (a file),
 * ERROR_FILE_NOT_FOUND, ERROR_PATH_NOT_FOUND, ERROR_SHARING_VIOLATION (the current
 * directory, which Windows keeps open), ERROR_ACCESS_DENIED. @implemented
 */
WINBASEAPI BOOL WINAPI RemoveDirectoryA(_In_ LPCSTR lpPathName);
WINBASEAPI BOOL WINAPI RemoveDirectoryW(_In_ LPCWSTR lpPathName);

#ifdef UNICODE
#define GetCurrentDirectory       GetCurrentDirectoryW
#define SetCurrentDirectory       SetCurrentDirectoryW
#define GetSystemDirectory        GetSystemDirectoryW
#define GetWindowsDirectory       GetWindowsDirectoryW
#define GetSystemWindowsDirectory GetSystemWindowsDirectoryW
#define GetFullPathName           GetFullPathNameW
#define GetModuleFileName         GetModuleFileNameW
#define GetTempPath               GetTempPathW
#define GetFileAttributes         GetFileAttributesW
#define GetFileAttributesEx       GetFileAttributesExW
#define DeleteFile                DeleteFileW
#define CreateDirectory           CreateDirectoryW
#define RemoveDirectory           RemoveDirectoryW
#else
#define GetCurrentDirectory       GetCurrentDirectoryA
#define SetCurrentDirectory       SetCurrentDirectoryA
#define GetSystemDirectory        GetSystemDirectoryA
#define GetWindowsDirectory       GetWindowsDirectoryA
#define GetSystemWindowsDirectory GetSystemWindowsDirectoryA
#define GetFullPathName           GetFullPathNameA
#define GetModuleFileName         GetModuleFileNameA
#define GetTempPath               GetTempPathA
#define GetFileAttributes         GetFileAttributesA
#define GetFileAttributesEx       GetFileAttributesExA
#define DeleteFile                DeleteFileA
#define CreateDirectory           CreateDirectoryA
#define RemoveDirectory           RemoveDirectoryA
#endif

/* ==== Files (CreateFile, ReadFile, WriteFile, ...: the file I/O section) ================= */

/*
 * Files and devices are opened through the I/O manager (NtCreateFile): C:\... names reach
 * kmode's host file system driver (\FileSystem\HostFs, docs/hostfs.md), \\.\Name names the
 * device a driver linked as \DosDevices\Name. Implemented in src/win32/file.c (see
 * docs/win32.md, "Device and file I/O").
 */

/* CreateFile dispositions. */
#define CREATE_NEW        1
#define CREATE_ALWAYS     2
#define OPEN_EXISTING     3
#define OPEN_ALWAYS       4
#define TRUNCATE_EXISTING 5

/* CreateFile flags (the high bits of dwFlagsAndAttributes). */
#define FILE_FLAG_WRITE_THROUGH       0x80000000
#define FILE_FLAG_OVERLAPPED          0x40000000
#define FILE_FLAG_NO_BUFFERING        0x20000000
#define FILE_FLAG_RANDOM_ACCESS       0x10000000
#define FILE_FLAG_SEQUENTIAL_SCAN     0x08000000
#define FILE_FLAG_DELETE_ON_CLOSE     0x04000000
#define FILE_FLAG_BACKUP_SEMANTICS    0x02000000
#define FILE_FLAG_POSIX_SEMANTICS     0x01000000
#define FILE_FLAG_SESSION_AWARE       0x00800000
#define FILE_FLAG_OPEN_REPARSE_POINT  0x00200000
#define FILE_FLAG_OPEN_NO_RECALL      0x00100000
#define FILE_FLAG_FIRST_PIPE_INSTANCE 0x00080000

/* Security quality of service flags (named pipes; accepted and not used). */
#define SECURITY_ANONYMOUS        0x00000000
#define SECURITY_IDENTIFICATION   0x00010000
#define SECURITY_IMPERSONATION    0x00020000
#define SECURITY_DELEGATION       0x00030000
#define SECURITY_CONTEXT_TRACKING 0x00040000
#define SECURITY_EFFECTIVE_ONLY   0x00080000
#define SECURITY_SQOS_PRESENT     0x00100000
#define SECURITY_VALID_SQOS_FLAGS 0x001F0000

/*
 * Opens or creates a file, or opens a device (\\.\Name), and returns a handle
 * (INVALID_HANDLE_VALUE and the last error on failure).
 * dwCreationDisposition: CREATE_NEW (ERROR_FILE_EXISTS when it exists), CREATE_ALWAYS
 * (truncates an existing file: success with ERROR_ALREADY_EXISTS as the last error),
 * OPEN_EXISTING (ERROR_FILE_NOT_FOUND / ERROR_PATH_NOT_FOUND), OPEN_ALWAYS (success with
 * ERROR_ALREADY_EXISTS when it existed), TRUNCATE_EXISTING; another value:
 * ERROR_INVALID_PARAMETER. On every other success the last error is 0.
 * The handle is synchronous (FILE_SYNCHRONOUS_IO_NONALERT: requests wait and use the file
 * position) unless FILE_FLAG_OVERLAPPED is given. FILE_FLAG_DELETE_ON_CLOSE deletes the file
 * when its last handle closes; FILE_FLAG_BACKUP_SEMANTICS is needed to open a directory
 * (else ERROR_ACCESS_DENIED). dwShareMode: what other opens may do meanwhile
 * (ERROR_SHARING_VIOLATION when an open conflicts). lpSecurityAttributes->bInheritHandle
 * makes the handle inheritable (the descriptor is not applied). hTemplateFile (opened with
 * GENERIC_READ) gives its attributes to a file being created. "CONIN$" and "CONOUT$" open
 * the standard input and output (the console device, see GetStdHandle). @implemented
 */
WINBASEAPI HANDLE WINAPI CreateFileA(_In_ LPCSTR lpFileName, _In_ DWORD dwDesiredAccess,
                                     _In_ DWORD dwShareMode,
                                     _In_opt_ LPSECURITY_ATTRIBUTES lpSecurityAttributes,
                                     _In_ DWORD dwCreationDisposition,
                                     _In_ DWORD dwFlagsAndAttributes,
                                     _In_opt_ HANDLE hTemplateFile);
WINBASEAPI HANDLE WINAPI CreateFileW(_In_ LPCWSTR lpFileName, _In_ DWORD dwDesiredAccess,
                                     _In_ DWORD dwShareMode,
                                     _In_opt_ LPSECURITY_ATTRIBUTES lpSecurityAttributes,
                                     _In_ DWORD dwCreationDisposition,
                                     _In_ DWORD dwFlagsAndAttributes,
                                     _In_opt_ HANDLE hTemplateFile);

/*
 * Reads up to nNumberOfBytesToRead bytes (IRP_MJ_READ).
 * Without lpOverlapped: at the file position of a synchronous handle (which advances), waiting
 * for the request; *lpNumberOfBytesRead gets the count; at the end of a file TRUE with 0
 * bytes. With lpOverlapped: at Offset/OffsetHigh; on an overlapped handle FALSE with
 * ERROR_IO_PENDING while it runs (GetOverlappedResult), at the end of the file FALSE with
 * ERROR_HANDLE_EOF. Errors: ERROR_INVALID_HANDLE, ERROR_ACCESS_DENIED (no read access),
 * ERROR_NOACCESS (a buffer that cannot be written), the driver's status mapped.
 * @implemented
 */
WINBASEAPI BOOL WINAPI ReadFile(_In_ HANDLE hFile,
                                _Out_writes_bytes_to_opt_(nNumberOfBytesToRead, *lpNumberOfBytesRead) LPVOID lpBuffer,
                                _In_ DWORD nNumberOfBytesToRead,
                                _Out_opt_ LPDWORD lpNumberOfBytesRead,
                                _Inout_opt_ LPOVERLAPPED lpOverlapped);
/*
 * Writes nNumberOfBytesToWrite bytes (IRP_MJ_WRITE), as ReadFile reads; Offset and
 * OffsetHigh both 0xFFFFFFFF write at the end of the file. @implemented
 */
WINBASEAPI BOOL WINAPI WriteFile(_In_ HANDLE hFile,
                                 _In_reads_bytes_opt_(nNumberOfBytesToWrite) LPCVOID lpBuffer,
                                 _In_ DWORD nNumberOfBytesToWrite,
                                 _Out_opt_ LPDWORD lpNumberOfBytesWritten,
                                 _Inout_opt_ LPOVERLAPPED lpOverlapped);

/*
 * Asynchronous read / write with a completion routine: lpOverlapped gives the offset (and is
 * the request's status block); lpCompletionRoutine(error, bytes, lpOverlapped) runs as a
 * user APC of the calling thread once the request completed and the thread waits
 * alertably (SleepEx, WaitForSingleObjectEx(..., TRUE), ...), which then returns
 * WAIT_IO_COMPLETION. hEvent is not used. FALSE with the last error when the request failed
 * at once (the routine then never runs): ERROR_HANDLE_EOF, ERROR_INVALID_PARAMETER (a file
 * bound to a completion port), the errors of ReadFile / WriteFile. @implemented
 */
WINBASEAPI BOOL WINAPI ReadFileEx(_In_ HANDLE hFile,
                                  _Out_writes_bytes_opt_(nNumberOfBytesToRead) LPVOID lpBuffer,
                                  _In_ DWORD nNumberOfBytesToRead,
                                  _Inout_ LPOVERLAPPED lpOverlapped,
                                  _In_ LPOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);
WINBASEAPI BOOL WINAPI WriteFileEx(_In_ HANDLE hFile,
                                   _In_reads_bytes_opt_(nNumberOfBytesToWrite) LPCVOID lpBuffer,
                                   _In_ DWORD nNumberOfBytesToWrite,
                                   _Inout_ LPOVERLAPPED lpOverlapped,
                                   _In_ LPOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);

/* ---- Sizes, positions, information ---------------------------------------------------- */

#define INVALID_FILE_SIZE        ((DWORD)0xFFFFFFFF)
#define INVALID_SET_FILE_POINTER ((DWORD)-1)
#define FILE_BEGIN   0
#define FILE_CURRENT 1
#define FILE_END     2

#define FILE_TYPE_UNKNOWN 0x0000
#define FILE_TYPE_DISK    0x0001
#define FILE_TYPE_CHAR    0x0002
#define FILE_TYPE_PIPE    0x0003
#define FILE_TYPE_REMOTE  0x8000

typedef struct _BY_HANDLE_FILE_INFORMATION {
    DWORD dwFileAttributes;
    FILETIME ftCreationTime;
    FILETIME ftLastAccessTime;
    FILETIME ftLastWriteTime;
    DWORD dwVolumeSerialNumber;
    DWORD nFileSizeHigh;
    DWORD nFileSizeLow;
    DWORD nNumberOfLinks;
    DWORD nFileIndexHigh;
    DWORD nFileIndexLow;
} BY_HANDLE_FILE_INFORMATION, *PBY_HANDLE_FILE_INFORMATION, *LPBY_HANDLE_FILE_INFORMATION;

/*
 * The size of the file: GetFileSize returns its low 32 bits (the high ones in
 * *lpFileSizeHigh), INVALID_FILE_SIZE with the last error on failure (ERROR_INVALID_HANDLE;
 * ERROR_INVALID_FUNCTION for a device without sizes). @implemented
 */
WINBASEAPI DWORD WINAPI GetFileSize(_In_ HANDLE hFile, _Out_opt_ LPDWORD lpFileSizeHigh);
WINBASEAPI BOOL WINAPI GetFileSizeEx(_In_ HANDLE hFile, _Out_ PLARGE_INTEGER lpFileSize);

/*
 * Moves the file position: from the start (FILE_BEGIN), the current position (FILE_CURRENT)
 * or the end (FILE_END); past the end is allowed (a write there extends the file), before
 * the start is ERROR_NEGATIVE_SEEK. SetFilePointer without lpDistanceToMoveHigh moves by a
 * signed 32-bit distance and fails (ERROR_INVALID_PARAMETER) if the new position needs more
 * than 32 bits; it returns the low 32 bits of the new position, or INVALID_SET_FILE_POINTER
 * with the last error (0 when that is the real position). @implemented
 */
WINBASEAPI DWORD WINAPI SetFilePointer(_In_ HANDLE hFile, _In_ LONG lDistanceToMove,
                                       _Inout_opt_ PLONG lpDistanceToMoveHigh, _In_ DWORD dwMoveMethod);
WINBASEAPI BOOL WINAPI SetFilePointerEx(_In_ HANDLE hFile, _In_ LARGE_INTEGER liDistanceToMove,
                                        _Out_opt_ PLARGE_INTEGER lpNewFilePointer, _In_ DWORD dwMoveMethod);

/* Ends the file at the current position (truncating or extending it with zeros); needs write
   access (ERROR_ACCESS_DENIED). @implemented */
WINBASEAPI BOOL WINAPI SetEndOfFile(_In_ HANDLE hFile);

/* Writes what was written to the file through to its storage (fsync); needs write access
   (ERROR_ACCESS_DENIED). On a standard handle: flushes the C library's stream. @implemented */
WINBASEAPI BOOL WINAPI FlushFileBuffers(_In_ HANDLE hFile);

/*
 * Attributes, times, size, number of links and index (unique on the volume while the file
 * is open) of a file on C:; dwVolumeSerialNumber is C:'s. A device's handle:
 * ERROR_INVALID_FUNCTION. @implemented
 */
WINBASEAPI BOOL WINAPI GetFileInformationByHandle(_In_ HANDLE hFile,
                                                  _Out_ LPBY_HANDLE_FILE_INFORMATION lpFileInformation);

/*
 * FILE_TYPE_DISK (a file or directory), FILE_TYPE_CHAR (a character device, the console),
 * FILE_TYPE_PIPE, or FILE_TYPE_UNKNOWN (other devices: the last error is 0; an invalid
 * handle: ERROR_INVALID_HANDLE). A standard handle reports what it is connected to: a
 * terminal CHAR, a redirected file DISK, a pipe PIPE. @implemented
 */
WINBASEAPI DWORD WINAPI GetFileType(_In_ HANDLE hFile);

/* ---- Standard handles (processenv.h) ----------------------------------------------------- */

#define STD_INPUT_HANDLE  ((DWORD)-10)
#define STD_OUTPUT_HANDLE ((DWORD)-11)
#define STD_ERROR_HANDLE  ((DWORD)-12)

/*
 * The standard input, output or error handle: at first handles to kmode's console device
 * (\Device\ConDrv\Input, \Output, \Error), whose reads and writes are the process's Linux
 * descriptors 0, 1 and 2 (in order with printf). They are ordinary handles: CloseHandle
 * closes them (GetStdHandle then returns the closed value, as on Windows). Another
 * nStdHandle: INVALID_HANDLE_VALUE with ERROR_INVALID_HANDLE. @implemented
 */
WINBASEAPI HANDLE WINAPI GetStdHandle(_In_ DWORD nStdHandle);
/* Replaces a standard handle (the old one is not closed); ERROR_INVALID_HANDLE for another
   nStdHandle. @implemented */
WINBASEAPI BOOL WINAPI SetStdHandle(_In_ DWORD nStdHandle, _In_ HANDLE hHandle);

#ifdef UNICODE
#define CreateFile CreateFileW
#else
#define CreateFile CreateFileA
#endif

KMODE_EXTERN_C_END

#endif /* _KMODE_UM_WIN_FILE_H_ */
