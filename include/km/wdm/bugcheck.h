/*
 * PURPOSE: wdm.h part: bugchecks.
 *
 * KeBugCheckEx never returns: kmode prints a report modelled on WinDbg's !analyze -v and
 * ends the process with exit status 188 (see include/kmode/bugcheck.h for the test-harness
 * catch API).
 */
#ifndef _KMODE_WDM_BUGCHECK_H_
#define _KMODE_WDM_BUGCHECK_H_

#include <bugcodes.h>  /* the bugcheck code constants */

KMODE_EXTERN_C_START

/* @implemented: any IRQL. Does not return. */
NTKERNELAPI DECLSPEC_NORETURN VOID NTAPI KeBugCheckEx(
    _In_ ULONG BugCheckCode, _In_ ULONG_PTR BugCheckParameter1, _In_ ULONG_PTR BugCheckParameter2,
    _In_ ULONG_PTR BugCheckParameter3, _In_ ULONG_PTR BugCheckParameter4);

/* @implemented: any IRQL. Does not return. */
NTKERNELAPI DECLSPEC_NORETURN VOID NTAPI KeBugCheck(_In_ ULONG BugCheckCode);

KMODE_EXTERN_C_END

#endif
