/*
 * PURPOSE: KmEvent, a legacy (non-PnP) WDM driver: notifying an app from a timer DPC, either
 *          by setting an event whose handle the app passed in an IOCTL, or by completing the
 *          IOCTL itself, kept pending (cancelable) until the timer fires.
 *          Written for kmode's samples; builds with the WDK as well.
 */

/* INCLUDES *******************************************************************************/

#include <ntddk.h>
#include "public.h"

/* GLOBALS ********************************************************************************/

#define KMEVENT_TAG 'vEmK'      /* "KmEv" */

#define KmEventTrace(...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, __VA_ARGS__)

typedef struct _KMEVENT_EXTENSION {
    KSPIN_LOCK Lock;            /* guards Records, every record's Irp and the counters */
    LIST_ENTRY Records;         /* KMEVENT_RECORDs whose DPC has not taken them yet */
    ULONG Fired;
    KMEVENT_STATISTICS Stats;
} KMEVENT_EXTENSION, *PKMEVENT_EXTENSION;

/*
 * One registration: a timer and its DPC, and what the DPC does when it runs. Ownership:
 * the record belongs to its DPC, which frees it, unless someone cancels the timer before it
 * fires (KeCancelTimer returns TRUE): then that someone frees it. The pended IRP belongs to
 * whoever takes its cancel routine away (IoSetCancelRoutine returning non-NULL, under Lock)
 * or to the cancel routine when IoCancelIrp took it first.
 */
typedef struct _KMEVENT_RECORD {
    LIST_ENTRY Link;
    KTIMER Timer;
    KDPC Dpc;
    PKMEVENT_EXTENSION Extension;
    PFILE_OBJECT FileObject;    /* the registering handle's file: cleanup cancels by it */
    PKEVENT Event;              /* KmEventSignalEvent: referenced until the DPC sets it */
    PIRP Irp;                   /* KmEventCompleteIrp: NULL once the cancel path owns it */
    ULONG DelayMs;
} KMEVENT_RECORD, *PKMEVENT_RECORD;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD KmEventUnload;
static DRIVER_DISPATCH KmEventCreateClose;
static DRIVER_DISPATCH KmEventCleanup;
static DRIVER_DISPATCH KmEventDeviceControl;
static DRIVER_CANCEL KmEventCancelIrp;
static KDEFERRED_ROUTINE KmEventTimerDpc;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KmEventCreateClose)
/* Not KmEventUnload or KmEventCleanup: they take the spin lock, and code running at
   DISPATCH_LEVEL must not be pageable. */
#endif

/* PRIVATE FUNCTIONS **********************************************************************/

static NTSTATUS
KmEventComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static VOID
KmEventFreeRecord(PKMEVENT_RECORD Record)
{
    if (Record->Event != NULL)
        ObDereferenceObject(Record->Event);
    ExFreePoolWithTag(Record, KMEVENT_TAG);
}

/*
 * The timer fired: take the record off the list and do what it asks. Runs at DISPATCH_LEVEL.
 */
static VOID
KmEventTimerDpc(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1, PVOID SystemArgument2)
{
    PKMEVENT_RECORD record = DeferredContext;
    PKMEVENT_EXTENSION ext = record->Extension;
    PKMEVENT_NOTIFICATION notification;
    PIRP irp;
    ULONG sequence;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    KeAcquireSpinLockAtDpcLevel(&ext->Lock);
    RemoveEntryList(&record->Link);
    sequence = ++ext->Fired;
    irp = record->Irp;
    /* Lost the race with IoCancelIrp: the cancel routine, waiting for Lock, completes it. */
    if (irp != NULL && IoSetCancelRoutine(irp, NULL) == NULL)
        irp = NULL;
    if (record->Event != NULL)
        ext->Stats.EventsSignaled++;
    if (irp != NULL)
        ext->Stats.IrpsCompleted++;
    KeReleaseSpinLockFromDpcLevel(&ext->Lock);

    if (record->Event != NULL) {
        KmEventTrace("KmEvent: timer %lu fired after %lu ms: setting the app's event\n",
                     sequence, record->DelayMs);
        KeSetEvent(record->Event, IO_NO_INCREMENT, FALSE);
    }
    if (irp != NULL) {
        KmEventTrace("KmEvent: timer %lu fired after %lu ms: completing the pended IRP\n",
                     sequence, record->DelayMs);
        notification = irp->AssociatedIrp.SystemBuffer;
        notification->Sequence = sequence;
        notification->DelayMs = record->DelayMs;
        KmEventComplete(irp, STATUS_SUCCESS, sizeof(KMEVENT_NOTIFICATION));
    }
    KmEventFreeRecord(record);
}

/*
 * IoCancelIrp on a pended request. If its timer can still be stopped the record is ours to
 * free; otherwise the DPC is on its way and frees it (it finds Irp NULL).
 */
