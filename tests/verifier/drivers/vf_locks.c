/*
 * PURPOSE: vf_locks.sys, the deadlock-detection test driver (tests/verifier/
 * vf_deadlock_test.c): each scenario takes locks the way a buggy (or a correct) driver
 * does. Built as a real .sys: the verifier judges lock DDI calls by their caller's image.
 * The helpers are not inlined: the tests look for their names in the reports' stacks.
 */
#include <ntddk.h>
#include "vf_locks.h"

static KSPIN_LOCK LockA, LockB;
static FAST_MUTEX FastMutex;
static KMUTEX Mutex;
static ERESOURCE Resource;
static KEVENT Released;

static DECLSPEC_NOINLINE void SpinAB(void)
{
    KIRQL a, b;

    KeAcquireSpinLock(&LockA, &a);
    KeAcquireSpinLock(&LockB, &b);
    KeReleaseSpinLock(&LockB, b);
    KeReleaseSpinLock(&LockA, a);
}

static DECLSPEC_NOINLINE void SpinBA(void)
{
    KIRQL a, b;

    KeAcquireSpinLock(&LockB, &b);
    KeAcquireSpinLock(&LockA, &a);
    KeReleaseSpinLock(&LockA, a);
    KeReleaseSpinLock(&LockB, b);
}

static DECLSPEC_NOINLINE void InStackAB(void)
{
    KLOCK_QUEUE_HANDLE a, b;

    KeAcquireInStackQueuedSpinLock(&LockA, &a);
    KeAcquireInStackQueuedSpinLock(&LockB, &b);
    KeReleaseInStackQueuedSpinLock(&b);
    KeReleaseInStackQueuedSpinLock(&a);
}

static DECLSPEC_NOINLINE void InStackBA(void)
{
    KLOCK_QUEUE_HANDLE a, b;

    KeAcquireInStackQueuedSpinLock(&LockB, &b);
    KeAcquireInStackQueuedSpinLock(&LockA, &a);
    KeReleaseInStackQueuedSpinLock(&a);
    KeReleaseInStackQueuedSpinLock(&b);
}

static DECLSPEC_NOINLINE void MutexThenResource(void)
{
    KeWaitForSingleObject(&Mutex, Executive, KernelMode, FALSE, NULL);
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&Resource, TRUE);
    ExReleaseResourceLite(&Resource);
    KeLeaveCriticalRegion();
    KeReleaseMutex(&Mutex, FALSE);
}

static DECLSPEC_NOINLINE void ResourceThenFastMutex(void)
{
    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&Resource, TRUE);
    ExAcquireFastMutex(&FastMutex);
    ExReleaseFastMutex(&FastMutex);
    ExReleaseResourceLite(&Resource);
    KeLeaveCriticalRegion();
}

static DECLSPEC_NOINLINE void FastMutexThenMutex(void)
{
    ExAcquireFastMutex(&FastMutex);
    KeWaitForSingleObject(&Mutex, Executive, KernelMode, FALSE, NULL);
    KeReleaseMutex(&Mutex, FALSE);
    ExReleaseFastMutex(&FastMutex);
}

static VOID NTAPI ReleaseElsewhere(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    ExReleaseFastMutex(&FastMutex);
    KeSetEvent(&Released, IO_NO_INCREMENT, FALSE);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

static void Run(VF_LOCK_SCENARIO Scenario)
{
    KIRQL a, b;
    HANDLE Thread;

    switch (Scenario) {
    case VfLocksClean:
        SpinAB();
        SpinAB();
        InStackAB();
        MutexThenResource();
        /* Recursion is fine where the lock allows it. */
        KeWaitForSingleObject(&Mutex, Executive, KernelMode, FALSE, NULL);
        KeWaitForSingleObject(&Mutex, Executive, KernelMode, FALSE, NULL);
        KeReleaseMutex(&Mutex, FALSE);
        KeReleaseMutex(&Mutex, FALSE);
        KeEnterCriticalRegion();
        ExAcquireResourceExclusiveLite(&Resource, TRUE);
        ExAcquireResourceSharedLite(&Resource, TRUE);
        ExReleaseResourceLite(&Resource);
        ExReleaseResourceLite(&Resource);
        KeLeaveCriticalRegion();
        /* Released out of order but without lowering the IRQL under a held lock. */
        KeAcquireSpinLock(&LockA, &a);
        KeAcquireSpinLockAtDpcLevel(&LockB);
        KeReleaseSpinLockFromDpcLevel(&LockA);
        KeReleaseSpinLock(&LockB, a);
        /* A try that succeeds counts as an acquisition. */
        KeAcquireSpinLock(&LockA, &a);
        if (KeTryToAcquireSpinLockAtDpcLevel(&LockB))
            KeReleaseSpinLockFromDpcLevel(&LockB);
        KeReleaseSpinLock(&LockA, a);
        break;
    case VfLocksSpinCycle:
        SpinAB();
        SpinBA();
        break;
    case VfLocksInStackCycle:
        InStackAB();
        InStackBA();
        break;
    case VfLocksThreeLockCycle:
        MutexThenResource();
        ResourceThenFastMutex();
        FastMutexThenMutex();
        break;
    case VfLocksFastMutexTwice:
        ExAcquireFastMutex(&FastMutex);
        ExAcquireFastMutex(&FastMutex);
        break;
    case VfLocksSpinReleaseOrder:
        KeAcquireSpinLock(&LockA, &a);
        KeAcquireSpinLock(&LockB, &b);
        KeReleaseSpinLock(&LockA, a);
        break;
    case VfLocksWrongThread:
        ExAcquireFastMutex(&FastMutex);
        KeInitializeEvent(&Released, NotificationEvent, FALSE);
        if (NT_SUCCESS(PsCreateSystemThread(&Thread, THREAD_ALL_ACCESS, NULL, NULL, NULL,
                                            ReleaseElsewhere, NULL))) {
            ZwClose(Thread);
            KeWaitForSingleObject(&Released, Executive, KernelMode, FALSE, NULL);
        }
        break;
    case VfLocksReleaseTwice:
        KeAcquireSpinLock(&LockA, &a);
        KeReleaseSpinLock(&LockA, a);
        KeRaiseIrql(DISPATCH_LEVEL, &a);
        KeReleaseSpinLock(&LockA, a);
        break;
    default:
        break;
    }
}

static VOID NTAPI Unload(PDRIVER_OBJECT Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    ExDeleteResourceLite(&Resource);
}

DRIVER_INITIALIZE DriverEntry;

NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT Driver, PUNICODE_STRING RegistryPath)
{
    static VF_LOCKS_DRIVER Self;

    UNREFERENCED_PARAMETER(RegistryPath);
    KeInitializeSpinLock(&LockA);
    KeInitializeSpinLock(&LockB);
    ExInitializeFastMutex(&FastMutex);
    KeInitializeMutex(&Mutex, 0);
    ExInitializeResourceLite(&Resource);
    Driver->DriverUnload = Unload;
    Self.Run = Run;
    Self.LockA = &LockA;
    Self.LockB = &LockB;
    Self.FastMutex = &FastMutex;
    Self.Mutex = &Mutex;
    Self.Resource = &Resource;
    VfTestRegisterLocksDriver(&Self);
    return STATUS_SUCCESS;
}
