/*
 * PURPOSE: kmode-cc internals shared by its source files: string vectors, paths, running
 * commands, the include shim (kcc_shim.c) and the program-entry wrapper (kcc_entry.c).
 */
#ifndef KMODE_KCC_H
#define KMODE_KCC_H

#include <stdbool.h>
#include <stddef.h>

/* ===== Utilities (kcc_util.c) ========================================================== */

/* A growable NULL-terminated vector of strings (owned copies). */
typedef struct {
    char **v;
    size_t n;
    size_t cap;
} STRVEC;

void *KccAlloc(size_t Bytes);
char *KccStrdup(const char *s);
char *KccFormat(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void KccPush(STRVEC *vec, const char *s);
void KccPushAll(STRVEC *vec, const STRVEC *other);
void KccFree(STRVEC *vec);
/* Splits a command such as "ccache gcc -m64" at blanks into vec. */
void KccSplitCommand(STRVEC *vec, const char *command);

bool KccFileExists(const char *path);
bool KccIsDirectory(const char *path);
/* Whole file as a NUL-terminated buffer (malloc'd); NULL when unreadable. */
char *KccReadFile(const char *path, size_t *size);
bool KccWriteFile(const char *path, const char *text);
/* "a/b" + "c" -> "a/b/c" (malloc'd). */
char *KccJoin(const char *dir, const char *name);
/* Directory part of path ("." when there is none), malloc'd. */
char *KccDirName(const char *path);
/* Last component of path (points into path). */
const char *KccBaseName(const char *path);
/* realpath() or a copy of path when it cannot be resolved. */
char *KccRealPath(const char *path);
/* Creates every missing directory of path (not the last component when parent_only). */
bool KccMakeDirs(const char *path, bool parent_only);

/* The invocation's private temporary directory, created on first use, removed at exit. */
const char *KccTempDir(void);

/* Prints "kmode-cc: error: ..." and exits with status 1. */
void KccFatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void KccWarn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
extern const char *KccProgramName;
extern bool KccVerbose;

/*
 * Runs argv and waits. With KCC_STDERR_FILTER, the child's stderr is read through a pipe and
 * lines that mention kmode-cc's temporary directory (the include-chain notes of generated
 * forwarding headers and entry wrappers) are dropped. Returns the exit status (128+signal
 * when killed, 127 when it could not be started).
 */
typedef enum {
    KCC_STDERR_INHERIT,
    KCC_STDERR_FILTER,
    KCC_STDERR_DISCARD,
} KCC_STDERR;
int KccRun(const STRVEC *argv, KCC_STDERR Stderr);
/* Runs argv and returns its standard output (malloc'd), or NULL when it fails. */
char *KccCapture(const STRVEC *argv);

/* Removes from a make-style dependency file every path under kmode-cc's temporary
   directory (generated forwarding headers and entry wrappers vanish after the build). */
void KccFixDependencyFile(const char *path);

/* ===== Include shim (kcc_shim.c) ======================================================= */

/* Where includes are searched, in the compiler's order. */
typedef struct {
    STRVEC Quote;     /* -iquote */
    STRVEC Bracket;   /* -I */
    STRVEC System;    /* kmode's mode directories, then -isystem / -idirafter */
} SEARCH_PATH;

/*
 * Scans Source and the non-system headers it reaches for #include directives whose name
 * only resolves with backslashes read as separators or with case ignored, and writes a
 * forwarding header for each under a new shim directory. Returns the directory to put
 * first on the search path (-I), or NULL when no name needs one.
 */
char *KccBuildIncludeShim(const char *Source, const SEARCH_PATH *Path);

/* ===== Program entry (kcc_entry.c) ===================================================== */

/* A tokenizer of preprocessed C/C++: identifiers, literals, numbers, single punctuation
   characters. Directive lines (#pragma, line markers) are skipped, or, with Directives,
   returned as one token each (from the '#' to the end of the line). */
typedef struct {
    const char *P;
    const char *Start;   /* current token */
    size_t Len;
    bool AtLineStart;
    bool Directives;
} KCC_LEXER;

/* Advances to the next token; FALSE at the end. Start with {.P = text, .AtLineStart = true}. */
bool KccLexNext(KCC_LEXER *lx);

typedef enum {
    ENTRY_NONE,
    ENTRY_MAIN,     /* main / _tmain without UNICODE */
    ENTRY_WMAIN,    /* wmain / _tmain with UNICODE */
} ENTRY_KIND;

typedef struct {
    ENTRY_KIND Kind;
    int Parameters;   /* 0..3: (), (argc), (argc, argv), (argc, argv, envp) */
} ENTRY_INFO;

/* The names main and wmain are compiled as (command-line -D in app mode). */
#define KCC_MAIN_NAME  "KmodeAppMain"
#define KCC_WMAIN_NAME "KmodeAppWMain"

/* Looks for the definition of KmodeAppMain / KmodeAppWMain in preprocessed text. */
ENTRY_INFO KccFindEntry(const char *Preprocessed);

/* Writes the wrapper translation unit for Source (its #include plus the generated entry
   header) into the temporary directory; returns the wrapper's path. */
char *KccWriteEntryWrapper(const char *Source, bool Cxx, ENTRY_INFO Entry);

/* ===== Pageable code (kcc_page.c) ==================================================== */

/* The functions `#pragma alloc_text` places in a section kmode knows (PAGE*, INIT). */
typedef struct {
    STRVEC Names;       /* function names */
    STRVEC Sections;    /* the section of each */
} ALLOC_TEXT;

/* The link script of every driver (-Wl,-T): PAGE* and INIT as page-aligned sections. */
extern const char KccDriverLinkScript[];

/* Collects the functions of preprocessed text that `#pragma alloc_text` names, and those
   defined while `#pragma code_seg` names a section kmode knows; *Clang is set when the text
   holds `#pragma kmode_cc_compiler clang` (the probe's marker). */
void KccFindAllocText(const char *Preprocessed, ALLOC_TEXT *List, bool *Clang);

/* Renames the sections of Object (compiled with -ffunction-sections) that hold the listed
   functions to their alloc_text sections, with objcopy. Returns objcopy's exit status. */
int KccPlaceAllocText(const char *Object, const ALLOC_TEXT *List, const STRVEC *Compiler);

void KccFreeAllocText(ALLOC_TEXT *List);

#endif
