/* PURPOSE: Kernel C runtime: <memory.h> is <string.h>'s memory functions, as on Windows. */
#ifndef _KMODE_CRT_MEMORY_H_
#define _KMODE_CRT_MEMORY_H_
#include <string.h>
#endif
