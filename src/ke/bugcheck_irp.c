/*
 * PURPOSE: The bugcheck report's IRP section: which IRP the bugcheck is about
 * (KiSetBugCheckIrp, or the I/O manager's active IRP), its device and driver, and the IRP
 * decoded in the shape of WinDbg's "!irp" (stack locations with major/minor names, flags,
 * control bits, device, file, completion routine and context, the current location marked
 * '>'), as text and as JSON. Every read of the IRP and of the objects it points to goes
 * through KiReadMemory: the IRP may have been freed already (a double completion).
 */

/* INCLUDES ******************************************************************************/

#include <string.h>
#include <internal/ke.h>
#include <internal/host.h>
#include "bugcheck_info.h"

/* GLOBALS *******************************************************************************/

KI_TLS struct _IRP *KiBugCheckIrp;
PKI_BUGCHECK_IRP_QUERY KiBugCheckActiveIrpQuery;

/* The report decodes at most this many stack locations (StackCount may be up to 127). */
#define KI_IRP_MAX_DECODED_LOCATIONS 32

static const char *const KiMajorNames[IRP_MJ_MAXIMUM_FUNCTION + 1] = {
    "IRP_MJ_CREATE", "IRP_MJ_CREATE_NAMED_PIPE", "IRP_MJ_CLOSE", "IRP_MJ_READ",
    "IRP_MJ_WRITE", "IRP_MJ_QUERY_INFORMATION", "IRP_MJ_SET_INFORMATION", "IRP_MJ_QUERY_EA",
    "IRP_MJ_SET_EA", "IRP_MJ_FLUSH_BUFFERS", "IRP_MJ_QUERY_VOLUME_INFORMATION",
    "IRP_MJ_SET_VOLUME_INFORMATION", "IRP_MJ_DIRECTORY_CONTROL", "IRP_MJ_FILE_SYSTEM_CONTROL",
    "IRP_MJ_DEVICE_CONTROL", "IRP_MJ_INTERNAL_DEVICE_CONTROL", "IRP_MJ_SHUTDOWN",
    "IRP_MJ_LOCK_CONTROL", "IRP_MJ_CLEANUP", "IRP_MJ_CREATE_MAILSLOT", "IRP_MJ_QUERY_SECURITY",
    "IRP_MJ_SET_SECURITY", "IRP_MJ_POWER", "IRP_MJ_SYSTEM_CONTROL", "IRP_MJ_DEVICE_CHANGE",
    "IRP_MJ_QUERY_QUOTA", "IRP_MJ_SET_QUOTA", "IRP_MJ_PNP",
};

static const char *const KiPnpMinorNames[] = {
    "IRP_MN_START_DEVICE", "IRP_MN_QUERY_REMOVE_DEVICE", "IRP_MN_REMOVE_DEVICE",
    "IRP_MN_CANCEL_REMOVE_DEVICE", "IRP_MN_STOP_DEVICE", "IRP_MN_QUERY_STOP_DEVICE",
    "IRP_MN_CANCEL_STOP_DEVICE", "IRP_MN_QUERY_DEVICE_RELATIONS", "IRP_MN_QUERY_INTERFACE",
    "IRP_MN_QUERY_CAPABILITIES", "IRP_MN_QUERY_RESOURCES", "IRP_MN_QUERY_RESOURCE_REQUIREMENTS",
    "IRP_MN_QUERY_DEVICE_TEXT", "IRP_MN_FILTER_RESOURCE_REQUIREMENTS", NULL,
    "IRP_MN_READ_CONFIG", "IRP_MN_WRITE_CONFIG", "IRP_MN_EJECT", "IRP_MN_SET_LOCK",
    "IRP_MN_QUERY_ID", "IRP_MN_QUERY_PNP_DEVICE_STATE", "IRP_MN_QUERY_BUS_INFORMATION",
    "IRP_MN_DEVICE_USAGE_NOTIFICATION", "IRP_MN_SURPRISE_REMOVAL", NULL,
    "IRP_MN_DEVICE_ENUMERATED",
};

static const char *const KiPowerMinorNames[] = {
    "IRP_MN_WAIT_WAKE", "IRP_MN_POWER_SEQUENCE", "IRP_MN_SET_POWER", "IRP_MN_QUERY_POWER",
};

static const char *const KiWmiMinorNames[] = {
    "IRP_MN_QUERY_ALL_DATA", "IRP_MN_QUERY_SINGLE_INSTANCE", "IRP_MN_CHANGE_SINGLE_INSTANCE",
    "IRP_MN_CHANGE_SINGLE_ITEM", "IRP_MN_ENABLE_EVENTS", "IRP_MN_DISABLE_EVENTS",
    "IRP_MN_ENABLE_COLLECTION", "IRP_MN_DISABLE_COLLECTION", "IRP_MN_REGINFO",
    "IRP_MN_EXECUTE_METHOD", NULL, "IRP_MN_REGINFO_EX",
};

