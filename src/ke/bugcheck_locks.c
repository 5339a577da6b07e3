/*
 * PURPOSE: The per-thread record of held kernel locks (src/include/internal/kilocks.h) and
 * the bugcheck report's LOCKS_HELD section built from it.
 */

/* INCLUDES ******************************************************************************/

#include <string.h>
#include <internal/ke.h>
#include <internal/kilocks.h>
#include "bugcheck_info.h"

/* GLOBALS *******************************************************************************/

KI_TLS KI_HELD_LOCKS KiHeldLocks;

/* PRIVATE FUNCTIONS *********************************************************************/

/* Is the lock an entry names still held by this thread? Kind may be corrected (an
   ERESOURCE converted from exclusive to shared). */
static BOOLEAN KipLockStillHeld(PVOID Lock, ULONG *Kind)
{
    PKTHREAD Me = KiThreadState.Thread;

    switch (*Kind) {
    case KI_LOCK_SPIN_LOCK:
    case KI_LOCK_QUEUED_SPIN_LOCK: {
        KSPIN_LOCK Value;
        return KiReadMemory(&Value, Lock, sizeof Value) &&
               Value == ((ULONG_PTR)&KiThreadState | 1);
    }
    case KI_LOCK_FAST_MUTEX: {
        PKTHREAD Owner;
        return Me != NULL &&
               KiReadMemory(&Owner, (PUCHAR)Lock + FIELD_OFFSET(FAST_MUTEX, Owner), sizeof Owner) &&
               Owner == Me;
    }
    case KI_LOCK_RESOURCE_EXCLUSIVE:
    case KI_LOCK_RESOURCE_SHARED: {
        ERESOURCE Resource;
        OWNER_ENTRY Entry;
        ULONG Size;
        if (Me == NULL || !KiReadMemory(&Resource, Lock, sizeof Resource))
            return FALSE;
        if (Resource.OwnerEntry.OwnerThread == (ERESOURCE_THREAD)Me) {
            *Kind = (Resource.Flag & ResourceOwnedExclusive) ? KI_LOCK_RESOURCE_EXCLUSIVE
                                                               : KI_LOCK_RESOURCE_SHARED;
            return TRUE;
        }
        if ((Resource.Flag & ResourceOwnedExclusive) || Resource.OwnerTable == NULL ||
            !KiReadMemory(&Entry, Resource.OwnerTable, sizeof Entry))
            return FALSE;
        Size = Entry.TableSize;
        for (ULONG i = 1; i < Size && i < 4096; i++) {
            if (!KiReadMemory(&Entry, &Resource.OwnerTable[i], sizeof Entry))
                return FALSE;
            if (Entry.OwnerThread == (ERESOURCE_THREAD)Me) {
                *Kind = KI_LOCK_RESOURCE_SHARED;
                return TRUE;
            }
        }
        return FALSE;
    }
    default:
        return FALSE;
    }
}

/* PUBLIC FUNCTIONS **********************************************************************/

VOID KiTrackLockReleasedSlow(PVOID Lock)
{
    KI_HELD_LOCKS *Held = &KiHeldLocks;
    ULONG n = Held->Count;
    ULONG Recorded = n < KI_HELD_LOCKS_MAX ? n : KI_HELD_LOCKS_MAX;

    if (n == 0)
        return;                        /* acquired before the record existed, or elsewhere */
    for (ULONG i = Recorded; i-- > 0;) {
        if (Held->Locks[i].Lock == Lock) {
            memmove(&Held->Locks[i], &Held->Locks[i + 1], (Recorded - i - 1) * sizeof Held->Locks[0]);
            Held->Count = n - 1;
            return;
        }
    }
    /* Not recorded: one of those beyond the capacity, if there are any; else not ours. */
    if (n > KI_HELD_LOCKS_MAX)
        Held->Count = n - 1;
}

const char *KiLockKindName(ULONG Kind)
{
    switch (Kind) {
    case KI_LOCK_SPIN_LOCK: return "KSPIN_LOCK";
    case KI_LOCK_QUEUED_SPIN_LOCK: return "KSPIN_LOCK (in-stack queued)";
    case KI_LOCK_FAST_MUTEX: return "FAST_MUTEX";
    case KI_LOCK_RESOURCE_EXCLUSIVE: return "ERESOURCE (exclusive)";
    case KI_LOCK_RESOURCE_SHARED: return "ERESOURCE (shared)";
    case KI_LOCK_KERNEL_MUTEX: return "KMUTEX";
    default: return "lock";
    }
}

ULONG KiCollectHeldLocks(KI_REPORTED_LOCK *Locks, ULONG Max)
{
    KI_HELD_LOCKS *Held = &KiHeldLocks;
    ULONG Recorded = Held->Count < KI_HELD_LOCKS_MAX ? Held->Count : KI_HELD_LOCKS_MAX;
    ULONG Count = 0;
    PKTHREAD Me = KiThreadState.Thread;

    for (ULONG i = 0; i < Recorded && Count < Max; i++) {
        ULONG Kind = Held->Locks[i].Kind;
        BOOLEAN Seen = FALSE;
        /* A recursive acquisition (ERESOURCE) shows once, with its first acquirer. */
        for (ULONG j = 0; j < Count; j++)
            Seen |= Locks[j].Lock == Held->Locks[i].Lock;
        if (Seen || !KipLockStillHeld(Held->Locks[i].Lock, &Kind))
            continue;
        Locks[Count].Lock = Held->Locks[i].Lock;
        Locks[Count].Caller = Held->Locks[i].Caller;
        Locks[Count].Kind = Kind;
        Count++;
    }

    /* Kernel mutexes: the thread object lists them (read without the dispatcher lock: the
       crash has stopped this thread, the only one that adds to its list). */
    if (Me != NULL) {
        PLIST_ENTRY Head = &Me->MutantListHead, Entry;
        ULONG Guard = 0;
        if (!KiReadMemory(&Entry, &Head->Flink, sizeof Entry))
            return Count;
        while (Entry != NULL && Entry != Head && Count < Max && Guard++ < 256) {
            PKMUTANT Mutant = CONTAINING_RECORD(Entry, KMUTANT, MutantListEntry);
            Locks[Count].Lock = Mutant;
            Locks[Count].Caller = NULL;
            Locks[Count].Kind = KI_LOCK_KERNEL_MUTEX;
            Count++;
            if (!KiReadMemory(&Entry, &Entry->Flink, sizeof Entry))
                break;
        }
    }
    return Count;
}

VOID KiAppendLocksText(KI_REPORT *Report, const KI_REPORTED_LOCK *Locks, ULONG Count)
{
    if (Count == 0)
        return;
    KiReportAppend(Report, "LOCKS_HELD:  %u\n", Count);
    for (ULONG i = 0; i < Count; i++) {
        KiReportAppend(Report, "    %016llx %s", (unsigned long long)(ULONG_PTR)Locks[i].Lock,
                       KiLockKindName(Locks[i].Kind));
        if (Locks[i].Caller) {
            KiReportAppend(Report, ", acquired at ");
            KiAppendSymbol(Report, Locks[i].Caller, TRUE, TRUE);
        }
        KiReportAppend(Report, "\n");
    }
}
