/*
 * PURPOSE: Driver images on the host: a .sys built by kmode-cc --driver is an ELF shared
 * object, loaded with the dynamic loader. Its imports (DDIs) bind to the symbols the
 * process exports (libkmode.so, or a test program linked with -rdynamic); its own symbols
 * stay private to it (RTLD_LOCAL), so two drivers may both define DriverEntry.
 */

/* ===== INCLUDES ========================================================================= */

#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <internal/host.h>

/* ===== PRIVATE FUNCTIONS ================================================================ */

static void HostpSetDetail(char *Detail, SIZE_T DetailSize, const char *Text, SIZE_T Length)
{
    if (Detail == NULL || DetailSize == 0)
        return;
    if (Length >= DetailSize)
        Length = DetailSize - 1;
    memcpy(Detail, Text, Length);
    Detail[Length] = '\0';
}

/* Classifies the file from its first bytes before the dynamic loader sees it. */
static HOST_IMAGE_STATUS HostpCheckFile(const char *Path, char *Detail, SIZE_T DetailSize)
{
    struct stat st;
    Elf64_Ehdr eh;
    ssize_t got;
    int fd;

    if (stat(Path, &st) != 0)
        return errno == EACCES ? HostImageAccessDenied : HostImageNotFound;
    if (S_ISDIR(st.st_mode))
        return HostImageIsDirectory;
    fd = open(Path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == EACCES ? HostImageAccessDenied : HostImageNotFound;
    memset(&eh, 0, sizeof(eh));
    got = read(fd, &eh, sizeof(eh));
    close(fd);
    if (got >= 2 && eh.e_ident[0] == 'M' && eh.e_ident[1] == 'Z') {
        HostpSetDetail(Detail, DetailSize, "PE", 2);
        return HostImageNotElf;
    }
    if (got < (ssize_t)SELFMAG || memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0)
        return HostImageNotElf;
    if (got < (ssize_t)sizeof(eh) || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
        eh.e_machine != EM_X86_64 || eh.e_type != ET_DYN) {
        static const char text[] = "not an x86-64 ELF shared object";
        HostpSetDetail(Detail, DetailSize, text, sizeof(text) - 1);
        return HostImageBadFormat;
    }
    return HostImageLoaded;
}

typedef struct {
    ElfW(Addr) Bias;
    const char *Name;
    ElfW(Addr) Low, High;
    ElfW(Addr) CodeLow, CodeHigh;      /* the executable segment (0, 0: none) */
    BOOLEAN Found;
} HOSTP_SPAN;

static int HostpSpanCallback(struct dl_phdr_info *Info, size_t Size, void *Context)
{
    HOSTP_SPAN *span = Context;

    (void)Size;
    if (Info->dlpi_addr != span->Bias || Info->dlpi_name == NULL ||
        strcmp(Info->dlpi_name, span->Name) != 0)
        return 0;
    for (ElfW(Half) i = 0; i < Info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &Info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD)
            continue;
        if (!span->Found || ph->p_vaddr < span->Low)
            span->Low = ph->p_vaddr;
        if (!span->Found || ph->p_vaddr + ph->p_memsz > span->High)
            span->High = ph->p_vaddr + ph->p_memsz;
        if ((ph->p_flags & PF_X) && span->CodeHigh == 0) {
            span->CodeLow = ph->p_vaddr;
            span->CodeHigh = ph->p_vaddr + ph->p_memsz;
        }
        span->Found = TRUE;
    }
    return span->Found ? 1 : 0;
}

#define HOSTP_MAX_NEEDED 32

static BOOLEAN HostpSectionInFile(const Elf64_Shdr *Section, off_t FileSize)
{
    return Section->sh_offset <= (Elf64_Off)FileSize &&
           Section->sh_size <= (Elf64_Off)FileSize - Section->sh_offset;
}

/* A C++ name made readable with the C++ runtime's demangler (malloc'd), or NULL: from the
   process when it has the runtime, else from libstdc++ loaded for the purpose. */
