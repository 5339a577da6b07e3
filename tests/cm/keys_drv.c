/*
 * PURPOSE: Tests for the registry key and value services (src/cm/cmapi.c, cmtree.c) written
 * as WDK driver code: the predefined tree, ZwCreateKey/ZwOpenKey(Ex), link keys, every
 * information class with the STATUS_BUFFER_TOO_SMALL / STATUS_BUFFER_OVERFLOW matrix,
 * enumeration order, deletion with open handles, handle and type checks, IRQL.
 */
#include <ntddk.h>
#include <kmode/bugcheck.h>
#include "ktest.h"

#define ST(t, expr, status) KT_EXPECT_EQ(t, (expr), (status))

/* Every test works below its own key under Services so the tests do not interfere. */
#define BASE L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\KmCmKeys"

static NTSTATUS Create(PCWSTR Path, HANDLE Root, ULONG Options, PHANDLE Handle, PULONG Disp)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    RtlInitUnicodeString(&name, Path);
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, Root, NULL);
    return ZwCreateKey(Handle, KEY_ALL_ACCESS, &oa, 0, NULL, Options, Disp);
}

static NTSTATUS Open(PCWSTR Path, HANDLE Root, PHANDLE Handle)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    RtlInitUnicodeString(&name, Path);
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, Root, NULL);
    return ZwOpenKey(Handle, KEY_READ, &oa);
}

static NTSTATUS SetValue(HANDLE Key, PCWSTR Name, ULONG Type, const void *Data, ULONG Size)
{
    UNICODE_STRING name;
    RtlInitUnicodeString(&name, Name);
    return ZwSetValueKey(Key, &name, 0, Type, (PVOID)Data, Size);
}

static NTSTATUS QueryValue(HANDLE Key, PCWSTR Name, KEY_VALUE_INFORMATION_CLASS Class, PVOID Buf,
                           ULONG Length, PULONG Result)
{
    UNICODE_STRING name;
    RtlInitUnicodeString(&name, Name);
    return ZwQueryValueKey(Key, &name, Class, Buf, Length, Result);
}

/* The base key, fresh for each test (Name below Services\KmCmKeys). */
static HANDLE Fresh(KTEST *t, PCWSTR Name)
{
    HANDLE base, key = NULL;
    ULONG disp = 0;
    KT_ASSERT_TRUE(t, NT_SUCCESS(Create(BASE, NULL, 0, &base, NULL)));
    ST(t, Create(Name, base, 0, &key, &disp), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, disp, REG_CREATED_NEW_KEY);
    ZwClose(base);
    return key;
}

static BOOLEAN FullNameIs(HANDLE Key, PCWSTR Expected)
{
    UCHAR buf[512];
    PKEY_NAME_INFORMATION info = (PKEY_NAME_INFORMATION)buf;
    UNICODE_STRING got, want;
    ULONG len;
    if (!NT_SUCCESS(ZwQueryKey(Key, KeyNameInformation, info, sizeof(buf), &len)))
        return FALSE;
    got.Buffer = info->Name;
    got.Length = got.MaximumLength = (USHORT)info->NameLength;
    RtlInitUnicodeString(&want, Expected);
    return RtlEqualUnicodeString(&got, &want, FALSE);
}

/* ---- tree ------------------------------------------------------------------------------ */

static void cm_key_test_predefined_keys_exist(KTEST *t)
{
    static PCWSTR const paths[] = {
        L"\\Registry", L"\\Registry\\Machine", L"\\Registry\\User", L"\\Registry\\User\\.Default",
        L"\\Registry\\Machine\\System\\CurrentControlSet\\Services",
        L"\\Registry\\Machine\\System\\CurrentControlSet\\Control",
        L"\\Registry\\Machine\\System\\CurrentControlSet\\Control\\Session Manager",
        L"\\Registry\\Machine\\Software", L"\\Registry\\Machine\\Hardware\\DeviceMap",
        L"\\Registry\\Machine\\Software\\Microsoft\\Windows NT\\CurrentVersion",
        L"\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Services",
    };
    for (ULONG i = 0; i < RTL_NUMBER_OF(paths); i++) {
        HANDLE h;
        NTSTATUS st = Open(paths[i], NULL, &h);
        if (!NT_SUCCESS(st)) {
            KT_FAIL(t, "path %lu: status 0x%x", (unsigned long)i, (unsigned)st);
            continue;
        }
        ST(t, ZwClose(h), STATUS_SUCCESS);
    }
}

