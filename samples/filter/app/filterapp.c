/*
 * PURPOSE: KmFilter test app: loads kmioctl.sys and then kmfilter.sys (both next to this
 *          program) through the service control manager, talks to \\.\KmIoctl through the
 *          filter, checks the reply the filter changed and the filter's counters, then
 *          unloads the filter (KmIoctl answers unfiltered again) and KmIoctl.
 */
#include <windows.h>
#include <winioctl.h>
#include <strsafe.h>
#include <stdio.h>
#include <string.h>
#include "..\..\ioctl\sys\public.h"
#include "..\sys\public.h"

static ULONG Checks, Failures;
static SC_HANDLE Manager;

static void Check(BOOL Condition, const char *What, int Line)
{
    Checks++;
    if (!Condition) {
        Failures++;
        printf("  FAILED (line %d): %s (last error %lu)\n", Line, What, GetLastError());
    }
}
#define CHECK(cond, what) Check((cond) ? TRUE : FALSE, what, __LINE__)

static SC_HANDLE Load(LPCSTR Name, LPCSTR File)
{
    CHAR path[MAX_PATH];
    SC_HANDLE service;
    DWORD n;

    /* A relative name is relative to the current directory: the one holding the .sys. */
    n = GetFullPathNameA(File, sizeof(path), path, NULL);
    if (n == 0 || n >= sizeof(path)) {
        printf("GetFullPathName(%s) failed: %lu\n", File, GetLastError());
        return NULL;
    }
    service = CreateServiceA(Manager, Name, Name, SERVICE_ALL_ACCESS, SERVICE_KERNEL_DRIVER,
                             SERVICE_DEMAND_START, SERVICE_ERROR_NORMAL, path, NULL, NULL, NULL,
                             NULL, NULL);
    if (service == NULL && GetLastError() == ERROR_SERVICE_EXISTS)
        service = OpenServiceA(Manager, Name, SERVICE_ALL_ACCESS);
    if (service == NULL) {
        printf("CreateService(%s) failed: %lu\n", Name, GetLastError());
        return NULL;
    }
    if (!StartServiceA(service, 0, NULL) && GetLastError() != ERROR_SERVICE_ALREADY_RUNNING) {
        printf("StartService(%s) failed: %lu\n", Name, GetLastError());
        DeleteService(service);
        CloseServiceHandle(service);
        return NULL;
    }
    printf("Loaded %s (%s)\n", Name, path);
    return service;
}

static void Unload(SC_HANDLE Service, LPCSTR Name)
{
    SERVICE_STATUS status;

    CHECK(ControlService(Service, SERVICE_CONTROL_STOP, &status), "stop the service");
    CHECK(DeleteService(Service), "delete the service");
    CloseServiceHandle(Service);
    printf("Unloaded %s\n", Name);
}

static HANDLE Open(LPCSTR Name)
{
    HANDLE h = CreateFileA(Name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                           FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE)
        printf("CreateFile(%s) failed: %lu\n", Name, GetLastError());
    return h;
}

static BOOL Buffered(HANDLE Device, PCSTR Text, PKMIOCTL_REPLY Reply)
{
    DWORD returned;

    memset(Reply, 0, sizeof(*Reply));
    return DeviceIoControl(Device, IOCTL_KMIOCTL_BUFFERED, (PVOID)Text, (DWORD)strlen(Text),
                           Reply, sizeof(*Reply), &returned, NULL) &&
           returned == sizeof(*Reply);
}

static BOOL GetCounters(HANDLE Control, PKMFILTER_COUNTERS Counters)
{
    DWORD returned;
    BOOL ok;

    SecureZeroMemory(Counters, sizeof(*Counters));
    ok = DeviceIoControl(Control, IOCTL_KMFILTER_GET_COUNTERS, NULL, 0, Counters,
                              sizeof(*Counters), &returned, NULL);
    if (ok)
        printf("Filter counters: %lu creates, %lu cleanups, %lu closes, %lu reads, %lu writes, "
               "%lu IOCTLs, %lu others; %lu completions (%lu failed, %lu pended), "
               "%lu replies modified\n", Counters->Creates, Counters->Cleanups,
               Counters->Closes, Counters->Reads, Counters->Writes, Counters->DeviceControls,
               Counters->Others, Counters->Completions, Counters->Failures, Counters->Pended,
               Counters->RepliesModified);
    return ok;
}

