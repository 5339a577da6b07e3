/*
 * PURPOSE: I/O work items: IoAllocateWorkItem, IoFreeWorkItem, IoInitializeWorkItem,
 * IoUninitializeWorkItem, IoSizeofWorkItem, IoQueueWorkItem(Ex).
 *
 * An I/O work item wraps an executive work item (src/ex/worker.c queues and threads) and
 * names a device or driver object. As on Windows the object is referenced from the moment
 * the item is queued until its routine returns, so the driver cannot be unloaded (nor the
 * device freed) under a queued or running routine.
 *
 * Checks (0xE4 WORKER_INVALID, parameters as Windows documents them):
 *   (1, item, queue type, 0)  queuing an item that is queued and has not started yet
 *   (2, item, routine, 0)     freeing (IoFreeWorkItem / IoUninitializeWorkItem) a queued item
 *   (3, item, object, 0)      initializing with an object that is no device or driver object
 *   (6, item, queue type, 0)  a queue type that names no work queue
 *   (7, item, queue type, 0)  a NULL routine
 * A routine that returns above PASSIVE_LEVEL is 0xE1 WORKER_THREAD_RETURNED_AT_BAD_IRQL
 * (routine, IRQL, context, item) naming the driver's routine.
 */

/* ==== INCLUDES ======================================================================== */

#include <internal/io.h>
#include <internal/ke.h>
#include <internal/invoke.h>
#include <internal/vfpool.h>
#include <bugcodes.h>
#include <string.h>

/* ==== GLOBALS ========================================================================= */

#define IOP_TAG_WORK_ITEM 'iWoI'

/* kmode's IO_WORKITEM (opaque to drivers; IoSizeofWorkItem gives its size). */
typedef struct _IO_WORKITEM {
    WORK_QUEUE_ITEM Item;             /* first: List.Flink != NULL while queued */
    PVOID IoObject;                   /* device or driver object */
    PVOID Routine;                    /* PIO_WORKITEM_ROUTINE(_EX) */
    PVOID Context;
    BOOLEAN Ex;                       /* queued by IoQueueWorkItemEx */
    BOOLEAN Allocated;                /* from IoAllocateWorkItem */
} IO_WORKITEM;

/* ==== PRIVATE FUNCTIONS =============================================================== */

/* The executive work item's routine, at PASSIVE_LEVEL on a system worker thread. */
static VOID NTAPI IopProcessWorkItem(PVOID Parameter)
{
    PIO_WORKITEM WorkItem = Parameter;
    PVOID IoObject = WorkItem->IoObject, Routine = WorkItem->Routine;
    PVOID Context = WorkItem->Context;
    KIRQL Irql;

    /* From here the item is the routine's: it may queue it again or free it. */
    if (WorkItem->Ex)
        KiInvokeIoWorkItemRoutineEx((PIO_WORKITEM_ROUTINE_EX)Routine, IoObject, Context, WorkItem);
    else
        KiInvokeIoWorkItemRoutine((PIO_WORKITEM_ROUTINE)Routine, (PDEVICE_OBJECT)IoObject, Context);
    Irql = KeGetCurrentIrql();
    if (Irql != PASSIVE_LEVEL) {
        KiBugCheckAtFault(WORKER_THREAD_RETURNED_AT_BAD_IRQL, (ULONG_PTR)Routine, Irql,
                          (ULONG_PTR)Context, (ULONG_PTR)WorkItem, Routine,
                          "An I/O work item's routine returned with its IRQL raised.");
    }
    ObDereferenceObject(IoObject);
}

static VOID IopCheckNotQueued(PIO_WORKITEM IoWorkItem, PVOID Caller)
{
    if (IoWorkItem->Item.List.Flink != NULL) {
        KiBugCheck(WORKER_INVALID, 2, (ULONG_PTR)IoWorkItem, (ULONG_PTR)IoWorkItem->Routine, 0,
                   Caller, "An I/O work item was freed while it was queued.");
    }
}

static VOID IopQueueWorkItem(PIO_WORKITEM IoWorkItem, PVOID Routine, BOOLEAN Ex,
                             WORK_QUEUE_TYPE QueueType, PVOID Context, PVOID Caller)
{
    if ((ULONG)QueueType >= MaximumWorkQueue) {
        KiBugCheck(WORKER_INVALID, 6, (ULONG_PTR)IoWorkItem, (ULONG_PTR)QueueType, 0, Caller,
                   "An I/O work item was queued with a QueueType that names no work queue.");
    }
    if (Routine == NULL) {
        KiBugCheck(WORKER_INVALID, 7, (ULONG_PTR)IoWorkItem, (ULONG_PTR)QueueType, 0, Caller,
                   "An I/O work item was queued without a routine.");
    }
    if (IoWorkItem->Item.List.Flink != NULL) {
        KiBugCheck(WORKER_INVALID, 1, (ULONG_PTR)IoWorkItem, (ULONG_PTR)QueueType, 0, Caller,
                   "An I/O work item was queued again before its routine started.");
    }
    ObReferenceObject(IoWorkItem->IoObject);
    IoWorkItem->Routine = Routine;
    IoWorkItem->Context = Context;
    IoWorkItem->Ex = Ex;
    IoWorkItem->Item.WorkerRoutine = IopProcessWorkItem;
    IoWorkItem->Item.Parameter = IoWorkItem;
    ExQueueWorkItem(&IoWorkItem->Item, QueueType);
}

