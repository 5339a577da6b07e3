/*++

Module Name:

    tour.c

Abstract:

    The kmode demo "driver": WDK-style code that exercises what kmode provides so far
    (Foundation I): counted strings and ntstrsafe, safe integers, lists, bitmaps, version
    information, structured exception handling, DbgPrintEx and bugchecks. The I/O manager
    issue replaces this demo with a real driver and its test application.

--*/

#include <ntddk.h>
#include <ntstrsafe.h>
#include <ntintsafe.h>
#include <initguid.h>

// {5A3C1E20-9B7D-4F11-8E42-6D0B9A7C3F18}
DEFINE_GUID(GUID_KMODE_TOUR, 0x5a3c1e20, 0x9b7d, 0x4f11, 0x8e, 0x42, 0x6d, 0x0b, 0x9a, 0x7c, 0x3f, 0x18);

#define TOUR_PRINT(...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, __VA_ARGS__)

typedef struct _TOUR_ITEM {
    LIST_ENTRY Link;
    ULONG Value;
} TOUR_ITEM, *PTOUR_ITEM;

_IRQL_requires_max_(PASSIVE_LEVEL) NTSTATUS TourRun(VOID);
_IRQL_requires_max_(PASSIVE_LEVEL) VOID TourCorruptList(VOID);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, TourRun)
#endif

static VOID TourStrings(VOID)
{
    DECLARE_CONST_UNICODE_STRING(device, L"\\Device\\KmodeTour");
    UNICODE_STRING upper, guidText;
    WCHAR small[12];
    WCHAR numberBuffer[16];
    UNICODE_STRING number;
    NTSTATUS status;

    TOUR_PRINT("strings: device name %wZ (%u bytes, %u characters)\n", &device,
               device.Length, device.Length / sizeof(WCHAR));

    if (NT_SUCCESS(RtlUpcaseUnicodeString(&upper, &device, TRUE))) {
        TOUR_PRINT("strings: upcased %wZ; case-insensitive compare = %d\n", &upper,
                   RtlCompareUnicodeString(&upper, &device, TRUE));
        RtlFreeUnicodeString(&upper);
    }

    status = RtlStringCchPrintfW(small, RTL_NUMBER_OF(small), L"%ws-%d", L"truncated", 12345);
    TOUR_PRINT("strings: RtlStringCchPrintfW into 12 chars -> 0x%08X (STATUS_BUFFER_OVERFLOW), kept \"%ws\"\n",
               status, small);

    RtlInitEmptyUnicodeString(&number, numberBuffer, sizeof(numberBuffer));
    RtlIntegerToUnicodeString(0xC0FFEE, 16, &number);
    TOUR_PRINT("strings: RtlIntegerToUnicodeString(0xC0FFEE, 16) = %wZ\n", &number);

    if (NT_SUCCESS(RtlStringFromGUID(&GUID_KMODE_TOUR, &guidText))) {
        TOUR_PRINT("strings: GUID %wZ\n", &guidText);
        RtlFreeUnicodeString(&guidText);
    }
}

static VOID TourIntegersListsBitmaps(VOID)
{
    TOUR_ITEM items[4];
    LIST_ENTRY head;
    PLIST_ENTRY entry;
    ULONG product, i, bits[2] = { 0 };
    RTL_BITMAP bitmap;

    TOUR_PRINT("intsafe: RtlULongMult(0x10000, 0x10000) -> 0x%08X (STATUS_INTEGER_OVERFLOW)\n",
               RtlULongMult(0x10000, 0x10000, &product));

    InitializeListHead(&head);
    for (i = 0; i < RTL_NUMBER_OF(items); i++) {
        items[i].Value = (i + 1) * 10;
        InsertTailList(&head, &items[i].Link);
    }
    RemoveEntryList(&items[1].Link);
    TOUR_PRINT("lists: after removing 20:");
    for (entry = head.Flink; entry != &head; entry = entry->Flink) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, " %lu",
                   CONTAINING_RECORD(entry, TOUR_ITEM, Link)->Value);
    }
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "\n");

    RtlInitializeBitMap(&bitmap, bits, 64);
    RtlSetBits(&bitmap, 0, 10);
    TOUR_PRINT("bitmaps: 10 bits set; first run of 5 clear bits starts at %lu; %lu clear bits\n",
               RtlFindClearBits(&bitmap, 5, 0), RtlNumberOfClearBits(&bitmap));
}

static VOID TourVersion(VOID)
{
    RTL_OSVERSIONINFOW version;

    version.dwOSVersionInfoSize = sizeof(version);
    if (NT_SUCCESS(RtlGetVersion(&version))) {
        TOUR_PRINT("version: kmode reports Windows %lu.%lu build %lu\n", version.dwMajorVersion,
                   version.dwMinorVersion, version.dwBuildNumber);
    }
}

static VOID TourExceptions(VOID)
{
    UCHAR copy[16];
    PVOID userBuffer = (PVOID)(ULONG_PTR)0x1000;   // nothing is mapped there

    __try {
        ProbeForRead(userBuffer, sizeof(copy), 1);
        RtlCopyMemory(copy, userBuffer, sizeof(copy));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        TOUR_PRINT("seh: copying from a bad user pointer raised 0x%08X (STATUS_ACCESS_VIOLATION); handled\n",
                   GetExceptionCode());
    }

    __try {
        ExRaiseStatus(STATUS_INSUFFICIENT_RESOURCES);
    } __finally {
        TOUR_PRINT("seh: __finally ran during unwinding (AbnormalTermination() = %d)\n",
                   AbnormalTermination());
    }
}

NTSTATUS TourRun(VOID)
{
    PAGED_CODE();

    TOUR_PRINT("hello from a WDK-style driver running in a Linux process\n");
    TourStrings();
    TourIntegersListsBitmaps();
    TourVersion();
    __try {
        TourExceptions();
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        TOUR_PRINT("seh: the outer __except caught 0x%08X (STATUS_INSUFFICIENT_RESOURCES)\n",
                   GetExceptionCode());
    }
    return STATUS_SUCCESS;
}

VOID TourCorruptList(VOID)
{
    TOUR_ITEM a, b;
    LIST_ENTRY head;

    InitializeListHead(&head);
    InsertTailList(&head, &a.Link);
    InsertTailList(&head, &b.Link);
    TOUR_PRINT("bugcheck: removing an entry whose neighbour no longer points back...\n");
    a.Link.Flink = &a.Link;     // the bug: a stray write over a's forward link
    RemoveEntryList(&b.Link);
}
