/*
 * PURPOSE: KmodeAppStart: the start of a console app built by kmode-cc (include/kmode/app.h).
 * Prepares the process, loads the drivers `kmode run` names, calls the app's main or wmain,
 * unloads those drivers and returns the exit code.
 */

/* ===== INCLUDES ========================================================================= */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ntddk.h>
#include <kmode/app.h>

/* ===== PRIVATE FUNCTIONS ================================================================ */

/* A NULL-terminated UTF-16 copy of a NULL-terminated UTF-8 string vector (one block). */
static PWCHAR *KmpWidenVector(char **Vector, int *Count)
{
    SIZE_T n = 0, bytes;
    PWCHAR *wide;
    PWCHAR out;

    if (Vector != NULL)
        while (Vector[n] != NULL)
            n++;
    bytes = (n + 1) * sizeof(PWCHAR);
    for (SIZE_T i = 0; i < n; i++)
        bytes += (strlen(Vector[i]) + 1) * sizeof(WCHAR);   /* UTF-16 never needs more units */
    wide = malloc(bytes);
    if (wide == NULL)
        return NULL;
    out = (PWCHAR)(wide + n + 1);
    for (SIZE_T i = 0; i < n; i++) {
        ULONG len = (ULONG)strlen(Vector[i]);
        ULONG written = 0;
        /* Ill-formed UTF-8 becomes U+FFFD (STATUS_SOME_NOT_MAPPED is fine here). */
        RtlUTF8ToUnicodeN(out, len * (ULONG)sizeof(WCHAR), &written, Vector[i], len);
        wide[i] = out;
        out += written / sizeof(WCHAR);
        *out++ = L'\0';
    }
    wide[n] = NULL;
    if (Count != NULL)
        *Count = (int)n;
    return wide;
}

/* ===== PUBLIC FUNCTIONS ================================================================= */

/*
 * @implemented
 * Called by the main kmode-cc generates (PASSIVE_LEVEL, the process's first thread).
 * Returns the app's exit code, or KMODE_RUN_LOAD_FAILED when a driver of `kmode run` fails.
 */
int KmodeAppStart(int Argc, char **Argv, char **Envp, KMODE_APP_MAIN Main, KMODE_APP_WMAIN WMain)
{
    int rc;

    /* ---- The Win32 process: its start-up (standard handles, ...) belongs here. -------- */

    /* ---- The app ------------------------------------------------------------------------ */
    if (WMain != NULL) {
        PWCHAR *wargv = KmpWidenVector(Argv, NULL);
        PWCHAR *wenvp = KmpWidenVector(Envp, NULL);
        if (wargv == NULL || wenvp == NULL) {
            fprintf(stderr, "kmode: out of memory converting the arguments to UTF-16\n");
            free(wargv);
            free(wenvp);
            return 1;
        }
        rc = WMain(Argc, (KMODE_APP_WCHAR **)wargv, (KMODE_APP_WCHAR **)wenvp);
        free(wargv);
        free(wenvp);
    } else {
        rc = Main(Argc, Argv, Envp);
    }
    return rc;
}
