/*
 * PURPOSE: Tests for object life cycle and handles (src/ob/obref.c, obhandle.c) through a
 * test-only object type made with the internal API: reference counting, the delete
 * procedure, ObReferenceObjectByHandle's checks, handle values, OBJ_OPENIF on insert, case
 * sensitivity, parse procedures, deferred deletion and a multi-threaded stress.
 */
#include <internal/ob.h>
#include <pthread.h>
#include <string.h>
#include "ktest.h"

#define ST(t, expr, status) KT_EXPECT_EQ(t, (expr), (status))

#define TEST_QUERY  0x0001
#define TEST_MODIFY 0x0002
#define TEST_ALL    (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x3)
#define TEST_TAG    0x74736554U /* "Test" */

typedef struct _TEST_OBJECT {
    ULONG Magic;
    volatile LONG *DeleteCounter;   /* incremented by the delete procedure */
    volatile LONG *CloseCounter;
    volatile LONG_PTR *LastRemaining;
} TEST_OBJECT, *PTEST_OBJECT;

static POBJECT_TYPE TestType;       /* case-insensitive */
static POBJECT_TYPE TestSensitiveType;
static POBJECT_TYPE TestParseType;

static VOID TestDelete(PVOID Object)
{
    PTEST_OBJECT o = Object;
    if (o->DeleteCounter != NULL)
        __atomic_fetch_add(o->DeleteCounter, 1, __ATOMIC_SEQ_CST);
}

static VOID TestClose(PVOID Object, ACCESS_MASK Granted, LONG_PTR Remaining)
{
    PTEST_OBJECT o = Object;
    (void)Granted;
    if (o->CloseCounter != NULL)
        __atomic_fetch_add(o->CloseCounter, 1, __ATOMIC_SEQ_CST);
    if (o->LastRemaining != NULL)
        *o->LastRemaining = Remaining;
}

/* Parses "\Child" below the object into a fresh unnamed test object; else not found. */
static NTSTATUS TestParse(PVOID Object, POBJECT_TYPE RequestedType, ACCESS_MASK DesiredAccess,
                          KPROCESSOR_MODE AccessMode, ULONG Attributes,
                          PCUNICODE_STRING RemainingName, PVOID ParseContext, PVOID *Result)
{
    UNICODE_STRING child = RTL_CONSTANT_STRING(L"\\Child");
    PTEST_OBJECT o;
    NTSTATUS st;
    (void)Object; (void)RequestedType; (void)DesiredAccess; (void)Attributes;
    if (ParseContext != NULL)
        *(PVOID *)ParseContext = Object;
    if (RemainingName->Length == 0) {
        ObReferenceObject(Object);
        *Result = Object;
        return STATUS_SUCCESS;
    }
    if (!RtlEqualUnicodeString(RemainingName, &child, TRUE))
        return STATUS_OBJECT_NAME_NOT_FOUND;
    st = ObpCreateObject(TestType, NULL, AccessMode, sizeof(TEST_OBJECT), (PVOID *)&o);
    if (!NT_SUCCESS(st))
        return st;
    o->Magic = 0xC41D;
    *Result = o;
    return STATUS_SUCCESS;
}

static void EnsureTypes(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    void make(void);
    pthread_once(&once, make);
}

void make(void)
{
    OBP_TYPE_INITIALIZER init;
    UNICODE_STRING name;
    memset(&init, 0, sizeof(init));
    init.ValidAccessMask = TEST_ALL;
    init.GenericMapping.GenericRead = STANDARD_RIGHTS_READ | TEST_QUERY;
    init.GenericMapping.GenericWrite = STANDARD_RIGHTS_WRITE | TEST_MODIFY;
    init.GenericMapping.GenericExecute = STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE;
    init.GenericMapping.GenericAll = TEST_ALL;
    init.PoolType = NonPagedPoolNx;
    init.CaseInsensitive = TRUE;
    init.DeleteProcedure = TestDelete;
    init.CloseProcedure = TestClose;
    RtlInitUnicodeString(&name, L"KmodeTest");
    ObpCreateObjectType(&name, &init, &TestType);
    init.CaseInsensitive = FALSE;
    RtlInitUnicodeString(&name, L"KmodeTestCaseSensitive");
    ObpCreateObjectType(&name, &init, &TestSensitiveType);
    init.CaseInsensitive = TRUE;
    init.ParseProcedure = TestParse;
    RtlInitUnicodeString(&name, L"KmodeTestParse");
    ObpCreateObjectType(&name, &init, &TestParseType);
}

