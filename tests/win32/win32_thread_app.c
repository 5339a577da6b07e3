/*
 * PURPOSE: Win32 thread tests (app mode): CreateThread, exit codes, ExitThread, suspended
 * threads, thread ids, waits across threads, user APCs (QueueUserAPC with alertable
 * waits), mutex abandonment. Threads synchronize through events: nothing depends on timing.
 */
#include <windows.h>
#include <pthread.h>
#include "ktest.h"

int win32_test_previous_mode(void);
int win32_test_is_system_thread(void);

#define EXPECT_ERROR(t, call, err) \
    do { SetLastError(0xDEAD); KT_EXPECT_FALSE(t, (call)); KT_EXPECT_EQ(t, GetLastError(), (err)); } while (0)

static DWORD WINAPI ReturnParameter(LPVOID p)
{
    return (DWORD)(ULONG_PTR)p;
}

static DWORD WINAPI CallExitThread(LPVOID p)
{
    ExitThread((DWORD)(ULONG_PTR)p + 1);
}

static DWORD WINAPI ReportMode(LPVOID p)
{
    *(int *)p = win32_test_previous_mode() * 10 + win32_test_is_system_thread();
    return 0;
}

static void win32_thread_test_exit_code_from_return(KTEST *t)
{
    DWORD id = 0, code = 0;
    HANDLE h = CreateThread(NULL, 0, ReturnParameter, (LPVOID)(ULONG_PTR)1234, 0, &id);

    KT_ASSERT_TRUE(t, h != NULL);
    KT_EXPECT_TRUE(t, id != 0 && id != GetCurrentThreadId());
    KT_EXPECT_EQ(t, WaitForSingleObject(h, INFINITE), WAIT_OBJECT_0);
    KT_EXPECT_TRUE(t, GetExitCodeThread(h, &code));
    KT_EXPECT_EQ(t, code, 1234);
    KT_EXPECT_EQ(t, GetThreadId(h), id);
    KT_EXPECT_EQ(t, WaitForSingleObject(h, 0), WAIT_OBJECT_0);   /* stays signaled */
    KT_EXPECT_TRUE(t, CloseHandle(h));
}

static void win32_thread_test_exit_thread(KTEST *t)
{
    DWORD code = 0;
    HANDLE h = CreateThread(NULL, 0, CallExitThread, (LPVOID)(ULONG_PTR)41, 0, NULL);

    KT_ASSERT_TRUE(t, h != NULL);
    KT_EXPECT_EQ(t, WaitForSingleObject(h, INFINITE), WAIT_OBJECT_0);
    KT_EXPECT_TRUE(t, GetExitCodeThread(h, &code));
    KT_EXPECT_EQ(t, code, 42);
    KT_EXPECT_TRUE(t, CloseHandle(h));
}

static void win32_thread_test_runs_in_user_mode(KTEST *t)
{
    int mode = -1;
    HANDLE h = CreateThread(NULL, 0, ReportMode, &mode, 0, NULL);

    KT_ASSERT_TRUE(t, h != NULL);
    KT_EXPECT_EQ(t, WaitForSingleObject(h, INFINITE), WAIT_OBJECT_0);
    KT_EXPECT_EQ(t, mode, 10);   /* UserMode (1), not a system thread */
    KT_EXPECT_TRUE(t, CloseHandle(h));
}

static void win32_thread_test_suspended_and_still_active(KTEST *t)
{
    DWORD code = 0;
    HANDLE h = CreateThread(NULL, 0, ReturnParameter, (LPVOID)7, CREATE_SUSPENDED, NULL);

    KT_ASSERT_TRUE(t, h != NULL);
    KT_EXPECT_EQ(t, WaitForSingleObject(h, 0), WAIT_TIMEOUT);
    KT_EXPECT_TRUE(t, GetExitCodeThread(h, &code));
    KT_EXPECT_EQ(t, code, STILL_ACTIVE);
    KT_EXPECT_EQ(t, ResumeThread(h), 1);
    KT_EXPECT_EQ(t, WaitForSingleObject(h, INFINITE), WAIT_OBJECT_0);
    KT_EXPECT_EQ(t, ResumeThread(h), 0);   /* not suspended */
    KT_EXPECT_TRUE(t, GetExitCodeThread(h, &code));
    KT_EXPECT_EQ(t, code, 7);
    KT_EXPECT_TRUE(t, CloseHandle(h));
    SetLastError(0);
    KT_EXPECT_EQ(t, ResumeThread(NULL), (DWORD)-1);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
}

