/*
 * PURPOSE: KmEvent test app: loads kmevent.sys (found next to this program) through the
 *          service control manager, passes an event handle to the driver and waits until the
 *          driver's timer DPC sets it, has a request pended and completed by the timer,
 *          cancels pended requests (CancelIo, CloseHandle), checks the driver's refusals of
 *          bad handles, then unloads the driver. Exits with 1 if any check failed.
 */
#include <windows.h>
#include <winioctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "..\sys\public.h"

/* What the driver puts in the I/O status block of a cancelled request (ntstatus.h). */
#define KM_STATUS_CANCELLED ((DWORD)0xC0000120L)

/* Long enough never to fire while the app runs: these requests get cancelled. */
#define NEVER_MS KMEVENT_MAX_DELAY_MS

static ULONG Checks, Failures;
static SC_HANDLE Manager, Service;

#define CHECK(cond, what)                                                              \
    do {                                                                               \
        Checks++;                                                                      \
        if (!(cond)) {                                                                 \
            Failures++;                                                                \
            printf("  FAILED (line %d): %s (last error %lu)\n", __LINE__, what,        \
                   GetLastError());                                                    \
        }                                                                              \
    } while (0)

static BOOL LoadDriver(VOID)
{
    CHAR path[MAX_PATH];
    PCHAR slash;
    DWORD n;

    /* The .sys sits next to the .exe. */
    n = GetModuleFileNameA(NULL, path, sizeof(path));
    if (n == 0 || n == sizeof(path))
        return FALSE;
    slash = strrchr(path, '\\');
    if (slash == NULL || (size_t)(slash + 1 - path) + sizeof(KMEVENT_DRIVER_FILE) > sizeof(path))
        return FALSE;
    strcpy(slash + 1, KMEVENT_DRIVER_FILE);

    Manager = OpenSCManagerA(NULL, NULL, SC_MANAGER_ALL_ACCESS);
    if (Manager == NULL) {
        printf("OpenSCManager failed: %lu\n", GetLastError());
        return FALSE;
    }
    Service = CreateServiceA(Manager, KMEVENT_SERVICE_NAME, KMEVENT_SERVICE_NAME,
                             SERVICE_START | SERVICE_STOP | DELETE, SERVICE_KERNEL_DRIVER,
                             SERVICE_DEMAND_START, SERVICE_ERROR_IGNORE, path, NULL, NULL,
                             NULL, NULL, NULL);
    if (Service == NULL && GetLastError() == ERROR_SERVICE_EXISTS)
        Service = OpenServiceA(Manager, KMEVENT_SERVICE_NAME, SERVICE_START | SERVICE_STOP | DELETE);
    if (Service == NULL) {
        printf("CreateService(%s) failed: %lu\n", path, GetLastError());
        return FALSE;
    }
    if (!StartServiceA(Service, 0, NULL) && GetLastError() != ERROR_SERVICE_ALREADY_RUNNING) {
        printf("StartService failed: %lu\n", GetLastError());
        DeleteService(Service);
        return FALSE;
    }
    printf("Loaded %s (service %s)\n", path, KMEVENT_SERVICE_NAME);
    return TRUE;
}

static VOID UnloadDriver(VOID)
{
    SERVICE_STATUS status;

    if (!ControlService(Service, SERVICE_CONTROL_STOP, &status)) {
        printf("ControlService failed: %lu\n", GetLastError());
        Failures++;
    } else {
        printf("Driver unloaded\n");
    }
    if (!DeleteService(Service)) {
        printf("DeleteService failed: %lu\n", GetLastError());
        Failures++;
    }
    CloseServiceHandle(Service);
    CloseServiceHandle(Manager);
}

static HANDLE OpenDevice(DWORD Flags)
{
    HANDLE h = CreateFileA(KMEVENT_WIN32_NAME, GENERIC_READ | GENERIC_WRITE, 0, NULL,
                           OPEN_EXISTING, Flags, NULL);
    if (h == INVALID_HANDLE_VALUE)
        printf("CreateFile(%s) failed: %lu\n", KMEVENT_WIN32_NAME, GetLastError());
    return h;
}

static BOOL Register(HANDLE Device, ULONG Mode, ULONG DelayMs, HANDLE Event,
                     PKMEVENT_NOTIFICATION Notification, LPOVERLAPPED Overlapped)
{
    KMEVENT_REGISTER request;
    DWORD returned;

    request.Mode = Mode;
    request.DelayMs = DelayMs;
    request.Event = Event;
    return DeviceIoControl(Device, IOCTL_KMEVENT_REGISTER, &request, sizeof(request),
                           Notification, Notification ? sizeof(*Notification) : 0, &returned,
                           Overlapped);
}

