/*
 * PURPOSE: Native services for synchronization objects: events, semaphores, mutants
 * (Win32 mutexes), waits on handles and NtDelayExecution. Each takes the caller's
 * previous mode (ExGetPreviousMode): for a UserMode caller, handles come from the process
 * table, access rights are checked and pointers are probed (src/include/internal/ntnative.h).
 * The objects are the kernel's dispatcher objects (KEVENT through *ExEventObjectType, ...).
 */

/* INCLUDES ******************************************************************************/

#include <pthread.h>   /* pthread_once: C11 call_once is invisible to ThreadSanitizer */
#include <internal/ntnative.h>
#include <internal/ob.h>

/* GLOBALS *******************************************************************************/

static POBJECT_TYPE NtpMutantType;
/* What a wait on an object without a dispatcher object of its own (a directory, a key, a
   device...) waits on: a notification event that is always signaled, as Windows' default
   object. */
static KEVENT NtpDefaultObject;
static pthread_once_t NtpSyncOnce = PTHREAD_ONCE_INIT;

/* PRIVATE FUNCTIONS *********************************************************************/

/* A mutant goes away while owned (its owner closed every handle): it leaves the owner's
   list of held mutants. */
static VOID NtppDeleteMutant(PVOID Object)
{
    PKMUTANT Mutant = Object;

    KiAcquireDispatcherLock();
    if (Mutant->OwnerThread != NULL) {
        RemoveEntryList(&Mutant->MutantListEntry);
        Mutant->OwnerThread = NULL;
    }
    KiReleaseDispatcherLock();
}

static void NtppInitialize(void)
{
    static const WCHAR Name[] = L"Mutant";
    UNICODE_STRING TypeName = { sizeof(Name) - sizeof(WCHAR), sizeof(Name), (PWCH)Name };
    OBP_TYPE_INITIALIZER Init;
    NTSTATUS Status;

    RtlZeroMemory(&Init, sizeof(Init));
    Init.GenericMapping.GenericRead = STANDARD_RIGHTS_READ | MUTANT_QUERY_STATE;
    Init.GenericMapping.GenericWrite = STANDARD_RIGHTS_WRITE;
    Init.GenericMapping.GenericExecute = STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE;
    Init.GenericMapping.GenericAll = MUTANT_ALL_ACCESS;
    Init.ValidAccessMask = MUTANT_ALL_ACCESS;
    Init.PoolType = NonPagedPoolNx;
    Init.CaseInsensitive = FALSE;   /* as Windows' Mutant type: names compare case */
    Init.DeleteProcedure = NtppDeleteMutant;
    Status = ObpCreateObjectType(&TypeName, &Init, &NtpMutantType);
    if (!NT_SUCCESS(Status))
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, (ULONG_PTR)Status, 0x57, 0, 0);
    KeInitializeEvent(&NtpDefaultObject, NotificationEvent, TRUE);
}

