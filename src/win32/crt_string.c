/*
 * PURPOSE: User-mode CRT: the wide and Microsoft-only functions a console app uses that the
 * kernel CRT (src/crt) does not have: _wcsdup, _strdup, strtok_s/wcstok_s, wcsxfrm,
 * strnlen_s/wcsnlen_s, the _itoa_s family, wcstod and friends, multibyte conversions over
 * the ANSI code page, wctype/iswctype/wctrans/towctrans. Declarations: include/um/crt.
 * Everything else is the kernel CRT's, reused through the same kmcrt_* symbols.
 */

/* INCLUDES ******************************************************************************/

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <internal/fmt.h>

/* GLOBALS *******************************************************************************/

/* The kernel CRT's functions reused here (src/crt; their public declarations are the
   kmcrt_* asm labels of include/km/crt). */
SIZE_T kmcrt_wcslen(const WCHAR *String);
SIZE_T kmcrt_wcsnlen(const WCHAR *String, SIZE_T Max);
SIZE_T kmcrt_wcsspn(const WCHAR *String, const WCHAR *Control);
SIZE_T kmcrt_wcscspn(const WCHAR *String, const WCHAR *Control);
char *kmcrt__i64toa(long long Value, char *Buffer, int Radix);
char *kmcrt__ui64toa(unsigned long long Value, char *Buffer, int Radix);
int kmcrt_iswalpha(USHORT c);
int kmcrt_iswblank(USHORT c);
int kmcrt_iswcntrl(USHORT c);
int kmcrt_iswdigit(USHORT c);
int kmcrt_iswlower(USHORT c);
int kmcrt_iswpunct(USHORT c);
int kmcrt_iswspace(USHORT c);
int kmcrt_iswupper(USHORT c);
int kmcrt_iswxdigit(USHORT c);
USHORT kmcrt_towlower(USHORT c);
USHORT kmcrt_towupper(USHORT c);

#define KMP_WEOF ((USHORT)0xFFFF)

/* The MS CRT's character-class masks: wctype() returns combinations of them. */
#define KMP_UPPER   0x0001
#define KMP_LOWER   0x0002
#define KMP_DIGIT   0x0004
#define KMP_SPACE   0x0008
#define KMP_PUNCT   0x0010
#define KMP_CONTROL 0x0020
#define KMP_BLANK   0x0040
#define KMP_HEX     0x0080
#define KMP_ALPHA   (0x0100 | KMP_UPPER | KMP_LOWER)

static const struct {
    const char *Name;
    USHORT Mask;
} KmpClasses[] = {
    { "alnum", KMP_ALPHA | KMP_DIGIT },
    { "alpha", KMP_ALPHA },
    { "blank", KMP_BLANK },
    { "cntrl", KMP_CONTROL },
    { "digit", KMP_DIGIT },
    { "graph", KMP_PUNCT | KMP_ALPHA | KMP_DIGIT },
    { "lower", KMP_LOWER },
    { "print", KMP_BLANK | KMP_PUNCT | KMP_ALPHA | KMP_DIGIT },
    { "punct", KMP_PUNCT },
    { "space", KMP_SPACE },
    { "upper", KMP_UPPER },
    { "xdigit", KMP_HEX },
};

/* wctrans() values, as the MS CRT numbers them. */
#define KMP_TRANS_TOLOWER 1
#define KMP_TRANS_TOUPPER 2

/* PRIVATE FUNCTIONS *********************************************************************/

/* The _itoa_s family over the kernel CRT's conversions: EINVAL (NULL buffer, size 0, radix
   outside 2..36; Buffer "" when it can hold it), ERANGE (too small; Buffer ""). */
static int KmpToTextSecure(long long Signed, unsigned long long Unsigned, BOOLEAN IsSigned,
                           void *Buffer, SIZE_T Size, int Radix, BOOLEAN Wide)
{
    char text[72];
    SIZE_T n;

    if (!Buffer || Size == 0)
        return EINVAL;
    if (Radix < 2 || Radix > 36) {
        if (Wide)
            *(WCHAR *)Buffer = 0;
        else
            *(char *)Buffer = 0;
        return EINVAL;
    }
    if (IsSigned)
        kmcrt__i64toa(Signed, text, Radix);
    else
        kmcrt__ui64toa(Unsigned, text, Radix);
    n = strlen(text);
    if (n + 1 > Size) {
        if (Wide)
            *(WCHAR *)Buffer = 0;
        else
            *(char *)Buffer = 0;
        return ERANGE;
    }
    for (SIZE_T i = 0; i <= n; i++) {
        if (Wide)
            ((WCHAR *)Buffer)[i] = (UCHAR)text[i];
        else
            ((char *)Buffer)[i] = text[i];
    }
    return 0;
}

