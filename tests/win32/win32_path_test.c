/*
 * PURPOSE: Runtime-mode tests for the path mapping (src/win32/path.c, internal/path.h):
 * NT paths to Linux paths with case-insensitive matching, the system root, Linux paths to
 * Win32 form, GetFullPathName's normalization and the Win32-to-NT conversion.
 */
#include <internal/path.h>
#include <internal/rtl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "ktest.h"

/* A scratch tree: <tmp>/SubDir/SIoctl.sys, <tmp>/Foo/, <tmp>/FOO/, <tmp>/file.txt. */
static char Scratch[256];

/* Runtime mode: glibc's wide functions assume a 32-bit wchar_t, so the test has its own. */
static size_t WLen(const WCHAR *s) { size_t n = 0; while (s[n]) n++; return n; }
static void WCat(WCHAR *d, const WCHAR *s) { d += WLen(d); while ((*d++ = *s++)) ; }

static void MakeFile(const char *Path)
{
    FILE *f = fopen(Path, "w");
    if (f)
        fclose(f);
}

static void SetUpScratch(void)
{
    char p[512];
    if (Scratch[0])
        return;
    strcpy(Scratch, "/tmp/kmpathXXXXXX");
    if (!mkdtemp(Scratch))
        abort();
    snprintf(p, sizeof p, "%s/SubDir", Scratch); mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/SubDir/SIoctl.sys", Scratch); MakeFile(p);
    snprintf(p, sizeof p, "%s/Foo", Scratch); mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/FOO", Scratch); mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/file.txt", Scratch); MakeFile(p);
}

static void RemoveScratch(void)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", Scratch);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", Scratch);
}

/* The NT name "\??\C:" + Linux path with '/' turned into '\'. */
static void NtNameFor(const char *Linux, const char *Suffix, WCHAR *Out, size_t Chars)
{
    size_t n = 0;
    const char *prefix = "\\??\\C:";
    for (const char *p = prefix; *p && n + 1 < Chars; p++)
        Out[n++] = (WCHAR)*p;
    for (const char *p = Linux; *p && n + 1 < Chars; p++)
        Out[n++] = (WCHAR)(*p == '/' ? '\\' : *p);
    for (const char *p = Suffix; *p && n + 1 < Chars; p++)
        Out[n++] = (WCHAR)*p;
    Out[n] = 0;
}

static NTSTATUS Map(PCWSTR Nt, char **Host)
{
    UNICODE_STRING s;
    RtlInitUnicodeString(&s, Nt);
    return KmPathNtToHost(&s, Host);
}

static void ExpectMap(KTEST *t, PCWSTR Nt, const char *Expected)
{
    char *host = NULL;
    NTSTATUS status = Map(Nt, &host);
    KT_EXPECT_EQ(t, status, STATUS_SUCCESS);
    if (NT_SUCCESS(status))
        KT_EXPECT_STREQ(t, host, Expected);
    free(host);
}

static void ExpectMapStatus(KTEST *t, PCWSTR Nt, NTSTATUS Expected)
{
    char *host = (char *)1;
    KT_EXPECT_EQ(t, Map(Nt, &host), Expected);
    KT_EXPECT_TRUE(t, host == NULL);
}

static void win32_path_test_drive_c_is_the_linux_root(KTEST *t)
{
    ExpectMap(t, L"\\??\\C:\\", "/");
    ExpectMap(t, L"\\??\\C:", "/");
    ExpectMap(t, L"\\??\\c:\\tmp", "/tmp");
    ExpectMap(t, L"\\DosDevices\\C:\\tmp", "/tmp");
    ExpectMap(t, L"\\GLOBAL??\\C:\\tmp", "/tmp");
    ExpectMap(t, L"\\??\\C:/tmp", "/tmp");
    ExpectMap(t, L"\\??\\C:\\tmp\\", "/tmp/");
    ExpectMap(t, L"\\??\\C:\\TMP", "/tmp");                /* case-insensitive */
}

