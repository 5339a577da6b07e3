/*
 * PURPOSE: Executive pool: ExAllocatePool2/3, the ExAllocatePoolWithTag family, ExFreePool,
 * with per-block tracking (tag, pool type, size, allocating call site) and per-tag usage.
 *
 * Layout (docs/pool.md has the full picture):
 *   - One reserved range of address space (EXP_REGION_SIZE), committed from the bottom in
 *     EXP_COMMIT_CHUNK steps. ExpIsPoolAddress is a range check.
 *   - Every block has a 32-byte EXP_POOL_HEADER right before the address returned.
 *   - Small blocks (header + data <= one page) come from one-page slabs of a single size
 *     class, so a block never crosses a page (as Windows documents for allocations of
 *     PAGE_SIZE or less). Each thread keeps a bounded cache of free blocks per class; the
 *     shared per-class lists behind it take a mutex.
 *   - Large blocks are page runs: one header page, whose last 32 bytes hold the header, then
 *     the data pages, so the data is page-aligned (documented for >= PAGE_SIZE). Freed runs
 *     are kept in lists by page count and reused; big ones are split. Runs never coalesce.
 *   - Per-tag counters live in a small table in each thread's cache (written only by the
 *     owner, read by ExpPoolUsageByTag under the tag lock) and a shared table that absorbs
 *     overflow and the counters of exited threads.
 */

/* INCLUDES ******************************************************************************/

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <internal/ex.h>
#include <internal/host.h>
#include <internal/ke.h>
#include <internal/vfhooks.h>

#if defined(__SANITIZE_ADDRESS__)
#define EXP_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EXP_ASAN 1
#endif
#endif
#ifdef EXP_ASAN
#include <sanitizer/asan_interface.h>
#define ExpPoison(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define ExpUnpoison(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#define ExpIsPoisoned(p, n) (__asan_region_is_poisoned((void *)(p), (n)) != NULL)
#else
#define ExpPoison(p, n) ((void)0)
#define ExpUnpoison(p, n) ((void)0)
#define ExpIsPoisoned(p, n) 0
#endif

/* GLOBALS *******************************************************************************/

#define EXP_PAGE            4096ULL
#define EXP_REGION_SIZE     (64ULL << 30)           /* 64 GiB of address space */
#define EXP_REGION_PAGES    (EXP_REGION_SIZE / EXP_PAGE)
#define EXP_COMMIT_CHUNK    (1ULL << 20)            /* commit 1 MiB at a time */
#define EXP_HDR             32U
#define EXP_NCLASS          50
#define EXP_CLASS_LARGE     0xFF
#define EXP_RUN_EXACT       64                      /* runs below this many pages: exact lists */
#define EXP_RUN_DISCARD     16                      /* freed runs this big return their memory */
#define EXP_TC_TAGS         64                      /* per-thread tag counter slots (power of 2) */
#define EXP_EXTENT_QUOTA    0x80000000U
#define EXP_TYPE_MASK       0x225U                  /* paged | cache aligned | session | NX */

/* Header states (distinct, unlikely byte values). */
#define EXP_STATE_ALLOCATED 0xA1
#define EXP_STATE_FREE      0xF3
#define EXP_STATE_PAD       0x5D                    /* padding in front of a 64-aligned block */

/* Page kinds (ExpPageKind): 0 = not carved yet. */
#define EXP_PAGE_SLAB       1                       /* + class */
#define EXP_PAGE_LARGE_HEAD 0xFE
#define EXP_PAGE_LARGE_BODY 0xFD

typedef struct _EXP_POOL_HEADER {
    PVOID Caller;                       /* return address of the allocating call */
    union {
        SIZE_T Size;                    /* allocated: bytes requested */
        struct _EXP_POOL_HEADER *Next;  /* free: next free block (header) */
    };
    ULONG Tag;
    USHORT PoolType;                    /* POOL_TYPE & EXP_TYPE_MASK */
    UCHAR Class;                        /* size class, EXP_CLASS_LARGE for page runs */
    UCHAR State;
    ULONG Check;                        /* ExpCheckValue(header address) */
    ULONG Extent;                       /* small: data - block start (32/64); large: pages in
                                           the run incl. the header page; | EXP_EXTENT_QUOTA */
} EXP_POOL_HEADER, *PEXP_POOL_HEADER;

_Static_assert(sizeof(EXP_POOL_HEADER) == EXP_HDR, "pool header is 32 bytes");

typedef struct _EXP_TAG_SLOT {
    ULONG Tag;                          /* 0: empty (tag 0 is never accepted) */
    LONG64 Allocs[EXP_POOL_KINDS];
    LONG64 Frees[EXP_POOL_KINDS];
    LONG64 Bytes[EXP_POOL_KINDS];
} EXP_TAG_SLOT;

typedef struct _EXP_THREAD_CACHE {
    PEXP_POOL_HEADER Head[EXP_NCLASS];
    ULONG Count[EXP_NCLASS];
    EXP_TAG_SLOT *LastSlot;             /* the slot of the tag counted last (or NULL) */
    EXP_TAG_SLOT Tags[EXP_TC_TAGS];
    struct _EXP_THREAD_CACHE *Prev, *NextCache;
} EXP_THREAD_CACHE;

typedef struct DECLSPEC_ALIGN(64) _EXP_CLASS_LIST {
    pthread_mutex_t Lock;
    PEXP_POOL_HEADER Head;
} EXP_CLASS_LIST;

static pthread_once_t ExpInitOnce = PTHREAD_ONCE_INIT;
static PUCHAR ExpBase;                  /* published with release once initialized */
static PUCHAR ExpPageKind;              /* one byte per region page */
static SIZE_T ExpCarvedPages;           /* pages handed out so far (atomic reads) */
static SIZE_T ExpCommittedBytes;
static pthread_mutex_t ExpRegionLock = PTHREAD_MUTEX_INITIALIZER;
static PEXP_POOL_HEADER ExpFreeRuns[EXP_RUN_EXACT];  /* [n]: n-page runs; [0]: bigger */

static ULONG ExpClassSize[EXP_NCLASS];
static UCHAR ExpSizeToClass[EXP_PAGE / 16 + 1];     /* by (block bytes + 15) / 16 */
static UCHAR ExpAlignedClass[EXP_PAGE / 64 + 1];    /* by (block bytes + 63) / 64 */
static ULONG ExpCacheLimit[EXP_NCLASS];
static EXP_CLASS_LIST ExpClassList[EXP_NCLASS];

