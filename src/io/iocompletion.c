/*
 * PURPOSE: I/O completion objects (the kernel side of completion ports): NtCreateIoCompletion,
 * NtOpenIoCompletion, NtSetIoCompletion, NtRemoveIoCompletion(Ex), NtQueryIoCompletion, and
 * the queuing of completed IRPs of files associated with a port (FileCompletionInformation).
 *
 * An I/O completion object is a KQUEUE (src/ke/queue.c); its concurrency limit is the port's
 * NumberOfConcurrentThreads. Packets are small pool blocks: NtSetIoCompletion allocates one;
 * a request on a file bound to the port gets its packet when it is issued (src/io/file.c),
 * so completion, possibly at DISPATCH_LEVEL, never has to allocate and cannot fail.
 *
 * When the last handle to the object closes, the queue is run down: threads waiting in
 * NtRemoveIoCompletion return STATUS_ABANDONED (ERROR_ABANDONED_WAIT_0 for
 * GetQueuedCompletionStatus) and the queued packets are freed.
 */

/* INCLUDES ******************************************************************************/

#include "iofilep.h"

/* GLOBALS *******************************************************************************/

POBJECT_TYPE IopCompletionObjectType;

/* PRIVATE FUNCTIONS *********************************************************************/

/* Reads a dequeued packet into Info and frees it. */
static VOID IopConsumePacket(PLIST_ENTRY Entry, PFILE_IO_COMPLETION_INFORMATION Info)
{
    PIOP_MINI_COMPLETION_PACKET Packet =
        CONTAINING_RECORD(Entry, IOP_MINI_COMPLETION_PACKET, ListEntry);

    Info->KeyContext = Packet->KeyContext;
    Info->ApcContext = Packet->ApcContext;
    Info->IoStatusBlock.Status = Packet->IoStatus;
    Info->IoStatusBlock.Information = Packet->IoStatusInformation;
    ExFreePoolWithTag(Packet, IOP_TAG_COMPLETION_PACKET);
}

static VOID IopFreePacketList(PLIST_ENTRY First)
{
    FILE_IO_COMPLETION_INFORMATION Ignored;
    PLIST_ENTRY Entry = First;

    if (First == NULL)
        return;
    do {
        PLIST_ENTRY Next = Entry->Flink;
        IopConsumePacket(Entry, &Ignored);
        Entry = Next;
    } while (Entry != First);
}

/* The last handle closed: waiters are released with STATUS_ABANDONED, packets freed. */
static VOID IopCloseCompletion(PVOID Object, ACCESS_MASK GrantedAccess, LONG_PTR RemainingHandles)
{
    UNREFERENCED_PARAMETER(GrantedAccess);
    if (RemainingHandles == 0)
        IopFreePacketList(KeRundownQueue((PRKQUEUE)Object));
}

/* Packets queued while no handle existed (a file still pointing at the port). */
static VOID IopDeleteCompletion(PVOID Object)
{
    IopFreePacketList(KeRundownQueue((PRKQUEUE)Object));
}

/* PUBLIC FUNCTIONS (internal) ***********************************************************/

