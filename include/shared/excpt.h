/*
 * PURPOSE: Structured exception handling in source mode: __try / __except / __finally /
 * __leave, GetExceptionCode(), GetExceptionInformation(), AbnormalTermination().
 *
 * gcc and clang have no SEH for ELF targets, so kmode implements it with frame records:
 *
 *   __try            if (setjump(statement jump point) == 0)
 *                        for (frame F with scope-exit cleanup; KmodeSehStep(&F); )
 *                            if (F.State == ARM) { setjump(F.Jump) ? landed : register F }
 *                            else if (F.State == BODY)
 *   { body }
 *   __except(expr)           else if (filter phase) F.FilterResult = (expr);
 *                            else ;
 *                    else
 *   { handler }
 *
 * KmodeSehStep drives a small state machine (src/rtl/seh.c has the diagram): a probe pass
 * learns whether the frame is an __except or a __finally frame, the arm pass registers the
 * frame on the thread's chain and records a jump point, then the body runs. An exception
 * (RtlRaiseException, ExRaiseStatus, or a hardware fault turned into one by the signal
 * handler) is dispatched to the innermost registered frame: the runtime jumps back to the
 * frame's jump point, the loop evaluates the filter (or runs the __finally), and Step
 * decides: run the handler, or continue the search outward.
 *
 * Behaviour kmode matches: nesting; filters see the exception (GetExceptionCode,
 * GetExceptionInformation); EXCEPTION_CONTINUE_SEARCH; __finally on normal completion, on
 * __leave and during exception unwinding (AbnormalTermination() TRUE there); return and
 * goto out of a __try/__except; hardware faults; unhandled exceptions bugcheck (0x1E/0x7E).
 *
 * Source-mode differences from Windows (docs/seh.md explains each):
 *  - Frames are visited innermost first in one pass: an inner __finally runs before an
 *    outer filter is evaluated (Windows evaluates all filters first, then unwinds).
 *  - Exceptions are not continuable: EXCEPTION_CONTINUE_EXECUTION raises
 *    STATUS_NONCONTINUABLE_EXCEPTION, as Windows does for a noncontinuable exception.
 *  - Leaving a __try/__finally body by return, goto or break cannot run the __finally; kmode
 *    detects it and bugchecks loudly (0x1E, STATUS_NOT_IMPLEMENTED). Use __leave.
 *  - break/continue directly inside a __try body or a __finally block end the __try (like
 *    __leave) instead of reaching the loop around it. (In an __except handler they work.)
 *  - GetExceptionCode() in a handler that has itself handled a nested exception before the
 *    call returns the nested exception's code.
 *  - An unbraced `if (c) __try {} __finally {} else ...` binds the else wrongly: brace it.
 *  - clang keeps locals in registers across the jump point; so that locals modified in a
 *    __try body keep their values in the handler (as MSVC guarantees), clang compiles the
 *    rest of a translation unit that includes this header without optimisation, unless
 *    KMODE_SEH_ALLOW_CLANG_OPTIMIZATION is defined (then such locals must be volatile).
 *    gcc models the jump edges itself and needs nothing.
 */
#ifndef _KMODE_EXCPT_H_
#define _KMODE_EXCPT_H_

#include <kmode/msvc.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Filter results. */
#define EXCEPTION_EXECUTE_HANDLER     1
#define EXCEPTION_CONTINUE_SEARCH     0
#define EXCEPTION_CONTINUE_EXECUTION (-1)

typedef enum _EXCEPTION_DISPOSITION {
    ExceptionContinueExecution,
    ExceptionContinueSearch,
    ExceptionNestedException,
    ExceptionCollidedUnwind
} EXCEPTION_DISPOSITION;

struct _EXCEPTION_POINTERS;
struct _KMODE_SEH_DISPATCH;

/* Callee-saved registers, stack pointer, resume address, MXCSR and x87 control word. */
typedef struct _KMODE_SEH_JUMP {
    unsigned long long Registers[9];
} KMODE_SEH_JUMP;

/* One __try statement's registration record. Lives in the function's stack frame. */
typedef struct _KMODE_SEH_FRAME {
    struct _KMODE_SEH_FRAME *Previous;        /* next outer registered frame on this thread */
    int State;                                /* RTLP_SEH_* state (src/rtl/seh.c) */
    int Kind;                                 /* 1 = __except, 2 = __finally, 0 = not yet known */
    int FilterResult;                         /* value of the __except filter expression */
    unsigned int Statement;                   /* index of the statement's handler jump point */
    struct _KMODE_SEH_DISPATCH *Dispatch;     /* exception being dispatched to this frame */
    const char *File;                         /* where the __try is, for diagnostics */
    int Line;
    KMODE_SEH_JUMP Jump;
} KMODE_SEH_FRAME;