static pthread_key_t ExpCacheKey;
static __thread EXP_THREAD_CACHE *ExpThreadCache;
static pthread_mutex_t ExpTagLock = PTHREAD_MUTEX_INITIALIZER;  /* tag table + cache list */
static EXP_TAG_SLOT *ExpTagTable;       /* open addressing, ExpTagCapacity slots */
static ULONG ExpTagCapacity, ExpTagCount;
static EXP_THREAD_CACHE *ExpCaches;

static LONG ExpFailCount;               /* test hook: allocations left to fail */

#define EXP_TAG_NONE 0x656E6F4EU        /* 'enoN': the tag ExAllocatePool uses ("None") */

/* PRIVATE FUNCTIONS *********************************************************************/

/* Header fields are written with plain stores on the hot paths; ExpEnumerateOutstanding,
   which may read them from another thread, is meant for a quiescent pool (driver unload). */
#define ExpLoad(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define ExpStore(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

static inline ULONG ExpCheckValue(const void *Header)
{
    return (ULONG)((ULONG_PTR)Header >> 5) ^ 0x9E3779B9U;
}

static inline ULONG ExpKindOf(ULONG PoolType)
{
    return (PoolType & PagedPool) ? EXP_POOL_KIND_PAGED : EXP_POOL_KIND_NONPAGED;
}

static VOID ExpBuildClasses(VOID)
{
    ULONG n = 0, size, i, c;

    for (size = 48; size <= 512; size += 16)
        ExpClassSize[n++] = size;
    for (size = 576; size <= 1024; size += 64)
        ExpClassSize[n++] = size;
    for (size = 1280; size <= EXP_PAGE; size += 256)
        ExpClassSize[n++] = size;
    for (i = 0, c = 0; i <= EXP_PAGE / 16; i++) {
        while (ExpClassSize[c] < i * 16)
            c++;
        ExpSizeToClass[i] = (UCHAR)c;
    }
    for (i = 0, c = 0; i <= EXP_PAGE / 64; i++) {
        while (ExpClassSize[c] < i * 64 || (ExpClassSize[c] % 64) != 0)
            c++;
        ExpAlignedClass[i] = (UCHAR)c;
    }
    for (c = 0; c < EXP_NCLASS; c++) {
        ExpCacheLimit[c] = (ULONG)(65536 / ExpClassSize[c]);
        if (ExpCacheLimit[c] < 16)
            ExpCacheLimit[c] = 16;
        pthread_mutex_init(&ExpClassList[c].Lock, NULL);
    }
}

static VOID ExpDestroyThreadCache(void *Cache);

static VOID ExpInitialize(VOID)
{
    PUCHAR base = HostReserveAddressSpace(EXP_REGION_SIZE);
    PUCHAR kinds = HostReserveAddressSpace(EXP_REGION_PAGES);

    ExpBuildClasses();
    pthread_key_create(&ExpCacheKey, ExpDestroyThreadCache);
    if (base == NULL || kinds == NULL)
        return;                         /* every allocation fails; nothing is a pool address */
    ExpPageKind = kinds;
    __atomic_store_n(&ExpBase, base, __ATOMIC_RELEASE);
}

static inline BOOLEAN ExpEnsureInitialized(VOID)
{
    if (__builtin_expect(__atomic_load_n(&ExpBase, __ATOMIC_ACQUIRE) == NULL, 0)) {
        pthread_once(&ExpInitOnce, ExpInitialize);
        return __atomic_load_n(&ExpBase, __ATOMIC_ACQUIRE) != NULL;
    }
    return TRUE;
}

/* Hands out Pages fresh pages from the top of the carved area. Region lock held. */
static PUCHAR ExpCarvePages(SIZE_T Pages)
{
    SIZE_T carved = ExpCarvedPages, end;

    if (Pages > EXP_REGION_PAGES - carved)
        return NULL;
    end = (carved + Pages) * EXP_PAGE;
    if (end > ExpCommittedBytes) {
        SIZE_T target = (end + EXP_COMMIT_CHUNK - 1) & ~(EXP_COMMIT_CHUNK - 1);
        SIZE_T kindsFrom, kindsTo;

        if (target > EXP_REGION_SIZE)
            target = EXP_REGION_SIZE;
        kindsFrom = (ExpCommittedBytes / EXP_PAGE) & ~(EXP_PAGE - 1);
        kindsTo = ((target / EXP_PAGE) + EXP_PAGE - 1) & ~(EXP_PAGE - 1);
        if (!HostCommitMemory(ExpBase + ExpCommittedBytes, target - ExpCommittedBytes))
            return NULL;
        if (!HostCommitMemory(ExpPageKind + kindsFrom, kindsTo - kindsFrom))
            return NULL;
        ExpCommittedBytes = target;
    }
    __atomic_store_n(&ExpCarvedPages, carved + Pages, __ATOMIC_RELEASE);
    return ExpBase + carved * EXP_PAGE;
}

static inline SIZE_T ExpPageIndex(const void *P)
{
    return (SIZE_T)(((PUCHAR)P - ExpBase) / EXP_PAGE);
}

static VOID ExpWriteFreeHeader(PEXP_POOL_HEADER Header, UCHAR Class, ULONG Extent,
                               PEXP_POOL_HEADER Next)
{
    ExpUnpoison(Header, EXP_HDR);
    ExpStore(Header->Caller, NULL);
    ExpStore(Header->Next, Next);
    ExpStore(Header->Tag, 0);
    ExpStore(Header->PoolType, 0);
    ExpStore(Header->Class, Class);
    ExpStore(Header->Check, ExpCheckValue(Header));
    ExpStore(Header->Extent, Extent);
    ExpStore(Header->State, EXP_STATE_FREE);
}

