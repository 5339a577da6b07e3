/*
 * PURPOSE: ntddk.h additions to the Rtl helpers: RtlIsZeroMemory and the generic tables
 * (AVL: RTL_AVL_TABLE; splay: RTL_GENERIC_TABLE and the RTL_SPLAY_LINKS primitives).
 *
 * Generic tables store caller data in nodes the caller allocates. For each new element the
 * table calls AllocateRoutine(Table, header + BufferSize) and copies the caller's Buffer in
 * after the header; every pointer the table hands back points at that copy. The header is
 * sizeof(RTL_BALANCED_LINKS) (32) bytes for AVL tables and sizeof(RTL_SPLAY_LINKS) +
 * sizeof(LIST_ENTRY) (40) bytes for splay tables; callers must not touch it. FreeRoutine
 * receives the pointer AllocateRoutine returned. The caller serializes all access.
 *
 * Defining RTL_USE_AVL_TABLES before including ntddk.h makes the RtlXxxGenericTable names
 * and types refer to the AVL implementation, as in the WDK.
 */
#ifndef _KMODE_WDM_RTL_MISC_NTDDK_H_
#define _KMODE_WDM_RTL_MISC_NTDDK_H_

KMODE_EXTERN_C_START

/* @implemented: any IRQL (resident memory). TRUE if all Length bytes are zero (TRUE for 0). */
_Must_inspect_result_
NTSYSAPI BOOLEAN NTAPI RtlIsZeroMemory(_In_reads_bytes_(Length) PVOID Buffer, _In_ SIZE_T Length);

/* ---- Shared by both table kinds --------------------------------------------------------- */

typedef enum _RTL_GENERIC_COMPARE_RESULTS {
    GenericLessThan,
    GenericGreaterThan,
    GenericEqual
} RTL_GENERIC_COMPARE_RESULTS;

typedef enum _TABLE_SEARCH_RESULT {
    TableEmptyTree,
    TableFoundNode,
    TableInsertAsLeft,
    TableInsertAsRight
} TABLE_SEARCH_RESULT;

/* ---- AVL tables ------------------------------------------------------------------------- */

typedef struct _RTL_BALANCED_LINKS {
    struct _RTL_BALANCED_LINKS *Parent;
    struct _RTL_BALANCED_LINKS *LeftChild;
    struct _RTL_BALANCED_LINKS *RightChild;
    CHAR Balance;          /* height(right) - height(left): -1, 0 or +1 */
    UCHAR Reserved[3];
} RTL_BALANCED_LINKS, *PRTL_BALANCED_LINKS;

struct _RTL_AVL_TABLE;

/* Compares the caller's FirstStruct (a search key) with an element's data SecondStruct. */
typedef RTL_GENERIC_COMPARE_RESULTS NTAPI RTL_AVL_COMPARE_ROUTINE(
    _In_ struct _RTL_AVL_TABLE *Table, _In_ PVOID FirstStruct, _In_ PVOID SecondStruct);
typedef RTL_AVL_COMPARE_ROUTINE *PRTL_AVL_COMPARE_ROUTINE;

typedef PVOID NTAPI RTL_AVL_ALLOCATE_ROUTINE(_In_ struct _RTL_AVL_TABLE *Table,
                                             _In_ CLONG ByteSize);
typedef RTL_AVL_ALLOCATE_ROUTINE *PRTL_AVL_ALLOCATE_ROUTINE;

typedef VOID NTAPI RTL_AVL_FREE_ROUTINE(_In_ struct _RTL_AVL_TABLE *Table, _In_ PVOID Buffer);
typedef RTL_AVL_FREE_ROUTINE *PRTL_AVL_FREE_ROUTINE;

/* For RtlEnumerateGenericTableLikeADirectory: STATUS_SUCCESS returns the element,
   STATUS_NO_MORE_MATCHES ends the enumeration, anything else skips the element. */
typedef NTSTATUS NTAPI RTL_AVL_MATCH_FUNCTION(_In_ struct _RTL_AVL_TABLE *Table,
                                              _In_ PVOID UserData, _In_ PVOID MatchData);
typedef RTL_AVL_MATCH_FUNCTION *PRTL_AVL_MATCH_FUNCTION;

#ifndef STATUS_NO_MATCH
#define STATUS_NO_MATCH        ((NTSTATUS)0xC0000272L)
#endif
#ifndef STATUS_NO_MORE_MATCHES
#define STATUS_NO_MORE_MATCHES ((NTSTATUS)0xC0000273L)
#endif

