/*
 * PURPOSE: Tests of .reg import and export (include/kmode/registry.h, src/cm/cmreg.c): every
 * value type, the three encodings, escapes, continuations, comments, deletions, root names,
 * regedit's exact export bytes (BOM, header, CRLF, hex wrapping), round trips, the error
 * messages of malformed files, and the KMODE_REGISTRY / KMODE_REGISTRY_SAVE start-up hooks.
 */
#include <internal/cm.h>
#include <kmode/registry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ktest.h"

#define ST(t, expr, status) KT_EXPECT_EQ(t, (expr), (status))

/* cmreg.c; runs once at start-up, called again here to test it. */
VOID CmpSeedFromEnvironment(VOID);

/* ---- helpers ------------------------------------------------------------------------------ */

/* UTF-8 text -> UTF-16LE with a BOM, "\n" -> "\r\n" (a file as regedit writes it). */
static void *Utf16File(const char *Text, SIZE_T *Size)
{
    SIZE_T n = strlen(Text), lines = 0;
    char *crlf;
    PUCHAR out;
    ULONG bytes = 0;

    for (SIZE_T i = 0; i < n; i++)
        lines += Text[i] == '\n';
    crlf = malloc(n + lines + 1);
    for (SIZE_T i = 0, o = 0; i <= n; i++) {
        if (Text[i] == '\n')
            crlf[o++] = '\r';
        crlf[o++] = Text[i];
    }
    out = malloc(2 + (n + lines) * 2);
    out[0] = 0xFF;
    out[1] = 0xFE;
    RtlUTF8ToUnicodeN((PWCH)(out + 2), (ULONG)((n + lines) * 2), &bytes, crlf, (ULONG)(n + lines));
    free(crlf);
    *Size = 2 + bytes;
    return out;
}

static NTSTATUS ImportText(const char *Text, char *Message)
{
    return KmodeRegistryImportBuffer(Text, strlen(Text), "test.reg", Message,
                                     KMODE_REGISTRY_MESSAGE_SIZE);
}

static NTSTATUS OpenKey(PCWSTR Path, PHANDLE Key)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    RtlInitUnicodeString(&name, Path);
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    return ZwOpenKey(Key, KEY_ALL_ACCESS, &oa);
}

static BOOLEAN KeyExists(PCWSTR Path)
{
    HANDLE k;
    if (!NT_SUCCESS(OpenKey(Path, &k)))
        return FALSE;
    ZwClose(k);
    return TRUE;
}

/* Reads a value: its type and data (up to 1024 bytes). */
static NTSTATUS GetValue(PCWSTR Path, PCWSTR Name, PULONG Type, PUCHAR Data, PULONG Length)
{
    UCHAR buf[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + 1024];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buf;
    UNICODE_STRING name;
    HANDLE k;
    ULONG len;
    NTSTATUS st = OpenKey(Path, &k);

    if (!NT_SUCCESS(st))
        return st;
    RtlInitUnicodeString(&name, Name);
    st = ZwQueryValueKey(k, &name, KeyValuePartialInformation, buf, sizeof buf, &len);
    ZwClose(k);
    if (NT_SUCCESS(st)) {
        *Type = info->Type;
        *Length = info->DataLength;
        memcpy(Data, info->Data, info->DataLength);
    }
    return st;
}

static void SetValue(PCWSTR Path, PCWSTR Name, ULONG Type, const void *Data, ULONG Length)
{
    UNICODE_STRING path, name;
    RtlInitUnicodeString(&path, Path);
    RtlInitUnicodeString(&name, Name);
    HANDLE k;
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, &path, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    if (NT_SUCCESS(ZwCreateKey(&k, KEY_ALL_ACCESS, &oa, 0, NULL, 0, NULL))) {
        ZwSetValueKey(k, &name, 0, Type, (PVOID)Data, Length);
        ZwClose(k);
    }
}

static void ExpectValue(KTEST *t, PCWSTR Path, PCWSTR Name, ULONG Type, const void *Data,
                        ULONG Length, int Line)
{
    UCHAR data[1024];
    ULONG type = 0, len = 0;
    NTSTATUS st = GetValue(Path, Name, &type, data, &len);
    if (st != STATUS_SUCCESS || type != Type || len != Length || memcmp(data, Data, Length) != 0)
        KT_FAIL(t, "line %d: value: status 0x%x type %u length %u (want type %u length %u)",
                Line, (unsigned)st, type, len, Type, Length);
}
#define EXPECT_VALUE(t, path, name, type, data, len) \
    ExpectValue(t, path, name, type, data, len, __LINE__)

