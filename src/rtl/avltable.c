/*
 * PURPOSE: Generic tables on AVL trees (RTL_AVL_TABLE, the RtlXxxGenericTableAvl routines).
 *
 * Each element is one caller allocation: an RTL_BALANCED_LINKS header followed by the
 * caller's data (RTLP_AVL_DATA). The tree hangs off the sentinel Table->BalancedRoot: the root
 * element is its RightChild, the root's Parent is the sentinel, and the sentinel's Parent is
 * itself, as in Windows (drivers and debugger extensions walk BalancedRoot.RightChild).
 * Balance is height(right) - height(left). DepthOfTree is kept equal to the tree's height.
 *
 * The compare routine is always called as Compare(Table, <caller's buffer>, <element data>).
 *
 * Routines that change the tree keep three cursors consistent:
 *   - WhichOrderedElement/OrderedPointer (RtlGetElementGenericTableAvl's cache) is dropped on
 *     every insertion and deletion;
 *   - RestartKey (RtlEnumerateGenericTableAvl's position) moves to the in-order predecessor
 *     when its element is deleted, so an enumeration that deletes what it just returned
 *     continues with the next element;
 *   - DeleteCount grows with every deletion (RtlEnumerateGenericTableLikeADirectory uses it
 *     to tell whether its caller's restart key may be dangling).
 */

/* INCLUDES ******************************************************************************/

#include <string.h>
#include <ntddk.h>
#include <internal/invoke.h>

/* GLOBALS *******************************************************************************/

#define RTLP_AVL_HEADER ((CLONG)sizeof(RTL_BALANCED_LINKS))
#define RTLP_AVL_DATA(Node) ((PVOID)((PUCHAR)(Node) + RTLP_AVL_HEADER))
#define RTLP_AVL_SENTINEL(Table) (&(Table)->BalancedRoot)
#define RTLP_AVL_ROOT(Table) ((Table)->BalancedRoot.RightChild)

/* PRIVATE FUNCTIONS *********************************************************************/

static PRTL_BALANCED_LINKS RtlpAvlLeftmost(PRTL_BALANCED_LINKS Node)
{
    while (Node->LeftChild != NULL)
        Node = Node->LeftChild;
    return Node;
}

static PRTL_BALANCED_LINKS RtlpAvlRightmost(PRTL_BALANCED_LINKS Node)
{
    while (Node->RightChild != NULL)
        Node = Node->RightChild;
    return Node;
}

/* In-order successor of Node, or NULL. */
static PRTL_BALANCED_LINKS RtlpAvlSuccessor(PRTL_AVL_TABLE Table, PRTL_BALANCED_LINKS Node)
{
    PRTL_BALANCED_LINKS Parent;

    if (Node->RightChild != NULL)
        return RtlpAvlLeftmost(Node->RightChild);
    for (Parent = Node->Parent; Parent != RTLP_AVL_SENTINEL(Table); Parent = Parent->Parent) {
        if (Parent->LeftChild == Node)
            return Parent;
        Node = Parent;
    }
    return NULL;
}

/* In-order predecessor of Node, or NULL. */
static PRTL_BALANCED_LINKS RtlpAvlPredecessor(PRTL_AVL_TABLE Table, PRTL_BALANCED_LINKS Node)
{
    PRTL_BALANCED_LINKS Parent;

    if (Node->LeftChild != NULL)
        return RtlpAvlRightmost(Node->LeftChild);
    for (Parent = Node->Parent; Parent != RTLP_AVL_SENTINEL(Table); Parent = Parent->Parent) {
        if (Parent->RightChild == Node)
            return Parent;
        Node = Parent;
    }
    return NULL;
}

/*
 * Descends from the root comparing Buffer with each element. Returns the search result;
 * *NodeOrParent receives the equal node or the would-be parent (untouched on an empty tree).
 */
