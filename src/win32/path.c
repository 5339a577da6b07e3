/*
 * PURPOSE: The one mapping between Windows paths and the Linux file system (contract in
 * internal/path.h, user documentation in docs/paths.md):
 *   - NT paths (\??\C:\..., \SystemRoot\...) to Linux paths, matching components
 *     case-insensitively when the exact spelling does not exist;
 *   - Linux paths to their Win32 form (C:\...);
 *   - Win32 path names to full Win32 paths (GetFullPathName's normalization) and to NT paths
 *     (RtlDosPathNameToNtPathName_U's conversion).
 * Drive C: is the Linux root; C:\Windows and \SystemRoot are a kmode-managed directory.
 */

/* INCLUDES ******************************************************************************/

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <internal/host.h>
#include <internal/path.h>
#include <internal/rtl.h>

/* GLOBALS *******************************************************************************/

/* Longest name a UNICODE_STRING describes, and so the longest NT or full Win32 path. */
#define KMP_MAX_PATH_CHARS 32767
/* Longest component NTFS accepts, in UTF-16 units. */
#define KMP_MAX_COMPONENT_CHARS 255

/* A growable NUL-terminated byte string (Linux paths). */
typedef struct _KMP_BUFFER {
    char *Data;
    SIZE_T Length;
    SIZE_T Capacity;
    BOOLEAN Failed;
} KMP_BUFFER;

/* A growable NUL-terminated UTF-16 string (Win32 paths). */
typedef struct _KMP_WBUFFER {
    PWCHAR Data;
    SIZE_T Length;
    SIZE_T Capacity;
    BOOLEAN Failed;
} KMP_WBUFFER;

/* The case-insensitive search for one component in a directory. */
typedef struct _KMP_MATCH {
    PCWCH Name;
    SIZE_T Length;              /* characters */
    char *Best;                 /* malloc'd; the first match in byte order (deterministic) */
    BOOLEAN OutOfMemory;
} KMP_MATCH;

/* PRIVATE FUNCTIONS *********************************************************************/

static VOID KmpAppend(KMP_BUFFER *Buffer, const char *Text, SIZE_T Length)
{
    if (Buffer->Failed)
        return;
    if (Buffer->Length + Length + 1 > Buffer->Capacity) {
        SIZE_T capacity = (Buffer->Length + Length + 1) * 2;
        char *data = realloc(Buffer->Data, capacity);
        if (!data) {
            Buffer->Failed = TRUE;
            return;
        }
        Buffer->Data = data;
        Buffer->Capacity = capacity;
    }
    memcpy(Buffer->Data + Buffer->Length, Text, Length);
    Buffer->Length += Length;
    Buffer->Data[Buffer->Length] = 0;
}

static VOID KmpAppendString(KMP_BUFFER *Buffer, const char *Text)
{
    KmpAppend(Buffer, Text, strlen(Text));
}

static VOID KmpAppendW(KMP_WBUFFER *Buffer, PCWCH Text, SIZE_T Length)
{
    if (Buffer->Failed)
        return;
    if (Buffer->Length + Length + 1 > Buffer->Capacity) {
        SIZE_T capacity = (Buffer->Length + Length + 1) * 2;
        PWCHAR data = realloc(Buffer->Data, capacity * sizeof(WCHAR));
        if (!data) {
            Buffer->Failed = TRUE;
            return;
        }
        Buffer->Data = data;
        Buffer->Capacity = capacity;
    }
    memcpy(Buffer->Data + Buffer->Length, Text, Length * sizeof(WCHAR));
    Buffer->Length += Length;
    Buffer->Data[Buffer->Length] = 0;
}

static VOID KmpAppendCharW(KMP_WBUFFER *Buffer, WCHAR Char)
{
    KmpAppendW(Buffer, &Char, 1);
}

static inline BOOLEAN KmpIsSeparator(WCHAR Char)
{
    return Char == L'\\' || Char == L'/';
}

static inline BOOLEAN KmpIsDriveLetter(WCHAR Char)
{
    return (Char >= L'A' && Char <= L'Z') || (Char >= L'a' && Char <= L'z');
}

