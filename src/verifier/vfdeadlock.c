/*
 * PURPOSE: Driver Verifier's deadlock detection (0x20): the order in which verified drivers
 * acquire spin locks (plain and in-stack queued), fast and guarded mutexes, kernel mutexes
 * and ERESOURCEs. Every acquisition made while another lock is held adds an edge "held
 * before acquired" to one graph shared by all threads; an acquisition that closes a cycle
 * is a potential deadlock, bugcheck 0xC4/0x1001, even if no two threads ever raced for the
 * locks. The report shows the stacks of both acquisitions of every edge of the cycle.
 * Releases are checked too: 0x1003 (a spin lock released out of order, lowering the IRQL
 * under one still held), 0x1004 (released by another thread), 0x1007 (released while not
 * acquired). docs/verifier.md, "Deadlock detection".
 *
 * Locks are known by address. Initializing a lock again (KeInitializeSpinLock, ...) starts
 * a new lock at that address: the old one's edges go. A verified driver's locks go when it
 * unloads.
 */

/* INCLUDES ******************************************************************************/

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <internal/host.h>
#include <internal/ke.h>
#include <internal/kireport.h>
#include <internal/vfhooks.h>

/* GLOBALS *******************************************************************************/

#define VF_DL_SELF_DEADLOCK     0x1000
#define VF_DL_DEADLOCK          0x1001
#define VF_DL_WRONG_ORDER       0x1003
#define VF_DL_WRONG_THREAD      0x1004
#define VF_DL_NOT_ACQUIRED      0x1007

#define VF_DL_MAX_NODES   2048          /* a power of two (open addressing) */
#define VF_DL_MAX_EDGES   8192
#define VF_DL_MAX_HELD    32
#define VF_DL_FRAMES      10
#define VF_DL_NONE        0xFFFFFFFFu

typedef struct _VF_DL_NODE {
    PVOID Lock;                   /* NULL: free; VF_DL_TOMBSTONE: deleted */
    ULONG Generation;             /* bumped when the lock is forgotten: its edges die */
    UCHAR Type;                   /* VF_LOCK_* */
    PDRIVER_OBJECT Driver;        /* the verified driver that first acquired it */
    PVOID Owner;                  /* thread holding it exclusively, or NULL */
    ULONG FirstOut;               /* its edges, newest first */
    ULONG Visit;                  /* cycle search mark */
} VF_DL_NODE;

typedef struct _VF_DL_EDGE {
    ULONG From, To;               /* From was held when To was acquired */
    ULONG FromGeneration, ToGeneration;
    ULONG NextOut;
    PVOID Thread;
    UCHAR FromFrames, ToFrames;
    PVOID FromStack[VF_DL_FRAMES];   /* where From was acquired */
    PVOID ToStack[VF_DL_FRAMES];     /* where To was acquired while From was held */
} VF_DL_EDGE;

typedef struct _VF_DL_HELD {
    ULONG Node;
    ULONG Generation;
    UCHAR Type;
    BOOLEAN Shared;
    ULONG Recursion;
    UCHAR Frames;
    ULONG Batch;                  /* nonzero: acquired by one KeWaitForMultipleObjects WaitAll */
    PVOID Stack[VF_DL_FRAMES];
} VF_DL_HELD;

#define VF_DL_TOMBSTONE ((PVOID)1)

static VF_DL_NODE VfpNodes[VF_DL_MAX_NODES];
static VF_DL_EDGE VfpEdges[VF_DL_MAX_EDGES];
static ULONG VfpEdgeCount;
static ULONG VfpVisit;
static volatile LONG VfpDlLock;
static volatile LONG VfpDlFullReported;

static __thread VF_DL_HELD VfpHeld[VF_DL_MAX_HELD];
static __thread ULONG VfpHeldCount;
static __thread ULONG VfpBatchCount;      /* WaitAll waits this thread had satisfied */

/* Set while this thread holds the detector's lock: the lock DDIs the detector itself calls
   (ExIsResourceAcquiredSharedLite takes a spin lock) are not tracked. */
static __thread BOOLEAN VfpBusy;

/* The explanation of the last violation (the report's ANALYSIS section). */
static __thread char VfpDlText[12288];

