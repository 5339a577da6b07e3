/*
 * PURPOSE: ntstrsafe.h Printf forms (RtlStringCch/CbPrintf[Ex]A/W, their VPrintf forms,
 * RtlUnicodeString[V]Printf[Ex]) on kmode's Microsoft-compatible format engine.
 *
 * A format the engine rejects (%n, a malformed conversion) is STATUS_INVALID_PARAMETER and
 * leaves an empty result; the WDK's inline code would report the CRT's -1 as truncation.
 */

/* INCLUDES *******************************************************************************/

#include <string.h>
#include <internal/fmt.h>
#include "rtlp_strsafe.h"

/* PRIVATE FUNCTIONS **********************************************************************/

static NTSTATUS RtlpStrsafeCbVPrintfA(PCHAR Dest, size_t CbDest, PCHAR *DestEnd, size_t *CbRemaining,
                                      DWORD Flags, PCSTR Format, va_list Args)
{
    /* One byte per character: byte and character counts coincide. */
    return RtlpStrsafeVPrintfA(Dest, CbDest, DestEnd, CbRemaining, Flags, Format, Args);
}

static NTSTATUS RtlpStrsafeCbVPrintfW(PWCHAR Dest, size_t CbDest, PWCHAR *DestEnd, size_t *CbRemaining,
                                      DWORD Flags, PCWSTR Format, va_list Args)
{
    size_t cchRemaining = 0;
    NTSTATUS status = RtlpStrsafeVPrintfW(Dest, CbDest / sizeof(WCHAR), DestEnd, &cchRemaining,
                                          Flags, Format, Args);

    if (CbRemaining && (NT_SUCCESS(status) || status == STATUS_BUFFER_OVERFLOW))
        *CbRemaining = cchRemaining * sizeof(WCHAR) + CbDest % sizeof(WCHAR);
    return status;
}

static NTSTATUS RtlpUnicodeStringVPrintf(PUNICODE_STRING Dest, PUNICODE_STRING Remaining,
                                         DWORD Flags, PCWSTR Format, va_list Args)
{
    size_t cchDest, newLength = 0;
    NTSTATUS status = STATUS_SUCCESS;
    LONG_PTR n;

    if (Flags & ~(DWORD)STRSAFE_UNICODE_STRING_VALID_FLAGS)
        return STATUS_INVALID_PARAMETER;
    status = RtlpUnicodeStringValidate(Dest, Flags);
    if (!NT_SUCCESS(status))
        return status;
    if (!Format && (Flags & STRSAFE_IGNORE_NULLS))
        Format = L"";
    if (!Format)
        return RtlpUnicodeStringFinish(Dest, STATUS_INVALID_PARAMETER, 0, FALSE, 0, Flags, Remaining);

    cchDest = Dest ? Dest->MaximumLength / sizeof(WCHAR) : 0;
    n = KmFormatW(cchDest ? Dest->Buffer : NULL, cchDest, Format, Args);
    if (n < 0)
        status = STATUS_INVALID_PARAMETER;
    else if (n > 0 && cchDest == 0)
        status = STATUS_INVALID_PARAMETER;     /* text to store but no buffer at all */
    else if ((size_t)n > cchDest)
    {
        status = STATUS_BUFFER_OVERFLOW;
        newLength = cchDest;
    }
    else
        newLength = (size_t)n;
    return RtlpUnicodeStringFinish(Dest, status, newLength, FALSE, 0, Flags, Remaining);
}

/* PUBLIC FUNCTIONS ***********************************************************************/

/*
 * @implemented (Printf family)
 * Formats into pszDest with a terminator. STATUS_BUFFER_OVERFLOW: the output was cut to
 * cchDest - 1 characters (still terminated). STATUS_INVALID_PARAMETER: bad buffer, flags
 * or format.
 */
NTSTATUS NTAPI RtlStringCchVPrintfA(PSTR pszDest, size_t cchDest, PCSTR pszFormat, va_list argList)
{
    return RtlpStrsafeVPrintfA(pszDest, cchDest, NULL, NULL, 0, pszFormat, argList);
}

