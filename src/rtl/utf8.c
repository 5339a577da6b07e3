/*
 * PURPOSE: UTF-8 <-> UTF-16 conversions (RtlUnicodeToUTF8N, RtlUTF8ToUnicodeN and the
 * counted-string forms).
 *
 * Invalid input is replaced, not rejected: an unpaired surrogate in UTF-16, or an ill-formed
 * UTF-8 sequence, becomes U+FFFD and the call returns STATUS_SOME_NOT_MAPPED. Ill-formed
 * UTF-8 is replaced one "maximal subpart" at a time (Unicode 3.9, U+FFFD substitution best
 * practice): overlong forms, encoded surrogates and values above U+10FFFF are ill-formed.
 * A character is converted whole or not at all, so a truncated result never ends in half
 * a character or half a surrogate pair.
 */

/* INCLUDES *******************************************************************************/

#include "rtlp_nls.h"

/* GLOBALS ********************************************************************************/

#define RTLP_REPLACEMENT_CHAR 0xFFFDu

/* PRIVATE FUNCTIONS **********************************************************************/

static ULONG RtlpUtf8Encode(ULONG CodePoint, UCHAR Out[4])
{
    if (CodePoint < 0x80)
    {
        Out[0] = (UCHAR)CodePoint;
        return 1;
    }
    if (CodePoint < 0x800)
    {
        Out[0] = (UCHAR)(0xC0 | (CodePoint >> 6));
        Out[1] = (UCHAR)(0x80 | (CodePoint & 0x3F));
        return 2;
    }
    if (CodePoint < 0x10000)
    {
        Out[0] = (UCHAR)(0xE0 | (CodePoint >> 12));
        Out[1] = (UCHAR)(0x80 | ((CodePoint >> 6) & 0x3F));
        Out[2] = (UCHAR)(0x80 | (CodePoint & 0x3F));
        return 3;
    }
    Out[0] = (UCHAR)(0xF0 | (CodePoint >> 18));
    Out[1] = (UCHAR)(0x80 | ((CodePoint >> 12) & 0x3F));
    Out[2] = (UCHAR)(0x80 | ((CodePoint >> 6) & 0x3F));
    Out[3] = (UCHAR)(0x80 | (CodePoint & 0x3F));
    return 4;
}

/*
 * Decodes one character at In[*Index] (Count bytes in all) and advances *Index past it.
 * Returns the code point, or U+FFFD with *Valid = FALSE for an ill-formed subpart.
 */
static ULONG RtlpUtf8Decode(const UCHAR *In, ULONG Count, ULONG *Index, BOOLEAN *Valid)
{
    ULONG i = *Index;
    UCHAR lead = In[i++];
    UCHAR lo = 0x80, hi = 0xBF;
    ULONG need, cp;

    *Valid = TRUE;
    if (lead < 0x80)
    {
        *Index = i;
        return lead;
    }
    if (lead >= 0xC2 && lead <= 0xDF)
    {
        need = 1;
        cp = lead & 0x1F;
    }
    else if (lead >= 0xE0 && lead <= 0xEF)
    {
        need = 2;
        cp = lead & 0x0F;
        if (lead == 0xE0)
            lo = 0xA0;           /* shorter forms are overlong */
        else if (lead == 0xED)
            hi = 0x9F;           /* D800..DFFF are not characters */
    }
    else if (lead >= 0xF0 && lead <= 0xF4)
    {
        need = 3;
        cp = lead & 0x07;
        if (lead == 0xF0)
            lo = 0x90;
        else if (lead == 0xF4)
            hi = 0x8F;           /* nothing above U+10FFFF */
    }
    else
    {
        /* C0, C1, F5..FF or a stray continuation byte. */
        *Index = i;
        *Valid = FALSE;
        return RTLP_REPLACEMENT_CHAR;
    }

    while (need--)
    {
        if (i >= Count || In[i] < lo || In[i] > hi)
        {
            /* The subpart so far is replaced; the offending byte starts the next one. */
            *Index = i;
            *Valid = FALSE;
            return RTLP_REPLACEMENT_CHAR;
        }
        cp = (cp << 6) | (In[i++] & 0x3F);
        lo = 0x80;
        hi = 0xBF;
    }
    *Index = i;
    return cp;
}

/* PUBLIC FUNCTIONS ***********************************************************************/

/*
 * @implemented
 * IRQL PASSIVE_LEVEL. With a NULL destination, *UTF8StringActualByteCount receives the size
 * the whole output needs. Otherwise converts whole characters while they fit and stores the
 * bytes written; STATUS_BUFFER_TOO_SMALL if not everything fit (this outranks
 * STATUS_SOME_NOT_MAPPED). STATUS_INVALID_PARAMETER_4 for a NULL source,
 * STATUS_INVALID_PARAMETER_5 for an odd byte count, STATUS_INVALID_PARAMETER when both the
 * destination and the count pointer are NULL. No terminator is added unless the source
 * includes one.
 */
