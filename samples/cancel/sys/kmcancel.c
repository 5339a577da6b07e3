/*
 * PURPOSE: KmCancel, a legacy (non-PnP) WDM driver: reads wait in a cancel-safe queue
 *          (IoCsq*) and a system thread serves them as data items become available; any
 *          waiting read can be cancelled (CancelIo, CancelIoEx, closing the handle, the
 *          issuing thread's exit) without the driver racing its own worker.
 *          Written for kmode's samples; builds with the WDK as well.
 */

/* INCLUDES *******************************************************************************/

#include <ntddk.h>
#include <ntstrsafe.h>
#include "public.h"

/* GLOBALS ********************************************************************************/

#define KmCancelTrace(...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, __VA_ARGS__)

typedef struct _KMCANCEL_EXTENSION {
    IO_CSQ Csq;
    KSPIN_LOCK QueueLock;       /* the CSQ's lock: Queue and the counters */
    LIST_ENTRY Queue;           /* waiting read IRPs, linked by Tail.Overlay.ListEntry */
    ULONG Available;
    ULONG Sequence;
    KMCANCEL_STATISTICS Stats;
    KSEMAPHORE Work;            /* released for every new read and every PRODUCE */
    volatile LONG Stopping;
    PKTHREAD Worker;            /* referenced until it has ended */
} KMCANCEL_EXTENSION, *PKMCANCEL_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD KmCancelUnload;
static DRIVER_DISPATCH KmCancelCreateClose;
static DRIVER_DISPATCH KmCancelCleanup;
static DRIVER_DISPATCH KmCancelRead;
static DRIVER_DISPATCH KmCancelDeviceControl;
static KSTART_ROUTINE KmCancelWorker;
static IO_CSQ_INSERT_IRP KmCancelCsqInsert;
static IO_CSQ_REMOVE_IRP KmCancelCsqRemove;
static IO_CSQ_PEEK_NEXT_IRP KmCancelCsqPeekNext;
static IO_CSQ_ACQUIRE_LOCK KmCancelCsqAcquireLock;
static IO_CSQ_RELEASE_LOCK KmCancelCsqReleaseLock;
static IO_CSQ_COMPLETE_CANCELED_IRP KmCancelCsqCompleteCanceled;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KmCancelUnload)
#pragma alloc_text(PAGE, KmCancelCreateClose)
/* Not KmCancelWorker: what it calls takes the queue's spin lock (and may be inlined), and
   code running at DISPATCH_LEVEL must not be pageable. */
#endif

/* PRIVATE FUNCTIONS **********************************************************************/

static NTSTATUS
KmCancelComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

/* The queue callbacks. The CSQ calls Insert, Remove and PeekNext with the lock held. */

static VOID
KmCancelCsqInsert(PIO_CSQ Csq, PIRP Irp)
{
    PKMCANCEL_EXTENSION ext = CONTAINING_RECORD(Csq, KMCANCEL_EXTENSION, Csq);

    InsertTailList(&ext->Queue, &Irp->Tail.Overlay.ListEntry);
    ext->Stats.Queued++;
}

static VOID
KmCancelCsqRemove(PIO_CSQ Csq, PIRP Irp)
{
    UNREFERENCED_PARAMETER(Csq);
    RemoveEntryList(&Irp->Tail.Overlay.ListEntry);
}

/* The IRP after Irp (the first for NULL); with a PeekContext, only that file object's. */
static PIRP
KmCancelCsqPeekNext(PIO_CSQ Csq, PIRP Irp, PVOID PeekContext)
{
    PKMCANCEL_EXTENSION ext = CONTAINING_RECORD(Csq, KMCANCEL_EXTENSION, Csq);
    PLIST_ENTRY entry = Irp != NULL ? Irp->Tail.Overlay.ListEntry.Flink : ext->Queue.Flink;

    for (; entry != &ext->Queue; entry = entry->Flink) {
        PIRP next = CONTAINING_RECORD(entry, IRP, Tail.Overlay.ListEntry);
        if (PeekContext == NULL || IoGetCurrentIrpStackLocation(next)->FileObject == PeekContext)
            return next;
    }
    return NULL;
}

_IRQL_raises_(DISPATCH_LEVEL)
static VOID
KmCancelCsqAcquireLock(PIO_CSQ Csq, PKIRQL Irql)
{
    KeAcquireSpinLock(&CONTAINING_RECORD(Csq, KMCANCEL_EXTENSION, Csq)->QueueLock, Irql);
}

static VOID
KmCancelCsqReleaseLock(PIO_CSQ Csq, KIRQL Irql)
{
    KeReleaseSpinLock(&CONTAINING_RECORD(Csq, KMCANCEL_EXTENSION, Csq)->QueueLock, Irql);
}

