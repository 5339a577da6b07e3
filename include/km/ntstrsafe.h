/*
 * PURPOSE: ntstrsafe.h: bounded string copy, concatenation, formatting and length functions
 * for kernel-mode drivers (NUL-terminated char / wchar_t buffers and UNICODE_STRING).
 *
 * The WDK defines these inline in the header; kmode implements them once in the runtime
 * (src/rtl/strsafe*.c) and declares them here, with the documented semantics:
 *   - counts are characters (Cch) or bytes (Cb); a destination of 0 or more than
 *     NTSTRSAFE_MAX_CCH characters is STATUS_INVALID_PARAMETER;
 *   - a result that does not fit is truncated, NUL-terminated, and reported as
 *     STATUS_BUFFER_OVERFLOW;
 *   - UNICODE_STRING functions validate the structures, never write a terminator, and
 *     report truncation the same way;
 *   - the Ex forms take STRSAFE_* flags and report the end of the result and the space left.
 * Printf forms use kmode's Microsoft-compatible format engine (%wZ, %ws, %I64d, ...).
 *
 * Accepted configuration macros: NTSTRSAFE_LIB and NTSTRSAFE_NO_DEPRECATE (no effect in
 * kmode: nothing is inline and nothing is deprecated), NTSTRSAFE_NO_CB_FUNCTIONS,
 * NTSTRSAFE_NO_CCH_FUNCTIONS, NTSTRSAFE_NO_UNICODE_STRING_FUNCTIONS (hide those families).
 */
#ifndef _NTSTRSAFE_H_INCLUDED_
#define _NTSTRSAFE_H_INCLUDED_

#include <ntdef.h>
#include <ntstatus.h>
#include <stdarg.h>

/* ---- Limits, types, flags ------------------------------------------------------------------ */

#define NTSTRSAFE_MAX_CCH     2147483647
#define NTSTRSAFE_MAX_LENGTH  (NTSTRSAFE_MAX_CCH - 1)
#define NTSTRSAFE_UNICODE_STRING_MAX_CCH (0xffff / sizeof(wchar_t))

#define NTSTRSAFEDDI   KMODE_EXTERN_C NTSTATUS NTAPI
#define NTSTRSAFEVAPI  KMODE_EXTERN_C NTSTATUS __cdecl

typedef char *NTSTRSAFE_PSTR;
typedef const char *NTSTRSAFE_PCSTR;
typedef wchar_t *NTSTRSAFE_PWSTR;
typedef const wchar_t *NTSTRSAFE_PCWSTR;
typedef const wchar_t UNALIGNED *NTSTRSAFE_PCUWSTR;
typedef const char *STRSAFE_PCNZCH;
typedef const wchar_t *STRSAFE_PCNZWCH;
typedef const wchar_t UNALIGNED *STRSAFE_PCUNZWCH;

/* The low byte of dwFlags is the fill byte for the FILL flags. */
#define STRSAFE_IGNORE_NULLS      0x00000100
#define STRSAFE_FILL_BEHIND_NULL  0x00000200
#define STRSAFE_FILL_ON_FAILURE   0x00000400
#define STRSAFE_NULL_ON_FAILURE   0x00000800
#define STRSAFE_NO_TRUNCATION     0x00001000
#define STRSAFE_VALID_FLAGS \
    (0x000000FF | STRSAFE_IGNORE_NULLS | STRSAFE_FILL_BEHIND_NULL | STRSAFE_FILL_ON_FAILURE | \
     STRSAFE_NULL_ON_FAILURE | STRSAFE_NO_TRUNCATION)

/* UNICODE_STRING spellings of the same bits. */
#define STRSAFE_FILL_BEHIND             STRSAFE_FILL_BEHIND_NULL
#define STRSAFE_ZERO_LENGTH_ON_FAILURE  STRSAFE_NULL_ON_FAILURE
#define STRSAFE_UNICODE_STRING_VALID_FLAGS \
    (0x000000FF | STRSAFE_IGNORE_NULLS | STRSAFE_FILL_BEHIND | STRSAFE_FILL_ON_FAILURE | \
     STRSAFE_ZERO_LENGTH_ON_FAILURE | STRSAFE_NO_TRUNCATION)