static SIZE_T KmpWideLength(PCWSTR Text)
{
    SIZE_T n = 0;
    while (Text[n])
        n++;
    return n;
}

/* TRUE when Text (Length characters) starts with Prefix, ignoring case. */
static BOOLEAN KmpHasPrefix(PCWCH Text, SIZE_T Length, PCWSTR Prefix)
{
    SIZE_T n = KmpWideLength(Prefix);
    if (Length < n)
        return FALSE;
    for (SIZE_T i = 0; i < n; i++)
        if (RtlUpcaseUnicodeChar(Text[i]) != RtlUpcaseUnicodeChar(Prefix[i]))
            return FALSE;
    return TRUE;
}

static BOOLEAN KmpEqualNoCase(PCWCH A, SIZE_T LengthA, PCWCH B, SIZE_T LengthB)
{
    if (LengthA != LengthB)
        return FALSE;
    for (SIZE_T i = 0; i < LengthA; i++)
        if (RtlUpcaseUnicodeChar(A[i]) != RtlUpcaseUnicodeChar(B[i]))
            return FALSE;
    return TRUE;
}

/* Makes Path and its missing parents (mkdir -p); existing directories are fine. */
static VOID KmpMakeDirectories(const char *Path)
{
    char *copy = strdup(Path);
    if (!copy)
        return;
    for (char *p = copy + 1; ; p++) {
        if (*p == '/' || *p == 0) {
            char saved = *p;
            *p = 0;
            HostCreateDirectory(copy);
            *p = saved;
            if (!saved)
                break;
        }
    }
    free(copy);
}

/* Takes an environment variable that holds an absolute directory, without trailing '/'. */
static BOOLEAN KmpAbsoluteFromEnvironment(const char *Name, const char *Suffix, KMP_BUFFER *Out)
{
    const char *value = HostGetEnvironment(Name);
    SIZE_T n;

    if (!value || value[0] != '/')
        return FALSE;
    n = strlen(value);
    while (n > 1 && value[n - 1] == '/')
        n--;
    if (n == 1)
        n = 0;                 /* "/" itself: the suffix starts at the root */
    KmpAppend(Out, value, n);
    KmpAppendString(Out, Suffix);
    return TRUE;
}

/* Converts one path component to UTF-8 after checking it is a valid file name. */
static NTSTATUS KmpComponentToUtf8(PCWCH Name, SIZE_T Length, char *Out, SIZE_T OutSize)
{
    ULONG bytes;
    NTSTATUS status;

    if (Length == 0 || Length > KMP_MAX_COMPONENT_CHARS)
        return STATUS_OBJECT_NAME_INVALID;
    if ((Length == 1 && Name[0] == L'.') || (Length == 2 && Name[0] == L'.' && Name[1] == L'.'))
        return STATUS_OBJECT_NAME_INVALID;
    for (SIZE_T i = 0; i < Length; i++) {
        WCHAR c = Name[i];
        /* What NTFS refuses in a name (':' would name a stream, '*' '?' are wildcards). */
        if (c < 0x20 || c == L'<' || c == L'>' || c == L':' || c == L'"' || c == L'|' ||
            c == L'?' || c == L'*')
            return STATUS_OBJECT_NAME_INVALID;
    }
    status = RtlUnicodeToUTF8N(Out, (ULONG)OutSize - 1, &bytes, Name, (ULONG)(Length * sizeof(WCHAR)));
    if (status != STATUS_SUCCESS)
        return STATUS_OBJECT_NAME_INVALID;   /* unpaired surrogate */
    Out[bytes] = 0;
    return STATUS_SUCCESS;
}

