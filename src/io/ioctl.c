/*
 * PURPOSE: NtDeviceIoControlFile, ZwDeviceIoControlFile, NtFsControlFile, ZwFsControlFile:
 * I/O control requests with the four transfer methods of the control code.
 *
 *   METHOD_BUFFERED    one system buffer of max(input, output) bytes: the input is copied
 *                      in (the rest is zeroed), Information bytes are copied back to the
 *                      output buffer at completion.
 *   METHOD_IN_DIRECT   the input in a system buffer; an MDL over the output buffer, probed
 *   METHOD_OUT_DIRECT  and locked for reading (IN) or writing (OUT).
 *   METHOD_NEITHER     Parameters.DeviceIoControl.Type3InputBuffer and Irp->UserBuffer are
 *                      the caller's pointers, untouched (the driver probes them).
 * The RequiredAccess bits of the code (FILE_READ_ACCESS, FILE_WRITE_ACCESS) must be granted
 * to a user-mode caller's handle (STATUS_ACCESS_DENIED).
 */

/* INCLUDES ******************************************************************************/

#include "iofilep.h"
#include <string.h>

/* PRIVATE FUNCTIONS *********************************************************************/

/*
 * Copies InputBufferLength bytes of the caller's input into the IRP's new system buffer of
 * Size bytes and zeroes the rest. Statuses: STATUS_INSUFFICIENT_RESOURCES, or the fault's
 * (what Windows copies under __try: a fault is the request's status).
 */
static inline __attribute__((always_inline)) NTSTATUS
IopCaptureInput(PIRP Irp, ULONG Size, PVOID InputBuffer, ULONG InputBufferLength)
{
    NTSTATUS Status;

    if (!IopAllocateSystemBuffer(Irp, Size))
        return STATUS_INSUFFICIENT_RESOURCES;
    Status = HostCopyUserMemory(Irp->AssociatedIrp.SystemBuffer, InputBuffer, InputBufferLength);
    /* kmode zeroes what the input did not fill: no stale data can reach the caller
       (Windows leaves it as it was). */
    if (NT_SUCCESS(Status) && Size > InputBufferLength)
        memset((PUCHAR)Irp->AssociatedIrp.SystemBuffer + InputBufferLength, 0,
               Size - InputBufferLength);
    return Status;
}

/*
 * The direct methods' output buffer: an MDL on Irp->MdlAddress, probed and locked for
 * Operation. STATUS_INSUFFICIENT_RESOURCES, or the probe's exception code (the MDL stays on
 * the IRP for IopAbortRequest). Not inline: its __try keeps a caller from being inlined.
 */