#define STRSAFE_FILL_BYTE(x)     ((DWORD)(((x) & 0x000000FF) | STRSAFE_FILL_BEHIND_NULL))
#define STRSAFE_FAILURE_BYTE(x)  ((DWORD)(((x) & 0x000000FF) | STRSAFE_FILL_ON_FAILURE))
#define STRSAFE_GET_FILL_PATTERN(dwFlags) ((int)((dwFlags) & 0x000000FF))

/* ---- Character-counted functions ------------------------------------------------------- */

#ifndef NTSTRSAFE_NO_CCH_FUNCTIONS

NTSTRSAFEDDI RtlStringCchCopyA(_Out_ NTSTRSAFE_PSTR pszDest, _In_ size_t cchDest, _In_ NTSTRSAFE_PCSTR pszSrc);
NTSTRSAFEDDI RtlStringCchCopyW(_Out_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cchDest, _In_ NTSTRSAFE_PCWSTR pszSrc);
NTSTRSAFEDDI RtlStringCchCopyExA(_Out_opt_ NTSTRSAFE_PSTR pszDest, _In_ size_t cchDest, _In_opt_ NTSTRSAFE_PCSTR pszSrc,
                                 _Out_opt_ NTSTRSAFE_PSTR *ppszDestEnd, _Out_opt_ size_t *pcchRemaining, _In_ DWORD dwFlags);
NTSTRSAFEDDI RtlStringCchCopyExW(_Out_opt_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cchDest, _In_opt_ NTSTRSAFE_PCWSTR pszSrc,
                                 _Out_opt_ NTSTRSAFE_PWSTR *ppszDestEnd, _Out_opt_ size_t *pcchRemaining, _In_ DWORD dwFlags);
NTSTRSAFEDDI RtlStringCchCopyNA(_Out_ NTSTRSAFE_PSTR pszDest, _In_ size_t cchDest, _In_ STRSAFE_PCNZCH pszSrc, _In_ size_t cchToCopy);
NTSTRSAFEDDI RtlStringCchCopyNW(_Out_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cchDest, _In_ STRSAFE_PCNZWCH pszSrc, _In_ size_t cchToCopy);
NTSTRSAFEDDI RtlStringCchCopyNExA(_Out_opt_ NTSTRSAFE_PSTR pszDest, _In_ size_t cchDest, _In_opt_ STRSAFE_PCNZCH pszSrc,
                                  _In_ size_t cchToCopy, _Out_opt_ NTSTRSAFE_PSTR *ppszDestEnd,
                                  _Out_opt_ size_t *pcchRemaining, _In_ DWORD dwFlags);
NTSTRSAFEDDI RtlStringCchCopyNExW(_Out_opt_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cchDest, _In_opt_ STRSAFE_PCNZWCH pszSrc,
                                  _In_ size_t cchToCopy, _Out_opt_ NTSTRSAFE_PWSTR *ppszDestEnd,
                                  _Out_opt_ size_t *pcchRemaining, _In_ DWORD dwFlags);
NTSTRSAFEDDI RtlStringCchCatA(_Inout_ NTSTRSAFE_PSTR pszDest, _In_ size_t cchDest, _In_ NTSTRSAFE_PCSTR pszSrc);
NTSTRSAFEDDI RtlStringCchCatW(_Inout_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cchDest, _In_ NTSTRSAFE_PCWSTR pszSrc);
NTSTRSAFEDDI RtlStringCchCatExA(_Inout_opt_ NTSTRSAFE_PSTR pszDest, _In_ size_t cchDest, _In_opt_ NTSTRSAFE_PCSTR pszSrc,
                                _Out_opt_ NTSTRSAFE_PSTR *ppszDestEnd, _Out_opt_ size_t *pcchRemaining, _In_ DWORD dwFlags);
