/*
 * PURPOSE: Kernel benchmarks (src/ke):
 *   KeSetEvent -> KeWaitForSingleObject ping-pong between two threads  vs  the same ping-pong
 *       with a pthread mutex + condition variable (goal <= 1.1x)
 *   DPC queue-to-run latency (a DPC targeted at another processor, queued from PASSIVE_LEVEL,
 *       until its routine runs)  vs  waking a host thread through a condition variable
 *   DPCs per second on one processor (queued at DISPATCH_LEVEL, run when IRQL drops), as
 *       ns per DPC  vs  the same routines through a mutex-guarded FIFO, and as M/s
 *   KeRaiseIrql(DISPATCH_LEVEL) + KeLowerIrql   vs  an uncontended atomic claim + release of a
 *       word (what handing a processor over costs; a thread that keeps its processor parked
 *       between raises does less, src/ke/README.md)
 *   KeAcquireSpinLock + KeReleaseSpinLock       vs  pthread_spin_lock + pthread_spin_unlock
 *       (goal <= 2x; kmode's includes the IRQL raise and lower)
 */
#include <pthread.h>
#include <ntddk.h>
#include "bench.h"

#define PINGPONG_ROUNDS 20000

static KEVENT Ping, Pong;
static void *KePonger(void *arg)
{
    (void)arg;
    for (int i = 0; i < PINGPONG_ROUNDS; i++) {
        KeWaitForSingleObject(&Ping, Executive, KernelMode, FALSE, NULL);
        KeSetEvent(&Pong, 0, FALSE);
    }
    return NULL;
}

static double KePingPong(void)
{
    pthread_t th;
    unsigned long long start;

    KeInitializeEvent(&Ping, SynchronizationEvent, FALSE);
    KeInitializeEvent(&Pong, SynchronizationEvent, FALSE);
    pthread_create(&th, NULL, KePonger, NULL);
    start = NowNs();
    for (int i = 0; i < PINGPONG_ROUNDS; i++) {
        KeSetEvent(&Ping, 0, FALSE);
        KeWaitForSingleObject(&Pong, Executive, KernelMode, FALSE, NULL);
    }
    pthread_join(th, NULL);
    return (double)(NowNs() - start) / PINGPONG_ROUNDS;
}

static pthread_mutex_t HM = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t HC = PTHREAD_COND_INITIALIZER;
static int HPing, HPong;
static void *HostPonger(void *arg)
{
    (void)arg;
    for (int i = 0; i < PINGPONG_ROUNDS; i++) {
        pthread_mutex_lock(&HM);
        while (!HPing)
            pthread_cond_wait(&HC, &HM);
        HPing = 0;
        HPong = 1;
        pthread_cond_broadcast(&HC);
        pthread_mutex_unlock(&HM);
    }
    return NULL;
}

static double HostPingPong(void)
{
    pthread_t th;
    unsigned long long start;

    pthread_create(&th, NULL, HostPonger, NULL);
    start = NowNs();
    for (int i = 0; i < PINGPONG_ROUNDS; i++) {
        pthread_mutex_lock(&HM);
        HPing = 1;
        pthread_cond_broadcast(&HC);
        while (!HPong)
            pthread_cond_wait(&HC, &HM);
        HPong = 0;
        pthread_mutex_unlock(&HM);
    }
    pthread_join(th, NULL);
    return (double)(NowNs() - start) / PINGPONG_ROUNDS;
}

static volatile unsigned long long DpcRanAt;
static KEVENT DpcDone;
static VOID LatencyDpc(PKDPC Dpc, PVOID C, PVOID A1, PVOID A2)
{
    (void)Dpc; (void)C; (void)A1; (void)A2;
    DpcRanAt = NowNs();
    KeSetEvent(&DpcDone, 0, FALSE);
}

static double DpcLatency(void)
{
    KDPC dpc;
    double total = 0;
    const int rounds = 2000;

    KeInitializeEvent(&DpcDone, SynchronizationEvent, FALSE);
    KeInitializeDpc(&dpc, LatencyDpc, NULL);
    KeSetTargetProcessorDpc(&dpc, (CCHAR)(KeNumberProcessors - 1));
    for (int i = 0; i < rounds; i++) {
        unsigned long long queued = NowNs();
        KeInsertQueueDpc(&dpc, NULL, NULL);
        KeWaitForSingleObject(&DpcDone, Executive, KernelMode, FALSE, NULL);
        total += (double)(DpcRanAt - queued);
    }
    return total / rounds;
}

/* Baseline of the latency: waking a host thread that sleeps on a condition variable, from
   the signal until the woken thread runs. */
static pthread_mutex_t LM = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t LC = PTHREAD_COND_INITIALIZER, LDoneC = PTHREAD_COND_INITIALIZER;
static int LGo, LDone, LQuit;
static unsigned long long LRanAt;
static void *HostLatencyWaiter(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&LM);
    for (;;) {
        while (!LGo && !LQuit)
            pthread_cond_wait(&LC, &LM);
        if (LQuit)
            break;
        LGo = 0;
        LRanAt = NowNs();
        LDone = 1;
        pthread_cond_signal(&LDoneC);
    }
    pthread_mutex_unlock(&LM);
    return NULL;
}

