/*
 * PURPOSE: Host primitives on open Linux files for the host file system driver
 * (src/fs/hostfs.c): open, close, fstat, pread, pwrite, ftruncate, fsync, times, the write
 * permission, rename with replacement. Failures are the NTSTATUS a Windows file system
 * gives for the same condition (HostStatusFromErrno).
 */

/* INCLUDES ******************************************************************************/

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include <ntstatus.h>
#include <internal/host.h>
#include "hostp.h"

/* PRIVATE FUNCTIONS *********************************************************************/

/* PUBLIC FUNCTIONS **********************************************************************/

NTSTATUS HostOpenFile(const char *Path, ULONG Flags, HOST_FD *Fd)
{
    int flags = O_CLOEXEC;
    mode_t mode = (Flags & HOST_OPEN_READONLY) ? 0444 : 0666;
    int fd;

    if (Flags & HOST_OPEN_META)
        flags |= O_PATH;
    else if ((Flags & HOST_OPEN_READ) && (Flags & HOST_OPEN_WRITE))
        flags |= O_RDWR;
    else if (Flags & HOST_OPEN_WRITE)
        flags |= O_WRONLY;
    else
        flags |= O_RDONLY;
    if (Flags & HOST_OPEN_CREATE)
        flags |= O_CREAT;
    if (Flags & HOST_OPEN_EXCLUSIVE)
        flags |= O_EXCL;
    if (Flags & HOST_OPEN_DIRECTORY)
        flags |= O_DIRECTORY;
    do
        fd = open(Path, flags, mode);
    while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        if (errno == ENOTDIR && (Flags & HOST_OPEN_DIRECTORY)) {
            struct stat st;
            if (stat(Path, &st) == 0 && !S_ISDIR(st.st_mode))
                return STATUS_NOT_A_DIRECTORY;
        }
        return HostStatusFromErrno(errno);
    }
    *Fd = fd;
    return STATUS_SUCCESS;
}

VOID HostCloseFile(HOST_FD Fd)
{
    close(Fd);
}

NTSTATUS HostQueryOpenFile(HOST_FD Fd, HOST_FILE_INFO *Info, HOST_FILE_IDENTITY *Identity)
{
    struct statx st;

    if (statx(Fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS | STATX_BTIME, &st) != 0)
        return HostStatusFromErrno(errno);
    HostpFileInfoFromStatx(&st, Info);
    if (Identity != NULL) {
        Identity->Device = ((ULONG64)st.stx_dev_major << 32) | st.stx_dev_minor;
        Identity->Inode = st.stx_ino;
        Identity->Links = st.stx_nlink;
        Identity->AllocatedBytes = st.stx_blocks * 512ULL;
    }
    return STATUS_SUCCESS;
}

NTSTATUS HostReadFile(HOST_FD Fd, PVOID Buffer, ULONG Length, ULONG64 Offset, PULONG Transferred)
{
    ULONG done = 0;

    while (done < Length) {
        ssize_t n = pread(Fd, (char *)Buffer + done, Length - done, (off_t)(Offset + done));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            *Transferred = done;
            return errno == EISDIR ? STATUS_INVALID_DEVICE_REQUEST : HostStatusFromErrno(errno);
        }
        if (n == 0)
            break;
        done += (ULONG)n;
    }
    *Transferred = done;
    return STATUS_SUCCESS;
}

NTSTATUS HostWriteFile(HOST_FD Fd, const VOID *Buffer, ULONG Length, ULONG64 Offset,
                       PULONG Transferred)
{
    ULONG done = 0;

    while (done < Length) {
        ssize_t n = pwrite(Fd, (const char *)Buffer + done, Length - done, (off_t)(Offset + done));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            *Transferred = done;
            return errno == EFBIG ? STATUS_DISK_FULL : HostStatusFromErrno(errno);
        }
        done += (ULONG)n;
    }
    *Transferred = done;
    return STATUS_SUCCESS;
}

NTSTATUS HostSetFileSize(HOST_FD Fd, ULONG64 Size)
{
    if (Size > (ULONG64)0x7FFFFFFFFFFFFFFFULL)
        return STATUS_INVALID_PARAMETER;
    if (ftruncate(Fd, (off_t)Size) != 0)
        return errno == EFBIG ? STATUS_DISK_FULL : HostStatusFromErrno(errno);
    return STATUS_SUCCESS;
}

NTSTATUS HostFlushFile(HOST_FD Fd)
{
    return fsync(Fd) == 0 ? STATUS_SUCCESS : HostStatusFromErrno(errno);
}

NTSTATUS HostSetFileTimes(const char *Path, LONG64 AccessTime, LONG64 WriteTime)
{
    struct timespec times[2];

    times[0].tv_sec = AccessTime / 1000000000LL;
    times[0].tv_nsec = AccessTime % 1000000000LL;
    times[1].tv_sec = WriteTime / 1000000000LL;
    times[1].tv_nsec = WriteTime % 1000000000LL;
    if (AccessTime == -1 || AccessTime < 0)
        times[0].tv_nsec = UTIME_OMIT;
    if (WriteTime == -1 || WriteTime < 0)
        times[1].tv_nsec = UTIME_OMIT;
    return utimensat(AT_FDCWD, Path, times, 0) == 0 ? STATUS_SUCCESS : HostStatusFromErrno(errno);
}

NTSTATUS HostSetFileReadOnly(const char *Path, BOOLEAN ReadOnly)
{
    struct stat st;
    mode_t mode;

    if (stat(Path, &st) != 0)
        return HostStatusFromErrno(errno);
    mode = st.st_mode & 07777;
    mode = ReadOnly ? (mode & ~(mode_t)0222) : (mode | S_IWUSR);
    if (mode == (st.st_mode & 07777))
        return STATUS_SUCCESS;
    return chmod(Path, mode) == 0 ? STATUS_SUCCESS : HostStatusFromErrno(errno);
}

NTSTATUS HostReplaceFile(const char *From, const char *To)
{
    if (rename(From, To) == 0)
        return STATUS_SUCCESS;
    if (errno == ENOTEMPTY || errno == EEXIST)
        return STATUS_ACCESS_DENIED;   /* NTFS refuses to replace a directory */
    if (errno == EISDIR)
        return STATUS_ACCESS_DENIED;
    return HostStatusFromErrno(errno);
}