static void cm_key_test_current_control_set_is_a_link_to_controlset001(KTEST *t)
{
    HANDLE h;
    ULONG len;
    UCHAR buf[256];
    PKEY_VALUE_PARTIAL_INFORMATION p = (PKEY_VALUE_PARTIAL_INFORMATION)buf;
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;

    ST(t, Open(L"\\Registry\\Machine\\System\\CurrentControlSet\\Services", NULL, &h),
       STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, FullNameIs(h, L"\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Services"));
    ZwClose(h);
    ST(t, Open(L"\\Registry\\Machine\\System\\CurrentControlSet", NULL, &h), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, FullNameIs(h, L"\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001"));
    ZwClose(h);
    /* The link itself, with REG_OPTION_OPEN_LINK. */
    RtlInitUnicodeString(&name, L"\\Registry\\Machine\\System\\CurrentControlSet");
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    ST(t, ZwOpenKeyEx(&h, KEY_READ, &oa, REG_OPTION_OPEN_LINK), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, FullNameIs(h, L"\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet"));
    ST(t, QueryValue(h, L"SymbolicLinkValue", KeyValuePartialInformation, p, sizeof(buf), &len),
       STATUS_SUCCESS);
    KT_EXPECT_EQ(t, p->Type, REG_LINK);
    ZwClose(h);
    ST(t, ZwOpenKeyEx(&h, KEY_READ, &oa, 0x1000 /* not an open option */), STATUS_INVALID_PARAMETER);
}

static void cm_key_test_create_disposition_and_missing_parent(KTEST *t)
{
    HANDLE k = Fresh(t, L"Create"), h, h2;
    ULONG disp = 0;

    ST(t, Create(L"Child", k, 0, &h, &disp), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, disp, REG_CREATED_NEW_KEY);
    ZwClose(h);
    disp = 0;
    ST(t, Create(L"cHILD", k, 0, &h, &disp), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, disp, REG_OPENED_EXISTING_KEY);
    /* The name keeps the case it was created with. */
    KT_EXPECT_TRUE(t, FullNameIs(h, L"\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Services\\KmCmKeys\\Create\\Child"));
    ZwClose(h);
    /* Only the last component is created. */
    ST(t, Create(L"Missing\\Grandchild", k, 0, &h, &disp), STATUS_OBJECT_NAME_NOT_FOUND);
    KT_EXPECT_TRUE(t, h == NULL);
    ST(t, Open(L"Missing", k, &h), STATUS_OBJECT_NAME_NOT_FOUND);
    ST(t, Open(L"\\Registry\\Machine\\NoSuchKey\\Deeper", NULL, &h), STATUS_OBJECT_NAME_NOT_FOUND);
    ST(t, Create(L"Bad", k, 0x80000000, &h, &disp), STATUS_INVALID_PARAMETER);
    /* Absolute and relative names reach the same key; an empty name opens the root key. */
    ST(t, Open(BASE L"\\Create\\child", NULL, &h), STATUS_SUCCESS);
    ST(t, Open(L"", h, &h2), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, FullNameIs(h2, L"\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Services\\KmCmKeys\\Create\\Child"));
    ZwClose(h2);
    ZwClose(h);
    /* A relative name without a root, and an absolute one with a root: syntax errors. */
    ST(t, Open(L"Registry\\Machine", NULL, &h), STATUS_OBJECT_PATH_SYNTAX_BAD);
    ST(t, Open(L"\\Child", k, &h), STATUS_OBJECT_PATH_SYNTAX_BAD);
    ZwClose(k);
}

static void cm_key_test_volatile_children(KTEST *t)
{
    HANDLE k = Fresh(t, L"Volatile"), v, c;
    ULONG disp;

    ST(t, Create(L"V", k, REG_OPTION_VOLATILE, &v, &disp), STATUS_SUCCESS);
    ST(t, Create(L"Stable", v, 0, &c, &disp), STATUS_CHILD_MUST_BE_VOLATILE);
    ST(t, Create(L"AlsoVolatile", v, REG_OPTION_VOLATILE, &c, &disp), STATUS_SUCCESS);
    ZwClose(c);
    ZwClose(v);
    ZwClose(k);
}

static void cm_key_test_link_keys(KTEST *t)
{
    static const WCHAR target[] = BASE L"\\Links\\Target";
    HANDLE k = Fresh(t, L"Links"), tgt, link, h;
    ULONG disp;
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;

    ST(t, Create(L"Target", k, 0, &tgt, &disp), STATUS_SUCCESS);
    ST(t, Create(L"Link", k, REG_OPTION_CREATE_LINK, &link, &disp), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, disp, REG_CREATED_NEW_KEY);
    ST(t, SetValue(link, L"SymbolicLinkValue", REG_LINK, target, sizeof(target) - sizeof(WCHAR)),
       STATUS_SUCCESS);
    ST(t, Create(L"Sub", tgt, 0, &h, &disp), STATUS_SUCCESS);
    ZwClose(h);
    /* Through the link, in the middle and at the end of a path. */
    ST(t, Open(L"Link\\Sub", k, &h), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, FullNameIs(h, L"\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Services\\KmCmKeys\\Links\\Target\\Sub"));
    ZwClose(h);
    ST(t, Open(L"Link", k, &h), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, FullNameIs(h, L"\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Services\\KmCmKeys\\Links\\Target"));
    ZwClose(h);
    /* OBJ_OPENLINK opens the link key itself. */
    RtlInitUnicodeString(&name, L"Link");
    InitializeObjectAttributes(&oa, &name, OBJ_OPENLINK | OBJ_KERNEL_HANDLE, k, NULL);
    ST(t, ZwOpenKey(&h, KEY_READ, &oa), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, FullNameIs(h, L"\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Services\\KmCmKeys\\Links\\Link"));
    ZwClose(h);
    /* A link cannot be created over an existing key. */
    ST(t, Create(L"Target", k, REG_OPTION_CREATE_LINK, &h, &disp), STATUS_OBJECT_NAME_COLLISION);
    /* A link whose value is missing leads nowhere. */
    ST(t, Create(L"Dangling", k, REG_OPTION_CREATE_LINK, &h, &disp), STATUS_SUCCESS);
    ZwClose(h);
    ST(t, Open(L"Dangling", k, &h), STATUS_OBJECT_NAME_NOT_FOUND);
    ZwClose(link);
    ZwClose(tgt);
    ZwClose(k);
}