NTSTATUS NTAPI RtlStringCchVPrintfW(PWSTR pszDest, size_t cchDest, PCWSTR pszFormat, va_list argList)
{
    return RtlpStrsafeVPrintfW(pszDest, cchDest, NULL, NULL, 0, pszFormat, argList);
}

NTSTATUS NTAPI RtlStringCchVPrintfExA(PSTR pszDest, size_t cchDest, PSTR *ppszDestEnd, size_t *pcchRemaining,
                                      DWORD dwFlags, PCSTR pszFormat, va_list argList)
{
    return RtlpStrsafeVPrintfA(pszDest, cchDest, ppszDestEnd, pcchRemaining, dwFlags, pszFormat, argList);
}

NTSTATUS NTAPI RtlStringCchVPrintfExW(PWSTR pszDest, size_t cchDest, PWSTR *ppszDestEnd, size_t *pcchRemaining,
                                      DWORD dwFlags, PCWSTR pszFormat, va_list argList)
{
    return RtlpStrsafeVPrintfW(pszDest, cchDest, ppszDestEnd, pcchRemaining, dwFlags, pszFormat, argList);
}

NTSTATUS __cdecl RtlStringCchPrintfA(PSTR pszDest, size_t cchDest, PCSTR pszFormat, ...)
{
    va_list args;
    NTSTATUS status;
    va_start(args, pszFormat);
    status = RtlpStrsafeVPrintfA(pszDest, cchDest, NULL, NULL, 0, pszFormat, args);
    va_end(args);
    return status;
}

NTSTATUS __cdecl RtlStringCchPrintfW(PWSTR pszDest, size_t cchDest, PCWSTR pszFormat, ...)
{
    va_list args;
    NTSTATUS status;
    va_start(args, pszFormat);
    status = RtlpStrsafeVPrintfW(pszDest, cchDest, NULL, NULL, 0, pszFormat, args);
    va_end(args);
    return status;
}

NTSTATUS __cdecl RtlStringCchPrintfExA(PSTR pszDest, size_t cchDest, PSTR *ppszDestEnd, size_t *pcchRemaining,
                                       DWORD dwFlags, PCSTR pszFormat, ...)
{
    va_list args;
    NTSTATUS status;
    va_start(args, pszFormat);
    status = RtlpStrsafeVPrintfA(pszDest, cchDest, ppszDestEnd, pcchRemaining, dwFlags, pszFormat, args);
    va_end(args);
    return status;
}

NTSTATUS __cdecl RtlStringCchPrintfExW(PWSTR pszDest, size_t cchDest, PWSTR *ppszDestEnd, size_t *pcchRemaining,
                                       DWORD dwFlags, PCWSTR pszFormat, ...)
{
    va_list args;
    NTSTATUS status;
    va_start(args, pszFormat);
    status = RtlpStrsafeVPrintfW(pszDest, cchDest, ppszDestEnd, pcchRemaining, dwFlags, pszFormat, args);
    va_end(args);
    return status;
}

NTSTATUS NTAPI RtlStringCbVPrintfA(PSTR pszDest, size_t cbDest, PCSTR pszFormat, va_list argList)
{
    return RtlpStrsafeCbVPrintfA(pszDest, cbDest, NULL, NULL, 0, pszFormat, argList);
}

NTSTATUS NTAPI RtlStringCbVPrintfW(PWSTR pszDest, size_t cbDest, PCWSTR pszFormat, va_list argList)
{
    return RtlpStrsafeCbVPrintfW(pszDest, cbDest, NULL, NULL, 0, pszFormat, argList);
}

NTSTATUS NTAPI RtlStringCbVPrintfExA(PSTR pszDest, size_t cbDest, PSTR *ppszDestEnd, size_t *pcbRemaining,
                                     DWORD dwFlags, PCSTR pszFormat, va_list argList)
{
    return RtlpStrsafeCbVPrintfA(pszDest, cbDest, ppszDestEnd, pcbRemaining, dwFlags, pszFormat, argList);
}

