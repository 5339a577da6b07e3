/*
 * PURPOSE: wdm.h part: event objects with names and handles (src/ex/event.c): the object
 * manager's "Event" type over a KEVENT body, so a handle to one resolves with
 * ObReferenceObjectByHandle(..., *ExEventObjectType, ...) to the KEVENT.
 */
#ifndef _KMODE_WDM_EX_EVENT_H_
#define _KMODE_WDM_EX_EVENT_H_

KMODE_EXTERN_C_START

/* @implemented: PASSIVE_LEVEL. Creates (signaled) or opens the named event; returns it, and
   a kernel handle in EventHandle, or NULL. */
NTKERNELAPI PKEVENT NTAPI IoCreateNotificationEvent(_In_ PUNICODE_STRING EventName,
                                                    _Out_ PHANDLE EventHandle);
NTKERNELAPI PKEVENT NTAPI IoCreateSynchronizationEvent(_In_ PUNICODE_STRING EventName,
                                                       _Out_ PHANDLE EventHandle);

/* @implemented: PASSIVE_LEVEL. STATUS_INVALID_PARAMETER for an unknown EventType; the
   object manager's statuses for names (collision, OBJ_OPENIF, ...). */
NTSYSAPI NTSTATUS NTAPI ZwCreateEvent(_Out_ PHANDLE EventHandle, _In_ ACCESS_MASK DesiredAccess,
                                      _In_opt_ POBJECT_ATTRIBUTES ObjectAttributes,
                                      _In_ EVENT_TYPE EventType, _In_ BOOLEAN InitialState);

KMODE_EXTERN_C_END

#endif
