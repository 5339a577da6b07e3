/*
 * PURPOSE: Driver Verifier's low resources simulation: failure injection into the
 * allocating calls of verified drivers, randomized (flag 0x4) or systematic (0x40000).
 * docs/verifier.md.
 *
 * Every allocating call made by a driver verified with either flag (pool allocations and
 * the allocating DDIs: IoAllocateIrp, IoAllocateMdl, IoAllocateWorkItem, ...) gets a
 * number, 1, 2, 3... in the order the calls happen in the process.
 *   - Randomized: call n fails when a hash of (seed, n) falls under the probability
 *     (KMODE_FAULT_PROBABILITY percent, default 6 as on Windows). The seed is
 *     KMODE_FAULT_SEED, or random and printed; the same seed replays the same failures as
 *     long as the calls come in the same order.
 *   - Systematic: call KMODE_FAULT_INDEX fails, no other; at exit the number of calls
 *     counted is printed, so a script can run a program once per failure point
 *     (tools/vf-lowres.sh).
 * Windows waits about eight minutes after boot before it injects anything (the system has
 * to come up first); kmode has no boot to protect and injects from the first call.
 */

/* INCLUDES ******************************************************************************/

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <internal/host.h>
#include <internal/vfpool.h>

/* GLOBALS *******************************************************************************/

#define VFP_DEFAULT_PROBABILITY 600     /* per 10000: Windows' default of 6% */

static volatile LONG VfpLowResState;    /* 0 not set up, 1 setting up, 2 ready */
static ULONG64 VfpSeed;
static ULONG64 VfpFaultIndex;           /* systematic: the call to fail (0: none) */
static ULONG VfpProbability;            /* per 10000 */
static volatile LONG64 VfpCalls;
static volatile LONG64 VfpInjected;
static volatile LONG VfpExitReportArmed;
static volatile LONG VfpSystematicSeen;

/* PRIVATE FUNCTIONS *********************************************************************/

static ULONG64 VfpMix(ULONG64 x)
{
    /* splitmix64's finalizer: a good spread of (seed, n) in one multiply-xorshift chain. */
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

static BOOLEAN VfpParseNumber(const char *Text, ULONG64 *Value)
{
    char *End;

    if (Text == NULL || Text[0] == 0 || Text[0] == '-')
        return FALSE;
    *Value = strtoull(Text, &End, 0);
    return *End == 0;
}

static VOID VfpExitReport(VOID)
{
    if (__atomic_load_n(&VfpSystematicSeen, __ATOMIC_RELAXED))
        fprintf(stderr, "kmode: verifier: systematic low resources simulation: %llu allocating "
                "calls, failed call %llu%s\n", (unsigned long long)VfpCalls,
                (unsigned long long)VfpFaultIndex,
                VfpFaultIndex == 0 ? " (none: KMODE_FAULT_INDEX not set)"
                : VfpFaultIndex > (ULONG64)VfpCalls ? " (beyond the last call: none failed)" : "");
}

static VOID VfpSetUp(ULONG Flags)
{
    LONG Expected = 0;
    ULONG64 Value;

    if (__atomic_load_n(&VfpLowResState, __ATOMIC_ACQUIRE) == 2)
        return;
    if (!__atomic_compare_exchange_n(&VfpLowResState, &Expected, 1, FALSE, __ATOMIC_ACQUIRE,
                                     __ATOMIC_ACQUIRE)) {
        while (__atomic_load_n(&VfpLowResState, __ATOMIC_ACQUIRE) != 2)
            HostYieldProcessor();
        return;
    }
    VfpFaultIndex = VfpParseNumber(HostGetEnvironment(VF_ENV_FAULT_INDEX), &Value) ? Value : 0;
    VfpProbability = VFP_DEFAULT_PROBABILITY;
    if (VfpParseNumber(HostGetEnvironment(VF_ENV_FAULT_PROBABILITY), &Value) && Value <= 100)
        VfpProbability = (ULONG)Value * 100;
    if (!VfpParseNumber(HostGetEnvironment(VF_ENV_FAULT_SEED), &VfpSeed)) {
        if (!HostRandomBytes(&VfpSeed, sizeof(VfpSeed)))
            VfpSeed = HostQueryMonotonicClock();
        VfpSeed %= 1000000000ULL;       /* short enough to type */
    }
    if ((Flags & VF_FLAG_LOW_RESOURCES) && !(Flags & VF_FLAG_SYSTEMATIC_LOW_RESOURCES))
        fprintf(stderr, "kmode: verifier: low resources simulation: seed %llu, %u%% of "
                "allocating calls fail (KMODE_FAULT_SEED=%llu replays them)\n",
                (unsigned long long)VfpSeed, VfpProbability / 100, (unsigned long long)VfpSeed);
    if (__atomic_exchange_n(&VfpExitReportArmed, 1, __ATOMIC_RELAXED) == 0)
        atexit(VfpExitReport);
    __atomic_store_n(&VfpLowResState, 2, __ATOMIC_RELEASE);
}

/* PUBLIC FUNCTIONS (internal) ***********************************************************/

BOOLEAN VfLowResourcesShouldFail(PVOID Caller, ULONG Tag)
{
    ULONG Flags = VfAddressFlags(Caller) & VF_FLAGS_ANY_LOW_RESOURCES;
    ULONG64 n;
    BOOLEAN Fail;

    UNREFERENCED_PARAMETER(Tag);       /* kmode has no tag filter (Windows' is optional) */
    if (Flags == 0)
        return FALSE;
    VfpSetUp(Flags);
    n = (ULONG64)__atomic_add_fetch(&VfpCalls, 1, __ATOMIC_RELAXED);
    if (Flags & VF_FLAG_SYSTEMATIC_LOW_RESOURCES) {
        __atomic_store_n(&VfpSystematicSeen, 1, __ATOMIC_RELAXED);
        Fail = n == VfpFaultIndex;
    } else {
        Fail = VfpMix(VfpSeed ^ VfpMix(n)) % 10000 < VfpProbability;
    }
    if (Fail)
        __atomic_add_fetch(&VfpInjected, 1, __ATOMIC_RELAXED);
    return Fail;
}

VOID VfLowResourcesQuery(PULONG64 Calls, PULONG64 Injected)
{
    *Calls = (ULONG64)__atomic_load_n(&VfpCalls, __ATOMIC_RELAXED);
    *Injected = (ULONG64)__atomic_load_n(&VfpInjected, __ATOMIC_RELAXED);
}

VOID VfLowResourcesReset(VOID)
{
    __atomic_store_n(&VfpCalls, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&VfpInjected, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&VfpSystematicSeen, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&VfpLowResState, 0, __ATOMIC_RELEASE);
}