static TABLE_SEARCH_RESULT RtlpAvlFind(PRTL_AVL_TABLE Table, PVOID Buffer,
                                       PRTL_BALANCED_LINKS *NodeOrParent)
{
    PRTL_BALANCED_LINKS Node = RTLP_AVL_ROOT(Table);

    if (Node == NULL)
        return TableEmptyTree;
    for (;;) {
        RTL_GENERIC_COMPARE_RESULTS Result = KiInvokeAvlCompare(Table->CompareRoutine, Table, Buffer, RTLP_AVL_DATA(Node));
        PRTL_BALANCED_LINKS Next;

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

/* Makes New take Old's place under Old's parent (the sentinel included). */
static VOID RtlpAvlReplaceChild(PRTL_BALANCED_LINKS Parent, PRTL_BALANCED_LINKS Old,
                                PRTL_BALANCED_LINKS New)
{
    if (Parent->LeftChild == Old)
        Parent->LeftChild = New;
    else
        Parent->RightChild = New;
    if (New != NULL)
        New->Parent = Parent;
}

static VOID RtlpAvlRotateLeft(PRTL_BALANCED_LINKS Node)
{
    PRTL_BALANCED_LINKS Pivot = Node->RightChild;

    Node->RightChild = Pivot->LeftChild;
    if (Pivot->LeftChild != NULL)
        Pivot->LeftChild->Parent = Node;
    RtlpAvlReplaceChild(Node->Parent, Node, Pivot);
    Pivot->LeftChild = Node;
    Node->Parent = Pivot;
}

static VOID RtlpAvlRotateRight(PRTL_BALANCED_LINKS Node)
{
    PRTL_BALANCED_LINKS Pivot = Node->LeftChild;

    Node->LeftChild = Pivot->RightChild;
    if (Pivot->RightChild != NULL)
        Pivot->RightChild->Parent = Node;
    RtlpAvlReplaceChild(Node->Parent, Node, Pivot);
    Pivot->RightChild = Node;
    Node->Parent = Pivot;
}

/*
 * Restores balance at Node, whose Balance is -2 or +2. Returns the subtree's new root;
 * *Shorter is TRUE if the subtree is now one level lower than it was just before Node went
 * out of balance (always the case after an insertion; after a deletion only sometimes).
 */
static PRTL_BALANCED_LINKS RtlpAvlRebalance(PRTL_BALANCED_LINKS Node, BOOLEAN *Shorter)
{
    int Sign = Node->Balance < 0 ? -1 : 1;               /* -1: left-heavy */
    PRTL_BALANCED_LINKS Child = Sign < 0 ? Node->LeftChild : Node->RightChild;

    if (Child->Balance == -Sign) {
        /* Child leans the other way: double rotation around the grandchild. */
        PRTL_BALANCED_LINKS Grand = Sign < 0 ? Child->RightChild : Child->LeftChild;

        if (Sign < 0) {
            RtlpAvlRotateLeft(Child);
            RtlpAvlRotateRight(Node);
        } else {
            RtlpAvlRotateRight(Child);
            RtlpAvlRotateLeft(Node);
        }
        Node->Balance = (CHAR)(Grand->Balance == Sign ? -Sign : 0);
        Child->Balance = (CHAR)(Grand->Balance == -Sign ? Sign : 0);
        Grand->Balance = 0;
        *Shorter = TRUE;
        return Grand;
    }

    if (Sign < 0)
        RtlpAvlRotateRight(Node);
    else
        RtlpAvlRotateLeft(Node);
    if (Child->Balance == 0) {
        /* Only after a deletion: the height is unchanged. */
        Node->Balance = (CHAR)Sign;
        Child->Balance = (CHAR)-Sign;
        *Shorter = FALSE;
    } else {
        Node->Balance = 0;
        Child->Balance = 0;
        *Shorter = TRUE;
    }
    return Child;
}

/* Links a fresh node under Parent as SearchResult says and restores the AVL invariant. */
static VOID RtlpAvlLink(PRTL_AVL_TABLE Table, PRTL_BALANCED_LINKS Node,
                        PRTL_BALANCED_LINKS Parent, TABLE_SEARCH_RESULT SearchResult)
{
    PRTL_BALANCED_LINKS Child;

    Node->LeftChild = NULL;
    Node->RightChild = NULL;
    Node->Balance = 0;
    memset(Node->Reserved, 0, sizeof Node->Reserved);

    if (SearchResult == TableEmptyTree) {
        Node->Parent = RTLP_AVL_SENTINEL(Table);
        RTLP_AVL_ROOT(Table) = Node;
    } else {
        Node->Parent = Parent;
        if (SearchResult == TableInsertAsLeft)
            Parent->LeftChild = Node;
        else
            Parent->RightChild = Node;
    }

    /* Walk up while the subtree just grew. */
    for (Child = Node, Parent = Node->Parent; Parent != RTLP_AVL_SENTINEL(Table);
         Child = Parent, Parent = Parent->Parent) {
        BOOLEAN Shorter;

        Parent->Balance += (CHAR)(Parent->LeftChild == Child ? -1 : 1);
        if (Parent->Balance == 0)
            return;                       /* the shorter side caught up: height unchanged */
        if (Parent->Balance == 1 || Parent->Balance == -1)
            continue;                     /* grew by one level: tell the parent */
        RtlpAvlRebalance(Parent, &Shorter);
        return;                           /* a rotation restores the previous height */
    }
    Table->DepthOfTree++;
}

/* Unlinks Node from the tree and restores the AVL invariant. Node is not freed. */
static VOID RtlpAvlUnlink(PRTL_AVL_TABLE Table, PRTL_BALANCED_LINKS Node)
{
    PRTL_BALANCED_LINKS Start;     /* where the height change starts */
    BOOLEAN FromLeft;              /* which of Start's subtrees lost a level */

    if (Node->LeftChild != NULL && Node->RightChild != NULL) {
        /* Two children: the successor (leftmost of the right subtree) takes Node's place. */
        PRTL_BALANCED_LINKS Next = RtlpAvlLeftmost(Node->RightChild);

        if (Next->Parent == Node) {
            Start = Next;
            FromLeft = FALSE;
        } else {
            Start = Next->Parent;
            FromLeft = TRUE;
            Start->LeftChild = Next->RightChild;
            if (Next->RightChild != NULL)
                Next->RightChild->Parent = Start;
            Next->RightChild = Node->RightChild;
            Next->RightChild->Parent = Next;
        }
        Next->LeftChild = Node->LeftChild;
        Next->LeftChild->Parent = Next;
        Next->Balance = Node->Balance;
        RtlpAvlReplaceChild(Node->Parent, Node, Next);
    } else {
        PRTL_BALANCED_LINKS Only = Node->LeftChild != NULL ? Node->LeftChild : Node->RightChild;

        Start = Node->Parent;
        FromLeft = Start->LeftChild == Node;
        RtlpAvlReplaceChild(Start, Node, Only);
    }

    /* Walk up while the subtree just shrank. */
    while (Start != RTLP_AVL_SENTINEL(Table)) {
        PRTL_BALANCED_LINKS Parent;
        BOOLEAN Shorter = TRUE;

        Start->Balance += (CHAR)(FromLeft ? 1 : -1);
        if (Start->Balance == 1 || Start->Balance == -1)
            return;                       /* was balanced: height unchanged */
        if (Start->Balance != 0)
            Start = RtlpAvlRebalance(Start, &Shorter);
        if (!Shorter)
            return;
        Parent = Start->Parent;
        FromLeft = Parent->LeftChild == Start;
        Start = Parent;
    }
    Table->DepthOfTree--;
}

/* Removes Node from the table, keeping the cursors consistent, and frees it. */
static VOID RtlpAvlDelete(PRTL_AVL_TABLE Table, PRTL_BALANCED_LINKS Node)
{
    if (Table->RestartKey == Node)
        Table->RestartKey = RtlpAvlPredecessor(Table, Node);
    RtlpAvlUnlink(Table, Node);
    Table->NumberGenericTableElements--;
    Table->DeleteCount++;
    Table->WhichOrderedElement = 0;
    Table->OrderedPointer = NULL;
    KiInvokeAvlFree(Table->FreeRoutine, Table, Node);
}

/* Allocates and links a node for Buffer; the shared tail of both insert routines. */
static PVOID RtlpAvlInsert(PRTL_AVL_TABLE Table, PVOID Buffer, CLONG BufferSize,
                           PBOOLEAN NewElement, PRTL_BALANCED_LINKS NodeOrParent,
                           TABLE_SEARCH_RESULT SearchResult)
{
    PRTL_BALANCED_LINKS Node;

    if (SearchResult == TableFoundNode) {
        if (NewElement != NULL)
            *NewElement = FALSE;
        return RTLP_AVL_DATA(NodeOrParent);
    }

    /* The size would wrap around: no allocator could satisfy it. */
    Node = BufferSize > MAXULONG - RTLP_AVL_HEADER
               ? NULL
               : (PRTL_BALANCED_LINKS)KiInvokeAvlAllocate(Table->AllocateRoutine, Table, RTLP_AVL_HEADER + BufferSize);
    if (Node == NULL) {
        if (NewElement != NULL)
            *NewElement = FALSE;
        return NULL;
    }
    RtlpAvlLink(Table, Node, NodeOrParent, SearchResult);
    Table->NumberGenericTableElements++;
    Table->WhichOrderedElement = 0;
    Table->OrderedPointer = NULL;
    memcpy(RTLP_AVL_DATA(Node), Buffer, BufferSize);
    if (NewElement != NULL)
        *NewElement = TRUE;
    return RTLP_AVL_DATA(Node);
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * <= DISPATCH_LEVEL. Sets up an empty table; no memory is allocated.
 */
VOID NTAPI RtlInitializeGenericTableAvl(PRTL_AVL_TABLE Table,
                                        PRTL_AVL_COMPARE_ROUTINE CompareRoutine,
                                        PRTL_AVL_ALLOCATE_ROUTINE AllocateRoutine,
                                        PRTL_AVL_FREE_ROUTINE FreeRoutine, PVOID TableContext)
{
    memset(Table, 0, sizeof *Table);
    Table->BalancedRoot.Parent = RTLP_AVL_SENTINEL(Table);
    Table->CompareRoutine = CompareRoutine;
    Table->AllocateRoutine = AllocateRoutine;
    Table->FreeRoutine = FreeRoutine;
    Table->TableContext = TableContext;
}

/*
 * @implemented
 * < DISPATCH_LEVEL if callbacks or memory are pageable. Returns the new element's data
 * (*NewElement TRUE), the existing equal element's data (FALSE, nothing allocated), or NULL
 * when the allocation fails (FALSE).
 */
PVOID NTAPI RtlInsertElementGenericTableAvl(PRTL_AVL_TABLE Table, PVOID Buffer,
                                            CLONG BufferSize, PBOOLEAN NewElement)
{
    PRTL_BALANCED_LINKS NodeOrParent = NULL;
    TABLE_SEARCH_RESULT Result = RtlpAvlFind(Table, Buffer, &NodeOrParent);

    return RtlpAvlInsert(Table, Buffer, BufferSize, NewElement, NodeOrParent, Result);
}

/*
 * @implemented
 * As RtlInsertElementGenericTableAvl, without searching: NodeOrParent and SearchResult come
 * from a RtlLookupElementGenericTableFullAvl on the unchanged table.
 */
PVOID NTAPI RtlInsertElementGenericTableFullAvl(PRTL_AVL_TABLE Table, PVOID Buffer,
                                                CLONG BufferSize, PBOOLEAN NewElement,
                                                PVOID NodeOrParent,
                                                TABLE_SEARCH_RESULT SearchResult)
{
    return RtlpAvlInsert(Table, Buffer, BufferSize, NewElement,
                         (PRTL_BALANCED_LINKS)NodeOrParent, SearchResult);
}

/*
 * @implemented
 * < DISPATCH_LEVEL if callbacks or memory are pageable. TRUE if an element equal to Buffer
 * was found, unlinked and handed to FreeRoutine.
 */
BOOLEAN NTAPI RtlDeleteElementGenericTableAvl(PRTL_AVL_TABLE Table, PVOID Buffer)
{
    PRTL_BALANCED_LINKS Node = NULL;

    if (RtlpAvlFind(Table, Buffer, &Node) != TableFoundNode)
        return FALSE;
    RtlpAvlDelete(Table, Node);
    return TRUE;
}

/*
 * @implemented
 * Deletes the node NodeOrParent (from a lookup that returned TableFoundNode); no compare.
 */
VOID NTAPI RtlDeleteElementGenericTableAvlEx(PRTL_AVL_TABLE Table, PVOID NodeOrParent)
{
    RtlpAvlDelete(Table, (PRTL_BALANCED_LINKS)NodeOrParent);
}

/* @implemented. The data of the element equal to Buffer, or NULL. */
PVOID NTAPI RtlLookupElementGenericTableAvl(PRTL_AVL_TABLE Table, PVOID Buffer)
{
    PRTL_BALANCED_LINKS Node = NULL;

    if (RtlpAvlFind(Table, Buffer, &Node) != TableFoundNode)
        return NULL;
    return RTLP_AVL_DATA(Node);
}

/* @implemented. Lookup that also reports the node or would-be parent and the search result. */
PVOID NTAPI RtlLookupElementGenericTableFullAvl(PRTL_AVL_TABLE Table, PVOID Buffer,
                                                PVOID *NodeOrParent,
                                                TABLE_SEARCH_RESULT *SearchResult)
{
    PRTL_BALANCED_LINKS Node = NULL;

    *SearchResult = RtlpAvlFind(Table, Buffer, &Node);
    if (*SearchResult == TableEmptyTree)
        return NULL;
    *NodeOrParent = Node;
    return *SearchResult == TableFoundNode ? RTLP_AVL_DATA(Node) : NULL;
}

/*
 * @implemented
 * The leftmost element the compare routine calls equal to Buffer; *RestartKey = its node, for
 * RtlEnumerateGenericTableWithoutSplayingAvl to continue after it. NULL (and a NULL key) if
 * nothing matches.
 */
PVOID NTAPI RtlLookupFirstMatchingElementGenericTableAvl(PRTL_AVL_TABLE Table, PVOID Buffer,
                                                         PVOID *RestartKey)
{
    PRTL_BALANCED_LINKS Node = RTLP_AVL_ROOT(Table);
    PRTL_BALANCED_LINKS Match = NULL;

    while (Node != NULL) {
        RTL_GENERIC_COMPARE_RESULTS Result = KiInvokeAvlCompare(Table->CompareRoutine, Table, Buffer, RTLP_AVL_DATA(Node));

        if (Result == GenericEqual) {
            Match = Node;                 /* keep looking left for an earlier equal one */
            Node = Node->LeftChild;
        } else {
            Node = Result == GenericLessThan ? Node->LeftChild : Node->RightChild;
        }
    }
    *RestartKey = Match;
    return Match != NULL ? RTLP_AVL_DATA(Match) : NULL;
}

/*
 * @implemented
 * The element after *RestartKey in collation order (the first if *RestartKey is NULL);
 * *RestartKey is advanced to it. NULL at the end (*RestartKey unchanged).
 */
PVOID NTAPI RtlEnumerateGenericTableWithoutSplayingAvl(PRTL_AVL_TABLE Table, PVOID *RestartKey)
{
    PRTL_BALANCED_LINKS Node;

    if (RTLP_AVL_ROOT(Table) == NULL)
        return NULL;
    if (*RestartKey == NULL)
        Node = RtlpAvlLeftmost(RTLP_AVL_ROOT(Table));
    else
        Node = RtlpAvlSuccessor(Table, (PRTL_BALANCED_LINKS)*RestartKey);
    if (Node == NULL)
        return NULL;
    *RestartKey = Node;
    return RTLP_AVL_DATA(Node);
}

/*
 * @implemented
 * Restart TRUE: the first element. FALSE: the one after the last returned (Table->RestartKey).
 * NULL at the end.
 */
PVOID NTAPI RtlEnumerateGenericTableAvl(PRTL_AVL_TABLE Table, BOOLEAN Restart)
{
    if (Restart)
        Table->RestartKey = NULL;
    return RtlEnumerateGenericTableWithoutSplayingAvl(Table, (PVOID *)&Table->RestartKey);
}

/*
 * @implemented
 * <= APC_LEVEL if anything is pageable. See the header for the contract. The position is
 * taken from *RestartKey when it is set and no deletion happened since (*DeleteCount equals
 * the table's), otherwise from Buffer: the element equal to it, or the first after it.
 * NextFlag skips that starting element. On return *RestartKey is the element returned (NULL
 * at the end) and *DeleteCount the table's deletion count.
 */
PVOID NTAPI RtlEnumerateGenericTableLikeADirectory(PRTL_AVL_TABLE Table,
                                                   PRTL_AVL_MATCH_FUNCTION MatchFunction,
                                                   PVOID MatchData, ULONG NextFlag,
                                                   PVOID *RestartKey, PULONG DeleteCount,
                                                   PVOID Buffer)
{
    PRTL_BALANCED_LINKS Node;

    if (RTLP_AVL_ROOT(Table) == NULL) {
        Node = NULL;
    } else if (*RestartKey != NULL && *DeleteCount == Table->DeleteCount) {
        Node = (PRTL_BALANCED_LINKS)*RestartKey;
        if (NextFlag)
            Node = RtlpAvlSuccessor(Table, Node);
    } else {
        PRTL_BALANCED_LINKS Found = NULL;

        switch (RtlpAvlFind(Table, Buffer, &Found)) {
        case TableFoundNode:
            Node = NextFlag ? RtlpAvlSuccessor(Table, Found) : Found;
            break;
        case TableInsertAsLeft:           /* Found is the first element after Buffer */
            Node = Found;
            break;
        default:                          /* TableInsertAsRight: the one after Found */
            Node = RtlpAvlSuccessor(Table, Found);
            break;
        }
    }

    while (Node != NULL && MatchFunction != NULL) {
        NTSTATUS Status = MatchFunction(Table, RTLP_AVL_DATA(Node), MatchData);

        if (Status == STATUS_SUCCESS)
            break;
        if (Status == STATUS_NO_MORE_MATCHES) {
            Node = NULL;
            break;
        }
        Node = RtlpAvlSuccessor(Table, Node);
    }

    *RestartKey = Node;
    *DeleteCount = Table->DeleteCount;
    return Node != NULL ? RTLP_AVL_DATA(Node) : NULL;
}

/*
 * @implemented
 * The I-th element (0-based) in collation order, or NULL when I >= the element count. The
 * position of the last element returned is cached (OrderedPointer, WhichOrderedElement), so
 * walking I = 0, 1, 2, ... costs O(1) per step.
 */
PVOID NTAPI RtlGetElementGenericTableAvl(PRTL_AVL_TABLE Table, ULONG I)
{
    ULONG Count = Table->NumberGenericTableElements;
    ULONG Target, Position;
    PRTL_BALANCED_LINKS Node;

    if (I >= Count)
        return NULL;
    Target = I + 1;   /* 1-based, like WhichOrderedElement */

    /* Start from whichever known position is nearest: the first, the last or the cache. */
    Node = RtlpAvlLeftmost(RTLP_AVL_ROOT(Table));
    Position = 1;
    if (Count - Target < Target - 1) {
        Node = RtlpAvlRightmost(RTLP_AVL_ROOT(Table));
        Position = Count;
    }
    if (Table->WhichOrderedElement != 0) {
        ULONG Cached = Table->WhichOrderedElement;
        ULONG CacheDistance = Cached > Target ? Cached - Target : Target - Cached;
        ULONG Distance = Position > Target ? Position - Target : Target - Position;

        if (CacheDistance < Distance) {
            Node = (PRTL_BALANCED_LINKS)Table->OrderedPointer;
            Position = Cached;
        }
    }
    for (; Position < Target; Position++)
        Node = RtlpAvlSuccessor(Table, Node);
    for (; Position > Target; Position--)
        Node = RtlpAvlPredecessor(Table, Node);

    Table->OrderedPointer = Node;
    Table->WhichOrderedElement = Target;
    return RTLP_AVL_DATA(Node);
}

/* @implemented. Any IRQL. */
ULONG NTAPI RtlNumberGenericTableElementsAvl(PRTL_AVL_TABLE Table)
{
    return Table->NumberGenericTableElements;
}

/* @implemented. Any IRQL. */
BOOLEAN NTAPI RtlIsGenericTableEmptyAvl(PRTL_AVL_TABLE Table)
{
    return (BOOLEAN)(Table->NumberGenericTableElements == 0);
}
