/*
 * PURPOSE: Capturing the arguments of user-mode callers of the native I/O services
 * (object attributes, returned handles), shared by src/io's Nt* services.
 */

/* INCLUDES ******************************************************************************/

#include "iofilep.h"
#include <string.h>

/* PRIVATE FUNCTIONS *********************************************************************/

NTSTATUS IopCaptureObjectAttributes(POBJECT_ATTRIBUTES ObjectAttributes, KPROCESSOR_MODE Mode,
                                    PIOP_CAPTURED_ATTRIBUTES Capture, POBJECT_ATTRIBUTES *Result)
{
    volatile NTSTATUS Status = STATUS_SUCCESS;
    PWCH volatile Buffer = NULL;

    RtlZeroMemory(Capture, sizeof(*Capture));
    if (Mode == KernelMode || ObjectAttributes == NULL) {
        *Result = ObjectAttributes;
        return STATUS_SUCCESS;
    }
    __try {
        ProbeForRead(ObjectAttributes, sizeof(OBJECT_ATTRIBUTES), __alignof__(OBJECT_ATTRIBUTES));
        Capture->Attributes = *ObjectAttributes;
        if (Capture->Attributes.Length != sizeof(OBJECT_ATTRIBUTES)) {
            Status = STATUS_INVALID_PARAMETER;
        } else if (Capture->Attributes.ObjectName != NULL) {
            PUNICODE_STRING Name = Capture->Attributes.ObjectName;
            ProbeForRead(Name, sizeof(UNICODE_STRING), __alignof__(UNICODE_STRING));
            Capture->Name = *Name;
            if ((Capture->Name.Length & 1) || Capture->Name.Length > Capture->Name.MaximumLength) {
                Status = STATUS_OBJECT_NAME_INVALID;
            } else if (Capture->Name.Length != 0) {
                ProbeForRead(Capture->Name.Buffer, Capture->Name.Length, sizeof(WCHAR));
                Buffer = ExAllocatePoolWithTag(PagedPool, Capture->Name.Length, IOP_TAG_CAPTURE);
                if (Buffer == NULL)
                    Status = STATUS_INSUFFICIENT_RESOURCES;
                else
                    memcpy(Buffer, Capture->Name.Buffer, Capture->Name.Length);
            }
            Capture->Name.Buffer = Buffer;
            Capture->Name.MaximumLength = Capture->Name.Length;
            Capture->Attributes.ObjectName = &Capture->Name;
        }
        /* A user-mode caller cannot pass a security descriptor or QoS kmode would use. */
        Capture->Attributes.SecurityDescriptor = NULL;
        Capture->Attributes.SecurityQualityOfService = NULL;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    Capture->Buffer = Buffer;
    if (!NT_SUCCESS(Status)) {
        IopReleaseCapturedAttributes(Capture);
        return Status;
    }
    *Result = &Capture->Attributes;
    return STATUS_SUCCESS;
}

VOID IopReleaseCapturedAttributes(PIOP_CAPTURED_ATTRIBUTES Capture)
{
    if (Capture->Buffer != NULL)
        ExFreePoolWithTag(Capture->Buffer, IOP_TAG_CAPTURE);
    Capture->Buffer = NULL;
}

NTSTATUS IopProbeHandle(PHANDLE Out, KPROCESSOR_MODE Mode)
{
    if (Mode == KernelMode)
        return STATUS_SUCCESS;
    __try {
        ProbeForWrite(Out, sizeof(HANDLE), __alignof__(HANDLE));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

VOID IopReturnHandle(PHANDLE Out, HANDLE Handle, KPROCESSOR_MODE Mode)
{
    if (Mode == KernelMode) {
        *Out = Handle;
        return;
    }
    __try {
        *Out = Handle;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        /* ignored, as on Windows */
    }
}
