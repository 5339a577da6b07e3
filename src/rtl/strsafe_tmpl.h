/*
 * PURPOSE: The NUL-terminated ntstrsafe functions, written once for both character types.
 * strsafe.c includes this file twice: with TCH = CHAR and TN(x) = x##A, then with
 * TCH = WCHAR and TN(x) = x##W. Not a header of its own: no include guard on purpose.
 */

/* PRIVATE FUNCTIONS **********************************************************************/

/* Characters before the first NUL, looking at no more than Max characters. */
static size_t TN(RtlpStrsafeScan)(const TCH *String, size_t Max)
{
    size_t n = 0;
    while (n < Max && String[n])
        n++;
    return n;
}

NTSTATUS TN(RtlpStrsafeValidateDest)(TCH *Dest, size_t CchDest, DWORD Flags)
{
    if (Flags & ~(DWORD)STRSAFE_VALID_FLAGS)
        return STATUS_INVALID_PARAMETER;
    if (CchDest > NTSTRSAFE_MAX_CCH)
        return STATUS_INVALID_PARAMETER;
    if (Flags & STRSAFE_IGNORE_NULLS)
        return (!Dest && CchDest != 0) ? STATUS_INVALID_PARAMETER : STATUS_SUCCESS;
    return (!Dest || CchDest == 0) ? STATUS_INVALID_PARAMETER : STATUS_SUCCESS;
}

VOID TN(RtlpStrsafeApplyFlags)(TCH *Dest, size_t CchDest, NTSTATUS Status, DWORD Flags,
                               BOOLEAN Append, size_t OriginalLength, TCH **End, size_t *Remaining)
{
    int fill = RTLP_STRSAFE_FILL_BYTE(Flags);

    if (NT_SUCCESS(Status))
    {
        if ((Flags & STRSAFE_FILL_BEHIND_NULL) && *Remaining > 1)
            memset(*End + 1, fill, (*Remaining - 1) * sizeof(TCH));
        return;
    }
    if (!Dest || CchDest == 0)
        return;
    if (Flags & STRSAFE_FILL_ON_FAILURE)
    {
        memset(Dest, fill, CchDest * sizeof(TCH));
        if (fill == 0)
        {
            *End = Dest;
            *Remaining = CchDest;
        }
        else
        {
            *End = Dest + CchDest - 1;
            *Remaining = 1;
            **End = 0;
        }
    }
    if (Flags & STRSAFE_NULL_ON_FAILURE)
    {
        *Dest = 0;
        *End = Dest;
        *Remaining = CchDest;
    }
    if ((Flags & STRSAFE_NO_TRUNCATION) && Status == STATUS_BUFFER_OVERFLOW)
    {
        /* A concatenation keeps the original string; a copy cannot, and leaves "". */
        size_t keep = Append ? OriginalLength : 0;
        *End = Dest + keep;
        **End = 0;
        *Remaining = CchDest - keep;
    }
}

/*
 * The engine behind Copy, CopyN, Cat, CatN and the UNICODE_STRING-source forms. The source
 * is at most CchSrcMax characters and, when StopAtNul, ends at its first NUL. SrcLimitBad
 * reports an N-count beyond NTSTRSAFE_MAX_LENGTH.
 */
static NTSTATUS TN(RtlpStrsafeCopyCat)(TCH *Dest, size_t CchDest, const TCH *Src, size_t CchSrcMax,
                                       BOOLEAN StopAtNul, BOOLEAN SrcLimitBad, BOOLEAN Append,
                                       TCH **DestEnd, size_t *Remaining, DWORD Flags)
{
    static const TCH empty[1] = { 0 };
    TCH *end = Dest;
    size_t remaining = CchDest, destLength = 0, n = 0;
    NTSTATUS status = TN(RtlpStrsafeValidateDest)(Dest, CchDest, Flags);

    if (!NT_SUCCESS(status))
        return status;

    if (!Src && (Flags & STRSAFE_IGNORE_NULLS))
    {
        Src = empty;
        CchSrcMax = 0;
    }
    if (Append && Dest)
    {
        destLength = TN(RtlpStrsafeScan)(Dest, CchDest);
        end = Dest + destLength;
        remaining = CchDest - destLength;
    }

    if (!Src || SrcLimitBad || (Append && Dest && destLength == CchDest))
    {
        /* Bad source, bad count, or a destination with no terminator ("already full"). */
        status = STATUS_INVALID_PARAMETER;
        if (!Append && Dest && CchDest)
            *Dest = 0;
    }
    else if (CchDest == 0)
    {
        /* Only reachable with STRSAFE_IGNORE_NULLS: nothing fits, not even a terminator. */
        BOOLEAN hasData = CchSrcMax > 0 && (!StopAtNul || Src[0]);
        status = hasData ? STATUS_INVALID_PARAMETER : STATUS_SUCCESS;
        remaining = 0;
    }
    else
    {
        size_t room = CchDest - 1 - destLength;
        TCH *out = Dest + destLength;

        while (n < room && n < CchSrcMax && (!StopAtNul || Src[n]))
        {
            out[n] = Src[n];
            n++;
        }
        out[n] = 0;
        end = out + n;
        remaining = CchDest - destLength - n;
        if (n < CchSrcMax && (!StopAtNul || Src[n]))
            status = STATUS_BUFFER_OVERFLOW;
    }

    TN(RtlpStrsafeApplyFlags)(Dest, CchDest, status, Flags, Append, destLength, &end, &remaining);
    if (NT_SUCCESS(status) || status == STATUS_BUFFER_OVERFLOW)
    {
        if (DestEnd)
            *DestEnd = end;
        if (Remaining)
            *Remaining = remaining;
    }
    return status;
}