/* ---- values ---------------------------------------------------------------------------- */

static void cm_key_test_value_types_round_trip(KTEST *t)
{
    static const WCHAR sz[] = L"hello";
    static const WCHAR esz[] = L"%SystemRoot%\\x";
    static const WCHAR msz[] = L"one\0two\0";
    static const UCHAR bin[] = { 1, 2, 3, 0, 5 };
    static const ULONG dw = 0x12345678, dwbe = 0x78563412;
    static const ULONGLONG qw = 0x1122334455667788ULL;
    static const struct { PCWSTR Name; ULONG Type; const void *Data; ULONG Size; } v[] = {
        { L"Sz", REG_SZ, sz, sizeof(sz) },
        { L"Esz", REG_EXPAND_SZ, esz, sizeof(esz) },
        { L"Msz", REG_MULTI_SZ, msz, sizeof(msz) },
        { L"Bin", REG_BINARY, bin, sizeof(bin) },
        { L"Dw", REG_DWORD, &dw, sizeof(dw) },
        { L"DwBe", REG_DWORD_BIG_ENDIAN, &dwbe, sizeof(dwbe) },
        { L"Qw", REG_QWORD, &qw, sizeof(qw) },
        { L"None", REG_NONE, NULL, 0 },
        { L"Link", REG_LINK, sz, sizeof(sz) - 2 },
        { L"Custom", 0x12345, bin, 3 },
    };
    HANDLE k = Fresh(t, L"Types");
    UCHAR buf[256];
    PKEY_VALUE_PARTIAL_INFORMATION p = (PKEY_VALUE_PARTIAL_INFORMATION)buf;
    ULONG len;

    for (ULONG i = 0; i < RTL_NUMBER_OF(v); i++)
        ST(t, SetValue(k, v[i].Name, v[i].Type, v[i].Data, v[i].Size), STATUS_SUCCESS);
    for (ULONG i = 0; i < RTL_NUMBER_OF(v); i++) {
        ST(t, QueryValue(k, v[i].Name, KeyValuePartialInformation, p, sizeof(buf), &len),
           STATUS_SUCCESS);
        KT_EXPECT_EQ(t, p->Type, v[i].Type);
        KT_EXPECT_EQ(t, p->DataLength, v[i].Size);
        KT_EXPECT_EQ(t, len, FIELD_OFFSET(KEY_VALUE_PARTIAL_INFORMATION, Data) + v[i].Size);
        if (v[i].Size)
            KT_EXPECT_MEMEQ(t, p->Data, v[i].Data, v[i].Size);
    }
    /* Names ignore case; the empty name is the default value; missing is NOT_FOUND. */
    ST(t, QueryValue(k, L"dWbE", KeyValuePartialInformation, p, sizeof(buf), &len), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, p->Type, REG_DWORD_BIG_ENDIAN);
    ST(t, QueryValue(k, L"", KeyValuePartialInformation, p, sizeof(buf), &len),
       STATUS_OBJECT_NAME_NOT_FOUND);
    ST(t, SetValue(k, L"", REG_SZ, sz, sizeof(sz)), STATUS_SUCCESS);
    ST(t, QueryValue(k, L"", KeyValuePartialInformation, p, sizeof(buf), &len), STATUS_SUCCESS);
    ST(t, QueryValue(k, L"Nope", KeyValuePartialInformation, p, sizeof(buf), &len),
       STATUS_OBJECT_NAME_NOT_FOUND);
    ST(t, QueryValue(k, L"Sz", (KEY_VALUE_INFORMATION_CLASS)5, p, sizeof(buf), &len),
       STATUS_INVALID_PARAMETER);
    ST(t, QueryValue(k, L"Sz", (KEY_VALUE_INFORMATION_CLASS)99, p, sizeof(buf), &len),
       STATUS_INVALID_PARAMETER);
    ST(t, SetValue(k, L"X", REG_BINARY, NULL, 4), STATUS_INVALID_PARAMETER);
    ZwClose(k);
}

