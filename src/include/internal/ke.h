/*
 * PURPOSE: Kernel-internal declarations shared across the runtime (per-thread state,
 * bugcheck plumbing).
 */
#ifndef _KMODE_INTERNAL_KE_H_
#define _KMODE_INTERNAL_KE_H_

#include <wdm.h>
#include <kmode/bugcheck.h>

struct _KMODE_SEH_FRAME;
struct _KI_BUGCHECK_CATCH;

/* Per-thread kernel state. One instance per host thread (thread-local storage). */
typedef struct _KI_THREAD_STATE {
    struct _KMODE_SEH_FRAME *SehChain;         /* innermost registered __try frame */
    struct _KI_BUGCHECK_CATCH *BugCheckCatch;  /* innermost KmodeCatchBugCheck on this thread */
    ULONG BugCheckDepth;                       /* nested bugchecks (a bugcheck while reporting) */
} KI_THREAD_STATE;

extern __thread KI_THREAD_STATE KiThreadState;

/*
 * The one bugcheck path: KeBugCheckEx and every internal detector end here. CallerPc is the
 * address that triggered it (used to name the faulting driver/function in the report);
 * Explanation is an optional plain-language sentence appended to the report.
 */
DECLSPEC_NORETURN VOID KiBugCheck(ULONG Code, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3,
                                  ULONG_PTR P4, PVOID CallerPc, const char *Explanation);

#endif
