/*
 * PURPOSE: FormatMessageA/W: system messages and caller strings, with inserts.
 *
 * The formatter works in UTF-16 for both entry points; FormatMessageA converts its format
 * string and narrow inserts from and its result to the ANSI code page (Windows-1252 in
 * kmode). Inserts are %1..%99 with an optional !printf-format! (default !s!); numbers use
 * the C library's formatting of the same conversion, strings and characters are copied.
 * Arguments come from a va_list (read in order, each one a pointer-sized slot, as on
 * Windows x64) or, with FORMAT_MESSAGE_ARGUMENT_ARRAY, from an array of DWORD_PTR.
 */

/* INCLUDES ******************************************************************************/

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <internal/win32.h>
#include "message.h"

/* GLOBALS *******************************************************************************/

#define BASEP_MAX_INSERT 99

typedef struct _BASEP_OUTPUT {
    PWCHAR Buffer;
    SIZE_T Length, Capacity;
    BOOL NoMemory;
} BASEP_OUTPUT;

typedef struct _BASEP_ARGUMENTS {
    BOOL Array;
    const DWORD_PTR *Values;      /* FORMAT_MESSAGE_ARGUMENT_ARRAY */
    BOOL HaveList;
    va_list List;
    ULONG Fetched;
    ULONG_PTR Cache[BASEP_MAX_INSERT + 2];
} BASEP_ARGUMENTS;

/* PRIVATE FUNCTIONS *********************************************************************/

static VOID BasepPut(BASEP_OUTPUT *Out, WCHAR Char)
{
    if (Out->Length + 1 >= Out->Capacity) {
        SIZE_T Capacity = Out->Capacity ? Out->Capacity * 2 : 256;
        PWCHAR Buffer = realloc(Out->Buffer, Capacity * sizeof(WCHAR));
        if (Buffer == NULL) {
            Out->NoMemory = TRUE;
            return;
        }
        Out->Buffer = Buffer;
        Out->Capacity = Capacity;
    }
    Out->Buffer[Out->Length++] = Char;
}

static VOID BasepPutAscii(BASEP_OUTPUT *Out, const char *Text)
{
    while (*Text)
        BasepPut(Out, (WCHAR)(UCHAR)*Text++);
}

/* Argument Number (1-based). FALSE when there are no arguments to read. */
static BOOL BasepArgument(BASEP_ARGUMENTS *Args, ULONG Number, ULONG_PTR *Value)
{
    if (Number == 0 || Number > BASEP_MAX_INSERT + 1)
        return FALSE;
    if (Args->Array) {
        if (Args->Values == NULL)
            return FALSE;
        *Value = Args->Values[Number - 1];
        return TRUE;
    }
    if (!Args->HaveList)
        return FALSE;
    while (Args->Fetched < Number)
        Args->Cache[Args->Fetched++] = va_arg(Args->List, ULONG_PTR);
    *Value = Args->Cache[Number - 1];
    return TRUE;
}

/* An ANSI character as UTF-16 (Windows-1252). */
static WCHAR BasepAnsiChar(CHAR Char)
{
    WCHAR Wide = 0;
    ULONG Bytes;
    RtlMultiByteToUnicodeN(&Wide, sizeof(Wide), &Bytes, &Char, 1);
    return Wide;
}

/* Copies a string insert with printf's width/precision/'-' rules. */
static VOID BasepPutString(BASEP_OUTPUT *Out, const void *String, BOOL Wide, BOOL LeftAlign,
                           LONG Width, LONG Precision)
{
    static const char Null[] = "(null)";
    SIZE_T Length = 0;

    if (String == NULL) {
        String = Null;
        Wide = FALSE;
    }
    if (Wide)
        while (((const WCHAR *)String)[Length] && (Precision < 0 || Length < (SIZE_T)Precision))
            Length++;
    else
        while (((const CHAR *)String)[Length] && (Precision < 0 || Length < (SIZE_T)Precision))
            Length++;
    if (!LeftAlign)
        for (LONG i = (LONG)Length; i < Width; i++)
            BasepPut(Out, L' ');
    for (SIZE_T i = 0; i < Length; i++)
        BasepPut(Out, Wide ? ((const WCHAR *)String)[i] : BasepAnsiChar(((const CHAR *)String)[i]));
    if (LeftAlign)
        for (LONG i = (LONG)Length; i < Width; i++)
            BasepPut(Out, L' ');
}

