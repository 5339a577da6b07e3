/*
 * PURPOSE: test-verifier's pool driver (tests/verifier/vfpool_test.c): one real .sys whose
 * DriverEntry (or DriverUnload) makes the mistake its service key's "Mode" value names,
 * so that the verifier's checks on callers in a driver image apply. Mode 0 is a correct
 * driver doing the same things right.
 */
#include <ntddk.h>

/* test-verifier's recording hook (exported by the test program). */
void VfpTestRecord(const char *Event, ULONG_PTR Value);

#define TAG 'tpfV'

enum {
    ModeClean = 0,
    ModeOverrunWrite = 1,
    ModeOverrunRead = 2,
    ModeUseAfterFree = 3,
    ModeSlackOverrun = 4,
    ModeUnderrun = 5,
    ModeDoubleFree = 6,
    ModeWrongTag = 7,
    ModeZeroBytes = 8,
    ModePagedAtDispatch = 9,
    ModeFreePagedAtDispatch = 10,
    ModeLeak = 11,
    ModeLowResources = 12,
    ModeTimerAtUnload = 13,
    ModeThreadAtUnload = 14,
    ModeWorkItemAtUnload = 15,
    ModeFreeBadAddress = 16,
    ModeRaiseToLower = 17,
    ModeLowerToHigher = 18,
    ModeReleaseSpinLockTwice = 19,
    ModeAtDpcLevelAtPassive = 20,
    ModeFastMutexAtDispatch = 21,
    ModeSpinLockAtHighLevel = 22,
    ModePagedCodeAtDispatch = 23,
    ModePagedPoolUnderSpinLock = 24,
    ModePagedPoolAtPassive = 25,
};

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD VfpUnload;

static ULONG VfpMode;
static KTIMER VfpTimer;
static KDPC VfpDpc;
static KEVENT VfpForever;
static WORK_QUEUE_ITEM VfpWorkItem;
static volatile LONG VfpWorkerStarted;

static KSPIN_LOCK VfpLock;
static FAST_MUTEX VfpMutex;

static VOID VfpPageable(VOID)
{
    PAGED_CODE();
}

static VOID VfpDpcRoutine(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
}

static VOID VfpWaitForever(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    InterlockedExchange(&VfpWorkerStarted, 1);
    KeWaitForSingleObject(&VfpForever, Executive, KernelMode, FALSE, NULL);
}

static VOID VfpThread(PVOID Context)
{
    VfpWaitForever(Context);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

VOID VfpUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    VfpTestRecord("unload", VfpMode);
}

/* A correct driver: every size class, cache-aligned pool, paged pool, exact use, frees. */
static NTSTATUS VfpClean(VOID)
{
    static const SIZE_T Sizes[] = { 1, 13, 16, 100, 4000, 4096, 5000, 70000 };
    PVOID Blocks[RTL_NUMBER_OF(Sizes)];
    BOOLEAN Quota;
    PUCHAR p;
    ULONG i;

    for (i = 0; i < RTL_NUMBER_OF(Sizes); i++) {
        p = (PUCHAR)ExAllocatePoolWithTag(NonPagedPoolNx, Sizes[i], TAG);
        if (p == NULL)
            return STATUS_INSUFFICIENT_RESOURCES;
        RtlFillMemory(p, Sizes[i], 0x11);
        if (p[0] != 0x11 || p[Sizes[i] - 1] != 0x11 || ((ULONG_PTR)p & 15) != 0)
            return STATUS_DATA_ERROR;
        if (ExQueryPoolBlockSize(p, &Quota) < Sizes[i])
            return STATUS_DATA_ERROR;
        Blocks[i] = p;
    }
    VfpTestRecord("clean-first-block", (ULONG_PTR)Blocks[0]);
    for (i = 0; i < RTL_NUMBER_OF(Sizes); i++)
        ExFreePoolWithTag(Blocks[i], TAG);
    p = (PUCHAR)ExAllocatePoolWithTag(NonPagedPoolCacheAligned, 40, TAG);
    if (p == NULL || ((ULONG_PTR)p & 63) != 0)
        return STATUS_DATA_ERROR;
    RtlFillMemory(p, 40, 0x22);
    ExFreePool(p);
    p = (PUCHAR)ExAllocatePool2(POOL_FLAG_PAGED, 64, TAG);
    if (p == NULL || p[63] != 0)
        return STATUS_DATA_ERROR;
    ExFreePoolWithTag(p, TAG);
    KeInitializeTimer(&VfpTimer);
    KeInitializeDpc(&VfpDpc, VfpDpcRoutine, NULL);
    {
        LARGE_INTEGER Due;
        Due.QuadPart = -10LL * 1000 * 1000 * 60;      /* a minute: cancelled below */
        KeSetTimer(&VfpTimer, Due, &VfpDpc);
        KeCancelTimer(&VfpTimer);
    }
    return STATUS_SUCCESS;
}

