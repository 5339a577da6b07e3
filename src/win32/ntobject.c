/*
 * PURPOSE: The native layer's common parts: probing and capturing user-mode arguments, and
 * the handle services (NtDuplicateObject, handle attributes). NtClose is src/ob/obhandle.c.
 */

/* INCLUDES ******************************************************************************/

#include <internal/ntnative.h>
#include <internal/ob.h>
#include <internal/ex.h>
#include <internal/host.h>
#include <string.h>

/* GLOBALS *******************************************************************************/

#define NTP_NAME_TAG 'mNtN'

/* PUBLIC FUNCTIONS (internal) ***********************************************************/

/* Addresses no user access may touch beyond what ProbeForRead/Write refuse (the kernel
   range): the first 64 KB, never mapped on Windows, where the access would fault. */
static BOOLEAN NtppIsForbidden(const volatile VOID *Address, SIZE_T Length)
{
    return Length != 0 && (ULONG_PTR)Address < NTP_LOWEST_USER_ADDRESS;
}

VOID NtpProbeForRead(const volatile VOID *Address, SIZE_T Length, ULONG Alignment)
{
    ProbeForRead(Address, Length, Alignment);
    if (NtppIsForbidden(Address, Length))
        ExRaiseAccessViolation();
}

VOID NtpProbeForWrite(volatile VOID *Address, SIZE_T Length, ULONG Alignment)
{
    if (NtppIsForbidden(Address, Length)) {
        ProbeForRead(Address, Length, Alignment);   /* misalignment is reported first */
        ExRaiseAccessViolation();
    }
    ProbeForWrite(Address, Length, Alignment);
}

NTSTATUS NtpCheckUserBufferSlow(const volatile VOID *Address, SIZE_T Length, ULONG Alignment,
                                UCHAR Access)
{
    /* (NtpProbeForWrite's order comes out the same: misalignment, then the rest.) */
    NTSTATUS Status = ExpCheckProbeRange(Address, Length, Alignment);

    if (!NT_SUCCESS(Status) || Length == 0)
        return Status;
    if (NtppIsForbidden(Address, Length))
        return STATUS_ACCESS_VIOLATION;
    if (Access == NTP_PROBE_RANGE)
        return STATUS_SUCCESS;
    return HostTouchUserMemory(Address, Length, Access == NTP_PROBE_WRITE);
}

