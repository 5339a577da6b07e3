/*
 * PURPOSE: Object manager start-up: object memory, object types (the built-in ones and
 * ObpCreateObjectType), the exported type pointers, generic access mapping.
 */

/* ==== INCLUDES ======================================================================== */

#include "obp.h"
#include <stdlib.h>
#include <string.h>

/* ==== GLOBALS ========================================================================= */

POBJECT_TYPE ObpTypeObjectType;
POBJECT_TYPE ObpDirectoryObjectType;
POBJECT_TYPE ObpSymbolicLinkObjectType;

static POBJECT_TYPE ObpFileType;
static POBJECT_TYPE ObpDeviceType;
static POBJECT_TYPE ObpDriverType;
static POBJECT_TYPE ObpEventType;
static POBJECT_TYPE ObpSemaphoreType;
static POBJECT_TYPE ObpThreadType;
static POBJECT_TYPE ObpProcessType;

/* As in the WDK these are pointers to the type pointers (drivers write *IoFileObjectType). */
POBJECT_TYPE *IoFileObjectType = &ObpFileType;
POBJECT_TYPE *IoDeviceObjectType = &ObpDeviceType;
POBJECT_TYPE *IoDriverObjectType = &ObpDriverType;
POBJECT_TYPE *ExEventObjectType = &ObpEventType;
POBJECT_TYPE *ExSemaphoreObjectType = &ObpSemaphoreType;
POBJECT_TYPE *PsThreadType = &ObpThreadType;
POBJECT_TYPE *PsProcessType = &ObpProcessType;

static HOST_ONCE ObpInitOnce = HOST_ONCE_INIT;
static volatile LONG ObpNextTypeIndex = 2; /* Windows starts real types at 2 */

/* ==== PRIVATE FUNCTIONS =============================================================== */

PVOID ObpAllocateObjectMemory(SIZE_T Bytes, POBJECT_TYPE Type)
{
    (void)Type; /* the pool will use Type->TypeInfo.PoolType and a per-type tag */
    return calloc(1, Bytes);
}

VOID ObpFreeObjectMemory(PVOID Memory)
{
    free(Memory);
}

ACCESS_MASK ObpMapAccess(POBJECT_TYPE Type, ACCESS_MASK DesiredAccess)
{
    const GENERIC_MAPPING *m = &Type->TypeInfo.GenericMapping;
    ACCESS_MASK a = DesiredAccess;

    if (a & MAXIMUM_ALLOWED)
        a = (a & ~MAXIMUM_ALLOWED) | m->GenericAll;
    if (a & GENERIC_READ)
        a |= m->GenericRead;
    if (a & GENERIC_WRITE)
        a |= m->GenericWrite;
    if (a & GENERIC_EXECUTE)
        a |= m->GenericExecute;
    if (a & GENERIC_ALL)
        a |= m->GenericAll;
    a &= ~(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL);
    return a & Type->TypeInfo.ValidAccessMask;
}

