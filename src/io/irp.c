/*
 * PURPOSE: IRPs: allocation, initialization and reuse, associated IRPs, IoCallDriver, the
 * per-thread IRP lists, and small queries (requestor process, synchronous operation,
 * top-level IRP).
 *
 * Layout facts every routine here relies on (include/km/wdm/io_irp.h): the stack locations
 * follow the IRP header in the same allocation; a fresh IRP has CurrentLocation =
 * StackCount + 1 and Tail.Overlay.CurrentStackLocation one past the last location.
 *
 * IRP lookaside lists, as Windows keeps them: IoAllocateIrp takes IRPs of up to
 * IOP_LARGE_IRP_STACK locations from a small (1 location) or a large (IOP_LARGE_IRP_STACK
 * locations) fixed-size list, flagged IRP_ALLOCATED_FIXED_SIZE | IRP_LOOKASIDE_ALLOCATION,
 * with Size the fixed packet size (StackCount is what was asked for); IoFreeIrp puts them
 * back. Windows keeps these lists per processor; kmode's processors are only held at
 * DISPATCH_LEVEL, so the lists are per host thread (no lock, no atomic operation), bounded,
 * and what does not fit goes back to the pool. The entries stay 'Irp ' pool blocks, as on
 * Windows, so !poolused counts them.
 */

/* INCLUDES ******************************************************************************/

#include <pthread.h>
#include <stdio.h>
#include "irpp.h"
#include <internal/ex.h>
#include <internal/ob.h>
#include <internal/invoke.h>
#include <internal/vfpool.h>

/* GLOBALS *******************************************************************************/

/*
 * Threads that have issued threaded IRPs (ETHREAD.IrpThreadLink), each with a reference,
 * so IopCancelIrpsOfFile(Thread = NULL) can reach every pending IRP. A thread joins at its
 * first IRP (once) and leaves in IopCancelThreadIrps: the per-IRP path never takes this lock.
 */
LIST_ENTRY IopIrpThreadList = { &IopIrpThreadList, &IopIrpThreadList };
KSPIN_LOCK IopIrpThreadListLock;

KI_TLS IOP_IRP_TRACE IopIrpTrace;

#define IOP_LARGE_IRP_STACK   8      /* locations of a large fixed-size IRP */
#define IOP_IRP_LIST_DEPTH    32     /* IRPs each thread keeps per list */

typedef struct _IOP_IRP_LOOKASIDE {
    PIRP Head[2];                    /* [0] small, [1] large; linked through MasterIrp */
    USHORT Depth[2];
    BOOLEAN Registered;              /* the thread-exit destructor knows this thread */
} IOP_IRP_LOOKASIDE;

static KI_TLS IOP_IRP_LOOKASIDE IopIrpLookaside;
static pthread_once_t IopIrpLookasideOnce = PTHREAD_ONCE_INIT;
static pthread_key_t IopIrpLookasideKey;

/* PRIVATE FUNCTIONS *********************************************************************/

/*
 * Puts Thread on IopIrpThreadList (with a reference): at its first IRP, and again at the
 * next IRP after IopCancelThreadIrps retired it. Runs on Thread itself; the first time it
 * also initializes the list, which nobody else can touch before an IRP is on it.
 */
static __attribute__((noinline)) VOID IopRegisterIrpThread(PETHREAD Thread)
{
    KIRQL OldIrql;

    if (!(IopThreadIrpState(Thread) & IOP_THREAD_IRPS_INITIALIZED)) {
        InitializeListHead(&Thread->IrpList);
        IopChangeThreadIrpState(Thread, IOP_THREAD_IRPS_INITIALIZED, 0);
    }
    ObReferenceObject(Thread);
    KeAcquireSpinLock(&IopIrpThreadListLock, &OldIrql);
    InsertTailList(&IopIrpThreadList, &Thread->IrpThreadLink);
    IopChangeThreadIrpState(Thread, IOP_THREAD_IRPS_REGISTERED, 0);
    KeReleaseSpinLock(&IopIrpThreadListLock, OldIrql);
}

/*
 * The bugcheck report's IRP section (KiBugCheckIrpHook): the IRP this thread is working on
 * and in which role. Values recorded when the driver was called; the IRP itself is not read.
 */
