/*
 * PURPOSE: Handle tables (the kernel table and the user/process table), handle creation and
 * closing, ObReferenceObjectByHandle and ObOpenObjectByPointer.
 *
 * Handle values are as on Windows x64: multiples of 4 starting at 4, freed values reused
 * most-recently-freed first; a kernel handle has KERNEL_HANDLE_MASK (0xFFFFFFFF80000000)
 * set, so it is negative as a LONG_PTR. The low two bits of a value are tag bits that the
 * lookup ignores (Windows does the same: handle 5 names the same entry as handle 4).
 */

/* ==== INCLUDES ======================================================================== */

#include "obp.h"
#include <internal/vfhooks.h>
#include <stdlib.h>
#include <string.h>

/* ==== GLOBALS ========================================================================= */

#define OBP_KERNEL_HANDLE_MASK ((ULONG_PTR)0xFFFFFFFF80000000ULL)
#define OBP_MAX_HANDLES        (1U << 24)  /* Windows' per-table limit */
#define OBP_NO_FREE            0xFFFFFFFFU
#define OBP_PAGE_SHIFT         9
#define OBP_PAGE_ENTRIES       (1U << OBP_PAGE_SHIFT)
#define OBP_MAX_PAGES          (OBP_MAX_HANDLES / OBP_PAGE_ENTRIES)
#define OBP_ENTRY_LOCKED       ((ULONG_PTR)1)  /* low bit of Value (headers are aligned) */

/*
 * An entry. Value is the object header pointer (0: free) with OBP_ENTRY_LOCKED set while
 * someone reads or changes the entry, as Windows locks handle-table entries: lookups take
 * only the entry's lock, never the table's, so two threads using two handles (or one) do
 * not serialise on a table-wide lock (the I/O path looks a handle up on every request).
 */
typedef struct _OBP_HANDLE_ENTRY {
    ULONG_PTR Value;
    union {
        struct {
            ULONG Attributes;            /* OBP_HANDLE_ATTRIBUTES */
            ACCESS_MASK GrantedAccess;
        };
        OBJECT_HANDLE_INFORMATION Info;  /* the two as a lookup reports them: one move */
    };
    ULONG NextFree;              /* index of the next free entry, or OBP_NO_FREE */
} __attribute__((aligned(128))) OBP_HANDLE_ENTRY, *POBP_HANDLE_ENTRY;
/* (One entry per 128 bytes, a pair of cache lines, which the adjacent-line prefetcher moves
   together: two threads using two handles opened one after the other do not fight over the
   lines holding their entries when they lock them; 2-thread I/O scales better.) */

/* Entries live in fixed pages that never move or go away, so a lookup can index them
   without the table lock; the lock only orders allocation and the free list. */
typedef struct _OBP_HANDLE_TABLE {
    HOST_MUTEX Lock;
    POBP_HANDLE_ENTRY Pages[OBP_MAX_PAGES]; /* Entries of handle value (i + 1) * 4 */
    ULONG Used;                  /* entries ever handed out (the high-water mark) */
    ULONG FreeHead;              /* LIFO list of closed entries */
    ULONG Count;                 /* open handles */
} OBP_HANDLE_TABLE, *POBP_HANDLE_TABLE;

static OBP_HANDLE_TABLE ObpKernelHandleTable = { .Lock = HOST_MUTEX_INIT,
                                                 .FreeHead = OBP_NO_FREE };
static OBP_HANDLE_TABLE ObpUserHandleTable = { .Lock = HOST_MUTEX_INIT,
                                               .FreeHead = OBP_NO_FREE };

/* ==== PRIVATE FUNCTIONS =============================================================== */

static BOOLEAN ObppIsPseudoHandle(HANDLE Handle)
{
    return Handle == NtCurrentProcess() || Handle == NtCurrentThread();
}

/* Which table a handle value names for a caller in AccessMode, and the entry index in it.
   FALSE: the value cannot name any entry (NULL, pseudo-handle, kernel handle from user mode). */
