/*
 * PURPOSE: windows.h part: synchronization (synchapi.h, winbase.h): events, semaphores,
 * mutexes, waits, sleeping, user APCs, critical sections, slim reader/writer locks,
 * condition variables and the Interlocked functions.
 *
 * The objects are kernel objects (the same events a driver gets from an app's handle);
 * named ones live in \BaseNamedObjects, where names compare case-sensitively as
 * documented. Implemented in src/win32 (sync.c, critsec.c, srw.c, apc.c).
 */
#ifndef _KMODE_UM_WIN_SYNC_H_
#define _KMODE_UM_WIN_SYNC_H_

#include <win/base.h>

KMODE_EXTERN_C_START

/* ==== Events ============================================================================ */

#define CREATE_EVENT_MANUAL_RESET 0x00000001
#define CREATE_EVENT_INITIAL_SET  0x00000002

/*
 * Creates an event (or opens the existing one of that name: then GetLastError is
 * ERROR_ALREADY_EXISTS, and ERROR_SUCCESS for a new one). A name taken by another kind of
 * object: NULL, ERROR_INVALID_HANDLE; longer than MAX_PATH: ERROR_FILENAME_EXCED_RANGE.
 * The handle has EVENT_ALL_ACCESS (CreateEventEx: dwDesiredAccess). @implemented
 */
WINBASEAPI _Ret_maybenull_ HANDLE WINAPI CreateEventA(_In_opt_ LPSECURITY_ATTRIBUTES lpEventAttributes,
                                                      _In_ BOOL bManualReset, _In_ BOOL bInitialState,
                                                      _In_opt_ LPCSTR lpName);
WINBASEAPI _Ret_maybenull_ HANDLE WINAPI CreateEventW(_In_opt_ LPSECURITY_ATTRIBUTES lpEventAttributes,
                                                      _In_ BOOL bManualReset, _In_ BOOL bInitialState,
                                                      _In_opt_ LPCWSTR lpName);
/* dwFlags: CREATE_EVENT_MANUAL_RESET | CREATE_EVENT_INITIAL_SET (others:
   ERROR_INVALID_PARAMETER). @implemented */
WINBASEAPI _Ret_maybenull_ HANDLE WINAPI CreateEventExA(_In_opt_ LPSECURITY_ATTRIBUTES lpEventAttributes,
                                                        _In_opt_ LPCSTR lpName, _In_ DWORD dwFlags,
                                                        _In_ DWORD dwDesiredAccess);
WINBASEAPI _Ret_maybenull_ HANDLE WINAPI CreateEventExW(_In_opt_ LPSECURITY_ATTRIBUTES lpEventAttributes,
                                                        _In_opt_ LPCWSTR lpName, _In_ DWORD dwFlags,
                                                        _In_ DWORD dwDesiredAccess);
/* Opens a named event: ERROR_FILE_NOT_FOUND when there is none, ERROR_INVALID_PARAMETER
   for a NULL name. @implemented */
WINBASEAPI _Ret_maybenull_ HANDLE WINAPI OpenEventA(_In_ DWORD dwDesiredAccess, _In_ BOOL bInheritHandle,
                                                    _In_ LPCSTR lpName);
WINBASEAPI _Ret_maybenull_ HANDLE WINAPI OpenEventW(_In_ DWORD dwDesiredAccess, _In_ BOOL bInheritHandle,
                                                    _In_ LPCWSTR lpName);
/* Need EVENT_MODIFY_STATE (else ERROR_ACCESS_DENIED). PulseEvent: sets the event,
   releases the waiters that can go now, resets it. @implemented */
WINBASEAPI BOOL WINAPI SetEvent(_In_ HANDLE hEvent);
WINBASEAPI BOOL WINAPI ResetEvent(_In_ HANDLE hEvent);
WINBASEAPI BOOL WINAPI PulseEvent(_In_ HANDLE hEvent);