static SIZE_T IopIrpReport(char *Buffer, SIZE_T Capacity)
{
    const IOP_IRP_TRACE *Trace = &IopIrpTrace;
    const char *Phase;
    int n;

    if (Trace->Irp == NULL)
        return 0;
    switch (IOP_TRACE_PHASE(Trace->Info)) {
    case IOP_PHASE_DISPATCH: Phase = "dispatch routine for"; break;
    case IOP_PHASE_COMPLETION: Phase = "completion routine of"; break;
    case IOP_PHASE_CANCEL: Phase = "cancel routine of"; break;
    default: Phase = "IoCompleteRequest of"; break;
    }
    n = snprintf(Buffer, Capacity,
                 "IRP_ADDRESS:  %016llx\n"
                 "IRP_CONTEXT:  %s %s (minor 0x%x), device %016llx, routine %016llx, "
                 "stack location %d of %d\n",
                 (unsigned long long)(ULONG_PTR)Trace->Irp, Phase,
                 KiIrpMajorName(IOP_TRACE_MAJOR(Trace->Info)),
                 IOP_TRACE_MINOR(Trace->Info), (unsigned long long)(ULONG_PTR)Trace->DeviceObject,
                 (unsigned long long)(ULONG_PTR)Trace->Routine,
                 IOP_TRACE_LOCATION(Trace->Info), IOP_TRACE_COUNT(Trace->Info));
    return n < 0 ? 0 : ((SIZE_T)n >= Capacity ? Capacity - 1 : (SIZE_T)n);
}

/* The IRP whose driver routine runs on this thread (KiBugCheckActiveIrpQuery), or NULL. */
static PIRP IopActiveIrp(VOID)
{
    return IopIrpTrace.Irp;
}

/* KmodeCatchBugCheck keeps the trace across a caught bugcheck (KiBugCheckCatchStateHook). */
static VOID IopIrpTraceCatchState(PVOID State, BOOLEAN Restore)
{
    C_ASSERT(sizeof(IOP_IRP_TRACE) <= KI_CATCH_STATE_SIZE);
    if (Restore) {
        IopIrpTrace = *(IOP_IRP_TRACE *)State;
        IopInlineStage2Irp = NULL;   /* a stage 2 the bugcheck abandoned is over */
    } else
        *(IOP_IRP_TRACE *)State = IopIrpTrace;
}

__attribute__((constructor)) static void IopInitializeIrpReport(void)
{
    KiBugCheckIrpHook = IopIrpReport;
    KiBugCheckActiveIrpQuery = IopActiveIrp;
    KiBugCheckCatchStateHook = IopIrpTraceCatchState;
}

/* Thread exit: the thread's cached IRPs go back to the pool. */
static VOID IopIrpLookasideDestructor(PVOID Unused)
{
    UNREFERENCED_PARAMETER(Unused);
    IopFlushIrpLookaside();
    /* An IRP freed by a later destructor registers the thread again (glibc then runs the
       destructors once more), so it is not left behind. */
    IopIrpLookaside.Registered = FALSE;
}

static VOID IopCreateIrpLookasideKey(VOID)
{
    pthread_key_create(&IopIrpLookasideKey, IopIrpLookasideDestructor);
}

static __attribute__((noinline)) VOID IopRegisterIrpLookaside(IOP_IRP_LOOKASIDE *Lists)
{
    pthread_once(&IopIrpLookasideOnce, IopCreateIrpLookasideKey);
    pthread_setspecific(IopIrpLookasideKey, Lists);
    Lists->Registered = TRUE;
}


/* PUBLIC FUNCTIONS **********************************************************************/

/* Internal (io.h). */
VOID IopFlushIrpLookaside(VOID)
{
    IOP_IRP_LOOKASIDE *Lists = &IopIrpLookaside;

    for (ULONG i = 0; i < 2; i++) {
        while (Lists->Head[i] != NULL) {
            PIRP Irp = Lists->Head[i];
            Lists->Head[i] = Irp->AssociatedIrp.MasterIrp;
            ExFreePoolWithTag(Irp, IOP_IRP_TAG);
        }
        Lists->Depth[i] = 0;
    }
}

