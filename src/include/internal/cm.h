/*
 * PURPOSE: The configuration manager's (registry's) internal interface: the key and value
 * services with an explicit previous mode (what the Nt* system services will call once the
 * Win32 side exists; the Zw* DDIs are these with KernelMode), and REG_EXPAND_SZ expansion.
 *
 * Access checks follow ObReferenceObjectByHandle: with UserMode, a handle must have been
 * granted the right the operation needs (KEY_QUERY_VALUE, KEY_SET_VALUE,
 * KEY_ENUMERATE_SUB_KEYS, DELETE, ...); with KernelMode nothing is checked, as on Windows.
 */
#ifndef _KMODE_INTERNAL_CM_H_
#define _KMODE_INTERNAL_CM_H_

#include <wdm.h>

/* ---- Services with a previous mode ------------------------------------------------------ */

NTSTATUS CmpCreateKey(_Out_ PHANDLE KeyHandle, _In_ ACCESS_MASK DesiredAccess,
                      _In_ POBJECT_ATTRIBUTES ObjectAttributes, _In_opt_ PUNICODE_STRING Class,
                      _In_ ULONG CreateOptions, _Out_opt_ PULONG Disposition,
                      _In_ KPROCESSOR_MODE PreviousMode);
NTSTATUS CmpOpenKey(_Out_ PHANDLE KeyHandle, _In_ ACCESS_MASK DesiredAccess,
                    _In_ POBJECT_ATTRIBUTES ObjectAttributes, _In_ ULONG OpenOptions,
                    _In_ KPROCESSOR_MODE PreviousMode);
NTSTATUS CmpQueryKey(_In_ HANDLE KeyHandle, _In_ KEY_INFORMATION_CLASS Class,
                     _Out_writes_bytes_opt_(Length) PVOID Information, _In_ ULONG Length,
                     _Out_ PULONG ResultLength, _In_ KPROCESSOR_MODE PreviousMode);
NTSTATUS CmpEnumerateKey(_In_ HANDLE KeyHandle, _In_ ULONG Index, _In_ KEY_INFORMATION_CLASS Class,
                         _Out_writes_bytes_opt_(Length) PVOID Information, _In_ ULONG Length,
                         _Out_ PULONG ResultLength, _In_ KPROCESSOR_MODE PreviousMode);
NTSTATUS CmpDeleteKey(_In_ HANDLE KeyHandle, _In_ KPROCESSOR_MODE PreviousMode);
NTSTATUS CmpFlushKey(_In_ HANDLE KeyHandle, _In_ KPROCESSOR_MODE PreviousMode);
NTSTATUS CmpQueryValueKey(_In_ HANDLE KeyHandle, _In_ PCUNICODE_STRING ValueName,
                          _In_ KEY_VALUE_INFORMATION_CLASS Class,
                          _Out_writes_bytes_opt_(Length) PVOID Information, _In_ ULONG Length,
                          _Out_ PULONG ResultLength, _In_ KPROCESSOR_MODE PreviousMode);
NTSTATUS CmpEnumerateValueKey(_In_ HANDLE KeyHandle, _In_ ULONG Index,
                              _In_ KEY_VALUE_INFORMATION_CLASS Class,
                              _Out_writes_bytes_opt_(Length) PVOID Information, _In_ ULONG Length,
                              _Out_ PULONG ResultLength, _In_ KPROCESSOR_MODE PreviousMode);
NTSTATUS CmpSetValueKey(_In_ HANDLE KeyHandle, _In_ PCUNICODE_STRING ValueName, _In_ ULONG Type,
                        _In_reads_bytes_opt_(DataSize) const VOID *Data, _In_ ULONG DataSize,
                        _In_ KPROCESSOR_MODE PreviousMode);
NTSTATUS CmpDeleteValueKey(_In_ HANDLE KeyHandle, _In_ PCUNICODE_STRING ValueName,
                           _In_ KPROCESSOR_MODE PreviousMode);

/* ---- Reading a key without a handle (for code that may run at raised IRQL) -------------- */

/* Calls Callback for each value of the key at Path ("\Registry\..." or relative to it;
   links followed), in enumeration order, under the registry lock: Callback must not call
   the registry. STATUS_OBJECT_NAME_NOT_FOUND when there is no such key. */
typedef VOID (*PCM_VALUE_CALLBACK)(_In_opt_ PVOID Context, _In_ PCUNICODE_STRING Name,
                                   _In_ ULONG Type, _In_reads_bytes_(Length) const VOID *Data,
                                   _In_ ULONG Length);
NTSTATUS CmpForEachValue(_In_z_ PCWSTR Path, _In_ PCM_VALUE_CALLBACK Callback,
                         _In_opt_ PVOID Context);

/* ---- Environment used to expand REG_EXPAND_SZ (RtlQueryRegistryValues) ------------------ */

/* kmode's system environment block: "SystemRoot=C:\Windows\0windir=C:\Windows\0
   SystemDrive=C:\0\0" (NAME=VALUE strings, an empty string ends the block). */
extern const WCHAR CmpSystemEnvironment[];

/*
 * Expands %NAME% references in Source (Chars characters, no terminator needed) with the
 * variables of Environment (a block as above; NULL: CmpSystemEnvironment). Names compare
 * case-insensitively; an undefined %NAME% is left as it is. *Result receives a
 * NUL-terminated buffer (free with free()) and *ResultBytes its size with the NUL.
 */
NTSTATUS CmpExpandEnvironment(_In_reads_(Chars) PCWCH Source, _In_ ULONG Chars,
                              _In_opt_ PCWSTR Environment, _Out_ PWCHAR *Result,
                              _Out_ PULONG ResultBytes);

#endif /* _KMODE_INTERNAL_CM_H_ */