NTSTATUS NtpCaptureObjectAttributes(POBJECT_ATTRIBUTES ObjectAttributes, KPROCESSOR_MODE Mode,
                                    POBJECT_ATTRIBUTES Captured, PUNICODE_STRING CapturedName)
{
    UNICODE_STRING Name;
    NTSTATUS Status = STATUS_SUCCESS;

    RtlZeroMemory(Captured, sizeof(*Captured));
    RtlZeroMemory(CapturedName, sizeof(*CapturedName));
    if (ObjectAttributes == NULL)
        return STATUS_SUCCESS;
    if (Mode == KernelMode) {
        *Captured = *ObjectAttributes;
        return STATUS_SUCCESS;
    }
    __try {
        NtpProbeForRead(ObjectAttributes, sizeof(*ObjectAttributes), sizeof(ULONG_PTR));
        *Captured = *ObjectAttributes;
        if (Captured->Length != sizeof(OBJECT_ATTRIBUTES)) {
            Status = STATUS_INVALID_PARAMETER;
            __leave;
        }
        if (Captured->ObjectName != NULL) {
            NtpProbeForRead(Captured->ObjectName, sizeof(UNICODE_STRING), sizeof(ULONG_PTR));
            Name = *Captured->ObjectName;
            if ((Name.Length & 1) || Name.Length > Name.MaximumLength) {
                Status = STATUS_OBJECT_NAME_INVALID;
                __leave;
            }
            NtpProbeForRead(Name.Buffer, Name.Length, sizeof(WCHAR));
            CapturedName->Buffer = ExAllocatePool2(POOL_FLAG_PAGED, Name.Length + sizeof(WCHAR),
                                                   NTP_NAME_TAG);
            if (CapturedName->Buffer == NULL) {
                Status = STATUS_INSUFFICIENT_RESOURCES;
                __leave;
            }
            memcpy(CapturedName->Buffer, Name.Buffer, Name.Length);
            CapturedName->Buffer[Name.Length / sizeof(WCHAR)] = UNICODE_NULL;
            CapturedName->Length = Name.Length;
            CapturedName->MaximumLength = (USHORT)(Name.Length + sizeof(WCHAR));
            Captured->ObjectName = CapturedName;
        }
        /* No security descriptors in kmode; a user-mode caller cannot ask for a kernel
           handle (ObpCreateHandle already refuses it for UserMode). */
        Captured->SecurityDescriptor = NULL;
        Captured->SecurityQualityOfService = NULL;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    if (!NT_SUCCESS(Status))
        NtpReleaseObjectAttributes(CapturedName);
    return Status;
}

VOID NtpReleaseObjectAttributes(PUNICODE_STRING CapturedName)
{
    if (CapturedName->Buffer != NULL)
        ExFreePoolWithTag(CapturedName->Buffer, NTP_NAME_TAG);
    RtlZeroMemory(CapturedName, sizeof(*CapturedName));
}

/* Writes a handle to a caller's variable (probed for a UserMode caller). */
NTSTATUS NtpReturnHandle(PHANDLE Destination, HANDLE Value, KPROCESSOR_MODE Mode)
{
    NTSTATUS Status = STATUS_SUCCESS;

    if (Mode == KernelMode) {
        *Destination = Value;
        return STATUS_SUCCESS;
    }
    __try {
        NtpProbeForWrite(Destination, sizeof(HANDLE), sizeof(HANDLE));
        *Destination = Value;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    return Status;
}

/* Writes a LONG to a caller's optional variable. */
NTSTATUS NtpReturnLong(PLONG Destination, LONG Value, KPROCESSOR_MODE Mode)
{
    NTSTATUS Status = STATUS_SUCCESS;

    if (Destination == NULL)
        return STATUS_SUCCESS;
    if (Mode == KernelMode) {
        *Destination = Value;
        return STATUS_SUCCESS;
    }
    __try {
        NtpProbeForWrite(Destination, sizeof(LONG), sizeof(LONG));
        *Destination = Value;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    return Status;
}

/* Checks that a process handle names the current process (kmode has one). */
static NTSTATUS NtppCheckProcessHandle(HANDLE ProcessHandle, KPROCESSOR_MODE Mode)
{
    PVOID Process;
    NTSTATUS Status;

    Status = ObReferenceObjectByHandle(ProcessHandle, PROCESS_DUP_HANDLE, *PsProcessType, Mode,
                                       &Process, NULL);
    if (NT_SUCCESS(Status))
        ObDereferenceObject(Process);
    return Status;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * PASSIVE_LEVEL. Duplicates a handle within the current process (the only process).
 * Access: DUPLICATE_SAME_ACCESS copies the source's granted access; otherwise
 * DesiredAccess (generic rights mapped) is granted as asked: Windows checks it against the
 * object's security descriptor, and kmode has none. DUPLICATE_CLOSE_SOURCE closes the
 * source handle whatever the outcome; with no TargetProcessHandle that is all it does.
 */
NTSTATUS NTAPI NtDuplicateObject(HANDLE SourceProcessHandle, HANDLE SourceHandle,
                                 HANDLE TargetProcessHandle, PHANDLE TargetHandle,
                                 ACCESS_MASK DesiredAccess, ULONG HandleAttributes, ULONG Options)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    OBJECT_HANDLE_INFORMATION Info;
    PVOID Object = NULL;
    HANDLE NewHandle = NULL;
    NTSTATUS Status;

    Status = NtppCheckProcessHandle(SourceProcessHandle, Mode);
    if (!NT_SUCCESS(Status))
        return Status;
    if (TargetProcessHandle == NULL) {
        if (Options & NTP_DUPLICATE_CLOSE_SOURCE)
            return ObpCloseHandle(SourceHandle, Mode);
        return STATUS_INVALID_HANDLE;
    }
    Status = NtppCheckProcessHandle(TargetProcessHandle, Mode);
    if (NT_SUCCESS(Status))
        Status = ObReferenceObjectByHandle(SourceHandle, 0, NULL, Mode, &Object, &Info);
    if (NT_SUCCESS(Status)) {
        ACCESS_MASK Access = (Options & NTP_DUPLICATE_SAME_ACCESS) ? Info.GrantedAccess
                                                                   : DesiredAccess;
        ULONG Attributes = (Options & NTP_DUPLICATE_SAME_ATTRIBUTES) ? Info.HandleAttributes
                                                                     : HandleAttributes;
        Status = ObpCreateHandle(Object, Access, Attributes & ~OBJ_KERNEL_HANDLE, UserMode,
                                 &NewHandle);
        ObDereferenceObject(Object);
    }
    if ((Options & NTP_DUPLICATE_CLOSE_SOURCE) && SourceHandle != NtCurrentProcess() &&
        SourceHandle != NtCurrentThread())
        (VOID)ObpCloseHandle(SourceHandle, Mode);
    if (!NT_SUCCESS(Status))
        return Status;
    if (TargetHandle == NULL) {
        /* The caller did not want it: Windows closes the new handle again. */
        ObpCloseHandle(NewHandle, UserMode);
        return STATUS_SUCCESS;
    }
    Status = NtpReturnHandle(TargetHandle, NewHandle, Mode);
    if (!NT_SUCCESS(Status))
        ObpCloseHandle(NewHandle, UserMode);
    return Status;
}

NTSTATUS NtpQueryHandleAttributes(HANDLE Handle, PULONG Attributes)
{
    OBJECT_HANDLE_INFORMATION Info;
    PVOID Object;
    NTSTATUS Status;

    Status = ObReferenceObjectByHandle(Handle, 0, NULL, ExGetPreviousMode(), &Object, &Info);
    if (!NT_SUCCESS(Status))
        return Status;
    ObDereferenceObject(Object);
    *Attributes = Info.HandleAttributes & (OBJ_INHERIT | OBJ_PROTECT_CLOSE);
    return STATUS_SUCCESS;
}

NTSTATUS NtpSetHandleAttributes(HANDLE Handle, ULONG Attributes)
{
    return ObpSetHandleAttributes(Handle, Attributes, ExGetPreviousMode());
}
