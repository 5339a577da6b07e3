/*
 * PURPOSE: PsGetVersion, the obsolete predecessor of RtlGetVersion.
 */

/* INCLUDES ******************************************************************************/

#include <wdm.h>

/* GLOBALS *******************************************************************************/

/* The kernel-owned service-pack string PsGetVersion hands out: empty, no service pack. */
static WCHAR PspCsdVersionBuffer[1] = { 0 };

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * PASSIVE_LEVEL. Each non-NULL output receives the running version (see RtlGetVersion).
 * CSDVersion receives a counted string that points at kernel-owned memory (the caller must
 * not free or modify it); with no service pack it is empty (Length 0, MaximumLength 2,
 * NUL-terminated). Returns TRUE only on a checked build; kmode is a free build: FALSE.
 */
BOOLEAN NTAPI PsGetVersion(PULONG MajorVersion, PULONG MinorVersion, PULONG BuildNumber,
                           PUNICODE_STRING CSDVersion)
{
    RTL_OSVERSIONINFOW Info;

    Info.dwOSVersionInfoSize = sizeof Info;
    RtlGetVersion(&Info);

    if (MajorVersion != NULL)
        *MajorVersion = Info.dwMajorVersion;
    if (MinorVersion != NULL)
        *MinorVersion = Info.dwMinorVersion;
    if (BuildNumber != NULL)
        *BuildNumber = Info.dwBuildNumber;
    if (CSDVersion != NULL) {
        CSDVersion->Buffer = PspCsdVersionBuffer;
        CSDVersion->Length = 0;
        CSDVersion->MaximumLength = sizeof PspCsdVersionBuffer;
    }
    return FALSE;
}
