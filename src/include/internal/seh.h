/*
 * PURPOSE: Exception dispatch inside the runtime (source-mode SEH).
 *
 * Flow of an exception:
 *   RtlRaiseException / ExRaiseStatus --+
 *   hardware fault: host signal handler -+-> KiDispatchException (ke/except.c)
 *        -> RtlpSehDispatch (rtl/seh.c): copies record+context into a per-thread dispatch
 *           slot, then walks the thread's registered __try frames innermost first:
 *             __except frame:  jump back into the frame, evaluate its filter there;
 *                              EXECUTE_HANDLER runs the handler, CONTINUE_SEARCH resumes
 *                              the walk at the next outer frame;
 *             __finally frame: jump back, run the __finally (AbnormalTermination() TRUE),
 *                              resume the walk.
 *        -> no frame left: KiUnhandledException bugchecks (0x1E, or 0x7E on system threads).
 */
#ifndef _KMODE_INTERNAL_SEH_H_
#define _KMODE_INTERNAL_SEH_H_

#include <wdm.h>

/* Maximum number of exceptions in flight at once on one thread (an exception raised by a
   filter or a __finally while another is being dispatched is nested). */
#define RTLP_SEH_MAX_NESTING 8

/* Dispatches an exception on the current thread. Does not return. FromFault: a hardware
   fault (ExceptionAddress is the faulting instruction, not a return address). */
DECLSPEC_NORETURN VOID KiDispatchException(_In_ PEXCEPTION_RECORD Record, _In_ PCONTEXT Context,
                                           _In_ BOOLEAN FromFault);

/* Faults resolved where they happen, in the fault signal handler: TRUE when the faulting
   instruction can run again (the verifier paged a special pool page back in); a fault in
   special pool that is a driver bug bugchecks here. FALSE: an exception to dispatch. */
BOOLEAN KiResolveHostFault(_In_ NTSTATUS Code, _In_ ULONG NumberParameters,
                           _In_ const ULONG_PTR *Parameters, _In_ PCONTEXT Context);

/* FALSE when kmode leaves a fault on this thread to the previously installed handler (only
   with KMODE_FAULTS=chain and no __try frame registered). Async-signal-safe. */
BOOLEAN KiAcceptsHostFault(VOID);

/* Dispatches a fault already translated to NT terms (from the code the host's fault signal
   handler resumes the thread in, or the handler itself for a stack overflow). Returns FALSE
   when KiAcceptsHostFault would; otherwise
   does not return. */
BOOLEAN KiHandleHostFault(_In_ NTSTATUS Code, _In_ ULONG NumberParameters,
                          _In_ const ULONG_PTR *Parameters,
                          _In_ PCONTEXT Context);

/* rtl/seh.c: begin dispatching a (copied) exception through the registered frames. */
DECLSPEC_NORETURN VOID RtlpSehDispatch(_In_ PEXCEPTION_RECORD Record, _In_ PCONTEXT Context,
                                       _In_ BOOLEAN FromFault);

/* ke/except.c: no frame handled the exception. */
DECLSPEC_NORETURN VOID KiUnhandledException(_In_ PEXCEPTION_RECORD Record, _In_ PCONTEXT Context,
                                            _In_ BOOLEAN FromFault);

/* rtl/seh.c: snapshot and restore of the per-thread SEH bookkeeping (exceptions in flight,
   active statements), for KmodeCatchBugCheck: a bugcheck abandons everything above it. */
ULONG64 RtlpSehSaveState(VOID);
VOID RtlpSehRestoreState(ULONG64 State);

/* rtl/amd64/jump.S */
DECLSPEC_NORETURN VOID RtlpSehLongJump(KMODE_SEH_JUMP *Jump, int Value);

#endif
