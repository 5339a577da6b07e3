/*
 * PURPOSE: Checked-build (DBG) behaviour of the IRP inline helpers: IoSetCompletionRoutine
 * asserts that a routine is given whenever an Invoke flag is set, as the WDK's does.
 */
#define DBG 1
#include <ntddk.h>
#include <kmode/bugcheck.h>
#include "ktest.h"

static NTSTATUS NTAPI Routine(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    UNREFERENCED_PARAMETER(Context);
    return STATUS_CONTINUE_COMPLETION;
}

static void SetNullRoutine(void *Context)
{
    IoSetCompletionRoutine((PIRP)Context, NULL, NULL, FALSE, TRUE, FALSE);
}

static void io_irp_dbg_test_completion_routine_required(KTEST *t)
{
    PIRP Irp = IoAllocateIrp(1, FALSE);
    KMODE_BUGCHECK bc;

    KT_ASSERT_TRUE(t, Irp != NULL);
    /* Fine: a routine with flags, and no routine without flags. */
    IoSetCompletionRoutine(Irp, Routine, NULL, TRUE, FALSE, FALSE);
    IoSetCompletionRoutine(Irp, NULL, NULL, FALSE, FALSE, FALSE);
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(SetNullRoutine, Irp, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, KMODE_EXCEPTION_NOT_HANDLED);
    KT_EXPECT_EQ(t, (ULONG)bc.Parameter1, (ULONG)STATUS_BREAKPOINT);   /* RtlAssert breaks */
    IoFreeIrp(Irp);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_irp_dbg_test_completion_routine_required),
    {0}
};
KTEST_SUITE(io_irp_dbg, cases);
