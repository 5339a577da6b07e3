/*
 * PURPOSE: Host primitives: stderr output, process exit, debugger detection, environment.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <internal/host.h>

VOID HostWriteStderr(const char *Buffer, SIZE_T Length)
{
    while (Length > 0) {
        ssize_t n = write(2, Buffer, Length);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        Buffer += n;
        Length -= (SIZE_T)n;
    }
}

DECLSPEC_NORETURN VOID HostExitProcess(int Status)
{
    fflush(stdout);
    _exit(Status);
}

BOOLEAN HostDebuggerPresent(VOID)
{
    /* /proc/self/status has "TracerPid:\t<pid>"; non-zero means a tracer such as gdb. */
    char buf[4096];
    ssize_t n;
    int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
    const char *p;

    if (fd < 0)
        return FALSE;
    n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return FALSE;
    buf[n] = 0;
    p = strstr(buf, "TracerPid:");
    if (!p)
        return FALSE;
    p += strlen("TracerPid:");
    while (*p == ' ' || *p == '\t')
        p++;
    return *p != '0';
}

VOID HostBreakIntoDebugger(VOID)
{
    raise(SIGTRAP);
}

const char *HostGetEnvironment(const char *Name)
{
    return getenv(Name);
}
