/*
 * PURPOSE: Test harness for the I/O manager tests in tests/io: what driver-mode tests
 * (*_drv.c, WDK headers only) need from the runtime's internals, implemented in runtime mode
 * by io_driver_harness_test.c. Only WDK types appear here.
 */
#ifndef IO_DRIVER_HARNESS_H
#define IO_DRIVER_HARNESS_H

#include <ntddk.h>

/* Creates \Driver\<Name> (as the loader does, RegistryPath
   \Registry\Machine\System\CurrentControlSet\Services\<Name>) and runs Init as its
   DriverEntry; NULL Init: a DriverEntry that only sets a DriverUnload doing nothing. */
NTSTATUS IoTestLoadDriver(PCWSTR Name, PDRIVER_INITIALIZE Init, PDRIVER_OBJECT *Driver);

/* Unloads a driver IoTestLoadDriver created (runs its DriverUnload). */
NTSTATUS IoTestUnloadDriver(PDRIVER_OBJECT Driver);

/* Object introspection. */
LONG_PTR IoTestPointerCount(PVOID Object);
LONG IoTestDeviceObjectCount(VOID);
LONG IoTestDriverObjectCount(VOID);
VOID IoTestFlushDeferredDeletes(VOID);

/* The device object extension's kmode-visible state. */
ULONG IoTestExtensionFlags(PDEVICE_OBJECT Device);
PDEVICE_OBJECT IoTestAttachedTo(PDEVICE_OBJECT Device);

/* The open bookkeeping and SDDL access check the file-object code uses. */
NTSTATUS IoTestReferenceDeviceOpen(PDEVICE_OBJECT Device);
VOID IoTestDereferenceDeviceOpen(PDEVICE_OBJECT Device);
NTSTATUS IoTestCheckDeviceAccess(PDEVICE_OBJECT Device, ACCESS_MASK Desired,
                                 KPROCESSOR_MODE Mode, PACCESS_MASK Granted);

/* One I/O timer tick, now, on this thread (the timer DPC's work). */
VOID IoTestRunTimerTick(VOID);

/* TRUE when Routine is the I/O manager's default ("invalid device request") dispatch. */
BOOLEAN IoTestIsDefaultDispatch(PDRIVER_DISPATCH Routine);

#endif
