/* PURPOSE: toolchain test driver: #pragma alloc_text and #pragma code_seg place functions in
   PAGE, PAGELK and INIT (kmode-cc --driver renames their sections; the link script pages
   them). */
#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
static ULONG PagedStatic(ULONG A);
ULONG PagedExtern(ULONG A);
ULONG LockedExtern(ULONG A);
ULONG Nonpaged(ULONG A);
ULONG ViaOperator(ULONG A);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PagedStatic, PagedExtern)
#pragma alloc_text("PAGELK", LockedExtern)
#endif
/* The pragma operator form (what a macro expands to) counts too. */
_Pragma("alloc_text(PAGE, ViaOperator)")

static volatile ULONG Sink;

static DECLSPEC_NOINLINE ULONG PagedStatic(ULONG A) { return A + Sink; }
ULONG PagedExtern(ULONG A) { PAGED_CODE(); return PagedStatic(A) * 2; }
ULONG LockedExtern(ULONG A) { return A - Sink; }
ULONG Nonpaged(ULONG A) { return A ^ Sink; }
ULONG ViaOperator(ULONG A) { return A | Sink; }

static VOID PagedUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->DriverUnload = PagedUnload;
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "paged: %lu\n",
               PagedExtern(20) + LockedExtern(1) + Nonpaged(0) + ViaOperator(0));
    return STATUS_SUCCESS;
}

/* code_seg: the functions defined after it, until it changes. */
#pragma code_seg("PAGE")
ULONG CodeSegPaged(ULONG A) { return A + 1 + Sink; }
#pragma code_seg(push, saved, "INIT")
ULONG CodeSegInit(ULONG A) { return A + 2 + Sink; }
#pragma code_seg(pop, saved)
static const ULONG Table[] = { 1, 2 };
DECLSPEC_NOINLINE ULONG CodeSegPagedAgain(ULONG A) { return A + Table[A & 1] + Sink; }
#pragma code_seg()
ULONG AfterCodeSeg(ULONG A) { return A + 3 + Sink; }

/* The declaration specifier form. */
__declspec(code_seg("PAGE")) ULONG DeclspecPaged(ULONG A) { return A + 4 + Sink; }
