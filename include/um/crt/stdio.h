/*
 * PURPOSE: User-mode C runtime: <stdio.h>. glibc's streams (FILE, fopen, fputs, ...) with
 * kmode's printf family, which has the Microsoft semantics of the kernel CRT's engine: %ws
 * %S %ls wide strings, %wZ, %I64d %I32d %Id, %l 32-bit, %p as 16 uppercase digits, %n
 * refused (the call fails). printf/fprintf/vprintf/vfprintf format with it and write the
 * result to the glibc FILE, so output stays in order with puts/fputs/putchar and keeps
 * glibc's buffering; on a terminal each call's output is flushed at once, as the MS CRT
 * shows console output.
 *
 * fopen, remove and rename take Windows names (see below), mapped to Linux paths as the
 * Win32 file functions map them.
 *
 * Wide output (wprintf, fputws, putwchar, ...) is written as UTF-8; wide input (fgetwc,
 * fgetws, getwchar) reads UTF-8, a character outside the BMP or an invalid sequence reads
 * as U+FFFD. Return values of the wide output functions count UTF-16 units.
 *
 * Buffer formatting (sprintf, snprintf, _snprintf, swprintf, the _s forms, _scprintf) is
 * the kernel CRT's, with the MS CRT's truncation rules (see include/km/crt/stdio.h).
 *
 * The scanf family (sscanf, _snscanf, swscanf, scanf, fscanf, wscanf, fwscanf, their v
 * and _s forms) is kmode's, with the MS CRT's formats: %ld is a 32-bit LONG, %I64d,
 * %I32d, %Id, %hs/%ls/%S/%C/%ws cross text widths (in the wide functions %s is wide and
 * %S narrow), and the _s forms take an unsigned int size after every %s %c %[ buffer; a
 * field too long for it leaves "" there and ends the scan. NULL arguments are invalid
 * parameters (the handler of _set_invalid_parameter_handler, by default the end of the
 * process, as on Windows). Details: src/win32/crt_scan.c.
 */

/* glibc's _FORTIFY_SOURCE wrappers would call its own functions; off when this header
   comes first (kmode-cc also passes -U_FORTIFY_SOURCE for apps). */
#if defined(_FORTIFY_SOURCE) && !defined(_FEATURES_H)
#undef _FORTIFY_SOURCE
#endif

#ifndef _STDIO_H
#define _KMUCRT_STDIO_FIRST 1
/* glibc's own printf family (and _FORTIFY_SOURCE wrappers) go under other names. */
#define printf    __kmode_glibc_printf
#define fprintf   __kmode_glibc_fprintf
#define sprintf   __kmode_glibc_sprintf
#define snprintf  __kmode_glibc_snprintf
#define vprintf   __kmode_glibc_vprintf
#define vfprintf  __kmode_glibc_vfprintf
#define vsprintf  __kmode_glibc_vsprintf
#define vsnprintf __kmode_glibc_vsnprintf
#define open_wmemstream __kmode_glibc_open_wmemstream
#define scanf     __kmode_glibc_scanf
#define fscanf    __kmode_glibc_fscanf
#define sscanf    __kmode_glibc_sscanf
#define vscanf    __kmode_glibc_vscanf
#define vfscanf   __kmode_glibc_vfscanf
#define vsscanf   __kmode_glibc_vsscanf
#define fopen     __kmode_glibc_fopen
#define remove    __kmode_glibc_remove
#define rename    __kmode_glibc_rename
#include_next <stdio.h>
#undef printf
#undef fprintf
#undef sprintf
#undef snprintf
#undef vprintf
#undef vfprintf
#undef vsprintf
#undef vsnprintf
#undef open_wmemstream
#undef scanf
#undef fscanf
#undef sscanf
#undef vscanf
#undef vfscanf
#undef vsscanf
#undef fopen
#undef remove
#undef rename
#else
#include_next <stdio.h>
#endif

#ifndef _KMODE_UCRT_STDIO_H_
#define _KMODE_UCRT_STDIO_H_

#include <crtdefs.h>

