/*
 * PURPOSE: Win32 file tests (app mode) on real files in a scratch directory, through the
 * host file system driver: every CreateFile disposition and its last error, sharing
 * violations, delete-on-close, read-only files, sizes and positions (GetFileSize(Ex),
 * SetFilePointer(Ex), SetEndOfFile), overlapped file I/O, FlushFileBuffers,
 * GetFileInformationByHandle, GetFileType, case-insensitive opens, directories, bad input.
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ktest.h"

#define EXPECT_ERROR(t, call, err) \
    do { SetLastError(0xDEAD); KT_EXPECT_FALSE(t, (call)); KT_EXPECT_EQ(t, GetLastError(), (err)); } while (0)
#define EXPECT_OPEN_ERROR(t, call, err) \
    do { SetLastError(0xDEAD); KT_EXPECT_TRUE(t, (call) == INVALID_HANDLE_VALUE); KT_EXPECT_EQ(t, GetLastError(), (err)); } while (0)

/* A scratch directory (Linux /tmp/kmwfXXXXXX), named the Windows way. */
typedef struct {
    char Linux[64];
    char Win[80];
} SCRATCH;

static int MakeScratch(SCRATCH *s)
{
    strcpy(s->Linux, "/tmp/kmwfXXXXXX");
    if (!mkdtemp(s->Linux))
        return 0;
    snprintf(s->Win, sizeof(s->Win), "C:%s", s->Linux);
    for (char *p = s->Win; *p; p++)
        if (*p == '/')
            *p = '\\';
    return 1;
}

static const char *In(SCRATCH *s, const char *Name)
{
    static __thread char Buffer[4][256];
    static __thread int Next;
    char *b = Buffer[Next++ & 3];
    snprintf(b, 256, "%s\\%s", s->Win, Name);
    return b;
}

static void RemoveScratch(SCRATCH *s)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", s->Linux);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", s->Linux);
}

static HANDLE Open(const char *Name, DWORD Access, DWORD Share, DWORD Disposition, DWORD Flags)
{
    return CreateFileA(Name, Access, Share, NULL, Disposition, Flags, NULL);
}

static BOOL WriteText(HANDLE h, const char *Text)
{
    DWORD n = 0;
    return WriteFile(h, Text, (DWORD)strlen(Text), &n, NULL) && n == strlen(Text);
}

static LONGLONG SizeOf(HANDLE h)
{
    LARGE_INTEGER size;
    return GetFileSizeEx(h, &size) ? size.QuadPart : -1;
}

/* ---- Dispositions --------------------------------------------------------------------- */

