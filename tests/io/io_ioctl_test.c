/*
 * PURPOSE: Tests for NtDeviceIoControlFile/ZwDeviceIoControlFile (src/io/ioctl.c) and the
 * request lifecycle around them (src/io/file.c): the four transfer methods with exact byte
 * counts, required access, warning and error completions, pending requests completed by
 * another thread (events, IOSB, synchronous waits), cancellation (handle close, CancelIo,
 * CancelIoEx, thread exit), completion-port packets, user APCs. Concurrency is in
 * io_ioctl_mp_test.c.
 */
#include "io_file_common.h"
#include <internal/ex.h>
#include <sys/mman.h>

static LARGE_INTEGER Zero;

static void Fill(UCHAR *Buffer, ULONG Length, UCHAR Seed)
{
    for (ULONG i = 0; i < Length; i++)
        Buffer[i] = (UCHAR)(Seed + i * 7);
}

static BOOLEAN IsXorOf(const UCHAR *Out, const UCHAR *In, ULONG Length)
{
    for (ULONG i = 0; i < Length; i++)
        if (Out[i] != (UCHAR)(In[i] ^ 0x5A))
            return FALSE;
    return TRUE;
}

static HANDLE OpenSync(KTEST *t, PCWSTR Name)
{
    HANDLE h = NULL;
    KT_EXPECT_EQ(t, IoTestOpen(Name, FILE_READ_DATA | FILE_WRITE_DATA | SYNCHRONIZE,
                               FILE_SYNCHRONOUS_IO_NONALERT, &h, NULL),
                 STATUS_SUCCESS);
    return h;
}

static HANDLE OpenAsync(KTEST *t, PCWSTR Name)
{
    HANDLE h = NULL;
    KT_EXPECT_EQ(t, IoTestOpen(Name, FILE_READ_DATA | FILE_WRITE_DATA | SYNCHRONIZE, 0, &h, NULL),
                 STATUS_SUCCESS);
    return h;
}

static void io_ioctl_test_method_buffered(KTEST *t)
{
    HANDLE h;
    IO_STATUS_BLOCK iosb;
    UCHAR in[40], out[64];

    IoTestLoadDriver(t);
    h = OpenSync(t, IOFT_BUFFERED_NAME);
    Fill(in, sizeof(in), 3);
    memset(out, 0xEE, sizeof(out));
    KT_EXPECT_EQ(t, ZwDeviceIoControlFile(h, NULL, NULL, NULL, &iosb, IOCTL_IOFT_BUFFERED, in,
                                          24, out, 16),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, iosb.Information, 16);
    KT_EXPECT_TRUE(t, IsXorOf(out, in, 16));
    KT_EXPECT_EQ(t, out[16], 0xEE);                        /* exactly 16 bytes came back */
    KT_EXPECT_EQ(t, IoftState.IrpFlags & (IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER |
                                          IRP_INPUT_OPERATION),
                 IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER | IRP_INPUT_OPERATION);
    KT_EXPECT_PTR_EQ(t, IoftState.UserBuffer, out);
    KT_EXPECT_TRUE(t, IoftState.SystemBuffer != in && IoftState.SystemBuffer != out);
    /* Output larger than input: one buffer of max(in, out); the driver returns in bytes. */
    memset(out, 0xEE, sizeof(out));
    KT_EXPECT_EQ(t, ZwDeviceIoControlFile(h, NULL, NULL, NULL, &iosb, IOCTL_IOFT_BUFFERED, in,
                                          8, out, 64),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, iosb.Information, 8);
    KT_EXPECT_TRUE(t, IsXorOf(out, in, 8));
    KT_EXPECT_EQ(t, out[8], 0xEE);
    /* No buffers at all. */
    KT_EXPECT_EQ(t, ZwDeviceIoControlFile(h, NULL, NULL, NULL, &iosb, IOCTL_IOFT_BUFFERED, NULL,
                                          0, NULL, 0),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, iosb.Information, 0);
    KT_EXPECT_TRUE(t, IoftState.SystemBuffer == NULL);
    ZwClose(h);
}

static ULONG64 PoolAllocs(ULONG Tag, ULONG64 *Frees)
{
    EXP_POOL_TAG_USAGE u;
    ExpQueryPoolTagUsage(Tag, &u);
    *Frees = u.Frees[EXP_POOL_KIND_NONPAGED];
    return u.Allocs[EXP_POOL_KIND_NONPAGED];
}

