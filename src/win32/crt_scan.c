/*
 * PURPOSE: User-mode CRT: the scanf family with the Microsoft CRT's semantics, one engine
 * for every variant: strings (sscanf, _snscanf, swscanf, _snwscanf), streams (scanf,
 * fscanf, wscanf, fwscanf), their v forms and their _s forms. Declarations:
 * include/um/crt/stdio.h.
 *
 * What differs from glibc's scanf, as the UCRT does it:
 * - sizes: %ld / %lu / %lx are 32-bit (LONG), %I64d 64-bit, %I32d 32-bit, %Id / %Ix
 *   pointer-sized, %p 64-bit; %hh 8, %h 16, %ll %j %z %t 64 bits;
 * - narrow functions: %s %c %[ store narrow text, %S %C (and %ls %lc %l[, %ws %wc) wide;
 *   wide functions: %s %c %[ store wide text, %S %C (and %hs %hc) narrow; text crossing
 *   widths is converted through the ANSI code page (Windows-1252, as the rest of kmode's
 *   CRT; a character 1252 lacks is dropped, as wctomb_s fails for it);
 * - the _s forms take the size of every %s %c %[ buffer (in characters, an unsigned int)
 *   right after its pointer (not for a conversion suppressed with '*'). A field that does
 *   not fit: the buffer gets "" (its first character 0), errno ENOMEM, and scanning stops
 *   with the count of fields assigned so far. A size of 0 fails the same way;
 * - %c without a width reads one character; with a width it needs exactly that many;
 * - an invalid conversion (unknown type, a width of 0, a size prefix that does not fit the
 *   type, an unterminated %[) stops scanning; in the _s forms it is also an invalid
 *   parameter (errno EINVAL); a NULL string, stream, format or receiving pointer is an
 *   invalid parameter in every form (crtp.h: the handler, or the end of the process).
 * Return value: the number of fields assigned; EOF when input ended (or a parameter was
 * invalid) before the first one was.
 */

/* INCLUDES ******************************************************************************/

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <internal/fmt.h>
#include "crtp.h"

/* GLOBALS *******************************************************************************/

#define KMP_EOF ((ULONG)0xFFFFFFFF)

USHORT kmcrt_fgetwc(FILE *Stream);
int kmcrt_iswspace(USHORT Char);
USHORT kmcrt_ungetwc(USHORT Char, FILE *Stream);

typedef enum _KMP_SOURCE_KIND {
    KmpSourceString,
    KmpSourceWideString,
    KmpSourceStream,
    KmpSourceWideStream
} KMP_SOURCE_KIND;

/* Where the characters come from; Read counts those consumed (%n). */
typedef struct _KMP_SOURCE {
    KMP_SOURCE_KIND Kind;
    const void *Text;
    SIZE_T Length;
    FILE *Stream;
    SIZE_T Read;
} KMP_SOURCE;

typedef enum _KMP_LENGTH {
    KmpNone, KmpHH, KmpH, KmpL, KmpLL, KmpJ, KmpZ, KmpT, KmpBigL, KmpI32, KmpI64, KmpBigT
} KMP_LENGTH;

typedef enum _KMP_MODE {
    KmpCharacter, KmpString, KmpScanset, KmpInteger, KmpFloat, KmpCount
} KMP_MODE;

/* One conversion of the format. */
typedef struct _KMP_SPEC {
    BOOLEAN Suppress;
    BOOLEAN Wide;           /* text conversions: the buffer holds WCHARs */
    ULONGLONG Width;        /* 0: none */
    KMP_LENGTH Length;
    KMP_MODE Mode;
    ULONG Base;             /* integers: 0 (%i), 8, 10, 16 */
    BOOLEAN Signed;
    ULONG *Set;             /* scanset bitmap (65536 bits) */
} KMP_SPEC;

/* PRIVATE FUNCTIONS *********************************************************************/

static ULONG KmpGet(KMP_SOURCE *Source)
{
    ULONG c;

    switch (Source->Kind) {
    case KmpSourceString:
        if (Source->Read == Source->Length)
            return KMP_EOF;
        return ((const UCHAR *)Source->Text)[Source->Read++];
    case KmpSourceWideString:
        if (Source->Read == Source->Length)
            return KMP_EOF;
        return ((const WCHAR *)Source->Text)[Source->Read++];
    case KmpSourceStream: {
        int b = getc(Source->Stream);
        if (b == EOF)
            return KMP_EOF;
        c = (UCHAR)b;
        break;
    }
    default: {
        USHORT w = kmcrt_fgetwc(Source->Stream);
        if (w == 0xFFFF)
            return KMP_EOF;
        c = w;
        break;
    }
    }
    Source->Read++;
    return c;
}

/* Gives back the last character read (nothing for KMP_EOF). A string gives back any number;
   a stream reliably one (ungetc's guarantee), which is all the engine needs but in the
   rare partial matches ("0x" without a digit, "1e" without an exponent). */
