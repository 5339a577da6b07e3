/*
 * PURPOSE: windows.h part: the base of the Win32 subset (what windef.h, winnt.h and the
 * general part of winbase.h give a console app): types, handles, access rights, the
 * constants every other part uses, the last-error value, handles, message formatting and
 * debug output.
 *
 * Types with an NT name (DWORD, LARGE_INTEGER, HANDLE, LPCWSTR, TCHAR...) come from the
 * shared <ntdef.h>; the ERROR_* codes from the shared <winerror.h>. The access rights and
 * FILE_* constants are the same facts the kernel headers (wdm.h) state: when a translation
 * unit sees both (kmode's own src/win32), the kernel header's definitions are kept.
 *
 * Status codes: like Windows' winnt.h, this header defines the few STATUS_* codes the
 * Win32 API is built on (STATUS_WAIT_0, STATUS_USER_APC, STATUS_ACCESS_VIOLATION...) unless
 * WIN32_NO_STATUS is defined. They are spelled exactly as <ntstatus.h> spells them, so an
 * app may include <ntstatus.h> before or after <windows.h>, with or without the
 * WIN32_NO_STATUS habit, and get no redefinition.
 *
 * Implemented in src/win32 (error.c, handle.c, message.c, debug.c).
 */
#ifndef _KMODE_UM_WIN_BASE_H_
#define _KMODE_UM_WIN_BASE_H_

#include <winerror.h>   /* ERROR_* codes; includes <ntdef.h> (the NT base types) */
#include <ctype.h>      /* Windows' winnt.h includes it: apps call isalpha & co. without it */
#include <string.h>     /* what the memory macros below expand to */

KMODE_EXTERN_C_START

/* ==== Linkage and calling conventions (windef.h) ======================================== */

#ifndef WINBASEAPI
#define WINBASEAPI
#endif
#ifndef WINADVAPI
#define WINADVAPI
#endif
#ifndef CALLBACK
#define CALLBACK __stdcall
#endif
#ifndef APIENTRY
#define APIENTRY WINAPI
#endif
#ifndef WINAPIV
#define WINAPIV __cdecl
#endif
#ifndef PASCAL
#define PASCAL __stdcall
#endif
#ifndef WINAPI_INLINE
#define WINAPI_INLINE WINAPI
#endif
#ifndef FAR
#define FAR
#endif
#ifndef NEAR
#define NEAR
#endif
#ifndef far
#define far
#endif
#ifndef near
#define near
#endif

/* ==== Types (windef.h / winnt.h) ======================================================== */

typedef int *LPINT;
typedef LONG *LPLONG;
typedef HANDLE *LPHANDLE;
typedef WORD ATOM;
typedef UINT_PTR WPARAM;
typedef LONG_PTR LPARAM;
typedef LONG_PTR LRESULT;
typedef DWORD COLORREF, *LPCOLORREF;

typedef HANDLE HINSTANCE;
typedef HINSTANCE HMODULE;
typedef HANDLE HLOCAL;
typedef HANDLE HGLOBAL;
typedef HANDLE HRSRC;
typedef HANDLE HWND;
typedef INT_PTR (WINAPI *FARPROC)(void);
typedef INT_PTR (WINAPI *NEARPROC)(void);
typedef INT_PTR (WINAPI *PROC)(void);

/* TCHAR (ntdef.h) is WCHAR with UNICODE defined, char otherwise. */
#ifdef UNICODE
typedef LPWSTR LPTSTR, PTSTR;
typedef LPCWSTR LPCTSTR, PCTSTR;
typedef LPWSTR LPTCH, PTCH;
#define __TEXT(quote) L##quote
#else
typedef LPSTR LPTSTR, PTSTR;
typedef LPCSTR LPCTSTR, PCTSTR;
typedef LPSTR LPTCH, PTCH;
#define __TEXT(quote) quote
#endif
#ifndef TEXT
#define TEXT(quote) __TEXT(quote)
#endif

/* ==== Handle values and limits ========================================================== */

#define INVALID_HANDLE_VALUE ((HANDLE)(LONG_PTR)-1)
#define INFINITE             0xFFFFFFFF    /* a wait that never times out */
#define MAX_PATH             260
#ifndef MAXIMUM_WAIT_OBJECTS
#define MAXIMUM_WAIT_OBJECTS 64  /* KeWaitForMultipleObjects limit */
#endif

