/*
 * PURPOSE: Pageable driver code. `#pragma alloc_text(PAGE, Fn)` (or `#pragma code_seg("PAGE")`
 * before Fn's definition) puts Fn in the image's PAGE section on Windows, which Driver
 * Verifier's force IRQL checking pages out whenever a verified driver raises IRQL. gcc and
 * clang ignore the pragmas, so kmode-cc --driver does the placing: it reads the pragmas
 * (and, for code_seg, the function definitions that follow) from the preprocessed source,
 * compiles with -ffunction-sections, and renames each named function's section (.text.Fn,
 * and those of its clones and cold parts) to the pragma's section name. The driver's link script
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
            return;             /* the first placement stands */
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

/* ---- #pragma code_seg: the section of the functions defined after it ---------------- */

#define KCCP_SEG_DEPTH 16

typedef struct {
    char Id[64];        /* push's identifier ("": none) */
    char Saved[64];     /* the section in force when it was pushed */
} SEG_ENTRY;

typedef struct {
    char Current[64];   /* "": the default (.text) */
    SEG_ENTRY Stack[KCCP_SEG_DEPTH];
    int Depth;
} CODE_SEG;

/* Copies a NUL-terminated name, cut to Size - 1 characters. */
static void KccpCopyName(char *Dest, size_t Size, const char *Source)
{
    size_t n = strnlen(Source, Size - 1);
    memcpy(Dest, Source, n);
    Dest[n] = '\0';
}

/* MSVC's forms: code_seg("name"), code_seg() (back to .text), code_seg(push[, id][, "name"]),
   code_seg(pop[, id][, "name"]) (pop with an id pops up to the entry pushed with it). p is
   after the parenthesis. */
static void KccpParseCodeSeg(const char *p, const char *end, CODE_SEG *seg)
{
    char words[3][64];
    bool quoted[3] = {false, false, false};
    const char *name = NULL, *id = NULL;
    int n = 0;

    while (p < end && *p != ')' && n < 3) {
        size_t len = 0;
        p = KccpSkipSpaces(p);
        if (*p == '"') {
            quoted[n] = true;
            for (p++; p < end && *p != '"'; p++)
                if (len + 1 < sizeof(words[0]))
                    words[n][len++] = *p;
            if (p < end)
                p++;
        } else {
            for (; p < end && KccpIsIdentChar(*p); p++)
                if (len + 1 < sizeof(words[0]))
                    words[n][len++] = *p;
        }
        words[n][len] = '\0';
        if (len > 0 || quoted[n])
            n++;
        p = KccpSkipSpaces(p);
        if (*p != ',')
            break;
        p++;
    }
    for (int i = 0; i < n; i++) {
        if (quoted[i])
            name = words[i];
        else if (i > 0)
            id = words[i];
    }
    if (n > 0 && !quoted[0] && strcmp(words[0], "push") == 0) {
        if (seg->Depth < KCCP_SEG_DEPTH) {
            SEG_ENTRY *e = &seg->Stack[seg->Depth++];
            KccpCopyName(e->Id, sizeof(e->Id), id != NULL ? id : "");
            memcpy(e->Saved, seg->Current, sizeof(e->Saved));
        }
    } else if (n > 0 && !quoted[0] && strcmp(words[0], "pop") == 0) {
        while (seg->Depth > 0) {
            SEG_ENTRY *e = &seg->Stack[--seg->Depth];
            memcpy(seg->Current, e->Saved, sizeof(seg->Current));
            if (id == NULL || strcmp(e->Id, id) == 0)
                break;
        }
    } else if (name == NULL) {
        seg->Current[0] = '\0';                /* code_seg(): back to .text */
    }
    if (name != NULL)
        KccpCopyName(seg->Current, sizeof(seg->Current), name);
}

/* One directive line of preprocessed text. */
static void KccpDirective(const char *p, size_t len, ALLOC_TEXT *List, bool *Clang, CODE_SEG *seg)
{
    const char *end = p + len;

    p = KccpSkipSpaces(p + 1);
    if (strncmp(p, "pragma", 6) != 0 || KccpIsIdentChar(p[6]))
        return;
    p = KccpSkipSpaces(p + 6);
    if (strncmp(p, "kmode_cc_compiler clang", 23) == 0 && Clang != NULL)
        *Clang = true;
    if (strncmp(p, "alloc_text", 10) == 0 && !KccpIsIdentChar(p[10])) {
        p = KccpSkipSpaces(p + 10);
        if (*p == '(')
            KccpParsePragma(p + 1, List);
    } else if (strncmp(p, "code_seg", 8) == 0 && !KccpIsIdentChar(p[8])) {
        p = KccpSkipSpaces(p + 8);
        if (*p == '(')
            KccpParseCodeSeg(p + 1, end, seg);
    }
}

/* ---- Function definitions at file scope ---------------------------------------------- */