/* A waiting read was cancelled: the CSQ already took it out of the queue. */
static VOID
KmCancelCsqCompleteCanceled(PIO_CSQ Csq, PIRP Irp)
{
    PKMCANCEL_EXTENSION ext = CONTAINING_RECORD(Csq, KMCANCEL_EXTENSION, Csq);
    KIRQL irql;

    KeAcquireSpinLock(&ext->QueueLock, &irql);
    ext->Stats.Cancelled++;
    KeReleaseSpinLock(&ext->QueueLock, irql);
    KmCancelTrace("KmCancel: read at offset %lu cancelled\n",
                  IoGetCurrentIrpStackLocation(Irp)->Parameters.Read.ByteOffset.LowPart);
    KmCancelComplete(Irp, STATUS_CANCELLED, 0);
}

/* Serves the oldest waiting read if a data item is there for it. */
static BOOLEAN
KmCancelServeOne(PKMCANCEL_EXTENSION Ext)
{
    PKMCANCEL_RECORD record;
    ULONG available, sequence;
    KIRQL irql;
    PIRP irp;

    KeAcquireSpinLock(&Ext->QueueLock, &irql);
    available = Ext->Available;
    KeReleaseSpinLock(&Ext->QueueLock, irql);
    if (available == 0)
        return FALSE;
    /* Only this thread takes items, so the one seen above is still there. */
    irp = IoCsqRemoveNextIrp(&Ext->Csq, NULL);
    if (irp == NULL)
        return FALSE;

    KeAcquireSpinLock(&Ext->QueueLock, &irql);
    Ext->Available--;
    sequence = ++Ext->Sequence;
    Ext->Stats.Served++;
    KeReleaseSpinLock(&Ext->QueueLock, irql);

    /* Buffered I/O: the system buffer is valid in this thread too. */
    record = irp->AssociatedIrp.SystemBuffer;
    RtlZeroMemory(record, sizeof(*record));
    record->Sequence = sequence;
    record->Offset = IoGetCurrentIrpStackLocation(irp)->Parameters.Read.ByteOffset.LowPart;
    RtlStringCbCopyA(record->Text, sizeof(record->Text), "from the worker thread");
    KmCancelTrace("KmCancel: worker serves read at offset %lu as item %lu\n", record->Offset,
                  sequence);
    KmCancelComplete(irp, STATUS_SUCCESS, sizeof(KMCANCEL_RECORD));
    return TRUE;
}

/* The system thread: wakes for every new read and every PRODUCE, serves what it can. */
static VOID
KmCancelWorker(PVOID StartContext)
{
    PKMCANCEL_EXTENSION ext = StartContext;

    KmCancelTrace("KmCancel: worker thread running\n");
    for (;;) {
        KeWaitForSingleObject(&ext->Work, Executive, KernelMode, FALSE, NULL);
        if (InterlockedCompareExchange(&ext->Stopping, 0, 0) != 0)
            break;
        while (KmCancelServeOne(ext))
            ;
    }
    KmCancelTrace("KmCancel: worker thread ends\n");
    PsTerminateSystemThread(STATUS_SUCCESS);
}

/* DISPATCH ROUTINES **********************************************************************/

static NTSTATUS
KmCancelCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();
    return KmCancelComplete(Irp, STATUS_SUCCESS, 0);
}

static NTSTATUS
KmCancelRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKMCANCEL_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);

    if (stack->Parameters.Read.Length < sizeof(KMCANCEL_RECORD))
        return KmCancelComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    KmCancelTrace("KmCancel: read at offset %lu queued\n", stack->Parameters.Read.ByteOffset.LowPart);
    /* Marks the IRP pending and cancelable, or hands it to our CompleteCanceledIrp if it
       was cancelled already: either way the answer is STATUS_PENDING. */
    IoCsqInsertIrp(&ext->Csq, Irp, NULL);
    KeReleaseSemaphore(&ext->Work, IO_NO_INCREMENT, 1, FALSE);
    return STATUS_PENDING;
}

/* The last handle to a file went: its waiting reads go with it. */
static NTSTATUS
KmCancelCleanup(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKMCANCEL_EXTENSION ext = DeviceObject->DeviceExtension;
    PFILE_OBJECT file = IoGetCurrentIrpStackLocation(Irp)->FileObject;
    PIRP pending;
    KIRQL irql;

    while ((pending = IoCsqRemoveNextIrp(&ext->Csq, file)) != NULL) {
        KeAcquireSpinLock(&ext->QueueLock, &irql);
        ext->Stats.Cancelled++;
        KeReleaseSpinLock(&ext->QueueLock, irql);
        KmCancelTrace("KmCancel: IRP_MJ_CLEANUP cancels the read at offset %lu\n",
                      IoGetCurrentIrpStackLocation(pending)->Parameters.Read.ByteOffset.LowPart);
        KmCancelComplete(pending, STATUS_CANCELLED, 0);
    }
    return KmCancelComplete(Irp, STATUS_SUCCESS, 0);
}