/*
 * The tree hangs off BalancedRoot, a sentinel: the root element is BalancedRoot.RightChild
 * and its Parent is &BalancedRoot (whose own Parent points to itself).
 */
typedef struct _RTL_AVL_TABLE {
    RTL_BALANCED_LINKS BalancedRoot;
    PVOID OrderedPointer;                /* RtlGetElementGenericTableAvl's cursor (a node) */
    ULONG WhichOrderedElement;           /* its 1-based position; 0 = no cursor */
    ULONG NumberGenericTableElements;
    ULONG DepthOfTree;                   /* height of the tree, in levels */
    PRTL_BALANCED_LINKS RestartKey;      /* RtlEnumerateGenericTableAvl's position */
    ULONG DeleteCount;                   /* incremented by every deletion */
    PRTL_AVL_COMPARE_ROUTINE CompareRoutine;
    PRTL_AVL_ALLOCATE_ROUTINE AllocateRoutine;
    PRTL_AVL_FREE_ROUTINE FreeRoutine;
    PVOID TableContext;
} RTL_AVL_TABLE, *PRTL_AVL_TABLE;

/* @implemented: any IRQL the callbacks allow (<= DISPATCH_LEVEL), for every AVL routine. */
NTSYSAPI VOID NTAPI RtlInitializeGenericTableAvl(_Out_ PRTL_AVL_TABLE Table,
                                                 _In_ PRTL_AVL_COMPARE_ROUTINE CompareRoutine,
                                                 _In_ PRTL_AVL_ALLOCATE_ROUTINE AllocateRoutine,
                                                 _In_ PRTL_AVL_FREE_ROUTINE FreeRoutine,
                                                 _In_opt_ PVOID TableContext);

/*
 * Inserts a copy of Buffer unless an equal element exists. Returns the new or the existing
 * element's data (*NewElement TRUE / FALSE), or NULL when AllocateRoutine fails.
 */
NTSYSAPI PVOID NTAPI RtlInsertElementGenericTableAvl(_In_ PRTL_AVL_TABLE Table,
                                                     _In_reads_bytes_(BufferSize) PVOID Buffer,
                                                     _In_ CLONG BufferSize,
                                                     _Out_opt_ PBOOLEAN NewElement);

/* As above, at the position a preceding RtlLookupElementGenericTableFullAvl returned. */
NTSYSAPI PVOID NTAPI RtlInsertElementGenericTableFullAvl(_In_ PRTL_AVL_TABLE Table,
                                                         _In_reads_bytes_(BufferSize) PVOID Buffer,
                                                         _In_ CLONG BufferSize,
                                                         _Out_opt_ PBOOLEAN NewElement,
                                                         _In_ PVOID NodeOrParent,
                                                         _In_ TABLE_SEARCH_RESULT SearchResult);

/* Deletes the element equal to Buffer. FALSE if there is none. */
NTSYSAPI BOOLEAN NTAPI RtlDeleteElementGenericTableAvl(_In_ PRTL_AVL_TABLE Table, _In_ PVOID Buffer);

/* Deletes the node a RtlLookupElementGenericTableFullAvl returned (TableFoundNode). */
NTSYSAPI VOID NTAPI RtlDeleteElementGenericTableAvlEx(_In_ PRTL_AVL_TABLE Table,
                                                      _In_ PVOID NodeOrParent);

/* The element equal to Buffer, or NULL. */
_Must_inspect_result_
NTSYSAPI PVOID NTAPI RtlLookupElementGenericTableAvl(_In_ PRTL_AVL_TABLE Table, _In_ PVOID Buffer);

/*
 * Like RtlLookupElementGenericTableAvl, also reporting where Buffer is or would go: the node
 * found (TableFoundNode) or the would-be parent (TableInsertAsLeft/Right). On an empty table
 * the result is TableEmptyTree and *NodeOrParent is left untouched.
 */
NTSYSAPI PVOID NTAPI RtlLookupElementGenericTableFullAvl(_In_ PRTL_AVL_TABLE Table,
                                                         _In_ PVOID Buffer,
                                                         _Out_ PVOID *NodeOrParent,
                                                         _Out_ TABLE_SEARCH_RESULT *SearchResult);

/*
 * The leftmost (first in collation order) element the compare routine calls equal to Buffer,
 * or NULL. *RestartKey is set for RtlEnumerateGenericTableWithoutSplayingAvl to continue
 * with the elements after it (NULL when nothing matches).
 */
NTSYSAPI PVOID NTAPI RtlLookupFirstMatchingElementGenericTableAvl(_In_ PRTL_AVL_TABLE Table,
                                                                  _In_ PVOID Buffer,
                                                                  _Out_ PVOID *RestartKey);

