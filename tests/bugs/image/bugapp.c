/*
 * PURPOSE: The console app of the end-to-end bugcheck test: opens bugsys.sys's device and
 * sends the IOCTL whose handler is buggy. It never gets an answer: the process bugchecks.
 */
#include <windows.h>
#include <winioctl.h>
#include <stdio.h>

#define IOCTL_BUGSYS_WAIT CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)

int main(void)
{
    HANDLE Device;
    DWORD Returned;

    Device = CreateFileA("\\\\.\\KmBugSys", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                         FILE_ATTRIBUTE_NORMAL, NULL);
    if (Device == INVALID_HANDLE_VALUE) {
        printf("CreateFile failed: %lu\n", GetLastError());
        return 1;
    }
    printf("sending the IOCTL\n");
    fflush(stdout);
    DeviceIoControl(Device, IOCTL_BUGSYS_WAIT, NULL, 0, NULL, 0, &Returned, NULL);
    printf("the IOCTL returned: the driver's bug was not caught\n");
    CloseHandle(Device);
    return 1;
}
