/*
 * PURPOSE: Kernel C runtime: error numbers (Windows values) and errno_t.
 * There is no errno variable: kernel drivers have none, the secure functions return errno_t.
 */
#ifndef _KMODE_CRT_ERRNO_H_
#define _KMODE_CRT_ERRNO_H_
#include <crtdefs.h>
#endif