/* ==== Status codes the Win32 API is built on (winnt.h) ================================== */

#ifndef WIN32_NO_STATUS
#define STATUS_WAIT_0                                    ((NTSTATUS)0x00000000L)
#define STATUS_ABANDONED_WAIT_0                          ((NTSTATUS)0x00000080L)
#define STATUS_USER_APC                                  ((NTSTATUS)0x000000C0L)
#define STATUS_TIMEOUT                                   ((NTSTATUS)0x00000102L)
#define STATUS_PENDING                                   ((NTSTATUS)0x00000103L)
#define DBG_EXCEPTION_HANDLED                            ((NTSTATUS)0x00010001L)
#define DBG_CONTINUE                                     ((NTSTATUS)0x00010002L)
#define STATUS_SEGMENT_NOTIFICATION                      ((NTSTATUS)0x40000005L)
#define STATUS_FATAL_APP_EXIT                            ((NTSTATUS)0x40000015L)
#define DBG_REPLY_LATER                                  ((NTSTATUS)0x40010001L)
#define DBG_TERMINATE_THREAD                             ((NTSTATUS)0x40010003L)
#define DBG_TERMINATE_PROCESS                            ((NTSTATUS)0x40010004L)
#define DBG_CONTROL_C                                    ((NTSTATUS)0x40010005L)
#define DBG_PRINTEXCEPTION_C                             ((NTSTATUS)0x40010006L)
#define DBG_RIPEXCEPTION                                 ((NTSTATUS)0x40010007L)
#define DBG_CONTROL_BREAK                                ((NTSTATUS)0x40010008L)
#define DBG_COMMAND_EXCEPTION                            ((NTSTATUS)0x40010009L)
#define DBG_PRINTEXCEPTION_WIDE_C                        ((NTSTATUS)0x4001000AL)
#define STATUS_GUARD_PAGE_VIOLATION                      ((NTSTATUS)0x80000001L)
#define STATUS_DATATYPE_MISALIGNMENT                     ((NTSTATUS)0x80000002L)
#define STATUS_BREAKPOINT                                ((NTSTATUS)0x80000003L)
#define STATUS_SINGLE_STEP                               ((NTSTATUS)0x80000004L)
#define STATUS_LONGJUMP                                  ((NTSTATUS)0x80000026L)
#define STATUS_UNWIND_CONSOLIDATE                        ((NTSTATUS)0x80000029L)
#define DBG_EXCEPTION_NOT_HANDLED                        ((NTSTATUS)0x80010001L)
#define STATUS_ACCESS_VIOLATION                          ((NTSTATUS)0xC0000005L)
#define STATUS_IN_PAGE_ERROR                             ((NTSTATUS)0xC0000006L)
#define STATUS_INVALID_HANDLE                            ((NTSTATUS)0xC0000008L)
#define STATUS_INVALID_PARAMETER                         ((NTSTATUS)0xC000000DL)
#define STATUS_NO_MEMORY                                 ((NTSTATUS)0xC0000017L)
#define STATUS_ILLEGAL_INSTRUCTION                       ((NTSTATUS)0xC000001DL)
#define STATUS_NONCONTINUABLE_EXCEPTION                  ((NTSTATUS)0xC0000025L)
#define STATUS_INVALID_DISPOSITION                       ((NTSTATUS)0xC0000026L)
#define STATUS_ARRAY_BOUNDS_EXCEEDED                     ((NTSTATUS)0xC000008CL)
#define STATUS_FLOAT_DENORMAL_OPERAND                    ((NTSTATUS)0xC000008DL)
#define STATUS_FLOAT_DIVIDE_BY_ZERO                      ((NTSTATUS)0xC000008EL)
#define STATUS_FLOAT_INEXACT_RESULT                      ((NTSTATUS)0xC000008FL)
#define STATUS_FLOAT_INVALID_OPERATION                   ((NTSTATUS)0xC0000090L)
#define STATUS_FLOAT_OVERFLOW                            ((NTSTATUS)0xC0000091L)
#define STATUS_FLOAT_STACK_CHECK                         ((NTSTATUS)0xC0000092L)
#define STATUS_FLOAT_UNDERFLOW                           ((NTSTATUS)0xC0000093L)
#define STATUS_INTEGER_DIVIDE_BY_ZERO                    ((NTSTATUS)0xC0000094L)
#define STATUS_INTEGER_OVERFLOW                          ((NTSTATUS)0xC0000095L)
#define STATUS_PRIVILEGED_INSTRUCTION                    ((NTSTATUS)0xC0000096L)
#define STATUS_STACK_OVERFLOW                            ((NTSTATUS)0xC00000FDL)
#define STATUS_DLL_NOT_FOUND                             ((NTSTATUS)0xC0000135L)
#define STATUS_ORDINAL_NOT_FOUND                         ((NTSTATUS)0xC0000138L)
#define STATUS_ENTRYPOINT_NOT_FOUND                      ((NTSTATUS)0xC0000139L)
#define STATUS_CONTROL_C_EXIT                            ((NTSTATUS)0xC000013AL)
#define STATUS_DLL_INIT_FAILED                           ((NTSTATUS)0xC0000142L)
#define STATUS_FLOAT_MULTIPLE_FAULTS                     ((NTSTATUS)0xC00002B4L)
#define STATUS_FLOAT_MULTIPLE_TRAPS                      ((NTSTATUS)0xC00002B5L)
#define STATUS_REG_NAT_CONSUMPTION                       ((NTSTATUS)0xC00002C9L)
#define STATUS_HEAP_CORRUPTION                           ((NTSTATUS)0xC0000374L)
#define STATUS_STACK_BUFFER_OVERRUN                      ((NTSTATUS)0xC0000409L)
#define STATUS_INVALID_CRUNTIME_PARAMETER                ((NTSTATUS)0xC0000417L)
#define STATUS_ASSERTION_FAILURE                         ((NTSTATUS)0xC0000420L)
#define STATUS_ALREADY_REGISTERED                        ((NTSTATUS)0xC0000718L)
#endif /* WIN32_NO_STATUS */

