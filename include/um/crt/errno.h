/*
 * PURPOSE: User-mode C runtime: <errno.h> is glibc's (errno, and error numbers whose values
 * Windows shares for the secure functions' results: EINVAL 22, ERANGE 34), plus errno_t
 * and STRUNCATE (80), which the _s functions return on truncation.
 */
#include_next <errno.h>

#ifndef _KMODE_UCRT_ERRNO_H_
#define _KMODE_UCRT_ERRNO_H_
#ifndef _ERRNO_T_DEFINED
#define _ERRNO_T_DEFINED
typedef int errno_t;
#endif
#ifndef STRUNCATE
#define STRUNCATE 80
#endif
#endif