NTSTRSAFEDDI RtlStringCchCatExW(_Inout_opt_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cchDest, _In_opt_ NTSTRSAFE_PCWSTR pszSrc,
                                _Out_opt_ NTSTRSAFE_PWSTR *ppszDestEnd, _Out_opt_ size_t *pcchRemaining, _In_ DWORD dwFlags);
NTSTRSAFEDDI RtlStringCchCatNA(_Inout_ NTSTRSAFE_PSTR pszDest, _In_ size_t cchDest, _In_ STRSAFE_PCNZCH pszSrc, _In_ size_t cchToAppend);
NTSTRSAFEDDI RtlStringCchCatNW(_Inout_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cchDest, _In_ STRSAFE_PCNZWCH pszSrc, _In_ size_t cchToAppend);
NTSTRSAFEDDI RtlStringCchCatNExA(_Inout_opt_ NTSTRSAFE_PSTR pszDest, _In_ size_t cchDest, _In_opt_ STRSAFE_PCNZCH pszSrc,
                                 _In_ size_t cchToAppend, _Out_opt_ NTSTRSAFE_PSTR *ppszDestEnd,
                                 _Out_opt_ size_t *pcchRemaining, _In_ DWORD dwFlags);
NTSTRSAFEDDI RtlStringCchCatNExW(_Inout_opt_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cchDest, _In_opt_ STRSAFE_PCNZWCH pszSrc,
                                 _In_ size_t cchToAppend, _Out_opt_ NTSTRSAFE_PWSTR *ppszDestEnd,
                                 _Out_opt_ size_t *pcchRemaining, _In_ DWORD dwFlags);
NTSTRSAFEDDI RtlStringCchVPrintfA(_Out_ NTSTRSAFE_PSTR pszDest, _In_ size_t cchDest, _In_ NTSTRSAFE_PCSTR pszFormat, _In_ va_list argList);
NTSTRSAFEDDI RtlStringCchVPrintfW(_Out_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cchDest, _In_ NTSTRSAFE_PCWSTR pszFormat, _In_ va_list argList);
NTSTRSAFEDDI RtlStringCchVPrintfExA(_Out_opt_ NTSTRSAFE_PSTR pszDest, _In_ size_t cchDest, _Out_opt_ NTSTRSAFE_PSTR *ppszDestEnd,
                                    _Out_opt_ size_t *pcchRemaining, _In_ DWORD dwFlags, _In_ NTSTRSAFE_PCSTR pszFormat,
                                    _In_ va_list argList);
NTSTRSAFEDDI RtlStringCchVPrintfExW(_Out_opt_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cchDest, _Out_opt_ NTSTRSAFE_PWSTR *ppszDestEnd,
                                    _Out_opt_ size_t *pcchRemaining, _In_ DWORD dwFlags, _In_ NTSTRSAFE_PCWSTR pszFormat,
                                    _In_ va_list argList);
NTSTRSAFEVAPI RtlStringCchPrintfA(_Out_ NTSTRSAFE_PSTR pszDest, _In_ size_t cchDest, _In_ NTSTRSAFE_PCSTR pszFormat, ...);
NTSTRSAFEVAPI RtlStringCchPrintfW(_Out_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cchDest, _In_ NTSTRSAFE_PCWSTR pszFormat, ...);
NTSTRSAFEVAPI RtlStringCchPrintfExA(_Out_opt_ NTSTRSAFE_PSTR pszDest, _In_ size_t cchDest, _Out_opt_ NTSTRSAFE_PSTR *ppszDestEnd,
                                    _Out_opt_ size_t *pcchRemaining, _In_ DWORD dwFlags, _In_ NTSTRSAFE_PCSTR pszFormat, ...);
