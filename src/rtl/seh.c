/*
 * PURPOSE: Source-mode structured exception handling: the __try frame state machine and
 * the frame walk that dispatches an exception (the role RtlDispatchException and the
 * C-specific handler play on Windows). The macros are in include/shared/excpt.h.
 *
 * One __try statement is a for-loop around an if-chain; KmodeSehStep runs between
 * iterations and moves the frame through these states:
 *
 *   INIT --> PROBE --> ARM --> ARMED --> BODY --+--> DONE                      (__except)
 *            (the if-chain     (jump point      |
 *             tells except     recorded, frame  +--> FINALLY_NORMAL --> DONE   (__finally)
 *             from finally)    registered)      |
 *                                               +<-- PENDING_LEAVE (__leave jumped back)
 *
 *   exception dispatched to the frame (the walk jumps back to its jump point):
 *     __except:  PENDING_FILTER --> FILTER --(> 0)--> jump to the statement's jump point:
 *                                                     the handler runs outside the loop
 *                                          --(= 0)--> walk resumes at the next outer frame
 *                                          --(< 0)--> STATUS_NONCONTINUABLE_EXCEPTION raised
 *     __finally: PENDING_UNWIND --> FINALLY_UNWIND --> walk resumes at the next outer frame
 *
 * Each __try statement also takes a slot on a per-thread stack of statement jump points
 * (KmodeSehBeginStatement) before its frame exists: the handler is entered there, in the
 * else-branch of the statement's outer if, so that break/continue in a handler behave.
 * Slot discipline is LIFO: a frame owns slot Frame->Statement; landing in a frame frees the
 * slots above it, and the statement ending (scope exit or handler entry) frees its own.
 *
 * Invariants: a frame is on the thread's chain exactly in states ARMED and BODY; the chain
 * is ordered innermost first, and inner frames live at lower stack addresses than outer
 * ones. A frame leaves the chain before its filter, handler or __finally runs, so an
 * exception raised there goes to the frames outside it, as on Windows.
 */

/* INCLUDES ******************************************************************************/

#include <stdio.h>
#include <string.h>
#include <internal/ke.h>
#include <internal/seh.h>
#include <internal/host.h>

#if defined(__SANITIZE_ADDRESS__)
#define RTLP_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RTLP_ASAN 1
#endif
#endif
#ifdef RTLP_ASAN
void __asan_handle_no_return(void);
#endif

/* GLOBALS *******************************************************************************/

enum {
    RTLP_SEH_INIT = 0,
    RTLP_SEH_PROBE = 1,
    RTLP_SEH_ARM = KMODE_SEH_STATE_ARM,          /* 2 */
    RTLP_SEH_ARMED = 3,
    RTLP_SEH_BODY = KMODE_SEH_STATE_BODY,        /* 4 */
    RTLP_SEH_FINALLY_NORMAL = 5,
    RTLP_SEH_PENDING_FILTER = 6,
    RTLP_SEH_FILTER = 7,
    RTLP_SEH_PENDING_UNWIND = 8,
    RTLP_SEH_HANDLER = 9,
    RTLP_SEH_FINALLY_UNWIND = 10,
    RTLP_SEH_PENDING_LEAVE = 11,
    RTLP_SEH_DONE = 12,
};

enum { RTLP_SEH_KIND_EXCEPT = 1, RTLP_SEH_KIND_FINALLY = 2 };

/* An exception in flight: its record and context stay here while filters and __finally
   blocks run, because the stack they were raised on is abandoned by the jump. */
typedef struct _KMODE_SEH_DISPATCH {
    EXCEPTION_RECORD Record;
    CONTEXT Context;
    EXCEPTION_POINTERS Pointers;
    KMODE_SEH_FRAME *SearchFrame;   /* frame whose filter/__finally runs for this exception */
    BOOLEAN FromFault;              /* a hardware fault: ExceptionAddress is exact */
} KMODE_SEH_DISPATCH;

