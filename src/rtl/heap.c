/*
 * PURPOSE: Memory for strings that Rtl allocates on the caller's behalf.
 */
#include <stdlib.h>
#include <internal/rtl.h>

PVOID RtlpAllocateStringMemory(SIZE_T Bytes)
{
    return malloc(Bytes ? Bytes : 1);
}

VOID RtlpFreeStringMemory(PVOID Buffer)
{
    free(Buffer);
}
