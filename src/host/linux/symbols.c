/*
 * PURPOSE: Address symbolization (elfutils libdw, Dwfl API) and stack capture for the
 * bugcheck report and breakpoint messages.
 *
 * One process-wide Dwfl describes the modules mapped in this process (from /proc/self/maps).
 * It is built on first use and reported again whenever an address falls in no known module:
 * drivers are dlopen'ed after start-up, and re-reporting keeps the modules already analysed.
 * Every string handed out is copied into a never-freed intern table, so it stays valid even
 * if its module is later unloaded (HOST_SYMBOL promises strings for the life of the process).
 * All of it is serialised by one mutex: libdw's Dwfl is not thread-safe.
 */

/* INCLUDES ******************************************************************************/

#include <dlfcn.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <execinfo.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <internal/host.h>

/* GLOBALS *******************************************************************************/

static pthread_mutex_t HostpSymbolLock = PTHREAD_MUTEX_INITIALIZER;
static Dwfl *HostpDwfl;
static pid_t HostpDwflPid;       /* the process the Dwfl was reported for (fork changes it) */

static char *HostpDebuginfoPath; /* NULL: libdw's default search path */
static const Dwfl_Callbacks HostpDwflCallbacks = {
    .find_elf = dwfl_linux_proc_find_elf,
    .find_debuginfo = dwfl_standard_find_debuginfo,
    .debuginfo_path = &HostpDebuginfoPath,
};

/* Interned strings: open hashing, grown by doubling; never freed. */
static char **HostpInternTable;
static SIZE_T HostpInternCapacity;
static SIZE_T HostpInternCount;

/* The C++ runtime's demangler, looked up only when a mangled name has to be printed: kmode
   does not link libstdc++ (a C process never loads it). NULL after a failed lookup. */
typedef char *(*HOSTP_DEMANGLE)(const char *MangledName, char *Buffer, size_t *Length, int *Status);
static HOSTP_DEMANGLE HostpDemangler;
static BOOLEAN HostpDemanglerLookedUp;

/* PRIVATE FUNCTIONS *********************************************************************/

static SIZE_T HostpHash(const char *String)
{
    SIZE_T h = 1469598103934665603ULL;  /* FNV-1a */
    for (; *String; String++)
        h = (h ^ (unsigned char)*String) * 1099511628211ULL;
    return h;
}

/* Returns a process-lifetime copy of String (NULL for NULL or when out of memory). */
static const char *HostpIntern(const char *String)
{
    SIZE_T i;

    if (!String)
        return NULL;
    if (HostpInternCount * 2 >= HostpInternCapacity) {
        SIZE_T newCapacity = HostpInternCapacity ? HostpInternCapacity * 2 : 256;
        char **newTable = calloc(newCapacity, sizeof *newTable);
        if (!newTable)
            return NULL;
        for (i = 0; i < HostpInternCapacity; i++) {
            if (HostpInternTable[i]) {
                SIZE_T j = HostpHash(HostpInternTable[i]) & (newCapacity - 1);
                while (newTable[j])
                    j = (j + 1) & (newCapacity - 1);
                newTable[j] = HostpInternTable[i];
            }
        }
        free(HostpInternTable);
        HostpInternTable = newTable;
        HostpInternCapacity = newCapacity;
    }
    for (i = HostpHash(String) & (HostpInternCapacity - 1); HostpInternTable[i];
         i = (i + 1) & (HostpInternCapacity - 1)) {
        if (strcmp(HostpInternTable[i], String) == 0)
            return HostpInternTable[i];
    }
    HostpInternTable[i] = strdup(String);
    if (!HostpInternTable[i])
        return NULL;
    HostpInternCount++;
    return HostpInternTable[i];
}

/* "foo" for /x/foo.sys, "libc" for /lib/libc.so.6: directory, version suffixes (".6") and one
   extension are dropped, the way a debugger names modules. */
static const char *HostpModuleBaseName(const char *Path)
{
    char name[256];
    const char *base;
    char *dot;
    SIZE_T len;

    if (!Path)
        return NULL;
    base = strrchr(Path, '/');
    base = base ? base + 1 : Path;
    len = strlen(base);
    if (len == 0 || len >= sizeof name)
        return HostpIntern(base);
    memcpy(name, base, len + 1);
    if (name[0] == '[')              /* "[vdso]" and friends stay as they are */
        return HostpIntern(name);
    for (;;) {
        dot = strrchr(name, '.');
        if (!dot || dot == name || !dot[1] || strspn(dot + 1, "0123456789") != strlen(dot + 1))
            break;
        *dot = 0;                     /* a numeric version component */
    }
    dot = strrchr(name, '.');
    if (dot && dot != name)
        *dot = 0;
    return HostpIntern(name);
}

