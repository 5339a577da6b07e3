/*
 * PURPOSE: Critical sections: InitializeCriticalSection(AndSpinCount/Ex),
 * Enter/TryEnter/Leave/DeleteCriticalSection, SetCriticalSectionSpinCount.
 *
 * The RTL_CRITICAL_SECTION keeps the Windows x64 layout and LockCount has the meaning it
 * has had since Windows Vista: bit 0 set = free, bit 1 clear = a waiting thread has been
 * woken and not yet run, the other bits = the ones' complement of the number of waiting
 * threads (so a free, idle section reads -1). The lock is not handed over: a Leave frees it
 * and wakes one waiter, which competes for it with any newcomer (no lock convoys). Waiters
 * sleep on LockSemaphore, a kernel synchronization event (a KEVENT created at the first
 * contention). SpinCount makes a contending thread retry that many times before it waits.
 * OwningThread holds the owner's thread id and RecursionCount its depth, as on Windows.
 */

/* INCLUDES ******************************************************************************/

#include <internal/win32.h>

/* GLOBALS *******************************************************************************/

#define BASEP_CS_EVENT_TAG 'tcSC'
/* SpinCount's low 24 bits are the count; Windows keeps flags above them. */
#define BASEP_CS_SPIN_MASK 0x00FFFFFF

/* PRIVATE FUNCTIONS *********************************************************************/

static HANDLE BasepSelf(VOID)
{
    return PsGetCurrentThreadId();
}

static HANDLE BasepOwner(LPCRITICAL_SECTION Section)
{
    return __atomic_load_n(&Section->OwningThread, __ATOMIC_RELAXED);
}

/* The section's wait event, created on first use. */
static PKEVENT BasepEvent(LPCRITICAL_SECTION Section)
{
    PKEVENT Event = __atomic_load_n((PKEVENT *)&Section->LockSemaphore, __ATOMIC_ACQUIRE);
    PKEVENT Expected = NULL;

    if (Event != NULL)
        return Event;
    Event = ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(KEVENT), BASEP_CS_EVENT_TAG);
    if (Event == NULL)
        ExRaiseStatus(STATUS_NO_MEMORY);   /* as Windows raises when it cannot wait */
    KeInitializeEvent(Event, SynchronizationEvent, FALSE);
    if (!__atomic_compare_exchange_n((PKEVENT *)&Section->LockSemaphore, &Expected, Event, FALSE,
                                     __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        ExFreePoolWithTag(Event, BASEP_CS_EVENT_TAG);
        return Expected;
    }
    return Event;
}

static VOID BasepTakeOwnership(LPCRITICAL_SECTION Section, HANDLE Self)
{
    __atomic_store_n(&Section->OwningThread, Self, __ATOMIC_RELAXED);
    Section->RecursionCount = 1;
}

#define BASEP_CS_FREE      1    /* LockCount bit 0 */
#define BASEP_CS_NOT_WOKEN 2    /* LockCount bit 1 */
#define BASEP_CS_WAITER    4    /* one waiter, subtracted */

/* One attempt to take a free section. Woken: the caller is the woken waiter, whose mark
   goes with it. */
static BOOL BasepTryAcquire(LPCRITICAL_SECTION Section, BOOL Woken)
{
    LONG v = __atomic_load_n(&Section->LockCount, __ATOMIC_RELAXED);

    while (v & BASEP_CS_FREE) {
        LONG New = (v & ~BASEP_CS_FREE) | (Woken ? BASEP_CS_NOT_WOKEN : 0);
        if (__atomic_compare_exchange_n(&Section->LockCount, &v, New, FALSE, __ATOMIC_ACQUIRE,
                                        __ATOMIC_RELAXED))
            return TRUE;
    }
    return FALSE;
}

