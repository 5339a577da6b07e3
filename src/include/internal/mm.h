/*
 * PURPOSE: The memory manager's internal interface (src/mm): what the I/O manager and the
 * native layer use to tell user buffers from kernel memory, and the fake page frame scheme.
 */
#ifndef _KMODE_INTERNAL_MM_H_
#define _KMODE_INTERNAL_MM_H_

#include <wdm.h>

/*
 * TRUE when [Address, Address + Length) is a range a user-mode caller may pass: it does
 * not wrap, ends at or below MmUserProbeAddress (ProbeForRead's test), and overlaps no
 * kernel memory (the pool reservation, contiguous and noncached allocations), which in
 * kmode lies among user addresses. Length 0 is always a user range. Any IRQL, no lock
 * held across calls (the set of kernel ranges can grow concurrently).
 */
BOOLEAN MiIsUserAddressRange(_In_opt_ const volatile VOID *Address, _In_ SIZE_T Length);

/* TRUE when Address lies in kernel memory (pool, contiguous or noncached memory). */
BOOLEAN MiIsKernelAddress(_In_opt_ const volatile VOID *Address);

/* The fake page frame number of the page holding Address (docs/mm.md): its virtual page
   number. MmGetPhysicalAddress is the same scheme at byte granularity. */
FORCEINLINE PFN_NUMBER MiPfnOf(_In_opt_ const volatile VOID *Address)
{
    return (PFN_NUMBER)((ULONG_PTR)Address >> PAGE_SHIFT);
}

/* Pages currently locked by MmProbeAndLockPages (all MDLs). */
LONG64 MiLockedPageCount(VOID);

#endif /* _KMODE_INTERNAL_MM_H_ */
