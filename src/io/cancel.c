/*
 * PURPOSE: IRP cancellation: the cancel spin lock, IoCancelIrp, and cancelling the IRPs of
 * a thread (thread exit) or of a file object (CancelIo, CancelIoEx, handle close).
 *
 * Cancelling another thread's IRPs races with their completion on any thread, so a
 * canceller pins each IRP under the owning thread's list lock before calling IoCancelIrp
 * on it; see src/io/irpp.h.
 */

/* INCLUDES ******************************************************************************/

#include "irpp.h"
#include <internal/ob.h>
#include <internal/invoke.h>

/* GLOBALS *******************************************************************************/

static KSPIN_LOCK IopCancelSpinLock;

/* How long cancellers wait for cancelled IRPs before they disassociate them (Windows:
   IoCancelThreadIo and NtCancelIoFile give up after 5 minutes). */
#define IOP_CANCEL_WAIT_LIMIT_MS (5 * 60 * 1000)
static volatile ULONG IopCancelWaitLimitMs = IOP_CANCEL_WAIT_LIMIT_MS;

/* IRPs pinned per round of a cancel pass (the rest in further rounds). */
#define IOP_CANCEL_BATCH 32

/* Threads looked at per call when cancelling the IRPs of every thread, without allocating. */
#define IOP_THREAD_SNAPSHOT 64

/* Which IRPs of a list a canceller is after. */
typedef struct _IOP_CANCEL_FILTER {
    PFILE_OBJECT FileObject;              /* NULL: every IRP (thread exit) */
    PIO_STATUS_BLOCK UserIosb;            /* non-NULL: only the IRPs with this IOSB */
} IOP_CANCEL_FILTER;

/* PRIVATE FUNCTIONS *********************************************************************/

static BOOLEAN IopMatches(PIRP Irp, const IOP_CANCEL_FILTER *Filter)
{
    if (Filter->FileObject == NULL)
        return TRUE;
    if (Irp->Tail.Overlay.OriginalFileObject != Filter->FileObject)
        return FALSE;
    return Filter->UserIosb == NULL || Irp->UserIosb == Filter->UserIosb;
}

/* After IoCancelIrp on a pinned IRP: unpin it, or, if stage 2 has finished with it
   meanwhile (it is off the list), free it when stage 2 is done with it too. */
static VOID IopUnpin(PETHREAD Thread, PIRP Irp)
{

    IopLockThreadIrps(Thread);
    if (!IsListEmpty(&Irp->ThreadListEntry)) {
        __atomic_fetch_and(&Irp->AllocationFlags, (UCHAR)~IOP_IRP_PINNED, __ATOMIC_RELEASE);
        IopUnlockThreadIrps(Thread);
        return;
    }
    IopUnlockThreadIrps(Thread);
    if (IopPinHandshake(Irp))
        IopFreeQueuedIrp(Irp);
}

/*
 * Calls IoCancelIrp once on every matching IRP of Thread's list that is not cancelled yet
 * (nor pinned by another canceller, which cancels it). Returns how many matching IRPs the
 * list held when the pass began.
 */
static ULONG IopCancelPass(PETHREAD Thread, const IOP_CANCEL_FILTER *Filter)
{
    PIRP Batch[IOP_CANCEL_BATCH];
    ULONG Count, Index, Found = 0;
    BOOLEAN FirstRound = TRUE;
    PLIST_ENTRY Entry;

    do {
        Count = 0;
        IopLockThreadIrps(Thread);
        for (Entry = Thread->IrpList.Flink; Entry != &Thread->IrpList; Entry = Entry->Flink) {
            PIRP Irp = CONTAINING_RECORD(Entry, IRP, ThreadListEntry);

            if (!IopMatches(Irp, Filter))
                continue;
            if (FirstRound)
                Found++;
            if (Count < IOP_CANCEL_BATCH && !(IopIrpFlags(Irp) & IOP_IRP_PINNED) &&
                !IopIrpCancelled(Irp)) {
                __atomic_fetch_or(&Irp->AllocationFlags, IOP_IRP_PINNED, __ATOMIC_RELAXED);
                Batch[Count++] = Irp;
            }
        }
        IopUnlockThreadIrps(Thread);
        FirstRound = FALSE;
        for (Index = 0; Index < Count; Index++) {
            IoCancelIrp(Batch[Index]);
            IopUnpin(Thread, Batch[Index]);
        }
    } while (Count == IOP_CANCEL_BATCH);
    return Found;
}

