/*
 * PURPOSE: ntifs.h: ntddk.h plus the file-system/IFS subset kmode implements.
 */
#ifndef _NTIFS_
#define _NTIFS_
/* As in the WDK: with ntifs.h, PEPROCESS/PETHREAD are the KPROCESS/KTHREAD pointer types. */
#define _NTIFS_INCLUDED_
#include <ntddk.h>
#include <wdm/ntifs_extra.h>
#endif