/* 1. The driver sets our events from its timer DPC. */
static VOID TestSignalEvents(HANDLE Device)
{
    HANDLE events[3];
    DWORD i, wait, registered = 0;
    BOOL ok;

    for (i = 0; i < 3; i++) {
        events[i] = CreateEventA(NULL, TRUE, FALSE, NULL);
        CHECK(events[i] != NULL, "CreateEvent");
        ok = Register(Device, KmEventSignalEvent, 50 * (i + 1), events[i], NULL, NULL);
        CHECK(ok, "register an event");
        registered += ok ? 1 : 0;
    }
    printf("Registered 3 events (50, 100, 150 ms)\n");
    /* An event the driver refused (out of memory) would never be set: do not wait for it. */
    wait = registered == 3 ? WaitForMultipleObjects(3, events, TRUE, 60000) : WAIT_FAILED;
    printf("WaitForMultipleObjects(all): %s\n",
           wait == WAIT_OBJECT_0 ? "every event was set by the driver's timer DPC" : "FAILED");
    CHECK(wait == WAIT_OBJECT_0, "the events were set");
    for (i = 0; i < 3; i++)
        CloseHandle(events[i]);
}

/* 2. Handles the driver must refuse: it references them with the app's access (UserMode)
      and asks for an event object. */
static VOID TestBadHandles(HANDLE Device)
{
    HANDLE semaphore, syncOnly, named;
    BOOL ok;

    semaphore = CreateSemaphoreA(NULL, 0, 1, NULL);
    ok = Register(Device, KmEventSignalEvent, 10, semaphore, NULL, NULL);
    printf("A semaphore handle instead of an event: error %lu (ERROR_INVALID_HANDLE)\n",
           ok ? 0 : GetLastError());
    CHECK(!ok && GetLastError() == ERROR_INVALID_HANDLE, "semaphore refused");
    CloseHandle(semaphore);

    ok = Register(Device, KmEventSignalEvent, 10, (HANDLE)(ULONG_PTR)0x7FFC, NULL, NULL);
    printf("A handle that is not open: error %lu (ERROR_INVALID_HANDLE)\n",
           ok ? 0 : GetLastError());
    CHECK(!ok && GetLastError() == ERROR_INVALID_HANDLE, "bogus handle refused");

    named = CreateEventA(NULL, TRUE, FALSE, "KmEventSampleEvent");
    syncOnly = OpenEventA(SYNCHRONIZE, FALSE, "KmEventSampleEvent");
    CHECK(named != NULL && syncOnly != NULL, "named event");
    ok = Register(Device, KmEventSignalEvent, 10, syncOnly, NULL, NULL);
    printf("An event handle without EVENT_MODIFY_STATE: error %lu (ERROR_ACCESS_DENIED)\n",
           ok ? 0 : GetLastError());
    CHECK(!ok && GetLastError() == ERROR_ACCESS_DENIED, "handle without the right refused");
    CloseHandle(syncOnly);
    CloseHandle(named);
}

/* 3. The request itself stays pending until the timer completes it. */
static VOID TestPendedIrp(HANDLE Device, HANDLE AsyncDevice)
{
    KMEVENT_NOTIFICATION notification;
    OVERLAPPED ov;
    DWORD returned;
    BOOL ok;

    /* Synchronous handle: DeviceIoControl waits for the pended request. */
    memset(&notification, 0, sizeof(notification));
    ok = Register(Device, KmEventCompleteIrp, 20, NULL, &notification, NULL);
    printf("Pended IOCTL, synchronous handle: %s, notification %lu after %lu ms\n",
           ok ? "completed" : "FAILED", notification.Sequence, notification.DelayMs);
    CHECK(ok && notification.DelayMs == 20 && notification.Sequence == 4, "completed by the timer");

    /* Overlapped handle: ERROR_IO_PENDING now, the result later. */
    memset(&ov, 0, sizeof(ov));
    memset(&notification, 0, sizeof(notification));
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    ok = Register(AsyncDevice, KmEventCompleteIrp, 20, NULL, &notification, &ov);
    printf("Pended IOCTL, overlapped handle: %s\n",
           !ok && GetLastError() == ERROR_IO_PENDING ? "ERROR_IO_PENDING" : "NOT PENDING");
    CHECK(!ok && GetLastError() == ERROR_IO_PENDING, "pending");
    ok = GetOverlappedResult(AsyncDevice, &ov, &returned, TRUE);
    printf("GetOverlappedResult: %s, %lu bytes, notification %lu\n",
           ok ? "completed" : "FAILED", returned, notification.Sequence);
    CHECK(ok && returned == sizeof(notification) && notification.Sequence == 5,
          "overlapped completion");
    CloseHandle(ov.hEvent);
}

