/*
 * PURPOSE: Private definitions of the user-mode CRT files (src/win32/crt_*.c): the
 * invalid parameter report they share.
 */
#ifndef _KMODE_WIN32_CRTP_H_
#define _KMODE_WIN32_CRTP_H_

#include <ntdef.h>

/*
 * The UCRT's _invalid_parameter_noinfo: the CRT function got an argument its contract
 * forbids (a NULL buffer, an invalid format in a _s function). Calls the thread's handler,
 * else the process's (_set_invalid_parameter_handler) and returns; with neither, ends the
 * process as a release UCRT does (a fast fail: exit status STATUS_STACK_BUFFER_OVERRUN)
 * after a line on standard error naming Function. The caller then sets errno and returns
 * its documented failure value.
 */
VOID KmcrtInvalidParameter(_In_ PCSTR Function);

/* The body of a variadic CRT function that hands its arguments (Args) to expr. */
#define KMCRTP_VARIADIC(expr)       \
    do {                            \
        va_list Args;               \
        int result;                 \
        va_start(Args, Format);     \
        result = (expr);            \
        va_end(Args);               \
        return result;              \
    } while (0)

#endif
