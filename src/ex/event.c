/*
 * PURPOSE: Event objects with names and handles: ZwCreateEvent, IoCreateNotificationEvent,
 * IoCreateSynchronizationEvent.
 */

/* INCLUDES ******************************************************************************/

#include <internal/ke.h>
#include <internal/ob.h>
#include <internal/vfhooks.h>

/* PRIVATE FUNCTIONS *********************************************************************/

/* Creates (or with OBJ_OPENIF opens) an event object; Event receives a referenced pointer
   to the object the handle refers to when not NULL. */
static NTSTATUS ExpCreateEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
                               POBJECT_ATTRIBUTES ObjectAttributes, EVENT_TYPE EventType,
                               BOOLEAN InitialState, PKEVENT *Event)
{
    PKEVENT Body;
    NTSTATUS Status;

    if (EventType != NotificationEvent && EventType != SynchronizationEvent)
        return STATUS_INVALID_PARAMETER;
    Status = ObpCreateObject(*ExEventObjectType, ObjectAttributes, KernelMode, sizeof(KEVENT),
                             (PVOID *)&Body);
    if (!NT_SUCCESS(Status))
        return Status;
    KeInitializeEvent(Body, EventType, InitialState);
    return ObpInsertObject(Body, DesiredAccess, KernelMode, (PVOID *)Event, EventHandle);
}

static PKEVENT ExpCreateNamedEvent(PUNICODE_STRING EventName, PHANDLE EventHandle,
                                   EVENT_TYPE EventType)
{
    OBJECT_ATTRIBUTES Attributes;
    PKEVENT Event = NULL;
    NTSTATUS Status;

    PAGED_CODE();
    InitializeObjectAttributes(&Attributes, EventName,
                               OBJ_OPENIF | OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    /* A new event starts signaled, as documented; an existing one is just opened. */
    Status = ExpCreateEvent(EventHandle, EVENT_ALL_ACCESS, &Attributes, EventType, TRUE, &Event);
    if (!NT_SUCCESS(Status))
        return NULL;
    /* The caller's handle keeps the object alive; the pointer is returned unreferenced. */
    ObDereferenceObject(Event);
    return Event;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/* @implemented: PASSIVE_LEVEL. */
NTSTATUS NTAPI ZwCreateEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
                             POBJECT_ATTRIBUTES ObjectAttributes, EVENT_TYPE EventType,
                             BOOLEAN InitialState)
{
    PAGED_CODE();
    return ExpCreateEvent(EventHandle, DesiredAccess, ObjectAttributes, EventType,
                          InitialState, NULL);
}

/* @implemented: PASSIVE_LEVEL. */
PKEVENT NTAPI IoCreateNotificationEvent(PUNICODE_STRING EventName, PHANDLE EventHandle)
{
    VF_DDI_RULE(VF_DDI_IRQL_IO_PASSIVE4, KeGetCurrentIrql() != PASSIVE_LEVEL);
    return ExpCreateNamedEvent(EventName, EventHandle, NotificationEvent);
}

/* @implemented: PASSIVE_LEVEL. */
PKEVENT NTAPI IoCreateSynchronizationEvent(PUNICODE_STRING EventName, PHANDLE EventHandle)
{
    VF_DDI_RULE(VF_DDI_IRQL_IO_PASSIVE4, KeGetCurrentIrql() != PASSIVE_LEVEL);
    return ExpCreateNamedEvent(EventName, EventHandle, SynchronizationEvent);
}
