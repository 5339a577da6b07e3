/*
 * PURPOSE: Tests for I/O completion objects (src/io/iocompletion.c): NtCreateIoCompletion,
 * NtOpenIoCompletion, NtSetIoCompletion, NtRemoveIoCompletion(Ex), NtQueryIoCompletion, from
 * kernel mode and as a user-mode caller (probing, access checks, handle tables), and the
 * rundown when the last handle closes.
 */
#include <internal/ntnative.h>
#include <internal/ps.h>
#include "ktest.h"

/* A kernel-space address: every probe from user mode rejects it. */
#define IO_TEST_KERNEL_ADDRESS ((PVOID)(ULONG_PTR)0xFFFF800000001000ULL)

static LARGE_INTEGER Zero;

static HANDLE CreatePort(KTEST *t, ULONG Count)
{
    HANDLE h = NULL;
    KT_EXPECT_EQ(t, NtCreateIoCompletion(&h, IO_COMPLETION_ALL_ACCESS, NULL, Count), STATUS_SUCCESS);
    return h;
}

static void io_native_completion_test_post_and_remove_in_order(KTEST *t)
{
    HANDLE h = CreatePort(t, 0);
    PVOID key = (PVOID)1, ctx = (PVOID)1;
    IO_STATUS_BLOCK iosb = { .Information = 7 };
    IO_COMPLETION_BASIC_INFORMATION info = { .Depth = -1 };
    ULONG len = 0;

    KT_EXPECT_EQ(t, NtSetIoCompletion(h, (PVOID)0x10, (PVOID)0x20, STATUS_BUFFER_OVERFLOW, 5),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, NtSetIoCompletion(h, (PVOID)0x11, (PVOID)0x21, STATUS_SUCCESS, 6),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, NtQueryIoCompletion(h, IoCompletionBasicInformation, &info, sizeof(info), &len),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, info.Depth, 2);
    KT_EXPECT_EQ(t, len, sizeof(info));
    KT_EXPECT_EQ(t, NtRemoveIoCompletion(h, &key, &ctx, &iosb, NULL), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, key, (PVOID)0x10);
    KT_EXPECT_PTR_EQ(t, ctx, (PVOID)0x20);
    KT_EXPECT_EQ(t, iosb.Status, STATUS_BUFFER_OVERFLOW);   /* the packet's status, verbatim */
    KT_EXPECT_EQ(t, iosb.Information, 5);
    KT_EXPECT_EQ(t, NtRemoveIoCompletion(h, &key, &ctx, &iosb, &Zero), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, key, (PVOID)0x11);
    KT_EXPECT_EQ(t, iosb.Information, 6);
    /* Empty: a poll times out and leaves the outputs alone. */
    key = (PVOID)0x99;
    KT_EXPECT_EQ(t, NtRemoveIoCompletion(h, &key, &ctx, &iosb, &Zero), STATUS_TIMEOUT);
    KT_EXPECT_PTR_EQ(t, key, (PVOID)0x99);
    KT_EXPECT_EQ(t, NtClose(h), STATUS_SUCCESS);
}

static void io_native_completion_test_remove_ex_takes_several(KTEST *t)
{
    HANDLE h = CreatePort(t, 1);
    FILE_IO_COMPLETION_INFORMATION entries[4];
    ULONG n = 99;

    for (ULONG_PTR i = 0; i < 3; i++)
        NtSetIoCompletion(h, (PVOID)i, NULL, STATUS_SUCCESS, i * 10);
    KT_EXPECT_EQ(t, NtRemoveIoCompletionEx(h, entries, 0, &n, &Zero, FALSE),
                 STATUS_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, NtRemoveIoCompletionEx(h, entries, 2, &n, NULL, FALSE), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, n, 2);
    KT_EXPECT_PTR_EQ(t, entries[1].KeyContext, (PVOID)1);
    KT_EXPECT_EQ(t, entries[1].IoStatusBlock.Information, 10);
    KT_EXPECT_EQ(t, NtRemoveIoCompletionEx(h, entries, 4, &n, &Zero, FALSE), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, n, 1);
    KT_EXPECT_EQ(t, entries[0].IoStatusBlock.Information, 20);
    KT_EXPECT_EQ(t, NtRemoveIoCompletionEx(h, entries, 4, &n, &Zero, FALSE), STATUS_TIMEOUT);
    NtClose(h);
}