/* Where the system buffer lives: up to IOP_IRP_INLINE_BUFFER bytes in the IRP itself (no
   'IoSb' block), beyond that a pool block freed at completion. Either way it is 16-byte
   aligned and zeroed past the input, and whatever pool block a driver puts in SystemBuffer
   is what the I/O manager frees. */
static void io_ioctl_test_system_buffer(KTEST *t)
{
    static const ULONG Sizes[] = { 16, IOP_IRP_INLINE_BUFFER, IOP_IRP_INLINE_BUFFER + 1, 4096 };
    static UCHAR in[8], out[4096];
    IO_STATUS_BLOCK iosb;
    HANDLE h;

    IoTestLoadDriver(t);
    h = OpenSync(t, IOFT_BUFFERED_NAME);
    Fill(in, sizeof(in), 9);
    for (ULONG i = 0; i < ARRAYSIZE(Sizes); i++) {
        ULONG64 sbFrees0, sbFrees1, swFrees0, swFrees1;
        ULONG64 sb0 = PoolAllocs(IOP_TAG_SYSTEM_BUFFER, &sbFrees0);
        ULONG64 sw0 = PoolAllocs(IOFT_SWAP_TAG, &swFrees0);
        ULONG64 sb1, sw1;
        BOOLEAN pool = Sizes[i] > IOP_IRP_INLINE_BUFFER;

        memset(out, 0, sizeof(out));
        IoftState.TailZero = FALSE;
        KT_EXPECT_EQ(t, ZwDeviceIoControlFile(h, NULL, NULL, NULL, &iosb, IOCTL_IOFT_SWAP_BUFFER,
                                              in, sizeof(in), out, Sizes[i]),
                     STATUS_SUCCESS);
        KT_EXPECT_EQ(t, iosb.Information, Sizes[i]);
        KT_EXPECT_EQ(t, out[0], 0x66);
        KT_EXPECT_EQ(t, out[Sizes[i] - 1], 0x66);
        KT_EXPECT_TRUE(t, IoftState.TailZero);
        KT_EXPECT_EQ(t, (ULONG_PTR)IoftState.SystemBuffer & 15, 0);
        KT_EXPECT_TRUE(t, ExpIsPoolAddress(IoftState.SystemBuffer));
        sb1 = PoolAllocs(IOP_TAG_SYSTEM_BUFFER, &sbFrees1);
        sw1 = PoolAllocs(IOFT_SWAP_TAG, &swFrees1);
        KT_EXPECT_EQ(t, sb1 - sb0, pool ? 1 : 0);
        /* The I/O manager's own block is freed only if SystemBuffer still points at it: the
           driver's replaced it, so its block is freed instead (and the 'IoSb' one leaks, as
           on Windows). */
        KT_EXPECT_EQ(t, sbFrees1 - sbFrees0, 0);
        KT_EXPECT_EQ(t, sw1 - sw0, 1);
        KT_EXPECT_EQ(t, swFrees1 - swFrees0, 1);
        if (pool)
            ExFreePoolWithTag(IoftState.SystemBuffer, IOP_TAG_SYSTEM_BUFFER);
    }
    /* Untouched, a pool system buffer is freed at completion. */
    {
        ULONG64 frees0, frees1, allocs0 = PoolAllocs(IOP_TAG_SYSTEM_BUFFER, &frees0), allocs1;
        KT_EXPECT_EQ(t, ZwDeviceIoControlFile(h, NULL, NULL, NULL, &iosb, IOCTL_IOFT_BUFFERED, in,
                                              sizeof(in), out, 1000),
                     STATUS_SUCCESS);
        allocs1 = PoolAllocs(IOP_TAG_SYSTEM_BUFFER, &frees1);
        KT_EXPECT_EQ(t, allocs1 - allocs0, 1);
        KT_EXPECT_EQ(t, frees1 - frees0, 1);
    }
    ZwClose(h);
}

