/*
 * PURPOSE: Driver-mode tests for I/O timers (src/io/iotimer.c): the routine runs at
 * DISPATCH_LEVEL with the device and context once started (the real once-a-second tick,
 * waited for with a bounded wait), not once stopped; a second IoInitializeTimer replaces
 * the routine; a routine may stop its own timer; deleting the device removes its timer.
 * Exact counts use the harness's synchronous tick, never the clock.
 */
#include <ntddk.h>
#include <kmode/bugcheck.h>
#include "ktest.h"
#include "io_driver_harness.h"

typedef struct _TICKS {
    volatile LONG Count;
    KIRQL Irql;
    PDEVICE_OBJECT Device;
    PVOID Context;
    BOOLEAN StopSelf;
    KEVENT Ticked;
} TICKS;

static VOID NTAPI CountTick(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    TICKS *k = Context;

    k->Irql = KeGetCurrentIrql();
    k->Device = DeviceObject;
    k->Context = Context;
    InterlockedIncrement(&k->Count);
    if (k->StopSelf)
        IoStopTimer(DeviceObject);
    KeSetEvent(&k->Ticked, IO_NO_INCREMENT, FALSE);
}

static void InitTicks(TICKS *k)
{
    RtlZeroMemory(k, sizeof *k);
    KeInitializeEvent(&k->Ticked, NotificationEvent, FALSE);
}

static PDEVICE_OBJECT NewDevice(KTEST *t, PDRIVER_OBJECT Driver)
{
    PDEVICE_OBJECT d = NULL;
    KT_EXPECT_EQ(t, IoCreateDevice(Driver, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &d),
                 STATUS_SUCCESS);
    return d;
}

static void io_timer_test_started_timer_ticks_at_dispatch(KTEST *t)
{
    PDRIVER_OBJECT drv = NULL;
    PDEVICE_OBJECT dev;
    LARGE_INTEGER timeout;
    TICKS k;

    KT_ASSERT_EQ(t, IoTestLoadDriver(L"IoTimerTicks", NULL, &drv), STATUS_SUCCESS);
    dev = NewDevice(t, drv);
    KT_ASSERT_TRUE(t, dev != NULL);
    InitTicks(&k);
    KT_ASSERT_EQ(t, IoInitializeTimer(dev, CountTick, &k), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, dev->Timer != NULL);
    /* Initialized, not started: ticks pass it by. */
    IoTestRunTimerTick();
    KT_EXPECT_EQ(t, k.Count, 0);

    IoStartTimer(dev);
    /* The real ticker calls it within about a second; allow far more. */
    timeout.QuadPart = -10000000LL * 30;
    KT_ASSERT_EQ(t, KeWaitForSingleObject(&k.Ticked, Executive, KernelMode, FALSE, &timeout),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, k.Irql, DISPATCH_LEVEL);
    KT_EXPECT_PTR_EQ(t, k.Device, dev);
    KT_EXPECT_PTR_EQ(t, k.Context, &k);

    /* One synchronous tick: at least one more call. */
    {
        LONG before = k.Count;
        IoTestRunTimerTick();
        KT_EXPECT_TRUE(t, k.Count >= before + 1);
    }
    IoStopTimer(dev);
    /* A real tick that began before the stop may still be in the routine: ticks are
       serialized, so one more tick waits for it. */
    IoTestRunTimerTick();
    {
        LONG before = k.Count;
        IoTestRunTimerTick();
        IoTestRunTimerTick();
        KT_EXPECT_EQ(t, k.Count, before);
    }
    IoDeleteDevice(dev);
    KT_EXPECT_EQ(t, IoTestUnloadDriver(drv), STATUS_SUCCESS);
}

static void io_timer_test_reinitialize_replaces_routine(KTEST *t)
{
    PDRIVER_OBJECT drv = NULL;
    PDEVICE_OBJECT dev;
    PIO_TIMER first;
    TICKS a, b;

    KT_ASSERT_EQ(t, IoTestLoadDriver(L"IoTimerReinit", NULL, &drv), STATUS_SUCCESS);
    dev = NewDevice(t, drv);
    KT_ASSERT_TRUE(t, dev != NULL);
    InitTicks(&a);
    InitTicks(&b);
    KT_ASSERT_EQ(t, IoInitializeTimer(dev, CountTick, &a), STATUS_SUCCESS);
    first = dev->Timer;
    KT_ASSERT_EQ(t, IoInitializeTimer(dev, CountTick, &b), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, dev->Timer, first);   /* one timer per device */
    IoStartTimer(dev);
    IoTestRunTimerTick();
    IoStopTimer(dev);
    KT_EXPECT_EQ(t, a.Count, 0);
    KT_EXPECT_TRUE(t, b.Count >= 1);
    IoDeleteDevice(dev);
    KT_EXPECT_EQ(t, IoTestUnloadDriver(drv), STATUS_SUCCESS);
}

