/*
 * PURPOSE: vf_ddi.sys, the DDI compliance test driver (tests/verifier/vf_ddi_test.c): each
 * scenario calls a DDI at an IRQL its rule forbids, or (VfDdiClean) every DDI correctly.
 * A real .sys: the verifier judges DDI calls by their caller's image.
 */
#include <ntddk.h>
#include "vf_ddi.h"

static KSPIN_LOCK Lock;
static FAST_MUTEX FastMutex;
static KEVENT Event;
static HANDLE Key;
static ERESOURCE Resource;
static KGUARDED_MUTEX GuardedMutex;
static PDRIVER_OBJECT ThisDriver;
static PDEVICE_OBJECT Device;
static KEVENT ThreadDone;

static VOID NTAPI ThreadMain(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    KeSetEvent(&ThreadDone, IO_NO_INCREMENT, FALSE);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

static HANDLE OpenKey(void)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\Registry\\Machine");
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Handle = NULL;

    InitializeObjectAttributes(&Attributes, &Name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    if (!NT_SUCCESS(ZwOpenKey(&Handle, KEY_READ, &Attributes)))
        return NULL;
    return Handle;
}

static DECLSPEC_NOINLINE void Run(VF_DDI_SCENARIO Scenario)
{
    UNICODE_STRING Link = RTL_CONSTANT_STRING(L"\\DosDevices\\VfDdiLink");
    UNICODE_STRING Target = RTL_CONSTANT_STRING(L"\\Device\\VfDdiNowhere");
    LARGE_INTEGER Interval = { .QuadPart = -1 };
    KLOCK_QUEUE_HANDLE Queued;
    IO_STATUS_BLOCK Iosb;
    PDEVICE_OBJECT Created;
    HANDLE Thread;
    KIRQL Irql;
    PVOID Block, Object;
    PIRP Irp;

    switch (Scenario) {
    case VfDdiClean:
        Block = ExAllocatePoolWithTag(PagedPool, 64, 'iddV');
        if (Block != NULL)
            ExFreePoolWithTag(Block, 'iddV');
        KeAcquireSpinLock(&Lock, &Irql);
        Block = ExAllocatePoolWithTag(NonPagedPoolNx, 64, 'iddV');
        KeSetEvent(&Event, IO_NO_INCREMENT, FALSE);
        KeReleaseSpinLock(&Lock, Irql);
        if (Block != NULL)
            ExFreePoolWithTag(Block, 'iddV');
        KeRaiseIrql(DISPATCH_LEVEL, &Irql);
        KeAcquireSpinLockAtDpcLevel(&Lock);
        KeReleaseSpinLockFromDpcLevel(&Lock);
        KeAcquireInStackQueuedSpinLockAtDpcLevel(&Lock, &Queued);
        KeReleaseInStackQueuedSpinLockFromDpcLevel(&Queued);
        KeLowerIrql(Irql);
        KeAcquireInStackQueuedSpinLock(&Lock, &Queued);
        KeReleaseInStackQueuedSpinLock(&Queued);
        ExAcquireFastMutex(&FastMutex);
        ExReleaseFastMutex(&FastMutex);
        KeSetEvent(&Event, IO_NO_INCREMENT, TRUE);
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
        KeResetEvent(&Event);
        if (NT_SUCCESS(ObReferenceObjectByHandle(Key, 0, NULL, KernelMode, &Object, NULL)))
            ObDereferenceObject(Object);
        ZwClose(OpenKey());
        /* The rules added with the I/O checks, each DDI at an IRQL it allows. */
        KeEnterCriticalRegion();
        ExAcquireResourceExclusiveLite(&Resource, TRUE);
        ExConvertExclusiveToSharedLite(&Resource);
        ExReleaseResourceLite(&Resource);
        ExAcquireResourceSharedLite(&Resource, TRUE);
        ExReleaseResourceLite(&Resource);
        KeLeaveCriticalRegion();
        KeRaiseIrql(APC_LEVEL, &Irql);
        KeAcquireGuardedMutex(&GuardedMutex);
        KeReleaseGuardedMutex(&GuardedMutex);
        if (KeTryToAcquireGuardedMutex(&GuardedMutex))
            KeReleaseGuardedMutex(&GuardedMutex);
        KeEnterGuardedRegion();
        KeLeaveGuardedRegion();
        (void)KeAreApcsDisabled();
        KeDelayExecutionThread(KernelMode, FALSE, &Interval);
        Irp = IoBuildDeviceIoControlRequest(0x222004, Device, NULL, 0, NULL, 0, FALSE, NULL,
                                            &Iosb);
        KeLowerIrql(Irql);
        if (Irp != NULL)        /* the I/O manager's IRP: sent, completed and freed by it */
            IoCallDriver(Device, Irp);
        if (NT_SUCCESS(IoCreateDevice(ThisDriver, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &Created)))
            IoDeleteDevice(Created);
        if (NT_SUCCESS(IoCreateSymbolicLink(&Link, &Target)))
            IoDeleteSymbolicLink(&Link);
        /* (IoInitializeTimer and PsCreateSystemThread are left out here: each would leave
           a host thread running, and the suites that fork under ThreadSanitizer need a
           single-threaded process. Their violations are caught before anything starts.) */
        break;
    case VfDdiResourceAtDispatch:
        KeRaiseIrql(DISPATCH_LEVEL, &Irql);
        ExAcquireResourceExclusiveLite(&Resource, TRUE);
        break;
    case VfDdiCreateDeviceAtApc:
        KeRaiseIrql(APC_LEVEL, &Irql);
        if (NT_SUCCESS(IoCreateDevice(ThisDriver, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &Created)))
            IoDeleteDevice(Created);
        break;
    case VfDdiBuildIoctlAtDispatch:
        KeRaiseIrql(DISPATCH_LEVEL, &Irql);
        Irp = IoBuildDeviceIoControlRequest(0x222004, Device, NULL, 0, NULL, 0, FALSE, NULL,
                                            &Iosb);
        if (Irp != NULL)
            IoCallDriver(Device, Irp);
        break;
    case VfDdiSymbolicLinkAtApc:
        KeRaiseIrql(APC_LEVEL, &Irql);
        if (NT_SUCCESS(IoCreateSymbolicLink(&Link, &Target)))
            IoDeleteSymbolicLink(&Link);
        break;
    case VfDdiInitializeTimerAtApc:
        KeRaiseIrql(APC_LEVEL, &Irql);
        (void)IoInitializeTimer(Device, NULL, NULL);
        break;
    case VfDdiGuardedMutexAtDispatch:
        KeRaiseIrql(DISPATCH_LEVEL, &Irql);
        KeAcquireGuardedMutex(&GuardedMutex);
        break;
    case VfDdiDelayAtDispatch:
        KeRaiseIrql(DISPATCH_LEVEL, &Irql);
        KeDelayExecutionThread(KernelMode, FALSE, &Interval);
        break;
    case VfDdiCriticalRegionAtDispatch:
        KeRaiseIrql(DISPATCH_LEVEL, &Irql);
        KeEnterCriticalRegion();
        break;
    case VfDdiSystemThreadAtApc:
        KeRaiseIrql(APC_LEVEL, &Irql);
        if (NT_SUCCESS(PsCreateSystemThread(&Thread, THREAD_ALL_ACCESS, NULL, NULL, NULL,
                                            ThreadMain, NULL)))
            ZwClose(Thread);
        break;
    case VfDdiPagedPoolAtDispatch:
        KeRaiseIrql(DISPATCH_LEVEL, &Irql);
        Block = ExAllocatePoolWithTag(PagedPool, 64, 'iddV');
        KeLowerIrql(Irql);
        if (Block != NULL)
            ExFreePoolWithTag(Block, 'iddV');
        break;
    case VfDdiReleaseAtPassive:
        KeRaiseIrql(DISPATCH_LEVEL, &Irql);
        KeAcquireSpinLockAtDpcLevel(&Lock);
        KeLowerIrql(PASSIVE_LEVEL);
        KeReleaseSpinLock(&Lock, PASSIVE_LEVEL);
        break;
    case VfDdiAtDpcLevelAtPassive:
        KeAcquireSpinLockAtDpcLevel(&Lock);
        break;
    case VfDdiFastMutexAtDispatch:
        KeRaiseIrql(DISPATCH_LEVEL, &Irql);
        ExAcquireFastMutex(&FastMutex);
        break;
    case VfDdiSetEventWaitAtDispatch:
        KeRaiseIrql(DISPATCH_LEVEL, &Irql);
        KeSetEvent(&Event, IO_NO_INCREMENT, TRUE);
        break;
    case VfDdiZwCloseAtApc:
        KeRaiseIrql(APC_LEVEL, &Irql);
        ZwClose(Key);
        break;
    case VfDdiObReferenceAtApc:
        KeRaiseIrql(APC_LEVEL, &Irql);
        if (NT_SUCCESS(ObReferenceObjectByHandle(Key, 0, NULL, KernelMode, &Object, NULL)))
            ObDereferenceObject(Object);
        break;
    case VfDdiSpinLockTwice:
        KeAcquireSpinLock(&Lock, &Irql);
        KeAcquireSpinLock(&Lock, &Irql);
        break;
    case VfDdiSpinLockAboveDispatch:
        KeRaiseIrql(HIGH_LEVEL, &Irql);
        KeAcquireSpinLock(&Lock, &Irql);
        break;
    case VfDdiWaitForeverAtDispatch:
        KeRaiseIrql(DISPATCH_LEVEL, &Irql);
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
        break;
    case VfDdiWaitTimeoutAtDispatch:
        KeRaiseIrql(DISPATCH_LEVEL, &Irql);
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, &Interval);
        break;
    case VfDdiPollAtDispatch:
        Interval.QuadPart = 0;
        KeRaiseIrql(DISPATCH_LEVEL, &Irql);
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, &Interval);
        KeLowerIrql(Irql);
        break;
    case VfDdiReset:
        KeInitializeSpinLock(&Lock);
        ExInitializeFastMutex(&FastMutex);
        KeInitializeGuardedMutex(&GuardedMutex);
        KeResetEvent(&Event);
        break;
    default:
        break;
    }
}

