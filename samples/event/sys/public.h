/*
 * PURPOSE: KmEvent sample: what the driver and its test app share. Include <ntddk.h>
 *          (driver) or <windows.h> and <winioctl.h> (app) first.
 */
#ifndef KMEVENT_PUBLIC_H
#define KMEVENT_PUBLIC_H

/* Both sides want the banned C runtime routines flagged (warnings under MSVC). */
#include <dontuse.h>

#define KMEVENT_DEVICE_NAME   L"\\Device\\KmEvent"
#define KMEVENT_LINK_NAME     L"\\DosDevices\\KmEvent"
#define KMEVENT_WIN32_NAME    "\\\\.\\KmEvent"
#define KMEVENT_SERVICE_NAME  "KmEvent"
#define KMEVENT_DRIVER_FILE   "kmevent.sys"

#define FILE_DEVICE_KMEVENT   0xA001

/*
 * METHOD_BUFFERED. Input: KMEVENT_REGISTER. After DelayMs milliseconds (a kernel timer and
 * its DPC) the driver
 *  - KmEventSignalEvent: sets the event the app passed (Event, a handle with
 *    EVENT_MODIFY_STATE); the request itself completes at once;
 *  - KmEventCompleteIrp: completes this request, which stays pending until then, with a
 *    KMEVENT_NOTIFICATION as output. Cancelling it (CancelIo, closing the handle) completes
 *    it with STATUS_CANCELLED (ERROR_OPERATION_ABORTED) at once.
 */
#define IOCTL_KMEVENT_REGISTER \
    CTL_CODE(FILE_DEVICE_KMEVENT, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)

/* METHOD_BUFFERED. Output: KMEVENT_STATISTICS. */
#define IOCTL_KMEVENT_GET_STATISTICS \
    CTL_CODE(FILE_DEVICE_KMEVENT, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define KMEVENT_MAX_DELAY_MS  (10 * 60 * 1000)

typedef enum _KMEVENT_MODE {
    KmEventSignalEvent = 1,
    KmEventCompleteIrp = 2
} KMEVENT_MODE;

typedef struct _KMEVENT_REGISTER {
    ULONG Mode;                 /* KMEVENT_MODE */
    ULONG DelayMs;              /* 0 .. KMEVENT_MAX_DELAY_MS */
    HANDLE Event;               /* KmEventSignalEvent only */
} KMEVENT_REGISTER, *PKMEVENT_REGISTER;

typedef struct _KMEVENT_NOTIFICATION {
    ULONG Sequence;             /* the how-many-th timer that fired */
    ULONG DelayMs;              /* as registered */
} KMEVENT_NOTIFICATION, *PKMEVENT_NOTIFICATION;

typedef struct _KMEVENT_STATISTICS {
    ULONG Registered;           /* requests accepted */
    ULONG EventsSignaled;
    ULONG IrpsCompleted;        /* pended requests completed by their timer */
    ULONG IrpsCancelled;        /* pended requests completed with STATUS_CANCELLED */
    ULONG Outstanding;          /* timers not yet fired */
} KMEVENT_STATISTICS, *PKMEVENT_STATISTICS;

#endif /* KMEVENT_PUBLIC_H */
