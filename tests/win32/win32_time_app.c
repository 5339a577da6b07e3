/*
 * PURPOSE: Win32 time and system information tests (app mode): tick counts, the
 * performance counter, system/local time, FILETIME <-> SYSTEMTIME, GetSystemInfo,
 * GetVersion(Ex). Clock checks compare readings with each other, never with a duration.
 */
#define _POSIX_C_SOURCE 200809L   /* setenv, strdup: the test moves TZ */
#include <windows.h>
#include <stdlib.h>
#include <string.h>
#include "ktest.h"

static ULONGLONG FileTimeValue(const FILETIME *f)
{
    return ((ULONGLONG)f->dwHighDateTime << 32) | f->dwLowDateTime;
}

static void win32_time_test_tick_count(KTEST *t)
{
    ULONGLONG a = GetTickCount64();
    DWORD b = GetTickCount();
    ULONGLONG c = GetTickCount64();

    KT_EXPECT_TRUE(t, a <= c);
    KT_EXPECT_TRUE(t, (DWORD)a <= b || b < 1000);   /* low part, unless it wrapped */
    KT_EXPECT_TRUE(t, b <= (DWORD)c || (DWORD)c < 1000);
    /* Whole clock ticks: multiples of 15.625 ms, truncated to milliseconds. */
    KT_EXPECT_TRUE(t, (c * 10000 + 156249) / 156250 * 156250 / 10000 == c ||
                      c * 10000 % 156250 < 10000);
}

static void win32_time_test_performance_counter(KTEST *t)
{
    LARGE_INTEGER f = { .QuadPart = 0 }, a, b;

    KT_EXPECT_TRUE(t, QueryPerformanceFrequency(&f));
    KT_EXPECT_EQ(t, f.QuadPart, 10000000);
    KT_EXPECT_TRUE(t, QueryPerformanceCounter(&a));
    Sleep(1);
    KT_EXPECT_TRUE(t, QueryPerformanceCounter(&b));
    KT_EXPECT_TRUE(t, b.QuadPart > a.QuadPart);   /* it slept at least 1 ms */
}

static void win32_time_test_system_time(KTEST *t)
{
    SYSTEMTIME st, again;
    FILETIME before, ft, after;

    GetSystemTimeAsFileTime(&before);
    GetSystemTime(&st);
    GetSystemTimePreciseAsFileTime(&after);
    KT_EXPECT_TRUE(t, st.wYear >= 2024 && st.wMonth >= 1 && st.wMonth <= 12);
    KT_EXPECT_TRUE(t, SystemTimeToFileTime(&st, &ft));
    /* SYSTEMTIME keeps milliseconds: between the readings, to the millisecond. */
    KT_EXPECT_TRUE(t, FileTimeValue(&ft) + 10000 > FileTimeValue(&before));
    KT_EXPECT_TRUE(t, FileTimeValue(&ft) <= FileTimeValue(&after));
    KT_EXPECT_TRUE(t, FileTimeToSystemTime(&ft, &again));
    KT_EXPECT_EQ(t, again.wDayOfWeek, st.wDayOfWeek);
    KT_EXPECT_EQ(t, again.wMilliseconds, st.wMilliseconds);
    KT_EXPECT_EQ(t, CompareFileTime(&before, &after) <= 0, 1);
    KT_EXPECT_EQ(t, CompareFileTime(&after, &before) >= 0, 1);
    KT_EXPECT_EQ(t, CompareFileTime(&ft, &ft), 0);
}

static void win32_time_test_conversions(KTEST *t)
{
    SYSTEMTIME st = { 2000, 2, 0, 29, 12, 34, 56, 789 }, out;
    FILETIME ft, epoch = { 0, 0 }, bad = { 0, 0x80000000u };

    KT_EXPECT_TRUE(t, SystemTimeToFileTime(&st, &ft));
    KT_EXPECT_EQ(t, FileTimeValue(&ft), 125963012967890000ULL);
    KT_EXPECT_TRUE(t, FileTimeToSystemTime(&ft, &out));
    KT_EXPECT_EQ(t, out.wYear, 2000);
    KT_EXPECT_EQ(t, out.wMonth, 2);
    KT_EXPECT_EQ(t, out.wDay, 29);
    KT_EXPECT_EQ(t, out.wDayOfWeek, 2);   /* a Tuesday */
    KT_EXPECT_EQ(t, out.wMilliseconds, 789);
    KT_EXPECT_TRUE(t, FileTimeToSystemTime(&epoch, &out));
    KT_EXPECT_EQ(t, out.wYear, 1601);
    KT_EXPECT_EQ(t, out.wDayOfWeek, 1);   /* a Monday */

    SetLastError(0);
    KT_EXPECT_FALSE(t, FileTimeToSystemTime(&bad, &out));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    st.wDay = 30;   /* 2000-02-30 */
    SetLastError(0);
    KT_EXPECT_FALSE(t, SystemTimeToFileTime(&st, &ft));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    st.wDay = 1;
    st.wYear = 1600;
    KT_EXPECT_FALSE(t, SystemTimeToFileTime(&st, &ft));
    st.wYear = 2000;
    st.wMilliseconds = 1000;
    KT_EXPECT_FALSE(t, SystemTimeToFileTime(&st, &ft));
    st.wMilliseconds = 0;
    st.wDayOfWeek = 6;   /* wrong weekday: ignored */
    KT_EXPECT_TRUE(t, SystemTimeToFileTime(&st, &ft));
}

