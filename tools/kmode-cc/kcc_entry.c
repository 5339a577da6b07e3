/*
 * PURPOSE: The program entry of an app. Windows console sources declare
 * `VOID __cdecl main(ULONG argc, PCHAR argv[])`, `int wmain(int argc, wchar_t *argv[])` or
 * `_tmain`; gcc and clang want `int main(int, char **)`. In app mode every source is
 * compiled with main renamed KmodeAppMain (wmain KmodeAppWMain); the source that defines
 * one is compiled through a wrapper translation unit that includes it and then a generated
 * header defining the real `int main`, which calls the runtime's KmodeAppStart with a thunk
 * that calls the renamed function with the right arguments and turns a void result into 0
 * (as MSVC's C runtime does). See docs/toolchain.md.
 */

/* ===== INCLUDES ========================================================================= */

#include "kcc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ===== GLOBALS ========================================================================== */

static unsigned KccpWrapperCounter;

/* ===== PRIVATE FUNCTIONS ================================================================ */

typedef KCC_LEXER LEXER;

/* Advances to the next token of preprocessed C/C++ (line markers and directives skipped).
   FALSE at the end. */
static bool KccpNext(LEXER *lx)
{
    const char *p = lx->P;

    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\f' || *p == '\v' || *p == '\n') {
            if (*p == '\n')
                lx->AtLineStart = true;
            p++;
        }
        if (*p == '#' && lx->AtLineStart) {
            const char *start = p;
            while (*p != '\0' && *p != '\n')
                p++;
            if (lx->Directives) {
                lx->Start = start;
                lx->Len = (size_t)(p - start);
                lx->P = p;
                return true;
            }
            continue;
        }
        if (p[0] == '/' && p[1] == '/') {
            while (*p != '\0' && *p != '\n')
                p++;
            continue;
        }
        if (p[0] == '/' && p[1] == '*') {
            const char *e = strstr(p + 2, "*/");
            p = e ? e + 2 : p + strlen(p);
            continue;
        }
        break;
    }
    lx->AtLineStart = false;
    if (*p == '\0') {
        lx->P = p;
        return false;
    }
    lx->Start = p;
    if (isalpha((unsigned char)*p) || *p == '_' || *p == '$') {
        while (isalnum((unsigned char)*p) || *p == '_' || *p == '$')
            p++;
        /* A string or character literal prefix (L"", u8'', R"()") joins the literal. */
        if (*p != '"' && *p != '\'') {
            lx->Len = (size_t)(p - lx->Start);
            lx->P = p;
            return true;
        }
    }
    if (*p == '"' || *p == '\'') {
        char q = *p++;
        if (q == '"' && p - lx->Start >= 2 && p[-2] == 'R') {
            /* raw string: R"delim( ... )delim" */
            const char *open = strchr(p, '(');
            if (open != NULL) {
                char term[24];
                size_t dl = (size_t)(open - p);
                if (dl < sizeof(term) - 2) {
                    const char *e;
                    term[0] = ')';
                    memcpy(term + 1, p, dl);
                    term[dl + 1] = '"';
                    term[dl + 2] = '\0';
                    e = strstr(open, term);
                    p = e ? e + dl + 2 : p + strlen(p);
                    lx->Len = (size_t)(p - lx->Start);
                    lx->P = p;
                    return true;
                }
            }
        }
        while (*p != '\0' && *p != q && *p != '\n') {
            if (*p == '\\' && p[1] != '\0')
                p++;
            p++;
        }
        if (*p == q)
            p++;
        lx->Len = (size_t)(p - lx->Start);
        lx->P = p;
        return true;
    }
    if (isdigit((unsigned char)*p) || (*p == '.' && isdigit((unsigned char)p[1]))) {
        while (isalnum((unsigned char)*p) || *p == '.' || *p == '_' || *p == '\'' ||
               ((*p == '+' || *p == '-') && (p[-1] == 'e' || p[-1] == 'E' || p[-1] == 'p' ||
                                             p[-1] == 'P')))
            p++;
        lx->Len = (size_t)(p - lx->Start);
        lx->P = p;
        return true;
    }
    lx->Len = 1;
    lx->P = p + 1;
    return true;
}