/* Wait results (winbase.h). WAIT_TIMEOUT is in <winerror.h>. */
#define WAIT_FAILED          ((DWORD)0xFFFFFFFF)
#define WAIT_OBJECT_0        ((STATUS_WAIT_0) + 0)
#define WAIT_ABANDONED       ((STATUS_ABANDONED_WAIT_0) + 0)
#define WAIT_ABANDONED_0     ((STATUS_ABANDONED_WAIT_0) + 0)
#define WAIT_IO_COMPLETION   STATUS_USER_APC
#define STILL_ACTIVE         STATUS_PENDING

/* Exception codes under their Win32 names (winbase.h). */
#define EXCEPTION_ACCESS_VIOLATION         STATUS_ACCESS_VIOLATION
#define EXCEPTION_DATATYPE_MISALIGNMENT    STATUS_DATATYPE_MISALIGNMENT
#define EXCEPTION_BREAKPOINT               STATUS_BREAKPOINT
#define EXCEPTION_SINGLE_STEP              STATUS_SINGLE_STEP
#define EXCEPTION_ARRAY_BOUNDS_EXCEEDED    STATUS_ARRAY_BOUNDS_EXCEEDED
#define EXCEPTION_FLT_DENORMAL_OPERAND     STATUS_FLOAT_DENORMAL_OPERAND
#define EXCEPTION_FLT_DIVIDE_BY_ZERO       STATUS_FLOAT_DIVIDE_BY_ZERO
#define EXCEPTION_FLT_INEXACT_RESULT       STATUS_FLOAT_INEXACT_RESULT
#define EXCEPTION_FLT_INVALID_OPERATION    STATUS_FLOAT_INVALID_OPERATION
#define EXCEPTION_FLT_OVERFLOW             STATUS_FLOAT_OVERFLOW
#define EXCEPTION_FLT_STACK_CHECK          STATUS_FLOAT_STACK_CHECK
#define EXCEPTION_FLT_UNDERFLOW            STATUS_FLOAT_UNDERFLOW
#define EXCEPTION_INT_DIVIDE_BY_ZERO       STATUS_INTEGER_DIVIDE_BY_ZERO
#define EXCEPTION_INT_OVERFLOW             STATUS_INTEGER_OVERFLOW
#define EXCEPTION_PRIV_INSTRUCTION         STATUS_PRIVILEGED_INSTRUCTION
#define EXCEPTION_IN_PAGE_ERROR            STATUS_IN_PAGE_ERROR
#define EXCEPTION_ILLEGAL_INSTRUCTION      STATUS_ILLEGAL_INSTRUCTION
#define EXCEPTION_NONCONTINUABLE_EXCEPTION STATUS_NONCONTINUABLE_EXCEPTION
#define EXCEPTION_STACK_OVERFLOW           STATUS_STACK_OVERFLOW
#define EXCEPTION_INVALID_DISPOSITION      STATUS_INVALID_DISPOSITION
#define EXCEPTION_GUARD_PAGE               STATUS_GUARD_PAGE_VIOLATION
#define EXCEPTION_INVALID_HANDLE           STATUS_INVALID_HANDLE
#define CONTROL_C_EXIT                     STATUS_CONTROL_C_EXIT

