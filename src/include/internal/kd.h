/*
 * PURPOSE: Kernel-debugger-internal declarations: the debug print filter masks.
 */
#ifndef _KMODE_INTERNAL_KD_H_
#define _KMODE_INTERNAL_KD_H_

#include <wdm.h>

/* Id that names the system-wide WIN2000 mask in KdpSetComponentMask/KdpQueryComponentMask. */
#define KD_WIN2000_MASK_ID ((ULONG)DPFLTR_ENDOFTABLE_ID)

/* Largest message one DbgPrint call transmits, in bytes (prefix included). */
#define KD_PRINT_MAXIMUM_LENGTH 512

/* Sets the filter mask of a component (0..DPFLTR_ENDOFTABLE_ID-1) or, with
   KD_WIN2000_MASK_ID, the system-wide mask. The registry's Debug Print Filter key feeds
   this. STATUS_INVALID_PARAMETER_1 for an unknown id. */
NTSTATUS KdpSetComponentMask(ULONG ComponentId, ULONG Mask);

/* The current mask of a component or of WIN2000 (0 for an unknown id). */
ULONG KdpQueryComponentMask(ULONG ComponentId);

/* Component id of a registry value name ("IHVDRIVER", "win2000", case-insensitive):
   0..DPFLTR_ENDOFTABLE_ID-1, KD_WIN2000_MASK_ID, or (ULONG)-1 when unknown. */
ULONG KdpComponentIdFromName(const char *Name, SIZE_T Length);

/* The registry key whose REG_DWORD values (named DEFAULT, IHVDRIVER, ..., WIN2000) set the
   masks at boot, as on Windows. */
#define KD_DEBUG_PRINT_FILTER_KEY \
    L"\\Registry\\Machine\\System\\CurrentControlSet\\Control\\Session Manager\\Debug Print Filter"

/* Resets every mask to the Windows defaults, applies the registry's Debug Print Filter
   values, then Spec, a KMODE_DEBUG_PRINT_FILTER string ("NAME=value,NAME=value"); NULL
   reads the environment variable. Entries that do not parse are reported on stderr and
   skipped. Returns the number of masks applied (registry values and entries). Called once,
   lazily, before the first filter decision (kmode's boot); tests call it again. */
ULONG KdpLoadDebugPrintFilter(const char *Spec);

/* Sets the masks the Debug Print Filter key's values name (others keep theirs) when the
   filter is loaded already; before that, does nothing (loading reads the key). Returns the
   number of masks set. KmodeRegistryImport calls it. */
ULONG KdpApplyRegistryDebugPrintFilter(void);

#endif
