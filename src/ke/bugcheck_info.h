/*
 * PURPOSE: Per-code knowledge the bugcheck report prints: what each of the four parameters
 * means for a given code (and subcode), and a plain-language explanation of the likely bug.
 * Private to src/ke (bugcheck.c and bugcheck_info.c).
 */
#ifndef _KMODE_KE_BUGCHECK_INFO_H_
#define _KMODE_KE_BUGCHECK_INFO_H_

#include <ntdef.h>

typedef struct _KI_BUGCHECK_DESCRIPTION {
    const char *Summary;        /* what the code means, one sentence; NULL if not described */
    const char *Args[4];        /* meaning of Arg1..Arg4; NULL when nothing is known */
    const char *Explanation;    /* likely bug and typical causes; NULL when none applies */
    char Scratch[4][192];       /* storage for argument texts composed from the values */
} KI_BUGCHECK_DESCRIPTION;

/* Fills Description for Code with the given parameters. Never fails: unknown codes get
   NULL fields. */
VOID KiDescribeBugCheck(ULONG Code, const ULONG_PTR Args[4],
                        KI_BUGCHECK_DESCRIPTION *Description);

/* "FAST_FAIL_CORRUPT_LIST_ENTRY" for 3, or NULL (Arg1 of KERNEL_SECURITY_CHECK_FAILURE). */
const char *KiFastFailName(ULONG_PTR Code);

/* "STATUS_ACCESS_VIOLATION" for the exception codes a bugcheck commonly carries, or NULL. */
const char *KiExceptionCodeName(ULONG_PTR Code);

#endif