#ifndef WEOF
#define WEOF ((wint_t)0xFFFF)
#endif

/*
 * The printf family must not be the compilers' built-ins (they check and fold formats with
 * glibc's rules and reject %ws or %lu for a DWORD). C calls it through function-like macros
 * (so `__attribute__((format(printf, ...)))` in app code still names the archetype, and
 * the plain names, bound to the same symbols, serve function pointers); C++ declares it with
 * C++ linkage, which built-ins never have (std::printf still works). When glibc's
 * <stdio.h> came first in C++, plain redeclarations have to do.
 */
#if defined(__cplusplus) && defined(_KMUCRT_STDIO_FIRST)
#define _KMUCRT_PRINTF(ret, name, params) extern "C++" ret __cdecl name params _KMCRT_BIND(name);
#elif defined(__cplusplus)
#define _KMUCRT_PRINTF(ret, name, params) extern "C" ret __cdecl name params _KMCRT_BIND(name);
#else
#define _KMUCRT_PRINTF(ret, name, params) \
    extern ret __cdecl name params _KMCRT_BIND(name); \
    extern ret __cdecl _kmcrt_##name params _KMCRT_BIND(name);
#endif

_KMUCRT_PRINTF(int, printf, (const char *Format, ...))
_KMUCRT_PRINTF(int, fprintf, (FILE *Stream, const char *Format, ...))
_KMUCRT_PRINTF(int, vprintf, (const char *Format, va_list Args))
_KMUCRT_PRINTF(int, vfprintf, (FILE *Stream, const char *Format, va_list Args))
_KMUCRT_PRINTF(int, sprintf, (char *Buffer, const char *Format, ...))
_KMUCRT_PRINTF(int, vsprintf, (char *Buffer, const char *Format, va_list Args))
_KMUCRT_PRINTF(int, snprintf, (char *Buffer, size_t Count, const char *Format, ...))
_KMUCRT_PRINTF(int, vsnprintf, (char *Buffer, size_t Count, const char *Format, va_list Args))
_KMUCRT_PRINTF(int, scanf, (const char *Format, ...))
_KMUCRT_PRINTF(int, fscanf, (FILE *Stream, const char *Format, ...))
_KMUCRT_PRINTF(int, sscanf, (const char *Buffer, const char *Format, ...))
_KMUCRT_PRINTF(int, vscanf, (const char *Format, va_list Args))
_KMUCRT_PRINTF(int, vfscanf, (FILE *Stream, const char *Format, va_list Args))
_KMUCRT_PRINTF(int, vsscanf, (const char *Buffer, const char *Format, va_list Args))

#ifndef __cplusplus
#define printf(...)    _kmcrt_printf(__VA_ARGS__)
#define fprintf(...)   _kmcrt_fprintf(__VA_ARGS__)
#define vprintf(...)   _kmcrt_vprintf(__VA_ARGS__)
#define vfprintf(...)  _kmcrt_vfprintf(__VA_ARGS__)
#define sprintf(...)   _kmcrt_sprintf(__VA_ARGS__)
#define vsprintf(...)  _kmcrt_vsprintf(__VA_ARGS__)
#define snprintf(...)  _kmcrt_snprintf(__VA_ARGS__)
#define vsnprintf(...) _kmcrt_vsnprintf(__VA_ARGS__)
#define scanf(...)     _kmcrt_scanf(__VA_ARGS__)
#define fscanf(...)    _kmcrt_fscanf(__VA_ARGS__)
#define sscanf(...)    _kmcrt_sscanf(__VA_ARGS__)
#define vscanf(...)    _kmcrt_vscanf(__VA_ARGS__)
#define vfscanf(...)   _kmcrt_vfscanf(__VA_ARGS__)
#define vsscanf(...)   _kmcrt_vsscanf(__VA_ARGS__)
#endif

KMODE_EXTERN_C_START

/* Stream output with the MS engine; the _s forms are the same (the engine validates every
   format). A NULL stream or format, an invalid format or a write error give -1. */
