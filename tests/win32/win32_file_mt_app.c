/*
 * PURPOSE: Concurrency of the host file system through the Win32 file functions (app mode;
 * a ThreadSanitizer suite): threads appending records to one file through append-only
 * handles (every record lands whole, none is lost), and threads opening and closing one file
 * with sharing modes at the same time (the share counts stay consistent: after them all,
 * an exclusive open succeeds). Threads meet through events, never through timing.
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ktest.h"

#define THREADS 4
#define RECORDS 64
#define RECORD_SIZE 16

typedef struct {
    char Path[128];
    HANDLE Start;
    int Index;
} WORKER;

static DWORD WINAPI Appender(LPVOID p)
{
    WORKER *w = p;
    HANDLE h;
    char record[RECORD_SIZE + 1];

    WaitForSingleObject(w->Start, INFINITE);
    h = CreateFileA(w->Path, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return 1;
    for (int i = 0; i < RECORDS; i++) {
        DWORD n = 0;
        snprintf(record, sizeof(record), "T%d-R%03d........", w->Index, i);
        if (!WriteFile(h, record, RECORD_SIZE, &n, NULL) || n != RECORD_SIZE) {
            CloseHandle(h);
            return 2;
        }
    }
    CloseHandle(h);
    return 0;
}

static DWORD WINAPI OpenerCloser(LPVOID p)
{
    WORKER *w = p;

    WaitForSingleObject(w->Start, INFINITE);
    for (int i = 0; i < RECORDS; i++) {
        /* Readers share everything; the occasional writer shares reading only, so some
           opens are refused - what matters is that the counts come back to zero. */
        DWORD access = (i % 8 == w->Index) ? GENERIC_WRITE : GENERIC_READ;
        DWORD share = access == GENERIC_WRITE ? FILE_SHARE_READ : FILE_SHARE_READ | FILE_SHARE_WRITE;
        HANDLE h = CreateFileA(w->Path, access, share, NULL, OPEN_EXISTING, 0, NULL);
        if (h != INVALID_HANDLE_VALUE)
            CloseHandle(h);
        else if (GetLastError() != ERROR_SHARING_VIOLATION)
            return 1;
    }
    return 0;
}

static void RunWorkers(KTEST *t, const char *Path, LPTHREAD_START_ROUTINE Routine)
{
    static WORKER workers[THREADS];
    HANDLE threads[THREADS], start = CreateEventA(NULL, TRUE, FALSE, NULL);
    DWORD code;

    for (int i = 0; i < THREADS; i++) {
        snprintf(workers[i].Path, sizeof(workers[i].Path), "%s", Path);
        workers[i].Start = start;
        workers[i].Index = i;
        threads[i] = CreateThread(NULL, 0, Routine, &workers[i], 0, NULL);
        KT_ASSERT_TRUE(t, threads[i] != NULL);
    }
    SetEvent(start);
    KT_EXPECT_EQ(t, WaitForMultipleObjects(THREADS, threads, TRUE, INFINITE), WAIT_OBJECT_0);
    for (int i = 0; i < THREADS; i++) {
        KT_EXPECT_TRUE(t, GetExitCodeThread(threads[i], &code));
        KT_EXPECT_EQ(t, code, 0);
        CloseHandle(threads[i]);
    }
    CloseHandle(start);
}

static void win32_file_mt_test_appenders(KTEST *t)
{
    char dir[] = "/tmp/kmwmXXXXXX", path[128];
    static char content[THREADS * RECORDS * RECORD_SIZE + 1];
    int seen[THREADS] = { 0 };
    DWORD n = 0;
    HANDLE h;

    KT_ASSERT_TRUE(t, mkdtemp(dir) != NULL);
    snprintf(path, sizeof(path), "%s/log.txt", dir);
    h = CreateFileA(path, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, CREATE_NEW, 0, NULL);
    KT_ASSERT_TRUE(t, h != INVALID_HANDLE_VALUE);
    CloseHandle(h);
    RunWorkers(t, path, Appender);

    h = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    KT_ASSERT_TRUE(t, h != INVALID_HANDLE_VALUE);
    KT_EXPECT_EQ(t, GetFileSize(h, NULL), sizeof(content) - 1);
    KT_EXPECT_TRUE(t, ReadFile(h, content, sizeof(content) - 1, &n, NULL));
    KT_EXPECT_EQ(t, n, sizeof(content) - 1);
    CloseHandle(h);
    /* Every record whole, each thread's in its own order. */
    for (DWORD off = 0; off + RECORD_SIZE <= n; off += RECORD_SIZE) {
        int thread = content[off + 1] - '0', record = atoi(&content[off + 4]);
        KT_ASSERT_TRUE(t, content[off] == 'T' && thread >= 0 && thread < THREADS);
        KT_EXPECT_EQ(t, record, seen[thread]);
        seen[thread]++;
    }
    for (int i = 0; i < THREADS; i++)
        KT_EXPECT_EQ(t, seen[i], RECORDS);
    unlink(path);
    rmdir(dir);
}

static void win32_file_mt_test_concurrent_opens(KTEST *t)
{
    char dir[] = "/tmp/kmwmXXXXXX", path[128];
    HANDLE h;

    KT_ASSERT_TRUE(t, mkdtemp(dir) != NULL);
    snprintf(path, sizeof(path), "%s/shared.txt", dir);
    h = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    KT_ASSERT_TRUE(t, h != INVALID_HANDLE_VALUE);
    CloseHandle(h);
    RunWorkers(t, path, OpenerCloser);
    /* Every open was taken out of the share counts: an exclusive open works. */
    h = CreateFileA(path, GENERIC_READ | GENERIC_WRITE | DELETE, 0, NULL, OPEN_EXISTING,
                    FILE_FLAG_DELETE_ON_CLOSE, NULL);
    KT_EXPECT_TRUE(t, h != INVALID_HANDLE_VALUE);
    CloseHandle(h);
    KT_EXPECT_EQ(t, access(path, F_OK), -1);
    rmdir(dir);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(win32_file_mt_test_appenders),
    KTEST_CASE_ENTRY(win32_file_mt_test_concurrent_opens),
    {0}
};
KTEST_SUITE(win32_file_mt, cases);
