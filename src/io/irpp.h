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
 * may be gone by then. The current record is thread-local; each call into a driver saves it
 * on its own frame and restores it on return (they nest). Being values in one place, it
 * stays right when an exception leaves the driver without returning: the report of an
 * unhandled exception still names the IRP, whatever the filters that ran meanwhile did to
 * the stack. Four quadwords (the small fields packed in Info), so a save, a fill and a
 * restore are twelve same-sized moves that the stores before them forward to.
 */
#define IOP_PHASE_DISPATCH   1
#define IOP_PHASE_COMPLETION 2   /* a completion routine */
#define IOP_PHASE_CANCEL     3   /* a cancel routine */
#define IOP_PHASE_COMPLETING 4   /* IoCompleteRequest's own checks */

typedef struct _IOP_IRP_TRACE {
    PIRP Irp;
    PDEVICE_OBJECT DeviceObject;
    PVOID Routine;
    ULONG64 Info;        /* IOP_TRACE_INFO: phase, major, minor, location, stack count */
} IOP_IRP_TRACE;

#define IOP_TRACE_INFO(Phase, Major, Minor, Location, Count)                                  \
    ((ULONG64)(UCHAR)(Phase) | (ULONG64)(UCHAR)(Major) << 8 | (ULONG64)(UCHAR)(Minor) << 16 | \
     (ULONG64)(UCHAR)(Location) << 24 | (ULONG64)(UCHAR)(Count) << 32)
#define IOP_TRACE_PHASE(Info)    ((UCHAR)(Info))
#define IOP_TRACE_MAJOR(Info)    ((UCHAR)((Info) >> 8))
#define IOP_TRACE_MINOR(Info)    ((UCHAR)((Info) >> 16))
#define IOP_TRACE_LOCATION(Info) ((CHAR)((Info) >> 24))
#define IOP_TRACE_COUNT(Info)    ((CHAR)((Info) >> 32))

extern KI_TLS IOP_IRP_TRACE IopIrpTrace;

FORCEINLINE VOID IopTraceEnter(IOP_IRP_TRACE *Saved, PIRP Irp, PDEVICE_OBJECT DeviceObject,
                               PVOID Routine, UCHAR Phase, UCHAR Major, UCHAR Minor)
{
    IOP_IRP_TRACE *Trace = &IopIrpTrace;

    *Saved = *Trace;
    Trace->Irp = Irp;
    Trace->DeviceObject = DeviceObject;
    Trace->Routine = Routine;
    Trace->Info = IOP_TRACE_INFO(Phase, Major, Minor, Irp->CurrentLocation, Irp->StackCount);
    /* Complete before a signal handler on this thread (a fault's report) can read it. */
    __atomic_signal_fence(__ATOMIC_RELEASE);
}

FORCEINLINE VOID IopTraceLeave(const IOP_IRP_TRACE *Saved)
{
    __atomic_signal_fence(__ATOMIC_RELEASE);
    IopIrpTrace = *Saved;
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
