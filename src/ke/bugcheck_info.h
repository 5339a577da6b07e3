/*
 * PURPOSE: Per-code knowledge the bugcheck report prints: what each of the four parameters
 * means for a given code (and subcode), and a plain-language explanation of the likely bug.
 * Private to src/ke (bugcheck.c and bugcheck_info.c).
 */
#ifndef _KMODE_KE_BUGCHECK_INFO_H_
#define _KMODE_KE_BUGCHECK_INFO_H_

#include <ntdef.h>

typedef struct _KI_BUGCHECK_DESCRIPTION {
    const char *Summary;        /* what the code means, one sentence; NULL if not described */
    const char *Args[4];        /* meaning of Arg1..Arg4; NULL when nothing is known */
    const char *Explanation;    /* likely bug and typical causes; NULL when none applies */
    char Scratch[4][192];       /* storage for argument texts composed from the values */
} KI_BUGCHECK_DESCRIPTION;

/* Fills Description for Code with the given parameters. Never fails: unknown codes get
   NULL fields. */
VOID KiDescribeBugCheck(ULONG Code, const ULONG_PTR Args[4],
                        KI_BUGCHECK_DESCRIPTION *Description);

/* "FAST_FAIL_CORRUPT_LIST_ENTRY" for 3, or NULL (Arg1 of KERNEL_SECURITY_CHECK_FAILURE). */
const char *KiFastFailName(ULONG_PTR Code);

/* "STATUS_ACCESS_VIOLATION" for the exception codes a bugcheck commonly carries, or NULL. */
const char *KiExceptionCodeName(ULONG_PTR Code);

/* ---- Shared by the report's parts (bugcheck.c, bugcheck_locks.c, bugcheck_irp.c,
   bugcheck_json.c). All run on the bugchecking thread: no locks, no allocation. */

struct _HOST_SYMBOL;

/* A text being built in a fixed buffer (KI_REPORT, KiReportAppend). */
#include <internal/kireport.h>

/* Text as a JSON string literal (quotes and escapes included); NULL gives null. */
VOID KiReportJsonString(KI_REPORT *Report, const char *Text);

/* Copies Size bytes from Source when every byte is readable (mapped, and not poisoned
   for AddressSanitizer); FALSE (Dest untouched) otherwise. Never faults. */
BOOLEAN KiReadMemory(PVOID Dest, const VOID *Source, SIZE_T Size);

/* "module!function+0xoff [file @ line]" for Address, as the report prints code addresses;
   a return address is looked up at Address - 1. Without WithLine, the short form !irp
   prints routines in: no line, and no "+0x0" for a function's own address. */
VOID KiAppendSymbol(KI_REPORT *Report, PVOID Address, BOOLEAN IsReturnAddress, BOOLEAN WithLine);

/* The locks the current thread holds, checked against the locks themselves
   (src/include/internal/kilocks.h), then its kernel mutexes. Returns how many were
   written to Locks (at most Max). */
typedef struct _KI_REPORTED_LOCK {
    PVOID Lock;
    PVOID Caller;          /* acquirer's return address, NULL when unknown (kernel mutexes) */
    ULONG Kind;            /* KI_LOCK_*, or KI_LOCK_KERNEL_MUTEX */
} KI_REPORTED_LOCK;

#define KI_LOCK_KERNEL_MUTEX 100
#define KI_REPORT_MAX_LOCKS  24

ULONG KiCollectHeldLocks(KI_REPORTED_LOCK *Locks, ULONG Max);

/* "KSPIN_LOCK", "FAST_MUTEX", "ERESOURCE (exclusive)", ... */
const char *KiLockKindName(ULONG Kind);

/* Appends the LOCKS_HELD section for Locks (nothing when Count is 0). */
VOID KiAppendLocksText(KI_REPORT *Report, const KI_REPORTED_LOCK *Locks, ULONG Count);

/* The IRP the report is about: KiSetBugCheckIrp's hint, else the I/O manager's active IRP
   on this thread, else NULL. Clears the hint. */
struct _IRP *KiTakeReportIrp(VOID);

/* The IRP section: device and driver, then the IRP decoded as WinDbg's !irp prints it. */
VOID KiAppendIrpText(KI_REPORT *Report, struct _IRP *Irp);

/* The same as a JSON object (or null). */
VOID KiAppendIrpJson(KI_REPORT *Report, struct _IRP *Irp);

/* Everything one bugcheck's report says, gathered once for the text and the JSON. */
#define KI_CRASH_MAX_FRAMES 64
#define KI_CRASH_PRINTED_FRAMES 32

typedef struct _KI_CRASH {
    ULONG Code;
    ULONG_PTR Args[4];
    const char *Name;                  /* NULL for codes bugcodes.h does not have */
    KI_BUGCHECK_DESCRIPTION Desc;
    const char *DetectorExplanation;   /* the detector's own sentence, or NULL */
    PVOID CallerPc;
    BOOLEAN CallerPcIsExact;
    BOOLEAN HaveSymbol;                /* Symbol describes CallerPc */
    UCHAR Irql;
    const char *ImageName;             /* "foo.sys": the faulting driver image, or NULL */
    PVOID ImageAddress;                /* the address in it that was blamed */
    char ImageNameBuffer[128];
    PVOID *Frames;                     /* the stack printed: Frames[0..FrameCount) */
    ULONG FrameCount;
    BOOLEAN FramesFromException;       /* the stack recorded when the exception was raised */
    PVOID FrameStorage[KI_CRASH_MAX_FRAMES];
    KI_REPORTED_LOCK Locks[KI_REPORT_MAX_LOCKS];
    ULONG LockCount;
    struct _IRP *Irp;
    struct {
        const char *ModulePath, *ModuleName, *Function, *File;
        ULONG_PTR Offset;
        int Line;
    } Symbol;
} KI_CRASH;

/* The JSON copy of the report (the crash dump file's content). */
VOID KiFormatCrashJson(KI_REPORT *Report, const KI_CRASH *Crash);

#endif
