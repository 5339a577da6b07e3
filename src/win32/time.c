/*
 * PURPOSE: Win32 time: tick counts, the performance counter, system and local time,
 * FILETIME <-> SYSTEMTIME. All clocks are the kernel's (src/ke/time.c).
 */

/* INCLUDES ******************************************************************************/

#include <internal/win32.h>
#include "basep.h"

/* PRIVATE FUNCTIONS *********************************************************************/

static VOID BasepTimeToSystemTime(LARGE_INTEGER Time, LPSYSTEMTIME SystemTime)
{
    TIME_FIELDS Fields;

    RtlTimeToTimeFields(&Time, &Fields);
    SystemTime->wYear = (WORD)Fields.Year;
    SystemTime->wMonth = (WORD)Fields.Month;
    SystemTime->wDayOfWeek = (WORD)Fields.Weekday;
    SystemTime->wDay = (WORD)Fields.Day;
    SystemTime->wHour = (WORD)Fields.Hour;
    SystemTime->wMinute = (WORD)Fields.Minute;
    SystemTime->wSecond = (WORD)Fields.Second;
    SystemTime->wMilliseconds = (WORD)Fields.Milliseconds;
}

static LARGE_INTEGER BasepFileTimeToTime(CONST FILETIME *FileTime)
{
    LARGE_INTEGER Time;
    Time.LowPart = FileTime->dwLowDateTime;
    Time.HighPart = (LONG)FileTime->dwHighDateTime;
    return Time;
}

static VOID BasepTimeToFileTime(LARGE_INTEGER Time, LPFILETIME FileTime)
{
    FileTime->dwLowDateTime = Time.LowPart;
    FileTime->dwHighDateTime = (DWORD)Time.HighPart;
}

/* PUBLIC FUNCTIONS **********************************************************************/

/* @implemented: see win/process.h. */
ULONGLONG WINAPI GetTickCount64(VOID)
{
    LARGE_INTEGER Ticks;

    KeQueryTickCount(&Ticks);
    return (ULONGLONG)Ticks.QuadPart * KeQueryTimeIncrement() / 10000;
}

/* @implemented */
DWORD WINAPI GetTickCount(VOID)
{
    return (DWORD)GetTickCount64();
}

/* @implemented */
BOOL WINAPI QueryPerformanceCounter(LARGE_INTEGER *lpPerformanceCount)
{
    BasepUserAccess(lpPerformanceCount, sizeof(*lpPerformanceCount));
    *lpPerformanceCount = KeQueryPerformanceCounter(NULL);
    return TRUE;
}

/* @implemented */
BOOL WINAPI QueryPerformanceFrequency(LARGE_INTEGER *lpFrequency)
{
    BasepUserAccess(lpFrequency, sizeof(*lpFrequency));
    (VOID)KeQueryPerformanceCounter(lpFrequency);
    return TRUE;
}

/* @implemented */
VOID WINAPI GetSystemTimeAsFileTime(LPFILETIME lpSystemTimeAsFileTime)
{
    LARGE_INTEGER Now;

    KeQuerySystemTime(&Now);
    BasepTimeToFileTime(Now, lpSystemTimeAsFileTime);
}

/* @implemented */
VOID WINAPI GetSystemTimePreciseAsFileTime(LPFILETIME lpSystemTimeAsFileTime)
{
    LARGE_INTEGER Now;

    KeQuerySystemTimePrecise(&Now);
    BasepTimeToFileTime(Now, lpSystemTimeAsFileTime);
}

/* @implemented */
VOID WINAPI GetSystemTime(LPSYSTEMTIME lpSystemTime)
{
    LARGE_INTEGER Now;

    KeQuerySystemTime(&Now);
    BasepTimeToSystemTime(Now, lpSystemTime);
}

/* @implemented */
VOID WINAPI GetLocalTime(LPSYSTEMTIME lpSystemTime)
{
    LARGE_INTEGER Now, Local;

    KeQuerySystemTime(&Now);
    ExSystemTimeToLocalTime(&Now, &Local);
    BasepTimeToSystemTime(Local, lpSystemTime);
}

/* @implemented */
BOOL WINAPI FileTimeToSystemTime(CONST FILETIME *lpFileTime, LPSYSTEMTIME lpSystemTime)
{
    LARGE_INTEGER Time = BasepFileTimeToTime(lpFileTime);

    if (Time.QuadPart < 0) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    BasepTimeToSystemTime(Time, lpSystemTime);
    return TRUE;
}

/* @implemented */
BOOL WINAPI SystemTimeToFileTime(CONST SYSTEMTIME *lpSystemTime, LPFILETIME lpFileTime)
{
    TIME_FIELDS Fields;
    LARGE_INTEGER Time;

    Fields.Year = (CSHORT)lpSystemTime->wYear;
    Fields.Month = (CSHORT)lpSystemTime->wMonth;
    Fields.Day = (CSHORT)lpSystemTime->wDay;
    Fields.Hour = (CSHORT)lpSystemTime->wHour;
    Fields.Minute = (CSHORT)lpSystemTime->wMinute;
    Fields.Second = (CSHORT)lpSystemTime->wSecond;
    Fields.Milliseconds = (CSHORT)lpSystemTime->wMilliseconds;
    Fields.Weekday = 0;   /* ignored, as documented */
    if (lpSystemTime->wYear > 30827 || !RtlTimeFieldsToTime(&Fields, &Time)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    BasepTimeToFileTime(Time, lpFileTime);
    return TRUE;
}

/* @implemented */
BOOL WINAPI FileTimeToLocalFileTime(CONST FILETIME *lpFileTime, LPFILETIME lpLocalFileTime)
{
    LARGE_INTEGER Time = BasepFileTimeToTime(lpFileTime), Local;

    ExSystemTimeToLocalTime(&Time, &Local);
    BasepTimeToFileTime(Local, lpLocalFileTime);
    return TRUE;
}

/* @implemented */
BOOL WINAPI LocalFileTimeToFileTime(CONST FILETIME *lpLocalFileTime, LPFILETIME lpFileTime)
{
    LARGE_INTEGER Local = BasepFileTimeToTime(lpLocalFileTime), Time;

    ExLocalTimeToSystemTime(&Local, &Time);
    BasepTimeToFileTime(Time, lpFileTime);
    return TRUE;
}

/* @implemented */
LONG WINAPI CompareFileTime(CONST FILETIME *lpFileTime1, CONST FILETIME *lpFileTime2)
{
    ULONGLONG a = ((ULONGLONG)lpFileTime1->dwHighDateTime << 32) | lpFileTime1->dwLowDateTime;
    ULONGLONG b = ((ULONGLONG)lpFileTime2->dwHighDateTime << 32) | lpFileTime2->dwLowDateTime;
    return a < b ? -1 : a > b ? 1 : 0;
}