/* PRIVATE FUNCTIONS *********************************************************************/

/* "N/A" (as !irp prints codes it has no name for) or the name. */
static const char *KipMajorName(UCHAR Major)
{
    return Major <= IRP_MJ_MAXIMUM_FUNCTION ? KiMajorNames[Major] : "N/A";
}

static const char *KipMinorName(UCHAR Major, UCHAR Minor)
{
    const char *const *Table = NULL;
    SIZE_T Count = 0;

    switch (Major) {
    case IRP_MJ_PNP: Table = KiPnpMinorNames; Count = RTL_NUMBER_OF(KiPnpMinorNames); break;
    case IRP_MJ_POWER: Table = KiPowerMinorNames; Count = RTL_NUMBER_OF(KiPowerMinorNames); break;
    case IRP_MJ_SYSTEM_CONTROL: Table = KiWmiMinorNames; Count = RTL_NUMBER_OF(KiWmiMinorNames); break;
    default: break;
    }
    if (Table && Minor < Count && Table[Minor])
        return Table[Minor];
    return "N/A";
}

/* A location nobody has used: !irp shows it as "[N/A(0), N/A(0)]". */
static BOOLEAN KipLocationUnused(const IO_STACK_LOCATION *Stack)
{
    return Stack->MajorFunction == 0 && Stack->MinorFunction == 0 && Stack->DeviceObject == NULL &&
           Stack->FileObject == NULL && Stack->CompletionRoutine == NULL && Stack->Flags == 0 &&
           Stack->Control == 0;
}

/* The name of Device's driver ("\Driver\foo") in Name; the driver object in *Driver.
   FALSE (Name empty) when it cannot be read. */
static BOOLEAN KipDeviceDriverName(PDEVICE_OBJECT Device, char *Name, SIZE_T Capacity,
                                   PDRIVER_OBJECT *Driver)
{
    PDRIVER_OBJECT DriverObject;
    UNICODE_STRING DriverName;
    WCHAR Chars[128];
    USHORT Length;

    Name[0] = 0;
    *Driver = NULL;
    if (Device == NULL ||
        !KiReadMemory(&DriverObject, (PUCHAR)Device + FIELD_OFFSET(DEVICE_OBJECT, DriverObject),
                      sizeof DriverObject) ||
        DriverObject == NULL)
        return FALSE;
    *Driver = DriverObject;
    if (!KiReadMemory(&DriverName, (PUCHAR)DriverObject + FIELD_OFFSET(DRIVER_OBJECT, DriverName),
                      sizeof DriverName))
        return FALSE;
    Length = DriverName.Length / sizeof(WCHAR);
    if (Length > RTL_NUMBER_OF(Chars))
        Length = RTL_NUMBER_OF(Chars);
    if (Length == 0 || DriverName.Buffer == NULL ||
        !KiReadMemory(Chars, DriverName.Buffer, Length * sizeof(WCHAR)))
        return FALSE;
    if (Length >= Capacity)
        Length = (USHORT)(Capacity - 1);
    for (USHORT i = 0; i < Length; i++)
        Name[i] = Chars[i] >= 0x20 && Chars[i] < 0x7F ? (char)Chars[i] : '?';
    Name[Length] = 0;
    return TRUE;
}

/* Reads the IRP header; *Live tells whether it still is an IRP (Type). FALSE: unreadable. */
static BOOLEAN KipReadIrp(PIRP Irp, IRP *Copy, BOOLEAN *Live)
{
    if (Irp == NULL || !KiReadMemory(Copy, Irp, sizeof *Copy))
        return FALSE;
    *Live = Copy->Type == IO_TYPE_IRP && Copy->StackCount >= 0;
    return TRUE;
}

static PIO_STACK_LOCATION KipLocation(PIRP Irp, LONG Index)    /* 1-based, as !irp counts */
{
    return (PIO_STACK_LOCATION)(Irp + 1) + (Index - 1);
}

/* The device of the IRP's current location, if it has one. */
static PDEVICE_OBJECT KipCurrentDevice(PIRP Irp, const IRP *Copy)
{
    IO_STACK_LOCATION Stack;

    if (Copy->CurrentLocation < 1 || Copy->CurrentLocation > Copy->StackCount ||
        !KiReadMemory(&Stack, KipLocation(Irp, Copy->CurrentLocation), sizeof Stack))
        return NULL;
    return Stack.DeviceObject;
}

