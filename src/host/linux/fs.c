/*
 * PURPOSE: Host primitives: path operations on the Linux file system (stat, directory
 * enumeration, mkdir/rmdir/unlink, the current directory, module paths), with failures
 * reported as the NTSTATUS a Windows file system gives for the same condition.
 */

/* INCLUDES ******************************************************************************/

#include <dirent.h>
#include <dlfcn.h>
#include <stdio.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include <ntstatus.h>
#include <internal/host.h>
#include "hostp.h"

/* PRIVATE FUNCTIONS *********************************************************************/

/* Reads a symbolic link whose target length is unknown (/proc/self/exe). */
static NTSTATUS HostpReadLink(const char *Link, char **Target)
{
    for (size_t size = 256; size <= (1u << 20); size *= 2) {
        char *buf = malloc(size);
        ssize_t n;
        if (!buf)
            return STATUS_NO_MEMORY;
        n = readlink(Link, buf, size);
        if (n < 0) {
            NTSTATUS status = HostStatusFromErrno(errno);
            free(buf);
            return status;
        }
        if ((size_t)n < size) {
            buf[n] = 0;
            *Target = buf;
            return STATUS_SUCCESS;
        }
        free(buf);
    }
    return STATUS_NAME_TOO_LONG;
}

static NTSTATUS HostpDuplicate(const char *Text, char **Copy)
{
    *Copy = strdup(Text);
    return *Copy ? STATUS_SUCCESS : STATUS_NO_MEMORY;
}

/* PUBLIC FUNCTIONS **********************************************************************/

NTSTATUS HostStatusFromErrno(int Error)
{
    switch (Error) {
    case 0:            return STATUS_SUCCESS;
    case ENOENT:       return STATUS_OBJECT_NAME_NOT_FOUND;
    case ENOTDIR:      return STATUS_OBJECT_PATH_NOT_FOUND;
    case EACCES:
    case EPERM:        return STATUS_ACCESS_DENIED;
    case EEXIST:       return STATUS_OBJECT_NAME_COLLISION;
    case ENOTEMPTY:    return STATUS_DIRECTORY_NOT_EMPTY;
    case EISDIR:       return STATUS_FILE_IS_A_DIRECTORY;
    case ENAMETOOLONG: return STATUS_NAME_TOO_LONG;
    case ENOSPC:
    case EDQUOT:       return STATUS_DISK_FULL;
    case EROFS:        return STATUS_MEDIA_WRITE_PROTECTED;
    case ELOOP:        return STATUS_REPARSE_POINT_NOT_RESOLVED;
    case ENOMEM:       return STATUS_NO_MEMORY;
    case EBUSY:
    case ETXTBSY:      return STATUS_SHARING_VIOLATION;
    case EMFILE:
    case ENFILE:       return STATUS_TOO_MANY_OPENED_FILES;
    case EXDEV:        return STATUS_NOT_SAME_DEVICE;
    case EINVAL:       return STATUS_INVALID_PARAMETER;
    case EIO:          return STATUS_IO_DEVICE_ERROR;
    default:           return STATUS_UNSUCCESSFUL;
    }
}

NTSTATUS HostQueryFileInformation(const char *Path, HOST_FILE_INFO *Info)
{
    struct statx st;

    if (statx(AT_FDCWD, Path, 0, STATX_BASIC_STATS | STATX_BTIME, &st) != 0)
        return HostStatusFromErrno(errno);
    HostpFileInfoFromStatx(&st, Info);
    return STATUS_SUCCESS;
}

NTSTATUS HostEnumerateDirectory(const char *Path, HOST_DIRECTORY_CALLBACK Callback, PVOID Context)
{
    DIR *dir = opendir(Path);
    struct dirent *entry;

    if (!dir)
        return HostStatusFromErrno(errno);
    for (;;) {
        errno = 0;
        entry = readdir(dir);
        if (!entry)
            break;
        if (!strcmp(entry->d_name, ".") || !strcmp(entry->d_name, ".."))
            continue;
        if (!Callback(Context, entry->d_name))
            break;
    }
    closedir(dir);
    return STATUS_SUCCESS;
}

