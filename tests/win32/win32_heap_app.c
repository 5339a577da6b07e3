/*
 * PURPOSE: Win32 heap tests (app mode): the process heap, private heaps (growable and
 * fixed-size), HEAP_ZERO_MEMORY, HEAP_GENERATE_EXCEPTIONS, reallocation, bad pointers,
 * Local/Global memory (fixed and moveable).
 */
#include <windows.h>
#include <excpt.h>
#include <string.h>
#include "ktest.h"

static int AllZero(const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i])
            return 0;
    return 1;
}

static void win32_heap_test_process_heap(KTEST *t)
{
    HANDLE heap = GetProcessHeap();
    char *p, *q;

    KT_ASSERT_TRUE(t, heap != NULL);
    KT_EXPECT_PTR_EQ(t, GetProcessHeap(), heap);
    p = HeapAlloc(heap, HEAP_ZERO_MEMORY, 100);
    KT_ASSERT_TRUE(t, p != NULL);
    KT_EXPECT_EQ(t, (ULONG_PTR)p % 16, 0);
    KT_EXPECT_TRUE(t, AllZero(p, 100));
    KT_EXPECT_EQ(t, HeapSize(heap, 0, p), 100);
    KT_EXPECT_TRUE(t, HeapValidate(heap, 0, p));
    memcpy(p, "kmode", 6);
    q = HeapReAlloc(heap, HEAP_ZERO_MEMORY, p, 5000);
    KT_ASSERT_TRUE(t, q != NULL);
    KT_EXPECT_STREQ(t, q, "kmode");
    KT_EXPECT_TRUE(t, AllZero(q + 100, 4900));   /* the new part is zeroed */
    KT_EXPECT_EQ(t, HeapSize(heap, 0, q), 5000);
    p = HeapReAlloc(heap, HEAP_REALLOC_IN_PLACE_ONLY, q, 10);   /* shrinking: in place */
    KT_EXPECT_PTR_EQ(t, p, q);
    KT_EXPECT_EQ(t, HeapSize(heap, 0, p), 10);
    KT_EXPECT_TRUE(t, HeapReAlloc(heap, HEAP_REALLOC_IN_PLACE_ONLY, p, 1 << 20) == NULL);
    KT_EXPECT_EQ(t, HeapSize(heap, 0, p), 10);   /* unchanged */
    KT_EXPECT_TRUE(t, HeapFree(heap, 0, p));
    KT_EXPECT_TRUE(t, HeapFree(heap, 0, NULL));
    p = HeapAlloc(heap, 0, 0);   /* zero bytes: a unique block */
    KT_EXPECT_TRUE(t, p != NULL);
    KT_EXPECT_EQ(t, HeapSize(heap, 0, p), 0);
    KT_EXPECT_TRUE(t, HeapFree(heap, 0, p));
    SetLastError(0);
    KT_EXPECT_FALSE(t, HeapDestroy(heap));   /* the process heap stays */
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
}

static void win32_heap_test_bad_pointers(KTEST *t)
{
    HANDLE heap = GetProcessHeap();
    char local[64];
    char *p = HeapAlloc(heap, 0, 32);

    KT_ASSERT_TRUE(t, p != NULL);
    KT_EXPECT_TRUE(t, HeapFree(heap, 0, p));
    SetLastError(0);
    KT_EXPECT_FALSE(t, HeapFree(heap, 0, p));   /* twice */
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    KT_EXPECT_FALSE(t, HeapFree(heap, 0, local + 16));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, HeapSize(heap, 0, local), (SIZE_T)-1);
    KT_EXPECT_FALSE(t, HeapValidate(heap, 0, local));
    KT_EXPECT_TRUE(t, HeapReAlloc(heap, 0, local, 10) == NULL);
    KT_EXPECT_TRUE(t, HeapReAlloc(heap, 0, NULL, 10) == NULL);
    SetLastError(0);
    KT_EXPECT_FALSE(t, HeapFree((HANDLE)local, 0, p));   /* not a heap */
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    KT_EXPECT_TRUE(t, HeapAlloc((HANDLE)local, 0, 8) == NULL);
    KT_EXPECT_TRUE(t, HeapAlloc(heap, 0, (SIZE_T)-1) == NULL);   /* absurd size */
}

