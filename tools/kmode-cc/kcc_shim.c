/*
 * PURPOSE: The include shim: Windows sources write #include <sys\sioctl.h>, "..\inc\x.h" and
 * names whose case differs from the file on disk (<Windows.h>, "SIoctl.h"). Linux
 * preprocessors take a backslash as an ordinary character and compare names exactly, so
 * before each compile kmode-cc scans the source and the non-system headers it reaches, and
 * for every #include name that only resolves with backslashes read as separators or with
 * case ignored it writes a forwarding header whose file name is that literal name, in a
 * per-compile shim directory placed first on the search path (see docs/toolchain.md).
 */

/* ===== INCLUDES ========================================================================= */

#include "kcc.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* ===== GLOBALS ========================================================================== */

typedef struct {
    char *Name;      /* the name as written between the delimiters */
    char *Content;   /* the forwarding header's text */
} SHIM_ENTRY;

typedef struct {
    const SEARCH_PATH *Path;
    STRVEC SystemReal;     /* realpath of each system directory, with a trailing '/' */
    STRVEC Visited;        /* realpaths of the files scanned */
    SHIM_ENTRY *Entries;
    size_t Count, Cap;
} SHIM_SCAN;

static unsigned KccpShimCounter;

/* ===== PRIVATE FUNCTIONS ================================================================ */

static bool KccpInList(const STRVEC *list, const char *s)
{
    for (size_t i = 0; i < list->n; i++)
        if (strcmp(list->v[i], s) == 0)
            return true;
    return false;
}

static bool KccpIsSystemFile(const SHIM_SCAN *scan, const char *real)
{
    for (size_t i = 0; i < scan->SystemReal.n; i++)
        if (strncmp(real, scan->SystemReal.v[i], strlen(scan->SystemReal.v[i])) == 0)
            return true;
    return false;
}

/*
 * Resolves the relative path Rel (components separated by '/') under Dir, matching each
 * component case-insensitively when its exact spelling does not exist. Returns the path
 * found (malloc'd) and in *Corrected the on-disk spelling of Rel; NULL when nothing matches.
 */
static char *KccpResolveInsensitive(const char *Dir, const char *Rel, char **Corrected)
{
    char *cur = KccStrdup(Dir);
    char *rel = KccStrdup(Rel);
    char *corr = KccStrdup("");
    char *save = NULL;

    for (char *comp = strtok_r(rel, "/", &save); comp != NULL; comp = strtok_r(NULL, "/", &save)) {
        char *next = NULL, *tmp;
        const char *spelled = comp;

        if (strcmp(comp, ".") == 0)
            continue;
        tmp = KccJoin(cur, comp);
        if (strcmp(comp, "..") == 0 || access(tmp, F_OK) == 0) {
            next = tmp;
        } else {
            DIR *d = opendir(cur);
            struct dirent *e;
            free(tmp);
            if (d != NULL) {
                while ((e = readdir(d)) != NULL) {
                    if (strcasecmp(e->d_name, comp) == 0) {
                        next = KccJoin(cur, e->d_name);
                        spelled = NULL;
                        tmp = KccStrdup(e->d_name);
                        break;
                    }
                }
                closedir(d);
            }
            if (next == NULL) {
                free(cur);
                free(rel);
                free(corr);
                return NULL;
            }
            {
                char *c2 = corr[0] ? KccFormat("%s/%s", corr, tmp) : KccStrdup(tmp);
                free(corr);
                corr = c2;
                free(tmp);
            }
        }
        if (spelled != NULL) {
            char *c2 = corr[0] ? KccFormat("%s/%s", corr, spelled) : KccStrdup(spelled);
            free(corr);
            corr = c2;
        }
        free(cur);
        cur = next;
    }
    free(rel);
    if (!KccFileExists(cur)) {
        free(cur);
        free(corr);
        return NULL;
    }
    *Corrected = corr;
    return cur;
}

static void KccpAddEntry(SHIM_SCAN *scan, const char *Name, char *Content)
{
    for (size_t i = 0; i < scan->Count; i++) {
        if (strcmp(scan->Entries[i].Name, Name) == 0) {
            if (strcmp(scan->Entries[i].Content, Content) != 0)
                KccWarn("#include \"%s\" names different files from different directories; "
                        "using the first (%s)", Name, scan->Entries[i].Content);
            free(Content);
            return;
        }
    }
    if (scan->Count == scan->Cap) {
        scan->Cap = scan->Cap ? scan->Cap * 2 : 16;
        scan->Entries = realloc(scan->Entries, scan->Cap * sizeof(SHIM_ENTRY));
        if (scan->Entries == NULL)
            KccFatal("out of memory");
    }
    scan->Entries[scan->Count].Name = KccStrdup(Name);
    scan->Entries[scan->Count].Content = Content;
    scan->Count++;
}

static void KccpScanFile(SHIM_SCAN *scan, const char *File);

