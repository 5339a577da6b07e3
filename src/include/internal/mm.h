/*
 * PURPOSE: The memory manager's internal interface (src/mm): what the I/O manager and the
 * native layer use to tell user buffers from kernel memory, and the fake page frame scheme.
 */
#ifndef _KMODE_INTERNAL_MM_H_
#define _KMODE_INTERNAL_MM_H_

#include <internal/hidden.h>
#include <wdm.h>

/* The end of the host's user address space (x86-64 Linux, 47 bits). */
#define MI_HOST_USER_END 0x7FFFFFFFF000ULL

/*
 * TRUE when [Address, Address + Length) is a range a user-mode caller may pass: it does
 * not wrap, ends at or below MmUserProbeAddress (ProbeForRead's test) - or, above it, lies
 * in host memory that is really mapped there (Linux maps the main thread's stack up to
 * MI_HOST_USER_END when address randomization is off, as under gdb) - and overlaps no
 * kernel memory (the pool and special pool reservations, contiguous and noncached
 * allocations, loaded driver images), which in kmode lies among user addresses. Length 0
 * is always a user range. Any IRQL, no lock held across calls (the set of kernel ranges can
 * grow concurrently). MiIsUserAddressRange (below) decides the common case inline.
 */
BOOLEAN MiIsUserAddressRangeSlow(_In_opt_ const volatile VOID *Address, _In_ SIZE_T Length);

/* MmUserProbeAddress (Windows x64's value). */
#define MI_USER_PROBE_ADDRESS 0x7FFFFFFF0000ULL

/* The smallest span holding every kernel range (the pool and special pool reservations,
   contiguous and noncached memory): a range outside it is no kernel memory. It only grows;
   the owner of a kernel range notes it (MiNoteKernelRange) before handing out an address
   in it. */
extern KMODE_HIDDEN ULONG_PTR MiKernelSpanLow, MiKernelSpanHigh;
VOID MiNoteKernelRange(_In_ ULONG_PTR Start, _In_ ULONG_PTR End);

FORCEINLINE BOOLEAN MiIsUserAddressRange(_In_opt_ const volatile VOID *Address,
                                         _In_ SIZE_T Length)
{
    ULONG_PTR Start = (ULONG_PTR)Address, End = Start + Length;

    /* The common case, decided without a call: below MmUserProbeAddress and outside the
       kernel span. */
    if (End >= Start && End <= MI_USER_PROBE_ADDRESS &&
        (End <= __atomic_load_n(&MiKernelSpanLow, __ATOMIC_ACQUIRE) ||
         Start >= __atomic_load_n(&MiKernelSpanHigh, __ATOMIC_ACQUIRE)))
        return TRUE;
    return MiIsUserAddressRangeSlow(Address, Length);
}

/* TRUE when Address lies in kernel memory (pool, contiguous or noncached memory). */
BOOLEAN MiIsKernelAddress(_In_opt_ const volatile VOID *Address);

/* The fake page frame number of the page holding Address (docs/mm.md): its virtual page
   number. MmGetPhysicalAddress is the same scheme at byte granularity. */
FORCEINLINE PFN_NUMBER MiPfnOf(_In_opt_ const volatile VOID *Address)
{
    return (PFN_NUMBER)((ULONG_PTR)Address >> PAGE_SHIFT);
}

/* Reads one byte of the page. In assembly: the address may be anything (page 0
   included), and the fault is the point, not undefined behaviour (nor a sanitizer report:
   probing past the end of a host allocation is how a bad length is found). */
FORCEINLINE VOID MiTouchForRead(_In_ ULONG_PTR Page)
{
    UCHAR Value;
    __asm__ __volatile__("movb (%1), %0" : "=q"(Value) : "r"(Page) : "memory");
    (void)Value;
}

/* A locked read-modify-write that stores nothing new: a write access (so a read-only page
   faults) that cannot lose a concurrent store to the same byte. */
FORCEINLINE VOID MiTouchForWrite(_In_ ULONG_PTR Page)
{
    __asm__ __volatile__("lock orb $0, (%0)" : : "r"(Page) : "memory", "cc");
}

/* Pages currently locked by MmProbeAndLockPages (all MDLs). */
LONG64 MiLockedPageCount(VOID);

#endif /* _KMODE_INTERNAL_MM_H_ */