/* Probes an optional output LONG before the service acts (Windows probes first). */
static NTSTATUS NtppProbeOptionalLong(PLONG Pointer, KPROCESSOR_MODE Mode)
{
    NTSTATUS Status = STATUS_SUCCESS;

    if (Pointer == NULL || Mode == KernelMode)
        return STATUS_SUCCESS;
    __try {
        NtpProbeForWrite(Pointer, sizeof(LONG), sizeof(LONG));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    return Status;
}

static NTSTATUS NtppProbeHandleOut(PHANDLE Handle, KPROCESSOR_MODE Mode)
{
    NTSTATUS Status = STATUS_SUCCESS;

    if (Mode == KernelMode)
        return STATUS_SUCCESS;
    __try {
        NtpProbeForWrite(Handle, sizeof(HANDLE), sizeof(HANDLE));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    return Status;
}

/* Copies a caller's timeout (probed for UserMode). *Result is NULL for "no timeout". */
static NTSTATUS NtppCaptureTimeout(PLARGE_INTEGER Timeout, KPROCESSOR_MODE Mode,
                                   PLARGE_INTEGER Buffer, PLARGE_INTEGER *Result)
{
    NTSTATUS Status = STATUS_SUCCESS;

    *Result = NULL;
    if (Timeout == NULL)
        return STATUS_SUCCESS;
    if (Mode == KernelMode) {
        *Buffer = *Timeout;
        *Result = Buffer;
        return STATUS_SUCCESS;
    }
    __try {
        NtpProbeForRead(Timeout, sizeof(LARGE_INTEGER), sizeof(ULONG));
        *Buffer = *(volatile LARGE_INTEGER *)Timeout;
        *Result = Buffer;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Status = GetExceptionCode();
    }
    return Status;
}

typedef VOID (*NTP_INIT_BODY)(PVOID Body, LONG_PTR A, LONG_PTR B);

/* Create (or, with OBJ_OPENIF and the name taken by the same type, open) a named or unnamed
   object and return a handle in the caller's mode. */
static NTSTATUS NtppCreate(POBJECT_TYPE Type, ULONG BodySize, NTP_INIT_BODY InitBody,
                           LONG_PTR A, LONG_PTR B, PHANDLE Handle, ACCESS_MASK DesiredAccess,
                           POBJECT_ATTRIBUTES ObjectAttributes)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    OBJECT_ATTRIBUTES Captured;
    UNICODE_STRING Name;
    HANDLE NewHandle = NULL;
    PVOID Body;
    NTSTATUS Status, ReturnStatus;

    Status = NtppProbeHandleOut(Handle, Mode);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = NtpCaptureObjectAttributes(ObjectAttributes, Mode, &Captured, &Name);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = ObpCreateObject(Type, ObjectAttributes ? &Captured : NULL, Mode, BodySize, &Body);
    if (NT_SUCCESS(Status)) {
        InitBody(Body, A, B);
        Status = ObpInsertObject(Body, DesiredAccess, Mode, NULL, &NewHandle);
    }
    NtpReleaseObjectAttributes(&Name);
    if (!NT_SUCCESS(Status))
        return Status;
    ReturnStatus = NtpReturnHandle(Handle, NewHandle, Mode);
    if (!NT_SUCCESS(ReturnStatus)) {
        ObpCloseHandle(NewHandle, Mode);
        return ReturnStatus;
    }
    return Status;   /* STATUS_OBJECT_NAME_EXISTS: an existing object was opened */
}

static NTSTATUS NtppOpen(POBJECT_TYPE Type, PHANDLE Handle, ACCESS_MASK DesiredAccess,
                         POBJECT_ATTRIBUTES ObjectAttributes)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    OBJECT_ATTRIBUTES Captured;
    UNICODE_STRING Name;
    HANDLE NewHandle = NULL;
    NTSTATUS Status;

    Status = NtppProbeHandleOut(Handle, Mode);
    if (!NT_SUCCESS(Status))
        return Status;
    if (ObjectAttributes == NULL)
        return STATUS_INVALID_PARAMETER;
    Status = NtpCaptureObjectAttributes(ObjectAttributes, Mode, &Captured, &Name);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = ObpOpenObjectByName(&Captured, Type, Mode, DesiredAccess, NULL, &NewHandle);
    NtpReleaseObjectAttributes(&Name);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = NtpReturnHandle(Handle, NewHandle, Mode);
    if (!NT_SUCCESS(Status))
        ObpCloseHandle(NewHandle, Mode);
    return Status;
}

static VOID NtppInitEvent(PVOID Body, LONG_PTR Type, LONG_PTR State)
{
    KeInitializeEvent(Body, (EVENT_TYPE)Type, (BOOLEAN)State);
}

static VOID NtppInitSemaphore(PVOID Body, LONG_PTR Count, LONG_PTR Limit)
{
    KeInitializeSemaphore(Body, (LONG)Count, (LONG)Limit);
}

