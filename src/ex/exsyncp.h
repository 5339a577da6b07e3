/*
 * PURPOSE: Private helpers of the executive synchronization code (src/ex/fastmutex.c,
 * resource.c, rundown.c, slist.c, lookaside.c): the current thread's identity, the IRQL rule for
 * blocking locks, and waiting on an event that may live on the waiter's stack.
 */
#ifndef _KMODE_EX_EXSYNCP_H_
#define _KMODE_EX_EXSYNCP_H_

#include <internal/ke.h>

/* Bugcheck codes this code raises (not all are in wdm/bugcheck.h). */
#define EXP_THREAD_NOT_MUTEX_OWNER       0x11
#define EXP_SHARED_RESOURCE_CONV_ERROR   0x1F
#define EXP_MUTEX_ALREADY_OWNED          0xBF
#define EXP_RESOURCE_NOT_OWNED           0xE3
#define EXP_AUTO_BOOST_LOCK_RAISED_IRQL  0x192

/* A pool tag from its four characters, as a multi-character constant would give it. */
#define EXP_TAG(a, b, c, d) \
    ((ULONG)(a) | ((ULONG)(b) << 8) | ((ULONG)(c) << 16) | ((ULONG)(d) << 24))

/*
 * The current thread's identity, as lock owners record it. The ONE place that decides what
 * a thread is for the executive locks (ExGetCurrentResourceThread returns it): the thread
 * object, the identity KMUTEX ownership and KeGetCurrentThread use too.
 */
FORCEINLINE ERESOURCE_THREAD ExpCurrentThread(VOID)
{
    /* As on Windows, ExGetCurrentResourceThread() is the current thread object. */
    return (ERESOURCE_THREAD)KiCurrentKThread();
}

/* Blocking locks may not be taken at DISPATCH_LEVEL or above: bugcheck 0x192. */
FORCEINLINE VOID ExpCheckBlockingIrql(PVOID Lock, PVOID Caller)
{
    KIRQL Irql = KiThreadState.Irql;
    if (__builtin_expect(Irql > APC_LEVEL, 0))
        KiBugCheck(EXP_AUTO_BOOST_LOCK_RAISED_IRQL, ExpCurrentThread(), (ULONG_PTR)Lock, Irql,
                   0, Caller,
                   "A blocking lock (fast/guarded mutex or ERESOURCE) was acquired at "
                   "DISPATCH_LEVEL or above, where the thread cannot wait for its owner.");
}

/* Waits for Object (an event or semaphore). KeWaitForSingleObject returns only after the
   signaller has left the dispatcher lock, so the object's memory may be reused at once. */
FORCEINLINE VOID ExpWaitForObject(PVOID Object, KWAIT_REASON Reason)
{
    KeWaitForSingleObject(Object, Reason, KernelMode, FALSE, NULL);
}

#endif
