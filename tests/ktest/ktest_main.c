/*
 * PURPOSE: Runner for kmode's unit tests: runs every registered suite (or those named on
 * the command line), one case at a time, and ends with "N passed, N failed".
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <sys/wait.h>
#include <poll.h>
#include "ktest.h"

struct KTEST {
    const char *suite;
    const char *name;
    int failures;
    jmp_buf abort_jb;
};

static KTEST_SUITE_DEF *g_suites;
static KTEST_SUITE_DEF **g_tail = &g_suites;

void ktest_register(KTEST_SUITE_DEF *suite)
{
    /* Constructors run in link order; keep registration order for stable output. */
    suite->next = NULL;
    *g_tail = suite;
    g_tail = &suite->next;
}

void ktest_fail(KTEST *t, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    t->failures++;
    fprintf(stdout, "    %s:%d: %s.%s: ", file, line, t->suite, t->name);
    va_start(ap, fmt);
    vfprintf(stdout, fmt, ap);
    va_end(ap);
    fputc('\n', stdout);
    fflush(stdout);
}

void ktest_abort_case(KTEST *t)
{
    longjmp(t->abort_jb, 1);
}

void ktest_log(KTEST *t, const char *fmt, ...)
{
    va_list ap;
    fprintf(stdout, "    [%s.%s] ", t->suite, t->name);
    va_start(ap, fmt);
    vfprintf(stdout, fmt, ap);
    va_end(ap);
    fputc('\n', stdout);
}

int ktest_memeq(const void *a, const void *b, unsigned long n)
{
    return memcmp(a, b, n) == 0;
}

int ktest_streq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

int ktest_wcseq(const unsigned short *a, const unsigned short *b)
{
    if (!a || !b)
        return a == b;
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

int ktest_contains(const char *haystack, const char *needle)
{
    return haystack && needle && strstr(haystack, needle) != NULL;
}

int ktest_run_isolated(void (*fn)(void *), void *ctx, char *buf, unsigned long cap)
{
    int pipefd[2];
    unsigned long used = 0;
    int status = 0;
    pid_t pid;

    fflush(stdout);
    fflush(stderr);
    if (pipe(pipefd) != 0)
        return -1;
    /* A loaded machine can refuse a fork for a moment (EAGAIN/ENOMEM): try again briefly. */
    for (int attempt = 0; (pid = fork()) < 0 && (errno == EAGAIN || errno == ENOMEM) &&
                          attempt < 50; attempt++)
        usleep(20000);
    if (pid < 0) {
        fprintf(stderr, "ktest: fork failed: %s\n", strerror(errno));
        close(pipefd[0]);
        close(pipefd[1]);
        return -1;
    }
    if (pid == 0) {
        close(pipefd[0]);
        dup2(pipefd[1], 2);
        close(pipefd[1]);
        fn(ctx);
        fflush(stderr);
        _exit(0);
    }
    close(pipefd[1]);
    for (;;) {
        char tmp[4096];
        ssize_t n = read(pipefd[0], tmp, sizeof tmp);
        if (n <= 0)
            break;
        if (buf && cap > 1 && used < cap - 1) {
            unsigned long take = (unsigned long)n;
            if (take > cap - 1 - used)
                take = cap - 1 - used;
            memcpy(buf + used, tmp, take);
            used += take;
        }
    }
    close(pipefd[0]);
    if (buf && cap)
        buf[used] = 0;
    waitpid(pid, &status, 0);
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return -1;
}

static int selected(const char *suite, int argc, char **argv)
{
    if (argc <= 1)
        return 1;
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], suite) == 0)
            return 1;
    return 0;
}

/* Runs one case; returns its number of failed expectations. */
static int run_case(const KTEST_SUITE_DEF *s, const KTEST_CASE *c)
{
    static KTEST t;   /* static: survives the longjmp of an aborted case */

    memset(&t, 0, sizeof t);
    t.suite = s->name;
    t.name = c->name;
    if (setjmp(t.abort_jb) == 0)
        c->fn(&t);
    return t.failures;
}

int main(int argc, char **argv)
{
    int passed = 0, failed = 0;
    const char *prog = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];

    setvbuf(stdout, NULL, _IOLBF, 0);
    for (KTEST_SUITE_DEF *s = g_suites; s; s = s->next) {
        if (!selected(s->name, argc, argv))
            continue;
        for (const KTEST_CASE *c = s->cases; c->name; c++) {
            if (run_case(s, c)) {
                failed++;
                printf("[ FAIL ] %s.%s\n", s->name, c->name);
            } else {
                passed++;
                printf("[  OK  ] %s.%s\n", s->name, c->name);
            }
        }
    }
    printf("%s: %d passed, %d failed\n", prog, passed, failed);
    return failed ? 1 : 0;
}
