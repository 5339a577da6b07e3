/*
 * PURPOSE: ntifs.h additions to the Rtl memory helpers: pattern fill and pattern compare.
 *
 * On x64 the WDK makes RtlFillMemoryUlong[long] string-store macros; here they are inline
 * functions with the same parameters and effect.
 */
#ifndef _KMODE_WDM_RTL_MISC_NTIFS_H_
#define _KMODE_WDM_RTL_MISC_NTIFS_H_

KMODE_EXTERN_C_START

/*
 * @implemented: any IRQL (resident memory). Fills Length / sizeof(ULONG) ULONGs at the
 * ULONG-aligned Destination with Pattern (Length must be a multiple of sizeof(ULONG)).
 */
FORCEINLINE VOID RtlFillMemoryUlong(_Out_writes_bytes_(Length) PVOID Destination,
                                    _In_ SIZE_T Length, _In_ ULONG Pattern)
{
    PULONG p = (PULONG)Destination;

    for (SIZE_T n = Length / sizeof(ULONG); n != 0; n--)
        *p++ = Pattern;
}

/* @implemented: as RtlFillMemoryUlong, with ULONGLONG units. */
FORCEINLINE VOID RtlFillMemoryUlonglong(_Out_writes_bytes_(Length) PVOID Destination,
                                        _In_ SIZE_T Length, _In_ ULONGLONG Pattern)
{
    PULONGLONG p = (PULONGLONG)Destination;

    for (SIZE_T n = Length / sizeof(ULONGLONG); n != 0; n--)
        *p++ = Pattern;
}

/*
 * @implemented: any IRQL (resident memory). Returns how many leading bytes of Source match
 * the repeated ULONG Pattern (whole ULONGs only). Returns 0 if Source is not ULONG-aligned or
 * Length is not a multiple of sizeof(ULONG).
 */
_Must_inspect_result_
NTSYSAPI SIZE_T NTAPI RtlCompareMemoryUlong(_In_reads_bytes_(Length) PVOID Source,
                                            _In_ SIZE_T Length, _In_ ULONG Pattern);

KMODE_EXTERN_C_END

#endif /* _KMODE_WDM_RTL_MISC_NTIFS_H_ */
