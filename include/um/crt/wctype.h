/*
 * PURPOSE: User-mode C runtime: <wctype.h> - wide character classification and case mapping
 * in the "C" locale, kmode's (glibc's assume a 32-bit wchar_t and are never declared).
 * Classification covers U+0000-U+00FF; towlower/towupper map A-Z only. wctype()/iswctype()
 * know "alnum" "alpha" "blank" "cntrl" "digit" "graph" "lower" "print" "punct" "space"
 * "upper" "xdigit"; wctrans()/towctrans() know "tolower" and "toupper" (0 for other names).
 */
#ifndef _KMODE_UCRT_WCTYPE_H_
#define _KMODE_UCRT_WCTYPE_H_

#define _WCTYPE_H 1           /* glibc's <wctype.h> must never follow */

#include <crtdefs.h>
#include <km/crt/wctype.h>

#ifndef _WCTRANS_T_DEFINED
#define _WCTRANS_T_DEFINED
typedef wchar_t wctrans_t;
#endif

/* The MS CRT's class masks, as wctype() returns them and iswctype() takes them. */
#ifndef _UPPER
#define _UPPER    0x0001
#define _LOWER    0x0002
#define _DIGIT    0x0004
#define _SPACE    0x0008
#define _PUNCT    0x0010
#define _CONTROL  0x0020
#define _BLANK    0x0040
#define _HEX      0x0080
#define _LEADBYTE 0x8000
#define _ALPHA    (0x0100 | _UPPER | _LOWER)
#endif

KMODE_EXTERN_C_START

wctype_t __cdecl wctype(const char *Property) _KMCRT_BIND(wctype);
int __cdecl iswctype(wint_t Char, wctype_t Property) _KMCRT_BIND(iswctype);
wctrans_t __cdecl wctrans(const char *Property) _KMCRT_BIND(wctrans);
wint_t __cdecl towctrans(wint_t Char, wctrans_t Mapping) _KMCRT_BIND(towctrans);
int __cdecl isleadbyte(int Char) _KMCRT_BIND(isleadbyte);

KMODE_EXTERN_C_END

#endif /* _KMODE_UCRT_WCTYPE_H_ */
