/*
 * PURPOSE: winbase.h: on Windows the Win32 base API that <windows.h> includes; in kmode's
 * subset, <windows.h> itself (its parts are split by area under win/).
 */
#ifndef _KMODE_UM_WINBASE_H_
#define _KMODE_UM_WINBASE_H_

#include <windows.h>

#endif
