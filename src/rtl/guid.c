/*
 * PURPOSE: GUID <-> string: RtlStringFromGUID and RtlGUIDFromString.
 * Form: {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX} -- Data1, Data2, Data3 as numbers, then the
 * eight Data4 bytes in order (two, a dash, six).
 */

/* INCLUDES *******************************************************************************/

#include "rtlp_nls.h"

/* GLOBALS ********************************************************************************/

#define RTLP_GUID_CHARS 38   /* braces included, no terminator */

/* PRIVATE FUNCTIONS **********************************************************************/

static PWCH RtlpPutHex(PWCH Out, ULONG Value, ULONG Digits)
{
    static const char hex[] = "0123456789ABCDEF";
    while (Digits--)
        *Out++ = (WCHAR)hex[(Value >> (Digits * 4)) & 0xF];
    return Out;
}

static BOOLEAN RtlpGetHex(PCWCH *Cursor, ULONG Digits, ULONG *Value)
{
    ULONG v = 0;
    while (Digits--)
    {
        WCHAR c = *(*Cursor)++;
        ULONG d;
        if (c >= L'0' && c <= L'9')
            d = c - L'0';
        else if (c >= L'a' && c <= L'f')
            d = c - L'a' + 10;
        else if (c >= L'A' && c <= L'F')
            d = c - L'A' + 10;
        else
            return FALSE;
        v = (v << 4) | d;
    }
    *Value = v;
    return TRUE;
}

static BOOLEAN RtlpExpect(PCWCH *Cursor, WCHAR Char)
{
    return *(*Cursor)++ == Char;
}

/* PUBLIC FUNCTIONS ***********************************************************************/

/*
 * @implemented
 * IRQL PASSIVE_LEVEL. Allocates the string (Length 76, MaximumLength 78, NUL-terminated,
 * upper-case hex); the caller frees it with RtlFreeUnicodeString. STATUS_NO_MEMORY leaves
 * GuidString untouched.
 */
NTSTATUS NTAPI RtlStringFromGUID(const GUID *Guid, PUNICODE_STRING GuidString)
{
    PWCH buffer = RtlpAllocateStringMemory((RTLP_GUID_CHARS + 1) * sizeof(WCHAR));
    PWCH p = buffer;
    ULONG i;

    if (!buffer)
        return STATUS_NO_MEMORY;
    *p++ = L'{';
    p = RtlpPutHex(p, Guid->Data1, 8);
    *p++ = L'-';
    p = RtlpPutHex(p, Guid->Data2, 4);
    *p++ = L'-';
    p = RtlpPutHex(p, Guid->Data3, 4);
    *p++ = L'-';
    for (i = 0; i < 8; i++)
    {
        if (i == 2)
            *p++ = L'-';
        p = RtlpPutHex(p, Guid->Data4[i], 2);
    }
    *p++ = L'}';
    *p = UNICODE_NULL;

    GuidString->Buffer = buffer;
    GuidString->Length = RTLP_GUID_CHARS * sizeof(WCHAR);
    GuidString->MaximumLength = (RTLP_GUID_CHARS + 1) * sizeof(WCHAR);
    return STATUS_SUCCESS;
}

/*
 * @implemented
 * IRQL PASSIVE_LEVEL. Accepts exactly the braced 38-character form, hex digits of either
 * case. Anything else (no braces, wrong length, a non-hex digit, a misplaced dash) gives
 * STATUS_INVALID_PARAMETER and leaves *Guid unchanged.
 */
NTSTATUS NTAPI RtlGUIDFromString(PCUNICODE_STRING GuidString, GUID *Guid)
{
    PCWCH p = GuidString->Buffer;
    ULONG data1, data2, data3, byte, i;
    UCHAR data4[8];

    if (GuidString->Length != RTLP_GUID_CHARS * sizeof(WCHAR))
        return STATUS_INVALID_PARAMETER;
    if (!RtlpExpect(&p, L'{') || !RtlpGetHex(&p, 8, &data1) || !RtlpExpect(&p, L'-') ||
        !RtlpGetHex(&p, 4, &data2) || !RtlpExpect(&p, L'-') ||
        !RtlpGetHex(&p, 4, &data3) || !RtlpExpect(&p, L'-'))
        return STATUS_INVALID_PARAMETER;
    for (i = 0; i < 8; i++)
    {
        if (i == 2 && !RtlpExpect(&p, L'-'))
            return STATUS_INVALID_PARAMETER;
        if (!RtlpGetHex(&p, 2, &byte))
            return STATUS_INVALID_PARAMETER;
        data4[i] = (UCHAR)byte;
    }
    if (!RtlpExpect(&p, L'}'))
        return STATUS_INVALID_PARAMETER;

    Guid->Data1 = data1;
    Guid->Data2 = (USHORT)data2;
    Guid->Data3 = (USHORT)data3;
    for (i = 0; i < 8; i++)
        Guid->Data4[i] = data4[i];
    return STATUS_SUCCESS;
}
