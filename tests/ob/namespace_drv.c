/*
 * PURPOSE: Tests for the object namespace DDIs (src/ob/obname.c, obhandle.c) written as WDK
 * driver code: directories, symbolic links, lookup statuses, ObQueryNameString,
 * ZwQuerySymbolicLinkObject, ZwClose, ObOpenObjectByPointer, the exported type pointers.
 */
#include <ntifs.h>
#include "ktest.h"

#define ST(t, expr, status) KT_EXPECT_EQ(t, (expr), (status))

static NTSTATUS CreateDir(PCWSTR Path, ULONG Attributes, PHANDLE Handle)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    RtlInitUnicodeString(&name, Path);
    InitializeObjectAttributes(&oa, &name, Attributes | OBJ_KERNEL_HANDLE, NULL, NULL);
    return ZwCreateDirectoryObject(Handle, DIRECTORY_ALL_ACCESS, &oa);
}

static NTSTATUS OpenDir(PCWSTR Path, ULONG Attributes, PHANDLE Handle)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    RtlInitUnicodeString(&name, Path);
    InitializeObjectAttributes(&oa, &name, Attributes | OBJ_KERNEL_HANDLE, NULL, NULL);
    return ZwOpenDirectoryObject(Handle, DIRECTORY_QUERY, &oa);
}

static NTSTATUS CreateLink(PCWSTR Path, PCWSTR Target, ULONG Attributes, PHANDLE Handle)
{
    UNICODE_STRING name, target;
    OBJECT_ATTRIBUTES oa;
    RtlInitUnicodeString(&name, Path);
    RtlInitUnicodeString(&target, Target);
    InitializeObjectAttributes(&oa, &name, Attributes | OBJ_KERNEL_HANDLE, NULL, NULL);
    return ZwCreateSymbolicLinkObject(Handle, SYMBOLIC_LINK_ALL_ACCESS, &oa, &target);
}

static NTSTATUS OpenLink(PCWSTR Path, PHANDLE Handle)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    RtlInitUnicodeString(&name, Path);
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE, NULL, NULL);
    return ZwOpenSymbolicLinkObject(Handle, GENERIC_READ, &oa);
}

/* The object a handle refers to (referenced-then-released: the handle keeps it alive). */
static PVOID ObjectOf(HANDLE Handle)
{
    PVOID object = NULL;
    if (!NT_SUCCESS(ObReferenceObjectByHandle(Handle, 0, NULL, KernelMode, &object, NULL)))
        return NULL;
    ObDereferenceObject(object);
    return object;
}

static BOOLEAN NameIs(PVOID Object, PCWSTR Expected)
{
    UCHAR buffer[512];
    POBJECT_NAME_INFORMATION info = (POBJECT_NAME_INFORMATION)buffer;
    UNICODE_STRING expected;
    ULONG len = 0;
    RtlInitUnicodeString(&expected, Expected);
    if (!NT_SUCCESS(ObQueryNameString(Object, info, sizeof(buffer), &len)))
        return FALSE;
    return RtlEqualUnicodeString(&info->Name, &expected, FALSE);
}

static void ob_namespace_test_standard_directories_exist(KTEST *t)
{
    static PCWSTR const dirs[] = { L"\\", L"\\Device", L"\\Driver", L"\\GLOBAL??",
                                   L"\\BaseNamedObjects", L"\\KernelObjects", L"\\ObjectTypes",
                                   L"\\Callback" };
    HANDLE h;
    for (ULONG i = 0; i < RTL_NUMBER_OF(dirs); i++) {
        NTSTATUS st = OpenDir(dirs[i], 0, &h);
        KT_EXPECT_EQ(t, st, STATUS_SUCCESS);
        if (NT_SUCCESS(st)) {
            KT_EXPECT_TRUE(t, NameIs(ObjectOf(h), dirs[i]));
            ST(t, ZwClose(h), STATUS_SUCCESS);
        }
    }
}

