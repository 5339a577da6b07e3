/*
 * PURPOSE: Kernel CRT: character classification and case mapping in the "C" locale.
 * Narrow: ASCII classes only. Wide: ASCII, C1 controls and Latin-1 (U+0080-U+00FF) with
 * their Unicode classes; code points above U+00FF belong to no class.
 */

/* INCLUDES ******************************************************************************/

#include "kmcrt.h"

/* GLOBALS *******************************************************************************/

#define K_UPPER  0x001
#define K_LOWER  0x002
#define K_DIGIT  0x004
#define K_SPACE  0x008
#define K_PUNCT  0x010
#define K_CNTRL  0x020
#define K_BLANK  0x040
#define K_XDIGIT 0x080
#define K_ALPHA  0x100

/* PRIVATE FUNCTIONS *********************************************************************/

static ULONG KmcrtClassAscii(unsigned c)
{
    ULONG k = 0;
    if (c >= 'A' && c <= 'Z')
        k |= K_UPPER | K_ALPHA;
    else if (c >= 'a' && c <= 'z')
        k |= K_LOWER | K_ALPHA;
    else if (c >= '0' && c <= '9')
        k |= K_DIGIT;
    else if (c < 0x20 || c == 0x7F)
        k |= K_CNTRL;
    else if (c != ' ')
        k |= K_PUNCT;
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'))
        k |= K_XDIGIT;
    if (c == ' ' || (c >= 0x09 && c <= 0x0D))
        k |= K_SPACE;
    if (c == ' ' || c == '\t')
        k |= K_BLANK;
    return k;
}

static ULONG KmcrtClassNarrow(int c)
{
    return (c >= 0 && c < 0x80) ? KmcrtClassAscii((unsigned)c) : 0;
}

static ULONG KmcrtClassWide(unsigned c)
{
    if (c < 0x80)
        return KmcrtClassAscii(c);
    if (c < 0xA0)
        return K_CNTRL;
    if (c == 0xA0)
        return K_SPACE | K_BLANK;                 /* NO-BREAK SPACE */
    if (c == 0xAA || c == 0xB5 || c == 0xBA)
        return K_ALPHA | K_LOWER;                 /* ordinal indicators, micro sign */
    if (c < 0xC0 || c == 0xD7 || c == 0xF7)
        return K_PUNCT;                           /* Latin-1 symbols, x and / signs */
    if (c < 0xDF)
        return K_ALPHA | K_UPPER;
    if (c <= 0xFF)
        return K_ALPHA | K_LOWER;
    return 0;
}

/* PUBLIC FUNCTIONS **********************************************************************/

int kmcrt_isalnum(int c) { return (KmcrtClassNarrow(c) & (K_ALPHA | K_DIGIT)) != 0; }
int kmcrt_isalpha(int c) { return (KmcrtClassNarrow(c) & K_ALPHA) != 0; }
int kmcrt_isblank(int c) { return (KmcrtClassNarrow(c) & K_BLANK) != 0; }
int kmcrt_iscntrl(int c) { return (KmcrtClassNarrow(c) & K_CNTRL) != 0; }
int kmcrt_isdigit(int c) { return (KmcrtClassNarrow(c) & K_DIGIT) != 0; }
int kmcrt_isgraph(int c) { return (KmcrtClassNarrow(c) & (K_ALPHA | K_DIGIT | K_PUNCT)) != 0; }
int kmcrt_islower(int c) { return (KmcrtClassNarrow(c) & K_LOWER) != 0; }
int kmcrt_isprint(int c) { return c == ' ' || kmcrt_isgraph(c); }
int kmcrt_ispunct(int c) { return (KmcrtClassNarrow(c) & K_PUNCT) != 0; }
int kmcrt_isspace(int c) { return (KmcrtClassNarrow(c) & K_SPACE) != 0; }
int kmcrt_isupper(int c) { return (KmcrtClassNarrow(c) & K_UPPER) != 0; }
int kmcrt_isxdigit(int c) { return (KmcrtClassNarrow(c) & K_XDIGIT) != 0; }
int kmcrt___iscsym(int c) { return c == '_' || kmcrt_isalnum(c); }
int kmcrt___iscsymf(int c) { return c == '_' || kmcrt_isalpha(c); }
int kmcrt_tolower(int c) { return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c; }
int kmcrt_toupper(int c) { return (c >= 'a' && c <= 'z') ? c - 'a' + 'A' : c; }

int kmcrt_iswalnum(USHORT c) { return (KmcrtClassWide(c) & (K_ALPHA | K_DIGIT)) != 0; }
int kmcrt_iswalpha(USHORT c) { return (KmcrtClassWide(c) & K_ALPHA) != 0; }
int kmcrt_iswblank(USHORT c) { return (KmcrtClassWide(c) & K_BLANK) != 0; }
int kmcrt_iswcntrl(USHORT c) { return (KmcrtClassWide(c) & K_CNTRL) != 0; }
int kmcrt_iswdigit(USHORT c) { return (KmcrtClassWide(c) & K_DIGIT) != 0; }
int kmcrt_iswgraph(USHORT c) { return (KmcrtClassWide(c) & (K_ALPHA | K_DIGIT | K_PUNCT)) != 0; }
int kmcrt_iswlower(USHORT c) { return (KmcrtClassWide(c) & K_LOWER) != 0; }
int kmcrt_iswprint(USHORT c) { return (KmcrtClassWide(c) & (K_ALPHA | K_DIGIT | K_PUNCT | K_BLANK)) != 0 && c != L'\t'; }
int kmcrt_iswpunct(USHORT c) { return (KmcrtClassWide(c) & K_PUNCT) != 0; }
int kmcrt_iswspace(USHORT c) { return (KmcrtClassWide(c) & K_SPACE) != 0; }
int kmcrt_iswupper(USHORT c) { return (KmcrtClassWide(c) & K_UPPER) != 0; }
int kmcrt_iswxdigit(USHORT c) { return (KmcrtClassWide(c) & K_XDIGIT) != 0; }
int kmcrt_iswascii(USHORT c) { return c < 0x80; }
USHORT kmcrt_towlower(USHORT c) { return (c >= L'A' && c <= L'Z') ? (USHORT)(c - L'A' + L'a') : c; }
USHORT kmcrt_towupper(USHORT c) { return (c >= L'a' && c <= L'z') ? (USHORT)(c - L'a' + L'A') : c; }