/* ==== Semaphores ======================================================================== */

/* lMaximumCount > 0 and 0 <= lInitialCount <= lMaximumCount, else ERROR_INVALID_PARAMETER.
   Names as for events. @implemented */
WINBASEAPI _Ret_maybenull_ HANDLE WINAPI CreateSemaphoreA(_In_opt_ LPSECURITY_ATTRIBUTES lpSemaphoreAttributes,
                                                          _In_ LONG lInitialCount, _In_ LONG lMaximumCount,
                                                          _In_opt_ LPCSTR lpName);
WINBASEAPI _Ret_maybenull_ HANDLE WINAPI CreateSemaphoreW(_In_opt_ LPSECURITY_ATTRIBUTES lpSemaphoreAttributes,
                                                          _In_ LONG lInitialCount, _In_ LONG lMaximumCount,
                                                          _In_opt_ LPCWSTR lpName);
/* dwFlags is reserved: 0. @implemented */
WINBASEAPI _Ret_maybenull_ HANDLE WINAPI CreateSemaphoreExA(_In_opt_ LPSECURITY_ATTRIBUTES lpSemaphoreAttributes,
                                                            _In_ LONG lInitialCount, _In_ LONG lMaximumCount,
                                                            _In_opt_ LPCSTR lpName, _Reserved_ DWORD dwFlags,
                                                            _In_ DWORD dwDesiredAccess);
WINBASEAPI _Ret_maybenull_ HANDLE WINAPI CreateSemaphoreExW(_In_opt_ LPSECURITY_ATTRIBUTES lpSemaphoreAttributes,
                                                            _In_ LONG lInitialCount, _In_ LONG lMaximumCount,
                                                            _In_opt_ LPCWSTR lpName, _Reserved_ DWORD dwFlags,
                                                            _In_ DWORD dwDesiredAccess);
WINBASEAPI _Ret_maybenull_ HANDLE WINAPI OpenSemaphoreA(_In_ DWORD dwDesiredAccess, _In_ BOOL bInheritHandle,
                                                        _In_ LPCSTR lpName);
WINBASEAPI _Ret_maybenull_ HANDLE WINAPI OpenSemaphoreW(_In_ DWORD dwDesiredAccess, _In_ BOOL bInheritHandle,
                                                        _In_ LPCWSTR lpName);
/* Adds lReleaseCount (> 0). Past the maximum: FALSE, ERROR_TOO_MANY_POSTS, count unchanged.
   Needs SEMAPHORE_MODIFY_STATE. @implemented */
WINBASEAPI BOOL WINAPI ReleaseSemaphore(_In_ HANDLE hSemaphore, _In_ LONG lReleaseCount,
                                        _Out_opt_ LPLONG lpPreviousCount);

/* ==== Mutexes =========================================================================== */

#define CREATE_MUTEX_INITIAL_OWNER 0x00000001

/* A mutex (kernel mutant): owner-recursive; abandoned when its owner thread ends (the next
   wait returns WAIT_ABANDONED). bInitialOwner takes ownership only of a new mutex.
   @implemented */
WINBASEAPI _Ret_maybenull_ HANDLE WINAPI CreateMutexA(_In_opt_ LPSECURITY_ATTRIBUTES lpMutexAttributes,
                                                      _In_ BOOL bInitialOwner, _In_opt_ LPCSTR lpName);
WINBASEAPI _Ret_maybenull_ HANDLE WINAPI CreateMutexW(_In_opt_ LPSECURITY_ATTRIBUTES lpMutexAttributes,
                                                      _In_ BOOL bInitialOwner, _In_opt_ LPCWSTR lpName);
WINBASEAPI _Ret_maybenull_ HANDLE WINAPI CreateMutexExA(_In_opt_ LPSECURITY_ATTRIBUTES lpMutexAttributes,
                                                        _In_opt_ LPCSTR lpName, _In_ DWORD dwFlags,
                                                        _In_ DWORD dwDesiredAccess);
