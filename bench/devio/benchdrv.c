/*
 * PURPOSE: The I/O benchmark's driver: one device, \Device\KmBench, answering a
 * METHOD_BUFFERED IOCTL with BenchBody (64 bytes in, 64 out), and one that allocates and
 * frees pool a given number of times. Built like any driver
 * (kmode_add_driver) and loaded through the SCM by io_bench.
 */
#include <ntddk.h>
#include "benchio.h"

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD BenchUnload;
static DRIVER_DISPATCH BenchCreateClose;
static DRIVER_DISPATCH BenchDeviceControl;

static NTSTATUS BenchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS BenchDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS Status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR Information = 0;

    UNREFERENCED_PARAMETER(DeviceObject);
    if (Stack->Parameters.DeviceIoControl.IoControlCode == IOCTL_BENCH_ECHO) {
        if (Stack->Parameters.DeviceIoControl.InputBufferLength < BENCH_PAYLOAD ||
            Stack->Parameters.DeviceIoControl.OutputBufferLength < BENCH_PAYLOAD) {
            Status = STATUS_BUFFER_TOO_SMALL;
        } else {
            /* METHOD_BUFFERED: one system buffer holds the input and receives the output. */
            unsigned char Temp[BENCH_PAYLOAD];
            RtlCopyMemory(Temp, Irp->AssociatedIrp.SystemBuffer, BENCH_PAYLOAD);
            BenchBody(Temp, Irp->AssociatedIrp.SystemBuffer);
            Information = BENCH_PAYLOAD;
            Status = STATUS_SUCCESS;
        }
    } else if (Stack->Parameters.DeviceIoControl.IoControlCode == IOCTL_BENCH_POOL) {
        if (Stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
            Status = STATUS_BUFFER_TOO_SMALL;
        } else {
            ULONG Count = *(PULONG)Irp->AssociatedIrp.SystemBuffer;
            Status = STATUS_SUCCESS;
            for (ULONG i = 0; i < Count; i++) {
                PVOID Block = ExAllocatePoolWithTag(NonPagedPoolNx, 64, BENCH_POOL_TAG);
                if (Block == NULL) {
                    Status = STATUS_INSUFFICIENT_RESOURCES;
                    break;
                }
                *(volatile UCHAR *)Block = (UCHAR)i;
                ExFreePoolWithTag(Block, BENCH_POOL_TAG);
            }
        }
    }
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static VOID BenchUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING Link = RTL_CONSTANT_STRING(BENCH_DEVICE_DOS);
    IoDeleteSymbolicLink(&Link);
    IoDeleteDevice(DriverObject->DeviceObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(BENCH_DEVICE_NT);
    UNICODE_STRING Link = RTL_CONSTANT_STRING(BENCH_DEVICE_DOS);
    PDEVICE_OBJECT Device;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(RegistryPath);
    Status = IoCreateDevice(DriverObject, 0, &Name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &Device);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = IoCreateSymbolicLink(&Link, &Name);
    if (!NT_SUCCESS(Status)) {
        IoDeleteDevice(Device);
        return Status;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = BenchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = BenchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = BenchDeviceControl;
    DriverObject->DriverUnload = BenchUnload;
    return STATUS_SUCCESS;
}
