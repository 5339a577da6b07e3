/* PURPOSE: wdm.h part: rtl_status. */
#ifndef _KMODE_WDM_RTL_STATUS_H_
#define _KMODE_WDM_RTL_STATUS_H_
#endif