#define K L"\\Registry\\Machine\\Software\\KmReg"

/* ---- import ------------------------------------------------------------------------------- */

static void cm_regfile_test_import_every_type_utf16(KTEST *t)
{
    static const char text[] =
        "Windows Registry Editor Version 5.00\n"
        "\n"
        "; a comment\n"
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\KmReg\\Types]\n"
        "\"Str\"=\"C:\\\\Path \\\"quoted\\\" \xc3\xa9\"\n"
        "@=\"the default\"\n"
        "\"Dw\"=dword:0000002a\n"
        "\"Short\"=dword:1F\n"
        "\"Bin\"=hex:01,02,ff\n"
        "\"None\"=hex(0):\n"
        "\"Exp\"=hex(2):25,00,41,00,25,00,00,00\n"
        "\"Multi\"=hex(7):61,00,00,00,62,00,00,00,00,00\n"
        "\"Q\"=hex(b):08,07,06,05,04,03,02,01\n"
        "\"Odd\"=hex(12345):aa\n"
        "\"Big\"=hex(5):00,00,00,01\n"
        "\"Esc\\\\Name\\\"\"=\"\"\n";
    static const WCHAR str[] = L"C:\\Path \"quoted\" \x00e9";
    static const WCHAR def[] = L"the default";
    static const WCHAR exp[] = L"%A%";
    static const WCHAR multi[] = L"a\0b\0";
    static const UCHAR bin[] = { 1, 2, 0xFF }, big[] = { 0, 0, 0, 1 };
    ULONG dw = 42, shortDw = 0x1F;
    ULONG64 q = 0x0102030405060708ULL;
    UCHAR odd = 0xAA;
    char msg[KMODE_REGISTRY_MESSAGE_SIZE];
    SIZE_T size;
    void *file = Utf16File(text, &size);

    ST(t, KmodeRegistryImportBuffer(file, size, "types.reg", msg, sizeof msg), STATUS_SUCCESS);
    free(file);
    EXPECT_VALUE(t, K L"\\Types", L"Str", REG_SZ, str, sizeof str);
    EXPECT_VALUE(t, K L"\\Types", L"", REG_SZ, def, sizeof def);
    EXPECT_VALUE(t, K L"\\Types", L"Dw", REG_DWORD, &dw, 4);
    EXPECT_VALUE(t, K L"\\Types", L"Short", REG_DWORD, &shortDw, 4);
    EXPECT_VALUE(t, K L"\\Types", L"Bin", REG_BINARY, bin, 3);
    EXPECT_VALUE(t, K L"\\Types", L"None", REG_NONE, "", 0);
    EXPECT_VALUE(t, K L"\\Types", L"Exp", REG_EXPAND_SZ, exp, sizeof exp);
    EXPECT_VALUE(t, K L"\\Types", L"Multi", REG_MULTI_SZ, multi, sizeof multi);
    EXPECT_VALUE(t, K L"\\Types", L"Q", REG_QWORD, &q, 8);
    EXPECT_VALUE(t, K L"\\Types", L"Odd", 0x12345, &odd, 1);
    EXPECT_VALUE(t, K L"\\Types", L"Big", REG_DWORD_BIG_ENDIAN, big, 4);
    EXPECT_VALUE(t, K L"\\Types", L"Esc\\Name\"", REG_SZ, L"", 2);
}

static void cm_regfile_test_import_utf8_and_continuations(KTEST *t)
{
    /* UTF-8 with a BOM, LF lines, blanks around '=', a continued hex value with a comment
       line in between, a trailing comment after a value. */
    static const char text[] =
        "\xef\xbb\xbfWindows Registry Editor Version 5.00\n"
        "[HKLM\\SOFTWARE\\KmReg\\Utf8]\n"
        "  \"Name\" = \"\xe2\x82\xac\"\n"
        "\"Long\"=hex:00,01,02,\\\n"
        "  03,04,\\\n"
        "; between\n"
        "    05\n"
        "\"D\"=dword:00000007 ; seven\n";
    static const UCHAR longData[] = { 0, 1, 2, 3, 4, 5 };
    ULONG seven = 7;
    char msg[KMODE_REGISTRY_MESSAGE_SIZE];

    ST(t, ImportText(text, msg), STATUS_SUCCESS);
    EXPECT_VALUE(t, K L"\\Utf8", L"Name", REG_SZ, L"\x20ac", 4);
    EXPECT_VALUE(t, K L"\\Utf8", L"Long", REG_BINARY, longData, 6);
    EXPECT_VALUE(t, K L"\\Utf8", L"D", REG_DWORD, &seven, 4);
}

