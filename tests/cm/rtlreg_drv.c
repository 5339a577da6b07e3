/*
 * PURPOSE: Tests for the Rtl registry helpers (src/cm/cmrtl.c) written as WDK driver code,
 * the way a driver reads its Services\<name>\Parameters key in DriverEntry:
 * RtlQueryRegistryValues with callbacks and RTL_QUERY_REGISTRY_DIRECT (typecheck, the
 * direct-buffer conventions), SUBKEY/TOPKEY/REQUIRED/NOVALUE/NOEXPAND/DELETE, defaults,
 * expansion, RelativeTo bases, RtlWriteRegistryValue, RtlDeleteRegistryValue,
 * RtlCheckRegistryKey, RtlCreateRegistryKey.
 */
#include <ntddk.h>
#include "ktest.h"

#define ST(t, expr, status) KT_EXPECT_EQ(t, (expr), (status))

#define DRV L"KmRtlDrv"
#define PARAMS DRV L"\\Parameters"

static const UCHAR Blob[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };

/* What an INF's AddReg would have put there. */
static void Seed(KTEST *t)
{
    ULONG dw = 42;
    ULONGLONG qw = 0x0102030405060708ULL;
    static const WCHAR name[] = L"Device One";
    static const WCHAR path[] = L"%SystemRoot%\\System32\\drivers";
    static const WCHAR list[] = L"alpha\0beta\0gamma\0";
    UNICODE_STRING keyName;
    OBJECT_ATTRIBUTES oa;
    HANDLE old;

    /* Start from a fresh Parameters key (value order is creation order). */
    RtlInitUnicodeString(&keyName, L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\" PARAMS);
    InitializeObjectAttributes(&oa, &keyName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    if (NT_SUCCESS(ZwOpenKey(&old, DELETE, &oa))) {
        ST(t, ZwDeleteKey(old), STATUS_SUCCESS);
        ZwClose(old);
    }

    ST(t, RtlCreateRegistryKey(RTL_REGISTRY_SERVICES, DRV), STATUS_SUCCESS);
    ST(t, RtlWriteRegistryValue(RTL_REGISTRY_SERVICES, PARAMS, L"Level", REG_DWORD, &dw, 4),
       STATUS_SUCCESS);
    ST(t, RtlWriteRegistryValue(RTL_REGISTRY_SERVICES, PARAMS, L"Name", REG_SZ, (PVOID)name,
                                sizeof(name)), STATUS_SUCCESS);
    ST(t, RtlWriteRegistryValue(RTL_REGISTRY_SERVICES, PARAMS, L"Path", REG_EXPAND_SZ, (PVOID)path,
                                sizeof(path)), STATUS_SUCCESS);
    ST(t, RtlWriteRegistryValue(RTL_REGISTRY_SERVICES, PARAMS, L"List", REG_MULTI_SZ, (PVOID)list,
                                sizeof(list)), STATUS_SUCCESS);
    ST(t, RtlWriteRegistryValue(RTL_REGISTRY_SERVICES, PARAMS, L"Blob", REG_BINARY, (PVOID)Blob,
                                sizeof(Blob)), STATUS_SUCCESS);
    ST(t, RtlWriteRegistryValue(RTL_REGISTRY_SERVICES, PARAMS, L"Big", REG_QWORD, &qw, 8),
       STATUS_SUCCESS);
}

typedef struct _SEEN {
    ULONG Calls;
    WCHAR Names[8][16];
    ULONG Types[8];
    ULONG Lengths[8];
    WCHAR Strings[8][64];
    NTSTATUS Fail;          /* returned from call number FailAt */
    ULONG FailAt;
} SEEN, *PSEEN;

static NTSTATUS NTAPI Record(PWSTR ValueName, ULONG ValueType, PVOID ValueData, ULONG ValueLength,
                             PVOID Context, PVOID EntryContext)
{
    PSEEN s = (PSEEN)Context;
    ULONG i = s->Calls++;
    (void)EntryContext;
    if (i < 8) {
        if (ValueName != NULL) {
            ULONG n = 0;
            while (n < 15 && ValueName[n] != 0) {
                s->Names[i][n] = ValueName[n];
                n++;
            }
            s->Names[i][n] = 0;
        } else
            s->Names[i][0] = L'!';
        s->Types[i] = ValueType;
        s->Lengths[i] = ValueLength;
        if ((ValueType == REG_SZ || ValueType == REG_EXPAND_SZ || ValueType == REG_MULTI_SZ) &&
            ValueLength <= sizeof(s->Strings[i]))
            RtlCopyMemory(s->Strings[i], ValueData, ValueLength);
    }
    if (s->FailAt != 0 && s->Calls == s->FailAt)
        return s->Fail;
    return STATUS_SUCCESS;
}

static BOOLEAN WEq(PCWSTR A, PCWSTR B)
{
    while (*A != 0 && *A == *B) {
        A++;
        B++;
    }
    return *A == *B;
}

/* ---- DIRECT ------------------------------------------------------------------------------ */

static void cm_rtl_test_driver_entry_reads_parameters_direct(KTEST *t)
{
    ULONG level = 0, missing = 7, defLevel = 99;
    UNICODE_STRING name = { 0, 0, NULL };
    RTL_QUERY_REGISTRY_TABLE table[4];

    Seed(t);
    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK |
                     (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT);
    table[0].Name = L"Level";
    table[0].EntryContext = &level;
    table[0].DefaultType = REG_DWORD;
    table[0].DefaultData = &defLevel;
    table[0].DefaultLength = 4;
    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[1].Name = L"Name";
    table[1].EntryContext = &name;
    table[2].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[2].Name = L"NotThere";
    table[2].EntryContext = &missing;
    table[2].DefaultType = REG_DWORD;
    table[2].DefaultData = &defLevel;
    table[2].DefaultLength = 4;
    ST(t, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, PARAMS, table, NULL, NULL), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, level, 42);
    KT_EXPECT_EQ(t, missing, 99);
    /* A NULL Buffer is allocated for the caller; Length excludes the terminator. */
    KT_ASSERT_TRUE(t, name.Buffer != NULL);
    KT_EXPECT_EQ(t, name.Length, 20);
    KT_EXPECT_EQ(t, name.MaximumLength, 22);
    KT_EXPECT_TRUE(t, WEq(name.Buffer, L"Device One"));
    RtlFreeUnicodeString(&name);
}

static void cm_rtl_test_direct_typecheck_mismatch(KTEST *t)
{
    ULONG value = 5;
    RTL_QUERY_REGISTRY_TABLE table[2];

    Seed(t);
    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK |
                     (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT);
    table[0].Name = L"Blob"; /* REG_BINARY: would overrun a ULONG */
    table[0].EntryContext = &value;
    ST(t, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, PARAMS, table, NULL, NULL),
       STATUS_OBJECT_TYPE_MISMATCH);
    KT_EXPECT_EQ(t, value, 5);
    /* The same type passes. */
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK |
                     (REG_BINARY << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT);
    {
        LONG buf[5] = { -16 };
        table[0].EntryContext = buf;
        ST(t, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, PARAMS, table, NULL, NULL),
           STATUS_SUCCESS);
        KT_EXPECT_MEMEQ(t, buf, Blob, 16);
    }
}

