/*
 * PURPOSE: Win32 synchronization across threads (app mode): critical sections, SRW locks,
 * condition variables, semaphores and events with several threads. Counts, never timing.
 */
#include <windows.h>
#include "ktest.h"

#define THREADS 4
#define ROUNDS  2000

static HANDLE StartThreads(LPTHREAD_START_ROUTINE Routine, void *Context, HANDLE *Threads, int n)
{
    for (int i = 0; i < n; i++)
        Threads[i] = CreateThread(NULL, 0, Routine, Context, 0, NULL);
    return Threads[0];
}

static BOOL JoinThreads(HANDLE *Threads, int n)
{
    BOOL ok = WaitForMultipleObjects((DWORD)n, Threads, TRUE, INFINITE) == WAIT_OBJECT_0;
    for (int i = 0; i < n; i++)
        CloseHandle(Threads[i]);
    return ok;
}

/* ---- Critical sections ------------------------------------------------------------------- */

typedef struct {
    CRITICAL_SECTION Lock;
    LONG Counter;       /* guarded by Lock, deliberately not atomic */
    LONG Inside;
    LONG Violations;
} CS_TEST;

static DWORD WINAPI CsWorker(LPVOID p)
{
    CS_TEST *c = p;
    for (int i = 0; i < ROUNDS; i++) {
        EnterCriticalSection(&c->Lock);
        EnterCriticalSection(&c->Lock);   /* recursion */
        if (InterlockedIncrement(&c->Inside) != 1)
            InterlockedIncrement(&c->Violations);
        c->Counter++;
        InterlockedDecrement(&c->Inside);
        LeaveCriticalSection(&c->Lock);
        LeaveCriticalSection(&c->Lock);
    }
    return 0;
}

static void win32_sync_mt_test_critical_section_excludes(KTEST *t)
{
    CS_TEST c = { .Counter = 0 };
    HANDLE h[THREADS];

    KT_EXPECT_TRUE(t, InitializeCriticalSectionAndSpinCount(&c.Lock, 100));
    StartThreads(CsWorker, &c, h, THREADS);
    KT_ASSERT_TRUE(t, JoinThreads(h, THREADS));
    KT_EXPECT_EQ(t, c.Counter, THREADS * ROUNDS);
    KT_EXPECT_EQ(t, c.Violations, 0);
    KT_EXPECT_EQ(t, c.Lock.LockCount, -1);
    KT_EXPECT_EQ(t, c.Lock.RecursionCount, 0);
    DeleteCriticalSection(&c.Lock);
}

static DWORD WINAPI TryEnterFromOtherThread(LPVOID p)
{
    return TryEnterCriticalSection((LPCRITICAL_SECTION)p);
}

