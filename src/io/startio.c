/*
 * PURPOSE: StartIo: IoStartPacket, IoStartNextPacket(ByKey) and IoSetStartIoAttributes, the
 * I/O manager's serialization of a device's requests through DeviceObject->DeviceQueue and
 * the driver's DriverStartIo routine.
 *
 * The device queue's busy state says "an IRP is current": IoStartPacket on an idle queue
 * makes the IRP DeviceObject->CurrentIrp and calls StartIo with it; on a busy queue it
 * queues the IRP (at the tail, or by *Key). IoStartNextPacket takes the next queued IRP,
 * makes it current and calls StartIo, or leaves the queue idle (CurrentIrp NULL). StartIo
 * always runs at DISPATCH_LEVEL, through the invoke layer.
 *
 * Cancellation: with a CancelFunction, IoStartPacket sets it as the IRP's cancel routine
 * under the cancel spin lock; an IRP found already cancelled when it is queued has its
 * cancel routine called at once (cancel spin lock held, Irp->CancelIrql set, as IoCancelIrp
 * would). Cancelable IoStartNextPacket calls dequeue under the cancel spin lock, so a
 * driver's cancel routine sees a consistent CurrentIrp and device queue. NonCancelable
 * (IoSetStartIoAttributes) clears the cancel routine of an IRP as it becomes current.
 *
 * DeferredStartIo (IoSetStartIoAttributes): StartIo is never entered while it is running
 * for the device (on this thread, recursively, or on another). Every StartIo call becomes a
 * request (IOP_SIO_REQUESTS bits in the device object extension's StartIoFlags, the key in
 * StartIoKey) and StartIoCount counts the requests not yet served plus the one being
 * served. Whoever takes StartIoCount from 0 to 1 is the "runner": it serves requests, one
 * round per count, until the count drops back to 0; anyone else only records the request.
 * A request to start the next packet made while StartIo runs is thus served after it
 * returns, by the runner, without recursion.
 */

/* INCLUDES ******************************************************************************/

#include <internal/ke.h>
#include <internal/io.h>
#include <internal/invoke.h>

/* GLOBALS *******************************************************************************/

#define IOP_SIO_REQUESTS (IOP_SIO_START_CURRENT | DOE_SIO_NO_KEY | DOE_SIO_WITH_KEY | \
                          DOE_SIO_CANCELABLE)

/* PRIVATE FUNCTIONS *********************************************************************/

/* DISPATCH_LEVEL. Calls the driver's StartIo; a driver without one faults as on Windows
   (a call through NULL at DISPATCH_LEVEL: 0xD1). */
static VOID IopCallStartIo(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PDRIVER_STARTIO StartIo = DeviceObject->DriverObject->DriverStartIo;

    if (StartIo == NULL) {
        KiBugCheck(DRIVER_IRQL_NOT_LESS_OR_EQUAL, 0, KeGetCurrentIrql(), 8, 0,
                   __builtin_return_address(0),
                   "IoStartPacket/IoStartNextPacket on a device whose driver has no StartIo "
                   "routine (DriverObject->DriverStartIo is NULL).");
    }
    IopInvokeStartIo(StartIo, DeviceObject, Irp);
}

/* DISPATCH_LEVEL. Dequeues the next IRP (by key or from the head) and starts it; with
   nothing queued the device queue becomes idle and CurrentIrp NULL. */
static VOID IopStartNext(PDEVICE_OBJECT DeviceObject, BOOLEAN Cancelable, BOOLEAN ByKey,
                         ULONG Key)
{
    PIOP_DEVOBJ_EXTENSION Ext = IopGetDevObjExtension(DeviceObject);
    PKDEVICE_QUEUE_ENTRY Entry;
    KIRQL CancelIrql = DISPATCH_LEVEL;
    PIRP Irp;

    if (Cancelable)
        IoAcquireCancelSpinLock(&CancelIrql);
    DeviceObject->CurrentIrp = NULL;
    Entry = ByKey ? KeRemoveByKeyDeviceQueue(&DeviceObject->DeviceQueue, Key)
                  : KeRemoveDeviceQueue(&DeviceObject->DeviceQueue);
    if (Entry == NULL) {
        if (Cancelable)
            IoReleaseCancelSpinLock(CancelIrql);
        return;
    }
    Irp = CONTAINING_RECORD(Entry, IRP, Tail.Overlay.DeviceQueueEntry);
    DeviceObject->CurrentIrp = Irp;
    if (Cancelable) {
        if (__atomic_load_n(&Ext->StartIoFlags, __ATOMIC_RELAXED) & DOE_SIO_NO_CANCEL)
            IoSetCancelRoutine(Irp, NULL);
        IoReleaseCancelSpinLock(CancelIrql);
    }
    IopCallStartIo(DeviceObject, Irp);
}

