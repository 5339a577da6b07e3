/*
 * PURPOSE: User-mode CRT: fopen and the CRT's other file-name functions (fopen_s, _wfopen,
 * _wfopen_s, remove, _wremove, rename, _wrename) take Windows names: each name goes through
 * the Win32 path mapping (C:\..., '\' or '/', case-insensitive lookup; docs/paths.md), so an
 * app's log file "C:\\temp\\app.log" or "Logs\\run.txt" lands where Windows would put it.
 * A Linux path works unchanged ("/tmp/x" is C:\tmp\x). Narrow names are ANSI (Windows-1252),
 * as the MS CRT reads them. Declarations: include/um/crt/stdio.h.
 */

/* INCLUDES ******************************************************************************/

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <internal/win32.h>
#include <internal/host.h>
#include <internal/path.h>

/* PRIVATE FUNCTIONS *********************************************************************/

/* The errno a failed name mapping means. */
static int KmpErrnoFromStatus(NTSTATUS Status)
{
    switch (Status) {
    case STATUS_OBJECT_NAME_NOT_FOUND:
    case STATUS_OBJECT_PATH_NOT_FOUND:  return ENOENT;
    case STATUS_NO_MEMORY:              return ENOMEM;
    case STATUS_NAME_TOO_LONG:          return ENAMETOOLONG;
    case STATUS_ACCESS_DENIED:          return EACCES;
    default:                            return EINVAL;
    }
}

/* An ANSI name as a malloc'd UTF-16 string; NULL with errno set. */
static PWSTR KmpWideName(const char *Name)
{
    SIZE_T n;
    PWSTR wide;
    if (!Name) {
        errno = EINVAL;
        return NULL;
    }
    n = strlen(Name);
    wide = malloc((n + 1) * sizeof(WCHAR));
    if (!wide) {
        errno = ENOMEM;
        return NULL;
    }
    RtlMultiByteToUnicodeN(wide, (ULONG)(n * sizeof(WCHAR)), NULL, Name, (ULONG)n);
    wide[n] = 0;
    return wide;
}

/* A narrow (ANSI) or wide name's Linux path, malloc'd; NULL with errno set. */
static char *KmpMapName(const void *Name, BOOLEAN Wide)
{
    PWSTR wide = Wide ? (PWSTR)Name : KmpWideName(Name);
    char *host = NULL;
    NTSTATUS status;

    if (!wide) {
        errno = EINVAL;
        return NULL;
    }
    status = KmPathDosToHost(wide, &host);
    if (!Wide)
        free(wide);
    if (!NT_SUCCESS(status)) {
        errno = KmpErrnoFromStatus(status);
        return NULL;
    }
    return host;
}

/* A wide mode string ("rb", "w+t") in ASCII; NULL (EINVAL) for anything else. */
static char *KmpNarrowMode(const WCHAR *Mode, char *Buffer, SIZE_T Size)
{
    SIZE_T i = 0;
    if (!Mode) {
        errno = EINVAL;
        return NULL;
    }
    for (; Mode[i]; i++) {
        if (Mode[i] >= 0x80 || i + 1 >= Size) {
            errno = EINVAL;
            return NULL;
        }
        Buffer[i] = (char)Mode[i];
    }
    Buffer[i] = 0;
    return Buffer;
}

static FILE *KmpOpen(const void *Name, const char *Mode, BOOLEAN Wide)
{
    char *host;
    FILE *file;

    if (!Mode || !*Mode) {
        errno = EINVAL;
        return NULL;
    }
    host = KmpMapName(Name, Wide);
    if (!host)
        return NULL;
    file = fopen(host, Mode);
    free(host);
    return file;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * fopen/_wfopen with a Windows name (mode as the C library takes it: "r", "wb", "a+t", ...).
 * NULL with errno: ENOENT (no such file or directory), EINVAL (invalid name or mode), ...
 */
FILE *kmcrt_fopen(const char *Name, const char *Mode)
{
    return KmpOpen(Name, Mode, FALSE);
}

FILE *kmcrt__wfopen(const WCHAR *Name, const WCHAR *Mode)
{
    char mode[16];
    if (!KmpNarrowMode(Mode, mode, sizeof mode))
        return NULL;
    return KmpOpen(Name, mode, TRUE);
}

/*
 * @implemented
 * fopen_s/_wfopen_s: 0 and *File, or the errno value (EINVAL for a NULL File, Name or Mode;
 * *File is NULL on failure).
 */
int kmcrt_fopen_s(FILE **File, const char *Name, const char *Mode)
{
    if (!File)
        return EINVAL;
    *File = kmcrt_fopen(Name, Mode);
    return *File ? 0 : errno;
}

int kmcrt__wfopen_s(FILE **File, const WCHAR *Name, const WCHAR *Mode)
{
    if (!File)
        return EINVAL;
    *File = kmcrt__wfopen(Name, Mode);
    return *File ? 0 : errno;
}

/*
 * @implemented
 * remove/_wremove: DeleteFile (a directory or a read-only file is EACCES); rename/_wrename:
 * never replaces an existing target (EACCES, as the MS CRT documents). 0, or -1 with errno.
 */
static int KmpErrnoFromWin32(DWORD Error)
{
    switch (Error) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:   return ENOENT;
    case ERROR_ACCESS_DENIED:
    case ERROR_ALREADY_EXISTS:
    case ERROR_SHARING_VIOLATION: return EACCES;
    case ERROR_NOT_SAME_DEVICE:  return EXDEV;
    case ERROR_NOT_ENOUGH_MEMORY: return ENOMEM;
    default:                     return EINVAL;
    }
}

int kmcrt__wremove(const WCHAR *Name)
{
    if (!Name) {
        errno = EINVAL;
        return -1;
    }
    if (!DeleteFileW(Name)) {
        errno = KmpErrnoFromWin32(GetLastError());
        return -1;
    }
    return 0;
}

int kmcrt__wrename(const WCHAR *Old, const WCHAR *New)
{
    char *from = KmpMapName(Old, TRUE), *to;
    NTSTATUS status;

    if (!from)
        return -1;
    to = KmpMapName(New, TRUE);
    if (!to) {
        free(from);
        return -1;
    }
    status = HostRenameFile(from, to);
    free(from);
    free(to);
    if (!NT_SUCCESS(status)) {
        errno = KmpErrnoFromWin32(BaseSetLastNTError(status));
        return -1;
    }
    return 0;
}

int kmcrt_remove(const char *Name)
{
    PWSTR wide = KmpWideName(Name);
    int result;
    if (!wide)
        return -1;
    result = kmcrt__wremove(wide);
    free(wide);
    return result;
}

int kmcrt_rename(const char *Old, const char *New)
{
    PWSTR from = KmpWideName(Old), to = KmpWideName(New);
    int result = -1;
    if (from && to)
        result = kmcrt__wrename(from, to);
    free(from);
    free(to);
    return result;
}
