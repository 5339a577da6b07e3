/*
 * PURPOSE: Driver Verifier's internal interface (src/verifier): which drivers are verified
 * and with which checks, and the hooks the rest of the runtime calls. See docs/verifier.md.
 *
 * The checks a driver gets are Driver Verifier's legacy /flags bits (VF_FLAG_*). Other
 * subsystems ask before checking, cheaply: VfGlobalFlags is the union of the flags of every
 * driver verified right now, so with the verifier off every question is one load.
 *
 *     if (VfAnyDriver(VF_FLAG_IO_CHECKING) && VfDriverFlags(Driver) & VF_FLAG_IO_CHECKING)
 *         ...check...
 */
#ifndef _KMODE_INTERNAL_VERIFIER_H_
#define _KMODE_INTERNAL_VERIFIER_H_

#include <internal/hidden.h>
#include <ntddk.h>

/* ---- Flags: Driver Verifier's /flags bits (verifier /querysettings names them) --------- */

#define VF_FLAG_SPECIAL_POOL              0x00000001  /* Special pool */
#define VF_FLAG_FORCE_IRQL_CHECKING       0x00000002  /* Force IRQL checking */
#define VF_FLAG_LOW_RESOURCES             0x00000004  /* Randomized low resources simulation */
#define VF_FLAG_POOL_TRACKING             0x00000008  /* Pool tracking */
#define VF_FLAG_IO_CHECKING               0x00000010  /* I/O verification */
#define VF_FLAG_DEADLOCK_DETECTION        0x00000020  /* Deadlock detection */
#define VF_FLAG_ENHANCED_IO_CHECKING      0x00000040  /* Enhanced I/O verification */
#define VF_FLAG_DMA_CHECKING              0x00000080  /* DMA checking */
#define VF_FLAG_SECURITY_CHECKS           0x00000100  /* Security checks */
#define VF_FLAG_FORCE_PENDING_IO          0x00000200  /* Force pending I/O requests */
#define VF_FLAG_IRP_LOGGING               0x00000400  /* IRP logging */
#define VF_FLAG_MISCELLANEOUS_CHECKS      0x00000800  /* Miscellaneous checks */
#define VF_FLAG_DDI_COMPLIANCE            0x00020000  /* DDI compliance checking */
#define VF_FLAG_SYSTEMATIC_LOW_RESOURCES  0x00040000  /* Systematic low resources simulation */
#define VF_FLAG_DDI_COMPLIANCE_ADDITIONAL 0x00080000  /* DDI compliance checking (additional) */

/* `verifier /standard`: special pool, IRQL, pool tracking, I/O, deadlocks, DMA, security,
   miscellaneous, DDI compliance (Windows 10 and later). */
#define VF_FLAGS_STANDARD 0x000209BB

/* The registry key and values Windows reads its settings from. */
#define VF_REGISTRY_KEY \
    L"\\Registry\\Machine\\System\\CurrentControlSet\\Control\\Session Manager\\Memory Management"
#define VF_REGISTRY_LEVEL_VALUE   L"VerifyDriverLevel"
#define VF_REGISTRY_DRIVERS_VALUE L"VerifyDrivers"

/* The environment variables (kmode run --verifier sets them; docs/environment.md). */
#define VF_ENV_FLAGS   "KMODE_VERIFIER"
#define VF_ENV_DRIVERS "KMODE_VERIFIER_DRIVERS"

/* ---- Settings ---------------------------------------------------------------------------- */

#define VF_MAX_NAMES     32
#define VF_MAX_NAME_CHARS 64

typedef enum _VF_SETTINGS_SOURCE {
    VfSourceNone,         /* verifier off */
    VfSourceEnvironment,  /* KMODE_VERIFIER */
    VfSourceRegistry      /* VerifyDriverLevel / VerifyDrivers */
} VF_SETTINGS_SOURCE;

typedef struct _VF_SETTINGS {
    ULONG Flags;                        /* 0: verifier off */
    BOOLEAN AllDrivers;                 /* "*" */
    ULONG NameCount;
    WCHAR Names[VF_MAX_NAMES][VF_MAX_NAME_CHARS];   /* image names ("foo.sys"), NUL-ended */
    VF_SETTINGS_SOURCE Source;
} VF_SETTINGS, *PVF_SETTINGS;

/*
 * Parses a flags specification as `kmode run --verifier=` and KMODE_VERIFIER take it:
 * "standard", a number (0x hex or decimal), or "" (standard). FALSE when malformed.
 */
