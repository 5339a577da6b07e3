/*
 * PURPOSE: ntifs.h: ntddk.h plus the file-system/IFS subset kmode implements.
 */
#ifndef _NTIFS_
#define _NTIFS_
#include <ntddk.h>
#include <wdm/ntifs_extra.h>
#endif