static VOID NTAPI Unload(PDRIVER_OBJECT Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    if (Key != NULL)
        ZwClose(Key);
    ExDeleteResourceLite(&Resource);
    IoDeleteDevice(Device);
}

DRIVER_INITIALIZE DriverEntry;

NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT Driver, PUNICODE_STRING RegistryPath)
{
    static VF_DDI_DRIVER Self;

    UNREFERENCED_PARAMETER(RegistryPath);
    KeInitializeSpinLock(&Lock);
    ExInitializeFastMutex(&FastMutex);
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    KeInitializeEvent(&ThreadDone, NotificationEvent, FALSE);
    KeInitializeGuardedMutex(&GuardedMutex);
    ExInitializeResourceLite(&Resource);
    ThisDriver = Driver;
    if (!NT_SUCCESS(IoCreateDevice(Driver, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &Device))) {
        ExDeleteResourceLite(&Resource);
        return STATUS_UNSUCCESSFUL;
    }
    Device->Flags &= ~DO_DEVICE_INITIALIZING;
    Key = OpenKey();
    if (Key == NULL) {
        ExDeleteResourceLite(&Resource);
        IoDeleteDevice(Device);
        return STATUS_UNSUCCESSFUL;
    }
    Driver->DriverUnload = Unload;
    Self.Run = Run;
    VfTestRegisterDdiDriver(&Self);
    return STATUS_SUCCESS;
}
