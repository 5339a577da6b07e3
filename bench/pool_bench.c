/*
 * PURPOSE: Pool benchmark: ExAllocatePoolWithTag + ExFreePool against malloc + free, each
 * measured in the same run (goal: ratio <= 1.5).
 *
 *   - one block, allocated and freed at once (the hot path: a thread-cache hit);
 *   - a window of 64 live blocks of mixed small sizes, replaced round-robin (blocks stay
 *     live for a while, as driver allocations do).
 */
#include <stdlib.h>
#include <string.h>
#include <ntddk.h>
#include "bench.h"

#define TAG 0x6C6F6F50U /* 'looP' */
#define WINDOW 64

static void *volatile Sink;
static void *Live[WINDOW];

static SIZE_T SizeOf(unsigned Iteration)
{
    return 16 + ((Iteration * 37u) % 480u);
}

static void PoolPair(unsigned Iteration)
{
    (void)Iteration;
    void *p = ExAllocatePoolWithTag(NonPagedPoolNx, 64, TAG);
    Sink = p;
    ExFreePool(p);
}

static void MallocPair(unsigned Iteration)
{
    (void)Iteration;
    void *p = malloc(64);
    Sink = p;
    free(p);
}

static void PoolWindow(unsigned Iteration)
{
    unsigned slot = Iteration % WINDOW;
    if (Live[slot] != NULL)
        ExFreePool(Live[slot]);
    Live[slot] = ExAllocatePoolWithTag(PagedPool, SizeOf(Iteration), TAG);
}

static void MallocWindow(unsigned Iteration)
{
    unsigned slot = Iteration % WINDOW;
    free(Live[slot]);
    Live[slot] = malloc(SizeOf(Iteration));
}

static void Drain(BOOLEAN Pool)
{
    unsigned i;
    for (i = 0; i < WINDOW; i++) {
        if (Live[i] != NULL) {
            if (Pool)
                ExFreePool(Live[i]);
            else
                free(Live[i]);
        }
        Live[i] = NULL;
    }
}

int main(void)
{
    double pool, base;

    PrintLoad("pool_bench");
    Report("ExAllocatePoolWithTag+ExFreePool (64 B)", Measure(PoolPair), "malloc+free (64 B)",
           Measure(MallocPair));
    pool = Measure(PoolWindow);
    Drain(TRUE);
    base = Measure(MallocWindow);
    Drain(FALSE);
    Report("pool, 64 live blocks of 16..495 B", pool, "malloc, same pattern", base);
    return 0;
}
