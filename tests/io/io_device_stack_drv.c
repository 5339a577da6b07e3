/*
 * PURPOSE: Driver-mode tests for device stacks (src/io/device.c): IoAttachDeviceToDeviceStack
 * (Safe), IoAttachDevice by name (through a symbolic link too), IoDetachDevice,
 * IoGetAttachedDevice(Reference), IoGetDeviceAttachmentBaseRef, IoGetLowerDeviceObject,
 * IoGetRelatedDeviceObject; StackSize/alignment bookkeeping and the references an
 * attachment holds.
 */
#include <ntddk.h>
#include <kmode/bugcheck.h>
#include "ktest.h"
#include "io_driver_harness.h"

typedef struct _STACK {
    PDRIVER_OBJECT Driver;
    PDEVICE_OBJECT Bottom, Middle, Top;
} STACK;

static BOOLEAN Build(KTEST *t, STACK *s, PCWSTR DriverName, PUNICODE_STRING BottomName)
{
    RtlZeroMemory(s, sizeof *s);
    KT_EXPECT_EQ(t, IoTestLoadDriver(DriverName, NULL, &s->Driver), STATUS_SUCCESS);
    if (s->Driver == NULL)
        return FALSE;
    KT_EXPECT_EQ(t, IoCreateDevice(s->Driver, 0, BottomName, FILE_DEVICE_DISK, 0, FALSE,
                                   &s->Bottom), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, IoCreateDevice(s->Driver, 0, NULL, FILE_DEVICE_DISK, 0, FALSE, &s->Middle),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, IoCreateDevice(s->Driver, 0, NULL, FILE_DEVICE_DISK, 0, FALSE, &s->Top),
                 STATUS_SUCCESS);
    return s->Bottom != NULL && s->Middle != NULL && s->Top != NULL;
}

static void Teardown(KTEST *t, STACK *s)
{
    if (s->Top != NULL)
        IoDeleteDevice(s->Top);
    if (s->Middle != NULL)
        IoDeleteDevice(s->Middle);
    if (s->Bottom != NULL)
        IoDeleteDevice(s->Bottom);
    if (s->Driver != NULL)
        KT_EXPECT_EQ(t, IoTestUnloadDriver(s->Driver), STATUS_SUCCESS);
}