/* Carves a new slab page for Class; returns its blocks as a list (headers). */
static PEXP_POOL_HEADER ExpCarveSlab(ULONG Class, ULONG *Count)
{
    ULONG size = ExpClassSize[Class], n = (ULONG)(EXP_PAGE / size), i;
    PEXP_POOL_HEADER head = NULL;
    PUCHAR page;

    pthread_mutex_lock(&ExpRegionLock);
    page = ExpCarvePages(1);
    if (page != NULL)
        ExpPageKind[ExpPageIndex(page)] = (UCHAR)(EXP_PAGE_SLAB + Class);
    pthread_mutex_unlock(&ExpRegionLock);
    if (page == NULL)
        return NULL;
    for (i = n; i-- > 0;) {
        PEXP_POOL_HEADER h = (PEXP_POOL_HEADER)(page + (SIZE_T)i * size);
        ExpWriteFreeHeader(h, (UCHAR)Class, EXP_HDR, head);
        head = h;
    }
    *Count = n;
    return head;
}

static VOID ExpInsertFreeRun(PEXP_POOL_HEADER Header, SIZE_T Pages)
{
    SIZE_T idx = Pages < EXP_RUN_EXACT ? Pages : 0;
    ExpWriteFreeHeader(Header, EXP_CLASS_LARGE, (ULONG)Pages, ExpFreeRuns[idx]);
    ExpFreeRuns[idx] = Header;
}

static inline PUCHAR ExpRunStart(PEXP_POOL_HEADER Header)
{
    return (PUCHAR)Header + EXP_HDR - EXP_PAGE;
}

/* A run of Pages pages (header page included): reused or fresh. Returns its header. */
static PEXP_POOL_HEADER ExpAllocateRun(SIZE_T Pages)
{
    PEXP_POOL_HEADER h = NULL, *link;
    PUCHAR run;
    SIZE_T i, first;

    if (Pages > EXP_REGION_PAGES)
        return NULL;
    pthread_mutex_lock(&ExpRegionLock);
    if (Pages < EXP_RUN_EXACT && ExpFreeRuns[Pages] != NULL) {
        h = ExpFreeRuns[Pages];
        ExpFreeRuns[Pages] = h->Next;
    } else if (Pages >= EXP_RUN_EXACT) {
        for (link = &ExpFreeRuns[0]; *link != NULL; link = &(*link)->Next) {
            SIZE_T have = (*link)->Extent;
            if (have >= Pages) {
                h = *link;
                *link = h->Next;
                if (have - Pages >= 2) {        /* split: the rest becomes a free run */
                    PUCHAR rest = ExpRunStart(h) + Pages * EXP_PAGE;
                    ExpPageKind[ExpPageIndex(rest)] = EXP_PAGE_LARGE_HEAD;
                    ExpInsertFreeRun((PEXP_POOL_HEADER)(rest + EXP_PAGE - EXP_HDR), have - Pages);
                    ExpStore(h->Extent, (ULONG)Pages);
                }
                break;
            }
        }
    }
    if (h == NULL) {
        run = ExpCarvePages(Pages);
        if (run != NULL) {
            first = ExpPageIndex(run);
            ExpPageKind[first] = EXP_PAGE_LARGE_HEAD;
            for (i = 1; i < Pages; i++)
                ExpPageKind[first + i] = EXP_PAGE_LARGE_BODY;
            h = (PEXP_POOL_HEADER)(run + EXP_PAGE - EXP_HDR);
            ExpStore(h->Extent, (ULONG)Pages);
        }
    }
    pthread_mutex_unlock(&ExpRegionLock);
    return h;
}

static VOID ExpFreeRun(PEXP_POOL_HEADER Header)
{
    SIZE_T pages = Header->Extent & ~EXP_EXTENT_QUOTA;

    if (pages >= EXP_RUN_DISCARD)
        HostDiscardMemory(ExpRunStart(Header) + EXP_PAGE, (pages - 1) * EXP_PAGE);
    pthread_mutex_lock(&ExpRegionLock);
    ExpInsertFreeRun(Header, pages);
    pthread_mutex_unlock(&ExpRegionLock);
}

/* ---- Per-thread cache and tag counters ------------------------------------------------- */

static inline ULONG ExpTagHash(ULONG Tag)
{
    return (Tag * 2654435761U) >> 7;
}

/* Shared table slot for Tag (created if needed). Tag lock held. NULL if out of memory. */
static EXP_TAG_SLOT *ExpGlobalTagSlot(ULONG Tag)
{
    ULONG i, mask;

    if (ExpTagCount * 4 >= ExpTagCapacity * 3) {
        ULONG cap = ExpTagCapacity ? ExpTagCapacity * 2 : 256, j;
        EXP_TAG_SLOT *t = calloc(cap, sizeof *t);
        if (t == NULL)
            return NULL;
        for (j = 0; j < ExpTagCapacity; j++) {
            if (ExpTagTable[j].Tag == 0)
                continue;
            for (i = ExpTagHash(ExpTagTable[j].Tag) & (cap - 1); t[i].Tag != 0; i = (i + 1) & (cap - 1))
                ;
            t[i] = ExpTagTable[j];
        }
        free(ExpTagTable);
        ExpTagTable = t;
        ExpTagCapacity = cap;
    }
    mask = ExpTagCapacity - 1;
    for (i = ExpTagHash(Tag) & mask; ExpTagTable[i].Tag != 0; i = (i + 1) & mask)
        if (ExpTagTable[i].Tag == Tag)
            return &ExpTagTable[i];
    ExpTagTable[i].Tag = Tag;
    ExpTagCount++;
    return &ExpTagTable[i];
}

/* Adds to Tag's counters: in the thread's table when it has room, else the shared one. */
static inline VOID ExpCountTag(EXP_THREAD_CACHE *Tc, ULONG Tag, ULONG Kind, LONG64 Allocs,
                        LONG64 Frees, LONG64 Bytes)
{
    ULONG i, probe;
    EXP_TAG_SLOT *s = Tc->LastSlot;

    if (__builtin_expect(s != NULL && s->Tag == Tag, 1))
        goto Found;
    i = ExpTagHash(Tag) & (EXP_TC_TAGS - 1);
    for (probe = 0; probe < 8; probe++, i = (i + 1) & (EXP_TC_TAGS - 1)) {
        s = &Tc->Tags[i];
        if (s->Tag == Tag)
            goto Found;
        if (s->Tag == 0) {
            ExpStore(s->Tag, Tag);
            goto Found;
        }
    }
    pthread_mutex_lock(&ExpTagLock);
    s = ExpGlobalTagSlot(Tag);
    if (s != NULL) {
        s->Allocs[Kind] += Allocs;
        s->Frees[Kind] += Frees;
        s->Bytes[Kind] += Bytes;
    }
    pthread_mutex_unlock(&ExpTagLock);
    return;
Found:
    Tc->LastSlot = s;
    /* Only this thread writes its slots; readers load them atomically under the tag lock. */
    if (Allocs)
        ExpStore(s->Allocs[Kind], s->Allocs[Kind] + Allocs);
    if (Frees)
        ExpStore(s->Frees[Kind], s->Frees[Kind] + Frees);
    ExpStore(s->Bytes[Kind], s->Bytes[Kind] + Bytes);
}