/* (Re)reports the process's modules. Caller holds HostpSymbolLock. */
static BOOLEAN HostpReportModules(VOID)
{
    pid_t pid = getpid();

    if (HostpDwfl && HostpDwflPid != pid) {
        /* A forked child: same mappings, but a fresh report names the right /proc entry. */
        dwfl_end(HostpDwfl);
        HostpDwfl = NULL;
    }
    if (!HostpDwfl) {
        HostpDwfl = dwfl_begin(&HostpDwflCallbacks);
        if (!HostpDwfl)
            return FALSE;
        HostpDwflPid = pid;
    }
    dwfl_report_begin(HostpDwfl);
    if (dwfl_linux_proc_report(HostpDwfl, pid) != 0) {
        dwfl_report_end(HostpDwfl, NULL, NULL);
        return FALSE;
    }
    return dwfl_report_end(HostpDwfl, NULL, NULL) == 0;
}

typedef struct _HOSTP_MODULE_SEARCH {
    Dwarf_Addr Base;
    Dwfl_Module *Found;
} HOSTP_MODULE_SEARCH;

static int HostpMatchModuleBase(Dwfl_Module *Module, void **UserData, const char *Name,
                                Dwarf_Addr Start, void *Arg)
{
    HOSTP_MODULE_SEARCH *search = Arg;

    (void)UserData;
    (void)Name;
    if (Start != search->Base)
        return DWARF_CB_OK;
    search->Found = Module;
    return DWARF_CB_ABORT;
}

/* The reported module whose lowest address is Base, or NULL. */
static Dwfl_Module *HostpModuleAtBase(Dwarf_Addr Base)
{
    HOSTP_MODULE_SEARCH search = { Base, NULL };

    if (!HostpDwfl || HostpDwflPid != getpid())
        return NULL;
    dwfl_getmodules(HostpDwfl, HostpMatchModuleBase, &search, 0);
    return search.Found;
}

/*
 * The module holding Address, reporting modules again once if it is unknown (a library
 * dlopen'ed since the last report). Caller holds HostpSymbolLock.
 *
 * For anything the dynamic loader mapped, the loader itself says which object holds the
 * address (dladdr: its first mapping, which is where Dwfl starts the module): Dwfl's own
 * address lookup is not trusted alone, because the range it computes for a module from the
 * ELF headers can extend over a library mapped later right after it.
 */
static Dwfl_Module *HostpFindModule(Dwarf_Addr Address)
{
    Dwfl_Module *mod = NULL;
    Dl_info info;

    if (dladdr((void *)(ULONG_PTR)Address, &info) && info.dli_fbase) {
        Dwarf_Addr base = (Dwarf_Addr)(ULONG_PTR)info.dli_fbase;
        mod = HostpModuleAtBase(base);
        if (!mod && HostpReportModules())
            mod = HostpModuleAtBase(base);
        if (mod)
            return mod;
    }
    if (HostpDwfl && HostpDwflPid == getpid())
        mod = dwfl_addrmodule(HostpDwfl, Address);
    if (!mod && HostpReportModules())
        mod = dwfl_addrmodule(HostpDwfl, Address);
    return mod;
}

/*
 * Source file and line of Address in Module. dwfl_module_getsrc finds the compilation unit
 * through .debug_aranges, which clang does not emit by default; without it, scan the units
 * for the one whose ranges hold the address. Caller holds HostpSymbolLock.
 */
static const char *HostpSourceLine(Dwfl_Module *Module, Dwarf_Addr Address, int *Line)
{
    Dwfl_Line *line = dwfl_module_getsrc(Module, Address);
    Dwarf_Addr bias = 0;
    Dwarf *dwarf;
    Dwarf_CU *cu = NULL;
    Dwarf_Die cuDie;

    *Line = 0;
    if (line)
        return dwfl_lineinfo(line, NULL, Line, NULL, NULL, NULL);

    dwarf = dwfl_module_getdwarf(Module, &bias);
    if (!dwarf)
        return NULL;
    while (dwarf_get_units(dwarf, cu, &cu, NULL, NULL, &cuDie, NULL) == 0) {
        if (dwarf_haspc(&cuDie, Address - bias) == 1) {
            Dwarf_Line *dline = dwarf_getsrc_die(&cuDie, Address - bias);
            if (!dline || dwarf_lineno(dline, Line) != 0)
                return NULL;
            return dwarf_linesrc(dline, NULL, NULL);
        }
    }
    return NULL;
}

