/*
 * PURPOSE: Runtime-mode tests for the registry internals (src/cm): access checks with a
 * UserMode previous mode, REG_EXPAND_SZ expansion edge cases, the node reference counting
 * seen through handles, and a multi-threaded smoke test of the one registry lock.
 */
#include <internal/cm.h>
#include <internal/ob.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ktest.h"

#define ST(t, expr, status) KT_EXPECT_EQ(t, (expr), (status))

#define BASE L"\\Registry\\Machine\\Software\\KmCmInternal"

static NTSTATUS CreateAt(PCWSTR Path, HANDLE Root, ULONG Attributes, ACCESS_MASK Access,
                         KPROCESSOR_MODE Mode, PHANDLE Handle)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    RtlInitUnicodeString(&name, Path);
    InitializeObjectAttributes(&oa, &name, Attributes, Root, NULL);
    return CmpCreateKey(Handle, Access, &oa, NULL, 0, NULL, Mode);
}

static void cm_internal_test_user_mode_handles_are_access_checked(KTEST *t)
{
    HANDLE k, ro, wo;
    UNICODE_STRING v;
    ULONG one = 1, len;
    UCHAR buf[512];

    ST(t, CreateAt(BASE, NULL, OBJ_KERNEL_HANDLE, KEY_ALL_ACCESS, KernelMode, &k), STATUS_SUCCESS);
    RtlInitUnicodeString(&v, L"V");
    ST(t, ZwSetValueKey(k, &v, 0, REG_DWORD, &one, 4), STATUS_SUCCESS);
    /* Handles in the process table, as a user-mode caller gets them. */
    ST(t, CreateAt(BASE, NULL, 0, KEY_READ, UserMode, &ro), STATUS_SUCCESS);
    ST(t, CreateAt(BASE, NULL, 0, KEY_SET_VALUE, UserMode, &wo), STATUS_SUCCESS);
    ST(t, CmpQueryValueKey(ro, &v, KeyValuePartialInformation, buf, sizeof(buf), &len, UserMode),
       STATUS_SUCCESS);
    ST(t, CmpSetValueKey(ro, &v, REG_DWORD, &one, 4, UserMode), STATUS_ACCESS_DENIED);
    ST(t, CmpDeleteValueKey(ro, &v, UserMode), STATUS_ACCESS_DENIED);
    ST(t, CmpDeleteKey(ro, UserMode), STATUS_ACCESS_DENIED);
    ST(t, CmpQueryValueKey(wo, &v, KeyValuePartialInformation, buf, sizeof(buf), &len, UserMode),
       STATUS_ACCESS_DENIED);
    ST(t, CmpEnumerateKey(wo, 0, KeyBasicInformation, buf, sizeof(buf), &len, UserMode),
       STATUS_ACCESS_DENIED);
    ST(t, CmpSetValueKey(wo, &v, REG_DWORD, &one, 4, UserMode), STATUS_SUCCESS);
    /* The key's name needs no right. */
    ST(t, CmpQueryKey(wo, KeyNameInformation, buf, sizeof(buf), &len, UserMode), STATUS_SUCCESS);
    ST(t, CmpQueryKey(wo, KeyBasicInformation, buf, sizeof(buf), &len, UserMode),
       STATUS_ACCESS_DENIED);
    /* Kernel mode is not checked (as on Windows: Zw calls run with previous mode KernelMode). */
    ST(t, CmpSetValueKey(ro, &v, REG_DWORD, &one, 4, KernelMode), STATUS_SUCCESS);
    /* A kernel handle is invalid from user mode. */
    ST(t, CmpQueryValueKey(k, &v, KeyValuePartialInformation, buf, sizeof(buf), &len, UserMode),
       STATUS_INVALID_HANDLE);
    ObpCloseHandle(ro, UserMode);
    ObpCloseHandle(wo, UserMode);
    ZwClose(k);
}

