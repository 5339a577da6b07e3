/*
 * PURPOSE: KeBugCheck/KeBugCheckEx, the bugcheck report, and the bugcheck catch API for
 * test harnesses.
 *
 * Every bugcheck in kmode goes through KipBugCheck: it writes the report (modelled on
 * WinDbg's "!analyze -v", format in docs/bugcheck.md) to a per-thread buffer, prints it to
 * stderr in one write, and then either ends the process with KMODE_BUGCHECK_EXIT_STATUS or,
 * under KmodeCatchBugCheck, returns control to the catcher.
 */

/* INCLUDES ******************************************************************************/

#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <internal/ke.h>
#include <internal/host.h>
#include <internal/rtl.h>
#include <internal/seh.h>
#include <internal/kilocks.h>
#include <internal/vfhooks.h>
#include "bugcheck_info.h"

#if defined(__SANITIZE_ADDRESS__)
#define KI_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KI_ASAN 1
#endif
#endif
#ifndef KI_ASAN
#define KI_ASAN 0
#else
#include <sanitizer/asan_interface.h>
#endif

/* GLOBALS *******************************************************************************/

KI_TLS KI_THREAD_STATE KiThreadState;

PKI_BUGCHECK_REPORT_HOOK KiBugCheckIrqlHook;
PKI_BUGCHECK_REPORT_HOOK KiBugCheckLocksHook;
PKI_BUGCHECK_REPORT_HOOK KiBugCheckIrpHook;
PKI_CATCH_STATE_HOOK KiBugCheckCatchStateHook;

/* One catch frame; lives in KmodeCatchBugCheck's stack frame. */
typedef struct _KI_BUGCHECK_CATCH {
    struct _KI_BUGCHECK_CATCH *Previous;
    struct _KMODE_SEH_FRAME *SehChainAtEntry;  /* restored when a bugcheck unwinds to here */
    KIRQL IrqlAtEntry;                         /* likewise (a bugcheck may come at raised IRQL) */
    ULONG64 SehStateAtEntry;                   /* exceptions in flight, active statements */
    ULONG Flags;
    ULONG HeldLocksAtEntry;                    /* KiHeldLocks.Count: locks the abandoned frames
                                                  took leave the record (not the locks) */
    KMODE_BUGCHECK Caught;
    ULONG64 OtherState[KI_CATCH_STATE_SIZE / 8];   /* KiBugCheckCatchStateHook's */
    jmp_buf Jump;
} KI_BUGCHECK_CATCH;

#define KI_REPORT_CAPACITY 65536
#define KI_MAX_STACK_FRAMES 64

static __thread char KiReportBuffer[KI_REPORT_CAPACITY];

/* The stack of the last exception raised on this thread (KiRecordExceptionStack): by the
   time an unhandled exception bugchecks, source-mode SEH has already left the raising
   frames, so the report shows this stack instead of the current one. */
typedef struct _KI_EXCEPTION_STACK {
    PVOID ExceptionAddress;
    ULONG Count;
    PVOID Frames[KI_MAX_STACK_FRAMES];
} KI_EXCEPTION_STACK;

static __thread KI_EXCEPTION_STACK KiExceptionStack;

/* Set by the first thread whose bugcheck is not caught: it alone prints and exits. */
static atomic_flag KiProcessBugChecking = ATOMIC_FLAG_INIT;
static __thread BOOLEAN KiBugCheckExiting;     /* this thread won it */

/* Name of every code in bugcodes.h, sorted by code (generated). */
static const struct {
    ULONG Code;
    const char *Name;
} KiBugCheckNames[] = {
#define KI_BUGCHECK_NAME(code, name) { code, name },
#include "bugcheck_names.h"
#undef KI_BUGCHECK_NAME
};

/* The bugcheck being reported on this thread (too big for the alternate signal stack a
   fault report may run on). */
static __thread KI_CRASH KiCrash;

/* The crash dump (JSON) of the one thread that ends the process. */
#define KI_DUMP_CAPACITY (256 * 1024)
static char KiDumpBuffer[KI_DUMP_CAPACITY];

/* PRIVATE FUNCTIONS *********************************************************************/

