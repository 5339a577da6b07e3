/*
 * PURPOSE: Private definitions shared by the kernel CRT implementation files (src/crt).
 * The public declarations drivers see are in include/km/crt; the symbols defined here are
 * the kmcrt_* names those declarations bind to with asm labels.
 */
#ifndef _KMODE_SRC_CRT_KMCRT_H_
#define _KMODE_SRC_CRT_KMCRT_H_

#include <internal/fmt.h>

typedef int kmcrt_errno_t;

/* Windows errno values (the driver-visible <crtdefs.h> has the same numbers). */
#define KMCRT_EINVAL    22
#define KMCRT_ERANGE    34
#define KMCRT_STRUNCATE 80
#define KMCRT_TRUNCATE  ((SIZE_T)-1)

/* "C" locale classification of one character (ASCII only; anything else is in no class). */
int kmcrt_isspace(int Char);

#endif
