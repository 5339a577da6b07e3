/*
 * PURPOSE: User-mode C runtime: <string.h>. The standard narrow functions are glibc's (same
 * semantics); the wide ones (as Windows' string.h declares them too) and the Microsoft-only
 * and secure ones are kmode's. Case-insensitive functions use the "C" locale (A-Z only).
 * The _s functions return 0, EINVAL, ERANGE or STRUNCATE as the MS CRT documents (the
 * invalid-parameter handler returning, as in a release build).
 */

/* glibc's _FORTIFY_SOURCE wrappers would call its own functions; off when this header
   comes first (kmode-cc also passes -U_FORTIFY_SOURCE for apps). */
#if defined(_FORTIFY_SOURCE) && !defined(_FEATURES_H)
#undef _FORTIFY_SOURCE
#endif
#include_next <string.h>

#ifndef _KMODE_UCRT_STRING_H_
#define _KMODE_UCRT_STRING_H_

#include <crtdefs.h>
#include <km/crt/_kmcrt_wstring.h>

KMODE_EXTERN_C_START

int __cdecl _stricmp(const char *String1, const char *String2) _KMCRT_BIND(_stricmp);
int __cdecl _strnicmp(const char *String1, const char *String2, size_t Count) _KMCRT_BIND(_strnicmp);
int __cdecl _memicmp(const void *Buffer1, const void *Buffer2, size_t Size) _KMCRT_BIND(_memicmp);
char *__cdecl _strlwr(char *String) _KMCRT_BIND(_strlwr);
char *__cdecl _strupr(char *String) _KMCRT_BIND(_strupr);
char *__cdecl _strrev(char *String) _KMCRT_BIND(_strrev);

errno_t __cdecl strcpy_s(char *Destination, rsize_t SizeInBytes, const char *Source) _KMCRT_BIND(strcpy_s);
errno_t __cdecl strcat_s(char *Destination, rsize_t SizeInBytes, const char *Source) _KMCRT_BIND(strcat_s);
errno_t __cdecl strncpy_s(char *Destination, rsize_t SizeInBytes, const char *Source, rsize_t Count) _KMCRT_BIND(strncpy_s);
errno_t __cdecl strncat_s(char *Destination, rsize_t SizeInBytes, const char *Source, rsize_t Count) _KMCRT_BIND(strncat_s);
errno_t __cdecl memcpy_s(void *Destination, rsize_t DestinationSize, const void *Source, rsize_t Count) _KMCRT_BIND(memcpy_s);
errno_t __cdecl memmove_s(void *Destination, rsize_t DestinationSize, const void *Source, rsize_t Count) _KMCRT_BIND(memmove_s);
/* strnlen_s/wcsnlen_s: 0 for a NULL string, otherwise strnlen/wcsnlen. */
size_t __cdecl strnlen_s(const char *String, size_t MaxCount) _KMCRT_BIND(strnlen_s);
size_t __cdecl wcsnlen_s(const wchar_t *String, size_t MaxCount) _KMCRT_BIND(wcsnlen_s);

/* A malloc'd copy (free() releases it); NULL when out of memory or String is NULL. */
wchar_t *__cdecl _wcsdup(const wchar_t *String) _KMCRT_BIND(_wcsdup);
/* Tokenizers: wcstok_s keeps its state in *Context (NULL Context: EINVAL); the UCRT's
   wcstok with a NULL Context, and _wcstok, keep it per thread. */
wchar_t *__cdecl wcstok_s(wchar_t *String, const wchar_t *Delimiters, wchar_t **Context) _KMCRT_BIND(wcstok_s);
wchar_t *__cdecl wcstok(wchar_t *String, const wchar_t *Delimiters, wchar_t **Context) _KMCRT_BIND(wcstok);
wchar_t *__cdecl _wcstok(wchar_t *String, const wchar_t *Delimiters) _KMCRT_BIND(_wcstok);
/* The "C" locale collates and transforms by code unit. */
int __cdecl wcscoll(const wchar_t *String1, const wchar_t *String2) _KMCRT_BIND(wcscmp);
int __cdecl _wcsicoll(const wchar_t *String1, const wchar_t *String2) _KMCRT_BIND(_wcsicmp);
size_t __cdecl wcsxfrm(wchar_t *Destination, const wchar_t *Source, size_t Count) _KMCRT_BIND(wcsxfrm);

/* strtok_s keeps its state in *Context (POSIX strtok_r); _strdup's copy is freed with free(). */
char *__cdecl strtok_s(char *String, const char *Delimiters, char **Context) _KMCRT_BIND(strtok_s);
char *__cdecl _strdup(const char *String) _KMCRT_BIND(_strdup);
int __cdecl _stricoll(const char *String1, const char *String2) _KMCRT_BIND(_stricmp);

KMODE_EXTERN_C_END

#ifdef __cplusplus
/* MSVC's C++ overloads of the secure functions for arrays: the size is the array's. */
extern "C++" {
template <size_t _Size> inline errno_t strcpy_s(char (&Destination)[_Size], const char *Source) { return strcpy_s(Destination, _Size, Source); }
template <size_t _Size> inline errno_t strcat_s(char (&Destination)[_Size], const char *Source) { return strcat_s(Destination, _Size, Source); }
template <size_t _Size> inline errno_t strncpy_s(char (&Destination)[_Size], const char *Source, size_t Count) { return strncpy_s(Destination, _Size, Source, Count); }
template <size_t _Size> inline errno_t strncat_s(char (&Destination)[_Size], const char *Source, size_t Count) { return strncat_s(Destination, _Size, Source, Count); }
template <size_t _Size> inline errno_t wcscpy_s(wchar_t (&Destination)[_Size], const wchar_t *Source) { return wcscpy_s(Destination, _Size, Source); }
template <size_t _Size> inline errno_t wcscat_s(wchar_t (&Destination)[_Size], const wchar_t *Source) { return wcscat_s(Destination, _Size, Source); }
template <size_t _Size> inline errno_t wcsncpy_s(wchar_t (&Destination)[_Size], const wchar_t *Source, size_t Count) { return wcsncpy_s(Destination, _Size, Source, Count); }
template <size_t _Size> inline errno_t wcsncat_s(wchar_t (&Destination)[_Size], const wchar_t *Source, size_t Count) { return wcsncat_s(Destination, _Size, Source, Count); }
/* The UCRT's two-argument wcstok for C++. */
inline wchar_t *wcstok(wchar_t *String, const wchar_t *Delimiters) { return wcstok(String, Delimiters, 0); }
}
#endif

/* Old names Windows still accepts. */
#define stricmp  _stricmp
#define strnicmp _strnicmp
#define strlwr   _strlwr
#define strupr   _strupr
#define strrev   _strrev
#define memicmp  _memicmp
#define wcsicmp  _wcsicmp
#define wcsnicmp _wcsnicmp
#define wcslwr   _wcslwr
#define wcsupr   _wcsupr
#define wcsrev   _wcsrev
#define wcsdup   _wcsdup
#ifdef _CRT_NON_CONFORMING_WCSTOK
#define wcstok   _wcstok
#endif

#endif /* _KMODE_UCRT_STRING_H_ */