NTSTRSAFEVAPI RtlStringCchPrintfExW(_Out_opt_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cchDest, _Out_opt_ NTSTRSAFE_PWSTR *ppszDestEnd,
                                    _Out_opt_ size_t *pcchRemaining, _In_ DWORD dwFlags, _In_ NTSTRSAFE_PCWSTR pszFormat, ...);
NTSTRSAFEDDI RtlStringCchLengthA(_In_ STRSAFE_PCNZCH psz, _In_ size_t cchMax, _Out_opt_ size_t *pcchLength);
NTSTRSAFEDDI RtlStringCchLengthW(_In_ STRSAFE_PCNZWCH psz, _In_ size_t cchMax, _Out_opt_ size_t *pcchLength);

/* NUL-terminated copies of (and concatenations with) counted strings. */
NTSTRSAFEDDI RtlStringCchCopyUnicodeString(_Out_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cchDest, _In_ PCUNICODE_STRING SourceString);
NTSTRSAFEDDI RtlStringCchCopyUnicodeStringEx(_Out_opt_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cchDest,
                                             _In_opt_ PCUNICODE_STRING SourceString, _Out_opt_ NTSTRSAFE_PWSTR *ppszDestEnd,
                                             _Out_opt_ size_t *pcchRemaining, _In_ DWORD dwFlags);
NTSTRSAFEDDI RtlStringCchCatUnicodeString(_Inout_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cchDest, _In_ PCUNICODE_STRING SourceString);
NTSTRSAFEDDI RtlStringCchCatUnicodeStringEx(_Inout_opt_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cchDest,
                                            _In_opt_ PCUNICODE_STRING SourceString, _Out_opt_ NTSTRSAFE_PWSTR *ppszDestEnd,
                                            _Out_opt_ size_t *pcchRemaining, _In_ DWORD dwFlags);

#endif /* NTSTRSAFE_NO_CCH_FUNCTIONS */

/* ---- Byte-counted functions ---------------------------------------------------------------- */

#ifndef NTSTRSAFE_NO_CB_FUNCTIONS

NTSTRSAFEDDI RtlStringCbCopyA(_Out_ NTSTRSAFE_PSTR pszDest, _In_ size_t cbDest, _In_ NTSTRSAFE_PCSTR pszSrc);
NTSTRSAFEDDI RtlStringCbCopyW(_Out_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cbDest, _In_ NTSTRSAFE_PCWSTR pszSrc);
NTSTRSAFEDDI RtlStringCbCopyExA(_Out_opt_ NTSTRSAFE_PSTR pszDest, _In_ size_t cbDest, _In_opt_ NTSTRSAFE_PCSTR pszSrc,
                                _Out_opt_ NTSTRSAFE_PSTR *ppszDestEnd, _Out_opt_ size_t *pcbRemaining, _In_ DWORD dwFlags);
NTSTRSAFEDDI RtlStringCbCopyExW(_Out_opt_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cbDest, _In_opt_ NTSTRSAFE_PCWSTR pszSrc,
                                _Out_opt_ NTSTRSAFE_PWSTR *ppszDestEnd, _Out_opt_ size_t *pcbRemaining, _In_ DWORD dwFlags);
NTSTRSAFEDDI RtlStringCbCopyNA(_Out_ NTSTRSAFE_PSTR pszDest, _In_ size_t cbDest, _In_ STRSAFE_PCNZCH pszSrc, _In_ size_t cbToCopy);
NTSTRSAFEDDI RtlStringCbCopyNW(_Out_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cbDest, _In_ STRSAFE_PCNZWCH pszSrc, _In_ size_t cbToCopy);
NTSTRSAFEDDI RtlStringCbCopyNExA(_Out_opt_ NTSTRSAFE_PSTR pszDest, _In_ size_t cbDest, _In_opt_ STRSAFE_PCNZCH pszSrc,
                                 _In_ size_t cbToCopy, _Out_opt_ NTSTRSAFE_PSTR *ppszDestEnd,
                                 _Out_opt_ size_t *pcbRemaining, _In_ DWORD dwFlags);