static VOID KipAppendHook(KI_REPORT *Report, PKI_BUGCHECK_REPORT_HOOK Hook)
{
    SIZE_T n;

    if (!Hook || Report->Length + 1 >= Report->Capacity)
        return;
    n = Hook(Report->Buffer + Report->Length, Report->Capacity - Report->Length);
    if (n >= Report->Capacity - Report->Length)
        n = Report->Capacity - Report->Length - 1;
    Report->Length += n;
    Report->Buffer[Report->Length] = 0;
    if (n && Report->Buffer[Report->Length - 1] != '\n')
        KiReportAppend(Report, "\n");
}

/* Is this one of kmode's own bugcheck-path functions (not worth showing in STACK_TEXT)? */
static BOOLEAN KipIsBugCheckFrame(const char *Function)
{
    return Function && (strncmp(Function, "KiBugCheck", 10) == 0 ||
                        strncmp(Function, "KipBugCheck", 11) == 0 ||
                        strncmp(Function, "KeBugCheck", 10) == 0 ||
                        strcmp(Function, "KipBuildReport") == 0 ||
                        strcmp(Function, "KipGatherCrash") == 0 ||
                        strcmp(Function, "KipCaptureFrames") == 0 ||
                        strcmp(Function, "KipAppendStack") == 0 ||
                        strcmp(Function, "KiRecordExceptionStack") == 0 ||
                        strcmp(Function, "KiDispatchException") == 0 ||
                        strcmp(Function, "HostCaptureStack") == 0);
}

/* Bugcheck codes whose Arg1 is an exception code and Arg2 the exception's address. */
static BOOLEAN KipIsExceptionBugCheck(ULONG Code)
{
    return Code == KMODE_EXCEPTION_NOT_HANDLED || Code == SYSTEM_THREAD_EXCEPTION_NOT_HANDLED ||
           Code == KERNEL_MODE_EXCEPTION_NOT_HANDLED || Code == SYSTEM_SERVICE_EXCEPTION;
}

/* Is the module at Path a driver image (foo.sys)? */
static BOOLEAN KipIsDriverImage(const char *Path)
{
    SIZE_T n = Path ? strlen(Path) : 0;

    return n > 4 && Path[n - 4] == '.' && (Path[n - 3] | 0x20) == 's' &&
           (Path[n - 2] | 0x20) == 'y' && (Path[n - 1] | 0x20) == 's';
}

/* The stack to print: from the frame that bugchecked outwards. */
static VOID KipCaptureFrames(KI_CRASH *Crash)
{
    PVOID *frames = Crash->FrameStorage;
    ULONG count, first;

    if (KipIsExceptionBugCheck(Crash->Code) && KiExceptionStack.Count &&
        KiExceptionStack.ExceptionAddress == (PVOID)Crash->Args[1]) {
        count = KiExceptionStack.Count;
        memcpy(frames, KiExceptionStack.Frames, count * sizeof frames[0]);
        Crash->FramesFromException = TRUE;
    } else {
        count = HostCaptureStack(frames, KI_CRASH_MAX_FRAMES, 0);
        Crash->FramesFromException = FALSE;
    }
    first = count;

    /* The stack starts at the frame that bugchecked: the one whose PC is CallerPc. */
    for (ULONG i = 0; i < count; i++) {
        if (frames[i] == Crash->CallerPc) {
            first = i;
            break;
        }
    }
    if (first == count) {
        /* Not found (e.g. a fault PC the unwinder reports differently): drop kmode's own
           bugcheck frames instead. */
        HOST_SYMBOL sym;
        first = 0;
        while (first < count && HostSymbolizeEx(frames[first], HOST_SYMBOLIZE_RETURN_ADDRESS, &sym) &&
               KipIsBugCheckFrame(sym.Function))
            first++;
    }
    Crash->Frames = frames + first;
    Crash->FrameCount = count - first;
    if (Crash->FrameCount > KI_CRASH_PRINTED_FRAMES)
        Crash->FrameCount = KI_CRASH_PRINTED_FRAMES;
}

/* Is the frame at Index the exact address CallerPc (not a return address)? */
static BOOLEAN KipFrameIsExact(const KI_CRASH *Crash, ULONG Index)
{
    return Crash->CallerPcIsExact && Crash->Frames[Index] == Crash->CallerPc;
}

