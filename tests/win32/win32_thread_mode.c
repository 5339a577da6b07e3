/*
 * PURPOSE: Runtime-mode helper of the Win32 thread tests: what the kernel sees of the
 * calling thread (its previous mode, whether it is a system thread).
 */
#include <wdm.h>

int win32_test_previous_mode(void)
{
    return ExGetPreviousMode();
}

int win32_test_is_system_thread(void)
{
    return PsIsSystemThread(PsGetCurrentThread());
}