WINBASEAPI _Ret_maybenull_ HANDLE WINAPI CreateMutexExW(_In_opt_ LPSECURITY_ATTRIBUTES lpMutexAttributes,
                                                        _In_opt_ LPCWSTR lpName, _In_ DWORD dwFlags,
                                                        _In_ DWORD dwDesiredAccess);
WINBASEAPI _Ret_maybenull_ HANDLE WINAPI OpenMutexA(_In_ DWORD dwDesiredAccess, _In_ BOOL bInheritHandle,
                                                    _In_ LPCSTR lpName);
WINBASEAPI _Ret_maybenull_ HANDLE WINAPI OpenMutexW(_In_ DWORD dwDesiredAccess, _In_ BOOL bInheritHandle,
                                                    _In_ LPCWSTR lpName);
/* FALSE with ERROR_NOT_OWNER when the caller does not own it. @implemented */
WINBASEAPI BOOL WINAPI ReleaseMutex(_In_ HANDLE hMutex);

/* ==== Waits and sleeping ================================================================ */

/*
 * Waits until the object is signaled or dwMilliseconds pass (INFINITE: no limit).
 * Returns WAIT_OBJECT_0, WAIT_ABANDONED (a mutex whose owner ended), WAIT_TIMEOUT,
 * WAIT_IO_COMPLETION (Ex, bAlertable: user APCs ran), or WAIT_FAILED with the last error
 * (ERROR_INVALID_HANDLE; ERROR_ACCESS_DENIED for a handle without SYNCHRONIZE).
 * @implemented
 */
WINBASEAPI DWORD WINAPI WaitForSingleObject(_In_ HANDLE hHandle, _In_ DWORD dwMilliseconds);
WINBASEAPI DWORD WINAPI WaitForSingleObjectEx(_In_ HANDLE hHandle, _In_ DWORD dwMilliseconds,
                                              _In_ BOOL bAlertable);
/*
 * Waits for any (WAIT_OBJECT_0 + index of the lowest signaled) or all of nCount objects.
 * nCount 0 or above MAXIMUM_WAIT_OBJECTS, or bWaitAll with an object twice:
 * ERROR_INVALID_PARAMETER. An unreadable lpHandles: ERROR_NOACCESS. @implemented
 */
WINBASEAPI DWORD WINAPI WaitForMultipleObjects(_In_ DWORD nCount,
                                               _In_reads_(nCount) CONST HANDLE *lpHandles,
                                               _In_ BOOL bWaitAll, _In_ DWORD dwMilliseconds);
WINBASEAPI DWORD WINAPI WaitForMultipleObjectsEx(_In_ DWORD nCount,
                                                 _In_reads_(nCount) CONST HANDLE *lpHandles,
                                                 _In_ BOOL bWaitAll, _In_ DWORD dwMilliseconds,
                                                 _In_ BOOL bAlertable);
/* Signals hObjectToSignal (event, semaphore or mutex) and waits for hObjectToWaitOn.
   @implemented */
WINBASEAPI DWORD WINAPI SignalObjectAndWait(_In_ HANDLE hObjectToSignal, _In_ HANDLE hObjectToWaitOn,
                                            _In_ DWORD dwMilliseconds, _In_ BOOL bAlertable);
/* @implemented. SleepEx returns 0, or WAIT_IO_COMPLETION when bAlertable and user APCs ran. */
WINBASEAPI VOID WINAPI Sleep(_In_ DWORD dwMilliseconds);
WINBASEAPI DWORD WINAPI SleepEx(_In_ DWORD dwMilliseconds, _In_ BOOL bAlertable);
/* ==== User APCs ========================================================================= */

typedef VOID (NTAPI *PAPCFUNC)(_In_ ULONG_PTR Parameter);

