/*
 * PURPOSE: STRING / ANSI_STRING routines and the ANSI (Windows-1252) <-> UTF-16 conversions.
 *
 * Windows-1252 is single-byte, so every ANSI byte is one UTF-16 code unit and every code unit
 * one byte: sizes are exact. A character 1252 cannot represent becomes '?' (the code page's
 * default character); Windows' best-fit substitutions (e.g. U+0100 -> 'A') are not applied.
 */

/* INCLUDES *******************************************************************************/

#include <string.h>
#include "rtlp_nls.h"

/* GLOBALS ********************************************************************************/

/* Longest string a STRING can describe with room left for a terminator. */
#define RTLP_MAX_STRING_BYTES (MAXUSHORT - sizeof(CHAR))

/* PRIVATE FUNCTIONS **********************************************************************/

static VOID RtlpInitCountedString(PSTRING Destination, PCSZ Source)
{
    SIZE_T bytes;

    Destination->Buffer = (PCHAR)Source;
    if (!Source)
    {
        Destination->Length = 0;
        Destination->MaximumLength = 0;
        return;
    }
    bytes = strlen(Source);
    if (bytes > RTLP_MAX_STRING_BYTES)
        bytes = RTLP_MAX_STRING_BYTES;
    Destination->Length = (USHORT)bytes;
    Destination->MaximumLength = (USHORT)(bytes + 1);
}

static NTSTATUS RtlpInitCountedStringEx(PSTRING Destination, PCSZ Source)
{
    if (Source && strlen(Source) > RTLP_MAX_STRING_BYTES)
        return STATUS_NAME_TOO_LONG;
    RtlpInitCountedString(Destination, Source);
    return STATUS_SUCCESS;
}

static LONG RtlpCompareNarrow(const CHAR *A, const CHAR *B, SIZE_T Count, BOOLEAN CaseInSensitive)
{
    SIZE_T i;

    for (i = 0; i < Count; i++)
    {
        UCHAR a = (UCHAR)A[i], b = (UCHAR)B[i];
        if (a != b && CaseInSensitive)
        {
            a = (UCHAR)RtlUpperChar((CHAR)a);
            b = (UCHAR)RtlUpperChar((CHAR)b);
        }
        if (a != b)
            return (LONG)a - (LONG)b;
    }
    return 0;
}

static VOID RtlpAnsiToUnicode(PWCH Out, const CHAR *In, ULONG Count)
{
    ULONG i;
    for (i = 0; i < Count; i++)
        Out[i] = RtlpAnsiCharToUnicode((UCHAR)In[i]);
}

static VOID RtlpUnicodeToAnsi(PCHAR Out, PCWCH In, ULONG Count)
{
    ULONG i;
    for (i = 0; i < Count; i++)
    {
        UCHAR c;
        RtlpUnicodeCharToAnsi(In[i], &c);
        Out[i] = (CHAR)c;
    }
}

/* PUBLIC FUNCTIONS ***********************************************************************/

/*
 * @implemented
 * IRQL <= DISPATCH_LEVEL. Length = strlen (clamped to 0xFFFE), MaximumLength = Length + 1.
 */
VOID NTAPI RtlInitString(PSTRING DestinationString, PCSZ SourceString)
{
    RtlpInitCountedString(DestinationString, SourceString);
}

/*
 * @implemented
 * IRQL <= DISPATCH_LEVEL. As RtlInitString.
 */
VOID NTAPI RtlInitAnsiString(PANSI_STRING DestinationString, PCSZ SourceString)
{
    RtlpInitCountedString(DestinationString, SourceString);
}

/*
 * @implemented
 * IRQL <= DISPATCH_LEVEL. As RtlInitString (the bytes are not validated as UTF-8).
 */
VOID NTAPI RtlInitUTF8String(PUTF8_STRING DestinationString, PCSZ SourceString)
{
    RtlpInitCountedString(DestinationString, SourceString);
}