/* __cxa_demangle from the process if it has the C++ runtime, else from libstdc++ loaded on
   first need; raw names when neither exists. Caller holds HostpSymbolLock. */
static HOSTP_DEMANGLE HostpGetDemangler(VOID)
{
    if (!HostpDemanglerLookedUp) {
        void *fn = dlsym(RTLD_DEFAULT, "__cxa_demangle");
        if (!fn) {
            void *lib = dlopen("libstdc++.so.6", RTLD_LAZY | RTLD_LOCAL);
            if (lib)
                fn = dlsym(lib, "__cxa_demangle");   /* kept loaded for later names */
        }
        HostpDemangler = (HOSTP_DEMANGLE)fn;
        HostpDemanglerLookedUp = TRUE;
    }
    return HostpDemangler;
}

static const char *HostpDemangle(const char *Name)
{
    const char *result = Name;
    char unversioned[512];
    const char *at = Name ? strchr(Name, '@') : NULL;

    /* Dynamic symbols carry their version ("__libc_start_main@@GLIBC_2.34"): drop it. */
    if (at && at != Name && (SIZE_T)(at - Name) < sizeof unversioned) {
        memcpy(unversioned, Name, (SIZE_T)(at - Name));
        unversioned[at - Name] = 0;
        Name = result = unversioned;
    }

    if (Name && Name[0] == '_' && Name[1] == 'Z' && HostpGetDemangler()) {
        int status = -1;
        char *demangled = HostpDemangler(Name, NULL, NULL, &status);
        if (demangled && status == 0)
            result = demangled;
        result = HostpIntern(result);
        free(demangled);
        return result;
    }
    return HostpIntern(Name);
}

/* PUBLIC FUNCTIONS **********************************************************************/

BOOLEAN HostSymbolizeEx(PVOID Address, ULONG Flags, HOST_SYMBOL *Symbol)
{
    Dwarf_Addr addr = (Dwarf_Addr)(ULONG_PTR)Address;
    /* A return address points after the call; the call itself is one byte earlier. */
    Dwarf_Addr lookup = (Flags & HOST_SYMBOLIZE_RETURN_ADDRESS) && addr ? addr - 1 : addr;
    Dwfl_Module *mod;
    Dwarf_Addr start = 0;
    const char *modName;
    const char *symName;
    GElf_Off symOffset = 0;
    GElf_Sym sym;

    memset(Symbol, 0, sizeof *Symbol);
    if (!Address)
        return FALSE;

    pthread_mutex_lock(&HostpSymbolLock);
    mod = HostpFindModule(lookup);
    if (!mod) {
        pthread_mutex_unlock(&HostpSymbolLock);
        return FALSE;
    }

    modName = dwfl_module_info(mod, NULL, &start, NULL, NULL, NULL, NULL, NULL);
    Symbol->ModulePath = HostpIntern(modName);
    Symbol->ModuleName = HostpModuleBaseName(modName);
    Symbol->ModuleBase = (ULONG_PTR)start;
    Symbol->Offset = (ULONG_PTR)(addr - start);

    symName = dwfl_module_addrinfo(mod, lookup, &symOffset, &sym, NULL, NULL, NULL);
    if (symName) {
        Symbol->Function = HostpDemangle(symName);
        /* Offset of Address itself (not of the looked-up byte), as a debugger prints it. */
        Symbol->Offset = (ULONG_PTR)(symOffset + (addr - lookup));
    }

    {
        int lineNo = 0;
        const char *file = HostpSourceLine(mod, lookup, &lineNo);
        if (file) {
            Symbol->File = HostpIntern(file);
            Symbol->Line = lineNo;
        }
    }
    pthread_mutex_unlock(&HostpSymbolLock);
    return TRUE;
}

BOOLEAN HostSymbolize(PVOID Address, HOST_SYMBOL *Symbol)
{
    return HostSymbolizeEx(Address, 0, Symbol);
}

__attribute__((noinline)) ULONG HostCaptureStack(PVOID *Frames, ULONG MaxFrames, ULONG SkipFrames)
{
    void *tmp[128];
    void *callerPc = __builtin_return_address(0);
    int n = backtrace(tmp, 128);
    int first = 1;    /* tmp[0] is normally this function itself */
    ULONG out = 0;

    /* Start at our caller's frame, wherever it is: a sanitizer's backtrace interceptor
       adds frames of its own in front. */
    for (int i = 0; i < n; i++) {
        if (tmp[i] == callerPc) {
            first = i;
            break;
        }
    }
    for (int i = first + (int)SkipFrames; i < n && out < MaxFrames; i++)
        Frames[out++] = tmp[i];
    return out;
}
