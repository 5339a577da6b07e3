/*
 * PURPOSE: DPCs under concurrency (src/ke/dpc.c): several threads queue DPCs to every
 * processor while others raise and lower IRQL; every DPC that was queued runs exactly once,
 * on its target processor, at DISPATCH_LEVEL, never concurrently with other DISPATCH_LEVEL
 * code on that processor. Bounded iterations; KeFlushQueuedDpcs is the only "wait".
 */
#include <pthread.h>
#include <string.h>
#include <ntddk.h>
#include <internal/ke.h>
#include "ktest.h"

#define MP_THREADS 4
#define MP_ROUNDS 2000

typedef struct _MP_DPC {
    KDPC Dpc;
    ULONG Target;
} MP_DPC;

static volatile LONG Occupied[MAXIMUM_PROCESSORS];
static volatile LONG Ran, Queued, Violations;
static MP_DPC Dpcs[MP_THREADS][MAXIMUM_PROCESSORS];

static VOID MpDpcRoutine(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    MP_DPC *d = (MP_DPC *)Context;
    ULONG p = KeGetCurrentProcessorNumber();
    (void)Dpc; (void)Arg1; (void)Arg2;
    if (KeGetCurrentIrql() != DISPATCH_LEVEL || p != d->Target)
        InterlockedIncrement(&Violations);
    if (InterlockedExchange(&Occupied[p], 1) != 0)
        InterlockedIncrement(&Violations);
    InterlockedExchange(&Occupied[p], 0);
    InterlockedIncrement(&Ran);
}

static void *MpInserter(void *arg)
{
    MP_DPC *mine = Dpcs[(LONG)(ULONG_PTR)arg];
    for (int i = 0; i < MP_ROUNDS; i++) {
        ULONG p = (ULONG)i % KiProcessorCount;
        if (KeInsertQueueDpc(&mine[p].Dpc, NULL, NULL))
            InterlockedIncrement(&Queued);
        if (i % 7 == 0) {
            /* Some DISPATCH_LEVEL work of our own, which also drains our processor. */
            KIRQL old = KeRaiseIrqlToDpcLevel();
            ULONG q = KeGetCurrentProcessorNumber();
            if (InterlockedExchange(&Occupied[q], 1) != 0)
                InterlockedIncrement(&Violations);
            InterlockedExchange(&Occupied[q], 0);
            KeLowerIrql(old);
        }
    }
    return NULL;
}

static void ke_dpc_mp_test_every_queued_dpc_runs_once_on_its_processor(KTEST *t)
{
    pthread_t th[MP_THREADS];

    Ran = Queued = Violations = 0;
    for (int i = 0; i < MP_THREADS; i++) {
        for (ULONG p = 0; p < KiProcessorCount; p++) {
            KeInitializeDpc(&Dpcs[i][p].Dpc, MpDpcRoutine, &Dpcs[i][p]);
            KeSetTargetProcessorDpc(&Dpcs[i][p].Dpc, (CCHAR)p);
            Dpcs[i][p].Target = p;
        }
    }
    for (int i = 0; i < MP_THREADS; i++)
        pthread_create(&th[i], NULL, MpInserter, (void *)(ULONG_PTR)i);
    for (int i = 0; i < MP_THREADS; i++)
        pthread_join(th[i], NULL);
    KeFlushQueuedDpcs();
    KT_EXPECT_EQ(t, Violations, 0);
    KT_EXPECT_TRUE(t, Queued > 0);
    KT_EXPECT_EQ(t, Ran, Queued);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ke_dpc_mp_test_every_queued_dpc_runs_once_on_its_processor),
    { 0 },
};
KTEST_SUITE(ke_dpc_mp, cases);
