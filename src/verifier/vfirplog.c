/*
 * PURPOSE: Driver Verifier's IRP logging (0x400): the last VF_IRP_LOG_ENTRIES IRPs
 * dispatched to each device of a verified driver, with time, thread, IRQL and the status
 * the dispatch routine returned, as !verifier 0x100 shows Windows' IRP log. Shown in
 * bugcheck reports (VfIrpLogFormat) and read by the gdb extension (VfIrpLogTable, layout
 * in docs/verifier.md).
 */

/* INCLUDES ******************************************************************************/

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <internal/ke.h>
#include <internal/kireport.h>
#include <internal/vfhooks.h>

/* GLOBALS *******************************************************************************/

VF_IRP_LOG VfIrpLogTable[VF_IRP_LOG_DEVICES];

static volatile LONG VfpLogLock;
static volatile LONG VfpLogRegistered;

static const char *const VfpMajorNames[IRP_MJ_MAXIMUM_FUNCTION + 1] = {
    "CREATE", "CREATE_NAMED_PIPE", "CLOSE", "READ", "WRITE", "QUERY_INFORMATION",
    "SET_INFORMATION", "QUERY_EA", "SET_EA", "FLUSH_BUFFERS", "QUERY_VOLUME_INFORMATION",
    "SET_VOLUME_INFORMATION", "DIRECTORY_CONTROL", "FILE_SYSTEM_CONTROL", "DEVICE_CONTROL",
    "INTERNAL_DEVICE_CONTROL", "SHUTDOWN", "LOCK_CONTROL", "CLEANUP", "CREATE_MAILSLOT",
    "QUERY_SECURITY", "SET_SECURITY", "POWER", "SYSTEM_CONTROL", "DEVICE_CHANGE",
    "QUERY_QUOTA", "SET_QUOTA", "PNP",
};

PDEVICE_OBJECT VfpCurrentDispatchDevice(VOID);   /* vfio.c */

/* PRIVATE FUNCTIONS *********************************************************************/

static VOID VfpLockLog(VOID)
{
    while (__atomic_exchange_n(&VfpLogLock, 1, __ATOMIC_ACQUIRE) != 0) {
        while (__atomic_load_n(&VfpLogLock, __ATOMIC_RELAXED) != 0)
            KiCpuRelax();
    }
}

/* For the report: the lock if it can be had soon, else none (a bugchecking thread may be
   the holder, and a stale line is better than a hang). */
static BOOLEAN VfpTryLockLog(VOID)
{
    for (ULONG i = 0; i < 100000; i++) {
        if (__atomic_exchange_n(&VfpLogLock, 1, __ATOMIC_ACQUIRE) == 0)
            return TRUE;
        KiCpuRelax();
    }
    return FALSE;
}

static VOID VfpUnlockLog(VOID)
{
    __atomic_store_n(&VfpLogLock, 0, __ATOMIC_RELEASE);
}

static VOID VfpIrpLogUnloadCheck(PDRIVER_OBJECT Driver, ULONG Flags, ULONG_PTR Low,
                                 ULONG_PTR High)
{
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(Low);
    UNREFERENCED_PARAMETER(High);
    VfIrpLogForgetDriver(Driver);
}


/* PUBLIC FUNCTIONS (internal, vfhooks.h) ************************************************/

VF_IRP_LOG_ENTRY *VfIrpLogDispatch(PDEVICE_OBJECT Device, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    VF_IRP_LOG *Log = NULL, *Free = NULL;
    VF_IRP_LOG_ENTRY *Entry;

    if (__atomic_load_n(&VfpLogRegistered, __ATOMIC_ACQUIRE) == 0 &&
        __atomic_exchange_n(&VfpLogRegistered, 1, __ATOMIC_ACQ_REL) == 0)
        VfRegisterUnloadCheck(VfpIrpLogUnloadCheck);

    VfpLockLog();
    for (ULONG i = 0; i < VF_IRP_LOG_DEVICES; i++) {
        if (VfIrpLogTable[i].Device == Device) {
            Log = &VfIrpLogTable[i];
            break;
        }
        if (Free == NULL && VfIrpLogTable[i].Device == NULL)
            Free = &VfIrpLogTable[i];
    }
    if (Log != NULL && Log->Driver != Device->DriverObject)
        Log->Count = 0;          /* a new device at a deleted one's address */
    if (Log == NULL && Free != NULL) {
        Log = Free;
        Log->Count = 0;
    }
    if (Log == NULL) {
        VfpUnlockLog();
        return NULL;             /* every slot taken: this device is not logged */
    }
    Log->Device = Device;
    Log->Driver = Device->DriverObject;
    Entry = &Log->Entries[Log->Count % VF_IRP_LOG_ENTRIES];
    Log->Count++;
    Entry->Irp = Irp;
    Entry->Thread = KiCurrentKThread();
    Entry->Time = (LONGLONG)KeQueryInterruptTime();
    Entry->MajorFunction = Stack->MajorFunction;
    Entry->MinorFunction = Stack->MinorFunction;
    Entry->Irql = KeGetCurrentIrql();
    Entry->Flags = 0;
    Entry->IoControlCode = (Stack->MajorFunction == IRP_MJ_DEVICE_CONTROL ||
                            Stack->MajorFunction == IRP_MJ_INTERNAL_DEVICE_CONTROL)
                               ? Stack->Parameters.DeviceIoControl.IoControlCode : 0;
    Entry->Status = 0;
    VfpUnlockLog();
    return Entry;
}