/* The faulting driver, as !analyze blames one: the image of FAULTING_IP when it is a
   driver, else the first driver image on the stack (a driver that passed a bad argument
   to a kernel routine). */
static VOID KipFindFaultingImage(KI_CRASH *Crash)
{
    HOST_SYMBOL sym;
    const char *path = NULL, *base;

    if (Crash->HaveSymbol && KipIsDriverImage(Crash->Symbol.ModulePath)) {
        path = Crash->Symbol.ModulePath;
        Crash->ImageAddress = Crash->CallerPc;
    } else {
        for (ULONG i = 0; i < Crash->FrameCount && !path; i++) {
            if (HostSymbolizeEx(Crash->Frames[i],
                                KipFrameIsExact(Crash, i) ? 0 : HOST_SYMBOLIZE_RETURN_ADDRESS, &sym) &&
                KipIsDriverImage(sym.ModulePath)) {
                path = sym.ModulePath;
                Crash->ImageAddress = Crash->Frames[i];
            }
        }
    }
    Crash->ImageName = NULL;
    if (path) {
        base = strrchr(path, '/');
        snprintf(Crash->ImageNameBuffer, sizeof Crash->ImageNameBuffer, "%s", base ? base + 1 : path);
        Crash->ImageName = Crash->ImageNameBuffer;
    }
}

/* Everything the report and the crash dump say, gathered once. */
static VOID KipGatherCrash(KI_CRASH *Crash, ULONG Code, const ULONG_PTR Args[4], PVOID CallerPc,
                           BOOLEAN CallerPcIsExact, const char *Explanation)
{
    HOST_SYMBOL sym;

    Crash->Code = Code;
    memcpy(Crash->Args, Args, sizeof Crash->Args);
    Crash->Name = KmodeBugCheckName(Code);
    KiDescribeBugCheck(Code, Args, &Crash->Desc);
    Crash->DetectorExplanation = Explanation;
    Crash->CallerPc = CallerPc;
    Crash->CallerPcIsExact = CallerPcIsExact;
    Crash->Irql = KiThreadState.Irql;
    Crash->HaveSymbol = HostSymbolizeEx(CallerPc, CallerPcIsExact ? 0 : HOST_SYMBOLIZE_RETURN_ADDRESS,
                                        &sym);
    memset(&Crash->Symbol, 0, sizeof Crash->Symbol);
    if (Crash->HaveSymbol) {
        Crash->Symbol.ModulePath = sym.ModulePath;
        Crash->Symbol.ModuleName = sym.ModuleName;
        Crash->Symbol.Function = sym.Function;
        Crash->Symbol.File = sym.File;
        Crash->Symbol.Offset = sym.Offset;
        Crash->Symbol.Line = sym.Line;
    }
    KipCaptureFrames(Crash);
    KipFindFaultingImage(Crash);
    Crash->LockCount = KiCollectHeldLocks(Crash->Locks, KI_REPORT_MAX_LOCKS);
    Crash->Irp = KiTakeReportIrp();
}

