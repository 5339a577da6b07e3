/*
 * PURPOSE: What vf_locks.sys (tests/verifier/drivers) and test-verifier share: the driver's
 * scenarios, which it hands to the test program at DriverEntry.
 */
#ifndef VF_LOCKS_H
#define VF_LOCKS_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum _VF_LOCK_SCENARIO {
    VfLocksClean,              /* one consistent order, nesting, recursion: no violation */
    VfLocksSpinCycle,          /* A then B, later B then A (spin locks): 0x1001 */
    VfLocksInStackCycle,       /* the same with in-stack queued spin locks: 0x1001 */
    VfLocksThreeLockCycle,     /* mutex -> resource -> fast mutex -> mutex: 0x1001 */
    VfLocksFastMutexTwice,     /* a fast mutex acquired again by its owner: 0x1000 */
    VfLocksSpinReleaseOrder,   /* A, B acquired; A released first, back to PASSIVE: 0x1003 */
    VfLocksWrongThread,        /* a fast mutex released by another thread: 0x1004 */
    VfLocksReleaseTwice,       /* a spin lock released again: 0x1007 */
    VfLocksMultiWaitCycle,     /* mutex -> mutex 2 by WaitAll, later 2 -> 1 by WaitAny: 0x1001 */
    VfLocksScenarioCount
} VF_LOCK_SCENARIO;

typedef struct _VF_LOCKS_DRIVER {
    void (*Run)(VF_LOCK_SCENARIO Scenario);
    /* The addresses the reports name. */
    void *LockA, *LockB, *FastMutex, *Mutex, *Resource, *Mutex2;
} VF_LOCKS_DRIVER;

/* Exported by test-verifier; vf_locks.sys calls it from DriverEntry. */
void VfTestRegisterLocksDriver(const VF_LOCKS_DRIVER *Driver);

#ifdef __cplusplus
}
#endif

#endif
