/*
 * PURPOSE: Heaps (GetProcessHeap, HeapCreate/Destroy/Alloc/ReAlloc/Free/Size/Validate) and
 * the Local/Global memory functions built on the process heap.
 *
 * A block is host memory (malloc) with a 48-byte header in front, so the caller's pointer
 * is 16-byte aligned as on Windows x64. Every live block is also in a set of addresses, so
 * a pointer the heap did not hand out (or handed out and took back) is recognized without
 * touching memory that may not be there: the call fails instead of corrupting anything.
 * Windows 8 and later end the process on such heap corruption; kmode fails the call
 * (ERROR_INVALID_PARAMETER) so a test can see it. One lock guards all heaps: the Win32
 * heap is not on kmode's hot paths.
 *
 * LMEM_MOVEABLE memory has a handle distinct from the pointer: the handle is a small block
 * of the process heap holding the data pointer (Windows' handle also points at the data
 * pointer), and LocalLock reads it. kmode never moves or discards a block.
 */

/* INCLUDES ******************************************************************************/

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <internal/win32.h>

/* GLOBALS *******************************************************************************/

#define BASEP_HEAP_MAGIC        0x70616548u   /* "Heap" */
#define BASEP_BLOCK_MAGIC       0x6B6F6C42u   /* "Blok" */
#define BASEP_NONGROWABLE_LIMIT 0x7FFF8       /* largest block of a fixed-size heap */
#define BASEP_HEAP_CREATE_FLAGS (HEAP_NO_SERIALIZE | HEAP_GENERATE_EXCEPTIONS | \
                                 HEAP_CREATE_ENABLE_EXECUTE | HEAP_GROWABLE)

/* LocalAlloc's kinds of block. */
#define BASEP_BLOCK_PLAIN       0
#define BASEP_BLOCK_MOVEABLE    1   /* the data of LMEM_MOVEABLE memory */
#define BASEP_BLOCK_HANDLE      2   /* the handle of LMEM_MOVEABLE memory: holds the pointer */

typedef struct _BASEP_HEAP {
    ULONG Magic;
    ULONG Flags;
    SIZE_T MaximumSize;            /* 0: growable */
    SIZE_T InUse;                  /* bytes of live blocks */
    LIST_ENTRY Blocks;
    LIST_ENTRY Link;               /* in BasepHeaps */
} BASEP_HEAP, *PBASEP_HEAP;

typedef struct _BASEP_BLOCK {
    LIST_ENTRY Link;               /* in its heap's Blocks */
    PBASEP_HEAP Heap;
    SIZE_T Size;
    ULONG Magic;
    ULONG Kind;                    /* BASEP_BLOCK_* */
    ULONG LockCount;               /* LocalLock count of a BASEP_BLOCK_HANDLE */
    ULONG Reserved;
} BASEP_BLOCK, *PBASEP_BLOCK;

C_ASSERT(sizeof(BASEP_BLOCK) % 16 == 0);

static pthread_mutex_t BasepHeapLock = PTHREAD_MUTEX_INITIALIZER;
static BASEP_HEAP BasepProcessHeap = {
    BASEP_HEAP_MAGIC, HEAP_GROWABLE, 0, 0,
    { &BasepProcessHeap.Blocks, &BasepProcessHeap.Blocks },
    { &BasepProcessHeap.Link, &BasepProcessHeap.Link },
};

/* The set of live block addresses (the caller's pointers): open addressing. */
#define BASEP_TOMBSTONE ((PVOID)(ULONG_PTR)1)
static PVOID *BasepLive;
static SIZE_T BasepLiveCapacity, BasepLiveUsed;   /* Used counts tombstones too */

/* PRIVATE FUNCTIONS *********************************************************************/

static SIZE_T BasepHash(PVOID p, SIZE_T Capacity)
{
    ULONG_PTR v = (ULONG_PTR)p >> 4;
    v *= 0x9E3779B97F4A7C15ULL;
    return (SIZE_T)(v >> 17) & (Capacity - 1);
}