static void cm_key_test_value_information_layouts(KTEST *t)
{
    static const UCHAR data[] = { 0xAA, 0xBB, 0xCC };
    HANDLE k = Fresh(t, L"Layouts");
    ULONG64 raw[32];
    PUCHAR buf = (PUCHAR)raw;
    ULONG len;

    ST(t, SetValue(k, L"Abc", REG_BINARY, data, sizeof(data)), STATUS_SUCCESS);
    {
        PKEY_VALUE_BASIC_INFORMATION b = (PKEY_VALUE_BASIC_INFORMATION)buf;
        ST(t, QueryValue(k, L"abc", KeyValueBasicInformation, b, sizeof(raw), &len), STATUS_SUCCESS);
        KT_EXPECT_EQ(t, len, 12 + 6);
        KT_EXPECT_EQ(t, b->TitleIndex, 0);
        KT_EXPECT_EQ(t, b->Type, REG_BINARY);
        KT_EXPECT_EQ(t, b->NameLength, 6);
        KT_EXPECT_MEMEQ(t, b->Name, L"Abc", 6); /* the stored case */
    }
    {
        /* Full: the data follows the name at a ULONG boundary: 20 + 6 -> 28. */
        PKEY_VALUE_FULL_INFORMATION f = (PKEY_VALUE_FULL_INFORMATION)buf;
        ST(t, QueryValue(k, L"Abc", KeyValueFullInformation, f, sizeof(raw), &len), STATUS_SUCCESS);
        KT_EXPECT_EQ(t, f->DataOffset, 28);
        KT_EXPECT_EQ(t, f->DataLength, 3);
        KT_EXPECT_EQ(t, f->NameLength, 6);
        KT_EXPECT_EQ(t, len, 31);
        KT_EXPECT_MEMEQ(t, buf + 28, data, 3);
        /* Align64: an 8-byte boundary, 32. */
        ST(t, QueryValue(k, L"Abc", KeyValueFullInformationAlign64, f, sizeof(raw), &len),
           STATUS_SUCCESS);
        KT_EXPECT_EQ(t, f->DataOffset, 32);
        KT_EXPECT_EQ(t, len, 35);
        KT_EXPECT_MEMEQ(t, buf + 32, data, 3);
    }
    {
        PKEY_VALUE_PARTIAL_INFORMATION_ALIGN64 a = (PKEY_VALUE_PARTIAL_INFORMATION_ALIGN64)buf;
        ST(t, QueryValue(k, L"Abc", KeyValuePartialInformationAlign64, a, sizeof(raw), &len),
           STATUS_SUCCESS);
        KT_EXPECT_EQ(t, len, 8 + 3);
        KT_EXPECT_EQ(t, a->Type, REG_BINARY);
        KT_EXPECT_EQ(t, a->DataLength, 3);
        KT_EXPECT_MEMEQ(t, a->Data, data, 3);
    }
    ZwClose(k);
}

/* For one class: Length 0 and fixed-1 -> TOO_SMALL (nothing written); fixed .. need-1 ->
   OVERFLOW with the fixed part and a prefix of the rest; need -> SUCCESS. */
typedef NTSTATUS (*QUERY_FN)(HANDLE Key, ULONG Class, PVOID Buf, ULONG Length, PULONG Result);

static void CheckMatrix(KTEST *t, const char *What, HANDLE Key, ULONG Class, QUERY_FN Query,
                        ULONG Fixed)
{
    ULONG64 fullRaw[64], raw[64];
    PUCHAR full = (PUCHAR)fullRaw, buf = (PUCHAR)raw;
    ULONG need = 0, len;
    NTSTATUS st;

    RtlFillMemory(full, sizeof(fullRaw), 0xEE); /* alignment padding stays untouched */
    st = Query(Key, Class, full, sizeof(fullRaw), &need);
    if (st != STATUS_SUCCESS || need <= Fixed) {
        KT_FAIL(t, "%s: full query 0x%x need %lu", What, (unsigned)st, (unsigned long)need);
        return;
    }
    len = 0xDEAD;
    ST(t, Query(Key, Class, NULL, 0, &len), STATUS_BUFFER_TOO_SMALL);
    KT_EXPECT_EQ(t, len, need);
    RtlFillMemory(buf, sizeof(raw), 0xEE);
    len = 0;
    ST(t, Query(Key, Class, buf, Fixed - 1, &len), STATUS_BUFFER_TOO_SMALL);
    KT_EXPECT_EQ(t, len, need);
    KT_EXPECT_EQ(t, buf[0], 0xEE); /* nothing written */
    for (ULONG n = Fixed; n < need; n++) {
        RtlFillMemory(buf, sizeof(raw), 0xEE);
        len = 0;
        st = Query(Key, Class, buf, n, &len);
        if (st != STATUS_BUFFER_OVERFLOW || len != need) {
            KT_FAIL(t, "%s: length %lu gave 0x%x, %lu", What, (unsigned long)n, (unsigned)st,
                    (unsigned long)len);
            return;
        }
        if (!ktest_memeq(buf, full, n) || buf[n] != 0xEE) {
            KT_FAIL(t, "%s: length %lu: partial contents differ", What, (unsigned long)n);
            return;
        }
    }
    RtlFillMemory(buf, sizeof(raw), 0xEE);
    ST(t, Query(Key, Class, buf, need, &len), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, len, need);
    KT_EXPECT_MEMEQ(t, buf, full, need);
}

