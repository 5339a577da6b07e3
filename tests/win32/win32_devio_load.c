/*
 * PURPOSE: Runtime-mode helper of the Win32 device I/O tests: loads the test driver
 * (win32_devio_drv.c) once, as the loader would, so the app-mode tests can open
 * \\.\W32DevioTest.
 */
#include <internal/io.h>
#include <pthread.h>
#include "win32_devio_drv.h"

NTSTATUS W32dtDriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath);

static pthread_mutex_t W32dtLoadLock = PTHREAD_MUTEX_INITIALIZER;
static PDRIVER_OBJECT W32dtDriver;

int w32dt_load(void)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\Driver\\W32DevioTest");
    NTSTATUS Status = STATUS_SUCCESS;

    pthread_mutex_lock(&W32dtLoadLock);
    if (W32dtDriver == NULL)
        Status = IopCreateDriver(&Name, W32dtDriverEntry, NULL, NULL, 0, NULL, &W32dtDriver);
    pthread_mutex_unlock(&W32dtLoadLock);
    return NT_SUCCESS(Status) ? 0 : (int)Status;
}
