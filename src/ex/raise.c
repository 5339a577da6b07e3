/*
 * PURPOSE: ExRaiseStatus and friends.
 */

/* INCLUDES ******************************************************************************/

#include <string.h>
#include <internal/seh.h>

/* PRIVATE FUNCTIONS *********************************************************************/

static DECLSPEC_NORETURN VOID ExpRaise(NTSTATUS Status, PVOID Caller, PVOID CallerFrame)
{
    EXCEPTION_RECORD Record;
    CONTEXT Context;

    RtlCaptureContext(&Context);
    Context.Rip = (ULONG64)Caller;
    Context.Rsp = (ULONG64)CallerFrame + 16;
    memset(&Record, 0, sizeof Record);
    Record.ExceptionCode = Status;
    Record.ExceptionFlags = EXCEPTION_NONCONTINUABLE;
    Record.ExceptionAddress = Caller;
    KiDispatchException(&Record, &Context, FALSE);
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * <= DISPATCH_LEVEL. Raises a noncontinuable exception with code Status; a __try/__except
 * in a caller can catch it, otherwise the system bugchecks.
 */
__attribute__((noinline)) DECLSPEC_NORETURN VOID NTAPI ExRaiseStatus(NTSTATUS Status)
{
    ExpRaise(Status, __builtin_return_address(0), __builtin_frame_address(0));
}

/* @implemented: raises STATUS_ACCESS_VIOLATION. */
__attribute__((noinline)) DECLSPEC_NORETURN VOID NTAPI ExRaiseAccessViolation(VOID)
{
    ExpRaise(STATUS_ACCESS_VIOLATION, __builtin_return_address(0), __builtin_frame_address(0));
}

/* @implemented: raises STATUS_DATATYPE_MISALIGNMENT. */
__attribute__((noinline)) DECLSPEC_NORETURN VOID NTAPI ExRaiseDatatypeMisalignment(VOID)
{
    ExpRaise(STATUS_DATATYPE_MISALIGNMENT, __builtin_return_address(0),
             __builtin_frame_address(0));
}
