/*
 * PURPOSE: The test driver of the file-object tests (io_file_drv.c, a WDK-style driver) and
 * what the runtime-mode tests (io_file_test.c, io_rw_test.c, io_ioctl_test.c, ...) see of
 * it: device names, control codes, and the state it records about the requests it got.
 */
#ifndef IO_FILE_DRV_H
#define IO_FILE_DRV_H

#define IOFT_DRIVER_NAME       L"\\Driver\\IoFileTest"
#define IOFT_BUFFERED_NAME     L"\\Device\\IoFtBuffered"     /* DO_BUFFERED_IO */
#define IOFT_BUFFERED_LINK     L"\\DosDevices\\IoFtBuffered"
#define IOFT_BUFFERED_DOS      L"\\??\\IoFtBuffered"
#define IOFT_DIRECT_NAME       L"\\Device\\IoFtDirect"       /* DO_DIRECT_IO */
#define IOFT_NEITHER_NAME      L"\\Device\\IoFtNeither"      /* neither */
#define IOFT_EXCLUSIVE_NAME    L"\\Device\\IoFtExclusive"    /* DO_EXCLUSIVE, buffered */
/* A device created after DriverEntry and left DO_DEVICE_INITIALIZING (the I/O manager
   clears the flag only on devices DriverEntry created). */
#define IOFT_INITIALIZING_NAME L"\\Device\\IoFtInitializing"

#define IOFT_CODE(Function, Method, Access) CTL_CODE(FILE_DEVICE_UNKNOWN, (Function), (Method), (Access))
/* out[i] = in[i] ^ 0x5A for i < min(in, out); Information = min(in, out). */
#define IOCTL_IOFT_BUFFERED     IOFT_CODE(0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_IOFT_OUT_DIRECT   IOFT_CODE(0x801, METHOD_OUT_DIRECT, FILE_ANY_ACCESS)
#define IOCTL_IOFT_NEITHER      IOFT_CODE(0x802, METHOD_NEITHER, FILE_ANY_ACCESS)
/* The MDL's bytes (the caller's "output" buffer, read by the device) are summed into
   IoftState.InDirectSum; Information = the MDL's byte count. */
#define IOCTL_IOFT_IN_DIRECT    IOFT_CODE(0x803, METHOD_IN_DIRECT, FILE_ANY_ACCESS)
/* As IOCTL_IOFT_BUFFERED, with required access bits. */
#define IOCTL_IOFT_READ_ACCESS  IOFT_CODE(0x804, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_IOFT_WRITE_ACCESS IOFT_CODE(0x805, METHOD_BUFFERED, FILE_WRITE_ACCESS)
/* Pends the IRP with a cancel routine (completed by IOCTL_IOFT_COMPLETE or cancelled). */
#define IOCTL_IOFT_PEND         IOFT_CODE(0x806, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* Completes the oldest pended IRP: STATUS_SUCCESS, Information = the ULONG input (the
   pended IRP's output gets that many 0xC3 bytes). */
#define IOCTL_IOFT_COMPLETE     IOFT_CODE(0x807, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* Completes with STATUS_INVALID_PARAMETER at once. */
#define IOCTL_IOFT_FAIL         IOFT_CODE(0x808, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* Fills the whole output with 0x77, completes with STATUS_BUFFER_OVERFLOW, Information = half. */
#define IOCTL_IOFT_OVERFLOW     IOFT_CODE(0x809, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* Pends, and a system thread of the driver completes it (Information = 3, output "abc"). */
#define IOCTL_IOFT_PEND_THREAD  IOFT_CODE(0x80A, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* Records whether the system buffer is zero past the input (IoftState.TailZero), then
   puts a pool block of its own (IOFT_SWAP_TAG, OutputBufferLength bytes of 0x66) in
   SystemBuffer, IRP_DEALLOCATE_BUFFER still set, and completes with all of it. */
#define IOCTL_IOFT_SWAP_BUFFER  IOFT_CODE(0x80B, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOFT_SWAP_TAG           'wStF'

/* File names the CREATE handler treats specially (the rest of \\.\IoFtBuffered\...). */
#define IOFT_FAIL_NAME L"\\fail"     /* CREATE fails with STATUS_OBJECT_NAME_NOT_FOUND */
#define IOFT_PEND_NAME L"\\pend"     /* CREATE pends; a system thread completes it */

#define IOFT_LOG_MAX 128

typedef struct _IOFT_STATE {
    PDRIVER_OBJECT Driver;
    /* Set by the concurrency tests: the dispatch routines record nothing (the records
       below are plain variables, for one request at a time). */
    BOOLEAN Quiet;
    PDEVICE_OBJECT Buffered, Direct, Neither, Exclusive;
    /* Order of events: 'C' create, 'F' failed create, 'U' cleanup, 'X' close,
       'R' read, 'W' write, 'I' ioctl, 'c' cancel, 'Q' query, 'S' set. */
    char Log[IOFT_LOG_MAX];
    volatile LONG LogLength;
    /* The last CREATE. */
    WCHAR FileName[64];
    USHORT FileNameLength;
    ULONG CreateOptions;        /* Parameters.Create.Options */
    USHORT ShareAccess;
    ACCESS_MASK DesiredAccess;  /* SecurityContext->DesiredAccess */
    ULONG FullCreateOptions;
    UCHAR StackFlags;
    KPROCESSOR_MODE CreateRequestorMode;
    PFILE_OBJECT CreateFileObject;
    PFILE_OBJECT RelatedFileObject;
    ULONG FileObjectFlags;
    /* The last request. */
    KPROCESSOR_MODE RequestorMode;
    KPROCESSOR_MODE PreviousMode;   /* ExGetPreviousMode() in the dispatch routine */
    ULONG IrpFlags;
    PVOID SystemBuffer;
    PVOID UserBuffer;
    PVOID Type3InputBuffer;
    PMDL MdlAddress;
    ULONG MdlByteCount;
    LARGE_INTEGER ByteOffset;
    ULONG Length;
    ULONG Key;
    UCHAR StackFlagsRequest;
    ULONG InDirectSum;
    BOOLEAN TailZero;           /* IOCTL_IOFT_SWAP_BUFFER */
    FILE_INFORMATION_CLASS InfoClass;
    ULONG ReadLimit;            /* when nonzero, reads return at most this many bytes */
    UCHAR Written[256];
    ULONG WrittenLength;
    /* Pended IRPs (IOCTL_IOFT_PEND), cancel-safe by the cancel spin lock. */
    LIST_ENTRY Pending;
    volatile LONG PendingCount;
    volatile LONG Cancelled;
    PFILE_OBJECT CleanupFileObject;
    PFILE_OBJECT CloseFileObject;
} IOFT_STATE;

extern IOFT_STATE IoftState;

/* DriverEntry: creates the devices and the symbolic link. */
NTSTATUS NTAPI IoftDriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath);
/* Resets the recorded state (not the devices). */
VOID IoftResetState(VOID);

#endif
