/*
 * PURPOSE: Tests for MDLs (src/mm/mdl.c, lock.c, map.c), written as driver code: building,
 * chaining on IRPs, partial MDLs, probing and locking (user and kernel ranges, missing and
 * read-only pages), mapping, and the bugchecks for misuse.
 */
#include <ntddk.h>
#include <kmode/bugcheck.h>
#include "ktest.h"

void *mm_test_hole_pages(void);
void *mm_test_readonly_page(void);
void *mm_test_noaccess_page(void);

#define TAG_T 'tsTM'

/* User-range memory (the test executable's data), several pages, page-aligned. */
static DECLSPEC_ALIGN(4096) UCHAR UserBuffer[6 * PAGE_SIZE];

/* Runs MmProbeAndLockPages inside __try; returns the exception code or STATUS_SUCCESS. */
static NTSTATUS TryProbe(PMDL Mdl, KPROCESSOR_MODE Mode, LOCK_OPERATION Operation)
{
    NTSTATUS Status = STATUS_SUCCESS;
    __try {
        MmProbeAndLockPages(Mdl, Mode, Operation);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    return Status;
}

/* ---- Macros and sizes -------------------------------------------------------------------- */

static void mm_mdl_test_page_macros(KTEST *t)
{
    PVOID p = (PVOID)(ULONG_PTR)0x12345678;
    KT_EXPECT_EQ(t, (ULONG_PTR)PAGE_ALIGN(p), 0x12345000);
    KT_EXPECT_EQ(t, BYTE_OFFSET(p), 0x678);
    KT_EXPECT_EQ(t, ROUND_TO_PAGES(1), PAGE_SIZE);
    KT_EXPECT_EQ(t, ROUND_TO_PAGES(PAGE_SIZE), PAGE_SIZE);
    KT_EXPECT_EQ(t, ROUND_TO_PAGES(PAGE_SIZE + 1), 2 * PAGE_SIZE);
    KT_EXPECT_EQ(t, ROUND_TO_PAGES(0), 0);
    KT_EXPECT_EQ(t, ADDRESS_AND_SIZE_TO_SPAN_PAGES(p, 0), 1);     /* offset alone spans a page */
    KT_EXPECT_EQ(t, ADDRESS_AND_SIZE_TO_SPAN_PAGES((PVOID)0x1000, 0), 0);
    KT_EXPECT_EQ(t, ADDRESS_AND_SIZE_TO_SPAN_PAGES((PVOID)0x1000, 1), 1);
    KT_EXPECT_EQ(t, ADDRESS_AND_SIZE_TO_SPAN_PAGES((PVOID)0x1FFF, 2), 2);
    KT_EXPECT_EQ(t, ADDRESS_AND_SIZE_TO_SPAN_PAGES((PVOID)0x1000, 2 * PAGE_SIZE), 2);
    KT_EXPECT_EQ(t, ADDRESS_AND_SIZE_TO_SPAN_PAGES((PVOID)0x1800, 2 * PAGE_SIZE), 3);
    KT_EXPECT_EQ(t, MmSizeOfMdl((PVOID)0x1800, 2 * PAGE_SIZE), sizeof(MDL) + 3 * sizeof(PFN_NUMBER));
    KT_EXPECT_EQ(t, MmSizeOfMdl(NULL, 0), sizeof(MDL));
}

static void mm_mdl_test_initialize_mdl(KTEST *t)
{
    UCHAR Storage[sizeof(MDL) + 4 * sizeof(PFN_NUMBER)];
    PMDL Mdl = (PMDL)Storage;
    PUCHAR Va = UserBuffer + 100;

    memset(Storage, 0xCC, sizeof(Storage));
    MmInitializeMdl(Mdl, Va, 3 * PAGE_SIZE);
    KT_EXPECT_TRUE(t, Mdl->Next == NULL);
    KT_EXPECT_EQ(t, Mdl->Size, sizeof(MDL) + 4 * sizeof(PFN_NUMBER));
    KT_EXPECT_EQ(t, Mdl->MdlFlags, 0);
    KT_EXPECT_PTR_EQ(t, Mdl->StartVa, UserBuffer);
    KT_EXPECT_EQ(t, Mdl->ByteOffset, 100);
    KT_EXPECT_EQ(t, Mdl->ByteCount, 3 * PAGE_SIZE);
    KT_EXPECT_PTR_EQ(t, MmGetMdlVirtualAddress(Mdl), Va);
    KT_EXPECT_EQ(t, MmGetMdlByteCount(Mdl), 3 * PAGE_SIZE);
    KT_EXPECT_EQ(t, MmGetMdlByteOffset(Mdl), 100);
    KT_EXPECT_PTR_EQ(t, MmGetMdlPfnArray(Mdl), Storage + sizeof(MDL));
}

/* ---- IoAllocateMdl / IoFreeMdl ------------------------------------------------------------ */

static void mm_mdl_test_allocate_describes_buffer(KTEST *t)
{
    PUCHAR Va = UserBuffer + 0x10;
    PMDL Mdl = IoAllocateMdl(Va, 2 * PAGE_SIZE, FALSE, FALSE, NULL);

    KT_ASSERT_TRUE(t, Mdl != NULL);
    KT_EXPECT_TRUE(t, Mdl->Next == NULL);
    KT_EXPECT_EQ(t, Mdl->Size, sizeof(MDL) + 3 * sizeof(PFN_NUMBER));
    KT_EXPECT_EQ(t, Mdl->MdlFlags & (MDL_PAGES_LOCKED | MDL_MAPPED_TO_SYSTEM_VA |
                                     MDL_SOURCE_IS_NONPAGED_POOL | MDL_PARTIAL), 0);
    KT_EXPECT_PTR_EQ(t, MmGetMdlVirtualAddress(Mdl), Va);
    KT_EXPECT_EQ(t, MmGetMdlByteCount(Mdl), 2 * PAGE_SIZE);
    KT_EXPECT_EQ(t, MmGetMdlByteOffset(Mdl), 0x10);
    KT_EXPECT_PTR_EQ(t, MmGetMdlBaseVa(Mdl), UserBuffer);
    IoFreeMdl(Mdl);
}

static void mm_mdl_test_allocate_length_limit(KTEST *t)
{
    /* Windows 7 and later: at most 4 GB - PAGE_SIZE. */
    PMDL Mdl = IoAllocateMdl((PVOID)0x10000, 0xFFFFF000UL, FALSE, FALSE, NULL);
    KT_ASSERT_TRUE(t, Mdl != NULL);
    KT_EXPECT_EQ(t, MmGetMdlByteCount(Mdl), 0xFFFFF000UL);
    IoFreeMdl(Mdl);
    KT_EXPECT_TRUE(t, IoAllocateMdl((PVOID)0x10000, 0xFFFFF001UL, FALSE, FALSE, NULL) == NULL);
    KT_EXPECT_TRUE(t, IoAllocateMdl((PVOID)0x10000, 0xFFFFFFFFUL, FALSE, FALSE, NULL) == NULL);
    /* Zero bytes is an MDL with no pages. */
    Mdl = IoAllocateMdl(UserBuffer, 0, FALSE, FALSE, NULL);
    KT_ASSERT_TRUE(t, Mdl != NULL);
    KT_EXPECT_EQ(t, MmGetMdlByteCount(Mdl), 0);
    IoFreeMdl(Mdl);
}

static void mm_mdl_test_allocate_links_irp(KTEST *t)
{
    IRP Irp;
    PMDL First, Second, Third, Other;

    RtlZeroMemory(&Irp, sizeof(Irp));
    First = IoAllocateMdl(UserBuffer, 100, FALSE, FALSE, &Irp);
    KT_ASSERT_TRUE(t, First != NULL);
    KT_EXPECT_PTR_EQ(t, Irp.MdlAddress, First);
    Second = IoAllocateMdl(UserBuffer + PAGE_SIZE, 100, TRUE, FALSE, &Irp);
    Third = IoAllocateMdl(UserBuffer + 2 * PAGE_SIZE, 100, TRUE, FALSE, &Irp);
    KT_ASSERT_TRUE(t, Second != NULL && Third != NULL);
    /* Secondary buffers chain at the end; the primary stays first. */
    KT_EXPECT_PTR_EQ(t, Irp.MdlAddress, First);
    KT_EXPECT_PTR_EQ(t, First->Next, Second);
    KT_EXPECT_PTR_EQ(t, Second->Next, Third);
    KT_EXPECT_TRUE(t, Third->Next == NULL);
    /* Another primary replaces Irp->MdlAddress (the caller owns the old chain). */
    Other = IoAllocateMdl(UserBuffer, 10, FALSE, FALSE, &Irp);
    KT_ASSERT_TRUE(t, Other != NULL);
    KT_EXPECT_PTR_EQ(t, Irp.MdlAddress, Other);
    KT_EXPECT_TRUE(t, Other->Next == NULL);
    IoFreeMdl(Other);
    IoFreeMdl(Third);
    IoFreeMdl(Second);
    IoFreeMdl(First);
    /* A secondary buffer on an IRP without MDLs becomes the first. */
    RtlZeroMemory(&Irp, sizeof(Irp));
    First = IoAllocateMdl(UserBuffer, 10, TRUE, FALSE, &Irp);
    KT_ASSERT_TRUE(t, First != NULL);
    KT_EXPECT_PTR_EQ(t, Irp.MdlAddress, First);
    IoFreeMdl(First);
}

static void mm_mdl_test_create_mdl(KTEST *t)
{
    PMDL Mdl = MmCreateMdl(NULL, UserBuffer + 8, PAGE_SIZE);
    UCHAR Storage[sizeof(MDL) + 2 * sizeof(PFN_NUMBER)];

    KT_ASSERT_TRUE(t, Mdl != NULL);
    KT_EXPECT_PTR_EQ(t, MmGetMdlVirtualAddress(Mdl), UserBuffer + 8);
    KT_EXPECT_EQ(t, Mdl->Size, sizeof(MDL) + 2 * sizeof(PFN_NUMBER));
    ExFreePool(Mdl);
    KT_EXPECT_PTR_EQ(t, MmCreateMdl((PMDL)Storage, UserBuffer, 10), Storage);
    KT_EXPECT_EQ(t, ((PMDL)Storage)->ByteCount, 10);
}

/* ---- MmProbeAndLockPages / MmUnlockPages -------------------------------------------------- */

static void mm_lock_test_kernel_mode_locks_user_buffer(KTEST *t)
{
    PUCHAR Va = UserBuffer + 0x800;
    PMDL Mdl = IoAllocateMdl(Va, 3 * PAGE_SIZE, FALSE, FALSE, NULL);
    PPFN_NUMBER Pfn;
    ULONG i;

    KT_ASSERT_TRUE(t, Mdl != NULL);
    KT_ASSERT_EQ(t, TryProbe(Mdl, KernelMode, IoWriteAccess), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, (Mdl->MdlFlags & MDL_PAGES_LOCKED) != 0);
    KT_EXPECT_TRUE(t, (Mdl->MdlFlags & MDL_WRITE_OPERATION) != 0);
    KT_EXPECT_PTR_EQ(t, Mdl->Process, PsGetCurrentProcess());
    /* 3 pages from offset 0x800 span 4; PFNs follow the documented scheme. */
    Pfn = MmGetMdlPfnArray(Mdl);
    for (i = 0; i < 4; i++)
        KT_EXPECT_EQ(t, Pfn[i], (ULONG64)MmGetPhysicalAddress(UserBuffer + i * PAGE_SIZE).QuadPart >> PAGE_SHIFT);
    KT_EXPECT_EQ(t, Pfn[1], Pfn[0] + 1);
    MmUnlockPages(Mdl);
    KT_EXPECT_EQ(t, Mdl->MdlFlags & MDL_PAGES_LOCKED, 0);
    /* Read access: no MDL_WRITE_OPERATION. It can be locked again after the unlock. */
    KT_ASSERT_EQ(t, TryProbe(Mdl, UserMode, IoReadAccess), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, (Mdl->MdlFlags & MDL_PAGES_LOCKED) != 0);
    MmUnlockPages(Mdl);
    IoFreeMdl(Mdl);
}

static void mm_lock_test_write_probe_keeps_contents(KTEST *t)
{
    PMDL Mdl = IoAllocateMdl(UserBuffer, 2 * PAGE_SIZE, FALSE, FALSE, NULL);
    KT_ASSERT_TRUE(t, Mdl != NULL);
    UserBuffer[0] = 0x5A;
    UserBuffer[PAGE_SIZE] = 0xA5;
    KT_ASSERT_EQ(t, TryProbe(Mdl, UserMode, IoModifyAccess), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, UserBuffer[0], 0x5A);
    KT_EXPECT_EQ(t, UserBuffer[PAGE_SIZE], 0xA5);
    MmUnlockPages(Mdl);
    IoFreeMdl(Mdl);
}

static void mm_lock_test_user_mode_rejects_pool(KTEST *t)
{
    PUCHAR Pool = (PUCHAR)ExAllocatePoolWithTag(NonPagedPoolNx, 3 * PAGE_SIZE, TAG_T);
    PMDL Mdl;

    KT_ASSERT_TRUE(t, Pool != NULL);
    Mdl = IoAllocateMdl(Pool + 10, 100, FALSE, FALSE, NULL);
    KT_ASSERT_TRUE(t, Mdl != NULL);
    /* Kernel memory passed as a user buffer: the probe raises, nothing is locked. */
    KT_EXPECT_EQ(t, TryProbe(Mdl, UserMode, IoReadAccess), STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, Mdl->MdlFlags & MDL_PAGES_LOCKED, 0);
    /* The same range is fine in kernel mode; pool pages carry no process. */
    KT_ASSERT_EQ(t, TryProbe(Mdl, KernelMode, IoWriteAccess), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, Mdl->Process == NULL);
    MmUnlockPages(Mdl);
    IoFreeMdl(Mdl);
    ExFreePoolWithTag(Pool, TAG_T);
}

static void mm_lock_test_user_mode_rejects_system_range(KTEST *t)
{
    UCHAR Storage[sizeof(MDL) + 4 * sizeof(PFN_NUMBER)];
    PMDL Mdl = (PMDL)Storage;

    MmInitializeMdl(Mdl, (PVOID)0xFFFFF80000001000ULL, 100);
    KT_EXPECT_EQ(t, TryProbe(Mdl, UserMode, IoReadAccess), STATUS_ACCESS_VIOLATION);
    /* A range that crosses MmUserProbeAddress. */
    MmInitializeMdl(Mdl, (PVOID)(MmUserProbeAddress - 0x100), 0x200);
    KT_EXPECT_EQ(t, TryProbe(Mdl, UserMode, IoReadAccess), STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, Mdl->MdlFlags & MDL_PAGES_LOCKED, 0);
}

static void mm_lock_test_missing_page_raises(KTEST *t)
{
    PUCHAR Pages = (PUCHAR)mm_test_hole_pages();
    PMDL Mdl;

    KT_ASSERT_TRUE(t, Pages != NULL);
    /* First page alone is fine. */
    Mdl = IoAllocateMdl(Pages + 16, 100, FALSE, FALSE, NULL);
    KT_ASSERT_TRUE(t, Mdl != NULL);
    KT_ASSERT_EQ(t, TryProbe(Mdl, UserMode, IoWriteAccess), STATUS_SUCCESS);
    MmUnlockPages(Mdl);
    IoFreeMdl(Mdl);
    /* Across the hole: raises in either mode, for reading and writing, and stays unlocked. */
    Mdl = IoAllocateMdl(Pages + 16, 3 * PAGE_SIZE - 32, FALSE, FALSE, NULL);
    KT_ASSERT_TRUE(t, Mdl != NULL);
    KT_EXPECT_EQ(t, TryProbe(Mdl, UserMode, IoReadAccess), STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, TryProbe(Mdl, KernelMode, IoReadAccess), STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, TryProbe(Mdl, KernelMode, IoWriteAccess), STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, Mdl->MdlFlags & MDL_PAGES_LOCKED, 0);
    IoFreeMdl(Mdl);
    /* The NULL page. */
    Mdl = IoAllocateMdl(NULL, 16, FALSE, FALSE, NULL);
    KT_ASSERT_TRUE(t, Mdl != NULL);
    KT_EXPECT_EQ(t, TryProbe(Mdl, UserMode, IoReadAccess), STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, TryProbe(Mdl, KernelMode, IoWriteAccess), STATUS_ACCESS_VIOLATION);
    IoFreeMdl(Mdl);
    /* An inaccessible (reserved) page. */
    Mdl = IoAllocateMdl(mm_test_noaccess_page(), 8, FALSE, FALSE, NULL);
    KT_ASSERT_TRUE(t, Mdl != NULL);
    KT_EXPECT_EQ(t, TryProbe(Mdl, KernelMode, IoReadAccess), STATUS_ACCESS_VIOLATION);
    IoFreeMdl(Mdl);
}

static void mm_lock_test_readonly_page(KTEST *t)
{
    PVOID Page = mm_test_readonly_page();
    PMDL Mdl;

    KT_ASSERT_TRUE(t, Page != NULL);
    Mdl = IoAllocateMdl(Page, 64, FALSE, FALSE, NULL);
    KT_ASSERT_TRUE(t, Mdl != NULL);
    KT_EXPECT_EQ(t, TryProbe(Mdl, UserMode, IoWriteAccess), STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, TryProbe(Mdl, UserMode, IoModifyAccess), STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(t, TryProbe(Mdl, UserMode, IoReadAccess), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Mdl->MdlFlags & MDL_WRITE_OPERATION, 0);
    MmUnlockPages(Mdl);
    IoFreeMdl(Mdl);
}

typedef struct _MDL_CALL {
    PMDL Mdl;
    PVOID Address;
    KPROCESSOR_MODE Mode;
    KIRQL Irql;
    ULONG Length;
    PMDL Target;
} MDL_CALL;

static void UnlockRoutine(void *Ctx)
{
    MmUnlockPages(((MDL_CALL *)Ctx)->Mdl);
}

static void ProbeRoutine(void *Ctx)
{
    MDL_CALL *c = (MDL_CALL *)Ctx;
    KIRQL Old = PASSIVE_LEVEL;
    if (c->Irql != PASSIVE_LEVEL)
        KeRaiseIrql(c->Irql, &Old);
    MmProbeAndLockPages(c->Mdl, c->Mode, IoReadAccess);
    if (c->Irql != PASSIVE_LEVEL)
        KeLowerIrql(Old);
}

static void mm_lock_test_unlock_unlocked_bugchecks_76(KTEST *t)
{
    KMODE_BUGCHECK bc;
    MDL_CALL c;
    RtlZeroMemory(&c, sizeof(c));
    c.Mdl = IoAllocateMdl(UserBuffer, 100, FALSE, FALSE, NULL);
    KT_ASSERT_TRUE(t, c.Mdl != NULL);
    /* Never locked. */
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(UnlockRoutine, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, PROCESS_HAS_LOCKED_PAGES);
    KT_EXPECT_EQ(t, bc.Parameter1, 1);
    KT_EXPECT_EQ(t, bc.Parameter2, (ULONG_PTR)c.Mdl);
    /* Unlocked twice. */
    KT_ASSERT_EQ(t, TryProbe(c.Mdl, UserMode, IoReadAccess), STATUS_SUCCESS);
    MmUnlockPages(c.Mdl);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(UnlockRoutine, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, PROCESS_HAS_LOCKED_PAGES);
    /* Nonpaged-pool MDLs are not locked MDLs either. */
    MmBuildMdlForNonPagedPool(c.Mdl);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(UnlockRoutine, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, PROCESS_HAS_LOCKED_PAGES);
    IoFreeMdl(c.Mdl);
}

static void mm_lock_test_relock_bugchecks_c4_b0(KTEST *t)
{
    KMODE_BUGCHECK bc;
    MDL_CALL c;
    RtlZeroMemory(&c, sizeof(c));
    c.Mdl = IoAllocateMdl(UserBuffer, 100, FALSE, FALSE, NULL);
    c.Mode = KernelMode;
    KT_ASSERT_TRUE(t, c.Mdl != NULL);
    KT_ASSERT_EQ(t, TryProbe(c.Mdl, KernelMode, IoReadAccess), STATUS_SUCCESS);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(ProbeRoutine, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, DRIVER_VERIFIER_DETECTED_VIOLATION);
    KT_EXPECT_EQ(t, bc.Parameter1, 0xB0);
    KT_EXPECT_EQ(t, bc.Parameter2, (ULONG_PTR)c.Mdl);
    KT_EXPECT_EQ(t, bc.Parameter4, MDL_PAGES_LOCKED);
    MmUnlockPages(c.Mdl);
    /* A nonpaged-pool MDL cannot be probed. */
    MmBuildMdlForNonPagedPool(c.Mdl);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(ProbeRoutine, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Parameter1, 0xB0);
    KT_EXPECT_EQ(t, bc.Parameter4, MDL_SOURCE_IS_NONPAGED_POOL);
    IoFreeMdl(c.Mdl);
}

static void mm_lock_test_irql_rules(KTEST *t)
{
    KMODE_BUGCHECK bc;
    PVOID Pool = ExAllocatePoolWithTag(NonPagedPoolNx, 64, TAG_T);
    MDL_CALL c;

    KT_ASSERT_TRUE(t, Pool != NULL);
    RtlZeroMemory(&c, sizeof(c));
    c.Mdl = IoAllocateMdl(UserBuffer, 100, FALSE, FALSE, NULL);
    KT_ASSERT_TRUE(t, c.Mdl != NULL);
    /* A user buffer is pageable: UserMode probes above APC_LEVEL bugcheck 0xA. */
    c.Mode = UserMode;
    c.Irql = DISPATCH_LEVEL;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(ProbeRoutine, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, IRQL_NOT_LESS_OR_EQUAL);
    KT_EXPECT_EQ(t, bc.Parameter1, (ULONG_PTR)UserBuffer);
    KT_EXPECT_EQ(t, bc.Parameter2, DISPATCH_LEVEL);
    c.Irql = APC_LEVEL;
    KT_EXPECT_FALSE(t, KmodeCatchBugCheck(ProbeRoutine, &c, KMODE_CATCH_QUIET, &bc));
    MmUnlockPages(c.Mdl);
    IoFreeMdl(c.Mdl);
    /* Nonpaged memory in kernel mode: DISPATCH_LEVEL is allowed. */
    c.Mdl = IoAllocateMdl(Pool, 64, FALSE, FALSE, NULL);
    KT_ASSERT_TRUE(t, c.Mdl != NULL);
    c.Mode = KernelMode;
    c.Irql = DISPATCH_LEVEL;
    KT_EXPECT_FALSE(t, KmodeCatchBugCheck(ProbeRoutine, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_TRUE(t, (c.Mdl->MdlFlags & MDL_PAGES_LOCKED) != 0);
    MmUnlockPages(c.Mdl);
    c.Irql = HIGH_LEVEL;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(ProbeRoutine, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, IRQL_NOT_LESS_OR_EQUAL);
    IoFreeMdl(c.Mdl);
    ExFreePoolWithTag(Pool, TAG_T);
}

/* ---- Nonpaged pool MDLs ------------------------------------------------------------------- */

static void mm_mdl_test_build_for_nonpaged_pool(KTEST *t)
{
    PUCHAR Pool = (PUCHAR)ExAllocatePoolWithTag(NonPagedPoolNx, 2 * PAGE_SIZE, TAG_T);
    PMDL Mdl;
    PVOID System;

    KT_ASSERT_TRUE(t, Pool != NULL);
    Mdl = IoAllocateMdl(Pool + 24, PAGE_SIZE + 100, FALSE, FALSE, NULL);
    KT_ASSERT_TRUE(t, Mdl != NULL);
    MmBuildMdlForNonPagedPool(Mdl);
    KT_EXPECT_TRUE(t, (Mdl->MdlFlags & MDL_SOURCE_IS_NONPAGED_POOL) != 0);
    KT_EXPECT_EQ(t, Mdl->MdlFlags & (MDL_PAGES_LOCKED | MDL_MAPPED_TO_SYSTEM_VA), 0);
    KT_EXPECT_PTR_EQ(t, Mdl->MappedSystemVa, Pool + 24);
    KT_EXPECT_TRUE(t, Mdl->Process == NULL);
    KT_EXPECT_EQ(t, MmGetMdlPfnArray(Mdl)[0], (ULONG64)MmGetPhysicalAddress(Pool).QuadPart >> PAGE_SHIFT);
    KT_EXPECT_EQ(t, MmGetMdlPfnArray(Mdl)[1], MmGetMdlPfnArray(Mdl)[0] + 1);
    /* The existing mapping is returned, nothing new is made. */
    System = MmGetSystemAddressForMdlSafe(Mdl, NormalPagePriority | MdlMappingNoExecute);
    KT_EXPECT_PTR_EQ(t, System, Pool + 24);
    KT_EXPECT_EQ(t, Mdl->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA, 0);
    KT_EXPECT_PTR_EQ(t, MmGetSystemAddressForMdl(Mdl), Pool + 24);
    IoFreeMdl(Mdl);
    ExFreePoolWithTag(Pool, TAG_T);
}

/* ---- Mapping ------------------------------------------------------------------------------ */

static void mm_map_test_system_address_of_locked_mdl(KTEST *t)
{
    PUCHAR Va = UserBuffer + 0x123;
    PMDL Mdl = IoAllocateMdl(Va, 2 * PAGE_SIZE, FALSE, FALSE, NULL);
    PUCHAR System;

    KT_ASSERT_TRUE(t, Mdl != NULL);
    KT_ASSERT_EQ(t, TryProbe(Mdl, UserMode, IoWriteAccess), STATUS_SUCCESS);
    System = (PUCHAR)MmGetSystemAddressForMdlSafe(Mdl, NormalPagePriority | MdlMappingNoExecute);
    KT_ASSERT_TRUE(t, System != NULL);
    /* Same byte offset as the MDL's virtual address; it aliases the buffer. */
    KT_EXPECT_EQ(t, BYTE_OFFSET(System), 0x123);
    KT_EXPECT_TRUE(t, (Mdl->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA) != 0);
    KT_EXPECT_PTR_EQ(t, Mdl->MappedSystemVa, System);
    System[5] = 0x77;
    KT_EXPECT_EQ(t, Va[5], 0x77);
    /* Asking again returns the same mapping. */
    KT_EXPECT_PTR_EQ(t, MmGetSystemAddressForMdlSafe(Mdl, HighPagePriority), System);
    MmUnmapLockedPages(System, Mdl);
    KT_EXPECT_EQ(t, Mdl->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA, 0);
    /* MmUnlockPages releases a mapping itself. */
    System = (PUCHAR)MmMapLockedPagesSpecifyCache(Mdl, KernelMode, MmNonCached, NULL, FALSE,
                                                  LowPagePriority | MdlMappingNoWrite);
    KT_ASSERT_TRUE(t, System != NULL);
    MmUnlockPages(Mdl);
    KT_EXPECT_EQ(t, Mdl->MdlFlags & (MDL_MAPPED_TO_SYSTEM_VA | MDL_PAGES_LOCKED), 0);
    IoFreeMdl(Mdl);
}

static void mm_map_test_obsolete_map_locked_pages(KTEST *t)
{
    PMDL Mdl = IoAllocateMdl(UserBuffer + 1, 10, FALSE, FALSE, NULL);
    PVOID System;
    KT_ASSERT_TRUE(t, Mdl != NULL);
    KT_ASSERT_EQ(t, TryProbe(Mdl, KernelMode, IoReadAccess), STATUS_SUCCESS);
    System = MmGetSystemAddressForMdl(Mdl);
    KT_EXPECT_PTR_EQ(t, System, UserBuffer + 1);
    KT_EXPECT_TRUE(t, (Mdl->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA) != 0);
    MmUnmapLockedPages(System, Mdl);
    KT_EXPECT_PTR_EQ(t, MmMapLockedPages(Mdl, KernelMode), UserBuffer + 1);
    MmUnlockPages(Mdl);
    IoFreeMdl(Mdl);
}

static void MapRoutine(void *Ctx)
{
    MDL_CALL *c = (MDL_CALL *)Ctx;
    KIRQL Old = PASSIVE_LEVEL;
    if (c->Irql != PASSIVE_LEVEL)
        KeRaiseIrql(c->Irql, &Old);
    c->Address = MmMapLockedPagesSpecifyCache(c->Mdl, c->Mode, MmCached, NULL, FALSE,
                                              NormalPagePriority);
    if (c->Irql != PASSIVE_LEVEL)
        KeLowerIrql(Old);
}

static void UnmapRoutine(void *Ctx)
{
    MDL_CALL *c = (MDL_CALL *)Ctx;
    MmUnmapLockedPages(c->Address, c->Mdl);
}

static void mm_map_test_misuse_bugchecks(KTEST *t)
{
    KMODE_BUGCHECK bc;
    PVOID Pool = ExAllocatePoolWithTag(NonPagedPoolNx, 64, TAG_T);
    MDL_CALL c;

    KT_ASSERT_TRUE(t, Pool != NULL);
    RtlZeroMemory(&c, sizeof(c));
    c.Mdl = IoAllocateMdl(UserBuffer, 100, FALSE, FALSE, NULL);
    c.Mode = KernelMode;
    KT_ASSERT_TRUE(t, c.Mdl != NULL);
    /* Not locked. */
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(MapRoutine, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, DRIVER_VERIFIER_DETECTED_VIOLATION);
    KT_EXPECT_EQ(t, bc.Parameter1, 0xB3);
    KT_EXPECT_EQ(t, bc.Parameter2, (ULONG_PTR)c.Mdl);
    /* Unmapping what is not mapped. */
    c.Address = UserBuffer;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(UnmapRoutine, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, SYSTEM_PTE_MISUSE);
    KT_EXPECT_EQ(t, bc.Parameter1, 6);
    KT_EXPECT_EQ(t, bc.Parameter2, (ULONG_PTR)c.Mdl);
    KT_EXPECT_EQ(t, bc.Parameter3, (ULONG_PTR)UserBuffer);
    /* Mapped twice. */
    KT_ASSERT_EQ(t, TryProbe(c.Mdl, KernelMode, IoReadAccess), STATUS_SUCCESS);
    KT_EXPECT_FALSE(t, KmodeCatchBugCheck(MapRoutine, &c, KMODE_CATCH_QUIET, &bc));
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(MapRoutine, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Parameter1, 0xB2);
    KT_EXPECT_EQ(t, bc.Parameter4, MDL_MAPPED_TO_SYSTEM_VA);
    /* The wrong address. */
    c.Address = UserBuffer + 1;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(UnmapRoutine, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, SYSTEM_PTE_MISUSE);
    MmUnmapLockedPages(UserBuffer, c.Mdl);
    MmUnlockPages(c.Mdl);
    IoFreeMdl(c.Mdl);
    /* Nonpaged-pool MDLs are mapped already: no second system mapping. */
    c.Mdl = IoAllocateMdl(Pool, 64, FALSE, FALSE, NULL);
    KT_ASSERT_TRUE(t, c.Mdl != NULL);
    MmBuildMdlForNonPagedPool(c.Mdl);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(MapRoutine, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Parameter1, 0xB2);
    KT_EXPECT_EQ(t, bc.Parameter4, MDL_SOURCE_IS_NONPAGED_POOL);
    /* Kernel-mode mapping above DISPATCH_LEVEL, user-mode mapping above APC_LEVEL. */
    c.Mode = UserMode;
    c.Irql = DISPATCH_LEVEL;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(MapRoutine, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, IRQL_NOT_LESS_OR_EQUAL);
    IoFreeMdl(c.Mdl);
    ExFreePoolWithTag(Pool, TAG_T);
}

static NTSTATUS TryMapUser(PMDL Mdl, PVOID Requested, PVOID *Address)
{
    NTSTATUS Status = STATUS_SUCCESS;
    *Address = NULL;
    __try {
        *Address = MmMapLockedPagesSpecifyCache(Mdl, UserMode, MmCached, Requested, FALSE,
                                                NormalPagePriority | MdlMappingNoWrite);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    return Status;
}

static void mm_map_test_user_mapping_of_pool(KTEST *t)
{
    PUCHAR Pool = (PUCHAR)ExAllocatePoolWithTag(NonPagedPoolNx, PAGE_SIZE, TAG_T);
    PMDL Mdl;
    PUCHAR User, User2;

    KT_ASSERT_TRUE(t, Pool != NULL);
    RtlZeroMemory(Pool, PAGE_SIZE);
    Mdl = IoAllocateMdl(Pool, PAGE_SIZE, FALSE, FALSE, NULL);
    KT_ASSERT_TRUE(t, Mdl != NULL);
    MmBuildMdlForNonPagedPool(Mdl);
    KT_ASSERT_EQ(t, TryMapUser(Mdl, NULL, (PVOID *)&User), STATUS_SUCCESS);
    KT_ASSERT_TRUE(t, User != NULL);
    Pool[7] = 0x42;
    KT_EXPECT_EQ(t, User[7], 0x42);      /* the application sees the driver's data */
    /* A second user mapping, then both released. */
    KT_ASSERT_EQ(t, TryMapUser(Mdl, NULL, (PVOID *)&User2), STATUS_SUCCESS);
    MmUnmapLockedPages(User2, Mdl);
    MmUnmapLockedPages(User, Mdl);
    /* A requested address in another page cannot be honoured: raises. */
    KT_EXPECT_EQ(t, TryMapUser(Mdl, UserBuffer, (PVOID *)&User), STATUS_CONFLICTING_ADDRESSES);
    /* The buffer's own page can. */
    KT_ASSERT_EQ(t, TryMapUser(Mdl, Pool, (PVOID *)&User), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, User, Pool);
    /* IoFreeMdl forgets user mappings left behind. */
    IoFreeMdl(Mdl);
    ExFreePoolWithTag(Pool, TAG_T);
}

/* ---- Partial MDLs -------------------------------------------------------------------------- */

static void mm_mdl_test_partial_over_multipage_buffer(KTEST *t)
{
    PUCHAR Va = UserBuffer + 0x100;
    PMDL Source = IoAllocateMdl(Va, 5 * PAGE_SIZE, FALSE, FALSE, NULL);
    PMDL Partial = IoAllocateMdl(Va, 5 * PAGE_SIZE, FALSE, FALSE, NULL);
    PPFN_NUMBER SPfn, PPfn;
    PUCHAR System;

    KT_ASSERT_TRUE(t, Source != NULL && Partial != NULL);
    KT_ASSERT_EQ(t, TryProbe(Source, UserMode, IoWriteAccess), STATUS_SUCCESS);
    SPfn = MmGetMdlPfnArray(Source);
    PPfn = MmGetMdlPfnArray(Partial);

    /* Bytes [2 pages + 0x50, +PAGE_SIZE) of the buffer: two pages, starting at source page 2. */
    IoBuildPartialMdl(Source, Partial, Va + 2 * PAGE_SIZE + 0x50, PAGE_SIZE);
    KT_EXPECT_TRUE(t, (Partial->MdlFlags & MDL_PARTIAL) != 0);
    KT_EXPECT_EQ(t, Partial->MdlFlags & (MDL_PAGES_LOCKED | MDL_MAPPED_TO_SYSTEM_VA), 0);
    KT_EXPECT_PTR_EQ(t, MmGetMdlVirtualAddress(Partial), Va + 2 * PAGE_SIZE + 0x50);
    KT_EXPECT_EQ(t, MmGetMdlByteCount(Partial), PAGE_SIZE);
    KT_EXPECT_EQ(t, MmGetMdlByteOffset(Partial), 0x150);
    KT_EXPECT_EQ(t, PPfn[0], SPfn[2]);
    KT_EXPECT_EQ(t, PPfn[1], SPfn[3]);
    KT_EXPECT_PTR_EQ(t, Partial->Process, Source->Process);

    /* The partial maps itself; MmPrepareMdlForReuse releases that. */
    System = (PUCHAR)MmGetSystemAddressForMdlSafe(Partial, NormalPagePriority);
    KT_ASSERT_TRUE(t, System != NULL);
    KT_EXPECT_PTR_EQ(t, System, Va + 2 * PAGE_SIZE + 0x50);
    KT_EXPECT_EQ(t, Partial->MdlFlags & (MDL_MAPPED_TO_SYSTEM_VA | MDL_PARTIAL_HAS_BEEN_MAPPED),
                 MDL_MAPPED_TO_SYSTEM_VA | MDL_PARTIAL_HAS_BEEN_MAPPED);
    MmPrepareMdlForReuse(Partial);
    KT_EXPECT_EQ(t, Partial->MdlFlags & (MDL_MAPPED_TO_SYSTEM_VA | MDL_PARTIAL_HAS_BEEN_MAPPED), 0);

    /* Length 0: from the address to the end of the source's buffer. */
    IoBuildPartialMdl(Source, Partial, Va + 4 * PAGE_SIZE, 0);
    KT_EXPECT_EQ(t, MmGetMdlByteCount(Partial), PAGE_SIZE);
    KT_EXPECT_EQ(t, PPfn[0], SPfn[4]);
    KT_EXPECT_EQ(t, PPfn[1], SPfn[5]);

    /* From a mapped source: the partial shares the source's mapping. */
    System = (PUCHAR)MmGetSystemAddressForMdlSafe(Source, NormalPagePriority);
    KT_ASSERT_TRUE(t, System != NULL);
    IoBuildPartialMdl(Source, Partial, Va + PAGE_SIZE, 10);
    KT_EXPECT_TRUE(t, (Partial->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA) != 0);
    KT_EXPECT_EQ(t, Partial->MdlFlags & MDL_PARTIAL_HAS_BEEN_MAPPED, 0);
    KT_EXPECT_PTR_EQ(t, MmGetSystemAddressForMdlSafe(Partial, NormalPagePriority), System + PAGE_SIZE);
    /* Freeing the partial leaves the source's mapping alone. */
    IoFreeMdl(Partial);
    KT_EXPECT_TRUE(t, (Source->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA) != 0);
    MmUnlockPages(Source);
    IoFreeMdl(Source);
}

static void mm_mdl_test_partial_of_nonpaged(KTEST *t)
{
    PUCHAR Pool = (PUCHAR)ExAllocatePoolWithTag(NonPagedPoolNx, 3 * PAGE_SIZE, TAG_T);
    PMDL Source, Partial;

    KT_ASSERT_TRUE(t, Pool != NULL);
    Source = IoAllocateMdl(Pool, 3 * PAGE_SIZE, FALSE, FALSE, NULL);
    Partial = IoAllocateMdl(Pool, 3 * PAGE_SIZE, FALSE, FALSE, NULL);
    KT_ASSERT_TRUE(t, Source != NULL && Partial != NULL);
    MmBuildMdlForNonPagedPool(Source);
    IoBuildPartialMdl(Source, Partial, Pool + PAGE_SIZE + 8, 100);
    KT_EXPECT_TRUE(t, (Partial->MdlFlags & MDL_SOURCE_IS_NONPAGED_POOL) != 0);
    KT_EXPECT_PTR_EQ(t, Partial->MappedSystemVa, Pool + PAGE_SIZE + 8);
    KT_EXPECT_PTR_EQ(t, MmGetSystemAddressForMdlSafe(Partial, NormalPagePriority), Pool + PAGE_SIZE + 8);
    IoFreeMdl(Partial);
    IoFreeMdl(Source);
    ExFreePoolWithTag(Pool, TAG_T);
}

static void PartialRoutine(void *Ctx)
{
    MDL_CALL *c = (MDL_CALL *)Ctx;
    IoBuildPartialMdl(c->Mdl, c->Target, c->Address, c->Length);
}

static void mm_mdl_test_partial_misuse_bugchecks(KTEST *t)
{
    KMODE_BUGCHECK bc;
    UCHAR Small[sizeof(MDL) + sizeof(PFN_NUMBER)];
    MDL_CALL c;

    RtlZeroMemory(&c, sizeof(c));
    c.Mdl = IoAllocateMdl(UserBuffer + PAGE_SIZE, 2 * PAGE_SIZE, FALSE, FALSE, NULL);
    c.Target = IoAllocateMdl(UserBuffer, 4 * PAGE_SIZE, FALSE, FALSE, NULL);
    KT_ASSERT_TRUE(t, c.Mdl != NULL && c.Target != NULL);
    KT_ASSERT_EQ(t, TryProbe(c.Mdl, UserMode, IoReadAccess), STATUS_SUCCESS);
    /* Starts before the source. */
    c.Address = UserBuffer;
    c.Length = 10;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(PartialRoutine, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, INVALID_MDL_RANGE);
    KT_EXPECT_EQ(t, bc.Parameter1, (ULONG_PTR)c.Mdl);
    KT_EXPECT_EQ(t, bc.Parameter2, (ULONG_PTR)c.Target);
    KT_EXPECT_EQ(t, bc.Parameter3, (ULONG_PTR)UserBuffer);
    KT_EXPECT_EQ(t, bc.Parameter4, 10);
    /* Ends after it. */
    c.Address = UserBuffer + 2 * PAGE_SIZE;
    c.Length = PAGE_SIZE + 1;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(PartialRoutine, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, INVALID_MDL_RANGE);
    /* Exactly the end is fine. */
    c.Length = PAGE_SIZE;
    KT_EXPECT_FALSE(t, KmodeCatchBugCheck(PartialRoutine, &c, KMODE_CATCH_QUIET, &bc));
    /* A target with room for one PFN, asked for two pages. */
    MmInitializeMdl((PMDL)Small, UserBuffer, 1);
    c.Target = (PMDL)Small;
    c.Address = UserBuffer + 2 * PAGE_SIZE - 8;
    c.Length = 16;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(PartialRoutine, &c, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, TARGET_MDL_TOO_SMALL);
    MmUnlockPages(c.Mdl);
    IoFreeMdl(c.Mdl);
}

static KTEST_CASE mm_mdl_cases[] = {
    KTEST_CASE_ENTRY(mm_mdl_test_page_macros),
    KTEST_CASE_ENTRY(mm_mdl_test_initialize_mdl),
    KTEST_CASE_ENTRY(mm_mdl_test_allocate_describes_buffer),
    KTEST_CASE_ENTRY(mm_mdl_test_allocate_length_limit),
    KTEST_CASE_ENTRY(mm_mdl_test_allocate_links_irp),
    KTEST_CASE_ENTRY(mm_mdl_test_create_mdl),
    KTEST_CASE_ENTRY(mm_mdl_test_build_for_nonpaged_pool),
    KTEST_CASE_ENTRY(mm_mdl_test_partial_over_multipage_buffer),
    KTEST_CASE_ENTRY(mm_mdl_test_partial_of_nonpaged),
    KTEST_CASE_ENTRY(mm_mdl_test_partial_misuse_bugchecks),
    { 0 }
};
KTEST_SUITE(mm_mdl, mm_mdl_cases);

static KTEST_CASE mm_lock_cases[] = {
    KTEST_CASE_ENTRY(mm_lock_test_kernel_mode_locks_user_buffer),
    KTEST_CASE_ENTRY(mm_lock_test_write_probe_keeps_contents),
    KTEST_CASE_ENTRY(mm_lock_test_user_mode_rejects_pool),
    KTEST_CASE_ENTRY(mm_lock_test_user_mode_rejects_system_range),
    KTEST_CASE_ENTRY(mm_lock_test_missing_page_raises),
    KTEST_CASE_ENTRY(mm_lock_test_readonly_page),
    KTEST_CASE_ENTRY(mm_lock_test_unlock_unlocked_bugchecks_76),
    KTEST_CASE_ENTRY(mm_lock_test_relock_bugchecks_c4_b0),
    KTEST_CASE_ENTRY(mm_lock_test_irql_rules),
    { 0 }
};
KTEST_SUITE(mm_lock, mm_lock_cases);

static KTEST_CASE mm_map_cases[] = {
    KTEST_CASE_ENTRY(mm_map_test_system_address_of_locked_mdl),
    KTEST_CASE_ENTRY(mm_map_test_obsolete_map_locked_pages),
    KTEST_CASE_ENTRY(mm_map_test_misuse_bugchecks),
    KTEST_CASE_ENTRY(mm_map_test_user_mapping_of_pool),
    { 0 }
};
KTEST_SUITE(mm_map, mm_map_cases);