static void ob_namespace_test_dos_devices_resolve_to_global(KTEST *t)
{
    HANDLE g, q, d;
    ST(t, OpenDir(L"\\GLOBAL??", 0, &g), STATUS_SUCCESS);
    ST(t, OpenDir(L"\\??", 0, &q), STATUS_SUCCESS);
    ST(t, OpenDir(L"\\DosDevices", 0, &d), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, ObjectOf(q), ObjectOf(g));
    KT_EXPECT_PTR_EQ(t, ObjectOf(d), ObjectOf(g));
    ZwClose(g);
    ZwClose(q);
    ZwClose(d);
}

static void ob_namespace_test_create_open_collision_openif(KTEST *t)
{
    HANDLE a, b, c;
    ST(t, CreateDir(L"\\KernelObjects\\NsTest1", 0, &a), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, ((ULONG_PTR)a & 3) == 0);
    ST(t, CreateDir(L"\\KernelObjects\\NsTest1", 0, &b), STATUS_OBJECT_NAME_COLLISION);
    KT_EXPECT_PTR_EQ(t, b, NULL);
    /* OBJ_OPENIF: a success code and a handle to the existing directory. */
    ST(t, CreateDir(L"\\KernelObjects\\NsTest1", OBJ_OPENIF, &b), STATUS_OBJECT_NAME_EXISTS);
    KT_EXPECT_PTR_EQ(t, ObjectOf(b), ObjectOf(a));
    ST(t, OpenDir(L"\\KernelObjects\\NsTest1", 0, &c), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, ObjectOf(c), ObjectOf(a));
    ST(t, ZwClose(a), STATUS_SUCCESS);
    ST(t, ZwClose(b), STATUS_SUCCESS);
    ST(t, ZwClose(c), STATUS_SUCCESS);
}

static void ob_namespace_test_openif_other_type_is_mismatch(KTEST *t)
{
    HANDLE d, l;
    ST(t, CreateDir(L"\\KernelObjects\\NsTest2", 0, &d), STATUS_SUCCESS);
    ST(t, CreateLink(L"\\KernelObjects\\NsTest2", L"\\Device", OBJ_OPENIF, &l),
       STATUS_OBJECT_TYPE_MISMATCH);
    KT_EXPECT_PTR_EQ(t, l, NULL);
    ZwClose(d);
}

static void ob_namespace_test_lookup_statuses(KTEST *t)
{
    HANDLE h;
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;

    /* Last component missing vs a directory on the way missing. */
    ST(t, OpenDir(L"\\Device\\NoSuchThing", 0, &h), STATUS_OBJECT_NAME_NOT_FOUND);
    ST(t, OpenDir(L"\\NoSuchDir\\Thing", 0, &h), STATUS_OBJECT_PATH_NOT_FOUND);
    ST(t, CreateDir(L"\\NoSuchDir\\Thing", 0, &h), STATUS_OBJECT_PATH_NOT_FOUND);
    /* Relative name without a root, empty components, trailing separator. */
    ST(t, OpenDir(L"Device", 0, &h), STATUS_OBJECT_PATH_SYNTAX_BAD);
    ST(t, OpenDir(L"", 0, &h), STATUS_OBJECT_PATH_SYNTAX_BAD);
    ST(t, OpenDir(L"\\Device\\\\X", 0, &h), STATUS_OBJECT_NAME_INVALID);
    ST(t, OpenDir(L"\\Device\\", 0, &h), STATUS_OBJECT_NAME_INVALID);
    /* A type that is not the one asked for; a path through a non-directory. */
    ST(t, OpenLink(L"\\Device", &h), STATUS_OBJECT_TYPE_MISMATCH);
    ST(t, OpenDir(L"\\ObjectTypes\\Directory\\X", 0, &h), STATUS_OBJECT_TYPE_MISMATCH);
    /* Odd-length name, bad Length, bad attributes, NULL attributes. */
    RtlInitUnicodeString(&name, L"\\Device");
    name.Length = 3;
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE, NULL, NULL);
    ST(t, ZwOpenDirectoryObject(&h, DIRECTORY_QUERY, &oa), STATUS_OBJECT_NAME_INVALID);
    RtlInitUnicodeString(&name, L"\\Device");
    oa.Length = 0;
    ST(t, ZwOpenDirectoryObject(&h, DIRECTORY_QUERY, &oa), STATUS_INVALID_PARAMETER);
    InitializeObjectAttributes(&oa, &name, 0x80000000, NULL, NULL);
    ST(t, ZwOpenDirectoryObject(&h, DIRECTORY_QUERY, &oa), STATUS_INVALID_PARAMETER);
    ST(t, ZwOpenDirectoryObject(&h, DIRECTORY_QUERY, NULL), STATUS_INVALID_PARAMETER);
}