static void io_ioctl_test_method_direct(KTEST *t)
{
    HANDLE h;
    IO_STATUS_BLOCK iosb;
    UCHAR in[32], out[6000];
    ULONG sum = 0;

    IoTestLoadDriver(t);
    h = OpenSync(t, IOFT_BUFFERED_NAME);   /* the method is the code's, not the device's */
    Fill(in, sizeof(in), 9);
    memset(out, 0xEE, sizeof(out));
    KT_EXPECT_EQ(t, ZwDeviceIoControlFile(h, NULL, NULL, NULL, &iosb, IOCTL_IOFT_OUT_DIRECT, in,
                                          32, out, 20),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, iosb.Information, 20);
    KT_EXPECT_TRUE(t, IsXorOf(out, in, 20));
    KT_EXPECT_EQ(t, out[20], 0xEE);
    KT_EXPECT_TRUE(t, IoftState.MdlAddress != NULL);
    KT_EXPECT_EQ(t, IoftState.MdlByteCount, 20);
    KT_EXPECT_EQ(t, IoftState.IrpFlags & IRP_INPUT_OPERATION, 0);
    /* IN_DIRECT: the "output" buffer is read by the device through its MDL (two pages). */
    Fill(out, sizeof(out), 1);
    for (ULONG i = 0; i < 5000; i++)
        sum += out[i];
    KT_EXPECT_EQ(t, ZwDeviceIoControlFile(h, NULL, NULL, NULL, &iosb, IOCTL_IOFT_IN_DIRECT, in,
                                          4, out, 5000),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, iosb.Information, 5000);
    KT_EXPECT_EQ(t, IoftState.InDirectSum, sum);
    KT_EXPECT_EQ(t, IoftState.MdlByteCount, 5000);
    ZwClose(h);
}

static void io_ioctl_test_method_neither(KTEST *t)
{
    HANDLE h;
    IO_STATUS_BLOCK iosb;
    UCHAR in[16], out[16];

    IoTestLoadDriver(t);
    h = OpenSync(t, IOFT_NEITHER_NAME);
    Fill(in, sizeof(in), 5);
    memset(out, 0xEE, sizeof(out));
    KT_EXPECT_EQ(t, ZwDeviceIoControlFile(h, NULL, NULL, NULL, &iosb, IOCTL_IOFT_NEITHER, in,
                                          16, out, 12),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, iosb.Information, 12);
    KT_EXPECT_TRUE(t, IsXorOf(out, in, 12));
    KT_EXPECT_EQ(t, out[12], 0xEE);
    KT_EXPECT_PTR_EQ(t, IoftState.Type3InputBuffer, in);   /* the caller's pointers, raw */
    KT_EXPECT_PTR_EQ(t, IoftState.UserBuffer, out);
    KT_EXPECT_TRUE(t, IoftState.SystemBuffer == NULL && IoftState.MdlAddress == NULL);
    ZwClose(h);
}

static void io_ioctl_test_user_mode_methods_and_access(KTEST *t)
{
    HANDLE rd, wr;
    IO_STATUS_BLOCK iosb;
    UCHAR in[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, out[8];

    IoTestLoadDriver(t);
    KT_ASSERT_EQ(t, IoTestOpenUser(IOFT_BUFFERED_DOS, FILE_READ_DATA | SYNCHRONIZE,
                                   FILE_SYNCHRONOUS_IO_NONALERT, &rd, &iosb),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(t, IoTestOpenUser(IOFT_BUFFERED_DOS, FILE_WRITE_DATA | SYNCHRONIZE,
                                   FILE_SYNCHRONOUS_IO_NONALERT, &wr, &iosb),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtDeviceIoControlFile(rd, NULL, NULL, NULL, &iosb,
                                                     IOCTL_IOFT_READ_ACCESS, in, 8, out, 8)),
                 STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, IsXorOf(out, in, 8));
    KT_EXPECT_EQ(t, IoftState.RequestorMode, UserMode);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtDeviceIoControlFile(rd, NULL, NULL, NULL, &iosb,
                                                     IOCTL_IOFT_WRITE_ACCESS, in, 8, out, 8)),
                 STATUS_ACCESS_DENIED);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtDeviceIoControlFile(wr, NULL, NULL, NULL, &iosb,
                                                     IOCTL_IOFT_READ_ACCESS, in, 8, out, 8)),
                 STATUS_ACCESS_DENIED);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtDeviceIoControlFile(wr, NULL, NULL, NULL, &iosb,
                                                     IOCTL_IOFT_WRITE_ACCESS, in, 8, out, 8)),
                 STATUS_SUCCESS);
    /* Kernel callers are not access-checked. */
    KT_EXPECT_EQ(t, ZwDeviceIoControlFile(rd, NULL, NULL, NULL, &iosb, IOCTL_IOFT_WRITE_ACCESS,
                                          in, 8, out, 8),
                 STATUS_SUCCESS);
    /* Bad buffers: probed for the buffered and direct methods, raw for METHOD_NEITHER. */
    KT_EXPECT_EQ(t, NT_SYSCALL(NtDeviceIoControlFile(rd, NULL, NULL, NULL, &iosb,
                                                     IOCTL_IOFT_BUFFERED, IO_TEST_KERNEL_ADDRESS,
                                                     8, out, 8)),
                 STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtDeviceIoControlFile(rd, NULL, NULL, NULL, &iosb,
                                                     IOCTL_IOFT_BUFFERED, in, 8, NULL, 8)),
                 STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtDeviceIoControlFile(rd, NULL, NULL, NULL, &iosb,
                                                     IOCTL_IOFT_OUT_DIRECT, in, 8,
                                                     IO_TEST_KERNEL_ADDRESS, 8)),
                 STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtDeviceIoControlFile(rd, NULL, NULL, NULL, &iosb,
                                                     IOCTL_IOFT_NEITHER, IO_TEST_KERNEL_ADDRESS,
                                                     8, out, 8)),
                 STATUS_ACCESS_VIOLATION);          /* the driver's own probe */
    KT_EXPECT_EQ(t, NT_SYSCALL(NtDeviceIoControlFile(rd, NULL, NULL, NULL, NULL,
                                                     IOCTL_IOFT_BUFFERED, in, 8, out, 8)),
                 STATUS_ACCESS_VIOLATION);
    /* An absurd input length: refused before any system buffer is allocated. */
    KT_EXPECT_EQ(t, NT_SYSCALL(NtDeviceIoControlFile(rd, NULL, NULL, NULL, &iosb,
                                                     IOCTL_IOFT_BUFFERED, in, 0xFFFFFFF0, out,
                                                     8)),
                 STATUS_ACCESS_VIOLATION);
    NT_SYSCALL(NtClose(rd));
    NT_SYSCALL(NtClose(wr));
}

