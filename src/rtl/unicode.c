/*
 * PURPOSE: UNICODE_STRING routines: initialization, copy/append, comparison, case mapping
 * of whole strings, duplication, freeing and hashing.
 */

/* INCLUDES *******************************************************************************/

#include <string.h>
#include <emmintrin.h>
#include "rtlp_nls.h"

/* GLOBALS ********************************************************************************/

/* Longest string a UNICODE_STRING can describe with room left for a terminator. */
#define RTLP_MAX_USTRING_BYTES (UNICODE_STRING_MAX_BYTES - sizeof(WCHAR))

/* PRIVATE FUNCTIONS **********************************************************************/

static SIZE_T RtlpWideLength(PCWSTR String)
{
    PCWSTR p = String;
    while (*p)
        p++;
    return (SIZE_T)(p - String);
}

/* Eight code units at once: the lanes of A and B are equal outright, or -- case-insensitively,
   when all sixteen are ASCII -- equal once 'a'..'z' are folded to upper case. */
static inline BOOLEAN RtlpEqualBlock8(PCWCH A, PCWCH B, BOOLEAN CaseInSensitive)
{
    __m128i a = _mm_loadu_si128((const __m128i *)A);
    __m128i b = _mm_loadu_si128((const __m128i *)B);
    __m128i high, lowA, lowB, bit;

    if (_mm_movemask_epi8(_mm_cmpeq_epi16(a, b)) == 0xFFFF)
        return TRUE;
    if (!CaseInSensitive)
        return FALSE;
    high = _mm_and_si128(_mm_or_si128(a, b), _mm_set1_epi16((short)0xFF80));
    if (_mm_movemask_epi8(_mm_cmpeq_epi16(high, _mm_setzero_si128())) != 0xFFFF)
        return FALSE;
    /* All lanes are below 0x80, so signed 16-bit compares are exact. */
    lowA = _mm_and_si128(_mm_cmpgt_epi16(a, _mm_set1_epi16('a' - 1)),
                         _mm_cmplt_epi16(a, _mm_set1_epi16('z' + 1)));
    lowB = _mm_and_si128(_mm_cmpgt_epi16(b, _mm_set1_epi16('a' - 1)),
                         _mm_cmplt_epi16(b, _mm_set1_epi16('z' + 1)));
    bit = _mm_set1_epi16('a' - 'A');
    a = _mm_sub_epi16(a, _mm_and_si128(lowA, bit));
    b = _mm_sub_epi16(b, _mm_and_si128(lowB, bit));
    return _mm_movemask_epi8(_mm_cmpeq_epi16(a, b)) == 0xFFFF;
}

/*
 * Compares Count characters; returns the difference of the first pair that differs (upcased
 * when CaseInSensitive). Blocks of eight that are equal are skipped at once (x86-64 always
 * has SSE2); a block that is not goes one character at a time.
 */
static LONG RtlpCompareWide(PCWCH A, PCWCH B, SIZE_T Count, BOOLEAN CaseInSensitive)
{
    SIZE_T i = 0;

    while (i < Count)
    {
        SIZE_T stop;

        if (i + 8 <= Count && RtlpEqualBlock8(A + i, B + i, CaseInSensitive))
        {
            i += 8;
            continue;
        }
        stop = i + 8 < Count ? i + 8 : Count;
        for (; i < stop; i++)
        {
            WCHAR a = A[i], b = B[i];
            if (a != b && CaseInSensitive)
            {
                a = RtlpUpcaseChar(a);
                b = RtlpUpcaseChar(b);
            }
            if (a != b)
                return (LONG)a - (LONG)b;
        }
    }
    return 0;
}

typedef WCHAR (*RTLP_CASE_FN)(WCHAR);