static VOID VfpLowResources(VOID)
{
    ULONG_PTR Failed = 0;
    ULONG i;

    for (i = 0; i < 8; i++) {
        PVOID p = ExAllocatePoolWithTag(NonPagedPoolNx, 32, TAG);
        if (p == NULL)
            Failed |= (ULONG_PTR)1 << i;
        else
            ExFreePoolWithTag(p, TAG);
    }
    for (i = 8; i < 16; i++) {
        PMDL Mdl = IoAllocateMdl(&Failed, sizeof(Failed), FALSE, FALSE, NULL);
        if (Mdl == NULL)
            Failed |= (ULONG_PTR)1 << i;
        else
            IoFreeMdl(Mdl);
    }
    for (i = 16; i < 24; i++) {
        PIRP Irp = IoAllocateIrp(2, FALSE);
        if (Irp == NULL)
            Failed |= (ULONG_PTR)1 << i;
        else
            IoFreeIrp(Irp);
    }
    VfpTestRecord("lowres-failed", Failed);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE Table[2];
    volatile UCHAR *p;
    KIRQL OldIrql;
    HANDLE Thread;

    RtlZeroMemory(Table, sizeof(Table));
    Table[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
    Table[0].Name = L"Mode";
    Table[0].EntryContext = &VfpMode;
    RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer, Table, NULL, NULL);
    DriverObject->DriverUnload = VfpUnload;
    VfpTestRecord("entry", VfpMode);

    switch (VfpMode) {
    case ModeClean:
        return VfpClean();
    case ModeOverrunWrite:
        p = (volatile UCHAR *)ExAllocatePoolWithTag(NonPagedPoolNx, 16, TAG);
        VfpTestRecord("block", (ULONG_PTR)p);
        p[16] = 1;
        break;
    case ModeOverrunRead:
        p = (volatile UCHAR *)ExAllocatePoolWithTag(NonPagedPoolNx, 32, TAG);
        VfpTestRecord("block", (ULONG_PTR)p);
        VfpTestRecord("read", p[40]);
        break;
    case ModeUseAfterFree:
        p = (volatile UCHAR *)ExAllocatePoolWithTag(PagedPool, 100, TAG);
        VfpTestRecord("block", (ULONG_PTR)p);
        ExFreePoolWithTag((PVOID)p, TAG);
        p[0] = 7;
        break;
    case ModeSlackOverrun:
        p = (volatile UCHAR *)ExAllocatePoolWithTag(NonPagedPoolNx, 13, TAG);
        VfpTestRecord("block", (ULONG_PTR)p);
        p[13] = 0;
        ExFreePoolWithTag((PVOID)p, TAG);
        break;
    case ModeUnderrun:
        p = (volatile UCHAR *)ExAllocatePoolWithTag(NonPagedPoolNx, 24, TAG);
        VfpTestRecord("block", (ULONG_PTR)p);
        p[-1] = 0;
        ExFreePoolWithTag((PVOID)p, TAG);
        break;
    case ModeDoubleFree:
        p = (volatile UCHAR *)ExAllocatePoolWithTag(NonPagedPoolNx, 24, TAG);
        VfpTestRecord("block", (ULONG_PTR)p);
        ExFreePoolWithTag((PVOID)p, TAG);
        ExFreePoolWithTag((PVOID)p, TAG);
        break;
    case ModeWrongTag:
        p = (volatile UCHAR *)ExAllocatePoolWithTag(NonPagedPoolNx, 24, TAG);
        VfpTestRecord("block", (ULONG_PTR)p);
        ExFreePoolWithTag((PVOID)p, 'gnrW');
        break;
    case ModeZeroBytes:
        p = (volatile UCHAR *)ExAllocatePoolWithTag(NonPagedPoolNx, 0, TAG);
        break;
    case ModePagedAtDispatch:
        KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
        p = (volatile UCHAR *)ExAllocatePoolWithTag(PagedPool, 48, TAG);
        KeLowerIrql(OldIrql);
        break;
    case ModeFreePagedAtDispatch:
        p = (volatile UCHAR *)ExAllocatePoolWithTag(PagedPool, 48, TAG);
        VfpTestRecord("block", (ULONG_PTR)p);
        KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
        ExFreePoolWithTag((PVOID)p, TAG);
        KeLowerIrql(OldIrql);
        break;
    case ModeLeak:
        p = (volatile UCHAR *)ExAllocatePoolWithTag(NonPagedPoolNx, 40, 'kaeL');
        VfpTestRecord("block", (ULONG_PTR)p);
        p = (volatile UCHAR *)ExAllocatePoolWithTag(PagedPool, 9000, 'kaeL');
        VfpTestRecord("block2", (ULONG_PTR)p);
        p = (volatile UCHAR *)ExAllocatePoolWithTag(NonPagedPoolNx, 10, TAG);
        ExFreePoolWithTag((PVOID)p, TAG);          /* freed: not a leak */
        return STATUS_SUCCESS;
    case ModeLowResources:
        VfpLowResources();
        return STATUS_SUCCESS;
    case ModeTimerAtUnload: {
        LARGE_INTEGER Due;
        Due.QuadPart = -10LL * 1000 * 1000 * 600;     /* ten minutes: still set at unload */
        KeInitializeTimer(&VfpTimer);
        KeInitializeDpc(&VfpDpc, VfpDpcRoutine, NULL);
        KeSetTimer(&VfpTimer, Due, &VfpDpc);
        VfpTestRecord("timer", (ULONG_PTR)&VfpTimer);
        return STATUS_SUCCESS;
    }
    case ModeThreadAtUnload:
        KeInitializeEvent(&VfpForever, NotificationEvent, FALSE);
        if (!NT_SUCCESS(PsCreateSystemThread(&Thread, THREAD_ALL_ACCESS, NULL, NULL, NULL,
                                             VfpThread, NULL)))
            return STATUS_UNSUCCESSFUL;
        ZwClose(Thread);
        while (InterlockedCompareExchange(&VfpWorkerStarted, 0, 0) == 0) {
            LARGE_INTEGER Delay;
            Delay.QuadPart = -10000;
            KeDelayExecutionThread(KernelMode, FALSE, &Delay);
        }
        VfpTestRecord("thread", (ULONG_PTR)VfpThread);
        return STATUS_SUCCESS;
    case ModeWorkItemAtUnload:
        KeInitializeEvent(&VfpForever, NotificationEvent, FALSE);
#pragma warning(suppress : 4996)
        ExInitializeWorkItem(&VfpWorkItem, VfpWaitForever, NULL);
#pragma warning(suppress : 4996)
        ExQueueWorkItem(&VfpWorkItem, DelayedWorkQueue);
        while (InterlockedCompareExchange(&VfpWorkerStarted, 0, 0) == 0) {
            LARGE_INTEGER Delay;
            Delay.QuadPart = -10000;
            KeDelayExecutionThread(KernelMode, FALSE, &Delay);
        }
        VfpTestRecord("workitem", (ULONG_PTR)VfpWaitForever);
        return STATUS_SUCCESS;
    case ModeRaiseToLower:
        KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
        KeRaiseIrql(PASSIVE_LEVEL, &OldIrql);
        break;
    case ModeLowerToHigher:
        KeLowerIrql(DISPATCH_LEVEL);
        break;
    case ModeReleaseSpinLockTwice:
        KeInitializeSpinLock(&VfpLock);
        VfpTestRecord("lock", (ULONG_PTR)&VfpLock);
        KeAcquireSpinLock(&VfpLock, &OldIrql);
        KeReleaseSpinLock(&VfpLock, OldIrql);
        KeReleaseSpinLock(&VfpLock, OldIrql);
        break;
    case ModeAtDpcLevelAtPassive:
        KeInitializeSpinLock(&VfpLock);
        VfpTestRecord("lock", (ULONG_PTR)&VfpLock);
        KeAcquireSpinLockAtDpcLevel(&VfpLock);
        break;
    case ModeFastMutexAtDispatch:
        ExInitializeFastMutex(&VfpMutex);
        VfpTestRecord("lock", (ULONG_PTR)&VfpMutex);
        KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
        ExAcquireFastMutex(&VfpMutex);
        break;
    case ModeSpinLockAtHighLevel:
        KeInitializeSpinLock(&VfpLock);
        VfpTestRecord("lock", (ULONG_PTR)&VfpLock);
        KeRaiseIrql(HIGH_LEVEL, &OldIrql);
        KeAcquireSpinLock(&VfpLock, &OldIrql);
        break;
    case ModePagedCodeAtDispatch:
        KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
        VfpPageable();
        KeLowerIrql(OldIrql);
        break;
    case ModePagedPoolUnderSpinLock:
    case ModePagedPoolAtPassive:
        /* Paged pool is fine below DISPATCH_LEVEL, before and after a spin lock. */
        p = (volatile UCHAR *)ExAllocatePoolWithTag(PagedPool, 64, TAG);
        VfpTestRecord("block", (ULONG_PTR)p);
        p[0] = 1;
        KeInitializeSpinLock(&VfpLock);
        KeAcquireSpinLock(&VfpLock, &OldIrql);
        if (VfpMode == ModePagedPoolUnderSpinLock)
            p[1] = 2;                               /* the bug: paged pool at DISPATCH_LEVEL */
        KeReleaseSpinLock(&VfpLock, OldIrql);
        p[2] = 3;                                   /* paged back in */
        VfpTestRecord("read-back", p[0] + p[2]);
        ExFreePoolWithTag((PVOID)p, TAG);
        return STATUS_SUCCESS;
    case ModeFreeBadAddress: {
        PUCHAR q = (PUCHAR)ExAllocatePoolWithTag(NonPagedPoolNx, 5000, TAG);   /* normal pool */
        VfpTestRecord("block", (ULONG_PTR)q);
        ExFreePoolWithTag(q + 16, TAG);
        break;
    }
    }
    return STATUS_UNSUCCESSFUL;
}