BOOLEAN VfParseFlags(_In_z_ const char *Text, _Out_ PULONG Flags);

/*
 * Reads the settings now in force: KMODE_VERIFIER / KMODE_VERIFIER_DRIVERS when
 * KMODE_VERIFIER is set (no driver list: every driver), else the registry values (no
 * VerifyDriverLevel: standard flags; no VerifyDrivers: verifier off). PASSIVE_LEVEL.
 * Malformed settings are reported on stderr once and read as "off".
 */
VOID VfQuerySettings(_Out_ PVF_SETTINGS Settings);

/* ---- Verified drivers ------------------------------------------------------------------- */

/* Union of the flags of every driver verified now; 0 when none is. Any IRQL. */
extern KMODE_HIDDEN volatile ULONG VfGlobalFlags;

/* TRUE when some verified driver has one of Flags. Any IRQL, one load. */
FORCEINLINE BOOLEAN VfAnyDriver(ULONG Flags)
{
    return (__atomic_load_n(&VfGlobalFlags, __ATOMIC_RELAXED) & Flags) != 0;
}

/* The checks Driver gets (0: not verified). Any IRQL, no locks. */
ULONG VfDriverFlags(_In_opt_ PDRIVER_OBJECT Driver);

/* The checks of the verified driver whose code contains Address (a return address, for
   checks on DDI callers); 0 when none. Any IRQL, no locks. */
ULONG VfAddressFlags(_In_opt_ const void *Address);

/* The verified driver whose code contains Address, or NULL. Any IRQL, no locks. The
   pointer stays valid until the driver object is deleted. */
PDRIVER_OBJECT VfAddressDriver(_In_opt_ const void *Address);

/* The loader's record of a verified driver's image (its DriverSection), or NULL when the
   driver has none: a driver object kmode's own tests made with a made-up DriverSection
   cookie is no image, and end-of-life checks must not read it. Any IRQL, no locks. */
struct _KLDR_DATA_TABLE_ENTRY;
struct _KLDR_DATA_TABLE_ENTRY *VfDriverImage(_In_opt_ PDRIVER_OBJECT Driver);

/*
 * The I/O manager's calls. VfDriverCreated runs in IopCreateDriver before DriverEntry
 * (DriverStart/DriverSize, DriverSection and the names are set): it decides from the
 * settings whether the driver is verified. When the driver object goes (after DriverUnload,
 * or after a failed DriverEntry, once no device holds it), just before its image is
 * released, VfDriverUnloaded runs the end-of-life checks (leaked pool, pending timers...,
 * where Windows runs them: at image unload) and VfDriverDeleted forgets the driver.
 * PASSIVE_LEVEL, possibly on the object reaper thread.
 */
VOID VfDriverCreated(_In_ PDRIVER_OBJECT Driver, _In_opt_ PVOID Init);
VOID VfDriverUnloaded(_In_ PDRIVER_OBJECT Driver);
VOID VfDriverDeleted(_In_ PDRIVER_OBJECT Driver);

/* Callbacks for other verifier parts at the end of a verified driver's life, called by
   VfDriverUnloaded in order, with the driver's flags. Registered at start-up. */
typedef VOID (*PVF_UNLOAD_CHECK)(_In_ PDRIVER_OBJECT Driver, _In_ ULONG Flags,
                                 _In_ ULONG_PTR CodeLow, _In_ ULONG_PTR CodeHigh);
VOID VfRegisterUnloadCheck(_In_ PVF_UNLOAD_CHECK Check);

/* One verified driver, for enumerations (!verifier, reports). */
typedef struct _VF_DRIVER_INFO {
    PDRIVER_OBJECT Driver;
    ULONG Flags;
    ULONG_PTR CodeLow, CodeHigh;         /* the image's address range */
    WCHAR Name[VF_MAX_NAME_CHARS];       /* image name, "foo.sys" */
} VF_DRIVER_INFO, *PVF_DRIVER_INFO;

typedef BOOLEAN (*PVF_DRIVER_CALLBACK)(_In_ const VF_DRIVER_INFO *Info, _In_opt_ PVOID Context);
/* Calls Callback per verified driver (FALSE stops). Snapshot; any IRQL <= DISPATCH_LEVEL. */
VOID VfEnumerateDrivers(_In_ PVF_DRIVER_CALLBACK Callback, _In_opt_ PVOID Context);

#endif