static NTSTATUS
KmCancelDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKMCANCEL_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PKMCANCEL_STATISTICS stats;
    PLIST_ENTRY entry;
    ULONG count;
    KIRQL irql;

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_KMCANCEL_PRODUCE:
        if (stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG))
            return KmCancelComplete(Irp, STATUS_INVALID_PARAMETER, 0);
        count = *(PULONG)Irp->AssociatedIrp.SystemBuffer;
        if (count == 0 || count > KMCANCEL_MAX_PRODUCE)
            return KmCancelComplete(Irp, STATUS_INVALID_PARAMETER, 0);
        KeAcquireSpinLock(&ext->QueueLock, &irql);
        ext->Available += count;
        KeReleaseSpinLock(&ext->QueueLock, irql);
        KmCancelTrace("KmCancel: %lu data item(s) produced\n", count);
        KeReleaseSemaphore(&ext->Work, IO_NO_INCREMENT, 1, FALSE);
        return KmCancelComplete(Irp, STATUS_SUCCESS, 0);

    case IOCTL_KMCANCEL_GET_STATISTICS:
        if (stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(KMCANCEL_STATISTICS))
            return KmCancelComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        stats = Irp->AssociatedIrp.SystemBuffer;
        KeAcquireSpinLock(&ext->QueueLock, &irql);
        *stats = ext->Stats;
        stats->Available = ext->Available;
        stats->Waiting = 0;
        for (entry = ext->Queue.Flink; entry != &ext->Queue; entry = entry->Flink)
            stats->Waiting++;
        KeReleaseSpinLock(&ext->QueueLock, irql);
        return KmCancelComplete(Irp, STATUS_SUCCESS, sizeof(KMCANCEL_STATISTICS));

    default:
        return KmCancelComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

static VOID
KmCancelUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(KMCANCEL_LINK_NAME);
    PDEVICE_OBJECT device = DriverObject->DeviceObject;
    PKMCANCEL_EXTENSION ext = device->DeviceExtension;

    PAGED_CODE();
    KmCancelTrace("KmCancel: DriverUnload: stopping the worker thread\n");
    /* The thread must be gone before our code is. */
    InterlockedExchange(&ext->Stopping, 1);
    KeReleaseSemaphore(&ext->Work, IO_NO_INCREMENT, 1, FALSE);
    KeWaitForSingleObject(ext->Worker, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(ext->Worker);
    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(device);
}

/* PUBLIC FUNCTIONS ***********************************************************************/

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(KMCANCEL_DEVICE_NAME);
    UNICODE_STRING link = RTL_CONSTANT_STRING(KMCANCEL_LINK_NAME);
    PKMCANCEL_EXTENSION ext;
    OBJECT_ATTRIBUTES attributes;
    PDEVICE_OBJECT device;
    HANDLE thread;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    KmCancelTrace("KmCancel: DriverEntry\n");

    status = IoCreateDevice(DriverObject, sizeof(KMCANCEL_EXTENSION), &name, FILE_DEVICE_KMCANCEL,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status))
        return status;
    device->Flags |= DO_BUFFERED_IO;
    ext = device->DeviceExtension;
    KeInitializeSpinLock(&ext->QueueLock);
    InitializeListHead(&ext->Queue);
    KeInitializeSemaphore(&ext->Work, 0, MAXLONG);
    status = IoCsqInitialize(&ext->Csq, KmCancelCsqInsert, KmCancelCsqRemove, KmCancelCsqPeekNext,
                             KmCancelCsqAcquireLock, KmCancelCsqReleaseLock,
                             KmCancelCsqCompleteCanceled);
    if (!NT_SUCCESS(status))
        goto fail;

    /* A kernel handle: DriverEntry runs in the System process, whose handles user mode
       must not be able to use. */
    InitializeObjectAttributes(&attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, &attributes, NULL, NULL,
                                  KmCancelWorker, ext);
    if (!NT_SUCCESS(status))
        goto fail;
    /* Keep the thread object, not the handle: unload waits on it. Referencing our own
       fresh handle cannot fail. */
    NT_VERIFY(NT_SUCCESS(ObReferenceObjectByHandle(thread, SYNCHRONIZE, *PsThreadType,
                                                   KernelMode, (PVOID *)&ext->Worker, NULL)));
    ZwClose(thread);

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        InterlockedExchange(&ext->Stopping, 1);
        KeReleaseSemaphore(&ext->Work, IO_NO_INCREMENT, 1, FALSE);
        KeWaitForSingleObject(ext->Worker, Executive, KernelMode, FALSE, NULL);
        ObDereferenceObject(ext->Worker);
        goto fail;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = KmCancelCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = KmCancelCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = KmCancelCleanup;
    DriverObject->MajorFunction[IRP_MJ_READ] = KmCancelRead;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = KmCancelDeviceControl;
    DriverObject->DriverUnload = KmCancelUnload;
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

fail:
    IoDeleteDevice(device);
    return status;
}
