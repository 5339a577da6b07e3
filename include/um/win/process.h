/*
 * PURPOSE: windows.h part: threads and the process (processthreadsapi.h), time
 * (sysinfoapi.h, timezoneapi.h, profileapi.h), heaps and local/global memory (heapapi.h,
 * winbase.h), system information and version.
 *
 * kmode runs one process (the app and the drivers share it): GetCurrentProcessId is that
 * process's id (4, the System process, as the kernel side sees it). Threads created with
 * CreateThread are kernel thread objects run by host threads, with PreviousMode UserMode.
 * Implemented in src/win32 (thread.c, process.c, time.c, heap.c, sysinfo.c).
 */
#ifndef _KMODE_UM_WIN_PROCESS_H_
#define _KMODE_UM_WIN_PROCESS_H_

#include <win/base.h>

KMODE_EXTERN_C_START

/* ==== Threads =========================================================================== */

typedef DWORD (WINAPI *PTHREAD_START_ROUTINE)(LPVOID lpThreadParameter);
typedef PTHREAD_START_ROUTINE LPTHREAD_START_ROUTINE;

#define CREATE_SUSPENDED                  0x00000004
#define STACK_SIZE_PARAM_IS_A_RESERVATION 0x00010000

/*
 * Starts a thread running lpStartAddress(lpParameter); its return value is its exit code.
 * The handle has THREAD_ALL_ACCESS and is signaled when the thread ends; lpThreadId
 * (optional) receives its id. CREATE_SUSPENDED: it starts at ResumeThread. dwStackSize is
 * accepted and not used (host threads get the host's default stack). Errors:
 * ERROR_INVALID_PARAMETER (no start address, an unknown creation flag),
 * ERROR_NOT_ENOUGH_MEMORY. @implemented
 */
WINBASEAPI _Ret_maybenull_ HANDLE WINAPI CreateThread(_In_opt_ LPSECURITY_ATTRIBUTES lpThreadAttributes,
                                                      _In_ SIZE_T dwStackSize,
                                                      _In_ LPTHREAD_START_ROUTINE lpStartAddress,
                                                      _In_opt_ LPVOID lpParameter,
                                                      _In_ DWORD dwCreationFlags,
                                                      _Out_opt_ LPDWORD lpThreadId);
/* Ends the calling thread with dwExitCode (its frames are abandoned, as on Windows). On a
   thread CreateThread did not start (main, a host thread) the host thread ends and its
   exit code reads 0. @implemented */
WINBASEAPI DECLSPEC_NORETURN VOID WINAPI ExitThread(_In_ DWORD dwExitCode);
/* STILL_ACTIVE while the thread runs. Needs THREAD_QUERY_(LIMITED_)INFORMATION.
   @implemented */
WINBASEAPI BOOL WINAPI GetExitCodeThread(_In_ HANDLE hThread, _Out_ LPDWORD lpExitCode);
/* Starts a thread created suspended: returns the previous suspend count (1), 0 for a
   thread that runs; (DWORD)-1 with the last error on failure. @implemented */
WINBASEAPI DWORD WINAPI ResumeThread(_In_ HANDLE hThread);
/* The pseudo handle (HANDLE)-2 meaning "the calling thread". @implemented */
WINBASEAPI HANDLE WINAPI GetCurrentThread(VOID);
WINBASEAPI DWORD WINAPI GetCurrentThreadId(VOID);
/* 0 with the last error for a bad handle. @implemented */
WINBASEAPI DWORD WINAPI GetThreadId(_In_ HANDLE Thread);

/* ==== The process ======================================================================= */