static void cm_internal_test_key_objects_hold_their_node(KTEST *t)
{
    HANDLE k, child;
    PVOID obj;
    UNICODE_STRING v;
    ULONG one = 1;

    ST(t, CreateAt(BASE L"\\Refs", NULL, OBJ_KERNEL_HANDLE, KEY_ALL_ACCESS, KernelMode, &k),
       STATUS_SUCCESS);
    ST(t, ObReferenceObjectByHandle(k, 0, *CmKeyObjectType, KernelMode, &obj, NULL), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, ObpGetHandleCount(obj), 1);
    KT_EXPECT_EQ(t, ObpGetPointerCount(obj), 2);
    ST(t, ZwDeleteKey(k), STATUS_SUCCESS);
    ZwClose(k);
    /* The object (and its deleted node) outlive the handle while referenced. */
    KT_EXPECT_EQ(t, ObpGetPointerCount(obj), 1);
    ObDereferenceObject(obj);
    /* Each open is its own key object. */
    ST(t, CreateAt(BASE L"\\Refs2", NULL, OBJ_KERNEL_HANDLE, KEY_ALL_ACCESS, KernelMode, &k),
       STATUS_SUCCESS);
    ST(t, CreateAt(BASE L"\\Refs2", NULL, OBJ_KERNEL_HANDLE, KEY_ALL_ACCESS, KernelMode, &child),
       STATUS_SUCCESS);
    {
        PVOID a, b;
        ST(t, ObReferenceObjectByHandle(k, 0, *CmKeyObjectType, KernelMode, &a, NULL), STATUS_SUCCESS);
        ST(t, ObReferenceObjectByHandle(child, 0, *CmKeyObjectType, KernelMode, &b, NULL),
           STATUS_SUCCESS);
        KT_EXPECT_TRUE(t, a != b);
        ObDereferenceObject(a);
        ObDereferenceObject(b);
    }
    RtlInitUnicodeString(&v, L"V");
    ST(t, ZwSetValueKey(k, &v, 0, REG_DWORD, &one, 4), STATUS_SUCCESS);
    ST(t, ZwDeleteKey(child), STATUS_SUCCESS);
    ST(t, ZwSetValueKey(k, &v, 0, REG_DWORD, &one, 4), STATUS_KEY_DELETED);
    ZwClose(child);
    ZwClose(k);
}

static void cm_internal_test_expand_environment(KTEST *t)
{
    static const struct { PCWSTR In; PCWSTR Out; } cases[] = {
        { L"%SystemRoot%\\a", L"C:\\Windows\\a" },
        { L"%systemroot%%WINDIR%", L"C:\\WindowsC:\\Windows" },
        { L"%Undefined%\\x", L"%Undefined%\\x" },
        { L"100%", L"100%" },
        { L"%%", L"%%" },
        { L"a%SystemDrive%b%", L"aC:b%" },
        { L"", L"" },
    };
    for (ULONG i = 0; i < RTL_NUMBER_OF(cases); i++) {
        PWCHAR out;
        ULONG bytes, chars = 0;
        while (cases[i].In[chars])
            chars++;
        ST(t, CmpExpandEnvironment(cases[i].In, chars, NULL, &out, &bytes), STATUS_SUCCESS);
        if (!ktest_wcseq((const unsigned short *)out, (const unsigned short *)cases[i].Out))
            KT_FAIL(t, "case %lu expanded wrongly", (unsigned long)i);
        {
            ULONG n = 0;
            while (out[n])
                n++;
            KT_EXPECT_EQ(t, bytes, (n + 1) * sizeof(WCHAR));
        }
        free(out);
    }
}

/* ---- concurrency ------------------------------------------------------------------------ */

#define SMOKE_THREADS 4
#define SMOKE_KEYS    40

typedef struct _SMOKE {
    ULONG Id;
    volatile LONG Failures;
} SMOKE;

