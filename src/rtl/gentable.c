/*
 * PURPOSE: Splay trees (RTL_SPLAY_LINKS primitives) and the generic tables built on them
 * (RTL_GENERIC_TABLE, the RtlXxxGenericTable routines).
 *
 * Splay links: a root is its own Parent. An element of a generic table is one caller
 * allocation: RTL_SPLAY_LINKS, then a LIST_ENTRY linking it into Table->InsertOrderList
 * (insertion order, used by RtlGetElementGenericTable), then the caller's data at offset
 * RTLP_SPLAY_HEADER (40).
 *
 * Which operations splay (move the element to the root) follows Windows: inserts and
 * lookups do (a lookup that misses splays the last element it compared with),
 * RtlEnumerateGenericTable does - its position is the root - while the "Full" lookup and the
 * "WithoutSplaying" enumeration leave the tree as it is (the Full lookup's node/parent
 * result must stay valid for RtlInsertElementGenericTableFull).
 */

/* INCLUDES ******************************************************************************/

#include <string.h>
#include <ntddk.h>
#include <internal/invoke.h>

/* GLOBALS *******************************************************************************/

typedef struct _RTLP_SPLAY_ENTRY {
    RTL_SPLAY_LINKS Links;
    LIST_ENTRY InsertOrder;
    /* caller data follows at RTLP_SPLAY_HEADER */
} RTLP_SPLAY_ENTRY, *PRTLP_SPLAY_ENTRY;

#define RTLP_SPLAY_HEADER ((CLONG)(sizeof(RTL_SPLAY_LINKS) + sizeof(LIST_ENTRY)))
#define RTLP_SPLAY_DATA(Links) ((PVOID)((PUCHAR)(Links) + RTLP_SPLAY_HEADER))

C_ASSERT(sizeof(RTLP_SPLAY_ENTRY) == 40);

/* PRIVATE FUNCTIONS *********************************************************************/

static PRTL_SPLAY_LINKS RtlpSplayLeftmost(PRTL_SPLAY_LINKS Links)
{
    while (Links->LeftChild != NULL)
        Links = Links->LeftChild;
    return Links;
}

static PRTL_SPLAY_LINKS RtlpSplayRightmost(PRTL_SPLAY_LINKS Links)
{
    while (Links->RightChild != NULL)
        Links = Links->RightChild;
    return Links;
}

/* Rotates Child above its parent. */
static VOID RtlpSplayRotate(PRTL_SPLAY_LINKS Child)
{
    PRTL_SPLAY_LINKS Parent = Child->Parent;
    PRTL_SPLAY_LINKS Grand = Parent->Parent;
    BOOLEAN ParentWasRoot = (BOOLEAN)(Grand == Parent);

    if (Parent->LeftChild == Child) {
        Parent->LeftChild = Child->RightChild;
        if (Child->RightChild != NULL)
            Child->RightChild->Parent = Parent;
        Child->RightChild = Parent;
    } else {
        Parent->RightChild = Child->LeftChild;
        if (Child->LeftChild != NULL)
            Child->LeftChild->Parent = Parent;
        Child->LeftChild = Parent;
    }
    Parent->Parent = Child;
    if (ParentWasRoot) {
        Child->Parent = Child;
    } else {
        if (Grand->LeftChild == Parent)
            Grand->LeftChild = Child;
        else
            Grand->RightChild = Child;
        Child->Parent = Grand;
    }
}

/* Puts Replacement (which may be NULL) in Links' place, as the root if Links was the root. */
static VOID RtlpSplayReplace(PRTL_SPLAY_LINKS Links, PRTL_SPLAY_LINKS Replacement)
{
    PRTL_SPLAY_LINKS Parent = Links->Parent;

    if (Parent == Links) {
        if (Replacement != NULL)
            Replacement->Parent = Replacement;
        return;
    }
    if (Parent->LeftChild == Links)
        Parent->LeftChild = Replacement;
    else
        Parent->RightChild = Replacement;
    if (Replacement != NULL)
        Replacement->Parent = Parent;
}

