/*
 * PURPOSE: Driver-mode helpers of the bug zoo (tests/bugs/bugs.h): a one-device driver, an
 * IRP sender that keeps the IRP for inspection, and the catch wrapper.
 */
#include "bugs.h"

static PDRIVER_DISPATCH BugsPendingDispatch;
static PDEVICE_OBJECT BugsPendingDevice;

static VOID BugsUnload(PDRIVER_OBJECT DriverObject)
{
    while (DriverObject->DeviceObject != NULL)
        IoDeleteDevice(DriverObject->DeviceObject);
}

static NTSTATUS BugsEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(RegistryPath);
    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = BugsPendingDispatch;
    DriverObject->DriverUnload = BugsUnload;
    Status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE,
                            &BugsPendingDevice);
    if (NT_SUCCESS(Status))
        BugsPendingDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return Status;
}

NTSTATUS BugsLoadDeviceDriver(PCWSTR Name, PDRIVER_DISPATCH Dispatch, PDRIVER_OBJECT *Driver,
                              PDEVICE_OBJECT *Device)
{
    NTSTATUS Status;

    BugsPendingDispatch = Dispatch;
    BugsPendingDevice = NULL;
    Status = BugsLoadDriver(Name, BugsEntry, Driver);
    *Device = BugsPendingDevice;
    return Status;
}

NTSTATUS BugsSenderCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    UNREFERENCED_PARAMETER(Context);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS BugsSendIrp(PDEVICE_OBJECT Device, UCHAR Major, PIRP *Irp)
{
    PIRP New = IoAllocateIrp(Device->StackSize, FALSE);
    PIO_STACK_LOCATION Next;

    *Irp = New;
    if (New == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    /* As the native I/O services do: completion stops before the final stage, which the
       sender runs; so the IRP outlives its completion (the sender frees it). */
    New->Flags |= IRP_DEFER_IO_COMPLETION;
    Next = IoGetNextIrpStackLocation(New);
    Next->MajorFunction = Major;
    if (Major == IRP_MJ_DEVICE_CONTROL)
        Next->Parameters.DeviceIoControl.IoControlCode = 0x222000;
    IoSetCompletionRoutine(New, BugsSenderCompletion, Device, TRUE, TRUE, TRUE);
    return IoCallDriver(Device, New);
}

BOOLEAN BugsCatch(KTEST *t, void (*Trigger)(void *), void *Context, PKMODE_BUGCHECK Caught)
{
    if (KmodeCatchBugCheck(Trigger, Context, KMODE_CATCH_QUIET, Caught))
        return TRUE;
    KT_FAIL(t, "the buggy driver did not bugcheck");
    return FALSE;
}
