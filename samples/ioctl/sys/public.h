/*
 * PURPOSE: KmIoctl sample: what the driver and its test app share (names, I/O control codes,
 *          the structures they exchange). Include <ntddk.h> (driver) or <windows.h> and
 *          <winioctl.h> (app) first: CTL_CODE comes from there.
 */
#ifndef KMIOCTL_PUBLIC_H
#define KMIOCTL_PUBLIC_H

/* Names: the driver creates the device and the link, the app opens the Win32 name. */
#define KMIOCTL_DEVICE_NAME   L"\\Device\\KmIoctl"
#define KMIOCTL_LINK_NAME     L"\\DosDevices\\KmIoctl"
#define KMIOCTL_WIN32_NAME    "\\\\.\\KmIoctl"
#define KMIOCTL_SERVICE_NAME  "KmIoctl"
#define KMIOCTL_DRIVER_FILE   "kmioctl.sys"

/* Device types 0x8000-0xFFFF are left to vendors. */
#define FILE_DEVICE_KMIOCTL   0xA000

/*
 * METHOD_BUFFERED, any access. Input: text (at most KMIOCTL_MAX_TEXT bytes, no terminator
 * needed). Output: a KMIOCTL_REPLY with the text in upper case.
 */
#define IOCTL_KMIOCTL_BUFFERED \
    CTL_CODE(FILE_DEVICE_KMIOCTL, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)

/*
 * METHOD_IN_DIRECT, needs write access. Input buffer: a KMIOCTL_DATA_REQUEST (the offset).
 * The second buffer (lpOutBuffer, described by an MDL) holds the bytes the driver stores at
 * that offset in its data store. Returned: the number of bytes stored.
 */
#define IOCTL_KMIOCTL_SET_DATA \
    CTL_CODE(FILE_DEVICE_KMIOCTL, 0x801, METHOD_IN_DIRECT, FILE_WRITE_ACCESS)

/*
 * METHOD_OUT_DIRECT, needs read access. Input: a KMIOCTL_DATA_REQUEST (the offset). Output
 * (an MDL over the caller's buffer): the store from that offset to the end of what was stored.
 * A buffer too small for all of it gets what fits and STATUS_BUFFER_OVERFLOW (ERROR_MORE_DATA).
 */
#define IOCTL_KMIOCTL_GET_DATA \
    CTL_CODE(FILE_DEVICE_KMIOCTL, 0x802, METHOD_OUT_DIRECT, FILE_READ_ACCESS)

/*
 * METHOD_NEITHER, any access. Input: text; output: the same text reversed. The driver gets
 * the caller's raw pointers and probes them itself.
 */
#define IOCTL_KMIOCTL_NEITHER \
    CTL_CODE(FILE_DEVICE_KMIOCTL, 0x803, METHOD_NEITHER, FILE_ANY_ACCESS)

/* METHOD_BUFFERED, read access. Output: KMIOCTL_STATISTICS. */
#define IOCTL_KMIOCTL_GET_STATISTICS \
    CTL_CODE(FILE_DEVICE_KMIOCTL, 0x804, METHOD_BUFFERED, FILE_READ_ACCESS)

#define KMIOCTL_MAX_TEXT    64      /* longest text IOCTL_KMIOCTL_BUFFERED/NEITHER take */
#define KMIOCTL_STORE_SIZE  256     /* bytes in the data store (SET_DATA / GET_DATA) */
#define KMIOCTL_FIFO_SIZE   64      /* bytes the driver buffers between WriteFile and ReadFile */

typedef struct _KMIOCTL_REPLY {
    ULONG Sequence;                 /* how many IOCTL_KMIOCTL_BUFFERED requests so far */
    ULONG InputLength;              /* bytes of text the driver received */
    ULONG FilterCount;              /* incremented by each filter driver the reply passes */
    CHAR  Text[KMIOCTL_MAX_TEXT + 1];
} KMIOCTL_REPLY, *PKMIOCTL_REPLY;

typedef struct _KMIOCTL_DATA_REQUEST {
    ULONG Offset;
} KMIOCTL_DATA_REQUEST, *PKMIOCTL_DATA_REQUEST;

typedef struct _KMIOCTL_STATISTICS {
    ULONG Creates;
    ULONG Cleanups;
    ULONG Closes;
    ULONG Reads;
    ULONG Writes;
    ULONG DeviceControls;
    ULONG BytesRead;
    ULONG BytesWritten;
} KMIOCTL_STATISTICS, *PKMIOCTL_STATISTICS;

#endif /* KMIOCTL_PUBLIC_H */
