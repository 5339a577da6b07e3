/*
 * PURPOSE: Driver Verifier's pool checks: special pool (flag 0x1), the verifier's forms of
 * pool misuse by a verified driver (0xC4/0x00-0x13), and pool tracking's leak check at
 * unload (flag 0x8, 0xC4/0x62 with the leaked allocations listed). docs/verifier.md.
 *
 * Special pool: one reservation of VF_SPECIAL_POOL_PAGES pages. A block takes whole pages
 * followed by a guard page that is never accessible; by default ("verify end") the data
 * ends where the guard begins (rounded up to 16 bytes, 64 for cache-aligned pool, as
 * Windows keeps pool aligned), so an overrun faults at once; KMODE_VERIFIER_SPECIAL_POOL
 * =start puts the data at the start of its first page instead ("verify start": underruns
 * fault on the guard page before it). The rest of the pages holds a fill pattern that is
 * checked when the block is freed. Freed pages become inaccessible and are reused only
 * when the allocation cursor has gone round the whole reservation. The page tables below
 * tell a fault handler what any page of the reservation is.
 */

/* INCLUDES ******************************************************************************/

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <internal/ex.h>
#include <internal/host.h>
#include <internal/ke.h>
#include <internal/ldr.h>
#include <internal/vfpool.h>
#include <internal/mm.h>

/* GLOBALS *******************************************************************************/

#define VFP_MAX_DATA_PAGES 16          /* bigger blocks come from the normal pool */
#define VFP_MAX_LIVE       16384       /* live blocks (each is a host mapping of its own) */
#define VFP_FILL           0xB3        /* the pattern around a block */
#define VFP_LEAKS_LISTED   16

/* What a page of the reservation is. */
#define VFP_PAGE_NEVER 0               /* never used (inaccessible) */
#define VFP_PAGE_DATA  1               /* a live block's page */
#define VFP_PAGE_GUARD 2               /* a live block's guard page */
#define VFP_PAGE_FREED 3               /* a freed block's page or guard (inaccessible) */
#define VFP_PAGE_OUT   4               /* a live paged block's page, paged out (0x2) */

typedef struct _VFP_BLOCK {
    PVOID Caller;                      /* return address of the allocating call */
    PUCHAR Data;                       /* what the allocator returned */
    SIZE_T Size;                       /* bytes requested */
    ULONG Tag;
    USHORT PoolType;
    UCHAR DataPages;
    UCHAR Live;
    ULONG NextPaged, PrevPaged;        /* list of live paged blocks (first pages; 0: end) */
} VFP_BLOCK;

PUCHAR volatile VfSpecialPoolBase;

static pthread_once_t VfpInitOnce = PTHREAD_ONCE_INIT;
static pthread_mutex_t VfpLock = PTHREAD_MUTEX_INITIALIZER;
static UCHAR VfpPageState[VF_SPECIAL_POOL_PAGES];
static ULONG VfpPageFirst[VF_SPECIAL_POOL_PAGES];      /* first page of the owning block */
static VFP_BLOCK VfpBlocks[VF_SPECIAL_POOL_PAGES];     /* by first page */
static ULONG VfpCursor = 1;                            /* page 0 stays inaccessible */
static ULONG VfpLiveCount;
static ULONG VfpPagedHead;                             /* live paged blocks (0: none) */

/* Special pool's own per-tag counters (the pool's tag tables never see its blocks), merged
   into the pool's figures (ExpPoolUsageByTag) and read by the debugger's !poolused. Open
   addressing by tag; a tag that finds no slot (more than VF_SPECIAL_POOL_TAGS tags) is not
   counted. Guarded by VfpLock. */
EXP_POOL_TAG_USAGE VfSpecialPoolTags[VF_SPECIAL_POOL_TAGS];
static BOOLEAN VfpTagsFullReported;

/* Reports build their text here (a bugcheck does not return; one at a time). */
static char VfpText[4096];

/* PRIVATE FUNCTIONS *********************************************************************/

static VOID VfpInitialize(VOID)
{
    PUCHAR Base = HostReserveAddressSpace((SIZE_T)VF_SPECIAL_POOL_PAGES * PAGE_SIZE);
    if (Base != NULL)
        MiNoteKernelRange((ULONG_PTR)Base, (ULONG_PTR)Base + (SIZE_T)VF_SPECIAL_POOL_PAGES * PAGE_SIZE);
    __atomic_store_n(&VfSpecialPoolBase, Base, __ATOMIC_RELEASE);
}