static PTEST_OBJECT NewObject(KTEST *t, POBJECT_TYPE Type, POBJECT_ATTRIBUTES Oa,
                              volatile LONG *Deletes)
{
    PTEST_OBJECT o = NULL;
    EnsureTypes();
    ST(t, ObpCreateObject(Type, Oa, KernelMode, sizeof(TEST_OBJECT), (PVOID *)&o), STATUS_SUCCESS);
    if (o != NULL) {
        o->Magic = 0x0B1EC7;
        o->DeleteCounter = Deletes;
    }
    return o;
}

/* ---- types --------------------------------------------------------------------------- */

static void ob_objects_test_type_creation(KTEST *t)
{
    OBP_TYPE_INITIALIZER init;
    UNICODE_STRING name;
    POBJECT_TYPE type = (POBJECT_TYPE)1;
    EnsureTypes();
    KT_ASSERT_TRUE(t, TestType != NULL && TestSensitiveType != NULL && TestParseType != NULL);
    memset(&init, 0, sizeof(init));
    RtlInitUnicodeString(&name, L"kmodetest"); /* type names ignore case */
    ST(t, ObpCreateObjectType(&name, &init, &type), STATUS_OBJECT_NAME_COLLISION);
    KT_EXPECT_PTR_EQ(t, type, NULL);
    RtlInitUnicodeString(&name, L"Bad\\Name");
    ST(t, ObpCreateObjectType(&name, &init, &type), STATUS_OBJECT_NAME_INVALID);
    KT_EXPECT_PTR_EQ(t, ObpGetObjectType(TestType), ObpTypeObjectType);
    KT_EXPECT_PTR_EQ(t, ObpGetObjectType(ObpTypeObjectType), ObpTypeObjectType);
}

/* ---- references ---------------------------------------------------------------------- */

static void ob_objects_test_delete_once_at_last_dereference(KTEST *t)
{
    volatile LONG deletes = 0;
    PTEST_OBJECT o = NewObject(t, TestType, NULL, &deletes);
    KT_ASSERT_TRUE(t, o != NULL);
    KT_EXPECT_EQ(t, ObpGetPointerCount(o), 1);
    KT_EXPECT_EQ(t, ObReferenceObject(o), 2);
    ObReferenceObjectWithTag(o, TEST_TAG);
    ST(t, ObReferenceObjectByPointer(o, 0, TestType, KernelMode), STATUS_SUCCESS);
    ST(t, ObReferenceObjectByPointerWithTag(o, 0, NULL, UserMode, TEST_TAG), STATUS_SUCCESS);
    ST(t, ObReferenceObjectByPointer(o, 0, TestSensitiveType, KernelMode),
       STATUS_OBJECT_TYPE_MISMATCH);
    KT_EXPECT_EQ(t, ObpGetPointerCount(o), 5);
    KT_EXPECT_EQ(t, ObDereferenceObject(o), 4);
    ObDereferenceObjectWithTag(o, TEST_TAG);
    ObDereferenceObject(o);
    ObDereferenceObject(o);
    KT_EXPECT_EQ(t, deletes, 0);
    ObDereferenceObject(o);
    KT_EXPECT_EQ(t, deletes, 1);
}

static void ob_objects_test_defer_delete_runs_elsewhere(KTEST *t)
{
    volatile LONG deletes = 0;
    PTEST_OBJECT o = NewObject(t, TestType, NULL, &deletes);
    PTEST_OBJECT p = NewObject(t, TestType, NULL, &deletes);
    KT_ASSERT_TRUE(t, o != NULL && p != NULL);
    ObReferenceObject(o);
    ObDereferenceObjectDeferDelete(o); /* not the last: nothing happens */
    KT_EXPECT_EQ(t, ObpGetPointerCount(o), 1);
    ObDereferenceObjectDeferDelete(o);
    ObDereferenceObjectDeferDeleteWithTag(p, TEST_TAG);
    ObpFlushDeferredDeletes();
    KT_EXPECT_EQ(t, deletes, 2);
}

static void ob_objects_test_create_rejects_bad_attributes(KTEST *t)
{
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\KernelObjects\\X");
    PVOID o = (PVOID)1;
    EnsureTypes();
    InitializeObjectAttributes(&oa, &name, 0x00010000, NULL, NULL);
    ST(t, ObpCreateObject(TestType, &oa, KernelMode, 8, &o), STATUS_INVALID_PARAMETER);
    KT_EXPECT_PTR_EQ(t, o, NULL);
    InitializeObjectAttributes(&oa, &name, 0, NULL, NULL);
    oa.Length = 4;
    ST(t, ObpCreateObject(TestType, &oa, KernelMode, 8, &o), STATUS_INVALID_PARAMETER);
    InitializeObjectAttributes(&oa, &name, 0, NULL, NULL);
    name.Length = 5;
    ST(t, ObpCreateObject(TestType, &oa, KernelMode, 8, &o), STATUS_OBJECT_NAME_INVALID);
}

