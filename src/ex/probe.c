/*
 * PURPOSE: ProbeForRead / ProbeForWrite: validating user-mode buffers.
 */

/* INCLUDES ******************************************************************************/

#include <internal/seh.h>
#include <internal/mm.h>
#include <internal/ex.h>

/* GLOBALS *******************************************************************************/

/* Windows x64 values: the last user page boundary below the 128 TB user space. */
const ULONG_PTR MmUserProbeAddress = 0x7FFFFFFF0000ULL;
PVOID MmHighestUserAddress = (PVOID)0x7FFFFFFEFFFFULL;

#define EXP_PAGE_SIZE 4096

/* PRIVATE FUNCTIONS *********************************************************************/

static BOOLEAN ExpAlignmentValid(ULONG Alignment)
{
    return Alignment == 1 || Alignment == 2 || Alignment == 4 || Alignment == 8 ||
           Alignment == 16;
}

/* The checks of ProbeForRead, as a status (internal/ex.h). */
NTSTATUS ExpCheckProbeRange(const volatile VOID *Address, SIZE_T Length, ULONG Alignment)
{
    ULONG_PTR Start = (ULONG_PTR)Address;

    if (Length == 0)
        return STATUS_SUCCESS;
    if (!ExpAlignmentValid(Alignment)) {
        /* The DDI asserts this on checked builds; a driver passing another value has a bug. */
        return STATUS_INVALID_PARAMETER;
    }
    if (Start & (Alignment - 1))
        return STATUS_DATATYPE_MISALIGNMENT;
    /* Windows: the range must end at or below MmUserProbeAddress. kmode's kernel space (pool,
       contiguous memory) sits among user addresses, so the memory manager says which is
       which (and where the host's user space ends: internal/mm.h). */
    if (Start + Length < Start || !MiIsUserAddressRange(Address, Length))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

static VOID ExpProbeRange(const volatile VOID *Address, SIZE_T Length, ULONG Alignment)
{
    NTSTATUS Status = ExpCheckProbeRange(Address, Length, Alignment);

    if (Status == STATUS_DATATYPE_MISALIGNMENT)
        ExRaiseDatatypeMisalignment();
    if (Status == STATUS_ACCESS_VIOLATION)
        ExRaiseAccessViolation();
    if (!NT_SUCCESS(Status))
        ExRaiseStatus(Status);
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * <= APC_LEVEL. Length 0 is always valid. A misaligned Address raises
 * STATUS_DATATYPE_MISALIGNMENT; a range that wraps or ends above MmUserProbeAddress raises
 * STATUS_ACCESS_VIOLATION. It checks the range only: reading it can still fault, which is
 * why callers probe inside __try.
 */
VOID NTAPI ProbeForRead(const volatile VOID *Address, SIZE_T Length, ULONG Alignment)
{
    if (Length == 0)
        return;
    ExpProbeRange(Address, Length, Alignment);
}

/*
 * @implemented
 * <= APC_LEVEL. As ProbeForRead, and additionally touches every page of the range for
 * writing (rewriting one byte per page with its own value), so a read-only or unmapped
 * page raises STATUS_ACCESS_VIOLATION through the fault handler.
 */
VOID NTAPI ProbeForWrite(volatile VOID *Address, SIZE_T Length, ULONG Alignment)
{
    ULONG_PTR Page, End;

    if (Length == 0)
        return;
    ExpProbeRange(Address, Length, Alignment);
    /* The first 64 KB is never mapped on Windows: the touch would fault there, so raise what
       it would raise without taking the fault (ThreadSanitizer does not survive one). */
    if ((ULONG_PTR)Address < 0x10000)
        ExRaiseAccessViolation();
    End = (ULONG_PTR)Address + Length;
    for (Page = (ULONG_PTR)Address; Page < End;
         Page = (Page & ~(ULONG_PTR)(EXP_PAGE_SIZE - 1)) + EXP_PAGE_SIZE) {
        MiTouchForWrite(Page); /* may fault on purpose: that is the exception */
    }
}
