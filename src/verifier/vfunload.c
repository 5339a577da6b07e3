/*
 * PURPOSE: Driver Verifier's check of a driver image that goes while the kernel still has
 * work queued in it: set timers, queued DPCs, work items, system threads. docs/verifier.md.
 *
 * Windows checks timers and DPCs when the image is unloaded (0xC7 TIMER_OR_DPC_INVALID:
 * a timer, a DPC object or a DPC routine in the image's range). A work item or a thread
 * still running in the image crashes later, when it runs code that is gone (0xCE
 * DRIVER_UNLOADED_WITHOUT_CANCELLING_PENDING_OPERATIONS, the address referenced in Arg1);
 * kmode, which knows at unload, reports that bugcheck there, deterministically.
 * Checked for every verified driver (whatever its flags), like Windows' own checks.
 */

/* INCLUDES ******************************************************************************/

#include <stdio.h>
#include <internal/ke.h>
#include <internal/ps.h>
#include <internal/vfpool.h>

/* GLOBALS *******************************************************************************/

#define VFP_MAX_ACTIVITIES 256

typedef struct _VFP_ACTIVITY {
    PVOID Routine;                     /* NULL: free slot */
    PVOID Object;                      /* the thread, the work item */
    ULONG Kind;
} VFP_ACTIVITY;

static VFP_ACTIVITY VfpActivities[VFP_MAX_ACTIVITIES];
static char VfpUnloadText[512];

/* PRIVATE FUNCTIONS *********************************************************************/

static inline BOOLEAN VfpInRange(PVOID P, ULONG_PTR Low, ULONG_PTR High)
{
    return (ULONG_PTR)P >= Low && (ULONG_PTR)P < High;
}

static VOID VfpPendingUnloadCheck(PDRIVER_OBJECT Driver, ULONG Flags, ULONG_PTR Low,
                                  ULONG_PTR High)
{
    static const char *const TimerWhat[] = { "a set timer object", "the DPC object of a set timer",
                                             "the DPC routine of a set timer" };
    PWORK_QUEUE_ITEM Item;
    ULONG What;
    PVOID Found;

    UNREFERENCED_PARAMETER(Driver);
    UNREFERENCED_PARAMETER(Flags);
    if (Low >= High)
        return;
    Found = KiFindTimerInRange(Low, High, &What);
    if (Found != NULL) {
        snprintf(VfpUnloadText, sizeof(VfpUnloadText), "The driver image is unloading while "
                 "%s lies in it (%p): cancel timers (KeCancelTimer) before unloading.",
                 TimerWhat[What], Found);
        KiBugCheck(TIMER_OR_DPC_INVALID, What, (ULONG_PTR)Found, Low, High - 1, Found,
                   VfpUnloadText);
    }
    Found = KiFindQueuedDpcInRange(Low, High, &What);
    if (Found != NULL) {
        snprintf(VfpUnloadText, sizeof(VfpUnloadText), "The driver image is unloading while "
                 "a queued DPC's %s lies in it (%p): flush DPCs (KeFlushQueuedDpcs) before "
                 "unloading.", What == 1 ? "object" : "routine", Found);
        KiBugCheck(TIMER_OR_DPC_INVALID, What, (ULONG_PTR)Found, Low, High - 1, Found,
                   VfpUnloadText);
    }
    Item = ExpFindQueuedWorkItem(Low, High);
    if (Item != NULL) {
        snprintf(VfpUnloadText, sizeof(VfpUnloadText), "The driver image is unloading while "
                 "its work item %p (routine %p) is still queued: it would run code that is "
                 "gone.", (void *)Item, (void *)Item->WorkerRoutine);
        KiBugCheck(DRIVER_UNLOADED_WITHOUT_CANCELLING_PENDING_OPERATIONS,
                   (ULONG_PTR)Item->WorkerRoutine, 0, 0, 0, (PVOID)Item->WorkerRoutine,
                   VfpUnloadText);
    }
    for (ULONG i = 0; i < VFP_MAX_ACTIVITIES; i++) {
        PVOID Routine = __atomic_load_n(&VfpActivities[i].Routine, __ATOMIC_ACQUIRE);
        if (Routine == NULL || !VfpInRange(Routine, Low, High))
            continue;
        snprintf(VfpUnloadText, sizeof(VfpUnloadText), "The driver image is unloading while "
                 "%s %p it started (routine %p) is still running: wait for it to end before "
                 "unloading.",
                 VfpActivities[i].Kind == VF_ACTIVITY_THREAD ? "the system thread"
                                                             : "the work item",
                 VfpActivities[i].Object, Routine);
        KiBugCheck(DRIVER_UNLOADED_WITHOUT_CANCELLING_PENDING_OPERATIONS, (ULONG_PTR)Routine, 0,
                   0, 0, Routine, VfpUnloadText);
    }
}

__attribute__((constructor)) static VOID VfpRegisterUnloadChecks(VOID)
{
    VfRegisterUnloadCheck(VfpPendingUnloadCheck);
}

/* PUBLIC FUNCTIONS (internal) ***********************************************************/

LONG VfActivityBegin(ULONG Kind, PVOID Routine, PVOID Object)
{
    if (Routine == NULL || VfAddressFlags(Routine) == 0)
        return -1;
    for (ULONG i = 0; i < VFP_MAX_ACTIVITIES; i++) {
        PVOID Expected = NULL;
        /* Claim the slot with a placeholder (in no image), fill it, then publish. */
        if (__atomic_load_n(&VfpActivities[i].Routine, __ATOMIC_RELAXED) != NULL ||
            !__atomic_compare_exchange_n(&VfpActivities[i].Routine, &Expected, (PVOID)1, FALSE,
                                         __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
            continue;
        VfpActivities[i].Object = Object;
        VfpActivities[i].Kind = Kind;
        __atomic_store_n(&VfpActivities[i].Routine, Routine, __ATOMIC_RELEASE);
        return (LONG)i;
    }
    return -1;          /* table full: this one goes unchecked */
}

VOID VfActivityEnd(LONG Slot)
{
    __atomic_store_n(&VfpActivities[Slot].Routine, NULL, __ATOMIC_RELEASE);
}
