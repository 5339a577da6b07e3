/*
 * PURPOSE: The object manager's internal interface: how other subsystems define object types,
 * create objects, give them names and handles, and look names up.
 *
 * Life cycle (as on Windows):
 *   ObpCreateObject      -> a body with one pointer reference (the "creation reference"),
 *                           not yet visible to anyone; initialize the body now.
 *   ObpInsertObject      -> consumes the creation reference: names the object in the
 *                           namespace (when the attributes carried a name) and/or gives the
 *                           caller a handle and/or a referenced pointer.
 *   ObDereferenceObject  -> the last pointer reference calls the type's DeleteProcedure once,
 *                           then frees the memory.
 * A name in the namespace holds one pointer reference on the object and the object holds one
 * on its parent directory. A temporary (non-OBJ_PERMANENT) named object leaves the namespace
 * when its handle count drops to zero; ObMakeTemporaryObject turns a permanent one temporary.
 */
#ifndef _KMODE_INTERNAL_OB_H_
#define _KMODE_INTERNAL_OB_H_

#include <wdm.h>

/* Handle attribute: ZwClose refuses the handle with STATUS_HANDLE_NOT_CLOSABLE (Win32
   HANDLE_FLAG_PROTECT_FROM_CLOSE). Not in the WDK's headers; the NT value. */
#ifndef OBJ_PROTECT_CLOSE
#define OBJ_PROTECT_CLOSE 0x00000001
#endif

/* Handle-table entry attributes a handle can carry (the rest of OBJ_* are open options). */
#define OBP_HANDLE_ATTRIBUTES (OBJ_PROTECT_CLOSE | OBJ_INHERIT | 0x4 /* OBJ_AUDIT_OBJECT_CLOSE */)

/* Called once, when the last pointer reference to Object goes. The memory is freed after. */
typedef VOID (*POBP_DELETE_PROCEDURE)(_In_ PVOID Object);

/* Called after each handle to Object closes; RemainingHandles is the handle count after this
   close (0: that was the last handle, e.g. the I/O manager's IRP_MJ_CLEANUP point). */
typedef VOID (*POBP_CLOSE_PROCEDURE)(_In_ PVOID Object, _In_ ACCESS_MASK GrantedAccess,
                                     _In_ LONG_PTR RemainingHandles);

/*
 * Called when a name lookup reaches an object of this type (devices: the rest of the name is
 * a file path). RemainingName is what follows the object's name, starting with '\' or empty.
 * On success *Result receives a referenced object (of any type; the caller checks the type
 * it asked for). Runs without object-manager locks held.
 */
typedef NTSTATUS (*POBP_PARSE_PROCEDURE)(_In_ PVOID Object, _In_opt_ POBJECT_TYPE RequestedType,
                                         _In_ ACCESS_MASK DesiredAccess,
                                         _In_ KPROCESSOR_MODE AccessMode, _In_ ULONG Attributes,
                                         _In_ PCUNICODE_STRING RemainingName,
                                         _In_opt_ PVOID ParseContext, _Out_ PVOID *Result);

typedef struct _OBP_TYPE_INITIALIZER {
    ACCESS_MASK ValidAccessMask;       /* granted access is masked with this */
    GENERIC_MAPPING GenericMapping;    /* GENERIC_* -> specific rights at handle creation */
    POOL_TYPE PoolType;                /* where bodies live (when the pool takes over) */
    ULONG InvalidAttributes;           /* OBJ_* attributes this type refuses */
    BOOLEAN CaseInsensitive;           /* name lookups for this type ignore case */
    POBP_DELETE_PROCEDURE DeleteProcedure;
    POBP_CLOSE_PROCEDURE CloseProcedure;
    POBP_PARSE_PROCEDURE ParseProcedure;
} OBP_TYPE_INITIALIZER, *POBP_TYPE_INITIALIZER;

/* An object type is itself an object (of type "Type", named in \ObjectTypes). */
struct _OBJECT_TYPE {
    UNICODE_STRING Name;
    OBP_TYPE_INITIALIZER TypeInfo;
    volatile LONG TotalNumberOfObjects;
    volatile LONG TotalNumberOfHandles;
    ULONG Index;
};

/* The built-in types (the exported *IoFileObjectType etc. point at ObpXxxType variables). */
extern POBJECT_TYPE ObpTypeObjectType;
extern POBJECT_TYPE ObpDirectoryObjectType;
extern POBJECT_TYPE ObpSymbolicLinkObjectType;

/* Object memory: the one place the pool will take over. Zero-filled. NULL on failure. */
PVOID ObpAllocateObjectMemory(_In_ SIZE_T Bytes, _In_opt_ POBJECT_TYPE Type);
VOID ObpFreeObjectMemory(_In_ PVOID Memory);

/*
 * Creates a type named TypeName (also \ObjectTypes\TypeName). STATUS_OBJECT_NAME_COLLISION
 * if a type of that name exists. The type lives for the life of the process.
 */
