/*
 * PURPOSE: RtlRaiseException: software exceptions.
 */

/* INCLUDES ******************************************************************************/

#include <internal/seh.h>

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * Any IRQL. Raises the exception described by ExceptionRecord on the current thread; as on
 * Windows, ExceptionAddress is set to the caller's return address and the context is the
 * caller's. Source-mode exceptions are never resumed (docs/seh.md), so this returns only
 * in the sense that a handler's code runs after it.
 */
__attribute__((noinline)) VOID NTAPI RtlRaiseException(PEXCEPTION_RECORD ExceptionRecord)
{
    CONTEXT Context;

    RtlCaptureContext(&Context);
    Context.Rip = (ULONG64)__builtin_return_address(0);
    Context.Rsp = (ULONG64)__builtin_frame_address(0) + 16;
    Context.Rbp = *(ULONG64 *)__builtin_frame_address(0);
    ExceptionRecord->ExceptionAddress = (PVOID)Context.Rip;
    KiDispatchException(ExceptionRecord, &Context, FALSE);
}