static NTSTATUS QueryValueNamed(HANDLE Key, ULONG Class, PVOID Buf, ULONG Length, PULONG Result)
{
    return QueryValue(Key, L"Value", (KEY_VALUE_INFORMATION_CLASS)Class, Buf, Length, Result);
}

static NTSTATUS EnumValue0(HANDLE Key, ULONG Class, PVOID Buf, ULONG Length, PULONG Result)
{
    return ZwEnumerateValueKey(Key, 0, (KEY_VALUE_INFORMATION_CLASS)Class, Buf, Length, Result);
}

static NTSTATUS QueryKeyFn(HANDLE Key, ULONG Class, PVOID Buf, ULONG Length, PULONG Result)
{
    return ZwQueryKey(Key, (KEY_INFORMATION_CLASS)Class, Buf, Length, Result);
}

static NTSTATUS EnumKey0(HANDLE Key, ULONG Class, PVOID Buf, ULONG Length, PULONG Result)
{
    return ZwEnumerateKey(Key, 0, (KEY_INFORMATION_CLASS)Class, Buf, Length, Result);
}

static void cm_key_test_buffer_size_matrix(KTEST *t)
{
    static const UCHAR data[] = { 1, 2, 3, 4, 5, 6, 7 };
    HANDLE k = Fresh(t, L"Matrix"), c;
    UNICODE_STRING cls, name;
    OBJECT_ATTRIBUTES oa;
    ULONG disp, len;
    KEY_CACHED_INFORMATION cached;

    ST(t, SetValue(k, L"Value", REG_BINARY, data, sizeof(data)), STATUS_SUCCESS);
    CheckMatrix(t, "value basic", k, KeyValueBasicInformation, QueryValueNamed, 12);
    CheckMatrix(t, "value full", k, KeyValueFullInformation, QueryValueNamed, 20);
    CheckMatrix(t, "value full64", k, KeyValueFullInformationAlign64, QueryValueNamed, 20);
    CheckMatrix(t, "value partial", k, KeyValuePartialInformation, QueryValueNamed, 12);
    CheckMatrix(t, "value partial64", k, KeyValuePartialInformationAlign64, QueryValueNamed, 8);
    CheckMatrix(t, "enum value full", k, KeyValueFullInformation, EnumValue0, 20);
    CheckMatrix(t, "enum value partial", k, KeyValuePartialInformation, EnumValue0, 12);

    /* A subkey with a class, for the key classes. */
    RtlInitUnicodeString(&cls, L"MyClass");
    RtlInitUnicodeString(&name, L"Sub");
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE, k, NULL);
    ST(t, ZwCreateKey(&c, KEY_ALL_ACCESS, &oa, 0, &cls, 0, &disp), STATUS_SUCCESS);
    CheckMatrix(t, "key basic", c, KeyBasicInformation, QueryKeyFn, 16);
    CheckMatrix(t, "key node", c, KeyNodeInformation, QueryKeyFn, 24);
    CheckMatrix(t, "key full", c, KeyFullInformation, QueryKeyFn, 44);
    CheckMatrix(t, "key name", c, KeyNameInformation, QueryKeyFn, 4);
    CheckMatrix(t, "enum key basic", k, KeyBasicInformation, EnumKey0, 16);
    CheckMatrix(t, "enum key node", k, KeyNodeInformation, EnumKey0, 24);
    /* Cached is fixed-size: too small or exact. */
    ST(t, ZwQueryKey(c, KeyCachedInformation, &cached, sizeof(cached) - 1, &len),
       STATUS_BUFFER_TOO_SMALL);
    KT_EXPECT_EQ(t, len, sizeof(cached));
    ST(t, ZwQueryKey(c, KeyCachedInformation, &cached, sizeof(cached), &len), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, cached.NameLength, 6);
    ST(t, ZwQueryKey(c, KeyFlagsInformation, &cached, sizeof(cached), &len), STATUS_INVALID_PARAMETER);
    ST(t, ZwEnumerateKey(k, 0, KeyNameInformation, &cached, sizeof(cached), &len),
       STATUS_INVALID_PARAMETER);
    ZwClose(c);
    ZwClose(k);
}

