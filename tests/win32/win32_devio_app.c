/*
 * PURPOSE: Win32 device I/O tests (app mode): CreateFile on \\.\Name devices, DeviceIoControl
 * with the four transfer methods (byte-exact), warning and error statuses, ReadFile /
 * WriteFile on a device, overlapped requests the driver pends and completes later
 * (events, GetOverlappedResult(Ex), HasOverlappedIoCompleted), CancelIo / CancelIoEx, and
 * the negative cases (bad handle, bad buffers, wrong access, missing device).
 * The driver (win32_devio_drv.c) completes pended requests only when asked to, so nothing
 * depends on timing.
 */
#include <windows.h>
#include <winioctl.h>
#include <ntstatus.h>
#include <string.h>
#include "ktest.h"
#include "win32_devio_drv.h"

#define KERNEL_ADDRESS ((LPVOID)(ULONG_PTR)0xFFFF800000001000ULL)
#define FILE_OVERWRITE_IF_ 5   /* the NT dispositions the driver sees */
#define FILE_OPEN_ 1
#define FILE_SYNCHRONOUS_IO_NONALERT_ 0x20
#define FILE_NON_DIRECTORY_FILE_ 0x40

#define EXPECT_ERROR(t, call, err) \
    do { SetLastError(0xDEAD); KT_EXPECT_FALSE(t, (call)); KT_EXPECT_EQ(t, GetLastError(), (err)); } while (0)

static HANDLE OpenDevice(KTEST *t, DWORD Access, DWORD Flags)
{
    HANDLE h;

    KT_EXPECT_EQ(t, w32dt_load(), 0);
    h = CreateFileA(W32DT_WIN32_NAME, Access, 0, NULL, OPEN_EXISTING, Flags, NULL);
    KT_EXPECT_TRUE(t, h != INVALID_HANDLE_VALUE);
    return h;
}

static ULONG PendingInDriver(HANDLE h)
{
    ULONG count = 0xFFFFFFFF;
    DWORD n = 0;
    DeviceIoControl(h, IOCTL_W32DT_PENDING_COUNT, NULL, 0, &count, sizeof(count), &n, NULL);
    return count;
}

static BOOL CompleteOne(HANDLE h, ULONG Bytes)
{
    DWORD n;
    return DeviceIoControl(h, IOCTL_W32DT_COMPLETE_ONE, &Bytes, sizeof(Bytes), NULL, 0, &n, NULL);
}

/* ---- Opening -------------------------------------------------------------------------- */

static void win32_devio_test_create_always_on_device(KTEST *t)
{
    HANDLE h;

    KT_ASSERT_EQ(t, w32dt_load(), 0);
    SetLastError(0xDEAD);
    /* The classic sample's open: CREATE_ALWAYS on a device is just IRP_MJ_CREATE. */
    h = CreateFile(TEXT("\\\\.\\W32DevioTest"), GENERIC_READ | GENERIC_WRITE, 0, NULL,
                   CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    KT_ASSERT_TRUE(t, h != INVALID_HANDLE_VALUE);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_SUCCESS);   /* the driver said FILE_SUPERSEDED (0) */
    KT_EXPECT_EQ(t, w32dt_last_disposition(), FILE_OVERWRITE_IF_);
    KT_EXPECT_EQ(t, w32dt_last_create_options() & (FILE_SYNCHRONOUS_IO_NONALERT_ | FILE_NON_DIRECTORY_FILE_),
                 FILE_SYNCHRONOUS_IO_NONALERT_ | FILE_NON_DIRECTORY_FILE_);
    KT_EXPECT_TRUE(t, CloseHandle(h));
}