/* IoInitializeIrp's work, inline in IoAllocateIrp. */
FORCEINLINE VOID IopInitializeIrp(PIRP Irp, USHORT PacketSize, CCHAR StackSize)
{
    /* The small lookaside IRP (every request to a one-driver stack) in 16-byte stores: a
       memset call, or the string store compilers pick for a constant size, costs several
       times as much for 280 bytes. (The IRP is a pool block: 16-byte aligned.) */
    if (PacketSize == IoSizeOfIrp(1) && ((ULONG_PTR)Irp & 15) == 0) {
        typedef ULONG64 IOP_ZERO16 __attribute__((vector_size(16)));
        IOP_ZERO16 *Block = (IOP_ZERO16 *)(PVOID)Irp;
        C_ASSERT(IoSizeOfIrp(1) % 16 == 8);
#pragma GCC unroll 32
        for (ULONG i = 0; i < IoSizeOfIrp(1) / 16; i++)
            *(volatile IOP_ZERO16 *)&Block[i] = (IOP_ZERO16){ 0, 0 };
        *(volatile ULONG64 *)((PUCHAR)Irp + IoSizeOfIrp(1) - 8) = 0;
    } else {
        RtlZeroMemory(Irp, PacketSize);
    }
    Irp->Type = IO_TYPE_IRP;
    Irp->Size = PacketSize;
    Irp->StackCount = StackSize;
    Irp->CurrentLocation = (CHAR)(StackSize + 1);
    Irp->ApcEnvironment = 0;                        /* OriginalApcEnvironment */
    InitializeListHead(&Irp->ThreadListEntry);
    Irp->Tail.Overlay.CurrentStackLocation = (PIO_STACK_LOCATION)(Irp + 1) + StackSize;
}

/*
 * @implemented
 * Any IRQL (no allocation). Zeroes PacketSize bytes and sets up StackSize locations.
 */
VOID NTAPI IoInitializeIrp(PIRP Irp, USHORT PacketSize, CCHAR StackSize)
{
    IopInitializeIrp(Irp, PacketSize, StackSize);
}

/* IoAllocateIrp, every case (Caller: the verifier's low-resources simulation). */
static __attribute__((noinline)) PIRP IopAllocateIrp(CCHAR StackSize, BOOLEAN ChargeQuota,
                                                     PVOID Caller)
{
    IOP_IRP_LOOKASIDE *Lists = &IopIrpLookaside;
    UCHAR Flags = 0;
    USHORT Size;
    PIRP Irp = NULL;

    if (StackSize < 0 || VF_LOW_RESOURCES_FAIL(Caller))
        return NULL;
    if (StackSize <= IOP_LARGE_IRP_STACK) {
        /* A fixed-size IRP (Size is that of the list, StackCount what was asked for). */
        ULONG List = StackSize > 1;
        Size = IoSizeOfIrp(List ? IOP_LARGE_IRP_STACK : 1);
        Flags = IRP_ALLOCATED_FIXED_SIZE | IRP_LOOKASIDE_ALLOCATION;
        Irp = Lists->Head[List];
        if (Irp != NULL) {
            /* (The pool's failure injection covers the lists too: tests of low memory.) */
            if (__builtin_expect(ExpPoolShouldFailAllocation(), 0))
                return NULL;
            Lists->Head[List] = Irp->AssociatedIrp.MasterIrp;
            Lists->Depth[List]--;
        }
    } else {
        Size = IoSizeOfIrp(StackSize);
    }
    if (Irp == NULL) {
        /* A lookaside IRP is born with room for a small system buffer behind it. */
        Irp = ExAllocatePoolWithTag(NonPagedPoolNx,
                                    Flags ? IopInlineBufferOffset(Size) + IOP_IRP_INLINE_BUFFER
                                          : Size,
                                    IOP_IRP_TAG);
        if (Irp == NULL)
            return NULL;
    }
    IopInitializeIrp(Irp, Size, StackSize);
    Irp->AllocationFlags = Flags | (ChargeQuota ? IRP_QUOTA_CHARGED : 0);
    return Irp;
}

/*
 * @implemented
 * <= DISPATCH_LEVEL. NULL when the pool is exhausted (or StackSize is negative).
 */