/*
 * Formats insert Number with the printf-style Spec (between the '!'s; NULL: "s").
 * Asterisks take the width/precision from the insert's argument and the following ones.
 * Returns an error code or ERROR_SUCCESS.
 */
static DWORD BasepInsert(BASEP_OUTPUT *Out, BASEP_ARGUMENTS *Args, ULONG Number,
                         const WCHAR *Spec, SIZE_T SpecLength, BOOL Ansi)
{
    char Flags[8], Format[32];
    ULONG FlagCount = 0, Size = 32;
    LONG Width = -1, Precision = -1;
    BOOL LeftAlign = FALSE, WideSize = FALSE, NarrowSize = FALSE;
    ULONG_PTR Value;
    SIZE_T i = 0;
    WCHAR Conversion;

    if (Spec == NULL) {
        Spec = L"s";
        SpecLength = 1;
    }
    while (i < SpecLength &&
           (Spec[i] == L'-' || Spec[i] == L'+' || Spec[i] == L' ' || Spec[i] == L'#' ||
            Spec[i] == L'0')) {
        if (Spec[i] == L'-')
            LeftAlign = TRUE;
        if (FlagCount < sizeof(Flags) - 1)
            Flags[FlagCount++] = (char)Spec[i];
        i++;
    }
    Flags[FlagCount] = 0;
    if (i < SpecLength && Spec[i] == L'*') {
        if (!BasepArgument(Args, Number++, &Value))
            return ERROR_INVALID_PARAMETER;
        Width = (LONG)Value;
        i++;
    } else {
        for (; i < SpecLength && Spec[i] >= L'0' && Spec[i] <= L'9'; i++)
            Width = (Width < 0 ? 0 : Width) * 10 + (Spec[i] - L'0');
    }
    if (i < SpecLength && Spec[i] == L'.') {
        i++;
        Precision = 0;
        if (i < SpecLength && Spec[i] == L'*') {
            if (!BasepArgument(Args, Number++, &Value))
                return ERROR_INVALID_PARAMETER;
            Precision = (LONG)Value;
            i++;
        } else {
            for (; i < SpecLength && Spec[i] >= L'0' && Spec[i] <= L'9'; i++)
                Precision = Precision * 10 + (Spec[i] - L'0');
        }
    }
    /* Size prefixes: h, l, ll, w, I, I32, I64. */
    if (i + 2 < SpecLength && Spec[i] == L'I' && Spec[i + 1] == L'6' && Spec[i + 2] == L'4') {
        Size = 64;
        i += 3;
    } else if (i + 2 < SpecLength && Spec[i] == L'I' && Spec[i + 1] == L'3' && Spec[i + 2] == L'2') {
        Size = 32;
        i += 3;
    } else if (i < SpecLength && Spec[i] == L'I') {
        Size = 64;
        i++;
    } else if (i + 1 < SpecLength && Spec[i] == L'l' && Spec[i + 1] == L'l') {
        Size = 64;
        i += 2;
    } else if (i < SpecLength && (Spec[i] == L'l' || Spec[i] == L'w')) {
        WideSize = TRUE;   /* a wide string/char; a 32-bit integer (LLP64 long) */
        i++;
    } else if (i < SpecLength && Spec[i] == L'h') {
        NarrowSize = TRUE;
        Size = 16;
        i++;
    }
    if (i + 1 != SpecLength)
        return ERROR_INVALID_PARAMETER;
    Conversion = Spec[i];
    if (!BasepArgument(Args, Number, &Value))
        return ERROR_INVALID_PARAMETER;

    switch (Conversion) {
    case L's':
    case L'S': {
        /* s: the entry point's own width; S: the other one; h/l force narrow/wide. */
        BOOL Wide = Conversion == L's' ? !Ansi : Ansi;
        if (WideSize)
            Wide = TRUE;
        if (NarrowSize)
            Wide = FALSE;
        BasepPutString(Out, (const void *)Value, Wide, LeftAlign, Width, Precision);
        return ERROR_SUCCESS;
    }
    case L'c':
    case L'C': {
        BOOL Wide = Conversion == L'c' ? !Ansi : Ansi;
        WCHAR Char[2] = { 0, 0 };
        if (WideSize)
            Wide = TRUE;
        if (NarrowSize)
            Wide = FALSE;
        Char[0] = Wide ? (WCHAR)Value : BasepAnsiChar((CHAR)Value);
        BasepPutString(Out, Char, TRUE, LeftAlign, Width, -1);
        return ERROR_SUCCESS;
    }
    case L'd':
    case L'i':
    case L'u':
    case L'x':
    case L'X':
    case L'o': {
        char Number[80];
        const char *Length = Size == 64 ? "ll" : "";
        snprintf(Format, sizeof(Format), "%%%s%s%s%s%c", Flags,
                 Width >= 0 ? "*" : "", Precision >= 0 ? ".*" : "", Length, (char)Conversion);
        /* The value, cut to its size, and the argument shape printf expects. */
        if (Size == 64) {
            long long v = (long long)Value;
            if (Width >= 0 && Precision >= 0)
                snprintf(Number, sizeof(Number), Format, (int)Width, (int)Precision, v);
            else if (Width >= 0)
                snprintf(Number, sizeof(Number), Format, (int)Width, v);
            else if (Precision >= 0)
                snprintf(Number, sizeof(Number), Format, (int)Precision, v);
            else
                snprintf(Number, sizeof(Number), Format, v);
        } else {
            int v = Size == 16 ? ((Conversion == L'd' || Conversion == L'i') ? (int)(SHORT)Value
                                                                              : (int)(USHORT)Value)
                               : (int)(ULONG)Value;
            if (Width >= 0 && Precision >= 0)
                snprintf(Number, sizeof(Number), Format, (int)Width, (int)Precision, v);
            else if (Width >= 0)
                snprintf(Number, sizeof(Number), Format, (int)Width, v);
            else if (Precision >= 0)
                snprintf(Number, sizeof(Number), Format, (int)Precision, v);
            else
                snprintf(Number, sizeof(Number), Format, v);
        }
        BasepPutAscii(Out, Number);
        return ERROR_SUCCESS;
    }
    case L'p': {
        char Number[32];
        /* Microsoft's %p: all 16 hex digits, upper case. */
        snprintf(Number, sizeof(Number), "%016llX", (unsigned long long)Value);
        BasepPutString(Out, Number, FALSE, LeftAlign, Width, -1);
        return ERROR_SUCCESS;
    }
    default:
        /* Floating point is not supported by FormatMessage, nor is anything else. */
        return ERROR_INVALID_PARAMETER;
    }
}

