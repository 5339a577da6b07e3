/*
 * PURPOSE: Bug class "lock released by a thread that does not own it": a kernel mutex
 * (0x11 THREAD_NOT_MUTEX_OWNER: thread, mutex, owner, 0), a fast mutex (0x11 as well:
 * thread, mutex, owner, 0) and an ERESOURCE (0xE3 RESOURCE_NOT_OWNED: resource, thread,
 * owner table, 0); and a fast mutex acquired again by its owner (0xBF
 * MUTEX_ALREADY_OWNED: mutex, thread, 0, 0; on Windows the thread deadlocks), with the
 * mutex listed under LOCKS_HELD.
 */
#include "bugs.h"

static KMUTEX OwnerMutex;
static FAST_MUTEX OwnerFastMutex;
static ERESOURCE OwnerResource;

static DECLSPEC_NOINLINE VOID OwnerReleaseKernelMutex(void *Context)
{
    UNREFERENCED_PARAMETER(Context);
    KeReleaseMutex(&OwnerMutex, FALSE);              /* BUG: never acquired */
}

static DECLSPEC_NOINLINE VOID OwnerReleaseFastMutex(void *Context)
{
    UNREFERENCED_PARAMETER(Context);
    ExReleaseFastMutexUnsafe(&OwnerFastMutex);       /* BUG: never acquired */
}

static DECLSPEC_NOINLINE VOID OwnerReleaseResource(void *Context)
{
    UNREFERENCED_PARAMETER(Context);
    KeEnterCriticalRegion();
    ExReleaseResourceLite(&OwnerResource);           /* BUG: never acquired */
    KeLeaveCriticalRegion();
}

static DECLSPEC_NOINLINE VOID OwnerLookup(VOID)
{
    ExAcquireFastMutex(&OwnerFastMutex);             /* BUG: the caller holds it */
    ExReleaseFastMutex(&OwnerFastMutex);
}

static DECLSPEC_NOINLINE VOID OwnerAcquireTwice(void *Context)
{
    UNREFERENCED_PARAMETER(Context);
    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&OwnerResource, TRUE);
    ExAcquireFastMutex(&OwnerFastMutex);
    OwnerLookup();
    ExReleaseFastMutex(&OwnerFastMutex);
    ExReleaseResourceLite(&OwnerResource);
    KeLeaveCriticalRegion();
}

static void bugs_mutex_owner_test_kernel_mutex_bugchecks_0x11(KTEST *t)
{
    KMODE_BUGCHECK bc;

    KeInitializeMutex(&OwnerMutex, 0);
    if (BugsCatch(t, OwnerReleaseKernelMutex, NULL, &bc)) {
        BUGS_EXPECT_BUGCHECK(t, bc, THREAD_NOT_MUTEX_OWNER, KeGetCurrentThread(), &OwnerMutex, 0, 0);
        BUGS_EXPECT_BLAMES(t, bc, "OwnerReleaseKernelMutex");
    }
}

static void bugs_mutex_owner_test_fast_mutex_bugchecks_0x11(KTEST *t)
{
    KMODE_BUGCHECK bc;

    ExInitializeFastMutex(&OwnerFastMutex);
    if (BugsCatch(t, OwnerReleaseFastMutex, NULL, &bc)) {
        BUGS_EXPECT_BUGCHECK(t, bc, THREAD_NOT_MUTEX_OWNER, KeGetCurrentThread(), &OwnerFastMutex,
                             0, 0);
        BUGS_EXPECT_BLAMES(t, bc, "OwnerReleaseFastMutex");
    }
}

static void bugs_mutex_owner_test_resource_bugchecks_0xe3(KTEST *t)
{
    KMODE_BUGCHECK bc;

    ExInitializeResourceLite(&OwnerResource);
    if (BugsCatch(t, OwnerReleaseResource, NULL, &bc)) {
        BUGS_EXPECT_BUGCHECK(t, bc, RESOURCE_NOT_OWNED, &OwnerResource, KeGetCurrentThread(),
                             OwnerResource.OwnerTable, 0);
        BUGS_EXPECT_BLAMES(t, bc, "OwnerReleaseResource");
    }
    KeLeaveCriticalRegion();                          /* the abandoned frame entered it */
    ExDeleteResourceLite(&OwnerResource);
}

static void bugs_mutex_owner_test_fast_mutex_recursion_bugchecks_0xbf(KTEST *t)
{
    KMODE_BUGCHECK bc;

    ExInitializeFastMutex(&OwnerFastMutex);
    ExInitializeResourceLite(&OwnerResource);
    if (BugsCatch(t, OwnerAcquireTwice, NULL, &bc)) {
        BUGS_EXPECT_BUGCHECK(t, bc, MUTEX_ALREADY_OWNED, &OwnerFastMutex, KeGetCurrentThread(), 0, 0);
        BUGS_EXPECT_BLAMES(t, bc, "OwnerLookup");
        KT_EXPECT_CONTAINS(t, bc.Report, "LOCKS_HELD:  2\n");
        KT_EXPECT_CONTAINS(t, bc.Report, " ERESOURCE (shared), acquired at test-bugs!OwnerAcquireTwice+0x");
        KT_EXPECT_CONTAINS(t, bc.Report, " FAST_MUTEX, acquired at test-bugs!OwnerAcquireTwice+0x");
        KT_EXPECT_CONTAINS(t, bc.Report, "CURRENT_IRQL:  1 (APC_LEVEL)");
    }
    /* The abandoned frames still own both: give them back as their owner would. */
    ExReleaseFastMutex(&OwnerFastMutex);
    ExReleaseResourceLite(&OwnerResource);
    KeLeaveCriticalRegion();
    ExDeleteResourceLite(&OwnerResource);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(bugs_mutex_owner_test_kernel_mutex_bugchecks_0x11),
    KTEST_CASE_ENTRY(bugs_mutex_owner_test_fast_mutex_bugchecks_0x11),
    KTEST_CASE_ENTRY(bugs_mutex_owner_test_resource_bugchecks_0xe3),
    KTEST_CASE_ENTRY(bugs_mutex_owner_test_fast_mutex_recursion_bugchecks_0xbf),
    { 0 },
};
KTEST_SUITE(bugs_mutex_owner, cases);
