/*
 * PURPOSE: Tests for file objects and opening devices (src/io/create.c, file.c): CREATE with
 * the remaining name, CLEANUP then CLOSE, failed creates leave no handle and no CLEANUP,
 * pended creates, device checks (missing, initializing, exclusive, deleted), reference
 * counts, IoGetDeviceObjectPointer, Zw* from kernel mode and Nt* as a user-mode caller.
 */
#include "io_file_common.h"

static void io_file_test_open_and_close_order(KTEST *t)
{
    HANDLE h = NULL;
    IO_STATUS_BLOCK iosb = { .Information = 77 };
    PFILE_OBJECT file;

    IoTestLoadDriver(t);
    KT_ASSERT_EQ(t, IoTestOpen(IOFT_BUFFERED_NAME, FILE_READ_DATA | SYNCHRONIZE,
                               FILE_SYNCHRONOUS_IO_NONALERT, &h, &iosb), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, (LONG_PTR)h < 0);                /* OBJ_KERNEL_HANDLE from kernel mode */
    KT_EXPECT_EQ(t, iosb.Status, STATUS_SUCCESS);
    KT_EXPECT_EQ(t, iosb.Information, FILE_OPENED);
    KT_EXPECT_LOG(t, "C");
    KT_EXPECT_EQ(t, IoftState.FileNameLength, 0);
    KT_EXPECT_EQ(t, IoftState.CreateRequestorMode, KernelMode);
    KT_EXPECT_EQ(t, IoftState.CreateOptions, (FILE_OPEN << 24) | FILE_SYNCHRONOUS_IO_NONALERT);
    KT_EXPECT_EQ(t, IoftState.ShareAccess, FILE_SHARE_READ | FILE_SHARE_WRITE);
    KT_EXPECT_EQ(t, IoftState.DesiredAccess, FILE_READ_DATA | SYNCHRONIZE);
    KT_EXPECT_TRUE(t, IoftState.StackFlags & SL_CASE_SENSITIVE ? FALSE : TRUE);
    KT_EXPECT_TRUE(t, IoftState.FileObjectFlags & FO_SYNCHRONOUS_IO);
    file = IoTestFileObject(h);
    KT_ASSERT_TRUE(t, file != NULL);
    KT_EXPECT_PTR_EQ(t, file, IoftState.CreateFileObject);
    KT_EXPECT_EQ(t, file->Type, IO_TYPE_FILE);
    KT_EXPECT_EQ(t, file->Size, sizeof(FILE_OBJECT));
    KT_EXPECT_PTR_EQ(t, file->DeviceObject, IoftState.Buffered);
    KT_EXPECT_PTR_EQ(t, file->FsContext, (PVOID)0x1234);   /* what the driver stored */
    KT_EXPECT_TRUE(t, file->ReadAccess);
    KT_EXPECT_FALSE(t, file->WriteAccess);
    KT_EXPECT_EQ(t, IoftState.Buffered->ReferenceCount, 1);   /* one open file object */
    KT_EXPECT_EQ(t, ZwClose(h), STATUS_SUCCESS);
    KT_EXPECT_LOG(t, "CU");                            /* our reference keeps it: no CLOSE */
    KT_EXPECT_PTR_EQ(t, IoftState.CleanupFileObject, file);
    ObDereferenceObject(file);
    KT_EXPECT_LOG(t, "CUX");
    KT_EXPECT_PTR_EQ(t, IoftState.CloseFileObject, file);
    KT_EXPECT_EQ(t, IoftState.Buffered->ReferenceCount, 0);
}

static void io_file_test_remaining_name_through_link(KTEST *t)
{
    HANDLE h;
    PFILE_OBJECT file;

    IoTestLoadDriver(t);
    KT_ASSERT_EQ(t, IoTestOpen(IOFT_BUFFERED_DOS L"\\sub\\Name", FILE_READ_DATA, 0, &h, NULL),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, IoftState.FileNameLength, sizeof(L"\\sub\\Name") - sizeof(WCHAR));
    KT_EXPECT_MEMEQ(t, IoftState.FileName, L"\\sub\\Name", IoftState.FileNameLength);
    file = IoTestFileObject(h);
    KT_EXPECT_PTR_EQ(t, file->DeviceObject, IoftState.Buffered);   /* the link's target */
    KT_EXPECT_EQ(t, file->FileName.Length, sizeof(L"\\sub\\Name") - sizeof(WCHAR));
    ObDereferenceObject(file);
    ZwClose(h);
    /* \DosDevices is \?? for a kernel-mode caller. */
    KT_ASSERT_EQ(t, IoTestOpen(IOFT_BUFFERED_LINK, FILE_READ_DATA, 0, &h, NULL), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, IoftState.FileNameLength, 0);
    ZwClose(h);
    KT_EXPECT_LOG(t, "CUXCUX");
}

