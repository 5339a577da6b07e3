/*
 * PURPOSE: Kernel C runtime: definitions every kernel CRT header shares.
 *
 * Drivers compile with -nostdinc and see this CRT instead of glibc's headers. Functions whose
 * Microsoft semantics equal glibc's (memcpy, strlen, qsort, ...) bind to glibc directly; all
 * others bind with an asm label (_KMCRT_BIND) to a kmode implementation named kmcrt_<name>,
 * so a driver's wcslen is kmode's 16-bit one and glibc's is untouched for the rest of the
 * process. The printf family binds under other names as well, which keeps the compiler from
 * treating it as its built-in printf (it would check and fold formats with glibc's rules,
 * and reject %wZ, %I64d, %ws).
 *
 * Known source-mode limit: C `long` stays 64-bit in driver code (LONG/ULONG are 32-bit).
 * Functions taking or returning `long` keep Windows' 32-bit value range (strtol clamps to
 * LONG_MIN..LONG_MAX = -2^31..2^31-1, as on Windows).
 */
#ifndef _KMODE_CRT_CRTDEFS_H_
#define _KMODE_CRT_CRTDEFS_H_

#include <kmode/msvc.h>
#include <stddef.h>
#include <stdarg.h>

#if !defined(__SIZEOF_WCHAR_T__) || __SIZEOF_WCHAR_T__ != 2
#error "kmode: compile with -fshort-wchar (wchar_t must be 16-bit, as on Windows)"
#endif

#define _KMCRT_BIND(name) __asm__("kmcrt_" #name)

#ifndef _CRTIMP
#define _CRTIMP
#endif
#ifndef _CRTNOALIAS
#define _CRTNOALIAS
#endif
#ifndef _CRTRESTRICT
#define _CRTRESTRICT
#endif
#ifndef _CRT_INSECURE_DEPRECATE
#define _CRT_INSECURE_DEPRECATE(x)
#endif
#ifndef _CRT_SECURE_NO_WARNINGS
#define _CRT_SECURE_NO_WARNINGS 1
#endif

#ifndef _WINT_T_DEFINED
#define _WINT_T_DEFINED
typedef unsigned short wint_t;     /* Windows: 16-bit */
typedef unsigned short wctype_t;
#endif
#ifndef WEOF
#define WEOF ((wint_t)0xFFFF)
#endif

#ifndef _ERRNO_T_DEFINED
#define _ERRNO_T_DEFINED
typedef int errno_t;
#endif
#ifndef _RSIZE_T_DEFINED
#define _RSIZE_T_DEFINED
typedef size_t rsize_t;
#endif

/* errno values the secure functions return (Windows values). */
#ifndef EINVAL
#define EPERM     1
#define ENOENT    2
#define EINTR     4
#define EIO       5
#define EBADF     9
#define EAGAIN    11
#define ENOMEM    12
#define EACCES    13
#define EFAULT    14
#define EBUSY     16
#define EEXIST    17
#define ENODEV    19
#define EINVAL    22
#define ENOSPC    28
#define EDOM      33
#define ERANGE    34
#define EILSEQ    42
#define STRUNCATE 80
#endif

/* Count argument of the _s functions meaning "copy what fits, then terminate". */
#ifndef _TRUNCATE
#define _TRUNCATE ((size_t)-1)
#endif

#ifndef _countof
#define _countof(a) (sizeof(a) / sizeof((a)[0]))
#endif
#ifndef __min
#define __min(a, b) (((a) < (b)) ? (a) : (b))
#define __max(a, b) (((a) > (b)) ? (a) : (b))
#endif

#endif /* _KMODE_CRT_CRTDEFS_H_ */
