/*
 * PURPOSE: KmFilter, a legacy (non-PnP) upper filter driver: attaches to the KmIoctl sample's
 *          device when it loads, passes every request down with a completion routine,
 *          counts them, changes the reply of one IOCTL on its way back up, and reports its
 *          counters through a control device of its own.
 *          Written for kmode's samples; builds with the WDK as well.
 */

/* INCLUDES *******************************************************************************/

#include <ntddk.h>
#include "public.h"
#include "..\..\ioctl\sys\public.h"

/* GLOBALS ********************************************************************************/

#define KmFilterTrace(...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, __VA_ARGS__)

typedef enum _KMFILTER_KIND {
    KmFilterDeviceKind = 1,     /* the device attached to KmIoctl's */
    KmFilterControlKind = 2     /* \Device\KmFilterControl */
} KMFILTER_KIND;

typedef struct _KMFILTER_EXTENSION {
    KMFILTER_KIND Kind;
    PDEVICE_OBJECT Lower;       /* filter device: where requests go next */
    PFILE_OBJECT TargetFile;    /* filter device: keeps the target referenced until unload */
} KMFILTER_EXTENSION, *PKMFILTER_EXTENSION;

static PDEVICE_OBJECT KmFilterDevice;
static PDEVICE_OBJECT KmFilterControlDevice;
static KMFILTER_COUNTERS KmFilterCounters;     /* updated with Interlocked operations */

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD KmFilterUnload;
static DRIVER_DISPATCH KmFilterDispatch;
static IO_COMPLETION_ROUTINE KmFilterCompletion;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KmFilterUnload)
#endif

/* PRIVATE FUNCTIONS **********************************************************************/

static VOID
KmFilterCount(volatile ULONG *Counter)
{
    InterlockedIncrement((volatile LONG *)Counter);
}

static NTSTATUS
KmFilterComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

/* Requests to the control device: open, close and the counters. */
static NTSTATUS
KmFilterControlDispatch(PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PKMFILTER_COUNTERS out;
    ULONG i;

    switch (stack->MajorFunction) {
    case IRP_MJ_CREATE:
    case IRP_MJ_CLEANUP:
    case IRP_MJ_CLOSE:
        return KmFilterComplete(Irp, STATUS_SUCCESS, 0);
    case IRP_MJ_DEVICE_CONTROL:
        if (stack->Parameters.DeviceIoControl.IoControlCode != IOCTL_KMFILTER_GET_COUNTERS)
            break;
        if (stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(KMFILTER_COUNTERS))
            return KmFilterComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        /* A snapshot, counter by counter. */
        out = Irp->AssociatedIrp.SystemBuffer;
        for (i = 0; i < sizeof(KMFILTER_COUNTERS) / sizeof(ULONG); i++)
            ((PULONG)out)[i] = (ULONG)InterlockedCompareExchange(
                (volatile LONG *)&((PULONG)&KmFilterCounters)[i], 0, 0);
        return KmFilterComplete(Irp, STATUS_SUCCESS, sizeof(KMFILTER_COUNTERS));
    default:
        break;
    }
    return KmFilterComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
}

/*
 * Runs when the driver below completed the request, at the IRQL it completed it at. The IRP
 * is at our stack location again: our MajorFunction and Parameters are still there.
 */
static NTSTATUS
KmFilterCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PKMIOCTL_REPLY reply;

    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    /* The rule for a completion routine that returns anything but
       STATUS_MORE_PROCESSING_REQUIRED: pass the pending mark on up. */
    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
        KmFilterCount(&KmFilterCounters.Pended);
    }
    KmFilterCount(&KmFilterCounters.Completions);
    if (!NT_SUCCESS(Irp->IoStatus.Status)) {
        KmFilterCount(&KmFilterCounters.Failures);
        return STATUS_CONTINUE_COMPLETION;
    }

    /* The one request whose answer we change: METHOD_BUFFERED, so the reply is in the
       system buffer, copied to the app after this routine. */
    if (stack->MajorFunction == IRP_MJ_DEVICE_CONTROL &&
        stack->Parameters.DeviceIoControl.IoControlCode == IOCTL_KMIOCTL_BUFFERED &&
        Irp->IoStatus.Information >= sizeof(KMIOCTL_REPLY)) {
        reply = Irp->AssociatedIrp.SystemBuffer;
        reply->FilterCount++;
        KmFilterCount(&KmFilterCounters.RepliesModified);
        KmFilterTrace("KmFilter: reply %lu to \"%s\" marked on its way up\n", reply->Sequence,
                      reply->Text);
    }
    return STATUS_CONTINUE_COMPLETION;
}