PIRP NTAPI IoAllocateIrp(CCHAR StackSize, BOOLEAN ChargeQuota)
{
    IOP_IRP_LOOKASIDE *Lists = &IopIrpLookaside;
    PIRP Irp;

    /* The common case with no call: a small IRP from this thread's list, no failure to
       inject, no verifier. Everything else: IopAllocateIrp. */
    if (__builtin_expect(StackSize >= 0 && StackSize <= 1 &&
                         !VfAnyDriver(VF_FLAGS_ANY_LOW_RESOURCES) &&
                         __atomic_load_n(&ExpFailCount, __ATOMIC_RELAXED) <= 0 &&
                         (Irp = Lists->Head[0]) != NULL, 1)) {
        Lists->Head[0] = Irp->AssociatedIrp.MasterIrp;
        Lists->Depth[0]--;
        IopInitializeIrp(Irp, IoSizeOfIrp(1), StackSize);
        Irp->AllocationFlags = IRP_ALLOCATED_FIXED_SIZE | IRP_LOOKASIDE_ALLOCATION |
                               (ChargeQuota ? IRP_QUOTA_CHARGED : 0);
        return Irp;
    }
    return IopAllocateIrp(StackSize, ChargeQuota, __builtin_return_address(0));
}

/* IoFreeIrp's work, every case. Caller: for the verifier and the report. */
static __attribute__((noinline)) VOID IopFreeIrpSlow(PIRP Irp, PVOID Caller)
{
    if (__builtin_expect(VfAnyDriver(VF_FLAG_IO_CHECKING), 0))
        VfIoFreeIrp(Irp, Caller);
    if (Irp->Type != IO_TYPE_IRP) {
        KiSetBugCheckIrp(Irp);
        KiBugCheck(MULTIPLE_IRP_COMPLETE_REQUESTS, (ULONG_PTR)Irp, IOP_BC44_NOT_AN_IRP, 0, 0,
                   Caller, "IoFreeIrp was given something that is not "
                   "a live IRP (already freed, or never allocated as an IRP).");
    }
    Irp->Type = 0;
    if (Irp->AllocationFlags & IRP_LOOKASIDE_ALLOCATION) {
        IOP_IRP_LOOKASIDE *Lists = &IopIrpLookaside;
        ULONG List = Irp->Size != IoSizeOfIrp(1);
        if (Lists->Depth[List] < IOP_IRP_LIST_DEPTH) {
            if (__builtin_expect(!Lists->Registered, 0))
                IopRegisterIrpLookaside(Lists);
            Irp->AssociatedIrp.MasterIrp = Lists->Head[List];
            Lists->Head[List] = Irp;
            Lists->Depth[List]++;
            return;
        }
    }
    ExFreePoolWithTag(Irp, IOP_IRP_TAG);
}

/* IoFreeIrp, inline where the I/O manager frees its own IRPs. The common case with no
   call: a live small lookaside IRP back onto this thread's list, no verifier. */
FORCEINLINE VOID IopFreeIrp(PIRP Irp, PVOID Caller)
{
    IOP_IRP_LOOKASIDE *Lists = &IopIrpLookaside;

    if (__builtin_expect(!VfAnyDriver(VF_FLAG_IO_CHECKING) && Irp->Type == IO_TYPE_IRP &&
                         (Irp->AllocationFlags & IRP_LOOKASIDE_ALLOCATION) &&
                         Irp->Size == IoSizeOfIrp(1) && Lists->Depth[0] < IOP_IRP_LIST_DEPTH &&
                         Lists->Registered, 1)) {
        Irp->Type = 0;
        Irp->AssociatedIrp.MasterIrp = Lists->Head[0];
        Lists->Head[0] = Irp;
        Lists->Depth[0]++;
        return;
    }
    IopFreeIrpSlow(Irp, Caller);
}

/*
 * @implemented
 * <= DISPATCH_LEVEL. Something that is not a live IRP: bugcheck 0x44 (Irp, 2), as Windows
 * checks the Type field (which freeing clears).
 */
VOID NTAPI IoFreeIrp(PIRP Irp)
{
    IopFreeIrp(Irp, __builtin_return_address(0));
}

/*
 * @implemented
 * <= DISPATCH_LEVEL. Keeps Size, StackCount and AllocationFlags; everything else is as in
 * a new IRP. IoStatus.Status = Status.
 */
VOID NTAPI IoReuseIrp(PIRP Irp, NTSTATUS Status)
{
    UCHAR AllocationFlags = Irp->AllocationFlags;

    IoInitializeIrp(Irp, Irp->Size, Irp->StackCount);
    Irp->AllocationFlags = AllocationFlags;
    Irp->IoStatus.Status = Status;
}

/*
 * @implemented
 * <= DISPATCH_LEVEL. NULL when out of memory. The master's IrpCount is the caller's to set.
 */