/*
 * Unlinks Links. Returns the node where the structure changed (the parent of the spot that
 * lost a node), or NULL if that spot was the root; *NewRoot receives the root afterwards
 * (NULL if the tree is empty). OldRoot is the root before the deletion.
 */
static PRTL_SPLAY_LINKS RtlpSplayUnlink(PRTL_SPLAY_LINKS Links, PRTL_SPLAY_LINKS OldRoot,
                                        PRTL_SPLAY_LINKS *NewRoot)
{
    PRTL_SPLAY_LINKS Changed;
    PRTL_SPLAY_LINKS Replacement;

    if (Links->LeftChild != NULL && Links->RightChild != NULL) {
        /* Two children: the subtree predecessor takes its place. */
        Replacement = RtlpSplayRightmost(Links->LeftChild);
        if (Replacement->Parent == Links) {
            Changed = Replacement;
        } else {
            Changed = Replacement->Parent;
            Changed->RightChild = Replacement->LeftChild;
            if (Replacement->LeftChild != NULL)
                Replacement->LeftChild->Parent = Changed;
            Replacement->LeftChild = Links->LeftChild;
            Replacement->LeftChild->Parent = Replacement;
        }
        Replacement->RightChild = Links->RightChild;
        Replacement->RightChild->Parent = Replacement;
    } else {
        Replacement = Links->LeftChild != NULL ? Links->LeftChild : Links->RightChild;
        Changed = Links->Parent == Links ? Replacement : Links->Parent;
    }
    RtlpSplayReplace(Links, Replacement);
    *NewRoot = Links == OldRoot ? Replacement : OldRoot;
    return Changed;
}

static PRTL_SPLAY_LINKS RtlpSplayRoot(PRTL_SPLAY_LINKS Links)
{
    while (Links->Parent != Links)
        Links = Links->Parent;
    return Links;
}

/* Descends from the root; see RtlLookupElementGenericTableFull for the results. */
static TABLE_SEARCH_RESULT RtlpGenericFind(PRTL_GENERIC_TABLE Table, PVOID Buffer,
                                           PRTL_SPLAY_LINKS *NodeOrParent)
{
    PRTL_SPLAY_LINKS Node = Table->TableRoot;

    if (Node == NULL)
        return TableEmptyTree;
    for (;;) {
        RTL_GENERIC_COMPARE_RESULTS Result = KiInvokeGenericCompare(Table->CompareRoutine, Table, Buffer, RTLP_SPLAY_DATA(Node));
        PRTL_SPLAY_LINKS Next;

        if (Result == GenericEqual) {
            *NodeOrParent = Node;
            return TableFoundNode;
        }
        Next = Result == GenericLessThan ? Node->LeftChild : Node->RightChild;
        if (Next == NULL) {
            *NodeOrParent = Node;
            return Result == GenericLessThan ? TableInsertAsLeft : TableInsertAsRight;
        }
        Node = Next;
    }
}

static PVOID RtlpGenericInsert(PRTL_GENERIC_TABLE Table, PVOID Buffer, CLONG BufferSize,
                               PBOOLEAN NewElement, PRTL_SPLAY_LINKS NodeOrParent,
                               TABLE_SEARCH_RESULT SearchResult)
{
    PRTLP_SPLAY_ENTRY Entry;

    if (SearchResult == TableFoundNode) {
        Table->TableRoot = RtlSplay(NodeOrParent);
        if (NewElement != NULL)
            *NewElement = FALSE;
        return RTLP_SPLAY_DATA(NodeOrParent);
    }

    Entry = BufferSize > MAXULONG - RTLP_SPLAY_HEADER
                ? NULL
                : (PRTLP_SPLAY_ENTRY)KiInvokeGenericAllocate(Table->AllocateRoutine, Table, RTLP_SPLAY_HEADER + BufferSize);
    if (Entry == NULL) {
        if (NewElement != NULL)
            *NewElement = FALSE;
        return NULL;
    }
    RtlInitializeSplayLinks(&Entry->Links);
    if (SearchResult == TableInsertAsLeft)
        RtlInsertAsLeftChild(NodeOrParent, &Entry->Links);
    else if (SearchResult == TableInsertAsRight)
        RtlInsertAsRightChild(NodeOrParent, &Entry->Links);
    InsertTailList(&Table->InsertOrderList, &Entry->InsertOrder);
    Table->NumberGenericTableElements++;
    memcpy(RTLP_SPLAY_DATA(Entry), Buffer, BufferSize);
    Table->TableRoot = RtlSplay(&Entry->Links);
    if (NewElement != NULL)
        *NewElement = TRUE;
    return RTLP_SPLAY_DATA(Entry);
}