NTSTATUS HostCreateDirectory(const char *Path)
{
    return mkdir(Path, 0777) == 0 ? STATUS_SUCCESS : HostStatusFromErrno(errno);
}

NTSTATUS HostRemoveDirectory(const char *Path)
{
    if (rmdir(Path) == 0)
        return STATUS_SUCCESS;
    /* The path's directories were checked by the caller: ENOTDIR is about the last name. */
    if (errno == ENOTDIR)
        return STATUS_NOT_A_DIRECTORY;
    if (errno == EEXIST)       /* POSIX allows it for a non-empty directory */
        return STATUS_DIRECTORY_NOT_EMPTY;
    return HostStatusFromErrno(errno);
}

NTSTATUS HostDeleteFile(const char *Path)
{
    if (unlink(Path) == 0)
        return STATUS_SUCCESS;
    /* Linux says EISDIR, POSIX allows EPERM for a directory. */
    if (errno == EISDIR || errno == EPERM) {
        struct stat st;
        if (stat(Path, &st) == 0 && S_ISDIR(st.st_mode))
            return STATUS_FILE_IS_A_DIRECTORY;
    }
    return HostStatusFromErrno(errno);
}

NTSTATUS HostRenameFile(const char *From, const char *To)
{
    if (renameat2(AT_FDCWD, From, AT_FDCWD, To, RENAME_NOREPLACE) == 0)
        return STATUS_SUCCESS;
    if (errno != EINVAL && errno != ENOSYS)
        return HostStatusFromErrno(errno);
    /* A file system without RENAME_NOREPLACE: a hard link refuses an existing name
       atomically; directories (no hard links) are checked first. */
    if (link(From, To) == 0)
        return unlink(From) == 0 ? STATUS_SUCCESS : HostStatusFromErrno(errno);
    if (errno == EEXIST)
        return STATUS_OBJECT_NAME_COLLISION;
    if (access(To, F_OK) == 0)
        return STATUS_OBJECT_NAME_COLLISION;
    return rename(From, To) == 0 ? STATUS_SUCCESS : HostStatusFromErrno(errno);
}

NTSTATUS HostGetCurrentDirectory(char **Path)
{
    char *cwd = getcwd(NULL, 0);
    if (!cwd)
        return errno == ENOMEM ? STATUS_NO_MEMORY : HostStatusFromErrno(errno);
    *Path = cwd;
    return STATUS_SUCCESS;
}

NTSTATUS HostSetCurrentDirectory(const char *Path)
{
    if (chdir(Path) == 0)
        return STATUS_SUCCESS;
    if (errno == ENOTDIR) {
        struct stat st;
        if (stat(Path, &st) == 0 && !S_ISDIR(st.st_mode))
            return STATUS_NOT_A_DIRECTORY;
    }
    return HostStatusFromErrno(errno);
}

NTSTATUS HostCanonicalizePath(const char *Path, char **Canonical)
{
    char *resolved = realpath(Path, NULL);
    if (!resolved)
        return HostStatusFromErrno(errno);
    *Canonical = resolved;
    return STATUS_SUCCESS;
}

NTSTATUS HostGetModulePath(PVOID Base, char **Path)
{
    Dl_info info;

    if (!Base)
        return HostpReadLink("/proc/self/exe", Path);
    if (!dladdr(Base, &info) || info.dli_fbase != Base || !info.dli_fname)
        return STATUS_DLL_NOT_FOUND;
    /* The main program's entry has an empty name in some C libraries. */
    if (!info.dli_fname[0] || info.dli_fname[0] != '/') {
        char *exe;
        NTSTATUS status;
        if (info.dli_fname[0])
            return HostCanonicalizePath(info.dli_fname, Path);
        status = HostpReadLink("/proc/self/exe", &exe);
        if (NT_SUCCESS(status))
            *Path = exe;
        return status;
    }
    return HostpDuplicate(info.dli_fname, Path);
}

ULONG HostGetUserId(VOID)
{
    return (ULONG)getuid();
}
