/*
 * PURPOSE: Tests for NtReadFile/NtWriteFile/ZwReadFile/ZwWriteFile (src/io/rw.c): each
 * buffering method with exact byte counts, the current position of synchronous file
 * objects, explicit offsets and keys, access checks and bad arguments of user-mode callers.
 */
#include "io_file_common.h"
#include <sys/mman.h>

static BOOLEAN IsReadPattern(const UCHAR *Buffer, ULONG Length, LONGLONG Offset)
{
    for (ULONG i = 0; i < Length; i++)
        if (Buffer[i] != (UCHAR)(Offset + i + 1))
            return FALSE;
    return TRUE;
}

static void ReadAndWriteOn(KTEST *t, PCWSTR Device, ULONG ExpectFlags)
{
    HANDLE h;
    IO_STATUS_BLOCK iosb = { .Information = 99 };
    UCHAR buffer[300];
    LARGE_INTEGER offset = { .QuadPart = 1000 };
    ULONG key = 0xBEEF;

    KT_ASSERT_EQ(t, IoTestOpen(Device, FILE_READ_DATA | FILE_WRITE_DATA | SYNCHRONIZE,
                               FILE_SYNCHRONOUS_IO_NONALERT, &h, NULL),
                 STATUS_SUCCESS);
    memset(buffer, 0, sizeof(buffer));
    KT_EXPECT_EQ(t, ZwReadFile(h, NULL, NULL, NULL, &iosb, buffer, 200, &offset, &key),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, iosb.Status, STATUS_SUCCESS);
    KT_EXPECT_EQ(t, iosb.Information, 200);
    KT_EXPECT_TRUE(t, IsReadPattern(buffer, 200, 1000));
    KT_EXPECT_EQ(t, buffer[200], 0);                         /* exactly 200 bytes */
    KT_EXPECT_EQ(t, IoftState.ByteOffset.QuadPart, 1000);
    KT_EXPECT_EQ(t, IoftState.Length, 200);
    KT_EXPECT_EQ(t, IoftState.Key, 0xBEEF);
    KT_EXPECT_TRUE(t, IoftState.StackFlagsRequest & SL_KEY_SPECIFIED);
    KT_EXPECT_EQ(t, IoftState.RequestorMode, KernelMode);
    KT_EXPECT_EQ(t, IoftState.IrpFlags & (IRP_BUFFERED_IO | IRP_INPUT_OPERATION |
                                          IRP_DEALLOCATE_BUFFER | IRP_READ_OPERATION),
                 ExpectFlags | IRP_READ_OPERATION);
    KT_EXPECT_PTR_EQ(t, IoftState.UserBuffer, buffer);
    if (ExpectFlags & IRP_BUFFERED_IO) {
        KT_EXPECT_TRUE(t, IoftState.SystemBuffer != NULL && IoftState.SystemBuffer != buffer);
        KT_EXPECT_TRUE(t, IoftState.MdlAddress == NULL);
    } else if (IoftState.MdlAddress != NULL) {
        KT_EXPECT_EQ(t, IoftState.MdlByteCount, 200);        /* direct: an MDL of the buffer */
    }
    /* The position: 1000 + 200 now; NULL offset reads from there. */
    IoftState.ReadLimit = 50;
    KT_EXPECT_EQ(t, ZwReadFile(h, NULL, NULL, NULL, &iosb, buffer, 100, NULL, NULL),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, iosb.Information, 50);                   /* a short read */
    KT_EXPECT_EQ(t, IoftState.ByteOffset.QuadPart, 1200);
    KT_EXPECT_TRUE(t, IsReadPattern(buffer, 50, 1200));
    offset.HighPart = -1;
    offset.LowPart = FILE_USE_FILE_POINTER_POSITION;
    KT_EXPECT_EQ(t, ZwReadFile(h, NULL, NULL, NULL, &iosb, buffer, 10, &offset, NULL),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, IoftState.ByteOffset.QuadPart, 1250);
    IoftState.ReadLimit = 0;

    for (ULONG i = 0; i < sizeof(buffer); i++)
        buffer[i] = (UCHAR)(255 - i);
    KT_EXPECT_EQ(t, ZwWriteFile(h, NULL, NULL, NULL, &iosb, buffer, 77, NULL, NULL),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, iosb.Information, 77);
    KT_EXPECT_EQ(t, IoftState.WrittenLength, 77);
    KT_EXPECT_MEMEQ(t, IoftState.Written, buffer, 77);
    KT_EXPECT_EQ(t, IoftState.ByteOffset.QuadPart, 1260);
    KT_EXPECT_EQ(t, IoftState.IrpFlags & (IRP_INPUT_OPERATION | IRP_WRITE_OPERATION),
                 IRP_WRITE_OPERATION);
    /* Zero bytes: no buffer at all. */
    KT_EXPECT_EQ(t, ZwReadFile(h, NULL, NULL, NULL, &iosb, buffer, 0, NULL, NULL), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, iosb.Information, 0);
    KT_EXPECT_TRUE(t, IoftState.SystemBuffer == NULL && IoftState.MdlAddress == NULL);
    ZwClose(h);
}