static void cm_regfile_test_import_regedit4_is_ansi(KTEST *t)
{
    /* REGEDIT4: Windows-1252 text; hex(2) and hex(7) data are ANSI strings, widened. */
    static const char text[] =
        "REGEDIT4\r\n"
        "\r\n"
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\KmReg\\Four]\r\n"
        "\"Caf\xe9\"=\"\x80 \xe9\"\r\n"
        "\"Exp\"=hex(2):25,41,25,00\r\n"
        "\"Multi\"=hex(7):61,00,62,00,00\r\n"
        "\"Bin\"=hex:61,00\r\n";
    static const UCHAR bin[] = { 0x61, 0 };
    char msg[KMODE_REGISTRY_MESSAGE_SIZE];

    ST(t, ImportText(text, msg), STATUS_SUCCESS);
    EXPECT_VALUE(t, K L"\\Four", L"Caf\x00e9", REG_SZ, L"\x20ac \x00e9", 8);
    EXPECT_VALUE(t, K L"\\Four", L"Exp", REG_EXPAND_SZ, L"%A%", 8);
    EXPECT_VALUE(t, K L"\\Four", L"Multi", REG_MULTI_SZ, L"a\0b\0", 10);
    EXPECT_VALUE(t, K L"\\Four", L"Bin", REG_BINARY, bin, 2); /* binary stays bytes */
}

static void cm_regfile_test_import_deletions(KTEST *t)
{
    char msg[KMODE_REGISTRY_MESSAGE_SIZE];
    ULONG one = 1, type, len;
    UCHAR data[16];

    ST(t, ImportText("Windows Registry Editor Version 5.00\n"
                     "[HKEY_LOCAL_MACHINE\\SOFTWARE\\KmReg\\Del\\A\\B]\n"
                     "\"x\"=dword:1\n"
                     "[HKEY_LOCAL_MACHINE\\SOFTWARE\\KmReg\\Del]\n"
                     "\"keep\"=dword:1\n"
                     "\"gone\"=dword:1\n", msg), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, KeyExists(K L"\\Del\\A\\B"));
    /* [-Key] removes the key with its subkeys; "v"=- removes a value; what is missing is
       skipped; values in a [-Key] section are ignored (regedit does the same). */
    ST(t, ImportText("Windows Registry Editor Version 5.00\n"
                     "[-HKEY_LOCAL_MACHINE\\SOFTWARE\\KmReg\\Del\\A]\n"
                     "\"ignored\"=dword:5\n"
                     "[-HKEY_LOCAL_MACHINE\\SOFTWARE\\KmReg\\NoSuchKey]\n"
                     "[HKEY_LOCAL_MACHINE\\SOFTWARE\\KmReg\\Del]\n"
                     "\"gone\"=-\n"
                     "\"never-there\"=-\n", msg), STATUS_SUCCESS);
    KT_EXPECT_FALSE(t, KeyExists(K L"\\Del\\A"));
    KT_EXPECT_TRUE(t, KeyExists(K L"\\Del"));
    EXPECT_VALUE(t, K L"\\Del", L"keep", REG_DWORD, &one, 4);
    ST(t, GetValue(K L"\\Del", L"gone", &type, data, &len), STATUS_OBJECT_NAME_NOT_FOUND);
}