/* Everything KmIoctl does, through the filter. */
static void ThroughTheFilter(HANDLE Device)
{
    KMIOCTL_DATA_REQUEST request;
    KMIOCTL_STATISTICS stats;
    KMIOCTL_REPLY reply;
    CHAR data[16], back[16], reversed[16];
    DWORD n;
    BOOL ok;

    CHECK(Buffered(Device, "filtered", &reply), "METHOD_BUFFERED");
    printf("METHOD_BUFFERED through the filter: \"%s\", request %lu, %lu filter(s) on the way\n",
           reply.Text, reply.Sequence, reply.FilterCount);
    CHECK(strcmp(reply.Text, "FILTERED") == 0, "the driver's answer");
    CHECK(reply.FilterCount == 1, "the filter's change");

    StringCchCopyA(data, sizeof(data), "direct I/O data");
    request.Offset = 0;
    CHECK(DeviceIoControl(Device, IOCTL_KMIOCTL_SET_DATA, &request, sizeof(request), data,
                          sizeof(data), &n, NULL) && n == sizeof(data), "METHOD_IN_DIRECT");
    memset(back, 0, sizeof(back));
    CHECK(DeviceIoControl(Device, IOCTL_KMIOCTL_GET_DATA, &request, sizeof(request), back,
                          sizeof(back), &n, NULL) && n == sizeof(back), "METHOD_OUT_DIRECT");
    CHECK(memcmp(data, back, sizeof(data)) == 0, "direct data unchanged by the filter");
    printf("METHOD_IN_DIRECT/OUT_DIRECT through the filter: \"%s\" stored and read back\n", back);

    memset(reversed, 0, sizeof(reversed));
    CHECK(DeviceIoControl(Device, IOCTL_KMIOCTL_NEITHER, "drawer", 6, reversed,
                          sizeof(reversed), &n, NULL) && n == 6, "METHOD_NEITHER");
    printf("METHOD_NEITHER through the filter: \"drawer\" -> \"%s\"\n", reversed);
    CHECK(strcmp(reversed, "reward") == 0, "reversed");

    CHECK(WriteFile(Device, "abcdef", 6, &n, NULL) && n == 6, "WriteFile");
    memset(back, 0, sizeof(back));
    CHECK(ReadFile(Device, back, sizeof(back), &n, NULL) && n == 6, "ReadFile");
    printf("WriteFile/ReadFile through the filter: \"%s\"\n", back);
    CHECK(strcmp(back, "abcdef") == 0, "read what was written");

    ok = DeviceIoControl(Device, CTL_CODE(FILE_DEVICE_KMIOCTL, 0x8FF, METHOD_BUFFERED,
                         FILE_ANY_ACCESS), NULL, 0, NULL, 0, &n, NULL);
    printf("Unknown IOCTL through the filter: error %lu (ERROR_INVALID_FUNCTION)\n",
           ok ? 0 : GetLastError());
    CHECK(!ok && GetLastError() == ERROR_INVALID_FUNCTION, "the error comes back up");

    CHECK(DeviceIoControl(Device, IOCTL_KMIOCTL_GET_STATISTICS, NULL, 0, &stats, sizeof(stats),
                          &n, NULL), "KmIoctl statistics");
    printf("KmIoctl saw %lu creates and %lu IOCTLs\n", stats.Creates, stats.DeviceControls);
    /* The filter's own open of the device (IoGetDeviceObjectPointer), then ours. */
    CHECK(stats.Creates == 2 && stats.DeviceControls == 6, "KmIoctl's counters");
}

int __cdecl main(int argc, char *argv[])
{
    SC_HANDLE ioctlService, filterService;
    KMFILTER_COUNTERS counters;
    KMIOCTL_REPLY reply;
    HANDLE device, control;

    UNREFERENCED_PARAMETER(argc);
    UNREFERENCED_PARAMETER(argv);

    Manager = OpenSCManagerA(NULL, NULL, SC_MANAGER_ALL_ACCESS);
    if (Manager == NULL) {
        printf("OpenSCManager failed: %lu\n", GetLastError());
        return 1;
    }
    /* The filter attaches in its DriverEntry: the device must exist by then. */
    ioctlService = Load(KMIOCTL_SERVICE_NAME, KMIOCTL_DRIVER_FILE);
    if (ioctlService == NULL)
        return 1;
    filterService = Load(KMFILTER_SERVICE_NAME, KMFILTER_DRIVER_FILE);
    if (filterService == NULL) {
        Unload(ioctlService, KMIOCTL_SERVICE_NAME);
        return 1;
    }

    device = Open(KMIOCTL_WIN32_NAME);
    control = Open(KMFILTER_WIN32_NAME);
    CHECK(device != INVALID_HANDLE_VALUE && control != INVALID_HANDLE_VALUE, "open");
    if (device != INVALID_HANDLE_VALUE && control != INVALID_HANDLE_VALUE) {
        ThroughTheFilter(device);
        CHECK(GetCounters(control, &counters), "filter counters");
        CHECK(counters.Creates == 1 && counters.Cleanups == 0 && counters.Closes == 0,
              "one open");
        CHECK(counters.Reads == 1 && counters.Writes == 1 && counters.DeviceControls == 6 &&
              counters.Others == 0, "requests counted");
        CHECK(counters.Completions == 9 && counters.Failures == 1 && counters.Pended == 0,
              "completion routine calls");
        CHECK(counters.RepliesModified == 1, "one reply modified");

        /* Closing the handle: CLEANUP and CLOSE pass through the filter too. */
        CloseHandle(device);
        device = INVALID_HANDLE_VALUE;
        CHECK(GetCounters(control, &counters), "filter counters");
        CHECK(counters.Cleanups == 1 && counters.Closes == 1 && counters.Completions == 11,
              "cleanup and close counted");
    }
    if (device != INVALID_HANDLE_VALUE)
        CloseHandle(device);
    if (control != INVALID_HANDLE_VALUE)
        CloseHandle(control);

    /* Filter first: KmIoctl cannot unload while a device is attached above its own. */
    Unload(filterService, KMFILTER_SERVICE_NAME);

    device = Open(KMIOCTL_WIN32_NAME);
    CHECK(device != INVALID_HANDLE_VALUE, "open without the filter");
    if (device != INVALID_HANDLE_VALUE) {
        CHECK(Buffered(device, "direct", &reply), "METHOD_BUFFERED");
        printf("METHOD_BUFFERED without the filter: \"%s\", request %lu, %lu filter(s) on the way\n",
               reply.Text, reply.Sequence, reply.FilterCount);
        CHECK(reply.FilterCount == 0 && reply.Sequence == 2, "unfiltered answer");
        CloseHandle(device);
    }
    Unload(ioctlService, KMIOCTL_SERVICE_NAME);
    CloseServiceHandle(Manager);

    if (Failures != 0) {
        printf("KmFilter sample: %lu of %lu checks FAILED\n", Failures, Checks);
        return 1;
    }
    printf("KmFilter sample: all %lu checks passed\n", Checks);
    return 0;
}