NTSTATUS NTAPI RtlStringCbVPrintfExW(PWSTR pszDest, size_t cbDest, PWSTR *ppszDestEnd, size_t *pcbRemaining,
                                     DWORD dwFlags, PCWSTR pszFormat, va_list argList)
{
    return RtlpStrsafeCbVPrintfW(pszDest, cbDest, ppszDestEnd, pcbRemaining, dwFlags, pszFormat, argList);
}

NTSTATUS __cdecl RtlStringCbPrintfA(PSTR pszDest, size_t cbDest, PCSTR pszFormat, ...)
{
    va_list args;
    NTSTATUS status;
    va_start(args, pszFormat);
    status = RtlpStrsafeCbVPrintfA(pszDest, cbDest, NULL, NULL, 0, pszFormat, args);
    va_end(args);
    return status;
}

NTSTATUS __cdecl RtlStringCbPrintfW(PWSTR pszDest, size_t cbDest, PCWSTR pszFormat, ...)
{
    va_list args;
    NTSTATUS status;
    va_start(args, pszFormat);
    status = RtlpStrsafeCbVPrintfW(pszDest, cbDest, NULL, NULL, 0, pszFormat, args);
    va_end(args);
    return status;
}

NTSTATUS __cdecl RtlStringCbPrintfExA(PSTR pszDest, size_t cbDest, PSTR *ppszDestEnd, size_t *pcbRemaining,
                                      DWORD dwFlags, PCSTR pszFormat, ...)
{
    va_list args;
    NTSTATUS status;
    va_start(args, pszFormat);
    status = RtlpStrsafeCbVPrintfA(pszDest, cbDest, ppszDestEnd, pcbRemaining, dwFlags, pszFormat, args);
    va_end(args);
    return status;
}

NTSTATUS __cdecl RtlStringCbPrintfExW(PWSTR pszDest, size_t cbDest, PWSTR *ppszDestEnd, size_t *pcbRemaining,
                                      DWORD dwFlags, PCWSTR pszFormat, ...)
{
    va_list args;
    NTSTATUS status;
    va_start(args, pszFormat);
    status = RtlpStrsafeCbVPrintfW(pszDest, cbDest, ppszDestEnd, pcbRemaining, dwFlags, pszFormat, args);
    va_end(args);
    return status;
}

/*
 * @implemented (UNICODE_STRING Printf family)
 * Formats into DestinationString's buffer; no terminator. Output longer than
 * MaximumLength is cut there (Length = MaximumLength) with STATUS_BUFFER_OVERFLOW.
 */
NTSTATUS NTAPI RtlUnicodeStringVPrintf(PUNICODE_STRING DestinationString, PCWSTR pszFormat, va_list argList)
{
    return RtlpUnicodeStringVPrintf(DestinationString, NULL, 0, pszFormat, argList);
}

NTSTATUS NTAPI RtlUnicodeStringVPrintfEx(PUNICODE_STRING DestinationString, PUNICODE_STRING RemainingString,
                                         DWORD dwFlags, PCWSTR pszFormat, va_list argList)
{
    return RtlpUnicodeStringVPrintf(DestinationString, RemainingString, dwFlags, pszFormat, argList);
}

NTSTATUS __cdecl RtlUnicodeStringPrintf(PUNICODE_STRING DestinationString, PCWSTR pszFormat, ...)
{
    va_list args;
    NTSTATUS status;
    va_start(args, pszFormat);
    status = RtlpUnicodeStringVPrintf(DestinationString, NULL, 0, pszFormat, args);
    va_end(args);
    return status;
}

NTSTATUS __cdecl RtlUnicodeStringPrintfEx(PUNICODE_STRING DestinationString, PUNICODE_STRING RemainingString,
                                          DWORD dwFlags, PCWSTR pszFormat, ...)
{
    va_list args;
    NTSTATUS status;
    va_start(args, pszFormat);
    status = RtlpUnicodeStringVPrintf(DestinationString, RemainingString, dwFlags, pszFormat, args);
    va_end(args);
    return status;
}
