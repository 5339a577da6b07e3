/*
 * PURPOSE: The internal interface of the Win32 side (src/win32: kmode's kernel32 for
 * console apps). The Win32 functions are declared in include/um/windows.h and its parts;
 * this header adds what the Win32 files share with each other and with the rest of kmode.
 *
 * Model (docs/win32.md):
 *  - A Win32 function validates what Windows validates in user mode, then calls a native
 *    service through NT_SYSCALL (internal/ntnative.h): the service runs with PreviousMode
 *    UserMode, so handles come from the process table, rights are checked and pointers
 *    probed. A failed service's NTSTATUS becomes the thread's last error through
 *    RtlNtStatusToDosError (BaseSetLastNTError).
 *  - Every function works on any host thread, including one kmode never saw (lazy
 *    initialization everywhere): no process or thread initialization call is needed.
 *    Win32pInitializeProcess exists for an app's start code to do that work up front.
 *  - User APCs (QueueUserAPC, ReadFileEx/WriteFileEx completion routines) are queued with
 *    NtpQueueUserApc and run when an alertable wait of the thread is interrupted for them.
 */
#ifndef _KMODE_INTERNAL_WIN32_H_
#define _KMODE_INTERNAL_WIN32_H_

#include <internal/ntnative.h>
#include <windows.h>

/* ==== Last error (src/win32/error.c) ==================================================== */

/* Sets the last error to Status's Win32 code (RtlNtStatusToDosError) and returns it. */
ULONG BaseSetLastNTError(_In_ NTSTATUS Status);

/* ==== Timeouts and names (src/win32/sync.c) ============================================= */

/* Win32 milliseconds to an NT relative timeout: NULL for INFINITE, else Buffer. */
PLARGE_INTEGER BaseFormatTimeOut(_Out_ PLARGE_INTEGER Buffer, _In_ DWORD Milliseconds);

/* Room for "\BaseNamedObjects\" + a MAX_PATH name + NUL. */
#define BASE_OBJECT_NAME_CHARS (sizeof("\\BaseNamedObjects\\") + MAX_PATH + 1)

typedef struct _BASE_OBJECT_NAME {
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name;
    WCHAR Buffer[BASE_OBJECT_NAME_CHARS];
} BASE_OBJECT_NAME, *PBASE_OBJECT_NAME;

/*
 * Builds the object attributes of a named kernel object in \BaseNamedObjects (the
 * "Global\" and "Local\" prefixes work through links there, as in session 0 on Windows).
 * Name NULL or empty: an unnamed object. SecurityAttributes gives OBJ_INHERIT. Returns the
 * attributes to pass (NULL when there is nothing to say), or sets the last error and
 * returns BASE_BAD_ATTRIBUTES: ERROR_FILENAME_EXCED_RANGE for a name longer than MAX_PATH.
 */
#define BASE_BAD_ATTRIBUTES ((POBJECT_ATTRIBUTES)(LONG_PTR)-1)
POBJECT_ATTRIBUTES BasepFormatObjectAttributes(_Out_ PBASE_OBJECT_NAME Object,
                                               _In_opt_ LPSECURITY_ATTRIBUTES SecurityAttributes,
                                               _In_opt_ LPCWSTR Name, _In_ ULONG Attributes);

/* An ANSI (Windows-1252) name converted to UTF-16 into Buffer (MAX_PATH + 1 characters).
   NULL stays NULL. FALSE with ERROR_FILENAME_EXCED_RANGE when it does not fit. */
BOOL BasepAnsiNameToUnicode(_In_opt_ LPCSTR Name, _Out_ PWCHAR Buffer, _Out_ LPCWSTR *Result);

/* ==== Process initialization (src/win32/sync.c) ========================================= */

/*
 * Optional: an app's start code (KmodeAppStart) may call it before main. Creates what the
 * Win32 side otherwise creates on first use (the Mutant type, the \BaseNamedObjects
 * links), so that a failure shows at start (as a bugcheck) rather than in the middle of
 * the app. Idempotent; any thread.
 */
VOID Win32pInitializeProcess(VOID);

#endif /* _KMODE_INTERNAL_WIN32_H_ */