static void win32_file_test_dispositions(KTEST *t)
{
    SCRATCH s;
    const char *f;
    HANDLE h;

    KT_ASSERT_TRUE(t, MakeScratch(&s));
    f = In(&s, "a.txt");

    /* Missing file. */
    EXPECT_OPEN_ERROR(t, Open(f, GENERIC_READ, 0, OPEN_EXISTING, 0), ERROR_FILE_NOT_FOUND);
    EXPECT_OPEN_ERROR(t, Open(f, GENERIC_WRITE, 0, TRUNCATE_EXISTING, 0), ERROR_FILE_NOT_FOUND);
    EXPECT_OPEN_ERROR(t, Open(In(&s, "nodir\\a.txt"), GENERIC_READ, 0, OPEN_ALWAYS, 0), ERROR_PATH_NOT_FOUND);
    EXPECT_OPEN_ERROR(t, Open(In(&s, "nodir\\a.txt"), GENERIC_READ, 0, OPEN_EXISTING, 0), ERROR_PATH_NOT_FOUND);

    /* CREATE_NEW creates; a second time it exists. */
    SetLastError(0xDEAD);
    h = Open(f, GENERIC_READ | GENERIC_WRITE, 0, CREATE_NEW, FILE_ATTRIBUTE_NORMAL);
    KT_ASSERT_TRUE(t, h != INVALID_HANDLE_VALUE);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_SUCCESS);
    KT_EXPECT_TRUE(t, WriteText(h, "hello world"));
    KT_EXPECT_TRUE(t, CloseHandle(h));
    EXPECT_OPEN_ERROR(t, Open(f, GENERIC_READ, 0, CREATE_NEW, 0), ERROR_FILE_EXISTS);

    /* OPEN_ALWAYS on an existing file keeps it and says so. */
    SetLastError(0);
    h = Open(f, GENERIC_READ, 0, OPEN_ALWAYS, 0);
    KT_ASSERT_TRUE(t, h != INVALID_HANDLE_VALUE);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_ALREADY_EXISTS);
    KT_EXPECT_EQ(t, SizeOf(h), 11);
    KT_EXPECT_TRUE(t, CloseHandle(h));

    /* OPEN_EXISTING: last error 0. */
    SetLastError(0xDEAD);
    h = Open(f, GENERIC_READ, 0, OPEN_EXISTING, 0);
    KT_ASSERT_TRUE(t, h != INVALID_HANDLE_VALUE);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_SUCCESS);
    KT_EXPECT_TRUE(t, CloseHandle(h));

    /* CREATE_ALWAYS on an existing file truncates it and says it existed. */
    SetLastError(0);
    h = Open(f, GENERIC_WRITE, 0, CREATE_ALWAYS, 0);
    KT_ASSERT_TRUE(t, h != INVALID_HANDLE_VALUE);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_ALREADY_EXISTS);
    KT_EXPECT_EQ(t, SizeOf(h), 0);
    KT_EXPECT_TRUE(t, WriteText(h, "abc"));
    KT_EXPECT_TRUE(t, CloseHandle(h));

    /* TRUNCATE_EXISTING: size 0, last error 0. */
    SetLastError(0xDEAD);
    h = Open(f, GENERIC_WRITE, 0, TRUNCATE_EXISTING, 0);
    KT_ASSERT_TRUE(t, h != INVALID_HANDLE_VALUE);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_SUCCESS);
    KT_EXPECT_EQ(t, SizeOf(h), 0);
    KT_EXPECT_TRUE(t, CloseHandle(h));

    /* CREATE_ALWAYS and OPEN_ALWAYS on missing files create them, last error 0. */
    SetLastError(0xDEAD);
    h = Open(In(&s, "b.txt"), GENERIC_WRITE, 0, CREATE_ALWAYS, 0);
    KT_ASSERT_TRUE(t, h != INVALID_HANDLE_VALUE);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_SUCCESS);
    KT_EXPECT_TRUE(t, CloseHandle(h));
    SetLastError(0xDEAD);
    h = Open(In(&s, "c.txt"), GENERIC_READ, 0, OPEN_ALWAYS, 0);
    KT_ASSERT_TRUE(t, h != INVALID_HANDLE_VALUE);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_SUCCESS);
    KT_EXPECT_TRUE(t, CloseHandle(h));
    KT_EXPECT_NE(t, GetFileAttributesA(In(&s, "c.txt")), INVALID_FILE_ATTRIBUTES);
    RemoveScratch(&s);
}