static BOOL BasepLiveInsert(PVOID p)
{
    if ((BasepLiveUsed + 1) * 2 >= BasepLiveCapacity) {
        SIZE_T NewCapacity = BasepLiveCapacity ? BasepLiveCapacity * 2 : 256;
        PVOID *Table = calloc(NewCapacity, sizeof(PVOID));
        SIZE_T Used = 0;
        if (Table == NULL)
            return FALSE;
        for (SIZE_T i = 0; i < BasepLiveCapacity; i++) {
            PVOID Key = BasepLive[i];
            if (Key != NULL && Key != BASEP_TOMBSTONE) {
                SIZE_T j = BasepHash(Key, NewCapacity);
                while (Table[j] != NULL)
                    j = (j + 1) & (NewCapacity - 1);
                Table[j] = Key;
                Used++;
            }
        }
        free(BasepLive);
        BasepLive = Table;
        BasepLiveCapacity = NewCapacity;
        BasepLiveUsed = Used;
    }
    SIZE_T i = BasepHash(p, BasepLiveCapacity);
    while (BasepLive[i] != NULL && BasepLive[i] != BASEP_TOMBSTONE)
        i = (i + 1) & (BasepLiveCapacity - 1);
    if (BasepLive[i] == NULL)
        BasepLiveUsed++;
    BasepLive[i] = p;
    return TRUE;
}

static SIZE_T BasepLiveFind(LPCVOID p)
{
    if (BasepLiveCapacity == 0 || p == NULL || p == BASEP_TOMBSTONE)
        return (SIZE_T)-1;
    for (SIZE_T i = BasepHash((PVOID)p, BasepLiveCapacity);; i = (i + 1) & (BasepLiveCapacity - 1)) {
        if (BasepLive[i] == NULL)
            return (SIZE_T)-1;
        if (BasepLive[i] == p)
            return i;
    }
}

static PVOID BasepUser(PBASEP_BLOCK Block)
{
    return Block + 1;
}

/* The live block behind a caller's pointer (of Heap when given), or NULL. Lock held. */
static PBASEP_BLOCK BasepLookup(PBASEP_HEAP Heap, LPCVOID Memory)
{
    PBASEP_BLOCK Block;

    if (BasepLiveFind(Memory) == (SIZE_T)-1)
        return NULL;
    Block = (PBASEP_BLOCK)Memory - 1;
    if (Heap != NULL && Block->Heap != Heap)
        return NULL;
    return Block;
}

/* Is Handle a live heap? Lock held. */
static PBASEP_HEAP BasepCheckHeap(HANDLE Handle)
{
    PLIST_ENTRY Entry = BasepProcessHeap.Link.Flink;

    if (Handle == (HANDLE)&BasepProcessHeap)
        return &BasepProcessHeap;
    for (; Entry != &BasepProcessHeap.Link; Entry = Entry->Flink)
        if ((HANDLE)CONTAINING_RECORD(Entry, BASEP_HEAP, Link) == Handle)
            return (PBASEP_HEAP)Handle;
    return NULL;
}

/* New block of Bytes in Heap (lock held). NULL: no memory, or a fixed-size heap is full. */
static PBASEP_BLOCK BasepAllocate(PBASEP_HEAP Heap, SIZE_T Bytes, BOOL Zero, ULONG Kind)
{
    PBASEP_BLOCK Block;

    if (Bytes > (SIZE_T)MAXLONGLONG - sizeof(BASEP_BLOCK))
        return NULL;
    if (Heap->MaximumSize != 0 &&
        (Bytes > BASEP_NONGROWABLE_LIMIT || Heap->InUse + Bytes > Heap->MaximumSize))
        return NULL;
    Block = Zero ? calloc(1, sizeof(BASEP_BLOCK) + Bytes) : malloc(sizeof(BASEP_BLOCK) + Bytes);
    if (Block == NULL)
        return NULL;
    if (!BasepLiveInsert(BasepUser(Block))) {
        free(Block);
        return NULL;
    }
    Block->Heap = Heap;
    Block->Size = Bytes;
    Block->Magic = BASEP_BLOCK_MAGIC;
    Block->Kind = Kind;
    Block->LockCount = 0;
    Block->Reserved = 0;
    InsertTailList(&Heap->Blocks, &Block->Link);
    Heap->InUse += Bytes;
    return Block;
}

