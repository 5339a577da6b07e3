/*
 * PURPOSE: App-mode tests for the Win32 path and directory functions (win/file.h, "Paths and
 * directories"): the current directory, system directories, full path names, module file
 * names, the temporary path, attributes, deleting files, creating and removing
 * directories - each with its documented failures and buffer-size conventions.
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "ktest.h"
#include "win32_crt_capture.h"

/* <scratch>/SubDir/, <scratch>/sioctl.sys, <scratch>/.hidden */
static char Scratch[128];
static char SavedCwd[1024];

static void MakeFile(const char *Dir, const char *Name, const char *Text)
{
    char p[512];
    FILE *f;
    snprintf(p, sizeof p, "%s/%s", Dir, Name);
    f = fopen(p, "w");
    if (f) {
        fputs(Text, f);
        fclose(f);
    }
}

/* Enters a fresh scratch directory (the Win32 current directory). */
static void Enter(void)
{
    char p[512];
    if (!EnterScratch(Scratch, sizeof Scratch, SavedCwd, sizeof SavedCwd))
        abort();
    snprintf(p, sizeof p, "%s/SubDir", Scratch);
    mkdir(p, 0755);
    MakeFile(Scratch, "sioctl.sys", "0123456789");
    MakeFile(Scratch, ".hidden", "");
}

static void Leave(void)
{
    LeaveScratch(Scratch, SavedCwd);
}

/* "C:" + the Linux path with '\' separators. */
static void Win32Of(const char *Linux, char *Out, size_t Size)
{
    snprintf(Out, Size, "C:%s", Linux);
    for (char *p = Out; *p; p++)
        if (*p == '/')
            *p = '\\';
}

static void win32_path_test_get_current_directory(KTEST *t)
{
    char expect[300], a[300];
    WCHAR w[300];
    DWORD n;

    Enter();
    Win32Of(Scratch, expect, sizeof expect);
    n = (DWORD)strlen(expect);
    KT_EXPECT_EQ(t, GetCurrentDirectoryA(sizeof a, a), n);
    KT_EXPECT_STREQ(t, a, expect);
    KT_EXPECT_EQ(t, GetCurrentDirectoryW(300, w), n);
    KT_EXPECT_EQ(t, w[0], L'C');
    KT_EXPECT_EQ(t, w[2], L'\\');
    /* Too small: the size with the terminator, nothing written; exact fit works. */
    memset(a, '#', sizeof a);
    KT_EXPECT_EQ(t, GetCurrentDirectoryA(n, a), n + 1);
    KT_EXPECT_EQ(t, a[0], '#');
    KT_EXPECT_EQ(t, GetCurrentDirectoryA(0, NULL), n + 1);
    KT_EXPECT_EQ(t, GetCurrentDirectoryW(0, NULL), n + 1);
    KT_EXPECT_EQ(t, GetCurrentDirectoryA(n + 1, a), n);
    /* The typical app: the current directory + "\\name.sys" (any case) finds the file. */
    strcat(a, "\\SIOCTL.SYS");
    KT_EXPECT_EQ(t, GetFileAttributesA(a), FILE_ATTRIBUTE_ARCHIVE);
    Leave();
}

static void win32_path_test_set_current_directory(KTEST *t)
{
    char a[300], expect[300], linux_cwd[300];

    Enter();
    KT_EXPECT_TRUE(t, SetCurrentDirectoryA("subdir"));          /* case-insensitive */
    KT_EXPECT_TRUE(t, getcwd(linux_cwd, sizeof linux_cwd) != NULL);
    snprintf(expect, sizeof expect, "%s/SubDir", Scratch);
    KT_EXPECT_STREQ(t, linux_cwd, expect);
    KT_EXPECT_TRUE(t, SetCurrentDirectoryW(L".."));
    GetCurrentDirectoryA(sizeof a, a);
    Win32Of(Scratch, expect, sizeof expect);
    KT_EXPECT_STREQ(t, a, expect);
    strcat(expect, "/SUBDIR/");                                  /* forward slashes too */
    KT_EXPECT_TRUE(t, SetCurrentDirectoryA(expect));
    KT_EXPECT_TRUE(t, SetCurrentDirectoryA(".."));

    SetLastError(0);
    KT_EXPECT_FALSE(t, SetCurrentDirectoryA("nosuch"));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_FILE_NOT_FOUND);
    KT_EXPECT_FALSE(t, SetCurrentDirectoryA("nosuch\\deeper"));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_PATH_NOT_FOUND);
    KT_EXPECT_FALSE(t, SetCurrentDirectoryA("sioctl.sys"));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_DIRECTORY);
    KT_EXPECT_FALSE(t, SetCurrentDirectoryW(L""));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_NAME);
    KT_EXPECT_FALSE(t, SetCurrentDirectoryW(NULL));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    KT_EXPECT_FALSE(t, SetCurrentDirectoryA("D:\\"));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_PATH_NOT_FOUND);
    KT_EXPECT_TRUE(t, getcwd(linux_cwd, sizeof linux_cwd) != NULL);
    KT_EXPECT_STREQ(t, linux_cwd, Scratch);                       /* unchanged */
    Leave();
}