static void win32_sync_mt_test_critical_section_state(KTEST *t)
{
    CRITICAL_SECTION cs;
    HANDLE h;
    DWORD code = 99;

    C_ASSERT(sizeof(CRITICAL_SECTION) == 40);
    C_ASSERT(FIELD_OFFSET(CRITICAL_SECTION, OwningThread) == 16);
    C_ASSERT(FIELD_OFFSET(CRITICAL_SECTION, SpinCount) == 32);
    InitializeCriticalSection(&cs);
    KT_EXPECT_EQ(t, cs.LockCount, -1);
    KT_EXPECT_TRUE(t, TryEnterCriticalSection(&cs));
    KT_EXPECT_TRUE(t, TryEnterCriticalSection(&cs));
    KT_EXPECT_EQ(t, cs.RecursionCount, 2);
    KT_EXPECT_EQ(t, (DWORD)(ULONG_PTR)cs.OwningThread, GetCurrentThreadId());
    h = CreateThread(NULL, 0, TryEnterFromOtherThread, &cs, 0, NULL);
    KT_ASSERT_TRUE(t, h != NULL);
    KT_EXPECT_EQ(t, WaitForSingleObject(h, INFINITE), WAIT_OBJECT_0);
    KT_EXPECT_TRUE(t, GetExitCodeThread(h, &code));
    KT_EXPECT_EQ(t, code, FALSE);   /* owned by us */
    CloseHandle(h);
    LeaveCriticalSection(&cs);
    LeaveCriticalSection(&cs);
    KT_EXPECT_EQ(t, cs.LockCount, -1);
    KT_EXPECT_TRUE(t, cs.OwningThread == NULL);
    LeaveCriticalSection(&cs);      /* not owned: no effect */
    KT_EXPECT_EQ(t, cs.LockCount, -1);
    h = CreateThread(NULL, 0, TryEnterFromOtherThread, &cs, 0, NULL);
    KT_ASSERT_TRUE(t, h != NULL);
    KT_EXPECT_EQ(t, WaitForSingleObject(h, INFINITE), WAIT_OBJECT_0);
    KT_EXPECT_TRUE(t, GetExitCodeThread(h, &code));
    KT_EXPECT_EQ(t, code, TRUE);    /* free: it got it (and ended holding it) */
    CloseHandle(h);
    DeleteCriticalSection(&cs);

    KT_EXPECT_TRUE(t, InitializeCriticalSectionEx(&cs, 4000, CRITICAL_SECTION_NO_DEBUG_INFO));
    KT_EXPECT_EQ(t, SetCriticalSectionSpinCount(&cs, 10), 4000);
    KT_EXPECT_EQ(t, cs.SpinCount, 10);
    DeleteCriticalSection(&cs);
    SetLastError(0);
    KT_EXPECT_FALSE(t, InitializeCriticalSectionEx(&cs, 0, 0x1));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
}

/* ---- SRW locks ----------------------------------------------------------------------------- */

typedef struct {
    SRWLOCK Lock;
    LONG Counter;
    LONG Writers, Readers;
    LONG Violations;
} SRW_TEST;

static DWORD WINAPI SrwWorker(LPVOID p)
{
    SRW_TEST *s = p;
    for (int i = 0; i < ROUNDS; i++) {
        if (i % 3 == 0) {
            AcquireSRWLockExclusive(&s->Lock);
            if (InterlockedIncrement(&s->Writers) != 1 || s->Readers != 0)
                InterlockedIncrement(&s->Violations);
            s->Counter++;
            InterlockedDecrement(&s->Writers);
            ReleaseSRWLockExclusive(&s->Lock);
        } else {
            AcquireSRWLockShared(&s->Lock);
            InterlockedIncrement(&s->Readers);
            if (s->Writers != 0)
                InterlockedIncrement(&s->Violations);
            InterlockedDecrement(&s->Readers);
            ReleaseSRWLockShared(&s->Lock);
        }
    }
    return 0;
}

static void win32_sync_mt_test_srw_lock(KTEST *t)
{
    SRW_TEST s = { SRWLOCK_INIT, 0, 0, 0, 0 };
    HANDLE h[THREADS];

    StartThreads(SrwWorker, &s, h, THREADS);
    KT_ASSERT_TRUE(t, JoinThreads(h, THREADS));
    KT_EXPECT_EQ(t, s.Counter, THREADS * ((ROUNDS + 2) / 3));
    KT_EXPECT_EQ(t, s.Violations, 0);
    KT_EXPECT_TRUE(t, s.Lock.Ptr == NULL);

    InitializeSRWLock(&s.Lock);
    KT_EXPECT_TRUE(t, TryAcquireSRWLockShared(&s.Lock));
    KT_EXPECT_TRUE(t, TryAcquireSRWLockShared(&s.Lock));
    KT_EXPECT_FALSE(t, TryAcquireSRWLockExclusive(&s.Lock));
    ReleaseSRWLockShared(&s.Lock);
    ReleaseSRWLockShared(&s.Lock);
    KT_EXPECT_TRUE(t, TryAcquireSRWLockExclusive(&s.Lock));
    KT_EXPECT_FALSE(t, TryAcquireSRWLockShared(&s.Lock));
    KT_EXPECT_FALSE(t, TryAcquireSRWLockExclusive(&s.Lock));   /* not recursive */
    ReleaseSRWLockExclusive(&s.Lock);
    KT_EXPECT_TRUE(t, s.Lock.Ptr == NULL);
}