/*
 * @implemented
 * IRQL <= DISPATCH_LEVEL. STATUS_NAME_TOO_LONG (destination untouched) above 0xFFFE bytes.
 */
NTSTATUS NTAPI RtlInitStringEx(PSTRING DestinationString, PCSZ SourceString)
{
    return RtlpInitCountedStringEx(DestinationString, SourceString);
}

/*
 * @implemented
 * IRQL <= DISPATCH_LEVEL. As RtlInitStringEx.
 */
NTSTATUS NTAPI RtlInitAnsiStringEx(PANSI_STRING DestinationString, PCSZ SourceString)
{
    return RtlpInitCountedStringEx(DestinationString, SourceString);
}

/*
 * @implemented
 * IRQL <= DISPATCH_LEVEL. As RtlInitStringEx.
 */
NTSTATUS NTAPI RtlInitUTF8StringEx(PUTF8_STRING DestinationString, PCSZ SourceString)
{
    return RtlpInitCountedStringEx(DestinationString, SourceString);
}

/*
 * @implemented
 * Any IRQL for resident buffers. Copies min(Source->Length, MaximumLength) bytes and adds
 * a terminator when room is left. NULL source: Length = 0.
 */
VOID NTAPI RtlCopyString(PSTRING DestinationString, const STRING *SourceString)
{
    USHORT bytes;

    if (!SourceString)
    {
        DestinationString->Length = 0;
        return;
    }
    bytes = SourceString->Length;
    if (bytes > DestinationString->MaximumLength)
        bytes = DestinationString->MaximumLength;
    if (bytes)
        memmove(DestinationString->Buffer, SourceString->Buffer, bytes);
    DestinationString->Length = bytes;
    if (bytes < DestinationString->MaximumLength)
        DestinationString->Buffer[bytes] = ANSI_NULL;
}

/*
 * @implemented
 * STATUS_BUFFER_TOO_SMALL (destination unchanged) when the result would exceed
 * MaximumLength. No terminator is written.
 */
NTSTATUS NTAPI RtlAppendStringToString(PSTRING Destination, const STRING *Source)
{
    ULONG total;

    if (Source->Length == 0)
        return STATUS_SUCCESS;
    total = (ULONG)Destination->Length + Source->Length;
    if (total > Destination->MaximumLength)
        return STATUS_BUFFER_TOO_SMALL;
    memmove(Destination->Buffer + Destination->Length, Source->Buffer, Source->Length);
    Destination->Length = (USHORT)total;
    return STATUS_SUCCESS;
}

/*
 * @implemented
 * Bytes compare as unsigned; case-insensitively through RtlUpperChar. A proper prefix
 * sorts first.
 */
LONG NTAPI RtlCompareString(const STRING *String1, const STRING *String2, BOOLEAN CaseInSensitive)
{
    USHORT common = String1->Length < String2->Length ? String1->Length : String2->Length;
    LONG result = RtlpCompareNarrow(String1->Buffer, String2->Buffer, common, CaseInSensitive);

    if (result != 0)
        return result;
    return (LONG)String1->Length - (LONG)String2->Length;
}

/*
 * @implemented
 */
BOOLEAN NTAPI RtlEqualString(const STRING *String1, const STRING *String2, BOOLEAN CaseInSensitive)
{
    if (String1->Length != String2->Length)
        return FALSE;
    return RtlpCompareNarrow(String1->Buffer, String2->Buffer, String1->Length, CaseInSensitive) == 0;
}

/*
 * @implemented
 * TRUE when String1 is a prefix of String2.
 */
BOOLEAN NTAPI RtlPrefixString(const STRING *String1, const STRING *String2, BOOLEAN CaseInSensitive)
{
    if (String1->Length > String2->Length)
        return FALSE;
    return RtlpCompareNarrow(String1->Buffer, String2->Buffer, String1->Length, CaseInSensitive) == 0;
}