static void cm_rtl_test_direct_binary_buffer_conventions(KTEST *t)
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG buf[8];

    Seed(t);
    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[0].Name = L"Blob";
    table[0].EntryContext = buf;
    /* Negative size: the data alone. */
    RtlFillMemory(buf, sizeof(buf), 0xEE);
    buf[0] = (ULONG)-(LONG)sizeof(buf);
    ST(t, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, PARAMS, table, NULL, NULL), STATUS_SUCCESS);
    KT_EXPECT_MEMEQ(t, buf, Blob, 16);
    KT_EXPECT_EQ(t, buf[4], 0xEEEEEEEE);
    /* Positive size: length, type, then the data. */
    buf[0] = sizeof(buf);
    ST(t, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, PARAMS, table, NULL, NULL), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, buf[0], 16);
    KT_EXPECT_EQ(t, buf[1], REG_BINARY);
    KT_EXPECT_MEMEQ(t, &buf[2], Blob, 16);
    /* Too small either way. */
    buf[0] = (ULONG)-15;
    ST(t, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, PARAMS, table, NULL, NULL),
       STATUS_BUFFER_TOO_SMALL);
    buf[0] = 23;
    ST(t, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, PARAMS, table, NULL, NULL),
       STATUS_BUFFER_TOO_SMALL);
    /* A QWORD is larger than a ULONG: the same convention. */
    {
        LONGLONG q = -8;
        table[0].Name = L"Big";
        table[0].EntryContext = &q;
        ST(t, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, PARAMS, table, NULL, NULL),
           STATUS_SUCCESS);
        KT_EXPECT_EQ(t, q, 0x0102030405060708LL);
    }
}

