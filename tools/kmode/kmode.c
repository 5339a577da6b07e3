/*
 * PURPOSE: The kmode command. `kmode run [--cpus N] DRIVER.sys... -- APP [ARGS]` runs APP (a
 * console app built by kmode-cc) with the drivers loaded in its process: kmode checks its
 * arguments, then executes APP with KMODE_RUN_DRIVERS naming the drivers (and KMODE_CPUS
 * with --cpus); the app's start-up code (KmodeAppStart, include/kmode/app.h) registers each
 * as a demand-start service, loads it, runs main, and unloads it afterwards.
 * See docs/toolchain.md.
 */

/* ===== INCLUDES ========================================================================= */

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* ===== GLOBALS ========================================================================== */

#define KMODE_EXIT_USAGE 2

/* Shared with include/kmode/app.h (this tool is not built against kmode's headers). */
#define KMODE_RUN_DRIVERS_VARIABLE "KMODE_RUN_DRIVERS"

static const char KmodeUsage[] =
"Usage: kmode run [--cpus N] DRIVER.sys... -- APP [ARGS...]\n"
"       kmode --help | --version\n"
"\n"
"kmode runs Windows kernel-mode drivers inside an ordinary Linux process.\n"
"\n"
"kmode run loads each DRIVER.sys into APP's process, then runs APP with ARGS:\n"
"  - every DRIVER is registered as a demand-start kernel-driver service named after its\n"
"    file (foo.sys: HKLM\\SYSTEM\\CurrentControlSet\\Services\\foo, ImagePath \\??\\C:\\...),\n"
"    and loaded in the order given: its DriverEntry runs with the driver object\n"
"    \\Driver\\foo before APP's main;\n"
"  - APP is a console app built with kmode-cc (its main may be main, wmain or _tmain);\n"
"  - when main returns, the drivers are unloaded in reverse order (DriverUnload runs) and\n"
"    kmode exits with main's exit code.\n"
"  --cpus N    run with N virtual processors (1-64; default: the host's CPU count).\n"
"              Same as KMODE_CPUS=N.\n"
"  --verifier[=standard|FLAGS]\n"
"              run the drivers under Driver Verifier: 'standard' (the default) or the\n"
"              /flags bits as a number (0x209BB); same as KMODE_VERIFIER (docs/verifier.md).\n"
"  --verifier-drivers a.sys,b.sys\n"
"              verify only these drivers (default: every driver). KMODE_VERIFIER_DRIVERS.\n"
"  --fault-seed N\n"
"              the seed of the verifier's randomized low resources simulation (flag 0x4):\n"
"              the same seed fails the same calls. KMODE_FAULT_SEED.\n"
"  --fault-index K\n"
"              systematic low resources simulation (flag 0x40000): fail the K-th\n"
"              allocating call of the verified drivers. KMODE_FAULT_INDEX.\n"
"  --crash-dump FILE\n"
"              if the process bugchecks, also write the report as JSON to FILE.\n"
"              Same as KMODE_CRASH_DUMP=FILE.\n"
"  --registry FILE.reg\n"
"              import a regedit .reg file into the registry at start-up (may be given\n"
"              more than once; applied in order). Same as KMODE_REGISTRY=FILE[:FILE].\n"
"  --registry-save FILE.reg\n"
"              export the registry to FILE at exit, as regedit would (volatile keys\n"
"              left out). Same as KMODE_REGISTRY_SAVE=FILE.\n"
"\n"
"An app that installs its own driver through the service control manager (CreateService,\n"
"StartService) needs no kmode run: linking against kmode is enough, run it directly.\n"
"\n"
"Exit status: APP's; 188 when the process bugchecked (the report is on standard error);\n"
"1 when a driver fails to load (the reason is printed: a DDI kmode does not provide is\n"
"named); 2 for bad arguments; 126/127 when APP cannot be run.\n"
"\n"
"Build drivers and apps with kmode-cc:\n"
"  kmode-cc --driver -o foo.sys foo.c     a driver (WDK headers, ELF shared object)\n"
"  kmode-cc -o fooapp fooapp.c            a console app (windows.h, linked with kmode)\n"
"  kmode run foo.sys -- ./fooapp          the app with the driver loaded\n"
"\n"
"Environment: KMODE_CPUS, KMODE_DEBUG_PRINT_FILTER, KMODE_BREAK, KMODE_FAULTS,\n"
"KMODE_VERIFIER, KMODE_CRASH_DUMP (see docs/environment.md). Documentation:\n"
"docs/toolchain.md, docs/bugcheck.md, docs/verifier.md.\n";

/* ===== PRIVATE FUNCTIONS ================================================================ */