static VOID NtppInitMutant(PVOID Body, LONG_PTR InitialOwner, LONG_PTR Unused)
{
    PKMUTANT Mutant = Body;
    UNREFERENCED_PARAMETER(Unused);

    Mutant->Header.Type = KI_MUTANT_OBJECT;
    Mutant->Header.Size = sizeof(KMUTANT) / sizeof(LONG);
    Mutant->Header.SignalState = 1;
    InitializeListHead(&Mutant->Header.WaitListHead);
    InitializeListHead(&Mutant->MutantListEntry);
    Mutant->OwnerThread = NULL;
    Mutant->Abandoned = FALSE;
    Mutant->ApcDisable = 0;   /* a user-mode mutant: no critical region for its owner */
    if (InitialOwner) {
        PKTHREAD Self = KiCurrentKThread();
        KiAcquireDispatcherLock();
        Mutant->Header.SignalState = 0;
        Mutant->OwnerThread = Self;
        InsertTailList(&Self->MutantListHead, &Mutant->MutantListEntry);
        KiReleaseDispatcherLock();
    }
}

/* Referenced object of Type behind Handle, with DesiredAccess checked for UserMode. */
static NTSTATUS NtppReference(HANDLE Handle, ACCESS_MASK DesiredAccess, POBJECT_TYPE Type,
                              PVOID *Object)
{
    return ObReferenceObjectByHandle(Handle, DesiredAccess, Type, ExGetPreviousMode(), Object,
                                     NULL);
}

typedef LONG (*NTP_EVENT_OPERATION)(PRKEVENT Event);

static LONG NtppSet(PRKEVENT Event) { return KeSetEvent(Event, EVENT_INCREMENT, FALSE); }
static LONG NtppReset(PRKEVENT Event) { return KeResetEvent(Event); }
static LONG NtppPulse(PRKEVENT Event) { return KePulseEvent(Event, EVENT_INCREMENT, FALSE); }
static LONG NtppClear(PRKEVENT Event) { KeClearEvent(Event); return 0; }

static NTSTATUS NtppEventOperation(HANDLE EventHandle, PLONG PreviousState,
                                   NTP_EVENT_OPERATION Operation)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    PVOID Event;
    LONG Previous;
    NTSTATUS Status;

    Status = NtppProbeOptionalLong(PreviousState, Mode);
    if (NT_SUCCESS(Status))
        Status = NtppReference(EventHandle, EVENT_MODIFY_STATE, *ExEventObjectType, &Event);
    if (!NT_SUCCESS(Status))
        return Status;
    Previous = Operation(Event);
    ObDereferenceObject(Event);
    return NtpReturnLong(PreviousState, Previous, Mode);
}

/* The object a wait on Object waits on (Windows: the type's default object). */
static PVOID NtppWaitObject(PVOID Object)
{
    POBJECT_TYPE Type = ObpGetObjectType(Object);

    if (Type == *ExEventObjectType || Type == *ExSemaphoreObjectType || Type == NtpMutantType ||
        Type == *PsThreadType || Type == *PsProcessType)
        return Object;
    if (Type == *IoFileObjectType)
        return &((PFILE_OBJECT)Object)->Event;
    return &NtpDefaultObject;
}

/* Releases a semaphore by Count without raising: STATUS_SEMAPHORE_LIMIT_EXCEEDED past
   its limit (nothing changes then). */
static NTSTATUS NtppReleaseSemaphore(PKSEMAPHORE Semaphore, LONG Count, PLONG Previous)
{
    NTSTATUS Status = STATUS_SUCCESS;

    KiAcquireDispatcherLock();
    *Previous = Semaphore->Header.SignalState;
    if (*Previous > Semaphore->Limit - Count) {
        Status = STATUS_SEMAPHORE_LIMIT_EXCEEDED;
    } else {
        Semaphore->Header.SignalState = *Previous + Count;
        if (*Previous == 0)
            KiSignalObject(&Semaphore->Header);
    }
    KiReleaseDispatcherLock();
    return Status;
}

static NTSTATUS NtppReleaseMutant(PKMUTANT Mutant, PLONG Previous)
{
    PKTHREAD Self = KiCurrentKThread();
    NTSTATUS Status = STATUS_SUCCESS;

    KiAcquireDispatcherLock();
    *Previous = Mutant->Header.SignalState;
    if (Mutant->OwnerThread != Self) {
        Status = STATUS_MUTANT_NOT_OWNED;
    } else {
        Mutant->Header.SignalState = *Previous + 1;
        if (Mutant->Header.SignalState == 1) {
            Mutant->OwnerThread = NULL;
            RemoveEntryList(&Mutant->MutantListEntry);
            InitializeListHead(&Mutant->MutantListEntry);
            KiSignalObject(&Mutant->Header);
        }
    }
    KiReleaseDispatcherLock();
    return Status;
}

