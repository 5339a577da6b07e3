/*
 * PURPOSE: kmode-cc and kmode-c++: gcc-compatible compiler drivers for Windows driver and
 * console-app sources. `kmode-cc --driver -o foo.sys a.c` builds a driver (an ELF shared
 * object whose DDI references resolve when kmode loads it); `kmode-cc -o app a.c` builds a
 * console app linked against libkmode.so. Everything else is passed to the real compiler
 * (CC / CXX, default: the compiler kmode was built with). See docs/toolchain.md.
 */

/* ===== INCLUDES ========================================================================= */

#include "kcc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ===== GLOBALS ========================================================================== */

#ifndef KCC_CXX
#define KCC_CXX 0
#endif

typedef enum {
    PHASE_LINK,         /* default: compile and link */
    PHASE_COMPILE,      /* -c */
    PHASE_ASSEMBLY,     /* -S */
    PHASE_PREPROCESS,   /* -E, -M, -MM */
    PHASE_SYNTAX,       /* -fsyntax-only */
} PHASE;

typedef enum {
    LANG_C,
    LANG_CXX,
    LANG_ASM_CPP,       /* .S: preprocessed assembly */
    LANG_OTHER,         /* .s, .i, .ii, ...: handed to the compiler as they are */
} LANG;

typedef struct {
    char *Path;
    LANG Lang;
    char *XLang;        /* the -x in effect for it, or NULL */
    size_t LinkSlot;    /* its place in LinkArgs (replaced by its object) */
} SOURCE;

static struct {
    bool Driver;
    bool Cxx;
    bool Launch;            /* --launch COMPILER ...: a build system's compile command */
    PHASE Phase;
    bool UserE;             /* -E given */
    const char *Output;
    STRVEC Compiler;
    STRVEC CompileArgs;     /* options for compiling, in order */
    STRVEC ProbeArgs;       /* the same without dependency-file options */
    STRVEC LinkArgs;        /* options and inputs for linking, in order */
    SOURCE *Sources;
    size_t SourceCount;
    size_t LinkInputs;
    SEARCH_PATH Search;     /* the user's search directories */
    const char *DepFile;    /* -MF */
    bool DepWanted;         /* -MD / -MMD */
    bool UserColor;         /* the user chose diagnostics colours */
    bool Coverage;          /* --coverage / -fprofile-arcs / -ftest-coverage */
    bool NoStdInc;          /* -nostdinc given */
} O;

/* Where kmode's headers and libkmode.so are (installed prefix or build tree). */
static char *KccIncludeRoot;
static char *KccLibDir;
static char *KccBuiltinInclude;   /* the compiler's own headers (driver mode) */

/* Options whose value is the next argument. */
static const char *const KccCompileValueOptions[] = {
    "-I", "-D", "-U", "-include", "-imacros", "-isystem", "-iquote", "-idirafter", "-iprefix",
    "-iwithprefix", "-iwithprefixbefore", "-isysroot", "-imultilib", "-MF", "-MT", "-MQ",
    "-Xpreprocessor", "-Xclang", "-Xassembler", "-aux-info", NULL,
};
static const char *const KccLinkValueOptions[] = {
    "-l", "-L", "-Xlinker", "-u", "-T", "-z", "-e", NULL,
};
static const char *const KccBothValueOptions[] = {
    "--param", "-B", "-target", "--sysroot", NULL,
};
/* Link-only options without a value. */
static const char *const KccLinkFlags[] = {
    "-static", "-static-libgcc", "-static-libstdc++", "-static-pie", "-shared", "-rdynamic",
    "-pie", "-no-pie", "-nostdlib", "-nodefaultlibs", "-nostartfiles", "-s", "-symbolic", NULL,
};

/* ===== PRIVATE FUNCTIONS ================================================================ */

