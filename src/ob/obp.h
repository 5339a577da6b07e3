/*
 * PURPOSE: Object manager private definitions shared by the src/ob files: the object header, the
 * namespace lock, directory and symbolic-link bodies.
 */
#ifndef _KMODE_OBP_H_
#define _KMODE_OBP_H_

#include <internal/ob.h>
#include <internal/ke.h>
#include <bugcodes.h>
#include <internal/host.h>
#include <stddef.h>

#define OBP_HEADER_SIGNATURE 0x6448624FU /* "ObHd" */
#define OBP_DEAD_SIGNATURE   0x64616544U /* "Dead" */

/* OBP_OBJECT_HEADER.Flags */
#define OBP_FLAG_PERMANENT  0x0001
#define OBP_FLAG_DEFERRED   0x0002   /* deletion goes to the reaper thread */

/* What ObpCreateObject captured from the OBJECT_ATTRIBUTES, consumed by ObpInsertObject. */
typedef struct _OBP_CREATE_INFO {
    ULONG Attributes;
    HANDLE RootDirectory;
    UNICODE_STRING Name;          /* own copy; Length 0: unnamed */
} OBP_CREATE_INFO, *POBP_CREATE_INFO;

typedef struct _OBP_OBJECT_HEADER {
    volatile LONG_PTR PointerCount;
    volatile LONG_PTR HandleCount;
    POBJECT_TYPE Type;
    ULONG Flags;                  /* atomic updates */
    ULONG Signature;
    /* Namespace state, guarded by ObpNamespaceLock. */
    struct _OBP_OBJECT_HEADER *Directory;        /* parent directory's header while named */
    struct _OBP_OBJECT_HEADER *NextInDirectory;  /* hash chain in the parent */
    UNICODE_STRING Name;                         /* own buffer while named */
    POBP_CREATE_INFO CreateInfo;                 /* between create and insert */
    struct _OBP_OBJECT_HEADER *NextDeferred;     /* reaper queue */
    __attribute__((aligned(16))) UCHAR Body[];
} OBP_OBJECT_HEADER, *POBP_OBJECT_HEADER;

#define OBP_HEADER(Object) \
    ((POBP_OBJECT_HEADER)((PUCHAR)(Object) - offsetof(OBP_OBJECT_HEADER, Body)))
#define OBP_BODY(Header) ((PVOID)(Header)->Body)

#define OBP_DIRECTORY_BUCKETS 37

typedef struct _OBP_DIRECTORY {
    POBP_OBJECT_HEADER Buckets[OBP_DIRECTORY_BUCKETS];
} OBP_DIRECTORY, *POBP_DIRECTORY;

typedef struct _OBP_SYMBOLIC_LINK {
    UNICODE_STRING Target;        /* own buffer, NUL-terminated (MaximumLength = Length + 2) */
} OBP_SYMBOLIC_LINK, *POBP_SYMBOLIC_LINK;

/* One lock for the whole namespace: lookups share it, insertions/removals take it alone. */
extern HOST_RWLOCK ObpNamespaceLock;
extern POBP_DIRECTORY ObpRootDirectory;

/* obinit.c */
VOID ObpEnsureInitialized(VOID);
ACCESS_MASK ObpMapAccess(_In_ POBJECT_TYPE Type, _In_ ACCESS_MASK DesiredAccess);

/* obref.c */
VOID ObpFreeCreateInfo(_In_ POBP_CREATE_INFO Info);
FORCEINLINE VOID ObpReferenceHeader(_In_ POBP_OBJECT_HEADER Header)
{
    __atomic_fetch_add(&Header->PointerCount, 1, __ATOMIC_RELAXED);
}
VOID ObpDereferenceHeader(_In_ POBP_OBJECT_HEADER Header);

/* obhandle.c */
NTSTATUS ObpReferenceHandle(_In_ HANDLE Handle, _In_ KPROCESSOR_MODE AccessMode,
                            _Out_ POBP_OBJECT_HEADER *Header, _Out_ ACCESS_MASK *GrantedAccess,
                            _Out_ ULONG *HandleAttributes);

/* obname.c */
NTSTATUS ObpInsertName(_In_ POBP_OBJECT_HEADER Header, _In_ ULONG Attributes,
                       _In_ KPROCESSOR_MODE AccessMode, _Out_ POBP_OBJECT_HEADER *Existing);
VOID ObpDeleteNameCheck(_In_ POBP_OBJECT_HEADER Header);
NTSTATUS ObpInitializeNamespace(VOID);
NTSTATUS ObpInsertDirectoryEntryAtInit(_In_ POBP_DIRECTORY Directory,
                                       _In_ POBP_OBJECT_HEADER Header, _In_ PCWSTR Name);

#endif /* _KMODE_OBP_H_ */