static inline ULONG VfpPageOf(const void *P)
{
    return (ULONG)(((const UCHAR *)P - VfSpecialPoolBase) / PAGE_SIZE);
}

static inline BOOLEAN VfpIsPaged(ULONG PoolType)
{
    return (PoolType & PagedPool) != 0;
}

/* Finds Pages free pages in a row from the cursor on (wrapping once). Lock held. */
static LONG VfpFindRun(ULONG Pages)
{
    ULONG Page = VfpCursor, Run = 0, Start = Page, Scanned = 0;

    while (Scanned++ < VF_SPECIAL_POOL_PAGES + Pages) {
        UCHAR State;
        if (Page >= VF_SPECIAL_POOL_PAGES) {
            Page = 1;
            Run = 0;
        }
        State = VfpPageState[Page];
        if (State == VFP_PAGE_DATA || State == VFP_PAGE_GUARD) {
            Run = 0;
        } else {
            if (Run++ == 0)
                Start = Page;
            if (Run == Pages) {
                VfpCursor = Start + Pages < VF_SPECIAL_POOL_PAGES ? Start + Pages : 1;
                return (LONG)Start;
            }
        }
        Page++;
    }
    return -1;
}

/* Counts an allocation (Delta 1) or a free (-1) of Size bytes under Tag. Lock held. */
static VOID VfpCountTag(ULONG Tag, ULONG PoolType, SIZE_T Size, int Delta)
{
    ULONG Kind = VfpIsPaged(PoolType) ? EXP_POOL_KIND_PAGED : EXP_POOL_KIND_NONPAGED;
    ULONG i = (Tag * 0x9E3779B1u) >> 22;     /* 10 bits: VF_SPECIAL_POOL_TAGS is 1024 */

    for (ULONG n = 0; n < VF_SPECIAL_POOL_TAGS; n++, i = (i + 1) % VF_SPECIAL_POOL_TAGS) {
        EXP_POOL_TAG_USAGE *Slot = &VfSpecialPoolTags[i];
        if (Slot->Tag != Tag && Slot->Tag != 0)
            continue;
        Slot->Tag = Tag;
        if (Delta > 0) {
            Slot->Allocs[Kind]++;
            Slot->Bytes[Kind] += Size;
        } else {
            Slot->Frees[Kind]++;
            Slot->Bytes[Kind] -= Size;
        }
        return;
    }
    if (!VfpTagsFullReported) {
        VfpTagsFullReported = TRUE;
        fprintf(stderr, "kmode: verifier: more than %u pool tags in special pool; the usage "
                "by tag misses some\n", VF_SPECIAL_POOL_TAGS);
    }
}

/* "Tag " from a pool tag (its bytes in memory order), non-printable bytes as '.'. */
static VOID VfpTagText(ULONG Tag, char Text[5])
{
    for (int i = 0; i < 4; i++) {
        UCHAR c = (UCHAR)(Tag >> (8 * i));
        Text[i] = c >= 0x20 && c < 0x7F ? (char)c : '.';
    }
    Text[4] = 0;
}

/* "module!function+0xoff (file:line)" for a return address. */
static int VfpCallSite(char *Buffer, SIZE_T Capacity, PVOID Caller)
{
    HOST_SYMBOL Symbol;

    if (Caller == NULL || !HostSymbolizeEx(Caller, HOST_SYMBOLIZE_RETURN_ADDRESS, &Symbol))
        return snprintf(Buffer, Capacity, "%p", Caller);
    if (Symbol.File != NULL)
        return snprintf(Buffer, Capacity, "%s!%s+0x%lx (%s:%d)",
                        Symbol.ModuleName ? Symbol.ModuleName : "?",
                        Symbol.Function ? Symbol.Function : "?", (unsigned long)Symbol.Offset,
                        Symbol.File, Symbol.Line);
    return snprintf(Buffer, Capacity, "%s!%s+0x%lx", Symbol.ModuleName ? Symbol.ModuleName : "?",
                    Symbol.Function ? Symbol.Function : "?", (unsigned long)Symbol.Offset);
}