int __cdecl printf_s(const char *Format, ...) _KMCRT_BIND(printf);
int __cdecl fprintf_s(FILE *Stream, const char *Format, ...) _KMCRT_BIND(fprintf);
int __cdecl vprintf_s(const char *Format, va_list Args) _KMCRT_BIND(vprintf);
int __cdecl vfprintf_s(FILE *Stream, const char *Format, va_list Args) _KMCRT_BIND(vfprintf);
int __cdecl wprintf(const wchar_t *Format, ...) _KMCRT_BIND(wprintf);
int __cdecl fwprintf(FILE *Stream, const wchar_t *Format, ...) _KMCRT_BIND(fwprintf);
int __cdecl vwprintf(const wchar_t *Format, va_list Args) _KMCRT_BIND(vwprintf);
int __cdecl vfwprintf(FILE *Stream, const wchar_t *Format, va_list Args) _KMCRT_BIND(vfwprintf);
int __cdecl wprintf_s(const wchar_t *Format, ...) _KMCRT_BIND(wprintf);
int __cdecl fwprintf_s(FILE *Stream, const wchar_t *Format, ...) _KMCRT_BIND(fwprintf);
int __cdecl vwprintf_s(const wchar_t *Format, va_list Args) _KMCRT_BIND(vwprintf);
int __cdecl vfwprintf_s(FILE *Stream, const wchar_t *Format, va_list Args) _KMCRT_BIND(vfwprintf);

/* Buffer formatting (kernel CRT). */
int __cdecl _snprintf(char *Buffer, size_t Count, const char *Format, ...) _KMCRT_BIND(_snprintf);
int __cdecl _vsnprintf(char *Buffer, size_t Count, const char *Format, va_list Args) _KMCRT_BIND(_vsnprintf);
int __cdecl sprintf_s(char *Buffer, size_t SizeInBytes, const char *Format, ...) _KMCRT_BIND(sprintf_s);
int __cdecl vsprintf_s(char *Buffer, size_t SizeInBytes, const char *Format, va_list Args) _KMCRT_BIND(vsprintf_s);
int __cdecl _snprintf_s(char *Buffer, size_t SizeInBytes, size_t Count, const char *Format, ...) _KMCRT_BIND(_snprintf_s);
int __cdecl _vsnprintf_s(char *Buffer, size_t SizeInBytes, size_t Count, const char *Format, va_list Args) _KMCRT_BIND(_vsnprintf_s);
int __cdecl _scprintf(const char *Format, ...) _KMCRT_BIND(_scprintf);
int __cdecl _vscprintf(const char *Format, va_list Args) _KMCRT_BIND(_vscprintf);

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
int __cdecl swprintf_s(wchar_t *Buffer, size_t SizeInWords, const wchar_t *Format, ...) _KMCRT_BIND(swprintf_s);
int __cdecl vswprintf_s(wchar_t *Buffer, size_t SizeInWords, const wchar_t *Format, va_list Args) _KMCRT_BIND(vswprintf_s);
int __cdecl _snwprintf_s(wchar_t *Buffer, size_t SizeInWords, size_t Count, const wchar_t *Format, ...) _KMCRT_BIND(_snwprintf_s);
int __cdecl _vsnwprintf_s(wchar_t *Buffer, size_t SizeInWords, size_t Count, const wchar_t *Format, va_list Args) _KMCRT_BIND(_vsnwprintf_s);
int __cdecl _scwprintf(const wchar_t *Format, ...) _KMCRT_BIND(_scwprintf);
int __cdecl _vscwprintf(const wchar_t *Format, va_list Args) _KMCRT_BIND(_vscwprintf);

/* File names are Windows names, mapped as the Win32 functions map them (docs/paths.md):
   "C:\\temp\\app.log", "Logs\\run.txt" (any case), or a Linux path. Narrow names are
   ANSI (Windows-1252). fopen_s/_wfopen_s return 0 or the errno value (EINVAL for NULL
   arguments). remove is DeleteFile (EACCES for a directory or a read-only file); rename
   never replaces an existing target (EACCES). */