static void win32_path_test_system_directories(KTEST *t)
{
    char a[32];
    WCHAR w[32];
    KT_EXPECT_EQ(t, GetSystemDirectoryA(a, sizeof a), 19);
    KT_EXPECT_STREQ(t, a, "C:\\Windows\\System32");
    KT_EXPECT_EQ(t, GetSystemDirectoryW(w, 32), 19);
    KT_EXPECT_WCSEQ(t, w, L"C:\\Windows\\System32");
    KT_EXPECT_EQ(t, GetSystemDirectoryA(a, 19), 20);               /* no room for the NUL */
    KT_EXPECT_EQ(t, GetSystemDirectoryW(NULL, 0), 20);
    KT_EXPECT_EQ(t, GetWindowsDirectoryA(a, sizeof a), 10);
    KT_EXPECT_STREQ(t, a, "C:\\Windows");
    KT_EXPECT_EQ(t, GetWindowsDirectoryW(w, 10), 11);
    KT_EXPECT_EQ(t, GetSystemWindowsDirectoryW(w, 32), 10);
    KT_EXPECT_WCSEQ(t, w, L"C:\\Windows");
    KT_EXPECT_EQ(t, GetSystemWindowsDirectoryA(a, 32), 10);
}

static void win32_path_test_get_full_path_name(KTEST *t)
{
    char a[300], expect[300], *part = (char *)1;
    WCHAR w[64], *wpart = (WCHAR *)1;

    Enter();
    Win32Of(Scratch, expect, sizeof expect);
    strcat(expect, "\\SubDir\\x.sys");
    KT_EXPECT_EQ(t, GetFullPathNameA("SubDir/./x.sys", sizeof a, a, &part), strlen(expect));
    KT_EXPECT_STREQ(t, a, expect);
    KT_EXPECT_STREQ(t, part, "x.sys");
    KT_EXPECT_EQ(t, GetFullPathNameW(L"c:\\a\\b\\..\\c.txt", 64, w, &wpart), 10);
    KT_EXPECT_WCSEQ(t, w, L"C:\\a\\c.txt");
    KT_EXPECT_PTR_EQ(t, wpart, w + 5);
    KT_EXPECT_EQ(t, GetFullPathNameW(L"C:\\a\\", 64, w, &wpart), 5);
    KT_EXPECT_TRUE(t, wpart == NULL);                              /* ends with '\' */
    KT_EXPECT_EQ(t, GetFullPathNameW(L"\\\\.\\MyDevice", 64, w, NULL), 12);
    KT_EXPECT_WCSEQ(t, w, L"\\\\.\\MyDevice");
    /* Too small: the size with the terminator; the file part is left alone. */
    wpart = (WCHAR *)1;
    KT_EXPECT_EQ(t, GetFullPathNameW(L"C:\\a\\c.txt", 10, w, &wpart), 11);
    KT_EXPECT_PTR_EQ(t, wpart, (WCHAR *)1);
    KT_EXPECT_EQ(t, GetFullPathNameA("C:\\abc", 0, NULL, NULL), 7);
    SetLastError(0);
    KT_EXPECT_EQ(t, GetFullPathNameA("", sizeof a, a, NULL), 0);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_NAME);
    KT_EXPECT_EQ(t, GetFullPathNameW(NULL, 64, w, NULL), 0);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    Leave();
}

