/*
 * PURPOSE: Win32 synchronization tests (app mode, one thread): events, semaphores,
 * mutexes, named objects, waits with zero and bounded timeouts.
 */
#define WIN32_NO_STATUS   /* the usual habit: then <ntstatus.h> for the full set */
#include <windows.h>
#undef WIN32_NO_STATUS
#include <ntstatus.h>
#include "ktest.h"

void *win32_test_kernel_pointer(void);

#define EXPECT_ERROR(t, call, err) \
    do { SetLastError(0xDEAD); KT_EXPECT_FALSE(t, (call)); KT_EXPECT_EQ(t, GetLastError(), (err)); } while (0)

static void win32_sync_test_auto_reset_event(KTEST *t)
{
    HANDLE ev = CreateEventW(NULL, FALSE, TRUE, NULL);
    KT_ASSERT_TRUE(t, ev != NULL);
    KT_EXPECT_EQ(t, WaitForSingleObject(ev, 0), WAIT_OBJECT_0);   /* initially set */
    KT_EXPECT_EQ(t, WaitForSingleObject(ev, 0), WAIT_TIMEOUT);    /* the wait reset it */
    KT_EXPECT_TRUE(t, SetEvent(ev));
    KT_EXPECT_TRUE(t, SetEvent(ev));                              /* no count */
    KT_EXPECT_EQ(t, WaitForSingleObject(ev, 10), WAIT_OBJECT_0);
    KT_EXPECT_EQ(t, WaitForSingleObject(ev, 10), WAIT_TIMEOUT);   /* bounded timeout */
    KT_EXPECT_TRUE(t, CloseHandle(ev));
}

static void win32_sync_test_manual_reset_event(KTEST *t)
{
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    KT_ASSERT_TRUE(t, ev != NULL);
    KT_EXPECT_EQ(t, WaitForSingleObject(ev, 0), WAIT_TIMEOUT);
    KT_EXPECT_TRUE(t, SetEvent(ev));
    KT_EXPECT_EQ(t, WaitForSingleObject(ev, 0), WAIT_OBJECT_0);
    KT_EXPECT_EQ(t, WaitForSingleObject(ev, INFINITE), WAIT_OBJECT_0);   /* stays set */
    KT_EXPECT_TRUE(t, ResetEvent(ev));
    KT_EXPECT_EQ(t, WaitForSingleObject(ev, 0), WAIT_TIMEOUT);
    KT_EXPECT_TRUE(t, PulseEvent(ev));                  /* no waiter: ends reset */
    KT_EXPECT_EQ(t, WaitForSingleObject(ev, 0), WAIT_TIMEOUT);
    KT_EXPECT_TRUE(t, CloseHandle(ev));
}

static void win32_sync_test_create_event_ex(KTEST *t)
{
    HANDLE ev = CreateEventExW(NULL, NULL, CREATE_EVENT_MANUAL_RESET | CREATE_EVENT_INITIAL_SET,
                               SYNCHRONIZE);
    KT_ASSERT_TRUE(t, ev != NULL);
    KT_EXPECT_EQ(t, WaitForSingleObject(ev, 0), WAIT_OBJECT_0);
    KT_EXPECT_EQ(t, WaitForSingleObject(ev, 0), WAIT_OBJECT_0);   /* manual reset */
    EXPECT_ERROR(t, ResetEvent(ev), ERROR_ACCESS_DENIED);          /* no EVENT_MODIFY_STATE */
    EXPECT_ERROR(t, SetEvent(ev), ERROR_ACCESS_DENIED);
    EXPECT_ERROR(t, PulseEvent(ev), ERROR_ACCESS_DENIED);
    KT_EXPECT_TRUE(t, CloseHandle(ev));

    /* A handle without SYNCHRONIZE cannot be waited on. */
    ev = CreateEventExA(NULL, NULL, 0, EVENT_MODIFY_STATE);
    KT_ASSERT_TRUE(t, ev != NULL);
    KT_EXPECT_TRUE(t, SetEvent(ev));
    SetLastError(0);
    KT_EXPECT_EQ(t, WaitForSingleObject(ev, 0), WAIT_FAILED);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_ACCESS_DENIED);
    KT_EXPECT_TRUE(t, CloseHandle(ev));

    SetLastError(0);
    KT_EXPECT_TRUE(t, CreateEventExW(NULL, NULL, 4, EVENT_ALL_ACCESS) == NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
}