static const char *const VfpLockTypeNames[] = {
    "lock", "spin lock", "kernel mutex", "fast mutex", "resource",
};

/* PRIVATE FUNCTIONS *********************************************************************/

static VOID VfpDlAcquireLock(VOID)
{
    while (__atomic_exchange_n(&VfpDlLock, 1, __ATOMIC_ACQUIRE) != 0) {
        while (__atomic_load_n(&VfpDlLock, __ATOMIC_RELAXED) != 0)
            KiCpuRelax();
    }
    VfpBusy = TRUE;
}

static VOID VfpDlReleaseLock(VOID)
{
    VfpBusy = FALSE;
    __atomic_store_n(&VfpDlLock, 0, __ATOMIC_RELEASE);
}

static ULONG VfpHash(PVOID Lock)
{
    ULONG_PTR v = (ULONG_PTR)Lock;
    v ^= v >> 17;
    v *= 0x9E3779B97F4A7C15ULL;
    return (ULONG)(v >> 40) & (VF_DL_MAX_NODES - 1);
}

/* The node of Lock (lock held); Create: make one. VF_DL_NONE when absent or full. */
static ULONG VfpFindNode(PVOID Lock, BOOLEAN Create)
{
    ULONG i = VfpHash(Lock), Tombstone = VF_DL_NONE;

    for (ULONG n = 0; n < VF_DL_MAX_NODES; n++, i = (i + 1) & (VF_DL_MAX_NODES - 1)) {
        VF_DL_NODE *Node = &VfpNodes[i];
        if (Node->Lock == Lock)
            return i;
        if (Node->Lock == VF_DL_TOMBSTONE) {
            if (Tombstone == VF_DL_NONE)
                Tombstone = i;
            continue;
        }
        if (Node->Lock == NULL) {
            if (!Create)
                return VF_DL_NONE;
            if (Tombstone != VF_DL_NONE)
                i = Tombstone;
            VfpNodes[i].Lock = Lock;
            VfpNodes[i].FirstOut = VF_DL_NONE;
            VfpNodes[i].Owner = NULL;
            VfpNodes[i].Driver = NULL;
            return i;
        }
    }
    if (Create && Tombstone != VF_DL_NONE) {
        VfpNodes[Tombstone].Lock = Lock;
        VfpNodes[Tombstone].FirstOut = VF_DL_NONE;
        VfpNodes[Tombstone].Owner = NULL;
        VfpNodes[Tombstone].Driver = NULL;
        return Tombstone;
    }
    return VF_DL_NONE;
}

/* Forgets a node (lock held): its edges die with its generation. */
static VOID VfpForgetNode(ULONG Index)
{
    VF_DL_NODE *Node = &VfpNodes[Index];

    Node->Lock = VF_DL_TOMBSTONE;
    Node->Generation++;
    Node->FirstOut = VF_DL_NONE;
    Node->Owner = NULL;
    Node->Driver = NULL;
}

static BOOLEAN VfpEdgeAlive(const VF_DL_EDGE *Edge)
{
    return VfpNodes[Edge->From].Generation == Edge->FromGeneration &&
           VfpNodes[Edge->To].Generation == Edge->ToGeneration &&
           VfpNodes[Edge->To].Lock != VF_DL_TOMBSTONE;
}

/* Depth-first search for a path From => To over live edges; Path receives the edges (in
   order) and *Length their number. Lock held. */
static BOOLEAN VfpFindPath(ULONG From, ULONG To, ULONG *Path, ULONG *Length, ULONG MaxLength)
{
    if (From == To)
        return TRUE;
    if (*Length >= MaxLength || VfpNodes[From].Visit == VfpVisit)
        return FALSE;
    VfpNodes[From].Visit = VfpVisit;
    for (ULONG e = VfpNodes[From].FirstOut; e != VF_DL_NONE; e = VfpEdges[e].NextOut) {
        if (!VfpEdgeAlive(&VfpEdges[e]))
            continue;
        Path[(*Length)++] = e;
        if (VfpFindPath(VfpEdges[e].To, To, Path, Length, MaxLength))
            return TRUE;
        (*Length)--;
    }
    return FALSE;
}


