/*
 * PURPOSE: .reg files: importing the text regedit writes into the registry and exporting
 * keys in exactly regedit's format (KmodeRegistryImport/Export, include/kmode/registry.h),
 * and the start-up seeding / exit save driven by KMODE_REGISTRY / KMODE_REGISTRY_SAVE.
 *
 * Import reads the whole file, decodes it to UTF-16 (a UTF-16LE BOM, a UTF-8 BOM, UTF-16LE
 * without BOM, REGEDIT4 as ANSI Windows-1252, otherwise UTF-8), parses every line into a list
 * of operations (so a syntax error changes nothing), then applies them under the registry
 * lock in file order. Export walks the tree under the lock into a UTF-16 text and writes it
 * with a BOM, as regedit does.
 */

/* ==== INCLUDES ======================================================================== */

#include "cmp.h"
#include <internal/kd.h>
#include <internal/status.h>
#include <kmode/registry.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ==== GLOBALS ========================================================================= */

static const WCHAR CmpHeader5[] = L"Windows Registry Editor Version 5.00";
static const WCHAR CmpHeader4[] = L"REGEDIT4";

/* regedit wraps hex data once a line holds this many characters (before the "\"). */
#define CMP_HEX_WRAP_COLUMN 77

/* Root names of .reg files and where they are in kmode's tree (relative to \Registry). */
typedef struct _CMP_REG_ROOT {
    PCWSTR Name;
    PCWSTR Target;
} CMP_REG_ROOT;

static const CMP_REG_ROOT CmpRegRoots[] = {
    { L"HKEY_LOCAL_MACHINE", L"MACHINE" },
    { L"HKLM", L"MACHINE" },
    { L"HKEY_USERS", L"USER" },
    { L"HKU", L"USER" },
    /* The system process's user: what RTL_REGISTRY_USER means for kmode. */
    { L"HKEY_CURRENT_USER", L"USER\\.DEFAULT" },
    { L"HKCU", L"USER\\.DEFAULT" },
    /* Windows merges the user's classes over these; kmode has only the machine's. */
    { L"HKEY_CLASSES_ROOT", L"MACHINE\\SOFTWARE\\Classes" },
    { L"HKCR", L"MACHINE\\SOFTWARE\\Classes" },
};

static char *CmpSaveAtExitPath;

/* ==== PRIVATE FUNCTIONS: text ========================================================= */

typedef struct _CMP_TEXT {
    PWCH Buffer;
    SIZE_T Length;      /* characters */
    SIZE_T Capacity;
    BOOLEAN Failed;     /* out of memory */
} CMP_TEXT;

static VOID CmppAppend(CMP_TEXT *Text, PCWCH Chars, SIZE_T Count)
{
    if (Text->Failed)
        return;
    if (Text->Length + Count > Text->Capacity) {
        SIZE_T cap = Text->Capacity ? Text->Capacity : 1024;
        PWCH grown;
        while (cap < Text->Length + Count)
            cap *= 2;
        grown = realloc(Text->Buffer, cap * sizeof(WCHAR));
        if (grown == NULL) {
            Text->Failed = TRUE;
            return;
        }
        Text->Buffer = grown;
        Text->Capacity = cap;
    }
    memcpy(Text->Buffer + Text->Length, Chars, Count * sizeof(WCHAR));
    Text->Length += Count;
}

static VOID CmppAppendW(CMP_TEXT *Text, PCWSTR String)
{
    SIZE_T n = 0;
    while (String[n] != 0)
        n++;
    CmppAppend(Text, String, n);
}

static BOOLEAN CmppIsBlank(WCHAR c)
{
    return c == L' ' || c == L'\t';
}

static int CmppHexDigit(WCHAR c)
{
    if (c >= L'0' && c <= L'9')
        return c - L'0';
    if (c >= L'a' && c <= L'f')
        return c - L'a' + 10;
    if (c >= L'A' && c <= L'F')
        return c - L'A' + 10;
    return -1;
}

static BOOLEAN CmppEqualNoCase(PCWCH A, SIZE_T Chars, PCWSTR B)
{
    SIZE_T i;
    for (i = 0; i < Chars; i++)
        if (B[i] == 0 || RtlUpcaseUnicodeChar(A[i]) != RtlUpcaseUnicodeChar(B[i]))
            return FALSE;
    return B[i] == 0;
}

/* UTF-8 of Chars characters for a message (malloc'd, never NULL unless out of memory). */
static char *CmppToUtf8(PCWCH Chars, SIZE_T Count)
{
    ULONG bytes = 0;
    char *out;

    if (Count > 4096)
        Count = 4096; /* messages show a prefix of very long names */
    RtlUnicodeToUTF8N(NULL, 0, &bytes, Chars, (ULONG)(Count * sizeof(WCHAR)));
    out = malloc((SIZE_T)bytes + 1);
    if (out == NULL)
        return NULL;
    RtlUnicodeToUTF8N(out, bytes, &bytes, Chars, (ULONG)(Count * sizeof(WCHAR)));
    out[bytes] = 0;
    return out;
}

/* ==== PRIVATE FUNCTIONS: decoding a file ============================================== */