NTSTATUS IopProbeHandle(PHANDLE Out, KPROCESSOR_MODE Mode)
{
    if (Mode == KernelMode)
        return STATUS_SUCCESS;
    __try {
        NtpProbeForWrite(Out, sizeof(HANDLE), __alignof__(HANDLE));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

VOID IopCreateCompletionType(VOID)
{
    OBP_TYPE_INITIALIZER Init;
    UNICODE_STRING Name;
    NTSTATUS Status;

    RtlZeroMemory(&Init, sizeof(Init));
    Init.ValidAccessMask = IO_COMPLETION_ALL_ACCESS;
    Init.GenericMapping.GenericRead = STANDARD_RIGHTS_READ | IO_COMPLETION_QUERY_STATE;
    Init.GenericMapping.GenericWrite = STANDARD_RIGHTS_WRITE | IO_COMPLETION_MODIFY_STATE;
    Init.GenericMapping.GenericExecute = STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE;
    Init.GenericMapping.GenericAll = IO_COMPLETION_ALL_ACCESS;
    Init.PoolType = NonPagedPoolNx;
    Init.CaseInsensitive = TRUE;
    Init.CloseProcedure = IopCloseCompletion;
    Init.DeleteProcedure = IopDeleteCompletion;
    RtlInitUnicodeString(&Name, L"IoCompletion");
    Status = ObpCreateObjectType(&Name, &Init, &IopCompletionObjectType);
    if (!NT_SUCCESS(Status))
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, (ULONG_PTR)Status, 0x10, 0, 0);
}

NTSTATUS IopReferenceCompletion(HANDLE Handle, ACCESS_MASK Access, KPROCESSOR_MODE Mode,
                                PVOID *Port)
{
    return ObReferenceObjectByHandle(Handle, Access, IopCompletionObjectType, Mode, Port, NULL);
}

VOID IopQueueCompletionPacket(PVOID Port, PIOP_MINI_COMPLETION_PACKET Packet)
{
    Packet->PacketType = 1;
    KeInsertQueue((PRKQUEUE)Port, &Packet->ListEntry);
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * PASSIVE_LEVEL. See src/include/internal/ntfile.h.
 */
NTSTATUS NTAPI NtCreateIoCompletion(PHANDLE IoCompletionHandle, ACCESS_MASK DesiredAccess,
                                    POBJECT_ATTRIBUTES ObjectAttributes, ULONG Count)
{
    KPROCESSOR_MODE Mode = IopPreviousMode();
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name;
    PRKQUEUE Queue;
    HANDLE Handle;
    NTSTATUS Status;

    Status = IopProbeHandle(IoCompletionHandle, Mode);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = NtpCaptureObjectAttributes(ObjectAttributes, Mode, &Attributes, &Name);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = ObpCreateObject(IopCompletionObjectType, ObjectAttributes ? &Attributes : NULL,
                             Mode, sizeof(KQUEUE), (PVOID *)&Queue);
    if (NT_SUCCESS(Status)) {
        KeInitializeQueue(Queue, Count);
        Status = ObpInsertObject(Queue, DesiredAccess, Mode, NULL, &Handle);
    }
    NtpReleaseObjectAttributes(&Name);
    if (NT_SUCCESS(Status) && !NT_SUCCESS(NtpReturnHandle(IoCompletionHandle, Handle, Mode))) {
        ObpCloseHandle(Handle, Mode);   /* the caller's memory went away meanwhile */
        return STATUS_ACCESS_VIOLATION;
    }
    return Status;
}

/* @implemented: PASSIVE_LEVEL. */
NTSTATUS NTAPI NtOpenIoCompletion(PHANDLE IoCompletionHandle, ACCESS_MASK DesiredAccess,
                                  POBJECT_ATTRIBUTES ObjectAttributes)
{
    KPROCESSOR_MODE Mode = IopPreviousMode();
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name;
    HANDLE Handle;
    NTSTATUS Status;

    Status = IopProbeHandle(IoCompletionHandle, Mode);
    if (!NT_SUCCESS(Status))
        return Status;
    if (ObjectAttributes == NULL)
        return STATUS_INVALID_PARAMETER;
    Status = NtpCaptureObjectAttributes(ObjectAttributes, Mode, &Attributes, &Name);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = ObpOpenObjectByName(&Attributes, IopCompletionObjectType, Mode, DesiredAccess, NULL,
                                 &Handle);
    NtpReleaseObjectAttributes(&Name);
    if (NT_SUCCESS(Status) && !NT_SUCCESS(NtpReturnHandle(IoCompletionHandle, Handle, Mode))) {
        ObpCloseHandle(Handle, Mode);
        return STATUS_ACCESS_VIOLATION;
    }
    return Status;
}

/* @implemented: <= DISPATCH_LEVEL for kernel callers. */
NTSTATUS NTAPI NtSetIoCompletion(HANDLE IoCompletionHandle, PVOID KeyContext, PVOID ApcContext,
                                 NTSTATUS IoStatus, ULONG_PTR IoStatusInformation)
{
    PIOP_MINI_COMPLETION_PACKET Packet;
    PVOID Port;
    NTSTATUS Status;

    Status = IopReferenceCompletion(IoCompletionHandle, IO_COMPLETION_MODIFY_STATE,
                                    IopPreviousMode(), &Port);
    if (!NT_SUCCESS(Status))
        return Status;
    Packet = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*Packet), IOP_TAG_COMPLETION_PACKET);
    if (Packet == NULL) {
        ObDereferenceObject(Port);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Packet->PacketType = 1;
    Packet->KeyContext = KeyContext;
    Packet->ApcContext = ApcContext;
    Packet->IoStatus = IoStatus;
    Packet->IoStatusInformation = IoStatusInformation;
    KeInsertQueue((PRKQUEUE)Port, &Packet->ListEntry);
    ObDereferenceObject(Port);
    return STATUS_SUCCESS;
}

/* Common part of NtRemoveIoCompletion(Ex): the caller's Timeout is already captured. */
static NTSTATUS IopRemove(HANDLE IoCompletionHandle, PLARGE_INTEGER Timeout, BOOLEAN Alertable,
                          PFILE_IO_COMPLETION_INFORMATION Info, ULONG Count, PULONG Removed)
{
    PLIST_ENTRY Entries[16];
    PVOID Port;
    ULONG Taken;
    NTSTATUS Status;

    *Removed = 0;
    Status = IopReferenceCompletion(IoCompletionHandle, IO_COMPLETION_MODIFY_STATE,
                                    IopPreviousMode(), &Port);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Count > RTL_NUMBER_OF(Entries))
        Count = RTL_NUMBER_OF(Entries);
    Taken = KeRemoveQueueEx((PRKQUEUE)Port, IopPreviousMode(), Alertable, Timeout, Entries, Count);
    ObDereferenceObject(Port);
    if (Taken == 1 && ((ULONG_PTR)Entries[0] == (ULONG)STATUS_TIMEOUT ||
                       (ULONG_PTR)Entries[0] == (ULONG)STATUS_ABANDONED ||
                       (ULONG_PTR)Entries[0] == (ULONG)STATUS_USER_APC))
        return (NTSTATUS)(ULONG_PTR)Entries[0];
    for (ULONG i = 0; i < Taken; i++)
        IopConsumePacket(Entries[i], &Info[i]);
    *Removed = Taken;
    return STATUS_SUCCESS;
}

