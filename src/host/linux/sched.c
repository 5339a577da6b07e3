/*
 * PURPOSE: Host CPUs and scheduling primitives for the virtual-processor model.
 */

#include <sched.h>
#include <sys/syscall.h>
#include <linux/membarrier.h>
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

/*
 * A process-wide memory barrier: when it returns, every thread of the process has passed a
 * full barrier (Windows' FlushProcessWriteBuffers). Linux membarrier, private expedited:
 * registered once at start-up by HostInitializeProcessBarrier (FALSE: not available).
 */
static BOOLEAN HostpProcessBarrierReady;

BOOLEAN HostInitializeProcessBarrier(VOID)
{
    long supported = syscall(__NR_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);

    if (supported < 0 || !(supported & MEMBARRIER_CMD_PRIVATE_EXPEDITED) ||
        syscall(__NR_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) != 0)
        return FALSE;
    HostpProcessBarrierReady = TRUE;
    return TRUE;
}

BOOLEAN HostFlushProcessWriteBuffers(VOID)
{
    return HostpProcessBarrierReady &&
           syscall(__NR_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) == 0;
}
