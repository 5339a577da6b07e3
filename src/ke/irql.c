/*
 * PURPOSE: Virtual processors and IRQL: KeRaiseIrql/KeLowerIrql, processor queries,
 * critical/guarded regions and the PAGED_CODE check. The model is described in
 * src/ke/README.md.
 */

/* INCLUDES ******************************************************************************/

#include <stdio.h>
#include <stdlib.h>
#include <threads.h>
#include <internal/ke.h>
#include <internal/vfpool.h>
#include <internal/vfhooks.h>
#include <internal/host.h>

/* GLOBALS *******************************************************************************/

KI_PROCESSOR KiProcessors[MAXIMUM_PROCESSORS];
ULONG KiProcessorCount = 1;
CCHAR KeNumberProcessors = 1;

/* Round-robin assignment of ideal processors to threads. */
static volatile ULONG KiNextIdealProcessor;

/* Releases that free a processor after a parked one was taken from its holder: while
   threads compete for processors they pay a compare-and-swap per raise (as without
   parking) rather than a process-wide barrier per take. */
static volatile LONG KipEagerAfterTake = 1024;

/* FALSE when the host has no process-wide barrier: processors are never parked. */
static BOOLEAN KipParkingEnabled;
static tss_t KipExitKey;
#define KIP_EXIT_HOOK_SET 1             /* KI_THREAD_STATE.ExitHookSet */
#define KIP_EXIT_HOOK_RAN 2

/* PRIVATE FUNCTIONS *********************************************************************/

static const char *KipIrqlName(KIRQL Irql)
{
    switch (Irql) {
    case PASSIVE_LEVEL: return "PASSIVE_LEVEL";
    case APC_LEVEL: return "APC_LEVEL";
    case DISPATCH_LEVEL: return "DISPATCH_LEVEL";
    case HIGH_LEVEL: return "HIGH_LEVEL";
    default: return "device IRQL";
    }
}

/* The bugcheck report's IRQL section. */
static SIZE_T KipIrqlReport(char *Buffer, SIZE_T Capacity)
{
    KI_THREAD_STATE *Thread = &KiThreadState;
    int n;

    if (Thread->OwnsProcessor)
        n = snprintf(Buffer, Capacity, "CURRENT_IRQL:  %u (%s), on virtual processor %u of %u\n",
                     Thread->Irql, KipIrqlName(Thread->Irql), Thread->Processor, KiProcessorCount);
    else
        n = snprintf(Buffer, Capacity, "CURRENT_IRQL:  %u (%s)\n", Thread->Irql,
                     KipIrqlName(Thread->Irql));
    return n < 0 ? 0 : ((SIZE_T)n >= Capacity ? Capacity - 1 : (SIZE_T)n);
}

static VOID KipThreadExit(void *State);

/* KMODE_CPUS=N (1..64) or the host's CPU count. Runs before main. */
__attribute__((constructor)) static void KiInitializeProcessors(void)
{
    const char *env = HostGetEnvironment("KMODE_CPUS");
    ULONG count = HostProcessorCount();

    if (env && *env) {
        char *end;
        unsigned long v = strtoul(env, &end, 10);
        if (*end == 0 && v >= 1)
            count = (ULONG)v;
    }
    if (count > MAXIMUM_PROCESSORS)
        count = MAXIMUM_PROCESSORS;
    KipParkingEnabled = HostInitializeProcessBarrier() &&
                        tss_create(&KipExitKey, KipThreadExit) == thrd_success;
    for (ULONG i = 0; i < MAXIMUM_PROCESSORS; i++) {
        KiProcessors[i].Number = i;
        KiProcessors[i].EagerReleases = KipParkingEnabled ? 0 : -1;
    }
    /* A constructor that ran before this one may have parked a processor. */
    if (!KipParkingEnabled)
        KiDropParkedProcessor(&KiThreadState);
    KiProcessorCount = count;
    KeNumberProcessors = (CCHAR)count;
    KiBugCheckIrqlHook = KipIrqlReport;
}

