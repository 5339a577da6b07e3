/* PURPOSE: wdm.h part: rtl_string. */
#ifndef _KMODE_WDM_RTL_STRING_H_
#define _KMODE_WDM_RTL_STRING_H_
#endif
