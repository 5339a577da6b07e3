/*
 * PURPOSE: User-mode CRT: the program entry for apps whose entry point is wmain (_tmain under
 * _UNICODE). A weak main() converts the arguments and the environment from UTF-8 to UTF-16
 * and calls wmain, whether the app wrote it in C or in C++ (where it has a mangled name);
 * an app with its own main() never uses this one.
 */

/* INCLUDES ******************************************************************************/

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <internal/rtl.h>

/* GLOBALS *******************************************************************************/

typedef int (*KMP_WMAIN3)(int Argc, PWSTR *Argv, PWSTR *Envp);

/* The app's wmain, in the spellings C and C++ give it (wchar_t mangles as 'w'). */
extern int wmain(int Argc, PWSTR *Argv, PWSTR *Envp) __attribute__((weak));
extern int KmpWmainCpp2(int Argc, PWSTR *Argv) __asm__("_Z5wmainiPPw") __attribute__((weak));
extern int KmpWmainCpp3(int Argc, PWSTR *Argv, PWSTR *Envp) __asm__("_Z5wmainiPPwS0_") __attribute__((weak));

/* PRIVATE FUNCTIONS *********************************************************************/

/* A malloc'd NULL-terminated array of malloc'd UTF-16 copies (invalid UTF-8 becomes
   U+FFFD); NULL when out of memory. Lives as long as the process, as on Windows. */
static PWSTR *KmpWidenVector(int Count, char **Vector)
{
    PWSTR *out = calloc((size_t)Count + 1, sizeof(PWSTR));
    if (!out)
        return NULL;
    for (int i = 0; i < Count; i++) {
        ULONG length = (ULONG)strlen(Vector[i]), bytes = 0;
        out[i] = malloc(((size_t)length + 1) * sizeof(WCHAR));
        if (!out[i])
            return NULL;
        RtlUTF8ToUnicodeN(out[i], length * sizeof(WCHAR), &bytes, Vector[i], length);
        out[i][bytes / sizeof(WCHAR)] = 0;
    }
    return out;
}

/* The two-parameter C++ wmain, called with the same arguments minus the environment. */
static int KmpCallWmainCpp2(int Argc, PWSTR *Argv, PWSTR *Envp)
{
    (void)Envp;
    return KmpWmainCpp2(Argc, Argv);
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * Calls a wmain with the program's arguments and environment in UTF-16. Kept apart from
 * main() so that it can be tested.
 */
int KmCrtCallWideMain(int Argc, char **Argv, char **Envp, KMP_WMAIN3 WideMain)
{
    PWSTR *argv, *envp;
    int envc = 0;

    while (Envp && Envp[envc])
        envc++;
    argv = KmpWidenVector(Argc, Argv);
    envp = KmpWidenVector(envc, Envp);
    if (!argv || !envp) {
        fputs("kmode: out of memory converting the arguments for wmain\n", stderr);
        return 255;
    }
    return WideMain(Argc, argv, envp);
}

__attribute__((weak)) int main(int Argc, char **Argv, char **Envp)
{
    if (wmain)
        return KmCrtCallWideMain(Argc, Argv, Envp, wmain);
    if (KmpWmainCpp3)
        return KmCrtCallWideMain(Argc, Argv, Envp, KmpWmainCpp3);
    if (KmpWmainCpp2)
        return KmCrtCallWideMain(Argc, Argv, Envp, KmpCallWmainCpp2);
    fputs("kmode: the program defines neither main nor wmain\n", stderr);
    return 255;
}
