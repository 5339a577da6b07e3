/*
 * PURPOSE: Tests for event objects with names and handles (src/ex/event.c).
 */
#include <ntddk.h>
#include "ktest.h"

static void ex_event_test_create_and_reference_by_handle(KTEST *t)
{
    HANDLE h;
    PKEVENT e = NULL;
    LARGE_INTEGER zero = { 0 };

    KT_ASSERT_EQ(t, ZwCreateEvent(&h, EVENT_ALL_ACCESS, NULL, SynchronizationEvent, FALSE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(t, ObReferenceObjectByHandle(h, EVENT_MODIFY_STATE, *ExEventObjectType,
                                              KernelMode, (PVOID *)&e, NULL), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, KeReadStateEvent(e), 0);
    KeSetEvent(e, 0, FALSE);
    KT_EXPECT_EQ(t, KeWaitForSingleObject(e, Executive, KernelMode, FALSE, &zero), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, KeReadStateEvent(e), 0);            /* synchronization: consumed */
    ObDereferenceObject(e);
    KT_EXPECT_EQ(t, ZwClose(h), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, ZwCreateEvent(&h, EVENT_ALL_ACCESS, NULL, (EVENT_TYPE)7, FALSE),
                 STATUS_INVALID_PARAMETER);
}

static void ex_event_test_named_notification_event(KTEST *t)
{
    DECLARE_CONST_UNICODE_STRING(name, L"\\BaseNamedObjects\\KmodeTestEvent");
    HANDLE h1, h2;
    PKEVENT e1, e2;

    e1 = IoCreateNotificationEvent((PUNICODE_STRING)&name, &h1);
    KT_ASSERT_TRUE(t, e1 != NULL);
    KT_EXPECT_EQ(t, KeReadStateEvent(e1), 1);           /* created signaled */
    KeClearEvent(e1);
    e2 = IoCreateNotificationEvent((PUNICODE_STRING)&name, &h2);   /* opens the same one */
    KT_EXPECT_PTR_EQ(t, e2, e1);
    KT_EXPECT_EQ(t, KeReadStateEvent(e2), 0);           /* an existing event keeps its state */
    KT_EXPECT_TRUE(t, (ULONG_PTR)h1 & 0x80000000);      /* kernel handles */
    ZwClose(h2);
    ZwClose(h1);
}

static void ex_event_test_named_synchronization_event(KTEST *t)
{
    DECLARE_CONST_UNICODE_STRING(name, L"\\BaseNamedObjects\\KmodeTestSyncEvent");
    HANDLE h;
    PKEVENT e = IoCreateSynchronizationEvent((PUNICODE_STRING)&name, &h);
    LARGE_INTEGER zero = { 0 };

    KT_ASSERT_TRUE(t, e != NULL);
    KT_EXPECT_EQ(t, KeWaitForSingleObject(e, Executive, KernelMode, FALSE, &zero), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, KeWaitForSingleObject(e, Executive, KernelMode, FALSE, &zero), STATUS_TIMEOUT);
    ZwClose(h);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ex_event_test_create_and_reference_by_handle),
    KTEST_CASE_ENTRY(ex_event_test_named_notification_event),
    KTEST_CASE_ENTRY(ex_event_test_named_synchronization_event),
    { 0 },
};
KTEST_SUITE(ex_event, cases);