static void io_device_stack_test_attach_builds_stack(KTEST *t)
{
    STACK s;
    LONG_PTR bottomRefs, middleRefs;

    KT_ASSERT_TRUE(t, Build(t, &s, L"IoStackAttach", NULL));
    s.Bottom->AlignmentRequirement = FILE_QUAD_ALIGNMENT;
    s.Bottom->StackSize = 3;   /* as if the bottom were itself above two devices */
    bottomRefs = IoTestPointerCount(s.Bottom);

    KT_EXPECT_PTR_EQ(t, IoAttachDeviceToDeviceStack(s.Middle, s.Bottom), s.Bottom);
    KT_EXPECT_PTR_EQ(t, s.Bottom->AttachedDevice, s.Middle);
    KT_EXPECT_PTR_EQ(t, IoTestAttachedTo(s.Middle), s.Bottom);
    KT_EXPECT_EQ(t, s.Middle->StackSize, 4);
    KT_EXPECT_EQ(t, s.Middle->AlignmentRequirement, FILE_QUAD_ALIGNMENT);
    KT_EXPECT_EQ(t, s.Middle->SectorSize, s.Bottom->SectorSize);
    KT_EXPECT_EQ(t, IoTestPointerCount(s.Bottom), bottomRefs + 1);   /* the attachment's */

    /* Attaching to the bottom again lands on the top of the stack. */
    middleRefs = IoTestPointerCount(s.Middle);
    KT_EXPECT_PTR_EQ(t, IoAttachDeviceToDeviceStack(s.Top, s.Bottom), s.Middle);
    KT_EXPECT_PTR_EQ(t, s.Middle->AttachedDevice, s.Top);
    KT_EXPECT_PTR_EQ(t, IoTestAttachedTo(s.Top), s.Middle);
    KT_EXPECT_EQ(t, s.Top->StackSize, 5);
    KT_EXPECT_EQ(t, IoTestPointerCount(s.Middle), middleRefs + 1);
    KT_EXPECT_TRUE(t, s.Top->AttachedDevice == NULL);
    KT_EXPECT_TRUE(t, IoTestAttachedTo(s.Bottom) == NULL);

    /* Walking the stack. */
    KT_EXPECT_PTR_EQ(t, IoGetAttachedDevice(s.Bottom), s.Top);
    KT_EXPECT_PTR_EQ(t, IoGetAttachedDevice(s.Middle), s.Top);
    KT_EXPECT_PTR_EQ(t, IoGetAttachedDevice(s.Top), s.Top);
    {
        LONG_PTR before = IoTestPointerCount(s.Top);
        PDEVICE_OBJECT top = IoGetAttachedDeviceReference(s.Bottom);
        KT_EXPECT_PTR_EQ(t, top, s.Top);
        KT_EXPECT_EQ(t, IoTestPointerCount(s.Top), before + 1);
        ObDereferenceObject(top);
    }
    {
        LONG_PTR before = IoTestPointerCount(s.Bottom);
        PDEVICE_OBJECT base = IoGetDeviceAttachmentBaseRef(s.Top);
        KT_EXPECT_PTR_EQ(t, base, s.Bottom);
        KT_EXPECT_EQ(t, IoTestPointerCount(s.Bottom), before + 1);
        ObDereferenceObject(base);
    }
    {
        LONG_PTR before = IoTestPointerCount(s.Middle);
        PDEVICE_OBJECT lower = IoGetLowerDeviceObject(s.Top);
        KT_EXPECT_PTR_EQ(t, lower, s.Middle);
        KT_EXPECT_EQ(t, IoTestPointerCount(s.Middle), before + 1);
        ObDereferenceObject(lower);
        KT_EXPECT_TRUE(t, IoGetLowerDeviceObject(s.Bottom) == NULL);
    }

    /* Detach top-down; each detach drops the reference on the device below. */
    IoDetachDevice(s.Middle);
    KT_EXPECT_TRUE(t, s.Middle->AttachedDevice == NULL);
    KT_EXPECT_TRUE(t, IoTestAttachedTo(s.Top) == NULL);
    KT_EXPECT_EQ(t, IoTestPointerCount(s.Middle), middleRefs);
    KT_EXPECT_PTR_EQ(t, IoGetAttachedDevice(s.Bottom), s.Middle);
    IoDetachDevice(s.Bottom);
    KT_EXPECT_TRUE(t, s.Bottom->AttachedDevice == NULL);
    KT_EXPECT_TRUE(t, IoTestAttachedTo(s.Middle) == NULL);
    KT_EXPECT_EQ(t, IoTestPointerCount(s.Bottom), bottomRefs);
    /* Nothing attached: IoDetachDevice changes nothing. */
    IoDetachDevice(s.Bottom);
    KT_EXPECT_EQ(t, IoTestPointerCount(s.Bottom), bottomRefs);
    Teardown(t, &s);
}

static void io_device_stack_test_attach_safe_writes_field(KTEST *t)
{
    STACK s;
    PDEVICE_OBJECT attachedTo = NULL;

    KT_ASSERT_TRUE(t, Build(t, &s, L"IoStackSafe", NULL));
    KT_EXPECT_EQ(t, IoAttachDeviceToDeviceStackSafe(s.Middle, s.Bottom, &attachedTo),
                 STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, attachedTo, s.Bottom);
    attachedTo = NULL;
    KT_EXPECT_EQ(t, IoAttachDeviceToDeviceStackSafe(s.Top, s.Bottom, &attachedTo), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, attachedTo, s.Middle);
    KT_EXPECT_EQ(t, s.Top->StackSize, 3);
    IoDetachDevice(s.Middle);
    IoDetachDevice(s.Bottom);
    Teardown(t, &s);
}