static EXP_THREAD_CACHE *ExpCreateThreadCache(VOID)
{
    EXP_THREAD_CACHE *tc = calloc(1, sizeof *tc);

    if (tc == NULL)
        return NULL;
    pthread_mutex_lock(&ExpTagLock);
    tc->NextCache = ExpCaches;
    if (ExpCaches != NULL)
        ExpCaches->Prev = tc;
    ExpCaches = tc;
    pthread_mutex_unlock(&ExpTagLock);
    pthread_setspecific(ExpCacheKey, tc);
    ExpThreadCache = tc;
    return tc;
}

static inline EXP_THREAD_CACHE *ExpGetThreadCache(VOID)
{
    EXP_THREAD_CACHE *tc = ExpThreadCache;
    return __builtin_expect(tc != NULL, 1) ? tc : ExpCreateThreadCache();
}

/* Moves Count blocks (or all when Count is ~0) of Class from the thread cache to the shared list. */
static VOID ExpDrainClass(EXP_THREAD_CACHE *Tc, ULONG Class, ULONG Count)
{
    PEXP_POOL_HEADER first = Tc->Head[Class], last = first;
    ULONG n = 1;

    if (first == NULL || Count == 0)
        return;
    while (n < Count && last->Next != NULL) {
        last = last->Next;
        n++;
    }
    Tc->Head[Class] = last->Next;
    Tc->Count[Class] -= n;
    pthread_mutex_lock(&ExpClassList[Class].Lock);
    ExpStore(last->Next, ExpClassList[Class].Head);
    ExpClassList[Class].Head = first;
    pthread_mutex_unlock(&ExpClassList[Class].Lock);
}

static VOID ExpFlushCache(EXP_THREAD_CACHE *Tc)
{
    ULONG c;
    for (c = 0; c < EXP_NCLASS; c++)
        ExpDrainClass(Tc, c, ~0U);
}

static VOID ExpDestroyThreadCache(void *Cache)
{
    EXP_THREAD_CACHE *tc = Cache;
    ULONG i, k;

    ExpFlushCache(tc);
    pthread_mutex_lock(&ExpTagLock);
    for (i = 0; i < EXP_TC_TAGS; i++) {
        EXP_TAG_SLOT *g;
        if (tc->Tags[i].Tag == 0)
            continue;
        g = ExpGlobalTagSlot(tc->Tags[i].Tag);
        for (k = 0; g != NULL && k < EXP_POOL_KINDS; k++) {
            g->Allocs[k] += tc->Tags[i].Allocs[k];
            g->Frees[k] += tc->Tags[i].Frees[k];
            g->Bytes[k] += tc->Tags[i].Bytes[k];
        }
    }
    if (tc->Prev != NULL)
        tc->Prev->NextCache = tc->NextCache;
    else
        ExpCaches = tc->NextCache;
    if (tc->NextCache != NULL)
        tc->NextCache->Prev = tc->Prev;
    pthread_mutex_unlock(&ExpTagLock);
    if (ExpThreadCache == tc)
        ExpThreadCache = NULL;
    free(tc);
}

/* Refills the thread cache for Class from the shared list, or from a new slab. */
static PEXP_POOL_HEADER ExpRefill(EXP_THREAD_CACHE *Tc, ULONG Class)
{
    PEXP_POOL_HEADER head, last;
    ULONG n = 0, want = ExpCacheLimit[Class] / 2;

    pthread_mutex_lock(&ExpClassList[Class].Lock);
    head = last = ExpClassList[Class].Head;
    if (head != NULL) {
        n = 1;
        while (n < want && last->Next != NULL) {
            last = last->Next;
            n++;
        }
        ExpClassList[Class].Head = last->Next;
        ExpStore(last->Next, NULL);
    }
    pthread_mutex_unlock(&ExpClassList[Class].Lock);
    if (head == NULL)
        head = ExpCarveSlab(Class, &n);
    Tc->Head[Class] = head;
    Tc->Count[Class] = head != NULL ? n : 0;
    return head;
}

/* Paged pool above APC_LEVEL, or any pool above DISPATCH_LEVEL. Without the verifier Windows
   reports these as BAD_POOL_CALLER 0x08 (allocate) / 0x09 (free); the verifier's 0xC4 forms
   belong to the verifier. */
static inline BOOLEAN ExpIrqlTooHigh(ULONG PoolType, KIRQL Irql)
{
    return Irql > DISPATCH_LEVEL || (Irql > APC_LEVEL && ExpKindOf(PoolType) == EXP_POOL_KIND_PAGED);
}

/* ---- Allocation and free --------------------------------------------------------------- */

typedef struct _EXP_REQUEST {
    SIZE_T Size;
    ULONG Tag;
    ULONG PoolType;                     /* & EXP_TYPE_MASK */
    BOOLEAN Zero;
    BOOLEAN Quota;
    PVOID Caller;
} EXP_REQUEST;

static inline BOOLEAN ExpShouldFail(VOID)
{
    LONG left = ExpLoad(ExpFailCount);
    while (__builtin_expect(left > 0, 0)) {
        if (__atomic_compare_exchange_n(&ExpFailCount, &left, left - 1, FALSE, __ATOMIC_RELAXED,
                                        __ATOMIC_RELAXED))
            return TRUE;
    }
    return FALSE;
}