/*
 * @implemented
 * Copies min(Source->Length, Destination->MaximumLength) bytes upper-cased with
 * RtlUpperChar; MaximumLength and Buffer are not modified, no terminator is written.
 */
VOID NTAPI RtlUpperString(PSTRING DestinationString, const STRING *SourceString)
{
    USHORT bytes = SourceString->Length, i;

    if (bytes > DestinationString->MaximumLength)
        bytes = DestinationString->MaximumLength;
    for (i = 0; i < bytes; i++)
        DestinationString->Buffer[i] = RtlUpperChar(SourceString->Buffer[i]);
    DestinationString->Length = bytes;
}

/*
 * @implemented
 * IRQL PASSIVE_LEVEL. The result is NUL-terminated. STATUS_INVALID_PARAMETER_2 when the
 * converted string exceeds a UNICODE_STRING; STATUS_BUFFER_OVERFLOW when the caller's
 * buffer cannot hold it and its terminator (nothing converted); STATUS_NO_MEMORY when the
 * allocation fails.
 */
NTSTATUS NTAPI RtlAnsiStringToUnicodeString(PUNICODE_STRING DestinationString,
                                            PCANSI_STRING SourceString,
                                            BOOLEAN AllocateDestinationString)
{
    ULONG size = RtlxAnsiStringToUnicodeSize(SourceString);
    ULONG length = size - sizeof(WCHAR);

    if (size > MAXUSHORT)
        return STATUS_INVALID_PARAMETER_2;
    if (AllocateDestinationString)
    {
        PWCH buffer = RtlpAllocateStringMemory(size);
        if (!buffer)
            return STATUS_NO_MEMORY;
        DestinationString->Buffer = buffer;
        DestinationString->MaximumLength = (USHORT)size;
    }
    else if (size > DestinationString->MaximumLength)
    {
        return STATUS_BUFFER_OVERFLOW;
    }
    RtlpAnsiToUnicode(DestinationString->Buffer, SourceString->Buffer, SourceString->Length);
    DestinationString->Buffer[length / sizeof(WCHAR)] = UNICODE_NULL;
    DestinationString->Length = (USHORT)length;
    return STATUS_SUCCESS;
}

/*
 * @implemented
 * IRQL PASSIVE_LEVEL. Characters 1252 cannot represent become '?'. The result is
 * NUL-terminated. Unlike the other direction, a caller buffer that is too small still
 * receives what fits (MaximumLength - 1 characters and a terminator) together with
 * STATUS_BUFFER_OVERFLOW -- Windows does the same; only MaximumLength 0 converts nothing.
 */
NTSTATUS NTAPI RtlUnicodeStringToAnsiString(PANSI_STRING DestinationString,
                                            PCUNICODE_STRING SourceString,
                                            BOOLEAN AllocateDestinationString)
{
    ULONG size = RtlxUnicodeStringToAnsiSize(SourceString);
    ULONG length = size - 1;
    NTSTATUS status = STATUS_SUCCESS;

    if (size > MAXUSHORT)
        return STATUS_INVALID_PARAMETER_2;
    if (AllocateDestinationString)
    {
        PCHAR buffer = RtlpAllocateStringMemory(size);
        if (!buffer)
            return STATUS_NO_MEMORY;
        DestinationString->Buffer = buffer;
        DestinationString->MaximumLength = (USHORT)size;
    }
    else if (size > DestinationString->MaximumLength)
    {
        if (DestinationString->MaximumLength == 0)
            return STATUS_BUFFER_OVERFLOW;
        length = DestinationString->MaximumLength - 1u;
        status = STATUS_BUFFER_OVERFLOW;
    }
    RtlpUnicodeToAnsi(DestinationString->Buffer, SourceString->Buffer, length);
    DestinationString->Buffer[length] = ANSI_NULL;
    DestinationString->Length = (USHORT)length;
    return status;
}

/*
 * @implemented
 * IRQL PASSIVE_LEVEL. Bytes for the UTF-16 form including its terminator.
 */
