/*
 * PURPOSE: Kernel C runtime: the wide-string functions, declared by both <string.h> and
 * <wchar.h> as on Windows. All of them are kmode implementations over 16-bit wchar_t;
 * case-insensitive ones fold A-Z only ("C" locale).
 */
#ifndef _KMODE_CRT_WSTRING_H_
#define _KMODE_CRT_WSTRING_H_

#include <crtdefs.h>

KMODE_EXTERN_C_START

size_t __cdecl wcslen(const wchar_t *String) _KMCRT_BIND(wcslen);
size_t __cdecl wcsnlen(const wchar_t *String, size_t MaxCount) _KMCRT_BIND(wcsnlen);
wchar_t *__cdecl wcscpy(wchar_t *Destination, const wchar_t *Source) _KMCRT_BIND(wcscpy);
wchar_t *__cdecl wcsncpy(wchar_t *Destination, const wchar_t *Source, size_t Count) _KMCRT_BIND(wcsncpy);
wchar_t *__cdecl wcscat(wchar_t *Destination, const wchar_t *Source) _KMCRT_BIND(wcscat);
wchar_t *__cdecl wcsncat(wchar_t *Destination, const wchar_t *Source, size_t Count) _KMCRT_BIND(wcsncat);
int __cdecl wcscmp(const wchar_t *String1, const wchar_t *String2) _KMCRT_BIND(wcscmp);
int __cdecl wcsncmp(const wchar_t *String1, const wchar_t *String2, size_t Count) _KMCRT_BIND(wcsncmp);
int __cdecl _wcsicmp(const wchar_t *String1, const wchar_t *String2) _KMCRT_BIND(_wcsicmp);
int __cdecl _wcsnicmp(const wchar_t *String1, const wchar_t *String2, size_t Count) _KMCRT_BIND(_wcsnicmp);
wchar_t *__cdecl wcschr(const wchar_t *String, wchar_t Char) _KMCRT_BIND(wcschr);
wchar_t *__cdecl wcsrchr(const wchar_t *String, wchar_t Char) _KMCRT_BIND(wcsrchr);
wchar_t *__cdecl wcsstr(const wchar_t *String, const wchar_t *SubString) _KMCRT_BIND(wcsstr);
size_t __cdecl wcsspn(const wchar_t *String, const wchar_t *Control) _KMCRT_BIND(wcsspn);
size_t __cdecl wcscspn(const wchar_t *String, const wchar_t *Control) _KMCRT_BIND(wcscspn);
wchar_t *__cdecl wcspbrk(const wchar_t *String, const wchar_t *Control) _KMCRT_BIND(wcspbrk);
wchar_t *__cdecl _wcslwr(wchar_t *String) _KMCRT_BIND(_wcslwr);
wchar_t *__cdecl _wcsupr(wchar_t *String) _KMCRT_BIND(_wcsupr);
wchar_t *__cdecl _wcsrev(wchar_t *String) _KMCRT_BIND(_wcsrev);

/* Secure variants: return 0, EINVAL, ERANGE or STRUNCATE as the MS CRT documents. */
errno_t __cdecl wcscpy_s(wchar_t *Destination, rsize_t SizeInWords, const wchar_t *Source) _KMCRT_BIND(wcscpy_s);
errno_t __cdecl wcscat_s(wchar_t *Destination, rsize_t SizeInWords, const wchar_t *Source) _KMCRT_BIND(wcscat_s);
errno_t __cdecl wcsncpy_s(wchar_t *Destination, rsize_t SizeInWords, const wchar_t *Source, rsize_t Count) _KMCRT_BIND(wcsncpy_s);
errno_t __cdecl wcsncat_s(wchar_t *Destination, rsize_t SizeInWords, const wchar_t *Source, rsize_t Count) _KMCRT_BIND(wcsncat_s);

wchar_t *__cdecl wmemcpy(wchar_t *Destination, const wchar_t *Source, size_t Count) _KMCRT_BIND(wmemcpy);
wchar_t *__cdecl wmemmove(wchar_t *Destination, const wchar_t *Source, size_t Count) _KMCRT_BIND(wmemmove);
wchar_t *__cdecl wmemset(wchar_t *Destination, wchar_t Char, size_t Count) _KMCRT_BIND(wmemset);
int __cdecl wmemcmp(const wchar_t *Buffer1, const wchar_t *Buffer2, size_t Count) _KMCRT_BIND(wmemcmp);
wchar_t *__cdecl wmemchr(const wchar_t *Buffer, wchar_t Char, size_t Count) _KMCRT_BIND(wmemchr);

KMODE_EXTERN_C_END

#endif
