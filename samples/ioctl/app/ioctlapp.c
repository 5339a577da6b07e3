/*
 * PURPOSE: KmIoctl test app: installs kmioctl.sys through the service control manager, opens
 *          \\.\KmIoctl, sends an IOCTL with each transfer method, writes and reads through the
 *          driver's FIFO, checks every answer, then unloads and removes the driver.
 *          Exit code 0 when every check passed. Run it from the directory holding kmioctl.sys.
 */
#include <windows.h>
#include <winioctl.h>
#include <strsafe.h>
#include <stdio.h>
#include <string.h>
#include <sys\public.h>
#include "install.h"

static ULONG Checks, Failures;

#define CHECK(cond, ...)                                   \
    do {                                                   \
        Checks++;                                          \
        if (!(cond)) {                                     \
            Failures++;                                    \
            printf("  FAILED (line %d): ", __LINE__);      \
            printf(__VA_ARGS__);                           \
            printf("\n");                                  \
        }                                                  \
    } while (0)

/* The driver's own counter of IOCTLs it saw; the app keeps its own to compare. */
static ULONG IoctlsSent;

static BOOL Ioctl(HANDLE Device, DWORD Code, PVOID In, DWORD InLength, PVOID Out,
                  DWORD OutLength, DWORD *Returned)
{
    BOOL ok;

    *Returned = 0;
    ok = DeviceIoControl(Device, Code, In, InLength, Out, OutLength, Returned, NULL);
    IoctlsSent++;
    return ok;
}

static void TestBuffered(HANDLE Device)
{
    static CHAR text[] = "Hello from user mode";
    KMIOCTL_REPLY reply;
    DWORD returned;
    BOOL ok;

    FillMemory(&reply, sizeof(reply), 0xCC);
    ok = Ioctl(Device, IOCTL_KMIOCTL_BUFFERED, text, (DWORD)strlen(text), &reply, sizeof(reply),
               &returned);
    CHECK(ok, "IOCTL_KMIOCTL_BUFFERED failed: %lu", GetLastError());
    if (ok) {
        printf("METHOD_BUFFERED:   sent \"%s\" (%Iu bytes), got %lu bytes: \"%s\" "
               "(request %lu, %lu filter(s) on the way)\n",
               text, strlen(text), returned, reply.Text, reply.Sequence, reply.FilterCount);
        CHECK(returned == sizeof(reply), "returned %lu", returned);
        CHECK(strcmp(reply.Text, "HELLO FROM USER MODE") == 0, "text %s", reply.Text);
        CHECK(reply.InputLength == strlen(text), "input length %lu", reply.InputLength);
        CHECK(reply.Sequence == 1, "sequence %lu", reply.Sequence);
    }

    /* Too small for a reply: the driver fails it, nothing comes back (and, an error, not a
       warning: DeviceIoControl leaves *lpBytesReturned alone). */
    ok = Ioctl(Device, IOCTL_KMIOCTL_BUFFERED, text, 5, &reply, sizeof(reply) - 1, &returned);
    printf("METHOD_BUFFERED:   %Iu-byte output buffer: %s, error %lu (ERROR_INSUFFICIENT_BUFFER)\n",
           sizeof(reply) - 1, ok ? "succeeded" : "failed", GetLastError());
    CHECK(!ok && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "error %lu", GetLastError());
}

static void TestDirect(HANDLE Device)
{
    KMIOCTL_DATA_REQUEST request;
    UCHAR pattern[32], back[64];
    DWORD returned, i;
    BOOL ok;

    for (i = 0; i < sizeof(pattern); i++)
        pattern[i] = (UCHAR)(0xA0 + i);

    /* METHOD_IN_DIRECT: the driver reads our second buffer through an MDL. */
    request.Offset = 8;
    ok = Ioctl(Device, IOCTL_KMIOCTL_SET_DATA, &request, sizeof(request), pattern,
               sizeof(pattern), &returned);
    CHECK(ok, "IOCTL_KMIOCTL_SET_DATA failed: %lu", GetLastError());
    printf("METHOD_IN_DIRECT:  stored %lu bytes at offset %lu\n", returned, request.Offset);
    CHECK(returned == sizeof(pattern), "returned %lu", returned);

    /* METHOD_OUT_DIRECT: the driver writes into our buffer through an MDL. */
    memset(back, 0, sizeof(back));
    request.Offset = 8;
    ok = Ioctl(Device, IOCTL_KMIOCTL_GET_DATA, &request, sizeof(request), back, sizeof(back),
               &returned);
    CHECK(ok, "IOCTL_KMIOCTL_GET_DATA failed: %lu", GetLastError());
    printf("METHOD_OUT_DIRECT: read back %lu bytes from offset %lu: %s\n", returned,
           request.Offset,
           returned == sizeof(pattern) && memcmp(back, pattern, sizeof(pattern)) == 0
               ? "same as stored" : "DIFFERENT");
    CHECK(returned == sizeof(pattern) && memcmp(back, pattern, sizeof(pattern)) == 0,
          "returned %lu", returned);

    /* A buffer too small: the driver fills it and says STATUS_BUFFER_OVERFLOW, a warning:
       DeviceIoControl fails with ERROR_MORE_DATA but the bytes and their count arrive. */
    memset(back, 0, sizeof(back));
    request.Offset = 0;
    ok = Ioctl(Device, IOCTL_KMIOCTL_GET_DATA, &request, sizeof(request), back, 16, &returned);
    printf("METHOD_OUT_DIRECT: 16-byte buffer for 40 bytes: %s, error %lu (ERROR_MORE_DATA), "
           "%lu bytes\n", ok ? "succeeded" : "failed", GetLastError(), returned);
    CHECK(!ok && GetLastError() == ERROR_MORE_DATA, "error %lu", GetLastError());
    CHECK(returned == 16, "returned %lu", returned);
    CHECK(back[0] == 0 && back[8] == 0xA0 && back[15] == 0xA7, "data %02x %02x %02x", back[0],
          back[8], back[15]);
}

