/*
 * PURPOSE: kmode's documented API for test harnesses that want to observe bugchecks.
 *
 * Normally KeBugCheckEx prints a report (stderr, modelled on WinDbg's !analyze -v) and ends
 * the process with exit status KMODE_BUGCHECK_EXIT_STATUS. A test that expects a bugcheck
 * runs the code under KmodeCatchBugCheck instead: the bugcheck is recorded, the report is
 * kept in memory (and printed unless KMODE_CATCH_QUIET), and control returns to the caller.
 *
 *     static void corrupt(void *ctx) { ... RemoveEntryList(bad) ... }
 *     KMODE_BUGCHECK bc;
 *     if (KmodeCatchBugCheck(corrupt, NULL, KMODE_CATCH_QUIET, &bc) && bc.Code == 0x139) ...
 *
 * The catch is per thread and nests. Code run under it must not rely on anything after the
 * bugcheck point running: as on Windows, a bugcheck does not return. Frames between the
 * bugcheck and the catch are abandoned (no __finally runs), as a crash would abandon them.
 */
#ifndef _KMODE_BUGCHECK_API_H_
#define _KMODE_BUGCHECK_API_H_

#include <ntdef.h>

KMODE_EXTERN_C_START

/* Exit status of a process that bugchecked (without a catching harness). */
#define KMODE_BUGCHECK_EXIT_STATUS 188

#define KMODE_CATCH_QUIET 0x1  /* do not print the report to stderr */

typedef struct _KMODE_BUGCHECK {
    ULONG Code;
    ULONG_PTR Parameter1;
    ULONG_PTR Parameter2;
    ULONG_PTR Parameter3;
    ULONG_PTR Parameter4;
    const char *Report;        /* full report text; valid until the next bugcheck on this thread */
} KMODE_BUGCHECK, *PKMODE_BUGCHECK;

typedef void (*PKMODE_CATCH_ROUTINE)(void *Context);

/* Runs Routine(Context). Returns TRUE if it bugchecked (Caught describes the bugcheck),
   FALSE if it returned normally (Caught is zeroed). */
BOOLEAN KmodeCatchBugCheck(PKMODE_CATCH_ROUTINE Routine, void *Context, ULONG Flags,
                           PKMODE_BUGCHECK Caught);

/* The name of a bugcheck code ("KERNEL_SECURITY_CHECK_FAILURE"), or NULL if unknown. */
const char *KmodeBugCheckName(ULONG Code);

KMODE_EXTERN_C_END

#endif