#define KMODE_SEH_STATE_ARM     2
#define KMODE_SEH_STATE_BODY    4

KMODE_SEH_JUMP *KmodeSehBeginStatement(void);
int KmodeSehStep(KMODE_SEH_FRAME *Frame);
void KmodeSehRegister(KMODE_SEH_FRAME *Frame, const char *File, int Line);
void KmodeSehLanded(KMODE_SEH_FRAME *Frame);
int KmodeSehIsFilterPhase(KMODE_SEH_FRAME *Frame);
int KmodeSehIsFinallyPhase(KMODE_SEH_FRAME *Frame);
void KmodeSehScopeExit(KMODE_SEH_FRAME *Frame);
__attribute__((__noreturn__)) void KmodeSehLeave(KMODE_SEH_FRAME *Frame);
int KmodeSehExceptionCode(void);
struct _EXCEPTION_POINTERS *KmodeSehExceptionInformation(void);
int KmodeSehAbnormalTermination(KMODE_SEH_FRAME *Frame);
__attribute__((__returns_twice__)) int KmodeSehSetJump(KMODE_SEH_JUMP *Jump);

/*
 * The handler of an __except is the else-branch of the outer if, outside the loop, so
 * break and continue in a handler reach the loop around the __try as they do on Windows.
 * The statement's jump point (KmodeSehBeginStatement) is where the handler is entered.
 */
#ifdef __cplusplus
#define KMODE_SEH_ZERO_INIT {}
#else
#define KMODE_SEH_ZERO_INIT { 0 }
#endif
#ifdef __clang__
/* A __try/__finally leaves the outer if without an else on purpose. */
#define KMODE_SEH_DIAG_BEGIN \
    _Pragma("clang diagnostic push") _Pragma("clang diagnostic ignored \"-Wdangling-else\"")
#define KMODE_SEH_DIAG_END _Pragma("clang diagnostic pop")
#else
#define KMODE_SEH_DIAG_BEGIN
#define KMODE_SEH_DIAG_END
#endif

#define __try \
    KMODE_SEH_DIAG_BEGIN \
    if (KmodeSehSetJump(KmodeSehBeginStatement()) == 0) \
        for (KMODE_SEH_FRAME _KmSeh __attribute__((__cleanup__(KmodeSehScopeExit))) = \
                 KMODE_SEH_ZERO_INIT; \
             KmodeSehStep(&_KmSeh);) \
            if (_KmSeh.State == KMODE_SEH_STATE_ARM) { \
                if (KmodeSehSetJump(&_KmSeh.Jump) == 0) \
                    KmodeSehRegister(&_KmSeh, __FILE__, __LINE__); \
                else \
                    KmodeSehLanded(&_KmSeh); \
            } else \
    KMODE_SEH_DIAG_END \
            if (_KmSeh.State == KMODE_SEH_STATE_BODY)

#define __except(...) \
            else if (KmodeSehIsFilterPhase(&_KmSeh)) \
                _KmSeh.FilterResult = (int)(__VA_ARGS__); \
            else \
                (void)0; \
    else

#define __finally \
            else if (KmodeSehIsFinallyPhase(&_KmSeh))

#define __leave KmodeSehLeave(&_KmSeh)

#define GetExceptionCode()            ((NTSTATUS)KmodeSehExceptionCode())
#define GetExceptionInformation()     KmodeSehExceptionInformation()
#define AbnormalTermination()         KmodeSehAbnormalTermination(&_KmSeh)
#define _exception_code()             GetExceptionCode()
#define _exception_info()             GetExceptionInformation()
#define _abnormal_termination()       AbnormalTermination()

/* Plain try/except/finally/leave spellings (the DDK's old macros). */
#if !defined(KMODE_NO_SEH_KEYWORD_ALIASES) && !defined(KMODE_RUNTIME)
#ifndef __cplusplus
#define try     __try
#define except  __except
#define finally __finally
#define leave   __leave
#endif
#endif

#ifdef __cplusplus
}
#endif

#if defined(__GNUC__) && !defined(__clang__)
/* gcc puts locals that live across the jump point in memory, so its -Wclobbered warnings
   about driver code using __try are noise. */
#pragma GCC diagnostic ignored "-Wclobbered"
#endif

#if defined(__clang__) && !defined(KMODE_SEH_ALLOW_CLANG_OPTIMIZATION) && !defined(KMODE_RUNTIME)
/* See the header comment: clang does not model the edge from a raise back to the jump
   point, so code after this header is compiled without optimisation for MSVC semantics. */
#pragma clang optimize off
#endif

#endif /* _KMODE_EXCPT_H_ */
