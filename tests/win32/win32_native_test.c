/*
 * PURPOSE: Runtime-mode tests of the native services an app reaches (previous mode UserMode,
 * through NT_SYSCALL) with bad input: invalid, closed and kernel handles, NULL, kernel-range
 * and misaligned pointers, absurd counts, handles without the access a service needs. Each
 * gets the status Windows gives; none crashes kmode. (The I/O services' buffer and access
 * checks on devices are in tests/io; these are the cases the audit of issue 4 found missing.)
 */
#include <stdio.h>
#include <unistd.h>
#include <internal/win32.h>
#include "ktest.h"

void *win32_test_kernel_pointer(void);

#define BAD_HANDLE ((HANDLE)(ULONG_PTR)0x7777770)

/* A kernel handle (OBJ_KERNEL_HANDLE) to a fresh notification event, and a user one. */
static HANDLE KernelEvent(void)
{
    OBJECT_ATTRIBUTES oa;
    HANDLE h = NULL;
    InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    NtCreateEvent(&h, EVENT_ALL_ACCESS, &oa, NotificationEvent, TRUE);
    return h;
}

static HANDLE UserEvent(ACCESS_MASK Access, BOOLEAN Signaled)
{
    HANDLE h = NULL;
    NT_SYSCALL(NtCreateEvent(&h, Access, NULL, NotificationEvent, Signaled));
    return h;
}

/* Opens (creating) a host file through NtCreateFile from "user mode". */
static NTSTATUS OpenTempFile(PHANDLE Handle, ACCESS_MASK Access, ULONG Options, char *Path, size_t Size)
{
    WCHAR name[300];
    UNICODE_STRING us;
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    int n, i;

    n = snprintf(Path, Size, "/tmp/kmode-native-%d.tmp", (int)getpid());
    static const WCHAR prefix[] = L"\\??\\C:";
    for (i = 0; i < 6; i++)
        name[i] = prefix[i];
    for (i = 0; i < n && i < 280; i++)
        name[6 + i] = Path[i] == '/' ? L'\\' : (WCHAR)Path[i];
    name[6 + i] = 0;
    RtlInitUnicodeString(&us, name);
    InitializeObjectAttributes(&oa, &us, OBJ_CASE_INSENSITIVE, NULL, NULL);
    return NT_SYSCALL(NtCreateFile(Handle, Access | SYNCHRONIZE, &oa, &iosb, NULL, FILE_ATTRIBUTE_NORMAL,
                                   FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                                   FILE_OPEN_IF, FILE_NON_DIRECTORY_FILE | Options, NULL, 0));
}

static void win32_native_test_close(KTEST *t)
{
    HANDLE k = KernelEvent(), u = UserEvent(EVENT_ALL_ACCESS, FALSE);

    KT_ASSERT_TRUE(t, k != NULL && u != NULL);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtClose(NULL)), STATUS_INVALID_HANDLE);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtClose(BAD_HANDLE)), STATUS_INVALID_HANDLE);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtClose(k)), STATUS_INVALID_HANDLE);      /* kernel handle */
    KT_EXPECT_EQ(t, NT_SYSCALL(NtClose(u)), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtClose(u)), STATUS_INVALID_HANDLE);      /* closed */
    KT_EXPECT_EQ(t, NtClose(k), STATUS_SUCCESS);
}