static VOID BasepInitialize(LPCRITICAL_SECTION Section, DWORD SpinCount)
{
    Section->DebugInfo = (PRTL_CRITICAL_SECTION_DEBUG)(LONG_PTR)-1;   /* kmode keeps none */
    Section->LockCount = -1;
    Section->RecursionCount = 0;
    Section->OwningThread = NULL;
    Section->LockSemaphore = NULL;
    Section->SpinCount = SpinCount & BASEP_CS_SPIN_MASK;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/* @implemented: see win/sync.h. */
VOID WINAPI InitializeCriticalSection(LPCRITICAL_SECTION lpCriticalSection)
{
    BasepInitialize(lpCriticalSection, 0);
}

/* @implemented: always TRUE (since Windows Vista it cannot fail). */
BOOL WINAPI InitializeCriticalSectionAndSpinCount(LPCRITICAL_SECTION lpCriticalSection,
                                                  DWORD dwSpinCount)
{
    BasepInitialize(lpCriticalSection, dwSpinCount);
    return TRUE;
}

/* @implemented */
BOOL WINAPI InitializeCriticalSectionEx(LPCRITICAL_SECTION lpCriticalSection, DWORD dwSpinCount,
                                        DWORD Flags)
{
    if (Flags & ~CRITICAL_SECTION_NO_DEBUG_INFO) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    BasepInitialize(lpCriticalSection, dwSpinCount);
    return TRUE;
}

/* @implemented: returns the previous spin count. */
DWORD WINAPI SetCriticalSectionSpinCount(LPCRITICAL_SECTION lpCriticalSection, DWORD dwSpinCount)
{
    DWORD Previous = (DWORD)(lpCriticalSection->SpinCount & BASEP_CS_SPIN_MASK);
    lpCriticalSection->SpinCount = dwSpinCount & BASEP_CS_SPIN_MASK;
    return Previous;
}

/* @implemented */
BOOL WINAPI TryEnterCriticalSection(LPCRITICAL_SECTION lpCriticalSection)
{
    HANDLE Self = BasepSelf();

    if (BasepOwner(lpCriticalSection) == Self) {
        lpCriticalSection->RecursionCount++;
        return TRUE;
    }
    if (BasepTryAcquire(lpCriticalSection, FALSE)) {
        BasepTakeOwnership(lpCriticalSection, Self);
        return TRUE;
    }
    return FALSE;
}

/* @implemented */
VOID WINAPI EnterCriticalSection(LPCRITICAL_SECTION lpCriticalSection)
{
    HANDLE Self = BasepSelf();
    ULONG_PTR Spin = lpCriticalSection->SpinCount & BASEP_CS_SPIN_MASK;
    BOOL Woken = FALSE;

    if (BasepOwner(lpCriticalSection) == Self) {
        lpCriticalSection->RecursionCount++;
        return;
    }
    for (;;) {
        LONG v;
        if (BasepTryAcquire(lpCriticalSection, Woken))
            break;
        if (Spin > 0) {
            Spin--;
            KiCpuRelax();
            continue;
        }
        /* Owned: count in as a waiter (giving up the woken mark, if ours) and sleep until
           a Leave wakes one waiter. */
        v = __atomic_load_n(&lpCriticalSection->LockCount, __ATOMIC_RELAXED);
        if (v & BASEP_CS_FREE)
            continue;
        if (!__atomic_compare_exchange_n(&lpCriticalSection->LockCount, &v,
                                         (v - BASEP_CS_WAITER) |
                                             (Woken ? BASEP_CS_NOT_WOKEN : 0),
                                         FALSE, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
            continue;
        KeWaitForSingleObject(BasepEvent(lpCriticalSection), UserRequest, KernelMode, FALSE,
                              NULL);
        Woken = TRUE;
    }
    BasepTakeOwnership(lpCriticalSection, Self);
}

/*
 * @implemented
 * A thread that does not own the section: nothing happens (Windows corrupts the section's
 * state instead; kmode keeps it sane).
 */
VOID WINAPI LeaveCriticalSection(LPCRITICAL_SECTION lpCriticalSection)
{
    LONG v;

    if (BasepOwner(lpCriticalSection) != BasepSelf() || lpCriticalSection->RecursionCount <= 0)
        return;
    if (--lpCriticalSection->RecursionCount > 0)
        return;
    __atomic_store_n(&lpCriticalSection->OwningThread, NULL, __ATOMIC_RELAXED);
    v = __atomic_or_fetch(&lpCriticalSection->LockCount, BASEP_CS_FREE, __ATOMIC_RELEASE);
    /* Wake one waiter, unless none waits, one is already woken, or the section is taken
       again (its next Leave will see to the waiters). */
    while ((v & BASEP_CS_FREE) && (v & BASEP_CS_NOT_WOKEN) && ((~v) >> 2) != 0) {
        LONG New = (v + BASEP_CS_WAITER) & ~BASEP_CS_NOT_WOKEN;
        if (__atomic_compare_exchange_n(&lpCriticalSection->LockCount, &v, New, FALSE,
                                        __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
            KeSetEvent(BasepEvent(lpCriticalSection), 0, FALSE);
            break;
        }
    }
}

/* @implemented: frees the wait event; the section must not be in use. */
VOID WINAPI DeleteCriticalSection(LPCRITICAL_SECTION lpCriticalSection)
{
    PKEVENT Event = (PKEVENT)lpCriticalSection->LockSemaphore;

    if (Event != NULL)
        ExFreePoolWithTag(Event, BASEP_CS_EVENT_TAG);
    lpCriticalSection->LockSemaphore = NULL;
    lpCriticalSection->DebugInfo = NULL;
    lpCriticalSection->LockCount = -1;
    lpCriticalSection->RecursionCount = 0;
    lpCriticalSection->OwningThread = NULL;
}