static void win32_file_test_read_write_and_position(KTEST *t)
{
    SCRATCH s;
    char buf[32];
    DWORD n, high;
    LARGE_INTEGER pos, dist;
    HANDLE h;

    KT_ASSERT_TRUE(t, MakeScratch(&s));
    h = Open(In(&s, "rw.bin"), GENERIC_READ | GENERIC_WRITE, 0, CREATE_NEW, 0);
    KT_ASSERT_TRUE(t, h != INVALID_HANDLE_VALUE);
    KT_EXPECT_TRUE(t, WriteText(h, "0123456789"));
    KT_EXPECT_EQ(t, SetFilePointer(h, 0, NULL, FILE_CURRENT), 10);
    KT_EXPECT_EQ(t, SetFilePointer(h, 2, NULL, FILE_BEGIN), 2);
    memset(buf, 0, sizeof(buf));
    KT_EXPECT_TRUE(t, ReadFile(h, buf, 4, &n, NULL));
    KT_EXPECT_EQ(t, n, 4);
    KT_EXPECT_TRUE(t, memcmp(buf, "2345", 4) == 0);
    KT_EXPECT_EQ(t, SetFilePointer(h, -3, NULL, FILE_END), 7);
    KT_EXPECT_TRUE(t, ReadFile(h, buf, sizeof(buf), &n, NULL));
    KT_EXPECT_EQ(t, n, 3);
    KT_EXPECT_TRUE(t, memcmp(buf, "789", 3) == 0);
    /* At the end of the file: success with 0 bytes. */
    n = 99;
    KT_EXPECT_TRUE(t, ReadFile(h, buf, sizeof(buf), &n, NULL));
    KT_EXPECT_EQ(t, n, 0);

    /* Before the start: ERROR_NEGATIVE_SEEK, the position stays. */
    SetLastError(0);
    KT_EXPECT_EQ(t, SetFilePointer(h, -11, NULL, FILE_END), INVALID_SET_FILE_POINTER);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_NEGATIVE_SEEK);
    KT_EXPECT_EQ(t, SetFilePointer(h, 0, NULL, FILE_CURRENT), 10);
    SetLastError(0);
    KT_EXPECT_EQ(t, SetFilePointer(h, 0, NULL, 7), INVALID_SET_FILE_POINTER);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);

    /* 64-bit positions. */
    high = 1;
    KT_EXPECT_EQ(t, SetFilePointer(h, 5, (PLONG)&high, FILE_BEGIN), 5);
    KT_EXPECT_EQ(t, high, 1);
    SetLastError(0);
    KT_EXPECT_EQ(t, SetFilePointer(h, 0, NULL, FILE_CURRENT), INVALID_SET_FILE_POINTER);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_PARAMETER);   /* does not fit 32 bits */
    dist.QuadPart = -0x100000000LL;
    KT_EXPECT_TRUE(t, SetFilePointerEx(h, dist, &pos, FILE_CURRENT));
    KT_EXPECT_EQ(t, pos.QuadPart, 5);
    dist.QuadPart = -6;
    EXPECT_ERROR(t, SetFilePointerEx(h, dist, &pos, FILE_CURRENT), ERROR_NEGATIVE_SEEK);

    /* Past the end, a write extends the file with zeros. */
    dist.QuadPart = 14;
    KT_EXPECT_TRUE(t, SetFilePointerEx(h, dist, NULL, FILE_BEGIN));
    KT_EXPECT_TRUE(t, WriteText(h, "X"));
    KT_EXPECT_EQ(t, SizeOf(h), 15);
    KT_EXPECT_EQ(t, GetFileSize(h, &high), 15);
    KT_EXPECT_EQ(t, high, 0);
    KT_EXPECT_EQ(t, SetFilePointer(h, 10, NULL, FILE_BEGIN), 10);
    KT_EXPECT_TRUE(t, ReadFile(h, buf, 5, &n, NULL));
    KT_EXPECT_EQ(t, n, 5);
    KT_EXPECT_TRUE(t, memcmp(buf, "\0\0\0\0X", 5) == 0);

    /* SetEndOfFile cuts at the position, and extends. */
    KT_EXPECT_EQ(t, SetFilePointer(h, 4, NULL, FILE_BEGIN), 4);
    KT_EXPECT_TRUE(t, SetEndOfFile(h));
    KT_EXPECT_EQ(t, SizeOf(h), 4);
    KT_EXPECT_EQ(t, SetFilePointer(h, 100, NULL, FILE_BEGIN), 100);
    KT_EXPECT_TRUE(t, SetEndOfFile(h));
    KT_EXPECT_EQ(t, SizeOf(h), 100);
    KT_EXPECT_TRUE(t, FlushFileBuffers(h));
    KT_EXPECT_TRUE(t, CloseHandle(h));

    /* Read-only handle: no writes, no truncation, no flush. */
    h = Open(In(&s, "rw.bin"), GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, 0);
    KT_ASSERT_TRUE(t, h != INVALID_HANDLE_VALUE);
    EXPECT_ERROR(t, WriteFile(h, "x", 1, &n, NULL), ERROR_ACCESS_DENIED);
    EXPECT_ERROR(t, SetEndOfFile(h), ERROR_ACCESS_DENIED);
    EXPECT_ERROR(t, FlushFileBuffers(h), ERROR_ACCESS_DENIED);
    EXPECT_ERROR(t, ReadFile(h, NULL, 4, &n, NULL), ERROR_NOACCESS);
    EXPECT_ERROR(t, ReadFile(h, (LPVOID)(ULONG_PTR)0xFFFF800000001000ULL, 4, &n, NULL), ERROR_NOACCESS);
    KT_EXPECT_TRUE(t, CloseHandle(h));
    EXPECT_ERROR(t, GetFileSizeEx(h, &pos), ERROR_INVALID_HANDLE);
    SetLastError(0);
    KT_EXPECT_EQ(t, GetFileSize(h, NULL), INVALID_FILE_SIZE);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    RemoveScratch(&s);
}

