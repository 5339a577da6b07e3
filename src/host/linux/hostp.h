/*
 * PURPOSE: Helpers shared by the host layer's own files (src/host/linux), not part of
 * internal/host.h.
 */
#ifndef _KMODE_HOST_LINUX_HOSTP_H_
#define _KMODE_HOST_LINUX_HOSTP_H_

#include <sys/stat.h>
#include <internal/host.h>

/* A statx time in nanoseconds since 1970. */
static inline LONG64 HostpStatxTime(const struct statx_timestamp *Time)
{
    return (LONG64)Time->tv_sec * 1000000000LL + (LONG64)Time->tv_nsec;
}

/* The HOST_FILE_INFO of a statx result (STATX_BASIC_STATS | STATX_BTIME asked). A file
   system without birth times gives the oldest of the other three as the creation time. */
static inline VOID HostpFileInfoFromStatx(const struct statx *St, HOST_FILE_INFO *Info)
{
    LONG64 oldest;

    if (S_ISREG(St->stx_mode))
        Info->Type = HostFileRegular;
    else if (S_ISDIR(St->stx_mode))
        Info->Type = HostFileDirectory;
    else
        Info->Type = HostFileOther;
    Info->ReadOnly = (St->stx_mode & S_IWUSR) == 0;
    Info->Size = St->stx_size;
    Info->AccessTime = HostpStatxTime(&St->stx_atime);
    Info->WriteTime = HostpStatxTime(&St->stx_mtime);
    Info->ChangeTime = HostpStatxTime(&St->stx_ctime);
    oldest = Info->AccessTime < Info->WriteTime ? Info->AccessTime : Info->WriteTime;
    if (Info->ChangeTime < oldest)
        oldest = Info->ChangeTime;
    Info->CreationTime = (St->stx_mask & STATX_BTIME) ? HostpStatxTime(&St->stx_btime) : oldest;
}

#endif
