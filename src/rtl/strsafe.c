/*
 * PURPOSE: ntstrsafe.h: bounded copy, concatenation and length functions for NUL-terminated
 * char / wchar_t buffers and for UNICODE_STRING (the Printf forms are in strsafe_printf.c).
 *
 * The WDK compiles these into each driver from inline header code; kmode provides them as
 * runtime functions with the documented behaviour. Where the documentation is silent, the
 * choices are noted next to the code.
 */

/* INCLUDES *******************************************************************************/

#include <string.h>
#include <internal/fmt.h>
#include "rtlp_strsafe.h"

/* PRIVATE FUNCTIONS (NUL-terminated, both character types) *******************************/

#define TCH CHAR
#define TN(x) x##A
#include "strsafe_tmpl.h"
#undef TCH
#undef TN

#define TCH WCHAR
#define TN(x) x##W
#include "strsafe_tmpl.h"
#undef TCH
#undef TN

/* PRIVATE FUNCTIONS (UNICODE_STRING) *****************************************************/

#define RTLP_USTR_MAX_CCH ((size_t)NTSTRSAFE_UNICODE_STRING_MAX_CCH)

static const WCHAR RtlpEmptyWide[1] = { 0 };

NTSTATUS RtlpUnicodeStringValidate(PCUNICODE_STRING String, DWORD Flags)
{
    if (!String)
        return (Flags & STRSAFE_IGNORE_NULLS) ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
    if ((String->Length & 1) || (String->MaximumLength & 1) ||
        String->Length > String->MaximumLength ||
        String->MaximumLength > RTLP_USTR_MAX_CCH * sizeof(WCHAR))
        return STATUS_INVALID_PARAMETER;
    if (!String->Buffer && (String->Length || String->MaximumLength))
        return STATUS_INVALID_PARAMETER;
    return STATUS_SUCCESS;
}

NTSTATUS RtlpUnicodeStringFinish(PUNICODE_STRING Dest, NTSTATUS Status, size_t NewLength,
                                 BOOLEAN Append, size_t OriginalLength, DWORD Flags,
                                 PUNICODE_STRING Remaining)
{
    size_t cchDest = Dest ? Dest->MaximumLength / sizeof(WCHAR) : 0;
    int fill = RTLP_STRSAFE_FILL_BYTE(Flags);

    if (Dest && Dest->Buffer)
    {
        if (NT_SUCCESS(Status))
        {
            if ((Flags & STRSAFE_FILL_BEHIND) && NewLength < cchDest)
                memset(Dest->Buffer + NewLength, fill, (cchDest - NewLength) * sizeof(WCHAR));
        }
        else
        {
            if (Flags & STRSAFE_FILL_ON_FAILURE)
            {
                memset(Dest->Buffer, fill, cchDest * sizeof(WCHAR));
                NewLength = fill ? cchDest : 0;
            }
            if (Flags & STRSAFE_ZERO_LENGTH_ON_FAILURE)
                NewLength = 0;
            if ((Flags & STRSAFE_NO_TRUNCATION) && Status == STATUS_BUFFER_OVERFLOW)
                NewLength = Append ? OriginalLength : 0;
        }
        Dest->Length = (USHORT)(NewLength * sizeof(WCHAR));
    }

    if (Remaining && (NT_SUCCESS(Status) || Status == STATUS_BUFFER_OVERFLOW))
    {
        Remaining->Length = 0;
        Remaining->MaximumLength = (USHORT)((cchDest - NewLength) * sizeof(WCHAR));
        Remaining->Buffer = (Dest && Dest->Buffer) ? Dest->Buffer + NewLength : NULL;
    }
    return Status;
}

/*
 * The engine behind every UNICODE_STRING Copy/Cat form. The source is either counted
 * (CchSrc characters, embedded NULs copied as they are) or, when SrcIsPsz, NUL-terminated
 * and limited to CchSrc characters. SrcBad reports an invalid source or N-count.
 */
