/*
 * PURPOSE: Rundown protection (EX_RUNDOWN_REF).
 *
 * The reference word holds the number of acquisitions times 2 (EX_RUNDOWN_COUNT_INC) with
 * bit 0 (EX_RUNDOWN_ACTIVE) clear. ExWaitForRundownProtectionRelease swaps in, with bit 0
 * set, the address of a wait block on its stack holding the acquisitions still out; from
 * then on acquisitions fail, and each release counts the wait block down, the last one
 * waking the waiter. When the wait is over the word is EX_RUNDOWN_ACTIVE alone.
 */

/* INCLUDES ******************************************************************************/

#include "exsyncp.h"

/* GLOBALS *******************************************************************************/

#define EXP_RUNDOWN_ACTIVE    ((ULONG_PTR)1)
#define EXP_RUNDOWN_COUNT_INC ((ULONG_PTR)2)

typedef struct DECLSPEC_ALIGN(8) _EXP_RUNDOWN_WAIT_BLOCK {
    volatile ULONG_PTR Count;   /* acquisitions still out */
    KEVENT Event;               /* set by the release that brings Count to 0 */
} EXP_RUNDOWN_WAIT_BLOCK;

/* PRIVATE FUNCTIONS *********************************************************************/

FORCEINLINE ULONG_PTR ExpReadRundown(PEX_RUNDOWN_REF RunRef)
{
    return __atomic_load_n(&RunRef->Count, __ATOMIC_ACQUIRE);
}

/* PUBLIC FUNCTIONS **********************************************************************/

/* @implemented: any IRQL. */
VOID FASTCALL ExInitializeRundownProtection(PEX_RUNDOWN_REF RunRef)
{
    __atomic_store_n(&RunRef->Count, 0, __ATOMIC_RELEASE);
}

/* @implemented: any IRQL. */
VOID FASTCALL ExReInitializeRundownProtection(PEX_RUNDOWN_REF RunRef)
{
    __atomic_store_n(&RunRef->Count, 0, __ATOMIC_RELEASE);
}

/* @implemented: <= DISPATCH_LEVEL. FALSE once the rundown has begun. */
BOOLEAN FASTCALL ExAcquireRundownProtectionEx(PEX_RUNDOWN_REF RunRef, ULONG Count)
{
    ULONG_PTR Value = ExpReadRundown(RunRef);

    for (;;) {
        if (Value & EXP_RUNDOWN_ACTIVE)
            return FALSE;
        if (__atomic_compare_exchange_n(&RunRef->Count, &Value,
                                        Value + EXP_RUNDOWN_COUNT_INC * Count, TRUE,
                                        __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE))
            return TRUE;
    }
}

/* @implemented: <= DISPATCH_LEVEL. */
BOOLEAN FASTCALL ExAcquireRundownProtection(PEX_RUNDOWN_REF RunRef)
{
    return ExAcquireRundownProtectionEx(RunRef, 1);
}

/* @implemented: <= DISPATCH_LEVEL. During a rundown the last release wakes the waiter. */
VOID FASTCALL ExReleaseRundownProtectionEx(PEX_RUNDOWN_REF RunRef, ULONG Count)
{
    ULONG_PTR Value = ExpReadRundown(RunRef);

    for (;;) {
        if (Value & EXP_RUNDOWN_ACTIVE) {
            EXP_RUNDOWN_WAIT_BLOCK *Block = (EXP_RUNDOWN_WAIT_BLOCK *)(Value & ~EXP_RUNDOWN_ACTIVE);
            if (__atomic_sub_fetch(&Block->Count, (ULONG_PTR)Count, __ATOMIC_ACQ_REL) == 0)
                KeSetEvent(&Block->Event, 0, FALSE);
            return;
        }
        if (__atomic_compare_exchange_n(&RunRef->Count, &Value,
                                        Value - EXP_RUNDOWN_COUNT_INC * Count, TRUE,
                                        __ATOMIC_RELEASE, __ATOMIC_ACQUIRE))
            return;
    }
}

/* @implemented: <= DISPATCH_LEVEL. */
VOID FASTCALL ExReleaseRundownProtection(PEX_RUNDOWN_REF RunRef)
{
    ExReleaseRundownProtectionEx(RunRef, 1);
}

/*
 * @implemented
 * <= APC_LEVEL. Makes every later acquisition fail and returns once all earlier ones are
 * released. Returns at once when the rundown has already completed.
 */
VOID FASTCALL ExWaitForRundownProtectionRelease(PEX_RUNDOWN_REF RunRef)
{
    EXP_RUNDOWN_WAIT_BLOCK Block;
    ULONG_PTR Value = ExpReadRundown(RunRef);
    BOOLEAN EventReady = FALSE;

    for (;;) {
        if (Value & EXP_RUNDOWN_ACTIVE)
            return;   /* already run down (or another thread is waiting: one waiter only) */
        if (Value == 0) {
            if (__atomic_compare_exchange_n(&RunRef->Count, &Value, EXP_RUNDOWN_ACTIVE, TRUE,
                                            __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
                return;
            continue;
        }
        if (!EventReady) {
            KeInitializeEvent(&Block.Event, NotificationEvent, FALSE);
            EventReady = TRUE;
        }
        Block.Count = Value / EXP_RUNDOWN_COUNT_INC;
        if (__atomic_compare_exchange_n(&RunRef->Count, &Value,
                                        (ULONG_PTR)&Block | EXP_RUNDOWN_ACTIVE, TRUE,
                                        __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
            break;
    }
    ExpWaitForObject(&Block.Event, WrRundown);
    __atomic_store_n(&RunRef->Count, EXP_RUNDOWN_ACTIVE, __ATOMIC_RELEASE);
}

/* @implemented: any IRQL. */
VOID FASTCALL ExRundownCompleted(PEX_RUNDOWN_REF RunRef)
{
    __atomic_store_n(&RunRef->Count, EXP_RUNDOWN_ACTIVE, __ATOMIC_RELEASE);
}