/* ---- handles ------------------------------------------------------------------------- */

static void ob_objects_test_handle_lookup_checks(KTEST *t)
{
    volatile LONG deletes = 0;
    PTEST_OBJECT o = NewObject(t, TestType, NULL, &deletes), got;
    OBJECT_HANDLE_INFORMATION info;
    HANDLE user, kernel;

    KT_ASSERT_TRUE(t, o != NULL);
    ObReferenceObject(o);
    ST(t, ObpInsertObject(o, TEST_QUERY, KernelMode, NULL, &user), STATUS_SUCCESS);
    ST(t, ObpCreateHandle(o, GENERIC_ALL, OBJ_KERNEL_HANDLE, KernelMode, &kernel), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, ObpGetHandleCount(o), 2);

    /* Right type, right access, from user mode. */
    got = (PVOID)1;
    ST(t, ObReferenceObjectByHandle(user, TEST_QUERY, TestType, UserMode, (PVOID *)&got, &info),
       STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, got, o);
    KT_EXPECT_EQ(t, info.GrantedAccess, TEST_QUERY);
    KT_EXPECT_EQ(t, info.HandleAttributes, 0);
    ObDereferenceObject(got);
    /* Type mismatch comes before the access check. */
    ST(t, ObReferenceObjectByHandle(user, TEST_MODIFY, TestSensitiveType, UserMode,
                                    (PVOID *)&got, NULL), STATUS_OBJECT_TYPE_MISMATCH);
    KT_EXPECT_PTR_EQ(t, got, NULL);
    /* Access not granted to the handle: denied from user mode, ignored from kernel mode. */
    ST(t, ObReferenceObjectByHandle(user, TEST_MODIFY, TestType, UserMode, (PVOID *)&got, NULL),
       STATUS_ACCESS_DENIED);
    KT_EXPECT_PTR_EQ(t, got, NULL);
    ST(t, ObReferenceObjectByHandleWithTag(user, TEST_MODIFY, TestType, KernelMode, TEST_TAG,
                                           (PVOID *)&got, NULL), STATUS_SUCCESS);
    ObDereferenceObjectWithTag(got, TEST_TAG);
    /* Generic rights are not mapped at reference time (only at handle creation). */
    ST(t, ObReferenceObjectByHandle(user, GENERIC_READ, TestType, UserMode, (PVOID *)&got, NULL),
       STATUS_ACCESS_DENIED);
    /* The kernel handle: GENERIC_ALL became every valid right; invisible to user mode. */
    ST(t, ObReferenceObjectByHandle(kernel, TEST_MODIFY, TestType, KernelMode, (PVOID *)&got,
                                    &info), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, info.GrantedAccess, TEST_ALL);
    ObDereferenceObject(got);
    ST(t, ObReferenceObjectByHandle(kernel, 0, TestType, UserMode, (PVOID *)&got, NULL),
       STATUS_INVALID_HANDLE);
    ST(t, ZwClose(kernel), STATUS_SUCCESS);
    ST(t, ObReferenceObjectByHandle(kernel, 0, TestType, KernelMode, (PVOID *)&got, NULL),
       STATUS_INVALID_HANDLE);
    ST(t, ObReferenceObjectByHandle(NULL, 0, NULL, KernelMode, (PVOID *)&got, NULL),
       STATUS_INVALID_HANDLE);
    /* A pseudo-handle names the current thread (src/ps), not an object of TestType. */
    ST(t, ObReferenceObjectByHandle(NtCurrentThread(), 0, TestType, KernelMode, (PVOID *)&got,
                                    NULL),
       STATUS_OBJECT_TYPE_MISMATCH);
    ST(t, ZwClose(user), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, ObpGetHandleCount(o), 0);
    KT_EXPECT_EQ(t, deletes, 0);
    ObDereferenceObject(o);
    KT_EXPECT_EQ(t, deletes, 1);
}