static KI_TLS KMODE_SEH_DISPATCH RtlpSehDispatches[RTLP_SEH_MAX_NESTING];
static KI_TLS ULONG RtlpSehDispatchDepth;

/* The jump point of each lexically active __try statement, innermost last. */
#define RTLP_SEH_MAX_STATEMENTS 256
typedef struct _RTLP_SEH_STATEMENT {
    KMODE_SEH_JUMP Jump;        /* where the __except handler is entered */
    NTSTATUS SavedCode;         /* GetExceptionCode() value when the statement began */
} RTLP_SEH_STATEMENT;
static KI_TLS RTLP_SEH_STATEMENT RtlpSehStatements[RTLP_SEH_MAX_STATEMENTS];
static KI_TLS ULONG RtlpSehStatementDepth;

/* What GetExceptionCode()/GetExceptionInformation() return in filters and handlers. */
static KI_TLS NTSTATUS RtlpSehCurrentCode;
static KI_TLS PEXCEPTION_POINTERS RtlpSehCurrentPointers;

/* PRIVATE FUNCTIONS *********************************************************************/

/* A broken invariant of kmode's own machinery (not a driver bug). */
static DECLSPEC_NORETURN VOID RtlpSehInternalError(KMODE_SEH_FRAME *Frame, const char *What)
{
    char text[512];
    snprintf(text, sizeof text, "kmode SEH internal error: %s (frame of the __try at %s:%d)",
             What, Frame && Frame->File ? Frame->File : "?", Frame ? Frame->Line : 0);
    KiBugCheck(KMODE_EXCEPTION_NOT_HANDLED, (ULONG_PTR)STATUS_INTERNAL_ERROR, (ULONG_PTR)Frame,
               0, 0, __builtin_return_address(0), text);
}

static VOID RtlpSehUnregister(KMODE_SEH_FRAME *Frame)
{
    if (KiThreadState.SehChain != Frame)
        RtlpSehInternalError(Frame, "frame is not the innermost registered frame");
    KiThreadState.SehChain = Frame->Previous;
    Frame->Previous = NULL;
}

/* Enters Frame's loop again at its jump point, in State. */
static DECLSPEC_NORETURN VOID RtlpSehJumpToFrame(KMODE_SEH_FRAME *Frame, int State)
{
    Frame->State = State;
    RtlpSehStatementDepth = Frame->Statement + 1;   /* inner statements are abandoned */
#ifdef RTLP_ASAN
    /* The frames between here and Frame are abandoned: clear their stack poisoning. */
    __asan_handle_no_return();
#endif
    RtlpSehLongJump(&Frame->Jump, 1);
}

/* Drops the exceptions whose dispatch is over because Frame (an __except frame about to
   run its handler, or a __finally that left by return) is at or outside their search. */
static VOID RtlpSehEndDispatches(KMODE_SEH_FRAME *Frame)
{
    while (RtlpSehDispatchDepth > 0) {
        KMODE_SEH_DISPATCH *d = &RtlpSehDispatches[RtlpSehDispatchDepth - 1];
        if (d->SearchFrame && (ULONG_PTR)d->SearchFrame > (ULONG_PTR)Frame)
            break;  /* searching a frame outside Frame: still in flight */
        RtlpSehDispatchDepth--;
    }
    Frame->Dispatch = NULL;
}

/* Hands the exception to the innermost registered frame; bugchecks when there is none. */
static DECLSPEC_NORETURN VOID RtlpSehContinueSearch(KMODE_SEH_DISPATCH *Dispatch)
{
    KMODE_SEH_FRAME *Frame = KiThreadState.SehChain;

    if (!Frame) {
        RtlpSehDispatchDepth = 0;
        KiUnhandledException(&Dispatch->Record, &Dispatch->Context, Dispatch->FromFault);
    }
    RtlpSehUnregister(Frame);
    Dispatch->SearchFrame = Frame;
    Frame->Dispatch = Dispatch;
    RtlpSehJumpToFrame(Frame, Frame->Kind == RTLP_SEH_KIND_EXCEPT ? RTLP_SEH_PENDING_FILTER
                                                                    : RTLP_SEH_PENDING_UNWIND);
}