/* The file's text as UTF-16 (malloc'd). FALSE only when out of memory or too large. */
static NTSTATUS CmppDecode(const UCHAR *Data, SIZE_T Size, PWCH *Text, SIZE_T *Chars)
{
    PWCH out;
    ULONG bytes = 0;

    *Text = NULL;
    *Chars = 0;
    if (Size > 0x3FFFFFFF)
        return STATUS_FILE_TOO_LARGE;
    if ((Size >= 2 && Data[0] == 0xFF && Data[1] == 0xFE) ||
        (Size >= 2 && Data[0] != 0 && Data[1] == 0)) {
        /* UTF-16LE, as regedit writes version 5 files (with the BOM). */
        SIZE_T skip = (Data[0] == 0xFF) ? 2 : 0;
        SIZE_T n = (Size - skip) / sizeof(WCHAR);
        out = malloc((n + 1) * sizeof(WCHAR));
        if (out == NULL)
            return STATUS_INSUFFICIENT_RESOURCES;
        memcpy(out, Data + skip, n * sizeof(WCHAR));
        *Text = out;
        *Chars = n;
        return STATUS_SUCCESS;
    }
    if (Size >= 8 && memcmp(Data, "REGEDIT4", 8) == 0) {
        /* REGEDIT4 files are in the ANSI code page (kmode's is Windows-1252). */
        out = malloc((Size + 1) * sizeof(WCHAR));
        if (out == NULL)
            return STATUS_INSUFFICIENT_RESOURCES;
        RtlMultiByteToUnicodeN(out, (ULONG)(Size * sizeof(WCHAR)), &bytes, (PCCH)Data, (ULONG)Size);
        *Text = out;
        *Chars = bytes / sizeof(WCHAR);
        return STATUS_SUCCESS;
    }
    if (Size >= 3 && Data[0] == 0xEF && Data[1] == 0xBB && Data[2] == 0xBF) {
        Data += 3;
        Size -= 3;
    }
    /* UTF-8 (ill-formed sequences become U+FFFD). */
    out = malloc((Size + 1) * sizeof(WCHAR));
    if (out == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlUTF8ToUnicodeN(out, (ULONG)(Size * sizeof(WCHAR)), &bytes, (PCCH)Data, (ULONG)Size);
    *Text = out;
    *Chars = bytes / sizeof(WCHAR);
    return STATUS_SUCCESS;
}

/* ==== PRIVATE FUNCTIONS: parsing ====================================================== */

typedef enum _CMP_REG_OP_KIND {
    CmpRegCreateKey,
    CmpRegDeleteKey,
    CmpRegSetValue,
    CmpRegDeleteValue,
} CMP_REG_OP_KIND;

typedef struct _CMP_REG_OP {
    CMP_REG_OP_KIND Kind;
    ULONG Line;
    PWCH Name;          /* key: path below \Registry; value: its name */
    SIZE_T NameChars;
    ULONG Type;
    PUCHAR Data;
    ULONG DataLength;
} CMP_REG_OP;

typedef struct _CMP_PARSER {
    PCWCH Text;
    SIZE_T Chars;
    SIZE_T Next;        /* start of the line after the current one */
    PCWCH Line;         /* the current line without its CR/LF */
    SIZE_T LineChars;
    ULONG LineNumber;
    BOOLEAN Ansi;       /* REGEDIT4: hex(2) and hex(7) data are ANSI strings */
    const char *Source;
    char *Message;
    SIZE_T MessageSize;
    CMP_REG_OP *Ops;
    SIZE_T OpCount, OpCapacity;
    BOOLEAN InKey;      /* a [Key] section is open (values apply to it) */
    BOOLEAN InDeleted;  /* a [-Key] section: regedit ignores its values */
} CMP_PARSER;

static VOID CmppMessage(const char *Source, ULONG Line, char *Message, SIZE_T MessageSize,
                        const char *Format, ...) __attribute__((format(printf, 5, 6)));

static VOID CmppMessage(const char *Source, ULONG Line, char *Message, SIZE_T MessageSize,
                        const char *Format, ...)
{
    va_list args;
    int n;

    if (Message == NULL || MessageSize == 0)
        return;
    if (Line != 0)
        n = snprintf(Message, MessageSize, "%s:%u: ", Source, Line);
    else
        n = snprintf(Message, MessageSize, "%s: ", Source);
    if (n < 0 || (SIZE_T)n >= MessageSize)
        return;
    va_start(args, Format);
    vsnprintf(Message + n, MessageSize - (SIZE_T)n, Format, args);
    va_end(args);
}

#define CMP_SYNTAX(p, ...) \
    (CmppMessage((p)->Source, (p)->LineNumber, (p)->Message, (p)->MessageSize, __VA_ARGS__), \
     STATUS_DATA_ERROR)

static BOOLEAN CmppNextLine(CMP_PARSER *p)
{
    SIZE_T end;

    if (p->Next >= p->Chars)
        return FALSE;
    for (end = p->Next; end < p->Chars && p->Text[end] != L'\n'; end++)
        ;
    p->Line = p->Text + p->Next;
    p->LineChars = end - p->Next;
    if (p->LineChars > 0 && p->Line[p->LineChars - 1] == L'\r')
        p->LineChars--;
    p->Next = end < p->Chars ? end + 1 : end;
    p->LineNumber++;
    return TRUE;
}

static NTSTATUS CmppAddOp(CMP_PARSER *p, CMP_REG_OP *Op)
{
    if (p->OpCount == p->OpCapacity) {
        SIZE_T cap = p->OpCapacity ? p->OpCapacity * 2 : 32;
        CMP_REG_OP *grown = realloc(p->Ops, cap * sizeof(*grown));
        if (grown == NULL)
            return STATUS_INSUFFICIENT_RESOURCES;
        p->Ops = grown;
        p->OpCapacity = cap;
    }
    Op->Line = p->LineNumber;
    p->Ops[p->OpCount++] = *Op;
    return STATUS_SUCCESS;
}

static VOID CmppFreeOps(CMP_REG_OP *Ops, SIZE_T Count)
{
    for (SIZE_T i = 0; i < Count; i++) {
        free(Ops[i].Name);
        free(Ops[i].Data);
    }
    free(Ops);
}

/* Rest of the line from At: blanks, then nothing or a ';' comment. */
static BOOLEAN CmppRestIsEmpty(const CMP_PARSER *p, SIZE_T At)
{
    while (At < p->LineChars && CmppIsBlank(p->Line[At]))
        At++;
    return At == p->LineChars || p->Line[At] == L';';
}

/*
 * Maps a regedit key name (ROOT\rest) to a path below \Registry (malloc'd). Also accepts
 * an NT name "\Registry\...". STATUS_OBJECT_NAME_INVALID for an unknown root (*RootChars
 * is then the length of the root name).
 */
static NTSTATUS CmppMapKeyName(PCWCH Name, SIZE_T Chars, PWCH *Path, SIZE_T *PathChars,
                               SIZE_T *RootChars)
{
    static const WCHAR prefix[] = L"\\Registry";
    const SIZE_T prefixChars = RTL_NUMBER_OF(prefix) - 1;
    SIZE_T root = 0, restChars, targetChars;
    PCWSTR target = NULL;
    PWCH out;

    *Path = NULL;
    if (Chars >= prefixChars && CmppEqualNoCase(Name, prefixChars, prefix) &&
        (Chars == prefixChars || Name[prefixChars] == L'\\')) {
        /* An NT name: everything after "\Registry\" (empty = the root). */
        SIZE_T skip = Chars > prefixChars ? prefixChars + 1 : prefixChars;
        out = malloc((Chars - skip + 1) * sizeof(WCHAR));
        if (out == NULL)
            return STATUS_INSUFFICIENT_RESOURCES;
        memcpy(out, Name + skip, (Chars - skip) * sizeof(WCHAR));
        out[Chars - skip] = 0;
        *Path = out;
        *PathChars = Chars - skip;
        return STATUS_SUCCESS;
    }
    while (root < Chars && Name[root] != L'\\')
        root++;
    *RootChars = root;
    for (ULONG i = 0; i < RTL_NUMBER_OF(CmpRegRoots); i++)
        if (CmppEqualNoCase(Name, root, CmpRegRoots[i].Name)) {
            target = CmpRegRoots[i].Target;
            break;
        }
    if (target == NULL)
        return STATUS_OBJECT_NAME_INVALID;
    for (targetChars = 0; target[targetChars] != 0; targetChars++)
        ;
    restChars = Chars - root; /* "\rest" or nothing */
    out = malloc((targetChars + restChars + 1) * sizeof(WCHAR));
    if (out == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    memcpy(out, target, targetChars * sizeof(WCHAR));
    memcpy(out + targetChars, Name + root, restChars * sizeof(WCHAR));
    out[targetChars + restChars] = 0;
    *Path = out;
    *PathChars = targetChars + restChars;
    return STATUS_SUCCESS;
}

/* "[Key]" or "[-Key]": the line starts (after blanks) at '[' (index At). */
static NTSTATUS CmppParseKeyLine(CMP_PARSER *p, SIZE_T At)
{
    CMP_REG_OP op;
    SIZE_T close = p->LineChars, start = At + 1, rootChars = 0;
    BOOLEAN remove = FALSE;
    NTSTATUS st;

    /* A key name may itself hold ']': the name ends at the line's last one. */
    while (close > start && p->Line[close - 1] != L']')
        close--;
    if (close <= start)
        return CMP_SYNTAX(p, "missing ']' after the key name");
    close--;
    if (!CmppRestIsEmpty(p, close + 1))
        return CMP_SYNTAX(p, "unexpected text after ']'");
    if (p->Line[start] == L'-') {
        remove = TRUE;
        start++;
    }
    if (close == start)
        return CMP_SYNTAX(p, "empty key name");
    RtlZeroMemory(&op, sizeof(op));
    op.Kind = remove ? CmpRegDeleteKey : CmpRegCreateKey;
    st = CmppMapKeyName(p->Line + start, close - start, &op.Name, &op.NameChars, &rootChars);
    if (st == STATUS_OBJECT_NAME_INVALID) {
        char *root = CmppToUtf8(p->Line + start, rootChars);
        st = CMP_SYNTAX(p, "unknown root key '%s' (HKEY_LOCAL_MACHINE, HKEY_USERS, "
                           "HKEY_CURRENT_USER, HKEY_CLASSES_ROOT or their short names)",
                        root ? root : "?");
        free(root);
        return st;
    }
    if (!NT_SUCCESS(st))
        return st;
    st = CmppAddOp(p, &op);
    if (!NT_SUCCESS(st)) {
        free(op.Name);
        return st;
    }
    p->InKey = !remove;
    p->InDeleted = remove;
    return STATUS_SUCCESS;
}

/* A quoted string starting at *At (the '"'), with regedit's escapes \\ and \". On success
   *At is just past the closing quote and *Out a malloc'd copy (NUL-terminated). */
static NTSTATUS CmppParseQuoted(CMP_PARSER *p, SIZE_T *At, PWCH *Out, SIZE_T *OutChars)
{
    SIZE_T i = *At + 1, n = 0;
    PWCH s = malloc((p->LineChars + 1) * sizeof(WCHAR));

    *Out = NULL;
    if (s == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    for (;;) {
        WCHAR c;
        if (i >= p->LineChars) {
            free(s);
            return CMP_SYNTAX(p, "missing closing '\"'");
        }
        c = p->Line[i++];
        if (c == L'"')
            break;
        if (c == L'\\') {
            if (i >= p->LineChars) {
                free(s);
                return CMP_SYNTAX(p, "missing closing '\"'");
            }
            c = p->Line[i++];
            if (c != L'\\' && c != L'"') {
                free(s);
                return CMP_SYNTAX(p, "unknown escape '\\%c' in a string (a backslash is "
                                     "written '\\\\', a quote '\\\"')",
                                  c < 0x80 && c >= 0x20 ? (char)c : '?');
            }
        }
        s[n++] = c;
    }
    s[n] = 0;
    *At = i;
    *Out = s;
    *OutChars = n;
    return STATUS_SUCCESS;
}

/* Comma-separated hex bytes from *At, following "\" continuations onto the next lines. */
static NTSTATUS CmppParseHex(CMP_PARSER *p, SIZE_T At, PUCHAR *Data, ULONG *Length)
{
    SIZE_T cap = 64, n = 0, i = At;
    PUCHAR bytes = malloc(cap);
    BOOLEAN needByte = FALSE; /* after a comma */

    *Data = NULL;
    *Length = 0;
    if (bytes == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    for (;;) {
        int hi, lo;
        while (i < p->LineChars && CmppIsBlank(p->Line[i]))
            i++;
        if (i < p->LineChars && p->Line[i] == L'\\' && CmppRestIsEmpty(p, i + 1) &&
            (i + 1 == p->LineChars || p->Line[i + 1] != L';')) {
            /* Continuation: the data goes on at the next line (comment lines skipped). */
            do {
                if (!CmppNextLine(p)) {
                    free(bytes);
                    return CMP_SYNTAX(p, "the file ends after a '\\' continuation");
                }
                i = 0;
                while (i < p->LineChars && CmppIsBlank(p->Line[i]))
                    i++;
            } while (i < p->LineChars && p->Line[i] == L';');
            continue;
        }
        if (i == p->LineChars || p->Line[i] == L';') {
            if (needByte && n == 0) {
                free(bytes);
                return CMP_SYNTAX(p, "hex data starts with ','");
            }
            break; /* regedit tolerates a trailing comma */
        }
        hi = CmppHexDigit(p->Line[i]);
        lo = i + 1 < p->LineChars ? CmppHexDigit(p->Line[i + 1]) : -1;
        if (hi < 0) {
            char *bad = CmppToUtf8(p->Line + i, p->LineChars - i > 2 ? 2 : p->LineChars - i);
            NTSTATUS st = CMP_SYNTAX(p, "bad hex byte '%s'", bad ? bad : "?");
            free(bad);
            free(bytes);
            return st;
        }
        if (n == cap) {
            PUCHAR grown;
            if (cap >= 0x40000000) {
                free(bytes);
                return CMP_SYNTAX(p, "value data too large");
            }
            grown = realloc(bytes, cap * 2);
            if (grown == NULL) {
                free(bytes);
                return STATUS_INSUFFICIENT_RESOURCES;
            }
            bytes = grown;
            cap *= 2;
        }
        if (lo >= 0) {
            bytes[n++] = (UCHAR)(hi * 16 + lo);
            i += 2;
        } else {
            bytes[n++] = (UCHAR)hi;
            i += 1;
        }
        while (i < p->LineChars && CmppIsBlank(p->Line[i]))
            i++;
        if (i < p->LineChars && p->Line[i] == L',') {
            i++;
            needByte = TRUE;
            continue;
        }
        if (i < p->LineChars && p->Line[i] != L'\\' && p->Line[i] != L';') {
            char *bad = CmppToUtf8(p->Line + i, 1);
            NTSTATUS st = CMP_SYNTAX(p, "bad hex data: '%s' where ',' was expected",
                                     bad ? bad : "?");
            free(bad);
            free(bytes);
            return st;
        }
        needByte = FALSE;
    }
    *Data = bytes;
    *Length = (ULONG)n;
    return STATUS_SUCCESS;
}

/* "Name"=... or @=...; At is the first non-blank character of the line. */
static NTSTATUS CmppParseValueLine(CMP_PARSER *p, SIZE_T At)
{
    CMP_REG_OP op;
    SIZE_T i = At;
    NTSTATUS st;

    RtlZeroMemory(&op, sizeof(op));
    if (p->Line[i] == L'@') {
        op.Name = calloc(1, sizeof(WCHAR)); /* the default value: empty name */
        if (op.Name == NULL)
            return STATUS_INSUFFICIENT_RESOURCES;
        i++;
    } else {
        st = CmppParseQuoted(p, &i, &op.Name, &op.NameChars);
        if (!NT_SUCCESS(st))
            return st;
        if (op.NameChars > 16383) {
            free(op.Name);
            return CMP_SYNTAX(p, "value name longer than 16383 characters");
        }
    }
    while (i < p->LineChars && CmppIsBlank(p->Line[i]))
        i++;
    if (i >= p->LineChars || p->Line[i] != L'=') {
        free(op.Name);
        return CMP_SYNTAX(p, "missing '=' after the value name");
    }
    i++;
    while (i < p->LineChars && CmppIsBlank(p->Line[i]))
        i++;
    if (!p->InKey && !p->InDeleted) {
        free(op.Name);
        return CMP_SYNTAX(p, "value outside a key: a [KEY] line must come first");
    }

    if (i < p->LineChars && p->Line[i] == L'-') {
        op.Kind = CmpRegDeleteValue;
        i++;
    } else if (i < p->LineChars && p->Line[i] == L'"') {
        PWCH s;
        SIZE_T chars;
        st = CmppParseQuoted(p, &i, &s, &chars);
        if (!NT_SUCCESS(st)) {
            free(op.Name);
            return st;
        }
        op.Kind = CmpRegSetValue;
        op.Type = REG_SZ;
        op.Data = (PUCHAR)s; /* with its terminator, as regedit stores a string */
        op.DataLength = (ULONG)((chars + 1) * sizeof(WCHAR));
    } else if (p->LineChars - i >= 6 && CmppEqualNoCase(p->Line + i, 6, L"dword:")) {
        ULONG value = 0;
        SIZE_T digits = 0;
        i += 6;
        while (i < p->LineChars && CmppHexDigit(p->Line[i]) >= 0 && digits < 9) {
            value = value * 16 + (ULONG)CmppHexDigit(p->Line[i]);
            i++;
            digits++;
        }
        if (digits == 0 || digits > 8) {
            free(op.Name);
            return CMP_SYNTAX(p, "dword: wants 1 to 8 hex digits");
        }
        op.Kind = CmpRegSetValue;
        op.Type = REG_DWORD;
        op.Data = malloc(sizeof(ULONG));
        if (op.Data == NULL) {
            free(op.Name);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        memcpy(op.Data, &value, sizeof(ULONG));
        op.DataLength = sizeof(ULONG);
    } else if (p->LineChars - i >= 3 && CmppEqualNoCase(p->Line + i, 3, L"hex")) {
        ULONG type = REG_BINARY;
        i += 3;
        if (i < p->LineChars && p->Line[i] == L'(') {
            SIZE_T digits = 0;
            type = 0;
            i++;
            while (i < p->LineChars && CmppHexDigit(p->Line[i]) >= 0 && digits < 9) {
                type = type * 16 + (ULONG)CmppHexDigit(p->Line[i]);
                i++;
                digits++;
            }
            if (digits == 0 || digits > 8 || i >= p->LineChars || p->Line[i] != L')') {
                free(op.Name);
                return CMP_SYNTAX(p, "hex(N): wants the value type N in 1 to 8 hex digits");
            }
            i++;
        }
        if (i >= p->LineChars || p->Line[i] != L':') {
            free(op.Name);
            return CMP_SYNTAX(p, "missing ':' after hex");
        }
        i++;
        op.Kind = CmpRegSetValue;
        op.Type = type;
        st = CmppParseHex(p, i, &op.Data, &op.DataLength);
        if (!NT_SUCCESS(st)) {
            free(op.Name);
            return st;
        }
        if (p->Ansi && (type == REG_EXPAND_SZ || type == REG_MULTI_SZ)) {
            /* REGEDIT4 stores these strings in the ANSI code page: widen them. */
            PUCHAR wide = malloc((SIZE_T)op.DataLength * sizeof(WCHAR) + 1);
            ULONG bytes = 0;
            if (wide == NULL) {
                free(op.Name);
                free(op.Data);
                return STATUS_INSUFFICIENT_RESOURCES;
            }
            RtlMultiByteToUnicodeN((PWCH)wide, op.DataLength * (ULONG)sizeof(WCHAR), &bytes,
                                   (PCCH)op.Data, op.DataLength);
            free(op.Data);
            op.Data = wide;
            op.DataLength = bytes;
        }
        i = p->LineChars; /* CmppParseHex checked the rest of its last line */
    } else {
        free(op.Name);
        return CMP_SYNTAX(p, "unknown value data: expected \"string\", dword:, hex:, "
                             "hex(N): or -");
    }
    if (!CmppRestIsEmpty(p, i)) {
        free(op.Name);
        free(op.Data);
        return CMP_SYNTAX(p, "unexpected text after the value");
    }
    if (p->InDeleted) {
        /* Values of a [-Key] section: regedit ignores them. */
        free(op.Name);
        free(op.Data);
        return STATUS_SUCCESS;
    }
    st = CmppAddOp(p, &op);
    if (!NT_SUCCESS(st)) {
        free(op.Name);
        free(op.Data);
    }
    return st;
}

static NTSTATUS CmppParse(CMP_PARSER *p)
{
    SIZE_T end;
    NTSTATUS st;

    if (!CmppNextLine(p))
        return CMP_SYNTAX(p, "empty file: a .reg file starts with 'Windows Registry Editor "
                             "Version 5.00' or 'REGEDIT4'");
    end = p->LineChars;
    while (end > 0 && CmppIsBlank(p->Line[end - 1]))
        end--;
    if (end == RTL_NUMBER_OF(CmpHeader5) - 1 &&
        memcmp(p->Line, CmpHeader5, end * sizeof(WCHAR)) == 0) {
        p->Ansi = FALSE;
    } else if (end == RTL_NUMBER_OF(CmpHeader4) - 1 &&
               memcmp(p->Line, CmpHeader4, end * sizeof(WCHAR)) == 0) {
        p->Ansi = TRUE;
    } else {
        return CMP_SYNTAX(p, "not a .reg file: the first line must be 'Windows Registry "
                             "Editor Version 5.00' or 'REGEDIT4'");
    }
    while (CmppNextLine(p)) {
        SIZE_T i = 0;
        while (i < p->LineChars && CmppIsBlank(p->Line[i]))
            i++;
        if (i == p->LineChars || p->Line[i] == L';')
            continue;
        if (p->Line[i] == L'[')
            st = CmppParseKeyLine(p, i);
        else if (p->Line[i] == L'"' || p->Line[i] == L'@')
            st = CmppParseValueLine(p, i);
        else
            st = CMP_SYNTAX(p, "expected a [KEY], a \"NAME\"= or @= line");
        if (!NT_SUCCESS(st))
            return st;
    }
    return STATUS_SUCCESS;
}

/* ==== PRIVATE FUNCTIONS: applying ===================================================== */

/* Caller holds CmpLock exclusively. The node of Path (below \Registry), creating missing
   keys when Create; link keys are followed except, when OpenLink, as the last component. */
static NTSTATUS CmppWalk(PCWCH Path, SIZE_T Chars, BOOLEAN Create, BOOLEAN OpenLink,
                         PCM_KEY_NODE *Result)
{
    CM_PARSE_CONTEXT ctx = { CM_PARSE_CONTEXT_SIGNATURE, TRUE, 0, NULL, 0 };
    PCM_KEY_NODE node = CmpRootNode, next;
    SIZE_T pos = 0;
    NTSTATUS st;

    CmpReferenceNode(node);
    for (;;) {
        UNICODE_STRING comp;
        SIZE_T end, after;
        while (pos < Chars && Path[pos] == L'\\')
            pos++;
        if (pos == Chars)
            break;
        for (end = pos; end < Chars && Path[end] != L'\\'; end++)
            ;
        for (after = end; after < Chars && Path[after] == L'\\'; after++)
            ;
        if (end - pos > 255) {
            CmpDereferenceNode(node);
            return STATUS_INVALID_PARAMETER; /* a key name component is at most 255 */
        }
        comp.Buffer = (PWCH)(Path + pos);
        comp.Length = comp.MaximumLength = (USHORT)((end - pos) * sizeof(WCHAR));
        ctx.Disposition = 0;
        st = CmpLookupNode(node, &comp, OpenLink && after == Chars, Create ? &ctx : NULL, &next);
        CmpDereferenceNode(node);
        if (!NT_SUCCESS(st))
            return st;
        node = next;
        pos = end;
    }
    *Result = node;
    return STATUS_SUCCESS;
}

/* Caller holds CmpLock exclusively. */
static BOOLEAN CmppSubtreeDeletable(PCM_KEY_NODE Node)
{
    if (Node->Flags & CM_KEY_FLAG_NO_DELETE)
        return FALSE;
    for (ULONG i = 0; i < Node->SubKeyCount; i++)
        if (!CmppSubtreeDeletable(Node->SubKeys[i]))
            return FALSE;
    return TRUE;
}

/* Caller holds CmpLock exclusively: deletes the subkeys first, then the key. */
static VOID CmppDeleteSubtree(PCM_KEY_NODE Node)
{
    while (Node->SubKeyCount != 0)
        CmppDeleteSubtree(Node->SubKeys[Node->SubKeyCount - 1]);
    CmpDetachNode(Node);
}

static VOID CmppApplyFailed(const char *Source, const CMP_REG_OP *Op, const char *What,
                            NTSTATUS Status, char *Message, SIZE_T MessageSize)
{
    const char *name = KmodeNtStatusName(Status);
    char *key = CmppToUtf8(Op->Name, Op->NameChars);

    CmppMessage(Source, Op->Line, Message, MessageSize, "%s %s%s: %s (0x%08X)", What,
                Op->Kind == CmpRegCreateKey || Op->Kind == CmpRegDeleteKey ? "\\Registry\\" : "",
                key ? key : "?", name ? name : "error", (unsigned)Status);
    free(key);
}

/* Applies the operations in order, under the registry lock. */
static NTSTATUS CmppApply(const char *Source, CMP_REG_OP *Ops, SIZE_T Count, char *Message,
                          SIZE_T MessageSize)
{
    PCM_KEY_NODE key = NULL;
    NTSTATUS st = STATUS_SUCCESS;

    HostRwLockAcquireExclusive(&CmpLock);
    for (SIZE_T i = 0; i < Count && NT_SUCCESS(st); i++) {
        CMP_REG_OP *op = &Ops[i];
        switch (op->Kind) {
        case CmpRegCreateKey:
            if (key != NULL)
                CmpDereferenceNode(key);
            key = NULL;
            st = CmppWalk(op->Name, op->NameChars, TRUE, FALSE, &key);
            if (!NT_SUCCESS(st))
                CmppApplyFailed(Source, op, "cannot create key", st, Message, MessageSize);
            break;
        case CmpRegDeleteKey: {
            PCM_KEY_NODE victim;
            if (key != NULL)
                CmpDereferenceNode(key);
            key = NULL;
            st = CmppWalk(op->Name, op->NameChars, FALSE, TRUE, &victim);
            if (st == STATUS_OBJECT_NAME_NOT_FOUND) {
                st = STATUS_SUCCESS; /* nothing to delete: regedit carries on */
                break;
            }
            if (NT_SUCCESS(st)) {
                if (!CmppSubtreeDeletable(victim))
                    st = STATUS_CANNOT_DELETE;
                else
                    CmppDeleteSubtree(victim);
                CmpDereferenceNode(victim);
            }
            if (!NT_SUCCESS(st))
                CmppApplyFailed(Source, op, "cannot delete key", st, Message, MessageSize);
            break;
        }
        case CmpRegSetValue: {
            UNICODE_STRING name;
            name.Buffer = op->Name;
            name.Length = name.MaximumLength = (USHORT)(op->NameChars * sizeof(WCHAR));
            st = CmpSetValue(key, &name, op->Type, op->Data, op->DataLength);
            if (!NT_SUCCESS(st))
                CmppApplyFailed(Source, op, "cannot set value", st, Message, MessageSize);
            break;
        }
        case CmpRegDeleteValue: {
            UNICODE_STRING name;
            ULONG index;
            name.Buffer = op->Name;
            name.Length = name.MaximumLength = (USHORT)(op->NameChars * sizeof(WCHAR));
            if (CmpFindValue(key, &name, &index) != NULL)
                CmpDeleteValueAt(key, index);
            break;
        }
        }
    }
    if (key != NULL)
        CmpDereferenceNode(key);
    HostRwLockRelease(&CmpLock);
    return st;
}

/* ==== PRIVATE FUNCTIONS: exporting ==================================================== */

/* Appends a string with regedit's escapes (\ and " get a backslash). */
static VOID CmppAppendEscaped(CMP_TEXT *Text, PCWCH Chars, SIZE_T Count)
{
    SIZE_T start = 0;
    for (SIZE_T i = 0; i < Count; i++)
        if (Chars[i] == L'\\' || Chars[i] == L'"') {
            CmppAppend(Text, Chars + start, i - start);
            CmppAppend(Text, L"\\", 1);
            start = i;
        }
    CmppAppend(Text, Chars + start, Count - start);
}

/* TRUE when a REG_SZ's data is one terminated string that "..." gives back exactly. */
static BOOLEAN CmppIsPlainString(const CM_KEY_VALUE *Value)
{
    PCWCH s = (PCWCH)Value->Data;
    ULONG n = Value->DataLength / sizeof(WCHAR);

    if (Value->DataLength < sizeof(WCHAR) || (Value->DataLength & 1) || s[n - 1] != 0)
        return FALSE;
    for (ULONG i = 0; i + 1 < n; i++)
        if (s[i] == 0 || s[i] == L'\r' || s[i] == L'\n')
            return FALSE;
    return TRUE;
}

static VOID CmppExportValue(CMP_TEXT *Text, const CM_KEY_VALUE *Value)
{
    static const WCHAR digits[] = L"0123456789abcdef";
    SIZE_T lineStart = Text->Length, column;
    WCHAR buf[32];

    if (Value->Name.Length == 0) {
        CmppAppend(Text, L"@=", 2);
    } else {
        CmppAppend(Text, L"\"", 1);
        CmppAppendEscaped(Text, Value->Name.Buffer, Value->Name.Length / sizeof(WCHAR));
        CmppAppend(Text, L"\"=", 2);
    }
    if (Value->Type == REG_SZ && CmppIsPlainString(Value)) {
        CmppAppend(Text, L"\"", 1);
        CmppAppendEscaped(Text, (PCWCH)Value->Data, Value->DataLength / sizeof(WCHAR) - 1);
        CmppAppend(Text, L"\"\r\n", 3);
        return;
    }
    if (Value->Type == REG_DWORD && Value->DataLength == sizeof(ULONG)) {
        ULONG v;
        memcpy(&v, Value->Data, sizeof(v));
        CmppAppend(Text, L"dword:", 6);
        for (int i = 0; i < 8; i++)
            buf[i] = digits[(v >> (28 - 4 * i)) & 0xF];
        CmppAppend(Text, buf, 8);
        CmppAppend(Text, L"\r\n", 2);
        return;
    }
    if (Value->Type == REG_BINARY) {
        CmppAppend(Text, L"hex:", 4);
    } else {
        /* hex(N): with N in lowercase hex, no leading zeros. */
        int n = 0, shift = 28;
        CmppAppend(Text, L"hex(", 4);
        while (shift > 0 && ((Value->Type >> shift) & 0xF) == 0)
            shift -= 4;
        for (; shift >= 0; shift -= 4)
            buf[n++] = digits[(Value->Type >> shift) & 0xF];
        CmppAppend(Text, buf, (SIZE_T)n);
        CmppAppend(Text, L"):", 2);
    }
    /* "xx," per byte; once a line reaches regedit's column it ends with "\" and the data
       goes on at the next line after two spaces. */
    column = Text->Length - lineStart;
    for (ULONG i = 0; i < Value->DataLength; i++) {
        buf[0] = digits[Value->Data[i] >> 4];
        buf[1] = digits[Value->Data[i] & 0xF];
        CmppAppend(Text, buf, 2);
        if (i + 1 == Value->DataLength)
            break;
        CmppAppend(Text, L",", 1);
        column += 3;
        if (column >= CMP_HEX_WRAP_COLUMN) {
            CmppAppend(Text, L"\\\r\n  ", 5);
            column = 2;
        }
    }
    CmppAppend(Text, L"\r\n", 2);
}

/* Caller holds CmpLock. Writes [Name] with the values, then the subkeys (not link keys;
   not volatile ones when SkipVolatile). Name is the text buffer's scratch path. */
static VOID CmppExportKey(CMP_TEXT *Text, CMP_TEXT *Name, PCM_KEY_NODE Node, BOOLEAN SkipVolatile)
{
    SIZE_T nameLength = Name->Length;

    CmppAppend(Text, L"\r\n[", 3);
    CmppAppend(Text, Name->Buffer, Name->Length);
    CmppAppend(Text, L"]\r\n", 3);
    for (ULONG i = 0; i < Node->ValueCount; i++)
        CmppExportValue(Text, &Node->Values[i]);
    for (ULONG i = 0; i < Node->SubKeyCount; i++) {
        PCM_KEY_NODE child = Node->SubKeys[i];
        if ((child->Flags & CM_KEY_FLAG_LINK) ||
            (SkipVolatile && (child->Flags & CM_KEY_FLAG_VOLATILE)))
            continue;
        CmppAppend(Name, L"\\", 1);
        CmppAppend(Name, child->Name.Buffer, child->Name.Length / sizeof(WCHAR));
        CmppExportKey(Text, Name, child, SkipVolatile);
        Name->Length = nameLength;
    }
}

/* The export as UTF-16 text (without the BOM). */
static NTSTATUS CmppExportText(PCWSTR KeyName, CMP_TEXT *Text)
{
    CMP_TEXT name = { 0 };
    NTSTATUS st = STATUS_SUCCESS;

    RtlZeroMemory(Text, sizeof(*Text));
    CmpEnsureInitialized();
    CmppAppendW(Text, CmpHeader5);
    CmppAppend(Text, L"\r\n", 2);
    HostRwLockAcquireShared(&CmpLock);
    if (KeyName == NULL) {
        static const struct { PCWSTR Path, Name; } roots[] = {
            { L"MACHINE", L"HKEY_LOCAL_MACHINE" },
            { L"USER", L"HKEY_USERS" },
        };
        for (ULONG i = 0; i < RTL_NUMBER_OF(roots) && NT_SUCCESS(st); i++) {
            PCM_KEY_NODE node;
            SIZE_T chars = 0;
            while (roots[i].Path[chars] != 0)
                chars++;
            st = CmppWalk(roots[i].Path, chars, FALSE, FALSE, &node);
            if (NT_SUCCESS(st)) {
                name.Length = 0;
                CmppAppendW(&name, roots[i].Name);
                CmppExportKey(Text, &name, node, TRUE);
                CmpDereferenceNode(node);
            }
        }
    } else {
        SIZE_T chars = 0, rootChars = 0, skip = 0;
        PWCH path;
        PCM_KEY_NODE node;
        while (KeyName[chars] != 0)
            chars++;
        while (chars > 0 && KeyName[chars - 1] == L'\\')
            chars--;
        st = CmppMapKeyName(KeyName, chars, &path, &skip, &rootChars);
        if (NT_SUCCESS(st)) {
            st = CmppWalk(path, skip, FALSE, FALSE, &node);
            if (NT_SUCCESS(st)) {
                /* The section names use the name as given, with the root written in full
                   (an NT name becomes its regedit form). */
                PCM_KEY_NODE top = node;
                if (KeyName[0] == L'\\') {
                    /* \Registry\Machine\... -> HKEY_LOCAL_MACHINE\... */
                    SIZE_T depth = 0, at;
                    PCM_KEY_NODE n;
                    for (n = node; n != NULL && n->Parent != NULL; n = n->Parent)
                        depth++;
                    if (depth == 0) {
                        st = STATUS_OBJECT_NAME_INVALID; /* \Registry itself has no .reg name */
                    } else {
                        PCM_KEY_NODE chain[256];
                        if (depth > RTL_NUMBER_OF(chain)) {
                            st = STATUS_NAME_TOO_LONG;
                        } else {
                            at = depth;
                            for (n = node; n != NULL && n->Parent != NULL; n = n->Parent)
                                chain[--at] = n;
                            CmppAppendW(&name, CmppEqualNoCase(chain[0]->Name.Buffer,
                                                               chain[0]->Name.Length / sizeof(WCHAR),
                                                               L"MACHINE")
                                                   ? L"HKEY_LOCAL_MACHINE"
                                                   : L"HKEY_USERS");
                            for (at = 1; at < depth; at++) {
                                CmppAppend(&name, L"\\", 1);
                                CmppAppend(&name, chain[at]->Name.Buffer,
                                           chain[at]->Name.Length / sizeof(WCHAR));
                            }
                        }
                    }
                } else {
                    for (ULONG i = 0; i < RTL_NUMBER_OF(CmpRegRoots); i++)
                        if (CmppEqualNoCase(KeyName, rootChars, CmpRegRoots[i].Name)) {
                            /* The long form is the one listed before each short name. */
                            ULONG longForm = (i & 1) ? i - 1 : i;
                            CmppAppendW(&name, CmpRegRoots[longForm].Name);
                            break;
                        }
                    CmppAppend(&name, KeyName + rootChars, chars - rootChars);
                }
                if (NT_SUCCESS(st))
                    CmppExportKey(Text, &name, top, FALSE);
                CmpDereferenceNode(node);
            }
            free(path);
        }
    }
    HostRwLockRelease(&CmpLock);
    CmppAppend(Text, L"\r\n", 2);
    free(name.Buffer);
    if (NT_SUCCESS(st) && (Text->Failed || name.Failed))
        st = STATUS_INSUFFICIENT_RESOURCES;
    if (!NT_SUCCESS(st)) {
        free(Text->Buffer);
        RtlZeroMemory(Text, sizeof(*Text));
    }
    return st;
}

/* ==== PRIVATE FUNCTIONS: files ======================================================== */

static NTSTATUS CmppReadFile(const char *Path, PUCHAR *Data, SIZE_T *Size)
{
    HOST_FILE_INFO info;
    HOST_FD fd;
    ULONG got = 0;
    NTSTATUS st;

    *Data = NULL;
    *Size = 0;
    st = HostOpenFile(Path, HOST_OPEN_READ, &fd);
    if (!NT_SUCCESS(st))
        return st;
    st = HostQueryOpenFile(fd, &info, NULL);
    if (NT_SUCCESS(st) && info.Type == HostFileDirectory)
        st = STATUS_FILE_IS_A_DIRECTORY;
    if (NT_SUCCESS(st) && info.Size > 0x3FFFFFFF)
        st = STATUS_FILE_TOO_LARGE;
    if (NT_SUCCESS(st)) {
        *Data = malloc(info.Size ? (SIZE_T)info.Size : 1);
        if (*Data == NULL)
            st = STATUS_INSUFFICIENT_RESOURCES;
    }
    if (NT_SUCCESS(st) && info.Size != 0)
        st = HostReadFile(fd, *Data, (ULONG)info.Size, 0, &got);
    HostCloseFile(fd);
    if (!NT_SUCCESS(st)) {
        free(*Data);
        *Data = NULL;
        return st;
    }
    *Size = got;
    return STATUS_SUCCESS;
}

static NTSTATUS CmppImport(const void *Data, SIZE_T Size, const char *Source, char *Message,
                           SIZE_T MessageSize)
{
    CMP_PARSER p;
    PWCH text;
    SIZE_T chars;
    NTSTATUS st;

    RtlZeroMemory(&p, sizeof(p));
    p.Source = Source ? Source : "<registry data>";
    p.Message = Message;
    p.MessageSize = MessageSize;
    if (Message != NULL && MessageSize != 0)
        Message[0] = 0;
    st = CmppDecode(Data, Size, &text, &chars);
    if (!NT_SUCCESS(st)) {
        CmppMessage(p.Source, 0, Message, MessageSize, "cannot read: 0x%08X", (unsigned)st);
        return st;
    }
    p.Text = text;
    p.Chars = chars;
    st = CmppParse(&p);
    if (st == STATUS_INSUFFICIENT_RESOURCES)
        CmppMessage(p.Source, p.LineNumber, Message, MessageSize, "out of memory");
    if (NT_SUCCESS(st))
        st = CmppApply(p.Source, p.Ops, p.OpCount, Message, MessageSize);
    CmppFreeOps(p.Ops, p.OpCount);
    free(text);
    return st;
}

static VOID CmppSaveAtExit(void)
{
    NTSTATUS st = KmodeRegistryExport(CmpSaveAtExitPath, NULL);
    if (!NT_SUCCESS(st)) {
        char line[600];
        const char *name = KmodeNtStatusName(st);
        int n = snprintf(line, sizeof line, "kmode: KMODE_REGISTRY_SAVE: cannot write %s: %s (0x%08X)\n",
                         CmpSaveAtExitPath, name ? name : "error", (unsigned)st);
        if (n > 0)
            HostWriteStderr(line, (SIZE_T)n < sizeof line ? (SIZE_T)n : sizeof line - 1);
    }
}

/* ==== PRIVATE (subsystem-wide) FUNCTIONS ============================================== */

/*
 * Called once when the registry is initialized: imports the files KMODE_REGISTRY lists
 * (separated by ':'), and arranges the KMODE_REGISTRY_SAVE export at exit. A file that
 * does not import ends the process with status 1 after its message, as a driver that
 * does not load ends `kmode run`: running with half a configuration would mislead.
 */
VOID CmpSeedFromEnvironment(VOID)
{
    const char *files = HostGetEnvironment("KMODE_REGISTRY");
    const char *save = HostGetEnvironment("KMODE_REGISTRY_SAVE");

    if (files != NULL && files[0] != 0) {
        char *list = strdup(files), *cursor = list;
        if (list == NULL)
            HostExitProcess(1);
        while (cursor != NULL) {
            char *path = cursor, *colon = strchr(cursor, ':');
            char message[KMODE_REGISTRY_MESSAGE_SIZE], line[KMODE_REGISTRY_MESSAGE_SIZE + 32];
            PUCHAR data;
            SIZE_T size;
            NTSTATUS st;
            int n;
            if (colon != NULL)
                *colon = 0;
            cursor = colon ? colon + 1 : NULL;
            if (path[0] == 0)
                continue;
            st = CmppReadFile(path, &data, &size);
            if (NT_SUCCESS(st)) {
                st = CmppImport(data, size, path, message, sizeof message);
                free(data);
            } else {
                const char *name = KmodeNtStatusName(st);
                CmppMessage(path, 0, message, sizeof message, "cannot read: %s (0x%08X)",
                            name ? name : "error", (unsigned)st);
            }
            if (!NT_SUCCESS(st)) {
                n = snprintf(line, sizeof line, "kmode: KMODE_REGISTRY: %s\n", message);
                if (n > 0)
                    HostWriteStderr(line, (SIZE_T)n < sizeof line ? (SIZE_T)n : sizeof line - 1);
                HostExitProcess(1);
            }
        }
        free(list);
    }
    if (save != NULL && save[0] != 0) {
        CmpSaveAtExitPath = strdup(save);
        if (CmpSaveAtExitPath != NULL)
            atexit(CmppSaveAtExit);
        /* Only this process saves: programs it starts do not inherit the request. */
        unsetenv("KMODE_REGISTRY_SAVE");
    }
}

/* ==== PUBLIC FUNCTIONS ================================================================ */

/*
 * KmodeRegistryImportBuffer
 * @implemented
 * PASSIVE_LEVEL. See include/kmode/registry.h. After a successful import the Debug Print
 * Filter masks are read again from the registry (the file may have set them).
 */
NTSTATUS KmodeRegistryImportBuffer(const void *Data, SIZE_T Size, const char *SourceName,
                                   char *Message, SIZE_T MessageSize)
{
    NTSTATUS st;

    if (Data == NULL && Size != 0)
        return STATUS_INVALID_PARAMETER;
    CmpEnsureInitialized();
    st = CmppImport(Data, Size, SourceName, Message, MessageSize);
    if (NT_SUCCESS(st))
        KdpApplyRegistryDebugPrintFilter();
    return st;
}

/*
 * KmodeRegistryImport
 * @implemented
 * PASSIVE_LEVEL. See include/kmode/registry.h.
 */
NTSTATUS KmodeRegistryImport(const char *Path, char *Message, SIZE_T MessageSize)
{
    PUCHAR data;
    SIZE_T size;
    NTSTATUS st;

    if (Message != NULL && MessageSize != 0)
        Message[0] = 0;
    if (Path == NULL)
        return STATUS_INVALID_PARAMETER;
    st = CmppReadFile(Path, &data, &size);
    if (!NT_SUCCESS(st)) {
        const char *name = KmodeNtStatusName(st);
        CmppMessage(Path, 0, Message, MessageSize, "cannot read: %s (0x%08X)",
                    name ? name : "error", (unsigned)st);
        return st;
    }
    st = KmodeRegistryImportBuffer(data, size, Path, Message, MessageSize);
    free(data);
    return st;
}

/*
 * KmodeRegistryExportBuffer
 * @implemented
 * PASSIVE_LEVEL. See include/kmode/registry.h.
 */
NTSTATUS KmodeRegistryExportBuffer(PCWSTR KeyName, void **Data, SIZE_T *Size)
{
    CMP_TEXT text;
    PUCHAR out;
    NTSTATUS st;

    if (Data == NULL || Size == NULL)
        return STATUS_INVALID_PARAMETER;
    *Data = NULL;
    *Size = 0;
    st = CmppExportText(KeyName, &text);
    if (!NT_SUCCESS(st))
        return st;
    out = malloc(2 + text.Length * sizeof(WCHAR));
    if (out == NULL) {
        free(text.Buffer);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    out[0] = 0xFF; /* the UTF-16LE byte-order mark regedit writes */
    out[1] = 0xFE;
    memcpy(out + 2, text.Buffer, text.Length * sizeof(WCHAR));
    free(text.Buffer);
    *Data = out;
    *Size = 2 + text.Length * sizeof(WCHAR);
    return STATUS_SUCCESS;
}

/*
 * KmodeRegistryExport
 * @implemented
 * PASSIVE_LEVEL. See include/kmode/registry.h. The file is written under a temporary name
 * and renamed over Path, so a failed export never leaves half a file.
 */
NTSTATUS KmodeRegistryExport(const char *Path, PCWSTR KeyName)
{
    void *data;
    SIZE_T size;
    char *temp;
    HOST_FD fd;
    ULONG written = 0;
    NTSTATUS st;

    if (Path == NULL)
        return STATUS_INVALID_PARAMETER;
    st = KmodeRegistryExportBuffer(KeyName, &data, &size);
    if (!NT_SUCCESS(st))
        return st;
    if (size > 0xFFFFFFFFu) {
        free(data);
        return STATUS_FILE_TOO_LARGE;
    }
    temp = malloc(strlen(Path) + 16);
    if (temp == NULL) {
        free(data);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    sprintf(temp, "%s.kmode-tmp", Path);
    st = HostOpenFile(temp, HOST_OPEN_WRITE | HOST_OPEN_CREATE, &fd);
    if (NT_SUCCESS(st)) {
        st = HostSetFileSize(fd, 0);
        if (NT_SUCCESS(st))
            st = HostWriteFile(fd, data, (ULONG)size, 0, &written);
        HostCloseFile(fd);
        if (NT_SUCCESS(st))
            st = HostReplaceFile(temp, Path);
        if (!NT_SUCCESS(st))
            HostDeleteFile(temp);
    }
    free(temp);
    free(data);
    return st;
}

/*
 * KmodeRegistryFree
 * @implemented
 * Any IRQL.
 */
VOID KmodeRegistryFree(void *Data)
{
    free(Data);
}
