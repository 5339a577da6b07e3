/*
 * PURPOSE: strsafe.h: bounded string copy, concatenation, formatting, length and line-input
 * functions for user-mode apps, returning HRESULT. Implemented in src/win32/strsafe.c on top
 * of the kernel's ntstrsafe engine (src/rtl/strsafe*.c), so both behave alike:
 *   - counts are characters (Cch) or bytes (Cb); a destination of 0 or more than
 *     STRSAFE_MAX_CCH characters, unknown flags or (without STRSAFE_IGNORE_NULLS) NULL
 *     pointers give STRSAFE_E_INVALID_PARAMETER;
 *   - a result that does not fit is truncated, NUL-terminated and reported as
 *     STRSAFE_E_INSUFFICIENT_BUFFER (FAILED, but the truncated text is there);
 *   - the Ex forms take STRSAFE_* flags and report the end of the result and the space left;
 *   - Printf forms use kmode's Microsoft-compatible format engine (%ws, %I64d, ...);
 *   - Gets forms read one line from stdin without its newline: STRSAFE_E_END_OF_FILE when
 *     nothing is left, STRSAFE_E_INSUFFICIENT_BUFFER for a destination of one character;
 *     a line longer than the buffer is truncated (S_OK) and its rest stays unread. The W
 *     forms read UTF-8.
 * The generic names (StringCchCopy, ...) are the W functions with UNICODE, else the A ones.
 * Nothing is deprecated in kmode (STRSAFE_NO_DEPRECATE has no effect); STRSAFE_NO_CB_FUNCTIONS
 * and STRSAFE_NO_CCH_FUNCTIONS hide those families.
 */
#ifndef _STRSAFE_H_INCLUDED_
#define _STRSAFE_H_INCLUDED_

#include <ntdef.h>
#include <winerror.h>
#include <stdarg.h>
#include <stddef.h>

#define STRSAFE_MAX_CCH     2147483647
#define STRSAFE_MAX_LENGTH  (STRSAFE_MAX_CCH - 1)

#define STRSAFEAPI  KMODE_EXTERN_C HRESULT __stdcall
#define STRSAFEVAPI KMODE_EXTERN_C HRESULT __cdecl

typedef char *STRSAFE_LPSTR;
typedef const char *STRSAFE_LPCSTR;
typedef wchar_t *STRSAFE_LPWSTR;
typedef const wchar_t *STRSAFE_LPCWSTR;
typedef const wchar_t UNALIGNED *STRSAFE_LPCUWSTR;
typedef const char *STRSAFE_PCNZCH;
typedef const wchar_t *STRSAFE_PCNZWCH;
typedef const wchar_t UNALIGNED *STRSAFE_PCUNZWCH;

/* The low byte of dwFlags is the fill byte for the FILL flags. */
#ifndef STRSAFE_IGNORE_NULLS
#define STRSAFE_IGNORE_NULLS      0x00000100
#define STRSAFE_FILL_BEHIND_NULL  0x00000200
#define STRSAFE_FILL_ON_FAILURE   0x00000400
#define STRSAFE_NULL_ON_FAILURE   0x00000800
#define STRSAFE_NO_TRUNCATION     0x00001000
#define STRSAFE_VALID_FLAGS \
    (0x000000FF | STRSAFE_IGNORE_NULLS | STRSAFE_FILL_BEHIND_NULL | STRSAFE_FILL_ON_FAILURE | \
     STRSAFE_NULL_ON_FAILURE | STRSAFE_NO_TRUNCATION)
#define STRSAFE_FILL_BYTE(x)     ((DWORD)(((x) & 0x000000FF) | STRSAFE_FILL_BEHIND_NULL))
#define STRSAFE_FAILURE_BYTE(x)  ((DWORD)(((x) & 0x000000FF) | STRSAFE_FILL_ON_FAILURE))
#define STRSAFE_GET_FILL_PATTERN(dwFlags) ((int)((dwFlags) & 0x000000FF))
#endif

