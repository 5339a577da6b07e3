/*
 * PURPOSE: Share access (IoCheckShareAccess, IoSetShareAccess, IoUpdateShareAccess,
 * IoRemoveShareAccess): the bookkeeping a file system uses to refuse opens that conflict
 * with the opens of a file that exist (STATUS_SHARING_VIOLATION). The caller serializes
 * the calls on one SHARE_ACCESS.
 */

/* INCLUDES ******************************************************************************/

#include <ntddk.h>

/* PRIVATE FUNCTIONS *********************************************************************/

/* Records in FileObject what the open does and shares; TRUE when it takes part in sharing
   (read/execute, write/append or delete access). */
static BOOLEAN IopRecordShareAccess(ACCESS_MASK DesiredAccess, ULONG DesiredShareAccess,
                                    PFILE_OBJECT FileObject)
{
    FileObject->ReadAccess = (DesiredAccess & (FILE_EXECUTE | FILE_READ_DATA)) != 0;
    FileObject->WriteAccess = (DesiredAccess & (FILE_WRITE_DATA | FILE_APPEND_DATA)) != 0;
    FileObject->DeleteAccess = (DesiredAccess & DELETE) != 0;
    if (!FileObject->ReadAccess && !FileObject->WriteAccess && !FileObject->DeleteAccess)
        return FALSE;
    FileObject->SharedRead = (DesiredShareAccess & FILE_SHARE_READ) != 0;
    FileObject->SharedWrite = (DesiredShareAccess & FILE_SHARE_WRITE) != 0;
    FileObject->SharedDelete = (DesiredShareAccess & FILE_SHARE_DELETE) != 0;
    return TRUE;
}

static BOOLEAN IopTakesPart(PFILE_OBJECT FileObject)
{
    return FileObject->ReadAccess || FileObject->WriteAccess || FileObject->DeleteAccess;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * IoCheckShareAccess
 * @implemented
 * <= DISPATCH_LEVEL. See include/km/wdm/io_share.h.
 */
NTSTATUS NTAPI IoCheckShareAccess(ACCESS_MASK DesiredAccess, ULONG DesiredShareAccess,
                                  PFILE_OBJECT FileObject, PSHARE_ACCESS ShareAccess,
                                  BOOLEAN Update)
{
    if (!IopRecordShareAccess(DesiredAccess, DesiredShareAccess, FileObject))
        return STATUS_SUCCESS;
    /* This open's access must be shared by every open so far, and what the others do must
       be shared by this one. */
    if ((FileObject->ReadAccess && ShareAccess->SharedRead < ShareAccess->OpenCount) ||
        (FileObject->WriteAccess && ShareAccess->SharedWrite < ShareAccess->OpenCount) ||
        (FileObject->DeleteAccess && ShareAccess->SharedDelete < ShareAccess->OpenCount) ||
        (ShareAccess->Readers != 0 && !FileObject->SharedRead) ||
        (ShareAccess->Writers != 0 && !FileObject->SharedWrite) ||
        (ShareAccess->Deleters != 0 && !FileObject->SharedDelete))
        return STATUS_SHARING_VIOLATION;
    if (Update)
        IoUpdateShareAccess(FileObject, ShareAccess);
    return STATUS_SUCCESS;
}

/*
 * IoSetShareAccess
 * @implemented
 * <= DISPATCH_LEVEL. See include/km/wdm/io_share.h.
 */
VOID NTAPI IoSetShareAccess(ACCESS_MASK DesiredAccess, ULONG DesiredShareAccess,
                            PFILE_OBJECT FileObject, PSHARE_ACCESS ShareAccess)
{
    RtlZeroMemory(ShareAccess, sizeof(*ShareAccess));
    if (IopRecordShareAccess(DesiredAccess, DesiredShareAccess, FileObject))
        IoUpdateShareAccess(FileObject, ShareAccess);
}

/*
 * IoUpdateShareAccess
 * @implemented
 * <= DISPATCH_LEVEL. See include/km/wdm/io_share.h.
 */
VOID NTAPI IoUpdateShareAccess(PFILE_OBJECT FileObject, PSHARE_ACCESS ShareAccess)
{
    if (!IopTakesPart(FileObject))
        return;
    ShareAccess->OpenCount++;
    ShareAccess->Readers += FileObject->ReadAccess;
    ShareAccess->Writers += FileObject->WriteAccess;
    ShareAccess->Deleters += FileObject->DeleteAccess;
    ShareAccess->SharedRead += FileObject->SharedRead;
    ShareAccess->SharedWrite += FileObject->SharedWrite;
    ShareAccess->SharedDelete += FileObject->SharedDelete;
}

/*
 * IoRemoveShareAccess
 * @implemented
 * <= DISPATCH_LEVEL. See include/km/wdm/io_share.h.
 */
VOID NTAPI IoRemoveShareAccess(PFILE_OBJECT FileObject, PSHARE_ACCESS ShareAccess)
{
    if (!IopTakesPart(FileObject))
        return;
    ShareAccess->OpenCount--;
    ShareAccess->Readers -= FileObject->ReadAccess;
    ShareAccess->Writers -= FileObject->WriteAccess;
    ShareAccess->Deleters -= FileObject->DeleteAccess;
    ShareAccess->SharedRead -= FileObject->SharedRead;
    ShareAccess->SharedWrite -= FileObject->SharedWrite;
    ShareAccess->SharedDelete -= FileObject->SharedDelete;
}