/* A type object with its name copied behind the body; not yet in the namespace. */
static NTSTATUS ObppAllocateType(PCUNICODE_STRING TypeName, const OBP_TYPE_INITIALIZER *Init,
                                 POBJECT_TYPE *Result)
{
    SIZE_T body = sizeof(struct _OBJECT_TYPE) + TypeName->Length + sizeof(WCHAR);
    POBP_OBJECT_HEADER h = ObpAllocateObjectMemory(sizeof(OBP_OBJECT_HEADER) + body, NULL);
    POBJECT_TYPE t;

    if (h == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    h->PointerCount = 1;
    h->Signature = OBP_HEADER_SIGNATURE;
    h->Flags = OBP_FLAG_PERMANENT;
    t = OBP_BODY(h);
    t->Name.Buffer = (PWCH)(t + 1);
    memcpy(t->Name.Buffer, TypeName->Buffer, TypeName->Length);
    t->Name.Length = TypeName->Length;
    t->Name.MaximumLength = (USHORT)(TypeName->Length + sizeof(WCHAR));
    t->TypeInfo = *Init;
    t->Index = (ULONG)__atomic_fetch_add(&ObpNextTypeIndex, 1, __ATOMIC_RELAXED);
    /* The "Type" type is its own type. */
    h->Type = ObpTypeObjectType != NULL ? ObpTypeObjectType : t;
    __atomic_fetch_add(&h->Type->TotalNumberOfObjects, 1, __ATOMIC_RELAXED);
    *Result = t;
    return STATUS_SUCCESS;
}

static NTSTATUS ObppCreateObjectType(PCUNICODE_STRING TypeName, const OBP_TYPE_INITIALIZER *Init,
                                     POBJECT_TYPE *ObjectType)
{
    POBP_OBJECT_HEADER h, existing = NULL;
    POBP_CREATE_INFO ci;
    POBJECT_TYPE t;
    NTSTATUS st;
    USHORT prefix = sizeof(L"\\ObjectTypes\\") - sizeof(WCHAR);

    *ObjectType = NULL;
    if (TypeName == NULL || TypeName->Length == 0 || (TypeName->Length & 1) ||
        TypeName->Length > 0xFFFF - prefix - sizeof(WCHAR) || Init == NULL)
        return STATUS_INVALID_PARAMETER;
    for (USHORT i = 0; i < TypeName->Length / sizeof(WCHAR); i++)
        if (TypeName->Buffer[i] == L'\\')
            return STATUS_OBJECT_NAME_INVALID;

    st = ObppAllocateType(TypeName, Init, &t);
    if (!NT_SUCCESS(st))
        return st;
    h = OBP_HEADER(t);
    ci = ObpAllocateObjectMemory(sizeof(*ci) + prefix + TypeName->Length + sizeof(WCHAR), NULL);
    if (ci == NULL) {
        ObpDereferenceHeader(h);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    ci->Attributes = OBJ_PERMANENT | OBJ_CASE_INSENSITIVE;
    ci->Name.Buffer = (PWCH)(ci + 1);
    memcpy(ci->Name.Buffer, L"\\ObjectTypes\\", prefix);
    memcpy((PUCHAR)ci->Name.Buffer + prefix, TypeName->Buffer, TypeName->Length);
    ci->Name.Length = (USHORT)(prefix + TypeName->Length);
    ci->Name.MaximumLength = (USHORT)(ci->Name.Length + sizeof(WCHAR));
    h->CreateInfo = ci;

    st = ObpInsertName(h, ci->Attributes, KernelMode, &existing);
    h->CreateInfo = NULL;
    ObpFreeObjectMemory(ci);
    if (existing != NULL)
        ObpDereferenceHeader(existing);
    if (!NT_SUCCESS(st)) {
        ObpDereferenceHeader(h);
        return st;
    }
    /* The creation reference stays: types live as long as the process. */
    *ObjectType = t;
    return STATUS_SUCCESS;
}

static void ObppMapping(OBP_TYPE_INITIALIZER *i, ACCESS_MASK r, ACCESS_MASK w, ACCESS_MASK x,
                        ACCESS_MASK all)
{
    i->GenericMapping.GenericRead = r;
    i->GenericMapping.GenericWrite = w;
    i->GenericMapping.GenericExecute = x;
    i->GenericMapping.GenericAll = all;
    i->ValidAccessMask = all;
}

static void ObppCreateBuiltinType(PCWSTR Name, ACCESS_MASK r, ACCESS_MASK w, ACCESS_MASK x,
                                  ACCESS_MASK all, BOOLEAN CaseInsensitive, POBJECT_TYPE *Out)
{
    OBP_TYPE_INITIALIZER init;
    UNICODE_STRING name;
    NTSTATUS st;

    memset(&init, 0, sizeof(init));
    ObppMapping(&init, r, w, x, all);
    init.PoolType = NonPagedPoolNx;
    init.CaseInsensitive = CaseInsensitive;
    RtlInitUnicodeString(&name, Name);
    st = ObppCreateObjectType(&name, &init, Out);
    if (!NT_SUCCESS(st))
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, (ULONG_PTR)st, 0x0B, 0, 0);
}

static void ObppInitialize(void)
{
    OBP_TYPE_INITIALIZER init;
    UNICODE_STRING name;
    NTSTATUS st;

    /* Type, Directory and SymbolicLink exist before the namespace that names them. */
    memset(&init, 0, sizeof(init));
    ObppMapping(&init, STANDARD_RIGHTS_READ | 0x1, STANDARD_RIGHTS_WRITE,
                STANDARD_RIGHTS_EXECUTE, STANDARD_RIGHTS_REQUIRED | 0x1);
    init.PoolType = NonPagedPoolNx;
    init.CaseInsensitive = TRUE;
    RtlInitUnicodeString(&name, L"Type");
    st = ObppAllocateType(&name, &init, &ObpTypeObjectType);

    ObppMapping(&init, STANDARD_RIGHTS_READ | DIRECTORY_QUERY | DIRECTORY_TRAVERSE,
                STANDARD_RIGHTS_WRITE | DIRECTORY_CREATE_OBJECT | DIRECTORY_CREATE_SUBDIRECTORY,
                STANDARD_RIGHTS_EXECUTE | DIRECTORY_QUERY | DIRECTORY_TRAVERSE,
                DIRECTORY_ALL_ACCESS);
    init.PoolType = PagedPool;
    RtlInitUnicodeString(&name, L"Directory");
    if (NT_SUCCESS(st))
        st = ObppAllocateType(&name, &init, &ObpDirectoryObjectType);

    ObppMapping(&init, STANDARD_RIGHTS_READ | SYMBOLIC_LINK_QUERY, STANDARD_RIGHTS_WRITE,
                STANDARD_RIGHTS_EXECUTE | SYMBOLIC_LINK_QUERY, SYMBOLIC_LINK_ALL_ACCESS);
    RtlInitUnicodeString(&name, L"SymbolicLink");
    if (NT_SUCCESS(st))
        st = ObppAllocateType(&name, &init, &ObpSymbolicLinkObjectType);

    if (NT_SUCCESS(st))
        st = ObpInitializeNamespace();
    if (!NT_SUCCESS(st))
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, (ULONG_PTR)st, 0x0B, 0, 0);

    ObppCreateBuiltinType(L"File", FILE_GENERIC_READ, FILE_GENERIC_WRITE, FILE_GENERIC_EXECUTE,
                          FILE_ALL_ACCESS, TRUE, &ObpFileType);
    ObppCreateBuiltinType(L"Device", FILE_GENERIC_READ, FILE_GENERIC_WRITE, FILE_GENERIC_EXECUTE,
                          FILE_ALL_ACCESS, TRUE, &ObpDeviceType);
    ObppCreateBuiltinType(L"Driver", STANDARD_RIGHTS_READ, STANDARD_RIGHTS_WRITE,
                          STANDARD_RIGHTS_EXECUTE, STANDARD_RIGHTS_REQUIRED | 0x1, TRUE,
                          &ObpDriverType);
    /* Event and Semaphore (and the Win32 side's Mutant) are not case-insensitive types, as in
       Windows: a name opened without OBJ_CASE_INSENSITIVE compares case. kernel32 passes
       no OBJ_CASE_INSENSITIVE, so Win32 event, semaphore and mutex names compare case (as
       documented: "Name comparison is case sensitive"); IoCreateNotificationEvent and
       friends pass it. */
    ObppCreateBuiltinType(L"Event", STANDARD_RIGHTS_READ | EVENT_QUERY_STATE,
                          STANDARD_RIGHTS_WRITE | EVENT_MODIFY_STATE,
                          STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, EVENT_ALL_ACCESS, FALSE,
                          &ObpEventType);
    ObppCreateBuiltinType(L"Semaphore", STANDARD_RIGHTS_READ | SEMAPHORE_QUERY_STATE,
                          STANDARD_RIGHTS_WRITE | SEMAPHORE_MODIFY_STATE,
                          STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, SEMAPHORE_ALL_ACCESS, FALSE,
                          &ObpSemaphoreType);
    ObppCreateBuiltinType(L"Thread",
                          STANDARD_RIGHTS_READ | THREAD_GET_CONTEXT | THREAD_QUERY_INFORMATION,
                          STANDARD_RIGHTS_WRITE | THREAD_TERMINATE | THREAD_SUSPEND_RESUME |
                              THREAD_ALERT | THREAD_SET_CONTEXT | THREAD_SET_INFORMATION,
                          STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, THREAD_ALL_ACCESS, TRUE,
                          &ObpThreadType);
    ObppCreateBuiltinType(L"Process",
                          STANDARD_RIGHTS_READ | PROCESS_VM_READ | PROCESS_QUERY_INFORMATION,
                          STANDARD_RIGHTS_WRITE | PROCESS_CREATE_PROCESS | PROCESS_CREATE_THREAD |
                              PROCESS_VM_OPERATION | PROCESS_VM_WRITE | PROCESS_DUP_HANDLE |
                              PROCESS_TERMINATE | PROCESS_SET_QUOTA | PROCESS_SET_INFORMATION |
                              PROCESS_SUSPEND_RESUME,
                          STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, PROCESS_ALL_ACCESS, TRUE,
                          &ObpProcessType);
}

VOID ObpEnsureInitialized(VOID)
{
    HostRunOnce(&ObpInitOnce, ObppInitialize);
}

/* The exported type pointers must be valid before any driver code runs. */
__attribute__((constructor)) static void ObpInitializeAtLoad(void)
{
    ObpEnsureInitialized();
}

/* ==== PUBLIC FUNCTIONS ================================================================ */

NTSTATUS ObpCreateObjectType(PCUNICODE_STRING TypeName, const OBP_TYPE_INITIALIZER *Init,
                             POBJECT_TYPE *ObjectType)
{
    ObpEnsureInitialized();
    return ObppCreateObjectType(TypeName, Init, ObjectType);
}