static PVOID VfpSpecialAllocate(SIZE_T Size, ULONG Tag, ULONG PoolType, BOOLEAN Zero,
                                PVOID Caller)
{
    const char *Mode = HostGetEnvironment("KMODE_VERIFIER_SPECIAL_POOL");
    SIZE_T Align = (PoolType & NonPagedPoolCacheAligned) ? 64 : 16;
    SIZE_T Rounded = (Size + Align - 1) & ~(Align - 1);
    ULONG DataPages = (ULONG)((Rounded + PAGE_SIZE - 1) / PAGE_SIZE), i;
    PUCHAR Base, Data;
    VFP_BLOCK *Block;
    LONG First;

    if (Size == 0 || Size > VFP_MAX_DATA_PAGES * PAGE_SIZE)
        return NULL;
    pthread_once(&VfpInitOnce, VfpInitialize);
    if (VfSpecialPoolBase == NULL)
        return NULL;
    pthread_mutex_lock(&VfpLock);
    First = VfpLiveCount < VFP_MAX_LIVE ? VfpFindRun(DataPages + 1) : -1;
    if (First < 0) {
        pthread_mutex_unlock(&VfpLock);
        return NULL;            /* special pool is full: normal pool, as on Windows */
    }
    Base = VfSpecialPoolBase + (SIZE_T)First * PAGE_SIZE;
    if (!HostCommitMemory(Base, (SIZE_T)DataPages * PAGE_SIZE)) {
        pthread_mutex_unlock(&VfpLock);
        return NULL;
    }
    memset(Base, VFP_FILL, (SIZE_T)DataPages * PAGE_SIZE);
    if (Mode != NULL && strcmp(Mode, "start") == 0)
        Data = Base;
    else
        Data = Base + (SIZE_T)DataPages * PAGE_SIZE - Rounded;
    if (Zero)
        memset(Data, 0, Size);
    for (i = 0; i <= DataPages; i++) {
        VfpPageFirst[First + i] = (ULONG)First;
        __atomic_store_n(&VfpPageState[First + i], i < DataPages ? VFP_PAGE_DATA : VFP_PAGE_GUARD,
                         __ATOMIC_RELAXED);
    }
    Block = &VfpBlocks[First];
    Block->Caller = Caller;
    Block->Data = Data;
    Block->Size = Size;
    Block->Tag = Tag;
    Block->PoolType = (USHORT)PoolType;
    Block->DataPages = (UCHAR)DataPages;
    Block->Live = 1;
    VfpLiveCount++;
    VfpCountTag(Tag, PoolType, Size, 1);
    if (VfpIsPaged(PoolType)) {
        Block->PrevPaged = 0;
        Block->NextPaged = VfpPagedHead;
        if (VfpPagedHead != 0)
            VfpBlocks[VfpPagedHead].PrevPaged = (ULONG)First;
        VfpPagedHead = (ULONG)First;
    }
    pthread_mutex_unlock(&VfpLock);
    return Data;
}

/* Makes a paged-out block accessible again (its pages hold what they held). Lock held. */
static VOID VfpPageIn(ULONG First)
{
    VFP_BLOCK *Block = &VfpBlocks[First];

    if (VfpPageState[First] != VFP_PAGE_OUT)
        return;
    HostCommitMemory(VfSpecialPoolBase + (SIZE_T)First * PAGE_SIZE,
                     (SIZE_T)Block->DataPages * PAGE_SIZE);
    for (ULONG i = 0; i < Block->DataPages; i++)
        __atomic_store_n(&VfpPageState[First + i], VFP_PAGE_DATA, __ATOMIC_RELAXED);
}

/* The first byte of [From, To) that is not the fill pattern, or NULL. */
static PUCHAR VfpFindDamage(PUCHAR From, PUCHAR To)
{
    for (; From < To; From++)
        if (*From != VFP_FILL)
            return From;
    return NULL;
}

/* ---- Pool tracking: the leak check at unload ------------------------------------------ */

typedef struct _VFP_LEAKS {
    ULONG Count;
    SIZE_T Bytes;
    PVOID FirstCaller;
    int Length;                        /* of VfpText so far */
} VFP_LEAKS;

