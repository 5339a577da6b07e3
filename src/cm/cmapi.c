/*
 * PURPOSE: The registry key and value services: ZwCreateKey, ZwOpenKey(Ex), ZwQueryKey,
 * ZwEnumerateKey, ZwDeleteKey, ZwFlushKey, ZwQueryValueKey, ZwEnumerateValueKey,
 * ZwSetValueKey, ZwDeleteValueKey, and their previous-mode forms (internal/cm.h).
 *
 * Buffer rule shared by every query (as Windows does it): a buffer smaller than the fixed
 * part of the structure gets STATUS_BUFFER_TOO_SMALL and nothing is written; one that holds
 * the fixed part but not the names/data gets the fixed part, as much of the variable part
 * as fits, and STATUS_BUFFER_OVERFLOW. *ResultLength is the size the whole answer needs in
 * all three cases.
 */

/* ==== INCLUDES ======================================================================== */

#include "cmp.h"
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* ==== PRIVATE FUNCTIONS =============================================================== */

#define CMP_ALIGN_UP(x, a) (((x) + ((a) - 1)) & ~(ULONG)((a) - 1))

/* The output being built: fixed part first (Fixed bytes, written by the caller into a
   local copy), then variable pieces at given offsets, clipped to the buffer. */
typedef struct _CMP_OUT {
    PUCHAR Buffer;
    ULONG Length;
} CMP_OUT;

static VOID CmppPut(CMP_OUT *Out, ULONG Offset, const VOID *Data, ULONG Bytes)
{
    if (Offset >= Out->Length || Bytes == 0)
        return;
    if (Bytes > Out->Length - Offset)
        Bytes = Out->Length - Offset;
    memcpy(Out->Buffer + Offset, Data, Bytes);
}