/* Re-flows Text to lines of at most Width characters at spaces; "\r\n" (from %n) stays. */
static BOOL BasepWrap(BASEP_OUTPUT *Out, ULONG Width)
{
    BASEP_OUTPUT Wrapped = { NULL, 0, 0, FALSE };
    SIZE_T i = 0, Column = 0;
    const PWCHAR Text = Out->Buffer;

    while (i < Out->Length) {
        if (Text[i] == L'\r' && i + 1 < Out->Length && Text[i + 1] == L'\n') {
            BasepPut(&Wrapped, L'\r');
            BasepPut(&Wrapped, L'\n');
            Column = 0;
            i += 2;
        } else if (Text[i] == L' ') {
            SIZE_T j = i, k;
            while (j < Out->Length && Text[j] == L' ')
                j++;
            for (k = j; k < Out->Length && Text[k] != L' ' && Text[k] != L'\r'; k++)
                ;
            if (Column > 0 && k > j && Column + (j - i) + (k - j) > Width) {
                BasepPut(&Wrapped, L'\r');
                BasepPut(&Wrapped, L'\n');
                Column = 0;
            } else {
                Column += j - i;
                for (; i < j; i++)
                    BasepPut(&Wrapped, L' ');
            }
            i = j;
        } else {
            BasepPut(&Wrapped, Text[i++]);
            Column++;
        }
    }
    free(Out->Buffer);
    *Out = Wrapped;
    return !Wrapped.NoMemory;
}

