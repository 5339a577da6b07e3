/*
 * PURPOSE: Integer <-> string conversions: RtlIntegerToUnicodeString, RtlInt64ToUnicodeString,
 * RtlUnicodeStringToInteger, RtlCharToInteger.
 */

/* INCLUDES *******************************************************************************/

#include "rtlp_nls.h"

/* PRIVATE FUNCTIONS **********************************************************************/

static BOOLEAN RtlpValidBase(ULONG Base)
{
    return Base == 2 || Base == 8 || Base == 10 || Base == 16;
}

/* Digits of Value in Base, most significant first, upper-case hex. Returns the count. */
static ULONG RtlpFormatUnsigned(ULONGLONG Value, ULONG Base, CHAR Digits[64])
{
    CHAR reversed[64];
    ULONG n = 0, i;

    do
    {
        ULONG d = (ULONG)(Value % Base);
        reversed[n++] = (CHAR)(d < 10 ? '0' + d : 'A' + d - 10);
        Value /= Base;
    } while (Value);
    for (i = 0; i < n; i++)
        Digits[i] = reversed[n - 1 - i];
    return n;
}

static NTSTATUS RtlpIntegerToUnicode(ULONGLONG Value, ULONG Base, PUNICODE_STRING String)
{
    CHAR digits[64];
    ULONG n, i;

    if (Base == 0)
        Base = 10;
    if (!RtlpValidBase(Base))
        return STATUS_INVALID_PARAMETER;
    n = RtlpFormatUnsigned(Value, Base, digits);
    if ((n + 1) * sizeof(WCHAR) > String->MaximumLength)
        return STATUS_BUFFER_OVERFLOW;
    for (i = 0; i < n; i++)
        String->Buffer[i] = (WCHAR)digits[i];
    String->Buffer[n] = UNICODE_NULL;
    String->Length = (USHORT)(n * sizeof(WCHAR));
    return STATUS_SUCCESS;
}

static ULONG RtlpCharAt(const void *Text, BOOLEAN Wide, SIZE_T Index)
{
    return Wide ? ((PCWCH)Text)[Index] : ((const UCHAR *)Text)[Index];
}

static ULONG RtlpDigitValue(ULONG Char)
{
    if (Char >= '0' && Char <= '9')
        return Char - '0';
    if (Char >= 'a' && Char <= 'z')
        return Char - 'a' + 10;
    if (Char >= 'A' && Char <= 'Z')
        return Char - 'A' + 10;
    return 99;
}

/*
 * The shared parser: white space (every character up to ' '), one optional sign, with
 * Base 0 a lower-case 0x / 0o / 0b prefix, then digits up to the first non-digit. Like
 * Windows, the value is accumulated modulo 2^32 (no overflow error) and a leading '-'
 * negates it in two's complement.
 */
static NTSTATUS RtlpParseInteger(const void *Text, BOOLEAN Wide, SIZE_T Count, ULONG Base,
                                 PULONG Value)
{
    SIZE_T i = 0;
    BOOLEAN negative = FALSE;
    ULONG total = 0;

    if (Base != 0 && !RtlpValidBase(Base))
        return STATUS_INVALID_PARAMETER;
    /* Windows reports a NULL result pointer this way instead of faulting. */
    if (!Value)
        return STATUS_ACCESS_VIOLATION;

    while (i < Count && RtlpCharAt(Text, Wide, i) <= ' ')
        i++;
    if (i < Count && (RtlpCharAt(Text, Wide, i) == '+' || RtlpCharAt(Text, Wide, i) == '-'))
    {
        negative = RtlpCharAt(Text, Wide, i) == '-';
        i++;
    }
    if (Base == 0)
    {
        Base = 10;
        if (i + 1 < Count && RtlpCharAt(Text, Wide, i) == '0')
        {
            ULONG p = RtlpCharAt(Text, Wide, i + 1);
            ULONG prefixBase = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
            if (prefixBase)
            {
                Base = prefixBase;
                i += 2;
            }
        }
    }
    for (; i < Count; i++)
    {
        ULONG d = RtlpDigitValue(RtlpCharAt(Text, Wide, i));
        if (d >= Base)
            break;
        total = total * Base + d;
    }
    *Value = negative ? (ULONG)(0u - total) : total;
    return STATUS_SUCCESS;
}

/* PUBLIC FUNCTIONS ***********************************************************************/

/*
 * @implemented
 * IRQL PASSIVE_LEVEL. Base 0 means 10; others than 2, 8, 10, 16 give STATUS_INVALID_PARAMETER.
 * The digits (upper-case hex) and a terminator must fit MaximumLength, else
 * STATUS_BUFFER_OVERFLOW and the string is unchanged.
 */
NTSTATUS NTAPI RtlIntegerToUnicodeString(ULONG Value, ULONG Base, PUNICODE_STRING String)
{
    return RtlpIntegerToUnicode(Value, Base, String);
}

/*
 * @implemented
 * IRQL PASSIVE_LEVEL. The 64-bit form of RtlIntegerToUnicodeString.
 */
NTSTATUS NTAPI RtlInt64ToUnicodeString(ULONGLONG Value, ULONG Base, PUNICODE_STRING String)
{
    return RtlpIntegerToUnicode(Value, Base, String);
}

/*
 * @implemented
 * IRQL PASSIVE_LEVEL. STATUS_INVALID_PARAMETER for an empty string or an invalid base; a
 * non-empty string without a number ("xyz") gives STATUS_SUCCESS and 0; digits stop at the
 * first character that is not a digit of the base ("+678abc", base 10 -> 678).
 */
NTSTATUS NTAPI RtlUnicodeStringToInteger(PCUNICODE_STRING String, ULONG Base, PULONG Value)
{
    if (String->Length == 0)
        return STATUS_INVALID_PARAMETER;
    return RtlpParseInteger(String->Buffer, TRUE, String->Length / sizeof(WCHAR), Base, Value);
}

/*
 * @implemented
 * IRQL PASSIVE_LEVEL. The NUL-terminated single-byte form of RtlUnicodeStringToInteger
 * (an empty string gives 0).
 */
NTSTATUS NTAPI RtlCharToInteger(PCSZ String, ULONG Base, PULONG Value)
{
    SIZE_T count = 0;

    if (!String)
        return STATUS_INVALID_PARAMETER;
    while (String[count])
        count++;
    return RtlpParseInteger(String, FALSE, count, Base, Value);
}
