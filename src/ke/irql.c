/*
 * PURPOSE: Virtual processors and IRQL: KeRaiseIrql/KeLowerIrql, processor queries,
 * critical/guarded regions and the PAGED_CODE check. The model is described in
 * src/ke/README.md.
 */

/* INCLUDES ******************************************************************************/

#include <stdio.h>
#include <stdlib.h>
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
    for (ULONG i = 0; i < MAXIMUM_PROCESSORS; i++)
        KiProcessors[i].Number = i;
    KiProcessorCount = count;
    KeNumberProcessors = (CCHAR)count;
    KiBugCheckIrqlHook = KipIrqlReport;
}

/* The slow path of KiAcquireProcessor (ke.h): first use, or the last processor is taken. */
VOID KiAcquireProcessorSlow(KI_THREAD_STATE *Thread)
{
    ULONG start;

    if (!Thread->IdealAssigned) {
        Thread->IdealProcessor =
            (USHORT)(__atomic_fetch_add(&KiNextIdealProcessor, 1, __ATOMIC_RELAXED) %
                     KiProcessorCount);
        Thread->Processor = Thread->IdealProcessor;
        Thread->IdealAssigned = TRUE;
    }
    start = Thread->Processor;
    for (ULONG spins = 0;; spins++) {
        for (ULONG i = 0; i < KiProcessorCount; i++) {
            ULONG p = (start + i) % KiProcessorCount;
            KI_THREAD_STATE *expected = NULL;
            if (__atomic_load_n(&KiProcessors[p].Owner, __ATOMIC_RELAXED) == NULL &&
                __atomic_compare_exchange_n(&KiProcessors[p].Owner, &expected, Thread, FALSE,
                                            __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
                Thread->Processor = (USHORT)p;
                Thread->OwnsProcessor = TRUE;
                return;
            }
        }
        if (spins < 64)
            KiCpuRelax();
        else
            HostYieldProcessor();
    }
}

VOID KiRestoreIrqlAfterCatch(KIRQL Irql)
{
    KI_THREAD_STATE *Thread = &KiThreadState;

    if (Thread->OwnsProcessor && Irql < DISPATCH_LEVEL)
        KiReleaseProcessor(Thread);
    Thread->Irql = Irql;
}

VOID KiSetProcessorCountForTest(ULONG Count)
{
    if (Count < 1)
        Count = 1;
    if (Count > MAXIMUM_PROCESSORS)
        Count = MAXIMUM_PROCESSORS;
    KiProcessorCount = Count;
    KeNumberProcessors = (CCHAR)Count;
    KiThreadState.IdealAssigned = FALSE;
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

/*
 * @implemented
 * NewIrql must not be below the current IRQL: that is bugcheck 0x9 IRQL_NOT_GREATER_OR_EQUAL
 * (kmode's parameters: current IRQL, requested IRQL, 0, caller). Going from below to at or
 * above DISPATCH_LEVEL claims a virtual processor.
 */
__attribute__((noinline)) KIRQL FASTCALL KfRaiseIrql(KIRQL NewIrql)
{
    KI_THREAD_STATE *Thread = &KiThreadState;
    KIRQL OldIrql = Thread->Irql;

    if (NewIrql < OldIrql || NewIrql > HIGH_LEVEL) {
        VfIrqlViolation(0x30, OldIrql, NewIrql, 0, __builtin_return_address(0));
        KiBugCheck(IRQL_NOT_GREATER_OR_EQUAL, OldIrql, NewIrql, 0,
                   (ULONG_PTR)__builtin_return_address(0), __builtin_return_address(0),
                   "KeRaiseIrql was asked to raise to an IRQL below the current one.");
    }
    if (OldIrql < DISPATCH_LEVEL && NewIrql >= DISPATCH_LEVEL) {
        KiAcquireProcessor(Thread);
        VF_FORCE_IRQL_TRIM(__builtin_return_address(0));   /* pages paged pool out */
    }
    Thread->Irql = NewIrql;
    return OldIrql;
}

/*
 * @implemented
 * NewIrql must not be above the current IRQL: that is bugcheck 0xA IRQL_NOT_LESS_OR_EQUAL
 * (kmode's parameters: requested IRQL, current IRQL, 0, caller). Dropping below
 * DISPATCH_LEVEL gives the virtual processor back.
 */
__attribute__((noinline)) VOID FASTCALL KfLowerIrql(KIRQL NewIrql)
{
    KI_THREAD_STATE *Thread = &KiThreadState;
    KIRQL OldIrql = Thread->Irql;

    if (NewIrql > OldIrql) {
        VfIrqlViolation(0x31, OldIrql, NewIrql, 0, __builtin_return_address(0));
        KiBugCheck(IRQL_NOT_LESS_OR_EQUAL, NewIrql, OldIrql, 0,
                   (ULONG_PTR)__builtin_return_address(0), __builtin_return_address(0),
                   "KeLowerIrql was asked to lower to an IRQL above the current one (for "
                   "example, the OldIrql of a different KeRaiseIrql, or a swapped pair).");
    }
    Thread->Irql = NewIrql;
    if (OldIrql >= DISPATCH_LEVEL && NewIrql < DISPATCH_LEVEL)
        KiReleaseProcessor(Thread);
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

    if (!Thread->IdealAssigned) {
        /* Below DISPATCH_LEVEL a thread may run anywhere; report where it would go. */
        Thread->IdealProcessor =
            (USHORT)(__atomic_fetch_add(&KiNextIdealProcessor, 1, __ATOMIC_RELAXED) %
                     KiProcessorCount);
        Thread->Processor = Thread->IdealProcessor;
        Thread->IdealAssigned = TRUE;
    }
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
