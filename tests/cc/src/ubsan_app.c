/* PURPOSE: toolchain test app: overflows a signed int, so -fsanitize=undefined reports it. */
#include <windows.h>
#include <stdio.h>
#include <limits.h>

int main(int argc, char **argv)
{
    volatile int big = INT_MAX;
    (void)argv;
    printf("sum=%d\n", big + argc);
    return 0;
}