ULONG NTAPI RtlxAnsiStringToUnicodeSize(PCANSI_STRING AnsiString)
{
    return ((ULONG)AnsiString->Length + 1) * sizeof(WCHAR);
}

/*
 * @implemented
 * IRQL PASSIVE_LEVEL. Bytes for the ANSI form including its terminator.
 */
ULONG NTAPI RtlxUnicodeStringToAnsiSize(PCUNICODE_STRING UnicodeString)
{
    return UnicodeString->Length / sizeof(WCHAR) + 1;
}

/*
 * @implemented
 * IRQL PASSIVE_LEVEL. Converts min(BytesInMultiByteString, MaxBytesInUnicodeString / 2)
 * characters; always STATUS_SUCCESS. No terminator is added.
 */
NTSTATUS NTAPI RtlMultiByteToUnicodeN(PWCH UnicodeString, ULONG MaxBytesInUnicodeString,
                                      PULONG BytesInUnicodeString, const CHAR *MultiByteString,
                                      ULONG BytesInMultiByteString)
{
    ULONG count = MaxBytesInUnicodeString / sizeof(WCHAR);

    if (count > BytesInMultiByteString)
        count = BytesInMultiByteString;
    RtlpAnsiToUnicode(UnicodeString, MultiByteString, count);
    if (BytesInUnicodeString)
        *BytesInUnicodeString = count * sizeof(WCHAR);
    return STATUS_SUCCESS;
}

/*
 * @implemented
 * IRQL PASSIVE_LEVEL. Converts min(BytesInUnicodeString / 2, MaxBytesInMultiByteString)
 * characters ('?' for what 1252 lacks); always STATUS_SUCCESS. No terminator is added.
 */
NTSTATUS NTAPI RtlUnicodeToMultiByteN(PCHAR MultiByteString, ULONG MaxBytesInMultiByteString,
                                      PULONG BytesInMultiByteString, PCWCH UnicodeString,
                                      ULONG BytesInUnicodeString)
{
    ULONG count = BytesInUnicodeString / sizeof(WCHAR);

    if (count > MaxBytesInMultiByteString)
        count = MaxBytesInMultiByteString;
    RtlpUnicodeToAnsi(MultiByteString, UnicodeString, count);
    if (BytesInMultiByteString)
        *BytesInMultiByteString = count;
    return STATUS_SUCCESS;
}

/*
 * @implemented
 * IRQL PASSIVE_LEVEL. Bytes the UTF-16 form of the ANSI bytes needs (no terminator).
 */
NTSTATUS NTAPI RtlMultiByteToUnicodeSize(PULONG BytesInUnicodeString, const CHAR *MultiByteString,
                                         ULONG BytesInMultiByteString)
{
    UNREFERENCED_PARAMETER(MultiByteString);
    *BytesInUnicodeString = BytesInMultiByteString * sizeof(WCHAR);
    return STATUS_SUCCESS;
}

/*
 * @implemented
 * IRQL PASSIVE_LEVEL. Bytes the ANSI form of the UTF-16 text needs (no terminator).
 */
NTSTATUS NTAPI RtlUnicodeToMultiByteSize(PULONG BytesInMultiByteString, PCWCH UnicodeString,
                                         ULONG BytesInUnicodeString)
{
    UNREFERENCED_PARAMETER(UnicodeString);
    *BytesInMultiByteString = BytesInUnicodeString / sizeof(WCHAR);
    return STATUS_SUCCESS;
}

/*
 * @implemented
 * IRQL PASSIVE_LEVEL. Releases a buffer allocated by an Rtl routine and zeroes the string.
 */
VOID NTAPI RtlFreeAnsiString(PANSI_STRING AnsiString)
{
    if (AnsiString->Buffer)
        RtlpFreeStringMemory(AnsiString->Buffer);
    AnsiString->Length = 0;
    AnsiString->MaximumLength = 0;
    AnsiString->Buffer = NULL;
}