static VOID BasepRelease(PBASEP_BLOCK Block)
{
    SIZE_T i = BasepLiveFind(BasepUser(Block));

    BasepLive[i] = BASEP_TOMBSTONE;
    RemoveEntryList(&Block->Link);
    Block->Heap->InUse -= Block->Size;
    Block->Magic = 0;
    free(Block);
}

/* Resizes Block (lock held). InPlace: only if it need not move (shrinking). Returns the
   block (maybe moved) or NULL, the old one untouched. */
static PBASEP_BLOCK BasepResize(PBASEP_BLOCK Block, SIZE_T Bytes, BOOL Zero, BOOL InPlace)
{
    PBASEP_HEAP Heap = Block->Heap;
    PBASEP_BLOCK New;
    SIZE_T Old = Block->Size;

    if (Bytes <= Old) {
        Heap->InUse -= Old - Bytes;
        Block->Size = Bytes;
        return Block;
    }
    if (InPlace)
        return NULL;
    if (Heap->MaximumSize != 0 && Heap->InUse - Old + Bytes > Heap->MaximumSize)
        return NULL;
    New = BasepAllocate(Heap, Bytes, FALSE, Block->Kind);
    if (New == NULL)
        return NULL;
    memcpy(BasepUser(New), BasepUser(Block), Old);
    if (Zero)
        memset((PUCHAR)BasepUser(New) + Old, 0, Bytes - Old);
    New->LockCount = Block->LockCount;
    BasepRelease(Block);
    return New;
}

static DECLSPEC_NORETURN VOID BasepRaiseNoMemory(VOID)
{
    ExRaiseStatus(STATUS_NO_MEMORY);
}

/* PUBLIC FUNCTIONS **********************************************************************/

/* @implemented: see win/process.h. */
HANDLE WINAPI GetProcessHeap(VOID)
{
    return (HANDLE)&BasepProcessHeap;
}

