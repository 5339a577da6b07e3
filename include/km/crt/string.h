/*
 * PURPOSE: Kernel C runtime: <string.h>. The standard narrow functions bind to the C library
 * (same semantics); the MS-only and secure ones, and every wide function, are kmode's.
 * Case-insensitive functions use the "C" locale (A-Z only). strtok and _strdup are absent:
 * the first keeps hidden global state, the second needs pool memory.
 */
#ifndef _KMODE_CRT_STRING_H_
#define _KMODE_CRT_STRING_H_

#include <crtdefs.h>
#include <_kmcrt_wstring.h>

KMODE_EXTERN_C_START

void *__cdecl memcpy(void *Destination, const void *Source, size_t Size);
void *__cdecl memmove(void *Destination, const void *Source, size_t Size);
void *__cdecl memset(void *Destination, int Value, size_t Size);
int __cdecl memcmp(const void *Buffer1, const void *Buffer2, size_t Size);
void *__cdecl memchr(const void *Buffer, int Value, size_t Size);
size_t __cdecl strlen(const char *String);
size_t __cdecl strnlen(const char *String, size_t MaxCount);
int __cdecl strcmp(const char *String1, const char *String2);
int __cdecl strncmp(const char *String1, const char *String2, size_t Count);
char *__cdecl strcpy(char *Destination, const char *Source);
char *__cdecl strncpy(char *Destination, const char *Source, size_t Count);
char *__cdecl strcat(char *Destination, const char *Source);
char *__cdecl strncat(char *Destination, const char *Source, size_t Count);
char *__cdecl strchr(const char *String, int Char);
char *__cdecl strrchr(const char *String, int Char);
char *__cdecl strstr(const char *String, const char *SubString);
size_t __cdecl strspn(const char *String, const char *Control);
size_t __cdecl strcspn(const char *String, const char *Control);
char *__cdecl strpbrk(const char *String, const char *Control);

int __cdecl _stricmp(const char *String1, const char *String2) _KMCRT_BIND(_stricmp);
int __cdecl _strnicmp(const char *String1, const char *String2, size_t Count) _KMCRT_BIND(_strnicmp);
int __cdecl _memicmp(const void *Buffer1, const void *Buffer2, size_t Size) _KMCRT_BIND(_memicmp);
char *__cdecl _strlwr(char *String) _KMCRT_BIND(_strlwr);
char *__cdecl _strupr(char *String) _KMCRT_BIND(_strupr);
char *__cdecl _strrev(char *String) _KMCRT_BIND(_strrev);

/* Secure variants: return 0, EINVAL, ERANGE or STRUNCATE as the MS CRT documents. Invalid
   parameters return their errno_t (the CRT's invalid-parameter handler returning). */
errno_t __cdecl strcpy_s(char *Destination, rsize_t SizeInBytes, const char *Source) _KMCRT_BIND(strcpy_s);
errno_t __cdecl strcat_s(char *Destination, rsize_t SizeInBytes, const char *Source) _KMCRT_BIND(strcat_s);
errno_t __cdecl strncpy_s(char *Destination, rsize_t SizeInBytes, const char *Source, rsize_t Count) _KMCRT_BIND(strncpy_s);
errno_t __cdecl strncat_s(char *Destination, rsize_t SizeInBytes, const char *Source, rsize_t Count) _KMCRT_BIND(strncat_s);
errno_t __cdecl memcpy_s(void *Destination, rsize_t DestinationSize, const void *Source, rsize_t Count) _KMCRT_BIND(memcpy_s);
errno_t __cdecl memmove_s(void *Destination, rsize_t DestinationSize, const void *Source, rsize_t Count) _KMCRT_BIND(memmove_s);

/* Old names Windows still accepts. */
#define stricmp _stricmp
#define strnicmp _strnicmp
#define strlwr _strlwr
#define strupr _strupr
#define strrev _strrev
#define memicmp _memicmp
#define wcsicmp _wcsicmp
#define wcsnicmp _wcsnicmp
#define wcslwr _wcslwr
#define wcsupr _wcsupr
#define wcsrev _wcsrev

KMODE_EXTERN_C_END

#endif
