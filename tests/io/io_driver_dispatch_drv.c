/*
 * PURPOSE: Driver-mode tests for a driver's default dispatch routines (src/io/driver.c):
 * every MajorFunction a driver leaves alone completes the IRP with
 * STATUS_INVALID_DEVICE_REQUEST (Information 0) and returns that status - seen through
 * IoCallDriver on IRPs from IoAllocateIrp (a completion routine takes them back).
 */
#include <ntddk.h>
#include "ktest.h"
#include "io_driver_harness.h"

typedef struct _SEEN {
    ULONG Calls;
    NTSTATUS Status;
    ULONG_PTR Information;
} SEEN;

static NTSTATUS NTAPI TakeBack(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    SEEN *s = Context;
    UNREFERENCED_PARAMETER(DeviceObject);
    s->Calls++;
    s->Status = Irp->IoStatus.Status;
    s->Information = Irp->IoStatus.Information;
    return STATUS_MORE_PROCESSING_REQUIRED;   /* our IRP: we free it */
}

static NTSTATUS NTAPI HandleCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI EntryWithCreateOnly(PDRIVER_OBJECT Driver, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    Driver->MajorFunction[IRP_MJ_CREATE] = HandleCreate;
    return STATUS_SUCCESS;
}

static NTSTATUS Send(PDEVICE_OBJECT Device, UCHAR Major, SEEN *Seen)
{
    PIRP irp = IoAllocateIrp(Device->StackSize, FALSE);
    PIO_STACK_LOCATION next;
    NTSTATUS st;

    if (irp == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
    irp->IoStatus.Information = 0x1234;
    next = IoGetNextIrpStackLocation(irp);
    next->MajorFunction = Major;
    IoSetCompletionRoutine(irp, TakeBack, Seen, TRUE, TRUE, TRUE);
    st = IoCallDriver(Device, irp);
    IoFreeIrp(irp);
    return st;
}

static void io_driver_dispatch_test_unhandled_requests_are_invalid(KTEST *t)
{
    PDRIVER_OBJECT drv = NULL;
    PDEVICE_OBJECT dev = NULL;
    SEEN seen;

    KT_ASSERT_EQ(t, IoTestLoadDriver(L"IoDispatchDefault", EntryWithCreateOnly, &drv),
                 STATUS_SUCCESS);
    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        if (i == IRP_MJ_CREATE)
            KT_EXPECT_FALSE(t, IoTestIsDefaultDispatch(drv->MajorFunction[i]));
        else
            KT_EXPECT_TRUE(t, IoTestIsDefaultDispatch(drv->MajorFunction[i]));
    }
    KT_ASSERT_EQ(t, IoCreateDevice(drv, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &dev),
                 STATUS_SUCCESS);

    RtlZeroMemory(&seen, sizeof seen);
    KT_EXPECT_EQ(t, Send(dev, IRP_MJ_READ, &seen), STATUS_INVALID_DEVICE_REQUEST);
    KT_EXPECT_EQ(t, seen.Calls, 1);
    KT_EXPECT_EQ(t, seen.Status, STATUS_INVALID_DEVICE_REQUEST);
    KT_EXPECT_EQ(t, seen.Information, 0);

    RtlZeroMemory(&seen, sizeof seen);
    KT_EXPECT_EQ(t, Send(dev, IRP_MJ_FLUSH_BUFFERS, &seen), STATUS_INVALID_DEVICE_REQUEST);
    KT_EXPECT_EQ(t, seen.Status, STATUS_INVALID_DEVICE_REQUEST);

    /* The one the driver handles. */
    RtlZeroMemory(&seen, sizeof seen);
    KT_EXPECT_EQ(t, Send(dev, IRP_MJ_CREATE, &seen), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, seen.Status, STATUS_SUCCESS);

    IoDeleteDevice(dev);
    /* This driver set no DriverUnload: it cannot be unloaded. */
    KT_EXPECT_EQ(t, IoTestUnloadDriver(drv), STATUS_INVALID_DEVICE_REQUEST);
    ObMakeTemporaryObject(drv);
    ObDereferenceObject(drv);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_driver_dispatch_test_unhandled_requests_are_invalid),
    { 0 }
};

KTEST_SUITE(io_driver_dispatch, cases);
