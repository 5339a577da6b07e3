/*
 * PURPOSE: The Rtl registry helpers: RtlQueryRegistryValues (query tables, callbacks,
 * RTL_QUERY_REGISTRY_DIRECT), RtlWriteRegistryValue, RtlDeleteRegistryValue,
 * RtlCheckRegistryKey, RtlCreateRegistryKey, and REG_EXPAND_SZ expansion with kmode's
 * system environment.
 *
 * RelativeTo bases (RTL_REGISTRY_USER is the system process's view, \Registry\User\.Default).
 * RTL_REGISTRY_OPTIONAL is accepted and stripped, as Windows' implementation does: a
 * missing key still fails with STATUS_OBJECT_NAME_NOT_FOUND.
 */

/* ==== INCLUDES ======================================================================== */

#include "cmp.h"
#include <internal/rtl.h>
#include <internal/invoke.h>
#include <stdlib.h>
#include <string.h>

/* ==== GLOBALS ========================================================================= */

const WCHAR CmpSystemEnvironment[] = L"SystemRoot=C:\\Windows\0"
                                     L"windir=C:\\Windows\0"
                                     L"SystemDrive=C:\0";   /* + the literal's NUL: the end */

static PCWSTR const CmpRelativeBases[] = {
    [RTL_REGISTRY_ABSOLUTE] = L"",
    [RTL_REGISTRY_SERVICES] = L"\\Registry\\Machine\\System\\CurrentControlSet\\Services",
    [RTL_REGISTRY_CONTROL] = L"\\Registry\\Machine\\System\\CurrentControlSet\\Control",
    [RTL_REGISTRY_WINDOWS_NT] = L"\\Registry\\Machine\\Software\\Microsoft\\Windows NT\\CurrentVersion",
    [RTL_REGISTRY_DEVICEMAP] = L"\\Registry\\Machine\\Hardware\\DeviceMap",
    [RTL_REGISTRY_USER] = L"\\Registry\\User\\.Default",
};

/* ==== PRIVATE FUNCTIONS =============================================================== */

static SIZE_T CmppWcsLen(PCWSTR s)
{
    SIZE_T n = 0;
    while (s[n] != 0)
        n++;
    return n;
}

/* Opens (Create: creates the last component of) the key RelativeTo/Path names.
   *Owned: the caller closes *Handle. */