static void win32_path_test_components_match_case_insensitively(KTEST *t)
{
    WCHAR nt[300];
    char expect[512];

    SetUpScratch();
    NtNameFor(Scratch, "\\subdir\\sioctl.SYS", nt, 300);
    snprintf(expect, sizeof expect, "%s/SubDir/SIoctl.sys", Scratch);
    ExpectMap(t, nt, expect);

    /* The exact spelling wins; otherwise the first match in byte order ("FOO" < "Foo"). */
    NtNameFor(Scratch, "\\Foo", nt, 300);
    snprintf(expect, sizeof expect, "%s/Foo", Scratch);
    ExpectMap(t, nt, expect);
    NtNameFor(Scratch, "\\foo", nt, 300);
    snprintf(expect, sizeof expect, "%s/FOO", Scratch);
    ExpectMap(t, nt, expect);
}

static void win32_path_test_missing_last_component_keeps_its_spelling(KTEST *t)
{
    WCHAR nt[300];
    char expect[512];

    SetUpScratch();
    NtNameFor(Scratch, "\\SUBDIR\\NewFile.Txt", nt, 300);
    snprintf(expect, sizeof expect, "%s/SubDir/NewFile.Txt", Scratch);
    ExpectMap(t, nt, expect);
    NtNameFor(Scratch, "\\subdir\\", nt, 300);             /* a trailing separator stays */
    snprintf(expect, sizeof expect, "%s/SubDir/", Scratch);
    ExpectMap(t, nt, expect);
}

static void win32_path_test_missing_directory_is_path_not_found(KTEST *t)
{
    WCHAR nt[300];

    SetUpScratch();
    NtNameFor(Scratch, "\\NoSuchDir\\x.sys", nt, 300);
    ExpectMapStatus(t, nt, STATUS_OBJECT_PATH_NOT_FOUND);
    NtNameFor(Scratch, "\\file.txt\\x", nt, 300);           /* a file used as a directory */
    ExpectMapStatus(t, nt, STATUS_OBJECT_PATH_NOT_FOUND);
    NtNameFor(Scratch, "\\FILE.TXT\\x", nt, 300);
    ExpectMapStatus(t, nt, STATUS_OBJECT_PATH_NOT_FOUND);
}

static void win32_path_test_invalid_names_are_refused(KTEST *t)
{
    WCHAR longName[300] = L"\\??\\C:\\tmp\\";
    size_t n = WLen(longName);

    ExpectMapStatus(t, L"", STATUS_OBJECT_PATH_SYNTAX_BAD);
    ExpectMapStatus(t, L"C:\\tmp", STATUS_OBJECT_PATH_SYNTAX_BAD);
    ExpectMapStatus(t, L"tmp", STATUS_OBJECT_PATH_SYNTAX_BAD);
    ExpectMapStatus(t, L"\\??\\C:\\tmp\\\\x", STATUS_OBJECT_NAME_INVALID);
    ExpectMapStatus(t, L"\\??\\C:\\tmp\\a*b", STATUS_OBJECT_NAME_INVALID);
    ExpectMapStatus(t, L"\\??\\C:\\tmp\\a?b", STATUS_OBJECT_NAME_INVALID);
    ExpectMapStatus(t, L"\\??\\C:\\tmp\\a:stream", STATUS_OBJECT_NAME_INVALID);
    ExpectMapStatus(t, L"\\??\\C:\\tmp\\a|b", STATUS_OBJECT_NAME_INVALID);
    ExpectMapStatus(t, L"\\??\\C:\\tmp\\a\x0001", STATUS_OBJECT_NAME_INVALID);
    ExpectMapStatus(t, L"\\??\\C:\\tmp\\..\\etc", STATUS_OBJECT_NAME_INVALID);
    ExpectMapStatus(t, L"\\??\\C:\\.\\tmp", STATUS_OBJECT_NAME_INVALID);
    ExpectMapStatus(t, L"\\??\\C:\\tmp\\\xD800x", STATUS_OBJECT_NAME_INVALID);   /* lone surrogate */
    for (int i = 0; i < 256; i++)
        longName[n++] = L'a';
    longName[n] = 0;
    ExpectMapStatus(t, longName, STATUS_OBJECT_NAME_INVALID);                   /* > 255 chars */
}