/* The allocator proper: NULL when out of memory. */
static PVOID ExpAllocate(const EXP_REQUEST *Rq)
{
    BOOLEAN aligned = (Rq->PoolType & NonPagedPoolCacheAligned) != 0;
    SIZE_T size = Rq->Size ? Rq->Size : 1, block;
    EXP_THREAD_CACHE *tc;
    PEXP_POOL_HEADER h;
    PUCHAR data;
    ULONG cls, extent;

    if (ExpShouldFail() || !ExpEnsureInitialized())
        return NULL;
    tc = ExpGetThreadCache();
    if (tc == NULL)
        return NULL;
    block = ((size + 15) & ~(SIZE_T)15) + (aligned ? 64 : EXP_HDR);
    if (size <= EXP_PAGE && block <= EXP_PAGE) {
        PUCHAR start;
        cls = aligned ? ExpAlignedClass[(block + 63) / 64] : ExpSizeToClass[(block + 15) / 16];
        h = tc->Head[cls];
        if (__builtin_expect(h == NULL, 0)) {
            h = ExpRefill(tc, cls);
            if (h == NULL)
                return NULL;
        }
        tc->Head[cls] = h->Next;
        tc->Count[cls]--;
        start = (PUCHAR)h + EXP_HDR - (h->Extent & ~EXP_EXTENT_QUOTA);
        ExpUnpoison(start, ExpClassSize[cls]);
        if (aligned) {
            PEXP_POOL_HEADER pad = (PEXP_POOL_HEADER)start;
            pad->Check = ExpCheckValue(pad);
            pad->Class = (UCHAR)cls;
            pad->State = EXP_STATE_PAD;
            h = (PEXP_POOL_HEADER)(start + 64 - EXP_HDR);
            extent = 64;
        } else {
            h = (PEXP_POOL_HEADER)start;
            extent = EXP_HDR;
        }
        h->Class = (UCHAR)cls;
    } else {
        /* Data page-aligned after a header page; SIZE_MAX-ish sizes fail in ExpAllocateRun. */
        SIZE_T pages;
        if (size > EXP_REGION_SIZE)
            return NULL;
        pages = 1 + (size + EXP_PAGE - 1) / EXP_PAGE;
        h = ExpAllocateRun(pages);
        if (h == NULL)
            return NULL;
        extent = h->Extent;
        h->Class = (UCHAR)EXP_CLASS_LARGE;
    }
    data = (PUCHAR)h + EXP_HDR;
    h->Caller = Rq->Caller;
    h->Size = Rq->Size;
    h->Tag = Rq->Tag;
    h->PoolType = (USHORT)Rq->PoolType;
    h->Check = ExpCheckValue(h);
    h->Extent = extent | (Rq->Quota ? EXP_EXTENT_QUOTA : 0);
    __atomic_store_n(&h->State, EXP_STATE_ALLOCATED, __ATOMIC_RELEASE);
    if (Rq->Zero)
        memset(data, 0, Rq->Size);
    ExpCountTag(tc, Rq->Tag, ExpKindOf(Rq->PoolType), 1, 0, (LONG64)Rq->Size);
    return data;
}

static DECLSPEC_NORETURN VOID ExpBadPoolCaller(ULONG_PTR Sub, ULONG_PTR P2, ULONG_PTR P3,
                                               ULONG_PTR P4, PVOID Caller)
{
    KiBugCheck(BAD_POOL_CALLER, Sub, P2, P3, P4, Caller, NULL);
}

/*
 * Finds and checks the header of the block P (as given to ExFreePool). Bugchecks 0xC2 as
 * Windows does for addresses no allocation returned (0x42 outside the pool, 0x99 inside)
 * and for blocks already freed (0x07).
 */
static inline PEXP_POOL_HEADER ExpValidateBlock(PVOID P, PVOID Caller)
{
    PUCHAR p = P, base = __atomic_load_n(&ExpBase, __ATOMIC_ACQUIRE);
    PEXP_POOL_HEADER h;
    SIZE_T carved;
    UCHAR state, kind;

    if (base == NULL || p < base || p >= base + EXP_REGION_SIZE)
        ExpBadPoolCaller(0x42, (ULONG_PTR)P, 0, 0, Caller);
    carved = __atomic_load_n(&ExpCarvedPages, __ATOMIC_ACQUIRE);
    if (((ULONG_PTR)p & 15) != 0 || p < base + EXP_HDR || p > base + carved * EXP_PAGE)
        ExpBadPoolCaller(0x99, (ULONG_PTR)P, 0, 0, Caller);
    h = (PEXP_POOL_HEADER)(p - EXP_HDR);
    if (ExpIsPoisoned(h, EXP_HDR) || ExpLoad(h->Check) != ExpCheckValue(h))
        ExpBadPoolCaller(0x99, (ULONG_PTR)P, 0, 0, Caller);
    state = __atomic_load_n(&h->State, __ATOMIC_ACQUIRE);
    if (state == EXP_STATE_FREE) {
        ULONG_PTR contents;     /* the header word holding tag, type, class and state */
        memcpy(&contents, &h->Tag, sizeof contents);
        ExpBadPoolCaller(0x07, 0, contents, (ULONG_PTR)P, Caller);
    }
    if (state != EXP_STATE_ALLOCATED)
        ExpBadPoolCaller(0x99, (ULONG_PTR)P, 0, 0, Caller);
    /* The header must be one the layout allows (the Check value already ties it to its
       address; the page-kind table is consulted for the rarer large blocks only). */
    if (h->Class == EXP_CLASS_LARGE) {
        kind = ExpPageKind[ExpPageIndex(h)];
        if (kind != EXP_PAGE_LARGE_HEAD || ((ULONG_PTR)p & (EXP_PAGE - 1)) != 0)
            ExpBadPoolCaller(0x99, (ULONG_PTR)P, 0, 0, Caller);
    } else {
        ULONG extent = h->Extent & ~EXP_EXTENT_QUOTA;
        if (h->Class >= EXP_NCLASS || (extent != EXP_HDR && extent != 64))
            ExpBadPoolCaller(0x99, (ULONG_PTR)P, 0, 0, Caller);
    }
    return h;
}