#define STRSAFE_E_INSUFFICIENT_BUFFER ((HRESULT)0x8007007AL)  /* HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER) */
#define STRSAFE_E_INVALID_PARAMETER   ((HRESULT)0x80070057L)  /* HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER) */
#define STRSAFE_E_END_OF_FILE         ((HRESULT)0x80070026L)  /* HRESULT_FROM_WIN32(ERROR_HANDLE_EOF) */

/* ---- Character-counted functions ---- */

#ifndef STRSAFE_NO_CCH_FUNCTIONS
STRSAFEAPI StringCchCopyA(_Out_ STRSAFE_LPSTR pszDest, _In_ size_t cchDest, _In_ STRSAFE_LPCSTR pszSrc);
STRSAFEAPI StringCchCopyExA(_Out_opt_ STRSAFE_LPSTR pszDest, _In_ size_t cchDest, _In_opt_ STRSAFE_LPCSTR pszSrc, _Out_opt_ STRSAFE_LPSTR *ppszDestEnd, _Out_opt_ size_t *pcchRemaining, _In_ DWORD dwFlags);
STRSAFEAPI StringCchCopyNA(_Out_ STRSAFE_LPSTR pszDest, _In_ size_t cchDest, _In_ STRSAFE_PCNZCH pszSrc, _In_ size_t cchToCopy);
STRSAFEAPI StringCchCopyNExA(_Out_opt_ STRSAFE_LPSTR pszDest, _In_ size_t cchDest, _In_opt_ STRSAFE_PCNZCH pszSrc, _In_ size_t cchToCopy, _Out_opt_ STRSAFE_LPSTR *ppszDestEnd, _Out_opt_ size_t *pcchRemaining, _In_ DWORD dwFlags);
STRSAFEAPI StringCchCatA(_Inout_ STRSAFE_LPSTR pszDest, _In_ size_t cchDest, _In_ STRSAFE_LPCSTR pszSrc);
STRSAFEAPI StringCchCatExA(_Inout_opt_ STRSAFE_LPSTR pszDest, _In_ size_t cchDest, _In_opt_ STRSAFE_LPCSTR pszSrc, _Out_opt_ STRSAFE_LPSTR *ppszDestEnd, _Out_opt_ size_t *pcchRemaining, _In_ DWORD dwFlags);
STRSAFEAPI StringCchCatNA(_Inout_ STRSAFE_LPSTR pszDest, _In_ size_t cchDest, _In_ STRSAFE_PCNZCH pszSrc, _In_ size_t cchToAppend);
STRSAFEAPI StringCchCatNExA(_Inout_opt_ STRSAFE_LPSTR pszDest, _In_ size_t cchDest, _In_opt_ STRSAFE_PCNZCH pszSrc, _In_ size_t cchToAppend, _Out_opt_ STRSAFE_LPSTR *ppszDestEnd, _Out_opt_ size_t *pcchRemaining, _In_ DWORD dwFlags);
STRSAFEAPI StringCchVPrintfA(_Out_ STRSAFE_LPSTR pszDest, _In_ size_t cchDest, _In_ STRSAFE_LPCSTR pszFormat, _In_ va_list argList);
STRSAFEAPI StringCchVPrintfExA(_Out_opt_ STRSAFE_LPSTR pszDest, _In_ size_t cchDest, _Out_opt_ STRSAFE_LPSTR *ppszDestEnd, _Out_opt_ size_t *pcchRemaining, _In_ DWORD dwFlags, _In_ STRSAFE_LPCSTR pszFormat, _In_ va_list argList);
STRSAFEVAPI StringCchPrintfA(_Out_ STRSAFE_LPSTR pszDest, _In_ size_t cchDest, _In_ STRSAFE_LPCSTR pszFormat, ...);
STRSAFEVAPI StringCchPrintfExA(_Out_opt_ STRSAFE_LPSTR pszDest, _In_ size_t cchDest, _Out_opt_ STRSAFE_LPSTR *ppszDestEnd, _Out_opt_ size_t *pcchRemaining, _In_ DWORD dwFlags, _In_ STRSAFE_LPCSTR pszFormat, ...);
STRSAFEAPI StringCchGetsA(_Out_ STRSAFE_LPSTR pszDest, _In_ size_t cchDest);
STRSAFEAPI StringCchGetsExA(_Out_opt_ STRSAFE_LPSTR pszDest, _In_ size_t cchDest, _Out_opt_ STRSAFE_LPSTR *ppszDestEnd, _Out_opt_ size_t *pcchRemaining, _In_ DWORD dwFlags);
STRSAFEAPI StringCchLengthA(_In_ STRSAFE_PCNZCH psz, _In_ size_t cchMax, _Out_opt_ size_t *pcchLength);
STRSAFEAPI StringCchCopyW(_Out_ STRSAFE_LPWSTR pszDest, _In_ size_t cchDest, _In_ STRSAFE_LPCWSTR pszSrc);
STRSAFEAPI StringCchCopyExW(_Out_opt_ STRSAFE_LPWSTR pszDest, _In_ size_t cchDest, _In_opt_ STRSAFE_LPCWSTR pszSrc, _Out_opt_ STRSAFE_LPWSTR *ppszDestEnd, _Out_opt_ size_t *pcchRemaining, _In_ DWORD dwFlags);
STRSAFEAPI StringCchCopyNW(_Out_ STRSAFE_LPWSTR pszDest, _In_ size_t cchDest, _In_ STRSAFE_PCNZWCH pszSrc, _In_ size_t cchToCopy);
STRSAFEAPI StringCchCopyNExW(_Out_opt_ STRSAFE_LPWSTR pszDest, _In_ size_t cchDest, _In_opt_ STRSAFE_PCNZWCH pszSrc, _In_ size_t cchToCopy, _Out_opt_ STRSAFE_LPWSTR *ppszDestEnd, _Out_opt_ size_t *pcchRemaining, _In_ DWORD dwFlags);
STRSAFEAPI StringCchCatW(_Inout_ STRSAFE_LPWSTR pszDest, _In_ size_t cchDest, _In_ STRSAFE_LPCWSTR pszSrc);
STRSAFEAPI StringCchCatExW(_Inout_opt_ STRSAFE_LPWSTR pszDest, _In_ size_t cchDest, _In_opt_ STRSAFE_LPCWSTR pszSrc, _Out_opt_ STRSAFE_LPWSTR *ppszDestEnd, _Out_opt_ size_t *pcchRemaining, _In_ DWORD dwFlags);
STRSAFEAPI StringCchCatNW(_Inout_ STRSAFE_LPWSTR pszDest, _In_ size_t cchDest, _In_ STRSAFE_PCNZWCH pszSrc, _In_ size_t cchToAppend);
STRSAFEAPI StringCchCatNExW(_Inout_opt_ STRSAFE_LPWSTR pszDest, _In_ size_t cchDest, _In_opt_ STRSAFE_PCNZWCH pszSrc, _In_ size_t cchToAppend, _Out_opt_ STRSAFE_LPWSTR *ppszDestEnd, _Out_opt_ size_t *pcchRemaining, _In_ DWORD dwFlags);
STRSAFEAPI StringCchVPrintfW(_Out_ STRSAFE_LPWSTR pszDest, _In_ size_t cchDest, _In_ STRSAFE_LPCWSTR pszFormat, _In_ va_list argList);
STRSAFEAPI StringCchVPrintfExW(_Out_opt_ STRSAFE_LPWSTR pszDest, _In_ size_t cchDest, _Out_opt_ STRSAFE_LPWSTR *ppszDestEnd, _Out_opt_ size_t *pcchRemaining, _In_ DWORD dwFlags, _In_ STRSAFE_LPCWSTR pszFormat, _In_ va_list argList);
STRSAFEVAPI StringCchPrintfW(_Out_ STRSAFE_LPWSTR pszDest, _In_ size_t cchDest, _In_ STRSAFE_LPCWSTR pszFormat, ...);
STRSAFEVAPI StringCchPrintfExW(_Out_opt_ STRSAFE_LPWSTR pszDest, _In_ size_t cchDest, _Out_opt_ STRSAFE_LPWSTR *ppszDestEnd, _Out_opt_ size_t *pcchRemaining, _In_ DWORD dwFlags, _In_ STRSAFE_LPCWSTR pszFormat, ...);
STRSAFEAPI StringCchGetsW(_Out_ STRSAFE_LPWSTR pszDest, _In_ size_t cchDest);
STRSAFEAPI StringCchGetsExW(_Out_opt_ STRSAFE_LPWSTR pszDest, _In_ size_t cchDest, _Out_opt_ STRSAFE_LPWSTR *ppszDestEnd, _Out_opt_ size_t *pcchRemaining, _In_ DWORD dwFlags);
STRSAFEAPI StringCchLengthW(_In_ STRSAFE_PCNZWCH psz, _In_ size_t cchMax, _Out_opt_ size_t *pcchLength);
#ifdef UNICODE
#define StringCchCopy StringCchCopyW
#define StringCchCopyEx StringCchCopyExW
#define StringCchCopyN StringCchCopyNW
#define StringCchCopyNEx StringCchCopyNExW
#define StringCchCat StringCchCatW
#define StringCchCatEx StringCchCatExW
#define StringCchCatN StringCchCatNW
#define StringCchCatNEx StringCchCatNExW
#define StringCchVPrintf StringCchVPrintfW
#define StringCchVPrintfEx StringCchVPrintfExW
#define StringCchPrintf StringCchPrintfW
#define StringCchPrintfEx StringCchPrintfExW
#define StringCchGets StringCchGetsW
#define StringCchGetsEx StringCchGetsExW
#define StringCchLength StringCchLengthW
#else
#define StringCchCopy StringCchCopyA
#define StringCchCopyEx StringCchCopyExA
#define StringCchCopyN StringCchCopyNA
#define StringCchCopyNEx StringCchCopyNExA
#define StringCchCat StringCchCatA
#define StringCchCatEx StringCchCatExA
#define StringCchCatN StringCchCatNA
#define StringCchCatNEx StringCchCatNExA
#define StringCchVPrintf StringCchVPrintfA
#define StringCchVPrintfEx StringCchVPrintfExA
#define StringCchPrintf StringCchPrintfA
#define StringCchPrintfEx StringCchPrintfExA
#define StringCchGets StringCchGetsA
#define StringCchGetsEx StringCchGetsExA
#define StringCchLength StringCchLengthA
#endif
#endif /* STRSAFE_NO_CCH_FUNCTIONS */