/* @implemented */
HANDLE WINAPI HeapCreate(DWORD flOptions, SIZE_T dwInitialSize, SIZE_T dwMaximumSize)
{
    PBASEP_HEAP Heap;

    if ((flOptions & ~BASEP_HEAP_CREATE_FLAGS) ||
        (dwMaximumSize != 0 && dwInitialSize > dwMaximumSize)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    Heap = calloc(1, sizeof(*Heap));
    if (Heap == NULL) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    Heap->Magic = BASEP_HEAP_MAGIC;
    Heap->Flags = flOptions | (dwMaximumSize == 0 ? HEAP_GROWABLE : 0);
    Heap->MaximumSize = dwMaximumSize;
    InitializeListHead(&Heap->Blocks);
    pthread_mutex_lock(&BasepHeapLock);
    InsertTailList(&BasepProcessHeap.Link, &Heap->Link);
    pthread_mutex_unlock(&BasepHeapLock);
    return (HANDLE)Heap;
}

/* @implemented */
BOOL WINAPI HeapDestroy(HANDLE hHeap)
{
    PBASEP_HEAP Heap;

    pthread_mutex_lock(&BasepHeapLock);
    Heap = BasepCheckHeap(hHeap);
    if (Heap == NULL || Heap == &BasepProcessHeap) {
        pthread_mutex_unlock(&BasepHeapLock);
        SetLastError(Heap == NULL ? ERROR_INVALID_HANDLE : ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    while (!IsListEmpty(&Heap->Blocks))
        BasepRelease(CONTAINING_RECORD(Heap->Blocks.Flink, BASEP_BLOCK, Link));
    RemoveEntryList(&Heap->Link);
    Heap->Magic = 0;
    pthread_mutex_unlock(&BasepHeapLock);
    free(Heap);
    return TRUE;
}

/* @implemented */
LPVOID WINAPI HeapAlloc(HANDLE hHeap, DWORD dwFlags, SIZE_T dwBytes)
{
    PBASEP_HEAP Heap;
    PBASEP_BLOCK Block = NULL;
    BOOL Raise = (dwFlags & HEAP_GENERATE_EXCEPTIONS) != 0;

    pthread_mutex_lock(&BasepHeapLock);
    Heap = BasepCheckHeap(hHeap);
    if (Heap != NULL) {
        Raise |= (Heap->Flags & HEAP_GENERATE_EXCEPTIONS) != 0;
        Block = BasepAllocate(Heap, dwBytes, (dwFlags & HEAP_ZERO_MEMORY) != 0,
                              BASEP_BLOCK_PLAIN);
    }
    pthread_mutex_unlock(&BasepHeapLock);
    if (Block == NULL) {
        if (Raise)
            BasepRaiseNoMemory();
        return NULL;
    }
    return BasepUser(Block);
}

/* @implemented */
LPVOID WINAPI HeapReAlloc(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem, SIZE_T dwBytes)
{
    PBASEP_HEAP Heap;
    PBASEP_BLOCK Block = NULL;
    BOOL Raise = (dwFlags & HEAP_GENERATE_EXCEPTIONS) != 0;

    pthread_mutex_lock(&BasepHeapLock);
    Heap = BasepCheckHeap(hHeap);
    if (Heap != NULL) {
        Raise |= (Heap->Flags & HEAP_GENERATE_EXCEPTIONS) != 0;
        Block = BasepLookup(Heap, lpMem);
        if (Block != NULL)
            Block = BasepResize(Block, dwBytes, (dwFlags & HEAP_ZERO_MEMORY) != 0,
                                (dwFlags & HEAP_REALLOC_IN_PLACE_ONLY) != 0);
    }
    pthread_mutex_unlock(&BasepHeapLock);
    if (Block == NULL) {
        if (Raise)
            BasepRaiseNoMemory();
        return NULL;
    }
    return BasepUser(Block);
}

/* @implemented. lpMem NULL: TRUE, nothing to free. */
BOOL WINAPI HeapFree(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem)
{
    PBASEP_HEAP Heap;
    PBASEP_BLOCK Block = NULL;

    UNREFERENCED_PARAMETER(dwFlags);
    pthread_mutex_lock(&BasepHeapLock);
    Heap = BasepCheckHeap(hHeap);
    if (Heap != NULL && lpMem != NULL) {
        Block = BasepLookup(Heap, lpMem);
        if (Block != NULL)
            BasepRelease(Block);
    }
    pthread_mutex_unlock(&BasepHeapLock);
    if (Heap == NULL) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (lpMem != NULL && Block == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return TRUE;
}

/* @implemented */
SIZE_T WINAPI HeapSize(HANDLE hHeap, DWORD dwFlags, LPCVOID lpMem)
{
    PBASEP_HEAP Heap;
    PBASEP_BLOCK Block = NULL;
    SIZE_T Size = (SIZE_T)-1;

    UNREFERENCED_PARAMETER(dwFlags);
    pthread_mutex_lock(&BasepHeapLock);
    Heap = BasepCheckHeap(hHeap);
    if (Heap != NULL)
        Block = BasepLookup(Heap, lpMem);
    if (Block != NULL)
        Size = Block->Size;
    pthread_mutex_unlock(&BasepHeapLock);
    if (Block == NULL)
        SetLastError(Heap == NULL ? ERROR_INVALID_HANDLE : ERROR_INVALID_PARAMETER);
    return Size;
}

/* @implemented */
BOOL WINAPI HeapValidate(HANDLE hHeap, DWORD dwFlags, LPCVOID lpMem)
{
    PBASEP_HEAP Heap;
    BOOL Valid;

    UNREFERENCED_PARAMETER(dwFlags);
    pthread_mutex_lock(&BasepHeapLock);
    Heap = BasepCheckHeap(hHeap);
    Valid = Heap != NULL && (lpMem == NULL || BasepLookup(Heap, lpMem) != NULL);
    pthread_mutex_unlock(&BasepHeapLock);
    return Valid;
}

/* ---- Local and global memory ----------------------------------------------------------- */

/* LocalAlloc and GlobalAlloc share everything: their FIXED/MOVEABLE/ZEROINIT/MODIFY bits
   have the same values. */
static HLOCAL BasepLocalAlloc(UINT Flags, SIZE_T Bytes, UINT ValidFlags)
{
    PBASEP_BLOCK Data, Handle;
    BOOL Zero = (Flags & LMEM_ZEROINIT) != 0;

    if (Flags & ~ValidFlags) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    pthread_mutex_lock(&BasepHeapLock);
    if (!(Flags & LMEM_MOVEABLE)) {
        Data = BasepAllocate(&BasepProcessHeap, Bytes, Zero, BASEP_BLOCK_PLAIN);
        pthread_mutex_unlock(&BasepHeapLock);
        if (Data == NULL) {
            SetLastError(ERROR_NOT_ENOUGH_MEMORY);
            return NULL;
        }
        return (HLOCAL)BasepUser(Data);
    }
    Data = BasepAllocate(&BasepProcessHeap, Bytes, Zero, BASEP_BLOCK_MOVEABLE);
    Handle = Data ? BasepAllocate(&BasepProcessHeap, sizeof(PVOID), FALSE, BASEP_BLOCK_HANDLE)
                  : NULL;
    if (Handle == NULL && Data != NULL)
        BasepRelease(Data);
    if (Handle != NULL)
        *(PVOID *)BasepUser(Handle) = BasepUser(Data);
    pthread_mutex_unlock(&BasepHeapLock);
    if (Handle == NULL) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    return (HLOCAL)BasepUser(Handle);
}

/* What a Local handle is, lock held: the plain block (fixed memory), or the handle block
   and its data block (moveable memory). FALSE for anything else. */
static BOOL BasepLocalResolve(HLOCAL hMem, PBASEP_BLOCK *Handle, PBASEP_BLOCK *Data)
{
    PBASEP_BLOCK Block = BasepLookup(&BasepProcessHeap, hMem);

    *Handle = NULL;
    *Data = NULL;
    if (Block == NULL || Block->Kind == BASEP_BLOCK_MOVEABLE)
        return FALSE;
    if (Block->Kind == BASEP_BLOCK_HANDLE) {
        *Handle = Block;
        *Data = (PBASEP_BLOCK)(*(PVOID *)hMem) - 1;
    } else {
        *Data = Block;
    }
    return TRUE;
}

static HLOCAL BasepLocalFree(HLOCAL hMem)
{
    PBASEP_BLOCK Handle, Data;
    BOOL Valid;

    if (hMem == NULL)
        return NULL;
    pthread_mutex_lock(&BasepHeapLock);
    Valid = BasepLocalResolve(hMem, &Handle, &Data);
    if (Valid) {
        BasepRelease(Data);
        if (Handle != NULL)
            BasepRelease(Handle);
    }
    pthread_mutex_unlock(&BasepHeapLock);
    if (!Valid) {
        SetLastError(ERROR_INVALID_HANDLE);
        return hMem;
    }
    return NULL;
}

static HLOCAL BasepLocalReAlloc(HLOCAL hMem, SIZE_T Bytes, UINT Flags, UINT ValidFlags)
{
    PBASEP_BLOCK Handle, Data, New = NULL;
    HLOCAL Result = NULL;
    DWORD Error = ERROR_SUCCESS;

    if ((Flags & ~ValidFlags) || (Flags & LMEM_MODIFY)) {
        /* LMEM_MODIFY (changing a block's kind) is not provided. */
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    pthread_mutex_lock(&BasepHeapLock);
    if (!BasepLocalResolve(hMem, &Handle, &Data)) {
        Error = ERROR_INVALID_HANDLE;
    } else {
        /* Fixed memory moves only when the caller allows it with LMEM_MOVEABLE. */
        BOOL InPlace = Handle == NULL && !(Flags & LMEM_MOVEABLE);
        New = BasepResize(Data, Bytes, (Flags & LMEM_ZEROINIT) != 0, InPlace);
        if (New == NULL) {
            Error = ERROR_NOT_ENOUGH_MEMORY;
        } else if (Handle != NULL) {
            *(PVOID *)BasepUser(Handle) = BasepUser(New);
            Result = hMem;
        } else {
            Result = (HLOCAL)BasepUser(New);
        }
    }
    pthread_mutex_unlock(&BasepHeapLock);
    if (Result == NULL)
        SetLastError(Error);
    return Result;
}

static SIZE_T BasepLocalSize(HLOCAL hMem)
{
    PBASEP_BLOCK Handle, Data;
    SIZE_T Size = 0;
    BOOL Valid;

    pthread_mutex_lock(&BasepHeapLock);
    Valid = BasepLocalResolve(hMem, &Handle, &Data);
    if (Valid)
        Size = Data->Size;
    pthread_mutex_unlock(&BasepHeapLock);
    if (!Valid)
        SetLastError(ERROR_INVALID_HANDLE);
    return Size;
}

static LPVOID BasepLocalLock(HLOCAL hMem)
{
    PBASEP_BLOCK Handle, Data;
    LPVOID Pointer = NULL;
    BOOL Valid;

    pthread_mutex_lock(&BasepHeapLock);
    Valid = BasepLocalResolve(hMem, &Handle, &Data);
    if (Valid) {
        Pointer = BasepUser(Data);
        if (Handle != NULL && Handle->LockCount < LMEM_LOCKCOUNT)
            Handle->LockCount++;
    }
    pthread_mutex_unlock(&BasepHeapLock);
    if (!Valid)
        SetLastError(ERROR_INVALID_HANDLE);
    return Pointer;
}

static BOOL BasepLocalUnlock(HLOCAL hMem)
{
    PBASEP_BLOCK Handle, Data;
    DWORD Error = ERROR_SUCCESS;
    BOOL StillLocked = FALSE;

    pthread_mutex_lock(&BasepHeapLock);
    if (!BasepLocalResolve(hMem, &Handle, &Data)) {
        Error = ERROR_INVALID_HANDLE;
    } else if (Handle == NULL || Handle->LockCount == 0) {
        Error = ERROR_NOT_LOCKED;   /* fixed memory has no lock count */
    } else {
        StillLocked = --Handle->LockCount != 0;
    }
    pthread_mutex_unlock(&BasepHeapLock);
    if (!StillLocked)
        SetLastError(Error);   /* NO_ERROR: "unlocked now" */
    return StillLocked;
}

/* @implemented: see win/process.h. */
HLOCAL WINAPI LocalAlloc(UINT uFlags, SIZE_T uBytes)
{
    return BasepLocalAlloc(uFlags, uBytes, LMEM_VALID_FLAGS);
}

/* @implemented */
HLOCAL WINAPI LocalReAlloc(HLOCAL hMem, SIZE_T uBytes, UINT uFlags)
{
    return BasepLocalReAlloc(hMem, uBytes, uFlags, LMEM_VALID_FLAGS);
}

/* @implemented */
HLOCAL WINAPI LocalFree(HLOCAL hMem)
{
    return BasepLocalFree(hMem);
}

/* @implemented */
SIZE_T WINAPI LocalSize(HLOCAL hMem)
{
    return BasepLocalSize(hMem);
}

/* @implemented */
LPVOID WINAPI LocalLock(HLOCAL hMem)
{
    return BasepLocalLock(hMem);
}

/* @implemented */
BOOL WINAPI LocalUnlock(HLOCAL hMem)
{
    return BasepLocalUnlock(hMem);
}

/* @implemented */
HGLOBAL WINAPI GlobalAlloc(UINT uFlags, SIZE_T dwBytes)
{
    return BasepLocalAlloc(uFlags, dwBytes, GMEM_VALID_FLAGS);
}

/* @implemented */
HGLOBAL WINAPI GlobalReAlloc(HGLOBAL hMem, SIZE_T dwBytes, UINT uFlags)
{
    return BasepLocalReAlloc(hMem, dwBytes, uFlags, GMEM_VALID_FLAGS);
}

/* @implemented */
HGLOBAL WINAPI GlobalFree(HGLOBAL hMem)
{
    return BasepLocalFree(hMem);
}

/* @implemented */
SIZE_T WINAPI GlobalSize(HGLOBAL hMem)
{
    return BasepLocalSize(hMem);
}

/* @implemented */
LPVOID WINAPI GlobalLock(HGLOBAL hMem)
{
    return BasepLocalLock(hMem);
}

/* @implemented */
BOOL WINAPI GlobalUnlock(HGLOBAL hMem)
{
    return BasepLocalUnlock(hMem);
}
