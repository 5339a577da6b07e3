/*
 * PURPOSE: wdm.h part: the configuration manager (registry): the Zw key and value services,
 * the Rtl registry helpers, and the exported key object type.
 *
 * The structures, classes and constants these use (KEY_*_INFORMATION, REG_*,
 * RTL_QUERY_REGISTRY_TABLE, RTL_REGISTRY_*) are in wdm/types.h. kmode's registry is in
 * memory; docs/registry.md describes the tree and the rules.
 */
#ifndef _KMODE_WDM_CM_H_
#define _KMODE_WDM_CM_H_

KMODE_EXTERN_C_START

/* The "Key" object type (ObReferenceObjectByHandle(KeyHandle, ..., *CmKeyObjectType, ...)). */
extern NTSYSAPI POBJECT_TYPE *CmKeyObjectType;

/* ==== Keys ============================================================================ */

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI ZwCreateKey(_Out_ PHANDLE KeyHandle, _In_ ACCESS_MASK DesiredAccess,
                                    _In_ POBJECT_ATTRIBUTES ObjectAttributes,
                                    _Reserved_ ULONG TitleIndex, _In_opt_ PUNICODE_STRING Class,
                                    _In_ ULONG CreateOptions, _Out_opt_ PULONG Disposition);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI ZwOpenKey(_Out_ PHANDLE KeyHandle, _In_ ACCESS_MASK DesiredAccess,
                                  _In_ POBJECT_ATTRIBUTES ObjectAttributes);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI ZwOpenKeyEx(_Out_ PHANDLE KeyHandle, _In_ ACCESS_MASK DesiredAccess,
                                    _In_ POBJECT_ATTRIBUTES ObjectAttributes,
                                    _In_ ULONG OpenOptions);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI ZwQueryKey(_In_ HANDLE KeyHandle,
                                   _In_ KEY_INFORMATION_CLASS KeyInformationClass,
                                   _Out_writes_bytes_opt_(Length) PVOID KeyInformation,
                                   _In_ ULONG Length, _Out_ PULONG ResultLength);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI ZwEnumerateKey(_In_ HANDLE KeyHandle, _In_ ULONG Index,
                                       _In_ KEY_INFORMATION_CLASS KeyInformationClass,
                                       _Out_writes_bytes_opt_(Length) PVOID KeyInformation,
                                       _In_ ULONG Length, _Out_ PULONG ResultLength);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI ZwDeleteKey(_In_ HANDLE KeyHandle);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI ZwFlushKey(_In_ HANDLE KeyHandle);

/* ==== Values ========================================================================== */

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI ZwQueryValueKey(_In_ HANDLE KeyHandle, _In_ PUNICODE_STRING ValueName,
                                        _In_ KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass,
                                        _Out_writes_bytes_opt_(Length) PVOID KeyValueInformation,
                                        _In_ ULONG Length, _Out_ PULONG ResultLength);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI ZwEnumerateValueKey(
    _In_ HANDLE KeyHandle, _In_ ULONG Index,
    _In_ KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass,
    _Out_writes_bytes_opt_(Length) PVOID KeyValueInformation, _In_ ULONG Length,
    _Out_ PULONG ResultLength);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI ZwSetValueKey(_In_ HANDLE KeyHandle, _In_ PUNICODE_STRING ValueName,
                                      _In_opt_ ULONG TitleIndex, _In_ ULONG Type,
                                      _In_reads_bytes_opt_(DataSize) PVOID Data,
                                      _In_ ULONG DataSize);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI ZwDeleteValueKey(_In_ HANDLE KeyHandle, _In_ PUNICODE_STRING ValueName);

/* ==== Rtl registry helpers ============================================================= */

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI RtlQueryRegistryValues(_In_ ULONG RelativeTo, _In_ PCWSTR Path,
                                               _Inout_ PRTL_QUERY_REGISTRY_TABLE QueryTable,
                                               _In_opt_ PVOID Context,
                                               _In_opt_ PVOID Environment);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI RtlWriteRegistryValue(_In_ ULONG RelativeTo, _In_ PCWSTR Path,
                                              _In_z_ PCWSTR ValueName, _In_ ULONG ValueType,
                                              _In_reads_bytes_opt_(ValueLength) PVOID ValueData,
                                              _In_ ULONG ValueLength);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI RtlDeleteRegistryValue(_In_ ULONG RelativeTo, _In_ PCWSTR Path,
                                               _In_z_ PCWSTR ValueName);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI RtlCheckRegistryKey(_In_ ULONG RelativeTo, _In_ PWSTR Path);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI RtlCreateRegistryKey(_In_ ULONG RelativeTo, _In_ PWSTR Path);

KMODE_EXTERN_C_END

#endif /* _KMODE_WDM_CM_H_ */