/* ---- Byte-counted functions ---- */

#ifndef STRSAFE_NO_CB_FUNCTIONS
STRSAFEAPI StringCbCopyA(_Out_ STRSAFE_LPSTR pszDest, _In_ size_t cbDest, _In_ STRSAFE_LPCSTR pszSrc);
STRSAFEAPI StringCbCopyExA(_Out_opt_ STRSAFE_LPSTR pszDest, _In_ size_t cbDest, _In_opt_ STRSAFE_LPCSTR pszSrc, _Out_opt_ STRSAFE_LPSTR *ppszDestEnd, _Out_opt_ size_t *pcbRemaining, _In_ DWORD dwFlags);
STRSAFEAPI StringCbCopyNA(_Out_ STRSAFE_LPSTR pszDest, _In_ size_t cbDest, _In_ STRSAFE_PCNZCH pszSrc, _In_ size_t cbToCopy);
STRSAFEAPI StringCbCopyNExA(_Out_opt_ STRSAFE_LPSTR pszDest, _In_ size_t cbDest, _In_opt_ STRSAFE_PCNZCH pszSrc, _In_ size_t cbToCopy, _Out_opt_ STRSAFE_LPSTR *ppszDestEnd, _Out_opt_ size_t *pcbRemaining, _In_ DWORD dwFlags);
STRSAFEAPI StringCbCatA(_Inout_ STRSAFE_LPSTR pszDest, _In_ size_t cbDest, _In_ STRSAFE_LPCSTR pszSrc);
STRSAFEAPI StringCbCatExA(_Inout_opt_ STRSAFE_LPSTR pszDest, _In_ size_t cbDest, _In_opt_ STRSAFE_LPCSTR pszSrc, _Out_opt_ STRSAFE_LPSTR *ppszDestEnd, _Out_opt_ size_t *pcbRemaining, _In_ DWORD dwFlags);
STRSAFEAPI StringCbCatNA(_Inout_ STRSAFE_LPSTR pszDest, _In_ size_t cbDest, _In_ STRSAFE_PCNZCH pszSrc, _In_ size_t cbToAppend);
STRSAFEAPI StringCbCatNExA(_Inout_opt_ STRSAFE_LPSTR pszDest, _In_ size_t cbDest, _In_opt_ STRSAFE_PCNZCH pszSrc, _In_ size_t cbToAppend, _Out_opt_ STRSAFE_LPSTR *ppszDestEnd, _Out_opt_ size_t *pcbRemaining, _In_ DWORD dwFlags);
STRSAFEAPI StringCbVPrintfA(_Out_ STRSAFE_LPSTR pszDest, _In_ size_t cbDest, _In_ STRSAFE_LPCSTR pszFormat, _In_ va_list argList);
STRSAFEAPI StringCbVPrintfExA(_Out_opt_ STRSAFE_LPSTR pszDest, _In_ size_t cbDest, _Out_opt_ STRSAFE_LPSTR *ppszDestEnd, _Out_opt_ size_t *pcbRemaining, _In_ DWORD dwFlags, _In_ STRSAFE_LPCSTR pszFormat, _In_ va_list argList);
STRSAFEVAPI StringCbPrintfA(_Out_ STRSAFE_LPSTR pszDest, _In_ size_t cbDest, _In_ STRSAFE_LPCSTR pszFormat, ...);
STRSAFEVAPI StringCbPrintfExA(_Out_opt_ STRSAFE_LPSTR pszDest, _In_ size_t cbDest, _Out_opt_ STRSAFE_LPSTR *ppszDestEnd, _Out_opt_ size_t *pcbRemaining, _In_ DWORD dwFlags, _In_ STRSAFE_LPCSTR pszFormat, ...);
STRSAFEAPI StringCbGetsA(_Out_ STRSAFE_LPSTR pszDest, _In_ size_t cbDest);
STRSAFEAPI StringCbGetsExA(_Out_opt_ STRSAFE_LPSTR pszDest, _In_ size_t cbDest, _Out_opt_ STRSAFE_LPSTR *ppszDestEnd, _Out_opt_ size_t *pcbRemaining, _In_ DWORD dwFlags);
STRSAFEAPI StringCbLengthA(_In_ STRSAFE_PCNZCH psz, _In_ size_t cbMax, _Out_opt_ size_t *pcbLength);
STRSAFEAPI StringCbCopyW(_Out_ STRSAFE_LPWSTR pszDest, _In_ size_t cbDest, _In_ STRSAFE_LPCWSTR pszSrc);
STRSAFEAPI StringCbCopyExW(_Out_opt_ STRSAFE_LPWSTR pszDest, _In_ size_t cbDest, _In_opt_ STRSAFE_LPCWSTR pszSrc, _Out_opt_ STRSAFE_LPWSTR *ppszDestEnd, _Out_opt_ size_t *pcbRemaining, _In_ DWORD dwFlags);
STRSAFEAPI StringCbCopyNW(_Out_ STRSAFE_LPWSTR pszDest, _In_ size_t cbDest, _In_ STRSAFE_PCNZWCH pszSrc, _In_ size_t cbToCopy);
STRSAFEAPI StringCbCopyNExW(_Out_opt_ STRSAFE_LPWSTR pszDest, _In_ size_t cbDest, _In_opt_ STRSAFE_PCNZWCH pszSrc, _In_ size_t cbToCopy, _Out_opt_ STRSAFE_LPWSTR *ppszDestEnd, _Out_opt_ size_t *pcbRemaining, _In_ DWORD dwFlags);
STRSAFEAPI StringCbCatW(_Inout_ STRSAFE_LPWSTR pszDest, _In_ size_t cbDest, _In_ STRSAFE_LPCWSTR pszSrc);
STRSAFEAPI StringCbCatExW(_Inout_opt_ STRSAFE_LPWSTR pszDest, _In_ size_t cbDest, _In_opt_ STRSAFE_LPCWSTR pszSrc, _Out_opt_ STRSAFE_LPWSTR *ppszDestEnd, _Out_opt_ size_t *pcbRemaining, _In_ DWORD dwFlags);
STRSAFEAPI StringCbCatNW(_Inout_ STRSAFE_LPWSTR pszDest, _In_ size_t cbDest, _In_ STRSAFE_PCNZWCH pszSrc, _In_ size_t cbToAppend);
STRSAFEAPI StringCbCatNExW(_Inout_opt_ STRSAFE_LPWSTR pszDest, _In_ size_t cbDest, _In_opt_ STRSAFE_PCNZWCH pszSrc, _In_ size_t cbToAppend, _Out_opt_ STRSAFE_LPWSTR *ppszDestEnd, _Out_opt_ size_t *pcbRemaining, _In_ DWORD dwFlags);
STRSAFEAPI StringCbVPrintfW(_Out_ STRSAFE_LPWSTR pszDest, _In_ size_t cbDest, _In_ STRSAFE_LPCWSTR pszFormat, _In_ va_list argList);
STRSAFEAPI StringCbVPrintfExW(_Out_opt_ STRSAFE_LPWSTR pszDest, _In_ size_t cbDest, _Out_opt_ STRSAFE_LPWSTR *ppszDestEnd, _Out_opt_ size_t *pcbRemaining, _In_ DWORD dwFlags, _In_ STRSAFE_LPCWSTR pszFormat, _In_ va_list argList);
STRSAFEVAPI StringCbPrintfW(_Out_ STRSAFE_LPWSTR pszDest, _In_ size_t cbDest, _In_ STRSAFE_LPCWSTR pszFormat, ...);
STRSAFEVAPI StringCbPrintfExW(_Out_opt_ STRSAFE_LPWSTR pszDest, _In_ size_t cbDest, _Out_opt_ STRSAFE_LPWSTR *ppszDestEnd, _Out_opt_ size_t *pcbRemaining, _In_ DWORD dwFlags, _In_ STRSAFE_LPCWSTR pszFormat, ...);
STRSAFEAPI StringCbGetsW(_Out_ STRSAFE_LPWSTR pszDest, _In_ size_t cbDest);
STRSAFEAPI StringCbGetsExW(_Out_opt_ STRSAFE_LPWSTR pszDest, _In_ size_t cbDest, _Out_opt_ STRSAFE_LPWSTR *ppszDestEnd, _Out_opt_ size_t *pcbRemaining, _In_ DWORD dwFlags);
STRSAFEAPI StringCbLengthW(_In_ STRSAFE_PCNZWCH psz, _In_ size_t cbMax, _Out_opt_ size_t *pcbLength);
#ifdef UNICODE
#define StringCbCopy StringCbCopyW
#define StringCbCopyEx StringCbCopyExW
#define StringCbCopyN StringCbCopyNW
#define StringCbCopyNEx StringCbCopyNExW
#define StringCbCat StringCbCatW
#define StringCbCatEx StringCbCatExW
#define StringCbCatN StringCbCatNW
#define StringCbCatNEx StringCbCatNExW
#define StringCbVPrintf StringCbVPrintfW
#define StringCbVPrintfEx StringCbVPrintfExW
#define StringCbPrintf StringCbPrintfW
#define StringCbPrintfEx StringCbPrintfExW
#define StringCbGets StringCbGetsW
#define StringCbGetsEx StringCbGetsExW
#define StringCbLength StringCbLengthW
#else
#define StringCbCopy StringCbCopyA
#define StringCbCopyEx StringCbCopyExA
#define StringCbCopyN StringCbCopyNA
#define StringCbCopyNEx StringCbCopyNExA
#define StringCbCat StringCbCatA
#define StringCbCatEx StringCbCatExA
#define StringCbCatN StringCbCatNA
#define StringCbCatNEx StringCbCatNExA
#define StringCbVPrintf StringCbVPrintfA
#define StringCbVPrintfEx StringCbVPrintfExA
#define StringCbPrintf StringCbPrintfA
#define StringCbPrintfEx StringCbPrintfExA
#define StringCbGets StringCbGetsA
#define StringCbGetsEx StringCbGetsExA
#define StringCbLength StringCbLengthA
#endif
#endif /* STRSAFE_NO_CB_FUNCTIONS */

#endif /* _STRSAFE_H_INCLUDED_ */
