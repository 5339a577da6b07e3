/*
 * PURPOSE: OS version queries: RtlGetVersion, RtlVerifyVersionInfo, VerSetConditionMask,
 * RtlIsNtDdiVersionAvailable, RtlIsServicePackVersionInstalled.
 *
 * kmode reports one fixed release, defined in include/kmode/version.h (Windows 11 23H2,
 * 10.0.22631, workstation, no service pack).
 */

/* INCLUDES ******************************************************************************/

#include <string.h>
#include <wdm.h>
#include <kmode/version.h>

/* PRIVATE FUNCTIONS *********************************************************************/

/* Bit position of a VER_* type bit's 3-bit condition field in a condition mask. */
static ULONG RtlpConditionShift(ULONG TypeBit)
{
    return (ULONG)__builtin_ctz(TypeBit) * VER_NUM_BITS_PER_CONDITION_MASK;
}

static UCHAR RtlpCondition(ULONGLONG ConditionMask, ULONG TypeBit)
{
    return (UCHAR)((ConditionMask >> RtlpConditionShift(TypeBit)) & VER_CONDITION_MASK);
}

/* Current value Left compared with the requested Right. Unknown conditions never hold. */
static BOOLEAN RtlpCompare(ULONG Left, ULONG Right, UCHAR Condition)
{
    switch (Condition) {
    case VER_EQUAL:         return Left == Right;
    case VER_GREATER:       return Left > Right;
    case VER_GREATER_EQUAL: return Left >= Right;
    case VER_LESS:          return Left < Right;
    case VER_LESS_EQUAL:    return Left <= Right;
    default:                return FALSE;
    }
}

static BOOLEAN RtlpIsRelational(UCHAR Condition)
{
    return Condition >= VER_EQUAL && Condition <= VER_LESS_EQUAL;
}

/*
 * The version fields (major, minor, service pack major, service pack minor) form one number
 * compared most significant field first; the first field that differs decides. The operator
 * that applies to a field is its own condition, except that the leading operator carries
 * over (as observed on Windows, and mirrored by Wine's conformance-tested code):
 *   - a field with no condition of its own inherits the leading operator;
 *   - once a ">"/">=" operator leads, a lower field may only use "=", ">" or ">="
 *     (anything else inherits the leader); likewise for "<"/"<=";
 *   - an "=" leader is replaced by the next field's relational operator.
 * Sticky marks a leader that was inherited by a field without a condition: from then on it
 * applies to every lower field.
 */
typedef struct _RTLP_VERSION_LEADER {
    UCHAR Condition;   /* 0 = none yet */
    BOOLEAN Sticky;
} RTLP_VERSION_LEADER;