static void io_file_test_relative_open(KTEST *t)
{
    HANDLE parent, child;
    UNICODE_STRING rel = RTL_CONSTANT_STRING(L"child");
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    PFILE_OBJECT parentFile;

    IoTestLoadDriver(t);
    KT_ASSERT_EQ(t, IoTestOpen(IOFT_DIRECT_NAME L"\\dir", FILE_READ_DATA, 0, &parent, NULL),
                 STATUS_SUCCESS);
    parentFile = IoTestFileObject(parent);
    InitializeObjectAttributes(&oa, &rel, OBJ_KERNEL_HANDLE, parent, NULL);
    KT_ASSERT_EQ(t, ZwCreateFile(&child, FILE_READ_DATA, &oa, &iosb, NULL, 0, 0, FILE_OPEN, 0, NULL,
                                 0),
                 STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, IoftState.RelatedFileObject, parentFile);
    KT_EXPECT_EQ(t, IoftState.FileNameLength, sizeof(L"child") - sizeof(WCHAR));
    KT_EXPECT_MEMEQ(t, IoftState.FileName, L"child", IoftState.FileNameLength);
    KT_EXPECT_TRUE(t, IoftState.CreateFileObject != parentFile);
    KT_EXPECT_PTR_EQ(t, IoftState.CreateFileObject->DeviceObject, IoftState.Direct);
    ZwClose(child);
    ObDereferenceObject(parentFile);
    ZwClose(parent);
    KT_EXPECT_LOG(t, "CCUXUX");
}

static void io_file_test_failed_create_gives_no_handle(KTEST *t)
{
    HANDLE h = (HANDLE)(ULONG_PTR)0x5555;
    IO_STATUS_BLOCK iosb = { .Status = 99, .Information = 99 };

    IoTestLoadDriver(t);
    KT_EXPECT_EQ(t, IoTestOpen(IOFT_BUFFERED_DOS IOFT_FAIL_NAME, FILE_READ_DATA, 0, &h, &iosb),
                 STATUS_OBJECT_NAME_NOT_FOUND);
    KT_EXPECT_PTR_EQ(t, h, (HANDLE)(ULONG_PTR)0x5555);       /* untouched */
    KT_EXPECT_EQ(t, iosb.Status, STATUS_OBJECT_NAME_NOT_FOUND);   /* the driver's status */
    KT_EXPECT_LOG(t, "F");                                    /* no CLEANUP, no CLOSE */
    KT_EXPECT_EQ(t, IoftState.Buffered->ReferenceCount, 0);
}

static void io_file_test_pended_create_completes_from_thread(KTEST *t)
{
    HANDLE h;
    IO_STATUS_BLOCK iosb;

    IoTestLoadDriver(t);
    KT_ASSERT_EQ(t, IoTestOpen(IOFT_BUFFERED_DOS IOFT_PEND_NAME, FILE_READ_DATA, 0, &h, &iosb),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, iosb.Information, FILE_OPENED);
    ZwClose(h);
    KT_EXPECT_LOG(t, "CUX");
}

static void io_file_test_device_checks(KTEST *t)
{
    UNICODE_STRING initName = RTL_CONSTANT_STRING(IOFT_INITIALIZING_NAME);
    PDEVICE_OBJECT initializing;
    HANDLE h1, h2;

    IoTestLoadDriver(t);
    KT_ASSERT_EQ(t, IoCreateDevice(IoftState.Driver, 0, &initName, FILE_DEVICE_UNKNOWN, 0, FALSE,
                                   &initializing),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, IoTestOpen(L"\\Device\\IoFtNoSuchDevice", FILE_READ_DATA, 0, &h1, NULL),
                 STATUS_OBJECT_NAME_NOT_FOUND);
    KT_EXPECT_EQ(t, IoTestOpen(L"\\NoSuchDirectory\\X", FILE_READ_DATA, 0, &h1, NULL),
                 STATUS_OBJECT_PATH_NOT_FOUND);
    KT_EXPECT_EQ(t, IoTestOpen(IOFT_INITIALIZING_NAME, FILE_READ_DATA, 0, &h1, NULL),
                 STATUS_NO_SUCH_DEVICE);
    IoDeleteDevice(initializing);
    /* An object that is no device: no file object comes of it. */
    KT_EXPECT_EQ(t, IoTestOpen(L"\\Driver", FILE_READ_DATA, 0, &h1, NULL),
                 STATUS_OBJECT_TYPE_MISMATCH);
    /* Exclusive: one open file object at a time. */
    KT_ASSERT_EQ(t, IoTestOpen(IOFT_EXCLUSIVE_NAME, FILE_READ_DATA, 0, &h1, NULL), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, IoTestOpen(IOFT_EXCLUSIVE_NAME, FILE_READ_DATA, 0, &h2, NULL),
                 STATUS_ACCESS_DENIED);
    ZwClose(h1);
    KT_ASSERT_EQ(t, IoTestOpen(IOFT_EXCLUSIVE_NAME, FILE_READ_DATA, 0, &h2, NULL), STATUS_SUCCESS);
    ZwClose(h2);
    KT_EXPECT_LOG(t, "CUXCUX");
}

