/*
 * PURPOSE: User-mode C runtime: <stdlib.h>. glibc's, except the functions that involve
 * wchar_t (kmode's, 16-bit), plus the Microsoft-only ones.
 *
 * The narrow number parsers (atoi, strtol, ...) stay glibc's: they parse into the app's
 * types and set errno. The wide ones are kmode's with the MS CRT's results: wcstol/_wtol
 * clamp to the 32-bit LONG range, wcstoul to 0xFFFFFFFF (a C `long` is 64-bit here, a
 * Windows LONG 32-bit), the 64-bit forms to 64 bits; they do not set errno.
 * Multibyte conversions (mbstowcs, wcstombs, mbtowc, wctomb, mblen) use the ANSI code page,
 * Windows-1252, one byte per character: MB_CUR_MAX is 1; wcstombs writes '?' for what
 * 1252 lacks, wctomb fails (-1) for it.
 * _itoa and friends need a buffer of 33 (32-bit) or 65 (64-bit) characters; their _s forms
 * check the size: 0, EINVAL (NULL buffer, size 0, radix outside 2..36) or ERANGE (too
 * small; the buffer then holds "").
 */

/* glibc's _FORTIFY_SOURCE wrappers would call its own functions; off when this header
   comes first (kmode-cc also passes -U_FORTIFY_SOURCE for apps). */
#if defined(_FORTIFY_SOURCE) && !defined(_FEATURES_H)
#undef _FORTIFY_SOURCE
#endif

#ifdef _STDLIB_H
/* glibc's is already in (libstdc++'s <cstdlib> includes it directly): the declarations
   below redeclare its functions with kmode's symbols. */
#define _KMUCRT_STDLIB_LATE 1
#include_next <stdlib.h>
#elif defined(__cplusplus)
/* C++: the next <stdlib.h> is libstdc++'s, whose <cstdlib> puts glibc's declarations into
   std:: at once; declared first, the functions carry kmode's symbols from the start. */
#include <stddef.h>
#include <kmode/msvc.h>
#if __cplusplus >= 201103L
#define _KMUCRT_NOTHROW noexcept(true)     /* as glibc declares them */
#else
#define _KMUCRT_NOTHROW throw()
#endif
KMODE_EXTERN_C_START
size_t __cdecl mbstowcs(wchar_t *Destination, const char *Source, size_t Count) _KMUCRT_NOTHROW __asm__("kmcrt_mbstowcs");
size_t __cdecl wcstombs(char *Destination, const wchar_t *Source, size_t Count) _KMUCRT_NOTHROW __asm__("kmcrt_wcstombs");
int __cdecl mbtowc(wchar_t *Destination, const char *Source, size_t Count) _KMUCRT_NOTHROW __asm__("kmcrt_mbtowc");
int __cdecl wctomb(char *Destination, wchar_t Char) _KMUCRT_NOTHROW __asm__("kmcrt_wctomb");
int __cdecl mblen(const char *Source, size_t Count) _KMUCRT_NOTHROW __asm__("kmcrt_mblen");
KMODE_EXTERN_C_END
#include_next <stdlib.h>
#else
/* glibc's own declarations (and _FORTIFY_SOURCE wrappers) go under other names. */
#define mbstowcs __kmode_glibc_mbstowcs
#define wcstombs __kmode_glibc_wcstombs
#define mbtowc   __kmode_glibc_mbtowc
#define wctomb   __kmode_glibc_wctomb
#define mblen    __kmode_glibc_mblen
#include_next <stdlib.h>
#undef mbstowcs
#undef wcstombs
#undef mbtowc
#undef wctomb
#undef mblen
#endif

#ifndef _KMODE_UCRT_STDLIB_H_
#define _KMODE_UCRT_STDLIB_H_

#include <crtdefs.h>

#undef MB_CUR_MAX
#define MB_CUR_MAX 1

#ifndef _MAX_PATH
#define _MAX_PATH   260
#define _MAX_DRIVE  3
#define _MAX_DIR    256
#define _MAX_FNAME  256
#define _MAX_EXT    256
#endif

KMODE_EXTERN_C_START

/* Invalid parameters (a NULL buffer or format given to a CRT function that checks it, e.g.
   the scanf family): the thread's handler, else the process's, is called and the function
   then fails (errno EINVAL); with neither the process ends at once with exit status
   0xC0000409 (STATUS_STACK_BUFFER_OVERRUN), as a release UCRT's fast fail ends it. The
   handler gets NULL strings and line 0, as from a release UCRT. */
typedef void (__cdecl *_invalid_parameter_handler)(const wchar_t *Expression, const wchar_t *Function,
                                                    const wchar_t *File, unsigned int Line, __UINTPTR_TYPE__ Reserved);