static UCHAR RtlpEffectiveCondition(RTLP_VERSION_LEADER *Leader, UCHAR Own)
{
    UCHAR Lead = Leader->Condition;
    BOOLEAN Allowed;

    if (Leader->Sticky)
        return Lead;
    if (Lead == 0) {
        Leader->Condition = Own;
        if (Own == 0)
            Leader->Sticky = TRUE;
        return Own;
    }
    switch (Lead) {
    case VER_EQUAL:
        Allowed = RtlpIsRelational(Own);
        if (Allowed)
            Leader->Condition = Own;
        break;
    case VER_GREATER:
    case VER_GREATER_EQUAL:
        Allowed = Own == VER_EQUAL || Own == VER_GREATER || Own == VER_GREATER_EQUAL;
        break;
    case VER_LESS:
    case VER_LESS_EQUAL:
        Allowed = Own == VER_EQUAL || Own == VER_LESS || Own == VER_LESS_EQUAL;
        break;
    default:
        Allowed = FALSE;
        break;
    }
    if (Allowed)
        return Own;
    if (Own == 0)
        Leader->Sticky = TRUE;
    return Lead;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * PASSIVE_LEVEL. Fills the base fields for any dwOSVersionInfoSize and the extended ones
 * when it is sizeof(RTL_OSVERSIONINFOEXW). Returns STATUS_SUCCESS (as documented).
 */
NTSTATUS NTAPI RtlGetVersion(PRTL_OSVERSIONINFOW lpVersionInformation)
{
    lpVersionInformation->dwMajorVersion = KMODE_NT_MAJOR_VERSION;
    lpVersionInformation->dwMinorVersion = KMODE_NT_MINOR_VERSION;
    lpVersionInformation->dwBuildNumber = KMODE_NT_BUILD_NUMBER;
    lpVersionInformation->dwPlatformId = VER_PLATFORM_WIN32_NT;
    /* No service pack: an empty string. */
    memset(lpVersionInformation->szCSDVersion, 0, sizeof lpVersionInformation->szCSDVersion);

    if (lpVersionInformation->dwOSVersionInfoSize == sizeof(RTL_OSVERSIONINFOEXW)) {
        PRTL_OSVERSIONINFOEXW Ex = (PRTL_OSVERSIONINFOEXW)lpVersionInformation;

        Ex->wServicePackMajor = KMODE_NT_SERVICE_PACK_MAJOR;
        Ex->wServicePackMinor = KMODE_NT_SERVICE_PACK_MINOR;
        Ex->wSuiteMask = (USHORT)KMODE_NT_SUITE_MASK;
        Ex->wProductType = (UCHAR)KMODE_NT_PRODUCT_TYPE;
        Ex->wReserved = 0;
    }
    return STATUS_SUCCESS;
}

/*
 * @implemented
 * Any IRQL. Stores Condition in the 3-bit field of one type bit: the first present of
 * PRODUCT_TYPE, SUITENAME, SERVICEPACKMAJOR, SERVICEPACKMINOR, PLATFORMID, BUILDNUMBER,
 * MAJORVERSION, MINORVERSION (the highest set bit among the defined ones).
 */
ULONGLONG NTAPI VerSetConditionMask(ULONGLONG ConditionMask, ULONG TypeMask, UCHAR Condition)
{
    ULONG Known = TypeMask & 0xFF;

    Condition &= VER_CONDITION_MASK;
    if (Known == 0 || Condition == 0)
        return ConditionMask;
    Known = 1u << (31 - __builtin_clz(Known));
    return ConditionMask | ((ULONGLONG)Condition << RtlpConditionShift(Known));
}

/*
 * @implemented
 * PASSIVE_LEVEL. STATUS_SUCCESS if every selected comparison holds, STATUS_REVISION_MISMATCH
 * if one does not, STATUS_INVALID_PARAMETER for a zero TypeMask or ConditionMask or a suite
 * condition other than VER_AND / VER_OR. Checked in Windows' order: product type, suite,
 * platform, build number, then the version number (see RtlpEffectiveCondition).
 */
NTSTATUS NTAPI RtlVerifyVersionInfo(PRTL_OSVERSIONINFOEXW VersionInfo, ULONG TypeMask,
                                    ULONGLONG ConditionMask)
{
    RTL_OSVERSIONINFOEXW Current;
    static const ULONG VersionFields[] = {
        VER_MAJORVERSION, VER_MINORVERSION, VER_SERVICEPACKMAJOR, VER_SERVICEPACKMINOR
    };
    ULONG CurrentValue[4], WantedValue[4];

    if (TypeMask == 0 || ConditionMask == 0)
        return STATUS_INVALID_PARAMETER;

    memset(&Current, 0, sizeof Current);
    Current.dwOSVersionInfoSize = sizeof Current;
    RtlGetVersion((PRTL_OSVERSIONINFOW)&Current);

    if ((TypeMask & VER_PRODUCT_TYPE) &&
        !RtlpCompare(Current.wProductType, VersionInfo->wProductType,
                     RtlpCondition(ConditionMask, VER_PRODUCT_TYPE)))
        return STATUS_REVISION_MISMATCH;

    if (TypeMask & VER_SUITENAME) {
        USHORT Wanted = VersionInfo->wSuiteMask;

        switch (RtlpCondition(ConditionMask, VER_SUITENAME)) {
        case VER_AND:   /* every requested suite present */
            if ((Current.wSuiteMask & Wanted) != Wanted)
                return STATUS_REVISION_MISMATCH;
            break;
        case VER_OR:    /* at least one requested suite present (none requested: holds) */
            if (Wanted != 0 && (Current.wSuiteMask & Wanted) == 0)
                return STATUS_REVISION_MISMATCH;
            break;
        default:
            return STATUS_INVALID_PARAMETER;
        }
    }

    if ((TypeMask & VER_PLATFORMID) &&
        !RtlpCompare(Current.dwPlatformId, VersionInfo->dwPlatformId,
                     RtlpCondition(ConditionMask, VER_PLATFORMID)))
        return STATUS_REVISION_MISMATCH;

    if ((TypeMask & VER_BUILDNUMBER) &&
        !RtlpCompare(Current.dwBuildNumber, VersionInfo->dwBuildNumber,
                     RtlpCondition(ConditionMask, VER_BUILDNUMBER)))
        return STATUS_REVISION_MISMATCH;

    CurrentValue[0] = Current.dwMajorVersion;
    CurrentValue[1] = Current.dwMinorVersion;
    CurrentValue[2] = Current.wServicePackMajor;
    CurrentValue[3] = Current.wServicePackMinor;
    WantedValue[0] = VersionInfo->dwMajorVersion;
    WantedValue[1] = VersionInfo->dwMinorVersion;
    WantedValue[2] = VersionInfo->wServicePackMajor;
    WantedValue[3] = VersionInfo->wServicePackMinor;

    {
        RTLP_VERSION_LEADER Leader = { 0, FALSE };
        BOOLEAN Holds = TRUE;

        for (ULONG i = 0; i < RTL_NUMBER_OF(VersionFields); i++) {
            UCHAR Condition;

            if (!(TypeMask & VersionFields[i]))
                continue;
            Condition = RtlpEffectiveCondition(&Leader,
                                               RtlpCondition(ConditionMask, VersionFields[i]));
            Holds = RtlpCompare(CurrentValue[i], WantedValue[i], Condition);
            /* A differing field (or a condition that cannot order) decides. */
            if (CurrentValue[i] != WantedValue[i] || !RtlpIsRelational(Condition))
                break;
        }
        if (!Holds)
            return STATUS_REVISION_MISMATCH;
    }
    return STATUS_SUCCESS;
}

/*
 * @implemented
 * PASSIVE_LEVEL. TRUE if the running system (NTDDI_WIN10_NI) is Version or later.
 */
BOOLEAN NTAPI RtlIsNtDdiVersionAvailable(ULONG Version)
{
    return (BOOLEAN)(Version <= KMODE_NT_NTDDI_VERSION);
}

/*
 * @implemented
 * PASSIVE_LEVEL. TRUE if Version names the running OS release (same major and minor
 * version) and its service pack is no newer than the installed one (none, in kmode).
 */
BOOLEAN NTAPI RtlIsServicePackVersionInstalled(ULONG Version)
{
    if (OSVER(Version) != OSVER(KMODE_NT_NTDDI_VERSION))
        return FALSE;
    return (BOOLEAN)(SPVER(Version) <= SPVER(KMODE_NT_NTDDI_VERSION));
}
