/*
 * PURPOSE: Driver objects: creating a driver (\Driver\<name>) and running its DriverEntry,
 * unloading it through DriverUnload, driver-object extensions, the I/O database lock and
 * the I/O manager's object-type procedures for the Driver type.
 *
 * Lifetime: IopCreateDriver names the driver object permanently (the name holds one
 * reference) and hands the loader a second one. Every device object the driver creates holds
 * one more, so the driver object - and through IopReleaseDriverSection the loader's image -
 * stays until the last device of the driver is gone: nothing can call into an unmapped image.
 */

/* ==== INCLUDES ======================================================================== */

#include <internal/io.h>
#include <internal/ob.h>
#include <internal/ke.h>
#include <internal/invoke.h>
#include <internal/verifier.h>
#include <internal/ldr.h>
#include <bugcodes.h>
#include <pthread.h>
#include <string.h>

/* ==== GLOBALS ========================================================================= */

#define IOP_TAG_DRIVER_NAME 'nDoI'
#define IOP_TAG_DRIVER_EXT  'eDoI'

VOID (*IopReleaseDriverSection)(PVOID DriverSection);

static KSPIN_LOCK IopDatabaseLock;
static pthread_once_t IopTypesOnce = PTHREAD_ONCE_INIT;

/* What Windows gives legacy drivers as DriverObject->HardwareDatabase. */
static UNICODE_STRING IopHardwareDatabase =
    RTL_CONSTANT_STRING(L"\\REGISTRY\\MACHINE\\HARDWARE\\DESCRIPTION\\SYSTEM");

/* An IoAllocateDriverObjectExtension block: this header, then the client's bytes. */
typedef struct DECLSPEC_ALIGN(16) _IOP_CLIENT_EXTENSION {
    LIST_ENTRY Link;
    PVOID ClientIdentificationAddress;
} IOP_CLIENT_EXTENSION, *PIOP_CLIENT_EXTENSION;

/* ==== PRIVATE FUNCTIONS =============================================================== */

KIRQL IopAcquireDatabaseLock(VOID)
{
    KIRQL OldIrql;
    KeAcquireSpinLock(&IopDatabaseLock, &OldIrql);
    return OldIrql;
}

VOID IopReleaseDatabaseLock(KIRQL OldIrql)
{
    KeReleaseSpinLock(&IopDatabaseLock, OldIrql);
}

static VOID IopReleaseSection(PVOID DriverSection)
{
    if (DriverSection != NULL && IopReleaseDriverSection != NULL)
        IopReleaseDriverSection(DriverSection);
}

/* The Driver type's delete procedure: the last reference to a driver object went. */
static VOID IopDeleteDriver(PVOID Object)
{
    PDRIVER_OBJECT Driver = Object;
    PIOP_DRIVER_EXTENSION Ext = IopGetDriverExtension(Driver);

    while (Ext->ClientExtensions.Flink != NULL && !IsListEmpty(&Ext->ClientExtensions)) {
        PLIST_ENTRY Entry = RemoveHeadList(&Ext->ClientExtensions);
        ExFreePoolWithTag(CONTAINING_RECORD(Entry, IOP_CLIENT_EXTENSION, Link),
                          IOP_TAG_DRIVER_EXT);
    }
    /* The verifier's end-of-life checks run where Windows runs them: as the image goes
       (while the driver's names still exist, for their reports). */
    VfDriverUnloaded(Driver);
    if (Driver->DriverName.Buffer != NULL)
        ExFreePoolWithTag(Driver->DriverName.Buffer, IOP_TAG_DRIVER_NAME);
    if (Ext->Public.ServiceKeyName.Buffer != NULL)
        ExFreePoolWithTag(Ext->Public.ServiceKeyName.Buffer, IOP_TAG_DRIVER_NAME);
    VfDriverDeleted(Driver);
    /* The image goes last: nothing refers to the driver any more. */
    IopReleaseSection(Driver->DriverSection);
}

