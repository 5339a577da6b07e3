/*
 * PURPOSE: wdm.h part: converting an NTSTATUS to its Win32 (system) error code.
 *
 * The WDK declares these two in ntifs.h; kmode declares them here so wdm.h, ntddk.h and
 * ntifs.h drivers all see them (a driver that declares them itself still compiles).
 * The returned codes are the ERROR_* values of <winerror.h>.
 */
#ifndef _KMODE_WDM_RTL_STATUS_H_
#define _KMODE_WDM_RTL_STATUS_H_

KMODE_EXTERN_C_START

/*
 * Returns the Win32 error code Windows maps Status to, or ERROR_MR_MID_NOT_FOUND (317)
 * when there is none. Status values with the customer bit set come back unchanged, and
 * 0x8007xxxx/0xC007xxxx (a Win32 code wrapped in FACILITY_NTWIN32) give their low word.
 */
_IRQL_requires_max_(APC_LEVEL)
NTSYSAPI ULONG NTAPI RtlNtStatusToDosError(_In_ NTSTATUS Status);

/* The same conversion; on Windows it differs only in not recording Status in the TEB. */
_IRQL_requires_max_(APC_LEVEL)
NTSYSAPI ULONG NTAPI RtlNtStatusToDosErrorNoTeb(_In_ NTSTATUS Status);

KMODE_EXTERN_C_END

#endif /* _KMODE_WDM_RTL_STATUS_H_ */
