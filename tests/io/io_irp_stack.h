/*
 * PURPOSE: A device stack for the IRP tests, built by hand as a driver would see one (until
 * IoCreateDevice is available): up to four DRIVER_OBJECT/DEVICE_OBJECT pairs, zeroed, with
 * Type/Size/StackSize/MajorFunction[] set. Level 0 is the bottom (StackSize 1); each level
 * above is a filter passing requests down. What each driver does is configured, and what
 * it saw recorded, in its device extension (TEST_EXT).
 */
#ifndef IO_IRP_STACK_H
#define IO_IRP_STACK_H

#include <ntddk.h>
#include <kmode/bugcheck.h>

#define TEST_STACK_MAX 4

struct _TEST_STACK;

typedef struct _TEST_EXT {
    struct _TEST_STACK *Stack;
    ULONG Level;                          /* 0: bottom */
    PDEVICE_OBJECT Lower;                 /* NULL at the bottom */

    /* Filters: set a completion routine (all three flags unless UseFlags). */
    BOOLEAN SetRoutine;
    BOOLEAN UseFlags;
    BOOLEAN InvokeOnSuccess, InvokeOnError, InvokeOnCancel;
    BOOLEAN MarkPendingInRoutine;         /* the documented IoMarkIrpPending duty */
    BOOLEAN RoutineReturnsMoreProcessing;
    ULONG SplitInto;                      /* split into associated IRPs for the lower device */

    /* Bottom: pend (mark, remember, return STATUS_PENDING) or complete with these. */
    BOOLEAN Pend;
    NTSTATUS CompleteStatus;
    ULONG_PTR CompleteInformation;
    BOOLEAN CompleteTwice;                /* the second IoCompleteRequest runs under a catch */
    PKMODE_BUGCHECK CatchSecondCompletion;
    BOOLEAN SecondCompletionCaught;

    /* Observed. */
    LONG Dispatched;
    CHAR SeenLocation;
    UCHAR SeenMajor;
    BOOLEAN SeenDeviceInLocation;
    PIRP Pended;
    LONG RoutineCalls;
    PDEVICE_OBJECT RoutineDevice;
    CHAR RoutineLocation;
    ULONG_PTR RoutineInformation;
    BOOLEAN RoutinePendingReturned;
    KIRQL RoutineIrql;
} TEST_EXT;

typedef struct _TEST_STACK {
    ULONG Depth;
    DRIVER_OBJECT Driver[TEST_STACK_MAX];
    DEVICE_OBJECT DeviceStorage[TEST_STACK_MAX];
    PDEVICE_OBJECT Device[TEST_STACK_MAX];
    PDEVICE_OBJECT Top;
    TEST_EXT Ext[TEST_STACK_MAX];
    ULONG CompletionOrder[8];             /* levels whose routines ran, in order */
    ULONG CompletionOrderCount;
    PIRP PendedList[8];                   /* every IRP the bottom pended */
    ULONG PendedCount;
} TEST_STACK;

/* Builds a stack of Depth devices, every major function dispatched to TestDispatch. */
VOID TestStackInit(TEST_STACK *Stack, ULONG Depth);

DRIVER_DISPATCH TestDispatch;
DRIVER_DISPATCH TestDispatchNotSupported;   /* completes with STATUS_NOT_SUPPORTED */
IO_COMPLETION_ROUTINE TestRoutine;

#endif
