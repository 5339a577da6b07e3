/*
 * PURPOSE: kmode's API for seeding and saving the registry with .reg files, the text format
 * regedit writes ("Windows Registry Editor Version 5.00" or "REGEDIT4"). A test harness or a
 * host program gives a driver its parameters the way a user would on Windows:
 *
 *     char why[KMODE_REGISTRY_MESSAGE_SIZE];
 *     if (!NT_SUCCESS(KmodeRegistryImport("foo.reg", why, sizeof why)))
 *         fprintf(stderr, "%s\n", why);          // "foo.reg:12: bad hex byte 'zz'"
 *
 * `kmode run --registry FILE.reg` and the KMODE_REGISTRY environment variable import files
 * at start-up; `--registry-save FILE` / KMODE_REGISTRY_SAVE export the registry at exit.
 * Format details, root names and what export skips: docs/registry.md.
 */
#ifndef _KMODE_REGISTRY_API_H_
#define _KMODE_REGISTRY_API_H_

#include <ntdef.h>

KMODE_EXTERN_C_START

/* A buffer of this size holds any message the import functions write. */
#define KMODE_REGISTRY_MESSAGE_SIZE 512

/*
 * Applies the .reg file at Path (a Linux path) to the registry: [Key] creates the key and
 * its missing parents, [-Key] deletes a key with its subkeys, "Name"=... sets a value,
 * "Name"=- deletes one. The whole file is checked before anything changes: a syntax error
 * changes nothing. Returns STATUS_SUCCESS; STATUS_DATA_ERROR for a malformed file (bad
 * syntax, bad hex, unknown root key); the file's open/read status (STATUS_OBJECT_NAME_NOT_FOUND,
 * STATUS_ACCESS_DENIED, ...); or the registry's status when a change fails (e.g.
 * STATUS_CHILD_MUST_BE_VOLATILE, STATUS_CANNOT_DELETE; changes of the lines before it stay,
 * as with regedit). On failure Message (when not NULL) receives "PATH:LINE: what went wrong"
 * (NUL-terminated, truncated to MessageSize). IRQL PASSIVE_LEVEL.
 */
NTSTATUS KmodeRegistryImport(_In_z_ const char *Path, _Out_writes_opt_(MessageSize) char *Message,
                             _In_ SIZE_T MessageSize);

/* KmodeRegistryImport of a file's contents already in memory (Size bytes, any of the
   encodings a file may have); SourceName (may be NULL) names it in messages. */
NTSTATUS KmodeRegistryImportBuffer(_In_reads_bytes_(Size) const void *Data, _In_ SIZE_T Size,
                                   _In_opt_z_ const char *SourceName,
                                   _Out_writes_opt_(MessageSize) char *Message,
                                   _In_ SIZE_T MessageSize);

/*
 * Writes KeyName and its subkeys (NULL: the whole registry, HKEY_LOCAL_MACHINE then
 * HKEY_USERS, without volatile keys: what a reboot would keep) to Path exactly as regedit
 * exports: UTF-16LE with a byte-order mark, "Windows Registry Editor Version 5.00", CRLF
 * lines, hex data wrapped at regedit's column. KeyName is a regedit name
 * ("HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\foo", HKLM, HKU, HKCU, HKCR
 * accepted) or an NT name ("\Registry\Machine\..."). Link keys are not exported.
 * Returns STATUS_SUCCESS, STATUS_OBJECT_NAME_INVALID (unknown root),
 * STATUS_OBJECT_NAME_NOT_FOUND (no such key), or the file's create/write status.
 * IRQL PASSIVE_LEVEL.
 */
NTSTATUS KmodeRegistryExport(_In_z_ const char *Path, _In_opt_z_ PCWSTR KeyName);

/* KmodeRegistryExport into memory: *Data (free it with KmodeRegistryFree) receives the
   file's bytes, *Size their count. */
NTSTATUS KmodeRegistryExportBuffer(_In_opt_z_ PCWSTR KeyName, _Outptr_result_bytebuffer_(*Size) void **Data,
                                   _Out_ SIZE_T *Size);

/* Frees what KmodeRegistryExportBuffer returned (NULL is ignored). */
VOID KmodeRegistryFree(_In_opt_ void *Data);

KMODE_EXTERN_C_END

#endif