static void ob_namespace_test_names_ignore_case(KTEST *t)
{
    HANDLE a, b;
    /* Directories are a case-insensitive type: case never matters for them. */
    ST(t, OpenDir(L"\\DEVICE", 0, &a), STATUS_SUCCESS);
    ST(t, OpenDir(L"\\device", OBJ_CASE_INSENSITIVE, &b), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, ObjectOf(a), ObjectOf(b));
    KT_EXPECT_TRUE(t, NameIs(ObjectOf(a), L"\\Device"));
    ZwClose(a);
    ZwClose(b);
    ST(t, CreateDir(L"\\KernelObjects\\nstest3", 0, &a), STATUS_SUCCESS);
    ST(t, CreateDir(L"\\KernelObjects\\NSTEST3", 0, &b), STATUS_OBJECT_NAME_COLLISION);
    ZwClose(a);
}

static void ob_namespace_test_relative_to_root_directory(KTEST *t)
{
    HANDLE parent, child, again;
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;

    ST(t, CreateDir(L"\\KernelObjects\\NsTest4", 0, &parent), STATUS_SUCCESS);
    RtlInitUnicodeString(&name, L"Child");
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE, parent, NULL);
    ST(t, ZwCreateDirectoryObject(&child, DIRECTORY_ALL_ACCESS, &oa), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, NameIs(ObjectOf(child), L"\\KernelObjects\\NsTest4\\Child"));
    ST(t, OpenDir(L"\\KernelObjects\\NsTest4\\Child", 0, &again), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, ObjectOf(again), ObjectOf(child));
    ZwClose(again);
    /* With a root, an absolute name is a syntax error. */
    RtlInitUnicodeString(&name, L"\\Child");
    ST(t, ZwOpenDirectoryObject(&again, DIRECTORY_QUERY, &oa), STATUS_OBJECT_PATH_SYNTAX_BAD);
    ZwClose(child);
    ZwClose(parent);
}

static void ob_namespace_test_temporary_name_leaves_with_last_handle(KTEST *t)
{
    HANDLE a, b;
    ST(t, CreateDir(L"\\KernelObjects\\NsTest5", 0, &a), STATUS_SUCCESS);
    ST(t, OpenDir(L"\\KernelObjects\\NsTest5", 0, &b), STATUS_SUCCESS);
    ST(t, ZwClose(a), STATUS_SUCCESS);
    ST(t, OpenDir(L"\\KernelObjects\\NsTest5", 0, &a), STATUS_SUCCESS); /* one still open */
    ZwClose(a);
    ST(t, ZwClose(b), STATUS_SUCCESS);
    ST(t, OpenDir(L"\\KernelObjects\\NsTest5", 0, &a), STATUS_OBJECT_NAME_NOT_FOUND);
    /* The name is free again. */
    ST(t, CreateDir(L"\\KernelObjects\\NsTest5", 0, &a), STATUS_SUCCESS);
    ZwClose(a);
}

static void ob_namespace_test_temporary_object_kept_by_reference_loses_name(KTEST *t)
{
    HANDLE a;
    PVOID object;
    ULONG len = 0;
    OBJECT_NAME_INFORMATION info;

    ST(t, CreateDir(L"\\KernelObjects\\NsTest6", 0, &a), STATUS_SUCCESS);
    ST(t, ObReferenceObjectByHandle(a, 0, NULL, KernelMode, &object, NULL), STATUS_SUCCESS);
    ZwClose(a);
    /* Alive through the pointer reference, but no longer in the namespace. */
    ST(t, OpenDir(L"\\KernelObjects\\NsTest6", 0, &a), STATUS_OBJECT_NAME_NOT_FOUND);
    ST(t, ObQueryNameString(object, &info, sizeof(info), &len), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, len, sizeof(OBJECT_NAME_INFORMATION));
    KT_EXPECT_EQ(t, info.Name.Length, 0);
    KT_EXPECT_EQ(t, info.Name.MaximumLength, 0);
    KT_EXPECT_PTR_EQ(t, info.Name.Buffer, NULL);
    ObDereferenceObject(object);
}