static void win32_path_test_other_namespaces_are_not_files(KTEST *t)
{
    ExpectMapStatus(t, L"\\??\\D:\\x", STATUS_OBJECT_PATH_NOT_FOUND);
    ExpectMapStatus(t, L"\\??\\D:", STATUS_OBJECT_NAME_NOT_FOUND);
    ExpectMapStatus(t, L"\\??\\MyDevice", STATUS_OBJECT_NAME_NOT_FOUND);
    ExpectMapStatus(t, L"\\??\\UNC\\server\\share", STATUS_OBJECT_PATH_NOT_FOUND);
    ExpectMapStatus(t, L"\\Device\\HarddiskVolume1\\x", STATUS_OBJECT_PATH_NOT_FOUND);
    ExpectMapStatus(t, L"\\SystemRootX\\x", STATUS_OBJECT_PATH_NOT_FOUND);
}

/* Sets KMODE_SYSTEMROOT to <scratch>/sysroot for the duration of a test. */
static void UseScratchSystemRoot(char *Root, size_t Size)
{
    SetUpScratch();
    snprintf(Root, Size, "%s/sysroot", Scratch);
    setenv("KMODE_SYSTEMROOT", Root, 1);
}

static void win32_path_test_system_root_is_managed_directory(KTEST *t)
{
    char root[300], expect[400];
    struct stat st;

    UseScratchSystemRoot(root, sizeof root);
    snprintf(expect, sizeof expect, "%s/System32/drivers/x.sys", root);
    ExpectMap(t, L"\\SystemRoot\\System32\\drivers\\x.sys", expect);
    /* Created on first use, with System32\drivers. */
    snprintf(expect, sizeof expect, "%s/System32/drivers", root);
    KT_EXPECT_TRUE(t, stat(expect, &st) == 0 && S_ISDIR(st.st_mode));
    /* C:\Windows is the same directory, matched case-insensitively. */
    snprintf(expect, sizeof expect, "%s/System32", root);
    ExpectMap(t, L"\\??\\C:\\WINDOWS\\system32", expect);
    ExpectMap(t, L"\\SystemRoot", root);
    snprintf(expect, sizeof expect, "%s/", root);
    ExpectMap(t, L"\\systemroot\\", expect);
    unsetenv("KMODE_SYSTEMROOT");
}

static void win32_path_test_system_root_defaults(KTEST *t)
{
    char *root = NULL;
    char saveHome[512] = "", saveXdg[512] = "";
    const char *h = getenv("HOME"), *x = getenv("XDG_DATA_HOME");
    char expect[64];

    if (h) snprintf(saveHome, sizeof saveHome, "%s", h);
    if (x) snprintf(saveXdg, sizeof saveXdg, "%s", x);

    setenv("KMODE_SYSTEMROOT", "relative/ignored", 1);
    setenv("XDG_DATA_HOME", "/xdg/", 1);
    KT_EXPECT_EQ(t, KmPathSystemRoot(&root), STATUS_SUCCESS);
    KT_EXPECT_STREQ(t, root, "/xdg/kmode/Windows");
    free(root);
    setenv("KMODE_SYSTEMROOT", "/abs/root//", 1);
    KT_EXPECT_EQ(t, KmPathSystemRoot(&root), STATUS_SUCCESS);
    KT_EXPECT_STREQ(t, root, "/abs/root");
    free(root);
    unsetenv("KMODE_SYSTEMROOT");
    unsetenv("XDG_DATA_HOME");
    setenv("HOME", "/home/someone", 1);
    KT_EXPECT_EQ(t, KmPathSystemRoot(&root), STATUS_SUCCESS);
    KT_EXPECT_STREQ(t, root, "/home/someone/.local/share/kmode/Windows");
    free(root);
    unsetenv("HOME");
    KT_EXPECT_EQ(t, KmPathSystemRoot(&root), STATUS_SUCCESS);
    snprintf(expect, sizeof expect, "/tmp/kmode-%u/Windows", (unsigned)getuid());
    KT_EXPECT_STREQ(t, root, expect);
    free(root);

    if (saveHome[0]) setenv("HOME", saveHome, 1);
    if (saveXdg[0]) setenv("XDG_DATA_HOME", saveXdg, 1);
}