static VOID KipBuildReport(KI_REPORT *Report, const KI_CRASH *Crash)
{
    const KI_BUGCHECK_DESCRIPTION *desc = &Crash->Desc;

    KiReportAppend(Report,
              "\n*******************************************************************************\n"
              "*                                                                             *\n"
              "*                        Bugcheck Analysis (kmode)                            *\n"
              "*                                                                             *\n"
              "*******************************************************************************\n\n");
    KiReportAppend(Report, "%s (%x)\n", Crash->Name ? Crash->Name : "UNKNOWN_BUGCHECK_CODE",
                   Crash->Code);
    if (desc->Summary)
        KiReportAppend(Report, "%s\n", desc->Summary);
    KiReportAppend(Report, "Arguments:\n");
    for (int i = 0; i < 4; i++) {
        KiReportAppend(Report, "Arg%d: %016llx", i + 1, (unsigned long long)Crash->Args[i]);
        if (desc->Args[i])
            KiReportAppend(Report, ", %s", desc->Args[i]);
        KiReportAppend(Report, "\n");
    }
    KiReportAppend(Report, "\nBUGCHECK_CODE:  %x\n", Crash->Code);
    for (int i = 0; i < 4; i++)
        KiReportAppend(Report, "BUGCHECK_P%d: %llx\n", i + 1, (unsigned long long)Crash->Args[i]);
    KiReportAppend(Report, "\n");

    KipAppendHook(Report, KiBugCheckIrqlHook);
    KiAppendLocksText(Report, Crash->Locks, Crash->LockCount);
    KipAppendHook(Report, KiBugCheckLocksHook);
    {
        /* The I/O manager's hook names the IRP its routine is working on; one the detector
           named that is another IRP gets its own IRP_ADDRESS line. */
        SIZE_T before = Report->Length;
        KipAppendHook(Report, KiBugCheckIrpHook);
        if (Crash->Irp != NULL) {
            char address[32];
            snprintf(address, sizeof address, "IRP_ADDRESS:  %016llx",
                     (unsigned long long)(ULONG_PTR)Crash->Irp);
            if (!strstr(Report->Buffer + before, address))
                KiReportAppend(Report, "%s\n", address);
            KiAppendIrpText(Report, Crash->Irp);
        }
    }

    /* Driver Verifier's IRP log (0x400) of the device the thread was dispatching to. */
    if (VfAnyDriver(VF_FLAG_IRP_LOGGING) && Report->Length + 1 < Report->Capacity)
        Report->Length += VfIrpLogFormat(NULL, Report->Buffer + Report->Length,
                                         Report->Capacity - Report->Length);

    KiReportAppend(Report, "FAULTING_IP:\n");
    KiAppendSymbol(Report, Crash->CallerPc, !Crash->CallerPcIsExact, TRUE);
    KiReportAppend(Report, "\n\n");
    if (Crash->HaveSymbol) {
        const char *module = Crash->Symbol.ModuleName ? Crash->Symbol.ModuleName : "?";
        KiReportAppend(Report, "FAULTING_MODULE: %s\n",
                       Crash->Symbol.ModulePath ? Crash->Symbol.ModulePath : "?");
        KiReportAppend(Report, "MODULE_NAME: %s\n", module);
        if (Crash->Symbol.Function)
            KiReportAppend(Report, "SYMBOL_NAME:  %s!%s+%llx\n", module, Crash->Symbol.Function,
                           (unsigned long long)Crash->Symbol.Offset);
        if (Crash->Symbol.File) {
            KiReportAppend(Report, "FAULTING_SOURCE_FILE:  %s\n", Crash->Symbol.File);
            KiReportAppend(Report, "FAULTING_SOURCE_LINE_NUMBER:  %d\n", Crash->Symbol.Line);
        }
    } else {
        KiReportAppend(Report, "FAULTING_MODULE: (unknown)\n");
    }
    if (Crash->ImageName) {
        /* The driver !analyze blames (FAULTING_IP's image, or the first driver image on the
           stack when the fault is inside a kernel routine the driver called). */
        KiReportAppend(Report, "DRIVER_NAME:  %s\n", Crash->ImageName);
        KiReportAppend(Report, "IMAGE_NAME:  %s\n", Crash->ImageName);
        if (Crash->ImageAddress != Crash->CallerPc) {
            KiReportAppend(Report, "DRIVER_FRAME:  ");
            KiAppendSymbol(Report, Crash->ImageAddress, TRUE, TRUE);
            KiReportAppend(Report, "\n");
        }
    }
    KiReportAppend(Report, "\n");

    KiReportAppend(Report, "%s\n", Crash->FramesFromException
                                     ? "STACK_TEXT (when the exception was raised):" : "STACK_TEXT:");
    for (ULONG i = 0; i < Crash->FrameCount; i++) {
        KiReportAppend(Report, "%02x ", i);
        KiAppendSymbol(Report, Crash->Frames[i], !KipFrameIsExact(Crash, i), TRUE);
        KiReportAppend(Report, "\n");
    }
    if (Crash->FrameCount == 0)
        KiReportAppend(Report, "(no frames could be captured)\n");
    KiReportAppend(Report, "\n");

    if (Crash->DetectorExplanation || desc->Explanation) {
        KiReportAppend(Report, "ANALYSIS:\n");
        if (Crash->DetectorExplanation)
            KiReportAppend(Report, "%s\n", Crash->DetectorExplanation);
        if (desc->Explanation)
            KiReportAppend(Report, "%s\n", desc->Explanation);
        KiReportAppend(Report, "\n");
    }
}