static void cm_regfile_test_import_roots_and_links(KTEST *t)
{
    char msg[KMODE_REGISTRY_MESSAGE_SIZE];
    ULONG v = 3;

    /* CurrentControlSet is followed to ControlSet001; HKCU is the system's .DEFAULT user;
       HKU is \Registry\User; HKCR is the machine's classes. */
    ST(t, ImportText("Windows Registry Editor Version 5.00\n"
                     "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\kmregsvc\\Parameters]\n"
                     "\"Level\"=dword:3\n"
                     "[HKEY_CURRENT_USER\\Software\\KmRegUser]\n"
                     "\"v\"=dword:3\n"
                     "[hku\\.DEFAULT\\Software\\KmRegUser2]\n"
                     "\"v\"=dword:3\n"
                     "[HKEY_CLASSES_ROOT\\.kmreg]\n"
                     "@=\"kmregfile\"\n", msg), STATUS_SUCCESS);
    EXPECT_VALUE(t, L"\\Registry\\Machine\\System\\ControlSet001\\Services\\kmregsvc\\Parameters",
                 L"Level", REG_DWORD, &v, 4);
    EXPECT_VALUE(t, L"\\Registry\\User\\.DEFAULT\\Software\\KmRegUser", L"v", REG_DWORD, &v, 4);
    EXPECT_VALUE(t, L"\\Registry\\User\\.DEFAULT\\Software\\KmRegUser2", L"v", REG_DWORD, &v, 4);
    EXPECT_VALUE(t, L"\\Registry\\Machine\\Software\\Classes\\.kmreg", L"", REG_SZ, L"kmregfile",
                 20);
    /* The link itself survives: it is not a key the file created. */
    KT_EXPECT_TRUE(t, KeyExists(L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\kmregsvc"));
}

/* ---- errors ------------------------------------------------------------------------------- */

typedef struct {
    const char *Text;
    const char *Message;   /* expected in the message, after "test.reg:" */
} BAD_FILE;

static void cm_regfile_test_malformed_files_change_nothing(KTEST *t)
{
    static const BAD_FILE bad[] = {
        { "", "test.reg: empty file" },
        { "REGEDIT5\n", "test.reg:1: not a .reg file" },
        { "Windows Registry Editor Version 5.00\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\KmReg\\Bad]\n"
          "\"b\"=hex:01,zz\n", "test.reg:3: bad hex byte 'zz'" },
        { "Windows Registry Editor Version 5.00\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\KmReg\\Bad]\n"
          "\"b\"=hex:01 02\n", "test.reg:3: bad hex data: '0' where ',' was expected" },
        { "Windows Registry Editor Version 5.00\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\KmReg\\Bad]\n\n"
          "\"b\"=hex:01,\\\n", "test.reg:4: the file ends after a '\\' continuation" },
        { "Windows Registry Editor Version 5.00\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\KmReg\\Bad]\n"
          "[HKEY_NOWHERE\\X]\n", "test.reg:3: unknown root key 'HKEY_NOWHERE'" },
        { "Windows Registry Editor Version 5.00\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\KmReg\\Bad\n",
          "test.reg:2: missing ']'" },
        { "Windows Registry Editor Version 5.00\n\"v\"=dword:1\n",
          "test.reg:2: value outside a key" },
        { "Windows Registry Editor Version 5.00\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\KmReg\\Bad]\n"
          "\"v\" dword:1\n", "test.reg:3: missing '='" },
        { "Windows Registry Editor Version 5.00\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\KmReg\\Bad]\n"
          "\"v\"=dword:123456789\n", "test.reg:3: dword: wants 1 to 8 hex digits" },
        { "Windows Registry Editor Version 5.00\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\KmReg\\Bad]\n"
          "\"v\"=dword:\n", "test.reg:3: dword: wants" },
        { "Windows Registry Editor Version 5.00\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\KmReg\\Bad]\n"
          "\"v\"=\"abc\n", "test.reg:3: missing closing '\"'" },
        { "Windows Registry Editor Version 5.00\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\KmReg\\Bad]\n"
          "\"v\"=\"a\\tb\"\n", "test.reg:3: unknown escape '\\t'" },
        { "Windows Registry Editor Version 5.00\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\KmReg\\Bad]\n"
          "\"v\"=qword:1\n", "test.reg:3: unknown value data" },
        { "Windows Registry Editor Version 5.00\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\KmReg\\Bad]\n"
          "\"v\"=hex(zz):00\n", "test.reg:3: hex(N):" },
        { "Windows Registry Editor Version 5.00\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\KmReg\\Bad]\n"
          "\"v\"=hex(2)00\n", "test.reg:3: missing ':' after hex" },
        { "Windows Registry Editor Version 5.00\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\KmReg\\Bad]\n"
          "\"v\"=\"x\" junk\n", "test.reg:3: unexpected text after the value" },
        { "Windows Registry Editor Version 5.00\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\KmReg\\Bad] x\n",
          "test.reg:2: unexpected text after ']'" },
        { "Windows Registry Editor Version 5.00\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\KmReg\\Bad]\n"
          "v=1\n", "test.reg:3: expected a [KEY]" },
        { "Windows Registry Editor Version 5.00\n[]\n", "test.reg:2: empty key name" },
    };
    char msg[KMODE_REGISTRY_MESSAGE_SIZE];

    for (ULONG i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        NTSTATUS st = ImportText(bad[i].Text, msg);
        if (st != STATUS_DATA_ERROR || !ktest_contains(msg, bad[i].Message))
            KT_FAIL(t, "case %u: status 0x%x, message \"%s\" (want \"%s\")", i, (unsigned)st, msg,
                    bad[i].Message);
    }
    /* The whole file is checked first: the key of the good lines was not created. */
    KT_EXPECT_FALSE(t, KeyExists(K L"\\Bad"));
    /* A NULL message buffer is allowed. */
    ST(t, KmodeRegistryImportBuffer("REGEDIT5", 8, NULL, NULL, 0), STATUS_DATA_ERROR);
    /* A short one is truncated, still terminated. */
    ST(t, KmodeRegistryImportBuffer("REGEDIT5", 8, "x.reg", msg, 8), STATUS_DATA_ERROR);
    KT_EXPECT_STREQ(t, msg, "x.reg:1");
}

static void cm_regfile_test_registry_refusals_name_the_line(KTEST *t)
{
    char msg[KMODE_REGISTRY_MESSAGE_SIZE];

    /* HARDWARE is volatile: a non-volatile key under it is refused, as regedit is. */
    ST(t, ImportText("Windows Registry Editor Version 5.00\n"
                     "[HKEY_LOCAL_MACHINE\\SOFTWARE\\KmReg\\Before]\n"
                     "[HKEY_LOCAL_MACHINE\\HARDWARE\\KmRegNo]\n", msg),
       STATUS_CHILD_MUST_BE_VOLATILE);
    KT_EXPECT_TRUE(t, ktest_contains(msg, "test.reg:3: cannot create key \\Registry\\MACHINE\\HARDWARE\\KmRegNo: STATUS_CHILD_MUST_BE_VOLATILE"));
    KT_EXPECT_TRUE(t, KeyExists(K L"\\Before")); /* lines before it took effect */
    ST(t, ImportText("Windows Registry Editor Version 5.00\n[-HKEY_LOCAL_MACHINE\\SYSTEM]\n", msg),
       STATUS_CANNOT_DELETE);
    KT_EXPECT_TRUE(t, ktest_contains(msg, "test.reg:2: cannot delete key"));
    KT_EXPECT_TRUE(t, KeyExists(L"\\Registry\\Machine\\System\\ControlSet001\\Services"));
    /* A key name component over 255 characters. */
    {
        char text[600];
        int n = snprintf(text, sizeof text, "Windows Registry Editor Version 5.00\n[HKLM\\SOFTWARE\\");
        memset(text + n, 'k', 256);
        strcpy(text + n + 256, "]\n");
        ST(t, ImportText(text, msg), STATUS_INVALID_PARAMETER);
        KT_EXPECT_TRUE(t, ktest_contains(msg, "test.reg:2: cannot create key"));
    }
}

static void cm_regfile_test_import_file_errors(KTEST *t)
{
    char msg[KMODE_REGISTRY_MESSAGE_SIZE];

    ST(t, KmodeRegistryImport("/nonexistent/kmode.reg", msg, sizeof msg),
       STATUS_OBJECT_NAME_NOT_FOUND);
    KT_EXPECT_TRUE(t, ktest_contains(msg, "/nonexistent/kmode.reg: cannot read"));
    ST(t, KmodeRegistryImport("/tmp", msg, sizeof msg), STATUS_FILE_IS_A_DIRECTORY);
    ST(t, KmodeRegistryImport(NULL, msg, sizeof msg), STATUS_INVALID_PARAMETER);
}

/* ---- export ------------------------------------------------------------------------------- */

static void cm_regfile_test_export_is_regedit_format(KTEST *t)
{
    static const char expected[] =
        "Windows Registry Editor Version 5.00\n"
        "\n"
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\KmReg\\Export]\n"
        "\"Str\"=\"a\\\\b\\\"c\"\n"
        "@=\"def\"\n"
        "\"Dw\"=dword:1234abcd\n"
        "\"Bin\"=hex:00,01,02,03,04,05,06,07,08,09,0a,0b,0c,0d,0e,0f,10,11,12,13,14,15,16,\\\n"
        "  17,18,19,1a,1b,1c,1d,1e,1f,20,21,22,23,24,25,26,27\n"
        "\"Exp\"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,00,\\\n"
        "  25,00,5c,00,78,00,00,00\n"
        "\"Multi\"=hex(7):61,00,00,00,62,00,00,00,00,00\n"
        "\"Q\"=hex(b):08,07,06,05,04,03,02,01\n"
        "\"None\"=hex(0):\n"
        "\"Odd\"=hex(12345):01\n"
        "\"NoNul\"=hex(1):41,00\n"
        "\"Empty\"=hex(1):\n"
        "\"Dw3\"=hex(4):01,02,03\n"
        "\"Line\"=hex(1):61,00,0a,00,00,00\n"
        "\n"
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\KmReg\\Export\\Sub]\n"
        "\"x\"=dword:00000001\n"
        "\n";
    static const WCHAR exp[] = L"%SystemRoot%\\x";
    UCHAR bin[40], odd = 1, dw3[3] = { 1, 2, 3 };
    ULONG dw = 0x1234abcd, one = 1;
    ULONG64 q = 0x0102030405060708ULL;
    SIZE_T wantSize, size;
    void *want, *got;

    for (int i = 0; i < 40; i++)
        bin[i] = (UCHAR)i;
    SetValue(K L"\\Export", L"Str", REG_SZ, L"a\\b\"c", 12);
    SetValue(K L"\\Export", L"", REG_SZ, L"def", 8);
    SetValue(K L"\\Export", L"Dw", REG_DWORD, &dw, 4);
    SetValue(K L"\\Export", L"Bin", REG_BINARY, bin, 40);
    SetValue(K L"\\Export", L"Exp", REG_EXPAND_SZ, exp, sizeof exp);
    SetValue(K L"\\Export", L"Multi", REG_MULTI_SZ, L"a\0b\0", 10);
    SetValue(K L"\\Export", L"Q", REG_QWORD, &q, 8);
    SetValue(K L"\\Export", L"None", REG_NONE, NULL, 0);
    SetValue(K L"\\Export", L"Odd", 0x12345, &odd, 1);
    /* Strings that "..." cannot give back exactly are written as hex(1). */
    SetValue(K L"\\Export", L"NoNul", REG_SZ, L"A", 2);
    SetValue(K L"\\Export", L"Empty", REG_SZ, NULL, 0);
    SetValue(K L"\\Export", L"Dw3", REG_DWORD, dw3, 3);
    SetValue(K L"\\Export", L"Line", REG_SZ, L"a\n", 6);
    SetValue(K L"\\Export\\Sub", L"x", REG_DWORD, &one, 4);

    want = Utf16File(expected, &wantSize);
    ST(t, KmodeRegistryExportBuffer(L"HKEY_LOCAL_MACHINE\\SOFTWARE\\KmReg\\Export", &got, &size),
       STATUS_SUCCESS);
    KT_EXPECT_EQ(t, size, wantSize);
    if (size == wantSize && memcmp(got, want, size) != 0)
        KT_FAIL(t, "export differs from regedit's format");
    KmodeRegistryFree(got);
    /* Short root names and NT names give the same file (the root written in full). */
    ST(t, KmodeRegistryExportBuffer(L"HKLM\\SOFTWARE\\KmReg\\Export\\", &got, &size), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, size == wantSize && memcmp(got, want, size) == 0);
    KmodeRegistryFree(got);
    ST(t, KmodeRegistryExportBuffer(L"\\Registry\\Machine\\SOFTWARE\\KmReg\\Export", &got, &size),
       STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, size == wantSize && memcmp(got, want, size) == 0);
    KmodeRegistryFree(got);
    free(want);
}

