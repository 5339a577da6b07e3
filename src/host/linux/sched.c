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
BOOLEAN HostProcessBarrierReady;

/* The registration belongs to the address space: a fork child has none until it registers
   (it is single-threaded then, so no fast path is in the middle of relying on it). */
static VOID HostpProcessBarrierAfterFork(VOID)
{
    if (syscall(__NR_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) != 0)
        HostProcessBarrierReady = FALSE;
}

BOOLEAN HostInitializeProcessBarrier(VOID)
{
    long supported;

    if (HostProcessBarrierReady)
        return TRUE;
    supported = syscall(__NR_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
    if (supported < 0 || !(supported & MEMBARRIER_CMD_PRIVATE_EXPEDITED) ||
        syscall(__NR_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) != 0)
        return FALSE;
    HostAtForkChild(HostpProcessBarrierAfterFork);
    HostProcessBarrierReady = TRUE;
    return TRUE;
}

BOOLEAN HostFlushProcessWriteBuffers(VOID)
{
    return HostProcessBarrierReady &&
           syscall(__NR_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) == 0;
}