/* ==== PUBLIC FUNCTIONS ================================================================ */

/*
 * IoSizeofWorkItem
 * @implemented
 * Any IRQL. The size of the block a driver allocates for IoInitializeWorkItem.
 */
ULONG NTAPI IoSizeofWorkItem(VOID)
{
    return sizeof(IO_WORKITEM);
}

/*
 * IoInitializeWorkItem
 * @implemented
 * <= DISPATCH_LEVEL. Prepares a caller-allocated block (IoSizeofWorkItem bytes) for
 * IoQueueWorkItem(Ex); IoObject is one of the caller's device objects or its driver object
 * (anything else: 0xE4 (3, item, object, 0)). Undo with IoUninitializeWorkItem.
 */
__attribute__((noinline)) VOID NTAPI IoInitializeWorkItem(PVOID IoObject, PIO_WORKITEM IoWorkItem)
{
    CSHORT Type = IoObject != NULL ? *(const CSHORT *)IoObject : 0;

    if (Type != IO_TYPE_DEVICE && Type != IO_TYPE_DRIVER) {
        KiBugCheck(WORKER_INVALID, 3, (ULONG_PTR)IoWorkItem, (ULONG_PTR)IoObject, 0,
                   __builtin_return_address(0),
                   "An I/O work item was initialized with an object that is neither a device "
                   "object nor a driver object.");
    }
    memset(IoWorkItem, 0, sizeof(*IoWorkItem));
    IoWorkItem->IoObject = IoObject;
}

/*
 * IoUninitializeWorkItem
 * @implemented
 * <= DISPATCH_LEVEL. Ends the use of an item from IoInitializeWorkItem (the caller then
 * frees its block). Not while it is queued: 0xE4 (2, item, routine, 0).
 */
__attribute__((noinline)) VOID NTAPI IoUninitializeWorkItem(PIO_WORKITEM IoWorkItem)
{
    IopCheckNotQueued(IoWorkItem, __builtin_return_address(0));
    IoWorkItem->IoObject = NULL;
}

/*
 * IoAllocateWorkItem
 * @implemented
 * <= DISPATCH_LEVEL. An item for DeviceObject from nonpaged pool, or NULL when memory runs
 * out. Free it with IoFreeWorkItem.
 */
__attribute__((noinline)) PIO_WORKITEM NTAPI IoAllocateWorkItem(PDEVICE_OBJECT DeviceObject)
{
    PIO_WORKITEM IoWorkItem;

    if (VF_LOW_RESOURCES_FAIL(__builtin_return_address(0)))
        return NULL;
    IoWorkItem = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(IO_WORKITEM), IOP_TAG_WORK_ITEM);
    if (IoWorkItem == NULL)
        return NULL;
    IoInitializeWorkItem(DeviceObject, IoWorkItem);
    IoWorkItem->Allocated = TRUE;
    return IoWorkItem;
}

/*
 * IoFreeWorkItem
 * @implemented
 * <= DISPATCH_LEVEL. Frees an item from IoAllocateWorkItem; allowed from the item's own
 * routine. Not while it is queued: 0xE4 (2, item, routine, 0).
 */
__attribute__((noinline)) VOID NTAPI IoFreeWorkItem(PIO_WORKITEM IoWorkItem)
{
    IopCheckNotQueued(IoWorkItem, __builtin_return_address(0));
    ExFreePoolWithTag(IoWorkItem, IOP_TAG_WORK_ITEM);
}

/*
 * IoQueueWorkItem
 * @implemented
 * <= DISPATCH_LEVEL. Queues IoWorkItem to QueueType's system worker threads:
 * WorkerRoutine(DeviceObject, Context) runs at PASSIVE_LEVEL. The device (or driver)
 * object stays referenced until the routine returns. The item may be queued again once its
 * routine has started (from the routine itself, too).
 */
__attribute__((noinline)) VOID NTAPI IoQueueWorkItem(PIO_WORKITEM IoWorkItem,
                                                     PIO_WORKITEM_ROUTINE WorkerRoutine,
                                                     WORK_QUEUE_TYPE QueueType, PVOID Context)
{
    IopQueueWorkItem(IoWorkItem, (PVOID)WorkerRoutine, FALSE, QueueType, Context,
                     __builtin_return_address(0));
}

/*
 * IoQueueWorkItemEx
 * @implemented
 * <= DISPATCH_LEVEL. As IoQueueWorkItem; the routine receives the I/O object, Context and
 * the work item itself (so it can free it).
 */
__attribute__((noinline)) VOID NTAPI IoQueueWorkItemEx(PIO_WORKITEM IoWorkItem,
                                                       PIO_WORKITEM_ROUTINE_EX WorkerRoutine,
                                                       WORK_QUEUE_TYPE QueueType, PVOID Context)
{
    IopQueueWorkItem(IoWorkItem, (PVOID)WorkerRoutine, TRUE, QueueType, Context,
                     __builtin_return_address(0));
}
