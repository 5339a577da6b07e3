/*
 * PURPOSE: KmFilter sample: what the filter driver and its test app share. Include
 *          <ntddk.h> (driver) or <windows.h> and <winioctl.h> (app) first.
 */
#ifndef KMFILTER_PUBLIC_H
#define KMFILTER_PUBLIC_H

/* The filter attaches to the KmIoctl sample's device (samples/ioctl). */
#define KMFILTER_TARGET_NAME   L"\\Device\\KmIoctl"

/* Its own control device, which reports the counters. */
#define KMFILTER_CONTROL_NAME  L"\\Device\\KmFilterControl"
#define KMFILTER_LINK_NAME     L"\\DosDevices\\KmFilterControl"
#define KMFILTER_WIN32_NAME    "\\\\.\\KmFilterControl"
#define KMFILTER_SERVICE_NAME  "KmFilter"
#define KMFILTER_DRIVER_FILE   "kmfilter.sys"

#define FILE_DEVICE_KMFILTER   0xA003

/* METHOD_BUFFERED, read access, on the control device. Output: KMFILTER_COUNTERS. */
#define IOCTL_KMFILTER_GET_COUNTERS \
    CTL_CODE(FILE_DEVICE_KMFILTER, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS)

/* What went through the filter device since it attached. */
typedef struct _KMFILTER_COUNTERS {
    ULONG Creates;
    ULONG Cleanups;
    ULONG Closes;
    ULONG Reads;
    ULONG Writes;
    ULONG DeviceControls;
    ULONG Others;
    ULONG Completions;          /* calls of the filter's completion routine */
    ULONG Failures;             /* ... for requests that failed below */
    ULONG Pended;               /* ... for requests the lower driver pended */
    ULONG RepliesModified;      /* IOCTL_KMIOCTL_BUFFERED replies the filter changed */
} KMFILTER_COUNTERS, *PKMFILTER_COUNTERS;

#endif /* KMFILTER_PUBLIC_H */