/* ==== Access rights (winnt.h; the kernel's wdm.h states the same facts) ================= */

#ifndef _WDMDDK_
#include <accessrights.h>

#define KEY_QUERY_VALUE        0x0001
#define KEY_SET_VALUE          0x0002
#define KEY_CREATE_SUB_KEY     0x0004
#define KEY_ENUMERATE_SUB_KEYS 0x0008
#define KEY_NOTIFY             0x0010
#define KEY_CREATE_LINK        0x0020
#define KEY_WOW64_32KEY        0x0200
#define KEY_WOW64_64KEY        0x0100
#define KEY_WOW64_RES          0x0300
#define KEY_READ    ((STANDARD_RIGHTS_READ | KEY_QUERY_VALUE | KEY_ENUMERATE_SUB_KEYS | \
                      KEY_NOTIFY) & (~SYNCHRONIZE))
#define KEY_WRITE   ((STANDARD_RIGHTS_WRITE | KEY_SET_VALUE | KEY_CREATE_SUB_KEY) & (~SYNCHRONIZE))
#define KEY_EXECUTE ((KEY_READ) & (~SYNCHRONIZE))
#define KEY_ALL_ACCESS ((STANDARD_RIGHTS_ALL | KEY_QUERY_VALUE | KEY_SET_VALUE | \
                         KEY_CREATE_SUB_KEY | KEY_ENUMERATE_SUB_KEYS | KEY_NOTIFY | \
                         KEY_CREATE_LINK) & (~SYNCHRONIZE))

/* File access rights, share modes and attributes (the FILE_* facts winnt.h shares with
   the kernel; CreateFile's dispositions and FILE_FLAG_* are in win/file.h). */
#include <filerights.h>
#endif /* !_WDMDDK_ */

/* Win32-only names of object rights (winnt.h / synchapi.h). */
#define MUTEX_MODIFY_STATE  MUTANT_QUERY_STATE
#define MUTEX_ALL_ACCESS    MUTANT_ALL_ACCESS

/* ==== Structures (minwinbase.h) ========================================================= */

typedef struct _SECURITY_ATTRIBUTES {
    DWORD nLength;
    LPVOID lpSecurityDescriptor;
    BOOL bInheritHandle;
} SECURITY_ATTRIBUTES, *PSECURITY_ATTRIBUTES, *LPSECURITY_ATTRIBUTES;

/* An asynchronous I/O request: Internal holds the NTSTATUS (STATUS_PENDING while the
   request runs), InternalHigh the byte count (the IO_STATUS_BLOCK the kernel fills). */
typedef struct _OVERLAPPED {
    ULONG_PTR Internal;
    ULONG_PTR InternalHigh;
    union {
        struct {
            DWORD Offset;
            DWORD OffsetHigh;
        };
        PVOID Pointer;
    };
    HANDLE hEvent;
} OVERLAPPED, *LPOVERLAPPED;

/* 100-ns intervals since 1601-01-01 (UTC unless said otherwise), in two halves. */
typedef struct _FILETIME {
    DWORD dwLowDateTime;
    DWORD dwHighDateTime;
} FILETIME, *PFILETIME, *LPFILETIME;