static BOOLEAN ObppDecodeHandle(HANDLE Handle, KPROCESSOR_MODE AccessMode,
                                POBP_HANDLE_TABLE *Table, ULONG *Index)
{
    ULONG_PTR v = (ULONG_PTR)Handle;

    if (ObppIsPseudoHandle(Handle))
        return FALSE;
    if ((v & OBP_KERNEL_HANDLE_MASK) == OBP_KERNEL_HANDLE_MASK) {
        /* Kernel handles only mean something to kernel-mode callers. */
        if (AccessMode != KernelMode)
            return FALSE;
        *Table = &ObpKernelHandleTable;
        v &= ~OBP_KERNEL_HANDLE_MASK;
    } else {
        *Table = &ObpUserHandleTable;
    }
    v >>= 2; /* the tag bits are ignored */
    if (v == 0 || v > OBP_MAX_HANDLES)
        return FALSE;
    *Index = (ULONG)(v - 1);
    return TRUE;
}

/* The entry for Index, or NULL if its page was never allocated. Lock-free. */
static POBP_HANDLE_ENTRY ObppEntry(POBP_HANDLE_TABLE t, ULONG Index)
{
    POBP_HANDLE_ENTRY page =
        __atomic_load_n(&t->Pages[Index >> OBP_PAGE_SHIFT], __ATOMIC_ACQUIRE);
    return page ? &page[Index & (OBP_PAGE_ENTRIES - 1)] : NULL;
}

