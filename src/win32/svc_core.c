/*
 * PURPOSE: The service control manager's core: the service database, SC handles, starting
 * and stopping driver services (see svcp.h).
 *
 * The database is the registry: a service is a subkey of
 * \Registry\Machine\System\CurrentControlSet\Services with a Type value, as the Windows SCM
 * reads it. What the registry does not hold lives in a service record: the handles open on
 * it, "marked for delete", a start in progress and the exit code of the last start or stop.
 * A driver service is running when its driver object exists (\Driver\<name>, or
 * \FileSystem\<name> for file system drivers, or the service's ObjectName), which is how
 * the Windows SCM asks too, so drivers loaded by other means (kmode run) show as running.
 *
 * SC handles are not kernel handles: they are entries of the SCM's own table, encoded so
 * that no kernel handle, pointer or small integer is ever taken for one, and checked with a
 * generation count so a closed handle stays invalid.
 */

/* INCLUDES ******************************************************************************/

#include <string.h>
#include <internal/ob.h>
#include "svcp.h"


/* GLOBALS *******************************************************************************/

#define SCP_TAG 'vcSK'

static const WCHAR ScpServicesPath[] = L"\\Registry\\Machine\\System\\CurrentControlSet\\Services";

/* Longest dependency list (DependOnService or DependOnGroup), in characters. */
#define SCP_MAX_LIST 4096

/* Dependencies are followed at most this deep (a cycle fails the start). */
#define SCP_MAX_DEPENDENCY_DEPTH 16

typedef struct _SCP_SERVICE {
    struct _SCP_SERVICE *Next;
    ULONG Handles;              /* SC handles open on it */
    ULONG Refs;                 /* operations in progress */
    BOOLEAN MarkedForDelete;
    BOOLEAN StartPending;
    BOOLEAN StopPending;
    ULONG LastExitCode;         /* Win32 code of the last start or stop */
    WCHAR Name[SCP_MAX_NAME + 1];   /* the key's name, as stored */
} SCP_SERVICE;

#define SCP_KIND_FREE    0
#define SCP_KIND_MANAGER 1
#define SCP_KIND_SERVICE 2

typedef struct _SCP_HANDLE_ENTRY {
    UCHAR Kind;
    USHORT Generation;
    ACCESS_MASK Granted;
    SCP_SERVICE *Service;
    ULONG NextFree;
} SCP_HANDLE_ENTRY;

/* Handle value: 0x5C in bits 40-47, generation in bits 24-39, index in bits 2-23. */
#define SCP_HANDLE_TAG        0x5CULL
#define SCP_HANDLE_MAX_INDEX  0x3FFFFFU
#define SCP_NO_FREE           0xFFFFFFFFU

static KMUTEX ScpLock;
static volatile LONG ScpLockState;      /* 0 uninitialized, 1 initializing, 2 ready */
static SCP_HANDLE_ENTRY *ScpHandles;
static ULONG ScpHandleCapacity;
static ULONG ScpFreeHandle = SCP_NO_FREE;
static SCP_SERVICE *ScpServices;

static NTSTATUS ScpDefaultLoad(PUNICODE_STRING ServiceKey);
static NTSTATUS ScpDefaultUnload(PUNICODE_STRING ServiceKey);
static BOOLEAN ScpDefaultQuery(PCUNICODE_STRING DriverObjectName, PBOOLEAN Stoppable);

const SCP_DRIVER_OPS ScpKernelDriverOps = { ScpDefaultLoad, ScpDefaultUnload,
                                                   ScpDefaultQuery };
const SCP_DRIVER_OPS *ScpDriverOps = &ScpKernelDriverOps;

/* PRIVATE FUNCTIONS *********************************************************************/

/* ---- Locking ------------------------------------------------------------------------------ */

static VOID ScpAcquire(VOID)
{
    LONG State = __atomic_load_n(&ScpLockState, __ATOMIC_ACQUIRE);
    if (State != 2) {
        LONG Expected = 0;
        if (__atomic_compare_exchange_n(&ScpLockState, &Expected, 1, FALSE, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE)) {
            KeInitializeMutex(&ScpLock, 0);
            __atomic_store_n(&ScpLockState, 2, __ATOMIC_RELEASE);
        } else {
            while (__atomic_load_n(&ScpLockState, __ATOMIC_ACQUIRE) != 2)
                YieldProcessor();
        }
    }
    KeWaitForSingleObject(&ScpLock, Executive, KernelMode, FALSE, NULL);
}

static VOID ScpRelease(VOID)
{
    KeReleaseMutex(&ScpLock, FALSE);
}

/* ---- Strings ------------------------------------------------------------------------------ */

static SIZE_T ScpLength(PCWSTR s)
{
    SIZE_T n = 0;
    while (s[n] != 0)
        n++;
    return n;
}

static BOOLEAN ScpEqualNoCase(PCWSTR a, PCWSTR b)
{
    for (;; a++, b++) {
        if (RtlUpcaseUnicodeChar(*a) != RtlUpcaseUnicodeChar(*b))
            return FALSE;
        if (*a == 0)
            return TRUE;
    }
}

/* A valid service name: 1 to 256 characters, no '/' or '\'. */
static BOOLEAN ScpValidName(PCWSTR Name)
{
    SIZE_T i;
    if (Name == NULL || Name[0] == 0)
        return FALSE;
    for (i = 0; Name[i] != 0; i++) {
        if (i >= SCP_MAX_NAME || Name[i] == L'/' || Name[i] == L'\\')
            return FALSE;
    }
    return TRUE;
}

static VOID ScpInitString(PUNICODE_STRING String, PCWSTR Text)
{
    SIZE_T n = ScpLength(Text);
    String->Buffer = (PWSTR)Text;
    String->Length = (USHORT)(n * sizeof(WCHAR));
    String->MaximumLength = String->Length;
}

/* Path = Prefix + Name in a caller buffer of Chars characters (enough for any valid name). */
static VOID ScpJoin(PWSTR Path, SIZE_T Chars, PCWSTR Prefix, PCWSTR Name)
{
    SIZE_T p = ScpLength(Prefix), n = ScpLength(Name);
    if (p + n + 1 > Chars)
        n = Chars - p - 1;
    memcpy(Path, Prefix, p * sizeof(WCHAR));
    memcpy(Path + p, Name, n * sizeof(WCHAR));
    Path[p + n] = 0;
}

/* ---- Registry ------------------------------------------------------------------------------ */

static NTSTATUS ScpOpenKeyAt(HANDLE Root, PCWSTR Name, BOOLEAN Create, PHANDLE Key)
{
    UNICODE_STRING String;
    OBJECT_ATTRIBUTES Attributes;

    ScpInitString(&String, Name);
    InitializeObjectAttributes(&Attributes, &String, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               Root, NULL);
    if (Create)
        return ZwCreateKey(Key, KEY_ALL_ACCESS, &Attributes, 0, NULL, REG_OPTION_NON_VOLATILE,
                           NULL);
    return ZwOpenKey(Key, KEY_ALL_ACCESS, &Attributes);
}