/* Common ending: fixed part (a local structure) of FixedBytes, whole size Needed. */
static NTSTATUS CmppFinish(CMP_OUT *Out, const VOID *Fixed, ULONG FixedBytes, ULONG Needed,
                           PULONG ResultLength)
{
    *ResultLength = Needed;
    if (Out->Length < FixedBytes || (Out->Buffer == NULL && FixedBytes != 0))
        return STATUS_BUFFER_TOO_SMALL;
    memcpy(Out->Buffer, Fixed, FixedBytes);
    return Out->Length < Needed ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

/* Caller holds CmpLock. Bytes of the full path "\REGISTRY\...". */
static ULONG CmppPathBytes(PCM_KEY_NODE Node)
{
    ULONG bytes = 0;
    for (; Node != NULL; Node = Node->Parent)
        bytes += sizeof(WCHAR) + Node->Name.Length;
    return bytes;
}

static VOID CmppWritePath(PCM_KEY_NODE Node, PWCH Out, ULONG Bytes)
{
    ULONG at = Bytes / sizeof(WCHAR);
    for (; Node != NULL; Node = Node->Parent) {
        at -= Node->Name.Length / sizeof(WCHAR);
        memcpy(Out + at, Node->Name.Buffer, Node->Name.Length);
        Out[--at] = L'\\';
    }
}

/* Caller holds CmpLock. The information classes ZwQueryKey and ZwEnumerateKey share. */
static NTSTATUS CmppKeyInformation(PCM_KEY_NODE Node, KEY_INFORMATION_CLASS Class, PVOID Info,
                                   ULONG Length, PULONG ResultLength)
{
    CMP_OUT out = { Info, Length };
    ULONG maxName = 0, maxClass = 0, maxValueName = 0, maxValueData = 0;

    if (Class == KeyFullInformation || Class == KeyCachedInformation) {
        for (ULONG i = 0; i < Node->SubKeyCount; i++) {
            if (Node->SubKeys[i]->Name.Length > maxName)
                maxName = Node->SubKeys[i]->Name.Length;
            if (Node->SubKeys[i]->Class.Length > maxClass)
                maxClass = Node->SubKeys[i]->Class.Length;
        }
        for (ULONG i = 0; i < Node->ValueCount; i++) {
            if (Node->Values[i].Name.Length > maxValueName)
                maxValueName = Node->Values[i].Name.Length;
            if (Node->Values[i].DataLength > maxValueData)
                maxValueData = Node->Values[i].DataLength;
        }
    }

    switch (Class) {
    case KeyBasicInformation: {
        KEY_BASIC_INFORMATION f;
        const ULONG fixed = offsetof(KEY_BASIC_INFORMATION, Name);
        RtlZeroMemory(&f, sizeof(f));
        f.LastWriteTime = Node->LastWriteTime;
        f.NameLength = Node->Name.Length;
        if (Length >= fixed)
            CmppPut(&out, fixed, Node->Name.Buffer, Node->Name.Length);
        return CmppFinish(&out, &f, fixed, fixed + Node->Name.Length, ResultLength);
    }
    case KeyNodeInformation: {
        KEY_NODE_INFORMATION f;
        const ULONG fixed = offsetof(KEY_NODE_INFORMATION, Name);
        ULONG need = fixed + Node->Name.Length;
        RtlZeroMemory(&f, sizeof(f));
        f.LastWriteTime = Node->LastWriteTime;
        f.NameLength = Node->Name.Length;
        f.ClassLength = Node->Class.Length;
        /* No class: ClassOffset is -1 (Windows' marker). */
        f.ClassOffset = Node->Class.Length ? need : 0xFFFFFFFFU;
        if (Length >= fixed) {
            CmppPut(&out, fixed, Node->Name.Buffer, Node->Name.Length);
            CmppPut(&out, need, Node->Class.Buffer, Node->Class.Length);
        }
        return CmppFinish(&out, &f, fixed, need + Node->Class.Length, ResultLength);
    }
    case KeyFullInformation: {
        KEY_FULL_INFORMATION f;
        const ULONG fixed = offsetof(KEY_FULL_INFORMATION, Class);
        RtlZeroMemory(&f, sizeof(f));
        f.LastWriteTime = Node->LastWriteTime;
        f.ClassOffset = Node->Class.Length ? fixed : 0xFFFFFFFFU;
        f.ClassLength = Node->Class.Length;
        f.SubKeys = Node->SubKeyCount;
        f.MaxNameLen = maxName;
        f.MaxClassLen = maxClass;
        f.Values = Node->ValueCount;
        f.MaxValueNameLen = maxValueName;
        f.MaxValueDataLen = maxValueData;
        if (Length >= fixed)
            CmppPut(&out, fixed, Node->Class.Buffer, Node->Class.Length);
        return CmppFinish(&out, &f, fixed, fixed + Node->Class.Length, ResultLength);
    }
    case KeyNameInformation: {
        KEY_NAME_INFORMATION f;
        const ULONG fixed = offsetof(KEY_NAME_INFORMATION, Name);
        ULONG bytes = CmppPathBytes(Node);
        RtlZeroMemory(&f, sizeof(f));
        f.NameLength = bytes;
        if (Length >= fixed) {
            PWCH path = malloc(bytes);
            if (path == NULL)
                return STATUS_INSUFFICIENT_RESOURCES;
            CmppWritePath(Node, path, bytes);
            CmppPut(&out, fixed, path, bytes);
            free(path);
        }
        return CmppFinish(&out, &f, fixed, fixed + bytes, ResultLength);
    }
    case KeyCachedInformation: {
        KEY_CACHED_INFORMATION f;
        RtlZeroMemory(&f, sizeof(f));
        f.LastWriteTime = Node->LastWriteTime;
        f.SubKeys = Node->SubKeyCount;
        f.MaxNameLen = maxName;
        f.Values = Node->ValueCount;
        f.MaxValueNameLen = maxValueName;
        f.MaxValueDataLen = maxValueData;
        f.NameLength = Node->Name.Length;
        return CmppFinish(&out, &f, sizeof(f), sizeof(f), ResultLength);
    }
    default:
        return STATUS_INVALID_PARAMETER;
    }
}

/* Caller holds CmpLock. The value information classes. */
static NTSTATUS CmppValueInformation(PCM_KEY_VALUE Value, KEY_VALUE_INFORMATION_CLASS Class,
                                     PVOID Info, ULONG Length, PULONG ResultLength)
{
    CMP_OUT out = { Info, Length };

    switch (Class) {
    case KeyValueBasicInformation: {
        KEY_VALUE_BASIC_INFORMATION f;
        const ULONG fixed = offsetof(KEY_VALUE_BASIC_INFORMATION, Name);
        RtlZeroMemory(&f, sizeof(f));
        f.Type = Value->Type;
        f.NameLength = Value->Name.Length;
        if (Length >= fixed)
            CmppPut(&out, fixed, Value->Name.Buffer, Value->Name.Length);
        return CmppFinish(&out, &f, fixed, fixed + Value->Name.Length, ResultLength);
    }
    case KeyValueFullInformation:
    case KeyValueFullInformationAlign64: {
        KEY_VALUE_FULL_INFORMATION f;
        const ULONG fixed = offsetof(KEY_VALUE_FULL_INFORMATION, Name);
        /* The data follows the name, ULONG-aligned (Align64: 8-byte aligned). */
        ULONG dataOffset = Class == KeyValueFullInformation
                               ? CMP_ALIGN_UP(fixed + Value->Name.Length, sizeof(ULONG))
                               : CMP_ALIGN_UP(fixed + Value->Name.Length, 8);
        RtlZeroMemory(&f, sizeof(f));
        f.Type = Value->Type;
        f.DataOffset = dataOffset;
        f.DataLength = Value->DataLength;
        f.NameLength = Value->Name.Length;
        if (Length >= fixed) {
            CmppPut(&out, fixed, Value->Name.Buffer, Value->Name.Length);
            CmppPut(&out, dataOffset, Value->Data, Value->DataLength);
        }
        return CmppFinish(&out, &f, fixed, dataOffset + Value->DataLength, ResultLength);
    }
    case KeyValuePartialInformation: {
        KEY_VALUE_PARTIAL_INFORMATION f;
        const ULONG fixed = offsetof(KEY_VALUE_PARTIAL_INFORMATION, Data);
        RtlZeroMemory(&f, sizeof(f));
        f.Type = Value->Type;
        f.DataLength = Value->DataLength;
        if (Length >= fixed)
            CmppPut(&out, fixed, Value->Data, Value->DataLength);
        return CmppFinish(&out, &f, fixed, fixed + Value->DataLength, ResultLength);
    }
    case KeyValuePartialInformationAlign64: {
        KEY_VALUE_PARTIAL_INFORMATION_ALIGN64 f;
        const ULONG fixed = offsetof(KEY_VALUE_PARTIAL_INFORMATION_ALIGN64, Data);
        RtlZeroMemory(&f, sizeof(f));
        f.Type = Value->Type;
        f.DataLength = Value->DataLength;
        if (Length >= fixed)
            CmppPut(&out, fixed, Value->Data, Value->DataLength);
        return CmppFinish(&out, &f, fixed, fixed + Value->DataLength, ResultLength);
    }
    default:
        return STATUS_INVALID_PARAMETER;
    }
}

static BOOLEAN CmppValidString(PCUNICODE_STRING s)
{
    return s != NULL && !(s->Length & 1) && s->Length <= s->MaximumLength &&
           (s->Length == 0 || s->Buffer != NULL);
}

/* ==== PRIVATE (subsystem-wide) FUNCTIONS ============================================== */

/* Looks the key up through the object manager (the Key parse procedure creates or opens
   it as Context says) and returns a handle; a key deleted meanwhile is STATUS_KEY_DELETED. */
static NTSTATUS CmppHandleFromName(POBJECT_ATTRIBUTES ObjectAttributes, ACCESS_MASK DesiredAccess,
                                   KPROCESSOR_MODE PreviousMode, CM_PARSE_CONTEXT *Context,
                                   PHANDLE KeyHandle)
{
    PCM_KEY_BODY body;
    BOOLEAN deleted;
    NTSTATUS st;

    st = ObpReferenceObjectByName(ObjectAttributes, CmpKeyObjectType, PreviousMode,
                                  DesiredAccess, Context, (PVOID *)&body);
    if (!NT_SUCCESS(st))
        return st;
    /* An empty name under RootDirectory names the root key itself (no parse ran). */
    HostRwLockAcquireShared(&CmpLock);
    deleted = (body->Node->Flags & CM_KEY_FLAG_DELETED) != 0;
    HostRwLockRelease(&CmpLock);
    if (deleted) {
        ObDereferenceObject(body);
        return STATUS_KEY_DELETED;
    }
    st = ObpCreateHandle(body, DesiredAccess, ObjectAttributes->Attributes, PreviousMode,
                         KeyHandle);
    ObDereferenceObject(body);
    return st;
}

NTSTATUS CmpCreateKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess,
                      POBJECT_ATTRIBUTES ObjectAttributes, PUNICODE_STRING Class,
                      ULONG CreateOptions, PULONG Disposition, KPROCESSOR_MODE PreviousMode)
{
    CM_PARSE_CONTEXT ctx = { CM_PARSE_CONTEXT_SIGNATURE, TRUE, CreateOptions, NULL, 0 };
    NTSTATUS st;

    CmpEnsureInitialized();
    *KeyHandle = NULL;
    if ((CreateOptions & ~REG_LEGAL_OPTION) ||
        (Class != NULL && Class->Length != 0 && !CmppValidString(Class)))
        return STATUS_INVALID_PARAMETER;
    ctx.Class = Class;
    st = CmppHandleFromName(ObjectAttributes, DesiredAccess, PreviousMode, &ctx, KeyHandle);
    if (NT_SUCCESS(st) && Disposition != NULL)
        *Disposition = ctx.Disposition ? ctx.Disposition : REG_OPENED_EXISTING_KEY;
    return st;
}

