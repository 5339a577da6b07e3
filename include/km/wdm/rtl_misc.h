/*
 * PURPOSE: wdm.h part: memory helpers, bitmaps, OS version queries.
 *
 * The memory macros expand to the C library as the WDK's do (memcpy, memmove, memset,
 * memcmp): in driver mode those are the kernel CRT's, in kmode's own code glibc's.
 *
 * The ntddk.h-only (RtlIsZeroMemory, generic tables) and ntifs.h-only (RtlCompareMemoryUlong,
 * RtlFillMemoryUlong[long]) parts live in rtl_misc_ntddk.h / rtl_misc_ntifs.h; they are pulled
 * in here when ntddk.h / ntifs.h is the header being compiled.
 */
#ifndef _KMODE_WDM_RTL_MISC_H_
#define _KMODE_WDM_RTL_MISC_H_

#include <sdkddkver.h>

KMODE_EXTERN_C_START

/* ---- Memory ---------------------------------------------------------------------------- */

#define RtlEqualMemory(Destination, Source, Length) (!memcmp((Destination), (Source), (Length)))
#define RtlMoveMemory(Destination, Source, Length) memmove((Destination), (Source), (Length))
#define RtlCopyMemory(Destination, Source, Length) memcpy((Destination), (Source), (Length))
#define RtlFillMemory(Destination, Length, Fill) memset((Destination), (Fill), (Length))
#define RtlZeroMemory(Destination, Length) memset((Destination), 0, (Length))
#define RtlCopyBytes RtlCopyMemory
#define RtlFillBytes RtlFillMemory
#define RtlZeroBytes RtlZeroMemory

/*
 * @implemented: any IRQL (resident memory). Returns how many leading bytes of the two
 * blocks are equal: Length when they are identical. (Not memcmp's ordering result.)
 */
_Must_inspect_result_
NTSYSAPI SIZE_T NTAPI RtlCompareMemory(_In_ const VOID *Source1, _In_ const VOID *Source2,
                                       _In_ SIZE_T Length);

/* @implemented: any IRQL. Copies like RtlCopyMemory; the non-temporal hint has no effect. */
NTSYSAPI VOID NTAPI RtlCopyMemoryNonTemporal(_Out_writes_bytes_(Length) VOID *Destination,
                                             _In_reads_bytes_(Length) const VOID *Source,
                                             _In_ SIZE_T Length);

/*
 * @implemented: any IRQL. Zeroes the block through volatile stores, so the compiler cannot
 * remove it even when the memory is never read again. Returns ptr.
 */
FORCEINLINE PVOID RtlSecureZeroMemory(_Out_writes_bytes_(cnt) PVOID ptr, _In_ SIZE_T cnt)
{
    volatile char *p = (volatile char *)ptr;

    while (cnt != 0) {
        *p++ = 0;
        cnt--;
    }
    return ptr;
}

/* ---- Bitmaps --------------------------------------------------------------------------- */

/*
 * A bitmap over a caller-owned ULONG array: bit i is bit (i % 32) of Buffer[i / 32]. The
 * buffer must hold a whole number of ULONGs covering SizeOfBitMap bits. Queries never look
 * at the padding bits past SizeOfBitMap; RtlClearAllBits/RtlSetAllBits write whole ULONGs
 * (the padding included) as Windows does, and nothing ever touches memory past the last
 * ULONG. Routines that search return 0xFFFFFFFF when nothing is found.
 */
typedef struct _RTL_BITMAP {
    ULONG SizeOfBitMap;   /* number of bits */
    PULONG Buffer;
} RTL_BITMAP, *PRTL_BITMAP;
typedef const RTL_BITMAP *PCRTL_BITMAP;

typedef struct _RTL_BITMAP_RUN {
    ULONG StartingIndex;
    ULONG NumberOfBits;
} RTL_BITMAP_RUN, *PRTL_BITMAP_RUN;