static void __attribute__((noreturn, format(printf, 1, 2))) KmodeUsageError(const char *fmt, ...)
{
    va_list ap;

    fputs("kmode: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'kmode --help'.\n", stderr);
    exit(KMODE_EXIT_USAGE);
}

/*
 * Looks Name up in the dynamic symbol table of the ELF file at Path.
 * Returns 1 when present (defined or imported), 0 when absent, -1 when Path is not a 64-bit
 * ELF file kmode can read (a script, for instance).
 */
static int KmodeElfHasDynamicSymbol(const char *Path, const char *Name)
{
    int fd = open(Path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    unsigned char *map;
    const Elf64_Ehdr *eh;
    const Elf64_Shdr *sh;
    int result = -1;

    if (fd < 0)
        return -1;
    if (fstat(fd, &st) != 0 || st.st_size < (off_t)sizeof(Elf64_Ehdr)) {
        close(fd);
        return -1;
    }
    map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return -1;
    eh = (const Elf64_Ehdr *)map;
    if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
        eh->e_shentsize != sizeof(Elf64_Shdr) ||
        eh->e_shoff + (Elf64_Off)eh->e_shnum * sizeof(Elf64_Shdr) > (Elf64_Off)st.st_size)
        goto out;
    sh = (const Elf64_Shdr *)(map + eh->e_shoff);
    result = 0;
    for (unsigned i = 0; i < eh->e_shnum && result == 0; i++) {
        const Elf64_Shdr *strtab;
        if (sh[i].sh_type != SHT_DYNSYM || sh[i].sh_link >= eh->e_shnum ||
            sh[i].sh_entsize != sizeof(Elf64_Sym))
            continue;
        strtab = &sh[sh[i].sh_link];
        if (sh[i].sh_offset + sh[i].sh_size > (Elf64_Off)st.st_size ||
            strtab->sh_offset + strtab->sh_size > (Elf64_Off)st.st_size)
            continue;
        for (Elf64_Xword s = 0; s < sh[i].sh_size / sizeof(Elf64_Sym); s++) {
            const Elf64_Sym *sym = (const Elf64_Sym *)(map + sh[i].sh_offset) + s;
            if (sym->st_name < strtab->sh_size &&
                strncmp((const char *)map + strtab->sh_offset + sym->st_name, Name,
                        strtab->sh_size - sym->st_name) == 0) {
                result = 1;
                break;
            }
        }
    }
out:
    munmap(map, (size_t)st.st_size);
    return result;
}

/* APP as execvp would find it (malloc'd), or NULL. */
static char *KmodeFindProgram(const char *App)
{
    const char *path;
    char *copy, *save = NULL;

    if (strchr(App, '/') != NULL)
        return access(App, F_OK) == 0 ? strdup(App) : NULL;
    path = getenv("PATH");
    if (path == NULL)
        path = "/usr/local/bin:/usr/bin:/bin";
    copy = strdup(path);
    for (char *dir = strtok_r(copy, ":", &save); dir != NULL; dir = strtok_r(NULL, ":", &save)) {
        char *candidate;
        if (asprintf(&candidate, "%s/%s", dir[0] ? dir : ".", App) < 0)
            break;
        if (access(candidate, X_OK) == 0) {
            free(copy);
            return candidate;
        }
        free(candidate);
    }
    free(copy);
    return NULL;
}

/* The service name kmode run gives a driver file: its name without the extension. */
static char *KmodeServiceName(const char *Path)
{
    const char *base = strrchr(Path, '/');
    char *name, *dot;

    name = strdup(base ? base + 1 : Path);
    dot = strrchr(name, '.');
    if (dot != NULL && dot != name)
        *dot = '\0';
    return name;
}

/* The verifier options (kmode run --verifier...): each sets the variable the runtime reads. */
typedef struct {
    const char *Flags, *Drivers, *Seed, *Index;
} KMODE_VERIFIER_OPTIONS;

/* Matches argv[*I] against --Name VALUE / --Name=VALUE; *Value is the value. */
static int KmodeValueOption(int argc, char **argv, int *I, const char *Name, const char **Value)
{
    size_t n = strlen(Name);

    if (strncmp(argv[*I], Name, n) != 0)
        return 0;
    if (argv[*I][n] == '=') {
        *Value = argv[*I] + n + 1;
        return 1;
    }
    if (argv[*I][n] != '\0')
        return 0;
    if (*I + 1 >= argc)
        KmodeUsageError("%s needs a value", Name);
    *Value = argv[++*I];
    return 1;
}

/* A number kmode takes whole: decimal or 0x hex, nothing after it, at most Max. */
static int KmodeIsNumber(const char *Text, unsigned long long Max)
{
    char *end;
    unsigned long long v;

    if (Text[0] == '\0' || Text[0] == '-' || Text[0] == '+')
        return 0;
    errno = 0;
    v = strtoull(Text, &end, 0);
    return errno == 0 && *end == '\0' && v <= Max;
}

