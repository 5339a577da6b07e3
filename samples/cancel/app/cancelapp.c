/*
 * PURPOSE: KmCancel test app: loads kmcancel.sys (next to this program) through the service
 *          control manager, issues overlapped reads that wait in the driver's cancel-safe
 *          queue, cancels some (CancelIoEx, CancelIo, CloseHandle), lets the driver's worker
 *          thread serve the others and checks every result. TCHAR throughout: builds as
 *          ANSI or, with UNICODE and _UNICODE defined, as Unicode.
 */
#include <windows.h>
#include <winioctl.h>
#include <tchar.h>
#include <strsafe.h>
#include <stdio.h>
#include <string.h>
#include "../sys/public.h"

#define SERVICE_NAME _T(KMCANCEL_SERVICE_NAME)
#define DRIVER_FILE  _T(KMCANCEL_DRIVER_FILE)
#define DEVICE_NAME  _T("\\\\.\\KmCancel")

#define READS 6

static ULONG Checks, Failures;

#define CHECK(cond, what)                                                              \
    do {                                                                               \
        Checks++;                                                                      \
        if (!(cond)) {                                                                 \
            Failures++;                                                                \
            _tprintf(_T("  FAILED (line %d): %s (last error %lu)\n"), __LINE__,        \
                     _T(what), GetLastError());                                        \
        }                                                                              \
    } while (0)

static SC_HANDLE InstallDriver(SC_HANDLE Manager)
{
    TCHAR path[MAX_PATH];
    TCHAR *slash;
    SC_HANDLE service;

    if (GetModuleFileName(NULL, path, MAX_PATH) == 0)
        return NULL;
    slash = _tcsrchr(path, _T('\\'));
    if (slash == NULL)
        return NULL;
    slash[1] = 0;
    if (FAILED(StringCchCat(path, MAX_PATH, DRIVER_FILE)))
        return NULL;

    service = CreateService(Manager, SERVICE_NAME, SERVICE_NAME, SERVICE_ALL_ACCESS,
                            SERVICE_KERNEL_DRIVER, SERVICE_DEMAND_START, SERVICE_ERROR_NORMAL,
                            path, NULL, NULL, NULL, NULL, NULL);
    if (service == NULL && GetLastError() == ERROR_SERVICE_EXISTS)
        service = OpenService(Manager, SERVICE_NAME, SERVICE_ALL_ACCESS);
    if (service == NULL) {
        _tprintf(_T("CreateService(%s) failed: %lu\n"), path, GetLastError());
        return NULL;
    }
    if (!StartService(service, 0, NULL) && GetLastError() != ERROR_SERVICE_ALREADY_RUNNING) {
        _tprintf(_T("StartService failed: %lu\n"), GetLastError());
        DeleteService(service);
        CloseServiceHandle(service);
        return NULL;
    }
    _tprintf(_T("Driver %s loaded\n"), path);
    return service;
}

static BOOL Produce(HANDLE Control, ULONG Count)
{
    DWORD returned;
    return DeviceIoControl(Control, IOCTL_KMCANCEL_PRODUCE, &Count, sizeof(Count), NULL, 0,
                           &returned, NULL);
}

static BOOL Statistics(HANDLE Control, PKMCANCEL_STATISTICS Stats)
{
    DWORD returned;
    BOOL ok = DeviceIoControl(Control, IOCTL_KMCANCEL_GET_STATISTICS, NULL, 0, Stats,
                              sizeof(*Stats), &returned, NULL);
    if (ok)
        _tprintf(_T("Driver: %lu queued, %lu served, %lu cancelled, %lu waiting, %lu items left\n"),
                 Stats->Queued, Stats->Served, Stats->Cancelled, Stats->Waiting, Stats->Available);
    return ok;
}