NTSTATUS NTAPI RtlUnicodeToUTF8N(PCHAR UTF8StringDestination, ULONG UTF8StringMaxByteCount,
                                 PULONG UTF8StringActualByteCount, PCWCH UnicodeStringSource,
                                 ULONG UnicodeStringByteCount)
{
    ULONG count = UnicodeStringByteCount / sizeof(WCHAR);
    ULONG i = 0, written = 0;
    BOOLEAN notMapped = FALSE, truncated = FALSE;

    if (!UnicodeStringSource)
        return STATUS_INVALID_PARAMETER_4;
    if (!UTF8StringDestination && !UTF8StringActualByteCount)
        return STATUS_INVALID_PARAMETER;
    if (UnicodeStringByteCount % sizeof(WCHAR))
        return STATUS_INVALID_PARAMETER_5;

    while (i < count)
    {
        ULONG cp = UnicodeStringSource[i], next = i + 1, n;
        UCHAR bytes[4];

        if (cp >= 0xD800 && cp <= 0xDBFF && next < count &&
            UnicodeStringSource[next] >= 0xDC00 && UnicodeStringSource[next] <= 0xDFFF)
        {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (UnicodeStringSource[next] - 0xDC00);
            next++;
        }
        else if (cp >= 0xD800 && cp <= 0xDFFF)
        {
            cp = RTLP_REPLACEMENT_CHAR;
            notMapped = TRUE;
        }

        n = RtlpUtf8Encode(cp, bytes);
        if (UTF8StringDestination)
        {
            ULONG k;
            if (written + n > UTF8StringMaxByteCount)
            {
                truncated = TRUE;
                break;
            }
            for (k = 0; k < n; k++)
                UTF8StringDestination[written + k] = (CHAR)bytes[k];
        }
        written += n;
        i = next;
    }

    if (UTF8StringActualByteCount)
        *UTF8StringActualByteCount = written;
    if (truncated)
        return STATUS_BUFFER_TOO_SMALL;
    return notMapped ? STATUS_SOME_NOT_MAPPED : STATUS_SUCCESS;
}

/*
 * @implemented
 * IRQL PASSIVE_LEVEL. The UTF-8 to UTF-16 counterpart of RtlUnicodeToUTF8N: NULL destination
 * gives the size needed; whole characters only (a supplementary character needs room for
 * both surrogates); STATUS_BUFFER_TOO_SMALL, STATUS_SOME_NOT_MAPPED,
 * STATUS_INVALID_PARAMETER_4 (NULL source), STATUS_INVALID_PARAMETER (no destination and no
 * count pointer).
 */
NTSTATUS NTAPI RtlUTF8ToUnicodeN(PWSTR UnicodeStringDestination, ULONG UnicodeStringMaxByteCount,
                                 PULONG UnicodeStringActualByteCount, PCCH UTF8StringSource,
                                 ULONG UTF8StringByteCount)
{
    const UCHAR *in = (const UCHAR *)UTF8StringSource;
    ULONG i = 0, written = 0;
    BOOLEAN notMapped = FALSE, truncated = FALSE;

    if (!UTF8StringSource)
        return STATUS_INVALID_PARAMETER_4;
    if (!UnicodeStringDestination && !UnicodeStringActualByteCount)
        return STATUS_INVALID_PARAMETER;

    while (i < UTF8StringByteCount)
    {
        BOOLEAN valid;
        ULONG next = i;
        ULONG cp = RtlpUtf8Decode(in, UTF8StringByteCount, &next, &valid);
        ULONG bytes = cp >= 0x10000 ? 2 * sizeof(WCHAR) : sizeof(WCHAR);

        if (UnicodeStringDestination)
        {
            PWCH out = UnicodeStringDestination + written / sizeof(WCHAR);
            if (written + bytes > UnicodeStringMaxByteCount)
            {
                truncated = TRUE;
                break;
            }
            if (cp >= 0x10000)
            {
                out[0] = (WCHAR)(0xD800 + ((cp - 0x10000) >> 10));
                out[1] = (WCHAR)(0xDC00 + ((cp - 0x10000) & 0x3FF));
            }
            else
            {
                out[0] = (WCHAR)cp;
            }
        }
        if (!valid)
            notMapped = TRUE;
        written += bytes;
        i = next;
    }

    if (UnicodeStringActualByteCount)
        *UnicodeStringActualByteCount = written;
    if (truncated)
        return STATUS_BUFFER_TOO_SMALL;
    return notMapped ? STATUS_SOME_NOT_MAPPED : STATUS_SUCCESS;
}

