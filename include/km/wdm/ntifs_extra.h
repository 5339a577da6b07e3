/* PURPOSE: ntifs.h additions beyond ntddk.h. */
#ifndef _KMODE_WDM_NTIFS_EXTRA_H_
#define _KMODE_WDM_NTIFS_EXTRA_H_
#endif
