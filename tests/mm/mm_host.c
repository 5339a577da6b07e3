/*
 * PURPOSE: Host-side helpers for the Mm tests: pages with special protections, and the
 * memory manager's internal range test (runtime mode).
 */
#include <stddef.h>
#include <sys/mman.h>

/* Three pages: the first and last read/write, the middle one inaccessible. PROT_NONE rather
   than munmap: an unmapped hole can be refilled by any other thread's mmap (ASan's does). */
void *mm_test_hole_pages(void)
{
    static char *pages;
    if (!pages) {
        pages = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (pages == MAP_FAILED)
            pages = NULL;
        else
            mprotect(pages + 4096, 4096, PROT_NONE);
    }
    return pages;
}

/* A page that can be read but not written. */
void *mm_test_readonly_page(void)
{
    static void *page;
    if (!page) {
        page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (page == MAP_FAILED)
            page = NULL;
    }
    return page;
}

/* A page that is reserved but inaccessible. */
void *mm_test_noaccess_page(void)
{
    static void *page;
    if (!page) {
        page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (page == MAP_FAILED)
            page = NULL;
    }
    return page;
}