/* Pages the caller cannot read or write. The input is probed as ProbeForRead does (range
   only) and read by the copy into the system buffer, whose fault is the status; the output
   of METHOD_BUFFERED is probed for writing (ProbeForWrite touches it), that of
   METHOD_IN_DIRECT locked. The driver sees none of these requests. */
static void io_ioctl_test_unreadable_buffers(KTEST *t)
{
    PUCHAR none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    PUCHAR ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    UCHAR in[8] = { 0 }, out[8];
    IO_STATUS_BLOCK iosb;
    LONG logged;
    HANDLE h;

    KT_ASSERT_TRUE(t, none != MAP_FAILED && ro != MAP_FAILED);
    IoTestLoadDriver(t);
    KT_ASSERT_EQ(t, IoTestOpenUser(IOFT_BUFFERED_DOS, FILE_READ_DATA | SYNCHRONIZE,
                                   FILE_SYNCHRONOUS_IO_NONALERT, &h, &iosb),
                 STATUS_SUCCESS);
    logged = IoftState.LogLength;
    KT_EXPECT_EQ(t, NT_SYSCALL(NtDeviceIoControlFile(h, NULL, NULL, NULL, &iosb,
                                                     IOCTL_IOFT_BUFFERED, none, 8, out, 8)),
                 STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtDeviceIoControlFile(h, NULL, NULL, NULL, &iosb,
                                                     IOCTL_IOFT_BUFFERED, in, 8, ro, 8)),
                 STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtDeviceIoControlFile(h, NULL, NULL, NULL, &iosb,
                                                     IOCTL_IOFT_IN_DIRECT, in, 8, none, 8)),
                 STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, IoftState.LogLength, logged);
    /* A read-only input and a read-only METHOD_IN_DIRECT output are fine. */
    KT_EXPECT_EQ(t, NT_SYSCALL(NtDeviceIoControlFile(h, NULL, NULL, NULL, &iosb,
                                                     IOCTL_IOFT_BUFFERED, ro, 8, out, 8)),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtDeviceIoControlFile(h, NULL, NULL, NULL, &iosb,
                                                     IOCTL_IOFT_IN_DIRECT, in, 8, ro, 8)),
                 STATUS_SUCCESS);
    NT_SYSCALL(NtClose(h));
    munmap(none, 4096);
    munmap(ro, 4096);
}