static VOID KmpUnget(KMP_SOURCE *Source, ULONG Char)
{
    if (Char == KMP_EOF || Source->Read == 0)
        return;
    Source->Read--;
    if (Source->Kind == KmpSourceStream)
        ungetc((int)Char, Source->Stream);
    else if (Source->Kind == KmpSourceWideStream)
        kmcrt_ungetwc((USHORT)Char, Source->Stream);
}

static BOOLEAN KmpIsSpace(ULONG c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Whitespace a format's blank or a conversion skips: isspace for narrow text, iswspace for
   wide text (%s ends at the ASCII blanks only, as in the UCRT). */
static BOOLEAN KmpIsSkipSpace(BOOLEAN Wide, ULONG c)
{
    if (c == KMP_EOF)
        return FALSE;
    return Wide ? kmcrt_iswspace((USHORT)c) != 0 : KmpIsSpace(c);
}

static VOID KmpSkipSpace(KMP_SOURCE *Source)
{
    BOOLEAN wide = Source->Kind == KmpSourceWideString || Source->Kind == KmpSourceWideStream;
    ULONG c;
    do
        c = KmpGet(Source);
    while (KmpIsSkipSpace(wide, c));
    KmpUnget(Source, c);
}

/* The format's characters, narrow or wide, as unsigned values (0 at the end). */
static ULONG KmpFormatAt(const void *Format, BOOLEAN Wide, SIZE_T Index)
{
    return Wide ? ((const WCHAR *)Format)[Index] : ((const UCHAR *)Format)[Index];
}

static VOID KmpSetBit(ULONG *Set, ULONG c)
{
    Set[c >> 5] |= 1u << (c & 31);
}

static BOOLEAN KmpTestBit(const ULONG *Set, ULONG c)
{
    return (Set[c >> 5] >> (c & 31)) & 1;
}

/*
 * Parses one conversion at Format[*Index] (past the '%'). FALSE for an invalid one.
 * The size prefixes each conversion accepts are the UCRT's.
 */
static BOOLEAN KmpParseSpec(const void *Format, BOOLEAN WideFormat, SIZE_T *Index, KMP_SPEC *Spec, ULONG **SetStorage)
{
    SIZE_T i = *Index;
    ULONG c;
    BOOLEAN wideModifier = FALSE, ok;

    memset(Spec, 0, sizeof *Spec);
    if (KmpFormatAt(Format, WideFormat, i) == '*') {
        Spec->Suppress = TRUE;
        i++;
    }
    c = KmpFormatAt(Format, WideFormat, i);
    if (c >= '0' && c <= '9') {
        ULONGLONG width = 0;
        while ((c = KmpFormatAt(Format, WideFormat, i)) >= '0' && c <= '9') {
            if (width > (~0ULL - 9) / 10)
                return FALSE;
            width = width * 10 + (c - '0');
            i++;
        }
        if (width == 0)
            return FALSE;
        Spec->Width = width;
    }

    c = KmpFormatAt(Format, WideFormat, i);
    switch (c) {
    case 'h':
        if (KmpFormatAt(Format, WideFormat, i + 1) == 'h') {
            Spec->Length = KmpHH;
            i += 2;
        } else {
            Spec->Length = KmpH;
            i++;
        }
        break;
    case 'l':
        if (KmpFormatAt(Format, WideFormat, i + 1) == 'l') {
            Spec->Length = KmpLL;
            i += 2;
        } else {
            Spec->Length = KmpL;
            i++;
        }
        break;
    case 'I': {
        ULONG n1 = KmpFormatAt(Format, WideFormat, i + 1);
        ULONG n2 = n1 ? KmpFormatAt(Format, WideFormat, i + 2) : 0;
        if (n1 == '3' && n2 == '2') {
            Spec->Length = KmpI32;
            i += 3;
        } else if (n1 == '6' && n2 == '4') {
            Spec->Length = KmpI64;
            i += 3;
        } else if (n1 == 'd' || n1 == 'i' || n1 == 'o' || n1 == 'u' || n1 == 'x' || n1 == 'X') {
            Spec->Length = KmpI64;      /* pointer-sized */
            i++;
        }
        /* otherwise 'I' is the conversion %I, the same as %i */
        break;
    }
    case 'L': Spec->Length = KmpBigL; i++; break;
    case 'j': Spec->Length = KmpJ; i++; break;
    case 'z': Spec->Length = KmpZ; i++; break;
    case 't': Spec->Length = KmpT; i++; break;
    case 'T': Spec->Length = KmpBigT; i++; break;
    default: break;
    }

    c = KmpFormatAt(Format, WideFormat, i);
    if (c == 'w') {
        wideModifier = TRUE;
        i++;
        c = KmpFormatAt(Format, WideFormat, i);
    }
    i++;
    switch (c) {
    case 'c': case 'C':
        Spec->Mode = KmpCharacter;
        if (Spec->Width == 0)
            Spec->Width = 1;
        break;
    case 's': case 'S':
        Spec->Mode = KmpString;
        break;
    case '[':
        Spec->Mode = KmpScanset;
        break;
    case 'd': Spec->Mode = KmpInteger; Spec->Base = 10; Spec->Signed = TRUE; break;
    case 'i': case 'I': Spec->Mode = KmpInteger; Spec->Base = 0; Spec->Signed = TRUE; break;
    case 'u': Spec->Mode = KmpInteger; Spec->Base = 10; break;
    case 'o': Spec->Mode = KmpInteger; Spec->Base = 8; break;
    case 'x': case 'X': Spec->Mode = KmpInteger; Spec->Base = 16; break;
    case 'p': Spec->Mode = KmpInteger; Spec->Base = 16; Spec->Length = KmpI64; break;
    case 'a': case 'A': case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
        Spec->Mode = KmpFloat;
        break;
    case 'n':
        Spec->Mode = KmpCount;
        break;
    default:
        return FALSE;
    }

    /* Size prefixes per conversion (the UCRT's table). */
    switch (Spec->Mode) {
    case KmpCharacter:
    case KmpString:
        ok = Spec->Length == KmpNone || Spec->Length == KmpH || Spec->Length == KmpL ||
             Spec->Length == KmpLL || Spec->Length == KmpBigL || Spec->Length == KmpBigT;
        break;
    case KmpScanset:
        ok = Spec->Length == KmpNone || Spec->Length == KmpL || Spec->Length == KmpBigT;
        break;
    case KmpFloat:
        ok = Spec->Length == KmpNone || Spec->Length == KmpL || Spec->Length == KmpBigL;
        break;
    default:
        ok = Spec->Length != KmpBigL && Spec->Length != KmpBigT;
        break;
    }
    if (!ok)
        return FALSE;

    if (Spec->Mode == KmpCharacter || Spec->Mode == KmpString || Spec->Mode == KmpScanset) {
        /* The text width: the function's own, %S/%C the other one (%w always wide), then
           h narrow and l/ll/L wide override it. */
        if (WideFormat)
            Spec->Wide = (c == 'C' || c == 'S') ? wideModifier : TRUE;
        else
            Spec->Wide = wideModifier || c == 'C' || c == 'S';
        if (Spec->Length == KmpH)
            Spec->Wide = FALSE;
        if (Spec->Length == KmpL || Spec->Length == KmpLL || Spec->Length == KmpBigL)
            Spec->Wide = TRUE;
    }

    if (Spec->Mode == KmpScanset) {
        BOOLEAN reject = FALSE;
        SIZE_T first;
        SIZE_T lastRangeEnd = (SIZE_T)-1;
        ULONG *set = *SetStorage;

        if (!set) {
            /* 8 KB of bits, taken at the first scanset of the call */
            set = *SetStorage = malloc(65536 / 8);
            if (!set) {
                errno = ENOMEM;
                return FALSE;
            }
        }
        memset(set, 0, 65536 / 8);
        Spec->Set = set;
        if (KmpFormatAt(Format, WideFormat, i) == '^') {
            reject = TRUE;
            i++;
        }
        if (KmpFormatAt(Format, WideFormat, i) == ']') {
            KmpSetBit(set, ']');
            i++;
        }
        first = i;
        for (; (c = KmpFormatAt(Format, WideFormat, i)) != ']' && c != 0; i++) {
            ULONG next = KmpFormatAt(Format, WideFormat, i + 1);
            if (c != '-' || i == first || next == ']' || (lastRangeEnd != (SIZE_T)-1 && i - 1 == lastRangeEnd)) {
                KmpSetBit(set, c);
            } else {
                /* a-z (or z-a): the range, both ends included */
                ULONG low = KmpFormatAt(Format, WideFormat, i - 1), high = next, ch;
                if (low > high) {
                    ch = low;
                    low = high;
                    high = ch;
                }
                for (ch = low; ch <= high; ch++)
                    KmpSetBit(set, ch);
                lastRangeEnd = i + 1;
            }
        }
        if (c == 0)
            return FALSE;
        i++;
        if (reject) {
            ULONG k;
            for (k = 0; k < 65536 / 32; k++)
                set[k] = ~set[k];
        }
    }
    *Index = i;
    return TRUE;
}

/* Stores one character of text into the caller's buffer, converting between widths.
   FALSE when it does not fit. */
static BOOLEAN KmpStoreChar(KMP_SPEC *Spec, PVOID Buffer, SIZE_T *Used, SIZE_T Room, BOOLEAN WideSource, ULONG c)
{
    if (Spec->Wide) {
        if (*Used >= Room)
            return FALSE;
        ((WCHAR *)Buffer)[(*Used)++] = WideSource ? (WCHAR)c : KmAnsiCharToUnicode((UCHAR)c);
    } else {
        UCHAR b = (UCHAR)c;
        if (WideSource && !KmUnicodeCharToAnsi((WCHAR)c, &b))
            return TRUE;            /* wctomb_s fails: the character is dropped */
        if (*Used >= Room)
            return FALSE;
        ((UCHAR *)Buffer)[(*Used)++] = b;
    }
    return TRUE;
}

static VOID KmpTerminate(KMP_SPEC *Spec, PVOID Buffer, SIZE_T At)
{
    if (Spec->Wide)
        ((WCHAR *)Buffer)[At] = 0;
    else
        ((UCHAR *)Buffer)[At] = 0;
}

/* %c %s %[. *Invalid is set for a NULL buffer. */
static BOOLEAN KmpScanText(KMP_SOURCE *Source, KMP_SPEC *Spec, BOOLEAN Secure, va_list *Args, BOOLEAN *Invalid)
{
    BOOLEAN wideSource = Source->Kind == KmpSourceWideString || Source->Kind == KmpSourceWideStream;
    PVOID buffer = NULL;
    SIZE_T size = (SIZE_T)-1, room, used = 0;
    ULONGLONG consumed = 0;

    if (Spec->Mode == KmpString)
        KmpSkipSpace(Source);
    if (!Spec->Suppress) {
        buffer = va_arg(*Args, PVOID);
        if (!buffer) {
            *Invalid = TRUE;
            return FALSE;
        }
        if (Secure)
            size = va_arg(*Args, unsigned int);
    }
    if (size == 0) {
        errno = ENOMEM;
        return FALSE;
    }
    /* Strings keep room for their terminator; %c stores no terminator. */
    room = (Spec->Mode != KmpCharacter && size != (SIZE_T)-1) ? size - 1 : size;

    for (; Spec->Width == 0 || consumed != Spec->Width; consumed++) {
        ULONG c = KmpGet(Source);
        BOOLEAN allowed;

        if (c == KMP_EOF)
            allowed = FALSE;
        else if (Spec->Mode == KmpString)
            allowed = !KmpIsSpace(c);
        else if (Spec->Mode == KmpScanset)
            allowed = KmpTestBit(Spec->Set, c);
        else
            allowed = TRUE;
        if (!allowed) {
            KmpUnget(Source, c);
            break;
        }
        if (Spec->Suppress)
            continue;
        if (!KmpStoreChar(Spec, buffer, &used, room, wideSource, c)) {
            /* Too long for the buffer: "" and the scan stops. */
            KmpTerminate(Spec, buffer, 0);
            errno = ENOMEM;
            return FALSE;
        }
    }
    if (consumed == 0)
        return FALSE;
    /* %c with a width matches exactly that many characters. */
    if (Spec->Mode == KmpCharacter && consumed != Spec->Width)
        return FALSE;
    if (!Spec->Suppress && Spec->Mode != KmpCharacter)
        KmpTerminate(Spec, buffer, used);
    return TRUE;
}

/* Reads characters within the field width: Remaining counts down, 0 ends the field. */
typedef struct _KMP_FIELD {
    KMP_SOURCE *Source;
    ULONGLONG Remaining;    /* ~0: no width */
} KMP_FIELD;

static ULONG KmpFieldGet(KMP_FIELD *Field)
{
    if (Field->Remaining == 0)
        return KMP_EOF;
    if (Field->Remaining != ~0ULL)
        Field->Remaining--;
    return KmpGet(Field->Source);
}

static VOID KmpFieldUnget(KMP_FIELD *Field, ULONG c)
{
    if (c == KMP_EOF)
        return;
    if (Field->Remaining != ~0ULL)
        Field->Remaining++;
    KmpUnget(Field->Source, c);
}

static ULONG KmpDigitValue(ULONG c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

/*
 * An integer as the UCRT's strtoull/strtoll parse it, within the width: a sign, "0x" for
 * base 16 or 0, a leading 0 for octal with base 0. Out of range, the UCRT clamps to the 64-bit limits of
 * the conversion's signedness (the value is then truncated to the receiving size).
 */
static BOOLEAN KmpScanInteger(KMP_SOURCE *Source, KMP_SPEC *Spec, ULONGLONG *Value)
{
    KMP_FIELD field = { Source, Spec->Width ? Spec->Width : ~0ULL };
    ULONG base = Spec->Base, c, d;
    BOOLEAN negative = FALSE, digits = FALSE, overflow = FALSE;
    ULONGLONG n = 0;

    /* Characters consumed by a failed field stay consumed (a stream cannot give them
       back; the UCRT does not for strings either). */
    KmpSkipSpace(Source);
    c = KmpFieldGet(&field);
    if (c == '+' || c == '-') {
        negative = c == '-';
        c = KmpFieldGet(&field);
    }
    if (base == 0 || base == 16) {
        if (KmpDigitValue(c) != 0) {
            if (base == 0)
                base = 10;
        } else {
            /* A leading 0: "0x" is a prefix, the 0 itself is no digit then ("0x" alone
               fails, as in the UCRT); otherwise octal for %i. */
            ULONG next = KmpFieldGet(&field);
            if (next == 'x' || next == 'X') {
                base = 16;
                c = KmpFieldGet(&field);
            } else {
                if (base == 0)
                    base = 8;
                KmpFieldUnget(&field, next);
            }
        }
    }
    while ((d = KmpDigitValue(c)) < base) {
        digits = TRUE;
        if (n > (~0ULL - d) / base)
            overflow = TRUE;
        else
            n = n * base + d;
        c = KmpFieldGet(&field);
    }
    KmpFieldUnget(&field, c);
    if (!digits)
        return FALSE;

    if (Spec->Signed) {
        ULONGLONG limit = negative ? 0x8000000000000000ULL : 0x7FFFFFFFFFFFFFFFULL;
        if (overflow || n > limit) {
            errno = ERANGE;
            n = limit;
        } else if (negative) {
            n = 0 - n;
        }
    } else if (overflow) {
        errno = ERANGE;
        n = ~0ULL;
    } else if (negative) {
        n = 0 - n;
    }
    *Value = n;
    return TRUE;
}

/* A growable text buffer for a floating-point field. */
typedef struct _KMP_TEXT {
    char *Data;
    SIZE_T Length, Capacity;
    char Stack[128];
} KMP_TEXT;

static BOOLEAN KmpTextAdd(KMP_TEXT *Text, ULONG c)
{
    if (Text->Length + 1 >= Text->Capacity) {
        SIZE_T capacity = Text->Capacity * 2;
        char *data = Text->Data == Text->Stack ? malloc(capacity) : realloc(Text->Data, capacity);
        if (!data)
            return FALSE;
        if (Text->Data == Text->Stack)
            memcpy(data, Text->Stack, Text->Length);
        Text->Data = data;
        Text->Capacity = capacity;
    }
    Text->Data[Text->Length++] = (char)c;
    Text->Data[Text->Length] = 0;
    return TRUE;
}

static BOOLEAN KmpLower(ULONG c, char Want)
{
    return c == (ULONG)Want || c == (ULONG)(Want - 'a' + 'A');
}

/* Takes Word (lower case) case-insensitively into Text; on a mismatch gives back what it
   took and returns FALSE. */
static BOOLEAN KmpTakeWord(KMP_FIELD *Field, KMP_TEXT *Text, const char *Word)
{
    ULONG taken[8], c;
    SIZE_T n = 0, k;

    while (Word[n]) {
        c = KmpFieldGet(Field);
        if (!KmpLower(c, Word[n])) {
            KmpFieldUnget(Field, c);
            for (k = n; k > 0; k--)
                KmpFieldUnget(Field, taken[k - 1]);
            return FALSE;
        }
        taken[n++] = c;
    }
    for (k = 0; k < n; k++)
        if (!KmpTextAdd(Text, taken[k]))
            return FALSE;
    return TRUE;
}

/* Collects a floating-point number's text within the width (decimal, hexadecimal, inf,
   infinity, nan, nan(chars)); FALSE when no number starts there. */
static BOOLEAN KmpCollectFloat(KMP_FIELD *Field, KMP_TEXT *Text)
{
    ULONG c = KmpFieldGet(Field), e;
    BOOLEAN hex = FALSE, digits = FALSE;

    if (c == '+' || c == '-') {
        if (!KmpTextAdd(Text, c))
            return FALSE;
        c = KmpFieldGet(Field);
    }
    if (KmpLower(c, 'i') || KmpLower(c, 'n')) {
        KmpFieldUnget(Field, c);
        if (KmpTakeWord(Field, Text, "inf")) {
            KmpTakeWord(Field, Text, "inity");
            return TRUE;
        }
        if (KmpTakeWord(Field, Text, "nan")) {
            c = KmpFieldGet(Field);
            if (c == '(') {
                SIZE_T start = Text->Length;
                ULONG taken = 1;
                KmpTextAdd(Text, c);
                for (;;) {
                    c = KmpFieldGet(Field);
                    if (c == ')') {
                        KmpTextAdd(Text, c);
                        return TRUE;
                    }
                    if (c == KMP_EOF || !(KmpDigitValue(c) < 36 || c == '_'))
                        break;
                    KmpTextAdd(Text, c);
                    taken++;
                }
                /* no closing parenthesis: just "nan" */
                KmpFieldUnget(Field, c);
                while (taken-- > 0)
                    KmpFieldUnget(Field, (ULONG)(UCHAR)Text->Data[start + taken]);
                Text->Length = start;
                Text->Data[start] = 0;
                return TRUE;
            }
            KmpFieldUnget(Field, c);
            return TRUE;
        }
        return FALSE;
    }
    if (c == '0') {
        digits = TRUE;
        KmpTextAdd(Text, c);
        c = KmpFieldGet(Field);
        if (c == 'x' || c == 'X') {
            ULONG x = c;
            c = KmpFieldGet(Field);
            if (KmpDigitValue(c) < 16 || c == '.') {
                hex = TRUE;
                digits = FALSE;
                KmpTextAdd(Text, x);
            } else {
                KmpFieldUnget(Field, c);
                KmpFieldUnget(Field, x);
                return TRUE;
            }
        }
    }
    while (KmpDigitValue(c) < (hex ? 16u : 10u)) {
        digits = TRUE;
        if (!KmpTextAdd(Text, c))
            return FALSE;
        c = KmpFieldGet(Field);
    }
    if (c == '.') {
        if (!KmpTextAdd(Text, c))
            return FALSE;
        c = KmpFieldGet(Field);
        while (KmpDigitValue(c) < (hex ? 16u : 10u)) {
            digits = TRUE;
            if (!KmpTextAdd(Text, c))
                return FALSE;
            c = KmpFieldGet(Field);
        }
    }
    if (!digits) {
        KmpFieldUnget(Field, c);
        return FALSE;
    }
    if (hex ? KmpLower(c, 'p') : KmpLower(c, 'e')) {
        ULONG sign = KMP_EOF;
        e = c;
        c = KmpFieldGet(Field);
        if (c == '+' || c == '-') {
            sign = c;
            c = KmpFieldGet(Field);
        }
        if (KmpDigitValue(c) < 10) {
            KmpTextAdd(Text, e);
            if (sign != KMP_EOF)
                KmpTextAdd(Text, sign);
            while (KmpDigitValue(c) < 10) {
                if (!KmpTextAdd(Text, c))
                    return FALSE;
                c = KmpFieldGet(Field);
            }
        } else {
            /* an exponent letter without digits is not part of the number */
            KmpFieldUnget(Field, c);
            if (sign != KMP_EOF)
                KmpFieldUnget(Field, sign);
            c = e;
        }
    }
    KmpFieldUnget(Field, c);
    return TRUE;
}

/* %e %f %g %a: float, double (l) or long double (L). MSVC's long double is double, but a
   gcc/clang app's long double variable is the x87 type, so %L stores that (as printf's %L
   reads it). */
static BOOLEAN KmpScanFloat(KMP_SOURCE *Source, KMP_SPEC *Spec, va_list *Args, BOOLEAN *Invalid)
{
    KMP_FIELD field = { Source, Spec->Width ? Spec->Width : ~0ULL };
    KMP_TEXT text;
    BOOLEAN ok;
    PVOID target;

    text.Data = text.Stack;
    text.Length = 0;
    text.Capacity = sizeof text.Stack;
    text.Stack[0] = 0;
    KmpSkipSpace(Source);
    ok = KmpCollectFloat(&field, &text);
    if (ok && !Spec->Suppress) {
        target = va_arg(*Args, PVOID);
        if (!target) {
            *Invalid = TRUE;
            ok = FALSE;
        } else if (Spec->Length == KmpL) {
            double v = strtod(text.Data, NULL);
            memcpy(target, &v, sizeof v);
        } else if (Spec->Length == KmpBigL) {
            long double v = strtold(text.Data, NULL);
            memcpy(target, &v, sizeof v);
        } else {
            float v = strtof(text.Data, NULL);
            memcpy(target, &v, sizeof v);
        }
    }
    if (text.Data != text.Stack)
        free(text.Data);
    return ok;
}

static SIZE_T KmpIntegerSize(KMP_LENGTH Length)
{
    switch (Length) {
    case KmpHH: return 1;
    case KmpH: return 2;
    case KmpLL: case KmpJ: case KmpZ: case KmpT: case KmpI64: return 8;
    default: return 4;      /* none, l (a Windows LONG), I32 */
    }
}

static BOOLEAN KmpStoreInteger(KMP_SPEC *Spec, va_list *Args, ULONGLONG Value, BOOLEAN *Invalid)
{
    PVOID target = va_arg(*Args, PVOID);
    if (!target) {
        *Invalid = TRUE;
        return FALSE;
    }
    switch (KmpIntegerSize(Spec->Length)) {
    case 1: { UCHAR v = (UCHAR)Value; memcpy(target, &v, 1); break; }
    case 2: { USHORT v = (USHORT)Value; memcpy(target, &v, 2); break; }
    case 4: { ULONG v = (ULONG)Value; memcpy(target, &v, 4); break; }
    default: memcpy(target, &Value, 8); break;
    }
    return TRUE;
}

/* The engine: every variant comes here. Function names the caller for the report. */
static int KmpScan(KMP_SOURCE *Source, const void *Format, BOOLEAN Secure, PCSTR Function, va_list Args)
{
    BOOLEAN wideFormat = Source->Kind == KmpSourceWideString || Source->Kind == KmpSourceWideStream;
    ULONG *set = NULL;
    SIZE_T i = 0;
    int assigned = 0;
    BOOLEAN atEnd = FALSE, badFormat = FALSE, invalid = FALSE;
    va_list args;

    va_copy(args, Args);
    for (;;) {
        ULONG f = KmpFormatAt(Format, wideFormat, i);
        KMP_SPEC spec;
        BOOLEAN ok;

        if (f == 0) {
            atEnd = TRUE;
            break;
        }
        if (KmpIsSkipSpace(wideFormat, f)) {
            while (KmpIsSkipSpace(wideFormat, KmpFormatAt(Format, wideFormat, i)))
                i++;
            KmpSkipSpace(Source);
            continue;
        }
        if (f != '%' || KmpFormatAt(Format, wideFormat, i + 1) == '%') {
            /* A literal (%% is '%'): matched exactly, no space skipped. */
            ULONG c = KmpGet(Source);
            i += (f == '%') ? 2 : 1;
            if (c != f) {
                KmpUnget(Source, c);
                break;
            }
            continue;
        }
        i++;
        if (!KmpParseSpec(Format, wideFormat, &i, &spec, &set)) {
            badFormat = TRUE;
            break;
        }
        switch (spec.Mode) {
        case KmpCharacter:
        case KmpString:
        case KmpScanset:
            ok = KmpScanText(Source, &spec, Secure, &args, &invalid);
            break;
        case KmpInteger: {
            ULONGLONG value;
            ok = KmpScanInteger(Source, &spec, &value);
            if (ok && !spec.Suppress)
                ok = KmpStoreInteger(&spec, &args, value, &invalid);
            break;
        }
        case KmpFloat:
            ok = KmpScanFloat(Source, &spec, &args, &invalid);
            break;
        default:    /* %n: not a field */
            ok = spec.Suppress || KmpStoreInteger(&spec, &args, Source->Read, &invalid);
            if (ok)
                continue;
            break;
        }
        if (!ok)
            break;
        if (!spec.Suppress)
            assigned++;
    }
    va_end(args);
    free(set);

    if (invalid) {
        KmcrtInvalidParameter(Function);
        errno = EINVAL;
    }
    /* Nothing assigned and the input ended: EOF. */
    if (assigned == 0 && !atEnd) {
        ULONG c = KmpGet(Source);
        if (c == KMP_EOF)
            assigned = EOF;
        KmpUnget(Source, c);
    }
    if (badFormat && Secure) {
        KmcrtInvalidParameter(Function);
        errno = EINVAL;
    }
    return assigned;
}

static int KmpScanString(const void *Buffer, BOOLEAN Wide, SIZE_T Count, const void *Format,
                         BOOLEAN Secure, PCSTR Function, va_list Args)
{
    KMP_SOURCE source = { 0 };
    SIZE_T n = 0;

    if (!Buffer || !Format) {
        KmcrtInvalidParameter(Function);
        errno = EINVAL;
        return EOF;
    }
    /* The string ends at its terminator, or after Count characters (_snscanf). */
    if (Wide)
        while (n < Count && ((const WCHAR *)Buffer)[n])
            n++;
    else
        while (n < Count && ((const char *)Buffer)[n])
            n++;
    source.Kind = Wide ? KmpSourceWideString : KmpSourceString;
    source.Text = Buffer;
    source.Length = n;
    return KmpScan(&source, Format, Secure, Function, Args);
}

static int KmpScanStream(FILE *Stream, BOOLEAN Wide, const void *Format, BOOLEAN Secure, PCSTR Function, va_list Args)
{
    KMP_SOURCE source = { 0 };
    int result;

    if (!Stream || !Format) {
        KmcrtInvalidParameter(Function);
        errno = EINVAL;
        return EOF;
    }
    source.Kind = Wide ? KmpSourceWideStream : KmpSourceStream;
    source.Stream = Stream;
    flockfile(Stream);
    result = KmpScan(&source, Format, Secure, Function, Args);
    funlockfile(Stream);
    return result;
}

#define KMP_UNBOUNDED ((SIZE_T)-1)


/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * sscanf, _snscanf, swscanf, _snwscanf and their v and _s forms: the number of fields
 * assigned, or EOF (input ended before the first, or an invalid parameter).
 */
int kmcrt_vsscanf(const char *Buffer, const char *Format, va_list Args) { return KmpScanString(Buffer, FALSE, KMP_UNBOUNDED, Format, FALSE, "sscanf", Args); }
int kmcrt_sscanf(const char *Buffer, const char *Format, ...) { KMCRTP_VARIADIC(KmpScanString(Buffer, FALSE, KMP_UNBOUNDED, Format, FALSE, "sscanf", Args)); }
int kmcrt_vsscanf_s(const char *Buffer, const char *Format, va_list Args) { return KmpScanString(Buffer, FALSE, KMP_UNBOUNDED, Format, TRUE, "sscanf_s", Args); }
int kmcrt_sscanf_s(const char *Buffer, const char *Format, ...) { KMCRTP_VARIADIC(KmpScanString(Buffer, FALSE, KMP_UNBOUNDED, Format, TRUE, "sscanf_s", Args)); }
int kmcrt__snscanf(const char *Buffer, SIZE_T Count, const char *Format, ...) { KMCRTP_VARIADIC(KmpScanString(Buffer, FALSE, Count, Format, FALSE, "_snscanf", Args)); }
int kmcrt__snscanf_s(const char *Buffer, SIZE_T Count, const char *Format, ...) { KMCRTP_VARIADIC(KmpScanString(Buffer, FALSE, Count, Format, TRUE, "_snscanf_s", Args)); }
int kmcrt_vswscanf(const WCHAR *Buffer, const WCHAR *Format, va_list Args) { return KmpScanString(Buffer, TRUE, KMP_UNBOUNDED, Format, FALSE, "swscanf", Args); }
int kmcrt_swscanf(const WCHAR *Buffer, const WCHAR *Format, ...) { KMCRTP_VARIADIC(KmpScanString(Buffer, TRUE, KMP_UNBOUNDED, Format, FALSE, "swscanf", Args)); }
int kmcrt_vswscanf_s(const WCHAR *Buffer, const WCHAR *Format, va_list Args) { return KmpScanString(Buffer, TRUE, KMP_UNBOUNDED, Format, TRUE, "swscanf_s", Args); }
int kmcrt_swscanf_s(const WCHAR *Buffer, const WCHAR *Format, ...) { KMCRTP_VARIADIC(KmpScanString(Buffer, TRUE, KMP_UNBOUNDED, Format, TRUE, "swscanf_s", Args)); }
int kmcrt__snwscanf(const WCHAR *Buffer, SIZE_T Count, const WCHAR *Format, ...) { KMCRTP_VARIADIC(KmpScanString(Buffer, TRUE, Count, Format, FALSE, "_snwscanf", Args)); }
int kmcrt__snwscanf_s(const WCHAR *Buffer, SIZE_T Count, const WCHAR *Format, ...) { KMCRTP_VARIADIC(KmpScanString(Buffer, TRUE, Count, Format, TRUE, "_snwscanf_s", Args)); }

/*
 * @implemented
 * scanf, fscanf, wscanf, fwscanf and their v and _s forms, reading from the glibc FILE
 * (wide forms: UTF-8, as fgetwc reads it). The character that ends a field stays in the
 * stream.
 */
int kmcrt_vfscanf(FILE *Stream, const char *Format, va_list Args) { return KmpScanStream(Stream, FALSE, Format, FALSE, "fscanf", Args); }
int kmcrt_fscanf(FILE *Stream, const char *Format, ...) { KMCRTP_VARIADIC(KmpScanStream(Stream, FALSE, Format, FALSE, "fscanf", Args)); }
int kmcrt_vscanf(const char *Format, va_list Args) { return KmpScanStream(stdin, FALSE, Format, FALSE, "scanf", Args); }
int kmcrt_scanf(const char *Format, ...) { KMCRTP_VARIADIC(KmpScanStream(stdin, FALSE, Format, FALSE, "scanf", Args)); }
int kmcrt_vfscanf_s(FILE *Stream, const char *Format, va_list Args) { return KmpScanStream(Stream, FALSE, Format, TRUE, "fscanf_s", Args); }
int kmcrt_fscanf_s(FILE *Stream, const char *Format, ...) { KMCRTP_VARIADIC(KmpScanStream(Stream, FALSE, Format, TRUE, "fscanf_s", Args)); }
int kmcrt_vscanf_s(const char *Format, va_list Args) { return KmpScanStream(stdin, FALSE, Format, TRUE, "scanf_s", Args); }
int kmcrt_scanf_s(const char *Format, ...) { KMCRTP_VARIADIC(KmpScanStream(stdin, FALSE, Format, TRUE, "scanf_s", Args)); }
int kmcrt_vfwscanf(FILE *Stream, const WCHAR *Format, va_list Args) { return KmpScanStream(Stream, TRUE, Format, FALSE, "fwscanf", Args); }
int kmcrt_fwscanf(FILE *Stream, const WCHAR *Format, ...) { KMCRTP_VARIADIC(KmpScanStream(Stream, TRUE, Format, FALSE, "fwscanf", Args)); }
int kmcrt_vwscanf(const WCHAR *Format, va_list Args) { return KmpScanStream(stdin, TRUE, Format, FALSE, "wscanf", Args); }
int kmcrt_wscanf(const WCHAR *Format, ...) { KMCRTP_VARIADIC(KmpScanStream(stdin, TRUE, Format, FALSE, "wscanf", Args)); }
int kmcrt_vfwscanf_s(FILE *Stream, const WCHAR *Format, va_list Args) { return KmpScanStream(Stream, TRUE, Format, TRUE, "fwscanf_s", Args); }
int kmcrt_fwscanf_s(FILE *Stream, const WCHAR *Format, ...) { KMCRTP_VARIADIC(KmpScanStream(Stream, TRUE, Format, TRUE, "fwscanf_s", Args)); }
int kmcrt_vwscanf_s(const WCHAR *Format, va_list Args) { return KmpScanStream(stdin, TRUE, Format, TRUE, "wscanf_s", Args); }
int kmcrt_wscanf_s(const WCHAR *Format, ...) { KMCRTP_VARIADIC(KmpScanStream(stdin, TRUE, Format, TRUE, "wscanf_s", Args)); }
