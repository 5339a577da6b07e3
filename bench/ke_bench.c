/*
 * PURPOSE: IRQL and spin lock benchmarks (src/ke):
 *   KeRaiseIrql(DISPATCH_LEVEL) + KeLowerIrql   vs  an uncontended atomic claim + release of a
 *       word (the least a processor hand-off can cost)
 *   KeAcquireSpinLock + KeReleaseSpinLock       vs  pthread_spin_lock + pthread_spin_unlock
 *       (goal <= 2x; kmode's includes the IRQL raise and lower)
 */
#include <pthread.h>
#include <ntddk.h>
#include "bench.h"

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
    KeInitializeSpinLock(&Lock);
    pthread_spin_init(&HostLock, PTHREAD_PROCESS_PRIVATE);
    printf("kmode IRQL / spin lock benchmark (%d virtual processors; ratio = kmode / baseline)\n",
           KeNumberProcessors);
    Report("KeRaiseIrql(DISPATCH)+KeLowerIrql", Measure(RaiseLower), "atomic claim + release",
           Measure(ClaimRelease));
    Report("KeAcquireSpinLock+KeReleaseSpinLock", Measure(KeSpin), "pthread spin lock+unlock",
           Measure(HostSpin));
    return 0;
}