/* PUBLIC FUNCTIONS (internal) ***********************************************************/

POBJECT_TYPE NtpGetMutantObjectType(VOID)
{
    pthread_once(&NtpSyncOnce, NtppInitialize);
    return NtpMutantType;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/* @implemented: PASSIVE_LEVEL. See src/include/internal/ntnative.h. */
NTSTATUS NTAPI NtCreateEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
                             POBJECT_ATTRIBUTES ObjectAttributes, EVENT_TYPE EventType,
                             BOOLEAN InitialState)
{
    if (EventType != NotificationEvent && EventType != SynchronizationEvent)
        return STATUS_INVALID_PARAMETER;
    return NtppCreate(*ExEventObjectType, sizeof(KEVENT), NtppInitEvent, EventType,
                      InitialState != FALSE, EventHandle, DesiredAccess, ObjectAttributes);
}

/* @implemented */
NTSTATUS NTAPI NtOpenEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
                           POBJECT_ATTRIBUTES ObjectAttributes)
{
    return NtppOpen(*ExEventObjectType, EventHandle, DesiredAccess, ObjectAttributes);
}

/* @implemented */
NTSTATUS NTAPI NtSetEvent(HANDLE EventHandle, PLONG PreviousState)
{
    return NtppEventOperation(EventHandle, PreviousState, NtppSet);
}

/* @implemented */
NTSTATUS NTAPI NtResetEvent(HANDLE EventHandle, PLONG PreviousState)
{
    return NtppEventOperation(EventHandle, PreviousState, NtppReset);
}

/* @implemented */
NTSTATUS NTAPI NtPulseEvent(HANDLE EventHandle, PLONG PreviousState)
{
    return NtppEventOperation(EventHandle, PreviousState, NtppPulse);
}

/* @implemented */
NTSTATUS NTAPI NtClearEvent(HANDLE EventHandle)
{
    return NtppEventOperation(EventHandle, NULL, NtppClear);
}

/* @implemented */
NTSTATUS NTAPI NtCreateSemaphore(PHANDLE SemaphoreHandle, ACCESS_MASK DesiredAccess,
                                 POBJECT_ATTRIBUTES ObjectAttributes, LONG InitialCount,
                                 LONG MaximumCount)
{
    if (MaximumCount <= 0 || InitialCount < 0 || InitialCount > MaximumCount)
        return STATUS_INVALID_PARAMETER;
    return NtppCreate(*ExSemaphoreObjectType, sizeof(KSEMAPHORE), NtppInitSemaphore,
                      InitialCount, MaximumCount, SemaphoreHandle, DesiredAccess,
                      ObjectAttributes);
}

/* @implemented */
NTSTATUS NTAPI NtOpenSemaphore(PHANDLE SemaphoreHandle, ACCESS_MASK DesiredAccess,
                               POBJECT_ATTRIBUTES ObjectAttributes)
{
    return NtppOpen(*ExSemaphoreObjectType, SemaphoreHandle, DesiredAccess, ObjectAttributes);
}

/* @implemented */
NTSTATUS NTAPI NtReleaseSemaphore(HANDLE SemaphoreHandle, LONG ReleaseCount,
                                  PLONG PreviousCount)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    PVOID Semaphore;
    LONG Previous;
    NTSTATUS Status;

    if (ReleaseCount <= 0)
        return STATUS_INVALID_PARAMETER;
    Status = NtppProbeOptionalLong(PreviousCount, Mode);
    if (NT_SUCCESS(Status))
        Status = NtppReference(SemaphoreHandle, SEMAPHORE_MODIFY_STATE, *ExSemaphoreObjectType,
                               &Semaphore);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = NtppReleaseSemaphore(Semaphore, ReleaseCount, &Previous);
    ObDereferenceObject(Semaphore);
    if (!NT_SUCCESS(Status))
        return Status;
    return NtpReturnLong(PreviousCount, Previous, Mode);
}