NTSTATUS CmpOpenKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess,
                    POBJECT_ATTRIBUTES ObjectAttributes, ULONG OpenOptions,
                    KPROCESSOR_MODE PreviousMode)
{
    CM_PARSE_CONTEXT ctx = { CM_PARSE_CONTEXT_SIGNATURE, FALSE, OpenOptions, NULL, 0 };

    CmpEnsureInitialized();
    *KeyHandle = NULL;
    if (OpenOptions & ~REG_OPEN_LEGAL_OPTION)
        return STATUS_INVALID_PARAMETER;
    return CmppHandleFromName(ObjectAttributes, DesiredAccess, PreviousMode, &ctx, KeyHandle);
}

NTSTATUS CmpQueryKey(HANDLE KeyHandle, KEY_INFORMATION_CLASS Class, PVOID Information,
                     ULONG Length, PULONG ResultLength, KPROCESSOR_MODE PreviousMode)
{
    PCM_KEY_BODY body;
    NTSTATUS st;

    if ((ULONG)Class > KeyCachedInformation)
        return STATUS_INVALID_PARAMETER;
    /* The key's name needs no right; everything else KEY_QUERY_VALUE. */
    st = CmpReferenceKey(KeyHandle, Class == KeyNameInformation ? 0 : KEY_QUERY_VALUE,
                         PreviousMode, &body);
    if (!NT_SUCCESS(st))
        return st;
    HostRwLockAcquireShared(&CmpLock);
    if (body->Node->Flags & CM_KEY_FLAG_DELETED)
        st = STATUS_KEY_DELETED;
    else
        st = CmppKeyInformation(body->Node, Class, Information, Length, ResultLength);
    HostRwLockRelease(&CmpLock);
    ObDereferenceObject(body);
    return st;
}