static void cm_rtl_test_direct_string_into_callers_buffer(KTEST *t)
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    WCHAR storage[32];
    UNICODE_STRING s;

    Seed(t);
    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[0].Name = L"Name";
    table[0].EntryContext = &s;
    s.Buffer = storage;
    s.Length = 0;
    s.MaximumLength = sizeof(storage);
    ST(t, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, PARAMS, table, NULL, NULL), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, s.Buffer == storage);
    KT_EXPECT_EQ(t, s.Length, 20);
    KT_EXPECT_TRUE(t, WEq(storage, L"Device One"));
    s.MaximumLength = 20; /* no room for the terminator */
    ST(t, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, PARAMS, table, NULL, NULL),
       STATUS_BUFFER_TOO_SMALL);
    /* REG_EXPAND_SZ arrives expanded; with NOEXPAND as stored. */
    s.MaximumLength = sizeof(storage) * 2;
    {
        WCHAR big[64];
        s.Buffer = big;
        s.MaximumLength = sizeof(big);
        table[0].Name = L"Path";
        ST(t, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, PARAMS, table, NULL, NULL),
           STATUS_SUCCESS);
        KT_EXPECT_TRUE(t, WEq(big, L"C:\\Windows\\System32\\drivers"));
        table[0].Flags |= RTL_QUERY_REGISTRY_NOEXPAND;
        ST(t, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, PARAMS, table, NULL, NULL),
           STATUS_SUCCESS);
        KT_EXPECT_TRUE(t, WEq(big, L"%SystemRoot%\\System32\\drivers"));
        /* REG_MULTI_SZ with NOEXPAND: the whole list, both terminators. */
        table[0].Name = L"List";
        ST(t, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, PARAMS, table, NULL, NULL),
           STATUS_SUCCESS);
        KT_EXPECT_EQ(t, s.Length, sizeof(L"alpha\0beta\0gamma\0") - 2);
        KT_EXPECT_MEMEQ(t, big, L"alpha\0beta\0gamma\0", sizeof(L"alpha\0beta\0gamma\0"));
    }
}

/* ---- callbacks ---------------------------------------------------------------------------- */

static void cm_rtl_test_callbacks_split_multi_sz_and_expand(KTEST *t)
{
    RTL_QUERY_REGISTRY_TABLE table[3];
    SEEN s;

    Seed(t);
    RtlZeroMemory(table, sizeof(table));
    RtlZeroMemory(&s, sizeof(s));
    table[0].QueryRoutine = Record;
    table[0].Name = L"List";
    table[1].QueryRoutine = Record;
    table[1].Name = L"Path";
    ST(t, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, PARAMS, table, &s, NULL), STATUS_SUCCESS);
    KT_ASSERT_EQ(t, s.Calls, 4);
    for (ULONG i = 0; i < 3; i++)
        KT_EXPECT_EQ(t, s.Types[i], REG_SZ);
    KT_EXPECT_TRUE(t, WEq(s.Strings[0], L"alpha"));
    KT_EXPECT_EQ(t, s.Lengths[0], 12);
    KT_EXPECT_TRUE(t, WEq(s.Strings[2], L"gamma"));
    KT_EXPECT_TRUE(t, WEq(s.Names[1], L"List"));
    KT_EXPECT_EQ(t, s.Types[3], REG_SZ);
    KT_EXPECT_TRUE(t, WEq(s.Strings[3], L"C:\\Windows\\System32\\drivers"));

    /* NOEXPAND: one call each, types as stored. */
    RtlZeroMemory(&s, sizeof(s));
    table[0].Flags = table[1].Flags = RTL_QUERY_REGISTRY_NOEXPAND;
    ST(t, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, PARAMS, table, &s, NULL), STATUS_SUCCESS);
    KT_ASSERT_EQ(t, s.Calls, 2);
    KT_EXPECT_EQ(t, s.Types[0], REG_MULTI_SZ);
    KT_EXPECT_EQ(t, s.Lengths[0], sizeof(L"alpha\0beta\0gamma\0"));
    KT_EXPECT_EQ(t, s.Types[1], REG_EXPAND_SZ);

    /* A caller's environment block. */
    {
        static const WCHAR env[] = L"SYSTEMROOT=D:\\Win\0Other=1\0";
        RtlZeroMemory(&s, sizeof(s));
        table[0].Flags = table[1].Flags = 0;
        table[0].Name = L"Path";
        table[1].QueryRoutine = NULL;
        ST(t, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, PARAMS, table, &s, (PVOID)env),
           STATUS_SUCCESS);
        KT_ASSERT_EQ(t, s.Calls, 1);
        KT_EXPECT_TRUE(t, WEq(s.Strings[0], L"D:\\Win\\System32\\drivers"));
    }
}