static VOID VfpTextStack(KI_REPORT *Text, PVOID const *Frames, ULONG Count)
{
    for (ULONG i = 0; i < Count; i++) {
        HOST_SYMBOL Sym;
        KiReportAppend(Text, "      ");
        if (HostSymbolizeEx(Frames[i], HOST_SYMBOLIZE_RETURN_ADDRESS, &Sym) && Sym.Function) {
            KiReportAppend(Text, "%s!%s+0x%llx", Sym.ModuleName ? Sym.ModuleName : "?", Sym.Function,
                    (unsigned long long)Sym.Offset);
            if (Sym.File)
                KiReportAppend(Text, " [%s @ %d]", Sym.File, Sym.Line);
        } else {
            KiReportAppend(Text, "%p", Frames[i]);
        }
        KiReportAppend(Text, "\n");
    }
}

static const char *VfpTypeName(UCHAR Type)
{
    return Type < RTL_NUMBER_OF(VfpLockTypeNames) ? VfpLockTypeNames[Type] : "lock";
}

/* Captures the stack of an acquisition (from the DDI's caller on). */
static UCHAR VfpCapture(PVOID *Frames, PVOID Caller)
{
    PVOID All[VF_DL_FRAMES + 8];
    ULONG Count = HostCaptureStack(All, RTL_NUMBER_OF(All), 0), First = 0, Out = 0;

    for (ULONG i = 0; i < Count; i++) {
        if (All[i] == Caller) {
            First = i;
            break;
        }
    }
    for (ULONG i = First; i < Count && Out < VF_DL_FRAMES; i++)
        Frames[Out++] = All[i];
    if (Out == 0)
        Frames[Out++] = Caller;
    return (UCHAR)Out;
}

static VOID VfpDlUnloadCheck(PDRIVER_OBJECT Driver, ULONG Flags, ULONG_PTR Low, ULONG_PTR High)
{
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(Low);
    UNREFERENCED_PARAMETER(High);
    VfpDlAcquireLock();
    for (ULONG i = 0; i < VF_DL_MAX_NODES; i++) {
        if (VfpNodes[i].Lock != NULL && VfpNodes[i].Lock != VF_DL_TOMBSTONE &&
            VfpNodes[i].Driver == Driver)
            VfpForgetNode(i);
    }
    VfpDlReleaseLock();
}

/* Registered at start-up: registering takes a spin lock, which the first acquisition a
   driver makes may not allow (one made above DISPATCH_LEVEL is itself the bug to report). */
__attribute__((constructor)) static VOID VfpRegisterDeadlockChecks(VOID)
{
    VfRegisterUnloadCheck(VfpDlUnloadCheck);
}

static DECLSPEC_NORETURN VOID VfpDlBugCheck(ULONG_PTR Code, ULONG_PTR P2, ULONG_PTR P3,
                                            ULONG_PTR P4, PVOID Caller)
{
    KiBugCheck(DRIVER_VERIFIER_DETECTED_VIOLATION, Code, P2, P3, P4, Caller, VfpDlText);
}

/*
 * What the lock itself says, the truth when the verifier missed an acquisition or release
 * (one reached by a tail call from a verified image has the image's caller as its return
 * address; kmode judges calls by return address, Windows by the image's patched imports).
 */
static BOOLEAN VfpHeldByMe(PVOID Lock, UCHAR Type)
{
    PKTHREAD Me = KiCurrentKThread();

    switch (Type) {
    case VF_LOCK_SPIN:
        return __atomic_load_n((PKSPIN_LOCK)Lock, __ATOMIC_RELAXED) ==
               ((ULONG_PTR)&KiThreadState | 1);
    case VF_LOCK_FAST_MUTEX:
        return __atomic_load_n(&((PFAST_MUTEX)Lock)->Owner, __ATOMIC_RELAXED) == Me;
    case VF_LOCK_MUTEX:
        return __atomic_load_n(&((PKMUTEX)Lock)->OwnerThread, __ATOMIC_RELAXED) == Me;
    case VF_LOCK_RESOURCE: {
        /* Read without the resource's spin lock (the detector may not raise IRQL here): an
           exclusive owner is certain; shared owners are assumed to still hold it. */
        PERESOURCE Resource = Lock;
        if (__atomic_load_n(&Resource->ActiveCount, __ATOMIC_RELAXED) == 0)
            return FALSE;
        if (__atomic_load_n(&Resource->Flag, __ATOMIC_RELAXED) & ResourceOwnedExclusive)
            return __atomic_load_n(&Resource->OwnerEntry.OwnerThread, __ATOMIC_RELAXED) ==
                   (ERESOURCE_THREAD)Me;
        return TRUE;
    }
    default:
        return TRUE;
    }
}