NTSTATUS CmpEnumerateKey(HANDLE KeyHandle, ULONG Index, KEY_INFORMATION_CLASS Class,
                         PVOID Information, ULONG Length, PULONG ResultLength,
                         KPROCESSOR_MODE PreviousMode)
{
    PCM_KEY_BODY body;
    NTSTATUS st;

    /* Enumeration offers the per-subkey classes only. */
    if (Class != KeyBasicInformation && Class != KeyNodeInformation && Class != KeyFullInformation)
        return STATUS_INVALID_PARAMETER;
    st = CmpReferenceKey(KeyHandle, KEY_ENUMERATE_SUB_KEYS, PreviousMode, &body);
    if (!NT_SUCCESS(st))
        return st;
    HostRwLockAcquireShared(&CmpLock);
    if (body->Node->Flags & CM_KEY_FLAG_DELETED)
        st = STATUS_KEY_DELETED;
    else if (Index >= body->Node->SubKeyCount)
        st = STATUS_NO_MORE_ENTRIES;
    else
        st = CmppKeyInformation(body->Node->SubKeys[Index], Class, Information, Length,
                                ResultLength);
    HostRwLockRelease(&CmpLock);
    ObDereferenceObject(body);
    return st;
}

NTSTATUS CmpDeleteKey(HANDLE KeyHandle, KPROCESSOR_MODE PreviousMode)
{
    PCM_KEY_BODY body;
    PCM_KEY_NODE node;
    NTSTATUS st;

    st = CmpReferenceKey(KeyHandle, DELETE, PreviousMode, &body);
    if (!NT_SUCCESS(st))
        return st;
    node = body->Node;
    HostRwLockAcquireExclusive(&CmpLock);
    if (node->Flags & CM_KEY_FLAG_DELETED)
        st = STATUS_KEY_DELETED;
    else if ((node->Flags & CM_KEY_FLAG_NO_DELETE) || node->SubKeyCount != 0)
        st = STATUS_CANNOT_DELETE;
    else
        CmpDetachNode(node);
    HostRwLockRelease(&CmpLock);
    ObDereferenceObject(body);
    return st;
}