static void win32_path_test_host_to_win32(KTEST *t)
{
    WCHAR buf[64];
    char root[300], host[400];

    KT_EXPECT_EQ(t, KmPathHostToWin32("/", buf, 64), 3);
    KT_EXPECT_WCSEQ(t, buf, L"C:\\");
    KT_EXPECT_EQ(t, KmPathHostToWin32("/home//u/", buf, 64), 9);
    KT_EXPECT_WCSEQ(t, buf, L"C:\\home\\u");
    KT_EXPECT_EQ(t, KmPathHostToWin32("/caf\xC3\xA9", buf, 64), 7);
    KT_EXPECT_WCSEQ(t, buf, L"C:\\caf\x00E9");
    /* Too small: the size needed with the terminator, nothing written. */
    buf[0] = L'#';
    KT_EXPECT_EQ(t, KmPathHostToWin32("/home/u", buf, 9), 10);
    KT_EXPECT_EQ(t, buf[0], L'#');
    KT_EXPECT_EQ(t, KmPathHostToWin32("/home/u", buf, 10), 9);
    KT_EXPECT_EQ(t, KmPathHostToWin32("/home/u", NULL, 0), 10);
    KT_EXPECT_EQ(t, KmPathHostToWin32("relative", buf, 64), 0);
    KT_EXPECT_EQ(t, KmPathHostToWin32(NULL, buf, 64), 0);

    UseScratchSystemRoot(root, sizeof root);
    snprintf(host, sizeof host, "%s/System32/x.sys", root);
    KT_EXPECT_EQ(t, KmPathHostToWin32(host, buf, 64), 25);
    KT_EXPECT_WCSEQ(t, buf, L"C:\\Windows\\System32\\x.sys");
    KT_EXPECT_EQ(t, KmPathHostToWin32(root, buf, 64), 10);
    KT_EXPECT_WCSEQ(t, buf, L"C:\\Windows");
    snprintf(host, sizeof host, "%sX/y", root);            /* a sibling with the same prefix */
    KT_EXPECT_NE(t, KmPathHostToWin32(host, buf, 64), 0);
    KT_EXPECT_TRUE(t, buf[3] != L'W' || buf[10] != L'\\');
    unsetenv("KMODE_SYSTEMROOT");
}

/* Runs Body with the current directory set to <scratch>/SubDir (C:\...\SubDir). */
static void ExpectFull(KTEST *t, PCWSTR Dos, PCWSTR Expected, SIZE_T ExpectedFilePart)
{
    PWSTR full = NULL;
    SIZE_T length = 0, filePart = 0;
    NTSTATUS status = KmPathGetFullPathName(Dos, &full, &length, &filePart);
    KT_EXPECT_EQ(t, status, STATUS_SUCCESS);
    if (!NT_SUCCESS(status))
        return;
    KT_EXPECT_WCSEQ(t, full, Expected);
    KT_EXPECT_EQ(t, length, WLen(Expected));
    KT_EXPECT_EQ(t, filePart, ExpectedFilePart);
    free(full);
}