static void cm_key_test_key_information_contents(KTEST *t)
{
    static const UCHAR big[100] = { 0 };
    HANDLE k = Fresh(t, L"Info"), c;
    UNICODE_STRING cls, name;
    OBJECT_ATTRIBUTES oa;
    ULONG64 raw[64];
    ULONG disp, len;
    LARGE_INTEGER before;

    RtlInitUnicodeString(&cls, L"Cls");
    RtlInitUnicodeString(&name, L"LongerSubkeyName");
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE, k, NULL);
    ST(t, ZwCreateKey(&c, KEY_ALL_ACCESS, &oa, 0, &cls, 0, &disp), STATUS_SUCCESS);
    ZwClose(c);
    ST(t, Create(L"S", k, 0, &c, &disp), STATUS_SUCCESS);
    ZwClose(c);
    ST(t, SetValue(k, L"ValueNameX", REG_BINARY, big, sizeof(big)), STATUS_SUCCESS);
    ST(t, SetValue(k, L"V", REG_BINARY, big, 3), STATUS_SUCCESS);
    {
        PKEY_FULL_INFORMATION f = (PKEY_FULL_INFORMATION)raw;
        ST(t, ZwQueryKey(k, KeyFullInformation, f, sizeof(raw), &len), STATUS_SUCCESS);
        KT_EXPECT_EQ(t, f->SubKeys, 2);
        KT_EXPECT_EQ(t, f->Values, 2);
        KT_EXPECT_EQ(t, f->MaxNameLen, 32);
        KT_EXPECT_EQ(t, f->MaxClassLen, 6);
        KT_EXPECT_EQ(t, f->MaxValueNameLen, 20);
        KT_EXPECT_EQ(t, f->MaxValueDataLen, 100);
        KT_EXPECT_EQ(t, f->ClassLength, 0);
        KT_EXPECT_EQ(t, f->ClassOffset, 0xFFFFFFFF);
    }
    {
        /* Subkey node information with its class after the name. */
        PKEY_NODE_INFORMATION n = (PKEY_NODE_INFORMATION)raw;
        ST(t, ZwEnumerateKey(k, 0, KeyNodeInformation, n, sizeof(raw), &len), STATUS_SUCCESS);
        KT_EXPECT_EQ(t, n->NameLength, 32);
        KT_EXPECT_EQ(t, n->ClassLength, 6);
        KT_EXPECT_EQ(t, n->ClassOffset, 24 + 32);
        KT_EXPECT_MEMEQ(t, (PUCHAR)raw + n->ClassOffset, L"Cls", 6);
    }
    {
        /* Last-write time moves forward with a write. */
        PKEY_BASIC_INFORMATION b = (PKEY_BASIC_INFORMATION)raw;
        ST(t, ZwQueryKey(k, KeyBasicInformation, b, sizeof(raw), &len), STATUS_SUCCESS);
        before = b->LastWriteTime;
        KT_EXPECT_TRUE(t, before.QuadPart > 0);
        KeStallExecutionProcessor(2);
        ST(t, SetValue(k, L"V", REG_DWORD, big, 4), STATUS_SUCCESS);
        ST(t, ZwQueryKey(k, KeyBasicInformation, b, sizeof(raw), &len), STATUS_SUCCESS);
        KT_EXPECT_TRUE(t, b->LastWriteTime.QuadPart >= before.QuadPart);
        KT_EXPECT_EQ(t, b->NameLength, 8);
        KT_EXPECT_MEMEQ(t, b->Name, L"Info", 8);
    }
    ZwClose(k);
}

/* ---- enumeration ----------------------------------------------------------------------- */

static void cm_key_test_enumerate_subkeys_in_case_insensitive_order(KTEST *t)
{
    static PCWSTR const created[] = { L"c", L"_x", L"B2", L"a", L"b", L"Zed", L"aa" };
    /* Upper-cased comparison: '_' (0x5F) sorts after the letters; a prefix first. */
    static PCWSTR const expected[] = { L"a", L"aa", L"b", L"B2", L"c", L"Zed", L"_x" };
    HANDLE k = Fresh(t, L"Order"), c;
    ULONG64 raw[32];
    PKEY_BASIC_INFORMATION b = (PKEY_BASIC_INFORMATION)raw;
    ULONG disp, len, i;

    for (i = 0; i < RTL_NUMBER_OF(created); i++) {
        ST(t, Create(created[i], k, 0, &c, &disp), STATUS_SUCCESS);
        ZwClose(c);
    }
    for (i = 0; i < RTL_NUMBER_OF(expected); i++) {
        UNICODE_STRING got, want;
        ST(t, ZwEnumerateKey(k, i, KeyBasicInformation, b, sizeof(raw), &len), STATUS_SUCCESS);
        got.Buffer = b->Name;
        got.Length = got.MaximumLength = (USHORT)b->NameLength;
        RtlInitUnicodeString(&want, expected[i]);
        if (!RtlEqualUnicodeString(&got, &want, FALSE))
            KT_FAIL(t, "subkey %lu is not the expected one", (unsigned long)i);
    }
    len = 0x1234;
    ST(t, ZwEnumerateKey(k, i, KeyBasicInformation, b, sizeof(raw), &len), STATUS_NO_MORE_ENTRIES);
    ST(t, ZwEnumerateKey(k, 1000, KeyBasicInformation, b, sizeof(raw), &len), STATUS_NO_MORE_ENTRIES);
    ZwClose(k);
}