static void win32_devio_test_open_overlapped_and_wide(KTEST *t)
{
    HANDLE h;

    KT_ASSERT_EQ(t, w32dt_load(), 0);
    h = CreateFileW(L"\\\\.\\w32deviotest", GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING,
                    FILE_FLAG_OVERLAPPED, NULL);
    KT_ASSERT_TRUE(t, h != INVALID_HANDLE_VALUE);   /* object names are case-insensitive */
    KT_EXPECT_EQ(t, w32dt_last_disposition(), FILE_OPEN_);
    KT_EXPECT_EQ(t, w32dt_last_create_options() & FILE_SYNCHRONOUS_IO_NONALERT_, 0);
    KT_EXPECT_TRUE(t, CloseHandle(h));
}

static void win32_devio_test_missing_device_is_file_not_found(KTEST *t)
{
    SetLastError(0);
    KT_EXPECT_TRUE(t, CreateFileA("\\\\.\\NoSuchDeviceW32", GENERIC_READ | GENERIC_WRITE, 0, NULL,
                                  CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL) == INVALID_HANDLE_VALUE);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_FILE_NOT_FOUND);
    SetLastError(0);
    KT_EXPECT_TRUE(t, CreateFileW(L"\\\\.\\NoSuchDeviceW32", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0,
                                  NULL) == INVALID_HANDLE_VALUE);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_FILE_NOT_FOUND);
}

static void win32_devio_test_bad_create_parameters(KTEST *t)
{
    KT_ASSERT_EQ(t, w32dt_load(), 0);
    SetLastError(0);
    KT_EXPECT_TRUE(t, CreateFileA(W32DT_WIN32_NAME, GENERIC_READ, 0, NULL, 0, 0, NULL) ==
                      INVALID_HANDLE_VALUE);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    KT_EXPECT_TRUE(t, CreateFileA(W32DT_WIN32_NAME, GENERIC_READ, 0, NULL, 6, 0, NULL) ==
                      INVALID_HANDLE_VALUE);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    KT_EXPECT_TRUE(t, CreateFileA(W32DT_WIN32_NAME, GENERIC_READ, 0x80, NULL, OPEN_EXISTING, 0,
                                  NULL) == INVALID_HANDLE_VALUE);   /* unknown share bit */
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    KT_EXPECT_TRUE(t, CreateFileA("", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL) ==
                      INVALID_HANDLE_VALUE);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_PATH_NOT_FOUND);
}

/* ---- DeviceIoControl, synchronous ----------------------------------------------------- */

static void win32_devio_test_method_buffered(KTEST *t)
{
    HANDLE h = OpenDevice(t, GENERIC_READ | GENERIC_WRITE, 0);
    UCHAR in[5] = { 1, 2, 3, 4, 0xFF }, out[8];
    UCHAR expected[8] = { 2, 3, 4, 5, 0, 0xEE, 0xEE, 0xEE };
    DWORD n = 0xDEAD;

    memset(out, 0xEE, sizeof(out));
    KT_EXPECT_TRUE(t, DeviceIoControl(h, IOCTL_W32DT_BUFFERED, in, sizeof(in), out, sizeof(out), &n, NULL));
    KT_EXPECT_EQ(t, n, 5);
    /* Only Information bytes come back; the rest of the caller's buffer is untouched. */
    KT_EXPECT_TRUE(t, memcmp(out, expected, sizeof(out)) == 0);

    /* In place: one buffer for both directions. */
    KT_EXPECT_TRUE(t, DeviceIoControl(h, IOCTL_W32DT_BUFFERED, in, sizeof(in), in, sizeof(in), &n, NULL));
    KT_EXPECT_EQ(t, n, 5);
    KT_EXPECT_EQ(t, in[0], 2);
    KT_EXPECT_EQ(t, in[4], 0);
    KT_EXPECT_TRUE(t, CloseHandle(h));
}