static BOOL StartRead(HANDLE Device, KMCANCEL_RECORD *Record, OVERLAPPED *Ov, DWORD Tag)
{
    BOOL ok;

    ZeroMemory(Ov, sizeof(*Ov));
    ZeroMemory(Record, sizeof(*Record));
    Ov->Offset = Tag;           /* the driver echoes it: which read got which answer */
    Ov->hEvent = CreateEvent(NULL, TRUE, FALSE, NULL);
    ok = ReadFile(Device, Record, sizeof(*Record), NULL, Ov);
    return !ok && GetLastError() == ERROR_IO_PENDING;
}

static void Run(HANDLE Device, HANDLE Control)
{
    KMCANCEL_RECORD records[READS + 3];
    OVERLAPPED ov[READS + 3];
    KMCANCEL_STATISTICS stats;
    HANDLE waits[READS];
    DWORD i, n, count, done;
    static const DWORD served[] = { 0, 2, 3, 5 };
    BOOL ok;

    /* Too short for a record: refused at once, nothing queued. */
    memset(&ov[0], 0, sizeof(ov[0]));
    ov[0].hEvent = CreateEvent(NULL, TRUE, FALSE, NULL);
    ok = ReadFile(Device, records, sizeof(records[0]) - 1, NULL, &ov[0]);
    _tprintf(_T("Short read: error %lu (ERROR_INSUFFICIENT_BUFFER)\n"), ok ? 0 : GetLastError());
    CHECK(!ok && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "short read refused");
    CloseHandle(ov[0].hEvent);

    /* Six reads wait in the queue: no data yet. */
    for (i = 0; i < READS; i++)
        CHECK(StartRead(Device, &records[i], &ov[i], i), "read pending");
    _tprintf(_T("Issued %d overlapped reads: all pending\n"), READS);

    /* Cancel two of them by their OVERLAPPED. */
    CHECK(CancelIoEx(Device, &ov[1]), "CancelIoEx read 1");
    CHECK(CancelIoEx(Device, &ov[4]), "CancelIoEx read 4");
    for (i = 1; i < READS; i += 3) {
        ok = GetOverlappedResult(Device, &ov[i], &n, TRUE);
        _tprintf(_T("Read %lu after CancelIoEx: error %lu (ERROR_OPERATION_ABORTED), %lu bytes\n"),
                 i, ok ? 0 : GetLastError(), n);
        CHECK(!ok && GetLastError() == ERROR_OPERATION_ABORTED && n == 0, "read cancelled");
    }
    ok = CancelIoEx(Device, &ov[1]);
    _tprintf(_T("CancelIoEx of a finished read: error %lu (ERROR_NOT_FOUND)\n"),
             ok ? 0 : GetLastError());
    CHECK(!ok && GetLastError() == ERROR_NOT_FOUND, "nothing to cancel");

    CHECK(Statistics(Control, &stats), "statistics");
    CHECK(stats.Queued == READS && stats.Cancelled == 2 && stats.Waiting == READS - 2,
          "four reads waiting");

    /* Four data items: the worker thread serves the four waiting reads, oldest first. */
    CHECK(Produce(Control, 4), "produce 4");
    count = 0;
    for (i = 0; i < 4; i++)
        waits[count++] = ov[served[i]].hEvent;
    CHECK(WaitForMultipleObjects(count, waits, TRUE, 60000) == WAIT_OBJECT_0, "reads served");
    for (i = 0; i < 4; i++) {
        done = served[i];
        ok = GetOverlappedResult(Device, &ov[done], &n, FALSE);
        _tprintf(_T("Read %lu: %s, %lu bytes, item %lu, tag %lu, \"%hs\"\n"), done,
                 ok ? _T("served") : _T("FAILED"), n, records[done].Sequence,
                 records[done].Offset, records[done].Text);
        CHECK(ok && n == sizeof(KMCANCEL_RECORD), "read served");
        CHECK(records[done].Sequence == i + 1 && records[done].Offset == done, "in order");
    }
    for (i = 0; i < READS; i++)
        CloseHandle(ov[i].hEvent);

    /* CancelIo cancels this thread's remaining reads on the handle. */
    CHECK(StartRead(Device, &records[READS], &ov[READS], 100), "read pending");
    CHECK(StartRead(Device, &records[READS + 1], &ov[READS + 1], 101), "read pending");
    CHECK(Produce(Control, 1), "produce 1");
    CHECK(GetOverlappedResult(Device, &ov[READS], &n, TRUE) && records[READS].Offset == 100,
          "first read served");
    CHECK(CancelIo(Device), "CancelIo");
    ok = GetOverlappedResult(Device, &ov[READS + 1], &n, TRUE);
    _tprintf(_T("Read 101 after CancelIo: error %lu (ERROR_OPERATION_ABORTED)\n"),
             ok ? 0 : GetLastError());
    CHECK(!ok && GetLastError() == ERROR_OPERATION_ABORTED, "cancelled by CancelIo");

    /* A read still waiting when its handle closes: the driver's cleanup cancels it. */
    CHECK(StartRead(Device, &records[READS + 2], &ov[READS + 2], 102), "read pending");
    CloseHandle(Device);
    CHECK(WaitForSingleObject(ov[READS + 2].hEvent, 60000) == WAIT_OBJECT_0, "completed");
    _tprintf(_T("Read 102 after CloseHandle: status 0x%08lX (STATUS_CANCELLED)\n"),
             (DWORD)ov[READS + 2].Internal);
    CHECK((DWORD)ov[READS + 2].Internal == 0xC0000120, "cancelled by the close");
    for (i = READS; i < READS + 3; i++)
        CloseHandle(ov[i].hEvent);

    CHECK(Statistics(Control, &stats), "statistics");
    CHECK(stats.Queued == READS + 3 && stats.Served == 5 && stats.Cancelled == 4 &&
          stats.Waiting == 0 && stats.Available == 0, "final counters");
}