static NTSTATUS RtlpUnicodeStringCopyCat(PUNICODE_STRING Dest, PCWCH Src, size_t CchSrc,
                                         BOOLEAN SrcIsPsz, BOOLEAN SrcBad, BOOLEAN Append,
                                         PUNICODE_STRING Remaining, DWORD Flags)
{
    size_t cchDest, destLength, room, srcLength, n;
    NTSTATUS status;

    if (Flags & ~(DWORD)STRSAFE_UNICODE_STRING_VALID_FLAGS)
        return STATUS_INVALID_PARAMETER;
    status = RtlpUnicodeStringValidate(Dest, Flags);
    if (!NT_SUCCESS(status))
        return status;

    cchDest = Dest ? Dest->MaximumLength / sizeof(WCHAR) : 0;
    destLength = (Dest && Append) ? Dest->Length / sizeof(WCHAR) : 0;
    if (!Src && (Flags & STRSAFE_IGNORE_NULLS))
    {
        Src = RtlpEmptyWide;
        CchSrc = 0;
    }
    if (!Src || SrcBad)
        return RtlpUnicodeStringFinish(Dest, STATUS_INVALID_PARAMETER, destLength, Append,
                                       destLength, Flags, Remaining);

    room = cchDest - destLength;
    if (SrcIsPsz)
    {
        size_t limit = CchSrc < room + 1 ? CchSrc : room + 1;
        srcLength = 0;
        while (srcLength < limit && Src[srcLength])
            srcLength++;
    }
    else
    {
        srcLength = CchSrc;
    }

    /* Source text but no destination buffer at all: a parameter error, not truncation. */
    if (srcLength && (!Dest || !Dest->Buffer || cchDest == 0))
        return RtlpUnicodeStringFinish(Dest, STATUS_INVALID_PARAMETER, destLength, Append,
                                       destLength, Flags, Remaining);

    n = srcLength < room ? srcLength : room;
    if (n)
        memmove(Dest->Buffer + destLength, Src, n * sizeof(WCHAR));
    status = n < srcLength ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
    return RtlpUnicodeStringFinish(Dest, status, destLength + n, Append, destLength, Flags,
                                   Remaining);
}

/* A counted source: validated, then its Buffer / length (NULL with IGNORE_NULLS is ""). */
static NTSTATUS RtlpUnicodeStringFromCounted(PUNICODE_STRING Dest, PCUNICODE_STRING Src,
                                             size_t CchLimit, BOOLEAN LimitBad, BOOLEAN Append,
                                             PUNICODE_STRING Remaining, DWORD Flags)
{
    BOOLEAN bad = LimitBad || !NT_SUCCESS(RtlpUnicodeStringValidate(Src, Flags));
    PCWCH buffer = RtlpEmptyWide;
    size_t cch = 0;

    if (!bad && Src && Src->Length)
    {
        buffer = Src->Buffer;
        cch = Src->Length / sizeof(WCHAR);
    }
    if (cch > CchLimit)
        cch = CchLimit;
    return RtlpUnicodeStringCopyCat(Dest, buffer, cch, FALSE, bad, Append, Remaining, Flags);
}

/* A counted source for the NUL-terminated destination functions. */
static NTSTATUS RtlpStrsafeFromCounted(PWCHAR Dest, size_t CchDest, PCUNICODE_STRING Src,
                                       BOOLEAN Append, PWCHAR *DestEnd, size_t *Remaining,
                                       DWORD Flags)
{
    BOOLEAN bad = !NT_SUCCESS(RtlpUnicodeStringValidate(Src, Flags));
    PCWCH buffer = RtlpEmptyWide;
    size_t cch = 0;

    if (!bad && Src && Src->Length)
    {
        buffer = Src->Buffer;
        cch = Src->Length / sizeof(WCHAR);
    }
    return RtlpStrsafeCopyCatW(Dest, CchDest, buffer, cch, FALSE, bad, Append, DestEnd,
                               Remaining, Flags);
}

static NTSTATUS RtlpStrsafeCbFromCounted(PWCHAR Dest, size_t CbDest, PCUNICODE_STRING Src,
                                         BOOLEAN Append, PWCHAR *DestEnd, size_t *CbRemaining,
                                         DWORD Flags)
{
    size_t cchRemaining = 0;
    NTSTATUS status = RtlpStrsafeFromCounted(Dest, CbDest / sizeof(WCHAR), Src, Append, DestEnd,
                                             &cchRemaining, Flags);

    if (CbRemaining && (NT_SUCCESS(status) || status == STATUS_BUFFER_OVERFLOW))
        *CbRemaining = cchRemaining * sizeof(WCHAR) + CbDest % sizeof(WCHAR);
    return status;
}