static void win32_devio_test_method_direct(KTEST *t)
{
    HANDLE h = OpenDevice(t, GENERIC_READ | GENERIC_WRITE, 0);
    UCHAR in[3] = { 0x00, 0x5A, 0xFF }, out[7];
    DWORD n = 0;
    ULONG code[2] = { IOCTL_W32DT_IN_DIRECT, IOCTL_W32DT_OUT_DIRECT };

    for (int k = 0; k < 2; k++) {
        memset(out, 0, sizeof(out));
        KT_EXPECT_TRUE(t, DeviceIoControl(h, code[k], in, sizeof(in), out, sizeof(out), &n, NULL));
        KT_EXPECT_EQ(t, n, 7);
        for (int i = 0; i < 7; i++)
            KT_EXPECT_EQ(t, out[i], in[i % 3] ^ 0x5A);
    }
    KT_EXPECT_TRUE(t, CloseHandle(h));
}

static void win32_devio_test_method_neither(KTEST *t)
{
    HANDLE h = OpenDevice(t, GENERIC_READ | GENERIC_WRITE, 0);
    UCHAR in[2] = { 0x0F, 0xF0 }, out[5];
    DWORD n = 0;

    KT_EXPECT_TRUE(t, DeviceIoControl(h, IOCTL_W32DT_NEITHER, in, sizeof(in), out, sizeof(out), &n, NULL));
    KT_EXPECT_EQ(t, n, 5);
    for (int i = 0; i < 5; i++)
        KT_EXPECT_EQ(t, out[i], (UCHAR)~in[i % 2]);
    /* METHOD_NEITHER passes the pointers raw: the driver's own probe refuses a kernel one. */
    EXPECT_ERROR(t, DeviceIoControl(h, IOCTL_W32DT_NEITHER, KERNEL_ADDRESS, 4, out, sizeof(out), &n, NULL),
                 ERROR_NOACCESS);
    KT_EXPECT_TRUE(t, CloseHandle(h));
}

static void win32_devio_test_overflow_and_too_small(KTEST *t)
{
    HANDLE h = OpenDevice(t, GENERIC_READ | GENERIC_WRITE, 0);
    UCHAR out[6];
    UCHAR in[4] = { 1, 2, 3, 4 };
    DWORD n = 0xDEAD;

    memset(out, 0, sizeof(out));
    /* STATUS_BUFFER_OVERFLOW is a warning: FALSE, ERROR_MORE_DATA, but the data and the
       count come back. */
    EXPECT_ERROR(t, DeviceIoControl(h, IOCTL_W32DT_OVERFLOW, NULL, 0, out, sizeof(out), &n, NULL),
                 ERROR_MORE_DATA);
    KT_EXPECT_EQ(t, n, sizeof(out));
    for (int i = 0; i < 6; i++)
        KT_EXPECT_EQ(t, out[i], 0xA5);

    /* STATUS_BUFFER_TOO_SMALL is an error: ERROR_INSUFFICIENT_BUFFER, no count. */
    n = 0xDEAD;
    EXPECT_ERROR(t, DeviceIoControl(h, IOCTL_W32DT_TOO_SMALL, NULL, 0, out, sizeof(out), &n, NULL),
                 ERROR_INSUFFICIENT_BUFFER);
    KT_EXPECT_EQ(t, n, 0xDEAD);
    EXPECT_ERROR(t, DeviceIoControl(h, IOCTL_W32DT_BUFFERED, in, sizeof(in), out, 2, &n, NULL),
                 ERROR_INSUFFICIENT_BUFFER);
    KT_EXPECT_TRUE(t, CloseHandle(h));
}