static int KmodeVerifierOption(int argc, char **argv, int *I, KMODE_VERIFIER_OPTIONS *V)
{
    if (strcmp(argv[*I], "--verifier") == 0) {
        V->Flags = "standard";
        return 1;
    }
    if (strncmp(argv[*I], "--verifier=", 11) == 0) {
        V->Flags = argv[*I] + 11;
        if (strcmp(V->Flags, "standard") != 0 && !KmodeIsNumber(V->Flags, 0xFFFFFFFFULL))
            KmodeUsageError("--verifier wants 'standard' or the verifier flags as a number, "
                            "not '%s'", V->Flags);
        return 1;
    }
    if (KmodeValueOption(argc, argv, I, "--verifier-drivers", &V->Drivers))
        return 1;
    if (KmodeValueOption(argc, argv, I, "--fault-seed", &V->Seed)) {
        if (!KmodeIsNumber(V->Seed, ~0ULL))
            KmodeUsageError("--fault-seed wants a number, not '%s'", V->Seed);
        return 1;
    }
    if (KmodeValueOption(argc, argv, I, "--fault-index", &V->Index)) {
        if (!KmodeIsNumber(V->Index, ~0ULL))
            KmodeUsageError("--fault-index wants a number, not '%s'", V->Index);
        return 1;
    }
    return 0;
}

static void KmodeApplyVerifierOptions(const KMODE_VERIFIER_OPTIONS *V)
{
    if ((V->Drivers || V->Seed || V->Index) && V->Flags == NULL)
        KmodeUsageError("--verifier-drivers, --fault-seed and --fault-index go with --verifier");
    if (V->Flags != NULL)
        setenv("KMODE_VERIFIER", V->Flags, 1);
    if (V->Drivers != NULL)
        setenv("KMODE_VERIFIER_DRIVERS", V->Drivers, 1);
    if (V->Seed != NULL)
        setenv("KMODE_FAULT_SEED", V->Seed, 1);
    if (V->Index != NULL)
        setenv("KMODE_FAULT_INDEX", V->Index, 1);
}

/* The drivers' paths for KMODE_RUN_DRIVERS and the app's path (kept reachable until exec). */
static char *KmodeDriverList;
static char *KmodeAppPath;