static VOID KipAppendHex(KI_REPORT *Report, const char *Key, ULONG_PTR Value, BOOLEAN Comma)
{
    KiReportAppend(Report, "\"%s\": \"0x%llx\"%s", Key, (unsigned long long)Value, Comma ? ", " : "");
}

/* PUBLIC FUNCTIONS **********************************************************************/

PIRP KiTakeReportIrp(VOID)
{
    PIRP Irp = KiBugCheckIrp;

    KiBugCheckIrp = NULL;
    if (Irp == NULL && KiBugCheckActiveIrpQuery != NULL)
        Irp = KiBugCheckActiveIrpQuery();
    return Irp;
}

VOID KiAppendIrpText(KI_REPORT *Report, PIRP Irp)
{
    IRP Copy;
    BOOLEAN Live;
    PDEVICE_OBJECT Device;
    PDRIVER_OBJECT Driver;
    char DriverName[128];
    LONG Count;

    if (Irp == NULL)
        return;
    if (!KipReadIrp(Irp, &Copy, &Live)) {
        KiReportAppend(Report, "IRP_DECODE:  the IRP at %016llx cannot be read (freed or a bad "
                       "pointer)\n\n", (unsigned long long)(ULONG_PTR)Irp);
        return;
    }
    if (!Live) {
        KiReportAppend(Report, "IRP_DECODE:  %016llx is no longer a live IRP (Type 0x%x, not "
                       "IO_TYPE_IRP): it was freed already, or never was an IRP\n\n",
                       (unsigned long long)(ULONG_PTR)Irp, (unsigned)(USHORT)Copy.Type);
        return;
    }

    Device = KipCurrentDevice(Irp, &Copy);
    if (Device != NULL) {
        KipDeviceDriverName(Device, DriverName, sizeof DriverName, &Driver);
        KiReportAppend(Report, "DEVICE_OBJECT: %016llx\n", (unsigned long long)(ULONG_PTR)Device);
        if (Driver != NULL)
            KiReportAppend(Report, "DRIVER_OBJECT: %016llx %s\n",
                           (unsigned long long)(ULONG_PTR)Driver, DriverName);
    }

    /* The !irp layout, field for field. */
    KiReportAppend(Report, "\n!irp %016llx\n", (unsigned long long)(ULONG_PTR)Irp);
    KiReportAppend(Report, "Irp is active with %d stacks %d is current (= 0x%016llx)\n",
                   Copy.StackCount, Copy.CurrentLocation,
                   (unsigned long long)(ULONG_PTR)Copy.Tail.Overlay.CurrentStackLocation);
    if (Copy.MdlAddress)
        KiReportAppend(Report, " Mdl=%016llx: ", (unsigned long long)(ULONG_PTR)Copy.MdlAddress);
    else
        KiReportAppend(Report, " No Mdl: ");
    if (Copy.AssociatedIrp.SystemBuffer && !(Copy.Flags & IRP_ASSOCIATED_IRP))
        KiReportAppend(Report, "System buffer=%016llx: ",
                       (unsigned long long)(ULONG_PTR)Copy.AssociatedIrp.SystemBuffer);
    else
        KiReportAppend(Report, "No System Buffer: ");
    KiReportAppend(Report, "Thread %016llx:  Irp stack trace.%s\n",
                   (unsigned long long)(ULONG_PTR)Copy.Tail.Overlay.Thread,
                   Copy.PendingReturned ? "  Pending has been returned" : "");
    KiReportAppend(Report, "     cmd  flg cl Device   File     Completion-Context\n");

    Count = Copy.StackCount < KI_IRP_MAX_DECODED_LOCATIONS ? Copy.StackCount
                                                           : KI_IRP_MAX_DECODED_LOCATIONS;
    for (LONG i = 1; i <= Count; i++) {
        IO_STACK_LOCATION Stack;
        BOOLEAN Current = i == Copy.CurrentLocation;

        if (!KiReadMemory(&Stack, KipLocation(Irp, i), sizeof Stack)) {
            KiReportAppend(Report, "%c[location %d cannot be read]\n", Current ? '>' : ' ', (int)i);
            break;
        }
        if (KipLocationUnused(&Stack)) {
            KiReportAppend(Report, "%c[N/A(0), N/A(0)]\n", Current ? '>' : ' ');
        } else {
            KiReportAppend(Report, "%c[%s(%x), %s(%x)]\n", Current ? '>' : ' ',
                           KipMajorName(Stack.MajorFunction), Stack.MajorFunction,
                           KipMinorName(Stack.MajorFunction, Stack.MinorFunction),
                           Stack.MinorFunction);
        }
        KiReportAppend(Report, "           %2x %2x %016llx %016llx %016llx-%016llx   %s%s%s%s\n",
                       Stack.Flags, Stack.Control,
                       (unsigned long long)(ULONG_PTR)Stack.DeviceObject,
                       (unsigned long long)(ULONG_PTR)Stack.FileObject,
                       (unsigned long long)(ULONG_PTR)Stack.CompletionRoutine,
                       (unsigned long long)(ULONG_PTR)Stack.Context,
                       (Stack.Control & SL_INVOKE_ON_SUCCESS) ? " Success" : "",
                       (Stack.Control & SL_INVOKE_ON_ERROR) ? " Error" : "",
                       (Stack.Control & SL_INVOKE_ON_CANCEL) ? " Cancel" : "",
                       (Stack.Control & SL_PENDING_RETURNED) ? " pending" : "");
        if (Stack.DeviceObject != NULL || Stack.CompletionRoutine != NULL) {
            PDRIVER_OBJECT Owner;
            KipDeviceDriverName(Stack.DeviceObject, DriverName, sizeof DriverName, &Owner);
            KiReportAppend(Report, "\t       %s", DriverName);
            if (Stack.CompletionRoutine != NULL) {
                KiReportAppend(Report, "\t");
                KiAppendSymbol(Report, (PVOID)Stack.CompletionRoutine, FALSE, FALSE);
            }
            KiReportAppend(Report, "\n");
        } else {
            KiReportAppend(Report, "\n");
        }
        KiReportAppend(Report, "\t\t\tArgs: %016llx %016llx %016llx %016llx\n",
                       (unsigned long long)(ULONG_PTR)Stack.Parameters.Others.Argument1,
                       (unsigned long long)(ULONG_PTR)Stack.Parameters.Others.Argument2,
                       (unsigned long long)(ULONG_PTR)Stack.Parameters.Others.Argument3,
                       (unsigned long long)(ULONG_PTR)Stack.Parameters.Others.Argument4);
    }
    if (Copy.StackCount > Count)
        KiReportAppend(Report, " (%d more stack locations not shown)\n", Copy.StackCount - Count);
    KiReportAppend(Report, "IRP_FLAGS:  %08x  IRP_STATUS:  %08x  IRP_INFORMATION:  %llx%s\n\n",
                   (unsigned)Copy.Flags, (unsigned)Copy.IoStatus.Status,
                   (unsigned long long)Copy.IoStatus.Information,
                   Copy.Cancel ? "  (cancelled)" : "");
}