/* The pseudo handle (HANDLE)-1 meaning "the current process". @implemented */
WINBASEAPI HANDLE WINAPI GetCurrentProcess(VOID);
WINBASEAPI DWORD WINAPI GetCurrentProcessId(VOID);
WINBASEAPI DWORD WINAPI GetProcessId(_In_ HANDLE Process);
/* STILL_ACTIVE: the process asking is running. @implemented */
WINBASEAPI BOOL WINAPI GetExitCodeProcess(_In_ HANDLE hProcess, _Out_ LPDWORD lpExitCode);
/*
 * Ends the process with uExitCode: the exit sequence runs (functions registered with
 * atexit, C stream flushing) and the host process exits with uExitCode (a Linux exit
 * status keeps its low 8 bits). Other threads end with it. @implemented
 */
WINBASEAPI DECLSPEC_NORETURN VOID WINAPI ExitProcess(_In_ UINT uExitCode);

/* ==== Time ============================================================================== */

/* Milliseconds since kmode started, advancing in clock ticks (15.625 ms) as on Windows;
   GetTickCount wraps after 49.7 days. @implemented */
WINBASEAPI DWORD WINAPI GetTickCount(VOID);
WINBASEAPI ULONGLONG WINAPI GetTickCount64(VOID);
/* A 10 MHz counter (the frequency is 10,000,000, as on current Windows). Always TRUE.
   @implemented */
WINBASEAPI BOOL WINAPI QueryPerformanceCounter(_Out_ LARGE_INTEGER *lpPerformanceCount);
WINBASEAPI BOOL WINAPI QueryPerformanceFrequency(_Out_ LARGE_INTEGER *lpFrequency);
/* UTC and local time (the host's time zone). @implemented */
WINBASEAPI VOID WINAPI GetSystemTime(_Out_ LPSYSTEMTIME lpSystemTime);
WINBASEAPI VOID WINAPI GetLocalTime(_Out_ LPSYSTEMTIME lpSystemTime);
WINBASEAPI VOID WINAPI GetSystemTimeAsFileTime(_Out_ LPFILETIME lpSystemTimeAsFileTime);
WINBASEAPI VOID WINAPI GetSystemTimePreciseAsFileTime(_Out_ LPFILETIME lpSystemTimeAsFileTime);
/* FALSE with ERROR_INVALID_PARAMETER for a time past 30827 (a negative FILETIME) or a
   field out of range. @implemented */
WINBASEAPI BOOL WINAPI FileTimeToSystemTime(_In_ CONST FILETIME *lpFileTime,
                                            _Out_ LPSYSTEMTIME lpSystemTime);
WINBASEAPI BOOL WINAPI SystemTimeToFileTime(_In_ CONST SYSTEMTIME *lpSystemTime,
                                            _Out_ LPFILETIME lpFileTime);
/* UTC <-> local by the current bias, as Windows does for these two. @implemented */
WINBASEAPI BOOL WINAPI FileTimeToLocalFileTime(_In_ CONST FILETIME *lpFileTime,
                                               _Out_ LPFILETIME lpLocalFileTime);
WINBASEAPI BOOL WINAPI LocalFileTimeToFileTime(_In_ CONST FILETIME *lpLocalFileTime,
                                               _Out_ LPFILETIME lpFileTime);
/* -1, 0 or 1. @implemented */
WINBASEAPI LONG WINAPI CompareFileTime(_In_ CONST FILETIME *lpFileTime1,
                                       _In_ CONST FILETIME *lpFileTime2);

/* ==== Heaps ============================================================================= */

#define HEAP_NO_SERIALIZE             0x00000001
#define HEAP_GROWABLE                 0x00000002
#define HEAP_GENERATE_EXCEPTIONS      0x00000004
#define HEAP_ZERO_MEMORY              0x00000008
#define HEAP_REALLOC_IN_PLACE_ONLY    0x00000010
#define HEAP_CREATE_ENABLE_EXECUTE    0x00040000