static void win32_devio_test_bad_handles_buffers_access(KTEST *t)
{
    HANDLE h = OpenDevice(t, GENERIC_READ, 0);
    HANDLE closed = OpenDevice(t, GENERIC_READ, 0);
    UCHAR buf[8];
    DWORD n;

    KT_EXPECT_TRUE(t, CloseHandle(closed));
    EXPECT_ERROR(t, DeviceIoControl(closed, IOCTL_W32DT_BUFFERED, buf, 1, buf, 1, &n, NULL),
                 ERROR_INVALID_HANDLE);
    EXPECT_ERROR(t, DeviceIoControl(NULL, IOCTL_W32DT_BUFFERED, buf, 1, buf, 1, &n, NULL),
                 ERROR_INVALID_HANDLE);
    EXPECT_ERROR(t, DeviceIoControl((HANDLE)(ULONG_PTR)0x7FF0, IOCTL_W32DT_BUFFERED, buf, 1, buf, 1, &n, NULL),
                 ERROR_INVALID_HANDLE);
    /* An event is not a file. */
    {
        HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
        EXPECT_ERROR(t, DeviceIoControl(ev, IOCTL_W32DT_BUFFERED, buf, 1, buf, 1, &n, NULL),
                     ERROR_INVALID_HANDLE);
        EXPECT_ERROR(t, ReadFile(ev, buf, 1, &n, NULL), ERROR_INVALID_HANDLE);
        CloseHandle(ev);
    }
    /* NULL, kernel-range and absurd buffers: ERROR_NOACCESS, never a crash. */
    EXPECT_ERROR(t, DeviceIoControl(h, IOCTL_W32DT_BUFFERED, NULL, 4, buf, sizeof(buf), &n, NULL),
                 ERROR_NOACCESS);
    EXPECT_ERROR(t, DeviceIoControl(h, IOCTL_W32DT_BUFFERED, buf, 1, KERNEL_ADDRESS, 8, &n, NULL),
                 ERROR_NOACCESS);
    EXPECT_ERROR(t, DeviceIoControl(h, IOCTL_W32DT_OUT_DIRECT, buf, 1, NULL, 8, &n, NULL),
                 ERROR_NOACCESS);
    EXPECT_ERROR(t, DeviceIoControl(h, IOCTL_W32DT_BUFFERED, buf, 0xFFFFFFF0, buf, 1, &n, NULL),
                 ERROR_NOACCESS);
    /* The code's FILE_WRITE_ACCESS needs a handle with write access. */
    EXPECT_ERROR(t, DeviceIoControl(h, IOCTL_W32DT_NEED_WRITE, NULL, 0, NULL, 0, &n, NULL),
                 ERROR_ACCESS_DENIED);
    /* A code the driver does not know. */
    EXPECT_ERROR(t, DeviceIoControl(h, CTL_CODE(W32DT_TYPE, 0x9FF, METHOD_BUFFERED, FILE_ANY_ACCESS),
                                    NULL, 0, NULL, 0, &n, NULL),
                 ERROR_INVALID_FUNCTION);
    KT_EXPECT_TRUE(t, CloseHandle(h));

    h = OpenDevice(t, GENERIC_WRITE, 0);
    KT_EXPECT_TRUE(t, DeviceIoControl(h, IOCTL_W32DT_NEED_WRITE, NULL, 0, NULL, 0, &n, NULL));
    EXPECT_ERROR(t, ReadFile(h, buf, 1, &n, NULL), ERROR_ACCESS_DENIED);
    KT_EXPECT_TRUE(t, CloseHandle(h));
    h = OpenDevice(t, GENERIC_READ, 0);
    EXPECT_ERROR(t, WriteFile(h, buf, 1, &n, NULL), ERROR_ACCESS_DENIED);
    KT_EXPECT_TRUE(t, CloseHandle(h));
}

/* ---- ReadFile / WriteFile on a device ------------------------------------------------- */