static void win32_path_test_get_module_file_name(KTEST *t)
{
    char a[1024], exe[1024], expect[1100];
    WCHAR w[8];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    DWORD length;

    KT_ASSERT_TRUE(t, n > 0);
    exe[n] = 0;
    Win32Of(exe, expect, sizeof expect);
    length = (DWORD)strlen(expect);
    SetLastError(1234);
    KT_EXPECT_EQ(t, GetModuleFileNameA(NULL, a, sizeof a), length);
    KT_EXPECT_STREQ(t, a, expect);
    KT_EXPECT_EQ(t, GetLastError(), 1234);                           /* untouched on success */
    KT_EXPECT_EQ(t, GetModuleFileNameA(NULL, a, length + 1), length);
    /* Too small: truncated to nSize characters with the terminator, nSize returned. */
    KT_EXPECT_EQ(t, GetModuleFileNameA(NULL, a, length), length);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    KT_EXPECT_EQ(t, strlen(a), length - 1);
    KT_EXPECT_EQ(t, GetModuleFileNameW(NULL, w, 8), 8);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    KT_EXPECT_EQ(t, w[7], 0);
    KT_EXPECT_EQ(t, w[2], L'\\');
    SetLastError(0);
    KT_EXPECT_EQ(t, GetModuleFileNameW(NULL, w, 0), 0);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    KT_EXPECT_EQ(t, GetModuleFileNameA((HMODULE)(ULONG_PTR)0x1000, a, sizeof a), 0);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_MOD_NOT_FOUND);
}

static void win32_path_test_get_temp_path(KTEST *t)
{
    char a[64], save[3][256];
    const char *names[3] = { "TMP", "TEMP", "TMPDIR" };
    for (int i = 0; i < 3; i++) {
        const char *v = getenv(names[i]);
        snprintf(save[i], sizeof save[i], "%s", v ? v : "");
        unsetenv(names[i]);
    }
    KT_EXPECT_EQ(t, GetTempPathA(sizeof a, a), 7);
    KT_EXPECT_STREQ(t, a, "C:\\tmp\\");
    setenv("TMPDIR", "/var/tmp/", 1);
    KT_EXPECT_EQ(t, GetTempPathA(sizeof a, a), 11);
    KT_EXPECT_STREQ(t, a, "C:\\var\\tmp\\");
    setenv("TEMP", "C:/Temp", 1);                                    /* a Win32 path */
    KT_EXPECT_EQ(t, GetTempPathA(sizeof a, a), 8);
    KT_EXPECT_STREQ(t, a, "C:\\Temp\\");
    setenv("TMP", "/scratch", 1);                                    /* TMP comes first */
    KT_EXPECT_EQ(t, GetTempPathA(sizeof a, a), 11);
    KT_EXPECT_EQ(t, GetTempPathA(11, a), 12);                        /* too small */
    {
        WCHAR w[16];
        KT_EXPECT_EQ(t, GetTempPathW(16, w), 11);
        KT_EXPECT_WCSEQ(t, w, L"C:\\scratch\\");
    }
    for (int i = 0; i < 3; i++) {
        if (save[i][0])
            setenv(names[i], save[i], 1);
        else
            unsetenv(names[i]);
    }
}

