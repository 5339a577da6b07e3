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
    KLOCK_QUEUE_HANDLE Queued;
    KIRQL Irql;
    PVOID Block, Object;

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
    case VfDdiReset:
        KeInitializeSpinLock(&Lock);
        ExInitializeFastMutex(&FastMutex);
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
}

DRIVER_INITIALIZE DriverEntry;

NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT Driver, PUNICODE_STRING RegistryPath)
{
    static VF_DDI_DRIVER Self;

    UNREFERENCED_PARAMETER(RegistryPath);
    KeInitializeSpinLock(&Lock);
    ExInitializeFastMutex(&FastMutex);
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Key = OpenKey();
    if (Key == NULL)
        return STATUS_UNSUCCESSFUL;
    Driver->DriverUnload = Unload;
    Self.Run = Run;
    VfTestRegisterDdiDriver(&Self);
    return STATUS_SUCCESS;
}
