/*
 * PURPOSE: IRPs that the I/O manager builds for kernel-mode callers:
 * IoBuildDeviceIoControlRequest, IoBuildSynchronousFsdRequest, IoBuildAsynchronousFsdRequest.
 *
 * The buffers are set up the way the I/O manager sets them up for a request from user mode
 * (a system buffer for buffered transfers, a locked MDL for direct ones, the caller's
 * pointers for neither), so a driver cannot tell the difference; stage 2 of completion
 * (src/io/complete.c) copies buffered output back, frees the system buffer and the MDL.
 */

/* INCLUDES ******************************************************************************/

#include "irpp.h"
#include <internal/vfhooks.h>

/* PRIVATE FUNCTIONS *********************************************************************/

/* A system buffer of Length bytes (nonpaged, cache aligned); NULL when out of memory. */
static PVOID IopAllocateBuildBuffer(ULONG Length)
{
    return ExAllocatePoolWithTag(NonPagedPoolCacheAligned, Length, IOP_SYSTEM_BUFFER_TAG);
}

/*
 * Describes Buffer with an MDL on Irp->MdlAddress and locks it for Operation. FALSE (MDL
 * freed, Irp->MdlAddress NULL) when the MDL cannot be allocated or the buffer cannot be
 * locked (an invalid buffer: MmProbeAndLockPages raised).
 */
static BOOLEAN IopLockBufferForIrp(PIRP Irp, PVOID Buffer, ULONG Length, LOCK_OPERATION Operation)
{
    PMDL Mdl = IoAllocateMdl(Buffer, Length, FALSE, FALSE, Irp);
    BOOLEAN Locked = TRUE;

    if (Mdl == NULL)
        return FALSE;
    __try {
        MmProbeAndLockPages(Mdl, KernelMode, Operation);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Locked = FALSE;
    }
    if (!Locked) {
        Irp->MdlAddress = NULL;
        IoFreeMdl(Mdl);
    }
    return Locked;
}

/* Undoes a half-built IRP (nothing else has seen it). */
static VOID IopDiscardBuiltIrp(PIRP Irp)
{
    if (Irp->MdlAddress != NULL) {
        if (Irp->MdlAddress->MdlFlags & MDL_PAGES_LOCKED)
            MmUnlockPages(Irp->MdlAddress);
        IoFreeMdl(Irp->MdlAddress);
    }
    IopReleaseSystemBuffer(Irp);
    IoFreeIrp(Irp);
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * PASSIVE_LEVEL. NULL when memory runs out or the output buffer of a direct method cannot
 * be locked. The IRP is queued on the current thread; IoCallDriver it, then wait for Event
 * if it returns STATUS_PENDING; completion frees it.
 */
PIRP NTAPI IoBuildDeviceIoControlRequest(ULONG IoControlCode, PDEVICE_OBJECT DeviceObject,
                                         PVOID InputBuffer, ULONG InputBufferLength,
                                         PVOID OutputBuffer, ULONG OutputBufferLength,
                                         BOOLEAN InternalDeviceIoControl, PKEVENT Event,
                                         PIO_STATUS_BLOCK IoStatusBlock)
{
    PIO_STACK_LOCATION Stack;
    PIRP Irp;

    VF_DDI_RULE(VF_DDI_IRQL_IO_PASSIVE1, KeGetCurrentIrql() > APC_LEVEL);
    Irp = IoAllocateIrp(DeviceObject->StackSize, FALSE);
    if (Irp == NULL)
        return NULL;
    Stack = IoGetNextIrpStackLocation(Irp);
    Stack->MajorFunction = InternalDeviceIoControl ? IRP_MJ_INTERNAL_DEVICE_CONTROL
                                                   : IRP_MJ_DEVICE_CONTROL;
    Stack->Parameters.DeviceIoControl.OutputBufferLength = OutputBufferLength;
    Stack->Parameters.DeviceIoControl.InputBufferLength = InputBufferLength;
    Stack->Parameters.DeviceIoControl.IoControlCode = IoControlCode;

    switch (METHOD_FROM_CTL_CODE(IoControlCode)) {
    case METHOD_BUFFERED:
        /* One buffer for both directions, big enough for either. */
        if (InputBufferLength != 0 || OutputBufferLength != 0) {
            ULONG Length = max(InputBufferLength, OutputBufferLength);

            Irp->AssociatedIrp.SystemBuffer = IopAllocateBuildBuffer(Length);
            if (Irp->AssociatedIrp.SystemBuffer == NULL) {
                IoFreeIrp(Irp);
                return NULL;
            }
            if (InputBuffer != NULL && InputBufferLength != 0)
                RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, InputBuffer, InputBufferLength);
            Irp->Flags = IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER;
            Irp->UserBuffer = OutputBuffer;
            if (OutputBuffer != NULL)
                Irp->Flags |= IRP_INPUT_OPERATION;
        }
        break;

    case METHOD_IN_DIRECT:
    case METHOD_OUT_DIRECT:
        /* Input through a system buffer; the output buffer through a locked MDL (read by
           the device for IN_DIRECT, written for OUT_DIRECT). */
        if (InputBuffer != NULL && InputBufferLength != 0) {
            Irp->AssociatedIrp.SystemBuffer = IopAllocateBuildBuffer(InputBufferLength);
            if (Irp->AssociatedIrp.SystemBuffer == NULL) {
                IoFreeIrp(Irp);
                return NULL;
            }
            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, InputBuffer, InputBufferLength);
            Irp->Flags = IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER;
        }
        if (OutputBuffer != NULL && OutputBufferLength != 0 &&
            !IopLockBufferForIrp(Irp, OutputBuffer, OutputBufferLength,
                                 METHOD_FROM_CTL_CODE(IoControlCode) == METHOD_IN_DIRECT
                                     ? IoReadAccess : IoWriteAccess)) {
            IopDiscardBuiltIrp(Irp);
            return NULL;
        }
        break;

    case METHOD_NEITHER:
        /* The caller's pointers, as they are. */
        Irp->UserBuffer = OutputBuffer;
        Stack->Parameters.DeviceIoControl.Type3InputBuffer = InputBuffer;
        break;
    }

    Irp->RequestorMode = KernelMode;
    Irp->UserIosb = IoStatusBlock;
    Irp->UserEvent = Event;
    IopQueueThreadIrp(Irp);
    return Irp;
}