static void cm_rtl_test_all_values_novalue_and_required(KTEST *t)
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    SEEN s;

    Seed(t);
    RtlZeroMemory(table, sizeof(table));
    RtlZeroMemory(&s, sizeof(s));
    /* Name NULL: every value, in creation order (NOEXPAND: List in one call). */
    table[0].QueryRoutine = Record;
    table[0].Flags = RTL_QUERY_REGISTRY_NOEXPAND;
    ST(t, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, PARAMS, table, &s, NULL), STATUS_SUCCESS);
    KT_ASSERT_EQ(t, s.Calls, 6);
    KT_EXPECT_TRUE(t, WEq(s.Names[0], L"Level"));
    KT_EXPECT_TRUE(t, WEq(s.Names[1], L"Name"));
    KT_EXPECT_TRUE(t, WEq(s.Names[2], L"Path"));
    KT_EXPECT_TRUE(t, WEq(s.Names[3], L"List"));
    KT_EXPECT_TRUE(t, WEq(s.Names[5], L"Big"));
    /* NOVALUE: one call, no value. */
    RtlZeroMemory(&s, sizeof(s));
    table[0].Flags = RTL_QUERY_REGISTRY_NOVALUE;
    ST(t, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, PARAMS, table, &s, NULL), STATUS_SUCCESS);
    KT_ASSERT_EQ(t, s.Calls, 1);
    KT_EXPECT_EQ(t, s.Types[0], REG_NONE);
    KT_EXPECT_EQ(t, s.Lengths[0], 0);
    /* REQUIRED and missing. */
    RtlZeroMemory(&s, sizeof(s));
    table[0].Flags = RTL_QUERY_REGISTRY_REQUIRED;
    table[0].Name = L"Absent";
    table[0].DefaultType = REG_DWORD; /* REQUIRED wins over a default */
    ST(t, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, PARAMS, table, &s, NULL),
       STATUS_OBJECT_NAME_NOT_FOUND);
    KT_EXPECT_EQ(t, s.Calls, 0);
    /* Not required, DefaultType REG_NONE: silently nothing. */
    table[0].Flags = 0;
    table[0].DefaultType = REG_NONE;
    ST(t, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, PARAMS, table, &s, NULL), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, s.Calls, 0);
    /* A string default with DefaultLength 0 is measured. */
    table[0].DefaultType = REG_SZ;
    table[0].DefaultData = L"dflt";
    ST(t, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, PARAMS, table, &s, NULL), STATUS_SUCCESS);
    KT_ASSERT_EQ(t, s.Calls, 1);
    KT_EXPECT_EQ(t, s.Lengths[0], 10);
    KT_EXPECT_TRUE(t, WEq(s.Strings[0], L"dflt"));
}

static void cm_rtl_test_query_routine_failure_stops(KTEST *t)
{
    RTL_QUERY_REGISTRY_TABLE table[3];
    SEEN s;

    Seed(t);
    RtlZeroMemory(table, sizeof(table));
    RtlZeroMemory(&s, sizeof(s));
    s.FailAt = 2;
    s.Fail = STATUS_INSUFFICIENT_RESOURCES;
    table[0].QueryRoutine = Record;
    ST(t, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, PARAMS, table, &s, NULL),
       STATUS_INSUFFICIENT_RESOURCES);
    KT_EXPECT_EQ(t, s.Calls, 2);
}