/* DISPATCH_LEVEL. Serves request bits (Key for DOE_SIO_WITH_KEY). */
static VOID IopServeStartIoRequests(PDEVICE_OBJECT DeviceObject, ULONG Requests, ULONG Key)
{
    if (Requests & IOP_SIO_START_CURRENT)
        IopCallStartIo(DeviceObject, DeviceObject->CurrentIrp);
    if (Requests & (DOE_SIO_NO_KEY | DOE_SIO_WITH_KEY))
        IopStartNext(DeviceObject, (Requests & DOE_SIO_CANCELABLE) != 0,
                     (Requests & DOE_SIO_WITH_KEY) != 0, Key);
}

/*
 * DISPATCH_LEVEL. One StartIo request: IOP_SIO_START_CURRENT (StartIo with CurrentIrp),
 * or DOE_SIO_NO_KEY / DOE_SIO_WITH_KEY (+ DOE_SIO_CANCELABLE): start the next packet.
 * Served at once, unless the device defers StartIo and a runner is active (see top).
 */
static VOID IopStartIoRequest(PDEVICE_OBJECT DeviceObject, ULONG Request, ULONG Key)
{
    PIOP_DEVOBJ_EXTENSION Ext = IopGetDevObjExtension(DeviceObject);
    ULONG Requests;

    if (!(__atomic_load_n(&Ext->StartIoFlags, __ATOMIC_RELAXED) & DOE_SIO_DEFERRED)) {
        IopServeStartIoRequests(DeviceObject, Request, Key);
        return;
    }
    if (Request & DOE_SIO_WITH_KEY)
        __atomic_store_n(&Ext->StartIoKey, (LONG)Key, __ATOMIC_RELAXED);
    __atomic_fetch_or(&Ext->StartIoFlags, Request, __ATOMIC_SEQ_CST);
    if (__atomic_add_fetch(&Ext->StartIoCount, 1, __ATOMIC_SEQ_CST) != 1)
        return;                                  /* the runner will serve it */
    do {
        Requests = __atomic_fetch_and(&Ext->StartIoFlags, ~(ULONG)IOP_SIO_REQUESTS,
                                      __ATOMIC_SEQ_CST) & IOP_SIO_REQUESTS;
        if (Requests)
            IopServeStartIoRequests(DeviceObject, Requests,
                                    (ULONG)__atomic_load_n(&Ext->StartIoKey, __ATOMIC_RELAXED));
    } while (__atomic_sub_fetch(&Ext->StartIoCount, 1, __ATOMIC_SEQ_CST) != 0);
}

/* Raises to DISPATCH_LEVEL if below; returns the IRQL to go back to. */
static KIRQL IopRaiseToDispatch(VOID)
{
    KIRQL OldIrql = KeGetCurrentIrql();
    if (OldIrql < DISPATCH_LEVEL)
        KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    return OldIrql;
}