static void io_native_completion_test_named_open(KTEST *t)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\BaseNamedObjects\\IoTestPort");
    OBJECT_ATTRIBUTES oa;
    HANDLE h1 = NULL, h2 = NULL;
    PVOID key, ctx;
    IO_STATUS_BLOCK iosb;

    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    KT_ASSERT_EQ(t, NtCreateIoCompletion(&h1, IO_COMPLETION_ALL_ACCESS, &oa, 0), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, NtCreateIoCompletion(&h2, IO_COMPLETION_ALL_ACCESS, &oa, 0),
                 STATUS_OBJECT_NAME_COLLISION);
    KT_ASSERT_EQ(t, NtOpenIoCompletion(&h2, IO_COMPLETION_ALL_ACCESS, &oa), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, NtSetIoCompletion(h1, (PVOID)5, NULL, 0, 0), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, NtRemoveIoCompletion(h2, &key, &ctx, &iosb, &Zero), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, key, (PVOID)5);
    NtClose(h1);
    NtClose(h2);
    KT_EXPECT_EQ(t, NtOpenIoCompletion(&h2, IO_COMPLETION_ALL_ACCESS, &oa),
                 STATUS_OBJECT_NAME_NOT_FOUND);   /* temporary: gone with its last handle */
}

static void io_native_completion_test_wrong_type_and_bad_handle(KTEST *t)
{
    HANDLE ev;
    PVOID key, ctx;
    IO_STATUS_BLOCK iosb;

    KT_ASSERT_EQ(t, ZwCreateEvent(&ev, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, NtSetIoCompletion(ev, NULL, NULL, 0, 0), STATUS_OBJECT_TYPE_MISMATCH);
    KT_EXPECT_EQ(t, NtRemoveIoCompletion(ev, &key, &ctx, &iosb, &Zero), STATUS_OBJECT_TYPE_MISMATCH);
    NtClose(ev);
    KT_EXPECT_EQ(t, NtSetIoCompletion((HANDLE)(ULONG_PTR)0x7FF0, NULL, NULL, 0, 0),
                 STATUS_INVALID_HANDLE);
}

static void io_native_completion_test_user_mode_probes_and_access(KTEST *t)
{
    HANDLE h = NULL, ro = NULL, kh;
    PVOID key = NULL, ctx = NULL;
    IO_STATUS_BLOCK iosb;
    IO_COMPLETION_BASIC_INFORMATION info;
    OBJECT_ATTRIBUTES oa;
    UCHAR raw[16];
    UNICODE_STRING badName = { 8, 8, IO_TEST_KERNEL_ADDRESS };

    /* Handles: a bad place to return one, a misaligned one. */
    KT_EXPECT_EQ(t, NT_SYSCALL(NtCreateIoCompletion(NULL, IO_COMPLETION_ALL_ACCESS, NULL, 0)),
                 STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtCreateIoCompletion((PHANDLE)IO_TEST_KERNEL_ADDRESS,
                                                 IO_COMPLETION_ALL_ACCESS, NULL, 0)),
                 STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtCreateIoCompletion((PHANDLE)(raw + 1), IO_COMPLETION_ALL_ACCESS,
                                                 NULL, 0)),
                 STATUS_DATATYPE_MISALIGNMENT);
    /* Object attributes: kernel pointer, bad length, name buffer in kernel space. */
    KT_EXPECT_EQ(t, NT_SYSCALL(NtCreateIoCompletion(&h, IO_COMPLETION_ALL_ACCESS,
                                                 (POBJECT_ATTRIBUTES)IO_TEST_KERNEL_ADDRESS, 0)),
                 STATUS_ACCESS_VIOLATION);
    InitializeObjectAttributes(&oa, NULL, 0, NULL, NULL);
    oa.Length = 3;
    KT_EXPECT_EQ(t, NT_SYSCALL(NtCreateIoCompletion(&h, IO_COMPLETION_ALL_ACCESS, &oa, 0)),
                 STATUS_INVALID_PARAMETER);
    InitializeObjectAttributes(&oa, &badName, 0, NULL, NULL);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtCreateIoCompletion(&h, IO_COMPLETION_ALL_ACCESS, &oa, 0)),
                 STATUS_ACCESS_VIOLATION);

    KT_ASSERT_EQ(t, NT_SYSCALL(NtCreateIoCompletion(&h, IO_COMPLETION_ALL_ACCESS, NULL, 0)),
                 STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, (LONG_PTR)h > 0);                     /* a process (user) handle */
    KT_EXPECT_EQ(t, NT_SYSCALL(NtSetIoCompletion(h, (PVOID)1, (PVOID)2, STATUS_SUCCESS, 3)),
                 STATUS_SUCCESS);
    /* Output pointers are probed before anything is dequeued. */
    KT_EXPECT_EQ(t, NT_SYSCALL(NtRemoveIoCompletion(h, IO_TEST_KERNEL_ADDRESS, &ctx, &iosb, &Zero)),
                 STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtRemoveIoCompletion(h, &key, &ctx, NULL, &Zero)),
                 STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtRemoveIoCompletion(h, &key, &ctx, &iosb,
                                                 (PLARGE_INTEGER)IO_TEST_KERNEL_ADDRESS)),
                 STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtQueryIoCompletion(h, IoCompletionBasicInformation, &info,
                                                sizeof(info), NULL)),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, info.Depth, 1);                         /* still queued */
    KT_EXPECT_EQ(t, NT_SYSCALL(NtQueryIoCompletion(h, IoCompletionBasicInformation, &info, 8, NULL)),
                 STATUS_INFO_LENGTH_MISMATCH);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtQueryIoCompletion(h, IoCompletionBasicInformation,
                                                IO_TEST_KERNEL_ADDRESS, sizeof(info), NULL)),
                 STATUS_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtRemoveIoCompletion(h, &key, &ctx, &iosb, &Zero)), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, ctx, (PVOID)2);
    KT_EXPECT_EQ(t, iosb.Information, 3);

    /* Access: a query-only handle can neither post nor dequeue from user mode. */
    {
        PVOID port;
        KT_ASSERT_EQ(t, ObReferenceObjectByHandle(h, 0, NULL, KernelMode, &port, NULL),
                     STATUS_SUCCESS);
        KT_ASSERT_EQ(t, ObOpenObjectByPointer(port, 0, NULL, IO_COMPLETION_QUERY_STATE, NULL,
                                              UserMode, &ro),
                     STATUS_SUCCESS);
        ObDereferenceObject(port);
    }
    KT_EXPECT_EQ(t, NT_SYSCALL(NtSetIoCompletion(ro, NULL, NULL, 0, 0)), STATUS_ACCESS_DENIED);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtRemoveIoCompletion(ro, &key, &ctx, &iosb, &Zero)),
                 STATUS_ACCESS_DENIED);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtQueryIoCompletion(ro, IoCompletionBasicInformation, &info,
                                                sizeof(info), NULL)),
                 STATUS_SUCCESS);
    /* A kernel handle is invalid for a user-mode caller. */
    InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    KT_ASSERT_EQ(t, NtCreateIoCompletion(&kh, IO_COMPLETION_ALL_ACCESS, &oa, 0), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, (LONG_PTR)kh < 0);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtSetIoCompletion(kh, NULL, NULL, 0, 0)), STATUS_INVALID_HANDLE);
    NtClose(kh);
    NtClose(ro);
    NtClose(h);
}

