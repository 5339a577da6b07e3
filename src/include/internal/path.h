/*
 * PURPOSE: The one mapping between Windows paths and the Linux file system (src/win32/path.c;
 * documented for users in docs/paths.md). The loader (ImagePath of a service), the host
 * file system driver and the Win32 file functions all go through it.
 *
 * The scheme: drive C: is the Linux root, so Linux /home/u/x.sys is C:\home\u\x.sys and
 * GetCurrentDirectory in /home/u returns C:\home\u. \SystemRoot and C:\Windows map to a
 * kmode-managed directory (see docs/paths.md). Components whose exact case does not exist on
 * disk match case-insensitively, as on Windows.
 */
#ifndef _KMODE_INTERNAL_PATH_H_
#define _KMODE_INTERNAL_PATH_H_

#include <ntdef.h>

/*
 * Maps an NT path naming a file (\??\C:\dir\f.sys, \DosDevices\C:\..., \SystemRoot\...,
 * \GLOBAL??\C:\...) to a Linux path: *HostPath receives a malloc'd NUL-terminated UTF-8 string
 * the caller frees with free(). Existing components are matched case-insensitively when the
 * exact name is missing; a missing final component keeps the spelling given (for creating).
 * STATUS_OBJECT_PATH_SYNTAX_BAD (not absolute), STATUS_OBJECT_NAME_INVALID (bad characters),
 * STATUS_OBJECT_PATH_NOT_FOUND (a directory component does not exist), STATUS_NO_MEMORY.
 */
NTSTATUS KmPathNtToHost(_In_ PCUNICODE_STRING NtPath, _Out_ char **HostPath);

/*
 * Maps a Linux absolute path to its Win32 form (C:\...), in a caller buffer of Chars WCHARs:
 * returns the length in WCHARs without the NUL, or the size needed (with the NUL) when the
 * buffer is too small, as GetCurrentDirectoryW does.
 */
ULONG KmPathHostToWin32(_In_z_ const char *HostPath, _Out_writes_opt_(Chars) PWSTR Buffer,
                        _In_ ULONG Chars);

#endif /* _KMODE_INTERNAL_PATH_H_ */
