/*
 * PURPOSE: Kernel C runtime: wide character classification and case mapping ("C" locale).
 *
 * Classification covers U+0000-U+00FF (ASCII, C1 controls, Latin-1 letters and
 * punctuation); code points above U+00FF classify as nothing. towlower/towupper map A-Z
 * only, as the "C" locale does.
 */
#ifndef _KMODE_CRT_WCTYPE_H_
#define _KMODE_CRT_WCTYPE_H_

#include <crtdefs.h>

KMODE_EXTERN_C_START

int __cdecl iswalnum(wint_t Char) _KMCRT_BIND(iswalnum);
int __cdecl iswalpha(wint_t Char) _KMCRT_BIND(iswalpha);
int __cdecl iswblank(wint_t Char) _KMCRT_BIND(iswblank);
int __cdecl iswcntrl(wint_t Char) _KMCRT_BIND(iswcntrl);
int __cdecl iswdigit(wint_t Char) _KMCRT_BIND(iswdigit);
int __cdecl iswgraph(wint_t Char) _KMCRT_BIND(iswgraph);
int __cdecl iswlower(wint_t Char) _KMCRT_BIND(iswlower);
int __cdecl iswprint(wint_t Char) _KMCRT_BIND(iswprint);
int __cdecl iswpunct(wint_t Char) _KMCRT_BIND(iswpunct);
int __cdecl iswspace(wint_t Char) _KMCRT_BIND(iswspace);
int __cdecl iswupper(wint_t Char) _KMCRT_BIND(iswupper);
int __cdecl iswxdigit(wint_t Char) _KMCRT_BIND(iswxdigit);
int __cdecl iswascii(wint_t Char) _KMCRT_BIND(iswascii);
wint_t __cdecl towlower(wint_t Char) _KMCRT_BIND(towlower);
wint_t __cdecl towupper(wint_t Char) _KMCRT_BIND(towupper);

KMODE_EXTERN_C_END

#endif
