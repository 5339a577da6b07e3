/*
 * PURPOSE: Runtime-mode tests for the IoBuild* routines (src/io/build.c): allocation
 * failures, and that every IRP, system buffer and MDL they allocate is released by
 * completion (or by the failure path), per transfer method.
 */
#include <internal/io.h>
#include <internal/ex.h>
#include "ktest.h"
#include "io_irp_stack.h"

#define MDL_TAG ' ldM'

static LONG64 Outstanding(ULONG Tag)
{
    EXP_POOL_TAG_USAGE u;
    IopFlushIrpLookaside();     /* cached IRPs are not live ones */
    ExpQueryPoolTagUsage(Tag, &u);
    return (LONG64)(u.Allocs[EXP_POOL_KIND_NONPAGED] - u.Frees[EXP_POOL_KIND_NONPAGED]);
}

typedef struct _USAGE {
    LONG64 Irps, Buffers, Mdls;
} USAGE;

static VOID Snapshot(USAGE *u)
{
    u->Irps = Outstanding(IOP_IRP_TAG);
    u->Buffers = Outstanding(IOP_SYSTEM_BUFFER_TAG);
    u->Mdls = Outstanding(MDL_TAG);
}

static void ExpectSame(KTEST *t, const USAGE *Before)
{
    USAGE Now;
    Snapshot(&Now);
    KT_EXPECT_EQ(t, Now.Irps, Before->Irps);
    KT_EXPECT_EQ(t, Now.Buffers, Before->Buffers);
    KT_EXPECT_EQ(t, Now.Mdls, Before->Mdls);
}

static void io_build_internal_test_allocation_failure(KTEST *t)
{
    TEST_STACK s;
    IO_STATUS_BLOCK Iosb;
    KEVENT Event;
    UCHAR Buffer[16];
    USAGE Before;

    TestStackInit(&s, 1);
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Snapshot(&Before);
    ExpPoolFailNextAllocations(1);
    KT_EXPECT_TRUE(t, IoBuildDeviceIoControlRequest(
                          CTL_CODE(FILE_DEVICE_UNKNOWN, 1, METHOD_BUFFERED, FILE_ANY_ACCESS),
                          s.Top, Buffer, 4, Buffer, 4, FALSE, &Event, &Iosb) == NULL);
    ExpPoolFailNextAllocations(1);
    KT_EXPECT_TRUE(t, IoBuildSynchronousFsdRequest(IRP_MJ_READ, s.Top, Buffer, 4, NULL, &Event,
                                                   &Iosb) == NULL);
    ExpPoolFailNextAllocations(1);
    KT_EXPECT_TRUE(t, IoBuildAsynchronousFsdRequest(IRP_MJ_WRITE, s.Top, Buffer, 4, NULL,
                                                    &Iosb) == NULL);
    ExpectSame(t, &Before);
}

static void io_build_internal_test_everything_released(KTEST *t)
{
    static const ULONG Methods[] = { METHOD_BUFFERED, METHOD_IN_DIRECT, METHOD_OUT_DIRECT,
                                     METHOD_NEITHER };
    TEST_STACK s;
    IO_STATUS_BLOCK Iosb;
    KEVENT Event;
    UCHAR In[8] = { 0 }, Out[8];
    USAGE Before;
    ULONG i;

    TestStackInit(&s, 2);
    s.Ext[0].CompleteStatus = STATUS_SUCCESS;
    s.Ext[0].CompleteInformation = 0;
    Snapshot(&Before);
    for (i = 0; i < RTL_NUMBER_OF(Methods); i++) {
        PIRP Irp;

        KeInitializeEvent(&Event, NotificationEvent, FALSE);
        Irp = IoBuildDeviceIoControlRequest(
            CTL_CODE(FILE_DEVICE_UNKNOWN, 1, Methods[i], FILE_ANY_ACCESS), s.Top, In, sizeof In,
            Out, sizeof Out, FALSE, &Event, &Iosb);
        KT_ASSERT_TRUE(t, Irp != NULL);
        KT_EXPECT_EQ(t, IoCallDriver(s.Top, Irp), STATUS_SUCCESS);
        KT_EXPECT_EQ(t, Iosb.Status, STATUS_SUCCESS);
    }
    /* A direct read on a DO_DIRECT_IO device, and a buffered one. */
    s.Top->Flags |= DO_DIRECT_IO;
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    KT_EXPECT_EQ(t, IoCallDriver(s.Top, IoBuildSynchronousFsdRequest(IRP_MJ_READ, s.Top, Out,
                                                                     sizeof Out, NULL, &Event,
                                                                     &Iosb)),
                 STATUS_SUCCESS);
    s.Top->Flags = DO_BUFFERED_IO;
    KT_EXPECT_EQ(t, IoCallDriver(s.Top, IoBuildSynchronousFsdRequest(IRP_MJ_WRITE, s.Top, Out,
                                                                     sizeof Out, NULL, &Event,
                                                                     &Iosb)),
                 STATUS_SUCCESS);
    ExpectSame(t, &Before);
    IopCancelThreadIrps(PsGetCurrentThread());
}