static VOID VfpListLeak(VFP_LEAKS *Leaks, PVOID Address, SIZE_T Size, ULONG Tag, ULONG PoolType,
                        PVOID Caller, BOOLEAN Special)
{
    char TagText[5], Site[512];

    if (Leaks->Count++ == 0)
        Leaks->FirstCaller = Caller;
    Leaks->Bytes += Size;
    if (Leaks->Count > VFP_LEAKS_LISTED || Leaks->Length >= (int)sizeof(VfpText) - 1)
        return;
    VfpTagText(Tag, TagText);
    VfpCallSite(Site, sizeof(Site), Caller);
    Leaks->Length += snprintf(VfpText + Leaks->Length, sizeof(VfpText) - (SIZE_T)Leaks->Length,
                              "  %p  tag '%s'  %6lu bytes  %s%s  allocated at %s\n", Address,
                              TagText, (unsigned long)Size,
                              VfpIsPaged(PoolType) ? "Paged" : "NonPaged",
                              Special ? " (special pool)" : "", Site);
    if (Leaks->Length > (int)sizeof(VfpText) - 1)
        Leaks->Length = (int)sizeof(VfpText) - 1;
}

static BOOLEAN VfpCollectLeak(const EXP_POOL_BLOCK_INFO *Block, PVOID Context)
{
    VfpListLeak(Context, Block->Address, Block->Size, Block->Tag, (ULONG)Block->PoolType,
                Block->Caller, VfIsSpecialPoolAddress(Block->Address));
    return TRUE;
}

typedef struct _VFP_NAME_QUERY {
    PDRIVER_OBJECT Driver;
    PWCHAR Name;                       /* VF_MAX_NAME_CHARS */
} VFP_NAME_QUERY;

static BOOLEAN VfpCopyDriverName(const VF_DRIVER_INFO *Info, PVOID Context)
{
    VFP_NAME_QUERY *Query = Context;

    if (Info->Driver != Query->Driver)
        return TRUE;
    memcpy(Query->Name, Info->Name, sizeof(Info->Name));
    Query->Name[VF_MAX_NAME_CHARS - 1] = 0;
    return FALSE;
}

/* Pool tracking's end-of-life check: the driver's image goes while pool it allocated is
   still allocated. 0xC4/0x62 (driver name, verifier data: the driver object, count). */
static VOID VfpPoolUnloadCheck(PDRIVER_OBJECT Driver, ULONG Flags, ULONG_PTR Low, ULONG_PTR High)
{
    VFP_LEAKS Leaks;
    PKLDR_DATA_TABLE_ENTRY Image;
    PUNICODE_STRING Name;
    char DriverName[VF_MAX_NAME_CHARS];
    ULONG i;

    if (!(Flags & VF_FLAG_POOL_TRACKING) || Low >= High)
        return;
    memset(&Leaks, 0, sizeof(Leaks));
    /* The image's name (Arg2 points at it); a driver object without an image (kmode's own
       tests make such objects, with a DriverSection cookie that is no loader record) gives
       the name the verifier matched it by ("<service>.sys"): its object name is freed by
       now. */
    Image = VfDriverImage(Driver);
    if (Image != NULL) {
        Name = &Image->BaseDllName;
    } else {
        static WCHAR NameBuffer[VF_MAX_NAME_CHARS];
        static UNICODE_STRING NoImageName;
        NameBuffer[0] = 0;
        VfEnumerateDrivers(VfpCopyDriverName, &(VFP_NAME_QUERY){ Driver, NameBuffer });
        RtlInitUnicodeString(&NoImageName, NameBuffer);
        Name = &NoImageName;
    }
    for (i = 0; i < Name->Length / sizeof(WCHAR) && i < VF_MAX_NAME_CHARS - 1; i++)
        DriverName[i] = Name->Buffer[i] < 0x80 ? (char)Name->Buffer[i] : '?';
    DriverName[i] = 0;
    Leaks.Length = snprintf(VfpText, sizeof(VfpText),
                            "%s is unloading while pool it allocated is still allocated "
                            "(pool tracking). The leaked allocations:\n", DriverName);
    ExpEnumerateOutstanding(Low, High, VfpCollectLeak, &Leaks);   /* special pool too */
    if (Leaks.Count == 0)
        return;
    if (Leaks.Count > VFP_LEAKS_LISTED && Leaks.Length < (int)sizeof(VfpText) - 1)
        snprintf(VfpText + Leaks.Length, sizeof(VfpText) - (SIZE_T)Leaks.Length,
                 "  ... and %lu more (%lu bytes in all)\n",
                 (unsigned long)(Leaks.Count - VFP_LEAKS_LISTED), (unsigned long)Leaks.Bytes);
    KiBugCheck(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x62, (ULONG_PTR)Name, (ULONG_PTR)Driver,
               Leaks.Count, Leaks.FirstCaller, VfpText);
}