static void io_timer_test_routine_may_stop_its_timer(KTEST *t)
{
    PDRIVER_OBJECT drv = NULL;
    PDEVICE_OBJECT dev;
    TICKS k;

    KT_ASSERT_EQ(t, IoTestLoadDriver(L"IoTimerSelfStop", NULL, &drv), STATUS_SUCCESS);
    dev = NewDevice(t, drv);
    KT_ASSERT_TRUE(t, dev != NULL);
    InitTicks(&k);
    k.StopSelf = TRUE;
    KT_ASSERT_EQ(t, IoInitializeTimer(dev, CountTick, &k), STATUS_SUCCESS);
    IoStartTimer(dev);
    IoTestRunTimerTick();
    KT_EXPECT_EQ(t, k.Count, 1);
    IoTestRunTimerTick();
    IoTestRunTimerTick();
    KT_EXPECT_EQ(t, k.Count, 1);
    /* Started again from DISPATCH_LEVEL. */
    {
        KIRQL old;
        KeRaiseIrql(DISPATCH_LEVEL, &old);
        IoStartTimer(dev);
        KeLowerIrql(old);
    }
    IoTestRunTimerTick();
    KT_EXPECT_EQ(t, k.Count, 2);
    IoDeleteDevice(dev);
    KT_EXPECT_EQ(t, IoTestUnloadDriver(drv), STATUS_SUCCESS);
}

static void io_timer_test_deleted_device_no_longer_ticks(KTEST *t)
{
    PDRIVER_OBJECT drv = NULL;
    PDEVICE_OBJECT dev, other;
    TICKS k, o;

    KT_ASSERT_EQ(t, IoTestLoadDriver(L"IoTimerDelete", NULL, &drv), STATUS_SUCCESS);
    dev = NewDevice(t, drv);
    other = NewDevice(t, drv);
    KT_ASSERT_TRUE(t, dev != NULL && other != NULL);
    InitTicks(&k);
    InitTicks(&o);
    KT_ASSERT_EQ(t, IoInitializeTimer(dev, CountTick, &k), STATUS_SUCCESS);
    KT_ASSERT_EQ(t, IoInitializeTimer(other, CountTick, &o), STATUS_SUCCESS);
    IoStartTimer(dev);
    IoStartTimer(other);
    ObReferenceObject(dev);            /* keep the memory to look at */
    IoDeleteDevice(dev);               /* still started: IoDeleteDevice takes the timer out */
    IoTestRunTimerTick();              /* waits out a real tick already in progress */
    {
        LONG before = k.Count, otherBefore = o.Count;
        IoTestRunTimerTick();
        KT_EXPECT_EQ(t, k.Count, before);
        KT_EXPECT_TRUE(t, o.Count >= otherBefore + 1);
    }
    ObDereferenceObject(dev);
    IoStopTimer(other);
    IoDeleteDevice(other);
    KT_EXPECT_EQ(t, IoTestUnloadDriver(drv), STATUS_SUCCESS);
}

static PDEVICE_OBJECT IrqlDevice;

static VOID NTAPI Never(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);
}

static void InitializeAtDispatch(void *Context)
{
    KIRQL old;
    (void)Context;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    (void)IoInitializeTimer(IrqlDevice, Never, NULL);
    KeLowerIrql(old);
}

static void io_timer_test_initialize_above_apc_level_bugchecks(KTEST *t)
{
    PDRIVER_OBJECT drv = NULL;
    KMODE_BUGCHECK bc;

    KT_ASSERT_EQ(t, IoTestLoadDriver(L"IoTimerIrql", NULL, &drv), STATUS_SUCCESS);
    IrqlDevice = NewDevice(t, drv);
    KT_ASSERT_TRUE(t, IrqlDevice != NULL);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(InitializeAtDispatch, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, DRIVER_IRQL_NOT_LESS_OR_EQUAL);
    KT_EXPECT_EQ(t, bc.Parameter2, DISPATCH_LEVEL);
    KT_EXPECT_TRUE(t, IrqlDevice->Timer == NULL);
    IoDeleteDevice(IrqlDevice);
    KT_EXPECT_EQ(t, IoTestUnloadDriver(drv), STATUS_SUCCESS);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_timer_test_started_timer_ticks_at_dispatch),
    KTEST_CASE_ENTRY(io_timer_test_reinitialize_replaces_routine),
    KTEST_CASE_ENTRY(io_timer_test_routine_may_stop_its_timer),
    KTEST_CASE_ENTRY(io_timer_test_deleted_device_no_longer_ticks),
    KTEST_CASE_ENTRY(io_timer_test_initialize_above_apc_level_bugchecks),
    { 0 }
};

KTEST_SUITE(io_timer, cases);