static void TestNeither(HANDLE Device)
{
    static CHAR text[] = "stressed";
    CHAR out[16];
    DWORD returned;
    BOOL ok;

    memset(out, 0, sizeof(out));
    ok = Ioctl(Device, IOCTL_KMIOCTL_NEITHER, text, (DWORD)strlen(text), out, sizeof(out),
               &returned);
    CHECK(ok, "IOCTL_KMIOCTL_NEITHER failed: %lu", GetLastError());
    printf("METHOD_NEITHER:    sent \"%s\", got %lu bytes: \"%s\"\n", text, returned, out);
    CHECK(returned == strlen(text) && strcmp(out, "desserts") == 0, "got %s", out);

    /* The I/O manager passes METHOD_NEITHER pointers unchecked; the driver's probe and its
       __try/__except turn bad ones into an error instead of a crash. */
    ok = Ioctl(Device, IOCTL_KMIOCTL_NEITHER, (PVOID)(ULONG_PTR)0x10, 4, out, sizeof(out),
               &returned);
    printf("METHOD_NEITHER:    input pointer 0x10: %s, error %lu (ERROR_NOACCESS)\n",
           ok ? "succeeded" : "failed", GetLastError());
    CHECK(!ok && GetLastError() == ERROR_NOACCESS, "error %lu", GetLastError());
    ok = Ioctl(Device, IOCTL_KMIOCTL_NEITHER, text, 4,
               (PVOID)(ULONG_PTR)0xFFFF800000001000ULL, sizeof(out), &returned);
    printf("METHOD_NEITHER:    kernel-space output pointer: %s, error %lu (ERROR_NOACCESS)\n",
           ok ? "succeeded" : "failed", GetLastError());
    CHECK(!ok && GetLastError() == ERROR_NOACCESS, "error %lu", GetLastError());
}

static void TestReadWrite(HANDLE Device)
{
    CHAR first[41], second[41], back[100];
    DWORD done;
    BOOL ok;

    StringCchCopyA(first, sizeof(first), "The quick brown fox jumps over the lazy ");
    CopyMemory(second, "dog, and then it jumps back over it agai", sizeof(second));

    ok = WriteFile(Device, first, 40, &done, NULL);
    printf("WriteFile:         %lu of 40 bytes\n", done);
    CHECK(ok && done == 40, "write 1: %d %lu error %lu", ok, done, GetLastError());
    ok = WriteFile(Device, second, 40, &done, NULL);
    printf("WriteFile:         %lu of 40 bytes (the driver buffers %d)\n", done,
           KMIOCTL_FIFO_SIZE);
    CHECK(ok && done == KMIOCTL_FIFO_SIZE - 40, "write 2: %d %lu error %lu", ok, done,
          GetLastError());

    memset(back, 0, sizeof(back));
    ok = ReadFile(Device, back, sizeof(back), &done, NULL);
    printf("ReadFile:          %lu bytes: \"%s\"\n", done, back);
    CHECK(ok && done == KMIOCTL_FIFO_SIZE, "read: %d %lu error %lu", ok, done, GetLastError());
    CHECK(memcmp(back, first, 40) == 0 && memcmp(back + 40, second, 24) == 0, "data differs");

    ok = ReadFile(Device, back, sizeof(back), &done, NULL);
    printf("ReadFile:          %lu bytes (the FIFO is empty)\n", done);
    CHECK(ok && done == 0, "read 2: %d %lu", ok, done);
}