static bool KccpIs(const LEXER *lx, const char *s)
{
    return lx->Len == strlen(s) && memcmp(lx->Start, s, lx->Len) == 0;
}

/* Skips a balanced parenthesized group; lx is on its '('. Leaves lx on the ')'. */
static bool KccpSkipGroup(LEXER *lx)
{
    int depth = 0;
    do {
        if (KccpIs(lx, "("))
            depth++;
        else if (KccpIs(lx, ")"))
            depth--;
        if (depth == 0)
            return true;
    } while (KccpNext(lx));
    return false;
}

/*
 * lx is on the name; checks for "( parameters )" followed by a function body and counts
 * the parameters. FALSE for a declaration or a call.
 */
static bool KccpParseDefinition(LEXER *lx, int *Parameters)
{
    int depth = 0, commas = 0, tokens = 0;
    bool onlyVoid = true;

    if (!KccpNext(lx) || !KccpIs(lx, "("))
        return false;
    depth = 1;
    while (KccpNext(lx)) {
        if (KccpIs(lx, "(") || KccpIs(lx, "[") || KccpIs(lx, "{")) {
            depth++;
        } else if (KccpIs(lx, ")") || KccpIs(lx, "]") || KccpIs(lx, "}")) {
            if (--depth == 0)
                break;
        } else if (depth == 1 && KccpIs(lx, ",")) {
            commas++;
        }
        if (depth >= 1) {
            tokens++;
            if (!KccpIs(lx, "void"))
                onlyVoid = false;
        }
    }
    if (depth != 0)
        return false;
    *Parameters = (tokens == 0 || onlyVoid) ? 0 : commas + 1;
    /* What may stand between the declarator and the body. */
    while (KccpNext(lx)) {
        if (KccpIs(lx, "{") || KccpIs(lx, "try"))
            return true;
        if (KccpIs(lx, "__attribute__") || KccpIs(lx, "__attribute") || KccpIs(lx, "throw") ||
            KccpIs(lx, "__asm__") || KccpIs(lx, "__asm") || KccpIs(lx, "noexcept") ||
            KccpIs(lx, "__declspec")) {
            LEXER save = *lx;
            if (KccpNext(lx) && KccpIs(lx, "(")) {
                if (!KccpSkipGroup(lx))
                    return false;
            } else {
                *lx = save;
            }
            continue;
        }
        return false;
    }
    return false;
}

/* ===== PUBLIC FUNCTIONS ================================================================= */

bool KccLexNext(KCC_LEXER *lx)
{
    return KccpNext(lx);
}

ENTRY_INFO KccFindEntry(const char *Preprocessed)
{
    LEXER lx = {Preprocessed, Preprocessed, 0, true, false};
    ENTRY_INFO found = {ENTRY_NONE, 0};
    bool prevMember = false;

    while (KccpNext(&lx)) {
        /* x.main(, p->main(, ns::main( are not the entry; "->" and "::" arrive as single
           characters, so '>' and ':' stand for them. */
        bool member = KccpIs(&lx, ".") || KccpIs(&lx, ">") || KccpIs(&lx, ":");
        if (!prevMember && (KccpIs(&lx, KCC_MAIN_NAME) || KccpIs(&lx, KCC_WMAIN_NAME))) {
            ENTRY_KIND kind = KccpIs(&lx, KCC_MAIN_NAME) ? ENTRY_MAIN : ENTRY_WMAIN;
            LEXER at = lx;
            int params;
            if (KccpParseDefinition(&lx, &params)) {
                /* Both defined: main wins, as the wrapper can call only one. */
                if (found.Kind == ENTRY_NONE || kind == ENTRY_MAIN) {
                    found.Kind = kind;
                    found.Parameters = params;
                }
            } else {
                lx = at;
            }
        }
        prevMember = member;
    }
    return found;
}