static NTSTATUS RtlpMapCaseUnicodeString(PUNICODE_STRING Destination, PCUNICODE_STRING Source,
                                         BOOLEAN Allocate, RTLP_CASE_FN Map)
{
    USHORT length = Source->Length;
    PWCH out;
    USHORT i;

    if (Allocate)
    {
        out = RtlpAllocateStringMemory(length);
        if (!out)
            return STATUS_NO_MEMORY;
        Destination->Buffer = out;
        Destination->MaximumLength = length;
    }
    else
    {
        if (length > Destination->MaximumLength)
            return STATUS_BUFFER_OVERFLOW;
        out = Destination->Buffer;
    }

    /* Source and destination may be the same string: element-wise in place is safe. */
    for (i = 0; i < length / sizeof(WCHAR); i++)
        out[i] = Map(Source->Buffer[i]);
    if (length & 1)
        ((PUCHAR)out)[length - 1] = ((const UCHAR *)Source->Buffer)[length - 1];
    Destination->Length = length;
    return STATUS_SUCCESS;
}

static WCHAR RtlpUpcaseFn(WCHAR c) { return RtlpUpcaseChar(c); }
static WCHAR RtlpDowncaseFn(WCHAR c) { return RtlpDowncaseChar(c); }

/* PUBLIC FUNCTIONS ***********************************************************************/

/*
 * @implemented
 * IRQL <= DISPATCH_LEVEL. Windows clamps an over-long source to 0xFFFC bytes rather than
 * letting the USHORT length wrap; so does kmode.
 */
VOID NTAPI RtlInitUnicodeString(PUNICODE_STRING DestinationString, PCWSTR SourceString)
{
    SIZE_T bytes;

    DestinationString->Buffer = (PWCH)SourceString;
    if (!SourceString)
    {
        DestinationString->Length = 0;
        DestinationString->MaximumLength = 0;
        return;
    }
    bytes = RtlpWideLength(SourceString) * sizeof(WCHAR);
    if (bytes > RTLP_MAX_USTRING_BYTES)
        bytes = RTLP_MAX_USTRING_BYTES;
    DestinationString->Length = (USHORT)bytes;
    DestinationString->MaximumLength = (USHORT)(bytes + sizeof(WCHAR));
}

/*
 * @implemented
 * IRQL <= DISPATCH_LEVEL. STATUS_NAME_TOO_LONG (destination untouched) when the source has
 * more than UNICODE_STRING_MAX_CHARS - 1 characters.
 */
NTSTATUS NTAPI RtlInitUnicodeStringEx(PUNICODE_STRING DestinationString, PCWSTR SourceString)
{
    if (SourceString && RtlpWideLength(SourceString) * sizeof(WCHAR) > RTLP_MAX_USTRING_BYTES)
        return STATUS_NAME_TOO_LONG;
    RtlInitUnicodeString(DestinationString, SourceString);
    return STATUS_SUCCESS;
}

/*
 * @implemented
 * Any IRQL for resident buffers. Copies min(Source->Length, Destination->MaximumLength)
 * bytes; the terminator is added only when a whole WCHAR of room is left.
 */
VOID NTAPI RtlCopyUnicodeString(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString)
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
    if ((ULONG)bytes + sizeof(WCHAR) <= DestinationString->MaximumLength)
        DestinationString->Buffer[bytes / sizeof(WCHAR)] = UNICODE_NULL;
}

/*
 * @implemented
 * Returns STATUS_BUFFER_TOO_SMALL, changing nothing, when the concatenation does not fit
 * (the terminator is not required to fit; it is written when it does).
 */
NTSTATUS NTAPI RtlAppendUnicodeStringToString(PUNICODE_STRING Destination, PCUNICODE_STRING Source)
{
    ULONG total;

    if (Source->Length == 0)
        return STATUS_SUCCESS;
    total = (ULONG)Destination->Length + Source->Length;
    if (total > Destination->MaximumLength)
        return STATUS_BUFFER_TOO_SMALL;
    memmove((PUCHAR)Destination->Buffer + Destination->Length, Source->Buffer, Source->Length);
    Destination->Length = (USHORT)total;
    if (total + sizeof(WCHAR) <= Destination->MaximumLength)
        Destination->Buffer[total / sizeof(WCHAR)] = UNICODE_NULL;
    return STATUS_SUCCESS;
}

/*
 * @implemented
 * As RtlAppendUnicodeStringToString for a NUL-terminated source (NULL appends nothing).
 */