NTSTRSAFEDDI RtlStringCbCopyNExW(_Out_opt_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cbDest, _In_opt_ STRSAFE_PCNZWCH pszSrc,
                                 _In_ size_t cbToCopy, _Out_opt_ NTSTRSAFE_PWSTR *ppszDestEnd,
                                 _Out_opt_ size_t *pcbRemaining, _In_ DWORD dwFlags);
NTSTRSAFEDDI RtlStringCbCatA(_Inout_ NTSTRSAFE_PSTR pszDest, _In_ size_t cbDest, _In_ NTSTRSAFE_PCSTR pszSrc);
NTSTRSAFEDDI RtlStringCbCatW(_Inout_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cbDest, _In_ NTSTRSAFE_PCWSTR pszSrc);
NTSTRSAFEDDI RtlStringCbCatExA(_Inout_opt_ NTSTRSAFE_PSTR pszDest, _In_ size_t cbDest, _In_opt_ NTSTRSAFE_PCSTR pszSrc,
                               _Out_opt_ NTSTRSAFE_PSTR *ppszDestEnd, _Out_opt_ size_t *pcbRemaining, _In_ DWORD dwFlags);
NTSTRSAFEDDI RtlStringCbCatExW(_Inout_opt_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cbDest, _In_opt_ NTSTRSAFE_PCWSTR pszSrc,
                               _Out_opt_ NTSTRSAFE_PWSTR *ppszDestEnd, _Out_opt_ size_t *pcbRemaining, _In_ DWORD dwFlags);
NTSTRSAFEDDI RtlStringCbCatNA(_Inout_ NTSTRSAFE_PSTR pszDest, _In_ size_t cbDest, _In_ STRSAFE_PCNZCH pszSrc, _In_ size_t cbToAppend);
NTSTRSAFEDDI RtlStringCbCatNW(_Inout_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cbDest, _In_ STRSAFE_PCNZWCH pszSrc, _In_ size_t cbToAppend);
NTSTRSAFEDDI RtlStringCbCatNExA(_Inout_opt_ NTSTRSAFE_PSTR pszDest, _In_ size_t cbDest, _In_opt_ STRSAFE_PCNZCH pszSrc,
                                _In_ size_t cbToAppend, _Out_opt_ NTSTRSAFE_PSTR *ppszDestEnd,
                                _Out_opt_ size_t *pcbRemaining, _In_ DWORD dwFlags);
NTSTRSAFEDDI RtlStringCbCatNExW(_Inout_opt_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cbDest, _In_opt_ STRSAFE_PCNZWCH pszSrc,
                                _In_ size_t cbToAppend, _Out_opt_ NTSTRSAFE_PWSTR *ppszDestEnd,
                                _Out_opt_ size_t *pcbRemaining, _In_ DWORD dwFlags);
NTSTRSAFEDDI RtlStringCbVPrintfA(_Out_ NTSTRSAFE_PSTR pszDest, _In_ size_t cbDest, _In_ NTSTRSAFE_PCSTR pszFormat, _In_ va_list argList);
NTSTRSAFEDDI RtlStringCbVPrintfW(_Out_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cbDest, _In_ NTSTRSAFE_PCWSTR pszFormat, _In_ va_list argList);
NTSTRSAFEDDI RtlStringCbVPrintfExA(_Out_opt_ NTSTRSAFE_PSTR pszDest, _In_ size_t cbDest, _Out_opt_ NTSTRSAFE_PSTR *ppszDestEnd,
                                   _Out_opt_ size_t *pcbRemaining, _In_ DWORD dwFlags, _In_ NTSTRSAFE_PCSTR pszFormat,
                                   _In_ va_list argList);
NTSTRSAFEDDI RtlStringCbVPrintfExW(_Out_opt_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cbDest, _Out_opt_ NTSTRSAFE_PWSTR *ppszDestEnd,
                                   _Out_opt_ size_t *pcbRemaining, _In_ DWORD dwFlags, _In_ NTSTRSAFE_PCWSTR pszFormat,
                                   _In_ va_list argList);