/* Opens the Services key, creating the path to it the first time. */
static NTSTATUS ScpOpenServicesKey(PHANDLE Key)
{
    static const PCWSTR Levels[] = { L"\\Registry\\Machine\\System",
                                     L"\\Registry\\Machine\\System\\CurrentControlSet",
                                     ScpServicesPath };
    NTSTATUS Status = ScpOpenKeyAt(NULL, ScpServicesPath, FALSE, Key);
    HANDLE h;
    ULONG i;

    if (NT_SUCCESS(Status))
        return Status;
    for (i = 0; i < RTL_NUMBER_OF(Levels); i++) {
        Status = ScpOpenKeyAt(NULL, Levels[i], TRUE, &h);
        if (!NT_SUCCESS(Status))
            return Status;
        if (i + 1 < RTL_NUMBER_OF(Levels))
            ZwClose(h);
    }
    *Key = h;
    return STATUS_SUCCESS;
}

static NTSTATUS ScpOpenServiceKey(PCWSTR Name, PHANDLE Key)
{
    HANDLE Root;
    NTSTATUS Status = ScpOpenServicesKey(&Root);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = ScpOpenKeyAt(Root, Name, FALSE, Key);
    ZwClose(Root);
    return Status;
}

/* Reads a value into a caller buffer; returns its type (REG_NONE when absent or larger
   than Capacity) and size. */
static ULONG ScpReadValue(HANDLE Key, PCWSTR ValueName, PVOID Data, ULONG Capacity, PULONG Size)
{
    ULONG BufferSize = (ULONG)sizeof(KEY_VALUE_PARTIAL_INFORMATION) + Capacity;
    PKEY_VALUE_PARTIAL_INFORMATION Info;
    UNICODE_STRING String;
    ULONG Length, Type = REG_NONE;
    NTSTATUS Status;

    Info = (PKEY_VALUE_PARTIAL_INFORMATION)ExAllocatePoolWithTag(PagedPool, BufferSize, SCP_TAG);
    if (Info == NULL)
        return REG_NONE;
    ScpInitString(&String, ValueName);
    Status = ZwQueryValueKey(Key, &String, KeyValuePartialInformation, Info, BufferSize, &Length);
    if (NT_SUCCESS(Status) && Info->DataLength <= Capacity) {
        memcpy(Data, Info->Data, Info->DataLength);
        *Size = Info->DataLength;
        Type = Info->Type;
    }
    ExFreePoolWithTag(Info, SCP_TAG);
    return Type;
}

static BOOLEAN ScpReadDword(HANDLE Key, PCWSTR ValueName, PULONG Value)
{
    ULONG Size;
    return ScpReadValue(Key, ValueName, Value, sizeof(*Value), &Size) == REG_DWORD &&
           Size == sizeof(ULONG);
}

/* Reads a string value (REG_SZ or REG_EXPAND_SZ) as a NUL-terminated string. */
static BOOLEAN ScpReadString(HANDLE Key, PCWSTR ValueName, PWSTR Text, ULONG Chars)
{
    ULONG Size, Type = ScpReadValue(Key, ValueName, Text, (Chars - 1) * sizeof(WCHAR), &Size);
    if (Type != REG_SZ && Type != REG_EXPAND_SZ)
        return FALSE;
    Text[Size / sizeof(WCHAR)] = 0;
    return TRUE;
}

static NTSTATUS ScpWriteValue(HANDLE Key, PCWSTR ValueName, ULONG Type, const VOID *Data,
                              ULONG Size)
{
    UNICODE_STRING String;
    ScpInitString(&String, ValueName);
    return ZwSetValueKey(Key, &String, 0, Type, (PVOID)Data, Size);
}

static NTSTATUS ScpWriteString(HANDLE Key, PCWSTR ValueName, ULONG Type, PCWSTR Text)
{
    return ScpWriteValue(Key, ValueName, Type, Text,
                         (ULONG)((ScpLength(Text) + 1) * sizeof(WCHAR)));
}

static NTSTATUS ScpWriteDword(HANDLE Key, PCWSTR ValueName, ULONG Value)
{
    return ScpWriteValue(Key, ValueName, REG_DWORD, &Value, sizeof(Value));
}

/* The name of a key as stored (its last component), into Name (SCP_MAX_NAME + 1 chars). */
static NTSTATUS ScpKeyName(HANDLE Key, PWSTR Name)
{
    UCHAR Buffer[sizeof(KEY_BASIC_INFORMATION) + (SCP_MAX_NAME + 1) * sizeof(WCHAR)];
    PKEY_BASIC_INFORMATION Info = (PKEY_BASIC_INFORMATION)Buffer;
    ULONG Length, Chars;
    NTSTATUS Status = ZwQueryKey(Key, KeyBasicInformation, Info, sizeof(Buffer), &Length);

    if (!NT_SUCCESS(Status))
        return Status;
    Chars = Info->NameLength / sizeof(WCHAR);
    if (Chars > SCP_MAX_NAME)
        return STATUS_NAME_TOO_LONG;
    memcpy(Name, Info->Name, Chars * sizeof(WCHAR));
    Name[Chars] = 0;
    return STATUS_SUCCESS;
}

/* Deletes a key and everything below it. */
static NTSTATUS ScpDeleteTree(HANDLE Key)
{
    UCHAR Buffer[sizeof(KEY_BASIC_INFORMATION) + 512 * sizeof(WCHAR)];
    PKEY_BASIC_INFORMATION Info = (PKEY_BASIC_INFORMATION)Buffer;
    WCHAR Name[513];
    ULONG Length, Chars;
    HANDLE Child;
    NTSTATUS Status;

    for (;;) {
        Status = ZwEnumerateKey(Key, 0, KeyBasicInformation, Info, sizeof(Buffer), &Length);
        if (Status == STATUS_NO_MORE_ENTRIES)
            break;
        if (!NT_SUCCESS(Status))
            return Status;
        Chars = Info->NameLength / sizeof(WCHAR);
        if (Chars > 512)
            return STATUS_NAME_TOO_LONG;
        memcpy(Name, Info->Name, Chars * sizeof(WCHAR));
        Name[Chars] = 0;
        Status = ScpOpenKeyAt(Key, Name, FALSE, &Child);
        if (!NT_SUCCESS(Status))
            return Status;
        Status = ScpDeleteTree(Child);
        ZwClose(Child);
        if (!NT_SUCCESS(Status))
            return Status;
    }
    return ZwDeleteKey(Key);
}

/* Calls Visit(Key, Name, Context) for every service key (with a Type value) until it
   returns FALSE. */
typedef BOOLEAN (*PSCP_VISIT)(HANDLE Key, PCWSTR Name, PVOID Context);

static VOID ScpForEachService(PSCP_VISIT Visit, PVOID Context)
{
    UCHAR Buffer[sizeof(KEY_BASIC_INFORMATION) + (SCP_MAX_NAME + 1) * sizeof(WCHAR)];
    PKEY_BASIC_INFORMATION Info = (PKEY_BASIC_INFORMATION)Buffer;
    WCHAR Name[SCP_MAX_NAME + 1];
    HANDLE Root, Key;
    ULONG Index, Length, Chars, Type;
    BOOLEAN More = TRUE;

    if (!NT_SUCCESS(ScpOpenServicesKey(&Root)))
        return;
    for (Index = 0; More; Index++) {
        NTSTATUS Status = ZwEnumerateKey(Root, Index, KeyBasicInformation, Info, sizeof(Buffer),
                                         &Length);
        if (Status == STATUS_NO_MORE_ENTRIES)
            break;
        if (!NT_SUCCESS(Status))
            continue;           /* a name too long to be a service */
        Chars = Info->NameLength / sizeof(WCHAR);
        memcpy(Name, Info->Name, Chars * sizeof(WCHAR));
        Name[Chars] = 0;
        if (!NT_SUCCESS(ScpOpenKeyAt(Root, Name, FALSE, &Key)))
            continue;
        if (ScpReadDword(Key, L"Type", &Type))
            More = Visit(Key, Name, Context);
        ZwClose(Key);
    }
    ZwClose(Root);
}

