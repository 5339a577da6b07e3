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
static KMUTEX Mutex, Mutex2;
static KEVENT AlwaysSet, NeverSet;     /* notification events: signaled / not signaled */
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

/* Mutex, then Mutex2 through a WaitAll (with an event that is set). */
static DECLSPEC_NOINLINE void MutexThenMutex2ByWaitAll(void)
{
    PVOID Objects[2] = { &AlwaysSet, &Mutex2 };

    KeWaitForSingleObject(&Mutex, Executive, KernelMode, FALSE, NULL);
    KeWaitForMultipleObjects(2, Objects, WaitAll, Executive, KernelMode, FALSE, NULL, NULL);
    KeReleaseMutex(&Mutex2, FALSE);
    KeReleaseMutex(&Mutex, FALSE);
}

/* Mutex2, then Mutex through a WaitAny (the first object never signals: index 1). */
static DECLSPEC_NOINLINE void Mutex2ThenMutexByWaitAny(void)
{
    PVOID Objects[2] = { &NeverSet, &Mutex };

    KeWaitForSingleObject(&Mutex2, Executive, KernelMode, FALSE, NULL);
    KeWaitForMultipleObjects(2, Objects, WaitAny, Executive, KernelMode, FALSE, NULL, NULL);
    KeReleaseMutex(&Mutex, FALSE);
    KeReleaseMutex(&Mutex2, FALSE);
}

/* What a correct driver does with KeWaitForMultipleObjects and mutexes. */
static DECLSPEC_NOINLINE void MultiWaitClean(void)
{
    PVOID Both[2] = { &Mutex, &Mutex2 }, Reversed[2] = { &Mutex2, &Mutex };
    PVOID Never[1] = { &NeverSet };
    LARGE_INTEGER Zero;

    /* A WaitAll takes its mutexes at once: the order they are listed in is no lock
       order, so both orders are fine. */
    KeWaitForMultipleObjects(2, Both, WaitAll, Executive, KernelMode, FALSE, NULL, NULL);
    KeReleaseMutex(&Mutex2, FALSE);
    KeReleaseMutex(&Mutex, FALSE);
    KeWaitForMultipleObjects(2, Reversed, WaitAll, Executive, KernelMode, FALSE, NULL, NULL);
    KeReleaseMutex(&Mutex, FALSE);
    KeReleaseMutex(&Mutex2, FALSE);
    /* One consistent order, through WaitAny and WaitAll; recursion through a WaitAll. */
    MutexThenMutex2ByWaitAll();
    KeWaitForMultipleObjects(2, Both, WaitAny, Executive, KernelMode, FALSE, NULL, NULL);
    KeWaitForMultipleObjects(2, Both, WaitAll, Executive, KernelMode, FALSE, NULL, NULL);
    KeReleaseMutex(&Mutex2, FALSE);
    KeReleaseMutex(&Mutex, FALSE);
    KeReleaseMutex(&Mutex, FALSE);
    /* A wait that times out acquires nothing. */
    Zero.QuadPart = 0;
    KeWaitForMultipleObjects(1, Never, WaitAny, Executive, KernelMode, FALSE, &Zero, NULL);
    MutexThenMutex2ByWaitAll();
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
        MultiWaitClean();
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
    case VfLocksMultiWaitCycle:
        MutexThenMutex2ByWaitAll();
        Mutex2ThenMutexByWaitAny();
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
    KeInitializeMutex(&Mutex2, 0);
    KeInitializeEvent(&AlwaysSet, NotificationEvent, TRUE);
    KeInitializeEvent(&NeverSet, NotificationEvent, FALSE);
    ExInitializeResourceLite(&Resource);
    Driver->DriverUnload = Unload;
    Self.Run = Run;
    Self.LockA = &LockA;
    Self.LockB = &LockB;
    Self.FastMutex = &FastMutex;
    Self.Mutex = &Mutex;
    Self.Resource = &Resource;
    Self.Mutex2 = &Mutex2;
    VfTestRegisterLocksDriver(&Self);
    return STATUS_SUCCESS;
}