/* @implemented */
NTSTATUS NTAPI NtCreateMutant(PHANDLE MutantHandle, ACCESS_MASK DesiredAccess,
                              POBJECT_ATTRIBUTES ObjectAttributes, BOOLEAN InitialOwner)
{
    return NtppCreate(NtpGetMutantObjectType(), sizeof(KMUTANT), NtppInitMutant,
                      InitialOwner != FALSE, 0, MutantHandle, DesiredAccess, ObjectAttributes);
}

/* @implemented */
NTSTATUS NTAPI NtOpenMutant(PHANDLE MutantHandle, ACCESS_MASK DesiredAccess,
                            POBJECT_ATTRIBUTES ObjectAttributes)
{
    return NtppOpen(NtpGetMutantObjectType(), MutantHandle, DesiredAccess, ObjectAttributes);
}

/* @implemented */
NTSTATUS NTAPI NtReleaseMutant(HANDLE MutantHandle, PLONG PreviousCount)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    PVOID Mutant;
    LONG Previous;
    NTSTATUS Status;

    Status = NtppProbeOptionalLong(PreviousCount, Mode);
    if (NT_SUCCESS(Status))
        Status = NtppReference(MutantHandle, 0, NtpGetMutantObjectType(), &Mutant);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = NtppReleaseMutant(Mutant, &Previous);
    ObDereferenceObject(Mutant);
    if (!NT_SUCCESS(Status))
        return Status;
    return NtpReturnLong(PreviousCount, Previous, Mode);
}

/* @implemented */
NTSTATUS NTAPI NtWaitForSingleObject(HANDLE Handle, BOOLEAN Alertable, PLARGE_INTEGER Timeout)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    LARGE_INTEGER Buffer;
    PLARGE_INTEGER Captured;
    PVOID Object;
    NTSTATUS Status;

    pthread_once(&NtpSyncOnce, NtppInitialize);
    Status = NtppCaptureTimeout(Timeout, Mode, &Buffer, &Captured);
    if (NT_SUCCESS(Status))
        Status = NtppReference(Handle, SYNCHRONIZE, NULL, &Object);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = KeWaitForSingleObject(NtppWaitObject(Object), UserRequest, Mode, Alertable, Captured);
    ObDereferenceObject(Object);
    return Status;
}

/* @implemented */
NTSTATUS NTAPI NtWaitForMultipleObjects(ULONG Count, HANDLE Handles[], WAIT_TYPE WaitType,
                                        BOOLEAN Alertable, PLARGE_INTEGER Timeout)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    HANDLE Captured[MAXIMUM_WAIT_OBJECTS];
    PVOID Objects[MAXIMUM_WAIT_OBJECTS];
    PVOID WaitObjects[MAXIMUM_WAIT_OBJECTS];
    KWAIT_BLOCK WaitBlocks[MAXIMUM_WAIT_OBJECTS];
    LARGE_INTEGER Buffer;
    PLARGE_INTEGER CapturedTimeout;
    ULONG Referenced = 0;
    NTSTATUS Status = STATUS_SUCCESS;

    pthread_once(&NtpSyncOnce, NtppInitialize);
    if (Count == 0 || Count > MAXIMUM_WAIT_OBJECTS)
        return STATUS_INVALID_PARAMETER_1;
    if (WaitType != WaitAll && WaitType != WaitAny)
        return STATUS_INVALID_PARAMETER_3;
    if (Mode == KernelMode) {
        RtlCopyMemory(Captured, Handles, Count * sizeof(HANDLE));
    } else {
        __try {
            NtpProbeForRead(Handles, Count * sizeof(HANDLE), sizeof(HANDLE));
            if (Handles == NULL) /* what touching it would raise (memcpy from NULL is UB) */
                ExRaiseStatus(STATUS_ACCESS_VIOLATION);
            RtlCopyMemory(Captured, Handles, Count * sizeof(HANDLE));
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Status = GetExceptionCode();
        }
        if (!NT_SUCCESS(Status))
            return Status;
    }
    Status = NtppCaptureTimeout(Timeout, Mode, &Buffer, &CapturedTimeout);
    if (!NT_SUCCESS(Status))
        return Status;
    for (; Referenced < Count; Referenced++) {
        Status = NtppReference(Captured[Referenced], SYNCHRONIZE, NULL, &Objects[Referenced]);
        if (!NT_SUCCESS(Status))
            break;
        WaitObjects[Referenced] = NtppWaitObject(Objects[Referenced]);
    }
    if (NT_SUCCESS(Status) && WaitType == WaitAll) {
        /* Waiting for all of a set that names one object twice cannot be satisfied the
           way the caller means it: Windows refuses it. */
        for (ULONG i = 0; i < Count && NT_SUCCESS(Status); i++)
            for (ULONG j = i + 1; j < Count; j++)
                if (WaitObjects[i] == WaitObjects[j] && WaitObjects[i] != &NtpDefaultObject) {
                    Status = STATUS_INVALID_PARAMETER_MIX;
                    break;
                }
    }
    if (NT_SUCCESS(Status))
        Status = KeWaitForMultipleObjects(Count, WaitObjects, WaitType, UserRequest, Mode,
                                          Alertable, CapturedTimeout, WaitBlocks);
    while (Referenced > 0)
        ObDereferenceObject(Objects[--Referenced]);
    return Status;
}

