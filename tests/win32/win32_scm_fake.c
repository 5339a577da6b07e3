/*
 * PURPOSE: The scripted driver loader of the SCM tests (win32_scm_fake.h): a table of
 * "loaded" driver objects behind SCP_DRIVER_OPS (runtime mode).
 */
#include <string.h>
#include "../../src/win32/svcp.h"
#include "win32_scm_fake.h"


#define FAKE_MAX 16

typedef struct _FAKE_DRIVER {
    WCHAR Object[300];          /* driver object name, e.g. \Driver\Name */
    BOOLEAN Stoppable;
} FAKE_DRIVER;

static FAKE_DRIVER FakeLoaded[FAKE_MAX];
static NTSTATUS FakeLoadStatus = STATUS_SUCCESS;      /* what the next loads return */
static BOOLEAN FakeStoppable = TRUE;                  /* DriverUnload of drivers loaded next */
static ULONG FakeLoads, FakeUnloads;
static WCHAR FakeLoadOrder[8][64];

static SIZE_T WLen(PCWSTR s) { SIZE_T n = 0; while (s[n]) n++; return n; }

static BOOLEAN WEqualNoCase(PCWSTR a, PCWSTR b, SIZE_T n)
{
    SIZE_T i;
    for (i = 0; i < n; i++)
        if (RtlUpcaseUnicodeChar(a[i]) != RtlUpcaseUnicodeChar(b[i]))
            return FALSE;
    return TRUE;
}

static FAKE_DRIVER *FakeFind(PCWSTR Object, SIZE_T Chars)
{
    ULONG i;
    for (i = 0; i < FAKE_MAX; i++)
        if (FakeLoaded[i].Object[0] != 0 && WLen(FakeLoaded[i].Object) == Chars &&
            WEqualNoCase(FakeLoaded[i].Object, Object, Chars))
            return &FakeLoaded[i];
    return NULL;
}

/* \Registry\...\Services\Name -> \Driver\Name */
static VOID FakeObjectOf(PUNICODE_STRING Key, PWSTR Object)
{
    SIZE_T n = Key->Length / sizeof(WCHAR), s = n;
    while (s > 0 && Key->Buffer[s - 1] != L'\\')
        s--;
    memcpy(Object, L"\\Driver\\", 8 * sizeof(WCHAR));
    memcpy(Object + 8, Key->Buffer + s, (n - s) * sizeof(WCHAR));
    Object[8 + n - s] = 0;
}

static NTSTATUS FakeLoad(PUNICODE_STRING ServiceKey)
{
    WCHAR Object[300];
    ULONG i;

    FakeObjectOf(ServiceKey, Object);
    if (FakeLoads < 8)
        memcpy(FakeLoadOrder[FakeLoads], Object + 8, 63 * sizeof(WCHAR));
    FakeLoads++;
    if (!NT_SUCCESS(FakeLoadStatus) || FakeLoadStatus == STATUS_IMAGE_ALREADY_LOADED)
        return FakeLoadStatus;
    for (i = 0; i < FAKE_MAX; i++) {
        if (FakeLoaded[i].Object[0] == 0) {
            memcpy(FakeLoaded[i].Object, Object, sizeof(Object));
            FakeLoaded[i].Stoppable = FakeStoppable;
            return STATUS_SUCCESS;
        }
    }
    return STATUS_INSUFFICIENT_RESOURCES;
}

static NTSTATUS FakeUnload(PUNICODE_STRING ServiceKey)
{
    WCHAR Object[300];
    FAKE_DRIVER *d;

    FakeObjectOf(ServiceKey, Object);
    FakeUnloads++;
    d = FakeFind(Object, WLen(Object));
    if (d == NULL)
        return STATUS_OBJECT_NAME_NOT_FOUND;
    if (!d->Stoppable)
        return STATUS_INVALID_DEVICE_REQUEST;
    d->Object[0] = 0;
    return STATUS_SUCCESS;
}

static BOOLEAN FakeQuery(PCUNICODE_STRING Object, PBOOLEAN Stoppable)
{
    FAKE_DRIVER *d = FakeFind(Object->Buffer, Object->Length / sizeof(WCHAR));
    if (d == NULL)
        return FALSE;
    *Stoppable = d->Stoppable;
    return TRUE;
}

static const SCP_DRIVER_OPS FakeOps = { FakeLoad, FakeUnload, FakeQuery };

void win32_scm_fake_preload(const unsigned short *Object16)
{
    PCWSTR Object = (PCWSTR)Object16;
    ULONG i;
    for (i = 0; i < FAKE_MAX; i++) {
        if (FakeLoaded[i].Object[0] == 0) {
            memcpy(FakeLoaded[i].Object, Object, (WLen(Object) + 1) * sizeof(WCHAR));
            FakeLoaded[i].Stoppable = TRUE;
            return;
        }
    }
}

void win32_scm_fake_reset(void)
{
    memset(FakeLoaded, 0, sizeof(FakeLoaded));
    FakeLoadStatus = STATUS_SUCCESS;
    FakeStoppable = TRUE;
    FakeLoads = FakeUnloads = 0;
    memset(FakeLoadOrder, 0, sizeof(FakeLoadOrder));
    ScpDriverOps = &FakeOps;
}

void win32_scm_fake_use_kernel(void) { ScpDriverOps = &ScpKernelDriverOps; }
void win32_scm_fake_set_load_status(int status) { FakeLoadStatus = (NTSTATUS)status; }
void win32_scm_fake_set_stoppable(int stoppable) { FakeStoppable = stoppable != 0; }
unsigned win32_scm_fake_loads(void) { return FakeLoads; }
unsigned win32_scm_fake_unloads(void) { return FakeUnloads; }
const unsigned short *win32_scm_fake_load_order(unsigned i)
{
    return (const unsigned short *)(i < 8 ? FakeLoadOrder[i] : L"");
}
