/*
 * PURPOSE: Debugging support for apps: OutputDebugStringA/W, IsDebuggerPresent,
 * DebugBreak.
 *
 * On Windows, with no debugger attached, debug output goes to the kernel's debug print
 * path; kmode writes it to standard error, where DbgPrint output goes too, so an app's and
 * its driver's messages interleave in one stream. Wide strings are written as UTF-8.
 */

/* INCLUDES ******************************************************************************/

#include <string.h>
#include <internal/win32.h>
#include <internal/host.h>

/* PUBLIC FUNCTIONS **********************************************************************/

/* @implemented: see win/base.h. NULL writes nothing. */
VOID WINAPI OutputDebugStringA(LPCSTR lpOutputString)
{
    if (lpOutputString != NULL)
        HostWriteStderr(lpOutputString, strlen(lpOutputString));
}

/* @implemented */
VOID WINAPI OutputDebugStringW(LPCWSTR lpOutputString)
{
    char Buffer[512];
    SIZE_T Length = 0;

    if (lpOutputString == NULL)
        return;
    while (lpOutputString[Length])
        Length++;
    /* In pieces; a piece boundary never splits a surrogate pair. */
    while (Length > 0) {
        SIZE_T Chunk = Length > 120 ? 120 : Length;
        ULONG Bytes = 0;
        if (Chunk < Length && lpOutputString[Chunk - 1] >= 0xD800 && lpOutputString[Chunk - 1] < 0xDC00)
            Chunk--;
        RtlUnicodeToUTF8N(Buffer, sizeof(Buffer), &Bytes, lpOutputString,
                          (ULONG)(Chunk * sizeof(WCHAR)));
        HostWriteStderr(Buffer, Bytes);
        lpOutputString += Chunk;
        Length -= Chunk;
    }
}

/* @implemented */
BOOL WINAPI IsDebuggerPresent(VOID)
{
    return HostDebuggerPresent();
}

/* @implemented */
VOID WINAPI DebugBreak(VOID)
{
    DbgBreakPoint();
}