typedef struct _SYSTEMTIME {
    WORD wYear;
    WORD wMonth;
    WORD wDayOfWeek;
    WORD wDay;
    WORD wHour;
    WORD wMinute;
    WORD wSecond;
    WORD wMilliseconds;
} SYSTEMTIME, *PSYSTEMTIME, *LPSYSTEMTIME;

/* ==== Languages (winnt.h), for FormatMessage ============================================ */

#define LANG_NEUTRAL             0x00
#define LANG_INVARIANT           0x7f
#define LANG_ENGLISH             0x09
#define SUBLANG_NEUTRAL          0x00
#define SUBLANG_DEFAULT          0x01
#define SUBLANG_SYS_DEFAULT      0x02
#define SUBLANG_ENGLISH_US       0x01
#define MAKELANGID(p, s)         ((((WORD)(s)) << 10) | (WORD)(p))
#define PRIMARYLANGID(lgid)      ((WORD)(lgid) & 0x3ff)
#define SUBLANGID(lgid)          ((WORD)(lgid) >> 10)
#define LANG_SYSTEM_DEFAULT      (MAKELANGID(LANG_NEUTRAL, SUBLANG_SYS_DEFAULT))
#define LANG_USER_DEFAULT        (MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT))

/* ==== Last error (errhandlingapi.h) ===================================================== */

/*
 * The calling thread's last-error code. Functions set it when they fail (and some when they
 * succeed, as documented for each). @implemented
 */
WINBASEAPI _Check_return_ DWORD WINAPI GetLastError(VOID);
WINBASEAPI VOID WINAPI SetLastError(_In_ DWORD dwErrCode);

/* ==== Handles (handleapi.h) ============================================================= */

#define DUPLICATE_CLOSE_SOURCE          0x00000001
#define DUPLICATE_SAME_ACCESS           0x00000002
#define HANDLE_FLAG_INHERIT             0x00000001
#define HANDLE_FLAG_PROTECT_FROM_CLOSE  0x00000002

/*
 * Closes an open object handle. FALSE with ERROR_INVALID_HANDLE for a handle that is not
 * open (closed already, NULL, a kernel handle) or is marked HANDLE_FLAG_PROTECT_FROM_CLOSE.
 * The pseudo handles of GetCurrentProcess (INVALID_HANDLE_VALUE has the same value) and
 * GetCurrentThread: TRUE, nothing is closed. @implemented
 */
WINBASEAPI BOOL WINAPI CloseHandle(_In_ _Post_ptr_invalid_ HANDLE hObject);

/*
 * Duplicates a handle of the current process into the current process (the only one kmode
 * has: hSourceProcessHandle / hTargetProcessHandle must be GetCurrentProcess() or a handle
 * to it). The pseudo handles duplicate into real handles. @implemented
 */
WINBASEAPI BOOL WINAPI DuplicateHandle(_In_ HANDLE hSourceProcessHandle, _In_ HANDLE hSourceHandle,
                                       _In_ HANDLE hTargetProcessHandle,
                                       _Outptr_ LPHANDLE lpTargetHandle,
                                       _In_ DWORD dwDesiredAccess, _In_ BOOL bInheritHandle,
                                       _In_ DWORD dwOptions);

/* HANDLE_FLAG_INHERIT / HANDLE_FLAG_PROTECT_FROM_CLOSE of a handle. @implemented */
WINBASEAPI BOOL WINAPI GetHandleInformation(_In_ HANDLE hObject, _Out_ LPDWORD lpdwFlags);
WINBASEAPI BOOL WINAPI SetHandleInformation(_In_ HANDLE hObject, _In_ DWORD dwMask,
                                            _In_ DWORD dwFlags);

/* ==== Message formatting (winbase.h) ==================================================== */

#define FORMAT_MESSAGE_IGNORE_INSERTS  0x00000200
#define FORMAT_MESSAGE_FROM_STRING     0x00000400
#define FORMAT_MESSAGE_FROM_HMODULE    0x00000800
#define FORMAT_MESSAGE_FROM_SYSTEM     0x00001000
#define FORMAT_MESSAGE_ARGUMENT_ARRAY  0x00002000
#define FORMAT_MESSAGE_MAX_WIDTH_MASK  0x000000FF
#define FORMAT_MESSAGE_ALLOCATE_BUFFER 0x00000100

