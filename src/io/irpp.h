/*
 * PURPOSE: Private to the IRP code (src/io/irp.c, complete.c, cancel.c, build.c): the
 * I/O manager's own bits in IRP.AllocationFlags and the thread-list protocol.
 *
 * A thread that has issued threaded IRPs is kept alive by the I/O manager's reference
 * (IopIrpThreadList) until IopCancelThreadIrps retires it, which happens only once its list
 * is empty; so whoever completes one of its IRPs can take the thread's list lock safely
 * while the IRP is on the list. An IRP a timed-out canceller disassociates takes its own
 * reference on the thread (dropped when the IRP is freed). Cancellers (thread exit,
 * CancelIo) must call IoCancelIrp on IRPs that another thread may complete and free at any
 * moment, so they "pin" one under the list lock first; stage 2 then leaves the final free
 * to whichever of the two finishes last.
 */
#ifndef _KMODE_IO_IRPP_H_
#define _KMODE_IO_IRPP_H_

#include <internal/io.h>
#include <internal/ps.h>

/*
 * AllocationFlags bits Windows leaves to the I/O manager (the public ones are 0x01..0x08).
 * Changed only with __atomic operations; QUEUED/DISASSOCIATED/PINNED under the thread's
 * IrpListLock as well.
 */
#define IOP_IRP_QUEUED        0x10   /* queued on its thread's list (IopQueueThreadIrp) */
#define IOP_IRP_DISASSOCIATED 0x20   /* taken off it by a timed-out canceller; holds a
                                        reference on the thread */
#define IOP_IRP_PINNED        0x40   /* a canceller is calling IoCancelIrp on it */
#define IOP_IRP_PIN_HANDSHAKE 0x80   /* first of {stage 2, canceller} done with a pinned IRP */

FORCEINLINE UCHAR IopIrpFlags(PIRP Irp)
{
    return __atomic_load_n(&Irp->AllocationFlags, __ATOMIC_ACQUIRE);
}

/* Irp->Cancel, which IoCancelIrp may set on another thread at any moment. */
FORCEINLINE BOOLEAN IopIrpCancelled(PIRP Irp)
{
    return __atomic_load_n(&Irp->Cancel, __ATOMIC_ACQUIRE);
}

/* TRUE when the caller is the second of the two to finish with a pinned IRP (it frees). */
FORCEINLINE BOOLEAN IopPinHandshake(PIRP Irp)
{
    return (__atomic_fetch_or(&Irp->AllocationFlags, IOP_IRP_PIN_HANDSHAKE, __ATOMIC_ACQ_REL) &
            IOP_IRP_PIN_HANDSHAKE) != 0;
}

/*
 * What the current thread is doing with which IRP, for the bugcheck report's IRP section
 * (KiBugCheckIrpHook). Only values are kept: the report never dereferences the IRP, which
 * may be gone by then. Each call into a driver pushes a record on its own stack frame onto
 * the thread's chain and pops it on return (they nest): two stores and a load, where
 * copying a record out and back cost some forty instructions around every dispatch.
 */
#define IOP_PHASE_DISPATCH   1
#define IOP_PHASE_COMPLETION 2   /* a completion routine */
#define IOP_PHASE_CANCEL     3   /* a cancel routine */
#define IOP_PHASE_COMPLETING 4   /* IoCompleteRequest's own checks */

typedef struct _IOP_IRP_TRACE {
    struct _IOP_IRP_TRACE *Previous;
    PIRP Irp;
    PDEVICE_OBJECT DeviceObject;
    PVOID Routine;
    UCHAR Phase;
    UCHAR MajorFunction;
    UCHAR MinorFunction;
    CHAR CurrentLocation;
    CHAR StackCount;
} IOP_IRP_TRACE;

/* The innermost record, or NULL. (An exception that unwinds past a driver call leaves its
   record on the chain, stale values on a dead frame of this thread's stack, until an outer
   call returns: only values are read from it.) */
extern KI_TLS IOP_IRP_TRACE *IopIrpTraceChain;