/* ---- Service records ------------------------------------------------------------------------ */

static SCP_SERVICE *ScpFindRecord(PCWSTR Name)
{
    SCP_SERVICE *s;
    for (s = ScpServices; s != NULL; s = s->Next) {
        if (ScpEqualNoCase(s->Name, Name))
            return s;
    }
    return NULL;
}

/* The record of the service whose key is named Name (created on first use). */
static SCP_SERVICE *ScpGetRecord(PCWSTR Name)
{
    SCP_SERVICE *s = ScpFindRecord(Name);
    if (s != NULL)
        return s;
    s = (SCP_SERVICE *)ExAllocatePoolWithTag(PagedPool, sizeof(*s), SCP_TAG);
    if (s == NULL)
        return NULL;
    RtlZeroMemory(s, sizeof(*s));
    s->LastExitCode = ERROR_SERVICE_NEVER_STARTED;
    memcpy(s->Name, Name, (ScpLength(Name) + 1) * sizeof(WCHAR));
    s->Next = ScpServices;
    ScpServices = s;
    return s;
}

static VOID ScpFreeRecord(SCP_SERVICE *Service)
{
    SCP_SERVICE **Link;
    for (Link = &ScpServices; *Link != NULL; Link = &(*Link)->Next) {
        if (*Link == Service) {
            *Link = Service->Next;
            break;
        }
    }
    ExFreePoolWithTag(Service, SCP_TAG);
}

/* ---- Driver state ------------------------------------------------------------------------------ */

typedef struct _SCP_CONFIG {
    ULONG Type;
    ULONG Start;
    WCHAR ObjectName[SCP_MAX_NAME + 16];   /* driver object path */
} SCP_CONFIG;

/* Reads Type, Start and the driver object name of a service; FALSE if it is not one. */
static BOOLEAN ScpReadConfig(PCWSTR Name, SCP_CONFIG *Config)
{
    HANDLE Key;
    BOOLEAN Ok;

    if (!NT_SUCCESS(ScpOpenServiceKey(Name, &Key)))
        return FALSE;
    Ok = ScpReadDword(Key, L"Type", &Config->Type);
    if (!ScpReadDword(Key, L"Start", &Config->Start))
        Config->Start = SCP_SERVICE_DEMAND_START;
    if (!ScpReadString(Key, L"ObjectName", Config->ObjectName, RTL_NUMBER_OF(Config->ObjectName)) ||
        Config->ObjectName[0] != L'\\') {
        ScpJoin(Config->ObjectName, RTL_NUMBER_OF(Config->ObjectName),
                (Config->Type & SCP_SERVICE_FILE_SYSTEM_DRIVER) ? L"\\FileSystem\\" : L"\\Driver\\",
                Name);
    }
    ZwClose(Key);
    return Ok;
}

static BOOLEAN ScpIsDriver(ULONG Type)
{
    return Type == SCP_SERVICE_KERNEL_DRIVER || Type == SCP_SERVICE_FILE_SYSTEM_DRIVER;
}

static BOOLEAN ScpDriverRunning(const SCP_CONFIG *Config, PBOOLEAN Stoppable)
{
    UNICODE_STRING ObjectName;
    BOOLEAN Dummy;
    ScpInitString(&ObjectName, Config->ObjectName);
    return ScpDriverOps->Query(&ObjectName, Stoppable != NULL ? Stoppable : &Dummy);
}

/* The service's status, as QueryServiceStatusEx reports it. Called with the lock held. */
static VOID ScpComputeStatus(SCP_SERVICE *Service, const SCP_CONFIG *Config, SCP_STATUS *Status)
{
    BOOLEAN Stoppable = FALSE;

    RtlZeroMemory(Status, sizeof(*Status));
    Status->ServiceType = Config->Type;
    if (Service->StartPending) {
        Status->CurrentState = SCP_SERVICE_START_PENDING;
    } else if (ScpDriverRunning(Config, &Stoppable)) {
        Status->CurrentState = Service->StopPending ? SCP_SERVICE_STOP_PENDING : SCP_SERVICE_RUNNING;
        Status->ControlsAccepted = (Stoppable && !Service->StopPending) ? SCP_SERVICE_ACCEPT_STOP : 0;
    } else {
        Status->CurrentState = SCP_SERVICE_STOPPED;
        Status->Win32ExitCode = Service->LastExitCode;
    }
}

/* Path of the service key for ZwLoadDriver, in a caller buffer. */
static VOID ScpServiceKeyPath(PCWSTR Name, PWSTR Path, SIZE_T Chars, PUNICODE_STRING String)
{
    SIZE_T p = ScpLength(ScpServicesPath);
    memcpy(Path, ScpServicesPath, p * sizeof(WCHAR));
    Path[p] = L'\\';
    ScpJoin(Path + p + 1, Chars - p - 1, L"", Name);
    ScpInitString(String, Path);
}

/* Deletes the service's key if it is marked and nothing holds it any more (lock held). */
static VOID ScpFinishDelete(SCP_SERVICE *Service)
{
    SCP_CONFIG Config;
    HANDLE Key;

    if (!Service->MarkedForDelete || Service->Handles != 0 || Service->Refs != 0 ||
        Service->StartPending || Service->StopPending)
        return;
    if (ScpReadConfig(Service->Name, &Config) && ScpDriverRunning(&Config, NULL))
        return;                 /* removed when it has stopped and its last handle closes */
    if (NT_SUCCESS(ScpOpenServiceKey(Service->Name, &Key))) {
        (void)ScpDeleteTree(Key);
        ZwClose(Key);
    }
    ScpFreeRecord(Service);
}

/* ---- Handles ------------------------------------------------------------------------------------ */

static PVOID ScpEncode(ULONG Index)
{
    return (PVOID)(ULONG_PTR)((SCP_HANDLE_TAG << 40) |
                              ((ULONG_PTR)ScpHandles[Index].Generation << 24) |
                              ((ULONG_PTR)Index << 2));
}

/* The entry a handle value names, or NULL (lock held). */
static SCP_HANDLE_ENTRY *ScpLookup(PVOID Handle)
{
    ULONG_PTR v = (ULONG_PTR)Handle;
    ULONG Index = (ULONG)((v >> 2) & SCP_HANDLE_MAX_INDEX);
    USHORT Generation = (USHORT)(v >> 24);

    if ((v >> 40) != SCP_HANDLE_TAG || (v & 3) != 0 || Index >= ScpHandleCapacity)
        return NULL;
    if (ScpHandles[Index].Kind == SCP_KIND_FREE || ScpHandles[Index].Generation != Generation)
        return NULL;
    return &ScpHandles[Index];
}