/*
 * Queues pfnAPC(dwData) to the thread (needs THREAD_SET_CONTEXT). It runs when that thread
 * next waits alertably (SleepEx, Wait...Ex with bAlertable), which then returns
 * WAIT_IO_COMPLETION. 0 with the last error on failure (ERROR_INVALID_HANDLE,
 * ERROR_GEN_FAILURE for a thread that has ended). @implemented
 */
WINBASEAPI DWORD WINAPI QueueUserAPC(_In_ PAPCFUNC pfnAPC, _In_ HANDLE hThread,
                                     _In_ ULONG_PTR dwData);

/* ==== Critical sections ================================================================= */

typedef struct _RTL_CRITICAL_SECTION_DEBUG *PRTL_CRITICAL_SECTION_DEBUG;

/* The Windows x64 layout (40 bytes). LockCount is -1 when free; OwningThread holds the
   owner's thread id; LockSemaphore is kmode's wait object, created on first contention. */
typedef struct _RTL_CRITICAL_SECTION {
    PRTL_CRITICAL_SECTION_DEBUG DebugInfo;
    LONG LockCount;
    LONG RecursionCount;
    HANDLE OwningThread;
    HANDLE LockSemaphore;
    ULONG_PTR SpinCount;
} RTL_CRITICAL_SECTION, *PRTL_CRITICAL_SECTION;

typedef RTL_CRITICAL_SECTION CRITICAL_SECTION, *PCRITICAL_SECTION, *LPCRITICAL_SECTION;

#define CRITICAL_SECTION_NO_DEBUG_INFO 0x01000000

/* @implemented. Recursive: each Enter (and successful TryEnter) needs a Leave. */
WINBASEAPI VOID WINAPI InitializeCriticalSection(_Out_ LPCRITICAL_SECTION lpCriticalSection);
WINBASEAPI BOOL WINAPI InitializeCriticalSectionAndSpinCount(_Out_ LPCRITICAL_SECTION lpCriticalSection,
                                                              _In_ DWORD dwSpinCount);
/* Flags: 0 or CRITICAL_SECTION_NO_DEBUG_INFO (else ERROR_INVALID_PARAMETER). */
WINBASEAPI BOOL WINAPI InitializeCriticalSectionEx(_Out_ LPCRITICAL_SECTION lpCriticalSection,
                                                   _In_ DWORD dwSpinCount, _In_ DWORD Flags);
WINBASEAPI DWORD WINAPI SetCriticalSectionSpinCount(_Inout_ LPCRITICAL_SECTION lpCriticalSection,
                                                    _In_ DWORD dwSpinCount);
WINBASEAPI VOID WINAPI EnterCriticalSection(_Inout_ LPCRITICAL_SECTION lpCriticalSection);
WINBASEAPI BOOL WINAPI TryEnterCriticalSection(_Inout_ LPCRITICAL_SECTION lpCriticalSection);
WINBASEAPI VOID WINAPI LeaveCriticalSection(_Inout_ LPCRITICAL_SECTION lpCriticalSection);
WINBASEAPI VOID WINAPI DeleteCriticalSection(_Inout_ LPCRITICAL_SECTION lpCriticalSection);

/* ==== Slim reader/writer locks and condition variables ================================== */

typedef struct _RTL_SRWLOCK {
    PVOID Ptr;
} RTL_SRWLOCK, SRWLOCK, *PSRWLOCK;
#define RTL_SRWLOCK_INIT {0}
#define SRWLOCK_INIT RTL_SRWLOCK_INIT

typedef struct _RTL_CONDITION_VARIABLE {
    PVOID Ptr;
} RTL_CONDITION_VARIABLE, CONDITION_VARIABLE, *PCONDITION_VARIABLE;
#define RTL_CONDITION_VARIABLE_INIT {0}
#define CONDITION_VARIABLE_INIT RTL_CONDITION_VARIABLE_INIT
#define CONDITION_VARIABLE_LOCKMODE_SHARED 0x1

