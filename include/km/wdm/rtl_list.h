/* PURPOSE: wdm.h part: rtl_list. */
#ifndef _KMODE_WDM_RTL_LIST_H_
#define _KMODE_WDM_RTL_LIST_H_
#endif
