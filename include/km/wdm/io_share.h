/*
 * PURPOSE: wdm.h part: file sharing (share access) - how a file system decides whether an
 * open is compatible with the opens of the same file that already exist (src/io/share.c).
 *
 * A file system keeps one SHARE_ACCESS per file (in its FCB); each open's file object
 * records what it does (ReadAccess, WriteAccess, DeleteAccess) and what it lets others do
 * (SharedRead, SharedWrite, SharedDelete). Only read/execute, write/append and delete
 * access take part: an open for attributes only never conflicts. The caller serializes
 * calls on one SHARE_ACCESS (the FCB's lock).
 */
#ifndef _KMODE_WDM_IO_SHARE_H_
#define _KMODE_WDM_IO_SHARE_H_

KMODE_EXTERN_C_START

/* Counts over the opens of one file (Windows x64 layout, 28 bytes). */
typedef struct _SHARE_ACCESS {
    ULONG OpenCount;
    ULONG Readers;
    ULONG Writers;
    ULONG Deleters;
    ULONG SharedRead;
    ULONG SharedWrite;
    ULONG SharedDelete;
} SHARE_ACCESS, *PSHARE_ACCESS;

/*
 * @implemented: <= DISPATCH_LEVEL. Records in FileObject what DesiredAccess (mapped rights)
 * and DesiredShareAccess (FILE_SHARE_*) ask for, and checks them against ShareAccess:
 * STATUS_SHARING_VIOLATION when this open wants access another open does not share, or
 * does not share access another open has. On success with Update, the open is counted in
 * ShareAccess. An open without read, write or delete access always succeeds (and is not
 * counted).
 */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI NTSTATUS NTAPI IoCheckShareAccess(_In_ ACCESS_MASK DesiredAccess,
                                              _In_ ULONG DesiredShareAccess,
                                              _Inout_ PFILE_OBJECT FileObject,
                                              _Inout_ PSHARE_ACCESS ShareAccess,
                                              _In_ BOOLEAN Update);

/*
 * @implemented: <= DISPATCH_LEVEL. The first open of a file: records the access and sharing
 * in FileObject and sets ShareAccess to count this open alone (all zero when it has no read,
 * write or delete access).
 */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI IoSetShareAccess(_In_ ACCESS_MASK DesiredAccess,
                                        _In_ ULONG DesiredShareAccess,
                                        _Inout_ PFILE_OBJECT FileObject,
                                        _Out_ PSHARE_ACCESS ShareAccess);

/* @implemented: <= DISPATCH_LEVEL. Counts FileObject's recorded access and sharing in
   ShareAccess (after IoCheckShareAccess without Update). */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI IoUpdateShareAccess(_In_ PFILE_OBJECT FileObject,
                                           _Inout_ PSHARE_ACCESS ShareAccess);

/* @implemented: <= DISPATCH_LEVEL. Takes FileObject's open out of ShareAccess (at cleanup). */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI VOID NTAPI IoRemoveShareAccess(_In_ PFILE_OBJECT FileObject,
                                           _Inout_ PSHARE_ACCESS ShareAccess);

KMODE_EXTERN_C_END

#endif /* _KMODE_WDM_IO_SHARE_H_ */