FILE *__cdecl fopen(const char *FileName, const char *Mode) _KMCRT_BIND(fopen);
FILE *__cdecl _wfopen(const wchar_t *FileName, const wchar_t *Mode) _KMCRT_BIND(_wfopen);
errno_t __cdecl fopen_s(FILE **File, const char *FileName, const char *Mode) _KMCRT_BIND(fopen_s);
errno_t __cdecl _wfopen_s(FILE **File, const wchar_t *FileName, const wchar_t *Mode) _KMCRT_BIND(_wfopen_s);
int __cdecl remove(const char *FileName) _KMCRT_BIND(remove);
int __cdecl _wremove(const wchar_t *FileName) _KMCRT_BIND(_wremove);
int __cdecl rename(const char *OldName, const char *NewName) _KMCRT_BIND(rename);
int __cdecl _wrename(const wchar_t *OldName, const wchar_t *NewName) _KMCRT_BIND(_wrename);

/* Wide character I/O, UTF-8 on the stream. */
wint_t __cdecl fputwc(wchar_t Char, FILE *Stream) _KMCRT_BIND(fputwc);
wint_t __cdecl putwc(wchar_t Char, FILE *Stream) _KMCRT_BIND(fputwc);
wint_t __cdecl putwchar(wchar_t Char) _KMCRT_BIND(putwchar);
int __cdecl fputws(const wchar_t *String, FILE *Stream) _KMCRT_BIND(fputws);
int __cdecl _putws(const wchar_t *String) _KMCRT_BIND(_putws);
wint_t __cdecl fgetwc(FILE *Stream) _KMCRT_BIND(fgetwc);
wint_t __cdecl getwc(FILE *Stream) _KMCRT_BIND(fgetwc);
wint_t __cdecl getwchar(void) _KMCRT_BIND(getwchar);
wchar_t *__cdecl fgetws(wchar_t *Buffer, int Count, FILE *Stream) _KMCRT_BIND(fgetws);
wint_t __cdecl ungetwc(wint_t Char, FILE *Stream) _KMCRT_BIND(ungetwc);

/* The scanf family with MS formats (src/win32/crt_scan.c). The _s forms take the size of
   each %s %c %[ buffer, in characters, as an unsigned int after its pointer. */
int __cdecl scanf_s(const char *Format, ...) _KMCRT_BIND(scanf_s);
int __cdecl fscanf_s(FILE *Stream, const char *Format, ...) _KMCRT_BIND(fscanf_s);
int __cdecl sscanf_s(const char *Buffer, const char *Format, ...) _KMCRT_BIND(sscanf_s);
int __cdecl vscanf_s(const char *Format, va_list Args) _KMCRT_BIND(vscanf_s);
int __cdecl vfscanf_s(FILE *Stream, const char *Format, va_list Args) _KMCRT_BIND(vfscanf_s);
int __cdecl vsscanf_s(const char *Buffer, const char *Format, va_list Args) _KMCRT_BIND(vsscanf_s);
int __cdecl _snscanf(const char *Buffer, size_t Count, const char *Format, ...) _KMCRT_BIND(_snscanf);
int __cdecl _snscanf_s(const char *Buffer, size_t Count, const char *Format, ...) _KMCRT_BIND(_snscanf_s);
int __cdecl wscanf(const wchar_t *Format, ...) _KMCRT_BIND(wscanf);
int __cdecl fwscanf(FILE *Stream, const wchar_t *Format, ...) _KMCRT_BIND(fwscanf);
int __cdecl swscanf(const wchar_t *Buffer, const wchar_t *Format, ...) _KMCRT_BIND(swscanf);
int __cdecl vwscanf(const wchar_t *Format, va_list Args) _KMCRT_BIND(vwscanf);
int __cdecl vfwscanf(FILE *Stream, const wchar_t *Format, va_list Args) _KMCRT_BIND(vfwscanf);
int __cdecl vswscanf(const wchar_t *Buffer, const wchar_t *Format, va_list Args) _KMCRT_BIND(vswscanf);
int __cdecl wscanf_s(const wchar_t *Format, ...) _KMCRT_BIND(wscanf_s);
int __cdecl fwscanf_s(FILE *Stream, const wchar_t *Format, ...) _KMCRT_BIND(fwscanf_s);
int __cdecl swscanf_s(const wchar_t *Buffer, const wchar_t *Format, ...) _KMCRT_BIND(swscanf_s);
int __cdecl vwscanf_s(const wchar_t *Format, va_list Args) _KMCRT_BIND(vwscanf_s);
int __cdecl vfwscanf_s(FILE *Stream, const wchar_t *Format, va_list Args) _KMCRT_BIND(vfwscanf_s);
int __cdecl vswscanf_s(const wchar_t *Buffer, const wchar_t *Format, va_list Args) _KMCRT_BIND(vswscanf_s);
int __cdecl _snwscanf(const wchar_t *Buffer, size_t Count, const wchar_t *Format, ...) _KMCRT_BIND(_snwscanf);
int __cdecl _snwscanf_s(const wchar_t *Buffer, size_t Count, const wchar_t *Format, ...) _KMCRT_BIND(_snwscanf_s);

