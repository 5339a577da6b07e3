/*
 * PURPOSE: System information and version for apps: GetSystemInfo, GetNativeSystemInfo,
 * GetVersion, GetVersionExA/W.
 */

/* INCLUDES ******************************************************************************/

#include <cpuid.h>
#include <string.h>
#include <internal/win32.h>
#include <kmode/version.h>

/* GLOBALS *******************************************************************************/

/* What Windows reports to an app without a compatibility manifest (see win/process.h):
   Windows 8, 6.2.9200, whatever the real version (kmode's: include/kmode/version.h). */
#define BASEP_APP_MAJOR_VERSION 6
#define BASEP_APP_MINOR_VERSION 2
#define BASEP_APP_BUILD_NUMBER  9200

/* PUBLIC FUNCTIONS **********************************************************************/

/* @implemented: see win/process.h. */
VOID WINAPI GetSystemInfo(LPSYSTEM_INFO lpSystemInfo)
{
    unsigned int Eax = 0, Ebx, Ecx, Edx, Family, Model;
    ULONG Processors = (ULONG)(UCHAR)KeNumberProcessors;

    memset(lpSystemInfo, 0, sizeof(*lpSystemInfo));
    lpSystemInfo->wProcessorArchitecture = PROCESSOR_ARCHITECTURE_AMD64;
    lpSystemInfo->dwPageSize = 4096;
    lpSystemInfo->lpMinimumApplicationAddress = (LPVOID)(ULONG_PTR)0x10000;
    lpSystemInfo->lpMaximumApplicationAddress = MmHighestUserAddress;
    lpSystemInfo->dwActiveProcessorMask =
        Processors >= 64 ? ~(DWORD_PTR)0 : (((DWORD_PTR)1 << Processors) - 1);
    lpSystemInfo->dwNumberOfProcessors = Processors;
    lpSystemInfo->dwProcessorType = PROCESSOR_AMD_X8664;
    lpSystemInfo->dwAllocationGranularity = 65536;
    /* The host CPU's family, model and stepping, as Windows derives them from CPUID. */
    if (__get_cpuid(1, &Eax, &Ebx, &Ecx, &Edx)) {
        Family = (Eax >> 8) & 0xF;
        Model = (Eax >> 4) & 0xF;
        if (Family == 0xF)
            Family += (Eax >> 20) & 0xFF;
        if (Family == 0x6 || Family >= 0xF)
            Model |= ((Eax >> 16) & 0xF) << 4;
        lpSystemInfo->wProcessorLevel = (WORD)Family;
        lpSystemInfo->wProcessorRevision = (WORD)((Model << 8) | (Eax & 0xF));
    }
}

/* @implemented: the same (kmode runs 64-bit apps only). */
VOID WINAPI GetNativeSystemInfo(LPSYSTEM_INFO lpSystemInfo)
{
    GetSystemInfo(lpSystemInfo);
}

/* @implemented */
DWORD WINAPI GetVersion(VOID)
{
    return ((DWORD)BASEP_APP_BUILD_NUMBER << 16) | (BASEP_APP_MINOR_VERSION << 8) |
           BASEP_APP_MAJOR_VERSION;
}

/* Fills the common part; Ex: TRUE when the structure is the EX one. */
static VOID BasepFillVersion(LPOSVERSIONINFOW Info)
{
    Info->dwMajorVersion = BASEP_APP_MAJOR_VERSION;
    Info->dwMinorVersion = BASEP_APP_MINOR_VERSION;
    Info->dwBuildNumber = BASEP_APP_BUILD_NUMBER;
    Info->dwPlatformId = VER_PLATFORM_WIN32_NT;
}

/* @implemented */
BOOL WINAPI GetVersionExW(LPOSVERSIONINFOW lpVersionInformation)
{
    DWORD Size = lpVersionInformation->dwOSVersionInfoSize;

    if (Size != sizeof(OSVERSIONINFOW) && Size != sizeof(OSVERSIONINFOEXW)) {
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    BasepFillVersion(lpVersionInformation);
    memset(lpVersionInformation->szCSDVersion, 0, sizeof(lpVersionInformation->szCSDVersion));
    if (Size == sizeof(OSVERSIONINFOEXW)) {
        LPOSVERSIONINFOEXW Ex = (LPOSVERSIONINFOEXW)lpVersionInformation;
        Ex->wServicePackMajor = KMODE_NT_SERVICE_PACK_MAJOR;
        Ex->wServicePackMinor = KMODE_NT_SERVICE_PACK_MINOR;
        Ex->wSuiteMask = KMODE_NT_SUITE_MASK;
        Ex->wProductType = KMODE_NT_PRODUCT_TYPE;
        Ex->wReserved = 0;
    }
    return TRUE;
}

/* @implemented */
BOOL WINAPI GetVersionExA(LPOSVERSIONINFOA lpVersionInformation)
{
    DWORD Size = lpVersionInformation->dwOSVersionInfoSize;

    if (Size != sizeof(OSVERSIONINFOA) && Size != sizeof(OSVERSIONINFOEXA)) {
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    lpVersionInformation->dwMajorVersion = BASEP_APP_MAJOR_VERSION;
    lpVersionInformation->dwMinorVersion = BASEP_APP_MINOR_VERSION;
    lpVersionInformation->dwBuildNumber = BASEP_APP_BUILD_NUMBER;
    lpVersionInformation->dwPlatformId = VER_PLATFORM_WIN32_NT;
    memset(lpVersionInformation->szCSDVersion, 0, sizeof(lpVersionInformation->szCSDVersion));
    if (Size == sizeof(OSVERSIONINFOEXA)) {
        LPOSVERSIONINFOEXA Ex = (LPOSVERSIONINFOEXA)lpVersionInformation;
        Ex->wServicePackMajor = KMODE_NT_SERVICE_PACK_MAJOR;
        Ex->wServicePackMinor = KMODE_NT_SERVICE_PACK_MINOR;
        Ex->wSuiteMask = KMODE_NT_SUITE_MASK;
        Ex->wProductType = KMODE_NT_PRODUCT_TYPE;
        Ex->wReserved = 0;
    }
    return TRUE;
}