static BOOLEAN KmpMatchEntry(PVOID Context, const char *Name)
{
    KMP_MATCH *match = Context;
    WCHAR wide[KMP_MAX_COMPONENT_CHARS + 1];
    ULONG bytes;

    if (RtlUTF8ToUnicodeN(wide, sizeof wide, &bytes, Name, (ULONG)strlen(Name)) != STATUS_SUCCESS)
        return TRUE;            /* not valid UTF-8 or too long: cannot equal a valid name */
    if (!KmpEqualNoCase(wide, bytes / sizeof(WCHAR), match->Name, match->Length))
        return TRUE;
    if (!match->Best || strcmp(Name, match->Best) < 0) {
        char *copy = strdup(Name);
        if (!copy) {
            match->OutOfMemory = TRUE;
            return FALSE;
        }
        free(match->Best);
        match->Best = copy;
    }
    return TRUE;
}

/*
 * Appends the components of Rest (separated by '\' or '/') to the Linux directory in Out,
 * resolving each against the file system: the exact spelling when it exists, otherwise a
 * case-insensitive match; a missing last component keeps its spelling.
 */
static NTSTATUS KmpResolveComponents(KMP_BUFFER *Out, PCWCH Rest, SIZE_T Length)
{
    char utf8[KMP_MAX_COMPONENT_CHARS * 3 + 1];
    SIZE_T i = 0;
    BOOLEAN trailing = FALSE;

    if (i < Length && KmpIsSeparator(Rest[i]))
        i++;
    if (Length == 1 && i == 1)
        trailing = TRUE;                            /* "\SystemRoot\" */
    while (i < Length) {
        SIZE_T start = i, count, base = Out->Length;
        BOOLEAN last;
        HOST_FILE_INFO info;
        NTSTATUS status;

        while (i < Length && !KmpIsSeparator(Rest[i]))
            i++;
        count = i - start;
        if (count == 0)
            return STATUS_OBJECT_NAME_INVALID;      /* an empty component: "a\\b" */
        if (i < Length)
            i++;                                     /* the separator */
        last = (i == Length);
        if (last && KmpIsSeparator(Rest[i - 1]))
            trailing = TRUE;
        status = KmpComponentToUtf8(Rest + start, count, utf8, sizeof utf8);
        if (!NT_SUCCESS(status))
            return status;

        KmpAppend(Out, "/", 1);
        KmpAppendString(Out, utf8);
        if (Out->Failed)
            return STATUS_NO_MEMORY;
        status = HostQueryFileInformation(Out->Data, &info);
        if (NT_SUCCESS(status)) {
            if (!last && info.Type != HostFileDirectory)
                return STATUS_OBJECT_PATH_NOT_FOUND;
            continue;
        }
        if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
            KMP_MATCH match = { Rest + start, count, NULL, FALSE };
            Out->Data[base] = 0;
            Out->Length = base;
            HostEnumerateDirectory(base ? Out->Data : "/", KmpMatchEntry, &match);
            if (match.OutOfMemory) {
                free(match.Best);
                return STATUS_NO_MEMORY;
            }
            KmpAppend(Out, "/", 1);
            KmpAppendString(Out, match.Best ? match.Best : utf8);
            free(match.Best);
            if (Out->Failed)
                return STATUS_NO_MEMORY;
            if (last)
                continue;
            if (!match.Best)
                return STATUS_OBJECT_PATH_NOT_FOUND;
            status = HostQueryFileInformation(Out->Data, &info);
            if (!NT_SUCCESS(status) || info.Type != HostFileDirectory)
                return STATUS_OBJECT_PATH_NOT_FOUND;
            continue;
        }
        /* Anything else (no search permission, ...): for the last component the operation
           on the file reports it; a directory we cannot look into stops here. */
        if (!last)
            return status;
    }
    if (Out->Length == 0 || trailing)
        KmpAppend(Out, "/", 1);
    return Out->Failed ? STATUS_NO_MEMORY : STATUS_SUCCESS;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * The Linux directory behind \SystemRoot and C:\Windows: $KMODE_SYSTEMROOT when it is an
 * absolute path, else $XDG_DATA_HOME/kmode/Windows, else $HOME/.local/share/kmode/Windows,
 * else /tmp/kmode-<uid>/Windows. Malloc'd, no trailing '/'.
 */
