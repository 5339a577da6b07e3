/*
 * PURPOSE: Rtl-internal declarations shared across the runtime.
 */
#ifndef _KMODE_INTERNAL_RTL_H_
#define _KMODE_INTERNAL_RTL_H_

#include <wdm.h>

/*
 * Memory behind strings that Rtl allocates for the caller (RtlAnsiStringToUnicodeString
 * with AllocateDestinationString, RtlDuplicateUnicodeString, ...), released by
 * RtlFreeUnicodeString/RtlFreeAnsiString: paged pool, as on Windows (src/rtl/heap.c).
 */
PVOID RtlpAllocateStringMemory(SIZE_T Bytes);
VOID RtlpFreeStringMemory(PVOID Buffer);

/* Test hooks: RtlpStringMemoryFailAfter, when nonzero, counts allocations down and fails the
   one that brings it to zero (reaching the STATUS_NO_MEMORY paths); RtlpStringMemoryOutstanding
   counts buffers not yet freed. */
extern LONG RtlpStringMemoryFailAfter;
extern LONG RtlpStringMemoryOutstanding;

#endif
