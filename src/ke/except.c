/*
 * PURPOSE: Kernel side of exception dispatch: entry from raises and from hardware faults,
 * and the bugcheck for an exception no frame handles.
 */

/* INCLUDES ******************************************************************************/

#include <stdio.h>
#include <string.h>
#include <internal/ke.h>
#include <internal/seh.h>
#include <internal/host.h>
#include <internal/vfpool.h>
#include <internal/ldr.h>

/* PUBLIC FUNCTIONS **********************************************************************/

DECLSPEC_NORETURN VOID KiDispatchException(PEXCEPTION_RECORD Record, PCONTEXT Context,
                                           BOOLEAN FromFault)
{
    /* If nothing handles it, the report shows this stack: by then the frames that raised
       it have been left. */
    KiRecordExceptionStack(Record->ExceptionAddress);
    RtlpSehDispatch(Record, Context, FromFault);
}

BOOLEAN KiResolveHostFault(NTSTATUS Code, ULONG NumberParameters, const ULONG_PTR *Parameters,
                           PCONTEXT Context)
{
    /* A special pool guard or freed page: a bugcheck no __try can catch (0xD5/0xD6...); a
       page force IRQL checking paged out (paged pool, pageable driver code): paged back in
       at low IRQL, 0xD1/0xA at DISPATCH_LEVEL and above. */
    if (Code != STATUS_ACCESS_VIOLATION || NumberParameters < 2)
        return FALSE;
    if (VfIsSpecialPoolAddress((const void *)Parameters[1]))
        return VfSpecialPoolFault(Parameters[1], Parameters[0], (PVOID)Context->Rip);
    return MmpPageableCodeFault(Parameters[1], Parameters[0], (PVOID)Context->Rip);
}

BOOLEAN KiAcceptsHostFault(VOID)
{
    const char *Policy;

    if (!KiThreadState.SehChain) {
        /* No __try on this thread: on Windows this is an unhandled exception (a bugcheck).
           KMODE_FAULTS=chain leaves such faults to the previously installed handler
           instead (e.g. a sanitizer's SEGV report). */
        Policy = HostGetEnvironment("KMODE_FAULTS");
        if (Policy && strcmp(Policy, "chain") == 0)
            return FALSE;
    }
    return TRUE;
}

BOOLEAN KiHandleHostFault(NTSTATUS Code, ULONG NumberParameters, const ULONG_PTR *Parameters,
                          PCONTEXT Context)
{
    EXCEPTION_RECORD Record;

    if (!KiAcceptsHostFault())
        return FALSE;
    memset(&Record, 0, sizeof Record);
    Record.ExceptionCode = Code;
    Record.ExceptionAddress = (PVOID)Context->Rip;
    if (NumberParameters > EXCEPTION_MAXIMUM_PARAMETERS)
        NumberParameters = EXCEPTION_MAXIMUM_PARAMETERS;
    Record.NumberParameters = NumberParameters;
    for (ULONG i = 0; i < NumberParameters; i++)
        Record.ExceptionInformation[i] = Parameters[i];
    KiDispatchException(&Record, Context, TRUE);
}

/*
 * No frame handled the exception. In a system thread (PsCreateSystemThread, system worker
 * threads) Windows' thread startup frame catches it: 0x7E SYSTEM_THREAD_EXCEPTION_NOT_HANDLED
 * (code, address, exception record, context record). Elsewhere (kmode's main and test
 * threads, DPC workers) 0x1E KMODE_EXCEPTION_NOT_HANDLED (code, address, first two
 * parameters). The code is sign-extended to 64 bits, as x64 Windows shows it (Arg1
 * ffffffffc0000005).
 */
DECLSPEC_NORETURN VOID KiUnhandledException(PEXCEPTION_RECORD Record, PCONTEXT Context,
                                            BOOLEAN FromFault)
{
    char text[256];

    if (Record->ExceptionCode == STATUS_ACCESS_VIOLATION && Record->NumberParameters >= 2) {
        snprintf(text, sizeof text,
                 "The code at the faulting address %s memory at 0x%llx, and no __try/__except "
                 "handled the access violation.",
                 Record->ExceptionInformation[0] == 1 ? "wrote" :
                 Record->ExceptionInformation[0] == 8 ? "executed" : "read",
                 (unsigned long long)Record->ExceptionInformation[1]);
    } else {
        snprintf(text, sizeof text,
                 "Exception 0x%08x was raised and no __try/__except handled it.",
                 (unsigned)Record->ExceptionCode);
    }
    /* A fault's address is the faulting instruction itself; a raise's is a return address. */
    if (KiThreadState.Thread != NULL && KiThreadState.Thread->SystemThread) {
        (FromFault ? KiBugCheckAtFault : KiBugCheck)(
            SYSTEM_THREAD_EXCEPTION_NOT_HANDLED, (ULONG_PTR)(LONG_PTR)Record->ExceptionCode,
            (ULONG_PTR)Record->ExceptionAddress, (ULONG_PTR)Record, (ULONG_PTR)Context,
            Record->ExceptionAddress, text);
    }
    (FromFault ? KiBugCheckAtFault : KiBugCheck)(
        KMODE_EXCEPTION_NOT_HANDLED, (ULONG_PTR)(LONG_PTR)Record->ExceptionCode,
        (ULONG_PTR)Record->ExceptionAddress, Record->ExceptionInformation[0],
        Record->ExceptionInformation[1], Record->ExceptionAddress, text);
}