__attribute__((constructor)) static VOID VfpRegisterPoolChecks(VOID)
{
    VfRegisterUnloadCheck(VfpPoolUnloadCheck);
}

/* PUBLIC FUNCTIONS (internal) ***********************************************************/

BOOLEAN VfPoolAllocate(SIZE_T Size, ULONG Tag, ULONG PoolType, BOOLEAN Zero, PVOID Caller,
                       PVOID *Block)
{
    ULONG Flags = VfAddressFlags(Caller);
    PVOID P;

    if (Flags == 0)
        return FALSE;
    if (Size == 0)
        KiBugCheck(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x00, KeGetCurrentIrql(), PoolType, 0,
                   Caller, "A verified driver asked for a pool block of zero bytes.");
    if ((Flags & VF_FLAGS_ANY_LOW_RESOURCES) && VfLowResourcesShouldFail(Caller, Tag)) {
        *Block = NULL;
        return TRUE;
    }
    /* Special pool; paged pool of a driver with force IRQL checking too (its pages are
       what that check pages out). */
    if ((Flags & VF_FLAG_SPECIAL_POOL) ||
        ((Flags & VF_FLAG_FORCE_IRQL_CHECKING) && VfpIsPaged(PoolType))) {
        P = VfpSpecialAllocate(Size, Tag, PoolType, Zero, Caller);
        if (P != NULL) {
            *Block = P;
            return TRUE;
        }
    }
    return FALSE;
}

VOID VfSpecialPoolFree(PVOID P, ULONG Tag, PVOID Caller)
{
    ULONG Page = VfpPageOf(P), First, i;
    KIRQL Irql = KeGetCurrentIrql();
    SIZE_T Rounded;
    PUCHAR Base, End, Damage;
    VFP_BLOCK Block;

    pthread_mutex_lock(&VfpLock);
    if (VfpPageState[Page] != VFP_PAGE_DATA && VfpPageState[Page] != VFP_PAGE_OUT) {
        pthread_mutex_unlock(&VfpLock);
        KiBugCheck(SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION, (ULONG_PTR)P, 0, 0, 0x20, Caller,
                   VfpPageState[Page] == VFP_PAGE_FREED
                       ? "The special pool block was already freed (double free)."
                       : "The address is in special pool but no allocation returned it.");
    }
    First = VfpPageFirst[Page];
    VfpPageIn(First);
    Block = VfpBlocks[First];
    pthread_mutex_unlock(&VfpLock);
    Base = VfSpecialPoolBase + (SIZE_T)First * PAGE_SIZE;
    End = Base + (SIZE_T)Block.DataPages * PAGE_SIZE;
    Rounded = (SIZE_T)(End - Block.Data);
    if ((PUCHAR)P != Block.Data)
        KiBugCheck(SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION, (ULONG_PTR)P, Block.Size, Rounded,
                   0x21, Caller, "The address freed lies inside a special pool block, not at "
                   "its start.");
    if (Tag != 0 && Tag != Block.Tag)
        KiBugCheck(BAD_POOL_CALLER, 0x0A, (ULONG_PTR)P, Block.Tag, Tag, Caller, NULL);
    if (Irql > DISPATCH_LEVEL || (Irql > APC_LEVEL && VfpIsPaged(Block.PoolType))) {
        if (VfAddressFlags(Caller) != 0)
            KiBugCheck(DRIVER_VERIFIER_DETECTED_VIOLATION, VfpIsPaged(Block.PoolType) ? 0x11 : 0x12,
                       Irql, Block.PoolType, (ULONG_PTR)P, Caller, NULL);
        KiBugCheck(SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION, Irql, Block.PoolType, (ULONG_PTR)P,
                   0x31, Caller, NULL);
    }
    Damage = VfpFindDamage(Base, Block.Data);
    if (Damage != NULL) {
        snprintf(VfpText, sizeof(VfpText), "The byte at %p, %lu bytes before the %lu-byte block "
                 "at %p, was overwritten (a buffer underrun).", (void *)Damage,
                 (unsigned long)(Block.Data - Damage), (unsigned long)Block.Size, P);
        KiBugCheck(SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION, (ULONG_PTR)P, (ULONG_PTR)Damage, 0,
                   0x23, Caller, VfpText);
    }
    Damage = VfpFindDamage(Block.Data + Block.Size, End);
    if (Damage != NULL) {
        snprintf(VfpText, sizeof(VfpText), "The byte at %p, %lu bytes past the end of the "
                 "%lu-byte block at %p, was overwritten (a buffer overrun too small to reach "
                 "the guard page).", (void *)Damage,
                 (unsigned long)(Damage - (Block.Data + Block.Size)), (unsigned long)Block.Size, P);
        KiBugCheck(SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION, (ULONG_PTR)P, (ULONG_PTR)Damage, 0,
                   0x24, Caller, VfpText);
    }
    pthread_mutex_lock(&VfpLock);
    for (i = 0; i <= Block.DataPages; i++)
        __atomic_store_n(&VfpPageState[First + i], VFP_PAGE_FREED, __ATOMIC_RELAXED);
    VfpBlocks[First].Live = 0;
    VfpLiveCount--;
    VfpCountTag(Block.Tag, Block.PoolType, Block.Size, -1);
    if (VfpIsPaged(Block.PoolType)) {
        ULONG Prev = VfpBlocks[First].PrevPaged, Next = VfpBlocks[First].NextPaged;
        if (Prev != 0)
            VfpBlocks[Prev].NextPaged = Next;
        else
            VfpPagedHead = Next;
        if (Next != 0)
            VfpBlocks[Next].PrevPaged = Prev;
    }
    HostDecommitMemory(Base, (SIZE_T)Block.DataPages * PAGE_SIZE);
    pthread_mutex_unlock(&VfpLock);
}

