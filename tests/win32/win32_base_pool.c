/*
 * PURPOSE: Runtime-mode helper of the Win32 base tests: an address in kmode's kernel range
 * (pool), which an app's call must never be allowed to use.
 */
#include <wdm.h>

void *win32_test_kernel_pointer(void)
{
    static void *Block;
    if (Block == NULL)
        Block = ExAllocatePool2(POOL_FLAG_NON_PAGED, 256, 'tW3K');
    return Block;
}
