/*
 * PURPOSE: vf_page.sys, the pageable-code test driver (tests/verifier/vfpage_test.c):
 * functions placed in PAGE by #pragma alloc_text (DriverEntry in INIT), as a WDK driver
 * writes them, called at the IRQLs each scenario names. Built unmodified by
 * kmode_add_driver (kmode-cc places the functions).
 */
#include <ntddk.h>
#include "vf_page.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD VfPageUnload;
static ULONG PagedAdd(ULONG A, ULONG B);
ULONG PagedTwice(ULONG A);
ULONG PagedWithCheck(ULONG A);
ULONG InitOnly(ULONG A);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry, InitOnly)
#pragma alloc_text(PAGE, PagedAdd, PagedTwice)
#pragma alloc_text(PAGE, PagedWithCheck, VfPageUnload)
#endif

static KSPIN_LOCK Lock;
static volatile ULONG Sink;

/* Pageable: no PAGED_CODE(), so only the paging finds it at DISPATCH_LEVEL. */
static DECLSPEC_NOINLINE ULONG PagedAdd(ULONG A, ULONG B)
{
    return A + B + Sink;
}

DECLSPEC_NOINLINE ULONG PagedTwice(ULONG A)
{
    return PagedAdd(A, A);
}

DECLSPEC_NOINLINE ULONG PagedWithCheck(ULONG A)
{
    PAGED_CODE();
    return A * 3 + Sink;
}

/* Initialization code: only DriverEntry may call it (INIT is discarded afterwards). */
DECLSPEC_NOINLINE ULONG InitOnly(ULONG A)
{
    return A + 7 + Sink;
}

static DECLSPEC_NOINLINE ULONG NonpagedAdd(ULONG A, ULONG B)
{
    return A + B + Sink;
}

static VOID ThreadMain(PVOID Context)
{
    *(ULONG *)Context = PagedTwice(21);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

static DECLSPEC_NOINLINE unsigned long long Run(VF_PAGE_SCENARIO Scenario)
{
    unsigned long long Result = 0;
    PVOID Handle;
    KIRQL Irql;

    switch (Scenario) {
    case VfPagePassive:
        Result = PagedAdd(2, 3);
        KeAcquireSpinLock(&Lock, &Irql);        /* pages PAGE out under force IRQL checking */
        Result += NonpagedAdd(1, 1);
        KeReleaseSpinLock(&Lock, Irql);
        Result += PagedTwice(10);               /* paged back in at PASSIVE_LEVEL */
        Result += PagedWithCheck(1);
        break;
    case VfPageAtDispatch:
        KeAcquireSpinLock(&Lock, &Irql);
        Result = PagedAdd(2, 3);                /* the bug */
        KeReleaseSpinLock(&Lock, Irql);
        break;
    case VfPageAfterRaise:
        KeRaiseIrql(DISPATCH_LEVEL, &Irql);
        Result = PagedTwice(4);                 /* the bug */
        KeLowerIrql(Irql);
        break;
    case VfPageLockedSection:
        Handle = MmLockPagableCodeSection((PVOID)PagedAdd);
        KeAcquireSpinLock(&Lock, &Irql);
        Result = PagedAdd(2, 3);                /* resident: locked */
        KeReleaseSpinLock(&Lock, Irql);
        MmUnlockPagableImageSection(Handle);
        break;
    case VfPageAfterUnlock:
        Handle = MmLockPagableCodeSection((PVOID)PagedTwice);
        MmUnlockPagableImageSection(Handle);
        KeAcquireSpinLock(&Lock, &Irql);
        Result = PagedAdd(2, 3);                /* the bug: pageable again */
        KeReleaseSpinLock(&Lock, Irql);
        break;
    case VfPagePagedCodeAtDispatch:
        KeRaiseIrql(DISPATCH_LEVEL, &Irql);
        Result = PagedWithCheck(2);             /* the bug */
        KeLowerIrql(Irql);
        break;
    case VfPageNonpagedAtDispatch:
        KeAcquireSpinLock(&Lock, &Irql);
        Result = NonpagedAdd(2, 3);
        KeReleaseSpinLock(&Lock, Irql);
        Result += PagedAdd(0, 1);
        break;
    case VfPageEntireDriver:
        MmPageEntireDriver((PVOID)Run);
        KeAcquireSpinLock(&Lock, &Irql);        /* returns into paged-out code: the bug */
        Result = NonpagedAdd(2, 3);
        KeReleaseSpinLock(&Lock, Irql);
        break;
    case VfPageEntireDriverReset:
        MmPageEntireDriver((PVOID)Run);
        MmResetDriverPaging((PVOID)Run);
        KeAcquireSpinLock(&Lock, &Irql);
        Result = NonpagedAdd(2, 3);
        KeReleaseSpinLock(&Lock, Irql);
        break;
    case VfPageOtherThread: {
        HANDLE Thread;
        PVOID Object;
        ULONG Value = 0;
        KeAcquireSpinLock(&Lock, &Irql);        /* trims */
        KeReleaseSpinLock(&Lock, Irql);
        if (NT_SUCCESS(PsCreateSystemThread(&Thread, THREAD_ALL_ACCESS, NULL, NULL, NULL,
                                            ThreadMain, &Value))) {
            if (NT_SUCCESS(ObReferenceObjectByHandle(Thread, SYNCHRONIZE, NULL, KernelMode,
                                                     &Object, NULL))) {
                KeWaitForSingleObject(Object, Executive, KernelMode, FALSE, NULL);
                ObDereferenceObject(Object);
            }
            ZwClose(Thread);
        }
        Result = Value;
        break;
    }
    case VfPageInitAfterEntry:
        Result = InitOnly(1);                   /* the bug: INIT is gone */
        break;
    default:
        break;
    }
    return Result;
}

static PVOID SectionOf(int Which)
{
    PVOID Address = Which == 0 ? (PVOID)PagedAdd : Which == 1 ? (PVOID)PagedWithCheck
                                                               : (PVOID)NonpagedAdd;
    PVOID Handle = MmLockPagableCodeSection(Address);
    MmUnlockPagableImageSection(Handle);
    return Handle;
}

static const VF_PAGE_DRIVER Driver = {
    Run, SectionOf, (PVOID)PagedAdd, (PVOID)PagedWithCheck, (PVOID)InitOnly,
};

VOID VfPageUnload(PDRIVER_OBJECT DriverObject)
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    KeInitializeSpinLock(&Lock);
    if (InitOnly(0) != 7 + Sink)                /* INIT code runs during DriverEntry */
        return STATUS_UNSUCCESSFUL;
    DriverObject->DriverUnload = VfPageUnload;
    VfTestRegisterPageDriver(&Driver);
    return STATUS_SUCCESS;
}