static VOID
KmEventCancelIrp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKMEVENT_EXTENSION ext = DeviceObject->DeviceExtension;
    PKMEVENT_RECORD record = NULL, free = NULL;
    PLIST_ENTRY entry;
    KIRQL irql;

    IoReleaseCancelSpinLock(Irp->CancelIrql);

    KeAcquireSpinLock(&ext->Lock, &irql);
    for (entry = ext->Records.Flink; entry != &ext->Records; entry = entry->Flink) {
        PKMEVENT_RECORD r = CONTAINING_RECORD(entry, KMEVENT_RECORD, Link);
        if (r->Irp == Irp) {
            record = r;
            break;
        }
    }
    if (record != NULL) {
        record->Irp = NULL;
        if (KeCancelTimer(&record->Timer)) {
            RemoveEntryList(&record->Link);
            free = record;
        }
    }
    ext->Stats.IrpsCancelled++;
    KeReleaseSpinLock(&ext->Lock, irql);

    if (free != NULL)
        KmEventFreeRecord(free);
    KmEventTrace("KmEvent: pended IRP %p cancelled\n", Irp);
    KmEventComplete(Irp, STATUS_CANCELLED, 0);
}

static NTSTATUS
KmEventRegister(PDEVICE_OBJECT DeviceObject, PIRP Irp, PIO_STACK_LOCATION Stack)
{
    PKMEVENT_EXTENSION ext = DeviceObject->DeviceExtension;
    PKMEVENT_REGISTER request = Irp->AssociatedIrp.SystemBuffer;
    PKMEVENT_RECORD record;
    LARGE_INTEGER due;
    NTSTATUS status;
    KIRQL irql;

    if (Stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(KMEVENT_REGISTER))
        return KmEventComplete(Irp, STATUS_INVALID_PARAMETER, 0);
    if (request->DelayMs > KMEVENT_MAX_DELAY_MS ||
        (request->Mode != KmEventSignalEvent && request->Mode != KmEventCompleteIrp))
        return KmEventComplete(Irp, STATUS_INVALID_PARAMETER, 0);
    if (request->Mode == KmEventCompleteIrp &&
        Stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(KMEVENT_NOTIFICATION))
        return KmEventComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);

    record = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*record), KMEVENT_TAG);
    if (record == NULL)
        return KmEventComplete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
    record->Extension = ext;
    record->FileObject = Stack->FileObject;
    record->DelayMs = request->DelayMs;
    KeInitializeTimer(&record->Timer);
    KeInitializeDpc(&record->Dpc, KmEventTimerDpc, record);
    due.QuadPart = -10000LL * request->DelayMs;     /* relative, 100 ns units */

    if (request->Mode == KmEventSignalEvent) {
        /* The handle is the app's: resolve it in the app's handle table with the app's
           rights (UserMode), and make sure it really is an event. */
        status = ObReferenceObjectByHandle(request->Event, EVENT_MODIFY_STATE, *ExEventObjectType,
                                           Irp->RequestorMode, (PVOID *)&record->Event, NULL);
        if (!NT_SUCCESS(status)) {
            KmEventTrace("KmEvent: event handle %p refused: 0x%08lX\n", request->Event, status);
            ExFreePoolWithTag(record, KMEVENT_TAG);
            return KmEventComplete(Irp, status, 0);
        }
        KeAcquireSpinLock(&ext->Lock, &irql);
        InsertTailList(&ext->Records, &record->Link);
        ext->Stats.Registered++;
        KeSetTimer(&record->Timer, due, &record->Dpc);
        KeReleaseSpinLock(&ext->Lock, irql);
        KmEventTrace("KmEvent: will set event %p in %lu ms\n", request->Event, request->DelayMs);
        return KmEventComplete(Irp, STATUS_SUCCESS, 0);
    }

    /* KmEventCompleteIrp: pend the request until the timer fires. */
    record->Irp = Irp;
    KeAcquireSpinLock(&ext->Lock, &irql);
    IoMarkIrpPending(Irp);
    InsertTailList(&ext->Records, &record->Link);
    IoSetCancelRoutine(Irp, KmEventCancelIrp);
    if (Irp->Cancel && IoSetCancelRoutine(Irp, NULL) != NULL) {
        /* Cancelled before we got here and nobody called our routine: finish it now. */
        RemoveEntryList(&record->Link);
        ext->Stats.IrpsCancelled++;
        KeReleaseSpinLock(&ext->Lock, irql);
        ExFreePoolWithTag(record, KMEVENT_TAG);
        KmEventComplete(Irp, STATUS_CANCELLED, 0);
        return STATUS_PENDING;
    }
    /* If IoCancelIrp already took the routine, it runs once we drop Lock and stops this
       timer (or finds its DPC on the way). */
    ext->Stats.Registered++;
    KeSetTimer(&record->Timer, due, &record->Dpc);
    KeReleaseSpinLock(&ext->Lock, irql);
    KmEventTrace("KmEvent: IRP %p pending for %lu ms\n", Irp, request->DelayMs);
    return STATUS_PENDING;
}

