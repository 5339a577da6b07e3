/*
 * PURPOSE: Pageable driver code. `#pragma alloc_text(PAGE, Fn)` puts Fn in the image's PAGE
 * section on Windows, which Driver Verifier's force IRQL checking pages out whenever a
 * verified driver raises IRQL. gcc and clang ignore the pragma, so kmode-cc --driver does
 * the placing: it reads the pragmas from the preprocessed source, compiles with
 * -ffunction-sections, and renames each named function's section (.text.Fn, and those of
 * its clones and cold parts) to the pragma's section name. The driver's link script
 * (KccDriverLinkScript, cmake/kmode-driver.ld) gathers PAGE* and INIT into page-aligned,
 * page-padded output sections, which the loader finds by name. See docs/toolchain.md.
 */

/* ===== INCLUDES ========================================================================= */

#include "kcc.h"

#include <ctype.h>
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ===== GLOBALS ========================================================================== */

/* Written next to each driver link (-Wl,-T); cmake/kmode-driver.ld holds the same text. */
const char KccDriverLinkScript[] =
    "/* kmode driver link script (kmode-cc --driver). gcc and clang call __cxa_pure_virtual\n"
    "   where MSVC calls _purecall, which a C++ driver defines itself. */\n"
    "PROVIDE(__cxa_pure_virtual = _purecall);\n"
    "/* #pragma alloc_text sections (kmode-cc renames the functions' sections): pageable\n"
    "   code (PAGE*) and INIT, each page-aligned and page-padded so that kmode can page it\n"
    "   out on its own. */\n"
    "SECTIONS\n"
    "{\n"
    "  PAGE ALIGN(0x1000) : { *(PAGE) *(PAGE*) . = ALIGN(0x1000); }\n"
    "  INIT ALIGN(0x1000) : { *(INIT) . = ALIGN(0x1000); }\n"
    "}\n"
    "INSERT AFTER .text;\n";

/* ===== PRIVATE FUNCTIONS ================================================================ */

static bool KccpIsIdentChar(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '$';
}

static const char *KccpSkipSpaces(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* Inside a pragma's parentheses: blanks, line breaks and line continuations. */
static const char *KccpSkipBlanks(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '\\')
        p++;
    return p;
}

/* The sections kmode gives a meaning to: pageable code (PAGE, PAGExxxx) and INIT. */
static bool KccpKnownSection(const char *Name)
{
    return strncmp(Name, "PAGE", 4) == 0 || strcmp(Name, "INIT") == 0;
}

static void KccpAddPlacement(ALLOC_TEXT *List, const char *Section, const char *Name)
{
    for (size_t i = 0; i < List->Names.n; i++)
        if (strcmp(List->Names.v[i], Name) == 0)
            return;             /* MSVC: the first pragma naming a function places it */
    KccPush(&List->Names, Name);
    KccPush(&List->Sections, Section);
}

/* Parses the argument list of one `#pragma alloc_text(` (p after the parenthesis). */
static void KccpParsePragma(const char *p, ALLOC_TEXT *List)
{
    char section[64], name[256];
    size_t n = 0;
    bool quoted;

    p = KccpSkipBlanks(p);
    quoted = *p == '"';
    if (quoted)
        p++;
    while (KccpIsIdentChar(*p) || *p == '.') {
        if (n + 1 < sizeof(section))
            section[n++] = *p;
        p++;
    }
    section[n] = '\0';
    if (quoted && *p == '"')
        p++;
    if (n == 0 || !KccpKnownSection(section))
        return;
    for (;;) {
        p = KccpSkipBlanks(p);
        if (*p != ',')
            return;
        p = KccpSkipBlanks(p + 1);
        n = 0;
        while (KccpIsIdentChar(*p)) {
            if (n + 1 < sizeof(name))
                name[n++] = *p;
            p++;
        }
        name[n] = '\0';
        if (n == 0)
            return;
        KccpAddPlacement(List, section, name);
    }
}

/* The function a section of -ffunction-sections code belongs to: ".text.Fn",
   ".text.Fn.constprop.0" (a clone), ".text.unlikely.Fn" (a cold part) and the like. */
static bool KccpSectionOfFunction(const char *Section, const char *Function)
{
    static const char *const prefixes[] = {"unlikely.", "hot.", "startup.", "exit.", "split.", NULL};
    size_t fl = strlen(Function);
    const char *rest;

    if (strncmp(Section, ".text.", 6) != 0)
        return false;
    rest = Section + 6;
    if (strncmp(rest, Function, fl) == 0 && (rest[fl] == '\0' || rest[fl] == '.'))
        return true;
    for (size_t i = 0; prefixes[i] != NULL; i++) {
        size_t pl = strlen(prefixes[i]);
        if (strncmp(rest, prefixes[i], pl) == 0 && strncmp(rest + pl, Function, fl) == 0 &&
            (rest[pl + fl] == '\0' || rest[pl + fl] == '.'))
            return true;
    }
    return false;
}