static void ob_namespace_test_permanent_stays_until_made_temporary(KTEST *t)
{
    HANDLE a;
    ST(t, CreateDir(L"\\KernelObjects\\NsTest7", OBJ_PERMANENT, &a), STATUS_SUCCESS);
    ZwClose(a);
    ST(t, OpenDir(L"\\KernelObjects\\NsTest7", 0, &a), STATUS_SUCCESS);
    /* Temporary now, but this handle is still open: the name stays until it closes. */
    ST(t, ZwMakeTemporaryObject(a), STATUS_SUCCESS);
    HANDLE b;
    ST(t, OpenDir(L"\\KernelObjects\\NsTest7", 0, &b), STATUS_SUCCESS);
    ZwClose(b);
    ZwClose(a);
    ST(t, OpenDir(L"\\KernelObjects\\NsTest7", 0, &a), STATUS_OBJECT_NAME_NOT_FOUND);
    ST(t, ZwMakeTemporaryObject((HANDLE)(ULONG_PTR)0x7ffc), STATUS_INVALID_HANDLE);
}

static void ob_namespace_test_ob_make_temporary_object_without_handles(KTEST *t)
{
    HANDLE a;
    PVOID object;
    ST(t, CreateDir(L"\\KernelObjects\\NsTest8", OBJ_PERMANENT, &a), STATUS_SUCCESS);
    ST(t, ObReferenceObjectByHandle(a, 0, NULL, KernelMode, &object, NULL), STATUS_SUCCESS);
    ZwClose(a);
    ST(t, OpenDir(L"\\KernelObjects\\NsTest8", 0, &a), STATUS_SUCCESS);
    ZwClose(a);
    ObMakeTemporaryObject(object); /* no handle open: the name goes now */
    ST(t, OpenDir(L"\\KernelObjects\\NsTest8", 0, &a), STATUS_OBJECT_NAME_NOT_FOUND);
    ObDereferenceObject(object);
}

static void ob_namespace_test_symbolic_link_traversal(KTEST *t)
{
    HANDLE dir, link, viaLink, viaDos, viaQ, viaRoot;
    ST(t, CreateDir(L"\\KernelObjects\\NsTest9", 0, &dir), STATUS_SUCCESS);
    ST(t, CreateLink(L"\\DosDevices\\NsTest9Link", L"\\KernelObjects\\NsTest9", 0, &link),
       STATUS_SUCCESS);
    /* Created through \DosDevices, named in \GLOBAL??. */
    KT_EXPECT_TRUE(t, NameIs(ObjectOf(link), L"\\GLOBAL??\\NsTest9Link"));
    ST(t, OpenDir(L"\\GLOBAL??\\NsTest9Link", 0, &viaLink), STATUS_SUCCESS);
    ST(t, OpenDir(L"\\DosDevices\\NsTest9Link", 0, &viaDos), STATUS_SUCCESS);
    ST(t, OpenDir(L"\\??\\NsTest9Link", 0, &viaQ), STATUS_SUCCESS);
    ST(t, OpenDir(L"\\??\\GLOBALROOT\\KernelObjects\\NsTest9", 0, &viaRoot), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, ObjectOf(viaLink), ObjectOf(dir));
    KT_EXPECT_PTR_EQ(t, ObjectOf(viaDos), ObjectOf(dir));
    KT_EXPECT_PTR_EQ(t, ObjectOf(viaQ), ObjectOf(dir));
    KT_EXPECT_PTR_EQ(t, ObjectOf(viaRoot), ObjectOf(dir));
    ZwClose(viaLink);
    ZwClose(viaDos);
    ZwClose(viaQ);
    ZwClose(viaRoot);
    /* A link in the middle of a path: the rest continues at the target. */
    HANDLE child, viaMiddle;
    ST(t, CreateDir(L"\\KernelObjects\\NsTest9\\Sub", 0, &child), STATUS_SUCCESS);
    ST(t, OpenDir(L"\\DosDevices\\NsTest9Link\\Sub", 0, &viaMiddle), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, ObjectOf(viaMiddle), ObjectOf(child));
    ZwClose(viaMiddle);
    ZwClose(child);
    /* ZwOpenSymbolicLinkObject opens the link itself. */
    HANDLE l2;
    ST(t, OpenLink(L"\\??\\NsTest9Link", &l2), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, ObjectOf(l2), ObjectOf(link));
    ZwClose(l2);
    ZwClose(link);
    ZwClose(dir);
    ST(t, OpenLink(L"\\??\\NsTest9Link", &l2), STATUS_OBJECT_NAME_NOT_FOUND);
}

