/* PURPOSE: toolchain test app: int main(void); its result is the exit code. */
#include <windows.h>
#include <stdio.h>

int main(void)
{
    printf("int main\n");
    return 3;
}
