/*
 * PURPOSE: Kernel CRT: text <-> integer conversions (strtol family, atoi family, _itoa
 * family) and multibyte <-> wide conversions, narrow and wide.
 *
 * Windows' long is 32-bit: strtol/atol/wcstol clamp to -2^31..2^31-1 and strtoul/wcstoul to
 * 0..2^32-1 even though the C `long` of kmode's driver code is 64-bit (see <crtdefs.h>).
 */

/* INCLUDES ******************************************************************************/

#include <string.h>
#include "kmcrt.h"

/* GLOBALS *******************************************************************************/

typedef struct _KMCRT_NUMBER {
    BOOLEAN Negative;
    BOOLEAN Overflow;       /* the magnitude does not fit 64 bits */
    ULONGLONG Magnitude;
    SIZE_T End;             /* characters consumed; 0 when there was no number */
} KMCRT_NUMBER;

/* PRIVATE FUNCTIONS *********************************************************************/

static inline ULONG KmcrtCharAt(const void *s, BOOLEAN Wide, SIZE_T i)
{
    return Wide ? ((const WCHAR *)s)[i] : (UCHAR)((const CHAR *)s)[i];
}

static int KmcrtDigitValue(ULONG c)
{
    if (c >= '0' && c <= '9')
        return (int)(c - '0');
    if (c >= 'a' && c <= 'z')
        return (int)(c - 'a' + 10);
    if (c >= 'A' && c <= 'Z')
        return (int)(c - 'A' + 10);
    return 99;
}

/* Parses [space][sign][0x]digits. An invalid radix or no digits consumes nothing. */
static KMCRT_NUMBER KmcrtParse(const void *s, BOOLEAN Wide, int Radix)
{
    KMCRT_NUMBER n = { FALSE, FALSE, 0, 0 };
    SIZE_T i = 0, Digits = 0;
    ULONG c;

    if (Radix < 0 || Radix == 1 || Radix > 36)
        return n;
    while ((c = KmcrtCharAt(s, Wide, i)) < 0x80 && kmcrt_isspace((int)c))
        i++;
    if (c == '-' || c == '+') {
        n.Negative = (c == '-');
        c = KmcrtCharAt(s, Wide, ++i);
    }
    if ((Radix == 0 || Radix == 16) && c == '0') {
        ULONG x = KmcrtCharAt(s, Wide, i + 1);
        /* "0x" is a prefix only when a hex digit follows; otherwise the number is "0". */
        if ((x == 'x' || x == 'X') && KmcrtDigitValue(KmcrtCharAt(s, Wide, i + 2)) < 16) {
            Radix = 16;
            i += 2;
        } else if (Radix == 0) {
            Radix = 8;
        }
    }
    if (Radix == 0)
        Radix = 10;
    for (;; i++, Digits++) {
        int d = KmcrtDigitValue(KmcrtCharAt(s, Wide, i));
        if (d >= Radix)
            break;
        if (n.Magnitude > (~0ULL - (ULONGLONG)d) / (ULONGLONG)Radix)
            n.Overflow = TRUE;
        n.Magnitude = n.Magnitude * (ULONGLONG)Radix + (ULONGLONG)d;
    }
    if (Digits == 0) {
        n.Negative = FALSE;
        n.Magnitude = 0;
        return n;
    }
    n.End = i;
    return n;
}

static void KmcrtSetEnd(const void *s, BOOLEAN Wide, void *EndPointer, SIZE_T End)
{
    if (!EndPointer)
        return;
    if (Wide)
        *(const WCHAR **)EndPointer = (const WCHAR *)s + End;
    else
        *(const CHAR **)EndPointer = (const CHAR *)s + End;
}

/* Signed result clamped to [-(Max+1), Max]. */
static LONGLONG KmcrtToSigned(const KMCRT_NUMBER *n, ULONGLONG Max)
{
    if (!n->Negative)
        return (n->Overflow || n->Magnitude > Max) ? (LONGLONG)Max : (LONGLONG)n->Magnitude;
    if (n->Overflow || n->Magnitude > Max + 1)
        return -(LONGLONG)Max - 1;
    return (LONGLONG)(0 - n->Magnitude);
}