static void ob_namespace_test_dangling_link_and_loop(KTEST *t)
{
    HANDLE a, b, h;
    ST(t, CreateLink(L"\\KernelObjects\\NsLoopA", L"\\KernelObjects\\NsLoopB", 0, &a),
       STATUS_SUCCESS);
    /* Dangling for now: the target's last component is missing. */
    ST(t, OpenDir(L"\\KernelObjects\\NsLoopA", 0, &h), STATUS_OBJECT_NAME_NOT_FOUND);
    ST(t, CreateLink(L"\\KernelObjects\\NsLoopB", L"\\KernelObjects\\NsLoopA", 0, &b),
       STATUS_SUCCESS);
    /* A <-> B: Windows gives up after its reparse limit with STATUS_OBJECT_NAME_NOT_FOUND. */
    ST(t, OpenDir(L"\\KernelObjects\\NsLoopA", 0, &h), STATUS_OBJECT_NAME_NOT_FOUND);
    ST(t, OpenDir(L"\\KernelObjects\\NsLoopA\\X", 0, &h), STATUS_OBJECT_NAME_NOT_FOUND);
    ZwClose(a);
    ZwClose(b);
}

static void ob_namespace_test_dont_reparse(KTEST *t)
{
    HANDLE h;
    ST(t, OpenDir(L"\\DosDevices", OBJ_DONT_REPARSE, &h), (NTSTATUS)0xC000050BL);
    ST(t, OpenDir(L"\\GLOBAL??", OBJ_DONT_REPARSE, &h), STATUS_SUCCESS);
    ZwClose(h);
}

static void ob_namespace_test_query_symbolic_link_lengths(KTEST *t)
{
    HANDLE link;
    WCHAR buffer[64];
    UNICODE_STRING target;
    ULONG returned = 0;
    /* "\\Device\\X" is 9 characters: 18 bytes, 20 with the NUL. */
    ST(t, CreateLink(L"\\KernelObjects\\NsLinkQ", L"\\Device\\X", 0, &link), STATUS_SUCCESS);

    target.Buffer = buffer;
    target.Length = 0;
    target.MaximumLength = sizeof(buffer);
    RtlFillMemory(buffer, sizeof(buffer), 0xCC);
    ST(t, ZwQuerySymbolicLinkObject(link, &target, &returned), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, target.Length, 18);
    KT_EXPECT_EQ(t, returned, 20);
    KT_EXPECT_WCSEQ(t, buffer, L"\\Device\\X");

    /* With ReturnedLength, room for the NUL is required... */
    target.MaximumLength = 18;
    target.Length = 0;
    returned = 0;
    ST(t, ZwQuerySymbolicLinkObject(link, &target, &returned), STATUS_BUFFER_TOO_SMALL);
    KT_EXPECT_EQ(t, returned, 20);
    KT_EXPECT_EQ(t, target.Length, 0);
    /* ...without it, the characters alone are enough. */
    RtlFillMemory(buffer, sizeof(buffer), 0xCC);
    ST(t, ZwQuerySymbolicLinkObject(link, &target, NULL), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, target.Length, 18);
    KT_EXPECT_EQ(t, buffer[9], 0xCCCC); /* no NUL written */
    target.MaximumLength = 16;
    ST(t, ZwQuerySymbolicLinkObject(link, &target, NULL), STATUS_BUFFER_TOO_SMALL);

    /* Not a link handle; not a handle. */
    HANDLE dir;
    ST(t, OpenDir(L"\\Device", 0, &dir), STATUS_SUCCESS);
    ST(t, ZwQuerySymbolicLinkObject(dir, &target, NULL), STATUS_OBJECT_TYPE_MISMATCH);
    ZwClose(dir);
    ZwClose(link);
    ST(t, ZwQuerySymbolicLinkObject(link, &target, NULL), STATUS_INVALID_HANDLE);

    /* A malformed target is refused. */
    UNICODE_STRING name, bad;
    OBJECT_ATTRIBUTES oa;
    RtlInitUnicodeString(&name, L"\\KernelObjects\\NsLinkBad");
    RtlInitUnicodeString(&bad, L"\\Device");
    bad.Length = 3;
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE, NULL, NULL);
    ST(t, ZwCreateSymbolicLinkObject(&link, SYMBOLIC_LINK_ALL_ACCESS, &oa, &bad),
       STATUS_INVALID_PARAMETER);
    ST(t, ZwCreateSymbolicLinkObject(&link, SYMBOLIC_LINK_ALL_ACCESS, &oa, NULL),
       STATUS_INVALID_PARAMETER);
}