NTSTATUS NTAPI RtlAppendUnicodeToString(PUNICODE_STRING Destination, PCWSTR Source)
{
    SIZE_T bytes;
    ULONG total;

    if (!Source)
        return STATUS_SUCCESS;
    bytes = RtlpWideLength(Source) * sizeof(WCHAR);
    if (bytes == 0)
        return STATUS_SUCCESS;
    if (bytes > UNICODE_STRING_MAX_BYTES ||
        (ULONG)Destination->Length + bytes > Destination->MaximumLength)
        return STATUS_BUFFER_TOO_SMALL;
    total = (ULONG)(Destination->Length + bytes);
    memmove((PUCHAR)Destination->Buffer + Destination->Length, Source, bytes);
    Destination->Length = (USHORT)total;
    if (total + sizeof(WCHAR) <= Destination->MaximumLength)
        Destination->Buffer[total / sizeof(WCHAR)] = UNICODE_NULL;
    return STATUS_SUCCESS;
}

/*
 * @implemented
 * IRQL PASSIVE_LEVEL. < 0, 0, > 0 as String1 sorts before, equal to, after String2; the
 * case-insensitive comparison upcases both sides. A proper prefix sorts first.
 */
LONG NTAPI RtlCompareUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2,
                                   BOOLEAN CaseInSensitive)
{
    return RtlCompareUnicodeStrings(String1->Buffer, String1->Length / sizeof(WCHAR),
                                    String2->Buffer, String2->Length / sizeof(WCHAR),
                                    CaseInSensitive);
}

/*
 * @implemented
 * IRQL PASSIVE_LEVEL. Lengths are in characters.
 */
LONG NTAPI RtlCompareUnicodeStrings(PCWCH String1, SIZE_T String1Length, PCWCH String2,
                                    SIZE_T String2Length, BOOLEAN CaseInSensitive)
{
    SIZE_T common = String1Length < String2Length ? String1Length : String2Length;
    LONG result = RtlpCompareWide(String1, String2, common, CaseInSensitive);

    if (result != 0)
        return result;
    if (String1Length == String2Length)
        return 0;
    return String1Length < String2Length ? -1 : 1;
}

/*
 * @implemented
 * IRQL <= DISPATCH_LEVEL for resident strings.
 */
BOOLEAN NTAPI RtlEqualUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2,
                                    BOOLEAN CaseInSensitive)
{
    if (String1->Length != String2->Length)
        return FALSE;
    return RtlpCompareWide(String1->Buffer, String2->Buffer, String1->Length / sizeof(WCHAR),
                           CaseInSensitive) == 0;
}

/*
 * @implemented
 * IRQL PASSIVE_LEVEL. TRUE when String1 is a prefix of String2 (an empty String1 always is).
 */
BOOLEAN NTAPI RtlPrefixUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2,
                                     BOOLEAN CaseInSensitive)
{
    if (String1->Length > String2->Length)
        return FALSE;
    return RtlpCompareWide(String1->Buffer, String2->Buffer, String1->Length / sizeof(WCHAR),
                           CaseInSensitive) == 0;
}

/*
 * @implemented
 * IRQL <= APC_LEVEL. Allocating: MaximumLength = Source->Length, freed with
 * RtlFreeUnicodeString; STATUS_NO_MEMORY if that fails. Otherwise STATUS_BUFFER_OVERFLOW
 * when Source->Length exceeds Destination->MaximumLength. No terminator is written.
 * Destination may be Source.
 */
NTSTATUS NTAPI RtlUpcaseUnicodeString(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
                                      BOOLEAN AllocateDestinationString)
{
    return RtlpMapCaseUnicodeString(DestinationString, SourceString, AllocateDestinationString,
                                    RtlpUpcaseFn);
}

/*
 * @implemented
 * IRQL < DISPATCH_LEVEL. As RtlUpcaseUnicodeString, mapping to lower case.
 */
NTSTATUS NTAPI RtlDowncaseUnicodeString(PUNICODE_STRING DestinationString,
                                        PCUNICODE_STRING SourceString,
                                        BOOLEAN AllocateDestinationString)
{
    return RtlpMapCaseUnicodeString(DestinationString, SourceString, AllocateDestinationString,
                                    RtlpDowncaseFn);
}

