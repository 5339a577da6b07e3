/*
 * PURPOSE: Kernel-internal declarations shared across the runtime (per-thread state,
 * bugcheck plumbing).
 */
#ifndef _KMODE_INTERNAL_KE_H_
#define _KMODE_INTERNAL_KE_H_

#include <wdm.h>
#include <kmode/bugcheck.h>

struct _KMODE_SEH_FRAME;
struct _KI_BUGCHECK_CATCH;

/* Per-thread kernel state. One instance per host thread (thread-local storage). */
typedef struct _KI_THREAD_STATE {
    struct _KMODE_SEH_FRAME *SehChain;         /* innermost registered __try frame */
    struct _KI_BUGCHECK_CATCH *BugCheckCatch;  /* innermost KmodeCatchBugCheck on this thread */
    ULONG BugCheckDepth;                       /* nested bugchecks (a bugcheck while reporting) */
} KI_THREAD_STATE;

extern __thread KI_THREAD_STATE KiThreadState;

/*
 * The one bugcheck path: KeBugCheckEx and every internal detector end here. CallerPc is the
 * address that triggered it (used to name the faulting driver/function in the report);
 * Explanation is an optional plain-language sentence appended to the report.
 */
DECLSPEC_NORETURN VOID KiBugCheck(ULONG Code, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3,
                                  ULONG_PTR P4, PVOID CallerPc, const char *Explanation);

/*
 * KiBugCheck's CallerPc is a return address (what __builtin_return_address(0) gives): the
 * report symbolizes CallerPc - 1 so file:line name the call, not the line after it.
 * KiBugCheckAtFault takes instead the exact address of a faulting instruction (the PC of a
 * signal context, an exception record's ExceptionAddress) and symbolizes it as is.
 * Explanation, when given, is printed in the report's ANALYSIS section before kmode's
 * generic explanation of the code.
 */
DECLSPEC_NORETURN VOID KiBugCheckAtFault(ULONG Code, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3,
                                         ULONG_PTR P4, PVOID FaultPc, const char *Explanation);

/*
 * Report hooks for state other subsystems own. Each, when set, appends its section to the
 * bugcheck report: it writes at most Capacity - 1 characters plus a NUL into Buffer and
 * returns the number written (0: nothing to say). They run on the bugchecking thread, in
 * the middle of a crash: no locks, no allocation. NULL (the default) omits the section.
 *   KiBugCheckIrqlHook  - "CURRENT_IRQL: ..."  (IRQL tracking, a later issue)
 *   KiBugCheckLocksHook - "LOCKS_HELD: ..."    (spin locks / mutexes held by the thread)
 *   KiBugCheckIrpHook   - "IRP_ADDRESS: ..."   (the IRP being processed, its stack)
 */
typedef SIZE_T (*PKI_BUGCHECK_REPORT_HOOK)(char *Buffer, SIZE_T Capacity);
extern PKI_BUGCHECK_REPORT_HOOK KiBugCheckIrqlHook;
extern PKI_BUGCHECK_REPORT_HOOK KiBugCheckLocksHook;
extern PKI_BUGCHECK_REPORT_HOOK KiBugCheckIrpHook;

/*
 * Records the current stack as that of an exception about to be dispatched (call it where
 * dispatch starts, with the record's ExceptionAddress). If the exception goes unhandled,
 * the bugcheck report (0x1E/0x7E/0x8E/0x3B with Arg2 == ExceptionAddress) prints this
 * stack: by then source-mode SEH has left the raising frames. Per thread; the last call
 * wins.
 */
VOID KiRecordExceptionStack(PVOID ExceptionAddress);

/*
 * The one breakpoint path (DbgBreakPoint, RtlAssert, the assertion macros). Prints Message
 * (may be NULL) and a line naming What and its caller (CallerPc, a return address), then:
 * with a debugger attached, traps into it and returns when it continues; with
 * KMODE_BREAK=continue, returns; otherwise raises ExceptionCode (STATUS_BREAKPOINT or
 * STATUS_ASSERTION_FAILURE), which bugchecks 0x1E when unhandled. Status (when HasStatus)
 * is DbgBreakPointWithStatus's value for the debugger.
 */
VOID KiBreakpoint(NTSTATUS ExceptionCode, const char *What, PVOID CallerPc, const char *Message,
                  ULONG_PTR Status, BOOLEAN HasStatus);

#endif
