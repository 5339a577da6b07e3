/* PURPOSE: toolchain test: the second source of a two-file driver. */
#include <ntddk.h>

ULONG TwoHelper(VOID);

ULONG TwoHelper(VOID)
{
    return 1234;
}
