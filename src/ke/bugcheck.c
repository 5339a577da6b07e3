/*
 * PURPOSE: KeBugCheck/KeBugCheckEx and the bugcheck catch API for test harnesses.
 *
 * Every bugcheck in kmode goes through KiBugCheck: it writes the report (to stderr, and
 * to a per-thread buffer the catch API exposes) and then either ends the process with
 * KMODE_BUGCHECK_EXIT_STATUS or, under KmodeCatchBugCheck, returns control to the catcher.
 */

/* INCLUDES ******************************************************************************/

#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <internal/ke.h>
#include <internal/host.h>
#include <internal/rtl.h>

/* GLOBALS *******************************************************************************/

__thread KI_THREAD_STATE KiThreadState;

/* One catch frame; lives in KmodeCatchBugCheck's stack frame. */
typedef struct _KI_BUGCHECK_CATCH {
    struct _KI_BUGCHECK_CATCH *Previous;
    struct _KMODE_SEH_FRAME *SehChainAtEntry;  /* restored when a bugcheck unwinds to here */
    ULONG Flags;
    KMODE_BUGCHECK Caught;
    jmp_buf Jump;
} KI_BUGCHECK_CATCH;

#define KI_REPORT_CAPACITY 65536
static __thread char KiReportBuffer[KI_REPORT_CAPACITY];

/* PRIVATE FUNCTIONS *********************************************************************/

static const struct {
    ULONG Code;
    const char *Name;
} KiBugCheckNames[] = {
    { 0x0000000A, "IRQL_NOT_LESS_OR_EQUAL" },
    { 0x0000001E, "KMODE_EXCEPTION_NOT_HANDLED" },
    { 0x0000007E, "SYSTEM_THREAD_EXCEPTION_NOT_HANDLED" },
    { 0x00000139, "KERNEL_SECURITY_CHECK_FAILURE" },
    { 0x000000E2, "MANUALLY_INITIATED_CRASH" },
};

/* PUBLIC FUNCTIONS **********************************************************************/

const char *KmodeBugCheckName(ULONG Code)
{
    for (SIZE_T i = 0; i < RTL_NUMBER_OF(KiBugCheckNames); i++)
        if (KiBugCheckNames[i].Code == Code)
            return KiBugCheckNames[i].Name;
    return NULL;
}

DECLSPEC_NORETURN VOID KiBugCheck(ULONG Code, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3,
                                  ULONG_PTR P4, PVOID CallerPc, const char *Explanation)
{
    KI_BUGCHECK_CATCH *Catch = KiThreadState.BugCheckCatch;
    const char *Name = KmodeBugCheckName(Code);
    HOST_SYMBOL Sym;
    int n;

    if (++KiThreadState.BugCheckDepth > 2) {
        /* A bugcheck while reporting a bugcheck: stop without further work. */
        static const char msg[] = "*** kmode: recursive bugcheck, stopping\n";
        HostWriteStderr(msg, sizeof msg - 1);
        HostExitProcess(KMODE_BUGCHECK_EXIT_STATUS);
    }

    n = snprintf(KiReportBuffer, sizeof KiReportBuffer,
                 "\n*** kmode BUGCHECK ***\n"
                 "%s (%x)\n"
                 "Arguments:\n"
                 "Arg1: %016llx\nArg2: %016llx\nArg3: %016llx\nArg4: %016llx\n",
                 Name ? Name : "UNKNOWN_BUGCHECK_CODE", Code, (unsigned long long)P1,
                 (unsigned long long)P2, (unsigned long long)P3, (unsigned long long)P4);
    if (n > 0 && (SIZE_T)n < sizeof KiReportBuffer && HostSymbolize(CallerPc, &Sym)) {
        n += snprintf(KiReportBuffer + n, sizeof KiReportBuffer - n, "Caller: %s!%s+0x%llx\n",
                      Sym.ModuleName ? Sym.ModuleName : "?", Sym.Function ? Sym.Function : "?",
                      (unsigned long long)Sym.Offset);
    }
    if (Explanation && n > 0 && (SIZE_T)n < sizeof KiReportBuffer)
        snprintf(KiReportBuffer + n, sizeof KiReportBuffer - n, "%s\n", Explanation);

    if (!Catch || !(Catch->Flags & KMODE_CATCH_QUIET))
        HostWriteStderr(KiReportBuffer, strlen(KiReportBuffer));

    if (Catch) {
        Catch->Caught.Code = Code;
        Catch->Caught.Parameter1 = P1;
        Catch->Caught.Parameter2 = P2;
        Catch->Caught.Parameter3 = P3;
        Catch->Caught.Parameter4 = P4;
        Catch->Caught.Report = KiReportBuffer;
        KiThreadState.BugCheckDepth = 0;
        longjmp(Catch->Jump, 1);
    }
    HostExitProcess(KMODE_BUGCHECK_EXIT_STATUS);
}

/*
 * @implemented
 * Any IRQL. Does not return.
 */
DECLSPEC_NORETURN VOID NTAPI KeBugCheckEx(ULONG BugCheckCode, ULONG_PTR P1, ULONG_PTR P2,
                                          ULONG_PTR P3, ULONG_PTR P4)
{
    KiBugCheck(BugCheckCode, P1, P2, P3, P4, __builtin_return_address(0), NULL);
}

/*
 * @implemented
 * Any IRQL. Does not return.
 */
DECLSPEC_NORETURN VOID NTAPI KeBugCheck(ULONG BugCheckCode)
{
    KiBugCheck(BugCheckCode, 0, 0, 0, 0, __builtin_return_address(0), NULL);
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
    Catch.Flags = Flags;
    KiThreadState.BugCheckCatch = &Catch;
    if (setjmp(Catch.Jump) == 0) {
        Routine(Context);
        KiThreadState.BugCheckCatch = Self->Previous;
        if (Caught)
            memset(Caught, 0, sizeof *Caught);
        return FALSE;
    }
    /* A bugcheck abandoned the frames between it and us, including their __try frames. */
    KiThreadState.BugCheckCatch = Self->Previous;
    KiThreadState.SehChain = Self->SehChainAtEntry;
    if (Caught)
        *Caught = Self->Caught;
    return TRUE;
}