EXP_POOL_TAG_USAGE *VfSpecialPoolTagUsage(EXP_POOL_TAG_USAGE *Usage, ULONG *Count)
{
    ULONG n = *Count, Extra = 0, i, j;
    EXP_POOL_TAG_USAGE *Out;

    if (VfSpecialPoolBase == NULL)
        return Usage;
    pthread_mutex_lock(&VfpLock);
    for (i = 0; i < VF_SPECIAL_POOL_TAGS; i++)
        Extra += VfSpecialPoolTags[i].Tag != 0;
    Out = Extra != 0 ? realloc(Usage, (n + Extra) * sizeof(*Out)) : Usage;
    if (Out == NULL) {
        pthread_mutex_unlock(&VfpLock);
        return Usage;         /* out of memory: the pool's own figures only */
    }
    for (i = 0; i < VF_SPECIAL_POOL_TAGS; i++) {
        const EXP_POOL_TAG_USAGE *Tag = &VfSpecialPoolTags[i];
        if (Tag->Tag == 0)
            continue;
        for (j = 0; j < n && Out[j].Tag != Tag->Tag; j++)
            ;
        if (j == n) {
            memset(&Out[n], 0, sizeof(Out[n]));
            Out[n++].Tag = Tag->Tag;
        }
        for (ULONG k = 0; k < EXP_POOL_KINDS; k++) {
            Out[j].Allocs[k] += Tag->Allocs[k];
            Out[j].Frees[k] += Tag->Frees[k];
            Out[j].Bytes[k] += Tag->Bytes[k];
        }
    }
    pthread_mutex_unlock(&VfpLock);
    *Count = n;
    return Out;
}