static VOID KipAssignIdealProcessor(KI_THREAD_STATE *Thread)
{
    Thread->IdealProcessor =
        (USHORT)(__atomic_fetch_add(&KiNextIdealProcessor, 1, __ATOMIC_RELAXED) %
                 KiProcessorCount);
    Thread->Processor = Thread->IdealProcessor;
    Thread->IdealAssigned = TRUE;
}

/* The thread has the token of processor Number: it runs on it now. */
static VOID KipBecomeOwner(KI_THREAD_STATE *Thread, ULONG Number)
{
    Thread->Processor = (USHORT)Number;
    Thread->HoldsProcessor = TRUE;
    Thread->OwnsProcessor = TRUE;
    __atomic_store_n(&KiProcessors[Number].Owner, Thread, __ATOMIC_RELAXED);
    if (__builtin_expect(Thread->ExitHookSet != KIP_EXIT_HOOK_SET, 0)) {
        if (Thread->ExitHookSet == KIP_EXIT_HOOK_RAN) {
            /* Past its exit hook (another exit hook raised IRQL): it must not park. Only
               the holder writes EagerReleases while it runs on the processor. */
            if (__atomic_load_n(&KiProcessors[Number].EagerReleases, __ATOMIC_RELAXED) == 0)
                __atomic_store_n(&KiProcessors[Number].EagerReleases, 1, __ATOMIC_RELAXED);
        } else if (KipParkingEnabled) {
            Thread->ExitHookSet = KIP_EXIT_HOOK_SET;
            tss_set(KipExitKey, Thread);
        }
    }
}