static void KccpUsage(FILE *out)
{
    fprintf(out,
"Usage: %s [--driver] [gcc options] FILE...\n"
"\n"
"Builds Windows driver and console-app sources against kmode's headers and runtime.\n"
"\n"
"  --driver          Build a driver: the sources compile as WDK kernel code (<ntddk.h>,\n"
"                    <wdm.h>; no C library headers but kmode's kernel CRT) and link into an\n"
"                    ELF shared object named like a .sys (default: FIRST-SOURCE.sys). Its\n"
"                    references to DDIs are resolved when kmode loads it; a DDI kmode does\n"
"                    not provide fails the load with a message naming it.\n"
"  (default)         Build a user-mode console app: <windows.h> and friends, glibc\n"
"                    underneath, linked against libkmode.so (with an rpath). main may be\n"
"                    void, wmain or _tmain, as with MSVC.\n"
"  --launch CC ARGS  Run the compile command CC ARGS with kmode-cc's source handling (the\n"
"                    include shim, the app entry), adding no flags: a build system's\n"
"                    compiler launcher (cmake/kmode-tools.cmake uses it).\n"
"  --kmode-verbose   Print every command kmode-cc runs (also: KMODE_CC_VERBOSE=1).\n"
"  --help, --version\n"
"\n"
"gcc options work as with gcc: -c -S -E -o -I -D -U -O -g -W... -f... -fsanitize=...\n"
"--coverage -l -L -Wl,... -MD -MF ...; anything else is passed through.\n"
"Windows habits work: #include <sys\\ioctl.h> (backslashes), include names whose case\n"
"differs from the file on disk, VOID __cdecl main(ULONG argc, PCHAR argv[]).\n"
"\n"
"Environment: KMODE_CC / KMODE_CXX, else CC / CXX, choose the compiler (gcc or clang;\n"
"default %s). kmode run DRIVER.sys -- APP runs an app with drivers loaded.\n",
            KccProgramName, KCC_CXX ? KCC_DEFAULT_CXX : KCC_DEFAULT_CC);
}

static bool KccpInTable(const char *const *table, const char *arg)
{
    for (size_t i = 0; table[i] != NULL; i++)
        if (strcmp(table[i], arg) == 0)
            return true;
    return false;
}

/* The table entry arg starts with (joined value: -Idir, -lfoo), longest first. */
static const char *KccpJoinedPrefix(const char *const *table, const char *arg)
{
    const char *best = NULL;
    for (size_t i = 0; table[i] != NULL; i++) {
        size_t l = strlen(table[i]);
        if (strncmp(arg, table[i], l) == 0 && arg[l] != '\0' && (best == NULL || l > strlen(best)))
            best = table[i];
    }
    return best;
}

static bool KccpIsSelf(const char *word)
{
    return strncmp(KccBaseName(word), "kmode-c", 7) == 0;
}

/* KMODE_CC/KMODE_CXX, else CC/CXX (unless it names kmode-cc itself), else the default. */
static void KccpChooseCompiler(bool cxx, STRVEC *compiler)
{
    const char *env = getenv(cxx ? "KMODE_CXX" : "KMODE_CC");
    STRVEC words = {0};

    if (env == NULL || env[0] == '\0') {
        env = getenv(cxx ? "CXX" : "CC");
        if (env != NULL) {
            KccSplitCommand(&words, env);
            for (size_t i = 0; i < words.n; i++)
                if (KccpIsSelf(words.v[i]))
                    env = NULL;
            KccFree(&words);
        }
    }
    if (env == NULL || env[0] == '\0')
        env = cxx ? KCC_DEFAULT_CXX : KCC_DEFAULT_CC;
    KccSplitCommand(compiler, env);
    if (compiler->n == 0)
        KccFatal("empty compiler command");
}

static void KccpLocate(void)
{
    char *exe = realpath("/proc/self/exe", NULL);
    char *self = exe ? KccDirName(exe) : KccStrdup(".");
    char *inc = KccJoin(self, KCC_INSTALL_INCLUDE_REL);
    char *probe = KccJoin(inc, "km/wdm.h");

    if (KccFileExists(probe)) {
        char *lib = KccJoin(self, KCC_INSTALL_LIB_REL);
        KccIncludeRoot = KccRealPath(inc);
        KccLibDir = KccRealPath(lib);
        free(lib);
    } else {
        KccIncludeRoot = KccStrdup(KCC_BUILD_INCLUDE_DIR);
        KccLibDir = KccStrdup(KCC_BUILD_LIB_DIR);
    }
    free(probe);
    free(inc);
    free(self);
    free(exe);
}

static LANG KccpLanguage(const char *path, const char *xlang, bool *isSource)
{
    const char *dot = strrchr(KccBaseName(path), '.');
    const char *ext = dot ? dot + 1 : "";

    *isSource = true;
    if (xlang != NULL) {
        if (strcmp(xlang, "c") == 0)
            return LANG_C;
        if (strcmp(xlang, "c++") == 0)
            return LANG_CXX;
        if (strcmp(xlang, "assembler-with-cpp") == 0)
            return LANG_ASM_CPP;
        return LANG_OTHER;
    }
    if (strcmp(path, "-") == 0)
        return LANG_OTHER;
    if (strcmp(ext, "c") == 0)
        return LANG_C;
    if (strcmp(ext, "cc") == 0 || strcmp(ext, "cpp") == 0 || strcmp(ext, "cxx") == 0 ||
        strcmp(ext, "c++") == 0 || strcmp(ext, "C") == 0 || strcmp(ext, "cp") == 0 ||
        strcmp(ext, "CPP") == 0)
        return LANG_CXX;
    if (strcmp(ext, "S") == 0 || strcmp(ext, "sx") == 0)
        return LANG_ASM_CPP;
    if (strcmp(ext, "s") == 0 || strcmp(ext, "i") == 0 || strcmp(ext, "ii") == 0)
        return LANG_OTHER;
    *isSource = false;
    return LANG_OTHER;
}