static void io_file_test_invalid_parameters(KTEST *t)
{
    HANDLE h;
    UNICODE_STRING name = RTL_CONSTANT_STRING(IOFT_BUFFERED_NAME);
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;

    IoTestLoadDriver(t);
    /* Synchronous I/O needs SYNCHRONIZE access. */
    KT_EXPECT_EQ(t, IoTestOpen(IOFT_BUFFERED_NAME, FILE_READ_DATA, FILE_SYNCHRONOUS_IO_NONALERT,
                               &h, NULL),
                 STATUS_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, IoTestOpen(IOFT_BUFFERED_NAME, FILE_READ_DATA | SYNCHRONIZE,
                               FILE_SYNCHRONOUS_IO_NONALERT | FILE_SYNCHRONOUS_IO_ALERT, &h, NULL),
                 STATUS_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, IoTestOpen(IOFT_BUFFERED_NAME, FILE_READ_DATA, FILE_DELETE_ON_CLOSE, &h, NULL),
                 STATUS_INVALID_PARAMETER);
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE, NULL, NULL);
    KT_EXPECT_EQ(t, ZwCreateFile(&h, FILE_READ_DATA, &oa, &iosb, NULL, 0, 0,
                                 FILE_MAXIMUM_DISPOSITION + 1, 0, NULL, 0),
                 STATUS_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, ZwCreateFile(&h, FILE_READ_DATA, &oa, &iosb, NULL, 0, 0x10, FILE_OPEN, 0,
                                 NULL, 0),
                 STATUS_INVALID_PARAMETER);                       /* share access */
    KT_EXPECT_EQ(t, ZwCreateFile(&h, FILE_READ_DATA, &oa, &iosb, NULL, 0, 0, FILE_OPEN, 0, NULL,
                                 8),
                 STATUS_INVALID_PARAMETER);                       /* EaLength without EAs */
    KT_EXPECT_LOG(t, "");                                         /* the driver saw nothing */
}

static void io_file_test_cleanup_waits_for_last_handle(KTEST *t)
{
    HANDLE h1, h2;
    PFILE_OBJECT file;

    IoTestLoadDriver(t);
    KT_ASSERT_EQ(t, IoTestOpen(IOFT_BUFFERED_NAME, FILE_READ_DATA, 0, &h1, NULL), STATUS_SUCCESS);
    file = IoTestFileObject(h1);
    KT_ASSERT_EQ(t, ObOpenObjectByPointer(file, OBJ_KERNEL_HANDLE, NULL, FILE_READ_DATA,
                                          *IoFileObjectType, KernelMode, &h2),
                 STATUS_SUCCESS);
    ObDereferenceObject(file);
    ZwClose(h1);
    KT_EXPECT_LOG(t, "C");                              /* another handle is open */
    ZwClose(h2);
    KT_EXPECT_LOG(t, "CUX");
}

static void io_file_test_get_device_object_pointer(KTEST *t)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(IOFT_BUFFERED_DOS);
    UNICODE_STRING missing = RTL_CONSTANT_STRING(L"\\Device\\IoFtMissing");
    PFILE_OBJECT file = NULL;
    PDEVICE_OBJECT device = NULL;

    IoTestLoadDriver(t);
    KT_ASSERT_EQ(t, IoGetDeviceObjectPointer(&name, FILE_READ_DATA, &file, &device),
                 STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, device, IoftState.Buffered);
    KT_EXPECT_PTR_EQ(t, file->DeviceObject, IoftState.Buffered);
    KT_EXPECT_LOG(t, "CU");                    /* the handle is already closed */
    KT_EXPECT_EQ(t, IoftState.Buffered->ReferenceCount, 1);
    ObDereferenceObject(file);
    KT_EXPECT_LOG(t, "CUX");
    KT_EXPECT_EQ(t, IoftState.Buffered->ReferenceCount, 0);
    KT_EXPECT_EQ(t, IoGetDeviceObjectPointer(&missing, FILE_READ_DATA, &file, &device),
                 STATUS_OBJECT_NAME_NOT_FOUND);
}