typedef struct _WAITER {
    HANDLE Port;
    NTSTATUS Status;
} WAITER;

static VOID NTAPI Waiter(PVOID Context)
{
    WAITER *w = Context;
    PVOID key, ctx;
    IO_STATUS_BLOCK iosb;
    w->Status = NtRemoveIoCompletion(w->Port, &key, &ctx, &iosb, NULL);
}

static void io_native_completion_test_last_close_abandons_waiters(KTEST *t)
{
    WAITER w = { .Status = STATUS_PENDING };
    HANDLE th;
    PVOID obj, port;
    PRKQUEUE q;

    w.Port = CreatePort(t, 1);
    KT_ASSERT_EQ(t, ObReferenceObjectByHandle(w.Port, 0, NULL, KernelMode, &port, NULL),
                 STATUS_SUCCESS);
    q = port;
    /* This thread runs for the port (limit 1), so a posted packet stays queued. */
    {
        PVOID key, ctx;
        IO_STATUS_BLOCK iosb;
        KT_EXPECT_EQ(t, NtRemoveIoCompletion(w.Port, &key, &ctx, &iosb, &Zero), STATUS_TIMEOUT);
    }
    KT_ASSERT_EQ(t, PsCreateSystemThread(&th, THREAD_ALL_ACCESS, NULL, NULL, NULL, Waiter, &w),
                 STATUS_SUCCESS);
    /* Until the waiter is associated with the queue too (it waits: the queue is empty). */
    for (;;) {
        BOOLEAN waiting;
        LARGE_INTEGER tick = { .QuadPart = -1000 };
        KiAcquireDispatcherLock();
        waiting = q->ThreadListHead.Flink->Flink != &q->ThreadListHead &&
                  q->ThreadListHead.Flink != &q->ThreadListHead;
        KiReleaseDispatcherLock();
        if (waiting)
            break;
        KeDelayExecutionThread(KernelMode, FALSE, &tick);
    }
    KT_EXPECT_EQ(t, NtSetIoCompletion(w.Port, NULL, NULL, 0, 0), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, KeReadStateQueue(q), 1);         /* queued, freed by the rundown */
    KT_EXPECT_EQ(t, NtClose(w.Port), STATUS_SUCCESS);
    ObReferenceObjectByHandle(th, SYNCHRONIZE, NULL, KernelMode, &obj, NULL);
    KeWaitForSingleObject(obj, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(obj);
    NtClose(th);
    KT_EXPECT_EQ(t, w.Status, STATUS_ABANDONED);
    ObDereferenceObject(port);
}

static volatile LONG ApcRan;

static VOID NTAPI CountApc(PVOID A1, PVOID A2, PVOID A3)
{
    UNREFERENCED_PARAMETER(A1);
    UNREFERENCED_PARAMETER(A2);
    UNREFERENCED_PARAMETER(A3);
    ApcRan++;
}

static void io_native_completion_test_alertable_remove_runs_apcs(KTEST *t)
{
    HANDLE h = CreatePort(t, 1);
    FILE_IO_COMPLETION_INFORMATION entries[2];
    ULONG n = 99;

    ApcRan = 0;
    KT_ASSERT_EQ(t, NT_SYSCALL(NtQueueApcThread(NtCurrentThread(), CountApc, NULL, NULL, NULL)),
                 STATUS_SUCCESS);
    /* Not alertable: the APC waits; a poll times out. */
    KT_EXPECT_EQ(t, NT_SYSCALL(NtRemoveIoCompletionEx(h, entries, 2, &n, &Zero, FALSE)),
                 STATUS_TIMEOUT);
    KT_EXPECT_EQ(t, ApcRan, 0);
    /* Alertable and empty: the APC ends the wait and runs on the way out. */
    KT_EXPECT_EQ(t, NT_SYSCALL(NtRemoveIoCompletionEx(h, entries, 2, &n, NULL, TRUE)),
                 STATUS_USER_APC);
    KT_EXPECT_EQ(t, ApcRan, 1);
    KT_EXPECT_EQ(t, n, 0);
    /* A packet wins over a queued APC. */
    KT_ASSERT_EQ(t, NT_SYSCALL(NtQueueApcThread(NtCurrentThread(), CountApc, NULL, NULL, NULL)),
                 STATUS_SUCCESS);
    NtSetIoCompletion(h, (PVOID)3, NULL, 0, 0);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtRemoveIoCompletionEx(h, entries, 2, &n, NULL, TRUE)),
                 STATUS_SUCCESS);
    KT_EXPECT_EQ(t, n, 1);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtTestAlert()), STATUS_USER_APC);   /* the APC still queued */
    KT_EXPECT_EQ(t, ApcRan, 2);
    NtClose(h);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(io_native_completion_test_post_and_remove_in_order),
    KTEST_CASE_ENTRY(io_native_completion_test_remove_ex_takes_several),
    KTEST_CASE_ENTRY(io_native_completion_test_named_open),
    KTEST_CASE_ENTRY(io_native_completion_test_wrong_type_and_bad_handle),
    KTEST_CASE_ENTRY(io_native_completion_test_user_mode_probes_and_access),
    KTEST_CASE_ENTRY(io_native_completion_test_last_close_abandons_waiters),
    KTEST_CASE_ENTRY(io_native_completion_test_alertable_remove_runs_apcs),
    { 0 }
};
KTEST_SUITE(io_native_completion, cases);