/* PUBLIC FUNCTIONS: splay links *********************************************************/

/* @implemented. Any IRQL (resident tree). Splays Links to the root; returns it. */
PRTL_SPLAY_LINKS NTAPI RtlSplay(PRTL_SPLAY_LINKS Links)
{
    while (Links->Parent != Links) {
        PRTL_SPLAY_LINKS Parent = Links->Parent;
        PRTL_SPLAY_LINKS Grand = Parent->Parent;

        if (Grand == Parent) {
            RtlpSplayRotate(Links);                       /* zig */
        } else if ((Grand->LeftChild == Parent) == (Parent->LeftChild == Links)) {
            RtlpSplayRotate(Parent);                      /* zig-zig */
            RtlpSplayRotate(Links);
        } else {
            RtlpSplayRotate(Links);                       /* zig-zag */
            RtlpSplayRotate(Links);
        }
    }
    return Links;
}

/*
 * @implemented
 * Any IRQL (resident tree). Removes Links, splays the node that was its parent (or its
 * replacement's old parent) and returns the tree's new root, NULL if the tree is now empty.
 */
PRTL_SPLAY_LINKS NTAPI RtlDelete(PRTL_SPLAY_LINKS Links)
{
    PRTL_SPLAY_LINKS Root;
    PRTL_SPLAY_LINKS Changed = RtlpSplayUnlink(Links, RtlpSplayRoot(Links), &Root);

    return Changed != NULL ? RtlSplay(Changed) : Root;
}

/* @implemented. Any IRQL (resident tree). Removes Links without splaying; updates *Root. */
VOID NTAPI RtlDeleteNoSplay(PRTL_SPLAY_LINKS Links, PRTL_SPLAY_LINKS *Root)
{
    PRTL_SPLAY_LINKS NewRoot;

    RtlpSplayUnlink(Links, *Root, &NewRoot);
    *Root = NewRoot;
}

/* @implemented. Any IRQL. The smallest node of Links' right subtree, or NULL. */
PRTL_SPLAY_LINKS NTAPI RtlSubtreeSuccessor(PRTL_SPLAY_LINKS Links)
{
    return Links->RightChild != NULL ? RtlpSplayLeftmost(Links->RightChild) : NULL;
}

/* @implemented. Any IRQL. The largest node of Links' left subtree, or NULL. */
PRTL_SPLAY_LINKS NTAPI RtlSubtreePredecessor(PRTL_SPLAY_LINKS Links)
{
    return Links->LeftChild != NULL ? RtlpSplayRightmost(Links->LeftChild) : NULL;
}

/* @implemented. Any IRQL. In-order successor in the whole tree, or NULL. */
PRTL_SPLAY_LINKS NTAPI RtlRealSuccessor(PRTL_SPLAY_LINKS Links)
{
    if (Links->RightChild != NULL)
        return RtlpSplayLeftmost(Links->RightChild);
    while (Links->Parent != Links) {
        if (Links->Parent->LeftChild == Links)
            return Links->Parent;
        Links = Links->Parent;
    }
    return NULL;
}

/* @implemented. Any IRQL. In-order predecessor in the whole tree, or NULL. */
PRTL_SPLAY_LINKS NTAPI RtlRealPredecessor(PRTL_SPLAY_LINKS Links)
{
    if (Links->LeftChild != NULL)
        return RtlpSplayRightmost(Links->LeftChild);
    while (Links->Parent != Links) {
        if (Links->Parent->RightChild == Links)
            return Links->Parent;
        Links = Links->Parent;
    }
    return NULL;
}