static void cm_regfile_test_export_errors(KTEST *t)
{
    void *got = (void *)1;
    SIZE_T size = 1;

    ST(t, KmodeRegistryExportBuffer(L"HKEY_NOWHERE\\X", &got, &size), STATUS_OBJECT_NAME_INVALID);
    KT_EXPECT_TRUE(t, got == NULL && size == 0);
    ST(t, KmodeRegistryExportBuffer(L"HKLM\\SOFTWARE\\KmReg\\Absent", &got, &size),
       STATUS_OBJECT_NAME_NOT_FOUND);
    ST(t, KmodeRegistryExportBuffer(L"\\Registry", &got, &size), STATUS_OBJECT_NAME_INVALID);
    ST(t, KmodeRegistryExportBuffer(NULL, NULL, &size), STATUS_INVALID_PARAMETER);
    ST(t, KmodeRegistryExport("/nonexistent/dir/out.reg", NULL), STATUS_OBJECT_NAME_NOT_FOUND);
    ST(t, KmodeRegistryExport(NULL, NULL), STATUS_INVALID_PARAMETER);
}

static void cm_regfile_test_whole_registry_skips_volatile_and_links(KTEST *t)
{
    void *got;
    SIZE_T size;
    char *utf8;
    ULONG bytes = 0;

    ST(t, KmodeRegistryExportBuffer(NULL, &got, &size), STATUS_SUCCESS);
    utf8 = malloc(size * 2);
    RtlUnicodeToUTF8N(utf8, (ULONG)(size * 2 - 1), &bytes, (PCWCH)((PUCHAR)got + 2),
                      (ULONG)(size - 2));
    utf8[bytes] = 0;
    KT_EXPECT_TRUE(t, ktest_contains(utf8, "\r\n[HKEY_LOCAL_MACHINE]\r\n"));
    KT_EXPECT_TRUE(t, ktest_contains(utf8, "\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services]\r\n"));
    KT_EXPECT_TRUE(t, ktest_contains(utf8, "\r\n[HKEY_USERS\\.DEFAULT]\r\n"));
    KT_EXPECT_TRUE(t, ktest_contains(utf8, "\"SystemRoot\"=\"C:\\\\Windows\"\r\n"));
    KT_EXPECT_FALSE(t, ktest_contains(utf8, "CurrentControlSet"));  /* a link key */
    KT_EXPECT_FALSE(t, ktest_contains(utf8, "HARDWARE"));           /* volatile */
    free(utf8);
    KmodeRegistryFree(got);
}

