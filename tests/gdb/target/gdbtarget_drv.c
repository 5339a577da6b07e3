/*
 * PURPOSE: The drivers the gdb extension test (tests/gdb) debugs: a function driver
 * (\Device\GdbTarget) with an upper filter attached, written as WDK drivers are. While its
 * IOCTL dispatch routine runs, an IRP is in flight through both, the driver holds pool
 * blocks, an ERESOURCE, a set periodic timer and a DPC queued on its virtual processor, and
 * it calls GdbTargetBreak (gdb's breakpoint). A second IOCTL bugchecks (0xDEADDEAD) for
 * !analyze.
 */
#include <ntddk.h>

#define IOCTL_GDBTARGET_PING  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_GDBTARGET_CRASH CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define GDBT_TAG 'TbdG'                  /* shows as "GdbT" */
#define GDBT_BLOCKS 3

typedef struct _GDBT_EXTENSION {
    ERESOURCE Resource;
    KTIMER Timer;
    KDPC TimerDpc;
    KDPC Dpc;
    volatile LONG DpcRuns;
    PVOID Blocks[GDBT_BLOCKS];
} GDBT_EXTENSION, *PGDBT_EXTENSION;

typedef struct _GDBT_FILTER_EXTENSION {
    PDEVICE_OBJECT Lower;
} GDBT_FILTER_EXTENSION, *PGDBT_FILTER_EXTENSION;

/* gdb's breakpoint: the dispatch routine calls it with the IRP in flight. The test reads
   the globals (parameters may be optimized out at -O2). */
PIRP volatile GdbTargetLastIrp;
PDEVICE_OBJECT volatile GdbTargetLastDevice;

__attribute__((noinline)) VOID GdbTargetBreak(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    GdbTargetLastDevice = DeviceObject;
    GdbTargetLastIrp = Irp;
    __asm__ volatile("" ::: "memory");
}

static VOID GdbTargetTimerDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
}

static VOID GdbTargetDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    PGDBT_EXTENSION Ext = Context;
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    InterlockedIncrement(&Ext->DpcRuns);
}

static NTSTATUS GdbTargetComplete(PIRP Irp, NTSTATUS Status)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static NTSTATUS GdbTargetCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return GdbTargetComplete(Irp, STATUS_SUCCESS);
}

static NTSTATUS GdbTargetDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PGDBT_EXTENSION Ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    LARGE_INTEGER Due;
    KIRQL OldIrql;
    ULONG i;

    if (Stack->Parameters.DeviceIoControl.IoControlCode == IOCTL_GDBTARGET_CRASH)
        KeBugCheckEx(MANUALLY_INITIATED_CRASH1, 0x11, 0x22, 0x33, (ULONG_PTR)Irp);
    if (Stack->Parameters.DeviceIoControl.IoControlCode != IOCTL_GDBTARGET_PING)
        return GdbTargetComplete(Irp, STATUS_INVALID_DEVICE_REQUEST);

    /* Two small blocks and a large one (a page run). */
    for (i = 0; i < GDBT_BLOCKS; i++)
        Ext->Blocks[i] = ExAllocatePool2(POOL_FLAG_NON_PAGED, i == 2 ? 3 * PAGE_SIZE : 100 + 200 * i,
                                         GDBT_TAG);
    /* And one freed at once: !poolused counts it under Allocs and Frees (in special pool too,
       with the verifier on). */
    ExFreePoolWithTag(ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, GDBT_TAG), GDBT_TAG);
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&Ext->Resource, TRUE);
    Due.QuadPart = -36000000000LL;                       /* an hour from now, then every minute */
    KeSetTimerEx(&Ext->Timer, Due, 60000, &Ext->TimerDpc);
    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    KeInsertQueueDpc(&Ext->Dpc, NULL, NULL);             /* runs when IRQL drops below DISPATCH */

    GdbTargetBreak(DeviceObject, Irp);

    KeLowerIrql(OldIrql);
    KeCancelTimer(&Ext->Timer);
    ExReleaseResourceLite(&Ext->Resource);
    KeLeaveCriticalRegion();
    for (i = 0; i < GDBT_BLOCKS; i++)
        if (Ext->Blocks[i] != NULL)
            ExFreePoolWithTag(Ext->Blocks[i], GDBT_TAG);
    return GdbTargetComplete(Irp, Ext->DpcRuns == 1 ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL);
}