/* Nonzero if bit BP is set (no range check, like the WDK macro). */
#define RtlCheckBit(BMH, BP) \
    ((BOOLEAN)(((BMH)->Buffer[(ULONG)(BP) / 32] >> ((ULONG)(BP) % 32)) & 1))

/* @implemented: any IRQL. Only records Buffer and SizeOfBitMap; the bits are untouched. */
NTSYSAPI VOID NTAPI RtlInitializeBitMap(_Out_ PRTL_BITMAP BitMapHeader,
                                        _In_opt_ PULONG BitMapBuffer,
                                        _In_opt_ ULONG SizeOfBitMap);

/* @implemented: any IRQL (resident bitmap) for every routine below. */
NTSYSAPI VOID NTAPI RtlClearBit(_In_ PRTL_BITMAP BitMapHeader, _In_ ULONG BitNumber);
NTSYSAPI VOID NTAPI RtlSetBit(_In_ PRTL_BITMAP BitMapHeader, _In_ ULONG BitNumber);
_Must_inspect_result_
NTSYSAPI BOOLEAN NTAPI RtlTestBit(_In_ PRTL_BITMAP BitMapHeader, _In_ ULONG BitNumber);

NTSYSAPI VOID NTAPI RtlClearAllBits(_In_ PRTL_BITMAP BitMapHeader);
NTSYSAPI VOID NTAPI RtlSetAllBits(_In_ PRTL_BITMAP BitMapHeader);

/* The range must lie inside the bitmap (a caller contract; as on Windows it is not checked). */
NTSYSAPI VOID NTAPI RtlClearBits(_In_ PRTL_BITMAP BitMapHeader, _In_ ULONG StartingIndex,
                                 _In_ ULONG NumberToClear);
NTSYSAPI VOID NTAPI RtlSetBits(_In_ PRTL_BITMAP BitMapHeader, _In_ ULONG StartingIndex,
                               _In_ ULONG NumberToSet);

/* FALSE when Length is 0 or the range does not lie inside the bitmap. */
_Must_inspect_result_
NTSYSAPI BOOLEAN NTAPI RtlAreBitsClear(_In_ PRTL_BITMAP BitMapHeader, _In_ ULONG StartingIndex,
                                       _In_ ULONG Length);
_Must_inspect_result_
NTSYSAPI BOOLEAN NTAPI RtlAreBitsSet(_In_ PRTL_BITMAP BitMapHeader, _In_ ULONG StartingIndex,
                                     _In_ ULONG Length);

/*
 * Searches from HintIndex to the end, then from bit 0 (a run found there may extend past the
 * hint). Returns the first index of NumberToFind contiguous clear (set) bits, or 0xFFFFFFFF.
 * A HintIndex past the end counts as 0. NumberToFind == 0 returns HintIndex rounded down to a
 * multiple of 8 (0 if HintIndex is past the end), as Windows does.
 */
_Must_inspect_result_
NTSYSAPI ULONG NTAPI RtlFindClearBits(_In_ PRTL_BITMAP BitMapHeader, _In_ ULONG NumberToFind,
                                      _In_ ULONG HintIndex);
_Must_inspect_result_
NTSYSAPI ULONG NTAPI RtlFindSetBits(_In_ PRTL_BITMAP BitMapHeader, _In_ ULONG NumberToFind,
                                    _In_ ULONG HintIndex);
/* As above, then set (clear) the bits found. */
NTSYSAPI ULONG NTAPI RtlFindClearBitsAndSet(_In_ PRTL_BITMAP BitMapHeader,
                                            _In_ ULONG NumberToFind, _In_ ULONG HintIndex);
NTSYSAPI ULONG NTAPI RtlFindSetBitsAndClear(_In_ PRTL_BITMAP BitMapHeader,
                                            _In_ ULONG NumberToFind, _In_ ULONG HintIndex);

