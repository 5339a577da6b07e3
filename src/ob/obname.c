/*
 * PURPOSE: The object namespace: directories, symbolic links, name lookup (with link
 * traversal and parse procedures), insertion, name removal, ObQueryNameString and the Zw
 * directory / symbolic-link services.
 *
 * Initial tree (as on Windows, minus what kmode has no use for):
 *   \  \ObjectTypes  \Device  \Driver  \GLOBAL??  \BaseNamedObjects  \KernelObjects  \Callback
 *   \??          -> \GLOBAL??   (kmode has no per-session DOS devices: \?? is the global one)
 *   \DosDevices  -> \??
 *   \GLOBAL??\GLOBALROOT -> ""  (back to the root, as on Windows)
 */

/* ==== INCLUDES ======================================================================== */

#include "obp.h"
#include <string.h>

/* ==== GLOBALS ========================================================================= */

HOST_RWLOCK ObpNamespaceLock = HOST_RWLOCK_INIT;
POBP_DIRECTORY ObpRootDirectory;
static POBP_OBJECT_HEADER ObpRootHeader;

/* Symbolic-link hops one lookup may take before giving up (Windows allows 32 reparses). */
#define OBP_MAX_REPARSE 32

/* OBJ_DONT_REPARSE met a link. ntstatus.h does not have this status yet. */
#ifndef STATUS_REPARSE_POINT_ENCOUNTERED
#define STATUS_REPARSE_POINT_ENCOUNTERED ((NTSTATUS)0xC000050BL)
#endif

/* ==== PRIVATE FUNCTIONS =============================================================== */

static ULONG ObppHash(PCWCH Name, USHORT Chars)
{
    ULONG hash = 0;
    for (USHORT i = 0; i < Chars; i++)
        hash = hash * 31 + RtlUpcaseUnicodeChar(Name[i]);
    return hash % OBP_DIRECTORY_BUCKETS;
}

static BOOLEAN ObppNameEqual(PCUNICODE_STRING Name, PCWCH Chars, USHORT Count, BOOLEAN CaseInsensitive)
{
    UNICODE_STRING s;
    s.Buffer = (PWCH)Chars;
    s.Length = s.MaximumLength = (USHORT)(Count * sizeof(WCHAR));
    return RtlEqualUnicodeString(Name, &s, CaseInsensitive);
}

/* Caller holds ObpNamespaceLock (shared or exclusive). */
static POBP_OBJECT_HEADER ObppFindEntry(POBP_OBJECT_HEADER Directory, PCWCH Name, USHORT Chars,
                                       BOOLEAN CaseInsensitive)
{
    POBP_DIRECTORY d = OBP_BODY(Directory);
    POBP_OBJECT_HEADER e;

    for (e = d->Buckets[ObppHash(Name, Chars)]; e != NULL; e = e->NextInDirectory)
        if (ObppNameEqual(&e->Name, Name, Chars, CaseInsensitive))
            return e;
    return NULL;
}

/* Caller holds ObpNamespaceLock exclusively. The name holds a reference on the object and
   the object one on its directory. */
