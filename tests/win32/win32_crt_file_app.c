/*
 * PURPOSE: App-mode tests for the CRT's file-name functions with Windows names: fopen,
 * fopen_s, _wfopen, _wfopen_s, remove, _wremove, rename, _wrename map names as the Win32
 * functions do (C:\..., '\', any case, Linux paths too) and fail with the MS CRT's errno.
 */
#include <windows.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "ktest.h"
#include "win32_crt_capture.h"

static char Scratch[256], Saved[1024];

static int Enter(void)
{
    char p[300];
    if (!EnterScratch(Scratch, sizeof Scratch, Saved, sizeof Saved))
        return 0;
    snprintf(p, sizeof p, "%s/Logs", Scratch);
    return mkdir(p, 0755) == 0;
}

static int ReadAll(FILE *f, char *Out, size_t Size)
{
    size_t n = fread(Out, 1, Size - 1, f);
    Out[n] = 0;
    return (int)n;
}

static void win32_crt_file_test_fopen_maps_windows_names(KTEST *t)
{
    FILE *f;
    char text[64], p[400];
    KT_ASSERT_TRUE(t, Enter());
    f = fopen("logs\\Run.txt", "w");                       /* Logs/ found in any case */
    KT_ASSERT_TRUE(t, f != NULL);
    fprintf(f, "%ws %d", L"line", 1);
    fclose(f);
    snprintf(p, sizeof p, "%s/Logs/Run.txt", Scratch);
    f = fopen(p, "rb");                                    /* a Linux path works too */
    KT_ASSERT_TRUE(t, f != NULL);
    ReadAll(f, text, sizeof text);
    fclose(f);
    KT_EXPECT_STREQ(t, text, "line 1");
    snprintf(p, sizeof p, "C:%s\\LOGS\\RUN.TXT", Scratch);
    for (char *c = p; *c; c++)
        if (*c == '/')
            *c = '\\';
    f = fopen(p, "rt");                                    /* C:\..., 't' accepted */
    KT_ASSERT_TRUE(t, f != NULL);
    KT_EXPECT_EQ(t, ReadAll(f, text, sizeof text), 6);
    fclose(f);

    errno = 0;
    KT_EXPECT_TRUE(t, fopen("nodir\\x.txt", "r") == NULL);
    KT_EXPECT_EQ(t, errno, ENOENT);
    KT_EXPECT_TRUE(t, fopen("missing.txt", "r") == NULL);
    KT_EXPECT_EQ(t, errno, ENOENT);
    KT_EXPECT_TRUE(t, fopen("bad*name", "w") == NULL);
    KT_EXPECT_EQ(t, errno, EINVAL);
    KT_EXPECT_TRUE(t, fopen(NULL, "r") == NULL);
    KT_EXPECT_EQ(t, errno, EINVAL);
    KT_EXPECT_TRUE(t, fopen("logs\\run.txt", "") == NULL);
    KT_EXPECT_EQ(t, errno, EINVAL);
    LeaveScratch(Scratch, Saved);
}

static void win32_crt_file_test_secure_and_wide_opens(KTEST *t)
{
    FILE *f = (FILE *)1;
    char text[16];
    KT_ASSERT_TRUE(t, Enter());
    KT_EXPECT_EQ(t, fopen_s(&f, "Logs/a.txt", "w"), 0);
    KT_ASSERT_TRUE(t, f != NULL);
    fputs("abc", f);
    fclose(f);
    KT_EXPECT_EQ(t, fopen_s(&f, "logs\\none.txt", "r"), ENOENT);
    KT_EXPECT_TRUE(t, f == NULL);
    KT_EXPECT_EQ(t, fopen_s(NULL, "logs\\a.txt", "r"), EINVAL);
    f = _wfopen(L"LOGS\\A.TXT", L"rb");
    KT_ASSERT_TRUE(t, f != NULL);
    KT_EXPECT_EQ(t, ReadAll(f, text, sizeof text), 3);
    fclose(f);
    KT_EXPECT_TRUE(t, _wfopen(L"logs\\a.txt", L"r\x00E9") == NULL);   /* not a mode */
    KT_EXPECT_EQ(t, errno, EINVAL);
    KT_EXPECT_EQ(t, _wfopen_s(&f, L"logs\\\x00E9t\x00E9.txt", L"w"), 0);   /* UTF-8 on disk */
    KT_ASSERT_TRUE(t, f != NULL);
    fclose(f);
    KT_EXPECT_EQ(t, GetFileAttributesW(L"Logs\\\x00C9T\x00C9.TXT"), FILE_ATTRIBUTE_ARCHIVE);
    KT_EXPECT_EQ(t, _wfopen_s(&f, NULL, L"r"), EINVAL);
    LeaveScratch(Scratch, Saved);
}

static void win32_crt_file_test_remove_and_rename(KTEST *t)
{
    FILE *f;
    char p[300];
    KT_ASSERT_TRUE(t, Enter());
    f = fopen("logs\\old.txt", "w");
    KT_ASSERT_TRUE(t, f != NULL);
    fclose(f);
    f = fopen("logs\\other.txt", "w");
    KT_ASSERT_TRUE(t, f != NULL);
    fclose(f);
    KT_EXPECT_EQ(t, rename("LOGS\\OLD.TXT", "logs\\new.txt"), 0);
    KT_EXPECT_EQ(t, GetFileAttributesA("logs\\old.txt"), INVALID_FILE_ATTRIBUTES);
    KT_EXPECT_EQ(t, rename("logs\\new.txt", "logs\\other.txt"), -1);   /* never replaces */
    KT_EXPECT_EQ(t, errno, EACCES);
    KT_EXPECT_EQ(t, rename("logs\\gone.txt", "logs\\x.txt"), -1);
    KT_EXPECT_EQ(t, errno, ENOENT);
    KT_EXPECT_EQ(t, _wrename(L"Logs", L"Logs2"), 0);                  /* a directory */
    KT_EXPECT_EQ(t, remove("logs2\\new.txt"), 0);
    KT_EXPECT_EQ(t, remove("logs2\\new.txt"), -1);
    KT_EXPECT_EQ(t, errno, ENOENT);
    KT_EXPECT_EQ(t, remove("logs2"), -1);                              /* a directory */
    KT_EXPECT_EQ(t, errno, EACCES);
    snprintf(p, sizeof p, "%s/Logs2/other.txt", Scratch);
    chmod(p, 0444);
    KT_EXPECT_EQ(t, _wremove(L"logs2\\other.txt"), -1);                /* read-only */
    KT_EXPECT_EQ(t, errno, EACCES);
    chmod(p, 0644);
    KT_EXPECT_EQ(t, _wremove(L"logs2\\other.txt"), 0);
    KT_EXPECT_EQ(t, remove(NULL), -1);
    KT_EXPECT_EQ(t, errno, EINVAL);
    KT_EXPECT_EQ(t, rename("a", NULL), -1);
    LeaveScratch(Scratch, Saved);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(win32_crt_file_test_fopen_maps_windows_names),
    KTEST_CASE_ENTRY(win32_crt_file_test_secure_and_wide_opens),
    KTEST_CASE_ENTRY(win32_crt_file_test_remove_and_rename),
    { 0 }
};
KTEST_SUITE(win32_crt_file, cases);
