/*
 * PURPOSE: Private NLS helpers for the Rtl string routines: BMP case mapping and the
 * Windows-1252 ANSI code page (kmode's fixed ANSI code page). The data lives in the
 * generated nls_casetab.c (tools/gen-case-tables.py).
 */
#ifndef _KMODE_RTLP_NLS_H_
#define _KMODE_RTLP_NLS_H_

#include <internal/rtl.h>

#define RTLP_NLS_BLOCK_BITS 5
#define RTLP_NLS_BLOCK_MASK ((1u << RTLP_NLS_BLOCK_BITS) - 1)

extern const UCHAR RtlpNlsUpcaseIndex[0x10000 >> RTLP_NLS_BLOCK_BITS];
extern const USHORT RtlpNlsUpcaseDelta[][1u << RTLP_NLS_BLOCK_BITS];
extern const UCHAR RtlpNlsDowncaseIndex[0x10000 >> RTLP_NLS_BLOCK_BITS];
extern const USHORT RtlpNlsDowncaseDelta[][1u << RTLP_NLS_BLOCK_BITS];
extern const USHORT RtlpNlsAnsiToUnicode[256];
extern const USHORT RtlpNlsUnicodeToAnsiHigh[][2];
extern const ULONG RtlpNlsUnicodeToAnsiHighCount;

/* The default character Windows-1252 substitutes for what it cannot represent. */
#define RTLP_ANSI_DEFAULT_CHAR '?'

static inline WCHAR RtlpUpcaseChar(WCHAR Char)
{
    /* ASCII first: by far the common case in driver strings. */
    if (Char < 0x80)
        return (Char >= L'a' && Char <= L'z') ? (WCHAR)(Char - (L'a' - L'A')) : Char;
    return (WCHAR)(Char + RtlpNlsUpcaseDelta[RtlpNlsUpcaseIndex[Char >> RTLP_NLS_BLOCK_BITS]]
                                            [Char & RTLP_NLS_BLOCK_MASK]);
}

static inline WCHAR RtlpDowncaseChar(WCHAR Char)
{
    if (Char < 0x80)
        return (Char >= L'A' && Char <= L'Z') ? (WCHAR)(Char + (L'a' - L'A')) : Char;
    return (WCHAR)(Char + RtlpNlsDowncaseDelta[RtlpNlsDowncaseIndex[Char >> RTLP_NLS_BLOCK_BITS]]
                                              [Char & RTLP_NLS_BLOCK_MASK]);
}

static inline WCHAR RtlpAnsiCharToUnicode(UCHAR Char)
{
    return (WCHAR)RtlpNlsAnsiToUnicode[Char];
}

/* Returns FALSE (and stores the default character) when 1252 cannot represent Char. */
BOOLEAN RtlpUnicodeCharToAnsi(WCHAR Char, PUCHAR Ansi);

#endif /* _KMODE_RTLP_NLS_H_ */