static void ob_objects_test_handle_values(KTEST *t)
{
    volatile LONG deletes = 0;
    PTEST_OBJECT o = NewObject(t, TestType, NULL, &deletes), got;
    HANDLE h[4], again;

    KT_ASSERT_TRUE(t, o != NULL);
    for (int i = 0; i < 4; i++) {
        ST(t, ObpCreateHandle(o, TEST_QUERY, OBJ_KERNEL_HANDLE, KernelMode, &h[i]), STATUS_SUCCESS);
        KT_EXPECT_EQ(t, (ULONG_PTR)h[i] & 3, 0);
        KT_EXPECT_EQ(t, (ULONG_PTR)h[i] & 0xFFFFFFFF80000000ULL, 0xFFFFFFFF80000000ULL);
        for (int j = 0; j < i; j++)
            KT_EXPECT_NE(t, (ULONG_PTR)h[i], (ULONG_PTR)h[j]);
    }
    /* The low two bits are tag bits: ignored by the lookup, as on Windows. */
    ST(t, ObReferenceObjectByHandle((HANDLE)((ULONG_PTR)h[1] | 3), 0, TestType, KernelMode,
                                    (PVOID *)&got, NULL), STATUS_SUCCESS);
    ObDereferenceObject(got);
    /* A freed value is the next one handed out (most recently freed first). */
    ST(t, ZwClose(h[1]), STATUS_SUCCESS);
    ST(t, ZwClose(h[2]), STATUS_SUCCESS);
    ST(t, ObpCreateHandle(o, TEST_QUERY, OBJ_KERNEL_HANDLE, KernelMode, &again), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, again, h[2]);
    ST(t, ObpCreateHandle(o, TEST_QUERY, OBJ_KERNEL_HANDLE, KernelMode, &h[2]), STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, h[2], h[1]);
    ZwClose(again);
    ZwClose(h[0]);
    ZwClose(h[2]);
    ZwClose(h[3]);
    KT_EXPECT_EQ(t, deletes, 0); /* the creation reference is still held */
    ObDereferenceObject(o);
    KT_EXPECT_EQ(t, deletes, 1);
}

/* Values that name no entry, whichever path (the lookup's fast path or its complete path)
   decodes them: every one is STATUS_INVALID_HANDLE with *Object NULL and the handle
   information untouched; the valid neighbours resolve with every output written. */
static void ob_objects_test_handle_value_decoding(KTEST *t)
{
    static const ULONG_PTR Bad[] = {
        0, 1, 2, 3,                                 /* handle 0 and its tag bits */
        (1ULL << 26) + 4,                           /* index 2^24: past the table's limit */
        0x100000004ULL,                             /* bits above the user range */
        0x8000000000000004ULL,                      /* negative, not a kernel handle */
        0xFFFFFFFF80000000ULL, 0xFFFFFFFF80000003ULL, /* kernel handle 0 */
        0xFFFFFFFF80000000ULL + (1ULL << 26) + 4,   /* kernel index 2^24 */
        0x7FFFFFFCULL,                              /* a page never allocated */
    };
    volatile LONG deletes = 0;
    PTEST_OBJECT o = NewObject(t, TestType, NULL, &deletes);
    OBJECT_HANDLE_INFORMATION info;
    HANDLE user, kernel, spare;
    PVOID got;

    KT_ASSERT_TRUE(t, o != NULL);
    ST(t, ObpCreateHandle(o, TEST_ALL, OBJ_INHERIT, KernelMode, &user), STATUS_SUCCESS);
    ST(t, ObpCreateHandle(o, TEST_QUERY, OBJ_KERNEL_HANDLE, KernelMode, &kernel), STATUS_SUCCESS);
    for (SIZE_T i = 0; i < RTL_NUMBER_OF(Bad); i++) {
        for (int mode = KernelMode; mode <= UserMode; mode++) {
            got = (PVOID)1;
            info.HandleAttributes = 0xAAAA;
            info.GrantedAccess = 0xBBBB;
            ST(t, ObReferenceObjectByHandle((HANDLE)Bad[i], 0, NULL, (KPROCESSOR_MODE)mode, &got,
                                            &info), STATUS_INVALID_HANDLE);
            KT_EXPECT_PTR_EQ(t, got, NULL);
            KT_EXPECT_EQ(t, info.HandleAttributes, 0xAAAA);
            KT_EXPECT_EQ(t, info.GrantedAccess, 0xBBBB);
        }
    }
    /* A free entry of an allocated page: a closed handle. */
    ST(t, ObpCreateHandle(o, 0, 0, KernelMode, &spare), STATUS_SUCCESS);
    ST(t, ZwClose(spare), STATUS_SUCCESS);
    ST(t, ObReferenceObjectByHandle(spare, 0, TestType, UserMode, &got, NULL),
       STATUS_INVALID_HANDLE);
    KT_EXPECT_PTR_EQ(t, got, NULL);
    /* The user handle from both modes, with and without a type, access and information. */
    for (int mode = KernelMode; mode <= UserMode; mode++) {
        got = NULL;
        ST(t, ObReferenceObjectByHandle((HANDLE)((ULONG_PTR)user | 2), TEST_MODIFY, TestType,
                                        (KPROCESSOR_MODE)mode, &got, &info), STATUS_SUCCESS);
        KT_EXPECT_PTR_EQ(t, got, o);
        KT_EXPECT_EQ(t, info.HandleAttributes, OBJ_INHERIT);
        KT_EXPECT_EQ(t, info.GrantedAccess, TEST_ALL);
        ObDereferenceObject(got);
        got = NULL;
        ST(t, ObReferenceObjectByHandle(user, 0, NULL, (KPROCESSOR_MODE)mode, &got, NULL),
           STATUS_SUCCESS);
        KT_EXPECT_PTR_EQ(t, got, o);
        ObDereferenceObject(got);
    }
    /* The kernel handle: kernel mode only; its access is not checked there. */
    ST(t, ObReferenceObjectByHandle(kernel, TEST_MODIFY, TestType, KernelMode, &got, &info),
       STATUS_SUCCESS);
    KT_EXPECT_EQ(t, info.HandleAttributes, 0);
    KT_EXPECT_EQ(t, info.GrantedAccess, TEST_QUERY);
    ObDereferenceObject(got);
    ST(t, ObReferenceObjectByHandle(kernel, 0, TestType, UserMode, &got, &info),
       STATUS_INVALID_HANDLE);
    /* Errors on an open entry leave it usable and its references balanced. */
    ST(t, ObReferenceObjectByHandle(kernel, 0, TestSensitiveType, KernelMode, &got, NULL),
       STATUS_OBJECT_TYPE_MISMATCH);
    ST(t, ObReferenceObjectByHandle(user, GENERIC_ALL, TestType, UserMode, &got, NULL),
       STATUS_ACCESS_DENIED);
    KT_EXPECT_EQ(t, ObpGetPointerCount(o), 3);   /* creation + two handles */
    ST(t, ZwClose(kernel), STATUS_SUCCESS);
    ST(t, ZwClose(user), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, deletes, 0);
    ObDereferenceObject(o);
    KT_EXPECT_EQ(t, deletes, 1);
}