/* KMODE_CRASH_DUMP=FILE (kmode run --crash-dump FILE): the JSON copy of the report goes
   there. Only the thread that ends the process gets here. */
static VOID KipWriteCrashDump(const KI_CRASH *Crash)
{
    const char *path = HostGetEnvironment("KMODE_CRASH_DUMP");
    KI_REPORT dump = { KiDumpBuffer, sizeof KiDumpBuffer, 0 };
    HOST_FD fd;
    ULONG written;
    char msg[512];
    int n;

    if (path == NULL || *path == 0)
        return;
    KiDumpBuffer[0] = 0;
    KiFormatCrashJson(&dump, Crash);
    if (!NT_SUCCESS(HostOpenFile(path, HOST_OPEN_WRITE | HOST_OPEN_CREATE, &fd))) {
        n = snprintf(msg, sizeof msg, "kmode: cannot write the crash dump to %s\n", path);
        HostWriteStderr(msg, n > 0 ? (SIZE_T)n : 0);
        return;
    }
    HostSetFileSize(fd, 0);
    if (!NT_SUCCESS(HostWriteFile(fd, KiDumpBuffer, (ULONG)dump.Length, 0, &written)) ||
        written != dump.Length) {
        n = snprintf(msg, sizeof msg, "kmode: the crash dump %s is incomplete\n", path);
        HostWriteStderr(msg, n > 0 ? (SIZE_T)n : 0);
    }
    HostCloseFile(fd);
}

static DECLSPEC_NORETURN VOID KipBugCheck(ULONG Code, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3,
                                          ULONG_PTR P4, PVOID CallerPc, BOOLEAN CallerPcIsExact,
                                          const char *Explanation)
{
    KI_BUGCHECK_CATCH *Catch = KiThreadState.BugCheckCatch;
    ULONG_PTR args[4] = { P1, P2, P3, P4 };
    KI_REPORT report = { KiReportBuffer, sizeof KiReportBuffer, 0 };
    ULONG depth = ++KiThreadState.BugCheckDepth;

    if (depth > 2) {
        /* The minimal report below bugchecked too: stop without any further work. */
        static const char msg[] = "*** kmode: recursive bugcheck, stopping\n";
        HostWriteStderr(msg, sizeof msg - 1);
        HostExitProcess(KMODE_BUGCHECK_EXIT_STATUS);
    }

    KiReportBuffer[0] = 0;
    if (depth == 1) {
        KipGatherCrash(&KiCrash, Code, args, CallerPc, CallerPcIsExact, Explanation);
        KipBuildReport(&report, &KiCrash);
    } else {
        /* A bugcheck while building the report of another one: report it without
           symbolization or stack walking, which may be what failed. */
        const char *name = KmodeBugCheckName(Code);
        KiReportAppend(&report,
                  "\n*** kmode: bugcheck while reporting a bugcheck (report path failed)\n"
                  "%s (%x)\nArg1: %016llx\nArg2: %016llx\nArg3: %016llx\nArg4: %016llx\n"
                  "FAULTING_IP: %p\n\n",
                  name ? name : "UNKNOWN_BUGCHECK_CODE", Code, (unsigned long long)P1,
                  (unsigned long long)P2, (unsigned long long)P3, (unsigned long long)P4,
                  CallerPc);
    }

    if (Catch) {
        KiReportAppend(&report, "kmode: bugcheck caught by KmodeCatchBugCheck.\n");
        if (!(Catch->Flags & KMODE_CATCH_QUIET))
            HostWriteStderr(KiReportBuffer, report.Length);
        Catch->Caught.Code = Code;
        Catch->Caught.Parameter1 = P1;
        Catch->Caught.Parameter2 = P2;
        Catch->Caught.Parameter3 = P3;
        Catch->Caught.Parameter4 = P4;
        Catch->Caught.Report = KiReportBuffer;
        KiThreadState.BugCheckDepth = 0;
        longjmp(Catch->Jump, 1);
    }

    KiReportAppend(&report, "kmode: the process exits with status %d (KMODE_BUGCHECK_EXIT_STATUS).\n",
                   KMODE_BUGCHECK_EXIT_STATUS);
    /* Only one thread reports and ends the process; a second bugchecking thread waits for
       the exit (as a second processor stops when the first one crashes the system). */
    if (atomic_flag_test_and_set(&KiProcessBugChecking) && !KiBugCheckExiting) {
        for (;;)
            __builtin_ia32_pause();
    }
    /* A bugcheck while writing the crash dump comes back here on the same thread (depth
       2): it prints its short report and exits instead of waiting for itself. */
    KiBugCheckExiting = TRUE;
    HostWriteStderr(KiReportBuffer, report.Length);
    if (depth == 1)
        KipWriteCrashDump(&KiCrash);
    HostExitProcess(KMODE_BUGCHECK_EXIT_STATUS);
}

