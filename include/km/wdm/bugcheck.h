/*
 * PURPOSE: wdm.h part: bugchecks, breakpoints, assertions and the debugger-presence
 * variables.
 *
 * KeBugCheckEx never returns: kmode prints a report modelled on WinDbg's !analyze -v and
 * ends the process with exit status 188 (see include/kmode/bugcheck.h for the test-harness
 * catch API, docs/bugcheck.md for the report and for how breakpoints behave).
 *
 * Breakpoints (DbgBreakPoint, RtlAssert, NT_ASSERT...) in kmode:
 *   - a debugger (gdb) is attached: it stops at the breakpoint; continuing it resumes the
 *     driver, as "g" does in WinDbg;
 *   - no debugger, KMODE_BREAK=exception (the default, Windows' behaviour): the breakpoint
 *     raises STATUS_BREAKPOINT (assertions: STATUS_ASSERTION_FAILURE); unhandled, it ends
 *     in bugcheck 0x1E KMODE_EXCEPTION_NOT_HANDLED;
 *   - no debugger, KMODE_BREAK=continue: kmode prints a line naming the breakpoint and its
 *     caller, and returns.
 *
 * Macro rules mirror the WDK's: ASSERT/ASSERTMSG/RTL_SOFT_ASSERT and NT_ASSERT* exist only
 * when DBG is nonzero; otherwise they expand to nothing and do NOT evaluate their
 * expression. RTL_VERIFY*, NT_VERIFY* always evaluate it (and check it only when DBG).
 * NT_FRE_ASSERT* always check. KdBreakPoint* break only when DBG.
 */
#ifndef _KMODE_WDM_BUGCHECK_H_
#define _KMODE_WDM_BUGCHECK_H_

#include <bugcodes.h>  /* the bugcheck code constants */

KMODE_EXTERN_C_START

/* ---- Bugchecks ------------------------------------------------------------------------- */

/* @implemented: any IRQL. Does not return. */
NTKERNELAPI DECLSPEC_NORETURN VOID NTAPI KeBugCheckEx(
    _In_ ULONG BugCheckCode, _In_ ULONG_PTR BugCheckParameter1, _In_ ULONG_PTR BugCheckParameter2,
    _In_ ULONG_PTR BugCheckParameter3, _In_ ULONG_PTR BugCheckParameter4);

/* @implemented: any IRQL. Does not return. */
NTKERNELAPI DECLSPEC_NORETURN VOID NTAPI KeBugCheck(_In_ ULONG BugCheckCode);

/* ---- Breakpoints ----------------------------------------------------------------------- */

/* @implemented: any IRQL. Breaks into the debugger (STATUS_BREAKPOINT); see above.
   Returns when the debugger continues, a handler continues execution, or in
   KMODE_BREAK=continue mode. */
NTSYSAPI VOID NTAPI DbgBreakPoint(VOID);

/* @implemented: any IRQL. DbgBreakPoint that also hands Status to the debugger (in the
   first argument register, as on x64 Windows) and prints it. */
NTSYSAPI VOID NTAPI DbgBreakPointWithStatus(_In_ ULONG Status);

#if DBG
#define KdBreakPoint() DbgBreakPoint()
#define KdBreakPointWithStatus(s) DbgBreakPointWithStatus(s)
#else
#define KdBreakPoint() ((void)0)
#define KdBreakPointWithStatus(s) ((void)0)
#endif

/* ---- Debugger presence ----------------------------------------------------------------- */

/* As drivers see them on Windows: pointers to the kernel's BOOLEANs. kmode keeps both true
   to "a debugger (ptrace tracer such as gdb) is attached to the process". */
extern PBOOLEAN KdDebuggerNotPresent;
extern PBOOLEAN KdDebuggerEnabled;
#define KD_DEBUGGER_ENABLED     (*KdDebuggerEnabled)
#define KD_DEBUGGER_NOT_PRESENT (*KdDebuggerNotPresent)

/* @implemented: any IRQL. Refreshes KD_DEBUGGER_NOT_PRESENT (and KD_DEBUGGER_ENABLED) from
   the current state and returns the new KD_DEBUGGER_NOT_PRESENT: TRUE when no debugger is
   attached. */