/*
 * @implemented
 * <= DISPATCH_LEVEL (a direct transfer of pageable memory: <= APC_LEVEL). Reads and writes
 * follow the device's buffering (DO_BUFFERED_IO, DO_DIRECT_IO, or neither); flush,
 * shutdown, PnP and power IRPs carry no buffer. Any other MajorFunction is set up as a
 * read would be, as on Windows. NULL when memory runs out or the buffer cannot be locked.
 */
PIRP NTAPI IoBuildAsynchronousFsdRequest(ULONG MajorFunction, PDEVICE_OBJECT DeviceObject,
                                         PVOID Buffer, ULONG Length,
                                         PLARGE_INTEGER StartingOffset,
                                         PIO_STATUS_BLOCK IoStatusBlock)
{
    PIO_STACK_LOCATION Stack;
    PIRP Irp;

    Irp = IoAllocateIrp(DeviceObject->StackSize, FALSE);
    if (Irp == NULL)
        return NULL;
    Stack = IoGetNextIrpStackLocation(Irp);
    Stack->MajorFunction = (UCHAR)MajorFunction;

    if (MajorFunction != IRP_MJ_FLUSH_BUFFERS && MajorFunction != IRP_MJ_SHUTDOWN &&
        MajorFunction != IRP_MJ_PNP && MajorFunction != IRP_MJ_POWER) {
        if (DeviceObject->Flags & DO_BUFFERED_IO) {
            Irp->AssociatedIrp.SystemBuffer = IopAllocateBuildBuffer(Length);
            if (Irp->AssociatedIrp.SystemBuffer == NULL) {
                IoFreeIrp(Irp);
                return NULL;
            }
            if (MajorFunction == IRP_MJ_WRITE) {
                if (Length != 0)
                    RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, Buffer, Length);
                Irp->Flags = IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER;
            } else {
                Irp->Flags = IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER | IRP_INPUT_OPERATION;
                Irp->UserBuffer = Buffer;
            }
        } else if (DeviceObject->Flags & DO_DIRECT_IO) {
            /* A read writes into the buffer: lock it for write access. */
            if (!IopLockBufferForIrp(Irp, Buffer, Length,
                                     MajorFunction == IRP_MJ_READ ? IoWriteAccess
                                                                  : IoReadAccess)) {
                IopDiscardBuiltIrp(Irp);
                return NULL;
            }
        } else {
            Irp->UserBuffer = Buffer;
        }
        /* Read and Write parameters share one layout. */
        Stack->Parameters.Read.Length = Length;
        Stack->Parameters.Read.ByteOffset.QuadPart =
            StartingOffset != NULL ? StartingOffset->QuadPart : 0;
    }

    Irp->RequestorMode = KernelMode;
    Irp->UserIosb = IoStatusBlock;
    /* The thread is recorded, but the IRP is not on its list: the caller's completion
       routine takes it back and frees it. */
    Irp->Tail.Overlay.Thread = PsGetCurrentThread();
    return Irp;
}

/*
 * @implemented
 * PASSIVE_LEVEL. As IoBuildAsynchronousFsdRequest, plus Event and the thread's IRP list:
 * IoCallDriver it, wait for Event if STATUS_PENDING; completion frees it.
 */
PIRP NTAPI IoBuildSynchronousFsdRequest(ULONG MajorFunction, PDEVICE_OBJECT DeviceObject,
                                        PVOID Buffer, ULONG Length,
                                        PLARGE_INTEGER StartingOffset, PKEVENT Event,
                                        PIO_STATUS_BLOCK IoStatusBlock)
{
    PIRP Irp = IoBuildAsynchronousFsdRequest(MajorFunction, DeviceObject, Buffer, Length,
                                             StartingOffset, IoStatusBlock);

    if (Irp == NULL)
        return NULL;
    Irp->UserEvent = Event;
    IopQueueThreadIrp(Irp);
    return Irp;
}
