/* PURPOSE: ntddk.h additions beyond wdm.h. */
#ifndef _KMODE_WDM_NTDDK_EXTRA_H_
#define _KMODE_WDM_NTDDK_EXTRA_H_
#endif