/* PUBLIC FUNCTIONS (NUL-terminated destination, UNICODE_STRING source) ********************/

/*
 * @implemented
 * Copies SourceString's characters (all Length / 2 of them, embedded NULs included) and a
 * terminator; truncation is STATUS_BUFFER_OVERFLOW; an invalid structure is
 * STATUS_INVALID_PARAMETER.
 */
NTSTATUS NTAPI RtlStringCchCopyUnicodeString(PWSTR pszDest, size_t cchDest, PCUNICODE_STRING SourceString)
{
    return RtlpStrsafeFromCounted(pszDest, cchDest, SourceString, FALSE, NULL, NULL, 0);
}

NTSTATUS NTAPI RtlStringCbCopyUnicodeString(PWSTR pszDest, size_t cbDest, PCUNICODE_STRING SourceString)
{
    return RtlpStrsafeCbFromCounted(pszDest, cbDest, SourceString, FALSE, NULL, NULL, 0);
}

NTSTATUS NTAPI RtlStringCchCopyUnicodeStringEx(PWSTR pszDest, size_t cchDest, PCUNICODE_STRING SourceString,
                                               PWSTR *ppszDestEnd, size_t *pcchRemaining, DWORD dwFlags)
{
    return RtlpStrsafeFromCounted(pszDest, cchDest, SourceString, FALSE, ppszDestEnd,
                                  pcchRemaining, dwFlags);
}

NTSTATUS NTAPI RtlStringCbCopyUnicodeStringEx(PWSTR pszDest, size_t cbDest, PCUNICODE_STRING SourceString,
                                              PWSTR *ppszDestEnd, size_t *pcbRemaining, DWORD dwFlags)
{
    return RtlpStrsafeCbFromCounted(pszDest, cbDest, SourceString, FALSE, ppszDestEnd,
                                    pcbRemaining, dwFlags);
}

/*
 * @implemented
 * Appends SourceString's characters to the terminated string in pszDest.
 */
NTSTATUS NTAPI RtlStringCchCatUnicodeString(PWSTR pszDest, size_t cchDest, PCUNICODE_STRING SourceString)
{
    return RtlpStrsafeFromCounted(pszDest, cchDest, SourceString, TRUE, NULL, NULL, 0);
}

NTSTATUS NTAPI RtlStringCbCatUnicodeString(PWSTR pszDest, size_t cbDest, PCUNICODE_STRING SourceString)
{
    return RtlpStrsafeCbFromCounted(pszDest, cbDest, SourceString, TRUE, NULL, NULL, 0);
}

NTSTATUS NTAPI RtlStringCchCatUnicodeStringEx(PWSTR pszDest, size_t cchDest, PCUNICODE_STRING SourceString,
                                              PWSTR *ppszDestEnd, size_t *pcchRemaining, DWORD dwFlags)
{
    return RtlpStrsafeFromCounted(pszDest, cchDest, SourceString, TRUE, ppszDestEnd,
                                  pcchRemaining, dwFlags);
}

NTSTATUS NTAPI RtlStringCbCatUnicodeStringEx(PWSTR pszDest, size_t cbDest, PCUNICODE_STRING SourceString,
                                             PWSTR *ppszDestEnd, size_t *pcbRemaining, DWORD dwFlags)
{
    return RtlpStrsafeCbFromCounted(pszDest, cbDest, SourceString, TRUE, ppszDestEnd,
                                    pcbRemaining, dwFlags);
}

/* PUBLIC FUNCTIONS (UNICODE_STRING) ******************************************************/

/*
 * @implemented
 * Points DestinationString at pszSrc: Length = its length, MaximumLength = Length + 2.
 * NULL pszSrc gives { 0, 0, NULL }. A source of NTSTRSAFE_UNICODE_STRING_MAX_CCH characters
 * or more is STATUS_INVALID_PARAMETER (the destination is left empty).
 */
