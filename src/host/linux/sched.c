/*
 * PURPOSE: Host CPUs and scheduling primitives for the virtual-processor model.
 */

#include <sched.h>
#include <unistd.h>
#include <internal/host.h>

ULONG HostProcessorCount(VOID)
{
    cpu_set_t set;

    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return (ULONG)CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (ULONG)n : 1;
}

VOID HostYieldProcessor(VOID)
{
    sched_yield();
}