static VOID ExpFree(PVOID P, ULONG Tag, PVOID Caller)
{
    PEXP_POOL_HEADER h = ExpValidateBlock(P, Caller);
    EXP_THREAD_CACHE *tc;
    ULONG cls = h->Class;
    KIRQL irql = KeGetCurrentIrql();

    /* Tag 0 (ExFreePool) skips the check. */
    if (Tag != 0 && Tag != h->Tag)
        ExpBadPoolCaller(0x0A, (ULONG_PTR)P, h->Tag, Tag, Caller);
    if (__builtin_expect(ExpIrqlTooHigh(h->PoolType, irql), 0))
        ExpBadPoolCaller(0x09, irql, h->PoolType, (ULONG_PTR)P, Caller);
    tc = ExpGetThreadCache();
    if (tc == NULL) {
        /* No memory for a thread cache: the block leaks, but stays marked free. */
        __atomic_store_n(&h->State, EXP_STATE_FREE, __ATOMIC_RELEASE);
        return;
    }
    ExpCountTag(tc, h->Tag, ExpKindOf(h->PoolType), 0, 1, -(LONG64)h->Size);
    __atomic_store_n(&h->State, EXP_STATE_FREE, __ATOMIC_RELEASE);
    if (cls == EXP_CLASS_LARGE) {
        h->Extent = h->Extent & ~EXP_EXTENT_QUOTA;
        ExpFreeRun(h);
        return;
    }
    h->Extent = h->Extent & ~EXP_EXTENT_QUOTA;
    h->Next = tc->Head[cls];
    tc->Head[cls] = h;
    ExpPoison((PUCHAR)P, (SIZE_T)((PUCHAR)h + EXP_HDR - (h->Extent) + ExpClassSize[cls] - (PUCHAR)P));
    if (++tc->Count[cls] > ExpCacheLimit[cls])
        ExpDrainClass(tc, cls, ExpCacheLimit[cls] / 2);
}

/* ---- Request decoding ------------------------------------------------------------------ */

static inline VOID ExpCheckAllocateIrql(ULONG PoolType, SIZE_T Size, PVOID Caller)
{
    KIRQL irql = KeGetCurrentIrql();
    if (__builtin_expect(ExpIrqlTooHigh(PoolType, irql), 0))
        ExpBadPoolCaller(0x08, irql, PoolType, Size, Caller);
}

/* The failure path of every allocation DDI: raise when the caller asked for it. */
static inline VOID ExpFailure(BOOLEAN Raise)
{
    if (Raise)
        ExRaiseStatus(STATUS_INSUFFICIENT_RESOURCES);
}

/* The classic POOL_TYPE interface (ExAllocatePoolWithTag and the quota variants). */
static PVOID ExpAllocateClassic(ULONG PoolType, SIZE_T Size, ULONG Tag, BOOLEAN Quota,
                                BOOLEAN Zero, PVOID Caller)
{
    EXP_REQUEST rq;
    PVOID p;
    BOOLEAN raise;

    if (PoolType & NonPagedPoolMustSucceed)     /* MUST_SUCCEED: no longer supported */
        ExpBadPoolCaller(0x9A, PoolType, Size, Tag, Caller);
    if (Tag == 0)
        ExpBadPoolCaller(0x9B, PoolType, Size, (ULONG_PTR)Caller, Caller);
    VF_DDI_RULE_AT(VF_DDI_IRQL_EX_ALLOCATE_POOL, VfDdiBadPoolIrql(PoolType), Caller);
    ExpCheckAllocateIrql(PoolType, Size, Caller);
    rq.Size = Size;
    rq.Tag = Tag;
    rq.PoolType = PoolType & EXP_TYPE_MASK;
    rq.Zero = Zero || (PoolType & POOL_ZERO_ALLOCATION) != 0;
    rq.Quota = Quota;
    rq.Caller = Caller;
    p = ExpAllocate(&rq);
    if (p == NULL) {
        /* Quota allocations raise unless told not to; the others only when told to. */
        raise = Quota ? (PoolType & POOL_QUOTA_FAIL_INSTEAD_OF_RAISE) == 0
                      : (PoolType & POOL_RAISE_IF_ALLOCATION_FAILURE) != 0;
        ExpFailure(raise);
    }
    return p;
}

#define EXP_POOL2_KNOWN_REQUIRED                                                            \
    (POOL_FLAG_USE_QUOTA | POOL_FLAG_UNINITIALIZED | POOL_FLAG_SESSION |                   \
     POOL_FLAG_CACHE_ALIGNED | POOL_FLAG_RAISE_ON_FAILURE | POOL_FLAG_NON_PAGED |          \
     POOL_FLAG_NON_PAGED_EXECUTE | POOL_FLAG_PAGED)

/* ExAllocatePool2/3 flags to a request; FALSE when the flags are invalid. */
static BOOLEAN ExpDecodePoolFlags(POOL_FLAGS Flags, EXP_REQUEST *Rq)
{
    POOL_FLAGS required = Flags & 0xFFFFFFFFULL;  /* the high half is optional: ignored */
    POOL_FLAGS kind = Flags & (POOL_FLAG_NON_PAGED | POOL_FLAG_NON_PAGED_EXECUTE | POOL_FLAG_PAGED);
    ULONG type;

    if ((required & ~EXP_POOL2_KNOWN_REQUIRED) != 0)
        return FALSE;
    if (kind == POOL_FLAG_NON_PAGED)
        type = NonPagedPoolNx;
    else if (kind == POOL_FLAG_NON_PAGED_EXECUTE)
        type = NonPagedPoolExecute;
    else if (kind == POOL_FLAG_PAGED)
        type = PagedPool;
    else
        return FALSE;                           /* none, or more than one */
    if (Flags & POOL_FLAG_CACHE_ALIGNED)
        type |= NonPagedPoolCacheAligned;
    if (Flags & POOL_FLAG_SESSION)
        type |= NonPagedPoolSession;
    Rq->PoolType = type;
    Rq->Zero = (Flags & POOL_FLAG_UNINITIALIZED) == 0;
    Rq->Quota = (Flags & POOL_FLAG_USE_QUOTA) != 0;
    return TRUE;
}

