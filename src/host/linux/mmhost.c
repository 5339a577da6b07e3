/*
 * PURPOSE: Host primitives for the memory manager (src/mm): mappings at chosen addresses
 * (contiguous and noncached memory), a fault-free readability test (MmIsAddressValid), the
 * host's memory size.
 */

/* INCLUDES ******************************************************************************/

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <internal/host.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

/* GLOBALS *******************************************************************************/

static pthread_once_t HostpProbePipeOnce = PTHREAD_ONCE_INIT;
static int HostpProbePipe[2] = { -1, -1 };

/* PRIVATE FUNCTIONS *********************************************************************/

static void HostpCreateProbePipe(void)
{
    if (pipe2(HostpProbePipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        HostpProbePipe[0] = -1;
        HostpProbePipe[1] = -1;
    }
}

/* PUBLIC FUNCTIONS **********************************************************************/

PVOID HostMapMemoryAt(PVOID Address, SIZE_T Size)
{
    void *p = mmap(Address, Size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    if (p != Address) {
        /* A kernel without MAP_FIXED_NOREPLACE takes the address as a hint only. */
        munmap(p, Size);
        return NULL;
    }
    return p;
}

PVOID HostMapMemory(SIZE_T Size)
{
    void *p = mmap(NULL, Size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

VOID HostUnmapMemory(PVOID Address, SIZE_T Size)
{
    (void)munmap(Address, Size);
}

BOOLEAN HostIsAddressReadable(const void *Address)
{
    char c;
    long n;

    pthread_once(&HostpProbePipeOnce, HostpCreateProbePipe);
    if (HostpProbePipe[1] < 0)
        return FALSE;
    /* The kernel copies the byte into the pipe, or fails with EFAULT when it cannot read
       it. The raw system call keeps sanitizer interceptors from inspecting the buffer. */
    do {
        n = syscall(SYS_write, HostpProbePipe[1], Address, 1);
    } while (n < 0 && errno == EINTR);
    if (n != 1)
        return FALSE;
    do {
        n = syscall(SYS_read, HostpProbePipe[0], &c, 1);
    } while (n < 0 && errno == EINTR);
    return TRUE;
}

typedef struct _HOSTP_RANGE_QUERY {
    ULONG_PTR Address, Low, High;
    BOOLEAN Found;
} HOSTP_RANGE_QUERY;

static int HostpRangeCallback(struct dl_phdr_info *Info, size_t Size, void *Context)
{
    HOSTP_RANGE_QUERY *Query = Context;
    ULONG_PTR Low = ~(ULONG_PTR)0, High = 0;
    BOOLEAN Inside = FALSE;

    (void)Size;
    for (int i = 0; i < Info->dlpi_phnum; i++) {
        const ElfW(Phdr) *Ph = &Info->dlpi_phdr[i];
        ULONG_PTR Start, End;
        if (Ph->p_type != PT_LOAD)
            continue;
        Start = Info->dlpi_addr + Ph->p_vaddr;
        End = Start + Ph->p_memsz;
        if (Start < Low)
            Low = Start;
        if (End > High)
            High = End;
        if (Query->Address >= Start && Query->Address < End)
            Inside = TRUE;
    }
    if (!Inside)
        return 0;
    Query->Low = Low;
    Query->High = High;
    Query->Found = TRUE;
    return 1;
}

BOOLEAN HostModuleRange(const void *Address, ULONG_PTR *Low, ULONG_PTR *High)
{
    HOSTP_RANGE_QUERY Query = { (ULONG_PTR)Address, 0, 0, FALSE };

    dl_iterate_phdr(HostpRangeCallback, &Query);
    *Low = Query.Low;
    *High = Query.High;
    return Query.Found;
}

ULONG64 HostPhysicalMemoryBytes(VOID)
{
    long pages = sysconf(_SC_PHYS_PAGES);
    long size = sysconf(_SC_PAGE_SIZE);
    if (pages <= 0 || size <= 0)
        return 0;
    return (ULONG64)pages * (ULONG64)size;
}

PVOID HostModuleBase(const void *Address)
{
    Dl_info Info;
    if (dladdr(Address, &Info) == 0)
        return NULL;
    return Info.dli_fbase;
}
