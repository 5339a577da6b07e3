/*
 * PURPOSE: The printf engine with Microsoft semantics (see internal/fmt.h for the contract).
 *
 * One parser serves both engines: the format string and the output are either narrow
 * (CHAR) or wide (WCHAR); arguments printed in the other width are converted through the
 * Windows-1252 table below. Every conversion ends in KmpEmitField, which lays out a field
 * the way the MS CRT does: [spaces] prefix [zeros] text [spaces], where the '0' flag pads
 * any conversion with zeros (strings and characters too: "%05s" is "000ab" on Windows).
 */

/* INCLUDES ******************************************************************************/

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <internal/fmt.h>
#include "../rtl/rtlp_nls.h"

/* GLOBALS *******************************************************************************/

/* Windows-1252 bytes 0x80-0x9F; the rest of the code page is Latin-1. Undefined bytes
   map to themselves, as MultiByteToWideChar(1252) does. */

/* Flags of one conversion. */
#define KMP_LEFT      0x01  /* '-' */
#define KMP_PLUS      0x02  /* '+' */
#define KMP_SPACE     0x04  /* ' ' */
#define KMP_ALTERNATE 0x08  /* '#' */
#define KMP_ZERO      0x10  /* '0' */

typedef enum _KMP_LENGTH {
    KmpLengthNone, KmpLengthHH, KmpLengthH, KmpLengthL, KmpLengthLL, KmpLengthJ,
    KmpLengthZ, KmpLengthT, KmpLengthBigL, KmpLengthI, KmpLengthI32, KmpLengthI64,
    KmpLengthW, KmpLengthBigT
} KMP_LENGTH;

typedef struct _KMP_OUTPUT {
    PVOID Buffer;
    SIZE_T Capacity;
    SIZE_T Count;       /* characters the complete output has so far */
    BOOLEAN Wide;
} KMP_OUTPUT;

typedef struct _KMP_SPEC {
    ULONG Flags;
    int Width;
    int Precision;      /* -1: not given */
    KMP_LENGTH Length;
    ULONG Conversion;
} KMP_SPEC;

/* PRIVATE FUNCTIONS *********************************************************************/

static inline ULONG KmpFormatChar(const void *Format, BOOLEAN Wide, SIZE_T Index)
{
    return Wide ? (ULONG)((const WCHAR *)Format)[Index] : (ULONG)(UCHAR)((const CHAR *)Format)[Index];
}

static inline VOID KmpPutUnit(KMP_OUTPUT *Out, WCHAR Unit)
{
    if (Out->Count < Out->Capacity) {
        if (Out->Wide)
            ((PWCHAR)Out->Buffer)[Out->Count] = Unit;
        else
            ((PCHAR)Out->Buffer)[Out->Count] = (CHAR)Unit;
    }
    Out->Count++;
}

static VOID KmpPutRepeat(KMP_OUTPUT *Out, CHAR Char, SIZE_T Count)
{
    while (Count--)
        KmpPutUnit(Out, (WCHAR)(UCHAR)Char);
}

/* Narrow text: copied to a narrow output, converted through 1252 to a wide one. */
static VOID KmpPutNarrow(KMP_OUTPUT *Out, const CHAR *Text, SIZE_T Length)
{
    if (Length == 0)
        return;
    if (!Out->Wide) {
        if (Out->Count < Out->Capacity) {
            SIZE_T Room = Out->Capacity - Out->Count;
            memcpy((PCHAR)Out->Buffer + Out->Count, Text, Length < Room ? Length : Room);
        }
        Out->Count += Length;
        return;
    }
    for (SIZE_T i = 0; i < Length; i++)
        KmpPutUnit(Out, KmAnsiCharToUnicode((UCHAR)Text[i]));
}

/* Wide text: copied to a wide output, converted to 1252 ('?' when impossible) for a narrow one. */
static VOID KmpPutWide(KMP_OUTPUT *Out, const WCHAR *Text, SIZE_T Length)
{
    for (SIZE_T i = 0; i < Length; i++) {
        if (Out->Wide) {
            KmpPutUnit(Out, Text[i]);
        } else {
            UCHAR Ansi;
            KmUnicodeCharToAnsi(Text[i], &Ansi);
            KmpPutUnit(Out, Ansi);
        }
    }
}