static __attribute__((noinline)) NTSTATUS IopLockOutputBuffer(PIRP Irp, PVOID OutputBuffer,
                                                             ULONG OutputBufferLength,
                                                             KPROCESSOR_MODE Mode,
                                                             LOCK_OPERATION Operation)
{
    volatile NTSTATUS Status = STATUS_SUCCESS;
    PMDL Mdl = IoAllocateMdl(OutputBuffer, OutputBufferLength, FALSE, TRUE, Irp);

    if (Mdl == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    __try {
        MmProbeAndLockPages(Mdl, Mode, Operation);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    return Status;
}

/*
 * The failure statuses and their order are those of separate steps, as on Windows: a bad
 * buffer (STATUS_ACCESS_VIOLATION, ...), then STATUS_INSUFFICIENT_RESOURCES (the IRP, the
 * system buffer, the MDL), then a fault while copying or locking.
 */
static inline __attribute__((always_inline)) NTSTATUS
IopControlFile(UCHAR MajorFunction, HANDLE FileHandle, HANDLE Event,
                               PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                               PIO_STATUS_BLOCK IoStatusBlock, ULONG IoControlCode,
                               PVOID InputBuffer, ULONG InputBufferLength, PVOID OutputBuffer,
                               ULONG OutputBufferLength)
{
    ULONG Method = METHOD_FROM_CTL_CODE(IoControlCode);
    /* FILE_READ_ACCESS / FILE_WRITE_ACCESS are FILE_READ_DATA / FILE_WRITE_DATA. */
    ACCESS_MASK Required = (IoControlCode >> 14) & (FILE_READ_ACCESS | FILE_WRITE_ACCESS);
    IOP_REQUEST Request;
    PIO_STACK_LOCATION Stack;
    PIRP Irp;
    NTSTATUS Status;

    Status = IopBeginRequest(FileHandle, Required, Event, ApcRoutine, ApcContext, IoStatusBlock,
                             &Request);
    if (!NT_SUCCESS(Status))
        return Status;

    /* METHOD_NEITHER's buffers are the driver's to probe. The input is read only by the
       copy into the system buffer: ProbeForRead's checks (no access). The output buffer is
       written to by METHOD_BUFFERED (the copy back) and METHOD_OUT_DIRECT (ProbeForWrite);
       METHOD_IN_DIRECT locks it (MmProbeAndLockPages reports its own faults). */
    if (Request.Mode != KernelMode && Method != METHOD_NEITHER) {
        Status = NtpCheckUserBuffer(InputBuffer, InputBufferLength, sizeof(UCHAR),
                                    NTP_PROBE_RANGE);
        if (NT_SUCCESS(Status))
            Status = NtpCheckUserBuffer(OutputBuffer, OutputBufferLength, sizeof(UCHAR),
                                        Method == METHOD_IN_DIRECT ? NTP_PROBE_RANGE
                                                                   : NTP_PROBE_WRITE);
        if (!NT_SUCCESS(Status)) {
            IopAbortRequest(&Request, NULL);
            return Status;
        }
    }

    Irp = IopAllocateRequestIrp(&Request, MajorFunction);
    if (Irp == NULL) {
        IopAbortRequest(&Request, NULL);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Stack = IoGetNextIrpStackLocation(Irp);
    if (MajorFunction == IRP_MJ_FILE_SYSTEM_CONTROL)
        Stack->MinorFunction = IRP_MN_USER_FS_REQUEST;
    Stack->Parameters.DeviceIoControl.OutputBufferLength = OutputBufferLength;
    Stack->Parameters.DeviceIoControl.InputBufferLength = InputBufferLength;
    Stack->Parameters.DeviceIoControl.IoControlCode = IoControlCode;

    switch (Method) {
    case METHOD_BUFFERED:
        /* One system buffer of max(input, output) bytes; none when both are empty. */
        if (InputBufferLength != 0 || OutputBufferLength != 0) {
            Status = IopCaptureInput(Irp, max(InputBufferLength, OutputBufferLength),
                                     InputBuffer, InputBufferLength);
            if (!NT_SUCCESS(Status)) {
                IopAbortRequest(&Request, Irp);
                return Status;
            }
            /* No output buffer: nothing is copied back, and the driver may use Information
               for something else (e.g. a required size with STATUS_BUFFER_OVERFLOW). */
            if (OutputBufferLength != 0 && OutputBuffer != NULL) {
                Irp->Flags |= IRP_INPUT_OPERATION;
                Irp->UserBuffer = OutputBuffer;
            }
        }
        break;
    case METHOD_IN_DIRECT:
    case METHOD_OUT_DIRECT:
        if (InputBufferLength != 0) {
            Status = IopCaptureInput(Irp, InputBufferLength, InputBuffer, InputBufferLength);
            if (!NT_SUCCESS(Status)) {
                IopAbortRequest(&Request, Irp);
                return Status;
            }
        }
        if (OutputBufferLength != 0) {
            Status = IopLockOutputBuffer(Irp, OutputBuffer, OutputBufferLength, Request.Mode,
                                         Method == METHOD_IN_DIRECT ? IoReadAccess
                                                                    : IoWriteAccess);
            if (!NT_SUCCESS(Status)) {
                IopAbortRequest(&Request, Irp);
                return Status;
            }
        }
        break;
    default: /* METHOD_NEITHER */
        Stack->Parameters.DeviceIoControl.Type3InputBuffer = InputBuffer;
        Irp->UserBuffer = OutputBuffer;
        break;
    }
    return IopSubmitRequest(&Request, Irp);
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * NtDeviceIoControlFile / ZwDeviceIoControlFile
 * @implemented
 * PASSIVE_LEVEL. IRP_MJ_DEVICE_CONTROL with IoControlCode (see the top of this file). User-mode
 * callers: the buffers (except for METHOD_NEITHER) and IoStatusBlock are probed, the code's
 * required access is checked. STATUS_PENDING when the IRP pended on an asynchronous file
 * object; otherwise the final status. Returns what the driver completed with; a METHOD_BUFFERED
 * warning status (STATUS_BUFFER_OVERFLOW) still copies Information bytes back.
 */
NTSTATUS NTAPI NtDeviceIoControlFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine,
                                     PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock,
                                     ULONG IoControlCode, PVOID InputBuffer,
                                     ULONG InputBufferLength, PVOID OutputBuffer,
                                     ULONG OutputBufferLength)
{
    return IopControlFile(IRP_MJ_DEVICE_CONTROL, FileHandle, Event, ApcRoutine, ApcContext,
                          IoStatusBlock, IoControlCode, InputBuffer, InputBufferLength,
                          OutputBuffer, OutputBufferLength);
}

NTSTATUS NTAPI ZwDeviceIoControlFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine,
                                     PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock,
                                     ULONG IoControlCode, PVOID InputBuffer,
                                     ULONG InputBufferLength, PVOID OutputBuffer,
                                     ULONG OutputBufferLength)
{
    return IOP_CALL_AS_KERNEL(NtDeviceIoControlFile(FileHandle, Event, ApcRoutine, ApcContext,
                                                    IoStatusBlock, IoControlCode, InputBuffer,
                                                    InputBufferLength, OutputBuffer,
                                                    OutputBufferLength));
}

/*
 * NtFsControlFile / ZwFsControlFile
 * @implemented
 * PASSIVE_LEVEL. As NtDeviceIoControlFile, sent as IRP_MJ_FILE_SYSTEM_CONTROL with
 * IRP_MN_USER_FS_REQUEST.
 */
NTSTATUS NTAPI NtFsControlFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine,
                               PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock,
                               ULONG FsControlCode, PVOID InputBuffer, ULONG InputBufferLength,
                               PVOID OutputBuffer, ULONG OutputBufferLength)
{
    return IopControlFile(IRP_MJ_FILE_SYSTEM_CONTROL, FileHandle, Event, ApcRoutine, ApcContext,
                          IoStatusBlock, FsControlCode, InputBuffer, InputBufferLength,
                          OutputBuffer, OutputBufferLength);
}

NTSTATUS NTAPI ZwFsControlFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine,
                               PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock,
                               ULONG FsControlCode, PVOID InputBuffer, ULONG InputBufferLength,
                               PVOID OutputBuffer, ULONG OutputBufferLength)
{
    return IOP_CALL_AS_KERNEL(NtFsControlFile(FileHandle, Event, ApcRoutine, ApcContext,
                                              IoStatusBlock, FsControlCode, InputBuffer,
                                              InputBufferLength, OutputBuffer,
                                              OutputBufferLength));
}