NTSTRSAFEVAPI RtlStringCbPrintfA(_Out_ NTSTRSAFE_PSTR pszDest, _In_ size_t cbDest, _In_ NTSTRSAFE_PCSTR pszFormat, ...);
NTSTRSAFEVAPI RtlStringCbPrintfW(_Out_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cbDest, _In_ NTSTRSAFE_PCWSTR pszFormat, ...);
NTSTRSAFEVAPI RtlStringCbPrintfExA(_Out_opt_ NTSTRSAFE_PSTR pszDest, _In_ size_t cbDest, _Out_opt_ NTSTRSAFE_PSTR *ppszDestEnd,
                                   _Out_opt_ size_t *pcbRemaining, _In_ DWORD dwFlags, _In_ NTSTRSAFE_PCSTR pszFormat, ...);
NTSTRSAFEVAPI RtlStringCbPrintfExW(_Out_opt_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cbDest, _Out_opt_ NTSTRSAFE_PWSTR *ppszDestEnd,
                                   _Out_opt_ size_t *pcbRemaining, _In_ DWORD dwFlags, _In_ NTSTRSAFE_PCWSTR pszFormat, ...);
NTSTRSAFEDDI RtlStringCbLengthA(_In_ STRSAFE_PCNZCH psz, _In_ size_t cbMax, _Out_opt_ size_t *pcbLength);
NTSTRSAFEDDI RtlStringCbLengthW(_In_ STRSAFE_PCNZWCH psz, _In_ size_t cbMax, _Out_opt_ size_t *pcbLength);

NTSTRSAFEDDI RtlStringCbCopyUnicodeString(_Out_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cbDest, _In_ PCUNICODE_STRING SourceString);
NTSTRSAFEDDI RtlStringCbCopyUnicodeStringEx(_Out_opt_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cbDest,
                                            _In_opt_ PCUNICODE_STRING SourceString, _Out_opt_ NTSTRSAFE_PWSTR *ppszDestEnd,
                                            _Out_opt_ size_t *pcbRemaining, _In_ DWORD dwFlags);
NTSTRSAFEDDI RtlStringCbCatUnicodeString(_Inout_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cbDest, _In_ PCUNICODE_STRING SourceString);
NTSTRSAFEDDI RtlStringCbCatUnicodeStringEx(_Inout_opt_ NTSTRSAFE_PWSTR pszDest, _In_ size_t cbDest,
                                           _In_opt_ PCUNICODE_STRING SourceString, _Out_opt_ NTSTRSAFE_PWSTR *ppszDestEnd,
                                           _Out_opt_ size_t *pcbRemaining, _In_ DWORD dwFlags);

#endif /* NTSTRSAFE_NO_CB_FUNCTIONS */

/* ---- UNICODE_STRING functions (never NUL-terminated) ---------------------------------------- */

#ifndef NTSTRSAFE_NO_UNICODE_STRING_FUNCTIONS

NTSTRSAFEDDI RtlUnicodeStringInit(_Out_ PUNICODE_STRING DestinationString, _In_opt_ NTSTRSAFE_PCWSTR pszSrc);
NTSTRSAFEDDI RtlUnicodeStringInitEx(_Out_opt_ PUNICODE_STRING DestinationString, _In_opt_ NTSTRSAFE_PCWSTR pszSrc,
                                    _In_ DWORD dwFlags);
NTSTRSAFEDDI RtlUnicodeStringValidate(_In_ PCUNICODE_STRING SourceString);
NTSTRSAFEDDI RtlUnicodeStringValidateEx(_In_opt_ PCUNICODE_STRING SourceString, _In_ DWORD dwFlags);