/* Lays out one field: [spaces] prefix [zeros from '0' flag] [Zeros] text [spaces]. */
static VOID KmpEmitField(KMP_OUTPUT *Out, const KMP_SPEC *Spec, const CHAR *Prefix,
                         SIZE_T PrefixLength, SIZE_T Zeros, const void *Text, SIZE_T Length,
                         BOOLEAN TextWide)
{
    SIZE_T Body = PrefixLength + Zeros + Length;
    SIZE_T Padding = (Spec->Width > 0 && (SIZE_T)Spec->Width > Body) ? (SIZE_T)Spec->Width - Body : 0;

    if (!(Spec->Flags & (KMP_LEFT | KMP_ZERO)))
        KmpPutRepeat(Out, ' ', Padding);
    KmpPutNarrow(Out, Prefix, PrefixLength);
    if ((Spec->Flags & KMP_ZERO) && !(Spec->Flags & KMP_LEFT))
        KmpPutRepeat(Out, '0', Padding);
    KmpPutRepeat(Out, '0', Zeros);
    if (TextWide)
        KmpPutWide(Out, (const WCHAR *)Text, Length);
    else
        KmpPutNarrow(Out, (const CHAR *)Text, Length);
    if (Spec->Flags & KMP_LEFT)
        KmpPutRepeat(Out, ' ', Padding);
}

/* Sign prefix of a signed conversion. */
static SIZE_T KmpSignPrefix(const KMP_SPEC *Spec, BOOLEAN Negative, CHAR *Prefix)
{
    if (Negative)
        Prefix[0] = '-';
    else if (Spec->Flags & KMP_PLUS)
        Prefix[0] = '+';
    else if (Spec->Flags & KMP_SPACE)
        Prefix[0] = ' ';
    else
        return 0;
    return 1;
}

/* Whether a c/C/s/S conversion takes a wide argument (the MS rules: l and w mean wide,
   h means narrow, T means the engine's width, otherwise c/s are the engine's width and
   C/S the other one). */
static BOOLEAN KmpIsWideArgument(const KMP_SPEC *Spec, BOOLEAN EngineWide)
{
    switch (Spec->Length) {
    case KmpLengthL:
    case KmpLengthW:
        return TRUE;
    case KmpLengthH:
        return FALSE;
    case KmpLengthBigT:
        return EngineWide;
    default:
        break;
    }
    if (Spec->Conversion == 'Z')
        return FALSE;   /* %Z is an ANSI_STRING unless w/l says UNICODE_STRING (kernel rule) */
    return EngineWide == (Spec->Conversion == 'c' || Spec->Conversion == 's');
}

/* Integer argument size in bytes for a length prefix, 0 when the prefix does not apply
   to integers (L, w, T: the UCRT rejects those). LLP64: l is 32-bit. */
static ULONG KmpIntegerSize(KMP_LENGTH Length)
{
    switch (Length) {
    case KmpLengthNone: return 4;
    case KmpLengthHH:   return 1;
    case KmpLengthH:    return 2;
    case KmpLengthL:    return 4;
    case KmpLengthLL:   return 8;
    case KmpLengthJ:    return 8;
    case KmpLengthZ:    return 8;
    case KmpLengthT:    return 8;
    case KmpLengthI:    return 8;
    case KmpLengthI32:  return 4;
    case KmpLengthI64:  return 8;
    default:            return 0;
    }
}