static void io_rw_test_buffered(KTEST *t)
{
    IoTestLoadDriver(t);
    ReadAndWriteOn(t, IOFT_BUFFERED_NAME, IRP_BUFFERED_IO | IRP_INPUT_OPERATION |
                                              IRP_DEALLOCATE_BUFFER);
}

static void io_rw_test_direct(KTEST *t)
{
    IoTestLoadDriver(t);
    ReadAndWriteOn(t, IOFT_DIRECT_NAME, 0);
    KT_EXPECT_TRUE(t, IoftState.MdlAddress == NULL);   /* the zero-length read had none */
}

static void io_rw_test_neither(KTEST *t)
{
    IoTestLoadDriver(t);
    ReadAndWriteOn(t, IOFT_NEITHER_NAME, 0);
}

static void io_rw_test_async_file_needs_offset(KTEST *t)
{
    HANDLE h;
    IO_STATUS_BLOCK iosb;
    UCHAR buffer[16];
    LARGE_INTEGER offset = { .QuadPart = 5 }, negative = { .QuadPart = -5 };

    IoTestLoadDriver(t);
    KT_ASSERT_EQ(t, IoTestOpen(IOFT_BUFFERED_NAME, FILE_READ_DATA, 0, &h, NULL), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, ZwReadFile(h, NULL, NULL, NULL, &iosb, buffer, 16, NULL, NULL),
                 STATUS_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, ZwReadFile(h, NULL, NULL, NULL, &iosb, buffer, 16, &negative, NULL),
                 STATUS_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, ZwReadFile(h, NULL, NULL, NULL, &iosb, buffer, 16, &offset, NULL),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, iosb.Information, 16);
    KT_EXPECT_TRUE(t, IsReadPattern(buffer, 16, 5));
    ZwClose(h);
    KT_EXPECT_LOG(t, "CRUX");
}