static void cm_rtl_test_subkey_topkey_and_delete(KTEST *t)
{
    ULONG one = 1, fromSub = 0, fromTop = 0, fromMissing = 3, dflt = 77;
    RTL_QUERY_REGISTRY_TABLE table[7];
    SEEN s;

    Seed(t);
    ST(t, RtlWriteRegistryValue(RTL_REGISTRY_SERVICES, DRV, L"Level", REG_DWORD, &one, 4),
       STATUS_SUCCESS);
    RtlZeroMemory(table, sizeof(table));
    RtlZeroMemory(&s, sizeof(s));
    /* Start at Services\KmRtlDrv, switch to Parameters, back to the top, then a missing
       subkey whose values count as missing (defaults apply). */
    table[0].Flags = RTL_QUERY_REGISTRY_SUBKEY;
    table[0].Name = L"Parameters";
    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[1].Name = L"Level";
    table[1].EntryContext = &fromSub;
    table[2].QueryRoutine = Record;
    table[2].Flags = RTL_QUERY_REGISTRY_TOPKEY;
    table[2].Name = L"Level";
    table[3].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[3].Name = L"Level";
    table[3].EntryContext = &fromTop;
    table[4].Flags = RTL_QUERY_REGISTRY_SUBKEY;
    table[4].Name = L"NoSuchSubkey";
    table[5].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[5].Name = L"Level";
    table[5].EntryContext = &fromMissing;
    table[5].DefaultType = REG_DWORD;
    table[5].DefaultData = &dflt;
    table[5].DefaultLength = 4;
    ST(t, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, DRV, table, &s, NULL), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, fromSub, 42);
    KT_EXPECT_EQ(t, s.Calls, 1);
    KT_EXPECT_EQ(t, fromTop, 1);
    KT_EXPECT_EQ(t, fromMissing, 77);
    /* A REQUIRED missing subkey fails. */
    table[4].Flags |= RTL_QUERY_REGISTRY_REQUIRED;
    ST(t, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, DRV, table, &s, NULL),
       STATUS_OBJECT_NAME_NOT_FOUND);
    /* A SUBKEY entry with a routine gets the subkey's values. */
    RtlZeroMemory(table, sizeof(table));
    RtlZeroMemory(&s, sizeof(s));
    table[0].QueryRoutine = Record;
    table[0].Flags = RTL_QUERY_REGISTRY_SUBKEY | RTL_QUERY_REGISTRY_NOEXPAND;
    table[0].Name = L"Parameters";
    ST(t, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, DRV, table, &s, NULL), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, s.Calls, 6);
    /* DELETE: delivered, then gone. */
    RtlZeroMemory(table, sizeof(table));
    fromSub = 0;
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_DELETE;
    table[0].Name = L"Level";
    table[0].EntryContext = &fromSub;
    ST(t, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, PARAMS, table, NULL, NULL), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, fromSub, 42);
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_REQUIRED;
    ST(t, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, PARAMS, table, NULL, NULL),
       STATUS_OBJECT_NAME_NOT_FOUND);
    /* DIRECT with no Name: invalid. */
    table[0].Name = NULL;
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
    ST(t, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, PARAMS, table, NULL, NULL),
       STATUS_INVALID_PARAMETER);
}

/* ---- RelativeTo and the other helpers ------------------------------------------------------ */

