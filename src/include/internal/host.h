/*
 * PURPOSE: The host interface. Everything kmode needs from Linux goes through these
 * primitives, implemented in src/host/linux/. No Linux or glibc header is included by
 * code outside src/host/ except the C library basics (string.h, stdlib.h, stdio.h).
 */
#ifndef _KMODE_INTERNAL_HOST_H_
#define _KMODE_INTERNAL_HOST_H_

#include <ntdef.h>

/* ---- Output and process ---------------------------------------------------------------- */

/* Writes all of Buffer to stderr (retrying short writes), unbuffered. Any IRQL, signal-safe. */
VOID HostWriteStderr(_In_reads_bytes_(Length) const char *Buffer, SIZE_T Length);

/* Ends the process immediately with Status, without running atexit handlers. */
DECLSPEC_NORETURN VOID HostExitProcess(int Status);

/* TRUE when a debugger (ptrace tracer, e.g. gdb) is attached to the process. */
BOOLEAN HostDebuggerPresent(VOID);

/* Raises SIGTRAP so an attached debugger stops at the caller. */
VOID HostBreakIntoDebugger(VOID);

/* Reads an environment variable; NULL when unset. */
const char *HostGetEnvironment(const char *Name);

/* ---- Symbols and stacks ---------------------------------------------------------------- */

typedef struct _HOST_SYMBOL {
    const char *ModulePath;    /* full path of the ELF object holding the address, or NULL */
    const char *ModuleName;    /* its base name without directory and extension ("foo" for foo.sys) */
    const char *Function;      /* demangled function name, or NULL */
    ULONG_PTR Offset;          /* address - function start (or - module base when no function) */
    ULONG_PTR ModuleBase;
    const char *File;          /* source file from debug info, or NULL */
    int Line;                  /* source line, or 0 */
} HOST_SYMBOL;

/* Symbolizes Address (libdw). Strings stay valid for the life of the process.
   Returns FALSE when nothing at all is known about the address. */
BOOLEAN HostSymbolize(PVOID Address, HOST_SYMBOL *Symbol);

/* Captures up to MaxFrames return addresses of the calling thread, skipping SkipFrames
   innermost frames (0 = the caller of HostCaptureStack). Returns the number captured. */
ULONG HostCaptureStack(PVOID *Frames, ULONG MaxFrames, ULONG SkipFrames);

/* ---- Fault signals --------------------------------------------------------------------- */

/* Installs the SIGSEGV/SIGBUS/SIGFPE/SIGILL handlers (chained to any previous handler, on
   an alternate signal stack per thread) that turn hardware faults into NT exceptions.
   Idempotent; called lazily the first time a thread enters a __try. */
VOID HostInstallFaultHandlers(VOID);
/* Makes sure the calling thread has an alternate signal stack. */
VOID HostEnsureAltStack(VOID);

#endif