/*
 * The formatter. Source: the message text (UTF-16). MaxWidth: dwFlags' low byte. Returns
 * ERROR_SUCCESS with the result in Out (NUL-terminated), or an error code.
 */
static DWORD BasepFormat(const WCHAR *Source, ULONG MaxWidth, BOOL IgnoreInserts,
                         BASEP_ARGUMENTS *Args, BOOL Ansi, BASEP_OUTPUT *Out)
{
    const WCHAR *p = Source;

    while (*p) {
        if (*p == L'%') {
            WCHAR c = p[1];
            if (c >= L'1' && c <= L'9') {
                const WCHAR *Start = p, *Spec = NULL, *End;
                ULONG Number = c - L'0';
                p += 2;
                if (*p >= L'0' && *p <= L'9')
                    Number = Number * 10 + (*p++ - L'0');
                if (IgnoreInserts) {
                    /* Passed through as written: "%12", then the rest is plain text. */
                    while (Start < p)
                        BasepPut(Out, *Start++);
                    continue;
                }
                if (*p == L'!') {
                    Spec = p + 1;
                    for (End = Spec; *End && *End != L'!'; End++)
                        ;
                    if (*End != L'!')
                        return ERROR_INVALID_PARAMETER;
                    p = End + 1;
                }
                DWORD Error = BasepInsert(Out, Args, Number, Spec,
                                          Spec ? (SIZE_T)(p - 1 - Spec) : 0, Ansi);
                if (Error != ERROR_SUCCESS)
                    return Error;
                continue;
            }
            switch (c) {
            case 0:
                p++;
                continue;               /* a lone % at the end: nothing */
            case L'0':
                goto Done;              /* the end, without the final line break */
            case L'n':
                BasepPut(Out, L'\r');   /* a hard line break */
                BasepPut(Out, L'\n');
                break;
            case L'r':
                BasepPut(Out, L'\r');
                break;
            case L't':
                BasepPut(Out, L'\t');
                break;
            default:
                BasepPut(Out, c);       /* %% %. %! %space, and any other: the character */
                break;
            }
            p += 2;
        } else if (*p == L'\r' || *p == L'\n') {
            /* A regular line break of the message text. */
            if (MaxWidth == 0) {
                BasepPut(Out, *p);
            } else {
                BasepPut(Out, L' ');
                if (*p == L'\r' && p[1] == L'\n')
                    p++;
            }
            p++;
        } else {
            BasepPut(Out, *p++);
        }
    }
Done:
    if (MaxWidth != 0 && MaxWidth != FORMAT_MESSAGE_MAX_WIDTH_MASK && !BasepWrap(Out, MaxWidth))
        return ERROR_NOT_ENOUGH_MEMORY;
    BasepPut(Out, 0);
    if (Out->NoMemory)
        return ERROR_NOT_ENOUGH_MEMORY;
    Out->Length--;   /* the NUL is not counted */
    return ERROR_SUCCESS;
}

/* The system message's text with its final line break, as UTF-16 (malloc'ed), or an
   error code. */