/* Not recursive; a lock held shared cannot be upgraded. @implemented */
WINBASEAPI VOID WINAPI InitializeSRWLock(_Out_ PSRWLOCK SRWLock);
WINBASEAPI VOID WINAPI AcquireSRWLockExclusive(_Inout_ PSRWLOCK SRWLock);
WINBASEAPI VOID WINAPI AcquireSRWLockShared(_Inout_ PSRWLOCK SRWLock);
WINBASEAPI VOID WINAPI ReleaseSRWLockExclusive(_Inout_ PSRWLOCK SRWLock);
WINBASEAPI VOID WINAPI ReleaseSRWLockShared(_Inout_ PSRWLOCK SRWLock);
WINBASEAPI BOOLEAN WINAPI TryAcquireSRWLockExclusive(_Inout_ PSRWLOCK SRWLock);
WINBASEAPI BOOLEAN WINAPI TryAcquireSRWLockShared(_Inout_ PSRWLOCK SRWLock);

/* Sleep...: FALSE with ERROR_TIMEOUT when dwMilliseconds pass; wakeups may be spurious, as
   documented. @implemented */
WINBASEAPI VOID WINAPI InitializeConditionVariable(_Out_ PCONDITION_VARIABLE ConditionVariable);
WINBASEAPI BOOL WINAPI SleepConditionVariableCS(_Inout_ PCONDITION_VARIABLE ConditionVariable,
                                                _Inout_ PCRITICAL_SECTION CriticalSection,
                                                _In_ DWORD dwMilliseconds);
WINBASEAPI BOOL WINAPI SleepConditionVariableSRW(_Inout_ PCONDITION_VARIABLE ConditionVariable,
                                                 _Inout_ PSRWLOCK SRWLock, _In_ DWORD dwMilliseconds,
                                                 _In_ ULONG Flags);
WINBASEAPI VOID WINAPI WakeConditionVariable(_Inout_ PCONDITION_VARIABLE ConditionVariable);
WINBASEAPI VOID WINAPI WakeAllConditionVariable(_Inout_ PCONDITION_VARIABLE ConditionVariable);

/* ==== Interlocked functions (inline, as the compiler intrinsics they are on Windows) ==== */

#ifndef _WDMDDK_   /* the kernel headers declare the same set */
#define MemoryBarrier()   __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define YieldProcessor()  __builtin_ia32_pause()