static PVOID ExpAllocatePool3(POOL_FLAGS Flags, SIZE_T Size, ULONG Tag,
                              PCPOOL_EXTENDED_PARAMETER Params, ULONG Count, PVOID Caller)
{
    EXP_REQUEST rq;
    BOOLEAN raise = (Flags & POOL_FLAG_RAISE_ON_FAILURE) != 0;
    PVOID p;
    ULONG i;

    if (Tag == 0 || !ExpDecodePoolFlags(Flags, &rq) || (Count != 0 && Params == NULL)) {
        ExpFailure(raise);
        return NULL;
    }
    ExpCheckAllocateIrql(rq.PoolType, Size, Caller);
    for (i = 0; i < Count; i++) {
        BOOLEAN ok;
        switch (Params[i].Type) {
        case PoolExtendedParameterPriority:
            ok = TRUE;          /* pool never runs low in kmode: every priority succeeds */
            break;
        case PoolExtendedParameterNumaNode:
            /* One NUMA node (0); another node is fine only with MM_ANY_NODE_OK. Nonpaged only. */
            ok = (Params[i].PreferredNode & ~MM_ANY_NODE_OK) == 0 ||
                 (Params[i].PreferredNode & MM_ANY_NODE_OK) != 0;
            if (ExpKindOf(rq.PoolType) == EXP_POOL_KIND_PAGED)
                ok = FALSE;
            break;
        default:                /* SecurePool (no secure pools in kmode) and unknown types */
            ok = FALSE;
            break;
        }
        if (!ok && !Params[i].Optional) {
            ExpFailure(raise);
            return NULL;
        }
    }
    rq.Size = Size;
    rq.Tag = Tag;
    rq.Caller = Caller;
    p = ExpAllocate(&rq);
    if (p == NULL)
        ExpFailure(raise);
    return p;
}

/* PUBLIC FUNCTIONS **********************************************************************/

BOOLEAN ExpIsPoolAddress(const void *P)
{
    PUCHAR base = __atomic_load_n(&ExpBase, __ATOMIC_ACQUIRE);
    return base != NULL && (const UCHAR *)P >= base && (const UCHAR *)P < base + EXP_REGION_SIZE;
}

VOID ExpPoolFailNextAllocations(ULONG Count)
{
    __atomic_store_n(&ExpFailCount, (LONG)Count, __ATOMIC_RELAXED);
}

VOID ExpPoolFlushThreadCache(VOID)
{
    if (ExpThreadCache != NULL)
        ExpFlushCache(ExpThreadCache);
}

static VOID ExpAddSlot(EXP_POOL_TAG_USAGE *Out, const EXP_TAG_SLOT *Slot)
{
    ULONG k;
    for (k = 0; k < EXP_POOL_KINDS; k++) {
        Out->Allocs[k] += (ULONG64)ExpLoad(Slot->Allocs[k]);
        Out->Frees[k] += (ULONG64)ExpLoad(Slot->Frees[k]);
        Out->Bytes[k] += (ULONG64)ExpLoad(Slot->Bytes[k]);
    }
}

/* Snapshot of every tag's usage (malloc'd array, *Count entries). Tag lock taken inside. */
static EXP_POOL_TAG_USAGE *ExpSnapshotTags(ULONG *Count)
{
    EXP_POOL_TAG_USAGE *out;
    ULONG cap, n = 0, i, j;
    EXP_THREAD_CACHE *tc;

    pthread_mutex_lock(&ExpTagLock);
    cap = ExpTagCount + 1;
    for (tc = ExpCaches; tc != NULL; tc = tc->NextCache)
        cap += EXP_TC_TAGS;
    out = calloc(cap, sizeof *out);
    if (out != NULL) {
        for (i = 0; i < ExpTagCapacity; i++) {
            if (ExpTagTable[i].Tag == 0)
                continue;
            out[n].Tag = ExpTagTable[i].Tag;
            ExpAddSlot(&out[n++], &ExpTagTable[i]);
        }
        for (tc = ExpCaches; tc != NULL; tc = tc->NextCache) {
            for (i = 0; i < EXP_TC_TAGS; i++) {
                ULONG tag = ExpLoad(tc->Tags[i].Tag);
                if (tag == 0)
                    continue;
                for (j = 0; j < n && out[j].Tag != tag; j++)
                    ;
                if (j == n)
                    out[n++].Tag = tag;
                ExpAddSlot(&out[j], &tc->Tags[i]);
            }
        }
    }
    pthread_mutex_unlock(&ExpTagLock);
    *Count = n;
    return out;
}

VOID ExpPoolUsageByTag(PEXP_POOL_TAG_CALLBACK Callback, PVOID Context)
{
    ULONG n, i;
    EXP_POOL_TAG_USAGE *snap = ExpSnapshotTags(&n);

    for (i = 0; snap != NULL && i < n; i++)
        if (!Callback(&snap[i], Context))
            break;
    free(snap);
}

VOID ExpQueryPoolTagUsage(ULONG Tag, PEXP_POOL_TAG_USAGE Usage)
{
    ULONG n, i;
    EXP_POOL_TAG_USAGE *snap = ExpSnapshotTags(&n);

    memset(Usage, 0, sizeof *Usage);
    Usage->Tag = Tag;
    for (i = 0; snap != NULL && i < n; i++)
        if (snap[i].Tag == Tag)
            *Usage = snap[i];
    free(snap);
}

static BOOLEAN ExpCollectBlock(PEXP_POOL_HEADER H, ULONG_PTR Low, ULONG_PTR High,
                               EXP_POOL_BLOCK_INFO **Items, SIZE_T *Count, SIZE_T *Capacity)
{
    ULONG_PTR caller;

    if (__atomic_load_n(&H->State, __ATOMIC_ACQUIRE) != EXP_STATE_ALLOCATED ||
        ExpLoad(H->Check) != ExpCheckValue(H))
        return TRUE;
    caller = (ULONG_PTR)ExpLoad(H->Caller);
    if (caller < Low || caller >= High)
        return TRUE;
    if (*Count == *Capacity) {
        SIZE_T cap = *Capacity ? *Capacity * 2 : 64;
        EXP_POOL_BLOCK_INFO *grown = realloc(*Items, cap * sizeof **Items);
        if (grown == NULL)
            return FALSE;
        *Items = grown;
        *Capacity = cap;
    }
    (*Items)[*Count].Address = (PUCHAR)H + EXP_HDR;
    (*Items)[*Count].Size = ExpLoad(H->Size);
    (*Items)[*Count].Tag = ExpLoad(H->Tag);
    (*Items)[*Count].PoolType = (POOL_TYPE)ExpLoad(H->PoolType);
    (*Items)[*Count].Caller = (PVOID)caller;
    (*Count)++;
    return TRUE;
}

