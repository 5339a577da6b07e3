/*
 * PURPOSE: User-mode C runtime: <wchar.h> - 16-bit wide strings, formatting, classification,
 * conversions and wide stream I/O, all kmode's. glibc's <wchar.h> is never included: every
 * function in it assumes a 32-bit wchar_t. What kmode does not implement is declared
 * unavailable (a call is a compile-time error).
 *
 * Multibyte conversions use the ANSI code page (Windows-1252), one byte per character and no
 * shift state: mbrtowc/mbrlen/btowc/mbsrtowcs convert bytes, wcrtomb/wctob/wcsrtombs fail
 * with -1 (errno EILSEQ) for a character 1252 lacks.
 */

/* glibc's _FORTIFY_SOURCE wrappers would call its own functions; off when this header
   comes first (kmode-cc also passes -U_FORTIFY_SOURCE for apps). */
#if defined(_FORTIFY_SOURCE) && !defined(_FEATURES_H)
#undef _FORTIFY_SOURCE
#endif
#ifndef _KMODE_UCRT_WCHAR_H_
#define _KMODE_UCRT_WCHAR_H_

#define _WCHAR_H 1            /* glibc's <wchar.h> must never follow */

#include <crtdefs.h>
#include <bits/types/mbstate_t.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#ifndef WCHAR_MIN
#define WCHAR_MIN 0x0000
#define WCHAR_MAX 0xffff
#endif

struct tm;

KMODE_EXTERN_C_START

int __cdecl mbsinit(const mbstate_t *State) _KMCRT_BIND(mbsinit);
wint_t __cdecl btowc(int Char) _KMCRT_BIND(btowc);
int __cdecl wctob(wint_t Char) _KMCRT_BIND(wctob);
size_t __cdecl mbrlen(const char *Source, size_t Count, mbstate_t *State) _KMCRT_BIND(mbrlen);
size_t __cdecl mbrtowc(wchar_t *Destination, const char *Source, size_t Count, mbstate_t *State) _KMCRT_BIND(mbrtowc);
size_t __cdecl wcrtomb(char *Destination, wchar_t Char, mbstate_t *State) _KMCRT_BIND(wcrtomb);
size_t __cdecl mbsrtowcs(wchar_t *Destination, const char **Source, size_t Count, mbstate_t *State) _KMCRT_BIND(mbsrtowcs);
size_t __cdecl wcsrtombs(char *Destination, const wchar_t **Source, size_t Count, mbstate_t *State) _KMCRT_BIND(wcsrtombs);

/* Not available: glibc's assume a 32-bit wchar_t (and some are GNU-only). */
size_t __cdecl wcsftime(wchar_t *Buffer, size_t Size, const wchar_t *Format, const struct tm *Time) _KMUCRT_UNAVAILABLE(wcsftime);
int __cdecl wcscasecmp(const wchar_t *String1, const wchar_t *String2) _KMUCRT_UNAVAILABLE(wcscasecmp);
int __cdecl wcsncasecmp(const wchar_t *String1, const wchar_t *String2, size_t Count) _KMUCRT_UNAVAILABLE(wcsncasecmp);
wchar_t *__cdecl wcschrnul(const wchar_t *String, wchar_t Char) _KMUCRT_UNAVAILABLE(wcschrnul);
wchar_t *__cdecl wcpcpy(wchar_t *Destination, const wchar_t *Source) _KMUCRT_UNAVAILABLE(wcpcpy);
wchar_t *__cdecl wcpncpy(wchar_t *Destination, const wchar_t *Source, size_t Count) _KMUCRT_UNAVAILABLE(wcpncpy);
wchar_t *__cdecl wmempcpy(wchar_t *Destination, const wchar_t *Source, size_t Count) _KMUCRT_UNAVAILABLE(wmempcpy);
wchar_t *__cdecl wcswcs(const wchar_t *String, const wchar_t *SubString) _KMUCRT_UNAVAILABLE(wcswcs);
int __cdecl wcwidth(wchar_t Char) _KMUCRT_UNAVAILABLE(wcwidth);
int __cdecl wcswidth(const wchar_t *String, size_t Count) _KMUCRT_UNAVAILABLE(wcswidth);
size_t __cdecl mbsnrtowcs(wchar_t *Destination, const char **Source, size_t Bytes, size_t Count, mbstate_t *State) _KMUCRT_UNAVAILABLE(mbsnrtowcs);
size_t __cdecl wcsnrtombs(char *Destination, const wchar_t **Source, size_t Chars, size_t Count, mbstate_t *State) _KMUCRT_UNAVAILABLE(wcsnrtombs);
size_t __cdecl wcslcpy(wchar_t *Destination, const wchar_t *Source, size_t Size) _KMUCRT_UNAVAILABLE(wcslcpy);
size_t __cdecl wcslcat(wchar_t *Destination, const wchar_t *Source, size_t Size) _KMUCRT_UNAVAILABLE(wcslcat);

KMODE_EXTERN_C_END

#endif /* _KMODE_UCRT_WCHAR_H_ */
