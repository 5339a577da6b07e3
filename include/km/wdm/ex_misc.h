/*
 * PURPOSE: wdm.h part: executive odds and ends (src/ex/misc.c).
 */
#ifndef _KMODE_WDM_EX_MISC_H_
#define _KMODE_WDM_EX_MISC_H_

KMODE_EXTERN_C_START

#ifndef UUID_DEFINED
#define UUID_DEFINED
typedef GUID UUID;
#endif

/* @implemented: PASSIVE_LEVEL. A random (version 4) UUID, as Windows generates them. */
NTKERNELAPI NTSTATUS NTAPI ExUuidCreate(_Out_ UUID *Uuid);

/* @implemented: any IRQL. The mode of the caller that entered the kernel on this thread:
   KernelMode for system threads and kmode's own callers; the Win32 side (a later issue)
   marks the requests it brings from user mode. */
NTKERNELAPI KPROCESSOR_MODE NTAPI ExGetPreviousMode(VOID);

KMODE_EXTERN_C_END

#endif
