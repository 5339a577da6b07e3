/*
 * PURPOSE: DbgPrint family: MS-format messages, filtered by component and level exactly as
 * Windows filters them, written to stderr with the calling driver's name.
 *
 * Filtering (Windows, "Reading and Filtering Debugging Messages"): a Level of 0..31 is the
 * bit 1 << Level, a larger Level is a mask; the message is sent when those bits meet the
 * component's mask or the system-wide WIN2000 mask. Defaults (Vista and later): component
 * masks 0, WIN2000 0x1 - only DPFLTR_ERROR_LEVEL gets through, DbgPrint (DEFAULT, INFO)
 * does not.
 *
 * The masks are set at boot from the REG_DWORD values of HKLM\SYSTEM\CurrentControlSet\
 * Control\Session Manager\Debug Print Filter (value names are component names: DEFAULT,
 * IHVDRIVER, ..., and WIN2000), as Windows sets them. kmode's "boot" is the first filter
 * decision, so a .reg file seeded at start-up (KMODE_REGISTRY) drives them; a later change
 * of the key needs DbgSetDebugFilterState, as on Windows, except that KmodeRegistryImport
 * reads the key again (it stands for configuring the machine). KMODE_DEBUG_PRINT_FILTER
 * is applied after the registry and wins over it.
 */

/* INCLUDES ******************************************************************************/

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <internal/cm.h>
#include <internal/kd.h>
#include <internal/fmt.h>
#include <internal/host.h>

/* GLOBALS *******************************************************************************/

#define N(x) [DPFLTR_##x##_ID] = #x
/* Registry value names of the component masks, indexed by component id. */
static const char *const KdpComponentNames[DPFLTR_ENDOFTABLE_ID] = {
    N(SYSTEM), N(SMSS), N(SETUP), N(NTFS), N(FSTUB), N(CRASHDUMP), N(CDAUDIO), N(CDROM),
    N(CLASSPNP), N(DISK), N(REDBOOK), N(STORPROP), N(SCSIPORT), N(SCSIMINIPORT), N(CONFIG),
    N(I8042PRT), N(SERMOUSE), N(LSERMOUS), N(KBDHID), N(MOUHID), N(KBDCLASS), N(MOUCLASS),
    N(TWOTRACK), N(WMILIB), N(ACPI), N(AMLI), N(HALIA64), N(VIDEO), N(SVCHOST), N(VIDEOPRT),
    N(TCPIP), N(DMSYNTH), N(NTOSPNP), N(FASTFAT), N(SAMSS), N(PNPMGR), N(NETAPI), N(SCSERVER),
    N(SCCLIENT), N(SERIAL), N(SERENUM), N(UHCD), N(RPCPROXY), N(AUTOCHK), N(DCOMSS),
    N(UNIMODEM), N(SIS), N(FLTMGR), N(WMICORE), N(BURNENG), N(IMAPI), N(SXS), N(FUSION),
    N(IDLETASK), N(SOFTPCI), N(TAPE), N(MCHGR), N(IDEP), N(PCIIDE), N(FLOPPY), N(FDC),
    N(TERMSRV), N(W32TIME), N(PREFETCHER), N(RSFILTER), N(FCPORT), N(PCI), N(DMIO),
    N(DMCONFIG), N(DMADMIN), N(WSOCKTRANSPORT), N(VSS), N(PNPMEM), N(PROCESSOR), N(DMSERVER),
    N(SR), N(INFINIBAND), N(IHVDRIVER), N(IHVVIDEO), N(IHVAUDIO), N(IHVNETWORK),
    N(IHVSTREAMING), N(IHVBUS), N(HPS), N(RTLTHREADPOOL), N(LDR), N(TCPIP6), N(ISAPNP),
    N(SHPC), N(STORPORT), N(STORMINIPORT), N(PRINTSPOOLER), N(VSSDYNDISK), N(VERIFIER),
    N(VDS), N(VDSBAS), N(VDSDYN), N(VDSDYNDR), N(VDSLDR), N(VDSUTIL), N(DFRGIFC), N(DEFAULT),
    N(MM), N(DFSC), N(WOW64), N(ALPC), N(WDI), N(PERFLIB), N(KTM), N(IOSTRESS), N(HEAP),
    N(WHEA), N(USERGDI), N(MMCSS), N(TPM), N(THREADORDER), N(ENVIRON), N(EMS), N(WDT),
    N(FVEVOL), N(NDIS), N(NVCTRACE), N(LUAFV), N(APPCOMPAT), N(USBSTOR), N(SBP2PORT),
    N(COVERAGE), N(CACHEMGR), N(MOUNTMGR), N(CFR), N(TXF), N(KSECDD), N(FLTREGRESS), N(MPIO),
    N(MSDSM), N(UDFS), N(PSHED), N(STORVSP), N(LSASS), N(SSPICLI), N(CNG), N(EXFAT),
    N(FILETRACE), N(XSAVE), N(SE), N(DRIVEEXTENDER), N(POWER), N(CRASHDUMPXHCI), N(GPIO),
    N(REFS), N(WER), N(CAPIMG), N(VPCI), N(STORAGECLASSMEMORY), N(FSLIB),
};
#undef N