static NTSTATUS CmppOpenRelative(ULONG RelativeTo, PCWSTR Path, BOOLEAN Create, PHANDLE Handle,
                                 PBOOLEAN Owned)
{
    ULONG base = RelativeTo & ~(RTL_REGISTRY_OPTIONAL | RTL_REGISTRY_HANDLE);
    SIZE_T baseChars, pathChars, total;
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    PWCH buffer;
    NTSTATUS st;

    *Handle = NULL;
    *Owned = FALSE;
    if (RelativeTo & RTL_REGISTRY_HANDLE) {
        *Handle = (HANDLE)Path;
        return STATUS_SUCCESS;
    }
    if (base >= RTL_REGISTRY_MAXIMUM || Path == NULL)
        return STATUS_INVALID_PARAMETER;
    baseChars = CmppWcsLen(CmpRelativeBases[base]);
    pathChars = CmppWcsLen(Path);
    total = baseChars + pathChars + 1;
    if (total * sizeof(WCHAR) > 0xFFFC)
        return STATUS_NAME_TOO_LONG;
    buffer = malloc((total + 1) * sizeof(WCHAR));
    if (buffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    memcpy(buffer, CmpRelativeBases[base], baseChars * sizeof(WCHAR));
    if (base != RTL_REGISTRY_ABSOLUTE && pathChars != 0 && Path[0] != L'\\')
        buffer[baseChars++] = L'\\';
    memcpy(buffer + baseChars, Path, pathChars * sizeof(WCHAR));
    name.Buffer = buffer;
    name.Length = (USHORT)((baseChars + pathChars) * sizeof(WCHAR));
    name.MaximumLength = name.Length;
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    if (Create)
        st = CmpCreateKey(Handle, KEY_ALL_ACCESS, &oa, NULL, 0, NULL, KernelMode);
    else
        st = CmpOpenKey(Handle, KEY_ALL_ACCESS, &oa, 0, KernelMode);
    free(buffer);
    *Owned = NT_SUCCESS(st);
    return st;
}

static BOOLEAN CmppIsStringType(ULONG Type)
{
    return Type == REG_SZ || Type == REG_EXPAND_SZ || Type == REG_MULTI_SZ;
}

/* RTL_QUERY_REGISTRY_DIRECT: store into EntryContext by the documented rules. */
static NTSTATUS CmppStoreDirect(PRTL_QUERY_REGISTRY_TABLE Entry, ULONG Type, PVOID Data,
                                ULONG Length)
{
    if (CmppIsStringType(Type) && !(Entry->Flags & RTL_QUERY_REGISTRY_NOSTRING)) {
        /* A UNICODE_STRING; Length includes the terminator here. */
        PUNICODE_STRING s = Entry->EntryContext;
        if (Length > 0xFFFE)
            return STATUS_BUFFER_TOO_SMALL;
        if (s->Buffer == NULL) {
            s->Buffer = RtlpAllocateStringMemory(Length);
            if (s->Buffer == NULL)
                return STATUS_NO_MEMORY;
            s->MaximumLength = (USHORT)Length;
        } else if (Length > s->MaximumLength) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        memcpy(s->Buffer, Data, Length);
        s->Length = (USHORT)(Length - sizeof(WCHAR));
        return STATUS_SUCCESS;
    }
    if (Length <= sizeof(ULONG)) {
        /* Small data (REG_DWORD): straight into the ULONG EntryContext points at. */
        memcpy(Entry->EntryContext, Data, Length);
        return STATUS_SUCCESS;
    }
    {
        /* A buffer that starts with a LONG: its magnitude is the buffer's size. Negative:
           the data alone; positive: ULONG length, ULONG type, then the data. */
        LONG size;
        memcpy(&size, Entry->EntryContext, sizeof(size));
        if (size < 0) {
            if ((ULONG)(-(LONGLONG)size) < Length)
                return STATUS_BUFFER_TOO_SMALL;
            memcpy(Entry->EntryContext, Data, Length);
        } else {
            ULONG header[2] = { Length, Type };
            if ((ULONGLONG)size < (ULONGLONG)Length + sizeof(header))
                return STATUS_BUFFER_TOO_SMALL;
            memcpy(Entry->EntryContext, header, sizeof(header));
            memcpy((PUCHAR)Entry->EntryContext + sizeof(header), Data, Length);
        }
        return STATUS_SUCCESS;
    }
}

static NTSTATUS CmppDeliver(PRTL_QUERY_REGISTRY_TABLE Entry, PWSTR ValueName, ULONG Type,
                            PVOID Data, ULONG Length, PVOID Context)
{
    if (Entry->Flags & RTL_QUERY_REGISTRY_DIRECT)
        return CmppStoreDirect(Entry, Type, Data, Length);
    return KiInvokeQueryRegistryRoutine(Entry->QueryRoutine, ValueName, Type, Data, Length, Context,
                                        Entry->EntryContext);
}

/* One value (from the registry or a default): terminates strings, splits REG_MULTI_SZ and
   expands REG_EXPAND_SZ unless NOEXPAND, then hands each piece over. */
static NTSTATUS CmppProcessValue(PRTL_QUERY_REGISTRY_TABLE Entry, PWSTR ValueName, ULONG Type,
                                 PVOID Data, ULONG Length, PVOID Context, PVOID Environment)
{
    BOOLEAN noExpand = (Entry->Flags & RTL_QUERY_REGISTRY_NOEXPAND) != 0;
    PWCH copy = NULL;
    NTSTATUS st;

    if (!CmppIsStringType(Type) ||
        ((Entry->Flags & RTL_QUERY_REGISTRY_DIRECT) && (Entry->Flags & RTL_QUERY_REGISTRY_NOSTRING)))
        return CmppDeliver(Entry, ValueName, Type, Data, Length, Context);

    /* Strings reach the caller NUL-terminated, the length counting the terminator (a
       REG_MULTI_SZ keeps its final extra NUL). */
    {
        ULONG chars = Length / sizeof(WCHAR);
        PCWCH w = Data;
        ULONG need = (Type == REG_MULTI_SZ) ? 2 : 1;
        ULONG have = 0;
        while (have < need && have < chars && w[chars - 1 - have] == 0)
            have++;
        if (have < need || (Length & 1)) {
            copy = malloc((chars + need) * sizeof(WCHAR));
            if (copy == NULL)
                return STATUS_INSUFFICIENT_RESOURCES;
            if (chars != 0)
                memcpy(copy, Data, chars * sizeof(WCHAR));
            /* Empty data or a lone NUL is an empty list/string. */
            for (ULONG i = 0; i < need - have; i++)
                copy[chars + i] = 0;
            chars += need - have;
            Data = copy;
            Length = chars * sizeof(WCHAR);
        }
    }

    if (Type == REG_MULTI_SZ && !noExpand) {
        PWCH p = Data, end = (PWCH)((PUCHAR)Data + Length);
        st = STATUS_SUCCESS;
        while (p < end && *p != 0 && NT_SUCCESS(st)) {
            SIZE_T n = CmppWcsLen(p) + 1;
            st = CmppDeliver(Entry, ValueName, REG_SZ, p, (ULONG)(n * sizeof(WCHAR)), Context);
            p += n;
        }
    } else if (Type == REG_EXPAND_SZ && !noExpand) {
        PWCHAR expanded;
        ULONG bytes;
        st = CmpExpandEnvironment(Data, (ULONG)CmppWcsLen(Data), Environment, &expanded, &bytes);
        if (NT_SUCCESS(st)) {
            st = CmppDeliver(Entry, ValueName, REG_SZ, expanded, bytes, Context);
            free(expanded);
        }
    } else {
        st = CmppDeliver(Entry, ValueName, Type, Data, Length, Context);
    }
    free(copy);
    return st;
}

/* A default value: DefaultLength 0 for a string type means "measure it". */
static NTSTATUS CmppProcessDefault(PRTL_QUERY_REGISTRY_TABLE Entry, PVOID Context,
                                   PVOID Environment)
{
    ULONG length = Entry->DefaultLength;
    PWCH data = Entry->DefaultData;

    if (length == 0 && data != NULL && CmppIsStringType(Entry->DefaultType)) {
        SIZE_T chars = 0;
        if (Entry->DefaultType == REG_MULTI_SZ) {
            while (data[chars] != 0)
                chars += CmppWcsLen(data + chars) + 1;
        } else {
            chars = CmppWcsLen(data);
        }
        length = (ULONG)((chars + 1) * sizeof(WCHAR));
    }
    return CmppProcessValue(Entry, Entry->Name, Entry->DefaultType, data, length, Context,
                            Environment);
}

/* KEY_VALUE_FULL_INFORMATION of value Index (or named Name), in a buffer the caller frees. */
static NTSTATUS CmppGetValue(HANDLE Key, PCUNICODE_STRING Name, ULONG Index,
                             PKEY_VALUE_FULL_INFORMATION *Info)
{
    ULONG size = 256, needed = 0;
    NTSTATUS st;

    *Info = NULL;
    for (;;) {
        PKEY_VALUE_FULL_INFORMATION buf = malloc(size + sizeof(WCHAR));
        if (buf == NULL)
            return STATUS_INSUFFICIENT_RESOURCES;
        if (Name != NULL)
            st = CmpQueryValueKey(Key, Name, KeyValueFullInformation, buf, size, &needed,
                                  KernelMode);
        else
            st = CmpEnumerateValueKey(Key, Index, KeyValueFullInformation, buf, size, &needed,
                                      KernelMode);
        if (NT_SUCCESS(st)) {
            /* A terminated copy of the name right after the structure's name is not
               possible in place (the data follows it): callers use CmppValueName. */
            *Info = buf;
            return st;
        }
        free(buf);
        if (st != STATUS_BUFFER_OVERFLOW && st != STATUS_BUFFER_TOO_SMALL)
            return st;
        size = needed;
    }
}

static PWSTR CmppValueName(PKEY_VALUE_FULL_INFORMATION Info)
{
    PWSTR name = malloc(Info->NameLength + sizeof(WCHAR));
    if (name != NULL) {
        memcpy(name, Info->Name, Info->NameLength);
        name[Info->NameLength / sizeof(WCHAR)] = 0;
    }
    return name;
}

static NTSTATUS CmppCheckType(PRTL_QUERY_REGISTRY_TABLE Entry, ULONG Type)
{
    if ((Entry->Flags & (RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK)) ==
            (RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK) &&
        /* Not RTL_QUERY_REGISTRY_TYPECHECK_MASK: types.h spells it 0xff << 24, which
           overflows int (UBSan). */
        ((Entry->Flags >> RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) & 0xFF) != (Type & 0xFF))
        return STATUS_OBJECT_TYPE_MISMATCH;
    return STATUS_SUCCESS;
}

/* Every value of Key, for an entry without a Name. */
static NTSTATUS CmppQueryAll(HANDLE Key, PRTL_QUERY_REGISTRY_TABLE Entry, PVOID Context,
                             PVOID Environment)
{
    ULONG index = 0, seen = 0;
    NTSTATUS st;

    for (;;) {
        PKEY_VALUE_FULL_INFORMATION info;
        PWSTR name;
        st = CmppGetValue(Key, NULL, index, &info);
        if (st == STATUS_NO_MORE_ENTRIES) {
            st = STATUS_SUCCESS;
            break;
        }
        if (!NT_SUCCESS(st))
            return st;
        seen++;
        name = CmppValueName(info);
        if (name == NULL) {
            free(info);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        st = CmppProcessValue(Entry, name, info->Type, (PUCHAR)info + info->DataOffset,
                              info->DataLength, Context, Environment);
        if (NT_SUCCESS(st) && (Entry->Flags & RTL_QUERY_REGISTRY_DELETE)) {
            UNICODE_STRING n = { (USHORT)info->NameLength, (USHORT)info->NameLength, name };
            st = CmpDeleteValueKey(Key, &n, KernelMode);
            index--; /* the next value moved into this slot */
        }
        free(name);
        free(info);
        if (!NT_SUCCESS(st))
            return st;
        index++;
    }
    if (seen == 0 && (Entry->Flags & RTL_QUERY_REGISTRY_REQUIRED))
        return STATUS_OBJECT_NAME_NOT_FOUND;
    return st;
}

/* One named value of Key (Key NULL: its subkey is missing, so is the value). */
static NTSTATUS CmppQueryNamed(HANDLE Key, PRTL_QUERY_REGISTRY_TABLE Entry, PVOID Context,
                               PVOID Environment)
{
    PKEY_VALUE_FULL_INFORMATION info = NULL;
    UNICODE_STRING name;
    NTSTATUS st = STATUS_OBJECT_NAME_NOT_FOUND;

    RtlInitUnicodeString(&name, Entry->Name);
    if (Key != NULL)
        st = CmppGetValue(Key, &name, 0, &info);
    if (st == STATUS_OBJECT_NAME_NOT_FOUND) {
        if (Entry->Flags & RTL_QUERY_REGISTRY_REQUIRED)
            return STATUS_OBJECT_NAME_NOT_FOUND;
        if (Entry->DefaultType == REG_NONE)
            return STATUS_SUCCESS;
        return CmppProcessDefault(Entry, Context, Environment);
    }
    if (!NT_SUCCESS(st))
        return st;
    st = CmppCheckType(Entry, info->Type);
    if (NT_SUCCESS(st))
        st = CmppProcessValue(Entry, Entry->Name, info->Type, (PUCHAR)info + info->DataOffset,
                              info->DataLength, Context, Environment);
    free(info);
    if (NT_SUCCESS(st) && (Entry->Flags & RTL_QUERY_REGISTRY_DELETE))
        st = CmpDeleteValueKey(Key, &name, KernelMode);
    return st;
}

/* ==== PRIVATE (subsystem-wide) FUNCTIONS ============================================== */

NTSTATUS CmpExpandEnvironment(PCWCH Source, ULONG Chars, PCWSTR Environment, PWCHAR *Result,
                              PULONG ResultBytes)
{
    PCWSTR env = Environment != NULL ? Environment : CmpSystemEnvironment;
    SIZE_T cap = (SIZE_T)Chars + 64, used = 0;
    PWCHAR out = malloc(cap * sizeof(WCHAR));
    ULONG i = 0;

    *Result = NULL;
    *ResultBytes = 0;
    if (out == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    while (i < Chars) {
        PCWCH piece = Source + i;
        SIZE_T pieceChars = 1;
        if (Source[i] == L'%') {
            ULONG close = i + 1;
            while (close < Chars && Source[close] != L'%')
                close++;
            if (close < Chars && close > i + 1) {
                /* Look the name up: NAME=VALUE entries, names compared ignoring case. */
                ULONG nameChars = close - i - 1;
                PCWSTR e;
                for (e = env; *e != 0; e += CmppWcsLen(e) + 1) {
                    ULONG k = 0;
                    while (k < nameChars && e[k] != 0 && e[k] != L'=' &&
                           RtlUpcaseUnicodeChar(e[k]) == RtlUpcaseUnicodeChar(Source[i + 1 + k]))
                        k++;
                    if (k == nameChars && e[k] == L'=')
                        break;
                }
                if (*e != 0) {
                    piece = e + nameChars + 1;
                    pieceChars = CmppWcsLen(piece);
                    i = close + 1;
                } else {
                    /* Undefined: keep "%NAME" and go on from the closing '%'. */
                    pieceChars = close - i;
                    i = close;
                }
            } else {
                i++;
            }
        } else {
            i++;
        }
        if (used + pieceChars + 1 > cap) {
            PWCHAR grown;
            cap = (used + pieceChars + 1) * 2;
            grown = realloc(out, cap * sizeof(WCHAR));
            if (grown == NULL) {
                free(out);
                return STATUS_INSUFFICIENT_RESOURCES;
            }
            out = grown;
        }
        memcpy(out + used, piece, pieceChars * sizeof(WCHAR));
        used += pieceChars;
    }
    out[used] = 0;
    if ((used + 1) * sizeof(WCHAR) > 0xFFFFFFFFULL) {
        free(out);
        return STATUS_BUFFER_OVERFLOW;
    }
    *Result = out;
    *ResultBytes = (ULONG)((used + 1) * sizeof(WCHAR));
    return STATUS_SUCCESS;
}

/* ==== PUBLIC FUNCTIONS ================================================================ */

/*
 * RtlQueryRegistryValues
 * @implemented
 * IRQL PASSIVE_LEVEL. Walks QueryTable (ended by an entry with no QueryRoutine and neither
 * RTL_QUERY_REGISTRY_SUBKEY nor RTL_QUERY_REGISTRY_DIRECT):
 *  - SUBKEY: the following entries read the subkey Name of the starting key (a missing
 *    subkey: their values count as missing; with REQUIRED the call fails); a SUBKEY entry
 *    with a QueryRoutine also gets every value of the subkey. TOPKEY: back to the starting key.
 *  - Name NULL: QueryRoutine is called for every value (NOVALUE: once, with no value).
 *  - Name given: the value, or if missing the default (DefaultType REG_NONE: none), or with
 *    REQUIRED STATUS_OBJECT_NAME_NOT_FOUND.
 *  - Strings arrive NUL-terminated; REG_MULTI_SZ is split into one REG_SZ call per string
 *    and REG_EXPAND_SZ expanded (type REG_SZ) unless NOEXPAND. Environment: a NAME=VALUE
 *    block, or NULL for kmode's (SystemRoot=C:\Windows, windir, SystemDrive=C:).
 *  - DIRECT: stored into EntryContext (UNICODE_STRING for strings, allocated if its Buffer
 *    is NULL: free with RtlFreeUnicodeString; STATUS_BUFFER_TOO_SMALL if MaximumLength is
 *    short; data up to 4 bytes into the ULONG; larger data into a buffer starting with a
 *    LONG size: negative = data only, positive = length, type, data). With TYPECHECK, a
 *    stored value whose type differs from Flags' top byte: STATUS_OBJECT_TYPE_MISMATCH.
 *  - DELETE: the value is deleted after it was delivered.
 * The first failure (a QueryRoutine's included) ends the walk and is returned.
 */
NTSTATUS NTAPI RtlQueryRegistryValues(ULONG RelativeTo, PCWSTR Path,
                                      PRTL_QUERY_REGISTRY_TABLE QueryTable, PVOID Context,
                                      PVOID Environment)
{
    HANDLE top, cur = NULL;
    BOOLEAN topOwned, curOwned = FALSE, curMissing = FALSE;
    PRTL_QUERY_REGISTRY_TABLE e;
    NTSTATUS st;

    PAGED_CODE();
    if (QueryTable == NULL)
        return STATUS_INVALID_PARAMETER;
    st = CmppOpenRelative(RelativeTo, Path, FALSE, &top, &topOwned);
    if (!NT_SUCCESS(st))
        return st;
    cur = top;
    for (e = QueryTable;
         e->QueryRoutine != NULL || (e->Flags & (RTL_QUERY_REGISTRY_SUBKEY | RTL_QUERY_REGISTRY_DIRECT));
         e++) {
        if (e->Flags & (RTL_QUERY_REGISTRY_TOPKEY | RTL_QUERY_REGISTRY_SUBKEY)) {
            if (curOwned)
                ZwClose(cur);
            cur = top;
            curOwned = FALSE;
            curMissing = FALSE;
        }
        if (e->Flags & RTL_QUERY_REGISTRY_SUBKEY) {
            UNICODE_STRING name;
            OBJECT_ATTRIBUTES oa;
            HANDLE sub;
            if (e->Name == NULL) {
                st = STATUS_INVALID_PARAMETER;
                break;
            }
            RtlInitUnicodeString(&name, e->Name);
            InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, top,
                                       NULL);
            st = CmpOpenKey(&sub, KEY_ALL_ACCESS, &oa, 0, KernelMode);
            if (NT_SUCCESS(st)) {
                cur = sub;
                curOwned = TRUE;
            } else if (st == STATUS_OBJECT_NAME_NOT_FOUND &&
                       !(e->Flags & RTL_QUERY_REGISTRY_REQUIRED)) {
                curMissing = TRUE;
                st = STATUS_SUCCESS;
            } else {
                break;
            }
            if (e->QueryRoutine == NULL || (e->Flags & RTL_QUERY_REGISTRY_DIRECT))
                continue;
            if (e->Flags & RTL_QUERY_REGISTRY_NOVALUE)
                st = KiInvokeQueryRegistryRoutine(e->QueryRoutine, NULL, REG_NONE, NULL, 0, Context,
                                                  e->EntryContext);
            else if (!curMissing)
                st = CmppQueryAll(cur, e, Context, Environment);
            if (!NT_SUCCESS(st))
                break;
            continue;
        }
        if (e->Name == NULL) {
            if (e->Flags & RTL_QUERY_REGISTRY_DIRECT) {
                st = STATUS_INVALID_PARAMETER; /* nowhere to store "every value" */
                break;
            }
            if (e->Flags & RTL_QUERY_REGISTRY_NOVALUE)
                st = KiInvokeQueryRegistryRoutine(e->QueryRoutine, NULL, REG_NONE, NULL, 0, Context,
                                                  e->EntryContext);
            else if (curMissing)
                st = (e->Flags & RTL_QUERY_REGISTRY_REQUIRED) ? STATUS_OBJECT_NAME_NOT_FOUND
                                                              : STATUS_SUCCESS;
            else
                st = CmppQueryAll(cur, e, Context, Environment);
        } else {
            st = CmppQueryNamed(curMissing ? NULL : cur, e, Context, Environment);
        }
        if (!NT_SUCCESS(st))
            break;
    }
    if (curOwned)
        ZwClose(cur);
    if (topOwned)
        ZwClose(top);
    return st;
}

/*
 * RtlWriteRegistryValue
 * @implemented
 * IRQL PASSIVE_LEVEL. Sets ValueName in the key RelativeTo/Path names, creating that key
 * (its last component; the parent must exist) if needed. Statuses of ZwCreateKey and
 * ZwSetValueKey.
 */
NTSTATUS NTAPI RtlWriteRegistryValue(ULONG RelativeTo, PCWSTR Path, PCWSTR ValueName,
                                     ULONG ValueType, PVOID ValueData, ULONG ValueLength)
{
    UNICODE_STRING name;
    HANDLE key;
    BOOLEAN owned;
    NTSTATUS st;

    PAGED_CODE();
    st = CmppOpenRelative(RelativeTo, Path, TRUE, &key, &owned);
    if (!NT_SUCCESS(st))
        return st;
    RtlInitUnicodeString(&name, ValueName);
    st = CmpSetValueKey(key, &name, ValueType, ValueData, ValueLength, KernelMode);
    if (owned)
        ZwClose(key);
    return st;
}

/*
 * RtlDeleteRegistryValue
 * @implemented
 * IRQL PASSIVE_LEVEL. Deletes ValueName from the key RelativeTo/Path names.
 * STATUS_OBJECT_NAME_NOT_FOUND if the key or the value is missing.
 */
NTSTATUS NTAPI RtlDeleteRegistryValue(ULONG RelativeTo, PCWSTR Path, PCWSTR ValueName)
{
    UNICODE_STRING name;
    HANDLE key;
    BOOLEAN owned;
    NTSTATUS st;

    PAGED_CODE();
    st = CmppOpenRelative(RelativeTo, Path, FALSE, &key, &owned);
    if (!NT_SUCCESS(st))
        return st;
    RtlInitUnicodeString(&name, ValueName);
    st = CmpDeleteValueKey(key, &name, KernelMode);
    if (owned)
        ZwClose(key);
    return st;
}

/*
 * RtlCheckRegistryKey
 * @implemented
 * IRQL PASSIVE_LEVEL. STATUS_SUCCESS if the key RelativeTo/Path names exists, else the
 * status of opening it (STATUS_OBJECT_NAME_NOT_FOUND).
 */
NTSTATUS NTAPI RtlCheckRegistryKey(ULONG RelativeTo, PWSTR Path)
{
    HANDLE key;
    BOOLEAN owned;
    NTSTATUS st;

    PAGED_CODE();
    st = CmppOpenRelative(RelativeTo, Path, FALSE, &key, &owned);
    if (NT_SUCCESS(st) && owned)
        ZwClose(key);
    return st;
}

/*
 * RtlCreateRegistryKey
 * @implemented
 * IRQL PASSIVE_LEVEL. Creates the key RelativeTo/Path names (its last component; the
 * parent must exist: STATUS_OBJECT_NAME_NOT_FOUND). An existing key is success. With
 * RTL_REGISTRY_HANDLE the key is the handle itself: nothing to create.
 */
NTSTATUS NTAPI RtlCreateRegistryKey(ULONG RelativeTo, PWSTR Path)
{
    HANDLE key;
    BOOLEAN owned;
    NTSTATUS st;

    PAGED_CODE();
    st = CmppOpenRelative(RelativeTo, Path, TRUE, &key, &owned);
    if (NT_SUCCESS(st) && owned)
        ZwClose(key);
    return st;
}