static void win32_native_test_wait_single(KTEST *t)
{
    HANDLE k = KernelEvent();
    HANDLE sig = UserEvent(EVENT_ALL_ACCESS, TRUE);
    HANDLE nosync = UserEvent(EVENT_MODIFY_STATE, TRUE);
    LARGE_INTEGER zero = { .QuadPart = 0 };
    UCHAR raw[16] = { 0 };

    KT_ASSERT_TRUE(t, k && sig && nosync);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtWaitForSingleObject(sig, FALSE, &zero)), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtWaitForSingleObject(NULL, FALSE, &zero)), STATUS_INVALID_HANDLE);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtWaitForSingleObject(BAD_HANDLE, FALSE, &zero)), STATUS_INVALID_HANDLE);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtWaitForSingleObject(k, FALSE, &zero)), STATUS_INVALID_HANDLE);
    /* the wait needs SYNCHRONIZE */
    KT_EXPECT_EQ(t, NT_SYSCALL(NtWaitForSingleObject(nosync, FALSE, &zero)), STATUS_ACCESS_DENIED);
    /* the timeout is probed: kernel range, misaligned */
    KT_EXPECT_EQ(t, NT_SYSCALL(NtWaitForSingleObject(sig, FALSE, (PLARGE_INTEGER)win32_test_kernel_pointer())),
                 STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtWaitForSingleObject(sig, FALSE, (PLARGE_INTEGER)(raw + 1))),
                 STATUS_DATATYPE_MISALIGNMENT);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtWaitForSingleObject(sig, FALSE, (PLARGE_INTEGER)(ULONG_PTR)0x1000)),
                 STATUS_ACCESS_VIOLATION);
    NT_SYSCALL(NtClose(sig));
    NT_SYSCALL(NtClose(nosync));
    NtClose(k);
}

static void win32_native_test_wait_multiple(KTEST *t)
{
    HANDLE sig = UserEvent(EVENT_ALL_ACCESS, TRUE);
    HANDLE nosync = UserEvent(EVENT_MODIFY_STATE, TRUE);
    HANDLE k = KernelEvent();
    HANDLE h[MAXIMUM_WAIT_OBJECTS + 1];
    LARGE_INTEGER zero = { .QuadPart = 0 };

    KT_ASSERT_TRUE(t, sig && nosync && k);
    for (int i = 0; i <= MAXIMUM_WAIT_OBJECTS; i++)
        h[i] = sig;
    KT_EXPECT_EQ(t, NT_SYSCALL(NtWaitForMultipleObjects(1, h, WaitAny, FALSE, &zero)), STATUS_WAIT_0);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtWaitForMultipleObjects(0, h, WaitAny, FALSE, &zero)),
                 STATUS_INVALID_PARAMETER_1);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtWaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS + 1, h, WaitAny, FALSE, &zero)),
                 STATUS_INVALID_PARAMETER_1);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtWaitForMultipleObjects(2, h, (WAIT_TYPE)7, FALSE, &zero)),
                 STATUS_INVALID_PARAMETER_3);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtWaitForMultipleObjects(2, h, WaitAll, FALSE, &zero)),
                 STATUS_INVALID_PARAMETER_MIX);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtWaitForMultipleObjects(2, NULL, WaitAny, FALSE, &zero)),
                 STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtWaitForMultipleObjects(2, (HANDLE *)win32_test_kernel_pointer(), WaitAny,
                                                        FALSE, &zero)),
                 STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtWaitForMultipleObjects(1, h, WaitAny, FALSE,
                                                        (PLARGE_INTEGER)win32_test_kernel_pointer())),
                 STATUS_ACCESS_VIOLATION);
    h[1] = BAD_HANDLE;
    KT_EXPECT_EQ(t, NT_SYSCALL(NtWaitForMultipleObjects(2, h, WaitAny, FALSE, &zero)), STATUS_INVALID_HANDLE);
    h[1] = k;
    KT_EXPECT_EQ(t, NT_SYSCALL(NtWaitForMultipleObjects(2, h, WaitAny, FALSE, &zero)), STATUS_INVALID_HANDLE);
    h[1] = nosync;
    KT_EXPECT_EQ(t, NT_SYSCALL(NtWaitForMultipleObjects(2, h, WaitAny, FALSE, &zero)), STATUS_ACCESS_DENIED);
    NT_SYSCALL(NtClose(sig));
    NT_SYSCALL(NtClose(nosync));
    NtClose(k);
}

