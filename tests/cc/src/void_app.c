/* PURPOSE: toolchain test app: MSVC's void main with ULONG/PCHAR parameters, Windows-style
   includes (backslash, case: also of a C library header). Exit code 0, as with MSVC. */
#include <Windows.h>
#include <STDIO.H>
#include <Math.h>
#include "Inc\CC_Shared.h"

VOID __cdecl main(ULONG argc, PCHAR argv[])
{
    printf("void main: argc=%lu argv[1]=%s from %s (%d)\n", (unsigned long)argc,
           argc > 1 ? argv[1] : "(none)", CC_GREETING, isnan(0.0) ? 1 : 0);
    fflush(stdout);
}
