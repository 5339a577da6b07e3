/*
 * PURPOSE: Locking the pages an MDL describes: MmProbeAndLockPages, MmUnlockPages.
 *
 * kmode never pages, so "locking" is the contract around it: the probe (the range is in
 * user space for UserMode, every page is present and allows the access), the PFN array,
 * the MDL's state flags and a count of locked pages.
 */

/* INCLUDES ******************************************************************************/

#include "mip.h"

/* GLOBALS *******************************************************************************/

static volatile LONG64 MiLockedPages;

/* Nothing is ever mapped below 64 KB (Windows' MM_LOWEST_USER_ADDRESS, Linux's default
   mmap_min_addr): a range starting there fails without touching it. */
#define MI_LOWEST_MAPPED_ADDRESS 0x10000

/* MDL states MmProbeAndLockPages refuses: already locked, nonpaged, partial, mapped. */
#define MI_NOT_LOCKABLE (MDL_PAGES_LOCKED | MDL_SOURCE_IS_NONPAGED_POOL | MDL_PARTIAL | \
                         MDL_MAPPED_TO_SYSTEM_VA | MDL_IO_SPACE)

/* PRIVATE FUNCTIONS *********************************************************************/

/*
 * Touches every page of [Start, Start + Pages pages); returns the status of the exception a
 * missing or protected page raised, or STATUS_SUCCESS.
 */
static NTSTATUS MiTouchPages(ULONG_PTR Start, SIZE_T Pages, BOOLEAN Write)
{
    volatile NTSTATUS Status = STATUS_SUCCESS;
    volatile SIZE_T i = 0;

    __try {
        for (i = 0; i < Pages; i++) {
            if (Write)
                MiTouchForWrite(Start + i * PAGE_SIZE);
            else
                MiTouchForRead(Start + i * PAGE_SIZE);
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    return Status;
}

/* PUBLIC FUNCTIONS **********************************************************************/

LONG64 MiLockedPageCount(VOID)
{
    return __atomic_load_n(&MiLockedPages, __ATOMIC_RELAXED);
}

/*
 * @implemented
 * UserMode: <= APC_LEVEL; the range must be user space (MiIsUserAddressRange: below
 * MmUserProbeAddress and outside kernel pool), else STATUS_ACCESS_VIOLATION is raised.
 * KernelMode: <= DISPATCH_LEVEL (kmode memory is never paged out). Every page is touched
 * for Operation (IoWriteAccess/IoModifyAccess: a write access that changes nothing); a page
 * that is not mapped or does not allow it raises that fault's status, normally
 * STATUS_ACCESS_VIOLATION, with ExRaiseStatus, as Windows does. On success the PFN array
 * holds the fake frame numbers (MiPfnOf), MDL_PAGES_LOCKED (and MDL_WRITE_OPERATION for a
 * write) is set, and Process is the current process for user memory, NULL for pool.
 * An MDL that is already locked, nonpaged, partial or mapped bugchecks 0xC4 (0xB0, MDL,
 * flags, offending flags): Windows documents that as not allowed and its verifier catches it.
 */
VOID NTAPI MmProbeAndLockPages(PMDL MemoryDescriptorList, KPROCESSOR_MODE AccessMode,
                               LOCK_OPERATION Operation)
{
    PMDL Mdl = MemoryDescriptorList;
    PVOID Caller = __builtin_return_address(0);
    BOOLEAN Write = (Operation != IoReadAccess);
    PVOID Va = MmGetMdlVirtualAddress(Mdl);
    SIZE_T Pages = ADDRESS_AND_SIZE_TO_SPAN_PAGES(Va, Mdl->ByteCount);
    NTSTATUS Status;

    MiCheckIrql(AccessMode == KernelMode ? DISPATCH_LEVEL : APC_LEVEL, Va, Write, Caller,
                "MmProbeAndLockPages");
    if (Mdl->MdlFlags & MI_NOT_LOCKABLE) {
        KiBugCheck(DRIVER_VERIFIER_DETECTED_VIOLATION, 0xB0, (ULONG_PTR)Mdl,
                   (ULONG_PTR)(USHORT)Mdl->MdlFlags,
                   (ULONG_PTR)(USHORT)(Mdl->MdlFlags & MI_NOT_LOCKABLE), Caller,
                   "MmProbeAndLockPages was given an MDL that is already locked, describes "
                   "nonpaged pool, is partial, or is mapped.");
    }
    if (AccessMode != KernelMode && !MiIsUserAddressRange(Va, Mdl->ByteCount))
        ExRaiseStatus(STATUS_ACCESS_VIOLATION);
    if ((ULONG_PTR)Va + Mdl->ByteCount < (ULONG_PTR)Va)
        ExRaiseStatus(STATUS_ACCESS_VIOLATION);
    if (Pages != 0 && (ULONG_PTR)Mdl->StartVa < MI_LOWEST_MAPPED_ADDRESS)
        ExRaiseStatus(STATUS_ACCESS_VIOLATION);

    Status = MiTouchPages((ULONG_PTR)Mdl->StartVa, Pages, Write);
    if (!NT_SUCCESS(Status))
        ExRaiseStatus(Status);

    MiFillMdlPfns(Mdl);
    Mdl->Process = MiIsKernelAddress(Va) ? NULL : PsGetCurrentProcess();
    Mdl->MdlFlags |= MDL_PAGES_LOCKED;
    if (Write)
        Mdl->MdlFlags |= MDL_WRITE_OPERATION;
    __atomic_add_fetch(&MiLockedPages, (LONG64)Pages, __ATOMIC_RELAXED);
}

/*
 * @implemented
 * <= DISPATCH_LEVEL. Releases the MDL's system mapping if it has one, then its lock.
 * An MDL that MmProbeAndLockPages did not lock (never locked, already unlocked, built by
 * MmBuildMdlForNonPagedPool or IoBuildPartialMdl) bugchecks 0x76 PROCESS_HAS_LOCKED_PAGES
 * (1, MDL, pages currently locked, 0), Windows' code for unlocking pages that are not locked.
 */
VOID NTAPI MmUnlockPages(PMDL MemoryDescriptorList)
{
    PMDL Mdl = MemoryDescriptorList;
    PVOID Caller = __builtin_return_address(0);
    SIZE_T Pages;

    MiCheckIrql(DISPATCH_LEVEL, Mdl, TRUE, Caller, "MmUnlockPages");
    if (!(Mdl->MdlFlags & MDL_PAGES_LOCKED)) {
        KiBugCheck(PROCESS_HAS_LOCKED_PAGES, 1, (ULONG_PTR)Mdl, (ULONG_PTR)MiLockedPageCount(),
                   0, Caller,
                   "MmUnlockPages was given an MDL whose pages MmProbeAndLockPages did not "
                   "lock (never locked, already unlocked, nonpaged pool or partial).");
    }
    Pages = ADDRESS_AND_SIZE_TO_SPAN_PAGES(MmGetMdlVirtualAddress(Mdl), Mdl->ByteCount);
    Mdl->MdlFlags &= ~(MDL_MAPPED_TO_SYSTEM_VA | MDL_PAGES_LOCKED);
    __atomic_sub_fetch(&MiLockedPages, (LONG64)Pages, __ATOMIC_RELAXED);
}