static ULONG ScpInsertHandle(UCHAR Kind, ACCESS_MASK Granted, SCP_SERVICE *Service, PVOID *Handle)
{
    ULONG Index;

    if (ScpFreeHandle == SCP_NO_FREE) {
        ULONG NewCapacity = ScpHandleCapacity == 0 ? 64 : ScpHandleCapacity * 2;
        SCP_HANDLE_ENTRY *Table;
        ULONG i;

        if (NewCapacity > SCP_HANDLE_MAX_INDEX + 1)
            return ERROR_NOT_ENOUGH_MEMORY;
        Table = (SCP_HANDLE_ENTRY *)ExAllocatePoolWithTag(PagedPool, NewCapacity * sizeof(*Table),
                                                          SCP_TAG);
        if (Table == NULL)
            return ERROR_NOT_ENOUGH_MEMORY;
        RtlZeroMemory(Table, NewCapacity * sizeof(*Table));
        if (ScpHandles != NULL) {
            memcpy(Table, ScpHandles, ScpHandleCapacity * sizeof(*Table));
            ExFreePoolWithTag(ScpHandles, SCP_TAG);
        }
        for (i = NewCapacity; i-- > ScpHandleCapacity;) {
            Table[i].Generation = 1;
            Table[i].NextFree = ScpFreeHandle;
            ScpFreeHandle = i;
        }
        ScpHandles = Table;
        ScpHandleCapacity = NewCapacity;
    }
    Index = ScpFreeHandle;
    ScpFreeHandle = ScpHandles[Index].NextFree;
    ScpHandles[Index].Kind = Kind;
    ScpHandles[Index].Granted = Granted;
    ScpHandles[Index].Service = Service;
    if (Service != NULL)
        Service->Handles++;
    *Handle = ScpEncode(Index);
    return ERROR_SUCCESS;
}

/*
 * Validates a handle of Kind carrying Needed access; for a service handle takes a reference
 * on its record (release with ScpRelease...Service). Lock held.
 */
static ULONG ScpCheckHandle(PVOID Handle, UCHAR Kind, ACCESS_MASK Needed, SCP_SERVICE **Service)
{
    SCP_HANDLE_ENTRY *Entry = ScpLookup(Handle);

    if (Entry == NULL || Entry->Kind != Kind)
        return ERROR_INVALID_HANDLE;
    if ((Entry->Granted & Needed) != Needed)
        return ERROR_ACCESS_DENIED;
    if (Service != NULL)
        *Service = Entry->Service;
    return ERROR_SUCCESS;
}

/* Maps generic rights and MAXIMUM_ALLOWED; kmode's caller is an administrator, so every
   right on the object is granted. */
static ACCESS_MASK ScpMapAccess(ACCESS_MASK Desired, BOOLEAN Manager)
{
    ACCESS_MASK All = Manager ? SCP_SC_MANAGER_ALL_ACCESS : SCP_SERVICE_ALL_ACCESS;
    ACCESS_MASK Granted = Desired & All;

    if (Desired & (GENERIC_ALL | MAXIMUM_ALLOWED))
        Granted |= All;
    if (Desired & GENERIC_READ)
        Granted |= READ_CONTROL | (Manager ? SCP_SC_MANAGER_ENUMERATE_SERVICE |
                                                 SCP_SC_MANAGER_QUERY_LOCK_STATUS
                                           : SCP_SERVICE_QUERY_CONFIG | SCP_SERVICE_QUERY_STATUS |
                                                 SCP_SERVICE_INTERROGATE |
                                                 SCP_SERVICE_ENUMERATE_DEPENDENTS);
    if (Desired & GENERIC_WRITE)
        Granted |= READ_CONTROL | (Manager ? SCP_SC_MANAGER_CREATE_SERVICE |
                                                 SCP_SC_MANAGER_MODIFY_BOOT_CONFIG
                                           : SCP_SERVICE_CHANGE_CONFIG);
    if (Desired & GENERIC_EXECUTE)
        Granted |= READ_CONTROL | (Manager ? SCP_SC_MANAGER_CONNECT | SCP_SC_MANAGER_LOCK
                                           : SCP_SERVICE_START | SCP_SERVICE_STOP |
                                                 SCP_SERVICE_PAUSE_CONTINUE |
                                                 SCP_SERVICE_USER_DEFINED_CONTROL);
    if (Manager)
        Granted |= SCP_SC_MANAGER_CONNECT;   /* implied by OpenSCManager */
    return Granted;
}

/* ---- Default driver operations ---------------------------------------------------------------- */

static NTSTATUS ScpDefaultLoad(PUNICODE_STRING ServiceKey)
{
    return ZwLoadDriver(ServiceKey);
}

static NTSTATUS ScpDefaultUnload(PUNICODE_STRING ServiceKey)
{
    return ZwUnloadDriver(ServiceKey);
}