/* @implemented: PASSIVE_LEVEL. See src/include/internal/ntfile.h. */
NTSTATUS NTAPI NtRemoveIoCompletion(HANDLE IoCompletionHandle, PVOID *KeyContext,
                                    PVOID *ApcContext, PIO_STATUS_BLOCK IoStatusBlock,
                                    PLARGE_INTEGER Timeout)
{
    KPROCESSOR_MODE Mode = IopPreviousMode();
    FILE_IO_COMPLETION_INFORMATION Info;
    LARGE_INTEGER CapturedTimeout;
    PLARGE_INTEGER volatile TimeoutPointer = Timeout;
    ULONG Removed;
    NTSTATUS Status;

    if (Mode != KernelMode) {
        __try {
            NtpProbeForWrite(KeyContext, sizeof(PVOID), __alignof__(PVOID));
            NtpProbeForWrite(ApcContext, sizeof(PVOID), __alignof__(PVOID));
            NtpProbeForWrite(IoStatusBlock, sizeof(IO_STATUS_BLOCK), __alignof__(IO_STATUS_BLOCK));
            if (Timeout != NULL) {
                NtpProbeForRead(Timeout, sizeof(LARGE_INTEGER), __alignof__(ULONG));
                CapturedTimeout = *Timeout;
                TimeoutPointer = &CapturedTimeout;
            }
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            return GetExceptionCode();
        }
    }
    Status = IopRemove(IoCompletionHandle, TimeoutPointer, FALSE, &Info, 1, &Removed);
    if (Status != STATUS_SUCCESS)
        return Status;
    if (Mode == KernelMode) {
        *KeyContext = Info.KeyContext;
        *ApcContext = Info.ApcContext;
        *IoStatusBlock = Info.IoStatusBlock;
        return STATUS_SUCCESS;
    }
    __try {
        *KeyContext = Info.KeyContext;
        *ApcContext = Info.ApcContext;
        *IoStatusBlock = Info.IoStatusBlock;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();   /* the packet is lost, as on Windows */
    }
    return STATUS_SUCCESS;
}