/* One #include: decides whether Name needs a forwarding header and follows it. */
static void KccpInclude(SHIM_SCAN *scan, const char *Name, bool Quote, const char *IncluderDir)
{
    const SEARCH_PATH *sp = scan->Path;
    STRVEC dirs = {0};
    STRVEC isSystem = {0};   /* "1" / "0" per directory */
    char *norm = KccStrdup(Name);
    char *found = NULL;

    for (char *c = norm; *c; c++)
        if (*c == '\\')
            *c = '/';
    if (norm[0] == '/' || (norm[0] && norm[1] == ':')) {
        free(norm);
        return;   /* absolute (or a drive letter): nothing to search */
    }
    if (Quote) {
        KccPush(&dirs, IncluderDir);
        KccPush(&isSystem, "0");
        for (size_t i = 0; i < sp->Quote.n; i++) {
            KccPush(&dirs, sp->Quote.v[i]);
            KccPush(&isSystem, "0");
        }
    }
    for (size_t i = 0; i < sp->Bracket.n; i++) {
        KccPush(&dirs, sp->Bracket.v[i]);
        KccPush(&isSystem, "0");
    }
    for (size_t i = 0; i < sp->System.n; i++) {
        KccPush(&dirs, sp->System.v[i]);
        KccPush(&isSystem, "1");
    }

    /* What the compiler finds by itself needs nothing. */
    for (size_t i = 0; i < dirs.n && found == NULL; i++) {
        char *p = KccJoin(dirs.v[i], Name);
        if (KccFileExists(p))
            found = p;
        else
            free(p);
    }
    if (found == NULL) {
        for (size_t i = 0; i < dirs.n && found == NULL; i++) {
            char *corrected = NULL;
            char *p = KccpResolveInsensitive(dirs.v[i], norm, &corrected);
            char *content;
            if (p == NULL)
                continue;
            if (isSystem.v[i][0] == '1' && strncmp(corrected, "../", 3) != 0) {
                /* Found by the search path: keep it a system header (no warnings). */
                content = KccFormat("#include <%s>\n", corrected);
            } else {
                char *real = KccRealPath(p);
                content = KccFormat("#include \"%s\"\n", real);
                free(real);
            }
            KccpAddEntry(scan, Name, content);
            free(corrected);
            found = p;
        }
    }
    if (found != NULL) {
        char *real = KccRealPath(found);
        if (!KccpIsSystemFile(scan, real))
            KccpScanFile(scan, found);
        free(real);
        free(found);
    }
    free(norm);
    KccFree(&dirs);
    KccFree(&isSystem);
}

/* Reads File's #include directives (conditionals are not evaluated: a forwarding header
   too many is harmless). */
static void KccpScanFile(SHIM_SCAN *scan, const char *File)
{
    char *real = KccRealPath(File);
    char *text, *dir;

    if (KccpInList(&scan->Visited, real)) {
        free(real);
        return;
    }
    KccPush(&scan->Visited, real);
    free(real);
    text = KccReadFile(File, NULL);
    if (text == NULL)
        return;
    dir = KccDirName(File);
    for (char *line = text; line != NULL && *line != '\0';) {
        char *eol = strchr(line, '\n');
        char *p = line;
        if (eol != NULL)
            *eol = '\0';
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '#') {
            p++;
            while (*p == ' ' || *p == '\t')
                p++;
            if (strncmp(p, "include", 7) == 0 && (p[7] == ' ' || p[7] == '\t' || p[7] == '<' ||
                                                  p[7] == '"')) {
                char close;
                char *end;
                p += 7;
                while (*p == ' ' || *p == '\t')
                    p++;
                close = *p == '<' ? '>' : *p == '"' ? '"' : '\0';
                if (close != '\0' && (end = strchr(p + 1, close)) != NULL && end > p + 1) {
                    *end = '\0';
                    KccpInclude(scan, p + 1, close == '"', dir);
                }
            }
        }
        line = eol ? eol + 1 : NULL;
    }
    free(dir);
    free(text);
}

/* ===== PUBLIC FUNCTIONS ================================================================= */

char *KccBuildIncludeShim(const char *Source, const SEARCH_PATH *Path)
{
    SHIM_SCAN scan = {0};
    int depth = 0;
    char *root;

    scan.Path = Path;
    for (size_t i = 0; i < Path->System.n; i++) {
        char *r = KccRealPath(Path->System.v[i]);
        char *withSlash = KccFormat("%s/", r);
        KccPush(&scan.SystemReal, withSlash);
        free(withSlash);
        free(r);
    }
    KccpScanFile(&scan, Source);
    KccFree(&scan.Visited);
    KccFree(&scan.SystemReal);
    if (scan.Count == 0) {
        free(scan.Entries);
        return NULL;
    }

    /* A name such as "../Inc/x.h" leads out of the directory it is looked up in: nest the
       shim root deep enough that every such name stays inside the shim. */
    for (size_t i = 0; i < scan.Count; i++) {
        int d = 0;
        const char *n = scan.Entries[i].Name;
        while (strncmp(n, "../", 3) == 0) {
            d++;
            n += 3;
        }
        if (d > depth)
            depth = d;
    }
    root = KccFormat("%s/shim%u", KccTempDir(), KccpShimCounter++);
    for (int i = 0; i < depth; i++) {
        char *r = KccFormat("%s/d", root);
        free(root);
        root = r;
    }
    KccMakeDirs(root, false);
    for (size_t i = 0; i < scan.Count; i++) {
        char *p = KccJoin(root, scan.Entries[i].Name);
        if (!KccMakeDirs(p, true) || !KccWriteFile(p, scan.Entries[i].Content))
            KccWarn("cannot write the forwarding header %s", p);
        free(p);
        free(scan.Entries[i].Name);
        free(scan.Entries[i].Content);
    }
    free(scan.Entries);
    return root;
}