/* Enumerates in collation order: Restart TRUE returns the first element, FALSE the next. */
_Must_inspect_result_
NTSYSAPI PVOID NTAPI RtlEnumerateGenericTableAvl(_In_ PRTL_AVL_TABLE Table, _In_ BOOLEAN Restart);

/* Enumerates with a caller-held cursor: *RestartKey NULL starts at the first element. */
_Must_inspect_result_
NTSYSAPI PVOID NTAPI RtlEnumerateGenericTableWithoutSplayingAvl(_In_ PRTL_AVL_TABLE Table,
                                                                _Inout_ PVOID *RestartKey);

/*
 * Enumerates in collation order across insertions and deletions: resumes after *RestartKey
 * (NextFlag TRUE) or at it, unless *RestartKey is NULL or a deletion happened since the call
 * that produced it (*DeleteCount differs), in which case it resumes at the element matching
 * Buffer (or the next one after it). Elements MatchFunction rejects are skipped.
 */
_Must_inspect_result_
NTSYSAPI PVOID NTAPI RtlEnumerateGenericTableLikeADirectory(
    _In_ PRTL_AVL_TABLE Table, _In_opt_ PRTL_AVL_MATCH_FUNCTION MatchFunction,
    _In_opt_ PVOID MatchData, _In_ ULONG NextFlag, _Inout_ PVOID *RestartKey,
    _Inout_ PULONG DeleteCount, _In_ PVOID Buffer);

/* The I-th element (0-based) in collation order, or NULL if I is out of range. */
_Must_inspect_result_
NTSYSAPI PVOID NTAPI RtlGetElementGenericTableAvl(_In_ PRTL_AVL_TABLE Table, _In_ ULONG I);

NTSYSAPI ULONG NTAPI RtlNumberGenericTableElementsAvl(_In_ PRTL_AVL_TABLE Table);

_Must_inspect_result_
NTSYSAPI BOOLEAN NTAPI RtlIsGenericTableEmptyAvl(_In_ PRTL_AVL_TABLE Table);

/* ---- Splay links ------------------------------------------------------------------------ */

typedef struct _RTL_SPLAY_LINKS {
    struct _RTL_SPLAY_LINKS *Parent;       /* a root is its own parent */
    struct _RTL_SPLAY_LINKS *LeftChild;
    struct _RTL_SPLAY_LINKS *RightChild;
} RTL_SPLAY_LINKS, *PRTL_SPLAY_LINKS;

#define RtlInitializeSplayLinks(Links) \
    do { \
        PRTL_SPLAY_LINKS _SplayLinks = (PRTL_SPLAY_LINKS)(Links); \
        _SplayLinks->Parent = _SplayLinks; \
        _SplayLinks->LeftChild = NULL; \
        _SplayLinks->RightChild = NULL; \
    } while (0)

#define RtlParent(Links)     ((PRTL_SPLAY_LINKS)(Links)->Parent)
#define RtlLeftChild(Links)  ((PRTL_SPLAY_LINKS)(Links)->LeftChild)
#define RtlRightChild(Links) ((PRTL_SPLAY_LINKS)(Links)->RightChild)
#define RtlIsRoot(Links)     ((RtlParent(Links) == (PRTL_SPLAY_LINKS)(Links)))
#define RtlIsLeftChild(Links)  ((RtlLeftChild(RtlParent(Links)) == (PRTL_SPLAY_LINKS)(Links)))
#define RtlIsRightChild(Links) ((RtlRightChild(RtlParent(Links)) == (PRTL_SPLAY_LINKS)(Links)))

#define RtlInsertAsLeftChild(ParentLinks, ChildLinks) \
    do { \
        PRTL_SPLAY_LINKS _SplayParent = (PRTL_SPLAY_LINKS)(ParentLinks); \
        PRTL_SPLAY_LINKS _SplayChild = (PRTL_SPLAY_LINKS)(ChildLinks); \
        _SplayParent->LeftChild = _SplayChild; \
        _SplayChild->Parent = _SplayParent; \
    } while (0)

#define RtlInsertAsRightChild(ParentLinks, ChildLinks) \
    do { \
        PRTL_SPLAY_LINKS _SplayParent = (PRTL_SPLAY_LINKS)(ParentLinks); \
        PRTL_SPLAY_LINKS _SplayChild = (PRTL_SPLAY_LINKS)(ChildLinks); \
        _SplayParent->RightChild = _SplayChild; \
        _SplayChild->Parent = _SplayParent; \
    } while (0)

/* @implemented: any IRQL (resident tree) for the splay primitives. */