/* PUBLIC FUNCTIONS **********************************************************************/

VOID KiReportAppend(KI_REPORT *Report, const char *Format, ...)
{
    va_list ap;
    int n;

    if (Report->Length + 1 >= Report->Capacity)
        return;
    va_start(ap, Format);
    n = vsnprintf(Report->Buffer + Report->Length, Report->Capacity - Report->Length, Format, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((SIZE_T)n >= Report->Capacity - Report->Length)
        Report->Length = Report->Capacity - 1;   /* truncated; the buffer stays terminated */
    else
        Report->Length += (SIZE_T)n;
}

VOID KiReportJsonString(KI_REPORT *Report, const char *Text)
{
    if (Text == NULL) {
        KiReportAppend(Report, "null");
        return;
    }
    KiReportAppend(Report, "\"");
    for (const unsigned char *p = (const unsigned char *)Text; *p; p++) {
        if (*p == '"' || *p == '\\')
            KiReportAppend(Report, "\\%c", *p);
        else if (*p == '\n')
            KiReportAppend(Report, "\\n");
        else if (*p == '\t')
            KiReportAppend(Report, "\\t");
        else if (*p < 0x20 || *p >= 0x7F)
            KiReportAppend(Report, "\\u%04x", *p);   /* symbols and paths are bytes: keep JSON ASCII */
        else
            KiReportAppend(Report, "%c", *p);
    }
    KiReportAppend(Report, "\"");
}

BOOLEAN KiReadMemory(PVOID Dest, const VOID *Source, SIZE_T Size)
{
    ULONG_PTR start = (ULONG_PTR)Source, end = start + Size;

    if (Size == 0)
        return TRUE;
    if (end < start || start < 0x10000)
        return FALSE;
    /* One probe per page the range touches. */
    for (ULONG_PTR page = start & ~(ULONG_PTR)0xFFF; page < end; page += 0x1000) {
        if (!HostIsAddressReadable((const void *)(page < start ? start : page)))
            return FALSE;
    }
#if KI_ASAN
    if (__asan_region_is_poisoned((void *)Source, Size) != NULL)
        return FALSE;
#endif
    memcpy(Dest, Source, Size);
    return TRUE;
}

VOID KiAppendSymbol(KI_REPORT *Report, PVOID Address, BOOLEAN IsReturnAddress, BOOLEAN WithLine)
{
    HOST_SYMBOL sym;

    if (!HostSymbolizeEx(Address, IsReturnAddress ? HOST_SYMBOLIZE_RETURN_ADDRESS : 0, &sym)) {
        KiReportAppend(Report, "%p", Address);
        return;
    }
    if (sym.Function && (sym.Offset || IsReturnAddress || WithLine))
        KiReportAppend(Report, "%s!%s+0x%llx", sym.ModuleName ? sym.ModuleName : "?", sym.Function,
                       (unsigned long long)sym.Offset);
    else if (sym.Function)
        KiReportAppend(Report, "%s!%s", sym.ModuleName ? sym.ModuleName : "?", sym.Function);
    else
        KiReportAppend(Report, "%s+0x%llx", sym.ModuleName ? sym.ModuleName : "?",
                       (unsigned long long)sym.Offset);
    if (WithLine && sym.File)
        KiReportAppend(Report, " [%s @ %d]", sym.File, sym.Line);
}

const char *KiIrqlName(UCHAR Irql)
{
    switch (Irql) {
    case PASSIVE_LEVEL: return "PASSIVE_LEVEL";
    case APC_LEVEL: return "APC_LEVEL";
    case DISPATCH_LEVEL: return "DISPATCH_LEVEL";
    case HIGH_LEVEL: return "HIGH_LEVEL";
    default: return "device IRQL";
    }
}


VOID KiRecordExceptionStack(PVOID ExceptionAddress)
{
    KiExceptionStack.Count = HostCaptureStack(KiExceptionStack.Frames, KI_MAX_STACK_FRAMES, 0);
    KiExceptionStack.ExceptionAddress = ExceptionAddress;
}

const char *KmodeBugCheckName(ULONG Code)
{
    SIZE_T lo = 0, hi = RTL_NUMBER_OF(KiBugCheckNames);

    while (lo < hi) {
        SIZE_T mid = lo + (hi - lo) / 2;
        if (KiBugCheckNames[mid].Code == Code)
            return KiBugCheckNames[mid].Name;
        if (KiBugCheckNames[mid].Code < Code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

DECLSPEC_NORETURN VOID KiBugCheck(ULONG Code, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3,
                                  ULONG_PTR P4, PVOID CallerPc, const char *Explanation)
{
    KipBugCheck(Code, P1, P2, P3, P4, CallerPc, FALSE, Explanation);
}

DECLSPEC_NORETURN VOID KiBugCheckAtFault(ULONG Code, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3,
                                         ULONG_PTR P4, PVOID FaultPc, const char *Explanation)
{
    KipBugCheck(Code, P1, P2, P3, P4, FaultPc, TRUE, Explanation);
}

/*
 * @implemented
 * Any IRQL. Does not return: prints the bugcheck report and ends the process with
 * KMODE_BUGCHECK_EXIT_STATUS (or returns to an enclosing KmodeCatchBugCheck).
 */
DECLSPEC_NORETURN VOID NTAPI KeBugCheckEx(ULONG BugCheckCode, ULONG_PTR P1, ULONG_PTR P2,
                                          ULONG_PTR P3, ULONG_PTR P4)
{
    KipBugCheck(BugCheckCode, P1, P2, P3, P4, __builtin_return_address(0), FALSE, NULL);
}

/*
 * @implemented
 * Any IRQL. Does not return. Same as KeBugCheckEx with four zero parameters.
 */
DECLSPEC_NORETURN VOID NTAPI KeBugCheck(ULONG BugCheckCode)
{
    KipBugCheck(BugCheckCode, 0, 0, 0, 0, __builtin_return_address(0), FALSE, NULL);
}

BOOLEAN KmodeCatchBugCheck(PKMODE_CATCH_ROUTINE Routine, void *Context, ULONG Flags,
                           PKMODE_BUGCHECK Caught)
{
    /* volatile: read after longjmp */
    KI_BUGCHECK_CATCH Catch;
    KI_BUGCHECK_CATCH *volatile Self = &Catch;

    memset(&Catch, 0, sizeof Catch);
    Catch.Previous = KiThreadState.BugCheckCatch;
    Catch.SehChainAtEntry = KiThreadState.SehChain;
    Catch.SehStateAtEntry = RtlpSehSaveState();
    Catch.IrqlAtEntry = KiThreadState.Irql;
    Catch.HeldLocksAtEntry = KiHeldLocks.Count;
    if (KiBugCheckCatchStateHook)
        KiBugCheckCatchStateHook(Catch.OtherState, FALSE);
    Catch.Flags = Flags;
    KiThreadState.BugCheckCatch = &Catch;
    if (setjmp(Catch.Jump) == 0) {
        Routine(Context);
        KiThreadState.BugCheckCatch = Self->Previous;
        if (Caught)
            memset(Caught, 0, sizeof *Caught);
        return FALSE;
    }
    /* A bugcheck abandoned the frames between it and us, including their __try frames and
       any exception that was being dispatched through them. */
    KiThreadState.BugCheckCatch = Self->Previous;
    KiThreadState.SehChain = Self->SehChainAtEntry;
    RtlpSehRestoreState(Self->SehStateAtEntry);
    KiRestoreIrqlAfterCatch(Self->IrqlAtEntry);
    KiHeldLocks.Count = Self->HeldLocksAtEntry;
    KiBugCheckIrp = NULL;
    if (KiBugCheckCatchStateHook)
        KiBugCheckCatchStateHook(Self->OtherState, TRUE);
    if (Caught)
        *Caught = Self->Caught;
    return TRUE;
}