/*
 * Heaps: blocks are 16-byte aligned. A heap created with dwMaximumSize != 0 holds at most
 * that many bytes of blocks. HeapAlloc / HeapReAlloc return NULL on failure without
 * setting the last error, as documented, or with HEAP_GENERATE_EXCEPTIONS (given at
 * creation or in the call) raise STATUS_NO_MEMORY. A pointer the heap did not allocate
 * (or already freed): HeapFree / HeapSize / HeapReAlloc fail with ERROR_INVALID_PARAMETER
 * (Windows 8 and later end the process for this heap corruption instead). HeapDestroy
 * frees every block; the process heap cannot be destroyed (ERROR_INVALID_PARAMETER).
 * @implemented
 */
WINBASEAPI HANDLE WINAPI GetProcessHeap(VOID);
WINBASEAPI _Ret_maybenull_ HANDLE WINAPI HeapCreate(_In_ DWORD flOptions, _In_ SIZE_T dwInitialSize,
                                                    _In_ SIZE_T dwMaximumSize);
WINBASEAPI BOOL WINAPI HeapDestroy(_In_ HANDLE hHeap);
WINBASEAPI _Ret_maybenull_ LPVOID WINAPI HeapAlloc(_In_ HANDLE hHeap, _In_ DWORD dwFlags,
                                                   _In_ SIZE_T dwBytes);
WINBASEAPI _Ret_maybenull_ LPVOID WINAPI HeapReAlloc(_Inout_ HANDLE hHeap, _In_ DWORD dwFlags,
                                                     _In_ LPVOID lpMem, _In_ SIZE_T dwBytes);
WINBASEAPI BOOL WINAPI HeapFree(_Inout_ HANDLE hHeap, _In_ DWORD dwFlags, _In_opt_ LPVOID lpMem);
/* (SIZE_T)-1 on failure. */
WINBASEAPI SIZE_T WINAPI HeapSize(_In_ HANDLE hHeap, _In_ DWORD dwFlags, _In_ LPCVOID lpMem);
/* TRUE when lpMem (or, NULL, every block) is a live block of hHeap. */
WINBASEAPI BOOL WINAPI HeapValidate(_In_ HANDLE hHeap, _In_ DWORD dwFlags, _In_opt_ LPCVOID lpMem);

/* ==== Local and global memory (the 16-bit era's API, on the process heap) =============== */

#define LMEM_FIXED          0x0000
#define LMEM_MOVEABLE       0x0002
#define LMEM_NOCOMPACT      0x0010
#define LMEM_NODISCARD      0x0020
#define LMEM_ZEROINIT       0x0040
#define LMEM_MODIFY         0x0080
#define LMEM_DISCARDABLE    0x0F00
#define LMEM_VALID_FLAGS    0x0F72
#define LMEM_INVALID_HANDLE 0x8000
#define LHND                (LMEM_MOVEABLE | LMEM_ZEROINIT)
#define LPTR                (LMEM_FIXED | LMEM_ZEROINIT)
#define NONZEROLHND         (LMEM_MOVEABLE)
#define NONZEROLPTR         (LMEM_FIXED)
#define LMEM_LOCKCOUNT      0x00FF

#define GMEM_FIXED          0x0000
#define GMEM_MOVEABLE       0x0002
#define GMEM_NOCOMPACT      0x0010
#define GMEM_NODISCARD      0x0020
#define GMEM_ZEROINIT       0x0040
#define GMEM_MODIFY         0x0080
#define GMEM_DISCARDABLE    0x0100
#define GMEM_NOT_BANKED     0x1000
#define GMEM_SHARE          0x2000
#define GMEM_DDESHARE       0x2000
#define GMEM_NOTIFY         0x4000
#define GMEM_LOWER          GMEM_NOT_BANKED
#define GMEM_VALID_FLAGS    0x7F72
#define GMEM_INVALID_HANDLE 0x8000
#define GHND                (GMEM_MOVEABLE | GMEM_ZEROINIT)
#define GPTR                (GMEM_FIXED | GMEM_ZEROINIT)
#define GMEM_LOCKCOUNT      0x00FF