_invalid_parameter_handler __cdecl _set_invalid_parameter_handler(_invalid_parameter_handler Handler) _KMCRT_BIND(_set_invalid_parameter_handler);
_invalid_parameter_handler __cdecl _get_invalid_parameter_handler(void) _KMCRT_BIND(_get_invalid_parameter_handler);
_invalid_parameter_handler __cdecl _set_thread_local_invalid_parameter_handler(_invalid_parameter_handler Handler) _KMCRT_BIND(_set_thread_local_invalid_parameter_handler);
_invalid_parameter_handler __cdecl _get_thread_local_invalid_parameter_handler(void) _KMCRT_BIND(_get_thread_local_invalid_parameter_handler);

size_t __cdecl mbstowcs(wchar_t *Destination, const char *Source, size_t Count) _KMCRT_BIND(mbstowcs);
size_t __cdecl wcstombs(char *Destination, const wchar_t *Source, size_t Count) _KMCRT_BIND(wcstombs);
int __cdecl mbtowc(wchar_t *Destination, const char *Source, size_t Count) _KMCRT_BIND(mbtowc);
int __cdecl wctomb(char *Destination, wchar_t Char) _KMCRT_BIND(wctomb);
int __cdecl mblen(const char *Source, size_t Count) _KMCRT_BIND(mblen);

int __cdecl _wtoi(const wchar_t *String) _KMCRT_BIND(_wtoi);
long __cdecl _wtol(const wchar_t *String) _KMCRT_BIND(_wtol);
long long __cdecl _wtoi64(const wchar_t *String) _KMCRT_BIND(_wtoi64);
long long __cdecl _wtoll(const wchar_t *String) _KMCRT_BIND(_wtoi64);
long __cdecl wcstol(const wchar_t *String, wchar_t **EndPointer, int Radix) _KMCRT_BIND(wcstol);
unsigned long __cdecl wcstoul(const wchar_t *String, wchar_t **EndPointer, int Radix) _KMCRT_BIND(wcstoul);
long long __cdecl wcstoll(const wchar_t *String, wchar_t **EndPointer, int Radix) _KMCRT_BIND(_wcstoi64);
unsigned long long __cdecl wcstoull(const wchar_t *String, wchar_t **EndPointer, int Radix) _KMCRT_BIND(_wcstoui64);
long long __cdecl _wcstoi64(const wchar_t *String, wchar_t **EndPointer, int Radix) _KMCRT_BIND(_wcstoi64);
unsigned long long __cdecl _wcstoui64(const wchar_t *String, wchar_t **EndPointer, int Radix) _KMCRT_BIND(_wcstoui64);
/* Floating point, parsed as strtod does in the "C" locale. */
double __cdecl wcstod(const wchar_t *String, wchar_t **EndPointer) _KMCRT_BIND(wcstod);
float __cdecl wcstof(const wchar_t *String, wchar_t **EndPointer) _KMCRT_BIND(wcstof);
long double __cdecl wcstold(const wchar_t *String, wchar_t **EndPointer) _KMCRT_BIND(wcstold);
double __cdecl _wtof(const wchar_t *String) _KMCRT_BIND(_wtof);

long long __cdecl _atoi64(const char *String) _KMCRT_BIND(_atoi64);
long long __cdecl _strtoi64(const char *String, char **EndPointer, int Radix) _KMCRT_BIND(_strtoi64);
unsigned long long __cdecl _strtoui64(const char *String, char **EndPointer, int Radix) _KMCRT_BIND(_strtoui64);

char *__cdecl _itoa(int Value, char *Buffer, int Radix) _KMCRT_BIND(_itoa);
char *__cdecl _ltoa(long Value, char *Buffer, int Radix) _KMCRT_BIND(_ltoa);
char *__cdecl _ultoa(unsigned long Value, char *Buffer, int Radix) _KMCRT_BIND(_ultoa);
char *__cdecl _i64toa(long long Value, char *Buffer, int Radix) _KMCRT_BIND(_i64toa);
char *__cdecl _ui64toa(unsigned long long Value, char *Buffer, int Radix) _KMCRT_BIND(_ui64toa);
wchar_t *__cdecl _itow(int Value, wchar_t *Buffer, int Radix) _KMCRT_BIND(_itow);
wchar_t *__cdecl _ltow(long Value, wchar_t *Buffer, int Radix) _KMCRT_BIND(_ltow);
wchar_t *__cdecl _ultow(unsigned long Value, wchar_t *Buffer, int Radix) _KMCRT_BIND(_ultow);
wchar_t *__cdecl _i64tow(long long Value, wchar_t *Buffer, int Radix) _KMCRT_BIND(_i64tow);
wchar_t *__cdecl _ui64tow(unsigned long long Value, wchar_t *Buffer, int Radix) _KMCRT_BIND(_ui64tow);