NTSTATUS KmPathSystemRoot(char **HostPath)
{
    KMP_BUFFER out = { 0 };

    if (!KmpAbsoluteFromEnvironment("KMODE_SYSTEMROOT", "", &out) &&
        !KmpAbsoluteFromEnvironment("XDG_DATA_HOME", "/kmode/Windows", &out) &&
        !KmpAbsoluteFromEnvironment("HOME", "/.local/share/kmode/Windows", &out)) {
        char tmp[64];
        snprintf(tmp, sizeof tmp, "/tmp/kmode-%u/Windows", HostGetUserId());
        KmpAppendString(&out, tmp);
    }
    if (out.Failed || out.Length == 0) {
        free(out.Data);
        return STATUS_NO_MEMORY;
    }
    *HostPath = out.Data;
    return STATUS_SUCCESS;
}

NTSTATUS KmPathNtToHost(PCUNICODE_STRING NtPath, char **HostPath)
{
    PCWCH name;
    SIZE_T length, skip;
    KMP_BUFFER out = { 0 };
    NTSTATUS status;
    BOOLEAN systemRoot = FALSE;

    *HostPath = NULL;
    if (!NtPath || !NtPath->Buffer || NtPath->Length < sizeof(WCHAR))
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    name = NtPath->Buffer;
    length = NtPath->Length / sizeof(WCHAR);
    if (name[0] != L'\\')
        return STATUS_OBJECT_PATH_SYNTAX_BAD;

    if (KmpHasPrefix(name, length, L"\\SystemRoot") &&
        (length == 11 || KmpIsSeparator(name[11]))) {
        systemRoot = TRUE;
        skip = 11;
    } else {
        if (KmpHasPrefix(name, length, L"\\??\\"))
            skip = 4;
        else if (KmpHasPrefix(name, length, L"\\DosDevices\\"))
            skip = 12;
        else if (KmpHasPrefix(name, length, L"\\GLOBAL??\\"))
            skip = 10;
        else
            return STATUS_OBJECT_PATH_NOT_FOUND;    /* \Device\..., \??\UNC\...: not files we map */
        /* Only drive C: exists. A missing symbolic link in \?? is "name not found" when it is
           the whole path and "path not found" when more follows, as the object manager says. */
        if (!(length >= skip + 2 && KmpIsDriveLetter(name[skip]) && name[skip + 1] == L':' &&
              (length == skip + 2 || KmpIsSeparator(name[skip + 2])) &&
              RtlUpcaseUnicodeChar(name[skip]) == L'C')) {
            SIZE_T j = skip;
            while (j < length && !KmpIsSeparator(name[j]))
                j++;
            return j < length ? STATUS_OBJECT_PATH_NOT_FOUND : STATUS_OBJECT_NAME_NOT_FOUND;
        }
        skip += 2;
        /* C:\Windows is the system root. */
        if (length > skip && KmpHasPrefix(name + skip + 1, length - skip - 1, L"Windows") &&
            (length == skip + 8 || KmpIsSeparator(name[skip + 8]))) {
            systemRoot = TRUE;
            skip += 8;
        }
    }

    if (systemRoot) {
        char *root;
        status = KmPathSystemRoot(&root);
        if (!NT_SUCCESS(status))
            return status;
        {
            /* Created on first use, with the directories Windows always has. */
            HOST_FILE_INFO info;
            KMP_BUFFER drivers = { 0 };
            KmpAppendString(&drivers, root);
            KmpAppendString(&drivers, "/System32/drivers");
            if (!drivers.Failed && !NT_SUCCESS(HostQueryFileInformation(drivers.Data, &info)))
                KmpMakeDirectories(drivers.Data);
            free(drivers.Data);
        }
        KmpAppendString(&out, root);
        free(root);
        if (out.Failed) {
            free(out.Data);
            return STATUS_NO_MEMORY;
        }
    }

    status = KmpResolveComponents(&out, name + skip, length - skip);
    if (!NT_SUCCESS(status)) {
        free(out.Data);
        return status;
    }
    *HostPath = out.Data;
    return STATUS_SUCCESS;
}