NTKERNELAPI BOOLEAN NTAPI KdRefreshDebuggerNotPresent(VOID);

/* ---- Assertions ------------------------------------------------------------------------ */

/* @implemented: IRQL <= DISPATCH_LEVEL in kmode (no IRQL limit is enforced). Prints
   "*** Assertion failed: <Message><FailedAssertion>" and the source file and line, then
   breaks like DbgBreakPoint (STATUS_BREAKPOINT). The target of ASSERT/ASSERTMSG. */
NTSYSAPI VOID NTAPI RtlAssert(_In_ PVOID VoidFailedAssertion, _In_ PVOID VoidFileName,
                              _In_ ULONG LineNumber, _In_opt_ PSTR MutableMessage);

/* kmode's int 2c: the target of DbgRaiseAssertionFailure and the NT_ASSERT* macros. Prints
   the assertion (Text: the expression or message; may be NULL) with its source location,
   then breaks with STATUS_ASSERTION_FAILURE. @implemented: any IRQL. */
VOID KmodeAssertionFailure(_In_opt_ PCSTR Text, _In_opt_ PCSTR FileName, _In_ ULONG LineNumber);
/* The same with a UTF-16 message (NT_ASSERTMSGW). */
VOID KmodeAssertionFailureW(_In_opt_ PCWSTR Text, _In_opt_ PCSTR FileName, _In_ ULONG LineNumber);
/* RTL_SOFT_ASSERT's report: prints "<file>(<line>): Soft assertion failed" with the
   expression and message, and returns (never breaks). */
VOID KmodeSoftAssertionFailure(_In_ PCSTR Expression, _In_opt_ PCSTR Message, _In_ PCSTR FileName,
                               _In_ ULONG LineNumber);

/* Raises an assertion failure (Windows: the int 2c instruction). */
#define DbgRaiseAssertionFailure() KmodeAssertionFailure(NULL, __FILE__, __LINE__)

#if DBG