static void ob_namespace_test_query_name_string_sizes(KTEST *t)
{
    HANDLE h;
    UCHAR buffer[256];
    POBJECT_NAME_INFORMATION info = (POBJECT_NAME_INFORMATION)buffer;
    ULONG len = 0, need;
    PVOID object;

    ST(t, OpenDir(L"\\Device", 0, &h), STATUS_SUCCESS);
    object = ObjectOf(h);
    /* "\Device" is 14 bytes; the NUL and the structure come on top. */
    need = sizeof(OBJECT_NAME_INFORMATION) + 14 + 2;
    ST(t, ObQueryNameString(object, NULL, 0, &len), STATUS_INFO_LENGTH_MISMATCH);
    KT_EXPECT_EQ(t, len, need);
    len = 0;
    ST(t, ObQueryNameString(object, info, need - 1, &len), STATUS_INFO_LENGTH_MISMATCH);
    KT_EXPECT_EQ(t, len, need);
    len = 0;
    ST(t, ObQueryNameString(object, info, need, &len), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, len, need);
    KT_EXPECT_EQ(t, info->Name.Length, 14);
    KT_EXPECT_EQ(t, info->Name.MaximumLength, 16);
    KT_EXPECT_PTR_EQ(t, info->Name.Buffer, (PWCH)(info + 1));
    KT_EXPECT_WCSEQ(t, info->Name.Buffer, L"\\Device");
    ZwClose(h);

    ST(t, OpenDir(L"\\", 0, &h), STATUS_SUCCESS);
    ST(t, ObQueryNameString(ObjectOf(h), info, sizeof(buffer), &len), STATUS_SUCCESS);
    KT_EXPECT_WCSEQ(t, info->Name.Buffer, L"\\");
    KT_EXPECT_EQ(t, info->Name.Length, 2);
    ZwClose(h);

    /* Unnamed: success with an empty name, but the structure itself must fit. */
    ST(t, ZwCreateDirectoryObject(&h, DIRECTORY_ALL_ACCESS, NULL), STATUS_SUCCESS);
    ST(t, ObQueryNameString(ObjectOf(h), info, sizeof(OBJECT_NAME_INFORMATION) - 1, &len),
       STATUS_INFO_LENGTH_MISMATCH);
    KT_EXPECT_EQ(t, len, sizeof(OBJECT_NAME_INFORMATION));
    ZwClose(h);
}

static void ob_namespace_test_zwclose_twice_and_bad_handles(KTEST *t)
{
    HANDLE h;
    ST(t, CreateDir(L"\\KernelObjects\\NsTest10", 0, &h), STATUS_SUCCESS);
    ST(t, ZwClose(h), STATUS_SUCCESS);
    ST(t, ZwClose(h), STATUS_INVALID_HANDLE);
    ST(t, ZwClose(NULL), STATUS_INVALID_HANDLE);
    ST(t, ZwClose((HANDLE)(ULONG_PTR)0x12345670), STATUS_INVALID_HANDLE);
    ST(t, NtClose(h), STATUS_INVALID_HANDLE);
}