/* PUBLIC FUNCTIONS: generic tables ******************************************************/

/* @implemented. <= DISPATCH_LEVEL. Sets up an empty table; nothing is allocated. */
VOID NTAPI RtlInitializeGenericTable(PRTL_GENERIC_TABLE Table,
                                     PRTL_GENERIC_COMPARE_ROUTINE CompareRoutine,
                                     PRTL_GENERIC_ALLOCATE_ROUTINE AllocateRoutine,
                                     PRTL_GENERIC_FREE_ROUTINE FreeRoutine, PVOID TableContext)
{
    Table->TableRoot = NULL;
    InitializeListHead(&Table->InsertOrderList);
    Table->OrderedPointer = &Table->InsertOrderList;
    Table->WhichOrderedElement = 0;
    Table->NumberGenericTableElements = 0;
    Table->CompareRoutine = CompareRoutine;
    Table->AllocateRoutine = AllocateRoutine;
    Table->FreeRoutine = FreeRoutine;
    Table->TableContext = TableContext;
}

/*
 * @implemented
 * Inserts a copy of Buffer unless an equal element exists; the element ends up at the root.
 * Returns the new (*NewElement TRUE) or existing (FALSE) element's data; NULL if the
 * allocation fails.
 */
PVOID NTAPI RtlInsertElementGenericTable(PRTL_GENERIC_TABLE Table, PVOID Buffer,
                                         CLONG BufferSize, PBOOLEAN NewElement)
{
    PRTL_SPLAY_LINKS NodeOrParent = NULL;
    TABLE_SEARCH_RESULT Result = RtlpGenericFind(Table, Buffer, &NodeOrParent);

    return RtlpGenericInsert(Table, Buffer, BufferSize, NewElement, NodeOrParent, Result);
}

/* @implemented. As above, at the position a RtlLookupElementGenericTableFull returned. */
PVOID NTAPI RtlInsertElementGenericTableFull(PRTL_GENERIC_TABLE Table, PVOID Buffer,
                                             CLONG BufferSize, PBOOLEAN NewElement,
                                             PVOID NodeOrParent, TABLE_SEARCH_RESULT SearchResult)
{
    return RtlpGenericInsert(Table, Buffer, BufferSize, NewElement,
                             (PRTL_SPLAY_LINKS)NodeOrParent, SearchResult);
}

/* @implemented. TRUE if an element equal to Buffer was found, unlinked and freed. */
BOOLEAN NTAPI RtlDeleteElementGenericTable(PRTL_GENERIC_TABLE Table, PVOID Buffer)
{
    PRTL_SPLAY_LINKS Node = NULL;
    PRTLP_SPLAY_ENTRY Entry;

    if (RtlpGenericFind(Table, Buffer, &Node) != TableFoundNode)
        return FALSE;
    Entry = CONTAINING_RECORD(Node, RTLP_SPLAY_ENTRY, Links);
    Table->TableRoot = RtlDelete(Node);
    RemoveEntryList(&Entry->InsertOrder);
    Table->NumberGenericTableElements--;
    Table->WhichOrderedElement = 0;
    Table->OrderedPointer = &Table->InsertOrderList;
    KiInvokeGenericFree(Table->FreeRoutine, Table, Entry);
    return TRUE;
}

/*
 * @implemented
 * The data of the element equal to Buffer, or NULL. The element found (or, on a miss, the
 * last element compared) is splayed to the root.
 */
PVOID NTAPI RtlLookupElementGenericTable(PRTL_GENERIC_TABLE Table, PVOID Buffer)
{
    PRTL_SPLAY_LINKS Node = NULL;
    TABLE_SEARCH_RESULT Result = RtlpGenericFind(Table, Buffer, &Node);

    if (Result == TableEmptyTree)
        return NULL;
    Table->TableRoot = RtlSplay(Node);
    return Result == TableFoundNode ? RTLP_SPLAY_DATA(Node) : NULL;
}