/* Not available: glibc's would read 32-bit wchar_t. */
int __cdecl fwide(FILE *Stream, int Mode) _KMUCRT_UNAVAILABLE(fwide);
#ifdef _KMUCRT_STDIO_FIRST
FILE *__cdecl open_wmemstream(wchar_t **Buffer, size_t *Size) _KMUCRT_UNAVAILABLE(open_wmemstream);
#endif

KMODE_EXTERN_C_END

#ifdef __cplusplus
/* MSVC's C++ overloads of the secure functions for arrays: the size is the array's. */
extern "C++" {
template <size_t _Size> inline int vsprintf_s(char (&Buffer)[_Size], const char *Format, va_list Args) { return vsprintf_s(Buffer, _Size, Format, Args); }
template <size_t _Size> inline int sprintf_s(char (&Buffer)[_Size], const char *Format, ...)
{
    va_list args;
    int result;
    va_start(args, Format);
    result = vsprintf_s(Buffer, _Size, Format, args);
    va_end(args);
    return result;
}
template <size_t _Size> inline int _vsnprintf_s(char (&Buffer)[_Size], size_t Count, const char *Format, va_list Args) { return _vsnprintf_s(Buffer, _Size, Count, Format, Args); }
template <size_t _Size> inline int _snprintf_s(char (&Buffer)[_Size], size_t Count, const char *Format, ...)
{
    va_list args;
    int result;
    va_start(args, Format);
    result = _vsnprintf_s(Buffer, _Size, Count, Format, args);
    va_end(args);
    return result;
}
template <size_t _Size> inline int vswprintf_s(wchar_t (&Buffer)[_Size], const wchar_t *Format, va_list Args) { return vswprintf_s(Buffer, _Size, Format, Args); }
template <size_t _Size> inline int swprintf_s(wchar_t (&Buffer)[_Size], const wchar_t *Format, ...)
{
    va_list args;
    int result;
    va_start(args, Format);
    result = vswprintf_s(Buffer, _Size, Format, args);
    va_end(args);
    return result;
}
template <size_t _Size> inline int _vsnwprintf_s(wchar_t (&Buffer)[_Size], size_t Count, const wchar_t *Format, va_list Args) { return _vsnwprintf_s(Buffer, _Size, Count, Format, Args); }
template <size_t _Size> inline int _snwprintf_s(wchar_t (&Buffer)[_Size], size_t Count, const wchar_t *Format, ...)
{
    va_list args;
    int result;
    va_start(args, Format);
    result = _vsnwprintf_s(Buffer, _Size, Count, Format, args);
    va_end(args);
    return result;
}
}
#endif

/* MS spellings of POSIX stream functions. */
#define _fileno  fileno
#define _fdopen  fdopen
#define _popen   popen
#define _pclose  pclose
#define _getw    getw
#define _putw    putw

#endif /* _KMODE_UCRT_STDIO_H_ */