static void ob_namespace_test_kernel_handle_flag_selects_table(KTEST *t)
{
    HANDLE k, u;
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    PVOID object;

    RtlInitUnicodeString(&name, L"\\Device");
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE, NULL, NULL);
    ST(t, ZwOpenDirectoryObject(&k, DIRECTORY_QUERY, &oa), STATUS_SUCCESS);
    InitializeObjectAttributes(&oa, &name, 0, NULL, NULL);
    ST(t, ZwOpenDirectoryObject(&u, DIRECTORY_QUERY, &oa), STATUS_SUCCESS);
    /* Kernel handles are negative (0xFFFFFFFF8xxxxxxx); process handles are not. */
    KT_EXPECT_TRUE(t, (LONG_PTR)k < 0);
    KT_EXPECT_EQ(t, (ULONG_PTR)k & 0xFFFFFFFF80000000ULL, 0xFFFFFFFF80000000ULL);
    KT_EXPECT_TRUE(t, (LONG_PTR)u > 0);
    /* A kernel handle does not exist for a user-mode caller. */
    ST(t, ObReferenceObjectByHandle(k, 0, NULL, UserMode, &object, NULL), STATUS_INVALID_HANDLE);
    KT_EXPECT_PTR_EQ(t, object, NULL);
    ST(t, ObReferenceObjectByHandle(u, DIRECTORY_QUERY, NULL, UserMode, &object, NULL),
       STATUS_SUCCESS);
    ObDereferenceObject(object);
    ZwClose(k);
    ZwClose(u);
}

static void ob_namespace_test_open_object_by_pointer(KTEST *t)
{
    HANDLE h, k, u;
    PVOID dir;
    OBJECT_HANDLE_INFORMATION info;

    ST(t, OpenDir(L"\\Device", 0, &h), STATUS_SUCCESS);
    dir = ObjectOf(h);
    ST(t, ObOpenObjectByPointer(dir, OBJ_KERNEL_HANDLE, NULL, GENERIC_READ, NULL, KernelMode, &k),
       STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, (LONG_PTR)k < 0);
    PVOID again;
    ST(t, ObReferenceObjectByHandle(k, 0, NULL, KernelMode, &again, &info), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, again, dir);
    /* GENERIC_READ mapped through the directory type's generic mapping. */
    KT_EXPECT_EQ(t, info.GrantedAccess, STANDARD_RIGHTS_READ | DIRECTORY_QUERY | DIRECTORY_TRAVERSE);
    ObDereferenceObject(again);
    /* OBJ_KERNEL_HANDLE from user mode: a process handle, as on Windows. */
    ST(t, ObOpenObjectByPointer(dir, OBJ_KERNEL_HANDLE, NULL, 0, NULL, UserMode, &u), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, (LONG_PTR)u > 0);
    ZwClose(u);
    ST(t, ObOpenObjectByPointer(dir, 0, NULL, 0, *IoFileObjectType, KernelMode, &u),
       STATUS_OBJECT_TYPE_MISMATCH);
    KT_EXPECT_PTR_EQ(t, u, NULL);
    ST(t, ObOpenObjectByPointer(dir, 0x80000000, NULL, 0, NULL, KernelMode, &u),
       STATUS_INVALID_PARAMETER);
    ZwClose(k);
    ZwClose(h);
}