NTSYSAPI ULONG NTAPI RtlNumberOfClearBits(_In_ PRTL_BITMAP BitMapHeader);
NTSYSAPI ULONG NTAPI RtlNumberOfSetBits(_In_ PRTL_BITMAP BitMapHeader);
/* Counts within [StartingIndex, StartingIndex + Length), which must lie inside the bitmap. */
NTSYSAPI ULONG NTAPI RtlNumberOfClearBitsInRange(_In_ PRTL_BITMAP BitMapHeader,
                                                 _In_ ULONG StartingIndex, _In_ ULONG Length);
NTSYSAPI ULONG NTAPI RtlNumberOfSetBitsInRange(_In_ PRTL_BITMAP BitMapHeader,
                                               _In_ ULONG StartingIndex, _In_ ULONG Length);
NTSYSAPI ULONG NTAPI RtlNumberOfSetBitsUlongPtr(_In_ ULONG_PTR Target);

/*
 * Run queries return the run length (0 if none). RtlFindFirstRunClear and
 * RtlFindNextForwardRunClear set *StartingIndex to SizeOfBitMap when there is no run (to
 * FromIndex when FromIndex is already past the end).
 */
NTSYSAPI ULONG NTAPI RtlFindFirstRunClear(_In_ PRTL_BITMAP BitMapHeader,
                                          _Out_ PULONG StartingIndex);
NTSYSAPI ULONG NTAPI RtlFindNextForwardRunClear(_In_ PRTL_BITMAP BitMapHeader,
                                                _In_ ULONG FromIndex,
                                                _Out_ PULONG StartingRunIndex);
/* The clear run ending at or before FromIndex; its length counts up to FromIndex at most. */
NTSYSAPI ULONG NTAPI RtlFindLastBackwardRunClear(_In_ PRTL_BITMAP BitMapHeader,
                                                 _In_ ULONG FromIndex,
                                                 _Out_ PULONG StartingRunIndex);
/* Longest clear run (the first of equal length); *StartingIndex = 0 when there is none. */
NTSYSAPI ULONG NTAPI RtlFindLongestRunClear(_In_ PRTL_BITMAP BitMapHeader,
                                            _Out_ PULONG StartingIndex);
/*
 * Fills RunArray with up to SizeOfRunArray clear runs and returns how many it stored: the
 * first ones in bit order, or, with LocateLongestRuns, the longest ones sorted longest first
 * (equal lengths in bit order).
 */
NTSYSAPI ULONG NTAPI RtlFindClearRuns(_In_ PRTL_BITMAP BitMapHeader,
                                      _Out_ PRTL_BITMAP_RUN RunArray,
                                      _In_ ULONG SizeOfRunArray,
                                      _In_ BOOLEAN LocateLongestRuns);

/* Index (0-63) of the lowest / highest set bit of Set, or -1 when Set is 0. */
_Must_inspect_result_
NTSYSAPI CCHAR NTAPI RtlFindLeastSignificantBit(_In_ ULONGLONG Set);
_Must_inspect_result_
NTSYSAPI CCHAR NTAPI RtlFindMostSignificantBit(_In_ ULONGLONG Set);

/* ---- OS version ------------------------------------------------------------------------ */

typedef struct _OSVERSIONINFOA {
    ULONG dwOSVersionInfoSize;
    ULONG dwMajorVersion;
    ULONG dwMinorVersion;
    ULONG dwBuildNumber;
    ULONG dwPlatformId;
    CHAR szCSDVersion[128];
} OSVERSIONINFOA, *POSVERSIONINFOA, *LPOSVERSIONINFOA;

typedef struct _OSVERSIONINFOW {
    ULONG dwOSVersionInfoSize;
    ULONG dwMajorVersion;
    ULONG dwMinorVersion;
    ULONG dwBuildNumber;
    ULONG dwPlatformId;
    WCHAR szCSDVersion[128];
} OSVERSIONINFOW, *POSVERSIONINFOW, *LPOSVERSIONINFOW, RTL_OSVERSIONINFOW, *PRTL_OSVERSIONINFOW;