static void cm_key_test_enumerate_values_in_creation_order(KTEST *t)
{
    static const ULONG one = 1;
    HANDLE k = Fresh(t, L"ValueOrder");
    ULONG64 raw[32];
    PKEY_VALUE_BASIC_INFORMATION b = (PKEY_VALUE_BASIC_INFORMATION)raw;
    ULONG len;
    UNICODE_STRING name;

    ST(t, SetValue(k, L"zeta", REG_DWORD, &one, 4), STATUS_SUCCESS);
    ST(t, SetValue(k, L"alpha", REG_DWORD, &one, 4), STATUS_SUCCESS);
    ST(t, SetValue(k, L"mid", REG_DWORD, &one, 4), STATUS_SUCCESS);
    ST(t, SetValue(k, L"ZETA", REG_SZ, L"x", 4), STATUS_SUCCESS); /* replaces in place */
    ST(t, ZwEnumerateValueKey(k, 0, KeyValueBasicInformation, b, sizeof(raw), &len), STATUS_SUCCESS);
    KT_EXPECT_MEMEQ(t, b->Name, L"zeta", 8);
    KT_EXPECT_EQ(t, b->Type, REG_SZ);
    ST(t, ZwEnumerateValueKey(k, 1, KeyValueBasicInformation, b, sizeof(raw), &len), STATUS_SUCCESS);
    KT_EXPECT_MEMEQ(t, b->Name, L"alpha", 10);
    ST(t, ZwEnumerateValueKey(k, 3, KeyValueBasicInformation, b, sizeof(raw), &len),
       STATUS_NO_MORE_ENTRIES);
    /* Deleting keeps the others' order. */
    RtlInitUnicodeString(&name, L"ALPHA");
    ST(t, ZwDeleteValueKey(k, &name), STATUS_SUCCESS);
    ST(t, ZwDeleteValueKey(k, &name), STATUS_OBJECT_NAME_NOT_FOUND);
    ST(t, ZwEnumerateValueKey(k, 1, KeyValueBasicInformation, b, sizeof(raw), &len), STATUS_SUCCESS);
    KT_EXPECT_MEMEQ(t, b->Name, L"mid", 6);
    ST(t, ZwEnumerateValueKey(k, 2, KeyValueBasicInformation, b, sizeof(raw), &len),
       STATUS_NO_MORE_ENTRIES);
    ZwClose(k);
}

/* ---- deletion -------------------------------------------------------------------------- */

static void cm_key_test_delete_key_with_open_handles(KTEST *t)
{
    static const ULONG one = 1;
    HANDLE k = Fresh(t, L"Delete"), a, a2, child, h;
    ULONG disp, len;
    ULONG64 raw[16];
    UNICODE_STRING name;

    ST(t, Create(L"A", k, 0, &a, &disp), STATUS_SUCCESS);
    ST(t, Create(L"A", k, 0, &a2, &disp), STATUS_SUCCESS);
    ST(t, Create(L"Child", a, 0, &child, &disp), STATUS_SUCCESS);
    ST(t, SetValue(a, L"V", REG_DWORD, &one, 4), STATUS_SUCCESS);
    /* Subkeys: cannot delete. */
    ST(t, ZwDeleteKey(a), STATUS_CANNOT_DELETE);
    ST(t, ZwDeleteKey(child), STATUS_SUCCESS);
    ST(t, ZwDeleteKey(a), STATUS_SUCCESS);
    /* Both handles stay valid; the key answers STATUS_KEY_DELETED. */
    RtlInitUnicodeString(&name, L"V");
    ST(t, ZwQueryValueKey(a2, &name, KeyValuePartialInformation, raw, sizeof(raw), &len),
       STATUS_KEY_DELETED);
    ST(t, ZwSetValueKey(a, &name, 0, REG_DWORD, (PVOID)&one, 4), STATUS_KEY_DELETED);
    ST(t, ZwDeleteValueKey(a, &name), STATUS_KEY_DELETED);
    ST(t, ZwQueryKey(a, KeyBasicInformation, raw, sizeof(raw), &len), STATUS_KEY_DELETED);
    ST(t, ZwQueryKey(a, KeyNameInformation, raw, sizeof(raw), &len), STATUS_KEY_DELETED);
    ST(t, ZwEnumerateKey(a, 0, KeyBasicInformation, raw, sizeof(raw), &len), STATUS_KEY_DELETED);
    ST(t, ZwEnumerateValueKey(a, 0, KeyValueBasicInformation, raw, sizeof(raw), &len),
       STATUS_KEY_DELETED);
    ST(t, ZwFlushKey(a), STATUS_KEY_DELETED);
    ST(t, ZwDeleteKey(a2), STATUS_KEY_DELETED);
    ST(t, Create(L"New", a, 0, &h, &disp), STATUS_KEY_DELETED);
    ST(t, Open(L"", a, &h), STATUS_KEY_DELETED);
    ST(t, Open(L"A", k, &h), STATUS_OBJECT_NAME_NOT_FOUND);
    /* A new key of the same name is another key. */
    ST(t, Create(L"A", k, 0, &h, &disp), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, disp, REG_CREATED_NEW_KEY);
    ST(t, ZwFlushKey(h), STATUS_SUCCESS);
    ST(t, ZwQueryValueKey(a2, &name, KeyValuePartialInformation, raw, sizeof(raw), &len),
       STATUS_KEY_DELETED);
    ST(t, ZwClose(a), STATUS_SUCCESS);
    ST(t, ZwClose(a2), STATUS_SUCCESS);
    ST(t, ZwClose(child), STATUS_SUCCESS);
    ZwClose(h);
    ZwClose(k);
}