static NTSTATUS ObppLinkEntry(POBP_OBJECT_HEADER Directory, POBP_OBJECT_HEADER h, PCWCH Name,
                              USHORT Chars)
{
    POBP_DIRECTORY d = OBP_BODY(Directory);
    PWCH copy = ObpAllocateObjectMemory((SIZE_T)(Chars + 1) * sizeof(WCHAR), NULL);
    ULONG bucket = ObppHash(Name, Chars);

    if (copy == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    memcpy(copy, Name, Chars * sizeof(WCHAR));
    h->Name.Buffer = copy;
    h->Name.Length = (USHORT)(Chars * sizeof(WCHAR));
    h->Name.MaximumLength = (USHORT)(h->Name.Length + sizeof(WCHAR));
    h->Directory = Directory;
    h->NextInDirectory = d->Buckets[bucket];
    d->Buckets[bucket] = h;
    ObpReferenceHeader(h);
    ObpReferenceHeader(Directory);
    return STATUS_SUCCESS;
}

/* Caller holds ObpNamespaceLock exclusively; returns the name buffer to free. */
static PWCH ObppUnlinkEntry(POBP_OBJECT_HEADER h)
{
    POBP_DIRECTORY d = OBP_BODY(h->Directory);
    POBP_OBJECT_HEADER *link = &d->Buckets[ObppHash(h->Name.Buffer, h->Name.Length / sizeof(WCHAR))];
    PWCH name = h->Name.Buffer;

    while (*link != h)
        link = &(*link)->NextInDirectory;
    *link = h->NextInDirectory;
    h->NextInDirectory = NULL;
    h->Directory = NULL;
    RtlZeroMemory(&h->Name, sizeof(h->Name));
    return name;
}

/* New name = Target + Rest, in a buffer the caller frees. */
static NTSTATUS ObppComposeReparse(PCUNICODE_STRING Target, PCWCH Rest, USHORT RestChars,
                                   PUNICODE_STRING Out)
{
    SIZE_T bytes = (SIZE_T)Target->Length + (SIZE_T)RestChars * sizeof(WCHAR);

    if (bytes > 0xFFFE - sizeof(WCHAR))
        return STATUS_NAME_TOO_LONG;
    Out->Buffer = ObpAllocateObjectMemory(bytes + sizeof(WCHAR), NULL);
    if (Out->Buffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    memcpy(Out->Buffer, Target->Buffer, Target->Length);
    memcpy((PUCHAR)Out->Buffer + Target->Length, Rest, (SIZE_T)RestChars * sizeof(WCHAR));
    Out->Length = (USHORT)bytes;
    Out->MaximumLength = (USHORT)(bytes + sizeof(WCHAR));
    return STATUS_SUCCESS;
}

/*
 * The lookup. Start: a referenced root object (RootDirectory handle) or NULL (absolute name).
 * Insert: an object to name at the path's last component (exclusive lock; an existing entry
 * gives STATUS_OBJECT_NAME_COLLISION and *Found = that entry, referenced). Otherwise *Found
 * receives the referenced object the name resolves to.
 */
static NTSTATUS ObppLookup(POBP_OBJECT_HEADER Start, PCUNICODE_STRING Name, ULONG Attributes,
                           POBJECT_TYPE RequestedType, KPROCESSOR_MODE AccessMode,
                           ACCESS_MASK DesiredAccess, PVOID ParseContext, POBP_OBJECT_HEADER Insert,
                           POBP_OBJECT_HEADER *Found)
{
    UNICODE_STRING cur = *Name, owned = { 0, 0, NULL };
    POBP_OBJECT_HEADER dir, obj = NULL, parsed;
    ULONG reparses = 0;
    USHORT pos, len, end;
    PCWCH buf;
    BOOLEAN ci, last;
    NTSTATUS st;

    *Found = NULL;
    /* Windows' default (ObCaseInsensitive = 1): case-insensitive unless the caller names a
       type that is case-sensitive and does not pass OBJ_CASE_INSENSITIVE. */
    if (Insert != NULL)
        RequestedType = Insert->Type;
    ci = (Attributes & OBJ_CASE_INSENSITIVE) || RequestedType == NULL ||
         RequestedType->TypeInfo.CaseInsensitive;

restart:
    buf = cur.Buffer;
    len = cur.Length / sizeof(WCHAR);
    if (Start == NULL) {
        if (len == 0 || buf[0] != L'\\') {
            st = STATUS_OBJECT_PATH_SYNTAX_BAD;
            goto out;
        }
        dir = ObpRootHeader;
        pos = 1;
        if (pos == len) {
            ObpReferenceHeader(dir);
            obj = dir;
            st = Insert != NULL ? STATUS_OBJECT_NAME_COLLISION : STATUS_SUCCESS;
            goto found;
        }
    } else {
        if (len != 0 && buf[0] == L'\\') {
            st = STATUS_OBJECT_PATH_SYNTAX_BAD;
            goto out;
        }
        dir = Start;
        pos = 0;
        if (len == 0 && Insert == NULL) {
            ObpReferenceHeader(dir);
            obj = dir;
            st = STATUS_SUCCESS;
            goto found;
        }
        if (dir->Type != ObpDirectoryObjectType) {
            /* A root object that parses the rest itself (a device, a file). */
            POBP_PARSE_PROCEDURE parse = dir->Type->TypeInfo.ParseProcedure;
            UNICODE_STRING rest = cur;
            PVOID result = NULL;
            if (parse == NULL || Insert != NULL) {
                st = STATUS_OBJECT_TYPE_MISMATCH;
                goto out;
            }
            st = parse(OBP_BODY(dir), RequestedType, DesiredAccess, AccessMode, Attributes, &rest,
                       ParseContext, &result);
            if (!NT_SUCCESS(st))
                goto out;
            obj = OBP_HEADER(result);
            goto found;
        }
    }

    if (Insert != NULL)
        HostRwLockAcquireExclusive(&ObpNamespaceLock);
    else
        HostRwLockAcquireShared(&ObpNamespaceLock);
    for (;;) {
        for (end = pos; end < len && buf[end] != L'\\'; end++)
            ;
        if (end == pos) {
            /* An empty component: "\\a\\\\b", or a trailing separator. */
            HostRwLockRelease(&ObpNamespaceLock);
            st = STATUS_OBJECT_NAME_INVALID;
            goto out;
        }
        last = end == len;
        obj = ObppFindEntry(dir, buf + pos, (USHORT)(end - pos), ci);
        if (obj == NULL) {
            if (!last)
                st = STATUS_OBJECT_PATH_NOT_FOUND;
            else if (Insert != NULL)
                st = ObppLinkEntry(dir, Insert, buf + pos, (USHORT)(end - pos));
            else
                st = STATUS_OBJECT_NAME_NOT_FOUND;
            HostRwLockRelease(&ObpNamespaceLock);
            goto out;
        }
        if (last && Insert != NULL) {
            ObpReferenceHeader(obj);
            HostRwLockRelease(&ObpNamespaceLock);
            st = STATUS_OBJECT_NAME_COLLISION;
            goto found;
        }
        if (obj->Type == ObpSymbolicLinkObjectType &&
            !(last && RequestedType == ObpSymbolicLinkObjectType)) {
            /* Follow the link: its target followed by what is left of the name. */
            POBP_SYMBOLIC_LINK link = OBP_BODY(obj);
            UNICODE_STRING next;
            if (Attributes & OBJ_DONT_REPARSE) {
                HostRwLockRelease(&ObpNamespaceLock);
                st = STATUS_REPARSE_POINT_ENCOUNTERED;
                goto out;
            }
            st = ObppComposeReparse(&link->Target, buf + end, (USHORT)(len - end), &next);
            HostRwLockRelease(&ObpNamespaceLock);
            if (!NT_SUCCESS(st))
                goto out;
            if (owned.Buffer != NULL)
                ObpFreeObjectMemory(owned.Buffer);
            owned = next;
            cur = next;
            Start = NULL;
            obj = NULL;
            /* Windows reports a link chain it gives up on as a name that was not found. */
            if (++reparses > OBP_MAX_REPARSE) {
                st = STATUS_OBJECT_NAME_NOT_FOUND;
                goto out;
            }
            goto restart;
        }
        if (obj->Type->TypeInfo.ParseProcedure != NULL) {
            POBP_PARSE_PROCEDURE parse = obj->Type->TypeInfo.ParseProcedure;
            UNICODE_STRING rest;
            PVOID result = NULL;
            ObpReferenceHeader(obj);
            HostRwLockRelease(&ObpNamespaceLock);
            if (Insert != NULL) {
                /* Naming objects below a parsing object is the parse procedure's business
                   (files on a device); the namespace cannot hold them. */
                ObpDereferenceHeader(obj);
                obj = NULL;
                st = STATUS_OBJECT_TYPE_MISMATCH;
                goto out;
            }
            rest.Buffer = (PWCH)(buf + end);
            rest.Length = rest.MaximumLength = (USHORT)((len - end) * sizeof(WCHAR));
            st = parse(OBP_BODY(obj), RequestedType, DesiredAccess, AccessMode, Attributes, &rest,
                       ParseContext, &result);
            ObpDereferenceHeader(obj);
            obj = NULL;
            if (!NT_SUCCESS(st))
                goto out;
            obj = OBP_HEADER(result);
            goto found;
        }
        if (last) {
            ObpReferenceHeader(obj);
            HostRwLockRelease(&ObpNamespaceLock);
            st = STATUS_SUCCESS;
            goto found;
        }
        if (obj->Type != ObpDirectoryObjectType) {
            /* A path component that is neither a directory nor parses the rest. */
            HostRwLockRelease(&ObpNamespaceLock);
            obj = NULL;
            st = STATUS_OBJECT_TYPE_MISMATCH;
            goto out;
        }
        dir = obj;
        pos = (USHORT)(end + 1);
    }

found:
    parsed = obj;
    if (st == STATUS_SUCCESS && Insert == NULL && RequestedType != NULL &&
        parsed->Type != RequestedType) {
        ObpDereferenceHeader(parsed);
        st = STATUS_OBJECT_TYPE_MISMATCH;
        goto out;
    }
    *Found = parsed;
out:
    if (owned.Buffer != NULL)
        ObpFreeObjectMemory(owned.Buffer);
    return st;
}

/* Checks an OBJECT_ATTRIBUTES for an open and resolves its RootDirectory (referenced). */
static NTSTATUS ObppCaptureOpen(POBJECT_ATTRIBUTES Oa, KPROCESSOR_MODE AccessMode,
                                POBP_OBJECT_HEADER *Root, UNICODE_STRING *Name)
{
    ACCESS_MASK granted;
    ULONG attrs;
    NTSTATUS st;

    *Root = NULL;
    if (Oa == NULL || Oa->Length != sizeof(OBJECT_ATTRIBUTES) ||
        (Oa->Attributes & ~OBJ_VALID_ATTRIBUTES))
        return STATUS_INVALID_PARAMETER;
    RtlZeroMemory(Name, sizeof(*Name));
    if (Oa->ObjectName != NULL) {
        *Name = *Oa->ObjectName;
        if ((Name->Length & 1) || Name->Length > Name->MaximumLength ||
            (Name->Length != 0 && Name->Buffer == NULL))
            return STATUS_OBJECT_NAME_INVALID;
    }
    if (Oa->RootDirectory == NULL) {
        if (Name->Length == 0)
            return STATUS_OBJECT_PATH_SYNTAX_BAD;
        return STATUS_SUCCESS;
    }
    st = ObpReferenceHandle(Oa->RootDirectory, AccessMode, Root, &granted, &attrs);
    return st;
}

/* ==== PRIVATE (subsystem-wide) FUNCTIONS ============================================== */

NTSTATUS ObpInsertName(POBP_OBJECT_HEADER h, ULONG Attributes, KPROCESSOR_MODE AccessMode,
                       POBP_OBJECT_HEADER *Existing)
{
    POBP_CREATE_INFO ci = h->CreateInfo;
    POBP_OBJECT_HEADER root = NULL, found = NULL;
    NTSTATUS st;

    *Existing = NULL;
    if (ci->RootDirectory != NULL) {
        ACCESS_MASK granted;
        ULONG attrs;
        st = ObpReferenceHandle(ci->RootDirectory, AccessMode, &root, &granted, &attrs);
        if (!NT_SUCCESS(st))
            return st;
        if (root->Type != ObpDirectoryObjectType) {
            ObpDereferenceHeader(root);
            return STATUS_OBJECT_TYPE_MISMATCH;
        }
    }
    st = ObppLookup(root, &ci->Name, Attributes, NULL, AccessMode, 0, NULL, h, &found);
    if (root != NULL)
        ObpDereferenceHeader(root);
    if (st == STATUS_OBJECT_NAME_COLLISION)
        *Existing = found;
    return st;
}

VOID ObpDeleteNameCheck(POBP_OBJECT_HEADER h)
{
    POBP_OBJECT_HEADER dir = NULL;
    PWCH name = NULL;

    HostRwLockAcquireExclusive(&ObpNamespaceLock);
    if (h->Directory != NULL && __atomic_load_n(&h->HandleCount, __ATOMIC_ACQUIRE) == 0 &&
        !(__atomic_load_n(&h->Flags, __ATOMIC_RELAXED) & OBP_FLAG_PERMANENT)) {
        dir = h->Directory;
        name = ObppUnlinkEntry(h);
    }
    HostRwLockRelease(&ObpNamespaceLock);
    if (dir != NULL) {
        ObpFreeObjectMemory(name);
        ObpDereferenceHeader(dir);
        ObpDereferenceHeader(h); /* the reference the name held */
    }
}

NTSTATUS ObpInsertDirectoryEntryAtInit(POBP_DIRECTORY Directory, POBP_OBJECT_HEADER h, PCWSTR Name)
{
    NTSTATUS st;
    USHORT chars = 0;

    while (Name[chars] != 0)
        chars++;
    HostRwLockAcquireExclusive(&ObpNamespaceLock);
    st = ObppLinkEntry(OBP_HEADER(Directory), h, Name, chars);
    HostRwLockRelease(&ObpNamespaceLock);
    return st;
}

static VOID ObppDeleteSymbolicLink(PVOID Object)
{
    POBP_SYMBOLIC_LINK link = Object;
    if (link->Target.Buffer != NULL)
        ObpFreeObjectMemory(link->Target.Buffer);
}

/* A symbolic-link body pointing at Target (copied, NUL-terminated). Not yet inserted. */
static NTSTATUS ObppCreateLink(POBJECT_ATTRIBUTES Oa, PCUNICODE_STRING Target, PVOID *Object)
{
    POBP_SYMBOLIC_LINK link;
    NTSTATUS st;

    st = ObpCreateObject(ObpSymbolicLinkObjectType, Oa, KernelMode, sizeof(OBP_SYMBOLIC_LINK),
                         Object);
    if (!NT_SUCCESS(st))
        return st;
    link = *Object;
    link->Target.Buffer = ObpAllocateObjectMemory((SIZE_T)Target->Length + sizeof(WCHAR), NULL);
    if (link->Target.Buffer == NULL) {
        ObDereferenceObject(*Object);
        *Object = NULL;
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (Target->Length != 0)
        memcpy(link->Target.Buffer, Target->Buffer, Target->Length);
    link->Target.Length = Target->Length;
    link->Target.MaximumLength = (USHORT)(Target->Length + sizeof(WCHAR));
    return STATUS_SUCCESS;
}

static NTSTATUS ObppInitDirectory(POBP_OBJECT_HEADER Parent, PCWSTR Name, POBP_OBJECT_HEADER *Out)
{
    PVOID body;
    NTSTATUS st = ObpCreateObject(ObpDirectoryObjectType, NULL, KernelMode, sizeof(OBP_DIRECTORY),
                                  &body);
    if (!NT_SUCCESS(st))
        return st;
    OBP_HEADER(body)->Flags |= OBP_FLAG_PERMANENT;
    st = ObpInsertDirectoryEntryAtInit(OBP_BODY(Parent), OBP_HEADER(body), Name);
    ObDereferenceObject(body); /* the name keeps it */
    if (Out != NULL)
        *Out = OBP_HEADER(body);
    return st;
}

static NTSTATUS ObppInitLink(POBP_OBJECT_HEADER Parent, PCWSTR Name, PCWSTR Target)
{
    UNICODE_STRING t;
    PVOID body;
    NTSTATUS st;

    RtlInitUnicodeString(&t, Target);
    st = ObppCreateLink(NULL, &t, &body);
    if (!NT_SUCCESS(st))
        return st;
    OBP_HEADER(body)->Flags |= OBP_FLAG_PERMANENT;
    st = ObpInsertDirectoryEntryAtInit(OBP_BODY(Parent), OBP_HEADER(body), Name);
    ObDereferenceObject(body);
    return st;
}

NTSTATUS ObpInitializeNamespace(VOID)
{
    static PCWSTR const dirs[] = { L"Device", L"Driver", L"BaseNamedObjects", L"KernelObjects",
                                   L"Callback" };
    POBP_OBJECT_HEADER types = NULL, global = NULL;
    PVOID root;
    NTSTATUS st;

    ObpSymbolicLinkObjectType->TypeInfo.DeleteProcedure = ObppDeleteSymbolicLink;
    st = ObpCreateObject(ObpDirectoryObjectType, NULL, KernelMode, sizeof(OBP_DIRECTORY), &root);
    if (!NT_SUCCESS(st))
        return st;
    ObpRootHeader = OBP_HEADER(root);
    ObpRootHeader->Flags |= OBP_FLAG_PERMANENT; /* the creation reference is never dropped */
    ObpRootDirectory = root;

    st = ObppInitDirectory(ObpRootHeader, L"ObjectTypes", &types);
    for (ULONG i = 0; NT_SUCCESS(st) && i < RTL_NUMBER_OF(dirs); i++)
        st = ObppInitDirectory(ObpRootHeader, dirs[i], NULL);
    if (NT_SUCCESS(st))
        st = ObppInitDirectory(ObpRootHeader, L"GLOBAL??", &global);
    if (NT_SUCCESS(st))
        st = ObppInitLink(ObpRootHeader, L"??", L"\\GLOBAL??");
    if (NT_SUCCESS(st))
        st = ObppInitLink(ObpRootHeader, L"DosDevices", L"\\??");
    if (NT_SUCCESS(st))
        st = ObppInitLink(global, L"GLOBALROOT", L"");
    /* The three types made before the namespace existed get their names now. */
    if (NT_SUCCESS(st))
        st = ObpInsertDirectoryEntryAtInit(OBP_BODY(types), OBP_HEADER(ObpTypeObjectType), L"Type");
    if (NT_SUCCESS(st))
        st = ObpInsertDirectoryEntryAtInit(OBP_BODY(types), OBP_HEADER(ObpDirectoryObjectType),
                                           L"Directory");
    if (NT_SUCCESS(st))
        st = ObpInsertDirectoryEntryAtInit(OBP_BODY(types), OBP_HEADER(ObpSymbolicLinkObjectType),
                                           L"SymbolicLink");
    return st;
}

/* ==== PUBLIC FUNCTIONS ================================================================ */

NTSTATUS ObpReferenceObjectByName(POBJECT_ATTRIBUTES ObjectAttributes, POBJECT_TYPE ObjectType,
                                  KPROCESSOR_MODE AccessMode, ACCESS_MASK DesiredAccess,
                                  PVOID ParseContext, PVOID *Object)
{
    POBP_OBJECT_HEADER root, found;
    UNICODE_STRING name;
    NTSTATUS st;

    *Object = NULL;
    ObpEnsureInitialized();
    st = ObppCaptureOpen(ObjectAttributes, AccessMode, &root, &name);
    if (!NT_SUCCESS(st))
        return st;
    st = ObppLookup(root, &name, ObjectAttributes->Attributes, ObjectType, AccessMode,
                    DesiredAccess, ParseContext, NULL, &found);
    if (root != NULL)
        ObpDereferenceHeader(root);
    if (NT_SUCCESS(st))
        *Object = OBP_BODY(found);
    return st;
}

NTSTATUS ObpOpenObjectByName(POBJECT_ATTRIBUTES ObjectAttributes, POBJECT_TYPE ObjectType,
                             KPROCESSOR_MODE AccessMode, ACCESS_MASK DesiredAccess,
                             PVOID ParseContext, PHANDLE Handle)
{
    PVOID object;
    NTSTATUS st;

    *Handle = NULL;
    st = ObpReferenceObjectByName(ObjectAttributes, ObjectType, AccessMode, DesiredAccess,
                                  ParseContext, &object);
    if (!NT_SUCCESS(st))
        return st;
    st = ObpCreateHandle(object, DesiredAccess, ObjectAttributes->Attributes, AccessMode, Handle);
    ObDereferenceObject(object);
    return st;
}

/*
 * ObQueryNameString
 * @implemented
 * IRQL PASSIVE_LEVEL. Fills ObjectNameInfo with the object's full path ("\Device\Foo"),
 * the string placed right after the structure, NUL-terminated (MaximumLength counts the
 * NUL, Length does not). An unnamed object gives Length = MaximumLength = 0, Buffer = NULL.
 * STATUS_INFO_LENGTH_MISMATCH if Length is too small (Length 0 included); *ReturnLength
 * then receives the size needed. On success *ReturnLength is the size used.
 */
NTSTATUS NTAPI ObQueryNameString(PVOID Object, POBJECT_NAME_INFORMATION ObjectNameInfo,
                                 ULONG Length, PULONG ReturnLength)
{
    POBP_OBJECT_HEADER h = OBP_HEADER(Object), p;
    SIZE_T nameBytes = 0, need;
    PWCH out;

    HostRwLockAcquireShared(&ObpNamespaceLock);
    if (h == ObpRootHeader)
        nameBytes = sizeof(WCHAR);
    else if (h->Directory != NULL)
        for (p = h; p != ObpRootHeader && p != NULL; p = p->Directory)
            nameBytes += sizeof(WCHAR) + p->Name.Length;
    need = sizeof(OBJECT_NAME_INFORMATION) + (nameBytes ? nameBytes + sizeof(WCHAR) : 0);
    if (need > 0xFFFFFFFFULL || nameBytes > 0xFFFE - sizeof(WCHAR)) {
        HostRwLockRelease(&ObpNamespaceLock);
        return STATUS_NAME_TOO_LONG;
    }
    *ReturnLength = (ULONG)need;
    if (Length < need || ObjectNameInfo == NULL) {
        HostRwLockRelease(&ObpNamespaceLock);
        return STATUS_INFO_LENGTH_MISMATCH;
    }
    if (nameBytes == 0) {
        HostRwLockRelease(&ObpNamespaceLock);
        RtlZeroMemory(&ObjectNameInfo->Name, sizeof(ObjectNameInfo->Name));
        return STATUS_SUCCESS;
    }
    out = (PWCH)(ObjectNameInfo + 1);
    out[nameBytes / sizeof(WCHAR)] = 0;
    if (h == ObpRootHeader) {
        out[0] = L'\\';
    } else {
        SIZE_T at = nameBytes / sizeof(WCHAR);
        for (p = h; p != ObpRootHeader && p != NULL; p = p->Directory) {
            at -= p->Name.Length / sizeof(WCHAR);
            memcpy(out + at, p->Name.Buffer, p->Name.Length);
            out[--at] = L'\\';
        }
    }
    HostRwLockRelease(&ObpNamespaceLock);
    ObjectNameInfo->Name.Buffer = out;
    ObjectNameInfo->Name.Length = (USHORT)nameBytes;
    ObjectNameInfo->Name.MaximumLength = (USHORT)(nameBytes + sizeof(WCHAR));
    return STATUS_SUCCESS;
}

/*
 * ZwCreateDirectoryObject
 * @implemented
 * IRQL PASSIVE_LEVEL. Creates (or with OBJ_OPENIF opens: STATUS_OBJECT_NAME_EXISTS) an
 * object directory. STATUS_OBJECT_NAME_COLLISION if the name exists; the lookup statuses
 * of ZwOpenDirectoryObject for a bad path.
 */
NTSTATUS NTAPI ZwCreateDirectoryObject(PHANDLE DirectoryHandle, ACCESS_MASK DesiredAccess,
                                       POBJECT_ATTRIBUTES ObjectAttributes)
{
    PVOID body;
    NTSTATUS st;

    *DirectoryHandle = NULL;
    ObpEnsureInitialized();
    st = ObpCreateObject(ObpDirectoryObjectType, ObjectAttributes, KernelMode,
                         sizeof(OBP_DIRECTORY), &body);
    if (!NT_SUCCESS(st))
        return st;
    return ObpInsertObject(body, DesiredAccess, KernelMode, NULL, DirectoryHandle);
}

/*
 * ZwOpenDirectoryObject
 * @implemented
 * IRQL PASSIVE_LEVEL. Opens an existing directory (symbolic links on the way are followed).
 * STATUS_OBJECT_PATH_SYNTAX_BAD (no root and the name is empty or relative),
 * STATUS_OBJECT_NAME_INVALID (empty component), STATUS_OBJECT_PATH_NOT_FOUND (a directory
 * on the way is missing), STATUS_OBJECT_NAME_NOT_FOUND (the last component is missing),
 * STATUS_OBJECT_TYPE_MISMATCH (not a directory).
 */
NTSTATUS NTAPI ZwOpenDirectoryObject(PHANDLE DirectoryHandle, ACCESS_MASK DesiredAccess,
                                     POBJECT_ATTRIBUTES ObjectAttributes)
{
    *DirectoryHandle = NULL;
    return ObpOpenObjectByName(ObjectAttributes, ObpDirectoryObjectType, KernelMode,
                               DesiredAccess, NULL, DirectoryHandle);
}

/*
 * ZwCreateSymbolicLinkObject
 * @implemented
 * IRQL PASSIVE_LEVEL. Creates a symbolic link naming LinkTarget (copied). Undocumented in
 * the WDK but exported by ntoskrnl; IoCreateSymbolicLink is the documented wrapper.
 * STATUS_INVALID_PARAMETER for a malformed LinkTarget; otherwise as ZwCreateDirectoryObject.
 */
NTSTATUS NTAPI ZwCreateSymbolicLinkObject(PHANDLE LinkHandle, ACCESS_MASK DesiredAccess,
                                          POBJECT_ATTRIBUTES ObjectAttributes,
                                          PUNICODE_STRING LinkTarget)
{
    PVOID body;
    NTSTATUS st;

    *LinkHandle = NULL;
    ObpEnsureInitialized();
    if (LinkTarget == NULL || (LinkTarget->Length & 1) || (LinkTarget->MaximumLength & 1) ||
        LinkTarget->Length > LinkTarget->MaximumLength ||
        (LinkTarget->Length != 0 && LinkTarget->Buffer == NULL) ||
        LinkTarget->Length > 0xFFFE - sizeof(WCHAR))
        return STATUS_INVALID_PARAMETER;
    st = ObppCreateLink(ObjectAttributes, LinkTarget, &body);
    if (!NT_SUCCESS(st))
        return st;
    return ObpInsertObject(body, DesiredAccess, KernelMode, NULL, LinkHandle);
}

/*
 * ZwOpenSymbolicLinkObject
 * @implemented
 * IRQL PASSIVE_LEVEL. Opens the link itself (the last component is not followed; links
 * earlier in the path are). Lookup statuses as ZwOpenDirectoryObject.
 */
NTSTATUS NTAPI ZwOpenSymbolicLinkObject(PHANDLE LinkHandle, ACCESS_MASK DesiredAccess,
                                        POBJECT_ATTRIBUTES ObjectAttributes)
{
    *LinkHandle = NULL;
    return ObpOpenObjectByName(ObjectAttributes, ObpSymbolicLinkObjectType, KernelMode,
                               DesiredAccess, NULL, LinkHandle);
}

/*
 * ZwQuerySymbolicLinkObject
 * @implemented
 * IRQL PASSIVE_LEVEL. Copies the link's target into LinkTarget (Length set; Buffer and
 * MaximumLength are the caller's). Windows' rule, reproduced: with ReturnedLength the buffer
 * must hold the target plus its NUL (the NUL is copied), without it the target alone;
 * otherwise STATUS_BUFFER_TOO_SMALL. *ReturnedLength is the target's length plus the NUL,
 * on success and on STATUS_BUFFER_TOO_SMALL.
 */
NTSTATUS NTAPI ZwQuerySymbolicLinkObject(HANDLE LinkHandle, PUNICODE_STRING LinkTarget,
                                         PULONG ReturnedLength)
{
    POBP_SYMBOLIC_LINK link;
    USHORT used;
    NTSTATUS st;

    st = ObReferenceObjectByHandle(LinkHandle, SYMBOLIC_LINK_QUERY, ObpSymbolicLinkObjectType,
                                   KernelMode, (PVOID *)&link, NULL);
    if (!NT_SUCCESS(st))
        return st;
    used = ReturnedLength != NULL ? link->Target.MaximumLength : link->Target.Length;
    if (used <= LinkTarget->MaximumLength) {
        if (used != 0)
            memcpy(LinkTarget->Buffer, link->Target.Buffer, used);
        LinkTarget->Length = link->Target.Length;
    } else {
        st = STATUS_BUFFER_TOO_SMALL;
    }
    if (ReturnedLength != NULL)
        *ReturnedLength = link->Target.MaximumLength;
    ObDereferenceObject(link);
    return st;
}

/*
 * ZwMakeTemporaryObject
 * @implemented
 * IRQL PASSIVE_LEVEL. ObMakeTemporaryObject on the object Handle refers to: the name leaves
 * the namespace once the last handle closes (this handle included).
 */
NTSTATUS NTAPI ZwMakeTemporaryObject(HANDLE Handle)
{
    PVOID object;
    NTSTATUS st = ObReferenceObjectByHandle(Handle, DELETE, NULL, KernelMode, &object, NULL);

    if (!NT_SUCCESS(st))
        return st;
    ObMakeTemporaryObject(object);
    ObDereferenceObject(object);
    return STATUS_SUCCESS;
}