FORCEINLINE LONG InterlockedIncrement(_Inout_ LONG volatile *Addend)
{ return __atomic_add_fetch(Addend, 1, __ATOMIC_SEQ_CST); }
FORCEINLINE LONG InterlockedDecrement(_Inout_ LONG volatile *Addend)
{ return __atomic_sub_fetch(Addend, 1, __ATOMIC_SEQ_CST); }
FORCEINLINE LONG InterlockedExchange(_Inout_ LONG volatile *Target, _In_ LONG Value)
{ return __atomic_exchange_n(Target, Value, __ATOMIC_SEQ_CST); }
FORCEINLINE LONG InterlockedExchangeAdd(_Inout_ LONG volatile *Addend, _In_ LONG Value)
{ return __atomic_fetch_add(Addend, Value, __ATOMIC_SEQ_CST); }
FORCEINLINE LONG InterlockedAdd(_Inout_ LONG volatile *Addend, _In_ LONG Value)
{ return __atomic_add_fetch(Addend, Value, __ATOMIC_SEQ_CST); }
FORCEINLINE LONG InterlockedCompareExchange(_Inout_ LONG volatile *Destination, _In_ LONG Exchange,
                                            _In_ LONG Comperand)
{
    __atomic_compare_exchange_n(Destination, &Comperand, Exchange, 0, __ATOMIC_SEQ_CST,
                                __ATOMIC_SEQ_CST);
    return Comperand;
}
FORCEINLINE LONG InterlockedAnd(_Inout_ LONG volatile *Destination, _In_ LONG Value)
{ return __atomic_fetch_and(Destination, Value, __ATOMIC_SEQ_CST); }
FORCEINLINE LONG InterlockedOr(_Inout_ LONG volatile *Destination, _In_ LONG Value)
{ return __atomic_fetch_or(Destination, Value, __ATOMIC_SEQ_CST); }
FORCEINLINE LONG InterlockedXor(_Inout_ LONG volatile *Destination, _In_ LONG Value)
{ return __atomic_fetch_xor(Destination, Value, __ATOMIC_SEQ_CST); }
FORCEINLINE LONG64 InterlockedIncrement64(_Inout_ LONG64 volatile *Addend)
{ return __atomic_add_fetch(Addend, 1, __ATOMIC_SEQ_CST); }
FORCEINLINE LONG64 InterlockedDecrement64(_Inout_ LONG64 volatile *Addend)
{ return __atomic_sub_fetch(Addend, 1, __ATOMIC_SEQ_CST); }
FORCEINLINE LONG64 InterlockedExchange64(_Inout_ LONG64 volatile *Target, _In_ LONG64 Value)
{ return __atomic_exchange_n(Target, Value, __ATOMIC_SEQ_CST); }
FORCEINLINE LONG64 InterlockedExchangeAdd64(_Inout_ LONG64 volatile *Addend, _In_ LONG64 Value)
{ return __atomic_fetch_add(Addend, Value, __ATOMIC_SEQ_CST); }
FORCEINLINE LONG64 InterlockedAdd64(_Inout_ LONG64 volatile *Addend, _In_ LONG64 Value)
{ return __atomic_add_fetch(Addend, Value, __ATOMIC_SEQ_CST); }
FORCEINLINE LONG64 InterlockedCompareExchange64(_Inout_ LONG64 volatile *Destination,
                                                _In_ LONG64 Exchange, _In_ LONG64 Comperand)
{
    __atomic_compare_exchange_n(Destination, &Comperand, Exchange, 0, __ATOMIC_SEQ_CST,
                                __ATOMIC_SEQ_CST);
    return Comperand;
}
FORCEINLINE PVOID InterlockedExchangePointer(_Inout_ PVOID volatile *Target, _In_opt_ PVOID Value)
{ return __atomic_exchange_n(Target, Value, __ATOMIC_SEQ_CST); }
FORCEINLINE PVOID InterlockedCompareExchangePointer(_Inout_ PVOID volatile *Destination,
                                                    _In_opt_ PVOID Exchange, _In_opt_ PVOID Comperand)
{
    __atomic_compare_exchange_n(Destination, &Comperand, Exchange, 0, __ATOMIC_SEQ_CST,
                                __ATOMIC_SEQ_CST);
    return Comperand;
}
#endif /* !_WDMDDK_ */

#ifdef UNICODE
#define CreateEvent      CreateEventW
#define CreateEventEx    CreateEventExW
#define OpenEvent        OpenEventW
#define CreateSemaphore  CreateSemaphoreW
#define CreateSemaphoreEx CreateSemaphoreExW
#define OpenSemaphore    OpenSemaphoreW
#define CreateMutex      CreateMutexW
#define CreateMutexEx    CreateMutexExW
#define OpenMutex        OpenMutexW
#else
#define CreateEvent      CreateEventA
#define CreateEventEx    CreateEventExA
#define OpenEvent        OpenEventA
#define CreateSemaphore  CreateSemaphoreA
#define CreateSemaphoreEx CreateSemaphoreExA
#define OpenSemaphore    OpenSemaphoreA
#define CreateMutex      CreateMutexA
#define CreateMutexEx    CreateMutexExA
#define OpenMutex        OpenMutexA
#endif

KMODE_EXTERN_C_END

#endif /* _KMODE_UM_WIN_SYNC_H_ */
