/*
 * PURPOSE: Private definitions of the I/O manager's file-object and native-service files
 * (src/io/file.c, create.c, rw.c, ioctl.c, iocompletion.c, ntfile.c): pool tags, capturing
 * user-mode arguments, the previous-mode switch of the Zw* entry points.
 */
#ifndef _KMODE_IOFILEP_H_
#define _KMODE_IOFILEP_H_

#include <ntifs.h>
#include <internal/ke.h>
#include <internal/ob.h>
#include <internal/io.h>
#include <internal/ntfile.h>

/* Pool tags, as Windows' (read backwards in a pool dump). */
#define IOP_TAG_COMPLETION_PACKET 'pcoI'   /* "Iocp": NtSetIoCompletion packets */
#define IOP_TAG_COMPLETION_CONTEXT 'ccoI'  /* "Iocc": FILE_OBJECT->CompletionContext */
#define IOP_TAG_CAPTURE 'naCI'             /* "ICan": captured user arguments */
#define IOP_TAG_FILE_NAME 'mNoI'           /* "IoNm": FILE_OBJECT->FileName */
#define IOP_TAG_SYSTEM_BUFFER 'bSoI'       /* "IoSb": buffered I/O system buffers */

/* The mode of the caller a Nt* service works for (the "previous mode" of a system call). */
FORCEINLINE KPROCESSOR_MODE IopPreviousMode(VOID)
{
    return KiThreadState.PreviousMode;
}

/*
 * Zw* entry points: kernel-mode callers of the Nt* services. As on Windows, the previous
 * mode is KernelMode for the duration of the call (so nothing is probed and kernel handles
 * are valid), then goes back to what it was (a driver serving a user request calls Zw*).
 */
#define IOP_CALL_AS_KERNEL(Call)                                      \
    ({                                                               \
        KPROCESSOR_MODE _IopOld = KiThreadState.PreviousMode;        \
        NTSTATUS _IopStatus;                                         \
        KiThreadState.PreviousMode = KernelMode;                     \
        _IopStatus = (Call);                                         \
        KiThreadState.PreviousMode = _IopOld;                        \
        _IopStatus;                                                  \
    })

/* A kernel copy of caller's OBJECT_ATTRIBUTES (and its name), for user-mode callers. */
typedef struct _IOP_CAPTURED_ATTRIBUTES {
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name;
    PWCH Buffer;                 /* pool copy of the name, or NULL */
} IOP_CAPTURED_ATTRIBUTES, *PIOP_CAPTURED_ATTRIBUTES;

/*
 * For UserMode: probes and copies *ObjectAttributes and its name (STATUS_ACCESS_VIOLATION,
 * STATUS_DATATYPE_MISALIGNMENT for bad pointers; STATUS_INVALID_PARAMETER for a bad
 * Length) and points *Result at the copy. For KernelMode: *Result = ObjectAttributes.
 * Release with IopReleaseCapturedAttributes.
 */
NTSTATUS IopCaptureObjectAttributes(_In_ POBJECT_ATTRIBUTES ObjectAttributes,
                                    _In_ KPROCESSOR_MODE Mode,
                                    _Out_ PIOP_CAPTURED_ATTRIBUTES Capture,
                                    _Out_ POBJECT_ATTRIBUTES *Result);
VOID IopReleaseCapturedAttributes(_Inout_ PIOP_CAPTURED_ATTRIBUTES Capture);

/*
 * Returning a handle to a caller in Mode, as Windows does: the pointer is probed before
 * anything is created (IopProbeHandle: STATUS_ACCESS_VIOLATION, STATUS_DATATYPE_MISALIGNMENT),
 * and the store afterwards ignores a fault (the caller unmapped it meanwhile; the handle
 * stays open, as on Windows).
 */
NTSTATUS IopProbeHandle(_In_ PHANDLE Out, _In_ KPROCESSOR_MODE Mode);
VOID IopReturnHandle(_Out_ PHANDLE Out, _In_ HANDLE Handle, _In_ KPROCESSOR_MODE Mode);

/* ==== src/io/iocompletion.c ==== */

/* The "IoCompletion" object type. */
extern POBJECT_TYPE IopCompletionObjectType;

/* References the I/O completion object behind Handle for Access. */
NTSTATUS IopReferenceCompletion(_In_ HANDLE Handle, _In_ ACCESS_MASK Access,
                                _In_ KPROCESSOR_MODE Mode, _Out_ PVOID *Port);

#endif /* _KMODE_IOFILEP_H_ */