static void win32_devio_test_read_write_synchronous(KTEST *t)
{
    HANDLE h = OpenDevice(t, GENERIC_READ | GENERIC_WRITE, 0);
    UCHAR buf[16];
    DWORD n = 0xDEAD;

    KT_EXPECT_TRUE(t, ReadFile(h, buf, 4, &n, NULL));
    KT_EXPECT_EQ(t, n, 4);
    KT_EXPECT_EQ(t, buf[0], 0);
    KT_EXPECT_EQ(t, buf[3], 3);
    /* The synchronous handle's position advanced. */
    KT_EXPECT_TRUE(t, ReadFile(h, buf, 4, &n, NULL));
    KT_EXPECT_EQ(t, buf[0], 4);
    KT_EXPECT_TRUE(t, WriteFile(h, "hello", 5, &n, NULL));
    KT_EXPECT_EQ(t, n, 5);
    KT_EXPECT_EQ(t, w32dt_last_write_length(), 5);
    KT_EXPECT_EQ(t, w32dt_last_write_offset(), 8);
    KT_EXPECT_TRUE(t, memcmp(w32dt_last_write_data(), "hello", 5) == 0);
    /* An OVERLAPPED on a synchronous handle gives the offset; the call still waits. */
    {
        OVERLAPPED ov;
        memset(&ov, 0, sizeof(ov));
        ov.Offset = 0x20;
        KT_EXPECT_TRUE(t, ReadFile(h, buf, 2, &n, &ov));
        KT_EXPECT_EQ(t, n, 2);
        KT_EXPECT_EQ(t, buf[0], 0x20);
        KT_EXPECT_EQ(t, (DWORD)ov.Internal, (DWORD)STATUS_SUCCESS);
        KT_EXPECT_EQ(t, ov.InternalHigh, 2);
    }
    /* Bad buffers. */
    EXPECT_ERROR(t, ReadFile(h, NULL, 10, &n, NULL), ERROR_NOACCESS);
    KT_EXPECT_EQ(t, n, 0);   /* zeroed first */
    EXPECT_ERROR(t, WriteFile(h, KERNEL_ADDRESS, 10, &n, NULL), ERROR_NOACCESS);
    /* A zero-length read needs no buffer. */
    KT_EXPECT_TRUE(t, ReadFile(h, NULL, 0, &n, NULL));
    KT_EXPECT_EQ(t, n, 0);
    KT_EXPECT_TRUE(t, CloseHandle(h));
    EXPECT_ERROR(t, ReadFile(h, buf, 1, &n, NULL), ERROR_INVALID_HANDLE);
}

static void win32_devio_test_read_overlapped_handle(KTEST *t)
{
    HANDLE h = OpenDevice(t, GENERIC_READ | GENERIC_WRITE, FILE_FLAG_OVERLAPPED);
    OVERLAPPED ov;
    UCHAR buf[8];
    DWORD n = 0;

    /* An overlapped handle has no position: a read needs an OVERLAPPED. */
    EXPECT_ERROR(t, ReadFile(h, buf, 4, &n, NULL), ERROR_INVALID_PARAMETER);
    memset(&ov, 0, sizeof(ov));
    ov.Offset = 0x30;
    KT_EXPECT_TRUE(t, ReadFile(h, buf, 4, &n, &ov));   /* the driver completed it at once */
    KT_EXPECT_EQ(t, n, 4);
    KT_EXPECT_EQ(t, buf[0], 0x30);
    KT_EXPECT_TRUE(t, HasOverlappedIoCompleted(&ov));
    KT_EXPECT_TRUE(t, GetOverlappedResult(h, &ov, &n, FALSE));
    KT_EXPECT_EQ(t, n, 4);
    /* The write offset comes from Offset/OffsetHigh. */
    ov.Offset = 0x10;
    ov.OffsetHigh = 0x2;
    KT_EXPECT_TRUE(t, WriteFile(h, "xy", 2, NULL, &ov));
    KT_EXPECT_EQ(t, w32dt_last_write_offset(), 0x200000010ULL);
    KT_EXPECT_TRUE(t, CloseHandle(h));
}

/* ---- Pended requests ------------------------------------------------------------------ */

