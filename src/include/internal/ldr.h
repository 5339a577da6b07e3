/*
 * PURPOSE: The driver loader's internal interface: system images (src/mm/sysload.c: mapping
 * a .sys, the loaded-module list, the export table MmGetSystemRoutineAddress searches) and
 * driver services (src/io/loaddrv.c: ZwLoadDriver / ZwUnloadDriver). See docs/toolchain.md.
 */
#ifndef _KMODE_INTERNAL_LDR_H_
#define _KMODE_INTERNAL_LDR_H_

#include <ntddk.h>
#include <internal/host.h>

/* ===== System images (src/mm/sysload.c) ================================================ */

/*
 * The head of every loaded image's record, laid out as Windows x64's KLDR_DATA_TABLE_ENTRY:
 * DRIVER_OBJECT::DriverSection points at it and some drivers read DllBase, SizeOfImage,
 * FullDllName and BaseDllName (or set Flags) through it. InLoadOrderLinks chains the loaded
 * images; EntryPoint is DriverEntry; Flags start at 0.
 */
typedef struct _KLDR_DATA_TABLE_ENTRY {
    LIST_ENTRY InLoadOrderLinks;           /* 0x00 */
    PVOID ExceptionTable;                  /* 0x10 */
    ULONG ExceptionTableSize;              /* 0x18 */
    PVOID GpValue;                         /* 0x20 */
    PVOID NonPagedDebugInfo;               /* 0x28 */
    PVOID DllBase;                         /* 0x30 */
    PVOID EntryPoint;                      /* 0x38 */
    ULONG SizeOfImage;                     /* 0x40 */
    UNICODE_STRING FullDllName;            /* 0x48 */
    UNICODE_STRING BaseDllName;            /* 0x58 */
    ULONG Flags;                           /* 0x68 */
    USHORT LoadCount;                      /* 0x6C */
    USHORT SignatureInfo;                  /* 0x6E */
    PVOID SectionPointer;                  /* 0x70 */
    ULONG CheckSum;                        /* 0x78 */
    ULONG CoverageSectionSize;             /* 0x7C */
    PVOID CoverageSection;                 /* 0x80 */
    PVOID LoadedImports;                   /* 0x88 */
    PVOID Spare;                           /* 0x90 */
    ULONG SizeOfImageNotRounded;           /* 0x98 */
    ULONG TimeDateStamp;                   /* 0x9C */
} KLDR_DATA_TABLE_ENTRY, *PKLDR_DATA_TABLE_ENTRY;

/* A loaded image: the Windows-shaped entry, then kmode's own part. */
typedef struct _MMP_IMAGE {
    KLDR_DATA_TABLE_ENTRY Entry;           /* first: the DriverSection drivers see */
    HOST_IMAGE Host;
    char *HostPath;                        /* canonical Linux path of the file (pool) */
} MMP_IMAGE, *PMMP_IMAGE;

/*
 * Maps the driver image at HostPath (ImageName is its NT name, kept as FullDllName; the
 * last component is BaseDllName) and finds its DriverEntry (Entry.EntryPoint).
 * PASSIVE_LEVEL. Errors (a message naming the cause goes to stderr for the load failures a
 * developer must fix):
 *   STATUS_IMAGE_ALREADY_LOADED       the file, or another of the same base name, is loaded
 *   STATUS_OBJECT_NAME_NOT_FOUND      no such file
 *   STATUS_FILE_IS_A_DIRECTORY, STATUS_ACCESS_DENIED
 *   STATUS_INVALID_IMAGE_NOT_MZ       not an executable image at all
 *   STATUS_INVALID_IMAGE_FORMAT       a PE file, or ELF but not an x86-64 shared object
 *   STATUS_DRIVER_ENTRYPOINT_NOT_FOUND imports a DDI kmode does not provide (each is named),
 *                                     or defines no DriverEntry
 *   STATUS_DLL_NOT_FOUND              needs a shared library that is missing
 *   STATUS_DRIVER_UNABLE_TO_LOAD      the dynamic loader refused it for another reason
 *   STATUS_INSUFFICIENT_RESOURCES
 */
NTSTATUS MmpLoadSystemImage(_In_ PCUNICODE_STRING ImageName, _In_z_ const char *HostPath,
                            _Out_ PMMP_IMAGE *Image);

/* Leaves the loaded-module list and unmaps the image. PASSIVE_LEVEL. */
VOID MmpUnloadSystemImage(_In_ PMMP_IMAGE Image);

/* Number of images loaded now (tests). */
ULONG MmpLoadedImageCount(VOID);

/* ---- Pageable driver code (src/mm/mmmisc.c; docs/verifier.md, force IRQL checking) ---- */

/* Records a loaded image's code and pageable sections (PAGE*: HOST_IMAGE.Sections) for
   MmLockPagable*Section, MmPageEntireDriver and trimming; MmpLoadSystemImage calls it before
   DriverEntry. Forget makes them resident again and drops them (at unload). PASSIVE_LEVEL. */
VOID MmpRegisterImageSections(_In_ PMMP_IMAGE Image);
VOID MmpForgetImageSections(_In_ PMMP_IMAGE Image);

/* DriverEntry succeeded: the image's INIT sections become inaccessible, as Windows frees
   them; running (or touching) code there afterwards is bugcheck 0x50 PAGE_FAULT_IN_NONPAGED_
   AREA (address, 0x10 for execute, faulting address, 0). No-op for an address outside a
   loaded .sys. PASSIVE_LEVEL. */
VOID MmpDiscardInitSections(_In_ PVOID AddressInImage);

/* Force IRQL checking's trim (VfForceIrqlTrim): pages out every driver image's pageable
   code that is not locked - its PAGE* sections, all its code after MmPageEntireDriver -
   as Windows trims all pageable system memory. One load when nothing is resident. */
VOID MmpTrimPageableSections(VOID);

/* The fault handler's hook (KiResolveHostFault): an access (0 read, 1 write, 8 execute) to
   Address by the instruction at FaultPc. In code trimmed out: below DISPATCH_LEVEL it is
   paged back in and TRUE returned (run the access again); at or above, bugcheck 0xD1
   DRIVER_IRQL_NOT_LESS_OR_EQUAL (0xA IRQL_NOT_LESS_OR_EQUAL when the faulting code is not a
   driver's) with (Address, IRQL, access, FaultPc). FALSE: not pageable code's fault. */
BOOLEAN MmpPageableCodeFault(_In_ ULONG_PTR Address, _In_ ULONG_PTR Access, _In_ PVOID FaultPc);

/* One entry of the export table (generated at build time by cmake/kmode-exports.cmake:
   every runtime symbol a public kernel header names), sorted by Name (strcmp). */
typedef struct _MMP_EXPORT {
    const char *Name;
    PVOID Address;
} MMP_EXPORT;

extern const MMP_EXPORT MmpExportTable[];
extern const ULONG MmpExportCount;

/* ===== Driver services (src/io/loaddrv.c) ================================================ */

/* Test hook: with TRUE, ZwLoadDriver/ZwUnloadDriver always hand the work to a system worker
   thread, as they do for a caller outside the System process. */
VOID IopSetLoadThroughWorkerForTest(_In_ BOOLEAN Always);

#endif /* _KMODE_INTERNAL_LDR_H_ */