#define KDP_WIN2000_DEFAULT 0x1

/* Masks: [0, DPFLTR_ENDOFTABLE_ID) components, [DPFLTR_ENDOFTABLE_ID] WIN2000. Accessed
   with relaxed atomics: any thread may print while another changes a mask. */
static ULONG KdpMasks[DPFLTR_ENDOFTABLE_ID + 1];
static int KdpFilterState;          /* 0 not loaded, 1 loading, 2 loaded */

/* Per thread: the last message of this thread did not end its line. */
static __thread BOOLEAN KdpMidLine;

/* PRIVATE FUNCTIONS *********************************************************************/

static void KdpEnsureFilterLoaded(void)
{
    int expected = 0;
    if (__atomic_load_n(&KdpFilterState, __ATOMIC_ACQUIRE) == 2)
        return;
    if (__atomic_compare_exchange_n(&KdpFilterState, &expected, 1, FALSE, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE)) {
        KdpLoadDebugPrintFilter(NULL);
        return;
    }
    while (__atomic_load_n(&KdpFilterState, __ATOMIC_ACQUIRE) != 2)
        ;   /* another thread is parsing the variable (microseconds, once per process) */
}

/* Maps ComponentId to its mask slot; -1 (the value DbgPrint itself once used) is DEFAULT. */
static BOOLEAN KdpMaskIndex(ULONG ComponentId, ULONG *Index)
{
    if (ComponentId < DPFLTR_ENDOFTABLE_ID)
        *Index = ComponentId;
    else if (ComponentId == (ULONG)-1)
        *Index = DPFLTR_DEFAULT_ID;
    else
        return FALSE;
    return TRUE;
}

/* Level 0..31 is one bit; a larger Level is a mask whose DPFLTR_MASK flag is not a level. */
static ULONG KdpLevelBits(ULONG Level)
{
    return Level < 32 ? 1u << Level : Level & ~(ULONG)DPFLTR_MASK;
}

static int KdpCompareNoCase(const char *a, const char *b, SIZE_T n)
{
    for (SIZE_T i = 0; i < n; i++) {
        int ca = (a[i] >= 'a' && a[i] <= 'z') ? a[i] - 32 : a[i];
        int cb = (b[i] >= 'a' && b[i] <= 'z') ? b[i] - 32 : b[i];
        if (ca != cb || !cb)
            return 1;
    }
    return b[n] != 0;
}

static void KdpReportBadFilterEntry(const char *Entry, SIZE_T Length, const char *Why)
{
    char Line[256];
    int n = snprintf(Line, sizeof Line, "kmode: KMODE_DEBUG_PRINT_FILTER: %s \"%.*s\" ignored\n",
                     Why, (int)(Length > 64 ? 64 : Length), Entry);
    if (n > 0)
        HostWriteStderr(Line, (SIZE_T)n < sizeof Line ? (SIZE_T)n : sizeof Line - 1);
}

/* One value of the Debug Print Filter key: a REG_DWORD named after a component. Windows
   reads the masks as DWORDs; values of another type or an unknown name are ignored. */
