/* PURPOSE: toolchain test app: installs, starts, stops and deletes its own driver through
   the service control manager, as WDK sample apps do; no kmode run needed. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

int __cdecl main(int argc, char *argv[])
{
    char path[MAX_PATH];
    SC_HANDLE scm, svc;
    SERVICE_STATUS status;
    DWORD n;

    (void)argc;
    (void)argv;
    n = GetCurrentDirectoryA(MAX_PATH, path);
    if (n == 0 || n + sizeof("\\HELLO.SYS") > MAX_PATH)
        return 10;
    strcat(path, "\\HELLO.SYS");      /* the file is hello.sys: names ignore case */
    scm = OpenSCManagerA(NULL, NULL, SC_MANAGER_ALL_ACCESS);
    if (scm == NULL)
        return 11;
    svc = CreateServiceA(scm, "hello", "hello", SERVICE_ALL_ACCESS, SERVICE_KERNEL_DRIVER,
                         SERVICE_DEMAND_START, SERVICE_ERROR_NORMAL, path, NULL, NULL, NULL,
                         NULL, NULL);
    if (svc == NULL) {
        printf("CreateService failed: %lu\n", (unsigned long)GetLastError());
        return 12;
    }
    if (!StartServiceA(svc, 0, NULL)) {
        printf("StartService failed: %lu\n", (unsigned long)GetLastError());
        return 13;
    }
    printf("scm: started\n");
    fflush(stdout);
    /* Started already. */
    if (StartServiceA(svc, 0, NULL) || GetLastError() != ERROR_SERVICE_ALREADY_RUNNING)
        return 14;
    if (!ControlService(svc, SERVICE_CONTROL_STOP, &status)) {
        printf("ControlService failed: %lu\n", (unsigned long)GetLastError());
        return 15;
    }
    printf("scm: stopped, state %lu\n", (unsigned long)status.dwCurrentState);
    fflush(stdout);
    DeleteService(svc);
    CloseServiceHandle(svc);
    CloseServiceHandle(scm);
    return 0;
}