static BOOLEAN ScpDefaultQuery(PCUNICODE_STRING DriverObjectName, PBOOLEAN Stoppable)
{
    OBJECT_ATTRIBUTES Attributes;
    PVOID Object;

    InitializeObjectAttributes(&Attributes, (PUNICODE_STRING)DriverObjectName,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    if (!NT_SUCCESS(ObpReferenceObjectByName(&Attributes, *IoDriverObjectType, KernelMode, 0,
                                             NULL, &Object)))
        return FALSE;
    *Stoppable = ((PDRIVER_OBJECT)Object)->DriverUnload != NULL;
    ObDereferenceObject(Object);
    return TRUE;
}

/* ---- Starting ------------------------------------------------------------------------------------ */

static ULONG ScpStartByName(PCWSTR Name, ULONG Depth);

typedef struct _SCP_GROUP_START {
    PCWSTR Group;
    ULONG Depth;
    ULONG Members;
    ULONG Running;
} SCP_GROUP_START;

static BOOLEAN ScpStartGroupMember(HANDLE Key, PCWSTR Name, PVOID Context)
{
    SCP_GROUP_START *g = (SCP_GROUP_START *)Context;
    WCHAR Group[SCP_MAX_NAME + 1];
    ULONG Error;

    if (!ScpReadString(Key, L"Group", Group, RTL_NUMBER_OF(Group)) ||
        !ScpEqualNoCase(Group, g->Group))
        return TRUE;
    g->Members++;
    Error = ScpStartByName(Name, g->Depth);
    if (Error == ERROR_SUCCESS || Error == ERROR_SERVICE_ALREADY_RUNNING)
        g->Running++;
    return TRUE;
}

/* Starts what a service depends on (lock held; released around driver loads). */
static ULONG ScpStartDependencies(PCWSTR Name, ULONG Depth)
{
    WCHAR List[SCP_MAX_LIST + 2];
    HANDLE Key;
    ULONG Size, Type, Error;
    PCWSTR p;

    if (!NT_SUCCESS(ScpOpenServiceKey(Name, &Key)))
        return ERROR_SERVICE_DOES_NOT_EXIST;
    Type = ScpReadValue(Key, L"DependOnService", List, sizeof(List) - 2 * sizeof(WCHAR), &Size);
    if (Type == REG_MULTI_SZ) {
        List[Size / sizeof(WCHAR)] = 0;
        List[Size / sizeof(WCHAR) + 1] = 0;
        for (p = List; *p != 0; p += ScpLength(p) + 1) {
            Error = ScpStartByName(p, Depth + 1);
            if (Error == ERROR_SERVICE_DOES_NOT_EXIST) {
                ZwClose(Key);
                return ERROR_SERVICE_DEPENDENCY_DELETED;
            }
            if (Error != ERROR_SUCCESS && Error != ERROR_SERVICE_ALREADY_RUNNING) {
                ZwClose(Key);
                return ERROR_SERVICE_DEPENDENCY_FAIL;
            }
        }
    }
    Type = ScpReadValue(Key, L"DependOnGroup", List, sizeof(List) - 2 * sizeof(WCHAR), &Size);
    ZwClose(Key);
    if (Type == REG_MULTI_SZ) {
        List[Size / sizeof(WCHAR)] = 0;
        List[Size / sizeof(WCHAR) + 1] = 0;
        for (p = List; *p != 0; p += ScpLength(p) + 1) {
            SCP_GROUP_START g = { p, Depth + 1, 0, 0 };
            ScpForEachService(ScpStartGroupMember, &g);
            if (g.Running == 0)
                return ERROR_SERVICE_DEPENDENCY_FAIL;
        }
    }
    return ERROR_SUCCESS;
}

/* Starts the service named Name and what it depends on. Lock held on entry and exit; it is
   released while the driver loads, so no driver code ever runs under it. */
static ULONG ScpStartByName(PCWSTR Name, ULONG Depth)
{
    WCHAR Canonical[SCP_MAX_NAME + 1];
    WCHAR Path[RTL_NUMBER_OF(ScpServicesPath) + SCP_MAX_NAME + 2];
    UNICODE_STRING KeyPath;
    SCP_CONFIG Config;
    SCP_SERVICE *Service;
    HANDLE Key;
    NTSTATUS Status;
    ULONG Error;

    if (Depth > SCP_MAX_DEPENDENCY_DEPTH)
        return ERROR_CIRCULAR_DEPENDENCY;
    if (!ScpValidName(Name) || !NT_SUCCESS(ScpOpenServiceKey(Name, &Key)))
        return ERROR_SERVICE_DOES_NOT_EXIST;
    Status = ScpKeyName(Key, Canonical);
    ZwClose(Key);
    if (!NT_SUCCESS(Status) || !ScpReadConfig(Canonical, &Config))
        return ERROR_SERVICE_DOES_NOT_EXIST;
    Service = ScpGetRecord(Canonical);
    if (Service == NULL)
        return ERROR_NOT_ENOUGH_MEMORY;
    if (Service->MarkedForDelete)
        return ERROR_SERVICE_MARKED_FOR_DELETE;
    if (!ScpIsDriver(Config.Type))
        return ERROR_NOT_SUPPORTED;     /* kmode runs no Win32 service processes */
    if (Config.Start == SCP_SERVICE_DISABLED)
        return ERROR_SERVICE_DISABLED;
    if (Service->StartPending || ScpDriverRunning(&Config, NULL))
        return ERROR_SERVICE_ALREADY_RUNNING;

    Service->Refs++;
    Service->StartPending = TRUE;
    Error = ScpStartDependencies(Canonical, Depth);
    if (Error == ERROR_SUCCESS) {
        ScpServiceKeyPath(Canonical, Path, RTL_NUMBER_OF(Path), &KeyPath);
        ScpRelease();
        Status = ScpDriverOps->Load(&KeyPath);
        ScpAcquire();
        /* A driver image that is already loaded is a running service. */
        if (Status == STATUS_IMAGE_ALREADY_LOADED)
            Error = ERROR_SERVICE_ALREADY_RUNNING;
        else
            Error = NT_SUCCESS(Status) ? ERROR_SUCCESS : RtlNtStatusToDosError(Status);
    }
    Service->StartPending = FALSE;
    if (Error != ERROR_SERVICE_ALREADY_RUNNING)
        Service->LastExitCode = Error;
    Service->Refs--;
    ScpFinishDelete(Service);
    return Error;
}

/* Is any running service depending on Name? (lock held) */
typedef struct _SCP_DEPENDENT_CHECK {
    PCWSTR Name;
    BOOLEAN Running;
} SCP_DEPENDENT_CHECK;

static BOOLEAN ScpCheckDependent(HANDLE Key, PCWSTR Name, PVOID Context)
{
    SCP_DEPENDENT_CHECK *c = (SCP_DEPENDENT_CHECK *)Context;
    WCHAR List[SCP_MAX_LIST + 2];
    ULONG Size;
    SCP_CONFIG Config;
    PCWSTR p;

    if (ScpReadValue(Key, L"DependOnService", List, sizeof(List) - 2 * sizeof(WCHAR), &Size) !=
        REG_MULTI_SZ)
        return TRUE;
    List[Size / sizeof(WCHAR)] = 0;
    List[Size / sizeof(WCHAR) + 1] = 0;
    for (p = List; *p != 0; p += ScpLength(p) + 1) {
        if (ScpEqualNoCase(p, c->Name) && ScpReadConfig(Name, &Config) &&
            ScpDriverRunning(&Config, NULL)) {
            c->Running = TRUE;
            return FALSE;
        }
    }
    return TRUE;
}

/* ---- Creation helpers ------------------------------------------------------------------------------ */

typedef struct _SCP_DISPLAY_CHECK {
    PCWSTR DisplayName;
    BOOLEAN Duplicate;
} SCP_DISPLAY_CHECK;

static BOOLEAN ScpCheckDisplayName(HANDLE Key, PCWSTR Name, PVOID Context)
{
    SCP_DISPLAY_CHECK *c = (SCP_DISPLAY_CHECK *)Context;
    WCHAR Display[SCP_MAX_NAME + 1];

    if (ScpEqualNoCase(Name, c->DisplayName) ||
        (ScpReadString(Key, L"DisplayName", Display, RTL_NUMBER_OF(Display)) &&
         ScpEqualNoCase(Display, c->DisplayName))) {
        c->Duplicate = TRUE;
        return FALSE;
    }
    return TRUE;
}

typedef struct _SCP_TAG_SCAN {
    PCWSTR Group;
    ULONG Highest;
} SCP_TAG_SCAN;

static BOOLEAN ScpScanTag(HANDLE Key, PCWSTR Name, PVOID Context)
{
    SCP_TAG_SCAN *s = (SCP_TAG_SCAN *)Context;
    WCHAR Group[SCP_MAX_NAME + 1];
    ULONG Tag;

    UNREFERENCED_PARAMETER(Name);
    if (ScpReadString(Key, L"Group", Group, RTL_NUMBER_OF(Group)) &&
        ScpEqualNoCase(Group, s->Group) && ScpReadDword(Key, L"Tag", &Tag) && Tag > s->Highest)
        s->Highest = Tag;
    return TRUE;
}

/*
 * Splits a dependency list (double-NUL-terminated) into DependOnService and DependOnGroup
 * lists (group names lose their SC_GROUP_IDENTIFIER). Lengths in characters, including
 * each list's final NUL; 0 when a list is empty. ERROR_CIRCULAR_DEPENDENCY when the service
 * depends on itself, ERROR_INVALID_PARAMETER for a list that is too long or a bad name.
 */
static ULONG ScpSplitDependencies(PCWSTR Dependencies, PCWSTR ServiceName, PWSTR Services,
                                  PULONG ServiceChars, PWSTR Groups, PULONG GroupChars,
                                  ULONG Capacity)
{
    PCWSTR p;
    ULONG s = 0, g = 0;

    *ServiceChars = 0;
    *GroupChars = 0;
    if (Dependencies == NULL)
        return ERROR_SUCCESS;
    for (p = Dependencies; *p != 0; p += ScpLength(p) + 1) {
        BOOLEAN IsGroup = (*p == SCP_GROUP_IDENTIFIER);
        PCWSTR Item = IsGroup ? p + 1 : p;
        SIZE_T n = ScpLength(Item);
        PWSTR Out = IsGroup ? Groups : Services;
        ULONG *Used = IsGroup ? &g : &s;

        if (!IsGroup && !ScpValidName(Item))
            return ERROR_INVALID_PARAMETER;
        if (IsGroup && (n == 0 || n > SCP_MAX_NAME))
            return ERROR_INVALID_PARAMETER;
        if (!IsGroup && ScpEqualNoCase(Item, ServiceName))
            return ERROR_CIRCULAR_DEPENDENCY;
        if (*Used + n + 2 > Capacity)
            return ERROR_INVALID_PARAMETER;
        memcpy(Out + *Used, Item, (n + 1) * sizeof(WCHAR));
        *Used += (ULONG)n + 1;
    }
    if (s != 0) {
        Services[s] = 0;
        *ServiceChars = s + 1;
    }
    if (g != 0) {
        Groups[g] = 0;
        *GroupChars = g + 1;
    }
    return ERROR_SUCCESS;
}

/*
 * The ImagePath a driver service gets: a Win32 path (C:\dir\x.sys, C:/dir/x.sys,
 * \\server\share\x.sys) becomes the NT path the kernel's loader opens (\??\C:\dir\x.sys), as
 * the Windows SCM converts it; NT paths (\??\..., \SystemRoot\...) and paths relative to
 * the system root (System32\drivers\x.sys) are stored as given. *Converted (free with
 * ExFreePool) or NULL when the path is stored as given.
 */
static BOOLEAN ScpIsWin32Path(PCWSTR Path)
{
    if (((Path[0] >= L'A' && Path[0] <= L'Z') || (Path[0] >= L'a' && Path[0] <= L'z')) &&
        Path[1] == L':' && (Path[2] == L'\\' || Path[2] == L'/'))
        return TRUE;
    return Path[0] == L'\\' && Path[1] == L'\\';
}

static ULONG ScpDriverImagePath(PCWSTR BinaryPath, PWSTR *Converted)
{
    static const WCHAR Prefix[] = L"\\??\\";
    static const WCHAR UncPrefix[] = L"\\??\\UNC\\";
    PCWSTR Tail = BinaryPath;
    PCWSTR Head = Prefix;
    SIZE_T h, t, i;
    PWSTR Out;

    *Converted = NULL;
    if (!ScpIsWin32Path(BinaryPath))
        return ERROR_SUCCESS;
    if (BinaryPath[0] == L'\\') {
        if ((BinaryPath[2] == L'?' || BinaryPath[2] == L'.') && BinaryPath[3] == L'\\')
            Tail = BinaryPath + 4;          /* \\?\X and \\.\X name X directly */
        else {
            Tail = BinaryPath + 2;
            Head = UncPrefix;
        }
    }
    h = ScpLength(Head);
    t = ScpLength(Tail);
    Out = (PWSTR)ExAllocatePoolWithTag(PagedPool, (h + t + 1) * sizeof(WCHAR), SCP_TAG);
    if (Out == NULL)
        return ERROR_NOT_ENOUGH_MEMORY;
    memcpy(Out, Head, h * sizeof(WCHAR));
    for (i = 0; i <= t; i++)
        Out[h + i] = Tail[i] == L'/' ? L'\\' : Tail[i];
    *Converted = Out;
    return ERROR_SUCCESS;
}

/* Writes a new service's values; an NTSTATUS mapped by the caller. */
static NTSTATUS ScpWriteService(HANDLE Key, PCWSTR DisplayName, ULONG ServiceType, ULONG StartType,
                                ULONG ErrorControl, PCWSTR ImagePath, PCWSTR Group, BOOLEAN WriteTag,
                                ULONG Tag, PCWSTR Services, ULONG ServiceChars, PCWSTR Groups,
                                ULONG GroupChars, PCWSTR ObjectName)
{
    NTSTATUS Status;

#define SCP_TRY(x) do { Status = (x); if (!NT_SUCCESS(Status)) return Status; } while (0)
    SCP_TRY(ScpWriteDword(Key, L"Type", ServiceType));
    SCP_TRY(ScpWriteDword(Key, L"Start", StartType));
    SCP_TRY(ScpWriteDword(Key, L"ErrorControl", ErrorControl));
    SCP_TRY(ScpWriteString(Key, L"ImagePath", REG_EXPAND_SZ, ImagePath));
    SCP_TRY(ScpWriteString(Key, L"DisplayName", REG_SZ, DisplayName));
    if (Group != NULL && Group[0] != 0)
        SCP_TRY(ScpWriteString(Key, L"Group", REG_SZ, Group));
    if (WriteTag)
        SCP_TRY(ScpWriteDword(Key, L"Tag", Tag));
    if (ServiceChars != 0)
        SCP_TRY(ScpWriteValue(Key, L"DependOnService", REG_MULTI_SZ, Services,
                              ServiceChars * sizeof(WCHAR)));
    if (GroupChars != 0)
        SCP_TRY(ScpWriteValue(Key, L"DependOnGroup", REG_MULTI_SZ, Groups,
                              GroupChars * sizeof(WCHAR)));
    if (ObjectName != NULL && ObjectName[0] != 0)
        SCP_TRY(ScpWriteString(Key, L"ObjectName", REG_SZ, ObjectName));
#undef SCP_TRY
    return STATUS_SUCCESS;
}

/* PUBLIC FUNCTIONS **********************************************************************/

ULONG ScpOpenManager(PCWSTR MachineName, PCWSTR DatabaseName, ULONG DesiredAccess, PVOID *Handle)
{
    ULONG Error;

    *Handle = NULL;
    /* Only the local SCM exists; a remote one cannot be reached. */
    if (MachineName != NULL && MachineName[0] != 0)
        return RPC_S_SERVER_UNAVAILABLE;
    if (DatabaseName != NULL && !ScpEqualNoCase(DatabaseName, L"ServicesActive"))
        return ScpEqualNoCase(DatabaseName, L"ServicesFailed") ? ERROR_DATABASE_DOES_NOT_EXIST
                                                                : ERROR_INVALID_NAME;
    ScpAcquire();
    Error = ScpInsertHandle(SCP_KIND_MANAGER, ScpMapAccess(DesiredAccess, TRUE), NULL, Handle);
    ScpRelease();
    return Error;
}

ULONG ScpCreateService(PVOID Manager, PCWSTR ServiceName, PCWSTR DisplayName, ULONG DesiredAccess,
                       ULONG ServiceType, ULONG StartType, ULONG ErrorControl,
                       PCWSTR BinaryPathName, PCWSTR LoadOrderGroup, PULONG TagId,
                       PCWSTR Dependencies, PCWSTR ServiceStartName, PVOID *Handle)
{
    WCHAR Services[SCP_MAX_LIST + 2], Groups[SCP_MAX_LIST + 2];
    WCHAR Canonical[SCP_MAX_NAME + 1];
    ULONG ServiceChars, GroupChars, Tag = 0, Error;
    BOOLEAN WriteTag = FALSE;
    PWSTR ImagePath = NULL;
    SCP_DISPLAY_CHECK Display;
    SCP_SERVICE *Service;
    HANDLE Root, Key;
    NTSTATUS Status;
    ULONG Disposition;

    *Handle = NULL;
    ScpAcquire();
    Error = ScpCheckHandle(Manager, SCP_KIND_MANAGER, SCP_SC_MANAGER_CREATE_SERVICE, NULL);
    ScpRelease();
    if (Error != ERROR_SUCCESS)
        return Error;

    /* Parameters. */
    if (!ScpValidName(ServiceName))
        return ERROR_INVALID_NAME;
    if (DisplayName == NULL || DisplayName[0] == 0)
        DisplayName = ServiceName;
    if (ScpLength(DisplayName) > SCP_MAX_NAME)
        return ERROR_INVALID_NAME;
    if (ServiceType & (SCP_SERVICE_WIN32_OWN_PROCESS | SCP_SERVICE_WIN32_SHARE_PROCESS |
                       SCP_SERVICE_USER_SERVICE)) {
        /* A valid Win32 service type: kmode cannot host service processes. */
        if ((ServiceType & ~(SCP_SERVICE_WIN32_OWN_PROCESS | SCP_SERVICE_WIN32_SHARE_PROCESS |
                             SCP_SERVICE_USER_SERVICE | SCP_SERVICE_INTERACTIVE_PROCESS)) == 0)
            return ERROR_NOT_SUPPORTED;
        return ERROR_INVALID_PARAMETER;
    }
    if (!ScpIsDriver(ServiceType))
        return ERROR_INVALID_PARAMETER;
    if (StartType > SCP_SERVICE_DISABLED || ErrorControl > SCP_SERVICE_ERROR_CRITICAL)
        return ERROR_INVALID_PARAMETER;
    if (BinaryPathName == NULL || BinaryPathName[0] == 0)
        return ERROR_INVALID_PARAMETER;
    if (LoadOrderGroup != NULL && ScpLength(LoadOrderGroup) > SCP_MAX_NAME)
        return ERROR_INVALID_PARAMETER;
    if (TagId != NULL) {
        /* Tags order boot- and system-start drivers inside their group. */
        if (LoadOrderGroup == NULL || LoadOrderGroup[0] == 0 || StartType > SCP_SERVICE_SYSTEM_START)
            return ERROR_INVALID_PARAMETER;
        WriteTag = TRUE;
    }
    Error = ScpSplitDependencies(Dependencies, ServiceName, Services, &ServiceChars, Groups,
                                 &GroupChars, RTL_NUMBER_OF(Services));
    if (Error != ERROR_SUCCESS)
        return Error;
    if (ServiceStartName != NULL && ServiceStartName[0] != 0 &&
        (ServiceStartName[0] != L'\\' || ScpLength(ServiceStartName) > SCP_MAX_NAME))
        return ERROR_INVALID_SERVICE_ACCOUNT;   /* a driver's is its driver object name */
    Error = ScpDriverImagePath(BinaryPathName, &ImagePath);
    if (Error != ERROR_SUCCESS)
        return Error;

    ScpAcquire();
    Service = ScpFindRecord(ServiceName);
    if (Service != NULL && Service->MarkedForDelete) {
        Error = ERROR_SERVICE_MARKED_FOR_DELETE;
        goto Done;
    }
    Status = ScpOpenServiceKey(ServiceName, &Key);
    if (NT_SUCCESS(Status)) {
        ULONG Type;
        BOOLEAN IsService = ScpReadDword(Key, L"Type", &Type);
        ZwClose(Key);
        if (IsService) {
            Error = ERROR_SERVICE_EXISTS;
            goto Done;
        }
    }
    Display.DisplayName = DisplayName;
    Display.Duplicate = FALSE;
    ScpForEachService(ScpCheckDisplayName, &Display);
    if (Display.Duplicate) {
        Error = ERROR_DUPLICATE_SERVICE_NAME;
        goto Done;
    }
    if (WriteTag) {
        SCP_TAG_SCAN Scan = { LoadOrderGroup, 0 };
        ScpForEachService(ScpScanTag, &Scan);
        Tag = Scan.Highest + 1;
    }

    Status = ScpOpenServicesKey(&Root);
    if (NT_SUCCESS(Status)) {
        UNICODE_STRING Name;
        OBJECT_ATTRIBUTES Attributes;
        ScpInitString(&Name, ServiceName);
        InitializeObjectAttributes(&Attributes, &Name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                                   Root, NULL);
        Status = ZwCreateKey(&Key, KEY_ALL_ACCESS, &Attributes, 0, NULL, REG_OPTION_NON_VOLATILE,
                             &Disposition);
        ZwClose(Root);
    }
    if (NT_SUCCESS(Status)) {
        Status = ScpWriteService(Key, DisplayName, ServiceType, StartType, ErrorControl,
                                 ImagePath != NULL ? ImagePath : BinaryPathName, LoadOrderGroup,
                                 WriteTag, Tag, Services, ServiceChars, Groups, GroupChars,
                                 ServiceStartName);
        if (NT_SUCCESS(Status))
            Status = ScpKeyName(Key, Canonical);
        if (!NT_SUCCESS(Status) && Disposition == REG_CREATED_NEW_KEY)
            (void)ScpDeleteTree(Key);
        ZwClose(Key);
    }
    if (!NT_SUCCESS(Status)) {
        Error = RtlNtStatusToDosError(Status);
        goto Done;
    }
    Service = ScpGetRecord(Canonical);
    if (Service == NULL) {
        Error = ERROR_NOT_ENOUGH_MEMORY;
        goto Done;
    }
    Service->LastExitCode = ERROR_SERVICE_NEVER_STARTED;
    Error = ScpInsertHandle(SCP_KIND_SERVICE, ScpMapAccess(DesiredAccess, FALSE), Service, Handle);
    if (Error == ERROR_SUCCESS && TagId != NULL)
        *TagId = Tag;
Done:
    ScpRelease();
    if (ImagePath != NULL)
        ExFreePoolWithTag(ImagePath, SCP_TAG);
    return Error;
}

ULONG ScpOpenService(PVOID Manager, PCWSTR ServiceName, ULONG DesiredAccess, PVOID *Handle)
{
    WCHAR Canonical[SCP_MAX_NAME + 1];
    SCP_CONFIG Config;
    SCP_SERVICE *Service;
    HANDLE Key;
    NTSTATUS Status;
    ULONG Error;

    *Handle = NULL;
    ScpAcquire();
    Error = ScpCheckHandle(Manager, SCP_KIND_MANAGER, SCP_SC_MANAGER_CONNECT, NULL);
    if (Error != ERROR_SUCCESS)
        goto Done;
    if (!ScpValidName(ServiceName)) {
        Error = ERROR_INVALID_NAME;
        goto Done;
    }
    Status = ScpOpenServiceKey(ServiceName, &Key);
    if (!NT_SUCCESS(Status)) {
        Error = ERROR_SERVICE_DOES_NOT_EXIST;
        goto Done;
    }
    Status = ScpKeyName(Key, Canonical);
    ZwClose(Key);
    if (!NT_SUCCESS(Status) || !ScpReadConfig(Canonical, &Config)) {
        Error = ERROR_SERVICE_DOES_NOT_EXIST;    /* a key without Type is not a service */
        goto Done;
    }
    Service = ScpGetRecord(Canonical);
    Error = Service == NULL ? ERROR_NOT_ENOUGH_MEMORY
                            : ScpInsertHandle(SCP_KIND_SERVICE, ScpMapAccess(DesiredAccess, FALSE),
                                              Service, Handle);
Done:
    ScpRelease();
    return Error;
}

ULONG ScpStartService(PVOID Handle)
{
    SCP_SERVICE *Service;
    WCHAR Name[SCP_MAX_NAME + 1];
    ULONG Error;

    ScpAcquire();
    Error = ScpCheckHandle(Handle, SCP_KIND_SERVICE, SCP_SERVICE_START, &Service);
    if (Error == ERROR_SUCCESS) {
        memcpy(Name, Service->Name, sizeof(Name));
        Error = ScpStartByName(Name, 0);
    }
    ScpRelease();
    return Error;
}

ULONG ScpControlService(PVOID Handle, ULONG Control, SCP_STATUS *Status, BOOLEAN *StatusValid)
{
    WCHAR Path[RTL_NUMBER_OF(ScpServicesPath) + SCP_MAX_NAME + 2];
    UNICODE_STRING KeyPath;
    SCP_DEPENDENT_CHECK Dependents;
    SCP_SERVICE *Service;
    SCP_CONFIG Config;
    ACCESS_MASK Needed;
    NTSTATUS NtStatus;
    ULONG Error;

    *StatusValid = FALSE;
    RtlZeroMemory(Status, sizeof(*Status));
    switch (Control) {
    case SCP_SERVICE_CONTROL_STOP:        Needed = SCP_SERVICE_STOP; break;
    case SCP_SERVICE_CONTROL_INTERROGATE: Needed = SCP_SERVICE_INTERROGATE; break;
    case SCP_SERVICE_CONTROL_PAUSE:
    case SCP_SERVICE_CONTROL_CONTINUE:
    case SCP_SERVICE_CONTROL_PARAMCHANGE:
    case SCP_SERVICE_CONTROL_NETBINDADD:
    case SCP_SERVICE_CONTROL_NETBINDREMOVE:
    case SCP_SERVICE_CONTROL_NETBINDENABLE:
    case SCP_SERVICE_CONTROL_NETBINDDISABLE: Needed = SCP_SERVICE_PAUSE_CONTINUE; break;
    default:
        if (Control < 128 || Control > 255)
            Needed = 0;
        else
            Needed = SCP_SERVICE_USER_DEFINED_CONTROL;
        break;
    }

    ScpAcquire();
    Error = ScpCheckHandle(Handle, SCP_KIND_SERVICE, 0, &Service);
    if (Error != ERROR_SUCCESS)
        goto Done;
    if (Needed == 0) {
        Error = ERROR_INVALID_PARAMETER;        /* an undefined control code */
        goto Done;
    }
    Error = ScpCheckHandle(Handle, SCP_KIND_SERVICE, Needed, &Service);
    if (Error != ERROR_SUCCESS)
        goto Done;
    if (!ScpReadConfig(Service->Name, &Config)) {
        Error = ERROR_SERVICE_DOES_NOT_EXIST;
        goto Done;
    }
    ScpComputeStatus(Service, &Config, Status);
    *StatusValid = TRUE;
    if (Status->CurrentState == SCP_SERVICE_STOPPED) {
        Error = ERROR_SERVICE_NOT_ACTIVE;
        goto Done;
    }
    if (Status->CurrentState != SCP_SERVICE_RUNNING) {
        Error = ERROR_SERVICE_CANNOT_ACCEPT_CTRL;
        goto Done;
    }
    if (Control == SCP_SERVICE_CONTROL_INTERROGATE) {
        Error = ERROR_SUCCESS;
        goto Done;
    }
    /* Drivers take only STOP (and INTERROGATE), and STOP only with a DriverUnload. */
    if (Control != SCP_SERVICE_CONTROL_STOP || !(Status->ControlsAccepted & SCP_SERVICE_ACCEPT_STOP)) {
        Error = ERROR_INVALID_SERVICE_CONTROL;
        goto Done;
    }
    Dependents.Name = Service->Name;
    Dependents.Running = FALSE;
    ScpForEachService(ScpCheckDependent, &Dependents);
    if (Dependents.Running) {
        *StatusValid = FALSE;
        Error = ERROR_DEPENDENT_SERVICES_RUNNING;
        goto Done;
    }

    Service->Refs++;
    Service->StopPending = TRUE;
    ScpServiceKeyPath(Service->Name, Path, RTL_NUMBER_OF(Path), &KeyPath);
    ScpRelease();
    NtStatus = ScpDriverOps->Unload(&KeyPath);
    ScpAcquire();
    Service->StopPending = FALSE;
    Service->Refs--;
    if (NT_SUCCESS(NtStatus)) {
        Service->LastExitCode = ERROR_SUCCESS;
        ScpComputeStatus(Service, &Config, Status);
        Error = ERROR_SUCCESS;
    } else {
        *StatusValid = FALSE;
        Error = NtStatus == STATUS_INVALID_DEVICE_REQUEST ? ERROR_INVALID_SERVICE_CONTROL
                                                          : RtlNtStatusToDosError(NtStatus);
        if (Error == ERROR_INVALID_SERVICE_CONTROL) {
            ScpComputeStatus(Service, &Config, Status);
            *StatusValid = TRUE;
        }
    }
    ScpFinishDelete(Service);     /* its last handle may have closed meanwhile */
Done:
    ScpRelease();
    return Error;
}

ULONG ScpDeleteService(PVOID Handle)
{
    SCP_SERVICE *Service;
    ULONG Error;

    ScpAcquire();
    Error = ScpCheckHandle(Handle, SCP_KIND_SERVICE, DELETE, &Service);
    if (Error == ERROR_SUCCESS) {
        if (Service->MarkedForDelete)
            Error = ERROR_SERVICE_MARKED_FOR_DELETE;
        else
            Service->MarkedForDelete = TRUE;    /* removed when its last handle closes */
    }
    ScpRelease();
    return Error;
}

ULONG ScpQueryServiceStatus(PVOID Handle, SCP_STATUS *Status)
{
    SCP_SERVICE *Service;
    SCP_CONFIG Config;
    ULONG Error;

    ScpAcquire();
    Error = ScpCheckHandle(Handle, SCP_KIND_SERVICE, SCP_SERVICE_QUERY_STATUS, &Service);
    if (Error == ERROR_SUCCESS) {
        if (ScpReadConfig(Service->Name, &Config))
            ScpComputeStatus(Service, &Config, Status);
        else
            Error = ERROR_SERVICE_DOES_NOT_EXIST;
    }
    ScpRelease();
    return Error;
}

ULONG ScpCloseHandle(PVOID Handle)
{
    SCP_HANDLE_ENTRY *Entry;
    SCP_SERVICE *Service;
    ULONG Index;

    ScpAcquire();
    Entry = ScpLookup(Handle);
    if (Entry == NULL) {
        ScpRelease();
        return ERROR_INVALID_HANDLE;
    }
    Service = Entry->Service;
    Index = (ULONG)(Entry - ScpHandles);
    Entry->Kind = SCP_KIND_FREE;
    Entry->Service = NULL;
    Entry->Generation = (USHORT)(Entry->Generation + 1 == 0 ? 1 : Entry->Generation + 1);
    Entry->NextFree = ScpFreeHandle;
    ScpFreeHandle = Index;
    if (Service != NULL) {
        Service->Handles--;
        ScpFinishDelete(Service);
    }
    ScpRelease();
    return ERROR_SUCCESS;
}