/* Byte-counted front end: converts the counts and reports the remaining bytes. */
static NTSTATUS TN(RtlpStrsafeCbCopyCat)(TCH *Dest, size_t CbDest, const TCH *Src, size_t CchSrcMax,
                                         BOOLEAN StopAtNul, BOOLEAN SrcLimitBad, BOOLEAN Append,
                                         TCH **DestEnd, size_t *CbRemaining, DWORD Flags)
{
    size_t cchRemaining = 0;
    NTSTATUS status = TN(RtlpStrsafeCopyCat)(Dest, CbDest / sizeof(TCH), Src, CchSrcMax, StopAtNul,
                                             SrcLimitBad, Append, DestEnd, &cchRemaining, Flags);

    if (CbRemaining && (NT_SUCCESS(status) || status == STATUS_BUFFER_OVERFLOW))
        *CbRemaining = cchRemaining * sizeof(TCH) + CbDest % sizeof(TCH);
    return status;
}

/* PUBLIC FUNCTIONS ***********************************************************************/

/*
 * @implemented (Copy family)
 * IRQL PASSIVE_LEVEL (any IRQL for resident buffers). Copies pszSrc and a terminator.
 * STATUS_BUFFER_OVERFLOW: truncated to cchDest - 1 characters, still terminated.
 */
NTSTATUS NTAPI TN(RtlStringCchCopy)(TCH *pszDest, size_t cchDest, const TCH *pszSrc)
{
    return TN(RtlpStrsafeCopyCat)(pszDest, cchDest, pszSrc, NTSTRSAFE_MAX_CCH, TRUE, FALSE, FALSE,
                                  NULL, NULL, 0);
}

NTSTATUS NTAPI TN(RtlStringCbCopy)(TCH *pszDest, size_t cbDest, const TCH *pszSrc)
{
    return TN(RtlpStrsafeCbCopyCat)(pszDest, cbDest, pszSrc, NTSTRSAFE_MAX_CCH, TRUE, FALSE, FALSE,
                                    NULL, NULL, 0);
}

NTSTATUS NTAPI TN(RtlStringCchCopyEx)(TCH *pszDest, size_t cchDest, const TCH *pszSrc,
                                      TCH **ppszDestEnd, size_t *pcchRemaining, DWORD dwFlags)
{
    return TN(RtlpStrsafeCopyCat)(pszDest, cchDest, pszSrc, NTSTRSAFE_MAX_CCH, TRUE, FALSE, FALSE,
                                  ppszDestEnd, pcchRemaining, dwFlags);
}

NTSTATUS NTAPI TN(RtlStringCbCopyEx)(TCH *pszDest, size_t cbDest, const TCH *pszSrc,
                                     TCH **ppszDestEnd, size_t *pcbRemaining, DWORD dwFlags)
{
    return TN(RtlpStrsafeCbCopyCat)(pszDest, cbDest, pszSrc, NTSTRSAFE_MAX_CCH, TRUE, FALSE, FALSE,
                                    ppszDestEnd, pcbRemaining, dwFlags);
}

/*
 * @implemented (CopyN family)
 * At most cchToCopy characters of pszSrc (which need not be terminated within them).
 * cchToCopy above NTSTRSAFE_MAX_LENGTH is STATUS_INVALID_PARAMETER.
 */
NTSTATUS NTAPI TN(RtlStringCchCopyN)(TCH *pszDest, size_t cchDest, const TCH *pszSrc, size_t cchToCopy)
{
    return TN(RtlpStrsafeCopyCat)(pszDest, cchDest, pszSrc, cchToCopy, TRUE,
                                  cchToCopy > NTSTRSAFE_MAX_LENGTH, FALSE, NULL, NULL, 0);
}

