/*
 * PURPOSE: User-mode CRT: the invalid parameter handler (_set_invalid_parameter_handler,
 * _set_thread_local_invalid_parameter_handler and their _get_ forms) and the report the
 * CRT functions make through it (crtp.h). Declarations: include/um/crt/stdlib.h.
 */

/* INCLUDES ******************************************************************************/

#include <stdio.h>
#include <internal/host.h>
#include <ntstatus.h>
#include "crtp.h"

/* GLOBALS *******************************************************************************/

typedef void (__cdecl *KMP_INVALID_PARAMETER_HANDLER)(const WCHAR *Expression,
    const WCHAR *Function, const WCHAR *File, unsigned int Line, __UINTPTR_TYPE__ Reserved);

static KMP_INVALID_PARAMETER_HANDLER KmpProcessHandler;
static __thread KMP_INVALID_PARAMETER_HANDLER KmpThreadHandler;

/* PRIVATE FUNCTIONS *********************************************************************/

VOID KmcrtInvalidParameter(_In_ PCSTR Function)
{
    KMP_INVALID_PARAMETER_HANDLER handler = KmpThreadHandler;

    if (!handler)
        handler = __atomic_load_n(&KmpProcessHandler, __ATOMIC_ACQUIRE);
    if (handler) {
        /* A release UCRT passes no expression, function, file or line. */
        handler(NULL, NULL, NULL, 0, 0);
        return;
    }
    /* Windows' default: __fastfail(FAST_FAIL_INVALID_ARG), the process ends at once (no
       atexit, no flushing) with STATUS_STACK_BUFFER_OVERRUN. */
    fflush(stdout);
    fprintf(stderr, "kmode: invalid parameter passed to the C runtime function %s: the process "
                    "ends with 0x%08X (STATUS_STACK_BUFFER_OVERRUN), as on Windows\n",
            Function, (unsigned)STATUS_STACK_BUFFER_OVERRUN);
    fflush(stderr);
    HostExitProcess((int)STATUS_STACK_BUFFER_OVERRUN);
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * Installs the process's handler (NULL: the default, which ends the process); returns the
 * previous one.
 */
KMP_INVALID_PARAMETER_HANDLER kmcrt__set_invalid_parameter_handler(KMP_INVALID_PARAMETER_HANDLER Handler)
{
    return __atomic_exchange_n(&KmpProcessHandler, Handler, __ATOMIC_ACQ_REL);
}

KMP_INVALID_PARAMETER_HANDLER kmcrt__get_invalid_parameter_handler(void)
{
    return __atomic_load_n(&KmpProcessHandler, __ATOMIC_ACQUIRE);
}

/*
 * @implemented
 * Installs the calling thread's handler, which takes precedence over the process's.
 */
KMP_INVALID_PARAMETER_HANDLER kmcrt__set_thread_local_invalid_parameter_handler(KMP_INVALID_PARAMETER_HANDLER Handler)
{
    KMP_INVALID_PARAMETER_HANDLER old = KmpThreadHandler;
    KmpThreadHandler = Handler;
    return old;
}

KMP_INVALID_PARAMETER_HANDLER kmcrt__get_thread_local_invalid_parameter_handler(void)
{
    return KmpThreadHandler;
}