static void win32_time_test_local_time(KTEST *t)
{
    FILETIME utc = { 0x12345678, 0x01D00000 }, local, back;
    SYSTEMTIME st;
    char *saved = getenv("TZ") ? strdup(getenv("TZ")) : NULL;

    setenv("TZ", "UTC-2", 1);   /* POSIX: two hours east of UTC */
    KT_EXPECT_TRUE(t, FileTimeToLocalFileTime(&utc, &local));
    KT_EXPECT_EQ(t, FileTimeValue(&local) - FileTimeValue(&utc), 2ULL * 3600 * 10000000);
    KT_EXPECT_TRUE(t, LocalFileTimeToFileTime(&local, &back));
    KT_EXPECT_EQ(t, FileTimeValue(&back), FileTimeValue(&utc));
    GetLocalTime(&st);
    KT_EXPECT_TRUE(t, st.wHour < 24 && st.wYear >= 2024);
    if (saved) {
        setenv("TZ", saved, 1);
        free(saved);
    } else {
        unsetenv("TZ");
    }
}

static void win32_time_test_system_info(KTEST *t)
{
    SYSTEM_INFO si, native;

    GetSystemInfo(&si);
    GetNativeSystemInfo(&native);
    KT_EXPECT_EQ(t, si.wProcessorArchitecture, PROCESSOR_ARCHITECTURE_AMD64);
    KT_EXPECT_EQ(t, si.dwPageSize, 4096);
    KT_EXPECT_EQ(t, si.dwAllocationGranularity, 65536);
    KT_EXPECT_EQ(t, si.dwProcessorType, PROCESSOR_AMD_X8664);
    KT_EXPECT_TRUE(t, si.dwNumberOfProcessors >= 1 && si.dwNumberOfProcessors <= 64);
    KT_EXPECT_EQ(t, __builtin_popcountll(si.dwActiveProcessorMask), si.dwNumberOfProcessors);
    KT_EXPECT_PTR_EQ(t, si.lpMinimumApplicationAddress, (LPVOID)0x10000);
    KT_EXPECT_PTR_EQ(t, si.lpMaximumApplicationAddress, (LPVOID)0x7FFFFFFEFFFFULL);
    KT_EXPECT_EQ(t, native.dwNumberOfProcessors, si.dwNumberOfProcessors);
    KT_EXPECT_TRUE(t, si.wProcessorLevel >= 6);
    if (getenv("KMODE_CPUS") == NULL || atoi(getenv("KMODE_CPUS")) == 0)
        KT_EXPECT_TRUE(t, si.dwNumberOfProcessors >= 1);
    else
        KT_EXPECT_EQ(t, si.dwNumberOfProcessors, (DWORD)atoi(getenv("KMODE_CPUS")));
}

static void win32_time_test_version(KTEST *t)
{
    OSVERSIONINFOA a;
    OSVERSIONINFOEXW w;
    OSVERSIONINFOW bad;

    memset(&a, 0, sizeof(a));
    memset(&w, 0, sizeof(w));
    memset(&bad, 0, sizeof(bad));
    a.dwOSVersionInfoSize = sizeof(a);
    w.dwOSVersionInfoSize = sizeof(w);
    bad.dwOSVersionInfoSize = sizeof(bad) + 1;

    /* An app without a compatibility manifest is told Windows 8 (6.2.9200). */
    KT_EXPECT_EQ(t, GetVersion(), 0x23F00206);
    KT_EXPECT_TRUE(t, GetVersionExA(&a));
    KT_EXPECT_EQ(t, a.dwMajorVersion, 6);
    KT_EXPECT_EQ(t, a.dwMinorVersion, 2);
    KT_EXPECT_EQ(t, a.dwBuildNumber, 9200);
    KT_EXPECT_EQ(t, a.dwPlatformId, VER_PLATFORM_WIN32_NT);
    KT_EXPECT_STREQ(t, a.szCSDVersion, "");
    KT_EXPECT_TRUE(t, GetVersionExW((LPOSVERSIONINFOW)&w));
    KT_EXPECT_EQ(t, w.dwMajorVersion, 6);
    KT_EXPECT_EQ(t, w.wProductType, VER_NT_WORKSTATION);
    KT_EXPECT_EQ(t, w.wServicePackMajor, 0);
    SetLastError(0);
    KT_EXPECT_FALSE(t, GetVersionExW(&bad));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INSUFFICIENT_BUFFER);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(win32_time_test_tick_count),
    KTEST_CASE_ENTRY(win32_time_test_performance_counter),
    KTEST_CASE_ENTRY(win32_time_test_system_time),
    KTEST_CASE_ENTRY(win32_time_test_conversions),
    KTEST_CASE_ENTRY(win32_time_test_local_time),
    KTEST_CASE_ENTRY(win32_time_test_system_info),
    KTEST_CASE_ENTRY(win32_time_test_version),
    {0}
};
KTEST_SUITE(win32_time, cases);