static BOOLEAN VfpHeldByAnyone(PVOID Lock, UCHAR Type)
{
    switch (Type) {
    case VF_LOCK_SPIN:
        return __atomic_load_n((PKSPIN_LOCK)Lock, __ATOMIC_RELAXED) != 0;
    case VF_LOCK_FAST_MUTEX:
        return __atomic_load_n(&((PFAST_MUTEX)Lock)->Owner, __ATOMIC_RELAXED) != NULL;
    case VF_LOCK_MUTEX:
        return __atomic_load_n(&((PKMUTEX)Lock)->OwnerThread, __ATOMIC_RELAXED) != NULL;
    default:
        return TRUE;
    }
}

/* Drops this thread's record of a lock it no longer holds (lock held). */
static VOID VfpDropHeld(VF_DL_HELD *Held)
{
    ULONG Position = (ULONG)(Held - VfpHeld);

    memmove(Held, Held + 1, (VfpHeldCount - Position - 1) * sizeof(*Held));
    VfpHeldCount--;
}

/* Drops the records of locks this thread does not hold any more (a missed release). */
static VOID VfpValidateHeld(VOID)
{
    for (ULONG i = VfpHeldCount; i-- > 0;) {
        VF_DL_HELD *Held = &VfpHeld[i];
        if (VfpNodes[Held->Node].Generation != Held->Generation ||
            !VfpHeldByMe(VfpNodes[Held->Node].Lock, Held->Type))
            VfpDropHeld(Held);
    }
}

static VF_DL_HELD *VfpFindHeld(ULONG Node)
{
    for (ULONG i = VfpHeldCount; i-- > 0;) {
        if (VfpHeld[i].Node == Node && VfpNodes[Node].Generation == VfpHeld[i].Generation)
            return &VfpHeld[i];
    }
    return NULL;
}

/*
 * One acquisition by a verified caller. Batch nonzero: the locks of one satisfied WaitAll,
 * which the dispatcher acquires all at once (a WaitAll never holds one of its objects while
 * waiting for another): no order edges between them, only from the locks held before.
 */