static void TestAccess(HANDLE Device)
{
    KMIOCTL_DATA_REQUEST request;
    UCHAR data[8] = { 0 };
    DWORD returned;
    HANDLE readOnly;
    BOOL ok;

    /* The access bits of an I/O control code are checked against the handle. */
    readOnly = CreateFileA(KMIOCTL_WIN32_NAME, GENERIC_READ, 0, NULL, OPEN_EXISTING,
                           FILE_ATTRIBUTE_NORMAL, NULL);
    CHECK(readOnly != INVALID_HANDLE_VALUE, "read-only open failed: %lu", GetLastError());
    if (readOnly == INVALID_HANDLE_VALUE)
        return;
    request.Offset = 0;
    ok = DeviceIoControl(readOnly, IOCTL_KMIOCTL_SET_DATA, &request, sizeof(request), data,
                         sizeof(data), &returned, NULL);
    printf("Read-only handle:  IOCTL_KMIOCTL_SET_DATA (FILE_WRITE_ACCESS): error %lu\n",
           ok ? 0 : GetLastError());
    CHECK(!ok && GetLastError() == ERROR_ACCESS_DENIED, "error %lu", GetLastError());
    request.Offset = 32;        /* the last 8 of the 40 bytes stored */
    ok = Ioctl(readOnly, IOCTL_KMIOCTL_GET_DATA, &request, sizeof(request), data, sizeof(data),
               &returned);
    printf("Read-only handle:  IOCTL_KMIOCTL_GET_DATA (FILE_READ_ACCESS): %s, %lu bytes\n",
           ok ? "succeeded" : "failed", returned);
    CHECK(ok && returned == sizeof(data), "error %lu", GetLastError());
    ok = WriteFile(readOnly, data, sizeof(data), &returned, NULL);
    printf("Read-only handle:  WriteFile: error %lu\n", ok ? 0 : GetLastError());
    CHECK(!ok && GetLastError() == ERROR_ACCESS_DENIED, "error %lu", GetLastError());
    CloseHandle(readOnly);

    ok = Ioctl(Device, CTL_CODE(FILE_DEVICE_KMIOCTL, 0x8FF, METHOD_BUFFERED, FILE_ANY_ACCESS),
               NULL, 0, NULL, 0, &returned);
    printf("Unknown IOCTL:     error %lu (ERROR_INVALID_FUNCTION)\n", ok ? 0 : GetLastError());
    CHECK(!ok && GetLastError() == ERROR_INVALID_FUNCTION, "error %lu", GetLastError());
}

static void TestStatistics(HANDLE Device)
{
    KMIOCTL_STATISTICS stats;
    DWORD returned;
    BOOL ok;

    ok = Ioctl(Device, IOCTL_KMIOCTL_GET_STATISTICS, NULL, 0, &stats, sizeof(stats), &returned);
    CHECK(ok && returned == sizeof(stats), "IOCTL_KMIOCTL_GET_STATISTICS: %lu", GetLastError());
    if (!ok)
        return;
    printf("Driver statistics: %lu creates, %lu cleanups, %lu closes, %lu IOCTLs, %lu reads "
           "(%lu bytes), %lu writes (%lu bytes)\n", stats.Creates, stats.Cleanups, stats.Closes,
           stats.DeviceControls, stats.Reads, stats.BytesRead, stats.Writes, stats.BytesWritten);
    /* Two opens (this handle and the read-only one, closed again); every IOCTL the access
       check let through; the reads and writes of TestReadWrite. */
    CHECK(stats.Creates == 2 && stats.Cleanups == 1 && stats.Closes == 1, "opens");
    CHECK(stats.DeviceControls == IoctlsSent, "IOCTLs %lu, sent %lu", stats.DeviceControls,
          IoctlsSent);
    CHECK(stats.Reads == 2 && stats.Writes == 2, "reads/writes");
    CHECK(stats.BytesRead == KMIOCTL_FIFO_SIZE && stats.BytesWritten == KMIOCTL_FIFO_SIZE,
          "bytes");
}

int __cdecl main(int argc, char *argv[])
{
    SC_HANDLE service;
    HANDLE device;

    UNREFERENCED_PARAMETER(argc);
    UNREFERENCED_PARAMETER(argv);

    printf("KmIoctl sample: the driver's device is %ws, apps open %s\n", KMIOCTL_DEVICE_NAME,
           KMIOCTL_WIN32_NAME);
    if (!InstallAndStartDriver(KMIOCTL_SERVICE_NAME, KMIOCTL_DRIVER_FILE, &service))
        return 1;

    device = CreateFileA(KMIOCTL_WIN32_NAME, GENERIC_READ | GENERIC_WRITE, 0, NULL,
                         OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (device == INVALID_HANDLE_VALUE) {
        printf("CreateFile(%s) failed: %lu\n", KMIOCTL_WIN32_NAME, GetLastError());
        StopAndRemoveDriver(service);
        return 1;
    }
    printf("Opened %s\n", KMIOCTL_WIN32_NAME);

    TestBuffered(device);
    TestDirect(device);
    TestNeither(device);
    TestReadWrite(device);
    TestAccess(device);
    TestStatistics(device);

    CloseHandle(device);
    printf("Closed the device\n");
    if (!StopAndRemoveDriver(service))
        Failures++;

    if (Failures != 0) {
        printf("KmIoctl sample: %lu of %lu checks FAILED\n", Failures, Checks);
        return 1;
    }
    printf("KmIoctl sample: all %lu checks passed\n", Checks);
    return 0;
}