/* objcopy: KMODE_OBJCOPY, else the one the compiler would use. */
static void KccpObjcopy(STRVEC *cmd, const STRVEC *Compiler)
{
    const char *env = getenv("KMODE_OBJCOPY");
    STRVEC ask = {0};
    char *out;

    if (env != NULL && env[0] != '\0') {
        KccSplitCommand(cmd, env);
        return;
    }
    KccPushAll(&ask, Compiler);
    KccPush(&ask, "-print-prog-name=objcopy");
    out = KccCapture(&ask);
    KccFree(&ask);
    if (out != NULL) {
        char *nl = strchr(out, '\n');
        if (nl != NULL)
            *nl = '\0';
    }
    KccPush(cmd, out != NULL && out[0] != '\0' ? out : "objcopy");
    free(out);
}

/* ===== PUBLIC FUNCTIONS ================================================================= */

void KccFindAllocText(const char *Preprocessed, ALLOC_TEXT *List, bool *Clang)
{
    const char *p = Preprocessed;
    bool lineStart = true;

    for (; *p != '\0'; p++) {
        if (*p == '\n') {
            lineStart = true;
            continue;
        }
        if (!lineStart || *p == ' ' || *p == '\t')
            continue;
        lineStart = false;
        if (*p != '#')
            continue;
        p = KccpSkipSpaces(p + 1);
        if (strncmp(p, "pragma", 6) != 0 || KccpIsIdentChar(p[6])) {
            p--;
            continue;
        }
        p = KccpSkipSpaces(p + 6);
        if (strncmp(p, "kmode_cc_compiler clang", 23) == 0 && Clang != NULL)
            *Clang = true;
        if (strncmp(p, "alloc_text", 10) != 0 || KccpIsIdentChar(p[10]))
            continue;
        p = KccpSkipSpaces(p + 10);
        if (*p == '(')
            KccpParsePragma(p + 1, List);
        p--;                    /* the loop's p++ lands on what follows */
    }
}

int KccPlaceAllocText(const char *Object, const ALLOC_TEXT *List, const STRVEC *Compiler)
{
    size_t size;
    char *image = KccReadFile(Object, &size);
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)image;
    const Elf64_Shdr *sh, *names;
    STRVEC cmd = {0};
    size_t renames = 0;
    int status = 0;

    if (image == NULL)
        KccFatal("cannot read %s", Object);
    if (size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
        eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_type != ET_REL ||
        eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shoff > size ||
        (size_t)eh->e_shnum * sizeof(Elf64_Shdr) > size - eh->e_shoff ||
        eh->e_shstrndx >= eh->e_shnum) {
        free(image);
        KccWarn("%s: not an ELF object: #pragma alloc_text not applied", Object);
        return 0;
    }
    sh = (const Elf64_Shdr *)(image + eh->e_shoff);
    names = &sh[eh->e_shstrndx];
    if (names->sh_offset > size || names->sh_size > size - names->sh_offset) {
        free(image);
        return 0;
    }
    KccpObjcopy(&cmd, Compiler);
    for (unsigned i = 0; i < eh->e_shnum; i++) {
        const char *name;
        if (sh[i].sh_type != SHT_PROGBITS || !(sh[i].sh_flags & SHF_EXECINSTR) ||
            sh[i].sh_name >= names->sh_size)
            continue;
        name = image + names->sh_offset + sh[i].sh_name;
        if (memchr(name, '\0', names->sh_size - sh[i].sh_name) == NULL)
            continue;
        for (size_t f = 0; f < List->Names.n; f++) {
            if (KccpSectionOfFunction(name, List->Names.v[f])) {
                char *arg = KccFormat("%s=%s", name, List->Sections.v[f]);
                KccPush(&cmd, "--rename-section");
                KccPush(&cmd, arg);
                free(arg);
                renames++;
                break;
            }
        }
    }
    if (renames > 0) {
        KccPush(&cmd, Object);
        status = KccRun(&cmd, KCC_STDERR_INHERIT);
    }
    KccFree(&cmd);
    free(image);
    return status;
}

void KccFreeAllocText(ALLOC_TEXT *List)
{
    KccFree(&List->Names);
    KccFree(&List->Sections);
}
