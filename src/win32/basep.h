/*
 * PURPOSE: Private definitions every part of the Win32 side (src/win32) may use: the check
 * of what kernel32 accesses in user mode.
 */
#ifndef _KMODE_WIN32_BASEP_H_
#define _KMODE_WIN32_BASEP_H_

#include <ntifs.h>
#include <internal/mm.h>

/*
 * kernel32 reads and writes the caller's OVERLAPPEDs and output parameters itself, in
 * user mode, where a kernel-range address faults: the app gets STATUS_ACCESS_VIOLATION (an
 * exception its __try can catch; unhandled, it ends the app). kmode's kernel range (the
 * pool) is ordinary process memory, so such an access is checked first and raises that
 * exception instead of silently reading or corrupting kernel memory. NULL and the other
 * unmapped addresses fault by themselves.
 */
FORCEINLINE VOID BasepUserAccess(const volatile VOID *Address, SIZE_T Length)
{
    if (Address != NULL && (ULONG_PTR)Address >= 0x10000 && !MiIsUserAddressRange(Address, Length))
        ExRaiseAccessViolation();
}

#endif