static void KccpCompileArg(const char *a)
{
    KccPush(&O.CompileArgs, a);
    KccPush(&O.ProbeArgs, a);
}

static void KccpParse(int argc, char **argv, int first)
{
    const char *xlang = NULL;

    for (int i = first; i < argc; i++) {
        const char *a = argv[i];
        const char *prefix;

        if (a[0] != '-' || strcmp(a, "-") == 0) {
            bool isSource;
            LANG lang = KccpLanguage(a, xlang, &isSource);
            if (isSource) {
                SOURCE *s;
                O.Sources = realloc(O.Sources, (O.SourceCount + 1) * sizeof(SOURCE));
                if (O.Sources == NULL)
                    KccFatal("out of memory");
                s = &O.Sources[O.SourceCount++];
                s->Path = KccStrdup(a);
                s->Lang = lang;
                s->XLang = xlang ? KccStrdup(xlang) : NULL;
                s->LinkSlot = O.LinkArgs.n;
            } else {
                O.LinkInputs++;
            }
            KccPush(&O.LinkArgs, a);
            continue;
        }
        if (strcmp(a, "-nostdinc") == 0)
            O.NoStdInc = true;
        if (strcmp(a, "-c") == 0) {
            O.Phase = PHASE_COMPILE;
        } else if (strcmp(a, "-S") == 0) {
            if (O.Phase != PHASE_PREPROCESS)
                O.Phase = PHASE_ASSEMBLY;
        } else if (strcmp(a, "-E") == 0) {
            O.Phase = PHASE_PREPROCESS;
            O.UserE = true;
        } else if (strcmp(a, "-M") == 0 || strcmp(a, "-MM") == 0) {
            O.Phase = PHASE_PREPROCESS;
            KccpCompileArg(a);
        } else if (strcmp(a, "-fsyntax-only") == 0) {
            O.Phase = PHASE_SYNTAX;
            KccpCompileArg(a);
        } else if (strcmp(a, "-o") == 0) {
            if (++i >= argc)
                KccFatal("missing filename after '-o'");
            O.Output = argv[i];
        } else if (strncmp(a, "-o", 2) == 0) {
            O.Output = a + 2;
        } else if (strcmp(a, "-x") == 0 || strncmp(a, "-x", 2) == 0) {
            const char *v = a[2] ? a + 2 : (++i < argc ? argv[i] : NULL);
            if (v == NULL)
                KccFatal("missing argument to '-x'");
            xlang = strcmp(v, "none") == 0 ? NULL : v;
        } else if (strcmp(a, "-MD") == 0 || strcmp(a, "-MMD") == 0) {
            O.DepWanted = true;
            KccPush(&O.CompileArgs, a);
        } else if (strcmp(a, "-MP") == 0 || strcmp(a, "-MG") == 0) {
            KccPush(&O.CompileArgs, a);
        } else if (KccpInTable(KccCompileValueOptions, a) ||
                   (prefix = KccpJoinedPrefix(KccCompileValueOptions, a)) != NULL) {
            const char *opt, *val;
            bool dep;
            if (KccpInTable(KccCompileValueOptions, a)) {
                if (++i >= argc)
                    KccFatal("missing argument to '%s'", a);
                opt = a;
                val = argv[i];
            } else {
                opt = prefix;
                val = a + strlen(prefix);
            }
            dep = strcmp(opt, "-MF") == 0 || strcmp(opt, "-MT") == 0 || strcmp(opt, "-MQ") == 0;
            if (strcmp(opt, "-MF") == 0)
                O.DepFile = val;
            if (strcmp(opt, "-I") == 0)
                KccPush(&O.Search.Bracket, val);
            else if (strcmp(opt, "-iquote") == 0)
                KccPush(&O.Search.Quote, val);
            else if (strcmp(opt, "-isystem") == 0 || strcmp(opt, "-idirafter") == 0)
                KccPush(&O.Search.System, val);
            KccPush(&O.CompileArgs, opt);
            KccPush(&O.CompileArgs, val);
            if (!dep) {
                KccPush(&O.ProbeArgs, opt);
                KccPush(&O.ProbeArgs, val);
            }
        } else if (KccpInTable(KccLinkValueOptions, a)) {
            if (++i >= argc)
                KccFatal("missing argument to '%s'", a);
            KccPush(&O.LinkArgs, a);
            KccPush(&O.LinkArgs, argv[i]);
        } else if (strncmp(a, "-l", 2) == 0 || strncmp(a, "-L", 2) == 0 ||
                   strncmp(a, "-Wl,", 4) == 0 || strncmp(a, "-fuse-ld=", 9) == 0 ||
                   KccpInTable(KccLinkFlags, a)) {
            KccPush(&O.LinkArgs, a);
        } else if (KccpInTable(KccBothValueOptions, a)) {
            if (++i >= argc)
                KccFatal("missing argument to '%s'", a);
            KccpCompileArg(a);
            KccpCompileArg(argv[i]);
            KccPush(&O.LinkArgs, a);
            KccPush(&O.LinkArgs, argv[i]);
        } else if ((a[1] == 'W' && strncmp(a, "-Wl,", 4) != 0) || strncmp(a, "-std=", 5) == 0 ||
                   strncmp(a, "-pedantic", 9) == 0 || strcmp(a, "-ansi") == 0 ||
                   strncmp(a, "-nostdinc", 9) == 0 || strcmp(a, "-P") == 0 ||
                   strcmp(a, "-C") == 0 || strcmp(a, "-H") == 0 || strcmp(a, "-w") == 0) {
            KccpCompileArg(a);
        } else {
            /* -f..., -m..., -O..., -g..., -fsanitize=..., --coverage, -pthread, -v, ... */
            if (strcmp(a, "--coverage") == 0 || strcmp(a, "-fprofile-arcs") == 0 ||
                strcmp(a, "-ftest-coverage") == 0)
                O.Coverage = true;
            if (strncmp(a, "-fdiagnostics-color", 19) == 0 ||
                strncmp(a, "-fno-diagnostics-color", 22) == 0 ||
                strcmp(a, "-fcolor-diagnostics") == 0 || strcmp(a, "-fno-color-diagnostics") == 0)
                O.UserColor = true;
            KccpCompileArg(a);
            KccPush(&O.LinkArgs, a);
        }
    }
}