static DWORD BasepSystemMessage(DWORD MessageId, DWORD LanguageId, PWCHAR *Text)
{
    const char *Message = NULL;
    SIZE_T Length;

    if (LanguageId != 0 && PRIMARYLANGID(LanguageId) != LANG_NEUTRAL &&
        PRIMARYLANGID(LanguageId) != LANG_ENGLISH)
        return ERROR_RESOURCE_LANG_NOT_FOUND;   /* kmode's table is English only */
    if ((MessageId & 0xFFFF0000) == 0x80070000)
        MessageId &= 0xFFFF;                    /* HRESULT_FROM_WIN32 */
    for (ULONG i = 0; i < BasepSystemMessageCount; i++)
        if (BasepSystemMessages[i].Code == MessageId) {
            Message = BasepSystemMessages[i].Text;
            break;
        }
    if (Message == NULL)
        return ERROR_MR_MID_NOT_FOUND;
    Length = strlen(Message);
    *Text = malloc((Length + 3) * sizeof(WCHAR));
    if (*Text == NULL)
        return ERROR_NOT_ENOUGH_MEMORY;
    for (SIZE_T i = 0; i < Length; i++)
        (*Text)[i] = (WCHAR)(UCHAR)Message[i];
    (*Text)[Length] = L'\r';
    (*Text)[Length + 1] = L'\n';
    (*Text)[Length + 2] = 0;
    return ERROR_SUCCESS;
}

/* Both entry points. Source is the format string already in UTF-16 (FROM_STRING). On
   success *Result holds the message (malloc'ed) and *Length its length. */
