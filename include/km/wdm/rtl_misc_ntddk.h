/*
 * PURPOSE: ntddk.h additions to the Rtl helpers: RtlIsZeroMemory and the generic tables
 * (AVL: RTL_AVL_TABLE; splay: RTL_GENERIC_TABLE).
 */
#ifndef _KMODE_WDM_RTL_MISC_NTDDK_H_
#define _KMODE_WDM_RTL_MISC_NTDDK_H_

KMODE_EXTERN_C_START

/* @implemented: any IRQL (resident memory). TRUE if all Length bytes are zero (TRUE for 0). */
_Must_inspect_result_
NTSYSAPI BOOLEAN NTAPI RtlIsZeroMemory(_In_reads_bytes_(Length) PVOID Buffer, _In_ SIZE_T Length);

KMODE_EXTERN_C_END

#endif /* _KMODE_WDM_RTL_MISC_NTDDK_H_ */
