/*
 * PURPOSE: gdb-target, the program tests/gdb debugs: loads the GdbTarget driver and its
 * upper filter (gdbtarget_drv.c), opens handles, and sends an IOCTL down the stack; the
 * driver's dispatch routine calls GdbTargetBreak with the IRP in flight. With the argument
 * "crash", a second IOCTL makes the driver bugcheck 0xDEADDEAD.
 */
#include <stdio.h>
#include <string.h>
#include <internal/io.h>

#define IOCTL_GDBTARGET_PING  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_GDBTARGET_CRASH CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_ANY_ACCESS)

NTSTATUS GdbTargetEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath);
NTSTATUS GdbFilterEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath);

static NTSTATUS SendIoctl(PDEVICE_OBJECT Top, ULONG Code)
{
    UCHAR In[16] = "ping", Out[16];
    IO_STATUS_BLOCK Iosb;
    KEVENT Done;
    PIRP Irp;
    NTSTATUS Status;

    KeInitializeEvent(&Done, NotificationEvent, FALSE);
    Irp = IoBuildDeviceIoControlRequest(Code, Top, In, sizeof In, Out, sizeof Out, FALSE, &Done,
                                        &Iosb);
    if (Irp == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    Status = IoCallDriver(Top, Irp);
    if (Status == STATUS_PENDING) {
        KeWaitForSingleObject(&Done, Executive, KernelMode, FALSE, NULL);
        Status = Iosb.Status;
    }
    return Status;
}

int main(int argc, char **argv)
{
    UNICODE_STRING LowerName = RTL_CONSTANT_STRING(L"\\Driver\\GdbTarget");
    UNICODE_STRING FilterName = RTL_CONSTANT_STRING(L"\\Driver\\GdbFilter");
    UNICODE_STRING EventName = RTL_CONSTANT_STRING(L"\\BaseNamedObjects\\GdbTargetEvent");
    UNICODE_STRING DeviceName = RTL_CONSTANT_STRING(L"\\Device\\GdbTarget");
    OBJECT_ATTRIBUTES Oa;
    IO_STATUS_BLOCK Iosb;
    PDRIVER_OBJECT Lower, Filter;
    PDEVICE_OBJECT Top;
    HANDLE Event, File;
    NTSTATUS Status;

    setvbuf(stdout, NULL, _IONBF, 0);
    Status = IopCreateDriver(&LowerName, GdbTargetEntry, NULL, NULL, 0, NULL, &Lower);
    if (!NT_SUCCESS(Status)) {
        printf("gdb-target: loading GdbTarget failed: 0x%08x\n", (unsigned)Status);
        return 1;
    }
    Status = IopCreateDriver(&FilterName, GdbFilterEntry, NULL, NULL, 0, NULL, &Filter);
    if (!NT_SUCCESS(Status)) {
        printf("gdb-target: loading GdbFilter failed: 0x%08x\n", (unsigned)Status);
        return 1;
    }
    InitializeObjectAttributes(&Oa, &EventName, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    Status = ZwCreateEvent(&Event, EVENT_ALL_ACCESS, &Oa, NotificationEvent, FALSE);
    if (!NT_SUCCESS(Status)) {
        printf("gdb-target: ZwCreateEvent failed: 0x%08x\n", (unsigned)Status);
        return 1;
    }
    InitializeObjectAttributes(&Oa, &DeviceName, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    Status = ZwCreateFile(&File, GENERIC_READ | GENERIC_WRITE, &Oa, &Iosb, NULL, 0, 0, FILE_OPEN,
                          0, NULL, 0);
    if (!NT_SUCCESS(Status)) {
        printf("gdb-target: ZwCreateFile failed: 0x%08x\n", (unsigned)Status);
        return 1;
    }

    Top = IoGetAttachedDeviceReference(Lower->DeviceObject);
    Status = SendIoctl(Top, IOCTL_GDBTARGET_PING);
    printf("gdb-target: IOCTL completed with 0x%08x\n", (unsigned)Status);
    if (argc > 1 && strcmp(argv[1], "crash") == 0)
        SendIoctl(Top, IOCTL_GDBTARGET_CRASH);       /* bugchecks: does not return */
    ObDereferenceObject(Top);

    ZwClose(File);
    ZwClose(Event);
    printf("gdb-target: done\n");
    return NT_SUCCESS(Status) ? 0 : 1;
}