static void win32_file_test_sharing(KTEST *t)
{
    SCRATCH s;
    const char *f;
    HANDLE a, b, c;

    KT_ASSERT_TRUE(t, MakeScratch(&s));
    f = In(&s, "shared.txt");
    a = Open(f, GENERIC_READ | GENERIC_WRITE, 0, CREATE_NEW, 0);
    KT_ASSERT_TRUE(t, a != INVALID_HANDLE_VALUE);
    /* No sharing: nobody else may read or write. */
    EXPECT_OPEN_ERROR(t, Open(f, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING, 0),
                      ERROR_SHARING_VIOLATION);
    /* An attributes-only open does not take part in sharing. */
    b = Open(f, 0, 0, OPEN_EXISTING, 0);
    KT_EXPECT_TRUE(t, b != INVALID_HANDLE_VALUE);
    KT_EXPECT_EQ(t, SizeOf(b), 0);
    CloseHandle(b);
    KT_EXPECT_TRUE(t, CloseHandle(a));

    /* Readers that share reading. */
    a = Open(f, GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, 0);
    b = Open(f, GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, 0);
    KT_EXPECT_TRUE(t, a != INVALID_HANDLE_VALUE && b != INVALID_HANDLE_VALUE);
    /* A writer is refused (the readers do not share writing) ... */
    EXPECT_OPEN_ERROR(t, Open(f, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING, 0),
                      ERROR_SHARING_VIOLATION);
    /* ... and so is a reader that does not share reading. */
    EXPECT_OPEN_ERROR(t, Open(f, GENERIC_READ, FILE_SHARE_WRITE, OPEN_EXISTING, 0), ERROR_SHARING_VIOLATION);
    /* CREATE_ALWAYS checks sharing before it truncates. */
    EXPECT_OPEN_ERROR(t, Open(f, GENERIC_WRITE, FILE_SHARE_READ, CREATE_ALWAYS, 0), ERROR_SHARING_VIOLATION);
    CloseHandle(a);
    CloseHandle(b);
    /* Once they are gone, it works. */
    c = Open(f, GENERIC_WRITE, 0, OPEN_EXISTING, 0);
    KT_EXPECT_TRUE(t, c != INVALID_HANDLE_VALUE);
    CloseHandle(c);
    RemoveScratch(&s);
}