static void win32_path_test_full_path_of_absolute_names(KTEST *t)
{
    const SIZE_T none = (SIZE_T)-1;
    ExpectFull(t, L"C:\\a\\b.sys", L"C:\\a\\b.sys", 5);
    ExpectFull(t, L"c:/a//b/", L"C:\\a\\b\\", none);
    ExpectFull(t, L"C:\\a\\.\\b\\..\\c", L"C:\\a\\c", 5);
    ExpectFull(t, L"C:\\..\\..\\x", L"C:\\x", 3);               /* never above the root */
    ExpectFull(t, L"C:\\a\\..", L"C:\\", none);
    ExpectFull(t, L"C:\\a.\\b", L"C:\\a\\b", 5);                /* "a." loses its period */
    ExpectFull(t, L"C:\\a..\\b", L"C:\\a..\\b", 7);
    ExpectFull(t, L"C:\\a\\b. . ", L"C:\\a\\b", 5);             /* trailing periods, spaces */
    ExpectFull(t, L"C:\\a\\...", L"C:\\a\\", none);
    ExpectFull(t, L"C:\\", L"C:\\", none);
    ExpectFull(t, L"\\x\\y", L"C:\\x\\y", 5);                   /* rooted: current drive */
    ExpectFull(t, L"D:x", L"D:\\x", 3);                         /* other drive: its root */
    ExpectFull(t, L"D:\\x\\..\\..", L"D:\\", none);
    ExpectFull(t, L"\\\\server\\share\\a\\..\\..\\b", L"\\\\server\\share\\b", 15);
    ExpectFull(t, L"\\\\.\\MyDevice", L"\\\\.\\MyDevice", 4);
    ExpectFull(t, L"\\\\.\\C:\\a\\..\\..", L"\\\\.\\C:\\", none);
    ExpectFull(t, L"//./MyDevice/sub", L"\\\\.\\MyDevice\\sub", 13);
    ExpectFull(t, L"\\\\?\\C:\\a\\..\\b/c", L"\\\\?\\C:\\a\\..\\b/c", 12);   /* verbatim */
    ExpectFull(t, L"C:\\a*?<>\\b", L"C:\\a*?<>\\b", 9);          /* no character checks */
}

static void win32_path_test_full_path_of_relative_names(KTEST *t)
{
    char saved[1024], dir[512];
    WCHAR expect[600];
    size_t n;

    SetUpScratch();
    if (!getcwd(saved, sizeof saved))
        abort();
    snprintf(dir, sizeof dir, "%s/SubDir", Scratch);
    KT_ASSERT_TRUE(t, chdir(dir) == 0);

    n = KmPathHostToWin32(dir, expect, 600);
    KT_ASSERT_TRUE(t, n > 3);
    WCat(expect, L"\\x.sys");
    ExpectFull(t, L"x.sys", expect, n + 1);
    ExpectFull(t, L".\\x.sys", expect, n + 1);
    ExpectFull(t, L"c:x.sys", expect, n + 1);                    /* C:'s current directory */
    expect[n] = 0;
    ExpectFull(t, L".", expect, n - WLen(L"SubDir"));
    ExpectFull(t, L"C:", expect, n - WLen(L"SubDir"));
    /* ".." climbs out of the current directory's components. */
    n = KmPathHostToWin32(Scratch, expect, 600);
    WCat(expect, L"\\y");
    ExpectFull(t, L"..\\y", expect, n + 1);

    KT_EXPECT_TRUE(t, chdir(saved) == 0);
}

static void win32_path_test_full_path_errors(KTEST *t)
{
    PWSTR full = (PWSTR)1;
    SIZE_T length, filePart;
    PWCHAR huge = malloc(40000 * sizeof(WCHAR));

    KT_EXPECT_EQ(t, KmPathGetFullPathName(L"", &full, &length, &filePart), STATUS_OBJECT_NAME_INVALID);
    KT_EXPECT_TRUE(t, full == NULL);
    KT_EXPECT_EQ(t, KmPathGetFullPathName(NULL, &full, &length, &filePart), STATUS_INVALID_PARAMETER);
    KT_ASSERT_TRUE(t, huge != NULL);
    huge[0] = L'C'; huge[1] = L':'; huge[2] = L'\\';
    for (int i = 3; i < 39999; i++)
        huge[i] = (i % 100) ? L'a' : L'\\';
    huge[39999] = 0;
    KT_EXPECT_EQ(t, KmPathGetFullPathName(huge, &full, &length, &filePart), STATUS_NAME_TOO_LONG);
    free(huge);
}

static void ExpectNt(KTEST *t, PCWSTR Dos, PCWSTR Expected)
{
    UNICODE_STRING nt;
    NTSTATUS status = KmPathDosToNtPath(Dos, &nt);
    KT_EXPECT_EQ(t, status, STATUS_SUCCESS);
    if (!NT_SUCCESS(status))
        return;
    KT_EXPECT_WCSEQ(t, nt.Buffer, Expected);
    KT_EXPECT_EQ(t, nt.Length, WLen(Expected) * sizeof(WCHAR));
    KT_EXPECT_TRUE(t, nt.MaximumLength > nt.Length);
    RtlFreeUnicodeString(&nt);
}

