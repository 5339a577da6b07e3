/*
 * PURPOSE: Host primitives: address-space reservation and commitment (for the pool).
 */
#include <sys/mman.h>
#include <internal/host.h>

PVOID HostReserveAddressSpace(SIZE_T Size)
{
    void *p = mmap(NULL, Size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

BOOLEAN HostCommitMemory(PVOID Address, SIZE_T Size)
{
    return mprotect(Address, Size, PROT_READ | PROT_WRITE) == 0;
}

BOOLEAN HostCommitExecutableMemory(PVOID Address, SIZE_T Size)
{
    return mprotect(Address, Size, PROT_READ | PROT_WRITE | PROT_EXEC) == 0;
}

VOID HostDiscardMemory(PVOID Address, SIZE_T Size)
{
    /* Private anonymous memory: MADV_DONTNEED frees the pages; the next touch maps zeros. */
    (void)madvise(Address, Size, MADV_DONTNEED);
}

VOID HostDecommitMemory(PVOID Address, SIZE_T Size)
{
    (void)madvise(Address, Size, MADV_DONTNEED);
    (void)mprotect(Address, Size, PROT_NONE);
}

VOID HostProtectNoAccess(PVOID Address, SIZE_T Size)
{
    (void)mprotect(Address, Size, PROT_NONE);
}