static void cm_key_test_hive_roots_cannot_be_deleted(KTEST *t)
{
    static PCWSTR const roots[] = { L"\\Registry", L"\\Registry\\Machine", L"\\Registry\\User",
                                    L"\\Registry\\Machine\\System", L"\\Registry\\Machine\\Software" };
    for (ULONG i = 0; i < RTL_NUMBER_OF(roots); i++) {
        HANDLE h;
        KT_ASSERT_TRUE(t, NT_SUCCESS(Open(roots[i], NULL, &h)));
        ST(t, ZwDeleteKey(h), STATUS_CANNOT_DELETE);
        ZwClose(h);
    }
}

/* ---- handles, types, IRQL ---------------------------------------------------------------- */

static void cm_key_test_handles_and_object_types(KTEST *t)
{
    HANDLE k = Fresh(t, L"Handles"), dir;
    PVOID obj;
    ULONG64 raw[8];
    ULONG len;
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;

    ST(t, ObReferenceObjectByHandle(k, KEY_READ, *CmKeyObjectType, KernelMode, &obj, NULL),
       STATUS_SUCCESS);
    ObDereferenceObject(obj);
    ST(t, ObReferenceObjectByHandle(k, 0, *ExEventObjectType, KernelMode, &obj, NULL),
       STATUS_OBJECT_TYPE_MISMATCH);
    /* A directory handle is not a key. */
    RtlInitUnicodeString(&name, L"\\Device");
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE, NULL, NULL);
    ST(t, ZwOpenDirectoryObject(&dir, DIRECTORY_QUERY, &oa), STATUS_SUCCESS);
    ST(t, ZwQueryKey(dir, KeyBasicInformation, raw, sizeof(raw), &len), STATUS_OBJECT_TYPE_MISMATCH);
    ST(t, Open(L"\\Device", NULL, &k), STATUS_OBJECT_TYPE_MISMATCH);
    ZwClose(dir);
    ZwClose(k);
    ST(t, ZwQueryKey(k, KeyBasicInformation, raw, sizeof(raw), &len), STATUS_INVALID_HANDLE);
    ST(t, ZwFlushKey(NULL), STATUS_INVALID_HANDLE);
}

static void OpenAtDispatch(void *Ctx)
{
    HANDLE h;
    KIRQL old;
    (void)Ctx;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    Open(L"\\Registry\\Machine", NULL, &h);
    KeLowerIrql(old);
}

static void cm_key_test_services_above_apc_level_bugcheck_d1(KTEST *t)
{
    KMODE_BUGCHECK bc;
    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(OpenAtDispatch, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, DRIVER_IRQL_NOT_LESS_OR_EQUAL);
    KT_EXPECT_EQ(t, bc.Parameter2, DISPATCH_LEVEL);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(cm_key_test_predefined_keys_exist),
    KTEST_CASE_ENTRY(cm_key_test_current_control_set_is_a_link_to_controlset001),
    KTEST_CASE_ENTRY(cm_key_test_create_disposition_and_missing_parent),
    KTEST_CASE_ENTRY(cm_key_test_volatile_children),
    KTEST_CASE_ENTRY(cm_key_test_link_keys),
    KTEST_CASE_ENTRY(cm_key_test_value_types_round_trip),
    KTEST_CASE_ENTRY(cm_key_test_value_information_layouts),
    KTEST_CASE_ENTRY(cm_key_test_buffer_size_matrix),
    KTEST_CASE_ENTRY(cm_key_test_key_information_contents),
    KTEST_CASE_ENTRY(cm_key_test_enumerate_subkeys_in_case_insensitive_order),
    KTEST_CASE_ENTRY(cm_key_test_enumerate_values_in_creation_order),
    KTEST_CASE_ENTRY(cm_key_test_delete_key_with_open_handles),
    KTEST_CASE_ENTRY(cm_key_test_hive_roots_cannot_be_deleted),
    KTEST_CASE_ENTRY(cm_key_test_handles_and_object_types),
    KTEST_CASE_ENTRY(cm_key_test_services_above_apc_level_bugcheck_d1),
    { 0 }
};
KTEST_SUITE(cm_key, cases);