VOID VfSpecialPoolEnumerate(ULONG_PTR CallerLow, ULONG_PTR CallerHigh,
                            PEXP_POOL_BLOCK_CALLBACK Callback, PVOID Context)
{
    EXP_POOL_BLOCK_INFO *Items;
    ULONG Count = 0, i;

    if (VfSpecialPoolBase == NULL)
        return;
    /* A snapshot, so that the callback may free the blocks (VfSpecialPoolFree locks). */
    pthread_mutex_lock(&VfpLock);
    Items = VfpLiveCount != 0 ? malloc(VfpLiveCount * sizeof(*Items)) : NULL;
    for (i = 1; Items != NULL && i < VF_SPECIAL_POOL_PAGES && Count < VfpLiveCount; i++) {
        const VFP_BLOCK *Block = &VfpBlocks[i];
        if ((VfpPageState[i] != VFP_PAGE_DATA && VfpPageState[i] != VFP_PAGE_OUT) ||
            VfpPageFirst[i] != i || !Block->Live ||
            (ULONG_PTR)Block->Caller < CallerLow || (ULONG_PTR)Block->Caller >= CallerHigh)
            continue;
        Items[Count].Address = Block->Data;
        Items[Count].Size = Block->Size;
        Items[Count].Tag = Block->Tag;
        Items[Count].PoolType = (POOL_TYPE)Block->PoolType;
        Items[Count].Caller = Block->Caller;
        Count++;
    }
    pthread_mutex_unlock(&VfpLock);
    for (i = 0; i < Count; i++)
        if (!Callback(&Items[i], Context))
            break;
    free(Items);
}

SIZE_T VfSpecialPoolBlockSize(PVOID P)
{
    ULONG Page = VfpPageOf(P);
    SIZE_T Size = 0;

    pthread_mutex_lock(&VfpLock);
    if ((VfpPageState[Page] == VFP_PAGE_DATA || VfpPageState[Page] == VFP_PAGE_OUT) &&
        VfpBlocks[VfpPageFirst[Page]].Data == (PUCHAR)P)
        Size = VfpBlocks[VfpPageFirst[Page]].Size;
    pthread_mutex_unlock(&VfpLock);
    if (Size == 0)
        KiBugCheck(SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION, (ULONG_PTR)P, 0, 0, 0x20,
                   __builtin_return_address(0), NULL);
    return Size;
}

BOOLEAN VfSpecialPoolFault(ULONG_PTR Address, ULONG_PTR Access, PVOID FaultPc)
{
    ULONG Page, Code;
    UCHAR State;
    BOOLEAN Driver, Freed;
    const VFP_BLOCK *Block = NULL;
    char TagText[5];
    KIRQL Irql;

    if (!VfIsSpecialPoolAddress((const void *)Address))
        return FALSE;
    Page = VfpPageOf((const void *)Address);
    State = __atomic_load_n(&VfpPageState[Page], __ATOMIC_RELAXED);
    /* The driver that made the access is known when the faulting code is a driver's
       (0xD5/0xD6, 0xD1); otherwise the system did (0xCC/0xCD, 0xA). */
    Driver = VfAddressDriver(FaultPc) != NULL;
    if (State == VFP_PAGE_OUT) {
        Irql = KeGetCurrentIrql();
        if (Irql < DISPATCH_LEVEL) {
            pthread_mutex_lock(&VfpLock);
            VfpPageIn(VfpPageFirst[Page]);
            pthread_mutex_unlock(&VfpLock);
            return TRUE;        /* paged in, as Windows would: run the access again */
        }
        Block = &VfpBlocks[VfpPageFirst[Page]];
        VfpTagText(Block->Tag, TagText);
        snprintf(VfpText, sizeof(VfpText), "The %s at %p touched the paged pool block at %p "
                 "(%lu bytes, tag '%s') at IRQL %u. Paged pool may be paged out: touch it "
                 "only below DISPATCH_LEVEL (force IRQL checking pages it out whenever a "
                 "verified driver raises IRQL).", Access == 1 ? "write" : "read", (void *)Address,
                 (void *)Block->Data, (unsigned long)Block->Size, TagText, (unsigned)Irql);
        KiBugCheckAtFault(Driver ? DRIVER_IRQL_NOT_LESS_OR_EQUAL : IRQL_NOT_LESS_OR_EQUAL, Address,
                          Irql, Access == 1 ? 1 : Access == 8 ? 8 : 0, (ULONG_PTR)FaultPc, FaultPc,
                          VfpText);
    }
    if (State == VFP_PAGE_DATA)
        return FALSE;           /* an accessible page: not special pool's fault */
    Freed = State == VFP_PAGE_FREED;
    Code = Freed ? (Driver ? DRIVER_PAGE_FAULT_IN_FREED_SPECIAL_POOL : PAGE_FAULT_IN_FREED_SPECIAL_POOL)
                 : (Driver ? DRIVER_PAGE_FAULT_BEYOND_END_OF_ALLOCATION
                           : PAGE_FAULT_BEYOND_END_OF_ALLOCATION);
    if (State != VFP_PAGE_NEVER)
        Block = &VfpBlocks[VfpPageFirst[Page]];
    if (Block != NULL && Freed) {
        VfpTagText(Block->Tag, TagText);
        snprintf(VfpText, sizeof(VfpText), "The %s at %p is in the %lu-byte special pool block "
                 "at %p (tag '%s'), which was freed: a use after free.",
                 Access == 1 ? "write" : "read", (void *)Address, (unsigned long)Block->Size,
                 (void *)Block->Data, TagText);
    } else if (Block != NULL && Address >= (ULONG_PTR)Block->Data) {
        VfpTagText(Block->Tag, TagText);
        snprintf(VfpText, sizeof(VfpText), "The %s at %p is %lu bytes past the end of the "
                 "%lu-byte special pool block at %p (tag '%s'): a buffer overrun.",
                 Access == 1 ? "write" : "read", (void *)Address,
                 (unsigned long)(Address - (ULONG_PTR)Block->Data - Block->Size),
                 (unsigned long)Block->Size, (void *)Block->Data, TagText);
    } else {
        snprintf(VfpText, sizeof(VfpText), "The %s at %p hit a special pool guard page: a "
                 "buffer overrun or underrun.", Access == 1 ? "write" : "read", (void *)Address);
    }
    KiBugCheckAtFault(Code, Address, Access == 1 ? 1 : 0, (ULONG_PTR)FaultPc, 0, FaultPc, VfpText);
}