/* Apps see the C library's headers after kmode's: <Math.h> resolves to math.h there. */
static void KccpHostedDirs(STRVEC *systemDirs)
{
    static const char *const hosted[] = {"/usr/local/include", "/usr/include/x86_64-linux-gnu",
                                         "/usr/include", NULL};
    for (size_t i = 0; hosted[i] != NULL; i++)
        if (KccIsDirectory(hosted[i]))
            KccPush(systemDirs, hosted[i]);
}

/* Flags of the compile mode, and the directories the include shim resolves against. */
static void KccpModeFlags(STRVEC *cmd, LANG lang, STRVEC *systemDirs)
{
    const char *sub[] = {NULL, NULL, "shared", "", NULL};
    char *d;

    if (O.Driver) {
        sub[0] = "km/crt";
        sub[1] = "km";
        KccPush(cmd, "-nostdinc");
    } else {
        sub[0] = "um/crt";
        sub[1] = "um";
    }
    for (size_t i = 0; sub[i] != NULL; i++) {
        d = sub[i][0] ? KccJoin(KccIncludeRoot, sub[i]) : KccStrdup(KccIncludeRoot);
        KccPush(cmd, "-isystem");
        KccPush(cmd, d);
        KccPush(systemDirs, d);
        free(d);
    }
    if (O.Driver) {
        KccPush(cmd, "-isystem");
        KccPush(cmd, KccBuiltinInclude);
        KccPush(systemDirs, KccBuiltinInclude);
    }
    KccPush(cmd, "-fshort-wchar");
    KccPush(cmd, "-fno-strict-aliasing");
    if (lang == LANG_CXX) {
        /* gcc < 13 ignores kmode/msvc.h's diagnostic pragmas for warnings the preprocessor
           gives in C++ (gcc bug 53431): unknown pragmas, pool tags ('Tag1'). */
        KccPush(cmd, "-Wno-unknown-pragmas");
        KccPush(cmd, "-Wno-multichar");
    }
    if (lang == LANG_C) {
        /* MSVC converts between object pointer-to-pointer types (a PKEVENT * passed for
           ObReferenceObjectByHandle's PVOID *) without a word; WDK samples rely on it, and
           gcc 14 would make it an error. */
        KccPush(cmd, "-Wno-incompatible-pointer-types");
    }
    if (lang == LANG_CXX && O.Driver) {
        /* Kernel C++ as MSVC's /kernel has it: no exceptions, no RTTI (no C++ runtime). */
        KccPush(cmd, "-fno-exceptions");
        KccPush(cmd, "-fno-rtti");
    }
    if (O.Driver) {
        KccPush(cmd, "-D_AMD64_");
        KccPush(cmd, "-D_WIN64");
        KccPush(cmd, "-fPIC");
        /* Every DDI call a real call: the verifier knows a driver's calls by their return
           address (Windows patches the image's imports instead), and a call in tail
           position would return into the driver's caller. */
        KccPush(cmd, "-fno-optimize-sibling-calls");
    } else {
        /* What MSVC predefines for x64, so `#ifdef _WIN32` takes the Windows path. */
        KccPush(cmd, "-D_WIN32");
        KccPush(cmd, "-D_WIN64");
        KccPush(cmd, "-D_M_X64");
        KccPush(cmd, "-D_M_AMD64");
        KccPush(cmd, "-D_AMD64_");
        /* glibc's fortify wrappers would call glibc's own checked functions around the user
           CRT's overrides (include/um/crt), so apps build without them. */
        KccPush(cmd, "-U_FORTIFY_SOURCE");
    }
}