static VOID IopInitializeTypesOnce(VOID)
{
    /* The object manager creates the types at load time; the I/O manager attaches its
       procedures before the first object of them exists. */
    (*IoDriverObjectType)->TypeInfo.DeleteProcedure = IopDeleteDriver;
    (*IoDeviceObjectType)->TypeInfo.DeleteProcedure = IopDeleteDeviceObject;
    KeInitializeSpinLock(&IopDatabaseLock);
}

VOID IopInitializeObjectTypes(VOID)
{
    pthread_once(&IopTypesOnce, IopInitializeTypesOnce);
}

/* A pool copy of Source (NUL-terminated, not counted in Length). */
static NTSTATUS IopCopyString(PUNICODE_STRING Dest, const WCHAR *Buffer, USHORT Length)
{
    Dest->Buffer = ExAllocatePoolZero(NonPagedPoolNx, (SIZE_T)Length + sizeof(WCHAR),
                                      IOP_TAG_DRIVER_NAME);
    if (Dest->Buffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    if (Length != 0)
        memcpy(Dest->Buffer, Buffer, Length);
    Dest->Length = Length;
    Dest->MaximumLength = (USHORT)(Length + sizeof(WCHAR));
    return STATUS_SUCCESS;
}

/* The last path component of Path ("\\Registry\\...\\Services\\foo" -> "foo"). */
static VOID IopLastComponent(PCUNICODE_STRING Path, const WCHAR **Buffer, USHORT *Length)
{
    USHORT Count = Path->Length / sizeof(WCHAR), Start = Count;

    while (Start > 0 && Path->Buffer[Start - 1] != L'\\')
        Start--;
    *Buffer = Path->Buffer + Start;
    *Length = (USHORT)((Count - Start) * sizeof(WCHAR));
}

/*
 * A DriverEntry or DriverUnload that returns at another IRQL than it was called at. On
 * Windows the loader runs in a system worker thread, and the mistake surfaces later in
 * whatever runs next; kmode stops at the boundary with 0xC8 IRQL_UNEXPECTED_VALUE in its
 * "callout" form (UniqueValue 2): P1 = (current << 16) | (expected << 8) | 2, P2 = the
 * routine, P3 = its parameter (the driver object).
 */
static VOID IopCheckCalloutIrql(KIRQL Expected, PVOID Routine, PDRIVER_OBJECT DriverObject,
                                const char *Explanation)
{
    KIRQL Current = KeGetCurrentIrql();

    if (Current != Expected) {
        KiBugCheckAtFault(IRQL_UNEXPECTED_VALUE,
                          ((ULONG_PTR)Current << 16) | ((ULONG_PTR)Expected << 8) | 2,
                          (ULONG_PTR)Routine, (ULONG_PTR)DriverObject, 0, Routine, Explanation);
    }
}

/* After a successful DriverEntry (a legacy driver): its devices may now be opened. */
static VOID IopReadyDeviceObjects(PDRIVER_OBJECT DriverObject)
{
    KIRQL OldIrql = IopAcquireDatabaseLock();

    for (PDEVICE_OBJECT Device = DriverObject->DeviceObject; Device != NULL;
         Device = Device->NextDevice)
        Device->Flags &= ~DO_DEVICE_INITIALIZING;
    DriverObject->Flags |= IOP_DRVO_INITIALIZED;
    IopReleaseDatabaseLock(OldIrql);
}

/*
 * The dispatch routine every MajorFunction entry starts with: the request is not one the
 * driver handles. Completes it with STATUS_INVALID_DEVICE_REQUEST (Information 0).
 */
NTSTATUS NTAPI IopInvalidDeviceRequest(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_INVALID_DEVICE_REQUEST;
}

/* A device of the driver still open, or with a device attached above it. Lock held. */
static BOOLEAN IopDriverBusy(PDRIVER_OBJECT DriverObject)
{
    for (PDEVICE_OBJECT Device = DriverObject->DeviceObject; Device != NULL;
         Device = Device->NextDevice)
        if (Device->ReferenceCount != 0 || Device->AttachedDevice != NULL)
            return TRUE;
    return FALSE;
}

/* DriverUnload (PASSIVE_LEVEL), then the name and the loader's reference go. */
static VOID IopFinishUnload(PDRIVER_OBJECT DriverObject)
{
    PDRIVER_UNLOAD Unload = DriverObject->DriverUnload;
    KIRQL Irql = KeGetCurrentIrql();

    KiInvokeDriverUnload(Unload, DriverObject);
    IopCheckCalloutIrql(Irql, (PVOID)Unload, DriverObject,
                        "DriverUnload returned at another IRQL than it was called at.");
    ObMakeTemporaryObject(DriverObject);
    ObDereferenceObject(DriverObject);
}

static VOID NTAPI IopUnloadWorker(PVOID Parameter)
{
    IopFinishUnload(Parameter);
}

/* ==== PUBLIC FUNCTIONS (internal) ===================================================== */

/*
 * IopCreateDriver: see src/include/internal/io.h. PASSIVE_LEVEL.
 */
NTSTATUS IopCreateDriver(PCUNICODE_STRING DriverName, PDRIVER_INITIALIZE Init,
                         PCUNICODE_STRING RegistryPath, PVOID ImageStart, ULONG ImageSize,
                         PVOID DriverSection, PDRIVER_OBJECT *DriverObject)
{
    OBJECT_ATTRIBUTES Attributes;
    PDRIVER_OBJECT Driver, Referenced = NULL;
    PIOP_DRIVER_EXTENSION Ext;
    const WCHAR *KeyName;
    USHORT KeyLength;
    NTSTATUS Status;
    KIRQL Irql;

    PAGED_CODE();
    *DriverObject = NULL;
    if (DriverName == NULL || Init == NULL || DriverName->Length == 0) {
        IopReleaseSection(DriverSection);
        return STATUS_INVALID_PARAMETER;
    }
    IopInitializeObjectTypes();

    InitializeObjectAttributes(&Attributes, RTL_CONST_CAST(PUNICODE_STRING)(DriverName),
                               OBJ_PERMANENT | OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL,
                               NULL);
    Status = ObpCreateObject(*IoDriverObjectType, &Attributes, KernelMode,
                             sizeof(DRIVER_OBJECT) + sizeof(IOP_DRIVER_EXTENSION),
                             (PVOID *)&Driver);
    if (!NT_SUCCESS(Status)) {
        IopReleaseSection(DriverSection);
        return Status;
    }

    /* From here the driver object's deletion releases the image, on any failure too. */
    Driver->DriverSection = DriverSection;
    Ext = (PIOP_DRIVER_EXTENSION)(Driver + 1);
    InitializeListHead(&Ext->ClientExtensions);
    Ext->Public.DriverObject = Driver;
    Driver->Type = IO_TYPE_DRIVER;
    Driver->Size = sizeof(DRIVER_OBJECT);
    Driver->DriverExtension = &Ext->Public;
    Driver->DriverInit = Init;
    Driver->DriverStart = ImageStart;
    Driver->DriverSize = ImageSize;
    Driver->HardwareDatabase = &IopHardwareDatabase;
    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        Driver->MajorFunction[i] = IopInvalidDeviceRequest;

    /* No registry path (a driver kmode creates itself): the service key name is the
       driver's own name, as Windows does for IoCreateDriver. */
    IopLastComponent(RegistryPath != NULL ? RegistryPath : DriverName, &KeyName, &KeyLength);
    Status = IopCopyString(&Driver->DriverName, DriverName->Buffer, DriverName->Length);
    if (NT_SUCCESS(Status))
        Status = IopCopyString(&Ext->Public.ServiceKeyName, KeyName, KeyLength);
    if (!NT_SUCCESS(Status)) {
        /* Never inserted: the delete procedure frees what was allocated. */
        ObDereferenceObject(Driver);
        return Status;
    }
    Status = ObpInsertObject(Driver, 0, KernelMode, (PVOID *)&Referenced, NULL);
    if (!NT_SUCCESS(Status)) {
        /* The object is deleted (its delete procedure released DriverSection). */
        return Status;
    }

    VfDriverCreated(Driver, (PVOID)Init);
    Irql = KeGetCurrentIrql();
    Status = KiInvokeDriverEntry(Init, Driver, RTL_CONST_CAST(PUNICODE_STRING)(RegistryPath));
    IopCheckCalloutIrql(Irql, (PVOID)Init, Driver,
                        "DriverEntry returned at another IRQL than it was called at.");

    if (!NT_SUCCESS(Status)) {
        /* As Windows: no DriverUnload; the name goes and so does the loader's reference.
           Devices the driver left behind keep the object (and its image) alive. */
        ObMakeTemporaryObject(Driver);
        ObDereferenceObject(Referenced);
        return Status;
    }
    /* Initialized: the image's INIT code goes, as on Windows. */
    MmpDiscardInitSections((PVOID)Init);
    if (Ext->Public.AddDevice == NULL)
        Driver->Flags |= DRVO_LEGACY_DRIVER;
    IopReadyDeviceObjects(Driver);
    *DriverObject = Referenced;
    return Status;
}

/*
 * IopUnloadDriver: see src/include/internal/io.h. PASSIVE_LEVEL. On failure nothing
 * changes and the caller keeps its reference.
 *
 * As Windows' IopUnloadDriver: every device of the driver is marked DOE_UNLOAD_PENDING (no
 * new opens or attachments); when one of them is still open (ReferenceCount) or has a
 * device attached above it, DriverUnload waits until the last such open or attachment goes
 * (IopCheckPendingUnload). The caller's reference is consumed either way.
 */
NTSTATUS IopUnloadDriver(PDRIVER_OBJECT DriverObject)
{
    PIOP_DRIVER_EXTENSION Ext = IopGetDriverExtension(DriverObject);
    BOOLEAN Busy;
    KIRQL OldIrql;

    PAGED_CODE();
    OldIrql = IopAcquireDatabaseLock();
    if (DriverObject->DriverUnload == NULL || Ext->UnloadPending ||
        (DriverObject->Flags & DRVO_UNLOAD_INVOKED)) {
        IopReleaseDatabaseLock(OldIrql);
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    for (PDEVICE_OBJECT Device = DriverObject->DeviceObject; Device != NULL;
         Device = Device->NextDevice)
        IopGetDevObjExtension(Device)->ExtensionFlags |= DOE_UNLOAD_PENDING;
    Ext->UnloadPending = TRUE;
    Busy = IopDriverBusy(DriverObject);
    if (!Busy)
        DriverObject->Flags |= DRVO_UNLOAD_INVOKED;
    IopReleaseDatabaseLock(OldIrql);

    if (!Busy)
        IopFinishUnload(DriverObject);
    return STATUS_SUCCESS;
}

VOID IopCheckPendingUnload(PDEVICE_OBJECT DeviceObject)
{
    PDRIVER_OBJECT Driver = DeviceObject->DriverObject;
    PIOP_DRIVER_EXTENSION Ext = IopGetDriverExtension(Driver);
    BOOLEAN Run;
    KIRQL OldIrql = IopAcquireDatabaseLock();

    Run = Ext->UnloadPending && !(Driver->Flags & DRVO_UNLOAD_INVOKED) && !IopDriverBusy(Driver);
    if (Run)
        Driver->Flags |= DRVO_UNLOAD_INVOKED;
    IopReleaseDatabaseLock(OldIrql);
    if (!Run)
        return;
    if (KeGetCurrentIrql() == PASSIVE_LEVEL) {
        IopFinishUnload(Driver);
    } else {
        /* DriverUnload runs at PASSIVE_LEVEL: a system worker does it. The loader's
           reference, dropped there, keeps the driver object until then. */
        ExInitializeWorkItem(&Ext->UnloadWorkItem, IopUnloadWorker, Driver);
        ExQueueWorkItem(&Ext->UnloadWorkItem, DelayedWorkQueue);
    }
}

/* ==== PUBLIC FUNCTIONS ================================================================ */

/*
 * IoAllocateDriverObjectExtension
 * @implemented
 * <= DISPATCH_LEVEL. Allocates a zeroed block of DriverObjectExtensionSize bytes (16-byte
 * aligned) that lives as long as the driver object, found again with
 * IoGetDriverObjectExtension(DriverObject, ClientIdentificationAddress).
 * STATUS_OBJECT_NAME_COLLISION when that key already has a block; STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS NTAPI IoAllocateDriverObjectExtension(PDRIVER_OBJECT DriverObject,
                                               PVOID ClientIdentificationAddress,
                                               ULONG DriverObjectExtensionSize,
                                               PVOID *DriverObjectExtension)
{
    PIOP_DRIVER_EXTENSION Ext = IopGetDriverExtension(DriverObject);
    PIOP_CLIENT_EXTENSION Block;
    NTSTATUS Status = STATUS_SUCCESS;
    KIRQL OldIrql;

    *DriverObjectExtension = NULL;
    Block = ExAllocatePoolZero(NonPagedPoolNx,
                               sizeof(IOP_CLIENT_EXTENSION) + (SIZE_T)DriverObjectExtensionSize,
                               IOP_TAG_DRIVER_EXT);
    if (Block == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    Block->ClientIdentificationAddress = ClientIdentificationAddress;

    OldIrql = IopAcquireDatabaseLock();
    for (PLIST_ENTRY e = Ext->ClientExtensions.Flink; e != &Ext->ClientExtensions; e = e->Flink) {
        if (CONTAINING_RECORD(e, IOP_CLIENT_EXTENSION, Link)->ClientIdentificationAddress ==
            ClientIdentificationAddress) {
            Status = STATUS_OBJECT_NAME_COLLISION;
            break;
        }
    }
    if (NT_SUCCESS(Status))
        InsertTailList(&Ext->ClientExtensions, &Block->Link);
    IopReleaseDatabaseLock(OldIrql);

    if (!NT_SUCCESS(Status)) {
        ExFreePoolWithTag(Block, IOP_TAG_DRIVER_EXT);
        return Status;
    }
    *DriverObjectExtension = Block + 1;
    return STATUS_SUCCESS;
}

/*
 * IoGetDriverObjectExtension
 * @implemented
 * <= DISPATCH_LEVEL. The block IoAllocateDriverObjectExtension made for
 * ClientIdentificationAddress, or NULL.
 */
PVOID NTAPI IoGetDriverObjectExtension(PDRIVER_OBJECT DriverObject,
                                       PVOID ClientIdentificationAddress)
{
    PIOP_DRIVER_EXTENSION Ext = IopGetDriverExtension(DriverObject);
    PVOID Result = NULL;
    KIRQL OldIrql = IopAcquireDatabaseLock();

    for (PLIST_ENTRY e = Ext->ClientExtensions.Flink; e != &Ext->ClientExtensions; e = e->Flink) {
        PIOP_CLIENT_EXTENSION Block = CONTAINING_RECORD(e, IOP_CLIENT_EXTENSION, Link);
        if (Block->ClientIdentificationAddress == ClientIdentificationAddress) {
            Result = Block + 1;
            break;
        }
    }
    IopReleaseDatabaseLock(OldIrql);
    return Result;
}

/*
 * IoIsWdmVersionAvailable
 * @implemented
 * Any IRQL. TRUE when the requested WDM version is at most the one kmode provides
 * (WDM_MAJORVERSION.WDM_MINORVERSION, 6.00: Windows Vista and later report 6.00).
 */
BOOLEAN NTAPI IoIsWdmVersionAvailable(UCHAR MajorVersion, UCHAR MinorVersion)
{
    if (MajorVersion != WDM_MAJORVERSION)
        return MajorVersion < WDM_MAJORVERSION;
    return MinorVersion <= WDM_MINORVERSION;
}