static void win32_thread_test_create_errors(KTEST *t)
{
    HANDLE ev = CreateEventW(NULL, TRUE, FALSE, NULL), limited = NULL;
    HANDLE h = CreateThread(NULL, 0, ReturnParameter, NULL, 0, NULL);
    DWORD code;

    SetLastError(0);
    KT_EXPECT_TRUE(t, CreateThread(NULL, 0, NULL, NULL, 0, NULL) == NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    KT_EXPECT_TRUE(t, CreateThread(NULL, 0, ReturnParameter, NULL, 0x8, NULL) == NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);

    EXPECT_ERROR(t, GetExitCodeThread(NULL, &code), ERROR_INVALID_HANDLE);
    EXPECT_ERROR(t, GetExitCodeThread(ev, &code), ERROR_INVALID_HANDLE);   /* not a thread */
    KT_ASSERT_TRUE(t, h != NULL);
    KT_EXPECT_TRUE(t, DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), &limited,
                                      SYNCHRONIZE, FALSE, 0));
    EXPECT_ERROR(t, GetExitCodeThread(limited, &code), ERROR_ACCESS_DENIED);
    KT_EXPECT_EQ(t, WaitForSingleObject(limited, INFINITE), WAIT_OBJECT_0);
    SetLastError(0);
    KT_EXPECT_EQ(t, GetThreadId(ev), 0);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    KT_EXPECT_TRUE(t, CloseHandle(limited));
    KT_EXPECT_TRUE(t, CloseHandle(h));
    KT_EXPECT_TRUE(t, CloseHandle(ev));
}

static void win32_thread_test_ids_and_pseudo_handles(KTEST *t)
{
    DWORD code = 0;
    KT_EXPECT_PTR_EQ(t, GetCurrentThread(), (HANDLE)(LONG_PTR)-2);
    KT_EXPECT_PTR_EQ(t, GetCurrentProcess(), (HANDLE)(LONG_PTR)-1);
    KT_EXPECT_EQ(t, GetThreadId(GetCurrentThread()), GetCurrentThreadId());
    KT_EXPECT_EQ(t, GetCurrentThreadId() % 4, 0);
    KT_EXPECT_EQ(t, GetProcessId(GetCurrentProcess()), GetCurrentProcessId());
    KT_EXPECT_TRUE(t, GetExitCodeThread(GetCurrentThread(), &code));
    KT_EXPECT_EQ(t, code, STILL_ACTIVE);
    KT_EXPECT_TRUE(t, GetExitCodeProcess(GetCurrentProcess(), &code));
    KT_EXPECT_EQ(t, code, STILL_ACTIVE);
    SetLastError(0);
    KT_EXPECT_EQ(t, GetProcessId(GetCurrentThread()), 0);   /* a thread is not a process */
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    EXPECT_ERROR(t, GetExitCodeProcess(NULL, &code), ERROR_INVALID_HANDLE);
}

/* ---- Cross-thread waits ------------------------------------------------------------------ */

typedef struct {
    HANDLE Ready, Go, Object;
    volatile LONG Value;
} SHARED;

static DWORD WINAPI WaitForGoThenSet(LPVOID p)
{
    SHARED *s = p;
    SetEvent(s->Ready);
    if (WaitForSingleObject(s->Go, INFINITE) != WAIT_OBJECT_0)
        return 1;
    InterlockedExchange(&s->Value, 5);
    return 0;
}

static void win32_thread_test_wait_wakes_on_set(KTEST *t)
{
    SHARED s = { CreateEventW(NULL, FALSE, FALSE, NULL), CreateEventW(NULL, FALSE, FALSE, NULL),
                 NULL, 0 };
    HANDLE h = CreateThread(NULL, 0, WaitForGoThenSet, &s, 0, NULL);
    DWORD code = 9;

    KT_ASSERT_TRUE(t, h != NULL);
    KT_EXPECT_EQ(t, WaitForSingleObject(s.Ready, INFINITE), WAIT_OBJECT_0);
    KT_EXPECT_TRUE(t, SetEvent(s.Go));
    KT_EXPECT_EQ(t, WaitForSingleObject(h, INFINITE), WAIT_OBJECT_0);
    KT_EXPECT_TRUE(t, GetExitCodeThread(h, &code));
    KT_EXPECT_EQ(t, code, 0);
    KT_EXPECT_EQ(t, s.Value, 5);
    CloseHandle(h);
    CloseHandle(s.Ready);
    CloseHandle(s.Go);
}