PIRP NTAPI IoMakeAssociatedIrp(PIRP Irp, CCHAR StackSize)
{
    PIRP Associated = IoAllocateIrp(StackSize, FALSE);

    if (Associated == NULL)
        return NULL;
    Associated->Flags |= IRP_ASSOCIATED_IRP;
    Associated->AssociatedIrp.MasterIrp = Irp;
    Associated->RequestorMode = Irp->RequestorMode;
    Associated->ApcEnvironment = Irp->ApcEnvironment;
    /* Same thread, but not on its list: thread exit cancels the master only. */
    Associated->Tail.Overlay.Thread = Irp->Tail.Overlay.Thread;
    return Associated;
}

/*
 * @implemented
 * <= DISPATCH_LEVEL (above: bugcheck 0xA). Returns the dispatch routine's status.
 * No stack location left: bugcheck 0x35 (Irp, 0, 0, 0). A MajorFunction beyond
 * IRP_MJ_MAXIMUM_FUNCTION in the new location: bugcheck 0x2A INCONSISTENT_IRP (Irp) (Windows
 * would index past the dispatch table).
 */
__attribute__((noinline)) NTSTATUS FASTCALL IofCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Stack;
    PDRIVER_DISPATCH Routine;
    IOP_IRP_TRACE Trace;
    NTSTATUS Status;
    KIRQL Irql = KiThreadState.Irql;

    if (__builtin_expect(Irql > DISPATCH_LEVEL, 0)) {
        KiSetBugCheckIrp(Irp);
        KiBugCheck(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)Irp, Irql, 0,
                   (ULONG_PTR)__builtin_return_address(0), __builtin_return_address(0),
                   "IoCallDriver was called above DISPATCH_LEVEL.");
    }
    Irp->CurrentLocation--;
    if (__builtin_expect(Irp->CurrentLocation <= 0, 0)) {
        /* No location to read: the caller may well have written past the IRP already. */
        IopTraceEnter(&Trace, Irp, DeviceObject, NULL, IOP_PHASE_DISPATCH, 0, 0);
        KiSetBugCheckIrp(Irp);
        KiBugCheck(NO_MORE_IRP_STACK_LOCATIONS, (ULONG_PTR)Irp, 0, 0, 0,
                   __builtin_return_address(0),
                   "IoCallDriver was called on an IRP with no stack location left for the "
                   "target device: the IRP was allocated with fewer locations than the "
                   "device stack's StackSize.");
    }
    Stack = --Irp->Tail.Overlay.CurrentStackLocation;
    Stack->DeviceObject = DeviceObject;
    if (__builtin_expect(Stack->MajorFunction > IRP_MJ_MAXIMUM_FUNCTION, 0)) {
        KiSetBugCheckIrp(Irp);
        KiBugCheck(INCONSISTENT_IRP, (ULONG_PTR)Irp, 0, 0, 0, __builtin_return_address(0),
                   "IoCallDriver: the IRP's stack location has a MajorFunction beyond "
                   "IRP_MJ_MAXIMUM_FUNCTION.");
    }
    Routine = DeviceObject->DriverObject->MajorFunction[Stack->MajorFunction];
    IopTraceEnter(&Trace, Irp, DeviceObject, (PVOID)Routine, IOP_PHASE_DISPATCH,
                  Stack->MajorFunction, Stack->MinorFunction);
    Status = IopInvokeDispatch(Routine, DeviceObject, Irp);
    IopTraceLeave(&Trace);
    return Status;
}

/* @implemented: the exported function form of the IoCallDriver macro (IofCallDriver). */
NTSTATUS NTAPI (IoCallDriver)(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    return IofCallDriver(DeviceObject, Irp);
}

/* Internal (io.h). <= DISPATCH_LEVEL. */
VOID IopQueueThreadIrp(PIRP Irp)
{
    PETHREAD Thread = (PETHREAD)KiCurrentKThread();

    if (__builtin_expect(!(IopThreadIrpState(Thread) & IOP_THREAD_IRPS_REGISTERED), 0))
        IopRegisterIrpThread(Thread);
    Irp->Tail.Overlay.Thread = Thread;
    IopLockThreadIrps(Thread);
    InsertTailList(&Thread->IrpList, &Irp->ThreadListEntry);
    /* (No one else can reach the IRP before the unlock: a plain store of the flags.) */
    __atomic_store_n(&Irp->AllocationFlags, (UCHAR)(IopIrpFlags(Irp) | IOP_IRP_QUEUED),
                     __ATOMIC_RELAXED);
    IopUnlockThreadIrps(Thread);
}