char *KccWriteEntryWrapper(const char *Source, bool Cxx, ENTRY_INFO Entry)
{
    const char *dir = KccTempDir();
    unsigned n = KccpWrapperCounter++;
    char *header = KccFormat("%s/kmode_entry%u.h", dir, n);
    char *wrapper = KccFormat("%s/kmode_entry%u.%s", dir, n, Cxx ? "cpp" : "c");
    char *absSource = KccRealPath(Source);
    const char *name = Entry.Kind == ENTRY_WMAIN ? KCC_WMAIN_NAME : KCC_MAIN_NAME;
    const char *charType = Entry.Kind == ENTRY_WMAIN ? (Cxx ? "wchar_t" : "__WCHAR_TYPE__") : "char";
    const char *allArgs[] = {"", "argc", "argc, argv", "argc, argv, envp"};
    char *call, *text;
    const char *startArgs = Entry.Kind == ENTRY_WMAIN ? "0, KmodepAppEntry" : "KmodepAppEntry, 0";

    if (Entry.Parameters < 0 || Entry.Parameters > 3)
        KccFatal("%s: main takes %d parameters; at most 3 (argc, argv, envp) are supported",
                 Source, Entry.Parameters);
    call = KccFormat("%s(%s)", name, allArgs[Entry.Parameters]);
    if (Cxx) {
        text = KccFormat(
            "/* kmode-cc: the program entry for %s (generated; docs/toolchain.md). */\n"
            "#pragma GCC system_header\n"
            "#undef main\n"
            "#undef wmain\n"
            "extern \"C\" int KmodeAppStart(int, char **, char **,\n"
            "                               int (*)(int, char **, char **),\n"
            "                               int (*)(int, wchar_t **, wchar_t **));\n"
            "template <typename R> struct KmodepAppResult {\n"
            "    template <typename F> static int Call(F f) { return (int)f(); }\n"
            "};\n"
            "template <> struct KmodepAppResult<void> {\n"
            "    template <typename F> static int Call(F f) { f(); return 0; }\n"
            "};\n"
            "static int KmodepAppEntry(int argc, %s **argv, %s **envp)\n"
            "{\n"
            "    (void)argc; (void)argv; (void)envp;\n"
            "    return KmodepAppResult<decltype(%s)>::Call([&]() { return %s; });\n"
            "}\n"
            "int main(int argc, char **argv, char **envp)\n"
            "{\n"
            "    return KmodeAppStart(argc, argv, envp, %s);\n"
            "}\n",
            absSource, charType, charType, call, call, startArgs);
    } else {
        text = KccFormat(
            "/* kmode-cc: the program entry for %s (generated; docs/toolchain.md). */\n"
            "#pragma GCC system_header\n"
            "#undef main\n"
            "#undef wmain\n"
            "int KmodeAppStart(int, char **, char **, int (*)(int, char **, char **),\n"
            "                  int (*)(int, __WCHAR_TYPE__ **, __WCHAR_TYPE__ **));\n"
            "static int KmodepAppEntry(int argc, %s **argv, %s **envp)\n"
            "{\n"
            "    (void)argc; (void)argv; (void)envp;\n"
            "    /* void main returns 0, as with MSVC's C runtime */\n"
            "    return __builtin_choose_expr(\n"
            "        __builtin_types_compatible_p(__typeof__(%s), void), (%s, 0), %s);\n"
            "}\n"
            "int main(int argc, char **argv, char **envp)\n"
            "{\n"
            "    return KmodeAppStart(argc, argv, envp, %s);\n"
            "}\n",
            absSource, charType, charType, call, call, call, startArgs);
    }
    if (!KccWriteFile(header, text))
        KccFatal("cannot write %s", header);
    free(text);
    text = KccFormat("#include \"%s\"\n#include \"%s\"\n", absSource, header);
    if (!KccWriteFile(wrapper, text))
        KccFatal("cannot write %s", wrapper);
    free(text);
    free(call);
    free(absSource);
    free(header);
    return wrapper;
}