static void io_build_internal_test_unlockable_buffer_releases(KTEST *t)
{
    TEST_STACK s;
    IO_STATUS_BLOCK Iosb;
    KEVENT Event;
    UCHAR In[4] = { 0 };
    USAGE Before;

    TestStackInit(&s, 1);
    s.Top->Flags |= DO_DIRECT_IO;
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Snapshot(&Before);
    KT_EXPECT_TRUE(t, IoBuildDeviceIoControlRequest(
                          CTL_CODE(FILE_DEVICE_UNKNOWN, 1, METHOD_OUT_DIRECT, FILE_ANY_ACCESS),
                          s.Top, In, sizeof In, (PVOID)(ULONG_PTR)0x2000, 64, FALSE, &Event,
                          &Iosb) == NULL);
    KT_EXPECT_TRUE(t, IoBuildSynchronousFsdRequest(IRP_MJ_READ, s.Top, (PVOID)(ULONG_PTR)0x2000,
                                                   64, NULL, &Event, &Iosb) == NULL);
    ExpectSame(t, &Before);
}

static NTSTATUS NTAPI CatchMaster(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    (*(LONG *)Context)++;
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static void io_build_internal_test_associated_irp_mdls_released(KTEST *t)
{
    TEST_STACK s;
    UCHAR Buffer[3 * PAGE_SIZE];
    PIRP Master, Piece;
    PMDL Mdl;
    LONG Caught = 0;
    USAGE Before;

    TestStackInit(&s, 1);
    s.Ext[0].CompleteStatus = STATUS_SUCCESS;
    Snapshot(&Before);
    Master = IoAllocateIrp(2, FALSE);
    KT_ASSERT_TRUE(t, Master != NULL);
    IoSetCompletionRoutine(Master, CatchMaster, &Caught, TRUE, TRUE, TRUE);
    IoSetNextIrpStackLocation(Master);                /* the splitting driver's location */
    Master->AssociatedIrp.IrpCount = 1;
    Master->IoStatus.Status = STATUS_SUCCESS;
    Piece = IoMakeAssociatedIrp(Master, 1);
    KT_ASSERT_TRUE(t, Piece != NULL);
    /* The piece carries a locked MDL (and a second one chained): the I/O manager unlocks
       and frees both when the piece completes. */
    Mdl = IoAllocateMdl(Buffer, sizeof Buffer, FALSE, FALSE, Piece);
    KT_ASSERT_TRUE(t, Mdl != NULL && Piece->MdlAddress == Mdl);
    MmProbeAndLockPages(Mdl, KernelMode, IoWriteAccess);
    KT_ASSERT_TRUE(t, IoAllocateMdl(Buffer, 16, TRUE, FALSE, Piece) != NULL);
    IoGetNextIrpStackLocation(Piece)->MajorFunction = IRP_MJ_READ;
    KT_EXPECT_EQ(t, IoCallDriver(s.Top, Piece), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Caught, 1);                        /* the master completed */
    IoFreeIrp(Master);
    ExpectSame(t, &Before);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_build_internal_test_associated_irp_mdls_released),
    KTEST_CASE_ENTRY(io_build_internal_test_allocation_failure),
    KTEST_CASE_ENTRY(io_build_internal_test_everything_released),
    KTEST_CASE_ENTRY(io_build_internal_test_unlockable_buffer_releases),
    {0}
};
KTEST_SUITE(io_build_internal, cases);
