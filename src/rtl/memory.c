/*
 * PURPOSE: The Rtl memory routines that are real functions (the rest are macros over the C
 * library in include/km/wdm/rtl_misc.h): RtlCompareMemory, RtlCopyMemoryNonTemporal,
 * RtlIsZeroMemory, RtlCompareMemoryUlong.
 */

/* INCLUDES ******************************************************************************/

#include <string.h>
#include <ntifs.h>

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * Any IRQL (resident memory). Returns the number of leading bytes that are equal.
 */
SIZE_T NTAPI RtlCompareMemory(const VOID *Source1, const VOID *Source2, SIZE_T Length)
{
    const UCHAR *a = (const UCHAR *)Source1;
    const UCHAR *b = (const UCHAR *)Source2;
    SIZE_T i = 0;

    /* Word-sized strides while they match, then pin down the first differing byte. */
    while (Length - i >= sizeof(ULONG_PTR)) {
        ULONG_PTR wa, wb;
        memcpy(&wa, a + i, sizeof wa);
        memcpy(&wb, b + i, sizeof wb);
        if (wa != wb)
            break;
        i += sizeof(ULONG_PTR);
    }
    while (i < Length && a[i] == b[i])
        i++;
    return i;
}

/*
 * @implemented
 * Any IRQL. A plain copy: bypassing the cache is only a performance hint.
 */
VOID NTAPI RtlCopyMemoryNonTemporal(VOID *Destination, const VOID *Source, SIZE_T Length)
{
    memcpy(Destination, Source, Length);
}

/*
 * @implemented
 * Any IRQL (resident memory). TRUE if every byte is zero; TRUE for an empty buffer.
 */
BOOLEAN NTAPI RtlIsZeroMemory(PVOID Buffer, SIZE_T Length)
{
    const UCHAR *p = (const UCHAR *)Buffer;

    for (SIZE_T i = 0; i < Length; i++)
        if (p[i] != 0)
            return FALSE;
    return TRUE;
}

/*
 * @implemented
 * Any IRQL (resident memory). Counts the bytes of the leading whole ULONGs equal to Pattern.
 * 0 when Source is misaligned or Length is not a multiple of sizeof(ULONG), as documented.
 */
SIZE_T NTAPI RtlCompareMemoryUlong(PVOID Source, SIZE_T Length, ULONG Pattern)
{
    const ULONG *p = (const ULONG *)Source;
    SIZE_T Count = Length / sizeof(ULONG);
    SIZE_T i;

    if (((ULONG_PTR)Source & (sizeof(ULONG) - 1)) != 0 || (Length % sizeof(ULONG)) != 0)
        return 0;
    for (i = 0; i < Count && p[i] == Pattern; i++)
        ;
    return i * sizeof(ULONG);
}