static DWORD WINAPI TakeMutexAndEnd(LPVOID p)
{
    return WaitForSingleObject((HANDLE)p, INFINITE);   /* ends owning it */
}

static void win32_thread_test_mutex_abandoned(KTEST *t)
{
    HANDLE m = CreateMutexW(NULL, FALSE, NULL);
    HANDLE h = CreateThread(NULL, 0, TakeMutexAndEnd, m, 0, NULL);
    DWORD code = 99;

    KT_ASSERT_TRUE(t, m != NULL && h != NULL);
    KT_EXPECT_EQ(t, WaitForSingleObject(h, INFINITE), WAIT_OBJECT_0);
    KT_EXPECT_TRUE(t, GetExitCodeThread(h, &code));
    KT_EXPECT_EQ(t, code, WAIT_OBJECT_0);
    KT_EXPECT_EQ(t, WaitForSingleObject(m, 0), WAIT_ABANDONED);   /* ours now */
    KT_EXPECT_TRUE(t, ReleaseMutex(m));
    KT_EXPECT_EQ(t, WaitForSingleObject(m, 0), WAIT_OBJECT_0);    /* no longer abandoned */
    KT_EXPECT_TRUE(t, ReleaseMutex(m));
    CloseHandle(h);
    CloseHandle(m);
}

static DWORD WINAPI ReleaseOthersMutex(LPVOID p)
{
    return ReleaseMutex((HANDLE)p) ? 0 : GetLastError();
}

static void win32_thread_test_mutex_owned_by_another_thread(KTEST *t)
{
    HANDLE m = CreateMutexW(NULL, TRUE, NULL);
    HANDLE h = CreateThread(NULL, 0, ReleaseOthersMutex, m, 0, NULL);
    HANDLE w = CreateThread(NULL, 0, TakeMutexAndEnd, m, CREATE_SUSPENDED, NULL);
    DWORD code = 0;

    KT_ASSERT_TRUE(t, m && h && w);
    KT_EXPECT_EQ(t, WaitForSingleObject(h, INFINITE), WAIT_OBJECT_0);
    KT_EXPECT_TRUE(t, GetExitCodeThread(h, &code));
    KT_EXPECT_EQ(t, code, ERROR_NOT_OWNER);
    /* A waiter gets it once the owner releases it. */
    KT_EXPECT_EQ(t, ResumeThread(w), 1);
    KT_EXPECT_TRUE(t, ReleaseMutex(m));
    KT_EXPECT_EQ(t, WaitForSingleObject(w, INFINITE), WAIT_OBJECT_0);
    KT_EXPECT_TRUE(t, GetExitCodeThread(w, &code));
    KT_EXPECT_EQ(t, code, WAIT_OBJECT_0);
    KT_EXPECT_EQ(t, WaitForSingleObject(m, 0), WAIT_ABANDONED);
    KT_EXPECT_TRUE(t, ReleaseMutex(m));
    CloseHandle(h);
    CloseHandle(w);
    CloseHandle(m);
}

/* ---- User APCs --------------------------------------------------------------------------- */

static volatile LONG ApcLog[8];
static volatile LONG ApcCount;

static VOID NTAPI RecordApc(ULONG_PTR Data)
{
    LONG i = InterlockedIncrement(&ApcCount) - 1;
    if (i < 8)
        ApcLog[i] = (LONG)Data;
}

static void ResetApcLog(void)
{
    ApcCount = 0;
    for (int i = 0; i < 8; i++)
        ApcLog[i] = 0;
}

static void win32_thread_test_apc_runs_in_alertable_sleep(KTEST *t)
{
    ResetApcLog();
    KT_EXPECT_TRUE(t, QueueUserAPC(RecordApc, GetCurrentThread(), 1) != 0);
    KT_EXPECT_TRUE(t, QueueUserAPC(RecordApc, GetCurrentThread(), 2) != 0);
    KT_EXPECT_EQ(t, ApcCount, 0);                         /* not before an alertable wait */
    KT_EXPECT_EQ(t, SleepEx(0, FALSE), 0);                /* not alertable: still queued */
    KT_EXPECT_EQ(t, ApcCount, 0);
    KT_EXPECT_EQ(t, SleepEx(INFINITE, TRUE), WAIT_IO_COMPLETION);
    KT_EXPECT_EQ(t, ApcCount, 2);
    KT_EXPECT_EQ(t, ApcLog[0], 1);                        /* in queue order */
    KT_EXPECT_EQ(t, ApcLog[1], 2);
    KT_EXPECT_EQ(t, SleepEx(0, TRUE), 0);                 /* nothing left */
}