errno_t __cdecl _itoa_s(int Value, char *Buffer, size_t Size, int Radix) _KMCRT_BIND(_itoa_s);
errno_t __cdecl _ltoa_s(long Value, char *Buffer, size_t Size, int Radix) _KMCRT_BIND(_ltoa_s);
errno_t __cdecl _ultoa_s(unsigned long Value, char *Buffer, size_t Size, int Radix) _KMCRT_BIND(_ultoa_s);
errno_t __cdecl _i64toa_s(long long Value, char *Buffer, size_t Size, int Radix) _KMCRT_BIND(_i64toa_s);
errno_t __cdecl _ui64toa_s(unsigned long long Value, char *Buffer, size_t Size, int Radix) _KMCRT_BIND(_ui64toa_s);
errno_t __cdecl _itow_s(int Value, wchar_t *Buffer, size_t Size, int Radix) _KMCRT_BIND(_itow_s);
errno_t __cdecl _ltow_s(long Value, wchar_t *Buffer, size_t Size, int Radix) _KMCRT_BIND(_ltow_s);
errno_t __cdecl _ultow_s(unsigned long Value, wchar_t *Buffer, size_t Size, int Radix) _KMCRT_BIND(_ultow_s);
errno_t __cdecl _i64tow_s(long long Value, wchar_t *Buffer, size_t Size, int Radix) _KMCRT_BIND(_i64tow_s);
errno_t __cdecl _ui64tow_s(unsigned long long Value, wchar_t *Buffer, size_t Size, int Radix) _KMCRT_BIND(_ui64tow_s);

KMODE_EXTERN_C_END

#if defined(__cplusplus) && defined(_KMUCRT_STDLIB_LATE)
/* <cstdlib> came first and already made std::mbstowcs & co. name glibc's declarations
   (a later asm label does not reach them in clang): route both spellings to kmode. */
KMODE_EXTERN_C_START
size_t __cdecl _kmcrt_mbstowcs(wchar_t *Destination, const char *Source, size_t Count) _KMCRT_BIND(mbstowcs);
size_t __cdecl _kmcrt_wcstombs(char *Destination, const wchar_t *Source, size_t Count) _KMCRT_BIND(wcstombs);
int __cdecl _kmcrt_mbtowc(wchar_t *Destination, const char *Source, size_t Count) _KMCRT_BIND(mbtowc);
int __cdecl _kmcrt_wctomb(char *Destination, wchar_t Char) _KMCRT_BIND(wctomb);
int __cdecl _kmcrt_mblen(const char *Source, size_t Count) _KMCRT_BIND(mblen);
KMODE_EXTERN_C_END
namespace std {
using ::_kmcrt_mbstowcs;
using ::_kmcrt_wcstombs;
using ::_kmcrt_mbtowc;
using ::_kmcrt_wctomb;
using ::_kmcrt_mblen;
}
#define mbstowcs _kmcrt_mbstowcs
#define wcstombs _kmcrt_wcstombs
#define mbtowc   _kmcrt_mbtowc
#define wctomb   _kmcrt_wctomb
#define mblen    _kmcrt_mblen
#endif

#ifdef __cplusplus
/* MSVC's C++ overloads of the secure conversions for arrays: the size is the array's. */
extern "C++" {
template <size_t _Size> inline errno_t _itoa_s(int Value, char (&Buffer)[_Size], int Radix) { return _itoa_s(Value, Buffer, _Size, Radix); }
template <size_t _Size> inline errno_t _ltoa_s(long Value, char (&Buffer)[_Size], int Radix) { return _ltoa_s(Value, Buffer, _Size, Radix); }
template <size_t _Size> inline errno_t _ultoa_s(unsigned long Value, char (&Buffer)[_Size], int Radix) { return _ultoa_s(Value, Buffer, _Size, Radix); }
template <size_t _Size> inline errno_t _itow_s(int Value, wchar_t (&Buffer)[_Size], int Radix) { return _itow_s(Value, Buffer, _Size, Radix); }
template <size_t _Size> inline errno_t _ltow_s(long Value, wchar_t (&Buffer)[_Size], int Radix) { return _ltow_s(Value, Buffer, _Size, Radix); }
template <size_t _Size> inline errno_t _ultow_s(unsigned long Value, wchar_t (&Buffer)[_Size], int Radix) { return _ultow_s(Value, Buffer, _Size, Radix); }
}
#endif

#define _abs64 llabs
#define itoa   _itoa
#define ltoa   _ltoa
#define ultoa  _ultoa

#endif /* _KMODE_UCRT_STDLIB_H_ */