ULONG KmPathHostToWin32(const char *HostPath, PWSTR Buffer, ULONG Chars)
{
    KMP_BUFFER utf8 = { 0 };
    const char *rest = HostPath;
    char *root = NULL, *canonicalRoot = NULL;
    PWCHAR wide;
    ULONG bytes, length;

    if (!HostPath || HostPath[0] != '/')
        return 0;

    /* Inside the system root: C:\Windows\... (compared as configured and as canonical). */
    if (NT_SUCCESS(KmPathSystemRoot(&root))) {
        const char *roots[2] = { root, NULL };
        if (NT_SUCCESS(HostCanonicalizePath(root, &canonicalRoot)))
            roots[1] = canonicalRoot;
        for (int r = 0; r < 2; r++) {
            SIZE_T n = roots[r] ? strlen(roots[r]) : 0;
            if (n && !strncmp(HostPath, roots[r], n) && (HostPath[n] == '/' || HostPath[n] == 0)) {
                KmpAppendString(&utf8, "C:\\Windows");
                rest = HostPath + n;
                break;
            }
        }
        free(canonicalRoot);
        free(root);
    }
    if (rest == HostPath)
        KmpAppendString(&utf8, "C:");

    /* '/' runs become one '\', a trailing one goes (the root keeps its own). */
    for (const char *p = rest; *p; ) {
        const char *start;
        while (*p == '/')
            p++;
        if (!*p)
            break;
        start = p;
        while (*p && *p != '/')
            p++;
        KmpAppend(&utf8, "\\", 1);
        KmpAppend(&utf8, start, (SIZE_T)(p - start));
    }
    if (utf8.Length == 2)
        KmpAppend(&utf8, "\\", 1);
    if (utf8.Failed || utf8.Length > 0x7FFFFFFF) {
        free(utf8.Data);
        return 0;
    }

    /* Bytes that are not UTF-8 become U+FFFD (such a name cannot be opened through Win32). */
    wide = malloc((utf8.Length + 1) * sizeof(WCHAR));
    if (!wide) {
        free(utf8.Data);
        return 0;
    }
    RtlUTF8ToUnicodeN(wide, (ULONG)(utf8.Length * sizeof(WCHAR)), &bytes, utf8.Data, (ULONG)utf8.Length);
    free(utf8.Data);
    length = bytes / sizeof(WCHAR);
    if (Buffer && Chars > length) {
        memcpy(Buffer, wide, length * sizeof(WCHAR));
        Buffer[length] = 0;
        free(wide);
        return length;
    }
    free(wide);
    return length + 1;
}

/*
 * The full Win32 form of a Win32 path name, as GetFullPathNameW computes it (no file system
 * access): the current directory applied to relative names, '/' turned into '\', separator
 * runs collapsed, "." and ".." evaluated (never above the root), a single period ending a
 * component dropped, trailing periods and spaces of the whole path trimmed. \\?\ names are
 * taken verbatim. *FilePart is the index of the last component, or (SIZE_T)-1 when the path
 * ends with a separator.
 */