/* @implemented */
NTSTATUS NTAPI NtSignalAndWaitForSingleObject(HANDLE SignalHandle, HANDLE WaitHandle,
                                              BOOLEAN Alertable, PLARGE_INTEGER Timeout)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    LARGE_INTEGER Buffer;
    PLARGE_INTEGER Captured;
    PVOID SignalObject, WaitObject;
    POBJECT_TYPE Type;
    LONG Previous;
    NTSTATUS Status;

    pthread_once(&NtpSyncOnce, NtppInitialize);
    Status = NtppCaptureTimeout(Timeout, Mode, &Buffer, &Captured);
    if (NT_SUCCESS(Status))
        Status = NtppReference(SignalHandle, 0, NULL, &SignalObject);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = NtppReference(WaitHandle, SYNCHRONIZE, NULL, &WaitObject);
    if (!NT_SUCCESS(Status)) {
        ObDereferenceObject(SignalObject);
        return Status;
    }
    /* The signal right each kind of object needs (checked on the handle as Windows does). */
    Type = ObpGetObjectType(SignalObject);
    if (Type == *ExEventObjectType) {
        PVOID Check;
        Status = NtppReference(SignalHandle, EVENT_MODIFY_STATE, Type, &Check);
        if (NT_SUCCESS(Status)) {
            ObDereferenceObject(Check);
            KeSetEvent(SignalObject, EVENT_INCREMENT, TRUE);
        }
    } else if (Type == *ExSemaphoreObjectType) {
        PVOID Check;
        Status = NtppReference(SignalHandle, SEMAPHORE_MODIFY_STATE, Type, &Check);
        if (NT_SUCCESS(Status)) {
            ObDereferenceObject(Check);
            Status = NtppReleaseSemaphore(SignalObject, 1, &Previous);
        }
    } else if (Type == NtpMutantType) {
        Status = NtppReleaseMutant(SignalObject, &Previous);
    } else {
        Status = STATUS_OBJECT_TYPE_MISMATCH;
    }
    if (NT_SUCCESS(Status))
        Status = KeWaitForSingleObject(NtppWaitObject(WaitObject), UserRequest, Mode, Alertable,
                                       Captured);
    ObDereferenceObject(WaitObject);
    ObDereferenceObject(SignalObject);
    return Status;
}

/* @implemented */
NTSTATUS NTAPI NtDelayExecution(BOOLEAN Alertable, PLARGE_INTEGER DelayInterval)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    LARGE_INTEGER Buffer;
    PLARGE_INTEGER Captured;
    NTSTATUS Status;

    Status = NtppCaptureTimeout(DelayInterval, Mode, &Buffer, &Captured);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Captured == NULL)
        return STATUS_ACCESS_VIOLATION;   /* NULL interval: the probe's result on Windows */
    return KeDelayExecutionThread(Mode, Alertable, Captured);
}