static void KccpExtraFlags(STRVEC *cmd)
{
    KccSplitCommand(cmd, KCC_EXTRA_FLAGS);
}

static void KccpFindBuiltinInclude(void)
{
    STRVEC cmd = {0};
    char *out, *nl;

    KccPushAll(&cmd, &O.Compiler);
    KccPush(&cmd, "-print-file-name=include");
    out = KccCapture(&cmd);
    KccFree(&cmd);
    if (out == NULL)
        KccFatal("cannot ask %s for its own header directory", O.Compiler.v[0]);
    nl = strchr(out, '\n');
    if (nl != NULL)
        *nl = '\0';
    if (out[0] != '/' || !KccIsDirectory(out))
        KccFatal("%s does not report its header directory (got \"%s\")", O.Compiler.v[0], out);
    KccBuiltinInclude = out;
}

/* "dir/name.c" -> "name" + NewExt (in the current directory, as gcc names outputs). */
static char *KccpReplaceExtension(const char *path, const char *newExt)
{
    const char *base = KccBaseName(path);
    const char *dot = strrchr(base, '.');
    size_t n = dot ? (size_t)(dot - base) : strlen(base);
    char *r = KccAlloc(n + strlen(newExt) + 1);
    memcpy(r, base, n);
    strcpy(r + n, newExt);
    return r;
}

/* The .d file a compile writes: -MF, else the output with its suffix replaced by .d. */
static char *KccpDependencyFile(const char *output)
{
    if (O.DepFile != NULL)
        return KccStrdup(O.DepFile);
    if (!O.DepWanted || output == NULL)
        return NULL;
    {
        char *dir = KccDirName(output);
        char *name = KccpReplaceExtension(output, ".d");
        char *r = KccJoin(dir, name);
        free(dir);
        free(name);
        return r;
    }
}

static bool KccpWantsColor(void)
{
    return !O.UserColor && isatty(2);
}

/* Finds the alloc_text and code_seg pragmas of a driver source: preprocesses it as it will
   be compiled (pragmas survive -E) when its text mentions them. *Clang tells which compiler. */
static void KccpProbeAllocText(const SOURCE *src, const STRVEC *mode, const char *shim,
                               ALLOC_TEXT *placement, bool *clang)
{
    STRVEC cmd = {0};
    char *text = KccReadFile(src->Path, NULL);
    char *probeOut, *marker;

    if (text == NULL || (strstr(text, "alloc_text") == NULL && strstr(text, "code_seg") == NULL)) {
        free(text);
        return;
    }
    free(text);
    probeOut = KccFormat("%s/pragmas.i", KccTempDir());
    marker = KccFormat("%s/kcc-compiler.h", KccTempDir());
    if (!KccWriteFile(marker, "#ifdef __clang__\n#pragma kmode_cc_compiler clang\n#endif\n"))
        KccFatal("cannot write %s", marker);
    KccPushAll(&cmd, &O.Compiler);
    KccPushAll(&cmd, mode);
    if (!O.Launch)
        KccpExtraFlags(&cmd);
    if (shim != NULL) {
        KccPush(&cmd, "-I");
        KccPush(&cmd, shim);
    }
    KccPushAll(&cmd, &O.ProbeArgs);
    KccPush(&cmd, "-w");
    KccPush(&cmd, "-include");
    KccPush(&cmd, marker);
    if (src->XLang != NULL) {
        KccPush(&cmd, "-x");
        KccPush(&cmd, src->XLang);
    }
    KccPush(&cmd, src->Path);
    KccPush(&cmd, "-E");
    KccPush(&cmd, "-o");
    KccPush(&cmd, probeOut);
    /* A source that does not preprocess fails its compile, which says why. */
    if (KccRun(&cmd, KCC_STDERR_DISCARD) == 0) {
        char *pre = KccReadFile(probeOut, NULL);
        if (pre != NULL)
            KccFindAllocText(pre, placement, clang);
        free(pre);
    }
    remove(probeOut);
    KccFree(&cmd);
    free(marker);
    free(probeOut);
}