VOID VfIrpLogReturned(VF_IRP_LOG_ENTRY *Entry, PIRP Irp, NTSTATUS Status, BOOLEAN Forced)
{
    if (Entry == NULL)
        return;
    VfpLockLog();
    /* Unless a later dispatch took the entry over (the ring wrapped meanwhile). */
    if (Entry->Irp == Irp && !(Entry->Flags & VF_IRP_LOG_RETURNED)) {
        Entry->Status = Status;
        Entry->Flags |= VF_IRP_LOG_RETURNED | (Forced ? VF_IRP_LOG_FORCED : 0);
    }
    VfpUnlockLog();
}

VOID VfIrpLogForgetDriver(PDRIVER_OBJECT Driver)
{
    VfpLockLog();
    for (ULONG i = 0; i < VF_IRP_LOG_DEVICES; i++) {
        if (VfIrpLogTable[i].Driver == Driver) {
            VfIrpLogTable[i].Device = NULL;
            VfIrpLogTable[i].Driver = NULL;
            VfIrpLogTable[i].Count = 0;
        }
    }
    VfpUnlockLog();
}

SIZE_T VfIrpLogFormat(PDEVICE_OBJECT Device, char *Buffer, SIZE_T Capacity)
{
    KI_REPORT Text = { Buffer, Capacity, 0 };
    VF_IRP_LOG Copy;
    BOOLEAN Locked, Found = FALSE;
    LONGLONG Now = (LONGLONG)KeQueryInterruptTime();
    ULONG First, Shown;

    if (Capacity == 0)
        return 0;
    Buffer[0] = 0;
    if (Device == NULL)
        Device = VfpCurrentDispatchDevice();
    if (Device == NULL)
        return 0;
    Locked = VfpTryLockLog();
    for (ULONG i = 0; i < VF_IRP_LOG_DEVICES; i++) {
        if (VfIrpLogTable[i].Device == Device) {
            memcpy(&Copy, &VfIrpLogTable[i], sizeof(Copy));
            Found = TRUE;
            break;
        }
    }
    if (Locked)
        VfpUnlockLog();
    if (!Found || Copy.Count == 0)
        return 0;

    Shown = Copy.Count < VF_IRP_LOG_ENTRIES ? Copy.Count : VF_IRP_LOG_ENTRIES;
    First = Copy.Count - Shown;
    KiReportAppend(&Text, "VERIFIER_IRP_LOG:  device %016llx, last %u of %u IRPs (oldest first)\n",
              (unsigned long long)(ULONG_PTR)Device, Shown, Copy.Count);
    KiReportAppend(&Text, "    %-12s %-16s %-16s %-26s %-5s %s\n", "time (s)", "thread", "irp",
              "major (minor)", "irql", "returned");
    for (ULONG n = First; n < Copy.Count; n++) {
        const VF_IRP_LOG_ENTRY *e = &Copy.Entries[n % VF_IRP_LOG_ENTRIES];
        LONGLONG Age = Now - e->Time;
        char Major[40];
        char Returned[32];
        snprintf(Major, sizeof(Major), "%s (%x)",
                 e->MajorFunction <= IRP_MJ_MAXIMUM_FUNCTION ? VfpMajorNames[e->MajorFunction]
                                                            : "?", e->MinorFunction);
        if (e->Flags & VF_IRP_LOG_RETURNED)
            snprintf(Returned, sizeof(Returned), "%08x%s", (ULONG)e->Status,
                     (e->Flags & VF_IRP_LOG_FORCED) ? " (forced)" : "");
        else
            snprintf(Returned, sizeof(Returned), "(in dispatch)");
        KiReportAppend(&Text, "    -%lld.%06lld %016llx %016llx %-26s %-5u %s",
                  (long long)(Age / 10000000), (long long)((Age % 10000000) / 10),
                  (unsigned long long)(ULONG_PTR)e->Thread, (unsigned long long)(ULONG_PTR)e->Irp,
                  Major, e->Irql, Returned);
        if (e->IoControlCode != 0)
            KiReportAppend(&Text, "  ioctl %08x", e->IoControlCode);
        KiReportAppend(&Text, "\n");
    }
    return Text.Length;
}