static void win32_thread_test_apc_in_alertable_waits(KTEST *t)
{
    HANDLE ev = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE both[2] = { ev, ev };

    KT_ASSERT_TRUE(t, ev != NULL);
    ResetApcLog();
    KT_EXPECT_TRUE(t, QueueUserAPC(RecordApc, GetCurrentThread(), 3) != 0);
    KT_EXPECT_EQ(t, WaitForSingleObject(ev, 0), WAIT_TIMEOUT);          /* not alertable */
    KT_EXPECT_EQ(t, WaitForSingleObjectEx(ev, INFINITE, TRUE), WAIT_IO_COMPLETION);
    KT_EXPECT_EQ(t, ApcCount, 1);
    KT_EXPECT_TRUE(t, QueueUserAPC(RecordApc, GetCurrentThread(), 4) != 0);
    KT_EXPECT_EQ(t, WaitForMultipleObjectsEx(1, both, TRUE, INFINITE, TRUE), WAIT_IO_COMPLETION);
    KT_EXPECT_EQ(t, ApcCount, 2);
    KT_EXPECT_EQ(t, ApcLog[1], 4);
    /* A signaled object wins over a queued APC; the APC stays queued. */
    KT_EXPECT_TRUE(t, SetEvent(ev));
    KT_EXPECT_TRUE(t, QueueUserAPC(RecordApc, GetCurrentThread(), 5) != 0);
    KT_EXPECT_EQ(t, WaitForSingleObjectEx(ev, 0, TRUE), WAIT_OBJECT_0);
    KT_EXPECT_EQ(t, ApcCount, 2);
    KT_EXPECT_TRUE(t, ResetEvent(ev));
    KT_EXPECT_EQ(t, SignalObjectAndWait(ev, ev, INFINITE, TRUE), WAIT_OBJECT_0);  /* set: wins */
    KT_EXPECT_TRUE(t, ResetEvent(ev));
    KT_EXPECT_EQ(t, WaitForSingleObjectEx(ev, 0, TRUE), WAIT_IO_COMPLETION);
    KT_EXPECT_EQ(t, ApcCount, 3);
    KT_EXPECT_TRUE(t, CloseHandle(ev));
}

static DWORD WINAPI SleepAlertably(LPVOID p)
{
    SetEvent((HANDLE)p);
    return SleepEx(INFINITE, TRUE);
}

static void win32_thread_test_apc_wakes_blocked_thread(KTEST *t)
{
    HANDLE ready = CreateEventW(NULL, FALSE, FALSE, NULL);
    HANDLE h = CreateThread(NULL, 0, SleepAlertably, ready, 0, NULL);
    DWORD code = 0;

    KT_ASSERT_TRUE(t, ready && h);
    ResetApcLog();
    KT_EXPECT_EQ(t, WaitForSingleObject(ready, INFINITE), WAIT_OBJECT_0);
    KT_EXPECT_TRUE(t, QueueUserAPC(RecordApc, h, 77) != 0);
    KT_EXPECT_EQ(t, WaitForSingleObject(h, INFINITE), WAIT_OBJECT_0);
    KT_EXPECT_TRUE(t, GetExitCodeThread(h, &code));
    KT_EXPECT_EQ(t, code, WAIT_IO_COMPLETION);
    KT_EXPECT_EQ(t, ApcCount, 1);
    KT_EXPECT_EQ(t, ApcLog[0], 77);
    /* The thread has ended: an APC cannot be queued to it. */
    SetLastError(0);
    KT_EXPECT_EQ(t, QueueUserAPC(RecordApc, h, 1), 0);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_GEN_FAILURE);
    CloseHandle(h);
    CloseHandle(ready);
}

static DWORD WINAPI ExitInsideApcThread(LPVOID p)
{
    UNREFERENCED_PARAMETER(p);
    QueueUserAPC((PAPCFUNC)(void (*)(void))ExitThread, GetCurrentThread(), 31);
    QueueUserAPC(RecordApc, GetCurrentThread(), 1);   /* never runs: the thread ends */
    SleepEx(INFINITE, TRUE);
    return 0;
}

