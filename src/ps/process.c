/*
 * PURPOSE: The System process: the one process kmode has (PsInitialSystemProcess,
 * PsGetCurrentProcess, IoGetCurrentProcess, PsGetCurrentProcessId).
 *
 * Every kernel thread kmode runs belongs to it, as every system thread on Windows belongs
 * to System (id 4). It is an object of *PsProcessType, created when the runtime loads and
 * never deleted; its dispatcher header is never signaled (System never exits).
 */

/* INCLUDES ******************************************************************************/

#include <threads.h>
#include <internal/ps.h>
#include <internal/ob.h>

/* GLOBALS *******************************************************************************/

PEPROCESS PsInitialSystemProcess;
static struct _EPROCESS *PspSystemProcess;
static once_flag PspSystemProcessOnce = ONCE_FLAG_INIT;

/* PRIVATE FUNCTIONS *********************************************************************/

static void PspCreateSystemProcess(void)
{
    static const WCHAR TypeName[] = L"\\ObjectTypes\\Process";
    UNICODE_STRING Name = { sizeof(TypeName) - sizeof(WCHAR), sizeof(TypeName), (PWCH)TypeName };
    OBJECT_ATTRIBUTES Attributes;
    struct _EPROCESS *Process;
    PVOID Object, Type;
    NTSTATUS Status;

    /* The object manager starts in its own load-time constructor, whose order relative to
       this one is not defined: a lookup makes sure it has started (and *PsProcessType is
       set) first. */
    InitializeObjectAttributes(&Attributes, &Name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    Status = ObpReferenceObjectByName(&Attributes, NULL, KernelMode, 0, NULL, &Type);
    if (NT_SUCCESS(Status))
        ObDereferenceObject(Type);
    if (NT_SUCCESS(Status))
        Status = ObpCreateObject(*PsProcessType, NULL, KernelMode, sizeof(struct _EPROCESS),
                                 &Object);
    if (NT_SUCCESS(Status)) {
        Process = Object;
        Process->Pcb.Header.Type = KI_PROCESS_OBJECT;
        Process->Pcb.Header.SignalState = 0;
        InitializeListHead(&Process->Pcb.Header.WaitListHead);
        Process->Pcb.BasePriority = PSP_SYSTEM_BASE_PRIORITY;
        Process->UniqueProcessId = (HANDLE)(ULONG_PTR)PSP_SYSTEM_PROCESS_ID;
        /* The referenced pointer ObpInsertObject returns is the one that keeps it alive. */
        Status = ObpInsertObject(Object, 0, KernelMode, &Object, NULL);
    }
    if (!NT_SUCCESS(Status))
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, (ULONG_PTR)Status, 0x50, 0, 0);
    PspSystemProcess = Object;
    PsInitialSystemProcess = (PEPROCESS)Object;
}

/* Drivers read PsInitialSystemProcess directly: it is set before main. */
__attribute__((constructor)) static VOID PspInitializeAtLoad(VOID)
{
    (VOID)PspGetSystemProcess();
}

/* Created on first use, too: another constructor may adopt its thread before ours ran. */
struct _EPROCESS *PspGetSystemProcess(VOID)
{
    call_once(&PspSystemProcessOnce, PspCreateSystemProcess);
    return PspSystemProcess;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * @implemented
 * Any IRQL. The process of the current thread: always the System process in kmode.
 */
PEPROCESS NTAPI IoGetCurrentProcess(VOID)
{
    return (PEPROCESS)((struct _EPROCESS *)KiCurrentKThread()->Process);
}

/*
 * @implemented
 * Any IRQL. As IoGetCurrentProcess.
 */
PEPROCESS NTAPI PsGetCurrentProcess(VOID)
{
    return (PEPROCESS)((struct _EPROCESS *)KiCurrentKThread()->Process);
}

/*
 * @implemented
 * Any IRQL. The current process's id: 4, the System process's id on Windows.
 */
HANDLE NTAPI PsGetCurrentProcessId(VOID)
{
    return ((struct _EPROCESS *)KiCurrentKThread()->Process)->UniqueProcessId;
}

/*
 * @implemented
 * Any IRQL. The id of Process.
 */
HANDLE NTAPI PsGetProcessId(PEPROCESS Process)
{
    return ((struct _EPROCESS *)Process)->UniqueProcessId;
}
