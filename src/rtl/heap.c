/*
 * PURPOSE: Memory for strings that Rtl allocates on the caller's behalf.
 */
#include <stdlib.h>
#include <internal/rtl.h>

/* Test hooks, declared in internal/rtl.h. */
LONG RtlpStringMemoryFailAfter;
LONG RtlpStringMemoryOutstanding;

PVOID RtlpAllocateStringMemory(SIZE_T Bytes)
{
    PVOID p;

    if (__atomic_load_n(&RtlpStringMemoryFailAfter, __ATOMIC_RELAXED) != 0 &&
        __atomic_sub_fetch(&RtlpStringMemoryFailAfter, 1, __ATOMIC_RELAXED) == 0)
        return NULL;
    p = malloc(Bytes ? Bytes : 1);
    if (p)
        __atomic_add_fetch(&RtlpStringMemoryOutstanding, 1, __ATOMIC_RELAXED);
    return p;
}

VOID RtlpFreeStringMemory(PVOID Buffer)
{
    if (Buffer)
        __atomic_sub_fetch(&RtlpStringMemoryOutstanding, 1, __ATOMIC_RELAXED);
    free(Buffer);
}