NTSTATUS NTAPI RtlUnicodeStringInitEx(PUNICODE_STRING DestinationString, PCWSTR pszSrc, DWORD dwFlags)
{
    size_t cch = 0;

    if (dwFlags & ~(DWORD)STRSAFE_UNICODE_STRING_VALID_FLAGS)
        return STATUS_INVALID_PARAMETER;
    if (!DestinationString && !(dwFlags & STRSAFE_IGNORE_NULLS))
        return STATUS_INVALID_PARAMETER;
    if (DestinationString)
    {
        DestinationString->Length = 0;
        DestinationString->MaximumLength = 0;
        DestinationString->Buffer = NULL;
    }
    if (!pszSrc)
        return STATUS_SUCCESS;
    while (cch < RTLP_USTR_MAX_CCH && pszSrc[cch])
        cch++;
    if (cch == RTLP_USTR_MAX_CCH)
        return STATUS_INVALID_PARAMETER;
    if (DestinationString)
    {
        DestinationString->Length = (USHORT)(cch * sizeof(WCHAR));
        DestinationString->MaximumLength = (USHORT)((cch + 1) * sizeof(WCHAR));
        DestinationString->Buffer = (PWCH)pszSrc;
    }
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlUnicodeStringInit(PUNICODE_STRING DestinationString, PCWSTR pszSrc)
{
    return RtlUnicodeStringInitEx(DestinationString, pszSrc, 0);
}

/*
 * @implemented
 * STATUS_INVALID_PARAMETER for an odd Length or MaximumLength, Length > MaximumLength,
 * MaximumLength above NTSTRSAFE_UNICODE_STRING_MAX_CCH characters, a NULL Buffer with a
 * nonzero length, or a NULL structure (allowed with STRSAFE_IGNORE_NULLS).
 */
NTSTATUS NTAPI RtlUnicodeStringValidateEx(PCUNICODE_STRING SourceString, DWORD dwFlags)
{
    if (dwFlags & ~(DWORD)STRSAFE_UNICODE_STRING_VALID_FLAGS)
        return STATUS_INVALID_PARAMETER;
    return RtlpUnicodeStringValidate(SourceString, dwFlags);
}

NTSTATUS NTAPI RtlUnicodeStringValidate(PCUNICODE_STRING SourceString)
{
    return RtlpUnicodeStringValidate(SourceString, 0);
}

/*
 * @implemented (Copy family)
 * Replaces the destination's text with the source's; no terminator. What does not fit is
 * cut off: Length = MaximumLength and STATUS_BUFFER_OVERFLOW.
 */
NTSTATUS NTAPI RtlUnicodeStringCopy(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString)
{
    return RtlpUnicodeStringFromCounted(DestinationString, SourceString, RTLP_USTR_MAX_CCH, FALSE,
                                        FALSE, NULL, 0);
}

NTSTATUS NTAPI RtlUnicodeStringCopyEx(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
                                      PUNICODE_STRING RemainingString, DWORD dwFlags)
{
    return RtlpUnicodeStringFromCounted(DestinationString, SourceString, RTLP_USTR_MAX_CCH, FALSE,
                                        FALSE, RemainingString, dwFlags);
}

NTSTATUS NTAPI RtlUnicodeStringCopyString(PUNICODE_STRING DestinationString, PCWSTR pszSrc)
{
    return RtlpUnicodeStringCopyCat(DestinationString, pszSrc, NTSTRSAFE_MAX_CCH, TRUE, FALSE,
                                    FALSE, NULL, 0);
}

NTSTATUS NTAPI RtlUnicodeStringCopyStringEx(PUNICODE_STRING DestinationString, PCWSTR pszSrc,
                                            PUNICODE_STRING RemainingString, DWORD dwFlags)
{
    return RtlpUnicodeStringCopyCat(DestinationString, pszSrc, NTSTRSAFE_MAX_CCH, TRUE, FALSE,
                                    FALSE, RemainingString, dwFlags);
}

/* N forms: at most cchToCopy characters; a count above the structure limit is invalid. */
NTSTATUS NTAPI RtlUnicodeStringCchCopyN(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
                                        size_t cchToCopy)
{
    return RtlpUnicodeStringFromCounted(DestinationString, SourceString, cchToCopy,
                                        cchToCopy > RTLP_USTR_MAX_CCH, FALSE, NULL, 0);
}

NTSTATUS NTAPI RtlUnicodeStringCbCopyN(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
                                       size_t cbToCopy)
{
    size_t cch = cbToCopy / sizeof(WCHAR);
    return RtlpUnicodeStringFromCounted(DestinationString, SourceString, cch,
                                        cch > RTLP_USTR_MAX_CCH, FALSE, NULL, 0);
}

NTSTATUS NTAPI RtlUnicodeStringCchCopyNEx(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
                                          size_t cchToCopy, PUNICODE_STRING RemainingString, DWORD dwFlags)
{
    return RtlpUnicodeStringFromCounted(DestinationString, SourceString, cchToCopy,
                                        cchToCopy > RTLP_USTR_MAX_CCH, FALSE, RemainingString,
                                        dwFlags);
}

NTSTATUS NTAPI RtlUnicodeStringCbCopyNEx(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
                                         size_t cbToCopy, PUNICODE_STRING RemainingString, DWORD dwFlags)
{
    size_t cch = cbToCopy / sizeof(WCHAR);
    return RtlpUnicodeStringFromCounted(DestinationString, SourceString, cch,
                                        cch > RTLP_USTR_MAX_CCH, FALSE, RemainingString, dwFlags);
}

NTSTATUS NTAPI RtlUnicodeStringCchCopyStringN(PUNICODE_STRING DestinationString, PCWSTR pszSrc,
                                              size_t cchToCopy)
{
    return RtlpUnicodeStringCopyCat(DestinationString, pszSrc, cchToCopy, TRUE,
                                    cchToCopy > RTLP_USTR_MAX_CCH, FALSE, NULL, 0);
}

NTSTATUS NTAPI RtlUnicodeStringCbCopyStringN(PUNICODE_STRING DestinationString, PCWSTR pszSrc,
                                             size_t cbToCopy)
{
    size_t cch = cbToCopy / sizeof(WCHAR);
    return RtlpUnicodeStringCopyCat(DestinationString, pszSrc, cch, TRUE,
                                    cch > RTLP_USTR_MAX_CCH, FALSE, NULL, 0);
}

NTSTATUS NTAPI RtlUnicodeStringCchCopyStringNEx(PUNICODE_STRING DestinationString, PCWSTR pszSrc,
                                                size_t cchToCopy, PUNICODE_STRING RemainingString,
                                                DWORD dwFlags)
{
    return RtlpUnicodeStringCopyCat(DestinationString, pszSrc, cchToCopy, TRUE,
                                    cchToCopy > RTLP_USTR_MAX_CCH, FALSE, RemainingString, dwFlags);
}

NTSTATUS NTAPI RtlUnicodeStringCbCopyStringNEx(PUNICODE_STRING DestinationString, PCWSTR pszSrc,
                                               size_t cbToCopy, PUNICODE_STRING RemainingString,
                                               DWORD dwFlags)
{
    size_t cch = cbToCopy / sizeof(WCHAR);
    return RtlpUnicodeStringCopyCat(DestinationString, pszSrc, cch, TRUE,
                                    cch > RTLP_USTR_MAX_CCH, FALSE, RemainingString, dwFlags);
}

/*
 * @implemented (Cat family)
 * Appends to the destination's text; no terminator; truncation is STATUS_BUFFER_OVERFLOW
 * with the destination filled to MaximumLength.
 */
NTSTATUS NTAPI RtlUnicodeStringCat(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString)
{
    return RtlpUnicodeStringFromCounted(DestinationString, SourceString, RTLP_USTR_MAX_CCH, FALSE,
                                        TRUE, NULL, 0);
}

NTSTATUS NTAPI RtlUnicodeStringCatEx(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
                                     PUNICODE_STRING RemainingString, DWORD dwFlags)
{
    return RtlpUnicodeStringFromCounted(DestinationString, SourceString, RTLP_USTR_MAX_CCH, FALSE,
                                        TRUE, RemainingString, dwFlags);
}

NTSTATUS NTAPI RtlUnicodeStringCatString(PUNICODE_STRING DestinationString, PCWSTR pszSrc)
{
    return RtlpUnicodeStringCopyCat(DestinationString, pszSrc, NTSTRSAFE_MAX_CCH, TRUE, FALSE,
                                    TRUE, NULL, 0);
}

NTSTATUS NTAPI RtlUnicodeStringCatStringEx(PUNICODE_STRING DestinationString, PCWSTR pszSrc,
                                           PUNICODE_STRING RemainingString, DWORD dwFlags)
{
    return RtlpUnicodeStringCopyCat(DestinationString, pszSrc, NTSTRSAFE_MAX_CCH, TRUE, FALSE,
                                    TRUE, RemainingString, dwFlags);
}

NTSTATUS NTAPI RtlUnicodeStringCchCatN(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
                                       size_t cchToAppend)
{
    return RtlpUnicodeStringFromCounted(DestinationString, SourceString, cchToAppend,
                                        cchToAppend > RTLP_USTR_MAX_CCH, TRUE, NULL, 0);
}

NTSTATUS NTAPI RtlUnicodeStringCbCatN(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
                                      size_t cbToAppend)
{
    size_t cch = cbToAppend / sizeof(WCHAR);
    return RtlpUnicodeStringFromCounted(DestinationString, SourceString, cch,
                                        cch > RTLP_USTR_MAX_CCH, TRUE, NULL, 0);
}

NTSTATUS NTAPI RtlUnicodeStringCchCatNEx(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
                                         size_t cchToAppend, PUNICODE_STRING RemainingString, DWORD dwFlags)
{
    return RtlpUnicodeStringFromCounted(DestinationString, SourceString, cchToAppend,
                                        cchToAppend > RTLP_USTR_MAX_CCH, TRUE, RemainingString,
                                        dwFlags);
}

NTSTATUS NTAPI RtlUnicodeStringCbCatNEx(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
                                        size_t cbToAppend, PUNICODE_STRING RemainingString, DWORD dwFlags)
{
    size_t cch = cbToAppend / sizeof(WCHAR);
    return RtlpUnicodeStringFromCounted(DestinationString, SourceString, cch,
                                        cch > RTLP_USTR_MAX_CCH, TRUE, RemainingString, dwFlags);
}

NTSTATUS NTAPI RtlUnicodeStringCchCatStringN(PUNICODE_STRING DestinationString, PCWSTR pszSrc,
                                             size_t cchToAppend)
{
    return RtlpUnicodeStringCopyCat(DestinationString, pszSrc, cchToAppend, TRUE,
                                    cchToAppend > RTLP_USTR_MAX_CCH, TRUE, NULL, 0);
}

NTSTATUS NTAPI RtlUnicodeStringCbCatStringN(PUNICODE_STRING DestinationString, PCWSTR pszSrc,
                                            size_t cbToAppend)
{
    size_t cch = cbToAppend / sizeof(WCHAR);
    return RtlpUnicodeStringCopyCat(DestinationString, pszSrc, cch, TRUE,
                                    cch > RTLP_USTR_MAX_CCH, TRUE, NULL, 0);
}

NTSTATUS NTAPI RtlUnicodeStringCchCatStringNEx(PUNICODE_STRING DestinationString, PCWSTR pszSrc,
                                               size_t cchToAppend, PUNICODE_STRING RemainingString,
                                               DWORD dwFlags)
{
    return RtlpUnicodeStringCopyCat(DestinationString, pszSrc, cchToAppend, TRUE,
                                    cchToAppend > RTLP_USTR_MAX_CCH, TRUE, RemainingString, dwFlags);
}

NTSTATUS NTAPI RtlUnicodeStringCbCatStringNEx(PUNICODE_STRING DestinationString, PCWSTR pszSrc,
                                              size_t cbToAppend, PUNICODE_STRING RemainingString,
                                              DWORD dwFlags)
{
    size_t cch = cbToAppend / sizeof(WCHAR);
    return RtlpUnicodeStringCopyCat(DestinationString, pszSrc, cch, TRUE,
                                    cch > RTLP_USTR_MAX_CCH, TRUE, RemainingString, dwFlags);
}