static BOOLEAN KmpFormatInteger(KMP_OUTPUT *Out, KMP_SPEC *Spec, va_list *Args)
{
    ULONG Conversion = Spec->Conversion;
    BOOLEAN Signed = (Conversion == 'd' || Conversion == 'i');
    BOOLEAN Negative = FALSE;
    BOOLEAN ForceOctal = (Conversion == 'o') && (Spec->Flags & KMP_ALTERNATE);
    ULONG Size, Base;
    ULONGLONG Value;
    CHAR Digits[32], Prefix[3];
    SIZE_T DigitCount = 0, Zeros, PrefixLength = 0;
    const char *HexDigits = "0123456789abcdef";

    if (Conversion == 'p') {
        /* A pointer: 2 * sizeof(void *) uppercase hex digits, no "0x", ever. */
        Spec->Precision = 16;
        Spec->Length = KmpLengthI64;
        Spec->Flags &= ~KMP_ALTERNATE;
    }
    Size = KmpIntegerSize(Spec->Length);
    if (Size == 0)
        return FALSE;

    if (Signed) {
        LONGLONG v;
        switch (Size) {
        case 1: v = (signed char)va_arg(*Args, int); break;
        case 2: v = (short)va_arg(*Args, int); break;
        case 4: v = va_arg(*Args, int); break;
        default: v = va_arg(*Args, long long); break;
        }
        Negative = v < 0;
        Value = Negative ? 0 - (ULONGLONG)v : (ULONGLONG)v;
    } else {
        switch (Size) {
        case 1: Value = (unsigned char)va_arg(*Args, int); break;
        case 2: Value = (unsigned short)va_arg(*Args, int); break;
        case 4: Value = va_arg(*Args, unsigned int); break;
        default: Value = va_arg(*Args, unsigned long long); break;
        }
    }

    /* An explicit precision turns the '0' flag off (C rule, MS agrees). */
    if (Spec->Precision < 0)
        Spec->Precision = 1;
    else
        Spec->Flags &= ~KMP_ZERO;
    if (Value == 0)
        Spec->Flags &= ~KMP_ALTERNATE;   /* no "0x" for zero */

    Base = (Conversion == 'o') ? 8 : (Conversion == 'x' || Conversion == 'X' || Conversion == 'p') ? 16 : 10;
    if (Conversion == 'X' || Conversion == 'p')
        HexDigits = "0123456789ABCDEF";
    while (Value != 0) {
        Digits[sizeof Digits - 1 - DigitCount++] = HexDigits[Value % Base];
        Value /= Base;
    }
    Zeros = (SIZE_T)Spec->Precision > DigitCount ? (SIZE_T)Spec->Precision - DigitCount : 0;

    if (ForceOctal && Zeros == 0)
        Zeros = 1;   /* '#o' forces a leading zero when the digits do not start with one */

    if (Signed)
        PrefixLength = KmpSignPrefix(Spec, Negative, Prefix);
    if ((Conversion == 'x' || Conversion == 'X') && (Spec->Flags & KMP_ALTERNATE)) {
        Prefix[PrefixLength++] = '0';
        Prefix[PrefixLength++] = (CHAR)Conversion;
    }
    KmpEmitField(Out, Spec, Prefix, PrefixLength, Zeros, Digits + sizeof Digits - DigitCount,
                 DigitCount, FALSE);
    return TRUE;
}

static BOOLEAN KmpFormatCharacter(KMP_OUTPUT *Out, KMP_SPEC *Spec, BOOLEAN EngineWide, va_list *Args)
{
    int Value = va_arg(*Args, int);

    if (KmpIsWideArgument(Spec, EngineWide)) {
        WCHAR w = (WCHAR)Value;
        KmpEmitField(Out, Spec, NULL, 0, 0, &w, 1, TRUE);
    } else {
        CHAR c = (CHAR)Value;
        KmpEmitField(Out, Spec, NULL, 0, 0, &c, 1, FALSE);
    }
    return TRUE;
}

static BOOLEAN KmpFormatString(KMP_OUTPUT *Out, KMP_SPEC *Spec, BOOLEAN EngineWide, va_list *Args)
{
    const void *Pointer = va_arg(*Args, const void *);
    SIZE_T Limit = Spec->Precision < 0 ? (SIZE_T)-1 : (SIZE_T)Spec->Precision;
    SIZE_T Length = 0;

    if (KmpIsWideArgument(Spec, EngineWide)) {
        const WCHAR *s = Pointer ? (const WCHAR *)Pointer : L"(null)";
        while (Length < Limit && s[Length])
            Length++;
        KmpEmitField(Out, Spec, NULL, 0, 0, s, Length, TRUE);
    } else {
        const CHAR *s = Pointer ? (const CHAR *)Pointer : "(null)";
        while (Length < Limit && s[Length])
            Length++;
        KmpEmitField(Out, Spec, NULL, 0, 0, s, Length, FALSE);
    }
    return TRUE;
}

/* %Z / %wZ: a counted string; exactly Length bytes are printed (the precision does not
   apply, as in the MS CRT); a NULL structure or Buffer prints "(null)". */
static BOOLEAN KmpFormatCountedString(KMP_OUTPUT *Out, KMP_SPEC *Spec, BOOLEAN EngineWide, va_list *Args)
{
    const STRING *String = va_arg(*Args, const STRING *);

    if (!String || !String->Buffer)
        KmpEmitField(Out, Spec, NULL, 0, 0, "(null)", 6, FALSE);
    else if (KmpIsWideArgument(Spec, EngineWide))
        KmpEmitField(Out, Spec, NULL, 0, 0, String->Buffer, String->Length / sizeof(WCHAR), TRUE);
    else
        KmpEmitField(Out, Spec, NULL, 0, 0, String->Buffer, String->Length, FALSE);
    return TRUE;
}