typedef struct _OSVERSIONINFOEXA {
    ULONG dwOSVersionInfoSize;
    ULONG dwMajorVersion;
    ULONG dwMinorVersion;
    ULONG dwBuildNumber;
    ULONG dwPlatformId;
    CHAR szCSDVersion[128];
    USHORT wServicePackMajor;
    USHORT wServicePackMinor;
    USHORT wSuiteMask;
    UCHAR wProductType;
    UCHAR wReserved;
} OSVERSIONINFOEXA, *POSVERSIONINFOEXA, *LPOSVERSIONINFOEXA;

typedef struct _OSVERSIONINFOEXW {
    ULONG dwOSVersionInfoSize;
    ULONG dwMajorVersion;
    ULONG dwMinorVersion;
    ULONG dwBuildNumber;
    ULONG dwPlatformId;
    WCHAR szCSDVersion[128];
    USHORT wServicePackMajor;
    USHORT wServicePackMinor;
    USHORT wSuiteMask;
    UCHAR wProductType;
    UCHAR wReserved;
} OSVERSIONINFOEXW, *POSVERSIONINFOEXW, *LPOSVERSIONINFOEXW,
  RTL_OSVERSIONINFOEXW, *PRTL_OSVERSIONINFOEXW;

#ifdef UNICODE
typedef OSVERSIONINFOW OSVERSIONINFO, *POSVERSIONINFO, *LPOSVERSIONINFO;
typedef OSVERSIONINFOEXW OSVERSIONINFOEX, *POSVERSIONINFOEX, *LPOSVERSIONINFOEX;
#else
typedef OSVERSIONINFOA OSVERSIONINFO, *POSVERSIONINFO, *LPOSVERSIONINFO;
typedef OSVERSIONINFOEXA OSVERSIONINFOEX, *POSVERSIONINFOEX, *LPOSVERSIONINFOEX;
#endif

#define VER_PLATFORM_WIN32s        0
#define VER_PLATFORM_WIN32_WINDOWS 1
#define VER_PLATFORM_WIN32_NT      2

#define VER_NT_WORKSTATION         0x0000001
#define VER_NT_DOMAIN_CONTROLLER   0x0000002
#define VER_NT_SERVER              0x0000003

#define VER_SERVER_NT                      0x80000000
#define VER_WORKSTATION_NT                 0x40000000
#define VER_SUITE_SMALLBUSINESS            0x00000001
#define VER_SUITE_ENTERPRISE               0x00000002
#define VER_SUITE_BACKOFFICE               0x00000004
#define VER_SUITE_COMMUNICATIONS           0x00000008
#define VER_SUITE_TERMINAL                 0x00000010
#define VER_SUITE_SMALLBUSINESS_RESTRICTED 0x00000020
#define VER_SUITE_EMBEDDEDNT               0x00000040
#define VER_SUITE_DATACENTER               0x00000080
#define VER_SUITE_SINGLEUSERTS             0x00000100
#define VER_SUITE_PERSONAL                 0x00000200
#define VER_SUITE_BLADE                    0x00000400
#define VER_SUITE_EMBEDDED_RESTRICTED      0x00000800
#define VER_SUITE_SECURITY_APPLIANCE       0x00001000
#define VER_SUITE_STORAGE_SERVER           0x00002000
#define VER_SUITE_COMPUTE_SERVER           0x00004000
#define VER_SUITE_WH_SERVER                0x00008000
#define VER_SUITE_MULTIUSERTS              0x00020000

/* TypeMask bits for RtlVerifyVersionInfo / VerSetConditionMask. */
#define VER_MINORVERSION     0x0000001
#define VER_MAJORVERSION     0x0000002
#define VER_BUILDNUMBER      0x0000004
#define VER_PLATFORMID       0x0000008
#define VER_SERVICEPACKMINOR 0x0000010
#define VER_SERVICEPACKMAJOR 0x0000020
#define VER_SUITENAME        0x0000040
#define VER_PRODUCT_TYPE     0x0000080

