/*
 * PURPOSE: Tests for threads and processes written as WDK driver code: PsCreateSystemThread,
 * PsTerminateSystemThread, waiting on thread objects, ids, predicates, priorities,
 * pseudo-handles, one thread identity (mutex owner == KeGetCurrentThread).
 */
#include <ntifs.h>
#include <kmode/bugcheck.h>
#include "ktest.h"

#define ST(t, expr, status) KT_EXPECT_EQ(t, (expr), (status))

typedef struct _SEEN {
    KEVENT Go;                 /* the thread waits for it before ending (when Block) */
    BOOLEAN Block;
    NTSTATUS TerminateWith;    /* STATUS_PENDING: return from the start routine instead */
    KIRQL Irql;
    BOOLEAN IsSystem;
    HANDLE ThreadId;
    HANDLE ProcessId;
    PETHREAD Self;
    PKTHREAD KeSelf;
    PEPROCESS Process;
    PEPROCESS IoProcess;
    KPRIORITY Priority;
    PVOID Context;
    NTSTATUS TerminateReturned;   /* set only if PsTerminateSystemThread returned */
} SEEN;

static VOID NTAPI Recorder(PVOID Context)
{
    SEEN *s = Context;
    s->Context = Context;
    s->Irql = KeGetCurrentIrql();
    s->Self = PsGetCurrentThread();
    s->KeSelf = KeGetCurrentThread();
    s->IsSystem = PsIsSystemThread(s->Self);
    s->ThreadId = PsGetCurrentThreadId();
    s->ProcessId = PsGetCurrentProcessId();
    s->Process = PsGetCurrentProcess();
    s->IoProcess = IoGetCurrentProcess();
    s->Priority = KeQueryPriorityThread(s->KeSelf);
    if (s->Block)
        KeWaitForSingleObject(&s->Go, Executive, KernelMode, FALSE, NULL);
    if (s->TerminateWith != STATUS_PENDING) {
        s->TerminateReturned = PsTerminateSystemThread(s->TerminateWith);
        s->TerminateReturned = STATUS_UNSUCCESSFUL;   /* never reached */
    }
}

static NTSTATUS Start(SEEN *s, ULONG Attributes, HANDLE Process, PHANDLE Handle,
                      PCLIENT_ID Cid)
{
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, NULL, Attributes, NULL, NULL);
    KeInitializeEvent(&s->Go, NotificationEvent, FALSE);
    return PsCreateSystemThread(Handle, THREAD_ALL_ACCESS, &oa, Process, Cid, Recorder, s);
}

static PVOID ThreadObject(KTEST *t, HANDLE Handle)
{
    PVOID Object = NULL;
    ST(t, ObReferenceObjectByHandle(Handle, SYNCHRONIZE, *PsThreadType, KernelMode, &Object,
                                    NULL), STATUS_SUCCESS);
    return Object;
}