NTSTATUS KmPathGetFullPathName(PCWSTR DosName, PWSTR *FullPath, SIZE_T *Length, SIZE_T *FilePart)
{
    KMP_WBUFFER out = { 0 };
    SIZE_T length, i, rootLength;
    PCWCH rest = NULL;
    SIZE_T restLength = 0;
    BOOLEAN useCurrentDirectory = FALSE;

    *FullPath = NULL;
    if (!DosName)
        return STATUS_INVALID_PARAMETER;
    length = KmpWideLength(DosName);
    if (length == 0)
        return STATUS_OBJECT_NAME_INVALID;

    if (length >= 4 && DosName[0] == L'\\' && DosName[1] == L'\\' && DosName[2] == L'?' && DosName[3] == L'\\') {
        /* \\?\: taken as it is, no normalization at all. */
        KmpAppendW(&out, DosName, length);
        rootLength = 4;
    } else {
        if (length >= 2 && KmpIsSeparator(DosName[0]) && KmpIsSeparator(DosName[1])) {
            /* \\.\Device\... (or //?/...): the root includes the device name.
               \\server\share\...: the root includes server and share. */
            BOOLEAN device = length >= 3 && (DosName[2] == L'.' || DosName[2] == L'?') &&
                             (length == 3 || KmpIsSeparator(DosName[3]));
            if (device) {
                WCHAR prefix[4] = { L'\\', L'\\', DosName[2], L'\\' };
                KmpAppendW(&out, prefix, 4);
                i = 3;
            } else {
                KmpAppendW(&out, L"\\\\", 2);
                i = 2;
            }
            for (int part = 0; part < (device ? 1 : 2); part++) {
                SIZE_T start;
                while (i < length && KmpIsSeparator(DosName[i]))
                    i++;
                start = i;
                while (i < length && !KmpIsSeparator(DosName[i]))
                    i++;
                if (i == start)
                    break;
                if (part)
                    KmpAppendCharW(&out, L'\\');
                KmpAppendW(&out, DosName + start, i - start);
            }
            if (i < length)
                KmpAppendCharW(&out, L'\\');
            rest = DosName + i;
            restLength = length - i;
        } else if (KmpIsSeparator(DosName[0])) {
            /* Rooted: the root of the current drive (always C: in kmode). */
            KmpAppendW(&out, L"C:\\", 3);
            rest = DosName + 1;
            restLength = length - 1;
        } else if (length >= 2 && KmpIsDriveLetter(DosName[0]) && DosName[1] == L':') {
            WCHAR drive[3] = { RtlUpcaseUnicodeChar(DosName[0]), L':', L'\\' };
            rest = DosName + 2;
            restLength = length - 2;
            if (length >= 3 && KmpIsSeparator(DosName[2]))
                KmpAppendW(&out, drive, 3);
            else if (drive[0] == L'C')
                useCurrentDirectory = TRUE;     /* "C:name": C:'s current directory */
            else
                KmpAppendW(&out, drive, 3);     /* other drives have no current directory: their root */
        } else {
            rest = DosName;
            restLength = length;
            useCurrentDirectory = TRUE;
        }

        if (useCurrentDirectory) {
            char *host;
            ULONG need;
            PWCHAR cwd;
            NTSTATUS status = HostGetCurrentDirectory(&host);
            if (!NT_SUCCESS(status))
                return status;
            need = KmPathHostToWin32(host, NULL, 0);
            cwd = need ? malloc(need * sizeof(WCHAR)) : NULL;
            if (!cwd || KmPathHostToWin32(host, cwd, need) != need - 1) {
                free(host);
                free(cwd);
                return STATUS_NO_MEMORY;
            }
            free(host);
            KmpAppendW(&out, cwd, need - 1);
            free(cwd);
        }
        if (out.Failed)
            goto nomem;
        /* The root ".." never removes: "C:\", "\\server\share\", "\\.\Device\". The current
           directory's components are ordinary ones. */
        rootLength = (out.Length >= 3 && out.Data[1] == L':') ? 3 : out.Length;
    }

    if (rest) {
        BOOLEAN trailing = restLength > 0 && KmpIsSeparator(rest[restLength - 1]);
        SIZE_T j = 0;
        while (j < restLength) {
            SIZE_T start, n;
            while (j < restLength && KmpIsSeparator(rest[j]))
                j++;
            start = j;
            while (j < restLength && !KmpIsSeparator(rest[j]))
                j++;
            n = j - start;
            if (n == 0)
                break;
            if (n == 1 && rest[start] == L'.')
                continue;
            if (n == 2 && rest[start] == L'.' && rest[start + 1] == L'.') {
                /* Remove the last component (and its separator), never the root. */
                SIZE_T k = out.Length;
                while (k > rootLength && out.Data[k - 1] != L'\\')
                    k--;
                if (k > rootLength)
                    k--;
                out.Length = k;
                out.Data[k] = 0;
                continue;
            }
            /* "name." followed by more path loses its single period ("name.." keeps both). */
            if (j < restLength && n >= 2 && rest[start + n - 1] == L'.' && rest[start + n - 2] != L'.')
                n--;
            if (out.Length && out.Data[out.Length - 1] != L'\\')
                KmpAppendCharW(&out, L'\\');
            KmpAppendW(&out, rest + start, n);
        }
        if (trailing) {
            if (out.Length && out.Data[out.Length - 1] != L'\\')
                KmpAppendCharW(&out, L'\\');
        } else {
            /* Trailing periods and spaces of the path go (never into the root). */
            while (out.Length > rootLength &&
                   (out.Data[out.Length - 1] == L'.' || out.Data[out.Length - 1] == L' '))
                out.Data[--out.Length] = 0;
        }
        if (out.Failed)
            goto nomem;
    }

    if (out.Length > KMP_MAX_PATH_CHARS - 1) {
        free(out.Data);
        return STATUS_NAME_TOO_LONG;
    }
    *FilePart = (SIZE_T)-1;
    if (out.Data[out.Length - 1] != L'\\') {
        SIZE_T k = out.Length;
        while (k > 0 && out.Data[k - 1] != L'\\')
            k--;
        *FilePart = k;
    }
    *FullPath = out.Data;
    *Length = out.Length;
    return STATUS_SUCCESS;

nomem:
    free(out.Data);
    return STATUS_NO_MEMORY;
}

