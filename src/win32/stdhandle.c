/*
 * PURPOSE: Standard handles: GetStdHandle, SetStdHandle. The process starts with handles to
 * kmode's console device (\Device\ConDrv\Input, \Output, \Error: the Linux descriptors 0, 1
 * and 2, src/fs/condrv.c), opened on first use; they are ordinary handles of the process
 * table, so ReadFile / WriteFile / CloseHandle / GetFileType work on them as on any file.
 */

/* INCLUDES ******************************************************************************/

#include "fileiop.h"
#include <internal/fs.h>
#include <pthread.h>

/* GLOBALS *******************************************************************************/

static HANDLE BaseStdHandles[3];    /* input, output, error */
static pthread_once_t BaseStdOnce = PTHREAD_ONCE_INIT;

/* PRIVATE FUNCTIONS *********************************************************************/

static int BasepStdIndex(DWORD nStdHandle)
{
    switch (nStdHandle) {
    case STD_INPUT_HANDLE:  return 0;
    case STD_OUTPUT_HANDLE: return 1;
    case STD_ERROR_HANDLE:  return 2;
    default:                return -1;
    }
}

static void BasepOpenStdHandles(void)
{
    static const PCWSTR Names[] = { CONDRV_DEVICE_NAME L"\\Input", CONDRV_DEVICE_NAME L"\\Output",
                                    CONDRV_DEVICE_NAME L"\\Error" };

    for (int i = 0; i < 3; i++) {
        HANDLE Handle = NULL;
        if (NT_SUCCESS(BasepOpenConsole(Names[i], GENERIC_READ | GENERIC_WRITE, &Handle)))
            __atomic_store_n(&BaseStdHandles[i], Handle, __ATOMIC_RELEASE);
    }
}

/* PUBLIC FUNCTIONS **********************************************************************/

/*
 * GetStdHandle
 * @implemented
 * See include/um/win/file.h.
 */
HANDLE WINAPI GetStdHandle(DWORD nStdHandle)
{
    int Index = BasepStdIndex(nStdHandle);

    if (Index < 0) {
        SetLastError(ERROR_INVALID_HANDLE);
        return INVALID_HANDLE_VALUE;
    }
    pthread_once(&BaseStdOnce, BasepOpenStdHandles);
    return __atomic_load_n(&BaseStdHandles[Index], __ATOMIC_ACQUIRE);
}

/*
 * SetStdHandle
 * @implemented
 * See include/um/win/file.h.
 */
BOOL WINAPI SetStdHandle(DWORD nStdHandle, HANDLE hHandle)
{
    int Index = BasepStdIndex(nStdHandle);

    if (Index < 0) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    pthread_once(&BaseStdOnce, BasepOpenStdHandles);
    __atomic_store_n(&BaseStdHandles[Index], hHandle, __ATOMIC_RELEASE);
    return TRUE;
}
