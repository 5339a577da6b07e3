/*
 * PURPOSE: Host clocks and the local time-zone offset (the sources of kmode's system time,
 * interrupt time and performance counter, src/ke/time.c).
 */

/* INCLUDES ******************************************************************************/

#include <time.h>
#include <internal/host.h>

/* PRIVATE FUNCTIONS *********************************************************************/

static LONG64 HostpReadClock(clockid_t Clock)
{
    struct timespec ts;

    /* Only fails for an unknown clock id; every id used here exists since Linux 2.6.39. */
    if (clock_gettime(Clock, &ts) != 0)
        return 0;
    return (LONG64)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* PUBLIC FUNCTIONS **********************************************************************/

LONG64 HostQueryRealTime(VOID)
{
    return HostpReadClock(CLOCK_REALTIME);
}

ULONG64 HostQueryBootClock(VOID)
{
    return (ULONG64)HostpReadClock(CLOCK_BOOTTIME);
}

ULONG64 HostQueryMonotonicClock(VOID)
{
    return (ULONG64)HostpReadClock(CLOCK_MONOTONIC);
}

LONG HostQueryLocalTimeOffset(VOID)
{
    time_t now = time(NULL);
    struct tm local;

    tzset();    /* localtime_r alone reads TZ only once per process */
    if (localtime_r(&now, &local) == NULL)
        return 0;
    return (LONG)local.tm_gmtoff;
}
