/*
 * PURPOSE: Character-level NLS: Unicode case mapping and the Windows-1252 ANSI code page.
 *
 * kmode's ANSI code page is Windows-1252 and never changes (a Linux process has no
 * Windows system locale to follow). Case mapping uses Unicode's simple mappings, generated
 * into nls_casetab.c by tools/gen-case-tables.py.
 */

/* INCLUDES *******************************************************************************/

#include "rtlp_nls.h"

/* PRIVATE FUNCTIONS **********************************************************************/

BOOLEAN RtlpUnicodeCharToAnsi(WCHAR Char, PUCHAR Ansi)
{
    ULONG lo, hi;

    if (Char < 0x100)
    {
        /* Latin-1 maps to itself except where 1252 put other characters in 0x80..0x9F. */
        if (RtlpNlsAnsiToUnicode[Char] == Char)
        {
            *Ansi = (UCHAR)Char;
            return TRUE;
        }
        *Ansi = RTLP_ANSI_DEFAULT_CHAR;
        return FALSE;
    }

    lo = 0;
    hi = RtlpNlsUnicodeToAnsiHighCount;
    while (lo < hi)
    {
        ULONG mid = (lo + hi) / 2;
        if (RtlpNlsUnicodeToAnsiHigh[mid][0] == Char)
        {
            *Ansi = (UCHAR)RtlpNlsUnicodeToAnsiHigh[mid][1];
            return TRUE;
        }
        if (RtlpNlsUnicodeToAnsiHigh[mid][0] < Char)
            lo = mid + 1;
        else
            hi = mid;
    }
    *Ansi = RTLP_ANSI_DEFAULT_CHAR;
    return FALSE;
}

/* PUBLIC FUNCTIONS ***********************************************************************/

/*
 * @implemented
 * Any IRQL. The simple upper-case mapping (a character without one is returned unchanged).
 */
WCHAR NTAPI RtlUpcaseUnicodeChar(WCHAR SourceCharacter)
{
    return RtlpUpcaseChar(SourceCharacter);
}

/*
 * @implemented
 * Any IRQL. The simple lower-case mapping.
 */
WCHAR NTAPI RtlDowncaseUnicodeChar(WCHAR SourceCharacter)
{
    return RtlpDowncaseChar(SourceCharacter);
}

/*
 * @implemented
 * Any IRQL. Upper-cases an ANSI (1252) character through Unicode: 'a' -> 'A', 0xE9 (e acute)
 * -> 0xC9, 0xFF (y diaeresis) -> 0x9F (U+0178). A character whose upper case 1252 cannot
 * represent (0xB5 micro sign -> U+039C) is returned unchanged.
 */
CHAR NTAPI RtlUpperChar(CHAR Character)
{
    UCHAR in = (UCHAR)Character, out;

    if (in < 0x80)
        return (in >= 'a' && in <= 'z') ? (CHAR)(in - ('a' - 'A')) : Character;
    if (!RtlpUnicodeCharToAnsi(RtlpUpcaseChar(RtlpAnsiCharToUnicode(in)), &out))
        return Character;
    return (CHAR)out;
}