NTSTATUS ObpCreateObjectType(_In_ PCUNICODE_STRING TypeName, _In_ const OBP_TYPE_INITIALIZER *Init,
                             _Out_ POBJECT_TYPE *ObjectType);

/*
 * Creates an object of Type with a zeroed body of BodySize bytes and one pointer reference.
 * ObjectAttributes (optional) are captured: name, RootDirectory, OBJ_PERMANENT, OBJ_OPENIF,
 * OBJ_CASE_INSENSITIVE, OBJ_KERNEL_HANDLE, OBJ_INHERIT are used by ObpInsertObject.
 * Errors: STATUS_INVALID_PARAMETER (bad Length or attributes), STATUS_OBJECT_NAME_INVALID
 * (malformed name string), STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS ObpCreateObject(_In_ POBJECT_TYPE Type, _In_opt_ POBJECT_ATTRIBUTES ObjectAttributes,
                         _In_ KPROCESSOR_MODE AccessMode, _In_ ULONG BodySize,
                         _Out_ PVOID *Object);

/*
 * Makes Object visible; always consumes the creation reference (on failure too: the object
 * is then deleted, its DeleteProcedure called). With a name: inserted into the namespace;
 * an existing name gives STATUS_OBJECT_NAME_COLLISION, or with OBJ_OPENIF the existing
 * object (STATUS_OBJECT_NAME_EXISTS, a success code; STATUS_OBJECT_TYPE_MISMATCH if it is of
 * another type) and the new one is deleted. Handle (optional) receives a handle with
 * DesiredAccess; ReferencedObject (optional) a referenced pointer to the object the handle
 * refers to (the new or the existing one).
 */
NTSTATUS ObpInsertObject(_In_ PVOID Object, _In_ ACCESS_MASK DesiredAccess,
                         _In_ KPROCESSOR_MODE AccessMode, _Out_opt_ PVOID *ReferencedObject,
                         _Out_opt_ PHANDLE Handle);

/*
 * Creates a handle to Object (takes its own pointer reference). The kernel table when
 * HandleAttributes has OBJ_KERNEL_HANDLE and AccessMode is KernelMode; else the user
 * (process) table, as Windows does. Granted access is DesiredAccess with GENERIC_* mapped
 * through the type, MAXIMUM_ALLOWED = all valid rights, masked with ValidAccessMask.
 */
NTSTATUS ObpCreateHandle(_In_ PVOID Object, _In_ ACCESS_MASK DesiredAccess,
                         _In_ ULONG HandleAttributes, _In_ KPROCESSOR_MODE AccessMode,
                         _Out_ PHANDLE Handle);

/* Closes Handle as a caller in AccessMode would (NtClose/ZwClose). */
NTSTATUS ObpCloseHandle(_In_ HANDLE Handle, _In_ KPROCESSOR_MODE AccessMode);

/* Changes a handle's OBJ_INHERIT / OBJ_PROTECT_CLOSE attributes (SetHandleInformation). */
NTSTATUS ObpSetHandleAttributes(_In_ HANDLE Handle, _In_ ULONG Attributes,
                                _In_ KPROCESSOR_MODE AccessMode);

/*
 * Looks up ObjectAttributes' name (following symbolic links and parse procedures) and
 * returns a referenced object of ObjectType (NULL: any type). Errors are Windows':
 * STATUS_OBJECT_PATH_SYNTAX_BAD, STATUS_OBJECT_NAME_INVALID, STATUS_OBJECT_PATH_NOT_FOUND,
 * STATUS_OBJECT_NAME_NOT_FOUND, STATUS_OBJECT_TYPE_MISMATCH.
 */
NTSTATUS ObpReferenceObjectByName(_In_ POBJECT_ATTRIBUTES ObjectAttributes,
                                  _In_opt_ POBJECT_TYPE ObjectType,
                                  _In_ KPROCESSOR_MODE AccessMode, _In_ ACCESS_MASK DesiredAccess,
                                  _In_opt_ PVOID ParseContext, _Out_ PVOID *Object);

/* The same, returning a handle (attributes from ObjectAttributes). */
NTSTATUS ObpOpenObjectByName(_In_ POBJECT_ATTRIBUTES ObjectAttributes,
                             _In_opt_ POBJECT_TYPE ObjectType, _In_ KPROCESSOR_MODE AccessMode,
                             _In_ ACCESS_MASK DesiredAccess, _In_opt_ PVOID ParseContext,
                             _Out_ PHANDLE Handle);

/* Introspection (debugger extensions, tests). */
POBJECT_TYPE ObpGetObjectType(_In_ PVOID Object);
LONG_PTR ObpGetPointerCount(_In_ PVOID Object);
LONG_PTR ObpGetHandleCount(_In_ PVOID Object);

/* Waits until every ObDereferenceObjectDeferDelete deletion queued so far has run. */
VOID ObpFlushDeferredDeletes(VOID);

#endif /* _KMODE_INTERNAL_OB_H_ */