static VOID GdbTargetUnload(PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT Device = DriverObject->DeviceObject;
    UNICODE_STRING Link = RTL_CONSTANT_STRING(L"\\DosDevices\\GdbTarget");

    IoDeleteSymbolicLink(&Link);
    if (Device != NULL) {
        ExDeleteResourceLite(&((PGDBT_EXTENSION)Device->DeviceExtension)->Resource);
        IoDeleteDevice(Device);
    }
}

NTSTATUS GdbTargetEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\Device\\GdbTarget");
    UNICODE_STRING Link = RTL_CONSTANT_STRING(L"\\DosDevices\\GdbTarget");
    PDEVICE_OBJECT Device;
    PGDBT_EXTENSION Ext;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(RegistryPath);
    Status = IoCreateDevice(DriverObject, sizeof(GDBT_EXTENSION), &Name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &Device);
    if (!NT_SUCCESS(Status))
        return Status;
    Ext = Device->DeviceExtension;
    ExInitializeResourceLite(&Ext->Resource);
    KeInitializeTimerEx(&Ext->Timer, NotificationTimer);
    KeInitializeDpc(&Ext->TimerDpc, GdbTargetTimerDpc, Ext);
    KeInitializeDpc(&Ext->Dpc, GdbTargetDpc, Ext);
    Status = IoCreateSymbolicLink(&Link, &Name);
    if (!NT_SUCCESS(Status)) {
        IoDeleteDevice(Device);
        return Status;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = GdbTargetCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = GdbTargetCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = GdbTargetCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = GdbTargetDeviceControl;
    DriverObject->DriverUnload = GdbTargetUnload;
    Device->Flags |= DO_BUFFERED_IO;
    Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

/* ---- The upper filter ------------------------------------------------------------------- */

static NTSTATUS GdbFilterCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);
    if (Irp->PendingReturned)
        IoMarkIrpPending(Irp);
    return STATUS_CONTINUE_COMPLETION;
}

static NTSTATUS GdbFilterDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PGDBT_FILTER_EXTENSION Ext = DeviceObject->DeviceExtension;

    if (IoGetCurrentIrpStackLocation(Irp)->MajorFunction == IRP_MJ_DEVICE_CONTROL) {
        IoCopyCurrentIrpStackLocationToNext(Irp);
        IoSetCompletionRoutine(Irp, GdbFilterCompletion, Ext, TRUE, TRUE, TRUE);
    } else {
        IoSkipCurrentIrpStackLocation(Irp);
    }
    return IoCallDriver(Ext->Lower, Irp);
}

static VOID GdbFilterUnload(PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT Device = DriverObject->DeviceObject;

    if (Device != NULL) {
        IoDetachDevice(((PGDBT_FILTER_EXTENSION)Device->DeviceExtension)->Lower);
        IoDeleteDevice(Device);
    }
}

NTSTATUS GdbFilterEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING Target = RTL_CONSTANT_STRING(L"\\Device\\GdbTarget");
    PDEVICE_OBJECT Device;
    PGDBT_FILTER_EXTENSION Ext;
    NTSTATUS Status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = GdbFilterDispatch;
    DriverObject->DriverUnload = GdbFilterUnload;
    Status = IoCreateDevice(DriverObject, sizeof(GDBT_FILTER_EXTENSION), NULL,
                            FILE_DEVICE_UNKNOWN, 0, FALSE, &Device);
    if (!NT_SUCCESS(Status))
        return Status;
    Ext = Device->DeviceExtension;
    Status = IoAttachDevice(Device, &Target, &Ext->Lower);
    if (!NT_SUCCESS(Status)) {
        IoDeleteDevice(Device);
        return Status;
    }
    Device->Flags |= DO_BUFFERED_IO;
    Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
