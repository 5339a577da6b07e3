/*
 * PURPOSE: App-mode tests: the output counts and OVERLAPPEDs kernel32 reads and writes in
 * user mode raise STATUS_ACCESS_VIOLATION in the app for a kernel-range address (as the
 * access faults on Windows), which the app's __try catches; kernel memory is never
 * touched.
 */
#include <windows.h>
#include <excpt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "ktest.h"

void *win32_test_kernel_pointer(void);

typedef enum { CallReadCount, CallWriteCount, CallReadOverlapped, CallOverlappedResult,
               CallFileSizeEx, CallFileSizeHigh, CallDequeue, CallExitCode,
               CallCounter, CallFrequency } CALL;


/* Runs one call with the kernel pointer in the given place: the exception code, 0 if none. */
static DWORD TryCall(CALL Call, HANDLE File, HANDLE Port)
{
    volatile DWORD code = 0;
    void *k = win32_test_kernel_pointer();
    UCHAR buf[4] = { 'x', 'y', 'z', 'w' };
    ULONG_PTR key;
    DWORD n;
    OVERLAPPED *ov;

    __try {
        switch (Call) {
        case CallReadCount: ReadFile(File, buf, 1, (LPDWORD)k, NULL); break;
        case CallWriteCount: WriteFile(File, buf, 4, (LPDWORD)k, NULL); break;
        case CallReadOverlapped: ReadFile(File, buf, 1, &n, (LPOVERLAPPED)k); break;
        case CallOverlappedResult: GetOverlappedResult(File, (LPOVERLAPPED)k, &n, FALSE); break;
        case CallFileSizeEx: GetFileSizeEx(File, (PLARGE_INTEGER)k); break;
        case CallFileSizeHigh: GetFileSize(File, (LPDWORD)k); break;
        case CallDequeue: GetQueuedCompletionStatus(Port, (LPDWORD)k, &key, &ov, 0); break;
        case CallExitCode: GetExitCodeThread(GetCurrentThread(), (LPDWORD)k); break;
        case CallCounter: QueryPerformanceCounter((LARGE_INTEGER *)k); break;
        case CallFrequency: QueryPerformanceFrequency((LARGE_INTEGER *)k); break;
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        code = GetExceptionCode();
    }
    return code;
}

static void win32_userptr_test_kernel_outputs_raise_access_violation(KTEST *t)
{
    char name[MAX_PATH];
    unsigned char *k = win32_test_kernel_pointer(), pattern[64];
    HANDLE h, port;
    LARGE_INTEGER size;
    DWORD n;

    snprintf(name, sizeof name, "C:\\tmp\\kmode-userptr-%d.tmp", (int)getpid());
    h = CreateFileA(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_FLAG_DELETE_ON_CLOSE, NULL);
    KT_ASSERT_TRUE(t, h != INVALID_HANDLE_VALUE);
    port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    KT_ASSERT_TRUE(t, port != NULL);
    memset(k, 0xA5, sizeof pattern);
    memset(pattern, 0xA5, sizeof pattern);

    KT_EXPECT_EQ(t, TryCall(CallWriteCount, h, port), (DWORD)EXCEPTION_ACCESS_VIOLATION);
    KT_EXPECT_TRUE(t, GetFileSizeEx(h, &size));
    KT_EXPECT_EQ(t, size.QuadPart, 0);                 /* nothing was written */
    KT_EXPECT_TRUE(t, WriteFile(h, "data", 4, &n, NULL));
    KT_EXPECT_EQ(t, SetFilePointer(h, 0, NULL, FILE_BEGIN), 0);
    KT_EXPECT_EQ(t, TryCall(CallReadCount, h, port), (DWORD)EXCEPTION_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, SetFilePointer(h, 0, NULL, FILE_CURRENT), 0);   /* nothing was read */
    KT_EXPECT_EQ(t, TryCall(CallReadOverlapped, h, port), (DWORD)EXCEPTION_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, TryCall(CallOverlappedResult, h, port), (DWORD)EXCEPTION_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, TryCall(CallFileSizeEx, h, port), (DWORD)EXCEPTION_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, TryCall(CallFileSizeHigh, h, port), (DWORD)EXCEPTION_ACCESS_VIOLATION);
    KT_EXPECT_TRUE(t, PostQueuedCompletionStatus(port, 5, 6, NULL));
    KT_EXPECT_EQ(t, TryCall(CallDequeue, h, port), (DWORD)EXCEPTION_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, TryCall(CallExitCode, h, port), (DWORD)EXCEPTION_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, TryCall(CallCounter, h, port), (DWORD)EXCEPTION_ACCESS_VIOLATION);
    KT_EXPECT_EQ(t, TryCall(CallFrequency, h, port), (DWORD)EXCEPTION_ACCESS_VIOLATION);
    /* kernel memory untouched */
    KT_EXPECT_MEMEQ(t, k, pattern, sizeof pattern);
    /* the same calls with user memory work */
    KT_EXPECT_TRUE(t, GetFileSize(h, &n) == 4 && n == 0);
    KT_EXPECT_TRUE(t, CloseHandle(port));
    KT_EXPECT_TRUE(t, CloseHandle(h));
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(win32_userptr_test_kernel_outputs_raise_access_violation),
    { 0 }
};

KTEST_SUITE(win32_userptr, cases);