static void win32_devio_test_pended_ioctl_with_event(KTEST *t)
{
    HANDLE h = OpenDevice(t, GENERIC_READ | GENERIC_WRITE, FILE_FLAG_OVERLAPPED);
    HANDLE ctl = OpenDevice(t, GENERIC_READ | GENERIC_WRITE, 0);
    HANDLE ev = CreateEventA(NULL, TRUE, TRUE, NULL);   /* signaled: the request clears it */
    OVERLAPPED ov;
    UCHAR out[8];
    DWORD n = 0xDEAD;

    memset(&ov, 0, sizeof(ov));
    memset(out, 0, sizeof(out));
    ov.hEvent = ev;
    EXPECT_ERROR(t, DeviceIoControl(h, IOCTL_W32DT_PEND, NULL, 0, out, sizeof(out), &n, &ov),
                 ERROR_IO_PENDING);
    KT_EXPECT_FALSE(t, HasOverlappedIoCompleted(&ov));
    KT_EXPECT_EQ(t, (DWORD)ov.Internal, (DWORD)STATUS_PENDING);
    KT_EXPECT_EQ(t, WaitForSingleObject(ev, 0), WAIT_TIMEOUT);
    EXPECT_ERROR(t, GetOverlappedResult(h, &ov, &n, FALSE), ERROR_IO_INCOMPLETE);
    EXPECT_ERROR(t, GetOverlappedResultEx(h, &ov, &n, 0, FALSE), ERROR_IO_INCOMPLETE);
    EXPECT_ERROR(t, GetOverlappedResultEx(h, &ov, &n, 1, FALSE), WAIT_TIMEOUT);
    KT_EXPECT_EQ(t, PendingInDriver(ctl), 1);

    KT_EXPECT_TRUE(t, CompleteOne(ctl, 5));
    KT_EXPECT_EQ(t, WaitForSingleObject(ev, 0), WAIT_OBJECT_0);
    KT_EXPECT_TRUE(t, HasOverlappedIoCompleted(&ov));
    n = 0;
    KT_EXPECT_TRUE(t, GetOverlappedResult(h, &ov, &n, TRUE));
    KT_EXPECT_EQ(t, n, 5);
    KT_EXPECT_EQ(t, ov.InternalHigh, 5);
    for (int i = 0; i < 5; i++)
        KT_EXPECT_EQ(t, out[i], 0x42);
    KT_EXPECT_EQ(t, out[5], 0);
    CloseHandle(ev);
    KT_EXPECT_TRUE(t, CloseHandle(h));
    KT_EXPECT_TRUE(t, CloseHandle(ctl));
}

typedef struct {
    HANDLE Control;
    HANDLE Start;
} COMPLETER;

static DWORD WINAPI CompleteOneLater(LPVOID p)
{
    COMPLETER *c = p;
    WaitForSingleObject(c->Start, INFINITE);
    return CompleteOne(c->Control, 3) ? 0 : 1;
}

static void win32_devio_test_get_overlapped_result_waits(KTEST *t)
{
    HANDLE h = OpenDevice(t, GENERIC_READ, FILE_FLAG_OVERLAPPED);
    COMPLETER c = { OpenDevice(t, GENERIC_READ | GENERIC_WRITE, 0), CreateEventA(NULL, TRUE, FALSE, NULL) };
    HANDLE thread;
    OVERLAPPED ov;
    UCHAR buf[8];
    DWORD n = 0, code = 1;

    /* No event: the file handle itself is signaled at completion. */
    memset(&ov, 0, sizeof(ov));
    ov.Offset = W32DT_PEND_OFFSET;
    EXPECT_ERROR(t, ReadFile(h, buf, sizeof(buf), &n, &ov), ERROR_IO_PENDING);
    thread = CreateThread(NULL, 0, CompleteOneLater, &c, 0, NULL);
    KT_ASSERT_TRUE(t, thread != NULL);
    SetEvent(c.Start);
    KT_EXPECT_TRUE(t, GetOverlappedResult(h, &ov, &n, TRUE));
    KT_EXPECT_EQ(t, n, 3);
    KT_EXPECT_EQ(t, buf[0], (UCHAR)W32DT_PEND_OFFSET);
    KT_EXPECT_EQ(t, buf[2], (UCHAR)(W32DT_PEND_OFFSET + 2));
    KT_EXPECT_EQ(t, WaitForSingleObject(thread, INFINITE), WAIT_OBJECT_0);
    KT_EXPECT_TRUE(t, GetExitCodeThread(thread, &code));
    KT_EXPECT_EQ(t, code, 0);
    CloseHandle(thread);
    CloseHandle(c.Start);
    CloseHandle(c.Control);
    KT_EXPECT_TRUE(t, CloseHandle(h));
}