#define ASSERT(exp) \
    ((!(exp)) ? (RtlAssert((PVOID)#exp, (PVOID)__FILE__, __LINE__, NULL), FALSE) : TRUE)
#define ASSERTMSG(msg, exp) \
    ((!(exp)) ? (RtlAssert((PVOID)#exp, (PVOID)__FILE__, __LINE__, (PSTR)(msg)), FALSE) : TRUE)
#define RTL_SOFT_ASSERT(exp) \
    ((!(exp)) ? (KmodeSoftAssertionFailure(#exp, NULL, __FILE__, __LINE__), FALSE) : TRUE)
#define RTL_SOFT_ASSERTMSG(msg, exp) \
    ((!(exp)) ? (KmodeSoftAssertionFailure(#exp, (msg), __FILE__, __LINE__), FALSE) : TRUE)
#define RTL_VERIFY ASSERT
#define RTL_VERIFYMSG ASSERTMSG
#define RTL_SOFT_VERIFY RTL_SOFT_ASSERT
#define RTL_SOFT_VERIFYMSG RTL_SOFT_ASSERTMSG

#else /* !DBG: nothing is evaluated, except by the VERIFY forms */

#define ASSERT(exp) ((void)0)
#define ASSERTMSG(msg, exp) ((void)0)
#define RTL_SOFT_ASSERT(exp) ((void)0)
#define RTL_SOFT_ASSERTMSG(msg, exp) ((void)0)
#define RTL_VERIFY(exp) ((exp) ? TRUE : FALSE)
#define RTL_VERIFYMSG(msg, exp) ((exp) ? TRUE : FALSE)
#define RTL_SOFT_VERIFY(exp) ((exp) ? TRUE : FALSE)
#define RTL_SOFT_VERIFYMSG(msg, exp) ((exp) ? TRUE : FALSE)

#endif /* DBG */

#define RTL_ASSERT ASSERT
#define RTL_ASSERTMSG ASSERTMSG

/* A hint for static analysis only: the expression is never evaluated. (The WDK's non-DBG
   form is __noop(exp), which still parses it; an unevaluated sizeof would too, but clang
   warns about side effects there, so kmode drops the expression.) */
#define NT_ANALYSIS_ASSUME(exp) ((void)0)

#define NT_ASSERT_ACTION(exp) \
    ((!(exp)) ? (KmodeAssertionFailure(#exp, __FILE__, __LINE__), FALSE) : TRUE)
#define NT_ASSERTMSG_ACTION(msg, exp) \
    ((!(exp)) ? (KmodeAssertionFailure((msg), __FILE__, __LINE__), FALSE) : TRUE)
#define NT_ASSERTMSGW_ACTION(msg, exp) \
    ((!(exp)) ? (KmodeAssertionFailureW((msg), __FILE__, __LINE__), FALSE) : TRUE)

#if DBG

#define NT_ASSERT_ASSUME(exp) (NT_ANALYSIS_ASSUME(exp), NT_ASSERT_ACTION(exp))
#define NT_ASSERTMSG_ASSUME(msg, exp) (NT_ANALYSIS_ASSUME(exp), NT_ASSERTMSG_ACTION(msg, exp))
#define NT_ASSERTMSGW_ASSUME(msg, exp) (NT_ANALYSIS_ASSUME(exp), NT_ASSERTMSGW_ACTION(msg, exp))
#define NT_ASSERT_NOASSUME NT_ASSERT_ASSUME
#define NT_ASSERTMSG_NOASSUME NT_ASSERTMSG_ASSUME
#define NT_ASSERTMSGW_NOASSUME NT_ASSERTMSGW_ASSUME
#define NT_VERIFY NT_ASSERT
#define NT_VERIFYMSG NT_ASSERTMSG
#define NT_VERIFYMSGW NT_ASSERTMSGW

#else /* !DBG */

/* The WDK's form is (NT_ANALYSIS_ASSUME(exp), 0); kmode's is void like the NOASSUME forms,
   so a statement NT_ASSERT(x); does not trip -Wunused-value. */
#define NT_ASSERT_ASSUME(exp) ((void)0)
#define NT_ASSERTMSG_ASSUME(msg, exp) ((void)0)
#define NT_ASSERTMSGW_ASSUME(msg, exp) ((void)0)
#define NT_ASSERT_NOASSUME(exp) ((void)0)
#define NT_ASSERTMSG_NOASSUME(msg, exp) ((void)0)
#define NT_ASSERTMSGW_NOASSUME(msg, exp) ((void)0)
#define NT_VERIFY(exp) (NT_ANALYSIS_ASSUME(exp), ((exp) ? TRUE : FALSE))
#define NT_VERIFYMSG(msg, exp) (NT_ANALYSIS_ASSUME(exp), ((exp) ? TRUE : FALSE))
#define NT_VERIFYMSGW(msg, exp) (NT_ANALYSIS_ASSUME(exp), ((exp) ? TRUE : FALSE))

#endif /* DBG */

/* Checked in every build. */
#define NT_FRE_ASSERT(exp) (NT_ANALYSIS_ASSUME(exp), NT_ASSERT_ACTION(exp))
#define NT_FRE_ASSERTMSG(msg, exp) (NT_ANALYSIS_ASSUME(exp), NT_ASSERTMSG_ACTION(msg, exp))
#define NT_FRE_ASSERTMSGW(msg, exp) (NT_ANALYSIS_ASSUME(exp), NT_ASSERTMSGW_ACTION(msg, exp))

#ifdef NT_ASSERT_ALWAYS_ASSUMES
#define NT_ASSERT NT_ASSERT_ASSUME
#define NT_ASSERTMSG NT_ASSERTMSG_ASSUME
#define NT_ASSERTMSGW NT_ASSERTMSGW_ASSUME
#else
#define NT_ASSERT NT_ASSERT_NOASSUME
#define NT_ASSERTMSG NT_ASSERTMSG_NOASSUME
#define NT_ASSERTMSGW NT_ASSERTMSGW_NOASSUME
#endif

KMODE_EXTERN_C_END

#endif