/*
 * LMEM_FIXED memory: the handle is the pointer. LMEM_MOVEABLE memory: the handle is a
 * separate value that LocalLock turns into the pointer (kmode never moves the block).
 * LocalFree returns NULL on success, the handle (ERROR_INVALID_HANDLE) for one it did not
 * allocate. Flags outside LMEM_VALID_FLAGS: ERROR_INVALID_PARAMETER. The Global functions
 * are the same with GMEM_* flags. @implemented
 */
WINBASEAPI _Ret_maybenull_ HLOCAL WINAPI LocalAlloc(_In_ UINT uFlags, _In_ SIZE_T uBytes);
WINBASEAPI _Ret_maybenull_ HLOCAL WINAPI LocalReAlloc(_In_opt_ HLOCAL hMem, _In_ SIZE_T uBytes,
                                                      _In_ UINT uFlags);
WINBASEAPI _Ret_maybenull_ HLOCAL WINAPI LocalFree(_In_opt_ HLOCAL hMem);
WINBASEAPI SIZE_T WINAPI LocalSize(_In_ HLOCAL hMem);
WINBASEAPI _Ret_maybenull_ LPVOID WINAPI LocalLock(_In_ HLOCAL hMem);
WINBASEAPI BOOL WINAPI LocalUnlock(_In_ HLOCAL hMem);
WINBASEAPI _Ret_maybenull_ HGLOBAL WINAPI GlobalAlloc(_In_ UINT uFlags, _In_ SIZE_T dwBytes);
WINBASEAPI _Ret_maybenull_ HGLOBAL WINAPI GlobalReAlloc(_In_opt_ HGLOBAL hMem, _In_ SIZE_T dwBytes,
                                                        _In_ UINT uFlags);
WINBASEAPI _Ret_maybenull_ HGLOBAL WINAPI GlobalFree(_In_opt_ HGLOBAL hMem);
WINBASEAPI SIZE_T WINAPI GlobalSize(_In_ HGLOBAL hMem);
WINBASEAPI _Ret_maybenull_ LPVOID WINAPI GlobalLock(_In_ HGLOBAL hMem);
WINBASEAPI BOOL WINAPI GlobalUnlock(_In_ HGLOBAL hMem);

/* ==== System information and version ==================================================== */

#define PROCESSOR_ARCHITECTURE_INTEL   0
#define PROCESSOR_ARCHITECTURE_ARM     5
#define PROCESSOR_ARCHITECTURE_IA64    6
#define PROCESSOR_ARCHITECTURE_AMD64   9
#define PROCESSOR_ARCHITECTURE_ARM64   12
#define PROCESSOR_ARCHITECTURE_UNKNOWN 0xFFFF
#define PROCESSOR_INTEL_386            386
#define PROCESSOR_INTEL_486            486
#define PROCESSOR_INTEL_PENTIUM        586
#define PROCESSOR_AMD_X8664            8664

typedef struct _SYSTEM_INFO {
    union {
        DWORD dwOemId;
        struct {
            WORD wProcessorArchitecture;
            WORD wReserved;
        };
    };
    DWORD dwPageSize;
    LPVOID lpMinimumApplicationAddress;
    LPVOID lpMaximumApplicationAddress;
    DWORD_PTR dwActiveProcessorMask;
    DWORD dwNumberOfProcessors;
    DWORD dwProcessorType;
    DWORD dwAllocationGranularity;
    WORD wProcessorLevel;
    WORD wProcessorRevision;
} SYSTEM_INFO, *LPSYSTEM_INFO;

/* The processors are kmode's virtual processors (KMODE_CPUS). @implemented */
WINBASEAPI VOID WINAPI GetSystemInfo(_Out_ LPSYSTEM_INFO lpSystemInfo);
WINBASEAPI VOID WINAPI GetNativeSystemInfo(_Out_ LPSYSTEM_INFO lpSystemInfo);