static volatile LONG ApcRuns;
static VOID NTAPI CountApc(ULONG_PTR p)
{
    UNREFERENCED_PARAMETER(p);
    InterlockedIncrement(&ApcRuns);
}

static void win32_devio_test_get_overlapped_result_ex_alertable(KTEST *t)
{
    HANDLE h = OpenDevice(t, GENERIC_READ, FILE_FLAG_OVERLAPPED);
    HANDLE ctl = OpenDevice(t, GENERIC_READ, 0);
    OVERLAPPED ov;
    DWORD n = 0;

    memset(&ov, 0, sizeof(ov));
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    EXPECT_ERROR(t, DeviceIoControl(h, IOCTL_W32DT_PEND, NULL, 0, NULL, 0, NULL, &ov), ERROR_IO_PENDING);
    ApcRuns = 0;
    KT_EXPECT_TRUE(t, QueueUserAPC(CountApc, GetCurrentThread(), 0) != 0);
    EXPECT_ERROR(t, GetOverlappedResultEx(h, &ov, &n, INFINITE, TRUE), WAIT_IO_COMPLETION);
    KT_EXPECT_EQ(t, ApcRuns, 1);
    KT_EXPECT_TRUE(t, CompleteOne(ctl, 0));
    KT_EXPECT_TRUE(t, GetOverlappedResultEx(h, &ov, &n, INFINITE, TRUE));
    KT_EXPECT_EQ(t, n, 0);
    CloseHandle(ov.hEvent);
    CloseHandle(ctl);
    KT_EXPECT_TRUE(t, CloseHandle(h));
}

static void win32_devio_test_cancel_io_ex_one_request(KTEST *t)
{
    HANDLE h = OpenDevice(t, GENERIC_READ, FILE_FLAG_OVERLAPPED);
    OVERLAPPED a, b;
    DWORD n = 0;
    unsigned cancels;

    memset(&a, 0, sizeof(a));
    memset(&b, 0, sizeof(b));
    a.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    b.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    cancels = w32dt_cancels();
    EXPECT_ERROR(t, DeviceIoControl(h, IOCTL_W32DT_PEND, NULL, 0, NULL, 0, NULL, &a), ERROR_IO_PENDING);
    EXPECT_ERROR(t, DeviceIoControl(h, IOCTL_W32DT_PEND, NULL, 0, NULL, 0, NULL, &b), ERROR_IO_PENDING);
    KT_EXPECT_EQ(t, PendingInDriver(h), 2);

    KT_EXPECT_TRUE(t, CancelIoEx(h, &a));
    EXPECT_ERROR(t, GetOverlappedResult(h, &a, &n, TRUE), ERROR_OPERATION_ABORTED);
    KT_EXPECT_EQ(t, (DWORD)a.Internal, (DWORD)STATUS_CANCELLED);
    KT_EXPECT_EQ(t, w32dt_cancels(), cancels + 1);
    KT_EXPECT_FALSE(t, HasOverlappedIoCompleted(&b));
    KT_EXPECT_EQ(t, PendingInDriver(h), 1);
    /* a is done: nothing to cancel for it any more. */
    EXPECT_ERROR(t, CancelIoEx(h, &a), ERROR_NOT_FOUND);
    /* NULL: every request of the file. */
    KT_EXPECT_TRUE(t, CancelIoEx(h, NULL));
    EXPECT_ERROR(t, GetOverlappedResult(h, &b, &n, TRUE), ERROR_OPERATION_ABORTED);
    EXPECT_ERROR(t, CancelIoEx(h, NULL), ERROR_NOT_FOUND);
    EXPECT_ERROR(t, CancelIoEx(NULL, NULL), ERROR_INVALID_HANDLE);
    CloseHandle(a.hEvent);
    CloseHandle(b.hEvent);
    KT_EXPECT_TRUE(t, CloseHandle(h));
}