static void win32_thread_test_apc_errors_and_exit_inside_apc(KTEST *t)
{
    HANDLE ev = CreateEventW(NULL, TRUE, FALSE, NULL), limited = NULL, h;
    DWORD code = 0;

    SetLastError(0);
    KT_EXPECT_EQ(t, QueueUserAPC(RecordApc, NULL, 0), 0);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    KT_EXPECT_EQ(t, QueueUserAPC(RecordApc, ev, 0), 0);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    KT_EXPECT_TRUE(t, DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(),
                                      &limited, SYNCHRONIZE, FALSE, 0));
    SetLastError(0);
    KT_EXPECT_EQ(t, QueueUserAPC(RecordApc, limited, 0), 0);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_ACCESS_DENIED);
    KT_EXPECT_TRUE(t, CloseHandle(limited));

    ResetApcLog();
    h = CreateThread(NULL, 0, ExitInsideApcThread, NULL, 0, NULL);
    KT_ASSERT_TRUE(t, h != NULL);
    KT_EXPECT_EQ(t, WaitForSingleObject(h, INFINITE), WAIT_OBJECT_0);
    KT_EXPECT_TRUE(t, GetExitCodeThread(h, &code));
    KT_EXPECT_EQ(t, code, 31);
    KT_EXPECT_EQ(t, ApcCount, 0);
    CloseHandle(h);
    CloseHandle(ev);
}

/* ---- A host thread kmode never saw --------------------------------------------------- */

typedef struct {
    DWORD Id;
    DWORD WaitResult, SleepResult;
    LONG Apcs;
    DWORD LastError;
} FOREIGN;

static VOID NTAPI CountApc(ULONG_PTR Data)
{
    InterlockedIncrement(&((FOREIGN *)Data)->Apcs);
}

static void *ForeignThread(void *p)
{
    FOREIGN *f = p;
    HANDLE ev = CreateEventW(NULL, FALSE, TRUE, NULL);

    f->Id = GetCurrentThreadId();
    f->WaitResult = WaitForSingleObject(ev, INFINITE);
    QueueUserAPC(CountApc, GetCurrentThread(), (ULONG_PTR)f);
    f->SleepResult = SleepEx(INFINITE, TRUE);
    SetLastError(0);
    CloseHandle(ev);
    CloseHandle(ev);
    f->LastError = GetLastError();
    return NULL;
}

static void win32_thread_test_foreign_host_thread(KTEST *t)
{
    FOREIGN f = { 0, 99, 99, 0, 0 };
    pthread_t thread;

    KT_ASSERT_EQ(t, pthread_create(&thread, NULL, ForeignThread, &f), 0);
    KT_ASSERT_EQ(t, pthread_join(thread, NULL), 0);
    KT_EXPECT_TRUE(t, f.Id != 0 && f.Id != GetCurrentThreadId());
    KT_EXPECT_EQ(t, f.WaitResult, WAIT_OBJECT_0);
    KT_EXPECT_EQ(t, f.SleepResult, WAIT_IO_COMPLETION);
    KT_EXPECT_EQ(t, f.Apcs, 1);
    KT_EXPECT_EQ(t, f.LastError, ERROR_INVALID_HANDLE);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(win32_thread_test_exit_code_from_return),
    KTEST_CASE_ENTRY(win32_thread_test_exit_thread),
    KTEST_CASE_ENTRY(win32_thread_test_runs_in_user_mode),
    KTEST_CASE_ENTRY(win32_thread_test_suspended_and_still_active),
    KTEST_CASE_ENTRY(win32_thread_test_create_errors),
    KTEST_CASE_ENTRY(win32_thread_test_ids_and_pseudo_handles),
    KTEST_CASE_ENTRY(win32_thread_test_wait_wakes_on_set),
    KTEST_CASE_ENTRY(win32_thread_test_mutex_abandoned),
    KTEST_CASE_ENTRY(win32_thread_test_mutex_owned_by_another_thread),
    KTEST_CASE_ENTRY(win32_thread_test_apc_runs_in_alertable_sleep),
    KTEST_CASE_ENTRY(win32_thread_test_apc_in_alertable_waits),
    KTEST_CASE_ENTRY(win32_thread_test_apc_wakes_blocked_thread),
    KTEST_CASE_ENTRY(win32_thread_test_apc_errors_and_exit_inside_apc),
    KTEST_CASE_ENTRY(win32_thread_test_foreign_host_thread),
    {0}
};
KTEST_SUITE(win32_thread, cases);
