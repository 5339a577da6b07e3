/*
 * PURPOSE: Test helpers for the user CRT, conio and Win32 path tests: standard input or
 * output replaced by a pipe inside the test process, so what an app reads or prints is
 * driven and checked without timing; and a scratch directory to work in.
 */
#ifndef WIN32_CRT_CAPTURE_H
#define WIN32_CRT_CAPTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    int Saved;      /* the original descriptor */
    int Other;      /* the pipe end the test keeps (-1 once closed) */
} CAPTURE;

/* Standard input reads from a pipe; the test writes into Other. */
static inline int CaptureStdin(CAPTURE *c)
{
    int p[2];
    if (pipe(p) != 0)
        return 0;
    c->Saved = dup(0);
    dup2(p[0], 0);
    close(p[0]);
    c->Other = p[1];
    clearerr(stdin);
    return 1;
}

static inline void RestoreStdin(CAPTURE *c)
{
    if (c->Other >= 0)
        close(c->Other);
    dup2(c->Saved, 0);
    close(c->Saved);
    clearerr(stdin);
}

/* Standard output goes into a pipe (up to its capacity, 64 KiB). */
static inline int CaptureStdout(CAPTURE *c)
{
    int p[2];
    fflush(stdout);
    if (pipe(p) != 0)
        return 0;
    c->Saved = dup(1);
    dup2(p[1], 1);
    close(p[1]);
    c->Other = p[0];
    return 1;
}

/* Restores standard output and returns what was written to it, NUL-terminated. */
static inline size_t RestoreStdout(CAPTURE *c, char *Out, size_t Size)
{
    size_t total = 0;
    ssize_t n;
    fflush(stdout);
    dup2(c->Saved, 1);
    close(c->Saved);
    while (total + 1 < Size && (n = read(c->Other, Out + total, Size - 1 - total)) > 0)
        total += (size_t)n;
    Out[total] = 0;
    close(c->Other);
    return total;
}

/* A fresh directory under /tmp made the current directory; Path receives its canonical
   Linux form (what GetCurrentDirectory reports), Saved the previous current directory. */
static inline int EnterScratch(char *Path, size_t PathSize, char *Saved, size_t SavedSize)
{
    char tmpl[] = "/tmp/kmw32XXXXXX";
    if (!getcwd(Saved, SavedSize) || !mkdtemp(tmpl) || chdir(tmpl) != 0)
        return 0;
    return getcwd(Path, PathSize) != NULL;
}

/* Back to Saved; the scratch directory and everything in it go. */
static inline void LeaveScratch(const char *Path, const char *Saved)
{
    char cmd[600];
    if (chdir(Saved) != 0)
        abort();
    snprintf(cmd, sizeof cmd, "chmod -R u+w '%s'; rm -rf '%s'", Path, Path);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", Path);
}

#endif