NTSTATUS CmpFlushKey(HANDLE KeyHandle, KPROCESSOR_MODE PreviousMode)
{
    PCM_KEY_BODY body;
    NTSTATUS st = CmpReferenceKey(KeyHandle, 0, PreviousMode, &body);

    if (!NT_SUCCESS(st))
        return st;
    HostRwLockAcquireShared(&CmpLock);
    if (body->Node->Flags & CM_KEY_FLAG_DELETED)
        st = STATUS_KEY_DELETED;
    HostRwLockRelease(&CmpLock);
    ObDereferenceObject(body);
    return st;
}

NTSTATUS CmpQueryValueKey(HANDLE KeyHandle, PCUNICODE_STRING ValueName,
                          KEY_VALUE_INFORMATION_CLASS Class, PVOID Information, ULONG Length,
                          PULONG ResultLength, KPROCESSOR_MODE PreviousMode)
{
    PCM_KEY_BODY body;
    PCM_KEY_VALUE v;
    NTSTATUS st;

    if ((ULONG)Class > KeyValuePartialInformationAlign64 || !CmppValidString(ValueName))
        return STATUS_INVALID_PARAMETER;
    st = CmpReferenceKey(KeyHandle, KEY_QUERY_VALUE, PreviousMode, &body);
    if (!NT_SUCCESS(st))
        return st;
    HostRwLockAcquireShared(&CmpLock);
    if (body->Node->Flags & CM_KEY_FLAG_DELETED)
        st = STATUS_KEY_DELETED;
    else if ((v = CmpFindValue(body->Node, ValueName, NULL)) == NULL)
        st = STATUS_OBJECT_NAME_NOT_FOUND;
    else
        st = CmppValueInformation(v, Class, Information, Length, ResultLength);
    HostRwLockRelease(&CmpLock);
    ObDereferenceObject(body);
    return st;
}

NTSTATUS CmpEnumerateValueKey(HANDLE KeyHandle, ULONG Index, KEY_VALUE_INFORMATION_CLASS Class,
                              PVOID Information, ULONG Length, PULONG ResultLength,
                              KPROCESSOR_MODE PreviousMode)
{
    PCM_KEY_BODY body;
    NTSTATUS st;

    if ((ULONG)Class > KeyValuePartialInformationAlign64)
        return STATUS_INVALID_PARAMETER;
    st = CmpReferenceKey(KeyHandle, KEY_QUERY_VALUE, PreviousMode, &body);
    if (!NT_SUCCESS(st))
        return st;
    HostRwLockAcquireShared(&CmpLock);
    if (body->Node->Flags & CM_KEY_FLAG_DELETED)
        st = STATUS_KEY_DELETED;
    else if (Index >= body->Node->ValueCount)
        st = STATUS_NO_MORE_ENTRIES;
    else
        st = CmppValueInformation(&body->Node->Values[Index], Class, Information, Length,
                                  ResultLength);
    HostRwLockRelease(&CmpLock);
    ObDereferenceObject(body);
    return st;
}