/* %a / %A body (without sign and "0x"): d.hhhhp+e, 13 hex digits by default (the UCRT
   prints the full mantissa and does not trim zeros), rounded half up when shorter. */
static SIZE_T KmpFormatHexFloat(ULONGLONG Bits, int Precision, BOOLEAN Upper, BOOLEAN Alternate,
                                CHAR *Text)
{
    const char *Hex = Upper ? "0123456789ABCDEF" : "0123456789abcdef";
    ULONG BiasedExponent = (ULONG)((Bits >> 52) & 0x7FF);
    ULONGLONG Mantissa = Bits & ((1ULL << 52) - 1);
    ULONG Lead;
    int Exponent;
    SIZE_T n = 0;
    char Number[16];
    int NumberLength;

    if (BiasedExponent == 0) {
        Lead = 0;
        Exponent = Mantissa ? -1022 : 0;   /* denormals print as 0x0.hhh...p-1022 */
    } else {
        Lead = 1;
        Exponent = (int)BiasedExponent - 1023;
    }
    if (Precision < 13) {
        int Shift = (13 - Precision) * 4;
        Mantissa += 1ULL << (Shift - 1);
        if (Mantissa >> 52) {
            Lead++;
            Mantissa &= (1ULL << 52) - 1;
        }
        Mantissa = (Mantissa >> Shift) << Shift;
    }
    Text[n++] = Hex[Lead];
    if (Precision > 0 || Alternate)
        Text[n++] = '.';
    for (int i = 0; i < Precision; i++)
        Text[n++] = i < 13 ? Hex[(Mantissa >> (48 - 4 * i)) & 0xF] : '0';
    Text[n++] = Upper ? 'P' : 'p';
    NumberLength = snprintf(Number, sizeof Number, "%+d", Exponent);
    memcpy(Text + n, Number, (SIZE_T)NumberLength);
    return n + (SIZE_T)NumberLength;
}

static BOOLEAN KmpFormatFloat(KMP_OUTPUT *Out, KMP_SPEC *Spec, va_list *Args)
{
    ULONG Conversion = Spec->Conversion;
    BOOLEAN Upper = (Conversion == 'A' || Conversion == 'E' || Conversion == 'F' || Conversion == 'G');
    BOOLEAN HexForm = (Conversion == 'a' || Conversion == 'A');
    double Value;
    ULONGLONG Bits;
    BOOLEAN Negative;
    CHAR Prefix[3], Stack[512];
    CHAR *Text = Stack, *Heap = NULL;
    SIZE_T PrefixLength, Length;

    /* MSVC's long double is double; a gcc/clang caller passes an x87 long double for %L. */
    if (Spec->Length == KmpLengthBigL)
        Value = (double)va_arg(*Args, long double);
    else
        Value = va_arg(*Args, double);
    memcpy(&Bits, &Value, sizeof Bits);
    Negative = (Bits >> 63) != 0;

    if (((Bits >> 52) & 0x7FF) == 0x7FF) {
        /* Infinity and NaN print as strings: spaces, never zeros, pad them; no "0x". */
        ULONGLONG Payload = Bits & ((1ULL << 52) - 1);
        BOOLEAN Quiet = (Payload >> 51) & 1;
        const char *s;
        if (Payload == 0)
            s = Upper ? "INF" : "inf";
        else if (!Quiet)
            s = Upper ? "NAN(SNAN)" : "nan(snan)";
        else if (Negative && Payload == (1ULL << 51))
            s = Upper ? "NAN(IND)" : "nan(ind)";   /* the x64 "indefinite" NaN, e.g. 0.0/0.0 */
        else
            s = Upper ? "NAN" : "nan";
        Spec->Flags &= ~KMP_ZERO;
        PrefixLength = KmpSignPrefix(Spec, Negative, Prefix);
        KmpEmitField(Out, Spec, Prefix, PrefixLength, 0, s, strlen(s), FALSE);
        return TRUE;
    }

    if (Spec->Precision < 0)
        Spec->Precision = HexForm ? 13 : 6;

    if (HexForm) {
        SIZE_T Need = (SIZE_T)Spec->Precision + 16;
        if (Need > sizeof Stack) {
            Heap = malloc(Need);
            if (!Heap)
                return FALSE;
            Text = Heap;
        }
        Length = KmpFormatHexFloat(Bits, Spec->Precision, Upper, (Spec->Flags & KMP_ALTERNATE) != 0, Text);
    } else {
        /* Decimal forms: the C library produces the correctly rounded digits (as the UCRT
           does since VS 2019); the layout (sign, padding, flags) stays ours. */
        char Format[8];
        int n;
        SIZE_T f = 0;
        Format[f++] = '%';
        if (Spec->Flags & KMP_ALTERNATE)
            Format[f++] = '#';
        Format[f++] = '.';
        Format[f++] = '*';
        Format[f++] = (char)Conversion;
        Format[f] = 0;
        Value = Negative ? -Value : Value;
        n = snprintf(Stack, sizeof Stack, Format, Spec->Precision, Value);
        if (n < 0)
            return FALSE;
        if ((SIZE_T)n >= sizeof Stack) {
            Heap = malloc((SIZE_T)n + 1);
            if (!Heap)
                return FALSE;
            snprintf(Heap, (SIZE_T)n + 1, Format, Spec->Precision, Value);
            Text = Heap;
        }
        Length = (SIZE_T)n;
        /* The radix character is '.' whatever locale the host process set. */
        for (SIZE_T i = 0; i < Length; i++) {
            CHAR c = Text[i];
            if (!(c >= '0' && c <= '9') && c != 'e' && c != 'E' && c != '+' && c != '-')
                Text[i] = '.';
        }
    }

    PrefixLength = KmpSignPrefix(Spec, Negative, Prefix);
    if (HexForm) {
        Prefix[PrefixLength++] = '0';
        Prefix[PrefixLength++] = Upper ? 'X' : 'x';
    }
    KmpEmitField(Out, Spec, Prefix, PrefixLength, 0, Text, Length, FALSE);
    free(Heap);
    return TRUE;
}