static void io_rw_test_user_mode_checks(KTEST *t)
{
    HANDLE ro, kernel;
    IO_STATUS_BLOCK iosb;
    UCHAR buffer[64];
    UCHAR *heap;

    IoTestLoadDriver(t);
    KT_ASSERT_EQ(t, IoTestOpenUser(IOFT_BUFFERED_DOS, FILE_READ_DATA | SYNCHRONIZE,
                                   FILE_SYNCHRONOUS_IO_NONALERT, &ro, &iosb),
                 STATUS_SUCCESS);
    /* Works, and the driver sees a user-mode request. */
    KT_EXPECT_EQ(t, NT_SYSCALL(NtReadFile(ro, NULL, NULL, NULL, &iosb, buffer, 64, NULL, NULL)),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, iosb.Information, 64);
    KT_EXPECT_EQ(t, IoftState.RequestorMode, UserMode);
    KT_EXPECT_EQ(t, IoftState.PreviousMode, UserMode);
    /* No FILE_WRITE_DATA on the handle. */
    KT_EXPECT_EQ(t, NT_SYSCALL(NtWriteFile(ro, NULL, NULL, NULL, &iosb, buffer, 64, NULL, NULL)),
                 STATUS_ACCESS_DENIED);
    /* Bad buffers and status blocks. */
    KT_EXPECT_EQ(t, NT_SYSCALL(NtReadFile(ro, NULL, NULL, NULL, &iosb, IO_TEST_KERNEL_ADDRESS,
                                          64, NULL, NULL)),
                 STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtReadFile(ro, NULL, NULL, NULL, &iosb, NULL, 64, NULL, NULL)),
                 STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtReadFile(ro, NULL, NULL, NULL, IO_TEST_KERNEL_ADDRESS, buffer,
                                          64, NULL, NULL)),
                 STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtReadFile(ro, NULL, NULL, NULL, (PIO_STATUS_BLOCK)(buffer + 1),
                                          buffer, 64, NULL, NULL)),
                 STATUS_DATATYPE_MISALIGNMENT);
    /* An absurd length runs past the caller's memory (a page, then an inaccessible one). */
    heap = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    KT_ASSERT_TRUE(t, heap != MAP_FAILED);
    mprotect(heap + 4096, 4096, PROT_NONE);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtReadFile(ro, NULL, NULL, NULL, &iosb, heap, 0xFFFFFFF0, NULL,
                                          NULL)),
                 STATUS_ACCESS_VIOLATION);
    munmap(heap, 2 * 4096);
    /* Handles: invalid, a kernel handle, not a file. */
    KT_EXPECT_EQ(t, NT_SYSCALL(NtReadFile((HANDLE)(ULONG_PTR)0x7FF8, NULL, NULL, NULL, &iosb,
                                          buffer, 64, NULL, NULL)),
                 STATUS_INVALID_HANDLE);
    KT_ASSERT_EQ(t, IoTestOpen(IOFT_BUFFERED_NAME, FILE_READ_DATA | SYNCHRONIZE,
                               FILE_SYNCHRONOUS_IO_NONALERT, &kernel, NULL),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtReadFile(kernel, NULL, NULL, NULL, &iosb, buffer, 64, NULL,
                                          NULL)),
                 STATUS_INVALID_HANDLE);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtReadFile(NtCurrentThread(), NULL, NULL, NULL, &iosb, buffer,
                                          64, NULL, NULL)),
                 STATUS_OBJECT_TYPE_MISMATCH);
    ZwClose(kernel);
    NT_SYSCALL(NtClose(ro));
    KT_EXPECT_LOG(t, "CRCUXUX");   /* the refused requests never reached the driver */
}

static void io_rw_test_user_mode_direct_locks_caller_buffer(KTEST *t)
{
    HANDLE h;
    IO_STATUS_BLOCK iosb;
    UCHAR buffer[5000];

    IoTestLoadDriver(t);
    KT_ASSERT_EQ(t, IoTestOpenUser(L"\\??\\GLOBALROOT\\Device\\IoFtDirect",
                                   FILE_READ_DATA | FILE_WRITE_DATA | SYNCHRONIZE,
                                   FILE_SYNCHRONOUS_IO_NONALERT, &h, &iosb),
                 STATUS_SUCCESS);
    memset(buffer, 0, sizeof(buffer));
    KT_EXPECT_EQ(t, NT_SYSCALL(NtReadFile(h, NULL, NULL, NULL, &iosb, buffer, 4500, NULL, NULL)),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, iosb.Information, 4500);
    KT_EXPECT_TRUE(t, IsReadPattern(buffer, 4500, 0));
    KT_EXPECT_EQ(t, buffer[4500], 0);
    KT_EXPECT_EQ(t, IoftState.MdlByteCount, 4500);
    NT_SYSCALL(NtClose(h));
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_rw_test_buffered),
    KTEST_CASE_ENTRY(io_rw_test_direct),
    KTEST_CASE_ENTRY(io_rw_test_neither),
    KTEST_CASE_ENTRY(io_rw_test_async_file_needs_offset),
    KTEST_CASE_ENTRY(io_rw_test_user_mode_checks),
    KTEST_CASE_ENTRY(io_rw_test_user_mode_direct_locks_caller_buffer),
    { 0 }
};
KTEST_SUITE(io_rw, cases);
