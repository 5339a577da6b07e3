/*
 * PURPOSE: The Win32 base headers compile as C++ (app mode), together with the other
 * names apps include, and their functions link with C linkage.
 */
#include <windows.h>
#include <winnt.h>
#include <windef.h>
#include <winbase.h>
#include <winioctl.h>
#include <winerror.h>
#include <ntstatus.h>
#include "ktest.h"

#define IOCTL_KMODE_TEST CTL_CODE(0x8000, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)
static_assert(IOCTL_KMODE_TEST == 0x80002400u, "CTL_CODE");
static_assert(sizeof(CRITICAL_SECTION) == 40, "critical section layout");
static_assert(sizeof(SRWLOCK) == 8 && sizeof(CONDITION_VARIABLE) == 8, "slim objects");
static_assert(sizeof(OVERLAPPED) == 32, "OVERLAPPED layout");
static_assert(sizeof(SYSTEM_INFO) == 48, "SYSTEM_INFO layout");
static_assert(sizeof(OSVERSIONINFOEXW) == 284, "OSVERSIONINFOEXW layout");

static void win32_base_cpp_test_headers_and_linkage(KTEST *t)
{
    HANDLE ev = CreateEventA(nullptr, TRUE, FALSE, nullptr);
    CRITICAL_SECTION cs;
    SRWLOCK lock = SRWLOCK_INIT;
    SYSTEM_INFO si;
    char buf[64];

    KT_ASSERT_TRUE(t, ev != nullptr);
    KT_EXPECT_TRUE(t, SetEvent(ev));
    KT_EXPECT_EQ(t, WaitForSingleObject(ev, 0), WAIT_OBJECT_0);
    KT_EXPECT_TRUE(t, CloseHandle(ev));
    InitializeCriticalSection(&cs);
    EnterCriticalSection(&cs);
    LeaveCriticalSection(&cs);
    DeleteCriticalSection(&cs);
    AcquireSRWLockExclusive(&lock);
    ReleaseSRWLockExclusive(&lock);
    GetSystemInfo(&si);
    KT_EXPECT_TRUE(t, si.dwNumberOfProcessors > 0);
    KT_EXPECT_TRUE(t, FormatMessage(FORMAT_MESSAGE_FROM_SYSTEM, nullptr, ERROR_ACCESS_DENIED, 0,
                                    buf, sizeof(buf), nullptr) > 0);
    KT_EXPECT_EQ(t, DEVICE_TYPE_FROM_CTL_CODE(IOCTL_KMODE_TEST), 0x8000);
    KT_EXPECT_EQ(t, METHOD_FROM_CTL_CODE(IOCTL_KMODE_TEST), METHOD_BUFFERED);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(win32_base_cpp_test_headers_and_linkage),
    {nullptr, nullptr}
};
KTEST_SUITE(win32_base_cpp, cases);