/* Splays Links to the root of its tree; returns the new root (Links). */
NTSYSAPI PRTL_SPLAY_LINKS NTAPI RtlSplay(_Inout_ PRTL_SPLAY_LINKS Links);
/* Removes Links from its tree and returns the new root (NULL if the tree is now empty). */
NTSYSAPI PRTL_SPLAY_LINKS NTAPI RtlDelete(_In_ PRTL_SPLAY_LINKS Links);
/* Removes Links without splaying; *Root is updated to the (possibly new) root. */
NTSYSAPI VOID NTAPI RtlDeleteNoSplay(_In_ PRTL_SPLAY_LINKS Links, _Inout_ PRTL_SPLAY_LINKS *Root);
/* Successor / predecessor inside Links' subtrees only (NULL if none). */
_Must_inspect_result_
NTSYSAPI PRTL_SPLAY_LINKS NTAPI RtlSubtreeSuccessor(_In_ PRTL_SPLAY_LINKS Links);
_Must_inspect_result_
NTSYSAPI PRTL_SPLAY_LINKS NTAPI RtlSubtreePredecessor(_In_ PRTL_SPLAY_LINKS Links);
/* Successor / predecessor in the whole tree (NULL if none). */
_Must_inspect_result_
NTSYSAPI PRTL_SPLAY_LINKS NTAPI RtlRealSuccessor(_In_ PRTL_SPLAY_LINKS Links);
_Must_inspect_result_
NTSYSAPI PRTL_SPLAY_LINKS NTAPI RtlRealPredecessor(_In_ PRTL_SPLAY_LINKS Links);

/* ---- Splay tables ----------------------------------------------------------------------- */

struct _RTL_GENERIC_TABLE;

typedef RTL_GENERIC_COMPARE_RESULTS NTAPI RTL_GENERIC_COMPARE_ROUTINE(
    _In_ struct _RTL_GENERIC_TABLE *Table, _In_ PVOID FirstStruct, _In_ PVOID SecondStruct);
typedef RTL_GENERIC_COMPARE_ROUTINE *PRTL_GENERIC_COMPARE_ROUTINE;

typedef PVOID NTAPI RTL_GENERIC_ALLOCATE_ROUTINE(_In_ struct _RTL_GENERIC_TABLE *Table,
                                                 _In_ CLONG ByteSize);
typedef RTL_GENERIC_ALLOCATE_ROUTINE *PRTL_GENERIC_ALLOCATE_ROUTINE;

typedef VOID NTAPI RTL_GENERIC_FREE_ROUTINE(_In_ struct _RTL_GENERIC_TABLE *Table,
                                            _In_ PVOID Buffer);
typedef RTL_GENERIC_FREE_ROUTINE *PRTL_GENERIC_FREE_ROUTINE;

typedef struct _RTL_GENERIC_TABLE {
    PRTL_SPLAY_LINKS TableRoot;          /* NULL when empty */
    LIST_ENTRY InsertOrderList;          /* elements in insertion order */
    PLIST_ENTRY OrderedPointer;          /* RtlGetElementGenericTable's cursor */
    ULONG WhichOrderedElement;           /* its 1-based position; 0 = no cursor */
    ULONG NumberGenericTableElements;
    PRTL_GENERIC_COMPARE_ROUTINE CompareRoutine;
    PRTL_GENERIC_ALLOCATE_ROUTINE AllocateRoutine;
    PRTL_GENERIC_FREE_ROUTINE FreeRoutine;
    PVOID TableContext;
} RTL_GENERIC_TABLE, *PRTL_GENERIC_TABLE;

/* @implemented: any IRQL the callbacks allow (<= DISPATCH_LEVEL), for every splay routine. */
NTSYSAPI VOID NTAPI RtlInitializeGenericTable(_Out_ PRTL_GENERIC_TABLE Table,
                                              _In_ PRTL_GENERIC_COMPARE_ROUTINE CompareRoutine,
                                              _In_ PRTL_GENERIC_ALLOCATE_ROUTINE AllocateRoutine,
                                              _In_ PRTL_GENERIC_FREE_ROUTINE FreeRoutine,
                                              _In_opt_ PVOID TableContext);

/* Same contracts as the AVL routines; lookups and inserts splay the element to the root. */
NTSYSAPI PVOID NTAPI RtlInsertElementGenericTable(_In_ PRTL_GENERIC_TABLE Table,
                                                  _In_reads_bytes_(BufferSize) PVOID Buffer,
                                                  _In_ CLONG BufferSize,
                                                  _Out_opt_ PBOOLEAN NewElement);
