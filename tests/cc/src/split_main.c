/* PURPOSE: toolchain test: main in its own object, linked later. */
#include <windows.h>
#include <stdio.h>

ULONG SplitTwice(ULONG Value);

VOID main(VOID)
{
    printf("split: %lu\n", (unsigned long)SplitTwice(21));
}