/* Reads a decimal number of the format; FALSE when it does not fit an int. */
static BOOLEAN KmpParseNumber(const void *Format, BOOLEAN Wide, SIZE_T *Index, int *Value)
{
    ULONGLONG v = 0;
    ULONG c;

    while ((c = KmpFormatChar(Format, Wide, *Index)) >= '0' && c <= '9') {
        v = v * 10 + (c - '0');
        if (v > 0x7FFFFFFF)
            return FALSE;
        (*Index)++;
    }
    *Value = (int)v;
    return TRUE;
}

/* Parses the size prefix at *Index. FALSE for a second prefix or 'N'. */
static BOOLEAN KmpParseLength(const void *Format, BOOLEAN Wide, SIZE_T *Index, KMP_SPEC *Spec)
{
    for (;;) {
        ULONG c = KmpFormatChar(Format, Wide, *Index);
        ULONG n1, n2;
        KMP_LENGTH Length;

        switch (c) {
        case 'h': case 'l': case 'L': case 'j': case 'z': case 't': case 'w': case 'T': case 'I':
            break;
        case 'N':
            return FALSE;   /* the legacy near/far modifiers are refused (F is %F) */
        default:
            return TRUE;
        }
        if (Spec->Length != KmpLengthNone)
            return FALSE;
        (*Index)++;
        n1 = KmpFormatChar(Format, Wide, *Index);
        n2 = n1 ? KmpFormatChar(Format, Wide, *Index + 1) : 0;
        switch (c) {
        case 'h':
            Length = (n1 == 'h') ? KmpLengthHH : KmpLengthH;
            *Index += (n1 == 'h');
            break;
        case 'l':
            Length = (n1 == 'l') ? KmpLengthLL : KmpLengthL;
            *Index += (n1 == 'l');
            break;
        case 'L': Length = KmpLengthBigL; break;
        case 'j': Length = KmpLengthJ; break;
        case 'z': Length = KmpLengthZ; break;
        case 't': Length = KmpLengthT; break;
        case 'w': Length = KmpLengthW; break;
        case 'T': Length = KmpLengthBigT; break;
        default: /* 'I' */
            if (n1 == '3' && n2 == '2') {
                Length = KmpLengthI32;
                *Index += 2;
            } else if (n1 == '6' && n2 == '4') {
                Length = KmpLengthI64;
                *Index += 2;
            } else if (n1 == 'd' || n1 == 'i' || n1 == 'o' || n1 == 'u' || n1 == 'x' || n1 == 'X') {
                Length = KmpLengthI;
            } else {
                Length = KmpLengthNone;   /* a bare I before anything else means nothing */
            }
            break;
        }
        Spec->Length = Length;
    }
}