static void io_device_stack_test_attach_to_deleted_top_fails(KTEST *t)
{
    STACK s;
    PDEVICE_OBJECT attachedTo = NULL;

    KT_ASSERT_TRUE(t, Build(t, &s, L"IoStackDeleted", NULL));
    KT_ASSERT_TRUE(t, IoAttachDeviceToDeviceStack(s.Middle, s.Bottom) == s.Bottom);
    /* The filter (Middle) is deleted while still attached (held by the caller). */
    ObReferenceObject(s.Middle);
    IoDeleteDevice(s.Middle);
    /* Attaching to the stack would land on the deleted top: refused. */
    KT_EXPECT_TRUE(t, IoAttachDeviceToDeviceStack(s.Top, s.Bottom) == NULL);
    KT_EXPECT_EQ(t, IoAttachDeviceToDeviceStackSafe(s.Top, s.Bottom, &attachedTo),
                 STATUS_NO_SUCH_DEVICE);
    KT_EXPECT_TRUE(t, attachedTo == NULL);
    KT_EXPECT_TRUE(t, IoTestAttachedTo(s.Top) == NULL);
    KT_EXPECT_EQ(t, s.Top->StackSize, 1);
    /* A device being deleted reports no lower device. */
    KT_EXPECT_TRUE(t, IoGetLowerDeviceObject(s.Middle) == NULL);
    IoDetachDevice(s.Bottom);
    ObDereferenceObject(s.Middle);
    s.Middle = NULL;
    /* With the deleted filter gone, the stack takes attachments again. */
    KT_EXPECT_PTR_EQ(t, IoAttachDeviceToDeviceStack(s.Top, s.Bottom), s.Bottom);
    IoDetachDevice(s.Bottom);
    Teardown(t, &s);
}

static void io_device_stack_test_attach_by_name(KTEST *t)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\IoStackNamed");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\IoStackNamedLink");
    UNICODE_STRING viaLink = RTL_CONSTANT_STRING(L"\\??\\IOSTACKNAMEDLINK");
    UNICODE_STRING missing = RTL_CONSTANT_STRING(L"\\Device\\IoStackNoSuchDevice");
    UNICODE_STRING notDevice = RTL_CONSTANT_STRING(L"\\Driver");
    PDEVICE_OBJECT attached = NULL;
    STACK s;

    KT_ASSERT_TRUE(t, Build(t, &s, L"IoStackNamed", &name));
    KT_EXPECT_EQ(t, IoAttachDevice(s.Middle, &name, &attached), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, attached, s.Bottom);
    KT_EXPECT_EQ(t, s.Middle->StackSize, 2);
    KT_ASSERT_EQ(t, IoCreateSymbolicLink(&link, &name), STATUS_SUCCESS);
    attached = NULL;
    KT_EXPECT_EQ(t, IoAttachDevice(s.Top, &viaLink, &attached), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, attached, s.Middle);
    KT_EXPECT_EQ(t, s.Top->StackSize, 3);
    KT_EXPECT_EQ(t, IoAttachDevice(s.Top, &missing, &attached), STATUS_OBJECT_NAME_NOT_FOUND);
    KT_EXPECT_EQ(t, IoAttachDevice(s.Top, &notDevice, &attached), STATUS_OBJECT_TYPE_MISMATCH);
    KT_EXPECT_EQ(t, IoDeleteSymbolicLink(&link), STATUS_SUCCESS);
    IoDetachDevice(s.Middle);
    IoDetachDevice(s.Bottom);
    Teardown(t, &s);
}

