/*
 * PURPOSE: Breakpoints and assertion failures: DbgBreakPoint(WithStatus), the int 2c
 * equivalent behind NT_ASSERT (KmodeAssertionFailure), soft assertions, and the debugger
 * presence variables KdDebuggerEnabled / KdDebuggerNotPresent.
 *
 * On Windows a breakpoint is an exception (STATUS_BREAKPOINT, or STATUS_ASSERTION_FAILURE
 * for int 2c) offered first to the kernel debugger; with no debugger it goes to the
 * frame-based handlers and, unhandled, bugchecks. kmode does the same with gdb as the
 * kernel debugger; KMODE_BREAK=continue turns breakpoints into a logged no-op instead
 * (docs/bugcheck.md).
 */

/* INCLUDES ******************************************************************************/

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <internal/ke.h>
#include <internal/host.h>
#include <internal/seh.h>

/* GLOBALS *******************************************************************************/

static BOOLEAN KdpDebuggerEnabled;
static BOOLEAN KdpDebuggerNotPresent = TRUE;

PBOOLEAN KdDebuggerEnabled = &KdpDebuggerEnabled;
PBOOLEAN KdDebuggerNotPresent = &KdpDebuggerNotPresent;

typedef enum _KI_BREAK_MODE {
    KiBreakRaiseException,   /* KMODE_BREAK=exception (default) */
    KiBreakContinue,         /* KMODE_BREAK=continue */
} KI_BREAK_MODE;

/* PRIVATE FUNCTIONS *********************************************************************/

/* The variables start out true to the process's state, as the kernel's do at boot. */
__attribute__((constructor)) static void KipInitializeDebuggerState(void)
{
    KdRefreshDebuggerNotPresent();
}

static KI_BREAK_MODE KipBreakMode(VOID)
{
    const char *mode = HostGetEnvironment("KMODE_BREAK");

    /* Anything but "continue" (unset, "exception", a typo) keeps Windows' behaviour: a
       breakpoint must never be silently skipped by accident. */
    if (mode && strcmp(mode, "continue") == 0)
        return KiBreakContinue;
    return KiBreakRaiseException;
}

/* snprintf at Buffer + *Length, advancing *Length; output past Capacity is dropped. */
static VOID __attribute__((format(printf, 4, 5)))
KipAppendText(char *Buffer, SIZE_T Capacity, SIZE_T *Length, const char *Format, ...)
{
    va_list ap;
    int m;

    if (*Length + 1 >= Capacity)
        return;
    va_start(ap, Format);
    m = vsnprintf(Buffer + *Length, Capacity - *Length, Format, ap);
    va_end(ap);
    if (m > 0)
        *Length += (SIZE_T)m < Capacity - *Length ? (SIZE_T)m : Capacity - *Length - 1;
}

/* Appends "module!function+0xoff [file @ line]" for a return address. */
static SIZE_T KipFormatCaller(char *Buffer, SIZE_T Capacity, PVOID CallerPc)
{
    HOST_SYMBOL sym;
    int n;

    if (!HostSymbolizeEx(CallerPc, HOST_SYMBOLIZE_RETURN_ADDRESS, &sym))
        n = snprintf(Buffer, Capacity, "%p", CallerPc);
    else if (sym.File)
        n = snprintf(Buffer, Capacity, "%s!%s+0x%llx [%s @ %d]", sym.ModuleName ? sym.ModuleName : "?",
                     sym.Function ? sym.Function : "?", (unsigned long long)sym.Offset, sym.File,
                     sym.Line);
    else
        n = snprintf(Buffer, Capacity, "%s!%s+0x%llx", sym.ModuleName ? sym.ModuleName : "?",
                     sym.Function ? sym.Function : "?", (unsigned long long)sym.Offset);
    if (n < 0)
        return 0;
    return (SIZE_T)n < Capacity ? (SIZE_T)n : Capacity - 1;
}

/* Stops in the debugger: int3 traps into gdb, which shows this frame with the breaking
   code one frame up; "continue" resumes right after the instruction (gdb does not pass the
   SIGTRAP on). A tracer that is not a debugger gets a harmless handler. */