static void win32_native_test_create_file_attributes(KTEST *t)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\??\\C:\\tmp");
    UNICODE_STRING bad;
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    HANDLE h = NULL;

    /* OBJECT_ATTRIBUTES.Length must be its size */
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    oa.Length = 8;
    KT_EXPECT_EQ(t, NT_SYSCALL(NtOpenFile(&h, FILE_READ_ATTRIBUTES, &oa, &iosb, FILE_SHARE_READ, 0)),
                 STATUS_INVALID_PARAMETER);
    /* a name whose Length is odd or beyond MaximumLength */
    bad = name;
    bad.Length = 5;
    InitializeObjectAttributes(&oa, &bad, OBJ_CASE_INSENSITIVE, NULL, NULL);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtOpenFile(&h, FILE_READ_ATTRIBUTES, &oa, &iosb, FILE_SHARE_READ, 0)),
                 STATUS_OBJECT_NAME_INVALID);
    bad.Length = (USHORT)(name.MaximumLength + 2);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtOpenFile(&h, FILE_READ_ATTRIBUTES, &oa, &iosb, FILE_SHARE_READ, 0)),
                 STATUS_OBJECT_NAME_INVALID);
    /* the name's buffer and the UNICODE_STRING itself are probed */
    bad.Length = 8;
    bad.MaximumLength = 8;
    bad.Buffer = (PWCH)win32_test_kernel_pointer();
    KT_EXPECT_EQ(t, NT_SYSCALL(NtOpenFile(&h, FILE_READ_ATTRIBUTES, &oa, &iosb, FILE_SHARE_READ, 0)),
                 STATUS_ACCESS_VIOLATION);
    InitializeObjectAttributes(&oa, (PUNICODE_STRING)win32_test_kernel_pointer(), 0, NULL, NULL);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtOpenFile(&h, FILE_READ_ATTRIBUTES, &oa, &iosb, FILE_SHARE_READ, 0)),
                 STATUS_ACCESS_VIOLATION);
    /* a root directory handle that is not one */
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE, BAD_HANDLE, NULL);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtCreateFile(&h, FILE_READ_ATTRIBUTES, &oa, &iosb, NULL, 0, FILE_SHARE_READ,
                                            FILE_OPEN, 0, NULL, 0)),
                 STATUS_INVALID_HANDLE);
}

static void win32_native_test_cancel_io(KTEST *t)
{
    char path[128];
    HANDLE f = NULL, ev = UserEvent(EVENT_ALL_ACCESS, FALSE), k = KernelEvent();
    IO_STATUS_BLOCK iosb, other;

    KT_ASSERT_EQ(t, OpenTempFile(&f, FILE_READ_DATA | FILE_WRITE_DATA, 0, path, sizeof path), STATUS_SUCCESS);
    /* nothing to cancel: success (NtCancelIoFile), not found (Ex) */
    KT_EXPECT_EQ(t, NT_SYSCALL(NtCancelIoFile(f, &iosb)), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, iosb.Status, STATUS_SUCCESS);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtCancelIoFileEx(f, NULL, &iosb)), STATUS_NOT_FOUND);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtCancelIoFileEx(f, &other, &iosb)), STATUS_NOT_FOUND);
    /* bad handles */
    KT_EXPECT_EQ(t, NT_SYSCALL(NtCancelIoFile(NULL, &iosb)), STATUS_INVALID_HANDLE);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtCancelIoFile(BAD_HANDLE, &iosb)), STATUS_INVALID_HANDLE);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtCancelIoFileEx(BAD_HANDLE, NULL, &iosb)), STATUS_INVALID_HANDLE);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtCancelIoFile(k, &iosb)), STATUS_INVALID_HANDLE);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtCancelIoFileEx(k, NULL, &iosb)), STATUS_INVALID_HANDLE);
    /* not a file */
    KT_EXPECT_EQ(t, NT_SYSCALL(NtCancelIoFile(ev, &iosb)), STATUS_OBJECT_TYPE_MISMATCH);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtCancelIoFileEx(ev, NULL, &iosb)), STATUS_OBJECT_TYPE_MISMATCH);
    /* the IO_STATUS_BLOCK is probed */
    KT_EXPECT_EQ(t, NT_SYSCALL(NtCancelIoFile(f, NULL)), STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtCancelIoFile(f, (PIO_STATUS_BLOCK)win32_test_kernel_pointer())),
                 STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtCancelIoFileEx(f, NULL, (PIO_STATUS_BLOCK)win32_test_kernel_pointer())),
                 STATUS_ACCESS_VIOLATION);
    NT_SYSCALL(NtClose(f));
    NT_SYSCALL(NtClose(ev));
    NtClose(k);
    unlink(path);
}