static double HostLatency(void)
{
    pthread_t th;
    double total = 0;
    const int rounds = 2000;

    pthread_create(&th, NULL, HostLatencyWaiter, NULL);
    for (int i = 0; i < rounds; i++) {
        unsigned long long signalled;
        pthread_mutex_lock(&LM);
        signalled = NowNs();
        LGo = 1;
        pthread_cond_signal(&LC);
        while (!LDone)
            pthread_cond_wait(&LDoneC, &LM);
        LDone = 0;
        total += (double)(LRanAt - signalled);
        pthread_mutex_unlock(&LM);
    }
    pthread_mutex_lock(&LM);
    LQuit = 1;
    pthread_cond_signal(&LC);
    pthread_mutex_unlock(&LM);
    pthread_join(th, NULL);
    return total / rounds;
}

static volatile LONG DpcRuns;
static VOID CountDpc(PKDPC Dpc, PVOID C, PVOID A1, PVOID A2)
{
    (void)Dpc; (void)C; (void)A1; (void)A2;
    DpcRuns++;
}

static double DpcsPerSecond(void)
{
    KDPC dpcs[64];
    unsigned long long start;
    const int batches = 4000;

    for (int i = 0; i < 64; i++)
        KeInitializeDpc(&dpcs[i], CountDpc, NULL);
    DpcRuns = 0;
    start = NowNs();
    for (int b = 0; b < batches; b++) {
        KIRQL old = KeRaiseIrqlToDpcLevel();
        for (int i = 0; i < 64; i++)
            KeInsertQueueDpc(&dpcs[i], NULL, NULL);
        KeLowerIrql(old);                  /* runs the 64 DPCs */
    }
    return (double)DpcRuns / ((double)(NowNs() - start) / 1e9);
}

/* Baseline of DPCs per second: the same 64 routines through a work queue as a user-space
   program would write it: a linked FIFO guarded by a pthread mutex, pushed, then popped and
   called. */
typedef struct _CALLBACK {
    struct _CALLBACK *Next;
    PKDEFERRED_ROUTINE Routine;
    PVOID Context, A1, A2;
} CALLBACK;
static pthread_mutex_t QM = PTHREAD_MUTEX_INITIALIZER;
static CALLBACK *QHead, **QTail = &QHead;

static double CallbacksPerSecond(void)
{
    static CALLBACK items[64];
    static KDPC dpc;
    unsigned long long start;
    const int batches = 4000;

    DpcRuns = 0;
    start = NowNs();
    for (int b = 0; b < batches; b++) {
        for (int i = 0; i < 64; i++) {
            pthread_mutex_lock(&QM);
            items[i].Routine = CountDpc;
            items[i].Next = NULL;
            *QTail = &items[i];
            QTail = &items[i].Next;
            pthread_mutex_unlock(&QM);
        }
        for (;;) {
            CALLBACK *c;
            pthread_mutex_lock(&QM);
            c = QHead;
            if (c) {
                QHead = c->Next;
                if (!QHead)
                    QTail = &QHead;
            }
            pthread_mutex_unlock(&QM);
            if (!c)
                break;
            c->Routine(&dpc, c->Context, c->A1, c->A2);
        }
    }
    return (double)DpcRuns / ((double)(NowNs() - start) / 1e9);
}

static KSPIN_LOCK Lock;
static pthread_spinlock_t HostLock;
static void *volatile Word;

static void RaiseLower(unsigned i)
{
    (void)i;
    KIRQL old = KeRaiseIrqlToDpcLevel();
    KeLowerIrql(old);
}

static void ClaimRelease(unsigned i)
{
    void *expected = NULL;
    (void)i;
    __atomic_compare_exchange_n(&Word, &expected, (void *)&Word, 0, __ATOMIC_ACQUIRE,
                                __ATOMIC_RELAXED);
    __atomic_store_n(&Word, NULL, __ATOMIC_RELEASE);
}

static void KeSpin(unsigned i)
{
    KIRQL old;
    (void)i;
    KeAcquireSpinLock(&Lock, &old);
    KeReleaseSpinLock(&Lock, old);
}

static void HostSpin(unsigned i)
{
    (void)i;
    pthread_spin_lock(&HostLock);
    pthread_spin_unlock(&HostLock);
}

int main(void)
{
    PrintLoad("ke_bench");
    KeInitializeSpinLock(&Lock);
    pthread_spin_init(&HostLock, PTHREAD_PROCESS_PRIVATE);
    printf("kmode IRQL / spin lock benchmark (%d virtual processors; ratio = kmode / baseline)\n",
           KeNumberProcessors);
    Report("KeRaiseIrql(DISPATCH)+KeLowerIrql", Measure(RaiseLower), "atomic claim + release",
           Measure(ClaimRelease));
    Report("KeAcquireSpinLock+KeReleaseSpinLock", Measure(KeSpin), "pthread spin lock+unlock",
           Measure(HostSpin));
    Report("KeSetEvent/KeWaitForSingleObject ping-pong", KePingPong(),
           "pthread mutex+cond ping-pong", HostPingPong());
    /* Latency: a DPC targeted at another processor, queued at PASSIVE_LEVEL, until its
       routine runs (on that processor's worker) vs waking a host thread. */
    Report("DPC queue-to-run latency (other processor)", DpcLatency(),
           "pthread cond signal to wake-up", HostLatency());
    {
        double dpcs = DpcsPerSecond(), calls = CallbacksPerSecond();
        Report("DPC insert+run, one processor (per DPC)", 1e9 / dpcs,
               "mutex-guarded callback FIFO (per call)", 1e9 / calls);
        printf("%-44s %8.2f M/s  (64 DPCs queued at DISPATCH_LEVEL, run when IRQL drops)\n",
               "DPCs per second, one processor", dpcs / 1e6);
    }
    return 0;
}
