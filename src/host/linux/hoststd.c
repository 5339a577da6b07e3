/*
 * PURPOSE: Host primitives for kmode's console driver (src/fs/condrv.c): reading standard
 * input and writing standard output and error, in order with the C library's streams of
 * the same descriptors (printf and WriteFile output interleave as the app issued them).
 */

/* INCLUDES ******************************************************************************/

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <ntstatus.h>
#include <internal/host.h>

/* PRIVATE FUNCTIONS *********************************************************************/

static FILE *HostpStream(int Fd)
{
    return Fd == 1 ? stdout : Fd == 2 ? stderr : stdin;
}

/* PUBLIC FUNCTIONS **********************************************************************/

HOST_STD_KIND HostStdKind(int Fd)
{
    struct stat st;

    if (fstat(Fd, &st) != 0)
        return HostStdClosed;
    if (isatty(Fd))
        return HostStdTerminal;
    if (S_ISREG(st.st_mode) || S_ISBLK(st.st_mode))
        return HostStdFile;
    if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))
        return HostStdPipe;
    return HostStdOther;
}

VOID HostStdFlush(int Fd)
{
    if (Fd == 1 || Fd == 2)
        fflush(HostpStream(Fd));
}

NTSTATUS HostStdWrite(int Fd, const VOID *Buffer, ULONG Length, PULONG Written)
{
    ULONG done = 0;

    fflush(HostpStream(Fd));
    while (done < Length) {
        ssize_t n = write(Fd, (const char *)Buffer + done, Length - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            *Written = done;
            if (errno == EPIPE)
                return STATUS_PIPE_BROKEN;
            return errno == EBADF ? STATUS_INVALID_HANDLE : HostStatusFromErrno(errno);
        }
        done += (ULONG)n;
    }
    *Written = done;
    return STATUS_SUCCESS;
}

NTSTATUS HostStdRead(PVOID Buffer, ULONG Length, PULONG Read)
{
    ssize_t n;

    /* glibc's FILE exposes its read pointers: bytes read from the descriptor, not yet
       consumed, come first. */
    if (stdin->_IO_read_ptr < stdin->_IO_read_end) {
        size_t have = (size_t)(stdin->_IO_read_end - stdin->_IO_read_ptr);
        *Read = (ULONG)fread(Buffer, 1, have < Length ? have : Length, stdin);
        return STATUS_SUCCESS;
    }
    do
        n = read(0, Buffer, Length);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        *Read = 0;
        return errno == EBADF ? STATUS_INVALID_HANDLE : HostStatusFromErrno(errno);
    }
    *Read = (ULONG)n;
    return STATUS_SUCCESS;
}