static char *HostpDemangle(const char *Name)
{
    typedef char *(*DEMANGLE)(const char *, char *, size_t *, int *);
    static DEMANGLE demangle;
    static BOOLEAN lookedUp;
    int status = -1;
    char *out;

    if (Name[0] != '_' || Name[1] != 'Z')
        return NULL;
    if (!lookedUp) {
        void *fn = dlsym(RTLD_DEFAULT, "__cxa_demangle");
        if (fn == NULL) {
            void *lib = dlopen("libstdc++.so.6", RTLD_LAZY | RTLD_LOCAL);
            if (lib != NULL)
                fn = dlsym(lib, "__cxa_demangle");   /* kept loaded for later names */
        }
        demangle = (DEMANGLE)fn;
        lookedUp = TRUE;
    }
    if (demangle == NULL)
        return NULL;
    out = demangle(Name, NULL, NULL, &status);
    if (status != 0) {
        free(out);
        return NULL;
    }
    return out;
}

/* Finds the image's pageable sections (PAGE*, INIT) in the file's section headers: those
   kmode's driver link script made page-aligned and page-padded, executable, inside the
   executable segment. Others (a link without the script) stay resident. */
static VOID HostpFindSections(const char *Path, ElfW(Addr) Bias, HOST_IMAGE *Image, long Page)
{
    int fd = open(Path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    const unsigned char *map;
    const Elf64_Ehdr *eh;
    const Elf64_Shdr *sh, *names;
    ULONG_PTR codeLow = (ULONG_PTR)Image->CodeStart;
    ULONG_PTR codeHigh = codeLow + Image->CodeSize;

    Image->SectionCount = 0;
    if (fd < 0)
        return;
    if (fstat(fd, &st) != 0 || st.st_size < (off_t)sizeof(Elf64_Ehdr)) {
        close(fd);
        return;
    }
    map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return;
    eh = (const Elf64_Ehdr *)map;
    if (eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shoff > (Elf64_Off)st.st_size ||
        (Elf64_Off)eh->e_shnum * sizeof(Elf64_Shdr) > (Elf64_Off)st.st_size - eh->e_shoff ||
        eh->e_shstrndx >= eh->e_shnum)
        goto out;
    sh = (const Elf64_Shdr *)(map + eh->e_shoff);
    names = &sh[eh->e_shstrndx];
    if (!HostpSectionInFile(names, st.st_size))
        goto out;
    for (unsigned i = 0; i < eh->e_shnum && Image->SectionCount < HOST_IMAGE_MAX_SECTIONS; i++) {
        const char *name;
        ULONG_PTR start = Bias + sh[i].sh_addr;
        HOST_IMAGE_SECTION *section;
        if (sh[i].sh_type != SHT_PROGBITS || (sh[i].sh_flags & (SHF_ALLOC | SHF_EXECINSTR)) !=
            (SHF_ALLOC | SHF_EXECINSTR) || sh[i].sh_size == 0 || sh[i].sh_name >= names->sh_size)
            continue;
        name = (const char *)map + names->sh_offset + sh[i].sh_name;
        if (strnlen(name, names->sh_size - sh[i].sh_name) >= sizeof(section->Name) ||
            (strncmp(name, "PAGE", 4) != 0 && strcmp(name, "INIT") != 0))
            continue;
        if ((start | sh[i].sh_size) & (ULONG_PTR)(Page - 1) || start < codeLow ||
            start + sh[i].sh_size > codeHigh)
            continue;
        section = &Image->Sections[Image->SectionCount++];
        strcpy(section->Name, name);
        section->Start = (PVOID)start;
        section->Size = (SIZE_T)sh[i].sh_size;
    }
out:
    munmap((void *)map, (size_t)st.st_size);
}

/* ===== PUBLIC FUNCTIONS ================================================================= */

HOST_IMAGE_STATUS HostLoadImage(const char *Path, HOST_IMAGE *Image, char *Detail,
                                SIZE_T DetailSize)
{
    HOST_IMAGE_STATUS check;
    struct link_map *map = NULL;
    HOSTP_SPAN span;
    const char *err, *p;
    void *handle;
    long page = sysconf(_SC_PAGESIZE);

    HostpSetDetail(Detail, DetailSize, "", 0);
    check = HostpCheckFile(Path, Detail, DetailSize);
    if (check != HostImageLoaded)
        return check;

    dlerror();
    handle = dlopen(Path, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        err = dlerror();
        if (err == NULL)
            err = "unknown dynamic loader error";
        p = strstr(err, "undefined symbol: ");
        if (p != NULL) {
            /* "x.sys: undefined symbol: IoFooBar" (", version V" may follow) */
            p += strlen("undefined symbol: ");
            HostpSetDetail(Detail, DetailSize, p, strcspn(p, ", \n"));
            return HostImageMissingSymbol;
        }
        HostpSetDetail(Detail, DetailSize, err, strlen(err));
        if (strstr(err, "cannot open shared object file") != NULL)
            return HostImageMissingLibrary;
        if (strstr(err, "cannot dynamically load") != NULL || strstr(err, "ELF") != NULL)
            return HostImageBadFormat;
        return HostImageFailed;
    }

    /* The image's extent: its PT_LOAD segments, relative to the load bias. */
    if (dlinfo(handle, RTLD_DI_LINKMAP, &map) != 0 || map == NULL) {
        err = dlerror();
        HostpSetDetail(Detail, DetailSize, err ? err : "dlinfo", strlen(err ? err : "dlinfo"));
        dlclose(handle);
        return HostImageFailed;
    }
    memset(&span, 0, sizeof(span));
    span.Bias = map->l_addr;
    span.Name = map->l_name;
    dl_iterate_phdr(HostpSpanCallback, &span);
    if (!span.Found) {
        static const char text[] = "no loadable segments";
        HostpSetDetail(Detail, DetailSize, text, sizeof(text) - 1);
        dlclose(handle);
        return HostImageBadFormat;
    }
    {
        ElfW(Addr) low = (map->l_addr + span.Low) & ~(ElfW(Addr))(page - 1);
        ElfW(Addr) high = (map->l_addr + span.High + (ElfW(Addr))page - 1) &
                          ~(ElfW(Addr))(page - 1);
        Image->Handle = handle;
        Image->Base = (PVOID)low;
        Image->Size = (SIZE_T)(high - low);
        Image->CodeStart = NULL;
        Image->CodeSize = 0;
        if (span.CodeHigh != 0) {
            ElfW(Addr) codeLow = (map->l_addr + span.CodeLow) & ~(ElfW(Addr))(page - 1);
            ElfW(Addr) codeHigh = (map->l_addr + span.CodeHigh + (ElfW(Addr))page - 1) &
                                  ~(ElfW(Addr))(page - 1);
            Image->CodeStart = (PVOID)codeLow;
            Image->CodeSize = (SIZE_T)(codeHigh - codeLow);
        }
    }
    HostpFindSections(Path, map->l_addr, Image, page);
    return HostImageLoaded;
}

PVOID HostImageSymbol(const HOST_IMAGE *Image, const char *Name)
{
    void *p;

    dlerror();
    p = dlsym(Image->Handle, Name);
    /* dlsym also searches the libraries the image depends on: only its own count. */
    if (p == NULL || (ULONG_PTR)p < (ULONG_PTR)Image->Base ||
        (ULONG_PTR)p >= (ULONG_PTR)Image->Base + Image->Size)
        return NULL;
    return p;
}

ULONG HostImageMissingSymbols(const char *Path,
                              VOID (*Callback)(const char *Name, const char *Readable, PVOID Context),
                              PVOID Context)
{
    int fd = open(Path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    const unsigned char *map;
    const Elf64_Ehdr *eh;
    const Elf64_Shdr *sh;
    void *needed[HOSTP_MAX_NEEDED];
    ULONG neededCount = 0;
    ULONG count = 0;

    if (fd < 0)
        return 0;
    if (fstat(fd, &st) != 0 || st.st_size < (off_t)sizeof(Elf64_Ehdr)) {
        close(fd);
        return 0;
    }
    map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return 0;
    eh = (const Elf64_Ehdr *)map;
    if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
        eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shoff > (Elf64_Off)st.st_size ||
        (Elf64_Off)eh->e_shnum * sizeof(Elf64_Shdr) > (Elf64_Off)st.st_size - eh->e_shoff)
        goto out;
    sh = (const Elf64_Shdr *)(map + eh->e_shoff);

    /* The libraries the image needs (a C++ runtime, say) also define what it imports: the
       failed load unloaded them again, so look at them on their own. */
    for (unsigned i = 0; i < eh->e_shnum; i++) {
        const Elf64_Shdr *strtab;
        const Elf64_Dyn *dyn;
        if (sh[i].sh_type != SHT_DYNAMIC || sh[i].sh_link >= eh->e_shnum ||
            !HostpSectionInFile(&sh[i], st.st_size))
            continue;
        strtab = &sh[sh[i].sh_link];
        if (!HostpSectionInFile(strtab, st.st_size))
            continue;
        dyn = (const Elf64_Dyn *)(map + sh[i].sh_offset);
        for (Elf64_Xword d = 0; d < sh[i].sh_size / sizeof(Elf64_Dyn) && dyn[d].d_tag != DT_NULL;
             d++) {
            const char *lib;
            void *h;
            if (dyn[d].d_tag != DT_NEEDED || dyn[d].d_un.d_val >= strtab->sh_size ||
                neededCount == HOSTP_MAX_NEEDED)
                continue;
            lib = (const char *)map + strtab->sh_offset + dyn[d].d_un.d_val;
            if (memchr(lib, '\0', strtab->sh_size - dyn[d].d_un.d_val) == NULL)
                continue;
            h = dlopen(lib, RTLD_LAZY | RTLD_LOCAL);
            if (h != NULL)
                needed[neededCount++] = h;
        }
    }

    for (unsigned i = 0; i < eh->e_shnum; i++) {
        const Elf64_Shdr *strtab;
        const Elf64_Sym *syms;
        if (sh[i].sh_type != SHT_DYNSYM || sh[i].sh_link >= eh->e_shnum ||
            sh[i].sh_entsize != sizeof(Elf64_Sym) || !HostpSectionInFile(&sh[i], st.st_size))
            continue;
        strtab = &sh[sh[i].sh_link];
        if (!HostpSectionInFile(strtab, st.st_size) || strtab->sh_size == 0)
            continue;
        syms = (const Elf64_Sym *)(map + sh[i].sh_offset);
        for (Elf64_Xword s = 1; s < sh[i].sh_size / sizeof(Elf64_Sym); s++) {
            const char *name;
            BOOLEAN found;
            if (syms[s].st_shndx != SHN_UNDEF || ELF64_ST_BIND(syms[s].st_info) != STB_GLOBAL ||
                syms[s].st_name >= strtab->sh_size)
                continue;
            name = (const char *)map + strtab->sh_offset + syms[s].st_name;
            if (memchr(name, '\0', strtab->sh_size - syms[s].st_name) == NULL || name[0] == '\0')
                continue;
            found = dlsym(RTLD_DEFAULT, name) != NULL;
            for (ULONG n = 0; n < neededCount && !found; n++)
                found = dlsym(needed[n], name) != NULL;
            if (!found) {
                char *readable = HostpDemangle(name);
                count++;
                Callback(name, readable, Context);
                free(readable);
            }
        }
    }
    for (ULONG n = 0; n < neededCount; n++)
        dlclose(needed[n]);
out:
    munmap((void *)map, (size_t)st.st_size);
    return count;
}

VOID HostUnloadImage(HOST_IMAGE *Image)
{
    if (Image->Handle != NULL)
        dlclose(Image->Handle);
    Image->Handle = NULL;
}

VOID HostProtectImageCode(PVOID Address, SIZE_T Size, BOOLEAN Accessible)
{
    /* Code is mapped read + execute; inaccessible pages keep their contents. */
    (void)mprotect(Address, Size, Accessible ? PROT_READ | PROT_EXEC : PROT_NONE);
}