NTSTATUS KmPathDosToNtPath(PCWSTR DosName, PUNICODE_STRING NtName)
{
    PWSTR full = NULL;
    PCWCH tail;
    SIZE_T fullLength, filePart, tailLength, total;
    PCWSTR prefix;
    PWCHAR buffer;
    NTSTATUS status;

    NtName->Length = NtName->MaximumLength = 0;
    NtName->Buffer = NULL;
    if (!DosName)
        return STATUS_INVALID_PARAMETER;

    fullLength = KmpWideLength(DosName);
    if (fullLength >= 4 && DosName[0] == L'\\' && DosName[1] == L'?' && DosName[2] == L'?' && DosName[3] == L'\\') {
        prefix = L"";                    /* already an NT name */
        tail = DosName;
        tailLength = fullLength;
    } else {
        status = KmPathGetFullPathName(DosName, &full, &fullLength, &filePart);
        if (!NT_SUCCESS(status))
            return status;
        if (full[0] == L'\\' && full[1] == L'\\' && (full[2] == L'.' || full[2] == L'?') && full[3] == L'\\') {
            prefix = L"\\??\\";         /* \\.\Name and \\?\X: the object namespace */
            tail = full + 4;
            tailLength = fullLength - 4;
        } else if (full[0] == L'\\' && full[1] == L'\\') {
            prefix = L"\\??\\UNC\\";
            tail = full + 2;
            tailLength = fullLength - 2;
        } else {
            prefix = L"\\??\\";
            tail = full;
            tailLength = fullLength;
        }
    }

    total = KmpWideLength(prefix) + tailLength;
    if (total > KMP_MAX_PATH_CHARS) {
        free(full);
        return STATUS_NAME_TOO_LONG;
    }
    buffer = RtlpAllocateStringMemory((total + 1) * sizeof(WCHAR));
    if (!buffer) {
        free(full);
        return STATUS_NO_MEMORY;
    }
    memcpy(buffer, prefix, KmpWideLength(prefix) * sizeof(WCHAR));
    memcpy(buffer + KmpWideLength(prefix), tail, tailLength * sizeof(WCHAR));
    buffer[total] = 0;
    free(full);
    NtName->Buffer = buffer;
    NtName->Length = (USHORT)(total * sizeof(WCHAR));
    NtName->MaximumLength = (USHORT)((total + 1) * sizeof(WCHAR) > 0xFFFF ? 0xFFFE : (total + 1) * sizeof(WCHAR));
    return STATUS_SUCCESS;
}

NTSTATUS KmPathDosToHost(PCWSTR DosName, char **HostPath)
{
    UNICODE_STRING nt;
    NTSTATUS status;

    *HostPath = NULL;
    status = KmPathDosToNtPath(DosName, &nt);
    if (!NT_SUCCESS(status))
        return status;
    status = KmPathNtToHost(&nt, HostPath);
    RtlFreeUnicodeString(&nt);
    return status;
}