static void win32_path_test_dos_to_nt(KTEST *t)
{
    UNICODE_STRING nt;

    ExpectNt(t, L"C:\\dir\\f.sys", L"\\??\\C:\\dir\\f.sys");
    ExpectNt(t, L"c:/dir/./f.sys", L"\\??\\C:\\dir\\f.sys");
    ExpectNt(t, L"\\\\.\\MyDevice", L"\\??\\MyDevice");
    ExpectNt(t, L"\\\\.\\MyDevice\\sub", L"\\??\\MyDevice\\sub");
    ExpectNt(t, L"\\\\?\\C:\\a\\..\\b", L"\\??\\C:\\a\\..\\b");
    ExpectNt(t, L"\\??\\C:\\x", L"\\??\\C:\\x");
    ExpectNt(t, L"\\\\server\\share\\f", L"\\??\\UNC\\server\\share\\f");
    KT_EXPECT_EQ(t, KmPathDosToNtPath(L"", &nt), STATUS_OBJECT_NAME_INVALID);
    KT_EXPECT_TRUE(t, nt.Buffer == NULL);
}

static void win32_path_test_dos_to_host(KTEST *t)
{
    char saved[1024], *host = NULL, expect[512];

    SetUpScratch();
    if (!getcwd(saved, sizeof saved))
        abort();
    KT_ASSERT_TRUE(t, chdir(Scratch) == 0);
    KT_EXPECT_EQ(t, KmPathDosToHost(L"subdir\\SIOCTL.sys", &host), STATUS_SUCCESS);
    snprintf(expect, sizeof expect, "%s/SubDir/SIoctl.sys", Scratch);
    if (host) {
        /* The scratch directory may be reached through a symbolic link (/tmp). */
        char *real = realpath(expect, NULL);
        KT_EXPECT_TRUE(t, !strcmp(host, expect) || (real && !strcmp(host, real)));
        free(real);
    }
    free(host);
    host = NULL;
    KT_EXPECT_EQ(t, KmPathDosToHost(L"nosuch\\x", &host), STATUS_OBJECT_PATH_NOT_FOUND);
    KT_EXPECT_EQ(t, KmPathDosToHost(L"\\\\.\\MyDevice", &host), STATUS_OBJECT_NAME_NOT_FOUND);
    KT_EXPECT_EQ(t, KmPathDosToHost(L"", &host), STATUS_OBJECT_NAME_INVALID);
    KT_EXPECT_TRUE(t, chdir(saved) == 0);
}

static void win32_path_test_zz_cleanup(KTEST *t)
{
    (void)t;
    if (Scratch[0])
        RemoveScratch();
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(win32_path_test_drive_c_is_the_linux_root),
    KTEST_CASE_ENTRY(win32_path_test_components_match_case_insensitively),
    KTEST_CASE_ENTRY(win32_path_test_missing_last_component_keeps_its_spelling),
    KTEST_CASE_ENTRY(win32_path_test_missing_directory_is_path_not_found),
    KTEST_CASE_ENTRY(win32_path_test_invalid_names_are_refused),
    KTEST_CASE_ENTRY(win32_path_test_other_namespaces_are_not_files),
    KTEST_CASE_ENTRY(win32_path_test_system_root_is_managed_directory),
    KTEST_CASE_ENTRY(win32_path_test_system_root_defaults),
    KTEST_CASE_ENTRY(win32_path_test_host_to_win32),
    KTEST_CASE_ENTRY(win32_path_test_full_path_of_absolute_names),
    KTEST_CASE_ENTRY(win32_path_test_full_path_of_relative_names),
    KTEST_CASE_ENTRY(win32_path_test_full_path_errors),
    KTEST_CASE_ENTRY(win32_path_test_dos_to_nt),
    KTEST_CASE_ENTRY(win32_path_test_dos_to_host),
    KTEST_CASE_ENTRY(win32_path_test_zz_cleanup),
    { 0 }
};
KTEST_SUITE(win32_path, cases);
