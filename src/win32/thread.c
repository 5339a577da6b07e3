/*
 * PURPOSE: Win32 threads and the process: CreateThread, ExitThread, GetExitCodeThread,
 * ResumeThread, thread and process ids, pseudo handles, GetExitCodeProcess, ExitProcess,
 * QueueUserAPC.
 */

/* INCLUDES ******************************************************************************/

#include <stdlib.h>
#include <threads.h>
#include <internal/win32.h>
#include "basep.h"

/* PRIVATE FUNCTIONS *********************************************************************/

/* QueueUserAPC's routine takes one ULONG_PTR; the native APC takes three arguments, as
   kernel32 bridges them on Windows. */
static VOID NTAPI BasepCallUserApc(PVOID Function, PVOID Data, PVOID Unused)
{
    UNREFERENCED_PARAMETER(Unused);
    ((PAPCFUNC)Function)((ULONG_PTR)Data);
}

/* PUBLIC FUNCTIONS **********************************************************************/

/* @implemented: see win/process.h. */
HANDLE WINAPI CreateThread(LPSECURITY_ATTRIBUTES lpThreadAttributes, SIZE_T dwStackSize,
                           LPTHREAD_START_ROUTINE lpStartAddress, LPVOID lpParameter,
                           DWORD dwCreationFlags, LPDWORD lpThreadId)
{
    OBJECT_ATTRIBUTES Attributes;
    CLIENT_ID ClientId;
    HANDLE Handle = NULL;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(dwStackSize);
    if (lpStartAddress == NULL ||
        (dwCreationFlags & ~(CREATE_SUSPENDED | STACK_SIZE_PARAM_IS_A_RESERVATION))) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    InitializeObjectAttributes(&Attributes, NULL,
                               (lpThreadAttributes && lpThreadAttributes->bInheritHandle)
                                   ? OBJ_INHERIT : 0,
                               NULL, NULL);
    Status = NT_SYSCALL(NtpCreateUserThread(&Handle, THREAD_ALL_ACCESS, &Attributes,
                                            (PNTP_USER_THREAD_START)lpStartAddress, lpParameter,
                                            (dwCreationFlags & CREATE_SUSPENDED) != 0,
                                            &ClientId));
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return NULL;
    }
    BasepUserAccess(lpThreadId, sizeof(DWORD));
    if (lpThreadId != NULL)
        *lpThreadId = (DWORD)(ULONG_PTR)ClientId.UniqueThread;
    return Handle;
}

/* @implemented */
VOID WINAPI ExitThread(DWORD dwExitCode)
{
    /* A user thread does not come back from this. */
    (VOID)NT_SYSCALL(NtTerminateThread(NULL, (NTSTATUS)dwExitCode));
    /* A host thread kmode did not start: end the host thread. */
    thrd_exit((int)dwExitCode);
}

/* @implemented */
BOOL WINAPI GetExitCodeThread(HANDLE hThread, LPDWORD lpExitCode)
{
    NTSTATUS ExitStatus = 0;
    NTSTATUS Status = NT_SYSCALL(NtpQueryThreadBasics(hThread, &ExitStatus, NULL));

    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    BasepUserAccess(lpExitCode, sizeof(DWORD));
    *lpExitCode = (DWORD)ExitStatus;
    return TRUE;
}

/* @implemented */
DWORD WINAPI ResumeThread(HANDLE hThread)
{
    ULONG Previous = 0;
    NTSTATUS Status = NT_SYSCALL(NtResumeThread(hThread, &Previous));

    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return (DWORD)-1;
    }
    return Previous;
}

/* @implemented */
HANDLE WINAPI GetCurrentThread(VOID)
{
    return NtCurrentThread();
}

/* @implemented */
DWORD WINAPI GetCurrentThreadId(VOID)
{
    return (DWORD)(ULONG_PTR)PsGetCurrentThreadId();
}

/* @implemented */
DWORD WINAPI GetThreadId(HANDLE Thread)
{
    CLIENT_ID ClientId;
    NTSTATUS Status = NT_SYSCALL(NtpQueryThreadBasics(Thread, NULL, &ClientId));

    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return 0;
    }
    return (DWORD)(ULONG_PTR)ClientId.UniqueThread;
}

/* @implemented */
HANDLE WINAPI GetCurrentProcess(VOID)
{
    return NtCurrentProcess();
}

/* @implemented */
DWORD WINAPI GetCurrentProcessId(VOID)
{
    return (DWORD)(ULONG_PTR)PsGetCurrentProcessId();
}

/* @implemented */
DWORD WINAPI GetProcessId(HANDLE Process)
{
    HANDLE Id = NULL;
    NTSTATUS Status = NT_SYSCALL(NtpQueryProcessBasics(Process, NULL, &Id));

    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return 0;
    }
    return (DWORD)(ULONG_PTR)Id;
}

/* @implemented */
BOOL WINAPI GetExitCodeProcess(HANDLE hProcess, LPDWORD lpExitCode)
{
    NTSTATUS ExitStatus = 0;
    NTSTATUS Status = NT_SYSCALL(NtpQueryProcessBasics(hProcess, &ExitStatus, NULL));

    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    BasepUserAccess(lpExitCode, sizeof(DWORD));
    *lpExitCode = (DWORD)ExitStatus;
    return TRUE;
}

/* @implemented */
VOID WINAPI ExitProcess(UINT uExitCode)
{
    exit((int)uExitCode);
}

/* @implemented */
DWORD WINAPI QueueUserAPC(PAPCFUNC pfnAPC, HANDLE hThread, ULONG_PTR dwData)
{
    NTSTATUS Status = NT_SYSCALL(NtQueueApcThread(hThread, BasepCallUserApc, (PVOID)pfnAPC,
                                                  (PVOID)dwData, NULL));
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return 0;
    }
    return 1;
}