static LONG_PTR KmpFormat(KMP_OUTPUT *Out, const void *Format, va_list Args)
{
    BOOLEAN Wide = Out->Wide;
    SIZE_T i = 0;
    ULONG c;
    va_list Ap;
    BOOLEAN Ok = TRUE;

    va_copy(Ap, Args);
    while (Ok && (c = KmpFormatChar(Format, Wide, i++)) != 0) {
        KMP_SPEC Spec = { 0, 0, -1, KmpLengthNone, 0 };

        if (c != '%') {
            KmpPutUnit(Out, (WCHAR)c);
            continue;
        }
        c = KmpFormatChar(Format, Wide, i);
        if (c == '%') {
            i++;
            KmpPutUnit(Out, '%');
            continue;
        }

        /* flags */
        for (;; c = KmpFormatChar(Format, Wide, ++i)) {
            if (c == '-') Spec.Flags |= KMP_LEFT;
            else if (c == '+') Spec.Flags |= KMP_PLUS;
            else if (c == ' ') Spec.Flags |= KMP_SPACE;
            else if (c == '#') Spec.Flags |= KMP_ALTERNATE;
            else if (c == '0') Spec.Flags |= KMP_ZERO;
            else break;
        }
        /* width: a negative '*' width means '-' and its magnitude */
        if (c == '*') {
            int w = va_arg(Ap, int);
            i++;
            if (w < 0) {
                Spec.Flags |= KMP_LEFT;
                w = (w == (-0x7FFFFFFF - 1)) ? 0x7FFFFFFF : -w;
            }
            Spec.Width = w;
        } else if (c >= '1' && c <= '9') {
            if (!KmpParseNumber(Format, Wide, &i, &Spec.Width)) {
                Ok = FALSE;
                break;
            }
        }
        /* precision: a negative '*' precision means "not given" */
        if (KmpFormatChar(Format, Wide, i) == '.') {
            i++;
            Spec.Precision = 0;
            c = KmpFormatChar(Format, Wide, i);
            if (c == '*') {
                int p = va_arg(Ap, int);
                i++;
                Spec.Precision = p < 0 ? -1 : p;
            } else if (c >= '0' && c <= '9') {
                if (!KmpParseNumber(Format, Wide, &i, &Spec.Precision)) {
                    Ok = FALSE;
                    break;
                }
            }
        }
        if (!KmpParseLength(Format, Wide, &i, &Spec)) {
            Ok = FALSE;
            break;
        }

        Spec.Conversion = KmpFormatChar(Format, Wide, i++);
        switch (Spec.Conversion) {
        case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': case 'p':
            Ok = KmpFormatInteger(Out, &Spec, &Ap);
            break;
        case 'c': case 'C':
            Ok = KmpFormatCharacter(Out, &Spec, Wide, &Ap);
            break;
        case 's': case 'S':
            Ok = KmpFormatString(Out, &Spec, Wide, &Ap);
            break;
        case 'Z':
            Ok = KmpFormatCountedString(Out, &Spec, Wide, &Ap);
            break;
        case 'a': case 'A': case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
            Ok = KmpFormatFloat(Out, &Spec, &Ap);
            break;
        default:
            /* %n (the kernel CRT refuses it: writing through a format is an exploit
               primitive), an unknown conversion, or the end of the format. */
            Ok = FALSE;
            break;
        }
    }
    va_end(Ap);
    return Ok ? (LONG_PTR)Out->Count : -1;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/* The code page tables are Rtl's (src/rtl/nls.c): one Windows-1252 for all of kmode. */
WCHAR KmAnsiCharToUnicode(UCHAR Char)
{
    return RtlpAnsiCharToUnicode(Char);
}

BOOLEAN KmUnicodeCharToAnsi(WCHAR Char, PUCHAR Ansi)
{
    return RtlpUnicodeCharToAnsi(Char, Ansi);
}

LONG_PTR KmFormatA(PCHAR Buffer, SIZE_T Capacity, PCSTR Format, va_list Args)
{
    KMP_OUTPUT Out = { Buffer, Buffer ? Capacity : 0, 0, FALSE };

    if (!Format)
        return -1;
    return KmpFormat(&Out, Format, Args);
}

LONG_PTR KmFormatW(PWCHAR Buffer, SIZE_T Capacity, PCWSTR Format, va_list Args)
{
    KMP_OUTPUT Out = { Buffer, Buffer ? Capacity : 0, 0, TRUE };

    if (!Format)
        return -1;
    return KmpFormat(&Out, Format, Args);
}