/* ---- Condition variables: a bounded queue ------------------------------------------------- */

#define QUEUE_SIZE 4
#define ITEMS      500

typedef struct {
    CRITICAL_SECTION Cs;
    SRWLOCK Srw;
    BOOL UseSrw;
    CONDITION_VARIABLE NotEmpty, NotFull;
    LONG Items[QUEUE_SIZE];
    int Head, Count;
    LONG Sum;
} QUEUE;

static void QueueLock(QUEUE *q) { if (q->UseSrw) AcquireSRWLockExclusive(&q->Srw); else EnterCriticalSection(&q->Cs); }
static void QueueUnlock(QUEUE *q) { if (q->UseSrw) ReleaseSRWLockExclusive(&q->Srw); else LeaveCriticalSection(&q->Cs); }
static void QueueSleep(QUEUE *q, CONDITION_VARIABLE *cv)
{
    if (q->UseSrw)
        SleepConditionVariableSRW(cv, &q->Srw, INFINITE, 0);
    else
        SleepConditionVariableCS(cv, &q->Cs, INFINITE);
}

static DWORD WINAPI Producer(LPVOID p)
{
    QUEUE *q = p;
    for (LONG i = 1; i <= ITEMS; i++) {
        QueueLock(q);
        while (q->Count == QUEUE_SIZE)
            QueueSleep(q, &q->NotFull);
        q->Items[(q->Head + q->Count++) % QUEUE_SIZE] = i;
        WakeConditionVariable(&q->NotEmpty);
        QueueUnlock(q);
    }
    return 0;
}

static DWORD WINAPI Consumer(LPVOID p)
{
    QUEUE *q = p;
    for (int i = 0; i < ITEMS; i++) {
        QueueLock(q);
        while (q->Count == 0)
            QueueSleep(q, &q->NotEmpty);
        q->Sum += q->Items[q->Head];
        q->Head = (q->Head + 1) % QUEUE_SIZE;
        q->Count--;
        WakeAllConditionVariable(&q->NotFull);
        QueueUnlock(q);
    }
    return 0;
}

static void RunQueue(KTEST *t, BOOL UseSrw)
{
    QUEUE q = { .UseSrw = UseSrw, .Srw = SRWLOCK_INIT };
    HANDLE h[2];

    InitializeCriticalSection(&q.Cs);
    InitializeConditionVariable(&q.NotEmpty);
    InitializeConditionVariable(&q.NotFull);
    h[0] = CreateThread(NULL, 0, Producer, &q, 0, NULL);
    h[1] = CreateThread(NULL, 0, Consumer, &q, 0, NULL);
    KT_ASSERT_TRUE(t, JoinThreads(h, 2));
    KT_EXPECT_EQ(t, q.Sum, ITEMS * (ITEMS + 1) / 2);
    DeleteCriticalSection(&q.Cs);
}

static void win32_sync_mt_test_condition_variable_cs(KTEST *t)
{
    RunQueue(t, FALSE);
}

static void win32_sync_mt_test_condition_variable_srw(KTEST *t)
{
    RunQueue(t, TRUE);
}