/* Matching IRPs still on Thread's list. */
static ULONG IopCountPending(PETHREAD Thread, const IOP_CANCEL_FILTER *Filter)
{
    ULONG Count = 0;
    PLIST_ENTRY Entry;

    IopLockThreadIrps(Thread);
    for (Entry = Thread->IrpList.Flink; Entry != &Thread->IrpList; Entry = Entry->Flink) {
        if (IopMatches(CONTAINING_RECORD(Entry, IRP, ThreadListEntry), Filter))
            Count++;
    }
    IopUnlockThreadIrps(Thread);
    return Count;
}

/* Prints which driver kept a cancelled IRP (Windows logs IO_DRIVER_CANCEL_TIMEOUT). */
static VOID IopReportCancelTimeout(PIRP Irp)
{
    PDEVICE_OBJECT DeviceObject = NULL;
    PCUNICODE_STRING Name = NULL;

    if (Irp->CurrentLocation >= 1 && Irp->CurrentLocation <= Irp->StackCount)
        DeviceObject = IoGetCurrentIrpStackLocation(Irp)->DeviceObject;
    if (DeviceObject != NULL && DeviceObject->DriverObject != NULL)
        Name = &DeviceObject->DriverObject->DriverName;
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
               "kmode: IRP %p (device %p, driver %wZ) was not completed after it was "
               "cancelled; its thread no longer waits for it (the driver's completion will "
               "drop it)\n",
               Irp, DeviceObject, Name);
}

/* Time is up: the matching IRPs leave Thread's list; their completion drops them. Pinned
   ones stay (a canceller is in IoCancelIrp on them: the caller keeps waiting). */
static ULONG IopDisassociate(PETHREAD Thread, const IOP_CANCEL_FILTER *Filter)
{
    PLIST_ENTRY Entry, Next;
    ULONG Left = 0;

    IopLockThreadIrps(Thread);
    for (Entry = Thread->IrpList.Flink; Entry != &Thread->IrpList; Entry = Next) {
        PIRP Irp = CONTAINING_RECORD(Entry, IRP, ThreadListEntry);

        Next = Entry->Flink;
        if (!IopMatches(Irp, Filter))
            continue;
        if (IopIrpFlags(Irp) & IOP_IRP_PINNED) {
            Left++;
            continue;
        }
        RemoveEntryList(Entry);
        InitializeListHead(Entry);
        ObReferenceObject(Thread);   /* its completion still takes the list lock */
        __atomic_fetch_or(&Irp->AllocationFlags, IOP_IRP_DISASSOCIATED, __ATOMIC_RELAXED);
        IopReportCancelTimeout(Irp);
    }
    IopUnlockThreadIrps(Thread);
    return Left;
}

/*
 * Waits (PASSIVE_LEVEL) until none of Threads' lists holds a matching IRP, polling from
 * 1 ms up to every 100 ms; at the limit, disassociates what is left.
 */
static VOID IopWaitForCancelled(PETHREAD *Threads, ULONG ThreadCount,
                                const IOP_CANCEL_FILTER *Filter)
{
    ULONG Elapsed = 0, Interval = 1, Index, Pending;
    LARGE_INTEGER Delay;

    for (;;) {
        Pending = 0;
        for (Index = 0; Index < ThreadCount; Index++)
            Pending += IopCountPending(Threads[Index], Filter);
        if (Pending == 0)
            return;
        if (Elapsed >= __atomic_load_n(&IopCancelWaitLimitMs, __ATOMIC_RELAXED)) {
            Pending = 0;
            for (Index = 0; Index < ThreadCount; Index++)
                Pending += IopDisassociate(Threads[Index], Filter);
            if (Pending == 0)
                return;
        }
        Delay.QuadPart = -(LONGLONG)Interval * 10000;
        KeDelayExecutionThread(KernelMode, FALSE, &Delay);
        Elapsed += Interval;
        if (Interval < 100)
            Interval = Interval * 2 > 100 ? 100 : Interval * 2;
    }
}