static void ob_objects_test_protected_handle_and_close_procedure(KTEST *t)
{
    volatile LONG deletes = 0, closes = 0;
    volatile LONG_PTR remaining = -1;
    PTEST_OBJECT o = NewObject(t, TestType, NULL, &deletes);
    OBJECT_HANDLE_INFORMATION info;
    HANDLE a, b;
    PVOID got;

    KT_ASSERT_TRUE(t, o != NULL);
    o->CloseCounter = &closes;
    o->LastRemaining = &remaining;
    ST(t, ObpInsertObject(o, TEST_ALL, KernelMode, NULL, &a), STATUS_SUCCESS);
    ST(t, ObpCreateHandle(o, TEST_ALL, OBJ_INHERIT, KernelMode, &b), STATUS_SUCCESS);
    ST(t, ObpSetHandleAttributes(a, OBJ_PROTECT_CLOSE, KernelMode), STATUS_SUCCESS);
    ST(t, ObReferenceObjectByHandle(a, 0, NULL, KernelMode, &got, &info), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, info.HandleAttributes, OBJ_PROTECT_CLOSE);
    ObDereferenceObject(got);
    ST(t, ObReferenceObjectByHandle(b, 0, NULL, KernelMode, &got, &info), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, info.HandleAttributes, OBJ_INHERIT);
    ObDereferenceObject(got);
    ST(t, ZwClose(a), STATUS_HANDLE_NOT_CLOSABLE);
    KT_EXPECT_EQ(t, closes, 0);
    ST(t, ZwClose(b), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, closes, 1);
    KT_EXPECT_EQ(t, remaining, 1);
    ST(t, ObpSetHandleAttributes(a, 0, KernelMode), STATUS_SUCCESS);
    ST(t, ObpSetHandleAttributes(a, 0x40, KernelMode), STATUS_INVALID_PARAMETER);
    ST(t, ZwClose(a), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, closes, 2);
    KT_EXPECT_EQ(t, remaining, 0);
    KT_EXPECT_EQ(t, deletes, 1);
    ST(t, ObpSetHandleAttributes(a, 0, KernelMode), STATUS_INVALID_HANDLE);
}

/* ---- insertion and names ------------------------------------------------------------- */