static void io_ioctl_test_warning_and_error_completions(KTEST *t)
{
    HANDLE h, ev;
    PKEVENT event;
    IO_STATUS_BLOCK iosb = { .Status = 99, .Information = 99 };
    UCHAR out[16];

    IoTestLoadDriver(t);
    h = OpenAsync(t, IOFT_BUFFERED_NAME);
    KT_ASSERT_EQ(t, ZwCreateEvent(&ev, EVENT_ALL_ACCESS, NULL, NotificationEvent, TRUE),
                 STATUS_SUCCESS);
    ObReferenceObjectByHandle(ev, 0, *ExEventObjectType, KernelMode, (PVOID *)&event, NULL);
    /* A warning: Information bytes still come back, the event is set. */
    memset(out, 0, sizeof(out));
    KT_EXPECT_EQ(t, ZwDeviceIoControlFile(h, ev, NULL, NULL, &iosb, IOCTL_IOFT_OVERFLOW, NULL, 0,
                                          out, 16),
                 STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_EQ(t, iosb.Status, STATUS_BUFFER_OVERFLOW);
    KT_EXPECT_EQ(t, iosb.Information, 8);
    KT_EXPECT_EQ(t, out[7], 0x77);
    KT_EXPECT_EQ(t, out[8], 0);
    KT_EXPECT_EQ(t, KeReadStateEvent(event), 1);
    /* An error at once: the event is reset at the start and not signaled. */
    KT_EXPECT_EQ(t, ZwDeviceIoControlFile(h, ev, NULL, NULL, &iosb, IOCTL_IOFT_FAIL, NULL, 0,
                                          NULL, 0),
                 STATUS_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, KeReadStateEvent(event), 0);
    /* An unknown code: the driver's STATUS_INVALID_DEVICE_REQUEST. */
    KT_EXPECT_EQ(t, ZwDeviceIoControlFile(h, NULL, NULL, NULL, &iosb,
                                          IOFT_CODE(0x8FF, METHOD_BUFFERED, FILE_ANY_ACCESS), NULL,
                                          0, NULL, 0),
                 STATUS_INVALID_DEVICE_REQUEST);
    ObDereferenceObject(event);
    ZwClose(ev);
    ZwClose(h);
}

static void io_ioctl_test_pending_completed_by_other_thread(KTEST *t)
{
    HANDLE h, ev;
    PKEVENT event;
    PFILE_OBJECT file;
    IO_STATUS_BLOCK iosb = { .Status = 99 }, iosb2;
    UCHAR out[8], out2[8];

    IoTestLoadDriver(t);
    h = OpenAsync(t, IOFT_BUFFERED_NAME);
    file = IoTestFileObject(h);
    KT_ASSERT_EQ(t, ZwCreateEvent(&ev, EVENT_ALL_ACCESS, NULL, NotificationEvent, TRUE),
                 STATUS_SUCCESS);
    ObReferenceObjectByHandle(ev, 0, *ExEventObjectType, KernelMode, (PVOID *)&event, NULL);
    /* Asynchronous handle: STATUS_PENDING, the IOSB untouched until completion. */
    KT_EXPECT_EQ(t, ZwDeviceIoControlFile(h, ev, NULL, NULL, &iosb, IOCTL_IOFT_PEND, NULL, 0,
                                          out, 8),
                 STATUS_PENDING);
    KT_EXPECT_EQ(t, iosb.Status, 99);
    KT_EXPECT_EQ(t, KeReadStateEvent(event), 0);
    KT_EXPECT_EQ(t, IoftState.PendingCount, 1);
    {
        ULONG five = 5;
        KT_EXPECT_EQ(t, ZwDeviceIoControlFile(h, NULL, NULL, NULL, &iosb2, IOCTL_IOFT_COMPLETE,
                                              &five, sizeof(five), NULL, 0),
                     STATUS_SUCCESS);
    }
    KT_EXPECT_EQ(t, KeWaitForSingleObject(event, Executive, KernelMode, FALSE, NULL),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, iosb.Status, STATUS_SUCCESS);
    KT_EXPECT_EQ(t, iosb.Information, 5);
    KT_EXPECT_EQ(t, out[4], 0xC3);
    /* No event: the file object's own event reports it (waiting on the file handle). */
    KT_EXPECT_EQ(t, ZwDeviceIoControlFile(h, NULL, NULL, NULL, &iosb, IOCTL_IOFT_PEND_THREAD,
                                          NULL, 0, out2, 8),
                 STATUS_PENDING);
    KT_EXPECT_EQ(t, KeWaitForSingleObject(&file->Event, Executive, KernelMode, FALSE, NULL),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, iosb.Information, 3);
    KT_EXPECT_MEMEQ(t, out2, "abc", 3);
    ObDereferenceObject(file);
    ObDereferenceObject(event);
    ZwClose(ev);
    ZwClose(h);
}

static void io_ioctl_test_synchronous_handle_waits(KTEST *t)
{
    HANDLE h;
    IO_STATUS_BLOCK iosb;
    UCHAR out[8];

    IoTestLoadDriver(t);
    h = OpenSync(t, IOFT_BUFFERED_NAME);
    /* Pended and completed by a thread of the driver: the caller waits for the result. */
    KT_EXPECT_EQ(t, ZwDeviceIoControlFile(h, NULL, NULL, NULL, &iosb, IOCTL_IOFT_PEND_THREAD,
                                          NULL, 0, out, 8),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, iosb.Information, 3);
    KT_EXPECT_MEMEQ(t, out, "abc", 3);
    ZwClose(h);
}

/* A synchronous request's file reference belongs to its caller, who drops it after
   unlocking the file, whether the request completed at once or pended and was completed
   by another thread (which touches nothing of the file object after setting its event):
   when the call returns none is left, and closing the handle closes the file. */
static void io_ioctl_test_synchronous_request_references(KTEST *t)
{
    IO_STATUS_BLOCK iosb;
    PFILE_OBJECT fo;
    UCHAR out[8];
    LONG_PTR before;
    HANDLE h;

    IoTestLoadDriver(t);
    h = OpenSync(t, IOFT_BUFFERED_NAME);
    KT_ASSERT_EQ(t, ObReferenceObjectByHandle(h, 0, *IoFileObjectType, KernelMode, (PVOID *)&fo,
                                              NULL),
                 STATUS_SUCCESS);
    before = ObpGetPointerCount(fo);
    KT_EXPECT_EQ(t, ZwDeviceIoControlFile(h, NULL, NULL, NULL, &iosb, IOCTL_IOFT_BUFFERED, out,
                                          8, out, 8),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, ObpGetPointerCount(fo), before);
    KT_EXPECT_EQ(t, ZwDeviceIoControlFile(h, NULL, NULL, NULL, &iosb, IOCTL_IOFT_FAIL, NULL, 0,
                                          NULL, 0),
                 STATUS_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, ObpGetPointerCount(fo), before);
    KT_EXPECT_EQ(t, ZwDeviceIoControlFile(h, NULL, NULL, NULL, &iosb, IOCTL_IOFT_PEND_THREAD,
                                          NULL, 0, out, 8),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, ObpGetPointerCount(fo), before);
    ObDereferenceObject(fo);
    ZwClose(h);
    KT_EXPECT_LOG(t, "CIIIUX");
}

static void io_ioctl_test_close_cancels_pending(KTEST *t)
{
    HANDLE h;
    IO_STATUS_BLOCK iosb = { .Status = 99 };
    UCHAR out[8];

    IoTestLoadDriver(t);
    h = OpenAsync(t, IOFT_BUFFERED_NAME);
    KT_EXPECT_EQ(t, ZwDeviceIoControlFile(h, NULL, NULL, NULL, &iosb, IOCTL_IOFT_PEND, NULL, 0,
                                          out, 8),
                 STATUS_PENDING);
    ZwClose(h);
    KT_EXPECT_EQ(t, iosb.Status, STATUS_CANCELLED);
    KT_EXPECT_EQ(t, IoftState.Cancelled, 1);
    /* CLEANUP first (the driver's chance), then the cancel, then CLOSE (the IRP's file
       reference went with its completion). */
    KT_EXPECT_LOG(t, "CIUcX");
}

static void io_ioctl_test_cancel_io_file(KTEST *t)
{
    HANDLE h;
    IO_STATUS_BLOCK a = { .Status = 99 }, b = { .Status = 99 }, c;
    UCHAR out[8];

    IoTestLoadDriver(t);
    h = OpenAsync(t, IOFT_BUFFERED_NAME);
    KT_EXPECT_EQ(t, ZwDeviceIoControlFile(h, NULL, NULL, NULL, &a, IOCTL_IOFT_PEND, NULL, 0, out,
                                          8),
                 STATUS_PENDING);
    KT_EXPECT_EQ(t, ZwDeviceIoControlFile(h, NULL, NULL, NULL, &b, IOCTL_IOFT_PEND, NULL, 0, out,
                                          8),
                 STATUS_PENDING);
    /* CancelIoEx of one request: only that one. */
    KT_EXPECT_EQ(t, NtCancelIoFileEx(h, &b, &c), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, b.Status, STATUS_CANCELLED);
    KT_EXPECT_EQ(t, a.Status, 99);
    KT_EXPECT_EQ(t, NtCancelIoFileEx(h, &b, &c), STATUS_NOT_FOUND);
    /* CancelIo: this thread's requests, waited for. */
    KT_EXPECT_EQ(t, NtCancelIoFile(h, &c), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, c.Status, STATUS_SUCCESS);
    KT_EXPECT_EQ(t, a.Status, STATUS_CANCELLED);
    KT_EXPECT_EQ(t, NtCancelIoFileEx(h, NULL, &c), STATUS_NOT_FOUND);
    ZwClose(h);
    KT_EXPECT_EQ(t, IoftState.Cancelled, 2);
}

typedef struct _ISSUER {
    HANDLE File;
    IO_STATUS_BLOCK Iosb;
    UCHAR Out[8];
    NTSTATUS Status;
} ISSUER;

static VOID NTAPI IssuePendAndExit(PVOID Context)
{
    ISSUER *i = Context;
    i->Status = ZwDeviceIoControlFile(i->File, NULL, NULL, NULL, &i->Iosb, IOCTL_IOFT_PEND,
                                      NULL, 0, i->Out, 8);
}

static void io_ioctl_test_thread_exit_cancels(KTEST *t)
{
    ISSUER issuer = { .Iosb.Status = 99 };

    IoTestLoadDriver(t);
    issuer.File = OpenAsync(t, IOFT_BUFFERED_NAME);
    IoTestJoinThread(IoTestStartThread(t, IssuePendAndExit, &issuer));
    KT_EXPECT_EQ(t, issuer.Status, STATUS_PENDING);
    KT_EXPECT_EQ(t, issuer.Iosb.Status, STATUS_CANCELLED);   /* cancelled as the thread ended */
    KT_EXPECT_EQ(t, IoftState.Cancelled, 1);
    ZwClose(issuer.File);
}

static void io_ioctl_test_completion_port_packets(KTEST *t)
{
    HANDLE h, port, port2;
    FILE_COMPLETION_INFORMATION info;
    IO_STATUS_BLOCK iosb, iosb2, got;
    PVOID key, ctx;
    UCHAR out[8];
    ULONG two = 2;

    IoTestLoadDriver(t);
    h = OpenAsync(t, IOFT_BUFFERED_NAME);
    KT_ASSERT_EQ(t, NtCreateIoCompletion(&port, IO_COMPLETION_ALL_ACCESS, NULL, 0), STATUS_SUCCESS);
    info.Port = port;
    info.Key = (PVOID)0xC0FFEE;
    KT_EXPECT_EQ(t, ZwSetInformationFile(h, &iosb, &info, sizeof(info), FileCompletionInformation),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, ZwSetInformationFile(h, &iosb, &info, sizeof(info), FileCompletionInformation),
                 STATUS_INVALID_PARAMETER);                     /* already bound */
    /* Completed later: one packet with the file's key and the request's APC context. */
    KT_EXPECT_EQ(t, ZwDeviceIoControlFile(h, NULL, NULL, (PVOID)0xABC, &iosb, IOCTL_IOFT_PEND,
                                          NULL, 0, out, 8),
                 STATUS_PENDING);
    KT_EXPECT_EQ(t, NtRemoveIoCompletion(port, &key, &ctx, &got, &Zero), STATUS_TIMEOUT);
    ZwDeviceIoControlFile(h, NULL, NULL, NULL, &iosb2, IOCTL_IOFT_COMPLETE, &two, 4, NULL, 0);
    KT_EXPECT_EQ(t, NtRemoveIoCompletion(port, &key, &ctx, &got, NULL), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, key, (PVOID)0xC0FFEE);
    KT_EXPECT_PTR_EQ(t, ctx, (PVOID)0xABC);
    KT_EXPECT_EQ(t, got.Status, STATUS_SUCCESS);
    KT_EXPECT_EQ(t, got.Information, 2);
    /* Completed at once with success: a packet too. A failure at once: none. No APC
       context: none. */
    KT_EXPECT_EQ(t, ZwDeviceIoControlFile(h, NULL, NULL, (PVOID)0xDEF, &iosb, IOCTL_IOFT_BUFFERED,
                                          NULL, 0, NULL, 0),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, ZwDeviceIoControlFile(h, NULL, NULL, (PVOID)0x123, &iosb, IOCTL_IOFT_FAIL,
                                          NULL, 0, NULL, 0),
                 STATUS_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, ZwDeviceIoControlFile(h, NULL, NULL, NULL, &iosb, IOCTL_IOFT_BUFFERED, NULL,
                                          0, NULL, 0),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, NtRemoveIoCompletion(port, &key, &ctx, &got, &Zero), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, ctx, (PVOID)0xDEF);
    KT_EXPECT_EQ(t, NtRemoveIoCompletion(port, &key, &ctx, &got, &Zero), STATUS_TIMEOUT);
    /* An APC routine on a port-bound file is refused. */
    KT_EXPECT_EQ(t, ZwDeviceIoControlFile(h, NULL, (PIO_APC_ROUTINE)(ULONG_PTR)0x1000, NULL,
                                          &iosb, IOCTL_IOFT_BUFFERED, NULL, 0, NULL, 0),
                 STATUS_INVALID_PARAMETER);
    /* A synchronous file object cannot be bound. */
    {
        HANDLE sync = OpenSync(t, IOFT_BUFFERED_NAME);
        KT_ASSERT_EQ(t, NtCreateIoCompletion(&port2, IO_COMPLETION_ALL_ACCESS, NULL, 0),
                     STATUS_SUCCESS);
        info.Port = port2;
        KT_EXPECT_EQ(t, ZwSetInformationFile(sync, &iosb, &info, sizeof(info),
                                             FileCompletionInformation),
                     STATUS_INVALID_PARAMETER);
        ZwClose(sync);
        NtClose(port2);
    }
    /* The port outlives its handle while the file points at it. */
    NtClose(port);
    ZwClose(h);
}

static PVOID ApcContextSeen;
static PIO_STATUS_BLOCK ApcIosbSeen;

static VOID NTAPI RecordApc(PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock, ULONG Reserved)
{
    UNREFERENCED_PARAMETER(Reserved);
    ApcContextSeen = ApcContext;
    ApcIosbSeen = IoStatusBlock;
}

static void io_ioctl_test_user_apc_on_completion(KTEST *t)
{
    HANDLE h;
    IO_STATUS_BLOCK iosb;
    LARGE_INTEGER timeout = { .QuadPart = 0 };

    IoTestLoadDriver(t);
    ApcContextSeen = NULL;
    ApcIosbSeen = NULL;
    KT_ASSERT_EQ(t, IoTestOpenUser(IOFT_BUFFERED_DOS, FILE_READ_DATA, 0, &h, &iosb),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtDeviceIoControlFile(h, NULL, RecordApc, (PVOID)0x77, &iosb,
                                                     IOCTL_IOFT_BUFFERED, NULL, 0, NULL, 0)),
                 STATUS_SUCCESS);
    /* Queued to this thread; it runs only in an alertable wait. */
    KT_EXPECT_PTR_EQ(t, ApcContextSeen, NULL);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtDelayExecution(TRUE, &timeout)), STATUS_USER_APC);
    KT_EXPECT_PTR_EQ(t, ApcContextSeen, (PVOID)0x77);
    KT_EXPECT_PTR_EQ(t, ApcIosbSeen, &iosb);
    NT_SYSCALL(NtClose(h));
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_ioctl_test_method_buffered),
    KTEST_CASE_ENTRY(io_ioctl_test_system_buffer),
    KTEST_CASE_ENTRY(io_ioctl_test_method_direct),
    KTEST_CASE_ENTRY(io_ioctl_test_method_neither),
    KTEST_CASE_ENTRY(io_ioctl_test_user_mode_methods_and_access),
    KTEST_CASE_ENTRY(io_ioctl_test_unreadable_buffers),
    KTEST_CASE_ENTRY(io_ioctl_test_warning_and_error_completions),
    KTEST_CASE_ENTRY(io_ioctl_test_pending_completed_by_other_thread),
    KTEST_CASE_ENTRY(io_ioctl_test_synchronous_handle_waits),
    KTEST_CASE_ENTRY(io_ioctl_test_synchronous_request_references),
    KTEST_CASE_ENTRY(io_ioctl_test_close_cancels_pending),
    KTEST_CASE_ENTRY(io_ioctl_test_cancel_io_file),
    KTEST_CASE_ENTRY(io_ioctl_test_thread_exit_cancels),
    KTEST_CASE_ENTRY(io_ioctl_test_completion_port_packets),
    KTEST_CASE_ENTRY(io_ioctl_test_user_apc_on_completion),
    { 0 }
};
KTEST_SUITE(io_ioctl, cases);
