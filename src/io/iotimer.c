/*
 * PURPOSE: I/O timers: IoInitializeTimer, IoStartTimer, IoStopTimer.
 *
 * As on Windows, one system timer ticks once per second and its DPC calls the routine of
 * every started I/O timer at DISPATCH_LEVEL. The ticker starts with the first
 * IoInitializeTimer and then runs for the life of the process. Each call happens with the
 * device referenced and no I/O-manager lock held, so a routine may call IoStartTimer /
 * IoStopTimer itself, and a device deleted meanwhile stays valid until the call returns.
 * Ticks never overlap (a scan lock serializes them): a routine is never re-entered.
 */

/* ==== INCLUDES ======================================================================== */

#include <internal/io.h>
#include <internal/invoke.h>
#include <internal/vfhooks.h>
#include <pthread.h>

/* ==== GLOBALS ========================================================================= */

#define IOP_TAG_TIMER 'iToI'

/* kmode's IO_TIMER (opaque to drivers; the first fields follow Windows' layout). */
typedef struct _IO_TIMER {
    CSHORT Type;                      /* IO_TYPE_TIMER */
    CSHORT TimerFlag;                 /* started (IopTimerLock) */
    LIST_ENTRY TimerList;             /* IopTimerList while Linked (IopTimerLock) */
    PIO_TIMER_ROUTINE TimerRoutine;
    PVOID Context;
    PDEVICE_OBJECT DeviceObject;
    BOOLEAN Linked;
    ULONG64 Generation;               /* the last tick that called it */
} IO_TIMER;

static KSPIN_LOCK IopTimerLock;       /* the list, flags, routines */
static KSPIN_LOCK IopTimerScanLock;   /* one tick at a time */
static LIST_ENTRY IopTimerList;
static ULONG64 IopTimerGeneration;
static KTIMER IopTimerTicker;
static KDPC IopTimerDpc;
static pthread_once_t IopTimerOnce = PTHREAD_ONCE_INIT;

/* ==== PRIVATE FUNCTIONS =============================================================== */

/* One tick, at DISPATCH_LEVEL: every started timer's routine, once. */
static VOID IopTimerTick(VOID)
{
    ULONG64 Generation;

    KeAcquireSpinLockAtDpcLevel(&IopTimerScanLock);
    KeAcquireSpinLockAtDpcLevel(&IopTimerLock);
    Generation = ++IopTimerGeneration;
    for (;;) {
        PIO_TIMER_ROUTINE Routine = NULL;
        PDEVICE_OBJECT Device = NULL;
        PVOID Context = NULL;

        for (PLIST_ENTRY e = IopTimerList.Flink; e != &IopTimerList; e = e->Flink) {
            PIO_TIMER Timer = CONTAINING_RECORD(e, IO_TIMER, TimerList);
            if (Timer->TimerFlag && Timer->Generation != Generation) {
                Timer->Generation = Generation;
                Routine = Timer->TimerRoutine;
                Context = Timer->Context;
                Device = Timer->DeviceObject;
                ObReferenceObject(Device);
                break;
            }
        }
        if (Routine == NULL)
            break;
        KeReleaseSpinLockFromDpcLevel(&IopTimerLock);
        KiInvokeIoTimerRoutine(Routine, Device, Context);
        /* The last reference may go here: its deletion runs on the reaper, not in a DPC. */
        ObDereferenceObjectDeferDelete(Device);
        KeAcquireSpinLockAtDpcLevel(&IopTimerLock);
    }
    KeReleaseSpinLockFromDpcLevel(&IopTimerLock);
    KeReleaseSpinLockFromDpcLevel(&IopTimerScanLock);
}

static VOID NTAPI IopTimerDpcRoutine(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    IopTimerTick();
}

static VOID IopStartTicker(VOID)
{
    LARGE_INTEGER Due;

    KeInitializeSpinLock(&IopTimerLock);
    KeInitializeSpinLock(&IopTimerScanLock);
    InitializeListHead(&IopTimerList);
    KeInitializeDpc(&IopTimerDpc, IopTimerDpcRoutine, NULL);
    KeInitializeTimerEx(&IopTimerTicker, NotificationTimer);
    Due.QuadPart = -10000000LL;   /* one second from now, then every second */
    KeSetTimerEx(&IopTimerTicker, Due, 1000, &IopTimerDpc);
}

static VOID IopEnsureTicker(VOID)
{
    pthread_once(&IopTimerOnce, IopStartTicker);
}