/* Compiles one source for PHASE_LINK/COMPILE/ASSEMBLY (Output set) or preprocesses /
   checks it (PHASE_PREPROCESS/SYNTAX). Returns the compiler's exit status. */
static int KccpCompile(const SOURCE *src, const char *output)
{
    SEARCH_PATH search = {0};
    STRVEC cmd = {0}, mode = {0};
    char *shim = NULL, *wrapper = NULL;
    bool kmodeSource = src->Lang == LANG_C || src->Lang == LANG_CXX;
    bool renames = kmodeSource && !O.Driver && !(O.Phase == PHASE_PREPROCESS);
    ALLOC_TEXT placement = {0};
    bool clang = false;
    int status;

    search.Quote = O.Search.Quote;
    search.Bracket = O.Search.Bracket;
    if (!O.Launch)
        KccpModeFlags(&mode, src->Lang, &search.System);
    KccPushAll(&search.System, &O.Search.System);
    if (!O.Driver && !O.NoStdInc)
        KccpHostedDirs(&search.System);

    if (kmodeSource && strcmp(src->Path, "-") != 0)
        shim = KccBuildIncludeShim(src->Path, &search);

    /* The app's entry: find which source defines main (or wmain) and wrap it. */
    if (renames && O.Phase != PHASE_SYNTAX && strcmp(src->Path, "-") != 0) {
        char *text = KccReadFile(src->Path, NULL);
        if (text != NULL && strstr(text, "main") != NULL) {
            char *probeOut = KccFormat("%s/probe.i", KccTempDir());
            KccPushAll(&cmd, &O.Compiler);
            KccPushAll(&cmd, &mode);
            if (!O.Launch)
                KccpExtraFlags(&cmd);
            if (shim != NULL) {
                KccPush(&cmd, "-I");
                KccPush(&cmd, shim);
            }
            KccPushAll(&cmd, &O.ProbeArgs);
            KccPush(&cmd, "-D" "main=" KCC_MAIN_NAME);
            KccPush(&cmd, "-D" "wmain=" KCC_WMAIN_NAME);
            KccPush(&cmd, "-w");
            if (src->XLang != NULL) {
                KccPush(&cmd, "-x");
                KccPush(&cmd, src->XLang);
            }
            KccPush(&cmd, src->Path);
            KccPush(&cmd, "-E");
            KccPush(&cmd, "-o");
            KccPush(&cmd, probeOut);
            if (KccRun(&cmd, KCC_STDERR_DISCARD) == 0) {
                char *pre = KccReadFile(probeOut, NULL);
                if (pre != NULL) {
                    ENTRY_INFO entry = KccFindEntry(pre);
                    if (entry.Kind != ENTRY_NONE)
                        wrapper = KccWriteEntryWrapper(src->Path, src->Lang == LANG_CXX, entry);
                    free(pre);
                }
            }
            KccFree(&cmd);
            free(probeOut);
        }
        free(text);
    }

    /* A driver's #pragma alloc_text / code_seg: which functions go to PAGE* and INIT. */
    if (O.Driver && kmodeSource && (O.Phase == PHASE_LINK || O.Phase == PHASE_COMPILE) &&
        output != NULL && strcmp(output, "-") != 0 && strcmp(src->Path, "-") != 0)
        KccpProbeAllocText(src, &mode, shim, &placement, &clang);

    KccPushAll(&cmd, &O.Compiler);
    KccPushAll(&cmd, &mode);
    if (!O.Launch)
        KccpExtraFlags(&cmd);
    if (shim != NULL) {
        KccPush(&cmd, "-I");
        KccPush(&cmd, shim);
    }
    if (placement.Names.n > 0) {
        /* One section per function, renamed after the compile (kcc_page.c). gcc's
           identical code folding could make a nonpaged function an alias of a paged one:
           it must not see them as the same. */
        KccPush(&cmd, "-ffunction-sections");
        if (!clang)
            KccPush(&cmd, "-fno-ipa-icf");
    }
    if ((shim != NULL || wrapper != NULL) && KccpWantsColor())
        KccPush(&cmd, "-fdiagnostics-color=always");
    KccPushAll(&cmd, &O.CompileArgs);
    if (renames) {
        KccPush(&cmd, "-D" "main=" KCC_MAIN_NAME);
        KccPush(&cmd, "-D" "wmain=" KCC_WMAIN_NAME);
    }
    if (wrapper != NULL) {
        KccPush(&cmd, "-x");
        KccPush(&cmd, src->Lang == LANG_CXX ? "c++" : "c");
        KccPush(&cmd, wrapper);
    } else {
        if (src->XLang != NULL) {
            KccPush(&cmd, "-x");
            KccPush(&cmd, src->XLang);
        }
        KccPush(&cmd, src->Path);
    }
    switch (O.Phase) {
    case PHASE_LINK:
    case PHASE_COMPILE:
        KccPush(&cmd, "-c");
        break;
    case PHASE_ASSEMBLY:
        KccPush(&cmd, "-S");
        break;
    case PHASE_PREPROCESS:
        if (O.UserE)
            KccPush(&cmd, "-E");
        break;
    case PHASE_SYNTAX:
        break;
    }
    if (output != NULL) {
        KccPush(&cmd, "-o");
        KccPush(&cmd, output);
    }
    status = KccRun(&cmd, shim != NULL || wrapper != NULL ? KCC_STDERR_FILTER : KCC_STDERR_INHERIT);
    if (status == 0 && placement.Names.n > 0)
        status = KccPlaceAllocText(output, &placement, &O.Compiler);
    if (status == 0 && (shim != NULL || wrapper != NULL)) {
        char *dep = KccpDependencyFile(output);
        if (dep != NULL)
            KccFixDependencyFile(dep);
        free(dep);
    }
    KccFree(&cmd);
    KccFree(&mode);
    KccFree(&search.System);
    KccFreeAllocText(&placement);
    free(shim);
    free(wrapper);
    return status;
}