static void cm_regfile_test_round_trip_through_a_file(KTEST *t)
{
    char path[] = "/tmp/kmregXXXXXX";
    char msg[KMODE_REGISTRY_MESSAGE_SIZE];
    UCHAR big[700];
    ULONG type, len;
    UCHAR data[16];
    void *first, *second;
    SIZE_T firstSize, secondSize;
    HANDLE k;
    int fd = mkstemp(path);

    KT_ASSERT_TRUE(t, fd >= 0);
    close(fd);
    for (int i = 0; i < 700; i++)
        big[i] = (UCHAR)(i * 7);
    SetValue(K L"\\Trip", L"NoNul", REG_SZ, L"AB", 4);
    SetValue(K L"\\Trip", L"Name with \"quotes\" and \\", REG_SZ, L"\x00e9\x4e2d", 6);
    SetValue(K L"\\Trip", L"", REG_MULTI_SZ, L"x\0\0", 6);
    SetValue(K L"\\Trip", L"Type", 0xFFFFFFFF, big, 3);
    SetValue(K L"\\Trip\\Child", L"Big", REG_BINARY, big, sizeof big);
    ST(t, KmodeRegistryExport(path, L"HKEY_LOCAL_MACHINE\\SOFTWARE\\KmReg\\Trip"), STATUS_SUCCESS);
    ST(t, KmodeRegistryExportBuffer(L"HKLM\\SOFTWARE\\KmReg\\Trip", &first, &firstSize),
       STATUS_SUCCESS);
    /* Delete it and bring it back from the file. */
    ST(t, ImportText("Windows Registry Editor Version 5.00\n[-HKLM\\SOFTWARE\\KmReg\\Trip]\n", msg),
       STATUS_SUCCESS);
    KT_EXPECT_FALSE(t, KeyExists(K L"\\Trip"));
    ST(t, KmodeRegistryImport(path, msg, sizeof msg), STATUS_SUCCESS);
    EXPECT_VALUE(t, K L"\\Trip\\Child", L"Big", REG_BINARY, big, sizeof big);
    EXPECT_VALUE(t, K L"\\Trip", L"NoNul", REG_SZ, L"AB", 4);
    EXPECT_VALUE(t, K L"\\Trip", L"Name with \"quotes\" and \\", REG_SZ, L"\x00e9\x4e2d", 6);
    EXPECT_VALUE(t, K L"\\Trip", L"", REG_MULTI_SZ, L"x\0\0", 6);
    EXPECT_VALUE(t, K L"\\Trip", L"Type", 0xFFFFFFFF, big, 3);
    ST(t, GetValue(K L"\\Trip", L"Absent", &type, data, &len), STATUS_OBJECT_NAME_NOT_FOUND);
    /* Exporting again gives the same bytes. */
    ST(t, KmodeRegistryExportBuffer(L"HKLM\\SOFTWARE\\KmReg\\Trip", &second, &secondSize),
       STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, firstSize == secondSize && memcmp(first, second, firstSize) == 0);
    KmodeRegistryFree(first);
    KmodeRegistryFree(second);
    /* Importing over an open handle's key keeps the handle usable. */
    ST(t, OpenKey(K L"\\Trip", &k), STATUS_SUCCESS);
    ST(t, KmodeRegistryImport(path, msg, sizeof msg), STATUS_SUCCESS);
    ST(t, ZwFlushKey(k), STATUS_SUCCESS);
    ZwClose(k);
    unlink(path);
}

