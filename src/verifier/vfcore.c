/*
 * PURPOSE: Driver Verifier's core: the settings (environment or the registry values Windows
 * uses), the table of verified drivers that every check consults, the end-of-life hooks,
 * and the Mm DDIs that tell drivers whether they are verified. docs/verifier.md.
 */

/* INCLUDES ******************************************************************************/

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <internal/host.h>
#include <internal/ldr.h>
#include <internal/verifier.h>

/* GLOBALS *******************************************************************************/

#define VF_MAX_DRIVERS      64
#define VF_MAX_UNLOAD_CHECKS 16

/* One verified driver. Flags != 0 marks a used slot; readers load it with acquire and
   the other fields after it (writers store them before Flags, with release). */
typedef struct _VF_SLOT {
    ULONG Flags;
    PDRIVER_OBJECT Driver;
    ULONG_PTR CodeLow, CodeHigh;
    PKLDR_DATA_TABLE_ENTRY Image;       /* the loader's record, NULL when none (see below) */
    WCHAR Name[VF_MAX_NAME_CHARS];
} VF_SLOT;

volatile ULONG VfGlobalFlags;

static VF_SLOT VfpSlots[VF_MAX_DRIVERS];
static KSPIN_LOCK VfpTableLock;                 /* serializes writers of VfpSlots */

static PVF_UNLOAD_CHECK VfpUnloadChecks[VF_MAX_UNLOAD_CHECKS];
static ULONG VfpUnloadCheckCount;

/* The flags of the settings read last (MmIsVerifierEnabled); ~0: never read. */
static ULONG VfpLastSettingsFlags = ~0U;

/* PRIVATE FUNCTIONS *********************************************************************/

static BOOLEAN VfpWideEqualInsensitive(const WCHAR *A, const WCHAR *B)
{
    for (;; A++, B++) {
        if (RtlUpcaseUnicodeChar(*A) != RtlUpcaseUnicodeChar(*B))
            return FALSE;
        if (*A == 0)
            return TRUE;
    }
}

/* Appends the names of a list ("a.sys b.sys", "a.sys,b.sys") to Settings; "*" is every
   driver. Narrow or wide source: exactly one of Narrow and Wide is non-NULL. */
static VOID VfpAddNames(PVF_SETTINGS Settings, const char *Narrow, const WCHAR *Wide,
                        SIZE_T Count)
{
    SIZE_T i = 0;

    while (i < Count) {
        WCHAR Name[VF_MAX_NAME_CHARS];
        ULONG Length = 0;
        while (i < Count) {
            WCHAR c = Narrow != NULL ? (WCHAR)(UCHAR)Narrow[i] : Wide[i];
            if (c != L' ' && c != L',' && c != L'\t' && c != L';')
                break;
            i++;
        }
        while (i < Count) {
            WCHAR c = Narrow != NULL ? (WCHAR)(UCHAR)Narrow[i] : Wide[i];
            if (c == 0 || c == L' ' || c == L',' || c == L'\t' || c == L';')
                break;
            if (Length + 1 < VF_MAX_NAME_CHARS)
                Name[Length++] = c;
            i++;
        }
        if (i < Count && (Narrow != NULL ? Narrow[i] == 0 : Wide[i] == 0))
            Count = i;       /* a NUL ends a REG_SZ */
        if (Length == 0)
            continue;
        Name[Length] = 0;
        if (Length == 1 && Name[0] == L'*')
            Settings->AllDrivers = TRUE;
        else if (Settings->NameCount < VF_MAX_NAMES)
            memcpy(Settings->Names[Settings->NameCount++], Name, (Length + 1) * sizeof(WCHAR));
    }
}

/* Reads one registry value of the verifier key into Buffer; FALSE when absent. */
static BOOLEAN VfpQueryValue(HANDLE Key, PCWSTR Name, PKEY_VALUE_PARTIAL_INFORMATION Info,
                             ULONG Size)
{
    UNICODE_STRING ValueName;
    ULONG Result;

    RtlInitUnicodeString(&ValueName, Name);
    return NT_SUCCESS(ZwQueryValueKey(Key, &ValueName, KeyValuePartialInformation, Info, Size,
                                      &Result));
}

