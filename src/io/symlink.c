/*
 * PURPOSE: Symbolic links drivers create for their devices: IoCreateSymbolicLink,
 * IoCreateUnprotectedSymbolicLink, IoDeleteSymbolicLink. They are object-manager symbolic
 * links (src/ob); "\DosDevices\X" and "\??\X" name "\GLOBAL??\X".
 */

/* ==== INCLUDES ======================================================================== */

#include <internal/io.h>
#include <internal/vfhooks.h>

/* ==== PRIVATE FUNCTIONS =============================================================== */

static NTSTATUS IopCreateLink(PUNICODE_STRING SymbolicLinkName, PUNICODE_STRING DeviceName)
{
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Handle;
    NTSTATUS Status;

    /* Permanent: the link outlives this handle until IoDeleteSymbolicLink. */
    InitializeObjectAttributes(&Attributes, SymbolicLinkName,
                               OBJ_PERMANENT | OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL,
                               NULL);
    Status = ZwCreateSymbolicLinkObject(&Handle, SYMBOLIC_LINK_ALL_ACCESS, &Attributes,
                                        DeviceName);
    if (NT_SUCCESS(Status))
        ZwClose(Handle);
    return Status;
}

/* ==== PUBLIC FUNCTIONS ================================================================ */

/*
 * IoCreateSymbolicLink
 * @implemented
 * PASSIVE_LEVEL. Creates the permanent link SymbolicLinkName -> DeviceName (the target is
 * not checked: a link may name a device that does not exist yet). STATUS_OBJECT_NAME_COLLISION
 * when the name exists; the object manager's statuses for a bad name.
 */
NTSTATUS NTAPI IoCreateSymbolicLink(PUNICODE_STRING SymbolicLinkName, PUNICODE_STRING DeviceName)
{
    VF_DDI_RULE(VF_DDI_IRQL_IO_PASSIVE4, KeGetCurrentIrql() != PASSIVE_LEVEL);
    PAGED_CODE();
    return IopCreateLink(SymbolicLinkName, DeviceName);
}

/*
 * IoCreateUnprotectedSymbolicLink
 * @implemented
 * PASSIVE_LEVEL. As IoCreateSymbolicLink. On Windows the link gets a security descriptor
 * that lets user mode delete it; kmode has no security descriptors on links yet, so the two
 * create the same link.
 */
NTSTATUS NTAPI IoCreateUnprotectedSymbolicLink(PUNICODE_STRING SymbolicLinkName,
                                               PUNICODE_STRING DeviceName)
{
    VF_DDI_RULE(VF_DDI_IRQL_IO_PASSIVE4, KeGetCurrentIrql() != PASSIVE_LEVEL);
    PAGED_CODE();
    return IopCreateLink(SymbolicLinkName, DeviceName);
}

/*
 * IoDeleteSymbolicLink
 * @implemented
 * PASSIVE_LEVEL. Removes the link (it leaves the namespace once no handle to it is open).
 * STATUS_OBJECT_NAME_NOT_FOUND when there is no such link; STATUS_OBJECT_TYPE_MISMATCH when
 * the name is not a link.
 */
NTSTATUS NTAPI IoDeleteSymbolicLink(PUNICODE_STRING SymbolicLinkName)
{
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Handle;
    NTSTATUS Status;

    VF_DDI_RULE(VF_DDI_IRQL_IO_PASSIVE4, KeGetCurrentIrql() != PASSIVE_LEVEL);
    PAGED_CODE();
    InitializeObjectAttributes(&Attributes, SymbolicLinkName,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    Status = ZwOpenSymbolicLinkObject(&Handle, DELETE, &Attributes);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = ZwMakeTemporaryObject(Handle);
    ZwClose(Handle);
    return Status;
}