/* Unsigned result: Max on overflow, a negated magnitude wraps modulo Max + 1. */
static ULONGLONG KmcrtToUnsigned(const KMCRT_NUMBER *n, ULONGLONG Max)
{
    if (n->Overflow || n->Magnitude > Max)
        return Max;
    return n->Negative ? (0 - n->Magnitude) & Max : n->Magnitude;
}

static LONGLONG KmcrtStrToSigned(const void *s, BOOLEAN Wide, void *End, int Radix, ULONGLONG Max)
{
    KMCRT_NUMBER n = KmcrtParse(s, Wide, Radix);
    KmcrtSetEnd(s, Wide, End, n.End);
    return KmcrtToSigned(&n, Max);
}

static ULONGLONG KmcrtStrToUnsigned(const void *s, BOOLEAN Wide, void *End, int Radix, ULONGLONG Max)
{
    KMCRT_NUMBER n = KmcrtParse(s, Wide, Radix);
    KmcrtSetEnd(s, Wide, End, n.End);
    return KmcrtToUnsigned(&n, Max);
}

/* Integer to text in Radix (2..36, lowercase letters); "" for an invalid radix. */
static void KmcrtFormatRadix(ULONGLONG Magnitude, BOOLEAN Negative, int Radix, void *Buffer, BOOLEAN Wide)
{
    CHAR Tmp[72];
    SIZE_T n = 0, o = 0;

    if (Radix >= 2 && Radix <= 36) {
        do {
            Tmp[n++] = "0123456789abcdefghijklmnopqrstuvwxyz"[Magnitude % (ULONGLONG)Radix];
            Magnitude /= (ULONGLONG)Radix;
        } while (Magnitude);
        if (Negative)
            Tmp[n++] = '-';
    }
    while (n) {
        CHAR c = Tmp[--n];
        if (Wide)
            ((WCHAR *)Buffer)[o++] = (WCHAR)c;
        else
            ((CHAR *)Buffer)[o++] = c;
    }
    if (Wide)
        ((WCHAR *)Buffer)[o] = 0;
    else
        ((CHAR *)Buffer)[o] = 0;
}

#define KMCRT_I32_MAX 0x7FFFFFFFULL
#define KMCRT_U32_MAX 0xFFFFFFFFULL
#define KMCRT_I64_MAX 0x7FFFFFFFFFFFFFFFULL
#define KMCRT_U64_MAX 0xFFFFFFFFFFFFFFFFULL

/* PUBLIC FUNCTIONS **********************************************************************/

long kmcrt_strtol(const char *s, char **e, int r) { return (long)KmcrtStrToSigned(s, FALSE, e, r, KMCRT_I32_MAX); }
unsigned long kmcrt_strtoul(const char *s, char **e, int r) { return (unsigned long)KmcrtStrToUnsigned(s, FALSE, e, r, KMCRT_U32_MAX); }
long long kmcrt__strtoi64(const char *s, char **e, int r) { return KmcrtStrToSigned(s, FALSE, e, r, KMCRT_I64_MAX); }
unsigned long long kmcrt__strtoui64(const char *s, char **e, int r) { return KmcrtStrToUnsigned(s, FALSE, e, r, KMCRT_U64_MAX); }
int kmcrt_atoi(const char *s) { return (int)KmcrtStrToSigned(s, FALSE, NULL, 10, KMCRT_I32_MAX); }
long kmcrt_atol(const char *s) { return (long)KmcrtStrToSigned(s, FALSE, NULL, 10, KMCRT_I32_MAX); }
long long kmcrt__atoi64(const char *s) { return KmcrtStrToSigned(s, FALSE, NULL, 10, KMCRT_I64_MAX); }