static void io_file_test_deleted_device_keeps_open_files(KTEST *t)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\IoFtTemporary");
    PDEVICE_OBJECT device;
    HANDLE h, h2;

    IoTestLoadDriver(t);
    KT_ASSERT_EQ(t, IoCreateDevice(IoftState.Driver, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE,
                                   &device),
                 STATUS_SUCCESS);
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    KT_ASSERT_EQ(t, IoTestOpen(L"\\Device\\IoFtTemporary", FILE_READ_DATA, 0, &h, NULL),
                 STATUS_SUCCESS);
    IoDeleteDevice(device);                  /* deferred: a file is open on it */
    KT_EXPECT_EQ(t, IoTestOpen(L"\\Device\\IoFtTemporary", FILE_READ_DATA, 0, &h2, NULL),
                 STATUS_OBJECT_NAME_NOT_FOUND);
    ZwClose(h);                              /* CLEANUP, CLOSE, then the device goes */
    KT_EXPECT_LOG(t, "CUX");
}

static void io_file_test_user_mode_open(KTEST *t)
{
    HANDLE h = NULL;
    IO_STATUS_BLOCK iosb;
    UNICODE_STRING name = RTL_CONSTANT_STRING(IOFT_BUFFERED_DOS);
    OBJECT_ATTRIBUTES oa;

    IoTestLoadDriver(t);
    KT_ASSERT_EQ(t, IoTestOpenUser(IOFT_BUFFERED_DOS, GENERIC_READ | SYNCHRONIZE,
                                   FILE_SYNCHRONOUS_IO_NONALERT, &h, &iosb),
                 STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, (LONG_PTR)h > 0);                         /* a process handle */
    KT_EXPECT_EQ(t, IoftState.CreateRequestorMode, UserMode);
    KT_EXPECT_TRUE(t, IoftState.StackFlags & SL_FORCE_ACCESS_CHECK);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtClose(h)), STATUS_SUCCESS);
    KT_EXPECT_LOG(t, "CUX");

    /* Bad pointers from user mode: the driver never sees the request. */
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtCreateFile(NULL, FILE_READ_DATA, &oa, &iosb, NULL, 0, 0,
                                            FILE_OPEN, 0, NULL, 0)),
                 STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtCreateFile(&h, FILE_READ_DATA, IO_TEST_KERNEL_ADDRESS, &iosb,
                                            NULL, 0, 0, FILE_OPEN, 0, NULL, 0)),
                 STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtCreateFile(&h, FILE_READ_DATA, &oa, IO_TEST_KERNEL_ADDRESS,
                                            NULL, 0, 0, FILE_OPEN, 0, NULL, 0)),
                 STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtOpenFile(&h, FILE_READ_DATA, &oa, NULL, 0, 0)),
                 STATUS_ACCESS_VIOLATION);
    KT_EXPECT_LOG(t, "CUX");
    /* NtOpenFile works like NtCreateFile with FILE_OPEN. */
    KT_ASSERT_EQ(t, NT_SYSCALL(NtOpenFile(&h, FILE_READ_DATA, &oa, &iosb, FILE_SHARE_READ, 0)),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, IoftState.CreateOptions, FILE_OPEN << 24);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtClose(h)), STATUS_SUCCESS);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_file_test_open_and_close_order),
    KTEST_CASE_ENTRY(io_file_test_remaining_name_through_link),
    KTEST_CASE_ENTRY(io_file_test_relative_open),
    KTEST_CASE_ENTRY(io_file_test_failed_create_gives_no_handle),
    KTEST_CASE_ENTRY(io_file_test_pended_create_completes_from_thread),
    KTEST_CASE_ENTRY(io_file_test_device_checks),
    KTEST_CASE_ENTRY(io_file_test_invalid_parameters),
    KTEST_CASE_ENTRY(io_file_test_cleanup_waits_for_last_handle),
    KTEST_CASE_ENTRY(io_file_test_get_device_object_pointer),
    KTEST_CASE_ENTRY(io_file_test_deleted_device_keeps_open_files),
    KTEST_CASE_ENTRY(io_file_test_user_mode_open),
    { 0 }
};
KTEST_SUITE(io_file, cases);