static VOID VfpAcquire(PVOID Lock, ULONG Type, PVOID Caller, ULONG Batch)
{
    ULONG Flags = VfAddressFlags(Caller);
    UCHAR LockType = (UCHAR)(Type & VF_LOCK_TYPE_MASK);
    BOOLEAN Shared = (Type & VF_LOCK_SHARED) != 0;
    PVOID Frames[VF_DL_FRAMES];
    UCHAR FrameCount;
    ULONG Index, Path[64], Length = 0;
    VF_DL_HELD *Held;
    KI_REPORT Text = { VfpDlText, sizeof(VfpDlText), 0 };

    if (!(Flags & VF_FLAG_DEADLOCK_DETECTION) || VfpBusy)
        return;
    FrameCount = VfpCapture(Frames, Caller);
    VfpDlAcquireLock();
    Index = VfpFindNode(Lock, TRUE);
    if (Index == VF_DL_NONE) {
        VfpDlReleaseLock();
        return;      /* table full: this lock is not tracked */
    }
    if (VfpNodes[Index].Driver == NULL)
        VfpNodes[Index].Driver = VfAddressDriver(Caller);

    VfpValidateHeld();
    Held = VfpFindHeld(Index);
    if (Held != NULL) {
        /* Kernel mutexes and resources are recursive; a spin lock or fast mutex acquired
           again by its owner never comes back. */
        if (LockType == VF_LOCK_SPIN || LockType == VF_LOCK_FAST_MUTEX) {
            KiReportAppend(&Text, "Self-deadlock: this thread acquires %s %p, which it already "
                    "holds.\nFirst acquired at:\n", VfpTypeName(LockType), Lock);
            VfpTextStack(&Text, Held->Stack, Held->Frames);
            KiReportAppend(&Text, "Acquired again at:\n");
            VfpTextStack(&Text, Frames, FrameCount);
            VfpDlReleaseLock();
            VfpDlBugCheck(VF_DL_SELF_DEADLOCK, (ULONG_PTR)Lock, 0, 0, Caller);
        }
        Held->Recursion++;
        VfpDlReleaseLock();
        return;
    }

    /* An edge from every lock held to this one; one that closes a cycle is a deadlock. */
    for (ULONG h = 0; h < VfpHeldCount; h++) {
        VF_DL_HELD *From = &VfpHeld[h];
        VF_DL_EDGE *Edge;
        ULONG e;
        BOOLEAN Known = FALSE;

        if (VfpNodes[From->Node].Generation != From->Generation)
            continue;
        if (Shared && From->Shared && LockType == VF_LOCK_RESOURCE &&
            From->Type == VF_LOCK_RESOURCE)
            continue;   /* readers do not block readers */
        if (Batch != 0 && From->Batch == Batch)
            continue;   /* acquired together with this one */
        for (e = VfpNodes[From->Node].FirstOut; e != VF_DL_NONE; e = VfpEdges[e].NextOut) {
            if (VfpEdges[e].To == Index && VfpEdgeAlive(&VfpEdges[e])) {
                Known = TRUE;
                break;
            }
        }
        if (Known)
            continue;
        VfpVisit++;
        Length = 0;
        if (VfpFindPath(Index, From->Node, Path, &Length, RTL_NUMBER_OF(Path))) {
            /* This acquisition, then the earlier path back: the cycle (formatted under the
               lock: edges and nodes stay as they are). */
            KiReportAppend(&Text, "Deadlock: lock order violation. This thread acquires %s %p while "
                    "holding %s %p, but elsewhere %p was acquired first and %p %s.\n\n",
                    VfpTypeName(LockType), Lock, VfpTypeName(From->Type),
                    VfpNodes[From->Node].Lock, Lock, VfpNodes[From->Node].Lock,
                    Length == 1 ? "after it" : "after it through other locks");
            KiReportAppend(&Text, "This thread (%p) acquired %p at:\n", (PVOID)KiCurrentKThread(),
                    VfpNodes[From->Node].Lock);
            VfpTextStack(&Text, From->Stack, From->Frames);
            KiReportAppend(&Text, "and now acquires %p at:\n", Lock);
            VfpTextStack(&Text, Frames, FrameCount);
            for (ULONG p = 0; p < Length; p++) {
                VF_DL_EDGE *Earlier = &VfpEdges[Path[p]];
                KiReportAppend(&Text, "\nEarlier, thread %p acquired %p at:\n", Earlier->Thread,
                        VfpNodes[Earlier->From].Lock);
                VfpTextStack(&Text, Earlier->FromStack, Earlier->FromFrames);
                KiReportAppend(&Text, "and then, holding it, acquired %p at:\n",
                        VfpNodes[Earlier->To].Lock);
                VfpTextStack(&Text, Earlier->ToStack, Earlier->ToFrames);
            }
            KiReportAppend(&Text, "\nTwo threads taking these locks in these orders at the same "
                    "time deadlock. Acquire them in one global order.");
            VfpDlReleaseLock();
            VfpDlBugCheck(VF_DL_DEADLOCK, (ULONG_PTR)Lock, 0, 0, Caller);
        }
        if (VfpEdgeCount >= VF_DL_MAX_EDGES) {
            if (InterlockedExchange(&VfpDlFullReported, 1) == 0)
                fprintf(stderr, "kmode: verifier: deadlock detection's lock graph is full; "
                        "new lock orders are not checked\n");
            continue;
        }
        Edge = &VfpEdges[VfpEdgeCount];
        Edge->From = From->Node;
        Edge->To = Index;
        Edge->FromGeneration = VfpNodes[From->Node].Generation;
        Edge->ToGeneration = VfpNodes[Index].Generation;
        Edge->Thread = KiCurrentKThread();
        Edge->FromFrames = From->Frames;
        memcpy(Edge->FromStack, From->Stack, sizeof(Edge->FromStack));
        Edge->ToFrames = FrameCount;
        memcpy(Edge->ToStack, Frames, sizeof(Edge->ToStack));
        Edge->NextOut = VfpNodes[From->Node].FirstOut;
        VfpNodes[From->Node].FirstOut = VfpEdgeCount;
        VfpEdgeCount++;
    }

    if (!Shared)
        VfpNodes[Index].Owner = KiCurrentKThread();
    if (VfpHeldCount < VF_DL_MAX_HELD) {
        Held = &VfpHeld[VfpHeldCount++];
        Held->Node = Index;
        Held->Generation = VfpNodes[Index].Generation;
        Held->Type = LockType;
        Held->Shared = Shared;
        Held->Recursion = 1;
        Held->Batch = Batch;
        Held->Frames = FrameCount;
        memcpy(Held->Stack, Frames, sizeof(Held->Stack));
    }
    VfpDlReleaseLock();
}

