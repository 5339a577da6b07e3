/*
 * PURPOSE: Driver-mode tests for IoCreateSymbolicLink, IoCreateUnprotectedSymbolicLink and
 * IoDeleteSymbolicLink (src/io/symlink.c): \DosDevices names land in \GLOBAL??, the target
 * is kept as given, collisions, deleting what is missing or not a link, IRQL.
 */
#include <ntddk.h>
#include <kmode/bugcheck.h>
#include "ktest.h"

/* The target of the link \GLOBAL??\<Name>, or an error status. */
static NTSTATUS QueryLink(PCWSTR Name, PUNICODE_STRING Target, PWCH Buffer, USHORT Size)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    HANDLE h;
    NTSTATUS st;

    RtlInitUnicodeString(&name, Name);
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    st = ZwOpenSymbolicLinkObject(&h, SYMBOLIC_LINK_QUERY, &oa);
    if (!NT_SUCCESS(st))
        return st;
    Target->Buffer = Buffer;
    Target->Length = 0;
    Target->MaximumLength = Size;
    st = ZwQuerySymbolicLinkObject(h, Target, NULL);
    ZwClose(h);
    return st;
}

static void io_symlink_test_create_query_delete(KTEST *t)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\IoLinkA");
    UNICODE_STRING device = RTL_CONSTANT_STRING(L"\\Device\\IoLinkTargetA");
    UNICODE_STRING target;
    WCHAR buffer[64];

    KT_ASSERT_EQ(t, IoCreateSymbolicLink(&link, &device), STATUS_SUCCESS);
    /* \DosDevices -> \?? -> \GLOBAL??; the target need not exist yet. */
    KT_ASSERT_EQ(t, QueryLink(L"\\GLOBAL??\\IoLinkA", &target, buffer, sizeof buffer),
                 STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, RtlEqualUnicodeString(&target, &device, FALSE));
    KT_EXPECT_EQ(t, QueryLink(L"\\??\\iolinka", &target, buffer, sizeof buffer), STATUS_SUCCESS);
    /* The link is permanent: it stays without any handle open. */
    KT_EXPECT_EQ(t, QueryLink(L"\\DosDevices\\IoLinkA", &target, buffer, sizeof buffer),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, IoDeleteSymbolicLink(&link), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, QueryLink(L"\\GLOBAL??\\IoLinkA", &target, buffer, sizeof buffer),
                 STATUS_OBJECT_NAME_NOT_FOUND);
    /* Gone, so it can be deleted no more, and created again. */
    KT_EXPECT_EQ(t, IoDeleteSymbolicLink(&link), STATUS_OBJECT_NAME_NOT_FOUND);
    KT_EXPECT_EQ(t, IoCreateSymbolicLink(&link, &device), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, IoDeleteSymbolicLink(&link), STATUS_SUCCESS);
}

static void io_symlink_test_collision(KTEST *t)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\IoLinkB");
    UNICODE_STRING upper = RTL_CONSTANT_STRING(L"\\GLOBAL??\\IOLINKB");
    UNICODE_STRING one = RTL_CONSTANT_STRING(L"\\Device\\One");
    UNICODE_STRING two = RTL_CONSTANT_STRING(L"\\Device\\Two");
    UNICODE_STRING target;
    WCHAR buffer[64];

    KT_ASSERT_EQ(t, IoCreateSymbolicLink(&link, &one), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, IoCreateSymbolicLink(&upper, &two), STATUS_OBJECT_NAME_COLLISION);
    KT_EXPECT_EQ(t, IoCreateUnprotectedSymbolicLink(&link, &two), STATUS_OBJECT_NAME_COLLISION);
    KT_ASSERT_EQ(t, QueryLink(L"\\GLOBAL??\\IoLinkB", &target, buffer, sizeof buffer),
                 STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, RtlEqualUnicodeString(&target, &one, FALSE));
    KT_EXPECT_EQ(t, IoDeleteSymbolicLink(&upper), STATUS_SUCCESS);
}

static void io_symlink_test_unprotected(KTEST *t)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\IoLinkC");
    UNICODE_STRING device = RTL_CONSTANT_STRING(L"\\Device\\IoLinkTargetC");
    UNICODE_STRING target;
    WCHAR buffer[64];

    KT_ASSERT_EQ(t, IoCreateUnprotectedSymbolicLink(&link, &device), STATUS_SUCCESS);
    KT_ASSERT_EQ(t, QueryLink(L"\\GLOBAL??\\IoLinkC", &target, buffer, sizeof buffer),
                 STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, RtlEqualUnicodeString(&target, &device, FALSE));
    KT_EXPECT_EQ(t, IoDeleteSymbolicLink(&link), STATUS_SUCCESS);
}

static void io_symlink_test_bad_names(KTEST *t)
{
    UNICODE_STRING device = RTL_CONSTANT_STRING(L"\\Device\\X");
    UNICODE_STRING nodir = RTL_CONSTANT_STRING(L"\\NoSuchDir\\IoLink");
    UNICODE_STRING relative = RTL_CONSTANT_STRING(L"IoLink");
    UNICODE_STRING notLink = RTL_CONSTANT_STRING(L"\\Device");

    KT_EXPECT_EQ(t, IoCreateSymbolicLink(&nodir, &device), STATUS_OBJECT_PATH_NOT_FOUND);
    KT_EXPECT_EQ(t, IoCreateSymbolicLink(&relative, &device), STATUS_OBJECT_PATH_SYNTAX_BAD);
    KT_EXPECT_EQ(t, IoDeleteSymbolicLink(&nodir), STATUS_OBJECT_PATH_NOT_FOUND);
    KT_EXPECT_EQ(t, IoDeleteSymbolicLink(&notLink), STATUS_OBJECT_TYPE_MISMATCH);
}

static void CreateAtDispatch(void *Context)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\IoLinkIrql");
    UNICODE_STRING device = RTL_CONSTANT_STRING(L"\\Device\\X");
    KIRQL old;
    (void)Context;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    (void)IoCreateSymbolicLink(&link, &device);
    KeLowerIrql(old);
}

static void io_symlink_test_create_above_apc_level_bugchecks(KTEST *t)
{
    KMODE_BUGCHECK bc;

    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(CreateAtDispatch, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, DRIVER_IRQL_NOT_LESS_OR_EQUAL);
    KT_EXPECT_EQ(t, bc.Parameter2, DISPATCH_LEVEL);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_symlink_test_create_query_delete),
    KTEST_CASE_ENTRY(io_symlink_test_collision),
    KTEST_CASE_ENTRY(io_symlink_test_unprotected),
    KTEST_CASE_ENTRY(io_symlink_test_bad_names),
    KTEST_CASE_ENTRY(io_symlink_test_create_above_apc_level_bugchecks),
    { 0 }
};

KTEST_SUITE(io_symlink, cases);