static void cm_rtl_test_relative_bases_and_handle(KTEST *t)
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    UNICODE_STRING s = { 0, 0, NULL };
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    HANDLE h;
    ULONG level = 0;

    Seed(t);
    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[0].Name = L"SystemRoot";
    table[0].EntryContext = &s;
    ST(t, RtlQueryRegistryValues(RTL_REGISTRY_WINDOWS_NT, L"", table, NULL, NULL), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, s.Buffer != NULL && WEq(s.Buffer, L"C:\\Windows"));
    RtlFreeUnicodeString(&s);
    ST(t, RtlCheckRegistryKey(RTL_REGISTRY_CONTROL, L"Session Manager"), STATUS_SUCCESS);
    ST(t, RtlCheckRegistryKey(RTL_REGISTRY_DEVICEMAP, L""), STATUS_SUCCESS);
    ST(t, RtlCheckRegistryKey(RTL_REGISTRY_USER, L""), STATUS_SUCCESS);
    ST(t, RtlCheckRegistryKey(RTL_REGISTRY_ABSOLUTE,
                              L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\" PARAMS),
       STATUS_SUCCESS);
    ST(t, RtlCheckRegistryKey(RTL_REGISTRY_SERVICES, L"NoSuchDriver"), STATUS_OBJECT_NAME_NOT_FOUND);
    /* OPTIONAL is accepted (and does not turn a missing key into success). */
    ST(t, RtlCheckRegistryKey(RTL_REGISTRY_SERVICES | RTL_REGISTRY_OPTIONAL, L"NoSuchDriver"),
       STATUS_OBJECT_NAME_NOT_FOUND);
    ST(t, RtlCheckRegistryKey(RTL_REGISTRY_SERVICES | RTL_REGISTRY_OPTIONAL, DRV), STATUS_SUCCESS);
    ST(t, RtlCheckRegistryKey(RTL_REGISTRY_MAXIMUM, L""), STATUS_INVALID_PARAMETER);
    /* RTL_REGISTRY_HANDLE: Path is an open key (left open). */
    RtlInitUnicodeString(&name, L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\" PARAMS);
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    ST(t, ZwOpenKey(&h, KEY_READ, &oa), STATUS_SUCCESS);
    table[0].Name = L"Level";
    table[0].EntryContext = &level;
    ST(t, RtlQueryRegistryValues(RTL_REGISTRY_HANDLE, (PCWSTR)h, table, NULL, NULL), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, level, 42);
    ST(t, ZwClose(h), STATUS_SUCCESS);
}

static void cm_rtl_test_write_delete_create(KTEST *t)
{
    ULONG v = 9;

    Seed(t);
    /* RtlWriteRegistryValue creates the last key, not its parents. */
    ST(t, RtlWriteRegistryValue(RTL_REGISTRY_SERVICES, DRV L"\\NewKey", L"V", REG_DWORD, &v, 4),
       STATUS_SUCCESS);
    ST(t, RtlCheckRegistryKey(RTL_REGISTRY_SERVICES, DRV L"\\NewKey"), STATUS_SUCCESS);
    ST(t, RtlWriteRegistryValue(RTL_REGISTRY_SERVICES, DRV L"\\A\\B", L"V", REG_DWORD, &v, 4),
       STATUS_OBJECT_NAME_NOT_FOUND);
    ST(t, RtlDeleteRegistryValue(RTL_REGISTRY_SERVICES, DRV L"\\NewKey", L"V"), STATUS_SUCCESS);
    ST(t, RtlDeleteRegistryValue(RTL_REGISTRY_SERVICES, DRV L"\\NewKey", L"V"),
       STATUS_OBJECT_NAME_NOT_FOUND);
    ST(t, RtlDeleteRegistryValue(RTL_REGISTRY_SERVICES, DRV L"\\Nope", L"V"),
       STATUS_OBJECT_NAME_NOT_FOUND);
    ST(t, RtlCreateRegistryKey(RTL_REGISTRY_SERVICES, DRV L"\\NewKey"), STATUS_SUCCESS);
    ST(t, RtlCreateRegistryKey(RTL_REGISTRY_SERVICES, DRV L"\\X\\Y"), STATUS_OBJECT_NAME_NOT_FOUND);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(cm_rtl_test_driver_entry_reads_parameters_direct),
    KTEST_CASE_ENTRY(cm_rtl_test_direct_typecheck_mismatch),
    KTEST_CASE_ENTRY(cm_rtl_test_direct_binary_buffer_conventions),
    KTEST_CASE_ENTRY(cm_rtl_test_direct_string_into_callers_buffer),
    KTEST_CASE_ENTRY(cm_rtl_test_callbacks_split_multi_sz_and_expand),
    KTEST_CASE_ENTRY(cm_rtl_test_all_values_novalue_and_required),
    KTEST_CASE_ENTRY(cm_rtl_test_query_routine_failure_stops),
    KTEST_CASE_ENTRY(cm_rtl_test_subkey_topkey_and_delete),
    KTEST_CASE_ENTRY(cm_rtl_test_relative_bases_and_handle),
    KTEST_CASE_ENTRY(cm_rtl_test_write_delete_create),
    { 0 }
};
KTEST_SUITE(cm_rtl, cases);
