/*
 * PURPOSE: Memory for strings that Rtl allocates on the caller's behalf
 * (RtlAnsiStringToUnicodeString with AllocateDestinationString, RtlUpcaseUnicodeString, ...).
 *
 * As on Windows it is paged pool, so it shows in the pool's per-tag usage, allocating it
 * above APC_LEVEL is the pool's IRQL bugcheck, and a driver may release it with ExFreePool
 * as well as with RtlFreeUnicodeString.
 */
#include <internal/rtl.h>

/* kmode's pool tag for Rtl-allocated strings ('Strg' in a pool dump). */
#define RTLP_STRING_TAG 'grtS'

/* Test hooks, declared in internal/rtl.h. */
LONG RtlpStringMemoryFailAfter;
LONG RtlpStringMemoryOutstanding;

PVOID RtlpAllocateStringMemory(SIZE_T Bytes)
{
    PVOID p;

    if (__atomic_load_n(&RtlpStringMemoryFailAfter, __ATOMIC_RELAXED) != 0 &&
        __atomic_sub_fetch(&RtlpStringMemoryFailAfter, 1, __ATOMIC_RELAXED) == 0)
        return NULL;
    p = ExAllocatePool2(POOL_FLAG_PAGED | POOL_FLAG_UNINITIALIZED, Bytes ? Bytes : 1,
                        RTLP_STRING_TAG);
    if (p)
        __atomic_add_fetch(&RtlpStringMemoryOutstanding, 1, __ATOMIC_RELAXED);
    return p;
}

VOID RtlpFreeStringMemory(PVOID Buffer)
{
    if (!Buffer)
        return;
    __atomic_sub_fetch(&RtlpStringMemoryOutstanding, 1, __ATOMIC_RELAXED);
    ExFreePoolWithTag(Buffer, RTLP_STRING_TAG);
}