/* PUBLIC FUNCTIONS (internal, vfhooks.h) ************************************************/

VOID VfDeadlockAcquire(PVOID Lock, ULONG Type, PVOID Caller)
{
    VfpAcquire(Lock, Type, Caller, 0);
}

VOID VfDeadlockRelease(PVOID Lock, ULONG Type, KIRQL NewIrql, PVOID Caller)
{
    UCHAR LockType = (UCHAR)(Type & VF_LOCK_TYPE_MASK);
    KI_REPORT Text = { VfpDlText, sizeof(VfpDlText), 0 };
    VF_DL_HELD *Held;
    ULONG Index, Position;

    BOOLEAN Verified = (VfAddressFlags(Caller) & VF_FLAG_DEADLOCK_DETECTION) != 0;

    /* A release is recorded whoever makes it (a verified driver's may be a tail call that
       looks like its caller's); only a verified caller's is judged. */
    if (VfpBusy)
        return;
    VfpDlAcquireLock();
    Index = VfpFindNode(Lock, FALSE);
    if (Index == VF_DL_NONE) {
        VfpDlReleaseLock();
        return;      /* never acquired by a verified driver: not ours to judge */
    }
    Held = VfpFindHeld(Index);
    if (Held == NULL && (Type & VF_LOCK_FOR_THREAD)) {
        /* Released on behalf of the thread that holds it: that thread's record of it goes
           stale with a new generation (its order history goes too). */
        VfpForgetNode(Index);
        VfpDlReleaseLock();
        return;
    }
    if (Held == NULL) {
        PVOID Owner = VfpNodes[Index].Owner;
        VfpDlReleaseLock();
        if (!Verified || LockType == VF_LOCK_RESOURCE)
            return;
        /* The lock's own state decides; the verifier's record only names the owner. */
        if (!VfpHeldByAnyone(Lock, LockType)) {
            KiReportAppend(&Text, "%s %p was released, but it is not acquired (released twice, or "
                    "never acquired).", VfpTypeName(LockType), Lock);
            VfpDlBugCheck(VF_DL_NOT_ACQUIRED, (ULONG_PTR)Lock, 0, 0, Caller);
        }
        if (!VfpHeldByMe(Lock, LockType) && Owner != NULL &&
            Owner != (PVOID)KiCurrentKThread()) {
            KiReportAppend(&Text, "%s %p was released by thread %p, but thread %p acquired it.",
                    VfpTypeName(LockType), Lock, (PVOID)KiCurrentKThread(), Owner);
            VfpDlBugCheck(VF_DL_WRONG_THREAD, (ULONG_PTR)Lock, (ULONG_PTR)Owner,
                          (ULONG_PTR)KiCurrentKThread(), Caller);
        }
        return;
    }
    if (--Held->Recursion != 0) {
        VfpDlReleaseLock();
        return;
    }
    Position = (ULONG)(Held - VfpHeld);
    /* A spin lock released back below DISPATCH_LEVEL while a spin lock acquired after it is
       still held: that one is now held at the wrong IRQL. */
    if (Verified && LockType == VF_LOCK_SPIN && NewIrql < DISPATCH_LEVEL) {
        for (ULONG i = Position + 1; i < VfpHeldCount; i++) {
            if (VfpHeld[i].Type == VF_LOCK_SPIN &&
                VfpHeldByMe(VfpNodes[VfpHeld[i].Node].Lock, VF_LOCK_SPIN)) {
                PVOID Later = VfpNodes[VfpHeld[i].Node].Lock;
                VfpDlReleaseLock();
                KiReportAppend(&Text, "Spin lock %p was released (back to IRQL %u) while spin lock "
                        "%p, acquired after it, is still held: release them in the reverse "
                        "order of acquisition.\n%p was acquired at:\n", Lock, NewIrql, Later,
                        Later);
                VfpTextStack(&Text, VfpHeld[i].Stack, VfpHeld[i].Frames);  /* this thread's */
                VfpDlBugCheck(VF_DL_WRONG_ORDER, (ULONG_PTR)Lock, (ULONG_PTR)Later, 0, Caller);
            }
        }
    }
    if (!Held->Shared)
        VfpNodes[Index].Owner = NULL;
    VfpDropHeld(Held);
    VfpDlReleaseLock();
}