static VOID IopLowerFromDispatch(KIRQL OldIrql)
{
    if (OldIrql < DISPATCH_LEVEL)
        KeLowerIrql(OldIrql);
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * <= DISPATCH_LEVEL. Device idle: Irp becomes CurrentIrp and StartIo runs with it (at
 * DISPATCH_LEVEL) before this returns - unless StartIo is deferred and running, then right
 * after it returns. Device busy: Irp is queued, at the tail, or after the IRPs whose key is
 * <= *Key. CancelFunction (optional) becomes the IRP's cancel routine; a queued IRP that is
 * already cancelled has it called at once.
 */
VOID NTAPI IoStartPacket(PDEVICE_OBJECT DeviceObject, PIRP Irp, PULONG Key,
                         PDRIVER_CANCEL CancelFunction)
{
    PIOP_DEVOBJ_EXTENSION Ext = IopGetDevObjExtension(DeviceObject);
    KIRQL OldIrql = IopRaiseToDispatch();
    KIRQL CancelIrql = DISPATCH_LEVEL;
    BOOLEAN Queued;

    if (CancelFunction) {
        IoAcquireCancelSpinLock(&CancelIrql);
        IoSetCancelRoutine(Irp, CancelFunction);
    }
    if (Key)
        Queued = KeInsertByKeyDeviceQueue(&DeviceObject->DeviceQueue,
                                          &Irp->Tail.Overlay.DeviceQueueEntry, *Key);
    else
        Queued = KeInsertDeviceQueue(&DeviceObject->DeviceQueue,
                                     &Irp->Tail.Overlay.DeviceQueueEntry);
    if (!Queued) {
        DeviceObject->CurrentIrp = Irp;
        if (CancelFunction) {
            if (__atomic_load_n(&Ext->StartIoFlags, __ATOMIC_RELAXED) & DOE_SIO_NO_CANCEL)
                IoSetCancelRoutine(Irp, NULL);
            IoReleaseCancelSpinLock(CancelIrql);
        }
        IopStartIoRequest(DeviceObject, IOP_SIO_START_CURRENT, 0);
    } else if (CancelFunction) {
        /* IoCancelIrp came first and found no cancel routine: cancel it now, as it would
           have (the routine is ours to call once we clear it). */
        if (__atomic_load_n(&Irp->Cancel, __ATOMIC_SEQ_CST) && IoSetCancelRoutine(Irp, NULL)) {
            Irp->CancelIrql = CancelIrql;
            IopInvokeCancelRoutine(CancelFunction, DeviceObject, Irp);
        } else {
            IoReleaseCancelSpinLock(CancelIrql);
        }
    }
    IopLowerFromDispatch(OldIrql);
}

/*
 * @implemented
 * DISPATCH_LEVEL (kmode raises to it if called lower, so StartIo still runs there). Ends
 * the current packet: the next queued IRP, if any, becomes CurrentIrp and StartIo runs with
 * it; otherwise the device becomes idle (CurrentIrp NULL). Cancelable: the dequeue happens
 * under the cancel spin lock (pass TRUE when IoStartPacket was given a CancelFunction).
 */
VOID NTAPI IoStartNextPacket(PDEVICE_OBJECT DeviceObject, BOOLEAN Cancelable)
{
    KIRQL OldIrql = IopRaiseToDispatch();
    IopStartIoRequest(DeviceObject, DOE_SIO_NO_KEY | (Cancelable ? DOE_SIO_CANCELABLE : 0), 0);
    IopLowerFromDispatch(OldIrql);
}

/*
 * @implemented
 * <= DISPATCH_LEVEL. IoStartNextPacket taking the first queued IRP whose key is >= Key
 * (else the head one).
 */
VOID NTAPI IoStartNextPacketByKey(PDEVICE_OBJECT DeviceObject, BOOLEAN Cancelable, ULONG Key)
{
    KIRQL OldIrql = IopRaiseToDispatch();
    IopStartIoRequest(DeviceObject, DOE_SIO_WITH_KEY | (Cancelable ? DOE_SIO_CANCELABLE : 0),
                      Key);
    IopLowerFromDispatch(OldIrql);
}

/*
 * @implemented
 * Any IRQL. DeferredStartIo: StartIo is never re-entered for the device; a start-next
 * requested while it runs is served when it returns. NonCancelable: an IRP's cancel routine
 * is cleared as it becomes the current IRP. Both default to FALSE.
 */
VOID NTAPI IoSetStartIoAttributes(PDEVICE_OBJECT DeviceObject, BOOLEAN DeferredStartIo,
                                  BOOLEAN NonCancelable)
{
    PIOP_DEVOBJ_EXTENSION Ext = IopGetDevObjExtension(DeviceObject);

    if (DeferredStartIo)
        __atomic_fetch_or(&Ext->StartIoFlags, DOE_SIO_DEFERRED, __ATOMIC_SEQ_CST);
    else
        __atomic_fetch_and(&Ext->StartIoFlags, ~(ULONG)DOE_SIO_DEFERRED, __ATOMIC_SEQ_CST);
    if (NonCancelable)
        __atomic_fetch_or(&Ext->StartIoFlags, DOE_SIO_NO_CANCEL, __ATOMIC_SEQ_CST);
    else
        __atomic_fetch_and(&Ext->StartIoFlags, ~(ULONG)DOE_SIO_NO_CANCEL, __ATOMIC_SEQ_CST);
}