VOID ExpEnumerateOutstanding(ULONG_PTR CallerLow, ULONG_PTR CallerHigh,
                             PEXP_POOL_BLOCK_CALLBACK Callback, PVOID Context)
{
    EXP_POOL_BLOCK_INFO *items = NULL;
    SIZE_T count = 0, capacity = 0, page, i;
    BOOLEAN ok = TRUE;

    if (__atomic_load_n(&ExpBase, __ATOMIC_ACQUIRE) == NULL)
        return;
    pthread_mutex_lock(&ExpRegionLock);
    for (page = 0; ok && page < ExpCarvedPages; page++) {
        UCHAR kind = ExpPageKind[page];
        PUCHAR at = ExpBase + page * EXP_PAGE;
        if (kind == EXP_PAGE_LARGE_HEAD) {
            ok = ExpCollectBlock((PEXP_POOL_HEADER)(at + EXP_PAGE - EXP_HDR), CallerLow,
                                 CallerHigh, &items, &count, &capacity);
        } else if (kind >= EXP_PAGE_SLAB && kind < EXP_PAGE_SLAB + EXP_NCLASS) {
            ULONG size = ExpClassSize[kind - EXP_PAGE_SLAB], n = (ULONG)(EXP_PAGE / size), b;
            for (b = 0; ok && b < n; b++) {
                PEXP_POOL_HEADER h = (PEXP_POOL_HEADER)(at + (SIZE_T)b * size);
                if (ExpIsPoisoned(h, EXP_HDR))
                    continue;
                if (__atomic_load_n(&h->State, __ATOMIC_ACQUIRE) == EXP_STATE_PAD)
                    h = (PEXP_POOL_HEADER)((PUCHAR)h + 64 - EXP_HDR);
                ok = ExpCollectBlock(h, CallerLow, CallerHigh, &items, &count, &capacity);
            }
        }
    }
    pthread_mutex_unlock(&ExpRegionLock);
    for (i = 0; i < count; i++)
        if (!Callback(&items[i], Context))
            break;
    free(items);
}

/*
 * @implemented
 * See wdm/ex_pool.h. Invalid flags or Tag 0 give NULL (or the raise) rather than a bugcheck.
 */
PVOID NTAPI ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag)
{
    return ExpAllocatePool3(Flags, NumberOfBytes, Tag, NULL, 0, __builtin_return_address(0));
}

/* @implemented: see wdm/ex_pool.h. */
PVOID NTAPI ExAllocatePool3(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag,
                            PCPOOL_EXTENDED_PARAMETER ExtendedParameters,
                            ULONG ExtendedParametersCount)
{
    return ExpAllocatePool3(Flags, NumberOfBytes, Tag, ExtendedParameters,
                            ExtendedParametersCount, __builtin_return_address(0));
}

/* @implemented: see wdm/ex_pool.h. */
PVOID NTAPI ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
    return ExpAllocateClassic((ULONG)PoolType, NumberOfBytes, Tag, FALSE, FALSE,
                              __builtin_return_address(0));
}

/* @implemented: see wdm/ex_pool.h. */
PVOID NTAPI ExAllocatePoolWithTagPriority(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag,
                                          EX_POOL_PRIORITY Priority)
{
    UNREFERENCED_PARAMETER(Priority);
    return ExpAllocateClassic((ULONG)PoolType, NumberOfBytes, Tag, FALSE, FALSE,
                              __builtin_return_address(0));
}

/* @implemented: see wdm/ex_pool.h. */
PVOID NTAPI ExAllocatePoolWithQuotaTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
    return ExpAllocateClassic((ULONG)PoolType, NumberOfBytes, Tag, TRUE, FALSE,
                              __builtin_return_address(0));
}

/* @implemented: see wdm/ex_pool.h. */
PVOID NTAPI ExAllocatePoolZero(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
    return ExpAllocateClassic((ULONG)PoolType, NumberOfBytes, Tag, FALSE, TRUE,
                              __builtin_return_address(0));
}

/* @implemented: see wdm/ex_pool.h. */
PVOID NTAPI ExAllocatePoolUninitialized(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
    return ExpAllocateClassic((ULONG)PoolType, NumberOfBytes, Tag, FALSE, FALSE,
                              __builtin_return_address(0));
}

/* @implemented: see wdm/ex_pool.h. */
PVOID NTAPI ExAllocatePoolQuotaZero(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
    return ExpAllocateClassic((ULONG)PoolType, NumberOfBytes, Tag, TRUE, TRUE,
                              __builtin_return_address(0));
}

/* @implemented: see wdm/ex_pool.h. */
PVOID NTAPI ExAllocatePoolQuotaUninitialized(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
    return ExpAllocateClassic((ULONG)PoolType, NumberOfBytes, Tag, TRUE, FALSE,
                              __builtin_return_address(0));
}

/* @implemented: see wdm/ex_pool.h. */
PVOID NTAPI ExAllocatePool(POOL_TYPE PoolType, SIZE_T NumberOfBytes)
{
    return ExpAllocateClassic((ULONG)PoolType, NumberOfBytes, EXP_TAG_NONE, FALSE, FALSE,
                              __builtin_return_address(0));
}

/* @implemented: see wdm/ex_pool.h. */
PVOID NTAPI ExAllocatePoolWithQuota(POOL_TYPE PoolType, SIZE_T NumberOfBytes)
{
    return ExpAllocateClassic((ULONG)PoolType, NumberOfBytes, EXP_TAG_NONE, TRUE, FALSE,
                              __builtin_return_address(0));
}

/* @implemented: see wdm/ex_pool.h. */
VOID NTAPI ExFreePoolWithTag(PVOID P, ULONG Tag)
{
    ExpFree(P, Tag, __builtin_return_address(0));
}

/* @implemented: see wdm/ex_pool.h. */
VOID NTAPI ExFreePool(PVOID P)
{
    ExpFree(P, 0, __builtin_return_address(0));
}

/* @implemented: see wdm/ex_pool.h. */
SIZE_T NTAPI ExQueryPoolBlockSize(PVOID PoolBlock, PBOOLEAN QuotaCharged)
{
    PEXP_POOL_HEADER h = ExpValidateBlock(PoolBlock, __builtin_return_address(0));
    ULONG extent = h->Extent & ~EXP_EXTENT_QUOTA;

    *QuotaCharged = (h->Extent & EXP_EXTENT_QUOTA) != 0;
    if (h->Class == EXP_CLASS_LARGE)
        return (SIZE_T)(extent - 1) * EXP_PAGE;
    return ExpClassSize[h->Class] - extent;
}
