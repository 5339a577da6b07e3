/*
 * PURPOSE: Tests for the memory manager's internal interface (src/include/internal/mm.h):
 * telling user ranges from kernel memory, the fake PFN scheme, the locked-page count.
 */
#include <string.h>
#include <internal/mm.h>
#include "ktest.h"

static UCHAR UserData[3 * 4096];

static NTSTATUS LockRange(PMDL Mdl)
{
    NTSTATUS Status = STATUS_SUCCESS;
    __try {
        MmProbeAndLockPages(Mdl, UserMode, IoReadAccess);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    return Status;
}

static void mm_internal_test_user_range(KTEST *t)
{
    PUCHAR Pool = ExAllocatePoolWithTag(NonPagedPoolNx, 3 * PAGE_SIZE, 'tsTM');
    UCHAR Local[16];
    PHYSICAL_ADDRESS Any;

    KT_ASSERT_TRUE(t, Pool != NULL);
    KT_EXPECT_TRUE(t, MiIsUserAddressRange(UserData, sizeof(UserData)));
    KT_EXPECT_TRUE(t, MiIsUserAddressRange(Local, sizeof(Local)));
    KT_EXPECT_TRUE(t, MiIsUserAddressRange(NULL, 0));
    KT_EXPECT_TRUE(t, MiIsUserAddressRange(Pool, 0));          /* nothing to access */
    KT_EXPECT_FALSE(t, MiIsUserAddressRange(Pool, 1));
    KT_EXPECT_FALSE(t, MiIsUserAddressRange(Pool + PAGE_SIZE, 10));
    /* Ranges that only end in, or only start in, or cover the pool. */
    KT_EXPECT_FALSE(t, MiIsUserAddressRange(Pool - 16, 32));
    KT_EXPECT_FALSE(t, MiIsUserAddressRange((PVOID)PAGE_SIZE, (SIZE_T)(Pool - PAGE_SIZE) + 1));
    KT_EXPECT_FALSE(t, MiIsUserAddressRange((PVOID)PAGE_SIZE, MmUserProbeAddress - 2 * PAGE_SIZE));
    /* Wrapping, and beyond the user probe address. */
    KT_EXPECT_FALSE(t, MiIsUserAddressRange((PVOID)(~(ULONG_PTR)0 - 10), 100));
    KT_EXPECT_FALSE(t, MiIsUserAddressRange((PVOID)(MmUserProbeAddress - 8), 16));
    KT_EXPECT_TRUE(t, MiIsKernelAddress(Pool + 5));
    KT_EXPECT_FALSE(t, MiIsKernelAddress(UserData));
    /* Contiguous memory is kernel memory too. */
    Any.QuadPart = -1;
    {
        PUCHAR c = MmAllocateContiguousMemory(2 * PAGE_SIZE, Any);
        KT_ASSERT_TRUE(t, c != NULL);
        KT_EXPECT_TRUE(t, MiIsKernelAddress(c + PAGE_SIZE));
        KT_EXPECT_FALSE(t, MiIsUserAddressRange(c + 100, 10));
        MmFreeContiguousMemory(c);
        KT_EXPECT_FALSE(t, MiIsKernelAddress(c + PAGE_SIZE));
    }
    ExFreePoolWithTag(Pool, 'tsTM');
}

static void mm_internal_test_pfn_and_lock_count(KTEST *t)
{
    PMDL Mdl = IoAllocateMdl(UserData + 10, 2 * PAGE_SIZE, FALSE, FALSE, NULL);
    LONG64 Before = MiLockedPageCount();

    KT_ASSERT_TRUE(t, Mdl != NULL);
    KT_ASSERT_EQ(t, LockRange(Mdl), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, MiLockedPageCount() - Before, 3);
    KT_EXPECT_EQ(t, MmGetMdlPfnArray(Mdl)[0], MiPfnOf(UserData + 10));
    KT_EXPECT_EQ(t, MmGetMdlPfnArray(Mdl)[2], MiPfnOf(UserData + 10 + 2 * PAGE_SIZE));
    MmUnlockPages(Mdl);
    KT_EXPECT_EQ(t, MiLockedPageCount(), Before);
    IoFreeMdl(Mdl);
}

static KTEST_CASE mm_internal_cases[] = {
    KTEST_CASE_ENTRY(mm_internal_test_user_range),
    KTEST_CASE_ENTRY(mm_internal_test_pfn_and_lock_count),
    { 0 }
};
KTEST_SUITE(mm_internal, mm_internal_cases);