NTSTRSAFEDDI RtlUnicodeStringCopy(_Inout_ PUNICODE_STRING DestinationString, _In_ PCUNICODE_STRING SourceString);
NTSTRSAFEDDI RtlUnicodeStringCopyEx(_Inout_opt_ PUNICODE_STRING DestinationString, _In_opt_ PCUNICODE_STRING SourceString,
                                    _Out_opt_ PUNICODE_STRING RemainingString, _In_ DWORD dwFlags);
NTSTRSAFEDDI RtlUnicodeStringCopyString(_Inout_ PUNICODE_STRING DestinationString, _In_ NTSTRSAFE_PCWSTR pszSrc);
NTSTRSAFEDDI RtlUnicodeStringCopyStringEx(_Inout_opt_ PUNICODE_STRING DestinationString, _In_opt_ NTSTRSAFE_PCWSTR pszSrc,
                                          _Out_opt_ PUNICODE_STRING RemainingString, _In_ DWORD dwFlags);
NTSTRSAFEDDI RtlUnicodeStringCchCopyN(_Inout_ PUNICODE_STRING DestinationString, _In_ PCUNICODE_STRING SourceString,
                                      _In_ size_t cchToCopy);
NTSTRSAFEDDI RtlUnicodeStringCbCopyN(_Inout_ PUNICODE_STRING DestinationString, _In_ PCUNICODE_STRING SourceString,
                                     _In_ size_t cbToCopy);
NTSTRSAFEDDI RtlUnicodeStringCchCopyNEx(_Inout_opt_ PUNICODE_STRING DestinationString, _In_opt_ PCUNICODE_STRING SourceString,
                                        _In_ size_t cchToCopy, _Out_opt_ PUNICODE_STRING RemainingString, _In_ DWORD dwFlags);
NTSTRSAFEDDI RtlUnicodeStringCbCopyNEx(_Inout_opt_ PUNICODE_STRING DestinationString, _In_opt_ PCUNICODE_STRING SourceString,
                                       _In_ size_t cbToCopy, _Out_opt_ PUNICODE_STRING RemainingString, _In_ DWORD dwFlags);
NTSTRSAFEDDI RtlUnicodeStringCchCopyStringN(_Inout_ PUNICODE_STRING DestinationString, _In_ NTSTRSAFE_PCWSTR pszSrc,
                                            _In_ size_t cchToCopy);
NTSTRSAFEDDI RtlUnicodeStringCbCopyStringN(_Inout_ PUNICODE_STRING DestinationString, _In_ NTSTRSAFE_PCWSTR pszSrc,
                                           _In_ size_t cbToCopy);
NTSTRSAFEDDI RtlUnicodeStringCchCopyStringNEx(_Inout_opt_ PUNICODE_STRING DestinationString, _In_opt_ NTSTRSAFE_PCWSTR pszSrc,
                                              _In_ size_t cchToCopy, _Out_opt_ PUNICODE_STRING RemainingString,
                                              _In_ DWORD dwFlags);
NTSTRSAFEDDI RtlUnicodeStringCbCopyStringNEx(_Inout_opt_ PUNICODE_STRING DestinationString, _In_opt_ NTSTRSAFE_PCWSTR pszSrc,
                                             _In_ size_t cbToCopy, _Out_opt_ PUNICODE_STRING RemainingString,
                                             _In_ DWORD dwFlags);

NTSTRSAFEDDI RtlUnicodeStringCat(_Inout_ PUNICODE_STRING DestinationString, _In_ PCUNICODE_STRING SourceString);
NTSTRSAFEDDI RtlUnicodeStringCatEx(_Inout_opt_ PUNICODE_STRING DestinationString, _In_opt_ PCUNICODE_STRING SourceString,
                                   _Out_opt_ PUNICODE_STRING RemainingString, _In_ DWORD dwFlags);