static void *SmokeWorker(void *Arg)
{
    SMOKE *s = Arg;
    WCHAR path[128];
    HANDLE base;

    if (!NT_SUCCESS(CreateAt(BASE L"\\Smoke", NULL, OBJ_KERNEL_HANDLE, KEY_ALL_ACCESS, KernelMode,
                             &base))) {
        s->Failures++;
        return NULL;
    }
    for (ULONG i = 0; i < SMOKE_KEYS; i++) {
        HANDLE k;
        UNICODE_STRING v;
        ULONG data = s->Id * 1000 + i, len, index;
        UCHAR buf[64];
        /* A name other threads' keys sort between. */
        for (index = 0; index < 3; index++)
            path[index] = (WCHAR)(L'a' + (i * 7 + s->Id) % 26);
        path[3] = (WCHAR)(L'0' + s->Id);
        path[4] = (WCHAR)(L'0' + i / 10);
        path[5] = (WCHAR)(L'0' + i % 10);
        path[6] = 0;
        if (!NT_SUCCESS(CreateAt(path, base, OBJ_KERNEL_HANDLE, KEY_ALL_ACCESS, KernelMode, &k))) {
            s->Failures++;
            continue;
        }
        RtlInitUnicodeString(&v, L"Data");
        if (!NT_SUCCESS(ZwSetValueKey(k, &v, 0, REG_DWORD, &data, 4)))
            s->Failures++;
        if (!NT_SUCCESS(ZwQueryValueKey(k, &v, KeyValuePartialInformation, buf, sizeof(buf), &len)) ||
            memcmp(((PKEY_VALUE_PARTIAL_INFORMATION)buf)->Data, &data, 4) != 0)
            s->Failures++;
        /* Enumerate while others insert: every answer is a success or the end. */
        for (index = 0;; index++) {
            NTSTATUS st = ZwEnumerateKey(base, index, KeyBasicInformation, buf, sizeof(buf), &len);
            if (st == STATUS_NO_MORE_ENTRIES)
                break;
            if (!NT_SUCCESS(st)) {
                s->Failures++;
                break;
            }
        }
        if (i % 2 == 1 && !NT_SUCCESS(ZwDeleteKey(k)))
            s->Failures++;
        ZwClose(k);
    }
    ZwClose(base);
    return NULL;
}

static void cm_internal_test_concurrent_smoke(KTEST *t)
{
    pthread_t threads[SMOKE_THREADS];
    SMOKE s[SMOKE_THREADS];
    HANDLE base;
    ULONG len;
    KEY_FULL_INFORMATION full;

    for (ULONG i = 0; i < SMOKE_THREADS; i++) {
        s[i].Id = i;
        s[i].Failures = 0;
        pthread_create(&threads[i], NULL, SmokeWorker, &s[i]);
    }
    for (ULONG i = 0; i < SMOKE_THREADS; i++) {
        pthread_join(threads[i], NULL);
        KT_EXPECT_EQ(t, s[i].Failures, 0);
    }
    ST(t, CreateAt(BASE L"\\Smoke", NULL, OBJ_KERNEL_HANDLE, KEY_ALL_ACCESS, KernelMode, &base),
       STATUS_SUCCESS);
    ST(t, ZwQueryKey(base, KeyFullInformation, &full, sizeof(full), &len), STATUS_SUCCESS);
    KT_EXPECT_EQ(t, full.SubKeys, SMOKE_THREADS * SMOKE_KEYS / 2);
    /* And they are in order. */
    {
        WCHAR prev[16] = { 0 };
        UCHAR buf[64];
        PKEY_BASIC_INFORMATION b = (PKEY_BASIC_INFORMATION)buf;
        for (ULONG i = 0; i < full.SubKeys; i++) {
            UNICODE_STRING a, c;
            ST(t, ZwEnumerateKey(base, i, KeyBasicInformation, buf, sizeof(buf), &len), STATUS_SUCCESS);
            a.Buffer = prev;
            a.Length = a.MaximumLength = (USHORT)(i ? 12 : 0);
            c.Buffer = b->Name;
            c.Length = c.MaximumLength = (USHORT)b->NameLength;
            if (i && RtlCompareUnicodeString(&a, &c, TRUE) >= 0)
                KT_FAIL(t, "subkey %lu out of order", (unsigned long)i);
            memcpy(prev, b->Name, 12);
        }
    }
    ZwClose(base);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(cm_internal_test_user_mode_handles_are_access_checked),
    KTEST_CASE_ENTRY(cm_internal_test_key_objects_hold_their_node),
    KTEST_CASE_ENTRY(cm_internal_test_expand_environment),
    KTEST_CASE_ENTRY(cm_internal_test_concurrent_smoke),
    { 0 }
};
KTEST_SUITE(cm_internal, cases);
