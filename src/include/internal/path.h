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

/* ---- Additions (src/win32/path.c) -------------------------------------------------------- */

/*
 * The Linux directory behind \SystemRoot and C:\Windows (docs/paths.md): $KMODE_SYSTEMROOT
 * when absolute, else $XDG_DATA_HOME/kmode/Windows, else $HOME/.local/share/kmode/Windows,
 * else /tmp/kmode-<uid>/Windows. Malloc'd, no trailing '/'. KmPathNtToHost creates it (with
 * System32\drivers) the first time a path leads into it.
 */
NTSTATUS KmPathSystemRoot(_Out_ char **HostPath);

/*
 * The full Win32 form of a Win32 path name, as GetFullPathNameW computes it, without touching
 * the file system: relative names get the current directory ("\x" the root of C:, "C:x"
 * C:'s current directory, "D:x" the root of D:), '/' becomes '\', runs of separators
 * collapse, "." and ".." are evaluated (never above the root: "C:\", "\\server\share\",
 * "\\.\Device\"), a component "name." followed by more path loses its period, trailing
 * periods and spaces of the whole path go. "\\?\..." is taken verbatim.
 * *FullPath is malloc'd (free()), NUL-terminated, *Length characters; *FilePart is the index
 * of the last component, or (SIZE_T)-1 when the path ends with '\'.
 * STATUS_OBJECT_NAME_INVALID for "", STATUS_NAME_TOO_LONG beyond 32766 characters.
 */
NTSTATUS KmPathGetFullPathName(_In_z_ PCWSTR DosName, _Out_ PWSTR *FullPath, _Out_ SIZE_T *Length,
                               _Out_ SIZE_T *FilePart);

/*
 * Converts a Win32 path name to an NT name as RtlDosPathNameToNtPathName_U does:
 * C:\x and relative names -> \??\C:\x (full path first), \\.\Name -> \??\Name (a device: the
 * I/O manager's, not a file), \\?\X -> \??\X verbatim, \\server\share -> \??\UNC\server\share,
 * \??\X unchanged. NtName->Buffer is NUL-terminated and freed with RtlFreeUnicodeString.
 * Errors of KmPathGetFullPathName; STATUS_NO_MEMORY.
 */
NTSTATUS KmPathDosToNtPath(_In_z_ PCWSTR DosName, _Out_ PUNICODE_STRING NtName);

/* KmPathDosToNtPath followed by KmPathNtToHost: *HostPath is malloc'd (free()). */
NTSTATUS KmPathDosToHost(_In_z_ PCWSTR DosName, _Out_ char **HostPath);

#endif /* _KMODE_INTERNAL_PATH_H_ */
