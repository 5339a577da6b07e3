/*
 * PURPOSE: Kernel C runtime: <wchar.h> - 16-bit wide strings, wide formatting, wide
 * classification and conversions (all kmode implementations, never glibc's 32-bit ones).
 */
#ifndef _KMODE_CRT_WCHAR_H_
#define _KMODE_CRT_WCHAR_H_

#include <crtdefs.h>
#include <_kmcrt_wstring.h>
#include <wctype.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef WCHAR_MIN
#define WCHAR_MIN 0x0000
#define WCHAR_MAX 0xffff
#endif

#endif