/* The ASCII prefix of a wide number, parsed by a narrow C library parser. */
typedef enum { KmpDouble, KmpFloat, KmpLongDouble } KMP_FLOAT_KIND;

static long double KmpParseFloat(const WCHAR *String, WCHAR **End, KMP_FLOAT_KIND Kind)
{
    char stack[128], *narrow = stack, *stop;
    SIZE_T n = 0, count;
    long double value;

    if (!String) {
        errno = EINVAL;
        if (End)
            *End = NULL;
        return 0;
    }
    while (String[n] && String[n] < 0x80)
        n++;
    if (n >= sizeof stack) {
        narrow = malloc(n + 1);
        if (!narrow) {
            if (End)
                *End = (WCHAR *)String;
            return 0;
        }
    }
    for (SIZE_T i = 0; i < n; i++)
        narrow[i] = (char)String[i];
    narrow[n] = 0;
    if (Kind == KmpFloat)
        value = strtof(narrow, &stop);
    else if (Kind == KmpDouble)
        value = strtod(narrow, &stop);
    else
        value = strtold(narrow, &stop);
    count = (SIZE_T)(stop - narrow);
    if (narrow != stack)
        free(narrow);
    if (End)
        *End = (WCHAR *)String + count;
    return value;
}

static WCHAR *KmpTokenize(WCHAR *String, const WCHAR *Delimiters, WCHAR **Context)
{
    WCHAR *start;

    if (!Context || !Delimiters || (!String && !*Context)) {
        errno = EINVAL;
        return NULL;
    }
    start = String ? String : *Context;
    start += kmcrt_wcsspn(start, Delimiters);
    if (!*start) {
        *Context = start;
        return NULL;
    }
    String = start + kmcrt_wcscspn(start, Delimiters);
    if (*String)
        *String++ = 0;
    *Context = String;
    return start;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * A malloc'd copy of a wide string; NULL (errno EINVAL / ENOMEM) for NULL or no memory.
 */
WCHAR *kmcrt__wcsdup(const WCHAR *String)
{
    SIZE_T bytes;
    WCHAR *copy;

    if (!String) {
        errno = EINVAL;
        return NULL;
    }
    bytes = (kmcrt_wcslen(String) + 1) * sizeof(WCHAR);
    copy = malloc(bytes);
    if (!copy) {
        errno = ENOMEM;
        return NULL;
    }
    return memcpy(copy, String, bytes);
}

/*
 * @implemented
 * strdup; NULL for NULL.
 */
char *kmcrt__strdup(const char *String)
{
    if (!String) {
        errno = EINVAL;
        return NULL;
    }
    return strdup(String);
}

/*
 * @implemented
 * strtok_s/wcstok_s: tokens separated by runs of Delimiters, state in *Context. NULL with
 * errno EINVAL when Context or Delimiters is NULL, or String and *Context both are.
 */
char *kmcrt_strtok_s(char *String, const char *Delimiters, char **Context)
{
    if (!Context || !Delimiters || (!String && !*Context)) {
        errno = EINVAL;
        return NULL;
    }
    return strtok_r(String, Delimiters, Context);
}

WCHAR *kmcrt_wcstok_s(WCHAR *String, const WCHAR *Delimiters, WCHAR **Context)
{
    return KmpTokenize(String, Delimiters, Context);
}

/*
 * @implemented
 * wcstok (the UCRT's three-argument form) and _wcstok: with no Context (NULL, or the
 * two-argument forms) the state is kept per thread, as the UCRT keeps it.
 */
WCHAR *kmcrt_wcstok(WCHAR *String, const WCHAR *Delimiters, WCHAR **Context)
{
    static __thread WCHAR *ThreadContext;
    return KmpTokenize(String, Delimiters, Context ? Context : &ThreadContext);
}

WCHAR *kmcrt__wcstok(WCHAR *String, const WCHAR *Delimiters)
{
    return kmcrt_wcstok(String, Delimiters, NULL);
}

/*
 * @implemented
 * "C" locale: the transformed string is the string. Returns its length; copies it (with
 * the terminator) only when Count exceeds that length.
 */
SIZE_T kmcrt_wcsxfrm(WCHAR *Destination, const WCHAR *Source, SIZE_T Count)
{
    SIZE_T n = kmcrt_wcslen(Source);
    if (Destination && Count > n)
        memcpy(Destination, Source, (n + 1) * sizeof(WCHAR));
    return n;
}

/*
 * @implemented
 * strnlen/wcsnlen that return 0 for a NULL string.
 */
SIZE_T kmcrt_strnlen_s(const char *String, SIZE_T Max) { return String ? strnlen(String, Max) : 0; }
SIZE_T kmcrt_wcsnlen_s(const WCHAR *String, SIZE_T Max) { return String ? kmcrt_wcsnlen(String, Max) : 0; }

/*
 * @implemented
 * The _itoa_s family: 0, EINVAL or ERANGE (see KmpToTextSecure). Radix 10 prints a sign
 * for negative values; other radixes print the value's bits unsigned (32 or 64 of them).
 */
int kmcrt__itoa_s(int v, char *b, SIZE_T s, int r) { return KmpToTextSecure(r == 10 ? v : 0, (unsigned)v, r == 10, b, s, r, FALSE); }
int kmcrt__ltoa_s(long v, char *b, SIZE_T s, int r) { return kmcrt__itoa_s((int)v, b, s, r); }
int kmcrt__ultoa_s(unsigned long v, char *b, SIZE_T s, int r) { return KmpToTextSecure(0, (unsigned)v, FALSE, b, s, r, FALSE); }
int kmcrt__i64toa_s(long long v, char *b, SIZE_T s, int r) { return KmpToTextSecure(v, (unsigned long long)v, r == 10, b, s, r, FALSE); }
int kmcrt__ui64toa_s(unsigned long long v, char *b, SIZE_T s, int r) { return KmpToTextSecure(0, v, FALSE, b, s, r, FALSE); }
int kmcrt__itow_s(int v, WCHAR *b, SIZE_T s, int r) { return KmpToTextSecure(r == 10 ? v : 0, (unsigned)v, r == 10, b, s, r, TRUE); }
int kmcrt__ltow_s(long v, WCHAR *b, SIZE_T s, int r) { return kmcrt__itow_s((int)v, b, s, r); }
int kmcrt__ultow_s(unsigned long v, WCHAR *b, SIZE_T s, int r) { return KmpToTextSecure(0, (unsigned)v, FALSE, b, s, r, TRUE); }
int kmcrt__i64tow_s(long long v, WCHAR *b, SIZE_T s, int r) { return KmpToTextSecure(v, (unsigned long long)v, r == 10, b, s, r, TRUE); }
int kmcrt__ui64tow_s(unsigned long long v, WCHAR *b, SIZE_T s, int r) { return KmpToTextSecure(0, v, FALSE, b, s, r, TRUE); }

/*
 * @implemented
 * wcstod, wcstof, wcstold, _wtof: the number's ASCII prefix parsed as strtod does.
 */
double kmcrt_wcstod(const WCHAR *s, WCHAR **e) { return (double)KmpParseFloat(s, e, KmpDouble); }
float kmcrt_wcstof(const WCHAR *s, WCHAR **e) { return (float)KmpParseFloat(s, e, KmpFloat); }
long double kmcrt_wcstold(const WCHAR *s, WCHAR **e) { return KmpParseFloat(s, e, KmpLongDouble); }
double kmcrt__wtof(const WCHAR *s) { return (double)KmpParseFloat(s, NULL, KmpDouble); }

/*
 * @implemented
 * Multibyte conversions over Windows-1252 (one byte per character, no shift state).
 */
int kmcrt_mblen(const char *s, SIZE_T n)
{
    if (!s)
        return 0;
    if (n == 0)
        return -1;
    return *s ? 1 : 0;
}

int kmcrt_mbtowc(WCHAR *d, const char *s, SIZE_T n)
{
    if (!s)
        return 0;
    if (n == 0)
        return -1;
    if (d)
        *d = KmAnsiCharToUnicode((UCHAR)*s);
    return *s ? 1 : 0;
}

int kmcrt_wctomb(char *d, WCHAR c)
{
    UCHAR ansi;
    if (!d)
        return 0;
    if (!KmUnicodeCharToAnsi(c, &ansi)) {
        errno = EILSEQ;
        return -1;
    }
    *d = (char)ansi;
    return 1;
}

int kmcrt_mbsinit(const void *State)
{
    (void)State;
    return 1;
}

USHORT kmcrt_btowc(int c)
{
    if (c == -1 || c < -128 || c > 255)
        return KMP_WEOF;
    return KmAnsiCharToUnicode((UCHAR)c);
}

int kmcrt_wctob(USHORT c)
{
    UCHAR ansi;
    if (c == KMP_WEOF || !KmUnicodeCharToAnsi(c, &ansi))
        return -1;
    return ansi;
}

SIZE_T kmcrt_mbrtowc(WCHAR *d, const char *s, SIZE_T n, void *State)
{
    (void)State;
    if (!s)
        return 0;
    if (n == 0)
        return (SIZE_T)-2;
    if (d)
        *d = KmAnsiCharToUnicode((UCHAR)*s);
    return *s ? 1 : 0;
}

SIZE_T kmcrt_mbrlen(const char *s, SIZE_T n, void *State)
{
    return kmcrt_mbrtowc(NULL, s, n, State);
}

SIZE_T kmcrt_wcrtomb(char *d, WCHAR c, void *State)
{
    UCHAR ansi;
    (void)State;
    if (!d)
        return 1;
    if (!KmUnicodeCharToAnsi(c, &ansi)) {
        errno = EILSEQ;
        return (SIZE_T)-1;
    }
    *d = (char)ansi;
    return 1;
}

/* mbsrtowcs/wcsrtombs: converts *Source up to its terminator (stored, *Source = NULL) or
   Count characters (*Source = where it stopped); with no destination only counts.
   A character the target cannot hold: -1, EILSEQ, *Source at it. */
static SIZE_T KmpConvertString(PVOID Destination, const void **Source, SIZE_T Count, BOOLEAN ToWide)
{
    SIZE_T i = 0;

    if (!Source || !*Source) {
        errno = EINVAL;
        return (SIZE_T)-1;
    }
    for (;; i++) {
        ULONG c = ToWide ? (UCHAR)((const char *)*Source)[i] : ((const WCHAR *)*Source)[i];
        UCHAR ansi = 0;
        if (Destination && i == Count) {
            *Source = ToWide ? (const void *)((const char *)*Source + i) : (const void *)((const WCHAR *)*Source + i);
            return i;
        }
        if (!ToWide && c && !KmUnicodeCharToAnsi((WCHAR)c, &ansi)) {
            if (Destination)
                *Source = (const WCHAR *)*Source + i;
            errno = EILSEQ;
            return (SIZE_T)-1;
        }
        if (Destination) {
            if (ToWide)
                ((WCHAR *)Destination)[i] = c ? KmAnsiCharToUnicode((UCHAR)c) : 0;
            else
                ((char *)Destination)[i] = (char)ansi;
        }
        if (!c) {
            if (Destination)
                *Source = NULL;
            return i;
        }
    }
}

SIZE_T kmcrt_mbsrtowcs(WCHAR *d, const char **s, SIZE_T n, void *State)
{
    (void)State;
    return KmpConvertString(d, (const void **)s, n, TRUE);
}

SIZE_T kmcrt_wcsrtombs(char *d, const WCHAR **s, SIZE_T n, void *State)
{
    (void)State;
    return KmpConvertString(d, (const void **)s, n, FALSE);
}

/*
 * @implemented
 * The class mask of a property name ("alpha", ...), 0 for an unknown name; iswctype tests
 * a character against such a mask.
 */
USHORT kmcrt_wctype(const char *Property)
{
    if (!Property)
        return 0;
    for (SIZE_T i = 0; i < sizeof KmpClasses / sizeof KmpClasses[0]; i++)
        if (!strcmp(Property, KmpClasses[i].Name))
            return KmpClasses[i].Mask;
    return 0;
}

int kmcrt_iswctype(USHORT c, USHORT Mask)
{
    USHORT m = 0;
    if (c == KMP_WEOF)
        return 0;
    if (kmcrt_iswupper(c)) m |= KMP_UPPER;
    if (kmcrt_iswlower(c)) m |= KMP_LOWER;
    if (kmcrt_iswalpha(c)) m |= 0x0100;
    if (kmcrt_iswdigit(c)) m |= KMP_DIGIT;
    if (kmcrt_iswspace(c)) m |= KMP_SPACE;
    if (kmcrt_iswpunct(c)) m |= KMP_PUNCT;
    if (kmcrt_iswcntrl(c)) m |= KMP_CONTROL;
    if (kmcrt_iswblank(c) && c != L'\t') m |= KMP_BLANK;   /* the MS table marks tab _SPACE only */
    if (kmcrt_iswxdigit(c)) m |= KMP_HEX;
    return (m & Mask) != 0;
}

USHORT kmcrt_wctrans(const char *Property)
{
    if (Property && !strcmp(Property, "tolower"))
        return KMP_TRANS_TOLOWER;
    if (Property && !strcmp(Property, "toupper"))
        return KMP_TRANS_TOUPPER;
    return 0;
}

USHORT kmcrt_towctrans(USHORT c, USHORT Mapping)
{
    if (Mapping == KMP_TRANS_TOLOWER)
        return kmcrt_towlower(c);
    if (Mapping == KMP_TRANS_TOUPPER)
        return kmcrt_towupper(c);
    return c;
}

/*
 * @implemented
 * Windows-1252 has no lead bytes.
 */
int kmcrt_isleadbyte(int c)
{
    (void)c;
    return 0;
}
