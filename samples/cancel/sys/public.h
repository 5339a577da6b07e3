/*
 * PURPOSE: KmCancel sample: what the driver and its test app share. Include <ntddk.h>
 *          (driver) or <windows.h> and <winioctl.h> (app) first.
 */
#ifndef KMCANCEL_PUBLIC_H
#define KMCANCEL_PUBLIC_H

#define KMCANCEL_DEVICE_NAME   L"\\Device\\KmCancel"
#define KMCANCEL_LINK_NAME     L"\\DosDevices\\KmCancel"
#define KMCANCEL_WIN32_NAME    "\\\\.\\KmCancel"
#define KMCANCEL_SERVICE_NAME  "KmCancel"
#define KMCANCEL_DRIVER_FILE   "kmcancel.sys"

#define FILE_DEVICE_KMCANCEL   0xA002

/*
 * Reads: a read of at least sizeof(KMCANCEL_RECORD) bytes waits in the driver's cancel-safe
 * queue until its worker thread has a data item for it; it then gets one KMCANCEL_RECORD.
 * Reads are served in the order they arrived. Shorter reads fail (ERROR_INSUFFICIENT_BUFFER).
 *
 * IOCTL_KMCANCEL_PRODUCE (METHOD_BUFFERED, write access). Input: a ULONG, the number of data
 * items to make available (1..KMCANCEL_MAX_PRODUCE).
 */
#define IOCTL_KMCANCEL_PRODUCE \
    CTL_CODE(FILE_DEVICE_KMCANCEL, 0x800, METHOD_BUFFERED, FILE_WRITE_ACCESS)

/* METHOD_BUFFERED, any access. Output: KMCANCEL_STATISTICS. */
#define IOCTL_KMCANCEL_GET_STATISTICS \
    CTL_CODE(FILE_DEVICE_KMCANCEL, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define KMCANCEL_MAX_PRODUCE   1000

typedef struct _KMCANCEL_RECORD {
    ULONG Sequence;             /* 1 for the first read the worker served, 2 next, ... */
    ULONG Offset;               /* the low part of the read's byte offset (the app's tag) */
    CHAR  Text[24];
} KMCANCEL_RECORD, *PKMCANCEL_RECORD;

typedef struct _KMCANCEL_STATISTICS {
    ULONG Queued;               /* reads put in the queue */
    ULONG Served;               /* reads completed by the worker thread */
    ULONG Cancelled;            /* reads completed with STATUS_CANCELLED */
    ULONG Waiting;              /* reads in the queue now */
    ULONG Available;            /* data items produced and not yet used */
} KMCANCEL_STATISTICS, *PKMCANCEL_STATISTICS;

#endif /* KMCANCEL_PUBLIC_H */