static void ob_namespace_test_exported_types(KTEST *t)
{
    POBJECT_TYPE types[7];
    HANDLE h;
    PVOID object;

    types[0] = *IoFileObjectType;
    types[1] = *IoDeviceObjectType;
    types[2] = *IoDriverObjectType;
    types[3] = *ExEventObjectType;
    types[4] = *ExSemaphoreObjectType;
    types[5] = *PsThreadType;
    types[6] = *PsProcessType;
    for (int i = 0; i < 7; i++) {
        KT_EXPECT_TRUE(t, types[i] != NULL);
        for (int j = 0; j < i; j++)
            KT_EXPECT_TRUE(t, types[i] != types[j]);
    }
    /* They are type objects, named in \ObjectTypes. */
    KT_EXPECT_TRUE(t, NameIs(types[0], L"\\ObjectTypes\\File"));
    KT_EXPECT_TRUE(t, NameIs(types[1], L"\\ObjectTypes\\Device"));
    KT_EXPECT_TRUE(t, NameIs(types[2], L"\\ObjectTypes\\Driver"));
    KT_EXPECT_TRUE(t, NameIs(types[3], L"\\ObjectTypes\\Event"));
    KT_EXPECT_TRUE(t, NameIs(types[4], L"\\ObjectTypes\\Semaphore"));
    KT_EXPECT_TRUE(t, NameIs(types[5], L"\\ObjectTypes\\Thread"));
    KT_EXPECT_TRUE(t, NameIs(types[6], L"\\ObjectTypes\\Process"));
    /* A directory handle is not an event handle. */
    ST(t, OpenDir(L"\\Device", 0, &h), STATUS_SUCCESS);
    ST(t, ObReferenceObjectByHandle(h, 0, *ExEventObjectType, KernelMode, &object, NULL),
       STATUS_OBJECT_TYPE_MISMATCH);
    KT_EXPECT_PTR_EQ(t, object, NULL);
    ST(t, ObReferenceObjectByPointer(ObjectOf(h), 0, *ExEventObjectType, KernelMode),
       STATUS_OBJECT_TYPE_MISMATCH);
    ZwClose(h);
}

static void ob_namespace_test_pseudo_handles(KTEST *t)
{
    KT_EXPECT_EQ(t, (LONG_PTR)NtCurrentProcess(), -1);
    KT_EXPECT_EQ(t, (LONG_PTR)ZwCurrentProcess(), -1);
    KT_EXPECT_EQ(t, (LONG_PTR)NtCurrentThread(), -2);
    KT_EXPECT_EQ(t, (LONG_PTR)ZwCurrentThread(), -2);
    /* Closing a pseudo-handle is not closing anything. */
    ST(t, ZwClose(NtCurrentProcess()), STATUS_INVALID_HANDLE);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ob_namespace_test_standard_directories_exist),
    KTEST_CASE_ENTRY(ob_namespace_test_dos_devices_resolve_to_global),
    KTEST_CASE_ENTRY(ob_namespace_test_create_open_collision_openif),
    KTEST_CASE_ENTRY(ob_namespace_test_openif_other_type_is_mismatch),
    KTEST_CASE_ENTRY(ob_namespace_test_lookup_statuses),
    KTEST_CASE_ENTRY(ob_namespace_test_names_ignore_case),
    KTEST_CASE_ENTRY(ob_namespace_test_relative_to_root_directory),
    KTEST_CASE_ENTRY(ob_namespace_test_temporary_name_leaves_with_last_handle),
    KTEST_CASE_ENTRY(ob_namespace_test_temporary_object_kept_by_reference_loses_name),
    KTEST_CASE_ENTRY(ob_namespace_test_permanent_stays_until_made_temporary),
    KTEST_CASE_ENTRY(ob_namespace_test_ob_make_temporary_object_without_handles),
    KTEST_CASE_ENTRY(ob_namespace_test_symbolic_link_traversal),
    KTEST_CASE_ENTRY(ob_namespace_test_dangling_link_and_loop),
    KTEST_CASE_ENTRY(ob_namespace_test_dont_reparse),
    KTEST_CASE_ENTRY(ob_namespace_test_query_symbolic_link_lengths),
    KTEST_CASE_ENTRY(ob_namespace_test_query_name_string_sizes),
    KTEST_CASE_ENTRY(ob_namespace_test_zwclose_twice_and_bad_handles),
    KTEST_CASE_ENTRY(ob_namespace_test_kernel_handle_flag_selects_table),
    KTEST_CASE_ENTRY(ob_namespace_test_open_object_by_pointer),
    KTEST_CASE_ENTRY(ob_namespace_test_exported_types),
    KTEST_CASE_ENTRY(ob_namespace_test_pseudo_handles),
    {0}
};
KTEST_SUITE(ob_namespace, cases);