/*
 * Internal (io.h). <= DISPATCH_LEVEL. For an IRP that was queued but will never be sent
 * (its builder failed): off the list, thread reference dropped. Not for IRPs in flight.
 */
VOID IopDequeueThreadIrp(PIRP Irp)
{
    PETHREAD Thread = Irp->Tail.Overlay.Thread;

    if (!(IopIrpFlags(Irp) & IOP_IRP_QUEUED))
        return;
    for (;;) {
        IopLockThreadIrps(Thread);
        if (!(IopIrpFlags(Irp) & IOP_IRP_PINNED))
            break;
        /* A canceller is in IoCancelIrp on it (no cancel routine: it returns at once). */
        IopUnlockThreadIrps(Thread);
        KiCpuRelax();
    }
    RemoveEntryList(&Irp->ThreadListEntry);
    InitializeListHead(&Irp->ThreadListEntry);
    __atomic_fetch_and(&Irp->AllocationFlags, (UCHAR)~IOP_IRP_QUEUED, __ATOMIC_RELAXED);
    IopUnlockThreadIrps(Thread);
}

/* irpp.h: frees a threaded IRP (and the thread reference a disassociated one holds). */
VOID IopFreeQueuedIrp(PIRP Irp)
{
    PETHREAD Thread;

    if (__builtin_expect(!(IopIrpFlags(Irp) & IOP_IRP_DISASSOCIATED), 1)) {
        IopFreeIrp(Irp, __builtin_return_address(0));
        return;
    }
    Thread = Irp->Tail.Overlay.Thread;
    IopFreeIrp(Irp, __builtin_return_address(0));
    ObDereferenceObject(Thread);
}

/*
 * @implemented
 * <= DISPATCH_LEVEL. The issuing thread's process; NULL for an IRP without a thread.
 */
PEPROCESS NTAPI IoGetRequestorProcess(PIRP Irp)
{
    PETHREAD Thread = Irp->Tail.Overlay.Thread;

    if (Thread == NULL)
        return NULL;
    return (PEPROCESS)(struct _EPROCESS *)Thread->Tcb.Process;
}

/* @implemented: <= DISPATCH_LEVEL. 0 for an IRP without a thread. */
ULONG NTAPI IoGetRequestorProcessId(PIRP Irp)
{
    PEPROCESS Process = IoGetRequestorProcess(Irp);

    if (Process == NULL)
        return 0;
    return (ULONG)(ULONG_PTR)PsGetProcessId(Process);
}

/* @implemented: any IRQL. The rules are the documented ones, in their documented order. */
BOOLEAN NTAPI IoIsOperationSynchronous(PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    PFILE_OBJECT FileObject = Stack->FileObject;

    if (Irp->Flags & IRP_PAGING_IO)
        return (Irp->Flags & IRP_SYNCHRONOUS_PAGING_IO) ? TRUE : FALSE;
    if (FileObject != NULL && (FileObject->Flags & FO_SYNCHRONOUS_IO))
        return TRUE;
    if (Irp->Flags & IRP_SYNCHRONOUS_API)
        return TRUE;
    switch (Stack->MajorFunction) {
    case IRP_MJ_DEVICE_CONTROL:
    case IRP_MJ_INTERNAL_DEVICE_CONTROL:
        return METHOD_FROM_CTL_CODE(Stack->Parameters.DeviceIoControl.IoControlCode) ==
               METHOD_BUFFERED;
    case IRP_MJ_FILE_SYSTEM_CONTROL:
        return METHOD_FROM_CTL_CODE(Stack->Parameters.FileSystemControl.FsControlCode) ==
               METHOD_BUFFERED;
    default:
        return FALSE;
    }
}

/* @implemented: any IRQL. */
PIRP NTAPI IoGetTopLevelIrp(VOID)
{
    return ((PETHREAD)KiCurrentKThread())->TopLevelIrp;
}

/* @implemented: any IRQL. */
VOID NTAPI IoSetTopLevelIrp(PIRP Irp)
{
    ((PETHREAD)KiCurrentKThread())->TopLevelIrp = Irp;
}