/* @implemented: PASSIVE_LEVEL. See src/include/internal/ntfile.h. */
NTSTATUS NTAPI NtRemoveIoCompletionEx(HANDLE IoCompletionHandle,
                                      PFILE_IO_COMPLETION_INFORMATION IoCompletionInformation,
                                      ULONG Count, PULONG NumEntriesRemoved,
                                      PLARGE_INTEGER Timeout, BOOLEAN Alertable)
{
    KPROCESSOR_MODE Mode = IopPreviousMode();
    FILE_IO_COMPLETION_INFORMATION Info[16];
    LARGE_INTEGER CapturedTimeout;
    PLARGE_INTEGER volatile TimeoutPointer = Timeout;
    ULONG Removed = 0;
    NTSTATUS Status;

    if (Count == 0)
        return STATUS_INVALID_PARAMETER;
    if (Mode != KernelMode) {
        __try {
            NtpProbeForWrite(IoCompletionInformation,
                          (SIZE_T)Count * sizeof(FILE_IO_COMPLETION_INFORMATION),
                          __alignof__(FILE_IO_COMPLETION_INFORMATION));
            NtpProbeForWrite(NumEntriesRemoved, sizeof(ULONG), __alignof__(ULONG));
            if (Timeout != NULL) {
                NtpProbeForRead(Timeout, sizeof(LARGE_INTEGER), __alignof__(ULONG));
                CapturedTimeout = *Timeout;
                TimeoutPointer = &CapturedTimeout;
            }
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            return GetExceptionCode();
        }
    }
    if (Count > RTL_NUMBER_OF(Info))
        Count = RTL_NUMBER_OF(Info);
    Status = IopRemove(IoCompletionHandle, TimeoutPointer, Alertable, Info, Count, &Removed);
    if (!NT_SUCCESS(Status))
        return Status;
    __try {
        for (ULONG i = 0; i < Removed; i++)
            IoCompletionInformation[i] = Info[i];
        *NumEntriesRemoved = Removed;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return Status;
}

/* @implemented: PASSIVE_LEVEL. */
NTSTATUS NTAPI NtQueryIoCompletion(HANDLE IoCompletionHandle,
                                   IO_COMPLETION_INFORMATION_CLASS InformationClass,
                                   PVOID IoCompletionInformation, ULONG Length,
                                   PULONG ResultLength)
{
    KPROCESSOR_MODE Mode = IopPreviousMode();
    PVOID Port;
    LONG Depth;
    NTSTATUS Status;

    if (InformationClass != IoCompletionBasicInformation)
        return STATUS_INVALID_INFO_CLASS;
    if (Length != sizeof(IO_COMPLETION_BASIC_INFORMATION))
        return STATUS_INFO_LENGTH_MISMATCH;
    if (Mode != KernelMode) {
        __try {
            NtpProbeForWrite(IoCompletionInformation, Length, __alignof__(ULONG));
            if (ResultLength != NULL)
                NtpProbeForWrite(ResultLength, sizeof(ULONG), __alignof__(ULONG));
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            return GetExceptionCode();
        }
    }
    Status = IopReferenceCompletion(IoCompletionHandle, IO_COMPLETION_QUERY_STATE, Mode, &Port);
    if (!NT_SUCCESS(Status))
        return Status;
    Depth = KeReadStateQueue((PRKQUEUE)Port);
    ObDereferenceObject(Port);
    __try {
        ((PIO_COMPLETION_BASIC_INFORMATION)IoCompletionInformation)->Depth = Depth;
        if (ResultLength != NULL)
            *ResultLength = sizeof(IO_COMPLETION_BASIC_INFORMATION);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}
