/*
 * PURPOSE: kmode's bug zoo (tests/bugs): one small, deliberately buggy driver per bug class
 * kmode detects, each in its own <class>_drv.c (driver mode: WDK headers only), with the
 * tests that run it and assert the exact bugcheck code, the four parameters, and what the
 * report names (the buggy function, the IRP section, the locks held). Adding a bug class
 * is adding one file: tests/CMakeLists.txt globs them into test-bugs.
 *
 * A file holds: the driver's routines (the bug marked "BUG:"), a DriverEntry-style init
 * for BugsLoadDriver, a trigger run under KmodeCatchBugCheck, and a KTEST_SUITE.
 */
#ifndef BUGS_H
#define BUGS_H

#include <ntddk.h>
#include <kmode/bugcheck.h>
#include "ktest.h"

/* ---- Runtime-mode harness (bugs_harness_test.c) ---- */

/* Creates \Driver\<Name> and runs Init as its DriverEntry (as the loader would). */
NTSTATUS BugsLoadDriver(PCWSTR Name, PDRIVER_INITIALIZE Init, PDRIVER_OBJECT *Driver);

/* Unloads it (its DriverUnload runs). */
NTSTATUS BugsUnloadDriver(PDRIVER_OBJECT Driver);

/* Drivers loaded from now on run under Driver Verifier with Flags ("0x10"...); NULL: off
   (KMODE_VERIFIER, docs/verifier.md). */
VOID BugsSetVerifier(const char *Flags);

/* ---- Driver-mode helpers (bugs_common_drv.c) ---- */

/* A driver with one unnamed device whose every major function goes to Dispatch, and a
   DriverUnload that deletes it. *Device receives the device. */
NTSTATUS BugsLoadDeviceDriver(PCWSTR Name, PDRIVER_DISPATCH Dispatch, PDRIVER_OBJECT *Driver,
                              PDEVICE_OBJECT *Device);

/* Sends a new IRP (Device->StackSize locations, major function Major, a completion routine
   of the sender's) to Device. IRP_DEFER_IO_COMPLETION keeps it alive after completion, so a
   test can look at it after the bug: *Irp receives it before IoCallDriver; the caller
   frees it (IoFreeIrp). */
NTSTATUS BugsSendIrp(PDEVICE_OBJECT Device, UCHAR Major, PIRP *Irp);

/* The completion routine BugsSendIrp sets (the !irp decode names it). */
IO_COMPLETION_ROUTINE BugsSenderCompletion;

/* Runs Trigger(Context) under a quiet KmodeCatchBugCheck; records a failure when it does not
   bugcheck. */
BOOLEAN BugsCatch(KTEST *t, void (*Trigger)(void *), void *Context, PKMODE_BUGCHECK Caught);

/* Buggy routines bump it after the buggy call, so the call is not a tail call (an optimizer
   would drop the routine's frame, and the report could not name it). */
extern volatile LONG BugsAfterBug;

/* The exact code and parameters. */
#define BUGS_EXPECT_BUGCHECK(t, bc, code, p1, p2, p3, p4)                                     \
    do {                                                                                     \
        KT_EXPECT_EQ(t, (bc).Code, (code));                                                  \
        KT_EXPECT_EQ(t, (bc).Parameter1, (ULONG_PTR)(p1));                                   \
        KT_EXPECT_EQ(t, (bc).Parameter2, (ULONG_PTR)(p2));                                   \
        KT_EXPECT_EQ(t, (bc).Parameter3, (ULONG_PTR)(p3));                                   \
        KT_EXPECT_EQ(t, (bc).Parameter4, (ULONG_PTR)(p4));                                   \
    } while (0)

/* The report blames Function (FAULTING_IP and SYMBOL_NAME name it). */
#define BUGS_EXPECT_BLAMES(t, bc, Function)                                                  \
    do {                                                                                     \
        KT_EXPECT_CONTAINS(t, (bc).Report, "FAULTING_IP:\ntest-bugs!" Function "+0x");       \
        KT_EXPECT_CONTAINS(t, (bc).Report, "SYMBOL_NAME:  test-bugs!" Function "+");         \
    } while (0)

/* A code address the bugcheck recorded (a return address) lies inside Function. */
#define BUGS_EXPECT_IN_FUNCTION(t, value, Function)                                          \
    KT_EXPECT_TRUE(t, (ULONG_PTR)(value) > (ULONG_PTR)(Function) &&                         \
                          (ULONG_PTR)(value) < (ULONG_PTR)(Function) + 0x400)

#endif