static int KmodeRun(int argc, char **argv)
{
    const char *cpus = NULL, *crashDump = NULL, *registrySave = NULL;
    char *registry = NULL;
    KMODE_VERIFIER_OPTIONS verifier = { NULL, NULL, NULL, NULL };
    int i = 0, firstDriver, driverCount, appIndex = -1;
    size_t listLen = 1;
    char *list, *app;

    /* Options, then drivers, then "--", then the app. */
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--cpus") == 0) {
            if (i + 1 >= argc)
                KmodeUsageError("--cpus needs a number of processors");
            cpus = argv[++i];
        } else if (strncmp(argv[i], "--cpus=", 7) == 0) {
            cpus = argv[i] + 7;
        } else if (KmodeVerifierOption(argc, argv, &i, &verifier)) {
            continue;
        } else if (strcmp(argv[i], "--crash-dump") == 0) {
            if (i + 1 >= argc || argv[i + 1][0] == '\0')
                KmodeUsageError("--crash-dump needs a file name");
            crashDump = argv[++i];
        } else if (strncmp(argv[i], "--crash-dump=", 13) == 0 && argv[i][13] != '\0') {
            crashDump = argv[i] + 13;
        } else if (strcmp(argv[i], "--registry") == 0 || strncmp(argv[i], "--registry=", 11) == 0) {
            /* Checked here so that a typo fails before the app starts. */
            const char *file = argv[i][10] == '=' ? argv[i] + 11 : (i + 1 < argc ? argv[++i] : NULL);
            char real[PATH_MAX], *joined;
            if (file == NULL)
                KmodeUsageError("--registry needs a .reg file");
            if (realpath(file, real) == NULL)
                KmodeUsageError("%s: %s", file, strerror(errno));
            if (strchr(real, ':') != NULL)
                KmodeUsageError("%s: a registry file path cannot hold ':'", file);
            if (asprintf(&joined, "%s%s%s", registry ? registry : "", registry ? ":" : "", real) < 0)
                KmodeUsageError("out of memory");
            free(registry);
            registry = joined;
        } else if (strcmp(argv[i], "--registry-save") == 0) {
            if (i + 1 >= argc)
                KmodeUsageError("--registry-save needs a file");
            registrySave = argv[++i];
        } else if (strncmp(argv[i], "--registry-save=", 16) == 0) {
            registrySave = argv[i] + 16;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(KmodeUsage, stdout);
            exit(0);
        } else if (strcmp(argv[i], "--") == 0 || argv[i][0] != '-') {
            break;
        } else {
            KmodeUsageError("unknown option '%s'", argv[i]);
        }
    }
    firstDriver = i;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            appIndex = i + 1;
            break;
        }
        if (argv[i][0] == '-')
            KmodeUsageError("options go before the drivers: '%s'", argv[i]);
    }
    driverCount = (appIndex < 0 ? i : appIndex - 1) - firstDriver;
    if (appIndex < 0)
        KmodeUsageError("missing '-- APP': kmode run DRIVER.sys... -- APP [ARGS]");
    if (appIndex >= argc)
        KmodeUsageError("missing APP after '--'");

    if (cpus != NULL) {
        char *end;
        long n;
        errno = 0;
        n = strtol(cpus, &end, 10);
        if (errno != 0 || end == cpus || *end != '\0' || n < 1 || n > 64)
            KmodeUsageError("--cpus wants a number from 1 to 64, not '%s'", cpus);
        setenv("KMODE_CPUS", cpus, 1);
    }
    KmodeApplyVerifierOptions(&verifier);
    /* The bugcheck path writes it (src/ke/bugcheck.c); the app keeps kmode's exit status
       188, as exec keeps the process. */
    if (crashDump != NULL)
        setenv("KMODE_CRASH_DUMP", crashDump, 1);

    if (registry != NULL)
        setenv("KMODE_REGISTRY", registry, 1);
    if (registrySave != NULL) {
        char real[PATH_MAX];
        /* Absolute, so the app's working directory does not matter. */
        if (registrySave[0] == '\0')
            KmodeUsageError("--registry-save needs a file");
        if (registrySave[0] != '/' && getcwd(real, sizeof real) != NULL) {
            char *abs;
            if (asprintf(&abs, "%s/%s", real, registrySave) < 0)
                KmodeUsageError("out of memory");
            registrySave = abs;
        }
        setenv("KMODE_REGISTRY_SAVE", registrySave, 1);
    }

    /* Drivers: each must exist; two with one service name would collide. */
    for (int d = 0; d < driverCount; d++) {
        const char *path = argv[firstDriver + d];
        struct stat st;
        char *name;
        if (stat(path, &st) != 0)
            KmodeUsageError("%s: %s", path, strerror(errno));
        if (!S_ISREG(st.st_mode))
            KmodeUsageError("%s: not a file", path);
        name = KmodeServiceName(path);
        for (int e = 0; e < d; e++) {
            char *other = KmodeServiceName(argv[firstDriver + e]);
            if (strcasecmp(other, name) == 0)
                KmodeUsageError("%s and %s would both be service '%s'", argv[firstDriver + e],
                                path, name);
            free(other);
        }
        free(name);
        listLen += PATH_MAX + 1;
    }
    list = KmodeDriverList = calloc(1, listLen);
    for (int d = 0; d < driverCount; d++) {
        char real[PATH_MAX];
        if (realpath(argv[firstDriver + d], real) == NULL)
            KmodeUsageError("%s: %s", argv[firstDriver + d], strerror(errno));
        if (d > 0)
            strcat(list, "\n");
        strcat(list, real);
    }

    app = KmodeAppPath = KmodeFindProgram(argv[appIndex]);
    if (app == NULL) {
        fprintf(stderr, "kmode: %s: command not found\n", argv[appIndex]);
        return 127;
    }
    if (driverCount > 0 && KmodeElfHasDynamicSymbol(app, "KmodeAppStart") == 0) {
        KmodeUsageError("%s was not built with kmode-cc (it does not start through "
                        "KmodeAppStart), so it cannot load the drivers", argv[appIndex]);
    }
    if (driverCount > 0)
        setenv(KMODE_RUN_DRIVERS_VARIABLE, list, 1);
    else
        unsetenv(KMODE_RUN_DRIVERS_VARIABLE);

    execv(app, &argv[appIndex]);
    fprintf(stderr, "kmode: cannot run %s: %s\n", argv[appIndex], strerror(errno));
    return errno == ENOENT ? 127 : 126;
}

/* ===== PUBLIC FUNCTIONS ================================================================= */

int main(int argc, char **argv)
{
    if (argc < 2)
        KmodeUsageError("missing command");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        fputs(KmodeUsage, stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("kmode %s\n", KMODE_VERSION);
        return 0;
    }
    if (strcmp(argv[1], "run") == 0)
        return KmodeRun(argc - 2, argv + 2);
    KmodeUsageError("unknown command '%s'", argv[1]);
}