/* Locks an in-use entry and returns its header; NULL (nothing locked) if it is free. */
static POBP_OBJECT_HEADER ObppLockEntry(POBP_HANDLE_ENTRY e)
{
    for (;;) {
        ULONG_PTR v = __atomic_load_n(&e->Value, __ATOMIC_ACQUIRE);
        if (v == 0)
            return NULL;
        if (v & OBP_ENTRY_LOCKED) {
            __builtin_ia32_pause();
            continue;
        }
        if (__atomic_compare_exchange_n(&e->Value, &v, v | OBP_ENTRY_LOCKED, TRUE,
                                        __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
            return (POBP_OBJECT_HEADER)v;
    }
}

static VOID ObppUnlockEntry(POBP_HANDLE_ENTRY e, POBP_OBJECT_HEADER Header)
{
    __atomic_store_n(&e->Value, (ULONG_PTR)Header, __ATOMIC_RELEASE);
}

/* Table lock held. A free entry index, its page allocated. */
static NTSTATUS ObppAllocateEntry(POBP_HANDLE_TABLE t, ULONG *Index)
{
    ULONG page;

    if (t->FreeHead != OBP_NO_FREE) {
        *Index = t->FreeHead;
        t->FreeHead = ObppEntry(t, *Index)->NextFree;
        return STATUS_SUCCESS;
    }
    if (t->Used == OBP_MAX_HANDLES)
        return STATUS_INSUFFICIENT_RESOURCES;
    page = t->Used >> OBP_PAGE_SHIFT;
    if (t->Pages[page] == NULL) {
        POBP_HANDLE_ENTRY e = aligned_alloc(_Alignof(OBP_HANDLE_ENTRY),
                                            OBP_PAGE_ENTRIES * sizeof(*e));
        if (e == NULL)
            return STATUS_INSUFFICIENT_RESOURCES;
        memset(e, 0, OBP_PAGE_ENTRIES * sizeof(*e));
        __atomic_store_n(&t->Pages[page], e, __ATOMIC_RELEASE);
    }
    *Index = t->Used++;
    return STATUS_SUCCESS;
}

/* The handle count went down by one: close procedure, then the name may leave. */
static VOID ObppDecrementHandleCount(POBP_OBJECT_HEADER h, ACCESS_MASK GrantedAccess)
{
    LONG_PTR remaining = __atomic_sub_fetch(&h->HandleCount, 1, __ATOMIC_ACQ_REL);

    __atomic_fetch_sub(&h->Type->TotalNumberOfHandles, 1, __ATOMIC_RELAXED);
    if (h->Type->TypeInfo.CloseProcedure != NULL)
        h->Type->TypeInfo.CloseProcedure(OBP_BODY(h), GrantedAccess, remaining);
    if (remaining == 0)
        ObpDeleteNameCheck(h);
}

/* ObpReferenceHandle's body, inline in the by-handle DDIs (the I/O path's first step). */
FORCEINLINE NTSTATUS ObppReferenceHandle(HANDLE Handle, KPROCESSOR_MODE AccessMode,
                                         POBP_OBJECT_HEADER *Header, ACCESS_MASK *GrantedAccess,
                                         ULONG *HandleAttributes)
{
    POBP_HANDLE_TABLE t;
    POBP_HANDLE_ENTRY e;
    POBP_OBJECT_HEADER h;
    ULONG i;

    *Header = NULL;
    if (!ObppDecodeHandle(Handle, AccessMode, &t, &i) || (e = ObppEntry(t, i)) == NULL)
        return STATUS_INVALID_HANDLE;
    h = ObppLockEntry(e);
    if (h == NULL)
        return STATUS_INVALID_HANDLE;
    *GrantedAccess = e->GrantedAccess;
    *HandleAttributes = e->Attributes;
    ObpReferenceHeader(h);
    ObppUnlockEntry(e, h);
    *Header = h;
    return STATUS_SUCCESS;
}

NTSTATUS ObpReferenceHandle(HANDLE Handle, KPROCESSOR_MODE AccessMode, POBP_OBJECT_HEADER *Header,
                            ACCESS_MASK *GrantedAccess, ULONG *HandleAttributes)
{
    return ObppReferenceHandle(Handle, AccessMode, Header, GrantedAccess, HandleAttributes);
}

/* ==== PUBLIC FUNCTIONS ================================================================ */

NTSTATUS ObpCreateHandle(PVOID Object, ACCESS_MASK DesiredAccess, ULONG HandleAttributes,
                         KPROCESSOR_MODE AccessMode, PHANDLE Handle)
{
    POBP_OBJECT_HEADER h = OBP_HEADER(Object);
    BOOLEAN kernel = (HandleAttributes & OBJ_KERNEL_HANDLE) && AccessMode == KernelMode;
    POBP_HANDLE_TABLE t = kernel ? &ObpKernelHandleTable : &ObpUserHandleTable;
    ULONG i;
    NTSTATUS st;

    *Handle = NULL;
    ObpReferenceHeader(h);
    __atomic_fetch_add(&h->HandleCount, 1, __ATOMIC_ACQ_REL);
    __atomic_fetch_add(&h->Type->TotalNumberOfHandles, 1, __ATOMIC_RELAXED);
    HostMutexLock(&t->Lock);
    st = ObppAllocateEntry(t, &i);
    if (NT_SUCCESS(st)) {
        POBP_HANDLE_ENTRY e = ObppEntry(t, i);
        e->GrantedAccess = ObpMapAccess(h->Type, DesiredAccess);
        e->Attributes = HandleAttributes & OBP_HANDLE_ATTRIBUTES;
        e->NextFree = OBP_NO_FREE;
        ObppUnlockEntry(e, h); /* publishes the entry */
        t->Count++;
    }
    HostMutexUnlock(&t->Lock);
    if (!NT_SUCCESS(st)) {
        /* No handle ever existed: undo the counts without a close procedure call. */
        __atomic_fetch_sub(&h->Type->TotalNumberOfHandles, 1, __ATOMIC_RELAXED);
        if (__atomic_sub_fetch(&h->HandleCount, 1, __ATOMIC_ACQ_REL) == 0)
            ObpDeleteNameCheck(h);
        ObpDereferenceHeader(h);
        return st;
    }
    *Handle = (HANDLE)(((ULONG_PTR)(i + 1) << 2) | (kernel ? OBP_KERNEL_HANDLE_MASK : 0));
    return STATUS_SUCCESS;
}

NTSTATUS ObpCloseHandle(HANDLE Handle, KPROCESSOR_MODE AccessMode)
{
    POBP_HANDLE_TABLE t;
    POBP_HANDLE_ENTRY e;
    POBP_OBJECT_HEADER h = NULL;
    ACCESS_MASK granted = 0;
    ULONG i;
    NTSTATUS st = STATUS_INVALID_HANDLE;

    if (!ObppDecodeHandle(Handle, AccessMode, &t, &i))
        return STATUS_INVALID_HANDLE;
    if ((e = ObppEntry(t, i)) == NULL)
        return STATUS_INVALID_HANDLE;
    HostMutexLock(&t->Lock);
    h = ObppLockEntry(e);
    if (h != NULL) {
        if (e->Attributes & OBJ_PROTECT_CLOSE) {
            ObppUnlockEntry(e, h);
            h = NULL;
            st = STATUS_HANDLE_NOT_CLOSABLE;
        } else {
            granted = e->GrantedAccess;
            e->GrantedAccess = 0;
            e->Attributes = 0;
            e->NextFree = t->FreeHead;
            t->FreeHead = i;
            t->Count--;
            ObppUnlockEntry(e, NULL); /* free: lookups now fail */
            st = STATUS_SUCCESS;
        }
    }
    HostMutexUnlock(&t->Lock);
    if (h != NULL) {
        ObppDecrementHandleCount(h, granted);
        ObpDereferenceHeader(h);
    }
    return st;
}

NTSTATUS ObpSetHandleAttributes(HANDLE Handle, ULONG Attributes, KPROCESSOR_MODE AccessMode)
{
    POBP_HANDLE_TABLE t;
    POBP_HANDLE_ENTRY e;
    POBP_OBJECT_HEADER h;
    ULONG i;
    NTSTATUS st = STATUS_INVALID_HANDLE;

    if (Attributes & ~(OBJ_PROTECT_CLOSE | OBJ_INHERIT))
        return STATUS_INVALID_PARAMETER;
    if (!ObppDecodeHandle(Handle, AccessMode, &t, &i))
        return STATUS_INVALID_HANDLE;
    if ((e = ObppEntry(t, i)) != NULL && (h = ObppLockEntry(e)) != NULL) {
        e->Attributes = (e->Attributes & ~(OBJ_PROTECT_CLOSE | OBJ_INHERIT)) | Attributes;
        ObppUnlockEntry(e, h);
        st = STATUS_SUCCESS;
    }
    return st;
}

/* The two by-handle DDIs' common body (the tag is not tracked). */
FORCEINLINE NTSTATUS ObppReferenceObjectByHandle(HANDLE Handle, ACCESS_MASK DesiredAccess,
                                                 POBJECT_TYPE ObjectType,
                                                 KPROCESSOR_MODE AccessMode, ULONG Tag,
                                                 PVOID *Object,
                                                 POBJECT_HANDLE_INFORMATION HandleInformation)
{
    POBP_OBJECT_HEADER h;
    ACCESS_MASK granted = 0;
    ULONG attributes = 0;
    NTSTATUS st;

    (void)Tag;
    *Object = NULL;
    if (ObppIsPseudoHandle(Handle)) {
        /* The current process or thread, with all access (src/ps owns the objects). */
        BOOLEAN process = Handle == NtCurrentProcess();
        PVOID body = process ? (PVOID)PsGetCurrentProcess() : (PVOID)PsGetCurrentThread();
        ACCESS_MASK all = process ? PROCESS_ALL_ACCESS : THREAD_ALL_ACCESS;
        h = OBP_HEADER(body);
        if (ObjectType != NULL && h->Type != ObjectType)
            return STATUS_OBJECT_TYPE_MISMATCH;
        if (AccessMode != KernelMode && (DesiredAccess & ~all) != 0)
            return STATUS_ACCESS_DENIED;
        if (HandleInformation != NULL) {
            HandleInformation->HandleAttributes = 0;
            HandleInformation->GrantedAccess = all;
        }
        ObpReferenceHeader(h);
        *Object = body;
        return STATUS_SUCCESS;
    }
    st = ObppReferenceHandle(Handle, AccessMode, &h, &granted, &attributes);
    if (!NT_SUCCESS(st))
        return st;
    if (ObjectType != NULL && h->Type != ObjectType) {
        ObpDereferenceHeader(h);
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    /* Windows compares the raw DesiredAccess (no generic mapping) with the granted rights. */
    if (AccessMode != KernelMode && (DesiredAccess & ~granted) != 0) {
        ObpDereferenceHeader(h);
        return STATUS_ACCESS_DENIED;
    }
    if (HandleInformation != NULL) {
        HandleInformation->HandleAttributes = attributes;
        HandleInformation->GrantedAccess = granted;
    }
    *Object = OBP_BODY(h);
    return STATUS_SUCCESS;
}

/*
 * ObReferenceObjectByHandleWithTag
 * @implemented
 * IRQL PASSIVE_LEVEL. As ObReferenceObjectByHandle; Tag names the reference for debugging.
 */
NTSTATUS NTAPI ObReferenceObjectByHandleWithTag(HANDLE Handle, ACCESS_MASK DesiredAccess,
                                                POBJECT_TYPE ObjectType,
                                                KPROCESSOR_MODE AccessMode, ULONG Tag,
                                                PVOID *Object,
                                                POBJECT_HANDLE_INFORMATION HandleInformation)
{
    return ObppReferenceObjectByHandle(Handle, DesiredAccess, ObjectType, AccessMode, Tag,
                                       Object, HandleInformation);
}

/* ObReferenceObjectByHandle's complete path: the verifier's IRQL rule (for Caller: the call
   is no tail call at -O0), pseudo handles, locked entries, every error. AccessAndMode is
   DesiredAccess << 8 | AccessMode: six arguments still travel in registers, so the fast path
   below can jump here. */
static __attribute__((noinline)) NTSTATUS ObppReferenceObjectByHandleComplete(
    HANDLE Handle, PVOID Caller, POBJECT_TYPE ObjectType, ULONG64 AccessAndMode, PVOID *Object,
    POBJECT_HANDLE_INFORMATION HandleInformation)
{
    VF_DDI_RULE_AT(VF_DDI_IRQL_OB_PASSIVE, KeGetCurrentIrql() != PASSIVE_LEVEL, Caller);
    return ObppReferenceObjectByHandle(Handle, (ACCESS_MASK)(AccessAndMode >> 8), ObjectType,
                                       (KPROCESSOR_MODE)AccessAndMode, 0, Object,
                                       HandleInformation);
}

/*
 * ObReferenceObjectByHandle
 * @implemented
 * IRQL PASSIVE_LEVEL. Returns a referenced pointer to the object Handle refers to.
 * STATUS_INVALID_HANDLE: not an open handle, or a kernel handle with AccessMode UserMode;
 * STATUS_OBJECT_TYPE_MISMATCH: ObjectType given and different; STATUS_ACCESS_DENIED:
 * AccessMode UserMode and DesiredAccess not all granted to the handle (KernelMode skips
 * the check). *Object is NULL on failure. The pseudo-handles NtCurrentProcess() and
 * NtCurrentThread() resolve to the current process and thread (all access granted).
 *
 * Fast path (every I/O request starts here), a leaf without a frame: an open entry nobody
 * holds, of the right type and access, the verifier's DDI checks off. It locks, references
 * and unlocks the entry as ObppReferenceHandle does. Anything else (pseudo handles, errors, a
 * locked entry, a lost race) jumps to the complete path, which starts over.
 */
NTSTATUS NTAPI ObReferenceObjectByHandle(HANDLE Handle, ACCESS_MASK DesiredAccess,
                                         POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                                         PVOID *Object,
                                         POBJECT_HANDLE_INFORMATION HandleInformation)
{
    ULONG_PTR v = (ULONG_PTR)Handle, value;
    POBP_HANDLE_ENTRY *pages = ObpUserHandleTable.Pages, page, e;
    POBP_OBJECT_HEADER h;

    if ((LONG_PTR)v < 0) {
        /* A kernel handle (the pseudo handles land past the range check), from kernel mode. */
        if ((v & OBP_KERNEL_HANDLE_MASK) != OBP_KERNEL_HANDLE_MASK || AccessMode != KernelMode)
            goto complete;
        pages = ObpKernelHandleTable.Pages;
        v &= ~OBP_KERNEL_HANDLE_MASK;
    }
    v -= 4;                              /* entry index * 4 (+ tag bits; handle 0 wraps) */
    if (v >= (ULONG_PTR)OBP_MAX_HANDLES * 4)
        goto complete;
    page = __atomic_load_n(&pages[v >> (OBP_PAGE_SHIFT + 2)], __ATOMIC_ACQUIRE);
    if (page == NULL)
        goto complete;
    if (__builtin_expect(VfAnyDriver(VF_FLAG_DDI_COMPLIANCE), 0))
        goto complete;                   /* (every way out checks the rule) */
    e = &page[(v >> 2) & (OBP_PAGE_ENTRIES - 1)];
    value = __atomic_load_n(&e->Value, __ATOMIC_ACQUIRE);
    if (value == 0)
        goto complete;
    value &= ~OBP_ENTRY_LOCKED;          /* (locked by someone: the exchange fails) */
    if (!__atomic_compare_exchange_n(&e->Value, &value, value | OBP_ENTRY_LOCKED, TRUE,
                                     __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        goto complete;
    h = (POBP_OBJECT_HEADER)value;
    if ((ObjectType != NULL && h->Type != ObjectType) ||
        (DesiredAccess != 0 && AccessMode != KernelMode &&
         (DesiredAccess & ~e->GrantedAccess) != 0)) {
        ObppUnlockEntry(e, h);
        goto complete;
    }
    if (HandleInformation != NULL)
        *HandleInformation = e->Info;
    ObpReferenceHeader(h);
    ObppUnlockEntry(e, h);
    *Object = OBP_BODY(h);
    return STATUS_SUCCESS;

complete:
    return ObppReferenceObjectByHandleComplete(
        Handle, __builtin_return_address(0), ObjectType,
        (ULONG64)DesiredAccess << 8 | (UCHAR)AccessMode, Object, HandleInformation);
}

/*
 * ObOpenObjectByPointer
 * @implemented
 * IRQL PASSIVE_LEVEL. Opens a handle to an object the caller holds a pointer to.
 * STATUS_OBJECT_TYPE_MISMATCH if ObjectType is given and differs; STATUS_INVALID_PARAMETER
 * for attributes outside OBJ_VALID_ATTRIBUTES. OBJ_KERNEL_HANDLE with AccessMode KernelMode
 * gives a kernel handle; otherwise the handle is in the (current) process table.
 * PassedAccessState is accepted and not used (no security descriptors yet).
 */
NTSTATUS NTAPI ObOpenObjectByPointer(PVOID Object, ULONG HandleAttributes,
                                     PACCESS_STATE PassedAccessState, ACCESS_MASK DesiredAccess,
                                     POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                                     PHANDLE Handle)
{
    POBP_OBJECT_HEADER h = OBP_HEADER(Object);

    (void)PassedAccessState;
    *Handle = NULL;
    if (HandleAttributes & ~OBJ_VALID_ATTRIBUTES)
        return STATUS_INVALID_PARAMETER;
    if (ObjectType != NULL && h->Type != ObjectType)
        return STATUS_OBJECT_TYPE_MISMATCH;
    return ObpCreateHandle(Object, DesiredAccess, HandleAttributes, AccessMode, Handle);
}

/*
 * ZwClose
 * @implemented
 * IRQL PASSIVE_LEVEL. Closes a handle (a caller in kernel mode: kernel handles included).
 * STATUS_INVALID_HANDLE if it is not open (e.g. closed already); STATUS_HANDLE_NOT_CLOSABLE
 * if it is protected from close. The last handle to a temporary named object removes the
 * name from the namespace.
 */
NTSTATUS NTAPI ZwClose(HANDLE Handle)
{
    VF_DDI_RULE(VF_DDI_IRQL_ZW_PASSIVE, KeGetCurrentIrql() != PASSIVE_LEVEL);
    return ObpCloseHandle(Handle, KernelMode);
}

/*
 * NtClose
 * @implemented
 * IRQL PASSIVE_LEVEL. As ZwClose for the caller's previous mode: a kernel-mode caller may
 * close kernel handles; a call from user mode (the Win32 side's system calls,
 * src/include/internal/ntnative.h) only handles of the process table.
 */
NTSTATUS NTAPI NtClose(HANDLE Handle)
{
    return ObpCloseHandle(Handle, ExGetPreviousMode());
}
