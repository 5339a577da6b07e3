/*
 * PURPOSE: __fastfail: the runtime end of RtlFailFast and of the LIST_ENTRY integrity checks
 * in wdm.h (include/km/wdm/rtl_list.h).
 *
 * On Windows, __fastfail(Code) executes "int 29h". In kernel mode the trap handler builds a
 * trap frame and an exception record (STATUS_STACK_BUFFER_OVERRUN, non-continuable, one
 * parameter = Code) and bugchecks KERNEL_SECURITY_CHECK_FAILURE (0x139) with
 *   Arg1 = Code, Arg2 = address of the trap frame, Arg3 = address of the exception record,
 *   Arg4 = reserved (0).
 * No exception handler runs: a fast fail cannot be caught by __try/__except.
 *
 * kmode has no trap frame (the fail is a plain call, not a trap), so Arg2 is 0. Arg3 points
 * at a real, per-thread exception record filled in as Windows fills it, so a debugger or a
 * test can inspect it.
 */

/* INCLUDES ******************************************************************************/

#include <string.h>
#include <internal/ke.h>

/* GLOBALS *******************************************************************************/

/*
 * EXCEPTION_RECORD with the Windows x64 layout (152 bytes). Kept private so this file does
 * not depend on which wdm.h part declares the public type.
 */
typedef struct _RTLP_FAST_FAIL_RECORD {
    NTSTATUS ExceptionCode;
    ULONG ExceptionFlags;
    struct _RTLP_FAST_FAIL_RECORD *ExceptionRecord;
    PVOID ExceptionAddress;
    ULONG NumberParameters;
    ULONG_PTR ExceptionInformation[15];
} RTLP_FAST_FAIL_RECORD;

C_ASSERT(sizeof(RTLP_FAST_FAIL_RECORD) == 152);

#define RTLP_EXCEPTION_NONCONTINUABLE 0x1

/* One record per thread: a fast fail on one thread never clobbers another's. */
static __thread RTLP_FAST_FAIL_RECORD RtlpFastFailRecord;

/* PRIVATE FUNCTIONS *********************************************************************/

/* The plain-language meaning of a fast-fail code, for the bugcheck report. */
static const char *RtlpFastFailExplanation(ULONG Code)
{
    switch (Code) {
    case FAST_FAIL_LEGACY_GS_VIOLATION:
        return "__fastfail(FAST_FAIL_LEGACY_GS_VIOLATION): a stack buffer overrun was detected.";
    case FAST_FAIL_VTGUARD_CHECK_FAILURE:
        return "__fastfail(FAST_FAIL_VTGUARD_CHECK_FAILURE): an invalid virtual function table was used.";
    case FAST_FAIL_STACK_COOKIE_CHECK_FAILURE:
        return "__fastfail(FAST_FAIL_STACK_COOKIE_CHECK_FAILURE): a stack cookie check failed "
               "(stack buffer overrun).";
    case FAST_FAIL_CORRUPT_LIST_ENTRY:
        return "__fastfail(FAST_FAIL_CORRUPT_LIST_ENTRY): a LIST_ENTRY is corrupt - a neighbour "
               "does not point back at it (typically an entry removed twice, or freed while "
               "still linked).";
    case FAST_FAIL_INVALID_ARG:
        return "__fastfail(FAST_FAIL_INVALID_ARG): a routine that treats invalid parameters as "
               "fatal was given one.";
    case FAST_FAIL_GS_COOKIE_INIT:
        return "__fastfail(FAST_FAIL_GS_COOKIE_INIT): the security cookie was not initialized.";
    case FAST_FAIL_FATAL_APP_EXIT:
        return "__fastfail(FAST_FAIL_FATAL_APP_EXIT): a fatal exit was requested.";
    case FAST_FAIL_RANGE_CHECK_FAILURE:
        return "__fastfail(FAST_FAIL_RANGE_CHECK_FAILURE): an array bounds check failed.";
    case FAST_FAIL_INVALID_REFERENCE_COUNT:
        return "__fastfail(FAST_FAIL_INVALID_REFERENCE_COUNT): a reference count went invalid.";
    default:
        return "__fastfail: a security check failed.";
    }
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * Any IRQL. Does not return: bugchecks KERNEL_SECURITY_CHECK_FAILURE (0x139) with
 * Arg1 = Code, Arg2 = 0 (kmode has no trap frame), Arg3 = the exception record, Arg4 = 0.
 */
DECLSPEC_NORETURN VOID __fastfail(unsigned int Code)
{
    PVOID CallerPc = __builtin_return_address(0);
    RTLP_FAST_FAIL_RECORD *Record = &RtlpFastFailRecord;

    memset(Record, 0, sizeof *Record);
    Record->ExceptionCode = STATUS_STACK_BUFFER_OVERRUN;
    Record->ExceptionFlags = RTLP_EXCEPTION_NONCONTINUABLE;
    Record->ExceptionAddress = CallerPc;
    Record->NumberParameters = 1;
    Record->ExceptionInformation[0] = Code;

    KiBugCheck(KERNEL_SECURITY_CHECK_FAILURE, Code, 0, (ULONG_PTR)Record, 0, CallerPc,
               RtlpFastFailExplanation(Code));
}