static void win32_file_test_delete_on_close(KTEST *t)
{
    SCRATCH s;
    const char *f;
    HANDLE h, other;

    KT_ASSERT_TRUE(t, MakeScratch(&s));
    f = In(&s, "temp.tmp");
    h = Open(f, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_DELETE, CREATE_NEW,
             FILE_FLAG_DELETE_ON_CLOSE);
    KT_ASSERT_TRUE(t, h != INVALID_HANDLE_VALUE);
    KT_EXPECT_TRUE(t, WriteText(h, "scratch"));
    KT_EXPECT_NE(t, GetFileAttributesA(f), INVALID_FILE_ATTRIBUTES);
    /* A second handle keeps the file until it is closed too. */
    other = Open(f, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, OPEN_EXISTING, 0);
    KT_ASSERT_TRUE(t, other != INVALID_HANDLE_VALUE);
    KT_EXPECT_TRUE(t, CloseHandle(h));
    KT_EXPECT_NE(t, GetFileAttributesA(f), INVALID_FILE_ATTRIBUTES);
    /* Delete pending: no new opens. */
    EXPECT_OPEN_ERROR(t, Open(f, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                              OPEN_EXISTING, 0),
                      ERROR_ACCESS_DENIED);
    KT_EXPECT_TRUE(t, CloseHandle(other));
    SetLastError(0);
    KT_EXPECT_EQ(t, GetFileAttributesA(f), INVALID_FILE_ATTRIBUTES);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_FILE_NOT_FOUND);

    /* Without FILE_SHARE_DELETE, another open with delete access is refused. */
    h = Open(f, GENERIC_READ, FILE_SHARE_READ, CREATE_NEW, 0);
    KT_ASSERT_TRUE(t, h != INVALID_HANDLE_VALUE);
    EXPECT_OPEN_ERROR(t, Open(f, GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, FILE_FLAG_DELETE_ON_CLOSE),
                      ERROR_SHARING_VIOLATION);
    CloseHandle(h);
    RemoveScratch(&s);
}

static void win32_file_test_read_only_file(KTEST *t)
{
    SCRATCH s;
    const char *f;
    HANDLE h, copy;
    BY_HANDLE_FILE_INFORMATION info;

    KT_ASSERT_TRUE(t, MakeScratch(&s));
    f = In(&s, "ro.txt");
    h = Open(f, GENERIC_WRITE, 0, CREATE_NEW, FILE_ATTRIBUTE_READONLY);
    KT_ASSERT_TRUE(t, h != INVALID_HANDLE_VALUE);
    KT_EXPECT_TRUE(t, WriteText(h, "ro"));   /* the creating handle may write */
    KT_EXPECT_TRUE(t, CloseHandle(h));
    KT_EXPECT_TRUE(t, (GetFileAttributesA(f) & FILE_ATTRIBUTE_READONLY) != 0);
    EXPECT_OPEN_ERROR(t, Open(f, GENERIC_WRITE, 0, OPEN_EXISTING, 0), ERROR_ACCESS_DENIED);
    EXPECT_OPEN_ERROR(t, Open(f, GENERIC_READ, 0, CREATE_ALWAYS, 0), ERROR_ACCESS_DENIED);
    EXPECT_OPEN_ERROR(t, Open(f, GENERIC_READ, 0, OPEN_EXISTING, FILE_FLAG_DELETE_ON_CLOSE), ERROR_ACCESS_DENIED);
    h = Open(f, GENERIC_READ, 0, OPEN_EXISTING, 0);
    KT_ASSERT_TRUE(t, h != INVALID_HANDLE_VALUE);
    KT_EXPECT_TRUE(t, GetFileInformationByHandle(h, &info));
    KT_EXPECT_TRUE(t, (info.dwFileAttributes & FILE_ATTRIBUTE_READONLY) != 0);
    CloseHandle(h);

    /* A template gives its attributes to a new file. */
    h = Open(f, GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, 0);
    copy = CreateFileA(In(&s, "copy.txt"), GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, h);
    KT_EXPECT_TRUE(t, copy != INVALID_HANDLE_VALUE);
    CloseHandle(copy);
    CloseHandle(h);
    KT_EXPECT_TRUE(t, (GetFileAttributesA(In(&s, "copy.txt")) & FILE_ATTRIBUTE_READONLY) != 0);
    RemoveScratch(&s);
}

