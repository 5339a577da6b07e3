/* PURPOSE: wdm.h part: rtl_misc. */
#ifndef _KMODE_WDM_RTL_MISC_H_
#define _KMODE_WDM_RTL_MISC_H_
#endif