static DECLSPEC_NOINLINE VOID KipTrapToDebugger(ULONG_PTR Status)
{
    HostPrepareBreakpointTrap();
    /* Status in rcx, the first argument register of the Windows x64 convention. */
    __asm__ volatile("int3" : : "c"(Status) : "memory");
}

/* UTF-16 to UTF-8 for messages (unpaired surrogates become U+FFFD). */
static VOID KipUtf16ToUtf8(const WCHAR *Source, char *Buffer, SIZE_T Capacity)
{
    SIZE_T out = 0;

    if (Capacity == 0)
        return;
    for (; Source && *Source; Source++) {
        ULONG c = *Source;
        char enc[4];
        SIZE_T len;

        if (c >= 0xD800 && c <= 0xDBFF && Source[1] >= 0xDC00 && Source[1] <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (Source[1] - 0xDC00);
            Source++;
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            c = 0xFFFD;
        }
        if (c < 0x80) {
            enc[0] = (char)c;
            len = 1;
        } else if (c < 0x800) {
            enc[0] = (char)(0xC0 | (c >> 6));
            enc[1] = (char)(0x80 | (c & 0x3F));
            len = 2;
        } else if (c < 0x10000) {
            enc[0] = (char)(0xE0 | (c >> 12));
            enc[1] = (char)(0x80 | ((c >> 6) & 0x3F));
            enc[2] = (char)(0x80 | (c & 0x3F));
            len = 3;
        } else {
            enc[0] = (char)(0xF0 | (c >> 18));
            enc[1] = (char)(0x80 | ((c >> 12) & 0x3F));
            enc[2] = (char)(0x80 | ((c >> 6) & 0x3F));
            enc[3] = (char)(0x80 | (c & 0x3F));
            len = 4;
        }
        if (out + len >= Capacity)
            break;
        memcpy(Buffer + out, enc, len);
        out += len;
    }
    Buffer[out] = 0;
}

/*
 * KMODE_BREAK=exception: the exception int 3 / int 2c raise on Windows, offered to the
 * thread's __try frames; unhandled, it bugchecks 0x1E (ke/except.c). Its address is the
 * breakpoint's caller (a return address), so handlers and the report name the driver's
 * code rather than kmode's. Does not return: a handler's code runs instead (source-mode
 * exceptions cannot be continued, docs/seh.md).
 */
static DECLSPEC_NORETURN VOID KipRaiseBreakpointException(NTSTATUS ExceptionCode, PVOID CallerPc)
{
    EXCEPTION_RECORD record;
    CONTEXT context;

    memset(&record, 0, sizeof record);
    record.ExceptionCode = ExceptionCode;
    record.ExceptionFlags = 0;          /* continuable on Windows */
    record.ExceptionAddress = CallerPc;
    if (ExceptionCode == STATUS_BREAKPOINT) {
        record.NumberParameters = 1;
        record.ExceptionInformation[0] = 0;   /* BREAKPOINT_BREAK */
    }
    RtlCaptureContext(&context);
    context.Rip = (ULONG64)(ULONG_PTR)CallerPc;
    KiDispatchException(&record, &context, FALSE);
}

/* PUBLIC FUNCTIONS **********************************************************************/

VOID KiBreakpoint(NTSTATUS ExceptionCode, const char *What, PVOID CallerPc,
                  const char *Message, ULONG_PTR Status, BOOLEAN HasStatus)
{
    char line[2048];
    SIZE_T n = 0;
    BOOLEAN debugger = !KdRefreshDebuggerNotPresent();
    KI_BREAK_MODE mode = KipBreakMode();

    /* The optional message, then one line naming the breakpoint, its caller and what
       happens next; all in one write so concurrent output cannot split it. */
    if (Message)
        KipAppendText(line, sizeof line, &n, "%s", Message);
    KipAppendText(line, sizeof line, &n, "kmode: %s in ", What);
    n += KipFormatCaller(line + n, sizeof line - n, CallerPc);
    if (HasStatus)
        KipAppendText(line, sizeof line, &n, " (Status 0x%llx)", (unsigned long long)Status);
    if (debugger)
        KipAppendText(line, sizeof line, &n, ": stopping in the debugger (continue to resume)\n");
    else if (mode == KiBreakContinue)
        KipAppendText(line, sizeof line, &n, ": no debugger, KMODE_BREAK=continue: continuing\n");
    else
        KipAppendText(line, sizeof line, &n, ": no debugger: raising %s\n",
                      ExceptionCode == STATUS_ASSERTION_FAILURE ? "STATUS_ASSERTION_FAILURE"
                                                                : "STATUS_BREAKPOINT");
    HostWriteStderr(line, n);

    if (debugger) {
        KipTrapToDebugger(Status);
        return;
    }
    if (mode == KiBreakContinue)
        return;

    KipRaiseBreakpointException(ExceptionCode, CallerPc);
}