static DWORD BasepFormatMessage(DWORD Flags, const WCHAR *Source, DWORD MessageId,
                                DWORD LanguageId, va_list *Arguments, BOOL Ansi,
                                PWCHAR *Result, SIZE_T *Length)
{
    BASEP_ARGUMENTS Args;
    BASEP_OUTPUT Out = { NULL, 0, 0, FALSE };
    PWCHAR Text = NULL;
    DWORD Error;
    const DWORD SourceFlags = FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_FROM_HMODULE |
                              FORMAT_MESSAGE_FROM_SYSTEM;

    if ((Flags & SourceFlags) == 0 ||
        ((Flags & FORMAT_MESSAGE_FROM_STRING) && (Flags & SourceFlags) != FORMAT_MESSAGE_FROM_STRING))
        return ERROR_INVALID_PARAMETER;
    if (Flags & FORMAT_MESSAGE_FROM_STRING) {
        if (Source == NULL)
            return ERROR_INVALID_PARAMETER;
    } else if (!(Flags & FORMAT_MESSAGE_FROM_SYSTEM)) {
        return ERROR_RESOURCE_TYPE_NOT_FOUND;   /* no image carries a message table */
    } else {
        Error = BasepSystemMessage(MessageId, LanguageId, &Text);
        if (Error != ERROR_SUCCESS)
            return Error;
        Source = Text;
    }
    memset(&Args, 0, sizeof(Args));
    Args.Array = (Flags & FORMAT_MESSAGE_ARGUMENT_ARRAY) != 0;
    if (Args.Array) {
        Args.Values = (const DWORD_PTR *)Arguments;
    } else if (Arguments != NULL) {
        va_copy(Args.List, *Arguments);
        Args.HaveList = TRUE;
    }
    Error = BasepFormat(Source, Flags & FORMAT_MESSAGE_MAX_WIDTH_MASK,
                        (Flags & FORMAT_MESSAGE_IGNORE_INSERTS) != 0, &Args, Ansi, &Out);
    if (Args.HaveList)
        va_end(Args.List);
    free(Text);
    if (Error != ERROR_SUCCESS) {
        free(Out.Buffer);
        return Error;
    }
    *Result = Out.Buffer;
    *Length = Out.Length;
    return ERROR_SUCCESS;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/* @implemented: see win/base.h. */
DWORD WINAPI FormatMessageW(DWORD dwFlags, LPCVOID lpSource, DWORD dwMessageId,
                            DWORD dwLanguageId, LPWSTR lpBuffer, DWORD nSize, va_list *Arguments)
{
    PWCHAR Result = NULL;
    SIZE_T Length = 0;
    DWORD Error;

    if (lpBuffer == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    Error = BasepFormatMessage(dwFlags, (dwFlags & FORMAT_MESSAGE_FROM_STRING) ? lpSource : NULL,
                               dwMessageId, dwLanguageId, Arguments, FALSE, &Result, &Length);
    if (Error == ERROR_SUCCESS) {
        if (dwFlags & FORMAT_MESSAGE_ALLOCATE_BUFFER) {
            SIZE_T Chars = Length + 1 > nSize ? Length + 1 : nSize;
            LPWSTR Buffer = LocalAlloc(LMEM_FIXED, Chars * sizeof(WCHAR));
            if (Buffer == NULL) {
                Error = ERROR_NOT_ENOUGH_MEMORY;
            } else {
                memcpy(Buffer, Result, (Length + 1) * sizeof(WCHAR));
                *(LPWSTR *)lpBuffer = Buffer;
            }
        } else if (Length + 1 > nSize) {
            Error = ERROR_INSUFFICIENT_BUFFER;
        } else {
            memcpy(lpBuffer, Result, (Length + 1) * sizeof(WCHAR));
        }
    }
    free(Result);
    if (Error != ERROR_SUCCESS) {
        SetLastError(Error);
        return 0;
    }
    return (DWORD)Length;
}

/* @implemented: see win/base.h. */
DWORD WINAPI FormatMessageA(DWORD dwFlags, LPCVOID lpSource, DWORD dwMessageId,
                            DWORD dwLanguageId, LPSTR lpBuffer, DWORD nSize, va_list *Arguments)
{
    PWCHAR Source = NULL, Result = NULL;
    SIZE_T Length = 0;
    ULONG Bytes = 0;
    DWORD Error = ERROR_SUCCESS;
    LPSTR Ansi = NULL;

    if (lpBuffer == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if ((dwFlags & FORMAT_MESSAGE_FROM_STRING) && lpSource != NULL) {
        SIZE_T SourceLength = strlen(lpSource);
        Source = malloc((SourceLength + 1) * sizeof(WCHAR));
        if (Source == NULL) {
            Error = ERROR_NOT_ENOUGH_MEMORY;
        } else {
            RtlMultiByteToUnicodeN(Source, (ULONG)(SourceLength * sizeof(WCHAR)), &Bytes,
                                   lpSource, (ULONG)SourceLength);
            Source[Bytes / sizeof(WCHAR)] = 0;
        }
    }
    if (Error == ERROR_SUCCESS)
        Error = BasepFormatMessage(dwFlags, Source, dwMessageId, dwLanguageId, Arguments, TRUE,
                                   &Result, &Length);
    free(Source);
    if (Error == ERROR_SUCCESS) {
        /* Windows-1252: one byte per character. */
        Ansi = malloc(Length + 1);
        if (Ansi == NULL) {
            Error = ERROR_NOT_ENOUGH_MEMORY;
        } else {
            RtlUnicodeToMultiByteN(Ansi, (ULONG)Length, &Bytes, Result,
                                   (ULONG)(Length * sizeof(WCHAR)));
            Ansi[Bytes] = 0;
            Length = Bytes;
        }
    }
    if (Error == ERROR_SUCCESS) {
        if (dwFlags & FORMAT_MESSAGE_ALLOCATE_BUFFER) {
            SIZE_T Size = Length + 1 > nSize ? Length + 1 : nSize;
            LPSTR Buffer = LocalAlloc(LMEM_FIXED, Size);
            if (Buffer == NULL) {
                Error = ERROR_NOT_ENOUGH_MEMORY;
            } else {
                memcpy(Buffer, Ansi, Length + 1);
                *(LPSTR *)lpBuffer = Buffer;
            }
        } else if (Length + 1 > nSize) {
            Error = ERROR_INSUFFICIENT_BUFFER;
        } else {
            memcpy(lpBuffer, Ansi, Length + 1);
        }
    }
    free(Result);
    free(Ansi);
    if (Error != ERROR_SUCCESS) {
        SetLastError(Error);
        return 0;
    }
    return (DWORD)Length;
}