/*
 * Stops the timers of FileObject's records (all records for NULL) and finishes
 * those records: their events are not set, their IRPs complete with STATUS_CANCELLED.
 * Timers that already fired are left to their DPCs.
 */
static VOID
KmEventCancelRecords(PKMEVENT_EXTENSION ext, PFILE_OBJECT FileObject)
{
    LIST_ENTRY cancelled;
    PLIST_ENTRY entry, next;
    KIRQL irql;

    InitializeListHead(&cancelled);
    KeAcquireSpinLock(&ext->Lock, &irql);
    for (entry = ext->Records.Flink; entry != &ext->Records; entry = next) {
        PKMEVENT_RECORD r = CONTAINING_RECORD(entry, KMEVENT_RECORD, Link);
        next = entry->Flink;
        if (FileObject != NULL && r->FileObject != FileObject)
            continue;
        if (!KeCancelTimer(&r->Timer))
            continue;
        RemoveEntryList(&r->Link);
        /* The cancel routine, if IoCancelIrp got there first, completes the IRP. */
        if (r->Irp != NULL && IoSetCancelRoutine(r->Irp, NULL) == NULL)
            r->Irp = NULL;
        if (r->Irp != NULL)
            ext->Stats.IrpsCancelled++;
        InsertTailList(&cancelled, &r->Link);
    }
    KeReleaseSpinLock(&ext->Lock, irql);

    while (!IsListEmpty(&cancelled)) {
        PKMEVENT_RECORD r = CONTAINING_RECORD(RemoveHeadList(&cancelled), KMEVENT_RECORD, Link);
        if (r->Irp != NULL)
            KmEventComplete(r->Irp, STATUS_CANCELLED, 0);
        KmEventFreeRecord(r);
    }
}

/* DISPATCH ROUTINES **********************************************************************/

static NTSTATUS
KmEventCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();
    return KmEventComplete(Irp, STATUS_SUCCESS, 0);
}

/* The app's last handle to a file went: what was registered through it goes too. */
static NTSTATUS
KmEventCleanup(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);

    KmEventTrace("KmEvent: IRP_MJ_CLEANUP: cancelling what file %p registered\n",
                 stack->FileObject);
    KmEventCancelRecords(DeviceObject->DeviceExtension, stack->FileObject);
    return KmEventComplete(Irp, STATUS_SUCCESS, 0);
}

static NTSTATUS
KmEventDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKMEVENT_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PKMEVENT_STATISTICS stats;
    PLIST_ENTRY entry;
    KIRQL irql;

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_KMEVENT_REGISTER:
        return KmEventRegister(DeviceObject, Irp, stack);
    case IOCTL_KMEVENT_GET_STATISTICS:
        if (stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(KMEVENT_STATISTICS))
            return KmEventComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        stats = Irp->AssociatedIrp.SystemBuffer;
        KeAcquireSpinLock(&ext->Lock, &irql);
        *stats = ext->Stats;
        stats->Outstanding = 0;
        for (entry = ext->Records.Flink; entry != &ext->Records; entry = entry->Flink)
            stats->Outstanding++;
        KeReleaseSpinLock(&ext->Lock, irql);
        return KmEventComplete(Irp, STATUS_SUCCESS, sizeof(KMEVENT_STATISTICS));
    default:
        return KmEventComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

static VOID
KmEventUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(KMEVENT_LINK_NAME);
    PDEVICE_OBJECT device = DriverObject->DeviceObject;

    KmEventTrace("KmEvent: DriverUnload\n");
    /* Every handle is closed (cleanup ran), but DPCs may still be on their way: our code
       must not go away under them. */
    KmEventCancelRecords(device->DeviceExtension, NULL);
    KeFlushQueuedDpcs();
    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(device);
}

/* PUBLIC FUNCTIONS ***********************************************************************/

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(KMEVENT_DEVICE_NAME);
    UNICODE_STRING link = RTL_CONSTANT_STRING(KMEVENT_LINK_NAME);
    PKMEVENT_EXTENSION ext;
    PDEVICE_OBJECT device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    KmEventTrace("KmEvent: DriverEntry\n");

    status = IoCreateDevice(DriverObject, sizeof(KMEVENT_EXTENSION), &name, FILE_DEVICE_KMEVENT,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status))
        return status;
    ext = device->DeviceExtension;
    KeInitializeSpinLock(&ext->Lock);
    InitializeListHead(&ext->Records);

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = KmEventCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = KmEventCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = KmEventCleanup;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = KmEventDeviceControl;
    DriverObject->DriverUnload = KmEventUnload;
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
