/*
 * PURPOSE: User-mode C runtime: definitions every user CRT header shares.
 *
 * Apps compile with -fshort-wchar (16-bit wchar_t, as on Windows) on top of glibc, whose wide
 * functions assume a 32-bit wchar_t. So the user CRT headers in include/um/crt wrap glibc's:
 * the narrow functions stay glibc's, and every wide-character or Microsoft-specific function
 * binds with an asm label to kmode's implementation (the kmcrt_* symbols of the kernel CRT
 * in src/crt, plus src/win32/crt*.c). Wide functions kmode does not implement are declared
 * unavailable: calling one is a compile-time error, never a silent call into glibc.
 * The types and constants are the kernel CRT's (include/km/crt/crtdefs.h): wint_t and
 * wctype_t are 16-bit, WEOF is 0xFFFF, errno_t, rsize_t, _TRUNCATE, _countof.
 */
#ifndef _KMODE_UCRT_CRTDEFS_H_
#define _KMODE_UCRT_CRTDEFS_H_

/* glibc's errno values (EINVAL and ERANGE equal Windows'); km/crt/crtdefs.h then only adds
   what glibc lacks. */
#include <errno.h>
/* glibc must never declare its own 32-bit wint_t or wctype_t. */
#define __wint_t_defined 1
#define _WINT_T 1
#include <km/crt/crtdefs.h>

#define _KMODE_UCRT_ 1

/* vcruntime.h gives every CRT header intptr_t and uintptr_t; the same types as glibc's
   <stdint.h> (which may follow: an identical typedef is allowed). */
#ifndef __intptr_t_defined
typedef __INTPTR_TYPE__ intptr_t;
#define __intptr_t_defined
#endif
typedef __UINTPTR_TYPE__ uintptr_t;

/* A wide function kmode does not implement: calling it is a compile-time error naming it
   (and, should the call survive somehow, a link error rather than glibc's version). */
#define _KMUCRT_UNAVAILABLE(name) \
    __asm__("kmode_unavailable_" #name) \
    __attribute__((__error__("kmode: " #name " is not available (glibc's assumes a 32-bit wchar_t)")))

#endif /* _KMODE_UCRT_CRTDEFS_H_ */
