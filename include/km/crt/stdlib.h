/*
 * PURPOSE: Kernel C runtime: <stdlib.h> (no memory allocation: drivers use pool memory).
 *
 * Integer parsing follows the MS CRT in the "C" locale: leading white space, an optional
 * sign, "0x" for base 16 or 0, base 0 picks 8/10/16. Results that do not fit clamp
 * (strtol/atol to the 32-bit LONG range, atoi to int, the 64-bit forms to 64 bits; strtoul
 * to 0xFFFFFFFF, a negated in-range value wraps as on Windows). An invalid base returns 0
 * with *EndPointer = the input. There is no errno.
 * mbstowcs/wcstombs convert with the ANSI code page (Windows-1252); characters it cannot
 * represent become '?', as the kernel's RtlUnicodeToMultiByteN does.
 */
#ifndef _KMODE_CRT_STDLIB_H_
#define _KMODE_CRT_STDLIB_H_

#include <crtdefs.h>
#include <limits.h>

KMODE_EXTERN_C_START

int __cdecl atoi(const char *String) _KMCRT_BIND(atoi);
long __cdecl atol(const char *String) _KMCRT_BIND(atol);
long long __cdecl atoll(const char *String) _KMCRT_BIND(_atoi64);
long long __cdecl _atoi64(const char *String) _KMCRT_BIND(_atoi64);
long __cdecl strtol(const char *String, char **EndPointer, int Radix) _KMCRT_BIND(strtol);
unsigned long __cdecl strtoul(const char *String, char **EndPointer, int Radix) _KMCRT_BIND(strtoul);
long long __cdecl strtoll(const char *String, char **EndPointer, int Radix) _KMCRT_BIND(_strtoi64);
unsigned long long __cdecl strtoull(const char *String, char **EndPointer, int Radix) _KMCRT_BIND(_strtoui64);
long long __cdecl _strtoi64(const char *String, char **EndPointer, int Radix) _KMCRT_BIND(_strtoi64);
unsigned long long __cdecl _strtoui64(const char *String, char **EndPointer, int Radix) _KMCRT_BIND(_strtoui64);

int __cdecl _wtoi(const wchar_t *String) _KMCRT_BIND(_wtoi);
long __cdecl _wtol(const wchar_t *String) _KMCRT_BIND(_wtol);
long long __cdecl _wtoi64(const wchar_t *String) _KMCRT_BIND(_wtoi64);
long __cdecl wcstol(const wchar_t *String, wchar_t **EndPointer, int Radix) _KMCRT_BIND(wcstol);
unsigned long __cdecl wcstoul(const wchar_t *String, wchar_t **EndPointer, int Radix) _KMCRT_BIND(wcstoul);
long long __cdecl wcstoll(const wchar_t *String, wchar_t **EndPointer, int Radix) _KMCRT_BIND(_wcstoi64);
unsigned long long __cdecl wcstoull(const wchar_t *String, wchar_t **EndPointer, int Radix) _KMCRT_BIND(_wcstoui64);
long long __cdecl _wcstoi64(const wchar_t *String, wchar_t **EndPointer, int Radix) _KMCRT_BIND(_wcstoi64);
unsigned long long __cdecl _wcstoui64(const wchar_t *String, wchar_t **EndPointer, int Radix) _KMCRT_BIND(_wcstoui64);

/* Integer to text; Radix 2..36 (otherwise Buffer becomes ""); a minus sign only in
   radix 10. The buffer must be large enough (33 characters for 32-bit, 65 for 64-bit). */
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

size_t __cdecl mbstowcs(wchar_t *Destination, const char *Source, size_t Count) _KMCRT_BIND(mbstowcs);
size_t __cdecl wcstombs(char *Destination, const wchar_t *Source, size_t Count) _KMCRT_BIND(wcstombs);

int __cdecl abs(int Value);
long __cdecl labs(long Value);
long long __cdecl llabs(long long Value);
long long __cdecl _abs64(long long Value) __asm__("llabs");

void __cdecl qsort(void *Base, size_t Count, size_t Size,
                   int(__cdecl *Compare)(const void *, const void *));
void *__cdecl bsearch(const void *Key, const void *Base, size_t Count, size_t Size,
                      int(__cdecl *Compare)(const void *, const void *));

KMODE_EXTERN_C_END

#define itoa _itoa
#define ltoa _ltoa
#define ultoa _ultoa

#endif