static void win32_native_test_read_write_files(KTEST *t)
{
    char path[128];
    HANDLE f = NULL, ro = NULL, ev = UserEvent(EVENT_ALL_ACCESS, FALSE);
    IO_STATUS_BLOCK iosb;
    UCHAR buf[16] = "0123456789";
    LARGE_INTEGER at = { .QuadPart = 0 };

    KT_ASSERT_EQ(t, OpenTempFile(&f, FILE_READ_DATA | FILE_WRITE_DATA, FILE_SYNCHRONOUS_IO_NONALERT,
                                 path, sizeof path), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtWriteFile(f, NULL, NULL, NULL, &iosb, buf, 10, &at, NULL)), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, iosb.Information, 10);
    /* buffers: NULL, kernel range, absurd length */
    KT_EXPECT_EQ(t, NT_SYSCALL(NtWriteFile(f, NULL, NULL, NULL, &iosb, NULL, 4, &at, NULL)),
                 STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtWriteFile(f, NULL, NULL, NULL, &iosb, win32_test_kernel_pointer(), 4, &at, NULL)),
                 STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtReadFile(f, NULL, NULL, NULL, &iosb, buf, 0xFFFFFFF0, &at, NULL)),
                 STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtReadFile(f, NULL, NULL, NULL, &iosb, buf, 4,
                                          (PLARGE_INTEGER)win32_test_kernel_pointer(), NULL)),
                 STATUS_ACCESS_VIOLATION);
    /* handles: an event, a kernel handle */
    KT_EXPECT_EQ(t, NT_SYSCALL(NtReadFile(ev, NULL, NULL, NULL, &iosb, buf, 4, &at, NULL)),
                 STATUS_OBJECT_TYPE_MISMATCH);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtWriteFile(BAD_HANDLE, NULL, NULL, NULL, &iosb, buf, 4, &at, NULL)),
                 STATUS_INVALID_HANDLE);
    /* an event handle for the completion event that is not an event */
    KT_EXPECT_EQ(t, NT_SYSCALL(NtReadFile(f, f, NULL, NULL, &iosb, buf, 4, &at, NULL)),
                 STATUS_OBJECT_TYPE_MISMATCH);
    NT_SYSCALL(NtClose(f));
    /* wrong access: read-only handle */
    KT_ASSERT_EQ(t, OpenTempFile(&ro, FILE_READ_DATA, FILE_SYNCHRONOUS_IO_NONALERT, path, sizeof path),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtWriteFile(ro, NULL, NULL, NULL, &iosb, buf, 4, &at, NULL)), STATUS_ACCESS_DENIED);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtReadFile(ro, NULL, NULL, NULL, &iosb, buf, 4, &at, NULL)), STATUS_SUCCESS);
    KT_EXPECT_MEMEQ(t, buf, "0123", 4);
    NT_SYSCALL(NtClose(ro));
    NT_SYSCALL(NtClose(ev));
    unlink(path);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(win32_native_test_close),
    KTEST_CASE_ENTRY(win32_native_test_wait_single),
    KTEST_CASE_ENTRY(win32_native_test_wait_multiple),
    KTEST_CASE_ENTRY(win32_native_test_create_file_attributes),
    KTEST_CASE_ENTRY(win32_native_test_cancel_io),
    KTEST_CASE_ENTRY(win32_native_test_read_write_files),
    { 0 }
};

KTEST_SUITE(win32_native, cases);