/* Every major function of both devices comes here. */
static NTSTATUS
KmFilterDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKMFILTER_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);

    if (ext->Kind == KmFilterControlKind)
        return KmFilterControlDispatch(Irp);

    switch (stack->MajorFunction) {
    case IRP_MJ_CREATE:         KmFilterCount(&KmFilterCounters.Creates); break;
    case IRP_MJ_CLEANUP:        KmFilterCount(&KmFilterCounters.Cleanups); break;
    case IRP_MJ_CLOSE:          KmFilterCount(&KmFilterCounters.Closes); break;
    case IRP_MJ_READ:           KmFilterCount(&KmFilterCounters.Reads); break;
    case IRP_MJ_WRITE:          KmFilterCount(&KmFilterCounters.Writes); break;
    case IRP_MJ_DEVICE_CONTROL: KmFilterCount(&KmFilterCounters.DeviceControls); break;
    default:                    KmFilterCount(&KmFilterCounters.Others); break;
    }
    KmFilterTrace("KmFilter: major function 0x%02X passes down\n", stack->MajorFunction);

    /* The next location gets our parameters; our routine sees every outcome. */
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, KmFilterCompletion, NULL, TRUE, TRUE, TRUE);
    return IoCallDriver(ext->Lower, Irp);
}

static VOID
KmFilterUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(KMFILTER_LINK_NAME);
    PKMFILTER_EXTENSION ext = KmFilterDevice->DeviceExtension;

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();
    KmFilterTrace("KmFilter: DriverUnload: detaching from %ws\n", KMFILTER_TARGET_NAME);
    IoDetachDevice(ext->Lower);
    /* Closing the target's file object now sends its CLEANUP and CLOSE straight to KmIoctl:
       had we closed it while attached, they would have come through us. */
    ObDereferenceObject(ext->TargetFile);
    IoDeleteDevice(KmFilterDevice);
    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(KmFilterControlDevice);
}

/* PUBLIC FUNCTIONS ***********************************************************************/

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING controlName = RTL_CONSTANT_STRING(KMFILTER_CONTROL_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(KMFILTER_LINK_NAME);
    UNICODE_STRING targetName = RTL_CONSTANT_STRING(KMFILTER_TARGET_NAME);
    PDEVICE_OBJECT target, lower;
    PKMFILTER_EXTENSION ext;
    PFILE_OBJECT targetFile;
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);
    KmFilterTrace("KmFilter: DriverEntry\n");

    /* Everything goes through one routine, which tells the two devices apart. Set before
       attaching: requests can arrive as soon as we are in the stack. */
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = KmFilterDispatch;
    DriverObject->DriverUnload = KmFilterUnload;

    status = IoCreateDevice(DriverObject, sizeof(KMFILTER_EXTENSION), &controlName,
                            FILE_DEVICE_KMFILTER, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &KmFilterControlDevice);
    if (!NT_SUCCESS(status))
        return status;
    ext = KmFilterControlDevice->DeviceExtension;
    ext->Kind = KmFilterControlKind;
    status = IoCreateSymbolicLink(&linkName, &controlName);
    if (!NT_SUCCESS(status))
        goto failControl;

    /* The device to filter: KmIoctl must be loaded first. Opening it sends it a CREATE. */
    status = IoGetDeviceObjectPointer(&targetName, FILE_READ_DATA, &targetFile, &target);
    if (!NT_SUCCESS(status)) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
                   "KmFilter: cannot open %wZ (0x%08lX): load KmIoctl first\n", &targetName,
                   status);
        goto failLink;
    }

    /* Unnamed, and looking like the target to the I/O manager: same type and buffering. */
    status = IoCreateDevice(DriverObject, sizeof(KMFILTER_EXTENSION), NULL, target->DeviceType,
                            target->Characteristics, FALSE, &KmFilterDevice);
    if (!NT_SUCCESS(status))
        goto failTarget;
    ext = KmFilterDevice->DeviceExtension;
    ext->Kind = KmFilterDeviceKind;
    ext->TargetFile = targetFile;
    KmFilterDevice->Flags |= target->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);

    lower = IoAttachDeviceToDeviceStack(KmFilterDevice, target);
    if (lower == NULL) {
        status = STATUS_NO_SUCH_DEVICE;
        IoDeleteDevice(KmFilterDevice);
        goto failTarget;
    }
    ext->Lower = lower;
    KmFilterDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    KmFilterControlDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    KmFilterTrace("KmFilter: attached to %wZ (stack size now %d)\n", &targetName,
                  KmFilterDevice->StackSize);
    return STATUS_SUCCESS;

failTarget:
    ObDereferenceObject(targetFile);
failLink:
    IoDeleteSymbolicLink(&linkName);
failControl:
    IoDeleteDevice(KmFilterControlDevice);
    return status;
}