/*
 * @implemented
 * Lookup without splaying that reports the node (TableFoundNode) or would-be parent
 * (TableInsertAsLeft/Right); on an empty table TableEmptyTree and *NodeOrParent untouched.
 */
PVOID NTAPI RtlLookupElementGenericTableFull(PRTL_GENERIC_TABLE Table, PVOID Buffer,
                                             PVOID *NodeOrParent, TABLE_SEARCH_RESULT *SearchResult)
{
    PRTL_SPLAY_LINKS Node = NULL;

    *SearchResult = RtlpGenericFind(Table, Buffer, &Node);
    if (*SearchResult == TableEmptyTree)
        return NULL;
    *NodeOrParent = Node;
    return *SearchResult == TableFoundNode ? RTLP_SPLAY_DATA(Node) : NULL;
}

/*
 * @implemented
 * Collation order; the element returned is splayed to the root and the next call (Restart
 * FALSE) continues after whatever is then the root.
 */
PVOID NTAPI RtlEnumerateGenericTable(PRTL_GENERIC_TABLE Table, BOOLEAN Restart)
{
    PRTL_SPLAY_LINKS Node;

    if (Table->TableRoot == NULL)
        return NULL;
    Node = Restart ? RtlpSplayLeftmost(Table->TableRoot) : RtlRealSuccessor(Table->TableRoot);
    if (Node == NULL)
        return NULL;
    Table->TableRoot = RtlSplay(Node);
    return RTLP_SPLAY_DATA(Node);
}

/* @implemented. Collation order with a caller-held cursor; the tree is not changed. */
PVOID NTAPI RtlEnumerateGenericTableWithoutSplaying(PRTL_GENERIC_TABLE Table, PVOID *RestartKey)
{
    PRTL_SPLAY_LINKS Node;

    if (Table->TableRoot == NULL)
        return NULL;
    if (*RestartKey == NULL)
        Node = RtlpSplayLeftmost(Table->TableRoot);
    else
        Node = RtlRealSuccessor((PRTL_SPLAY_LINKS)*RestartKey);
    if (Node == NULL)
        return NULL;
    *RestartKey = Node;
    return RTLP_SPLAY_DATA(Node);
}

/*
 * @implemented
 * The I-th element (0-based) in insertion order, or NULL. The last position returned is
 * cached (OrderedPointer, WhichOrderedElement) so sequential walks are O(1) per step.
 */
PVOID NTAPI RtlGetElementGenericTable(PRTL_GENERIC_TABLE Table, ULONG I)
{
    ULONG Count = Table->NumberGenericTableElements;
    ULONG Target, Position;
    PLIST_ENTRY Entry;

    if (I >= Count)
        return NULL;
    Target = I + 1;

    Entry = Table->InsertOrderList.Flink;
    Position = 1;
    if (Count - Target < Target - 1) {
        Entry = Table->InsertOrderList.Blink;
        Position = Count;
    }
    if (Table->WhichOrderedElement != 0) {
        ULONG Cached = Table->WhichOrderedElement;
        ULONG CacheDistance = Cached > Target ? Cached - Target : Target - Cached;
        ULONG Distance = Position > Target ? Position - Target : Target - Position;

        if (CacheDistance < Distance) {
            Entry = Table->OrderedPointer;
            Position = Cached;
        }
    }
    for (; Position < Target; Position++)
        Entry = Entry->Flink;
    for (; Position > Target; Position--)
        Entry = Entry->Blink;

    Table->OrderedPointer = Entry;
    Table->WhichOrderedElement = Target;
    return RTLP_SPLAY_DATA(CONTAINING_RECORD(Entry, RTLP_SPLAY_ENTRY, InsertOrder));
}

/* @implemented. Any IRQL. */
ULONG NTAPI RtlNumberGenericTableElements(PRTL_GENERIC_TABLE Table)
{
    return Table->NumberGenericTableElements;
}

/* @implemented. Any IRQL. */
BOOLEAN NTAPI RtlIsGenericTableEmpty(PRTL_GENERIC_TABLE Table)
{
    return (BOOLEAN)(Table->TableRoot == NULL);
}