/*
 * Formats a message: a system error message (FORMAT_MESSAGE_FROM_SYSTEM: the ERROR_*
 * codes, also as FACILITY_WIN32 HRESULTs) or a caller's string (FORMAT_MESSAGE_FROM_STRING),
 * with %1..%99 inserts (!printf-format!), %0 %n %r %t %% %. %! escapes and the line-width
 * rules of FORMAT_MESSAGE_MAX_WIDTH_MASK. Returns the characters stored, without the NUL;
 * 0 on failure: ERROR_MR_MID_NOT_FOUND (no such message), ERROR_INSUFFICIENT_BUFFER,
 * ERROR_RESOURCE_LANG_NOT_FOUND (a language other than neutral/English),
 * ERROR_INVALID_PARAMETER. FORMAT_MESSAGE_FROM_HMODULE: no image has a message table in
 * kmode; combined with FROM_SYSTEM the system table is searched, alone it fails with
 * ERROR_RESOURCE_TYPE_NOT_FOUND. ALLOCATE_BUFFER allocates with LocalAlloc (free it with
 * LocalFree). @implemented
 */
WINBASEAPI DWORD WINAPI FormatMessageA(_In_ DWORD dwFlags, _In_opt_ LPCVOID lpSource,
                                       _In_ DWORD dwMessageId, _In_ DWORD dwLanguageId,
                                       _Out_ LPSTR lpBuffer, _In_ DWORD nSize,
                                       _In_opt_ va_list *Arguments);
WINBASEAPI DWORD WINAPI FormatMessageW(_In_ DWORD dwFlags, _In_opt_ LPCVOID lpSource,
                                       _In_ DWORD dwMessageId, _In_ DWORD dwLanguageId,
                                       _Out_ LPWSTR lpBuffer, _In_ DWORD nSize,
                                       _In_opt_ va_list *Arguments);

/* ==== Debug output (debugapi.h) ========================================================= */

/* Writes the string to standard error, as DbgPrint does for drivers. @implemented */
WINBASEAPI VOID WINAPI OutputDebugStringA(_In_opt_ LPCSTR lpOutputString);
WINBASEAPI VOID WINAPI OutputDebugStringW(_In_opt_ LPCWSTR lpOutputString);
/* TRUE when a debugger is attached to the process (gdb, lldb...). @implemented */
WINBASEAPI BOOL WINAPI IsDebuggerPresent(VOID);
/* A breakpoint exception (STATUS_BREAKPOINT) in the caller, as DbgBreakPoint. @implemented */
WINBASEAPI VOID WINAPI DebugBreak(VOID);

#ifdef UNICODE
#define FormatMessage     FormatMessageW
#define OutputDebugString OutputDebugStringW
#else
#define FormatMessage     FormatMessageA
#define OutputDebugString OutputDebugStringA
#endif

/* ==== Memory macros (winnt.h, winbase.h) ================================================ */

/* The same text as wdm.h's (include/km/wdm/rtl_misc.h): a unit that sees both keeps one. */
#define RtlEqualMemory(Destination, Source, Length) (!memcmp((Destination), (Source), (Length)))
#define RtlMoveMemory(Destination, Source, Length) memmove((Destination), (Source), (Length))
#define RtlCopyMemory(Destination, Source, Length) memcpy((Destination), (Source), (Length))
#define RtlFillMemory(Destination, Length, Fill) memset((Destination), (Fill), (Length))
#define RtlZeroMemory(Destination, Length) memset((Destination), 0, (Length))

#ifndef _KMODE_WDM_RTL_MISC_H_
/* Zeroes through volatile stores, which the compiler cannot drop; returns ptr. */
FORCEINLINE PVOID RtlSecureZeroMemory(_Out_writes_bytes_all_(cnt) PVOID ptr, _In_ SIZE_T cnt)
{
    volatile char *p = (volatile char *)ptr;

    while (cnt != 0) {
        *p++ = 0;
        cnt--;
    }
    return ptr;
}
#endif

#define MoveMemory       RtlMoveMemory
#define CopyMemory       RtlCopyMemory
#define FillMemory       RtlFillMemory
#define ZeroMemory       RtlZeroMemory
#define SecureZeroMemory RtlSecureZeroMemory

KMODE_EXTERN_C_END

#endif /* _KMODE_UM_WIN_BASE_H_ */