/* A filter asked to continue execution. Source-mode exceptions cannot be resumed (the
   raising stack is gone), so this is the noncontinuable case of Windows: raise
   STATUS_NONCONTINUABLE_EXCEPTION, chained to the original, at the next outer frame. */
static DECLSPEC_NORETURN VOID RtlpSehRaiseNoncontinuable(KMODE_SEH_FRAME *Frame)
{
    EXCEPTION_RECORD Record;
    CONTEXT Context;
    KMODE_SEH_DISPATCH *Original = Frame->Dispatch;

    memset(&Record, 0, sizeof Record);
    Record.ExceptionCode = STATUS_NONCONTINUABLE_EXCEPTION;
    Record.ExceptionFlags = EXCEPTION_NONCONTINUABLE;
    Record.ExceptionRecord = &Original->Record;
    Record.ExceptionAddress = (PVOID)Original->Context.Rip;
    Context = Original->Context;
    Frame->State = RTLP_SEH_DONE;
    RtlpSehDispatch(&Record, &Context, FALSE);
}

/* The filter chose to handle: the exception is over; enter the handler, which is the
   else-branch at the statement's jump point, outside the frame's loop. */
static DECLSPEC_NORETURN VOID RtlpSehEnterHandler(KMODE_SEH_FRAME *Frame)
{
    RTLP_SEH_STATEMENT *Statement = &RtlpSehStatements[Frame->Statement];

    RtlpSehCurrentCode = Frame->Dispatch->Record.ExceptionCode;
    RtlpSehCurrentPointers = NULL;
    RtlpSehEndDispatches(Frame);
    Frame->State = RTLP_SEH_HANDLER;
    RtlpSehStatementDepth = Frame->Statement;        /* the statement ends with its handler */
#ifdef RTLP_ASAN
    __asan_handle_no_return();
#endif
    RtlpSehLongJump(&Statement->Jump, 1);
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * Begins dispatching an exception: copies it into the next dispatch slot (nested
 * exceptions stack up) and walks the frames. Does not return.
 */
DECLSPEC_NORETURN VOID RtlpSehDispatch(PEXCEPTION_RECORD Record, PCONTEXT Context,
                                       BOOLEAN FromFault)
{
    KMODE_SEH_DISPATCH *Dispatch;

    if (RtlpSehDispatchDepth >= RTLP_SEH_MAX_NESTING) {
        RtlpSehDispatchDepth = 0;
        KiBugCheck(KMODE_EXCEPTION_NOT_HANDLED, (ULONG_PTR)Record->ExceptionCode,
                   (ULONG_PTR)Record->ExceptionAddress, 0, 0, Record->ExceptionAddress,
                   "too many nested exceptions: an exception was raised while dispatching "
                   "another, repeatedly (a filter or __finally block that keeps faulting)");
    }
    Dispatch = &RtlpSehDispatches[RtlpSehDispatchDepth++];
    Dispatch->Record = *Record;
    if (Record->ExceptionRecord == &Dispatch->Record)
        Dispatch->Record.ExceptionRecord = NULL;
    Dispatch->Context = *Context;
    Dispatch->Pointers.ExceptionRecord = &Dispatch->Record;
    Dispatch->Pointers.ContextRecord = &Dispatch->Context;
    Dispatch->SearchFrame = NULL;
    Dispatch->FromFault = FromFault;
    RtlpSehContinueSearch(Dispatch);
}

ULONG64 RtlpSehSaveState(VOID)
{
    return ((ULONG64)RtlpSehStatementDepth << 32) | RtlpSehDispatchDepth;
}

VOID RtlpSehRestoreState(ULONG64 State)
{
    RtlpSehDispatchDepth = (ULONG)State;
    RtlpSehStatementDepth = (ULONG)(State >> 32);
    RtlpSehCurrentPointers = NULL;
}

/* The rest are the entry points the __try macros expand to. */

KMODE_SEH_JUMP *KmodeSehBeginStatement(void)
{
    RTLP_SEH_STATEMENT *Statement;

    if (RtlpSehStatementDepth >= RTLP_SEH_MAX_STATEMENTS) {
        KiBugCheck(KMODE_EXCEPTION_NOT_HANDLED, (ULONG_PTR)STATUS_STACK_OVERFLOW, 0, 0, 0,
                   __builtin_return_address(0),
                   "more than 256 __try statements are active at once on this thread "
                   "(deep recursion through functions that use __try?)");
    }
    Statement = &RtlpSehStatements[RtlpSehStatementDepth++];
    Statement->SavedCode = RtlpSehCurrentCode;
    return &Statement->Jump;
}

int KmodeSehStep(KMODE_SEH_FRAME *Frame)
{
    switch (Frame->State) {
    case RTLP_SEH_INIT:
        if (RtlpSehStatementDepth == 0)
            RtlpSehInternalError(Frame, "frame outside a __try statement");
        Frame->Statement = RtlpSehStatementDepth - 1;
        Frame->State = RTLP_SEH_PROBE;
        return 1;
    case RTLP_SEH_PROBE:
        if (Frame->Kind == 0)
            RtlpSehInternalError(Frame, "__try without __except or __finally");
        Frame->State = RTLP_SEH_ARM;
        return 1;
    case RTLP_SEH_ARMED:
        Frame->State = RTLP_SEH_BODY;
        return 1;
    case RTLP_SEH_BODY:
        /* The body completed (or a break/continue ended it, which acts as __leave). */
        RtlpSehUnregister(Frame);
        /* fall through */
    case RTLP_SEH_PENDING_LEAVE:
        if (Frame->Kind == RTLP_SEH_KIND_EXCEPT) {
            Frame->State = RTLP_SEH_DONE;
            return 0;
        }
        Frame->State = RTLP_SEH_FINALLY_NORMAL;
        return 1;
    case RTLP_SEH_FINALLY_NORMAL:
        Frame->State = RTLP_SEH_DONE;
        return 0;
    case RTLP_SEH_PENDING_FILTER:
        Frame->State = RTLP_SEH_FILTER;
        RtlpSehCurrentCode = Frame->Dispatch->Record.ExceptionCode;
        RtlpSehCurrentPointers = &Frame->Dispatch->Pointers;
        return 1;
    case RTLP_SEH_FILTER:
        /* As the C-specific handler does: positive executes, zero searches on, negative
           asks to continue execution. */
        RtlpSehCurrentPointers = NULL;
        if (Frame->FilterResult > 0)
            RtlpSehEnterHandler(Frame);
        if (Frame->FilterResult == 0) {
            Frame->State = RTLP_SEH_DONE;
            RtlpSehContinueSearch(Frame->Dispatch);
        }
        RtlpSehRaiseNoncontinuable(Frame);
    case RTLP_SEH_PENDING_UNWIND:
        Frame->State = RTLP_SEH_FINALLY_UNWIND;
        return 1;
    case RTLP_SEH_FINALLY_UNWIND:
        Frame->State = RTLP_SEH_DONE;
        RtlpSehContinueSearch(Frame->Dispatch);
    case RTLP_SEH_DONE:
        return 0;
    default:
        RtlpSehInternalError(Frame, "frame in an impossible state");
    }
}

void KmodeSehRegister(KMODE_SEH_FRAME *Frame, const char *File, int Line)
{
    HostEnsureAltStack();
    Frame->File = File;
    Frame->Line = Line;
    Frame->Previous = KiThreadState.SehChain;
    KiThreadState.SehChain = Frame;
    Frame->State = RTLP_SEH_ARMED;
}

void KmodeSehLanded(KMODE_SEH_FRAME *Frame)
{
    /* The jump set the state; nothing else to do but check it is one a jump sets. */
    if (Frame->State != RTLP_SEH_PENDING_FILTER && Frame->State != RTLP_SEH_PENDING_UNWIND &&
        Frame->State != RTLP_SEH_PENDING_LEAVE)
        RtlpSehInternalError(Frame, "jumped back into a frame in a wrong state");
}

int KmodeSehIsFilterPhase(KMODE_SEH_FRAME *Frame)
{
    if (Frame->State == RTLP_SEH_PROBE) {
        Frame->Kind = RTLP_SEH_KIND_EXCEPT;
        return 0;
    }
    return Frame->State == RTLP_SEH_FILTER;
}

int KmodeSehIsFinallyPhase(KMODE_SEH_FRAME *Frame)
{
    if (Frame->State == RTLP_SEH_PROBE) {
        Frame->Kind = RTLP_SEH_KIND_FINALLY;
        return 0;
    }
    return Frame->State == RTLP_SEH_FINALLY_NORMAL || Frame->State == RTLP_SEH_FINALLY_UNWIND;
}

/* Runs whenever control leaves the frame's loop by ending it, return, goto or break (not
   when the handler is entered: that leaves by a jump). */
void KmodeSehScopeExit(KMODE_SEH_FRAME *Frame)
{
    /* The statement is over: release its jump point and restore the code an enclosing
       handler sees. */
    RtlpSehStatementDepth = Frame->Statement;
    RtlpSehCurrentCode = RtlpSehStatements[Frame->Statement].SavedCode;
    switch (Frame->State) {
    case RTLP_SEH_ARMED:
    case RTLP_SEH_BODY:
        /* return / goto / break out of the body. */
        RtlpSehUnregister(Frame);
        if (Frame->Kind == RTLP_SEH_KIND_FINALLY) {
            char text[512];
            snprintf(text, sizeof text,
                     "control left the __try block at %s:%d by return, goto or break; kmode's "
                     "source-mode SEH cannot run its __finally block on that path. Use __leave "
                     "to leave a __try that has a __finally (docs/seh.md).",
                     Frame->File ? Frame->File : "?", Frame->Line);
            KiBugCheck(KMODE_EXCEPTION_NOT_HANDLED, (ULONG_PTR)STATUS_NOT_IMPLEMENTED,
                       (ULONG_PTR)Frame, 0, 0, __builtin_return_address(0), text);
        }
        Frame->State = RTLP_SEH_DONE;
        break;
    case RTLP_SEH_FINALLY_UNWIND:
        /* return out of a __finally during unwinding dismisses the exception (as MSVC). */
        RtlpSehEndDispatches(Frame);
        Frame->State = RTLP_SEH_DONE;
        break;
    default:
        break;
    }
}

void KmodeSehLeave(KMODE_SEH_FRAME *Frame)
{
    if (Frame->State != RTLP_SEH_BODY)
        RtlpSehInternalError(Frame, "__leave outside the body of its __try");
    RtlpSehUnregister(Frame);
    RtlpSehJumpToFrame(Frame, RTLP_SEH_PENDING_LEAVE);
}

int KmodeSehExceptionCode(void)
{
    return RtlpSehCurrentCode;
}

struct _EXCEPTION_POINTERS *KmodeSehExceptionInformation(void)
{
    /* Valid in a filter only, as on Windows; elsewhere NULL. */
    return RtlpSehCurrentPointers;
}

int KmodeSehAbnormalTermination(KMODE_SEH_FRAME *Frame)
{
    return Frame->State == RTLP_SEH_FINALLY_UNWIND;
}