/* ---- start-up seeding and the save at exit ------------------------------------------------ */

static void WriteFile(const char *Path, const char *Text)
{
    FILE *f = fopen(Path, "wb");
    fputs(Text, f);
    fclose(f);
}

static void cm_regfile_test_seed_from_environment(KTEST *t)
{
    char a[] = "/tmp/kmregaXXXXXX", b[] = "/tmp/kmregbXXXXXX", list[64];
    ULONG one = 1, two = 2;

    close(mkstemp(a));
    close(mkstemp(b));
    WriteFile(a, "Windows Registry Editor Version 5.00\n[HKLM\\SOFTWARE\\KmReg\\Seed]\n\"a\"=dword:1\n\"b\"=dword:1\n");
    WriteFile(b, "REGEDIT4\n[HKLM\\SOFTWARE\\KmReg\\Seed]\n\"b\"=dword:2\n");
    snprintf(list, sizeof list, "%s::%s", a, b);   /* in order; empty entries skipped */
    setenv("KMODE_REGISTRY", list, 1);
    unsetenv("KMODE_REGISTRY_SAVE");
    CmpSeedFromEnvironment();
    unsetenv("KMODE_REGISTRY");
    EXPECT_VALUE(t, K L"\\Seed", L"a", REG_DWORD, &one, 4);
    EXPECT_VALUE(t, K L"\\Seed", L"b", REG_DWORD, &two, 4);
    unlink(a);
    unlink(b);
}