/*
 * @implemented
 * Any IRQL. Breaks into the debugger; see KiBreakpoint for the three behaviours.
 */
VOID NTAPI DbgBreakPoint(VOID)
{
    KiBreakpoint(STATUS_BREAKPOINT, "DbgBreakPoint", __builtin_return_address(0), NULL, 0, FALSE);
}

/*
 * @implemented
 * Any IRQL. DbgBreakPoint that also gives Status to the debugger.
 */
VOID NTAPI DbgBreakPointWithStatus(ULONG Status)
{
    KiBreakpoint(STATUS_BREAKPOINT, "DbgBreakPointWithStatus", __builtin_return_address(0), NULL,
                 Status, TRUE);
}

/*
 * @implemented
 * Any IRQL. Returns TRUE when no debugger is attached (KD_DEBUGGER_NOT_PRESENT), after
 * updating both debugger variables.
 */
BOOLEAN NTAPI KdRefreshDebuggerNotPresent(VOID)
{
    BOOLEAN present = HostDebuggerPresent();

    KdpDebuggerEnabled = present;
    KdpDebuggerNotPresent = !present;
    return KdpDebuggerNotPresent;
}

/*
 * @implemented
 * The int 2c of DbgRaiseAssertionFailure and NT_ASSERT*: prints the assertion, then breaks
 * with STATUS_ASSERTION_FAILURE.
 */
VOID KmodeAssertionFailure(PCSTR Text, PCSTR FileName, ULONG LineNumber)
{
    char message[1024];

    snprintf(message, sizeof message, "*** Assertion failed: %s\n***   Source File: %s, line %u\n",
             Text ? Text : "(DbgRaiseAssertionFailure)", FileName ? FileName : "?",
             (unsigned)LineNumber);
    KiBreakpoint(STATUS_ASSERTION_FAILURE, "assertion failure", __builtin_return_address(0),
                 message, 0, FALSE);
}

/*
 * @implemented
 * KmodeAssertionFailure with a UTF-16 message (NT_ASSERTMSGW).
 */
VOID KmodeAssertionFailureW(PCWSTR Text, PCSTR FileName, ULONG LineNumber)
{
    char text[512];
    char message[1024];

    KipUtf16ToUtf8(Text, text, sizeof text);
    snprintf(message, sizeof message, "*** Assertion failed: %s\n***   Source File: %s, line %u\n",
             Text ? text : "(DbgRaiseAssertionFailure)", FileName ? FileName : "?",
             (unsigned)LineNumber);
    KiBreakpoint(STATUS_ASSERTION_FAILURE, "assertion failure", __builtin_return_address(0),
                 message, 0, FALSE);
}

/*
 * @implemented
 * RTL_SOFT_ASSERT(MSG): reports and returns; a soft assertion never breaks.
 */
VOID KmodeSoftAssertionFailure(PCSTR Expression, PCSTR Message, PCSTR FileName, ULONG LineNumber)
{
    char line[1024];
    int n;

    if (Message)
        n = snprintf(line, sizeof line, "%s(%u): Soft assertion failed\n   Expression: %s\n   Message: %s\n",
                     FileName, (unsigned)LineNumber, Expression, Message);
    else
        n = snprintf(line, sizeof line, "%s(%u): Soft assertion failed\n   Expression: %s\n",
                     FileName, (unsigned)LineNumber, Expression);
    if (n > 0)
        HostWriteStderr(line, (SIZE_T)n < sizeof line ? (SIZE_T)n : sizeof line - 1);
}