/*
 * @implemented
 * IRQL PASSIVE_LEVEL. The result is NUL-terminated. Allocating: MaximumLength = Length + 1,
 * released with RtlFreeUTF8String; STATUS_NO_MEMORY if that fails. Caller buffer too small:
 * what fits (whole characters, MaximumLength - 1 bytes at most) plus a terminator, and
 * STATUS_BUFFER_OVERFLOW. STATUS_INVALID_PARAMETER_2 for an odd source length or a result
 * longer than a counted string can describe. STATUS_SOME_NOT_MAPPED when a lone surrogate
 * was replaced.
 */
NTSTATUS NTAPI RtlUnicodeStringToUTF8String(PUTF8_STRING DestinationString,
                                            PCUNICODE_STRING SourceString,
                                            BOOLEAN AllocateDestinationString)
{
    static const WCHAR empty[1] = { 0 };
    PCWCH source = SourceString->Length ? SourceString->Buffer : empty;
    ULONG needed, capacity, written;
    NTSTATUS status;

    status = RtlUnicodeToUTF8N(NULL, 0, &needed, source, SourceString->Length);
    if (!NT_SUCCESS(status) || needed + 1 > MAXUSHORT)
        return STATUS_INVALID_PARAMETER_2;

    if (AllocateDestinationString)
    {
        PCHAR buffer = RtlpAllocateStringMemory(needed + 1);
        if (!buffer)
            return STATUS_NO_MEMORY;
        DestinationString->Buffer = buffer;
        DestinationString->MaximumLength = (USHORT)(needed + 1);
    }
    else if (DestinationString->MaximumLength == 0)
    {
        return STATUS_BUFFER_OVERFLOW;
    }
    capacity = DestinationString->MaximumLength - 1u;

    status = RtlUnicodeToUTF8N(DestinationString->Buffer, capacity, &written, source,
                               SourceString->Length);
    if (status == STATUS_BUFFER_TOO_SMALL)
        status = STATUS_BUFFER_OVERFLOW;
    DestinationString->Buffer[written] = ANSI_NULL;
    DestinationString->Length = (USHORT)written;
    return status;
}

/*
 * @implemented
 * IRQL PASSIVE_LEVEL. The UTF-8 to UTF-16 counterpart of RtlUnicodeStringToUTF8String
 * (allocated buffers are released with RtlFreeUnicodeString).
 */
NTSTATUS NTAPI RtlUTF8StringToUnicodeString(PUNICODE_STRING DestinationString,
                                            PUTF8_STRING SourceString,
                                            BOOLEAN AllocateDestinationString)
{
    static const CHAR empty[1] = { 0 };
    PCCH source = SourceString->Length ? SourceString->Buffer : empty;
    ULONG needed, capacity, written;
    NTSTATUS status;

    status = RtlUTF8ToUnicodeN(NULL, 0, &needed, source, SourceString->Length);
    if (!NT_SUCCESS(status) || needed + sizeof(WCHAR) > MAXUSHORT)
        return STATUS_INVALID_PARAMETER_2;

    if (AllocateDestinationString)
    {
        PWCH buffer = RtlpAllocateStringMemory(needed + sizeof(WCHAR));
        if (!buffer)
            return STATUS_NO_MEMORY;
        DestinationString->Buffer = buffer;
        DestinationString->MaximumLength = (USHORT)(needed + sizeof(WCHAR));
    }
    else if (DestinationString->MaximumLength < sizeof(WCHAR))
    {
        return STATUS_BUFFER_OVERFLOW;
    }
    capacity = (DestinationString->MaximumLength - sizeof(WCHAR)) & ~(ULONG)1;

    status = RtlUTF8ToUnicodeN(DestinationString->Buffer, capacity, &written, source,
                               SourceString->Length);
    if (status == STATUS_BUFFER_TOO_SMALL)
        status = STATUS_BUFFER_OVERFLOW;
    DestinationString->Buffer[written / sizeof(WCHAR)] = UNICODE_NULL;
    DestinationString->Length = (USHORT)written;
    return status;
}

/*
 * @implemented
 * IRQL PASSIVE_LEVEL. Releases a buffer allocated by RtlUnicodeStringToUTF8String and
 * zeroes the string. NULL is ignored.
 */
VOID NTAPI RtlFreeUTF8String(PUTF8_STRING Utf8String)
{
    if (!Utf8String)
        return;
    if (Utf8String->Buffer)
        RtlpFreeStringMemory(Utf8String->Buffer);
    Utf8String->Length = 0;
    Utf8String->MaximumLength = 0;
    Utf8String->Buffer = NULL;
}