NTSTATUS CmpSetValueKey(HANDLE KeyHandle, PCUNICODE_STRING ValueName, ULONG Type,
                        const VOID *Data, ULONG DataSize, KPROCESSOR_MODE PreviousMode)
{
    PCM_KEY_BODY body;
    NTSTATUS st;

    /* 16383 characters is Windows' limit on a value name. */
    if (!CmppValidString(ValueName) || ValueName->Length > 16383 * sizeof(WCHAR) ||
        (DataSize != 0 && Data == NULL))
        return STATUS_INVALID_PARAMETER;
    st = CmpReferenceKey(KeyHandle, KEY_SET_VALUE, PreviousMode, &body);
    if (!NT_SUCCESS(st))
        return st;
    HostRwLockAcquireExclusive(&CmpLock);
    if (body->Node->Flags & CM_KEY_FLAG_DELETED)
        st = STATUS_KEY_DELETED;
    else
        st = CmpSetValue(body->Node, ValueName, Type, Data, DataSize);
    HostRwLockRelease(&CmpLock);
    ObDereferenceObject(body);
    return st;
}

NTSTATUS CmpDeleteValueKey(HANDLE KeyHandle, PCUNICODE_STRING ValueName,
                           KPROCESSOR_MODE PreviousMode)
{
    PCM_KEY_BODY body;
    ULONG index;
    NTSTATUS st;

    if (!CmppValidString(ValueName))
        return STATUS_INVALID_PARAMETER;
    st = CmpReferenceKey(KeyHandle, KEY_SET_VALUE, PreviousMode, &body);
    if (!NT_SUCCESS(st))
        return st;
    HostRwLockAcquireExclusive(&CmpLock);
    if (body->Node->Flags & CM_KEY_FLAG_DELETED)
        st = STATUS_KEY_DELETED;
    else if (CmpFindValue(body->Node, ValueName, &index) == NULL)
        st = STATUS_OBJECT_NAME_NOT_FOUND;
    else
        CmpDeleteValueAt(body->Node, index);
    HostRwLockRelease(&CmpLock);
    ObDereferenceObject(body);
    return st;
}

/* ==== PUBLIC FUNCTIONS ================================================================ */

/*
 * ZwCreateKey
 * @implemented
 * IRQL PASSIVE_LEVEL. Opens the key ObjectAttributes names or creates its last component
 * (*Disposition REG_CREATED_NEW_KEY / REG_OPENED_EXISTING_KEY). Only the last component is
 * created: a missing parent gives STATUS_OBJECT_NAME_NOT_FOUND. REG_OPTION_VOLATILE keys
 * are not exported/saved; a non-volatile key under a volatile one is
 * STATUS_CHILD_MUST_BE_VOLATILE. REG_OPTION_CREATE_LINK makes a link key (its
 * "SymbolicLinkValue" REG_LINK value names the target; an existing key gives
 * STATUS_OBJECT_NAME_COLLISION). Unknown options: STATUS_INVALID_PARAMETER.
 */
NTSTATUS NTAPI ZwCreateKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess,
                           POBJECT_ATTRIBUTES ObjectAttributes, ULONG TitleIndex,
                           PUNICODE_STRING Class, ULONG CreateOptions, PULONG Disposition)
{
    PAGED_CODE();
    (void)TitleIndex; /* reserved, ignored as on Windows */
    return CmpCreateKey(KeyHandle, DesiredAccess, ObjectAttributes, Class, CreateOptions,
                        Disposition, KernelMode);
}