static void win32_path_test_get_file_attributes(KTEST *t)
{
    char p[300];
    Enter();
    KT_EXPECT_EQ(t, GetFileAttributesA("sioctl.sys"), FILE_ATTRIBUTE_ARCHIVE);
    KT_EXPECT_EQ(t, GetFileAttributesW(L"SIOCTL.Sys"), FILE_ATTRIBUTE_ARCHIVE);
    KT_EXPECT_EQ(t, GetFileAttributesA("subdir"), FILE_ATTRIBUTE_DIRECTORY);
    KT_EXPECT_EQ(t, GetFileAttributesA("SubDir\\"), FILE_ATTRIBUTE_DIRECTORY);
    KT_EXPECT_EQ(t, GetFileAttributesA(".hidden"), FILE_ATTRIBUTE_ARCHIVE | FILE_ATTRIBUTE_HIDDEN);
    KT_EXPECT_EQ(t, GetFileAttributesA("."), FILE_ATTRIBUTE_DIRECTORY);
    snprintf(p, sizeof p, "%s/sioctl.sys", Scratch);
    chmod(p, 0444);
    KT_EXPECT_EQ(t, GetFileAttributesA("sioctl.sys"), FILE_ATTRIBUTE_ARCHIVE | FILE_ATTRIBUTE_READONLY);
    chmod(p, 0644);
    KT_EXPECT_EQ(t, GetFileAttributesA("C:\\"), FILE_ATTRIBUTE_DIRECTORY);

    KT_EXPECT_EQ(t, GetFileAttributesA("missing.sys"), INVALID_FILE_ATTRIBUTES);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_FILE_NOT_FOUND);
    KT_EXPECT_EQ(t, GetFileAttributesA("missing\\x.sys"), INVALID_FILE_ATTRIBUTES);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_PATH_NOT_FOUND);
    KT_EXPECT_EQ(t, GetFileAttributesA("sioctl.sys\\"), INVALID_FILE_ATTRIBUTES);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_NAME);
    KT_EXPECT_EQ(t, GetFileAttributesA("bad*name"), INVALID_FILE_ATTRIBUTES);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_NAME);
    KT_EXPECT_EQ(t, GetFileAttributesA(NULL), INVALID_FILE_ATTRIBUTES);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    KT_EXPECT_EQ(t, GetFileAttributesW(L"\\\\.\\NoSuchDevice"), INVALID_FILE_ATTRIBUTES);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_FILE_NOT_FOUND);
    Leave();
}

static void win32_path_test_get_file_attributes_ex(KTEST *t)
{
    WIN32_FILE_ATTRIBUTE_DATA d;
    struct stat st;
    char p[300];
    ULONGLONG write;

    Enter();
    snprintf(p, sizeof p, "%s/sioctl.sys", Scratch);
    KT_ASSERT_TRUE(t, stat(p, &st) == 0);
    KT_EXPECT_TRUE(t, GetFileAttributesExA("Sioctl.sys", GetFileExInfoStandard, &d));
    KT_EXPECT_EQ(t, d.dwFileAttributes, FILE_ATTRIBUTE_ARCHIVE);
    KT_EXPECT_EQ(t, d.nFileSizeLow, 10);
    KT_EXPECT_EQ(t, d.nFileSizeHigh, 0);
    write = ((ULONGLONG)d.ftLastWriteTime.dwHighDateTime << 32) | d.ftLastWriteTime.dwLowDateTime;
    KT_EXPECT_EQ(t, (write - 116444736000000000ULL) / 10000000ULL, (ULONGLONG)st.st_mtime);
    KT_EXPECT_TRUE(t, d.ftCreationTime.dwHighDateTime != 0);
    KT_EXPECT_TRUE(t, GetFileAttributesExW(L"SubDir", GetFileExInfoStandard, &d));
    KT_EXPECT_EQ(t, d.dwFileAttributes, FILE_ATTRIBUTE_DIRECTORY);
    KT_EXPECT_EQ(t, d.nFileSizeLow, 0);
    KT_EXPECT_FALSE(t, GetFileAttributesExA("sioctl.sys", GetFileExMaxInfoLevel, &d));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    KT_EXPECT_FALSE(t, GetFileAttributesExA("none", GetFileExInfoStandard, &d));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_FILE_NOT_FOUND);
    Leave();
}

static void win32_path_test_delete_file(KTEST *t)
{
    char p[300];
    Enter();
    MakeFile(Scratch, "gone.txt", "x");
    KT_EXPECT_TRUE(t, DeleteFileA("GONE.txt"));
    KT_EXPECT_EQ(t, GetFileAttributesA("gone.txt"), INVALID_FILE_ATTRIBUTES);
    KT_EXPECT_FALSE(t, DeleteFileA("gone.txt"));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_FILE_NOT_FOUND);
    KT_EXPECT_FALSE(t, DeleteFileW(L"nodir\\gone.txt"));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_PATH_NOT_FOUND);
    KT_EXPECT_FALSE(t, DeleteFileA("SubDir"));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_ACCESS_DENIED);            /* a directory */
    snprintf(p, sizeof p, "%s/sioctl.sys", Scratch);
    chmod(p, 0444);
    KT_EXPECT_FALSE(t, DeleteFileW(L"sioctl.sys"));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_ACCESS_DENIED);            /* read-only */
    chmod(p, 0644);
    KT_EXPECT_TRUE(t, DeleteFileW(L"sioctl.sys"));
    KT_EXPECT_FALSE(t, DeleteFileA(""));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_NAME);
    Leave();
}

