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
#include "bugcheck_info.h"

/* GLOBALS *******************************************************************************/

KI_TLS KI_THREAD_STATE KiThreadState;

PKI_BUGCHECK_REPORT_HOOK KiBugCheckIrqlHook;
PKI_BUGCHECK_REPORT_HOOK KiBugCheckLocksHook;
PKI_BUGCHECK_REPORT_HOOK KiBugCheckIrpHook;

/* One catch frame; lives in KmodeCatchBugCheck's stack frame. */
typedef struct _KI_BUGCHECK_CATCH {
    struct _KI_BUGCHECK_CATCH *Previous;
    struct _KMODE_SEH_FRAME *SehChainAtEntry;  /* restored when a bugcheck unwinds to here */
    KIRQL IrqlAtEntry;                         /* likewise (a bugcheck may come at raised IRQL) */
    ULONG64 SehStateAtEntry;                   /* exceptions in flight, active statements */
    ULONG Flags;
    KMODE_BUGCHECK Caught;
    jmp_buf Jump;
} KI_BUGCHECK_CATCH;

#define KI_REPORT_CAPACITY 65536
#define KI_MAX_STACK_FRAMES 64
#define KI_MAX_PRINTED_FRAMES 32

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

/* Name of every code in bugcodes.h, sorted by code (generated). */
static const struct {
    ULONG Code;
    const char *Name;
} KiBugCheckNames[] = {
#define KI_BUGCHECK_NAME(code, name) { code, name },
#include "bugcheck_names.h"
#undef KI_BUGCHECK_NAME
};

typedef struct _KI_REPORT {
    char *Buffer;
    SIZE_T Capacity;
    SIZE_T Length;
} KI_REPORT;

/* PRIVATE FUNCTIONS *********************************************************************/

static VOID __attribute__((format(printf, 2, 3))) KipAppend(KI_REPORT *Report, const char *Format, ...)
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
        KipAppend(Report, "\n");
}

/* "module!function+0xoff [file @ line]" for one address. */
static VOID KipAppendSymbol(KI_REPORT *Report, PVOID Address, BOOLEAN IsReturnAddress)
{
    HOST_SYMBOL sym;

    if (!HostSymbolizeEx(Address, IsReturnAddress ? HOST_SYMBOLIZE_RETURN_ADDRESS : 0, &sym)) {
        KipAppend(Report, "%p", Address);
        return;
    }
    if (sym.Function)
        KipAppend(Report, "%s!%s+0x%llx", sym.ModuleName ? sym.ModuleName : "?", sym.Function,
                  (unsigned long long)sym.Offset);
    else
        KipAppend(Report, "%s+0x%llx", sym.ModuleName ? sym.ModuleName : "?",
                  (unsigned long long)sym.Offset);
    if (sym.File)
        KipAppend(Report, " [%s @ %d]", sym.File, sym.Line);
}

