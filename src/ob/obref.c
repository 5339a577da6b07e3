/*
 * PURPOSE: Object creation, insertion, pointer references and deletion (immediate and
 * deferred to the object reaper thread).
 */

/* ==== INCLUDES ======================================================================== */

#include "obp.h"
#include <string.h>

/* ==== GLOBALS ========================================================================= */

/* ObDereferenceObjectDeferDelete's queue and the reaper thread that empties it. */
/* One condition for both directions (work queued, queue drained): waiters re-check. */
static HOST_CONDITION ObpReaperCondition;
static HOST_ONCE ObpReaperConditionOnce = HOST_ONCE_INIT;
static POBP_OBJECT_HEADER ObpReaperQueue;
static ULONG ObpReaperBusy;
static BOOLEAN ObpReaperStarted;

/* ==== PRIVATE FUNCTIONS =============================================================== */

VOID ObpFreeCreateInfo(POBP_CREATE_INFO Info)
{
    if (Info != NULL)
        ObpFreeObjectMemory(Info);
}

static VOID ObppDeleteObject(POBP_OBJECT_HEADER h)
{
    POBJECT_TYPE type = h->Type;

    if (type->TypeInfo.DeleteProcedure != NULL)
        type->TypeInfo.DeleteProcedure(OBP_BODY(h));
    ObpFreeCreateInfo(h->CreateInfo);
    /* A nameless object has no name buffer; a named one gave it up with its name. */
    __atomic_fetch_sub(&type->TotalNumberOfObjects, 1, __ATOMIC_RELAXED);
    h->Signature = OBP_DEAD_SIGNATURE;
    ObpFreeObjectMemory(h);
}

static VOID ObppInitializeReaperCondition(VOID)
{
    HostConditionInitialize(&ObpReaperCondition);
}

static VOID ObppLockReaper(VOID)
{
    HostRunOnce(&ObpReaperConditionOnce, ObppInitializeReaperCondition);
    HostConditionLock(&ObpReaperCondition);
}

static VOID ObppReaperThread(PVOID Context)
{
    (void)Context;
    ObppLockReaper();
    for (;;) {
        while (ObpReaperQueue == NULL)
            HostConditionWait(&ObpReaperCondition);
        POBP_OBJECT_HEADER list = ObpReaperQueue;
        ObpReaperQueue = NULL;
        ObpReaperBusy++;
        HostConditionUnlock(&ObpReaperCondition);
        while (list != NULL) {
            POBP_OBJECT_HEADER next = list->NextDeferred;
            ObppDeleteObject(list);
            list = next;
        }
        HostConditionLock(&ObpReaperCondition);
        ObpReaperBusy--;
        if (ObpReaperQueue == NULL)
            HostConditionBroadcast(&ObpReaperCondition); /* ObpFlushDeferredDeletes */
    }
}

static VOID ObppQueueDeferredDelete(POBP_OBJECT_HEADER h)
{
    ObppLockReaper();
    if (!ObpReaperStarted) {
        if (!HostCreateThread(ObppReaperThread, NULL)) {
            HostConditionUnlock(&ObpReaperCondition);
            /* No thread to defer to: deleting here is the only way not to leak. */
            ObppDeleteObject(h);
            return;
        }
        ObpReaperStarted = TRUE;
    }
    h->NextDeferred = ObpReaperQueue;
    ObpReaperQueue = h;
    HostConditionBroadcast(&ObpReaperCondition);
    HostConditionUnlock(&ObpReaperCondition);
}

/* The last reference went (N == 0), or one too many (N < 0). */
static __attribute__((noinline)) LONG_PTR ObppDereferenceLast(POBP_OBJECT_HEADER h, LONG_PTR n,
                                                              BOOLEAN Defer, PVOID CallerPc)
{
    if (n < 0)
        KiBugCheck(REFERENCE_BY_POINTER, (ULONG_PTR)h->Type, (ULONG_PTR)OBP_BODY(h),
                   (ULONG_PTR)h->HandleCount, (ULONG_PTR)n, CallerPc,
                   "The object's pointer count went below zero: it was dereferenced once "
                   "more than it was referenced.");
    if (Defer || (__atomic_load_n(&h->Flags, __ATOMIC_RELAXED) & OBP_FLAG_DEFERRED))
        ObppQueueDeferredDelete(h);
    else
        ObppDeleteObject(h);
    return 0;
}