/* Waits for the thread a handle names to end. */
static NTSTATUS WaitHandle(KTEST *t, HANDLE Handle)
{
    PVOID thread = ThreadObject(t, Handle);
    NTSTATUS status;
    if (thread == NULL)
        return STATUS_INVALID_HANDLE;
    status = KeWaitForSingleObject(thread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(thread);
    return status;
}

static void ps_threads_test_create_wait_terminate_status(KTEST *t)
{
    SEEN s;
    HANDLE h;
    CLIENT_ID cid;
    PETHREAD thread;
    LARGE_INTEGER zero;

    RtlZeroMemory(&s, sizeof s);
    s.Block = TRUE;
    s.TerminateWith = (NTSTATUS)0x12345678;
    s.TerminateReturned = STATUS_PENDING;
    KT_ASSERT_EQ(t, Start(&s, OBJ_KERNEL_HANDLE, NULL, &h, &cid), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, (LONG_PTR)h < 0);   /* a kernel handle */
    thread = ThreadObject(t, h);
    KT_ASSERT_TRUE(t, thread != NULL);
    zero.QuadPart = 0;
    /* Still running: not signaled, no exit status yet. */
    ST(t, KeWaitForSingleObject(thread, Executive, KernelMode, FALSE, &zero), STATUS_TIMEOUT);
    ST(t, PsGetThreadExitStatus(thread), STATUS_PENDING);
    KT_EXPECT_EQ(t, PsGetThreadId(thread), cid.UniqueThread);
    KT_EXPECT_EQ(t, PsGetThreadProcessId(thread), cid.UniqueProcess);
    KeSetEvent(&s.Go, IO_NO_INCREMENT, FALSE);
    ST(t, KeWaitForSingleObject(thread, Executive, KernelMode, FALSE, NULL), STATUS_SUCCESS);
    /* A thread object stays signaled. */
    ST(t, KeWaitForSingleObject(thread, Executive, KernelMode, FALSE, &zero), STATUS_SUCCESS);
    ST(t, PsGetThreadExitStatus(thread), (NTSTATUS)0x12345678);
    ST(t, s.TerminateReturned, STATUS_PENDING);   /* PsTerminateSystemThread did not return */
    KT_EXPECT_PTR_EQ(t, s.Context, &s);
    KT_EXPECT_EQ(t, s.Irql, PASSIVE_LEVEL);
    KT_EXPECT_TRUE(t, s.IsSystem);
    KT_EXPECT_PTR_EQ(t, s.Self, thread);
    KT_EXPECT_PTR_EQ(t, s.KeSelf, (PKTHREAD)thread);
    KT_EXPECT_EQ(t, s.ThreadId, cid.UniqueThread);
    KT_EXPECT_EQ(t, s.ProcessId, (HANDLE)4);
    KT_EXPECT_EQ(t, cid.UniqueProcess, (HANDLE)4);
    KT_EXPECT_PTR_EQ(t, s.Process, PsInitialSystemProcess);
    KT_EXPECT_PTR_EQ(t, s.IoProcess, PsInitialSystemProcess);
    KT_EXPECT_EQ(t, s.Priority, 8);
    ST(t, ZwClose(h), STATUS_SUCCESS);
    ST(t, ZwClose(h), STATUS_INVALID_HANDLE);
    ObDereferenceObject(thread);
}

static void ps_threads_test_return_from_start_routine_ends_normally(KTEST *t)
{
    SEEN s;
    HANDLE h;
    PETHREAD thread;

    RtlZeroMemory(&s, sizeof s);
    s.TerminateWith = STATUS_PENDING;
    KT_ASSERT_EQ(t, Start(&s, OBJ_KERNEL_HANDLE, NULL, &h, NULL), STATUS_SUCCESS);
    thread = ThreadObject(t, h);
    KT_ASSERT_TRUE(t, thread != NULL);
    ST(t, KeWaitForSingleObject(thread, Executive, KernelMode, FALSE, NULL), STATUS_SUCCESS);
    ST(t, PsGetThreadExitStatus(thread), STATUS_SUCCESS);
    ST(t, ZwClose(h), STATUS_SUCCESS);
    ObDereferenceObject(thread);
}

static void ps_threads_test_wait_all_on_two_threads(KTEST *t)
{
    SEEN a, b;
    HANDLE ha, hb;
    PVOID objects[2];

    RtlZeroMemory(&a, sizeof a);
    RtlZeroMemory(&b, sizeof b);
    a.TerminateWith = b.TerminateWith = STATUS_PENDING;
    a.Block = b.Block = TRUE;
    KT_ASSERT_EQ(t, Start(&a, OBJ_KERNEL_HANDLE, NULL, &ha, NULL), STATUS_SUCCESS);
    KT_ASSERT_EQ(t, Start(&b, OBJ_KERNEL_HANDLE, NULL, &hb, NULL), STATUS_SUCCESS);
    objects[0] = ThreadObject(t, ha);
    objects[1] = ThreadObject(t, hb);
    KeSetEvent(&b.Go, IO_NO_INCREMENT, FALSE);
    ST(t, KeWaitForMultipleObjects(2, objects, WaitAny, Executive, KernelMode, FALSE, NULL,
                                   NULL), STATUS_WAIT_1);
    KeSetEvent(&a.Go, IO_NO_INCREMENT, FALSE);
    ST(t, KeWaitForMultipleObjects(2, objects, WaitAll, Executive, KernelMode, FALSE, NULL,
                                   NULL), STATUS_SUCCESS);
    KT_EXPECT_NE(t, a.ThreadId, b.ThreadId);
    KT_EXPECT_EQ(t, (ULONG_PTR)a.ThreadId % 4, 0);
    KT_EXPECT_EQ(t, (ULONG_PTR)b.ThreadId % 4, 0);
    ObDereferenceObject(objects[0]);
    ObDereferenceObject(objects[1]);
    ST(t, ZwClose(ha), STATUS_SUCCESS);
    ST(t, ZwClose(hb), STATUS_SUCCESS);
}

static void ps_threads_test_handle_table_and_process_handle(KTEST *t)
{
    SEEN s;
    HANDLE h, ph, th;

    /* Without OBJ_KERNEL_HANDLE (or without attributes) the handle is a process handle. */
    RtlZeroMemory(&s, sizeof s);
    s.TerminateWith = STATUS_PENDING;
    KeInitializeEvent(&s.Go, NotificationEvent, FALSE);
    KT_ASSERT_EQ(t, PsCreateSystemThread(&h, THREAD_ALL_ACCESS, NULL, NULL, NULL, Recorder, &s),
                 STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, (LONG_PTR)h > 0);
    ST(t, WaitHandle(t, h), STATUS_SUCCESS);
    ST(t, ZwClose(h), STATUS_SUCCESS);

    /* ProcessHandle: the System process, by handle or pseudo-handle. */
    KT_ASSERT_EQ(t, ObOpenObjectByPointer(PsInitialSystemProcess, OBJ_KERNEL_HANDLE, NULL,
                                          PROCESS_ALL_ACCESS, *PsProcessType, KernelMode, &ph),
                 STATUS_SUCCESS);
    RtlZeroMemory(&s, sizeof s);
    s.TerminateWith = STATUS_PENDING;
    KT_ASSERT_EQ(t, Start(&s, OBJ_KERNEL_HANDLE, ph, &h, NULL), STATUS_SUCCESS);
    ST(t, WaitHandle(t, h), STATUS_SUCCESS);
    ST(t, ZwClose(h), STATUS_SUCCESS);
    RtlZeroMemory(&s, sizeof s);
    s.TerminateWith = STATUS_PENDING;
    KT_ASSERT_EQ(t, Start(&s, OBJ_KERNEL_HANDLE, NtCurrentProcess(), &h, NULL), STATUS_SUCCESS);
    ST(t, WaitHandle(t, h), STATUS_SUCCESS);

    /* A thread handle is not a process handle; a closed handle is no handle. */
    ST(t, Start(&s, OBJ_KERNEL_HANDLE, h, &th, NULL), STATUS_OBJECT_TYPE_MISMATCH);
    KT_EXPECT_TRUE(t, th == NULL);
    ST(t, ZwClose(h), STATUS_SUCCESS);
    ST(t, ZwClose(ph), STATUS_SUCCESS);
    ST(t, Start(&s, OBJ_KERNEL_HANDLE, ph, &th, NULL), STATUS_INVALID_HANDLE);
    /* Bad attributes. */
    ST(t, Start(&s, 0x80000000, NULL, &th, NULL), STATUS_INVALID_PARAMETER);
}

static void ps_threads_test_current_thread_is_not_a_system_thread(KTEST *t)
{
    PETHREAD self = PsGetCurrentThread();

    KT_EXPECT_PTR_EQ(t, (PKTHREAD)self, KeGetCurrentThread());
    KT_EXPECT_PTR_EQ(t, PsGetCurrentThread(), self);   /* stable */
    KT_EXPECT_FALSE(t, PsIsSystemThread(self));
    ST(t, PsTerminateSystemThread(STATUS_SUCCESS), STATUS_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, PsGetCurrentThreadId(), PsGetThreadId(self));
    KT_EXPECT_EQ(t, (ULONG_PTR)PsGetCurrentThreadId() % 4, 0);
    KT_EXPECT_TRUE(t, (ULONG_PTR)PsGetCurrentThreadId() >= 8);
    KT_EXPECT_EQ(t, PsGetThreadProcessId(self), (HANDLE)4);
    KT_EXPECT_PTR_EQ(t, PsGetThreadProcess(self), PsInitialSystemProcess);
    KT_EXPECT_PTR_EQ(t, PsGetCurrentProcess(), PsInitialSystemProcess);
    KT_EXPECT_PTR_EQ(t, IoGetCurrentProcess(), PsInitialSystemProcess);
    KT_EXPECT_EQ(t, PsGetCurrentProcessId(), (HANDLE)4);
    KT_EXPECT_EQ(t, PsGetProcessId(PsInitialSystemProcess), (HANDLE)4);
    ST(t, PsGetThreadExitStatus(self), STATUS_PENDING);
}

static void ps_threads_test_pseudo_handles_resolve(KTEST *t)
{
    PVOID o = NULL;
    OBJECT_HANDLE_INFORMATION info;

    ST(t, ObReferenceObjectByHandle(NtCurrentThread(), 0, *PsThreadType, KernelMode, &o, &info),
       STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, o, PsGetCurrentThread());
    KT_EXPECT_EQ(t, info.GrantedAccess, THREAD_ALL_ACCESS);
    KT_EXPECT_EQ(t, info.HandleAttributes, 0);
    ObDereferenceObject(o);
    ST(t, ObReferenceObjectByHandle(ZwCurrentProcess(), PROCESS_ALL_ACCESS, *PsProcessType,
                                    UserMode, &o, NULL), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, o, PsInitialSystemProcess);
    ObDereferenceObject(o);
    ST(t, ObReferenceObjectByHandle(NtCurrentProcess(), 0, *PsThreadType, KernelMode, &o, NULL),
       STATUS_OBJECT_TYPE_MISMATCH);
    KT_EXPECT_TRUE(t, o == NULL);
    ST(t, ObReferenceObjectByHandle(NtCurrentThread(), 0, *ExEventObjectType, KernelMode, &o,
                                    NULL), STATUS_OBJECT_TYPE_MISMATCH);
    /* Any type: the object itself. */
    ST(t, ObReferenceObjectByHandle(NtCurrentProcess(), 0, NULL, KernelMode, &o, NULL),
       STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, o, PsInitialSystemProcess);
    ObDereferenceObject(o);
}

static void ps_threads_test_priority_get_set(KTEST *t)
{
    PKTHREAD self = KeGetCurrentThread();
    KPRIORITY old = KeQueryPriorityThread(self);

    KT_EXPECT_EQ(t, old, 8);
    KT_EXPECT_EQ(t, KeSetPriorityThread(self, LOW_REALTIME_PRIORITY), old);
    KT_EXPECT_EQ(t, KeQueryPriorityThread(self), LOW_REALTIME_PRIORITY);
    KT_EXPECT_EQ(t, KeSetPriorityThread(self, HIGH_PRIORITY), LOW_REALTIME_PRIORITY);
    KT_EXPECT_EQ(t, KeSetPriorityThread(self, old), HIGH_PRIORITY);
    KT_EXPECT_EQ(t, KeQueryPriorityThread(self), old);
}

static void SetPriority40(void *Context)
{
    (void)Context;
    KeSetPriorityThread(KeGetCurrentThread(), 40);
}

static void ps_threads_test_priority_out_of_range_asserts(KTEST *t)
{
    KMODE_BUGCHECK bc;

    KT_ASSERT_TRUE(t, KmodeCatchBugCheck(SetPriority40, NULL, KMODE_CATCH_QUIET, &bc));
    KT_EXPECT_EQ(t, bc.Code, KMODE_EXCEPTION_NOT_HANDLED);
    KT_EXPECT_EQ(t, bc.Parameter1, (ULONG_PTR)(LONG_PTR)STATUS_ASSERTION_FAILURE);
    KT_EXPECT_EQ(t, KeQueryPriorityThread(KeGetCurrentThread()), 8);
}

static void ps_threads_test_mutex_owner_is_current_thread(KTEST *t)
{
    KMUTEX m;

    KeInitializeMutex(&m, 0);
    ST(t, KeWaitForSingleObject(&m, Executive, KernelMode, FALSE, NULL), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, m.OwnerThread, KeGetCurrentThread());
    KeReleaseMutex(&m, FALSE);
    KT_EXPECT_TRUE(t, m.OwnerThread == NULL);
}

static void ReleaseMutex(void *Context)
{
    KeReleaseMutex((PKMUTEX)Context, FALSE);
}

static VOID NTAPI ReleaseNotOwned(PVOID Context)
{
    KMODE_BUGCHECK *bc = Context;
    KMUTEX m;
    KeInitializeMutex(&m, 0);
    /* Caught on this (system) thread. */
    if (!KmodeCatchBugCheck(ReleaseMutex, &m, KMODE_CATCH_QUIET, bc))
        bc->Code = 0;
}

static void ps_threads_test_not_owner_bugcheck_names_thread(KTEST *t)
{
    KMODE_BUGCHECK bc;
    HANDLE h;
    PETHREAD thread;

    RtlZeroMemory(&bc, sizeof bc);
    KT_ASSERT_EQ(t, PsCreateSystemThread(&h, THREAD_ALL_ACCESS, NULL, NULL, NULL,
                                         ReleaseNotOwned, &bc), STATUS_SUCCESS);
    thread = ThreadObject(t, h);
    KT_ASSERT_TRUE(t, thread != NULL);
    ST(t, KeWaitForSingleObject(thread, Executive, KernelMode, FALSE, NULL), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, bc.Code, THREAD_NOT_MUTEX_OWNER);
    KT_EXPECT_EQ(t, bc.Parameter1, (ULONG_PTR)thread);
    ObDereferenceObject(thread);
    ST(t, ZwClose(h), STATUS_SUCCESS);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ps_threads_test_create_wait_terminate_status),
    KTEST_CASE_ENTRY(ps_threads_test_return_from_start_routine_ends_normally),
    KTEST_CASE_ENTRY(ps_threads_test_wait_all_on_two_threads),
    KTEST_CASE_ENTRY(ps_threads_test_handle_table_and_process_handle),
    KTEST_CASE_ENTRY(ps_threads_test_current_thread_is_not_a_system_thread),
    KTEST_CASE_ENTRY(ps_threads_test_pseudo_handles_resolve),
    KTEST_CASE_ENTRY(ps_threads_test_priority_get_set),
    KTEST_CASE_ENTRY(ps_threads_test_priority_out_of_range_asserts),
    KTEST_CASE_ENTRY(ps_threads_test_mutex_owner_is_current_thread),
    KTEST_CASE_ENTRY(ps_threads_test_not_owner_bugcheck_names_thread),
    {0}
};
KTEST_SUITE(ps_threads, cases);
