/*
 * PURPOSE: wdm.h part: the object manager: object references, handles, the object
 * namespace (directories and symbolic links), and the exported object-type pointers.
 *
 * The WDK spreads these over wdm.h, ntddk.h and ntifs.h (ObQueryNameString and
 * ZwOpenDirectoryObject are ntifs.h; ZwCreateSymbolicLinkObject is exported by ntoskrnl
 * but in no WDK header); kmode declares them once here so every driver sees them, and a
 * driver that declares one itself still compiles.
 */
#ifndef _KMODE_WDM_OB_H_
#define _KMODE_WDM_OB_H_

KMODE_EXTERN_C_START

/* ==== Types =========================================================================== */

typedef struct _OBJECT_HANDLE_INFORMATION {
    ULONG HandleAttributes;    /* OBJ_INHERIT, OBJ_PROTECT_CLOSE (0x1), ... */
    ACCESS_MASK GrantedAccess;
} OBJECT_HANDLE_INFORMATION, *POBJECT_HANDLE_INFORMATION;

typedef struct _OBJECT_NAME_INFORMATION {
    UNICODE_STRING Name;
} OBJECT_NAME_INFORMATION, *POBJECT_NAME_INFORMATION;

/* Pseudo-handles: the current process and thread, in every process. */
#define NtCurrentProcess() ((HANDLE)(LONG_PTR)-1)
#define ZwCurrentProcess() NtCurrentProcess()
#define NtCurrentThread()  ((HANDLE)(LONG_PTR)-2)
#define ZwCurrentThread()  NtCurrentThread()

/* The object types drivers pass to ObReferenceObjectByHandle (pointers to the type
   pointers, as in the WDK: write *ExEventObjectType). */
extern NTSYSAPI POBJECT_TYPE *IoFileObjectType;
extern NTSYSAPI POBJECT_TYPE *IoDeviceObjectType;
extern NTSYSAPI POBJECT_TYPE *IoDriverObjectType;
extern NTSYSAPI POBJECT_TYPE *ExEventObjectType;
extern NTSYSAPI POBJECT_TYPE *ExSemaphoreObjectType;
extern NTSYSAPI POBJECT_TYPE *PsThreadType;
extern NTSYSAPI POBJECT_TYPE *PsProcessType;

/* ==== References ====================================================================== */

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI LONG_PTR FASTCALL ObfReferenceObject(_In_ PVOID Object);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI LONG_PTR FASTCALL ObfReferenceObjectWithTag(_In_ PVOID Object, _In_ ULONG Tag);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI LONG_PTR FASTCALL ObfDereferenceObject(_In_ PVOID Object);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI LONG_PTR FASTCALL ObfDereferenceObjectWithTag(_In_ PVOID Object, _In_ ULONG Tag);

#define ObReferenceObject(Object)                 ObfReferenceObject(Object)
#define ObReferenceObjectWithTag(Object, Tag)     ObfReferenceObjectWithTag(Object, Tag)
#define ObDereferenceObject(Object)               ObfDereferenceObject(Object)
#define ObDereferenceObjectWithTag(Object, Tag)   ObfDereferenceObjectWithTag(Object, Tag)

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI ObDereferenceObjectDeferDelete(_In_ PVOID Object);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI ObDereferenceObjectDeferDeleteWithTag(_In_ PVOID Object, _In_ ULONG Tag);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI NTSTATUS NTAPI ObReferenceObjectByPointer(_In_ PVOID Object,
                                                      _In_ ACCESS_MASK DesiredAccess,
                                                      _In_opt_ POBJECT_TYPE ObjectType,
                                                      _In_ KPROCESSOR_MODE AccessMode);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI NTSTATUS NTAPI ObReferenceObjectByPointerWithTag(_In_ PVOID Object,
                                                             _In_ ACCESS_MASK DesiredAccess,
                                                             _In_opt_ POBJECT_TYPE ObjectType,
                                                             _In_ KPROCESSOR_MODE AccessMode,
                                                             _In_ ULONG Tag);

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI NTSTATUS NTAPI ObReferenceObjectByHandle(
    _In_ HANDLE Handle, _In_ ACCESS_MASK DesiredAccess, _In_opt_ POBJECT_TYPE ObjectType,
    _In_ KPROCESSOR_MODE AccessMode, _Out_ PVOID *Object,
    _Out_opt_ POBJECT_HANDLE_INFORMATION HandleInformation);

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI NTSTATUS NTAPI ObReferenceObjectByHandleWithTag(
    _In_ HANDLE Handle, _In_ ACCESS_MASK DesiredAccess, _In_opt_ POBJECT_TYPE ObjectType,
    _In_ KPROCESSOR_MODE AccessMode, _In_ ULONG Tag, _Out_ PVOID *Object,
    _Out_opt_ POBJECT_HANDLE_INFORMATION HandleInformation);

/* ==== Handles ========================================================================= */

_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI NTSTATUS NTAPI ObOpenObjectByPointer(
    _In_ PVOID Object, _In_ ULONG HandleAttributes, _In_opt_ PACCESS_STATE PassedAccessState,
    _In_ ACCESS_MASK DesiredAccess, _In_opt_ POBJECT_TYPE ObjectType,
    _In_ KPROCESSOR_MODE AccessMode, _Out_ PHANDLE Handle);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI ZwClose(_In_ HANDLE Handle);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI NtClose(_In_ HANDLE Handle);

/* ==== Names =========================================================================== */

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI NTSTATUS NTAPI ObQueryNameString(
    _In_ PVOID Object, _Out_writes_bytes_opt_(Length) POBJECT_NAME_INFORMATION ObjectNameInfo,
    _In_ ULONG Length, _Out_ PULONG ReturnLength);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI VOID NTAPI ObMakeTemporaryObject(_In_ PVOID Object);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI ZwMakeTemporaryObject(_In_ HANDLE Handle);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI ZwCreateDirectoryObject(_Out_ PHANDLE DirectoryHandle,
                                                _In_ ACCESS_MASK DesiredAccess,
                                                _In_ POBJECT_ATTRIBUTES ObjectAttributes);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI ZwOpenDirectoryObject(_Out_ PHANDLE DirectoryHandle,
                                              _In_ ACCESS_MASK DesiredAccess,
                                              _In_ POBJECT_ATTRIBUTES ObjectAttributes);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI ZwCreateSymbolicLinkObject(_Out_ PHANDLE LinkHandle,
                                                   _In_ ACCESS_MASK DesiredAccess,
                                                   _In_ POBJECT_ATTRIBUTES ObjectAttributes,
                                                   _In_ PUNICODE_STRING LinkTarget);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI ZwOpenSymbolicLinkObject(_Out_ PHANDLE LinkHandle,
                                                 _In_ ACCESS_MASK DesiredAccess,
                                                 _In_ POBJECT_ATTRIBUTES ObjectAttributes);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI ZwQuerySymbolicLinkObject(_In_ HANDLE LinkHandle,
                                                  _Inout_ PUNICODE_STRING LinkTarget,
                                                  _Out_opt_ PULONG ReturnedLength);

KMODE_EXTERN_C_END

#endif /* _KMODE_WDM_OB_H_ */