static void win32_file_test_case_insensitive_and_names(KTEST *t)
{
    SCRATCH s;
    char buf[16], cwd[MAX_PATH];
    DWORD n;
    HANDLE h;

    KT_ASSERT_TRUE(t, MakeScratch(&s));
    h = Open(In(&s, "MixedCase.TXT"), GENERIC_WRITE, 0, CREATE_NEW, 0);
    KT_ASSERT_TRUE(t, h != INVALID_HANDLE_VALUE);
    KT_EXPECT_TRUE(t, WriteText(h, "found"));
    CloseHandle(h);
    /* Another spelling finds the same file (no second file is created). */
    SetLastError(0);
    h = Open(In(&s, "mixedcase.txt"), GENERIC_READ, 0, OPEN_ALWAYS, 0);
    KT_ASSERT_TRUE(t, h != INVALID_HANDLE_VALUE);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_ALREADY_EXISTS);
    memset(buf, 0, sizeof(buf));
    KT_EXPECT_TRUE(t, ReadFile(h, buf, sizeof(buf), &n, NULL));
    KT_EXPECT_EQ(t, n, 5);
    KT_EXPECT_STREQ(t, buf, "found");
    CloseHandle(h);
    {
        char lower[96];
        snprintf(lower, sizeof(lower), "%s/mixedcase.txt", s.Linux);
        KT_EXPECT_EQ(t, access(lower, F_OK), -1);
    }

    /* Forward slashes, and a name relative to the current directory. */
    {
        char fwd[96];
        snprintf(fwd, sizeof(fwd), "%s/MIXEDCASE.txt", s.Linux);
        h = Open(fwd, GENERIC_READ, 0, OPEN_EXISTING, 0);
        KT_EXPECT_TRUE(t, h != INVALID_HANDLE_VALUE);
        CloseHandle(h);
    }
    KT_ASSERT_TRUE(t, GetCurrentDirectoryA(sizeof(cwd), cwd) > 0);
    KT_ASSERT_TRUE(t, SetCurrentDirectoryA(s.Win));
    h = Open("mixedcase.TXT", GENERIC_READ, 0, OPEN_EXISTING, 0);
    KT_EXPECT_TRUE(t, h != INVALID_HANDLE_VALUE);
    CloseHandle(h);
    KT_EXPECT_TRUE(t, SetCurrentDirectoryA(cwd));

    /* A file name with a trailing separator is not a valid name. */
    EXPECT_OPEN_ERROR(t, Open(In(&s, "MixedCase.TXT\\"), GENERIC_READ, 0, OPEN_EXISTING, 0), ERROR_INVALID_NAME);
    EXPECT_OPEN_ERROR(t, Open(In(&s, "bad|name"), GENERIC_READ, 0, CREATE_NEW, 0), ERROR_INVALID_NAME);
    RemoveScratch(&s);
}

