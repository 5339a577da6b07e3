/*
 * PURPOSE: User-mode C runtime: <inttypes.h> is glibc's, with wcstoimax/wcstoumax bound to
 * kmode's 16-bit wide parsers (the _wcstoi64/_wcstoui64 semantics), and the PRI macros of
 * the 64-bit types spelled for kmode's printf, where %l is 32-bit as on Windows: "lld"
 * (glibc's "ld" would print only the low 32 bits). The SCN macros stay glibc's, for
 * glibc's scanf.
 */

/* glibc's _FORTIFY_SOURCE wrappers would call its own functions; off when this header
   comes first (kmode-cc also passes -U_FORTIFY_SOURCE for apps). */
#if defined(_FORTIFY_SOURCE) && !defined(_FEATURES_H)
#undef _FORTIFY_SOURCE
#endif
#ifndef _INTTYPES_H
#define wcstoimax __kmode_glibc_wcstoimax
#define wcstoumax __kmode_glibc_wcstoumax
#include_next <inttypes.h>
#undef wcstoimax
#undef wcstoumax
#else
#include_next <inttypes.h>
#endif

#ifndef _KMODE_UCRT_INTTYPES_H_
#define _KMODE_UCRT_INTTYPES_H_
#include <crtdefs.h>
KMODE_EXTERN_C_START
intmax_t __cdecl wcstoimax(const wchar_t *String, wchar_t **EndPointer, int Radix) _KMCRT_BIND(_wcstoi64);
uintmax_t __cdecl wcstoumax(const wchar_t *String, wchar_t **EndPointer, int Radix) _KMCRT_BIND(_wcstoui64);
KMODE_EXTERN_C_END

#undef PRId64
#define PRId64 "lld"
#undef PRIdLEAST64
#define PRIdLEAST64 "lld"
#undef PRIdFAST64
#define PRIdFAST64 "lld"
#undef PRIdMAX
#define PRIdMAX "lld"
#undef PRIdPTR
#define PRIdPTR "lld"
#undef PRIdFAST16
#define PRIdFAST16 "lld"
#undef PRIdFAST32
#define PRIdFAST32 "lld"
#undef PRIi64
#define PRIi64 "lli"
#undef PRIiLEAST64
#define PRIiLEAST64 "lli"
#undef PRIiFAST64
#define PRIiFAST64 "lli"
#undef PRIiMAX
#define PRIiMAX "lli"
#undef PRIiPTR
#define PRIiPTR "lli"
#undef PRIiFAST16
#define PRIiFAST16 "lli"
#undef PRIiFAST32
#define PRIiFAST32 "lli"
#undef PRIo64
#define PRIo64 "llo"
#undef PRIoLEAST64
#define PRIoLEAST64 "llo"
#undef PRIoFAST64
#define PRIoFAST64 "llo"
#undef PRIoMAX
#define PRIoMAX "llo"
#undef PRIoPTR
#define PRIoPTR "llo"
#undef PRIoFAST16
#define PRIoFAST16 "llo"
#undef PRIoFAST32
#define PRIoFAST32 "llo"
#undef PRIu64
#define PRIu64 "llu"
#undef PRIuLEAST64
#define PRIuLEAST64 "llu"
#undef PRIuFAST64
#define PRIuFAST64 "llu"
#undef PRIuMAX
#define PRIuMAX "llu"
#undef PRIuPTR
#define PRIuPTR "llu"
#undef PRIuFAST16
#define PRIuFAST16 "llu"
#undef PRIuFAST32
#define PRIuFAST32 "llu"
#undef PRIx64
#define PRIx64 "llx"
#undef PRIxLEAST64
#define PRIxLEAST64 "llx"
#undef PRIxFAST64
#define PRIxFAST64 "llx"
#undef PRIxMAX
#define PRIxMAX "llx"
#undef PRIxPTR
#define PRIxPTR "llx"
#undef PRIxFAST16
#define PRIxFAST16 "llx"
#undef PRIxFAST32
#define PRIxFAST32 "llx"
#undef PRIX64
#define PRIX64 "llX"
#undef PRIXLEAST64
#define PRIXLEAST64 "llX"
#undef PRIXFAST64
#define PRIXFAST64 "llX"
#undef PRIXMAX
#define PRIXMAX "llX"
#undef PRIXPTR
#define PRIXPTR "llX"
#undef PRIXFAST16
#define PRIXFAST16 "llX"
#undef PRIXFAST32
#define PRIXFAST32 "llX"
#endif