static void win32_sync_mt_test_condition_variable_timeout(KTEST *t)
{
    CONDITION_VARIABLE cv = CONDITION_VARIABLE_INIT;
    CRITICAL_SECTION cs;
    SRWLOCK srw = SRWLOCK_INIT;

    InitializeCriticalSection(&cs);
    EnterCriticalSection(&cs);
    EnterCriticalSection(&cs);
    SetLastError(0);
    KT_EXPECT_FALSE(t, SleepConditionVariableCS(&cv, &cs, 0));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_TIMEOUT);
    KT_EXPECT_FALSE(t, SleepConditionVariableCS(&cv, &cs, 5));
    KT_EXPECT_EQ(t, cs.RecursionCount, 2);   /* both levels back */
    LeaveCriticalSection(&cs);
    LeaveCriticalSection(&cs);
    KT_EXPECT_EQ(t, cs.LockCount, -1);
    DeleteCriticalSection(&cs);

    AcquireSRWLockShared(&srw);
    SetLastError(0);
    KT_EXPECT_FALSE(t, SleepConditionVariableSRW(&cv, &srw, 1, CONDITION_VARIABLE_LOCKMODE_SHARED));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_TIMEOUT);
    SetLastError(0);
    KT_EXPECT_FALSE(t, SleepConditionVariableSRW(&cv, &srw, 1, 2));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    ReleaseSRWLockShared(&srw);
    KT_EXPECT_TRUE(t, srw.Ptr == NULL);
    WakeConditionVariable(&cv);   /* nobody waits: fine */
}

/* ---- Semaphores and events between threads ---------------------------------------------- */

typedef struct {
    HANDLE Items, Done;
    volatile LONG Taken;
} SEM_TEST;

static DWORD WINAPI SemaphoreTaker(LPVOID p)
{
    SEM_TEST *s = p;
    for (;;) {
        HANDLE both[2] = { s->Done, s->Items };
        DWORD r = WaitForMultipleObjects(2, both, FALSE, INFINITE);
        if (r == WAIT_OBJECT_0)
            return 0;
        if (r != WAIT_OBJECT_0 + 1)
            return 1;
        InterlockedIncrement(&s->Taken);
    }
}

static void win32_sync_mt_test_semaphore_between_threads(KTEST *t)
{
    SEM_TEST s = { CreateSemaphoreW(NULL, 0, 1000, NULL), CreateEventW(NULL, TRUE, FALSE, NULL), 0 };
    HANDLE h[THREADS];

    KT_ASSERT_TRUE(t, s.Items && s.Done);
    StartThreads(SemaphoreTaker, &s, h, THREADS);
    for (int i = 0; i < 100; i++)
        KT_EXPECT_TRUE(t, ReleaseSemaphore(s.Items, 3, NULL));
    /* Wait until every item is taken: then the semaphore reads 0. */
    while (InterlockedCompareExchange(&s.Taken, 0, 0) != 300)
        Sleep(1);
    KT_EXPECT_EQ(t, WaitForSingleObject(s.Items, 0), WAIT_TIMEOUT);
    KT_EXPECT_TRUE(t, SetEvent(s.Done));
    KT_ASSERT_TRUE(t, JoinThreads(h, THREADS));
    KT_EXPECT_EQ(t, s.Taken, 300);
    CloseHandle(s.Items);
    CloseHandle(s.Done);
}

static DWORD WINAPI WaitManual(LPVOID p)
{
    return WaitForSingleObject((HANDLE)p, INFINITE);
}

static void win32_sync_mt_test_manual_event_releases_all(KTEST *t)
{
    HANDLE ev = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE h[THREADS];

    KT_ASSERT_TRUE(t, ev != NULL);
    StartThreads(WaitManual, ev, h, THREADS);
    KT_EXPECT_TRUE(t, SetEvent(ev));
    KT_ASSERT_TRUE(t, JoinThreads(h, THREADS));
    CloseHandle(ev);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(win32_sync_mt_test_critical_section_excludes),
    KTEST_CASE_ENTRY(win32_sync_mt_test_critical_section_state),
    KTEST_CASE_ENTRY(win32_sync_mt_test_srw_lock),
    KTEST_CASE_ENTRY(win32_sync_mt_test_condition_variable_cs),
    KTEST_CASE_ENTRY(win32_sync_mt_test_condition_variable_srw),
    KTEST_CASE_ENTRY(win32_sync_mt_test_condition_variable_timeout),
    KTEST_CASE_ENTRY(win32_sync_mt_test_semaphore_between_threads),
    KTEST_CASE_ENTRY(win32_sync_mt_test_manual_event_releases_all),
    {0}
};
KTEST_SUITE(win32_sync_mt, cases);