typedef struct {
    char Name[256];     /* the identifier before the declaration's first '(' */
    bool HaveName;
    bool SawEquals;     /* an initializer: not a function */
    bool LastClose;     /* the last significant token closed the parameters */
    bool SkipGroup;     /* the next '(' opens an attribute's arguments */
    bool Skipping;
    bool Transparent;   /* extern "C" / namespace: the '{' opens no body */
    bool AfterExtern;
    int Paren;
    char Prev[256];     /* the previous identifier */
} DECL;

static void KccpResetDecl(DECL *d)
{
    memset(d, 0, sizeof(*d));
}

static bool KccpTokenIs(const char *t, size_t len, const char *word)
{
    return len == strlen(word) && memcmp(t, word, len) == 0;
}

static void KccpDeclToken(DECL *d, const char *t, size_t len)
{
    static const char *const wrappers[] = {
        "__attribute__", "__attribute", "__declspec", "__asm__", "__asm", "asm", "_Alignas",
        "alignas", "__typeof__", "__typeof", "typeof", "decltype", "sizeof", "__pragma",
        "_Static_assert", "static_assert", "noexcept", "throw", NULL,
    };
    bool ident = isalpha((unsigned char)t[0]) || t[0] == '_' || t[0] == '$';

    if ((ident || t[0] == '"') && d->Paren > 0)
        return;                 /* parameters, attribute arguments */
    if (ident) {
        bool wrapper = false;
        for (size_t i = 0; wrappers[i] != NULL; i++)
            if (KccpTokenIs(t, len, wrappers[i]))
                wrapper = true;
        if (d->Paren == 0 && wrapper) {
            d->SkipGroup = true;
            return;             /* `) __attribute__((x)) {` is still a definition */
        }
        if (d->Paren == 0 && KccpTokenIs(t, len, "namespace"))
            d->Transparent = true;
        d->AfterExtern = KccpTokenIs(t, len, "extern");
        if (len < sizeof(d->Prev)) {
            memcpy(d->Prev, t, len);
            d->Prev[len] = '\0';
        }
        d->LastClose = false;
        return;
    }
    if (t[0] == '"') {
        if (d->AfterExtern && d->Paren == 0 && !d->HaveName)
            d->Transparent = true;  /* extern "C" { */
        d->AfterExtern = false;
        d->LastClose = false;
        return;
    }
    d->AfterExtern = false;
    if (len == 1 && t[0] == '(') {
        if (d->Paren == 0 && d->SkipGroup) {
            d->Skipping = true;
            d->Paren++;
            return;
        }
        if (d->Paren == 0) {
            if (!d->HaveName && d->Prev[0] != '\0') {
                memcpy(d->Name, d->Prev, sizeof(d->Name));
                d->HaveName = true;
            }
            d->LastClose = false;
        }
        d->Paren++;
        return;
    }
    if (len == 1 && t[0] == ')') {
        if (d->Paren > 0)
            d->Paren--;
        if (d->Paren == 0) {
            if (d->Skipping) {
                d->Skipping = false;
                d->SkipGroup = false;
            } else {
                d->LastClose = true;
            }
        }
        return;
    }
    if (d->Paren > 0)
        return;
    if (len == 1 && t[0] == ';') {
        KccpResetDecl(d);
        return;
    }
    if (len == 1 && t[0] == '=')
        d->SawEquals = true;
    d->LastClose = false;
}

/* ===== PUBLIC FUNCTIONS ================================================================= */

void KccFindAllocText(const char *Preprocessed, ALLOC_TEXT *List, bool *Clang)
{
    KCC_LEXER lx = {Preprocessed, Preprocessed, 0, true, true};
    CODE_SEG seg;
    DECL decl;
    int depth = 0, transparent = 0;

    memset(&seg, 0, sizeof(seg));
    KccpResetDecl(&decl);
    while (KccLexNext(&lx)) {
        if (lx.Start[0] == '#') {
            KccpDirective(lx.Start, lx.Len, List, Clang, &seg);
            continue;
        }
        if (depth > 0) {                        /* a body or a struct: only braces count */
            if (lx.Len == 1 && lx.Start[0] == '{')
                depth++;
            else if (lx.Len == 1 && lx.Start[0] == '}')
                depth--;
            continue;
        }
        if (lx.Len == 1 && lx.Start[0] == '}') {
            if (transparent > 0)
                transparent--;                  /* the end of extern "C" { or a namespace */
            KccpResetDecl(&decl);
            continue;
        }
        if (lx.Len == 1 && lx.Start[0] == '{' && decl.Paren == 0) {
            if (decl.Transparent) {
                transparent++;
            } else {
                /* A function definition: a name, then its parameters, then the body. */
                if (decl.HaveName && decl.LastClose && !decl.SawEquals &&
                    KccpKnownSection(seg.Current))
                    KccpAddPlacement(List, seg.Current, decl.Name);
                depth = 1;
            }
            KccpResetDecl(&decl);
            continue;
        }
        KccpDeclToken(&decl, lx.Start, lx.Len);
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
