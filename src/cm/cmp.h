/*
 * PURPOSE: Configuration manager private definitions shared by the src/cm files: key nodes
 * (the tree), values, key objects (what a handle refers to) and the registry lock.
 *
 * The tree is made of CM_KEY_NODEs; a key object (an object-manager object of type "Key")
 * is one open of a node, like Windows' key body over its key control block. Each open
 * makes a new key object; several can refer to one node. A deleted node leaves the tree at
 * once but lives on (marked CM_KEY_FLAG_DELETED) while key objects refer to it, so their
 * handles stay valid and answer STATUS_KEY_DELETED.
 */
#ifndef _KMODE_CMP_H_
#define _KMODE_CMP_H_

#include <internal/cm.h>
#include <internal/ob.h>
#include <internal/host.h>

#define CM_KEY_FLAG_VOLATILE     0x0001
#define CM_KEY_FLAG_LINK         0x0002  /* REG_OPTION_CREATE_LINK: value SymbolicLinkValue */
#define CM_KEY_FLAG_DELETED      0x0004
#define CM_KEY_FLAG_NO_DELETE    0x0008  /* hive roots and the tree's fixed keys */

typedef struct _CM_KEY_VALUE {
    UNICODE_STRING Name;      /* own buffer; Length 0 = the default ("") value */
    ULONG Type;
    ULONG DataLength;
    PUCHAR Data;              /* own buffer (NULL when DataLength is 0) */
} CM_KEY_VALUE, *PCM_KEY_VALUE;

typedef struct _CM_KEY_NODE {
    volatile LONG RefCount;   /* parent's list + key objects + lookups in progress */
    ULONG Flags;              /* CM_KEY_FLAG_*, guarded by CmpLock */
    struct _CM_KEY_NODE *Parent;
    UNICODE_STRING Name;      /* own buffer, as created (case kept) */
    UNICODE_STRING Class;     /* own buffer, may be empty */
    LARGE_INTEGER LastWriteTime;
    struct _CM_KEY_NODE **SubKeys;  /* sorted by case-insensitive name */
    ULONG SubKeyCount, SubKeyCapacity;
    PCM_KEY_VALUE Values;     /* in creation order, as Windows enumerates them */
    ULONG ValueCount, ValueCapacity;
} CM_KEY_NODE, *PCM_KEY_NODE;

#define CM_KEY_BODY_SIGNATURE 0x79654B43U /* "CKey" */

/* The body of a "Key" object. */
typedef struct _CM_KEY_BODY {
    ULONG Signature;
    PCM_KEY_NODE Node;        /* referenced */
} CM_KEY_BODY, *PCM_KEY_BODY;

/* What ZwCreateKey / ZwOpenKeyEx pass to the parse procedure (ParseContext). */
#define CM_PARSE_CONTEXT_SIGNATURE 0x78507843U /* "CxPx" */
typedef struct _CM_PARSE_CONTEXT {
    ULONG Signature;
    BOOLEAN Create;
    ULONG Options;            /* REG_OPTION_* */
    PCUNICODE_STRING Class;
    ULONG Disposition;        /* out */
} CM_PARSE_CONTEXT, *PCM_PARSE_CONTEXT;

/* One lock for the whole registry: readers share it, any change takes it alone. */
extern HOST_RWLOCK CmpLock;
extern POBJECT_TYPE CmpKeyObjectType;
extern PCM_KEY_NODE CmpRootNode;

/* cmtree.c */
VOID CmpEnsureInitialized(VOID);
VOID CmpReferenceNode(_In_ PCM_KEY_NODE Node);
VOID CmpDereferenceNode(_In_ PCM_KEY_NODE Node);
LONG CmpCompareNames(_In_ PCUNICODE_STRING A, _In_ PCUNICODE_STRING B);
/* Caller holds CmpLock. Index of the subkey named Name, or the insertion point (*Found FALSE). */
ULONG CmpFindSubKey(_In_ PCM_KEY_NODE Node, _In_ PCUNICODE_STRING Name, _Out_ BOOLEAN *Found);
/* Caller holds CmpLock. NULL if there is no such value. */
PCM_KEY_VALUE CmpFindValue(_In_ PCM_KEY_NODE Node, _In_ PCUNICODE_STRING Name,
                           _Out_opt_ PULONG Index);
/* Caller holds CmpLock exclusively. */
NTSTATUS CmpSetValue(_In_ PCM_KEY_NODE Node, _In_ PCUNICODE_STRING Name, _In_ ULONG Type,
                     _In_reads_bytes_opt_(DataLength) const VOID *Data, _In_ ULONG DataLength);
VOID CmpDeleteValueAt(_In_ PCM_KEY_NODE Node, _In_ ULONG Index);
VOID CmpTouch(_In_ PCM_KEY_NODE Node);
/* Caller holds CmpLock exclusively: detaches a node without subkeys (and marks it deleted). */
VOID CmpDetachNode(_In_ PCM_KEY_NODE Node);
/*
 * Resolves Path (components separated by '\', empty components skipped) below Start,
 * following link keys. Caller holds CmpLock (exclusively when Context->Create). Returns a
 * referenced node.
 */
NTSTATUS CmpLookupNode(_In_ PCM_KEY_NODE Start, _In_ PCUNICODE_STRING Path, _In_ BOOLEAN OpenLink,
                       _Inout_opt_ PCM_PARSE_CONTEXT Context, _Out_ PCM_KEY_NODE *Result);
/* A new key object (one pointer reference) for Node. */
NTSTATUS CmpCreateKeyBody(_In_ PCM_KEY_NODE Node, _Out_ PCM_KEY_BODY *Body);
/* Handle -> key object (referenced) and its node, checking the rights for UserMode. */
NTSTATUS CmpReferenceKey(_In_ HANDLE KeyHandle, _In_ ACCESS_MASK Access,
                         _In_ KPROCESSOR_MODE PreviousMode, _Out_ PCM_KEY_BODY *Body);

/* cmreg.c: KMODE_REGISTRY / KMODE_REGISTRY_SAVE, called once by the initialization. */
VOID CmpSeedFromEnvironment(VOID);

#endif /* _KMODE_CMP_H_ */