NTSTATUS NTAPI TN(RtlStringCbCopyN)(TCH *pszDest, size_t cbDest, const TCH *pszSrc, size_t cbToCopy)
{
    size_t cchToCopy = cbToCopy / sizeof(TCH);
    return TN(RtlpStrsafeCbCopyCat)(pszDest, cbDest, pszSrc, cchToCopy, TRUE,
                                    cchToCopy > NTSTRSAFE_MAX_LENGTH, FALSE, NULL, NULL, 0);
}

NTSTATUS NTAPI TN(RtlStringCchCopyNEx)(TCH *pszDest, size_t cchDest, const TCH *pszSrc, size_t cchToCopy,
                                       TCH **ppszDestEnd, size_t *pcchRemaining, DWORD dwFlags)
{
    return TN(RtlpStrsafeCopyCat)(pszDest, cchDest, pszSrc, cchToCopy, TRUE,
                                  cchToCopy > NTSTRSAFE_MAX_LENGTH, FALSE, ppszDestEnd,
                                  pcchRemaining, dwFlags);
}

NTSTATUS NTAPI TN(RtlStringCbCopyNEx)(TCH *pszDest, size_t cbDest, const TCH *pszSrc, size_t cbToCopy,
                                      TCH **ppszDestEnd, size_t *pcbRemaining, DWORD dwFlags)
{
    size_t cchToCopy = cbToCopy / sizeof(TCH);
    return TN(RtlpStrsafeCbCopyCat)(pszDest, cbDest, pszSrc, cchToCopy, TRUE,
                                    cchToCopy > NTSTRSAFE_MAX_LENGTH, FALSE, ppszDestEnd,
                                    pcbRemaining, dwFlags);
}

/*
 * @implemented (Cat family)
 * Appends pszSrc to the terminated string in pszDest. A destination without a terminator
 * within cchDest is STATUS_INVALID_PARAMETER; truncation is STATUS_BUFFER_OVERFLOW.
 */
NTSTATUS NTAPI TN(RtlStringCchCat)(TCH *pszDest, size_t cchDest, const TCH *pszSrc)
{
    return TN(RtlpStrsafeCopyCat)(pszDest, cchDest, pszSrc, NTSTRSAFE_MAX_CCH, TRUE, FALSE, TRUE,
                                  NULL, NULL, 0);
}

NTSTATUS NTAPI TN(RtlStringCbCat)(TCH *pszDest, size_t cbDest, const TCH *pszSrc)
{
    return TN(RtlpStrsafeCbCopyCat)(pszDest, cbDest, pszSrc, NTSTRSAFE_MAX_CCH, TRUE, FALSE, TRUE,
                                    NULL, NULL, 0);
}

NTSTATUS NTAPI TN(RtlStringCchCatEx)(TCH *pszDest, size_t cchDest, const TCH *pszSrc,
                                     TCH **ppszDestEnd, size_t *pcchRemaining, DWORD dwFlags)
{
    return TN(RtlpStrsafeCopyCat)(pszDest, cchDest, pszSrc, NTSTRSAFE_MAX_CCH, TRUE, FALSE, TRUE,
                                  ppszDestEnd, pcchRemaining, dwFlags);
}

NTSTATUS NTAPI TN(RtlStringCbCatEx)(TCH *pszDest, size_t cbDest, const TCH *pszSrc,
                                    TCH **ppszDestEnd, size_t *pcbRemaining, DWORD dwFlags)
{
    return TN(RtlpStrsafeCbCopyCat)(pszDest, cbDest, pszSrc, NTSTRSAFE_MAX_CCH, TRUE, FALSE, TRUE,
                                    ppszDestEnd, pcbRemaining, dwFlags);
}

/*
 * @implemented (CatN family)
 * Appends at most cchToAppend characters of pszSrc.
 */
NTSTATUS NTAPI TN(RtlStringCchCatN)(TCH *pszDest, size_t cchDest, const TCH *pszSrc, size_t cchToAppend)
{
    return TN(RtlpStrsafeCopyCat)(pszDest, cchDest, pszSrc, cchToAppend, TRUE,
                                  cchToAppend > NTSTRSAFE_MAX_LENGTH, TRUE, NULL, NULL, 0);
}

NTSTATUS NTAPI TN(RtlStringCbCatN)(TCH *pszDest, size_t cbDest, const TCH *pszSrc, size_t cbToAppend)
{
    size_t cchToAppend = cbToAppend / sizeof(TCH);
    return TN(RtlpStrsafeCbCopyCat)(pszDest, cbDest, pszSrc, cchToAppend, TRUE,
                                    cchToAppend > NTSTRSAFE_MAX_LENGTH, TRUE, NULL, NULL, 0);
}