static VOID KdpApplyFilterValue(PVOID Context, PCUNICODE_STRING Name, ULONG Type, const VOID *Data,
                                ULONG Length)
{
    char ascii[32];
    SIZE_T chars = Name->Length / sizeof(WCHAR);
    ULONG id, mask;

    if (Type != REG_DWORD || Length != sizeof(ULONG) || chars == 0 || chars >= sizeof ascii)
        return;
    for (SIZE_T i = 0; i < chars; i++) {
        if (Name->Buffer[i] == 0 || Name->Buffer[i] >= 0x80)
            return;
        ascii[i] = (char)Name->Buffer[i];
    }
    ascii[chars] = 0;
    id = KdpComponentIdFromName(ascii, chars);
    if (id == (ULONG)-1)
        return;
    memcpy(&mask, Data, sizeof mask);
    __atomic_store_n(&KdpMasks[id], mask, __ATOMIC_RELAXED);
    (*(ULONG *)Context)++;
}

static ULONG KdpReadRegistryFilter(void)
{
    ULONG applied = 0;
    CmpForEachValue(KD_DEBUG_PRINT_FILTER_KEY, KdpApplyFilterValue, &applied);
    return applied;
}

/* The driver's name for the prefix: the calling module's file name without extension. */
static SIZE_T KdpCallerName(PVOID CallerPc, char *Name, SIZE_T Capacity)
{
    HOST_SYMBOL Symbol;
    const char *Module = "unknown", *Dot;
    SIZE_T Length;

    if (HostSymbolize(CallerPc, &Symbol) && Symbol.ModuleName && Symbol.ModuleName[0])
        Module = Symbol.ModuleName;
    Length = strlen(Module);
    Dot = strrchr(Module, '.');
    if (Dot && Dot != Module)
        Length = (SIZE_T)(Dot - Module);
    if (Length > Capacity)
        Length = Capacity;
    memcpy(Name, Module, Length);
    return Length;
}

/*
 * The one print path. Formats Prefix + message into Windows' 512-byte buffer, then writes
 * it with "[driver] " at the start of every line (but not where the thread's previous
 * message left a line open), in one write.
 */
static ULONG KdpPrint(PVOID CallerPc, PCCH Prefix, ULONG ComponentId, ULONG Level, PCCH Format,
                      va_list Args)
{
    CHAR Message[KD_PRINT_MAXIMUM_LENGTH];
    CHAR Name[64];
    CHAR Stack[2048];
    CHAR *Out = Stack;
    SIZE_T PrefixLength = 0, Length, NameLength, Lines = 1, Size, o = 0;
    LONG_PTR n;

    if (!Format)
        return (ULONG)STATUS_INVALID_PARAMETER;
    if (DbgQueryDebugFilterState(ComponentId, Level) != (NTSTATUS)TRUE)
        return STATUS_SUCCESS;   /* filtered out (or unknown component): nothing is sent */

    if (Prefix) {
        PrefixLength = strlen(Prefix);
        if (PrefixLength > sizeof Message)
            PrefixLength = sizeof Message;
        memcpy(Message, Prefix, PrefixLength);
    }
    /* Unicode conversions are PASSIVE_LEVEL-only on Windows; kmode has no IRQL yet. */
    n = KmFormatA(Message + PrefixLength, sizeof Message - PrefixLength, Format, Args);
    if (n < 0)
        return (ULONG)STATUS_INVALID_PARAMETER;
    Length = PrefixLength + (SIZE_T)n;
    if (Length > sizeof Message) {
        /* Windows keeps 512 bytes and turns the last one into a newline. */
        Length = sizeof Message;
        Message[Length - 1] = '\n';
    }
    if (Length == 0)
        return STATUS_SUCCESS;

    NameLength = KdpCallerName(CallerPc, Name, sizeof Name);
    for (SIZE_T i = 0; i + 1 < Length; i++)
        Lines += (Message[i] == '\n');
    Size = Length + Lines * (NameLength + 3);
    if (Size > sizeof Stack) {
        Out = malloc(Size);
        if (!Out)
            return (ULONG)STATUS_NO_MEMORY;
    }
    for (SIZE_T i = 0; i < Length; i++) {
        if (!KdpMidLine) {
            Out[o++] = '[';
            memcpy(Out + o, Name, NameLength);
            o += NameLength;
            Out[o++] = ']';
            Out[o++] = ' ';
        }
        Out[o++] = Message[i];
        KdpMidLine = (Message[i] != '\n');
    }
    HostWriteStderr(Out, o);
    if (Out != Stack)
        free(Out);
    return STATUS_SUCCESS;
}