static void win32_sync_test_event_bad_handles(KTEST *t)
{
    HANDLE sem = CreateSemaphoreW(NULL, 0, 1, NULL);
    EXPECT_ERROR(t, SetEvent(NULL), ERROR_INVALID_HANDLE);
    EXPECT_ERROR(t, ResetEvent((HANDLE)(ULONG_PTR)0x7777770), ERROR_INVALID_HANDLE);
    EXPECT_ERROR(t, SetEvent((HANDLE)(LONG_PTR)-1), ERROR_INVALID_HANDLE);   /* the process */
    EXPECT_ERROR(t, SetEvent(sem), ERROR_INVALID_HANDLE);                    /* not an event */
    SetLastError(0);
    KT_EXPECT_EQ(t, WaitForSingleObject(NULL, 0), WAIT_FAILED);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    KT_EXPECT_TRUE(t, CloseHandle(sem));
}

static void win32_sync_test_named_event(KTEST *t)
{
    HANDLE a, b, c, opened;

    SetLastError(0xDEAD);
    a = CreateEventW(NULL, TRUE, FALSE, L"kmode-win32-test-event");
    KT_ASSERT_TRUE(t, a != NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_SUCCESS);
    b = CreateEventA(NULL, FALSE, TRUE, "kmode-win32-test-event");   /* opens the same one */
    KT_ASSERT_TRUE(t, b != NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_ALREADY_EXISTS);
    KT_EXPECT_EQ(t, WaitForSingleObject(a, 0), WAIT_TIMEOUT);   /* the new arguments are ignored */
    KT_EXPECT_TRUE(t, SetEvent(b));
    KT_EXPECT_EQ(t, WaitForSingleObject(a, 0), WAIT_OBJECT_0);

    opened = OpenEventW(SYNCHRONIZE, FALSE, L"kmode-win32-test-event");
    KT_ASSERT_TRUE(t, opened != NULL);
    KT_EXPECT_EQ(t, WaitForSingleObject(opened, 0), WAIT_OBJECT_0);
    EXPECT_ERROR(t, ResetEvent(opened), ERROR_ACCESS_DENIED);
    KT_EXPECT_TRUE(t, CloseHandle(opened));

    /* "Global\" and "Local\" name the same namespace in kmode's one session. */
    c = OpenEventA(EVENT_ALL_ACCESS, FALSE, "Global\\kmode-win32-test-event");
    KT_ASSERT_TRUE(t, c != NULL);
    KT_EXPECT_TRUE(t, ResetEvent(c));
    KT_EXPECT_EQ(t, WaitForSingleObject(a, 0), WAIT_TIMEOUT);
    KT_EXPECT_TRUE(t, CloseHandle(c));
    c = OpenEventA(EVENT_ALL_ACCESS, FALSE, "Local\\kmode-win32-test-event");
    KT_ASSERT_TRUE(t, c != NULL);
    KT_EXPECT_TRUE(t, CloseHandle(c));

    KT_EXPECT_TRUE(t, CloseHandle(a));
    KT_EXPECT_TRUE(t, CloseHandle(b));
    /* The last handle closed: the name is gone. */
    SetLastError(0);
    KT_EXPECT_TRUE(t, OpenEventW(SYNCHRONIZE, FALSE, L"kmode-win32-test-event") == NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_FILE_NOT_FOUND);
}