/* Inline where it is called: the common case (references remain) is one locked decrement
   and a return, with no frame. */
static inline __attribute__((always_inline)) LONG_PTR ObppDereference(POBP_OBJECT_HEADER h,
                                                                      BOOLEAN Defer,
                                                                      PVOID CallerPc)
{
    LONG_PTR n = __atomic_sub_fetch(&h->PointerCount, 1, __ATOMIC_ACQ_REL);

    if (__builtin_expect(n > 0, 1))
        return n;
    return ObppDereferenceLast(h, n, Defer, CallerPc);
}

VOID ObpDereferenceHeader(POBP_OBJECT_HEADER h)
{
    (void)ObppDereference(h, FALSE, __builtin_return_address(0));
}

static NTSTATUS ObppCaptureAttributes(POBJECT_TYPE Type, POBJECT_ATTRIBUTES Oa,
                                      POBP_CREATE_INFO *Out)
{
    POBP_CREATE_INFO ci;
    PCUNICODE_STRING name = NULL;
    USHORT len = 0;

    *Out = NULL;
    if (Oa == NULL)
        return STATUS_SUCCESS;
    if (Oa->Length != sizeof(OBJECT_ATTRIBUTES) || (Oa->Attributes & ~OBJ_VALID_ATTRIBUTES) ||
        (Oa->Attributes & Type->TypeInfo.InvalidAttributes))
        return STATUS_INVALID_PARAMETER;
    if (Oa->ObjectName != NULL) {
        name = Oa->ObjectName;
        if ((name->Length & 1) || name->Length > name->MaximumLength ||
            (name->Length != 0 && name->Buffer == NULL))
            return STATUS_OBJECT_NAME_INVALID;
        len = name->Length;
    }
    if (len == 0 && Oa->RootDirectory != NULL)
        return STATUS_OBJECT_NAME_INVALID; /* a root directory but nothing to name there */
    ci = ObpAllocateObjectMemory(sizeof(*ci) + len + sizeof(WCHAR), NULL);
    if (ci == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    ci->Attributes = Oa->Attributes;
    ci->RootDirectory = Oa->RootDirectory;
    if (len != 0) {
        ci->Name.Buffer = (PWCH)(ci + 1);
        memcpy(ci->Name.Buffer, name->Buffer, len);
        ci->Name.Length = len;
        ci->Name.MaximumLength = (USHORT)(len + sizeof(WCHAR));
    }
    *Out = ci;
    return STATUS_SUCCESS;
}

/* ==== PUBLIC FUNCTIONS ================================================================ */

NTSTATUS ObpCreateObject(POBJECT_TYPE Type, POBJECT_ATTRIBUTES ObjectAttributes,
                         KPROCESSOR_MODE AccessMode, ULONG BodySize, PVOID *Object)
{
    POBP_CREATE_INFO ci;
    POBP_OBJECT_HEADER h;
    NTSTATUS st;

    (void)AccessMode; /* OBJ_PERMANENT needs SeCreatePermanentPrivilege from user mode (security
                         is not modelled yet) */
    *Object = NULL;
    if (Type == NULL)
        return STATUS_INVALID_PARAMETER;
    st = ObppCaptureAttributes(Type, ObjectAttributes, &ci);
    if (!NT_SUCCESS(st))
        return st;
    h = ObpAllocateObjectMemory(sizeof(OBP_OBJECT_HEADER) + BodySize, Type);
    if (h == NULL) {
        ObpFreeCreateInfo(ci);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    h->PointerCount = 1;
    h->Type = Type;
    h->Signature = OBP_HEADER_SIGNATURE;
    h->CreateInfo = ci;
    if (ci != NULL && (ci->Attributes & OBJ_PERMANENT))
        h->Flags |= OBP_FLAG_PERMANENT;
    __atomic_fetch_add(&Type->TotalNumberOfObjects, 1, __ATOMIC_RELAXED);
    *Object = OBP_BODY(h);
    return STATUS_SUCCESS;
}

NTSTATUS ObpInsertObject(PVOID Object, ACCESS_MASK DesiredAccess, KPROCESSOR_MODE AccessMode,
                         PVOID *ReferencedObject, PHANDLE Handle)
{
    POBP_OBJECT_HEADER h = OBP_HEADER(Object), existing = NULL, target;
    POBP_CREATE_INFO ci = h->CreateInfo;
    ULONG attributes = ci != NULL ? ci->Attributes : 0;
    NTSTATUS st = STATUS_SUCCESS, hst;

    if (ReferencedObject != NULL)
        *ReferencedObject = NULL;
    if (Handle != NULL)
        *Handle = NULL;

    target = h;
    if (ci != NULL && ci->Name.Length != 0) {
        st = ObpInsertName(h, attributes, AccessMode, &existing);
        if (st == STATUS_OBJECT_NAME_COLLISION && existing != NULL &&
            (attributes & OBJ_OPENIF)) {
            /* OBJ_OPENIF: hand out the existing object instead (if it is of the same type). */
            st = existing->Type == h->Type ? STATUS_OBJECT_NAME_EXISTS
                                           : STATUS_OBJECT_TYPE_MISMATCH;
        }
        if (!NT_SUCCESS(st)) {
            if (existing != NULL)
                ObpDereferenceHeader(existing);
            ObpDereferenceHeader(h);
            return st;
        }
        if (existing != NULL)
            target = existing; /* holds a reference from the lookup */
    }
    h->CreateInfo = NULL;
    ObpFreeCreateInfo(ci);
    if (target != h) {
        ObpDereferenceHeader(h); /* the new object loses: OBJ_OPENIF found another */
    }

    /* target now holds one reference that belongs to us (creation or lookup). */
    if (Handle != NULL) {
        hst = ObpCreateHandle(OBP_BODY(target), DesiredAccess, attributes & ~OBJ_PROTECT_CLOSE,
                              AccessMode, Handle);
        if (!NT_SUCCESS(hst)) {
            ObpDereferenceHeader(target);
            return hst;
        }
    }
    if (ReferencedObject != NULL)
        *ReferencedObject = OBP_BODY(target);
    else
        ObpDereferenceHeader(target);
    return st;
}

POBJECT_TYPE ObpGetObjectType(PVOID Object)
{
    return OBP_HEADER(Object)->Type;
}

LONG_PTR ObpGetPointerCount(PVOID Object)
{
    return __atomic_load_n(&OBP_HEADER(Object)->PointerCount, __ATOMIC_RELAXED);
}

LONG_PTR ObpGetHandleCount(PVOID Object)
{
    return __atomic_load_n(&OBP_HEADER(Object)->HandleCount, __ATOMIC_RELAXED);
}

VOID ObpFlushDeferredDeletes(VOID)
{
    ObppLockReaper();
    while (ObpReaperQueue != NULL || ObpReaperBusy != 0)
        HostConditionWait(&ObpReaperCondition);
    HostConditionUnlock(&ObpReaperCondition);
}

/*
 * ObfReferenceObject / ObReferenceObject
 * @implemented
 * IRQL <= DISPATCH_LEVEL. Adds a pointer reference; returns the new count (Windows returns
 * it too, though drivers should not rely on the value).
 */
LONG_PTR FASTCALL ObfReferenceObject(PVOID Object)
{
    return __atomic_add_fetch(&OBP_HEADER(Object)->PointerCount, 1, __ATOMIC_RELAXED);
}

/*
 * ObReferenceObjectWithTag
 * @implemented
 * IRQL <= DISPATCH_LEVEL. As ObReferenceObject; the tag identifies the reference for
 * debugging (kmode does not record reference traces yet).
 */
LONG_PTR FASTCALL ObfReferenceObjectWithTag(PVOID Object, ULONG Tag)
{
    (void)Tag;
    return __atomic_add_fetch(&OBP_HEADER(Object)->PointerCount, 1, __ATOMIC_RELAXED);
}

/*
 * ObfDereferenceObject / ObDereferenceObject
 * @implemented
 * IRQL <= DISPATCH_LEVEL. Drops a pointer reference; the last one calls the type's delete
 * procedure and frees the object. Going below zero bugchecks 0x18 (REFERENCE_BY_POINTER).
 * Returns the new count.
 */
LONG_PTR FASTCALL ObfDereferenceObject(PVOID Object)
{
    return ObppDereference(OBP_HEADER(Object), FALSE, __builtin_return_address(0));
}

/*
 * ObDereferenceObjectWithTag
 * @implemented
 * IRQL <= DISPATCH_LEVEL. As ObDereferenceObject.
 */
LONG_PTR FASTCALL ObfDereferenceObjectWithTag(PVOID Object, ULONG Tag)
{
    (void)Tag;
    return ObppDereference(OBP_HEADER(Object), FALSE, __builtin_return_address(0));
}

/*
 * ObDereferenceObjectDeferDelete
 * @implemented
 * IRQL <= DISPATCH_LEVEL. Drops a pointer reference; if it was the last, the deletion runs
 * later on the object reaper thread, never in the caller (which may hold locks the delete
 * procedure takes).
 */
VOID NTAPI ObDereferenceObjectDeferDelete(PVOID Object)
{
    (void)ObppDereference(OBP_HEADER(Object), TRUE, __builtin_return_address(0));
}

/*
 * ObDereferenceObjectDeferDeleteWithTag
 * @implemented
 * IRQL <= DISPATCH_LEVEL. As ObDereferenceObjectDeferDelete.
 */
VOID NTAPI ObDereferenceObjectDeferDeleteWithTag(PVOID Object, ULONG Tag)
{
    (void)Tag;
    (void)ObppDereference(OBP_HEADER(Object), TRUE, __builtin_return_address(0));
}

/*
 * ObReferenceObjectByPointer
 * @implemented
 * IRQL <= DISPATCH_LEVEL. Adds a pointer reference after checking the type:
 * STATUS_OBJECT_TYPE_MISMATCH if ObjectType is given and differs. No access check (there
 * is no handle to hold granted access).
 */
NTSTATUS NTAPI ObReferenceObjectByPointer(PVOID Object, ACCESS_MASK DesiredAccess,
                                          POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode)
{
    return ObReferenceObjectByPointerWithTag(Object, DesiredAccess, ObjectType, AccessMode, 0);
}

/*
 * ObReferenceObjectByPointerWithTag
 * @implemented
 * IRQL <= DISPATCH_LEVEL. As ObReferenceObjectByPointer.
 */
NTSTATUS NTAPI ObReferenceObjectByPointerWithTag(PVOID Object, ACCESS_MASK DesiredAccess,
                                                 POBJECT_TYPE ObjectType,
                                                 KPROCESSOR_MODE AccessMode, ULONG Tag)
{
    POBP_OBJECT_HEADER h = OBP_HEADER(Object);

    (void)DesiredAccess;
    (void)AccessMode;
    (void)Tag;
    if (ObjectType != NULL && h->Type != ObjectType)
        return STATUS_OBJECT_TYPE_MISMATCH;
    ObpReferenceHeader(h);
    return STATUS_SUCCESS;
}

/*
 * ObMakeTemporaryObject
 * @implemented
 * IRQL PASSIVE_LEVEL. Clears the object's permanent flag; if no handle is open, the name
 * leaves the namespace now (and with it the reference the name held).
 */
VOID NTAPI ObMakeTemporaryObject(PVOID Object)
{
    POBP_OBJECT_HEADER h = OBP_HEADER(Object);

    __atomic_fetch_and(&h->Flags, ~(ULONG)OBP_FLAG_PERMANENT, __ATOMIC_RELAXED);
    ObpDeleteNameCheck(h);
}