NTSTRSAFEDDI RtlUnicodeStringCatString(_Inout_ PUNICODE_STRING DestinationString, _In_ NTSTRSAFE_PCWSTR pszSrc);
NTSTRSAFEDDI RtlUnicodeStringCatStringEx(_Inout_opt_ PUNICODE_STRING DestinationString, _In_opt_ NTSTRSAFE_PCWSTR pszSrc,
                                         _Out_opt_ PUNICODE_STRING RemainingString, _In_ DWORD dwFlags);
NTSTRSAFEDDI RtlUnicodeStringCchCatN(_Inout_ PUNICODE_STRING DestinationString, _In_ PCUNICODE_STRING SourceString,
                                     _In_ size_t cchToAppend);
NTSTRSAFEDDI RtlUnicodeStringCbCatN(_Inout_ PUNICODE_STRING DestinationString, _In_ PCUNICODE_STRING SourceString,
                                    _In_ size_t cbToAppend);
NTSTRSAFEDDI RtlUnicodeStringCchCatNEx(_Inout_opt_ PUNICODE_STRING DestinationString, _In_opt_ PCUNICODE_STRING SourceString,
                                       _In_ size_t cchToAppend, _Out_opt_ PUNICODE_STRING RemainingString, _In_ DWORD dwFlags);
NTSTRSAFEDDI RtlUnicodeStringCbCatNEx(_Inout_opt_ PUNICODE_STRING DestinationString, _In_opt_ PCUNICODE_STRING SourceString,
                                      _In_ size_t cbToAppend, _Out_opt_ PUNICODE_STRING RemainingString, _In_ DWORD dwFlags);
NTSTRSAFEDDI RtlUnicodeStringCchCatStringN(_Inout_ PUNICODE_STRING DestinationString, _In_ NTSTRSAFE_PCWSTR pszSrc,
                                           _In_ size_t cchToAppend);
NTSTRSAFEDDI RtlUnicodeStringCbCatStringN(_Inout_ PUNICODE_STRING DestinationString, _In_ NTSTRSAFE_PCWSTR pszSrc,
                                          _In_ size_t cbToAppend);
NTSTRSAFEDDI RtlUnicodeStringCchCatStringNEx(_Inout_opt_ PUNICODE_STRING DestinationString, _In_opt_ NTSTRSAFE_PCWSTR pszSrc,
                                             _In_ size_t cchToAppend, _Out_opt_ PUNICODE_STRING RemainingString,
                                             _In_ DWORD dwFlags);
NTSTRSAFEDDI RtlUnicodeStringCbCatStringNEx(_Inout_opt_ PUNICODE_STRING DestinationString, _In_opt_ NTSTRSAFE_PCWSTR pszSrc,
                                            _In_ size_t cbToAppend, _Out_opt_ PUNICODE_STRING RemainingString,
                                            _In_ DWORD dwFlags);

NTSTRSAFEDDI RtlUnicodeStringVPrintf(_Inout_ PUNICODE_STRING DestinationString, _In_ NTSTRSAFE_PCWSTR pszFormat,
                                     _In_ va_list argList);
NTSTRSAFEDDI RtlUnicodeStringVPrintfEx(_Inout_opt_ PUNICODE_STRING DestinationString, _Out_opt_ PUNICODE_STRING RemainingString,
                                       _In_ DWORD dwFlags, _In_ NTSTRSAFE_PCWSTR pszFormat, _In_ va_list argList);
NTSTRSAFEVAPI RtlUnicodeStringPrintf(_Inout_ PUNICODE_STRING DestinationString, _In_ NTSTRSAFE_PCWSTR pszFormat, ...);
NTSTRSAFEVAPI RtlUnicodeStringPrintfEx(_Inout_opt_ PUNICODE_STRING DestinationString, _Out_opt_ PUNICODE_STRING RemainingString,
                                       _In_ DWORD dwFlags, _In_ NTSTRSAFE_PCWSTR pszFormat, ...);

#endif /* NTSTRSAFE_NO_UNICODE_STRING_FUNCTIONS */

#endif /* _NTSTRSAFE_H_INCLUDED_ */
