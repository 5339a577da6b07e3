/*
 * PURPOSE: wdm.h part: counted strings (STRING / ANSI_STRING / UNICODE_STRING / UTF8_STRING),
 * code-page and UTF-8 conversions, case mapping, integer and GUID strings, string hashing.
 *
 * Lengths in these structures are in bytes and exclude any terminating NUL. kmode's ANSI
 * code page is Windows-1252, fixed (there is no system locale to follow); case mapping is
 * Unicode's simple (one character to one character) mapping over the BMP.
 */
#ifndef _KMODE_WDM_RTL_STRING_H_
#define _KMODE_WDM_RTL_STRING_H_

#include <ntdef.h>
#include <ntstatus.h>

/* REFGUID comes from guiddef.h (via ntdef.h): a reference in C++, a pointer in C. */

/* ---- Constant initializers --------------------------------------------------------------- */

#ifdef __cplusplus
extern "C++" {
template <class _KmT> struct _KmodeRtlUnconst { typedef _KmT Type; };
template <class _KmT> struct _KmodeRtlUnconst<const _KmT> { typedef _KmT Type; };
}
/* String literals are const arrays in C++; the counted-string Buffer is not const. */
#define _KMODE_RTL_CONST_BUFFER(s) \
    const_cast<_KmodeRtlUnconst<__typeof__((s)[0])>::Type *>(&(s)[0])
#else
/* In C a literal is a plain array: a STRING takes "..." and a UNICODE_STRING takes L"...". */
#define _KMODE_RTL_CONST_BUFFER(s) (s)
#endif

/* { Length, MaximumLength, Buffer } for a string literal (MaximumLength counts the NUL). */
#define RTL_CONSTANT_STRING(s) \
    { (USHORT)(sizeof(s) - sizeof((s)[0])), (USHORT)sizeof(s), _KMODE_RTL_CONST_BUFFER(s) }

