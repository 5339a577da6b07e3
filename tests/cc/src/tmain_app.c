/* PURPOSE: toolchain test app: _tmain and TCHAR, ANSI unless UNICODE/_UNICODE. */
#include <windows.h>
#include <stdio.h>
#if __has_include(<tchar.h>)
#include <tchar.h>
#elif defined(_UNICODE)
typedef wchar_t TCHAR;
#define _tmain wmain
#else
typedef char TCHAR;
#define _tmain main
#endif

int _tmain(int argc, TCHAR *argv[])
{
    printf("tmain: sizeof(TCHAR)=%u first=%04X\n", (unsigned)sizeof(TCHAR),
           argc > 1 ? (unsigned)(argv[1][0] & (sizeof(TCHAR) == 1 ? 0xFF : 0xFFFF)) : 0u);
    return 0;
}