static VOID IopSetTimerFlag(PDEVICE_OBJECT DeviceObject, CSHORT Flag)
{
    PIO_TIMER Timer = DeviceObject->Timer;
    KIRQL OldIrql;

    /* No IoInitializeTimer: nothing to start or stop (Windows would fault). */
    if (Timer == NULL)
        return;
    KeAcquireSpinLock(&IopTimerLock, &OldIrql);
    Timer->TimerFlag = Flag;
    KeReleaseSpinLock(&IopTimerLock, OldIrql);
}

/* ==== PUBLIC FUNCTIONS (internal) ===================================================== */

VOID IopRemoveDeviceTimer(PDEVICE_OBJECT DeviceObject)
{
    PIO_TIMER Timer = DeviceObject->Timer;
    KIRQL OldIrql;

    if (Timer == NULL)
        return;
    KeAcquireSpinLock(&IopTimerLock, &OldIrql);
    Timer->TimerFlag = FALSE;
    if (Timer->Linked) {
        RemoveEntryList(&Timer->TimerList);
        Timer->Linked = FALSE;
    }
    KeReleaseSpinLock(&IopTimerLock, OldIrql);
}

VOID IopFreeDeviceTimer(PDEVICE_OBJECT DeviceObject)
{
    if (DeviceObject->Timer == NULL)
        return;
    IopRemoveDeviceTimer(DeviceObject);
    ExFreePoolWithTag(DeviceObject->Timer, IOP_TAG_TIMER);
    DeviceObject->Timer = NULL;
}

VOID IopRunTimerTickForTest(VOID)
{
    KIRQL OldIrql;

    IopEnsureTicker();
    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    IopTimerTick();
    KeLowerIrql(OldIrql);
}

/* ==== PUBLIC FUNCTIONS ================================================================ */

/*
 * IoInitializeTimer
 * @implemented
 * PASSIVE_LEVEL. Gives DeviceObject its I/O timer (DeviceObject->Timer), stopped, calling
 * TimerRoutine(DeviceObject, Context) once started. A device has one timer: a second call
 * replaces the routine and context (and leaves it started or stopped as it was).
 * STATUS_INSUFFICIENT_RESOURCES when memory runs out. The timer goes with the device.
 */
NTSTATUS NTAPI IoInitializeTimer(PDEVICE_OBJECT DeviceObject, PIO_TIMER_ROUTINE TimerRoutine,
                                 PVOID Context)
{
    PIO_TIMER Timer = DeviceObject->Timer;
    KIRQL OldIrql;

    VF_DDI_RULE(VF_DDI_IRQL_IO_PASSIVE5, KeGetCurrentIrql() != PASSIVE_LEVEL);
    PAGED_CODE();
    IopEnsureTicker();
    if (Timer == NULL) {
        Timer = ExAllocatePoolZero(NonPagedPoolNx, sizeof(IO_TIMER), IOP_TAG_TIMER);
        if (Timer == NULL)
            return STATUS_INSUFFICIENT_RESOURCES;
        Timer->Type = IO_TYPE_TIMER;
        Timer->DeviceObject = DeviceObject;
    }
    KeAcquireSpinLock(&IopTimerLock, &OldIrql);
    Timer->TimerRoutine = TimerRoutine;
    Timer->Context = Context;
    if (!Timer->Linked) {
        InsertTailList(&IopTimerList, &Timer->TimerList);
        Timer->Linked = TRUE;
    }
    DeviceObject->Timer = Timer;
    KeReleaseSpinLock(&IopTimerLock, OldIrql);
    return STATUS_SUCCESS;
}

/*
 * IoStartTimer
 * @implemented
 * <= DISPATCH_LEVEL. The device's timer routine runs once per second, at DISPATCH_LEVEL,
 * from the next tick on (the first call comes within a second), until IoStopTimer.
 */
VOID NTAPI IoStartTimer(PDEVICE_OBJECT DeviceObject)
{
    IopSetTimerFlag(DeviceObject, TRUE);
}

/*
 * IoStopTimer
 * @implemented
 * <= DISPATCH_LEVEL. No tick that starts after this returns calls the routine (one already
 * running may still be in it). IoStartTimer starts it again.
 */
VOID NTAPI IoStopTimer(PDEVICE_OBJECT DeviceObject)
{
    IopSetTimerFlag(DeviceObject, FALSE);
}