static int KccpLink(void)
{
    STRVEC cmd = {0};
    char *out;
    int status;

    if (O.Output != NULL)
        out = KccStrdup(O.Output);
    else if (O.Driver)
        out = O.SourceCount > 0 ? KccpReplaceExtension(O.Sources[0].Path, ".sys") : KccStrdup("a.sys");
    else
        out = KccStrdup("a.out");
    if (O.Driver && O.Cxx) {
        /* A driver gets no C++ runtime, as in the kernel: link with the C compiler, so a
           missing operator new is reported when the driver loads, as Windows' linker would. */
        KccpChooseCompiler(false, &cmd);
    } else {
        KccPushAll(&cmd, &O.Compiler);
    }
    if (O.Driver)
        KccPush(&cmd, "-shared");
    KccPushAll(&cmd, &O.LinkArgs);
    KccPush(&cmd, "-o");
    KccPush(&cmd, out);
    KccpExtraFlags(&cmd);
    if (O.Driver) {
        /* gcc and clang call __cxa_pure_virtual where MSVC calls _purecall, which a Windows
           C++ driver defines itself: a driver referencing the first gets its own _purecall
           (and fails to link without one, as with MSVC). */
        char *script = KccFormat("%s/kmode-driver.ld", KccTempDir());
        char *option = KccFormat("-Wl,-T,%s", script);
        if (!KccWriteFile(script, KccDriverLinkScript))
            KccFatal("cannot write %s", script);
        /* -T: the script has SECTIONS (the alloc_text sections, kcc_page.c), inserted
           into the default layout. */
        KccPush(&cmd, option);
        free(option);
        free(script);
        /* A driver's own functions win over same-named ones elsewhere in the process. */
        KccPush(&cmd, "-Wl,-Bsymbolic");
    } else {
        char *lib = KccJoin(KccLibDir, "libkmode.so");
        char *rpath = KccFormat("-Wl,-rpath,%s", KccLibDir);
        if (!KccFileExists(lib))
            KccFatal("cannot find %s (is kmode built?)", lib);
        KccPush(&cmd, "-L");
        KccPush(&cmd, KccLibDir);
        KccPush(&cmd, rpath);
        KccPush(&cmd, "-lkmode");
        free(rpath);
        free(lib);
    }
    status = KccRun(&cmd, KCC_STDERR_INHERIT);
    KccFree(&cmd);
    free(out);
    return status;
}

/* ===== PUBLIC FUNCTIONS ================================================================= */

