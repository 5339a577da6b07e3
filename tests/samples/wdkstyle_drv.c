/*++

Module Name:

    wdkstyle.c

Abstract:

    A driver source written exactly as for the Windows Driver Kit: SAL annotations,
    #pragma alloc_text, role typedefs, L"" strings, DEFINE_GUID, __try/__except,
    DbgPrintEx with %wZ, safe-string and safe-integer helpers, lists. kmode compiles it
    unmodified (driver mode: only kmode's headers) and its checks run in the test suite.

Environment:

    Kernel mode

--*/

#include <ntddk.h>
#include <ntstrsafe.h>
#include <ntintsafe.h>
#include <initguid.h>

#pragma warning(disable:4201)   // nameless struct/union
#pragma warning(push)
#pragma warning(disable:4127)

// {8C5D2B4E-7A1F-4E3C-9B60-2F1D0C3A4B5E}
DEFINE_GUID(GUID_DEVINTERFACE_WDKSTYLE,
    0x8c5d2b4e, 0x7a1f, 0x4e3c, 0x9b, 0x60, 0x2f, 0x1d, 0x0c, 0x3a, 0x4b, 0x5e);

#define WDKSTYLE_TAG 'ySdW'
#define IOCTL_WDKSTYLE_PING CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _WDKSTYLE_RECORD {
    LIST_ENTRY Link;
    ULONG Id;
    UNICODE_STRING Name;
    WCHAR NameBuffer[32];
} WDKSTYLE_RECORD, *PWDKSTYLE_RECORD;

C_ASSERT(FIELD_OFFSET(WDKSTYLE_RECORD, Link) == 0);

DRIVER_UNLOAD WdkStyleUnload;

_IRQL_requires_max_(PASSIVE_LEVEL)
_Must_inspect_result_
NTSTATUS
WdkStyleRunChecks(
    _Out_ PULONG ChecksPassed
    );

_IRQL_requires_max_(APC_LEVEL)
static
NTSTATUS
WdkStyleCopyFromUser(
    _In_reads_bytes_(Length) PVOID UserBuffer,
    _In_ ULONG Length,
    _Out_writes_bytes_(Length) PVOID KernelBuffer
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, WdkStyleRunChecks)
#pragma alloc_text(PAGE, WdkStyleCopyFromUser)
#pragma alloc_text(PAGE, WdkStyleUnload)
#endif

#pragma warning(pop)

VOID
WdkStyleUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();
}

static
NTSTATUS
WdkStyleCopyFromUser(
    _In_reads_bytes_(Length) PVOID UserBuffer,
    _In_ ULONG Length,
    _Out_writes_bytes_(Length) PVOID KernelBuffer
    )
{
    NTSTATUS status = STATUS_SUCCESS;

    PAGED_CODE();

    __try {
        ProbeForRead(UserBuffer, Length, sizeof(UCHAR));
        RtlCopyMemory(KernelBuffer, UserBuffer, Length);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
                   "WdkStyle: exception 0x%08X while copying %lu bytes\n", status, Length);
    }

    return status;
}

#define CHECK(cond)                                                                       \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,                           \
                       "WdkStyle: check failed: %s (line %d)\n", #cond, __LINE__);        \
            return STATUS_UNSUCCESSFUL;                                                   \
        }                                                                                 \
        (*ChecksPassed)++;                                                                \
    } while (0)

_Use_decl_annotations_
NTSTATUS
WdkStyleRunChecks(
    PULONG ChecksPassed
    )
{
    DECLARE_CONST_UNICODE_STRING(deviceName, L"\\Device\\WdkStyle");
    DECLARE_UNICODE_STRING_SIZE(message, 128);
    UNICODE_STRING upper;
    WDKSTYLE_RECORD records[3];
    LIST_ENTRY head;
    PLIST_ENTRY entry;
    WCHAR buffer[16];
    UCHAR copy[8];
    ULONG sum, i;
    NTSTATUS status;

    PAGED_CODE();

    *ChecksPassed = 0;

    //
    // Strings: %wZ, safe printf, comparison.
    //
    status = RtlUnicodeStringPrintf(&message, L"%wZ has %u characters",
                                    &deviceName, deviceName.Length / sizeof(WCHAR));
    CHECK(NT_SUCCESS(status));
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "WdkStyle: %wZ\n", &message);
    CHECK(message.Length == sizeof(L"\\Device\\WdkStyle has 16 characters") - sizeof(WCHAR));

    status = RtlUpcaseUnicodeString(&upper, &deviceName, TRUE);
    CHECK(NT_SUCCESS(status));
    CHECK(RtlCompareUnicodeString(&upper, &deviceName, TRUE) == 0);
    CHECK(RtlCompareUnicodeString(&upper, &deviceName, FALSE) != 0);
    RtlFreeUnicodeString(&upper);

    status = RtlStringCchCopyW(buffer, RTL_NUMBER_OF(buffer), L"this does not fit in sixteen");
    CHECK(status == STATUS_BUFFER_OVERFLOW);
    CHECK(buffer[RTL_NUMBER_OF(buffer) - 1] == UNICODE_NULL);

    //
    // Safe integers.
    //
    CHECK(RtlULongAdd(MAXULONG, 1, &sum) == STATUS_INTEGER_OVERFLOW);
    CHECK(NT_SUCCESS(RtlULongAdd(40, 2, &sum)) && sum == 42);

    //
    // Lists.
    //
    InitializeListHead(&head);
    for (i = 0; i < RTL_NUMBER_OF(records); i++) {
        records[i].Id = i;
        RtlInitEmptyUnicodeString(&records[i].Name, records[i].NameBuffer,
                                  sizeof(records[i].NameBuffer));
        InsertTailList(&head, &records[i].Link);
    }
    sum = 0;
    for (entry = head.Flink; entry != &head; entry = entry->Flink) {
        sum += CONTAINING_RECORD(entry, WDKSTYLE_RECORD, Link)->Id;
    }
    CHECK(sum == 0 + 1 + 2);
    CHECK(!RemoveEntryList(&records[1].Link));
    CHECK(CONTAINING_RECORD(RemoveHeadList(&head), WDKSTYLE_RECORD, Link)->Id == 0);

    //
    // GUIDs, IOCTL codes.
    //
    CHECK(IsEqualGUID(&GUID_DEVINTERFACE_WDKSTYLE, &GUID_DEVINTERFACE_WDKSTYLE));
    CHECK(IOCTL_WDKSTYLE_PING == 0x222000);

    //
    // SEH: a bad user pointer is caught, a good one is copied.
    //
    CHECK(WdkStyleCopyFromUser((PVOID)(ULONG_PTR)0x10, sizeof(copy), copy) ==
          STATUS_ACCESS_VIOLATION);
    CHECK(WdkStyleCopyFromUser((PVOID)L"abcd", sizeof(copy), copy) == STATUS_SUCCESS);
    CHECK(copy[0] == 'a' && copy[1] == 0);

    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "WdkStyle: %lu checks passed\n",
               *ChecksPassed);
    return STATUS_SUCCESS;
}
