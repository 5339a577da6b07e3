/*
 * PURPOSE: Runtime-mode test of the Win32 side's internal interface: process
 * initialization is optional and idempotent, and the native layer keeps the previous mode.
 */
#include <internal/win32.h>
#include "ktest.h"

static void win32_base_internal_test_initialize_process_idempotent(KTEST *t)
{
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\BaseNamedObjects\\Global");
    HANDLE Link;

    Win32pInitializeProcess();
    Win32pInitializeProcess();
    KT_EXPECT_TRUE(t, NtpGetMutantObjectType() != NULL);
    InitializeObjectAttributes(&Attributes, &Name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    KT_ASSERT_EQ(t, ZwOpenSymbolicLinkObject(&Link, SYMBOLIC_LINK_QUERY, &Attributes), STATUS_SUCCESS);
    ZwClose(Link);
}

static void win32_base_internal_test_syscall_sets_user_mode(KTEST *t)
{
    KPROCESSOR_MODE Before = ExGetPreviousMode(), Inside;

    Inside = (KPROCESSOR_MODE)NT_SYSCALL(ExGetPreviousMode());
    KT_EXPECT_EQ(t, Before, KernelMode);
    KT_EXPECT_EQ(t, Inside, UserMode);
    KT_EXPECT_EQ(t, ExGetPreviousMode(), KernelMode);
}

static void win32_base_internal_test_user_mode_refuses_kernel_handles(KTEST *t)
{
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Kernel = NULL, User = NULL;
    LONG Previous = -1;

    InitializeObjectAttributes(&Attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    KT_ASSERT_EQ(t, NtCreateEvent(&Kernel, EVENT_ALL_ACCESS, &Attributes, NotificationEvent, FALSE),
                 STATUS_SUCCESS);   /* a kernel caller: a kernel handle */
    KT_EXPECT_TRUE(t, (LONG_PTR)Kernel < 0);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtSetEvent(Kernel, NULL)), STATUS_INVALID_HANDLE);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtClose(Kernel)), STATUS_INVALID_HANDLE);
    KT_EXPECT_EQ(t, NtSetEvent(Kernel, &Previous), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, Previous, 0);
    /* From user mode the same call makes a process-table handle. */
    KT_ASSERT_EQ(t, NT_SYSCALL(NtCreateEvent(&User, EVENT_ALL_ACCESS, &Attributes,
                                             NotificationEvent, TRUE)), STATUS_SUCCESS);
    KT_EXPECT_TRUE(t, (LONG_PTR)User > 0);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtClose(User)), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, NtClose(Kernel), STATUS_SUCCESS);
}

static void win32_base_internal_test_user_apc_queue(KTEST *t)
{
    /* The interface the I/O manager uses for completion routines. */
    extern VOID NTAPI Win32TestApc(PVOID, PVOID, PVOID);
    static volatile LONG Ran;
    KEVENT Never;
    LARGE_INTEGER Zero = { .QuadPart = 0 };
    PVOID Objects[1] = { &Never };

    KeInitializeEvent(&Never, NotificationEvent, FALSE);
    KT_ASSERT_EQ(t, NtpQueueUserApc(KeGetCurrentThread(), Win32TestApc, (PVOID)&Ran, (PVOID)2,
                                    (PVOID)3), STATUS_SUCCESS);
    /* A kernel-mode or non-alertable wait is not interrupted. */
    KT_EXPECT_EQ(t, KeWaitForSingleObject(&Never, Executive, KernelMode, TRUE, &Zero), STATUS_TIMEOUT);
    KT_EXPECT_EQ(t, KeWaitForMultipleObjects(1, Objects, WaitAny, Executive, UserMode, FALSE, &Zero,
                                             NULL), STATUS_TIMEOUT);
    KT_EXPECT_EQ(t, Ran, 0);
    /* An alertable user-mode one is; the APC runs on the way back to user mode. */
    KT_EXPECT_EQ(t, NT_SYSCALL(NtWaitForSingleObject(NtCurrentThread(), TRUE, &Zero)),
                 STATUS_USER_APC);
    KT_EXPECT_EQ(t, Ran, 6);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtTestAlert()), STATUS_SUCCESS);
    KT_ASSERT_EQ(t, NtpQueueUserApc(KeGetCurrentThread(), Win32TestApc, (PVOID)&Ran, (PVOID)1,
                                    (PVOID)1), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, NT_SYSCALL(NtTestAlert()), STATUS_USER_APC);
    KT_EXPECT_EQ(t, Ran, 7);
}

VOID NTAPI Win32TestApc(PVOID Counter, PVOID A, PVOID B)
{
    __atomic_add_fetch((volatile LONG *)Counter, (LONG)(ULONG_PTR)A * (LONG)(ULONG_PTR)B,
                       __ATOMIC_RELAXED);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(win32_base_internal_test_initialize_process_idempotent),
    KTEST_CASE_ENTRY(win32_base_internal_test_syscall_sets_user_mode),
    KTEST_CASE_ENTRY(win32_base_internal_test_user_mode_refuses_kernel_handles),
    KTEST_CASE_ENTRY(win32_base_internal_test_user_apc_queue),
    {0}
};
KTEST_SUITE(win32_base_internal, cases);