/*
 * @implemented
 * IRQL PASSIVE_LEVEL. Releases a buffer allocated by an Rtl routine and zeroes the string.
 */
VOID NTAPI RtlFreeUnicodeString(PUNICODE_STRING UnicodeString)
{
    if (UnicodeString->Buffer)
        RtlpFreeStringMemory(UnicodeString->Buffer);
    UnicodeString->Length = 0;
    UnicodeString->MaximumLength = 0;
    UnicodeString->Buffer = NULL;
}

/*
 * @implemented
 * IRQL PASSIVE_LEVEL. Flags: RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE adds a terminator;
 * with ALLOCATE_NULL_STRING as well, an empty input still gets a (terminator-only) buffer.
 * ALLOCATE_NULL_STRING alone, unknown flags, NULL pointers or a malformed input string give
 * STATUS_INVALID_PARAMETER; an empty input otherwise gives { 0, 0, NULL }. A terminated
 * copy of a 0xFFFE-byte string cannot be described: STATUS_NAME_TOO_LONG.
 */
NTSTATUS NTAPI RtlDuplicateUnicodeString(ULONG Flags, PCUNICODE_STRING StringIn,
                                         PUNICODE_STRING StringOut)
{
    const ULONG both = RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE |
                       RTL_DUPLICATE_UNICODE_STRING_ALLOCATE_NULL_STRING;
    BOOLEAN terminate = (Flags & RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE) != 0;
    ULONG size;
    PWCH buffer;

    if ((Flags & ~both) || Flags == RTL_DUPLICATE_UNICODE_STRING_ALLOCATE_NULL_STRING ||
        !StringIn || !StringOut)
        return STATUS_INVALID_PARAMETER;
    if ((StringIn->Length & 1) || (StringIn->MaximumLength & 1) ||
        StringIn->Length > StringIn->MaximumLength ||
        (!StringIn->Buffer && StringIn->MaximumLength != 0))
        return STATUS_INVALID_PARAMETER;

    if (StringIn->Length == 0 && Flags != both)
    {
        StringOut->Length = 0;
        StringOut->MaximumLength = 0;
        StringOut->Buffer = NULL;
        return STATUS_SUCCESS;
    }

    size = StringIn->Length + (terminate ? sizeof(WCHAR) : 0);
    if (size > MAXUSHORT)
        return STATUS_NAME_TOO_LONG;
    buffer = RtlpAllocateStringMemory(size);
    if (!buffer)
        return STATUS_NO_MEMORY;
    if (StringIn->Length)
        memcpy(buffer, StringIn->Buffer, StringIn->Length);
    if (terminate)
        buffer[StringIn->Length / sizeof(WCHAR)] = UNICODE_NULL;
    StringOut->Buffer = buffer;
    StringOut->Length = StringIn->Length;
    StringOut->MaximumLength = (USHORT)size;
    return STATUS_SUCCESS;
}

/*
 * @implemented
 * IRQL <= APC_LEVEL. x65599: h = h * 65599 + c over the characters (upcased when
 * CaseInSensitive), starting from 0. STATUS_INVALID_PARAMETER for NULL pointers or an
 * unknown algorithm.
 */
NTSTATUS NTAPI RtlHashUnicodeString(PCUNICODE_STRING String, BOOLEAN CaseInSensitive,
                                    ULONG HashAlgorithm, PULONG HashValue)
{
    ULONG hash = 0;
    USHORT i;

    if (!String || !HashValue)
        return STATUS_INVALID_PARAMETER;
    if (HashAlgorithm != HASH_STRING_ALGORITHM_DEFAULT &&
        HashAlgorithm != HASH_STRING_ALGORITHM_X65599)
        return STATUS_INVALID_PARAMETER;

    for (i = 0; i < String->Length / sizeof(WCHAR); i++)
    {
        WCHAR c = String->Buffer[i];
        hash = hash * 65599u + (CaseInSensitive ? RtlpUpcaseChar(c) : c);
    }
    *HashValue = hash;
    return STATUS_SUCCESS;
}