#define DECLARE_CONST_UNICODE_STRING(_var, _string) \
    const WCHAR _var##_buffer[] = _string; \
    const UNICODE_STRING _var = { (USHORT)(sizeof(_string) - sizeof(WCHAR)), \
                                  (USHORT)sizeof(_string), (PWCH)_var##_buffer }

/* A UNICODE_STRING over a local WCHAR array of _size characters, initially empty. */
#define DECLARE_UNICODE_STRING_SIZE(_var, _size) \
    WCHAR _var##_buffer[_size]; \
    UNICODE_STRING _var = { 0, (USHORT)((_size) * sizeof(WCHAR)), _var##_buffer }

/* One definition shared by every translation unit that declares it (selectany). */
#ifdef __cplusplus
#define DECLARE_GLOBAL_CONST_UNICODE_STRING(_var, _str) \
    extern const DECLSPEC_SELECTANY UNICODE_STRING _var = RTL_CONSTANT_STRING(_str)
#else
#define DECLARE_GLOBAL_CONST_UNICODE_STRING(_var, _str) \
    const UNICODE_STRING DECLSPEC_SELECTANY _var = RTL_CONSTANT_STRING(_str)
#endif

KMODE_EXTERN_C_START

/* ---- Initialization ---------------------------------------------------------------------- */

/* IRQL <= DISPATCH_LEVEL. A NULL source gives an empty string with MaximumLength 0. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTSYSAPI VOID NTAPI RtlInitString(_Out_ PSTRING DestinationString, _In_opt_ PCSZ SourceString);
_IRQL_requires_max_(DISPATCH_LEVEL)
NTSYSAPI VOID NTAPI RtlInitAnsiString(_Out_ PANSI_STRING DestinationString,
                                      _In_opt_ PCSZ SourceString);
_IRQL_requires_max_(DISPATCH_LEVEL)
NTSYSAPI VOID NTAPI RtlInitUTF8String(_Out_ PUTF8_STRING DestinationString,
                                      _In_opt_ PCSZ SourceString);
_IRQL_requires_max_(DISPATCH_LEVEL)
NTSYSAPI VOID NTAPI RtlInitUnicodeString(_Out_ PUNICODE_STRING DestinationString,
                                         _In_opt_ PCWSTR SourceString);

/* As above, but STATUS_NAME_TOO_LONG when the source does not fit a counted string. */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTSYSAPI NTSTATUS NTAPI RtlInitStringEx(_Out_ PSTRING DestinationString, _In_opt_ PCSZ SourceString);
_IRQL_requires_max_(DISPATCH_LEVEL)
NTSYSAPI NTSTATUS NTAPI RtlInitAnsiStringEx(_Out_ PANSI_STRING DestinationString,
                                            _In_opt_ PCSZ SourceString);
_IRQL_requires_max_(DISPATCH_LEVEL)
NTSYSAPI NTSTATUS NTAPI RtlInitUTF8StringEx(_Out_ PUTF8_STRING DestinationString,
                                            _In_opt_ PCSZ SourceString);
_IRQL_requires_max_(DISPATCH_LEVEL)
NTSYSAPI NTSTATUS NTAPI RtlInitUnicodeStringEx(_Out_ PUNICODE_STRING DestinationString,
                                               _In_opt_ PCWSTR SourceString);

/* An empty counted string over a caller buffer of BufferSize bytes. */
FORCEINLINE VOID RtlInitEmptyUnicodeString(_Out_ PUNICODE_STRING UnicodeString,
                                           _In_opt_ PWCHAR Buffer, _In_ USHORT BufferSize)
{
    UnicodeString->Length = 0;
    UnicodeString->MaximumLength = BufferSize;
    UnicodeString->Buffer = Buffer;
}

FORCEINLINE VOID RtlInitEmptyAnsiString(_Out_ PANSI_STRING AnsiString, _In_opt_ PCHAR Buffer,
                                        _In_ USHORT BufferSize)
{
    AnsiString->Length = 0;
    AnsiString->MaximumLength = BufferSize;
    AnsiString->Buffer = Buffer;
}

/* ---- Copy and append --------------------------------------------------------------------- */

/* Copies what fits; NUL-terminates only if a terminator fits too. NULL source: Length = 0. */
NTSYSAPI VOID NTAPI RtlCopyUnicodeString(_Inout_ PUNICODE_STRING DestinationString,
                                         _In_opt_ PCUNICODE_STRING SourceString);
NTSYSAPI VOID NTAPI RtlCopyString(_Inout_ PSTRING DestinationString,
                                  _In_opt_ const STRING *SourceString);

/* STATUS_BUFFER_TOO_SMALL (destination unchanged) when the result would not fit. */
NTSYSAPI NTSTATUS NTAPI RtlAppendUnicodeStringToString(_Inout_ PUNICODE_STRING Destination,
                                                       _In_ PCUNICODE_STRING Source);
NTSYSAPI NTSTATUS NTAPI RtlAppendUnicodeToString(_Inout_ PUNICODE_STRING Destination,
                                                 _In_opt_ PCWSTR Source);
NTSYSAPI NTSTATUS NTAPI RtlAppendStringToString(_Inout_ PSTRING Destination,
                                                _In_ const STRING *Source);

/* ---- Comparison ---------------------------------------------------------------------------- */

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI LONG NTAPI RtlCompareUnicodeString(_In_ PCUNICODE_STRING String1,
                                            _In_ PCUNICODE_STRING String2,
                                            _In_ BOOLEAN CaseInSensitive);
/* Lengths in characters. */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI LONG NTAPI RtlCompareUnicodeStrings(_In_reads_bytes_(String1Length * 2) PCWCH String1,
                                             _In_ SIZE_T String1Length,
                                             _In_reads_bytes_(String2Length * 2) PCWCH String2,
                                             _In_ SIZE_T String2Length,
                                             _In_ BOOLEAN CaseInSensitive);
NTSYSAPI LONG NTAPI RtlCompareString(_In_ const STRING *String1, _In_ const STRING *String2,
                                     _In_ BOOLEAN CaseInSensitive);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTSYSAPI BOOLEAN NTAPI RtlEqualUnicodeString(_In_ PCUNICODE_STRING String1,
                                             _In_ PCUNICODE_STRING String2,
                                             _In_ BOOLEAN CaseInSensitive);
NTSYSAPI BOOLEAN NTAPI RtlEqualString(_In_ const STRING *String1, _In_ const STRING *String2,
                                      _In_ BOOLEAN CaseInSensitive);

/* TRUE when String1 is a prefix of String2. */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI BOOLEAN NTAPI RtlPrefixUnicodeString(_In_ PCUNICODE_STRING String1,
                                              _In_ PCUNICODE_STRING String2,
                                              _In_ BOOLEAN CaseInSensitive);
NTSYSAPI BOOLEAN NTAPI RtlPrefixString(_In_ const STRING *String1, _In_ const STRING *String2,
                                       _In_ BOOLEAN CaseInSensitive);

/* ---- Case mapping -------------------------------------------------------------------------- */

NTSYSAPI WCHAR NTAPI RtlUpcaseUnicodeChar(_In_ WCHAR SourceCharacter);
NTSYSAPI WCHAR NTAPI RtlDowncaseUnicodeChar(_In_ WCHAR SourceCharacter);
NTSYSAPI CHAR NTAPI RtlUpperChar(_In_ CHAR Character);

/* STATUS_BUFFER_OVERFLOW when the destination cannot hold the source (no partial result). */
_IRQL_requires_max_(APC_LEVEL)
NTSYSAPI NTSTATUS NTAPI RtlUpcaseUnicodeString(_Inout_ PUNICODE_STRING DestinationString,
                                               _In_ PCUNICODE_STRING SourceString,
                                               _In_ BOOLEAN AllocateDestinationString);
_IRQL_requires_max_(APC_LEVEL)
NTSYSAPI NTSTATUS NTAPI RtlDowncaseUnicodeString(_Inout_ PUNICODE_STRING DestinationString,
                                                 _In_ PCUNICODE_STRING SourceString,
                                                 _In_ BOOLEAN AllocateDestinationString);
/* Upper-cases what fits of Source into Destination (no terminator). */
NTSYSAPI VOID NTAPI RtlUpperString(_Inout_ PSTRING DestinationString,
                                   _In_ const STRING *SourceString);

/* ---- ANSI (Windows-1252) and UTF-8 conversions --------------------------------------------- */

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI RtlAnsiStringToUnicodeString(_Inout_ PUNICODE_STRING DestinationString,
                                                     _In_ PCANSI_STRING SourceString,
                                                     _In_ BOOLEAN AllocateDestinationString);
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI RtlUnicodeStringToAnsiString(_Inout_ PANSI_STRING DestinationString,
                                                     _In_ PCUNICODE_STRING SourceString,
                                                     _In_ BOOLEAN AllocateDestinationString);
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI RtlUnicodeStringToUTF8String(_Inout_ PUTF8_STRING DestinationString,
                                                     _In_ PCUNICODE_STRING SourceString,
                                                     _In_ BOOLEAN AllocateDestinationString);
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI RtlUTF8StringToUnicodeString(_Inout_ PUNICODE_STRING DestinationString,
                                                     _In_ PUTF8_STRING SourceString,
                                                     _In_ BOOLEAN AllocateDestinationString);

/* Bytes needed for the converted string, including its terminating NUL. */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI ULONG NTAPI RtlxAnsiStringToUnicodeSize(_In_ PCANSI_STRING AnsiString);
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI ULONG NTAPI RtlxUnicodeStringToAnsiSize(_In_ PCUNICODE_STRING UnicodeString);
/* The ANSI code page is single-byte, so the x-variants are exact. */
#define RtlAnsiStringToUnicodeSize(STRING) RtlxAnsiStringToUnicodeSize(STRING)
#define RtlUnicodeStringToAnsiSize(STRING) RtlxUnicodeStringToAnsiSize(STRING)

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI RtlUnicodeToUTF8N(_Out_writes_bytes_(UTF8StringMaxByteCount) PCHAR UTF8StringDestination,
                                          _In_ ULONG UTF8StringMaxByteCount,
                                          _Out_opt_ PULONG UTF8StringActualByteCount,
                                          _In_reads_bytes_(UnicodeStringByteCount) PCWCH UnicodeStringSource,
                                          _In_ ULONG UnicodeStringByteCount);
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI RtlUTF8ToUnicodeN(_Out_writes_bytes_(UnicodeStringMaxByteCount) PWSTR UnicodeStringDestination,
                                          _In_ ULONG UnicodeStringMaxByteCount,
                                          _Out_opt_ PULONG UnicodeStringActualByteCount,
                                          _In_reads_bytes_(UTF8StringByteCount) PCCH UTF8StringSource,
                                          _In_ ULONG UTF8StringByteCount);

/* Windows-1252 <-> UTF-16 over raw buffers; convert what fits, always STATUS_SUCCESS. */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI RtlMultiByteToUnicodeN(_Out_writes_bytes_(MaxBytesInUnicodeString) PWCH UnicodeString,
                                               _In_ ULONG MaxBytesInUnicodeString,
                                               _Out_opt_ PULONG BytesInUnicodeString,
                                               _In_reads_bytes_(BytesInMultiByteString) const CHAR *MultiByteString,
                                               _In_ ULONG BytesInMultiByteString);
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI RtlUnicodeToMultiByteN(_Out_writes_bytes_(MaxBytesInMultiByteString) PCHAR MultiByteString,
                                               _In_ ULONG MaxBytesInMultiByteString,
                                               _Out_opt_ PULONG BytesInMultiByteString,
                                               _In_reads_bytes_(BytesInUnicodeString) PCWCH UnicodeString,
                                               _In_ ULONG BytesInUnicodeString);
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI RtlMultiByteToUnicodeSize(_Out_ PULONG BytesInUnicodeString,
                                                  _In_reads_bytes_(BytesInMultiByteString) const CHAR *MultiByteString,
                                                  _In_ ULONG BytesInMultiByteString);
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI RtlUnicodeToMultiByteSize(_Out_ PULONG BytesInMultiByteString,
                                                  _In_reads_bytes_(BytesInUnicodeString) PCWCH UnicodeString,
                                                  _In_ ULONG BytesInUnicodeString);

/* ---- Allocated strings --------------------------------------------------------------------- */

/* Release a Buffer that an Rtl routine allocated; the structure is zeroed. */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI VOID NTAPI RtlFreeUnicodeString(_Inout_ PUNICODE_STRING UnicodeString);
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI VOID NTAPI RtlFreeAnsiString(_Inout_ PANSI_STRING AnsiString);
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI VOID NTAPI RtlFreeUTF8String(_Inout_opt_ PUTF8_STRING Utf8String);

#define RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE        1
#define RTL_DUPLICATE_UNICODE_STRING_ALLOCATE_NULL_STRING  2

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI RtlDuplicateUnicodeString(_In_ ULONG Flags, _In_ PCUNICODE_STRING StringIn,
                                                  _Out_ PUNICODE_STRING StringOut);

/* ---- Integer strings ----------------------------------------------------------------------- */

/* Base 0 or 10, 2, 8, 16. NUL-terminated result; STATUS_BUFFER_OVERFLOW if it does not fit. */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI RtlIntegerToUnicodeString(_In_ ULONG Value, _In_opt_ ULONG Base,
                                                  _Inout_ PUNICODE_STRING String);
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI RtlInt64ToUnicodeString(_In_ ULONGLONG Value, _In_opt_ ULONG Base,
                                                _Inout_ PUNICODE_STRING String);
#define RtlIntPtrToUnicodeString(Value, Base, String) \
    RtlInt64ToUnicodeString((ULONGLONG)(ULONG_PTR)(Value), (Base), (String))

/* Base 0 recognises 0x / 0o / 0b prefixes; leading white space and one sign are accepted. */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI RtlUnicodeStringToInteger(_In_ PCUNICODE_STRING String,
                                                  _In_opt_ ULONG Base, _Out_ PULONG Value);
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI RtlCharToInteger(_In_ PCSZ String, _In_opt_ ULONG Base,
                                         _Out_ PULONG Value);

/* ---- GUID strings -------------------------------------------------------------------------- */

/* "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}" in an allocated buffer (RtlFreeUnicodeString). */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI RtlStringFromGUID(_In_ REFGUID Guid, _Out_ PUNICODE_STRING GuidString);
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI RtlGUIDFromString(_In_ PCUNICODE_STRING GuidString, _Out_ GUID *Guid);

/* ---- Hashing ------------------------------------------------------------------------------- */

#define HASH_STRING_ALGORITHM_DEFAULT  0
#define HASH_STRING_ALGORITHM_X65599   1
#define HASH_STRING_ALGORITHM_INVALID  0xffffffff

_IRQL_requires_max_(APC_LEVEL)
NTSYSAPI NTSTATUS NTAPI RtlHashUnicodeString(_In_ PCUNICODE_STRING String,
                                             _In_ BOOLEAN CaseInSensitive,
                                             _In_ ULONG HashAlgorithm, _Out_ PULONG HashValue);

KMODE_EXTERN_C_END

#endif /* _KMODE_WDM_RTL_STRING_H_ */