/* 4. Cancelling: CancelIo cancels this thread's requests on the handle; closing the last
      handle cancels what is left on it (the driver completes them at IRP_MJ_CLEANUP). */
static VOID TestCancel(HANDLE AsyncDevice)
{
    KMEVENT_NOTIFICATION notification;
    OVERLAPPED ov;
    HANDLE other;
    DWORD returned;
    BOOL ok;

    memset(&ov, 0, sizeof(ov));
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    ok = Register(AsyncDevice, KmEventCompleteIrp, NEVER_MS, NULL, &notification, &ov);
    CHECK(!ok && GetLastError() == ERROR_IO_PENDING, "pending");
    CHECK(!HasOverlappedIoCompleted(&ov), "still pending");
    CHECK(CancelIo(AsyncDevice), "CancelIo");
    ok = GetOverlappedResult(AsyncDevice, &ov, &returned, TRUE);
    printf("CancelIo on a pended IOCTL: GetOverlappedResult error %lu (ERROR_OPERATION_ABORTED)\n",
           ok ? 0 : GetLastError());
    CHECK(!ok && GetLastError() == ERROR_OPERATION_ABORTED, "cancelled by CancelIo");

    other = OpenDevice(FILE_FLAG_OVERLAPPED);
    ResetEvent(ov.hEvent);
    ok = Register(other, KmEventCompleteIrp, NEVER_MS, NULL, &notification, &ov);
    ok = !ok && GetLastError() == ERROR_IO_PENDING;
    CHECK(ok, "pending");
    CloseHandle(other);
    /* Only a request that pended completes at close. */
    CHECK(ok && WaitForSingleObject(ov.hEvent, 60000) == WAIT_OBJECT_0, "completed at close");
    printf("CloseHandle with a pended IOCTL: completed with status 0x%08lX (STATUS_CANCELLED)\n",
           (DWORD)ov.Internal);
    CHECK((DWORD)ov.Internal == KM_STATUS_CANCELLED, "cancelled by CloseHandle");
    CloseHandle(ov.hEvent);
}

static VOID TestStatistics(HANDLE Device)
{
    KMEVENT_STATISTICS stats;
    DWORD returned;
    BOOL ok;

    ok = DeviceIoControl(Device, IOCTL_KMEVENT_GET_STATISTICS, NULL, 0, &stats, sizeof(stats),
                         &returned, NULL);
    CHECK(ok && returned == sizeof(stats), "statistics");
    printf("Driver statistics: %lu registered, %lu events set, %lu IRPs completed, "
           "%lu cancelled, %lu outstanding\n", stats.Registered, stats.EventsSignaled,
           stats.IrpsCompleted, stats.IrpsCancelled, stats.Outstanding);
    CHECK(stats.Registered == 7 && stats.EventsSignaled == 3 && stats.IrpsCompleted == 2 &&
          stats.IrpsCancelled == 2 && stats.Outstanding == 0, "counters");
}

VOID __cdecl main(ULONG argc, PCHAR argv[])
{
    HANDLE device, asyncDevice;

    UNREFERENCED_PARAMETER(argc);
    UNREFERENCED_PARAMETER(argv);

    if (!LoadDriver())
        exit(1);
    device = OpenDevice(FILE_ATTRIBUTE_NORMAL);
    asyncDevice = OpenDevice(FILE_FLAG_OVERLAPPED);
    if (device != INVALID_HANDLE_VALUE && asyncDevice != INVALID_HANDLE_VALUE) {
        TestSignalEvents(device);
        TestBadHandles(device);
        TestPendedIrp(device, asyncDevice);
        TestCancel(asyncDevice);
        TestStatistics(device);
    } else {
        Failures++;
    }
    if (device != INVALID_HANDLE_VALUE)
        CloseHandle(device);
    if (asyncDevice != INVALID_HANDLE_VALUE)
        CloseHandle(asyncDevice);
    UnloadDriver();

    if (Failures != 0) {
        printf("KmEvent sample: %lu of %lu checks FAILED\n", Failures, Checks);
        exit(1);
    }
    printf("KmEvent sample: all %lu checks passed\n", Checks);
}
