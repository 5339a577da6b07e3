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
#include <internal/vfpool.h>
#include <internal/vfhooks.h>
#include <internal/mm.h>

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
#define EXP_REGION_MAX      (64ULL << 30)           /* 64 GiB of address space, */
#define EXP_REGION_MIN      (1ULL << 30)            /* or less where that cannot be had */
#define EXP_REGION_SIZE     ExpRegionSize
#define EXP_REGION_PAGES    (ExpRegionSize / EXP_PAGE)
#define EXP_COMMIT_CHUNK    (1ULL << 20)            /* commit 1 MiB at a time */
#define EXP_HDR             32U
#define EXP_NCLASS          50
#define EXP_NSLOTS          (2 * EXP_NCLASS)        /* class, + EXP_NCLASS in executable slabs */
#define EXP_CLASS_LARGE     0xFF
#define EXP_RUN_EXACT       64                      /* runs below this many pages: exact lists */
#define EXP_RUN_DISCARD     16                      /* freed runs this big return their memory */
#define EXP_TC_TAGS         64                      /* per-thread tag counter slots (power of 2) */
#define EXP_EXTENT_QUOTA    0x80000000U
#define EXP_TYPE_MASK       0x225U                  /* paged | cache aligned | session | NX */
#define EXP_EXEC_SHARE      8                       /* 1/8 of the region is executable pool */
#define EXP_RUN_FOOTER      0x6E755246U             /* 'Frun': the last page of a free run */

/* Header states (distinct, unlikely byte values). */
#define EXP_STATE_ALLOCATED 0xA1
#define EXP_STATE_FREE      0xF3
#define EXP_STATE_PAD       0x5D                    /* padding in front of a 64-aligned block */

/* Page kinds (ExpPageKind): 0 = not carved yet. Only the first and the last page of a free
   run are kept exact (the pages inside keep stale kinds: nothing reads them). */
#define EXP_PAGE_SLAB       1                       /* + slot */
#define EXP_PAGE_LARGE_HEAD 0xFE                    /* first page of an allocated run */
#define EXP_PAGE_LARGE_BODY 0xFD                    /* the other pages of an allocated run */
#define EXP_PAGE_FREE_HEAD  0xFC                    /* first page of a free run */
#define EXP_PAGE_FREE_TAIL  0xFB                    /* last page of a free run (its footer) */

typedef struct _EXP_POOL_HEADER {
    union {
        PVOID Caller;                   /* allocated: return address of the allocating call */
        struct _EXP_POOL_HEADER *Prev;  /* free run: previous run in its list */
    };
    union {
        SIZE_T Size;                    /* allocated: bytes requested */
        struct _EXP_POOL_HEADER *Next;  /* free: next free block (header) */
    };
    union {
        struct {
            ULONG Tag;
            USHORT PoolType;            /* POOL_TYPE & EXP_TYPE_MASK */
            UCHAR Class;                /* slot (size class, + EXP_NCLASS if executable),
                                           EXP_CLASS_LARGE for page runs */
            UCHAR State;
        };
        ULONG64 TagWord;                /* the four above, stored at once by the hot paths */
    };
    union {
        struct {
            ULONG Check;                /* ExpCheckValue(header address) */
            ULONG Extent;               /* small: data - block start (32/64); large: pages in
                                           the run incl. the header page; | EXP_EXTENT_QUOTA */
        };
        ULONG64 CheckWord;
    };
} EXP_POOL_HEADER, *PEXP_POOL_HEADER;

/* TagWord / CheckWord values (little endian: the first field in the low bits). */
#define EXP_TAG_WORD(Tag, PoolType, Class, State)                                          \
    ((ULONG64)(ULONG)(Tag) | (ULONG64)(USHORT)(PoolType) << 32 | (ULONG64)(UCHAR)(Class) << 48 | \
     (ULONG64)(UCHAR)(State) << 56)
#define EXP_CHECK_WORD(Check, Extent) ((ULONG64)(ULONG)(Check) | (ULONG64)(ULONG)(Extent) << 32)

_Static_assert(sizeof(EXP_POOL_HEADER) == EXP_HDR, "pool header is 32 bytes");

typedef struct _EXP_TAG_SLOT {
    ULONG Tag;                          /* 0: empty (tag 0 is never accepted) */
    LONG64 Allocs[EXP_POOL_KINDS];
    LONG64 Frees[EXP_POOL_KINDS];
    LONG64 Bytes[EXP_POOL_KINDS];
} EXP_TAG_SLOT;

/* At the start of the last page of a free run: lets the run after it find its start. */
typedef struct _EXP_RUN_FOOTER_DATA {
    ULONG Magic;                        /* EXP_RUN_FOOTER */
    ULONG Pages;                        /* pages in the free run */
} EXP_RUN_FOOTER_DATA;

/*
 * An arena: a part of the region with its own carving point and free runs. Arena 0 is
 * read/write (every NX pool type), arena 1 (the top 1/8) read/write/execute (NonPagedPool,
 * NonPagedPoolExecute, POOL_FLAG_NON_PAGED_EXECUTE), so protections never interleave.
 */
typedef struct _EXP_ARENA {
    SIZE_T First;                       /* its first page (index in the region) */
    SIZE_T Limit;                       /* its page count */
    SIZE_T Carved;                      /* pages handed out from First (atomic reads) */
    SIZE_T Committed;                   /* bytes committed from First */
    BOOLEAN Executable;
    PEXP_POOL_HEADER FreeRuns[EXP_RUN_EXACT];   /* [n]: n-page runs; [0]: bigger */
} EXP_ARENA;