static void ob_objects_test_insert_openif_returns_existing(KTEST *t)
{
    volatile LONG deletes1 = 0, deletes2 = 0;
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\BaseNamedObjects\\ObTestOpenIf");
    OBJECT_ATTRIBUTES oa;
    PTEST_OBJECT first, second, ref = NULL;
    HANDLE h1, h2, h3, h4;

    InitializeObjectAttributes(&oa, &name, OBJ_OPENIF, NULL, NULL);
    first = NewObject(t, TestType, &oa, &deletes1);
    KT_ASSERT_TRUE(t, first != NULL);
    ST(t, ObpInsertObject(first, TEST_ALL, KernelMode, NULL, &h1), STATUS_SUCCESS);
    second = NewObject(t, TestType, &oa, &deletes2);
    KT_ASSERT_TRUE(t, second != NULL);
    ST(t, ObpInsertObject(second, TEST_ALL, KernelMode, (PVOID *)&ref, &h2),
       STATUS_OBJECT_NAME_EXISTS);
    KT_EXPECT_PTR_EQ(t, ref, first);
    KT_EXPECT_EQ(t, deletes2, 1); /* the loser is gone */
    ObDereferenceObject(ref);
    /* Without OBJ_OPENIF: a collision, and the new object is deleted too. */
    InitializeObjectAttributes(&oa, &name, 0, NULL, NULL);
    second = NewObject(t, TestType, &oa, &deletes2);
    KT_ASSERT_TRUE(t, second != NULL);
    ST(t, ObpInsertObject(second, TEST_ALL, KernelMode, NULL, &h3), STATUS_OBJECT_NAME_COLLISION);
    KT_EXPECT_PTR_EQ(t, h3, NULL);
    KT_EXPECT_EQ(t, deletes2, 2);
    /* Opening by name with the type. */
    ST(t, ObpOpenObjectByName(&oa, TestType, KernelMode, TEST_QUERY, NULL, &h3), STATUS_SUCCESS);
    ST(t, ObpOpenObjectByName(&oa, TestSensitiveType, KernelMode, 0, NULL, &h4),
       STATUS_OBJECT_TYPE_MISMATCH);
    KT_EXPECT_PTR_EQ(t, h4, NULL);
    ZwClose(h1);
    ZwClose(h2);
    KT_EXPECT_EQ(t, deletes1, 0);
    ST(t, ObpOpenObjectByName(&oa, TestType, KernelMode, TEST_QUERY, NULL, &h1), STATUS_SUCCESS);
    ZwClose(h1);
    ST(t, ZwClose(h3), STATUS_SUCCESS); /* last handle of h3's open above */
    KT_EXPECT_EQ(t, deletes1, 1);
    ST(t, ObpOpenObjectByName(&oa, TestType, KernelMode, 0, NULL, &h1), STATUS_OBJECT_NAME_NOT_FOUND);
}

static void ob_objects_test_case_sensitive_type(KTEST *t)
{
    volatile LONG deletes = 0;
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\BaseNamedObjects\\ObTestCase");
    UNICODE_STRING upper = RTL_CONSTANT_STRING(L"\\BaseNamedObjects\\OBTESTCASE");
    OBJECT_ATTRIBUTES oa;
    PTEST_OBJECT a, b;
    PVOID got;
    HANDLE ha, hb;

    InitializeObjectAttributes(&oa, &name, 0, NULL, NULL);
    a = NewObject(t, TestSensitiveType, &oa, &deletes);
    KT_ASSERT_TRUE(t, a != NULL);
    ST(t, ObpInsertObject(a, 0, KernelMode, NULL, &ha), STATUS_SUCCESS);
    /* The same letters in another case are another name for a case-sensitive type... */
    InitializeObjectAttributes(&oa, &upper, 0, NULL, NULL);
    ST(t, ObpReferenceObjectByName(&oa, TestSensitiveType, KernelMode, 0, NULL, &got),
       STATUS_OBJECT_NAME_NOT_FOUND);
    b = NewObject(t, TestSensitiveType, &oa, &deletes);
    KT_ASSERT_TRUE(t, b != NULL);
    ST(t, ObpInsertObject(b, 0, KernelMode, NULL, &hb), STATUS_SUCCESS);
    /* ...unless the caller asks for OBJ_CASE_INSENSITIVE, or names no type. */
    InitializeObjectAttributes(&oa, &upper, OBJ_CASE_INSENSITIVE, NULL, NULL);
    ST(t, ObpReferenceObjectByName(&oa, TestSensitiveType, KernelMode, 0, NULL, &got),
       STATUS_SUCCESS);
    ObDereferenceObject(got);
    InitializeObjectAttributes(&oa, &name, 0, NULL, NULL);
    ST(t, ObpReferenceObjectByName(&oa, TestSensitiveType, KernelMode, 0, NULL, &got),
       STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, got, a);
    ObDereferenceObject(got);
    ZwClose(ha);
    ZwClose(hb);
    KT_EXPECT_EQ(t, deletes, 2);
}