VOID VfDeadlockAbandon(PVOID Lock)
{
    ULONG Index;

    if (VfpBusy)
        return;
    VfpDlAcquireLock();
    Index = VfpFindNode(Lock, FALSE);
    if (Index != VF_DL_NONE) {
        VF_DL_HELD *Held = VfpFindHeld(Index);
        if (Held != NULL && --Held->Recursion == 0) {
            ULONG Position = (ULONG)(Held - VfpHeld);
            if (!Held->Shared)
                VfpNodes[Index].Owner = NULL;
            memmove(Held, Held + 1, (VfpHeldCount - Position - 1) * sizeof(*Held));
            VfpHeldCount--;
        }
    }
    VfpDlReleaseLock();
}

VOID VfDeadlockInitialize(PVOID Lock)
{
    ULONG Index;

    if (VfpBusy)
        return;
    VfpDlAcquireLock();
    Index = VfpFindNode(Lock, FALSE);
    if (Index != VF_DL_NONE)
        VfpForgetNode(Index);
    VfpDlReleaseLock();
}

VOID VfDeadlockWaitDone(PVOID Object, NTSTATUS Status, PVOID Caller)
{
    VfDeadlockMultipleWaitDone(1, &Object, WaitAny, Status, Caller);
}

VOID VfDeadlockMultipleWaitDone(ULONG Count, PVOID const *Objects, WAIT_TYPE WaitType,
                                NTSTATUS Status, PVOID Caller)
{
    ULONG Index;

    /* A satisfied wait acquired the KMUTEXes it names: WaitAny the one whose index the
       status gives (an abandoned mutex is acquired too, STATUS_ABANDONED_WAIT_n), WaitAll
       every one, recorded in array order, as one batch (see VfpAcquire). */
    if (Status >= STATUS_WAIT_0 && Status < STATUS_WAIT_0 + (NTSTATUS)Count)
        Index = (ULONG)(Status - STATUS_WAIT_0);
    else if (Status >= STATUS_ABANDONED_WAIT_0 && Status < STATUS_ABANDONED_WAIT_0 + (NTSTATUS)Count)
        Index = (ULONG)(Status - STATUS_ABANDONED_WAIT_0);
    else
        return;      /* timeout, user APC, failure: nothing acquired */
    if (WaitType == WaitAll) {
        ULONG Batch = 0;
        for (ULONG i = 0; i < Count; i++) {
            if (((PDISPATCHER_HEADER)Objects[i])->Type != KI_MUTANT_OBJECT)
                continue;
            if (Batch == 0 && ++VfpBatchCount == 0)
                VfpBatchCount = 1;
            Batch = VfpBatchCount;
            VfpAcquire(Objects[i], VF_LOCK_MUTEX, Caller, Batch);
        }
    } else if (((PDISPATCHER_HEADER)Objects[Index])->Type == KI_MUTANT_OBJECT) {
        VfDeadlockAcquire(Objects[Index], VF_LOCK_MUTEX, Caller);
    }
}

VOID VfDeadlockForgetThread(VOID)
{
    VfpHeldCount = 0;
}