NTSTATUS NTAPI TN(RtlStringCchCatNEx)(TCH *pszDest, size_t cchDest, const TCH *pszSrc, size_t cchToAppend,
                                      TCH **ppszDestEnd, size_t *pcchRemaining, DWORD dwFlags)
{
    return TN(RtlpStrsafeCopyCat)(pszDest, cchDest, pszSrc, cchToAppend, TRUE,
                                  cchToAppend > NTSTRSAFE_MAX_LENGTH, TRUE, ppszDestEnd,
                                  pcchRemaining, dwFlags);
}

NTSTATUS NTAPI TN(RtlStringCbCatNEx)(TCH *pszDest, size_t cbDest, const TCH *pszSrc, size_t cbToAppend,
                                     TCH **ppszDestEnd, size_t *pcbRemaining, DWORD dwFlags)
{
    size_t cchToAppend = cbToAppend / sizeof(TCH);
    return TN(RtlpStrsafeCbCopyCat)(pszDest, cbDest, pszSrc, cchToAppend, TRUE,
                                    cchToAppend > NTSTRSAFE_MAX_LENGTH, TRUE, ppszDestEnd,
                                    pcbRemaining, dwFlags);
}

/*
 * @implemented (Length family)
 * STATUS_INVALID_PARAMETER (and *pcchLength = 0) for a NULL string, a cchMax of 0 or above
 * NTSTRSAFE_MAX_CCH, or no terminator within cchMax characters.
 */
NTSTATUS NTAPI TN(RtlStringCchLength)(const TCH *psz, size_t cchMax, size_t *pcchLength)
{
    size_t n;

    if (!psz || cchMax == 0 || cchMax > NTSTRSAFE_MAX_CCH ||
        (n = TN(RtlpStrsafeScan)(psz, cchMax)) == cchMax)
    {
        if (pcchLength)
            *pcchLength = 0;
        return STATUS_INVALID_PARAMETER;
    }
    if (pcchLength)
        *pcchLength = n;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI TN(RtlStringCbLength)(const TCH *psz, size_t cbMax, size_t *pcbLength)
{
    size_t cch = 0;
    NTSTATUS status = TN(RtlStringCchLength)(psz, cbMax / sizeof(TCH), &cch);

    if (pcbLength)
        *pcbLength = cch * sizeof(TCH);
    return status;
}

/* Formats into a NUL-terminated buffer on kmode's format engine (the Printf forms). */
static const TCH TN(RtlpStrsafeEmpty)[1] = { 0 };

NTSTATUS TN(RtlpStrsafeVPrintf)(TCH *Dest, size_t CchDest, TCH **DestEnd, size_t *Remaining,
                                DWORD Flags, const TCH *Format, va_list Args)
{
    TCH *end = Dest;
    size_t remaining = CchDest;
    NTSTATUS status = TN(RtlpStrsafeValidateDest)(Dest, CchDest, Flags);

    if (!NT_SUCCESS(status))
        return status;
    if (!Format && (Flags & STRSAFE_IGNORE_NULLS))
        Format = TN(RtlpStrsafeEmpty);

    if (!Format)
    {
        status = STATUS_INVALID_PARAMETER;
        if (Dest && CchDest)
            *Dest = 0;
    }
    else if (CchDest == 0)
    {
        /* STRSAFE_IGNORE_NULLS with no buffer: only an empty result "fits". */
        va_list copy;
        va_copy(copy, Args);
        status = TN(KmFormat)(NULL, 0, Format, copy) == 0 ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
        va_end(copy);
        remaining = 0;
    }
    else
    {
        size_t capacity = CchDest - 1;
        LONG_PTR n = TN(KmFormat)(Dest, capacity, Format, Args);

        if (n < 0)
        {
            status = STATUS_INVALID_PARAMETER;
            n = 0;
        }
        else if ((size_t)n > capacity)
        {
            status = STATUS_BUFFER_OVERFLOW;
            n = (LONG_PTR)capacity;
        }
        Dest[n] = 0;
        end = Dest + n;
        remaining = CchDest - (size_t)n;
    }

    TN(RtlpStrsafeApplyFlags)(Dest, CchDest, status, Flags, FALSE, 0, &end, &remaining);
    if (NT_SUCCESS(status) || status == STATUS_BUFFER_OVERFLOW)
    {
        if (DestEnd)
            *DestEnd = end;
        if (Remaining)
            *Remaining = remaining;
    }
    return status;
}