static void io_device_stack_test_related_device_object(KTEST *t)
{
    STACK s;
    FILE_OBJECT file;
    VPB vpb;
    PDEVICE_OBJECT volume = NULL;

    KT_ASSERT_TRUE(t, Build(t, &s, L"IoStackRelated", NULL));
    KT_ASSERT_EQ(t, IoCreateDevice(s.Driver, 0, NULL, FILE_DEVICE_DISK_FILE_SYSTEM, 0, FALSE,
                                   &volume), STATUS_SUCCESS);
    KT_ASSERT_TRUE(t, IoAttachDeviceToDeviceStack(s.Middle, s.Bottom) == s.Bottom);
    RtlZeroMemory(&file, sizeof file);
    file.Type = IO_TYPE_FILE;
    file.Size = sizeof file;
    file.DeviceObject = s.Bottom;
    /* No volume mounted on the disk: the top of the disk's stack. */
    KT_EXPECT_PTR_EQ(t, IoGetRelatedDeviceObject(&file), s.Middle);
    /* A volume mounted on the disk (its VPB names the volume device): the volume's stack. */
    s.Bottom->Vpb->DeviceObject = volume;
    KT_EXPECT_PTR_EQ(t, IoGetRelatedDeviceObject(&file), volume);
    KT_ASSERT_TRUE(t, IoAttachDeviceToDeviceStack(s.Top, volume) == volume);
    KT_EXPECT_PTR_EQ(t, IoGetRelatedDeviceObject(&file), s.Top);
    /* Opened directly on the device (FO_DIRECT_DEVICE_OPEN): the device's own stack. */
    file.Flags = FO_DIRECT_DEVICE_OPEN;
    KT_EXPECT_PTR_EQ(t, IoGetRelatedDeviceObject(&file), s.Middle);
    /* The file's own VPB wins. */
    RtlZeroMemory(&vpb, sizeof vpb);
    vpb.DeviceObject = volume;
    file.Vpb = &vpb;
    KT_EXPECT_PTR_EQ(t, IoGetRelatedDeviceObject(&file), s.Top);
    s.Bottom->Vpb->DeviceObject = NULL;
    IoDetachDevice(volume);
    IoDetachDevice(s.Bottom);
    IoDeleteDevice(volume);
    Teardown(t, &s);
}

static void io_device_stack_test_attach_at_dispatch_level(KTEST *t)
{
    STACK s;
    PDEVICE_OBJECT top, lower;
    KIRQL old;

    KT_ASSERT_TRUE(t, Build(t, &s, L"IoStackDispatch", NULL));
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    KT_EXPECT_PTR_EQ(t, IoAttachDeviceToDeviceStack(s.Middle, s.Bottom), s.Bottom);
    top = IoGetAttachedDeviceReference(s.Bottom);
    lower = IoGetLowerDeviceObject(s.Middle);
    KeLowerIrql(old);
    KT_EXPECT_PTR_EQ(t, top, s.Middle);
    KT_EXPECT_PTR_EQ(t, lower, s.Bottom);
    ObDereferenceObject(top);
    ObDereferenceObject(lower);
    IoDetachDevice(s.Bottom);
    Teardown(t, &s);
}

static PDEVICE_OBJECT HighDevice;

static void AttachedReferenceAtHighLevel(void *Context)
{
    KIRQL old;
    (void)Context;
    KeRaiseIrql(HIGH_LEVEL, &old);
    (void)IoGetAttachedDeviceReference(HighDevice);
    KeLowerIrql(old);
}

/* Above DISPATCH_LEVEL the stack DDIs fail as on Windows: taking the I/O database spin lock
   would lower the IRQL (0x9 IRQL_NOT_GREATER_OR_EQUAL). */
static void io_device_stack_test_above_dispatch_level_bugchecks(KTEST *t)
{
    KMODE_BUGCHECK bc;
    STACK s;

    KT_ASSERT_TRUE(t, Build(t, &s, L"IoStackHigh", NULL));
    HighDevice = s.Bottom;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(AttachedReferenceAtHighLevel, NULL, KMODE_CATCH_QUIET,
                                         &bc));
    KT_EXPECT_EQ(t, bc.Code, IRQL_NOT_GREATER_OR_EQUAL);
    KT_EXPECT_EQ(t, bc.Parameter1, HIGH_LEVEL);
    KT_EXPECT_EQ(t, bc.Parameter2, DISPATCH_LEVEL);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
    Teardown(t, &s);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_device_stack_test_attach_builds_stack),
    KTEST_CASE_ENTRY(io_device_stack_test_attach_safe_writes_field),
    KTEST_CASE_ENTRY(io_device_stack_test_attach_to_deleted_top_fails),
    KTEST_CASE_ENTRY(io_device_stack_test_attach_by_name),
    KTEST_CASE_ENTRY(io_device_stack_test_related_device_object),
    KTEST_CASE_ENTRY(io_device_stack_test_attach_at_dispatch_level),
    KTEST_CASE_ENTRY(io_device_stack_test_above_dispatch_level_bugchecks),
    { 0 }
};

KTEST_SUITE(io_device_stack, cases);
