/*
 * PURPOSE: User-mode C runtime: <ctype.h>. The narrow classification is glibc's; as on
 * Windows, <ctype.h> also declares the wide classification (kmode's, <wctype.h>) and the
 * MS macros (__iscsym, __iscsymf and their old names).
 */
#include_next <ctype.h>

#ifndef _KMODE_UCRT_CTYPE_H_
#define _KMODE_UCRT_CTYPE_H_

#include <wctype.h>

KMODE_EXTERN_C_START
int __cdecl __iscsym(int Char) _KMCRT_BIND(__iscsym);
int __cdecl __iscsymf(int Char) _KMCRT_BIND(__iscsymf);
KMODE_EXTERN_C_END

#ifndef __toascii
#define __toascii(c) ((c) & 0x7f)
#endif
#define iscsym  __iscsym
#define iscsymf __iscsymf

#endif /* _KMODE_UCRT_CTYPE_H_ */