static void win32_path_test_create_and_remove_directory(KTEST *t)
{
    Enter();
    KT_EXPECT_TRUE(t, CreateDirectoryA("New", NULL));
    KT_EXPECT_EQ(t, GetFileAttributesA("new"), FILE_ATTRIBUTE_DIRECTORY);
    KT_EXPECT_FALSE(t, CreateDirectoryA("NEW", NULL));                /* exists, any case */
    KT_EXPECT_EQ(t, GetLastError(), ERROR_ALREADY_EXISTS);
    KT_EXPECT_FALSE(t, CreateDirectoryW(L"missing\\child", NULL));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_PATH_NOT_FOUND);
    KT_EXPECT_TRUE(t, CreateDirectoryW(L"new\\child\\", NULL));
    KT_EXPECT_FALSE(t, RemoveDirectoryA("new"));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_DIR_NOT_EMPTY);
    KT_EXPECT_FALSE(t, RemoveDirectoryA("sioctl.sys"));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_DIRECTORY);
    KT_EXPECT_FALSE(t, RemoveDirectoryA("nothere"));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_FILE_NOT_FOUND);
    KT_EXPECT_TRUE(t, SetCurrentDirectoryA("new\\child"));
    KT_EXPECT_FALSE(t, RemoveDirectoryA("."));                        /* in use */
    KT_EXPECT_EQ(t, GetLastError(), ERROR_SHARING_VIOLATION);
    KT_EXPECT_TRUE(t, SetCurrentDirectoryA("..\\.."));
    KT_EXPECT_TRUE(t, RemoveDirectoryW(L"NEW\\CHILD"));
    KT_EXPECT_TRUE(t, RemoveDirectoryA("new"));
    KT_EXPECT_EQ(t, GetFileAttributesA("new"), INVALID_FILE_ATTRIBUTES);
    KT_EXPECT_FALSE(t, CreateDirectoryA(NULL, NULL));
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);
    Leave();
}

static void win32_path_test_system_root_behind_c_windows(KTEST *t)
{
    char root[300], p[400], sys[64];
    struct stat st;

    Enter();
    snprintf(root, sizeof root, "%s/root", Scratch);
    setenv("KMODE_SYSTEMROOT", root, 1);
    GetSystemDirectoryA(sys, sizeof sys);
    KT_EXPECT_EQ(t, GetFileAttributesA(sys), FILE_ATTRIBUTE_DIRECTORY);    /* made on demand */
    strcat(sys, "\\Drivers\\kmtest");
    KT_EXPECT_TRUE(t, CreateDirectoryA(sys, NULL));
    snprintf(p, sizeof p, "%s/System32/drivers/kmtest", root);
    KT_EXPECT_TRUE(t, stat(p, &st) == 0 && S_ISDIR(st.st_mode));
    KT_EXPECT_TRUE(t, SetCurrentDirectoryA("c:\\windows\\system32"));
    {
        char cwd[64];
        KT_EXPECT_EQ(t, GetCurrentDirectoryA(sizeof cwd, cwd), 19);
        KT_EXPECT_STREQ(t, cwd, "C:\\Windows\\System32");
    }
    unsetenv("KMODE_SYSTEMROOT");
    Leave();
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(win32_path_test_get_current_directory),
    KTEST_CASE_ENTRY(win32_path_test_set_current_directory),
    KTEST_CASE_ENTRY(win32_path_test_system_directories),
    KTEST_CASE_ENTRY(win32_path_test_get_full_path_name),
    KTEST_CASE_ENTRY(win32_path_test_get_module_file_name),
    KTEST_CASE_ENTRY(win32_path_test_get_temp_path),
    KTEST_CASE_ENTRY(win32_path_test_get_file_attributes),
    KTEST_CASE_ENTRY(win32_path_test_get_file_attributes_ex),
    KTEST_CASE_ENTRY(win32_path_test_delete_file),
    KTEST_CASE_ENTRY(win32_path_test_create_and_remove_directory),
    KTEST_CASE_ENTRY(win32_path_test_system_root_behind_c_windows),
    { 0 }
};
KTEST_SUITE(win32_path_api, cases);
