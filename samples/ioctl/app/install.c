/*
 * PURPOSE: KmIoctl test app: loading the driver as Windows test apps do, through the
 *          service control manager (the .sys file is expected in the current directory).
 */
#include <windows.h>
#include <strsafe.h>
#include <stdio.h>
#include "install.h"

static SC_HANDLE ScManager;

BOOL InstallAndStartDriver(LPCSTR ServiceName, LPCSTR SysFileName, SC_HANDLE *Service)
{
    CHAR path[MAX_PATH];
    DWORD length, error;
    SC_HANDLE service;

    *Service = NULL;
    length = GetCurrentDirectoryA(sizeof(path), path);
    if (length == 0 || length >= sizeof(path)) {
        printf("GetCurrentDirectory failed: %lu\n", GetLastError());
        return FALSE;
    }
    if (FAILED(StringCchCatA(path, sizeof(path), "\\")) ||
        FAILED(StringCchCatA(path, sizeof(path), SysFileName))) {
        printf("The driver's path is too long\n");
        return FALSE;
    }
    if (GetFileAttributesA(path) == INVALID_FILE_ATTRIBUTES) {
        printf("%s is not there (error %lu): run the app from the directory holding it\n",
               path, GetLastError());
        return FALSE;
    }

    if (ScManager == NULL) {
        ScManager = OpenSCManagerA(NULL, NULL, SC_MANAGER_ALL_ACCESS);
        if (ScManager == NULL) {
            printf("OpenSCManager failed: %lu (run as an administrator)\n", GetLastError());
            return FALSE;
        }
    }

    printf("Installing %s as service %s\n", path, ServiceName);
    service = CreateServiceA(ScManager, ServiceName, ServiceName, SERVICE_ALL_ACCESS,
                             SERVICE_KERNEL_DRIVER, SERVICE_DEMAND_START, SERVICE_ERROR_NORMAL,
                             path, NULL, NULL, NULL, NULL, NULL);
    if (service == NULL) {
        error = GetLastError();
        if (error != ERROR_SERVICE_EXISTS) {
            printf("CreateService failed: %lu\n", error);
            return FALSE;
        }
        /* Left behind by an earlier run that did not finish: use it. */
        printf("Service %s exists already; using it\n", ServiceName);
        service = OpenServiceA(ScManager, ServiceName, SERVICE_ALL_ACCESS);
        if (service == NULL) {
            printf("OpenService failed: %lu\n", GetLastError());
            return FALSE;
        }
    }

    if (!StartServiceA(service, 0, NULL)) {
        error = GetLastError();
        if (error != ERROR_SERVICE_ALREADY_RUNNING) {
            printf("StartService failed: %lu\n", error);
            DeleteService(service);
            CloseServiceHandle(service);
            return FALSE;
        }
        printf("Service %s is running already\n", ServiceName);
    } else {
        printf("Service %s started: the driver is loaded\n", ServiceName);
    }
    *Service = service;
    return TRUE;
}

BOOL StopAndRemoveDriver(SC_HANDLE Service)
{
    SERVICE_STATUS status;
    BOOL ok = TRUE;

    if (ControlService(Service, SERVICE_CONTROL_STOP, &status)) {
        printf("Service stopped (state %lu): the driver is unloaded\n", status.dwCurrentState);
    } else {
        printf("ControlService(SERVICE_CONTROL_STOP) failed: %lu\n", GetLastError());
        ok = FALSE;
    }
    if (!DeleteService(Service)) {
        printf("DeleteService failed: %lu\n", GetLastError());
        ok = FALSE;
    } else {
        printf("Service deleted\n");
    }
    CloseServiceHandle(Service);
    return ok;
}