static void win32_heap_test_private_heaps(KTEST *t)
{
    HANDLE growable = HeapCreate(0, 0, 0);
    HANDLE fixed = HeapCreate(HEAP_NO_SERIALIZE, 4096, 64 * 1024);
    void *a, *b, *c;

    KT_ASSERT_TRUE(t, growable != NULL && fixed != NULL);
    a = HeapAlloc(growable, 0, 1 << 20);   /* growable: large blocks are fine */
    KT_EXPECT_TRUE(t, a != NULL);
    KT_EXPECT_FALSE(t, HeapValidate(fixed, 0, a));           /* another heap's block */
    SetLastError(0);
    KT_EXPECT_FALSE(t, HeapFree(fixed, 0, a));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    b = HeapAlloc(fixed, 0, 40 * 1024);
    KT_EXPECT_TRUE(t, b != NULL);
    KT_EXPECT_TRUE(t, HeapAlloc(fixed, 0, 30 * 1024) == NULL);   /* over the maximum */
    c = HeapAlloc(fixed, 0, 20 * 1024);
    KT_EXPECT_TRUE(t, c != NULL);
    KT_EXPECT_TRUE(t, HeapFree(fixed, 0, b));
    KT_EXPECT_TRUE(t, HeapValidate(fixed, 0, NULL));
    /* HeapDestroy frees what is left in it (ASan would report a leak otherwise). */
    KT_EXPECT_TRUE(t, HeapDestroy(fixed));
    KT_EXPECT_TRUE(t, HeapDestroy(growable));
    SetLastError(0);
    KT_EXPECT_FALSE(t, HeapDestroy(fixed));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    KT_EXPECT_FALSE(t, HeapValidate(fixed, 0, NULL));
    SetLastError(0);
    KT_EXPECT_TRUE(t, HeapCreate(0, 2, 1) == NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    KT_EXPECT_TRUE(t, HeapCreate(HEAP_ZERO_MEMORY, 0, 0) == NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
}

static NTSTATUS AllocRaising(HANDLE heap, DWORD flags, SIZE_T size)
{
    NTSTATUS status = 0;
    __try {
        if (HeapAlloc(heap, flags, size) == NULL)
            status = 1;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    return status;
}

static void win32_heap_test_generate_exceptions(KTEST *t)
{
    HANDLE raising = HeapCreate(HEAP_GENERATE_EXCEPTIONS, 0, 4096);
    HANDLE quiet = HeapCreate(0, 0, 4096);

    KT_ASSERT_TRUE(t, raising && quiet);
    KT_EXPECT_EQ(t, AllocRaising(raising, 0, 8192), STATUS_NO_MEMORY);
    KT_EXPECT_EQ(t, AllocRaising(quiet, 0, 8192), 1);
    KT_EXPECT_EQ(t, AllocRaising(quiet, HEAP_GENERATE_EXCEPTIONS, 8192), STATUS_NO_MEMORY);
    KT_EXPECT_TRUE(t, HeapDestroy(raising));
    KT_EXPECT_TRUE(t, HeapDestroy(quiet));
}

static void win32_heap_test_local_fixed(KTEST *t)
{
    HLOCAL h = LocalAlloc(LPTR, 64), r;
    char local[8];

    KT_ASSERT_TRUE(t, h != NULL);
    KT_EXPECT_TRUE(t, AllZero(h, 64));
    KT_EXPECT_PTR_EQ(t, LocalLock(h), h);   /* fixed: the handle is the pointer */
    KT_EXPECT_EQ(t, LocalSize(h), 64);
    SetLastError(0);
    KT_EXPECT_FALSE(t, LocalUnlock(h));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_NOT_LOCKED);
    r = LocalReAlloc(h, 16, 0);             /* shrink in place */
    KT_EXPECT_PTR_EQ(t, r, h);
    SetLastError(0);
    KT_EXPECT_TRUE(t, LocalReAlloc(h, 1 << 20, 0) == NULL);   /* fixed cannot move */
    KT_EXPECT_EQ(t, GetLastError(), ERROR_NOT_ENOUGH_MEMORY);
    r = LocalReAlloc(h, 1 << 20, LMEM_MOVEABLE | LMEM_ZEROINIT);   /* now it may */
    KT_ASSERT_TRUE(t, r != NULL);
    KT_EXPECT_TRUE(t, AllZero((char *)r + 16, (1 << 20) - 16));
    KT_EXPECT_TRUE(t, LocalFree(r) == NULL);
    KT_EXPECT_TRUE(t, LocalFree(NULL) == NULL);
    SetLastError(0);
    KT_EXPECT_PTR_EQ(t, LocalFree(local), local);   /* failure returns the handle */
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    KT_EXPECT_TRUE(t, LocalAlloc(0x1000, 8) == NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    KT_EXPECT_EQ(t, LocalSize(local), 0);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
}

static void win32_heap_test_local_moveable(KTEST *t)
{
    HLOCAL h = LocalAlloc(LHND, 32);
    char *p, *q;

    KT_ASSERT_TRUE(t, h != NULL);
    p = LocalLock(h);
    KT_ASSERT_TRUE(t, p != NULL);
    KT_EXPECT_TRUE(t, (void *)p != (void *)h);   /* a handle, not the pointer */
    KT_EXPECT_TRUE(t, AllZero(p, 32));
    strcpy(p, "moveable");
    KT_EXPECT_EQ(t, LocalSize(h), 32);
    KT_EXPECT_PTR_EQ(t, LocalLock(h), p);
    KT_EXPECT_TRUE(t, LocalUnlock(h));     /* still locked once */
    SetLastError(0xDEAD);
    KT_EXPECT_FALSE(t, LocalUnlock(h));    /* unlocked now */
    KT_EXPECT_EQ(t, GetLastError(), NO_ERROR);
    SetLastError(0);
    KT_EXPECT_FALSE(t, LocalUnlock(h));    /* not locked */
    KT_EXPECT_EQ(t, GetLastError(), ERROR_NOT_LOCKED);
    KT_EXPECT_PTR_EQ(t, LocalReAlloc(h, 4096, LMEM_MOVEABLE), h);   /* the handle stays */
    q = LocalLock(h);
    KT_EXPECT_STREQ(t, q, "moveable");
    KT_EXPECT_EQ(t, LocalSize(h), 4096);
    LocalUnlock(h);
    SetLastError(0);
    KT_EXPECT_PTR_EQ(t, LocalFree(q), q);  /* the data pointer is not the handle */
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    KT_EXPECT_TRUE(t, LocalFree(h) == NULL);
    SetLastError(0);
    KT_EXPECT_TRUE(t, LocalReAlloc(h, 8, LMEM_MOVEABLE) == NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    /* LMEM_MODIFY (changing a block's kind) is not provided. */
    h = LocalAlloc(LMEM_FIXED, 8);
    SetLastError(0);
    KT_EXPECT_TRUE(t, LocalReAlloc(h, 0, LMEM_MODIFY | LMEM_MOVEABLE) == NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    KT_EXPECT_TRUE(t, LocalFree(h) == NULL);
}

static void win32_heap_test_global(KTEST *t)
{
    HGLOBAL f = GlobalAlloc(GPTR, 10), m = GlobalAlloc(GHND | GMEM_DDESHARE, 10);
    char *p;

    KT_ASSERT_TRUE(t, f && m);
    KT_EXPECT_PTR_EQ(t, GlobalLock(f), f);
    p = GlobalLock(m);
    KT_ASSERT_TRUE(t, p != NULL && AllZero(p, 10));
    KT_EXPECT_FALSE(t, GlobalUnlock(m));
    KT_EXPECT_EQ(t, GlobalSize(m), 10);
    KT_EXPECT_PTR_EQ(t, GlobalReAlloc(m, 20, GMEM_MOVEABLE), m);
    KT_EXPECT_EQ(t, GlobalSize(m), 20);
    KT_EXPECT_TRUE(t, GlobalFree(f) == NULL);
    KT_EXPECT_TRUE(t, GlobalFree(m) == NULL);
    SetLastError(0);
    KT_EXPECT_PTR_EQ(t, GlobalFree(m), m);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    KT_EXPECT_TRUE(t, GlobalAlloc(0x8000, 1) == NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(win32_heap_test_process_heap),
    KTEST_CASE_ENTRY(win32_heap_test_bad_pointers),
    KTEST_CASE_ENTRY(win32_heap_test_private_heaps),
    KTEST_CASE_ENTRY(win32_heap_test_generate_exceptions),
    KTEST_CASE_ENTRY(win32_heap_test_local_fixed),
    KTEST_CASE_ENTRY(win32_heap_test_local_moveable),
    KTEST_CASE_ENTRY(win32_heap_test_global),
    {0}
};
KTEST_SUITE(win32_heap, cases);