#ifndef _WDMDDK_   /* the kernel headers declare the same structures (RtlGetVersion) */
typedef struct _OSVERSIONINFOA {
    DWORD dwOSVersionInfoSize;
    DWORD dwMajorVersion;
    DWORD dwMinorVersion;
    DWORD dwBuildNumber;
    DWORD dwPlatformId;
    CHAR szCSDVersion[128];
} OSVERSIONINFOA, *POSVERSIONINFOA, *LPOSVERSIONINFOA;

typedef struct _OSVERSIONINFOW {
    DWORD dwOSVersionInfoSize;
    DWORD dwMajorVersion;
    DWORD dwMinorVersion;
    DWORD dwBuildNumber;
    DWORD dwPlatformId;
    WCHAR szCSDVersion[128];
} OSVERSIONINFOW, *POSVERSIONINFOW, *LPOSVERSIONINFOW;

typedef struct _OSVERSIONINFOEXA {
    DWORD dwOSVersionInfoSize;
    DWORD dwMajorVersion;
    DWORD dwMinorVersion;
    DWORD dwBuildNumber;
    DWORD dwPlatformId;
    CHAR szCSDVersion[128];
    WORD wServicePackMajor;
    WORD wServicePackMinor;
    WORD wSuiteMask;
    BYTE wProductType;
    BYTE wReserved;
} OSVERSIONINFOEXA, *POSVERSIONINFOEXA, *LPOSVERSIONINFOEXA;

typedef struct _OSVERSIONINFOEXW {
    DWORD dwOSVersionInfoSize;
    DWORD dwMajorVersion;
    DWORD dwMinorVersion;
    DWORD dwBuildNumber;
    DWORD dwPlatformId;
    WCHAR szCSDVersion[128];
    WORD wServicePackMajor;
    WORD wServicePackMinor;
    WORD wSuiteMask;
    BYTE wProductType;
    BYTE wReserved;
} OSVERSIONINFOEXW, *POSVERSIONINFOEXW, *LPOSVERSIONINFOEXW;

#define VER_PLATFORM_WIN32s        0
#define VER_PLATFORM_WIN32_WINDOWS 1
#define VER_PLATFORM_WIN32_NT      2
#define VER_NT_WORKSTATION         0x0000001
#define VER_NT_DOMAIN_CONTROLLER   0x0000002
#define VER_NT_SERVER              0x0000003

#ifdef UNICODE
typedef OSVERSIONINFOW OSVERSIONINFO, *POSVERSIONINFO, *LPOSVERSIONINFO;
typedef OSVERSIONINFOEXW OSVERSIONINFOEX, *POSVERSIONINFOEX, *LPOSVERSIONINFOEX;
#else
typedef OSVERSIONINFOA OSVERSIONINFO, *POSVERSIONINFO, *LPOSVERSIONINFO;
typedef OSVERSIONINFOEXA OSVERSIONINFOEX, *POSVERSIONINFOEX, *LPOSVERSIONINFOEX;
#endif
#endif /* !_WDMDDK_ */

/*
 * What Windows 11 (10.0.22631) tells an app without a compatibility manifest — which is
 * every app kmode-cc builds: version 6.2, build 9200, as documented for GetVersionEx
 * since Windows 8.1 ("applications not manifested for Windows 8.1 or Windows 10 will
 * return the Windows 8 OS version value (6.2)"). GetVersion packs the same: 0x23F00206.
 * GetVersionEx: FALSE with ERROR_INSUFFICIENT_BUFFER when dwOSVersionInfoSize is not the
 * size of one of the two structures. @implemented
 */
WINBASEAPI DWORD WINAPI GetVersion(VOID);
WINBASEAPI BOOL WINAPI GetVersionExA(_Inout_ LPOSVERSIONINFOA lpVersionInformation);
WINBASEAPI BOOL WINAPI GetVersionExW(_Inout_ LPOSVERSIONINFOW lpVersionInformation);

#ifdef UNICODE
#define GetVersionEx GetVersionExW
#else
#define GetVersionEx GetVersionExA
#endif

KMODE_EXTERN_C_END

#endif /* _KMODE_UM_WIN_PROCESS_H_ */
