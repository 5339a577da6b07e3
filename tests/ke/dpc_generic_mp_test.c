/*
 * PURPOSE: KeGenericCallDpc / KeSignalCallDpcSynchronize / KeSignalCallDpcDone
 * (src/ke/dpc.c) with several virtual processors: the routine runs once on every processor,
 * at DISPATCH_LEVEL, all of them at once (a barrier only passes when every processor has
 * reached it); each barrier returns TRUE on exactly one processor; KeGenericCallDpc returns
 * after every processor signalled done. No timing: the barrier itself would hang otherwise.
 */
#include <string.h>
#include <ntddk.h>
#include <internal/ke.h>
#include "ktest.h"

#define GC_ROUNDS 3

typedef struct _GC_STATE {
    volatile LONG Ran[MAXIMUM_PROCESSORS];
    volatile LONG Arrived[GC_ROUNDS];
    volatile LONG Winners[GC_ROUNDS];
    volatile LONG SawAllArrived;
    volatile LONG WrongIrql;
    volatile LONG Done;
    ULONG Count;
} GC_STATE;

static VOID GcRoutine(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    GC_STATE *s = (GC_STATE *)Context;
    ULONG p = KeGetCurrentProcessorNumber();

    (void)Dpc;
    if (KeGetCurrentIrql() != DISPATCH_LEVEL)
        InterlockedIncrement(&s->WrongIrql);
    InterlockedIncrement(&s->Ran[p]);
    for (int r = 0; r < GC_ROUNDS; r++) {
        InterlockedIncrement(&s->Arrived[r]);
        if (KeSignalCallDpcSynchronize(Arg2))
            InterlockedIncrement(&s->Winners[r]);
        /* Past the barrier: every processor has arrived at it. */
        if ((ULONG)s->Arrived[r] == s->Count)
            InterlockedIncrement(&s->SawAllArrived);
    }
    if (KeGetCurrentProcessorNumber() != p)
        InterlockedIncrement(&s->WrongIrql);     /* left its processor at DISPATCH_LEVEL */
    InterlockedIncrement(&s->Done);
    KeSignalCallDpcDone(Arg1);
}

static void GcRun(KTEST *t, ULONG Cpus)
{
    static GC_STATE s;
    ULONG saved = KiProcessorCount;

    KiSetProcessorCountForTest(Cpus);
    memset((void *)&s, 0, sizeof s);
    s.Count = KiProcessorCount;
    KeGenericCallDpc(GcRoutine, &s);
    /* Returned only after every processor signalled done. */
    KT_EXPECT_EQ(t, s.Done, (LONG)s.Count);
    for (ULONG p = 0; p < s.Count; p++)
        KT_EXPECT_EQ(t, s.Ran[p], 1);
    for (int r = 0; r < GC_ROUNDS; r++) {
        KT_EXPECT_EQ(t, s.Arrived[r], (LONG)s.Count);
        KT_EXPECT_EQ(t, s.Winners[r], 1);
    }
    KT_EXPECT_EQ(t, s.SawAllArrived, (LONG)(s.Count * GC_ROUNDS));
    KT_EXPECT_EQ(t, s.WrongIrql, 0);
    KT_EXPECT_EQ(t, KeGetCurrentIrql(), PASSIVE_LEVEL);
    KeFlushQueuedDpcs();
    KiSetProcessorCountForTest(saved);
}

static void ke_dpc_generic_mp_test_runs_on_every_processor_with_barrier(KTEST *t)
{
    GcRun(t, 4);
}

static void ke_dpc_generic_mp_test_one_processor(KTEST *t)
{
    GcRun(t, 1);
}

static void ke_dpc_generic_mp_test_many_processors_repeatedly(KTEST *t)
{
    for (int i = 0; i < 5; i++)
        GcRun(t, 8);
}

/* Calls from several threads at once are serialized, each complete. */
#include <pthread.h>
static volatile LONG GcTotal;
static VOID GcCountRoutine(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    (void)Dpc; (void)Context;
    KeSignalCallDpcSynchronize(Arg2);
    InterlockedIncrement(&GcTotal);
    KeSignalCallDpcDone(Arg1);
}

static void *GcCaller(void *arg)
{
    (void)arg;
    for (int i = 0; i < 20; i++)
        KeGenericCallDpc(GcCountRoutine, NULL);
    return NULL;
}

static void ke_dpc_generic_mp_test_concurrent_callers(KTEST *t)
{
    ULONG saved = KiProcessorCount;
    pthread_t th[3];

    KiSetProcessorCountForTest(3);
    GcTotal = 0;
    for (int i = 0; i < 3; i++)
        pthread_create(&th[i], NULL, GcCaller, NULL);
    for (int i = 0; i < 3; i++)
        pthread_join(th[i], NULL);
    KT_EXPECT_EQ(t, GcTotal, 3 * 20 * 3);
    KeFlushQueuedDpcs();
    KiSetProcessorCountForTest(saved);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ke_dpc_generic_mp_test_runs_on_every_processor_with_barrier),
    KTEST_CASE_ENTRY(ke_dpc_generic_mp_test_one_processor),
    KTEST_CASE_ENTRY(ke_dpc_generic_mp_test_many_processors_repeatedly),
    KTEST_CASE_ENTRY(ke_dpc_generic_mp_test_concurrent_callers),
    { 0 },
};
KTEST_SUITE(ke_dpc_generic_mp, cases);