/* Is this one of kmode's own bugcheck-path functions (not worth showing in STACK_TEXT)? */
static BOOLEAN KipIsBugCheckFrame(const char *Function)
{
    return Function && (strncmp(Function, "KiBugCheck", 10) == 0 ||
                        strncmp(Function, "KipBugCheck", 11) == 0 ||
                        strncmp(Function, "KeBugCheck", 10) == 0 ||
                        strcmp(Function, "KipBuildReport") == 0 ||
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

static VOID KipAppendStack(KI_REPORT *Report, ULONG Code, const ULONG_PTR Args[4],
                           PVOID CallerPc, BOOLEAN CallerPcIsExact)
{
    PVOID current[KI_MAX_STACK_FRAMES];
    PVOID *frames = current;
    ULONG count;
    ULONG first;
    ULONG printed = 0;
    const char *title = "STACK_TEXT:";

    if (KipIsExceptionBugCheck(Code) && KiExceptionStack.Count &&
        KiExceptionStack.ExceptionAddress == (PVOID)Args[1]) {
        frames = KiExceptionStack.Frames;
        count = KiExceptionStack.Count;
        title = "STACK_TEXT (when the exception was raised):";
    } else {
        count = HostCaptureStack(current, KI_MAX_STACK_FRAMES, 0);
    }
    first = count;

    /* The stack starts at the frame that bugchecked: the one whose PC is CallerPc. */
    for (ULONG i = 0; i < count; i++) {
        if (frames[i] == CallerPc) {
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

    KipAppend(Report, "%s\n", title);
    for (ULONG i = first; i < count && printed < KI_MAX_PRINTED_FRAMES; i++, printed++) {
        KipAppend(Report, "%02x ", printed);
        KipAppendSymbol(Report, frames[i], !(CallerPcIsExact && frames[i] == CallerPc));
        KipAppend(Report, "\n");
    }
    if (printed == 0)
        KipAppend(Report, "(no frames could be captured)\n");
    KipAppend(Report, "\n");
}

static VOID KipBuildReport(KI_REPORT *Report, ULONG Code, const ULONG_PTR Args[4],
                           PVOID CallerPc, BOOLEAN CallerPcIsExact, const char *Explanation)
{
    const char *name = KmodeBugCheckName(Code);
    KI_BUGCHECK_DESCRIPTION desc;
    HOST_SYMBOL sym;
    BOOLEAN haveSym;

    KiDescribeBugCheck(Code, Args, &desc);

    KipAppend(Report,
              "\n*******************************************************************************\n"
              "*                                                                             *\n"
              "*                        Bugcheck Analysis (kmode)                            *\n"
              "*                                                                             *\n"
              "*******************************************************************************\n\n");
    KipAppend(Report, "%s (%x)\n", name ? name : "UNKNOWN_BUGCHECK_CODE", Code);
    if (desc.Summary)
        KipAppend(Report, "%s\n", desc.Summary);
    KipAppend(Report, "Arguments:\n");
    for (int i = 0; i < 4; i++) {
        KipAppend(Report, "Arg%d: %016llx", i + 1, (unsigned long long)Args[i]);
        if (desc.Args[i])
            KipAppend(Report, ", %s", desc.Args[i]);
        KipAppend(Report, "\n");
    }
    KipAppend(Report, "\nBUGCHECK_CODE:  %x\n", Code);
    for (int i = 0; i < 4; i++)
        KipAppend(Report, "BUGCHECK_P%d: %llx\n", i + 1, (unsigned long long)Args[i]);
    KipAppend(Report, "\n");

    KipAppendHook(Report, KiBugCheckIrqlHook);
    KipAppendHook(Report, KiBugCheckLocksHook);
    KipAppendHook(Report, KiBugCheckIrpHook);

    haveSym = HostSymbolizeEx(CallerPc, CallerPcIsExact ? 0 : HOST_SYMBOLIZE_RETURN_ADDRESS, &sym);
    KipAppend(Report, "FAULTING_IP:\n");
    KipAppendSymbol(Report, CallerPc, !CallerPcIsExact);
    KipAppend(Report, "\n\n");
    if (haveSym) {
        KipAppend(Report, "FAULTING_MODULE: %s\n", sym.ModulePath ? sym.ModulePath : "?");
        KipAppend(Report, "MODULE_NAME: %s\n", sym.ModuleName ? sym.ModuleName : "?");
        if (sym.Function)
            KipAppend(Report, "SYMBOL_NAME:  %s!%s+%llx\n", sym.ModuleName ? sym.ModuleName : "?",
                      sym.Function, (unsigned long long)sym.Offset);
        if (sym.File) {
            KipAppend(Report, "FAULTING_SOURCE_FILE:  %s\n", sym.File);
            KipAppend(Report, "FAULTING_SOURCE_LINE_NUMBER:  %d\n", sym.Line);
        }
        KipAppend(Report, "\n");
    } else {
        KipAppend(Report, "FAULTING_MODULE: (unknown)\n\n");
    }

    KipAppendStack(Report, Code, Args, CallerPc, CallerPcIsExact);

    if (Explanation || desc.Explanation) {
        KipAppend(Report, "ANALYSIS:\n");
        if (Explanation)
            KipAppend(Report, "%s\n", Explanation);
        if (desc.Explanation)
            KipAppend(Report, "%s\n", desc.Explanation);
        KipAppend(Report, "\n");
    }
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
        KipBuildReport(&report, Code, args, CallerPc, CallerPcIsExact, Explanation);
    } else {
        /* A bugcheck while building the report of another one: report it without
           symbolization or stack walking, which may be what failed. */
        const char *name = KmodeBugCheckName(Code);
        KipAppend(&report,
                  "\n*** kmode: bugcheck while reporting a bugcheck (report path failed)\n"
                  "%s (%x)\nArg1: %016llx\nArg2: %016llx\nArg3: %016llx\nArg4: %016llx\n"
                  "FAULTING_IP: %p\n\n",
                  name ? name : "UNKNOWN_BUGCHECK_CODE", Code, (unsigned long long)P1,
                  (unsigned long long)P2, (unsigned long long)P3, (unsigned long long)P4,
                  CallerPc);
    }

    if (Catch) {
        KipAppend(&report, "kmode: bugcheck caught by KmodeCatchBugCheck.\n");
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

    KipAppend(&report, "kmode: the process exits with status %d (KMODE_BUGCHECK_EXIT_STATUS).\n",
              KMODE_BUGCHECK_EXIT_STATUS);
    /* Only one thread reports and ends the process; a second bugchecking thread waits for
       the exit (as a second processor stops when the first one crashes the system). */
    if (atomic_flag_test_and_set(&KiProcessBugChecking)) {
        for (;;)
            __builtin_ia32_pause();
    }
    HostWriteStderr(KiReportBuffer, report.Length);
    HostExitProcess(KMODE_BUGCHECK_EXIT_STATUS);
}

/* PUBLIC FUNCTIONS **********************************************************************/

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
    if (Caught)
        *Caught = Self->Caught;
    return TRUE;
}