long kmcrt_wcstol(const WCHAR *s, WCHAR **e, int r) { return (long)KmcrtStrToSigned(s, TRUE, e, r, KMCRT_I32_MAX); }
unsigned long kmcrt_wcstoul(const WCHAR *s, WCHAR **e, int r) { return (unsigned long)KmcrtStrToUnsigned(s, TRUE, e, r, KMCRT_U32_MAX); }
long long kmcrt__wcstoi64(const WCHAR *s, WCHAR **e, int r) { return KmcrtStrToSigned(s, TRUE, e, r, KMCRT_I64_MAX); }
unsigned long long kmcrt__wcstoui64(const WCHAR *s, WCHAR **e, int r) { return KmcrtStrToUnsigned(s, TRUE, e, r, KMCRT_U64_MAX); }
int kmcrt__wtoi(const WCHAR *s) { return (int)KmcrtStrToSigned(s, TRUE, NULL, 10, KMCRT_I32_MAX); }
long kmcrt__wtol(const WCHAR *s) { return (long)KmcrtStrToSigned(s, TRUE, NULL, 10, KMCRT_I32_MAX); }
long long kmcrt__wtoi64(const WCHAR *s) { return KmcrtStrToSigned(s, TRUE, NULL, 10, KMCRT_I64_MAX); }

/* The minus sign appears in radix 10 only; other radixes print the two's complement. */
char *kmcrt__itoa(int v, char *b, int r)
{
    KmcrtFormatRadix(r == 10 && v < 0 ? 0 - (ULONGLONG)(LONGLONG)v : (ULONG)v, r == 10 && v < 0, r, b, FALSE);
    return b;
}
char *kmcrt__ltoa(long v, char *b, int r) { return kmcrt__itoa((int)v, b, r); }
char *kmcrt__ultoa(unsigned long v, char *b, int r)
{
    KmcrtFormatRadix((ULONG)v, FALSE, r, b, FALSE);
    return b;
}
char *kmcrt__i64toa(long long v, char *b, int r)
{
    KmcrtFormatRadix(r == 10 && v < 0 ? 0 - (ULONGLONG)v : (ULONGLONG)v, r == 10 && v < 0, r, b, FALSE);
    return b;
}
char *kmcrt__ui64toa(unsigned long long v, char *b, int r)
{
    KmcrtFormatRadix(v, FALSE, r, b, FALSE);
    return b;
}
WCHAR *kmcrt__itow(int v, WCHAR *b, int r)
{
    KmcrtFormatRadix(r == 10 && v < 0 ? 0 - (ULONGLONG)(LONGLONG)v : (ULONG)v, r == 10 && v < 0, r, b, TRUE);
    return b;
}
WCHAR *kmcrt__ltow(long v, WCHAR *b, int r) { return kmcrt__itow((int)v, b, r); }
WCHAR *kmcrt__ultow(unsigned long v, WCHAR *b, int r)
{
    KmcrtFormatRadix((ULONG)v, FALSE, r, b, TRUE);
    return b;
}
WCHAR *kmcrt__i64tow(long long v, WCHAR *b, int r)
{
    KmcrtFormatRadix(r == 10 && v < 0 ? 0 - (ULONGLONG)v : (ULONGLONG)v, r == 10 && v < 0, r, b, TRUE);
    return b;
}
WCHAR *kmcrt__ui64tow(unsigned long long v, WCHAR *b, int r)
{
    KmcrtFormatRadix(v, FALSE, r, b, TRUE);
    return b;
}

/* ANSI (1252) to wide: at most Count characters including a terminator that fits; with
   a NULL destination, returns the length the conversion needs. */
SIZE_T kmcrt_mbstowcs(WCHAR *d, const char *s, SIZE_T Count)
{
    SIZE_T i;
    if (!s)
        return (SIZE_T)-1;
    if (!d)
        return strlen(s);
    for (i = 0; i < Count; i++) {
        d[i] = KmAnsiCharToUnicode((UCHAR)s[i]);
        if (!s[i])
            return i;
    }
    return i;
}

/* Wide to ANSI (1252), '?' for what 1252 cannot represent. */
SIZE_T kmcrt_wcstombs(char *d, const WCHAR *s, SIZE_T Count)
{
    SIZE_T i;
    if (!s)
        return (SIZE_T)-1;
    if (!d) {
        for (i = 0; s[i]; i++)
            ;
        return i;
    }
    for (i = 0; i < Count; i++) {
        UCHAR a;
        KmUnicodeCharToAnsi(s[i], &a);
        d[i] = (char)a;
        if (!s[i])
            return i;
    }
    return i;
}