/*
 * ZwOpenKey
 * @implemented
 * IRQL PASSIVE_LEVEL. Opens an existing key; link keys on the way are followed (the last
 * one too unless OBJ_OPENLINK). STATUS_OBJECT_NAME_NOT_FOUND for a missing key (any
 * component), STATUS_KEY_DELETED when RootDirectory's key was deleted.
 */
NTSTATUS NTAPI ZwOpenKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess,
                         POBJECT_ATTRIBUTES ObjectAttributes)
{
    PAGED_CODE();
    return CmpOpenKey(KeyHandle, DesiredAccess, ObjectAttributes, 0, KernelMode);
}

/*
 * ZwOpenKeyEx
 * @implemented
 * IRQL PASSIVE_LEVEL. ZwOpenKey with REG_OPTION_* open options: REG_OPTION_OPEN_LINK opens
 * a link key itself; REG_OPTION_BACKUP_RESTORE and REG_OPTION_DONT_VIRTUALIZE are accepted
 * (no security, no virtualization). Others: STATUS_INVALID_PARAMETER.
 */
NTSTATUS NTAPI ZwOpenKeyEx(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess,
                           POBJECT_ATTRIBUTES ObjectAttributes, ULONG OpenOptions)
{
    PAGED_CODE();
    return CmpOpenKey(KeyHandle, DesiredAccess, ObjectAttributes, OpenOptions, KernelMode);
}

/*
 * ZwQueryKey
 * @implemented
 * IRQL PASSIVE_LEVEL. KeyBasicInformation, KeyNodeInformation, KeyFullInformation,
 * KeyNameInformation (the full path, "\REGISTRY\MACHINE\..."), KeyCachedInformation.
 * Other classes: STATUS_INVALID_PARAMETER. Buffer rule in the file header.
 */
NTSTATUS NTAPI ZwQueryKey(HANDLE KeyHandle, KEY_INFORMATION_CLASS KeyInformationClass,
                          PVOID KeyInformation, ULONG Length, PULONG ResultLength)
{
    PAGED_CODE();
    return CmpQueryKey(KeyHandle, KeyInformationClass, KeyInformation, Length, ResultLength,
                       KernelMode);
}

/*
 * ZwEnumerateKey
 * @implemented
 * IRQL PASSIVE_LEVEL. The Index-th subkey in case-insensitive name order (Windows' order),
 * as KeyBasicInformation, KeyNodeInformation or KeyFullInformation. STATUS_NO_MORE_ENTRIES
 * past the last subkey.
 */
NTSTATUS NTAPI ZwEnumerateKey(HANDLE KeyHandle, ULONG Index,
                              KEY_INFORMATION_CLASS KeyInformationClass, PVOID KeyInformation,
                              ULONG Length, PULONG ResultLength)
{
    PAGED_CODE();
    return CmpEnumerateKey(KeyHandle, Index, KeyInformationClass, KeyInformation, Length,
                           ResultLength, KernelMode);
}

/*
 * ZwDeleteKey
 * @implemented
 * IRQL PASSIVE_LEVEL. Deletes the key now; handles to it stay open (close them with
 * ZwClose) and every other operation on them gives STATUS_KEY_DELETED. A key with subkeys,
 * or a hive root (\Registry, MACHINE, USER, SYSTEM, SOFTWARE, HARDWARE, .DEFAULT):
 * STATUS_CANNOT_DELETE.
 */
NTSTATUS NTAPI ZwDeleteKey(HANDLE KeyHandle)
{
    PAGED_CODE();
    return CmpDeleteKey(KeyHandle, KernelMode);
}

/*
 * ZwFlushKey
 * @implemented
 * IRQL PASSIVE_LEVEL. kmode's registry lives in memory: every change is already in the
 * store, so there is nothing to write. Checks the handle (STATUS_INVALID_HANDLE,
 * STATUS_OBJECT_TYPE_MISMATCH, STATUS_KEY_DELETED).
 */
NTSTATUS NTAPI ZwFlushKey(HANDLE KeyHandle)
{
    PAGED_CODE();
    return CmpFlushKey(KeyHandle, KernelMode);
}