static void win32_file_test_directories(KTEST *t)
{
    SCRATCH s;
    BY_HANDLE_FILE_INFORMATION info;
    DWORD n;
    char buf[4];
    HANDLE h;

    KT_ASSERT_TRUE(t, MakeScratch(&s));
    KT_ASSERT_TRUE(t, CreateDirectoryA(In(&s, "sub"), NULL));
    /* CreateFile opens a directory only with FILE_FLAG_BACKUP_SEMANTICS. */
    EXPECT_OPEN_ERROR(t, Open(In(&s, "sub"), GENERIC_READ, 0, OPEN_EXISTING, 0), ERROR_ACCESS_DENIED);
    h = Open(In(&s, "sub"), GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS);
    KT_ASSERT_TRUE(t, h != INVALID_HANDLE_VALUE);
    KT_EXPECT_TRUE(t, GetFileInformationByHandle(h, &info));
    KT_EXPECT_TRUE(t, (info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0);
    KT_EXPECT_EQ(t, info.nFileSizeLow, 0);
    EXPECT_ERROR(t, ReadFile(h, buf, sizeof(buf), &n, NULL), ERROR_INVALID_FUNCTION);
    KT_EXPECT_EQ(t, GetFileType(h), FILE_TYPE_DISK);
    CloseHandle(h);
    /* A directory cannot be replaced by a file. */
    EXPECT_OPEN_ERROR(t, Open(In(&s, "sub"), GENERIC_WRITE, 0, CREATE_ALWAYS, FILE_FLAG_BACKUP_SEMANTICS),
                      ERROR_ACCESS_DENIED);
    /* The root of C: */
    h = Open("C:\\", 0, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS);
    KT_EXPECT_TRUE(t, h != INVALID_HANDLE_VALUE);
    CloseHandle(h);
    RemoveScratch(&s);
}

static void win32_file_test_information_and_type(KTEST *t)
{
    SCRATCH s;
    BY_HANDLE_FILE_INFORMATION a, b, c;
    HANDLE h1, h2, h3, ev;

    KT_ASSERT_TRUE(t, MakeScratch(&s));
    h1 = Open(In(&s, "one"), GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, CREATE_NEW, 0);
    KT_ASSERT_TRUE(t, h1 != INVALID_HANDLE_VALUE);
    KT_EXPECT_TRUE(t, WriteText(h1, "12345"));
    h2 = Open(In(&s, "ONE"), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING, 0);
    h3 = Open(In(&s, "two"), GENERIC_WRITE, 0, CREATE_NEW, 0);
    KT_ASSERT_TRUE(t, h2 != INVALID_HANDLE_VALUE && h3 != INVALID_HANDLE_VALUE);
    KT_EXPECT_TRUE(t, GetFileInformationByHandle(h1, &a));
    KT_EXPECT_TRUE(t, GetFileInformationByHandle(h2, &b));
    KT_EXPECT_TRUE(t, GetFileInformationByHandle(h3, &c));
    KT_EXPECT_EQ(t, a.nFileSizeLow, 5);
    KT_EXPECT_EQ(t, a.nFileSizeHigh, 0);
    KT_EXPECT_EQ(t, a.nNumberOfLinks, 1);
    KT_EXPECT_TRUE(t, (a.dwFileAttributes & FILE_ATTRIBUTE_ARCHIVE) != 0);
    KT_EXPECT_NE(t, a.dwVolumeSerialNumber, 0);
    /* Same file: same volume and index; another file: another index. */
    KT_EXPECT_EQ(t, a.dwVolumeSerialNumber, b.dwVolumeSerialNumber);
    KT_EXPECT_EQ(t, a.nFileIndexLow, b.nFileIndexLow);
    KT_EXPECT_EQ(t, a.nFileIndexHigh, b.nFileIndexHigh);
    KT_EXPECT_TRUE(t, a.nFileIndexLow != c.nFileIndexLow || a.nFileIndexHigh != c.nFileIndexHigh);
    KT_EXPECT_NE(t, a.ftLastWriteTime.dwHighDateTime, 0);
    KT_EXPECT_EQ(t, GetFileType(h1), FILE_TYPE_DISK);
    CloseHandle(h1);
    CloseHandle(h2);
    CloseHandle(h3);

    SetLastError(0);
    KT_EXPECT_EQ(t, GetFileType(h1), FILE_TYPE_UNKNOWN);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    SetLastError(0);
    KT_EXPECT_EQ(t, GetFileType(ev), FILE_TYPE_UNKNOWN);
    KT_EXPECT_EQ(t, GetLastError(), ERROR_INVALID_HANDLE);
    EXPECT_ERROR(t, GetFileInformationByHandle(ev, &a), ERROR_INVALID_HANDLE);
    CloseHandle(ev);
    RemoveScratch(&s);
}

static void win32_file_test_overlapped_file(KTEST *t)
{
    SCRATCH s;
    OVERLAPPED ov;
    char buf[16];
    DWORD n;
    HANDLE h;

    KT_ASSERT_TRUE(t, MakeScratch(&s));
    h = Open(In(&s, "ov.bin"), GENERIC_READ | GENERIC_WRITE, 0, CREATE_NEW, FILE_FLAG_OVERLAPPED);
    KT_ASSERT_TRUE(t, h != INVALID_HANDLE_VALUE);
    memset(&ov, 0, sizeof(ov));
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    ov.Offset = 4;
    if (!WriteFile(h, "data", 4, NULL, &ov))
        KT_EXPECT_EQ(t, GetLastError(), ERROR_IO_PENDING);
    KT_EXPECT_TRUE(t, GetOverlappedResult(h, &ov, &n, TRUE));
    KT_EXPECT_EQ(t, n, 4);
    KT_EXPECT_EQ(t, SizeOf(h), 8);
    /* Offsets 0xFFFFFFFF:0xFFFFFFFF write at the end. */
    ov.Offset = ov.OffsetHigh = 0xFFFFFFFF;
    if (!WriteFile(h, "++", 2, NULL, &ov))
        KT_EXPECT_EQ(t, GetLastError(), ERROR_IO_PENDING);
    KT_EXPECT_TRUE(t, GetOverlappedResult(h, &ov, &n, TRUE));
    KT_EXPECT_EQ(t, SizeOf(h), 10);
    ov.Offset = 4;
    ov.OffsetHigh = 0;
    memset(buf, 0, sizeof(buf));
    if (!ReadFile(h, buf, sizeof(buf), NULL, &ov))
        KT_EXPECT_EQ(t, GetLastError(), ERROR_IO_PENDING);
    KT_EXPECT_TRUE(t, GetOverlappedResult(h, &ov, &n, TRUE));
    KT_EXPECT_EQ(t, n, 6);
    KT_EXPECT_TRUE(t, memcmp(buf, "data++", 6) == 0);
    /* An overlapped read at the end of the file: ERROR_HANDLE_EOF. */
    ov.Offset = 10;
    SetLastError(0);
    if (!ReadFile(h, buf, sizeof(buf), NULL, &ov)) {
        DWORD e = GetLastError();
        KT_EXPECT_TRUE(t, e == ERROR_HANDLE_EOF || e == ERROR_IO_PENDING);
    }
    EXPECT_ERROR(t, GetOverlappedResult(h, &ov, &n, TRUE), ERROR_HANDLE_EOF);
    KT_EXPECT_EQ(t, n, 0);
    /* The position of an overlapped handle is its own business (SetFilePointer works). */
    KT_EXPECT_EQ(t, SetFilePointer(h, 3, NULL, FILE_BEGIN), 3);
    KT_EXPECT_EQ(t, SetFilePointer(h, 0, NULL, FILE_CURRENT), 3);
    CloseHandle(ov.hEvent);
    CloseHandle(h);
    RemoveScratch(&s);
}

static void win32_file_test_append_only(KTEST *t)
{
    SCRATCH s;
    char buf[16];
    DWORD n;
    HANDLE h, r;

    KT_ASSERT_TRUE(t, MakeScratch(&s));
    h = Open(In(&s, "log.txt"), GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, CREATE_NEW, 0);
    KT_ASSERT_TRUE(t, WriteText(h, "one,"));
    CloseHandle(h);
    /* FILE_APPEND_DATA without FILE_WRITE_DATA: every write goes to the end. */
    h = Open(In(&s, "log.txt"), FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING, 0);
    KT_ASSERT_TRUE(t, h != INVALID_HANDLE_VALUE);
    KT_EXPECT_EQ(t, SetFilePointer(h, 0, NULL, FILE_BEGIN), 0);
    KT_EXPECT_TRUE(t, WriteText(h, "two,"));
    KT_EXPECT_TRUE(t, WriteText(h, "three"));
    CloseHandle(h);
    r = Open(In(&s, "log.txt"), GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, 0);
    memset(buf, 0, sizeof(buf));
    KT_EXPECT_TRUE(t, ReadFile(r, buf, sizeof(buf) - 1, &n, NULL));
    KT_EXPECT_STREQ(t, buf, "one,two,three");
    CloseHandle(r);
    RemoveScratch(&s);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(win32_file_test_dispositions),
    KTEST_CASE_ENTRY(win32_file_test_read_write_and_position),
    KTEST_CASE_ENTRY(win32_file_test_sharing),
    KTEST_CASE_ENTRY(win32_file_test_delete_on_close),
    KTEST_CASE_ENTRY(win32_file_test_read_only_file),
    KTEST_CASE_ENTRY(win32_file_test_case_insensitive_and_names),
    KTEST_CASE_ENTRY(win32_file_test_directories),
    KTEST_CASE_ENTRY(win32_file_test_information_and_type),
    KTEST_CASE_ENTRY(win32_file_test_overlapped_file),
    KTEST_CASE_ENTRY(win32_file_test_append_only),
    {0}
};
KTEST_SUITE(win32_file, cases);