/* PUBLIC FUNCTIONS **********************************************************************/

ULONG KdpComponentIdFromName(const char *Name, SIZE_T Length)
{
    if (KdpCompareNoCase(Name, "WIN2000", Length) == 0)
        return KD_WIN2000_MASK_ID;
    for (ULONG i = 0; i < DPFLTR_ENDOFTABLE_ID; i++)
        if (KdpCompareNoCase(Name, KdpComponentNames[i], Length) == 0)
            return i;
    return (ULONG)-1;
}

NTSTATUS KdpSetComponentMask(ULONG ComponentId, ULONG Mask)
{
    if (ComponentId > KD_WIN2000_MASK_ID)
        return STATUS_INVALID_PARAMETER_1;
    KdpEnsureFilterLoaded();
    __atomic_store_n(&KdpMasks[ComponentId], Mask, __ATOMIC_RELAXED);
    return STATUS_SUCCESS;
}

ULONG KdpQueryComponentMask(ULONG ComponentId)
{
    if (ComponentId > KD_WIN2000_MASK_ID)
        return 0;
    KdpEnsureFilterLoaded();
    return __atomic_load_n(&KdpMasks[ComponentId], __ATOMIC_RELAXED);
}

ULONG KdpLoadDebugPrintFilter(const char *Spec)
{
    ULONG Applied = 0;
    const char *p;

    for (ULONG i = 0; i < DPFLTR_ENDOFTABLE_ID; i++)
        __atomic_store_n(&KdpMasks[i], 0, __ATOMIC_RELAXED);
    __atomic_store_n(&KdpMasks[KD_WIN2000_MASK_ID], KDP_WIN2000_DEFAULT, __ATOMIC_RELAXED);
    Applied += KdpReadRegistryFilter();
    if (!Spec)
        Spec = HostGetEnvironment("KMODE_DEBUG_PRINT_FILTER");

    for (p = Spec; p && *p;) {
        const char *Entry, *Equals, *End;
        SIZE_T NameLength;
        ULONG Id;
        char *ValueEnd;
        unsigned long long Value;

        while (*p == ',' || *p == ';' || *p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        Entry = p;
        while (*p && *p != ',' && *p != ';')
            p++;
        End = p;
        Equals = memchr(Entry, '=', (SIZE_T)(End - Entry));
        if (!Equals) {
            KdpReportBadFilterEntry(Entry, (SIZE_T)(End - Entry), "entry without '='");
            continue;
        }
        NameLength = (SIZE_T)(Equals - Entry);
        while (NameLength && (Entry[NameLength - 1] == ' ' || Entry[NameLength - 1] == '\t'))
            NameLength--;
        Id = KdpComponentIdFromName(Entry, NameLength);
        if (Id == (ULONG)-1) {
            KdpReportBadFilterEntry(Entry, (SIZE_T)(End - Entry), "unknown component");
            continue;
        }
        Value = strtoull(Equals + 1, &ValueEnd, 0);
        while (ValueEnd < End && (*ValueEnd == ' ' || *ValueEnd == '\t'))
            ValueEnd++;
        if (ValueEnd == Equals + 1 || ValueEnd != End || Value > 0xFFFFFFFFULL) {
            KdpReportBadFilterEntry(Entry, (SIZE_T)(End - Entry), "bad mask value");
            continue;
        }
        __atomic_store_n(&KdpMasks[Id], (ULONG)Value, __ATOMIC_RELAXED);
        Applied++;
    }
    __atomic_store_n(&KdpFilterState, 2, __ATOMIC_RELEASE);
    return Applied;
}

ULONG KdpApplyRegistryDebugPrintFilter(void)
{
    /* Not loaded yet: the first decision reads the key anyway. */
    if (__atomic_load_n(&KdpFilterState, __ATOMIC_ACQUIRE) != 2)
        return 0;
    return KdpReadRegistryFilter();
}

/*
 * DbgQueryDebugFilterState. @implemented, any IRQL.
 * Returns (NTSTATUS)TRUE / FALSE, or STATUS_INVALID_PARAMETER_1 for an unknown component.
 */
NTSTATUS NTAPI DbgQueryDebugFilterState(ULONG ComponentId, ULONG Level)
{
    ULONG Index, Bits = KdpLevelBits(Level);

    if (!KdpMaskIndex(ComponentId, &Index))
        return STATUS_INVALID_PARAMETER_1;
    KdpEnsureFilterLoaded();
    if (Bits & (__atomic_load_n(&KdpMasks[Index], __ATOMIC_RELAXED) |
                __atomic_load_n(&KdpMasks[KD_WIN2000_MASK_ID], __ATOMIC_RELAXED)))
        return (NTSTATUS)TRUE;
    return (NTSTATUS)FALSE;
}

/*
 * DbgSetDebugFilterState. @implemented, any IRQL.
 * Sets (State TRUE) or clears the Level bits of the component's mask.
 * Returns STATUS_SUCCESS or STATUS_INVALID_PARAMETER_1.
 */
NTSTATUS NTAPI DbgSetDebugFilterState(ULONG ComponentId, ULONG Level, BOOLEAN State)
{
    ULONG Index, Bits = KdpLevelBits(Level);

    if (!KdpMaskIndex(ComponentId, &Index))
        return STATUS_INVALID_PARAMETER_1;
    KdpEnsureFilterLoaded();
    if (State)
        __atomic_fetch_or(&KdpMasks[Index], Bits, __ATOMIC_RELAXED);
    else
        __atomic_fetch_and(&KdpMasks[Index], ~Bits, __ATOMIC_RELAXED);
    return STATUS_SUCCESS;
}

/*
 * vDbgPrintExWithPrefix. @implemented, IRQL <= DIRQL.
 * Prefix is copied in front of the message and counts toward the 512 bytes.
 * Returns STATUS_SUCCESS (also when filtered), STATUS_INVALID_PARAMETER for a bad format.
 */
DECLSPEC_NOINLINE ULONG NTAPI vDbgPrintExWithPrefix(PCCH Prefix, ULONG ComponentId, ULONG Level,
                                                    PCCH Format, va_list arglist)
{
    return KdpPrint(__builtin_return_address(0), Prefix, ComponentId, Level, Format, arglist);
}

/* vDbgPrintEx. @implemented, IRQL <= DIRQL. Returns as vDbgPrintExWithPrefix. */
DECLSPEC_NOINLINE ULONG NTAPI vDbgPrintEx(ULONG ComponentId, ULONG Level, PCCH Format, va_list arglist)
{
    return KdpPrint(__builtin_return_address(0), NULL, ComponentId, Level, Format, arglist);
}

/* DbgPrintEx. @implemented, IRQL <= DIRQL. Returns as vDbgPrintExWithPrefix. */
DECLSPEC_NOINLINE ULONG __cdecl DbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, ...)
{
    ULONG Status;
    va_list Args;
    va_start(Args, Format);
    Status = KdpPrint(__builtin_return_address(0), NULL, ComponentId, Level, Format, Args);
    va_end(Args);
    return Status;
}

/* DbgPrint. @implemented, IRQL <= DIRQL. DbgPrintEx(DPFLTR_DEFAULT_ID, DPFLTR_INFO_LEVEL, ...). */
DECLSPEC_NOINLINE ULONG __cdecl DbgPrint(PCSTR Format, ...)
{
    ULONG Status;
    va_list Args;
    va_start(Args, Format);
    Status = KdpPrint(__builtin_return_address(0), NULL, DPFLTR_DEFAULT_ID, DPFLTR_INFO_LEVEL,
                      Format, Args);
    va_end(Args);
    return Status;
}

/* DbgPrintReturnControlC. @implemented, IRQL <= DIRQL. Prints like DbgPrint; without a
   kernel debugger nobody can press Ctrl+C, so STATUS_BREAKPOINT is never returned. */
DECLSPEC_NOINLINE ULONG __cdecl DbgPrintReturnControlC(PCCH Format, ...)
{
    ULONG Status;
    va_list Args;
    va_start(Args, Format);
    Status = KdpPrint(__builtin_return_address(0), NULL, DPFLTR_DEFAULT_ID, DPFLTR_INFO_LEVEL,
                      Format, Args);
    va_end(Args);
    return Status;
}
