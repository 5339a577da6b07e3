/*
 * PURPOSE: The one Windows version kmode reports, defined once.
 *
 * kmode emulates a single release: Windows 11 version 23H2, NT 10.0 build 22631, a
 * workstation (VER_NT_WORKSTATION) with no service pack. RtlGetVersion, PsGetVersion,
 * RtlVerifyVersionInfo, RtlIsNtDdiVersionAvailable and RtlIsServicePackVersionInstalled all
 * answer from these values. The suite mask is what a Windows client reports in kernel mode
 * (VER_SUITE_TERMINAL | VER_SUITE_SINGLEUSERTS, shown by WinDbg as
 * "suite: TerminalServer SingleUserTS"). In NTDDI terms 23H2 is NTDDI_WIN10_NI, the release
 * the 22621 WDK describes.
 */
#ifndef _KMODE_VERSION_API_H_
#define _KMODE_VERSION_API_H_

#define KMODE_NT_MAJOR_VERSION   10u
#define KMODE_NT_MINOR_VERSION   0u
#define KMODE_NT_BUILD_NUMBER    22631u
#define KMODE_NT_SERVICE_PACK_MAJOR 0u
#define KMODE_NT_SERVICE_PACK_MINOR 0u
#define KMODE_NT_PRODUCT_TYPE    1u          /* VER_NT_WORKSTATION */
#define KMODE_NT_SUITE_MASK      0x0110u     /* VER_SUITE_TERMINAL | VER_SUITE_SINGLEUSERTS */
#define KMODE_NT_NTDDI_VERSION   0x0A00000Cu /* NTDDI_WIN10_NI */

#endif