static void ob_objects_test_parse_procedure(KTEST *t)
{
    volatile LONG deletes = 0;
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ObTestParse");
    UNICODE_STRING child = RTL_CONSTANT_STRING(L"\\Device\\ObTestParse\\child");
    UNICODE_STRING other = RTL_CONSTANT_STRING(L"\\Device\\ObTestParse\\other");
    UNICODE_STRING viaLink = RTL_CONSTANT_STRING(L"\\??\\ObTestParseLink\\Child");
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(L"\\DosDevices\\ObTestParseLink");
    OBJECT_ATTRIBUTES oa;
    PTEST_OBJECT dev, got;
    PVOID seen = NULL;
    HANDLE hd, hl;

    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE, NULL, NULL);
    dev = NewObject(t, TestParseType, &oa, &deletes);
    KT_ASSERT_TRUE(t, dev != NULL);
    ST(t, ObpInsertObject(dev, 0, KernelMode, NULL, &hd), STATUS_SUCCESS);
    InitializeObjectAttributes(&oa, &child, 0, NULL, NULL);
    ST(t, ObpReferenceObjectByName(&oa, TestType, KernelMode, 0, &seen, (PVOID *)&got),
       STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, seen, dev);
    KT_EXPECT_EQ(t, got->Magic, 0xC41D);
    ObDereferenceObject(got);
    /* The parse result is type-checked like any lookup result. */
    ST(t, ObpReferenceObjectByName(&oa, TestParseType, KernelMode, 0, NULL, (PVOID *)&got),
       STATUS_OBJECT_TYPE_MISMATCH);
    InitializeObjectAttributes(&oa, &other, 0, NULL, NULL);
    ST(t, ObpReferenceObjectByName(&oa, NULL, KernelMode, 0, NULL, (PVOID *)&got),
       STATUS_OBJECT_NAME_NOT_FOUND);
    /* Through a DOS-device link, as \??\C:\file reaches a volume device. */
    InitializeObjectAttributes(&oa, &linkName, OBJ_KERNEL_HANDLE, NULL, NULL);
    ST(t, ZwCreateSymbolicLinkObject(&hl, SYMBOLIC_LINK_ALL_ACCESS, &oa, &name), STATUS_SUCCESS);
    InitializeObjectAttributes(&oa, &viaLink, 0, NULL, NULL);
    ST(t, ObpReferenceObjectByName(&oa, TestType, KernelMode, 0, NULL, (PVOID *)&got),
       STATUS_SUCCESS);
    ObDereferenceObject(got);
    /* Relative to a parsing root object: the parse procedure gets the whole name. */
    UNICODE_STRING rel = RTL_CONSTANT_STRING(L"");
    InitializeObjectAttributes(&oa, &rel, 0, hd, NULL);
    ST(t, ObpReferenceObjectByName(&oa, TestParseType, KernelMode, 0, NULL, (PVOID *)&got),
       STATUS_SUCCESS);
    KT_EXPECT_PTR_EQ(t, got, dev);
    ObDereferenceObject(got);
    ZwClose(hl);
    ZwClose(hd);
    KT_EXPECT_EQ(t, deletes, 1);
}

/* ---- concurrency --------------------------------------------------------------------- */

#define STRESS_THREADS 8
#define STRESS_ROUNDS  20000

typedef struct {
    PTEST_OBJECT Object;
    HANDLE Handle;
    volatile LONG Failures;
} STRESS_CTX;

static void *StressWorker(void *Arg)
{
    STRESS_CTX *c = Arg;
    for (int i = 0; i < STRESS_ROUNDS; i++) {
        PVOID got;
        HANDLE h;
        ObReferenceObject(c->Object);
        if (!NT_SUCCESS(ObReferenceObjectByHandle(c->Handle, 0, TestType, KernelMode, &got, NULL)))
            __atomic_fetch_add(&c->Failures, 1, __ATOMIC_RELAXED);
        else
            ObDereferenceObject(got);
        if ((i & 63) == 0) {
            if (!NT_SUCCESS(ObpCreateHandle(c->Object, 0, OBJ_KERNEL_HANDLE, KernelMode, &h)) ||
                !NT_SUCCESS(ZwClose(h)))
                __atomic_fetch_add(&c->Failures, 1, __ATOMIC_RELAXED);
        }
        if (i & 1)
            ObDereferenceObject(c->Object);
        else
            ObDereferenceObjectDeferDelete(c->Object);
    }
    return NULL;
}

static void ob_objects_test_concurrent_references(KTEST *t)
{
    volatile LONG deletes = 0;
    STRESS_CTX c;
    pthread_t threads[STRESS_THREADS];

    c.Object = NewObject(t, TestType, NULL, &deletes);
    c.Failures = 0;
    KT_ASSERT_TRUE(t, c.Object != NULL);
    ST(t, ObpCreateHandle(c.Object, 0, OBJ_KERNEL_HANDLE, KernelMode, &c.Handle), STATUS_SUCCESS);
    for (int i = 0; i < STRESS_THREADS; i++)
        pthread_create(&threads[i], NULL, StressWorker, &c);
    for (int i = 0; i < STRESS_THREADS; i++)
        pthread_join(threads[i], NULL);
    KT_EXPECT_EQ(t, c.Failures, 0);
    KT_EXPECT_EQ(t, ObpGetPointerCount(c.Object), 2); /* creation + handle */
    KT_EXPECT_EQ(t, ObpGetHandleCount(c.Object), 1);
    KT_EXPECT_EQ(t, deletes, 0);
    ZwClose(c.Handle);
    ObDereferenceObjectDeferDelete(c.Object);
    ObpFlushDeferredDeletes();
    KT_EXPECT_EQ(t, deletes, 1);
}

