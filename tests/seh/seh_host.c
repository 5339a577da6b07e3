/*
 * PURPOSE: Host-side helpers for the SEH tests (pages with special protections).
 */
#include <stddef.h>
#include <sys/mman.h>

void *seh_test_readonly_page(void)
{
    static void *page;
    if (!page) {
        page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (page == MAP_FAILED)
            page = NULL;
    }
    return page;
}

void *seh_test_unmapped_address(void)
{
    static void *page;
    if (!page) {
        /* Reserve then release: an address that is certainly not mapped. */
        page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (page == MAP_FAILED)
            page = NULL;
        else
            munmap(page, 4096);
    }
    return (char *)page + 16;
}
