/*
 * PURPOSE: Kernel C runtime: <stdio.h> - string formatting only (drivers have no FILE,
 * no console, no printf). Formats have Microsoft semantics (kmode's engine, the one
 * DbgPrint uses): %wZ, %ws, %I64d, 32-bit %ld, %p as 16 uppercase digits; %n is refused.
 *
 * Results, as the MS CRT documents them (len = length of the complete output):
 *  sprintf/vsprintf      write len characters and a NUL; return len.
 *  snprintf/vsnprintf    C99: write at most Count-1 characters and a NUL; return len
 *                        (Buffer NULL with Count 0 only measures).
 *  _snprintf/_vsnprintf  write at most Count characters; the NUL only if len < Count;
 *                        return len, or -1 if len > Count (no terminator when full!).
 *  swprintf/vswprintf    ISO form (Buffer, Count, Format): NUL-terminated; -1 when the
 *                        output needs Count or more characters (it is truncated). The
 *                        legacy form (Buffer, Format) with _CRT_NON_CONFORMING_SWPRINTFS.
 *  *_s                   never overflow: sprintf_s fails (Buffer = "", -1) if the output
 *                        does not fit; _snprintf_s(..., Count, ...) truncates to Count
 *                        characters (or to what fits with _TRUNCATE) and returns -1.
 *  _scprintf/_vscprintf  return len without writing.
 * An invalid format returns -1 (Buffer holds "" where a terminator fits).
 */
#ifndef _KMODE_CRT_STDIO_H_
#define _KMODE_CRT_STDIO_H_

#include <crtdefs.h>

#ifndef EOF
#define EOF (-1)
#endif
#ifndef WEOF
#define WEOF ((wint_t)0xFFFF)
#endif

KMODE_EXTERN_C_START

/* The C names compilers treat as built-ins are renamed so format checks and folding with
   glibc's rules never apply to them. */
int __cdecl _kmcrt_sprintf(char *Buffer, const char *Format, ...) _KMCRT_BIND(sprintf);
int __cdecl _kmcrt_vsprintf(char *Buffer, const char *Format, va_list Args) _KMCRT_BIND(vsprintf);
int __cdecl _kmcrt_snprintf(char *Buffer, size_t Count, const char *Format, ...) _KMCRT_BIND(snprintf);
int __cdecl _kmcrt_vsnprintf(char *Buffer, size_t Count, const char *Format, va_list Args) _KMCRT_BIND(vsnprintf);
#define sprintf _kmcrt_sprintf
#define vsprintf _kmcrt_vsprintf
#define snprintf _kmcrt_snprintf
#define vsnprintf _kmcrt_vsnprintf

int __cdecl _snprintf(char *Buffer, size_t Count, const char *Format, ...) _KMCRT_BIND(_snprintf);
int __cdecl _vsnprintf(char *Buffer, size_t Count, const char *Format, va_list Args) _KMCRT_BIND(_vsnprintf);
int __cdecl _snwprintf(wchar_t *Buffer, size_t Count, const wchar_t *Format, ...) _KMCRT_BIND(_snwprintf);
int __cdecl _vsnwprintf(wchar_t *Buffer, size_t Count, const wchar_t *Format, va_list Args) _KMCRT_BIND(_vsnwprintf);

#ifdef _CRT_NON_CONFORMING_SWPRINTFS
int __cdecl swprintf(wchar_t *Buffer, const wchar_t *Format, ...) _KMCRT_BIND(_swprintf);
int __cdecl vswprintf(wchar_t *Buffer, const wchar_t *Format, va_list Args) _KMCRT_BIND(_vswprintf);
#else
int __cdecl swprintf(wchar_t *Buffer, size_t Count, const wchar_t *Format, ...) _KMCRT_BIND(swprintf);
int __cdecl vswprintf(wchar_t *Buffer, size_t Count, const wchar_t *Format, va_list Args) _KMCRT_BIND(vswprintf);
#endif
int __cdecl _swprintf(wchar_t *Buffer, const wchar_t *Format, ...) _KMCRT_BIND(_swprintf);
int __cdecl _vswprintf(wchar_t *Buffer, const wchar_t *Format, va_list Args) _KMCRT_BIND(_vswprintf);

int __cdecl sprintf_s(char *Buffer, size_t SizeInBytes, const char *Format, ...) _KMCRT_BIND(sprintf_s);
int __cdecl vsprintf_s(char *Buffer, size_t SizeInBytes, const char *Format, va_list Args) _KMCRT_BIND(vsprintf_s);
int __cdecl _snprintf_s(char *Buffer, size_t SizeInBytes, size_t Count, const char *Format, ...) _KMCRT_BIND(_snprintf_s);
int __cdecl _vsnprintf_s(char *Buffer, size_t SizeInBytes, size_t Count, const char *Format, va_list Args) _KMCRT_BIND(_vsnprintf_s);
int __cdecl swprintf_s(wchar_t *Buffer, size_t SizeInWords, const wchar_t *Format, ...) _KMCRT_BIND(swprintf_s);
int __cdecl vswprintf_s(wchar_t *Buffer, size_t SizeInWords, const wchar_t *Format, va_list Args) _KMCRT_BIND(vswprintf_s);
int __cdecl _snwprintf_s(wchar_t *Buffer, size_t SizeInWords, size_t Count, const wchar_t *Format, ...) _KMCRT_BIND(_snwprintf_s);
int __cdecl _vsnwprintf_s(wchar_t *Buffer, size_t SizeInWords, size_t Count, const wchar_t *Format, va_list Args) _KMCRT_BIND(_vsnwprintf_s);

int __cdecl _scprintf(const char *Format, ...) _KMCRT_BIND(_scprintf);
int __cdecl _vscprintf(const char *Format, va_list Args) _KMCRT_BIND(_vscprintf);
int __cdecl _scwprintf(const wchar_t *Format, ...) _KMCRT_BIND(_scwprintf);
int __cdecl _vscwprintf(const wchar_t *Format, va_list Args) _KMCRT_BIND(_vscwprintf);

KMODE_EXTERN_C_END

#endif