/* Lookups race with closes of the same handle value: a lookup either gets the object (with a
   reference that keeps it alive) or STATUS_INVALID_HANDLE, never a freed header. */
typedef struct {
    PTEST_OBJECT Object;
    HANDLE volatile Handle;
    volatile LONG Stop;
    volatile LONG Bad;
    volatile LONG Hits;
} CLOSE_RACE_CTX;

static void *CloseRaceLookup(void *Arg)
{
    CLOSE_RACE_CTX *c = Arg;
    while (!__atomic_load_n(&c->Stop, __ATOMIC_ACQUIRE)) {
        PVOID got;
        NTSTATUS st = ObReferenceObjectByHandle(__atomic_load_n(&c->Handle, __ATOMIC_ACQUIRE), 0,
                                                TestType, KernelMode, &got, NULL);
        if (NT_SUCCESS(st)) {
            if (got != c->Object)
                __atomic_fetch_add(&c->Bad, 1, __ATOMIC_RELAXED);
            __atomic_fetch_add(&c->Hits, 1, __ATOMIC_RELAXED);
            ObDereferenceObject(got);
        } else if (st != STATUS_INVALID_HANDLE) {
            __atomic_fetch_add(&c->Bad, 1, __ATOMIC_RELAXED);
        }
    }
    return NULL;
}

static void ob_objects_test_lookup_races_close(KTEST *t)
{
    volatile LONG deletes = 0;
    CLOSE_RACE_CTX c = { 0 };
    pthread_t threads[2];
    HANDLE h;

    c.Object = NewObject(t, TestType, NULL, &deletes);
    KT_ASSERT_TRUE(t, c.Object != NULL);
    ST(t, ObpCreateHandle(c.Object, 0, OBJ_KERNEL_HANDLE, KernelMode, &h), STATUS_SUCCESS);
    c.Handle = h;
    for (int i = 0; i < 2; i++)
        pthread_create(&threads[i], NULL, CloseRaceLookup, &c);
    for (int i = 0; i < 5000; i++) {
        /* The freed entry is reused first, so the value usually stays the same. */
        ST(t, ZwClose(c.Handle), STATUS_SUCCESS);
        ST(t, ObpCreateHandle(c.Object, 0, OBJ_KERNEL_HANDLE, KernelMode, &h), STATUS_SUCCESS);
        __atomic_store_n(&c.Handle, h, __ATOMIC_RELEASE);
    }
    __atomic_store_n(&c.Stop, 1, __ATOMIC_RELEASE);
    for (int i = 0; i < 2; i++)
        pthread_join(threads[i], NULL);
    KT_EXPECT_EQ(t, c.Bad, 0);
    KT_EXPECT_EQ(t, ObpGetHandleCount(c.Object), 1);
    ST(t, ZwClose(c.Handle), STATUS_SUCCESS);
    ObDereferenceObject(c.Object);
    KT_EXPECT_EQ(t, deletes, 1);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(ob_objects_test_type_creation),
    KTEST_CASE_ENTRY(ob_objects_test_delete_once_at_last_dereference),
    KTEST_CASE_ENTRY(ob_objects_test_defer_delete_runs_elsewhere),
    KTEST_CASE_ENTRY(ob_objects_test_create_rejects_bad_attributes),
    KTEST_CASE_ENTRY(ob_objects_test_handle_lookup_checks),
    KTEST_CASE_ENTRY(ob_objects_test_handle_values),
    KTEST_CASE_ENTRY(ob_objects_test_handle_value_decoding),
    KTEST_CASE_ENTRY(ob_objects_test_protected_handle_and_close_procedure),
    KTEST_CASE_ENTRY(ob_objects_test_insert_openif_returns_existing),
    KTEST_CASE_ENTRY(ob_objects_test_case_sensitive_type),
    KTEST_CASE_ENTRY(ob_objects_test_parse_procedure),
    KTEST_CASE_ENTRY(ob_objects_test_concurrent_references),
    KTEST_CASE_ENTRY(ob_objects_test_lookup_races_close),
    {0}
};
KTEST_SUITE(ob_objects, cases);
