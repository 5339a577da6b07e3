/*
 * PURPOSE: Kernel C runtime: character classification and case mapping in the "C" locale:
 * only ASCII characters belong to a class; 0x80-0xFF belong to none. The argument must be
 * EOF or an unsigned char value; anything else classifies as nothing.
 */
#ifndef _KMODE_CRT_CTYPE_H_
#define _KMODE_CRT_CTYPE_H_

#include <crtdefs.h>
#include <wctype.h>

#ifndef EOF
#define EOF (-1)
#endif

KMODE_EXTERN_C_START

int __cdecl isalnum(int Char) _KMCRT_BIND(isalnum);
int __cdecl isalpha(int Char) _KMCRT_BIND(isalpha);
int __cdecl isblank(int Char) _KMCRT_BIND(isblank);
int __cdecl iscntrl(int Char) _KMCRT_BIND(iscntrl);
int __cdecl isdigit(int Char) _KMCRT_BIND(isdigit);
int __cdecl isgraph(int Char) _KMCRT_BIND(isgraph);
int __cdecl islower(int Char) _KMCRT_BIND(islower);
int __cdecl isprint(int Char) _KMCRT_BIND(isprint);
int __cdecl ispunct(int Char) _KMCRT_BIND(ispunct);
int __cdecl isspace(int Char) _KMCRT_BIND(isspace);
int __cdecl isupper(int Char) _KMCRT_BIND(isupper);
int __cdecl isxdigit(int Char) _KMCRT_BIND(isxdigit);
int __cdecl tolower(int Char) _KMCRT_BIND(tolower);
int __cdecl toupper(int Char) _KMCRT_BIND(toupper);
int __cdecl __iscsym(int Char) _KMCRT_BIND(__iscsym);
int __cdecl __iscsymf(int Char) _KMCRT_BIND(__iscsymf);

KMODE_EXTERN_C_END

/* MS macros: unconditional case arithmetic and ASCII tests. */
#define _tolower(c)  ((c) - 'A' + 'a')
#define _toupper(c)  ((c) - 'a' + 'A')
#define __isascii(c) ((unsigned)(c) < 0x80)
#define __toascii(c) ((c) & 0x7f)
#define isascii      __isascii
#define toascii      __toascii
#define iscsym       __iscsym
#define iscsymf      __iscsymf

#endif
