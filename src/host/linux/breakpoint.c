/*
 * PURPOSE: Host support for breakpoints raised by DbgBreakPoint and the assertion macros
 * while a tracer is attached.
 */

/* INCLUDES ******************************************************************************/

#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <internal/host.h>

/* GLOBALS *******************************************************************************/

static atomic_int HostpTrapPrepared;

/* PRIVATE FUNCTIONS *********************************************************************/

/* int3 is a trap: the saved PC is already past the instruction, so returning resumes the
   code after the breakpoint, exactly what a debugger's "go" does. */
static void HostpIgnoreTrap(int Signal)
{
    (void)Signal;
}

/* PUBLIC FUNCTIONS **********************************************************************/

VOID HostPrepareBreakpointTrap(VOID)
{
    struct sigaction current;
    struct sigaction sa;

    if (atomic_exchange(&HostpTrapPrepared, 1))
        return;
    if (sigaction(SIGTRAP, NULL, &current) != 0)
        return;
    /* Someone (a sanitizer, the application) already handles or ignores SIGTRAP: leave it
       alone. (sa_handler and sa_sigaction share storage; SIG_DFL is the null value.) */
    if (current.sa_handler != SIG_DFL)
        return;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = HostpIgnoreTrap;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGTRAP, &sa, NULL);
}
