/*
 * PURPOSE: windef.h: in kmode's Win32 subset, the types, constants and access rights of
 * <windows.h>'s base part (win/base.h). Apps that include it directly get the same facts.
 */
#ifndef _KMODE_UM_WINDEF_H_
#define _KMODE_UM_WINDEF_H_

#include <win/base.h>

#endif