/*
 * ZwQueryValueKey
 * @implemented
 * IRQL PASSIVE_LEVEL. KeyValueBasicInformation, KeyValueFullInformation(Align64),
 * KeyValuePartialInformation(Align64). Names compare case-insensitively; the empty name is
 * the key's default value. STATUS_OBJECT_NAME_NOT_FOUND for a missing value. Buffer rule
 * in the file header (the data of a Full answer starts ULONG-aligned, 8-aligned for Align64).
 */
NTSTATUS NTAPI ZwQueryValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName,
                               KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass,
                               PVOID KeyValueInformation, ULONG Length, PULONG ResultLength)
{
    PAGED_CODE();
    return CmpQueryValueKey(KeyHandle, ValueName, KeyValueInformationClass, KeyValueInformation,
                            Length, ResultLength, KernelMode);
}

/*
 * ZwEnumerateValueKey
 * @implemented
 * IRQL PASSIVE_LEVEL. The Index-th value in the order values were created (Windows'
 * order), classes as ZwQueryValueKey. STATUS_NO_MORE_ENTRIES past the last value.
 */
NTSTATUS NTAPI ZwEnumerateValueKey(HANDLE KeyHandle, ULONG Index,
                                   KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass,
                                   PVOID KeyValueInformation, ULONG Length, PULONG ResultLength)
{
    PAGED_CODE();
    return CmpEnumerateValueKey(KeyHandle, Index, KeyValueInformationClass, KeyValueInformation,
                                Length, ResultLength, KernelMode);
}

/*
 * ZwSetValueKey
 * @implemented
 * IRQL PASSIVE_LEVEL. Creates or replaces the value (any Type; the data is stored as given,
 * strings are not checked for terminators, as on Windows). Updates the key's last-write
 * time. STATUS_INVALID_PARAMETER for a malformed name, a name over 16383 characters, or
 * Data NULL with a non-zero DataSize.
 */
NTSTATUS NTAPI ZwSetValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName, ULONG TitleIndex,
                             ULONG Type, PVOID Data, ULONG DataSize)
{
    PAGED_CODE();
    (void)TitleIndex; /* ignored, as on Windows */
    return CmpSetValueKey(KeyHandle, ValueName, Type, Data, DataSize, KernelMode);
}

/*
 * ZwDeleteValueKey
 * @implemented
 * IRQL PASSIVE_LEVEL. STATUS_OBJECT_NAME_NOT_FOUND if there is no such value; the other
 * values keep their enumeration order.
 */
NTSTATUS NTAPI ZwDeleteValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName)
{
    PAGED_CODE();
    return CmpDeleteValueKey(KeyHandle, ValueName, KernelMode);
}

/* ==== INTERNAL FUNCTIONS (internal/cm.h) ============================================== */

NTSTATUS CmpForEachValue(PCWSTR Path, PCM_VALUE_CALLBACK Callback, PVOID Context)
{
    UNICODE_STRING path;
    PCM_KEY_NODE node;
    NTSTATUS st;

    CmpEnsureInitialized();
    RtlInitUnicodeString(&path, Path);
    /* "\Registry" is the root node itself: look the rest up below it. */
    UNICODE_STRING prefix = RTL_CONSTANT_STRING(L"\\Registry");
    if (RtlPrefixUnicodeString(&prefix, &path, TRUE) &&
        (path.Length == prefix.Length || path.Buffer[9] == L'\\')) {
        path.Buffer += 9;
        path.Length -= 9 * sizeof(WCHAR);
        path.MaximumLength = path.Length;
    }
    HostRwLockAcquireShared(&CmpLock);
    st = CmpLookupNode(CmpRootNode, &path, FALSE, NULL, &node);
    if (NT_SUCCESS(st)) {
        for (ULONG i = 0; i < node->ValueCount; i++)
            Callback(Context, &node->Values[i].Name, node->Values[i].Type, node->Values[i].Data,
                     node->Values[i].DataLength);
        CmpDereferenceNode(node);
    }
    HostRwLockRelease(&CmpLock);
    return st;
}