VOID VfForceIrqlTrim(PVOID Caller)
{
    if (!(VfAddressFlags(Caller) & VF_FLAG_FORCE_IRQL_CHECKING))
        return;
    /* Pageable code first (every driver image's PAGE sections, src/mm/mmmisc.c), then
       paged pool: Windows trims all pageable system memory. */
    MmpTrimPageableSections();
    if (__atomic_load_n(&VfpPagedHead, __ATOMIC_RELAXED) == 0)
        return;
    pthread_mutex_lock(&VfpLock);
    for (ULONG First = VfpPagedHead; First != 0; First = VfpBlocks[First].NextPaged) {
        VFP_BLOCK *Block = &VfpBlocks[First];
        if (VfpPageState[First] != VFP_PAGE_DATA)
            continue;           /* out already */
        for (ULONG i = 0; i < Block->DataPages; i++)
            __atomic_store_n(&VfpPageState[First + i], VFP_PAGE_OUT, __ATOMIC_RELAXED);
        HostProtectNoAccess(VfSpecialPoolBase + (SIZE_T)First * PAGE_SIZE,
                            (SIZE_T)Block->DataPages * PAGE_SIZE);
    }
    pthread_mutex_unlock(&VfpLock);
}

VOID VfBadPoolCaller(ULONG_PTR Sub, ULONG_PTR P2, ULONG_PTR P3, ULONG_PTR P4, PVOID Caller)
{
    if (VfAddressFlags(Caller) == 0)
        return;
    switch (Sub) {
    case 0x08:          /* allocation at a bad IRQL: IRQL, pool type, size */
        KiBugCheck(DRIVER_VERIFIER_DETECTED_VIOLATION, VfpIsPaged((ULONG)P3) ? 0x01 : 0x02, P2, P3,
                   P4, Caller, NULL);
    case 0x09:          /* free at a bad IRQL: IRQL, pool type, address */
        KiBugCheck(DRIVER_VERIFIER_DETECTED_VIOLATION, VfpIsPaged((ULONG)P3) ? 0x11 : 0x12, P2, P3,
                   P4, Caller, NULL);
    case 0x42:          /* an address no allocation returned */
    case 0x99:
        KiBugCheck(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x10, P2, 0, 0, Caller, NULL);
    case 0x07:          /* already freed: 0, header contents, address. kmode's pool header
                           is the 32 bytes before the block. */
        KiBugCheck(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x13, 0, P4 - 32, P3, Caller, NULL);
    default:
        return;
    }
}
