/*
 * PURPOSE: IRP benchmark: one IRP through an 8-deep filter stack, each filter copying its
 * stack location down and setting a completion routine, the bottom completing it (goal:
 * <= 1 us), against the same eight handler bodies called directly; and a kernel-mode
 * METHOD_BUFFERED IOCTL (64 bytes in and out) built with IoBuildDeviceIoControlRequest
 * against a direct call of the handler body.
 */
#include <string.h>
#include <ntddk.h>
#include "bench.h"

#define DEPTH 8

static DRIVER_OBJECT Drivers[DEPTH];
static DEVICE_OBJECT Devices[DEPTH];
static volatile LONG Touched;

/* ---- The stack ------------------------------------------------------------------------- */

static NTSTATUS NTAPI FilterCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);
    Touched++;
    if (Irp->PendingReturned)
        IoMarkIrpPending(Irp);
    return STATUS_CONTINUE_COMPLETION;
}

static NTSTATUS NTAPI FilterDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PDEVICE_OBJECT Lower = DeviceObject->DeviceExtension;

    Touched++;
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, FilterCompletion, NULL, TRUE, TRUE, TRUE);
    return IoCallDriver(Lower, Irp);
}

static NTSTATUS NTAPI BottomDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);

    UNREFERENCED_PARAMETER(DeviceObject);
    Touched++;
    if (Stack->MajorFunction == IRP_MJ_DEVICE_CONTROL) {
        /* Echo the input, as a typical METHOD_BUFFERED handler does. */
        ULONG Length = Stack->Parameters.DeviceIoControl.OutputBufferLength;
        PUCHAR Buffer = Irp->AssociatedIrp.SystemBuffer;
        Buffer[0] ^= 1;
        Irp->IoStatus.Information = Length;
    } else {
        Irp->IoStatus.Information = 0;
    }
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI TakeBack(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    UNREFERENCED_PARAMETER(Context);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static void Build(void)
{
    ULONG i, j;

    for (i = 0; i < DEPTH; i++) {
        Drivers[i].Type = IO_TYPE_DRIVER;
        Drivers[i].Size = sizeof(DRIVER_OBJECT);
        for (j = 0; j <= IRP_MJ_MAXIMUM_FUNCTION; j++)
            Drivers[i].MajorFunction[j] = i == 0 ? BottomDispatch : FilterDispatch;
        Devices[i].Type = IO_TYPE_DEVICE;
        Devices[i].Size = sizeof(DEVICE_OBJECT);
        Devices[i].DriverObject = &Drivers[i];
        Devices[i].StackSize = (CCHAR)(i + 1);
        Devices[i].DeviceExtension = i > 0 ? &Devices[i - 1] : NULL;
    }
}

static void IrpThroughStack(unsigned Iteration)
{
    PIRP Irp = IoAllocateIrp(DEPTH, FALSE);

    (void)Iteration;
    IoGetNextIrpStackLocation(Irp)->MajorFunction = IRP_MJ_READ;
    IoSetCompletionRoutine(Irp, TakeBack, NULL, TRUE, TRUE, TRUE);
    IoCallDriver(&Devices[DEPTH - 1], Irp);
    IoFreeIrp(Irp);
}

/* ---- Baseline: the same bodies, called directly ----------------------------------------- */

typedef struct _FAKE_REQUEST {
    UCHAR Major;
    NTSTATUS Status;
    ULONG_PTR Information;
    UCHAR Buffer[64];
    ULONG Length;
} FAKE_REQUEST;

static __attribute__((noinline)) void DirectCompletion(FAKE_REQUEST *r)
{
    Touched++;
    (void)r;
}

static __attribute__((noinline)) NTSTATUS DirectLevel(FAKE_REQUEST *r, int Level)
{
    NTSTATUS Status;

    Touched++;
    if (Level == 0) {
        if (r->Major == IRP_MJ_DEVICE_CONTROL) {
            r->Buffer[0] ^= 1;
            r->Information = r->Length;
        }
        r->Status = STATUS_SUCCESS;
        return STATUS_SUCCESS;
    }
    Status = DirectLevel(r, Level - 1);
    DirectCompletion(r);
    return Status;
}

static void DirectChain(unsigned Iteration)
{
    FAKE_REQUEST r;

    (void)Iteration;
    r.Major = IRP_MJ_READ;
    DirectLevel(&r, DEPTH - 1);
}

/* ---- A kernel-mode METHOD_BUFFERED IOCTL -------------------------------------------------- */

#define IOCTL_ECHO CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)

static UCHAR In[64], Out[64];

static void BuiltIoctl(unsigned Iteration)
{
    IO_STATUS_BLOCK Iosb;
    PIRP Irp;

    (void)Iteration;
    Irp = IoBuildDeviceIoControlRequest(IOCTL_ECHO, &Devices[0], In, sizeof In, Out, sizeof Out,
                                        FALSE, NULL, &Iosb);
    IoCallDriver(&Devices[0], Irp);
}

static void DirectIoctl(unsigned Iteration)
{
    FAKE_REQUEST r;

    (void)Iteration;
    r.Major = IRP_MJ_DEVICE_CONTROL;
    r.Length = sizeof Out;
    memcpy(r.Buffer, In, sizeof In);
    DirectLevel(&r, 0);
    memcpy(Out, r.Buffer, r.Information);
}

int main(void)
{
    PrintLoad("io_irp_bench");
    Build();
    Report("IRP through 8 filters + completion routines", Measure(IrpThroughStack),
           "8 direct nested calls", Measure(DirectChain));
    Report("IoBuildDeviceIoControlRequest 64 B round trip", Measure(BuiltIoctl),
           "handler body + 2 copies", Measure(DirectIoctl));
    return 0;
}
