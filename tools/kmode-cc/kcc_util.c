/*
 * PURPOSE: kmode-cc utilities: string vectors, paths, the temporary directory, running the
 * real compiler (with stderr filtering) and cleaning dependency files.
 */

/* ===== INCLUDES ========================================================================= */

#include "kcc.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* ===== GLOBALS ========================================================================== */

const char *KccProgramName = "kmode-cc";
bool KccVerbose;
static char *KccpTempDir;

/* ===== PRIVATE FUNCTIONS ================================================================ */

static int KccpRemoveEntry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

static void KccpRemoveTempDir(void)
{
    if (KccpTempDir != NULL && getenv("KMODE_CC_KEEP_TEMPS") == NULL)
        nftw(KccpTempDir, KccpRemoveEntry, 16, FTW_DEPTH | FTW_PHYS);
}

static void KccpOnSignal(int sig)
{
    KccpRemoveTempDir();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Does this line of compiler output mention the temporary directory? */
static bool KccpMentionsTemp(const char *line, size_t len)
{
    size_t tl;

    if (KccpTempDir == NULL)
        return false;
    tl = strlen(KccpTempDir);
    for (size_t i = 0; i + tl <= len; i++)
        if (memcmp(line + i, KccpTempDir, tl) == 0)
            return true;
    return false;
}

/* Copies s without ANSI colour escapes into buf (for recognizing line shapes). */
static void KccpStripColors(const char *s, size_t len, char *buf, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < len && o + 1 < cap; i++) {
        if (s[i] == '\033') {
            while (i < len && !((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')))
                i++;
            continue;
        }
        buf[o++] = s[i];
    }
    buf[o] = '\0';
}

typedef struct {
    const char *Text;   /* entry text after the "In file included from" / "from" prefix */
    size_t Len;         /* without the trailing ',' or ':' and newline */
} CHAIN_ENTRY;

/*
 * Writes an include chain ("In file included from a.h:1,\n from b.c:2:") without the entries
 * naming the temporary directory. gcc prints one chain of lines joined by ','; clang one
 * "In file included from X:" line per level.
 */
static void KccpFlushChain(CHAIN_ENTRY *entries, size_t count, bool clangStyle, FILE *out)
{
    size_t kept = 0;

    for (size_t i = 0; i < count; i++) {
        if (KccpMentionsTemp(entries[i].Text, entries[i].Len))
            continue;
        entries[kept++] = entries[i];
    }
    for (size_t i = 0; i < kept; i++) {
        if (clangStyle || i == 0)
            fputs("In file included from ", out);
        else
            fputs("                 from ", out);
        fwrite(entries[i].Text, 1, entries[i].Len, out);
        fputs(clangStyle || i + 1 == kept ? ":\n" : ",\n", out);
    }
}

/* Filters the compiler's stderr (see KccRun). */
static void KccpFilterStream(int fd)
{
    FILE *in = fdopen(fd, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    CHAIN_ENTRY *chain = NULL;
    char **owned = NULL;
    size_t chainCount = 0, chainCap = 0;
    bool clangStyle = false;

    if (in == NULL)
        return;
    while ((len = getline(&line, &cap, in)) >= 0) {
        char plain[64];
        const char *text = NULL;
        size_t prefix = 0;

        KccpStripColors(line, (size_t)len, plain, sizeof(plain));
        if (strncmp(plain, "In file included from ", 22) == 0) {
            prefix = 22;
            /* a second "In file included from" line in a row: clang's style */
            clangStyle = chainCount > 0;
        } else if (chainCount > 0 && strncmp(plain, "                 from ", 22) == 0) {
            prefix = 22;
        }
        if (prefix != 0 && strncmp(line, plain, prefix) == 0) {
            size_t l = (size_t)len;
            char *copy;
            while (l > prefix && (line[l - 1] == '\n' || line[l - 1] == '\r'))
                l--;
            if (l > prefix && (line[l - 1] == ',' || line[l - 1] == ':'))
                l--;
            copy = KccAlloc(l - prefix + 1);
            memcpy(copy, line + prefix, l - prefix);
            text = copy;
            if (chainCount == chainCap) {
                chainCap = chainCap ? chainCap * 2 : 8;
                chain = realloc(chain, chainCap * sizeof(*chain));
                owned = realloc(owned, chainCap * sizeof(*owned));
                if (chain == NULL || owned == NULL)
                    KccFatal("out of memory");
            }
            owned[chainCount] = copy;
            chain[chainCount].Text = text;
            chain[chainCount].Len = l - prefix;
            chainCount++;
            continue;
        }
        if (chainCount > 0) {
            KccpFlushChain(chain, chainCount, clangStyle, stderr);
            for (size_t i = 0; i < chainCount; i++)
                free(owned[i]);
            chainCount = 0;
        }
        fwrite(line, 1, (size_t)len, stderr);
    }
    if (chainCount > 0) {
        KccpFlushChain(chain, chainCount, clangStyle, stderr);
        for (size_t i = 0; i < chainCount; i++)
            free(owned[i]);
    }
    fflush(stderr);
    free(chain);
    free(owned);
    free(line);
    fclose(in);
}

static void KccpPrintCommand(const STRVEC *argv)
{
    if (!KccVerbose)
        return;
    fprintf(stderr, "%s:", KccProgramName);
    for (size_t i = 0; i < argv->n; i++)
        fprintf(stderr, " %s", argv->v[i]);
    fputc('\n', stderr);
}

static int KccpWait(pid_t pid)
{
    int status;

    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return 127;
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return 127;
}

/* ===== PUBLIC FUNCTIONS ================================================================= */

void *KccAlloc(size_t Bytes)
{
    void *p = calloc(1, Bytes ? Bytes : 1);
    if (p == NULL)
        KccFatal("out of memory");
    return p;
}

char *KccStrdup(const char *s)
{
    char *p = strdup(s);
    if (p == NULL)
        KccFatal("out of memory");
    return p;
}

char *KccFormat(const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0)
        KccFatal("out of memory");
    va_end(ap);
    return s;
}

void KccPush(STRVEC *vec, const char *s)
{
    if (vec->n + 2 > vec->cap) {
        vec->cap = vec->cap ? vec->cap * 2 : 16;
        vec->v = realloc(vec->v, vec->cap * sizeof(char *));
        if (vec->v == NULL)
            KccFatal("out of memory");
    }
    vec->v[vec->n++] = KccStrdup(s);
    vec->v[vec->n] = NULL;
}

void KccPushAll(STRVEC *vec, const STRVEC *other)
{
    for (size_t i = 0; i < other->n; i++)
        KccPush(vec, other->v[i]);
}

void KccFree(STRVEC *vec)
{
    for (size_t i = 0; i < vec->n; i++)
        free(vec->v[i]);
    free(vec->v);
    vec->v = NULL;
    vec->n = vec->cap = 0;
}

void KccSplitCommand(STRVEC *vec, const char *command)
{
    const char *p = command;

    while (*p != '\0') {
        const char *start;
        char *word;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0')
            break;
        start = p;
        while (*p != '\0' && *p != ' ' && *p != '\t')
            p++;
        word = KccAlloc((size_t)(p - start) + 1);
        memcpy(word, start, (size_t)(p - start));
        KccPush(vec, word);
        free(word);
    }
}

bool KccFileExists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool KccIsDirectory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *KccReadFile(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, cap = 0, got;

    if (f == NULL)
        return NULL;
    do {
        if (cap - len < 65536) {
            cap = cap ? cap * 2 : 65536;
            buf = realloc(buf, cap + 1);
            if (buf == NULL)
                KccFatal("out of memory");
        }
        got = fread(buf + len, 1, cap - len, f);
        len += got;
    } while (got > 0);
    fclose(f);
    buf[len] = '\0';
    if (size != NULL)
        *size = len;
    return buf;
}

bool KccWriteFile(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    bool ok;

    if (f == NULL)
        return false;
    ok = fputs(text, f) >= 0;
    return fclose(f) == 0 && ok;
}

char *KccJoin(const char *dir, const char *name)
{
    size_t dl = strlen(dir);
    if (dl > 0 && dir[dl - 1] == '/')
        return KccFormat("%s%s", dir, name);
    return KccFormat("%s/%s", dir, name);
}

char *KccDirName(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *d;

    if (slash == NULL)
        return KccStrdup(".");
    if (slash == path)
        return KccStrdup("/");
    d = KccAlloc((size_t)(slash - path) + 1);
    memcpy(d, path, (size_t)(slash - path));
    return d;
}

const char *KccBaseName(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

char *KccRealPath(const char *path)
{
    char *r = realpath(path, NULL);
    return r ? r : KccStrdup(path);
}

bool KccMakeDirs(const char *path, bool parent_only)
{
    char *copy = KccStrdup(path);
    size_t len = strlen(copy);
    bool ok = true;

    if (parent_only) {
        char *slash = strrchr(copy, '/');
        if (slash == NULL) {
            free(copy);
            return true;
        }
        *slash = '\0';
        len = strlen(copy);
    }
    for (size_t i = 1; i <= len; i++) {
        if (copy[i] == '/' || copy[i] == '\0') {
            char saved = copy[i];
            copy[i] = '\0';
            if (mkdir(copy, 0777) != 0 && errno != EEXIST)
                ok = false;
            copy[i] = saved;
        }
    }
    free(copy);
    return ok;
}

const char *KccTempDir(void)
{
    if (KccpTempDir == NULL) {
        const char *base = getenv("TMPDIR");
        char *templ;
        if (base == NULL || base[0] == '\0')
            base = "/tmp";
        templ = KccFormat("%s/kmode-cc.XXXXXX", base);
        if (mkdtemp(templ) == NULL)
            KccFatal("cannot create a temporary directory in %s: %s", base, strerror(errno));
        KccpTempDir = templ;
        atexit(KccpRemoveTempDir);
        signal(SIGINT, KccpOnSignal);
        signal(SIGTERM, KccpOnSignal);
        signal(SIGHUP, KccpOnSignal);
    }
    return KccpTempDir;
}

void KccFatal(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s: error: ", KccProgramName);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

void KccWarn(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s: warning: ", KccProgramName);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int KccRun(const STRVEC *argv, KCC_STDERR Stderr)
{
    posix_spawn_file_actions_t actions;
    int pipefd[2] = {-1, -1};
    pid_t pid;
    int err, status;

    KccpPrintCommand(argv);
    fflush(stdout);
    fflush(stderr);
    posix_spawn_file_actions_init(&actions);
    if (Stderr == KCC_STDERR_FILTER) {
        if (pipe2(pipefd, O_CLOEXEC) != 0)
            KccFatal("pipe: %s", strerror(errno));
        posix_spawn_file_actions_adddup2(&actions, pipefd[1], 2);
    } else if (Stderr == KCC_STDERR_DISCARD) {
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    }
    err = posix_spawnp(&pid, argv->v[0], &actions, NULL, argv->v, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (Stderr == KCC_STDERR_FILTER)
        close(pipefd[1]);
    if (err != 0) {
        if (Stderr == KCC_STDERR_FILTER)
            close(pipefd[0]);
        fprintf(stderr, "%s: error: cannot run %s: %s\n", KccProgramName, argv->v[0],
                strerror(err));
        return 127;
    }
    if (Stderr == KCC_STDERR_FILTER)
        KccpFilterStream(pipefd[0]);
    status = KccpWait(pid);
    return status;
}

char *KccCapture(const STRVEC *argv)
{
    posix_spawn_file_actions_t actions;
    int pipefd[2];
    pid_t pid;
    int err;
    char *out = NULL;
    size_t len = 0, cap = 0;
    ssize_t got;

    KccpPrintCommand(argv);
    if (pipe2(pipefd, O_CLOEXEC) != 0)
        return NULL;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipefd[1], 1);
    err = posix_spawnp(&pid, argv->v[0], &actions, NULL, argv->v, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(pipefd[1]);
    if (err != 0) {
        close(pipefd[0]);
        return NULL;
    }
    for (;;) {
        if (cap - len < 4096) {
            cap = cap ? cap * 2 : 8192;
            out = realloc(out, cap + 1);
            if (out == NULL)
                KccFatal("out of memory");
        }
        got = read(pipefd[0], out + len, cap - len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        len += (size_t)got;
    }
    close(pipefd[0]);
    out[len] = '\0';
    if (KccpWait(pid) != 0) {
        free(out);
        return NULL;
    }
    return out;
}

void KccFixDependencyFile(const char *path)
{
    size_t size, tl;
    char *text = KccReadFile(path, &size);
    char *out, *o;
    const char *p;
    bool dropRule = false, atRuleStart = true;

    if (text == NULL || KccpTempDir == NULL) {
        free(text);
        return;
    }
    tl = strlen(KccpTempDir);
    out = KccAlloc(size + 1);
    o = out;
    /*
     * A token is a run of non-blank characters ("\ " escapes a blank, "\<newline>" continues
     * a rule). Tokens under the temporary directory go; so does a rule whose target is one
     * (the phony rules -MP writes).
     */
    p = text;
    while (*p != '\0') {
        if (*p == '\n') {
            if (!dropRule)
                *o++ = '\n';
            dropRule = false;
            atRuleStart = true;
            p++;
            continue;
        }
        if (*p == ' ' || *p == '\t' || (p[0] == '\\' && p[1] == '\n')) {
            if (!dropRule) {
                if (p[0] == '\\') {
                    *o++ = '\\';
                    *o++ = '\n';
                    p += 2;
                } else {
                    *o++ = *p++;
                }
            } else {
                p += (p[0] == '\\') ? 2 : 1;
            }
            continue;
        }
        {
            const char *start = p;
            size_t n;
            while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n') {
                if (p[0] == '\\' && (p[1] == ' ' || p[1] == '\n')) {
                    if (p[1] == '\n')
                        break;
                    p += 2;
                    continue;
                }
                p++;
            }
            n = (size_t)(p - start);
            if (n >= tl && memcmp(start, KccpTempDir, tl) == 0) {
                if (atRuleStart)
                    dropRule = true;
            } else if (!dropRule) {
                memcpy(o, start, n);
                o += n;
            }
            atRuleStart = false;
        }
    }
    *o = '\0';
    KccWriteFile(path, out);
    free(out);
    free(text);
}