VOID KiAppendIrpJson(KI_REPORT *Report, PIRP Irp)
{
    IRP Copy;
    BOOLEAN Live;
    LONG Count;
    char DriverName[128];
    PDRIVER_OBJECT Driver;
    PDEVICE_OBJECT Device;

    if (Irp == NULL) {
        KiReportAppend(Report, "null");
        return;
    }
    KiReportAppend(Report, "{");
    KipAppendHex(Report, "address", (ULONG_PTR)Irp, TRUE);
    if (!KipReadIrp(Irp, &Copy, &Live)) {
        KiReportAppend(Report, "\"readable\": false, \"live\": false}");
        return;
    }
    KiReportAppend(Report, "\"readable\": true, \"live\": %s, \"type\": %d",
                   Live ? "true" : "false", Copy.Type);
    if (!Live) {
        KiReportAppend(Report, "}");
        return;
    }
    Device = KipCurrentDevice(Irp, &Copy);
    KipDeviceDriverName(Device, DriverName, sizeof DriverName, &Driver);
    KiReportAppend(Report, ", \"stack_count\": %d, \"current_location\": %d, ", Copy.StackCount,
                   Copy.CurrentLocation);
    KipAppendHex(Report, "device", (ULONG_PTR)Device, TRUE);
    KipAppendHex(Report, "driver_object", (ULONG_PTR)Driver, TRUE);
    KiReportAppend(Report, "\"driver_name\": ");
    KiReportJsonString(Report, DriverName[0] ? DriverName : NULL);
    KiReportAppend(Report, ", ");
    KipAppendHex(Report, "flags", Copy.Flags, TRUE);
    KipAppendHex(Report, "status", (ULONG)Copy.IoStatus.Status, TRUE);
    KipAppendHex(Report, "information", Copy.IoStatus.Information, TRUE);
    KipAppendHex(Report, "mdl", (ULONG_PTR)Copy.MdlAddress, TRUE);
    KipAppendHex(Report, "system_buffer",
                 (Copy.Flags & IRP_ASSOCIATED_IRP) ? 0 : (ULONG_PTR)Copy.AssociatedIrp.SystemBuffer,
                 TRUE);
    KipAppendHex(Report, "thread", (ULONG_PTR)Copy.Tail.Overlay.Thread, TRUE);
    KiReportAppend(Report, "\"pending_returned\": %s, \"cancel\": %s, \"stack\": [",
                   Copy.PendingReturned ? "true" : "false", Copy.Cancel ? "true" : "false");

    Count = Copy.StackCount < KI_IRP_MAX_DECODED_LOCATIONS ? Copy.StackCount
                                                           : KI_IRP_MAX_DECODED_LOCATIONS;
    for (LONG i = 1; i <= Count; i++) {
        IO_STACK_LOCATION Stack;
        KI_REPORT Symbol;
        char SymbolText[256];

        if (!KiReadMemory(&Stack, KipLocation(Irp, i), sizeof Stack))
            break;
        KipDeviceDriverName(Stack.DeviceObject, DriverName, sizeof DriverName, &Driver);
        KiReportAppend(Report, "%s{\"index\": %d, \"current\": %s, \"major\": %u, ", i > 1 ? ", " : "",
                       (int)i, i == Copy.CurrentLocation ? "true" : "false", Stack.MajorFunction);
        KiReportAppend(Report, "\"major_name\": ");
        KiReportJsonString(Report, KipLocationUnused(&Stack) ? "N/A" : KipMajorName(Stack.MajorFunction));
        KiReportAppend(Report, ", \"minor\": %u, \"minor_name\": ", Stack.MinorFunction);
        KiReportJsonString(Report, KipMinorName(Stack.MajorFunction, Stack.MinorFunction));
        KiReportAppend(Report, ", ");
        KipAppendHex(Report, "flags", Stack.Flags, TRUE);
        KipAppendHex(Report, "control", Stack.Control, TRUE);
        KipAppendHex(Report, "device", (ULONG_PTR)Stack.DeviceObject, TRUE);
        KiReportAppend(Report, "\"driver_name\": ");
        KiReportJsonString(Report, DriverName[0] ? DriverName : NULL);
        KiReportAppend(Report, ", ");
        KipAppendHex(Report, "file", (ULONG_PTR)Stack.FileObject, TRUE);
        KipAppendHex(Report, "completion_routine", (ULONG_PTR)Stack.CompletionRoutine, TRUE);
        Symbol.Buffer = SymbolText;
        Symbol.Capacity = sizeof SymbolText;
        Symbol.Length = 0;
        SymbolText[0] = 0;
        if (Stack.CompletionRoutine != NULL)
            KiAppendSymbol(&Symbol, (PVOID)Stack.CompletionRoutine, FALSE, FALSE);
        KiReportAppend(Report, "\"completion_symbol\": ");
        KiReportJsonString(Report, Stack.CompletionRoutine != NULL ? SymbolText : NULL);
        KiReportAppend(Report, ", ");
        KipAppendHex(Report, "context", (ULONG_PTR)Stack.Context, TRUE);
        KiReportAppend(Report, "\"invoke_on\": [%s%s%s%s%s%s], \"pending\": %s, ",
                       (Stack.Control & SL_INVOKE_ON_SUCCESS) ? "\"success\"" : "",
                       (Stack.Control & SL_INVOKE_ON_SUCCESS) &&
                               (Stack.Control & (SL_INVOKE_ON_ERROR | SL_INVOKE_ON_CANCEL)) ? ", " : "",
                       (Stack.Control & SL_INVOKE_ON_ERROR) ? "\"error\"" : "",
                       (Stack.Control & SL_INVOKE_ON_ERROR) && (Stack.Control & SL_INVOKE_ON_CANCEL)
                           ? ", " : "",
                       (Stack.Control & SL_INVOKE_ON_CANCEL) ? "\"cancel\"" : "", "",
                       (Stack.Control & SL_PENDING_RETURNED) ? "true" : "false");
        KiReportAppend(Report, "\"args\": [\"0x%llx\", \"0x%llx\", \"0x%llx\", \"0x%llx\"]}",
                       (unsigned long long)(ULONG_PTR)Stack.Parameters.Others.Argument1,
                       (unsigned long long)(ULONG_PTR)Stack.Parameters.Others.Argument2,
                       (unsigned long long)(ULONG_PTR)Stack.Parameters.Others.Argument3,
                       (unsigned long long)(ULONG_PTR)Stack.Parameters.Others.Argument4);
    }
    KiReportAppend(Report, "]}");
}