int main(int argc, char **argv)
{
    int first = 1;
    int status = 0;
    STRVEC coverageObjects = {0};

    KccProgramName = KCC_CXX ? "kmode-c++" : "kmode-cc";
    O.Cxx = KCC_CXX;
    if (getenv("KMODE_CC_VERBOSE") != NULL && getenv("KMODE_CC_VERBOSE")[0] != '0')
        KccVerbose = true;

    /* kmode-cc's own options come first. */
    for (; first < argc; first++) {
        if (strcmp(argv[first], "--driver") == 0) {
            O.Driver = true;
        } else if (strcmp(argv[first], "--app") == 0) {
            O.Driver = false;
        } else if (strcmp(argv[first], "--kmode-verbose") == 0) {
            KccVerbose = true;
        } else if (strcmp(argv[first], "--help") == 0) {
            KccpUsage(stdout);
            return 0;
        } else if (strcmp(argv[first], "--version") == 0) {
            STRVEC cmd = {0};
            printf("%s (kmode %s)\n", KccProgramName, KCC_VERSION);
            fflush(stdout);
            KccpChooseCompiler(O.Cxx, &O.Compiler);
            KccPushAll(&cmd, &O.Compiler);
            KccPush(&cmd, "--version");
            return KccRun(&cmd, KCC_STDERR_INHERIT);
        } else if (strcmp(argv[first], "--launch") == 0) {
            if (first + 1 >= argc)
                KccFatal("--launch needs a compile command");
            O.Launch = true;
            KccSplitCommand(&O.Compiler, argv[first + 1]);
            first += 2;
            break;
        } else {
            break;
        }
    }
    /* --driver may also appear among the compiler options. */
    for (int i = first; i < argc; i++) {
        if (strcmp(argv[i], "--driver") == 0) {
            O.Driver = true;
            memmove(&argv[i], &argv[i + 1], (size_t)(argc - i) * sizeof(char *));
            argc--;
            i--;
        }
    }
    if (!O.Launch)
        KccpChooseCompiler(O.Cxx, &O.Compiler);
    KccpLocate();
    KccpParse(argc, argv, first);

    if (O.SourceCount == 0 && O.LinkInputs == 0) {
        /* Nothing to build (-print-file-name=, -dumpmachine, -v): the compiler answers. */
        STRVEC cmd = {0};
        KccPushAll(&cmd, &O.Compiler);
        for (int i = first; i < argc; i++)
            KccPush(&cmd, argv[i]);
        return KccRun(&cmd, KCC_STDERR_INHERIT);
    }
    if (O.Driver && !O.Launch)
        KccpFindBuiltinInclude();

    if (O.Phase != PHASE_LINK && O.Output != NULL && O.SourceCount > 1)
        KccFatal("cannot specify '-o' with '-c', '-S' or '-E' with multiple files");
    if (O.Phase != PHASE_LINK && O.Phase != PHASE_PREPROCESS && O.Phase != PHASE_SYNTAX &&
        O.LinkInputs > 0 && !O.Launch) {
        for (size_t i = 0; i < O.LinkArgs.n; i++) {
            bool src;
            const char *a = O.LinkArgs.v[i];
            if (a[0] != '-' && (KccpLanguage(a, NULL, &src), !src))
                KccWarn("%s: linker input file unused because linking not done", a);
        }
    }

    for (size_t i = 0; i < O.SourceCount && status == 0; i++) {
        SOURCE *s = &O.Sources[i];
        char *out = NULL;

        switch (O.Phase) {
        case PHASE_LINK:
            if (O.Coverage) {
                /* Coverage data is named after the object: put it where gcc would
                   (OUTPUT-SOURCE.gcno next to the output), not in the temporary directory. */
                const char *final = O.Output ? O.Output : (O.Driver ? "a.sys" : "a.out");
                char *dir = KccDirName(final);
                char *src = KccpReplaceExtension(s->Path, "");
                out = KccFormat("%s/%s-%s.o", dir, KccBaseName(final), src);
                KccPush(&coverageObjects, out);
                free(src);
                free(dir);
            } else {
                out = KccFormat("%s/obj%zu.o", KccTempDir(), i);
            }
            break;
        case PHASE_COMPILE:
            out = O.Output ? KccStrdup(O.Output) : KccpReplaceExtension(s->Path, ".o");
            break;
        case PHASE_ASSEMBLY:
            out = O.Output ? KccStrdup(O.Output) : KccpReplaceExtension(s->Path, ".s");
            break;
        case PHASE_PREPROCESS:
        case PHASE_SYNTAX:
            out = O.Output ? KccStrdup(O.Output) : NULL;
            break;
        }
        status = KccpCompile(s, out);
        if (O.Phase == PHASE_LINK) {
            free(O.LinkArgs.v[s->LinkSlot]);
            O.LinkArgs.v[s->LinkSlot] = out;
        } else {
            free(out);
        }
    }
    if (status == 0 && O.Phase == PHASE_LINK)
        status = KccpLink();
    for (size_t i = 0; i < coverageObjects.n; i++)
        remove(coverageObjects.v[i]);
    KccFree(&coverageObjects);
    return status;
}