static void win32_devio_test_cancel_io_waits(KTEST *t)
{
    HANDLE h = OpenDevice(t, GENERIC_READ, FILE_FLAG_OVERLAPPED);
    OVERLAPPED ov;
    UCHAR buf[4];
    DWORD n;

    memset(&ov, 0, sizeof(ov));
    ov.Offset = W32DT_PEND_OFFSET;
    EXPECT_ERROR(t, ReadFile(h, buf, sizeof(buf), &n, &ov), ERROR_IO_PENDING);
    KT_EXPECT_TRUE(t, CancelIo(h));
    /* CancelIo returns once the request completed. */
    KT_EXPECT_TRUE(t, HasOverlappedIoCompleted(&ov));
    KT_EXPECT_EQ(t, (DWORD)ov.Internal, (DWORD)STATUS_CANCELLED);
    KT_EXPECT_TRUE(t, CancelIo(h));   /* nothing pending: still TRUE */
    EXPECT_ERROR(t, CancelIo(NULL), ERROR_INVALID_HANDLE);
    KT_EXPECT_TRUE(t, CloseHandle(h));
}

static void win32_devio_test_close_completes_pending(KTEST *t)
{
    HANDLE h = OpenDevice(t, GENERIC_READ, FILE_FLAG_OVERLAPPED);
    unsigned cleanups = w32dt_cleanups();
    OVERLAPPED ov;

    memset(&ov, 0, sizeof(ov));
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    EXPECT_ERROR(t, DeviceIoControl(h, IOCTL_W32DT_PEND, NULL, 0, NULL, 0, NULL, &ov), ERROR_IO_PENDING);
    KT_EXPECT_TRUE(t, CloseHandle(h));
    KT_EXPECT_EQ(t, w32dt_cleanups(), cleanups + 1);
    KT_EXPECT_EQ(t, WaitForSingleObject(ov.hEvent, INFINITE), WAIT_OBJECT_0);
    KT_EXPECT_EQ(t, (DWORD)ov.Internal, (DWORD)STATUS_CANCELLED);
    CloseHandle(ov.hEvent);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(win32_devio_test_create_always_on_device),
    KTEST_CASE_ENTRY(win32_devio_test_open_overlapped_and_wide),
    KTEST_CASE_ENTRY(win32_devio_test_missing_device_is_file_not_found),
    KTEST_CASE_ENTRY(win32_devio_test_bad_create_parameters),
    KTEST_CASE_ENTRY(win32_devio_test_method_buffered),
    KTEST_CASE_ENTRY(win32_devio_test_method_direct),
    KTEST_CASE_ENTRY(win32_devio_test_method_neither),
    KTEST_CASE_ENTRY(win32_devio_test_overflow_and_too_small),
    KTEST_CASE_ENTRY(win32_devio_test_bad_handles_buffers_access),
    KTEST_CASE_ENTRY(win32_devio_test_read_write_synchronous),
    KTEST_CASE_ENTRY(win32_devio_test_read_overlapped_handle),
    KTEST_CASE_ENTRY(win32_devio_test_pended_ioctl_with_event),
    KTEST_CASE_ENTRY(win32_devio_test_get_overlapped_result_waits),
    KTEST_CASE_ENTRY(win32_devio_test_get_overlapped_result_ex_alertable),
    KTEST_CASE_ENTRY(win32_devio_test_cancel_io_ex_one_request),
    KTEST_CASE_ENTRY(win32_devio_test_cancel_io_waits),
    KTEST_CASE_ENTRY(win32_devio_test_close_completes_pending),
    {0}
};
KTEST_SUITE(win32_devio, cases);
