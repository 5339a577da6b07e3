/*
 * PURPOSE: RtlAssert, the routine behind the ASSERT and ASSERTMSG macros (DBG builds).
 */

/* INCLUDES ******************************************************************************/

#include <stdio.h>
#include <internal/ke.h>

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * Any IRQL in kmode. Prints the failed assertion with its source file and line, then breaks like
 * DbgBreakPoint: a debugger stops here; without one the STATUS_BREAKPOINT exception is
 * raised (bugcheck 0x1E if unhandled) or, with KMODE_BREAK=continue, execution goes on.
 * Windows' debugger prompt ("Break, Ignore, terminate Process or Thread") is not offered:
 * under gdb, continuing is "Ignore".
 */
VOID NTAPI RtlAssert(PVOID VoidFailedAssertion, PVOID VoidFileName, ULONG LineNumber,
                     PSTR MutableMessage)
{
    char message[1024];

    snprintf(message, sizeof message,
             "\n*** Assertion failed: %s%s%s\n***   Source File: %s, line %u\n\n",
             MutableMessage ? MutableMessage : "", MutableMessage ? " " : "",
             VoidFailedAssertion ? (const char *)VoidFailedAssertion : "?",
             VoidFileName ? (const char *)VoidFileName : "?", (unsigned)LineNumber);
    KiBreakpoint(STATUS_BREAKPOINT, "RtlAssert", __builtin_return_address(0), message, 0, FALSE);
}