static VOID VfpQueryRegistry(PVF_SETTINGS Settings)
{
    UNICODE_STRING KeyName = RTL_CONSTANT_STRING(VF_REGISTRY_KEY);
    OBJECT_ATTRIBUTES Attributes;
    union {
        KEY_VALUE_PARTIAL_INFORMATION Info;
        UCHAR Bytes[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + VF_MAX_NAMES * VF_MAX_NAME_CHARS * 2];
    } Buffer;
    HANDLE Key;

    InitializeObjectAttributes(&Attributes, &KeyName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    if (!NT_SUCCESS(ZwOpenKey(&Key, KEY_QUERY_VALUE, &Attributes)))
        return;
    if (VfpQueryValue(Key, VF_REGISTRY_DRIVERS_VALUE, &Buffer.Info, sizeof(Buffer)) &&
        (Buffer.Info.Type == REG_SZ || Buffer.Info.Type == REG_EXPAND_SZ)) {
        VfpAddNames(Settings, NULL, (const WCHAR *)Buffer.Info.Data,
                    Buffer.Info.DataLength / sizeof(WCHAR));
    }
    if (Settings->AllDrivers || Settings->NameCount != 0) {
        Settings->Flags = VF_FLAGS_STANDARD;
        Settings->Source = VfSourceRegistry;
        if (VfpQueryValue(Key, VF_REGISTRY_LEVEL_VALUE, &Buffer.Info, sizeof(Buffer)) &&
            Buffer.Info.Type == REG_DWORD && Buffer.Info.DataLength == sizeof(ULONG))
            memcpy(&Settings->Flags, Buffer.Info.Data, sizeof(ULONG));
        if (Settings->Flags == 0)
            Settings->Source = VfSourceNone;
    }
    ZwClose(Key);
}

/*
 * The loader's record of Driver's image, or NULL. Windows has no driver object without an
 * image, but kmode's own runtime tests create driver objects with a made-up DriverSection
 * cookie (and range): a record counts only when it can be read and describes the driver's
 * own range, as the loader's always does (loaddrv.c passes DllBase and SizeOfImage).
 */
static PKLDR_DATA_TABLE_ENTRY VfpDriverImageEntry(PDRIVER_OBJECT Driver)
{
    PKLDR_DATA_TABLE_ENTRY Entry = Driver->DriverSection;

    if (Entry == NULL || Driver->DriverStart == NULL || Driver->DriverSize == 0 ||
        ((ULONG_PTR)Entry & (sizeof(PVOID) - 1)) != 0 || !HostIsAddressReadable(Entry) ||
        !HostIsAddressReadable((const UCHAR *)(Entry + 1) - 1))
        return NULL;
    if (Entry->DllBase != Driver->DriverStart || Entry->SizeOfImage != Driver->DriverSize)
        return NULL;
    return Entry;
}

/* The name the settings match a driver by: its image's file name, else "<service>.sys". */
static VOID VfpDriverImageName(PDRIVER_OBJECT Driver, WCHAR Name[VF_MAX_NAME_CHARS])
{
    PCUNICODE_STRING Source = NULL;
    ULONG Length = 0;
    PKLDR_DATA_TABLE_ENTRY Image = VfpDriverImageEntry(Driver);

    if (Image != NULL)
        Source = &Image->BaseDllName;
    else if (Driver->DriverExtension != NULL)
        Source = &Driver->DriverExtension->ServiceKeyName;
    if (Source != NULL && Source->Buffer != NULL) {
        Length = Source->Length / sizeof(WCHAR);
        if (Length > VF_MAX_NAME_CHARS - 5)
            Length = VF_MAX_NAME_CHARS - 5;
        memcpy(Name, Source->Buffer, Length * sizeof(WCHAR));
    }
    Name[Length] = 0;
    if (Image == NULL)
        memcpy(Name + Length, L".sys", 5 * sizeof(WCHAR));
}

static VOID VfpRecomputeGlobalFlags(VOID)
{
    ULONG Union = 0;

    for (ULONG i = 0; i < VF_MAX_DRIVERS; i++)
        Union |= __atomic_load_n(&VfpSlots[i].Flags, __ATOMIC_RELAXED);
    __atomic_store_n(&VfGlobalFlags, Union, __ATOMIC_RELEASE);
}

static VF_SLOT *VfpFindDriver(PDRIVER_OBJECT Driver)
{
    if (Driver == NULL)
        return NULL;
    for (ULONG i = 0; i < VF_MAX_DRIVERS; i++) {
        if (__atomic_load_n(&VfpSlots[i].Flags, __ATOMIC_ACQUIRE) != 0 &&
            __atomic_load_n(&VfpSlots[i].Driver, __ATOMIC_RELAXED) == Driver)
            return &VfpSlots[i];
    }
    return NULL;
}

static VF_SLOT *VfpFindAddress(const void *Address)
{
    ULONG_PTR a = (ULONG_PTR)Address;

    if (Address == NULL)
        return NULL;
    for (ULONG i = 0; i < VF_MAX_DRIVERS; i++) {
        if (__atomic_load_n(&VfpSlots[i].Flags, __ATOMIC_ACQUIRE) != 0 &&
            a >= __atomic_load_n(&VfpSlots[i].CodeLow, __ATOMIC_RELAXED) &&
            a < __atomic_load_n(&VfpSlots[i].CodeHigh, __ATOMIC_RELAXED))
            return &VfpSlots[i];
    }
    return NULL;
}

/* PUBLIC FUNCTIONS (internal) ***********************************************************/

BOOLEAN VfParseFlags(const char *Text, PULONG Flags)
{
    char *End;
    unsigned long long Value;

    *Flags = 0;
    if (Text[0] == 0 || strcmp(Text, "standard") == 0) {
        *Flags = VF_FLAGS_STANDARD;
        return TRUE;
    }
    if (Text[0] == '-' || Text[0] == '+')
        return FALSE;
    Value = strtoull(Text, &End, 0);
    if (End == Text || *End != 0 || Value > 0xFFFFFFFFULL)
        return FALSE;
    *Flags = (ULONG)Value;
    return TRUE;
}

VOID VfQuerySettings(PVF_SETTINGS Settings)
{
    const char *FlagsText = HostGetEnvironment(VF_ENV_FLAGS);

    memset(Settings, 0, sizeof(*Settings));
    if (FlagsText != NULL) {
        const char *Drivers = HostGetEnvironment(VF_ENV_DRIVERS);
        if (!VfParseFlags(FlagsText, &Settings->Flags)) {
            static volatile LONG Reported;
            if (InterlockedExchange(&Reported, 1) == 0)
                fprintf(stderr, "kmode: %s=%s is not \"standard\" or a number: the verifier "
                        "is off\n", VF_ENV_FLAGS, FlagsText);
            Settings->Flags = 0;
        }
        if (Drivers != NULL && Drivers[0] != 0)
            VfpAddNames(Settings, Drivers, NULL, strlen(Drivers));
        else
            Settings->AllDrivers = TRUE;
        Settings->Source = Settings->Flags != 0 ? VfSourceEnvironment : VfSourceNone;
    } else {
        VfpQueryRegistry(Settings);
    }
    if (Settings->Flags == 0) {
        Settings->AllDrivers = FALSE;
        Settings->NameCount = 0;
    }
    __atomic_store_n(&VfpLastSettingsFlags, Settings->Flags, __ATOMIC_RELAXED);
}

ULONG VfDriverFlags(PDRIVER_OBJECT Driver)
{
    VF_SLOT *Slot;

    if (VfGlobalFlags == 0)
        return 0;
    Slot = VfpFindDriver(Driver);
    return Slot != NULL ? __atomic_load_n(&Slot->Flags, __ATOMIC_RELAXED) : 0;
}

ULONG VfAddressFlags(const void *Address)
{
    VF_SLOT *Slot;

    if (VfGlobalFlags == 0)
        return 0;
    Slot = VfpFindAddress(Address);
    return Slot != NULL ? __atomic_load_n(&Slot->Flags, __ATOMIC_RELAXED) : 0;
}

PKLDR_DATA_TABLE_ENTRY VfDriverImage(PDRIVER_OBJECT Driver)
{
    VF_SLOT *Slot;

    if (VfGlobalFlags == 0)
        return NULL;
    Slot = VfpFindDriver(Driver);
    return Slot != NULL ? __atomic_load_n(&Slot->Image, __ATOMIC_RELAXED) : NULL;
}

PDRIVER_OBJECT VfAddressDriver(const void *Address)
{
    VF_SLOT *Slot;

    if (VfGlobalFlags == 0)
        return NULL;
    Slot = VfpFindAddress(Address);
    return Slot != NULL ? __atomic_load_n(&Slot->Driver, __ATOMIC_RELAXED) : NULL;
}

VOID VfDriverCreated(PDRIVER_OBJECT Driver, PVOID Init)
{
    VF_SETTINGS Settings;
    WCHAR Name[VF_MAX_NAME_CHARS];
    ULONG_PTR Low, High;
    BOOLEAN Verified;
    KIRQL OldIrql;

    VfQuerySettings(&Settings);
    if (Settings.Flags == 0)
        return;
    VfpDriverImageName(Driver, Name);
    Verified = Settings.AllDrivers;
    for (ULONG i = 0; !Verified && i < Settings.NameCount; i++)
        Verified = VfpWideEqualInsensitive(Settings.Names[i], Name);
    if (!Verified)
        return;

    /* The code range checks on DDI callers use: the image; for a driver linked into a
       program, the module holding DriverEntry, unless the runtime is linked into that
       module too (kmode's own test programs): its calls would pass for the driver's. */
    if (Driver->DriverStart != NULL && Driver->DriverSize != 0) {
        Low = (ULONG_PTR)Driver->DriverStart;
        High = Low + Driver->DriverSize;
    } else if (Init == NULL || !HostModuleRange(Init, &Low, &High) ||
               ((ULONG_PTR)VfDriverCreated >= Low && (ULONG_PTR)VfDriverCreated < High)) {
        Low = High = 0;
    }

    KeAcquireSpinLock(&VfpTableLock, &OldIrql);
    for (ULONG i = 0; i < VF_MAX_DRIVERS; i++) {
        VF_SLOT *Slot = &VfpSlots[i];
        if (__atomic_load_n(&Slot->Flags, __ATOMIC_RELAXED) != 0)
            continue;
        __atomic_store_n(&Slot->Driver, Driver, __ATOMIC_RELAXED);
        __atomic_store_n(&Slot->CodeLow, Low, __ATOMIC_RELAXED);
        __atomic_store_n(&Slot->CodeHigh, High, __ATOMIC_RELAXED);
        __atomic_store_n(&Slot->Image, VfpDriverImageEntry(Driver), __ATOMIC_RELAXED);
        memcpy(Slot->Name, Name, sizeof(Name));
        __atomic_store_n(&Slot->Flags, Settings.Flags, __ATOMIC_RELEASE);
        Verified = FALSE;
        break;
    }
    VfpRecomputeGlobalFlags();
    KeReleaseSpinLock(&VfpTableLock, OldIrql);
    if (Verified) {
        char Narrow[VF_MAX_NAME_CHARS];
        ULONG i;
        for (i = 0; Name[i] != 0; i++)
            Narrow[i] = Name[i] < 0x80 ? (char)Name[i] : '?';
        Narrow[i] = 0;
        fprintf(stderr, "kmode: verifier: more than %d verified drivers; %s is not verified\n",
                VF_MAX_DRIVERS, Narrow);
    }
}

VOID VfDriverUnloaded(PDRIVER_OBJECT Driver)
{
    VF_SLOT *Slot = VfpFindDriver(Driver);
    ULONG Flags, Count;

    if (Slot == NULL)
        return;
    Flags = __atomic_load_n(&Slot->Flags, __ATOMIC_RELAXED);
    Count = __atomic_load_n(&VfpUnloadCheckCount, __ATOMIC_ACQUIRE);
    for (ULONG i = 0; i < Count; i++)
        VfpUnloadChecks[i](Driver, Flags, Slot->CodeLow, Slot->CodeHigh);
}

VOID VfDriverDeleted(PDRIVER_OBJECT Driver)
{
    KIRQL OldIrql;
    VF_SLOT *Slot;

    if (VfGlobalFlags == 0)
        return;
    KeAcquireSpinLock(&VfpTableLock, &OldIrql);
    Slot = VfpFindDriver(Driver);
    if (Slot != NULL) {
        __atomic_store_n(&Slot->Flags, 0, __ATOMIC_RELEASE);
        __atomic_store_n(&Slot->Driver, NULL, __ATOMIC_RELAXED);
        __atomic_store_n(&Slot->Image, NULL, __ATOMIC_RELAXED);
        VfpRecomputeGlobalFlags();
    }
    KeReleaseSpinLock(&VfpTableLock, OldIrql);
}

VOID VfRegisterUnloadCheck(PVF_UNLOAD_CHECK Check)
{
    KIRQL OldIrql;

    KeAcquireSpinLock(&VfpTableLock, &OldIrql);
    for (ULONG i = 0; i < VfpUnloadCheckCount; i++) {
        if (VfpUnloadChecks[i] == Check) {
            KeReleaseSpinLock(&VfpTableLock, OldIrql);
            return;
        }
    }
    if (VfpUnloadCheckCount < VF_MAX_UNLOAD_CHECKS) {
        VfpUnloadChecks[VfpUnloadCheckCount] = Check;
        __atomic_store_n(&VfpUnloadCheckCount, VfpUnloadCheckCount + 1, __ATOMIC_RELEASE);
    }
    KeReleaseSpinLock(&VfpTableLock, OldIrql);
}

VOID VfEnumerateDrivers(PVF_DRIVER_CALLBACK Callback, PVOID Context)
{
    for (ULONG i = 0; i < VF_MAX_DRIVERS; i++) {
        VF_DRIVER_INFO Info;
        VF_SLOT *Slot = &VfpSlots[i];
        Info.Flags = __atomic_load_n(&Slot->Flags, __ATOMIC_ACQUIRE);
        if (Info.Flags == 0)
            continue;
        Info.Driver = __atomic_load_n(&Slot->Driver, __ATOMIC_RELAXED);
        Info.CodeLow = __atomic_load_n(&Slot->CodeLow, __ATOMIC_RELAXED);
        Info.CodeHigh = __atomic_load_n(&Slot->CodeHigh, __ATOMIC_RELAXED);
        memcpy(Info.Name, Slot->Name, sizeof(Info.Name));
        if (!Callback(&Info, Context))
            return;
    }
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * <= DISPATCH_LEVEL. Nonzero when DriverObject is verified.
 */
LOGICAL NTAPI MmIsDriverVerifying(PDRIVER_OBJECT DriverObject)
{
    return VfDriverFlags(DriverObject) != 0;
}

/*
 * @implemented
 * <= DISPATCH_LEVEL. Nonzero when AddressWithinSection lies in a verified driver's image.
 */
LOGICAL NTAPI MmIsDriverVerifyingByAddress(PVOID AddressWithinSection)
{
    return VfAddressFlags(AddressWithinSection) != 0;
}

/*
 * @implemented
 * PASSIVE_LEVEL (reads the settings) or any IRQL (the settings read last).
 * STATUS_SUCCESS with the verifier flags when the verifier is configured, whether or not a
 * verified driver is loaded; STATUS_NOT_SUPPORTED when it is off.
 */
NTSTATUS NTAPI MmIsVerifierEnabled(PULONG VerifierFlags)
{
    ULONG Flags = __atomic_load_n(&VfpLastSettingsFlags, __ATOMIC_RELAXED);

    if (KeGetCurrentIrql() == PASSIVE_LEVEL) {
        VF_SETTINGS Settings;
        VfQuerySettings(&Settings);
        Flags = Settings.Flags;
    } else if (Flags == ~0U) {
        Flags = 0;
    }
    if (Flags == 0)
        return STATUS_NOT_SUPPORTED;
    *VerifierFlags = Flags;
    return STATUS_SUCCESS;
}