static void SeedBadFile(void *Path)
{
    setenv("KMODE_REGISTRY", Path, 1);
    CmpSeedFromEnvironment();
}

static void cm_regfile_test_seed_failure_ends_the_process(KTEST *t)
{
    char a[] = "/tmp/kmregcXXXXXX", out[1024];

    close(mkstemp(a));
    WriteFile(a, "Windows Registry Editor Version 5.00\n[HKLM\\SOFTWARE\\KmReg\\X]\n\"v\"=hex:1,g\n");
    KT_EXPECT_EQ(t, ktest_run_isolated(SeedBadFile, a, out, sizeof out), 1);
    KT_EXPECT_TRUE(t, ktest_contains(out, "kmode: KMODE_REGISTRY: "));
    KT_EXPECT_TRUE(t, ktest_contains(out, ":3: bad hex byte 'g'"));
    KT_EXPECT_EQ(t, ktest_run_isolated(SeedBadFile, "/nonexistent.reg", out, sizeof out), 1);
    KT_EXPECT_TRUE(t, ktest_contains(out, "kmode: KMODE_REGISTRY: /nonexistent.reg: cannot read: STATUS_OBJECT_NAME_NOT_FOUND"));
    unlink(a);
}

static void SaveAtExit(void *Path)
{
    setenv("KMODE_REGISTRY_SAVE", Path, 1);
    unsetenv("KMODE_REGISTRY");
    CmpSeedFromEnvironment();
    SetValue(K L"\\Saved", L"v", REG_DWORD, "\x05\0\0\0", 4);
    exit(0); /* runs the atexit export */
}

static void cm_regfile_test_save_at_exit(KTEST *t)
{
    char a[] = "/tmp/kmregdXXXXXX", out[1024], msg[KMODE_REGISTRY_MESSAGE_SIZE];
    ULONG five = 5;

    close(mkstemp(a));
    KT_EXPECT_EQ(t, ktest_run_isolated(SaveAtExit, a, out, sizeof out), 0);
    /* The child saved its registry; this process imports it. */
    ST(t, KmodeRegistryImport(a, msg, sizeof msg), STATUS_SUCCESS);
    EXPECT_VALUE(t, K L"\\Saved", L"v", REG_DWORD, &five, 4);
    unlink(a);
}

static const KTEST_CASE cm_regfile_cases[] = {
    KTEST_CASE_ENTRY(cm_regfile_test_import_every_type_utf16),
    KTEST_CASE_ENTRY(cm_regfile_test_import_utf8_and_continuations),
    KTEST_CASE_ENTRY(cm_regfile_test_import_regedit4_is_ansi),
    KTEST_CASE_ENTRY(cm_regfile_test_import_deletions),
    KTEST_CASE_ENTRY(cm_regfile_test_import_roots_and_links),
    KTEST_CASE_ENTRY(cm_regfile_test_malformed_files_change_nothing),
    KTEST_CASE_ENTRY(cm_regfile_test_registry_refusals_name_the_line),
    KTEST_CASE_ENTRY(cm_regfile_test_import_file_errors),
    KTEST_CASE_ENTRY(cm_regfile_test_export_is_regedit_format),
    KTEST_CASE_ENTRY(cm_regfile_test_export_errors),
    KTEST_CASE_ENTRY(cm_regfile_test_whole_registry_skips_volatile_and_links),
    KTEST_CASE_ENTRY(cm_regfile_test_round_trip_through_a_file),
    KTEST_CASE_ENTRY(cm_regfile_test_seed_from_environment),
    KTEST_CASE_ENTRY(cm_regfile_test_seed_failure_ends_the_process),
    KTEST_CASE_ENTRY(cm_regfile_test_save_at_exit),
    { NULL, NULL },
};
KTEST_SUITE(cm_regfile, cm_regfile_cases)