/* Comparison types (VER_AND / VER_OR only for VER_SUITENAME). */
#define VER_EQUAL         1
#define VER_GREATER       2
#define VER_GREATER_EQUAL 3
#define VER_LESS          4
#define VER_LESS_EQUAL    5
#define VER_AND           6
#define VER_OR            7

#define VER_CONDITION_MASK              7
#define VER_NUM_BITS_PER_CONDITION_MASK 3

/*
 * @implemented: any IRQL. Records Condition for one TypeMask bit in ConditionMask (3 bits per
 * field). If TypeMask has several bits, only the first of PRODUCT_TYPE, SUITENAME,
 * SERVICEPACKMAJOR, SERVICEPACKMINOR, PLATFORMID, BUILDNUMBER, MAJORVERSION, MINORVERSION is
 * used. TypeMask 0 or Condition 0 leaves ConditionMask unchanged.
 */
NTSYSAPI ULONGLONG NTAPI VerSetConditionMask(_In_ ULONGLONG ConditionMask, _In_ ULONG TypeMask,
                                             _In_ UCHAR Condition);

#define VER_SET_CONDITION(_m_, _t_, _c_) ((_m_) = VerSetConditionMask((_m_), (_t_), (_c_)))

/*
 * @implemented: PASSIVE_LEVEL. Fills the structure (RTL_OSVERSIONINFOW, or
 * RTL_OSVERSIONINFOEXW when dwOSVersionInfoSize says so) with the running system's version.
 * kmode always reports Windows 11 23H2: 10.0.22631, VER_PLATFORM_WIN32_NT, workstation, no
 * service pack (empty szCSDVersion). Returns STATUS_SUCCESS.
 */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI RtlGetVersion(_Out_ PRTL_OSVERSIONINFOW lpVersionInformation);

/*
 * @implemented: PASSIVE_LEVEL. Compares the fields selected by TypeMask with the running
 * system. Returns STATUS_SUCCESS when every comparison holds, STATUS_REVISION_MISMATCH when
 * one does not, STATUS_INVALID_PARAMETER when TypeMask or ConditionMask is 0 or the suite
 * condition is not VER_AND/VER_OR. Major version, minor version, service pack major and minor
 * are compared as one version number (a higher major version satisfies ">=" whatever the
 * minor version is).
 */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI RtlVerifyVersionInfo(_In_ PRTL_OSVERSIONINFOEXW VersionInfo,
                                             _In_ ULONG TypeMask, _In_ ULONGLONG ConditionMask);

/* @implemented: PASSIVE_LEVEL. TRUE if the running system is Version (an NTDDI value) or later. */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI BOOLEAN NTAPI RtlIsNtDdiVersionAvailable(_In_ ULONG Version);

/*
 * @implemented: PASSIVE_LEVEL. TRUE if the running system is the OS release named by Version
 * (an NTDDI value) with at least its service pack; FALSE for any other release.
 */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI BOOLEAN NTAPI RtlIsServicePackVersionInstalled(_In_ ULONG Version);

/*
 * @implemented: PASSIVE_LEVEL. Obsolete (use RtlGetVersion). Returns the requested parts of the
 * version; CSDVersion, if given, receives a counted string describing the service pack that
 * points at kernel-owned memory (empty in kmode: no service pack). Returns TRUE on a checked
 * build; kmode is a free build, so FALSE.
 */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI BOOLEAN NTAPI PsGetVersion(_Out_opt_ PULONG MajorVersion,
                                       _Out_opt_ PULONG MinorVersion,
                                       _Out_opt_ PULONG BuildNumber,
                                       _Out_opt_ PUNICODE_STRING CSDVersion);

KMODE_EXTERN_C_END

/* The ntddk.h and ntifs.h additions live in wdm/rtl_misc_ntddk.h and wdm/rtl_misc_ntifs.h,
   included by wdm/ntddk_extra.h and wdm/ntifs_extra.h. */

#endif /* _KMODE_WDM_RTL_MISC_H_ */