FORCEINLINE VOID IopTraceEnter(IOP_IRP_TRACE *Trace, PIRP Irp, PDEVICE_OBJECT DeviceObject,
                               PVOID Routine, UCHAR Phase, UCHAR Major, UCHAR Minor)
{
    Trace->Previous = IopIrpTraceChain;
    Trace->Irp = Irp;
    Trace->DeviceObject = DeviceObject;
    Trace->Routine = Routine;
    Trace->Phase = Phase;
    Trace->MajorFunction = Major;
    Trace->MinorFunction = Minor;
    Trace->CurrentLocation = Irp->CurrentLocation;
    Trace->StackCount = Irp->StackCount;
    /* The record is complete before a signal handler on this thread (a fault's report)
       can find it. */
    __atomic_signal_fence(__ATOMIC_RELEASE);
    IopIrpTraceChain = Trace;
}

FORCEINLINE VOID IopTraceLeave(const IOP_IRP_TRACE *Trace)
{
    IopIrpTraceChain = Trace->Previous;
}

/*
 * ETHREAD.IrpListLock is a word of bits, all changed under its lock bit: the per-thread IRP list
 * lock (a bare test-and-set lock, not a spin lock that raises IRQL: it only guards a few
 * list operations, may be taken at any IRQL up to DISPATCH_LEVEL, and is the one lock on
 * the threaded-IRP path) and the thread's I/O state, which the hot path reads without
 * taking any lock.
 */
#define IOP_THREAD_IRPS_LOCKED      0x1
#define IOP_THREAD_IRPS_REGISTERED  0x2   /* on IopIrpThreadList, with a reference */
#define IOP_THREAD_IRPS_INITIALIZED 0x4   /* IrpList is a list head */

FORCEINLINE ULONG_PTR IopThreadIrpState(PETHREAD Thread)
{
    return __atomic_load_n(&Thread->IrpListLock, __ATOMIC_ACQUIRE);
}

FORCEINLINE VOID IopLockThreadIrps(PETHREAD Thread)
{
    ULONG Spins = 0;

    while (__atomic_fetch_or(&Thread->IrpListLock, IOP_THREAD_IRPS_LOCKED, __ATOMIC_ACQUIRE) &
           IOP_THREAD_IRPS_LOCKED) {
        do {
            if (++Spins < 128) {
                KiCpuRelax();
            } else {
                HostYieldProcessor();   /* the holder may have lost its host CPU */
                Spins = 0;
            }
        } while (__atomic_load_n(&Thread->IrpListLock, __ATOMIC_RELAXED) &
                 IOP_THREAD_IRPS_LOCKED);
    }
}

FORCEINLINE VOID IopUnlockThreadIrps(PETHREAD Thread)
{
    /* The state bits change only under the lock (IopChangeThreadIrpState): a plain store
       releases it. */
    ULONG_PTR Word = __atomic_load_n(&Thread->IrpListLock, __ATOMIC_RELAXED);
    __atomic_store_n(&Thread->IrpListLock, Word & ~(ULONG_PTR)IOP_THREAD_IRPS_LOCKED,
                     __ATOMIC_RELEASE);
}

/* Sets and clears state bits of the word, under its lock. */
FORCEINLINE VOID IopChangeThreadIrpState(PETHREAD Thread, ULONG_PTR Set, ULONG_PTR Clear)
{
    ULONG_PTR Word;

    IopLockThreadIrps(Thread);
    Word = __atomic_load_n(&Thread->IrpListLock, __ATOMIC_RELAXED);
    __atomic_store_n(&Thread->IrpListLock, (Word | Set) & ~Clear, __ATOMIC_RELAXED);
    IopUnlockThreadIrps(Thread);
}

/* The end of a threaded IRP's life: the IRP is freed (and the thread reference of a
   disassociated one dropped). */
VOID IopFreeQueuedIrp(_In_ PIRP Irp);

/* Lists of threads with IRPs (irp.c). */
extern LIST_ENTRY IopIrpThreadList;
extern KSPIN_LOCK IopIrpThreadListLock;

#endif
