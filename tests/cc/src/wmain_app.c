/* PURPOSE: toolchain test app: wmain gets UTF-16 arguments (and environment). */
#include <windows.h>
#include <stdio.h>

int __cdecl wmain(int argc, wchar_t *argv[], wchar_t *envp[])
{
    printf("wmain: argc=%d sizeof(wchar_t)=%u", argc, (unsigned)sizeof(wchar_t));
    for (int i = 1; i < argc; i++) {
        printf(" [");
        for (const wchar_t *p = argv[i]; *p; p++)
            printf("%s%04X", p == argv[i] ? "" : " ", (unsigned)*p);
        printf("]");
    }
    printf(" env=%s\n", envp != NULL && envp[0] != NULL ? "yes" : "no");
    return argc;
}