static void win32_sync_test_named_object_errors(KTEST *t)
{
    char longName[MAX_PATH + 2];
    HANDLE ev, m;

    SetLastError(0);
    KT_EXPECT_TRUE(t, OpenEventW(SYNCHRONIZE, FALSE, NULL) == NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    KT_EXPECT_TRUE(t, OpenEventA(SYNCHRONIZE, FALSE, "kmode-no-such-event") == NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_FILE_NOT_FOUND);
    SetLastError(0);
    KT_EXPECT_TRUE(t, OpenEventA(SYNCHRONIZE, FALSE, "no-such-dir\\x") == NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_PATH_NOT_FOUND);

    for (int i = 0; i < MAX_PATH + 1; i++)
        longName[i] = 'n';
    longName[MAX_PATH + 1] = 0;
    SetLastError(0);
    KT_EXPECT_TRUE(t, CreateEventA(NULL, FALSE, FALSE, longName) == NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_FILENAME_EXCED_RANGE);
    longName[MAX_PATH] = 0;   /* exactly MAX_PATH characters is fine */
    ev = CreateEventA(NULL, FALSE, FALSE, longName);
    KT_EXPECT_TRUE(t, ev != NULL);
    KT_EXPECT_TRUE(t, CloseHandle(ev));

    /* A name taken by another kind of object. */
    m = CreateMutexW(NULL, FALSE, L"kmode-win32-test-kind");
    KT_ASSERT_TRUE(t, m != NULL);
    SetLastError(0);
    KT_EXPECT_TRUE(t, CreateEventW(NULL, FALSE, FALSE, L"kmode-win32-test-kind") == NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    KT_EXPECT_TRUE(t, OpenEventW(SYNCHRONIZE, FALSE, L"kmode-win32-test-kind") == NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    /* Mutex names compare case, as documented. */
    SetLastError(0);
    KT_EXPECT_TRUE(t, OpenMutexW(SYNCHRONIZE, FALSE, L"KMODE-WIN32-TEST-KIND") == NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_FILE_NOT_FOUND);
    KT_EXPECT_TRUE(t, CloseHandle(m));
}

/* Win32 names of events, semaphores and mutexes compare case (kernel32 passes no
   OBJ_CASE_INSENSITIVE and those types are not case-insensitive): another case is another
   object, and is no clash with an object of another kind. */
static void win32_sync_test_names_compare_case(KTEST *t)
{
    HANDLE e = CreateEventW(NULL, TRUE, FALSE, L"kmode-Case-Name");
    HANDLE s = CreateSemaphoreW(NULL, 0, 1, L"kmode-Case-Sem");
    HANDLE m = CreateMutexW(NULL, FALSE, L"kmode-Case-Mutex");
    HANDLE e2, s2, m2, x;

    KT_ASSERT_TRUE(t, e && s && m);
    SetLastError(0);
    KT_EXPECT_TRUE(t, OpenEventW(SYNCHRONIZE, FALSE, L"KMODE-CASE-NAME") == NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_FILE_NOT_FOUND);
    SetLastError(0);
    KT_EXPECT_TRUE(t, OpenSemaphoreW(SYNCHRONIZE, FALSE, L"kmode-case-sem") == NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_FILE_NOT_FOUND);
    SetLastError(0);
    KT_EXPECT_TRUE(t, OpenMutexA(SYNCHRONIZE, FALSE, "KMODE-case-mutex") == NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_FILE_NOT_FOUND);

    /* Create with another case makes a second object. */
    SetLastError(0xDEAD);
    e2 = CreateEventW(NULL, TRUE, TRUE, L"KMODE-CASE-NAME");
    KT_ASSERT_TRUE(t, e2 != NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, WaitForSingleObject(e, 0), WAIT_TIMEOUT);
    KT_EXPECT_EQ(t, WaitForSingleObject(e2, 0), WAIT_OBJECT_0);
    SetLastError(0xDEAD);
    s2 = CreateSemaphoreA(NULL, 1, 1, "KMODE-CASE-SEM");
    KT_ASSERT_TRUE(t, s2 != NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, WaitForSingleObject(s, 0), WAIT_TIMEOUT);
    SetLastError(0xDEAD);
    m2 = CreateMutexW(NULL, FALSE, L"KMODE-CASE-MUTEX");
    KT_ASSERT_TRUE(t, m2 != NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_SUCCESS);
    /* An event named like the mutex in another case is no clash. */
    x = CreateEventW(NULL, FALSE, FALSE, L"kmode-case-mutex");
    KT_EXPECT_TRUE(t, x != NULL);

    /* The exact case opens the same object. */
    x = x ? (CloseHandle(x), OpenEventW(EVENT_MODIFY_STATE, FALSE, L"kmode-Case-Name")) : NULL;
    KT_ASSERT_TRUE(t, x != NULL);
    KT_EXPECT_TRUE(t, SetEvent(x));
    KT_EXPECT_EQ(t, WaitForSingleObject(e, 0), WAIT_OBJECT_0);
    KT_EXPECT_TRUE(t, CloseHandle(x));
    KT_EXPECT_TRUE(t, CloseHandle(e));
    KT_EXPECT_TRUE(t, CloseHandle(e2));
    KT_EXPECT_TRUE(t, CloseHandle(s));
    KT_EXPECT_TRUE(t, CloseHandle(s2));
    KT_EXPECT_TRUE(t, CloseHandle(m));
    KT_EXPECT_TRUE(t, CloseHandle(m2));
}

static void win32_sync_test_semaphore(KTEST *t)
{
    HANDLE s = CreateSemaphoreW(NULL, 2, 3, NULL);
    LONG previous = -1;

    KT_ASSERT_TRUE(t, s != NULL);
    KT_EXPECT_EQ(t, WaitForSingleObject(s, 0), WAIT_OBJECT_0);
    KT_EXPECT_EQ(t, WaitForSingleObject(s, 0), WAIT_OBJECT_0);
    KT_EXPECT_EQ(t, WaitForSingleObject(s, 0), WAIT_TIMEOUT);
    KT_EXPECT_TRUE(t, ReleaseSemaphore(s, 2, &previous));
    KT_EXPECT_EQ(t, previous, 0);
    KT_EXPECT_TRUE(t, ReleaseSemaphore(s, 1, NULL));
    previous = -1;
    EXPECT_ERROR(t, ReleaseSemaphore(s, 1, &previous), ERROR_TOO_MANY_POSTS);
    KT_EXPECT_EQ(t, previous, -1);
    EXPECT_ERROR(t, ReleaseSemaphore(s, 0, NULL), ERROR_INVALID_PARAMETER);
    EXPECT_ERROR(t, ReleaseSemaphore(s, -1, NULL), ERROR_INVALID_PARAMETER);
    EXPECT_ERROR(t, ReleaseSemaphore(s, 1, (LPLONG)win32_test_kernel_pointer()), ERROR_NOACCESS);
    for (int i = 0; i < 3; i++)
        KT_EXPECT_EQ(t, WaitForSingleObject(s, 0), WAIT_OBJECT_0);   /* count was 3, unchanged */
    KT_EXPECT_EQ(t, WaitForSingleObject(s, 0), WAIT_TIMEOUT);
    KT_EXPECT_TRUE(t, CloseHandle(s));

    SetLastError(0);
    KT_EXPECT_TRUE(t, CreateSemaphoreA(NULL, 2, 1, NULL) == NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    KT_EXPECT_TRUE(t, CreateSemaphoreA(NULL, -1, 1, NULL) == NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    KT_EXPECT_TRUE(t, CreateSemaphoreA(NULL, 0, 0, NULL) == NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    KT_EXPECT_TRUE(t, CreateSemaphoreExW(NULL, 0, 1, NULL, 1, SEMAPHORE_ALL_ACCESS) == NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);

    s = CreateSemaphoreExA(NULL, 1, 1, "kmode-win32-test-sem", 0, SYNCHRONIZE);
    KT_ASSERT_TRUE(t, s != NULL);
    EXPECT_ERROR(t, ReleaseSemaphore(s, 1, NULL), ERROR_ACCESS_DENIED);
    {
        HANDLE o = OpenSemaphoreW(SEMAPHORE_MODIFY_STATE, FALSE, L"kmode-win32-test-sem");
        KT_ASSERT_TRUE(t, o != NULL);
        KT_EXPECT_EQ(t, WaitForSingleObject(s, 0), WAIT_OBJECT_0);
        KT_EXPECT_TRUE(t, ReleaseSemaphore(o, 1, &previous));
        KT_EXPECT_EQ(t, previous, 0);
        KT_EXPECT_TRUE(t, CloseHandle(o));
    }
    KT_EXPECT_TRUE(t, OpenSemaphoreA(SYNCHRONIZE, FALSE, "kmode-win32-no-sem") == NULL);
    KT_EXPECT_TRUE(t, CloseHandle(s));
}

static void win32_sync_test_mutex(KTEST *t)
{
    HANDLE m = CreateMutexW(NULL, TRUE, NULL);

    KT_ASSERT_TRUE(t, m != NULL);
    KT_EXPECT_EQ(t, WaitForSingleObject(m, 0), WAIT_OBJECT_0);   /* recursive for the owner */
    KT_EXPECT_TRUE(t, ReleaseMutex(m));
    KT_EXPECT_TRUE(t, ReleaseMutex(m));
    EXPECT_ERROR(t, ReleaseMutex(m), ERROR_NOT_OWNER);            /* free now */
    KT_EXPECT_EQ(t, WaitForSingleObject(m, 0), WAIT_OBJECT_0);
    KT_EXPECT_TRUE(t, ReleaseMutex(m));
    EXPECT_ERROR(t, ReleaseMutex(NULL), ERROR_INVALID_HANDLE);
    KT_EXPECT_TRUE(t, CloseHandle(m));

    m = CreateMutexExA(NULL, "kmode-win32-test-mutex", CREATE_MUTEX_INITIAL_OWNER, SYNCHRONIZE);
    KT_ASSERT_TRUE(t, m != NULL);
    KT_EXPECT_TRUE(t, ReleaseMutex(m));   /* needs no access right */
    {
        HANDLE again = CreateMutexA(NULL, TRUE, "kmode-win32-test-mutex");
        KT_ASSERT_TRUE(t, again != NULL);
        KT_EXPECT_EQ(t, GetLastError(), ERROR_ALREADY_EXISTS);
        EXPECT_ERROR(t, ReleaseMutex(again), ERROR_NOT_OWNER);   /* existing: not taken */
        KT_EXPECT_TRUE(t, CloseHandle(again));
        again = OpenMutexA(SYNCHRONIZE, FALSE, "kmode-win32-test-mutex");
        KT_ASSERT_TRUE(t, again != NULL);
        KT_EXPECT_TRUE(t, CloseHandle(again));
    }
    SetLastError(0);
    KT_EXPECT_TRUE(t, CreateMutexExW(NULL, NULL, 2, MUTEX_ALL_ACCESS) == NULL);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    KT_EXPECT_TRUE(t, CloseHandle(m));

    /* Closing the last handle of an owned mutex is fine (the object goes). */
    m = CreateMutexW(NULL, TRUE, NULL);
    KT_ASSERT_TRUE(t, m != NULL);
    KT_EXPECT_TRUE(t, CloseHandle(m));
}

static void win32_sync_test_wait_multiple(KTEST *t)
{
    HANDLE h[3];
    h[0] = CreateEventW(NULL, TRUE, FALSE, NULL);
    h[1] = CreateEventW(NULL, FALSE, FALSE, NULL);
    h[2] = CreateSemaphoreW(NULL, 0, 5, NULL);
    KT_ASSERT_TRUE(t, h[0] && h[1] && h[2]);

    KT_EXPECT_EQ(t, WaitForMultipleObjects(3, h, FALSE, 0), WAIT_TIMEOUT);
    KT_EXPECT_EQ(t, WaitForMultipleObjects(3, h, FALSE, 5), WAIT_TIMEOUT);
    KT_EXPECT_TRUE(t, ReleaseSemaphore(h[2], 1, NULL));
    KT_EXPECT_TRUE(t, SetEvent(h[1]));
    KT_EXPECT_EQ(t, WaitForMultipleObjects(3, h, FALSE, 0), WAIT_OBJECT_0 + 1);   /* lowest */
    KT_EXPECT_EQ(t, WaitForMultipleObjects(3, h, FALSE, 0), WAIT_OBJECT_0 + 2);
    KT_EXPECT_EQ(t, WaitForMultipleObjects(3, h, FALSE, 0), WAIT_TIMEOUT);

    /* Wait all: nothing is consumed until all are signaled. */
    KT_EXPECT_TRUE(t, SetEvent(h[0]));
    KT_EXPECT_TRUE(t, SetEvent(h[1]));
    KT_EXPECT_EQ(t, WaitForMultipleObjects(3, h, TRUE, 0), WAIT_TIMEOUT);
    KT_EXPECT_EQ(t, WaitForSingleObject(h[1], 0), WAIT_OBJECT_0);   /* still set: consume */
    KT_EXPECT_TRUE(t, SetEvent(h[1]));
    KT_EXPECT_TRUE(t, ReleaseSemaphore(h[2], 1, NULL));
    KT_EXPECT_EQ(t, WaitForMultipleObjectsEx(3, h, TRUE, 10, FALSE), WAIT_OBJECT_0);
    KT_EXPECT_EQ(t, WaitForSingleObject(h[1], 0), WAIT_TIMEOUT);    /* consumed */
    KT_EXPECT_EQ(t, WaitForSingleObject(h[2], 0), WAIT_TIMEOUT);
    KT_EXPECT_EQ(t, WaitForSingleObject(h[0], 0), WAIT_OBJECT_0);   /* manual: stays */

    for (int i = 0; i < 3; i++)
        KT_EXPECT_TRUE(t, CloseHandle(h[i]));
}

static void win32_sync_test_wait_multiple_errors(KTEST *t)
{
    HANDLE h[MAXIMUM_WAIT_OBJECTS + 1];
    HANDLE ev = CreateEventW(NULL, TRUE, TRUE, NULL);

    KT_ASSERT_TRUE(t, ev != NULL);
    for (int i = 0; i <= MAXIMUM_WAIT_OBJECTS; i++)
        h[i] = ev;
    SetLastError(0);
    KT_EXPECT_EQ(t, WaitForMultipleObjects(0, h, FALSE, 0), WAIT_FAILED);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    KT_EXPECT_EQ(t, WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS + 1, h, FALSE, 0), WAIT_FAILED);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    /* The same object twice: fine for any, refused for all. */
    KT_EXPECT_EQ(t, WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, h, FALSE, 0), WAIT_OBJECT_0);
    SetLastError(0);
    KT_EXPECT_EQ(t, WaitForMultipleObjects(2, h, TRUE, 0), WAIT_FAILED);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    /* A bad handle among good ones. */
    h[1] = (HANDLE)(ULONG_PTR)0x7777770;
    SetLastError(0);
    KT_EXPECT_EQ(t, WaitForMultipleObjects(2, h, FALSE, 0), WAIT_FAILED);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    /* Bad array pointers: NULL and a kernel address. */
    SetLastError(0);
    KT_EXPECT_EQ(t, WaitForMultipleObjects(2, NULL, FALSE, 0), WAIT_FAILED);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_NOACCESS);
    SetLastError(0);
    KT_EXPECT_EQ(t, WaitForMultipleObjects(1, (HANDLE *)win32_test_kernel_pointer(), FALSE, 0),
                 WAIT_FAILED);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_NOACCESS);
    KT_EXPECT_TRUE(t, CloseHandle(ev));
}

static void win32_sync_test_signal_object_and_wait(KTEST *t)
{
    HANDLE a = CreateEventW(NULL, FALSE, FALSE, NULL);
    HANDLE b = CreateEventW(NULL, FALSE, TRUE, NULL);
    HANDLE s = CreateSemaphoreW(NULL, 1, 1, NULL);
    HANDLE m = CreateMutexW(NULL, TRUE, NULL);

    KT_ASSERT_TRUE(t, a && b && s && m);
    KT_EXPECT_EQ(t, SignalObjectAndWait(a, b, 0, FALSE), WAIT_OBJECT_0);
    KT_EXPECT_EQ(t, WaitForSingleObject(a, 0), WAIT_OBJECT_0);   /* a was set */
    KT_EXPECT_EQ(t, SignalObjectAndWait(a, b, 0, FALSE), WAIT_TIMEOUT);
    /* A mutex as the object to signal: released; then it can be waited on again. */
    KT_EXPECT_EQ(t, SignalObjectAndWait(m, a, 0, FALSE), WAIT_OBJECT_0);
    SetLastError(0);
    KT_EXPECT_EQ(t, SignalObjectAndWait(m, a, 0, FALSE), WAIT_FAILED);   /* not owned now */
    KT_EXPECT_EQ(t, GetLastError(), ERROR_NOT_OWNER);
    SetLastError(0);
    KT_EXPECT_EQ(t, SignalObjectAndWait(s, a, 0, FALSE), WAIT_FAILED);   /* count at max */
    KT_EXPECT_EQ(t, GetLastError(), ERROR_TOO_MANY_POSTS);
    SetLastError(0);
    KT_EXPECT_EQ(t, SignalObjectAndWait(NULL, a, 0, FALSE), WAIT_FAILED);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    for (HANDLE *p = (HANDLE[]){ a, b, s, m }, *e = p + 4; p < e; p++)
        KT_EXPECT_TRUE(t, CloseHandle(*p));
}

static void win32_sync_test_sleep(KTEST *t)
{
    Sleep(0);
    Sleep(1);
    KT_EXPECT_EQ(t, SleepEx(0, FALSE), 0);
    KT_EXPECT_EQ(t, SleepEx(1, TRUE), 0);   /* nothing queued */
}

static void win32_sync_test_interlocked(KTEST *t)
{
    volatile LONG v = 5;
    volatile LONG64 w = 1;
    PVOID volatile p = NULL;
    KT_EXPECT_EQ(t, InterlockedIncrement(&v), 6);
    KT_EXPECT_EQ(t, InterlockedDecrement(&v), 5);
    KT_EXPECT_EQ(t, InterlockedExchange(&v, 9), 5);
    KT_EXPECT_EQ(t, InterlockedExchangeAdd(&v, 2), 9);
    KT_EXPECT_EQ(t, InterlockedCompareExchange(&v, 1, 0), 11);   /* no match: unchanged */
    KT_EXPECT_EQ(t, InterlockedCompareExchange(&v, 1, 11), 11);
    KT_EXPECT_EQ(t, v, 1);
    KT_EXPECT_EQ(t, InterlockedIncrement64(&w), 2);
    KT_EXPECT_EQ(t, InterlockedCompareExchange64(&w, 7, 2), 2);
    KT_EXPECT_EQ(t, w, 7);
    KT_EXPECT_PTR_EQ(t, InterlockedExchangePointer(&p, (PVOID)&v), NULL);
    KT_EXPECT_PTR_EQ(t, InterlockedCompareExchangePointer(&p, NULL, (PVOID)&v), &v);
    KT_EXPECT_PTR_EQ(t, p, NULL);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(win32_sync_test_auto_reset_event),
    KTEST_CASE_ENTRY(win32_sync_test_manual_reset_event),
    KTEST_CASE_ENTRY(win32_sync_test_create_event_ex),
    KTEST_CASE_ENTRY(win32_sync_test_event_bad_handles),
    KTEST_CASE_ENTRY(win32_sync_test_named_event),
    KTEST_CASE_ENTRY(win32_sync_test_named_object_errors),
    KTEST_CASE_ENTRY(win32_sync_test_names_compare_case),
    KTEST_CASE_ENTRY(win32_sync_test_semaphore),
    KTEST_CASE_ENTRY(win32_sync_test_mutex),
    KTEST_CASE_ENTRY(win32_sync_test_wait_multiple),
    KTEST_CASE_ENTRY(win32_sync_test_wait_multiple_errors),
    KTEST_CASE_ENTRY(win32_sync_test_signal_object_and_wait),
    KTEST_CASE_ENTRY(win32_sync_test_sleep),
    KTEST_CASE_ENTRY(win32_sync_test_interlocked),
    {0}
};
KTEST_SUITE(win32_sync, cases);