NTSYSAPI PVOID NTAPI RtlInsertElementGenericTableFull(_In_ PRTL_GENERIC_TABLE Table,
                                                      _In_reads_bytes_(BufferSize) PVOID Buffer,
                                                      _In_ CLONG BufferSize,
                                                      _Out_opt_ PBOOLEAN NewElement,
                                                      _In_ PVOID NodeOrParent,
                                                      _In_ TABLE_SEARCH_RESULT SearchResult);
NTSYSAPI BOOLEAN NTAPI RtlDeleteElementGenericTable(_In_ PRTL_GENERIC_TABLE Table,
                                                    _In_ PVOID Buffer);
_Must_inspect_result_
NTSYSAPI PVOID NTAPI RtlLookupElementGenericTable(_In_ PRTL_GENERIC_TABLE Table,
                                                  _In_ PVOID Buffer);
NTSYSAPI PVOID NTAPI RtlLookupElementGenericTableFull(_In_ PRTL_GENERIC_TABLE Table,
                                                      _In_ PVOID Buffer,
                                                      _Out_ PVOID *NodeOrParent,
                                                      _Out_ TABLE_SEARCH_RESULT *SearchResult);
/*
 * Collation order. The position is the tree's root: each call splays the element it returns
 * to the root and the next call continues after the root, so a lookup or insert between two
 * calls moves the enumeration (as on Windows). Use ...WithoutSplaying to avoid that.
 */
_Must_inspect_result_
NTSYSAPI PVOID NTAPI RtlEnumerateGenericTable(_In_ PRTL_GENERIC_TABLE Table, _In_ BOOLEAN Restart);
_Must_inspect_result_
NTSYSAPI PVOID NTAPI RtlEnumerateGenericTableWithoutSplaying(_In_ PRTL_GENERIC_TABLE Table,
                                                             _Inout_ PVOID *RestartKey);
/* The I-th element (0-based) in insertion order, or NULL. */
_Must_inspect_result_
NTSYSAPI PVOID NTAPI RtlGetElementGenericTable(_In_ PRTL_GENERIC_TABLE Table, _In_ ULONG I);
NTSYSAPI ULONG NTAPI RtlNumberGenericTableElements(_In_ PRTL_GENERIC_TABLE Table);
_Must_inspect_result_
NTSYSAPI BOOLEAN NTAPI RtlIsGenericTableEmpty(_In_ PRTL_GENERIC_TABLE Table);

KMODE_EXTERN_C_END

/* ---- RTL_USE_AVL_TABLES: the generic names refer to the AVL implementation -------------- */

#if defined(RTL_USE_AVL_TABLES)
#define RTL_GENERIC_COMPARE_ROUTINE   RTL_AVL_COMPARE_ROUTINE
#define RTL_GENERIC_ALLOCATE_ROUTINE  RTL_AVL_ALLOCATE_ROUTINE
#define RTL_GENERIC_FREE_ROUTINE      RTL_AVL_FREE_ROUTINE
#define PRTL_GENERIC_COMPARE_ROUTINE  PRTL_AVL_COMPARE_ROUTINE
#define PRTL_GENERIC_ALLOCATE_ROUTINE PRTL_AVL_ALLOCATE_ROUTINE
#define PRTL_GENERIC_FREE_ROUTINE     PRTL_AVL_FREE_ROUTINE
#define RTL_GENERIC_TABLE             RTL_AVL_TABLE
#define PRTL_GENERIC_TABLE            PRTL_AVL_TABLE
#define RtlInitializeGenericTable               RtlInitializeGenericTableAvl
#define RtlInsertElementGenericTable            RtlInsertElementGenericTableAvl
#define RtlInsertElementGenericTableFull        RtlInsertElementGenericTableFullAvl
#define RtlDeleteElementGenericTable            RtlDeleteElementGenericTableAvl
#define RtlLookupElementGenericTable            RtlLookupElementGenericTableAvl
#define RtlLookupElementGenericTableFull        RtlLookupElementGenericTableFullAvl
#define RtlEnumerateGenericTable                RtlEnumerateGenericTableAvl
#define RtlEnumerateGenericTableWithoutSplaying RtlEnumerateGenericTableWithoutSplayingAvl
#define RtlGetElementGenericTable               RtlGetElementGenericTableAvl
#define RtlNumberGenericTableElements           RtlNumberGenericTableElementsAvl
#define RtlIsGenericTableEmpty                  RtlIsGenericTableEmptyAvl
#endif

#endif /* _KMODE_WDM_RTL_MISC_NTDDK_H_ */