/*
 * Referenced pointers to the threads that have IRP lists: in Buffer (Capacity entries) or,
 * when there are more, in a pool array (*Allocated, freed by the caller). If that
 * allocation fails, the first Capacity threads only.
 */
static ULONG IopSnapshotIrpThreads(PETHREAD *Buffer, ULONG Capacity, PETHREAD **Allocated)
{
    PETHREAD *Threads = Buffer;
    PLIST_ENTRY Entry;
    ULONG Count, Total;
    KIRQL OldIrql;

    *Allocated = NULL;
    for (;;) {
        KeAcquireSpinLock(&IopIrpThreadListLock, &OldIrql);
        Total = 0;
        for (Entry = IopIrpThreadList.Flink; Entry != &IopIrpThreadList; Entry = Entry->Flink)
            Total++;
        if (Total <= Capacity || *Allocated != NULL || Threads == NULL)
            break;
        KeReleaseSpinLock(&IopIrpThreadListLock, OldIrql);
        /* More than fit: allocate room (plus slack for newcomers) and count again. */
        Capacity = Total + 16;
        Threads = ExAllocatePoolWithTag(NonPagedPoolNx, Capacity * sizeof(PETHREAD),
                                        IOP_SYSTEM_BUFFER_TAG);
        *Allocated = Threads;
        if (Threads == NULL) {
            Threads = Buffer;
            Capacity = IOP_THREAD_SNAPSHOT;
            KeAcquireSpinLock(&IopIrpThreadListLock, &OldIrql);
            break;
        }
    }
    Count = 0;
    for (Entry = IopIrpThreadList.Flink; Entry != &IopIrpThreadList && Count < Capacity;
         Entry = Entry->Flink) {
        PETHREAD Thread = CONTAINING_RECORD(Entry, ETHREAD, IrpThreadLink);

        ObReferenceObject(Thread);
        Threads[Count++] = Thread;
    }
    KeReleaseSpinLock(&IopIrpThreadListLock, OldIrql);
    return Count;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * <= DISPATCH_LEVEL. Raises to DISPATCH_LEVEL; *Irql receives the previous IRQL.
 */
VOID NTAPI IoAcquireCancelSpinLock(PKIRQL Irql)
{
    KeAcquireSpinLock(&IopCancelSpinLock, Irql);
}

/* @implemented: DISPATCH_LEVEL, cancel spin lock held. Lowers to Irql. */
VOID NTAPI IoReleaseCancelSpinLock(KIRQL Irql)
{
    KeReleaseSpinLock(&IopCancelSpinLock, Irql);
}

/*
 * @implemented
 * <= DISPATCH_LEVEL. TRUE if the IRP had a cancel routine (it has been called), else FALSE;
 * Irp->Cancel is TRUE either way. A cancel routine on an IRP that has already completed all
 * the way up: bugcheck 0x48 CANCEL_STATE_IN_COMPLETED_IRP (Irp, routine, 0, 0).
 */
__attribute__((noinline)) BOOLEAN NTAPI IoCancelIrp(PIRP Irp)
{
    PDEVICE_OBJECT DeviceObject = NULL;
    PDRIVER_CANCEL Routine;
    IOP_IRP_TRACE Trace;
    KIRQL OldIrql;

    IoAcquireCancelSpinLock(&OldIrql);
    __atomic_store_n(&Irp->Cancel, TRUE, __ATOMIC_SEQ_CST);
    Routine = IoSetCancelRoutine(Irp, NULL);
    if (Routine == NULL) {
        IoReleaseCancelSpinLock(OldIrql);
        return FALSE;
    }
    if (Irp->CurrentLocation > Irp->StackCount + 1) {
        KiSetBugCheckIrp(Irp);
        KiBugCheck(CANCEL_STATE_IN_COMPLETED_IRP, (ULONG_PTR)Irp, (ULONG_PTR)Routine, 0, 0,
                   __builtin_return_address(0),
                   "IoCancelIrp found a cancel routine on an IRP that has already been "
                   "completed: the driver must clear it (IoSetCancelRoutine(Irp, NULL)) "
                   "before completing.");
    }
    Irp->CancelIrql = OldIrql;
    /* Windows hands the routine the device of the IRP's current location. */
    if (Irp->CurrentLocation <= Irp->StackCount)
        DeviceObject = IoGetCurrentIrpStackLocation(Irp)->DeviceObject;
    IopTraceEnter(&Trace, Irp, DeviceObject, (PVOID)Routine, IOP_PHASE_CANCEL,
                  DeviceObject != NULL ? IoGetCurrentIrpStackLocation(Irp)->MajorFunction : 0,
                  DeviceObject != NULL ? IoGetCurrentIrpStackLocation(Irp)->MinorFunction : 0);
    IopInvokeCancelRoutine(Routine, DeviceObject, Irp);
    IopTraceLeave(&Trace);
    return TRUE;
}

/* Internal (io.h). PASSIVE_LEVEL. */
VOID IopCancelThreadIrps(PETHREAD Thread)
{
    IOP_CANCEL_FILTER Filter = { NULL, NULL };
    BOOLEAN Retired = FALSE;
    KIRQL OldIrql;

    if (!(IopThreadIrpState(Thread) & IOP_THREAD_IRPS_REGISTERED))
        return;   /* no IRP since the last call (or ever) */
    IopCancelPass(Thread, &Filter);
    IopWaitForCancelled(&Thread, 1, &Filter);

    KeAcquireSpinLock(&IopIrpThreadListLock, &OldIrql);
    if (IopThreadIrpState(Thread) & IOP_THREAD_IRPS_REGISTERED) {
        RemoveEntryList(&Thread->IrpThreadLink);
        Thread->IrpThreadLink.Flink = Thread->IrpThreadLink.Blink = NULL;
        IopChangeThreadIrpState(Thread, 0, IOP_THREAD_IRPS_REGISTERED);
        Retired = TRUE;
    }
    KeReleaseSpinLock(&IopIrpThreadListLock, OldIrql);
    if (Retired)
        ObDereferenceObject(Thread);
}

/* Internal (io.h). <= DISPATCH_LEVEL; PASSIVE_LEVEL with Wait. */
ULONG IopCancelIrpsOfFile(PFILE_OBJECT FileObject, PETHREAD Thread, PIO_STATUS_BLOCK UserIosb,
                          BOOLEAN Wait)
{
    IOP_CANCEL_FILTER Filter = { FileObject, UserIosb };
    PETHREAD Buffer[IOP_THREAD_SNAPSHOT], *Threads = Buffer, *Allocated = NULL;
    ULONG Count, Index, Found = 0;

    if (Thread != NULL) {
        if (!(IopThreadIrpState(Thread) & IOP_THREAD_IRPS_REGISTERED))
            return 0;
        ObReferenceObject(Thread);
        Threads[0] = Thread;
        Count = 1;
    } else {
        Count = IopSnapshotIrpThreads(Buffer, IOP_THREAD_SNAPSHOT, &Allocated);
        if (Allocated != NULL)
            Threads = Allocated;
    }
    for (Index = 0; Index < Count; Index++)
        Found += IopCancelPass(Threads[Index], &Filter);
    if (Wait && Found != 0)
        IopWaitForCancelled(Threads, Count, &Filter);
    for (Index = 0; Index < Count; Index++)
        ObDereferenceObject(Threads[Index]);
    if (Allocated != NULL)
        ExFreePoolWithTag(Allocated, IOP_SYSTEM_BUFFER_TAG);
    return Found;
}

/* Internal (io.h): test hook. */
VOID IopSetCancelWaitLimitForTest(ULONG Milliseconds)
{
    __atomic_store_n(&IopCancelWaitLimitMs,
                     Milliseconds != 0 ? Milliseconds : IOP_CANCEL_WAIT_LIMIT_MS,
                     __ATOMIC_RELAXED);
}