int __cdecl _tmain(int argc, TCHAR *argv[])
{
    SC_HANDLE manager, service;
    SERVICE_STATUS status;
    HANDLE device, control;

    UNREFERENCED_PARAMETER(argc);
    UNREFERENCED_PARAMETER(argv);

    manager = OpenSCManager(NULL, NULL, SC_MANAGER_ALL_ACCESS);
    if (manager == NULL) {
        _tprintf(_T("OpenSCManager failed: %lu\n"), GetLastError());
        return 1;
    }
    service = InstallDriver(manager);
    if (service == NULL)
        return 1;

    /* One handle for the overlapped reads, one for synchronous control requests. */
    device = CreateFile(DEVICE_NAME, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                        OPEN_EXISTING, FILE_FLAG_OVERLAPPED, NULL);
    control = CreateFile(DEVICE_NAME, GENERIC_READ | GENERIC_WRITE,
                         FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    if (device == INVALID_HANDLE_VALUE || control == INVALID_HANDLE_VALUE) {
        _tprintf(_T("CreateFile(%s) failed: %lu\n"), DEVICE_NAME, GetLastError());
        Failures++;
        if (device != INVALID_HANDLE_VALUE)
            CloseHandle(device);
    } else {
        Run(device, control);           /* closes device */
    }
    if (control != INVALID_HANDLE_VALUE)
        CloseHandle(control);

    if (ControlService(service, SERVICE_CONTROL_STOP, &status))
        _tprintf(_T("Driver unloaded\n"));
    else
        CHECK(FALSE, "ControlService(SERVICE_CONTROL_STOP)");
    CHECK(DeleteService(service), "DeleteService");
    CloseServiceHandle(service);
    CloseServiceHandle(manager);

    if (Failures != 0) {
        _tprintf(_T("KmCancel sample: %lu of %lu checks FAILED\n"), Failures, Checks);
        return 1;
    }
    _tprintf(_T("KmCancel sample: all %lu checks passed\n"), Checks);
    return 0;
}
