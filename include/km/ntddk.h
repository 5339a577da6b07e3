/*
 * PURPOSE: ntddk.h: everything in wdm.h plus the non-WDM kernel interface drivers use.
 */
#ifndef _NTDDK_
#define _NTDDK_
#include <wdm.h>
#include <wdm/ntddk_extra.h>
#endif