/* The thread (Running set) claims processor Number if it is free. */
static BOOLEAN KipClaimFree(KI_THREAD_STATE *Thread, ULONG Number)
{
    KI_THREAD_STATE *expected = NULL;

    if (__atomic_load_n(&KiProcessors[Number].Holder, __ATOMIC_RELAXED) == NULL &&
        __atomic_compare_exchange_n(&KiProcessors[Number].Holder, &expected, Thread, FALSE,
                                    __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
        KipBecomeOwner(Thread, Number);
        return TRUE;
    }
    return FALSE;
}

/*
 * Takes processor Number from Victim, which parked it (Owner NULL when looked at). The mark
 * goes in first, then the process-wide barrier: from then on Victim's next raise sees the
 * mark (and backs off), or Victim had already announced Running before the barrier and the
 * read below sees it (and the token goes back to Victim). TRUE: the thread (Running set)
 * now has the token; the caller makes it the owner. Victim's thread state stays readable
 * meanwhile: a thread that ends waits for the mark to go (KiDropParkedProcessor).
 */
static BOOLEAN KipTakeParked(KI_THREAD_STATE *Thread, ULONG Number, KI_THREAD_STATE *Victim)
{
    KI_PROCESSOR *Processor = &KiProcessors[Number];
    KI_THREAD_STATE *Mark = (KI_THREAD_STATE *)((ULONG_PTR)Thread | KI_HOLDER_TAKING);
    KI_THREAD_STATE *expected = Victim;

    if (!KipParkingEnabled ||
        !__atomic_compare_exchange_n(&Processor->Holder, &expected, Mark, FALSE,
                                     __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
        return FALSE;
    if (!HostFlushProcessWriteBuffers() ||
        __atomic_load_n(&Victim->Running, __ATOMIC_ACQUIRE)) {
        /* Victim is on it (or about to be): give it back. If Victim freed it meanwhile
           (it ran on it and released it), the compare fails and it stays free. */
        expected = Mark;
        __atomic_compare_exchange_n(&Processor->Holder, &expected, Victim, FALSE,
                                    __ATOMIC_RELEASE, __ATOMIC_RELAXED);
        return FALSE;
    }
    expected = Mark;
    if (!__atomic_compare_exchange_n(&Processor->Holder, &expected, Thread, FALSE,
                                     __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
        return FALSE;
    /* Someone else wanted this processor (a thread, a DPC worker): free it for a while
       rather than park it, so the next ones claim it with a compare-and-swap. */
    __atomic_store_n(&Processor->EagerReleases, KipEagerAfterTake, __ATOMIC_RELAXED);
    return TRUE;
}

/* The thread parks processor Processor and wants to raise: TRUE when the token is still
   its own (it runs on it now), FALSE when it was taken (HoldsProcessor cleared). Waits
   while a taker decides. */
static BOOLEAN KipResumeParked(KI_THREAD_STATE *Thread)
{
    KI_PROCESSOR *Processor = &KiProcessors[Thread->Processor];

    for (;;) {
        KI_THREAD_STATE *Holder = __atomic_load_n(&Processor->Holder, __ATOMIC_ACQUIRE);
        if (Holder == Thread) {
            __atomic_store_n(&Thread->Running, TRUE, __ATOMIC_RELAXED);
            __atomic_signal_fence(__ATOMIC_SEQ_CST);
            if (__atomic_load_n(&Processor->Holder, __ATOMIC_ACQUIRE) == Thread) {
                KipBecomeOwner(Thread, Thread->Processor);
                return TRUE;
            }
        } else if (((ULONG_PTR)Holder & KI_HOLDER_TAKING) == 0) {
            Thread->HoldsProcessor = FALSE;
            return FALSE;
        }
        KiCpuRelax();                  /* being taken: the taker sees Running and decides */
    }
}

/* The slow path of KiAcquireProcessor (ke.h): first use, token taken, processor busy. */
VOID KiAcquireProcessorSlow(KI_THREAD_STATE *Thread)
{
    if (!Thread->IdealAssigned)
        KipAssignIdealProcessor(Thread);
    for (ULONG spins = 0;; spins++) {
        ULONG start = Thread->Processor;

        if (Thread->HoldsProcessor && KipResumeParked(Thread))
            return;
        /* Announced before the compare-and-swap that claims (a full barrier), so a taker
           that looks at this thread's Running once it holds the token sees it. */
        __atomic_store_n(&Thread->Running, TRUE, __ATOMIC_RELAXED);
        for (ULONG i = 0; i < KiProcessorCount; i++) {
            if (KipClaimFree(Thread, (start + i) % KiProcessorCount))
                return;
        }
        /* Every processor is taken: take one that is only parked. */
        for (ULONG i = 0; KipParkingEnabled && i < KiProcessorCount; i++) {
            ULONG p = (start + i) % KiProcessorCount;
            KI_PROCESSOR *Processor = &KiProcessors[p];
            KI_THREAD_STATE *Victim = __atomic_load_n(&Processor->Holder, __ATOMIC_ACQUIRE);
            if (Victim != NULL && ((ULONG_PTR)Victim & KI_HOLDER_TAKING) == 0 &&
                __atomic_load_n(&Processor->Owner, __ATOMIC_ACQUIRE) == NULL &&
                KipTakeParked(Thread, p, Victim)) {
                KipBecomeOwner(Thread, p);
                return;
            }
        }
        if (spins < 64)
            KiCpuRelax();
        else
            HostYieldProcessor();
    }
}

VOID KiReleaseProcessorEager(KI_THREAD_STATE *Thread)
{
    KI_PROCESSOR *Processor = &KiProcessors[Thread->Processor];
    LONG Eager = __atomic_load_n(&Processor->EagerReleases, __ATOMIC_RELAXED);

    if (Eager > 0)
        __atomic_store_n(&Processor->EagerReleases, Eager - 1, __ATOMIC_RELAXED);
    Thread->HoldsProcessor = FALSE;
    /* Owner first: only the token's holder writes it. A taker's mark that arrived while
       this thread ran on the processor is overwritten: its compare-and-swaps then fail. */
    __atomic_store_n(&Processor->Owner, NULL, __ATOMIC_RELEASE);
    __atomic_store_n(&Processor->Holder, NULL, __ATOMIC_RELEASE);
    __atomic_store_n(&Thread->Running, FALSE, __ATOMIC_RELEASE);
}

VOID KiReleaseProcessorAll(KI_THREAD_STATE *Thread)
{
    if (__atomic_load_n(&KiProcessors[Thread->Processor].DpcCount, __ATOMIC_RELAXED) != 0)
        KiDrainDpcs(Thread);
    Thread->OwnsProcessor = FALSE;
    KiReleaseProcessorEager(Thread);
}

VOID KiDropParkedProcessor(KI_THREAD_STATE *Thread)
{
    KI_PROCESSOR *Processor = &KiProcessors[Thread->Processor];

    if (!Thread->HoldsProcessor || Thread->OwnsProcessor)
        return;
    for (;;) {
        KI_THREAD_STATE *Holder = __atomic_load_n(&Processor->Holder, __ATOMIC_ACQUIRE);
        KI_THREAD_STATE *expected = Thread;
        if (Holder == Thread) {
            if (__atomic_compare_exchange_n(&Processor->Holder, &expected, NULL, FALSE,
                                            __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
                break;
        } else if (((ULONG_PTR)Holder & KI_HOLDER_TAKING) == 0) {
            break;                     /* taken */
        }
        KiCpuRelax();                  /* a taker is reading this thread's state: wait */
    }
    Thread->HoldsProcessor = FALSE;
}

BOOLEAN KiClaimProcessorNumber(KI_THREAD_STATE *Thread, ULONG Number, BOOLEAN Wait)
{
    KI_PROCESSOR *Processor = &KiProcessors[Number];

    if (Thread->HoldsProcessor) {
        if (Thread->Processor == Number && KipResumeParked(Thread))
            goto Claimed;
        KiDropParkedProcessor(Thread);
    }
    __atomic_store_n(&Thread->Running, TRUE, __ATOMIC_RELAXED);
    for (ULONG spins = 0;; spins++) {
        KI_THREAD_STATE *Victim = __atomic_load_n(&Processor->Holder, __ATOMIC_ACQUIRE);
        if (KipClaimFree(Thread, Number))
            break;
        if (Victim != NULL && ((ULONG_PTR)Victim & KI_HOLDER_TAKING) == 0 &&
            __atomic_load_n(&Processor->Owner, __ATOMIC_ACQUIRE) == NULL &&
            KipTakeParked(Thread, Number, Victim)) {
            KipBecomeOwner(Thread, Number);
            break;
        }
        if (!Wait && __atomic_load_n(&Processor->Owner, __ATOMIC_ACQUIRE) != NULL) {
            __atomic_store_n(&Thread->Running, FALSE, __ATOMIC_RELEASE);
            return FALSE;
        }
        if (spins < 64)
            KiCpuRelax();
        else
            HostYieldProcessor();
    }
Claimed:
    /* A thread that never had a processor gets this one as its ideal: otherwise the first
       KeGetCurrentProcessorNumber (in a DPC it drains here) would assign another one. */
    if (!Thread->IdealAssigned) {
        Thread->IdealProcessor = (USHORT)Number;
        Thread->IdealAssigned = TRUE;
    }
    return TRUE;
}

/* Thread exit (a tss destructor, registered when the thread first had a processor): a
   processor it parked is freed. One it still runs on stays taken, as before parking (the
   adopted-thread exit in src/ps/thread.c releases that). */
static VOID KipThreadExit(void *State)
{
    KI_THREAD_STATE *Thread = &KiThreadState;

    UNREFERENCED_PARAMETER(State);
    Thread->ExitHookSet = KIP_EXIT_HOOK_RAN;
    KiDropParkedProcessor(Thread);
}

/* Takes every processor parked by a thread (none runs at DISPATCH_LEVEL) and frees it. */
static VOID KipFreeParkedProcessors(VOID)
{
    KI_THREAD_STATE *Thread = &KiThreadState;

    KiDropParkedProcessor(Thread);
    __atomic_store_n(&Thread->Running, TRUE, __ATOMIC_RELAXED);   /* as a taker must */
    for (ULONG p = 0; p < MAXIMUM_PROCESSORS; p++) {
        KI_PROCESSOR *Processor = &KiProcessors[p];
        for (;;) {
            KI_THREAD_STATE *Victim = __atomic_load_n(&Processor->Holder, __ATOMIC_ACQUIRE);
            if (Victim == NULL || __atomic_load_n(&Processor->Owner, __ATOMIC_ACQUIRE) != NULL)
                break;                 /* free, or a thread runs on it (not ours to free) */
            if (((ULONG_PTR)Victim & KI_HOLDER_TAKING) == 0 &&
                KipTakeParked(Thread, p, Victim)) {
                __atomic_store_n(&Processor->Holder, NULL, __ATOMIC_RELEASE);
                break;
            }
            KiCpuRelax();
        }
    }
    __atomic_store_n(&Thread->Running, FALSE, __ATOMIC_RELEASE);
}

VOID KiResetProcessorsAfterFork(VOID)
{
    KI_THREAD_STATE *Self = &KiThreadState;

    for (ULONG i = 0; i < MAXIMUM_PROCESSORS; i++) {
        KI_PROCESSOR *Processor = &KiProcessors[i];
        if (Processor->Owner != NULL && Processor->Owner != Self)
            Processor->Owner = NULL;
        if (Processor->Holder != NULL && Processor->Holder != Self)
            Processor->Holder = NULL;
    }
}

VOID KiRestoreIrqlAfterCatch(KIRQL Irql)
{
    KI_THREAD_STATE *Thread = &KiThreadState;

    if (Thread->OwnsProcessor && Irql < DISPATCH_LEVEL)
        KiReleaseProcessorAll(Thread);
    Thread->Irql = Irql;
}

VOID KiSetProcessorCountForTest(ULONG Count)
{
    if (Count < 1)
        Count = 1;
    if (Count > MAXIMUM_PROCESSORS)
        Count = MAXIMUM_PROCESSORS;
    KipFreeParkedProcessors();
    for (ULONG i = 0; KipParkingEnabled && i < MAXIMUM_PROCESSORS; i++)
        __atomic_store_n(&KiProcessors[i].EagerReleases, 0, __ATOMIC_RELAXED);
    KiProcessorCount = Count;
    KeNumberProcessors = (CCHAR)Count;
    KiThreadState.IdealAssigned = FALSE;
}

BOOLEAN KiSetProcessorParkingForTest(LONG EagerAfterTake)
{
    if (EagerAfterTake >= 0)
        KipEagerAfterTake = EagerAfterTake;
    return KipParkingEnabled;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * Any IRQL.
 */
KIRQL NTAPI KeGetCurrentIrql(VOID)
{
    return KiThreadState.Irql;
}

/* KfRaiseIrql with its checks and every case; Caller is KfRaiseIrql's return address. */
static __attribute__((noinline)) KIRQL KipRaiseIrqlChecked(KIRQL NewIrql, PVOID Caller)
{
    KI_THREAD_STATE *Thread = &KiThreadState;
    KIRQL OldIrql = Thread->Irql;

    if (NewIrql < OldIrql || NewIrql > HIGH_LEVEL) {
        VfIrqlViolation(0x30, OldIrql, NewIrql, 0, Caller);
        KiBugCheck(IRQL_NOT_GREATER_OR_EQUAL, OldIrql, NewIrql, 0, (ULONG_PTR)Caller, Caller,
                   "KeRaiseIrql was asked to raise to an IRQL below the current one.");
    }
    if (OldIrql < DISPATCH_LEVEL && NewIrql >= DISPATCH_LEVEL) {
        KiAcquireProcessor(Thread);
        VF_FORCE_IRQL_TRIM(Caller);                         /* pages paged pool out */
    }
    Thread->Irql = NewIrql;
    return OldIrql;
}

/*
 * @implemented
 * NewIrql must not be below the current IRQL: that is bugcheck 0x9 IRQL_NOT_GREATER_OR_EQUAL
 * (kmode's parameters: current IRQL, requested IRQL, 0, caller). Going from below to at or
 * above DISPATCH_LEVEL claims a virtual processor. The common case (from below
 * DISPATCH_LEVEL to at most HIGH_LEVEL, back on the processor the thread parked, no driver
 * verified) is inline; anything else tail-calls the complete path.
 */
__attribute__((noinline)) KIRQL FASTCALL KfRaiseIrql(KIRQL NewIrql)
{
    KI_THREAD_STATE *Thread = &KiThreadState;
    KIRQL OldIrql = Thread->Irql;

    if (__builtin_expect(OldIrql < DISPATCH_LEVEL && NewIrql >= DISPATCH_LEVEL &&
                         NewIrql <= HIGH_LEVEL &&
                         __atomic_load_n(&VfGlobalFlags, __ATOMIC_RELAXED) == 0 &&
                         KiResumeParkedProcessor(Thread), 1)) {
        Thread->Irql = NewIrql;
        return OldIrql;
    }
    return KipRaiseIrqlChecked(NewIrql, __builtin_return_address(0));
}

/* KfLowerIrql with its checks and every case; Caller is KfLowerIrql's return address. */
static __attribute__((noinline)) VOID KipLowerIrqlChecked(KIRQL NewIrql, PVOID Caller)
{
    KI_THREAD_STATE *Thread = &KiThreadState;
    KIRQL OldIrql = Thread->Irql;

    if (NewIrql > OldIrql) {
        VfIrqlViolation(0x31, OldIrql, NewIrql, 0, Caller);
        KiBugCheck(IRQL_NOT_LESS_OR_EQUAL, NewIrql, OldIrql, 0, (ULONG_PTR)Caller, Caller,
                   "KeLowerIrql was asked to lower to an IRQL above the current one (for "
                   "example, the OldIrql of a different KeRaiseIrql, or a swapped pair).");
    }
    Thread->Irql = NewIrql;
    if (OldIrql >= DISPATCH_LEVEL && NewIrql < DISPATCH_LEVEL)
        KiReleaseProcessor(Thread);
}

/*
 * @implemented
 * NewIrql must not be above the current IRQL: that is bugcheck 0xA IRQL_NOT_LESS_OR_EQUAL
 * (kmode's parameters: requested IRQL, current IRQL, 0, caller). Dropping below
 * DISPATCH_LEVEL gives the virtual processor back (parks it). The common case (from
 * DISPATCH_LEVEL or above to below it, no DPC queued to the processor, a processor to park)
 * is inline; anything else tail-calls the complete path.
 */
__attribute__((noinline)) VOID FASTCALL KfLowerIrql(KIRQL NewIrql)
{
    KI_THREAD_STATE *Thread = &KiThreadState;
    KI_PROCESSOR *Processor = &KiProcessors[Thread->Processor];

    if (__builtin_expect(Thread->Irql >= DISPATCH_LEVEL && NewIrql < DISPATCH_LEVEL &&
                         KiProcessorParksOnRelease(Processor), 1)) {
        Thread->Irql = NewIrql;
        KiParkProcessor(Thread, Processor);
        return;
    }
    KipLowerIrqlChecked(NewIrql, __builtin_return_address(0));
}

VOID FASTCALL KeLowerIrql(KIRQL NewIrql)
{
    if (NewIrql > KiThreadState.Irql)      /* the verifier's form names this caller */
        VfIrqlViolation(0x31, KiThreadState.Irql, NewIrql, 0, __builtin_return_address(0));
    KfLowerIrql(NewIrql);
}

KIRQL NTAPI KeRaiseIrqlToDpcLevel(VOID)
{
    return KfRaiseIrql(DISPATCH_LEVEL);
}

/* x64 SYNCH_LEVEL is 12. */
KIRQL NTAPI KeRaiseIrqlToSynchLevel(VOID)
{
    return KfRaiseIrql(12);
}

ULONG NTAPI KeGetCurrentProcessorNumber(VOID)
{
    KI_THREAD_STATE *Thread = &KiThreadState;

    if (!Thread->IdealAssigned)     /* below DISPATCH_LEVEL: where it would go */
        KipAssignIdealProcessor(Thread);
    return Thread->Processor;
}

ULONG NTAPI KeGetCurrentProcessorNumberEx(PPROCESSOR_NUMBER ProcNumber)
{
    ULONG n = KeGetCurrentProcessorNumber();

    if (ProcNumber) {
        ProcNumber->Group = 0;
        ProcNumber->Number = (UCHAR)n;
        ProcNumber->Reserved = 0;
    }
    return n;
}

KAFFINITY NTAPI KeQueryActiveProcessors(VOID)
{
    return KiProcessorCount >= 64 ? ~(KAFFINITY)0 : (((KAFFINITY)1 << KiProcessorCount) - 1);
}

ULONG NTAPI KeQueryActiveProcessorCount(PKAFFINITY ActiveProcessors)
{
    if (ActiveProcessors)
        *ActiveProcessors = KeQueryActiveProcessors();
    return KiProcessorCount;
}

/* kmode has one processor group. */
ULONG NTAPI KeQueryActiveProcessorCountEx(USHORT GroupNumber)
{
    return (GroupNumber == 0 || GroupNumber == ALL_PROCESSOR_GROUPS) ? KiProcessorCount : 0;
}

ULONG NTAPI KeQueryMaximumProcessorCount(VOID)
{
    return KiProcessorCount;
}

ULONG NTAPI KeQueryMaximumProcessorCountEx(USHORT GroupNumber)
{
    return KeQueryActiveProcessorCountEx(GroupNumber);
}

USHORT NTAPI KeQueryActiveGroupCount(VOID)
{
    return 1;
}

USHORT NTAPI KeQueryMaximumGroupCount(VOID)
{
    return 1;
}

/*
 * @implemented
 * <= APC_LEVEL. Critical regions disable normal kernel APCs; guarded regions all APCs.
 * The counts go negative as on NT (KernelApcDisable/SpecialApcDisable).
 */
VOID NTAPI KeEnterCriticalRegion(VOID)
{
    VF_DDI_RULE(VF_DDI_IRQL_KE_APC_LTE2, KiThreadState.Irql > APC_LEVEL);
    KiThreadState.KernelApcDisable--;
}

VOID NTAPI KeLeaveCriticalRegion(VOID)
{
    VF_DDI_RULE(VF_DDI_IRQL_KE_APC_LTE2, KiThreadState.Irql > APC_LEVEL);
    KiThreadState.KernelApcDisable++;
}

VOID NTAPI KeEnterGuardedRegion(VOID)
{
    VF_DDI_RULE(VF_DDI_IRQL_KE_APC_LTE2, KiThreadState.Irql > APC_LEVEL);
    KiThreadState.SpecialApcDisable--;
}

VOID NTAPI KeLeaveGuardedRegion(VOID)
{
    VF_DDI_RULE(VF_DDI_IRQL_KE_APC_LTE2, KiThreadState.Irql > APC_LEVEL);
    KiThreadState.SpecialApcDisable++;
}

BOOLEAN NTAPI KeAreApcsDisabled(VOID)
{
    VF_DDI_RULE(VF_DDI_IRQL_KE_APC_LTE2, KiThreadState.Irql > APC_LEVEL);
    return KiThreadState.KernelApcDisable != 0 || KiThreadState.SpecialApcDisable != 0 ||
           KiThreadState.Irql >= APC_LEVEL;
}

BOOLEAN NTAPI KeAreAllApcsDisabled(VOID)
{
    VF_DDI_RULE(VF_DDI_IRQL_KE_APC_LTE2, KiThreadState.Irql > APC_LEVEL);
    return KiThreadState.SpecialApcDisable != 0 || KiThreadState.Irql >= APC_LEVEL;
}

/*
 * @implemented
 * PAGED_CODE(). Windows checks it only in checked builds and otherwise crashes when the page
 * is out (a page fault at raised IRQL: 0xD1 with "execute" access). kmode bugchecks every
 * time: 0xD1 DRIVER_IRQL_NOT_LESS_OR_EQUAL(code address, IRQL, 8 = execute, code address).
 */
__attribute__((noinline)) VOID NTAPI KmodePagedCodeCheck(VOID)
{
    KIRQL Irql = KiThreadState.Irql;

    if (Irql > APC_LEVEL) {
        PVOID Code = __builtin_return_address(0);
        KiBugCheck(DRIVER_IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)Code, Irql, 8, (ULONG_PTR)Code,
                   Code, "Pageable code (a routine that starts with PAGED_CODE()) ran above "
                   "APC_LEVEL. On Windows this crashes whenever the page is not resident.");
    }
}