typedef struct _EXP_THREAD_CACHE {
    PEXP_POOL_HEADER Head[EXP_NSLOTS];
    ULONG Count[EXP_NSLOTS];
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
static SIZE_T ExpRegionSize;            /* set before ExpBase is published */
static PUCHAR ExpPageKind;              /* one byte per region page */
static EXP_ARENA ExpArenas[2];          /* set up before ExpBase is published */
static pthread_mutex_t ExpRegionLock = PTHREAD_MUTEX_INITIALIZER;

static ULONG ExpClassSize[EXP_NSLOTS];
static UCHAR ExpSizeToClass[EXP_PAGE / 16 + 1];     /* by (block bytes + 15) / 16 */
static UCHAR ExpAlignedClass[EXP_PAGE / 64 + 1];    /* by (block bytes + 63) / 64 */
static ULONG ExpCacheLimit[EXP_NSLOTS];
static EXP_CLASS_LIST ExpClassList[EXP_NSLOTS];

static pthread_key_t ExpCacheKey;
static KI_TLS EXP_THREAD_CACHE *ExpThreadCache;
static pthread_mutex_t ExpTagLock = PTHREAD_MUTEX_INITIALIZER;  /* tag table + cache list */
static EXP_TAG_SLOT *ExpTagTable;       /* open addressing, ExpTagCapacity slots */
static ULONG ExpTagCapacity, ExpTagCount;
static EXP_THREAD_CACHE *ExpCaches;

LONG ExpFailCount;                      /* test hook: allocations left to fail */

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

/* Nonpaged pool without the NX bit (NonPagedPool is NonPagedPoolExecute) is executable;
   paged pool never is (as on Windows 8 and later). */
static inline BOOLEAN ExpIsExecutableType(ULONG PoolType)
{
    return (PoolType & (PagedPool | NonPagedPoolNx)) == 0;
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
    for (c = 0; c < EXP_NCLASS; c++)
        ExpClassSize[EXP_NCLASS + c] = ExpClassSize[c];
    for (c = 0; c < EXP_NSLOTS; c++) {
        ExpCacheLimit[c] = (ULONG)(65536 / ExpClassSize[c]);
        if (ExpCacheLimit[c] < 16)
            ExpCacheLimit[c] = 16;
        pthread_mutex_init(&ExpClassList[c].Lock, NULL);
    }
}

static VOID ExpDestroyThreadCache(void *Cache);

static VOID ExpInitialize(VOID)
{
    PUCHAR base = NULL, kinds = NULL;
    SIZE_T size, pages;

    ExpBuildClasses();
    pthread_key_create(&ExpCacheKey, ExpDestroyThreadCache);
    /* 64 GiB, or the most a limited address space (ulimit -v, valgrind) grants. */
    for (size = EXP_REGION_MAX; size >= EXP_REGION_MIN && base == NULL; size /= 2) {
        base = HostReserveAddressSpace(size);
        if (base != NULL)
            ExpRegionSize = size;
    }
    if (base != NULL)
        kinds = HostReserveAddressSpace(ExpRegionSize / EXP_PAGE);
    if (base == NULL || kinds == NULL)
        return;                         /* every allocation fails; nothing is a pool address */
    pages = ExpRegionSize / EXP_PAGE;
    ExpArenas[0].First = 0;
    ExpArenas[0].Limit = pages - pages / EXP_EXEC_SHARE;
    ExpArenas[1].First = ExpArenas[0].Limit;
    ExpArenas[1].Limit = pages / EXP_EXEC_SHARE;
    ExpArenas[1].Executable = TRUE;
    ExpPageKind = kinds;
    MiNoteKernelRange((ULONG_PTR)base, (ULONG_PTR)base + ExpRegionSize);
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

static inline SIZE_T ExpPageIndex(const void *P)
{
    return (SIZE_T)(((PUCHAR)P - ExpBase) / EXP_PAGE);
}

static inline EXP_ARENA *ExpArenaOfPage(SIZE_T Page)
{
    return Page >= ExpArenas[1].First ? &ExpArenas[1] : &ExpArenas[0];
}

/* Hands out Pages fresh pages from the top of the arena's carved area. Region lock held. */
static PUCHAR ExpCarvePages(EXP_ARENA *Arena, SIZE_T Pages)
{
    SIZE_T carved = Arena->Carved, end;
    PUCHAR start = ExpBase + Arena->First * EXP_PAGE;

    if (Pages > Arena->Limit - carved)
        return NULL;
    end = (carved + Pages) * EXP_PAGE;
    if (end > Arena->Committed) {
        SIZE_T target = (end + EXP_COMMIT_CHUNK - 1) & ~(EXP_COMMIT_CHUNK - 1);
        SIZE_T kindsFrom, kindsTo;
        BOOLEAN ok;

        if (target > Arena->Limit * EXP_PAGE)
            target = Arena->Limit * EXP_PAGE;
        kindsFrom = (Arena->First + Arena->Committed / EXP_PAGE) & ~(EXP_PAGE - 1);
        kindsTo = (Arena->First + target / EXP_PAGE + EXP_PAGE - 1) & ~(EXP_PAGE - 1);
        ok = Arena->Executable
                 ? HostCommitExecutableMemory(start + Arena->Committed, target - Arena->Committed)
                 : HostCommitMemory(start + Arena->Committed, target - Arena->Committed);
        if (!ok || !HostCommitMemory(ExpPageKind + kindsFrom, kindsTo - kindsFrom))
            return NULL;
        Arena->Committed = target;
    }
    __atomic_store_n(&Arena->Carved, carved + Pages, __ATOMIC_RELEASE);
    return start + carved * EXP_PAGE;
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

/* Carves a new slab page for Slot; returns its blocks as a list (headers). */
static PEXP_POOL_HEADER ExpCarveSlab(ULONG Slot, ULONG *Count)
{
    ULONG size = ExpClassSize[Slot], n = (ULONG)(EXP_PAGE / size), i;
    PEXP_POOL_HEADER head = NULL;
    PUCHAR page;

    pthread_mutex_lock(&ExpRegionLock);
    page = ExpCarvePages(&ExpArenas[Slot >= EXP_NCLASS], 1);
    if (page != NULL)
        ExpPageKind[ExpPageIndex(page)] = (UCHAR)(EXP_PAGE_SLAB + Slot);
    pthread_mutex_unlock(&ExpRegionLock);
    if (page == NULL)
        return NULL;
    for (i = n; i-- > 0;) {
        PEXP_POOL_HEADER h = (PEXP_POOL_HEADER)(page + (SIZE_T)i * size);
        ExpWriteFreeHeader(h, (UCHAR)Slot, EXP_HDR, head);
        head = h;
    }
    *Count = n;
    return head;
}

/* ---- Page runs (large blocks) ----------------------------------------------------------
 * A free run is on its arena's list for its page count, doubly linked (Next, Prev), its
 * first page marked EXP_PAGE_FREE_HEAD and its last EXP_PAGE_FREE_TAIL with a footer that
 * gives its length. A run being freed merges with a free run right after it (its first
 * page is FREE_HEAD) and right before it (the page before is FREE_TAIL): two free runs are
 * never adjacent, so freed memory does not fragment into ever smaller runs. Allocation
 * takes the exact list, then the smallest run that fits, splitting off the rest.
 * Region lock held for all of these.
 */

static inline PUCHAR ExpRunStart(PEXP_POOL_HEADER Header)
{
    return (PUCHAR)Header + EXP_HDR - EXP_PAGE;
}

static inline PEXP_POOL_HEADER ExpRunHeader(SIZE_T FirstPage)
{
    return (PEXP_POOL_HEADER)(ExpBase + FirstPage * EXP_PAGE + EXP_PAGE - EXP_HDR);
}

static inline PEXP_POOL_HEADER *ExpRunList(EXP_ARENA *Arena, SIZE_T Pages)
{
    return &Arena->FreeRuns[Pages < EXP_RUN_EXACT ? Pages : 0];
}

static VOID ExpLinkFreeRun(EXP_ARENA *Arena, SIZE_T First, SIZE_T Pages)
{
    PEXP_POOL_HEADER h = ExpRunHeader(First), *list = ExpRunList(Arena, Pages);
    EXP_RUN_FOOTER_DATA *footer = (EXP_RUN_FOOTER_DATA *)(ExpBase + (First + Pages - 1) * EXP_PAGE);

    ExpWriteFreeHeader(h, EXP_CLASS_LARGE, (ULONG)Pages, *list);
    if (*list != NULL)
        ExpStore((*list)->Prev, h);
    *list = h;
    footer->Magic = EXP_RUN_FOOTER;
    footer->Pages = (ULONG)Pages;
    ExpPageKind[First] = EXP_PAGE_FREE_HEAD;
    ExpPageKind[First + Pages - 1] = EXP_PAGE_FREE_TAIL;
}

static VOID ExpUnlinkFreeRun(EXP_ARENA *Arena, PEXP_POOL_HEADER H)
{
    PEXP_POOL_HEADER prev = H->Prev, next = H->Next;

    if (prev != NULL)
        ExpStore(prev->Next, next);
    else
        *ExpRunList(Arena, H->Extent) = next;
    if (next != NULL)
        ExpStore(next->Prev, prev);
}

/* The smallest free run of at least Pages pages (exact list first), unlinked; or NULL. */
static PEXP_POOL_HEADER ExpTakeFreeRun(EXP_ARENA *Arena, SIZE_T Pages)
{
    PEXP_POOL_HEADER h, best = NULL;
    SIZE_T n;

    for (n = Pages; n < EXP_RUN_EXACT && best == NULL; n++)
        best = Arena->FreeRuns[n];
    if (best == NULL) {
        for (h = Arena->FreeRuns[0]; h != NULL; h = h->Next) {
            if (h->Extent >= Pages && (best == NULL || h->Extent < best->Extent)) {
                best = h;
                if (h->Extent == Pages)
                    break;
            }
        }
    }
    if (best != NULL)
        ExpUnlinkFreeRun(Arena, best);
    return best;
}

/* A run of Pages pages (header page included): reused or fresh. Returns its header. */
static PEXP_POOL_HEADER ExpAllocateRun(EXP_ARENA *Arena, SIZE_T Pages)
{
    PEXP_POOL_HEADER h;
    SIZE_T first, i, have;
    PUCHAR run;

    if (Pages > Arena->Limit)
        return NULL;
    pthread_mutex_lock(&ExpRegionLock);
    h = ExpTakeFreeRun(Arena, Pages);
    if (h != NULL) {
        first = ExpPageIndex(ExpRunStart(h));
        have = h->Extent;
        if (have - Pages >= 2)          /* split: the rest stays a free run */
            ExpLinkFreeRun(Arena, first + Pages, have - Pages);
        else
            Pages = have;               /* a one-page rest cannot be a run: it goes along */
    } else {
        run = ExpCarvePages(Arena, Pages);
        if (run == NULL) {
            pthread_mutex_unlock(&ExpRegionLock);
            return NULL;
        }
        first = ExpPageIndex(run);
        h = ExpRunHeader(first);
    }
    ExpPageKind[first] = EXP_PAGE_LARGE_HEAD;
    for (i = 1; i < Pages; i++)
        ExpPageKind[first + i] = EXP_PAGE_LARGE_BODY;
    ExpUnpoison(h, EXP_HDR);
    ExpStore(h->Extent, (ULONG)Pages);
    pthread_mutex_unlock(&ExpRegionLock);
    return h;
}

static VOID ExpFreeRun(PEXP_POOL_HEADER Header)
{
    SIZE_T pages = Header->Extent & ~EXP_EXTENT_QUOTA;
    SIZE_T first = ExpPageIndex(ExpRunStart(Header)), end = first + pages;
    EXP_ARENA *arena = ExpArenaOfPage(first);

    if (pages >= EXP_RUN_DISCARD)
        HostDiscardMemory(ExpRunStart(Header) + EXP_PAGE, (pages - 1) * EXP_PAGE);
    pthread_mutex_lock(&ExpRegionLock);
    if (end < arena->First + arena->Carved && ExpPageKind[end] == EXP_PAGE_FREE_HEAD) {
        PEXP_POOL_HEADER next = ExpRunHeader(end);
        ExpUnlinkFreeRun(arena, next);
        pages += next->Extent;
    }
    if (first > arena->First && ExpPageKind[first - 1] == EXP_PAGE_FREE_TAIL) {
        const EXP_RUN_FOOTER_DATA *footer =
            (const EXP_RUN_FOOTER_DATA *)(ExpBase + (first - 1) * EXP_PAGE);
        SIZE_T before = footer->Pages;
        ExpUnlinkFreeRun(arena, ExpRunHeader(first - before));
        first -= before;
        pages += before;
    }
    ExpLinkFreeRun(arena, first, pages);
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
static __attribute__((noinline)) VOID ExpCountTagSlow(EXP_THREAD_CACHE *Tc, ULONG Tag,
                                                      ULONG Kind, LONG64 Allocs, LONG64 Frees,
                                                      LONG64 Bytes)
{
    ULONG i, probe;
    EXP_TAG_SLOT *s;

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
    ExpStore(s->Allocs[Kind], s->Allocs[Kind] + Allocs);
    ExpStore(s->Frees[Kind], s->Frees[Kind] + Frees);
    ExpStore(s->Bytes[Kind], s->Bytes[Kind] + Bytes);
}

/* The slot of Tag among the first probes from its home (the slow path looks further). */
static inline __attribute__((always_inline)) EXP_TAG_SLOT *ExpFindTagSlot(EXP_THREAD_CACHE *Tc,
                                                                          ULONG Tag)
{
    ULONG i = ExpTagHash(Tag), probe;

    for (probe = 0; probe < 4; probe++) {
        EXP_TAG_SLOT *s = &Tc->Tags[(i + probe) & (EXP_TC_TAGS - 1)];
        if (s->Tag == Tag) {
            Tc->LastSlot = s;
            return s;
        }
    }
    return &Tc->Tags[i & (EXP_TC_TAGS - 1)];    /* not Tag's: the caller goes the slow way */
}

/* Tag's slot in the thread's table if the inline search finds it (the tag counted last, or
   near its home slot), else NULL (the caller goes the slow way). */
static inline __attribute__((always_inline)) EXP_TAG_SLOT *ExpTagSlotFast(EXP_THREAD_CACHE *Tc,
                                                                          ULONG Tag)
{
    EXP_TAG_SLOT *s = Tc->LastSlot;

    if (__builtin_expect(s == NULL || s->Tag != Tag, 0))
        s = ExpFindTagSlot(Tc, Tag);
    return s->Tag == Tag ? s : NULL;
}

/* Only this thread writes its slots; readers load them atomically under the tag lock. */
static inline __attribute__((always_inline)) VOID ExpCountAlloc(EXP_THREAD_CACHE *Tc, ULONG Tag,
                                                                ULONG Kind, SIZE_T Bytes)
{
    EXP_TAG_SLOT *s = Tc->LastSlot;

    /* The tag counted last, or the tag's slot near its home (callers alternate a few). */
    if (__builtin_expect(s == NULL || s->Tag != Tag, 0))
        s = ExpFindTagSlot(Tc, Tag);
    if (__builtin_expect(s->Tag == Tag, 1)) {
        ExpStore(s->Allocs[Kind], s->Allocs[Kind] + 1);
        ExpStore(s->Bytes[Kind], s->Bytes[Kind] + (LONG64)Bytes);
    } else {
        ExpCountTagSlow(Tc, Tag, Kind, 1, 0, (LONG64)Bytes);
    }
}

static inline __attribute__((always_inline)) VOID ExpCountFree(EXP_THREAD_CACHE *Tc, ULONG Tag,
                                                               ULONG Kind, SIZE_T Bytes)
{
    EXP_TAG_SLOT *s = Tc->LastSlot;

    /* The tag counted last, or the tag's slot near its home (callers alternate a few). */
    if (__builtin_expect(s == NULL || s->Tag != Tag, 0))
        s = ExpFindTagSlot(Tc, Tag);
    if (__builtin_expect(s->Tag == Tag, 1)) {
        ExpStore(s->Frees[Kind], s->Frees[Kind] + 1);
        ExpStore(s->Bytes[Kind], s->Bytes[Kind] - (LONG64)Bytes);
    } else {
        ExpCountTagSlow(Tc, Tag, Kind, 0, 1, -(LONG64)Bytes);
    }
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
    for (c = 0; c < EXP_NSLOTS; c++)
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

/* Fills in the header of an allocated block and counts it: four stores for the header
   (the state, published last with the tag word, tells readers the rest is there). */
static inline __attribute__((always_inline)) PVOID ExpFinishBlock(EXP_THREAD_CACHE *Tc,
                                                                  PEXP_POOL_HEADER H, ULONG Class,
                                                                  ULONG Extent, SIZE_T Size,
                                                                  ULONG Tag, ULONG PoolType,
                                                                  BOOLEAN Zero, BOOLEAN Quota,
                                                                  PVOID Caller)
{
    PUCHAR data = (PUCHAR)H + EXP_HDR;

    H->Caller = Caller;
    H->Size = Size;
    H->CheckWord = EXP_CHECK_WORD(ExpCheckValue(H), Extent | (Quota ? EXP_EXTENT_QUOTA : 0));
    __atomic_store_n(&H->TagWord, EXP_TAG_WORD(Tag, PoolType, Class, EXP_STATE_ALLOCATED),
                     __ATOMIC_RELEASE);
    if (Zero)
        memset(data, 0, Size);
    ExpCountAlloc(Tc, Tag, ExpKindOf(PoolType), Size);
    return data;
}

/* Every case the fast path below does not take: first use, empty cache, cache-aligned and
   large blocks, the failure hook. NULL when out of memory. */
static __attribute__((noinline)) PVOID ExpAllocateSlow(const EXP_REQUEST *Rq)
{
    BOOLEAN aligned = (Rq->PoolType & NonPagedPoolCacheAligned) != 0;
    ULONG exec = ExpIsExecutableType(Rq->PoolType);
    SIZE_T size = Rq->Size ? Rq->Size : 1, block;
    EXP_THREAD_CACHE *tc;
    PEXP_POOL_HEADER h;
    ULONG slot, extent;

    if (VfAnyDriver(~0U)) {             /* a verified caller: special pool, injected failure */
        PVOID vf;
        if (VfPoolAllocate(Rq->Size, Rq->Tag, Rq->PoolType, Rq->Zero, Rq->Caller, &vf))
            return vf;
    }
    if (ExpShouldFail() || !ExpEnsureInitialized())
        return NULL;
    tc = ExpGetThreadCache();
    if (tc == NULL)
        return NULL;
    block = ((size + 15) & ~(SIZE_T)15) + (aligned ? 64 : EXP_HDR);
    if (size <= EXP_PAGE && block <= EXP_PAGE) {
        PUCHAR start;
        slot = (aligned ? ExpAlignedClass[(block + 63) / 64] : ExpSizeToClass[(block + 15) / 16]) +
               exec * EXP_NCLASS;
        h = tc->Head[slot];
        if (__builtin_expect(h == NULL, 0)) {
            h = ExpRefill(tc, slot);
            if (h == NULL)
                return NULL;
        }
        tc->Head[slot] = h->Next;
        tc->Count[slot]--;
        start = (PUCHAR)h + EXP_HDR - (h->Extent & ~EXP_EXTENT_QUOTA);
        ExpUnpoison(start, ExpClassSize[slot]);
        if (aligned) {
            PEXP_POOL_HEADER pad = (PEXP_POOL_HEADER)start;
            pad->Check = ExpCheckValue(pad);
            pad->Class = (UCHAR)slot;
            pad->State = EXP_STATE_PAD;
            h = (PEXP_POOL_HEADER)(start + 64 - EXP_HDR);
            extent = 64;
        } else {
            h = (PEXP_POOL_HEADER)start;
            extent = EXP_HDR;
        }
    } else {
        /* Data page-aligned after a header page; SIZE_MAX-ish sizes fail in ExpAllocateRun. */
        SIZE_T pages;
        if (size > EXP_REGION_SIZE)
            return NULL;
        pages = 1 + (size + EXP_PAGE - 1) / EXP_PAGE;
        h = ExpAllocateRun(&ExpArenas[exec], pages);
        if (h == NULL)
            return NULL;
        extent = h->Extent;
        slot = EXP_CLASS_LARGE;
    }
    return ExpFinishBlock(tc, h, slot, extent, Rq->Size, Rq->Tag, Rq->PoolType, Rq->Zero,
                          Rq->Quota, Rq->Caller);
}

/* The allocator proper: NULL when out of memory. Inline: the hot case (a small block the
   thread cache has) costs a list pop and the header. */
static inline __attribute__((always_inline)) PVOID ExpAllocate(const EXP_REQUEST *Rq)
{
    EXP_THREAD_CACHE *tc = ExpThreadCache;
    SIZE_T size = Rq->Size;

    /* (A thread cache exists only once the pool is initialized. With a verified driver
       loaded, the slow path asks the verifier first: special pool, low resources.) */
    if (__builtin_expect(tc != NULL && size - 1 < EXP_PAGE - EXP_HDR &&
                         !(Rq->PoolType & NonPagedPoolCacheAligned) &&
                         ExpLoad(ExpFailCount) == 0 && !VfAnyDriver(~0U), 1)) {
        ULONG slot = ExpSizeToClass[(size + 15) / 16 + EXP_HDR / 16] +
                     (ExpIsExecutableType(Rq->PoolType) ? EXP_NCLASS : 0);
        PEXP_POOL_HEADER h = tc->Head[slot];
        if (__builtin_expect(h != NULL, 1)) {
            PUCHAR start = (PUCHAR)h + EXP_HDR - (h->Extent & ~EXP_EXTENT_QUOTA);
            tc->Head[slot] = h->Next;
            tc->Count[slot]--;
            ExpUnpoison(start, ExpClassSize[slot]);
            return ExpFinishBlock(tc, (PEXP_POOL_HEADER)start, slot, EXP_HDR, Rq->Size, Rq->Tag,
                                  Rq->PoolType, Rq->Zero, Rq->Quota, Rq->Caller);
        }
    }
    return ExpAllocateSlow(Rq);
}

static DECLSPEC_NORETURN VOID ExpBadPoolCaller(ULONG_PTR Sub, ULONG_PTR P2, ULONG_PTR P3,
                                               ULONG_PTR P4, PVOID Caller)
{
    VfBadPoolCaller(Sub, P2, P3, P4, Caller);   /* a verified caller: the verifier's form */
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
    EXP_ARENA *arena;
    SIZE_T carved;
    UCHAR state, kind;

    if (base == NULL || p < base || p >= base + EXP_REGION_SIZE)
        ExpBadPoolCaller(0x42, (ULONG_PTR)P, 0, 0, Caller);
    arena = ExpArenaOfPage((SIZE_T)(p - base) / EXP_PAGE);
    carved = __atomic_load_n(&arena->Carved, __ATOMIC_ACQUIRE);
    if (((ULONG_PTR)p & 15) != 0 || p < base + arena->First * EXP_PAGE + EXP_HDR ||
        p > base + (arena->First + carved) * EXP_PAGE)
        ExpBadPoolCaller(0x99, (ULONG_PTR)P, 0, 0, Caller);
    h = (PEXP_POOL_HEADER)(p - EXP_HDR);
    if (ExpIsPoisoned(h, EXP_HDR) || ExpLoad(h->Check) != ExpCheckValue(h))
        ExpBadPoolCaller(0x99, (ULONG_PTR)P, 0, 0, Caller);
    state = __atomic_load_n(&h->State, __ATOMIC_ACQUIRE);
    if (__builtin_expect(state != EXP_STATE_ALLOCATED, 0)) {
        if (state == EXP_STATE_FREE) {
            ULONG_PTR contents; /* the header word holding tag, type, class and state */
            memcpy(&contents, &h->Tag, sizeof contents);
            ExpBadPoolCaller(0x07, 0, contents, (ULONG_PTR)P, Caller);
        }
        ExpBadPoolCaller(0x99, (ULONG_PTR)P, 0, 0, Caller);
    }
    /* The header must be one the layout allows (the Check value already ties it to its
       address; the page-kind table is consulted for the rarer large blocks only). */
    if (h->Class == EXP_CLASS_LARGE) {
        kind = ExpPageKind[ExpPageIndex(h)];
        if (kind != EXP_PAGE_LARGE_HEAD || ((ULONG_PTR)p & (EXP_PAGE - 1)) != 0)
            ExpBadPoolCaller(0x99, (ULONG_PTR)P, 0, 0, Caller);
    } else {
        ULONG extent = h->Extent & ~EXP_EXTENT_QUOTA;
        if (h->Class >= EXP_NSLOTS || (extent != EXP_HDR && extent != 64))
            ExpBadPoolCaller(0x99, (ULONG_PTR)P, 0, 0, Caller);
    }
    return h;
}

/* Every check and case of a free. */
static __attribute__((noinline)) VOID ExpFreeSlow(PVOID P, ULONG Tag, PVOID Caller)
{
    PEXP_POOL_HEADER h;
    EXP_THREAD_CACHE *tc;
    ULONG cls;
    KIRQL irql = KiThreadState.Irql;

    if (VfIsSpecialPoolAddress(P)) {
        VfSpecialPoolFree(P, Tag, Caller);
        return;
    }
    h = ExpValidateBlock(P, Caller);
    cls = h->Class;

    /* Tag 0 (ExFreePool) skips the check. */
    if (Tag != 0 && Tag != h->Tag)
        ExpBadPoolCaller(0x0A, (ULONG_PTR)P, h->Tag, Tag, Caller);
    if (__builtin_expect(ExpIrqlTooHigh(h->PoolType, irql), 0))
        ExpBadPoolCaller(0x09, irql, h->PoolType, (ULONG_PTR)P, Caller);
    tc = ExpGetThreadCache();
    if (__builtin_expect(tc == NULL, 0)) {
        /* No memory for a thread cache: the block leaks, but stays marked free. */
        __atomic_store_n(&h->State, EXP_STATE_FREE, __ATOMIC_RELEASE);
        return;
    }
    ExpCountFree(tc, h->Tag, ExpKindOf(h->PoolType), h->Size);
    __atomic_store_n(&h->State, EXP_STATE_FREE, __ATOMIC_RELEASE);
    h->Extent = h->Extent & ~EXP_EXTENT_QUOTA;
    if (__builtin_expect(cls == EXP_CLASS_LARGE, 0)) {
        ExpFreeRun(h);
        return;
    }
    h->Next = tc->Head[cls];
    tc->Head[cls] = h;
    ExpPoison((PUCHAR)P, (SIZE_T)((PUCHAR)h + EXP_HDR - (h->Extent) + ExpClassSize[cls] - (PUCHAR)P));
    if (__builtin_expect(++tc->Count[cls] > ExpCacheLimit[cls], 0))
        ExpDrainClass(tc, cls, ExpCacheLimit[cls] / 2);
}

/*
 * The common free, inlined into each DDI: a small block that passes every check
 * ExpValidateBlock makes (in the pool, 16-byte aligned, in its arena's carved part, check
 * value, allocated, a small class with a 32/64-byte extent), with the right tag, at an IRQL
 * its pool type allows, into a thread cache that has room (a special pool block is never
 * in the pool's range). Anything else goes to ExpFreeSlow, which starts over (nothing is
 * written before).
 */
static inline __attribute__((always_inline)) VOID ExpFree(PVOID P, ULONG Tag, PVOID Caller)
{
    PUCHAR p = P, base = __atomic_load_n(&ExpBase, __ATOMIC_ACQUIRE);
    EXP_THREAD_CACHE *tc = ExpThreadCache;
    KIRQL irql = KiThreadState.Irql;
    SIZE_T offset = (SIZE_T)(p - base);
    PEXP_POOL_HEADER h = (PEXP_POOL_HEADER)(p - EXP_HDR);

    if (__builtin_expect(base != NULL && tc != NULL && offset < EXP_REGION_SIZE &&
                         (offset & 15) == 0, 1)) {
        EXP_ARENA *arena = ExpArenaOfPage(offset / EXP_PAGE);
        SIZE_T carved = __atomic_load_n(&arena->Carved, __ATOMIC_ACQUIRE);
        if (__builtin_expect(offset >= arena->First * EXP_PAGE + EXP_HDR &&
                             offset <= (arena->First + carved) * EXP_PAGE &&
                             !ExpIsPoisoned(h, EXP_HDR), 1)) {
            ULONG64 check = ExpLoad(h->CheckWord);
            ULONG64 word = __atomic_load_n(&h->TagWord, __ATOMIC_ACQUIRE);
            ULONG cls = (UCHAR)(word >> 48);
            ULONG extent = (ULONG)(check >> 32);     /* the quota bit sends it the slow way */
            USHORT type = (USHORT)(word >> 32);
            if (__builtin_expect((ULONG)check == ExpCheckValue(h) &&
                                 (UCHAR)(word >> 56) == EXP_STATE_ALLOCATED &&
                                 cls < EXP_NSLOTS && (extent == EXP_HDR || extent == 64) &&
                                 (Tag == 0 || Tag == (ULONG)word) &&
                                 !ExpIrqlTooHigh(type, irql) &&
                                 tc->Count[cls] < ExpCacheLimit[cls], 1)) {
                EXP_TAG_SLOT *counters = ExpTagSlotFast(tc, (ULONG)word);
                ULONG kind = ExpKindOf(type);
                if (__builtin_expect(counters == NULL, 0))
                    goto Slow;
                ExpStore(counters->Frees[kind], counters->Frees[kind] + 1);
                ExpStore(counters->Bytes[kind], counters->Bytes[kind] - (LONG64)h->Size);
                __atomic_store_n(&h->State, EXP_STATE_FREE, __ATOMIC_RELEASE);
                h->Next = tc->Head[cls];
                tc->Head[cls] = h;
                tc->Count[cls]++;
                ExpPoison(p, (SIZE_T)((PUCHAR)h + EXP_HDR - extent + ExpClassSize[cls] - p));
                return;
            }
        }
    }
Slow:
    ExpFreeSlow(P, Tag, Caller);
}

/* ---- Request decoding ------------------------------------------------------------------ */

static inline VOID ExpCheckAllocateIrql(ULONG PoolType, SIZE_T Size, PVOID Caller)
{
    KIRQL irql = KiThreadState.Irql;
    if (__builtin_expect(ExpIrqlTooHigh(PoolType, irql), 0))
        ExpBadPoolCaller(0x08, irql, PoolType, Size, Caller);
}

/* The failure path of every allocation DDI: raise when the caller asked for it. */
static inline VOID ExpFailure(BOOLEAN Raise)
{
    if (Raise)
        ExRaiseStatus(STATUS_INSUFFICIENT_RESOURCES);
}

/* The classic POOL_TYPE interface (ExAllocatePoolWithTag and the quota variants): every
   check and case. */
static __attribute__((noinline)) PVOID ExpAllocateClassicSlow(ULONG PoolType, SIZE_T Size,
                                                              ULONG Tag, BOOLEAN Quota,
                                                              BOOLEAN Zero, PVOID Caller)
{
    EXP_REQUEST rq;
    PVOID p;
    BOOLEAN raise;

    if (__builtin_expect(PoolType & NonPagedPoolMustSucceed, 0))  /* no longer supported */
        ExpBadPoolCaller(0x9A, PoolType, Size, Tag, Caller);
    if (__builtin_expect(Tag == 0, 0))
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
    if (__builtin_expect(p == NULL, 0)) {
        /* Quota allocations raise unless told not to; the others only when told to. */
        raise = Quota ? (PoolType & POOL_QUOTA_FAIL_INSTEAD_OF_RAISE) == 0
                      : (PoolType & POOL_RAISE_IF_ALLOCATION_FAILURE) != 0;
        ExpFailure(raise);
    }
    return p;
}

/*
 * The same, inlined into each DDI for the common case: a small block the thread cache has,
 * no verified driver, no failure injection, a valid request at a valid IRQL. One test of
 * all that, then a list pop, four header stores and the tag counters; everything else
 * (including every bugcheck) is ExpAllocateClassicSlow's, which starts over.
 */
static inline __attribute__((always_inline)) PVOID ExpAllocateClassic(ULONG PoolType, SIZE_T Size,
                                                                      ULONG Tag, BOOLEAN Quota,
                                                                      BOOLEAN Zero, PVOID Caller)
{
    EXP_THREAD_CACHE *tc = ExpThreadCache;
    KIRQL irql = KiThreadState.Irql;

    if (__builtin_expect(tc != NULL && Tag != 0 && Size - 1 < EXP_PAGE - EXP_HDR &&
                         (PoolType & (NonPagedPoolMustSucceed | NonPagedPoolCacheAligned)) == 0 &&
                         !ExpIrqlTooHigh(PoolType, irql) &&
                         (ExpLoad(ExpFailCount) | ExpLoad(VfGlobalFlags)) == 0, 1)) {
        ULONG type = PoolType & EXP_TYPE_MASK;
        ULONG slot = ExpSizeToClass[(Size + 15) / 16 + EXP_HDR / 16] +
                     (ExpIsExecutableType(type) ? EXP_NCLASS : 0);
        PEXP_POOL_HEADER h = tc->Head[slot];
        EXP_TAG_SLOT *counters = ExpTagSlotFast(tc, Tag);
        if (__builtin_expect(h != NULL && counters != NULL && !Zero &&
                             !(PoolType & POOL_ZERO_ALLOCATION), 1)) {
            PUCHAR start = (PUCHAR)h + EXP_HDR - (h->Extent & ~EXP_EXTENT_QUOTA);
            ULONG kind = ExpKindOf(type);
            tc->Head[slot] = h->Next;
            tc->Count[slot]--;
            ExpUnpoison(start, ExpClassSize[slot]);
            h = (PEXP_POOL_HEADER)start;
            h->Caller = Caller;
            h->Size = Size;
            h->CheckWord = EXP_CHECK_WORD(ExpCheckValue(h),
                                          EXP_HDR | (Quota ? EXP_EXTENT_QUOTA : 0));
            __atomic_store_n(&h->TagWord, EXP_TAG_WORD(Tag, type, slot, EXP_STATE_ALLOCATED),
                             __ATOMIC_RELEASE);
            ExpStore(counters->Allocs[kind], counters->Allocs[kind] + 1);
            ExpStore(counters->Bytes[kind], counters->Bytes[kind] + (LONG64)Size);
            return start + EXP_HDR;
        }
    }
    return ExpAllocateClassicSlow(PoolType, Size, Tag, Quota, Zero, Caller);
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

BOOLEAN ExpOverlapsPool(ULONG_PTR Start, ULONG_PTR End)
{
    ULONG_PTR base = (ULONG_PTR)__atomic_load_n(&ExpBase, __ATOMIC_ACQUIRE);
    return base != 0 && Start < base + EXP_REGION_SIZE && End > base;
}

BOOLEAN ExpPoolShouldFailAllocationSlow(VOID)
{
    return ExpShouldFail();
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

BOOLEAN ExpPoolFindFreeRun(const void *Address, PVOID *Start, SIZE_T *Bytes)
{
    const UCHAR *p = Address;
    BOOLEAN found = FALSE;
    SIZE_T a, n;

    *Start = NULL;
    *Bytes = 0;
    if (!ExpIsPoolAddress(Address))
        return FALSE;
    pthread_mutex_lock(&ExpRegionLock);
    for (a = 0; a < 2 && !found; a++) {
        for (n = 0; n < EXP_RUN_EXACT && !found; n++) {
            PEXP_POOL_HEADER h;
            for (h = ExpArenas[a].FreeRuns[n]; h != NULL; h = h->Next) {
                PUCHAR start = ExpRunStart(h);
                if (p >= start && p < start + (SIZE_T)h->Extent * EXP_PAGE) {
                    *Start = start;
                    *Bytes = (SIZE_T)h->Extent * EXP_PAGE;
                    found = TRUE;
                    break;
                }
            }
        }
    }
    pthread_mutex_unlock(&ExpRegionLock);
    return found;
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
    if (out != NULL)
        out = VfSpecialPoolTagUsage(out, &n);   /* the verifier's special pool keeps its own */
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
    SIZE_T count = 0, capacity = 0, page, i, a;
    BOOLEAN ok = TRUE;

    if (__atomic_load_n(&ExpBase, __ATOMIC_ACQUIRE) == NULL)
        return;
    pthread_mutex_lock(&ExpRegionLock);
    for (a = 0; a < 2; a++) {
        SIZE_T end = ExpArenas[a].First + ExpArenas[a].Carved;
        for (page = ExpArenas[a].First; ok && page < end; page++) {
            UCHAR kind = ExpPageKind[page];
            PUCHAR at = ExpBase + page * EXP_PAGE;
            if (kind == EXP_PAGE_LARGE_HEAD) {
                ok = ExpCollectBlock((PEXP_POOL_HEADER)(at + EXP_PAGE - EXP_HDR), CallerLow,
                                     CallerHigh, &items, &count, &capacity);
            } else if (kind >= EXP_PAGE_SLAB && kind < EXP_PAGE_SLAB + EXP_NSLOTS) {
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
    }
    pthread_mutex_unlock(&ExpRegionLock);
    for (i = 0; i < count; i++)
        if (!Callback(&items[i], Context))
            break;
    free(items);
    if (i == count)
        VfSpecialPoolEnumerate(CallerLow, CallerHigh, Callback, Context);   /* its own books */
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
    PEXP_POOL_HEADER h;
    ULONG extent;

    if (VfIsSpecialPoolAddress(PoolBlock)) {
        *QuotaCharged = FALSE;
        return VfSpecialPoolBlockSize(PoolBlock);
    }
    h = ExpValidateBlock(PoolBlock, __builtin_return_address(0));
    extent = h->Extent & ~EXP_EXTENT_QUOTA;
    *QuotaCharged = (h->Extent & EXP_EXTENT_QUOTA) != 0;
    if (h->Class == EXP_CLASS_LARGE)
        return (SIZE_T)(extent - 1) * EXP_PAGE;
    return ExpClassSize[h->Class] - extent;
}
